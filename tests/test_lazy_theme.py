"""Material's bundle.js loads on the first interaction (overrides/partials/lazy-bundle.html).

Checks on the real built site, in headless Chromium (mark: browser), that the page is complete and
calm before the bundle runs and that the theme works once it has.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from conftest import BuiltSite, new_page, overflowing, site_base_path

if TYPE_CHECKING:  # the browser tests need playwright; `-m "not browser"` runs without it
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
    """The bundle's only <script src> is inside the inert <template id="theme-scripts">, and it exists."""
    pages = sorted(built_site.path.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        inert = re.search(r'<template id="theme-scripts">(.*?)</template>', text, re.S)
        assert inert, f"{path}: no inert theme scripts"
        outside = text[: inert.start()] + text[inert.end() :]
        assert not re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"', outside), path
        assert 'theme.content.querySelector("script[src]")' in outside, f"{path}: no lazy loader"
        m = re.match(r'\s*<script src="([^"]*)"', inert.group(1))
        assert m and re.search(r"bundle\.[0-9a-f]+\.min\.js$", m.group(1)), f"{path}: bundle not first"
        src = m.group(1)
        if src.startswith("/"):
            target = built_site.path / src.removeprefix(site_base_path()).lstrip("/")
        else:
            target = path.parent / src
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
    # the 搜索 tab is there before the bundle
    assert page.locator("a[href$='search/']").count() >= 1
    page.mouse.move(20, 300)
    _theme_ready(page)
    assert len([u for u in requested if BUNDLE.search(u)]) == 1
    # the search index is only loaded by the 搜索 page
    assert not [u for u in requested if "/pagefind/" in u]
    page.close()
    assert not outside, outside


def test_search_key_opens_the_search_page_before_the_bundle(browser: Browser, base_url: str) -> None:
    """ "s" (or "/") opens the 搜索 page at once — no theme bundle needed — and searching works."""
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)
    page.goto(base_url + "units/", wait_until="load")
    page.keyboard.press("s")
    page.wait_for_url("**/search/")
    page.fill("#site-search-input", "扬尘")
    page.wait_for_selector(".search-hits li", timeout=15_000)
    assert page.input_value("#site-search-input") == "扬尘"
    page.close()
    assert not outside, outside


@pytest.mark.parametrize("width", [390, 1280])
def test_no_layout_shift_while_loading(browser: Browser, base_url: str, width: int) -> None:
    """Nothing moves once painted (at a 6× CPU slowdown, which makes Chromium paint long before the
    parser is done):

    * once the page is parsed, nothing moves on any page: not sort.js adding its buttons, not the
      calendar filter appearing, not site.js labelling scroll boxes;
    * pages with long tables sized by their content wait to paint until they are parsed
      (``rel=expect``), so nothing moves at all there: not a column widening as rows arrive.

    Other pages paint while they are parsed; there Chromium may show a line whose text has only
    partly arrived (a button's label, a list item) and wrap it again when the rest comes, which
    the first check does not count."""
    outside: list[str] = []
    page = new_page(browser, base_url, width, outside)
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
    after_parse, blocked_pages = {}, {}
    for path in SORTABLE_AND_BIG:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(1200)  # site.js / sort.js run after the first paint
        total, late, blocked = page.evaluate(
            """() => new Promise(done => {
                 const parsed = performance.getEntriesByType('navigation')[0].domInteractive;
                 let total = 0, late = 0;
                 new PerformanceObserver(list => {
                   for (const e of list.getEntries()) {
                     if (e.hadRecentInput) continue;
                     total += e.value;
                     if (e.startTime >= parsed) late += e.value;
                   }
                 }).observe({type: 'layout-shift', buffered: true});
                 const blocked = !!document.querySelector('link[rel=expect][blocking=render]');
                 setTimeout(() => done([total, late, blocked]), 100);
               })"""
        )
        after_parse[path] = late
        if blocked:
            blocked_pages[path] = total
    page.close()
    assert {p: v for p, v in after_parse.items() if v > 0.001} == {}
    # the pages with long sortable tables or a matrix are among those checked, and they block
    assert {"units/", "tasks/", "matrix/", "units/sthj/"} <= set(blocked_pages)
    assert {p: v for p, v in blocked_pages.items() if v > 0.001} == {}
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


# a grid of points over the page below the header: those where a tap would land on something
# invisible (inside an element of opacity 0, like the drawer's table of contents slid aside; not
# a heading's ¶ link, which Material shows on hover and focus)
_INVISIBLE_TAP_TARGETS = """() => {
  const hits = [];
  const top = document.querySelector('.md-header').getBoundingClientRect().bottom + 4;
  for (let y = top; y < innerHeight; y += 23) {
    for (let x = 4; x < innerWidth; x += 29) {
      const e = document.elementFromPoint(x, y);
      for (let n = e; n && n !== document.body; n = n.parentElement) {
        if (getComputedStyle(n).opacity === '0' && !n.matches('.headerlink')) {
          hits.push([x, Math.round(y), n.className, e.textContent.trim().slice(0, 20)]);
          break;
        }
      }
    }
  }
  return hits.slice(0, 5);
}"""


@pytest.mark.parametrize("width", [390, 1024])
def test_no_invisible_element_catches_taps(browser: Browser, base_url: str, width: int) -> None:
    """A tap on what the reader sees reaches it, before and after the theme runs: nothing transparent
    (like the drawer's table of contents, slid aside at opacity 0) may lie over the page. Pages with a
    table of contents are the ones at risk."""
    outside: list[str] = []
    page = new_page(browser, base_url, width, outside)
    caught = {}
    for path in ("calendar/", "campaigns/lantian/", "units/cgj/", "source/", "deadlines/"):
        page.goto(base_url + path, wait_until="load")
        caught[path, "before"] = page.evaluate(_INVISIBLE_TAP_TARGETS)
        page.mouse.move(width - 10, 600)  # loads the theme, hits nothing
        _theme_ready(page)
        page.wait_for_timeout(200)
        caught[path, "after"] = page.evaluate(_INVISIBLE_TAP_TARGETS)
    page.close()
    assert {k: v for k, v in caught.items() if v} == {}
    assert not outside, outside
