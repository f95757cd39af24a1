"""What ``apecrecord render --out`` writes builds with another engine: Zensical, Material's successor.

The content is meant to be engine-neutral; this builds the REAL record's rendered tree with
Zensical (pinned in pyproject.toml) and reads the output as a reader would: every generated page
is there, under its own heading, and every statement page shows its quote.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from apecrecord.check import check_data
from apecrecord.render.paths import record_page, url_of
from conftest import ROOT, run_cli
from engines import complete_project

pytest.importorskip("zensical", reason="zensical is in the test extra: make .venv/.installed-test")

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TAG = re.compile(r"<[^>]+>")


def _visible(markup: str) -> str:
    """Text as a reader sees it: tags dropped, entities decoded, runs of space made one."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).replace("¶", " ").split())


def _title(page: str) -> str:
    """The page's title: ``title`` in its front matter, else its first level-one heading."""
    front = _FRONT_MATTER.match(page)
    if front and (yaml.safe_load(front.group(1)) or {}).get("title"):
        return str(yaml.safe_load(front.group(1))["title"])
    heading = re.search(r"^# (.+)$", page, re.M)
    assert heading, "a generated page without a title"
    return re.sub(r"\\(.)", r"\1", heading.group(1))  # Markdown's backslash escapes


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The real record rendered by ``apecrecord render --out`` and built by Zensical."""
    project = tmp_path_factory.mktemp("zensical")
    result = run_cli("render", "--data", str(ROOT / "data"), "--out", str(project / "docs"), cwd=project)
    assert result.returncode == 0, result.stderr
    generated = {
        path.relative_to(project / "docs").as_posix(): path.read_text(encoding="utf-8")
        for path in (project / "docs").rglob("*.md")
    }
    config = complete_project(project, overrides=False)
    built = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--config-file", str(config)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return project / "site", generated


def test_every_generated_page_is_built_under_its_title(zensical_site) -> None:
    site, generated = zensical_site
    assert len(generated) > 100  # the real record's pages, not an empty render
    missing, untitled = [], []
    for path, page in sorted(generated.items()):
        output = site / url_of(path) / "index.html"
        if not output.is_file():
            missing.append(path)
            continue
        built = output.read_text(encoding="utf-8")
        title = " ".join(html.unescape(_title(page)).split())
        headings = [_visible(h) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", built, re.S)]
        window = _visible(re.search(r"<title>(.*?)</title>", built, re.S).group(1))
        if title not in headings and title not in window:
            untitled.append(f"{path}: {title!r} not in {headings} or {window!r}")
    assert not missing, f"not built by Zensical: {missing[:5]}"
    assert not untitled, "\n".join(untitled[:5])


def test_every_statement_page_shows_its_quote(zensical_site) -> None:
    site, _ = zensical_site
    record, _ = check_data(ROOT / "data")
    assert record.statements
    for statement in record.statements:
        built = (site / url_of(record_page("statements", statement.id)) / "index.html").read_text(encoding="utf-8")
        assert " ".join(statement.quote.split()) in _visible(built), statement.id
