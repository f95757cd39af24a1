"""Scaffolding for editors: a new source from an article's text, a new statement skeleton.

Both write YAML as text, appended to the editor's files so their comments and layout survive,
and both write atomically: an interrupted run leaves every file as it was. What they produce
passes ``check`` except for the fields only a person can fill, which the check then names.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from apecrecord import atomic
from apecrecord.model import Record

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_KINDS = ("op-ed", "news-report", "speech-transcript", "declaration", "statement", "analysis")


class ScaffoldError(Exception):
    """A request that cannot be carried out; the message says what to change."""


@dataclass(frozen=True)
class Created:
    files: tuple[Path, ...]
    todo: tuple[str, ...]


def _yaml_text(value: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted strings are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


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
    if not SLUG.match(source_id):
        raise ScaffoldError(f"'{source_id}' is not a valid id: use lowercase letters a-z, digits and single hyphens")
    if source_id in record.by_id("sources"):
        raise ScaffoldError(f"source '{source_id}' already exists")
    if kind not in SOURCE_KINDS:
        raise ScaffoldError(f"--kind must be one of: {', '.join(SOURCE_KINDS)}")
    if publisher not in record.by_id("actors"):
        raise ScaffoldError(f"publisher '{publisher}' is not an actor: add it to data/actors.yaml first")
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
    sha = hashlib.sha256(archived.encode("utf-8")).hexdigest()
    entry = f"""
  - id: {source_id}
    kind: {kind}
    publisher: {publisher}
    language: {language}
    text: texts/{source_id}.txt
    sha256: {sha}
    # Give what the source states about itself and take it off this list; never guess.
    not_stated: [title, outlet, authors, translated_from, published, url]
    sections:
      - {{id: body, title: Body, heading: false, from: 1, to: {count}}}
"""
    sources_path = data_dir / "sources.yaml"
    sources = sources_path.read_text(encoding="utf-8")
    atomic.write_text(text_path, archived)
    atomic.write_text(
        statements_path,
        STATEMENTS_HEADER + f"source: {source_id}\nstatements: []\n",
    )
    atomic.write_text(sources_path, sources.rstrip("\n") + "\n" + entry)
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
    quote_from = textwrap.wrap(archive.body[paragraph].text, 96)
    comment = "\n".join(f"  # {line}" for line in quote_from)
    skeleton = f"""
  # Paragraph {paragraph} of {source_id}; copy the shortest span that carries the statement:
{comment}
  - id: {statement_id}
    paragraphs: [{paragraph}]
    speaker: {_yaml_text(speaker)}
    attribution: {_yaml_text(attribution)}
    reported_by: {_yaml_text(reported_by)}
    kind: ""
    quote: ""
    summary: ""
    section: {_yaml_text(section)}
    themes: []
    initiatives: []
    actors: []
    added: "{today.isoformat()}"
"""
    content = path.read_text(encoding="utf-8")
    content = re.sub(r"^statements:\s*\[\s*\]\s*$", "statements:", content, count=1, flags=re.M)
    atomic.write_text(path, content.rstrip("\n") + "\n" + skeleton)
    todo = (
        f"{path}: fill kind, quote, summary and themes of '{statement_id}'"
        + ("" if speaker else ", and its speaker")
        + ("" if attribution else ", and its attribution"),
        "then run: apecrecord check",
    )
    return Created((path,), todo)
