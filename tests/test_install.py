"""scripts/install.py: each foreseeable setup failure is one line saying what to install.

Each test runs the script from a copy in a temporary project, so that it sets up (or fails to set
up) that project's .venv, never the repository's.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "install.py", tmp_path / "scripts" / "install.py")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def fake_python(folder: Path, version: str, has_venv: bool = True) -> Path:
    """A stand-in interpreter that reports ``version`` and may lack the venv module."""
    folder.mkdir(exist_ok=True)
    path = folder / "python3"
    venv = 'case "$2" in *ensurepip*) exit 1;; esac\n' if not has_venv else ""
    path.write_text(f'#!/bin/sh\n{venv}echo "{version}"\n', encoding="utf-8")
    path.chmod(0o755)
    return path


def run(project: Path, group: str = "site", **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHON"}
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "install.py"), group, ".venv/.installed"],
        cwd=project,
        env=dict(base, **env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_no_python_3_11(project: Path) -> None:
    old = fake_python(project / "bin", "3 9")
    result = run(project, PYTHON=str(old))
    assert result.returncode == 1
    hint = "brew install python@3.11" if sys.platform == "darwin" else "on Debian or Ubuntu: sudo apt-get install"
    assert (
        result.stderr
        == f"make: Python 3.11 or newer is needed ({old} is Python 3.9); {hint}"
        + ("" if sys.platform == "darwin" else " python3.11 python3.11-venv")
        + "\n"
    )
    assert not (project / ".venv").exists()


def test_no_venv_module(project: Path) -> None:
    python = fake_python(project / "bin", "3 11", has_venv=False)
    result = run(project, PYTHON=str(python))
    assert result.returncode == 1
    assert result.stdout == "setting up .venv (first run only, a minute or two): the Python packages the site needs\n"
    assert result.stderr == (
        f"make: {python} has no venv module (or no ensurepip) to create .venv; "
        "on Debian or Ubuntu: sudo apt-get install python3.11-venv\n"
    )
    assert not (project / ".venv").exists()


def test_no_network_for_pip(project: Path) -> None:
    """An index nobody answers (a closed port on this machine), and no pip configuration or cache."""
    result = run(
        project,
        PYTHON=sys.executable,
        PIP_CONFIG_FILE=os.devnull,
        PIP_INDEX_URL="http://127.0.0.1:9/simple",
        PIP_RETRIES="1",
        PIP_NO_CACHE_DIR="1",
    )
    assert result.returncode == 1
    assert result.stderr == (
        "make: pip could not reach the package index: connect to the network (or set PIP_INDEX_URL to a "
        "reachable mirror) and run the command again; pip's output is in .venv/pip.log\n"
    )
    assert "Traceback" not in result.stdout
    # The venv is kept for the next try; without the stamp, make will try again.
    assert (project / ".venv" / "bin" / "python").exists()
    assert not (project / ".venv" / ".installed").exists()
    assert "127.0.0.1:9" in (project / ".venv" / "pip.log").read_text(encoding="utf-8")


def test_a_venv_that_no_longer_runs_is_named_and_kept(project: Path) -> None:
    broken = project / ".venv" / "bin" / "python"
    broken.parent.mkdir(parents=True)
    broken.write_text("#!/bin/sh\nexit 127\n", encoding="utf-8")
    broken.chmod(0o755)
    result = run(project)
    assert result.returncode == 1
    assert result.stderr == (
        "make: .venv/bin/python does not run: move .venv aside (mv .venv .venv.old) and run the command again\n"
    )
    assert broken.read_text(encoding="utf-8") == "#!/bin/sh\nexit 127\n"


def test_an_unknown_group_is_a_usage_line(project: Path) -> None:
    result = run(project, "docs")
    assert result.returncode == 2
    assert result.stderr == "usage: install.py site|test|dev STAMP\n"


@pytest.mark.parametrize("script", ["install.py", "doctor.py", "serve.py"])
def test_the_setup_scripts_parse_as_python_3_8(script: str) -> None:
    """make may start them with an old python3: they must get as far as saying what to install."""
    source = (ROOT / "scripts" / script).read_text(encoding="utf-8")
    ast.parse(source, filename=script, feature_version=(3, 8))


def test_no_python3_at_all(project: Path, tmp_path: Path) -> None:
    """make itself says so when PATH holds no python3 to run the setup script with."""
    bin_dir = tmp_path / "bin-without-python"
    bin_dir.mkdir()
    for tool in ("sh", "make"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    result = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(project), "site"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == "make: Python 3.11 or newer is needed (no python3 on PATH)"
    assert not (project / ".venv").exists()
