"""Coding sheets: every unit the record codes, without its codes, and a second coder's answers.

A unit is one statement: its id, source, paragraphs, context and quote. A second coder fills in
``kind``, ``themes`` and ``initiatives`` (ids, separated by ``;`` in the CSV). A unit counts as
coded once its ``kind`` is filled; its themes or initiatives may then be left empty, meaning none.
Committed second codings live in ``data/coding/<name>.csv`` (CSV, so the data check does not
mistake them for record files).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from apecrecord.model import STATEMENT_KINDS, Record, Statement
from apecrecord.problems import Problem, did_you_mean
from apecrecord.yamlfile import read_yaml

UNIT_FIELDS = ("id", "source", "paragraphs", "context", "quote")
CODE_FIELDS = ("kind", "themes", "initiatives")
CSV_FIELDS = (*UNIT_FIELDS, *CODE_FIELDS, "note")
CODING_DIR = "coding"
#: Headings of the Method page tried in turn for the coder's instructions: the decision tests first.
METHOD_SECTIONS = (r"\bdecision tests?\b", r"\bstatement kinds\b")

SHEET_HELP = (
    "Code each unit from its quote and context alone, without looking at the site or the record's "
    "files. Fill 'kind' with one of the kinds below; 'themes' and 'initiatives' with the ids below, "
    "separated by ';' (leave them empty for none). A unit with no kind counts as not coded."
)


@dataclass(frozen=True)
class CodedUnit:
    """One unit as a coder coded it; ``line`` is where it sits in the sheet."""

    statement: str
    line: int
    kind: str
    themes: frozenset[str]
    initiatives: frozenset[str]


@dataclass(frozen=True)
class SecondCoding:
    """A filled-in sheet: its file (as shown in messages), a name for it, and its coded units."""

    file: str
    name: str
    units: tuple[CodedUnit, ...]


def record_codes(statement: Statement) -> CodedUnit:
    """The record's own coding of a statement, in the same form as a second coder's."""
    origin = statement.origin
    return CodedUnit(
        statement.id, origin.line, statement.kind, frozenset(statement.themes), frozenset(statement.initiatives)
    )


def unit_id(statement_id: str) -> str:
    """The opaque id a blind sheet gives a unit: the record's ids are slugs that hint at the codes."""
    return "u" + hashlib.sha256(statement_id.encode("utf-8")).hexdigest()[:10]


# --- writing --------------------------------------------------------------------------------------


def _unit(statement: Statement, codes: bool) -> dict[str, Any]:
    return {
        "id": statement.id if codes else unit_id(statement.id),
        "source": statement.source,
        "paragraphs": list(statement.paragraphs),
        "context": statement.context or "",
        "quote": statement.quote,
        "kind": statement.kind if codes else "",
        "themes": list(statement.themes) if codes else [],
        "initiatives": list(statement.initiatives) if codes else [],
    }


def method_section(markdown: str, patterns: tuple[str, ...] = METHOD_SECTIONS) -> tuple[str, str] | None:
    """The first Method-page section whose heading matches one of ``patterns``: (heading, body).

    The section runs to the next heading of the same or a higher level, so the sheet carries
    whatever the Method page says today.
    """
    lines = markdown.split("\n")
    for pattern in patterns:
        for index, line in enumerate(lines):
            heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if heading and re.search(pattern, heading[2], re.IGNORECASE):
                level = len(heading[1])
                end = next(
                    (
                        i
                        for i in range(index + 1, len(lines))
                        if (m := re.match(r"^(#{1,6})\s", lines[i])) and len(m[1]) <= level
                    ),
                    len(lines),
                )
                return heading[2].strip(), "\n".join(lines[index + 1 : end]).strip() + "\n"
    return None


def codebook(record: Record, method: tuple[str, str] | None) -> str:
    """The coder's instructions as Markdown: how to fill the sheet, the decision tests, the codes."""
    parts = ["# Coding instructions", "", SHEET_HELP, ""]
    if method is not None:
        parts += [f"## {method[0]} (from the Method page)", "", method[1]]
    parts += ["## Kinds", "", *(f"- `{kind}`" for kind in STATEMENT_KINDS), ""]
    parts += ["## Themes", "", *(f"- `{t.id}`: {t.name}. {t.description}" for t in record.themes), ""]
    parts += ["## Initiatives", "", *(f"- `{i.id}`: {i.name}. {i.description}" for i in record.initiatives), ""]
    return "\n".join(parts)


def sheet_cell(value: object) -> str:
    """A value as a cell of a sheet meant for spreadsheets, which run cells that start like a formula.

    Such a cell gets a leading apostrophe, which spreadsheets hide and read as "this is text";
    only the reading columns (context, quote) can start that way, and ``agree`` never reads them.
    """
    cell = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def sheet_csv(record: Record, blind: bool = True) -> str:
    buffer = io.StringIO(newline="")
    # CRLF as RFC 4180 has it: the writer then quotes every cell holding a CR or an LF.
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for statement in record.statements:
        writer.writerow({key: sheet_cell(v) for key, v in _unit(statement, codes=not blind).items()})
    return buffer.getvalue()


def sheet_yaml(record: Record, method: tuple[str, str] | None, blind: bool = True) -> str:
    data = {
        "instructions": SHEET_HELP,
        "decision_tests": method[1] if method else "",
        "codes": {
            "kinds": list(STATEMENT_KINDS),
            "themes": {t.id: t.name for t in record.themes},
            "initiatives": {i.id: i.name for i in record.initiatives},
        },
        "units": [_unit(statement, codes=not blind) for statement in record.statements],
    }
    header = "# A coding sheet for the APEC 2025 Statements record. Fill in kind, themes and initiatives.\n"
    return header + yaml.dump(data, Dumper=_SheetDumper, sort_keys=False, allow_unicode=True, width=100)


class _SheetDumper(yaml.SafeDumper):
    """Multi-line text (the decision tests) as a readable literal block."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_SheetDumper.add_representer(str, _text)


def sheet_files(record: Record, method: tuple[str, str] | None, blind: bool = True) -> dict[str, str]:
    """The three files of a sheet: CSV and YAML of the units, and the codebook for CSV users."""
    return {
        "coding-sheet.csv": sheet_csv(record, blind),
        "coding-sheet.yaml": sheet_yaml(record, method, blind),
        "codebook.md": codebook(record, method),
    }


# --- reading --------------------------------------------------------------------------------------


def read_sheet(path: Path, display: str, record: Record) -> tuple[SecondCoding | None, list[Problem]]:
    """A filled-in sheet (``.csv`` or ``.yaml``/``.yml``) checked against the record."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, problems = _csv_rows(path, display)
    elif suffix in {".yaml", ".yml"}:
        rows, problems = _yaml_rows(path, display)
    else:
        return None, [Problem(display, 1, "a coding sheet must be a .csv or .yaml file")]
    if problems:
        return None, problems
    units, problems = _coded_units(rows, display, record)
    if problems:
        return None, problems
    if not units:
        return None, [Problem(display, 1, "no unit is coded: fill in 'kind' for each unit you coded")]
    return SecondCoding(display, path.stem, tuple(units)), []


Row = tuple[int, dict[str, Any]]


def _csv_rows(path: Path, display: str) -> tuple[list[Row], list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return [], [Problem(display, 1, f"cannot read the sheet: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return [], [Problem(display, line, "the sheet is not UTF-8: save it as UTF-8 (CSV UTF-8 in a spreadsheet)")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in ("id", *CODE_FIELDS) if name not in (reader.fieldnames or [])]
    if missing:
        return [], [Problem(display, 1, f"the header lacks the column(s) {', '.join(missing)}")]
    rows: list[Row] = []
    try:
        for row in reader:
            # The line the row ends on: its own line, as sheets hold no line breaks inside a cell.
            line = reader.line_num
            if None in row:
                return [], [Problem(display, line, "the row has more cells than the header has columns")]
            rows.append((line, {key: _split(v) if key in ("themes", "initiatives") else v for key, v in row.items()}))
    except csv.Error as exc:
        return [], [Problem(display, reader.line_num, f"the CSV cannot be read: {exc}")]
    return rows, []


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").replace(",", ";").split(";") if part.strip()]


def _yaml_rows(path: Path, display: str) -> tuple[list[Row], list[Problem]]:
    doc, problems = read_yaml(path, display)
    if doc is None:
        return [], problems
    units = doc.data.get("units") if isinstance(doc.data, dict) else None
    if not isinstance(units, list):
        return [], [Problem(display, 1, "the sheet must have a 'units:' list")]
    rows: list[Row] = []
    for index, unit in enumerate(units):
        line = doc.line(("units", index))
        if not isinstance(unit, dict):
            return [], [Problem(display, line, "each unit must be a mapping with id, kind, themes and initiatives")]
        row = dict(unit)
        for key in ("themes", "initiatives"):
            value = row.get(key)
            if value is None:
                row[key] = []
            elif isinstance(value, str):
                row[key] = _split(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                row[key] = value
            else:
                return [], [Problem(display, doc.line(("units", index, key)), f"'{key}' must be a list of ids")]
        if row.get("kind") is not None and not isinstance(row.get("kind"), str):
            return [], [Problem(display, doc.line(("units", index, "kind")), "'kind' must be one kind, as text")]
        rows.append((line, row))
    return rows, []


def _coded_units(rows: list[Row], display: str, record: Record) -> tuple[list[CodedUnit], list[Problem]]:
    statements = {s.id for s in record.statements}
    opaque = {unit_id(s): s for s in statements}
    themes = {t.id for t in record.themes}
    initiatives = {i.id for i in record.initiatives}
    problems: list[Problem] = []
    units: list[CodedUnit] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        given = str(row.get("id") or "").strip()
        statement = opaque.get(given, given)
        kind = str(row.get("kind") or "").strip()
        if not given:
            problems.append(Problem(display, line, "the unit has no id: copy it from the blank sheet"))
            continue
        if statement in record.unbuilt_ids.get("statements", set()):
            continue  # the statement itself has an error, reported where it is written
        if statement not in statements:
            problems.append(
                Problem(display, line, f"unknown unit '{given}'{did_you_mean(given, [*statements, *opaque])}")
            )
            continue
        if statement in seen:
            problems.append(Problem(display, line, f"unit '{given}' is coded twice (first on line {seen[statement]})"))
            continue
        seen[statement] = line
        if not kind:
            continue
        if kind not in STATEMENT_KINDS:
            hint = did_you_mean(kind, STATEMENT_KINDS) or f" (use one of: {', '.join(STATEMENT_KINDS)})"
            problems.append(Problem(display, line, f"unit '{given}': unknown kind '{kind}'{hint}"))
            continue
        for key, known in (("themes", themes), ("initiatives", initiatives)):
            for value in row[key]:
                if value not in known:
                    problems.append(
                        Problem(
                            display, line, f"unit '{given}': unknown {key[:-1]} '{value}'{did_you_mean(value, known)}"
                        )
                    )
        units.append(CodedUnit(statement, line, kind, frozenset(row["themes"]), frozenset(row["initiatives"])))
    return units, problems


def load_codings(data_dir: Path, base: Path, record: Record) -> tuple[list[SecondCoding], list[Problem]]:
    """Every second coding committed under ``data/coding/`` (CSV files), checked against the record."""
    codings: list[SecondCoding] = []
    problems: list[Problem] = []
    for path in sorted((data_dir / CODING_DIR).glob("*.csv")):
        display = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
        if not path.resolve().is_relative_to(data_dir.resolve()):
            problems.append(Problem(display, 1, "the file is a link to outside the data folder"))
            continue
        coding, found = read_sheet(path, display, record)
        problems.extend(found)
        if coding is not None:
            codings.append(coding)
    return codings, problems
