"""Rendering: a checked record to a tree of pages.

``render_site`` returns ``{path: page}``, with paths relative to the docs folder. Each ``.md``
page is front matter and one block of finished HTML (see ``markup.page``). It knows nothing of
MkDocs: the MkDocs hook hands these pages to MkDocs from memory, and ``apecrecord render --out
DIR`` writes the same tree to disk for any other engine.
"""

from __future__ import annotations

from apecrecord.crossref import CrossRef
from apecrecord.model import Record
from apecrecord.render import paths
from apecrecord.render.changes import changes_page
from apecrecord.render.compare import (
    crosswalk_page,
    link_map_page,
    overview_page,
    side_by_side_page,
    timeline_page,
)
from apecrecord.render.explorer import explorer_page, statements_by_source_page
from apecrecord.render.home import glossary_page, home_page
from apecrecord.render.parts import SiteOptions, abbreviate, glossary_definitions, with_abbreviations
from apecrecord.render.reliability import PAGE as RELIABILITY_PAGE
from apecrecord.render.reliability import reliability_page
from apecrecord.render.sources import source_page, sources_index
from apecrecord.render.statements import redirect_page, statement_page, statements_by_theme
from apecrecord.render.topics import (
    actor_page,
    event_page,
    initiative_page,
    theme_page,
    topic_index,
)

__all__ = ["SiteOptions", "glossary_definitions", "render_site", "with_abbreviations"]


def render_site(record: Record, options: SiteOptions | None = None) -> dict[str, str]:
    options = options or SiteOptions()
    ref = CrossRef.build(record)
    pages: dict[str, str] = {
        paths.HOME: home_page(ref, options),
        paths.SECTIONS["statements"]: explorer_page(ref),
        paths.STATEMENTS_BY_SOURCE: statements_by_source_page(ref),
        paths.STATEMENTS_BY_THEME: statements_by_theme(ref),
        paths.SECTIONS["sources"]: sources_index(ref),
        paths.SECTIONS["glossary"]: glossary_page(ref, options),
        paths.CHANGES: changes_page(ref),
    }
    pages[paths.COMPARE["overview"]] = overview_page(ref)
    pages[paths.COMPARE["crosswalk"]] = crosswalk_page(ref)
    pages[paths.COMPARE["side-by-side"]] = side_by_side_page(ref)
    pages[paths.COMPARE["link-map"]] = link_map_page(ref)
    pages[paths.COMPARE["timeline"]] = timeline_page(ref)
    pages[RELIABILITY_PAGE] = reliability_page(ref)
    for kind in ("themes", "initiatives", "actors", "events"):
        pages[paths.SECTIONS[kind]] = topic_index(kind, ref)
    for statement in record.statements:
        pages[paths.record_page("statements", statement.id)] = statement_page(statement, ref, options)
        for old_id in statement.former_ids:
            pages[f"statements/{old_id}/index.html"] = redirect_page(old_id, statement)
    for source in record.sources:
        pages[paths.record_page("sources", source.id)] = source_page(source, ref, options)
    for theme in record.themes:
        pages[paths.record_page("themes", theme.id)] = theme_page(theme, ref, options)
    for initiative in record.initiatives:
        pages[paths.record_page("initiatives", initiative.id)] = initiative_page(initiative, ref, options)
    for actor in record.actors:
        pages[paths.record_page("actors", actor.id)] = actor_page(actor, ref, options)
    for event in record.events:
        pages[paths.record_page("events", event.id)] = event_page(event, ref, options)
    definitions = glossary_definitions(record)
    pages = {path: _explained(c, definitions) if path.endswith(".md") else c for path, c in pages.items()}
    return dict(sorted(pages.items()))


def _explained(page_text: str, definitions: dict[str, str]) -> str:
    """The page with the glossary terms of its HTML explained (its front matter left as it is)."""
    front, separator, body = page_text.partition("\n---\n")
    return front + separator + abbreviate(body, definitions)
