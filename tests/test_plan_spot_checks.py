"""Spot checks of plan_data/ written from a reading of the original document (惠环委〔2024〕3号).

Each expectation below was copied by hand from the original text, not from the data files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.data.pipeline import load_plan
from generator.model.model import Plan, Role, Task

ROOT = Path(__file__).resolve().parents[1]

D = dt.date
ZJ = "各镇(街道)"
XG = "相关镇(街道)"
STHJ = "市生态环境局惠济分局"
ZRZY = "市资源规划局惠济分局"


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(ROOT / "plan_data")


def task(plan: Plan, cid: str, n: int) -> Task:
    return plan.task(f"{cid}-{n:02d}")


def names(t: Task, role: Role, subitem: str | bool | None = False, implicit: bool | None = None) -> list[str]:
    """Unit names in ``role``; ``subitem`` False = task and sub-items, None = task only, "(1)" = that one."""
    out = []
    for a in t.assignments:
        if a.role != role:
            continue
        if subitem is not False and a.subitem != subitem:
            continue
        if implicit is not None and a.implicit != implicit:
            continue
        if a.unit.name not in out:
            out.append(a.unit.name)
    return out


def deadlines(t: Task) -> list[tuple]:
    return [(d.subitem, d.text, d.date, d.recurrence.text if d.recurrence else None) for d in t.all_deadlines]


def kinds(flags) -> list[str]:
    return [f.kind for f in flags]


# --- 蓝天 ------------------------------------------------------------------------------------------


def test_lantian_12(plan: Plan) -> None:
    t = task(plan, "lantian", 12)
    assert t.title == "开展低效失效治理设施排查整治"
    assert t.section.number == 2 and t.section.title == "深入实施减污工程"
    assert names(t, Role.LEAD) == [STHJ]
    assert names(t, Role.COOPERATE) == []
    assert names(t, Role.RESPONSIBLE) == [ZJ]
    assert deadlines(t) == [(None, "2024年10月底前", D(2024, 10, 31), None)]
    assert t.all_deadlines[0].what == "完成排查工作"


def test_lantian_18(plan: Plan) -> None:
    t = task(plan, "lantian", 18)
    assert names(t, Role.LEAD) == [STHJ, "区市场监管局", "区工信和商务局"]
    assert names(t, Role.COOPERATE) == ["市公安局惠济分局", "区应急局"]
    assert names(t, Role.RESPONSIBLE) == [ZJ]
    assert deadlines(t) == [(None, "2024年7月底前", D(2024, 7, 31), None)]
    [g] = t.targets
    assert (g.comparator, g.value, g.unit, g.text) == (">=", 50, "%", "50%以上的汽油加油站监督性检测")
    assert "tight_deadline" in kinds(t.flags)


def test_lantian_30_and_31_departments_as_responsible(plan: Plan) -> None:
    t30, t31 = task(plan, "lantian", 30), task(plan, "lantian", 31)
    assert names(t30, Role.LEAD) == names(t31, Role.LEAD) == ["区攻坚办"]
    assert names(t30, Role.RESPONSIBLE) == ["区控尘办", STHJ, ZJ]
    assert names(t31, Role.RESPONSIBLE) == ["区控尘办", STHJ, "区城管局", ZJ]
    assert kinds(t30.flags) == kinds(t31.flags) == ["department_as_responsible"]
    # every other 蓝天 task has 各镇(街道) as its only responsible unit
    others = [t for t in plan.campaign("lantian").tasks if t.number not in (30, 31)]
    assert all(names(t, Role.RESPONSIBLE) == [ZJ] for t in others)


def test_lantian_targets_and_goals(plan: Plan) -> None:
    c = plan.campaign("lantian")
    got = {g.indicator: (g.comparator, g.value, g.unit) for g in c.targets}
    assert got == {
        "PM10平均浓度": ("<=", 73, "微克/立方米"),
        "PM2.5平均浓度": ("<=", 41, "微克/立方米"),
        "NO2平均浓度": ("<=", 27, "微克/立方米"),
        "优良天数比例": (">=", 64.2, "%"),
        "重污染天数比例": ("<=", 2.2, "%"),
    }
    t19 = task(plan, "lantian", 19).targets[0]
    assert (t19.comparator, t19.value, t19.unit) == ("<=", 6, "吨/月·平方公里")
    t33 = [(g.value, g.unit) for g in task(plan, "lantian", 33).targets]
    assert t33 == [(20, "万平方米"), (2, "个"), (12, "条")]


def test_lantian_requirements(plan: Plan) -> None:
    c = plan.campaign("lantian")
    assert [p.heading for p in c.parts] == ["指导思想", "主要目标", "主要任务", "有关要求"]
    r1, r4 = c.requirements[0], c.requirements[3]
    assert r1.title == "加强组织领导"
    assert [(d.text, d.date) for d in r1.deadlines] == [("2024年7月25日前", D(2024, 7, 25))]
    assert "tight_deadline" in kinds(r1.flags)
    assert r4.title == "加强信息报送"
    [d] = r4.deadlines
    assert d.text == "每月28日前" and d.date is None
    assert (d.recurrence.freq, d.recurrence.day) == ("monthly", 28)
    due = [o.date for o in plan.occurrences([r4])]
    assert due[:2] == [D(2024, 7, 28), D(2024, 8, 28)] and due[-1] == D(2024, 12, 28)


# --- 碧水 ------------------------------------------------------------------------------------------


def test_bishui_1_states_the_implicit_unit(plan: Plan) -> None:
    t = task(plan, "bishui", 1)
    assert names(t, Role.LEAD) == ["区生态文明建设中心"]
    assert names(t, Role.RESPONSIBLE) == [
        "区农业农村局", "区城管局", "区林业局", "郑州黄河滩地公园管委会", XG
    ]
    xg = plan.unit_by_name(XG)
    assert not t.is_implicit(xg, Role.RESPONSIBLE)
    notes = {a.note for a in t.assignments if a.role == Role.RESPONSIBLE}
    assert notes == {"〔以下各项工作相关镇(街道)均为责任单位,不再列出〕"}
    [iu] = plan.campaign("bishui").implicit_units
    assert (iu.unit.name, iu.role, iu.stated_in_task) == (XG, Role.RESPONSIBLE, 1)


def test_bishui_implicit_unit_on_every_later_task(plan: Plan) -> None:
    xg = plan.unit_by_name(XG)
    t7 = task(plan, "bishui", 7)
    assert t7.is_implicit(xg, Role.RESPONSIBLE)
    assert names(t7, Role.RESPONSIBLE, implicit=False) == ["区发展改革委", STHJ]
    for t in plan.campaign("bishui").tasks[1:]:
        assert t.is_implicit(xg, Role.RESPONSIBLE), t.code
    # 相关镇(街道) appears nowhere outside 碧水
    assert {t.campaign.id for t in plan.tasks_of(xg)} == {"bishui"}


def test_bishui_5_and_6_have_no_lead(plan: Plan) -> None:
    t5, t6 = task(plan, "bishui", 5), task(plan, "bishui", 6)
    assert names(t5, Role.LEAD) == names(t6, Role.LEAD) == []
    assert names(t5, Role.RESPONSIBLE) == ["区住建局", "区城管局", XG]
    assert names(t5, Role.RESPONSIBLE, implicit=False) == ["区住建局", "区城管局"]
    assert names(t6, Role.RESPONSIBLE, implicit=False) == ["区城管局", STHJ]
    assert kinds(t5.flags) == kinds(t6.flags) == ["missing_lead"]


def test_bishui_8_possible_typo_kept(plan: Plan) -> None:
    t = task(plan, "bishui", 8)
    assert "鼓励开展城市深邃排涝等工程研究" in t.body
    assert kinds(t.flags) == ["possible_typo"]


def test_bishui_22_joined_line_breaks(plan: Plan) -> None:
    t = task(plan, "bishui", 22)
    assert names(t, Role.LEAD) == [STHJ]
    assert names(t, Role.RESPONSIBLE, implicit=False) == [
        "市公安局惠济分局", "区农业农村局", "区城管局", ZRZY, "惠金河务局"
    ]
    assert "严厉打击偷排直排" in t.body
    assert "开展工业园区污水处理厂专项执法检查" in t.body
    assert t.body.endswith("严格落实生态环境损害赔偿制度,造成生态环境损害的,依法依规提起赔偿。")
    assert kinds(t.flags) == ["broken_line"]


def test_bishui_goals(plan: Plan) -> None:
    c = plan.campaign("bishui")
    assert [p.heading for p in c.parts] == ["总体要求", "工作目标", "主要任务", "保障措施"]
    by = {g.indicator: g for g in c.targets}
    assert (by["黄河花园口国控断面水质"].comparator, by["黄河花园口国控断面水质"].value) == (">=", "Ⅱ类")
    assert by["枯河入黄断面水质"].value == "IV类"
    assert (by["枯河入黄断面COD"].comparator, by["枯河入黄断面COD"].value) == ("<=", 25)
    assert by["建成区黑臭水体"].comparator is None and by["建成区黑臭水体"].value is None
    assert "variant" in kinds(c.flags)


# --- 净土 ------------------------------------------------------------------------------------------


def test_jingtu_section_1_paragraph(plan: Plan) -> None:
    s = plan.campaign("jingtu").sections[0]
    assert s.title == "配合推进“双区”建设"
    assert len(s.paragraphs) == 1
    assert s.paragraphs[0].startswith("配合郑州市完善污染地块土壤和地下水协调管理机制")
    assert [t.number for t in s.tasks] == [1]


def test_jingtu_goals(plan: Plan) -> None:
    c = plan.campaign("jingtu")
    goals = c.part("goals")
    assert [p.split(":")[0] for p in goals.paragraphs] == ["土壤", "地下水", "农业农村"]
    assert "和重点污染源点位水质保持稳定" in goals.paragraphs[1]
    by = {g.indicator: g for g in c.targets}
    assert (by["受污染耕地安全利用率"].comparator, by["受污染耕地安全利用率"].value) == ("=", 100)
    rate = by["农村生活污水治理(管控)率"]
    assert (rate.comparator, rate.value) == (">=", 100)
    assert (by["农膜回收率"].comparator, by["农膜回收率"].value) == (">=", 97)
    assert {"conflict", "broken_line"} <= set(kinds(c.flags))


def test_jingtu_9_subitems_with_responsible_departments(plan: Plan) -> None:
    t = task(plan, "jingtu", 9)
    assert t.title == "科学推进农村生活污水治理" and t.body is None
    assert [s.label for s in t.subitems] == ["(1)", "(2)", "(3)"]
    assert t.subitems[0].text.startswith("坚持因地制宜、分类施策")
    assert "水污染防治工作的通知》(郑环办〔2023〕68号)" in t.subitems[2].text
    assert names(t, Role.LEAD, "(1)") == [STHJ]
    assert names(t, Role.RESPONSIBLE, "(1)") == [
        "区城管局", "区农业农村局", "区财政局", "区发展改革委", ZRZY, ZJ
    ]
    assert names(t, Role.LEAD, "(2)") == ["区城管局"]
    assert names(t, Role.RESPONSIBLE, "(2)") == [STHJ, "区农业农村局", ZJ]
    assert names(t, Role.LEAD, "(3)") == [STHJ]
    assert names(t, Role.RESPONSIBLE, "(3)") == [ZJ]
    # the task's units are the union of its sub-items', first mention first
    assert names(t, Role.LEAD) == [STHJ, "区城管局"]
    assert names(t, Role.RESPONSIBLE) == [
        "区城管局", "区农业农村局", "区财政局", "区发展改革委", ZRZY, ZJ, STHJ
    ]
    assert {a.label for a in t.assignments if a.role == Role.RESPONSIBLE} == {"责任部门"}
    assert deadlines(t) == [
        ("(1)", "到2024年年底", D(2024, 12, 31), None),
        ("(2)", "2025年底前", D(2025, 12, 31), None),
        ("(3)", "每季度", None, "每季度"),
    ]
    [g] = t.subitems[0].targets
    assert (g.comparator, g.value, g.unit) == (">=", 70, "%")
    assert set(kinds(t.flags)) == {"irregular_label", "broken_line", "conflict"}


def test_jingtu_10_subitem_3_without_lead(plan: Plan) -> None:
    t = task(plan, "jingtu", 10)
    assert names(t, Role.LEAD, "(1)") == [STHJ]
    assert names(t, Role.LEAD, "(2)") == ["区农业农村局"]
    assert names(t, Role.LEAD, "(3)") == []
    assert names(t, Role.RESPONSIBLE, "(3)") == [STHJ, "区农业农村局", "区城管局", ZJ]
    assert "安排专人定期巡查和水体保洁" in t.subitems[2].text
    assert {"missing_lead", "broken_line"} <= set(kinds(t.flags))


def test_jingtu_11(plan: Plan) -> None:
    t = task(plan, "jingtu", 11)
    assert names(t, Role.LEAD, "(1)") == [STHJ]
    assert names(t, Role.RESPONSIBLE, "(1)") == ["区农业农村局", "区城管局", ZJ]
    assert names(t, Role.LEAD, "(2)") == ["区城管局"]
    assert names(t, Role.RESPONSIBLE, "(2)") == [ZJ]
    assert deadlines(t) == [
        ("(1)", "7月底前", D(2024, 7, 31), None),
        ("(1)", "12月底前", D(2024, 12, 31), None),
    ]
    [g] = t.all_targets
    assert (g.subitem, g.value, g.unit) == ("(1)", 2, "个")


def test_jingtu_17_recurrences(plan: Plan) -> None:
    t = task(plan, "jingtu", 17)
    assert names(t, Role.LEAD) == [STHJ]
    assert names(t, Role.RESPONSIBLE) == [ZRZY, "区农业农村局", ZJ]
    got = [(d.text, d.recurrence.freq) for d in t.deadlines]
    assert got == [("每半年", "semiannual"), ("每季度", "quarterly")]
    assert all(d.date is None for d in t.deadlines)


def test_jingtu_requirement_3_quarterly(plan: Plan) -> None:
    r = plan.campaign("jingtu").requirements[2]
    assert r.title == "实施目标考核"
    [d] = r.deadlines
    assert d.recurrence.freq == "quarterly" and d.date is None
    assert [o.date for o in plan.occurrences([r])] == [D(2024, 9, 30), D(2024, 12, 31)]


def test_undated_deadlines(plan: Plan) -> None:
    undated = [(t.code, d.text) for t in plan.tasks for d in t.all_deadlines if d.undated]
    assert undated == [("蓝天8", "按照市定时间节点"), ("蓝天14", "按照市定时间节点")]
