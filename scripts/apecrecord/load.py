"""Loading: the ``data/`` folder to a typed ``Record`` plus every problem met on the way.

Each file is read strictly (``yamlfile``), checked against its JSON Schema (``schema``) and only
then turned into records, so the record types can trust their fields. A file with problems
contributes none of its records, but every other file still loads, so one run reports
everything that needs fixing.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from apecrecord import schema
from apecrecord.archive import read_archive
from apecrecord.coding.sheet import CODING_DIR, load_codings
from apecrecord.model import (
    Actor,
    Change,
    DateSpec,
    Event,
    Framing,
    GlossaryTerm,
    Initiative,
    Origin,
    Record,
    Role,
    Section,
    Source,
    Statement,
    Theme,
    UrlProvenance,
)
from apecrecord.problems import Problem
from apecrecord.release import RELEASE_FILE, ReleaseError, read_release
from apecrecord.yamlfile import YamlDocument, read_yaml

#: The single-file kinds; statements live one file per source under statements/.
SINGLE_FILES = ("sources", "actors", "themes", "initiatives", "events", "glossary")
#: The changelog kept with the data: optional, so a new record can start without one.
CHANGES_FILE = "CHANGES.yaml"


def load_record(data_dir: Path) -> tuple[Record, list[Problem]]:
    """Read everything under ``data_dir``. Paths in problems are relative to its parent."""
    data_dir = data_dir.resolve()
    base = data_dir.parent
    record = Record()
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return record, [Problem(str(data_dir), 1, "the data folder does not exist")]

    files = _data_files(data_dir, problems, base)
    read = {path for _, path in files}
    for kind, path in files:
        doc = _load_file(record, problems, kind, path, _display(path, base), data_dir)
        if kind == "sources" and doc is not None:
            # Texts named by a source, even by one left out for a mistake, are not stray files.
            items = doc.data.get("sources") if isinstance(doc.data, dict) else None
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict) and isinstance(item.get("text"), str):
                    read.add(data_dir / item["text"])

    for source in record.sources:
        path = data_dir / source.text
        display = _display(path, base)
        if not _inside(path, data_dir):
            problems.append(
                Problem(
                    source.origin.file,
                    source.origin.at("text"),
                    f"source '{source.id}': text '{source.text}' points outside the data folder",
                )
            )
            continue
        if not path.is_file():
            problems.append(
                Problem(
                    source.origin.file,
                    source.origin.at("text"),
                    f"source '{source.id}': archived text '{source.text}' does not exist",
                )
            )
            continue
        archive, found = read_archive(path, display)
        problems.extend(found)
        if archive is not None:
            record.archives[source.id] = archive
    codings, found = load_codings(data_dir, base, record)
    record.second_codings.extend(codings)
    problems.extend(found)
    read.update((data_dir / CODING_DIR).glob("*.csv"))
    problems.extend(_release_problems(data_dir, read))
    problems.extend(_unread_files(data_dir, read, base))
    return record, problems


def _release_problems(data_dir: Path, read: set[Path]) -> list[Problem]:
    """The release file is part of the record: read and checked here like the rest (see release.py)."""
    path = data_dir / RELEASE_FILE
    if not path.is_file():
        return []
    read.add(path)
    try:
        read_release(data_dir)
    except ReleaseError as error:
        file, line, message = str(error).split(":", 2)
        return [Problem(file, int(line), message.strip())]
    return []


def _data_files(data_dir: Path, problems: list[Problem], base: Path) -> list[tuple[str, Path]]:
    files: list[tuple[str, Path]] = []
    for kind in SINGLE_FILES:
        path = data_dir / f"{kind}.yaml"
        if path.is_file():
            files.append((kind, path))
        else:
            problems.append(Problem(_display(path, base), 1, f"the file is missing: create it with a '{kind}:' list"))
    if (data_dir / CHANGES_FILE).is_file():
        files.append(("changes", data_dir / CHANGES_FILE))
    statements_dir = data_dir / "statements"
    for path in sorted(statements_dir.glob("*.yaml")):
        if path.is_file():
            files.append(("statements", path))
    return files


#: Files under data/ that are documentation, not data.
DOCUMENTS = ("README.md", "LICENSE.md")


def _unread_files(data_dir: Path, read: set[Path], base: Path) -> list[Problem]:
    """Every file under ``data_dir`` that was neither read nor is documentation: nothing is skipped silently."""
    problems = []
    for folder, subfolders, names in os.walk(data_dir):
        here = Path(folder)
        for name in sorted(subfolders):
            if (here / name).is_symlink():
                problems.append(
                    Problem(_display(here / name, base), 1, "a link to a folder is not read: move the files here")
                )
        for name in sorted(names):
            path = here / name
            if path in read or (here == data_dir and name in DOCUMENTS):
                continue
            problems.append(Problem(_display(path, base), 1, _unknown_file_advice(data_dir, path)))
    return problems


def _unknown_file_advice(data_dir: Path, path: Path) -> str:
    relative = path.relative_to(data_dir)
    folder = relative.parent.as_posix()
    if folder == "texts" and path.suffix == ".txt":
        return (
            "no source names this archived text in its 'text' field: add the source to sources.yaml or delete the file"
        )
    if path.suffix.lower() in {".yaml", ".yml"}:
        if folder in {".", "statements"} and path.suffix != ".yaml":
            return f"the file is not read: rename it to {path.stem}.yaml"
        return "unknown data file: statements go in data/statements/<source-id>.yaml, other records in data/<kind>.yaml"
    return "the file is not part of the record and is not read: move it out of the data folder"


# Each file's parse and schema check, by file and kind, with the digest of the bytes they came
# from: `make serve` checks the whole record on every edit, and usually one file has changed.
# Both results are only read afterwards, never changed.
_READ: dict[tuple[str, str], tuple[bytes, tuple]] = {}


def _read_and_validated(
    path: Path, display: str, kind: str
) -> tuple[YamlDocument | None, list[Problem], tuple[list[Problem], set[int | None]] | None]:
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:  # read_yaml reports it
        digest = b""
    cached = _READ.get((display, kind))
    if digest and cached and cached[0] == digest:
        return cached[1]
    doc, found = read_yaml(path, display)
    result = (doc, found, schema.validate(doc, kind) if doc is not None else None)
    if digest:
        _READ[(display, kind)] = (digest, result)
    return result


def _load_file(
    record: Record, problems: list[Problem], kind: str, path: Path, display: str, data_dir: Path
) -> YamlDocument | None:
    """Add the file's valid records to ``record``.

    Records with schema problems are left out, but their ids are remembered as known, so that
    one misspelt field does not also make every reference to that record an error.
    """
    if not _inside(path, data_dir):
        problems.append(Problem(display, 1, "the file is a link to outside the data folder"))
        return None
    doc, found, validated = _read_and_validated(path, display, kind)
    problems.extend(found)
    if doc is None or validated is None:
        record.unbuilt_ids.setdefault(kind, set()).update(_ids_in_unparsed(path))
        return None
    found, broken = validated
    problems.extend(found)
    items = doc.data.get(kind) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return doc
    context = doc.data.get("source")
    if kind == "statements" and not _statements_file_names_its_source(doc, path, context, record, problems):
        broken = set(range(len(items)))  # statements without their source cannot be checked
    field_lines = _field_lines(doc, kind)
    for index, item in enumerate(items):
        if index in broken:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                record.unbuilt_ids.setdefault(kind, set()).add(item["id"])
            continue
        origin = Origin(doc.file, doc.line((kind, index)), field_lines.get(index, {}))
        getattr(record, kind).append(_BUILDERS[kind](item, origin, context))
    return doc


def _statements_file_names_its_source(
    doc: YamlDocument, path: Path, source: Any, record: Record, problems: list[Problem]
) -> bool:
    """One source, one statements file: ``statements/<source-id>.yaml``.

    Sources load first; for a source that does not exist, the check's 'does not exist (did you
    mean...)' says more than a file name would.
    """
    if not isinstance(source, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", source):
        return False  # the schema has said why
    known = {s.id for s in record.sources} | record.unbuilt_ids.get("sources", set())
    if path.stem != source and source in known:
        problems.append(
            Problem(
                doc.file,
                doc.line(("source",)),
                f"the statements of source '{source}' belong in statements/{source}.yaml, not {path.name}: "
                "one source has one statements file",
            )
        )
    return True


_ID_LINE = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?\s*$", re.M)


def _ids_in_unparsed(path: Path) -> set[str]:
    """Ids in a file YAML could not parse, so its syntax error does not also break references."""
    try:
        return set(_ID_LINE.findall(path.read_bytes().decode("utf-8", errors="replace")))
    except OSError:
        return set()


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder)


def _display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _field_lines(doc: YamlDocument, kind: str) -> dict[int, dict[str, int]]:
    """For each record of the file, the line of each field and list item, in one pass."""
    by_record: dict[int, dict[str, int]] = {}
    for path, line in doc.lines.items():
        if len(path) < 3 or path[0] != kind or not isinstance(path[1], int):
            continue
        lines = by_record.setdefault(path[1], {})
        if len(path) == 3:
            lines[str(path[2])] = line
        elif len(path) == 4 and isinstance(path[3], int):
            lines[f"{path[2]}[{path[3]}]"] = line
    return by_record


def _tuple(item: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(item.get(key) or ())


def _date(value: dict[str, Any] | None) -> DateSpec | None:
    if value is None:
        return None
    return DateSpec(value.get("date"), value.get("not_before"), value.get("not_after"), value.get("reason"))


def _source(item: dict[str, Any], origin: Origin, _: Any) -> Source:
    return Source(
        id=item["id"],
        kind=item["kind"],
        publisher=item["publisher"],
        language=item["language"],
        text=item["text"],
        sha256=item["sha256"],
        origin=origin,
        title=item.get("title"),
        short_title=item.get("short_title"),
        outlet=item.get("outlet"),
        authors=_tuple(item, "authors"),
        translated_from=item.get("translated_from"),
        published=_date(item.get("published")),
        url=item.get("url"),
        about=_tuple(item, "about"),
        description=item.get("description"),
        self_description=item.get("self_description"),
        omitted=item.get("omitted"),
        not_stated=_tuple(item, "not_stated"),
        sections=tuple(
            Section(s["id"], s["title"], s["from"], s["to"], s.get("heading", False)) for s in item.get("sections", ())
        ),
        framing=tuple(Framing(f["paragraph"], f["reason"]) for f in item.get("framing", ())),
        lead=tuple(item.get("lead", {}).get("paragraphs", ())),
        lead_reason=item.get("lead", {}).get("reason"),
        url_provenance=_url_provenance(item.get("url_provenance")),
        translation_note=item.get("translation_note"),
    )


def _url_provenance(value: dict[str, Any] | None) -> UrlProvenance | None:
    if value is None:
        return None
    return UrlProvenance(value["identified"], value["recorded"], value.get("note"))


def _statement(item: dict[str, Any], origin: Origin, source: Any) -> Statement:
    return Statement(
        id=item["id"],
        source=source,
        paragraphs=tuple(item["paragraphs"]),
        speaker=item["speaker"],
        attribution=item["attribution"],
        reported_by=item["reported_by"],
        kind=item["kind"],
        quote=item["quote"],
        summary=item["summary"],
        section=item["section"],
        added=item["added"],
        origin=origin,
        themes=_tuple(item, "themes"),
        initiatives=_tuple(item, "initiatives"),
        actors=_tuple(item, "actors"),
        event=item.get("event"),
        note=item.get("note"),
        former_ids=_tuple(item, "former_ids"),
        title=item.get("title"),
        context=item.get("context"),
    )


def _actor(item: dict[str, Any], origin: Origin, _: Any) -> Actor:
    roles = tuple(Role(r["role"], r["source"]) for r in item.get("roles", ()))
    return Actor(
        item["id"],
        item["name"],
        item["kind"],
        origin,
        roles,
        item.get("description"),
        item.get("affiliation"),
        _tuple(item, "aliases"),
    )


def _theme(item: dict[str, Any], origin: Origin, _: Any) -> Theme:
    return Theme(item["id"], item["name"], item["description"], origin, _tuple(item, "related"))


def _initiative(item: dict[str, Any], origin: Origin, _: Any) -> Initiative:
    return Initiative(
        item["id"],
        item["name"],
        item["kind"],
        item["description"],
        origin,
        _tuple(item, "aliases"),
        _tuple(item, "actors"),
        _tuple(item, "themes"),
        item.get("label_is_ours", False),
    )


def _event(item: dict[str, Any], origin: Origin, _: Any) -> Event:
    return Event(
        item["id"],
        item["name"],
        item["kind"],
        origin,
        item.get("place"),
        item.get("start"),
        item.get("end"),
        item.get("parent"),
        item.get("description"),
        _tuple(item, "not_stated"),
    )


def _glossary(item: dict[str, Any], origin: Origin, _: Any) -> GlossaryTerm:
    return GlossaryTerm(
        item["id"],
        item["term"],
        item["definition"],
        origin,
        _tuple(item, "aliases"),
        _tuple(item, "themes"),
        item.get("reference"),
    )


def _change(item: dict[str, Any], origin: Origin, _: Any) -> Change:
    def ids(value: dict[str, list[str]] | None) -> dict[str, tuple[str, ...]]:
        return {kind: tuple(found) for kind, found in (value or {}).items()}

    return Change(
        item["id"],
        item["date"],
        item["what"],
        item["why"],
        origin,
        ids(item.get("records")),
        ids(item.get("removed")),
    )


_BUILDERS: dict[str, Callable[[dict[str, Any], Origin, Any], Any]] = {
    "sources": _source,
    "statements": _statement,
    "actors": _actor,
    "themes": _theme,
    "initiatives": _initiative,
    "events": _event,
    "glossary": _glossary,
    "changes": _change,
}
