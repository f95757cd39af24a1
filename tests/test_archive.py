"""Archived texts: block parsing, and quotes found only as whole-word spans of their paragraphs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from apecrecord import archive
from apecrecord.archive import find_quote, normalise, parse_blocks, read_archive, span_in
from apecrecord.check import check_data
from apecrecord.model import Archive
from apecrecord.problems import errors
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st


def test_blocks_are_numbered_and_labelled() -> None:
    blocks, problems = parse_blocks("[caption] A photo.\n\n[1] One.\n\n[2 heading] Two.\n", "t.txt")
    assert problems == []
    assert [(b.label, b.number, b.anchor, b.line) for b in blocks] == [
        ("caption", None, "caption-1", 1),
        ("body", 1, "p1", 3),
        ("heading", 2, "p2", 5),
    ]


def test_paragraph_out_of_order() -> None:
    _, problems = parse_blocks("[1] One.\n\n[3] Three.\n", "t.txt")
    assert [str(p) for p in problems] == ["t.txt:3: paragraph [3] is out of order: expected [2]"]


def test_unknown_label() -> None:
    _, problems = parse_blocks("[1] One.\n\n[photo] x\n", "t.txt")
    assert str(problems[0]).startswith("t.txt:3: unknown label [photo]")


def test_block_without_label() -> None:
    _, problems = parse_blocks("[1] One.\n\nstray text\n", "t.txt")
    assert str(problems[0]) == "t.txt:3: a block must start with a label such as [1], [2 heading] or [caption]"


def test_normalise_forgives_only_typesetting() -> None:
    assert normalise("“De-risking”  isn’t\n– x") == normalise('"De-risking" isn\'t - x')
    assert normalise("de-risking") != normalise("derisking")


def test_control_characters_are_not_whitespace() -> None:
    assert normalise("a\x1fb") != normalise("a b")
    assert normalise("a\x0cb") != normalise("a b")
    assert normalise("a\u00a0b") == normalise("a b")


BODY = {
    1: "Amid rising uncertainties across the Asia-Pacific region, growth slowed.",
    2: "Leaders met. They agreed to act.",
    3: "Trade grew by 5.3 percent, the report said.",
}


def test_a_quote_must_start_and_end_at_word_boundaries() -> None:
    assert find_quote("certainties across the Asia-Pacific region", BODY, [1]) is None
    assert find_quote("uncertainties across the Asia", BODY, [1]) is None
    assert find_quote("Trade grew by 5", BODY, [3]) is None
    assert find_quote("rising uncertainties across the Asia-Pacific region", BODY, [1]) is not None


def test_cited_paragraphs_are_consecutive_and_each_holds_part_of_the_quote() -> None:
    assert find_quote("growth slowed. Leaders met.", BODY, [1, 2]) is not None
    assert find_quote("growth slowed. Leaders met.", BODY, [2, 1]) is not None  # order of listing is free
    assert find_quote("Leaders met.", BODY, [1, 2]) is None  # paragraph 1 holds none of it
    assert find_quote("They agreed to act. Trade grew", BODY, [1, 3]) is None
    assert find_quote("growth slowed. Trade grew", BODY, [1, 3]) is None  # no stitching across 2


def test_a_quote_that_does_not_begin_a_sentence_is_told_apart() -> None:
    assert find_quote("They agreed to act", BODY, [2]).begins_sentence
    assert find_quote("Leaders met", BODY, [2]).begins_sentence
    assert not find_quote("agreed to act", BODY, [2]).begins_sentence


def test_context_must_come_before_the_quote_in_the_first_paragraph() -> None:
    match = find_quote("agreed to act", BODY, [2], context="They")
    assert match.context is not None
    assert find_quote("agreed to act", BODY, [2], context="Leaders met.").context is not None
    assert find_quote("Leaders met", BODY, [2], context="They").context is None  # after the quote
    assert find_quote("agreed to act", BODY, [2], context="The").context is None  # mid-word


def test_the_chosen_occurrence_is_the_one_after_its_context() -> None:
    body = {1: "X said we act. Y said we act."}
    match = find_quote("we act", body, [1], context="Y said")
    assert body[1][slice(*match.quote.parts[1])] == "we act"
    assert match.quote.parts[1][0] == body[1].rindex("we act")


def test_span_in_maps_a_forgiving_match_back_to_the_original() -> None:
    text = "He said “open  markets” matter and grow."
    blocks, _ = parse_blocks(f"[1] {text}\n\n[2] Next one here.\n", "t.txt")
    archive = Archive("t.txt", "", tuple(blocks))
    parts = span_in(archive, '"open markets" matter', [1], context="He said")
    assert text[slice(*parts[1])] == "“open  markets” matter"
    assert span_in(archive, "open markets", [1, 2]) == {}  # refused, so nothing is highlighted
    across = span_in(archive, "and grow. Next one", [1, 2], context="He said")
    assert text[slice(*across[1])] == "and grow." and across[2] == (0, len("Next one"))


@given(
    st.lists(st.sampled_from(["alpha", "beta", "gamma", "Asia-Pacific", "isn't", "5.3", ",", "."]), min_size=1),
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_every_accepted_quote_is_whole_words_of_its_paragraph(words: list[str], start: int, length: int) -> None:
    """Property: whatever slice of a paragraph is tried, an accepted quote begins and ends at a word edge."""
    text = " ".join(words)
    quote = text[start : start + length]
    match = find_quote(quote, {1: text}, [1])
    if match is None:
        return
    begin, end = match.quote.parts[1]
    assert normalise(text[begin:end]) == normalise(quote)
    assert begin == 0 or not (text[begin - 1].isalnum() and text[begin].isalnum())
    assert end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())


def test_a_byte_order_mark_in_an_archived_text_has_its_own_message(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbf[1] One.\n")
    archive, problems = read_archive(path, "t.txt")
    assert [str(p) for p in problems] == [
        "t.txt:1: the archived text starts with a byte-order mark: save it as UTF-8 without BOM"
    ]
    assert archive.body[1].text == "One."


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"])
def test_line_numbers_are_right_whatever_the_line_breaks(tmp_path: Path, newline: bytes) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(newline.join([b"[1] One.", b"", b"stray", b""]))
    archive, problems = read_archive(path, "t.txt")
    assert [str(p) for p in problems] == [
        "t.txt:3: a block must start with a label such as [1], [2 heading] or [caption]"
    ]
    assert (archive.lf_sha256 is None) == (newline == b"\n")


@pytest.mark.parametrize(("char", "name"), [("\u2028", "U+2028 LINE SEPARATOR"), ("\x1f", "U+001F control character")])
def test_invisible_characters_in_an_archived_text_are_refused_at_their_line(
    tmp_path: Path, char: str, name: str
) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"[1] One.\n\n[2] Tw{char}o.\n", encoding="utf-8")
    _, problems = read_archive(path, "t.txt")
    assert [str(p) for p in problems] == [
        f"t.txt:3: the archived text holds {name}, which cannot be seen: delete it "
        "or write the character the source shows"
    ]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a clone")
def test_a_windows_checkout_keeps_every_archived_text_byte_for_byte(tmp_path: Path) -> None:
    """A clone with core.autocrlf=true (Git for Windows' default) still passes every SHA-256 check."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "-c", "core.autocrlf=true", str(ROOT), str(clone)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for text in (clone / "data" / "texts").glob("*.txt"):
        assert b"\r" not in text.read_bytes(), text.name
    _, problems = check_data(clone / "data")
    assert [str(p) for p in errors(problems)] == []


def test_the_issue_example_is_neither_accepted_nor_highlighted() -> None:
    """'certainties ...' sits inside 'uncertainties ...' in the real op-ed: the opposite meaning."""
    archive, problems = read_archive(ROOT / "data/texts/cgtn-yang-xing-op-ed.txt", "op-ed.txt")
    assert problems == []
    assert span_in(archive, "certainties across the Asia-Pacific region", [1]) == {}
    whole = span_in(archive, "rising external uncertainties across the Asia-Pacific region", [1])
    assert archive.body[1].text[slice(*whole[1])] == "rising external uncertainties across the Asia-Pacific region"


def _fold_one_character_at_a_time(text: str) -> archive.Folded:
    """The definition ``archive.fold`` implements faster: each character in turn."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, ch in enumerate(text):
        if archive.is_space(ch):
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            origin.append(index - 1)
            pending_space = False
        chars.append(ch.translate(archive._QUOTES).translate(archive._DASHES))
        origin.append(index)
    folded = "".join(chars)
    inside = [False] * (len(folded) + 1)
    for word in archive._WORD.finditer(folded):
        for i in range(word.start() + 1, word.end()):
            inside[i] = True
    return archive.Folded(folded, tuple(origin), tuple(inside))


@given(
    st.text(
        alphabet=st.sampled_from(list("ab1.,'-  \t\n\u00a0\u2003\u3000\u2019\u201c\u2013\u2212x\u00e9\x0c\x85")),
        max_size=40,
    )
)
def test_folding_is_the_character_by_character_definition(text: str) -> None:
    assert archive.fold(text) == _fold_one_character_at_a_time(text)


def test_whitespace_runs_are_exactly_the_characters_quote_matching_forgives() -> None:
    import sys

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if archive.is_space(chr(c))}
    assert {ch for ch in spaces if not archive._NOT_SPACE.fullmatch(ch)} == spaces
    assert all(archive._NOT_SPACE.fullmatch(chr(c)) for c in range(0x3100) if chr(c) not in spaces)
