"""Progress reports and status lights (generator.data.progress, generator.data.status) on the mini plan.

tests/fixtures/mini_progress holds made-up reports that reach every light; the as-of date is fixed.
Expected lights are written out by hand from the fixture files, not taken from the code.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINI_PLAN, MINI_PROGRESS, ROOT

from generator.data.lights import Light, Settings, as_of_date
from generator.data.pipeline import load_plan
from generator.data.problems import PlanInvalid
from generator.data.progress import load_progress
from generator.data.rating import rating
from generator.data.reports import Progress
from generator.data.status import ItemStatus, Status
from generator.model.duties import task_entries
from generator.model.model import Plan

AS_OF = dt.date(2024, 10, 20)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(MINI_PLAN)


@pytest.fixture(scope="module")
def progress(plan: Plan) -> Progress:
    return load_progress(plan, MINI_PROGRESS, demo=True, today=TODAY)[0]


def status_at(plan: Plan, progress: Progress, day: dt.date = AS_OF) -> Status:
    return Status(plan, progress, day, Settings())


def item(st: Status, unit_id: str, entry_code: str, due: str | None) -> ItemStatus:
    hits = [
        i
        for i in st.items(st.plan.unit(unit_id))
        if i.entry.code == entry_code and (i.due.isoformat() if i.due else None) == due
    ]
    assert len(hits) == 1, (
        unit_id,
        entry_code,
        due,
        [(i.entry.code, i.due) for i in st.items(st.plan.unit(unit_id))],
    )
    return hits[0]


# --- one light per item, with its reason ------------------------------------------------------------

EXPECTED: list[tuple[str, str, str | None, Light, str]] = [
    # (unit, entry code, due day, light, words the reason must contain)
    ("jia", "甲1", "2024-10-31", Light.LAGGING, "报送“滞后”"),  # its own 滞后 wins over 临期 (11 days)
    ("yi", "甲1", "2024-10-31", Light.DONE, "2024年9月20日报送“已完成”"),
    ("yi", "甲2", None, Light.PAUSED, "等待市级时间节点"),
    ("jia", "乙1", None, Light.UNDATED, "原文未规定具体时限"),  # a task without deadlines: one undated item
    ("jia", "甲3", None, Light.ON_TRACK, "推进中"),
    ("yi", "甲3", None, Light.UNDATED, "尚未报送进展"),
    ("yi", "甲·有关要求(一)", "2024-08-28", Light.OVERDUE, "2024年8月进展尚未报送"),
    ("yi", "甲·有关要求(一)", "2024-09-28", Light.DONE, "按时"),
    ("jia", "甲·有关要求(一)", "2024-09-28", Light.DONE, "逾期 2 天"),  # sent 09-30 for September
    ("jia", "甲·有关要求(一)", "2024-10-28", Light.DUE_SOON, "8 天后到期"),
    ("jia", "甲·有关要求(一)", "2024-11-28", Light.ON_TRACK, "未到"),
    ("yi", "乙2(1)", "2024-07-31", Light.CLOSED, "区丙中心销号"),  # 销号, then a later 推进中: stays closed
    ("jia", "乙2(1)", "2024-07-31", Light.DONE, "已完成"),
    ("bing", "乙2(2)", "2024-09-30", Light.DONE, "已完成"),  # the quarter's own report
    ("bing", "乙2(2)", "2024-12-31", Light.ON_TRACK, "尚未报送进展"),  # September's report is not Q4's
]


@pytest.mark.parametrize(("unit", "code", "due", "light", "words"), EXPECTED)
def test_item_light_and_reason(
    plan: Plan, progress: Progress, unit: str, code: str, due: str | None, light: Light, words: str
) -> None:
    i = item(status_at(plan, progress), unit, code, due)
    assert i.light is light, i.reason
    assert words in i.reason


def test_every_light_is_reached(plan: Plan, progress: Progress) -> None:
    st = status_at(plan, progress)
    assert {i.light for i in st.all_items} == set(Light) - {Light.NO_DATA}


def test_due_today_tomorrow_and_the_day_after(plan: Plan, progress: Progress) -> None:
    day = dt.date(2024, 12, 31)  # 区丙中心's Q4 巡查, not reported
    before = item(status_at(plan, progress, day - dt.timedelta(days=1)), "bing", "乙2(2)", "2024-12-31")
    assert before.light is Light.DUE_SOON and "1 天后到期" in before.reason
    today = item(status_at(plan, progress, day), "bing", "乙2(2)", "2024-12-31")
    assert today.light is Light.DUE_SOON and "今天到期" in today.reason
    after = item(status_at(plan, progress, day + dt.timedelta(days=1)), "bing", "乙2(2)", "2024-12-31")
    assert after.light is Light.OVERDUE and "已过 1 天" in after.reason


def test_due_soon_threshold_is_the_setting(plan: Plan, progress: Progress) -> None:
    st = Status(plan, progress, AS_OF, Settings(due_soon_days=5))  # 8 days > 5: not 临期 any more
    assert item(st, "jia", "甲·有关要求(一)", "2024-10-28").light is Light.ON_TRACK


def test_a_missed_monthly_report_makes_the_campaigns_open_items_lagging(
    plan: Plan, progress: Progress
) -> None:
    st = status_at(plan, progress, dt.date(2024, 11, 5))  # 区甲局 sent no October report (due 10-28)
    lag = item(st, "jia", "甲3", None)
    assert lag.light is Light.LAGGING and "2024年10月进展尚未报送" in lag.reason
    assert item(st, "jia", "乙1", None).light is Light.UNDATED  # 乙方案 asks for no monthly report
    assert item(st, "yi", "甲3", None).light is Light.UNDATED  # 区乙局 sent October's


def test_collective_names_report_nothing_and_have_no_light(plan: Plan, progress: Progress) -> None:
    st = status_at(plan, progress)
    assert st.items(plan.unit("zhen-jiedao")) == [] and st.items(plan.unit("xg-zhen-jiedao")) == []
    q3 = next(q for q in st.quarters if q.key == "2024-Q3")
    assert all(r.rank is None for r in q3.units if r.unit.collective)


def test_a_stale_progress_report_is_not_on_track_forever(plan: Plan, progress: Progress) -> None:
    st = Status(plan, progress, AS_OF, Settings(stale_days=30))  # 区甲局's 推进中 on 甲3 is from 08-27
    stale = item(st, "jia", "甲3", None)
    assert stale.light is Light.UNDATED and "已超过 30 天" in stale.reason


def test_a_report_sent_after_the_as_of_date_does_not_count_yet(plan: Plan, progress: Progress) -> None:
    before = status_at(plan, progress, dt.date(2024, 9, 19))  # 区乙局 reported 已完成 on 09-20
    assert item(before, "yi", "甲1", "2024-10-31").light is not Light.DONE
    assert (
        item(status_at(plan, progress, dt.date(2024, 9, 20)), "yi", "甲1", "2024-10-31").light is Light.DONE
    )


def test_a_quarterly_occurrence_needs_a_report_of_its_quarter(plan: Plan, progress: Progress) -> None:
    late = status_at(plan, progress, dt.date(2025, 1, 5))
    q4 = item(late, "bing", "乙2(2)", "2024-12-31")
    assert q4.light is Light.OVERDUE  # the September (Q3) report does not cover Q4


def test_a_sub_item_report_speaks_only_of_its_sub_item(plan: Plan, progress: Progress) -> None:
    task = plan.task("beta-02")
    e1, e2 = task_entries(task)
    r = next(r for r in progress.reports if r.item.code == "乙2(1)" and r.unit.id == "jia")
    assert r.applies_to(e1) and not r.applies_to(e2)


def test_without_reports_no_light_is_computed(plan: Plan) -> None:
    st = Status(plan, Progress(), AS_OF)
    assert {i.light for i in st.all_items} == {Light.NO_DATA}
    assert all(st.task_light(t) is Light.NO_DATA for t in plan.tasks)
    assert st.quarters == []
    assert all(not st.todo(u).missing and not st.todo(u).lagging for u in plan.units)


def test_task_light_is_the_worst_of_its_items(plan: Plan, progress: Progress) -> None:
    st = status_at(plan, progress)
    order = [
        Light.CLOSED,
        Light.DONE,
        Light.ON_TRACK,
        Light.UNDATED,
        Light.PAUSED,
        Light.DUE_SOON,
        Light.LAGGING,
        Light.OVERDUE,
    ]  # written out here: worse is later
    for t in plan.tasks:
        lights = [i.light for u in plan.units for i in st.items(u) if i.owner is t]
        assert st.task_light(t) is max(lights, key=order.index), t.code
    assert st.task_light(plan.task("alpha-01")) is Light.LAGGING
    counts = st.task_counts()
    assert counts.total == len(plan.tasks)
    assert sum(st.task_counts(c).total for c in plan.campaigns) == counts.total


def test_todo_lists_overdue_first_then_soon_then_this_period(plan: Plan, progress: Progress) -> None:
    st = status_at(plan, progress, dt.date(2024, 11, 5))
    todo = st.todo(plan.unit("jia"))
    assert [(i.entry.code, i.due.isoformat()) for i in todo.overdue if i.due] == [
        ("甲·有关要求(一)", "2024-10-28"),
        ("甲1", "2024-10-31"),
    ]
    assert todo.soon == []  # the next report (11-28) is listed under 本期应报送, not twice
    assert [i.due.isoformat() for i in todo.missing if i.due] == ["2024-11-28"]
    at = status_at(plan, progress, dt.date(2024, 10, 29))  # 10-28 overdue: under 逾期 only
    todo = at.todo(plan.unit("jia"))
    assert [i.due.isoformat() for i in todo.overdue if i.due] == ["2024-10-28"] and todo.missing == []


def test_quarterly_ranking(plan: Plan, progress: Progress) -> None:
    st = status_at(plan, progress)
    q3 = next(q for q in st.quarters if q.key == "2024-Q3")
    rows = {r.unit.id: r for r in q3.units}
    jia, yi, bing = rows["jia"], rows["yi"], rows["bing"]
    assert (jia.reports_due, jia.reports_on_time, jia.reports_late, jia.reports_missing) == (3, 2, 1, 0)
    assert (yi.reports_due, yi.reports_on_time, yi.reports_missing) == (3, 2, 1)
    assert (jia.items_due, jia.items_done, yi.items_due, yi.items_done) == (1, 1, 1, 1)
    # 区丙中心: its one item done and no report due (counts as 100%) — above two units at 2/3 on time
    assert (bing.reports_due, bing.items_due, bing.items_done, bing.rank) == (0, 1, 1, 1)
    assert jia.rank == yi.rank == 2  # same rates, same place
    assert [q.key for q in st.quarters] == ["2024-Q4", "2024-Q3"]
    assert not st.quarters[0].complete


def test_a_later_report_does_not_rewrite_a_past_quarter(tmp_path: Path, plan: Plan) -> None:
    root = _tree(tmp_path)
    before = status_at(plan, load_progress(plan, root / "progress", today=TODAY)[0], dt.date(2024, 11, 20))
    _write(
        root,
        "jia/2024-11.yaml",
        "unit: 区甲局\nperiod: 2024-11\nreported: 2024-11-15\nreports:\n"
        "  - item: 乙2(1)\n    status: 已销号\n    closed_on: 2024-11-10\n    closed_by: 区丙中心\n",
    )
    after = status_at(plan, load_progress(plan, root / "progress", today=TODAY)[0], dt.date(2024, 11, 20))

    def q3(st: Status) -> list[tuple[str, int | None, int]]:
        q = next(q for q in st.quarters if q.key == "2024-Q3")
        return [(r.unit.id, r.rank, r.items_done) for r in q.units]

    assert q3(after) == q3(before)
    assert item(after, "jia", "乙2(1)", "2024-07-31").light is Light.CLOSED  # today it is closed


def test_rules_in_their_order(tmp_path: Path, plan: Plan) -> None:
    root = _tree(tmp_path)
    # 暂缓 on a dated task: grey while not due, red once past; an older period sent late does not win
    _write(
        root,
        "jia/2024-10.yaml",
        "unit: 区甲局\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n"
        "  - item: 甲1\n    status: 暂缓\n    problems: 等待资金。\n",
    )
    _write(
        root,
        "yi/2024-08.yaml",
        "unit: 区乙局\nperiod: 2024-08\nreported: 2024-10-15\nreports:\n  - item: 甲2\n    status: 推进中\n",
    )
    progress, _ = load_progress(plan, root / "progress", today=TODAY)
    st = status_at(plan, progress)
    assert item(st, "jia", "甲1", "2024-10-31").light is Light.PAUSED
    assert (
        item(status_at(plan, progress, dt.date(2024, 11, 1)), "jia", "甲1", "2024-10-31").light
        is Light.OVERDUE
    )
    assert item(st, "yi", "甲2", None).light is Light.PAUSED  # October's 暂缓, not August's late 推进中


def test_a_report_can_name_the_occurrence_it_completes(tmp_path: Path, plan: Plan) -> None:
    root = _tree(tmp_path)
    (root / "progress" / "bing" / "2024-09.yaml").unlink()
    _write(
        root,
        "bing/2024-10.yaml",
        "unit: 区丙中心\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n"
        "  - item: 乙2(2)\n    deadline: beta-02-d2\n    due: 2024-09-30\n    status: 已完成\n",
    )
    st = status_at(plan, load_progress(plan, root / "progress", today=TODAY)[0])
    assert item(st, "bing", "乙2(2)", "2024-09-30").light is Light.DONE  # late, for Q3
    assert item(st, "bing", "乙2(2)", "2024-12-31").light is Light.ON_TRACK  # not Q4


def test_target_rating() -> None:
    from generator.model.model import Target

    le = Target("PM2.5", "<=", 41, "微克/立方米", "x", None)
    ge = Target("比例", ">=", 90, "%", "x", None)
    assert [rating(le, v) for v in (40, 41, 41.5, None)] == ["达标", "达标", "未达标", "无数据"]
    assert [rating(ge, v) for v in (89.9, 90)] == ["未达标", "达标"]
    water = Target("断面", None, "Ⅲ类", None, "达到Ⅲ类", None)
    assert [rating(water, v) for v in ("Ⅱ类", "Ⅲ类", "IV类", "劣Ⅴ类")] == ["达标", "达标", "未达标", "未达标"]
    assert rating(Target("定性", None, None, None, "x", None), "良好") == "不评定"


def test_as_of_date_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUIJI_AS_OF", "2024-10-20")
    assert as_of_date() == dt.date(2024, 10, 20)
    assert as_of_date("2025-01-01") == dt.date(2025, 1, 1)
    for bad in ("2024-13-01", "20241020", "tomorrow", "9999-01-01"):
        with pytest.raises(ValueError, match="截至日期"):
            as_of_date(bad)


def test_settings_are_bounded() -> None:
    assert Settings.from_config({"progress": {"due_soon_days": 7}}).due_soon_days == 7
    for bad in ({"due_soon_days": 10**9}, {"due_soon_days": "15"}, {"todo_day": 3}, "x"):
        with pytest.raises(ValueError, match=r"extra\.progress"):
            Settings.from_config({"progress": bad})


# --- progress files: every mistake located, in Chinese ---------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, root)
    shutil.copytree(MINI_PROGRESS, root / "progress")
    return root


def _write(root: Path, rel: str, text: str) -> None:
    p = root / "progress" / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


GOOD_HEAD = "unit: 区甲局\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n"

BAD_FILES: list[tuple[str, str, str, int, str]] = [
    (
        "zhen-jiedao/2024-10.yaml",
        "unit: 各镇(街道)\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n"
        "  - item: 甲1\n    status: 推进中\n",
        "progress-file-name",
        0,
        "集合称谓",
    ),
    (
        "bing/2024-10.yaml",
        "unit: 区丙中心\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n  - item: 乙2(2)\n"
        "    deadline: beta-02-d2\n    due: 2024-10-31\n    status: 已完成\n",
        "progress-date",
        7,
        "2024-09-30",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 已销号\n    closed_on: 2024-10-18\n    closed_by: 区丙中心\n",
        "progress-date",
        7,
        "销号之后才能报送",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 乙2\n    deadline: beta-02-d1\n    status: 推进中\n"
        "  - item: 乙2(1)\n    deadline: beta-02-d1\n    status: 已完成\n",
        "progress-duplicate",
        8,
        "第 5 行",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲3\n    status: 推进中\n    value: .inf\n",
        "invalid-value",
        7,
        ".inf",
    ),
    # (file under progress/, text, code, line, words of the message)
    (
        "区甲局/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 推进中\n",
        "progress-file-name",
        0,
        "单位标识",
    ),
    (
        "jia/2024年10月.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 推进中\n",
        "progress-file-name",
        0,
        "报送期",
    ),
    (
        "jia/2024-10.yaml",
        "unit: 区乙局\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n  - item: 甲1\n    status: 推进中\n",
        "progress-unit-mismatch",
        1,
        "区甲局",
    ),
    (
        "jia/2024-10.yaml",
        "unit: 区甲局\nperiod: 2024-11\nreported: 2024-11-15\nreports:\n  - item: 甲1\n    status: 推进中\n",
        "progress-bad-period",
        2,
        "文件名",
    ),
    (
        "jia/2024-06.yaml",
        "unit: 区甲局\nperiod: 2024-06\nreported: 2024-06-15\nreports:\n  - item: 甲1\n    status: 推进中\n",
        "progress-bad-period",
        2,
        "早于方案开始",
    ),
    (
        "jia/2024-10.yaml",
        "unit: 区甲局\nperiod: 2024-10\nreported: 2024-09-30\nreports:\n  - item: 甲1\n    status: 推进中\n",
        "progress-date",
        3,
        "早于报送期",
    ),
    (
        "jia/2024-10.yaml",
        "unit: 区甲局\nperiod: 2024-10\nreported: 2027-10-15\nreports:\n  - item: 甲1\n    status: 推进中\n",
        "progress-date",
        3,
        "晚于今天",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲9\n    status: 推进中\n",
        "progress-unknown-item",
        5,
        "甲9",
    ),
    (
        "bing/2024-10.yaml",
        "unit: 区丙中心\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n  - item: 甲1\n"
        "    status: 推进中\n",
        "progress-not-holder",
        5,
        "区丙中心在“甲1”中没有担任任何角色",
    ),
    (
        "bing/2024-10.yaml",
        "unit: 区丙中心\nperiod: 2024-10\nreported: 2024-10-15\nreports:\n  - item: 乙2(1)\n"
        "    status: 推进中\n",
        "progress-not-holder",
        5,
        "乙2(1)",
    ),  # named only in sub-item (2)
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    deadline: alpha-01-d9\n    status: 推进中\n",
        "progress-unknown-deadline",
        6,
        "alpha-01-d1",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 推进中\n  - item: 甲1\n    status: 已完成\n",
        "progress-duplicate",
        7,
        "第 5 行",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 已销号\n",
        "progress-closed-fields",
        6,
        "closed_on、closed_by",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 已销号\n    closed_on: 2024-10-10\n    closed_by: 区攻坚办\n",
        "progress-closed-fields",
        8,
        "不在单位名录",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 推进中\n    closed_on: 2024-10-10\n",
        "progress-closed-fields",
        7,
        "不应填写销号信息",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 推进中\n    value: 3\n",
        "progress-value",
        7,
        "没有数值指标",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 已完结\n",
        "bad-choice",
        6,
        "是否指“已完成”",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD + "  - item: 甲1\n    status: 推进中\n    progress: " + "字" * 2001 + "\n",
        "text-too-long",
        7,
        "2001",
    ),
    (
        "jia/2024-10.yaml",
        GOOD_HEAD
        + "  - item: 甲1\n    status: 推进中\n" * 1
        + "".join(f"  - item: 甲{i}\n    status: 推进中\n" for i in range(2001)),
        "progress-too-many",
        4,
        "2002",
    ),
    (
        "actuals.yaml",
        "actuals:\n  - target: 甲·PM10\n    period: '2024'\n    value: 40\n    source: 测试\n",
        "progress-unknown-target",
        2,
        "甲·PM10",
    ),
    (
        "actuals.yaml",
        "actuals:\n  - target: 甲·PM2.5平均浓度\n    period: '2024'\n    value: 良\n    source: 测试\n",
        "progress-actual-value",
        4,
        "不是数字",
    ),
    (
        "actuals.yaml",
        "actuals:\n  - target: 甲·PM2.5平均浓度\n    period: 2024年\n    value: 40\n    source: 测试\n",
        "progress-bad-period",
        3,
        "2024年",
    ),
    (
        "actuals.yaml",
        "actuals:\n  - target: 甲·PM2.5平均浓度\n    period: '2024'\n    value: 40\n    source: 测试\n"
        "  - target: 甲·PM2.5平均浓度\n    period: '2024'\n    value: 41\n    source: 测试\n",
        "progress-actual-duplicate",
        7,
        "第 2 行",
    ),
]


@pytest.mark.parametrize(
    ("rel", "text", "code", "line", "words"),
    BAD_FILES,
    ids=[f"{c}-{i}" for i, (_, _, c, _, _) in enumerate(BAD_FILES)],
)
def test_a_bad_progress_file_is_located(
    tmp_path: Path, plan: Plan, rel: str, text: str, code: str, line: int, words: str
) -> None:
    root = _tree(tmp_path)
    _write(root, rel, text)
    with pytest.raises(PlanInvalid) as exc:
        load_progress(plan, root / "progress", today=TODAY)
    hits = [p for p in exc.value.errors if p.code == code]
    assert hits, [p.format() for p in exc.value.problems]
    p = hits[0]
    assert rel.split("/")[-1] in p.file
    assert p.line == line, p.format()
    assert words in p.format(), p.format()


def test_a_report_after_closing_out_is_a_warning(plan: Plan) -> None:
    _, warnings = load_progress(plan, MINI_PROGRESS, today=TODAY)
    assert [(w.code, Path(w.file).name, w.line) for w in warnings] == [
        ("progress-after-closed", "2024-10.yaml", 5)
    ]


def test_check_reports_progress_problems_with_file_and_line(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    _write(root, "jia/2024-10.yaml", GOOD_HEAD + "  - item: 甲9\n    status: 推进中\n")
    out = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "progress/jia/2024-10.yaml:5:" in out.stderr and "任务编号“甲9”在方案中不存在" in out.stderr
    assert "Traceback" not in out.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(MINI_PLAN)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0 and "尚无进展报送" in ok.stdout


def test_the_real_plan_has_no_progress_data() -> None:
    """Nothing invented: plan_data/ ships no reports (none are public)."""
    folder = ROOT / "plan_data" / "progress"
    assert not any(folder.rglob("*.yaml")) if folder.exists() else True
    demo = ROOT / "examples" / "demo-progress"
    assert demo.is_dir()
    plan = load_plan(ROOT / "plan_data")
    progress, _ = load_progress(plan, demo, demo=True)
    assert progress.files and all("示例" in (r.progress or "") for r in progress.reports), (
        "every demonstration report says 示例 in its text"
    )
    assert yaml.safe_load((demo / "actuals.yaml").read_text(encoding="utf-8"))["actuals"][0][
        "source"
    ].startswith("【示例】")


def test_any_month_of_the_quarter_reports_for_its_quarterly_occurrence(tmp_path: Path, plan: Plan) -> None:
    root = _tree(tmp_path)
    (root / "progress" / "bing" / "2024-09.yaml").unlink()
    _write(
        root,
        "bing/2024-08.yaml",
        "unit: 区丙中心\nperiod: 2024-08\nreported: 2024-08-25\nreports:\n"
        "  - item: 乙2(2)\n    status: 已完成\n",
    )
    progress, _ = load_progress(plan, root / "progress", today=TODAY)
    st = status_at(plan, progress)
    assert item(st, "bing", "乙2(2)", "2024-09-30").light is Light.DONE  # August is in Q3
    assert item(st, "bing", "乙2(2)", "2024-12-31").light is Light.ON_TRACK


def test_diff_describes_new_reports_and_status_changes(tmp_path: Path) -> None:
    old = _tree(tmp_path / "a")
    new = _tree(tmp_path / "b")
    shutil.rmtree(old / "progress" / "yi")
    (old / "progress" / "actuals.yaml").unlink()
    out = subprocess.run(
        [sys.executable, "-m", "generator", "diff", str(old), str(new)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "【进展报送与实测值】" in text
    assert "区乙局 2024年9月:新增报送(2 项,报送日期 2024-09-20)" in text
    assert "区乙局 甲1:状态 无报送 → 已完成" in text
    assert "区乙局 乙2(1):状态 无报送 → 已销号" in text  # the later 推进中 does not reopen it
    assert "甲·PM2.5平均浓度 2024:新增实测值 40" in text


def test_a_report_sent_after_the_month_end_fulfils_its_own_month_late(tmp_path: Path, plan: Plan) -> None:
    root = _tree(tmp_path)
    _write(
        root,
        "yi/2024-08.yaml",
        "unit: 区乙局\nperiod: 2024-08\nreported: 2024-09-02\nreports:\n  - item: 甲1\n    status: 推进中\n",
    )
    progress, _ = load_progress(plan, root / "progress", today=TODAY)
    aug = item(status_at(plan, progress), "yi", "甲·有关要求(一)", "2024-08-28")
    assert aug.light is Light.DONE and "逾期 5 天" in aug.reason  # across the month end: still August's
    sep = item(status_at(plan, progress), "yi", "甲·有关要求(一)", "2024-09-28")
    assert sep.light is Light.DONE and "2024年9月20日" in sep.reason  # September's own report, not August's
    q3 = next(q for q in status_at(plan, progress).quarters if q.key == "2024-Q3")
    yi = next(r for r in q3.units if r.unit.id == "yi")
    assert (yi.reports_on_time, yi.reports_late, yi.reports_missing) == (2, 1, 0)
