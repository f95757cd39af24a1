"""The ``apecrecord`` command line: check, report on, render and scaffold the record.

Every command prints data problems as ``file:line: message`` lines and exits 1 when there is
an error, 2 on bad arguments; nothing here lets a traceback reach an editor.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from apecrecord import reports
from apecrecord.atomic import write_tree
from apecrecord.check import check_data
from apecrecord.model import Record
from apecrecord.problems import Problem, errors
from apecrecord.publish import site_files
from apecrecord.render import SiteOptions

DEFAULT_DATA = Path("data")


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error instead of the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="apecrecord",
        description="Check, report on and render the APEC 2025 statements record.",
    )
    commands = parser.add_subparsers(title="commands", parser_class=_Parser)

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: data)")
        sub.set_defaults(run=run)
        return sub

    command(
        "check",
        _check,
        "Validate the data: schema, ids, references, dates, quotes, archived texts.",
    )
    command("coverage", _coverage, "List each source paragraph with the statements that cover it.")
    command("stats", _stats, "Count statements by source, speaker, kind and theme.")
    render = command(
        "render",
        _render,
        "Write the site's Markdown pages to a folder, for any static-site engine.",
    )
    render.add_argument("--out", type=Path, required=True, help="the folder to (re)write")
    render.add_argument("--repo-url", default=None, help="repository address for the pages' edit links")
    render.add_argument("--site-url", default=None, help="the site's public address, for permanent links")
    return parser


def load_checked(data: Path) -> Record | None:
    """The checked record, or None after printing its errors (warnings are printed too)."""
    record, problems = check_data(data)
    for problem in problems:
        print(problem, file=sys.stderr)
    found = errors(problems)
    if found:
        print(_summary(found), file=sys.stderr)
        return None
    return record


def _summary(found: list[Problem]) -> str:
    files = len({p.file for p in found})
    count = f"{len(found)} error{'s' * (len(found) != 1)} in {files} file{'s' * (files != 1)}"
    return f"{count}: fix them and run the check again"


def _check(args: argparse.Namespace) -> int:
    record = load_checked(args.data)
    if record is None:
        return 1
    print(
        f"ok: {len(record.statements)} statements, {len(record.sources)} sources, "
        f"{len(record.themes)} themes, {len(record.initiatives)} initiatives, "
        f"{len(record.actors)} actors, {len(record.events)} events, {len(record.glossary)} glossary terms"
    )
    return 0


def _coverage(args: argparse.Namespace) -> int:
    record = load_checked(args.data)
    if record is None:
        return 1
    print(reports.coverage_text(record))
    return 0


def _render(args: argparse.Namespace) -> int:
    record = load_checked(args.data)
    if record is None:
        return 1
    files = site_files(record, SiteOptions(repo_url=args.repo_url, site_url=args.site_url))
    write_tree(args.out, files)
    pages = sum(path.endswith(".md") for path in files)
    print(f"wrote {pages} pages and {len(files) - pages} data files to {args.out}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    record = load_checked(args.data)
    if record is None:
        return 1
    print(reports.stats_text(record))
    return 0
