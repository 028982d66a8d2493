"""Revisions by later documents (generator.revisions): the published plan is never edited; a
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

from generator.load import load_plan
from generator.pages import SiteConfig, build_site
from generator.problems import PlanInvalid
from generator.progress import load_progress
from generator.status import Light, Status

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
