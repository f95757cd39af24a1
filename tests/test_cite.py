"""Citations as a reader's tools see them: CSL against the official schema, BibTeX through pybtex,
absolute addresses under the site's address and none passed off as permanent without it."""

from __future__ import annotations

import html as htmllib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from apecrecord import cite
from apecrecord.check import check_data
from apecrecord.crossref import CrossRef
from apecrecord.render.parts import statement_title, whose_words
from conftest import FIXTURE, ROOT, _built
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

# The CSL data schema, vendored from citation-style-language/schema (schemas/input/csl-data.json,
# MIT licence beside it): what reference managers and CSL processors accept as CSL-JSON.
CSL_SCHEMA = json.loads((ROOT / "tests" / "vendor" / "csl-data.json").read_text(encoding="utf-8"))
BASE = "https://example.org/apec/"


@pytest.fixture(scope="module")
def real_record():
    return check_data(ROOT / "data")[0]


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture record built with a site address, as the Pages workflow builds the site."""
    return _built(tmp_path_factory, FIXTURE / "data", "addressed-site", site_url=BASE)


def _records(fixture_record, real_record):
    return [("fixture", fixture_record), ("real", real_record)]


@pytest.mark.parametrize("base", [None, BASE])
def test_every_csl_item_is_valid_against_the_official_schema(fixture_record, real_record, base) -> None:
    validator = Draft7Validator(CSL_SCHEMA)
    for name, record in _records(fixture_record, real_record):
        ref = CrossRef.build(record)
        items = [cite.csl_json(s, ref, base, "2026-11-23") for s in record.statements]
        problems = [f"{name} {e.path}: {e.message}" for e in validator.iter_errors(items)]
        assert problems == []
        for statement, item in zip(record.statements, items, strict=True):
            assert "label" not in item
            assert item["section"] == cite.pinpoint(statement)  # the paragraph, as printed
            assert item["title"] == statement_title(statement, ref)
            assert ("URL" in item) == (base is not None)


def _pybtex_plain(entry_text: str) -> str:
    """The entry formatted by pybtex's ``unsrt`` style, which sentence-cases titles."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    data = parse_string(entry_text, "bibtex")
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    formatted = list(style.format_entries(data.entries.values()))
    return formatted[0].text.render_as("text")


def test_bibtex_parses_and_sentence_case_styles_keep_capitals(fixture_record) -> None:
    from pybtex.database import parse_string

    ref = CrossRef.build(fixture_record)
    statement = next(s for s in fixture_record.statements if s.id == "analyst-data-flow")
    statement = replace(statement, title="APEC data should flow freely for AI")
    entry = cite.bibtex(statement, ref, BASE, "2026-11-23")
    parsed = parse_string(entry, "bibtex").entries["analyst-data-flow"]
    assert parsed.type == "misc"
    assert "date" not in parsed.fields  # the op-ed's date is only bounded: none is invented
    assert parsed.fields["url"] == BASE + "statements/analyst-data-flow/"
    assert parsed.fields["urldate"] == "2026-11-23"
    assert "para. 3" in parsed.fields["howpublished"]
    shown = _pybtex_plain(entry)
    assert "APEC data should flow freely for AI" in shown  # not "Apec data ... for ai"
    asia = replace(fixture_record.statements[0], title="Openness underpins Asia-Pacific growth")
    assert "Openness underpins Asia-Pacific growth" in _pybtex_plain(cite.bibtex(asia, ref, BASE, "2026-11-23"))


def test_bibtex_gives_the_full_date_when_the_source_has_one(fixture_record) -> None:
    from pybtex.database import parse_string

    ref = CrossRef.build(fixture_record)
    statement = next(s for s in fixture_record.statements if s.id == "leader-climate-plan")
    entry = parse_string(cite.bibtex(statement, ref, BASE, "2026-11-24"), "bibtex").entries[statement.id]
    fields = entry.fields
    assert (fields["date"], fields["year"], fields["month"]) == ("2025-11-01", "2025", "November")
    # Reported speech: the reporter wrote these words; one braced name, not "Agency, News".
    assert [str(p) for p in entry.persons["author"]] == ["{News Agency}"]
    assert "News Agency, reporting The Leader" in fields["note"].replace("{", "").replace("}", "")


_WORD = st.text(alphabet=st.sampled_from("abcXYZ-'.,:;&%$#_^~{}\\\"0123 é中"), min_size=1, max_size=8).filter(
    lambda w: w.strip()
)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_WORD, min_size=1, max_size=6))
def test_any_title_gives_bibtex_that_parses_with_its_capitals_kept(fixture_record, words: list[str]) -> None:
    from pybtex.database import parse_string

    ref = CrossRef.build(fixture_record)
    title = " ".join(words)
    statement = replace(fixture_record.statements[0], title=title)
    entry = parse_string(cite.bibtex(statement, ref, BASE, "2026-11-23"), "bibtex").entries[statement.id]
    shown = _pybtex_plain(cite.bibtex(statement, ref, BASE, "2026-11-23"))
    for word in title.split():
        if re.fullmatch(r"[A-Za-z]*[A-Z][A-Za-z]*", word):
            assert word in shown, (title, shown)
    assert entry.fields["title"]


def test_reported_speech_is_cited_as_the_reporters_words(fixture_record) -> None:
    ref = CrossRef.build(fixture_record)
    statement = next(s for s in fixture_record.statements if s.id == "leader-climate-plan")
    assert cite.citation_text(statement, ref, BASE).startswith("News Agency, reporting The Leader. ")
    assert cite.csl_json(statement, ref, BASE)["author"] == [{"literal": "News Agency"}]
    data = cite.statement_json_ld(statement, ref, BASE)
    assert data["creator"] == {"@type": "Organization", "name": "News Agency"}
    assert data["about"] == {"@type": "Person", "name": "The Leader"}
    assert "spokenByCharacter" not in data
    own = next(s for s in fixture_record.statements if s.id == "analyst-openness")
    own_data = cite.statement_json_ld(own, ref, BASE)
    assert own_data["creator"]["name"] == own_data["spokenByCharacter"]["name"] == "Ana Lyst"


def test_a_site_address_makes_every_published_address_absolute(addressed_site: Path, fixture_record) -> None:
    for statement in fixture_record.statements:
        url = BASE + f"statements/{statement.id}/"
        data = json.loads((addressed_site / "statements" / f"{statement.id}.json").read_text(encoding="utf-8"))
        assert data["url"] == url
        assert data["citation"]["csl"]["URL"] == url
        assert f"url = {{{url}}}" in data["citation"]["bibtex"]
        assert data["citation"]["text"].endswith(f"{url} (accessed 24 November 2026).")
        html = (addressed_site / "statements" / statement.id / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{url}">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert cite.SITE_PLACEHOLDER.replace("<", "&lt;") not in html
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert ld["url"] == url
    listed = json.loads((addressed_site / "downloads" / "statements.json").read_text(encoding="utf-8"))
    assert all(s["url"].startswith(BASE) for s in listed["statements"])


def test_a_site_address_gives_a_valid_sitemap_and_canonical_links(addressed_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(addressed_site / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert locations and all(loc.startswith(BASE) for loc in locations)
    for page in addressed_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a former id's redirect points at its statement
        relative = page.parent.relative_to(addressed_site).as_posix()
        expected = BASE + ("" if relative == "." else relative + "/")
        assert f'<link rel="canonical" href="{expected}">' in html, page


def test_without_a_site_address_nothing_relative_is_passed_off_as_permanent(fixture_site: Path, fixture_record) -> None:
    assert not (fixture_site / "sitemap.xml").exists()
    assert not (fixture_site / "sitemap.xml.gz").exists()
    listed = json.loads((fixture_site / "downloads" / "statements.json").read_text(encoding="utf-8"))
    assert {s["url"] for s in listed["statements"]} == {None}
    for statement in fixture_record.statements:
        data = json.loads((fixture_site / "statements" / f"{statement.id}.json").read_text(encoding="utf-8"))
        assert data["url"] is None
        assert data["path"] == f"statements/{statement.id}/"
        assert "URL" not in data["citation"]["csl"]
        assert "url =" not in data["citation"]["bibtex"]
        assert "/statements/" not in data["citation"]["text"]
        html = (fixture_site / "statements" / statement.id / "index.html").read_text(encoding="utf-8")
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert "url" not in ld
        assert 'rel="canonical"' not in html
        # The cite box shows a placeholder the page's script replaces with the address it is read at.
        box = re.sub(r"<[^>]+>", "", html[html.index('id="cite"') : html.index('class="record-origin"')])
        assert 'data-site-root="../../"' in html
        assert box.count(f"&lt;this site&gt;/statements/{statement.id}/") == 4  # address, text, BibTeX, CSL
        assert box.count("/statements/") == 4


def test_the_feed_links_itself_and_the_site(addressed_site: Path, fixture_site: Path, fixture_record) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(addressed_site / "feed.xml").getroot()
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", ns)}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE}
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(fixture_record.statements)
    for entry in entries:
        assert entry.find("a:link", ns).get("href").startswith(BASE + "statements/")
        assert entry.find("a:id", ns).text.startswith("urn:uuid:")
    titles = [e.find("a:title", ns).text for e in entries]
    assert "A new climate plan" in titles
    # Without the address the links are relative to the feed's own address; ids stay URNs.
    plain = ET.parse(fixture_site / "feed.xml").getroot()
    assert {link.get("rel"): link.get("href") for link in plain.findall("a:link", ns)} == {
        "self": "feed.xml",
        "alternate": "./",
    }
    first = plain.find("a:entry/a:link", ns).get("href")
    assert first == "statements/leader-climate-plan/"
    assert (fixture_site / first / "index.html").is_file()


def test_every_page_advertises_the_feed(fixture_site: Path, addressed_site: Path) -> None:
    for site, href in ((fixture_site, None), (addressed_site, BASE + "feed.xml")):
        for page in site.rglob("index.html"):
            html = page.read_text(encoding="utf-8")
            if 'http-equiv="refresh"' in html:
                continue
            found = re.search(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
            assert found, page
            target = found.group(1)
            if href:
                assert target == href
            else:
                assert (page.parent / target).resolve() == (site / "feed.xml").resolve(), page


def test_statement_pages_carry_link_preview_metadata(fixture_site: Path, fixture_record) -> None:
    ref = CrossRef.build(fixture_record)
    for statement in fixture_record.statements:
        html = (fixture_site / "statements" / statement.id / "index.html").read_text(encoding="utf-8")
        meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)"', html))
        assert htmllib.unescape(meta["og:title"]) == statement_title(statement, ref)
        assert htmllib.unescape(meta["twitter:title"]) == statement_title(statement, ref)
        description = htmllib.unescape(meta["og:description"])
        assert statement.quote in description and whose_words(statement, ref) in description
        assert meta["og:type"] == "article"
        assert meta["twitter:card"] == "summary"


def test_the_method_page_example_is_a_statement_pages_cite_box(fixture_site: Path, fixture_record) -> None:
    def blocks(html: str) -> list[str]:
        box = html[html.index('class="cite-box"') :]
        return re.findall(r"<pre[^>]*>.*?<code[^>]*>(.*?)</code>", box, re.S)[:3]

    first = fixture_record.statements[0]
    about = (fixture_site / "about" / "index.html").read_text(encoding="utf-8")
    page = (fixture_site / "statements" / first.id / "index.html").read_text(encoding="utf-8")
    example = blocks(about)
    assert example == blocks(page)
    assert example[0].startswith("Ana Lyst. “Openness as the foundation of growth.”")
    assert "@misc{analyst-openness," in example[1]
    assert "<!-- generated" not in about


def test_json_ld_sits_in_the_head_where_instant_navigation_leaves_it(fixture_site: Path, fixture_record) -> None:
    """Material re-runs body scripts as JavaScript on instant navigation; JSON-LD there would throw."""
    pages = [f"statements/{s.id}" for s in fixture_record.statements] + [
        f"sources/{s.id}" for s in fixture_record.sources
    ]
    for page in pages:
        head, body = (fixture_site / page / "index.html").read_text(encoding="utf-8").split("</head>", 1)
        assert 'type="application/ld+json"' in head, page
        assert 'type="application/ld+json"' not in body, page
