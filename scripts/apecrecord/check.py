"""Checks over the whole loaded record: ids, references, dates, quotes and archived texts.

Schema checks happen per file while loading; what is here needs several files at once. Every
check runs, whatever the others found, and returns problems rather than stopping, so an editor
sees every mistake of a change in one run. Warnings flag what an editor probably wants to know
(a paragraph no statement covers, an unused initiative) without failing the build.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from apecrecord.archive import find_quote, normalise, normalised_body
from apecrecord.load import load_record
from apecrecord.model import Origin, Record, Statement, parse_calendar_date
from apecrecord.problems import Problem, did_you_mean, sorted_problems
from apecrecord.schema import RECORD_NOUN


def check_data(data_dir: Path) -> tuple[Record, list[Problem]]:
    """Load and check ``data_dir``; the problems come sorted by file and line."""
    record, problems = load_record(data_dir)
    problems.extend(check_record(record))
    return record, sorted_problems(problems)


def check_record(record: Record) -> list[Problem]:
    problems: list[Problem] = []
    for check in (
        _unique_ids,
        _former_ids,
        _source_fields,
        _statement_references,
        _other_references,
        _dates,
        _archives,
        _quotes,
        _editor_warnings,
        _titles_leads_and_changes,
    ):
        problems.extend(check(record))
    return problems


class _Refs:
    """Resolves ids of each type, producing the 'does not exist (did you mean...)' problems."""

    def __init__(self, record: Record) -> None:
        self.ids = {kind: set(record.by_id(kind)) | record.unbuilt_ids.get(kind, set()) for kind in RECORD_NOUN}

    def missing(self, kind: str, values: Iterable[str], origin: Origin, field: str, owner: str) -> Iterator[Problem]:
        for index, value in enumerate(values):
            if value not in self.ids[kind]:
                noun = RECORD_NOUN[kind]
                hint = did_you_mean(value, self.ids[kind])
                yield Problem(
                    origin.file,
                    origin.at(field, index) if field else origin.line,
                    f"{owner}: {noun} '{value}' does not exist{hint}",
                )


def _unique_ids(record: Record) -> Iterator[Problem]:
    for kind, noun in RECORD_NOUN.items():
        first: dict[str, Origin] = {}
        for item in getattr(record, kind):
            if item.id in first:
                where = first[item.id]
                yield Problem(
                    item.origin.file,
                    item.origin.at("id"),
                    f"{noun} id '{item.id}' is already used at {where.file}:{where.at('id')}: choose another id",
                )
            else:
                first[item.id] = item.origin


def _former_ids(record: Record) -> Iterator[Problem]:
    """A published address must keep pointing at one statement, so a former id is never reused."""
    taken = {s.id: s.origin for s in record.statements}
    for statement in record.statements:
        for index, old in enumerate(statement.former_ids):
            if old in taken:
                where = taken[old]
                yield Problem(
                    statement.origin.file,
                    statement.origin.at("former_ids", index),
                    f"statement '{statement.id}': former id '{old}' is already used at {where.file}:{where.at('id')}",
                )
            taken.setdefault(old, statement.origin)


def _source_fields(record: Record) -> Iterator[Problem]:
    """A source either states a field or lists it under not_stated; it never does both."""
    optional = ("title", "outlet", "authors", "translated_from", "published", "url")
    for source in record.sources:
        owner = f"source '{source.id}'"
        for name in optional:
            given = bool(getattr(source, name))
            listed = name in source.not_stated
            if given and listed:
                yield Problem(
                    source.origin.file,
                    source.origin.at(name),
                    f"{owner}: '{name}' is given and also listed under not_stated: keep one",
                )
            elif not given and not listed:
                yield Problem(
                    source.origin.file,
                    source.origin.at("not_stated"),
                    f"{owner}: '{name}' is missing: give it, or list it under not_stated "
                    "if the source does not state it",
                )
        archive = record.archives.get(source.id)
        last = max(archive.body, default=0) if archive else None
        previous_end = 0
        for index, section in enumerate(source.sections):
            line = source.origin.at("sections", index)
            if section.first > section.last:
                yield Problem(
                    source.origin.file,
                    line,
                    f"{owner}: section '{section.id}' starts after it ends",
                )
            if section.first != previous_end + 1:
                yield Problem(
                    source.origin.file,
                    line,
                    f"{owner}: section '{section.id}' should start at paragraph {previous_end + 1}, "
                    "right after the previous one",
                )
            if last is not None and section.last > last:
                yield Problem(
                    source.origin.file,
                    line,
                    f"{owner}: section '{section.id}' ends at paragraph {section.last}, but the text has {last}",
                )
            previous_end = section.last


def _statement_references(record: Record) -> Iterator[Problem]:
    refs = _Refs(record)
    sources = record.by_id("sources")
    for statement in record.statements:
        owner = f"statement '{statement.id}'"
        origin = statement.origin
        source = sources.get(statement.source)
        if source is None and statement.source not in record.unbuilt_ids.get("sources", ()):
            hint = did_you_mean(statement.source, sources)
            yield Problem(origin.file, 1, f"{owner}: source '{statement.source}' does not exist{hint}")
        yield from refs.missing("actors", [statement.speaker], origin, "speaker", owner)
        yield from refs.missing("actors", [statement.reported_by], origin, "reported_by", owner)
        yield from refs.missing("actors", statement.actors, origin, "actors", owner)
        yield from refs.missing("themes", statement.themes, origin, "themes", owner)
        yield from refs.missing("initiatives", statement.initiatives, origin, "initiatives", owner)
        if statement.event:
            yield from refs.missing("events", [statement.event], origin, "event", owner)
        if source is None:
            continue
        section = source.section(statement.section)
        if section is None:
            options = [s.id for s in source.sections]
            hint = did_you_mean(statement.section, options)
            yield Problem(
                origin.file,
                origin.at("section"),
                f"{owner}: section '{statement.section}' does not exist in source '{source.id}'{hint}",
            )
        archive = record.archives.get(source.id)
        for index, number in enumerate(statement.paragraphs):
            if archive is not None and number not in archive.body:
                yield Problem(
                    origin.file,
                    origin.at("paragraphs", index),
                    f"{owner}: paragraph {number} is out of range: "
                    f"'{source.id}' has paragraphs 1 to {max(archive.body, default=0)}",
                )
            elif section is not None and not section.covers(number):
                yield Problem(
                    origin.file,
                    origin.at("paragraphs", index),
                    f"{owner}: paragraph {number} is not in section '{section.id}' "
                    f"(paragraphs {section.first} to {section.last})",
                )


def _other_references(record: Record) -> Iterator[Problem]:
    refs = _Refs(record)
    for source in record.sources:
        owner = f"source '{source.id}'"
        yield from refs.missing("actors", [source.publisher], source.origin, "publisher", owner)
        yield from refs.missing("actors", source.authors, source.origin, "authors", owner)
        yield from refs.missing("events", source.about, source.origin, "about", owner)
    for actor in record.actors:
        yield from refs.missing(
            "sources", [r.source for r in actor.roles], actor.origin, "roles", f"actor '{actor.id}'"
        )
    for theme in record.themes:
        yield from refs.missing("themes", theme.related, theme.origin, "related", f"theme '{theme.id}'")
        if theme.id in theme.related:
            yield Problem(
                theme.origin.file,
                theme.origin.at("related"),
                f"theme '{theme.id}': a theme cannot be related to itself",
            )
    for initiative in record.initiatives:
        owner = f"initiative '{initiative.id}'"
        yield from refs.missing("actors", initiative.actors, initiative.origin, "actors", owner)
        yield from refs.missing("themes", initiative.themes, initiative.origin, "themes", owner)
    for event in record.events:
        if event.parent:
            yield from refs.missing("events", [event.parent], event.origin, "parent", f"event '{event.id}'")
    for term in record.glossary:
        yield from refs.missing("themes", term.themes, term.origin, "themes", f"glossary term '{term.id}'")


def _dates(record: Record) -> Iterator[Problem]:
    def real(value: str | None, origin: Origin, field: str, owner: str) -> Iterator[Problem]:
        if value and parse_calendar_date(value) is None:
            yield Problem(origin.file, origin.at(field), f"{owner}: {field} '{value}' is not a real date")

    for source in record.sources:
        if source.published:
            owner = f"source '{source.id}'"
            for value in (
                source.published.date,
                source.published.not_before,
                source.published.not_after,
            ):
                yield from real(value, source.origin, "published", owner)
    for event in record.events:
        owner = f"event '{event.id}'"
        yield from real(event.start, event.origin, "start", owner)
        yield from real(event.end, event.origin, "end", owner)
        if event.start and event.end and event.end < event.start:
            yield Problem(
                event.origin.file,
                event.origin.at("end"),
                f"{owner}: end {event.end} is before start {event.start}",
            )
        for name in ("place", "start", "end"):
            given, listed = bool(getattr(event, name)), name in event.not_stated
            if given == listed:
                problem = (
                    "is given and also listed under not_stated"
                    if given
                    else "is missing: give it or list it under not_stated"
                )
                yield Problem(event.origin.file, event.origin.at(name), f"{owner}: '{name}' {problem}")
    for statement in record.statements:
        yield from real(statement.added, statement.origin, "added", f"statement '{statement.id}'")


def _archives(record: Record) -> Iterator[Problem]:
    for source in record.sources:
        archive = record.archives.get(source.id)
        if archive is not None and archive.sha256 != source.sha256:
            yield Problem(
                source.origin.file,
                source.origin.at("sha256"),
                f"source '{source.id}': {archive.file} has SHA-256 {archive.sha256}, not the recorded one; "
                "if the text was meant to change, record the new sum",
            )


def _quotes(record: Record) -> Iterator[Problem]:
    bodies = {source_id: normalised_body(archive) for source_id, archive in record.archives.items()}
    for statement in record.statements:
        body = bodies.get(statement.source)
        if body is None:
            continue
        in_cited, found_in = find_quote(statement.quote, body, statement.paragraphs)
        if in_cited:
            continue
        owner = f"statement '{statement.id}'"
        line = statement.origin.at("quote")
        if found_in:
            places = ", ".join(str(n) for n in found_in)
            cited = ", ".join(str(n) for n in statement.paragraphs)
            yield Problem(
                statement.origin.file,
                line,
                f"{owner}: the quote is in paragraph {places}, not in the cited paragraph {cited}",
            )
        else:
            yield Problem(
                statement.origin.file,
                line,
                f"{owner}: the quote is not in the archived text of '{statement.source}'; copy it exactly "
                "(only whitespace, quotation marks and dashes may differ)",
            )


def _editor_warnings(record: Record) -> Iterator[Problem]:
    covered = {(s.source, n) for s in record.statements for n in s.paragraphs}
    for source in record.sources:
        archive = record.archives.get(source.id)
        framing = {f.paragraph for f in source.framing}
        for number in archive.body if archive else ():
            if (source.id, number) not in covered and number not in framing:
                paragraph = archive.body[number]
                yield Problem(
                    archive.file,
                    paragraph.line,
                    f"paragraph {number} of '{source.id}' is covered by no statement",
                    warning=True,
                )
    theme_use = Counter(t for s in record.statements for t in s.themes)
    for theme in record.themes:
        if theme_use[theme.id] < 2:
            count = "no statement" if theme_use[theme.id] == 0 else "only one statement"
            yield Problem(
                theme.origin.file,
                theme.origin.at("id"),
                f"theme '{theme.id}' has {count}",
                warning=True,
            )
    named = {i for s in record.statements for i in s.initiatives}
    for initiative in record.initiatives:
        if initiative.id not in named:
            yield Problem(
                initiative.origin.file,
                initiative.origin.at("id"),
                f"initiative '{initiative.id}' is named by no statement",
                warning=True,
            )
    for statement in record.statements:
        if summary_copies_quote(statement):
            yield Problem(
                statement.origin.file,
                statement.origin.at("summary"),
                f"statement '{statement.id}': the summary copies the quote; say it in our own words",
                warning=True,
            )


def summary_copies_quote(statement: Statement) -> bool:
    summary, quote = normalise(statement.summary).lower(), normalise(statement.quote).lower()
    if summary in quote or quote in summary:
        return True
    matcher = difflib.SequenceMatcher(None, summary, quote, autojunk=False)
    # The cheap upper bounds rule out almost every pair before the quadratic ratio runs.
    return matcher.real_quick_ratio() > 0.8 and matcher.quick_ratio() > 0.8 and matcher.ratio() > 0.8


def _titles_leads_and_changes(record: Record) -> Iterator[Problem]:
    """Titles present and unique, lead paragraphs in the text, sourced addresses, and the changelog.

    Two titles that differ only in case, spacing or Unicode form read as the same headline, so
    they are compared folded. A missing title is a warning, so a statement being drafted still builds.
    """
    seen: dict[str, Statement] = {}
    for statement in record.statements:
        owner = f"statement '{statement.id}'"
        if not statement.title:
            yield Problem(
                statement.origin.file,
                statement.origin.line,
                f"{owner} has no title: give it a short headline, unique across the record",
                warning=True,
            )
            continue
        key = " ".join(unicodedata.normalize("NFKC", statement.title).casefold().split())
        if key in seen:
            first = seen[key]
            yield Problem(
                statement.origin.file,
                statement.origin.at("title"),
                f"{owner}: title '{statement.title}' is already used by statement '{first.id}' at "
                f"{first.origin.file}:{first.origin.at('title')}: titles must be unique",
            )
        else:
            seen[key] = statement
    for source in record.sources:
        archive = record.archives.get(source.id)
        owner = f"source '{source.id}'"
        for number in source.lead:
            if archive is not None and number not in archive.body:
                yield Problem(
                    source.origin.file,
                    source.origin.at("lead"),
                    f"{owner}: lead paragraph {number} is not a body paragraph of {archive.file} "
                    f"(it has 1 to {max(archive.body, default=0)})",
                )
        if source.url and source.url_provenance is None:
            yield Problem(
                source.origin.file,
                source.origin.at("url"),
                f"{owner}: 'url' is given without 'url_provenance': say how the address was identified and when",
            )
    yield from _changelog(record)


def _changelog(record: Record) -> Iterator[Problem]:
    """Each change names records that exist (or, under 'removed', records that no longer do)."""
    present = {kind: set(record.by_id(kind)) for kind in RECORD_NOUN}
    former = {old for s in record.statements for old in s.former_ids}
    for change in record.changes:
        owner = f"change '{change.id}'"
        if parse_calendar_date(change.date) is None:
            yield Problem(
                change.origin.file, change.origin.at("date"), f"{owner}: date '{change.date}' is not a real date"
            )
        for field_name, ids_by_kind, want in (("records", change.records, True), ("removed", change.removed, False)):
            for kind, ids in ids_by_kind.items():
                for record_id in ids:
                    found = record_id in present[kind] or (want and kind == "statements" and record_id in former)
                    if found != want:
                        state = "does not exist" if want else "is still in the record"
                        hint = "; list it under 'removed'" if want else "; list it under 'records'"
                        yield Problem(
                            change.origin.file,
                            change.origin.at(field_name),
                            f"{owner}: {RECORD_NOUN[kind]} '{record_id}' {state}{hint}",
                        )
