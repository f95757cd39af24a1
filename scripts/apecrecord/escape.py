"""Escaping, one function per output context: the only place that makes data safe to write.

Every value from the record that reaches a published or scaffolded file goes through exactly one
of these functions, chosen by where it lands:

=======================  ===================================================================
context                  function
=======================  ===================================================================
HTML text                ``html_text`` (one line), ``html_fragment`` (piece of a line, code)
HTML attribute           ``html_attr`` (values no tooltip shows: href, id, data-*, value)
tooltip                  ``tooltip`` (``title`` attributes and glossary ``abbr`` definitions)
``<title>`` and H1       ``page_title``
front matter             ``front_matter_value``
JSON-LD in ``<script>``  ``json_in_script``
SVG text and attributes  ``svg_text``
JSON files               ``json_document``
CSV cells                ``csv_cell``
Atom XML                 ``xml_text``
BibTeX fields            ``bibtex_value``
YAML (scaffolding)       ``yaml_scalar``, ``yaml_comment``
=======================  ===================================================================

Each is tested on its own in tests/test_escape.py and, end to end, with hostile text in every
free-text field in tests/test_hardening.py and tests/test_browser.py.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import yaml

_SPACE = re.compile(r"\s+")

# The control characters (Unicode category Cc: C0, DEL, C1) that are not whitespace; the
# whitespace among them is handled by the callers. A test checks this against unicodedata.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _controls_dropped(value: str) -> str:
    """Without control characters (C0, DEL, C1); whitespace among them is handled by the caller.

    Python-Markdown also uses STX and ETX as its own placeholders, so they must never get through.
    """
    return _CONTROLS.sub("", value)


def _one_line(value: object) -> str:
    text = str(value)
    if text.isprintable() and "  " not in text:  # most values: nothing to drop or collapse
        return text.strip()
    return _SPACE.sub(" ", _controls_dropped(text)).strip()


# --- HTML -----------------------------------------------------------------------------------


def html_text(value: object) -> str:
    """Data as the text content of an HTML element, on one line (generated pages are HTML)."""
    return html.escape(_one_line(value), quote=True)


_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def html_fragment(value: str) -> str:
    """Data as a piece of HTML text (part of a line, a line of code): spaces and tabs are kept,
    line breaks become spaces, so pieces joined show exactly the text and never end a block."""
    return html.escape(_LINE_BREAKS.sub(" ", _controls_dropped(value)), quote=True)


def html_attr(value: object) -> str:
    """Data as an HTML attribute value in double quotes, exact once the browser decodes it.

    Only for attributes no tooltip shows (``href``, ``id``, ``data-*``, ``value``,
    ``aria-label``): a ``title`` attribute takes ``tooltip()``.
    """
    return html.escape(_one_line(value), quote=True)


_TOOLTIP = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def tooltip(value: object) -> str:
    """Data for a tooltip: a ``title`` attribute or a glossary ``abbr`` definition.

    Material for MkDocs (``content.tooltips``) renders a title as HTML after the browser has
    decoded the attribute, so escaping is undone there. Instead no ``<``, ``>`` or ``&`` is
    left: they become the look-alikes ‹ › ＆, which no HTML parser reads as markup. The result
    still needs attribute escaping for ``"`` where it is written into raw HTML (``html_attr``);
    the abbreviation extension does that itself.
    """
    return _one_line(value).translate(_TOOLTIP)


def page_title(value: object) -> str:
    """Data for a page's H1, which themes also print in ``<title>``, the nav and the header.

    Material passes the title through ``striptags``, which turns character references back
    into characters, so angle brackets are shown as the look-alikes ‹ › here instead.
    """
    return html_text(str(value).replace("<", "‹").replace(">", "›"))


def front_matter_value(value: object) -> str:
    """Data as a double-quoted YAML string in a page's front matter (the page description).

    Themes print the description raw inside an attribute, so it is stored HTML-escaped; the
    backslash, YAML's only escape character inside double quotes, is a character reference too,
    and only printable characters are kept so the front matter always parses.
    """
    printable = "".join(ch for ch in str(value) if ch.isprintable() or ch.isspace())
    return '"' + html_attr(printable).replace("\\", "&#92;") + '"'


# --- JSON -----------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _json(data: Any, **options: Any) -> str:
    """JSON text with non-ASCII kept readable, except lone surrogates (not encodable as UTF-8)."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def json_document(data: Any) -> bytes:
    """A JSON file: exact values, UTF-8, two-space indents, keys in the order given."""
    return (_json(data, indent=2) + "\n").encode("utf-8")


def json_in_script(data: Any) -> str:
    """JSON for a ``<script>`` element (JSON-LD) that no string inside it can close early.

    ``<``, ``>`` and ``&`` are written as JSON ``\\u`` escapes, so the parsed values are exact.
    """
    text = _json(data, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- SVG and XML ----------------------------------------------------------------------------

# Characters XML 1.0 does not allow in a document at all, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def svg_text(value: object) -> str:
    """Data as SVG text content or a quoted attribute: well-formed XML and inert inline HTML."""
    return html.escape(_NOT_XML.sub("", _SPACE.sub(" ", str(value)).strip()), quote=True)


def xml_text(value: object) -> str:
    """Data for an XML text node or attribute written by ElementTree (the Atom feed).

    ElementTree escapes ``<``, ``>``, ``&`` and quotes itself but writes characters XML forbids
    as they are, making the feed unreadable; each of those becomes U+FFFD here.
    """
    return _NOT_XML.sub("\ufffd", str(value))


# --- CSV ------------------------------------------------------------------------------------

# What makes a spreadsheet read a cell as a formula (OWASP "CSV Injection"), plus the quote
# itself, so that dropping one leading quote always gives the exact text back.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a cell starting with = + - @ tab CR or ' gets a ' first.

    The csv module quotes the cell; the JSON download keeps every value exact.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# --- BibTeX ---------------------------------------------------------------------------------

# BibTeX counts braces even after a backslash, so braces are written as commands, not ``\{``.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_value(value: object) -> str:
    """Data for a BibTeX field value inside braces: one line, balanced braces, no live TeX."""
    return "".join(_BIBTEX.get(ch, ch) for ch in _one_line(value))


# --- YAML -----------------------------------------------------------------------------------

# Characters a YAML double-quoted scalar cannot hold as they are: those outside YAML's printable
# set, YAML's own line breaks (NEL, LS, PS), and what JSON escapes anyway.
_YAML_UNSAFE = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_PLAIN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\Z")


def yaml_scalar(value: str | int | bool) -> str:
    """A YAML scalar that reads back as exactly ``value``: an int, a bool, or a string.

    A lowercase slug that YAML reads back as that same string is written plain; any other text is
    double-quoted: JSON's escapes are YAML's too; the characters YAML forbids raw or reads as line breaks are
    written as ``\\x``/``\\u`` escapes.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (str, int)):
        raise TypeError(f"yaml_scalar takes text, an integer or a bool, not {type(value).__name__}")
    if isinstance(value, int):
        return str(value)
    if _PLAIN.match(value) and yaml.safe_load(value) == value:
        return value  # an id or a keyword, written as editors write them
    quoted = json.dumps(value, ensure_ascii=False)
    return '"' + _YAML_UNSAFE.sub(_yaml_escape, quoted[1:-1]) + '"'


_YAML_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")


def yaml_comment(value: object) -> str:
    """Text for one YAML comment line: YAML's line breaks become spaces, unprintables are dropped."""
    return "".join(ch for ch in _YAML_BREAKS.sub(" ", str(value)) if ch.isprintable() or ch == "\t")
