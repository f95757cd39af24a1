"""The Changes page: the changelog kept with the data (data/CHANGES.yaml), newest first."""

from __future__ import annotations

from apecrecord.crossref import CrossRef
from apecrecord.model import format_date
from apecrecord.render import paths
from apecrecord.render.markup import front_matter, heading, link, page, rel, text
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
            f"{RECORD_NOUN[kind]}s: " + ", ".join(f"`{text(record_id)}`" for record_id in ids)
            for kind, ids in change.removed.items()
        )
        lines = [
            heading(2, f"{text(format_date(change.date))}: {text(change.id)}", change.id),
            f"**What changed.** {text(change.what)}",
            f"**Why.** {text(change.why)}",
            f'<details markdown="1"><summary>Records touched</summary>\n\n{touched}\n\n</details>' if touched else "",
            f"**Removed from the record:** {removed}" if removed else "",
        ]
        blocks.append("\n\n".join(line for line in lines if line))
    return page(
        front_matter("What changed in the record, when and why.", searchable=False),
        heading(1, "Changes"),
        "Every change to the record is listed here with its date, the records it touched, what changed and "
        "why, newest first. The list is kept with the data in `data/CHANGES.yaml` and checked on every "
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
    return f"`{text(record_id)}`"
