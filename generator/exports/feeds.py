"""Atom feeds (RFC 4287) of the progress reports: the whole plan, and one per unit.

Written with feedgen (lxml escapes every text from the data). Ids are tag URIs that never change
(``tag:<site host>,<year>:<site path>/report/<report id>``, :func:`tag`); ``updated`` is the
report's date, the feed's the newest report's (or the document's publication time when nobody
has reported): the same data gives the same bytes. A feed built from demonstration data says
示例数据 in its title and every entry.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from generator.data.reports import Report
from generator.data.status import Status
from generator.model import urls
from generator.model.dates import CHINA_TZ
from generator.model.model import Plan, Unit


def tag(plan: Plan, site_url: str | None) -> str:
    """The prefix of every id (RFC 4151 tag URI): the site's host and the document's year, so two
    sites never share ids: ``tag:huiji-gov.github.io,2024:huiji-plan/``."""
    parts = urlsplit(site_url or "")
    host = parts.hostname or "huiji-plan.invalid"
    path = parts.path.strip("/")
    return f"tag:{host},{plan.document.date_written.year}:{path + '/' if path else ''}"
MAX_ENTRIES = 200
"""The site-wide feed holds the newest 200 reports; a unit's feed the newest :data:`UNIT_ENTRIES`
(every report is in ``data/progress/reports.csv``)."""
UNIT_ENTRIES = 50


def _when(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=CHINA_TZ)


def _link(site_url: str | None, path: str) -> str:
    page = urls.page_url(path) if path.endswith(".md") else path
    return (site_url.rstrip("/") + "/" + page) if site_url else page


def _feed(
    plan: Plan,
    status: Status,
    reports: list[Report],
    feed_id: str,
    title: str,
    page: str,
    self_path: str,
    site_url: str | None,
    anchored: frozenset[str] = frozenset(),
    limit: int = MAX_ENTRIES,
) -> bytes:
    demo = "【示例数据】" if status.demo else ""
    fg = FeedGenerator()
    prefix = tag(plan, site_url)
    fg.id(prefix + feed_id)
    fg.title(demo + title)
    fg.author({"name": f"{plan.document.doc_number} 各单位进展报送"})
    fg.link(href=_link(site_url, page), rel="alternate")
    fg.link(href=_link(site_url, self_path), rel="self")
    fg.language("zh-CN")
    fg.subtitle(f"{plan.document.doc_number} {plan.document.title}:各单位进展报送")
    newest = max((r.reported for r in reports), default=None)
    fg.updated(_when(newest) if newest else plan.document.published.replace(tzinfo=CHINA_TZ))
    fg.generator("huiji-plan")
    for r in reversed(reports[:limit]):  # feedgen writes the last added first
        fe = fg.add_entry()
        fe.id(prefix + "report/" + r.id)
        what = r.item.code + (f"(时限 {r.entry.deadline.text})" if r.entry else "")
        fe.title(f"{demo}{r.unit.name} · {what} · {r.status}")
        fe.updated(_when(r.reported))
        fe.published(_when(r.reported))
        fe.author({"name": r.unit.name})
        # the unit page shows its latest reports in full (views.progress.TIMELINE_LIMIT); older ones
        # are in its 进展记录 section's CSV link
        anchor = urls.report_anchor(r.id) if r.id in anchored else "reports"
        fe.link(href=_link(site_url, urls.unit_page(r.unit.id)) + "#" + anchor, rel="alternate")
        parts = [f"{period_label(r.period)}报送,报送日期 {r.reported.isoformat()}。状态:{r.status}。"]
        for label, text in (
            ("进展情况", r.progress),
            ("存在问题", r.problems),
            ("下步计划", r.next_steps),
            ("佐证材料", r.evidence),
        ):
            if text:
                parts.append(f"{label}:{text}")
        if r.closed_on:
            parts.append(f"销号:{r.closed_on.isoformat()} {r.closed_by.name if r.closed_by else ''}")
        fe.summary("\n".join(parts))
    return fg.atom_str(pretty=True)  # type: ignore[no-any-return]


def period_label(period: str) -> str:
    y, m = period.split("-")
    return f"{int(y)}年{int(m)}月"


def feeds(plan: Plan, status: Status, site_url: str | None = None, shown: int = 20) -> dict[str, bytes]:
    """Site path → Atom feed: every report, and each unit's (units that hold a duty). ``shown``: how
    many of its latest reports a unit page lists with their anchors."""
    anchored = frozenset(r.id for u in plan.units for r in status.reports_of(u)[:shown])
    out = {
        urls.PROGRESS_FEED: _feed(
            plan,
            status,
            status.reports_of_all(),
            "progress",
            f"{plan.document.doc_number} 进展报送",
            urls.PROGRESS,
            urls.PROGRESS_FEED,
            site_url,
            anchored,
        )
    }
    for u in plan.units:
        if status.items(u):
            out[urls.unit_feed(u.id)] = unit_feed(plan, status, u, site_url, anchored)
    return out


def unit_feed(
    plan: Plan,
    status: Status,
    unit: Unit,
    site_url: str | None = None,
    anchored: frozenset[str] = frozenset(),
) -> bytes:
    return _feed(
        plan,
        status,
        status.reports_of(unit),
        f"unit/{unit.id}",
        f"{unit.name}进展报送",
        urls.unit_page(unit.id),
        urls.unit_feed(unit.id),
        site_url,
        anchored,
        UNIT_ENTRIES,
    )
