"""The command line as an editor meets it: exit statuses, one-line errors, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, edit, run_cli


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


def test_render_writes_an_engine_neutral_tree_of_finished_pages(project: Path) -> None:
    result = run_cli("render", "--out", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    assert (out / "index.md").is_file()
    statement = (out / "statements" / "analyst-openness.md").read_text(encoding="utf-8")
    assert statement.startswith("---\ntitle: ")
    assert statement.count('<a href="../../actors/analyst/">Ana Lyst</a>') == 1
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.html")] == ["statements/analyst-free-data/index.html"]
    assert (out / "downloads" / "statements.csv").is_file()


def test_render_writes_nothing_when_a_generated_link_leads_nowhere(project: Path) -> None:
    """A link to a hand-written page that is not there (docs/ beside data/ says what there is)."""
    (project / "docs").mkdir()
    result = run_cli("render", "--out", "out", cwd=project)
    assert result.returncode == 1
    assert "index.md: about/: no page at this address" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True, capture_output=True
    )


def _refused(project: Path, out: str, reason: str) -> None:
    before = _files(project)
    result = run_cli("render", "--out", out, cwd=project)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("apecrecord: error: ") and reason in result.stderr, result.stderr
    assert _files(project) == before


def test_render_refuses_a_folder_of_hand_written_pages(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    _refused(project, "docs", "is not empty and was not written by apecrecord (it has no .apecrecord-output)")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_render_refuses_a_repository_and_any_folder_with_tracked_files(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    _git(project, "init", "-q")
    _refused(project, ".", "is under version control")
    _git(project, "add", "docs")
    _git(project, "commit", "-qm", "docs")
    _refused(project, "docs", "is under version control")
    # Even a folder render wrote before is refused once git tracks it.
    assert run_cli("render", "--out", "out", cwd=project).returncode == 0
    _git(project, "add", "out")
    _refused(project, "out", "is under version control")


def test_render_replaces_only_a_folder_it_wrote(project: Path) -> None:
    assert run_cli("render", "--out", "out", cwd=project).returncode == 0
    assert (project / "out" / ".apecrecord-output").is_file()
    (project / "out" / "stale.md").write_text("gone on the next render", encoding="utf-8")
    assert run_cli("render", "--out", "out", cwd=project).returncode == 0
    assert not (project / "out" / "stale.md").exists()
    (project / "out" / "nested" / ".git").mkdir(parents=True)
    _refused(project, "out", "is under version control")


def test_render_refuses_a_file_and_a_symbolic_link(project: Path) -> None:
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    _refused(project, "notes.txt", "is a file, not a folder")
    (project / "real").mkdir()
    (project / "link").symlink_to(project / "real")
    _refused(project, "link", "is a symbolic link")
    _refused(project, "notes.txt/out", "cannot write beside")


def test_an_unexpected_failure_is_one_line_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from apecrecord import cli, reports

    def broken(_record: object) -> str:
        raise ValueError("something the code did not expect")

    monkeypatch.setattr(reports, "stats_text", broken)
    monkeypatch.delenv("APECRECORD_DEBUG", raising=False)
    assert cli.main(["stats", "--data", str(project / "data")]) == 70
    assert capsys.readouterr().err.splitlines()[-1] == (
        "apecrecord: internal error: ValueError: something the code did not expect "
        "(run with APECRECORD_DEBUG=1 for details)"
    )


def test_build_site_bad_arguments_give_one_line(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--bogus"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == "build_site.py: error: unrecognized arguments: --bogus (see --help)\n"
