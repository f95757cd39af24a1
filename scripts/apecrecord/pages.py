"""Reading the finished pages we generate: their headings, anchors and links.

Generated pages are HTML the renderers wrote (``render.markup``), so no engine parses them: the
MkDocs hook takes each page's table of contents from here, and ``broken_links`` does what MkDocs'
link validation did for Markdown, checking every link between generated pages, down to the
anchor, before anything is built. Tags are read with regular expressions, which is exact for
HTML written by ``render.markup`` (attributes always double-quoted, no ``>`` inside them) and
is tested against Python's HTML parser on every page of the site.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from apecrecord.render import paths
from apecrecord.render.markup import read_front_matter

_HEADING = re.compile(r'<h([1-6])(?: data-search-exclude)? id="([^"]*)">(.*?)<a class="headerlink"', re.S)
_ID = re.compile(r'<[a-zA-Z][\w-]*\s[^>]*?(?<=\s)id="([^"]*)"')
_HREF = re.compile(r'<a\s[^>]*?(?<=\s)href="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'([^\s="/]+)(?:="([^"]*)")?')
_RAW_TEXT_END = {tag: re.compile(f"</{tag}", re.I) for tag in ("script", "style")}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    html: str  # the heading's content, without its permanent link

    @property
    def label(self) -> str:
        """The heading's text as HTML (still escaped): themes print table of contents labels raw."""
        return _TAG.sub("", self.html).strip()


def headings(page_html: str) -> list[Heading]:
    """The page's headings in order, as ``markup.heading`` wrote them."""
    return [
        Heading(int(level), html.unescape(anchor), content) for level, anchor, content in _HEADING.findall(page_html)
    ]


def toc_tokens(page_html: str) -> list[dict]:
    """Headings nested by level, in the form Python-Markdown's ``toc_tokens`` has (engines build
    a table of contents from it)."""
    roots: list[dict] = []
    stack: list[dict] = []
    for heading in headings(page_html):
        token = {"level": heading.level, "id": heading.anchor, "name": heading.label, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


def anchors(page_html: str) -> set[str]:
    """Every id on the page: what a link's ``#anchor`` may point to."""
    return {html.unescape(found) for found in _ID.findall(page_html)}


def hrefs(page_html: str) -> list[str]:
    return [html.unescape(found) for found in _HREF.findall(page_html)]


def broken_links(published: dict[str, str | bytes], other_files: set[str] | None) -> list[str]:
    """Every link on a generated page that leads nowhere, as ``page: link: why`` lines.

    ``published`` is what ``publish.site_files`` returns (pages are its ``.md`` entries);
    ``other_files`` are the other paths published beside them (hand-written pages, assets), or
    None when they are not known, and links to what is not generated are then not checked. A
    link to a generated page must name an anchor that page has; anchors on hand-written pages are
    left to the engine, which validates those pages itself.
    """
    pages = {
        path: read_front_matter(content)[1]
        for path, content in published.items()
        if path.endswith(".md") and isinstance(content, str)
    }
    files = (other_files or set()) | (set(published) - set(pages))
    by_url = {paths.url_of(path): path for path in pages}
    by_url.update({paths.url_of(path): path for path in files if path.endswith(".md")})
    found_anchors = {path: anchors(content) for path, content in pages.items()}
    problems = []
    for path, content in pages.items():
        here = paths.url_of(path)
        for href in hrefs(content):
            problem = _problem(href, here, path, by_url, found_anchors, files, other_files is not None)
            if problem:
                problems.append(f"{path}: {href}: {problem}")
    return problems


def _problem(
    href: str,
    here: str,
    path: str,
    by_url: dict[str, str],
    found_anchors: dict[str, set[str]],
    other_files: set[str],
    others_known: bool,
) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # another site: not ours to check
    target_path = path
    if parts.path:
        resolved = posixpath.normpath(posixpath.join(here or ".", unquote(parts.path)))
        if resolved.startswith(".."):
            return "leaves the site"
        resolved = "" if resolved == "." else resolved
        if parts.path.endswith("/") or not resolved:
            key = f"{resolved}/" if resolved else ""
            if key not in by_url:
                return "no page at this address" if others_known else None
            target_path = by_url[key]
        elif resolved in other_files or resolved in found_anchors:
            return None  # a published file (JSON, text, asset): it has no anchors to check
        else:
            return "no file at this address" if others_known else None
    anchor = unquote(parts.fragment)
    if anchor and target_path in found_anchors and anchor not in found_anchors[target_path]:
        return f"no #{anchor} on that page"
    return None


def events(page_html: str) -> Iterator[tuple[str, str, object]]:
    """The page as the events Python's ``HTMLParser`` would report for it, read much faster.

    ``("start", tag, attrs)``, ``("end", tag, None)`` and ``("data", "", text)``, with attribute
    values and text decoded, and a self-closing tag reported as a start and an end, as
    ``HTMLParser`` does. Script and style contents are passed on as they are. Tested against
    ``HTMLParser`` on every generated page.
    """
    position = 0
    while (match := _TOKEN.search(page_html, position)) is not None:
        closing, tag, attributes, self_closing = match.groups()
        tag = tag.lower()
        if match.start() > position:
            yield "data", "", html.unescape(page_html[position : match.start()])
        position = match.end()
        if closing:
            yield "end", tag, None
            continue
        found = [
            (m.group(1).lower(), None if m.group(2) is None else html.unescape(m.group(2)))
            for m in _ATTRIBUTE.finditer(attributes)
        ]
        yield "start", tag, found
        if self_closing:
            yield "end", tag, None
        elif tag in _RAW_TEXT_END:
            closing_tag = _RAW_TEXT_END[tag].search(page_html, position)
            end = closing_tag.start() if closing_tag else len(page_html)
            if end > position:
                yield "data", "", page_html[position:end]
            position = end
    if position < len(page_html):
        yield "data", "", html.unescape(page_html[position:])
