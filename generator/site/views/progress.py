"""The 督办 pages and the reports' downloads: the overview, the files that change with the as-of date."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.lights import Light
from generator.data.status import ItemStatus, Status
from generator.exports import feeds, ics, progress_xlsx
from generator.exports.csv import items_csv, reports_csv
from generator.model import urls
from generator.model.model import (
    Plan,
    Unit,
)
from generator.site.views.units import (  # moved
    owed_period,
)

ATTENTION_LIMIT = 300
"""The 督办 page lists the 300 worst items (a page a phone can load); all are in the CSV."""


TASK_TIMELINE_LIMIT = 10
"""A task page lists its latest 10 reports (below the table of every unit's current light and reason)."""


TIMELINE_LIMIT = 20
"""A task or unit page lists the latest 20 reports in full (a unit reporting monthly on 30 tasks
sends 360 a year); all of them are in :data:`generator.model.urls.REPORTS_CSV`."""


@dataclass(frozen=True)
class ProgressOverview:
    """The 督办 page: the open items that need attention, and the units' lights."""

    items: list[ItemStatus]
    """Overdue, lagging and due-soon items, worst first, then by day."""
    counts: dict[Light, int]
    units: list[tuple[Unit, Light]]


def progress_overview(status: Status) -> ProgressOverview:
    items = status.needing_attention
    counts: dict[Light, int] = {}
    for i in status.all_items:
        counts[i.light] = counts.get(i.light, 0) + 1
    units = [(u, status.unit_light(u)) for u in status.plan.units if status.items(u)]
    return ProgressOverview(items, counts, units)


def progress_files(plan: Plan, status: Status, site_url: str | None = None) -> dict[str, bytes]:
    """The downloads that depend on the reports (built every time: they change with the as-of date):
    each unit's 进展报送表, the quarterly 调度 workbooks, the Atom feeds."""
    out: dict[str, bytes] = {}
    for u in plan.units:
        if status.items(u):
            out[urls.progress_template(u.id)] = progress_xlsx.template(plan, status, u)
            owed = owed_period(status, u)
            if owed:  # the month it still owes a report for: a late report belongs to that month
                out[urls.progress_template(u.id, owed)] = progress_xlsx.template(plan, status, u, owed)
    for q in status.quarters:
        out[urls.quarter_xlsx(q.key)] = progress_xlsx.quarter(plan, status, q)
    out.update(feeds.feeds(plan, status, site_url, TIMELINE_LIMIT))
    if status.has_data:
        out[urls.REPORTS_CSV] = reports_csv(status.reports_of_all(), status.demo)
        out[urls.ATTENTION_CSV] = items_csv(status.needing_attention, status.demo)
    if status.has_data:  # the units' calendars mark what they reported done
        events = ics.EventCache(plan)
        for u in plan.units:
            marks = ics_marks(status, u)
            if marks:
                out[urls.unit_ics(u.id)] = ics.unit_feed(plan, u, site_url, events, marks)
    return out


def ics_marks(status: Status, unit: Unit) -> dict[str, str]:
    """UID → 已完成 / 已销号 for ``unit``'s one-off deadlines whose item is done (a recurrence keeps
    its one repeating event: its occurrences' lights are on the pages)."""
    out: dict[str, str] = {}
    for i in status.items(unit):
        d = i.entry.deadline
        one_off = d.date is not None and d.recurrence is None and i.entry.index > 0
        if one_off and i.light in (Light.DONE, Light.CLOSED):
            out[i.entry.uid] = i.light.label
    return out
