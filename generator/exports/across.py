"""A unit's downloads across the current documents of a site of several documents: one calendar
and one 台账 that cover every document in force, the document named in each event and each row.

Each document's own feeds and workbooks stay in its folder (``d/<doc-id>/data/…``); these are the
unit page's (``units/<id>/``) at the site root. Events and rows are those of the document's own
files — :func:`generator.model.duties.unit_entries` and :func:`generator.exports.xlsx.unit_rows`,
the one answer to "what concerns this unit" — so the union equals the per-document files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from generator.exports import ics, xlsx
from generator.exports.common import build_timestamp
from generator.model import urls
from generator.model.duties import UID_DOMAIN, unit_entries
from generator.model.model import Plan, Unit

DOCUMENT_COLUMN = xlsx.Column("文件", 16)
"""The 台账 column that names each row's document (文号)."""
ACROSS_COLUMNS = (xlsx.UNIT_COLUMNS[0], DOCUMENT_COLUMN, *xlsx.UNIT_COLUMNS[1:])


def across_uid(doc_id: str, entry_id: str) -> str:
    """A deadline's UID in a feed that spans documents (task ids repeat from year to year).

    >>> across_uid("2025-huiji", "lantian-12-d1")
    'lantian-12-d1.2025-huiji@huiji-plan'
    """
    return f"{entry_id}.{doc_id}@{UID_DOMAIN}"


def stamp_of(plans: Sequence[Plan]) -> dt.datetime:
    """The DTSTAMP of a calendar across ``plans``: the newest of their timestamps."""
    return _stamp(plans)


def _stamp(plans: Sequence[Plan]) -> dt.datetime:
    return max(build_timestamp(p) for p in plans)


def unit_feed_across(
    unit_id: str, documents: Sequence[tuple[str, Plan]], site_url: str | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The unit's calendar over ``documents`` (id, plan) — the current ones, newest first. Each
    event is the document's own (its description names the document: 依据 …) with a UID that
    carries the document's id. ``stamp``: the events' DTSTAMP (default: the newest of
    ``documents``' timestamps; a site passes that of every current document, so the calendar
    does not depend on which documents name the unit)."""
    stamp = stamp or _stamp([p for _, p in documents])
    name = ""
    numbers = []
    events: list[bytes] = []
    for doc_id, plan in documents:
        unit = _unit(plan, unit_id)
        if unit is None:
            continue
        name = name or unit.name
        numbers.append(plan.document.doc_number)
        base = (site_url.rstrip("/") + "/" + urls.in_document(doc_id, "")) if site_url else None
        for e in unit_entries(plan, unit):
            v = ics.event(plan, e, unit, base, stamp)
            if v is not None:
                events.append(ics.serialised(v._replace(
                    uid=across_uid(doc_id, e.id), summary=f"{v.summary}({plan.document.doc_number})")))
    listed = "、".join(numbers) or "无"
    return ics.calendar_of(f"{name}任务时限 · 现行文件",
                           f"{name}在现行文件({listed})中承担的任务时限,每个事件注明所依据的文件。", events)


def unit_workbook_across(unit_id: str, documents: Sequence[tuple[str, Plan]]) -> bytes | None:
    """The unit's 台账 over ``documents`` (the current ones), the 文件 column naming each row's
    document; None when no document names the unit."""
    rows: list[xlsx.Row] = []
    name = ""
    numbers: list[str] = []
    first: Plan | None = None
    for _, plan in documents:
        unit = _unit(plan, unit_id)
        if unit is None:
            continue
        first = first or plan
        name = name or unit.name
        numbers.append(plan.document.doc_number)
        for row in xlsx.unit_rows(plan, unit):
            rows.append({**row, DOCUMENT_COLUMN.header: plan.document.doc_number})
    if first is None:
        return None
    title = f"{name} 工作任务清单台账 — 现行文件"
    subtitle = (f"依据:现行文件 {'、'.join(numbers)}。每个时限一行,“文件”栏注明所依据的文件;"
                "“完成情况”栏供填写。")
    return xlsx.workbook(first, title, subtitle, ACROSS_COLUMNS, rows)


def _unit(plan: Plan, unit_id: str) -> Unit | None:
    """The unit in a document (whose plan holds only the units it names), or None."""
    return next((u for u in plan.units if u.id == unit_id), None)
