"""Comparisons computed from the record: the crosswalk, side-by-side columns, theme shares
(statements and paragraphs), the link graph and the timeline.

Pure data, no markup: the pages in ``render/compare.py`` draw these, and tests check them
directly, so every figure on the site is one that a change to the record changes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from apecrecord.crossref import CrossRef
from apecrecord.model import DateSpec, Statement, format_date


@dataclass(frozen=True)
class CrosswalkRow:
    source: str
    section: str
    title: str
    cells: dict[str, list[Statement]]  # theme id -> statements of this section with that theme


@dataclass(frozen=True)
class Crosswalk:
    themes: list[str]
    rows: list[CrosswalkRow]
    coverage: dict[str, set[str]]  # theme id -> sources that address it


def crosswalk(ref: CrossRef) -> Crosswalk:
    """Each source's own sections against the site's themes, counting statements per cell."""
    record = ref.record
    themes = [t.id for t in record.themes]
    rows = []
    coverage: dict[str, set[str]] = defaultdict(set)
    for source in record.sources:
        statements = ref.by_source.get(source.id, [])
        for section in source.sections:
            cells: dict[str, list[Statement]] = {theme: [] for theme in themes}
            for statement in statements:
                if statement.section != section.id:
                    continue
                for theme in statement.themes:
                    if theme in cells:
                        cells[theme].append(statement)
                        coverage[theme].add(source.id)
            rows.append(CrosswalkRow(source.id, section.id, section.title, cells))
    return Crosswalk(themes, rows, dict(coverage))


def convergence(walk: Crosswalk, sources: list[str]) -> dict[str, list[str]]:
    """Themes addressed by every one of ``sources``, by some, by only one, and by none."""
    result: dict[str, list[str]] = {"all": [], "some": [], "one": [], "none": []}
    for theme in walk.themes:
        present = walk.coverage.get(theme, set()) & set(sources)
        if not present:
            result["none"].append(theme)
        elif len(present) == len(sources):
            result["all"].append(theme)
        elif len(present) == 1:
            result["one"].append(theme)
        else:
            result["some"].append(theme)
    return result


def lead_count(ref: CrossRef, statements: list[Statement] | tuple[Statement, ...]) -> int:
    """How many of ``statements`` quote only their source's lead (see ``Source.is_lead``)."""
    return sum(1 for s in statements if s.source in ref.sources and ref.sources[s.source].is_lead(s))


@dataclass(frozen=True)
class ThemeShare:
    """One source on one theme, measured two ways.

    ``statements`` depends on how the coders split sentences (one sentence can yield five
    statements); ``paragraphs``, the body paragraphs with at least one statement on the theme,
    out of ``of`` body paragraphs, barely does. ``lead`` is how many of the statements are lead
    statements; they are included in ``statements``.
    """

    statements: int
    lead: int
    paragraphs: int
    of: int

    @property
    def share(self) -> float:
        return self.paragraphs / self.of if self.of else 0.0


def theme_shares(ref: CrossRef) -> dict[str, dict[str, ThemeShare]]:
    """For each theme and each source: its statements on the theme and its share of paragraphs."""
    record = ref.record
    result: dict[str, dict[str, ThemeShare]] = {}
    for theme in record.themes:
        by_source: dict[str, list[Statement]] = defaultdict(list)
        for statement in ref.by_theme.get(theme.id, []):
            by_source[statement.source].append(statement)
        row = {}
        for source in record.sources:
            statements = by_source.get(source.id, [])
            paragraphs = {n for s in statements for n in s.paragraphs}
            archive = record.archives.get(source.id)
            row[source.id] = ThemeShare(
                len(statements), lead_count(ref, statements), len(paragraphs), len(archive.body) if archive else 0
            )
        result[theme.id] = row
    return result


@dataclass(frozen=True)
class ParagraphYield:
    """How many statements one body paragraph yields, and how long the paragraph is."""

    source: str
    paragraph: int
    statements: int
    words: int


def syntax_example(ref: CrossRef) -> tuple[ParagraphYield, ParagraphYield] | None:
    """The record's own proof that statement counts follow syntax, not emphasis.

    The paragraph that yields the most statements, against the longest paragraph (preferably
    of another source) that yields only one; None when no paragraph yields more than one.
    """
    yields = []
    for source in ref.record.sources:
        archive = ref.record.archives.get(source.id)
        for number, paragraph in (archive.body if archive else {}).items():
            count = len(ref.by_paragraph.get((source.id, number), []))
            if count:
                yields.append(ParagraphYield(source.id, number, count, len(paragraph.text.split())))
    if not yields:
        return None
    most = max(yields, key=lambda y: y.statements)  # max keeps the first of equals: record order
    singles = [y for y in yields if y.statements == 1]
    others = [y for y in singles if y.source != most.source] or singles
    if most.statements < 2 or not others:
        return None
    return most, max(others, key=lambda y: y.words)


def side_by_side(ref: CrossRef) -> dict[str, dict[str, list[Statement]]]:
    """For each theme, each source's statements on it (a source with none gets an empty column)."""
    sources = [s.id for s in ref.record.sources]
    return {
        theme.id: {source: [s for s in ref.by_theme.get(theme.id, []) if s.source == source] for source in sources}
        for theme in ref.record.themes
    }


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # "speaker", "theme", "initiative"
    label: str
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class Graph:
    """Speakers, themes and initiatives, joined through the statements that link them."""

    speakers: list[Node]
    themes: list[Node]
    initiatives: list[Node]
    edges: dict[tuple[str, str], int] = field(default_factory=dict)  # (from node, to node) -> statements
    #: For each edge, the nodes whose selection keeps it in view: its two ends, and the nodes the
    #: same statements reach beyond them (a speaker -> theme edge reaches the initiatives those
    #: statements name; a theme -> initiative edge reaches the speakers of those statements).
    reach: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


def link_graph(ref: CrossRef) -> Graph:
    """Who speaks to which themes, and which initiatives the statements on each theme name."""
    record = ref.record
    speakers = [
        Node(actor_id, "speaker", ref.actors[actor_id].name if actor_id in ref.actors else actor_id, tuple(group))
        for actor_id, group in sorted(ref.by_speaker.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    themes = [Node(t.id, "theme", t.name, tuple(ref.by_theme.get(t.id, []))) for t in record.themes]
    initiatives = [
        Node(i.id, "initiative", i.name, tuple(ref.by_initiative.get(i.id, [])))
        for i in record.initiatives
        if ref.by_initiative.get(i.id)
    ]
    edges: Counter[tuple[str, str]] = Counter()
    reach: dict[tuple[str, str], set[str]] = defaultdict(set)
    for statement in record.statements:
        for theme in statement.themes:
            edges[(statement.speaker, theme)] += 1
            reach[(statement.speaker, theme)] |= {statement.speaker, theme, *statement.initiatives}
            for initiative in statement.initiatives:
                edges[(theme, initiative)] += 1
                reach[(theme, initiative)] |= {statement.speaker, theme, initiative}
    return Graph(speakers, themes, initiatives, dict(edges), {edge: frozenset(nodes) for edge, nodes in reach.items()})


@dataclass(frozen=True)
class TimelineEntry:
    sort_key: str
    when: str  # as precise as the record allows, in words
    precision: str  # "day", "month", "year", "bounded" or "not stated"
    kind: str  # "event", "source" or "statements"
    label: str
    target: tuple[str, str]  # (record kind, id) the entry links to
    statements: tuple[Statement, ...] = ()
    event: str | None = None  # for a group of statements: the event the record gives them, if any


def statement_date(statement: Statement, ref: CrossRef) -> DateSpec | None:
    """When the words were said or published: the event's day if known, else the source's date."""
    event = ref.events.get(statement.event) if statement.event else None
    if event is not None and event.start and event.start == event.end:
        return DateSpec(date=event.start)
    source = ref.sources.get(statement.source)
    return source.published if source else None


def _when(date: DateSpec | None) -> tuple[str, str, str]:
    if date is None:
        return "~", "date not stated in the source", "not stated"
    return date.sort_key, date.describe(), date.precision


def timeline(ref: CrossRef) -> list[TimelineEntry]:
    """Events, source publications and statements in date order; bounds sort by their bound.

    Statements are grouped by date, source and event, so the timeline says what was said when
    and how much of it, and stays as long as the number of events and sources, not statements.
    """
    entries: list[TimelineEntry] = []
    for event in ref.record.events:
        if event.start:
            span = format_date(event.start)
            if event.end and event.end != event.start:
                span = f"{span} to {format_date(event.end)}"
            precision = {4: "year", 7: "month"}.get(len(event.start), "day")
            entries.append(TimelineEntry(event.start, span, precision, "event", event.name, ("events", event.id)))
        else:
            entries.append(
                TimelineEntry(
                    "~", "dates not stated in the sources", "not stated", "event", event.name, ("events", event.id)
                )
            )
    for source in ref.record.sources:
        key, when, precision = _when(source.published)
        entries.append(TimelineEntry(key, when, precision, "source", source.label, ("sources", source.id)))
    groups: dict[tuple[str, str, str, str, str], list[Statement]] = defaultdict(list)
    for statement in ref.record.statements:
        key, when, precision = _when(statement_date(statement, ref))
        groups[(key, when, precision, statement.source, statement.event or "")].append(statement)
    for (key, when, precision, source_id, event_id), group in groups.items():
        source = ref.sources[source_id]
        label = f"{len(group)} statement{'s' * (len(group) != 1)} from {source.label}"
        if event_id in ref.events:
            label += f", event: {ref.events[event_id].name}"
        entries.append(
            TimelineEntry(
                key, when, precision, "statements", label, ("sources", source_id), tuple(group), event_id or None
            )
        )
    order = {"event": 0, "source": 1, "statements": 2}
    return sorted(entries, key=lambda e: (e.sort_key, e.precision == "bounded", order[e.kind], e.label))
