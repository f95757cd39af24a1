"""Scale benchmark: how fast is the site's build against plain MkDocs on the same pages?

Generates SYNTHETIC records shaped like the real one (same proportions of sources, statements,
actors and initiatives, paragraphs of the same length, quotes cut from their paragraphs so every
check runs for real) in a temporary folder, never under data/, and measures each size in one run:

- the ANCHOR: plain MkDocs and Material, with mkdocs.yml minus the hook, building the same pages
  written as Markdown by the renderer at ``ANCHOR_COMMIT`` (``apecrecord render --out``);
- the PROJECT: this tree's own build (mkdocs build with the hook), measured the same way in a
  child process, and the ratio of the two builds' pages per second;
- load and check, render, page and search index sizes, peak memory;
- edit to page on screen: from saving one statement's YAML to ``make serve``'s entry point
  (scripts/serve.py, run in a copy of the project holding the synthetic record) serving the
  changed page.

Prints the tables the Performance page shows and writes the figures, with the targets, to
bench/results.json. Targets are printed beside the measured figures; nothing here is asserted.

    python scripts/bench.py                    # 10x and 100x the real record
    python scripts/bench.py --scales 1,10      # any multiples
    python scripts/bench.py --with-10k --out bench/results-10k.json
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import io
import itertools
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from apecrecord import yamlfile  # noqa: E402
from apecrecord.check import check_data  # noqa: E402
from apecrecord.problems import errors  # noqa: E402
from apecrecord.publish import site_files  # noqa: E402
from apecrecord.render.performance import figures_rows, growth_rows, target_lines  # noqa: E402
from engines import complete_project  # noqa: E402

MARK = "[SYNTHETIC]"
RESULTS = ROOT / "bench" / "results.json"
#: The last commit before generated pages became finished HTML (issue 17): its renderer wrote
#: every page as Markdown. Its ``render --out`` tree, built by plain MkDocs and Material, is the
#: anchor: the same pages, the same engine, no hook. Pinned so the anchor never moves.
ANCHOR_COMMIT = "f364258"
#: Scales above this many times the record skip the serve measurement unless --serve-all.
SERVE_MAX_SCALE = 10.0
#: How often the changed page is asked for while serve rebuilds: small, so it does not dominate.
POLL_SECONDS = 0.02
SERVE_EDITS = 5  # edits timed under make serve; the median is reported
#: The targets, written into results.json so the Performance page judges by the same ones.
#: ``figure`` is a key of a scale's results (or of a growth step); ``scales`` limits where it applies.
TARGETS = [
    {"figure": "speed_ratio", "op": ">=", "value": 2.0, "scales": ["10x", "100x"]},
    {"figure": "serve_edit_seconds", "op": "<", "value": 1.0, "scales": ["1x"]},
    {"figure": "serve_edit_seconds", "op": "<", "value": 5.0, "scales": ["10x"]},
    {"figure": "check_ms_per_statement", "op": "<", "value": 0.5},
    {"figure": "statement_page_kb", "op": "<", "value": 50},
    {"figure": "search_index_gzip_mb", "op": "<", "value": 1.5},
    {"figure": "search_index_to_markdown", "op": "<", "value": 1.2},
    {"figure": "build_time_over_statements", "op": "<=", "value": 1.1},
    {"figure": "statement_page_size", "op": "<=", "value": 1.1},
]
#: What the project copy for serve leaves out at its top level: what it does not need, or must
#: not carry (the real data/: the copy gets the synthetic record instead).
NOT_COPIED = {".git", ".venv", "node_modules", "site", "data", "tests", "bench", ".pytest_cache", ".cache"}


def real_shape() -> dict[str, float]:
    """Counts and text lengths of the real record: the template for synthetic ones."""
    record, _ = check_data(ROOT / "data")
    paragraphs = [p.text for a in record.archives.values() for p in a.body.values()]
    return {
        "statements": len(record.statements),
        "sources": len(record.sources),
        "actors": len(record.actors),
        "themes": len(record.themes),
        "initiatives": len(record.initiatives),
        "glossary": len(record.glossary),
        "paragraph_chars": statistics.mean(len(p) for p in paragraphs),
        "summary_chars": statistics.mean(len(s.summary) for s in record.statements),
        "themes_per_statement": statistics.mean(len(s.themes) for s in record.statements),
    }


def generate(folder: Path, statements: int, shape: dict[str, float], seed: int = 2025) -> None:
    """Write a synthetic record of about ``statements`` statements into ``folder``/data."""
    rng = random.Random(seed)
    scale = statements / shape["statements"]
    n_sources = max(1, round(shape["sources"] * scale))
    n_actors = max(3, round(shape["actors"] * scale))
    n_themes = max(3, round(shape["themes"] * scale**0.5))  # a taxonomy grows slower than its record
    n_initiatives = max(1, round(shape["initiatives"] * scale))
    words = [
        *("cooperation", "growth", "digital", "trade", "supply", "chains", "green", "transition"),
        *("inclusive", "region", "economies", "innovation", "data", "governance", "development"),
        *("climate", "openness", "investment", "policy"),
    ]

    def sentence(chars: float) -> str:
        out: list[str] = []
        while sum(len(w) + 1 for w in out) < chars:
            out.append(rng.choice(words))
        return " ".join(out).capitalize() + "."

    data = folder / "data"
    (data / "texts").mkdir(parents=True)
    (data / "statements").mkdir()

    def dump(name: str, content: dict) -> None:
        (data / name).write_text(
            f"# {MARK} generated by scripts/bench.py\n" + yaml.safe_dump(content, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )

    actors = [
        {"id": f"actor-{i}", "name": f"{MARK} Actor {i}", "kind": "person" if i % 3 else "organisation"}
        for i in range(n_actors)
    ]
    themes = [{"id": f"theme-{i}", "name": f"{MARK} Theme {i}", "description": sentence(120)} for i in range(n_themes)]
    initiatives = [
        {"id": f"initiative-{i}", "name": f"{MARK} Initiative {i}", "kind": "plan", "description": sentence(100)}
        for i in range(n_initiatives)
    ]
    glossary = [
        {"id": f"term-{i}", "term": f"synthterm{i}", "definition": sentence(120)} for i in range(int(shape["glossary"]))
    ]
    dump("actors.yaml", {"actors": actors})
    dump("themes.yaml", {"themes": themes})
    dump("initiatives.yaml", {"initiatives": initiatives})
    dump("glossary.yaml", {"glossary": glossary})
    dump(
        "events.yaml",
        {
            "events": [
                {
                    "id": "event-0",
                    "name": f"{MARK} Summit",
                    "kind": "summit",
                    "place": "Nowhere",
                    "start": "2025-10-31",
                    "end": "2025-11-01",
                    "not_stated": [],
                }
            ]
        },
    )

    sources = []
    per_source = [statements // n_sources + (1 if i < statements % n_sources else 0) for i in range(n_sources)]
    counter = 0
    for s, count in enumerate(per_source):
        source_id = f"source-{s}"
        n_paragraphs = max(1, round(count / 1.9))
        paragraphs = [sentence(shape["paragraph_chars"]) for _ in range(n_paragraphs)]
        text = "\n\n".join(f"[{i}] {p}" for i, p in enumerate(paragraphs, 1)) + "\n"
        (data / "texts" / f"{source_id}.txt").write_text(text, encoding="utf-8")
        sources.append(
            {
                "id": source_id,
                "short_title": f"{MARK} Source {s}",
                "kind": "news-report",
                "publisher": actors[s % n_actors]["id"],
                "language": "en",
                "published": {"date": "2025-11-01"},
                "text": f"texts/{source_id}.txt",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "not_stated": ["title", "outlet", "authors", "translated_from", "url"],
                "sections": [{"id": "body", "title": "Body", "from": 1, "to": n_paragraphs}],
            }
        )
        items = []
        for k in range(count):
            number = k % n_paragraphs + 1
            paragraph = paragraphs[number - 1]
            # Whole words, with the words before them as context, as the quote rules require.
            words = paragraph.split()
            start = rng.randrange(0, max(1, len(words) // 2))
            quote = " ".join(words[start : start + rng.randint(6, 18)])
            context = " ".join(words[max(0, start - 4) : start]) or None
            items.append(
                {
                    "id": f"statement-{counter}",
                    "paragraphs": [number],
                    "speaker": actors[rng.randrange(n_actors)]["id"],
                    "attribution": "reported-speech",
                    "reported_by": actors[s % n_actors]["id"],
                    "kind": rng.choice(
                        ["proposal", "commitment", "call-to-action", "assessment", "announcement", "principle"]
                    ),
                    "quote": quote,
                    **({"context": context} if context else {}),
                    "summary": f"{MARK} " + sentence(shape["summary_chars"]),
                    "title": f"{MARK} Statement {counter}",
                    "section": "body",
                    "themes": sorted(
                        {themes[rng.randrange(n_themes)]["id"] for _ in range(round(shape["themes_per_statement"]))}
                    ),
                    "initiatives": [initiatives[rng.randrange(n_initiatives)]["id"]] if rng.random() < 0.3 else [],
                    "actors": [],
                    "added": "2026-11-23",
                }
            )
            counter += 1
        dump(f"statements/{source_id}.yaml", {"source": source_id, "statements": items})
    dump("sources.yaml", {"sources": sources})


def child_build(config: str, out: str) -> None:
    """Run inside a fresh process so its peak memory is the build's own."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    build(load_config(config_file=config, site_dir=out, strict=True))  # data from APECRECORD_DATA, if any
    print(
        json.dumps(
            {"seconds": time.perf_counter() - started, "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        )
    )


def measure_build(config: Path, site: Path, data: Path | None) -> dict[str, float]:
    """Build ``config`` into ``site`` in a child process; seconds inside the build, pages, peak memory."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1761955200")
    env.pop("APECRECORD_DATA", None)
    env.pop("SITE_URL", None)
    if data is not None:
        env["APECRECORD_DATA"] = str(data)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child-build", str(config), str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench: building {config} failed:\n{result.stderr[-3000:]}")
    inner = json.loads(result.stdout.strip().splitlines()[-1])
    pages = len(list(site.rglob("index.html")))
    return {
        "build_seconds": wall,
        "build_inner_seconds": inner["seconds"],
        "peak_rss_mb": inner["max_rss_kb"] / 1024,
        "pages": pages,
        "pages_per_second": pages / inner["seconds"],
    }


def anchor_renderer(folder: Path) -> Path:
    """The ``apecrecord`` package at ``ANCHOR_COMMIT``, extracted under ``folder``; its scripts/ path."""
    known = subprocess.run(["git", "cat-file", "-e", f"{ANCHOR_COMMIT}^{{commit}}"], cwd=ROOT, capture_output=True)
    if known.returncode != 0:
        raise SystemExit(
            f"bench: commit {ANCHOR_COMMIT}, whose renderer writes the anchor's Markdown, is not in this clone "
            "(a shallow clone?): run git fetch --unshallow"
        )
    archive = subprocess.run(
        ["git", "archive", ANCHOR_COMMIT, "scripts/apecrecord"], cwd=ROOT, capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "scripts"


def measure_anchor(renderer: Path, data: Path, project: Path) -> dict[str, float]:
    """Render ``data`` as Markdown with the anchor's renderer, then build it with plain MkDocs."""
    env = dict(os.environ, PYTHONPATH=str(renderer))
    command = [sys.executable, "-m", "apecrecord", "render", "--data", str(data), "--out", str(project / "docs")]
    result = subprocess.run(command, cwd=renderer, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: the anchor's renderer ({ANCHOR_COMMIT}) failed:\n{result.stderr[-3000:]}")
    markdown_bytes = sum(p.stat().st_size for p in (project / "docs").rglob("*.md"))
    config = complete_project(project)
    markdown_bytes += sum(p.stat().st_size for p in (ROOT / "docs").rglob("*.md"))
    figures = measure_build(config, project / "site", data=None)
    return {f"anchor_{key}": value for key, value in figures.items()} | {"anchor_markdown_bytes": markdown_bytes}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_project(data: Path, folder: Path) -> Path:
    """A copy of this project whose data/ is the synthetic record, for ``make serve`` to watch."""

    def skipped(where: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or (Path(where) == ROOT and n in NOT_COPIED)}

    shutil.copytree(ROOT, folder, ignore=skipped)
    shutil.copytree(data, folder / "data")
    return folder


def measure_serve_edit(project: Path, timeout: float) -> float | None:
    """Seconds from saving a statement's YAML to ``make serve`` serving the changed page: the
    median of ``SERVE_EDITS`` edits one after the other, since one is at the mercy of the machine."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("APECRECORD_DATA", None)
    env.pop("SITE_URL", None)
    server = subprocess.Popen(
        [sys.executable, str(project / "scripts" / "serve.py"), f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so whatever it starts is stopped with it
    )
    url = f"http://127.0.0.1:{port}/statements/statement-0/"
    try:
        deadline = time.monotonic() + timeout
        while not _fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                return None
            time.sleep(0.2)
        path = project / "data" / "statements" / "source-0.yaml"
        original = path.read_text(encoding="utf-8")
        times = []
        for edit in range(SERVE_EDITS):
            time.sleep(1.0)  # let the watcher settle after the previous build
            marker = f"edited-{edit}-{time.time_ns()}"
            started = time.perf_counter()
            path.write_text(
                original.replace("summary: '[SYNTHETIC]", f"summary: '[SYNTHETIC] {marker}", 1), encoding="utf-8"
            )
            deadline = time.monotonic() + timeout
            while marker not in (_fetch(url) or ""):
                if time.monotonic() > deadline or server.poll() is not None:
                    return None
                time.sleep(POLL_SECONDS)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """Stop the serve process group this benchmark started."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def measure(statements: int, shape: dict[str, float], renderer: Path, serve: bool, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="apec-bench-") as tmp:
        folder = Path(tmp)
        generate(folder, statements, shape)
        data = folder / "data"
        started = time.perf_counter()
        record, problems = check_data(data)
        check_seconds = time.perf_counter() - started
        if errors(problems):
            raise SystemExit(f"synthetic record does not check: {errors(problems)[:3]}")
        started = time.perf_counter()
        files = site_files(record)
        render_seconds = time.perf_counter() - started
        generated = [path for path in files if path.endswith((".md", ".html"))]
        figures: dict = {"statements": len(record.statements), "generated_pages": len(generated)}
        figures["check_ms_per_statement"] = 1000 * check_seconds / len(record.statements)
        figures["render_ms_per_page"] = 1000 * render_seconds / len(generated)
        figures["generation_seconds"] = check_seconds + render_seconds
        print("  anchor build...", flush=True)
        figures.update(measure_anchor(renderer, data, folder / "anchor"))
        print("  project build...", flush=True)
        site = folder / "site"
        figures.update(measure_build(ROOT / "mkdocs.yml", site, data=data))
        figures["speed_ratio"] = figures["pages_per_second"] / figures["anchor_pages_per_second"]
        # Both builds should publish the same pages; a difference is counted, shown and said.
        built = {p.relative_to(site) for p in site.rglob("index.html")}
        anchor_site = folder / "anchor" / "site"
        differ = sorted(built ^ {p.relative_to(anchor_site) for p in anchor_site.rglob("index.html")})
        figures["pages_in_one_build_only"] = len(differ)
        if differ:
            print(f"  {len(differ)} pages built by only one of the two builds, such as {differ[0]}", flush=True)
        figures["generation_share"] = figures["generation_seconds"] / figures["build_inner_seconds"]
        statement_pages = sorted((site / "statements").glob("statement-*/index.html"))
        figures["statement_page_kb"] = statistics.median(p.stat().st_size for p in statement_pages) / 1024
        figures["theme_page_kb"] = max(p.stat().st_size for p in (site / "themes").glob("*/index.html")) / 1024
        index = (site / "search" / "search_index.json").read_bytes()
        figures["search_index_mb"] = len(index) / 2**20
        figures["search_index_gzip_mb"] = len(gzip.compress(index, 6)) / 2**20
        figures["search_index_to_markdown"] = len(index) / figures.pop("anchor_markdown_bytes")
        figures["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
        if serve:
            print("  edit under make serve...", flush=True)
            figures["serve_edit_seconds"] = measure_serve_edit(serve_project(data, folder / "serve"), timeout)
        return figures


def unchanged_rebuild_rewrites() -> int:
    """Files rewritten when `make site` runs twice on the same data (should be zero)."""
    with tempfile.TemporaryDirectory(prefix="apec-bench-site-") as tmp:
        out = Path(tmp) / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out)]
        subprocess.run(command, check=True, capture_output=True, env=env)
        stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
        subprocess.run(command, check=True, capture_output=True, env=env)
        return sum(1 for p, stamp in stamps.items() if (p.stat().st_ino, p.stat().st_mtime_ns) != stamp)


def growth(results: list[dict]) -> list[dict]:
    """From each scale to the next: how statements, build time and statement page size grew."""
    steps = []
    for small, large in itertools.pairwise(results):
        statements = large["statements"] / small["statements"]
        build_time = large["build_inner_seconds"] / small["build_inner_seconds"]
        steps.append(
            {
                "from": small["scale"],
                "to": large["scale"],
                "statements": statements,
                "build_time": build_time,
                "build_time_over_statements": build_time / statements,
                "statement_page_size": large["statement_page_kb"] / small["statement_page_kb"],
            }
        )
    return steps


def provenance() -> dict:
    """The date, the commit measured and whether the tree had uncommitted changes."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    return {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "commit": git("rev-parse", "HEAD") or None,
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench")),
        "arguments": sys.argv[1:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the site against plain MkDocs at multiples of the record.")
    parser.add_argument("--scales", default="10,100", help="multiples of the real record (default 10,100)")
    parser.add_argument("--with-10k", action="store_true", help="also measure 10,000 statements")
    parser.add_argument("--serve-all", action="store_true", help=f"measure serve above {SERVE_MAX_SCALE:g}x too")
    parser.add_argument("--serve-timeout", type=float, default=600, help="seconds to wait for serve")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file (default bench/results.json)")
    parser.add_argument("--child-build", nargs=2, metavar=("CONFIG", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        child_build(*args.child_build)
        return 0
    shape = real_shape()
    sizes = [(f"{s}x", round(shape["statements"] * float(s)), float(s)) for s in args.scales.split(",")]
    if args.with_10k:
        sizes.append(("10k", 10_000, 10_000 / shape["statements"]))
    loader = "PyYAML C loader" if yamlfile.C_LOADER else "PyYAML pure-Python loader (C loader missing: slower)"
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {loader}", flush=True)
    measured = provenance()
    results = []
    with tempfile.TemporaryDirectory(prefix="apec-bench-anchor-") as tmp:
        renderer = anchor_renderer(Path(tmp))
        for label, count, multiple in sizes:
            print(f"measuring {label} ({count} statements)...", flush=True)
            serve = args.serve_all or multiple <= SERVE_MAX_SCALE
            figures = measure(count, shape, renderer, serve, args.serve_timeout)
            results.append({"scale": label, **figures})
    report = {
        "measured": measured,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "c_loader": yamlfile.C_LOADER},
        "anchor": {"commit": ANCHOR_COMMIT, "what": "plain MkDocs and Material, mkdocs.yml minus the hook"},
        "targets": TARGETS,
        "results": results,
        "growth": growth(results),
        "files_rewritten_by_unchanged_rebuild": unchanged_rebuild_rewrites(),
    }
    print()
    # The Performance page's tables and targets, as plain text.
    for rows in filter(None, (figures_rows(report), growth_rows(report))):
        print("\n".join(" | ".join(row) for row in rows), end="\n\n")
    rewrites = report["files_rewritten_by_unchanged_rebuild"]
    print(f"files rewritten when `make site` runs twice on unchanged data: {rewrites}")
    print("\ntargets:\n" + "\n".join(target_lines(report)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
