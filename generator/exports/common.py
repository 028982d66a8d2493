"""What every export shares: timestamps, URLs, roles and units in words.

Which deadlines and tasks concern a unit is decided in :mod:`generator.model.duties` (one rule for the
pages and every download); the names are re-exported here for the exporters.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath

from generator.model.dates import CHINA_TZ
from generator.model.duties import (
    Entry,
    Owner,
    campaign_entries,
    deadline_words,
    plan_entries,
    requirement_entries,
    requirement_entries_for,
    task_entries,
    task_entries_for,
    unit_entries,
    unit_requirements,
)
from generator.model.model import ROLES, Plan, Role, Task, Unit

__all__ = [
    "Entry",
    "Owner",
    "build_timestamp",
    "campaign_entries",
    "deadline_words",
    "implicit_reason",
    "page_url",
    "plain_units",
    "plan_entries",
    "requirement_entries",
    "requirement_entries_for",
    "role_phrases",
    "role_text",
    "task_entries",
    "task_entries_for",
    "unit_entries",
    "unit_requirements",
    "units_text",
]



# --- timestamps ---------------------------------------------------------------------------------
def build_timestamp(plan: Plan) -> dt.datetime:
    """The one timestamp written into files (DTSTAMP, XLSX created): never "now".

    ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) if set, else the document's publication time.
    Returned in UTC.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    published = plan.document.published
    if published.tzinfo is None:
        published = published.replace(tzinfo=CHINA_TZ)
    return published.astimezone(dt.UTC)


# --- URLs ---------------------------------------------------------------------------------------
def page_url(page: str, site_url: str | None) -> str:
    """URL of a source page under ``use_directory_urls``: ``tasks/x.md`` → ``tasks/x/``.

    Absolute when ``site_url`` is given, else relative to the site root.
    """
    stem = page.removesuffix(".md")
    if posixpath.basename(stem) == "index":
        path = posixpath.dirname(stem)
        path = f"{path}/" if path else ""
    else:
        path = f"{stem}/"
    if site_url:
        return site_url.rstrip("/") + "/" + path
    return path


# --- roles in words -----------------------------------------------------------------------------
def implicit_reason(task: Task, unit: Unit, role: Role) -> str:
    """Why ``unit`` holds ``role`` in ``task`` without being listed: 依蓝天1的说明“…”."""
    iu = next((i for i in task.campaign.implicit_units if i.unit.id == unit.id and i.role == role), None)
    if iu is None:
        return "原文未在本任务列出"
    where = f"{task.campaign.short_name}{iu.stated_in_task}"
    note = (iu.note or "").strip().lstrip("〔[(").rstrip("〕])")
    return f"原文未在本任务列出,依{where}的说明“{note}”" if note else f"原文未在本任务列出,依{where}的说明"


def role_phrases(task: Task, unit: Unit, *, explain: bool = True) -> list[tuple[Role, str, bool]]:
    """The unit's roles in the task as office wording.

    E.g. ``(Role.RESPONSIBLE, "责任单位(分项(1);原文作“责任部门”)", False)``.
    The third item tells whether the role is implicit; ``explain`` says why (else just 未列出).
    """
    out: list[tuple[Role, str, bool]] = []
    for role in ROLES:
        hits = [a for a in task.assignments if a.unit.id == unit.id and a.role == role]
        if not hits:
            continue
        notes: list[str] = []
        subitems = [a.subitem for a in hits]
        if None not in subitems:
            notes.append("分项" + "、".join(dict.fromkeys(s for s in subitems if s)))
        labels = dict.fromkeys(a.label for a in hits if a.label != role.label)
        notes += [f"原文作“{label}”" for label in labels]
        implicit = task.is_implicit(unit, role)
        if implicit:
            notes.append(implicit_reason(task, unit, role) if explain else "未列出")
        out.append((role, role.label + (f"({';'.join(notes)})" if notes else ""), implicit))
    return out


def role_text(task: Task, unit: Unit, *, explain: bool = True) -> str:
    return "、".join(p for _, p, _ in role_phrases(task, unit, explain=explain))


def units_text(task: Task, role: Role, *, mark_scope: bool = True) -> str:
    """Units of a role joined with 、; sub-item-only units get (分项(1)), implicit ones (未列出)."""
    parts: list[str] = []
    for unit in task.units(role):
        hits = [a for a in task.assignments if a.unit.id == unit.id and a.role == role]
        notes: list[str] = []
        subitems = [a.subitem for a in hits]
        if mark_scope and None not in subitems:
            notes.append("分项" + "、".join(dict.fromkeys(s for s in subitems if s)))
        if mark_scope and task.is_implicit(unit, role):
            notes.append("未列出,依说明")
        parts.append(unit.name + (f"({';'.join(notes)})" if notes else ""))
    return "、".join(parts)


def plain_units(task: Task, role: Role) -> str:
    return "、".join(u.name for u in task.units(role))
