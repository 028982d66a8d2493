"""What concerns a unit: the one home of the rules every page and download applies.

Pages (the unit page, the units index, the matrix), the ICS feeds, the XLSX 台账, the CSV files and
``plan.json`` all ask these functions; none of them decides on its own.

The rules, as the 数据下载 page and the unit pages state them (:data:`RULES`):

* A unit **holds a task** when it is named in any role — on the task, on one of its sub-items, or
  implicitly through a note stated once for the whole campaign (碧水 task 1).
* A **task's own deadline** (not tied to a sub-item) concerns every unit that holds the task.
* A **sub-item's deadline** concerns the units named on that sub-item and the units named on the
  whole task (implicit ones included). If nobody is named for the sub-item nor for the whole task,
  it concerns every unit of the task (the document gives the work to nobody in particular).
  A unit named only in *other* sub-items is not concerned (区城管局 in 净土9(2) does not get 9(3)'s
  每季度 监督帮扶).
* In one **role** the same holds with the role: a duty line "牵头 净土9(仅分项(2))" shows the
  deadlines of 分项(2) and the task's own, not those of 分项(1), where the unit is 责任单位.
* The deadlines of a campaign's **有关要求 / 保障措施** (7月25日前 报送方案与台账, 每月28日前 报送进展 …)
  are addressed to all units (各镇(街道)、区直各有关单位): they concern every unit that holds a task
  in that campaign — except a deadline the document gives to named units (``units:``, e.g. 净土
  保障措施(三) 区攻坚办将每季度调度…), which concerns those units only.
* **Counting**: a unit's task count is the number of distinct tasks it holds; a task in which it
  holds two roles counts once in the total and once under each role (so the role counts may add up
  to more than the total, and pages say by how much).
* **Revisions** (:mod:`generator.data.revisions`): the units are the current ones (a later document may
  add or remove a unit from a role); a withdrawn task has no deadline due for anyone.

>>> RULES[0][:10]
'一个单位在某项任务中'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import urls
from generator.model.model import ROLES, Campaign, Deadline, Plan, Requirement, Revision, Role, Task, Unit

UID_DOMAIN = "huiji-plan"

Owner = Task | Requirement

RULES: tuple[str, ...] = (
    "一个单位在某项任务中被列为牵头、配合或责任单位(含在分项中列出的,以及原文以说明方式统一指定、"
    "未在各任务列出的),即承担该项任务。",
    "任务本身的时限,涉及承担该任务的每个单位。",
    "分项的时限,只涉及在该分项或整项任务中列出的单位;只在其他分项中列出的单位不涉及。"
    "若该分项和整项任务都没有列出单位,则涉及该任务的全部单位。",
    "各方案“有关要求/保障措施”中要求各单位落实的时限(如每月28日前报送进展),"
    "涉及在该方案中承担任务的每个单位;原文写明由某单位落实的(如“区攻坚办将每季度调度”),只涉及该单位。",
    "单位的任务数按不同任务计:同一任务中担任两种角色的,总数计1项,在两种角色下各计1项。",
    "后来的文件调整了任务的单位的,按调整后的单位;新增的单位只承担调整文件日期以后到期的时限;撤销的任务不再有到期的时限。",
)
"""The rules above in Chinese, shown on the 数据下载 page and on every unit page."""


# --- one deadline, with its owner ---------------------------------------------------------------
def owner_id(owner: Owner) -> str:
    """``lantian-12`` for a task, ``lantian-req4`` for a requirement."""
    return owner.id


def owner_page(owner: Owner) -> tuple[str, str | None]:
    """(page, anchor) where an owner is shown."""
    if isinstance(owner, Task):
        return urls.task_page(owner.id), None
    return urls.campaign_page(owner.campaign.id), urls.requirement_anchor(owner.number)


def owner_label(owner: Owner) -> str:
    """The code and title: ``蓝天12 开展低效失效治理设施排查整治``, ``蓝天·有关要求(四)加强信息报送``."""
    if isinstance(owner, Task):
        return f"{owner.code} {owner.title}"
    return f"{owner.code}{owner.title}"


def deadline_words(d: Deadline) -> str:
    """The deadline in words: ``2024年10月底前完成排查工作``."""
    return d.text if d.text.endswith(d.what) else f"{d.text}{d.what}"


@dataclass(frozen=True)
class Entry:
    """One deadline of a task or of a requirement, as every view and download names it."""

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
        return owner_id(self.owner)

    @property
    def id(self) -> str:
        """Stable id of the deadline: ``lantian-12-d1``, ``lantian-req4-d1`` (pages, plan.json)."""
        return f"{self.owner_id}-d{self.index}"

    @property
    def uid(self) -> str:
        """ICS UID: ``lantian-12-d1@huiji-plan`` — the same in every feed and every build."""
        return f"{self.id}@{UID_DOMAIN}"

    @property
    def code(self) -> str:
        """``蓝天12`` / ``净土9(2)`` / ``蓝天·有关要求(四)``."""
        if isinstance(self.owner, Task):
            return f"{self.owner.code}{self.deadline.subitem or ''}"
        return self.owner.code

    @property
    def words(self) -> str:
        return deadline_words(self.deadline)

    @property
    def summary(self) -> str:
        return f"[{self.code}] {self.owner.title} · {self.words}"

    def page(self) -> str:
        return owner_page(self.owner)[0]

    def anchor(self) -> str | None:
        """Where on :meth:`page` the owner is (a requirement's ``req-N``)."""
        return owner_page(self.owner)[1]

    def due_days(self, plan: Plan) -> list[dt.date]:
        """Due days within the plan: the date, or the recurrence expanded over the recurrence period."""
        d = self.deadline
        if d.date:
            return [d.date]
        if d.recurrence:
            doc = plan.document
            return d.recurrence.occurrences(doc.recurrence_start, doc.recurrence_end)
        return []


def task_entries(task: Task) -> list[Entry]:
    return [Entry(task.campaign, task, d, i) for i, d in enumerate(task.all_deadlines, 1)]


def requirement_entries(campaign: Campaign) -> list[Entry]:
    return [Entry(campaign, r, d, i) for r in campaign.requirements for i, d in enumerate(r.deadlines, 1)]


def campaign_entries(campaign: Campaign) -> list[Entry]:
    """The campaign's deadlines in force: its tasks' (a withdrawn task has none), then its
    requirements'."""
    tasks = [t for t in campaign.tasks if t.withdrawn is None]
    return [e for t in tasks for e in task_entries(t)] + requirement_entries(campaign)


def plan_entries(plan: Plan) -> list[Entry]:
    return [e for c in plan.campaigns for e in campaign_entries(c)]


# --- the rule -----------------------------------------------------------------------------------
def deadline_concerns(task: Task, deadline: Deadline, unit: Unit, role: Role | None = None) -> bool:
    """Does ``deadline`` (one of ``task``'s) concern ``unit`` (in ``role``, or in any role)?

    See the module docstring; the rule in Chinese is :data:`RULES`.
    """
    if task.withdrawn is not None:  # withdrawn by a later document: nothing is due any more
        return False
    mine = [a for a in task.assignments if a.unit.id == unit.id and (role is None or a.role == role)]
    if not mine:
        return False
    if deadline.subitem is None:
        return True
    if any(a.subitem in (None, deadline.subitem) for a in mine):
        return True
    # named only in other sub-items: concerned only if nobody is named for this one nor the task
    return not any(a.subitem in (None, deadline.subitem) for a in task.assignments)


def concerned_since(task: Task, unit: Unit, subitem: str | None = None) -> dt.date | None:
    """The date from which ``task``'s deadlines (of ``subitem``, or the task's own) concern ``unit``
    when only a later document gave it a role there — it owes nothing that fell due before that
    document; None when the original names it (on the task or on that sub-item)."""
    mine = [a for a in task.assignments if a.unit.id == unit.id and a.subitem in (None, subitem)]
    if not mine or any(a.revision is None for a in mine):
        return None
    return min(a.revision.date for a in mine if a.revision is not None)


def task_entries_for(task: Task, unit: Unit, role: Role | None = None) -> list[Entry]:
    """The deadlines of ``task`` that concern ``unit`` (in ``role``)."""
    return [e for e in task_entries(task) if deadline_concerns(task, e.deadline, unit, role)]


def requirement_entries_for(campaign: Campaign, unit: Unit, holds: bool | None = None) -> list[Entry]:
    """The deadlines of ``campaign``'s requirements that concern ``unit``: those the document gives
    to named units (``units``) if it is one of them; the others if it holds a task in the campaign
    (``holds``, when the caller knows it already)."""
    if not campaign.requirements:
        return []
    if holds is None:
        holds = any(t.roles_of(unit) for t in campaign.tasks)
    out = []
    for e in requirement_entries(campaign):
        named = e.deadline.units
        if (any(u.id == unit.id for u in named) if named else holds):
            out.append(e)
    return out


def unit_entries(plan: Plan, unit: Unit) -> list[Entry]:
    """Every deadline that concerns ``unit``, campaign by campaign in document order: its tasks'
    (by the rule), then the campaign's requirements' (:func:`requirement_entries_for`)."""
    out: list[Entry] = []
    held: dict[str, list[Task]] = {}
    for t in plan.tasks_of(unit):  # indexed: linear in the plan, not units × tasks
        held.setdefault(t.campaign.id, []).append(t)
    for c in plan.campaigns:
        for t in held.get(c.id, []):
            out += task_entries_for(t, unit)
        out += requirement_entries_for(c, unit, holds=c.id in held)
    return out


def unit_requirements(plan: Plan, unit: Unit) -> list[Requirement]:
    """Requirements with at least one deadline that concerns ``unit``, in document order."""
    out: list[Requirement] = []
    for c in plan.campaigns:
        for e in requirement_entries_for(c, unit):
            if isinstance(e.owner, Requirement) and e.owner not in out:
                out.append(e.owner)
    return out


# --- roles and counts ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Duty:
    """One task in which a unit holds a role (possibly only in some sub-items, or implicitly)."""

    task: Task
    role: Role
    subitems: tuple[str, ...]
    """Sub-item labels when the unit holds the role only there (empty: the whole task)."""
    implicit: bool
    note: str | None
    label: str
    entries: tuple[Entry, ...] = ()
    """The task's deadlines that concern the unit in this role (:func:`deadline_concerns`)."""
    added_by: Revision | None = None
    """The later document that gave the unit this role (the original does not)."""


def duty(task: Task, unit: Unit, role: Role) -> Duty | None:
    """``unit``'s duty in ``task`` in ``role``, or None if it holds no such role."""
    hits = [a for a in task.assignments if a.unit.id == unit.id and a.role == role]
    if not hits:
        return None
    whole = any(a.subitem is None for a in hits)
    subitems = () if whole else tuple(dict.fromkeys(a.subitem for a in hits if a.subitem))
    implicit = all(a.implicit for a in hits)
    note = next((a.note for a in hits if a.implicit and a.note), None)
    entries = tuple(task_entries_for(task, unit, role))
    added_by = hits[0].revision if all(a.revision is not None for a in hits) else None
    return Duty(task, role, subitems, implicit, note, hits[0].label, entries, added_by)


@dataclass(frozen=True)
class TaskCounts:
    """How many tasks a unit holds: distinct ``total``, per role, and how many are implicit."""

    total: int
    by_role: dict[Role, int]
    implicit: dict[Role, int]
    """Per role: tasks held in that role only implicitly."""
    multi: int = 0
    """Tasks held in more than one role (each counted under every role it holds)."""

    def text(self) -> str:
        """``共 33 项任务：牵头 10 项、配合 6 项、责任 19 项（其中 2 项任务担任两种以上角色，…）``."""
        roles = "、".join(f"{r.noun} {self.by_role[r]} 项" for r in ROLES if self.by_role[r])
        out = f"共 {self.total} 项任务" + (f"：{roles}" if roles else "")
        if self.multi:
            out += f"（其中 {self.multi} 项任务担任两种以上角色，在各角色下分别计入）"
        return out


def task_counts(plan: Plan, unit: Unit, campaign: Campaign | None = None) -> TaskCounts:
    """``unit``'s tasks (in ``campaign``, or in the whole plan), counted by :data:`RULES`."""
    tasks = [t for t in plan.tasks_of(unit) if campaign is None or t.campaign.id == campaign.id]
    by_role = {r: 0 for r in ROLES}
    implicit = {r: 0 for r in ROLES}
    multi = 0
    for t in tasks:
        roles = t.roles_of(unit)
        multi += len(roles) > 1
        for r in roles:
            by_role[r] += 1
            implicit[r] += t.is_implicit(unit, r)
    return TaskCounts(len(tasks), by_role, implicit, multi)
