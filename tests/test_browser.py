"""Headless Chromium against the built site (mark: browser).

Run alone with ``.venv/bin/python -m pytest -m browser``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import BuiltSite, mkdocs_build, write_hostile_plan

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/shots")

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
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    assert built_site.returncode == 0, built_site.output
    yield from serve(built_site.path)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed (make chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def new_page(browser: object, base: str, width: int, outside: list[str]) -> object:
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 600 else 900})  # type: ignore[attr-defined]
    host = urlsplit(base).netloc

    def on_request(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != host:
            outside.append(url)

    page.on("request", on_request)
    return page


def test_no_horizontal_overflow_at_390px_and_no_external_requests(browser: object, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 390, outside)
    overflowing = []
    for path in PAGE_TYPES:
        page.goto(base_url + path, wait_until="load")  # type: ignore[attr-defined]
        width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        if width > 390:
            overflowing.append((path, width))
    page.close()  # type: ignore[attr-defined]
    assert not overflowing
    assert not outside, outside


def test_click_unit_task_unit(browser: object, base_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, base_url, 1280, outside)
    page.goto(base_url + "units/", wait_until="load")  # type: ignore[attr-defined]
    page.click("article a.unit-link >> text=区城管局")  # type: ignore[attr-defined]
    page.wait_for_url("**/units/cgj/")  # type: ignore[attr-defined]
    page.click("article .duty-list a.task-link >> nth=0")  # type: ignore[attr-defined]
    page.wait_for_url("**/tasks/*/")  # type: ignore[attr-defined]
    assert "区城管局" in page.inner_text("article")  # type: ignore[attr-defined]
    page.click("article .task-units a.unit-link >> text=区城管局")  # type: ignore[attr-defined]
    page.wait_for_url("**/units/cgj/")  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
    assert not outside, outside


def test_sorting_and_calendar_filter(browser: object, base_url: str) -> None:
    page = new_page(browser, base_url, 1280, [])
    page.goto(base_url + "tasks/", wait_until="load")  # type: ignore[attr-defined]
    first = page.inner_text("table.sortable tbody tr >> nth=0")  # type: ignore[attr-defined]
    page.click("table.sortable th >> nth=1")  # type: ignore[attr-defined]
    page.click("table.sortable th >> nth=1")  # type: ignore[attr-defined]
    assert page.inner_text("table.sortable tbody tr >> nth=0") != first  # type: ignore[attr-defined]
    page.goto(base_url + "calendar/", wait_until="load")  # type: ignore[attr-defined]
    assert page.is_visible(".cal-filter")  # type: ignore[attr-defined]
    page.check("input[name=cal-campaign][value=jingtu]")  # type: ignore[attr-defined]
    visible = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "[data-campaign]", "els => els.filter(e => !e.hidden).map(e => e.dataset.campaign)"
    )
    assert visible and set(visible) == {"jingtu"}
    page.close()  # type: ignore[attr-defined]


def test_screenshots(browser: object, base_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page = new_page(browser, base_url, width, [])
        for path in ("", "campaigns/jingtu/", "tasks/jingtu-09/", "units/cgj/", "matrix/", "calendar/"):
            page.goto(base_url + path, wait_until="load")  # type: ignore[attr-defined]
            name = (path.strip("/").replace("/", "_") or "home") + f"_{width}.png"
            page.screenshot(path=str(SHOTS / name))  # type: ignore[attr-defined]
        page.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    built = mkdocs_build(root / "site", write_hostile_plan(root / "plan"))
    assert built.returncode == 0, built.output
    yield from serve(built.path)


def test_hostile_texts_run_no_script(browser: object, hostile_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, hostile_url, 1280, outside)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
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
        page.goto(hostile_url + path, wait_until="load")  # type: ignore[attr-defined]
        assert page.evaluate("typeof window.alert") == "function"  # type: ignore[attr-defined]
    page.goto(hostile_url + "tasks/alpha-01/", wait_until="load")  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>{{ 7*7 }}" in page.inner_text("article h1")  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelectorAll('article script, article img').length") == 0  # type: ignore[attr-defined]
    page.goto(hostile_url + "tasks/beta-02/", wait_until="load")  # type: ignore[attr-defined]
    assert "</title><script>alert(4)</script>" in page.title()  # type: ignore[attr-defined]
    # the search box renders results from the index: still no script
    page.fill("input.md-search__input", "alert")  # type: ignore[attr-defined]
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
    assert not dialogs, dialogs
    assert not outside, outside


def _search(browser: object, base: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box; return the result links (paths, no query string)."""
    outside: list[str] = []
    page = new_page(browser, base, 1280, outside)
    page.goto(base, wait_until="load")  # type: ignore[attr-defined]
    page.fill("input.md-search__input", query)  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item > a", timeout=15000)  # type: ignore[attr-defined]
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))"
    )
    page.close()  # type: ignore[attr-defined]
    assert not outside, outside
    return [urlsplit(h).path.replace(urlsplit(base).path, "/", 1) for h in hrefs]


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
    browser: object, base_url: str, query: str, expected_first: set[str], expected_somewhere: set[str]
) -> None:
    paths = _search(browser, base_url, query)
    assert set(paths[: len(expected_first)]) == expected_first, paths
    assert expected_somewhere <= set(paths), paths


def test_unit_page_prints_on_a4_without_chrome(browser: object, base_url: str, built_site: BuiltSite) -> None:
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
    page.goto(base_url + "units/cgj/", wait_until="load")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.is_visible(chrome), chrome  # type: ignore[attr-defined]
    shown = set(
        page.eval_on_selector_all(  # type: ignore[attr-defined]
            "article a[href*='/tasks/']",
            "els => els.filter(e => e.offsetParent !== null)"
            ".map(e => e.href.replace(/\\/$/, '').split('/').pop())",
        )
    )
    assert parser.tasks <= shown, parser.tasks - shown
    # content fits the A4 printable width (210 mm - 2 x 15 mm margins = 180 mm ≈ 680 CSS px)
    page.set_viewport_size({"width": 680, "height": 1000})  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 680  # type: ignore[attr-defined]
    pdf = page.pdf(format="A4", print_background=True)  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 2
