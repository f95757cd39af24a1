"""The README tells the truth: its commands run as written, on a fresh copy of the project.

The copy holds what a fresh clone holds (every file git tracks or would track, so work in progress
counts too) and no .venv, so `make serve` really sets everything up: the test sees what a newcomer
sees. Commands not run, and why:

- `make test`, with or without CHROMIUM=: it is the command running this test (CI runs it through
  .ci/run); the CHROMIUM variable it documents is checked against the browser tests instead.
- `sudo apt-get install ...`: it changes the machine; it is checked to name what .ci/run installs.

`make serve` runs on a free port given in ADDR rather than on 8000, which others may be using on
a shared machine; that 8000 is the default is checked against the Makefile.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTED = [
    "make serve",
    "make test",
    "sudo apt-get install chromium nodejs npm",
    "CHROMIUM=/path/to/chrome make test",
    "make serve ADDR=127.0.0.1:8001",
    "make doctor",
]
#: Distributions of the test and dev extras, which make serve and make site must not install.
TEST_AND_DEV_TOOLS = {"pytest", "hypothesis", "playwright", "frictionless", "ruff"}
#: A first install under load on a 2-core machine; generous, so only a hang fails.
SETUP_TIMEOUT = 900


def readme_commands() -> list[str]:
    """Every line of every fenced block in the README, unindented, in order."""
    blocks = re.findall(r"^( *)```\n(.*?)^\1```", README, re.S | re.M)
    return [line for _, block in blocks for line in textwrap.dedent(block).splitlines() if line.strip()]


def free_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def environment(**extra: str) -> dict[str, str]:
    """This machine's environment, less what the running make and .venv would pass down."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "VIRTUAL_ENV"}}
    return dict(env, **extra)


class Server:
    """`make serve` running in the background, its output collected line by line."""

    def __init__(self, clone: Path, line: str, **env: str) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            line.split(),
            cwd=clone,
            env=environment(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_until_serving(self, timeout: float) -> bool:
        """True once mkdocs says it serves; False if make ends first or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "Serving on" in self.output:
                return True
            if self.process.poll() is not None:
                self.reader.join(5)
                return "Serving on" in self.output
            time.sleep(0.5)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.reader.join(5)


def installed(clone: Path) -> set[str]:
    """Names of the distributions in the copy's .venv."""
    result = subprocess.run(
        [
            str(clone / ".venv" / "bin" / "python"),
            "-c",
            "import importlib.metadata as m\nprint('\\n'.join(d.metadata['Name'].lower() for d in m.distributions()))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project as a fresh clone has it: tracked and untracked files, nothing ignored."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    target = tmp_path_factory.mktemp("fresh") / "apec"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def first_serve(clone: Path) -> Iterator[tuple[Server, str]]:
    """The README's first command on the fresh copy, left serving for the tests that follow."""
    address = free_address()
    server = Server(clone, "make serve", ADDR=address)
    serving = server.wait_until_serving(SETUP_TIMEOUT)
    try:
        assert serving, server.output
        yield server, address
    finally:
        server.stop()


def test_the_readme_commands_are_the_ones_this_file_covers() -> None:
    assert readme_commands() == DOCUMENTED


def test_first_make_serve_sets_up_then_serves(first_serve: tuple[Server, str], clone: Path) -> None:
    server, address = first_serve
    output = server.output
    assert output.startswith("setting up .venv (first run only, a minute or two)"), output
    assert re.search(r"^\.venv ready \(\d+ s\)$", output, re.M), output
    assert f"the site will be at http://{address}/" in output
    with urllib.request.urlopen(f"http://{address}/", timeout=60) as response:
        assert response.status == 200
        assert "APEC 2025 Statements" in response.read().decode("utf-8")


def test_the_install_prints_no_deprecation_warning(first_serve: tuple[Server, str], clone: Path) -> None:
    server, _ = first_serve
    pip_log = (clone / ".venv" / "pip.log").read_text(encoding="utf-8")
    assert "Successfully installed" in pip_log
    for output in (server.output, pip_log):
        assert "deprecat" not in output.lower(), output
        assert "Traceback" not in output


def test_make_serve_installs_only_what_the_site_needs(first_serve: tuple[Server, str], clone: Path) -> None:
    present = installed(clone)
    assert {"mkdocs", "mkdocs-material", "apecrecord"} <= present
    assert not present & TEST_AND_DEV_TOOLS


def test_a_taken_port_is_one_line_naming_it(first_serve: tuple[Server, str], clone: Path) -> None:
    _, address = first_serve
    result = subprocess.run(
        ["make", "serve", f"ADDR={address}"], cwd=clone, env=environment(), capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "setting up" not in result.stdout and "installing" not in result.stdout, "a later run stays quiet"
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make: ***")]
    assert ours == [f"make serve: {address} is already in use; choose another address: make serve ADDR=127.0.0.1:8001"]


def test_make_serve_with_the_documented_address(first_serve: tuple[Server, str], clone: Path) -> None:
    """As written: it serves on 8001, or, if something else has that port, says so in one line."""
    server = Server(clone, "make serve ADDR=127.0.0.1:8001")
    try:
        serving = server.wait_until_serving(300)
    finally:
        server.stop()
    if not serving:
        assert server.process.returncode not in (0, None)
        assert "make serve: 127.0.0.1:8001 is already in use" in server.output, server.output
    assert "Traceback" not in server.output


def test_make_site_builds_without_the_test_tools(first_serve: tuple[Server, str], clone: Path) -> None:
    result = subprocess.run(["make", "site"], cwd=clone, env=environment(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "setting up" not in result.stdout and "installing" not in result.stdout
    assert (clone / "site" / "index.html").is_file()
    assert not installed(clone) & TEST_AND_DEV_TOOLS


def test_make_doctor_lists_each_command(first_serve: tuple[Server, str], clone: Path) -> None:
    result = subprocess.run(
        ["make", "doctor"], cwd=clone, env=environment(), capture_output=True, text=True, timeout=300
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    headings = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert headings[:3] == [
        "make serve, make site, make check, make coverage, make stats, make new-*",
        "make test",
        "make lint, make format",
    ]
    # make serve has set up the site's packages, and nothing else.
    assert "  ok      the Python packages the site needs, as pinned in pyproject.toml" in result.stdout
    assert "  to do   the test tools (pytest, Hypothesis, Playwright, Frictionless): make test installs them" in (
        result.stdout
    )


def test_the_apt_command_installs_what_ci_installs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = set(re.findall(r"missing\+=\((\w+)\)", ci))
    assert packages == set(DOCUMENTED[2].split()[3:])


def test_the_chromium_variable_is_the_one_the_browser_tests_read(tmp_path: Path, monkeypatch) -> None:
    import doctor
    import test_browser

    browser = tmp_path / "my chrome"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(browser))
    assert test_browser.find_chromium() == doctor.find_chromium() == str(browser)


def test_serve_defaults_to_the_address_the_readme_gives() -> None:
    assert "<http://127.0.0.1:8000>" in README
    assert re.search(r"^ADDR \?= 127\.0\.0\.1:8000$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_the_readme_names_the_sections_as_the_site_does() -> None:
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    section = README[README.index("## The site") :].split("\n## ")[0]
    assert re.findall(r"^\| ([A-Z][a-z]+) \|", section, re.M) == [next(iter(item)) for item in nav]


def test_the_timings_quoted_are_the_measured_ones() -> None:
    import json

    measured = json.loads((ROOT / "bench" / "setup-times.json").read_text(encoding="utf-8"))["runs"]
    rows = re.findall(r"^\| (.+?) \| (\d+) \| ([\d.]+) \|$", README, re.M)
    assert [(seconds, load) for _, seconds, load in rows] == [
        (str(round(run["seconds"])), f"{run['load_average_before']:.1f}") for run in measured.values()
    ]
