"""JSON Schema validation of data files, with messages an editor can act on.

The schemas in ``schemas/`` are the single description of each file's shape: editors' YAML
plugins read them through the ``yaml-language-server`` header, and this module checks the same
files against the same schemas. jsonschema's own messages are rewritten into ``file:line``
problems that name the record and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator, ValidationError, validators

from apecrecord.problems import Problem, did_you_mean
from apecrecord.yamlfile import JsonPath, YamlDocument

SCHEMA_DIR = Path(__file__).parent / "schemas"

#: How a record of each list is named in messages.
RECORD_NOUN = {
    "sources": "source",
    "statements": "statement",
    "actors": "actor",
    "themes": "theme",
    "initiatives": "initiative",
    "events": "event",
    "glossary": "glossary term",
    "changes": "change",
}

_JSON_TYPES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "boolean": "true or false",
}


#: Fields that hold running text, where a line break or a tab may stand; every other text field
#: (ids, names, titles, terms, places, dates, paths...) is one line.
BLOCK_FIELDS = frozenset(
    {"description", "summary", "quote", "context", "note", "definition", "reason", "omitted", "self_description"}
)


def _whole_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """``pattern`` as JSON Schema means it: in Python, ``$`` also matches before a final newline,
    so an id ``"x\\n"`` would pass ``^[a-z]+$``. A final ``$`` is read as the end of the text."""
    if not validator.is_type(instance, "string"):
        return
    python = pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern
    if not re.search(python, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft 7 with two corrections: a whole number is an int (YAML's ``1.0`` is not a paragraph
#: number), and patterns match the whole text.
_Validator = validators.extend(
    Draft7Validator,
    validators={"pattern": _whole_pattern},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, instance: isinstance(instance, int) and not isinstance(instance, bool)
    ),
)


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"


@cache
def _inlined(kind: str) -> dict[str, Any]:
    """One file kind's schema with every ``$ref`` inlined once.

    Resolving references through a registry on every value dominated load time; the schemas
    are small and not recursive, so they are expanded up front instead.
    """
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_DIR.glob("*.schema.json")}
    root = schemas[schema_path(kind).name]
    return _inline(root, root, schemas)


@cache
def _validator(kind: str) -> Any:
    return _Validator(_inlined(kind))


@cache
def _compiled(kind: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema, about ten times faster than
    jsonschema: it reads a final ``$`` as the end of the text, as ``_whole_pattern`` does."""
    return fastjsonschema.compile(_inlined(kind), use_formats=False)


def _surely_valid(data: Any, kind: str) -> bool:
    """True only when ``data`` has no schema problem: most files, most of the time.

    Anything else goes to jsonschema, which names each problem. fastjsonschema reads ``1.0`` as a
    whole number and jsonschema here does not; the schemas have no other numbers, so a document
    holding any float is always left to jsonschema (tests compare the two verdicts).
    """
    if _holds_float(data):
        return False
    try:
        _compiled(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _holds_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_holds_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_float(item) for item in value)
    return False


def _inline(node: Any, document: dict[str, Any], schemas: dict[str, Any]) -> Any:
    """``node`` with each ``$ref`` (``file.json#/definitions/x`` or ``#/definitions/x``) replaced."""
    if isinstance(node, list):
        return [_inline(item, document, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        target_document = schemas[file] if file else document
        target: Any = target_document
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            target = target[part]
        return _inline(target, target_document, schemas)
    return {key: _inline(value, document, schemas) for key, value in node.items() if key != "$schema"}


def validate(doc: YamlDocument, kind: str) -> tuple[list[Problem], set[int | None]]:
    """Every schema problem in ``doc``, and the indexes of the records that have one.

    In the index set, None stands for the file as a whole (its top level is wrong).
    """
    if not isinstance(doc.data, dict):
        found = "a list" if isinstance(doc.data, list) else "a single value"
        problem = Problem(doc.file, 1, f"the file holds {found}; it should be a mapping with '{kind}:'")
        return [problem], {None}
    problems = []
    broken: set[int | None] = set()
    for error in () if _surely_valid(doc.data, kind) else _validator(kind).iter_errors(doc.data):
        path = tuple(error.absolute_path)
        problems.append(Problem(doc.file, doc.line(path), _describe(error, doc, kind, path)))
        broken.add(_record_index(kind, path))
    for path, message in _multi_line_values(doc.data, ()):
        problems.append(Problem(doc.file, doc.line(path), f"{_record_label(doc, kind, path)}{message}"))
        broken.add(_record_index(kind, path))
    return problems, broken


def _record_index(kind: str, path: JsonPath) -> int | None:
    """The index of the record ``path`` is in, or None for the file's own fields."""
    return path[1] if len(path) >= 2 and path[0] == kind and isinstance(path[1], int) else None


def _multi_line_values(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """A line break or tab in a one-line field (a folded ``>`` value ends with one, for instance)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _multi_line_values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _multi_line_values(item, (*path, index))
    elif isinstance(value, str):
        name = next((part for part in reversed(path) if isinstance(part, str)), "")
        if name in BLOCK_FIELDS:
            return
        if "\n" in value:
            yield path, f"{_field_name(path)} holds a line break: write it on one line"
        elif "\t" in value:
            yield path, f"{_field_name(path)} holds a tab: use a space"


def _describe(error: ValidationError, doc: YamlDocument, kind: str, path: JsonPath) -> str:
    where = _record_label(doc, kind, path)
    field = _field_name(path)
    value = error.instance
    validator = error.validator
    if value == "" and validator in {"pattern", "minLength", "enum"}:
        return f"{where}{field} is empty: fill it in"
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed))
        hints = "".join(did_you_mean(name, allowed) for name in unknown)
        names = ", ".join(f"'{name}'" for name in unknown)
        return f"{where}unknown field {names}{hints}; allowed fields: {', '.join(allowed)}"
    if validator == "required":
        missing = error.validator_value
        absent = [name for name in missing if name not in value]
        return f"{where}missing required field '{absent[0] if absent else missing}'"
    if validator == "type":
        wanted = _JSON_TYPES.get(str(error.validator_value), str(error.validator_value))
        written = doc.written.get(path)
        if written is None:
            return f"{where}{field} should be {wanted}, not {_show(value)}"
        if wanted == "text":
            return (
                f"{where}{field} should be {wanted}, not {written} (YAML reads it unquoted as "
                f"{_show(value)}): put it in quotes"
            )
        return f"{where}{field} should be {wanted}, not {written}"
    if validator == "enum":
        options = [str(option) for option in error.validator_value]
        hint = did_you_mean(str(value), options)
        return f"{where}{field} {doc.written.get(path, _show(value))} is not one of: {', '.join(options)}{hint}"
    if validator == "pattern":
        return f"{where}{field} {_show(value)} {_pattern_advice(error.validator_value)}"
    if validator == "uniqueItems":
        return f"{where}{field} lists the same value twice"
    if validator == "minItems":
        return f"{where}{field} needs at least {error.validator_value} item(s)"
    if validator in {"minLength", "maxLength"}:
        if validator == "maxLength":
            return f"{where}{field} is longer than {error.validator_value} characters"
        return f"{where}{field} must not be empty"
    if validator == "oneOf" and "date" in error.schema.get("properties", {}):
        return (
            f"{where}{field} must be either 'date: YYYY-MM-DD' or bounds "
            "('not_before' and/or 'not_after') with a 'reason'"
        )
    if validator == "minimum":
        return f"{where}{field} must be at least {error.validator_value}, not {doc.written.get(path, _show(value))}"
    return f"{where}{field} {error.message}"


def _record_label(doc: YamlDocument, kind: str, path: JsonPath) -> str:
    """``statement 'xi-ai': `` when the path is inside a record that has an id."""
    if len(path) >= 2 and path[0] == kind and isinstance(path[1], int):
        record = doc.data[kind][path[1]]
        noun = RECORD_NOUN[kind]
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            return f"{noun} '{record['id']}': "
        return f"{noun} #{path[1] + 1}: "
    return ""


def _field_name(path: JsonPath) -> str:
    names = [str(part) for part in path[2:]] if len(path) > 2 else [str(p) for p in path]
    if not names:
        return "the value"
    return "'" + ".".join(names) + "'"


def _pattern_advice(pattern: str) -> str:
    if pattern.startswith("^[a-z0-9]+(-[a-z0-9]+)*$"):
        return "is not a valid id: use lowercase letters a-z, digits and single hyphens"
    if "[0-9]{4}" in pattern:
        return "is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY where allowed), in quotes"
    if pattern == "\\S":
        return "must not be blank"
    if pattern.startswith("^texts/"):
        return "should be a path like texts/<source-id>.txt"
    if "0-9a-f" in pattern:
        return "is not a SHA-256 (64 lowercase hexadecimal digits)"
    return f"does not match the expected form {pattern}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return repr(value)
