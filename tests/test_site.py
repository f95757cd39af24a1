"""The published site, built by plain ``mkdocs build --strict`` from the fixture record.

Built once for the module; each test asserts what a reader would check in the HTML.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from apecrecord import render
from apecrecord.check import check_data
from apecrecord.render.markup import read_front_matter, slug, title
from conftest import FIXTURE, ROOT, build_site
from hypothesis import given, settings
from hypothesis import strategies as st


class _Links(HTMLParser):
    """Collects the hrefs and ids of a page's main content."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page(fixture_site: Path, url: str) -> Path:
    return fixture_site / url / "index.html"


def test_every_statement_has_a_page_linking_to_its_paragraph_speaker_and_themes(
    fixture_site: Path, fixture_record
) -> None:
    for statement in fixture_record.statements:
        links = parse(page(fixture_site, f"statements/{statement.id}"))
        assert f"../../sources/{statement.source}/#p{statement.paragraphs[0]}" in links.hrefs
        assert f"../../actors/{statement.speaker}/" in links.hrefs
        for theme in statement.themes:
            assert f"../../themes/{theme}/" in links.hrefs


def test_statement_page_shows_the_quote_as_a_quotation_with_whose_words_it_is(fixture_site: Path) -> None:
    html = page(fixture_site, "statements/leader-climate-plan").read_text(encoding="utf-8")
    assert re.search(
        r'<blockquote class="statement-quote">\s*<p><q class="quote-text">The country will submit its new climate '
        r'plan</q> <span class="quote-words">\(News Agency, reporting The Leader\)</span></p>',
        html,
    )


def test_theme_initiative_and_actor_pages_link_back_to_each_statement(fixture_site: Path, fixture_record) -> None:
    for statement in fixture_record.statements:
        target = f"../../statements/{statement.id}/"
        for theme in statement.themes:
            assert target in parse(page(fixture_site, f"themes/{theme}")).hrefs
        for initiative in statement.initiatives:
            assert target in parse(page(fixture_site, f"initiatives/{initiative}")).hrefs
        for actor in (statement.speaker, *statement.actors):
            assert target in parse(page(fixture_site, f"actors/{actor}")).hrefs


def test_every_cited_paragraph_anchor_exists(fixture_site: Path, fixture_record) -> None:
    for statement in fixture_record.statements:
        ids = parse(page(fixture_site, f"sources/{statement.source}")).ids
        for number in statement.paragraphs:
            assert f"p{number}" in ids


def test_reader_links_each_quoted_span_to_its_statement(fixture_site: Path) -> None:
    html = page(fixture_site, "sources/op-ed").read_text(encoding="utf-8")
    assert re.search(
        r'<a class="quote-span" href="../../statements/analyst-data-flow/"[^>]*>data should flow freely</a>',
        html,
    )
    assert '<aside class="source-block source-caption" id="caption-1">' in html


def test_not_stated_fields_say_so(fixture_site: Path) -> None:
    html = page(fixture_site, "sources/op-ed").read_text(encoding="utf-8")
    assert html.count("<em>not stated in the source</em>") == 3  # headline, outlet, address
    assert "not before 31 October 2025" in html


def test_glossary_terms_carry_their_definition_everywhere(fixture_site: Path) -> None:
    definition = "One entry point where traders file all import and export documents."
    statement = page(fixture_site, "statements/analyst-single-window").read_text(encoding="utf-8")
    assert f'<abbr title="{definition}">single window</abbr>' in statement


def test_hand_written_pages_get_the_glossary_too(fixture_record) -> None:
    import mkdocs_hooks  # scripts/ is on the path through the editable install's package dir

    class Page:
        class file:
            generated_by = None
            src_uri = "notes.md"

    mkdocs_hooks._abbreviations = render.glossary_definitions(fixture_record)
    markdown = mkdocs_hooks.on_page_markdown("Our single window note.", page=Page, config=None, files=None)
    assert "*[single window]: One entry point where traders file all import and export documents." in markdown


def test_sidebar_lists_sections_not_every_record(fixture_site: Path, fixture_record) -> None:
    html = page(fixture_site, "statements/analyst-openness").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary') : html.index('<nav class="md-nav md-nav--secondary"')]
    assert "analyst" not in nav
    assert 'href="../../themes/"' in html


def test_no_edit_link_without_a_repository(fixture_site: Path) -> None:
    html = page(fixture_site, "statements/analyst-openness").read_text(encoding="utf-8")
    assert "This page is generated from data/statements/op-ed.yaml, line 4." in html
    assert "edit-record" not in html


def test_edit_link_points_at_the_yaml_line_when_a_repository_is_set(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    result = build_site(tmp_path, repo_url="https://example.org/team/record")
    assert result.returncode == 0, result.stderr
    html = page(tmp_path / "site", "themes/digital").read_text(encoding="utf-8")
    assert 'href="https://example.org/team/record/blob/main/data/themes.yaml#L7"' in html


def test_nothing_is_written_into_docs(tmp_path: Path) -> None:
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*"))
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    assert build_site(tmp_path).returncode == 0
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*")) == before


def test_serve_watches_the_data() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^watch:\n  - data\n", config, re.M)


def test_no_request_to_another_host(fixture_site: Path) -> None:
    """No stylesheet, script, font or image is loaded from anywhere but the site itself."""
    loads = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//', re.I)
    for html_file in fixture_site.rglob("*.html"):
        assert not loads.search(html_file.read_text(encoding="utf-8")), html_file
    for css in fixture_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8"), css


def test_bad_data_fails_the_build_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    path = tmp_path / "data" / "themes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("related: [digital]", "related: [digitl]"),
        encoding="utf-8",
    )
    result = build_site(tmp_path)
    assert result.returncode == 1
    assert "data/themes.yaml:6: theme 'trade': theme 'digitl' does not exist (did you mean 'digital'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_sources_index_reports_paragraph_coverage(fixture_site: Path) -> None:
    html = page(fixture_site, "sources").read_text(encoding="utf-8")
    assert "<td>3 of 4 (75%); 1 framing</td>" in html
    assert "<td>2 of 2 (100%)</td>" in html


def test_actor_and_event_pages_link_the_themes_and_initiatives_they_touch(fixture_site: Path) -> None:
    actor = parse(page(fixture_site, "actors/leader")).hrefs
    assert {"../../themes/digital/", "../../themes/trade/", "../../initiatives/climate-plan/"} <= set(actor)
    event = parse(page(fixture_site, "events/summit-session")).hrefs
    assert {"../../themes/digital/", "../../initiatives/climate-plan/"} <= set(event)


def test_page_titles_come_from_the_records(fixture_site: Path) -> None:
    def title(url: str) -> str:
        return re.search(r"<title>(.*?)</title>", page(fixture_site, url).read_text(encoding="utf-8")).group(1)

    assert title("statements/analyst-openness") == "Openness as the foundation of growth - APEC 2025 Statements"
    assert title("statements/leader-ai-cooperation") == "Working together on AI governance - APEC 2025 Statements"
    assert title("sources/report") == "Leader urges cooperation - APEC 2025 Statements"
    assert title("themes/trade") == "Trade and supply chains - APEC 2025 Statements"
    assert title("") == "APEC 2025 Statements"  # the home page: the site's name, said once


def test_statement_lists_show_the_context_and_whose_words_each_quote_is(fixture_site: Path) -> None:
    html = page(fixture_site, "statements").read_text(encoding="utf-8")
    assert (
        '<span class="quote-context">[Second, …]</span> <q class="quote-text">data should flow freely</q> '
        '<span class="quote-words">(Ana Lyst)</span>' in html
    )
    assert html.count('<span class="quote-words">(News Agency, reporting The Leader)</span>') == 2
    theme = page(fixture_site, "themes/digital").read_text(encoding="utf-8")
    assert '<span class="quote-words">(News Agency, reporting The Leader)</span>' in theme


def test_a_lead_statement_says_so(fixture_site: Path) -> None:
    lead = page(fixture_site, "statements/leader-ai-cooperation").read_text(encoding="utf-8")
    assert "<td>From the lead</td>" in lead and "The first paragraph sums up the speech." in lead
    assert "<td>From the lead</td>" not in page(fixture_site, "statements/leader-climate-plan").read_text("utf-8")


def test_each_archived_text_is_published_beside_its_source_page_with_the_sum_shown(real_site: Path) -> None:
    import hashlib

    from apecrecord.check import check_data

    record = check_data(ROOT / "data")[0]
    for source in record.sources:
        published = real_site / "sources" / f"{source.id}.txt"
        assert hashlib.sha256(published.read_bytes()).hexdigest() == source.sha256
        html = page(real_site, f"sources/{source.id}").read_text(encoding="utf-8")
        assert f'<a href="../{source.id}.txt">the archived text</a>' in html
        assert f"<code>{source.sha256}</code>" in html


def test_the_real_site_states_its_scope_and_never_claims_verbatim_speakers(real_site: Path) -> None:
    home = page(real_site, "").read_text(encoding="utf-8")
    assert "quoted verbatim, with its speaker" not in home
    assert "2 articles: an opinion piece from CGTN (Chinese state media)" in home
    assert (
        "a news report from Xinhua (Chinese state media), reporting Xi Jinping (Chinese President) in reported speech"
        in home
    )


def test_the_real_source_pages_give_the_address_its_provenance_and_the_translation(real_site: Path) -> None:
    op_ed = page(real_site, "sources/cgtn-yang-xing-op-ed").read_text(encoding="utf-8")
    assert "news.cgtn.com/news/2025-10-31/Decoding-the-2025-APEC-keywords" in op_ed
    assert "How identified: The archived text matches the page at this address word for word" in op_ed
    assert "Identification recorded on 23 November 2026." in op_ed
    assert re.search(r"<td>Headline</td>\s*<td><em>not stated in the source</em></td>", op_ed)
    statement = unescape(page(real_site, "statements/yang-de-risking-not-de-cooperation").read_text(encoding="utf-8"))
    assert (
        "The English text is CGTN’s translation" in statement or "The English text is CGTN's translation" in statement
    )
    report = page(real_site, "sources/xinhua-xi-second-session").read_text(encoding="utf-8")
    assert "http://en.people.cn/n3/2025/1101/c90000-20385080.html" in report


def test_initiative_names_that_are_ours_say_so(real_site: Path) -> None:
    html = page(real_site, "initiatives/ai-in-health-care-initiative").read_text(encoding="utf-8")
    assert (
        "our descriptive label, not the sources' words" in html
        or "our descriptive label, not the sources&rsquo; words" in html
    )
    html = page(real_site, "initiatives/regional-comprehensive-economic-partnership").read_text(encoding="utf-8")
    assert "<td>as the sources give it</td>" in html
    index = page(real_site, "initiatives").read_text(encoding="utf-8")
    assert index.count("<small>(our descriptive label)</small>") == 3


def test_every_glossary_definition_says_it_goes_beyond_the_sources(real_site: Path) -> None:
    import yaml

    terms = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8"))["glossary"]
    html = page(real_site, "glossary").read_text(encoding="utf-8")
    assert html.count("General knowledge, beyond the two sources") == len(terms)
    start = html.index('id="new-energy"')
    new_energy = unescape(html[start : html.index("<h2", start)])
    assert "<p>In Chinese usage" in new_energy and "reference: Chinese usage" in new_energy


def test_the_changes_page_lists_each_change_with_what_and_why(real_site: Path) -> None:
    import yaml

    entries = yaml.safe_load((ROOT / "data" / "CHANGES.yaml").read_text(encoding="utf-8"))["changes"]
    html = page(real_site, "changes").read_text(encoding="utf-8")
    for entry in entries:
        assert f'id="{entry["id"]}"' in html
    assert html.count("<strong>What changed.</strong>") == len(entries)
    assert html.count("<strong>Why.</strong>") == len(entries)
    # a removed statement whose id lives on as a former id links to the statement it became
    assert 'href="../statements/xi-implement-un-2030-agenda/">xi-implement-un-2030-agenda</a>' in html
    assert 'href="../statements/xi-implement-un-2030-agenda/">xi-eliminate-poverty-together</a>' not in html


# What Markdown would act on, in the text a reader sees: links, emphasis, code, attribute lists,
# admonitions, abbreviation definitions, and headings, lists, tables and quotes at a line's start.
_MARKDOWN = re.compile(
    r"\]\(|\*\*|`|\{ ?[#.:]|!!!|(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])|^\s*(?:#{1,6} |[-+*] |\d+\. |\||>|\*\[)",
    re.M,
)


@pytest.mark.parametrize("data", [FIXTURE / "data", ROOT / "data"], ids=["fixture", "real"])
def test_generated_pages_are_finished_html_under_their_title(data: Path) -> None:
    """Every generated page is its title and description, then HTML with no Markdown left in it.

    Neither record holds Markdown syntax in its text, so any found here was written by a renderer.
    """
    for path, content in render.render_site(check_data(data)[0]).items():
        if not path.endswith(".md"):
            continue
        meta, body = read_front_matter(content)
        assert meta.get("title") and meta.get("description"), path
        assert body.startswith("<h1 ") and 'markdown="' not in body, path
        h1 = re.match(r"<h1 [^>]*>(.*?)<a class=\"headerlink\"", body).group(1)
        assert unescape(re.sub(r"<[^>]+>", "", h1)) == unescape(str(meta["title"])), path
        # The text a reader sees, each block's on lines of its own as a Markdown parser would meet it.
        shown = re.sub(
            r"<script\b.*?</script>|<(?!/?(?:a|abbr|code|em|q|small|span|strong)\b)[^>]+>", "\n", body, flags=re.S
        )
        shown = unescape(re.sub(r"<[^>]+>", "", shown))
        found = _MARKDOWN.search(shown)
        assert not found, f"{path}: {shown[max(found.start() - 40, 0) : found.end() + 40]!r}"


class _Ids(HTMLParser):
    """Every id on a page, in order, and the h1's."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        if found is not None:
            self.ids.append(found)
            self.h1 = self.h1 or (found if tag == "h1" else "")


# Names that slug to a section's anchor, a paragraph's, a grouped list's, or to nothing at all.
_NAMES = ["About", "By", "Statements", "Structure", "Reader", "Related", "Cite", "p1", "from-report", "习近平", "?!"]


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(_NAMES) | st.text(min_size=1, max_size=20).filter(str.strip))
def test_a_records_name_never_takes_another_anchor_on_its_page(fixture_record, name: str) -> None:
    """A page's h1 is anchored at its title's slug, as MkDocs anchored it, unless the slug is empty
    or another id on the page has it: then it is numbered, so every anchor on a page is unique."""
    named = {
        "actors": "leader",
        "sources": "report",
        "statements": "leader-climate-plan",
        "themes": "trade",
        "initiatives": "climate-plan",
        "events": "summit-session",
    }
    field = {"sources": "short_title", "statements": "title"}
    record = replace(
        fixture_record,
        **{
            kind: [
                replace(r, **{field.get(kind, "name"): name}) if r.id == named[kind] else r
                for r in getattr(fixture_record, kind)
            ]
            for kind in named
        },
    )
    pages = render.render_site(record)
    for kind, record_id in named.items():
        page_ids = _Ids()
        page_ids.feed(read_front_matter(pages[f"{kind}/{record_id}.md"])[1])
        assert page_ids.ids and "" not in page_ids.ids and len(set(page_ids.ids)) == len(page_ids.ids), page_ids.ids
        others = set(page_ids.ids) - {page_ids.h1}
        expected = slug(title(name))
        if expected and expected not in others:
            assert page_ids.h1 == expected, (kind, name)
        else:
            assert re.fullmatch(re.escape(expected) + r"_\d+", page_ids.h1), (kind, name, page_ids.h1)
