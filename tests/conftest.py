"""Shared test helpers: a fresh copy of the fixture record per test, and ways to run the tools."""

from __future__ import annotations

import os
import shutil
import socket
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: The port the browser tests serve the real site on. The site is built with this address as its
#: site_url, as a deployed site is, so it has its sitemap (which Material's instant navigation
#: reads) and absolute addresses.
SITE_PORT = _free_port()
SITE_URL = f"http://127.0.0.1:{SITE_PORT}/"


def _built(tmp_path_factory: pytest.TempPathFactory, data: Path, name: str, **overrides: str) -> Path:
    project = tmp_path_factory.mktemp(name)
    shutil.copytree(data, project / "data")
    result = build_site(project, **overrides)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the fixture record (read-only for tests)."""
    return _built(tmp_path_factory, FIXTURE / "data", "fixture-site")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the real record in data/, addressed at ``SITE_URL`` (read-only for tests)."""
    return _built(tmp_path_factory, ROOT / "data", "real-site", site_url=SITE_URL)


@pytest.fixture(scope="session")
def fixture_record():
    """The fixture record, loaded and checked once (read-only for tests)."""
    from apecrecord.check import check_data

    return check_data(FIXTURE / "data")[0]


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


def build_site(project: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    """Build ``project/data`` with the repository's mkdocs.yml into ``project/site``, strictly.

    ``overrides`` are MkDocs settings (such as ``repo_url``) applied on top of mkdocs.yml.
    """
    env = dict(
        os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1761955200", APECRECORD_DATA=str(project / "data")
    )
    env.pop("SITE_URL", None)  # the site's address comes only from ``overrides`` in tests
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "-d",
        str(project / "site"),
    ]
    if overrides:
        command = [
            sys.executable,
            "-c",
            _BUILD_WITH_OVERRIDES,
            str(ROOT / "mkdocs.yml"),
            str(project / "site"),
            repr(overrides),
        ]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


_BUILD_WITH_OVERRIDES = """
import ast, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=True, **ast.literal_eval(sys.argv[3])))
"""


# The Chromium install command, worded once for make doctor and for the banner below.
from doctor import CHROMIUM_HINT  # noqa: E402


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say loudly when the browser tests did not run, so a green run is never mistaken for them."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons = {str(report.longrepr[2]) for report in skipped if "BROWSER TESTS SKIPPED" in str(report.longrepr)}
    if reasons:
        line = "!" * 78
        terminalreporter.write_line(line, red=True, bold=True)
        for reason in sorted(reasons):
            terminalreporter.write_line(f"!! {reason.removeprefix('Skipped: ')}", red=True, bold=True)
        terminalreporter.write_line(
            "!! the end-to-end browser tests did NOT run; CI (CI=true) treats this as a failure", red=True, bold=True
        )
        if any("Chromium" in reason for reason in reasons):
            terminalreporter.write_line(f"!! to run them, {CHROMIUM_HINT}", red=True, bold=True)
        terminalreporter.write_line("!! make doctor lists what else is missing", red=True, bold=True)
        terminalreporter.write_line(line, red=True, bold=True)
