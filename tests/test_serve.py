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


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def _until(condition, seconds: float = 30) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "make serve did not show the edit in time"
        time.sleep(0.05)


def _pages(site: Path) -> dict[str, str]:
    """Every page of a built site by its address."""
    pages = {}
    for path in site.rglob("index.html"):
        address = path.parent.relative_to(site).as_posix()
        pages["" if address == "." else address + "/"] = path.read_text(encoding="utf-8")
    return pages


def test_make_serve_shows_every_edit_and_leaves_nothing_stale(tmp_path: Path) -> None:
    """Edits while serving rebuild only what changed (a dirty build), yet the served site is the
    site a full build of the same data makes: the changed page, the pages that list it, the search
    index, and a removed statement's page gone."""
    import json
    import os
    import re
    import signal

    for name in ("scripts", "docs", "overrides", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    env = {k: v for k, v in os.environ.items() if k not in ("APECRECORD_DATA", "SITE_URL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _until(lambda: _get(base + "statements/analyst-openness/")[0] == 200, 120)
        statements = tmp_path / "data" / "statements" / "op-ed.yaml"
        text = statements.read_text(encoding="utf-8")
        new_title = "Openness, edited while serving"
        statements.write_text(text.replace("title: Openness as the foundation of growth", f"title: {new_title}"))
        _until(lambda: new_title in _get(base + "statements/analyst-openness/")[1])
        _until(lambda: new_title in _get(base + "themes/trade/")[1])
        _until(lambda: new_title in _get(base + "search/search_index.json")[1])

        removed = re.search(r"  - id: analyst-derisking\n(?:    .*\n)+", statements.read_text(encoding="utf-8"))
        statements.write_text(statements.read_text(encoding="utf-8").replace(removed.group(0), ""))
        _until(lambda: _get(base + "statements/analyst-derisking/")[0] == 404)
        index = json.loads(_get(base + "search/search_index.json")[1])
        assert not [d for d in index["docs"] if "analyst-derisking" in d["location"]]

        served = {}  # without the live-reload script the server adds to each page
        full = tmp_path / "full"
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(full)]
        subprocess.run(build, cwd=tmp_path, env={**env, "SITE_URL": base}, check=True, timeout=300)
        expected = _pages(full)
        for address in expected:
            status, page = _get(base + address)
            assert status == 200, address
            served[address] = re.sub(r"<script>\s*var livereload.*?</script>", "", page, flags=re.S)
        livereload = [a for a in served if served[a] != expected[a]]
        assert livereload == [], f"served differently from a full build: {livereload[:5]}"
        served_index = json.loads(_get(base + "search/search_index.json")[1])
        built_index = json.loads((full / "search" / "search_index.json").read_text(encoding="utf-8"))
        key = lambda d: d["location"]  # noqa: E731
        assert sorted(served_index["docs"], key=key) == sorted(built_index["docs"], key=key)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
