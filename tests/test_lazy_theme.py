"""Material's bundle.js loads on the first interaction (overrides/partials/lazy-bundle.html).

Checks on the real built site, in headless Chromium (mark: browser), that the page is complete and
calm before the bundle runs and that the theme works once it has.
"""

from __future__ import annotations

import re

import pytest
from conftest import BuiltSite, new_page, overflowing
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
SORTABLE_AND_BIG = [
    "units/",
    "targets/",
    "tasks/",
    "downloads/",
    "matrix/",
    "calendar/",
    "units/sthj/",
    "source/",
]


def test_no_page_loads_the_bundle_eagerly(built_site: BuiltSite) -> None:
    pages = sorted(built_site.path.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"', text), path
        m = re.search(r'var src = "([^"]*bundle\.[0-9a-f]+\.min\.js)"', text)
        assert m, f"{path}: no lazy loader"
        src = m.group(1)
        target = built_site.path / src.lstrip("/") if src.startswith("/") else path.parent / src
        assert target.resolve().is_file(), f"{path}: {src} does not exist"


def _theme_ready(page: Page) -> None:
    page.wait_for_function("typeof window.document$ !== 'undefined'", timeout=10_000)
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=10_000)


def test_bundle_waits_for_interaction_then_theme_works(browser: Browser, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "tasks/lantian-12/", wait_until="load")
    page.wait_for_timeout(500)
    assert not [u for u in requested if BUNDLE.search(u)]
    assert page.evaluate("typeof window.document$") == "undefined"
    assert page.evaluate("document.documentElement.className.split(' ')").count("no-js") == 1
    # the search button is there before the bundle (site.css: html.site-js)
    assert page.is_visible("label.md-header__button[for='__search']")
    page.mouse.move(20, 300)
    _theme_ready(page)
    assert len([u for u in requested if BUNDLE.search(u)]) == 1
    # the search index is still held back until search is used
    assert not [u for u in requested if u.endswith("search/search_index.json")]
    page.close()
    assert not outside, outside


def test_shortcut_key_that_loads_the_bundle_opens_search(browser: Browser, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 1280, outside)
    page.goto(base_url + "units/", wait_until="load")
    page.keyboard.press("s")
    _theme_ready(page)
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement && document.activeElement.matches('.md-search__input')")
    page.close()
    assert not outside, outside


def test_tap_search_button_before_bundle_then_type(browser: Browser, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)
    page.goto(base_url, wait_until="load")
    page.click("label.md-header__button[for='__search']")
    page.keyboard.type("扬尘")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert page.input_value(".md-search__input") == "扬尘"
    page.close()
    assert not outside, outside


@pytest.mark.parametrize("width", [390, 1280])
def test_no_layout_shift_while_loading(browser: Browser, base_url: str, width: int) -> None:
    """Nothing moves once painted: not sort.js adding its buttons, not the calendar filter appearing,
    not a long table whose columns widen as more rows are parsed (hence the CPU slowdown, which
    makes Chromium paint before parsing ends unless the page asks it not to)."""
    outside: list[str] = []
    page = new_page(browser, base_url, width, outside)
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
    shifts = {}
    for path in SORTABLE_AND_BIG:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(1200)  # site.js / sort.js run after the first paint
        shifts[path] = page.evaluate(
            """() => new Promise(done => {
                 let total = 0;
                 new PerformanceObserver(list => {
                   for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
                 }).observe({type: 'layout-shift', buffered: true});
                 setTimeout(() => done(total), 100);
               })"""
        )
    page.close()
    assert {p: v for p, v in shifts.items() if v > 0.001} == {}
    assert not outside, outside


def test_no_horizontal_overflow_at_390px_once_the_theme_has_run(browser: Browser, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)

    def run_theme(page: Page) -> None:
        page.mouse.move(10, 400)
        _theme_ready(page)
        page.wait_for_timeout(200)

    paths = ["", "tasks/jingtu-09/", "units/cgj/", "matrix/", "calendar/", "targets/", "source/"]
    wide = overflowing(page, base_url, paths, 390, after_load=run_theme)
    page.close()
    assert not wide
    assert not outside, outside
