"""Task pages: the units of each role, the document's role labels, a campaign's tasks by number."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.duties import (
    duty,
)
from generator.model.model import (
    Assignment,
    Campaign,
    Revision,
    Role,
    Task,
    Unit,
)


@dataclass(frozen=True)
class UnitEntry:
    unit: Unit
    subitems: tuple[str, ...]
    implicit: bool
    note: str | None
    added_by: Revision | None = None
    """The later document that added the unit to this role."""


def task_units(task: Task, role: Role) -> list[UnitEntry]:
    out: list[UnitEntry] = []
    for unit in task.units(role):
        d = duty(task, unit, role)
        assert d is not None
        out.append(UnitEntry(unit, d.subitems, d.implicit, d.note, d.added_by))
    return out


def subitem_units(assignments: list[Assignment], role: Role) -> list[Assignment]:
    return [a for a in assignments if a.role == role]


def role_label(assignments: list[Assignment], role: Role) -> str:
    """The label the document used for a role's line (责任部门 where it says so)."""
    return next((a.label for a in assignments if a.role == role and not a.implicit), role.label)


def task_by_number(campaign: Campaign, number: int) -> Task | None:
    return next((t for t in campaign.tasks if t.number == number), None)
