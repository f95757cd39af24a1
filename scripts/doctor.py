"""`make doctor`: what each command needs, and whether this machine has it.

For the person whose setup fails. Each line is ``ok`` (present), ``to do`` (make installs it on the
first run of the command) or ``fix`` (missing: the line says how to install it). The exit status is
1 when any line says ``fix``. make runs this with whatever ``python3`` it finds, so, like
install.py, it keeps to what Python 3.8 understands.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import install
import serve

ROOT = install.ROOT
AXE = ROOT / "node_modules" / "axe-core" / "package.json"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_HINT = (
    "install it (Debian, Ubuntu: sudo apt-get install chromium), or point the tests at a Chromium or "
    "Chrome you have: CHROMIUM=/path/to/chrome make test"
)
#: Run by .venv's Python: the requirements of one pyproject.toml group that are not installed as pinned.
UNMET = """
import sys, tomllib
from importlib.metadata import PackageNotFoundError, version
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
group = sys.argv[2]
wanted = project["dependencies"] if group == "site" else project["optional-dependencies"][group]
for requirement in wanted:
    name, _, pinned = requirement.partition("==")
    try:
        found = version(name.strip())
    except PackageNotFoundError:
        found = None
    if found != pinned.strip():
        print(requirement)
"""


class Report:
    """Lines grouped under the commands they serve; remembers whether anything needs fixing."""

    def __init__(self) -> None:
        self.needs_fixing = False

    def heading(self, text: str) -> None:
        print(text)

    def line(self, status: str, text: str) -> None:
        self.needs_fixing = self.needs_fixing or status == "fix"
        print(f"  {status:<7} {text}")


def run(command: list[str]) -> str | None:
    """The first line a command prints, or None when it cannot run or fails."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return (result.stdout.strip().splitlines() or [""])[0]


def unmet(group: str) -> list[str] | None:
    """The pins of ``group`` .venv lacks, or None when there is no usable .venv."""
    if install.python_version(str(install.VENV_PYTHON)) is None:
        return None
    result = subprocess.run(
        [str(install.VENV_PYTHON), "-c", UNMET, str(ROOT / "pyproject.toml"), group],
        stdout=subprocess.PIPE,
        text=True,
    )
    return result.stdout.split() if result.returncode == 0 else None


def check_packages(report: Report, group: str, command: str) -> bool:
    """One line for a group of pinned packages; True when make still has to install some."""
    what = install.GROUPS[group][1]
    missing = unmet(group)
    if missing == []:
        report.line("ok", f"{what}, as pinned in pyproject.toml")
        return False
    report.line("to do", f"{what}: {command} installs them into .venv")
    return True


def check_python(report: Report) -> None:
    """A working .venv, or else a Python 3.11+ with the venv module to make one."""
    if install.VENV_PYTHON.exists():
        try:
            install.check_venv()
        except install.SetupError as error:
            report.line("fix", str(error))
        else:
            report.line("ok", ".venv: Python {}.{}".format(*install.python_version(str(install.VENV_PYTHON))))
        return
    python, seen = install.find_python()
    if python is None:
        report.line("fix", f"Python 3.11 or newer ({seen}): {install.install_python_hint()}")
        return
    version = install.python_version(python)
    report.line("ok", f"Python {version[0]}.{version[1]}: {python}")
    if run([python, "-c", "import venv, ensurepip"]) is None:
        hint = "on Debian or Ubuntu: sudo apt-get install python{}.{}-venv".format(*version)
        report.line("fix", f"Python's venv module, to create .venv: {hint}")
    else:
        report.line("to do", ".venv: the first command creates it")


def check_index(report: Report) -> None:
    """Whether pip reaches its package index, asked of pip itself so that its settings apply."""
    python = str(install.VENV_PYTHON) if install.has_pip() else install.find_python()[0]
    if python is None or run([python, "-m", "pip", "--version"]) is None:
        report.line("to do", "the package index: not checked (no pip yet)")
        return
    options = ["--disable-pip-version-check", "--retries", "0", "--timeout", "10"]
    answer = run([python, "-m", "pip", "index", "versions", "mkdocs", *options])
    if answer is None:
        report.line("fix", "the package index is out of reach: connect to the network, or set PIP_INDEX_URL")
    else:
        report.line("ok", "the package index answers pip")


def check_port(report: Report, address: str) -> None:
    try:
        serve.check_free(address)
    except serve.AddressError as error:
        report.line("fix", f"make serve: {error}")
    else:
        report.line("ok", f"{address} is free for make serve")


def find_chromium() -> str | None:
    """The browser tests/test_browser.py will use: $CHROMIUM, else the first of BROWSERS on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), *BROWSERS):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def check_browser_tools(report: Report) -> None:
    node, npm = run(["node", "--version"]), run(["npm", "--version"])
    if node and npm:
        report.line("ok", f"Node.js {node} and npm {npm}")
    else:
        absent = " and ".join(name for name, found in (("Node.js", node), ("npm", npm)) if not found)
        report.line("fix", f"{absent}, for axe-core: on Debian or Ubuntu: sudo apt-get install nodejs npm")
    if AXE.is_file():
        report.line("ok", "axe-core in node_modules")
    else:
        report.line("to do", "axe-core: make test runs npm ci to install it")
    chromium = find_chromium()
    if chromium:
        report.line("ok", f"Chromium: {chromium}")
    else:
        report.line("fix", f"Chromium, for the browser tests: {CHROMIUM_HINT}")


def main(argv: list[str]) -> int:
    address = argv[0] if argv else serve.DEFAULT
    report = Report()
    report.heading("make serve, make site, make check, make coverage, make stats, make new-*")
    if shutil.which("make"):
        report.line("ok", "make")
    else:
        report.line("fix", "make: on Debian or Ubuntu: sudo apt-get install make")
    check_python(report)
    to_install = check_packages(report, "site", "the first of these commands")
    check_port(report, address)
    report.heading("make test")
    to_install = check_packages(report, "test", "make test") or to_install
    check_browser_tools(report)
    report.heading("make lint, make format")
    to_install = check_packages(report, "dev", "make lint") or to_install
    if to_install:
        report.heading("installing")
        check_index(report)
    return 1 if report.needs_fixing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
