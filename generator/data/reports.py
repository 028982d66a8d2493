"""What the progress reports say, resolved against the plan: periods, items (a task, a sub-item or a
requirement), reports, measured values, and the :class:`Progress` of a folder. Read and checked by
:mod:`generator.data.progress`; never a status (that is :mod:`generator.data.status`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.model.dates import CHINA_TZ
from generator.model.duties import Entry, Owner, deadline_concerns, requirement_entries_for, task_entries
from generator.model.model import Plan, Requirement, Target, Task, Unit, number_text

STATUSES: tuple[str, ...] = ("未启动", "推进中", "已完成", "滞后", "暂缓", "已销号")
"""The statuses of a report, in the order of the template's drop-down."""


DONE_STATUSES = frozenset({"已完成", "已销号"})


_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


_ACTUAL_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """``2024-09`` → (2024-09-01, 2024-09-30); None if it is not YYYY-MM with a real month.

    >>> [d.isoformat() for d in parse_period("2024-02")]
    ['2024-02-01', '2024-02-29']
    >>> parse_period("2024-13"), parse_period("2024-9")
    (None, None)
    """
    m = _PERIOD.match(text.strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(d: dt.date) -> str:
    """The reporting period a day falls in: ``2024-09``."""
    return f"{d.year:04d}-{d.month:02d}"


def period_words(period: str) -> str:
    """``2024-09`` → ``2024年9月``."""
    y, m = period.split("-")
    return f"{int(y)}年{int(m)}月"


def today_in_china() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


def loose(text: str) -> str:
    """Compare codes loosely: NFKC (full-width → half-width), no whitespace, no middle-dot variants."""
    s = "".join(unicodedata.normalize("NFKC", text).split())
    return s.replace("・", "·").replace("•", "·").replace(".", "·")


@dataclass(frozen=True)
class Item:
    """What a report can be about: a task, one of its sub-items, or a requirement (有关要求)."""

    owner: Owner
    subitem: str | None

    @property
    def code(self) -> str:
        """``蓝天12`` / ``净土9(2)`` / ``蓝天·有关要求(四)``."""
        if isinstance(self.owner, Task):
            return f"{self.owner.code}{self.subitem or ''}"
        return self.owner.code

    def entries(self) -> list[Entry]:
        """The deadlines this item covers (a sub-item: its own deadlines only)."""
        if isinstance(self.owner, Task):
            es = task_entries(self.owner)
            return es if self.subitem is None else [e for e in es if e.deadline.subitem == self.subitem]
        return [e for e in _requirement_entries(self.owner)]

    def targets(self) -> list[Target]:
        if not isinstance(self.owner, Task):
            return []
        ts = self.owner.all_targets
        return ts if self.subitem is None else [t for t in ts if t.subitem == self.subitem]


def _requirement_entries(r: Requirement) -> list[Entry]:
    return [Entry(r.campaign, r, d, i) for i, d in enumerate(r.deadlines, 1)]


@dataclass(frozen=True)
class Report:
    """One entry of a unit's report for one period, resolved."""

    unit: Unit
    period: str
    reported: dt.date
    item: Item
    entry: Entry | None
    """The one deadline reported on (``deadline:``), or None: every deadline of :attr:`item`."""
    due: dt.date | None
    """The occurrence of a recurrence reported on (``due:``), or None: the file's own period."""
    status: str
    progress: str | None
    problems: str | None
    next_steps: str | None
    evidence: str | None
    value: float | int | None
    closed_on: dt.date | None
    closed_by: Unit | None
    file: str
    """Display path of the file (``plan_data/progress/qu-chengguanju/2024-09.yaml``)."""
    line: int
    order: int
    """Position of the report among every report read (a stable tiebreak)."""

    @property
    def id(self) -> str:
        """Stable id: ``qu-chengguanju-2024-09-lantian-12`` (Atom entry ids, page anchors)."""
        tail = self.item.owner.id + (f"-{loose(self.item.subitem).strip('()')}" if self.item.subitem else "")
        if self.entry is not None:
            tail = self.entry.id + (f"-{self.due.isoformat()}" if self.due else "")
        return f"{self.unit.id}-{self.period}-{tail}"

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES

    def applies_to(self, entry: Entry) -> bool:
        """Does this report speak of ``entry`` (same owner; the whole task, or the deadline's
        sub-item, or that very deadline)?"""
        if self.item.owner is not entry.owner:
            return False
        if self.entry is not None:
            return self.entry.id == entry.id
        return self.item.subitem is None or self.item.subitem == entry.deadline.subitem


@dataclass(frozen=True)
class ReportFile:
    """One unit's report for one period (one file)."""

    unit: Unit
    period: str
    reported: dt.date
    source: str | None
    file: str
    reports: tuple[Report, ...]

    @property
    def campaign_ids(self) -> frozenset[str]:
        return frozenset(r.item.owner.campaign.id for r in self.reports)


@dataclass(frozen=True)
class Actual:
    """One measured value of a target."""

    target: Target
    owner_code: str
    """``蓝天`` (a campaign target) or ``蓝天21`` / ``净土9(1)`` (a task's)."""
    period: str
    """``2024`` or ``2024-09``."""
    value: float | int | str
    source: str
    note: str | None
    file: str
    line: int

    @property
    def key(self) -> str:
        """``蓝天·PM2.5平均浓度``."""
        return f"{self.owner_code}·{self.target.indicator}"


@dataclass
class Progress:
    """Every report file and measured value, resolved against the plan."""

    files: list[ReportFile] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    demo: bool = False
    """Read from a folder outside plan_data/: demonstration data (示例数据) on every page."""
    folder: str = ""
    """Display path of the folder read (empty: none)."""
    digest: str = ""
    """SHA-256 over the folder's files (the exports cache keys on it)."""

    @property
    def reports(self) -> list[Report]:
        return [r for f in self.files for r in f.reports]

    @property
    def empty(self) -> bool:
        return not self.files and not self.actuals

    def files_of(self, unit: Unit) -> list[ReportFile]:
        return [f for f in self.files if f.unit.id == unit.id]

    def reports_of(self, unit: Unit) -> list[Report]:
        return [r for f in self.files_of(unit) for r in f.reports]

    def actuals_of(self, target: Target) -> list[Actual]:
        """The target's values, oldest period first."""
        return sorted((a for a in self.actuals if a.target is target), key=lambda a: a.period)


@dataclass
class Codes:
    """Lookups from the codes people write (蓝天12, 净土9(2), 蓝天·有关要求(四), 蓝天·PM2.5平均浓度)."""

    items: dict[str, Item]
    targets: dict[str, tuple[str, Target]]

    @classmethod
    def of(cls, plan: Plan) -> Codes:
        items: dict[str, Item] = {}
        targets: dict[str, tuple[str, Target]] = {}
        for c in plan.campaigns:
            for t in c.targets:
                targets.setdefault(loose(f"{c.short_name}·{t.indicator}"), (c.short_name, t))
            for task in c.tasks:
                items[loose(task.code)] = Item(task, None)
                for s in task.subitems:
                    items[loose(f"{task.code}{s.label}")] = Item(task, s.label)
                for t in task.all_targets:
                    code = f"{task.code}{t.subitem or ''}"
                    targets.setdefault(loose(f"{code}·{t.indicator}"), (code, t))
            for r in c.requirements:
                items[loose(r.code)] = Item(r, None)
        return cls(items, targets)

    def item(self, code: str) -> Item | None:
        return self.items.get(loose(code))

    def suggest(self, code: str, choices: Iterable[str]) -> str:
        import difflib

        m = difflib.get_close_matches(loose(code), list(choices), n=1, cutoff=0.6)
        return f";是否指“{m[0]}”?" if m else ""


def unit_holds(plan: Plan, unit: Unit, item: Item, on: dt.date | None = None) -> bool:
    """May ``unit`` report on ``item``? It holds a role in the task (on the sub-item, the whole task,
    or implicitly — :func:`generator.model.duties.deadline_concerns`), or the requirement's deadlines
    concern it (:func:`generator.model.duties.requirement_entries_for`). A unit a later document took out
    of the task may still have reported before that document's date ``on`` (a report's date)."""
    owner = item.owner
    if isinstance(owner, Task):
        if not owner.roles_of(unit):
            return on is not None and any(
                r.assignment.unit.id == unit.id and on < r.revision.date for r in owner.removed
            )
        if item.subitem is None:
            return True
        entries = item.entries()
        if entries:
            return any(deadline_concerns(owner, e.deadline, unit) for e in entries)
        mine = [a for a in owner.assignments if a.unit.id == unit.id]
        return any(a.subitem in (None, item.subitem) for a in mine)
    return any(e.owner is owner for e in requirement_entries_for(owner.campaign, unit))


def item_entries_for(plan: Plan, unit: Unit, item: Item) -> list[Entry]:
    """The deadlines of ``item`` that concern ``unit``."""
    if isinstance(item.owner, Task):
        return [e for e in item.entries() if deadline_concerns(item.owner, e.deadline, unit)]
    return [e for e in requirement_entries_for(item.owner.campaign, unit) if e.owner is item.owner]


def value_text(v: float | int | str | None) -> str:
    """A measured value as shown: 43, 64.2, Ⅲ类."""
    return "" if v is None else number_text(v)
