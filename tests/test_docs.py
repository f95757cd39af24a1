"""The hand-written pages tell the truth: the contributing walkthrough runs as written."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

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
