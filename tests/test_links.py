"""Every internal link and anchor of the published site resolves, downloads included."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name])
        for name in ("href", "src", "xlink:href"):
            if values.get(name) and not (tag == "link" and values.get("rel") in {"canonical"}):
                self.links.append(values[name])


def _target(real_site: Path, page: Path, href: str) -> Path:
    path = unquote(urlsplit(href).path)
    resolved = (page.parent / path).resolve() if not path.startswith("/") else (real_site / path.lstrip("/")).resolve()
    return resolved / "index.html" if resolved.is_dir() else resolved


def test_every_internal_link_and_anchor_resolves(real_site: Path) -> None:
    pages = {path: _Page() for path in real_site.rglob("*.html")}
    for path, parser in pages.items():
        parser.feed(path.read_text(encoding="utf-8"))
    broken = []
    checked = 0
    for path, parser in pages.items():
        for href in parser.links:
            if urlsplit(href).scheme or href.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            target_href, anchor = urldefrag(href)
            target = _target(real_site, path, target_href) if target_href else path
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(real_site)}: {href} (no file)")
            elif anchor and target in pages and anchor not in pages[target].ids:
                broken.append(f"{path.relative_to(real_site)}: {href} (no anchor)")
    assert broken == []
    assert checked > 1000


def test_downloads_are_linked_and_present(real_site: Path) -> None:
    downloads = (real_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("statements.csv", "statements.json", "datapackage.json", "schemas/statements.schema.json"):
        assert f'href="{name}"' in downloads
        assert (real_site / "downloads" / name).is_file()
    assert 'href="../feed.xml"' in downloads  # at the root, where every page advertises it
    assert (real_site / "feed.xml").is_file()
