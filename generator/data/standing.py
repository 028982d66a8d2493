"""A document's standing as of a date — 现行, 已到期, 已废止 or 已修订 — said on every page of it.

The rule, in the order it is applied:

1. a later document repealed or revised it (``document.yaml`` ``ended``, as that document says) and
   its date has come: 已废止 / 已修订, naming that document;
2. the as-of date is after the plan's period (``period.end``, its last deadline): 已到期;
3. the as-of date is before the period: 尚未施行;
4. otherwise: 现行.

Nothing is inferred beyond ``document.yaml``: without an ``ended`` record the site never says a
document was repealed, and an expired plan's unfinished tasks are still shown as they stand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.dates import cn_date
from generator.model.model import Document

CURRENT, EXPIRED, NOT_YET = "现行", "已到期", "尚未施行"


@dataclass(frozen=True)
class Standing:
    """A document's standing as of ``as_of``: the word and the sentence that explains it."""

    label: str
    """现行 / 已到期 / 尚未施行 / 已废止 / 已修订."""
    reason: str
    """One sentence, e.g. 方案期间为2024年7月23日至2025年12月31日，已于2025年12月31日结束。"""
    as_of: dt.date

    @property
    def current(self) -> bool:
        return self.label == CURRENT

    @property
    def css(self) -> str:
        """A class for the banner (its words say the same: never colour alone)."""
        return {CURRENT: "current", EXPIRED: "expired", NOT_YET: "pending"}.get(self.label, "ended")


def standing(doc: Document, as_of: dt.date) -> Standing:
    """The standing of ``doc`` as of ``as_of`` (see the module docstring for the rule).

    >>> import datetime as dt
    >>> from generator.model.model import Document
    >>> d = Document("甲〔2024〕1号", "通知", "各单位", ("正文",), dt.date(2024, 7, 1), "2024年7月1日",
    ...     dt.datetime(2024, 7, 2), "本站", "a.txt", "", 2024, dt.date(2024, 7, 1), dt.date(2025, 12, 31),
    ...     dt.date(2024, 7, 1), dt.date(2024, 12, 31), ())
    >>> standing(d, dt.date(2025, 1, 1)).label, standing(d, dt.date(2026, 1, 1)).label
    ('现行', '已到期')
    """
    period = f"方案期间为{cn_date(doc.period_start)}至{cn_date(doc.period_end)}"
    end = doc.ended
    if end is not None and as_of >= end.date:
        return Standing(end.kind, f"依据{end.by}，自{cn_date(end.date)}起{end.kind[1:]}。", as_of)
    if as_of > doc.period_end:
        return Standing(EXPIRED, f"{period}，已于{cn_date(doc.period_end)}结束。", as_of)
    if as_of < doc.period_start:
        return Standing(NOT_YET, f"{period}，尚未开始。", as_of)
    return Standing(CURRENT, f"{period}。", as_of)
