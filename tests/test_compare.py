"""Comparisons are computed from the record: adding a statement changes every figure it touches."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from apecrecord import compare
from apecrecord.check import check_data
from apecrecord.crossref import CrossRef
from apecrecord.problems import errors
from apecrecord.render import paths
from apecrecord.render.compare import crosswalk_page, link_map_page, overview_page, side_by_side_page, timeline_page
from apecrecord.render.parts import abbreviate, glossary_definitions
from conftest import FIXTURE, ROOT, edit
from html_reading import read, read_page, url
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening import HOSTILE
from test_hardening import _hostile_quotes as quoting
from test_hardening import _write_record as write_everywhere

PAGES = {
    paths.COMPARE["overview"]: overview_page,
    paths.COMPARE["crosswalk"]: crosswalk_page,
    paths.COMPARE["side-by-side"]: side_by_side_page,
    paths.COMPARE["link-map"]: link_map_page,
    paths.COMPARE["timeline"]: timeline_page,
}

NEW_STATEMENT = """  - id: leader-data-flows
    title: Joint work among economies
    paragraphs: [1]
    speaker: leader
    attribution: reported-speech
    reported_by: agency
    kind: call-to-action
    quote: economies should work together
    context: The Leader said
    summary: The leader asks for joint work among economies.
    section: point-1
    themes: [trade]
    initiatives: [single-window]
    actors: []
    event: summit-session
    added: "2026-11-25"
"""


def _pages(ref: CrossRef) -> dict[str, str]:
    """The comparison pages as ``render_site`` publishes them, glossary terms explained."""
    definitions = glossary_definitions(ref.record)
    pages = {}
    for path, render in PAGES.items():
        front, separator, body = render(ref).partition("\n---\n")
        pages[path] = front + separator + abbreviate(body, definitions)
    return pages


def _ref(project: Path) -> CrossRef:
    record, problems = check_data(project / "data")
    assert not [p for p in problems if not p.warning]
    return CrossRef.build(record)


def _add_statement(project: Path) -> None:
    path = project / "data" / "statements" / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_STATEMENT, encoding="utf-8")


def _cell(walk: compare.Crosswalk, source: str, section: str, theme: str) -> int:
    row = next(r for r in walk.rows if r.source == source and r.section == section)
    return len(row.cells[theme])


def test_crosswalk_counts_follow_the_record(project: Path) -> None:
    before = _cell(compare.crosswalk(_ref(project)), "report", "point-1", "trade")
    _add_statement(project)
    after = compare.crosswalk(_ref(project))
    assert (before, _cell(after, "report", "point-1", "trade")) == (1, 2)
    html = crosswalk_page(_ref(project))
    # The cell's count links to the explorer filtered to exactly that cell.
    assert '<a href="../../statements/?source=report&amp;section=point-1&amp;theme=trade">2<span' in html


def test_convergence_is_worded_from_the_counts(project: Path) -> None:
    def groups(ref: CrossRef) -> dict[str, list[str]]:
        return compare.convergence(compare.crosswalk(ref), [s.id for s in ref.record.sources])

    assert groups(_ref(project)) == {"all": ["trade", "digital"], "some": [], "one": [], "none": []}
    edit(project, "data/statements/report.yaml", "themes: [digital]", "themes: [trade]")
    assert groups(_ref(project))["one"] == ["digital"]
    html = crosswalk_page(_ref(project))
    assert "<strong>Only An analyst&#x27;s op-ed addresses</strong>" in html
    assert "Only An analyst's op-ed addresses Digital economy and AI." in read(html, paths.COMPARE["crosswalk"]).text


def test_side_by_side_columns_follow_the_record(project: Path) -> None:
    assert [s.id for s in compare.side_by_side(_ref(project))["trade"]["report"]] == ["leader-climate-plan"]
    _add_statement(project)
    assert [s.id for s in compare.side_by_side(_ref(project))["trade"]["report"]] == [
        "leader-climate-plan",
        "leader-data-flows",
    ]


def test_the_link_graph_follows_the_record(project: Path) -> None:
    graph = compare.link_graph(_ref(project))
    assert graph.edges[("leader", "trade")] == 1
    assert ("trade", "single-window") in graph.edges and graph.edges[("trade", "single-window")] == 1
    _add_statement(project)
    graph = compare.link_graph(_ref(project))
    assert graph.edges[("leader", "trade")] == 2
    assert graph.edges[("trade", "single-window")] == 2
    svg = link_map_page(_ref(project))
    assert 'data-from="leader" data-to="trade"' in svg


def test_the_timeline_orders_dates_and_keeps_their_precision(project: Path) -> None:
    entries = compare.timeline(_ref(project))
    described = [(e.when, e.precision, e.kind) for e in entries]
    # A bound sorts after an exact date on the same day: "not before 31 October" cannot precede it.
    assert described[:2] == [
        ("31 October 2025 to 1 November 2025", "day", "event"),
        ("not before 31 October 2025", "bounded", "source"),
    ]
    assert ("1 November 2025", "day", "statements") in described
    assert described.index(("31 October 2025 to 1 November 2025", "day", "event")) < described.index(
        ("1 November 2025", "day", "statements")
    )


def test_overview_counts_follow_the_record(project: Path) -> None:
    def shares(ref: CrossRef) -> compare.ThemeShare:
        return compare.theme_shares(ref)["trade"]["report"]

    before = shares(_ref(project))
    assert (before.statements, before.paragraphs, before.of) == (1, 1, 2)
    _add_statement(project)  # a statement on trade from paragraph 1, which had none on trade
    after = shares(_ref(project))
    assert (after.statements, after.paragraphs, after.share) == (2, 2, 1.0)
    html = overview_page(_ref(project))
    explorer = "../statements/?theme=trade&amp;source=report"
    assert f'<a href="{explorer}">2 statements</a>' in html
    assert "2 of 2 paragraphs" in html
    assert '<a href="../statements/?kind=call-to-action">2</a>' in html  # the kind table's "All" column


def test_paragraph_shares_do_not_follow_sentence_splitting(project: Path) -> None:
    """Splitting one sentence into more statements raises the count, not the paragraph share."""
    before = compare.theme_shares(_ref(project))["trade"]["op-ed"]
    edit(
        project,
        "data/statements/op-ed.yaml",
        "    title: Free flow of data\n",
        "    title: Free flow of data\n"
        + NEW_STATEMENT.replace("leader-data-flows", "analyst-more")
        .replace("speaker: leader", "speaker: analyst")
        .replace("attribution: reported-speech", "attribution: authors-view")
        .replace("reported_by: agency", "reported_by: analyst")
        .replace("section: point-1", "section: connect")
        .replace("paragraphs: [1]", "paragraphs: [3]")
        .replace("economies should work together", "the single window system should be expanded")
        .replace("    context: The Leader said\n", "    context: First,\n")
        .replace("    event: summit-session\n", ""),
    )
    after = compare.theme_shares(_ref(project))["trade"]["op-ed"]
    assert after.statements == before.statements + 1
    assert (after.paragraphs, after.of) == (before.paragraphs, before.of)


def test_every_comparison_page_says_how_counts_follow_syntax_and_the_lead(project: Path) -> None:
    example = compare.syntax_example(_ref(project))
    assert example is not None
    most, single = example
    assert (most.source, most.paragraph, most.statements) == ("op-ed", 1, 2)
    assert (single.source, single.statements) == ("report", 1)  # the contrast comes from the other source
    pages = _pages(_ref(project))
    for name in ("index", "crosswalk", "side-by-side", "link-map"):
        shown = read(pages[f"compare/{name}.md"], f"compare/{name}.md")
        assert "A count of statements follows how the sources' sentences split" in shown.text, name
        assert "An analyst's op-ed ¶1 (12 words) yields 2 statements" in shown.text, name
        assert ("An analyst's op-ed ¶1", url("sources/op-ed.md", "p1")) in shown.links, name
        assert "is the lead of its source" in shown.text, name  # the fixture's report marks its lead


def test_lead_statements_are_counted_and_shown(project: Path) -> None:
    """With a lead marked (the fixture's report marks its first paragraph), every count that holds lead
    statements says how many."""
    ref = _ref(project)
    assert compare.lead_count(ref, ref.by_source["report"]) == 1
    share = compare.theme_shares(ref)["digital"]["report"]
    assert (share.statements, share.lead) == (1, 1)  # counted, and shown
    pages = _pages(ref)
    for name in ("index", "crosswalk", "side-by-side", "link-map"):
        html = pages[f"compare/{name}.md"]
        assert "is the lead of its source (The first paragraph sums up the speech)" in html, name
        assert "Counts here include lead statements" in html, name
    assert "(1 lead)" in pages["compare/index.md"]
    assert "· 1 lead</small>" in pages["compare/crosswalk.md"]
    assert "(1 lead)" in pages["compare/timeline.md"]


def test_explorer_links_are_built_in_one_place() -> None:
    from apecrecord.render.paths import explorer_url

    assert explorer_url("compare/crosswalk.md", theme="trade", source="report") == (
        "../../statements/?theme=trade&source=report"
    )
    assert explorer_url("index.md", speaker=["a", "b"]) == "statements/?speaker=a&speaker=b"  # any of
    assert explorer_url("compare/index.md", kind="x&y=z") == "../statements/?kind=x%26y%3Dz"
    assert explorer_url("statements/index.md") == "./"


def test_heat_map_row_labels_are_unique_even_when_section_titles_repeat(project: Path) -> None:
    edit(project, "data/sources.yaml", "title: First point", "title: Introduction")
    html = crosswalk_page(_ref(project))
    labels = re.findall(r'<th scope="row">(.*?)</th>', html)
    assert len(labels) == 3 and len(set(labels)) == 3, labels


def test_heat_levels_leave_empty_cells_empty() -> None:
    from apecrecord.render.compare import _heat_level

    assert _heat_level(0, 9) == 0
    assert [_heat_level(v, 8) for v in (1, 2, 3, 4, 5, 6, 7, 8)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert _heat_level(1, 1) == 4


def test_the_link_filter_follows_speaker_to_themes_to_initiatives(project: Path) -> None:
    graph = compare.link_graph(_ref(project))
    # The speaker's theme edge reaches the initiative their statement on it names...
    assert "climate-plan" in graph.reach[("leader", "trade")]
    # ...and the theme -> initiative edge is kept when that speaker is chosen, not the other's.
    assert "leader" in graph.reach[("trade", "climate-plan")]
    assert "leader" not in graph.reach[("trade", "single-window")]
    html = link_map_page(_ref(project))
    assert '<tr data-reach="climate-plan leader trade">' in html
    assert '<a href="../../statements/?speaker=leader&amp;theme=trade">1</a>' in html


def test_side_by_side_quotes_through_quoted_with_titles_as_link_text(project: Path) -> None:
    html = side_by_side_page(_ref(project))
    assert '<q class="quote-text">economies should work together on AI governance</q>' in html
    assert '<span class="quote-words">(News Agency, reporting The Leader)</span>' in html
    assert "“<q" not in html and "</q>”" not in html  # no doubled quotation marks
    # Statement titles, not ids, as link text.
    links = read(html, paths.COMPARE["side-by-side"]).links
    assert ("Openness as the foundation of growth", url("statements/analyst-openness.md")) in links
    assert not [label for label, _ in links if label == "analyst-openness"]


def test_the_timeline_counts_statements_instead_of_listing_them(project: Path) -> None:
    html = timeline_page(_ref(project))
    assert "statements/leader-ai-cooperation" not in html
    assert "2 statements</a> from" in html and ", event: " in html


def test_the_link_map_groups_what_it_cannot_draw() -> None:
    from apecrecord.compare import Graph, Node
    from apecrecord.render.svg import link_map

    themes = [Node(f"t{i}", "theme", f"Theme {i}") for i in range(100)]
    graph = Graph([Node("s", "speaker", "S")], themes, [], {("s", f"t{i}"): 1 for i in range(100)})
    hrefs = {(n.kind, n.id): "#" for n in (*graph.speakers, *themes)}
    drawn = link_map("m", graph, hrefs, limit=40)
    assert drawn.count('class="link-node link-theme"') == 40
    assert "and 60 more" in drawn


def _page_urls(ref: CrossRef) -> dict[str, set[str]]:
    """Every page a comparison page may link to, by URL, with the anchors each one has."""
    record = ref.record
    records = {
        "sources": record.sources,
        "themes": record.themes,
        "initiatives": record.initiatives,
        "actors": record.actors,
        "events": record.events,
        "statements": record.statements,
    }
    known = {url(path): set() for path in (*paths.SECTIONS.values(), *PAGES)}
    for kind, items in records.items():
        for item in items:
            known[url(paths.record_page(kind, item.id))] = set()
    for source in record.sources:
        archive = record.archives.get(source.id)
        known[url(paths.record_page("sources", source.id))] = {f"p{n}" for n in (archive.body if archive else ())}
    return known


@pytest.mark.parametrize("data", ["tests/fixtures/record/data", "data"])
def test_every_comparison_page_is_one_block_of_finished_html_whose_links_all_land(data: str) -> None:
    """Read as a browser reads them: one raw HTML block, well formed, no Markdown left in its text,
    a unique anchor on every heading, and every link to a page or anchor that exists."""
    record, problems = check_data(ROOT / data)
    assert not [p for p in problems if not p.warning]
    ref = CrossRef.build(record)
    known = _page_urls(ref)
    pages = {path: read_page(html, path) for path, html in _pages(ref).items()}
    known |= {url(path): set(shown.ids) for path, (_, shown) in pages.items()}
    for path, (meta, shown) in pages.items():
        for label, target in shown.links:
            address, _, anchor = target.partition("#")
            address = address.split("?")[0]
            assert address in known, (path, label, target)
            assert not anchor or anchor in known[address], (path, label, target)
        # Which pages the site search leaves out, and which give the table of contents' column
        # to their figure, as before.
        assert ("search" not in meta) == (path == paths.COMPARE["overview"]), path
        assert (meta.get("hide") == ["toc"]) == (path in {paths.COMPARE["crosswalk"], paths.COMPARE["link-map"]}), path


def test_the_pages_keep_every_hook_their_script_reads(fixture_record) -> None:
    """docs/assets/compare.js finds the pickers, columns, edges, nodes and table rows by these."""
    ref = CrossRef.build(fixture_record)
    sources = [s.id for s in fixture_record.sources]
    side = side_by_side_page(ref)
    assert re.search(r'<form class="sbs-pick" hidden>.*<select name="left">.*<select name="right">', side)
    columns = re.findall(r'<div class="sbs-column" data-source="([^"]+)">', side)
    assert columns == sources * len(fixture_record.themes)
    assert side.count('<div class="sbs-row">') == len(fixture_record.themes)
    graph = compare.link_graph(ref)
    drawn = link_map_page(ref)
    assert re.search(r'<form class="link-filter" hidden>.*<select name="node">.*<output class="link-count"', drawn)
    assert len(re.findall(r'class="link-edge" data-from="[^"]+" data-to="[^"]+" data-reach="[^"]+"', drawn)) == len(
        graph.edges
    )
    nodes = len(graph.speakers) + len(graph.themes) + len(graph.initiatives)
    assert len(re.findall(r'<g class="link-node link-\w+" data-node="[^"]+">', drawn)) == nodes
    table = drawn.split('<div class="compare-table link-table">', 1)[1]
    assert len(re.findall(r'<tr data-reach="[^"]+">', table.split("<tbody>", 1)[1])) == len(graph.edges)


def test_the_page_reader_finds_what_it_checks() -> None:
    """The reader the tests above rely on sees Markdown, bad nesting, missing and doubled ids."""
    assert read("<p>**bold** and [a](b)</p>", "index.md").markdown == ["**bold** and [a](b)"]
    assert read("<p><em>x</em> `code`</p>", "index.md").markdown == [" `code`"]
    assert read("<pre><code>**kept** `as is`</code></pre>", "index.md").markdown == []
    assert read("<select><option><abbr>x</abbr></option></select>", "index.md").faults == [
        "<abbr> inside <option>, which holds text only"
    ]
    assert read("<div><p>x</div>", "index.md").faults == ["</div> closes p", "<div> never closed", "<p> never closed"]
    assert read('<h2>x</h2><p id="a"></p><p id="a"></p>', "index.md").faults == ["<h2> without an id", "id 'a' twice"]
    shown = read('<h2 id="x">Title<a class="headerlink" href="#x">¶</a></h2><a href="../y/#p1">Y</a>', "a/b.md")
    assert shown.headings == [("h2", "x", "Title")]
    assert shown.links == [("¶", url("a/b.md", "x")), ("Y", url("a/y.md", "p1"))]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=40))
def test_any_text_in_the_record_leaves_the_comparison_pages_well_formed(tmp_path_factory, value: str) -> None:
    """Whatever an editor writes into any free-text field (and as every quote), each comparison page
    stays well-formed HTML with unique ids, its drawing stays well-formed XML, and the text is shown."""
    project = tmp_path_factory.mktemp("compare")
    shutil.copytree(FIXTURE / "data", project / "data")
    write_everywhere(project, value)
    record, problems = check_data(project / "data")
    if errors(problems):
        return  # refused with one line per problem: tested in test_hardening
    shown = " ".join(value.split())
    seen = False
    for ref in (CrossRef.build(record), CrossRef.build(quoting(record, value))):
        for path, html in _pages(ref).items():
            page = read(html.partition("\n---\n")[2], path)
            assert page.faults == [], (path, page.faults)
            for drawing in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
                ET.fromstring(drawing)
            seen = seen or shown in page.text
    assert seen or not value.isprintable(), "the text was not shown on any comparison page"
