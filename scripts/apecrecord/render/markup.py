"""Markdown building blocks that keep data as text.

Every value from the YAML goes through ``text()`` (or ``attr()`` inside an HTML attribute,
``tooltip()`` inside a ``title``) before it reaches a page. These are the escaping functions of
``apecrecord.escape`` under the short names the page renderers use; that module says which
function serves which output context and why.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence

from apecrecord.escape import front_matter_value, tooltip
from apecrecord.escape import html_attr as attr
from apecrecord.escape import markdown_fragment as fragment
from apecrecord.escape import markdown_text as text
from apecrecord.escape import page_title as title

__all__ = [
    "attr",
    "code_block",
    "definition_rows",
    "fragment",
    "front_matter",
    "heading",
    "link",
    "not_searched",
    "page",
    "rel",
    "table",
    "text",
    "title",
    "tooltip",
]


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link from one generated Markdown file to another (links stay engine-neutral)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def link(label: str, href: str) -> str:
    """``[label](href)`` where ``label`` is already-escaped Markdown and ``href`` one we built."""
    return f"[{label}]({href})"


def heading(level: int, content: str, anchor: str = "") -> str:
    suffix = f" {{ #{anchor} }}" if anchor else ""
    return f"{'#' * level} {content}{suffix}"


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

    Pages that only repeat what statement pages say are left out of the site search, which keeps
    its index small.
    """
    search = "" if searchable else "\nsearch:\n  exclude: true"
    return f"---\ndescription: {front_matter_value(description)}{search}\n---"


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
