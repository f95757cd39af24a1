"""The MkDocs hook's own work: finished pages, their search entries, rebuilding what changed."""

from __future__ import annotations

from pathlib import Path

import mkdocs_hooks  # scripts/ is on the path through the editable install's package dir
import pytest
from apecrecord.check import check_data
from apecrecord.pages import toc_tokens
from apecrecord.publish import site_files
from apecrecord.render import paths
from apecrecord.render.markup import read_front_matter
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

ROOT = Path(__file__).resolve().parent.parent


def _finished(path: str, content: str) -> mkdocs_hooks.FinishedPage:
    """A generated page as the hook gives it to MkDocs, without a whole MkDocs build around it."""
    page = mkdocs_hooks.FinishedPage.__new__(mkdocs_hooks.FinishedPage)
    page.meta, page.markdown = read_front_matter(content)
    page.content = page.markdown
    page.toc = get_toc(toc_tokens(page.content))
    page.file = type("File", (), {"url": paths.url_of(path)})()
    page.title = page.meta.get("title")
    return page


@pytest.mark.parametrize("data", [ROOT / "tests" / "fixtures" / "record", ROOT / "data"], ids=["fixture", "real"])
def test_search_entries_are_those_materials_own_parser_makes(data: Path) -> None:
    record, _ = check_data(data)
    ours, materials = SearchIndex(), SearchIndex()
    ours.add_entry_from_context = mkdocs_hooks._indexer(ours)
    for path, content in site_files(record).items():
        if path.endswith(".md"):
            page = _finished(path, content)
            ours.add_entry_from_context(page)
            materials.add_entry_from_context(page)
    assert ours.entries == materials.entries
    assert len(ours.entries) > len(record.statements)


def test_a_generated_link_that_leads_nowhere_stops_the_build(project: Path) -> None:
    """MkDocs does not read finished pages' links; the hook checks them all before building."""
    import os
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "docs" / "about.md").unlink()  # the home page links to it
    for name in ("scripts", "overrides", "mkdocs.yml"):
        (project / name).symlink_to(ROOT / name)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("APECRECORD_DATA", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "index.md: about/: no page at this address" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()
