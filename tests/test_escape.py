"""Each output context's escaping function on its own: examples, then any text (Hypothesis)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import markdown
import yaml
from apecrecord import escape
from hypothesis import given
from hypothesis import strategies as st

ANY_TEXT = st.text(max_size=80)
# Printable text and the whitespace an editor types: what survives escaping unchanged.
PLAIN_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=80)


class _Elements(HTMLParser):
    """The elements and text an HTML fragment produces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


@given(ANY_TEXT)
def test_html_text_of_any_text_is_exactly_that_text_on_one_line(value: str) -> None:
    parsed = _parsed("<p>" + escape.html_text(value) + "</p>")
    assert parsed.tags == ["p"]
    visible = " ".join(escape._CONTROLS.sub("", value).split())
    assert "".join(parsed.text) == visible


def test_control_characters_are_exactly_the_non_whitespace_of_category_cc() -> None:
    import sys
    import unicodedata

    controls = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cc"}
    dropped = {ch for ch in map(chr, range(0x100)) if escape._controls_dropped(ch) == ""}
    assert dropped == {ch for ch in controls if not ch.isspace()}
    assert escape.html_text("a\x02wzxhzdk:0\x03b\x00") == "awzxhzdk:0b"


def test_html_text_and_attribute() -> None:
    value = "\"><script>alert(1)</script>&amp;'"
    assert _parsed(f"<p>{escape.html_text(value)}</p>").tags == ["p"]
    parser = _Elements()
    parser.feed(f'<a href="{escape.html_attr(value)}">x</a>')
    assert parser.tags == ["a"]
    assert html.unescape(escape.html_attr(value)) == value


@given(ANY_TEXT)
def test_a_tooltip_holds_nothing_an_html_parser_could_read_as_markup(value: str) -> None:
    shown = escape.tooltip(value)
    assert not set("<>&") & set(shown)
    # What Material does with a title: the decoded attribute, parsed again as HTML.
    decoded = html.unescape(escape.html_attr(shown))
    assert _parsed(f"<div>{decoded}</div>").tags == ["div"]


def _markdown(source: str) -> str:
    return markdown.Markdown(extensions=["abbr"]).convert(source)


def test_a_glossary_definition_in_an_abbr_title_stays_text_after_decoding() -> None:
    """On hand-written pages, which Python-Markdown's abbreviation extension explains."""
    definition = escape.tooltip("Term <img src=x onerror=alert(document.domain)> &lt;b&gt; & co")
    page = _markdown(f"Use TERM here.\n\n*[TERM]: {definition}")
    title = re.search(r'title="([^"]*)"', page).group(1)
    assert html.unescape(title) == "Term ‹img src=x onerror=alert(document.domain)› ＆lt;b＆gt; ＆ co"
    assert _parsed(f"<div>{html.unescape(title)}</div>").tags == ["div"]


def test_page_titles_keep_no_angle_brackets() -> None:
    assert escape.page_title("</title><script>x") == "‹/title›‹script›x"


@given(ANY_TEXT)
def test_front_matter_reads_back_as_the_html_escaped_printable_text(value: str) -> None:
    read = yaml.safe_load(f"---\ndescription: {escape.front_matter_value(value)}\n---".split("---")[1])
    visible = " ".join("".join(ch for ch in value if ch.isspace() or ch.isprintable()).split())
    assert html.unescape(read["description"]) == visible
    assert "<" not in read["description"]


@given(st.dictionaries(st.sampled_from(["text", "name"]), ANY_TEXT))
def test_json_in_script_cannot_close_the_script_and_parses_to_the_exact_values(data: dict[str, str]) -> None:
    payload = escape.json_in_script(data)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    assert json.loads(payload) == data


@given(st.dictionaries(st.sampled_from(["quote", "summary"]), ANY_TEXT))
def test_json_documents_are_exact(data: dict[str, str]) -> None:
    assert json.loads(escape.json_document(data).decode("utf-8")) == data


@given(ANY_TEXT)
def test_svg_text_is_well_formed_xml(value: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text aria-label="{escape.svg_text(value)}">{escape.svg_text(value)}</text></svg>'
    element = ET.fromstring(svg)
    assert list(element.iter())[1].get("aria-label") == (element.find("{http://www.w3.org/2000/svg}text").text or "")


@given(ANY_TEXT)
def test_xml_text_keeps_the_atom_feed_well_formed(value: str) -> None:
    root = ET.Element("entry")
    ET.SubElement(root, "summary").text = escape.xml_text(value)
    parsed = ET.fromstring(ET.tostring(root, encoding="unicode"))
    written = escape.xml_text(value).replace("\r\n", "\n").replace("\r", "\n")  # XML line-end rule
    assert (parsed.find("summary").text or "") == written


def test_csv_cells_a_spreadsheet_would_run_get_a_quote_in_front() -> None:
    for value in ("=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "'=1"):
        assert escape.csv_cell(value) == "'" + value
    for value in ("plain", "1=1", " =1", ""):
        assert escape.csv_cell(value) == value
    assert escape.csv_cell(None) == ""


@given(ANY_TEXT)
def test_csv_cells_round_trip_by_dropping_one_leading_quote(value: str) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow([escape.csv_cell(value)])
    (cell,) = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert (cell[1:] if cell.startswith("'") else cell) == value


def _braces_balance(text: str) -> bool:
    depth = 0
    for ch in text:  # BibTeX counts braces even after a backslash
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@given(ANY_TEXT)
def test_bibtex_values_balance_their_braces_and_stay_on_one_line(value: str) -> None:
    escaped = escape.bibtex_value(value)
    assert _braces_balance(escaped)
    assert "\n" not in escaped and "@" not in escaped.replace("@", "") and "%" not in escaped.replace(r"\%", "")


def test_bibtex_examples() -> None:
    assert escape.bibtex_value("}{ 50% & $x_1$ \\") == (
        r"\textbraceright{}\textbraceleft{} 50\% \& \$x\_1\$ \textbackslash{}"
    )


@given(st.text(max_size=80))
def test_yaml_scalars_read_back_exactly(value: str) -> None:
    assert yaml.safe_load(f"key: {escape.yaml_scalar(value)}\n") == {"key": value}
    assert yaml.safe_load(f"- {{key: {escape.yaml_scalar(value)}}}\n") == [{"key": value}]


def test_yaml_scalars_cannot_add_keys() -> None:
    injected = "en\nsha256: 0000\nkind: op-ed"
    assert yaml.safe_load(f"language: {escape.yaml_scalar(injected)}\n") == {"language": injected}
    assert escape.yaml_scalar(3) == "3"


def test_yaml_scalars_write_ids_plain_and_anything_ambiguous_quoted() -> None:
    assert escape.yaml_scalar("report-p1-1") == "report-p1-1"
    for value in ("no", "null", "true", "2025-11-01", "1e3", "Body", "a b"):
        assert escape.yaml_scalar(value).startswith('"'), value


@given(PLAIN_TEXT, PLAIN_TEXT)
def test_html_fragments_joined_show_exactly_the_text(first: str, second: str) -> None:
    joined = escape.html_fragment(first) + escape.html_fragment(second)
    parsed = _parsed("<p>Before " + joined + "</p>")
    assert parsed.tags == ["p"]
    assert "".join(parsed.text) == "Before " + first + second


@given(ANY_TEXT)
def test_a_yaml_comment_stays_one_comment_line(value: str) -> None:
    assert yaml.safe_load(f"# {escape.yaml_comment(value)}\nkey: 1\n") == {"key": 1}
