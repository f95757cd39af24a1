"""Random edits to a copy of the real record: ``check`` never crashes, hangs or points nowhere.

Each example applies one to three random edits (characters and lines inserted, deleted, replaced
or swapped; values swapped for YAML 1.1 surprises, odd Unicode, anchors, tabs; line breaks changed
to CR or CRLF) to the YAML files and archived texts of data/, then runs the check in-process. For
every example: no exception escapes and nothing runs past the time limit; either the check passes
(and then the site's files render without an exception) or every problem is one
``file:line: message`` line naming a file that exists and a line inside it.

300 examples run by default; set APECRECORD_FUZZ_EXAMPLES for more, for instance 3000 before a
release.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from apecrecord.check import check_data
from apecrecord.problems import errors
from apecrecord.publish import site_files
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("APECRECORD_FUZZ_EXAMPLES", "300"))
#: Seconds one check (and render) may take before the example counts as a hang.
TIME_LIMIT = 30

FILES = sorted(
    path.relative_to(ROOT).as_posix()
    for path in (ROOT / "data").rglob("*")
    if path.suffix in {".yaml", ".txt"} and path.is_file()
)

#: Values that YAML 1.1 or an editor's keyboard turn into something else.
SURPRISES = [
    "on",
    "no",
    "yes",
    "off",
    "1.0",
    "0x1F",
    "017",
    "1_000",
    "1:30",
    "2025-02-30",
    "2025-13-01",
    "~",
    "null",
    ".inf",
    "&a x",
    "*a",
    "<<: {a: 1}",
    "!!python/object:os.system x",
    "!!binary aGk=",
    "[",
    "{",
    "'",
    '"',
    "- ",
    "? ",
    "|",
    ">-",
    "#",
    "\t",
    "\r",
    "\r\n",
    "\x00",
    "\x1f",
    "\x85",
    "\u00a0",
    "\u200b",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\U0001f600",
    "é",
    "index",
    "con",
    "---",
    "...",
    "[" * 40,
]
ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abc XYZ019-_:,.[]{}#&*!|>'\"?%@`\t\n\r"),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
)
PROBLEM_LINE = re.compile(r"(?P<file>[^\n:]+):(?P<line>[0-9]+): (?P<message>[^\n]+)")


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[str, str, int, int, str]]:
    """One to three edits: (file, operation, position, length, text)."""
    chosen = []
    for _ in range(draw(st.integers(1, 3))):
        chosen.append(
            (
                draw(st.sampled_from(FILES)),
                draw(st.sampled_from(["insert", "delete", "replace", "value", "swap-lines", "line-breaks", "indent"])),
                draw(st.integers(0, 10**9)),
                draw(st.integers(1, 40)),
                draw(st.one_of(st.sampled_from(SURPRISES), ODD_TEXT)),
            )
        )
    return chosen


def _apply(text: str, operation: str, position: int, length: int, insert: str) -> str:
    lines = text.split("\n")
    at = position % (len(text) + 1)
    line = position % len(lines)
    if operation == "insert":
        return text[:at] + insert + text[at:]
    if operation == "delete":
        return text[:at] + text[at + length :]
    if operation == "replace":
        return text[:at] + insert + text[at + length :]
    if operation == "value":  # put the text where a value is
        key, sep, _ = lines[line].partition(": ")
        lines[line] = f"{key}{sep or ': '}{insert}"
    elif operation == "swap-lines":
        other = (line + length) % len(lines)
        lines[line], lines[other] = lines[other], lines[line]
    elif operation == "line-breaks":
        return text.replace("\n", "\r\n" if length % 2 else "\r")
    elif operation == "indent":
        lines[line] = ("\t" if length % 3 == 0 else " " * (length % 5)) + lines[line]
    return "\n".join(lines)


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def hang(*_: object) -> None:
        raise TimeoutError(f"the check ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _lines_in(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(chosen=edits())
def test_random_edits_get_a_clean_verdict(tmp_path_factory: pytest.TempPathFactory, chosen: list) -> None:
    project = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "data", project / "data")
    for file, operation, position, length, insert in chosen:
        path = project / file
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(_apply(text, operation, position, length, insert).encode("utf-8", errors="surrogatepass"))
    with _time_limit(TIME_LIMIT):
        record, problems = check_data(project / "data")
        if not errors(problems):
            site_files(record)  # a record that passes renders
    for problem in problems:
        shown = str(problem)
        match = PROBLEM_LINE.fullmatch(shown)
        assert match, f"not one file:line: message line: {shown!r}"
        path = project / match["file"]
        assert path.is_file(), f"names no file: {shown!r}"
        assert 1 <= int(match["line"]) <= _lines_in(path), f"names a line outside {match['file']}: {shown!r}"
    shutil.rmtree(project)
