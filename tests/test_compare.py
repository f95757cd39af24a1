"""Comparisons are computed from the record: adding a statement changes every figure it touches."""

from __future__ import annotations

import re
from pathlib import Path

from apecrecord import compare
from apecrecord.check import check_data
from apecrecord.crossref import CrossRef
from apecrecord.render import render_site
from conftest import edit

NEW_STATEMENT = """  - id: leader-data-flows
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
    markdown = render_site(_ref(project).record)["compare/crosswalk.md"]
    assert "[2](#cell-report-point-1-trade)" in markdown


def test_convergence_is_worded_from_the_counts(project: Path) -> None:
    def groups(ref: CrossRef) -> dict[str, list[str]]:
        return compare.convergence(compare.crosswalk(ref), [s.id for s in ref.record.sources])

    assert groups(_ref(project)) == {"all": ["trade", "digital"], "some": [], "one": [], "none": []}
    edit(project, "data/statements/report.yaml", "themes: [digital]", "themes: [trade]")
    assert groups(_ref(project))["one"] == ["digital"]
    markdown = render_site(_ref(project).record)["compare/crosswalk.md"]
    assert (
        "**Only An analyst&#39;s op-ed addresses**" in markdown or "**Only An analyst's op-ed addresses**" in markdown
    )


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
    svg = render_site(_ref(project).record)["compare/link-map.md"]
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
    def proposals(ref: CrossRef) -> int:
        return dict((k, n) for k, _, n in compare.counts(ref)["kind"])["call-to-action"]

    before = proposals(_ref(project))
    _add_statement(project)
    assert proposals(_ref(project)) == before + 1
    markdown = render_site(_ref(project).record)["compare/index.md"]
    assert re.search(r"Call to action: 2", markdown)  # the chart's text alternative


def test_the_link_map_groups_what_it_cannot_draw() -> None:
    from apecrecord.compare import Graph, Node
    from apecrecord.render.svg import link_map

    themes = [Node(f"t{i}", "theme", f"Theme {i}") for i in range(100)]
    graph = Graph([Node("s", "speaker", "S")], themes, [], {("s", f"t{i}"): 1 for i in range(100)})
    hrefs = {(n.kind, n.id): "#" for n in (*graph.speakers, *themes)}
    drawn = link_map("m", graph, hrefs, limit=40)
    assert drawn.count('class="link-node link-theme"') == 40
    assert "and 60 more" in drawn
