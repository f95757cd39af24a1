"""Hostile input, failed builds and repeat builds: data is text, and nothing is ever lost."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from apecrecord import atomic, scaffold
from apecrecord.check import check_data
from apecrecord.load import load_record
from apecrecord.model import Record
from apecrecord.problems import errors
from apecrecord.publish import site_files
from apecrecord.render import SiteOptions, render_site
from apecrecord.render.markup import read_front_matter
from apecrecord.schema import BLOCK_FIELDS
from conftest import FIXTURE, ROOT, build_site, edit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "{{ config.site_name }} {% raw %}",
    '--8<-- "/etc/passwd"',
    "**bold** _em_ `code` <b>b</b> &amp; &lt;",
    "# heading\n- list item",
    '"><svg onload=alert(4)>',
    "</title><script>alert(5)</script>",
    "*[HTML]: injected abbreviation",
    "{: onclick=alert(6) }",
]


def _markdown_converter() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables, read from mkdocs.yml itself."""
    config = yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0].replace("!!python", "")
    )
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    return markdown.Markdown(extensions=names)


# Elements HTML never closes.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.dangers: list[str] = []
        self.tooltips_with_markup: list[str] = []
        self.tooltips = 0
        # What a browser builds from the page, to compare two renderings of it, and its structure.
        self.stream: list[str] = []
        self.open_elements: list[str] = []
        self.misnested: list[str] = []
        self.ids: list[str] = []
        self.headings_without_id: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stream.append(f"<{tag} {sorted(attrs)}>")
        values = dict(attrs)
        if "id" in values:
            self.ids.append(values["id"] or "")
        if re.fullmatch(r"h[1-6]", tag) and not values.get("id"):
            self.headings_without_id.append(tag)
        if tag not in _VOID:
            self.open_elements.append(tag)
        self.in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs
        if self.in_json_ld:
            return
        # The site's own build-time charts, the comparison pages' pickers and the explorer's filters.
        ours = (tag, dict(attrs).get("class")) in {
            ("svg", "chart"),
            ("form", "sbs-pick"),
            ("form", "link-filter"),
            ("form", "explorer-filters"),
        }
        if tag in {"script", "iframe", "object", "embed", "svg", "img", "style", "form", "b"} and not ours:
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            self.tooltips += tag == "abbr" and name == "title"
            if name == "title" and set(value or "") & set("<>&"):
                self.tooltips_with_markup.append(value or "")  # Material renders a title as HTML
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.dangers.append(f"{name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self.stream.append(f"</{tag}>")
        if tag in _VOID:
            return
        if self.open_elements and self.open_elements[-1] == tag:
            self.open_elements.pop()
        else:
            self.misnested.append(f"</{tag}> inside {self.open_elements[-3:]}")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.stream.append(" ".join(data.split()))
        if getattr(self, "in_json_ld", False):
            json.loads(data)  # structured data must stay well-formed JSON whatever the text
            self.in_json_ld = False
            return
        self.text.append(data)


SCHEMAS = ROOT / "scripts" / "apecrecord" / "schemas"
#: Must occur verbatim in the archived text: replaced in the loaded record instead (see _hostile_quotes).
#: A glossary term keeps its name so that its uses still carry the (hostile) definition as a tooltip;
#: its aliases take the hostile text.
KEPT = {"quote", "context", "term"}
#: Optional free-text fields the fixture leaves out, added so that they are filled too.
OPTIONAL = {
    "actors": ("description",),
    "events": ("description",),
    "sources": ("self_description", "omitted"),
    "statements": ("note",),
}


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _resolve(schema: dict, document: dict) -> tuple[dict, dict]:
    """The schema a ``$ref`` points to, and the schema file it is in (for the refs inside it)."""
    while "$ref" in schema:
        where, _, pointer = schema["$ref"].partition("#")
        document = _schema(where) if where else document
        schema = document
        for part in pointer.strip("/").split("/"):
            schema = schema[part]
    return schema, document


def _is_free_text(schema: dict) -> bool:
    """A string field with no enum, format or pattern beyond "not blank": text an editor writes."""
    return (
        schema.get("type") == "string"
        and not {"enum", "format"} & set(schema)
        and schema.get("pattern") in (None, r"\S")
    )


def _fill(instance: object, schema: dict, document: dict, value: str, key: str = "") -> object:
    schema, document = _resolve(schema, document)
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        return {k: _fill(v, properties.get(k, {}), document, value, k) for k, v in instance.items()}
    if isinstance(instance, list):
        return [_fill(v, schema.get("items", {}), document, value, key) for v in instance]
    if isinstance(instance, str) and key not in KEPT and _is_free_text(schema):
        # One-line fields refuse line breaks (a check of its own): the rest of the value still goes in.
        return value if key in BLOCK_FIELDS else " ".join(value.split("\n"))
    return instance


def _write_record(project: Path, value: str) -> None:
    """Put ``value`` into every free-text field of every record type (read from the schemas), through real YAML."""
    data = project / "data"
    files = [
        (data / f"{name}.yaml", f"{name}.schema.json")
        for name in ("themes", "initiatives", "actors", "events", "glossary", "sources")
    ]
    files += [(path, "statements.schema.json") for path in (data / "statements").glob("*.yaml")]
    titled = False
    for path, schema_name in files:
        schema = _schema(schema_name)
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind = schema_name.split(".")[0]
        for item in doc[kind]:
            item.update({name: "x" for name in OPTIONAL.get(kind, ())})
        if kind == "statements" and not titled:  # titles are unique across the record: one is enough
            doc[kind][0]["title"], titled = "x", True
        doc = _fill(doc, schema, schema, value)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _hostile_quotes(record: Record, value: str) -> Record:
    """The record with ``value`` starting every archived paragraph and as every quote and context.

    Quotes are verbatim spans of the archived text, so the check refuses most hostile quotes; this
    puts them past the check to prove the pages, the reader and every download escape them anyway.
    """
    archives = {
        key: dataclasses.replace(
            archive, blocks=tuple(dataclasses.replace(b, text=f"{value} {b.text}") for b in archive.blocks)
        )
        for key, archive in record.archives.items()
    }
    statements = [dataclasses.replace(s, quote=value, context=value if s.context else None) for s in record.statements]
    return dataclasses.replace(record, archives=archives, statements=statements)


def _assert_shown_as_text(pages: dict[str, str], value: str) -> None:
    """Each generated page is front matter and one well-formed HTML block that shows ``value`` as text.

    The HTML is checked as MkDocs serves it (as written), and a Markdown engine reading the page
    (``apecrecord render --out``) must pass it through to the same elements and text.
    """
    converter = _markdown_converter()
    shown = " ".join(value.split())
    seen = False
    tooltips = 0
    for path, content in pages.items():
        if not path.endswith(".md"):
            continue
        meta, body = read_front_matter(content)
        if content.startswith("---\n"):
            # front matter parses alike with YAML and the project's own reader, and stays inert
            assert yaml.safe_load(content[4:].split("\n---\n", 1)[0]) == meta, path
            assert "<" not in str(meta), path
        assert not re.search(r"\n[ \t]*\n", body.strip()), f"{path}: a blank line ends the HTML block early"
        page = _Page()
        page.feed(body)
        page.close()
        assert (page.open_elements, page.misnested) == ([], []), (path, page.open_elements, page.misnested)
        assert page.headings_without_id == [], path
        assert "" not in page.ids and len(set(page.ids)) == len(page.ids), (path, sorted(page.ids))
        through_markdown = _Page()
        through_markdown.feed(converter.reset().convert(body))
        assert through_markdown.stream == page.stream, f"{path}: Markdown does not pass the HTML through"
        assert page.dangers == [], (path, page.dangers)
        assert page.tooltips_with_markup == [], (path, page.tooltips_with_markup)
        tooltips += page.tooltips
        for svg in re.findall(r"<svg\b.*?</svg>", content, flags=re.S):
            ET.fromstring(svg)  # well-formed XML whatever the labels hold
        seen = seen or shown in " ".join("".join(page.text).split())
    assert seen, "the hostile text was not shown anywhere"
    assert tooltips, "no glossary tooltip was rendered: the tooltip context went untested"


def _braces_balance(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _assert_downloads_exact(files: dict[str, str | bytes], record: Record, value: str) -> None:
    """Every open-data file parses, holds ``value`` exactly (CSV: with its documented quote)."""
    data = json.loads(files["downloads/statements.json"])
    assert {s["quote"] for s in data["statements"]} == {value}
    rows = list(csv.DictReader(io.StringIO(files["downloads/statements.csv"].decode("utf-8"), newline="")))
    neutral = "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r", "'")) else value
    assert {row["quote"] for row in rows} == {neutral}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())
    feed = ET.fromstring(files["feed.xml"])
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(record.statements)
    for statement in record.statements:
        single = json.loads(files[f"statements/{statement.id}.json"])
        assert single["quote"] == value
        bibtex = single["citation"]["bibtex"]
        assert _braces_balance(bibtex) and bibtex.count("\n@") == 0, bibtex
        page = files[f"statements/{statement.id}.md"]
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
        assert json.loads(ld.group(1))["text"] == value


def _check_every_context(project: Path, value: str) -> None:
    record, problems = check_data(project / "data")
    assert errors(problems) == [], [str(p) for p in problems]
    _assert_shown_as_text(render_site(record), value)
    hostile = _hostile_quotes(record, value)
    files = site_files(hostile, SiteOptions(repo_url="https://example.org/r", site_url="https://example.org/s/"))
    _assert_shown_as_text({k: v for k, v in files.items() if isinstance(v, str)}, value)
    _assert_downloads_exact(files, hostile, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_renders_as_visible_text(tmp_path: Path, value: str) -> None:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    _write_record(tmp_path, value)
    _check_every_context(tmp_path, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=60))
def test_any_text_either_renders_escaped_or_fails_cleanly(tmp_path_factory, value: str) -> None:
    project = tmp_path_factory.mktemp("prop")
    shutil.copytree(FIXTURE / "data", project / "data")
    _write_record(project, value)
    _, problems = check_data(project / "data")
    if errors(problems):
        assert all(re.match(r"^data/[\w/.-]+:\d+: ", str(p)) for p in problems)
        return
    if value.strip() and value.isprintable():
        _check_every_context(project, value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=40))
def test_scaffolding_writes_yaml_that_reads_back_whatever_the_article_holds(tmp_path_factory, value: str) -> None:
    project = tmp_path_factory.mktemp("scaffold")
    shutil.copytree(FIXTURE / "data", project / "data")
    article = project / "article.txt"
    article.write_text(f"First paragraph.\n\n{value} and more.\n", encoding="utf-8")
    record = load_record(project / "data")[0]
    before = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))
    try:
        scaffold.new_source(project / "data", "fresh", article, "op-ed", "outlet", "en", record)
    except scaffold.ScaffoldError as refused:
        assert "\n" not in str(refused)
        return
    after = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))
    assert after["sources"][:-1] == before["sources"] and after["sources"][-1]["id"] == "fresh"
    record = load_record(project / "data")[0]
    paragraphs = sorted(record.archives["fresh"].body)
    scaffold.new_statement(project / "data", "fresh", paragraphs[-1], record, datetime.date(2026, 11, 23))
    statements = yaml.safe_load((project / "data" / "statements" / "fresh.yaml").read_text(encoding="utf-8"))
    assert [s["id"] for s in statements["statements"]] == [f"fresh-p{paragraphs[-1]}-1"]


@pytest.mark.parametrize(
    "value",
    [
        "</title><script>alert(1)</script><img src=x onerror=alert(2)>",
        # Decoded once by a template or a tooltip, this would become the line above.
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;",
    ],
)
def test_hostile_text_is_inert_in_the_built_site(tmp_path: Path, value: str) -> None:
    """The full MkDocs build, templates and hand-written pages included, keeps hostile text inert."""
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    _write_record(tmp_path, value)
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    tooltips = 0
    for html_file in (tmp_path / "site").rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in html, html_file
        assert "</script><script>" not in html, html_file
        assert "<img src=x" not in html, html_file
        assert "</title><script>" not in html, html_file
        page = _Page()
        page.feed(html.split("</header>", 1)[-1])  # the theme's own header holds its scripts
        assert [d for d in page.dangers if "src=x" in d or "alert" in d] == [], html_file
        assert [t for t in page.tooltips_with_markup if "alert" in t] == [], html_file
        tooltips += page.tooltips
    assert tooltips, "no glossary tooltip in the built site"


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _make_site(project: Path, out: Path, as_user: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the project's `make site` entry point against ``project``'s data (``as_user``: a prefix)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", APECRECORD_DATA=str(project / "data"))
    return subprocess.run(
        [*(as_user or []), sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(project: Path) -> None:
    out = project / "site"
    assert _make_site(project, out).returncode == 0
    before = _tree_digest(out)
    edit(project, "data/statements/report.yaml", "themes: [digital]", "themes: [digitl]")
    result = _make_site(project, out)
    assert result.returncode == 1
    assert "was left as it was" in result.stderr
    assert _tree_digest(out) == before
    assert sorted(p.name for p in project.iterdir()) == ["data", "site"]


def test_two_builds_of_the_same_data_are_byte_identical(project: Path) -> None:
    assert _make_site(project, project / "one").returncode == 0
    assert _make_site(project, project / "two").returncode == 0
    assert _tree_digest(project / "one") == _tree_digest(project / "two")


def test_a_rebuild_with_no_data_change_rewrites_no_file(project: Path) -> None:
    out = project / "site"
    assert _make_site(project, out).returncode == 0
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert _make_site(project, out).returncode == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == stamps


def test_the_build_reads_nothing_outside_the_data_folder(project: Path, tmp_path: Path) -> None:
    edit(
        project,
        "data/sources.yaml",
        "text: texts/report.txt",
        "text: texts/../../../etc/passwd.txt",
    )
    _, problems = check_data(project / "data")
    assert (
        "data/sources.yaml:30: source 'report': 'text' 'texts/../../../etc/passwd.txt' should be a path like texts/<source-id>.txt"
        in [str(p) for p in problems]
    )


# --- Nothing lost: interrupted builds, the swap, permissions --------------------------------


def _start_site_build(project: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", APECRECORD_DATA=str(project / "data"))
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,  # no pipe an orphaned child could hold open
        stderr=subprocess.DEVNULL,
    )


def _staging_folders(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}-*"))


def _processes_naming(path: Path) -> list[int]:
    """Live processes whose command line names ``path`` (an mkdocs building into it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if str(path).encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


class _Watch:
    """Checks, as often as it can, that a folder exists, for the length of a ``with`` block."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.missing = 0
        self.looks = 0
        self._stop = threading.Event()

    def __enter__(self) -> _Watch:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.looks += 1
            if not os.path.isfile(self.folder / "index.html"):
                self.missing += 1

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to find orphaned processes")
@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT])
def test_a_build_killed_midway_leaves_the_old_site_and_the_next_build_cleans_up(project: Path, kill: int) -> None:
    out = project / "site"
    assert _make_site(project, out).returncode == 0
    before = _tree_digest(out)
    edit(project, "data/themes.yaml", "name: Trade and supply chains", "name: Trade, investment and supply chains")
    build = _start_site_build(project, out)
    deadline = time.monotonic() + 300
    staging: list[Path] = []
    while time.monotonic() < deadline and not [pid for s in staging for pid in _processes_naming(s)]:
        staging = _staging_folders(out)
        time.sleep(0.02)
    assert staging, "mkdocs never started"
    build.send_signal(kill)
    assert build.wait(timeout=60) != 0
    time.sleep(0.2)  # a child told to stop has stopped by now; an orphan would still be building
    assert [pid for s in staging for pid in _processes_naming(s)] == [], "mkdocs outlived the build"
    assert _tree_digest(out) == before, "the interrupted build changed the published site"
    with _Watch(out) as watch:
        result = _make_site(project, out)
    assert result.returncode == 0, result.stderr
    assert watch.looks > 100 and watch.missing == 0, f"site/ was missing {watch.missing} of {watch.looks} times"
    assert _tree_digest(out) != before
    assert _staging_folders(out) == [], "leftovers of the interrupted build remain"


def test_a_leftover_of_a_live_build_is_not_touched(project: Path) -> None:
    out = project / "site"
    mine = project / f".site-build-{os.getpid()}-keep"
    mine.mkdir()
    assert _make_site(project, out).returncode == 0
    assert mine.is_dir()


def test_the_swap_exchanges_the_folders_in_one_step(tmp_path: Path) -> None:
    target, staging = tmp_path / "site", tmp_path / ".site-build-1-x"
    target.mkdir()
    (target / "old.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    (staging / "new.html").write_text("new", encoding="utf-8")
    if not atomic._exchange(staging, target):
        pytest.skip("this file system has no rename-exchange: the two-rename fallback is used")
    assert (target / "new.html").is_file() and (staging / "old.html").is_file()


@pytest.mark.parametrize("exchange", [True, False], ids=["rename-exchange", "two-renames"])
def test_publish_replaces_the_old_content_and_leaves_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(atomic, "_exchange", lambda *_: False)  # a system without renameat2
    target, staging = tmp_path / "site", tmp_path / ".site-build-1-x"
    target.mkdir()
    (target / "old.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    (staging / "new.html").write_text("new", encoding="utf-8")
    atomic.publish(staging, target)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["site", "site/new.html"]


@pytest.fixture
def unprivileged(project: Path) -> tuple[Path, list[str]]:
    """The fixture project and a command prefix under which file permissions apply.

    Root ignores them; as root the build runs without the capabilities that let it do so.
    """
    if os.geteuid() != 0:
        return project, []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return project, ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_read_only_old_site_is_replaced_and_later_builds_still_work(unprivileged: tuple[Path, list[str]]) -> None:
    project, user = unprivileged
    out = project / "site"
    assert _make_site(project, out, user).returncode == 0
    for folder, _, files in os.walk(out):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
        os.chmod(folder, 0o555)
    for name in ("Trade, investment and supply chains", "Trade and investment"):
        content = (project / "data" / "themes.yaml").read_text(encoding="utf-8")
        (project / "data" / "themes.yaml").write_text(
            re.sub(r"name: Trade.*", f"name: {name}", content, count=1), encoding="utf-8"
        )
        result = _make_site(project, out, user)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert name in (out / "themes" / "trade" / "index.html").read_text(encoding="utf-8")
        assert _staging_folders(out) == []


def test_a_read_only_parent_folder_gives_one_line(unprivileged: tuple[Path, list[str]]) -> None:
    project, user = unprivileged
    out = project / "public" / "site"
    out.parent.mkdir()
    os.chmod(out.parent, 0o555)
    result = _make_site(project, out, user)
    os.chmod(out.parent, 0o755)
    assert result.returncode == 1
    assert result.stderr.startswith(f"build_site: error: cannot write beside {out}: Permission denied (")
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_folder_that_cannot_be_written_gives_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import build_site

    out = project / "site"
    assert _make_site(project, out).returncode == 0
    before = _tree_digest(out)
    edit(project, "data/themes.yaml", "name: Trade and supply chains", "name: Trade, investment and supply chains")

    def denied(*_: object) -> bool:
        raise PermissionError(13, "Permission denied", str(out / "index.html"))

    monkeypatch.setattr(atomic, "_exchange", denied)
    monkeypatch.setenv("APECRECORD_DATA", str(project / "data"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    errors_seen = io.StringIO()
    monkeypatch.setattr(sys, "stderr", errors_seen)
    assert build_site.build(out) == 1
    assert errors_seen.getvalue() == f"build_site: error: cannot write {out}: Permission denied ({out}/index.html)\n"
    assert _tree_digest(out) == before
    assert _staging_folders(out) == []


def test_make_site_refuses_a_folder_it_did_not_build(project: Path) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "mine.md").write_text("mine", encoding="utf-8")
    result = _make_site(project, project / "notes")
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "was not written by apecrecord (it has no .apecrecord-output): choose a new or empty folder"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert (project / "notes" / "mine.md").read_text(encoding="utf-8") == "mine"


def test_a_site_built_before_the_marker_existed_is_still_replaced(project: Path) -> None:
    out = project / "site"
    (out / "search").mkdir(parents=True)
    (out / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (out / "search" / "search_index.json").write_text("{}", encoding="utf-8")
    result = _make_site(project, out)
    assert result.returncode == 0, result.stderr
    assert (out / atomic.MARKER).is_file() and (out / "index.html").is_file()
