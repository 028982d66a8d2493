"""What every export shares: which deadlines and tasks concern a unit, UIDs, labels, timestamps, URLs.

Selection rules (documented on the 数据下载 page through :func:`generator.exports.describe_exports`):

* A **unit** is concerned by every task in which it holds any role (implicit roles included). Of
  such a task it gets every deadline, except a sub-item's deadline when the unit holds roles only
  in *other* sub-items (a unit named only in 分项(2) does not get 分项(1)'s 7月底前).
* A campaign's **有关要求/保障措施** deadlines (e.g. 蓝天 (四) 各单位每月28日前报送) are addressed to
  all units (各单位 / 区直各有关单位), so they go to every unit that holds a role in that campaign.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from .. import urls
from ..model import ROLES, Campaign, Deadline, Plan, Requirement, Role, Task, Unit

UID_DOMAIN = "huiji-plan"
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
"""``document.published`` is a local (Beijing) time as the publishing site shows it."""


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


def file_url(path: str, site_url: str | None) -> str:
    return site_url.rstrip("/") + "/" + path if site_url else path


# --- owners and deadlines -----------------------------------------------------------------------
Owner = Task | Requirement


def requirements_heading(campaign: Campaign) -> str:
    """The heading the campaign uses for its closing part: 有关要求 / 保障措施."""
    part = campaign.part("requirements")
    return part.heading if part else "有关要求"


@dataclass(frozen=True)
class Entry:
    """One deadline of a task or a requirement, with everything the exports say about it."""

    campaign: Campaign
    owner: Owner
    deadline: Deadline
    index: int
    """1-based position among the owner's deadlines (task: :attr:`Task.all_deadlines`)."""

    @property
    def is_requirement(self) -> bool:
        return isinstance(self.owner, Requirement)

    @property
    def owner_id(self) -> str:
        if isinstance(self.owner, Task):
            return self.owner.id
        return f"{self.campaign.id}-req{self.owner.number}"

    @property
    def uid(self) -> str:
        """Stable and feed-independent: ``lantian-12-d1@huiji-plan``, ``lantian-req4-d1@huiji-plan``."""
        return f"{self.owner_id}-d{self.index}@{UID_DOMAIN}"

    @property
    def code(self) -> str:
        """``蓝天12`` / ``碧水2(1)`` / ``蓝天·有关要求(四)``."""
        if isinstance(self.owner, Task):
            return f"{self.owner.code}{self.deadline.subitem or ''}"
        return f"{self.campaign.short_name}·{requirements_heading(self.campaign)}{self.owner.label}"

    @property
    def words(self) -> str:
        """The deadline in words: ``2024年10月底前完成排查``."""
        return deadline_words(self.deadline)

    @property
    def summary(self) -> str:
        return f"[{self.code}] {self.owner.title} · {self.words}"

    def page(self) -> str:
        if isinstance(self.owner, Task):
            return urls.task_page(self.owner.id)
        return urls.campaign_page(self.campaign.id)

    def due_days(self, plan: Plan) -> list[dt.date]:
        """Due days within the plan: the date, or the recurrence expanded over the recurrence period."""
        d = self.deadline
        if d.date:
            return [d.date]
        if d.recurrence:
            doc = plan.document
            return d.recurrence.occurrences(doc.recurrence_start, doc.recurrence_end)
        return []


def deadline_words(d: Deadline) -> str:
    return d.text if d.text.endswith(d.what) else f"{d.text}{d.what}"


def task_entries(task: Task) -> list[Entry]:
    return [Entry(task.campaign, task, d, i) for i, d in enumerate(task.all_deadlines, 1)]


def requirement_entries(campaign: Campaign) -> list[Entry]:
    return [Entry(campaign, r, d, i) for r in campaign.requirements for i, d in enumerate(r.deadlines, 1)]


def campaign_entries(campaign: Campaign) -> list[Entry]:
    return [e for t in campaign.tasks for e in task_entries(t)] + requirement_entries(campaign)


def plan_entries(plan: Plan) -> list[Entry]:
    return [e for c in plan.campaigns for e in campaign_entries(c)]


def concerns(task: Task, unit: Unit, deadline: Deadline) -> bool:
    """Is ``deadline`` (one of ``task``'s) the business of ``unit``? See the module docstring."""
    mine = [a for a in task.assignments if a.unit.id == unit.id]
    if not mine:
        return False
    if deadline.subitem is None or any(a.subitem in (None, deadline.subitem) for a in mine):
        return True
    # The unit is named only in other sub-items; it is concerned only if nobody is named for this one.
    return not any(a.subitem in (None, deadline.subitem) for a in task.assignments)


def unit_campaigns(plan: Plan, unit: Unit) -> list[Campaign]:
    ids = {t.campaign.id for t in plan.tasks_of(unit)}
    return [c for c in plan.campaigns if c.id in ids]


def unit_entries(plan: Plan, unit: Unit) -> list[Entry]:
    out: list[Entry] = []
    for c in unit_campaigns(plan, unit):
        for t in c.tasks:
            if t.roles_of(unit):
                out += [e for e in task_entries(t) if concerns(t, unit, e.deadline)]
        out += requirement_entries(c)
    return out


def unit_requirements(plan: Plan, unit: Unit) -> list[tuple[Campaign, Requirement]]:
    """Requirements with deadlines that reach ``unit`` (those of campaigns it has tasks in)."""
    return [(c, r) for c in unit_campaigns(plan, unit) for r in c.requirements if r.deadlines]


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


def deadline_cell(entries: Iterable[Entry]) -> str:
    """时限要求 cell: one line per deadline, ``(1)7月底前完成分项一``."""
    return "\n".join(f"{e.deadline.subitem or ''}{e.words}" for e in entries)
