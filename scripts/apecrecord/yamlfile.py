"""Strict reading of one YAML data file, keeping the line of every value.

PyYAML's constructors would silently accept duplicate keys, expand aliases without limit and turn
``2025-02-30`` into an exception, and they forget where each value came from; its composer also
recurses once per nesting level, so a small file nested thousands of levels deep crashes the
interpreter. So the file is read as a stream of parser events (with the C parser when available:
fast, and it never recurses) and turned into plain Python values here, level by level, with a
line for every path and the text the editor wrote for every value YAML reads as something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from apecrecord.characters import describe, first_refused, line_of, to_lf
from apecrecord.problems import Problem

try:
    from yaml import CSafeLoader as SafeLoader

    C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

    C_LOADER = False

#: A data file larger than this is refused before it is parsed.
MAX_BYTES = 2_000_000
#: Deeper nesting than this is refused (the record needs five levels).
MAX_DEPTH = 20

JsonPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _STR,
    "tag:yaml.org,2002:timestamp",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
#: Whole numbers as people write them; YAML 1.1's other forms (0x1F, 017 octal, 1_000, 1:30)
#: stay text, so the schema refuses them quoting what was written.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_RESOLVER = yaml.resolver.Resolver()


@dataclass
class YamlDocument:
    """A parsed file: its plain data, the line each path starts on, and what was written."""

    file: str
    data: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)
    #: For each plain (unquoted) scalar YAML read as something other than text (a number, true,
    #: false, null), the text as the editor wrote it, so messages can quote it.
    written: dict[JsonPath, str] = field(default_factory=dict)

    def line(self, path: JsonPath) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def read_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``path``; on any problem return ``None`` and one problem naming the line to fix."""
    try:
        text = _read_text(path)
        _refuse_characters(text)
        _refuse_tab_indent(text)
        doc = YamlDocument(display, None)
        try:
            _Builder(doc).build(yaml.parse(text, Loader=SafeLoader))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise _Refused(mark.line + 1 if mark else 1, f"YAML syntax error: {exc.problem or exc}") from None
        except yaml.reader.ReaderError as exc:
            raise _Refused(line_of(text, exc.position), f"YAML syntax error: {exc.reason}") from None
        except yaml.YAMLError as exc:
            raise _Refused(1, f"YAML syntax error: {exc}") from None
        if doc.data is None:
            raise _Refused(
                1,
                "the file holds no data (only blank lines, comments or '---'): it should hold a mapping of records",
            )
    except _Refused as refused:
        return None, [Problem(display, refused.line, refused.message)]
    return doc, []


def _read_text(path: Path) -> str:
    """The file's text with LF line breaks, so every line number agrees with an editor's."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _Refused(1, f"cannot read the file: {exc.strerror}") from None
    if not raw:
        raise _Refused(1, "the file is empty: it should hold a mapping of records")
    if len(raw) > MAX_BYTES:
        raise _Refused(1, f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Refused(1, "the file starts with a byte-order mark: save it as UTF-8 without BOM")
    try:
        return to_lf(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = to_lf(raw[: exc.start].decode("utf-8", errors="replace")).count("\n") + 1
        raise _Refused(line, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8") from None


def _refuse_characters(text: str) -> None:
    found = first_refused(text)
    if found is not None:
        index, ch = found
        raise _Refused(
            line_of(text, index),
            f"the line holds {describe(ch)}, which cannot be seen or changes the text's direction: delete it",
        )


def _refuse_escaped(value: str, line: int) -> None:
    """A refused character written as an escape (``"\\u200b"``) in a double-quoted value."""
    found = first_refused(value)
    if found is not None:
        raise _Refused(line, f"the value holds {describe(found[1])}, which cannot be seen: delete it")


def _refuse_tab_indent(text: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _Refused(number, "a tab is used for indentation: indent with spaces")


_ALIASES = "anchors and aliases (&name, *name) are not allowed: write the value out"


class _Builder:
    """Turns parser events into plain values, refusing what a data file has no use for.

    A stack replaces recursion, so nesting depth costs memory, not the C stack, and the depth
    limit is applied as soon as a collection opens, at its line.
    """

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    def build(self, events: Any) -> None:
        # Each open collection: [container, path, pending key (mappings), key line, first lines of keys].
        stack: list[list[Any]] = []
        documents = 0
        for event in events:
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(line, "the file holds more than one YAML document ('---'): keep one")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(line, _ALIASES)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                finished = stack.pop()
                self._place(stack, finished[0], finished[1], line)
                continue
            if isinstance(event, yaml.NodeEvent):
                if event.anchor is not None:
                    raise _Refused(line, _ALIASES)
                path = self._child_path(stack, event, line)
                if path is None:  # the event was a mapping key
                    continue
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
                        raise _Refused(line, f"the tag {event.tag} is not allowed: write plain data")
                    if len(stack) >= MAX_DEPTH:
                        raise _Refused(line, f"the data is nested deeper than {MAX_DEPTH} levels")
                    self.doc.lines.setdefault(path, line)
                    container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                    stack.append([container, path, None, 0, {}])
                    continue
                self.doc.lines.setdefault(path, line)
                self._place(stack, self._scalar(event, path, line), path, line)

    def _child_path(self, stack: list[list[Any]], event: Any, line: int) -> JsonPath | None:
        """The path of the value this event starts, or None when it is a mapping's key."""
        if not stack:
            return ()
        container, path, key, _, first = stack[-1]
        if isinstance(container, list):
            return (*path, len(container))
        if key is not None:
            return (*path, key)
        if not isinstance(event, yaml.ScalarEvent):
            raise _Refused(line, "a key must be plain text")
        if event.tag == "tag:yaml.org,2002:merge" or (event.value == "<<" and event.implicit[0]):
            raise _Refused(line, "merge keys (<<) are not allowed: write the fields out")
        name = str(event.value)
        _refuse_escaped(name, line)
        if name in first:
            raise _Refused(line, f"duplicate key '{name}' (first given on line {first[name]})")
        first[name] = line
        stack[-1][2], stack[-1][3] = name, line
        return None

    def _place(self, stack: list[list[Any]], value: Any, path: JsonPath, line: int) -> None:
        if not stack:
            self.doc.data = value
            return
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        else:
            top[0][top[2]] = value
            self.doc.lines[path] = top[3]  # a field's line is its key's line
            top[2] = None

    def _scalar(self, event: yaml.ScalarEvent, path: JsonPath, line: int) -> Any:
        text = event.value
        _refuse_escaped(text, line)
        tag = event.tag if event.tag not in (None, "!") else _RESOLVER.resolve(yaml.ScalarNode, text, event.implicit)
        if tag not in _ALLOWED_TAGS:
            raise _Refused(line, f"the tag {tag} is not allowed: write plain text")
        if tag in (_STR, "tag:yaml.org,2002:timestamp"):
            # Dates stay text: they are checked as calendar dates later, with a message.
            return text
        self.doc.written[path] = text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() in {"true", "yes", "on", "y"}
        if tag == "tag:yaml.org,2002:int":
            return int(text) if _DECIMAL.fullmatch(text) else text
        try:
            return float(text)
        except ValueError:
            return text
