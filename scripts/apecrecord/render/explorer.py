"""The statements explorer: one table of every statement, and the grouped listings beside it.

The table is complete HTML at build time, so it works without JavaScript, is read by screen
readers and is indexed. ``docs/assets/explorer.js`` adds facet filters, a text filter, sorting,
a live count and a CSV of the visible rows, keeping the whole state in the URL query: parameter
names are the record's field names in the singular and values are ids, so
``statements/?speaker=xi-jinping&kind=commitment`` is a view anyone can link to
(``explorer_href`` builds such links for other pages).
"""

from __future__ import annotations

from urllib.parse import urlencode

from apecrecord.crossref import CrossRef
from apecrecord.model import Statement
from apecrecord.render import paths
from apecrecord.render.labels import KIND_NAMES, kind_name
from apecrecord.render.markup import attr, front_matter, link, rel, text, titled_page
from apecrecord.render.parts import quoted, statement_title, statements_by_source, whose_words

#: The filters the explorer understands, each with its facet, in the order they are shown.
FILTERS = ("kind", "speaker", "source", "theme", "initiative", "actor", "event")


def explorer_href(here: str, **filters: str) -> str:
    """A link from page ``here`` to the explorer showing only the statements ``filters`` select."""
    unknown = set(filters) - set(FILTERS)
    assert not unknown, f"the explorer has no filter {unknown}"
    query = urlencode(sorted(filters.items()))
    return paths.url_rel(here, paths.SECTIONS["statements"]) + (f"?{query}" if query else "")


def explorer_link(here: str, label: str, **filters: str) -> str:
    """An HTML link (raw HTML: engines leave its query alone) into the filtered explorer."""
    return f'<a href="{attr(explorer_href(here, **filters))}">{text(label)}</a>'


def _ids(values: tuple[str, ...] | list[str]) -> str:
    return " ".join(values)


def _names(here: str, kind: str, ids: tuple[str, ...], table: dict) -> str:
    shown = []
    for record_id in ids:
        item = table.get(record_id)
        label = item.name if item is not None else record_id
        shown.append(f'<a href="{attr(paths.url_rel(here, paths.record_page(kind, record_id)))}">{text(label)}</a>')
    return ", ".join(shown) or "none"


def _row(here: str, index: int, statement: Statement, ref: CrossRef) -> str:
    source = ref.sources[statement.source]
    speaker = ref.actors.get(statement.speaker)
    page_href = paths.url_rel(here, paths.record_page("statements", statement.id))
    source_href = paths.url_rel(here, paths.record_page("sources", source.id))
    paragraphs = ", ".join(f'<a href="{attr(source_href)}#p{n}">¶&nbsp;{n}</a>' for n in statement.paragraphs)
    data = {
        "id": statement.id,
        "order": str(index),
        "kind": statement.kind,
        "speaker": statement.speaker,
        "source": statement.source,
        "theme": _ids(statement.themes),
        "initiative": _ids(statement.initiatives),
        "actor": _ids(statement.actors),
        "event": statement.event or "",
        "paragraphs": "; ".join(str(n) for n in statement.paragraphs),
        "words": whose_words(statement, ref),
    }
    attributes = " ".join(f'data-{key}="{attr(value)}"' for key, value in data.items())
    cells = [
        ("Title", f'<a class="explorer-title" href="{attr(page_href)}">{text(statement_title(statement, ref))}</a>'),
        ("Quote", quoted(statement, ref)),
        ("Speaker", text(speaker.name if speaker else statement.speaker)),
        ("Kind", text(kind_name(statement.kind))),
        ("Source", f"{text(source.label)} {paragraphs}"),
        ("Themes", _names(here, "themes", statement.themes, ref.themes)),
        ("Initiatives", _names(here, "initiatives", statement.initiatives, ref.initiatives)),
    ]
    tds = "".join(f'<td data-label="{name}">{cell}</td>' for name, cell in cells)
    return f"<tr {attributes}>{tds}</tr>"


def _facet(name: str, label: str, values: list[tuple[str, str, int]], opened: bool) -> str:
    """One facet: a checkbox per value with its count (the script keeps counts current)."""
    boxes = "".join(
        f'<li><input type="checkbox" id="f-{name}-{attr(value)}" name="{name}" value="{attr(value)}">'
        f'<label for="f-{name}-{attr(value)}">{text(shown)} <span class="facet-count">({count})</span></label></li>'
        for value, shown, count in values
    )
    return (
        f'<details class="facet" data-facet="{name}"{" open" if opened else ""}><summary>{label}</summary>'
        f'<fieldset><legend class="explorer-hidden">{label}</legend><ul>{boxes}</ul></fieldset></details>'
    )


def _filters(ref: CrossRef) -> str:
    statements = ref.record.statements

    def counted(field: str, ids: list[str], name) -> list[tuple[str, str, int]]:
        counts: dict[str, int] = {}
        for statement in statements:
            for value in _values(statement, field):
                counts[value] = counts.get(value, 0) + 1
        return [(value, name(value), counts[value]) for value in ids if counts.get(value)]

    def actor_name(actor_id: str) -> str:
        actor = ref.actors.get(actor_id)
        return actor.name if actor else actor_id

    facets = [
        _facet("kind", "Kind", counted("kind", list(KIND_NAMES), kind_name), True),
        _facet("speaker", "Speaker", counted("speaker", [a.id for a in ref.record.actors], actor_name), True),
        _facet("source", "Source", counted("source", [s.id for s in ref.record.sources], _label(ref)), True),
        _facet("theme", "Theme", counted("theme", [t.id for t in ref.record.themes], _theme_name(ref)), False),
        _facet(
            "initiative",
            "Initiative",
            counted("initiative", [i.id for i in ref.record.initiatives], _initiative_name(ref)),
            False,
        ),
        _facet("actor", "Actor named", counted("actor", [a.id for a in ref.record.actors], actor_name), False),
        _facet("event", "Event", counted("event", [e.id for e in ref.record.events], _event_name(ref)), False),
    ]
    return (
        '<form class="explorer-filters" role="search" aria-label="Filter the statements" hidden>'
        '<p class="explorer-text"><label for="explorer-q">Words in the title, quote or names</label> '
        '<input type="search" id="explorer-q" name="q" autocomplete="off"></p>'
        f'<div class="explorer-facets">{"".join(facets)}</div>'
        '<p class="explorer-actions"><button type="reset" class="md-button">Clear all filters</button> '
        '<a class="explorer-csv md-button" download="apec-2025-statements-selection.csv" href="#">'
        "Download these rows as CSV</a></p>"
        "</form>"
    )


def _values(statement: Statement, field: str) -> tuple[str, ...]:
    """The ids a statement has for one explorer filter (the same data- attributes the script reads)."""
    single = {"kind": statement.kind, "speaker": statement.speaker, "source": statement.source}
    if field in single:
        return (single[field],)
    return {"theme": statement.themes, "initiative": statement.initiatives, "actor": statement.actors}.get(
        field, (statement.event,) if statement.event else ()
    )


def matching(ref: CrossRef, **filters: list[str]) -> list[Statement]:
    """The statements the explorer shows for ``filters`` (values of one field: any of; fields: all)."""
    return [
        s
        for s in ref.record.statements
        if all(not values or set(values) & set(_values(s, field)) for field, values in filters.items())
    ]


def _label(ref: CrossRef):
    return lambda source_id: ref.sources[source_id].label if source_id in ref.sources else source_id


def _theme_name(ref: CrossRef):
    return lambda theme_id: ref.themes[theme_id].name if theme_id in ref.themes else theme_id


def _initiative_name(ref: CrossRef):
    return lambda item: ref.initiatives[item].name if item in ref.initiatives else item


def _event_name(ref: CrossRef):
    return lambda item: ref.events[item].name if item in ref.events else item


def explorer_page(ref: CrossRef) -> str:
    """``statements/``: the whole record as one filterable table."""
    here = paths.SECTIONS["statements"]
    record = ref.record
    by_source = link("by source", rel(here, paths.STATEMENTS_BY_SOURCE))
    by_theme = link("by theme", rel(here, paths.STATEMENTS_BY_THEME))
    rows = "\n".join(_row(here, i, s, ref) for i, s in enumerate(record.statements))
    headers = "".join(
        f'<th scope="col" data-sort="{key}">{name}</th>'
        for key, name in (
            ("title", "Title"),
            ("quote", "Quote"),
            ("speaker", "Speaker"),
            ("kind", "Kind"),
            ("source", "Source"),
            ("theme", "Themes"),
            ("initiative", "Initiatives"),
        )
    )
    total = len(record.statements)
    table = (
        f'<div class="explorer" data-total="{total}">\n'
        f"{_filters(ref)}\n"
        f'<p class="explorer-status" role="status" aria-live="polite">{total} statements</p>\n'
        '<div class="explorer-scroll" tabindex="0" role="region" aria-label="Statements table">\n'
        '<table class="explorer-table">\n'
        f"<caption>Every statement in the record: {total} statements from "
        f"{len(record.sources)} sources</caption>\n"
        f"<thead><tr>{headers}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n"
        '<p class="explorer-empty" hidden>No statement matches these filters.</p>\n'
        "</div>"
    )
    # The table needs the width the (empty) table of contents would take.
    meta = front_matter(
        "Statements",
        "Every statement in the record in one table: filter by kind, speaker, source, theme and initiative.",
        searchable=False,
        hide=("toc",),
    )
    return titled_page(
        meta,
        "Statements",
        f"{total} statements from {len(record.sources)} sources: each with its title, its quote (with the "
        "words it depends on and whose words it is), speaker, kind, source paragraph, themes and "
        f"initiatives. Filter and sort them below; the address keeps the filters, so a view can be "
        f"shared. Also listed {by_source} and {by_theme}.",
        table,
    )


def statements_by_source_page(ref: CrossRef) -> str:
    """``statements/by-source/``: the listing grouped under each source, in record order."""
    here = paths.STATEMENTS_BY_SOURCE
    record = ref.record
    return titled_page(
        front_matter("Statements by source", "Every statement in the record, grouped by source.", searchable=False),
        "Statements by source",
        f"{len(record.statements)} statements from {len(record.sources)} sources. Each row gives the "
        "summary, the speaker and the kind. "
        + link("All statements in one table", rel(here, paths.SECTIONS["statements"]))
        + " can be filtered and sorted.",
        statements_by_source(here, ref, record.statements),
    )
