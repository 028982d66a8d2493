"""工作任务清单台账 (XLSX) per unit, per campaign and for the whole plan, in an office's shape.

Sheet 任务清单: a title row, a row saying what the file is, the header row (frozen, repeated on every
printed page, with an autofilter), then one row per task and one per 有关要求 that carries a deadline.

Columns — unit files: 序号 战役 任务编号 任务名称 本单位角色 牵头单位 其他单位 时限要求 工作内容
完成情况 备注; campaign and whole-plan files: 序号 战役 任务编号 任务名称 牵头单位 配合单位 责任单位
时限要求 工作内容 完成情况 备注.
完成情况 is left empty for the office to fill. Printing: A4 landscape, one page wide, narrow margins,
page numbers in the footer.

Reproducible: written in memory (xlsxwriter then stamps every zip entry 1980-01-01) with the
creation time fixed to :func:`common.build_timestamp`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter

from generator.data.revisions import task_revision_notes
from generator.exports.common import (
    Entry,
    build_timestamp,
    implicit_reason,
    requirement_entries,
    requirement_entries_for,
    role_phrases,
    role_text,
    task_entries,
    task_entries_for,
    unit_requirements,
    units_text,
)
from generator.exports.memo import made
from generator.model.duties import deadline_concerns, task_counts
from generator.model.model import Campaign, Plan, Requirement, Role, Task, Unit

SHEET = "任务清单"
HEADER_ROW = 2
"""0-based index of the header row (title row 0, description row 1)."""
FONT = "宋体"
LINE_HEIGHT = 13.5
"""Points per wrapped line of 10 pt text (CJK fonts run taller than Latin ones)."""
MAX_ROW_HEIGHT = 409  # Excel's limit


@dataclass(frozen=True)
class Column:
    header: str
    width: float


UNIT_COLUMNS = (
    Column("序号", 5), Column("战役", 11), Column("任务编号", 10), Column("任务名称", 24),
    Column("本单位角色", 14), Column("牵头单位", 18), Column("其他单位", 26), Column("时限要求", 22),
    Column("完成时限", 12), Column("工作内容", 60), Column("完成情况", 22), Column("备注", 26),
)
ALL_COLUMNS = (
    Column("序号", 5), Column("战役", 11), Column("任务编号", 10), Column("任务名称", 24),
    Column("牵头单位", 18), Column("配合单位", 20), Column("责任单位", 22), Column("时限要求", 22),
    Column("完成时限", 12), Column("工作内容", 60), Column("完成情况", 22), Column("备注", 26),
)
DATE_COLUMN = "完成时限"

COLUMN_NOTES: dict[str, str] = {
    "序号": "行号,从 1 起",
    "战役": "所属方案:蓝天、碧水、净土保卫战",
    "任务编号": (
        "任务简称(如 蓝天12);分项的时限加分项编号(如 净土9(2));方案“有关要求/保障措施”中的事项"
        "写作 蓝天·有关要求(四) 等"
    ),
    "任务名称": "任务名称(原文第一个句号前的文字)",
    "本单位角色": (
        "本单位在该任务中是牵头、配合还是责任单位;只负责某个分项时注明分项,"
        "原文未在本任务列出的注明“未列出”"
    ),
    "牵头单位": "该任务的牵头单位",
    "其他单位": "除本单位外的配合单位、责任单位",
    "配合单位": "该任务的配合单位",
    "责任单位": "该任务的责任单位(含原文统一说明的)",
    "时限要求": "原文写明的时限,每行一条时限;任务有多个时限时分行列出,没有时限的任务占一行",
    "完成时限": "时限换算成的日期(日期格式,可排序、筛选);周期性时限与没有具体日期的时限此栏为空",
    "工作内容": "任务正文(原文)",
    "完成情况": "空栏,供本单位填写进展",
    "备注": "原文统一说明的单位、原文前后不一致或疑似错字等说明(排版断行之类不列)",
}
"""Column header → what it holds (shown on the 数据下载 page; every header of
:data:`UNIT_COLUMNS` and :data:`ALL_COLUMNS` has one — tested)."""

NOT_IN_LEDGER = frozenset({"broken_line"})
"""Flag kinds about how the source was typeset: not a 台账's business."""

Row = dict[str, object]


# --- rows ---------------------------------------------------------------------------------------
def _flag_notes(flags: Sequence) -> list[str]:
    return [f"原文情况:{f.note}" for f in flags if f.kind not in NOT_IN_LEDGER]


def _implicit_notes(task: Task, only: Unit | None = None) -> list[str]:
    out = []
    for a in task.assignments:
        if a.implicit and (only is None or a.unit.id == only.id) and task.is_implicit(a.unit, a.role):
            out.append(f"{a.unit.name}为{a.role.label}:{implicit_reason(task, a.unit, a.role)}。")
    return list(dict.fromkeys(out))


def _notes_of(task: Task) -> list[str]:
    """What later documents changed in ``task`` (its deadlines are noted in their own cells)."""
    return task_revision_notes(task, deadlines=False)


def _deadline_cells(entry: Entry | None) -> dict[str, object]:
    """时限要求 (words) and 完成时限 (a date, or nothing) of one row."""
    if entry is None:
        return {"时限要求": "原文未写明时限"}
    d = entry.deadline
    words = entry.words  # the sub-item is in 任务编号 (净土9(2))
    if d.recurrence:
        words += f"(周期:{d.recurrence.text})"
    elif d.undated:
        words += "(无具体日期)"
    if d.original is not None and d.revision is not None:  # current value first, the original kept
        words += f"(调整后;原定“{d.original.text}”,依据{d.revision.label})"
    return {"时限要求": words, DATE_COLUMN: d.date}


def _per_deadline(base: Row, code: str, entries: list[Entry]) -> list[Row]:
    """One row per deadline (``任务编号`` with its sub-item), or one row when there is none."""
    if not entries:
        return [{**base, "任务编号": code, **_deadline_cells(None)}]
    return [{**base, "任务编号": e.code, **_deadline_cells(e)} for e in entries]


def _requirement_rows(r: Requirement, entries: list[Entry], unit_role: bool) -> list[Row]:
    c = r.campaign
    heading = c.requirements_heading
    base: Row = {
        "战役": c.short_title,
        "任务名称": r.title,
        "工作内容": r.text,
        "备注": "\n".join([f"《{c.title}》“{heading}”中的事项,面向各有关单位。", *_flag_notes(r.flags)]),
    }
    if unit_role:
        base["本单位角色"] = f"{heading}所列事项"
    else:
        base["责任单位"] = "各单位"
    return _per_deadline(base, r.code, entries)


def unit_rows(plan: Plan, unit: Unit) -> list[Row]:
    """The rows of a unit's 台账, campaign by campaign: per task (any role, implicit included) one
    row per deadline that concerns the unit (:func:`generator.model.duties.task_entries_for`), then the
    campaign's requirements' deadlines."""
    rows: list[Row] = []
    for c in plan.campaigns:
        for task in c.tasks:
            if not task.roles_of(unit):
                continue
            others = []
            for role in (Role.COOPERATE, Role.RESPONSIBLE):
                names = [u.name for u in task.units(role) if u.id != unit.id]
                if names:
                    others.append(f"{role.label}:{'、'.join(names)}")
            base: Row = {
                "战役": task.campaign.short_title,
                "任务名称": task.title,
                "本单位角色": role_text(task, unit, explain=False),
                "牵头单位": units_text(task, Role.LEAD),
                "其他单位": "\n".join(others),
                "工作内容": task.text,
                "备注": "\n".join(_implicit_notes(task, unit) + _notes_of(task) + _flag_notes(task.flags)),
            }
            entries = task_entries_for(task, unit)
            task_rows = _per_deadline(base, task.code, entries)
            phrases = role_phrases(task, unit, explain=False)
            for row, e in zip(task_rows, entries, strict=False):
                # the role(s) this deadline concerns the unit in (净土9(2): 牵头, 9(1): 责任)
                mine = [p for role, p, _ in phrases if deadline_concerns(task, e.deadline, unit, role)]
                row["本单位角色"] = "、".join(mine) or row["本单位角色"]
            rows += task_rows
        concerning = requirement_entries_for(c, unit)
        for r in c.requirements:
            if owned := [e for e in concerning if e.owner is r]:
                rows += _requirement_rows(r, owned, True)
    return rows


def campaign_rows(campaign: Campaign) -> list[Row]:
    rows: list[Row] = []
    for task in campaign.tasks:
        base: Row = {
            "战役": campaign.short_title,
            "任务名称": task.title,
            "牵头单位": units_text(task, Role.LEAD),
            "配合单位": units_text(task, Role.COOPERATE),
            "责任单位": units_text(task, Role.RESPONSIBLE),
            "工作内容": task.text,
            "备注": "\n".join(_implicit_notes(task) + _notes_of(task) + _flag_notes(task.flags)),
        }
        rows += _per_deadline(base, task.code, task_entries(task))  # a withdrawn task: noted in 备注
    for r in campaign.requirements:
        if r.deadlines:
            rows += _requirement_rows(r, [e for e in requirement_entries(campaign) if e.owner is r], False)
    return rows


def unit_row_count(plan: Plan, unit: Unit) -> int:
    """``len(unit_rows(plan, unit))`` without building the rows (for the download descriptions)."""
    n = sum(max(1, len(task_entries_for(t, unit))) for t in plan.tasks_of(unit))
    return n + sum(len(requirement_entries_for(c, unit)) for c in plan.campaigns)


def campaign_row_count(campaign: Campaign) -> int:
    """``len(campaign_rows(campaign))`` without building the rows."""
    return sum(max(1, len(t.all_deadlines)) for t in campaign.tasks) + sum(
        len(r.deadlines) for r in campaign.requirements
    )


# --- writing ------------------------------------------------------------------------------------
def _display_width(text: str) -> float:
    """Width in column units (of the default font's "0"): a 10 pt CJK character takes about 1.7."""
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


@functools.lru_cache(maxsize=4096)
def _lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(_display_width(par) / usable)) for par in text.split("\n"))


def row_height(values: Row, columns: Sequence[Column]) -> float:
    """Height that shows every wrapped line (estimated from the text's width).

    Set explicitly because LibreOffice does not grow rows to fit wrapped text when it opens a file
    (nor, in some versions, does Excel): the printed 台账 would show one line per task.
    """
    lines = max((_lines(_cell_text(values.get(c.header)), c.width) for c in columns), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _workbook(plan: Plan, title: str, subtitle: str, columns: Sequence[Column],
              rows: list[Row]) -> bytes:
    doc = plan.document
    values = ("xlsx", doc.title, doc.doc_number, build_timestamp(plan), title, subtitle, tuple(columns), rows)
    return made(values, lambda: _write_workbook(plan, title, subtitle, columns, rows))


def _write_workbook(plan: Plan, title: str, subtitle: str, columns: Sequence[Column],
                    rows: list[Row]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({
        "title": title,
        "subject": plan.document.title,
        "keywords": plan.document.doc_number,
        "comments": subtitle,
        "created": build_timestamp(plan).replace(tzinfo=None),
    })
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top"}
    f_title = wb.add_format({**base, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"})
    f_sub = wb.add_format({**base, "font_size": 10, "align": "left", "valign": "vcenter"})
    f_head = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1,
                            "bg_color": "#D9E1F2"})
    f_cell = wb.add_format({**base, "border": 1})
    f_center = wb.add_format({**base, "border": 1, "align": "center"})
    f_date = wb.add_format({**base, "border": 1, "align": "center", "num_format": "yyyy-mm-dd"})

    ws = wb.add_worksheet(SHEET)
    last = len(columns) - 1
    # merged cells written as strings: merge_range(…, data) would read "=…" as a formula, "http…" as
    # a link (text from the data is data: CSV/XLSX injection)
    ws.merge_range(0, 0, 0, last, "", f_title)
    ws.write_string(0, 0, title, f_title)
    ws.set_row(0, 30)
    ws.merge_range(1, 0, 1, last, "", f_sub)
    ws.write_string(1, 0, subtitle, f_sub)
    ws.set_row(1, _lines(subtitle, sum(c.width for c in columns)) * LINE_HEIGHT + 8)
    for i, col in enumerate(columns):
        ws.set_column(i, i, col.width)
        ws.write_string(HEADER_ROW, i, col.header, f_head)
    ws.set_row(HEADER_ROW, 20)
    centered = {"序号", "战役", "任务编号"}
    for n, row in enumerate(rows, 1):
        r = HEADER_ROW + n
        ws.set_row(r, row_height(row, columns))
        for i, col in enumerate(columns):
            value = row.get(col.header)
            if col.header == "序号":
                ws.write_number(r, i, n, f_center)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, i, dt.datetime(value.year, value.month, value.day), f_date)
            elif col.header == DATE_COLUMN:
                ws.write_blank(r, i, None, f_date)
            else:
                value = _cell_text(value)
                fmt = f_center if col.header in centered else f_cell
                if value:
                    ws.write_string(r, i, value, fmt)
                else:  # a bordered empty cell (完成情况 is filled in by hand)
                    ws.write_blank(r, i, None, fmt)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(rows), 1), last)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.center_horizontally()
    ws.repeat_rows(HEADER_ROW)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f"&L&8{plan.document.doc_number}&C&8第 &P 页,共 &N 页&R&8{title}")
    wb.close()
    return buf.getvalue()


workbook = _workbook
"""A 台账 workbook of ``rows`` under ``columns`` (:mod:`generator.exports.across` builds one over
several documents)."""


def _subtitle(plan: Plan, what: str) -> str:
    doc = plan.document
    return (f"依据:{doc.title}({doc.doc_number},{doc.date_written_text})。{what}"
            "“完成情况”栏供填写。")


def unit_workbook(plan: Plan, unit: Unit) -> bytes:
    rows = unit_rows(plan, unit)
    reqs = unit_requirements(plan, unit)
    what = f"本单位{task_counts(plan, unit).text()}。"
    if reqs:
        what += f"另列所在方案“有关要求/保障措施”中有时限的事项{len(reqs)}项。"
    what += "每个时限一行。"
    title = f"{unit.name} 工作任务清单台账 — {plan.document.doc_number}"
    return _workbook(plan, title, _subtitle(plan, what), UNIT_COLUMNS, rows)


def campaign_workbook(plan: Plan, campaign: Campaign, rows: list[Row] | None = None) -> bytes:
    """``rows``: :func:`campaign_rows` of the campaign, if the caller has them already."""
    rows = campaign_rows(campaign) if rows is None else rows
    n_req = sum(1 for r in campaign.requirements if r.deadlines)
    what = f"《{campaign.title}》共{len(campaign.tasks)}项任务"
    what += f",另列有时限的要求{n_req}项;每个时限一行。" if n_req else ";每个时限一行。"
    title = f"{campaign.short_title} 工作任务清单台账 — {plan.document.doc_number}"
    return _workbook(plan, title, _subtitle(plan, what), ALL_COLUMNS, rows)


def plan_workbook(plan: Plan, campaign_rows_by_id: dict[str, list[Row]] | None = None) -> bytes:
    """``campaign_rows_by_id``: campaign id → :func:`campaign_rows`, if the caller has them already."""
    by_id = campaign_rows_by_id or {}
    rows = [r for c in plan.campaigns for r in (by_id[c.id] if c.id in by_id else campaign_rows(c))]
    n_tasks = len(plan.tasks)
    n_req = sum(1 for c in plan.campaigns for r in c.requirements if r.deadlines)
    what = f"{'、'.join(c.short_title for c in plan.campaigns)}共{n_tasks}项任务"
    what += f",另列有时限的要求{n_req}项;每个时限一行。" if n_req else ";每个时限一行。"
    title = f"全部任务 工作任务清单台账 — {plan.document.doc_number}"
    return _workbook(plan, title, _subtitle(plan, what), ALL_COLUMNS, rows)
