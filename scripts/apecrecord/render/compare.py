"""The comparison pages: overview figures, crosswalk, side by side, link map and timeline.

Each page answers one question and says how to read its counts: a count of statements follows
how sentences split, so a paragraph measure stands beside it, and lead statements (which repeat
the body) are counted and shown. Figures are HTML tables, which reflow on a phone and are their
own text alternative; only the link map is drawn (``svg.py``). Counts link into the statements
explorer, filtered to what they count, through ``paths.explorer_url``.
"""

from __future__ import annotations

import math

from apecrecord import compare
from apecrecord.crossref import CrossRef
from apecrecord.model import STATEMENT_KINDS, Statement
from apecrecord.render import paths, svg
from apecrecord.render.labels import kind_name
from apecrecord.render.markup import attr, bullets, front_matter, heading, link, page, rel, text
from apecrecord.render.parts import quoted, record_link, statement_title

_PRECISION = {
    "day": "exact day",
    "month": "month only",
    "year": "year only",
    "bounded": "bounded, not known",
    "not stated": "not stated",
}


def _front(title: str, description: str, wide: bool = False) -> str:
    """Front matter; ``wide`` pages give the table of contents' column to their figure."""
    return front_matter(title, description, searchable=False, hide=("toc",) if wide else ())


def _nav(here: str) -> str:
    names = {"overview": "Overview", "crosswalk": "Crosswalk", "side-by-side": "Side by side"}
    names |= {"link-map": "Link map", "timeline": "Timeline"}
    items = [
        f"<strong>{label}</strong>" if paths.COMPARE[key] == here else link(label, rel(here, paths.COMPARE[key]))
        for key, label in names.items()
    ]
    links = " · ".join(items)
    return f'<nav class="compare-nav" aria-label="Comparisons">\n<p>Compare: {links}</p>\n</nav>'


def _record_href(here: str, kind: str, record_id: str) -> str:
    return rel(here, paths.record_page(kind, record_id))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _lead_note(count: int) -> str:
    return f' <small class="lead-count">({count} lead)</small>' if count else ""


def _paragraph_link(ref: CrossRef, here: str, source_id: str, number: int) -> str:
    label = f"{ref.sources[source_id].label} ¶{number}"
    return link(text(label), rel(here, paths.record_page("sources", source_id), f"p{number}"))


def _counting_note(ref: CrossRef, here: str) -> str:
    """How to read the counts, generated from the record: syntax, paragraphs and the lead."""
    lines = []
    example = compare.syntax_example(ref)
    if example:
        most, single = example
        lines.append(
            "A count of statements follows how the sources' sentences split, not how much weight a "
            f"source gives a point: {_paragraph_link(ref, here, most.source, most.paragraph)} "
            f"({most.words} words) yields {most.statements} statements, "
            f"{_paragraph_link(ref, here, single.source, single.paragraph)} ({single.words} words) yields one. "
            "So beside counts of statements these pages give a measure that splitting barely changes: "
            "the share of a source's body paragraphs that touch a theme."
        )
    leads = [s for s in ref.record.sources if s.lead]
    for source in leads:
        numbers = ", ".join(_paragraph_link(ref, here, source.id, n) for n in source.lead)
        count = compare.lead_count(ref, ref.by_source.get(source.id, []))
        reason = f" ({text(source.lead_reason.rstrip('.'))})" if source.lead_reason else ""
        lines.append(
            f"{numbers} is the lead of its source{reason}: it condenses what the body then sets out in "
            f"full, so its {_plural(count, 'statement')} repeat points made again later. Counts here "
            "include lead statements and say how many of them each count holds (“2 lead”): leave "
            "them out to count each point once. In paragraph shares the lead is one paragraph like any other."
        )
    if not leads:
        lines.append("No source marks a lead paragraph, so no count here holds lead statements.")
    body = "\n".join(f"<p>{line}</p>" for line in lines)
    # Open on the overview, one click away on the pages that come after it.
    opened = " open" if here == paths.COMPARE["overview"] else ""
    return (
        f'<details class="note counting-note"{opened}>\n<summary>How to read the counts</summary>\n{body}\n</details>'
    )


def overview_page(ref: CrossRef) -> str:
    here = paths.COMPARE["overview"]
    record = ref.record
    sources = record.sources
    shares = compare.theme_shares(ref)
    head = "".join(f'<th scope="col">{text(s.label)}</th>' for s in sources)
    theme_rows = []
    for theme in record.themes:
        cells = []
        for source in sources:
            share = shares[theme.id][source.id]
            if not share.statements:
                cells.append('<td class="share-none">none</td>')
                continue
            href = paths.explorer_url(here, theme=theme.id, source=source.id)
            count = link(_plural(share.statements, "statement"), href)
            percent = round(100 * share.share)
            cells.append(
                f"<td>{count}{_lead_note(share.lead)}"
                f'<span class="share-bar" aria-hidden="true"><span style="width:{percent}%"></span></span>'
                f"<small>{share.paragraphs} of {share.of} paragraphs</small><small>({percent}%)</small></td>"
            )
        label = link(text(theme.name), _record_href(here, "themes", theme.id))
        theme_rows.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    by_theme = (
        '<div class="compare-table">\n<table>\n<caption>Statements on each theme, and the share of each '
        "source's paragraphs that touch it</caption>\n"
        f'<thead><tr><th scope="col">Theme</th>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(theme_rows)
        + "\n</tbody>\n</table>\n</div>"
    )
    by_kind: dict[tuple[str, str], list[Statement]] = {}
    for statement in record.statements:
        by_kind.setdefault((statement.kind, statement.source), []).append(statement)
    kind_rows = []
    for kind in STATEMENT_KINDS:
        cells = []
        for source in sources:
            group = by_kind.get((kind, source.id), [])
            cell = link(str(len(group)), paths.explorer_url(here, kind=kind, source=source.id)) if group else "0"
            cells.append(f"<td>{cell}{_lead_note(compare.lead_count(ref, group))}</td>")
        total = sum(1 for s in record.statements if s.kind == kind)
        all_cell = link(str(total), paths.explorer_url(here, kind=kind)) if total else "0"
        kind_rows.append(f'<tr><th scope="row">{text(kind_name(kind))}</th>{"".join(cells)}<td>{all_cell}</td></tr>')
    by_kind = (
        '<div class="compare-table">\n<table>\n<caption>Statements by kind and source</caption>\n'
        f'<thead><tr><th scope="col">Kind</th>{head}<th scope="col">All</th></tr></thead>\n<tbody>\n'
        + "\n".join(kind_rows)
        + "\n</tbody>\n</table>\n</div>"
    )
    source_rows = []
    for source in sources:
        statements = ref.by_source.get(source.id, [])
        archive = record.archives.get(source.id)
        covered = len({n for s in statements for n in s.paragraphs})
        count = link(str(len(statements)), paths.explorer_url(here, source=source.id))
        label = link(text(source.label), _record_href(here, "sources", source.id))
        source_rows.append(
            f'<tr><th scope="row">{label}</th><td>{count}{_lead_note(compare.lead_count(ref, statements))}</td>'
            f"<td>{covered} of {len(archive.body) if archive else 0}</td></tr>"
        )
    by_source = (
        '<div class="compare-table">\n<table>\n<caption>Statements and paragraphs by source</caption>\n'
        '<thead><tr><th scope="col">Source</th><th scope="col">Statements</th>'
        '<th scope="col">Body paragraphs with a statement</th></tr></thead>\n<tbody>\n'
        + "\n".join(source_rows)
        + "\n</tbody>\n</table>\n</div>"
    )
    return page(
        front_matter(
            "Compare the sources",
            "The record in figures: statements by theme, kind and source, and ways to compare the sources.",
        ),
        heading(1, "Compare the sources"),
        _nav(here),
        f"{_plural(len(record.statements), 'statement')} from {_plural(len(sources), 'source')}. Every figure "
        "on these pages is computed from the record when the site is built, and every count links to the "
        "statements it counts.",
        bullets(
            [
                link("Crosswalk", rel(here, paths.COMPARE["crosswalk"]))
                + ": where in each source's own structure each theme comes up.",
                link("Side by side", rel(here, paths.COMPARE["side-by-side"]))
                + ": for each theme, what each source says, quoted in columns.",
                link("Link map", rel(here, paths.COMPARE["link-map"]))
                + ": who speaks to which themes, and which initiatives the statements on each theme name.",
                link("Timeline", rel(here, paths.COMPARE["timeline"]))
                + ": the events, the sources' publication and their statements, in date order.",
            ]
        ),
        _counting_note(ref, here),
        heading(2, "By theme", "by-theme"),
        "A statement can have several themes, so a source's counts add up to more than its statements. "
        "The bar is the share of the source's body paragraphs with at least one statement on the theme.",
        by_theme,
        heading(2, "By kind", "by-kind"),
        by_kind,
        heading(2, "By source", "by-source"),
        by_source,
    )


def _heat_level(value: int, largest: int) -> int:
    """0 for an empty cell, else 1 to 4 by the cell's share of the largest count."""
    return 0 if value == 0 else max(1, math.ceil(4 * value / largest))


def _legend(largest: int) -> str:
    items = ['<li><span class="heat-swatch heat-0"></span> none</li>']
    for level in range(1, 5):
        low, high = (level - 1) * largest // 4 + 1, level * largest // 4
        if low <= high:
            label = str(low) if low == high else f"{low}–{high}"
            items.append(f'<li><span class="heat-swatch heat-{level}"></span> {label}</li>')
    return (
        '<div class="heat-legend"><span id="heat-legend-label">Statements in a cell:</span> '
        f'<ul aria-labelledby="heat-legend-label">{"".join(items)}</ul></div>'
    )


def _heat_map(ref: CrossRef, here: str, walk: compare.Crosswalk) -> str:
    """The crosswalk as a shaded table: sections down the side, themes across the top.

    The header row and the first column stay in view while the table scrolls (see site.css),
    every label is printed in full, and each count links to the explorer filtered to its cell.
    """
    themes = {t.id: t for t in ref.record.themes}
    largest = max((len(c) for r in walk.rows for c in r.cells.values()), default=0) or 1
    head = "".join(
        f'<th scope="col">{link(text(themes[t].name), _record_href(here, "themes", t))}</th>' for t in walk.themes
    )
    groups = []
    for source in ref.record.sources:
        rows = [r for r in walk.rows if r.source == source.id]
        if not rows:
            continue
        band = link(text(source.label), _record_href(here, "sources", source.id))
        lines = [f'<tr class="heat-source"><th scope="rowgroup" colspan="{len(walk.themes) + 1}">{band}</th></tr>']
        for row in rows:
            section = source.section(row.section)
            span = f"¶{section.first}–{section.last}" if section and section.last > section.first else ""
            if section and section.first == section.last:
                span = f"¶{section.first}"
            label = (
                f'<th scope="row">{text(row.title)}<span class="visually-hidden">, {text(source.label)}</span>'
                f" <small>{span}</small></th>"
            )
            cells = [_heat_cell(ref, here, source.label, row, themes[t].name, t, largest) for t in walk.themes]
            lines.append(f"<tr>{label}{''.join(cells)}</tr>")
        groups.append("<tbody>\n" + "\n".join(lines) + "\n</tbody>")
    return (
        '<p class="heatmap-caption" id="heatmap-caption">Statements per section of each source (rows) and theme '
        "(columns)</p>\n" + _legend(largest) + "\n"
        '<div class="heatmap" role="region" aria-labelledby="heatmap-caption" tabindex="0">\n'
        '<table aria-labelledby="heatmap-caption">\n'
        f'<thead><tr><th scope="col">Section</th>{head}</tr></thead>\n' + "\n".join(groups) + "\n</table>\n</div>"
    )


def _heat_cell(
    ref: CrossRef, here: str, source_label: str, row: compare.CrosswalkRow, theme_name: str, theme: str, largest: int
) -> str:
    statements = row.cells[theme]
    level = _heat_level(len(statements), largest)
    if not statements:
        return '<td class="heat heat-0"><span class="visually-hidden">none</span></td>'
    where = f"{row.title}, {source_label}, on {theme_name}"
    href = paths.explorer_url(here, source=row.source, section=row.section, theme=theme)
    count = link(f'{len(statements)}<span class="visually-hidden"> statements: {text(where)}</span>', href)
    paragraphs = len({n for s in statements for n in s.paragraphs})
    lead = compare.lead_count(ref, statements)
    extra = f"<small>{paragraphs} ¶{f' · {lead} lead' if lead else ''}</small>"
    return f'<td class="heat heat-{level}">{count}{extra}</td>'


def crosswalk_page(ref: CrossRef) -> str:
    here = paths.COMPARE["crosswalk"]
    walk = compare.crosswalk(ref)
    return page(
        _front(
            "Crosswalk", "Where in each source's own structure each theme comes up, counted in statements.", wide=True
        ),
        heading(1, "Crosswalk"),
        _nav(here),
        "Where in each source's own structure does each theme come up? Rows are the sources' own "
        "sections, columns the site's themes. Each cell counts the statements of that section on that "
        "theme, shaded by the count, with the number of paragraphs they come from (¶) beneath; the count "
        "links to those statements. Where the table is wider than the screen it scrolls sideways in its "
        "frame, with the section and theme names kept in view.",
        _counting_note(ref, here),
        _heat_map(ref, here, walk),
        heading(2, "Where the sources meet", "convergence"),
        _convergence_text(ref, walk),
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
        lines.append(f"<strong>{every} address</strong> {len(groups['all'])} themes: {listing(groups['all'])}.")
    if groups["some"]:
        lines.append(f"<strong>Some but not all sources address</strong> {listing(groups['some'])}.")
    for source_id in sources:
        only = [t for t in groups["one"] if walk.coverage.get(t) == {source_id}]
        if only:
            label = text(ref.sources[source_id].label)
            lines.append(f"<strong>Only {label} addresses</strong> {listing(only)}.")
    if groups["none"]:
        lines.append(f"<strong>No source yet addresses</strong> {listing(groups['none'])}.")
    if not lines:
        return "No statement is recorded yet."
    return (
        bullets(lines)
        + "\n<p>A theme counts as addressed by a source with a single statement on it: the "
        + link("overview", rel(here, paths.COMPARE["overview"], "by-theme"))
        + " gives each source's share of paragraphs per theme.</p>"
    )


def _statement_item(here: str, ref: CrossRef, statement: Statement) -> str:
    title = link(text(statement_title(statement, ref)), rel(here, paths.record_page("statements", statement.id)))
    return f"{title}: {quoted(statement, ref)}"


def side_by_side_page(ref: CrossRef) -> str:
    here = paths.COMPARE["side-by-side"]
    columns = compare.side_by_side(ref)
    shares = compare.theme_shares(ref)
    sources = ref.record.sources
    picker = ""
    if len(sources) > 1:
        options = "".join(f'<option value="{attr(s.id)}">{text(s.label)}</option>' for s in sources)
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
            share = shares[theme.id][source.id]
            body = (
                bullets(_statement_item(here, ref, s) for s in statements)
                if statements
                else "<p><em>Nothing recorded on this theme.</em></p>"
            )
            count = (
                link(_plural(len(statements), "statement"), paths.explorer_url(here, theme=theme.id, source=source.id))
                if statements
                else "no statement"
            )
            figures = f"{count}{_lead_note(share.lead)} · {share.paragraphs} of {share.of} paragraphs"
            cells.append(
                f'<div class="sbs-column" data-source="{attr(source.id)}">\n'
                f"<p><strong>{record_link(here, 'sources', source.id, source.label)}</strong><br>\n"
                f'<small class="sbs-figures">{figures}</small></p>\n{body}\n</div>'
            )
        blocks.append('<div class="sbs-row">\n' + "\n".join(cells) + "\n</div>")
    chooser = (
        "Pick the two sources to compare and which goes on the left; a source is never set against itself. "
        "Without scripts every source is shown."
        if len(sources) > 2
        else "Pick which source goes on the left."
        if len(sources) == 2
        else ""
    )
    return page(
        _front("Side by side", "For each theme, what each source says, quoted in columns."),
        heading(1, "Side by side"),
        _nav(here),
        "What does each source say on each theme? For each theme, each source's statements in its own "
        f"column, quoted with their governing words and whose words they are. {chooser}",
        _counting_note(ref, here),
        picker,
        *blocks,
    )


def _link_table(ref: CrossRef, here: str, graph: compare.Graph) -> str:
    """Every link of the map as a table row; the filter hides rows by their ``data-reach``."""
    labels = {n.id: n.label for n in (*graph.speakers, *graph.themes, *graph.initiatives)}
    kinds = {n.id: n.kind for n in (*graph.speakers, *graph.themes, *graph.initiatives)}
    pages = {"speaker": "actors", "theme": "themes", "initiative": "initiatives"}
    order = {n.id: i for i, n in enumerate((*graph.speakers, *graph.themes, *graph.initiatives))}

    def node(node_id: str) -> str:
        return link(text(labels[node_id]), _record_href(here, pages[kinds[node_id]], node_id))

    rows = []
    edges = sorted(graph.edges.items(), key=lambda item: (kinds[item[0][0]] != "speaker", order[item[0][0]], -item[1]))
    for (start, end), weight in edges:
        if kinds[start] == "speaker":
            href = paths.explorer_url(here, speaker=start, theme=end)
        else:
            href = paths.explorer_url(here, theme=start, initiative=end)
        reach = " ".join(sorted(graph.reach.get((start, end), {start, end})))
        rows.append(
            f'<tr data-reach="{attr(reach)}"><td>{node(start)}</td><td>{node(end)}</td>'
            f"<td>{link(str(weight), href)}</td></tr>"
        )
    return (
        '<div class="compare-table link-table">\n<table>\n<caption>Every link of the map</caption>\n'
        '<thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Statements</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )


def link_map_page(ref: CrossRef) -> str:
    here = paths.COMPARE["link-map"]
    graph = compare.link_graph(ref)
    pages = {"speaker": "actors", "theme": "themes", "initiative": "initiatives"}
    hrefs = {
        (n.kind, n.id): _record_href(here, pages[n.kind], n.id)
        for n in (*graph.speakers, *graph.themes, *graph.initiatives)
    }
    groups = (("Speakers", graph.speakers), ("Themes", graph.themes), ("Initiatives", graph.initiatives))
    options = "".join(
        f'<optgroup label="{name}">'
        + "".join(f'<option value="{attr(n.id)}">{text(n.label)}</option>' for n in nodes)
        + "</optgroup>"
        for name, nodes in groups
        if nodes
    )
    picker = (
        '<form class="link-filter" hidden><label>Show only the links of '
        f'<select name="node"><option value="">everything</option>{options}</select></label> '
        '<output class="link-count" aria-live="polite"></output></form>'
    )
    return page(
        _front(
            "Link map",
            "A map of who speaks to which themes, and which initiatives the statements on them name.",
            wide=True,
        ),
        heading(1, "Link map"),
        _nav(here),
        "Who speaks to which themes, and which initiatives do the statements on each theme name? "
        "Speakers on the left, themes in the middle, initiatives on the right. A line joins a speaker to a "
        "theme they address, or a theme to an initiative named in statements on it; the wider the line, the "
        "more statements. Every node links to its page. Pick a speaker, theme or initiative to follow its "
        "links through: a speaker's themes and the initiatives their statements on them name. The table "
        "below lists the same links, follows the same choice, and takes the drawing's place on a narrow screen.",
        _counting_note(ref, here),
        picker,
        f'<div class="chart-frame link-map">{svg.link_map("chart-link-map", graph, hrefs)}</div>',
        heading(2, "The links as a table", "table"),
        _link_table(ref, here, graph),
    )


def timeline_page(ref: CrossRef) -> str:
    here = paths.COMPARE["timeline"]
    days: list[tuple[tuple[str, str], list[str]]] = []
    for entry in compare.timeline(ref):
        kind, record_id = entry.target
        if entry.kind == "statements":
            count = _plural(len(entry.statements), "statement")
            if len(entry.statements) == len(ref.by_source.get(record_id, [])):  # the explorer can show exactly these
                count = link(count, paths.explorer_url(here, source=record_id))
            label = f"{count} from " + record_link(here, kind, record_id, ref.sources[record_id].label)
            if entry.event:
                label += ", event: " + record_link(here, "events", entry.event, ref.events[entry.event].name)
            lead = compare.lead_count(ref, entry.statements)
            label += f" ({lead} lead)" if lead else ""
        else:
            label = record_link(here, kind, record_id, entry.label)
        kind_label = {"event": "Event", "source": "Published", "statements": "Statements"}[entry.kind]
        line = f"{kind_label}: {label}"
        if days and days[-1][0] == (entry.when, entry.precision):
            days[-1][1].append(line)
        else:
            days.append(((entry.when, entry.precision), [line]))
    items = []
    for (when, precision), lines in days:
        css = "precision-" + precision.replace(" ", "-")
        badge = f'<span class="precision {css}">{_PRECISION[precision]}</span>'
        items.append(f"<strong>{text(when)}</strong> {badge}{bullets(lines)}")
    return page(
        _front(
            "Timeline",
            "The events, the sources' publication and their statements in date order, with each date's precision.",
        ),
        heading(1, "Timeline"),
        _nav(here),
        "What happened when? Events, the sources' publication and their statements in date order, the "
        "statements counted by source and event. Each date is shown "
        'with its precision: a date the sources only bound ("not before") is marked as such and placed at '
        "its bound. Statements are dated by their event when its day is known, otherwise by their source.",
        f'<div class="timeline">\n{bullets(items)}\n</div>',
    )
