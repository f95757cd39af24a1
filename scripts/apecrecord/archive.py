"""Archived source texts: reading the paragraph-numbered files and matching quotes in them.

The archived text is what every quote is checked against, so its format is deliberately plain:
one block per paragraph, a blank line between blocks, each block opening with its label
(``[12]``, ``[3 heading]``, ``[caption]``...). See data/README.md.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from apecrecord.model import Archive, Paragraph
from apecrecord.problems import Problem

UNNUMBERED_LABELS = ("caption", "note", "headline", "dateline")
_BLOCK = re.compile(r"^\[(?:(?P<number>[0-9]+)(?P<heading> heading)?|(?P<label>[a-z]+))\] (?P<text>\S.*)$")

# Quote matching forgives only what typesetting changes: whitespace, quotation marks and dashes.
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as quote matching compares it."""
    text = _DASHES.sub("-", text.translate(_QUOTES))
    return _SPACE.sub(" ", text).strip()


def read_archive(path: Path, display: str) -> tuple[Archive | None, list[Problem]]:
    """Read and parse an archived text; problems point at the offending line of the .txt file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, f"cannot read the archived text: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "the archived text is not UTF-8: save it as UTF-8")]
    blocks, problems = parse_blocks(text, display)
    return Archive(display, hashlib.sha256(raw).hexdigest(), tuple(blocks)), problems


def parse_blocks(text: str, display: str) -> tuple[list[Paragraph], list[Problem]]:
    blocks: list[Paragraph] = []
    problems: list[Problem] = []
    ordinals: dict[str, int] = {}
    expected = 1
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        start = number
        while number < len(lines) and lines[number].strip():
            number += 1
        content = " ".join(line.strip() for line in lines[start:number])
        match = _BLOCK.match(content)
        if not match:
            problems.append(
                Problem(
                    display,
                    start + 1,
                    "a block must start with a label such as [1], [2 heading] or [caption]",
                )
            )
            continue
        if match["number"]:
            value = int(match["number"])
            if value != expected:
                problems.append(
                    Problem(
                        display,
                        start + 1,
                        f"paragraph [{value}] is out of order: expected [{expected}]",
                    )
                )
            expected = value + 1
            label = "heading" if match["heading"] else "body"
            blocks.append(Paragraph(label, match["text"], start + 1, number=value))
        elif match["label"] in UNNUMBERED_LABELS:
            label = match["label"]
            ordinals[label] = ordinals.get(label, 0) + 1
            blocks.append(Paragraph(label, match["text"], start + 1, ordinal=ordinals[label]))
        else:
            allowed = ", ".join(f"[{name}]" for name in UNNUMBERED_LABELS)
            problems.append(
                Problem(
                    display,
                    start + 1,
                    f"unknown label [{match['label']}]: use a number or one of {allowed}",
                )
            )
    return blocks, problems


def normalised_body(archive: Archive) -> dict[int, str]:
    """Each body paragraph as quote matching compares it; computed once per source."""
    return {number: normalise(paragraph.text) for number, paragraph in archive.body.items()}


def find_quote(quote: str, body: dict[int, str], cited: tuple[int, ...]) -> tuple[bool, list[int]]:
    """Whether ``quote`` is in the cited paragraphs, and which paragraphs hold it at all.

    ``body`` is the source's ``normalised_body``.
    """
    wanted = normalise(quote)
    cited_text = " ".join(body[n] for n in sorted(cited) if n in body)
    if wanted in cited_text:
        return True, [n for n in sorted(cited) if wanted in body.get(n, "")]
    return False, [n for n, text in sorted(body.items()) if wanted in text]


def span_in(paragraph_text: str, quote: str) -> tuple[int, int] | None:
    """Character offsets of ``quote`` in the paragraph's own text (for highlighting it)."""
    index = paragraph_text.find(quote)
    if index >= 0:
        return index, index + len(quote)
    # Fall back to the forgiving match: map each normalised character back to the original.
    positions: list[int] = []
    chars: list[str] = []
    previous_space = True
    for i, ch in enumerate(paragraph_text):
        ch = _DASHES.sub("-", ch.translate(_QUOTES))
        if ch.isspace():
            if previous_space:
                continue
            ch = " "
        previous_space = ch == " "
        chars.append(ch)
        positions.append(i)
    haystack = "".join(chars)
    index = haystack.find(normalise(quote))
    if index < 0:
        return None
    end = index + len(normalise(quote)) - 1
    return positions[index], positions[end] + 1
