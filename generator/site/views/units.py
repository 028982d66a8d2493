"""Unit pages: a unit's counts, duties by campaign and role, due days, the report it still owes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.data.lights import Light
from generator.data.status import Status
from generator.model.duties import (
    Duty,
    Entry,
    TaskCounts,
    duty,
)
from generator.model.model import (
    ROLES,
    Plan,
    Role,
    Task,
    Unit,
)


@dataclass(frozen=True)
class UnitCounts:
    """A unit's task counts (:func:`generator.model.duties.task_counts`): the whole plan and per campaign."""

    total: TaskCounts
    by_campaign: dict[str, TaskCounts]


@dataclass(frozen=True)
class UnitDuties:
    """A unit page's duties, worked out once in Python (the template only loops over them)."""

    by_campaign: dict[str, dict[Role, list[Duty]]]
    """Campaign id → role → duties, tasks in the campaign's order (campaigns without any: absent)."""
    rows: list[tuple[Task, list[tuple[Role, Duty | None]]]]
    """The unit's tasks (``plan.tasks_of(unit)`` order), each with (role, its duty) per role of
    ``ROLES``."""


def unit_duties(plan: Plan, unit: Unit) -> UnitDuties:
    tasks = plan.tasks_of(unit)
    found = {(t.id, role): duty(t, unit, role) for t in tasks for role in ROLES}
    mine = {t.id for t in tasks}
    by_campaign: dict[str, dict[Role, list[Duty]]] = {}
    for c in plan.campaigns:
        if not any(t.id in mine for t in c.tasks):
            continue
        by_campaign[c.id] = {
            role: [d for t in c.tasks if t.id in mine and (d := found[(t.id, role)]) is not None]
            for role in ROLES
        }
    rows = [(t, [(role, found[(t.id, role)]) for role in ROLES]) for t in tasks]
    return UnitDuties(by_campaign, rows)


@dataclass(frozen=True)
class UnitOccurrence:
    """One due day of a deadline that concerns a unit (a recurrence gives one per due day)."""

    date: dt.date
    entry: Entry


def unit_occurrences(plan: Plan, entries: list[Entry]) -> list[UnitOccurrence]:
    """The dated due days of ``entries`` (recurrences expanded), by date then document order."""
    out = [(day, i, e) for i, e in enumerate(entries) for day in e.due_days(plan)]
    return [UnitOccurrence(day, e) for day, _, e in sorted(out, key=lambda x: (x[0], x[1]))]


def owed_period(status: Status, unit: Unit) -> str | None:
    """The latest past month (before the as-of month) whose periodic report ``unit`` has not sent."""
    this = status.as_of.isoformat()[:7]
    owed = [
        i.due.isoformat()[:7]
        for i in status.items(unit)
        if i.entry.deadline.reporting and i.light is Light.OVERDUE and i.due and i.due.isoformat()[:7] < this
    ]
    return max(owed) if owed else None
