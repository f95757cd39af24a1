"""Shared test helpers: a fresh copy of the fixture record per test, and ways to run the tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "record"
# The MkDocs hook lives beside the package, in scripts/.
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture record laid out like the repository (``data/`` under a root)."""
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    return tmp_path


def edit(project: Path, relative: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in one fixture file, failing loudly if the text is not there."""
    path = project / relative
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {relative}"
    path.write_text(content.replace(old, new, count), encoding="utf-8")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    return subprocess.run(
        [sys.executable, "-m", "apecrecord", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def site_config(project: Path, **extra: str) -> Path:
    """An mkdocs.yml for ``project`` that uses the repository's docs, hook and theme settings."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("  - scripts/mkdocs_hooks.py", f"  - {ROOT / 'scripts' / 'mkdocs_hooks.py'}")
    text = text.replace("  - scripts/apecrecord", f"  - {ROOT / 'scripts' / 'apecrecord'}")
    for key, value in extra.items():
        text += f"\n{key}: {value}\n"
    config = project / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build_site(project: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` for ``project`` into ``project/site``."""
    config = site_config(project, **extra)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1761955200")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(project / "site"),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
