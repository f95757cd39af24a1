"""MkDocs hook: hands the generated pages to MkDocs from memory, as finished HTML.

This is the only file that knows MkDocs. It loads and checks ``data/``, asks
``apecrecord.publish`` for the pages and data files and adds them as generated files, so plain
``mkdocs build`` and ``mkdocs serve`` produce the whole site and nothing is ever written into
``docs/``. Another engine can publish the same files from ``apecrecord render --out DIR``.

Generated pages are finished HTML under front matter (``apecrecord.render.markup``): MkDocs is
given that HTML as the page's content instead of running Python-Markdown over it, which was most
of the build's time. MkDocs then no longer validates their links, so the hook checks every link
and anchor between generated pages itself (``apecrecord.pages.broken_links``) before building.

Hand-written pages may hold marker comments that are replaced with generated blocks, so a figure
or an example on them always comes from the same code as the rest of the site (see
``apecrecord.render.handwritten``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from apecrecord.check import check_data
from apecrecord.model import Record
from apecrecord.pages import anchors, broken_links, events, toc_tokens
from apecrecord.problems import errors
from apecrecord.publish import site_files
from apecrecord.release import ReleaseError, read_release
from apecrecord.render import SiteOptions, glossary_definitions, with_abbreviations
from apecrecord.render.handwritten import fill_markers
from apecrecord.render.markup import read_front_matter
from material.plugins.search.plugin import Parser as SearchParser
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

_JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
_abbreviations: dict[str, str] = {}
_published: dict[str, str | bytes] = {}
_record: Record | None = None
_options = SiteOptions()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Theme templates compiled once per ``make serve``: MkDocs makes a new Jinja environment for
    every rebuild, which would compile every template again. Jinja checks each template's source
    against the checksum stored with its code, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class _Serving:
    """What ``make serve`` (``mkdocs serve --dirty``) keeps between rebuilds, to redo only what changed.

    MkDocs rebuilds every page on each edit; a dirty build rebuilds the files whose
    ``is_modified()`` is true, which ``_only_changed_rebuilt`` decides by comparing what each file
    is built from with what the last successful build in this process was built from (a build
    that fails half-way counts for nothing). Files the record no longer generates are removed from
    the served folder. Material's search plugin, in a dirty build, only indexes the pages rebuilt,
    so the index is put together here from each page's last entries.
    """

    on: bool = False
    site_dir: str = ""
    written: dict[str, str] = field(default_factory=dict)  # src_uri -> digest of what was built
    building: dict[str, str] = field(default_factory=dict)  # the same for the build under way
    entries: dict[str, list] = field(default_factory=dict)  # page URL -> its search entries
    seen: int = 0  # search entries already collected in this build
    templates: _CompiledTemplates = field(default_factory=_CompiledTemplates)


_serving = _Serving()


def on_startup(command: str, dirty: bool) -> None:
    _serving.on = command == "serve" and dirty
    if _serving.on:
        # MkDocs warns on every dirty build that navigation may be stale, which strict mode would
        # count as a failure; here it cannot be (see _Serving), so the warning is not shown.
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return "A 'dirty' build is being performed" not in record.getMessage()


def on_config(config):
    """The site's public address comes from ``SITE_URL`` when mkdocs.yml does not give one."""
    address = os.environ.get("SITE_URL", "").strip()
    if address and not config.site_url:
        if not address.startswith(("https://", "http://")):
            raise PluginError(f"SITE_URL must be an absolute http(s) address, not {address!r}")
        config.site_url = address.rstrip("/") + "/"
    if not config.site_url:
        # Instant navigation reads sitemap.xml, which a site without its address does not have
        # (see on_post_build): without one, every link is an ordinary page load instead of a 404.
        features = config.theme.get("features", [])
        config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    index = _search_index(config)
    if index is not None:
        index.add_entry_from_context = _indexer(index)
    return config


def _indexer(index):
    """Material's search indexing, with our pages read by ``apecrecord.pages.events``.

    Material's plugin feeds each page to its parser through Python's ``HTMLParser``; for the pages
    we wrote, the same parser is given the same events from a reader that only has to read HTML we
    wrote, so the index is the same (tested) at a fraction of the cost.
    """
    original = index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        if not isinstance(page, FinishedPage) or (page.meta.get("search") or {}).get("exclude"):
            original(page)
            return
        parser = SearchParser()
        for kind, tag, value in events(page.content):
            if kind == "start":
                parser.handle_starttag(tag, value)
            elif kind == "end":
                parser.handle_endtag(tag)
            else:
                parser.handle_data(value)
        for section in parser.data:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)

    return add_entry_from_context


def on_files(files: Files, config) -> Files:
    global _abbreviations, _published, _record, _options
    # APECRECORD_DATA lets tests and the benchmark publish another record with this same config.
    data_dir = Path(os.environ.get("APECRECORD_DATA") or Path(config.config_file_path).parent / "data")
    record, problems = check_data(data_dir)
    found = errors(problems)
    if found:
        listing = "\n".join(str(p) for p in found)
        raise PluginError(f"the data has {len(found)} error(s); nothing was built:\n{listing}")
    try:
        release = read_release(data_dir)
    except ReleaseError as error:
        raise PluginError(f"nothing was built:\n{error}") from None
    options = SiteOptions(
        repo_url=config.repo_url or None, site_url=config.site_url or None, site_name=config.site_name, release=release
    )
    published = site_files(record, options)
    for path in published:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page: rename or remove it")
    broken = broken_links(published, {f.src_uri for f in files})
    if broken:
        listing = "\n".join(broken)
        raise PluginError(f"{len(broken)} link(s) on generated pages lead nowhere; nothing was built:\n{listing}")
    _abbreviations = glossary_definitions(record)
    _published, _record, _options = published, record, options
    generated = [File.generated(config, path, content=content) for path, content in published.items()]
    if _serving.on:
        _only_changed_rebuilt(files, generated, published, config)
    for file in generated:
        files.append(file)
    return files


def _only_changed_rebuilt(files: Files, generated: list[File], published: dict, config) -> None:
    """Under ``make serve``: mark unchanged files as such; drop what is gone.

    A file is unchanged when what it is built from is: a generated file's content; for a
    hand-written page, its Markdown as ``on_page_markdown`` completes it; and for both, the config
    and theme overrides that frame every page.
    """
    if _serving.site_dir != config.site_dir:
        _serving.site_dir, _serving.written, _serving.entries = config.site_dir, {}, {}
    frame = hashlib.sha256(Path(config.config_file_path).read_bytes())
    custom = config.theme.custom_dir
    for path in sorted(Path(custom).rglob("*")) if custom else ():
        if path.is_file():
            frame.update(path.read_bytes())
    sources = {file.src_uri: published[file.src_uri] for file in generated}
    for file in files.documentation_pages():
        sources[file.src_uri] = _completed_markdown(file.src_uri, file.content_string)
    previous, _serving.building = _serving.written, {}
    for file in [*generated, *files.documentation_pages()]:
        content = sources[file.src_uri]
        digest = hashlib.sha256(frame.digest() + (content.encode() if isinstance(content, str) else content))
        _serving.building[file.src_uri] = digest.hexdigest()
        if previous.get(file.src_uri) == digest.hexdigest():
            file.is_modified = _missing_from(file.abs_dest_path)  # type: ignore[method-assign]
        elif file.generated_by is None:
            file.is_modified = lambda: True  # type: ignore[method-assign]  # its record changed, not the file
    gone = set(previous) - set(_serving.building)
    for src_uri in gone:
        stale = File.generated(config, src_uri, content="")
        Path(stale.abs_dest_path).unlink(missing_ok=True)
        _serving.entries.pop(stale.url, None)
    _serving.seen = 0


def _missing_from(path: str):
    return lambda: not os.path.isfile(path)


class FinishedPage(Page):
    """A generated page: front matter read without YAML, HTML taken as it is.

    ``Page.read_source`` would parse the front matter with PyYAML and ``Page.render`` would run
    Python-Markdown over HTML that is already final; these two do neither, and give MkDocs the
    table of contents and anchors the theme and link validation need.
    """

    def read_source(self, config) -> None:
        self.meta, self.markdown = read_front_matter(self.file.content_string)

    def render(self, config, files) -> None:
        self.content = self.markdown
        self.toc = get_toc(toc_tokens(self.content))
        self.present_anchor_ids = anchors(self.content)
        self.links_to_anchors = {}


def on_pre_page(page, config, files):
    """Generated pages are built as ``FinishedPage``s (MkDocs made them as plain pages)."""
    if page.file.generated_by is not None and page.file.src_uri.endswith(".md"):
        page.__class__ = FinishedPage
    return page


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Give hand-written pages the glossary tooltips and generated blocks the others carry."""
    if page.file.generated_by is None:
        return _completed_markdown(page.file.src_uri, markdown)
    return markdown


def _completed_markdown(src_uri: str, markdown: str) -> str:
    if _record is not None:
        markdown = fill_markers(src_uri, markdown, _record, _options, _published)
    return with_abbreviations(markdown, _abbreviations)


def on_env(env, config, files):
    if _serving.on:
        env.bytecode_cache = _serving.templates
    return env


def on_page_context(context, page, config, nav):
    """Under ``make serve``: keep the search entries Material's plugin just made for this page."""
    index = _search_index(config) if _serving.on else None
    if index is not None:
        _serving.entries[page.url] = index.entries[_serving.seen :]
        _serving.seen = len(index.entries)
    return context


def _search_index(config):
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin.search_index
    return None


def on_post_build(config) -> None:
    """No site address, no sitemap: without absolute addresses a sitemap would be invalid.

    Under ``make serve``, the search index is written again from every page's last entries.
    """
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (Path(config.site_dir) / name).unlink(missing_ok=True)
    if _serving.on:
        _serving.written = _serving.building  # this build succeeded: the next compares with it
    written = Path(config.site_dir) / "search" / "search_index.json"
    if _serving.on and written.is_file():
        index = json.loads(written.read_text(encoding="utf-8"))
        index["docs"] = [entry for url in sorted(_serving.entries) for entry in _serving.entries[url]]
        written.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def on_post_page(output: str, page, config) -> str:
    """Move a page's JSON-LD into its head.

    Material's instant navigation re-creates every inline script in the page body without its
    ``type``, so JSON-LD there would be run as JavaScript (a syntax error) on each swap. In the
    head it is read by crawlers and left alone by navigation.
    """
    blocks = _JSON_LD.findall(output)
    if not blocks:
        return output
    return _JSON_LD.sub("", output).replace("</head>", "\n".join(blocks) + "\n</head>", 1)
