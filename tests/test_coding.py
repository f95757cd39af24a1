"""The reliability kit: blind sheets, agreement figures checked against published worked examples,
one-line errors for bad sheets, and the Reliability page."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import replace
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from apecrecord.coding.agreement import agreement, bootstrap_interval, nominal_alpha, report_text
from apecrecord.coding.sheet import CodedUnit, SecondCoding, method_section, read_sheet, sheet_files, unit_id
from apecrecord.crossref import CrossRef
from apecrecord.render.reliability import reliability_page
from html_reading import read_page, table_rows, url
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli

NAN = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, values 1-5, missing data. The paper gives alpha 0.743 (nominal) and 0.849 (interval).
PAPER_FOUR_OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
# Same paper, section A: binary data, two observers, ten units, no missing data: alpha 0.095.
PAPER_BINARY_A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
PAPER_BINARY_B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]


def test_the_pinned_library_reproduces_the_papers_four_observer_example() -> None:
    assert round(krippendorff.alpha(PAPER_FOUR_OBSERVERS, level_of_measurement="nominal"), 3) == 0.743
    assert round(krippendorff.alpha(PAPER_FOUR_OBSERVERS, level_of_measurement="interval"), 3) == 0.849


def test_nominal_alpha_reproduces_the_papers_binary_example() -> None:
    assert round(nominal_alpha(list(zip(PAPER_BINARY_A, PAPER_BINARY_B, strict=True))), 3) == 0.095
    # Labels are only names: the same data as kinds gives the same alpha.
    names = {0: "assessment", 1: "proposal"}
    pairs = [(names[a], names[b]) for a, b in zip(PAPER_BINARY_A, PAPER_BINARY_B, strict=True)]
    assert round(nominal_alpha(pairs), 3) == 0.095
    assert math.isnan(nominal_alpha([("proposal", "proposal")] * 5))


def _paper_record(fixture_record):
    """Ten statements whose record codes are the paper's observer A (kind and the 'trade' theme)."""
    base = fixture_record.statements[0]
    statements = [
        replace(
            base,
            id=f"unit-{i:02d}",
            kind="proposal" if a else "assessment",
            themes=("trade",) if a else ("digital",),
            initiatives=(),
            former_ids=(),
        )
        for i, a in enumerate(PAPER_BINARY_A, start=1)
    ]
    return replace(fixture_record, statements=statements)


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=["id", "kind", "themes", "initiatives"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _paper_sheet(tmp_path: Path) -> Path:
    """Observer B's codes as a filled-in blind sheet (opaque unit ids)."""
    rows = [
        {
            "id": unit_id(f"unit-{i:02d}"),
            "kind": "proposal" if b else "assessment",
            "themes": "trade" if b else "digital",
            "initiatives": "",
        }
        for i, b in enumerate(PAPER_BINARY_B, start=1)
    ]
    return _write_csv(tmp_path / "second.csv", rows)


def test_agreement_on_the_papers_binary_example_end_to_end(fixture_record, tmp_path: Path) -> None:
    record = _paper_record(fixture_record)
    coding, problems = read_sheet(_paper_sheet(tmp_path), "second.csv", record)
    assert problems == []
    result = agreement(record, coding)
    kind, themes, initiatives = result.fields
    assert round(kind.alpha, 3) == 0.095
    assert kind.percent == 60.0  # the observers agree on 6 of the 10 units
    assert round(themes.per_category["trade"][0], 3) == 0.095
    assert themes.per_category["trade"][1] == 5  # units either observer marked
    assert initiatives.percent == 100.0 and math.isnan(initiatives.alpha)
    assert result.confusion["assessment"]["proposal"] == 3
    assert result.confusion["proposal"]["assessment"] == 1
    assert result.confusion["assessment"]["assessment"] == 5
    assert result.confusion["proposal"]["proposal"] == 1
    kinds = [(d.statement, d.record, d.second) for d in result.disagreements if d.field == "kind"]
    assert kinds == [
        ("unit-01", "assessment", "proposal"),
        ("unit-03", "assessment", "proposal"),
        ("unit-06", "assessment", "proposal"),
        ("unit-09", "proposal", "assessment"),
    ]
    assert [d.line for d in result.disagreements if d.field == "kind"] == [2, 4, 7, 10]
    text = report_text(result)
    assert "kind: alpha 0.095" in text
    assert "unit-09 kind: record proposal | second coder assessment" in text


def test_the_bootstrap_interval_is_seeded_and_brackets_the_estimate(fixture_record, tmp_path: Path) -> None:
    record = _paper_record(fixture_record)
    coding, _ = read_sheet(_paper_sheet(tmp_path), "second.csv", record)
    first, second = agreement(record, coding), agreement(record, coding)
    assert first.fields[0].interval == second.fields[0].interval
    low, high = first.fields[0].interval
    assert -1 <= low <= first.fields[0].alpha <= high <= 1
    assert bootstrap_interval([("a", "a")] * 4, nominal_alpha) is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=2, max_size=30))
def test_alpha_is_one_exactly_when_coders_agree_and_never_above(pairs) -> None:
    value = nominal_alpha(pairs)
    if math.isnan(value):
        assert len({v for pair in pairs for v in pair}) == 1
        return
    assert value <= 1 + 1e-12
    assert math.isclose(value, 1.0) == all(a == b for a, b in pairs)


def test_method_section_follows_the_method_page() -> None:
    markdown = (
        "# Method\n\n## Decision tests\n\nA proposal puts forward.\n\n### Worked example\n\nx\n\n## Limits\n\nno\n"
    )
    assert method_section(markdown) == ("Decision tests", "A proposal puts forward.\n\n### Worked example\n\nx\n")
    assert method_section("# Method\n\n### The statement kinds\n\n| a |\n")[0] == "The statement kinds"
    assert (
        method_section("# Method\n\n## The decision tests, kind by kind\n\ny\n")[0]
        == "The decision tests, kind by kind"
    )
    assert method_section("# Method\n\nnothing\n") is None


def test_a_blind_sheet_carries_no_code_of_the_record(fixture_record) -> None:
    files = sheet_files(fixture_record, ("Decision tests", "Ask: is it a step?\n"), blind=True)
    rows = list(csv.DictReader(io.StringIO(files["coding-sheet.csv"])))
    assert len(rows) == len(fixture_record.statements)
    assert all(row["kind"] == row["themes"] == row["initiatives"] == "" for row in rows)
    ids = {s.id for s in fixture_record.statements}
    assert not ids & {row["id"] for row in rows}
    assert rows[3]["quote"] == "the single window system should be expanded"
    assert rows[3]["paragraphs"] == "3"
    units = files["coding-sheet.yaml"].split("\nunits:\n")[1]
    for statement in fixture_record.statements:
        assert f"kind: {statement.kind}" not in units
    assert "Ask: is it a step?" in files["coding-sheet.yaml"] and "Ask: is it a step?" in files["codebook.md"]


def test_sheet_then_agree_through_the_command_line(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# Method\n\n## Decision tests\n\nTest one.\n\n## Limits\n", "utf-8")
    result = run_cli("coding", "sheet", "--blind", "sheet", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "sheet").iterdir()) == [
        "codebook.md",
        "coding-sheet.csv",
        "coding-sheet.yaml",
    ]
    assert "Test one." in (project / "sheet" / "codebook.md").read_text("utf-8")
    before = (project / "sheet" / "coding-sheet.csv").read_bytes()
    again = run_cli("coding", "sheet", "--blind", "sheet", cwd=project)
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "exists" in again.stderr
    assert (project / "sheet" / "coding-sheet.csv").read_bytes() == before
    # The record's own codes, written as a sheet and compared back: perfect agreement.
    assert run_cli("coding", "sheet", "own", cwd=project).returncode == 0
    for name in ("coding-sheet.csv", "coding-sheet.yaml"):
        agree = run_cli("coding", "agree", f"own/{name}", cwd=project)
        assert agree.returncode == 0, agree.stderr
        assert "kind: alpha 1.000" in agree.stdout
        assert "0 disagreement(s)" in agree.stdout


_HEADER = "id,kind,themes,initiatives\n"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "s.csv",
            _HEADER + "analyst-openness,assesment,trade,\n",
            "s.csv:2: unit 'analyst-openness': unknown kind 'assesment' (did you mean 'assessment'?)",
        ),
        (
            "s.csv",
            _HEADER + "analyst-openness,assessment,,\nanalyst-opennes,proposal,,\n",
            "s.csv:3: unknown unit 'analyst-opennes' (did you mean 'analyst-openness'?)",
        ),
        (
            "s.csv",
            _HEADER + "analyst-openness,assessment,,\nanalyst-openness,proposal,,\n",
            "s.csv:3: unit 'analyst-openness' is coded twice (first on line 2)",
        ),
        (
            "s.csv",
            _HEADER + "analyst-openness,assessment,trade; tarde,\n",
            "s.csv:2: unit 'analyst-openness': unknown theme 'tarde' (did you mean 'trade'?)",
        ),
        (
            "s.csv",
            _HEADER + "analyst-openness,assessment,,nope\n",
            "s.csv:2: unit 'analyst-openness': unknown initiative 'nope'",
        ),
        (
            "s.csv",
            "id,kind\nanalyst-openness,assessment\n",
            "s.csv:1: the header lacks the column(s) themes, initiatives",
        ),
        (
            "s.csv",
            _HEADER + "analyst-openness,assessment,,,extra\n",
            "s.csv:2: the row has more cells than the header has columns",
        ),
        (
            "s.csv",
            _HEADER + "analyst-openness,,,\n",
            "s.csv:1: no unit is coded: fill in 'kind' for each unit you coded",
        ),
        ("s.csv", _HEADER + ",assessment,,\n", "s.csv:2: the unit has no id: copy it from the blank sheet"),
        (
            "s.csv",
            b"id,kind,themes,initiatives\nanalyst-openness,assessment,caf\xe9,\n",
            "s.csv:2: the sheet is not UTF-8: save it as UTF-8 (CSV UTF-8 in a spreadsheet)",
        ),
        ("s.txt", "anything", "s.txt:1: a coding sheet must be a .csv or .yaml file"),
        (
            "s.yaml",
            "units:\n  - id: analyst-openness\n    kind: [assessment]\n",
            "s.yaml:3: 'kind' must be one kind, as text",
        ),
        (
            "s.yaml",
            "units:\n  - id: analyst-openness\n    kind: assessment\n    themes: {a: 1}\n",
            "s.yaml:4: 'themes' must be a list of ids",
        ),
        ("s.yaml", "units: [\n", "s.yaml:2: YAML syntax error: did not find expected node content"),
        ("s.yaml", "coder: me\n", "s.yaml:1: the sheet must have a 'units:' list"),
        (
            "s.yaml",
            "units:\n  - just text\n",
            "s.yaml:2: each unit must be a mapping with id, kind, themes and initiatives",
        ),
    ],
)
def test_a_bad_sheet_gives_one_line_naming_what_to_fix(project: Path, name: str, content, expected: str) -> None:
    path = project / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = run_cli("coding", "agree", name, cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected]
    assert "Traceback" not in result.stderr


def test_a_missing_sheet_is_one_line_too(project: Path) -> None:
    result = run_cli("coding", "agree", "nowhere.csv", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["nowhere.csv:1: cannot read the sheet: No such file or directory"]


def test_the_reliability_page_says_when_there_is_no_second_coding(fixture_record) -> None:
    _, shown = read_page(reliability_page(CrossRef.build(fixture_record)), "reliability.md")
    assert "No second coding has been committed yet" in shown.text
    assert "apecrecord coding sheet --blind my-coding/" in shown.text
    assert "as data/coding/<your-name>.csv." in shown.text


def test_a_committed_second_coding_is_checked_and_published(project: Path) -> None:
    from apecrecord.check import check_data

    coding = project / "data" / "coding"
    coding.mkdir()
    _write_csv(
        coding / "second-reader.csv",
        [
            {"id": "analyst-openness", "kind": "assessment", "themes": "trade", "initiatives": ""},
            {"id": unit_id("analyst-derisking"), "kind": "assessment", "themes": "trade", "initiatives": ""},
        ],
    )
    record, problems = check_data(project / "data")
    assert [p for p in problems if not p.warning] == []
    assert [c.name for c in record.second_codings] == ["second-reader"]
    page = reliability_page(CrossRef.build(record))
    _, shown = read_page(page, "reliability.md")
    assert ("h2", "second-coding-second-reader", "Second coding: second-reader") in shown.headings
    assert "2 of 7 statements coded." in shown.text
    rows = table_rows(page)
    assert [row[0] for row in rows if "50.0%" in row] == ["kind"]
    assert ["analyst-derisking", "kind", "principle", "assessment"] in rows
    assert ("analyst-derisking", url("statements/analyst-derisking.md")) in shown.links

    (coding / "second-reader.csv").write_text(_HEADER + "analyst-openness,maybe,,\n", encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "data/coding/second-reader.csv:2: unit 'analyst-openness': unknown kind 'maybe'" in result.stderr


def test_the_reliability_page_escapes_what_a_sheet_holds(fixture_record) -> None:
    unit = CodedUnit("analyst-openness", 2, "proposal", frozenset({"trade"}), frozenset())
    record = replace(fixture_record, second_codings=[SecondCoding("x.csv", "<script>alert(1)</script>|", (unit,))])
    page = reliability_page(CrossRef.build(record))
    assert "<script>" not in page
    assert "Second coding: &lt;script&gt;alert(1)&lt;/script&gt;|" in page
    _, shown = read_page(page, "reliability.md")
    assert shown.headings[1][2] == "Second coding: <script>alert(1)</script>|"


def test_every_second_coding_has_its_own_anchors_whatever_its_name(fixture_record) -> None:
    """Anchors come from the coding's name, so adding another coding leaves them as they were;
    names that make the same anchor are numbered, never doubled."""
    unit = CodedUnit("analyst-openness", 2, "proposal", frozenset({"trade"}), frozenset())

    def anchors(*names: str) -> list[str]:
        codings = [SecondCoding(f"{n}.csv", n, (unit,)) for n in names]
        page = reliability_page(CrossRef.build(replace(fixture_record, second_codings=codings)))
        _, shown = read_page(page, "reliability.md")  # also: every id on the page is unique
        return [element_id for tag, element_id, _ in shown.headings if tag != "h1"]

    one = ["second-coding-reader", "second-coding-reader-kinds", "second-coding-reader-disagreements"]
    assert anchors("reader") == [*one, "contribute"]
    assert anchors("reader", "zeta")[:3] == one
    clashing = anchors("Reader", "reader", "reader-2", "reader-kinds", "<>", "")[::3][:6]  # each coding's h2
    assert clashing == [  # in the page's order: by name
        "second-coding-unnamed",
        "second-coding-unnamed-2",
        "second-coding-reader",
        "second-coding-reader-2",
        "second-coding-reader-2-2",
        "second-coding-reader-kinds-2",
    ]


def test_a_sheet_cannot_be_written_over_a_file(project: Path) -> None:
    (project / "taken").write_text("mine\n", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# Method\n", encoding="utf-8")
    result = run_cli("coding", "sheet", "--blind", "taken", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["apecrecord coding sheet: error: cannot write into taken: File exists"]
    assert (project / "taken").read_text(encoding="utf-8") == "mine\n"


_CELLS = st.sampled_from(
    ["analyst-openness", "assessment", "proposal", "trade", "x", "", '"', ",", "\n", "\r", "\x00", "é", ";"]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(_CELLS, max_size=6).map("".join), max_size=5).map(",".join),
    st.lists(st.lists(_CELLS, max_size=8).map("".join), max_size=6).map("\n".join),
    st.sampled_from(["s.csv", "s.yaml"]),
)
def test_any_sheet_gives_a_coding_or_problems_with_lines_never_an_exception(
    fixture_record, tmp_path_factory, header: str, body: str, name: str
) -> None:
    path = tmp_path_factory.mktemp("sheet") / name
    content = (_HEADER if name.endswith(".csv") and "," not in header else header + "\n") + body
    path.write_bytes(content.encode("utf-8"))
    coding, problems = read_sheet(path, name, fixture_record)
    assert (coding is None) == bool(problems)
    lines = content.count("\n") + content.count("\r") + 1  # the CSV reader also ends a line at a lone CR
    for problem in problems:
        assert problem.file == name and 1 <= problem.line <= lines + 1, problem


def test_the_site_publishes_the_reliability_page_under_about(fixture_site: Path) -> None:
    page = (fixture_site / "reliability" / "index.html").read_text(encoding="utf-8")
    assert "No second coding has been committed yet" in page
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert 'href="reliability/"' in home


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_sheet_cell_that_starts_like_a_formula_stays_text(fixture_record, start: str) -> None:
    statements = [
        replace(s, quote=start + "HYPERLINK(1)") if s.id == "analyst-openness" else s for s in fixture_record.statements
    ]
    sheet = sheet_files(replace(fixture_record, statements=statements), None)["coding-sheet.csv"]
    row = next(csv.DictReader(io.StringIO(sheet, newline="")))
    assert row["quote"] == "'" + start + "HYPERLINK(1)"
    assert row["id"] == unit_id("analyst-openness")
