"""Everything the site publishes from the record: Markdown pages plus open-data files.

The MkDocs hook and ``apecrecord render --out`` both call ``site_files``, so any engine that
publishes the rendered folder publishes the same downloads, feed and per-statement JSON.
"""

from __future__ import annotations

from apecrecord.annotations import annotation_files
from apecrecord.export import export_files
from apecrecord.model import Record
from apecrecord.render import SiteOptions, render_site
from apecrecord.render.sources import archived_texts


def site_files(record: Record, options: SiteOptions | None = None) -> dict[str, str | bytes]:
    options = options or SiteOptions()
    files: dict[str, str | bytes] = dict(render_site(record, options))
    files.update(export_files(record, options.site_url, options.release))
    files.update(archived_texts(record))
    files.update(annotation_files(record, options.site_url))
    return dict(sorted(files.items()))
