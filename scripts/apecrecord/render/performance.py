"""The Performance page's figures, generated from the benchmark's committed results files.

``make bench`` (scripts/bench.py) writes ``bench/results.json``: the figures at each scale, the
growth between scales and the targets. The page's ``<!-- generated: performance-figures -->``
marker is replaced by ``performance_figures``, so every figure the page quotes is one a results
file holds, and a figure a run did not measure reads "not measured" instead of an old value. The
benchmark prints the same tables, and judges its targets with the same functions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from apecrecord.model import format_date
from apecrecord.render.markup import bullets, code, heading, html_block, slug, table, text

NOT_MEASURED = "not measured"

#: The figures at each scale, in the order shown: key in results.json, label, format.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("statements", "statements", "{:,.0f}"),
    ("anchor_pages", "anchor pages built (index.html)", "{:,.0f}"),
    ("pages", "this site's pages built (index.html)", "{:,.0f}"),
    ("pages_in_one_build_only", "pages built by only one of the two builds", "{:,.0f}"),
    (
        "anchor_pages_per_second",
        "anchor: plain MkDocs and Material, same pages as Markdown, pages per second",
        "{:,.0f}",
    ),
    ("pages_per_second", "this site's build, pages per second", "{:,.0f}"),
    ("speed_ratio", "speed over the anchor (this build's pages per second / the anchor's)", "{:.2f}"),
    ("anchor_build_inner_seconds", "anchor build, seconds", "{:,.1f}"),
    ("build_inner_seconds", "this site's full build, seconds", "{:,.1f}"),
    ("anchor_peak_rss_mb", "anchor build, peak memory, MB", "{:,.0f}"),
    ("peak_rss_mb", "this site's build, peak memory, MB", "{:,.0f}"),
    ("serve_edit_seconds", "edit one statement's YAML to the changed page served by make serve, seconds", "{:.2f}"),
    ("check_ms_per_statement", "load and check, ms per statement", "{:.3f}"),
    ("render_ms_per_page", "render, ms per page", "{:.2f}"),
    ("generation_share", "generation (load, check, render) / full build", "{:.1%}"),
    ("statement_page_kb", "statement page HTML, KB (median)", "{:.1f}"),
    ("theme_page_kb", "largest theme page HTML, KB", "{:.1f}"),
    ("search_index_mb", "search index, MB", "{:.2f}"),
    ("search_index_gzip_mb", "search index gzipped, MB", "{:.2f}"),
    ("search_index_to_markdown", "search index / the same pages as Markdown", "{:.2f}"),
    ("site_mb", "whole site, MB", "{:,.1f}"),
)

#: Growth from one scale to the next, measured in the same run.
GROWTH: tuple[tuple[str, str, str], ...] = (
    ("statements", "statements", "{:.2f}"),
    ("build_time", "build time", "{:.2f}"),
    ("build_time_over_statements", "build time growth over statement growth (linear stays near one)", "{:.2f}"),
    ("statement_page_size", "statement page size (flat stays near one)", "{:.2f}"),
)

_COMPARISONS = {"<": ("under", float.__lt__), "<=": ("at most", float.__le__), ">=": ("at least", float.__ge__)}


def scale_label(scale: str) -> str:
    """``10x`` as ``10×``; other labels (``10k``) as they are."""
    return scale[:-1] + "×" if scale.endswith("x") and scale[:-1].replace(".", "").isdigit() else scale


def describe(target: Mapping[str, Any]) -> str:
    """``under 0.5``, ``at least 2 at 10× and 100×``: a target in words."""
    words = f"{_COMPARISONS[target['op']][0]} {target['value']:g}"
    scales = target.get("scales")
    return f"{words} at {' and '.join(scale_label(s) for s in scales)}" if scales else words


def met(target: Mapping[str, Any], value: float | None) -> bool | None:
    """Whether ``value`` meets ``target``; None when there is no value to judge."""
    if value is None:
        return None
    return _COMPARISONS[target["op"]][1](float(value), float(target["value"]))


def _cell(value: Any, form: str) -> str:
    return NOT_MEASURED if value is None else form.format(value)


def _target_cell(targets: Sequence[Mapping[str, Any]], figure: str) -> str:
    return "; ".join(describe(t) for t in targets if t["figure"] == figure)


def figures_rows(report: Mapping[str, Any]) -> list[list[str]]:
    """The figures at every scale of one run, with the targets beside them: a header row, then rows."""
    runs = report.get("results", [])
    targets = report.get("targets", [])
    header = ["figure", *(scale_label(r["scale"]) for r in runs), "target"]
    return [header] + [
        [label, *(_cell(r.get(key), form) for r in runs), _target_cell(targets, key)] for key, label, form in FIGURES
    ]


def _steps(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The growth steps, from one scale to the next (none in files written before they were listed)."""
    steps = report.get("growth")
    return [g for g in steps if isinstance(g, Mapping)] if isinstance(steps, list) else []


def growth_rows(report: Mapping[str, Any]) -> list[list[str]]:
    """How each figure grew from one scale to the next; no rows when the run had one scale."""
    steps = _steps(report)
    if not steps:
        return []
    targets = report.get("targets", [])
    header = ["growth", *(f"{scale_label(g['from'])} to {scale_label(g['to'])}" for g in steps), "target"]
    return [header] + [
        [label, *(_cell(g.get(key), form) for g in steps), _target_cell(targets, key)] for key, label, form in GROWTH
    ]


def _table(rows: list[list[str]]) -> str:
    return table([text(cell) for cell in rows[0]], [[text(cell) for cell in row] for row in rows[1:]])


_VERDICTS = {True: "met", False: "not met", None: NOT_MEASURED}


def target_lines(report: Mapping[str, Any]) -> list[str]:
    """Each target at each scale (or step between scales) it applies to: met, not met, not measured."""
    runs = {scale_label(r["scale"]): r for r in report.get("results", [])}
    steps = {f"{scale_label(g['from'])} to {scale_label(g['to'])}": g for g in _steps(report)}
    labels = {key: label for key, label, _ in FIGURES + GROWTH}
    growth_keys = {key for key, _, _ in GROWTH}
    lines = []
    for target in report.get("targets", []):
        figure = target["figure"]
        if figure in growth_keys:
            places = steps
        else:
            wanted = [scale_label(s) for s in target.get("scales") or []] or list(runs)
            places = {name: runs.get(name, {}) for name in wanted}
        verdicts = ", ".join(f"{name}: {_VERDICTS[met(target, got.get(figure))]}" for name, got in places.items())
        lines.append(f"{labels.get(figure, figure)}, {describe(target)}: {verdicts or NOT_MEASURED}")
    return lines


def provenance(report: Mapping[str, Any], name: str) -> str:
    """When, where and on which commit the run was measured, as far as the file records it."""
    measured = report.get("measured", {})
    machine = report.get("machine", {})
    when = f"on {text(format_date(measured['date']))}" if measured.get("date") else "on a date the file does not record"
    commit = f" at commit {code(measured['commit'][:12])}" if measured.get("commit") else ""
    if measured.get("uncommitted_changes"):
        commit += " with uncommitted changes"
    cores = f" on a {machine['cores']}-core machine" if machine.get("cores") else ""
    python = f", Python {text(machine['python'])}" if machine.get("python") else ""
    loader = ""
    if "c_loader" in machine:
        loader = ", PyYAML's C loader" if machine["c_loader"] else ", PyYAML's pure-Python loader"
    where = f"the raw figures are in {code('bench/' + name)}"
    return f"Measured {when}{commit}{cores}{python}{loader}, all scales in one run; {where}."


def run_section(report: Mapping[str, Any], name: str) -> str:
    blocks = [provenance(report, name), _table(figures_rows(report))]
    growth = growth_rows(report)
    if growth:
        blocks += ["Growth, measured in the same run:", _table(growth)]
    rewrites = report.get("files_rewritten_by_unchanged_rebuild")
    if rewrites is not None:
        blocks.append(
            f"Files rewritten when {code('make site')} runs twice on unchanged data: <strong>{rewrites}</strong>."
        )
    if report.get("targets"):
        blocks += ["Targets:", bullets(text(line) for line in target_lines(report))]
    return html_block(*blocks)


def performance_figures(bench_dir: Path) -> str:
    """Every committed results file's figures: ``results.json`` first, then any ``results-*.json``."""
    files = sorted(bench_dir.glob("results*.json"), key=lambda p: (p.name != "results.json", p.name))
    if not files:
        return html_block(f"No benchmark results are committed yet: run {code('make bench')}.")
    sections = []
    for path in files:
        report = json.loads(path.read_text(encoding="utf-8"))
        section = run_section(report, path.name)
        if path.name != "results.json":
            section = heading(3, f"From {code('bench/' + path.name)}", slug(path.name)) + "\n" + section
        sections.append(section)
    return html_block(*sections)
