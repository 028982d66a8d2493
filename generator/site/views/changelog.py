"""The 更新记录 page: the plan's changes by day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.editors.history import ChangeEntry
from generator.model import urls


@dataclass(frozen=True)
class ChangeDay:
    date: dt.date
    entries: list[ChangeEntry]

    @property
    def anchor(self) -> str:
        return urls.change_day_anchor(self.date.isoformat())


def change_days(entries: Sequence[ChangeEntry]) -> list[ChangeDay]:
    """Entries grouped by date, newest first (entries keep their order within a day)."""
    days: dict[dt.date, list[ChangeEntry]] = {}
    for e in entries:
        days.setdefault(e.date, []).append(e)
    return [ChangeDay(d, days[d]) for d in sorted(days, reverse=True)]
