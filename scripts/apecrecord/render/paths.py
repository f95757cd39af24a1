"""Where each generated page lives. One place, so links and exports always agree."""

from __future__ import annotations

from urllib.parse import urlencode

HOME = "index.md"
SECTIONS = {
    "statements": "statements/index.md",
    "sources": "sources/index.md",
    "themes": "themes/index.md",
    "initiatives": "initiatives/index.md",
    "actors": "actors/index.md",
    "events": "events/index.md",
    "glossary": "glossary/index.md",
}
STATEMENTS_BY_THEME = "statements/by-theme.md"
STATEMENTS_BY_SOURCE = "statements/by-source.md"
COMPARE = {
    "overview": "compare/index.md",
    "crosswalk": "compare/crosswalk.md",
    "side-by-side": "compare/side-by-side.md",
    "link-map": "compare/link-map.md",
    "timeline": "compare/timeline.md",
}


CHANGES = "changes.md"


def archived_text(source_id: str) -> str:
    """Where a source's archived text is published, byte for byte, beside its page."""
    return f"sources/{source_id}.txt"


def record_page(kind: str, record_id: str) -> str:
    """The Markdown file of one record: ``themes/ai-governance.md``."""
    return f"{kind}/{record_id}.md"


def url_of(markdown_path: str) -> str:
    """The site-relative URL a Markdown file is published at (directory URLs)."""
    if markdown_path == HOME:
        return ""
    stem = markdown_path.removesuffix(".md")
    stem = stem.removesuffix("/index") if stem.endswith("/index") else stem
    return stem + "/"


def url_rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link for raw HTML (which engines do not rewrite): directory URL to directory URL."""
    href = relative(from_page, url_of(to_page))
    return f"{href}#{anchor}" if anchor else href


def relative(from_page: str, target: str) -> str:
    """The way from the URL ``from_page`` is published at to ``target``, a site-relative address
    (``sources/x/`` for a page, ``statements/x.json`` for a file)."""
    here = url_of(from_page).split("/")[:-1]
    *folders, name = target.split("/")
    shared = 0
    while shared < min(len(here), len(folders)) and here[shared] == folders[shared]:
        shared += 1
    return "../" * (len(here) - shared) + "".join(f"{part}/" for part in folders[shared:]) + name or "./"


def explorer_url(here: str, **filters: str | list[str] | tuple[str, ...]) -> str:
    """A link from ``here`` to the statements explorer, filtered by record fields.

    Each keyword is a statement field (``theme``, ``source``, ``kind``, ``speaker``,
    ``initiative``, ``section``) and its value an id; a list repeats the parameter, which the
    explorer reads as "any of". The link is a directory URL for raw HTML (see ``url_rel``):
    ``explorer_url("compare/crosswalk.md", theme="trade", source="report")`` is
    ``../../statements/?theme=trade&source=report``. Escape it with ``attr()`` in an attribute.
    """
    pairs = [(name, value) for name, values in filters.items() for value in _as_list(values)]
    query = urlencode(pairs)
    return url_rel(here, SECTIONS["statements"]) + (f"?{query}" if query else "")


def _as_list(values: str | list[str] | tuple[str, ...]) -> list[str]:
    return [values] if isinstance(values, str) else list(values)
