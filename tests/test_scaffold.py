"""Scaffolding new sources and statements, as an editor would use it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from apecrecord import atomic
from apecrecord.check import check_data
from apecrecord.problems import errors
from conftest import run_cli

ARTICLE = 'Leaders met in the city.\n\nThe minister said "trade must grow" and urged reform.\n\n'


def fill(path: Path, statement_id: str, **values: str) -> None:
    """Fill a skeleton's empty fields the way an editor does, by editing the YAML text."""
    content = path.read_text(encoding="utf-8")
    start = content.index(f"  - id: {statement_id}\n")
    block = content[start:]
    for field, value in values.items():
        block = re.sub(rf"^    {field}: .*$", f"    {field}: {value}", block, count=1, flags=re.M)
    path.write_text(content[:start] + block, encoding="utf-8")


def test_a_new_source_from_a_text_file_passes_check(project: Path) -> None:
    (project / "article.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli(
        "new",
        "source",
        "--id",
        "minister-report",
        "--from",
        "article.txt",
        "--kind",
        "news-report",
        "--publisher",
        "agency",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert "still to fill:" in result.stdout
    archived = (project / "data" / "texts" / "minister-report.txt").read_text(encoding="utf-8")
    assert archived == '[1] Leaders met in the city.\n\n[2] The minister said "trade must grow" and urged reform.\n'
    _, problems = check_data(project / "data")
    assert errors(problems) == []


def test_a_scaffolded_statement_fails_only_on_what_is_left_to_fill(project: Path) -> None:
    result = run_cli("new", "statement", "--source", "report", "--paragraph", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "data" / "statements" / "report.yaml"
    content = path.read_text(encoding="utf-8")
    assert "  # The Leader said economies should work together on AI governance.\n  - id: report-p1-1\n" in content
    _, problems = check_data(project / "data")
    unfilled = {re.search(r"'(\w+)'", str(p).split(": ", 2)[2]).group(1) for p in errors(problems)}
    assert unfilled == {"speaker", "attribution", "kind", "quote", "summary", "themes"}


def test_a_filled_in_statement_passes_check(project: Path) -> None:
    assert run_cli("new", "statement", "--source", "report", "--paragraph", "1", cwd=project).returncode == 0
    path = project / "data" / "statements" / "report.yaml"
    fill(
        path,
        "report-p1-1",
        speaker="leader",
        attribution="reported-speech",
        kind="call-to-action",
        quote='"The Leader said economies should work together on AI governance."',
        summary='"The leader wants joint rules for artificial intelligence."',
        themes="[digital]",
    )
    _, problems = check_data(project / "data")
    assert errors(problems) == []


def test_fresh_ids_do_not_collide(project: Path) -> None:
    for _ in range(2):
        assert run_cli("new", "statement", "--source", "report", "--paragraph", "2", cwd=project).returncode == 0
    content = (project / "data" / "statements" / "report.yaml").read_text(encoding="utf-8")
    assert "id: report-p2-1\n" in content and "id: report-p2-2\n" in content


def test_a_new_source_starts_statements_from_an_empty_list(project: Path) -> None:
    (project / "article.txt").write_text(ARTICLE, encoding="utf-8")
    run_cli(
        "new",
        "source",
        "--id",
        "fresh",
        "--from",
        "article.txt",
        "--kind",
        "op-ed",
        "--publisher",
        "outlet",
        cwd=project,
    )
    assert run_cli("new", "statement", "--source", "fresh", "--paragraph", "2", cwd=project).returncode == 0
    content = (project / "data" / "statements" / "fresh.yaml").read_text(encoding="utf-8")
    assert "statements:\n\n  # Paragraph 2 of fresh" in content
    assert 'attribution: "authors-view"' in content


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "statement", "--source", "nope", "--paragraph", "1"],
            "apecrecord new statement: error: source 'nope' does not exist",
        ),
        (
            ["new", "statement", "--source", "report", "--paragraph", "9"],
            "apecrecord new statement: error: paragraph 9 is out of range: 'report' has paragraphs 1 to 2",
        ),
        (
            ["new", "source", "--id", "Bad Id", "--from", "x.txt", "--kind", "op-ed", "--publisher", "agency"],
            "apecrecord new source: error: 'Bad Id' is not a valid id: use lowercase letters a-z, digits and single hyphens",
        ),
        (
            ["new", "source", "--id", "report", "--from", "x.txt", "--kind", "op-ed", "--publisher", "agency"],
            "apecrecord new source: error: source 'report' already exists",
        ),
        (
            ["new", "source", "--id", "x", "--from", "x.txt", "--kind", "op-ed", "--publisher", "nobody"],
            "apecrecord new source: error: publisher 'nobody' is not an actor: add it to data/actors.yaml first",
        ),
    ],
)
def test_bad_requests_give_one_line_and_change_nothing(project: Path, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    result = run_cli(*args, cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()} == before


def test_bad_arguments_give_one_line(project: Path) -> None:
    result = run_cli("new", "statement", "--source", "report", "--paragraph", "two", cwd=project)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "invalid int value: 'two'" in result.stderr


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "statements.yaml"
    target.write_text("statements: []\n", encoding="utf-8")

    def power_cut(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        atomic.write_text(target, "statements:\n  - half of a new stat")
    assert target.read_text(encoding="utf-8") == "statements: []\n"
    assert [p.name for p in tmp_path.iterdir()] == ["statements.yaml"]
