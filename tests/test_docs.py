"""The hand-written pages tell the truth: the contributing walkthrough runs as written."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest
import yaml
from apecrecord.check import check_data
from apecrecord.render.handwritten import MARKER, fill_markers
from apecrecord.render.parts import SiteOptions, glossary_definitions, with_abbreviations
from conftest import FIXTURE, ROOT
from html_reading import SITE, read, table_rows
from test_hardening import HOSTILE
from test_hardening import _hostile_quotes as quoting
from test_hardening import _write_record as write_everywhere

CONTRIBUTING = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
#: Commands that build or serve the whole site are covered by the site tests, not re-run here.
LONG_RUNNING = {"serve", "site", "test"}


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", CONTRIBUTING, re.S | re.M)


def _make(project: Path, line: str) -> subprocess.CompletedProcess[str]:
    """Run a documented `make` line against ``project``, with the repository's tools."""
    words = shlex.split(line)
    command = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(project)]
    command += [f"BIN={ROOT / '.venv' / 'bin'}", "READY=", *words[1:]]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "scripts").symlink_to(ROOT / "scripts")
    return tmp_path


def test_every_documented_command_works_as_written(real_project: Path) -> None:
    commands = [line for block in _blocks("bash") for line in block.splitlines() if line.startswith("make ")]
    assert [c.split()[1] for c in commands] == ["check", "new-statement", "check", "coverage", "stats", "new-source"]
    (real_project / "article.txt").write_text("A first paragraph.\n\nA second paragraph.\n", encoding="utf-8")
    statements = real_project / "data" / "statements" / "xinhua-xi-second-session.yaml"
    for line in commands:
        result = _make(real_project, line)
        if line.startswith("make new-statement"):
            assert result.returncode == 0, result.stderr
            failing = _make(real_project, "make check")
            shown = re.sub(r":\d+:", ":N:", _blocks("text")[0].strip())
            assert shown in re.sub(r":\d+:", ":N:", failing.stderr), failing.stderr
            _fill_like_the_example(statements)
            continue
        assert result.returncode == 0, (line, result.stdout, result.stderr)


def _fill_like_the_example(path: Path) -> None:
    example = yaml.safe_load(_blocks("yaml")[1])[0]
    content = path.read_text(encoding="utf-8")
    start = content.rindex("  - id: xinhua-xi-second-session-p10-")
    block = content[start:]
    # Titles are unique across the record, so the copy gets one of its own.
    example["title"] += " (walkthrough copy)"
    for field in ("title", "kind", "quote", "summary", "themes", "speaker", "attribution"):
        value = example[field]
        block = re.sub(rf"^    {field}: .*$", f"    {field}: {json.dumps(value)}", block, count=1, flags=re.M)
    path.write_text(content[:start] + block, encoding="utf-8")


def test_the_example_statement_is_in_the_record_as_shown() -> None:
    (example,) = yaml.safe_load(_blocks("yaml")[1])
    data = yaml.safe_load((ROOT / "data" / "statements" / "xinhua-xi-second-session.yaml").read_text(encoding="utf-8"))
    assert example in data["statements"]


def test_the_schema_line_shown_is_the_one_statement_files_use() -> None:
    shown = _blocks("yaml")[0].strip()
    first = (ROOT / "data" / "statements" / "xinhua-xi-second-session.yaml").read_text(encoding="utf-8").split("\n")[0]
    assert shown == first


def _markdown(page: str) -> str:
    """A hand-written page as MkDocs converts it, with the extensions mkdocs.yml enables."""
    config = yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0].replace("!!python", "")
    )
    extensions = config["markdown_extensions"]
    names = [next(iter(e)) if isinstance(e, dict) else e for e in extensions]
    options = {name: e[name] for e in extensions if isinstance(e, dict) for name in e}
    return markdown.Markdown(extensions=names, extension_configs=options).convert(page)


@pytest.mark.parametrize("data", ["tests/fixtures/record/data", "data"])
@pytest.mark.parametrize(("name", "marker"), [("about.md", "citation-example"), ("downloads.md", "release")])
def test_a_generated_block_reaches_the_hand_written_page_whole(data: str, name: str, marker: str) -> None:
    """The block is finished HTML that Python-Markdown passes through as it is: well formed, no
    Markdown left in its text, its glossary terms explained, its links written for the page's URL,
    and its anchors unique on the page."""

    record, _ = check_data(ROOT / data)
    source = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert MARKER.format(name=marker) in source
    published = {"downloads/statements.csv": b"x" * 12_345, "downloads/schemas/data/x.json": "{}"}
    filled = fill_markers(name, source, record, SiteOptions(), published)
    head, tail = source.split(MARKER.format(name=marker))
    assert filled.startswith(head) and filled.endswith(tail)
    block = filled[len(head) : len(filled) - len(tail)]
    assert block.startswith("\n\n<") and block.endswith(">\n\n"), "blank lines around the raw HTML block"
    block = block.strip("\n")
    assert "\n\n" not in block, "a blank line would end the raw HTML block"
    shown = read(block, name)
    assert shown.faults == [] and shown.markdown == [], (shown.faults, shown.markdown)
    html = _markdown(with_abbreviations(filled, glossary_definitions(record)))
    assert block in html, "Python-Markdown changed the block"
    page = read(html, name)
    assert page.faults == [], page.faults
    if marker == "release":
        assert "This is data version unreleased, with " in shown.text
        assert table_rows(block) == [["File", "Size"], ["statements.csv", "12 KiB"]]
    else:
        statement = record.statements[0].id
        # Glossary terms are explained as on generated pages (here a term made of the title's first word).
        word = record.statements[0].title.split()[0]
        term = dataclasses.replace(record.glossary[0], term=word, aliases=(), definition="A defined word")
        explained = fill_markers(name, source, dataclasses.replace(record, glossary=[term]), SiteOptions(), published)
        assert f'“<abbr title="A defined word">{word}</abbr>' in explained
        assert [target for _, target in shown.links if not target.startswith(f"{SITE}about/#")] == [
            f"{SITE}statements/{statement}.json",
            f"{SITE}statements/{statement}.annotation.jsonld",
        ]
        assert ("h3", "cite", "Cite this statement") in shown.headings


@pytest.mark.parametrize("value", HOSTILE)
def test_a_generated_block_stays_one_raw_html_block_whatever_the_record_holds(tmp_path: Path, value: str) -> None:
    """Hostile text in every field (and as every quote) never breaks the block out of raw HTML."""
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    write_everywhere(tmp_path, value)
    record, problems = check_data(tmp_path / "data")
    assert not [p for p in problems if not p.warning]
    for source_record in (record, quoting(record, value)):
        filled = fill_markers(
            "about.md",
            f"Before.\n\n{MARKER.format(name='citation-example')}\n\nAfter.\n",
            source_record,
            SiteOptions(),
            {},
        )
        block = filled.removeprefix("Before.\n\n").removesuffix("\n\nAfter.\n").strip("\n")
        assert "\n\n" not in block
        shown = read(block, "about.md")
        assert shown.faults == [], shown.faults
        assert block in _markdown(filled), "Python-Markdown changed the block"
