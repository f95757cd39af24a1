"""Each check, shown failing on a one-line change to the fixture record, with its exact message.

The fixture record passes every check; each case makes one mistake an editor could make and
asserts the complete list of errors that ``check`` reports for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apecrecord.check import check_data
from apecrecord.problems import errors
from conftest import edit

REPORT = "data/statements/report.yaml"
CLIMATE_QUOTE = "quote: economies should work together on AI governance"

CASES = {
    "unknown field": (
        (
            "data/themes.yaml",
            "    related: [digital]\n",
            "    related: [digital]\n    colour: red\n",
        ),
        ["data/themes.yaml:3: theme 'trade': unknown field 'colour'; allowed fields: description, id, name, related"],
    ),
    "misspelt field": (
        ("data/themes.yaml", "    description: How goods", "    descripton: How goods"),
        [
            "data/themes.yaml:3: theme 'trade': missing required field 'description'",
            "data/themes.yaml:3: theme 'trade': unknown field 'descripton' (did you mean 'description'?); "
            "allowed fields: description, id, name, related",
        ],
    ),
    "missing required field": (
        (REPORT, "    kind: commitment\n", ""),
        [f"{REPORT}:18: statement 'leader-climate-plan': missing required field 'kind'"],
    ),
    "wrong type": (
        (REPORT, "paragraphs: [2]", "paragraphs: two"),
        [f"{REPORT}:19: statement 'leader-climate-plan': 'paragraphs' should be a list, not 'two'"],
    ),
    "value not allowed": (
        (REPORT, "kind: commitment", "kind: commitmint"),
        [
            f"{REPORT}:23: statement 'leader-climate-plan': 'kind' 'commitmint' is not one of: proposal, "
            "commitment, call-to-action, assessment, announcement, principle (did you mean 'commitment'?)"
        ],
    ),
    "id with a path in it": (
        ("data/themes.yaml", "  - id: trade", "  - id: ../x"),
        [
            "data/themes.yaml:3: theme '../x': 'id' '../x' is not a valid id: use lowercase letters a-z, digits and single hyphens"
        ],
    ),
    "id in capitals": (
        ("data/actors.yaml", "  - id: outlet", "  - id: CON"),
        [
            "data/actors.yaml:13: actor 'CON': 'id' 'CON' is not a valid id: use lowercase letters a-z, digits and single hyphens",
        ],
    ),
    "id too long": (
        ("data/actors.yaml", "  - id: outlet", "  - id: " + "a" * 81),
        [f"data/actors.yaml:13: actor '{'a' * 81}': 'id' is longer than 80 characters"],
    ),
    "a list where a mapping is expected": (
        ("data/events.yaml", "events:\n", "- events:\n"),
        ["data/events.yaml:1: the file holds a list; it should be a mapping with 'events:'"],
    ),
    "duplicate id across files": (
        (REPORT, "id: leader-climate-plan", "id: analyst-openness"),
        [
            f"{REPORT}:18: statement id 'analyst-openness' is already used at data/statements/op-ed.yaml:4: choose another id"
        ],
    ),
    "dangling theme": (
        (REPORT, "themes: [digital]", "themes: [digitl]"),
        [f"{REPORT}:13: statement 'leader-ai-cooperation': theme 'digitl' does not exist (did you mean 'digital'?)"],
    ),
    "dangling speaker": (
        (REPORT, "speaker: leader", "speaker: leeder"),
        [f"{REPORT}:6: statement 'leader-ai-cooperation': actor 'leeder' does not exist (did you mean 'leader'?)"],
    ),
    "dangling initiative": (
        (REPORT, "initiatives: [climate-plan]", "initiatives: [climate-plan, nope]"),
        [f"{REPORT}:28: statement 'leader-climate-plan': initiative 'nope' does not exist"],
    ),
    "dangling event": (
        (REPORT, "event: summit-session", "event: summit-sesion"),
        [
            f"{REPORT}:16: statement 'leader-ai-cooperation': event 'summit-sesion' does not exist (did you mean 'summit-session'?)"
        ],
    ),
    "dangling section": (
        (REPORT, "section: point-1", "section: point-2"),
        [
            f"{REPORT}:12: statement 'leader-ai-cooperation': section 'point-2' does not exist in source 'report' (did you mean 'point-1'?)"
        ],
    ),
    "dangling source": (
        (REPORT, "source: report", "source: reprt"),
        [
            f"{REPORT}:1: statement 'leader-ai-cooperation': source 'reprt' does not exist (did you mean 'report'?)",
            f"{REPORT}:1: statement 'leader-climate-plan': source 'reprt' does not exist (did you mean 'report'?)",
        ],
    ),
    "dangling publisher": (
        ("data/sources.yaml", "publisher: agency", "publisher: agncy"),
        ["data/sources.yaml:26: source 'report': actor 'agncy' does not exist (did you mean 'agency'?)"],
    ),
    "dangling related theme": (
        ("data/themes.yaml", "related: [digital]", "related: [digitl]"),
        ["data/themes.yaml:6: theme 'trade': theme 'digitl' does not exist (did you mean 'digital'?)"],
    ),
    "dangling parent event": (
        ("data/events.yaml", "parent: summit", "parent: sumit"),
        ["data/events.yaml:13: event 'summit-session': event 'sumit' does not exist (did you mean 'summit'?)"],
    ),
    "dangling role source": (
        ("data/actors.yaml", "source: report}", "source: repor}"),
        ["data/actors.yaml:12: actor 'leader': source 'repor' does not exist (did you mean 'report'?)"],
    ),
    "quote not in the source": (
        (REPORT, CLIMATE_QUOTE, "quote: economies must work together on AI governance"),
        [
            f"{REPORT}:10: statement 'leader-ai-cooperation': the quote is not in the archived text of 'report'; "
            "copy it exactly (only whitespace, quotation marks and dashes may differ)"
        ],
    ),
    "quote in another paragraph": (
        (REPORT, "paragraphs: [2]", "paragraphs: [1]"),
        [f"{REPORT}:24: statement 'leader-climate-plan': the quote is in paragraph 2, not in the cited paragraph 1"],
    ),
    "paragraph out of range": (
        (REPORT, "paragraphs: [2]", "paragraphs: [9]"),
        [
            f"{REPORT}:19: statement 'leader-climate-plan': paragraph 9 is out of range: 'report' has paragraphs 1 to 2",
            f"{REPORT}:24: statement 'leader-climate-plan': the quote is in paragraph 2, not in the cited paragraph 9",
        ],
    ),
    "archived text changed": (
        ("data/texts/report.txt", "climate plan", "climate  plan"),
        [
            "data/sources.yaml:31: source 'report': data/texts/report.txt has SHA-256 "
            "472d75dc7cec70938ab4594648199026ea1a59bda7c32424a61909b896d4507d, not the recorded one; "
            "if the text was meant to change, record the new sum"
        ],
    ),
    "date that does not exist": (
        ("data/events.yaml", 'start: "2025-11-01"', 'start: "2025-02-30"'),
        ["data/events.yaml:15: event 'summit-session': start '2025-02-30' is not a real date"],
    ),
    "unquoted date that does not exist": (
        (REPORT, 'added: "2026-11-24"', "added: 2025-02-30"),
        [f"{REPORT}:31: statement 'leader-climate-plan': added '2025-02-30' is not a real date"],
    ),
    "date in the wrong form": (
        (REPORT, 'added: "2026-11-24"', "added: 1 Nov 2025"),
        [
            f"{REPORT}:31: statement 'leader-climate-plan': 'added' '1 Nov 2025' is not a date: "
            "write YYYY-MM-DD (or YYYY-MM, YYYY where allowed), in quotes"
        ],
    ),
    "field both given and not stated": (
        (
            "data/sources.yaml",
            "not_stated: [title, outlet, url]",
            "not_stated: [title, outlet, url, authors]",
        ),
        ["data/sources.yaml:7: source 'op-ed': 'authors' is given and also listed under not_stated: keep one"],
    ),
    "field neither given nor not stated": (
        (
            "data/sources.yaml",
            "not_stated: [outlet, authors, translated_from, url]",
            "not_stated: [outlet, authors, translated_from]",
        ),
        [
            "data/sources.yaml:32: source 'report': 'url' is missing: give it, or list it under not_stated if the source does not state it"
        ],
    ),
    "bounded date without its reason": (
        (
            "data/sources.yaml",
            "      reason: The photo caption is dated; the article is not.\n",
            "",
        ),
        [
            "data/sources.yaml:10: source 'op-ed': 'published' must be either 'date: YYYY-MM-DD' or bounds "
            "('not_before' and/or 'not_after') with a 'reason'"
        ],
    ),
}


def test_the_fixture_record_passes(project: Path) -> None:
    record, problems = check_data(project / "data")
    assert errors(problems) == []
    assert len(record.statements) == 7


#: Renaming a record's id also breaks every reference to the old id; those errors follow.
BREAKS_REFERENCES = {
    "id with a path in it",
    "id in capitals",
    "id too long",
    "a list where a mapping is expected",
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_gives_its_exact_message(project: Path, case: str) -> None:
    (file, old, new), expected = CASES[case]
    edit(project, file, old, new)
    _, problems = check_data(project / "data")
    found = [str(p) for p in errors(problems)]
    if case in BREAKS_REFERENCES:
        assert expected[0] in found
        assert all("does not exist" in message for message in found if message not in expected)
    else:
        assert found == expected


def test_all_errors_of_a_run_come_together_sorted(project: Path) -> None:
    edit(project, "data/themes.yaml", "related: [digital]", "related: [digitl]")
    edit(project, REPORT, "speaker: leader", "speaker: leeder")
    edit(project, "data/events.yaml", 'start: "2025-11-01"', 'start: "2025-02-30"')
    _, problems = check_data(project / "data")
    found = [(p.file, p.line) for p in errors(problems)]
    assert found == [("data/events.yaml", 15), (REPORT, 6), ("data/themes.yaml", 6)]


def test_warnings_point_editors_at_gaps(project: Path) -> None:
    edit(
        project,
        "data/statements/op-ed.yaml",
        "    initiatives: [single-window]\n",
        "    initiatives: []\n",
    )
    edit(
        project,
        "data/sources.yaml",
        "    framing:\n      - {paragraph: 4, reason: Scene-setting with no view.}\n",
        "",
    )
    edit(
        project,
        REPORT,
        "summary: His government promises to file an updated climate pledge.",
        "summary: The country will submit its new climate plan.",
    )
    _, problems = check_data(project / "data")
    warnings = [str(p) for p in problems if p.warning]
    assert warnings == [
        "data/initiatives.yaml:3: warning: initiative 'single-window' is named by no statement",
        f"{REPORT}:4: warning: statement 'leader-ai-cooperation' has no title: give it a short headline, "
        "unique across the record",
        f"{REPORT}:25: warning: statement 'leader-climate-plan': the summary copies the quote; say it in our own words",
        "data/texts/op-ed.txt:9: warning: paragraph 4 of 'op-ed' is covered by no statement",
    ]


def test_a_theme_with_one_statement_is_flagged(project: Path) -> None:
    edit(project, "data/statements/op-ed.yaml", "themes: [digital]", "themes: [trade]")
    edit(project, "data/statements/op-ed.yaml", "themes: [trade, digital]", "themes: [trade]")
    _, problems = check_data(project / "data")
    assert "data/themes.yaml:7: warning: theme 'digital' has only one statement" in [str(p) for p in problems]


def test_archived_text_outside_the_data_folder_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("[1] secret\n", encoding="utf-8")
    (project / "data" / "texts" / "report.txt").unlink()
    (project / "data" / "texts" / "report.txt").symlink_to(outside)
    _, problems = check_data(project / "data")
    assert "data/sources.yaml:30: source 'report': text 'texts/report.txt' points outside the data folder" in [
        str(p) for p in problems
    ]


# Titles, lead paragraphs, sourced addresses and the changelog (check._titles_leads_and_changes).

OP_ED = "data/statements/op-ed.yaml"


def _errors(project: Path) -> list[str]:
    return [str(p) for p in errors(check_data(project / "data")[1])]


@pytest.mark.parametrize(
    "same",
    [
        "Expanding the single window system",
        "  expanding the SINGLE  window system",
        "Ｅxpanding the single window system",
    ],
)
def test_a_title_used_twice_is_an_error_whatever_its_case_spacing_or_width(project: Path, same: str) -> None:
    edit(project, OP_ED, "    title: Free flow of data", f"    title: '{same}'")
    assert _errors(project) == [
        f"{OP_ED}:74: statement 'analyst-data-flow': title '{same}' is already used by statement "
        f"'analyst-single-window' at {OP_ED}:59: titles must be unique"
    ]


def test_a_missing_title_is_a_warning_not_an_error(project: Path) -> None:
    _, problems = check_data(project / "data")
    assert errors(problems) == []
    assert (
        f"{REPORT}:4: warning: statement 'leader-ai-cooperation' has no title: give it a short headline, "
        "unique across the record" in [str(p) for p in problems]
    )


def test_lead_paragraphs_must_be_body_paragraphs_of_the_text(project: Path) -> None:
    edit(project, "data/sources.yaml", "lead: {paragraphs: [1]", "lead: {paragraphs: [1, 3]")
    assert _errors(project) == [
        "data/sources.yaml:35: source 'report': lead paragraph 3 is not a body paragraph of data/texts/report.txt "
        "(it has 1 to 2)"
    ]


def test_an_address_needs_its_provenance(project: Path) -> None:
    edit(
        project,
        "data/sources.yaml",
        "not_stated: [outlet, authors, translated_from, url]",
        "not_stated: [outlet, authors, translated_from]\n    url: https://example.org/a",
    )
    assert _errors(project) == [
        "data/sources.yaml:33: source 'report': 'url' is given without 'url_provenance': say how the address was "
        "identified and when"
    ]
    edit(
        project,
        "data/sources.yaml",
        "url: https://example.org/a",
        "url: https://example.org/a\n    url_provenance: {identified: The text matches the page word for word., recorded: '2026-11-23'}",
    )
    assert _errors(project) == []


CHANGES = """# yaml-language-server: $schema=../../scripts/apecrecord/schemas/changes.schema.json
changes:
  - id: first-edition
    date: "2026-11-23"
    records:
      statements: [leader-climate-plan, analyst-free-data]
      glossary: [single-window]
    removed:
      events: [gone-event]
    what: Titles added.
    why: Lists were hard to read.
"""


def test_the_changelog_names_records_that_exist_and_removed_ones_that_do_not(project: Path) -> None:
    (project / "data" / "CHANGES.yaml").write_text(CHANGES, encoding="utf-8")
    assert _errors(project) == []  # a former id (analyst-free-data) names the statement it became
    edit(project, "data/CHANGES.yaml", "leader-climate-plan,", "leader-climat-plan,")
    edit(project, "data/CHANGES.yaml", "[gone-event]", "[summit]")
    assert _errors(project) == [
        "data/CHANGES.yaml:5: change 'first-edition': statement 'leader-climat-plan' does not exist; "
        "list it under 'removed'",
        "data/CHANGES.yaml:8: change 'first-edition': event 'summit' is still in the record; list it under 'records'",
    ]


def test_a_changelog_entry_needs_its_reason_and_a_real_date(project: Path) -> None:
    (project / "data" / "CHANGES.yaml").write_text(
        CHANGES.replace("    why: Lists were hard to read.\n", "").replace("2026-11-23", "2026-02-30"), encoding="utf-8"
    )
    assert _errors(project) == [
        "data/CHANGES.yaml:3: change 'first-edition': missing required field 'why'",
    ]
    (project / "data" / "CHANGES.yaml").write_text(CHANGES.replace("2026-11-23", "2026-02-30"), encoding="utf-8")
    assert _errors(project) == ["data/CHANGES.yaml:4: change 'first-edition': date '2026-02-30' is not a real date"]


def test_the_real_record_passes_every_check_without_a_warning() -> None:
    from conftest import ROOT

    record, problems = check_data(ROOT / "data")
    assert [str(p) for p in problems] == []
    titles = [s.title for s in record.statements]
    assert all(titles) and len(set(titles)) == len(titles)
    assert all(len(t.split()) <= 9 for t in titles)
    assert record.changes, "the changelog is loaded"
