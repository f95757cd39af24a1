"""The published site in a real browser: Debian's Chromium, driven by Playwright.

The site is built from the real record into a temporary folder and served on 127.0.0.1 by the
test itself. Every request every page makes is recorded: none may leave 127.0.0.1, and no page
may log a console error. Screenshots of the key pages go to tests/screenshots/ (not tracked).

Without Chromium these tests are skipped, loudly (see conftest.py); with CI=true a missing
browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SITE_PORT, build_site

SCREENSHOTS = ROOT / "tests" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs what they need)")
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


@pytest.fixture(scope="module")
def base_url(real_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    # The real site is built with this address as its site_url (see conftest), as the published one is.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", SITE_PORT), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    _require(executable is not None, "no Chromium found (install Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Visit:
    """A browser page that records every request and console error."""

    def __init__(self, browser, base_url: str, **context_options) -> None:
        self.base_url = base_url
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + "/" + path.lstrip("/"), wait_until="networkidle")

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    def close(self) -> None:
        local = (self.base_url, "data:", "blob:" + self.base_url)  # blob: is memory the page made itself
        foreign = [url for url in self.requests if not url.startswith(local)]
        self.context.close()
        assert foreign == [], f"requests left 127.0.0.1: {foreign}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def visit(browser, base_url: str) -> Iterator[Visit]:
    session = Visit(browser, base_url, viewport={"width": 1280, "height": 900})
    yield session
    session.close()


@pytest.mark.parametrize("term", ["open-source technologies", "Global AI Governance Action Plan", "Yang Xing"])
def test_a_reader_searches_opens_a_result_and_sees_the_quote(visit: Visit, term: str) -> None:
    visit.go("")
    visit.page.click("input.md-search__input")
    visit.page.keyboard.type(term, delay=20)
    results = visit.page.locator(".md-search-result__item a[href*='statements/']")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    results.first.click()
    visit.page.wait_for_url("**/statements/**")
    quote = visit.page.locator("blockquote.statement-quote")
    quote.wait_for()
    assert quote.is_visible()
    assert quote.locator("q.quote-text").is_visible()
    assert quote.locator(".quote-words").inner_text().startswith("(")
    visit.shot(f"search-{term.split()[0].lower()}")


def test_source_link_lands_on_the_highlighted_paragraph_and_leads_back(visit: Visit) -> None:
    visit.go("statements/xi-world-ai-cooperation-organization/")
    visit.shot("statement-light")
    visit.page.click("text=paragraph 10")
    visit.page.wait_for_url("**/sources/xinhua-xi-second-session/#p10")
    target = visit.page.locator("#p10")
    target.wait_for()
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"  # :target highlight
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, box  # scrolled into view
    visit.shot("source-reader-p10")
    target.locator("a.quote-span").first.click()
    visit.page.wait_for_url("**/statements/xi-world-ai-cooperation-organization/")
    visit.page.locator("blockquote.statement-quote").wait_for()  # instant navigation swaps after the address
    assert visit.page.locator("blockquote.statement-quote").is_visible()


def test_a_theme_page_lists_its_statements(visit: Visit) -> None:
    visit.go("themes/ai-development-and-governance/")
    links = visit.page.locator("article a[href*='statements/']")
    assert links.count() >= 5
    visit.shot("theme")


REPORTED = "(Xinhua, reporting Xi Jinping)"


@pytest.mark.parametrize(
    "path",
    ["statements/", "themes/ai-development-and-governance/", "statements/xi-make-good-use-of-new-opportunities/"],
)
def test_quotes_show_their_context_dimmed_in_brackets_and_whose_words_they_are(visit: Visit, path: str) -> None:
    """A list page, a theme page and a statement page: the reader sees the governing words apart from
    the quote, and reported speech is labelled in text that screen readers read too."""
    visit.go(path)
    item = visit.page.locator("article :is(li, blockquote, td)").filter(
        has=visit.page.locator("q.quote-text", has_text="make good use of new opportunities")
    )
    if path.startswith("themes/"):
        item = (
            visit.page.locator("article li")
            .filter(has=visit.page.locator(".quote-words", has_text=REPORTED))
            .filter(has=visit.page.locator(".quote-context"))
        )
    item.first.wait_for()
    context = item.first.locator(".quote-context")
    assert context.is_visible()
    assert context.inner_text().startswith("[") and context.inner_text().endswith("…]")
    quote_colour = item.first.locator("q.quote-text").evaluate("el => getComputedStyle(el).color")
    assert context.evaluate("el => getComputedStyle(el).color") != quote_colour  # set apart, dimmed
    words = item.first.locator(".quote-words")
    assert words.is_visible() and words.inner_text() == REPORTED
    assert words.evaluate("el => el.closest('[aria-hidden=true]') === null")
    visit.shot("quote-context-" + path.strip("/").split("/")[0])


def test_a_glossary_tooltip_appears_on_hover(visit: Visit) -> None:
    visit.go("statements/xi-new-quality-productive-forces/")
    term = visit.page.locator("blockquote.statement-quote abbr").first
    definition = term.get_attribute("title") or term.get_attribute("data-md-title") or ""
    term.hover()
    tooltip = visit.page.locator(".md-tooltip2, .md-tooltip").filter(has_text=definition[:30])
    tooltip.first.wait_for(state="visible", timeout=5_000)
    visit.shot("glossary-tooltip")


def test_the_dark_palette_toggle_works_and_persists(visit: Visit) -> None:
    visit.go("")
    scheme = visit.page.locator("body").get_attribute("data-md-color-scheme")
    visit.page.locator("form[data-md-component=palette] label:visible").first.click()
    toggled = visit.page.locator("body").get_attribute("data-md-color-scheme")
    assert toggled != scheme
    visit.go("themes/")
    assert visit.page.locator("body").get_attribute("data-md-color-scheme") == toggled
    visit.shot(f"themes-{toggled}")


def test_mobile_menu_opens_and_statement_pages_do_not_scroll_sideways(browser, base_url: str) -> None:
    session = Visit(browser, base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        session.go("statements/yang-china-rok-fta-services-digital-trade-investment/")
        width = session.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert width <= 0, f"{width}px of horizontal scroll"
        session.page.click("header label.md-header__button[for=__drawer]")
        drawer = session.page.locator("nav.md-nav--primary")
        drawer.wait_for(state="visible")
        assert session.page.locator("#__drawer").is_checked()
        session.shot("mobile-menu")
    finally:
        session.close()


def test_comparison_pages_draw_their_svg_and_their_pickers_work(visit: Visit) -> None:
    visit.go("compare/crosswalk/")
    assert visit.page.locator(".heatmap td.heat").count() >= 10
    visit.shot("crosswalk")
    visit.go("compare/link-map/")
    assert visit.page.locator("svg.chart .link-node a").count() >= 10
    visit.page.select_option("form.link-filter select", "culture-and-tourism")
    dimmed = visit.page.locator("path.link-edge.dimmed").count()
    assert 0 < dimmed < visit.page.locator("path.link-edge").count()
    visit.shot("link-map-filtered")
    visit.page.locator(".link-node[data-node='culture-and-tourism'] a").click()
    visit.page.wait_for_url("**/themes/culture-and-tourism/")
    visit.go("compare/side-by-side/")
    visible = visit.page.locator(".sbs-column:visible")
    assert visible.count() == 2 * 10  # two sources, ten themes
    visit.shot("side-by-side")


PAGE_KINDS = [
    "",
    "statements/",
    "statements/by-source/",
    "statements/by-theme/",
    "statements/xi-world-ai-cooperation-organization/",
    "sources/",
    "sources/cgtn-yang-xing-op-ed/",
    "themes/",
    "themes/ai-development-and-governance/",
    "initiatives/",
    "initiatives/regional-comprehensive-economic-partnership/",
    "actors/",
    "actors/xi-jinping/",
    "events/",
    "events/apec-2025-second-session/",
    "glossary/",
    "compare/",
    "compare/crosswalk/",
    "compare/side-by-side/",
    "compare/link-map/",
    "compare/timeline/",
    "404.html",
    "about/",
    "changes/",
    "contributing/",
    "downloads/",
]


def _serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_has_no_serious_accessibility_violation(browser, base_url: str, scheme: str) -> None:
    _require(AXE.is_file(), "axe-core is not installed (npm ci)")
    session = Visit(browser, base_url, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        found = {}
        for path in PAGE_KINDS:
            session.go(path)
            serious = _serious_violations(session.page)
            if serious:
                found[path or "/"] = serious
        assert found == {}, json.dumps(found, indent=2)
    finally:
        session.close()


# The comparison pages at a laptop's and a phone's size, in both palettes.
COMPARE_PAGES = ["compare/", "compare/crosswalk/", "compare/side-by-side/", "compare/link-map/", "compare/timeline/"]
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# Every text the comparison SVGs draw, as rendered: its font size times the drawing's scale.
SVG_TEXT_SIZES = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll("svg.chart")) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const el of svg.querySelectorAll("text, foreignObject *")) {
      if (el.textContent.trim()) sizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
    }
  }
  return sizes;
}"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_comparison_pages_fit_the_screen_in_both_palettes(browser, base_url: str, screen: str, scheme: str) -> None:
    session = Visit(browser, base_url, color_scheme=scheme, **SCREENS[screen])
    page = session.page
    try:
        for path in [*COMPARE_PAGES, ""]:
            session.go(path)
            assert page.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways at {screen} width"
            name = path.strip("/").replace("/", "-") or "home"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{screen}-{scheme}.png"), full_page=True)

        session.go("compare/crosswalk/")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        empty = page.eval_on_selector_all(
            ".heatmap td.heat-0", "cells => cells.map(c => getComputedStyle(c).backgroundColor)"
        )
        filled = page.eval_on_selector_all(
            ".heatmap td.heat:not(.heat-0)", "cells => cells.map(c => getComputedStyle(c).backgroundColor)"
        )
        assert empty and filled
        assert {fill for fill in empty} <= {"rgba(0, 0, 0, 0)", background}, (scheme, set(empty))
        assert not {fill for fill in filled} & {"rgba(0, 0, 0, 0)", background}  # a count is never blank
        labels = page.eval_on_selector_all(".heatmap th[scope=row]", "rows => rows.map(r => r.innerText.trim())")
        assert len(labels) >= 8 and len(set(labels)) == len(labels), labels
        # The header row and the first column stay in view while the table scrolls.
        assert page.eval_on_selector(".heatmap thead th", "th => getComputedStyle(th).position") == "sticky"
        assert page.eval_on_selector(".heatmap th[scope=row]", "th => getComputedStyle(th).position") == "sticky"

        session.go("compare/link-map/")
        if screen == "desktop":
            sizes = page.evaluate(SVG_TEXT_SIZES)
            assert sizes and min(sizes) >= 12, f"smallest SVG text {min(sizes):.1f}px"
        else:  # on a phone the table of the same links stands in for the drawing
            assert not page.locator(".link-map").is_visible()
            assert page.locator(".link-table tbody tr").first.is_visible()

        session.go("")
        boxes = [card.bounding_box() for card in page.locator(".figure-card").all()]
        assert len(boxes) == 5
        if screen == "desktop":  # one even row
            assert len({round(b["y"]) for b in boxes}) == 1 and len({round(b["width"]) for b in boxes}) == 1
        else:  # one card per line, all alike
            assert len({round(b["x"]) for b in boxes}) == 1 and len({round(b["width"]) for b in boxes}) == 1
    finally:
        session.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_link_map_filter_follows_the_links_and_filters_the_table(browser, base_url: str, screen: str) -> None:
    session = Visit(browser, base_url, **SCREENS[screen])
    page = session.page
    try:
        session.go("compare/link-map/")
        rows = page.locator(".link-table tbody tr")
        total = rows.count()
        assert page.locator(".link-table tbody tr:visible").count() == total
        page.select_option("form.link-filter select", "xi-jinping")
        shown = page.locator(".link-table tbody tr:visible")
        assert 0 < shown.count() < total
        targets = shown.evaluate_all("rows => rows.map(r => r.cells[1].querySelector('a').getAttribute('href'))")
        # Speaker -> themes -> initiatives: the initiatives his statements name are shown too.
        assert any("/initiatives/" in href for href in targets)
        assert any("/themes/" in href for href in targets)
        sources = shown.evaluate_all("rows => rows.map(r => r.cells[0].innerText)")
        assert "Yang Xing" not in sources
        assert "Showing" in page.locator(".link-count").inner_text()
        if screen == "desktop":
            edges = page.locator("path.link-edge")
            assert 0 < page.locator("path.link-edge.dimmed").count() < edges.count()
            assert page.locator(".link-node.link-initiative:not(.dimmed)").count() > 0
        page.select_option("form.link-filter select", "")
        assert page.locator(".link-table tbody tr:visible").count() == total
    finally:
        session.close()


@pytest.fixture(scope="module")
def instant_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site built with ``site_url`` set to the address it is served at.

    Material's instant navigation only takes over links listed in the sitemap, which needs
    ``site_url``; so this build is the one where clicks are handled by instant navigation.
    """

    project = tmp_path_factory.mktemp("instant-site")
    shutil.copytree(ROOT / "data", project / "data")
    (project / "site").mkdir()
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    result = build_site(project, site_url=address + "/")
    assert result.returncode == 0, result.stderr
    yield address
    server.shutdown()
    server.server_close()


def test_link_map_node_links_work_after_instant_navigation(browser, instant_base_url: str) -> None:
    session = Visit(browser, instant_base_url, viewport={"width": 1280, "height": 900})
    page = session.page
    try:
        session.go("compare/")
        page.evaluate("window.sameDocument = true")  # survives instant navigation, not a page load
        page.locator("article a[href$='compare/link-map/']").first.click()
        page.wait_for_url("**/compare/link-map/")
        page.locator(".link-map svg").wait_for()
        assert page.evaluate("window.sameDocument") is True, "the link map was not reached by instant navigation"
        page.select_option("form.link-filter select", "culture-and-tourism")  # set up again after the swap
        assert page.locator(".link-table tbody tr:visible").count() < page.locator(".link-table tbody tr").count()
        page.locator(".link-node[data-node='culture-and-tourism'] a").click()
        page.wait_for_url("**/themes/culture-and-tourism/")
        page.locator("h1", has_text="Culture and tourism").wait_for()
        assert page.evaluate("window.sameDocument") is True  # the node link was followed instantly too
    finally:
        session.close()  # fails on any console error, such as one from resolving an SVG link


def test_side_by_side_never_sets_a_source_against_itself(visit: Visit) -> None:
    visit.go("compare/side-by-side/")
    page = visit.page
    left, right = page.locator("form.sbs-pick select[name=left]"), page.locator("form.sbs-pick select[name=right]")
    first, second = left.input_value(), right.input_value()
    assert first != second
    left.select_option(second)  # the right-hand source, picked on the left: the two swap
    assert (left.input_value(), right.input_value()) == (second, first)
    right.select_option(second)
    assert (left.input_value(), right.input_value()) == (first, second)
    left.select_option(second)
    row = page.locator(".sbs-row").first
    columns = row.locator(".sbs-column:visible")
    assert columns.count() == 2
    placed = sorted(
        columns.evaluate_all("cs => cs.map(c => [c.getBoundingClientRect().x, c.dataset.source])"),
    )
    assert [source for _, source in placed] == [second, first]  # the left picker's source comes first
    quote = row.locator("q.quote-text").first
    assert quote.is_visible()
    assert row.locator(".quote-words").first.inner_text().startswith("(")
    visit.shot("side-by-side-swapped")


def test_the_404_page_offers_search_and_the_main_entry_points(visit: Visit) -> None:
    visit.go("404.html")
    page = visit.page
    assert page.locator("h1").inner_text() == "Page not found"
    for name in ("Statements", "Sources", "Compare", "Method"):
        assert page.locator("article a", has_text=name).count() >= 1
    page.fill("#not-found-query", "Yang Xing")
    page.locator("form.not-found-search button").click()
    page.wait_for_url("**/?q=Yang+Xing")
    assert page.locator("input.md-search__input").input_value() == "Yang Xing"  # Material opens its search
    visit.shot("not-found-search")


# --- Hostile tooltips: every value a tooltip shows stays text -------------------------------

PAYLOAD = (
    'Defined <img src=x onerror="window.__pwned=1;alert(document.domain)"><b id="pwned-el">b</b> '
    "&lt;img src=x onerror=window.__pwned=2&gt; &amp;lt;b id=pwned-two&amp;gt;"
)
HOSTILE_PAGES = ["", "glossary/", "sources/op-ed/", "sources/report/", "statements/", "about/", "downloads/"]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose every free-text field, glossary definitions included, holds ``PAYLOAD``."""
    from test_hardening import _write_record

    project = tmp_path_factory.mktemp("hostile-site")
    shutil.copytree(ROOT / "tests" / "fixtures" / "record" / "data", project / "data")
    _write_record(project, PAYLOAD)
    glossary = project / "data" / "glossary.yaml"
    terms = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    # A term the hand-written pages use, so their tooltips (added by the MkDocs hook) are hostile too.
    terms["glossary"].append({"id": "apec", "term": "APEC", "definition": PAYLOAD, "themes": ["trade"]})
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hovering_every_tooltip_of_a_hostile_record_runs_no_script(browser, hostile_url: str) -> None:
    session = Visit(browser, hostile_url, viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    session.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hovered = shown = 0
    try:
        for path in HOSTILE_PAGES:
            session.go(path)
            targets = session.page.locator("article [title], article [data-md-title], article abbr")
            for index in range(targets.count()):
                target = targets.nth(index)
                if not target.is_visible():
                    continue
                target.scroll_into_view_if_needed()
                target.hover()
                hovered += 1
                session.page.wait_for_timeout(150)
                state = session.page.evaluate(
                    "() => ({pwned: window.__pwned || null,"
                    " made: document.querySelectorAll('#pwned-el, #pwned-two, img[src=x]').length})"
                )
                assert state == {"pwned": None, "made": 0}, (path, index, state)
                texts = session.page.locator(".md-tooltip2, .md-tooltip").all_inner_texts()
                hostile = [text for text in texts if "Defined" in text]
                shown += bool(hostile)  # the hostile definition, shown as text with look-alike brackets
                assert all("‹img src=x" in text for text in hostile), hostile
        assert dialogs == []
        assert hovered >= 10 and shown >= 5, (hovered, shown)
        print(f"hovered {hovered} elements with a title, {shown} showed the hostile definition as text")
        session.shot("hostile-tooltip")
    finally:
        session.close()


# The statements explorer: driven through its URL contract and through clicks; every count a
# test expects is computed from the YAML with the same rules (apecrecord.render.explorer.matching).


@pytest.fixture(scope="module")
def real_ref():
    from apecrecord.check import check_data
    from apecrecord.crossref import CrossRef

    return CrossRef.build(check_data(ROOT / "data")[0])


def _expected(ref, **filters: list[str]) -> list[str]:
    from apecrecord.render.explorer import matching

    return [s.id for s in matching(ref, **filters)]


def _ready(visit: Visit) -> None:
    """Wait for the explorer's script to have applied the address (its count says "n of N")."""
    visit.page.wait_for_function(
        "() => / of /.test((document.querySelector('.explorer-status') || {}).textContent || '')"
    )


def _visible_ids(visit: Visit) -> list[str]:
    _ready(visit)
    return visit.page.eval_on_selector_all(
        "table.explorer-table tbody tr",
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.id)",
    )


def _status(visit: Visit) -> str:
    _ready(visit)
    return visit.page.locator(".explorer-status").inner_text()


@pytest.mark.parametrize(
    "query",
    [
        {"speaker": ["xi-jinping"], "kind": ["commitment"]},
        {"theme": ["ai-development-and-governance"], "source": ["cgtn-yang-xing-op-ed"]},
        {"initiative": ["regional-comprehensive-economic-partnership"]},
        {"kind": ["proposal", "commitment"]},
        {"actor": ["china"]},
        {},
    ],
)
def test_the_explorer_shows_what_its_address_asks_for(visit: Visit, real_ref, query: dict[str, list[str]]) -> None:
    from urllib.parse import urlencode

    address = "statements/" + ("?" + urlencode([(k, v) for k, vs in query.items() for v in vs]) if query else "")
    visit.go(address)
    expected = _expected(real_ref, **query)
    assert expected, "a query the tests use must select something"
    assert sorted(_visible_ids(visit)) == sorted(expected)
    total = len(real_ref.record.statements)
    assert _status(visit) == f"{len(expected)} of {total} statements"
    for field, values in query.items():
        for value in values:
            assert visit.page.locator(f"input[name='{field}'][value='{value}']").is_checked()


def test_the_explorer_text_filter_comes_from_the_address(visit: Visit, real_ref) -> None:
    visit.go("statements/?q=digital%20trade")
    visible = _visible_ids(visit)
    quoting = [s.id for s in real_ref.record.statements if "digital trade" in s.quote.lower()]
    assert quoting and set(quoting) <= set(visible) and len(visible) < len(real_ref.record.statements)
    # Every row shown holds both words; every row hidden lacks one of them.
    holds = visit.page.eval_on_selector_all(
        "table.explorer-table tbody tr",
        "rows => rows.map(r => [!r.hidden, /digital/i.test(r.textContent) && /trade/i.test(r.textContent)])",
    )
    assert all(shown == match for shown, match in holds)
    assert visit.page.locator("#explorer-q").input_value() == "digital trade"


def test_the_explorer_filters_by_clicks_and_keeps_them_in_the_address(visit: Visit, real_ref) -> None:
    visit.go("statements/")
    total = len(real_ref.record.statements)
    assert _status(visit) == f"{total} of {total} statements"
    visit.page.locator("label[for='f-kind-commitment']").click()
    assert "kind=commitment" in visit.page.url
    assert sorted(_visible_ids(visit)) == sorted(_expected(real_ref, kind=["commitment"]))
    # Facet counts follow the current filter: a speaker's count is their commitments.
    xi = visit.page.locator("label[for='f-speaker-xi-jinping'] .facet-count").inner_text()
    assert xi == f"({len(_expected(real_ref, kind=['commitment'], speaker=['xi-jinping']))})"
    visit.page.locator("label[for='f-speaker-xi-jinping']").click()
    assert sorted(_visible_ids(visit)) == sorted(_expected(real_ref, kind=["commitment"], speaker=["xi-jinping"]))
    assert "speaker=xi-jinping" in visit.page.url
    # A reload keeps the view.
    visit.page.reload(wait_until="networkidle")
    assert sorted(_visible_ids(visit)) == sorted(_expected(real_ref, kind=["commitment"], speaker=["xi-jinping"]))
    visit.page.locator("form.explorer-filters button[type=reset]").click()
    assert len(_visible_ids(visit)) == total
    assert "?" not in visit.page.url
    visit.shot("explorer")


def test_the_explorer_is_usable_by_keyboard_and_sorts(visit: Visit, real_ref) -> None:
    visit.go("statements/")
    visit.page.locator("#explorer-q").focus()
    visit.page.keyboard.type("RCEP framework", delay=5)
    assert "q=RCEP+framework" in visit.page.url or "q=RCEP%20framework" in visit.page.url
    visit.page.locator("#explorer-q").fill("")
    visit.page.keyboard.press("Tab")  # into the first facet
    checkbox = visit.page.locator("input[name='kind']").first
    checkbox.focus()
    visit.page.keyboard.press("Space")
    assert checkbox.is_checked()
    assert f"kind={checkbox.get_attribute('value')}" in visit.page.url
    checkbox.focus()
    visit.page.keyboard.press("Space")
    title_sort = visit.page.locator("th[data-sort='title'] button")
    title_sort.focus()
    visit.page.keyboard.press("Enter")
    assert visit.page.locator("th[data-sort='title']").get_attribute("aria-sort") == "ascending"
    assert "sort=title" in visit.page.url
    titles = visit.page.eval_on_selector_all(
        "table.explorer-table tbody tr a.explorer-title", "links => links.map(a => a.textContent.trim().toLowerCase())"
    )
    assert titles == sorted(titles)
    visit.page.keyboard.press("Enter")
    assert visit.page.locator("th[data-sort='title']").get_attribute("aria-sort") == "descending"


def test_the_explorer_csv_holds_the_visible_rows_neutralised(visit: Visit, real_ref) -> None:
    import csv
    import io

    visit.go("statements/?speaker=yang-xing&kind=proposal")
    expected = _expected(real_ref, speaker=["yang-xing"], kind=["proposal"])
    _ready(visit)
    # A row whose cell a spreadsheet would run as a formula: the CSV must defuse it.
    visit.page.evaluate(
        "() => { const row = document.querySelector('tr:not([hidden])[data-id]'); row.dataset.words = '=HYPERLINK(\"x\")'; }"
    )
    visit.page.locator("label[for='f-kind-proposal']").click()
    visit.page.locator("label[for='f-kind-proposal']").click()
    href = visit.page.locator("a.explorer-csv").get_attribute("href")
    assert href.startswith("blob:")
    content = visit.page.evaluate("href => fetch(href).then(r => r.text())", href)
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["id"] for r in rows] == expected
    assert rows[0]["whose_words"] == '\'=HYPERLINK("x")'
    assert all(r["url"].startswith(visit.base_url + "/statements/") for r in rows)
    statement = next(s for s in real_ref.record.statements if s.id == rows[1]["id"])
    assert rows[1]["quote"] == statement.quote


def test_the_explorer_survives_back_and_forward(visit: Visit, real_ref) -> None:
    visit.go("statements/?theme=trade-and-supply-chains")
    expected = sorted(_expected(real_ref, theme=["trade-and-supply-chains"]))
    visit.page.locator("tr:not([hidden]) a.explorer-title").first.click()
    visit.page.wait_for_url("**/statements/*/")
    visit.page.locator("blockquote.statement-quote").wait_for()
    visit.page.go_back(wait_until="networkidle")
    visit.page.wait_for_url("**/statements/?theme=trade-and-supply-chains")
    visit.page.locator(".explorer-status").wait_for()
    visit.page.wait_for_function(
        "n => (document.querySelector('.explorer-status') || {}).textContent || ''.startsWith(n + ' of')",
        arg=len(expected),
    )
    assert sorted(_visible_ids(visit)) == expected
    visit.page.go_forward(wait_until="networkidle")
    visit.page.locator("blockquote.statement-quote").wait_for()
    visit.page.go_back(wait_until="networkidle")
    visit.page.wait_for_function(
        "n => (document.querySelector('.explorer-status') || {}).textContent || ''.startsWith(n + ' of')",
        arg=len(expected),
    )
    assert sorted(_visible_ids(visit)) == expected


def test_a_theme_count_opens_the_explorer_by_instant_navigation(visit: Visit, real_ref) -> None:
    visit.go("themes/")
    visit.page.evaluate("() => { window.__sameDocument = true; }")  # survives instant navigation only
    link = visit.page.locator("a[href$='statements/?theme=green-transition-and-climate']")
    link.click()
    visit.page.wait_for_url("**/statements/?theme=green-transition-and-climate")
    expected = _expected(real_ref, theme=["green-transition-and-climate"])
    visit.page.wait_for_function(
        "n => (document.querySelector('.explorer-status') || {}).textContent === n + ' of 75 statements'".replace(
            "75", str(len(real_ref.record.statements))
        ),
        arg=len(expected),
    )
    assert visit.page.evaluate("() => window.__sameDocument === true"), "the page was reloaded, not swapped"
    assert sorted(_visible_ids(visit)) == sorted(expected)
    assert visit.page.locator("input[name='theme'][value='green-transition-and-climate']").is_checked()


def test_the_explorer_fits_a_phone_without_sideways_scroll(browser, base_url: str, real_ref) -> None:
    session = Visit(browser, base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        session.go("statements/?speaker=xi-jinping")
        width = session.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert width <= 0, f"{width}px of horizontal scroll"
        assert sorted(_visible_ids(session)) == sorted(_expected(real_ref, speaker=["xi-jinping"]))
        session.shot("explorer-phone")
        session.go("statements/xi-world-ai-cooperation-organization/")
        size = session.page.locator(".cite-box pre > code").first.evaluate(
            "c => parseFloat(getComputedStyle(c).fontSize)"
        )
        assert size >= 14
        width = session.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert width <= 0
        overflowing = session.page.eval_on_selector_all(
            ".cite-box pre > code", "codes => codes.filter(c => c.scrollWidth > c.clientWidth + 1).length"
        )
        assert overflowing == 0
    finally:
        session.close()


def test_the_cite_box_code_blocks_take_keyboard_focus(visit: Visit) -> None:
    visit.go("statements/xi-world-ai-cooperation-organization/")
    codes = visit.page.locator(".cite-box pre > code")
    assert codes.count() == 3
    for i in range(3):
        assert codes.nth(i).get_attribute("tabindex") == "0"
    assert visit.base_url + "/statements/xi-world-ai-cooperation-organization/" in codes.nth(0).inner_text()


def test_search_finds_the_rcep_page_first(visit: Visit) -> None:
    visit.go("")
    visit.page.click("input.md-search__input")
    visit.page.keyboard.type("RCEP", delay=20)
    results = visit.page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=15_000)
    from urllib.parse import urlsplit

    first = urlsplit(results.first.get_attribute("href")).path
    assert first == "/initiatives/regional-comprehensive-economic-partnership/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_filtered_explorer_has_no_serious_accessibility_violation(browser, base_url: str, scheme: str) -> None:
    _require(AXE.is_file(), "axe-core is not installed (npm ci)")
    session = Visit(browser, base_url, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        session.go("statements/?kind=commitment&theme=ai-development-and-governance&sort=-title")
        session.page.evaluate("() => document.querySelectorAll('details.facet').forEach(d => { d.open = true; })")
        assert _serious_violations(session.page) == []
        session.shot(f"explorer-{scheme}")
    finally:
        session.close()


def test_without_a_site_address_pages_fill_in_their_own_address(browser, fixture_site: Path) -> None:
    """The fixture site is built without site_url: the cite box and the paragraph links complete
    the address in the browser. (It has no sitemap, so the only failed request allowed is that.)"""
    handler = functools.partial(_QuietHandler, directory=str(fixture_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    missing: list[str] = []
    errors: list[str] = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(base + "/statements/leader-climate-plan/", wait_until="networkidle")
        codes = page.locator(".cite-box pre > code")
        address = base + "/statements/leader-climate-plan/"
        for i in range(3):
            assert address in codes.nth(i).inner_text()
            assert "<this site>" not in codes.nth(i).inner_text()
        assert page.locator(".cite-box p code").first.inner_text() == address
        page.goto(base + "/about/", wait_until="networkidle")
        assert base + "/statements/analyst-openness/" in page.locator(".cite-box pre > code").first.inner_text()
        page.goto(base + "/sources/report/", wait_until="networkidle")
        button = page.locator("#p2 button.para-copy")
        assert button.is_visible()
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == base + "/sources/report/#p2"
        assert button.inner_text() == "Link copied"
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert errors == []
    assert {url.removeprefix(base) for url in missing} <= {"/sitemap.xml"}
