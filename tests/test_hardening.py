"""Hostile input, failed builds and repeat builds: data is text, and nothing is ever lost."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from apecrecord.check import check_data
from apecrecord.problems import errors
from apecrecord.render import render_site
from conftest import FIXTURE, ROOT, build_site, edit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "{{ config.site_name }} {% raw %}",
    '--8<-- "/etc/passwd"',
    "**bold** _em_ `code` <b>b</b> &amp; &lt;",
    "# heading\n- list item",
    '"><svg onload=alert(4)>',
    "</title><script>alert(5)</script>",
    "*[HTML]: injected abbreviation",
    "{: onclick=alert(6) }",
]


def _markdown_converter() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables, read from mkdocs.yml itself."""
    config = yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0].replace("!!python", "")
    )
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    return markdown.Markdown(extensions=names)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.dangers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs
        if self.in_json_ld:
            return
        # The site's own build-time charts, the comparison pages' pickers and the explorer's filters.
        ours = (tag, dict(attrs).get("class")) in {
            ("svg", "chart"),
            ("form", "sbs-pick"),
            ("form", "link-filter"),
            ("form", "explorer-filters"),
        }
        if tag in {"script", "iframe", "object", "embed", "svg", "img", "style", "form", "b"} and not ours:
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.dangers.append(f"{name}={value}")

    def handle_data(self, data: str) -> None:
        if getattr(self, "in_json_ld", False):
            json.loads(data)  # structured data must stay well-formed JSON whatever the text
            self.in_json_ld = False
            return
        self.text.append(data)


def _write_record(project: Path, value: str) -> None:
    """Put ``value`` into every free-text field of the fixture record, through real YAML."""
    data = project / "data"
    for name in ("themes", "initiatives", "actors", "events", "glossary", "sources"):
        path = data / f"{name}.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in doc[name]:
            for field in (
                "name",
                "description",
                "definition",
                "place",
                "title",
                "short_title",
                "self_description",
                "omitted",
                "outlet",
            ):
                if field in item:
                    item[field] = value
            if "aliases" in item:
                item["aliases"] = [value]
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    for path in (data / "statements").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in doc["statements"]:
            item["summary"] = value
            item["note"] = value
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _assert_shown_as_text(pages: dict[str, str], value: str) -> None:
    converter = _markdown_converter()
    shown = " ".join(value.split())
    seen = False
    for path, content in pages.items():
        body = content.split("\n---", 1)[1] if content.startswith("---") else content
        page = _Page()
        page.feed(converter.reset().convert(body))
        assert page.dangers == [], (path, page.dangers)
        seen = seen or shown in " ".join("".join(page.text).split())
    assert seen, "the hostile text was not shown anywhere"


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_renders_as_visible_text(tmp_path: Path, value: str) -> None:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    _write_record(tmp_path, value)
    record, problems = check_data(tmp_path / "data")
    assert errors(problems) == []
    _assert_shown_as_text(render_site(record), value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=60))
def test_any_text_either_renders_escaped_or_fails_cleanly(tmp_path_factory, value: str) -> None:
    project = tmp_path_factory.mktemp("prop")
    shutil.copytree(FIXTURE / "data", project / "data")
    _write_record(project, value)
    record, problems = check_data(project / "data")
    if errors(problems):
        assert all(re.match(r"^data/[\w/.-]+:\d+: ", str(p)) for p in problems)
        return
    pages = render_site(record)
    if value.strip() and value.isprintable():
        _assert_shown_as_text(pages, value)


def test_hostile_text_is_inert_in_the_built_site(tmp_path: Path) -> None:
    """The full MkDocs build, templates included, keeps a hostile title and summary inert."""
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    value = "</title><script>alert(1)</script><img src=x onerror=alert(2)>"
    _write_record(tmp_path, value)
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    for html_file in (tmp_path / "site").rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in html, html_file
        assert "</script><script>" not in html, html_file
        assert "<img src=x" not in html, html_file
        assert "</title><script>" not in html, html_file


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _make_site(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's `make site` entry point against ``project``'s data."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", APECRECORD_DATA=str(project / "data"))
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(project: Path) -> None:
    out = project / "site"
    assert _make_site(project, out).returncode == 0
    before = _tree_digest(out)
    edit(project, "data/statements/report.yaml", "themes: [digital]", "themes: [digitl]")
    result = _make_site(project, out)
    assert result.returncode == 1
    assert "was left as it was" in result.stderr
    assert _tree_digest(out) == before
    assert sorted(p.name for p in project.iterdir()) == ["data", "site"]


def test_two_builds_of_the_same_data_are_byte_identical(project: Path) -> None:
    assert _make_site(project, project / "one").returncode == 0
    assert _make_site(project, project / "two").returncode == 0
    assert _tree_digest(project / "one") == _tree_digest(project / "two")


def test_a_rebuild_with_no_data_change_rewrites_no_file(project: Path) -> None:
    out = project / "site"
    assert _make_site(project, out).returncode == 0
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert _make_site(project, out).returncode == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == stamps


def test_the_build_reads_nothing_outside_the_data_folder(project: Path, tmp_path: Path) -> None:
    edit(
        project,
        "data/sources.yaml",
        "text: texts/report.txt",
        "text: texts/../../../etc/passwd.txt",
    )
    _, problems = check_data(project / "data")
    assert (
        "data/sources.yaml:30: source 'report': 'text' 'texts/../../../etc/passwd.txt' should be a path like texts/<source-id>.txt"
        in [str(p) for p in problems]
    )
