"""The home page and the glossary page."""

from __future__ import annotations

from apecrecord.crossref import CrossRef
from apecrecord.render import paths
from apecrecord.render.labels import SOURCE_KIND_NAMES
from apecrecord.render.markup import attr, bullets, front_matter, heading, link, rel, text, title, titled_page
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
        f'<a class="figure-card" href="{attr(rel(here, paths.SECTIONS[section]))}">'
        f'<span class="figure-number">{count}</span> <span class="figure-label">{label}</span></a>'
        for count, label, section in figures
    )
    themes = bullets(
        f"{record_link(here, 'themes', t.id, t.name)}: {len(ref.by_theme.get(t.id, []))} statements"
        for t in record.themes
    )
    sources = bullets(
        f"{record_link(here, 'sources', s.id, s.label)}: {len(ref.by_source.get(s.id, []))} statements"
        for s in record.sources
    )
    events = [e for e in record.events if not e.parent]
    event_line = ", ".join(record_link(here, "events", e.id, e.name) for e in events)
    about = link("how the record is made", rel(here, "about.md"))
    compare_links = " · ".join(
        link(label, rel(here, paths.COMPARE[key]))
        for key, label in (
            ("crosswalk", "Crosswalk"),
            ("side-by-side", "Side by side"),
            ("link-map", "Link map"),
            ("timeline", "Timeline"),
        )
    )
    return titled_page(
        front_matter(
            options.site_name,
            "A research record of what was said around the APEC 2025 Economic Leaders' Meeting in Gyeongju, "
            "as its sources record it: every statement quoted exactly, sourced and cross-linked.",
        ),
        title(options.site_name),
        '<p class="lead">What was said around the APEC 2025 Economic Leaders\' Meeting in Gyeongju, '
        "Republic of Korea, as the sources below record it: every proposal, commitment, call, assessment, "
        "announcement and principle they contain, quoted exactly from the archived text, with whose words "
        "the quote is, its source paragraph, its themes and the initiatives it names.</p>",
        _scope(ref),
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


def _scope(ref: CrossRef) -> str:
    """The record's scope in plain words, built from the records so it cannot drift from them."""
    articles = []
    for source in ref.record.sources:
        publisher = ref.actors.get(source.publisher)
        name = publisher.name if publisher else source.publisher
        affiliation = f" ({publisher.affiliation})" if publisher and publisher.affiliation else ""
        kind = SOURCE_KIND_NAMES.get(source.kind, source.kind).lower()
        voices = []
        for speaker_id, how in sorted({(s.speaker, s.attribution) for s in ref.by_source.get(source.id, [])}):
            actor = ref.actors.get(speaker_id)
            who = actor.name if actor else speaker_id
            roles = [r.role for r in actor.roles if r.source == source.id] if actor else []
            who += f" ({'; '.join(roles)})" if roles else ""
            if how == "reported-speech":
                voices.append(f"reporting {who} in reported speech: the reporter's words, not a transcript")
            elif how == "authors-view":
                voices.append(f"giving the view of {who}")
            else:
                voices.append(f"quoting {who}")
        article = "an" if kind[:1] in "aeiou" else "a"
        articles.append(f"{article} {kind} from {name}{affiliation}" + (", " + "; ".join(voices) if voices else ""))
    count = len(articles)
    return (
        f'<p class="scope"><strong>Scope:</strong> {count} article{"s" * (count != 1)}: '
        f"{text('; and '.join(articles))}. Figures describe these articles, not the meeting as a whole.</p>"
    )


def glossary_page(ref: CrossRef, options: SiteOptions) -> str:
    here = paths.SECTIONS["glossary"]
    blocks = []
    for term in sorted(ref.record.glossary, key=lambda t: t.term.lower()):
        aliases = f"<br><small>Also written: {'; '.join(text(a) for a in term.aliases)}</small>" if term.aliases else ""
        themes = f"<br><small>Themes: {chips(here, 'themes', term.themes, ref.themes)}</small>" if term.themes else ""
        basis = "General knowledge, beyond the two sources" + (
            f"; reference: {term.reference}" if term.reference else ""
        )
        basis_line = f"<br><small>{text(basis)}</small>"
        blocks.append(heading(2, title(term.term), term.id))
        blocks.append(f"<p>{text(term.definition)}{basis_line}{aliases}{themes}</p>")
    statements = link("statement", rel(here, paths.SECTIONS["statements"]))
    return titled_page(
        front_matter("Glossary", "Terms of art used in the sources, defined in our own words."),
        "Glossary",
        f"Terms of art used in the sources, defined in our own words. The sources define none of them: "
        f"every definition is general knowledge that goes beyond the sources, and each says so, with "
        f"a reference where one is recorded. Wherever a term appears on the "
        f"site, in a {statements} or a source text, hovering it shows its definition.",
        *blocks,
    )
