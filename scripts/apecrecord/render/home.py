"""The home page and the glossary page."""

from __future__ import annotations

from apecrecord.crossref import CrossRef
from apecrecord.render import paths
from apecrecord.render.markup import front_matter, heading, link, page, rel, text, title
from apecrecord.render.parts import SiteOptions, chips, record_link


def home_page(ref: CrossRef, options: SiteOptions) -> str:
    here = paths.HOME
    record = ref.record
    speakers = {s.speaker for s in record.statements}
    figures = [
        (len(record.statements), "statements", "statements"),
        (len(record.sources), "sources", "sources"),
        (len(record.themes), "themes", "themes"),
        (len(speakers), "speakers", "actors"),
        (len(record.initiatives), "initiatives", "initiatives"),
    ]
    # Five cards in one even row, or one per line on a phone (site.css); never four and one.
    cards = "\n".join(
        f'<a class="figure-card" href="{paths.url_of(paths.SECTIONS[section])}">'
        f'<span class="figure-number">{count}</span> <span class="figure-label">{label}</span></a>'
        for count, label, section in figures
    )
    themes = "\n".join(
        f"- {record_link(here, 'themes', t.id, t.name)}: {len(ref.by_theme.get(t.id, []))} statements"
        for t in record.themes
    )
    sources = "\n".join(
        f"- {record_link(here, 'sources', s.id, s.label)}: {len(ref.by_source.get(s.id, []))} statements"
        for s in record.sources
    )
    events = [e for e in record.events if not e.parent]
    event_line = ", ".join(record_link(here, "events", e.id, e.name) for e in events)
    about = link("how the record is made", "about.md")
    compare_links = " · ".join(
        link(label, rel(here, paths.COMPARE[key]))
        for key, label in (
            ("crosswalk", "Crosswalk"),
            ("side-by-side", "Side by side"),
            ("link-map", "Link map"),
            ("timeline", "Timeline"),
        )
    )
    return page(
        front_matter(
            "A research record of what leaders and analysts said around the APEC 2025 Economic "
            "Leaders' Meeting in Gyeongju: every statement verbatim, sourced and cross-linked."
        ),
        heading(1, title(options.site_name)),
        '<p class="lead">What leaders and analysts said around the APEC 2025 Economic Leaders\' Meeting '
        "in Gyeongju, Republic of Korea: every proposal, commitment, "
        "call and assessment, quoted verbatim, with its speaker, its source paragraph, its themes and "
        "the initiatives it names.</p>",
        f"Events: {event_line}. Read {about}, or start from a theme or a source below.",
        f'<div class="figure-cards">\n{cards}\n</div>',
        heading(2, "Compare", "compare"),
        f"Where the two voices meet and where only one goes: {compare_links}, and the "
        + link("record in figures", rel(here, paths.COMPARE["overview"]))
        + ".",
        heading(2, "By theme", "by-theme"),
        themes,
        heading(2, "By source", "by-source"),
        sources,
    )


def glossary_page(ref: CrossRef, options: SiteOptions) -> str:
    here = paths.SECTIONS["glossary"]
    blocks = []
    for term in sorted(ref.record.glossary, key=lambda t: t.term.lower()):
        aliases = f"<br><small>Also written: {'; '.join(text(a) for a in term.aliases)}</small>" if term.aliases else ""
        themes = f"<br><small>Themes: {chips(here, 'themes', term.themes, ref.themes)}</small>" if term.themes else ""
        blocks.append(f"{heading(2, title(term.term), term.id)}\n\n{text(term.definition)}{aliases}{themes}")
    statements = link("statement", rel(here, paths.SECTIONS["statements"]))
    return page(
        front_matter("Terms of art used in the sources, defined in our own words."),
        heading(1, "Glossary"),
        f"Terms of art used in the sources, defined in our own words. Wherever a term appears on the "
        f"site, in a {statements} or a source text, hovering it shows its definition.",
        *blocks,
    )
