"""Reading finished pages: tables of contents, anchors, and the link check that replaces MkDocs'."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from apecrecord.check import check_data
from apecrecord.pages import anchors, broken_links, events, headings, hrefs, toc_tokens
from apecrecord.publish import site_files
from apecrecord.render.markup import heading, read_front_matter

ROOT = Path(__file__).resolve().parent.parent


class _Read(HTMLParser):
    """What Python's HTML parser finds: the reference the regular expressions are tested against."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.headings: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") is not None:
            self.ids.add(found["id"])
        if tag == "a" and found.get("href") is not None:
            self.hrefs.append(found["href"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and found.get("id") is not None:
            self.headings.append((int(tag[1]), found["id"]))


@pytest.mark.parametrize("data", [ROOT / "tests" / "fixtures" / "record", ROOT / "data"], ids=["fixture", "real"])
def test_every_generated_page_reads_the_same_as_with_an_html_parser(data: Path) -> None:
    record, _ = check_data(data)
    pages = {p: read_front_matter(c)[1] for p, c in site_files(record).items() if p.endswith(".md")}
    assert pages
    for path, page in pages.items():
        reference = _Read()
        reference.feed(page)
        reference.close()
        assert anchors(page) == reference.ids, path
        assert hrefs(page) == reference.hrefs, path
        assert [(h.level, h.anchor) for h in headings(page)] == reference.headings, path


@pytest.mark.parametrize("data", [ROOT / "tests" / "fixtures" / "record", ROOT / "data"], ids=["fixture", "real"])
def test_every_link_between_generated_pages_resolves(data: Path) -> None:
    record, _ = check_data(data)
    docs = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*") if p.is_file()}
    assert broken_links(site_files(record), docs) == []


def test_broken_links_are_named_with_their_page_and_reason() -> None:
    pages = {
        "statements/a.md": heading(1, "A", "top")
        + '<a href="../b/#p2">x</a><a href="../../sources/c/">y</a><a href="../../../out/">z</a>'
        + '<a href="../a.json">j</a><a href="../gone.json">g</a><a href="#top">t</a><a href="#nope">n</a>'
        + '<a href="https://example.org/x">e</a><a href="../../about/#x">h</a><a href="../?theme=x">q</a>',
        "statements/b.md": '<p id="p1">b</p>',
        "statements/index.md": "<p>all</p>",
    }
    assert broken_links(pages, {"statements/a.json", "about.md"}) == [
        "statements/a.md: ../b/#p2: no #p2 on that page",
        "statements/a.md: ../../sources/c/: no page at this address",
        "statements/a.md: ../../../out/: leaves the site",
        "statements/a.md: ../gone.json: no file at this address",
        "statements/a.md: #nope: no #nope on that page",
    ]


def test_without_the_hand_written_pages_only_links_between_generated_ones_are_checked() -> None:
    pages = {"index.md": '<a href="about/#x">a</a><a href="themes/t/#p9">t</a>', "themes/t.md": '<p id="p1">t</p>'}
    assert broken_links(pages, None) == ["index.md: themes/t/#p9: no #p9 on that page"]
    assert broken_links(pages, set()) == [
        "index.md: about/#x: no page at this address",
        "index.md: themes/t/#p9: no #p9 on that page",
    ]


def test_a_table_of_contents_nests_headings_by_level() -> None:
    page = (
        heading(1, "Title", "t")
        + heading(2, "One &amp; two", "one")
        + heading(3, "Deeper", "d")
        + heading(2, "Two", "two")
    )
    tokens = toc_tokens(page)
    assert [t["id"] for t in tokens] == ["t"]
    assert [(c["id"], c["name"]) for c in tokens[0]["children"]] == [("one", "One &amp; two"), ("two", "Two")]
    assert tokens[0]["children"][0]["children"][0]["id"] == "d"


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, object]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, None))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", "", self.events[-1][2] + data)
        else:
            self.events.append(("data", "", data))


@pytest.mark.parametrize("data", [ROOT / "tests" / "fixtures" / "record", ROOT / "data"], ids=["fixture", "real"])
def test_events_are_those_of_pythons_html_parser_on_every_generated_page(data: Path) -> None:
    record, _ = check_data(data)
    for path, content in site_files(record).items():
        if path.endswith(".md"):
            page = read_front_matter(content)[1]
            reference = _Events()
            reference.feed(page)
            reference.close()
            assert list(events(page)) == reference.events, path
