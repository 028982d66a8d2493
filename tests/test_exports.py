"""Downloads (generator.exports): iCalendar feeds, XLSX 台账, CSV tables, open data.

Generic checks run on the mini fixture and, once all 79 task files are in, on the real plan; the
fixture also has hand-written expectations. Expected contents are derived here from the model, not
through generator.exports.common, so a wrong selection rule there shows up as a difference.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from generator.data.pipeline import load_plan
from generator.exports import ExportInfo, build_exports, describe_exports
from generator.exports.ics import rrule_of
from generator.model import urls
from generator.model.dates import Recurrence, parse_recurrence
from generator.model.model import ROLES, Plan, Role, Task, Unit

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "mini_plan"
REAL = ROOT / "plan_data"
REAL_TASKS = 79


def _real_plan() -> Plan:
    plan = load_plan(REAL)  # a plan that does not load is a failure here too, never a skip
    assert len(plan.tasks) == REAL_TASKS
    return plan


@pytest.fixture(scope="module")
def mini() -> Plan:
    return load_plan(FIXTURE)


@pytest.fixture(scope="module", params=["mini", "real"])
def plan(request: pytest.FixtureRequest) -> Plan:
    return load_plan(FIXTURE) if request.param == "mini" else _real_plan()


@pytest.fixture(scope="module")
def files(plan: Plan) -> dict[str, bytes]:
    return build_exports(plan)


# --- the expected contents, from the model ------------------------------------------------------
def _uid(owner_id: str, i: int) -> str:
    return f"{owner_id}-d{i}@huiji-plan"


def _unit_gets(task: Task, unit: Unit, subitem: str | None) -> bool:
    mine = {a.subitem for a in task.assignments if a.unit.id == unit.id}
    if not mine:
        return False
    if subitem is None or None in mine or subitem in mine:
        return True
    return not any(a.subitem in (None, subitem) for a in task.assignments)


def _due_days(plan: Plan, d) -> list[dt.date]:
    if d.date:
        return [d.date]
    if d.recurrence:
        return d.recurrence.occurrences(plan.document.recurrence_start, plan.document.recurrence_end)
    return []


def expected_events(plan: Plan, unit: Unit | None = None, campaign_id: str | None = None) -> dict[str, tuple]:
    """uid → (summary, due days) for a feed."""
    out: dict[str, tuple] = {}
    for c in plan.campaigns:
        if campaign_id and c.id != campaign_id:
            continue
        holds = unit is None or any(t.roles_of(unit) for t in c.tasks)
        for t in c.tasks:
            if unit is not None and not t.roles_of(unit):
                continue
            for i, d in enumerate(t.all_deadlines, 1):
                days = _due_days(plan, d)
                if days and (unit is None or _unit_gets(t, unit, d.subitem)):
                    words = d.text if d.text.endswith(d.what) else d.text + d.what
                    summary = f"[{t.code}{d.subitem or ''}] {t.title} · {words}"
                    out[_uid(t.id, i)] = (summary, days)
        heading = c.part("requirements").heading if c.part("requirements") else "有关要求"
        for r in c.requirements:
            for i, d in enumerate(r.deadlines, 1):
                days = _due_days(plan, d)
                named = {u.id for u in d.units}
                if days and (unit is None or (unit.id in named if named else holds)):
                    words = d.text if d.text.endswith(d.what) else d.text + d.what
                    summary = f"[{c.short_name}·{heading}{r.label}] {r.title} · {words}"
                    out[_uid(f"{c.id}-req{r.number}", i)] = (summary, days)
    return out


def feeds(plan: Plan) -> list[tuple[str, Unit | None, str | None]]:
    out: list[tuple[str, Unit | None, str | None]] = [(urls.ALL_ICS, None, None)]
    out += [(urls.campaign_ics(c.id), None, c.id) for c in plan.campaigns]
    out += [(urls.unit_ics(u.id), u, None) for u in plan.units]
    return out


def events_of(data: bytes) -> tuple[Calendar, dict[str, object]]:
    cal = Calendar.from_ical(data)
    evs = list(cal.walk("VEVENT"))
    uids = [str(e["UID"]) for e in evs]
    assert len(uids) == len(set(uids)), "UIDs must be unique within a feed"
    return cal, {str(e["UID"]): e for e in evs}


def expand(ev, until: dt.date) -> list[dt.date]:
    start = ev.decoded("DTSTART")
    if "RRULE" not in ev:
        return [start]
    rule = ev["RRULE"].to_ical().decode()
    dtstart = dt.datetime.combine(start, dt.time())
    return [x.date() for x in rrulestr(rule, dtstart=dtstart) if x.date() <= until]


# --- the set of files ---------------------------------------------------------------------------
def test_paths_are_those_of_urls_and_sorted(plan: Plan, files: dict[str, bytes]) -> None:
    expected = {urls.ALL_ICS, urls.ALL_XLSX, urls.TASKS_CSV, urls.ASSIGNMENTS_CSV}
    expected |= {urls.campaign_ics(c.id) for c in plan.campaigns}
    expected |= {urls.campaign_xlsx(c.id) for c in plan.campaigns}
    expected |= {urls.unit_ics(u.id) for u in plan.units} | {urls.unit_xlsx(u.id) for u in plan.units}
    expected |= {urls.PLAN_JSON, urls.PLAN_SCHEMA}
    assert set(files) == expected
    assert list(files) == sorted(files)
    assert all(isinstance(v, bytes) and v for v in files.values())


def test_describe_exports_matches_files(plan: Plan, files: dict[str, bytes]) -> None:
    infos = describe_exports(plan)
    assert all(isinstance(i, ExportInfo) for i in infos)
    assert sorted(i.path for i in infos) == list(files)
    for i in infos:
        assert i.title and i.description and i.format == i.path.rsplit(".", 1)[1]
        if i.format == "ics":
            _, evs = events_of(files[i.path])
            assert i.events == len(evs)
            unit = plan.unit(i.unit_id) if i.unit_id else None
            exp = expected_events(plan, unit, i.campaign_id)
            assert i.events == len(exp)
        if i.format == "xlsx":
            ws = openpyxl.load_workbook(io.BytesIO(files[i.path])).active
            assert i.rows == ws.max_row - 3
    units = {i.unit_id for i in infos if i.unit_id}
    assert units == {u.id for u in plan.units}


def test_row_counts_equal_the_rows(plan: Plan) -> None:
    from generator.exports import xlsx

    for u in plan.units:
        assert xlsx.unit_row_count(plan, u) == len(xlsx.unit_rows(plan, u)), u.id
    for c in plan.campaigns:
        assert xlsx.campaign_row_count(c) == len(xlsx.campaign_rows(c)), c.id


def test_reproducible(plan: Plan, files: dict[str, bytes]) -> None:
    again = build_exports(plan)
    assert list(again) == list(files)
    for path, data in files.items():
        assert again[path] == data, path


# --- iCalendar ----------------------------------------------------------------------------------
def test_every_feed_parses_and_matches_the_data(plan: Plan, files: dict[str, bytes]) -> None:
    doc = plan.document
    stamp = doc.published.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(dt.UTC)
    for path, unit, campaign_id in feeds(plan):
        cal, evs = events_of(files[path])
        assert str(cal["VERSION"]) == "2.0"
        assert str(cal["CALSCALE"]) == "GREGORIAN"
        assert str(cal["PRODID"]).startswith("-//")
        name = str(cal["X-WR-CALNAME"])
        assert doc.doc_number in name
        if unit:
            assert unit.name in name
        exp = expected_events(plan, unit, campaign_id)
        assert set(evs) == set(exp), path
        for uid, (summary, days) in exp.items():
            ev = evs[uid]
            assert str(ev["SUMMARY"]) == summary
            start = ev.decoded("DTSTART")
            assert type(start) is dt.date and start == days[0]
            assert ev.decoded("DTEND") == days[0] + dt.timedelta(days=1)
            assert ev.decoded("DTSTAMP") == stamp
            assert expand(ev, doc.recurrence_end) == days, uid
            alarms = list(ev.walk("VALARM"))
            assert len(alarms) == 1
            assert str(alarms[0]["ACTION"]) == "DISPLAY"
            assert alarms[0].decoded("TRIGGER") == -dt.timedelta(days=7)
            desc = str(ev["DESCRIPTION"])
            if unit is not None:
                assert desc.startswith("本单位角色:")
            else:
                assert "本单位角色" not in desc
            owner = uid.rsplit("-d", 1)[0]
            owner_page = f"campaigns/{owner.split('-req')[0]}/" if "-req" in owner else f"tasks/{owner}/"
            assert f"详情:{owner_page}" in desc


def test_uids_are_the_same_in_every_feed(plan: Plan, files: dict[str, bytes]) -> None:
    _, all_events = events_of(files[urls.ALL_ICS])
    for path, _, _ in feeds(plan):
        _, evs = events_of(files[path])
        for uid, ev in evs.items():
            assert uid in all_events
            assert ev.decoded("DTSTART") == all_events[uid].decoded("DTSTART")
            assert str(ev["SUMMARY"]) == str(all_events[uid]["SUMMARY"])


def test_unit_feed_role_lines(plan: Plan, files: dict[str, bytes]) -> None:
    for u in plan.units:
        _, evs = events_of(files[urls.unit_ics(u.id)])
        for uid, ev in evs.items():
            first = str(ev["DESCRIPTION"]).split("\n", 1)[0]
            if "-req" in uid:
                assert first.startswith("本单位角色:") and first.endswith("所列事项,面向各有关单位")
                continue
            task = plan.task(uid.rsplit("-d", 1)[0])
            for role in task.roles_of(u):
                assert role.label in first
            if any(task.is_implicit(u, r) for r in task.roles_of(u)):
                assert "原文未在本任务列出" in first


def test_feeds_equal_icalendar_serialising_the_whole_calendar(plan: Plan) -> None:
    """Feeds splice each event's cached bytes into the calendar's; the result must be exactly what
    icalendar writes for the calendar with every event added (and the same without a shared cache)."""
    from generator.exports import common, ics

    for site_url in (None, "https://example.org/plan/"):
        shared = build_exports(plan, site_url)
        stamp = common.build_timestamp(plan)
        scopes = [(urls.ALL_ICS, common.plan_entries(plan), None, ics.plan_feed(plan, site_url))]
        scopes += [
            (urls.campaign_ics(c.id), common.campaign_entries(c), None, ics.campaign_feed(plan, c, site_url))
            for c in plan.campaigns
        ]
        scopes += [
            (urls.unit_ics(u.id), common.unit_entries(plan, u), u, ics.unit_feed(plan, u, site_url))
            for u in plan.units
        ]
        for path, entries, unit, alone in scopes:
            assert shared[path] == alone, path
            cal = Calendar.from_ical(alone)
            whole = Calendar()
            for key in ("prodid", "version", "calscale", "method", "x-wr-calname", "x-wr-caldesc",
                        "x-wr-timezone"):
                whole.add(key, str(cal[key]))
            for e in ics._sorted(plan, entries):
                v = ics.event_values(plan, e, ics._unit_line(e, unit), site_url, stamp)
                assert v is not None  # _sorted keeps the dated deadlines only
                whole.add_component(ics.event_of(v))
            assert whole.to_ical() == alone, path


def test_lines_folded_at_75_octets_without_splitting_characters(plan: Plan, files: dict[str, bytes]) -> None:
    for path, _, _ in feeds(plan):
        data = files[path]
        assert data.endswith(b"\r\n")
        lines = data.split(b"\r\n")[:-1]
        assert b"\n" not in b"".join(lines)
        for line in lines:
            assert len(line) <= 75, line
            line.decode("utf-8")  # a folded line never ends or starts inside a character
        assert any(line.startswith(b" ") for line in lines)


def test_rrule_expansion_equals_recurrence_occurrences() -> None:
    start, end = dt.date(2024, 1, 1), dt.date(2027, 12, 31)
    cases = [parse_recurrence(t) for t in ("每季度", "每半年", "每年", "全年")]
    cases += [Recurrence("monthly", day, f"每月{day}日") for day in range(1, 32)]
    for rec in cases:
        assert rec is not None
        days = rec.occurrences(start, end)
        rule = rrule_of(rec, end).to_ical().decode()
        got = [x.date() for x in rrulestr(rule, dtstart=dt.datetime.combine(days[0], dt.time()))]
        assert got == days, (rec, rule)


def test_rrule_forms() -> None:
    until = dt.date(2024, 12, 31)
    monthly = rrule_of(parse_recurrence("每月28日"), until).to_ical()
    assert monthly == b"FREQ=MONTHLY;UNTIL=20241231;BYMONTHDAY=28"
    assert rrule_of(parse_recurrence("每季度"), until).to_ical() == (
        b"FREQ=MONTHLY;UNTIL=20241231;INTERVAL=3;BYMONTHDAY=-1"
    )


def test_mini_fixture_feeds(mini: Plan) -> None:
    files = build_exports(mini)
    _, evs = events_of(files[urls.unit_ics("jia")])
    # 甲1 (lead), 甲 requirement (每月28日, all units of 甲), 乙2(1) (责任部门 in 分项(1) only)
    assert sorted(evs) == ["alpha-01-d1@huiji-plan", "alpha-req1-d1@huiji-plan", "beta-02-d1@huiji-plan"]
    req = evs["alpha-req1-d1@huiji-plan"]
    assert str(req["SUMMARY"]) == "[甲·有关要求(一)] 加强信息报送 · 每月28日前报送工作推进情况"
    assert req.decoded("DTSTART") == dt.date(2024, 7, 28)
    assert req["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20241231;BYMONTHDAY=28"
    assert str(evs["alpha-01-d1@huiji-plan"]["SUMMARY"]) == "[甲1] 第一项任务 · 2024年10月底前完成排查"
    assert "责任单位(分项(1);原文作“责任部门”)" in str(evs["beta-02-d1@huiji-plan"]["DESCRIPTION"])
    # 区丙中心 is named only in 乙2 分项(2): only its quarterly duty, no 甲 requirement
    _, evs = events_of(files[urls.unit_ics("bing")])
    assert list(evs) == ["beta-02-d2@huiji-plan"]
    ev = evs["beta-02-d2@huiji-plan"]
    assert ev.decoded("DTSTART") == dt.date(2024, 9, 30)
    assert ev["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20241231;INTERVAL=3;BYMONTHDAY=-1"
    # 相关镇(街道) holds 乙2 only implicitly (stated once in 乙1)
    _, evs = events_of(files[urls.unit_ics("xg-zhen-jiedao")])
    assert sorted(evs) == ["beta-02-d1@huiji-plan", "beta-02-d2@huiji-plan"]
    assert "依乙1的说明" in str(evs["beta-02-d1@huiji-plan"]["DESCRIPTION"])
    # 甲2's 按照市定时间节点 is not an event, but counted
    info = {i.path: i for i in describe_exports(mini)}
    assert info[urls.campaign_ics("alpha")].undated == 1
    assert info[urls.campaign_ics("alpha")].events == 2
    assert info[urls.unit_ics("zhen-jiedao")].undated == 1
    assert info[urls.ALL_ICS].events == 4


def test_dtstamp_from_source_date_epoch(mini: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    files = build_exports(mini)
    stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for path, _, _ in feeds(mini):
        _, evs = events_of(files[path])
        assert evs and all(ev.decoded("DTSTAMP") == stamp for ev in evs.values())
        assert b"DTSTAMP:20250101T000000Z" in files[path]
    core = zipfile.ZipFile(io.BytesIO(files[urls.ALL_XLSX])).read("docProps/core.xml")
    assert b"2025-01-01T00:00:00Z" in core
    assert build_exports(mini) == files


def test_dtstamp_defaults_to_publication(mini: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = build_exports(mini)[urls.ALL_ICS]
    assert b"DTSTAMP:20240801T010000Z" in data  # 2024-08-01 09:00 Beijing time


def test_site_url_makes_links_absolute(mini: Plan) -> None:
    files = build_exports(mini, site_url="https://example.org/plan/")
    _, evs = events_of(files[urls.ALL_ICS])
    ev = evs["alpha-01-d1@huiji-plan"]
    assert str(ev["URL"]) == "https://example.org/plan/tasks/alpha-01/"
    assert "详情:https://example.org/plan/tasks/alpha-01/" in str(ev["DESCRIPTION"])
    plain = events_of(build_exports(mini)[urls.ALL_ICS])[1]["alpha-01-d1@huiji-plan"]
    assert "URL" not in plain


# --- XLSX ---------------------------------------------------------------------------------------
def sheet(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["任务清单"]
    return wb.active


def rows_of(ws) -> list[dict[str, object]]:
    header = [c.value for c in ws[3]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True)]


def check_layout(ws, header: list[str], title: str) -> None:
    assert ws["A1"].value == title
    assert [c.value for c in ws[3]] == header
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows.replace("$", "") == "3:3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth or 1) == 1  # absent = 1 (OOXML default)
    assert int(ws.page_setup.fitToHeight) == 0
    widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[3]}
    assert widths["工作内容"] >= 50 and widths["任务名称"] >= 20
    assert ws["J4"].alignment.wrap_text


UNIT_HEADER = ["序号", "战役", "任务编号", "任务名称", "本单位角色", "牵头单位", "其他单位", "时限要求",
               "完成时限", "工作内容", "完成情况", "备注"]
ALL_HEADER = ["序号", "战役", "任务编号", "任务名称", "牵头单位", "配合单位", "责任单位", "时限要求",
              "完成时限", "工作内容", "完成情况", "备注"]


def expected_ledger(plan: Plan, unit: Unit | None, campaigns) -> list[tuple[str, object, str]]:
    """(任务编号, 完成时限, deadline text) per row: one row per deadline of the unit (by the rule,
    derived here from the assignments), a task without any keeps one row; then the requirements."""
    out: list[tuple[str, object, str]] = []
    for c in campaigns:
        holds = unit is None or any(t.roles_of(unit) for t in c.tasks)
        for t in c.tasks:
            if unit is not None and not t.roles_of(unit):
                continue
            mine = [d for d in t.all_deadlines if unit is None or _unit_gets(t, unit, d.subitem)]
            out += [(f"{t.code}{d.subitem or ''}", d.date, d.text) for d in mine] or [(t.code, None, "")]
        heading = c.part("requirements").heading if c.part("requirements") else "有关要求"
        for r in c.requirements:
            out += [
                (f"{c.short_name}·{heading}{r.label}", d.date, d.text)
                for d in r.deadlines
                if unit is None or ({u.id for u in d.units} and unit.id in {u.id for u in d.units})
                or (not d.units and holds)
            ]
    return out


def _as_date(v: object) -> object:
    return v.date() if isinstance(v, dt.datetime) else v


def check_ledger_rows(rows: list[dict[str, object]], expected: list[tuple[str, object, str]]) -> None:
    assert [r["任务编号"] for r in rows] == [code for code, _, _ in expected]
    assert [_as_date(r["完成时限"]) for r in rows] == [day for _, day, _ in expected]
    for r, (_, _, text) in zip(rows, expected, strict=True):
        assert text in (r["时限要求"] or "")
    assert [r["序号"] for r in rows] == list(range(1, len(rows) + 1))


def test_unit_xlsx(plan: Plan, files: dict[str, bytes]) -> None:
    doc = plan.document
    for u in plan.units:
        ws = sheet(files[urls.unit_xlsx(u.id)])
        check_layout(ws, UNIT_HEADER, f"{u.name} 工作任务清单台账 — {doc.doc_number}")
        rows = rows_of(ws)
        check_ledger_rows(rows, expected_ledger(plan, u, plan.campaigns))
        by_task = {t.code: t for t in plan.tasks_of(u)}
        for r in rows:
            t = by_task.get(str(r["任务编号"]).split("(")[0])
            if t is None:
                continue
            assert r["任务名称"] == t.title
            assert r["工作内容"] == t.text
            assert r["完成情况"] is None
            code = str(r["任务编号"])
            sub = code[len(t.code):] or None
            mine = {
                a.role
                for a in t.assignments
                if a.unit.id == u.id and (sub is None or a.subitem in (None, sub))
            }
            for role in ROLES:  # the role(s) in which this row's deadline concerns the unit
                assert (role.label in r["本单位角色"]) == (role in (mine or set(t.roles_of(u)))), (u.id, code)
            if any(t.is_implicit(u, role) for role in t.roles_of(u)):
                assert "未列出" in r["本单位角色"]
                assert f"{u.name}为" in r["备注"]
            leads = r["牵头单位"] or ""
            assert all(x.name in leads for x in t.units(Role.LEAD))
            assert "断行" not in (r["备注"] or "")  # typesetting notes are not a 台账's business


def test_xlsx_deadline_column_is_a_date_cell(mini: Plan) -> None:
    files = build_exports(mini)
    ws = openpyxl.load_workbook(io.BytesIO(files[urls.ALL_XLSX])).active
    col = [c.value for c in ws[3]].index("完成时限")
    cells = [row[col] for row in ws.iter_rows(min_row=4)]
    dated = [c for c in cells if c.value is not None]
    assert dated and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dated)


def test_campaign_and_plan_xlsx(plan: Plan, files: dict[str, bytes]) -> None:
    doc = plan.document
    ws = sheet(files[urls.ALL_XLSX])
    check_layout(ws, ALL_HEADER, f"全部任务 工作任务清单台账 — {doc.doc_number}")
    rows = rows_of(ws)
    check_ledger_rows(rows, expected_ledger(plan, None, plan.campaigns))
    by_code = {t.code: t for t in plan.tasks}
    for r in rows:
        t = by_code.get(str(r["任务编号"]).split("(")[0])
        if t is None:
            continue
        for role, col in zip(ROLES, ("牵头单位", "配合单位", "责任单位"), strict=True):
            cell = r[col] or ""
            assert all(x.name in cell for x in t.units(role))
    for c in plan.campaigns:
        ws = sheet(files[urls.campaign_xlsx(c.id)])
        check_layout(ws, ALL_HEADER, f"{c.short_title} 工作任务清单台账 — {doc.doc_number}")
        check_ledger_rows(rows_of(ws), expected_ledger(plan, None, [c]))


def test_xlsx_zip_is_deterministic(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if path.endswith(".xlsx"):
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
            assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# --- CSV ----------------------------------------------------------------------------------------
def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") >= text.count("\n") - text.count('"') and text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_tasks_csv(plan: Plan, files: dict[str, bytes]) -> None:
    rows = read_csv(files[urls.TASKS_CSV])
    assert [r["id"] for r in rows] == [t.id for t in plan.tasks]
    for t, r in zip(plan.tasks, rows, strict=True):
        assert r["campaign"] == t.campaign.id and int(r["number"]) == t.number and r["title"] == t.title
        assert int(r["section"]) == t.section.number
        for role in ROLES:
            assert r[role.value] == "、".join(u.name for u in t.units(role))
        assert r["text"] == t.text
        assert len([x for x in r["deadlines"].split(";") if x]) == len(t.all_deadlines)


def test_assignments_csv(plan: Plan, files: dict[str, bytes]) -> None:
    rows = read_csv(files[urls.ASSIGNMENTS_CSV])
    expected = [(t.id, a.unit.id, a.role.value, a.subitem or "", "true" if a.implicit else "false")
                for t in plan.tasks for a in t.assignments]
    assert [(r["task_id"], r["unit_id"], r["role"], r["subitem"], r["implicit"]) for r in rows] == expected


def test_mini_csv_details(mini: Plan) -> None:
    files = build_exports(mini)
    tasks = {r["id"]: r for r in read_csv(files[urls.TASKS_CSV])}
    assert tasks["beta-02"]["deadlines"] == "(1)7月底前完成分项一(2024-07-31);(2)每季度巡查(每季度)"
    assert tasks["alpha-02"]["deadlines"] == "按照市定时间节点完成(无具体日期)"
    assert tasks["beta-02"]["responsible"] == "区甲局、区丙中心、相关镇(街道)"
    rows = read_csv(files[urls.ASSIGNMENTS_CSV])
    implicit = [r for r in rows if r["implicit"] == "true"]
    assert [(r["task_id"], r["unit_name"], r["role"]) for r in implicit] == [
        ("beta-02", "相关镇(街道)", "responsible")
    ]
    assert any(r["label"] == "责任部门" and r["subitem"] == "(1)" for r in rows)


# --- open data ----------------------------------------------------------------------------------
def test_open_data(files: dict[str, bytes]) -> None:
    data = json.loads(files[urls.PLAN_JSON])
    schema = json.loads(files[urls.PLAN_SCHEMA])
    assert isinstance(data, dict) and isinstance(schema, dict)


def test_every_column_and_key_is_explained() -> None:
    """The 数据下载 page lists columns from the exporters' own constants, each with a note."""
    from generator.exports import csv as csv_export
    from generator.exports import field_notes, xlsx

    notes = field_notes()
    assert [f.name for f in notes["xlsx_unit"]] == [c.header for c in xlsx.UNIT_COLUMNS]
    assert [f.name for f in notes["xlsx_all"]] == [c.header for c in xlsx.ALL_COLUMNS]
    assert [f.name for f in notes["tasks_csv"]] == list(csv_export.TASK_FIELDS)
    assert [f.name for f in notes["assignments_csv"]] == list(csv_export.ASSIGNMENT_FIELDS)
    top = ["format_version", "document", "units", "campaigns", "tasks"]
    assert [f.name for f in notes["plan_json"]] == top
    for kind, fields in notes.items():
        for f in fields:
            assert f.note.strip(), (kind, f.name)


def test_field_notes_from_the_published_schema_equal_the_models(files: dict[str, bytes]) -> None:
    """The page build reads plan.json's key notes from the schema file it publishes (no pydantic
    import on a cached build); they must be exactly the models' own names and descriptions."""
    from generator.exports import field_notes

    schema = files[urls.PLAN_SCHEMA]
    from_schema, from_models = field_notes(schema), field_notes()
    assert from_schema == from_models
    assert len(from_schema["plan_json_task"]) > 10


# --- downloads are data, not code (CSV/XLSX injection) -------------------------------------------
def _formula_plan(tmp_path: Path) -> Plan:
    """The mini plan with a unit and a task title that read like spreadsheet formulas."""
    import shutil

    root = tmp_path / "plan_data"
    shutil.copytree(FIXTURE, root)
    for f in root.rglob("*"):
        if f.is_file():
            text = f.read_text(encoding="utf-8").replace("区甲局", "=HYPERLINK(甲局)")
            text = text.replace("title: 第一项任务", 'title: "@SUM(1+1)第一项任务"')
            text = text.replace("1. 第一项任务", "1. @SUM(1+1)第一项任务")  # the original, alike
            f.write_text(text, encoding="utf-8")
    return load_plan(root)


def test_no_formula_or_link_reaches_a_spreadsheet(tmp_path: Path) -> None:
    plan = _formula_plan(tmp_path)
    files = build_exports(plan)
    for path in (urls.TASKS_CSV, urls.ASSIGNMENTS_CSV):
        cells = [c for row in read_csv(files[path]) for c in row.values()]
        assert any(c.startswith("'=HYPERLINK(") for c in cells) or path == urls.TASKS_CSV
        assert not [c for c in cells if c and c[0] in "=+-@"], path
    tasks = read_csv(files[urls.TASKS_CSV])
    assert tasks[0]["title"] == "'@SUM(1+1)第一项任务"  # the text kept, behind the quote
    unit = next(u for u in plan.units if u.name.startswith("="))
    for path in (urls.unit_xlsx(unit.id), urls.ALL_XLSX):
        ws = openpyxl.load_workbook(io.BytesIO(files[path])).active
        kinds = {c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
        assert "f" not in kinds, path  # no formula cell anywhere, the merged title row included
        assert not ws._hyperlinks, path
    ws = openpyxl.load_workbook(io.BytesIO(files[urls.unit_xlsx(unit.id)])).active
    assert ws["A1"].value.startswith("=HYPERLINK(甲局) 工作任务清单台账") and ws["A1"].data_type == "s"


def test_downloads_kept_by_a_preview_memo_are_those_made_again(tmp_path: Path) -> None:
    """A preview keeps workbooks and events by the values they are made from (exports/memo.py):
    after an edit, every download equals the one made from scratch — the edited task's files
    are made again, the others taken from the memo."""
    import shutil

    from generator.data.status import Status
    from generator.exports import across
    from generator.exports.memo import BytesMemo, kept
    from generator.exports.progress_xlsx import template

    plan_dir = tmp_path / "plan"
    shutil.copytree(FIXTURE, plan_dir)

    def everything(plan: Plan) -> dict[str, bytes]:
        status = Status(plan, None, dt.date(2024, 9, 1))
        files = build_exports(plan, "https://example.org/")
        for u in plan.units:
            files[f"across/{u.id}.ics"] = across.unit_feed_across(u.id, [("d1", plan)], "https://example.org/")
            files[f"across/{u.id}.xlsx"] = across.unit_workbook_across(u.id, [("d1", plan)]) or b""
            files[f"report/{u.id}.xlsx"] = template(plan, status, u)
        return files

    memo = BytesMemo()
    with kept(memo):
        everything(load_plan(plan_dir))
    first = memo.misses
    task = plan_dir / "campaigns" / "alpha" / "tasks" / "01.yaml"
    task.write_text(task.read_text(encoding="utf-8").replace("what: 完成排查", "what: 完成排查和整改"),
                    encoding="utf-8")
    edited = load_plan(plan_dir)
    with kept(memo):
        remembered = everything(edited)
    fresh = everything(edited)
    assert remembered.keys() == fresh.keys()
    assert [p for p in fresh if remembered[p] != fresh[p]] == []
    made_again = memo.misses - first
    assert 0 < made_again < first / 2, (made_again, first)  # the edit's files only


def test_the_index_word_list_is_read_from_the_chunks_and_a_broken_chunk_is_refused(tmp_path: Path) -> None:
    """search.index_words: the Chinese words of a Pagefind chunk (gzip, signature, CBOR entries
    ``[word, [[page, [locations], []], …], []]``); a chunk that is not gzip, or has another
    signature, gets a Chinese message, never a traceback."""
    import gzip as gz

    from generator.exports.search import IndexIncomplete, index_words

    def text(s: str) -> bytes:
        raw = s.encode()
        return (bytes([0x60 + len(raw)]) if len(raw) < 24 else bytes([0x78, len(raw)])) + raw

    def entry(word: str, pages: int) -> bytes:  # pages × [page, [-25, 7], []]
        header = bytes([0x80 + pages]) if pages < 24 else bytes([0x98, pages])
        return b"\x83" + text(word) + header + b"\x83\x01\x82\x38\x18\x07\x80" * pages + b"\x80"

    words = ["油烟", "排查", "a油烟", "餐饮业油烟排放分类治理", "蓝天"]
    body = b"\x81" + bytes([0x80 + len(words)]) + b"".join(entry(w, 30 if i % 2 else 1)
                                                         for i, w in enumerate(words))
    (tmp_path / "ok" / "index").mkdir(parents=True)
    (tmp_path / "ok" / "index" / "zh.pf_index").write_bytes(gz.compress(b"pagefind_dcd" + body))
    assert index_words(tmp_path / "ok") == sorted(["油烟", "排查", "餐饮业油烟排放分类治理", "蓝天"])
    for name, data in (("notgzip", b"\x1f\x8b\x08broken"), ("other", gz.compress(b"something_else" + body))):
        (tmp_path / name / "index").mkdir(parents=True)
        (tmp_path / name / "index" / "zh.pf_index").write_bytes(data)
        with pytest.raises(IndexIncomplete, match="搜索索引的词表读不出"):
            index_words(tmp_path / name)
