"""The site as a plain project for any engine: ``apecrecord render --out`` plus the hand-written pages.

The MkDocs hook hands generated pages to MkDocs from memory. Another engine (or plain MkDocs,
which the benchmark uses as its yardstick) needs them on disk instead: ``apecrecord render --out
PROJECT/docs`` writes them, and ``complete_project`` adds what the hook's build gets from the
repository (the hand-written pages and assets under docs/, the theme overrides) and a copy of
mkdocs.yml without the hook. Used by scripts/bench.py and tests/test_engines.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def complete_project(project: Path, *, overrides: bool = True, root: Path = ROOT) -> Path:
    """Make ``project`` (whose ``docs/`` a render wrote) buildable without the hook; return its config.

    The config is the repository's mkdocs.yml minus ``hooks`` (the generated pages are already on
    disk) and minus ``watch`` (paths for ``mkdocs serve`` that do not exist here), with its paths
    relative to ``project``, which engines such as Zensical require. ``overrides=False`` leaves the
    theme overrides out: they are Jinja templates for MkDocs that other engines' template
    languages do not all read.
    """
    docs = project / "docs"
    for page in sorted((root / "docs").rglob("*")):
        target = docs / page.relative_to(root / "docs")
        if page.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif target.exists():
            raise FileExistsError(f"{target}: a generated file and docs/{page.relative_to(root / 'docs')} collide")
        else:
            shutil.copyfile(page, target)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    custom_dir = config.get("theme", {}).get("custom_dir")
    if custom_dir and overrides:
        shutil.copytree(root / custom_dir, project / "overrides")
        config["theme"]["custom_dir"] = "overrides"
    else:
        config.get("theme", {}).pop("custom_dir", None)
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
