"""Statement pages, their "Cite this statement" box, and the by-theme listing."""

from __future__ import annotations

import json

from apecrecord import cite
from apecrecord.crossref import CrossRef
from apecrecord.escape import html_attr, html_text
from apecrecord.model import Statement
from apecrecord.render import paths
from apecrecord.render.labels import ATTRIBUTION_NAMES, KIND_MEANINGS, kind_name
from apecrecord.render.markup import (
    admonition,
    attr,
    code,
    code_block,
    definition_rows,
    front_matter,
    heading,
    link,
    rel,
    text,
    title,
    titled_page,
)
from apecrecord.render.parts import (
    SiteOptions,
    chips,
    edit_line,
    quoted,
    record_link,
    statement_rows,
    statement_title,
    whose_words,
)


def statement_page(statement: Statement, ref: CrossRef, options: SiteOptions) -> str:
    here = paths.record_page("statements", statement.id)
    source = ref.sources[statement.source]
    speaker = ref.actors.get(statement.speaker)
    reporter = ref.actors.get(statement.reported_by)
    section = source.section(statement.section)
    cited = ", ".join(
        link(f"paragraph {n}", rel(here, paths.record_page("sources", source.id), f"p{n}"))
        for n in statement.paragraphs
    )
    speaker_name = speaker.name if speaker else statement.speaker
    attribution = ATTRIBUTION_NAMES[statement.attribution]
    if statement.attribution != "authors-view" and reporter:
        attribution += ", as written by " + record_link(here, "actors", reporter.id, reporter.name)
    if source.translation_note:
        attribution += f"<br><small>{text(source.translation_note)}</small>"
    facts = [
        ("Speaker", record_link(here, "actors", statement.speaker, speaker_name)),
        ("Attribution", attribution),
        ("Kind", f"{text(kind_name(statement.kind))} <small>({text(KIND_MEANINGS[statement.kind])})</small>"),
        ("Source", record_link(here, "sources", source.id, source.label) + f" · {cited}"),
        (
            "Section",
            link(
                text(section.title),
                rel(here, paths.record_page("sources", source.id), f"p{section.first}"),
            )
            if section
            else text(statement.section),
        ),
        ("Themes", chips(here, "themes", statement.themes, ref.themes)),
        ("Initiatives", chips(here, "initiatives", statement.initiatives, ref.initiatives)),
        ("Actors named", chips(here, "actors", statement.actors, ref.actors)),
    ]
    if statement.event:
        facts.append(("Said at", chips(here, "events", (statement.event,), ref.events)))
    if source.is_lead(statement):
        facts.append(
            ("From the lead", f"yes: {text(source.lead_reason or 'the source marks this paragraph as its lead')}")
        )
    facts.append(("Added to the record", text(statement.added)))
    quote = f'<blockquote class="statement-quote">\n<p>{quoted(statement, ref)}</p>\n</blockquote>'

    related = ref.related(statement)
    related_block = statement_rows(here, ref, related) if related else "No related statement yet."
    note = admonition("note", "Editor's note", f"<p>{text(statement.note)}</p>") if statement.note else ""
    headline = statement_title(statement, ref)
    return titled_page(
        front_matter(headline, f"“{statement.quote}” ({whose_words(statement, ref)})"),
        title(headline),
        quote,
        f'<p class="statement-summary"><strong>In short:</strong> {text(statement.summary)}</p>',
        definition_rows(facts),
        note,
        # Whole sections are left out of the site search by their heading: Material drops a
        # heading's section only when the heading itself carries data-search-exclude.
        heading(2, "Related statements", "related", searchable=False),
        "Statements that share a theme or an initiative, the other sources' first.",
        related_block,
        cite_box(here, statement, ref, options),
        edit_line(statement.origin, options),
        cite.script_tag(cite.statement_json_ld(statement, ref, cite.site_base(options.site_url))),
    )


def cite_box(here: str, statement: Statement, ref: CrossRef, options: SiteOptions, level: int = 2) -> str:
    """Citation, BibTeX and CSL-JSON, each in a code block with Material's copy button.

    Statement pages and the Method page's example both come from here. Without the site's
    address the blocks carry ``cite.SITE_PLACEHOLDER``, which docs/assets/cite.js replaces with
    the address the page is read at (``data-site-root`` is the way from this page to the root).
    """
    base = cite.site_base(options.site_url)
    shown = base or cite.SITE_PLACEHOLDER
    accessed = options.release.date
    url = cite.permanent_url(statement.id, shown)
    data = link("this statement as JSON", rel(here, f"statements/{statement.id}.json"))
    data += " and " + link("its W3C Web Annotation", rel(here, f"statements/{statement.id}.annotation.jsonld"))
    csl = json.dumps([cite.csl_json(statement, ref, shown, accessed)], ensure_ascii=False, indent=2)
    depth = paths.url_of(here).count("/")
    root = "../" * depth or "./"
    return "\n".join(
        [
            heading(level, "Cite this statement", "cite", searchable=False),
            f'<div class="cite-box" data-site-root="{root}" data-placeholder="{attr(cite.SITE_PLACEHOLDER)}">',
            f"<p>Permanent address: {code(url)}. Ids never change once published. Also available: {data}.</p>",
            admonition("quote", "Formatted citation", code_block(cite.citation_text(statement, ref, shown, accessed))),
            admonition("example", "BibTeX", code_block(cite.bibtex(statement, ref, shown, accessed))),
            admonition("example", "CSL-JSON", code_block(csl)),
            "</div>",
        ]
    )


def redirect_page(old_id: str, statement: Statement) -> str:
    """A static page at a former id's address that sends readers on to the statement."""
    target = html_attr(f"../{statement.id}/")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {html_text(old_id)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n<link rel="canonical" href="{target}">\n'
        f'</head>\n<body>\n<p>This statement is now at <a href="{target}">{html_text(statement.id)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def statements_by_theme(ref: CrossRef) -> str:
    here = paths.STATEMENTS_BY_THEME
    blocks = []
    for theme in ref.record.themes:
        group = ref.by_theme.get(theme.id, [])
        blocks.append(heading(2, record_link(here, "themes", theme.id, theme.name), theme.id))
        blocks.append(f"{len(group)} statement{'s' * (len(group) != 1)}")
        blocks.append(statement_rows(here, ref, group) or "No statement yet.")
    return titled_page(
        front_matter("Statements by theme", "Every statement in the record, grouped by theme.", searchable=False),
        "Statements by theme",
        "A statement with several themes appears under each of them. "
        + link("All statements in one table", rel(here, paths.SECTIONS["statements"]))
        + " can be filtered and sorted.",
        *blocks,
    )
