"""Each check, shown failing on a one-line change to the fixture record, with its exact message.

The fixture record passes every check; each case makes one mistake an editor could make and
asserts the complete list of errors that ``check`` reports for it.
"""

from __future__ import annotations

import time
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
        [f"{REPORT}:20: statement 'leader-climate-plan': missing required field 'kind'"],
    ),
    "wrong type": (
        (REPORT, "paragraphs: [2]", "paragraphs: two"),
        [f"{REPORT}:21: statement 'leader-climate-plan': 'paragraphs' should be a list, not 'two'"],
    ),
    "value not allowed": (
        (REPORT, "kind: commitment", "kind: commitmint"),
        [
            f"{REPORT}:25: statement 'leader-climate-plan': 'kind' 'commitmint' is not one of: proposal, "
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
            f"{REPORT}:20: statement id 'analyst-openness' is already used at data/statements/op-ed.yaml:4: choose another id"
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
        [f"{REPORT}:30: statement 'leader-climate-plan': initiative 'nope' does not exist"],
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
        [f"{REPORT}:26: statement 'leader-climate-plan': the quote is in paragraph 2, not in the cited paragraph 1"],
    ),
    "paragraph out of range": (
        (REPORT, "paragraphs: [2]", "paragraphs: [9]"),
        [
            f"{REPORT}:21: statement 'leader-climate-plan': paragraph 9 is out of range: 'report' has paragraphs 1 to 2",
            f"{REPORT}:26: statement 'leader-climate-plan': the quote is in paragraph 2, not in the cited paragraph 9",
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
        [f"{REPORT}:33: statement 'leader-climate-plan': added '2025-02-30' is not a real date"],
    ),
    "date in the wrong form": (
        (REPORT, 'added: "2026-11-24"', "added: 1 Nov 2025"),
        [
            f"{REPORT}:33: statement 'leader-climate-plan': 'added' '1 Nov 2025' is not a date: "
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
        f"{REPORT}:27: warning: statement 'leader-climate-plan': the summary copies the quote; say it in our own words",
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


OP_ED = "data/statements/op-ed.yaml"
OPENNESS = "quote: Openness is the foundation of growth."
CROSS_RECORD_CASES = {
    # Quotes: one span of whole words, in consecutive cited paragraphs that each hold part of it.
    "a quote that starts mid-word": (
        [(OP_ED, OPENNESS, "quote: penness is the foundation of growth.")],
        [
            f"{OP_ED}:10: statement 'analyst-openness': the quote starts or ends inside the word 'Openness': quote whole words"
        ],
    ),
    "a quote that ends mid-word": (
        [(OP_ED, OPENNESS, "quote: Openness is the foundation of grow")],
        [
            f"{OP_ED}:10: statement 'analyst-openness': the quote starts or ends inside the word 'growth': quote whole words"
        ],
    ),
    "a quote stitched across a skipped paragraph": (
        [
            (OP_ED, OPENNESS, "quote: '\"de-cooperation\". First, the single window'"),
            (OP_ED, "paragraphs: [1]", "paragraphs: [3, 1]"),
        ],
        [
            f"{OP_ED}:5: statement 'analyst-openness': paragraph 3 is not in section 'intro' (paragraphs 1 to 1)",
            f"{OP_ED}:5: statement 'analyst-openness': paragraphs 3, 1 are not consecutive: a quote is one span, "
            "so cite one run of paragraphs, or make one statement per span",
        ],
    ),
    "a cited paragraph that holds none of the quote": (
        [(OP_ED, "paragraphs: [3]", "paragraphs: [3, 4]")],
        [
            f"{OP_ED}:52: statement 'analyst-single-window': the quote is in paragraph 3 only, not in all of the "
            "cited paragraphs 3, 4: cite only the paragraphs the quote spans"
        ],
    ),
    "a one-character quote": (
        [(OP_ED, OPENNESS, "quote: ','")],
        [
            f"{OP_ED}:10: statement 'analyst-openness': the quote is too short (0 words, 1 character): quote at "
            "least 2 words and 12 characters, enough to carry the statement"
        ],
    ),
    "a quote in a photo caption": (
        [(OP_ED, OPENNESS, "quote: A photo caption, kept for the record.")],
        [
            f"{OP_ED}:10: statement 'analyst-openness': the quote is in the photo caption (data/texts/op-ed.txt:1), "
            "which is not a numbered paragraph: statements quote the body"
        ],
    ),
    "a control character is not whitespace": (
        [(OP_ED, OPENNESS, 'quote: "Openness is\\x1fthe foundation of growth."')],
        [f"{OP_ED}:10: the value holds U+001F control character, which cannot be seen: delete it"],
    ),
    "a paragraph number written 1.0": (
        [(OP_ED, "paragraphs: [1]", "paragraphs: [1.0]")],
        [f"{OP_ED}:5: statement 'analyst-openness': 'paragraphs.0' should be a whole number, not 1.0"],
    ),
    "a section bound written 1.0": (
        [
            "data/sources.yaml",
            "{id: intro, title: Introduction, from: 1, to: 1}",
            "{id: intro, title: Introduction, from: 1, to: 1.0}",
        ],
        ["data/sources.yaml:19: source 'op-ed': 'sections.0.to' should be a whole number, not 1.0"],
    ),
    "a number written in hexadecimal is quoted as written": (
        [(OP_ED, "paragraphs: [1]", "paragraphs: [0x1F]")],
        [f"{OP_ED}:5: statement 'analyst-openness': 'paragraphs.0' should be a whole number, not 0x1F"],
    ),
    "a YAML 1.1 boolean where text is expected": (
        [("data/sources.yaml", "language: en", "language: no")],
        [
            "data/sources.yaml:8: source 'op-ed': 'language' should be text, not no (YAML reads it unquoted as "
            "false): put it in quotes"
        ],
    ),
    # Context: required where the quote does not begin a sentence; verbatim, before the quote.
    "a quote that does not begin a sentence, without context": (
        [(OP_ED, "    context: First,\n", "")],
        [
            f"{OP_ED}:52: statement 'analyst-single-window': the quote does not begin a sentence: add the words it "
            "depends on as 'context', copied from paragraph 3 before the quote (here: 'First,')"
        ],
    ),
    "a context that comes after the quote": (
        [(OP_ED, "context: First,", "context: Second,")],
        [
            f"{OP_ED}:53: statement 'analyst-single-window': the context comes after the quote in paragraph 3: "
            "it must end before the quote begins"
        ],
    ),
    "a context that is not in the paragraph": (
        [(OP_ED, "context: First,", "context: Firstly,")],
        [
            f"{OP_ED}:53: statement 'analyst-single-window': the context is not in paragraph 3, where the quote "
            "begins; copy it exactly (only whitespace, quotation marks and dashes may differ)"
        ],
    ),
    "a context cut mid-word": (
        [(OP_ED, "context: First,", "context: irst,")],
        [
            f"{OP_ED}:53: statement 'analyst-single-window': the context starts or ends inside the word 'First': copy whole words"
        ],
    ),
    # Ids and one-line fields.
    "an id with a final newline": (
        [("data/themes.yaml", "  - id: trade", '  - id: "trade\\n"')],
        [
            "data/themes.yaml:3: theme 'trade\\n': 'id' 'trade\\n' is not a valid id: use lowercase letters a-z, "
            "digits and single hyphens"
        ],
    ),
    "a name folded with a final newline": (
        [("data/themes.yaml", "    name: Trade and supply chains", "    name: >\n      Trade and supply chains")],
        ["data/themes.yaml:4: theme 'trade': 'name' holds a line break: write it on one line"],
    ),
    "a name holding a tab": (
        [("data/themes.yaml", "name: Trade and supply chains", 'name: "Trade\\tand supply chains"')],
        ["data/themes.yaml:4: theme 'trade': 'name' holds a tab: use a space"],
    ),
    "a section that ends past the text": (
        [
            (
                "data/sources.yaml",
                "{id: point-1, title: First point, from: 1, to: 2}",
                "{id: point-1, title: First point, from: 1, to: 3}",
            )
        ],
        ["data/sources.yaml:34: source 'report': section 'point-1' ends at paragraph 3, but the text has 2"],
    ),
    "an id that is a generated page": (
        [("data/themes.yaml", "  - id: digital", "  - id: by-theme"), ("data/themes.yaml", "[digital]", "[by-theme]")],
        ["data/themes.yaml:7: theme id 'by-theme' is the name of a generated page: choose another id"],
    ),
    "an id that is a Windows device name": (
        [("data/themes.yaml", "  - id: digital", "  - id: com1"), ("data/themes.yaml", "[digital]", "[com1]")],
        [
            "data/themes.yaml:7: theme id 'com1' is a Windows device name, which cannot be a file name there: choose another id"
        ],
    ),
    "a former id that is a generated page": (
        [(OP_ED, "former_ids: [analyst-free-data]", "former_ids: [index]")],
        [
            f"{OP_ED}:75: statement 'analyst-data-flow': former id 'index' is the name of a generated page: choose another id"
        ],
    ),
    "a zero-width space in a name": (
        [("data/themes.yaml", "name: Trade and", "name: Trade\u200b and")],
        [
            "data/themes.yaml:4: the line holds U+200B ZERO WIDTH SPACE, which cannot be seen or changes the text's "
            "direction: delete it"
        ],
    ),
    "a direction override written as an escape": (
        [("data/themes.yaml", "name: Trade and supply chains", 'name: "Trade \\u202e and supply chains"')],
        ["data/themes.yaml:4: the value holds U+202E RIGHT-TO-LEFT OVERRIDE, which cannot be seen: delete it"],
    ),
    # Cross-record rules.
    "events whose parents form a cycle": (
        [
            (
                "data/events.yaml",
                "    not_stated: []\n  - id: summit-session",
                "    parent: summit-session\n    not_stated: []\n  - id: summit-session",
            )
        ],
        [
            "data/events.yaml:9: event 'summit': its parents lead back to itself (summit -> summit-session -> summit): "
            "an event cannot contain itself",
            "data/events.yaml:14: event 'summit-session': its parents lead back to itself "
            "(summit-session -> summit -> summit-session): an event cannot contain itself",
        ],
    ),
    "a framing paragraph out of range": (
        [("data/sources.yaml", "{paragraph: 4, reason:", "{paragraph: 9, reason:")],
        ["data/sources.yaml:22: source 'op-ed': framing paragraph 9 is out of range: the text has paragraphs 1 to 4"],
    ),
    "date bounds in the wrong order": (
        [
            (
                "data/sources.yaml",
                '      not_before: "2025-10-31"\n',
                '      not_before: "2025-10-31"\n      not_after: "2025-10-01"\n',
            )
        ],
        [
            "data/sources.yaml:10: source 'op-ed': 'published' not_before 2025-10-31 is after not_after 2025-10-01: "
            "swap them"
        ],
    ),
    "a date given with a bound's reason": (
        [("data/sources.yaml", 'published: {date: "2025-11-01"}', 'published: {date: "2025-11-01", reason: A guess.}')],
        [
            "data/sources.yaml:28: source 'report': 'published' gives a date and a reason; a reason explains bounds: "
            "drop the reason, or give not_before/not_after instead of the date"
        ],
    ),
    "a month that ends before the day it should follow": (
        [
            (
                "data/events.yaml",
                'end: "2025-11-01"\n    not_stated: []\n  - id: summit-session',
                'end: "2025-09"\n    not_stated: []\n  - id: summit-session',
            )
        ],
        ["data/events.yaml:8: event 'summit': end 2025-09 is before start 2025-10-31"],
    ),
    "a month that holds the day it follows": (
        [("data/events.yaml", 'end: "2025-11-01"\n    not_stated: []\n', 'end: "2025-11"\n    not_stated: []\n', 2)],
        [],
    ),
    # Files.
    "a second statements file for one source": (
        [("data/statements/op-ed.yaml", "source: op-ed", "source: report")],
        [
            "data/statements/op-ed.yaml:2: the statements of source 'report' belong in statements/report.yaml, not "
            "op-ed.yaml: one source has one statements file"
        ],
    ),
}

#: Edits that also make other, expected, errors (a moved statement's paragraphs, a renamed theme).
ALSO_BREAKS = {
    "a second statements file for one source",
    "an id with a final newline",
    "an id that is a generated page",
    "an id that is a Windows device name",
}


@pytest.mark.parametrize("case", CROSS_RECORD_CASES, ids=list(CROSS_RECORD_CASES))
def test_each_rule_of_issue_13_gives_its_exact_message(project: Path, case: str) -> None:
    edits, expected = CROSS_RECORD_CASES[case]
    if isinstance(edits[0], str):
        edits = [tuple(edits)]
    for file, old, new, *count in edits:
        edit(project, file, old, new, *count)
    _, problems = check_data(project / "data")
    found = [str(p) for p in errors(problems)]
    if case in ALSO_BREAKS:
        assert set(expected) <= set(found), found
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("stray", "message"),
    [
        ("data/statements/x.yml", "the file is not read: rename it to x.yaml"),
        ("data/statements/OP-ED.YAML", "the file is not read: rename it to OP-ED.yaml"),
        (
            "data/statements/old/x.yaml",
            "unknown data file: statements go in data/statements/<source-id>.yaml, other records in data/<kind>.yaml",
        ),
        ("data/notes.txt", "the file is not part of the record and is not read: move it out of the data folder"),
        ("data/.hidden", "the file is not part of the record and is not read: move it out of the data folder"),
        (
            "data/texts/extra.txt",
            "no source names this archived text in its 'text' field: add the source to sources.yaml or delete the file",
        ),
    ],
)
def test_every_file_under_data_is_read_or_refused(project: Path, stray: str, message: str) -> None:
    path = project / stray
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("statements: []\n", encoding="utf-8")
    _, problems = check_data(project / "data")
    assert [str(p) for p in errors(problems)] == [f"{stray}:1: {message}"]


def test_a_file_level_error_does_not_hide_the_records_errors(project: Path) -> None:
    edit(project, OP_ED, "source: op-ed\n", "source: op-ed\nsoruce: typo\n")
    edit(project, OP_ED, OPENNESS, "quote: Openness is the basis of growth.")
    _, problems = check_data(project / "data")
    found = [str(p) for p in errors(problems)]
    assert found[0].startswith(f"{OP_ED}:2: unknown field 'soruce' (did you mean 'source'?)")
    assert found[1].startswith(f"{OP_ED}:11: statement 'analyst-openness': the quote is not in the archived text")
    assert len(found) == 2


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_a_windows_checkout_is_told_apart_from_an_edit(project: Path, newline: bytes) -> None:
    path = project / "data" / "texts" / "report.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", newline))
    _, problems = check_data(project / "data")
    assert [str(p) for p in errors(problems)] == [
        "data/sources.yaml:31: source 'report': data/texts/report.txt has CRLF or CR line endings but the text "
        "is unchanged: do not record a new sum; restore LF line endings (git checkout with the repository's "
        ".gitattributes, or save the file with LF)"
    ]


def test_line_numbers_are_right_whatever_line_breaks_a_file_uses(project: Path) -> None:
    edit(project, REPORT, "speaker: leader", "speaker: leeder")
    path = project / REPORT
    expected = f"{REPORT}:6: statement 'leader-ai-cooperation': actor 'leeder' does not exist (did you mean 'leader'?)"
    for newline in (b"\r\n", b"\r"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", newline))
        _, problems = check_data(project / "data")
        assert [str(p) for p in errors(problems)] == [expected]


def test_the_summary_copy_warning_takes_linear_time() -> None:
    """37 s on an 86 KB statement before; the word-pair measure takes milliseconds."""
    from apecrecord.check import summary_copies_quote
    from apecrecord.model import Origin, Statement

    words = [f"w{i % 997}x{i % 13}" for i in range(13_000)]
    quote, summary = " ".join(words), " ".join(reversed(words))
    assert len(quote) > 86_000
    statement = Statement(
        "s", "src", (1,), "a", "direct-quote", "a", "assessment", quote, summary, "x", "2025-11-01", Origin("f", 1)
    )
    started = time.perf_counter()
    summary_copies_quote(statement)
    assert time.perf_counter() - started < 1.0


# Titles, lead paragraphs, sourced addresses and the changelog (check._titles_addresses_and_changes).

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
        f"{OP_ED}:76: statement 'analyst-data-flow': title '{same}' is already used by statement "
        f"'analyst-single-window' at {OP_ED}:60: titles must be unique"
    ]


def test_a_missing_title_is_an_error(project: Path) -> None:
    """The title is the page's <title> and the citation's title: without one, two pages could share it."""
    edit(project, REPORT, "    title: Working together on AI governance\n", "")
    assert _errors(project) == [
        f"{REPORT}:4: statement 'leader-ai-cooperation' has no title: give it a short headline, unique across the record"
    ]


def test_lead_paragraphs_must_be_body_paragraphs_of_the_text(project: Path) -> None:
    edit(project, "data/sources.yaml", "lead: {paragraphs: [1]", "lead: {paragraphs: [1, 3]")
    assert _errors(project) == [
        "data/sources.yaml:35: source 'report': lead paragraph 3 is out of range: the text has paragraphs 1 to 2"
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


def test_a_file_is_parsed_and_checked_again_only_when_its_content_changed(project: Path, monkeypatch) -> None:
    """``make serve`` checks the whole record on every edit; files whose bytes are the same are not
    read again, and what the check reports is the same either way."""
    from apecrecord import load

    monkeypatch.setattr(load, "_READ", {})  # nothing cached by other tests of the same files
    read = []
    original = load.read_yaml
    monkeypatch.setattr(load, "read_yaml", lambda path, display: read.append(display) or original(path, display))
    first = check_data(project / "data")[1]
    assert read
    read.clear()
    assert check_data(project / "data")[1] == first and read == []
    edit(project, "data/statements/op-ed.yaml", "    paragraphs: [1]\n", "    paragraphs: [1.0]\n")
    found = check_data(project / "data")[1]
    assert read == ["data/statements/op-ed.yaml"]
    assert any("1.0" in p.message for p in errors(found))
