"""Every page path and download path of the site, from one place.

Anchors too: every anchor that varies with the data or that another page links to comes from a
function here (a page's fixed section headings, ``{ #units }`` and the like, are written in its
template, beside the in-page links to them).

Paths are *source* paths (``tasks/lantian-12.md``) relative to the docs root; every builder turns
them into directory URLs (``tasks/lantian-12/``, :func:`page_url`). Templates never assemble a path
or a URL by hand: they call these functions, and :func:`relative` to link from the page being
rendered — which gives the *final* relative URL, so the written pages need no rewriting by a builder.

>>> task_page("lantian-12")
'tasks/lantian-12.md'
>>> relative("units/qu-cgj.md", "tasks/lantian-12.md", "units")
'../../tasks/lantian-12/#units'
"""

from __future__ import annotations

import functools
import html
import posixpath
import re

HOME = "index.md"
UNITS_INDEX = "units/index.md"
TASKS_INDEX = "tasks/index.md"
MATRIX = "matrix.md"
DEADLINES = "deadlines.md"
CALENDAR = "calendar.md"
TARGETS = "targets.md"
SOURCE = "source.md"
ABOUT = "about.md"
ACCESSIBILITY = "accessibility.md"
HOW_TO_EDIT = "how-to-edit.md"
CHANGELOG = "changelog.md"
DOWNLOADS = "downloads.md"
FLAGS = "irregularities.md"
SEARCH = "search.md"
PROGRESS = "progress/index.md"
"""督办: every overdue and at-risk item, and the quarterly 调度 reports."""
PROGRESS_METHOD = "progress-method.md"
"""计算方法: how the lights are computed (generated from :mod:`generator.data.status`)."""


DOCUMENTS_DIR = "d"
"""A site of several documents: each document's pages and downloads under ``d/<doc-id>/``."""
COMPARE = "compare.md"
"""A document's 逐年对比 page (with its predecessor of the same kind), inside its folder."""


def in_document(doc_id: str, path: str) -> str:
    """A document's page or download in a site of several documents (``doc_id`` empty: the one
    document of a single-document site, at the root as before).

    >>> in_document("2025-huiji", "tasks/lantian-12.md"), in_document("", "tasks/lantian-12.md")
    ('d/2025-huiji/tasks/lantian-12.md', 'tasks/lantian-12.md')
    """
    return f"{DOCUMENTS_DIR}/{doc_id}/{path}" if doc_id else path


def out_of_document(path: str) -> str:
    """From a document's folder up to the site root: a path a document's pages (rendered as if at
    the root) use for what only the root has (the search index).

    >>> out_of_document("pagefind")
    '../../pagefind'
    >>> url_from("tasks/a-1.md", out_of_document(SEARCH)), url_from("index.md", out_of_document(HOME))
    ('../../../../search/', '../../')
    """
    return "../../" + path


def redirect_file(page: str) -> str:
    """The HTML file that stands at a moved page's old URL and sends the reader on.

    >>> redirect_file("tasks/lantian-12.md"), redirect_file("tasks/index.md")
    ('tasks/lantian-12/index.html', 'tasks/index.html')
    """
    return page_url(page) + "index.html"


def document_anchor(doc_id: str) -> str:
    """A document's entry on the home page and its section on a unit's page across documents."""
    return f"doc-{doc_id}"


def compare_scope_anchor(index: int) -> str:
    """A part (document information, the registry, a campaign) of a 逐年对比 page (1-based)."""
    return f"scope-{index}"


def progress_quarter(key: str) -> str:
    """The quarterly 调度 report: ``progress/2024-Q3.md``."""
    return f"progress/{key}.md"


def report_anchor(report_id: str) -> str:
    """A report in a task's or unit's progress timeline."""
    return f"r-{report_id}"


def campaign_page(campaign_id: str) -> str:
    return f"campaigns/{campaign_id}.md"


def task_page(task_id: str) -> str:
    return f"tasks/{task_id}.md"


def unit_page(unit_id: str) -> str:
    return f"units/{unit_id}.md"


def section_anchor(number: int) -> str:
    """Anchor of section (一)(二)… on its campaign page."""
    return f"sec-{number}"


def part_anchor(role: str) -> str:
    """Anchor of a part (guidance / goals / tasks / requirements) on its campaign page."""
    return f"part-{role}"


def requirement_anchor(number: int) -> str:
    """Anchor of a closing requirement (有关要求/保障措施 (一)…) on its campaign page."""
    return f"req-{number}"


def campaign_source_anchor(campaign_id: str) -> str:
    """Where a campaign's title stands on the 原文 page: ``src-lantian``."""
    return f"src-{campaign_id}"


def matrix_anchor(campaign_id: str) -> str:
    """A campaign's table on the 责任矩阵 page: ``matrix-lantian``."""
    return f"matrix-{campaign_id}"


def month_anchor(year: int, month: int) -> str:
    """A month on the 时限 and 日历 pages: ``m-2024-10``."""
    return f"m-{year}-{month:02d}"


def month_span_anchor(first: tuple[int, int], last: tuple[int, int]) -> str:
    """A run of months without due days on the 日历 page: ``m-2025-01-06`` (one month: its own)."""
    if first == last:
        return month_anchor(*first)
    return f"{month_anchor(*first)}-{last[1]:02d}"


def change_day_anchor(day: str) -> str:
    """A day of the 更新记录 page (ISO date): ``d-2024-08-29``."""
    return f"d-{day}"


def change_anchor(short: str) -> str:
    """One change (commit) on the 更新记录 page."""
    return f"c-{short}"


def campaign_task_anchor(number: int) -> str:
    """A task's row in its campaign page's task table: ``task-12``."""
    return f"task-{number}"


def subitem_anchor(index: int) -> str:
    """A sub-item's box on its task page (1-based): ``item-2``."""
    return f"item-{index}"


def actual_anchor(index: int) -> str:
    """A measured value on the 指标 page (1-based)."""
    return f"actual-{index}"


def home_campaign_anchor(campaign_id: str) -> str:
    """A campaign's entry on the home page."""
    return f"home-{campaign_id}"


def unit_kind_anchor(index: int) -> str:
    """A kind of unit on the 单位 index (1-based, in the registry's order of kinds)."""
    return f"kind-{index}"


def unit_campaign_anchor(campaign_id: str, role: str | None = None) -> str:
    """A campaign's duties on a unit page, or one role of them: ``lantian``, ``lantian-lead``."""
    return f"{campaign_id}-{role}" if role else campaign_id


def targets_anchor(campaign_id: str) -> str:
    """A campaign's targets on the 指标 page."""
    return f"targets-{campaign_id}"


def flag_kind_anchor(kind: str) -> str:
    """A kind of irregularity on the 不规范之处 page: ``broken-line``."""
    return kind.replace("_", "-")


def message_anchor(code: str) -> str:
    """A problem message in the 编辑指南: ``msg-deadline-date-words``."""
    return f"msg-{code}"


def message_group_anchor(key: str) -> str:
    """A group of messages in the 编辑指南: ``msg-read``."""
    return f"msg-{key}"


def key_table_anchor(name: str) -> str:
    """A table of YAML keys in the 编辑指南: ``keys-task``."""
    return f"keys-{name}"


UNDATED = "undated"
"""The list of deadlines without a date (时限 page, unit pages)."""
REPORT_SECTION = "report"
"""The 编辑指南's section on 报送进展."""
QUARTERS = "quarters"
"""The 督办 page's 季度调度 section."""
CALENDAR_APPS = "calendar-apps"
"""The 数据下载 page's section on adding a calendar file to a phone or a computer."""


def source_anchor(task_id: str) -> str:
    """Anchor of a task's place in the 原文 page."""
    return f"src-{task_id}"


# --- downloads (written by generator.exports, not Markdown pages) -------------------------------
PLAN_JSON = "data/plan.json"
PLAN_SCHEMA = "data/plan.schema.json"
TASKS_CSV = "data/tasks.csv"
ASSIGNMENTS_CSV = "data/assignments.csv"
ALL_ICS = "data/ics/all.ics"
ALL_XLSX = "data/xlsx/all.xlsx"


REPORTS_CSV = "data/progress/reports.csv"
ATTENTION_CSV = "data/progress/attention.csv"
"""Every overdue, lagging and due-soon item (the 督办 page lists the worst of them)."""
"""Every progress report, one row each (the pages list the latest ones)."""
PROGRESS_FEED = "data/feeds/progress.xml"
"""Atom feed of every progress report."""


def unit_feed(unit_id: str) -> str:
    return f"data/feeds/unit-{unit_id}.xml"


def progress_template(unit_id: str, period: str | None = None) -> str:
    """A unit's 进展报送表 (XLSX) for the as-of month, or for a past ``period`` it still owes."""
    return f"data/progress/template-{unit_id}{'-' + period if period else ''}.xlsx"


def quarter_xlsx(key: str) -> str:
    return f"data/progress/{key}.xlsx"


def unit_ics(unit_id: str) -> str:
    return f"data/ics/unit-{unit_id}.ics"


def campaign_ics(campaign_id: str) -> str:
    return f"data/ics/campaign-{campaign_id}.ics"


def unit_xlsx(unit_id: str) -> str:
    return f"data/xlsx/unit-{unit_id}.xlsx"


def campaign_xlsx(campaign_id: str) -> str:
    return f"data/xlsx/campaign-{campaign_id}.xlsx"


@functools.lru_cache(maxsize=1 << 16)
def page_url(page: str) -> str:
    """The URL of a source page under ``use_directory_urls``, relative to the site root.

    >>> page_url("tasks/lantian-12.md"), page_url("units/index.md"), page_url("index.md")
    ('tasks/lantian-12/', 'units/', '')
    >>> page_url("tasks/README.md"), page_url("README.md")  # MkDocs reads a README.md as the index
    ('tasks/', '')
    """
    stem = page.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return stem + "/"


@functools.lru_cache(maxsize=1 << 16)
def url_from(from_page: str, to_path: str) -> str:
    """The final URL from the built page of ``from_page`` to ``to_path`` (a page or a file).

    >>> url_from("search.md", "search/hints.json"), url_from("search.md", "pagefind")
    ('hints.json', '../pagefind')
    >>> url_from("index.md", "search.md"), url_from("units/cgj.md", "index.md")
    ('search/', '../../')
    """
    page = to_path.endswith(".md")
    target = page_url(to_path) if page else to_path
    rel = _relpath(target or ".", page_url(from_page).rstrip("/") or ".")
    if page and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def relative(from_page: str, to_path: str, anchor: str | None = None) -> str:
    """The final URL from the built page of ``from_page`` to ``to_path`` (a page or a download),
    with ``anchor`` if given.

    >>> relative("index.md", "data/plan.json"), relative("tasks/lantian-1.md", "tasks/lantian-2.md")
    ('data/plan.json', '../lantian-2/')
    >>> relative("tasks/lantian-1.md", "tasks/lantian-1.md", "units")
    './#units'
    """
    rel = url_from(from_page, to_path)
    return f"{rel}#{anchor}" if anchor else rel


def resolve(from_page: str, href: str) -> tuple[str, str] | None:
    """Where a link of the built page of ``from_page`` goes: (site URL, anchor), or None for a link
    that leaves the site's files (another scheme, an absolute path) or stays on the page (``#x``).

    >>> resolve("tasks/lantian-1.md", "../../units/cgj/#duties"), resolve("index.md", "data/plan.json")
    (('units/cgj/', 'duties'), ('data/plan.json', ''))
    >>> resolve("units/cgj.md", "../../"), resolve("index.md", "mailto:a@b.cn"), resolve("index.md", "#x")
    (('', ''), None, None)
    """
    if not href or href.startswith("#") or leaves_site(href):
        return None
    path, _, anchor = href.partition("#")
    url = posixpath.normpath(posixpath.join(page_url(from_page), path))
    url = "" if url == "." else url + ("/" if path.endswith("/") else "")
    return url, anchor


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')


def leaves_site(href: str) -> bool:
    """Whether a link goes elsewhere than a relative path of the site: another scheme, or absolute.

    >>> leaves_site("mailto:a@b.cn"), leaves_site("/x/"), leaves_site("//cdn.example/x"), leaves_site("../x/")
    (True, True, True, False)
    """
    return href.startswith("/") or bool(_SCHEME.match(href))


def hrefs(html_text: str) -> list[str]:
    """The ``href`` of every ``<a>`` in ``html_text``, unescaped (the pages' links are raw HTML).

    >>> hrefs('<a class="x" href="../a/?q=1&amp;r=2">a</a> <a href="#b">b</a>')
    ['../a/?q=1&r=2', '#b']
    """
    return [html.unescape(h) for h in _HREF.findall(html_text)]


@functools.lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for site-relative paths, by string work alone.

    ``posixpath.relpath`` makes both paths absolute against the working directory (two ``getcwd``
    calls each time); a site renders thousands of links, all between paths relative to the docs
    root, so this compares their normalised components instead. Anything that would need the
    working directory (an absolute path, a ``..`` above the root, an empty path) is left to
    ``posixpath.relpath``.
    """
    p = posixpath.normpath(path) if path else ""
    s = posixpath.normpath(start) if start else ""
    above = p == ".." or p.startswith("../")
    if above and s and not s.startswith(("/", "../")) and s != "..":
        # a target above the docs root (a document's page linking to the site's root,
        # :func:`out_of_document`): up to the docs root, then on — never the working directory
        ups = [] if s == "." else [".."] * len(s.split("/"))
        return "/".join(ups + p.split("/"))
    if not p or not s or any(x.startswith("/") or x == ".." or x.startswith("../") for x in (p, s)):
        return posixpath.relpath(path, start)
    p_parts = [] if p == "." else p.split("/")
    s_parts = [] if s == "." else s.split("/")
    common = 0
    for a, b in zip(p_parts, s_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(s_parts) - common) + p_parts[common:]
    return "/".join(parts) if parts else "."
