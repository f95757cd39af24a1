"""Scaffolding for editors: a new source from an article's text, a new statement skeleton.

Both write YAML as text, added to the editor's files in the files' own layout (block or flow
list, any indentation, comments, CRLF or LF) so their comments survive, and both write
atomically: an interrupted run leaves every file as it was. Every value goes through
``escape.yaml_scalar``, and the new text of a file is read back before it is written: unless it
parses as the old content plus exactly the new item, nothing is written and the editor gets one
line saying why. What they produce passes ``check`` except for the fields only a person can fill,
which the check then names.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from apecrecord import atomic
from apecrecord.escape import yaml_comment, yaml_scalar
from apecrecord.model import Record
from apecrecord.schema import SCHEMA_DIR
from apecrecord.yamlfile import SafeLoader, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_KINDS = ("op-ed", "news-report", "speech-transcript", "declaration", "statement", "analysis")


class ScaffoldError(Exception):
    """A request that cannot be carried out; the message says what to change."""


@dataclass(frozen=True)
class Created:
    files: tuple[Path, ...]
    todo: tuple[str, ...]


def _language_pattern() -> re.Pattern[str]:
    """The sources schema's pattern for language codes, so a code check refuses is refused here first."""
    schema = json.loads((SCHEMA_DIR / "sources.schema.json").read_text(encoding="utf-8"))
    return re.compile(schema["definitions"]["source"]["properties"]["language"]["pattern"])


def _flow(value: Any) -> str:
    """A value as YAML flow text: scalars through ``yaml_scalar``, lists and mappings inline."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return yaml_scalar(value)


def _block_item(item: dict[str, Any], comments: list[str], indent: int, newline: str) -> str:
    """One list item in block style at ``indent``, each line ending in ``newline``.

    ``comments`` go above it as comment lines; an empty one is a blank line.
    """
    pad = " " * indent
    lines = [f"{pad}# {yaml_comment(line)}".rstrip() if line else "" for line in comments]
    for number, (key, value) in enumerate(item.items()):
        lines.append(f"{pad}{'- ' if number == 0 else '  '}{key}: {_flow(value)}")
    return "".join(line + newline for line in lines)


def _line_end(content: str, index: int) -> int:
    """The index just past the line break of the line holding ``index`` (or the end)."""
    match = re.compile(r"\r\n|\n|\r").search(content, index)
    return match.end() if match else len(content)


def append_item(path: Path, key: str, item: dict[str, Any], comments: list[str]) -> str:
    """The text of ``path`` with ``item`` added at the end of its top-level list ``key``.

    Raises ``ScaffoldError`` (writing nothing) when the file does not read as valid YAML, has no
    such list, or when the new text would not read back as the old content plus ``item``.
    """
    before, problems = read_yaml(path, str(path))
    if before is None:
        raise ScaffoldError(f"{problems[0]} (fix it first, then run this again)")
    content = path.read_bytes().decode("utf-8")
    root = yaml.compose(content, Loader=SafeLoader)
    value = None
    if isinstance(root, yaml.MappingNode):
        value = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    newline = "\r\n" if "\r\n" in content else "\n"
    if isinstance(value, yaml.SequenceNode) and not value.flow_style:
        at = value.end_mark.index
        lead = "" if at == 0 or content[at - 1] in "\r\n" else newline
        new = content[:at] + lead + _block_item(item, comments, value.start_mark.column, newline) + content[at:]
    elif isinstance(value, yaml.SequenceNode) and not value.value:
        # An empty flow list ``[]``: it becomes a block list, the key's comment kept on its line.
        left, rest = content[: value.start_mark.index].rstrip(" \t"), content[value.end_mark.index :].lstrip(" \t")
        cut = left + (" " if rest.startswith("#") else "") + rest
        at = _line_end(cut, len(left))
        lead = "" if cut[at - 1 : at] in ("\n", "\r") else newline
        indent = root.value[0][0].start_mark.column + 2
        new = cut[:at] + lead + _block_item(item, comments, indent, newline) + cut[at:]
    elif isinstance(value, yaml.SequenceNode):
        at = value.end_mark.index - 1  # the closing bracket
        new = content[:at] + ", " + _flow(item) + content[at:]
    else:
        raise ScaffoldError(f"{path}: has no '{key}' list to add to (expected '{key}:' with a list)")
    expected = dict(before.data)
    expected[key] = [*before.data[key], item]
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        trial.write_bytes(new.encode("utf-8"))
        after, _ = read_yaml(trial, str(path))
    if after is None or after.data != expected:
        raise ScaffoldError(
            f"{path}: cannot add to '{key}' in this file's layout without changing what it holds: "
            "add the entry by hand (nothing was written)"
        )
    return new


#: The schema line of a statements file (data/statements/<id>.yaml) for editors' YAML plugins.
STATEMENTS_HEADER = "# yaml-language-server: $schema=../../scripts/apecrecord/schemas/statements.schema.json\n"


def archive_text(article: str) -> tuple[str, int]:
    """An article's plain text as a paragraph-numbered archive, and its paragraph count.

    Paragraphs are separated by blank lines; a text with no blank lines has one paragraph a line.
    """
    lines = [line.strip() for line in article.replace("\r\n", "\n").split("\n")]
    if any(not line for line in lines[1:-1]):
        paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", "\n".join(lines)) if block.strip()]
    else:
        paragraphs = [line for line in lines if line]
    body = "\n\n".join(f"[{number}] {paragraph}" for number, paragraph in enumerate(paragraphs, 1))
    return body + "\n", len(paragraphs)


def new_source(
    data_dir: Path, source_id: str, article: Path, kind: str, publisher: str, language: str, record: Record
) -> Created:
    if not SLUG.match(source_id) or "\n" in source_id:
        raise ScaffoldError(f"{source_id!r} is not a valid id: use lowercase letters a-z, digits and single hyphens")
    if source_id in record.by_id("sources"):
        raise ScaffoldError(f"source '{source_id}' already exists")
    if kind not in SOURCE_KINDS:
        raise ScaffoldError(f"--kind must be one of: {', '.join(SOURCE_KINDS)}")
    if publisher not in record.by_id("actors"):
        raise ScaffoldError(f"publisher {publisher!r} is not an actor: add it to data/actors.yaml first")
    if not _language_pattern().fullmatch(language):
        raise ScaffoldError(f"--language {language!r} is not a language code such as en, zh or ko")
    try:
        article_text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"cannot read {article} as UTF-8 text: {exc}") from None
    archived, count = archive_text(article_text)
    if count == 0:
        raise ScaffoldError(f"{article} holds no text")
    text_path = data_dir / "texts" / f"{source_id}.txt"
    statements_path = data_dir / "statements" / f"{source_id}.yaml"
    for path in (text_path, statements_path):
        if path.exists():
            raise ScaffoldError(f"{path} already exists")
    entry = {
        "id": source_id,
        "kind": kind,
        "publisher": publisher,
        "language": language,
        "text": f"texts/{source_id}.txt",
        "sha256": hashlib.sha256(archived.encode("utf-8")).hexdigest(),
        "not_stated": ["title", "outlet", "authors", "translated_from", "published", "url"],
        "sections": [{"id": "body", "title": "Body", "heading": False, "from": 1, "to": count}],
    }
    sources_path = data_dir / "sources.yaml"
    note = "Give what the source states about itself and take it off not_stated; never guess."
    sources = append_item(sources_path, "sources", entry, ["", note])
    atomic.write_text(text_path, archived)
    atomic.write_text(statements_path, STATEMENTS_HEADER + f"source: {source_id}\nstatements: []\n")
    atomic.write_text(sources_path, sources)
    todo = (
        f"{text_path}: mark captions, notes and headings ([caption], [3 heading]...), then update sha256",
        f"{sources_path}: fill title, authors, published (date or bounds with a reason) and url where the "
        "source states them, and take each off not_stated",
        f"{sources_path}: replace the single 'body' section with the source's own structure",
        f"then add statements: apecrecord new statement --source {source_id} --paragraph N",
    )
    return Created((text_path, statements_path, sources_path), todo)


def new_statement(data_dir: Path, source_id: str, paragraph: int, record: Record, today: date) -> Created:
    source = record.by_id("sources").get(source_id)
    if source is None:
        raise ScaffoldError(f"source '{source_id}' does not exist")
    archive = record.archives.get(source_id)
    if archive is None or paragraph not in archive.body:
        last = max(archive.body, default=0) if archive else 0
        raise ScaffoldError(f"paragraph {paragraph} is out of range: '{source_id}' has paragraphs 1 to {last}")
    path = data_dir / "statements" / f"{source_id}.yaml"
    if not path.is_file():
        raise ScaffoldError(f"{path} does not exist")
    taken = set(record.by_id("statements")) | record.unbuilt_ids.get("statements", set())
    taken |= {old for s in record.statements for old in s.former_ids}
    number = 1
    while f"{source_id}-p{paragraph}-{number}" in taken:
        number += 1
    statement_id = f"{source_id}-p{paragraph}-{number}"
    section = next((s.id for s in source.sections if s.covers(paragraph)), "")
    speaker = source.authors[0] if len(source.authors) == 1 else ""
    attribution = "authors-view" if source.kind in {"op-ed", "analysis"} else ""
    reported_by = speaker if attribution == "authors-view" else source.publisher
    item = {
        "id": statement_id,
        "title": "",
        "paragraphs": [paragraph],
        "speaker": speaker,
        "attribution": attribution,
        "reported_by": reported_by,
        "kind": "",
        "quote": "",
        "summary": "",
        "section": section,
        "themes": [],
        "initiatives": [],
        "actors": [],
        "added": today.isoformat(),
    }
    comments = [
        "",
        f"Paragraph {paragraph} of {source_id}; copy the shortest span that carries the statement:",
        *textwrap.wrap(archive.body[paragraph].text, 96),
    ]
    atomic.write_text(path, append_item(path, "statements", item, comments))
    todo = (
        f"{path}: fill title, kind, quote, summary and themes of '{statement_id}'"
        + ("" if speaker else ", and its speaker")
        + ("" if attribution else ", and its attribution"),
        "then run: apecrecord check",
    )
    return Created((path,), todo)
