"""The Changes page: the changelog kept with the data (data/CHANGES.yaml), newest first."""

from __future__ import annotations

from apecrecord.crossref import CrossRef
from apecrecord.model import format_date
from apecrecord.render import paths
from apecrecord.render.markup import code, front_matter, heading, link, rel, text, titled_page
from apecrecord.render.parts import record_link
from apecrecord.schema import RECORD_NOUN


def changes_page(ref: CrossRef) -> str:
    here = paths.CHANGES
    entries = sorted(ref.record.changes, key=lambda c: c.date, reverse=True)
    blocks = []
    for change in entries:
        touched = "; ".join(
            f"{RECORD_NOUN[kind]}s: " + ", ".join(_record(here, ref, kind, record_id) for record_id in ids)
            for kind, ids in change.records.items()
        )
        removed = "; ".join(
            f"{RECORD_NOUN[kind]}s: " + ", ".join(code(record_id) for record_id in ids)
            for kind, ids in change.removed.items()
        )
        blocks += [
            heading(2, f"{text(format_date(change.date))}: {text(change.id)}", change.id),
            f"<p><strong>What changed.</strong> {text(change.what)}</p>",
            f"<p><strong>Why.</strong> {text(change.why)}</p>",
            f"<details>\n<summary>Records touched</summary>\n<p>{touched}</p>\n</details>" if touched else "",
            f"<p><strong>Removed from the record:</strong> {removed}</p>" if removed else "",
        ]
    return titled_page(
        front_matter("Changes", "What changed in the record, when and why.", searchable=False),
        "Changes",
        "Every change to the record is listed here with its date, the records it touched, what changed and "
        f"why, newest first. The list is kept with the data in {code('data/CHANGES.yaml')} and checked on every "
        "build: each record it names exists, and each it lists as removed does not.",
        *(blocks or ["No change recorded yet."]),
    )


def _record(here: str, ref: CrossRef, kind: str, record_id: str) -> str:
    """A link to a record still in the record; a statement's former id links to the statement it became."""
    if kind == "glossary" and record_id in ref.record.by_id(kind):
        return link(text(record_id), rel(here, paths.SECTIONS["glossary"], record_id))
    if record_id in ref.record.by_id(kind):
        return record_link(here, kind, record_id, record_id)
    for statement in ref.record.statements:
        if record_id in statement.former_ids:
            return record_link(here, "statements", statement.id, record_id)
    return code(record_id)
