"""iCalendar (RFC 5545) feeds of the plan's deadlines: per unit, per campaign, whole plan.

* Every dated deadline is an all-day event (DTSTART;VALUE=DATE, DTEND the next day, TRANSPARENT).
* A recurring duty is one event with an RRULE (:func:`rrule_of`) whose DTSTART is its first due day
  within ``document.recurrence_start``..``recurrence_end`` and whose UNTIL is ``recurrence_end``;
  its expansion equals :meth:`Recurrence.occurrences` over that period (tested).
* Undated deadlines (按照市定时间节点…) and recurrences with no due day in the period are not events;
  :func:`feed_counts` tells how many a feed leaves out.
* UIDs come from the owner and the deadline's position (``lantian-12-d1@huiji-plan``), so the same
  deadline has the same UID in every feed and every build.
* DTSTAMP is :func:`common.build_timestamp` (SOURCE_DATE_EPOCH, else the publication time).
* Each event has a VALARM reminder seven days before (TRIGGER:-P7D, ACTION:DISPLAY).
* :func:`generator.exports.build_exports` serialises each event once (:class:`EventCache`) and
  splices the bytes into every feed that lists it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from icalendar import Alarm, Calendar, Event, vRecur

from generator.exports.common import (
    Entry,
    build_timestamp,
    campaign_entries,
    page_url,
    plan_entries,
    role_text,
    unit_entries,
    units_text,
)
from generator.exports.memo import made
from generator.model.dates import Recurrence
from generator.model.model import ROLES, Campaign, Plan, Requirement, Task, Unit

PRODID = "-//huiji-plan//plan deadlines//ZH"
REMINDER = dt.timedelta(days=-7)


def rrule_of(rec: Recurrence, until: dt.date) -> vRecur:
    """RRULE for a recurrence, matching :meth:`Recurrence.occurrences` (day clamped to month end).

    每月28日 → FREQ=MONTHLY;BYMONTHDAY=28; 每季度 → FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1 (from a
    quarter-end DTSTART); 每半年 → INTERVAL=6; 每年 → FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1.
    A day above 28 (每月30日) becomes BYMONTHDAY=28,29,30;BYSETPOS=-1 — "the 30th, or the month's
    last day if shorter", as the document means it (plain BYMONTHDAY=30 would skip February).
    """
    parts: dict[str, object] = {}
    if rec.freq == "yearly":
        parts = {"FREQ": "YEARLY", "BYMONTH": 12}
    else:
        parts = {"FREQ": "MONTHLY"}
        interval = {"monthly": 1, "quarterly": 3, "semiannual": 6}[rec.freq]
        if interval > 1:
            parts["INTERVAL"] = interval
    if rec.day is None:
        parts["BYMONTHDAY"] = -1
    elif rec.day <= 28:
        parts["BYMONTHDAY"] = rec.day
    else:
        parts["BYMONTHDAY"] = list(range(28, rec.day + 1))
        parts["BYSETPOS"] = -1
    parts["UNTIL"] = until
    return vRecur(parts)


def _role_lines(task: Task) -> list[str]:
    lines = []
    for role in ROLES:
        text = units_text(task, role)
        if text:
            lines.append(f"{role.label}:{text}")
    return lines


def _unit_line(e: Entry, unit: Unit | None) -> str | None:
    """The description's first line in a unit's feed (the unit's role); ``None`` in other feeds.

    The only part of an event that depends on the feed it is in.
    """
    if unit is None:
        return None
    if isinstance(e.owner, Task):
        return f"本单位角色:{role_text(e.owner, unit)}"
    return f"本单位角色:{e.owner.campaign.requirements_heading}所列事项,面向各有关单位"


def _link(e: Entry, site_url: str | None) -> str:
    anchor = e.anchor()
    return page_url(e.page(), site_url) + (f"#{anchor}" if anchor else "")


def _description(plan: Plan, e: Entry, unit_line: str | None, site_url: str | None) -> str:
    lines: list[str] = [unit_line] if unit_line is not None else []
    d = e.deadline
    lines.append(f"时限:{d.subitem or ''}{e.words}")
    if d.original is not None and d.revision is not None:
        o = d.original
        was = o.date.isoformat() if o.date else (o.recurrence.text if o.recurrence else "无具体日期")
        lines.append(f"调整:原定“{d.original.text}”({was}),依据{d.revision.label}调整")
    if d.recurrence:
        days = e.due_days(plan)
        lines.append(
            f"周期:{d.recurrence.text},{days[0].isoformat()}起至{plan.document.recurrence_end.isoformat()},"
            f"共{len(days)}次"
        )
    owner = e.owner
    if isinstance(owner, Task):
        sec = owner.section
        lines.append(f"任务:{e.campaign.short_title}第{owner.number}项 {owner.title}({sec.label}{sec.title})")
        if d.subitem:
            sub = next((s for s in owner.subitems if s.label == d.subitem), None)
            if sub:
                lines.append(f"分项:{sub.label}{sub.text}")
        lines += _role_lines(owner)
    else:
        assert isinstance(owner, Requirement)
        lines.append(f"{owner.campaign.requirements_heading}{owner.label}:{owner.title}。{owner.text}")
    lines.append(f"详情:{_link(e, site_url)}")
    lines.append(f"依据:{plan.document.doc_number}《{e.campaign.title}》")
    return "\n".join(lines)


class EventValues(NamedTuple):
    """Everything a VEVENT is written from, as plain values (the key of its bytes,
    :func:`generator.exports.memo.made`)."""

    uid: str
    stamp: dt.datetime
    start: dt.date
    recurrence: tuple[Recurrence, dt.date] | None
    """The recurrence and its UNTIL."""
    summary: str
    description: str
    categories: tuple[str, ...]
    url: str | None
    reminder: str | None
    """The VALARM's text; None: no reminder (an item reported done)."""


def event_values(
    plan: Plan, e: Entry, unit_line: str | None, site_url: str | None, stamp: dt.datetime,
    mark: str | None = None,
) -> EventValues | None:
    """What the VEVENT of ``e`` says (None: ``e`` has no due day); ``mark`` (a unit's one-off item
    reported done: 已完成 / 已销号) prefixes the summary with it and drops the reminder."""
    days = e.due_days(plan)
    if not days:
        return None
    description = _description(plan, e, unit_line, site_url)
    return EventValues(
        uid=e.uid,
        stamp=stamp,
        start=days[0],
        recurrence=(e.deadline.recurrence, plan.document.recurrence_end) if e.deadline.recurrence else None,
        summary=f"【{mark}】{e.summary}" if mark else e.summary,
        description=f"状态:{mark}(据进展报送)\n{description}" if mark else description,
        categories=(e.campaign.short_title, "有关要求" if e.is_requirement else "工作任务"),
        url=_link(e, site_url) if site_url else None,
        reminder=None if mark else f"7天后到期:{e.summary}",
    )


def event_of(v: EventValues) -> Event:
    """The VEVENT of ``v``."""
    ev = Event()
    ev.add("uid", v.uid)
    ev.add("dtstamp", v.stamp)
    ev.add("dtstart", v.start)
    ev.add("dtend", v.start + dt.timedelta(days=1))
    if v.recurrence:
        ev.add("rrule", rrule_of(*v.recurrence))
    ev.add("summary", v.summary)
    ev.add("description", v.description)
    ev.add("categories", list(v.categories))
    if v.url:
        ev.add("url", v.url)
    ev.add("transp", "TRANSPARENT")
    if v.reminder is None:
        return ev
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", REMINDER)
    alarm.add("description", v.reminder)
    ev.add_component(alarm)
    return ev


def serialised(v: EventValues) -> bytes:
    """The VEVENT's bytes (kept by a preview's memo for equal values)."""
    return made(("vevent", v), lambda: event_of(v).to_ical())


def event(plan: Plan, e: Entry, unit: Unit | None, site_url: str | None,
          stamp: dt.datetime) -> EventValues | None:
    """What the VEVENT of ``e`` says in ``unit``'s feed (:mod:`generator.exports.across` re-labels it)."""
    return event_values(plan, e, _unit_line(e, unit), site_url, stamp)


def _sorted(plan: Plan, entries: list[Entry]) -> list[Entry]:
    dated = [(e.due_days(plan), i, e) for i, e in enumerate(entries)]
    return [e for days, _, e in sorted((x for x in dated if x[0]), key=lambda x: (x[0][0], x[1]))]


def feed_counts(plan: Plan, entries: list[Entry]) -> tuple[int, int]:
    """(events, deadlines left out because they have no due day in the plan)."""
    events = sum(1 for e in entries if e.due_days(plan))
    return events, len(entries) - events


class EventCache:
    """Serialised VEVENTs of one plan, shared by the feeds of one build.

    An event is the same bytes in every feed it appears in (the whole plan, its campaign, each unit
    concerned), except for the first description line of unit feeds (:func:`_unit_line`), so each
    distinct (UID, unit line) is serialised once — the serialisation (line folding) is most of the
    feeds' cost. Bound to one plan; the key also carries the site URL and DTSTAMP.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._bytes: dict[tuple[str, str | None, str | None, dt.datetime, str | None], bytes] = {}

    def get(self, e: Entry, unit: Unit | None, site_url: str | None, stamp: dt.datetime,
            mark: str | None = None) -> bytes:
        line = _unit_line(e, unit)
        key = (e.uid, line, site_url, stamp, mark)
        out = self._bytes.get(key)
        if out is None:
            v = event_values(self.plan, e, line, site_url, stamp, mark)
            out = self._bytes[key] = serialised(v) if v is not None else b""
        return out


_END = b"END:VCALENDAR\r\n"


def _calendar(plan: Plan, name: str, desc: str, entries: list[Entry], unit: Unit | None,
              site_url: str | None, events: EventCache | None = None,
              marks: dict[str, str] | None = None) -> bytes:
    """The feed: the calendar's own properties from icalendar, then the events' cached bytes
    (byte for byte what ``Calendar.to_ical`` writes for the calendar with the events added)."""
    if events is None:
        events = EventCache(plan)
    elif events.plan is not plan:
        raise ValueError("EventCache belongs to another plan")
    stamp = build_timestamp(plan)
    marks = marks or {}
    return calendar_of(name, desc, [events.get(e, unit, site_url, stamp, marks.get(e.uid))
                                    for e in _sorted(plan, entries)])


def calendar_of(name: str, desc: str, events: list[bytes]) -> bytes:
    """A feed of serialised ``events``: the calendar's own properties from icalendar, then the
    events' bytes — byte for byte what ``Calendar.to_ical`` writes for the calendar with the events
    added."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", desc)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    shell = cal.to_ical()
    if not shell.endswith(_END):
        raise AssertionError(f"unexpected end of a VCALENDAR: {shell[-40:]!r}")
    return shell[: -len(_END)] + b"".join(events) + _END


def _desc(plan: Plan, what: str, entries: list[Entry]) -> str:
    events, undated = feed_counts(plan, entries)
    doc = plan.document
    text = f"{doc.doc_number}《{doc.title}》中{what}的时限,共{events}项"
    if undated:
        text += f";另有{undated}项时限没有具体日期(如“按照市定时间节点”),未列入日历"
    end = doc.recurrence_end
    return text + f"。周期性时限列至{end.year}年{end.month}月{end.day}日。"


def unit_feed(plan: Plan, unit: Unit, site_url: str | None = None, events: EventCache | None = None,
              marks: dict[str, str] | None = None) -> bytes:
    """The unit's calendar. ``marks``: UID → 已完成 / 已销号 for the one-off deadlines the unit has
    reported done (:func:`generator.site.views.progress.progress_files` passes them when there are
    reports)."""
    entries = unit_entries(plan, unit)
    name = f"{unit.name}任务时限 · {plan.document.doc_number}"
    headings = "/".join(dict.fromkeys(c.requirements_heading for c in plan.campaigns))
    desc = _desc(plan, f"{unit.name}承担(牵头、配合、责任)的任务及所在方案“{headings}”所列事项", entries)
    return _calendar(plan, name, desc, entries, unit, site_url, events, marks)


def campaign_feed(
    plan: Plan, campaign: Campaign, site_url: str | None = None, events: EventCache | None = None
) -> bytes:
    entries = campaign_entries(campaign)
    name = f"{campaign.short_title}任务时限 · {plan.document.doc_number}"
    desc = _desc(plan, f"《{campaign.title}》", entries)
    return _calendar(plan, name, desc, entries, None, site_url, events)


def plan_feed(plan: Plan, site_url: str | None = None, events: EventCache | None = None) -> bytes:
    entries = plan_entries(plan)
    name = f"全部任务时限 · {plan.document.doc_number}"
    return _calendar(plan, name, _desc(plan, "全部任务", entries), entries, None, site_url, events)
