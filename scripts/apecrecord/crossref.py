"""Who refers to whom: the reverse indexes every page and export needs.

Built once per build from a checked record, so each page lists its statements without scanning
the whole record again; that keeps the build linear in the record's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from apecrecord.model import Record, Statement


@dataclass
class CrossRef:
    record: Record
    by_source: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    by_initiative: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    by_speaker: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    by_actor: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    by_event: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    by_paragraph: dict[tuple[str, int], list[Statement]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, record: Record) -> CrossRef:
        ref = cls(record)
        for statement in record.statements:
            ref.by_source[statement.source].append(statement)
            ref.by_speaker[statement.speaker].append(statement)
            if statement.event:
                ref.by_event[statement.event].append(statement)
            for theme in statement.themes:
                ref.by_theme[theme].append(statement)
            for initiative in statement.initiatives:
                ref.by_initiative[initiative].append(statement)
            for actor in statement.actors:
                ref.by_actor[actor].append(statement)
            for number in statement.paragraphs:
                ref.by_paragraph[(statement.source, number)].append(statement)
        ref.sources = record.by_id("sources")
        ref.actors = record.by_id("actors")
        ref.themes = record.by_id("themes")
        ref.initiatives = record.by_id("initiatives")
        ref.events = record.by_id("events")
        ref.source_order = {s.id: i for i, s in enumerate(record.sources)}
        return ref

    def grouped_by_source(self, statements: list[Statement]) -> list[tuple[str, list[Statement]]]:
        """Statements grouped by source, sources in record order, statements in file order."""
        groups: dict[str, list[Statement]] = defaultdict(list)
        for statement in statements:
            groups[statement.source].append(statement)
        return sorted(groups.items(), key=lambda item: self.source_order.get(item[0], 1 << 30))

    def related(self, statement: Statement, limit: int = 8, scan: int = 40) -> list[Statement]:
        """Statements sharing a theme or initiative: the other sources' first, then most shared.

        Capped so a statement page does not grow with the record, and each theme contributes at
        most ``scan`` candidates from other sources and ``scan`` from the same source, so the work
        per page stays constant as themes fill up.
        """
        shared: dict[str, int] = defaultdict(int)
        by_id: dict[str, Statement] = {}
        for initiative in statement.initiatives:
            for other in self.by_initiative.get(initiative, ())[: 2 * scan]:
                shared[other.id] += 2  # a shared named initiative is a closer link than a theme
                by_id[other.id] = other
        for theme in statement.themes:
            taken = {True: 0, False: 0}
            for other in self.by_theme.get(theme, ()):
                same = other.source == statement.source
                if taken[same] >= scan:
                    if taken[not same] >= scan:
                        break
                    continue
                taken[same] += 1
                shared[other.id] += 1
                by_id[other.id] = other
        shared.pop(statement.id, None)
        ranked = sorted(shared, key=lambda sid: (by_id[sid].source == statement.source, -shared[sid], sid))
        return [by_id[sid] for sid in ranked[:limit]]
