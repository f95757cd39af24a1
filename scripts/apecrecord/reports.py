"""Plain-text reports on a checked record: paragraph coverage and counts.

The figures are computed here once and shared by the command line and the site's pages, so the
numbers an editor sees in the terminal are the numbers a reader sees on the site.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from apecrecord.model import Record


@dataclass(frozen=True)
class ParagraphCoverage:
    number: int
    label: str
    statements: tuple[str, ...]
    framing_reason: str | None

    @property
    def covered(self) -> bool:
        return bool(self.statements)


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    paragraphs: tuple[ParagraphCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.paragraphs)

    @property
    def share(self) -> float:
        return self.covered / len(self.paragraphs) if self.paragraphs else 0.0


def coverage(record: Record) -> list[SourceCoverage]:
    result = []
    for source in record.sources:
        archive = record.archives.get(source.id)
        if archive is None:
            continue
        framing = {f.paragraph: f.reason for f in source.framing}
        rows = []
        for number, paragraph in archive.body.items():
            ids = tuple(s.id for s in record.statements if s.source == source.id and number in s.paragraphs)
            rows.append(ParagraphCoverage(number, paragraph.label, ids, framing.get(number)))
        result.append(SourceCoverage(source.id, tuple(rows)))
    return result


def coverage_text(record: Record) -> str:
    lines = []
    for item in coverage(record):
        lines.append(f"{item.source}: {item.covered} of {len(item.paragraphs)} paragraphs covered ({item.share:.0%})")
        for row in item.paragraphs:
            if row.covered:
                what = ", ".join(row.statements)
            elif row.framing_reason:
                what = f"(framing, no statement: {row.framing_reason})"
            else:
                what = "NOT COVERED"
            heading = " heading" if row.label == "heading" else ""
            lines.append(f"  [{row.number}{heading}] {what}")
    return "\n".join(lines)


def counts(record: Record) -> dict[str, Counter[str]]:
    """Statement counts by source, speaker, kind and theme."""
    return {
        "source": Counter(s.source for s in record.statements),
        "speaker": Counter(s.speaker for s in record.statements),
        "kind": Counter(s.kind for s in record.statements),
        "theme": Counter(t for s in record.statements for t in s.themes),
    }


def stats_text(record: Record) -> str:
    lines = [f"{len(record.statements)} statements"]
    for name, counter in counts(record).items():
        lines.append(f"by {name}:")
        for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {value:4d}  {key}")
    return "\n".join(lines)
