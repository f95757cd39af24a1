"""Set up .venv for a make target: say what is happening, install one group, fail in one line.

make runs this with whatever ``python3`` it finds (``python3 scripts/install.py GROUP STAMP``), so
that a Python too old for the project still gets a sentence saying what to install rather than a
syntax error. It therefore keeps to what Python 3.8 understands; everything it installs needs 3.11.

The groups are the ones pinned in pyproject.toml: ``site`` (the project's dependencies: what
``make serve`` and ``make site`` need) and the ``test`` and ``dev`` extras. make passes the stamp
file it compares with pyproject.toml; it is touched only after pip succeeds, so a failed or
interrupted install is simply retried by the next command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
PIP_LOG = VENV / "pip.log"
MINIMUM = (3, 11)
#: Interpreters tried in order when $PYTHON does not name one: 3.11 (as CI) first, then the default.
CANDIDATES = ("python3.11", "python3", "python3.12", "python3.13", "python3.14")
#: What pip installs for each group, and how it is named on screen.
GROUPS = {
    "site": (".", "the Python packages the site needs"),
    "test": (".[test]", "the test tools (pytest, Hypothesis, Playwright, Frictionless)"),
    "dev": (".[dev]", "ruff, for make lint and make format"),
}
#: Roughly how long each group takes to install the first time, on a 2-core machine with pip's
#: download cache warm: measured by scripts/time_setup.py (bench/setup-times.json).
ROUGHLY = {"site": "a minute or two", "test": "about two minutes", "dev": "under a minute"}
#: Words in pip's output that mean the package index could not be reached at all.
NETWORK_SIGNS = (
    "Failed to establish a new connection",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Connection refused",
    "Network is unreachable",
    "ConnectTimeoutError",
    "Read timed out",
    "ProxyError",
    "Could not fetch URL",
)


class SetupError(Exception):
    """A setup failure the person can fix; its message is the one line they see."""


def python_version(executable: str) -> tuple[int, int] | None:
    """The (major, minor) version of an interpreter, or None when it does not run."""
    try:
        result = subprocess.run(
            [executable, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    parts = result.stdout.split()
    if result.returncode != 0 or len(parts) != 2 or not all(part.isdigit() for part in parts):
        return None
    return int(parts[0]), int(parts[1])


def find_python() -> tuple[str | None, str]:
    """The first Python 3.11+ that runs ($PYTHON if set, else of CANDIDATES), and what else was seen."""
    wanted = os.environ.get("PYTHON", "").strip()
    candidates = (wanted,) if wanted else CANDIDATES
    seen = []
    for name in candidates:
        path = shutil.which(name)
        if not path:
            continue
        version = python_version(path)
        if version and version >= MINIMUM:
            return path, ""
        seen.append("{} is Python {}".format(path, ".".join(map(str, version)) if version else "that does not run"))
    return None, "; ".join(seen) or (f"{wanted} not found" if wanted else "no python3 on PATH")


def install_python_hint() -> str:
    if sys.platform == "darwin":
        return "brew install python@3.11"
    return "on Debian or Ubuntu: sudo apt-get install python3.11 python3.11-venv"


def create_venv(python: str) -> None:
    """Create .venv with ``python``; on failure or interruption remove it again if this call made it."""
    version = python_version(python) or MINIMUM
    hint = "on Debian or Ubuntu: sudo apt-get install python{}.{}-venv".format(*version)
    check = subprocess.run([python, "-c", "import venv, ensurepip"], stderr=subprocess.DEVNULL)
    if check.returncode != 0:
        raise SetupError(f"{python} has no venv module (or no ensurepip) to create .venv; {hint}")
    made_here = not VENV.exists()
    try:
        result = subprocess.run(
            [python, "-m", "venv", str(VENV)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        if result.returncode != 0 or not has_pip():
            last = (result.stdout.strip().splitlines() or ["no message"])[-1]
            raise SetupError(f"{python} could not create .venv ({last.strip()}); {hint}")
    except BaseException:
        if made_here:
            shutil.rmtree(str(VENV), ignore_errors=True)
        raise


def has_pip() -> bool:
    """Whether .venv's Python runs and has pip (a venv interrupted while being made has not)."""
    try:
        result = subprocess.run(
            [str(VENV_PYTHON), "-m", "pip", "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError:
        return False
    return result.returncode == 0


def check_venv() -> None:
    """An existing .venv must run Python 3.11+; one made by an older or removed Python cannot be used."""
    version = python_version(str(VENV_PYTHON))
    if version is None or version < MINIMUM or not has_pip():
        if version is None:
            state = "does not run"
        elif version < MINIMUM:
            state = "is Python {}.{}".format(*version)
        else:
            state = "has no pip"
        raise SetupError(f".venv/bin/python {state}: move .venv aside (mv .venv .venv.old) and run the command again")


def run_pip(requirement: str) -> None:
    """pip-install ``requirement`` into .venv, keeping its whole output in .venv/pip.log."""
    command = [str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-e", requirement]
    show_progress = sys.stdout.isatty()
    with open(str(PIP_LOG), "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            log.write(line)
            if show_progress and line.startswith(("Collecting", "Downloading", "Installing", "Building")):
                # pip's own progress, condensed to one line that is rewritten in place.
                print("\r\033[K  " + line.strip()[:100], end="", flush=True)
        returncode = process.wait()
    if show_progress:
        print("\r\033[K", end="", flush=True)
    if returncode == 0:
        return
    output = PIP_LOG.read_text(encoding="utf-8")
    if any(sign in output for sign in NETWORK_SIGNS):
        raise SetupError(
            "pip could not reach the package index: connect to the network (or set PIP_INDEX_URL to a "
            "reachable mirror) and run the command again; pip's output is in .venv/pip.log"
        )
    for line in output.splitlines():
        if line.startswith("ERROR"):
            print(line, file=sys.stderr)
    raise SetupError(f"pip could not install {requirement}; its whole output is in .venv/pip.log")


def install(group: str, stamp: Path) -> None:
    requirement, what = GROUPS[group]
    started = time.monotonic()
    if not VENV_PYTHON.exists():
        python, seen = find_python()
        if python is None:
            raise SetupError(f"Python 3.11 or newer is needed ({seen}); {install_python_hint()}")
        print(f"setting up .venv (first run only, {ROUGHLY[group]}): {what}", flush=True)
        create_venv(python)
    else:
        check_venv()
        if stamp.exists():
            print("updating .venv: pyproject.toml changed", flush=True)
        else:
            print(f"installing {what} into .venv (first time only, {ROUGHLY[group]})", flush=True)
    run_pip(requirement)
    stamp.touch()
    print(f".venv ready ({time.monotonic() - started:.0f} s)", flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in GROUPS:
        print("usage: install.py {} STAMP".format("|".join(GROUPS)), file=sys.stderr)
        return 2
    try:
        install(argv[0], Path(argv[1]))
    except SetupError as error:
        print(f"make: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("make: setup interrupted; the next command picks it up again", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
