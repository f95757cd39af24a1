"""The SQLite download: counts match the record, full-text search works, keys hold, bytes repeat."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from apecrecord.check import check_data
from apecrecord.database import DATABASE, FULL_TEXT, METADATA, TABLES, VIEWS, database_bytes, database_files

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def real_record():
    return check_data(ROOT / "data")[0]


def _open(content: bytes, tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / DATABASE
    path.write_bytes(content)
    return sqlite3.connect(path)


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_row_counts_equal_the_records(fixture_record, real_record, which, tmp_path: Path) -> None:
    record = {"fixture": fixture_record, "real": real_record}[which]
    db = _open(database_bytes(record), tmp_path)
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    for kind in ("statements", "sources", "actors", "themes", "initiatives", "events", "glossary"):
        assert count(kind) == len(getattr(record, kind)), kind
    assert count("paragraphs") == sum(len(a.body) for a in record.archives.values())
    statements = record.statements
    assert count("statement_themes") == sum(len(s.themes) for s in statements)
    assert count("statement_initiatives") == sum(len(s.initiatives) for s in statements)
    assert count("statement_actors") == sum(len(s.actors) for s in statements)
    assert count("statement_paragraphs") == sum(len(s.paragraphs) for s in statements)
    assert count("statements_in_full") == len(statements)
    ids = [row[0] for row in db.execute("SELECT id FROM statements ORDER BY rowid")]
    assert ids == [s.id for s in statements]


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_foreign_keys_hold_and_are_declared(fixture_record, real_record, which, tmp_path: Path) -> None:
    record = {"fixture": fixture_record, "real": real_record}[which]
    db = _open(database_bytes(record), tmp_path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = {row[2] for row in db.execute("PRAGMA foreign_key_list(statements)")}
    assert declared == {"sources", "actors", "events"}
    assert {row[2] for row in db.execute("PRAGMA foreign_key_list(statement_themes)")} == {"statements", "themes"}


def test_a_dangling_reference_is_caught_by_the_key_check(fixture_record, tmp_path: Path) -> None:
    """The check above can fail: break one link and it reports it."""
    db = _open(database_bytes(fixture_record), tmp_path)
    db.execute("INSERT INTO statement_themes VALUES ('analyst-openness', 'no-such-theme')")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    assert [(table, parent) for table, _, parent, _ in problems] == [("statement_themes", "themes")]


def test_full_text_search_finds_a_known_quote(real_record, tmp_path: Path) -> None:
    db = _open(database_bytes(real_record), tmp_path)
    rows = db.execute(
        "SELECT s.id, s.quote FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid "
        "WHERE statements_fts MATCH ?",
        ('"World Artificial Intelligence Cooperation Organization"',),
    ).fetchall()
    expected = [
        s for s in real_record.statements if "World Artificial Intelligence Cooperation Organization" in s.quote
    ]
    assert expected and sorted(row[0] for row in rows) == sorted(s.id for s in expected)
    columns = [row[1] for row in db.execute("PRAGMA table_info(statements_fts)")]
    assert columns == list(FULL_TEXT)


def test_full_text_search_covers_context_and_summary(fixture_record, tmp_path: Path) -> None:
    from dataclasses import replace

    statements = [
        replace(s, context="The Leader said") if s.id == "leader-ai-cooperation" else s
        for s in fixture_record.statements
    ]
    db = _open(database_bytes(replace(fixture_record, statements=statements)), tmp_path)
    search = "SELECT s.id FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid WHERE statements_fts MATCH ?"
    assert db.execute(search, ("context:leader",)).fetchall() == [("leader-ai-cooperation",)]
    assert db.execute(search, ("summary:pledge",)).fetchall() == [("leader-climate-plan",)]


def test_views_answer_the_common_questions(fixture_record, tmp_path: Path) -> None:
    db = _open(database_bytes(fixture_record), tmp_path)
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM statements_in_full WHERE id = 'leader-climate-plan'").fetchone()
    assert (row["speaker"], row["reported_by"], row["paragraphs"], row["source"]) == (
        "The Leader",
        "News Agency",
        "2",
        "Leader urges cooperation",
    )
    text = db.execute(
        "SELECT paragraph_text FROM statements_with_paragraph_text WHERE statement = 'leader-climate-plan'"
    )
    assert text.fetchone()[0] == "The country will submit its new climate plan, he said."
    for view in VIEWS:
        db.execute(f"SELECT * FROM {view}").fetchall()


def test_the_same_record_gives_the_same_bytes_in_another_process(real_record) -> None:
    first = database_bytes(real_record)
    assert database_bytes(real_record) == first
    script = (
        "import sys; from pathlib import Path; from apecrecord.check import check_data; "
        "from apecrecord.database import database_bytes; "
        "sys.stdout.buffer.write(database_bytes(check_data(Path(sys.argv[1]))[0]))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "data")],
        capture_output=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PYTHONHASHSEED": "12345"},
    ).stdout
    assert other == first


def test_metadata_describes_every_table_view_and_column(fixture_record, tmp_path: Path) -> None:
    files = database_files(fixture_record)
    metadata = json.loads(files[METADATA])
    assert metadata["license"] == "CC BY 4.0"
    assert "An analyst's op-ed" in metadata["source"]
    described = metadata["databases"]["apec2025"]["tables"]
    db = _open(files[DATABASE], tmp_path)
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE '%_fts%'"
    ):
        assert described[name].get("description") or name in TABLES, name
        if name in TABLES:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
            assert set(described[name]["columns"]) == set(columns), name
            assert all(described[name]["columns"].values()), name


def test_datasette_opens_the_database_with_its_metadata(fixture_site: Path) -> None:
    from datasette.app import Datasette  # a test dependency (pyproject.toml), so never skipped

    downloads = fixture_site / "downloads"
    metadata = json.loads((downloads / METADATA).read_text(encoding="utf-8"))
    datasette = Datasette([str(downloads / DATABASE)], metadata=metadata)

    async def fetch() -> tuple[dict, dict]:
        table = await datasette.client.get("/apec2025/statements.json?_shape=objects&_search=window")
        about = await datasette.client.get("/-/metadata.json")
        return table.json(), about.json()

    table, about = asyncio.run(fetch())
    assert [row["id"] for row in table["rows"]] == ["analyst-single-window"]
    assert about["license"] == "CC BY 4.0"
    assert about["databases"]["apec2025"]["tables"]["statements"]["columns"]["quote"] == "the quote, verbatim"


def test_the_query_shown_on_the_downloads_page_finds_statements(real_record, tmp_path: Path) -> None:
    import re

    page = (ROOT / "docs" / "downloads.md").read_text(encoding="utf-8")
    (query,) = re.findall(r"^```sql\n(.*?)^```", page, re.S | re.M)
    rows = _open(database_bytes(real_record), tmp_path).execute(query).fetchall()
    searched = {s.id: f"{s.quote} {s.context or ''} {s.summary}".lower() for s in real_record.statements}
    expected = {i for i, words in searched.items() if "artificial" in words and "intellig" in words}
    assert rows and {statement for statement, _ in rows} == expected


def test_every_quote_in_every_view_says_whose_words_it_is(real_record, tmp_path: Path) -> None:
    """Reported speech is the reporter's sentence: a row that shows a quote says so beside it."""
    db = _open(database_bytes(real_record), tmp_path)
    for view in ("statements", *VIEWS):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({view})")]
        if "quote" in columns:
            assert "whose_words" in columns, view
    (words,) = db.execute(
        "SELECT whose_words FROM statements WHERE id = 'xi-world-ai-cooperation-organization'"
    ).fetchone()
    assert words == "Xinhua, reporting Xi Jinping"
