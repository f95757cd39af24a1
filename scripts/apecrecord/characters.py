"""Characters the record refuses, and how messages name them.

Control characters, invisible characters and direction-changing characters look like nothing, or
reorder what is shown, so a value holding one is not what an editor sees. They are refused in
every data file and archived text; tab and line feed are the only control characters allowed.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode categories refused: controls (C0, C1, DEL), format characters (zero-width spaces and
#: joiners, bidi embeddings, overrides and isolates, the byte-order mark, soft hyphen, tags),
#: line and paragraph separators, surrogates and private-use characters (and, below, the
#: noncharacters).
_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
#: Characters of other categories that render as nothing: variation selectors, Hangul fillers,
#: the combining grapheme joiner, Mongolian free variation selectors.
_ALSO = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e]")


def first_refused(text: str) -> tuple[int, str] | None:
    """The offset and character of the first refused character in ``text``, if any.

    ``\\r`` counts as refused: callers turn CRLF and CR line breaks into LF first.
    """
    for match in _SUSPECT.finditer(text):
        ch = match.group()
        if ch in _ALSO or unicodedata.category(ch) in _CATEGORIES or _noncharacter(ch):
            return match.start(), ch
    return None


def _noncharacter(ch: str) -> bool:
    """U+FDD0 to U+FDEF and the last two code points of every plane: never characters in text."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def describe(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: how a message names a character an editor cannot see."""
    name = unicodedata.name(ch, "")
    if not name:
        category = unicodedata.category(ch)
        name = (
            "control character" if category == "Cc" else "noncharacter" if _noncharacter(ch) else "invisible character"
        )
    return f"U+{ord(ch):04X} {name}"


def line_of(text: str, index: int) -> int:
    """The 1-based line of ``text[index]``, counting line feeds only."""
    return text.count("\n", 0, index) + 1


def to_lf(text: str) -> str:
    """CRLF and lone CR line breaks as LF, so every line count agrees with an editor's."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
