"""MkDocs hook: hands the generated pages to MkDocs from memory.

This is the only file that knows MkDocs. It loads and checks ``data/``, asks
``apecrecord.publish`` for the pages and data files and adds them as generated files, so plain
``mkdocs build`` and ``mkdocs serve`` produce the whole site and nothing is ever written into
``docs/``. Another engine can publish the same files from ``apecrecord render --out DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

from apecrecord.check import check_data
from apecrecord.problems import errors
from apecrecord.publish import site_files
from apecrecord.render import SiteOptions, glossary_abbreviations, with_abbreviations
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

_abbreviations: dict[str, str] = {}


def on_files(files: Files, config) -> Files:
    global _abbreviations
    # APECRECORD_DATA lets tests and the benchmark publish another record with this same config.
    data_dir = Path(os.environ.get("APECRECORD_DATA") or Path(config.config_file_path).parent / "data")
    record, problems = check_data(data_dir)
    found = errors(problems)
    if found:
        listing = "\n".join(str(p) for p in found)
        raise PluginError(f"the data has {len(found)} error(s); nothing was built:\n{listing}")
    options = SiteOptions(
        repo_url=config.repo_url or None, site_url=config.site_url or None, site_name=config.site_name
    )
    for path, content in site_files(record, options).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page: rename or remove it")
        files.append(File.generated(config, path, content=content))
    _abbreviations = glossary_abbreviations(record)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Give hand-written pages the glossary tooltips the generated ones already carry."""
    if page.file.generated_by is None:
        return with_abbreviations(markdown, _abbreviations)
    return markdown
