"""HTML building blocks that keep data as text, and the page format every engine reads.

A generated page is front matter (title, description, search settings) followed by one block of
finished HTML with no blank line in it. Markdown engines pass such a block through untouched
(CommonMark ends an HTML block only at a blank line; Python-Markdown keeps a raw block whole), so
``apecrecord render --out`` stays buildable by any engine, while the MkDocs hook hands the HTML to
MkDocs as it is and never pays a Markdown parser to rediscover it.

Every value from the YAML goes through ``text()`` (or ``attr()`` inside an HTML attribute,
``tooltip()`` inside a ``title``) before it reaches a page. These are the escaping functions of
``apecrecord.escape`` under the short names the page renderers use; that module says which
function serves which output context and why.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

from apecrecord.escape import front_matter_value, tooltip
from apecrecord.escape import html_attr as attr
from apecrecord.escape import html_fragment as fragment
from apecrecord.escape import html_text as text
from apecrecord.escape import page_title as title
from apecrecord.render import paths

__all__ = [
    "admonition",
    "attr",
    "bullets",
    "code",
    "code_block",
    "definition_rows",
    "fragment",
    "front_matter",
    "heading",
    "html_block",
    "link",
    "not_searched",
    "numbered",
    "page",
    "read_front_matter",
    "rel",
    "slug",
    "table",
    "text",
    "title",
    "titled_page",
    "tooltip",
]


def rel(from_page: str, to_path: str, anchor: str = "") -> str:
    """A relative link from one generated page to a page (``x.md``) or a published file.

    Pages are published at directory URLs (``themes/trade.md`` at ``themes/trade/``), as MkDocs
    and Zensical do by default, so the link is written for the URL the reader is at.
    """
    if to_path.endswith(".md"):
        return paths.url_rel(from_page, to_path, anchor)
    target = paths.relative(from_page, to_path)
    return f"{target}#{anchor}" if anchor else target


def link(label: str, href: str, css_class: str = "") -> str:
    """``<a>`` where ``label`` is already-escaped HTML and ``href`` one we built."""
    extra = f' class="{attr(css_class)}"' if css_class else ""
    return f'<a href="{attr(href)}"{extra}>{label}</a>'


def code(value: str) -> str:
    """Data as inline code."""
    return f"<code>{text(value)}</code>"


def slug(label: str) -> str:
    """An anchor made from a heading's text, the way Python-Markdown's table of contents makes one."""
    plain = re.sub(r"<[^>]*>", "", label)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"&[#\w]+;", "", plain)
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", plain).strip().lower())


def heading(level: int, content: str, anchor: str = "", searchable: bool = True) -> str:
    """A heading with its permanent link; ``searchable=False`` leaves its section out of search.

    Material drops a section from the search index only when the heading itself carries
    ``data-search-exclude``.
    """
    anchor = anchor or slug(content)
    exclude = " data-search-exclude" if not searchable else ""
    permalink = f'<a class="headerlink" href="#{attr(anchor)}" title="Permanent link">&para;</a>'
    return f'<h{level}{exclude} id="{attr(anchor)}">{content}{permalink}</h{level}>'


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table; headers and cells must already be escaped HTML."""
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>"
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>\n<thead>\n{head}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def bullets(items: Iterable[str], css_class: str = "") -> str:
    """A bulleted list of already-escaped HTML items."""
    extra = f' class="{attr(css_class)}"' if css_class else ""
    return f"<ul{extra}>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def definition_rows(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column facts table; its header row is only for screen readers (see site.css)."""
    # Left out of the site search: it names the linked records, which have pages of their own.
    return f'<div class="record-facts" data-search-exclude>\n{table(["Field", "Value"], rows)}\n</div>'


def admonition(kind: str, label: str, body: str) -> str:
    """A Material admonition box (``note``, ``quote``, ``example``...) around finished HTML."""
    return f'<div class="admonition {attr(kind)}">\n<p class="admonition-title">{text(label)}</p>\n{body}\n</div>'


def not_searched(block: str) -> str:
    """A block left out of the site search (Material reads ``data-search-exclude``)."""
    return f"<div data-search-exclude>\n{block}\n</div>"


def code_block(content: str, language: str = "text") -> str:
    """A code block Material gives a copy button; its line breaks are character references.

    Written on one line, so no line of ``content`` can end the page's HTML block early, and the
    browser shows and copies exactly ``content`` (tabs too, which Markdown engines would expand).
    """
    escaped = "&#10;".join(fragment(line) for line in content.split("\n")).replace("\t", "&#9;")
    return f'<pre class="highlight"><code class="language-{attr(language)}">{escaped}</code></pre>'


def front_matter(
    page_title: str, description: str, searchable: bool = True, tags: Sequence[str] = (), hide: Sequence[str] = ()
) -> str:
    """Page metadata: the title engines show in the browser tab, nav and search; a description
    for search engines and link previews; search inclusion; search tags; parts of the theme the
    page hides (``toc``: a wide figure takes the table of contents' column).

    Pages that only repeat what statement pages say are left out of the site search, which keeps
    its index small. Tags are a page's other names, which the site search ranks above titles.
    """
    lines = ["---", f"title: {front_matter_value(_plain_title(page_title))}"]
    lines.append(f"description: {front_matter_value(description)}")
    if not searchable:
        lines += ["search:", "  exclude: true"]
    if tags:
        lines += ["tags:", *(f"  - {front_matter_value(tag)}" for tag in tags)]
    if hide:
        lines += ["hide:", *(f"  - {front_matter_value(part)}" for part in hide)]
    return "\n".join(lines) + "\n---"


def _plain_title(value: str) -> str:
    """A title as themes print it: angle brackets as look-alikes (see ``escape.page_title``)."""
    return value.replace("<", "‹").replace(">", "›")


def read_front_matter(page_text: str) -> tuple[dict[str, object], str]:
    """The metadata and HTML of a page written by ``page()``: the inverse of ``front_matter``.

    Every value ``front_matter`` writes is a double-quoted string with no backslash or quote in
    it, which YAML and JSON read alike, so this needs no YAML parser (tests compare the two).
    """
    head, separator, body = page_text.removeprefix("---\n").partition("\n---\n")
    if not page_text.startswith("---\n") or not separator:
        return {}, page_text
    meta: dict[str, object] = {}
    key = ""
    for line in head.split("\n"):
        if line.startswith("  - "):
            meta.setdefault(key, []).append(json.loads(line[4:]))  # type: ignore[union-attr]
        elif line == "  exclude: true":
            meta[key] = {"exclude": True}
        else:
            key, _, value = line.partition(":")
            if value.strip():
                meta[key] = json.loads(value.strip())
    return meta, body.lstrip("\n")


def page(front: str, *blocks: str) -> str:
    """A page: front matter, then its blocks as one HTML block (``html_block``)."""
    return f"{front}\n\n{html_block(*blocks)}\n"


def numbered(items: Iterable[str]) -> str:
    """A numbered list of already-escaped HTML items."""
    return "<ol>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ol>"


def html_block(*blocks: str) -> str:
    """Blocks as one HTML block with no blank line inside, as ``page()`` writes a page's body,
    for a generated block inside a hand-written Markdown page.

    A block that does not start with a tag is a paragraph of already-escaped HTML.
    """
    body = "\n".join(block if block.startswith("<") else f"<p>{block}</p>" for block in blocks if block)
    return re.sub(r"\n\s*\n", "\n", body)


_IDS = re.compile(r'\sid="([^"]*)"')


def titled_page(front: str, title_html: str, *blocks: str) -> str:
    """A page under its h1 (see ``page``), the h1 anchored as Python-Markdown's table of contents
    anchors it: at the title's slug, numbered (``_1``, ``_2``...) when the slug is empty or another
    id on the page already has it, so a record's name can never take a section's anchor."""
    taken = set(_IDS.findall("\n".join(blocks)))
    base = slug(title_html)
    anchor, number = base, 0
    while not anchor or anchor in taken:
        number += 1
        anchor = f"{base}_{number}"
    return page(front, heading(1, title_html, anchor), *blocks)
