"""scripts/doctor.py: what each command needs, present or missing, with the command to install it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import doctor
import pytest
from conftest import ROOT

STATUSES = ("ok", "to do", "fix")


def test_every_line_is_a_heading_or_a_status(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "doctor.py")], capture_output=True, text=True, timeout=300
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for line in lines:
        if line.startswith("  "):
            assert line[2:9].strip() in STATUSES, line
    fixes = [line for line in lines if line.startswith("  fix")]
    assert result.returncode == (1 if fixes else 0)


def test_without_chromium_it_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    report = doctor.Report()
    doctor.check_browser_tools(report)
    out = capsys.readouterr().out
    assert report.needs_fixing
    assert (
        "  fix     Chromium, for the browser tests: install it (Debian, Ubuntu: sudo apt-get install chromium)" in out
    )
    assert "CHROMIUM=/path/to/chrome make test" in out
    assert "  fix     Node.js and npm, for axe-core: on Debian or Ubuntu: sudo apt-get install nodejs npm" in out


def test_a_taken_port_is_a_fix_line(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"127.0.0.1:{listener.getsockname()[1]}"
        report = doctor.Report()
        doctor.check_port(report, address)
    assert report.needs_fixing
    assert capsys.readouterr().out == (
        f"  fix     make serve: {address} is already in use; choose another address: make serve ADDR=127.0.0.1:8001\n"
    )


def test_the_skip_banner_gives_the_chromium_command(tmp_path: Path) -> None:
    """The banner conftest.py prints when the browser tests skip for want of Chromium."""
    (tmp_path / "conftest.py").symlink_to(ROOT / "tests" / "conftest.py")
    (tmp_path / "test_skipped.py").write_text(
        textwrap.dedent(
            """
            import pytest

            def test_browser():
                pytest.skip("BROWSER TESTS SKIPPED: no Chromium found (install Debian's chromium)")
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "!! BROWSER TESTS SKIPPED: no Chromium found" in result.stdout, result.stdout
    assert f"!! to run them, {doctor.CHROMIUM_HINT}" in result.stdout
    assert "sudo apt-get install chromium" in doctor.CHROMIUM_HINT
    assert "!! make doctor lists what else is missing" in result.stdout
    # The reason is the one tests/test_browser.py gives.
    assert "no Chromium found (install Debian's chromium)" in (ROOT / "tests" / "test_browser.py").read_text(
        encoding="utf-8"
    )
