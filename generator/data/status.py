"""Status lights (红黄绿灯) as of a date: the one home of "what is done, what is late, what is due".

Every page, download and feed that shows a status asks :class:`Status`; none decides on its own.
The rules, as the 计算方法 page states them (:func:`rules`, generated from this module):

* An **item** is one deadline occurrence of one unit: each deadline that concerns the unit
  (:func:`generator.model.duties.unit_entries`), once per due day — a dated deadline once, a recurrence
  once per expansion (每月28日 → every 28th of the recurrence period), an undated deadline once;
  a task the unit holds in which no deadline concerns it is one undated item (:func:`duty_entries`).
* A collective name (各镇(街道)) is not a unit: it has no items (nobody reports for it).
* A unit's **report applies** to an item when it is about the same task (or requirement): the whole
  task, the deadline's sub-item, or that very deadline (:meth:`generator.data.reports.Report.applies_to`);
  for a recurrence, a report naming the occurrence (``due:``), else only reports of the occurrence's
  own period (the month of a 每月 deadline, the quarter of a 每季度 one …). Reports are ordered by
  period, then date sent (:func:`_report_order`); the latest one sent by the as-of date decides.
* A **reporting duty** (a requirement deadline marked ``reporting: true``: 每月28日前报送进展) is done
  when the unit has sent its report file for that period, covering that campaign; on time when sent
  by the due day.
* The **light** of an item, first rule that matches (:meth:`Status._item`):
  已销号 (green) — a 已销号 applies (for a recurrence: that period or a later one);
  已完成 (green) — the latest report says 已完成;
  逾期 (red) — past its day and not done (a 暂缓 too);
  暂缓 (grey) — the latest report says 暂缓;
  滞后 (yellow) — the latest report says 滞后 (even when the day is near);
  临期 (blue) — due within :attr:`Settings.due_soon_days` days (today included);
  滞后 (yellow) — the campaign asks for periodic reports and the unit's last one due is missing;
  按期推进 (green) — dated and not yet due, or undated with a 推进中 within :attr:`Settings.stale_days`;
  无时限 (grey) — undated otherwise: an undated deadline never turns red.
* With **no report at all** in the data (the real plan: none are public), no light is computed:
  every item says 尚无进展报送.
* **Roll-ups**: a task's light is the worst light of its items (every unit, every occurrence);
  a unit's and a campaign's the worst of theirs; counts are of tasks by their light.

>>> [l.label for l in sorted(Light, key=lambda l: -l.rank)][:3]
['逾期', '滞后', '临期']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from generator.data.lights import (
    LIGHT_ORDER,
    Light,
    Settings,
    worst,
)
from generator.data.rating import rating
from generator.data.reports import (
    Actual,
    Progress,
    Report,
    ReportFile,
    period_of,
    period_words,
)
from generator.model.dates import Recurrence, cn_date
from generator.model.duties import Entry, concerned_since, requirement_entries_for, task_entries_for
from generator.model.model import Campaign, Deadline, Plan, Requirement, Target, Task, Unit


# --- items ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemStatus:
    """One deadline occurrence of one unit, with its light and why."""

    unit: Unit
    entry: Entry
    due: dt.date | None
    light: Light
    reason: str
    report: Report | None = None
    """The report that decided (None: none applies)."""
    sent: ReportFile | None = None
    """A reporting duty: the report file that fulfils it."""

    @property
    def owner(self) -> Task | Requirement:
        return self.entry.owner

    @property
    def id(self) -> str:
        """``qu-chengguanju:lantian-12-d1:2024-10-31`` (unique per unit, deadline and day)."""
        return f"{self.unit.id}:{self.entry.id}:{self.due.isoformat() if self.due else 'undated'}"

    @property
    def open(self) -> bool:
        return self.light not in (Light.DONE, Light.CLOSED)


def _report_order(r: Report) -> tuple[str, dt.date, bool, int]:
    """Reports in the order they speak: by period, then date sent; in one file a report on one
    deadline after one on the whole task (the more precise one decides)."""
    return (r.period, r.reported, r.entry is not None, r.order)


def _window(rec: Recurrence, day: dt.date) -> tuple[str, str]:
    """The periods (YYYY-MM, first and last) a recurrence's occurrence on ``day`` covers."""
    if rec.freq == "monthly":
        months = 1
    elif rec.freq == "quarterly":
        months = 3
    elif rec.freq == "semiannual":
        months = 6
    else:
        months = 12
    first_month = ((day.month - 1) // months) * months + 1
    last_month = first_month + months - 1
    return f"{day.year:04d}-{first_month:02d}", f"{day.year:04d}-{last_month:02d}"


def _d(d: dt.date) -> str:
    return cn_date(d)


@dataclass(frozen=True)
class Counts:
    """Tasks (or items) by light."""

    by_light: dict[Light, int]

    @property
    def total(self) -> int:
        return sum(self.by_light.values())

    def get(self, light: Light) -> int:
        return self.by_light.get(light, 0)

    def rows(self) -> list[tuple[Light, int]]:
        return [(light, self.by_light[light]) for light in LIGHT_ORDER if self.by_light.get(light)]


@dataclass(frozen=True)
class Todo:
    """我的待办: what a unit owes as of the date."""

    overdue: list[ItemStatus]
    soon: list[ItemStatus]
    """Open items due from today to :attr:`Settings.todo_days` days ahead."""
    missing: list[ItemStatus]
    """Reporting duties of the current period not yet sent (due or not)."""
    lagging: list[ItemStatus]


@dataclass(frozen=True)
class UnitQuarter:
    """One unit in one quarter's 调度 report."""

    unit: Unit
    reports_due: int
    reports_on_time: int
    reports_late: int
    reports_missing: int
    items_due: int
    items_done: int
    rank: int | None = None

    @property
    def on_time_rate(self) -> float | None:
        return self.reports_on_time / self.reports_due if self.reports_due else None

    @property
    def done_rate(self) -> float | None:
        return self.items_done / self.items_due if self.items_due else None

    @property
    def ranked(self) -> bool:
        return bool(self.reports_due or self.items_due)


@dataclass(frozen=True)
class Quarter:
    year: int
    q: int
    start: dt.date
    end: dt.date
    cutoff: dt.date
    """The as-of date of this report: the quarter's last day, or the as-of date if earlier."""
    units: list[UnitQuarter] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``2024-Q3`` (its page and file name)."""
        return f"{self.year}-Q{self.q}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.q - 1]}季度"

    @property
    def complete(self) -> bool:
        return self.cutoff == self.end


def percent(rate: float | None) -> str:
    """0.8333 → 83.3%; None → —."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}".removesuffix(".0")
    return f"{text}%"


class Status:
    """Every item's light as of :attr:`as_of`, and the roll-ups. Built once per site."""

    def __init__(
        self, plan: Plan, progress: Progress | None, as_of: dt.date, settings: Settings | None = None
    ):
        self.plan = plan
        self.progress = progress or Progress()
        self.as_of = as_of
        self.settings = settings or Settings()
        self.has_data = bool(self.progress.files)
        reports = [r for r in self.progress.reports if r.reported <= as_of]
        self._reports: dict[tuple[str, int], list[Report]] = {}
        for r in sorted(reports, key=_report_order):
            self._reports.setdefault((r.unit.id, id(r.item.owner)), []).append(r)
        self._files: dict[str, list[ReportFile]] = {}
        for f in self.progress.files:
            if f.reported <= as_of:
                self._files.setdefault(f.unit.id, []).append(f)

    @property
    def demo(self) -> bool:
        return self.progress.demo

    # --- items -------------------------------------------------------------------------------
    @cached_property
    def _by_unit(self) -> dict[str, list[ItemStatus]]:
        out: dict[str, list[ItemStatus]] = {}
        for u in self.plan.units:
            # a collective name (各镇(街道)) is not a unit: nobody reports for it, so it has no items
            out[u.id] = [] if u.collective else self._unit_items(u)
        return out

    def items(self, unit: Unit) -> list[ItemStatus]:
        """Every item of ``unit``, in :func:`generator.model.duties.unit_entries` order then by day."""
        return self._by_unit.get(unit.id, [])

    @cached_property
    def all_items(self) -> list[ItemStatus]:
        return [i for u in self.plan.units for i in self.items(u)]

    @cached_property
    def needing_attention(self) -> list[ItemStatus]:
        """Overdue, lagging and due-soon items, worst first, then by day (the 督办 page and its CSV)."""
        items = [i for i in self.all_items if i.light in (Light.OVERDUE, Light.LAGGING, Light.DUE_SOON)]
        return sorted(items, key=lambda i: (-i.light.rank, i.due or dt.date.max, i.unit.order, i.entry.index))

    @cached_property
    def _by_owner(self) -> dict[int, list[ItemStatus]]:
        out: dict[int, list[ItemStatus]] = {}
        for i in self.all_items:
            out.setdefault(id(i.owner), []).append(i)
        return out

    def owner_items(self, owner: Task | Requirement) -> list[ItemStatus]:
        """Every item of a task (or requirement): every unit, every occurrence — by day, then unit."""
        items = self._by_owner.get(id(owner), [])
        return sorted(items, key=lambda i: (i.due or dt.date.max, i.entry.index, i.unit.order))

    @cached_property
    def _by_occurrence(self) -> dict[tuple[int, int, dt.date | None], list[ItemStatus]]:
        out: dict[tuple[int, int, dt.date | None], list[ItemStatus]] = {}
        for i in self.all_items:
            out.setdefault((id(i.owner), id(i.entry.deadline), i.due), []).append(i)
        return out

    def occurrence_light(self, owner: Task | Requirement, deadline: Deadline, day: dt.date | None) -> Light:
        """One due day of one deadline (the calendar, the 时限 page): the worst light of every unit's item."""
        return self.light_of(self._by_occurrence.get((id(owner), id(deadline), day), []))

    def unit_task_light(self, unit: Unit, owner: Task | Requirement) -> Light:
        """``unit``'s own light on one task: the worst of its items there."""
        return self.light_of(i for i in self.items(unit) if i.owner is owner)

    def actuals(self, target: Target) -> list[Actual]:
        """Measured values of ``target`` (periods up to the as-of date), oldest first."""
        return [a for a in self.progress.actuals_of(target) if a.period <= period_of(self.as_of)]

    def series(self, target: Target) -> list[tuple[str, float | int]]:
        """A numeric target's values as (period, value), oldest first, for a chart (empty otherwise)."""
        values = self.actuals(target)
        if not target.numeric or any(isinstance(a.value, str) for a in values):
            return []
        return [(a.period, a.value) for a in values if not isinstance(a.value, str)]

    def rating(self, target: Target) -> str:
        values = self.actuals(target)
        return rating(target, values[-1].value if values else None)

    def reports_about(self, owner: Task | Requirement) -> list[Report]:
        """Every report on ``owner`` sent by the as-of date, newest first."""
        return list(reversed(self._reports_by_owner.get(id(owner), [])))

    @cached_property
    def _reports_by_owner(self) -> dict[int, list[Report]]:
        out: dict[int, list[Report]] = {}
        for r in sorted((r for rs in self._reports.values() for r in rs), key=_report_order):
            out.setdefault(id(r.item.owner), []).append(r)
        return out

    @cached_property
    def _reports_by_unit(self) -> dict[str, list[Report]]:
        out: dict[str, list[Report]] = {}
        for r in sorted((r for rs in self._reports.values() for r in rs), key=_report_order):
            out.setdefault(r.unit.id, []).append(r)
        return out

    def reports_of_all(self) -> list[Report]:
        """Every report sent by the as-of date, newest first."""
        out = [r for rs in self._reports.values() for r in rs]
        return sorted(out, key=_report_order, reverse=True)

    def reports_of(self, unit: Unit) -> list[Report]:
        """Every report ``unit`` sent by the as-of date, newest first."""
        return list(reversed(self._reports_by_unit.get(unit.id, [])))

    def files_of(self, unit: Unit) -> list[ReportFile]:
        return list(self._files.get(unit.id, []))

    def _unit_items(self, unit: Unit) -> list[ItemStatus]:
        entries = duty_entries(self.plan, unit)
        out: list[ItemStatus] = []
        reporting = [e for e in entries if e.deadline.reporting]
        missed = self._missed_reports(unit, reporting)
        for e in entries:
            days: Sequence[dt.date | None] = e.due_days(self.plan) or [None]
            since = concerned_since(e.owner, unit, e.deadline.subitem) if isinstance(e.owner, Task) else None
            if since is not None:  # added by a later document: nothing due before it is owed
                days = [d for d in days if d is None or d >= since]
            for day in days:
                out.append(self._item(unit, e, day, missed.get(e.campaign.id)))
        return out

    def _missed_reports(self, unit: Unit, reporting: list[Entry]) -> dict[str, tuple[Entry, dt.date]]:
        """Per campaign: the unit's last reporting duty already past the as-of date, if not sent."""
        if not self.has_data:
            return {}
        last: dict[str, tuple[Entry, dt.date]] = {}
        for e in reporting:
            for day in e.due_days(self.plan):
                prev = last.get(e.campaign.id)
                if day < self.as_of and (prev is None or day > prev[1]):
                    last[e.campaign.id] = (e, day)
        return {c: x for c, x in last.items() if not self._sent(unit, x[0], x[1])}

    def _sent(self, unit: Unit, entry: Entry, day: dt.date) -> ReportFile | None:
        rec = entry.deadline.recurrence
        first, last = _window(rec, day) if rec else (period_of(day), period_of(day))
        for f in self._files.get(unit.id, []):
            if first <= f.period <= last and (
                entry.campaign.id in f.campaign_ids or any(r.item.owner is entry.owner for r in f.reports)
            ):
                return f
        return None

    def _item(
        self, unit: Unit, e: Entry, day: dt.date | None, missed: tuple[Entry, dt.date] | None
    ) -> ItemStatus:
        """One item's light: the rules of the module docstring, in their order."""
        if not self.has_data:
            return ItemStatus(unit, e, day, Light.NO_DATA, "尚无进展报送")
        if e.deadline.reporting and day is not None:
            sent = self._sent(unit, e, day)
            if sent is not None:
                late = (sent.reported - day).days
                how = f"，逾期 {late} 天" if late > 0 else "，按时"
                return ItemStatus(unit, e, day, Light.DONE, f"已于{_d(sent.reported)}报送{how}", sent=sent)
            return self._by_date(unit, e, day, None, f"{period_words(period_of(day))}进展尚未报送")
        reports = [r for r in self._reports.get((unit.id, id(e.owner)), []) if r.applies_to(e)]
        rec = e.deadline.recurrence
        if rec is not None and day is not None:
            first, last = _window(rec, day)
            # a report names its occurrence (due:), or speaks for its own period; 销号 also closes
            # the occurrences before it
            closed = next(
                (
                    r
                    for r in reports
                    if r.status == "已销号" and (r.due == day if r.due else r.period >= first)
                ),
                None,
            )
            reports = [r for r in reports if (r.due == day if r.due else first <= r.period <= last)]
        else:
            closed = next((r for r in reports if r.status == "已销号"), None)
        if closed is not None:
            by = closed.closed_by.name if closed.closed_by else ""
            return ItemStatus(
                unit, e, day, Light.CLOSED, f"已于{_d(closed.closed_on or closed.reported)}由{by}销号", closed
            )
        latest = reports[-1] if reports else None
        said = f"{_d(latest.reported)}报送“{latest.status}”" if latest else ""
        if latest is not None and latest.status == "已完成":
            return ItemStatus(unit, e, day, Light.DONE, said, latest)
        overdue = day is not None and day < self.as_of
        if latest is not None and latest.status == "暂缓" and not overdue:
            why = f"：{latest.problems}" if latest.problems else ""
            return ItemStatus(unit, e, day, Light.PAUSED, said + why, latest)
        if day is not None and (overdue or latest is None or latest.status != "滞后"):
            item = self._by_date(unit, e, day, latest, said or "尚未报送进展")
            if item.light is not Light.ON_TRACK:
                return item  # 逾期 (暂缓 or not), or 临期 unless the unit itself reported 滞后
        if latest is not None and latest.status == "滞后":
            return ItemStatus(unit, e, day, Light.LAGGING, said + ("" if day else "（无具体时限）"), latest)
        if missed is not None:
            return ItemStatus(unit, e, day, Light.LAGGING, _missed_words(missed), latest)
        if day is not None:
            return ItemStatus(
                unit, e, day, Light.ON_TRACK, f"时限{_d(day)}未到；{said or '尚未报送进展'}", latest
            )
        stale = latest is not None and (self.as_of - latest.reported).days > self.settings.stale_days
        if latest is not None and latest.status == "推进中" and not stale:
            return ItemStatus(unit, e, day, Light.ON_TRACK, f"{said}（无具体时限）", latest)
        if stale and latest is not None:
            return ItemStatus(
                unit,
                e,
                day,
                Light.UNDATED,
                f"原文未规定具体时限；最近一次报送（{_d(latest.reported)}）"
                f"已超过 {self.settings.stale_days} 天",
                latest,
            )  # type: ignore[union-attr]
        return ItemStatus(
            unit,
            e,
            day,
            Light.UNDATED,
            "原文未规定具体时限" + (f"；{said}" if said else "，尚未报送进展"),
            latest,
        )

    def _by_date(self, unit: Unit, e: Entry, day: dt.date, latest: Report | None, said: str) -> ItemStatus:
        left = (day - self.as_of).days
        if left < 0:
            return ItemStatus(unit, e, day, Light.OVERDUE, f"时限{_d(day)}已过 {-left} 天；{said}", latest)
        if left <= self.settings.due_soon_days:
            when = "今天到期" if left == 0 else f"{left} 天后到期（{_d(day)}）"
            return ItemStatus(unit, e, day, Light.DUE_SOON, f"{when}；{said}", latest)
        return ItemStatus(unit, e, day, Light.ON_TRACK, f"时限{_d(day)}未到；{said}", latest)

    # --- roll-ups ----------------------------------------------------------------------------
    def light_of(self, items: Iterable[ItemStatus]) -> Light:
        """The worst light of ``items`` (尚无进展报送 without data; 无时限 when there are none)."""
        if not self.has_data:
            return Light.NO_DATA
        return worst(i.light for i in items) or Light.UNDATED

    def task_light(self, task: Task | Requirement) -> Light:
        return self.light_of(self.owner_items(task))

    def unit_light(self, unit: Unit) -> Light:
        return self.light_of(self.items(unit))

    def task_counts(self, campaign: Campaign | None = None) -> Counts:
        """Tasks by their light (in ``campaign``, or the whole plan)."""
        tasks = campaign.tasks if campaign else self.plan.tasks
        out: dict[Light, int] = {}
        for t in tasks:
            if t.withdrawn is not None:  # withdrawn: no light (the page says 已撤销)
                continue
            light = self.task_light(t)
            out[light] = out.get(light, 0) + 1
        return Counts(out)

    def item_counts(self, items: Iterable[ItemStatus]) -> Counts:
        out: dict[Light, int] = {}
        for i in items:
            out[i.light] = out.get(i.light, 0) + 1
        return Counts(out)

    def todo(self, unit: Unit) -> Todo:
        """我的待办: overdue first (oldest first), then due within :attr:`Settings.todo_days` days,
        then reporting duties of this period not yet sent, then what is lagging."""
        items = self.items(unit)
        horizon = self.as_of + dt.timedelta(days=self.settings.todo_days)
        overdue = sorted((i for i in items if i.light is Light.OVERDUE), key=lambda i: i.due or dt.date.max)
        soon = sorted(
            (
                i
                for i in items
                if i.open
                and i.due is not None
                and self.as_of <= i.due <= horizon
                and i.light is not Light.OVERDUE
                and not i.entry.deadline.reporting
            ),
            key=lambda i: i.due or dt.date.max,
        )
        this = period_of(self.as_of)
        missing = [  # this month's report, unless already listed as overdue
            i
            for i in items
            if i.entry.deadline.reporting
            and i.due is not None
            and i.open
            and period_of(i.due) == this
            and i.light is not Light.OVERDUE
        ]
        lagging = [i for i in items if i.light is Light.LAGGING]
        if not self.has_data:
            soon = sorted(
                (i for i in items if i.due is not None and self.as_of <= i.due <= horizon),
                key=lambda i: i.due or dt.date.max,
            )
            missing, lagging = [], []
        return Todo(overdue, soon, missing, lagging)

    def past_without_report(self, unit: Unit) -> list[ItemStatus]:
        """Without data: the unit's items whose day has passed (the site cannot say whether done)."""
        return [i for i in self.items(unit) if i.due is not None and i.due < self.as_of]

    # --- the quarterly 调度 report -------------------------------------------------------------
    @cached_property
    def quarters(self) -> list[Quarter]:
        """Every quarter from the plan's start to the as-of date (none without data), newest first."""
        if not self.has_data:
            return []
        doc = self.plan.document
        start = doc.period_start
        end = min(self.as_of, max(doc.period_end, doc.recurrence_end))
        out: list[Quarter] = []
        y, q = start.year, (start.month - 1) // 3 + 1
        while (y, q) <= (end.year, (end.month - 1) // 3 + 1) and len(out) < 4 * 20:
            qs = dt.date(y, 3 * q - 2, 1)
            qe = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
            cutoff = min(qe, self.as_of)
            out.append(Quarter(y, q, qs, qe, cutoff, self._rank(qs, qe, cutoff)))
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
        return list(reversed(out))

    def _rank(self, qs: dt.date, qe: dt.date, cutoff: dt.date) -> list[UnitQuarter]:
        """Each unit in the quarter, as the reports stood at ``cutoff`` (a later report or 销号 does
        not rewrite a past quarter), ranked by completion then on-time reporting."""
        then = self if cutoff == self.as_of else Status(self.plan, self.progress, cutoff, self.settings)
        rows: list[UnitQuarter] = []
        for u in self.plan.units:
            due = on_time = late = missing = items_due = items_done = 0
            for i in then.items(u):
                if i.due is None or not qs <= i.due <= cutoff:
                    continue
                if i.entry.deadline.reporting:
                    due += 1
                    if i.sent is None:
                        missing += 1
                    elif i.sent.reported <= i.due:
                        on_time += 1
                    else:
                        late += 1
                else:
                    items_due += 1
                    items_done += i.light in (Light.DONE, Light.CLOSED)
            rows.append(UnitQuarter(u, due, on_time, late, missing, items_due, items_done))

        def key(r: UnitQuarter) -> tuple[float, float]:
            # nothing of one kind due: that kind counts as full marks (nothing was missed)
            return (
                1.0 if r.done_rate is None else r.done_rate,
                1.0 if r.on_time_rate is None else r.on_time_rate,
            )

        ranked = sorted((r for r in rows if r.ranked), key=lambda r: (-key(r)[0], -key(r)[1], r.unit.order))
        out: list[UnitQuarter] = []
        prev: tuple[float, float] | None = None
        rank = 0
        for n, r in enumerate(ranked, 1):
            if key(r) != prev:
                rank, prev = n, key(r)
            out.append(UnitQuarter(**{**r.__dict__, "rank": rank}))
        return out + [r for r in rows if not r.ranked]


NO_DEADLINE = Deadline(text="原文未写明时限", what="完成本项任务", date=None, recurrence=None)
"""The one item of a task that gives a unit no deadline of its own (:func:`duty_entries`)."""


def duty_entries(plan: Plan, unit: Unit) -> list[Entry]:
    """:func:`generator.model.duties.unit_entries`, plus one undated entry (index 0, :data:`NO_DEADLINE`)
    for each task the unit holds in which no deadline concerns it: every duty has at least one item."""
    out: list[Entry] = []
    held: dict[str, list[Task]] = {}
    for t in plan.tasks_of(unit):  # indexed: linear in the plan, not units × tasks
        held.setdefault(t.campaign.id, []).append(t)
    for c in plan.campaigns:
        for t in held.get(c.id, []):
            if t.withdrawn is None:
                out += task_entries_for(t, unit) or [Entry(c, t, NO_DEADLINE, 0)]
        out += requirement_entries_for(c, unit, holds=c.id in held)
    return out


def _missed_words(missed: tuple[Entry, dt.date]) -> str:
    day = missed[1]
    return f"本单位{period_words(period_of(day))}进展尚未报送（应于{_d(day)}前报送）"


def reporting_words(plan: Plan) -> str:
    """Where the document asks for periodic progress reports, in words: ``蓝天·有关要求(四)“每月28日前”``
    (the deadlines marked ``reporting: true``); empty if it asks for none."""
    out = []
    for c in plan.campaigns:
        for r in c.requirements:
            for d in r.deadlines:
                if d.reporting:
                    out.append(f"{r.code}“{d.text}”")
    return "、".join(dict.fromkeys(out))


def rules(settings: Settings, plan: Plan | None = None) -> list[tuple[str, str]]:
    """The rules as the 计算方法 page states them: (heading, text), with the thresholds in force."""
    where = reporting_words(plan) if plan is not None else ""
    return [
        (
            "统计对象",
            "每个单位承担的每一项时限算一个事项(哪些时限算作本单位的,见各单位页的说明);周期性时限每到一次期限算一个"
            "事项(如每月28日前,每个月算一个);原文没有具体时限的算一个事项;承担的任务中没有一项时限涉及本单位的,"
            "该任务算一个无时限事项。",
        ),
        (
            "集合称谓",
            "原文中的集合称谓(如“各镇(街道)”)不是一个单位,不能单独报送进展,不计灯,也不参加排名;"
            "任务的灯只按列出的具体单位计算。",
        ),
        (
            "哪些报送算数",
            "单位对某项任务的报送,适用于该任务(或所报分项、所报时限)的事项;周期性时限只认写明该期应完成日期的报送,"
            "或该期(当月、当季、当半年、当年)的报送。按报送期、再按报送日期,以截至日期当天及以前的最新一次为准;"
            "同一期中只报某一时限的,优先于报整项任务的。",
        ),
        (
            "定期报送",
            f"原文要求定期报送进展的时限({where or '本文件没有这样的时限'}),"
            "单位当期提交了涵盖该方案的进展报送即为完成;在时限当天及以前提交为按时报送。",
        ),
        ("按顺序判断", "每个事项按下列顺序,取第一条符合的:"),
        (
            "已销号(绿)",
            "报送为“已销号”并写明销号日期和销号单位;周期性时限销号及以前各期。此后的报送不改变状态。",
        ),
        ("已完成(绿)", "最新一次报送为“已完成”。"),
        ("逾期(红)", "截至日期已过时限,且没有报送完成(报送“暂缓”的也算逾期)。"),
        ("暂缓(灰)", "时限未到,最新一次报送为“暂缓”。"),
        ("滞后(黄)", "最新一次报送为“滞后”(即使临近时限)。"),
        ("临期(蓝)", f"距时限不超过 {settings.due_soon_days} 天(含当天到期)。"),
        (
            "滞后(黄),未按期报送",
            "该方案要求定期报送,而本单位最近一期应报送的进展尚未报送:本单位在该方案中时限未到或没有时限的事项都标为滞后。",
        ),
        ("按期推进(绿)", f"时限未到;或没有时限,而 {settings.stale_days} 天内报送过“推进中”。"),
        ("无时限(灰)", "原文没有规定具体时限,且近期没有报送进展;无时限的事项不会变为逾期。"),
        (
            "汇总",
            "一项任务的灯取其全部事项(所有单位、所有期次)中最差的一个,"
            "顺序为 逾期 > 滞后 > 临期 > 暂缓 > 无时限 > 按期推进 > 已完成 > 已销号;单位、方案同理。"
            "首页和方案页的数字是按任务的灯统计的任务数。",
        ),
        (
            "季度调度排名",
            "每季度按季末(本季度尚未结束的,按截至日期)当时的报送统计各单位:应报送次数与按时报送次数(按时报送率),"
            "季度内到期事项数与其中已完成或已销号的数目(完成率);先按完成率、再按按时报送率从高到低排名,相同者名次相同。"
            "只缺其中一项的(如本季度没有到期事项),该项按 100% 计;两项都没有的单位不参加排名。",
        ),
        (
            "没有报送数据时",
            "数据中没有任何进展报送时,不计算灯,各处显示“尚无进展报送”;本站不推测任何单位是否完成。",
        ),
    ]
