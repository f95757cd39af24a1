"""Where each generated page lives. One place, so links and exports always agree."""

from __future__ import annotations

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
