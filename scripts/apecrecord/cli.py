"""The ``apecrecord`` command line: check, report on, render and scaffold the record.

Every command prints data problems as ``file:line: message`` lines and exits 1 when there is
an error, 2 on bad arguments; a refused output folder or a file-system failure is one line too.
Nothing here lets a traceback reach an editor (``APECRECORD_DEBUG=1`` shows one for a bug).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from apecrecord import reports, scaffold
from apecrecord.atomic import OutputRefused, write_tree
from apecrecord.check import check_data
from apecrecord.load import load_record
from apecrecord.model import Record
from apecrecord.pages import broken_links
from apecrecord.problems import Problem, errors
from apecrecord.publish import site_files
from apecrecord.release import ReleaseError, read_release
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
    except (OutputRefused, scaffold.ScaffoldError) as exc:
        print(f"apecrecord: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"apecrecord: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad input: still one line, with a way to see more
        if os.environ.get("APECRECORD_DEBUG"):
            raise
        print(
            f"apecrecord: internal error: {type(exc).__name__}: {exc} (run with APECRECORD_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70


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
        "Write the site's pages (front matter and finished HTML) and data files to a folder, for any "
        "static-site engine.",
    )
    render.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the folder to write: a new or empty one, or one this command wrote before (it holds a "
        ".apecrecord-output marker); any other folder, and anything under version control, is refused",
    )
    render.add_argument("--repo-url", default=None, help="repository address for the pages' edit links")
    render.add_argument("--site-url", default=None, help="the site's public address, for permanent links")

    new = commands.add_parser(
        "new", help="Scaffold a new source or statement.", description="Scaffold a new source or statement."
    )
    kinds = new.add_subparsers(title="what to create", parser_class=_Parser)
    source = kinds.add_parser(
        "source",
        help="Archive an article's text and add its source record.",
        description="From a plain-text file of an article (paragraphs separated by blank lines, or one per line), "
        "create its paragraph-numbered archive with the SHA-256 filled in, its source record and an empty "
        "statements file, then print what is left to fill.",
    )
    source.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: data)")
    source.add_argument("--id", required=True, help="the new source's id, a lowercase slug")
    source.add_argument("--from", dest="article", type=Path, required=True, help="the article as a UTF-8 text file")
    source.add_argument("--kind", required=True, choices=scaffold.SOURCE_KINDS)
    source.add_argument("--publisher", required=True, help="actor id of the publisher (must exist in actors.yaml)")
    source.add_argument("--language", default="en", help="language code of the text (default: en)")
    source.set_defaults(run=_new_source)
    statement = kinds.add_parser(
        "statement",
        help="Append a statement skeleton for one paragraph.",
        description="Append a statement skeleton to the source's statements file, with a fresh id and the "
        "paragraph's text as a comment to quote from.",
    )
    statement.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: data)")
    statement.add_argument("--source", required=True, help="the source id")
    statement.add_argument("--paragraph", type=int, required=True, help="the paragraph number to quote from")
    statement.set_defaults(run=_new_statement)
    _add_coding_commands(commands)
    return parser


def _loaded(data: Path) -> Record | None:
    """The record as far as it loads, for scaffolding; None (after saying why) if it cannot be read."""
    if not data.is_dir():
        print(f"apecrecord: error: the data folder {data} does not exist", file=sys.stderr)
        return None
    return load_record(data)[0]


def _report(created: scaffold.Created) -> int:
    for path in created.files:
        print(f"wrote {path}")
    print("still to fill:")
    for item in created.todo:
        print(f"  - {item}")
    return 0


def _new_source(args: argparse.Namespace) -> int:
    return _scaffold(
        args,
        "new source",
        lambda record: scaffold.new_source(
            args.data, args.id, args.article, args.kind, args.publisher, args.language, record
        ),
    )


def _new_statement(args: argparse.Namespace) -> int:
    return _scaffold(
        args,
        "new statement",
        lambda record: scaffold.new_statement(args.data, args.source, args.paragraph, record, date.today()),
    )


def _scaffold(args: argparse.Namespace, name: str, create: Callable[[Record], scaffold.Created]) -> int:
    """Run a scaffolding step on the record as far as it loads; one line on any refusal."""
    record = _loaded(args.data)
    if record is None:
        return 1
    try:
        created = create(record)
    except scaffold.ScaffoldError as exc:
        print(f"apecrecord {name}: error: {exc}", file=sys.stderr)
        return 1
    return _report(created)


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
    try:
        release = read_release(args.data)
    except ReleaseError as error:
        print(error, file=sys.stderr)
        return 1
    files = site_files(record, SiteOptions(repo_url=args.repo_url, site_url=args.site_url, release=release))
    docs = args.data.resolve().parent / "docs"  # the hand-written pages published beside these, if here
    hand_written = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.is_dir() else None
    broken = broken_links(files, hand_written)
    if broken:
        print("\n".join(broken), file=sys.stderr)
        print(f"{len(broken)} link(s) on generated pages lead nowhere; nothing was written", file=sys.stderr)
        return 1
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


def _add_coding_commands(commands: argparse._SubParsersAction) -> None:
    """``coding sheet`` and ``coding agree``: the reliability kit for a second coder."""
    coding = commands.add_parser(
        "coding",
        help="Coding sheets for a second coder, and their agreement with the record.",
        description="Coding sheets for a second coder, and their agreement with the record.",
    )
    kinds = coding.add_subparsers(title="what to do", parser_class=_Parser)
    sheet = kinds.add_parser(
        "sheet",
        help="Write a coding sheet (CSV, YAML and codebook) of every unit.",
        description="Write coding-sheet.csv, coding-sheet.yaml and codebook.md into OUT: every unit (id, source, "
        "paragraphs, context, quote) with the Method page's decision tests and the codes to choose from. "
        "Existing files are never overwritten.",
    )
    sheet.add_argument("out", type=Path, metavar="OUT", help="the folder to write the sheet into")
    sheet.add_argument("--blind", action="store_true", help="leave the record's codes out (for a second coder)")
    sheet.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: data)")
    sheet.add_argument("--method", type=Path, default=None, help="the Method page (default: docs/about.md)")
    sheet.set_defaults(run=_coding_sheet)
    agree = kinds.add_parser(
        "agree",
        help="Compare a filled-in sheet with the record.",
        description="Print Krippendorff's alpha with a bootstrap interval, percent agreement, the confusion "
        "table for kind and every disagreement, comparing a filled-in sheet (CSV or YAML) with the record.",
    )
    agree.add_argument("file", type=Path, metavar="FILE", help="the filled-in sheet, .csv or .yaml")
    agree.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder (default: data)")
    agree.set_defaults(run=_coding_agree)


def _coding_sheet(args: argparse.Namespace) -> int:
    from apecrecord.coding import sheet

    record = load_checked(args.data)
    if record is None:
        return 1
    method_path = args.method or args.data.parent / "docs" / "about.md"
    try:
        method = sheet.method_section(method_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"apecrecord coding sheet: error: cannot read the Method page {method_path}: {exc}", file=sys.stderr)
        return 1
    files = sheet.sheet_files(record, method, blind=args.blind)
    existing = [name for name in files if (args.out / name).exists()]
    if existing:
        print(
            f"apecrecord coding sheet: error: {args.out / existing[0]} exists: choose another folder", file=sys.stderr
        )
        return 1
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            with open(args.out / name, "x", encoding="utf-8", newline="") as handle:
                handle.write(content)
            print(f"wrote {args.out / name}")
    except OSError as exc:
        print(f"apecrecord coding sheet: error: cannot write into {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    if method is None:
        print(f"warning: {method_path} has no decision-tests section; the sheet carries none", file=sys.stderr)
    return 0


def _coding_agree(args: argparse.Namespace) -> int:
    from apecrecord.coding import agreement, sheet

    record = load_checked(args.data)
    if record is None:
        return 1
    coding, problems = sheet.read_sheet(args.file, str(args.file), record)
    if coding is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(agreement.report_text(agreement.agreement(record, coding)))
    return 0
