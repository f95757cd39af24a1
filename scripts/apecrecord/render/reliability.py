"""The Reliability page: how far independent second codings agree with the record.

Its figures are computed at build time from the second codings committed under
``data/coding/``, with the same code as ``apecrecord coding agree``; with none committed, the
page says so and explains how to contribute one.
"""

from __future__ import annotations

from apecrecord.coding.agreement import REPLICATES, SEED, Agreement, agreement, alpha_text
from apecrecord.crossref import CrossRef
from apecrecord.render import paths
from apecrecord.render.labels import kind_name
from apecrecord.render.markup import (
    code,
    code_block,
    front_matter,
    heading,
    link,
    numbered,
    page,
    rel,
    slug,
    table,
    text,
)

PAGE = "reliability.md"

_CONTRIBUTE = "\n".join(
    [
        "<p>A second coding is the record's kinds, themes and initiatives assigned again by someone who "
        "has not seen them. To make one:</p>",
        numbered(
            [
                "<p>Write a blind coding sheet. It lists every statement with its source, paragraph, context and "
                "quote, under an opaque unit id, and none of the record's codes; beside it are the Method page's "
                "decision tests and the codes to choose from:</p>\n"
                + code_block("apecrecord coding sheet --blind my-coding/"),
                "<p>Code every unit from the sheet alone, without opening the site or the record's files. Fill in "
                f"{code('kind')}, {code('themes')} and {code('initiatives')} in the CSV (or the YAML).</p>",
                "<p>See how far you agree with the record:</p>\n"
                + code_block("apecrecord coding agree my-coding/coding-sheet.csv"),
                f"<p>Propose the filled-in CSV as {code('data/coding/<your-name>.csv')}. Every build checks it "
                "and this page shows its figures and every disagreement.</p>",
            ]
        ),
    ]
)


def _coding_block(here: str, result: Agreement, anchor: str) -> list[str]:
    """One second coding's figures, under headings whose anchors start with ``anchor``."""
    rows = [
        [
            text(item.name),
            alpha_text(item.alpha),
            f"{item.interval[0]:.3f} to {item.interval[1]:.3f}" if item.interval else "none",
            f"{item.percent:.1f}%",
        ]
        for item in result.fields
    ]
    used = result.kinds_used()
    confusion = table(
        ["Record ↓ · second coder →", *(text(kind_name(k)) for k in used)],
        ([text(kind_name(row)), *(str(result.confusion[row][col]) for col in used)] for row in used),
    )
    disagreements = (
        table(
            ["Statement", "Field", "Record", "Second coder"],
            (
                [
                    link(text(d.statement), rel(here, paths.record_page("statements", d.statement))),
                    text(d.field),
                    text(d.record),
                    text(d.second),
                ]
                for d in result.disagreements
            ),
        )
        if result.disagreements
        else "None: the second coder assigned every code the record assigns."
    )
    return [
        heading(2, f"Second coding: {text(result.coding)}", anchor),
        f"{result.coded} of {result.total} statements coded.",
        table(["Field", "Krippendorff's alpha", "95% bootstrap interval", "Identical codes"], rows),
        heading(3, "Kinds: record against second coder", f"{anchor}-kinds"),
        confusion,
        heading(3, f"Disagreements ({len(result.disagreements)})", f"{anchor}-disagreements"),
        disagreements,
    ]


def reliability_page(ref: CrossRef) -> str:
    here = PAGE
    record = ref.record
    codings = sorted(record.second_codings, key=lambda c: c.name)
    if codings:
        anchors = _anchors([coding.name for coding in codings])
        blocks = [
            block
            for coding, anchor in zip(codings, anchors, strict=True)
            for block in _coding_block(here, agreement(record, coding), anchor)
        ]
        status = (
            f"{len(codings)} second coding{'s' * (len(codings) != 1)} committed. Alpha is Krippendorff's "
            "(nominal); 1 is perfect agreement and 0 is no better than chance. Kinds are one value per "
            "statement; themes and initiatives are scored as one yes-or-no decision per statement and "
            f"category. The interval comes from {REPLICATES} resamples of the statements (seed {SEED})."
        )
    else:
        blocks = []
        status = (
            "No second coding has been committed yet, so the reliability of the record's kinds, themes "
            "and initiatives has not been measured. The section below explains how to contribute one."
        )
    return page(
        front_matter(
            "Reliability",
            "How far independent second codings agree with the record's kinds, themes and initiatives.",
        ),
        heading(1, "Reliability"),
        "Content analysis reports how reliably its categories can be applied. Here anyone can test ours: "
        "code the statements blind and compare.",
        status,
        *blocks,
        heading(2, "Contribute a second coding", "contribute"),
        _CONTRIBUTE,
    )


def _anchors(names: list[str]) -> list[str]:
    """A unique anchor per second coding, made from its name, so a link to one stays put when
    another is added. Its sections' anchors add ``-kinds`` and ``-disagreements``; a name whose
    anchors another already holds is numbered."""
    taken: set[str] = set()
    anchors = []
    for name in names:
        base = "second-coding-" + (slug(text(name)) or "unnamed")
        anchor, number = base, 1
        while {anchor, f"{anchor}-kinds", f"{anchor}-disagreements"} & taken:
            number += 1
            anchor = f"{base}-{number}"
        taken |= {anchor, f"{anchor}-kinds", f"{anchor}-disagreements"}
        anchors.append(anchor)
    return anchors
