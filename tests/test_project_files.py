"""The files people and CI run: the GitHub workflow, pre-commit, the Makefile and README."""

from __future__ import annotations

import re
import shutil
import subprocess

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


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_is_an_spdx_expression_for_the_code_and_the_data() -> None:
    pyproject = _pyproject()
    project = pyproject["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "data/LICENSE.md"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "CC BY 4.0" in (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    # setuptools reads an SPDX expression and license-files from version 77 on.
    (requirement,) = pyproject["build-system"]["requires"]
    match = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", requirement)
    assert match and int(match.group(1)) >= 77


def test_every_package_is_pinned_once_in_a_group_by_purpose() -> None:
    project = _pyproject()["project"]
    groups = {"site": project["dependencies"], **project["optional-dependencies"]}
    assert set(groups) == {"site", "test", "dev"}
    names = [re.fullmatch(r"([a-z0-9-]+)==[0-9][0-9a-z.]*", req).group(1) for reqs in groups.values() for req in reqs]
    assert len(names) == len(set(names))
    assert "ruff" in [req.split("==")[0] for req in groups["dev"]]


def _planned(tmp_path, target: str) -> str:
    """What make would run for ``target`` on a fresh clone (no .venv), without running it."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), target],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_each_command_installs_only_the_groups_it_needs(tmp_path) -> None:
    for target in ("serve", "site", "check", "coverage", "stats"):
        plan = _planned(tmp_path, target)
        assert "scripts/install.py site .venv/.installed\n" in plan, (target, plan)
        assert "install.py test" not in plan and "install.py dev" not in plan and "npm" not in plan, (target, plan)
    plan = _planned(tmp_path, "test")
    assert "install.py site" in plan and "install.py test" in plan and "install.py dev" not in plan
    plan = _planned(tmp_path, "lint")
    assert "install.py site" in plan and "install.py dev" in plan and "install.py test" not in plan


def test_make_test_says_it_runs_npm_ci(tmp_path) -> None:
    plan = _planned(tmp_path, "test")
    if shutil.which("npm"):
        assert re.search(r"^echo .*npm ci installs axe-core.*\nnpm ci ", plan, re.M), plan
    else:
        assert "no npm, so no axe-core" in plan


def test_ci_installs_the_browser_and_node_from_debian_then_runs_make_test() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert set(re.findall(r"missing\+=\((\w+)\)", ci)) == {"chromium", "nodejs", "npm"}
    assert "apt-get install" in ci
    assert ci.rstrip().splitlines()[-1].startswith("make test")
