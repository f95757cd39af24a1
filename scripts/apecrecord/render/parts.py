"""Pieces several page kinds share: statement lists, chips, the edit line, glossary tooltips."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from apecrecord.crossref import CrossRef
from apecrecord.model import NOT_STATED, Origin, Record, Statement
from apecrecord.release import UNRELEASED, Release
from apecrecord.render import paths
from apecrecord.render.labels import kind_name
from apecrecord.render.markup import attr, bullets, heading, link, not_searched, rel, text, tooltip


@dataclass(frozen=True)
class SiteOptions:
    """What the pages need to know beyond the record itself."""

    repo_url: str | None = None
    site_url: str | None = None
    branch: str = "main"
    site_name: str = "APEC 2025 Statements"
    release: Release = UNRELEASED


def statement_title(statement: Statement, ref: CrossRef) -> str:
    """The statement's headline as plain text: its ``title``, or speaker and kind until it has one."""
    if statement.title:
        return statement.title
    speaker = ref.actors.get(statement.speaker)
    return f"{speaker.name if speaker else statement.speaker}: {kind_name(statement.kind).lower()}"


def whose_words(statement: Statement, ref: CrossRef) -> str:
    """Whose words the quote is, as plain text: "Xinhua, reporting Xi Jinping" for reported speech.

    Reported speech is the reporter's sentence about what someone said, never the speaker's own
    words, so every place that shows a quote says so in text (read by screen readers too).
    """
    speaker = ref.actors.get(statement.speaker)
    speaker_name = speaker.name if speaker else statement.speaker
    if statement.attribution == "reported-speech":
        reporter = ref.actors.get(statement.reported_by)
        return f"{reporter.name if reporter else statement.reported_by}, reporting {speaker_name}"
    return speaker_name


def quoted(statement: Statement, ref: CrossRef) -> str:
    """The quote as inline HTML: its governing context set apart, the quote, and whose words they are.

    Every page that shows a quote shows it through this function, so the context and the
    reported-speech label can never be left off one of them.
    """
    context = f'<span class="quote-context">[{text(statement.context)} …]</span> ' if statement.context else ""
    words = f' <span class="quote-words">({text(whose_words(statement, ref))})</span>'
    return f'{context}<q class="quote-text">{text(statement.quote)}</q>{words}'


def statement_link(here: str, statement: Statement, ref: CrossRef | None = None) -> str:
    label = statement_title(statement, ref) if ref is not None else statement.id
    return link(text(label), rel(here, paths.record_page("statements", statement.id)))


def record_link(here: str, kind: str, record_id: str, label: str) -> str:
    return link(text(label), rel(here, paths.record_page(kind, record_id)))


def statement_rows(here: str, ref: CrossRef, statements: list[Statement]) -> str:
    """A list of statements: each title linked, its kind, then the quote as ``quoted()`` shows it."""
    if not statements:
        return ""
    return bullets(
        f"{statement_link(here, statement, ref)} <small>{text(kind_name(statement.kind))}</small><br>"
        + quoted(statement, ref)
        for statement in statements
    )


def statements_by_source(here: str, ref: CrossRef, statements: list[Statement], level: int = 2) -> str:
    """Statements under one heading per source, the sources in record order."""
    if not statements:
        return "No statement in the record yet."
    return not_searched(_grouped(here, ref, statements, level))


def _grouped(here: str, ref: CrossRef, statements: list[Statement], level: int) -> str:
    blocks = []
    for source_id, group in ref.grouped_by_source(statements):
        source = ref.sources.get(source_id)
        label = source.label if source else source_id
        count = f"{len(group)} statement{'s' * (len(group) != 1)}"
        blocks.append(heading(level, record_link(here, "sources", source_id, label), f"from-{source_id}"))
        blocks.append(f"<p>{count}</p>\n{statement_rows(here, ref, group)}")
    return "\n".join(blocks)


def chips(here: str, kind: str, ids: tuple[str, ...], table: dict[str, object], name: str = "name") -> str:
    """Comma-separated links to records; an id with no record is shown plainly."""
    if not ids:
        return "none"
    shown = []
    for record_id in ids:
        item = table.get(record_id)
        label = getattr(item, name, record_id) if item else record_id
        shown.append(record_link(here, kind, record_id, label))
    return ", ".join(shown)


def not_stated() -> str:
    return f"<em>{text(NOT_STATED)}</em>"


def edit_line(origin: Origin, options: SiteOptions) -> str:
    """Where the page's record is written, linked to the repository when one is configured."""
    where = f"{text(origin.file)}, line {origin.line}"
    if options.repo_url:
        url = f"{options.repo_url.rstrip('/')}/blob/{options.branch}/{origin.file}#L{origin.line}"
        where = f'<a href="{attr(url)}" class="edit-record">{where}</a>'
    return f'<p class="record-origin" data-search-exclude><small>This page is generated from {where}.</small></p>'


def glossary_definitions(record: Record) -> dict[str, str]:
    """Each form of each glossary term (term and aliases), with its definition as a tooltip.

    The definition becomes an ``abbr`` title, which Material's tooltips render as HTML, so it
    goes through ``tooltip()``. A form Markdown would not read back whole as an abbreviation (a
    bracket, a line break) gets no tooltip, on generated and hand-written pages alike.
    """
    definitions = {}
    for term in record.glossary:
        definition = tooltip(term.definition)
        for form in sorted({term.term, *term.aliases}):
            if form and not any(ch in form for ch in "[]") and form == " ".join(form.split()):
                definitions[form] = definition
    return definitions


def with_abbreviations(markdown: str, definitions: dict[str, str]) -> str:
    """A hand-written Markdown page followed by the abbreviation definitions of the glossary terms
    it contains, and no others (Python-Markdown's abbreviation pass costs time for every one)."""
    used = [f"*[{form}]: {definition}" for form, definition in definitions.items() if form in markdown]
    return f"{markdown}\n" + "\n".join(used) + "\n" if used else markdown


# Tags in HTML we write ourselves: always quoted attributes, never a ">" inside one.
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*>")
# Where a term is not text to explain: code, scripts, SVG drawings, and terms already explained;
# and a menu's options, which hold text only (a browser drops an element inside one).
_NO_TERMS = frozenset({"abbr", "code", "option", "pre", "script", "style", "svg", "textarea"})


def abbreviate(html: str, definitions: dict[str, str]) -> str:
    """A generated HTML page with each use of a glossary term wrapped in ``<abbr title>``.

    What Python-Markdown's abbreviation extension does for Markdown, done on the HTML we wrote:
    whole words only, in text, never inside code, scripts or SVG.
    """
    escaped = _escaped_forms(tuple(definitions.items()))
    used = tuple(sorted((form for form in escaped if form in html), key=lambda f: (-len(f), f)))
    if not used:
        return html
    pattern = _terms_pattern(used)

    def explain(match: re.Match[str]) -> str:
        return f'<abbr title="{attr(escaped[match.group(0)])}">{match.group(0)}</abbr>'

    out: list[str] = []
    depth = 0  # how many elements without terms we are inside
    position = 0
    for tag in _TAG.finditer(html):
        chunk = html[position : tag.start()]
        out.append(chunk if depth else pattern.sub(explain, chunk))
        out.append(tag.group(0))
        if tag.group(2).lower() in _NO_TERMS and not tag.group(0).endswith("/>"):
            depth += -1 if tag.group(1) else 1
        position = tag.end()
    tail = html[position:]
    out.append(tail if depth else pattern.sub(explain, tail))
    return "".join(out)


@lru_cache(maxsize=8)
def _escaped_forms(definitions: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each form as it appears in escaped HTML text, with its definition (once per glossary)."""
    return {text(form): definition for form, definition in definitions}


@lru_cache(maxsize=256)
def _terms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    # Not after & or #: in escaped text those begin a character reference (&amp; &#x27;), whose
    # name a term such as "amp" must not split.
    return re.compile(r"(?<![\w&#])(?:" + "|".join(re.escape(form) for form in forms) + r")(?!\w)")
