"""Checks over the whole loaded record: ids, references, dates, quotes and archived texts.

Schema checks happen per file while loading; what is here needs several files at once. Every
check runs, whatever the others found, and returns problems rather than stopping, so an editor
sees every mistake of a change in one run. Warnings flag what an editor probably wants to know
(a paragraph no statement covers, an unused initiative) without failing the build.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path, PurePosixPath

from apecrecord.archive import (
    MIN_QUOTE_CHARS,
    MIN_QUOTE_WORDS,
    UNNUMBERED_LABELS,
    body_texts,
    consecutive,
    find_anywhere,
    find_in_block,
    find_quote,
    fold,
    normalise,
    word_count,
    word_cut,
)
from apecrecord.load import load_record
from apecrecord.model import Archive, DateSpec, Origin, Record, Statement, parse_calendar_date
from apecrecord.problems import Problem, did_you_mean, sorted_problems
from apecrecord.render import paths
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
        _reserved_ids,
        _former_ids,
        _source_fields,
        _statement_references,
        _other_references,
        _event_cycles,
        _dates,
        _archives,
        _quotes,
        _editor_warnings,
        _titles_addresses_and_changes,
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


#: Names the renderer gives its own pages (``statements/index.md``, ``statements/by-theme.md``...):
#: a record with one of these ids would overwrite that page.
PAGE_NAMES = frozenset(
    PurePosixPath(page).stem
    for page in (paths.HOME, *paths.SECTIONS.values(), paths.STATEMENTS_BY_THEME, *paths.COMPARE.values())
)
#: Names Windows keeps for devices, in any letter case and with any extension: a page file
#: ``con.md`` cannot be checked out there.
DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)})


def reserved_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (it names a generated page or a Windows device), or None."""
    if value.lower() in PAGE_NAMES:
        return f"'{value}' is the name of a generated page: choose another id"
    if value.lower() in DEVICE_NAMES or value.lower().split(".")[0] in DEVICE_NAMES:
        return f"'{value}' is a Windows device name, which cannot be a file name there: choose another id"
    return None


def _reserved_ids(record: Record) -> Iterator[Problem]:
    for kind, noun in RECORD_NOUN.items():
        for item in getattr(record, kind):
            why = reserved_id_problem(item.id)
            if why:
                yield Problem(item.origin.file, item.origin.at("id"), f"{noun} id {why}")
    for statement in record.statements:
        for index, old in enumerate(statement.former_ids):
            why = reserved_id_problem(old)
            if why:
                yield Problem(
                    statement.origin.file,
                    statement.origin.at("former_ids", index),
                    f"statement '{statement.id}': former id {why}",
                )


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
        if last is None:
            continue
        for index, framing in enumerate(source.framing):
            if framing.paragraph > last:
                yield Problem(
                    source.origin.file,
                    source.origin.at("framing", index),
                    f"{owner}: framing paragraph {framing.paragraph} is out of range: "
                    f"the text has paragraphs 1 to {last}",
                )
        for number in source.lead:
            if number > last:
                yield Problem(
                    source.origin.file,
                    source.origin.at("lead"),
                    f"{owner}: lead paragraph {number} is out of range: the text has paragraphs 1 to {last}",
                )


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


def _event_cycles(record: Record) -> Iterator[Problem]:
    """An event's parents lead up to a root; a chain that comes back to its start never does."""
    parents = {event.id: event.parent for event in record.events}
    for event in record.events:
        chain = [event.id]
        current = event.parent
        while current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if current == event.id:
            loop = " -> ".join([*chain, event.id])
            yield Problem(
                event.origin.file,
                event.origin.at("parent"),
                f"event '{event.id}': its parents lead back to itself ({loop}): an event cannot contain itself",
            )


def day_range(iso: str) -> tuple[date, date] | None:
    """The first and last day a date of any precision covers: ``2025-11`` is 1 to 30 November."""
    first = parse_calendar_date(iso)
    if first is None:
        return None
    precision = iso.count("-")
    if precision == 2:
        return first, first
    if precision == 1:
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    return first, date(first.year, 12, 31)


def _dates(record: Record) -> Iterator[Problem]:
    def real(value: str | None, origin: Origin, field: str, owner: str) -> Iterator[Problem]:
        if value and parse_calendar_date(value) is None:
            yield Problem(origin.file, origin.at(field), f"{owner}: {field} '{value}' is not a real date")

    def bounded(spec: DateSpec, origin: Origin, field: str, owner: str) -> Iterator[Problem]:
        line = origin.at(field)
        if spec.date and spec.reason:
            yield Problem(
                origin.file,
                line,
                f"{owner}: '{field}' gives a date and a reason; a reason explains bounds: "
                "drop the reason, or give not_before/not_after instead of the date",
            )
        low = day_range(spec.not_before) if spec.not_before else None
        high = day_range(spec.not_after) if spec.not_after else None
        if low and high and low[0] > high[1]:
            yield Problem(
                origin.file,
                line,
                f"{owner}: '{field}' not_before {spec.not_before} is after not_after {spec.not_after}: swap them",
            )

    for source in record.sources:
        if source.published:
            owner = f"source '{source.id}'"
            for value in (
                source.published.date,
                source.published.not_before,
                source.published.not_after,
            ):
                yield from real(value, source.origin, "published", owner)
            yield from bounded(source.published, source.origin, "published", owner)
    for event in record.events:
        owner = f"event '{event.id}'"
        yield from real(event.start, event.origin, "start", owner)
        yield from real(event.end, event.origin, "end", owner)
        start = day_range(event.start) if event.start else None
        end = day_range(event.end) if event.end else None
        if start and end and end[1] < start[0]:
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
        if archive is not None and archive.sha256 != source.sha256 and archive.lf_sha256 == source.sha256:
            yield Problem(
                source.origin.file,
                source.origin.at("sha256"),
                f"source '{source.id}': {archive.file} has CRLF or CR line endings but the text is unchanged: "
                "do not record a new sum; restore LF line endings (git checkout with the repository's .gitattributes, "
                "or save the file with LF)",
            )
        elif archive is not None and archive.sha256 != source.sha256:
            yield Problem(
                source.origin.file,
                source.origin.at("sha256"),
                f"source '{source.id}': {archive.file} has SHA-256 {archive.sha256}, not the recorded one; "
                "if the text was meant to change, record the new sum",
            )


def _quotes(record: Record) -> Iterator[Problem]:
    for statement in record.statements:
        archive = record.archives.get(statement.source)
        if archive is not None:
            yield from quote_problems(statement, archive)


_BLOCK_NAMES = {"caption": "photo caption", "note": "editor's note", "headline": "headline", "dateline": "dateline"}
_EXACTLY = "copy it exactly (only whitespace, quotation marks and dashes may differ)"


def quote_problems(statement: Statement, archive: Archive) -> Iterator[Problem]:
    """The quote and its context, held to the rules of the Method page (docs/about.md)."""
    owner = f"statement '{statement.id}'"
    file, line = statement.origin.file, statement.origin.at("quote")
    quote, cited = statement.quote, statement.paragraphs
    words, chars = word_count(quote), len(normalise(quote))
    if words < MIN_QUOTE_WORDS or chars < MIN_QUOTE_CHARS:
        yield Problem(
            file,
            line,
            f"{owner}: the quote is too short ({_count(words, 'word')}, {_count(chars, 'character')}): quote at least "
            f"{MIN_QUOTE_WORDS} words and {MIN_QUOTE_CHARS} characters, enough to carry the statement",
        )
        return
    if not consecutive(cited):
        listed = ", ".join(str(n) for n in cited)
        yield Problem(
            file,
            statement.origin.at("paragraphs"),
            f"{owner}: paragraphs {listed} are not consecutive: a quote is one span, so cite one run "
            "of paragraphs, or make one statement per span",
        )
        return
    body = body_texts(archive)
    match = find_quote(quote, body, cited, statement.context)
    if match is None:
        yield Problem(file, line, f"{owner}: {_quote_missing(statement, archive, body)}")
        return
    first = min(cited)
    if statement.context is not None and match.context is None:
        yield Problem(
            file,
            statement.origin.at("context"),
            f"{owner}: {_context_missing(statement.context, body, first, match.quote.begin)}",
        )
    elif statement.context is None and not match.begins_sentence:
        lead_in = _sentence_lead_in(body[first], match.quote.begin)
        yield Problem(
            file,
            line,
            f"{owner}: the quote does not begin a sentence: add the words it depends on as 'context', "
            f"copied from paragraph {first} before the quote (here: {lead_in!r})",
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _quote_missing(statement: Statement, archive: Archive, body: dict[int, str]) -> str:
    """Why a quote was not found in its cited paragraphs, as precisely as the text allows."""
    quote, cited = statement.quote, statement.paragraphs
    listed = ", ".join(str(n) for n in cited)
    present = {n: body[n] for n in cited if n in body}
    inside = find_anywhere(quote, present) if present and consecutive(list(present)) else None
    if inside is not None:
        held = ", ".join(str(n) for n in inside.paragraphs)
        return (
            f"the quote is in paragraph {held} only, not in all of the cited paragraphs {listed}: "
            "cite only the paragraphs the quote spans"
        )
    cut = word_cut(quote, body, list(present)) if present else None
    if cut is not None:
        return f"the quote starts or ends inside the word '{cut}': quote whole words"
    elsewhere = find_anywhere(quote, body)
    if elsewhere is not None:
        held = ", ".join(str(n) for n in elsewhere.paragraphs)
        return f"the quote is in paragraph {held}, not in the cited paragraph {listed}"
    for block in archive.blocks:
        if block.label in UNNUMBERED_LABELS and find_in_block(quote, block.text) is not None:
            name = _BLOCK_NAMES[block.label]
            return (
                f"the quote is in the {name} ({archive.file}:{block.line}), which is not a numbered "
                "paragraph: statements quote the body"
            )
    return f"the quote is not in the archived text of '{statement.source}'; {_EXACTLY}"


def _context_missing(context: str, body: dict[int, str], first: int, quote_begin: int) -> str:
    found = find_anywhere(context, {first: body[first]})
    if found is not None:
        return f"the context comes after the quote in paragraph {first}: it must end before the quote begins"
    cut = word_cut(context, body, [first])
    if cut is not None:
        return f"the context starts or ends inside the word '{cut}': copy whole words"
    return f"the context is not in paragraph {first}, where the quote begins; {_EXACTLY}"


_SENTENCE_BREAK = re.compile(r"[.!?:][\"')\]}]*\s")


def _sentence_lead_in(paragraph: str, begin: int) -> str:
    """The words from the start of the quote's sentence up to the quote, as a context suggestion."""
    before = fold(paragraph).text[:begin]
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(before)]
    lead_in = before[starts[-1] if starts else 0 :].strip()
    return lead_in if len(lead_in) <= 80 else "..." + lead_in[-77:].lstrip()


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
    """Whether the summary repeats the quote instead of saying it in other words.

    Linear in the length of both: compared as lowercase words, one is inside the other, or at
    least 80% of the summary's word pairs also occur in the quote.
    """
    summary, quote = _words(statement.summary), _words(statement.quote)
    if not summary or not quote:
        return False
    joined_summary, joined_quote = f" {' '.join(summary)} ", f" {' '.join(quote)} "
    if joined_summary in joined_quote or joined_quote in joined_summary:
        return True
    summary_pairs = set(pairwise(summary))
    if not summary_pairs:
        return False
    return len(summary_pairs & set(pairwise(quote))) / len(summary_pairs) >= 0.8


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _titles_addresses_and_changes(record: Record) -> Iterator[Problem]:
    """Titles present and unique, sourced addresses, and the changelog.

    Two titles that differ only in case, spacing or Unicode form read as the same headline, so
    they are compared folded. Every statement needs one: it is the page's title, its label in
    lists and search results, and the title of its citations, so no two pages may share it.
    """
    seen: dict[str, Statement] = {}
    for statement in record.statements:
        owner = f"statement '{statement.id}'"
        if not statement.title:
            yield Problem(
                statement.origin.file,
                statement.origin.line,
                f"{owner} has no title: give it a short headline, unique across the record",
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
        owner = f"source '{source.id}'"
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
