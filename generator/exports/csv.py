"""CSV tables of the plan (RFC 4180: CRLF line ends, quoted when needed; UTF-8 with a BOM so that
Excel shows the Chinese).

* ``data/tasks.csv``: one row per task.
* ``data/assignments.csv``: one row per task × unit × role × (sub-item or whole task), with the
  label the document used and whether the role is implicit (stated once for a whole campaign).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from generator.exports.common import Entry, plain_units, task_entries
from generator.model.model import ROLES, Plan

TASK_FIELD_NOTES: dict[str, str] = {
    "id": "任务标识,如 lantian-12(也是任务网页地址的一部分)",
    "code": "任务简称,如 蓝天12",
    "campaign": "所属方案标识:lantian 蓝天、bishui 碧水、jingtu 净土",
    "campaign_title": "所属方案的标题",
    "section": "所属小节的序号:(一)为 1,(二)为 2……",
    "section_title": "所属小节的标题",
    "number": "任务在本方案中的编号",
    "title": "任务名称(第一个句号前的文字)",
    "lead": "牵头单位,多个单位用“、”分隔",
    "cooperate": "配合单位,多个单位用“、”分隔",
    "responsible": "责任单位(含原文统一说明、未在本任务列出的),多个单位用“、”分隔",
    "deadlines": "全部时限,用“;”分隔;括号内是日期(如 2024-10-31)、周期(如 每月28日)或“无具体日期”",
    "text": "任务正文(任务名称之后的原文)",
}
"""Column → what it holds (shown on the 数据下载 page). The column order is :data:`TASK_FIELDS`."""
ASSIGNMENT_FIELD_NOTES: dict[str, str] = {
    "task_id": "任务标识,如 lantian-12",
    "code": "任务简称,如 蓝天12",
    "campaign": "所属方案标识",
    "task_number": "任务在本方案中的编号",
    "subitem": "分项编号,如 (1);单位负责整项任务时为空",
    "unit_id": "单位标识(也是单位网页地址的一部分)",
    "unit_name": "单位名称,与原文一致",
    "role": "角色代码:lead 牵头、cooperate 配合、responsible 责任",
    "role_label": "角色名称:牵头单位 / 配合单位 / 责任单位",
    "label": "原文单位行的写法,如 责任部门",
    "implicit": "true 表示原文未在本任务列出、由别处的说明统一指定",
    "note": "单位行末尾的括注(如有)",
}
"""Column → what it holds. The column order is :data:`ASSIGNMENT_FIELDS`."""
TASK_FIELDS = tuple(TASK_FIELD_NOTES)
ASSIGNMENT_FIELDS = tuple(ASSIGNMENT_FIELD_NOTES)


FORMULA_START = tuple("=+-@\t\r") + tuple("＝＋－＠")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection; full-width forms,
which some spreadsheet programs fold to ASCII, included)."""


def neutral(value: object) -> object:
    """A cell's text that no spreadsheet runs: a leading ``'`` before text that starts like a formula
    (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``), the OWASP CSV-injection guidance. Numbers unchanged.

    >>> neutral("=1+1"), neutral("-5 项"), neutral("蓝天12"), neutral(3)
    ("'=1+1", "'-5 项", '蓝天12', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _write(fields: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    w.writeheader()
    w.writerows({k: neutral(v) for k, v in row.items()} for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _deadline_text(e: Entry) -> str:
    d = e.deadline
    when = d.date.isoformat() if d.date else (d.recurrence.text if d.recurrence else "无具体日期")
    return f"{d.subitem or ''}{e.words}({when})"


def tasks_csv(plan: Plan) -> bytes:
    rows: list[dict[str, object]] = []
    for t in plan.tasks:
        rows.append({
            "id": t.id,
            "code": t.code,
            "campaign": t.campaign.id,
            "campaign_title": t.campaign.title,
            "section": t.section.number,
            "section_title": t.section.title,
            "number": t.number,
            "title": t.title,
            **{role.value: plain_units(t, role) for role in ROLES},
            "deadlines": ";".join(_deadline_text(e) for e in task_entries(t)),
            "text": t.text,
        })
    return _write(TASK_FIELDS, rows)


def assignments_csv(plan: Plan) -> bytes:
    rows: list[dict[str, object]] = []
    for t in plan.tasks:
        for a in t.assignments:
            rows.append({
                "task_id": t.id,
                "code": t.code,
                "campaign": t.campaign.id,
                "task_number": t.number,
                "subitem": a.subitem or "",
                "unit_id": a.unit.id,
                "unit_name": a.unit.name,
                "role": a.role.value,
                "role_label": a.role.label,
                "label": a.label,
                "implicit": "true" if a.implicit else "false",
                "note": a.note or "",
            })
    return _write(ASSIGNMENT_FIELDS, rows)


DEMO = "示例数据(编造,不是真实报送)"

REPORT_FIELDS = (
    "数据",
    "单位", "报送期", "报送日期", "任务编号", "时限编号", "完成状态", "进展情况", "存在问题", "下步计划",
    "佐证材料", "实测值", "销号日期", "销号单位",
)


def reports_csv(reports: list[Any], demo: bool = False) -> bytes:
    """Every progress report (:class:`generator.data.reports.Report`), one row each, in the given order;
    the first column says 示例数据 for demonstration data."""
    rows = [
        {
            "数据": DEMO if demo else "进展报送",
            "单位": r.unit.name,
            "报送期": r.period,
            "报送日期": r.reported.isoformat(),
            "任务编号": r.item.code,
            "时限编号": r.entry.id if r.entry else "",
            "完成状态": r.status,
            "进展情况": r.progress or "",
            "存在问题": r.problems or "",
            "下步计划": r.next_steps or "",
            "佐证材料": r.evidence or "",
            "实测值": "" if r.value is None else r.value,
            "销号日期": r.closed_on.isoformat() if r.closed_on else "",
            "销号单位": r.closed_by.name if r.closed_by else "",
        }
        for r in reports
    ]
    return _write(REPORT_FIELDS, rows)


ITEM_FIELDS = (
    "数据", "状态", "单位", "方案", "事项编号", "事项", "时限编号", "应完成日期", "要完成的事", "说明",
)


def items_csv(items: list[Any], demo: bool = False) -> bytes:
    """Items with their light (:class:`generator.data.status.ItemStatus`), one row each, in order."""
    rows = [
        {
            "数据": DEMO if demo else "进展报送",
            "状态": i.light.label,
            "单位": i.unit.name,
            "方案": i.entry.campaign.short_title,
            "事项编号": i.entry.code,
            "事项": i.owner.title,
            "时限编号": i.entry.id if i.entry.index else "",
            "应完成日期": i.due.isoformat() if i.due else "",
            "要完成的事": i.entry.deadline.what,
            "说明": i.reason,
        }
        for i in items
    ]
    return _write(ITEM_FIELDS, rows)
