"""The living plan on the built site: the real site says 尚无进展报送; the demonstration build (mini
plan + tests/fixtures/mini_progress, as of 2024-10-20) shows lights that reconcile, a 示例数据 banner on
every page, Atom feeds that parse back, quarterly workbooks, and passes axe in a real browser."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from conftest import DEMO_AS_OF, MINI_PLAN, MINI_PROGRESS, BuiltSite, mkdocs_build, new_page

if TYPE_CHECKING:  # the browser tests need playwright; `-m "not browser"` runs without it
    from playwright.sync_api import Browser

ATOM = "{http://www.w3.org/2005/Atom}"
LIGHT_LABELS = {
    "逾期": "overdue",
    "滞后": "lagging",
    "临期": "due-soon",
    "按期推进": "on-track",
    "暂缓": "paused",
    "无时限": "undated",
    "已完成": "done",
    "已销号": "closed",
    "尚无进展报送": "no-data",
}


def html(site: BuiltSite, path: str) -> str:
    return (
        (site.path / path / "index.html").read_text(encoding="utf-8")
        if not path.endswith(".html")
        else (site.path / path).read_text(encoding="utf-8")
    )


def pages(site: BuiltSite) -> list[Path]:
    return sorted(p for p in site.path.rglob("*.html") if "pagefind" not in p.parts)


# --- the real site: nothing invented ----------------------------------------------------------------


def test_the_real_site_says_no_reports_everywhere_it_would_show_a_status(built_site: BuiltSite) -> None:
    assert built_site.returncode == 0, built_site.output
    tasks = sorted((built_site.path / "tasks").glob("*/index.html"))
    assert len(tasks) == 79
    for p in tasks:
        text = p.read_text(encoding="utf-8")
        assert 'class="status-box" data-light="no-data"' in text, p
        assert "尚无进展报送" in text
    for p in pages(built_site):
        text = p.read_text(encoding="utf-8")
        assert "demo-banner" not in text and "示例数据" not in text, p
        if p.parent.name != "progress-method":  # its legend shows every light, with its rule
            assert not re.search(r'class="light light-(?!no-data)', text), p
    assert "尚无进展报送" in html(built_site, "progress") and "尚无进展报送" in html(built_site, "")
    assert not list((built_site.path / "progress").glob("20*"))  # no quarterly ranking without data
    unit = html(built_site, "units/cgj")
    assert "我的待办" in unit and "尚无进展报送" in unit
    feed = ET.parse(built_site.path / "data" / "feeds" / "progress.xml").getroot()
    assert feed.tag == ATOM + "feed" and not feed.findall(ATOM + "entry")


# --- the demonstration build ---------------------------------------------------------------------------


def test_every_demo_page_carries_the_banner(demo_site: BuiltSite) -> None:
    assert demo_site.returncode == 0, demo_site.output
    all_pages = pages(demo_site)
    assert len(all_pages) > 20
    missing = [p for p in all_pages if 'class="demo-banner"' not in p.read_text(encoding="utf-8")]
    assert missing == []


def _task_lights(site: BuiltSite, campaign: str | None = None) -> Counter[str]:
    out: Counter[str] = Counter()
    for p in sorted((site.path / "tasks").glob("*/index.html")):
        if campaign and not p.parent.name.startswith(campaign + "-"):
            continue
        m = re.search(r'class="status-box" data-light="([a-z-]+)"', p.read_text(encoding="utf-8"))
        assert m, p
        out[m.group(1)] += 1
    return out


def _listed_counts(text: str) -> Counter[str]:
    block = text.split('<ul class="light-counts">', 1)[1].split("</ul>", 1)[0]
    out: Counter[str] = Counter()
    for label, n in re.findall(r"</span>([^<]+)</span> <strong>(\d+)</strong>", block):
        out[LIGHT_LABELS[label]] += int(n)
    return out


def test_home_and_campaign_counts_reconcile_with_the_task_pages(demo_site: BuiltSite) -> None:
    assert _listed_counts(html(demo_site, "")) == _task_lights(demo_site)
    for c in ("alpha", "beta"):
        assert _listed_counts(html(demo_site, f"campaigns/{c}")) == _task_lights(demo_site, c), c
    assert sum(_task_lights(demo_site).values()) == 5


def test_task_page_shows_items_reasons_and_the_timeline(demo_site: BuiltSite) -> None:
    text = html(demo_site, "tasks/alpha-01")
    assert f'datetime="{DEMO_AS_OF}"' in text
    assert "2024年9月30日报送“滞后”" in text and "2024年9月20日报送“已完成”" in text
    timeline = text.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    days = re.findall(r'<p class="report-head"><time datetime="([\d-]+)"', timeline)
    assert days == sorted(days, reverse=True) and len(days) == 5  # newest first, every report on 甲1


def test_unit_todo_lists_overdue_soon_and_this_period(demo_site: BuiltSite) -> None:
    text = html(demo_site, "units/jia")
    todo = text.split('id="todo"', 1)[1].split('id="reports"', 1)[0]
    assert "逾期（0）" in todo and "30 天内到期（1）" in todo and "本期应报送（1）" in todo
    assert todo.index("逾期（0）") < todo.index("30 天内到期") < todo.index("本期应报送")
    assert "data/progress/template-jia.xlsx" in text and "data/feeds/unit-jia.xml" in text
    owes = html(demo_site, "units/yi")  # August's report was never sent: its sheet is offered
    assert (
        "逾期（1）" in owes
        and "data/progress/template-yi-2024-08.xlsx" in owes
        and "补报2024年8月进展" in owes
    )
    assert (demo_site.path / "data" / "progress" / "template-yi-2024-08.xlsx").is_file()
    collective = html(demo_site, "units/zhen-jiedao")
    assert "是集合称谓，不是一个单位" in collective and "template-zhen-jiedao" not in collective


def test_progress_overview_and_the_quarter(demo_site: BuiltSite) -> None:
    text = html(demo_site, "progress")
    rows = re.findall(r'<tr data-campaign="[a-z]+" data-unit="[a-z-]+" data-light="([a-z-]+)"', text)
    assert rows and set(rows) <= {"overdue", "lagging", "due-soon"}
    order = [("overdue", "lagging", "due-soon").index(r) for r in rows]
    assert order == sorted(order)  # worst first
    q = html(demo_site, "progress/2024-Q3")
    ranks = re.findall(
        r'<tr(?: class="unranked")?><td class="num">(\d+|<span class="none">不参加排名</span>)</td>'
        r'<th scope="row" class="unit-cell"><a [^>]*>([^<]+)</a>',
        q,
    )
    assert [(r, u) for r, u in ranks][:3] == [("1", "区丙中心"), ("2", "区甲局"), ("2", "区乙局")]
    wb = openpyxl.load_workbook(demo_site.path / "data" / "progress" / "2024-Q3.xlsx")
    ws = wb.active
    assert ws.title == "调度排名" and "示例数据" in ws["A2"].value
    sheet = [(r[0], r[1]) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert [(str(a), b) for a, b in sheet] == [(r if r.isdigit() else "不参加排名", u) for r, u in ranks]


def test_method_page_states_the_rules_in_force(demo_site: BuiltSite) -> None:
    text = html(demo_site, "progress-method")
    assert "距时限不超过 15 天" in text and "逾期 &gt; 滞后 &gt; 临期" in text
    assert "甲·有关要求(一)“每月28日前”" in text


def test_atom_feeds_parse_back(demo_site: BuiltSite) -> None:
    feed = ET.parse(demo_site.path / "data" / "feeds" / "progress.xml").getroot()
    assert feed.tag == ATOM + "feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(ATOM + tag) is not None and (feed.find(ATOM + tag).text or "").strip()  # type: ignore[union-attr]
    assert feed.find(ATOM + "title").text.startswith("【示例数据】")  # type: ignore[union-attr]
    entries = feed.findall(ATOM + "entry")
    reports = sum(
        len(re.findall(r"^  - item:", p.read_text(encoding="utf-8"), re.M))
        for p in MINI_PROGRESS.rglob("*/*.yaml")
    )
    assert len(entries) == reports
    ids = [e.find(ATOM + "id").text for e in entries]  # type: ignore[union-attr]
    tag_id = re.compile(r"^tag:[a-z0-9.-]+,2024:([a-z0-9-]+/)?report/[a-z0-9-]+$")
    assert len(set(ids)) == len(ids) and all(i and tag_id.match(i) for i in ids)
    for e in entries:
        assert e.find(ATOM + "updated") is not None and e.find(ATOM + "link").get("href")  # type: ignore[union-attr]
    updated = [e.find(ATOM + "updated").text for e in entries]  # type: ignore[union-attr]
    assert updated == sorted(updated, reverse=True)
    unit = ET.parse(demo_site.path / "data" / "feeds" / "unit-jia.xml").getroot()
    assert {e.find(ATOM + "author/" + ATOM + "name").text for e in unit.findall(ATOM + "entry")} == {"区甲局"}  # type: ignore[union-attr]


def test_two_demo_builds_are_byte_identical(demo_site: BuiltSite, tmp_path: Path) -> None:
    again = mkdocs_build(
        tmp_path / "site", MINI_PLAN, {"HUIJI_PROGRESS": str(MINI_PROGRESS), "HUIJI_AS_OF": DEMO_AS_OF}
    )
    assert again.returncode == 0, again.output
    files = sorted(p.relative_to(demo_site.path) for p in demo_site.path.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again.path) for p in again.path.rglob("*") if p.is_file())
    differ = [f for f in files if (demo_site.path / f).read_bytes() != (again.path / f).read_bytes()]
    assert differ == []


def test_a_bad_progress_file_stops_the_build(tmp_path: Path) -> None:
    import shutil

    prog = tmp_path / "progress"
    shutil.copytree(MINI_PROGRESS, prog)
    (prog / "jia" / "2024-10.yaml").write_text(
        "unit: 区甲局\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n  - item: 甲9\n    status: 推进中\n",
        encoding="utf-8",
    )
    out = mkdocs_build(tmp_path / "site", MINI_PLAN, {"HUIJI_PROGRESS": str(prog), "HUIJI_AS_OF": DEMO_AS_OF})
    assert out.returncode != 0
    assert "2024-10.yaml:5" in out.output and "任务编号“甲9”在方案中不存在" in out.output
    assert not (tmp_path / "site").exists()


# --- in a real browser ----------------------------------------------------------------------------------

DEMO_PAGES = (
    "",
    "progress/",
    "progress/2024-Q3/",
    "progress-method/",
    "units/zhen-jiedao/",
    "tasks/beta-02/",
    "campaigns/alpha/",
)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_demo_pages_pass_axe_and_lights_have_words(browser: Browser, demo_url: str, width: int) -> None:
    from test_a11y import violations

    outside: list[str] = []
    page = new_page(browser, demo_url, width, outside)
    found = {}
    for path in DEMO_PAGES:
        page.goto(demo_url + path, wait_until="load")
        page.wait_for_selector("footer.md-footer", state="attached")
        found[path or "/"] = violations(page)
        words = page.eval_on_selector_all(
            ".light",
            "els => els.map(e => e.textContent.replace(e.querySelector('.light-symbol').textContent, ''))",
        )
        assert all(w.strip() in LIGHT_LABELS for w in words), (path, set(words))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.close()
    assert not outside, outside
    assert {p: v for p, v in found.items() if v} == {}


@pytest.mark.browser
def test_the_overview_filters_by_unit_and_light(browser: Browser, demo_url: str) -> None:
    page = new_page(browser, demo_url, 1280, [])
    page.goto(demo_url + "progress/", wait_until="load")
    total = page.locator("#attention-table tbody tr").count()
    page.select_option("form.item-filter select[name=unit]", "jia")
    shown = page.locator("#attention-table tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("rs => rs.map(r => r.dataset.unit)")) == {"jia"}
    page.select_option("form.item-filter select[name=light]", "lagging")
    assert set(shown.evaluate_all("rs => rs.map(r => r.dataset.light)")) == {"lagging"} and shown.count() == 1
    assert "显示" in page.locator("form.item-filter output").inner_text()
    page.close()


def test_unit_calendars_mark_what_was_reported_done(demo_site: BuiltSite) -> None:
    import icalendar

    cal = icalendar.Calendar.from_ical((demo_site.path / "data" / "ics" / "unit-yi.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    done = events["alpha-01-d1@huiji-plan"]
    assert str(done["summary"]).startswith("【已完成】") and not done.walk("VALARM")
    assert str(events["beta-02-d1@huiji-plan"]["summary"]).startswith("【已销号】")
    open_ = icalendar.Calendar.from_ical(
        (demo_site.path / "data" / "ics" / "unit-jia.ics").read_bytes()  # 甲1: reported 滞后, not done
    )
    first = next(e for e in open_.walk("VEVENT") if str(e["uid"]) == "alpha-01-d1@huiji-plan")
    assert not str(first["summary"]).startswith("【") and first.walk("VALARM")


def test_report_texts_are_data_everywhere(tmp_path: Path) -> None:
    """A report's words reach pages, the feed, the CSV and the template as text, never as markup or
    a formula."""
    import datetime as dt
    import shutil

    from generator.data.pipeline import load_plan
    from generator.data.progress import load_progress
    from generator.data.status import Status
    from generator.site.pages import build_site
    from generator.site.views.common import SiteConfig

    prog = tmp_path / "progress"
    shutil.copytree(MINI_PROGRESS, prog)
    evil = "<script>alert(1)</script>{{ 7*7 }}"
    (prog / "jia" / "2024-10.yaml").write_text(
        "unit: 区甲局\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n  - item: 甲1\n    status: 推进中\n"
        f"    progress: '{evil}'\n    evidence: '=HYPERLINK(\"http://x\")'\n",
        encoding="utf-8",
    )
    plan = load_plan(MINI_PLAN)
    progress, _ = load_progress(plan, prog, demo=True)
    site = build_site(
        plan,
        SiteConfig(site_url="https://example.invalid/"),
        status=Status(plan, progress, dt.date(2024, 10, 20)),
    )
    for path in ("tasks/alpha-01.md", "units/jia.md"):
        md = site.page(path).markdown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in md and "<script>alert" not in md, path
    feed = site.files["data/feeds/unit-jia.xml"].decode("utf-8")
    assert "&lt;script&gt;" in feed and "<script>" not in feed
    ET.fromstring(site.files["data/feeds/progress.xml"])
    csv_text = site.files["data/progress/reports.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_the_overview_lists_the_worst_items_and_the_csv_all(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv
    import datetime as dt

    import generator.site.pages as pages
    from generator.data.pipeline import load_plan
    from generator.data.progress import load_progress
    from generator.data.status import Status
    from generator.site.views.common import SiteConfig
    from generator.site.views.progress import progress_overview

    plan = load_plan(MINI_PLAN)
    progress, _ = load_progress(plan, MINI_PROGRESS, demo=True)
    status = Status(plan, progress, dt.date(2024, 10, 20))
    monkeypatch.setattr(pages, "ATTENTION_LIMIT", 2)
    site = pages.build_site(plan, SiteConfig(), status=status)
    md = site.page("progress/index.md").markdown
    assert "这里列出最严重、最早到期的 2 项" in md
    assert len(re.findall(r'<tr data-campaign="', md)) == 2
    rows = list(csv.DictReader(io.StringIO(site.files["data/progress/attention.csv"].decode("utf-8-sig"))))
    assert len(rows) == len(progress_overview(status).items) > 2
    assert rows[0]["状态"] == "逾期"


def test_collective_names_show_no_light_anywhere(demo_site: BuiltSite) -> None:
    matrix = html(demo_site, "matrix")
    row = matrix.split('href="../units/zhen-jiedao/"', 1)[1].split("</tr>", 1)[0]
    assert "light-mark" not in row
    unit = html(demo_site, "units/zhen-jiedao")
    assert 'class="light ' not in unit.split('id="todo"', 1)[1].split('id="matrix"', 1)[0]
