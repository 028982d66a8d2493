"""CSV tables of the plan (RFC 4180: CRLF line ends, quoted when needed; UTF-8 with a BOM so that
Excel shows the Chinese).

* ``data/tasks.csv``: one row per task.
* ``data/assignments.csv``: one row per task × unit × role × (sub-item or whole task), with the
  label the document used and whether the role is implicit (stated once for a whole campaign).
"""

from __future__ import annotations

import csv
import io

from ..model import ROLES, Plan
from .common import Entry, plain_units, task_entries

TASK_FIELDS = (
    "id", "code", "campaign", "campaign_title", "section", "section_title", "number", "title",
    "lead", "cooperate", "responsible", "deadlines", "text",
)
ASSIGNMENT_FIELDS = (
    "task_id", "code", "campaign", "task_number", "subitem", "unit_id", "unit_name", "role",
    "role_label", "label", "implicit", "note",
)


def _write(fields: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
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
