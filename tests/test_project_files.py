"""The files people and CI run: the GitHub workflow, pre-commit, the Makefile and README."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def _workflow() -> dict:
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def test_workflow_runs_on_push_and_pull_request() -> None:
    assert {"push", "pull_request"} <= set(_workflow()["on"])


def test_workflow_runs_check_test_and_a_strict_build() -> None:
    steps = " ".join(step.get("run", "") for step in _workflow()["jobs"]["check"]["steps"])
    assert "make check" in steps and "make test" in steps and "mkdocs build --strict" in steps


def test_workflow_make_targets_exist() -> None:
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    for target in re.findall(r"\bmake ([a-z-]+)", workflow):
        assert target in MAKE_TARGETS, target


def test_workflow_deploys_main_with_the_official_pages_actions() -> None:
    deploy = _workflow()["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    uses = [step.get("uses", "").split("@")[0] for step in deploy["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_pre_commit_runs_the_data_check_and_ruff() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert "make check" in entries
    assert any("ruff check" in entry for entry in entries)


def test_pull_request_template_asks_for_the_source_and_the_check() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Source" in template and "`make check` passes" in template


def test_readme_quick_start_is_make_serve_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") :].split("\n## ")[0]
    assert re.findall(r"^make \w+$", quick_start, re.M) == ["make serve", "make test"]
    for target in re.findall(r"`make ([a-z-]+)", readme):
        assert target in MAKE_TARGETS, target


def test_ci_entry_point_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_data_file_names_its_schema() -> None:
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match.group(1)).resolve().is_file(), path
