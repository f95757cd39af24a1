"""Source pages: what each source states about itself, and the annotated reader."""

from __future__ import annotations

import hashlib

from apecrecord import cite, reports
from apecrecord.archive import span_in
from apecrecord.crossref import CrossRef
from apecrecord.model import Paragraph, Record, Source, format_date
from apecrecord.render import paths
from apecrecord.render.labels import SOURCE_KIND_NAMES, language_name
from apecrecord.render.markup import (
    attr,
    code,
    definition_rows,
    fragment,
    front_matter,
    heading,
    link,
    rel,
    table,
    text,
    title,
    titled_page,
    tooltip,
)
from apecrecord.render.parts import SiteOptions, chips, edit_line, not_stated, record_link, whose_words

_BLOCK_NAMES = {
    "caption": "Photo caption",
    "note": "Editor's note",
    "headline": "Headline",
    "dateline": "Dateline",
}


def source_page(source: Source, ref: CrossRef, options: SiteOptions) -> str:
    here = paths.record_page("sources", source.id)
    statements = ref.by_source.get(source.id, [])
    return titled_page(
        front_matter(source.label, source.description or source.label),
        title(source.label),
        text(source.description) if source.description else "",
        heading(2, "What the source states about itself", "about"),
        definition_rows(_facts(here, source, ref)),
        heading(2, "Structure", "structure"),
        _sections(here, source, ref),
        heading(2, "Annotated text", "reader"),
        f"The archived text, paragraph by paragraph. {len(statements)} statements are taken from it; "
        f"each quoted span is highlighted and links to its statement. Link to a paragraph with {code('#p')} "
        f"and its number, as in {code(paths.url_of(here) + '#p3')}." + _whose(statements, ref),
        _reader(here, source, ref),
        edit_line(source.origin, options),
        cite.script_tag(cite.source_json_ld(source, ref)),
    )


def _whose(statements: list, ref: CrossRef) -> str:
    """For reported speech, whose words the highlighted spans are: the reporter's, not the speaker's."""
    reported = sorted({whose_words(s, ref) for s in statements if s.attribution == "reported-speech"})
    if not reported:
        return ""
    return (
        " The highlighted quotes are reported speech ("
        + text("; ".join(reported))
        + "): the reporter's words, not a transcript of the speaker's."
    )


def _facts(here: str, source: Source, ref: CrossRef) -> list[tuple[str, str]]:
    def stated(name: str, value: str) -> str:
        return not_stated() if name in source.not_stated or not value else value

    authors = []
    for author_id in source.authors:
        actor = ref.actors.get(author_id)
        if actor is None:
            authors.append(text(author_id))
            continue
        roles = "; ".join(text(r.role) for r in actor.roles if r.source == source.id)
        authors.append(record_link(here, "actors", actor.id, actor.name) + (f", {roles}" if roles else ""))
    published = ""
    if source.published:
        published = text(source.published.describe())
        if source.published.reason:
            published += f" (date bounded, not stated: {text(source.published.reason)})"
    publisher = ref.actors.get(source.publisher)
    url = f'<a href="{attr(source.url)}">{text(source.url)}</a>' if source.url else ""
    rows = [
        ("Headline", stated("title", text(source.title or ""))),
        ("Kind", text(SOURCE_KIND_NAMES.get(source.kind, source.kind))),
        (
            "Publisher",
            record_link(here, "actors", source.publisher, publisher.name if publisher else source.publisher),
        ),
        ("Outlet", stated("outlet", text(source.outlet or ""))),
        ("Authors", stated("authors", "; ".join(authors))),
        ("Language", text(language_name(source.language))),
        (
            "Translated from",
            stated("translated_from", text(language_name(source.translated_from or ""))),
        ),
        ("Published", stated("published", published)),
        ("Original address", stated("url", url) + _provenance(source)),
        ("Reports on", chips(here, "events", source.about, ref.events)),
    ]
    if source.translation_note:
        rows.append(("Translation", text(source.translation_note)))
    if source.lead:
        numbers = ", ".join(link(f"¶ {n}", f"#p{n}") for n in source.lead)
        rows.append(("Lead", f"{numbers}: {text(source.lead_reason or '')}"))
    if source.self_description:
        rows.append(("In its own words", text(source.self_description)))
    if source.omitted:
        rows.append(("Left out of the archive", text(source.omitted)))
    archived = link("the archived text", rel(here, paths.archived_text(source.id)))
    rows.append(
        (
            "Archived text",
            f"{code(source.text)}, SHA-256 {code(source.sha256)}. Download {archived} to check the sum "
            f"(for example with {code('sha256sum')}).",
        )
    )
    return rows


def _provenance(source: Source) -> str:
    """How the address was identified and when, and what it does and does not establish."""
    found = source.url_provenance
    if found is None:
        return ""
    note = f" {text(found.note)}" if found.note else ""
    return (
        f"<br><small>How identified: {text(found.identified)} Identification recorded on "
        f"{text(format_date(found.recorded))}.{note}</small>"
    )


def archived_texts(record: Record) -> dict[str, bytes]:
    """Each archived text, byte for byte, beside its source page, so a reader can check its SHA-256.

    A text whose bytes no longer match the recorded sum is left out rather than published under it.
    """
    files = {}
    for source in record.sources:
        archive = record.archives.get(source.id)
        if archive is not None and hashlib.sha256(archive.raw).hexdigest() == source.sha256:
            files[paths.archived_text(source.id)] = archive.raw
    return files


def _sections(here: str, source: Source, ref: CrossRef) -> str:
    rows = []
    for section in source.sections:
        count = sum(1 for s in ref.by_source.get(source.id, []) if s.section == section.id)
        kind = "heading in the source" if section.heading else "unheaded part, named by us"
        span = link(f"¶ {section.first}–{section.last}", f"#p{section.first}")
        rows.append((text(section.title), text(kind), span, str(count)))
    return table(["Section", "Kind", "Paragraphs", "Statements"], rows) if rows else "No sections recorded."


def _reader(here: str, source: Source, ref: CrossRef) -> str:
    archive = ref.record.archives.get(source.id)
    if archive is None:
        return "The archived text could not be read."
    blocks = []
    framing = {f.paragraph: f.reason for f in source.framing}
    for block in archive.blocks:
        if block.number is None:
            name = _BLOCK_NAMES.get(block.label, block.label)
            blocks.append(
                f'<aside class="source-block source-{attr(block.label)}" id="{attr(block.anchor)}">'
                f'<span class="block-label">{text(name)}</span> {text(block.text)}</aside>'
            )
            continue
        blocks.append(_paragraph(here, source, block, ref, framing.get(block.number)))
    return "\n".join(blocks)


def _paragraph(here: str, source: Source, block: Paragraph, ref: CrossRef, framing: str | None) -> str:
    statements = ref.by_paragraph.get((source.id, block.number), [])
    archive = ref.record.archives[source.id]
    spans = []
    for statement in statements:
        found = span_in(archive, statement.quote, statement.paragraphs, statement.context).get(block.number)
        if found:
            spans.append((found[0], found[1], statement.id))
    body = _highlight(here, block.text, spans)
    links = " ".join(link(text(s.id), rel(here, paths.record_page("statements", s.id))) for s in statements)
    anchor = attr(block.anchor)
    marker = f'<a class="para-number" href="#{anchor}" title="Link to paragraph {block.number}">{block.number}</a>'
    # Shown by docs/assets/cite.js, which copies the paragraph's absolute address.
    marker += (
        f'<button type="button" class="para-copy" data-anchor="{anchor}" '
        f'aria-label="Copy link to paragraph {block.number}" data-search-exclude hidden>Copy link</button>'
    )
    css = "source-para source-heading" if block.label == "heading" else "source-para"
    refs = f'<span class="para-statements" data-search-exclude>{links}</span>' if links else ""
    if not links and framing:
        refs = f'<span class="para-statements para-framing">No statement: {text(framing)}</span>'
    return f'<div class="{css}" id="{anchor}">{marker} {body} {refs}</div>'


def _highlight(here: str, paragraph: str, spans: list[tuple[int, int, str]]) -> str:
    """The paragraph with quoted spans linked; where spans overlap, the shorter quote wins."""
    owner: list[str | None] = [None] * len(paragraph)
    for start, end, statement_id in sorted(spans, key=lambda s: -(s[1] - s[0])):
        for i in range(start, end):
            owner[i] = statement_id
    out = []
    i = 0
    while i < len(paragraph):
        j = i
        while j < len(paragraph) and owner[j] == owner[i]:
            j += 1
        piece = fragment(paragraph[i:j])
        if owner[i] is None:
            out.append(piece)
        else:
            href = rel(here, paths.record_page("statements", owner[i]))
            out.append(
                f'<a class="quote-span" href="{attr(href)}" title="Statement {attr(tooltip(owner[i]))}">{piece}</a>'
            )
        i = j
    return "".join(out)


def sources_index(ref: CrossRef) -> str:
    here = paths.SECTIONS["sources"]
    coverage = {item.source: item for item in reports.coverage(ref.record)}
    rows = []
    for source in ref.record.sources:
        published = source.published.describe() if source.published else "not stated"
        covered = coverage.get(source.id)
        framing = sum(1 for p in covered.paragraphs if not p.covered and p.framing_reason) if covered else 0
        coverage_text = (
            f"{covered.covered} of {len(covered.paragraphs)} ({covered.share:.0%})"
            + (f"; {framing} framing" if framing else "")
            if covered
            else "n/a"
        )
        rows.append(
            (
                record_link(here, "sources", source.id, source.label),
                text(SOURCE_KIND_NAMES.get(source.kind, source.kind)),
                text(published),
                str(len(ref.by_source.get(source.id, []))),
                coverage_text,
            )
        )
    return titled_page(
        front_matter("Sources", "The sources the record's statements are taken from."),
        "Sources",
        "Each source page records what the source states about itself and carries its archived "
        "text, with every quoted span linked to its statement. Paragraphs covered counts the body "
        "paragraphs quoted by at least one statement; framing paragraphs (narration with no view in "
        "them) are declared with their reason and shown in the reader.",
        table(["Source", "Kind", "Published", "Statements", "Paragraphs covered"], rows),
    )
