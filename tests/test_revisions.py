"""Revisions by later documents (generator.data.revisions): the published plan is never edited; a
revision record changes a deadline with its authority, and every view shows the current value with
the original beside it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from conftest import MINI_PLAN, MINI_PROGRESS, ROOT

from generator.data.lights import Light
from generator.data.pipeline import load_plan
from generator.data.problems import PlanInvalid
from generator.data.progress import load_progress
from generator.data.status import Status
from generator.model.duties import plan_entries, unit_entries
from generator.model.model import Role
from generator.site.pages import build_site
from generator.site.views.common import SiteConfig

REVISION = """authority: 测试文〔2024〕9号
title: 关于调整部分工作时限的通知
date: 2024-09-10
changes:
  - deadline: alpha-01-d1
    text: 2024年11月底前
    date: 2024-11-30
    note: 因设备采购延期
"""


def tree(tmp_path: Path, text: str = REVISION) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, root)
    (root / "revisions").mkdir()
    (root / "revisions" / "2024-09.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_revision_changes_the_deadline_and_keeps_the_original(tmp_path: Path) -> None:
    plan = load_plan(tree(tmp_path))
    d = plan.task("alpha-01").deadlines[0]
    assert (d.date, d.text) == (dt.date(2024, 11, 30), "2024年11月底前")
    assert d.original is not None and (d.original.date, d.original.text) == (
        dt.date(2024, 10, 31),
        "2024年10月底前",
    )
    assert d.revision is not None and d.revision.authority == "测试文〔2024〕9号"
    assert [o.date for o in plan.occurrences([plan.task("alpha-01")])] == [dt.date(2024, 11, 30)]
    # the published text is untouched: the original file and the task's words still say 10月底前
    assert "2024年10月底前完成排查" in plan.task("alpha-01").text


def test_every_view_shows_the_current_value_with_the_original(tmp_path: Path) -> None:
    plan = load_plan(tree(tmp_path))
    site = build_site(plan, SiteConfig(site_url="https://example.invalid/"))
    task = site.page("tasks/alpha-01.md").markdown
    assert "调整为：“2024年11月底前”，依据 测试文〔2024〕9号《关于调整部分工作时限的通知》" in task
    assert '原定：<time datetime="2024-10-31">' in task
    source = site.page("source.md").markdown  # the original stays; the amended passage is marked
    assert (
        "2024年10月底前完成排查。</p>" in source
        and "【已调整，原文不变】“2024年10月底前”已调整为“2024年11月底前”" in source
    )
    unit = site.page("units/jia.md").markdown
    assert 'datetime="2024-11-30"' in unit and "（已调整）" in unit
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(site.files["data/xlsx/unit-jia.xlsx"])).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("调整后;原定“2024年10月底前”,依据测试文〔2024〕9号" in c for c in cells)
    cal = icalendar.Calendar.from_ical(site.files["data/ics/unit-jia.ics"])
    ev = next(e for e in cal.walk("VEVENT") if str(e["uid"]) == "alpha-01-d1@huiji-plan")
    assert ev.decoded("dtstart") == dt.date(2024, 11, 30)
    assert "原定“2024年10月底前”" in str(ev["description"])
    import json

    dl = next(t for t in json.loads(site.files["data/plan.json"])["tasks"] if t["id"] == "alpha-01")[
        "deadlines"
    ][0]
    assert (dl["date"], dl["revised"]["original_date"], dl["revised"]["authority"]) == (
        "2024-11-30",
        "2024-10-31",
        "测试文〔2024〕9号",
    )


def test_the_lights_use_the_current_deadline(tmp_path: Path) -> None:
    root = tree(tmp_path)
    plan = load_plan(root)
    progress, _ = load_progress(plan, MINI_PROGRESS, demo=True)
    st = Status(plan, progress, dt.date(2024, 11, 5))  # past the original 10-31, before the new 11-30
    item = next(i for i in st.items(plan.unit("yi")) if i.entry.code == "甲1")
    assert item.due == dt.date(2024, 11, 30)
    unrevised = Status(
        load_plan(MINI_PLAN), load_progress(load_plan(MINI_PLAN), MINI_PROGRESS)[0], dt.date(2024, 11, 5)
    )
    jia = next(i for i in unrevised.items(unrevised.plan.unit("jia")) if i.entry.code == "甲1")
    assert jia.light is Light.OVERDUE
    jia = next(i for i in st.items(plan.unit("jia")) if i.entry.code == "甲1")
    assert jia.light is not Light.OVERDUE


def test_the_diff_describes_the_revision(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "generator", "diff", str(MINI_PLAN), str(tree(tmp_path))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "由 2024-10-31 改为 2024-11-30(调整为“2024年11月底前”,依据测试文〔2024〕9号" in out.stdout


BAD = [
    (REVISION.replace("alpha-01-d1", "alpha-01-d9"), "revision-bad", "alpha-01-d1"),
    (REVISION.replace("authority: 测试文〔2024〕9号\n", ""), "missing-field", "authority"),
    (REVISION.replace("date: 2024-09-10", "date: 2020-01-01"), "revision-bad", "早于原文成文日期"),
    (
        REVISION.replace("    date: 2024-11-30\n", "    date: 2024-11-30\n    recurrence: 每季度\n"),
        "deadline-date-and-recurrence",
        "",
    ),
    (REVISION.replace("    date: 2024-11-30\n", "    recurrence: 每两周\n"), "bad-recurrence", "每两周"),
]


@pytest.mark.parametrize(("text", "code", "words"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_a_bad_revision_is_located_in_chinese(tmp_path: Path, text: str, code: str, words: str) -> None:
    with pytest.raises(PlanInvalid) as exc:
        load_plan(tree(tmp_path, text))
    hits = [p for p in exc.value.errors if p.code == code]
    assert hits, [p.format() for p in exc.value.problems]
    assert "revisions/2024-09.yaml" in hits[0].file and hits[0].line > 0 and words in hits[0].format()


def test_editing_the_published_text_points_to_revisions(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, root)
    f = root / "campaigns" / "alpha" / "tasks" / "01.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("2024年10月底前完成排查", "2024年11月底前完成排查"), "utf-8"
    )
    with pytest.raises(PlanInvalid) as exc:
        load_plan(root)
    assert any(
        p.code == "text-not-in-source" and "plan_data/revisions/" in p.hint for p in exc.value.problems
    )


def test_a_revision_changes_a_target_value(tmp_path: Path) -> None:
    text = REVISION + (
        "targets:\n  - target: 甲·PM2.5平均浓度\n    value: 40\n"
        "    text: PM2.5平均浓度控制在40微克/立方米以下\n"
    )
    plan = load_plan(tree(tmp_path, text))
    t = plan.campaign("alpha").targets[0]
    assert (t.value, t.original.value if t.original else None) == (40, 41)
    site = build_site(plan, SiteConfig(), exports={})
    assert (
        "（已调整；原定 ≤ 41 微克/立方米，依据 测试文〔2024〕9号）"
        in site.page("campaigns/alpha.md").markdown
    )
    assert "原定 ≤ 41" in site.page("targets.md").markdown
    with pytest.raises(PlanInvalid) as exc:
        load_plan(tree(tmp_path / "b", text.replace("甲·PM2.5平均浓度", "甲·PM25")))
    assert any(p.code == "progress-unknown-target" and "revisions/" in p.file for p in exc.value.errors)


UNITS = """authority: 测试文〔2024〕10号
title: 关于调整部分任务责任单位的通知
date: 2024-10-20
units:
  - task: 甲1
    role: 配合单位
    add: [区丙中心]
    remove: [区乙局]
    note: 职能划转
  - task: 乙2(2)
    role: 牵头单位
    add: [区甲局]
withdrawn:
  - task: alpha-02
    note: 市级已统一实施
"""


def test_a_revision_adds_and_removes_units_and_keeps_the_original(tmp_path: Path) -> None:
    plan = load_plan(tree(tmp_path, UNITS))
    t = plan.task("alpha-01")
    assert [u.name for u in t.units(Role.COOPERATE)] == ["区丙中心"]
    assert not t.roles_of(plan.unit("yi")) and t.roles_of(plan.unit("bing")) == [Role.COOPERATE]
    assert [(r.assignment.unit.id, r.revision.authority) for r in t.removed] == [("yi", "测试文〔2024〕10号")]
    assert t.original_assignments is not None
    assert [a.unit.id for a in t.original_assignments if a.role == Role.COOPERATE] == ["yi"]
    # the one rule follows: 区乙局 no longer owes 甲1's deadline, 区丙中心 does
    assert "alpha-01-d1" not in {e.id for e in unit_entries(plan, plan.unit("yi"))}
    assert "alpha-01-d1" in {e.id for e in unit_entries(plan, plan.unit("bing"))}
    # a sub-item's role: 区甲局 becomes 牵头 of 乙2(2) only, and its 每季度 deadline concerns it
    b2 = plan.task("beta-02")
    assert [a.subitem for a in b2.assignments if a.unit.id == "jia" and a.role == Role.LEAD] == ["(2)"]
    assert "beta-02-d2" in {e.id for e in unit_entries(plan, plan.unit("jia"))}


def test_a_withdrawn_task_stays_but_nothing_of_it_is_due(tmp_path: Path) -> None:
    plan = load_plan(tree(tmp_path, UNITS))
    t = plan.task("alpha-02")
    assert t.withdrawn is not None and t.withdrawn.note == "市级已统一实施"
    for u in plan.units:
        assert all(e.owner is not t for e in unit_entries(plan, u))
    assert all(e.owner is not t for e in plan_entries(plan))
    progress, _ = load_progress(plan, MINI_PROGRESS, demo=True)
    st = Status(plan, progress, dt.date(2024, 11, 5))
    assert not st.owner_items(t)
    assert st.task_counts().total == len(plan.tasks) - 1


def test_unit_changes_show_on_every_view(tmp_path: Path) -> None:
    plan = load_plan(tree(tmp_path, UNITS))
    site = build_site(plan, SiteConfig(site_url="https://example.invalid/"))
    task = site.page("tasks/alpha-01.md").markdown
    assert "（调整新增，依据 测试文〔2024〕10号）" in task
    assert "调出的单位：" in task
    assert "原为配合单位，依据 测试文〔2024〕10号《关于调整部分任务责任单位的通知》" in task
    yi = site.page("units/yi.md").markdown
    assert "## 调出的任务" in yi and "原为配合单位" in yi
    assert "（调整新增" in site.page("units/bing.md").markdown
    withdrawn = site.page("tasks/alpha-02.md").markdown
    assert "本任务已撤销" in withdrawn and "市级已统一实施" in withdrawn
    assert "（已撤销）" in site.page("campaigns/alpha.md").markdown
    assert "（已撤销）" in site.page("units/yi.md").markdown
    source = site.page("source.md").markdown  # the original unchanged, the amended passages marked
    assert "本任务已撤销：依据测试文〔2024〕10号" in source
    assert "区乙局原为配合单位：依据" in source and "区丙中心为配合单位：依据" in source


def test_a_withdrawn_task_leaves_the_calendars(tmp_path: Path) -> None:
    text = "\n".join(UNITS.split("\n")[:3]) + "\nwithdrawn:\n  - task: 甲1\n"

    def uids(plan_root: Path, feed: str) -> set[str]:
        site = build_site(load_plan(plan_root), SiteConfig(site_url="https://example.invalid/"))
        return {str(e["uid"]) for e in icalendar.Calendar.from_ical(site.files[feed]).walk("VEVENT")}

    for feed in ("data/ics/all.ics", "data/ics/campaign-alpha.ics", "data/ics/unit-jia.ics"):
        assert "alpha-01-d1@huiji-plan" in uids(MINI_PLAN, feed)
        assert "alpha-01-d1@huiji-plan" not in uids(tree(tmp_path / feed.replace("/", "_"), text), feed)


def test_the_diff_describes_unit_changes_and_withdrawals(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "generator", "diff", str(MINI_PLAN), str(tree(tmp_path, UNITS))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "配合单位增加 区丙中心(依据测试文〔2024〕10号" in out.stdout
    assert "配合单位删除 区乙局(依据测试文〔2024〕10号" in out.stdout
    assert "撤销,依据测试文〔2024〕10号" in out.stdout and "市级已统一实施" in out.stdout


BAD_UNITS = [
    (UNITS.replace("task: 甲1", "task: 甲9"), "甲9"),
    (UNITS.replace("add: [区丙中心]", "add: [区丁局]"), "区丁局"),
    (UNITS.replace("add: [区丙中心]", "add: [区丙中心, 区丙中心]"), "已是"),
    (UNITS.replace("remove: [区乙局]", "remove: [区甲局]"), "无从调出"),
    (UNITS.replace("task: alpha-02", "task: 乙2(1)"), "分项"),
]


@pytest.mark.parametrize(("text", "words"), BAD_UNITS, ids=[str(i) for i in range(len(BAD_UNITS))])
def test_a_bad_unit_change_is_located_in_chinese(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(PlanInvalid) as exc:
        load_plan(tree(tmp_path, text))
    hits = [p for p in exc.value.errors if p.code == "revision-bad"]
    assert hits, [p.format() for p in exc.value.problems]
    assert "revisions/2024-09.yaml" in hits[0].file and hits[0].line > 1 and words in hits[0].format()


def test_plan_json_carries_unit_changes_and_withdrawals(tmp_path: Path) -> None:
    import json

    from generator.exports.opendata import OpenTask

    site = build_site(load_plan(tree(tmp_path, UNITS)), SiteConfig(site_url="https://example.invalid/"))
    tasks = {t["id"]: t for t in json.loads(site.files["data/plan.json"])["tasks"]}
    for t in tasks.values():
        OpenTask.model_validate(t)  # every field documented
    a1 = tasks["alpha-01"]
    assert a1["cooperate"] == ["bing"]
    added = [a["added_by"]["authority"] for a in a1["assignments"] if "added_by" in a]
    assert added == ["测试文〔2024〕10号"]
    assert a1["removed"] == [
        {
            "unit": "yi",
            "role": "cooperate",
            "subitem": None,
            "revision": {
                "authority": "测试文〔2024〕10号",
                "title": "关于调整部分任务责任单位的通知",
                "date": "2024-10-20",
                "note": "职能划转",
            },
        }
    ]
    assert tasks["alpha-02"]["withdrawn"]["note"] == "市级已统一实施"
    assert "withdrawn" not in a1 and "removed" not in tasks["alpha-03"]


def test_the_guides_unit_example_applies_to_the_real_plan(tmp_path: Path) -> None:
    """The 编辑指南's recipe (units + withdrawn) is a revision `check` accepts on the real plan."""
    import html
    import re

    from generator.site.pages import build_site as build

    real = ROOT / "plan_data"
    guide = build(load_plan(real), SiteConfig(site_url="https://example.invalid/")).page("how-to-edit.md")
    blocks = [html.unescape(b) for b in re.findall(r"<pre><code>(.*?)</code></pre>", guide.markdown, re.S)]
    example = next(b for b in blocks if "withdrawn:" in b)
    root = tmp_path / "plan_data"
    shutil.copytree(real, root, ignore=shutil.ignore_patterns("progress"))
    (root / "revisions").mkdir(exist_ok=True)
    (root / "revisions" / "2025-03.yaml").write_text(example, encoding="utf-8")
    plan = load_plan(root)
    assert plan.task("lantian-30").withdrawn is not None
    assert "区城管局" in [u.name for u in plan.task("lantian-01").units(Role.COOPERATE)]


ADDED_TASK = """# yaml-language-server: $schema=../../../../../../schema/task.schema.json
number: 4
section: 2
title: 第四项任务
text: 2025年6月底前完成复查。
lead: [区丙中心]
deadlines:
  - text: 2025年6月底前
    date: 2025-06-30
    what: 完成复查
added_by: 2024-09
"""


def added_tree(tmp_path: Path, task: str = ADDED_TASK, revision: str | None = REVISION) -> Path:
    root = tree(tmp_path) if revision else tmp_path / "plan"
    if not revision:
        shutil.copytree(MINI_PLAN, root)
    (root / "campaigns" / "alpha" / "tasks" / "04.yaml").write_text(task, encoding="utf-8")
    return root


def test_a_task_added_by_a_later_document(tmp_path: Path) -> None:
    root = added_tree(tmp_path)
    plan = load_plan(root)
    t = plan.task("alpha-04")
    assert t.added_by is not None and t.added_by.authority == "测试文〔2024〕9号"
    assert "alpha-04-d1" in {e.id for e in unit_entries(plan, plan.unit("bing"))}
    site = build_site(plan, SiteConfig(site_url="https://example.invalid/"))
    page = site.page("tasks/alpha-04.md").markdown
    assert "后来的文件新增的任务" in page and "由 测试文〔2024〕9号《关于调整部分工作时限的通知》" in page
    assert "在原文中查看" not in page  # it has no place in the original
    assert "src-alpha-04" not in site.page("source.md").markdown
    assert "（调整新增）" in site.page("campaigns/alpha.md").markdown
    import json

    js = next(x for x in json.loads(site.files["data/plan.json"])["tasks"] if x["id"] == "alpha-04")
    assert js["added_by"]["authority"] == "测试文〔2024〕9号"
    out = subprocess.run(
        [sys.executable, "-m", "generator", "diff", str(MINI_PLAN), str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "新增任务" in out.stdout and "(依据测试文〔2024〕9号" in out.stdout, out.stdout


def test_an_added_task_needs_its_revision_record(tmp_path: Path) -> None:
    with pytest.raises(PlanInvalid) as exc:
        load_plan(added_tree(tmp_path, revision=None))
    hit = next(p for p in exc.value.errors if p.code == "revision-bad")
    assert hit.file.endswith("tasks/04.yaml") and hit.line == 11 and "2024-09" in hit.format()
    # without added_by, words not in the original are refused as before
    with pytest.raises(PlanInvalid) as exc:
        load_plan(added_tree(tmp_path / "b", ADDED_TASK.replace("added_by: 2024-09\n", "")))
    assert any(p.code == "text-not-in-source" for p in exc.value.errors)


def _two(tmp_path: Path, first: str, second: str) -> Path:
    root = tree(tmp_path, first)
    (root / "revisions" / "2024-10.yaml").write_text(second, encoding="utf-8")
    return root


LATER = """authority: 测试文〔2024〕11号
title: 关于再次调整责任单位的通知
date: 2024-10-25
units:
  - task: 甲1
    role: 配合单位
"""


def test_a_later_revision_builds_on_the_earlier_one(tmp_path: Path) -> None:
    # UNITS (2024-10-20) took 区乙局 out of 甲1 and added 区丙中心; a later one may put 区乙局 back
    plan = load_plan(_two(tmp_path / "a", UNITS, LATER + "    add: [区乙局]\n    remove: [区丙中心]\n"))
    assert [u.name for u in plan.task("alpha-01").units(Role.COOPERATE)] == ["区乙局"]
    # and adding 区丙中心 a second time is refused: it already is 配合单位 since the first revision
    with pytest.raises(PlanInvalid) as exc:
        load_plan(_two(tmp_path / "b", UNITS, LATER + "    add: [区丙中心]\n"))
    hit = next(p for p in exc.value.errors if p.code == "revision-bad")
    assert hit.file.endswith("2024-10.yaml") and "已是甲1的配合单位" in hit.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (UNITS.replace("remove: [区乙局]", "remove: [区丙中心]"), "既新增又调出"),
        (UNITS + "  - task: 甲2\n", "已由 测试文〔2024〕10号"),
        (UNITS.replace("task: alpha-02", "task: 乙2(1)"), "是分项:撤销只能针对整项任务"),
    ],
    ids=["add-and-remove", "withdrawn-twice", "withdraw-a-subitem"],
)
def test_contradictory_revisions_are_refused(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(PlanInvalid) as exc:
        load_plan(tree(tmp_path, text))
    assert any(p.code == "revision-bad" and words in p.format() for p in exc.value.errors), [
        p.format() for p in exc.value.errors
    ]


def test_an_implicit_unit_cannot_be_removed(tmp_path: Path) -> None:
    text = (
        REVISION.split("changes:")[0]
        + "units:\n  - task: 乙2\n    role: 责任单位\n    remove: [相关镇(街道)]\n"
    )
    with pytest.raises(PlanInvalid) as exc:
        load_plan(tree(tmp_path, text))
    assert any("隐含单位" in p.format() for p in exc.value.errors), [p.format() for p in exc.value.errors]


def test_a_unit_added_later_owes_nothing_due_before(tmp_path: Path) -> None:
    """区丙中心 becomes 配合单位 of 甲1 and of 乙2(1) on 2024-10-20: 甲1's deadline (2024-10-31) is
    after that and owed; 乙2(1)'s (2024-07-31) fell due before and is not."""
    text = "\n".join(UNITS.split("\n")[:4]) + (
        "\n  - task: 甲1\n    role: 配合单位\n    add: [区丙中心]\n"
        "  - task: 乙2(1)\n    role: 配合单位\n    add: [区丙中心]\n"
    )
    plan = load_plan(tree(tmp_path, text))
    progress, _ = load_progress(plan, MINI_PROGRESS, demo=True)
    st = Status(plan, progress, dt.date(2024, 11, 5))
    owed = {(i.entry.code, i.due) for i in st.items(plan.unit("bing"))}
    assert ("甲1", dt.date(2024, 10, 31)) in owed
    assert ("乙2(1)", dt.date(2024, 7, 31)) not in owed
    assert ("乙2(2)", dt.date(2024, 9, 30)) in owed  # its own sub-item, from the original: unchanged


def test_a_withdrawn_task_has_no_light_and_no_calendar_day(tmp_path: Path) -> None:
    plan = load_plan(tree(tmp_path, "\n".join(UNITS.split("\n")[:3]) + "\nwithdrawn:\n  - task: 甲1\n"))
    assert all(o.owner.id != "alpha-01" for o in plan.occurrences())
    progress, _ = load_progress(plan, MINI_PROGRESS, demo=True)
    site = build_site(plan, SiteConfig(), status=Status(plan, progress, dt.date(2024, 11, 5)))
    matrix = site.page("matrix.md").markdown
    assert "withdrawn-mark" in matrix
    unit = site.page("units/jia.md").markdown
    line = next(x for x in unit.splitlines() if "tasks/alpha-01" in x and "duties" not in x and "<li" in x)
    assert "（已撤销）" in line and "light-" not in line


def test_a_report_after_a_removal_names_the_revision(tmp_path: Path) -> None:
    early = UNITS.replace("date: 2024-10-20", "date: 2024-08-01")  # before 区乙局's September report
    plan = load_plan(tree(tmp_path, early))
    with pytest.raises(PlanInvalid) as exc:
        load_progress(plan, MINI_PROGRESS, demo=True)
    hit = next(p for p in exc.value.errors if p.code == "progress-not-holder")
    assert "2024-08-01" in hit.hint and "测试文〔2024〕10号" in hit.hint and "调出" in hit.hint
