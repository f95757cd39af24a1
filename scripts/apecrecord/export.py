"""Open data: the record as JSON, CSV, a Frictionless Data Package and an Atom feed.

Every file is produced as bytes here, so the SHA-256 written into ``datapackage.json`` is the
hash of exactly what gets published. Keys and rows are sorted or kept in record order, never in
an order that can change between runs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

from apecrecord import cite, database
from apecrecord.crossref import CrossRef
from apecrecord.escape import csv_cell, json_document, xml_text
from apecrecord.model import Record, Statement
from apecrecord.schema import SCHEMA_DIR

DOWNLOADS = "downloads"
STATEMENT_FIELDS = (
    "id",
    "source",
    "paragraphs",
    "speaker",
    "attribution",
    "reported_by",
    "kind",
    "quote",
    "summary",
    "themes",
    "initiatives",
    "actors",
    "section",
    "event",
    "added",
    "note",
    "url",
)
_FEED_NAMESPACE = uuid.UUID("6f1c3c9e-6c55-5d0e-9a51-5b1f0b8a2f11")


def statement_record(statement: Statement) -> dict[str, Any]:
    """A statement as open data: the fields of the YAML plus its page's site-relative URL."""
    return {
        "id": statement.id,
        "source": statement.source,
        "paragraphs": list(statement.paragraphs),
        "speaker": statement.speaker,
        "attribution": statement.attribution,
        "reported_by": statement.reported_by,
        "kind": statement.kind,
        "quote": statement.quote,
        "summary": statement.summary,
        "themes": list(statement.themes),
        "initiatives": list(statement.initiatives),
        "actors": list(statement.actors),
        "section": statement.section,
        "event": statement.event,
        "added": statement.added,
        "note": statement.note,
        "url": cite.page_path(statement.id),
    }


def _plain(item: Any) -> dict[str, Any]:
    """A record's fields without its origin (file and lines are the repository's business)."""
    data = asdict(item)
    data.pop("origin", None)
    return data


def record_json(record: Record) -> dict[str, Any]:
    return {
        "statements": [statement_record(s) for s in record.statements],
        "sources": [_plain(s) for s in record.sources],
        "actors": [_plain(a) for a in record.actors],
        "themes": [_plain(t) for t in record.themes],
        "initiatives": [_plain(i) for i in record.initiatives],
        "events": [_plain(e) for e in record.events],
        "glossary": [_plain(g) for g in record.glossary],
    }


def _json_bytes(data: Any) -> bytes:
    return json_document(data)


def statements_csv(record: Record) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=STATEMENT_FIELDS)
    writer.writeheader()
    for statement in record.statements:
        row = statement_record(statement)
        writer.writerow(
            {
                key: csv_cell("; ".join(str(v) for v in value) if isinstance(value, list) else value)
                for key, value in row.items()
            }
        )
    return buffer.getvalue().encode("utf-8")


def _table_schema() -> dict[str, Any]:
    descriptions = {
        "paragraphs": "paragraph numbers in the source's archived text, joined with '; '",
        "themes": "theme ids, joined with '; '",
        "initiatives": "initiative ids, joined with '; '",
        "actors": "actor ids, joined with '; '",
        "url": "the statement page, relative to the site's root",
    }
    fields = []
    for name in STATEMENT_FIELDS:
        field: dict[str, Any] = {"name": name, "type": "date" if name == "added" else "string"}
        if name in descriptions:
            field["description"] = descriptions[name]
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"]}


def datapackage(files: dict[str, bytes]) -> dict[str, Any]:
    """A Frictionless Data Package describing ``files`` (paths relative to downloads/)."""

    def resource(name: str, path: str, **extra: Any) -> dict[str, Any]:
        content = files[path]
        return {
            "name": name,
            "path": path,
            "bytes": len(content),
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
            **extra,
        }

    resources = [
        resource(
            "statements",
            "statements.csv",
            format="csv",
            mediatype="text/csv",
            encoding="utf-8",
            profile="tabular-data-resource",
            schema=_table_schema(),
        ),
        resource("record", "statements.json", format="json", mediatype="application/json", encoding="utf-8"),
    ]
    resources += [resource(**item) for item in database.datapackage_resources() if item["path"] in files]
    # JSON Schemas are not data, and Data Package tools would read them as tables: they are
    # listed, with their hashes, beside the resources instead.
    schemas = [
        {"path": path, "bytes": len(files[path]), "hash": "sha256:" + hashlib.sha256(files[path]).hexdigest()}
        for path in sorted(p for p in files if p.startswith("schemas/"))
    ]
    return {
        "name": "apec-2025-statements",
        "title": "APEC 2025 Statements",
        "description": "Statements made around the APEC 2025 Economic Leaders' Meeting, quoted verbatim "
        "with speaker, source paragraph, kind, themes and initiatives.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (editorial data; quotations remain their publishers')",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": resources,
        "schemas": schemas,
    }


def atom_feed(record: Record, site_url: str | None) -> bytes:
    """Statements newest first by the day editors added them, so followers see additions."""
    ref = CrossRef.build(record)
    ordered = sorted(enumerate(record.statements), key=lambda item: (item[1].added, item[0]), reverse=True)
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = "APEC 2025 Statements: new statements"
    ET.SubElement(feed, f"{{{ns}}}id").text = _urn("feed")
    updated = max((s.added for s in record.statements), default="1970-01-01")
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{updated}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = "APEC 2025 Statements editors"
    for _, statement in ordered:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        speaker = ref.actors.get(statement.speaker)
        ET.SubElement(entry, f"{{{ns}}}title").text = xml_text(
            f"{speaker.name if speaker else statement.speaker}: {statement.summary}"
        )
        ET.SubElement(entry, f"{{{ns}}}id").text = _urn(f"statement/{statement.id}")
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{statement.added}T00:00:00Z"
        href = cite.permanent_url(statement.id, site_url) if site_url else "../" + cite.page_path(statement.id)
        ET.SubElement(entry, f"{{{ns}}}link", {"rel": "alternate", "type": "text/html", "href": xml_text(href)})
        ET.SubElement(entry, f"{{{ns}}}summary", {"type": "text"}).text = xml_text(
            f"“{statement.quote}” {statement.summary}"
        )
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, name)}"


def statement_json(statement: Statement, ref: CrossRef, site_url: str | None) -> bytes:
    """The per-statement JSON published beside its page, with its citations."""
    data = statement_record(statement)
    data["citation"] = {
        "text": cite.citation_text(statement, ref, site_url),
        "bibtex": cite.bibtex(statement, ref, site_url),
        "csl": cite.csl_json(statement, ref, site_url),
    }
    return _json_bytes(data)


def export_files(record: Record, site_url: str | None = None) -> dict[str, bytes]:
    """Every open-data file of the site, keyed by its path from the site's root."""
    ref = CrossRef.build(record)
    files: dict[str, bytes] = {
        "statements.json": _json_bytes(record_json(record)),
        "statements.csv": statements_csv(record),
        "schemas/statements.schema.json": (SCHEMA_DIR / "download.schema.json").read_bytes(),
    }
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        if path.name != "download.schema.json":
            files[f"schemas/data/{path.name}"] = path.read_bytes()
    files.update(database.database_files(record, site_url))
    files["datapackage.json"] = _json_bytes(datapackage(files))
    published = {f"{DOWNLOADS}/{path}": content for path, content in files.items()}
    published[f"{DOWNLOADS}/feed.xml"] = atom_feed(record, site_url)
    for statement in record.statements:
        data = statement_json(statement, ref, site_url)
        for statement_id in (statement.id, *statement.former_ids):
            published[f"statements/{statement_id}.json"] = data
    return published
