"""MkDocs hook: hands the generated pages to MkDocs from memory.

This is the only file that knows MkDocs. It loads and checks ``data/``, asks
``apecrecord.publish`` for the pages and data files and adds them as generated files, so plain
``mkdocs build`` and ``mkdocs serve`` produce the whole site and nothing is ever written into
``docs/``. Another engine can publish the same files from ``apecrecord render --out DIR``.

Hand-written pages may hold marker comments that are replaced with generated blocks, so a figure
or an example on them always comes from the same code as the rest of the site (see
``apecrecord.render.handwritten``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from apecrecord.check import check_data
from apecrecord.model import Record
from apecrecord.problems import errors
from apecrecord.publish import site_files
from apecrecord.release import ReleaseError, read_release
from apecrecord.render import SiteOptions, glossary_abbreviations, with_abbreviations
from apecrecord.render.handwritten import fill_markers
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

_JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
_abbreviations: dict[str, str] = {}
_published: dict[str, str | bytes] = {}
_record: Record | None = None
_options = SiteOptions()


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
    return config


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
    for path, content in published.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page: rename or remove it")
        files.append(File.generated(config, path, content=content))
    _abbreviations = glossary_abbreviations(record)
    _published, _record, _options = published, record, options
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Give hand-written pages the glossary tooltips and generated blocks the others carry."""
    if page.file.generated_by is None:
        if _record is not None:
            markdown = fill_markers(page.file.src_uri, markdown, _record, _options, _published)
        return with_abbreviations(markdown, _abbreviations)
    return markdown


def on_post_build(config) -> None:
    """No site address, no sitemap: without absolute addresses a sitemap would be invalid."""
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (Path(config.site_dir) / name).unlink(missing_ok=True)


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
