"""The benchmark's own guarantees: synthetic records stay marked and apart, the anchor is pinned."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from apecrecord.check import check_data
from apecrecord.problems import errors
from conftest import ROOT

import bench


def test_a_synthetic_record_is_marked_checks_and_stays_in_its_folder(tmp_path: Path) -> None:
    before = sorted((ROOT / "data").rglob("*"))
    bench.generate(tmp_path, 20, bench.real_shape())
    files = sorted(p for p in (tmp_path / "data").rglob("*.yaml"))
    assert files and all(bench.MARK in p.read_text(encoding="utf-8") for p in files)
    record, problems = check_data(tmp_path / "data")
    assert errors(problems) == [] and len(record.statements) == 20
    assert sorted((ROOT / "data").rglob("*")) == before


def test_the_anchor_renderer_is_the_pinned_commits(tmp_path: Path) -> None:
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{bench.ANCHOR_COMMIT}^{{commit}}"], cwd=ROOT, capture_output=True, check=False
    )
    if known.returncode != 0:
        pytest.skip(f"shallow clone: commit {bench.ANCHOR_COMMIT}, the anchor's renderer, is not here")
    scripts = bench.anchor_renderer(tmp_path)
    assert (scripts / "apecrecord" / "cli.py").is_file()
    assert not (scripts / "apecrecord" / "render" / "performance.py").exists()  # older than this page's figures


def test_a_clone_without_the_anchor_commit_says_so_in_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(bench, "ANCHOR_COMMIT", "0" * 40)
    with pytest.raises(SystemExit) as stopped:
        bench.anchor_renderer(tmp_path)
    message = str(stopped.value.code)
    assert "\n" not in message and "is not in this clone" in message
