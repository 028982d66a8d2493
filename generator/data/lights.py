"""The lights (逾期, 临期, 滞后, 已完成 …) — their words, their order from worst to best — and the
settings and as-of date that :class:`generator.data.status.Status` evaluates them with."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from generator.data.reports import (
    today_in_china,
)


class Light(StrEnum):
    CLOSED = "closed"
    DONE = "done"
    ON_TRACK = "on-track"
    DUE_SOON = "due-soon"
    LAGGING = "lagging"
    OVERDUE = "overdue"
    PAUSED = "paused"
    UNDATED = "undated"
    NO_DATA = "no-data"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def colour(self) -> str:
        """绿 / 蓝 / 黄 / 红 / 灰 (the 督办 vocabulary; never shown without :attr:`label`)."""
        return _LABELS[self][1]

    @property
    def symbol(self) -> str:
        """A shape that tells the light apart without colour."""
        return _LABELS[self][2]

    @property
    def rank(self) -> int:
        """Worse is higher: a roll-up takes the highest."""
        return _LABELS[self][3]


_LABELS: dict[Light, tuple[str, str, str, int]] = {
    Light.CLOSED: ("已销号", "绿", "✔", 0),
    Light.DONE: ("已完成", "绿", "✔", 1),
    Light.ON_TRACK: ("按期推进", "绿", "●", 2),
    Light.UNDATED: ("无时限", "灰", "○", 3),
    Light.PAUSED: ("暂缓", "灰", "‖", 4),
    Light.DUE_SOON: ("临期", "蓝", "◆", 5),
    Light.LAGGING: ("滞后", "黄", "▲", 6),
    Light.OVERDUE: ("逾期", "红", "✖", 7),
    Light.NO_DATA: ("尚无进展报送", "灰", "–", -1),
}


LIGHT_ORDER: tuple[Light, ...] = (
    Light.OVERDUE,
    Light.LAGGING,
    Light.DUE_SOON,
    Light.PAUSED,
    Light.UNDATED,
    Light.ON_TRACK,
    Light.DONE,
    Light.CLOSED,
)
"""Lights as tables and counts list them: worst first."""


def worst(lights: Iterable[Light]) -> Light | None:
    ls = list(lights)
    return max(ls, key=lambda light: light.rank) if ls else None


KEYS = ("due_soon_days", "todo_days", "stale_days")
"""The keys of mkdocs.yml ``extra.progress``."""


@dataclass(frozen=True)
class Settings:
    """Thresholds (mkdocs.yml ``extra.progress``; the 计算方法 page shows the values in force)."""

    due_soon_days: int = 15
    """临期: due within this many days (the as-of day included)."""
    todo_days: int = 30
    """我的待办 lists what falls due within this many days."""
    stale_days: int = 90
    """An undated item's 推进中 older than this many days no longer counts as 按期推进."""

    @classmethod
    def from_config(cls, extra: Mapping[str, object] | None) -> Settings:
        """Read ``extra.progress`` (bounded: 0–365 days); a bad value raises ValueError in Chinese."""
        conf = (extra or {}).get("progress") or {}
        if not isinstance(conf, Mapping):
            raise ValueError("mkdocs.yml 中 extra.progress 应为键值对,如 due_soon_days: 15")
        out = {}
        for key in KEYS:
            if key in conf:
                v = conf[key]
                if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 365:
                    raise ValueError(f"mkdocs.yml 中 extra.progress.{key} 应为 0 到 365 之间的整数,现为“{v}”")
                out[key] = v
        unknown = sorted(set(conf) - set(KEYS))
        if unknown:
            raise ValueError(
                f"mkdocs.yml 中 extra.progress 有未知的键:{'、'.join(map(str, unknown))}"
                f"(可用:{'、'.join(KEYS)})"
            )
        return cls(**out)


_AS_OF = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_of_date(value: str | None = None) -> dt.date:
    """The as-of date: ``value`` (YYYY-MM-DD), else ``$HUIJI_AS_OF``, else today in China (UTC+8).
    A bad value raises ValueError with a Chinese message (never a traceback for the editor)."""
    text = value if value is not None else os.environ.get("HUIJI_AS_OF")
    if text is None or not text.strip():
        return today_in_china()
    text = text.strip()
    try:
        if not _AS_OF.match(text):
            raise ValueError
        d = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"截至日期“{text[:20]}”写法不对:应为 YYYY-MM-DD,如 2024-10-31") from None
    if not 1990 <= d.year <= 2100:
        raise ValueError(f"截至日期“{text}”不在 1990 到 2100 年之间")
    return d
