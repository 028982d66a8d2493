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

import functools
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter

from ..model import Campaign, Plan, Requirement, Role, Task, Unit
from .common import (
    Entry,
    build_timestamp,
    concerns,
    deadline_cell,
    implicit_reason,
    requirement_entries,
    requirements_heading,
    role_text,
    task_entries,
    unit_campaigns,
    unit_requirements,
    units_text,
)

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
    Column("序号", 5), Column("战役", 11), Column("任务编号", 9), Column("任务名称", 24),
    Column("本单位角色", 14), Column("牵头单位", 18), Column("其他单位", 26), Column("时限要求", 22),
    Column("工作内容", 60), Column("完成情况", 22), Column("备注", 26),
)
ALL_COLUMNS = (
    Column("序号", 5), Column("战役", 11), Column("任务编号", 9), Column("任务名称", 24),
    Column("牵头单位", 18), Column("配合单位", 20), Column("责任单位", 22), Column("时限要求", 22),
    Column("工作内容", 60), Column("完成情况", 22), Column("备注", 26),
)

COLUMN_NOTES: dict[str, str] = {
    "序号": "行号,从 1 起",
    "战役": "所属方案:蓝天、碧水、净土保卫战",
    "任务编号": "任务简称(如 蓝天12);方案“有关要求/保障措施”中的事项写作 有关要求(四) 等",
    "任务名称": "任务名称(原文第一个句号前的文字)",
    "本单位角色": (
        "本单位在该任务中是牵头、配合还是责任单位;只负责某个分项时注明分项,"
        "原文未在本任务列出的注明“未列出”"
    ),
    "牵头单位": "该任务的牵头单位",
    "其他单位": "除本单位外的配合单位、责任单位",
    "配合单位": "该任务的配合单位",
    "责任单位": "该任务的责任单位(含原文统一说明的)",
    "时限要求": "原文写明的时限,一行一条;分项的时限前注明分项编号",
    "工作内容": "任务正文(原文)",
    "完成情况": "空栏,供本单位填写进展",
    "备注": "原文统一说明的单位、原文不规范之处等",
}
"""Column header → what it holds (shown on the 数据下载 page; every header of
:data:`UNIT_COLUMNS` and :data:`ALL_COLUMNS` has one — tested)."""


# --- rows ---------------------------------------------------------------------------------------
def _flag_notes(flags: Sequence) -> list[str]:
    return [f"原文情况:{f.note}" for f in flags]


def _implicit_notes(task: Task, only: Unit | None = None) -> list[str]:
    out = []
    for a in task.assignments:
        if a.implicit and (only is None or a.unit.id == only.id) and task.is_implicit(a.unit, a.role):
            out.append(f"{a.unit.name}为{a.role.label}:{implicit_reason(task, a.unit, a.role)}。")
    return list(dict.fromkeys(out))


def _requirement_row(c: Campaign, r: Requirement, entries: list[Entry]) -> dict[str, str]:
    heading = requirements_heading(c)
    return {
        "战役": c.short_title,
        "任务编号": f"{heading}{r.label}",
        "任务名称": r.title,
        "本单位角色": f"{heading}所列事项",
        "时限要求": deadline_cell(entries),
        "工作内容": r.text,
        "备注": "\n".join([f"《{c.title}》“{heading}”中的事项,面向各有关单位。", *_flag_notes(r.flags)]),
    }


def unit_rows(plan: Plan, unit: Unit) -> list[dict[str, str]]:
    """The rows of a unit's 台账: its tasks (any role, implicit included), then the requirements."""
    rows: list[dict[str, str]] = []
    for task in plan.tasks_of(unit):
        others = []
        for role in (Role.COOPERATE, Role.RESPONSIBLE):
            names = [u.name for u in task.units(role) if u.id != unit.id]
            if names:
                others.append(f"{role.label}:{'、'.join(names)}")
        rows.append({
            "战役": task.campaign.short_title,
            "任务编号": task.code,
            "任务名称": task.title,
            "本单位角色": role_text(task, unit, explain=False),
            "牵头单位": units_text(task, Role.LEAD),
            "其他单位": "\n".join(others),
            "时限要求": deadline_cell(e for e in task_entries(task) if concerns(task, unit, e.deadline)),
            "工作内容": task.text,
            "备注": "\n".join(_implicit_notes(task, unit) + _flag_notes(task.flags)),
        })
    for c in unit_campaigns(plan, unit):
        for r in c.requirements:
            entries = [e for e in requirement_entries(c) if e.owner is r]
            if entries:
                rows.append(_requirement_row(c, r, entries))
    return rows


def campaign_rows(campaign: Campaign) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for task in campaign.tasks:
        rows.append({
            "战役": campaign.short_title,
            "任务编号": task.code,
            "任务名称": task.title,
            "牵头单位": units_text(task, Role.LEAD),
            "配合单位": units_text(task, Role.COOPERATE),
            "责任单位": units_text(task, Role.RESPONSIBLE),
            "时限要求": deadline_cell(task_entries(task)),
            "工作内容": task.text,
            "备注": "\n".join(_implicit_notes(task) + _flag_notes(task.flags)),
        })
    for r in campaign.requirements:
        entries = [e for e in requirement_entries(campaign) if e.owner is r]
        if entries:
            row = _requirement_row(campaign, r, entries)
            row.pop("本单位角色")
            row["责任单位"] = "各单位"
            rows.append(row)
    return rows


def unit_row_count(plan: Plan, unit: Unit) -> int:
    """``len(unit_rows(plan, unit))`` without building the rows (for the download descriptions):
    one row per task of the unit, one per requirement with deadlines in its campaigns."""
    return len(plan.tasks_of(unit)) + len(unit_requirements(plan, unit))


def campaign_row_count(campaign: Campaign) -> int:
    """``len(campaign_rows(campaign))`` without building the rows."""
    return len(campaign.tasks) + sum(1 for r in campaign.requirements if r.deadlines)


# --- writing ------------------------------------------------------------------------------------
def _display_width(text: str) -> float:
    """Width in column units (of the default font's "0"): a 10 pt CJK character takes about 1.7."""
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


@functools.lru_cache(maxsize=4096)
def _lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(_display_width(par) / usable)) for par in text.split("\n"))


def row_height(values: dict[str, str], columns: Sequence[Column]) -> float:
    """Height that shows every wrapped line (estimated from the text's width).

    Set explicitly because LibreOffice does not grow rows to fit wrapped text when it opens a file
    (nor, in some versions, does Excel): the printed 台账 would show one line per task.
    """
    lines = max((_lines(values.get(c.header, ""), c.width) for c in columns), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


def _workbook(plan: Plan, title: str, subtitle: str, columns: Sequence[Column],
              rows: list[dict[str, str]]) -> bytes:
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

    ws = wb.add_worksheet(SHEET)
    last = len(columns) - 1
    ws.merge_range(0, 0, 0, last, title, f_title)
    ws.set_row(0, 30)
    ws.merge_range(1, 0, 1, last, subtitle, f_sub)
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
            if col.header == "序号":
                ws.write_number(r, i, n, f_center)
            else:
                value = row.get(col.header, "")
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


def _subtitle(plan: Plan, what: str) -> str:
    doc = plan.document
    return (f"依据:{doc.title}({doc.doc_number},{doc.date_written_text})。{what}"
            "“完成情况”栏供填写。")


def unit_workbook(plan: Plan, unit: Unit) -> bytes:
    rows = unit_rows(plan, unit)
    tasks = plan.tasks_of(unit)
    counts = "、".join(
        f"{role.noun}{n}项" for role in (Role.LEAD, Role.COOPERATE, Role.RESPONSIBLE)
        if (n := len(plan.tasks_of(unit, role)))
    )
    n_req = len(rows) - len(tasks)
    what = f"本单位承担任务{len(tasks)}项" + (f"({counts})" if counts else "")
    what += f",另列所在方案“有关要求”中有时限的事项{n_req}项。" if n_req else "。"
    title = f"{unit.name} 工作任务清单台账 — {plan.document.doc_number}"
    return _workbook(plan, title, _subtitle(plan, what), UNIT_COLUMNS, rows)


def campaign_workbook(plan: Plan, campaign: Campaign, rows: list[dict[str, str]] | None = None) -> bytes:
    """``rows``: :func:`campaign_rows` of the campaign, if the caller has them already."""
    rows = campaign_rows(campaign) if rows is None else rows
    n_req = len(rows) - len(campaign.tasks)
    what = f"《{campaign.title}》共{len(campaign.tasks)}项任务"
    what += f",另列有时限的要求{n_req}项。" if n_req else "。"
    title = f"{campaign.short_title} 工作任务清单台账 — {plan.document.doc_number}"
    return _workbook(plan, title, _subtitle(plan, what), ALL_COLUMNS, rows)


def plan_workbook(plan: Plan, campaign_rows_by_id: dict[str, list[dict[str, str]]] | None = None) -> bytes:
    """``campaign_rows_by_id``: campaign id → :func:`campaign_rows`, if the caller has them already."""
    by_id = campaign_rows_by_id or {}
    rows = [r for c in plan.campaigns for r in (by_id[c.id] if c.id in by_id else campaign_rows(c))]
    n_tasks = len(plan.tasks)
    n_req = len(rows) - n_tasks
    what = f"{'、'.join(c.short_title for c in plan.campaigns)}共{n_tasks}项任务"
    what += f",另列有时限的要求{n_req}项。" if n_req else "。"
    title = f"全部任务 工作任务清单台账 — {plan.document.doc_number}"
    return _workbook(plan, title, _subtitle(plan, what), ALL_COLUMNS, rows)
