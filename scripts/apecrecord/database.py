"""The record as an SQLite database to query, with the metadata Datasette shows beside it.

One table per record type, link tables for the many-to-many fields, foreign keys throughout,
full-text search over quotes, contexts and summaries, and views for the questions most asked.
Built with ``sqlite-utils`` in memory and written out with ``VACUUM INTO`` under fixed page
settings, without timestamps, so the same record gives the same bytes with the same SQLite
library (the file header records the library's version number, so another SQLite version may
give other bytes).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils

from apecrecord import cite
from apecrecord.annotations import archived_text_path
from apecrecord.crossref import CrossRef
from apecrecord.model import Record
from apecrecord.render.parts import whose_words

DATABASE = "apec2025.sqlite"
METADATA = "metadata.json"
LICENCE = {"license": "CC BY 4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"}

#: Every table's columns, in order, with what each holds: the schema and metadata.json both come from here.
TABLES: dict[str, dict[str, str]] = {
    "actors": {
        "id": "the actor's id in the record",
        "name": "name as the sources give it",
        "kind": "person, government, organisation, media or group",
        "description": "who the actor is, as far as the sources say",
    },
    "themes": {"id": "the theme's id", "name": "the theme's name", "description": "what the theme covers"},
    "initiatives": {
        "id": "the initiative's id",
        "name": "its name (or the record's descriptive label)",
        "kind": "what sort of initiative it is",
        "description": "what it is, as far as the sources say",
    },
    "events": {
        "id": "the event's id",
        "name": "the event's name",
        "kind": "what sort of event it is",
        "place": "where it took place",
        "start": "first day (ISO 8601)",
        "end": "last day (ISO 8601)",
        "parent": "the event it is part of",
        "description": "what it was",
    },
    "glossary": {"id": "the term's id", "term": "the term", "definition": "its definition"},
    "sources": {
        "id": "the source's id",
        "kind": "op-ed, news report...",
        "publisher": "the actor that published it",
        "language": "language of the archived text",
        "title": "headline, when the archived text has one",
        "label": "the short name the site uses for it",
        "url": "the original article's address, when known",
        "published": "publication date as precise as the source allows, or its bounds",
        "published_reason": "why the date is bounded, when it is",
        "description": "what the source is",
        "sha256": "SHA-256 of the archived text",
        "archived_text": "the archived text's path on the site",
    },
    "paragraphs": {
        "id": "source id and paragraph number, as 'source:12'",
        "source": "the source the paragraph belongs to",
        "number": "the paragraph's number in the archived text",
        "heading": "1 when the paragraph is a section heading of the source, else 0",
        "text": "the paragraph as archived",
    },
    "statements": {
        "id": "the statement's permanent id",
        "source": "the source it is quoted from",
        "speaker": "whose view it is",
        "attribution": "direct-quote, reported-speech or authors-view",
        "whose_words": 'whose words the quote is: for reported speech the reporter\'s ("Xinhua, reporting Xi Jinping")',
        "reported_by": "who wrote it down",
        "kind": "proposal, commitment, call-to-action, assessment, announcement or principle",
        "title": "the editors' headline, when written",
        "context": "the governing words before the quote in the same paragraph, verbatim",
        "quote": "the quote, verbatim",
        "summary": "one sentence in the editors' words; never a substitute for the quote",
        "section": "the source's section it falls in",
        "event": "the event it refers to",
        "added": "the day it was added to the record",
        "note": "the editors' note on a close call",
        "path": "its page's path from the site's root (the same in every copy of the site)",
    },
    "statement_paragraphs": {"statement": "the statement", "paragraph": "a paragraph it quotes"},
    "statement_themes": {"statement": "the statement", "theme": "a theme it touches"},
    "statement_initiatives": {"statement": "the statement", "initiative": "an initiative it names"},
    "statement_actors": {"statement": "the statement", "actor": "an actor it names"},
    "source_authors": {"source": "the source", "actor": "one of its authors"},
    "initiative_actors": {"initiative": "the initiative", "actor": "an actor behind it"},
    "initiative_themes": {"initiative": "the initiative", "theme": "a theme it belongs to"},
}
_TABLE_DESCRIPTIONS = {
    "statements": "One row per statement. Full-text search covers the quote, its context and the summary.",
    "paragraphs": "The numbered body paragraphs of each archived text.",
    "sources": "The articles the statements are quoted from.",
}
_FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    "events": [("parent", "events")],
    "sources": [("publisher", "actors")],
    "paragraphs": [("source", "sources")],
    "statements": [("source", "sources"), ("speaker", "actors"), ("reported_by", "actors"), ("event", "events")],
    "statement_paragraphs": [("statement", "statements"), ("paragraph", "paragraphs")],
    "statement_themes": [("statement", "statements"), ("theme", "themes")],
    "statement_initiatives": [("statement", "statements"), ("initiative", "initiatives")],
    "statement_actors": [("statement", "statements"), ("actor", "actors")],
    "source_authors": [("source", "sources"), ("actor", "actors")],
    "initiative_actors": [("initiative", "initiatives"), ("actor", "actors")],
    "initiative_themes": [("initiative", "initiatives"), ("theme", "themes")],
}
_INTEGER = {("paragraphs", "number"), ("paragraphs", "heading")}
FULL_TEXT = ("quote", "context", "summary")

VIEWS: dict[str, tuple[str, str]] = {
    "statements_in_full": (
        "Each statement with its speaker's and reporter's names, its source and the paragraphs it quotes.",
        """SELECT s.id, s.kind, s.attribution, speaker.name AS speaker, reporter.name AS reported_by,
  s.whose_words, s.context, s.quote, s.summary, src.label AS source, src.url AS source_url,
  (SELECT group_concat(p.number, '; ') FROM statement_paragraphs sp JOIN paragraphs p ON p.id = sp.paragraph
   WHERE sp.statement = s.id) AS paragraphs,
  (SELECT group_concat(t.name, '; ') FROM statement_themes st JOIN themes t ON t.id = st.theme
   WHERE st.statement = s.id) AS themes,
  s.path
FROM statements s
JOIN actors speaker ON speaker.id = s.speaker
JOIN actors reporter ON reporter.id = s.reported_by
JOIN sources src ON src.id = s.source""",
    ),
    "statements_with_paragraph_text": (
        "Each statement beside the full text of each paragraph it quotes.",
        """SELECT s.id AS statement, speaker.name AS speaker, s.whose_words, s.quote, s.source, p.number AS paragraph,
  p.text AS paragraph_text
FROM statements s
JOIN actors speaker ON speaker.id = s.speaker
JOIN statement_paragraphs sp ON sp.statement = s.id
JOIN paragraphs p ON p.id = sp.paragraph""",
    ),
    "statements_by_theme": (
        "One row per statement and theme: who said what on each theme.",
        """SELECT t.name AS theme, s.id AS statement, speaker.name AS speaker, s.kind, s.whose_words, s.quote,
  s.source
FROM statement_themes st
JOIN themes t ON t.id = st.theme
JOIN statements s ON s.id = st.statement
JOIN actors speaker ON speaker.id = s.speaker""",
    ),
    "counts_by_source_and_kind": (
        "How many statements of each kind each source yields (counts follow how sentences split).",
        """SELECT src.label AS source, s.kind, count(*) AS statements
FROM statements s JOIN sources src ON src.id = s.source
GROUP BY src.label, s.kind""",
    ),
}


def _rows(record: Record) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, in record order, as plain values."""
    statements = record.statements
    ref = CrossRef.build(record)
    rows: dict[str, list[dict[str, Any]]] = {
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "description": a.description} for a in record.actors],
        "themes": [{"id": t.id, "name": t.name, "description": t.description} for t in record.themes],
        "initiatives": [
            {"id": i.id, "name": i.name, "kind": i.kind, "description": i.description} for i in record.initiatives
        ],
        "events": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind,
                "place": e.place,
                "start": e.start,
                "end": e.end,
                "parent": e.parent,
                "description": e.description,
            }
            for e in record.events
        ],
        "glossary": [{"id": g.id, "term": g.term, "definition": g.definition} for g in record.glossary],
        "sources": [
            {
                "id": s.id,
                "kind": s.kind,
                "publisher": s.publisher,
                "language": s.language,
                "title": s.title,
                "label": s.label,
                "url": s.url,
                "published": s.published.describe() if s.published else None,
                "published_reason": s.published.reason if s.published else None,
                "description": s.description,
                "sha256": s.sha256,
                "archived_text": archived_text_path(s.id),
            }
            for s in record.sources
        ],
        "paragraphs": [
            {
                "id": f"{source_id}:{p.number}",
                "source": source_id,
                "number": p.number,
                "heading": int(p.label == "heading"),
                "text": p.text,
            }
            for source_id, archive in record.archives.items()
            for p in archive.blocks
            if p.number is not None
        ],
        "statements": [
            {
                "id": s.id,
                "source": s.source,
                "speaker": s.speaker,
                "attribution": s.attribution,
                "reported_by": s.reported_by,
                "whose_words": whose_words(s, ref),
                "kind": s.kind,
                "title": s.title,
                "context": s.context,
                "quote": s.quote,
                "summary": s.summary,
                "section": s.section,
                "event": s.event,
                "added": s.added,
                "note": s.note,
                "path": cite.page_path(s.id),
            }
            for s in statements
        ],
        "statement_paragraphs": [
            {"statement": s.id, "paragraph": f"{s.source}:{n}"} for s in statements for n in s.paragraphs
        ],
        "statement_themes": [{"statement": s.id, "theme": t} for s in statements for t in s.themes],
        "statement_initiatives": [{"statement": s.id, "initiative": i} for s in statements for i in s.initiatives],
        "statement_actors": [{"statement": s.id, "actor": a} for s in statements for a in s.actors],
        "source_authors": [{"source": s.id, "actor": a} for s in record.sources for a in s.authors],
        "initiative_actors": [{"initiative": i.id, "actor": a} for i in record.initiatives for a in i.actors],
        "initiative_themes": [{"initiative": i.id, "theme": t} for i in record.initiatives for t in i.themes],
    }
    return rows


def build(record: Record, path: Path) -> None:
    """Write the database to ``path`` (which must not exist yet)."""
    db = sqlite_utils.Database(memory=True)
    db.execute("PRAGMA page_size = 4096")
    db.execute("PRAGMA foreign_keys = ON")
    rows = _rows(record)
    for table, columns in TABLES.items():
        link_table = "id" not in columns
        db[table].create(
            {name: int if (table, name) in _INTEGER else str for name in columns},
            pk=tuple(columns) if link_table else "id",
            foreign_keys=[(column, target, "id") for column, target in _FOREIGN_KEYS.get(table, [])],
        )
        db[table].insert_all(rows[table])
    db["statements"].enable_fts(list(FULL_TEXT), fts_version="FTS5", tokenize="porter")
    for name, (_, sql) in VIEWS.items():
        db.create_view(name, sql)
    db.conn.commit()
    db.execute(f"VACUUM INTO '{path}'")
    db.close()


def database_bytes(record: Record) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / DATABASE
        build(record, path)
        return path.read_bytes()


def datasette_metadata(record: Record, site_url: str | None = None) -> dict[str, Any]:
    """Datasette's metadata.json: licence, source, and a description of every table, view and column."""
    sources = "; ".join(source.label for source in record.sources)
    metadata: dict[str, Any] = {
        "title": "APEC 2025 Statements",
        "description": "What was said around the APEC 2025 Economic Leaders' Meeting, quoted verbatim with "
        "speaker, source paragraph, kind, themes and initiatives. Quotations remain their publishers'.",
        **LICENCE,
        "source": f"The APEC 2025 Statements record, from: {sources}",
        "databases": {
            DATABASE.removesuffix(".sqlite"): {
                "tables": {
                    **{
                        table: {"columns": columns, "description": _TABLE_DESCRIPTIONS.get(table, "")}
                        for table, columns in TABLES.items()
                    },
                    **{name: {"description": description} for name, (description, _) in VIEWS.items()},
                }
            }
        },
    }
    if site_url:
        metadata["source_url"] = site_url
    return metadata


def database_files(record: Record, site_url: str | None = None) -> dict[str, bytes]:
    """The database and its Datasette metadata, keyed by their paths under downloads/."""
    metadata = json.dumps(datasette_metadata(record, site_url), ensure_ascii=False, indent=2) + "\n"
    return {DATABASE: database_bytes(record), METADATA: metadata.encode("utf-8")}


def datapackage_resources() -> list[dict[str, str]]:
    """How the Data Package lists the database (its bytes and hash are added where it is listed)."""
    return [{"name": "database", "path": DATABASE, "format": "sqlite", "mediatype": "application/vnd.sqlite3"}]
