"""scripts/serve.py: an address make serve cannot use is one line naming it, never a traceback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import serve
from conftest import FIXTURE, ROOT
from hypothesis import given
from hypothesis import strategies as st

ADVICE = "choose another address: make serve ADDR=127.0.0.1:8001"


@pytest.fixture
def taken() -> Iterator[str]:
    """An address on this machine with a listening socket on it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield f"127.0.0.1:{listener.getsockname()[1]}"


def test_a_taken_port_is_one_line_and_no_traceback(taken: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), taken], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"make serve: {taken} is already in use; {ADVICE}\n"


def test_make_serve_on_a_taken_port(taken: str, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    (tmp_path / "scripts").symlink_to(ROOT / "scripts")
    (tmp_path / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")
    command = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path)]
    command += [f"BIN={ROOT / '.venv' / 'bin'}", "READY=", "serve", f"ADDR={taken}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == f"make serve: {taken} is already in use; {ADVICE}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("", "ADDR='' is not host:port"),
        ("8001", "ADDR='8001' is not host:port"),
        ("127.0.0.1:", "ADDR='127.0.0.1:' is not host:port"),
        ("127.0.0.1:0", "ADDR='127.0.0.1:0' is not host:port"),
        ("127.0.0.1:65536", "ADDR='127.0.0.1:65536' is not host:port"),
        ("127.0.0.1:８００１", "ADDR='127.0.0.1:８００１' is not host:port"),
        ("127.0.0.1:-1", "ADDR='127.0.0.1:-1' is not host:port"),
        (":8001", "ADDR=':8001' is not host:port"),
        ("[::1:8001", "ADDR='[::1:8001': '[::1' is not an IP address"),
        ("127.0.0.1\x00:8001", "ADDR='127.0.0.1\\x00:8001': '127.0.0.1\\x00' is not an IP address"),
        ("example.org:8001", "ADDR='example.org:8001': 'example.org' is not an IP address"),
        ("192.0.2.1:8001", "192.0.2.1:8001 is not an address of this machine"),
    ],
)
def test_an_unusable_address_is_one_line(address: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve.main([address]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"make serve: {message}")
    assert line.endswith("make serve ADDR=127.0.0.1:8001")


ADDRESSES = st.one_of(
    st.text(),
    st.builds(
        "{}:{}".format,
        st.one_of(st.ip_addresses().map(str), st.sampled_from(["localhost", "[::1]", "0.0.0.0", "::"]), st.text()),
        st.one_of(st.integers(-1, 70000).map(str), st.text()),
    ),
)


@given(ADDRESSES)
def test_any_address_is_usable_or_refused_in_one_line(address: str) -> None:
    """Whatever ADDR holds, the check binds it (no name is looked up) or refuses it in one line."""
    try:
        serve.check_free(address)
    except serve.AddressError as error:
        assert "\n" not in str(error)
    else:
        host, port = serve.parse(address)
        assert host and 0 < port < 65536
