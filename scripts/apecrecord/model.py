"""Typed records: what the rest of the code works with once the YAML is read.

Every record keeps its ``Origin`` (file and the line of each field) so that a check run long
after loading can still point an editor at the exact line, and the site can link each page to
the YAML that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: What the record says wherever a source is silent.
NOT_STATED = "not stated in the source"

STATEMENT_KINDS = (
    "proposal",
    "commitment",
    "call-to-action",
    "assessment",
    "announcement",
    "principle",
)


@dataclass(frozen=True)
class Origin:
    """Where a record was written: its file, its first line, and the line of each field."""

    file: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str, index: int | None = None) -> int:
        """Line of ``name`` (or of item ``index`` in that list), falling back to the record's."""
        if index is not None and f"{name}[{index}]" in self.field_lines:
            return self.field_lines[f"{name}[{index}]"]
        return self.field_lines.get(name, self.line)


@dataclass(frozen=True)
class DateSpec:
    """A date as precise as the source allows: a known date, or bounds with their reason."""

    date: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    reason: str | None = None

    @property
    def precision(self) -> str:
        if self.date is None:
            return "bounded"
        return {4: "year", 7: "month"}.get(len(self.date), "day")

    @property
    def sort_key(self) -> str:
        return self.date or self.not_before or self.not_after or ""

    def describe(self) -> str:
        if self.date:
            return format_date(self.date)
        parts = []
        if self.not_before:
            parts.append(f"not before {format_date(self.not_before)}")
        if self.not_after:
            parts.append(f"not after {format_date(self.not_after)}")
        return " and ".join(parts)


def format_date(iso: str) -> str:
    """``2025-11-01`` as ``1 November 2025``, keeping the precision the text has."""
    parts = iso.split("-")
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def parse_calendar_date(iso: str) -> date | None:
    """The date ``iso`` names, or None when it names no real day (2025-02-30)."""
    parts = iso.split("-") + ["01"] * (3 - len(iso.split("-")))
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Paragraph:
    """One block of an archived text. Body paragraphs have a number; captions and notes do not."""

    label: str  # "body", "heading", "caption", "note", "headline" or "dateline"
    text: str
    line: int
    number: int | None = None
    ordinal: int = 0  # for unnumbered blocks: 1 for the first caption, 2 for the second...

    @property
    def anchor(self) -> str:
        if self.number is not None:
            return f"p{self.number}"
        return f"{self.label}-{self.ordinal}"


@dataclass(frozen=True)
class Archive:
    """A source's archived text as read from disk."""

    file: str
    sha256: str
    blocks: tuple[Paragraph, ...]
    #: For a file with CR line breaks: its SHA-256 once CRLF and CR are turned into LF, to tell a
    #: line-ending change (a Windows checkout) from an edit.
    lf_sha256: str | None = None
    #: The file's bytes, published beside the source page so readers can check the SHA-256.
    raw: bytes = field(default=b"", repr=False, compare=False)

    @property
    def body(self) -> dict[int, Paragraph]:
        return {p.number: p for p in self.blocks if p.number is not None}


@dataclass(frozen=True)
class Framing:
    """A body paragraph deliberately left without a statement, and why."""

    paragraph: int
    reason: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    first: int
    last: int
    heading: bool = False

    def covers(self, number: int) -> bool:
        return self.first <= number <= self.last


@dataclass(frozen=True)
class UrlProvenance:
    """How a source's address was identified and when: an address is a fact we add, so it says why."""

    identified: str
    recorded: str
    note: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    publisher: str
    language: str
    text: str
    sha256: str
    origin: Origin
    title: str | None = None
    short_title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    translated_from: str | None = None
    published: DateSpec | None = None
    url: str | None = None
    about: tuple[str, ...] = ()
    description: str | None = None
    self_description: str | None = None
    omitted: str | None = None
    not_stated: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    framing: tuple[Framing, ...] = ()
    #: Body paragraphs that condense what the body sets out in full, and why they are marked so.
    lead: tuple[int, ...] = ()
    lead_reason: str | None = None
    #: How the address in ``url`` was identified, and when that was recorded.
    url_provenance: UrlProvenance | None = None
    #: Whose translation the text is, said wherever the source's statements are attributed.
    translation_note: str | None = None

    def is_lead(self, statement: Statement) -> bool:
        """Whether a statement quotes only the lead, and so repeats what the body says in full."""
        return bool(self.lead) and all(number in self.lead for number in statement.paragraphs)

    @property
    def label(self) -> str:
        return self.short_title or self.title or self.id

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Role:
    role: str
    source: str


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    origin: Origin
    roles: tuple[Role, ...] = ()
    description: str | None = None
    #: What kind of outlet or body it is (for example "Chinese state media"), where stated.
    affiliation: str | None = None
    #: Other names readers search by (the sources' forms, common abbreviations).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    origin: Origin
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    kind: str
    description: str
    origin: Origin
    aliases: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    #: True when ``name`` is our descriptive label rather than the sources' own words.
    label_is_ours: bool = False


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    kind: str
    origin: Origin
    place: str | None = None
    start: str | None = None
    end: str | None = None
    parent: str | None = None
    description: str | None = None
    not_stated: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    origin: Origin
    aliases: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    #: Where the definition comes from: every definition is general knowledge beyond the two sources.
    reference: str | None = None


@dataclass(frozen=True)
class Change:
    """One entry of the changelog kept with the data (data/CHANGES.yaml)."""

    id: str
    date: str
    what: str
    why: str
    origin: Origin
    #: ``{kind: ids}`` of records the change touched that are still in the record.
    records: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: ``{kind: ids}`` of records the change took out of the record.
    removed: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    id: str
    source: str
    paragraphs: tuple[int, ...]
    speaker: str
    attribution: str
    reported_by: str
    kind: str
    quote: str
    summary: str
    section: str
    added: str
    origin: Origin
    themes: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event: str | None = None
    note: str | None = None
    former_ids: tuple[str, ...] = ()
    #: A short headline written by the editor, unique across the record (page title, lists, citations).
    title: str | None = None
    #: The governing words (subject, modal or reporting verb) the quote depends on, verbatim and
    #: before the quote in the same paragraph: the prefix of a W3C TextQuoteSelector.
    context: str | None = None


@dataclass
class Record:
    """The whole record, each type in file order. Lookups by id are built once here."""

    sources: list[Source] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    archives: dict[str, Archive] = field(default_factory=dict)
    #: Ids of records left out for schema problems: known, so references to them are not errors.
    unbuilt_ids: dict[str, set[str]] = field(default_factory=dict)
    #: Second codings committed under data/coding/ (``apecrecord.coding.sheet.SecondCoding``).
    second_codings: list = field(default_factory=list)

    def by_id(self, kind: str) -> dict[str, object]:
        """``{id: record}`` for one type; the first record wins when ids repeat."""
        table: dict[str, object] = {}
        for item in getattr(self, kind):
            table.setdefault(item.id, item)
        return table
