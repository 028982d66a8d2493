"""The 时限 and 日历 pages (and the home page's months): due days by month, runs of empty months."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from generator.model import urls
from generator.model.model import (
    Occurrence,
)


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    occurrences: list[Occurrence]

    @property
    def anchor(self) -> str:
        return urls.month_anchor(self.year, self.month)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def dated(self) -> list[Occurrence]:
        """Occurrences of dated (non-recurring) deadlines."""
        return [o for o in self.occurrences if o.deadline.recurrence is None]

    @property
    def recurring(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.deadline.recurrence is not None]

    @property
    def weeks(self) -> list[list[tuple[dt.date, list[Occurrence]] | None]]:
        by_day: dict[dt.date, list[Occurrence]] = {}
        for o in self.occurrences:
            by_day.setdefault(o.date, []).append(o)
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(self.year, self.month):
            weeks.append([(d, by_day.get(d, [])) if d.month == self.month else None for d in week])
        return weeks


def months_of(occurrences: list[Occurrence]) -> list[Month]:
    grouped: dict[tuple[int, int], list[Occurrence]] = {}
    for o in occurrences:
        grouped.setdefault((o.date.year, o.date.month), []).append(o)
    return [Month(y, m, occ) for (y, m), occ in sorted(grouped.items())]


def month_range(first: dt.date, last: dt.date, occurrences: list[Occurrence]) -> list[Month]:
    """Every month from ``first`` to ``last`` (inclusive), empty ones included."""
    grouped = {(m.year, m.month): m for m in months_of(occurrences)}
    out: list[Month] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(grouped.get((y, m), Month(y, m, [])))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class EmptyMonths:
    """A run of consecutive months without any due day: one line on the calendar, not a grid each."""

    first: Month
    last: Month

    @property
    def anchor(self) -> str:
        return urls.month_span_anchor((self.first.year, self.first.month), (self.last.year, self.last.month))

    @property
    def label(self) -> str:
        if self.first == self.last:
            return self.first.label
        if self.first.year == self.last.year:
            return f"{self.first.label}—{self.last.month}月"
        return f"{self.first.label}—{self.last.label}"


def calendar_blocks(months: list[Month]) -> list[Month | EmptyMonths]:
    """Months with due days as they are; each run of empty months as one :class:`EmptyMonths`."""
    out: list[Month | EmptyMonths] = []
    run: list[Month] = []
    for mo in [*months, None]:
        if mo is not None and not mo.occurrences:
            run.append(mo)
            continue
        if run:
            out.append(EmptyMonths(run[0], run[-1]))
            run = []
        if mo is not None:
            out.append(mo)
    return out
