"""Archived source texts: reading the paragraph-numbered files and finding quotes in them.

The archived text is what every quote is checked against, so its format is deliberately plain:
one block per paragraph, a blank line between blocks, each block opening with its label
(``[12]``, ``[3 heading]``, ``[caption]``...). See data/README.md.

A quote is accepted only as one span of whole words: it starts and ends at word boundaries, and
when it runs over several paragraphs they are consecutive and each holds part of it. The check
(``check.py``) and the reader's highlighting (``render/sources.py``) both call ``find_quote``, so
the reader highlights exactly the span the check accepted.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from apecrecord.characters import describe, first_refused, line_of, to_lf
from apecrecord.model import Archive, Paragraph
from apecrecord.problems import Problem

UNNUMBERED_LABELS = ("caption", "note", "headline", "dateline")
_BLOCK = re.compile(r"^\[(?:(?P<number>[0-9]+)(?P<heading> heading)?|(?P<label>[a-z]+))\] (?P<text>\S.*)$")

#: A quote must hold at least this many words and characters (after whitespace is collapsed).
MIN_QUOTE_WORDS = 2
MIN_QUOTE_CHARS = 12

# Quote matching forgives only what typesetting changes: whitespace, quotation marks and dashes.
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_DASHES = str.maketrans({chr(code): "-" for code in (*range(0x2010, 0x2016), 0x2212)})
#: A word: letters and digits, joined by apostrophes and hyphens ("isn't", "Asia-Pacific") and,
#: between digits, by a point or comma ("5.3", "1,000"). A quote may not start or end inside one.
_WORD = re.compile(r"[^\W_]+(?:(?:['-]|(?<=[0-9])[.,](?=[0-9]))[^\W_]+)*")
#: What may sit between the end of a sentence and the first word of the next.
_OPENERS = " \"'([{"
_SENTENCE_END = re.compile(r"[.!?:][\"')\]}]*\Z")


def read_archive(path: Path, display: str) -> tuple[Archive | None, list[Problem]]:
    """Read and parse an archived text; problems point at the offending line of the .txt file.

    Lines are counted as an editor counts them whatever the line breaks (LF, CRLF or CR); the
    SHA-256 is of the bytes as they are, and, for a file with CR in it, also of the bytes with
    CRLF and CR turned into LF, so the check can tell a line-ending change from an edit.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, f"cannot read the archived text: {exc.strerror}")]
    problems: list[Problem] = []
    body = raw
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(display, 1, "the archived text starts with a byte-order mark: save it as UTF-8 without BOM")
        )
        body = raw[3:]
    try:
        text = to_lf(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = to_lf(body[: exc.start].decode("utf-8", errors="replace")).count("\n") + 1
        return None, [*problems, Problem(display, line, "the archived text is not UTF-8: save it as UTF-8")]
    lf_sha256 = hashlib.sha256(raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")).hexdigest() if b"\r" in raw else None
    refused = first_refused(text)
    if refused is not None:
        index, ch = refused
        problems.append(
            Problem(
                display,
                line_of(text, index),
                f"the archived text holds {describe(ch)}, which cannot be seen: delete it "
                "or write the character the source shows",
            )
        )
    blocks, found = parse_blocks(text, display)
    problems.extend(found)
    return Archive(display, hashlib.sha256(raw).hexdigest(), tuple(blocks), lf_sha256, raw), problems


def parse_blocks(text: str, display: str) -> tuple[list[Paragraph], list[Problem]]:
    """The blocks of an archived text whose line breaks are LF, with a problem for each bad block."""
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


def is_space(ch: str) -> bool:
    """Whitespace as quote matching forgives it: tab, line feed and the Unicode space separators.

    Control characters (form feed, U+001F, U+0085...) are not whitespace here: they are refused
    in the data and never forgiven in a quote.
    """
    return ch in "\t\n" or unicodedata.category(ch) == "Zs"


@dataclass(frozen=True)
class Folded:
    """Text as quote matching compares it, with the original offset of every character."""

    text: str
    origin: tuple[int, ...]
    #: ``inside[i]`` is true when offset ``i`` falls strictly inside a word.
    inside: tuple[bool, ...]


# A run of characters that are not whitespace as ``is_space`` reads it (tab, line feed and the
# Unicode space separators, category Zs; a test checks the list against unicodedata).
_NOT_SPACE = re.compile("[^\t\n\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> Folded:
    """Collapse whitespace runs to one space, straighten quotation marks and dashes, strip the ends.

    A space stands for its run and keeps the offset of the run's last character.
    """
    pieces: list[str] = []
    origin: list[int] = []
    for run in _NOT_SPACE.finditer(text):
        if pieces:
            pieces.append(" ")
            origin.append(run.start() - 1)
        pieces.append(run.group())
        origin.extend(range(run.start(), run.end()))
    folded = "".join(pieces).translate(_QUOTES).translate(_DASHES)  # one character for one
    inside = [False] * (len(folded) + 1)
    for word in _WORD.finditer(folded):
        inside[word.start() + 1 : word.end()] = [True] * (word.end() - word.start() - 1)
    return Folded(folded, tuple(origin), tuple(inside))


def normalise(text: str) -> str:
    """Text as quote matching compares it."""
    return fold(text).text


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(normalise(text)))


@dataclass(frozen=True)
class Span:
    """Where a quote (or its context) sits in the archived text."""

    #: For each paragraph the span touches, its start and end offsets in that paragraph's own text.
    parts: dict[int, tuple[int, int]]
    #: Where it begins in its first paragraph and ends in its last, as offsets in the folded text.
    begin: int
    end: int

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(self.parts)


@dataclass(frozen=True)
class QuoteMatch:
    """A quote found in its cited paragraphs, with its context when one was given and found."""

    quote: Span
    context: Span | None
    #: Whether the quote begins a sentence (or the paragraph); if not, it needs a context.
    begins_sentence: bool


def consecutive(numbers: Sequence[int]) -> bool:
    """Whether the paragraph numbers form one run (1, 2, 3), in any order, without repeats."""
    ordered = sorted(numbers)
    return bool(ordered) and ordered == list(range(ordered[0], ordered[0] + len(ordered)))


def find_quote(
    quote: str,
    body: Mapping[int, str],
    cited: Sequence[int],
    context: str | None = None,
) -> QuoteMatch | None:
    """Where ``quote`` sits in the ``cited`` paragraphs of ``body`` (number to original text).

    The quote must be one span of whole words that touches every cited paragraph and no other;
    cited paragraphs must be consecutive. When ``context`` is given, the first occurrence of the
    quote with the context (whole words, same first paragraph) ending before it is chosen;
    otherwise the first occurrence. None when the quote is not there by these rules.
    """
    if not consecutive(cited) or any(number not in body for number in cited):
        return None
    numbers = sorted(cited)
    first = fold(body[numbers[0]])
    fallback: Span | None = None
    for span in _occurrences(normalise(quote), body, numbers, whole_words=True):
        if span.paragraphs != tuple(numbers):
            continue
        if context is None:
            return QuoteMatch(span, None, _begins_sentence(first.text, span.begin))
        found = _context_before(context, body, numbers[0], span.begin)
        if found is not None:
            return QuoteMatch(span, found, _begins_sentence(first.text, span.begin))
        fallback = fallback or span
    if fallback is None:
        return None
    return QuoteMatch(fallback, None, _begins_sentence(first.text, fallback.begin))


def _context_before(context: str, body: Mapping[int, str], number: int, limit: int) -> Span | None:
    for span in _occurrences(normalise(context), body, [number], whole_words=True):
        if span.end <= limit:
            return span
    return None


def find_anywhere(text: str, body: Mapping[int, str]) -> Span | None:
    """The first whole-word occurrence of ``text`` anywhere in ``body``, across paragraph breaks too."""
    return next(_occurrences(normalise(text), body, sorted(body), whole_words=True), None)


def find_in_block(text: str, block: str) -> Span | None:
    """The first whole-word occurrence of ``text`` in one block (a caption, a headline...)."""
    return next(_occurrences(normalise(text), {0: block}, [0], whole_words=True), None)


def word_cut(text: str, body: Mapping[int, str], cited: Sequence[int]) -> str | None:
    """The word that ``text`` cuts into when it occurs in the cited paragraphs only mid-word."""
    if not consecutive(cited) or any(number not in body for number in cited):
        return None
    needle = normalise(text)
    for span in _occurrences(needle, body, sorted(cited), whole_words=False):
        number = span.paragraphs[0]
        folded = fold(body[number])
        cut = span.begin if folded.inside[span.begin] else None
        if cut is None:
            number = span.paragraphs[-1]
            folded = fold(body[number])
            cut = span.end if folded.inside[span.end] else None
        if cut is not None:
            for word in _WORD.finditer(folded.text):
                if word.start() < cut < word.end():
                    return word.group()
    return None


def _occurrences(needle: str, body: Mapping[int, str], numbers: Sequence[int], whole_words: bool) -> Iterator[Span]:
    """Each occurrence of ``needle`` in the paragraphs ``numbers``, joined in order by one space.

    A space in the needle may stand for a paragraph break only between consecutively numbered
    paragraphs.
    """
    if not needle:
        return
    segments: list[tuple[int, int, Folded]] = []  # (number, offset in the joined text, folded)
    offset = 0
    pieces: list[str] = []
    for number in numbers:
        folded = fold(body[number])
        pieces.append(" " if segments else "")
        offset += len(pieces[-1])
        segments.append((number, offset, folded))
        pieces.append(folded.text)
        offset += len(folded.text)
    joined = "".join(pieces)
    starts = [segment[1] for segment in segments]
    index = joined.find(needle)
    while index >= 0:
        span = _span(segments, starts, index, index + len(needle), whole_words)
        if span is not None:
            yield span
        index = joined.find(needle, index + 1)


def _span(segments: list[tuple[int, int, Folded]], starts: list[int], begin: int, end: int, whole: bool) -> Span | None:
    first = bisect_right(starts, begin) - 1
    last = bisect_right(starts, end - 1) - 1
    if segments[last][0] - segments[first][0] != last - first:  # across a gap in the numbering
        return None
    _, offset, folded = segments[first]
    local_begin = begin - offset
    if local_begin >= len(folded.text):  # starts on a separator
        return None
    _, last_offset, last_folded = segments[last]
    local_end = end - last_offset
    if local_end <= 0:  # ends on a separator
        return None
    if whole and (folded.inside[local_begin] or last_folded.inside[local_end]):
        return None
    parts: dict[int, tuple[int, int]] = {}
    for position in range(first, last + 1):
        seg_number, seg_offset, seg_folded = segments[position]
        lo = max(begin - seg_offset, 0)
        hi = min(end - seg_offset, len(seg_folded.text))
        if lo >= hi:
            return None
        parts[seg_number] = (seg_folded.origin[lo], seg_folded.origin[hi - 1] + 1)
    return Span(parts, local_begin, local_end)


def _begins_sentence(paragraph: str, begin: int) -> bool:
    before = paragraph[:begin].rstrip(_OPENERS)
    return not before or bool(_SENTENCE_END.search(before))


def body_texts(archive: Archive) -> dict[int, str]:
    """Each body paragraph's own text, by number: what quotes are found in."""
    return {number: paragraph.text for number, paragraph in archive.body.items()}


def span_in(
    archive: Archive, quote: str, cited: Sequence[int], context: str | None = None
) -> dict[int, tuple[int, int]]:
    """Offsets of the quote in each paragraph it touches, exactly as the check accepts it.

    Empty when the check would refuse the quote, so the reader never highlights a refused span.
    """
    match = find_quote(quote, body_texts(archive), cited, context)
    return dict(match.quote.parts) if match else {}
