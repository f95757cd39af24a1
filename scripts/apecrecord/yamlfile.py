"""Strict reading of one YAML data file, keeping the line of every value.

PyYAML's constructors would silently accept duplicate keys, expand aliases without limit and turn
``2025-02-30`` into an exception, and they forget where each value came from. So the file is only
*composed* into a node tree (with the C parser when it is available, which is fast and expands
nothing), and the tree is turned into plain Python values here, with a line for every path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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

_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() in {"true", "yes", "on"},
    "tag:yaml.org,2002:int": lambda text: int(text.replace("_", ""), 0),
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:str": str,
    # Dates stay text: they are checked as calendar dates later, with a message, not a traceback.
    "tag:yaml.org,2002:timestamp": str,
}


@dataclass
class YamlDocument:
    """A parsed file: its plain data and the line each path starts on."""

    file: str
    data: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)

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
        if not any(line.strip() and not line.lstrip().startswith("#") for line in text.split("\n")):
            raise _Refused(1, "the file is empty: it should hold a mapping of records")
        _refuse_tab_indent(text)
        try:
            root = yaml.compose(text, Loader=SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise _Refused(mark.line + 1 if mark else 1, f"YAML syntax error: {exc.problem or exc}") from None
        except yaml.YAMLError as exc:
            raise _Refused(1, f"YAML syntax error: {exc}") from None
        doc = YamlDocument(display, None)
        try:
            doc.data = _Builder(doc).build(root, (), 0)
        except _AliasFound as found:
            _refuse_aliases(text)  # names the alias's own line
            raise _Refused(found.line, _ALIASES) from None
    except _Refused as refused:
        return None, [Problem(display, refused.line, refused.message)]
    return doc, []


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _Refused(1, f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise _Refused(1, f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Refused(1, "the file starts with a byte-order mark: save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _Refused(line, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8") from None


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _refuse_aliases(text: str) -> None:
    """Point at the line where an alias is used.

    Composing never expands aliases, and the builder stops at the first node it meets twice, so
    this second pass over the events runs only for a file that has one.
    """
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark.line + 1, _ALIASES)


_ALIASES = "anchors and aliases (&name, *name) are not allowed: write the value out"


def _refuse_tab_indent(text: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _Refused(number, "a tab is used for indentation: indent with spaces")


class _Builder:
    """Turns composed nodes into plain values, refusing what a data file has no use for."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.seen: set[int] = set()

    def build(self, node: yaml.Node | None, path: JsonPath, depth: int) -> Any:
        if node is None:
            return None
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise _AliasFound(line)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(line, f"the data is nested deeper than {MAX_DEPTH} levels")
        self.doc.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, line)

    def _mapping(self, node: yaml.MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_line, "merge keys (<<) are not allowed: write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_line, "a key must be plain text")
            key = str(key_node.value)
            if key in result:
                raise _Refused(key_line, f"duplicate key '{key}' (first given on line {first_line[key]})")
            first_line[key] = key_line
            self.doc.lines[(*path, key)] = key_line
            result[key] = self.build(value_node, (*path, key), depth + 1)
            self.doc.lines[(*path, key)] = key_line
        return result

    def _scalar(self, node: yaml.Node, line: int) -> Any:
        convert = _SCALAR_TAGS.get(node.tag)
        if convert is None:
            raise _Refused(line, f"the tag {node.tag} is not allowed: write plain text")
        try:
            return convert(node.value)
        except ValueError:
            return node.value
