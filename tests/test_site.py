"""The published site, built by plain ``mkdocs build --strict`` from the fixture record.

Built once for the module; each test asserts what a reader would check in the HTML.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from apecrecord import render
from conftest import FIXTURE, ROOT, build_site


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


def test_statement_page_shows_the_quote_as_a_quotation(fixture_site: Path) -> None:
    html = page(fixture_site, "statements/leader-climate-plan").read_text(encoding="utf-8")
    assert re.search(
        r'<blockquote class="statement-quote">\s*<p>“The country will submit its new climate plan”</p>',
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

    mkdocs_hooks._abbreviations = render.glossary_abbreviations(fixture_record)
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

    assert title("statements/analyst-openness") == "Openness underpins Asia-Pacific growth - APEC 2025 Statements"
    assert title("statements/leader-ai-cooperation") == "The Leader: call to action - APEC 2025 Statements"
    assert title("sources/report") == "Leader urges cooperation - APEC 2025 Statements"
    assert title("themes/trade") == "Trade and supply chains - APEC 2025 Statements"
