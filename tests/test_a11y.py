"""Accessibility: axe-core (via axe-playwright-python) in headless Chromium on the real build.

One page of each type at desktop and phone width, plus the 搜索 page (with
results and with none), the mobile navigation drawer and the footer — all must have zero violations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from conftest import new_page
from test_browser import PAGE_TYPES

if TYPE_CHECKING:  # the browser tests need playwright; `-m "not browser"` runs without it
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now, compactly (rule id, impact, first targets)."""
    # let the page settle as a reader sees it: site.js labels scroll boxes just after the first paint
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_has_no_axe_violations(browser: Browser, base_url: str, width: int) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, width, outside)
    found = {}
    for path in PAGE_TYPES:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_selector("footer.md-footer", state="attached")
        found[path or "/"] = violations(page)
    page.close()
    assert not outside, outside
    assert {p: v for p, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_search_page_has_no_axe_violations(browser: Browser, base_url: str, width: int) -> None:
    page = new_page(browser, base_url, width, [])
    page.goto(base_url + "search/?q=" + quote("区城管局"), wait_until="load")
    page.wait_for_selector(".search-hits", timeout=15000)
    page.wait_for_selector(".direct-hits")
    with_results = violations(page)
    page.goto(base_url + "search/?q=zzqqxx", wait_until="load")
    page.wait_for_selector(".search-results .none", timeout=15000)
    no_results = violations(page)
    page.close()
    assert with_results == []
    assert no_results == []


def test_mobile_drawer_has_no_axe_violations(browser: Browser, base_url: str) -> None:
    page = new_page(browser, base_url, 390, [])
    page.goto(base_url + "tasks/jingtu-09/", wait_until="load")
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_timeout(400)
    found = violations(page)
    page.close()
    assert found == []


# a site of several documents (issue 16): the root pages across documents and a document's page
TWO_DOCS_PAGES = ("", "units/", "units/bing/", "search/?q=" + quote("甲1"), "about/", "d/mini-2025/compare/",
                  "d/mini-2025/tasks/alpha-02/", "d/mini-2024/units/yi/")


@pytest.mark.parametrize("width", [1280, 390])
def test_several_documents_pages_have_no_axe_violations_or_overflow(browser: Browser, two_url: str,
                                                                    width: int) -> None:
    from conftest import overflowing

    outside: list[str] = []
    page = new_page(browser, two_url, width, outside)
    found = {}
    for path in TWO_DOCS_PAGES:
        page.goto(two_url + path, wait_until="load")
        page.wait_for_selector("footer.md-footer", state="attached")
        if path.startswith("search/"):
            page.wait_for_selector(".search-results[data-done]", timeout=15000)
        found[path or "/"] = violations(page)
    wide = overflowing(page, two_url, TWO_DOCS_PAGES, width)
    page.close()
    assert not outside, outside
    assert {p: v for p, v in found.items() if v} == {}
    assert wide == []
