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
from conftest import ROOT, SITE_PORT

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
        foreign = [url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")]
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
    assert quote.inner_text().startswith("“")
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
    assert visit.page.locator("blockquote.statement-quote").is_visible()


def test_a_theme_page_lists_its_statements(visit: Visit) -> None:
    visit.go("themes/ai-development-and-governance/")
    links = visit.page.locator("article a[href*='statements/']")
    assert links.count() >= 5
    visit.shot("theme")


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
    assert visit.page.locator("svg.chart rect.heat").count() >= 10
    visit.shot("crosswalk")
    visit.go("compare/link-map/")
    assert visit.page.locator("svg.chart a.link-node").count() >= 10
    visit.page.select_option("form.link-filter select", "culture-and-tourism")
    dimmed = visit.page.locator("path.link-edge.dimmed").count()
    assert 0 < dimmed < visit.page.locator("path.link-edge").count()
    visit.shot("link-map-filtered")
    visit.page.locator("a.link-node[data-node='culture-and-tourism']").click()
    visit.page.wait_for_url("**/themes/culture-and-tourism/")
    visit.go("compare/side-by-side/")
    visible = visit.page.locator(".sbs-column:visible")
    assert visible.count() == 2 * 10  # two sources, ten themes
    visit.shot("side-by-side")


PAGE_KINDS = [
    "",
    "statements/",
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
    "about/",
    "contributing/",
    "downloads/",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_has_no_serious_accessibility_violation(browser, base_url: str, scheme: str) -> None:
    _require(AXE.is_file(), "axe-core is not installed (npm ci)")
    session = Visit(browser, base_url, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        found = {}
        for path in PAGE_KINDS:
            session.go(path)
            session.page.add_script_tag(path=str(AXE))
            result = session.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
                for v in result["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            if serious:
                found[path or "/"] = serious
        assert found == {}, json.dumps(found, indent=2)
    finally:
        session.close()
