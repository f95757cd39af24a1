"""The Performance page quotes only figures the committed results files hold, and says only what holds.

Its figures are generated from bench/results*.json (``apecrecord.render.performance``); these
tests read the page as built and as written, take every number out of its prose and tables (code,
which holds commands, is left aside), and fail on any number no committed results file holds at
the precision shown. The targets are in the results files too, so they pass the same way.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apecrecord.render.handwritten import BENCH_DIR, MARKER
from apecrecord.render.performance import (
    NOT_MEASURED,
    describe,
    figures_rows,
    growth_rows,
    performance_figures,
    target_lines,
)
from conftest import ROOT

PAGE = ROOT / "docs" / "performance.md"
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)*")


def _leaves(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from _leaves(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(inner, key)
    else:
        yield key, value


def committed_figures(bench_dir: Path = BENCH_DIR) -> set[str]:
    """Every way the page may show a number a committed results file holds."""
    shown: set[str] = set()
    for path in bench_dir.glob("results*.json"):
        for key, value in _leaves(json.loads(path.read_text(encoding="utf-8"))):
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, int | float):
                for number in (value, 100 * value):  # shares are shown as percentages
                    shown.update(f"{number:.{places}f}" for places in range(4))
            elif key not in ("commit", "arguments"):  # dates, versions, scale labels such as 10x
                shown.update(_NUMBER.findall(str(value)))
    return shown


def _numbers(visible_text: str) -> list[str]:
    return [token.replace(",", "") for token in _NUMBER.findall(visible_text)]


def _built_text(page: str) -> str:
    """The article's text as a reader sees it, code left out."""
    article = page[page.index("<article") : page.index("</article>")]
    article = re.sub(r"<(pre|code)\b.*?</\1>", " ", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def _source_text(markdown: str) -> str:
    """The hand-written source, code blocks, inline code and comments left out."""
    markdown = re.sub(r"^```.*?^```", " ", markdown, flags=re.S | re.M)
    markdown = re.sub(r"`[^`]*`", " ", markdown)
    return re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)


def test_the_built_page_quotes_only_figures_a_results_file_holds(real_site: Path) -> None:
    built = _built_text((real_site / "performance" / "index.html").read_text(encoding="utf-8"))
    held = committed_figures()
    assert held, "no committed results file under bench/"
    numbers = _numbers(built)
    assert numbers, "the page shows no figure at all"
    assert [n for n in numbers if n not in held] == []


def test_the_written_page_quotes_no_figure_of_its_own() -> None:
    source = PAGE.read_text(encoding="utf-8")
    assert MARKER.format(name="performance-figures") in source
    held = committed_figures()
    assert [n for n in _numbers(_source_text(source)) if n not in held] == []


def test_a_figure_no_file_holds_is_caught(tmp_path: Path) -> None:
    """The check itself: a figure typed into the page, or left from an older run, is found."""
    (tmp_path / "results.json").write_text(json.dumps({"results": [{"scale": "1x", "pages": 124}]}))
    held = committed_figures(tmp_path)
    assert [n for n in _numbers("124 pages in 2.3 s at 1×") if n not in held] == ["2.3"]


OLD_FORMAT = {  # a results file written before the anchor, the targets and the growth steps
    "machine": {"cores": 2, "python": "3.11.7", "c_loader": True},
    "results": [{"scale": "1x", "statements": 75, "pages": 126, "pages_per_second": 72.93, "statement_page_kb": 28.57}],
    "growth": {"build time, 10k over 1x": 114.2},
}


def test_a_run_without_the_anchor_says_not_measured(tmp_path: Path) -> None:
    rows = {row[0]: row[1:] for row in figures_rows(OLD_FORMAT)}
    assert rows["speed over the anchor (this build's pages per second / the anchor's)"][0] == NOT_MEASURED
    assert rows["this site's build, pages per second"][0] == "73"
    assert growth_rows(OLD_FORMAT) == []  # growth in the old format is not shown as if it were measured steps
    (tmp_path / "results.json").write_text(json.dumps(OLD_FORMAT))
    block = html.unescape(performance_figures(tmp_path))
    assert "on a date the file does not record" in block
    assert "114" not in block
    assert [n for n in _numbers(block) if n not in committed_figures(tmp_path)] == []


def test_no_results_file_says_so(tmp_path: Path) -> None:
    assert (
        performance_figures(tmp_path) == "<p>No benchmark results are committed yet: run <code>make bench</code>.</p>"
    )


def test_targets_shown_are_the_results_files_targets_with_their_verdicts(real_site: Path) -> None:
    built = " ".join(_built_text((real_site / "performance" / "index.html").read_text(encoding="utf-8")).split())
    report = json.loads((BENCH_DIR / "results.json").read_text(encoding="utf-8"))
    for target in report.get("targets", []):
        assert describe(target) in built
    for line in target_lines(report):
        assert " ".join(line.split()) in built


def test_each_target_is_judged_where_it_applies() -> None:
    report = {
        **OLD_FORMAT,
        "targets": [
            {"figure": "speed_ratio", "op": ">=", "value": 2.0, "scales": ["10x", "100x"]},
            {"figure": "statement_page_kb", "op": "<", "value": 28.5},
            {"figure": "pages_per_second", "op": ">=", "value": 70},
        ],
    }
    assert target_lines(report) == [
        "speed over the anchor (this build's pages per second / the anchor's), at least 2 at 10× and 100×: "
        "10×: not measured, 100×: not measured",
        "statement page HTML, KB (median), under 28.5: 1×: not met",
        "this site's build, pages per second, at least 70: 1×: met",
    ]


@pytest.mark.parametrize(
    "location",
    [
        "statements/",
        "statements/by-source/",
        "statements/by-theme/",
        "compare/crosswalk/",
        "compare/side-by-side/",
        "compare/link-map/",
        "compare/timeline/",
    ],
)
def test_the_listings_and_comparisons_the_page_names_are_not_searched(real_site: Path, location: str) -> None:
    docs = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert (real_site / location / "index.html").is_file()
    assert [d["location"] for d in docs if d["location"].split("#")[0] == location] == []
