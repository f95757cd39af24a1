"""The comparison pages: overview figures, crosswalk, side by side, link map and timeline."""

from __future__ import annotations

from apecrecord import compare
from apecrecord.crossref import CrossRef
from apecrecord.escape import html_attr, html_text
from apecrecord.render import paths, svg
from apecrecord.render.labels import kind_name
from apecrecord.render.markup import front_matter, heading, link, page, rel, table, text
from apecrecord.render.parts import record_link, statement_link

_PRECISION = {
    "day": "exact day",
    "month": "month only",
    "year": "year only",
    "bounded": "bounded, not known",
    "not stated": "not stated",
}


def _nav(here: str) -> str:
    names = {"overview": "Overview", "crosswalk": "Crosswalk", "side-by-side": "Side by side"}
    names |= {"link-map": "Link map", "timeline": "Timeline"}
    items = [
        f"**{label}**" if paths.COMPARE[key] == here else link(label, rel(here, paths.COMPARE[key]))
        for key, label in names.items()
    ]
    return "Compare: " + " · ".join(items)


def overview_page(ref: CrossRef) -> str:
    here = paths.COMPARE["overview"]
    figures = compare.counts(ref)
    kind_rows = [(kind_name(kind), count) for kind, _, count in figures["kind"]]
    theme_rows = [(label, count) for _, label, count in figures["theme"]]
    source_rows = [(label, count) for _, label, count in figures["source"]]
    kinds = table(["Kind", "Statements"], [(text(label), str(count)) for label, count in kind_rows])
    themes = table(
        ["Theme", "Statements"],
        [(record_link(here, "themes", tid, label), str(count)) for tid, label, count in figures["theme"]],
    )
    sources = table(
        ["Source", "Statements"],
        [(record_link(here, "sources", sid, label), str(count)) for sid, label, count in figures["source"]],
    )
    total = len(ref.record.statements)
    return page(
        front_matter("The record in figures: statements by kind, theme and source, and ways to compare the sources."),
        heading(1, "Compare the sources"),
        _nav(here),
        f"{total} statements from {len(ref.record.sources)} sources. Every figure on these pages is "
        "computed from the record when the site is built, so it changes as editors add statements.",
        "- "
        + link("Crosswalk", rel(here, paths.COMPARE["crosswalk"]))
        + ": each source's own structure against the site's themes.\n- "
        + link("Side by side", rel(here, paths.COMPARE["side-by-side"]))
        + ": for each theme, what each source says, in columns.\n- "
        + link("Link map", rel(here, paths.COMPARE["link-map"]))
        + ": who speaks to which themes, and which initiatives carry them.\n- "
        + link("Timeline", rel(here, paths.COMPARE["timeline"]))
        + ": the events, sources and statements in date order.",
        heading(2, "Statements by kind", "by-kind"),
        f'<div class="chart-frame">{svg.bar_chart("chart-kind", "Statements by kind", kind_rows)}</div>',
        kinds,
        heading(2, "Statements by theme", "by-theme"),
        "A statement can have several themes, so these counts add up to more than the number of statements.",
        f'<div class="chart-frame">{svg.bar_chart("chart-theme", "Statements by theme", theme_rows)}</div>',
        themes,
        heading(2, "Statements by source", "by-source"),
        f'<div class="chart-frame">{svg.bar_chart("chart-source", "Statements by source", source_rows)}</div>',
        sources,
    )


def _cell_anchor(row: compare.CrosswalkRow, theme: str) -> str:
    return f"cell-{row.source}-{row.section}-{theme}"


def crosswalk_page(ref: CrossRef) -> str:
    here = paths.COMPARE["crosswalk"]
    walk = compare.crosswalk(ref)
    theme_names = {t.id: t.name for t in ref.record.themes}
    headers = ["Source", "Section", *(record_link(here, "themes", t, theme_names[t]) for t in walk.themes)]
    rows = []
    for row in walk.rows:
        source = ref.sources[row.source]
        cells = [link(str(len(row.cells[t])), f"#{_cell_anchor(row, t)}") if row.cells[t] else "·" for t in walk.themes]
        rows.append([text(source.label), text(row.title), *cells])
    shaded = svg.heat_map(
        "chart-crosswalk",
        "Crosswalk: statements per section and theme",
        [theme_names[t] for t in walk.themes],
        [(f"{ref.sources[r.source].label}: {r.title}", [len(r.cells[t]) for t in walk.themes]) for r in walk.rows],
    )
    details = []
    for row in walk.rows:
        for theme in walk.themes:
            statements = row.cells[theme]
            if not statements:
                continue
            source = ref.sources[row.source]
            title = f"{source.label}, {row.title}: {theme_names[theme]}"
            links = "\n".join(f"- {statement_link(here, s)}: {text(s.summary)}" for s in statements)
            details.append(f"**{text(title)}**\n{{: #{_cell_anchor(row, theme)} .cell-heading }}\n\n{links}")
    return page(
        front_matter("Each source's own structure against the site's themes, counted in statements.", searchable=False),
        heading(1, "Crosswalk"),
        _nav(here),
        "Rows are each source's own sections (the op-ed's Connect, Innovate and Prosper; the three "
        "points of Xi Jinping's speech), columns are the site's themes. Each number counts the statements "
        "of that section with that theme and links to them.",
        f'<div class="crosswalk-table" markdown="1">\n\n{table(headers, rows)}\n\n</div>',
        heading(2, "Where the sources meet", "convergence"),
        _convergence_text(ref, walk),
        heading(2, "Shaded", "shaded"),
        f'<div class="chart-frame">{shaded}</div>',
        heading(2, "The statements in each cell", "cells"),
        *details,
    )


def _convergence_text(ref: CrossRef, walk: compare.Crosswalk) -> str:
    """The crosswalk's findings in words, generated from the counts."""
    sources = [s.id for s in ref.record.sources]
    names = {t.id: t.name for t in ref.record.themes}
    groups = compare.convergence(walk, sources)
    here = paths.COMPARE["crosswalk"]

    def listing(ids: list[str]) -> str:
        return ", ".join(record_link(here, "themes", t, names[t]) for t in ids)

    lines = []
    every = "Both sources" if len(sources) == 2 else f"All {len(sources)} sources"
    if groups["all"]:
        lines.append(f"- **{every} address** {len(groups['all'])} themes: {listing(groups['all'])}.")
    if groups["some"]:
        lines.append(f"- **Some but not all sources address** {listing(groups['some'])}.")
    for source_id in sources:
        only = [t for t in groups["one"] if walk.coverage.get(t) == {source_id}]
        if only:
            lines.append(f"- **Only {text(ref.sources[source_id].label)} addresses** {listing(only)}.")
    if groups["none"]:
        lines.append(f"- **No source yet addresses** {listing(groups['none'])}.")
    return "\n".join(lines) or "No statement is recorded yet."


def side_by_side_page(ref: CrossRef) -> str:
    here = paths.COMPARE["side-by-side"]
    columns = compare.side_by_side(ref)
    sources = ref.record.sources
    options = "".join(f'<option value="{html_attr(s.id)}">{html_text(s.label)}</option>' for s in sources)
    picker = (
        '<form class="sbs-pick" hidden>'
        f'<label>Left <select name="left">{options}</select></label> '
        f'<label>Right <select name="right">{options}</select></label>'
        "</form>"
    )
    blocks = []
    for theme in ref.record.themes:
        blocks.append(heading(2, record_link(here, "themes", theme.id, theme.name), f"theme-{theme.id}"))
        cells = []
        for source in sources:
            statements = columns[theme.id][source.id]
            body = (
                "\n".join(f"- “{text(s.quote)}” {statement_link(here, s)}" for s in statements)
                or "*Nothing recorded on this theme.*"
            )
            cells.append(
                f'<div class="sbs-column" data-source="{html_attr(source.id)}" markdown="1">\n\n'
                f"**{record_link(here, 'sources', source.id, source.label)}** ({len(statements)})\n\n{body}\n\n</div>"
            )
        blocks.append('<div class="sbs-row" markdown="1">\n\n' + "\n\n".join(cells) + "\n\n</div>")
    return page(
        front_matter("For each theme, what each source says, in columns.", searchable=False),
        heading(1, "Side by side"),
        _nav(here),
        "For each theme, each source's statements in its own column, quoted. "
        + ("Pick the two sources to compare; without scripts every source is shown." if len(sources) > 2 else ""),
        picker,
        *blocks,
    )


def link_map_page(ref: CrossRef) -> str:
    here = paths.COMPARE["link-map"]
    graph = compare.link_graph(ref)
    hrefs = {("speaker", n.id): paths.url_rel(here, paths.record_page("actors", n.id)) for n in graph.speakers}
    hrefs |= {("theme", n.id): paths.url_rel(here, paths.record_page("themes", n.id)) for n in graph.themes}
    hrefs |= {
        ("initiative", n.id): paths.url_rel(here, paths.record_page("initiatives", n.id)) for n in graph.initiatives
    }
    options = "".join(
        f'<option value="{html_attr(n.id)}">{html_text(n.label)}</option>'
        for n in (*graph.speakers, *graph.themes, *graph.initiatives)
    )
    picker = (
        '<form class="link-filter" hidden><label>Show only the links of '
        f'<select name="node"><option value="">everything</option>{options}</select></label></form>'
    )
    edge_rows = []
    labels = {n.id: n.label for n in (*graph.speakers, *graph.themes, *graph.initiatives)}
    for (start, end), weight in sorted(graph.edges.items(), key=lambda item: (-item[1], item[0])):
        edge_rows.append((text(labels.get(start, start)), text(labels.get(end, end)), str(weight)))
    return page(
        front_matter("A map of who speaks to which themes, and which initiatives carry them.", searchable=False),
        heading(1, "Link map"),
        _nav(here),
        "Speakers on the left, themes in the middle, initiatives on the right. A line joins a speaker to "
        "a theme they address, or a theme to an initiative named in statements on it; the wider the line, "
        "the more statements. Every node links to its page. Pick a node to see only its links.",
        picker,
        f'<div class="chart-frame link-map">{svg.link_map("chart-link-map", graph, hrefs)}</div>',
        heading(2, "The links as a table", "table"),
        table(["From", "To", "Statements"], edge_rows),
    )


def timeline_page(ref: CrossRef) -> str:
    here = paths.COMPARE["timeline"]
    items = []
    for entry in compare.timeline(ref):
        kind, record_id = entry.target
        if entry.kind == "statements":
            source = ref.sources[record_id]
            count = len(entry.statements)
            label = f"{count} statement{'s' * (count != 1)} from " + record_link(here, kind, record_id, source.label)
        else:
            label = record_link(here, kind, record_id, entry.label)
        css = "precision-" + entry.precision.replace(" ", "-")
        badge = f'<span class="precision {css}">{_PRECISION[entry.precision]}</span>'
        kind_label = {"event": "Event", "source": "Published", "statements": "Statements"}[entry.kind]
        line = f"- **{text(entry.when)}** {badge} · {kind_label}: {label}"
        if entry.statements:
            line += "\n" + "\n".join(f"    - {statement_link(here, s)}: {text(s.summary)}" for s in entry.statements)
        items.append(line)
    return page(
        front_matter(
            "The events, sources and statements in date order, with the precision of each date.", searchable=False
        ),
        heading(1, "Timeline"),
        _nav(here),
        "Events, source publications and statements in date order. Each date is shown with its precision: "
        'a date the sources only bound ("not before") is marked as such and placed at its bound. A '
        "statement is dated by the session it was spoken at when that is known, otherwise by its source.",
        '<div class="timeline" markdown="1">\n\n' + "\n".join(items) + "\n\n</div>",
    )
