"""Archived texts: block parsing and forgiving-but-exact quote matching."""

from __future__ import annotations

from apecrecord.archive import find_quote, normalise, normalised_body, parse_blocks, span_in
from apecrecord.model import Archive


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


def test_find_quote_reports_where_a_misplaced_quote_is() -> None:
    blocks, _ = parse_blocks("[1] Alpha beta.\n\n[2] Gamma delta.\n", "t.txt")
    body = normalised_body(Archive("t.txt", "", tuple(blocks)))
    assert find_quote("Gamma delta", body, (2,)) == (True, [2])
    assert find_quote("Gamma delta", body, (1,)) == (False, [2])
    assert find_quote("Epsilon", body, (1,)) == (False, [])


def test_span_in_maps_a_forgiving_match_back_to_the_original() -> None:
    paragraph = "He said “open  markets” matter."
    start, end = span_in(paragraph, '"open markets"')
    assert paragraph[start:end] == "“open  markets”"
