"""Scaffolding new sources and statements, as an editor would use it."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from apecrecord import atomic, scaffold
from apecrecord.check import check_data
from apecrecord.load import load_record
from apecrecord.problems import errors
from conftest import FIXTURE, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ARTICLE = 'Leaders met in the city.\n\nThe minister said "trade must grow" and urged reform.\n\n'


def fill(path: Path, statement_id: str, **values: str) -> None:
    """Fill a skeleton's empty fields the way an editor does, by editing the YAML text."""
    content = path.read_text(encoding="utf-8")
    start = content.index(f"  - id: {statement_id}\n")
    block = content[start:]
    for field, value in values.items():
        block = re.sub(rf"^    {field}: .*$", f"    {field}: {value}", block, count=1, flags=re.M)
    path.write_text(content[:start] + block, encoding="utf-8")


def _new_fresh_source(project: Path):
    """``apecrecord new source`` for ``article.txt`` as an op-ed with id ``fresh``."""
    return run_cli(
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
    assert unfilled == {"title", "speaker", "attribution", "kind", "quote", "summary", "themes"}


def test_a_filled_in_statement_passes_check(project: Path) -> None:
    assert run_cli("new", "statement", "--source", "report", "--paragraph", "1", cwd=project).returncode == 0
    path = project / "data" / "statements" / "report.yaml"
    fill(
        path,
        "report-p1-1",
        title='"Joint rules for AI"',
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
    _new_fresh_source(project)
    assert run_cli("new", "statement", "--source", "fresh", "--paragraph", "2", cwd=project).returncode == 0
    content = (project / "data" / "statements" / "fresh.yaml").read_text(encoding="utf-8")
    assert "statements:\n\n  # Paragraph 2 of fresh" in content
    assert "attribution: authors-view\n" in content


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


# --- Any valid layout: the new item is added exactly, or nothing is written ----------------


def _layout(
    items: list[dict], style: str, indent: int, comments: bool, crlf: bool, final_newline: bool, first: str
) -> str:
    """The report's statements file written in one of the layouts an editor may use."""
    pad = " " * indent
    header = "# statements of the report\n" if comments else ""
    source = "source: report\n"
    if style == "flow":
        body = "statements: [" + ", ".join(json.dumps(item) for item in items) + "]"
        body += "  # kept as a flow list\n" if comments else "\n"
    elif not items:
        body = "statements: []" + ("  # none yet\n" if comments else "\n")
    else:
        lines = ["statements:" + ("  # newest last" if comments else "")]
        for item in items:
            if comments:
                lines.append(f"{pad}# {item['id']}")
            for number, (key, value) in enumerate(item.items()):
                lines.append(f"{pad}{'- ' if number == 0 else '  '}{key}: {json.dumps(value)}")
        body = "\n".join(lines) + "\n" + ("# end of the list\n" if comments else "")
    text = header + (source + body if first == "source" else body + source)
    if not final_newline:
        text = text.rstrip("\n")
    return text.replace("\n", "\r\n") if crlf else text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    style=st.sampled_from(["block", "flow", "empty"]),
    indent=st.sampled_from([0, 2, 4]),
    comments=st.booleans(),
    crlf=st.booleans(),
    final_newline=st.booleans(),
    first=st.sampled_from(["source", "statements"]),
)
def test_new_statement_adds_exactly_one_statement_whatever_the_layout(
    tmp_path_factory, style: str, indent: int, comments: bool, crlf: bool, final_newline: bool, first: str
) -> None:
    project = tmp_path_factory.mktemp("layout")
    shutil.copytree(FIXTURE / "data", project / "data")
    path = project / "data" / "statements" / "report.yaml"
    items = [] if style == "empty" else yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]
    path.write_bytes(_layout(items, style, indent, comments, crlf, final_newline, first).encode("utf-8"))
    before_text = path.read_bytes()
    before = yaml.safe_load(before_text)
    record = load_record(project / "data")[0]
    try:
        scaffold.new_statement(project / "data", "report", 1, record, date(2026, 11, 23))
    except scaffold.ScaffoldError as refused:
        assert path.read_bytes() == before_text, "a refusal wrote something"
        assert "\n" not in str(refused)
        return
    after = yaml.safe_load(path.read_bytes())
    assert after["source"] == before["source"]
    assert after["statements"][:-1] == before["statements"]
    assert after["statements"][-1]["id"] == "report-p1-1"
    assert path.read_bytes().startswith(before_text.rstrip(b"\r\n").split(b"statements:")[0])
    if comments:
        assert path.read_text(encoding="utf-8").count("#") >= before_text.decode().count("#")
    if crlf:
        assert b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    _, problems = check_data(project / "data")
    unfilled = {str(p).split(": ", 1)[1] for p in errors(problems)}
    assert all("'report-p1-1'" in message for message in unfilled), unfilled


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("statements:\n  - id: leader-ai-cooperation", "statements:\n    - id: leader-ai-cooperation"),
        ("statements:\n", "statements:   # the list\n"),
    ],
)
def test_reindented_and_commented_files_are_not_corrupted(project: Path, old: str, new: str) -> None:
    path = project / "data" / "statements" / "report.yaml"
    content = path.read_text(encoding="utf-8")
    if old.startswith("statements:\n  - "):
        content = content.replace("\n  ", "\n    ").replace(old.replace("\n  ", "\n    "), new)
    else:
        content = content.replace(old, new)
    path.write_text(content, encoding="utf-8")
    assert run_cli("new", "statement", "--source", "report", "--paragraph", "1", cwd=project).returncode == 0
    _, problems = check_data(project / "data")
    assert {str(p).split(": ", 1)[1].split("'")[1] for p in errors(problems)} == {"report-p1-1"}


def test_an_empty_list_with_a_comment_after_it_is_not_corrupted(project: Path) -> None:
    (project / "article.txt").write_text(ARTICLE, encoding="utf-8")
    args = ["--from", "article.txt", "--kind", "op-ed", "--publisher", "outlet"]
    assert run_cli("new", "source", "--id", "fresh", *args, cwd=project).returncode == 0
    path = project / "data" / "statements" / "fresh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("statements: []", "statements: [] # none yet"))
    assert run_cli("new", "statement", "--source", "fresh", "--paragraph", "2", cwd=project).returncode == 0
    content = path.read_text(encoding="utf-8")
    assert "statements: # none yet\n" in content
    assert yaml.safe_load(content)["statements"][0]["id"] == "fresh-p2-1"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--language",
            "en\nsha256: 0000",
            "--language 'en\\nsha256: 0000' is not a language code such as en, zh or ko",
        ),
        ("--language", "english", "--language 'english' is not a language code such as en, zh or ko"),
        ("--id", "fresh\n", "'fresh\\n' is not a valid id: use lowercase letters a-z, digits and single hyphens"),
    ],
)
def test_new_source_refuses_values_that_would_inject_yaml(project: Path, option: str, value: str, message: str) -> None:
    (project / "article.txt").write_text(ARTICLE, encoding="utf-8")
    args = {"--id": "fresh", "--language": "en"} | {option: value}
    before = {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    result = run_cli(
        "new",
        "source",
        "--from",
        "article.txt",
        "--kind",
        "op-ed",
        "--publisher",
        "outlet",
        *[part for pair in args.items() for part in pair],
        cwd=project,
    )
    assert result.returncode == 1
    assert result.stderr == f"apecrecord new source: error: {message}\n"
    assert {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("layout", ["indent4", "flow", "crlf", "no-final-newline", "key-after"])
def test_new_source_passes_check_in_any_sources_layout(project: Path, layout: str) -> None:
    path = project / "data" / "sources.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    if layout == "indent4":
        text = "sources:\n" + "\n".join("  " + line if line else line for line in text.split("\n")[2:])
    elif layout == "flow":
        text = "sources: " + json.dumps(doc["sources"]) + "\n"
    elif layout == "crlf":
        text = text.replace("\n", "\r\n")
    elif layout == "no-final-newline":
        text = text.rstrip("\n")
    path.write_text(text, encoding="utf-8", newline="")
    (project / "article.txt").write_text(ARTICLE, encoding="utf-8")
    result = _new_fresh_source(project)
    assert result.returncode == 0, result.stderr
    _, problems = check_data(project / "data")
    assert errors(problems) == []
    assert [s["id"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]] == [
        *(s["id"] for s in doc["sources"]),
        "fresh",
    ]
