"""One answer everywhere: for every unit, its page, its ICS feed, its XLSX 台账 and plan.json list the
same deadlines, and every view gives the same task count.

The expected answer is derived here **from the YAML files themselves** (PyYAML, not the generator's
loader or model), following the rules stated on the site (:data:`generator.model.duties.RULES`):

* a task's own deadlines concern every unit named on the task, on any of its sub-items, or implied
  by a campaign's ``implicit_units`` note;
* a sub-item's deadline concerns the units named on that sub-item and on the task itself (implicit
  ones included), or — when neither names anybody — every unit of the task;
* a campaign's requirement deadlines concern every unit that holds a task in that campaign, or the
  units named for that deadline (``units:``) if any;
* a unit's task count is the number of distinct tasks it holds.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import MINI_PLAN, write_hostile_plan
from icalendar import Calendar

from generator.data.pipeline import load_plan
from generator.exports import build_exports
from generator.model import urls
from generator.site.pages import build_site

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("lead", "cooperate", "responsible")


@dataclass(frozen=True)
class Expected:
    deadlines: dict[str, set[str]]
    """unit id → deadline ids (``lantian-12-d1``)."""
    dated: dict[str, set[str]]
    """unit id → the ids of those with a date or a recurrence (the ICS events)."""
    ledger: dict[str, list[tuple[str, str]]]
    """unit id → (任务编号, deadline text) of each ledger row with a deadline, in order."""
    tasks: dict[str, int]
    """unit id → distinct tasks."""


def derive(root: Path) -> Expected:
    """The expected duties of every unit, straight from the YAML files."""

    def read(p: Path) -> dict:
        return yaml.safe_load(p.read_text(encoding="utf-8"))

    units = read(root / "units.yaml")["units"]
    by_name = {u["name"].strip(): u["id"] for u in units}
    document = read(root / "document.yaml")
    deadlines: dict[str, set[str]] = {u["id"]: set() for u in units}
    dated: dict[str, set[str]] = {u["id"]: set() for u in units}
    ledger: dict[str, list[tuple[str, str]]] = {u["id"]: [] for u in units}
    tasks: dict[str, int] = {u["id"]: 0 for u in units}
    for cid in document["campaigns"]:
        folder = root / "campaigns" / cid
        camp = read(folder / "campaign.yaml")
        heading = next((p["heading"] for p in camp["parts"] if p["role"] == "requirements"), "有关要求")
        short = camp["short_title"].removesuffix("保卫战")
        implicit = [(by_name[i["unit"]], i["role"]) for i in camp.get("implicit_units", [])]
        holders: set[str] = set()
        for f in sorted(folder.glob("tasks/*.yaml")):
            t = read(f)
            tid = f"{cid}-{t['number']:02d}"
            named: list[tuple[str, str, str | None]] = []  # (unit, role, subitem)
            for role in ROLES:
                named += [(by_name[n.strip()], role, None) for n in t.get(role, [])]
            for s in t.get("subitems", []):
                for role in ROLES:
                    named += [(by_name[n.strip()], role, s["label"]) for n in s.get(role, [])]
            for uid, role in implicit:
                if not any(u == uid and r == role for u, r, _ in named):
                    named.append((uid, role, None))
            mine = {u for u, _, _ in named}
            holders |= mine
            for uid in mine:
                tasks[uid] += 1
            items = [(d, None) for d in t.get("deadlines", [])]
            items += [(d, s["label"]) for s in t.get("subitems", []) for d in s.get("deadlines", [])]
            for i, (d, sub) in enumerate(items, 1):
                did = f"{tid}-d{i}"
                listed = {u for u, _, s in named if s in (None, sub)} if sub else mine
                for uid in listed or mine:
                    deadlines[uid].add(did)
                    if d.get("date") or d.get("recurrence"):
                        dated[uid].add(did)
            for uid in mine:
                ledger[uid] += [
                    (f"{short}{t['number']}{sub or ''}", d["text"])
                    for i, (d, sub) in enumerate(items, 1)
                    if f"{tid}-d{i}" in deadlines[uid]
                ]
        for r in camp.get("requirements", []):
            for i, d in enumerate(r.get("deadlines", []), 1):
                did = f"{cid}-req{r['number']}-d{i}"
                named = {by_name[n.strip()] for n in d.get("units", [])}
                for uid in sorted(named or holders):
                    deadlines[uid].add(did)
                    ledger[uid].append((f"{short}·{heading}({_cn(r['number'])})", d["text"]))
                    if d.get("date") or d.get("recurrence"):
                        dated[uid].add(did)
    return Expected(deadlines, dated, ledger, tasks)


def _cn(n: int) -> str:
    return "零一二三四五六七八九十"[n] if n <= 10 else "十" + "零一二三四五六七八九"[n - 10]


@pytest.fixture(scope="module", params=["real", "mini", "hostile"])
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    if request.param == "real":
        root = ROOT / "plan_data"
    elif request.param == "mini":
        root = MINI_PLAN
    else:
        root = write_hostile_plan(tmp_path_factory.mktemp("hostile") / "plan_data")
    plan = load_plan(root)
    files = build_exports(plan)
    site = build_site(plan, exports=files)
    return plan, files, site, derive(root)


def _ledger_rows(data: bytes) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[3]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True)]


def test_every_view_lists_the_same_deadlines(case) -> None:
    plan, files, site, expected = case
    data = json.loads(files[urls.PLAN_JSON])
    in_json = {u["id"]: u["deadlines"] for u in data["units"]}
    for u in plan.units:
        want = expected.deadlines[u.id]
        page = site.page(urls.unit_page(u.id)).markdown
        deadlines_part = page.split("{ #deadlines }", 1)[1].split("{ #matrix }", 1)[0]
        on_page = set(re.findall(r'data-deadline="([^"]+)"', deadlines_part))
        assert on_page == want, (u.id, "page", on_page ^ want)
        # the duty lists under each role only show deadlines of the unit too
        assert set(re.findall(r'data-deadline="([^"]+)"', page)) <= want, u.id
        cal = Calendar.from_ical(files[urls.unit_ics(u.id)])
        uids = {str(e["UID"]).removesuffix("@huiji-plan") for e in cal.walk("VEVENT")}
        assert uids == expected.dated[u.id], (u.id, "ics", uids ^ expected.dated[u.id])
        assert set(in_json[u.id]) == want and len(in_json[u.id]) == len(want), (u.id, "plan.json")
        rows = _ledger_rows(files[urls.unit_xlsx(u.id)])
        got = [(str(r["任务编号"]), str(r["时限要求"])) for r in rows if r["时限要求"] != "原文未写明时限"]
        exp = expected.ledger[u.id]
        assert len(got) == len(exp), (u.id, "xlsx", got, exp)
        for (code, cell), (want_code, text) in zip(got, exp, strict=True):
            assert code == want_code and text in cell, (u.id, code, want_code, text, cell)


def test_every_view_gives_the_same_task_count(case) -> None:
    plan, files, site, expected = case
    data = json.loads(files[urls.PLAN_JSON])
    index = site.page(urls.UNITS_INDEX).markdown
    for u in plan.units:
        n = expected.tasks[u.id]
        page = site.page(urls.unit_page(u.id)).markdown
        assert f'<p class="summary">共 {n} 项任务' in page, u.id
        m = re.search(rf'data-sort="(\d+)" data-unit-total="{re.escape(u.id)}"', index)
        assert m and int(m.group(1)) == n, u.id
        assert next(x for x in data["units"] if x["id"] == u.id)["task_count"] == n
        ws = openpyxl.load_workbook(io.BytesIO(files[urls.unit_xlsx(u.id)])).active
        assert f"共 {n} 项任务" in str(ws["A2"].value), u.id


def test_role_sums_are_explained_where_they_exceed_the_total(case) -> None:
    plan, _, site, expected = case
    for u in plan.units:
        page = site.page(urls.unit_page(u.id)).markdown
        summary = re.search(r'<p class="summary">(.*?)</p>', page).group(1)  # type: ignore[union-attr]
        roles = sum(int(x) for x in re.findall(r"(?:牵头|配合|责任) (\d+) 项", summary))
        if roles > expected.tasks[u.id]:
            assert "在各角色下分别计入" in summary, (u.id, summary)
        else:
            assert "分别计入" not in summary


def test_cgj_on_jingtu_9_sees_only_its_own_sub_items() -> None:
    """The defect seen on the site: 区城管局 (lead of 净土9(2), responsible in 9(1)) was shown 9(3)'s
    每季度 监督帮扶 under its lead duty, and 9(1)'s 70% deadline under the lead role too."""
    plan = load_plan(ROOT / "plan_data")
    site = build_site(plan, exports={})
    page = site.page(urls.unit_page("cgj")).markdown
    lead = page.split("{ #jingtu-lead }", 1)[1].split("###", 1)[0]
    line = next(x for x in lead.splitlines() if "tasks/jingtu-09/" in x)
    assert re.findall(r'data-deadline="([^"]+)"', line) == ["jingtu-09-d2"]
    assert "监督帮扶" not in page.split("{ #deadlines }")[0] and "70%" not in line
    # the requirements addressed to every unit are on its page too (7月25日前, 每月28日)
    assert 'data-deadline="lantian-req1-d1"' in page and 'data-deadline="lantian-req4-d1"' in page
    assert "共 33 项任务：牵头 10 项、配合 6 项、责任 19 项（其中 2 项任务担任两种以上角色" in page
