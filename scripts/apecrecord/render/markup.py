"""Markdown building blocks that keep data as text.

Every value from the YAML goes through ``text()`` (or ``attr()`` inside an HTML attribute)
before it reaches a page. ``text()`` turns each character Markdown, HTML, attribute lists or
Jinja could act on into a numeric character reference, which both Markdown and HTML display as
the character itself: ``<script>`` shows as ``<script>``, ``[x](javascript:...)`` stays
brackets, ``{{ x }}`` stays braces. Hyphens, quotes and letters are left alone so that glossary
abbreviations can still match terms in the text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence

_ESCAPE = {ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}<>|#~^=$!:"}
_ESCAPE["&"] = "&amp;"
_TABLE = str.maketrans(_ESCAPE)
_SPACE = re.compile(r"\s+")


def text(value: object) -> str:
    """Data as inline Markdown that displays exactly the characters given, on one line."""
    return _SPACE.sub(" ", str(value)).strip().translate(_TABLE)


def fragment(value: str) -> str:
    """Like ``text()`` for a piece of a longer text: spaces at its ends are kept."""
    collapsed = _SPACE.sub(" ", value)
    return collapsed.translate(_TABLE)


def title(value: object) -> str:
    """Data for a page's H1, which themes also print raw in ``<title>`` and the nav.

    Material passes the title through ``striptags``, which turns character references back into
    characters, so angle brackets are shown as the look-alike ‹ › here instead.
    """
    return text(str(value).replace("<", "‹").replace(">", "›"))


def attr(value: object) -> str:
    """Data for an HTML attribute value written in double quotes."""
    return html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True)


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link from one generated Markdown file to another (links stay engine-neutral)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def link(label: str, href: str) -> str:
    """``[label](href)`` where ``label`` is already-escaped Markdown and ``href`` one we built."""
    return f"[{label}]({href})"


def heading(level: int, title: str, anchor: str = "") -> str:
    suffix = f" {{ #{anchor} }}" if anchor else ""
    return f"{'#' * level} {title}{suffix}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def definition_rows(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column facts table; its header row is only for screen readers (see site.css)."""
    # Left out of the site search: it names the linked records, which have pages of their own.
    return f'<div class="record-facts" data-search-exclude markdown="1">\n\n{table(["Field", "Value"], rows)}\n\n</div>'


def front_matter(description: str, searchable: bool = True) -> str:
    """Page metadata: a description for search engines and link previews, and search inclusion.

    Themes print the description raw inside an attribute, so it is stored HTML-escaped, and kept
    to printable characters so the YAML front matter always parses. Pages that only repeat what
    statement pages say are left out of the site search, which keeps its index small.
    """
    value = "".join(ch for ch in attr(description) if ch.isprintable()).replace("\\", "&#92;")
    search = "" if searchable else "\nsearch:\n  exclude: true"
    return f'---\ndescription: "{value}"{search}\n---'


def not_searched(block: str) -> str:
    """A block left out of the site search (Material reads ``data-search-exclude``)."""
    return f'<div data-search-exclude markdown="1">\n\n{block}\n\n</div>'


def code_block(content: str, language: str = "text", indent: str = "") -> str:
    """A fenced code block whose fence no line of ``content`` can close."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [f"{fence}{language}", *content.splitlines(), fence]
    return "\n".join(indent + line for line in lines)


def page(*blocks: str) -> str:
    """Join blocks with blank lines; a page always ends with one newline.

    Front matter, when given, must be the first block: engines only read it at the very top.
    """
    assert not any(b.startswith("---\n") for b in blocks[1:]), "front matter must come first"
    return "\n\n".join(block.strip("\n") for block in blocks if block) + "\n"
