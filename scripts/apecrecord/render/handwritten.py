"""Generated blocks inside hand-written pages, placed by marker comments.

A hand-written page says where a generated block goes with a line such as
``<!-- generated: citation-example -->``; ``fill_markers`` replaces it. So the Method page's
citation example is made by the same code as every statement page's cite box, and the Downloads
page's version, date and file sizes are those of the files published beside it.

A block is finished HTML with no blank line inside, set between blank lines, so Python-Markdown
keeps it whole as raw HTML. Its links are written for the hand-written page's own URL, and its
glossary terms are explained as on generated pages (Markdown's abbreviations skip raw HTML).
"""

from __future__ import annotations

from pathlib import Path

from apecrecord import cite
from apecrecord.crossref import CrossRef
from apecrecord.model import Record, format_date
from apecrecord.render.markup import code, code_block, html_block, table, text
from apecrecord.render.parts import SiteOptions, abbreviate, glossary_definitions, statement_title
from apecrecord.render.performance import performance_figures
from apecrecord.render.statements import cite_box

MARKER = "<!-- generated: {name} -->"
#: The benchmark's committed results files, read by the Performance page's figures.
BENCH_DIR = Path(__file__).resolve().parents[3] / "bench"


def citation_example(here: str, record: Record, options: SiteOptions) -> str:
    """The cite box of the record's first statement, as on its page."""
    if not record.statements:
        return "<p>No statement in the record yet.</p>"
    statement = record.statements[0]
    ref = CrossRef.build(record)
    intro = f"For the statement “{text(statement_title(statement, ref))}”, its page gives:"
    return html_block(intro, cite_box(here, statement, ref, options, level=3))


def _size(count: int) -> str:
    return f"{count:,} bytes" if count < 10_000 else f"{count / 1024:,.0f} KiB"


def release_block(record: Record, options: SiteOptions, published: dict[str, str | bytes]) -> str:
    """The data version, its date, the file sizes and the citation for the dataset as a whole."""
    release = options.release
    base = cite.site_base(options.site_url)
    released = f", released {text(format_date(release.date))}" if release.date else ""
    rows = [
        (code(path.removeprefix("downloads/")), _size(len(content)))
        for path, content in sorted(published.items())
        if path.startswith("downloads/") and "/schemas/data/" not in path
    ]
    return html_block(
        f"This is data version <strong>{text(release.version)}</strong>{released}, with "
        f"{len(record.statements)} statements from {len(record.sources)} sources.",
        table(["File", "Size"], rows),
        "To cite the dataset as a whole:",
        code_block(cite.dataset_citation(release.version, release.date, base)),
    )


def fill_markers(
    src_uri: str, markdown: str, record: Record, options: SiteOptions, published: dict[str, str | bytes]
) -> str:
    """``markdown`` with each marker line it holds replaced by its generated block.

    ``src_uri`` is the page's path in the docs folder (``about.md``): links are made from its URL.
    """
    blocks = {
        "citation-example": lambda: citation_example(src_uri, record, options),
        "release": lambda: release_block(record, options, published),
        "performance-figures": lambda: performance_figures(BENCH_DIR),
    }
    definitions: dict[str, str] | None = None
    for name, make in blocks.items():
        marker = MARKER.format(name=name)
        if marker in markdown:
            definitions = glossary_definitions(record) if definitions is None else definitions
            markdown = markdown.replace(marker, f"\n\n{abbreviate(make(), definitions)}\n\n")
    return markdown
