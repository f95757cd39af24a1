"""The explorer as built (without JavaScript), the links into it, titles and the search index."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from apecrecord.crossref import CrossRef
from apecrecord.render import explorer
from apecrecord.render.parts import statement_title, whose_words
from hypothesis import given, settings
from hypothesis import strategies as st


class _Rows(HTMLParser):
    """The explorer table's rows: their data- attributes and the links in them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.inside = False

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "tr"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and "data-id" in values:
            self.rows.append({"data": {k[5:]: v for k, v in values.items() if k.startswith("data-")}, "links": []})
            self.inside = True
        elif tag == "a" and self.inside and values.get("href"):
            self.rows[-1]["links"].append(values["href"])


def _explorer_rows(site: Path) -> list[dict]:
    parser = _Rows()
    parser.feed((site / "statements" / "index.html").read_text(encoding="utf-8"))
    return parser.rows


def test_the_explorer_lists_every_statement_with_its_facets(fixture_site: Path, fixture_record) -> None:
    rows = _explorer_rows(fixture_site)
    assert [r["data"]["id"] for r in rows] == [s.id for s in fixture_record.statements]
    for row, statement in zip(rows, fixture_record.statements, strict=True):
        data = row["data"]
        assert (data["kind"], data["speaker"], data["source"]) == (statement.kind, statement.speaker, statement.source)
        assert data["theme"].split() == list(statement.themes)
        assert data["initiative"].split() == list(statement.initiatives)
        assert data["actor"].split() == list(statement.actors)
        assert row["links"][0] == f"{statement.id}/"
        for number in statement.paragraphs:
            assert f"../sources/{statement.source}/#p{number}" in row["links"]
        for link in row["links"]:
            target = fixture_site / "statements" / urlsplit(link).path
            assert (target / "index.html").is_file() or target.is_file(), link


def test_explorer_rows_show_title_quote_context_and_whose_words(fixture_record) -> None:
    ref = CrossRef.build(fixture_record)
    statement = next(s for s in fixture_record.statements if s.id == "leader-ai-cooperation")
    statement = replace(statement, context="The Leader said")
    row = explorer._row("statements/index.md", 0, statement, ref)
    assert '<span class="quote-context">[The Leader said …]</span>' in row
    assert '<q class="quote-text">economies should work together on AI governance</q>' in row
    assert f'<span class="quote-words">({whose_words(statement, ref)})</span>' in row
    assert f">{html.escape(statement_title(statement, ref))}</a>" in row


def test_the_explorer_is_left_to_search_engines_not_the_site_search(fixture_site: Path) -> None:
    html = (fixture_site / "statements" / "index.html").read_text(encoding="utf-8")
    assert "noindex" not in html
    index = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(
        doc["location"].startswith("statements/#") or doc["location"] == "statements/" for doc in index["docs"]
    )
    assert '<p class="explorer-status" role="status" aria-live="polite">7 statements</p>' in html


def test_the_grouped_listings_stay_reachable(fixture_site: Path, fixture_record) -> None:
    html = (fixture_site / "statements" / "index.html").read_text(encoding="utf-8")
    assert 'href="by-source/"' in html and 'href="by-theme/"' in html
    by_source = (fixture_site / "statements" / "by-source" / "index.html").read_text(encoding="utf-8")
    for statement in fixture_record.statements:
        assert f'href="../{statement.id}/"' in by_source


def _explorer_links(page: Path) -> list[tuple[str, int, dict[str, list[str]]]]:
    found = []
    for href, label in re.findall(r'<a href="([^"]*statements/\?[^"]*)">([^<]*)</a>', page.read_text(encoding="utf-8")):
        query: dict[str, list[str]] = {}
        for key, value in parse_qsl(urlsplit(href.replace("&amp;", "&")).query):
            query.setdefault(key, []).append(value)
        found.append((label, int(re.search(r"\d+", label).group()), query))
    return found


def test_counts_elsewhere_open_the_explorer_with_the_same_statements(fixture_site: Path, fixture_record) -> None:
    ref = CrossRef.build(fixture_record)
    checked = 0
    pages = [fixture_site / kind / "index.html" for kind in ("themes", "initiatives", "actors", "events")]
    for kind in ("themes", "initiatives", "actors", "events"):
        pages += sorted((fixture_site / kind).glob("*/index.html"))
    for page in pages:
        for label, count, query in _explorer_links(page):
            assert set(query) <= set(explorer.FILTERS), (page, query)
            assert count == len(explorer.matching(ref, **query)), (page, label, query)
            checked += 1
    assert checked >= 15
    theme = _explorer_links(fixture_site / "themes" / "trade" / "index.html")
    assert theme == [("Open these 5 statements in the explorer", 5, {"theme": ["trade"]})]


def test_no_two_pages_share_a_title(fixture_site: Path) -> None:
    titles: dict[str, Path] = {}
    for page in sorted(fixture_site.rglob("*.html")):
        found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        if not found or page.name == "404.html":
            continue
        title = found.group(1).strip()
        if title.startswith("Moved:"):
            continue  # a former id's redirect page
        assert title not in titles, f"{page} and {titles[title]} share <title>{title}</title>"
        titles[title] = page
    assert "Openness as the foundation of growth - APEC 2025 Statements" in titles


def _search_docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_the_search_index_leaves_out_cite_boxes_and_related_lists(fixture_site: Path, real_site: Path) -> None:
    for site in (fixture_site, real_site):
        docs = _search_docs(site)
        assert [d["location"] for d in docs if d["location"].endswith(("#cite", "#related"))] == []
        assert [d["location"] for d in docs if "@misc" in d["text"] or "date-parts" in d["text"]] == []
        assert [d["location"] for d in docs if "Copy link" in d["text"]] == []


def test_search_results_show_the_statements_title(fixture_site: Path, fixture_record) -> None:
    ref = CrossRef.build(fixture_record)
    titles = {d["location"]: d["title"] for d in _search_docs(fixture_site)}
    for statement in fixture_record.statements:
        assert titles[f"statements/{statement.id}/"] == statement_title(statement, ref)


def test_aliases_are_in_the_searchable_text(real_site: Path) -> None:
    docs = {d["location"]: d["text"] for d in _search_docs(real_site)}
    assert "RCEP" in docs["initiatives/regional-comprehensive-economic-partnership/"]
    assert "NDCs" in docs["initiatives/china-2035-nationally-determined-contributions/"]
    assert "ROK" in docs["actors/republic-of-korea/"]


def test_every_reader_paragraph_has_a_copy_link_control(fixture_site: Path, fixture_record) -> None:
    for source in fixture_record.sources:
        html = (fixture_site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        numbered = [b.number for b in fixture_record.archives[source.id].blocks if b.number is not None]
        for number in numbered:
            assert f'data-anchor="p{number}" aria-label="Copy link to paragraph {number}"' in html


def test_the_script_and_the_page_agree_on_the_filters(fixture_site: Path) -> None:
    from conftest import ROOT

    script = (ROOT / "docs" / "assets" / "explorer.js").read_text(encoding="utf-8")
    listed = re.search(r"var FILTERS = \[([^\]]*)\]", script).group(1)
    assert tuple(re.findall(r'"([a-z]+)"', listed)) == explorer.FILTERS
    html = (fixture_site / "statements" / "index.html").read_text(encoding="utf-8")
    assert tuple(re.findall(r'<details class="facet" data-facet="([a-z]+)"', html)) == explorer.FILTERS


@settings(max_examples=200, deadline=None)
@given(aliases=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=3))
def test_other_names_reach_the_search_tags_exactly(fixture_record, aliases: list[str]) -> None:
    """An initiative's and an actor's other names are their pages' search tags, as the search index
    holds all its text: HTML-escaped, on one line, and read alike by YAML and the project's reader."""
    import yaml
    from apecrecord.render.markup import read_front_matter
    from apecrecord.render.parts import SiteOptions
    from apecrecord.render.topics import actor_page, initiative_page

    initiative = replace(fixture_record.initiatives[0], aliases=tuple(aliases))
    actor = replace(fixture_record.actors[0], aliases=tuple(aliases))
    ref = CrossRef.build(replace(fixture_record, initiatives=[initiative], actors=[actor]))
    # What a reader can type: the printable characters, runs of white space as one space.
    typed = [" ".join("".join(ch for ch in a if ch.isprintable() or ch.isspace()).split()) for a in aliases]
    for content in (initiative_page(initiative, ref, SiteOptions()), actor_page(actor, ref, SiteOptions())):
        meta, _ = read_front_matter(content)
        assert yaml.safe_load(content[4:].split("\n---\n", 1)[0]) == meta
        assert [html.unescape(tag) for tag in meta["tags"]] == typed
        assert not [tag for tag in meta["tags"] if re.search(r'[<>"\\]|&(?!#?\w+;)', tag)]
