"""Theme, initiative, actor and event pages: a record, then every statement touching it."""

from __future__ import annotations

from apecrecord.crossref import CrossRef
from apecrecord.model import Actor, Event, Initiative, Theme, format_date
from apecrecord.render import paths
from apecrecord.render.explorer import explorer_link
from apecrecord.render.labels import ACTOR_KIND_NAMES
from apecrecord.render.markup import (
    definition_rows,
    front_matter,
    heading,
    link,
    rel,
    table,
    text,
    title,
    titled_page,
)
from apecrecord.render.parts import (
    SiteOptions,
    chips,
    edit_line,
    not_stated,
    record_link,
    statements_by_source,
)


def _count(n: int) -> str:
    return f"{n} statement{'s' * (n != 1)}"


def _counted(here: str, n: int, **filters: str) -> str:
    """A statement count that opens the explorer showing those statements (plain text for none)."""
    return explorer_link(here, _count(n), **filters) if n else _count(n)


def _also_called(aliases: tuple[str, ...]) -> str:
    """Other names, in the page's text (not its facts table) so that the site search finds them."""
    return f'<p class="also-called">Also called: {"; ".join(text(a) for a in aliases)}</p>' if aliases else ""


def _in_explorer(here: str, n: int, **filters: str) -> str:
    """The line under a record page's statement heading that opens them in the explorer."""
    return f"<p>{explorer_link(here, f'Open these {_count(n)} in the explorer', **filters)}</p>" if n else ""


def theme_page(theme: Theme, ref: CrossRef, options: SiteOptions) -> str:
    here = paths.record_page("themes", theme.id)
    statements = ref.by_theme.get(theme.id, [])
    initiatives = [i.id for i in ref.record.initiatives if theme.id in i.themes]
    terms = [t for t in ref.record.glossary if theme.id in t.themes]
    facts = [
        ("Related themes", chips(here, "themes", theme.related, ref.themes)),
        ("Initiatives", chips(here, "initiatives", tuple(initiatives), ref.initiatives)),
    ]
    if terms:
        facts.append(
            (
                "Glossary",
                ", ".join(link(text(t.term), rel(here, paths.SECTIONS["glossary"], t.id)) for t in terms),
            )
        )
    return titled_page(
        front_matter(theme.name, theme.description),
        title(theme.name),
        text(theme.description),
        definition_rows(facts),
        heading(2, f"Statements ({len(statements)})", "statements"),
        _in_explorer(here, len(statements), theme=theme.id),
        statements_by_source(here, ref, statements, level=3),
        edit_line(theme.origin, options),
    )


def initiative_page(initiative: Initiative, ref: CrossRef, options: SiteOptions) -> str:
    here = paths.record_page("initiatives", initiative.id)
    statements = ref.by_initiative.get(initiative.id, [])
    facts = [
        ("Name", _name_origin(initiative)),
        ("Kind", text(initiative.kind.capitalize())),
        ("Behind it", chips(here, "actors", initiative.actors, ref.actors)),
        ("Themes", chips(here, "themes", initiative.themes, ref.themes)),
    ]
    return titled_page(
        # Other names are search tags, which the site search ranks above titles: "RCEP" finds the
        # partnership's page before the statements whose titles use the name.
        front_matter(initiative.name, initiative.description, tags=initiative.aliases),
        title(initiative.name),
        text(initiative.description),
        _also_called(initiative.aliases),
        definition_rows(facts),
        heading(2, f"Statements naming it ({len(statements)})", "statements"),
        _in_explorer(here, len(statements), initiative=initiative.id),
        statements_by_source(here, ref, statements, level=3),
        edit_line(initiative.origin, options),
    )


#: Shown wherever an initiative's name is our label rather than the sources' own.
OUR_LABEL = "our descriptive label"


def _name_origin(initiative: Initiative) -> str:
    if initiative.label_is_ours:
        return f"{text(OUR_LABEL)}, not the sources' words; their words for it are under “Also called”"
    return "as the sources give it"


def _touched(here: str, ref: CrossRef, statements: list) -> list[tuple[str, str]]:
    """Fact rows linking the themes and initiatives a set of statements touches, most used first."""
    rows = []
    for kind, field, table_ in (("themes", "themes", ref.themes), ("initiatives", "initiatives", ref.initiatives)):
        counts: dict[str, int] = {}
        for statement in statements:
            for item in getattr(statement, field):
                counts[item] = counts.get(item, 0) + 1
        ranked = tuple(sorted(counts, key=lambda item: (-counts[item], item)))
        rows.append((kind.capitalize(), chips(here, kind, ranked, table_)))
    return rows


def actor_page(actor: Actor, ref: CrossRef, options: SiteOptions) -> str:
    here = paths.record_page("actors", actor.id)
    spoken = ref.by_speaker.get(actor.id, [])
    named = ref.by_actor.get(actor.id, [])
    roles = [
        f"{text(r.role)} (as stated in {record_link(here, 'sources', r.source, _source_label(ref, r.source))})"
        for r in actor.roles
    ]
    wrote = [s for s in ref.record.sources if actor.id in s.authors or s.publisher == actor.id]
    facts = [
        ("Kind", text(ACTOR_KIND_NAMES.get(actor.kind, actor.kind))),
        ("Roles as stated", "; ".join(roles) if roles else "none stated in the sources"),
    ]
    if wrote:
        facts.append(
            (
                "Author or publisher of",
                ", ".join(record_link(here, "sources", s.id, s.label) for s in wrote),
            )
        )
    facts += _touched(here, ref, spoken + named)
    return titled_page(
        front_matter(actor.name, actor.description or actor.name, tags=actor.aliases),
        title(actor.name),
        text(actor.description) if actor.description else "",
        _also_called(actor.aliases),
        definition_rows(facts),
        heading(2, f"Statements by {title(actor.name)} ({len(spoken)})", "by"),
        _in_explorer(here, len(spoken), speaker=actor.id),
        statements_by_source(here, ref, spoken, level=3) if spoken else "None in the record.",
        heading(2, f"Statements about or naming {title(actor.name)} ({len(named)})", "about"),
        _in_explorer(here, len(named), actor=actor.id),
        statements_by_source(here, ref, named, level=3) if named else "None in the record.",
        edit_line(actor.origin, options),
    )


def _source_label(ref: CrossRef, source_id: str) -> str:
    source = ref.sources.get(source_id)
    return source.label if source else source_id


def event_dates(event: Event) -> str:
    if "start" in event.not_stated or not event.start:
        return "not stated in the source"
    if event.end and event.end != event.start:
        return f"{format_date(event.start)} to {format_date(event.end)}"
    return format_date(event.start)


def event_page(event: Event, ref: CrossRef, options: SiteOptions) -> str:
    here = paths.record_page("events", event.id)
    statements = ref.by_event.get(event.id, [])
    children = [e for e in ref.record.events if e.parent == event.id]
    sources = [s for s in ref.record.sources if event.id in s.about]
    facts = [
        ("Kind", text(event.kind.capitalize())),
        (
            "Place",
            not_stated() if "place" in event.not_stated or not event.place else text(event.place),
        ),
        ("Dates", text(event_dates(event))),
        ("Part of", chips(here, "events", (event.parent,), ref.events) if event.parent else "none"),
        (
            "Parts",
            ", ".join(record_link(here, "events", c.id, c.name) for c in children) or "none recorded",
        ),
        (
            "Sources reporting on it",
            ", ".join(record_link(here, "sources", s.id, s.label) for s in sources) or "none",
        ),
        *_touched(here, ref, statements),
    ]
    return titled_page(
        front_matter(event.name, event.description or event.name),
        title(event.name),
        text(event.description) if event.description else "",
        definition_rows(facts),
        heading(2, f"Statements made there ({len(statements)})", "statements"),
        _in_explorer(here, len(statements), event=event.id),
        statements_by_source(here, ref, statements, level=3),
        edit_line(event.origin, options),
    )


def topic_index(kind: str, ref: CrossRef) -> str:
    """The index of themes, initiatives, actors or events: each with its statement counts."""
    here = paths.SECTIONS[kind]
    record = ref.record

    def name(item) -> str:
        return record_link(here, kind, item.id, item.name)

    columns = {
        "themes": (
            "The site's cross-source taxonomy: each theme gathers what every source says on one subject.",
            ["Theme", "What it covers", "Statements"],
            lambda t: (name(t), text(t.description), _counted(here, len(ref.by_theme.get(t.id, [])), theme=t.id)),
        ),
        "initiatives": (
            "Every particular agreement, plan, organisation, mechanism, system, goal or forum the sources "
            "name (the Method page gives the criterion). A name marked as our label is a description of "
            "ours, not the sources' words.",
            ["Initiative", "Kind", "Statements"],
            lambda i: (
                name(i) + (f" <small>({text(OUR_LABEL)})</small>" if i.label_is_ours else ""),
                text(i.kind),
                _counted(here, len(ref.by_initiative.get(i.id, [])), initiative=i.id),
            ),
        ),
        "actors": (
            "People, economies and organisations: who speaks, and who is spoken about.",
            ["Actor", "Kind", "Speaker of", "Named in"],
            lambda a: (
                name(a),
                text(ACTOR_KIND_NAMES.get(a.kind, a.kind)),
                _counted(here, len(ref.by_speaker.get(a.id, [])), speaker=a.id),
                _counted(here, len(ref.by_actor.get(a.id, [])), actor=a.id),
            ),
        ),
        "events": (
            "The meetings and sessions the sources report on.",
            ["Event", "Dates", "Statements"],
            lambda e: (name(e), text(event_dates(e)), _counted(here, len(ref.by_event.get(e.id, [])), event=e.id)),
        ),
    }
    intro, headers, row = columns[kind]
    return titled_page(
        front_matter(kind.capitalize(), intro),
        kind.capitalize(),
        intro,
        table(headers, [row(item) for item in getattr(record, kind)]),
    )
