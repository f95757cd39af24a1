"""Reading a generated page as a browser would: its text, its links, its ids, and its faults.

Generated pages are front matter and one block of finished HTML, handed to the engine as they
are, so nothing downstream repairs them: these helpers let tests assert what a reader gets.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from apecrecord.render import paths
from apecrecord.render.markup import read_front_matter

SITE = "https://site.test/"
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Markdown that a reader would see as literal characters if it reached finished HTML.
MARKDOWN = re.compile(r"\]\(|\*\*|(?<!\w)\*\S[^*\n]*\*|`|^\s*(?:#{1,6} |- |\d+\. |\||!!! )|\{ ?[#:.]|markdown=", re.M)
#: Elements whose content is text only: a browser drops any tag inside them.
TEXT_ONLY = frozenset({"option", "textarea", "title"})
#: Where text is shown as it is written: code and drawings.
LITERAL = frozenset({"pre", "code", "svg", "script"})


class Shown(HTMLParser):
    """One HTML fragment, read at ``url``: visible text, resolved links, ids and faults."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.open: list[str] = []
        self.faults: list[str] = []
        self.ids: list[str] = []
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text)
        self.links: list[tuple[str, str]] = []  # (text, absolute URL)
        self.markdown: list[str] = []
        self._text: list[str] = []
        self._link: tuple[str, int] | None = None
        self._heading: tuple[str, str, int] | None = None

    @property
    def text(self) -> str:
        return " ".join("".join(self._text).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if TEXT_ONLY & set(self.open):
            self.faults.append(f"<{tag}> inside <{self.open[-1]}>, which holds text only")
        self.handle_startendtag(tag, attrs)
        if tag not in VOID:
            self.open.append(tag)
        if tag == "a" and ("class", "headerlink") in attrs:
            self._text.append("\0")  # the permalink's ¶ is not part of the heading's text
        if tag == "a" and "href" in dict(attrs):
            self._link = (urljoin(self.url, dict(attrs)["href"] or ""), len(self._text))
        if tag in HEADINGS:
            self._heading = (tag, dict(attrs).get("id") or "", len(self._text))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element_id = dict(attrs).get("id")
        if element_id is not None:
            if element_id in self.ids:
                self.faults.append(f"id {element_id!r} twice")
            self.ids.append(element_id)
        if tag in HEADINGS and not element_id:
            self.faults.append(f"<{tag}> without an id")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.faults.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()
        if tag == "a" and self._link:
            href, start = self._link
            self.links.append((" ".join("".join(self._text[start:]).split()), href))
            self._link = None
        if tag in HEADINGS and self._heading:
            name, element_id, start = self._heading
            shown = "".join(self._text[start:]).split("\0")[0]
            self.headings.append((name, element_id, " ".join(shown.split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if not LITERAL & set(self.open) and MARKDOWN.search(data):
            self.markdown.append(data)
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self.faults += [f"<{tag}> never closed" for tag in self.open]
        self._text = [t.replace("\0", "") for t in self._text]


def read(html: str, page_path: str) -> Shown:
    """``html`` as a reader at the URL where ``page_path`` (``compare/index.md``) is published."""
    shown = Shown(urljoin(SITE, paths.url_of(page_path)))
    shown.feed(html)
    shown.close()
    return shown


def read_page(page: str, page_path: str) -> tuple[dict[str, object], Shown]:
    """A generated page's front matter and its HTML read as a reader gets it, after checking it is
    one HTML block (no blank line inside), well formed, with a unique id on every heading and no
    Markdown left in its text; its front matter title is its h1 as shown."""
    meta, body = read_front_matter(page)
    assert meta.get("title") and meta.get("description"), (page_path, meta)
    assert body.strip() and "\n\n" not in body.strip(), (page_path, "a blank line ends the HTML block")
    shown = read(body, page_path)
    assert shown.faults == [], (page_path, shown.faults)
    assert shown.markdown == [], (page_path, shown.markdown)
    h1 = [text for tag, _, text in shown.headings if tag == "h1"]
    assert h1 == [html.unescape(str(meta["title"]))], (page_path, h1, meta["title"])
    return meta, shown


def url(page_path: str, anchor: str = "") -> str:
    """The absolute URL ``read`` resolves a link to ``page_path`` to."""
    return urljoin(SITE, paths.url_of(page_path)) + (f"#{anchor}" if anchor else "")


def table_rows(fragment: str) -> list[list[str]]:
    """Every table row of ``fragment`` as the text of its cells."""
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S)
    ]
