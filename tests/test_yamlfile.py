"""Strict YAML reading: each malformed file gives one exact problem with its line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from apecrecord.yamlfile import read_yaml
from conftest import ROOT


def problem_of(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    doc, problems = read_yaml(path, "data/x.yaml")
    assert doc is None
    assert len(problems) == 1
    return str(problems[0])


def test_keeps_the_line_of_every_value(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("themes:\n  - id: a\n    name: A\n  - id: b\n", encoding="utf-8")
    doc, problems = read_yaml(path, "data/x.yaml")
    assert problems == []
    assert doc.data == {"themes": [{"id": "a", "name": "A"}, {"id": "b"}]}
    assert doc.line(("themes", 0, "name")) == 3
    assert doc.line(("themes", 1)) == 4


def test_dates_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 2025-02-30\nb: 2025-11-01\n", encoding="utf-8")
    doc, _ = read_yaml(path, "data/x.yaml")
    assert doc.data == {"a": "2025-02-30", "b": "2025-11-01"}


def test_syntax_error(tmp_path: Path) -> None:
    message = problem_of(tmp_path, b"themes:\n  - id: a\n    name: [unclosed\n")
    assert message.startswith("data/x.yaml:4: YAML syntax error:")


def test_tab_indentation(tmp_path: Path) -> None:
    assert (
        problem_of(tmp_path, b"themes:\n\t- id: a\n")
        == "data/x.yaml:2: a tab is used for indentation: indent with spaces"
    )


def test_byte_order_mark(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"\xef\xbb\xbfthemes: []\n") == (
        "data/x.yaml:1: the file starts with a byte-order mark: save it as UTF-8 without BOM"
    )


def test_not_utf8(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"themes:\n  - id: caf\xe9\n") == (
        "data/x.yaml:2: the file is not UTF-8 (byte 0xe9): save it as UTF-8"
    )


def test_empty_file(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"") == "data/x.yaml:1: the file is empty: it should hold a mapping of records"


@pytest.mark.parametrize("content", [b"\n\n", b"# only a comment\n", b"---\n", b"  \r\n"])
def test_a_file_with_no_data_is_not_called_empty(tmp_path: Path, content: bytes) -> None:
    assert problem_of(tmp_path, content) == (
        "data/x.yaml:1: the file holds no data (only blank lines, comments or '---'): "
        "it should hold a mapping of records"
    )


def test_duplicate_key(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"themes:\n  - id: a\n    id: b\n") == (
        "data/x.yaml:3: duplicate key 'id' (first given on line 2)"
    )


def test_alias_refused(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"a: [1]\nb: *x\n") == (
        "data/x.yaml:2: anchors and aliases (&name, *name) are not allowed: write the value out"
    )


def test_an_anchor_is_refused_at_its_line(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"a: 1\nb: &x [1]\n") == (
        "data/x.yaml:2: anchors and aliases (&name, *name) are not allowed: write the value out"
    )


def test_merge_key_refused(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"a: {x: 1}\nb:\n  <<: {x: 1}\n") == (
        "data/x.yaml:3: merge keys (<<) are not allowed: write the fields out"
    )


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    """A few KB of YAML that would expand to billions of items is refused in well under a second."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    content = "\n".join(lines).encode()
    assert len(content) < 4096
    started = time.perf_counter()
    message = problem_of(tmp_path, content)
    assert time.perf_counter() - started < 1.0
    assert "anchors and aliases" in message


def test_deep_nesting_refused(tmp_path: Path) -> None:
    assert "nested deeper than" in problem_of(tmp_path, b"a: " + b"[" * 40 + b"]" * 40 + b"\n")


def test_oversized_file_refused(tmp_path: Path) -> None:
    assert "over the limit" in problem_of(tmp_path, b"a: '" + b"x" * 2_100_000 + b"'\n")


def test_python_tags_refused(tmp_path: Path) -> None:
    message = problem_of(tmp_path, b"a: !!python/object:os.system 'ls'\n")
    assert message.startswith("data/x.yaml:1:")


def _read_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """Read ``path`` in a child process, so a crash (the old segfault) fails the test, not the run."""
    code = (
        "import sys; from pathlib import Path; from apecrecord.yamlfile import read_yaml; "
        "print('\\n'.join(str(p) for p in read_yaml(Path(sys.argv[1]), 'data/x.yaml')[1]))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, env=env, check=False
    )


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"a: 1\nb: " + b"[" * 30_000 + b"]" * 30_000 + b"\n", 2),
        (b"a: 1\nb:\n" + b"- " * 30_000 + b"x\n", 3),
        (b"a: 1\nb: " + b"{a: " * 15_000 + b"}" * 15_000 + b"\n", 2),
    ],
)
def test_a_file_nested_thousands_deep_is_refused_at_its_line_without_crashing(
    tmp_path: Path, content: bytes, line: int
) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    result = _read_in_child(path)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == f"data/x.yaml:{line}: the data is nested deeper than 20 levels"


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_line_numbers_follow_every_kind_of_line_break(tmp_path: Path, newline: bytes) -> None:
    content = newline.join([b"# comment", b"themes:", b"  - id: a", b"    id: b", b""])
    assert problem_of(tmp_path, content) == "data/x.yaml:4: duplicate key 'id' (first given on line 3)"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u2028", "U+2028 LINE SEPARATOR"),
        ("\u0085", "U+0085 control character"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\x00", "U+0000 control character"),
        ("\x1f", "U+001F control character"),
        ("\ufffe", "U+FFFE noncharacter"),
    ],
)
def test_invisible_and_control_characters_are_refused_at_their_line(tmp_path: Path, char: str, name: str) -> None:
    content = f"themes:\n  - id: a\n    name: A{char}B\n  - id: b\n".encode()
    assert problem_of(tmp_path, content) == (
        f"data/x.yaml:3: the line holds {name}, which cannot be seen or changes the text's direction: delete it"
    )


def test_a_line_separator_does_not_shift_later_line_numbers(tmp_path: Path) -> None:
    """libyaml counts U+2028 as a line break and editors do not; the file is refused at that line instead."""
    content = "a: 1\nb: x\u2028y\nc: 1\nc: 2\n".encode()
    assert problem_of(tmp_path, content).startswith("data/x.yaml:2: the line holds U+2028")


@pytest.mark.parametrize(
    ("scalar", "value", "written"),
    [
        ("0x1F", "0x1F", "0x1F"),
        ("017", "017", "017"),
        ("1_000", "1_000", "1_000"),
        ("1:30", "1:30", "1:30"),
        ("1.0", 1.0, "1.0"),
        ("12", 12, "12"),
        ("no", False, "no"),
        ("On", True, "On"),
        ("~", None, "~"),
        ("2025-02-30", "2025-02-30", None),
        ("'12'", "12", None),
    ],
)
def test_what_the_editor_wrote_is_kept_for_messages(tmp_path: Path, scalar: str, value: object, written: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"a: {scalar}\n", encoding="utf-8")
    doc, problems = read_yaml(path, "data/x.yaml")
    assert problems == []
    assert doc.data == {"a": value}
    assert doc.written.get(("a",)) == written


def test_more_than_one_document_is_refused(tmp_path: Path) -> None:
    assert problem_of(tmp_path, b"a: 1\n---\nb: 2\n") == (
        "data/x.yaml:2: the file holds more than one YAML document ('---'): keep one"
    )
