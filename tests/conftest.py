"""Shared pytest fixtures. Keep small; append new fixtures at the end (several people add here)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:  # the browser tests need playwright; `-m "not browser"` runs without it
    from playwright.sync_api import Browser, Page, Request

ROOT = Path(__file__).resolve().parent.parent
MINI_PLAN = ROOT / "tests" / "fixtures" / "mini_plan"
MKDOCS = Path(sys.executable).parent / "mkdocs"
SESSION_AS_OF = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()


# --- pages / site build (tests/test_pages.py, test_site_build.py, test_browser.py) -----------------


@dataclass(frozen=True)
class BuiltSite:
    """One real `mkdocs build --strict` run: its output directory and what it printed."""

    path: Path
    returncode: int
    output: str


def mkdocs_build(
    site_dir: Path, plan_data: Path | None = None, env_extra: dict[str, str] | None = None
) -> BuiltSite:
    """Run the real ``mkdocs build --strict`` (optionally on another plan directory, with more
    environment such as ``HUIJI_PROGRESS`` / ``HUIJI_AS_OF``)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("HUIJI_PROGRESS", None)  # the real site: no demonstration data
    env.pop("HUIJI_REPO_URL", None)  # nor a repository the workflow names
    # today in China, once per test session: builds minutes apart (across midnight) say the same date
    env["HUIJI_AS_OF"] = SESSION_AS_OF
    if plan_data is not None:
        env["HUIJI_PLAN_DATA"] = str(plan_data)
    env.update(env_extra or {})
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return BuiltSite(site_dir, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site built once per test session from plan_data/ (shared by every test)."""
    return mkdocs_build(tmp_path_factory.mktemp("site") / "site")


def write_hostile_plan(dest: Path) -> Path:
    """Copy tests/fixtures/mini_plan to ``dest`` with texts replaced by hostile ones (HTML, Jinja,
    Markdown). Replacements are applied to every YAML string and to the original text alike."""
    import yaml

    def swap(s: str) -> str:
        for old, new in HOSTILE.items():
            s = s.replace(old, new)
        return s

    def walk(v: object) -> object:
        if isinstance(v, str):
            return swap(v)
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    for src in MINI_PLAN.rglob("*"):
        if src.is_dir():
            continue
        out = dest / src.relative_to(MINI_PLAN)
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".yaml":
            data = walk(yaml.safe_load(src.read_text(encoding="utf-8")))
            out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        else:
            out.write_text(swap(src.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


HOSTILE: dict[str, str] = {
    "第一项任务": "第一项任务<script>alert(1)</script>{{ 7*7 }}",
    "第一节": "第一节 *星号* # 井号 | 竖线 { #x }",
    "区丙中心": "区丙中心[x](javascript:alert(1))",
    "甲方案": "甲方案<img src=x onerror=alert(3)>",
    "乙二任务": "乙二任务</title><script>alert(4)</script>",
    "坚持测试。": "坚持测试`code`&amp;<b>粗</b>{% raw %}。",
    "分项二,每季度巡查。": '分项二<a href="javascript:alert(5)">x</a>|a|b|,每季度巡查。',
}
"""Original text → hostile text (every replacement keeps the original as a prefix)."""


# --- browser (tests/test_browser.py, tests/test_a11y.py) ------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
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


@pytest.fixture(scope="session")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    assert built_site.returncode == 0, built_site.output
    yield from serve(built_site.path)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        message = "Debian chromium is not installed: run `make chromium` (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser is a failure, never a silent skip
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def new_page(browser: Browser, base: str, width: int, outside: list[str]) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 600 else 900})
    host = urlsplit(base).netloc

    def on_request(request: Request) -> None:
        url = request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != host:
            outside.append(url)

    page.on("request", on_request)
    return page


def overflowing(
    page: Page, base: str, paths: Iterable[str], width: int, after_load: Callable[[Page], None] | None = None
) -> list[tuple[str, int]]:
    """The pages among ``paths`` that scroll sideways at ``width`` px, as (path, scrollWidth);
    ``after_load`` runs on each page once it has loaded (e.g. an interaction)."""
    found = []
    for path in paths:
        page.goto(base + path, wait_until="load")
        if after_load is not None:
            after_load(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            found.append((path, scroll_width))
    return found


# --- git (tests/test_diff.py, tests/test_history.py, tests/test_history_pages.py) ---------------


def git(repo: Path, *args: str, date: str = "2024-05-01T10:00:00+08:00") -> str:
    """Run git in ``repo`` as a fixed author at a fixed date, ignoring the machine's git config."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    out = subprocess.run(
        ["git", "-C", str(repo), "-c", "commit.gpgsign=false", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


# --- the page set -------------------------------------------------------------------------------

SINGLE_PAGES = (
    "index.md",
    "tasks/index.md",
    "units/index.md",
    "matrix.md",
    "deadlines.md",
    "calendar.md",
    "targets.md",
    "source.md",
    "accessibility.md",
    "about.md",
    "how-to-edit.md",
    "changelog.md",
    "downloads.md",
    "irregularities.md",
    "search.md",
    "progress/index.md",
    "progress-method.md",
)
"""Every page that is not per campaign, task or unit — written out here, not taken from the code."""


def site_base_path() -> str:
    """The path of mkdocs.yml's ``site_url`` (``/huiji-plan``): Material's 404 page links
    root-absolute under it, wherever it is served."""
    from urllib.parse import urlsplit

    from mkdocs.config import load_config

    return urlsplit(load_config(str(ROOT / "mkdocs.yml")).site_url or "/").path.rstrip("/")


def mirror_in_source(root: Path, old: object, new: object) -> None:
    """After an edit of a plan file's data, make the same text change in the plan's original text
    (``source/original.txt``): tests of the diff and the history change the plan as a new version
    of the document would, and `check` refuses task text that is not in the original."""
    pairs: list[tuple[str, str]] = []

    def walk(a: object, b: object) -> None:
        if isinstance(a, str) and isinstance(b, str) and a != b:
            pairs.append((a, b))
        elif isinstance(a, dict) and isinstance(b, dict):
            for k in a.keys() & b.keys():
                walk(a[k], b[k])
        elif isinstance(a, list) and isinstance(b, list):
            for x, y in zip(a, b, strict=False):
                walk(x, y)

    walk(old, new)
    src = root / "source" / "original.txt"
    if not pairs or not src.is_file():
        return
    text = src.read_text(encoding="utf-8")
    for a, b in sorted(pairs, key=lambda p: -len(p[0])):
        text = text.replace(a, b)
    src.write_text(text, encoding="utf-8")


# --- progress (tests/test_progress.py, test_progress_site.py) ---------------------------------------

MINI_PROGRESS = ROOT / "tests" / "fixtures" / "mini_progress"
"""Made-up reports for the mini plan covering every light (read as demonstration data)."""
DEMO_AS_OF = "2024-10-20"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The mini plan with tests/fixtures/mini_progress, as of 2024-10-20 (示例数据 on every page)."""
    return mkdocs_build(
        tmp_path_factory.mktemp("demo") / "site",
        MINI_PLAN,
        {"HUIJI_PROGRESS": str(MINI_PROGRESS), "HUIJI_AS_OF": DEMO_AS_OF},
    )


@pytest.fixture(scope="session")
def demo_url(demo_site: BuiltSite) -> Iterator[str]:
    assert demo_site.returncode == 0, demo_site.output
    yield from serve(demo_site.path)


# --- a site of several documents (issue 16: tests/test_documents.py) --------------------------------

MINI_PLAN_2025 = ROOT / "tests" / "fixtures" / "mini_plan_2025"
"""The invented “next year's” document of the mini plan (its units.yaml is the shared registry,
with a unit renamed in 2025)."""
TWO_DOCS_AS_OF = "2025-08-01"
"""Both documents in force (2024's period ends 2025-12-31, 2025's starts 2025-07-01)."""


def write_two_document_site(dest: Path, progress: bool = True) -> Path:
    """A site of two documents at ``dest`` from the fixture folders (nothing copied into git):
    ``documents/mini-2024`` (the mini plan, with tests/fixtures/mini_progress as its reports) and
    ``documents/mini-2025``, beside one shared ``units.yaml`` and ``site.yaml``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI_PLAN / "site.yaml", dest / "site.yaml")
    shutil.copy(MINI_PLAN_2025 / "units.yaml", dest / "units.yaml")
    skip = shutil.ignore_patterns("units.yaml", "site.yaml")
    shutil.copytree(MINI_PLAN, dest / "documents" / "mini-2024", ignore=skip)
    shutil.copytree(MINI_PLAN_2025, dest / "documents" / "mini-2025", ignore=skip)
    if progress:
        shutil.copytree(MINI_PROGRESS, dest / "documents" / "mini-2024" / "progress")
    return dest


@pytest.fixture(scope="session")
def two_docs_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The two-document fixture site, built once by the real ``mkdocs build --strict``."""
    data = write_two_document_site(tmp_path_factory.mktemp("two-docs-data") / "plan_data")
    return mkdocs_build(tmp_path_factory.mktemp("two-docs") / "site", data, {"HUIJI_AS_OF": TWO_DOCS_AS_OF})


@pytest.fixture(scope="session")
def two_url(two_docs_site: BuiltSite) -> Iterator[str]:
    assert two_docs_site.returncode == 0, two_docs_site.output
    yield from serve(two_docs_site.path)
