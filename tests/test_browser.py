"""Headless Chromium against the built site (mark: browser).

Run alone with ``.venv/bin/python -m pytest -m browser``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest
from conftest import BuiltSite, mkdocs_build, new_page, overflowing, serve, write_hostile_plan

if TYPE_CHECKING:  # the browser tests need playwright; `-m "not browser"` runs without it
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

# one page of each type
PAGE_TYPES = [
    "",
    "campaigns/jingtu/",
    "tasks/jingtu-09/",
    "tasks/",
    "units/",
    "units/cgj/",
    "matrix/",
    "deadlines/",
    "calendar/",
    "targets/",
    "source/",
    "irregularities/",
    "downloads/",
    "about/",
    "how-to-edit/",
    "accessibility/",
]


def test_no_horizontal_overflow_at_390px_and_no_external_requests(browser: Browser, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)
    wide = overflowing(page, base_url, PAGE_TYPES, 390)
    page.close()
    assert not wide
    assert not outside, outside


def test_row_headers_stay_readable_at_390px(browser: Browser, base_url: str) -> None:
    """Unit names in the sortable tables keep room for four characters a line on a phone; the
    numbers beside them scroll (they were squeezed to one or two characters a line)."""
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)
    narrow = {}
    for path in ("units/", "downloads/"):
        page.goto(base_url + path, wait_until="load")
        narrow[path] = page.evaluate(
            """() => [...document.querySelectorAll('table.sortable tbody th[scope=row]')].map(th => {
                 const s = getComputedStyle(th);
                 const content = th.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                 return [th.textContent.trim(), content / parseFloat(s.fontSize)];
               }).filter(([, chars]) => chars < 3.99)"""
        )
    page.close()
    assert narrow == {"units/": [], "downloads/": []}
    assert not outside, outside


def test_click_unit_task_unit(browser: Browser, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 1280, outside)
    page.goto(base_url + "units/", wait_until="load")
    page.click("article a.unit-link >> text=区城管局")
    page.wait_for_url("**/units/cgj/")
    page.click("article .duty-list a.task-link >> nth=0")
    page.wait_for_url("**/tasks/*/")
    assert "区城管局" in page.inner_text("article")
    page.click("article .task-units a.unit-link >> text=区城管局")
    page.wait_for_url("**/units/cgj/")
    page.close()
    assert not outside, outside


def test_sorting_and_calendar_filter(browser: Browser, base_url: str) -> None:
    page = new_page(browser, base_url, 1280, [])
    page.goto(base_url + "tasks/", wait_until="load")
    first = page.inner_text("table.sortable tbody tr >> nth=0")
    page.click("table.sortable th >> nth=1")
    page.click("table.sortable th >> nth=1")
    assert page.inner_text("table.sortable tbody tr >> nth=0") != first
    page.goto(base_url + "calendar/", wait_until="load")
    assert page.is_visible(".cal-filter")
    page.check("input[name=cal-campaign][value=jingtu]")
    visible = page.eval_on_selector_all(
        "[data-campaign]", "els => els.filter(e => !e.hidden).map(e => e.dataset.campaign)"
    )
    assert visible and set(visible) == {"jingtu"}
    page.close()


def test_screenshots(browser: Browser, base_url: str, tmp_path: Path) -> None:
    """Screenshots of the main page types at both widths (under tmp_path, or $HUIJI_SHOTS to keep)."""
    shots = Path(os.environ.get("HUIJI_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page = new_page(browser, base_url, width, [])
        for path in ("", "campaigns/jingtu/", "tasks/jingtu-09/", "units/cgj/", "matrix/", "calendar/"):
            page.goto(base_url + path, wait_until="load")
            name = (path.strip("/").replace("/", "_") or "home") + f"_{width}.png"
            page.screenshot(path=str(shots / name))
            assert (shots / name).stat().st_size > 1000
        page.close()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    built = mkdocs_build(root / "site", write_hostile_plan(root / "plan"))
    assert built.returncode == 0, built.output
    yield from serve(built.path)


def test_hostile_texts_run_no_script(browser: Browser, hostile_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, hostile_url, 1280, outside)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (
        "",
        "campaigns/alpha/",
        "tasks/alpha-01/",
        "tasks/beta-02/",
        "units/bing/",
        "units/",
        "tasks/",
        "matrix/",
        "calendar/",
        "deadlines/",
        "source/",
        "irregularities/",
        "targets/",
    ):
        page.goto(hostile_url + path, wait_until="load")
        assert page.evaluate("typeof window.alert") == "function"
    page.goto(hostile_url + "tasks/alpha-01/", wait_until="load")
    assert "<script>alert(1)</script>{{ 7*7 }}" in page.inner_text("article h1")
    assert page.evaluate("document.querySelectorAll('article script, article img').length") == 0
    page.goto(hostile_url + "tasks/beta-02/", wait_until="load")
    assert "</title><script>alert(4)</script>" in page.title()
    # the search page renders results and direct hits from the index: still no script
    page.goto(hostile_url + "search/?q=alert", wait_until="load")
    page.wait_for_selector(".search-hits, .search-results .none", timeout=15000)
    page.goto(hostile_url + "search/?q=" + quote("区丙中心[x](javascript:alert(1))"), wait_until="load")
    page.wait_for_selector(".direct-hits a", timeout=15000)
    assert page.evaluate("document.querySelectorAll('.site-search script, .site-search img').length") == 0
    page.close()
    assert not dialogs, dialogs
    assert not outside, outside


def _search(browser: Browser, base: str, query: str) -> list[str]:
    """Search on the 搜索 page; return the direct hits then the full-text results (paths)."""
    outside: list[str] = []
    page = new_page(browser, base, 1280, outside)
    page.goto(base + "search/", wait_until="load")
    page.fill("#site-search-input", query)
    page.press("#site-search-input", "Enter")
    page.wait_for_selector(".search-hits, .search-results .none", timeout=15000)
    hrefs = page.eval_on_selector_all(
        ".direct-hits a, .search-hits a", "els => els.map(e => e.getAttribute('href'))"
    )
    page.close()
    assert not outside, outside
    return list(dict.fromkeys(urlsplit(h).path.replace(urlsplit(base).path, "/", 1) for h in hrefs))


@pytest.mark.parametrize(
    ("query", "expected_first", "expected_somewhere"),
    [
        # the two tasks whose titles are about 扬尘 (dust) come first
        ("扬尘", {"/tasks/lantian-20/", "/tasks/lantian-21/"}, set()),
        # the unit 市生态环境局惠济分局 comes first, and tasks it is named in by title follow
        ("生态环境局", {"/units/sthj/"}, {"/tasks/jingtu-18/"}),
        ("秸秆", {"/tasks/lantian-22/"}, {"/tasks/jingtu-12/"}),
    ],
)
def test_chinese_search_finds_tasks_and_units(
    browser: Browser, base_url: str, query: str, expected_first: set[str], expected_somewhere: set[str]
) -> None:
    paths = _search(browser, base_url, query)
    assert set(paths[: len(expected_first)]) == expected_first, paths
    assert expected_somewhere <= set(paths), paths


def test_unit_page_prints_on_a4_without_chrome(
    browser: Browser, base_url: str, built_site: BuiltSite
) -> None:
    """The 区城管局 duty page, printed: no navigation chrome, every one of its tasks on paper."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tasks: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            href = dict(attrs).get("href") or ""
            if tag == "a" and "/tasks/" in href and href.rstrip("/").split("/")[-1] != "tasks":
                self.tasks.add(href.rstrip("/").split("/")[-1])

    parser = Links()
    parser.feed((built_site.path / "units/cgj/index.html").read_text(encoding="utf-8"))
    assert len(parser.tasks) >= 30  # 区城管局 is named in 33 tasks

    page = new_page(browser, base_url, 1280, [])
    page.goto(base_url + "units/cgj/", wait_until="load")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.is_visible(chrome), chrome
    # no download buttons on paper; a header with the document number, the address and the date
    assert not page.is_visible(".file-buttons")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    header = page.inner_text(".print-header")
    assert "惠环委〔2024〕3号（成文日期 2024年7月23日）" in header and "/units/cgj/" in header
    assert re.search(r"打印日期：\d{4}-\d{2}-\d{2}", header), header
    shown = set(
        page.eval_on_selector_all(
            "article a[href*='/tasks/']",
            "els => els.filter(e => e.offsetParent !== null)"
            ".map(e => e.href.replace(/\\/$/, '').split('/').pop())",
        )
    )
    assert parser.tasks <= shown, parser.tasks - shown
    # content fits the A4 printable width (210 mm - 2 x 15 mm margins = 180 mm ≈ 680 CSS px)
    page.set_viewport_size({"width": 680, "height": 1000})
    assert page.evaluate("document.documentElement.scrollWidth") <= 680
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 2


def test_search_index_loads_only_when_search_is_used(browser: Browser, base_url: str) -> None:
    """The search index is not fetched by visitors who never search, and only in chunks by those
    who do; the "/" key opens the 搜索 page from any page."""
    requested: list[str] = []
    page = new_page(browser, base_url, 390, [])
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "units/cgj/", wait_until="networkidle")
    assert not [u for u in requested if "/pagefind/" in u or "hints.json" in u]
    page.keyboard.press("/")
    page.wait_for_url("**/search/")
    page.fill("#site-search-input", "扬尘")
    page.wait_for_selector(".search-hits", timeout=15000)
    page.close()
    chunks = [u for u in requested if "/pagefind/index/" in u]
    assert chunks and len(chunks) < 5  # a few index chunks, not the whole index
