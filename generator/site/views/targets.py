"""The 指标 and 不规范之处 pages: every target and every flag, with where it stands."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import urls
from generator.model.model import (
    Campaign,
    Flag,
    Plan,
    Role,
    Target,
    Task,
    Unit,
    flags_about,
)


@dataclass(frozen=True)
class FlagRow:
    flag: Flag
    where: str
    page: str
    anchor: str | None


def all_flags(plan: Plan) -> list[FlagRow]:
    rows = [FlagRow(f, "文件", urls.SOURCE, None) for f in plan.document.flags]
    for c in plan.campaigns:
        rows += [FlagRow(f, c.short_title, urls.campaign_page(c.id), None) for f in c.flags]
        for t in c.tasks:
            rows += [FlagRow(f, f"{t.code} {t.title}", urls.task_page(t.id), None) for f in t.flags]
        for r in c.requirements:
            rows += [
                FlagRow(
                    f,
                    f"{c.short_title} {r.label}{r.title}",
                    urls.campaign_page(c.id),
                    urls.requirement_anchor(r.number),
                )
                for f in r.flags
            ]
    return rows


@dataclass(frozen=True)
class TargetRow:
    target: Target
    campaign: Campaign
    task: Task | None
    leads: list[Unit]
    flags: list[Flag]


def all_targets(plan: Plan) -> list[TargetRow]:
    rows: list[TargetRow] = []
    for c in plan.campaigns:
        rows += [TargetRow(t, c, None, [], flags_about(t, c.flags)) for t in c.targets]
        for task in c.tasks:
            for t in task.all_targets:
                leads = (
                    [a.unit for a in task.assignments if a.role == Role.LEAD and a.subitem == t.subitem]
                    if t.subitem
                    else []
                ) or task.units(Role.LEAD)
                rows.append(TargetRow(t, c, task, leads, flags_about(t, task.flags)))
    return rows
