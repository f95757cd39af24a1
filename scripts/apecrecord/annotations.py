"""Every statement as a W3C Web Annotation, anchored on the original article and on our archived text.

The Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) lets annotation tools
show a note on someone else's page. Each statement becomes one annotation whose target is the
quoted span: on the publisher's page (when the record knows its address) and on the archived text
the site publishes. The span is located twice over:

- a ``TextQuoteSelector``: ``exact`` is the quote as the archived paragraph spells it, ``prefix``
  and ``suffix`` are the characters around it *within that paragraph* (so the same selector also
  fits the publisher's page, which has no paragraph labels). The prefix always reaches back to the
  statement's ``context`` (its governing words) when it has one;
- a ``TextPositionSelector`` (archived text only): ``start`` and ``end`` count Unicode code points
  in the published archived text file, ``archived_text_path(source)``, decoded as UTF-8.

Addresses are relative to the file that holds them unless the site's public address is known;
with it they are absolute.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any

from apecrecord import cite
from apecrecord.archive import span_in
from apecrecord.crossref import CrossRef
from apecrecord.model import Archive, Paragraph, Record, Statement
from apecrecord.render import paths
from apecrecord.render.labels import kind_name
from apecrecord.render.parts import whose_words

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLLECTION_PATH = "downloads/annotations.jsonld"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
#: Characters of the paragraph kept on each side of the quote, at least (more when needed to be unique).
CONTEXT_CHARS = 32


def archived_text_path(source_id: str) -> str:
    """Where the site publishes a source's archived text (beside its source page, byte for byte)."""
    return paths.archived_text(source_id)


def block_line(block: Paragraph) -> str:
    """One block of an archived text as the archive format writes it: ``[12] text``."""
    if block.number is None:
        label = block.label
    else:
        label = f"{block.number} heading" if block.label == "heading" else str(block.number)
    return f"[{label}] {block.text}"


def archived_text(archive: Archive) -> str:
    """The archived text as published: one line per block, a blank line between blocks.

    An archive written one line per block (as every archive in the record is; a test holds it)
    comes out byte for byte, so its SHA-256 is the one recorded for the source.
    """
    return "\n\n".join(block_line(block) for block in archive.blocks) + "\n"


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in the published archived text (code point offsets) and around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def anchor(statement: Statement, archive: Archive) -> Anchor | None:
    """The quote's span in the published archived text, or None when no single paragraph holds it."""
    published = archived_text(archive)
    offset = 0
    for block in archive.blocks:
        line = block_line(block)
        if block.number in statement.paragraphs:
            span = span_in(block.text, statement.quote)
            if span is not None:
                text_start = offset + len(line) - len(block.text)
                return _with_context(statement, block.text, span, published, text_start)
        offset += len(line) + 2
    return None


def _with_context(
    statement: Statement, paragraph: str, span: tuple[int, int], published: str, text_start: int
) -> Anchor:
    """Prefix and suffix from the paragraph, grown until exact+prefix+suffix occurs once in the text."""
    begin, end = span
    reach_back = begin - CONTEXT_CHARS
    if statement.context:
        found = paragraph.rfind(statement.context, 0, begin)
        if found >= 0:
            reach_back = min(reach_back, found)
    width_before, width_after = begin - max(0, reach_back), CONTEXT_CHARS
    exact = paragraph[begin:end]
    while True:
        prefix = paragraph[max(0, begin - width_before) : begin]
        suffix = paragraph[end : end + width_after]
        whole_paragraph = len(prefix) == begin and end + len(suffix) == len(paragraph)
        if published.count(prefix + exact + suffix) == 1 or whole_paragraph:
            break
        width_before, width_after = width_before + CONTEXT_CHARS, width_after + CONTEXT_CHARS
    return Anchor(text_start + begin, text_start + end, exact, prefix, suffix)


def _quote_selector(found: Anchor) -> dict[str, Any]:
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": found.exact}
    if found.prefix:
        selector["prefix"] = found.prefix
    if found.suffix:
        selector["suffix"] = found.suffix
    return selector


class Addresses:
    """Addresses as seen from one published file: relative to it, or absolute under the site's URL."""

    def __init__(self, here: str, site_url: str | None) -> None:
        self.here = here
        self.site_url = site_url.rstrip("/") + "/" if site_url else None

    def __call__(self, path: str) -> str:
        if self.site_url:
            return self.site_url + path
        relative = posixpath.relpath(path, posixpath.dirname(self.here) or ".")
        return relative + "/" if path.endswith("/") else relative


def annotation_path(statement_id: str) -> str:
    """The per-statement annotation file, published beside the statement's JSON."""
    return f"statements/{statement_id}.annotation.jsonld"


def statement_annotation(statement: Statement, ref: CrossRef, address: Addresses) -> dict[str, Any]:
    """One statement as a Web Annotation (without ``@context``: the caller's file gives it)."""
    source = ref.sources[statement.source]
    archive = ref.record.archives[statement.source]
    found = anchor(statement, archive)
    archived: dict[str, Any] = {"type": "SpecificResource", "source": address(archived_text_path(source.id))}
    if found is not None:
        archived["selector"] = [
            _quote_selector(found),
            {"type": "TextPositionSelector", "start": found.start, "end": found.end},
        ]
    targets = [archived]
    if source.url and found is not None:
        targets.insert(0, {"type": "SpecificResource", "source": source.url, "selector": _quote_selector(found)})
    bodies: list[dict[str, Any]] = [
        _text_body(statement.summary, "describing"),
        _text_body(f"Whose words: {whose_words(statement, ref)}", "describing"),
        _text_body(kind_name(statement.kind), "classifying"),
        *(_text_body(ref.themes[t].name if t in ref.themes else t, "tagging") for t in statement.themes),
        {"id": address(cite.page_path(statement.id)), "type": "Text", "format": "text/html", "language": "en"},
    ]
    return {
        "id": address(annotation_path(statement.id)),
        "type": "Annotation",
        "motivation": "describing",
        "created": f"{statement.added}T00:00:00Z",
        "rights": LICENCE,
        "body": bodies,
        "target": targets,
    }


def _text_body(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain", "language": "en"}


def annotation_collection(record: Record, site_url: str | None, ref: CrossRef | None = None) -> dict[str, Any]:
    """Every statement's annotation in one AnnotationCollection with a single embedded page."""
    ref = ref or CrossRef.build(record)
    address = Addresses(COLLECTION_PATH, site_url)
    items = [statement_annotation(statement, ref, address) for statement in record.statements]
    here = address(COLLECTION_PATH)
    return {
        "@context": ANNO_CONTEXT,
        "id": here,
        "type": "AnnotationCollection",
        "label": "APEC 2025 Statements: every statement as a Web Annotation on its source",
        "total": len(items),
        "first": {"id": here + "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _jsonld_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def annotation_files(record: Record, site_url: str | None = None) -> dict[str, bytes]:
    """The collection and one annotation file per statement (and former id)."""
    ref = CrossRef.build(record)
    files = {COLLECTION_PATH: _jsonld_bytes(annotation_collection(record, site_url, ref))}
    for statement in record.statements:
        for statement_id in (statement.id, *statement.former_ids):
            path = annotation_path(statement_id)
            annotation = statement_annotation(statement, ref, Addresses(path, site_url))
            files[path] = _jsonld_bytes({"@context": ANNO_CONTEXT, **annotation})
    return files
