"""The command line as an editor meets it: exit statuses, one-line errors, no tracebacks."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, run_cli


def test_check_passes_on_a_good_record(project: Path) -> None:
    result = run_cli("check", cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith("ok: 7 statements, 2 sources, 2 themes")


def test_check_fails_with_file_line_messages_and_no_traceback(project: Path) -> None:
    edit(project, "data/statements/report.yaml", "themes: [digital]", "themes: [digitl]")
    edit(project, "data/themes.yaml", "  - id: trade\n", "\t- id: trade\n")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/statements/report.yaml:4: warning: statement 'leader-ai-cooperation' has no title: give it a short "
        "headline, unique across the record",
        "data/statements/report.yaml:13: statement 'leader-ai-cooperation': theme 'digitl' does not exist (did you mean 'digital'?)",
        "data/themes.yaml:3: a tab is used for indentation: indent with spaces",
        "2 errors in 2 files: fix them and run the check again",
    ]
    assert "Traceback" not in result.stderr


def test_a_missing_data_folder_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = run_cli("check", "--data", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert "the data folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_give_one_line(project: Path) -> None:
    for args in (["nonsense"], ["check", "--bogus"], ["render"]):
        result = run_cli(*args, cwd=project)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("apecrecord")


def test_every_command_has_help(project: Path) -> None:
    for command in ("check", "coverage", "stats", "render"):
        result = run_cli(command, "--help", cwd=project)
        assert result.returncode == 0
        assert "usage:" in result.stdout


def test_coverage_lists_each_paragraph_with_its_statements(project: Path) -> None:
    result = run_cli("coverage", cwd=project)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "op-ed: 3 of 4 paragraphs covered (75%)"
    assert "  [3] analyst-single-window, analyst-data-flow" in lines
    assert "  [4] (framing, no statement: Scene-setting with no view.)" in lines


def test_stats_counts_by_kind(project: Path) -> None:
    result = run_cli("stats", cwd=project)
    assert "     2  proposal" in result.stdout.splitlines()


def test_render_writes_an_engine_neutral_markdown_tree(project: Path) -> None:
    result = run_cli("render", "--out", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    assert (out / "index.md").is_file()
    assert (out / "statements" / "analyst-openness.md").read_text(encoding="utf-8").count(
        "[Ana Lyst](../actors/analyst.md)"
    ) == 1
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.html")] == ["statements/analyst-free-data/index.html"]
    assert (out / "downloads" / "statements.csv").is_file()
