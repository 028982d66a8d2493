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


_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"), "day"),
    (re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)"), "month-end"),
    (re.compile(r"(\d{4})年(?:年)?(?:底|末)"), "year-end"),
    (re.compile(r"(?<![\d年])()年(?:底|末)"), "year-end"),
    (re.compile(r"(?:(\d{4})年)?上半年"), "half"),
)


def cn_date(d: dt.date) -> str:
    """A date as Chinese documents write it.

    >>> cn_date(dt.date(2024, 7, 3))
    '2024年7月3日'
    """
    return f"{d.year}年{d.month}月{d.day}日"


def date_in_words(text: str, plan_year: int, period_start: dt.date | None = None) -> dt.date | None:
    """The date a deadline's words name, if they name exactly one (None when they name none, or
    several, or when in doubt). A missing year is the plan year — or the next one, for a month
    that would fall before the plan period (1月底前 in a plan from July).

    >>> [date_in_words(t, 2024).isoformat() for t in ("2024年10月底前", "7月底前", "到2024年年底",
    ...      "2025年底前", "2024年7月25日前", "上半年")]
    ['2024-10-31', '2024-07-31', '2024-12-31', '2025-12-31', '2024-07-25', '2024-06-30']
    >>> [date_in_words(t, 2024).isoformat() for t in ("2025年末", "年底前")]
    ['2025-12-31', '2024-12-31']
    >>> [date_in_words(t, 2024) for t in ("按照市定时间节点", "9月底前完成排查,12月20日前完成", "2026年前")]
    [None, None, None]
    >>> date_in_words("1月底前", 2024, dt.date(2024, 7, 23)).isoformat()
    '2025-01-31'
    """
    found: list[dt.date] = []
    for pattern, kind in _WORDS:
        for m in pattern.finditer(text):
            year = int(m.group(1)) if m.group(1) else plan_year
            try:
                if kind == "day":
                    d = dt.date(year, int(m.group(2)), int(m.group(3)))
                elif kind == "month-end":
                    month = int(m.group(2))
                    d = dt.date(year, month, calendar.monthrange(year, month)[1])
                else:
                    d = dt.date(year, 12, 31) if kind == "year-end" else dt.date(year, 6, 30)
                if not m.group(1) and period_start is not None and d < period_start and year < 9999:
                    d = d.replace(year=year + 1, day=min(d.day, calendar.monthrange(year + 1, d.month)[1]))
            except ValueError:
                return None
            found.append(d)
    distinct = set(found)
    return found[0] if len(distinct) == 1 and len(found) == 1 else None
