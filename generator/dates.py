"""Recurrences (周期性时限) as data: parse the editor's words, expand them over a period.

>>> parse_recurrence("每月28日")
Recurrence(freq='monthly', day=28, text='每月28日')
>>> q = parse_recurrence("每季度")
>>> [d.isoformat() for d in q.occurrences(dt.date(2024, 7, 1), dt.date(2024, 12, 31))]
['2024-09-30', '2024-12-31']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
"""China Standard Time (UTC+8): document times, commit dates and the as-of date are read in it."""

Freq = Literal["monthly", "quarterly", "semiannual", "yearly"]

READABLE_FORMS = ("每月N日(N 为 1–31)", "每季度", "每半年", "每年")

_MONTHLY = re.compile(r"^每月(\d{1,2})日$")
_FIXED: dict[str, Freq] = {"每季度": "quarterly", "每半年": "semiannual", "每年": "yearly", "全年": "yearly"}
_MONTHS_OF: dict[Freq, tuple[int, ...]] = {
    "monthly": tuple(range(1, 13)),
    "quarterly": (3, 6, 9, 12),
    "semiannual": (6, 12),
    "yearly": (12,),
}


@dataclass(frozen=True)
class Recurrence:
    """A duty that repeats. ``day`` is the day of month (None = the month's last day)."""

    freq: Freq
    day: int | None
    text: str

    def occurrences(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every due date of this recurrence within ``start``..``end`` (inclusive), in order."""
        out: list[dt.date] = []
        for year in range(start.year, end.year + 1):
            for month in _MONTHS_OF[self.freq]:
                last = calendar.monthrange(year, month)[1]
                day = min(self.day, last) if self.day else last
                d = dt.date(year, month, day)
                if start <= d <= end:
                    out.append(d)
        return out


def parse_recurrence(text: str) -> Recurrence | None:
    """Read an editor's recurrence; ``None`` if it is not one of :data:`READABLE_FORMS`."""
    s = text.strip()
    m = _MONTHLY.match(s)
    if m:
        day = int(m.group(1))
        return Recurrence("monthly", day, s) if 1 <= day <= 31 else None
    if s in _FIXED:
        return Recurrence(_FIXED[s], None, s)
    return None
