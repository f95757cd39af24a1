"""Open data and citation, parsed the way a reuser would, and checked against the record."""

from __future__ import annotations

import csv
import hashlib
import html as htmllib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT
from jsonschema import Draft7Validator


def test_statements_json_follows_its_schema_and_matches_the_record(fixture_site: Path, fixture_record) -> None:
    data = json.loads((fixture_site / "downloads" / "statements.json").read_text(encoding="utf-8"))
    schema = json.loads((fixture_site / "downloads" / "schemas" / "statements.schema.json").read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors(data)) == []
    assert [s["id"] for s in data["statements"]] == [s.id for s in fixture_record.statements]
    for key in ("sources", "actors", "themes", "initiatives", "events", "glossary"):
        assert [item["id"] for item in data[key]] == [item.id for item in getattr(fixture_record, key)]
    first = data["statements"][0]
    assert first["path"] == "statements/analyst-openness/"
    assert first["url"] is None  # no site address: no relative address passed off as permanent
    assert (fixture_site / first["path"] / "index.html").is_file()
    assert data["version"] == "1.2.3"


def test_statements_csv_has_one_row_per_statement(fixture_site: Path, fixture_record) -> None:
    raw = (fixture_site / "downloads" / "statements.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert [r["id"] for r in rows] == [s.id for s in fixture_record.statements]
    single_window = next(r for r in rows if r["id"] == "analyst-single-window")
    assert single_window["themes"] == "trade; digital"
    assert single_window["quote"] == "the single window system should be expanded"
    assert single_window["title"] == "Expanding the single window system"
    reported = next(r for r in rows if r["id"] == "leader-climate-plan")
    assert reported["whose_words"] == "News Agency, reporting The Leader"
    assert reported["url"] == ""
    assert reported["path"] == "statements/leader-climate-plan/"
    assert all(row["title"] for row in rows)  # the check requires a title of every statement


def test_datapackage_hashes_match_the_published_files(fixture_site: Path) -> None:
    downloads = fixture_site / "downloads"
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    described = package["resources"] + package["schemas"]
    assert {item["path"] for item in package["resources"]} == {"statements.csv", "statements.json", "apec2025.sqlite"}
    for item in described:
        content = (downloads / item["path"]).read_bytes()
        assert item["hash"] == "sha256:" + hashlib.sha256(content).hexdigest(), item["path"]
        assert item["bytes"] == len(content)


def test_datapackage_passes_frictionless(fixture_site: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras")
    report = frictionless.validate(str(fixture_site / "downloads" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])


def test_each_statement_has_json_beside_its_page(fixture_site: Path, fixture_record) -> None:
    for statement in fixture_record.statements:
        data = json.loads((fixture_site / "statements" / f"{statement.id}.json").read_text(encoding="utf-8"))
        assert data["id"] == statement.id
        assert data["quote"] == statement.quote
        assert data["citation"]["bibtex"].startswith(f"@misc{{{statement.id},")
        assert data["citation"]["csl"]["locator"] == ", ".join(str(n) for n in statement.paragraphs)
        assert data["version"] == "1.2.3"


def _json_ld(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in found]


def test_statement_pages_embed_a_quotation(fixture_site: Path, fixture_record) -> None:
    for statement in fixture_record.statements:
        html = (fixture_site / "statements" / statement.id / "index.html").read_text(encoding="utf-8")
        (data,) = _json_ld(html)
        assert data["@type"] == "Quotation"
        assert data["text"] == statement.quote
        assert data["creator"]["name"]
        assert data["name"]
        assert data["isBasedOn"]["@type"] in {"NewsArticle", "OpinionNewsArticle"}
    html = (fixture_site / "statements" / "leader-climate-plan" / "index.html").read_text(encoding="utf-8")
    assert _json_ld(html)[0]["recordedAt"]["name"] == "Second session of the Summit"


def test_source_pages_embed_their_article_type(fixture_site: Path) -> None:
    op_ed = _json_ld((fixture_site / "sources" / "op-ed" / "index.html").read_text(encoding="utf-8"))[0]
    report = _json_ld((fixture_site / "sources" / "report" / "index.html").read_text(encoding="utf-8"))[0]
    assert op_ed["@type"] == "OpinionNewsArticle"
    assert report["@type"] == "NewsArticle"
    assert report["datePublished"] == "2025-11-01"


def test_statement_page_has_a_cite_box_with_pinpoint_and_copyable_formats(fixture_site: Path) -> None:
    html = (fixture_site / "statements" / "leader-climate-plan" / "index.html").read_text(encoding="utf-8")
    cite = html[html.index('id="cite"') :]
    shown = htmllib.unescape(re.sub(r"<[^>]+>", "", cite))  # what a reader sees
    assert "News Agency, reporting The Leader. “A new climate plan.” " in shown
    assert "News Agency, “Leader urges cooperation”, 1 November 2025, para. 2: " in shown
    assert "@misc{leader-climate-plan," in shown
    assert '"section": "para. 2"' in shown
    assert "Permanent address: <this site>/statements/leader-climate-plan/" in shown
    assert "<code>&lt;this site&gt;/statements/leader-climate-plan/</code>" in cite  # shown as text, not a tag
    assert '<a href="../leader-climate-plan.json">this statement as JSON</a>' in cite
    assert cite.count("<pre") == 3  # Material adds a copy button to each code block


def test_a_former_id_redirects_to_the_statement(fixture_site: Path) -> None:
    html = (fixture_site / "statements" / "analyst-free-data" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../analyst-data-flow/">' in html
    assert (
        json.loads((fixture_site / "statements" / "analyst-free-data.json").read_text(encoding="utf-8"))["id"]
        == "analyst-data-flow"
    )


def test_the_feed_lists_statements_newest_first(fixture_site: Path, fixture_record) -> None:
    root = ET.parse(fixture_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(fixture_record.statements)
    assert entries[0].find("a:updated", ns).text == "2026-11-24T00:00:00Z"
    assert entries[0].find("a:link", ns).get("href") == "statements/leader-climate-plan/"
    assert entries[0].find("a:title", ns).text == "A new climate plan"
    assert root.find("a:updated", ns).text == "2026-11-24T00:00:00Z"


def test_citation_cff_is_valid_yaml_with_the_required_keys() -> None:
    import yaml

    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(data)


def test_the_release_names_the_records_current_hash() -> None:
    """Change the record and this fails until data/release.json names the new hash (and version)."""
    from apecrecord.check import check_data
    from apecrecord.export import record_sha256
    from apecrecord.release import read_release

    release = read_release(ROOT / "data")
    actual = record_sha256(check_data(ROOT / "data")[0])
    assert release.record_sha256 == actual, (
        f"the record changed since data version {release.version}: give data/release.json a new version "
        f"(rule on docs/downloads.md), today's date and record_sha256 {actual}"
    )


def test_the_record_hash_follows_content_not_layout(project: Path) -> None:
    from apecrecord.check import check_data
    from apecrecord.export import record_sha256
    from conftest import edit

    before = record_sha256(check_data(project / "data")[0])
    edit(project, "data/statements/op-ed.yaml", "    kind: assessment\n", "    kind:   assessment   # a comment\n")
    assert record_sha256(check_data(project / "data")[0]) == before
    edit(project, "data/statements/op-ed.yaml", "Openness as the foundation", "Openness as the basis")
    assert record_sha256(check_data(project / "data")[0]) != before


def test_the_version_is_the_same_everywhere_it_is_given(fixture_site: Path) -> None:
    import yaml
    from apecrecord.release import read_release

    release = read_release(ROOT / "data")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert (str(cff["version"]), str(cff["date-released"])) == (release.version, release.date)
    package = json.loads((fixture_site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert (package["version"], package["created"]) == ("1.2.3", "2026-11-24T00:00:00Z")


def test_downloads_page_gives_version_date_sizes_and_the_dataset_citation(fixture_site: Path) -> None:
    html = (fixture_site / "downloads" / "index.html").read_text(encoding="utf-8")
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))  # what a reader sees
    assert "This is data version 1.2.3, released 24 November 2026, with 7 statements from 2 sources." in text
    csv_size = len((fixture_site / "downloads" / "statements.csv").read_bytes())
    assert re.search(rf"statements\.csv\s*{csv_size:,} bytes", text)
    assert (
        "The APEC 2025 Statements contributors (2026). APEC 2025 Statements, data version 1.2.3, released 24 November 2026."
        in text
    )
    assert "<!-- generated" not in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"version": "1.0",\n "date": "2026-11-23"}',
            "data/release.json:1: 'version' must be a version number such as \"1.4.0\", not '1.0'",
        ),
        (
            '{"version": "1.0.0", "date": "23 Nov"}',
            "data/release.json:1: 'date' must be a day such as \"2026-11-23\", not '23 Nov'",
        ),
        ('{"version": "1.0.0",\n\n "date": }', "data/release.json:3: not valid JSON: Expecting value"),
        ("[1]", "data/release.json:1: expected an object with version, date and record_sha256"),
    ],
)
def test_a_bad_release_file_is_named_with_its_line(project: Path, content: str, message: str) -> None:
    from apecrecord.release import ReleaseError, read_release

    (project / "data" / "release.json").write_text(content, encoding="utf-8")
    with pytest.raises(ReleaseError) as raised:
        read_release(project / "data")
    assert str(raised.value) == message
