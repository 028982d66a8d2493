"""Workbooks of the supervision loop: a unit's 进展报送表 (to fill in) and the quarterly 调度 ranking.

The 进展报送表 is read back by :mod:`generator.editors.progress_import`; the two agree on its layout through
the constants here (:data:`SHEET`, :data:`META_SHEET`, :data:`COLUMNS`, :data:`FIRST_ROW`, the
header cells). It has no merged cells and no formulas (the importer refuses both), a drop-down of
the statuses in 完成状态, and every text from the data written as a string (never a formula).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import xlsxwriter

from generator.data.reports import STATUSES, parse_period, period_of, period_words
from generator.data.status import ItemStatus, Quarter, Status, percent
from generator.exports.common import build_timestamp
from generator.exports.memo import made
from generator.model.model import Plan, Task, Unit

FONT = "宋体"
SHEET = "进展报送"
META_SHEET = "说明"
FORMAT_VERSION = "huiji-progress-template/1"

UNIT_CELL = "B2"
PERIOD_CELL = "B3"
REPORTED_CELL = "B4"
HEADER_ROW = 6
"""0-based row of the column headers (row 7 in the sheet)."""
FIRST_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float
    fill: bool = False
    """Filled in by the unit (a yellow header)."""


COLUMNS: tuple[Col, ...] = (
    Col("n", "序号", 5),
    Col("item", "任务编号", 11),
    Col("deadline", "时限编号", 15),
    Col("title", "任务(事项)", 26),
    Col("role", "本单位角色", 9),
    Col("due_text", "时限", 22),
    Col("due", "应完成日期", 11),
    Col("now", "截至当前", 16),
    Col("status", "完成状态", 9, True),
    Col("progress", "进展情况", 30, True),
    Col("problems", "存在问题", 18, True),
    Col("next_steps", "下步计划", 18, True),
    Col("evidence", "佐证材料", 16, True),
    Col("value", "实测值", 9, True),
    Col("closed_on", "销号日期", 11, True),
    Col("closed_by", "销号单位", 10, True),
)
HEADERS = tuple(c.header for c in COLUMNS)
COLUMN_OF = {c.key: i for i, c in enumerate(COLUMNS)}


def col_letter(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def template_rows(plan: Plan, status: Status, unit: Unit, period: str | None = None) -> list[ItemStatus]:
    """The rows of ``unit``'s sheet for ``period`` (default: the as-of month): every open item of
    its duties — a recurrence once per open occurrence due by the period's end (each row names its
    应完成日期, so a late report completes that occurrence), or its next one if none is due yet —
    in the order of the unit page. The periodic 报送 duties are not rows: sending the sheet fulfils them."""
    span = parse_period(period or period_of(status.as_of))
    end = span[1] if span else status.as_of
    rows: list[ItemStatus] = []
    waiting: dict[str, ItemStatus] = {}
    covered: set[str] = set()
    for i in status.items(unit):
        if i.entry.deadline.reporting or not i.open:
            continue
        if i.entry.deadline.recurrence is None or (i.due is not None and i.due <= end):
            rows.append(i)
            covered.add(i.entry.id)
        elif i.entry.id not in waiting:
            waiting[i.entry.id] = i  # the next occurrence, if none is due by the period's end
    rows += [i for k, i in waiting.items() if k not in covered]
    order = {id(i): n for n, i in enumerate(status.items(unit))}
    return sorted(rows, key=lambda i: order[id(i)])


def _roles(task: object, unit: Unit) -> str:
    if isinstance(task, Task):
        return "、".join(r.noun for r in task.roles_of(unit))
    return "落实"


def _workbook(plan: Plan, buf: io.BytesIO, title: str) -> xlsxwriter.Workbook:
    """A workbook written to ``buf`` that never turns text into a formula or a link, stamped with the
    build time (same input, same bytes)."""
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties(
        {
            "title": title,
            "subject": plan.document.title,
            "keywords": plan.document.doc_number,
            "created": build_timestamp(plan).replace(tzinfo=None),
        }
    )
    return wb


def template(plan: Plan, status: Status, unit: Unit, period: str | None = None) -> bytes:
    """``unit``'s 进展报送表 for ``period`` (YYYY-MM; default: the as-of month)."""
    period = period or period_of(status.as_of)
    title = ("【示例数据】" if status.demo else "") + f"{unit.name} 进展报送表({period_words(period)})"
    rows: list[tuple[dict[str, object], bool]] = []
    for n, item in enumerate(template_rows(plan, status, unit, period), 1):
        e = item.entry
        has_target = isinstance(e.owner, Task) and any(t.numeric for t in e.owner.all_targets)
        rows.append(({
            "n": n,
            "item": f"{e.code}" if e.index else getattr(e.owner, "code", ""),
            "deadline": e.id if e.index else "",
            "title": e.owner.title,
            "role": _roles(e.owner, unit),
            "due_text": e.words if e.index else "原文未写明时限",
            "due": item.due,
            "now": f"{item.light.label}" if status.has_data else "尚无进展报送",
        }, has_target))
    doc = plan.document
    key = ("progress-template", doc.title, doc.doc_number, build_timestamp(plan), title, unit.id, unit.name,
           period, status.as_of, rows)
    return made(key, lambda: _write_template(plan, status.as_of, unit, period, title, rows))


def _write_template(plan: Plan, as_of: dt.date, unit: Unit, period: str, title: str,
                    rows: list[tuple[dict[str, object], bool]]) -> bytes:
    buf = io.BytesIO()
    wb = _workbook(plan, buf, title)
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top"}
    f_title = wb.add_format({**base, "font_size": 14, "bold": True})
    f_label = wb.add_format({**base, "bold": True})
    f_fill = wb.add_format({**base, "bg_color": "#FFF2CC", "border": 1})
    f_fill_date = wb.add_format({**base, "bg_color": "#FFF2CC", "border": 1, "num_format": "yyyy-mm-dd"})
    f_head = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#D9E1F2", "align": "center"})
    f_head_fill = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#FFE699", "align": "center"})
    f_cell = wb.add_format({**base, "border": 1})
    f_date = wb.add_format({**base, "border": 1, "num_format": "yyyy-mm-dd"})
    f_note = wb.add_format({**base, "font_size": 9, "font_color": "#444444"})
    f_na = wb.add_format({**base, "border": 1, "bg_color": "#EEEEEE"})

    ws = wb.add_worksheet(SHEET)
    ws.write_string(0, 0, title, f_title)
    ws.write_string(1, 0, "报送单位", f_label)
    ws.write_string(1, 1, unit.name, f_cell)
    ws.write_string(2, 0, "报送期", f_label)
    ws.write_string(2, 1, period, f_cell)
    ws.write_string(3, 0, "报送日期", f_label)
    ws.write_blank(3, 1, None, f_fill_date)
    ws.data_validation(
        REPORTED_CELL,
        {
            "validate": "date",
            "criteria": ">=",
            "value": dt.date(1990, 1, 1),
            "input_title": "报送日期",
            "input_message": "填写报送日期,如 2024-09-26",
        },
    )
    ws.write_string(4, 0, "填写说明", f_label)
    ws.write_string(
        4,
        1,
        "只填黄色各列;每行一项任务(时限)。完成状态从下拉列表选择;本期没有进展的行可以留空。"
        "“已销号”须填销号日期和销号单位。不要增删列、合并单元格或写公式;任务编号、时限编号两列不要修改。"
        f"截至当前一列为网站 {as_of.isoformat()} 的状态,仅供参考。",
        f_note,
    )
    ws.set_row(4, 42)
    for i, c in enumerate(COLUMNS):
        ws.set_column(i, i, c.width)
        ws.write_string(HEADER_ROW, i, c.header, f_head_fill if c.fill else f_head)
    for n, (values, has_target) in enumerate(rows, 1):
        r = HEADER_ROW + n
        for i, c in enumerate(COLUMNS):
            v = values.get(c.key)
            if c.key == "value" and not has_target:  # 实测值 only where a numeric target applies
                ws.write_blank(r, i, None, f_na)
            elif c.fill:
                fmt = f_fill_date if c.key == "closed_on" else f_fill
                ws.write_blank(r, i, None, fmt)
            elif isinstance(v, int):
                ws.write_number(r, i, v, f_cell)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, i, dt.datetime(v.year, v.month, v.day), f_date)
            elif v:
                ws.write_string(r, i, str(v), f_cell)
            else:
                ws.write_blank(r, i, None, f_cell)
    last = HEADER_ROW + max(len(rows), 1)
    s_col = col_letter(COLUMN_OF["status"])
    ws.data_validation(
        f"{s_col}{FIRST_ROW + 1}:{s_col}{last + 1}",
        {
            "validate": "list",
            "source": list(STATUSES),
            "error_title": "完成状态",
            "error_message": "请从下拉列表中选择:" + "、".join(STATUSES),
        },
    )
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)

    meta = wb.add_worksheet(META_SHEET)
    meta.set_column(0, 0, 14)
    meta.set_column(1, 1, 60)
    for r, (k, v) in enumerate(
        (
            ("格式", FORMAT_VERSION),
            ("单位标识", unit.id),
            ("单位", unit.name),
            ("报送期", period),
            ("文件", f"{plan.document.doc_number} {plan.document.title}"),
            ("生成日期", as_of.isoformat()),
            ("说明", "本工作表供导入程序核对,请勿修改。"),
        )
    ):
        meta.write_string(r, 0, k, f_label)
        meta.write_string(r, 1, v, f_cell)
    meta.hide()
    wb.close()
    return buf.getvalue()


QUARTER_HEADERS = (
    "名次",
    "单位",
    "应报送(次)",
    "按时报送",
    "逾期报送",
    "未报送",
    "按时报送率",
    "到期事项",
    "截至季末已完成",
    "完成率",
)


def quarter(plan: Plan, status: Status, q: Quarter) -> bytes:
    """The quarterly 调度 ranking as a workbook (A4 landscape, one sheet)."""
    buf = io.BytesIO()
    title = f"{q.label}各单位进展调度情况"
    wb = _workbook(plan, buf, title)
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top"}
    f_title = wb.add_format({**base, "font_size": 14, "bold": True})
    f_head = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#D9E1F2", "align": "center"})
    f_cell = wb.add_format({**base, "border": 1})
    f_num = wb.add_format({**base, "border": 1, "align": "right"})
    ws = wb.add_worksheet("调度排名")
    ws.write_string(0, 0, title, f_title)
    note = (
        f"{plan.document.doc_number}。统计截至 {q.cutoff.isoformat()}"
        + ("" if q.complete else "(本季度尚未结束)")
        + "。排名先按完成率、再按按时报送率。"
    )
    if status.demo:
        note = "【示例数据,不是真实报送】" + note
    ws.write_string(1, 0, note)
    widths = (6, 22, 10, 9, 9, 8, 11, 9, 13, 9)
    for i, (h, w) in enumerate(zip(QUARTER_HEADERS, widths, strict=True)):
        ws.set_column(i, i, w)
        ws.write_string(3, i, h, f_head)
    for n, r in enumerate(q.units, 4):
        cells: tuple[object, ...] = (
            r.rank if r.rank is not None else "不参加排名",
            r.unit.name,
            r.reports_due,
            r.reports_on_time,
            r.reports_late,
            r.reports_missing,
            percent(r.on_time_rate),
            r.items_due,
            r.items_done,
            percent(r.done_rate),
        )
        for i, v in enumerate(cells):
            if isinstance(v, int):
                ws.write_number(n, i, v, f_num)
            else:
                ws.write_string(n, i, str(v), f_cell if i == 1 else f_num)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(3)
    wb.close()
    return buf.getvalue()
