"""Open data: the record as JSON, CSV, a Frictionless Data Package and an Atom feed.

Every file is produced as bytes here, so the SHA-256 written into ``datapackage.json`` is the
hash of exactly what gets published. Keys and rows are sorted or kept in record order, never in
an order that can change between runs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

from apecrecord import cite, database
from apecrecord.crossref import CrossRef
from apecrecord.escape import csv_cell, json_document, xml_text
from apecrecord.model import Record, Statement
from apecrecord.release import UNRELEASED, Release
from apecrecord.render.parts import statement_title, whose_words
from apecrecord.schema import SCHEMA_DIR

DOWNLOADS = "downloads"
#: At the site's root: Material looks for a sitemap beside every page's rel="alternate" link, and
#: the feed is advertised on every page by one.
FEED = "feed.xml"
STATEMENT_FIELDS = (
    "id",
    "title",
    "source",
    "paragraphs",
    "speaker",
    "attribution",
    "reported_by",
    "whose_words",
    "kind",
    "context",
    "quote",
    "summary",
    "themes",
    "initiatives",
    "actors",
    "section",
    "event",
    "added",
    "note",
    "path",
    "url",
)
_FEED_NAMESPACE = uuid.UUID("6f1c3c9e-6c55-5d0e-9a51-5b1f0b8a2f11")


def statement_record(statement: Statement, ref: CrossRef, base: str | None = None) -> dict[str, Any]:
    """A statement as open data: the YAML's fields, its title, whose words it is, and its page.

    ``path`` is always the page's path from the site's root; ``url`` is the absolute address, or
    None when the site's address is unknown, so no relative address is ever offered as permanent.
    """
    return {
        "id": statement.id,
        "title": statement_title(statement, ref),
        "source": statement.source,
        "paragraphs": list(statement.paragraphs),
        "speaker": statement.speaker,
        "attribution": statement.attribution,
        "reported_by": statement.reported_by,
        "whose_words": whose_words(statement, ref),
        "kind": statement.kind,
        "context": statement.context,
        "quote": statement.quote,
        "summary": statement.summary,
        "themes": list(statement.themes),
        "initiatives": list(statement.initiatives),
        "actors": list(statement.actors),
        "section": statement.section,
        "event": statement.event,
        "added": statement.added,
        "note": statement.note,
        "path": cite.page_path(statement.id),
        "url": cite.permanent_url(statement.id, base),
    }


def _plain(item: Any) -> dict[str, Any]:
    """A record's fields without its origin (file and lines are the repository's business)."""
    data = asdict(item)
    data.pop("origin", None)
    return data


def record_json(record: Record, base: str | None = None, version: str | None = None) -> dict[str, Any]:
    """The whole record; without ``version`` (as for the record's hash) the key is left out."""
    ref = CrossRef.build(record)
    data: dict[str, Any] = {"version": version} if version else {}
    return data | {
        "statements": [statement_record(s, ref, base) for s in record.statements],
        "sources": [_plain(s) for s in record.sources],
        "actors": [_plain(a) for a in record.actors],
        "themes": [_plain(t) for t in record.themes],
        "initiatives": [_plain(i) for i in record.initiatives],
        "events": [_plain(e) for e in record.events],
        "glossary": [_plain(g) for g in record.glossary],
    }


def record_sha256(record: Record) -> str:
    """The hash of the record's content as published, which the release names (see release.py)."""
    payload = json.dumps(record_json(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _json_bytes(data: Any) -> bytes:
    return json_document(data)


def statements_csv(record: Record, base: str | None = None) -> bytes:
    ref = CrossRef.build(record)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=STATEMENT_FIELDS)
    writer.writeheader()
    for statement in record.statements:
        row = statement_record(statement, ref, base)
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
        "title": "the statement's headline (speaker and kind until the editor has written one)",
        "whose_words": "whose words the quote is; for reported speech 'Reporter, reporting Speaker'",
        "context": "the governing words before the quote in its paragraph, verbatim, when it has them",
        "path": "the statement page's path from the site's root",
        "url": "the statement page's absolute address; empty when the site was built without its address",
    }
    fields = []
    for name in STATEMENT_FIELDS:
        field: dict[str, Any] = {"name": name, "type": "date" if name == "added" else "string"}
        if name in descriptions:
            field["description"] = descriptions[name]
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"]}


def datapackage(files: dict[str, bytes], release: Release = UNRELEASED) -> dict[str, Any]:
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
        "version": release.version,
        **({"created": f"{release.date}T00:00:00Z"} if release.date else {}),
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


def atom_feed(record: Record, base: str | None) -> bytes:
    """Statements newest first by the day editors added them, so followers see additions.

    With the site's address every link is absolute. Without it, links are relative references,
    which Atom resolves against the feed's own address (RFC 4287, section 2); the feed's and the
    entries' ids are URNs, never addresses, so nothing relative poses as a permanent identifier.
    """
    ref = CrossRef.build(record)
    ordered = sorted(enumerate(record.statements), key=lambda item: (item[1].added, item[0]), reverse=True)
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    root = base or ""
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = "APEC 2025 Statements: new statements"
    ET.SubElement(feed, f"{{{ns}}}id").text = _urn("feed")
    self_href = f"{root}{FEED}"
    ET.SubElement(feed, f"{{{ns}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_href})
    ET.SubElement(feed, f"{{{ns}}}link", {"rel": "alternate", "type": "text/html", "href": root or "./"})
    updated = max((s.added for s in record.statements), default="1970-01-01")
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{updated}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = "APEC 2025 Statements editors"
    for _, statement in ordered:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = xml_text(statement_title(statement, ref))
        ET.SubElement(entry, f"{{{ns}}}id").text = _urn(f"statement/{statement.id}")
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{statement.added}T00:00:00Z"
        href = root + cite.page_path(statement.id)
        ET.SubElement(entry, f"{{{ns}}}link", {"rel": "alternate", "type": "text/html", "href": xml_text(href)})
        summary = f"{whose_words(statement, ref)}: “{statement.quote}” {statement.summary}"
        ET.SubElement(entry, f"{{{ns}}}summary", {"type": "text"}).text = xml_text(summary)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, name)}"


def statement_json(statement: Statement, ref: CrossRef, base: str | None, release: Release = UNRELEASED) -> bytes:
    """The per-statement JSON published beside its page, with its citations."""
    data = statement_record(statement, ref, base)
    data["version"] = release.version
    data["citation"] = {
        "text": cite.citation_text(statement, ref, base, release.date),
        "bibtex": cite.bibtex(statement, ref, base, release.date),
        "csl": cite.csl_json(statement, ref, base, release.date),
    }
    return _json_bytes(data)


def export_files(record: Record, site_url: str | None = None, release: Release = UNRELEASED) -> dict[str, bytes]:
    """Every open-data file of the site, keyed by its path from the site's root."""
    ref = CrossRef.build(record)
    base = cite.site_base(site_url)
    files: dict[str, bytes] = {
        "statements.json": _json_bytes(record_json(record, base, release.version)),
        "statements.csv": statements_csv(record, base),
        "schemas/statements.schema.json": (SCHEMA_DIR / "download.schema.json").read_bytes(),
    }
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        if path.name != "download.schema.json":
            files[f"schemas/data/{path.name}"] = path.read_bytes()
    files.update(database.database_files(record, site_url))
    files["datapackage.json"] = _json_bytes(datapackage(files, release))
    published = {f"{DOWNLOADS}/{path}": content for path, content in files.items()}
    published[FEED] = atom_feed(record, base)
    for statement in record.statements:
        data = statement_json(statement, ref, base, release)
        for statement_id in (statement.id, *statement.former_ids):
            published[f"statements/{statement_id}.json"] = data
    return published
