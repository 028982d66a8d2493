"""Pages (the site stage): the resolved :class:`~generator.model.model.Plan` → every page of the site.

:func:`build_site` is a pure function: it reads the plan and a :class:`SiteConfig` and returns a
:class:`Site` — Markdown pages (source path, title, text), the navigation, and the download files
from :mod:`generator.exports`. It imports nothing from MkDocs; :mod:`generator.adapters.mkdocs_hooks` is
the adapter that hands the result to MkDocs.

Every path comes from :mod:`generator.model.urls`; this module prepares per-page view data and
:mod:`generator.site.render` turns it into Markdown with one template per page type.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from markupsafe import escape

from generator import exports
from generator.data.problems import Problem
from generator.data.progress import STATUSES
from generator.data.revisions import task_revision_notes
from generator.data.schema import UnitKind
from generator.data.status import KEYS as SETTINGS_KEYS
from generator.data.status import LIGHT_ORDER, ItemStatus, Light, Status, as_of_date, rating, reporting_words
from generator.data.status import rules as status_rules
from generator.editors import guide
from generator.editors.history import ChangeEntry, SiteHistory
from generator.exports import feeds, ics, progress_xlsx, search
from generator.exports.csv import items_csv, reports_csv
from generator.model import urls
from generator.model.duties import (
    RULES,
    Duty,
    Entry,
    TaskCounts,
    duty,
    owner_label,
    owner_page,
    task_counts,
    unit_entries,
)
from generator.model.model import (
    ROLES,
    Assignment,
    Campaign,
    Flag,
    Occurrence,
    Plan,
    Revision,
    Role,
    Target,
    Task,
    Unit,
    flags_about,
)
from generator.site.identity import feedback_href
from generator.site.render import render

UNIT_KIND_ORDER: tuple[str, ...] = get_args(UnitKind)


@dataclass(frozen=True)
class SiteConfig:
    """What the generator needs to know about where the site lives."""

    repository: str | None = None
    """The code repository's address when ``site.yaml`` leaves it out (the Pages workflow passes
    ``HUIJI_REPO_URL``); edit links appear only when one of them gives it."""
    site_url: str | None = None
    """Public URL of the site, if known (makes ``webcal://`` links absolute)."""
    calendar_until: dt.date = dt.date(2025, 12, 31)
    """The calendar shows months at least up to this date."""


@dataclass(frozen=True)
class UnitCounts:
    """A unit's task counts (:func:`generator.model.duties.task_counts`): the whole plan and per campaign."""

    total: TaskCounts
    by_campaign: dict[str, TaskCounts]


NOT_SEARCHED = frozenset(
    {urls.MATRIX, urls.CALENDAR, urls.DEADLINES, urls.SOURCE}
    | {urls.HOW_TO_EDIT, urls.CHANGELOG, urls.DOWNLOADS, urls.SEARCH}
    | {urls.TASKS_INDEX, urls.UNITS_INDEX, urls.ACCESSIBILITY}
)
"""Pages left out of the search index: they repeat what task, unit and campaign pages already say
(the 原文 text is on the task pages verbatim; the matrix is 牵/配/责 cells; the two indexes list
every title and name, which the search page's direct hits answer), and every byte of the index is
a download for whoever searches on a slow network."""

MAX_CAMPAIGN_COLUMNS = 6
"""The units index shows lead/cooperate/responsible counts per campaign while that fits (3 × 3
columns here); beyond it (a site of many plans) only the totals, each unit page keeping the split."""


@dataclass(frozen=True)
class Page:
    src_path: str
    title: str
    """Plain text (not escaped)."""
    markdown: str


@dataclass(frozen=True)
class Updated:
    """A page's “最后更新” line: the date, or why it is unknown."""

    date: dt.date | None
    reason: str


def unknown_reason(history: SiteHistory | None) -> str:
    if history is None or not history.available:
        return "无 git 历史"
    if history.shallow:
        return "浅克隆"
    return "尚未提交"


def newest(history: SiteHistory | None, paths: list[str]) -> Updated:
    """The newest known last-change date of ``paths``."""
    if history is None:
        return Updated(None, unknown_reason(history))
    known = [d for p in paths if (d := history.updated.get(p)) is not None]
    return Updated(max(known) if known else None, unknown_reason(history))


@dataclass(frozen=True)
class ChangeDay:
    date: dt.date
    entries: list[ChangeEntry]

    @property
    def anchor(self) -> str:
        return f"d-{self.date.isoformat()}"


def change_days(entries: Sequence[ChangeEntry]) -> list[ChangeDay]:
    """Entries grouped by date, newest first (entries keep their order within a day)."""
    days: dict[dt.date, list[ChangeEntry]] = {}
    for e in entries:
        days.setdefault(e.date, []).append(e)
    return [ChangeDay(d, days[d]) for d in sorted(days, reverse=True)]


NavEntry = tuple[str, str | list["NavEntry"]]


@dataclass
class Site:
    pages: list[Page]
    nav: list[NavEntry]
    """Nested (title, src_path | children); titles are plain text."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Download files (site path → bytes) from :mod:`generator.exports`."""

    def page(self, src_path: str) -> Page:
        return next(p for p in self.pages if p.src_path == src_path)


# --- exports -------------------------------------------------------------------------------------


def default_exports(plan: Plan, site_url: str | None = None) -> dict[str, bytes]:
    """Every download file: :func:`generator.exports.build_exports`."""
    return dict(exports.build_exports(plan, site_url))


@dataclass(frozen=True)
class ExportsView:
    """What the pages say about the download files: :func:`generator.exports.describe_exports`
    (only files that exist), their sizes, the feed rules and the column notes."""

    infos: dict[str, Any] = field(default_factory=dict)
    """Site path → ``ExportInfo``."""
    sizes: dict[str, int] = field(default_factory=dict)
    feed_rules: str = ""
    notes: dict[str, Any] = field(default_factory=dict)
    """``generator.exports.field_notes()``."""

    def info(self, path: str) -> Any:
        return self.infos.get(path)

    def size(self, path: str) -> str:
        """``12 KB`` / ``850 字节``; empty when unknown or empty."""
        n = self.sizes.get(path, 0)
        if not n:
            return ""
        if n < 1024:
            return f"{n} 字节"
        if n < 1024 * 1024:
            return f"{max(1, round(n / 1024))} KB"
        return f"{n / 1024 / 1024:.1f} MB"


def exports_view(plan: Plan, files: Mapping[str, bytes]) -> ExportsView:
    if not files:
        return ExportsView()
    infos = {i.path: i for i in exports.describe_exports(plan) if i.path in files}
    return ExportsView(
        infos=infos,
        sizes={p: len(b) for p, b in files.items()},
        feed_rules=exports.FEED_RULES,
        notes=exports.field_notes(files.get(urls.PLAN_SCHEMA)),
    )


# --- view helpers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitEntry:
    unit: Unit
    subitems: tuple[str, ...]
    implicit: bool
    note: str | None
    added_by: Revision | None = None
    """The later document that added the unit to this role."""


@dataclass(frozen=True)
class UnitDuties:
    """A unit page's duties, worked out once in Python (the template only loops over them)."""

    by_campaign: dict[str, dict[Role, list[Duty]]]
    """Campaign id → role → duties, tasks in the campaign's order (campaigns without any: absent)."""
    rows: list[tuple[Task, list[tuple[Role, Duty | None]]]]
    """The unit's tasks (``plan.tasks_of(unit)`` order), each with (role, its duty) per role of
    ``ROLES``."""


def unit_duties(plan: Plan, unit: Unit) -> UnitDuties:
    tasks = plan.tasks_of(unit)
    found = {(t.id, role): duty(t, unit, role) for t in tasks for role in ROLES}
    mine = {t.id for t in tasks}
    by_campaign: dict[str, dict[Role, list[Duty]]] = {}
    for c in plan.campaigns:
        if not any(t.id in mine for t in c.tasks):
            continue
        by_campaign[c.id] = {
            role: [d for t in c.tasks if t.id in mine and (d := found[(t.id, role)]) is not None]
            for role in ROLES
        }
    rows = [(t, [(role, found[(t.id, role)]) for role in ROLES]) for t in tasks]
    return UnitDuties(by_campaign, rows)


def task_units(task: Task, role: Role) -> list[UnitEntry]:
    out: list[UnitEntry] = []
    for unit in task.units(role):
        d = duty(task, unit, role)
        assert d is not None
        out.append(UnitEntry(unit, d.subitems, d.implicit, d.note, d.added_by))
    return out


def subitem_units(assignments: list[Assignment], role: Role) -> list[Assignment]:
    return [a for a in assignments if a.role == role]


def role_label(assignments: list[Assignment], role: Role) -> str:
    """The label the document used for a role's line (责任部门 where it says so)."""
    return next((a.label for a in assignments if a.role == role and not a.implicit), role.label)


@dataclass(frozen=True)
class UnitOccurrence:
    """One due day of a deadline that concerns a unit (a recurrence gives one per due day)."""

    date: dt.date
    entry: Entry


def unit_occurrences(plan: Plan, entries: list[Entry]) -> list[UnitOccurrence]:
    """The dated due days of ``entries`` (recurrences expanded), by date then document order."""
    out = [(day, i, e) for i, e in enumerate(entries) for day in e.due_days(plan)]
    return [UnitOccurrence(day, e) for day, _, e in sorted(out, key=lambda x: (x[0], x[1]))]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    occurrences: list[Occurrence]

    @property
    def anchor(self) -> str:
        return f"m-{self.year}-{self.month:02d}"

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
        return f"{self.first.anchor}-{self.last.month:02d}" if self.first != self.last else self.first.anchor

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


def task_by_number(campaign: Campaign, number: int) -> Task | None:
    return next((t for t in campaign.tasks if t.number == number), None)


# --- flags, targets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagRow:
    flag: Flag
    where: str
    page: str
    anchor: str | None


def all_flags(plan: Plan) -> list[FlagRow]:
    rows = [FlagRow(f, "文件", urls.SOURCE, None) for f in plan.document.flags]
    for c in plan.campaigns:
        rows += [FlagRow(f, c.short_title, urls.campaign_page(c.id), None) for f in c.flags]
        for t in c.tasks:
            rows += [FlagRow(f, f"{t.code} {t.title}", urls.task_page(t.id), None) for f in t.flags]
        for r in c.requirements:
            rows += [
                FlagRow(
                    f,
                    f"{c.short_title} {r.label}{r.title}",
                    urls.campaign_page(c.id),
                    urls.requirement_anchor(r.number),
                )
                for f in r.flags
            ]
    return rows


@dataclass(frozen=True)
class TargetRow:
    target: Target
    campaign: Campaign
    task: Task | None
    leads: list[Unit]
    flags: list[Flag]


def all_targets(plan: Plan) -> list[TargetRow]:
    rows: list[TargetRow] = []
    for c in plan.campaigns:
        rows += [TargetRow(t, c, None, [], flags_about(t, c.flags)) for t in c.targets]
        for task in c.tasks:
            for t in task.all_targets:
                leads = (
                    [a.unit for a in task.assignments if a.role == Role.LEAD and a.subitem == t.subitem]
                    if t.subitem
                    else []
                ) or task.units(Role.LEAD)
                rows.append(TargetRow(t, c, task, leads, flags_about(t, task.flags)))
    return rows


# --- 原文 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSpan:
    """A piece of a 原文 line: plain text, or text that links to a unit's or a task's page."""

    text: str
    unit: Unit | None = None
    task: Task | None = None


@dataclass(frozen=True)
class SourceLine:
    text: str
    anchors: tuple[str, ...]
    heading: bool = False
    right: bool = False
    spans: tuple[SourceSpan, ...] = ()
    """The text cut into linked and plain pieces (joined, exactly :attr:`text`); empty: all plain."""

    @property
    def parts(self) -> tuple[SourceSpan, ...]:
        return self.spans or (SourceSpan(self.text),)


_SEPARATORS = re.compile(r"[、,，;；\s]+")
# a task's first line in the 原文: “12.” / “12．” / “12、” (one pattern, not one per task: compiling
# 79 patterns was a tenth of the pages' time)
_TASK_NUMBER = re.compile(r"([0-9]+)\s*[.．、]\s*")


def _task_number(line: str, number: str) -> re.Match[str] | None:
    """``line``'s opening task number (after blanks), if it is ``number``."""
    m = _TASK_NUMBER.match(line, len(line) - len(line.lstrip()))
    return m if m is not None and m.group(1) == number else None


def _unit_names(plan: Plan) -> dict[str, Unit]:
    """Every registry name and alias → its unit."""
    names: dict[str, Unit] = {}
    for u in plan.units:
        for n in (*u.aliases, u.name):
            if n:
                names[n] = u
    return names


def _spans(text: str, links: list[tuple[int, int, Unit | Task]]) -> tuple[SourceSpan, ...]:
    out: list[SourceSpan] = []
    pos = 0
    for lo, hi, target in sorted(links, key=lambda x: x[0]):
        if lo > pos:
            out.append(SourceSpan(text[pos:lo]))
        if isinstance(target, Task):
            out.append(SourceSpan(text[lo:hi], task=target))
        else:
            out.append(SourceSpan(text[lo:hi], unit=target))
        pos = hi
    if pos < len(text):
        out.append(SourceSpan(text[pos:]))
    return tuple(out)


def unit_line_links(plan: Plan, texts: list[str]) -> dict[int, list[tuple[int, int, Unit]]]:
    """Where registry unit names stand in the 原文's unit lines (牵头单位:… 配合单位:… 责任单位:…
    责任部门:…): line index → (start, end, unit). A line whose last name runs on into the next line
    (“区发展改” / “革委”) continues there; each piece links to the unit."""
    names = _unit_names(plan)
    if not names:
        return {}
    labels = {r.label for r in ROLES} | {a.label for t in plan.tasks for a in t.assignments}
    def alternation(words: set[str] | dict[str, Unit]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    label_re = re.compile(f"^(?:{alternation(labels)})" + r"\s*[:：]")
    name_re = re.compile(alternation(names))
    out: dict[int, list[tuple[int, int, Unit]]] = {}
    for k, text in enumerate(texts):
        m = label_re.match(text)
        if not m:
            continue
        region = [(k, m.end())]
        rest = text[m.end():]
        tail = _SEPARATORS.split(rest)[-1] if rest else ""
        if tail and tail not in names and k + 1 < len(texts) and not label_re.match(texts[k + 1]):
            nxt = texts[k + 1]
            split = [n.removeprefix(tail) for n in names if len(n) > len(tail) and n.startswith(tail)]
            if any(nxt.startswith(rest) for rest in split):
                region.append((k + 1, 0))
        joined = ""
        offsets: list[tuple[int, int, int]] = []  # (line, start in joined, start in line)
        for line, start in region:
            offsets.append((line, len(joined), start))
            joined += texts[line][start:]
        for hit in name_re.finditer(joined):
            for line, j0, l0 in offsets:
                j1 = j0 + len(texts[line]) - l0
                lo, hi = max(hit.start(), j0), min(hit.end(), j1)
                if lo < hi:
                    out.setdefault(line, []).append((lo - j0 + l0, hi - j0 + l0, names[hit.group()]))
    return out


def source_lines(plan: Plan) -> list[SourceLine]:
    """The original text line by line, with an anchor at each campaign title and each task's first
    line (``urls.source_anchor``). A task whose line cannot be found gets its anchor at its
    campaign's title (every task page's link must resolve)."""
    raw = plan.document.source_text.split("\n")
    anchors: dict[int, list[str]] = {}
    task_at: dict[int, Task] = {}
    headings: set[int] = set()
    pos = 0
    for c in plan.campaigns:
        start = next((i for i in range(pos, len(raw)) if raw[i].strip() == c.title.strip()), None)
        if start is None:
            start = next((i for i in range(len(raw)) if raw[i].strip() == c.title.strip()), None)
        if start is not None:
            headings.add(start)
            anchors.setdefault(start, []).append(urls.campaign_source_anchor(c.id))
            pos = start + 1
        for t in c.tasks:
            if t.added_by_id is not None:  # added by a later document: not in the original
                continue
            number = str(t.number)
            hit = next((i for i in range(pos, len(raw)) if _task_number(raw[i], number)), None)
            if hit is None:
                fallback = start if start is not None else 0
                anchors.setdefault(fallback, []).append(urls.source_anchor(t.id))
            else:
                anchors.setdefault(hit, []).append(urls.source_anchor(t.id))
                task_at[hit] = t
                pos = hit + 1
    kept = [i for i, line in enumerate(raw) if line.strip()]
    texts = [raw[i].strip() for i in kept]
    links: dict[int, list[tuple[int, int, Unit | Task]]] = {
        k: list(v) for k, v in unit_line_links(plan, texts).items()
    }
    for k, i in enumerate(kept):
        at = task_at.get(i)
        m = _task_number(texts[k], str(at.number)) if at else None
        if at and m:
            end = m.end() + (len(at.title) if texts[k].startswith(at.title, m.end()) else 0)
            links.setdefault(k, []).append((0, end, at))
    out: list[SourceLine] = []
    pending: list[str] = []
    k = 0
    for i, line in enumerate(raw):
        ids = pending + anchors.get(i, [])
        if not line.strip():
            pending = ids
            continue
        pending = []
        lead = len(line) - len(line.lstrip())
        text = texts[k]
        spans = _spans(text, links[k]) if k in links else ()
        out.append(SourceLine(text, tuple(ids), i in headings, lead >= 8, spans))
        k += 1
    if pending:
        out.append(SourceLine("", tuple(pending)))
    return out


# --- progress -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressOverview:
    """The 督办 page: the open items that need attention, and the units' lights."""

    items: list[ItemStatus]
    """Overdue, lagging and due-soon items, worst first, then by day."""
    counts: dict[Light, int]
    units: list[tuple[Unit, Light]]


ATTENTION_LIMIT = 300
"""The 督办 page lists the 300 worst items (a page a phone can load); all are in the CSV."""
TASK_TIMELINE_LIMIT = 10
"""A task page lists its latest 10 reports (below the table of every unit's current light and reason)."""
TIMELINE_LIMIT = 20
"""A task or unit page lists the latest 20 reports in full (a unit reporting monthly on 30 tasks
sends 360 a year); all of them are in :data:`generator.model.urls.REPORTS_CSV`."""


def progress_overview(status: Status) -> ProgressOverview:
    items = status.needing_attention
    counts: dict[Light, int] = {}
    for i in status.all_items:
        counts[i.light] = counts.get(i.light, 0) + 1
    units = [(u, status.unit_light(u)) for u in status.plan.units if status.items(u)]
    return ProgressOverview(items, counts, units)


def progress_files(plan: Plan, status: Status, site_url: str | None = None) -> dict[str, bytes]:
    """The downloads that depend on the reports (built every time: they change with the as-of date):
    each unit's 进展报送表, the quarterly 调度 workbooks, the Atom feeds."""
    out: dict[str, bytes] = {}
    for u in plan.units:
        if status.items(u):
            out[urls.progress_template(u.id)] = progress_xlsx.template(plan, status, u)
            owed = owed_period(status, u)
            if owed:  # the month it still owes a report for: a late report belongs to that month
                out[urls.progress_template(u.id, owed)] = progress_xlsx.template(plan, status, u, owed)
    for q in status.quarters:
        out[urls.quarter_xlsx(q.key)] = progress_xlsx.quarter(plan, status, q)
    out.update(feeds.feeds(plan, status, site_url, TIMELINE_LIMIT))
    if status.has_data:
        out[urls.REPORTS_CSV] = reports_csv(status.reports_of_all(), status.demo)
        out[urls.ATTENTION_CSV] = items_csv(status.needing_attention, status.demo)
    if status.has_data:  # the units' calendars mark what they reported done
        events = ics.EventCache(plan)
        for u in plan.units:
            marks = ics_marks(status, u)
            if marks:
                out[urls.unit_ics(u.id)] = ics.unit_feed(plan, u, site_url, events, marks)
    return out


def owed_period(status: Status, unit: Unit) -> str | None:
    """The latest past month (before the as-of month) whose periodic report ``unit`` has not sent."""
    this = status.as_of.isoformat()[:7]
    owed = [
        i.due.isoformat()[:7]
        for i in status.items(unit)
        if i.entry.deadline.reporting and i.light is Light.OVERDUE and i.due and i.due.isoformat()[:7] < this
    ]
    return max(owed) if owed else None


def ics_marks(status: Status, unit: Unit) -> dict[str, str]:
    """UID → 已完成 / 已销号 for ``unit``'s one-off deadlines whose item is done (a recurrence keeps
    its one repeating event: its occurrences' lights are on the pages)."""
    out: dict[str, str] = {}
    for i in status.items(unit):
        d = i.entry.deadline
        one_off = d.date is not None and d.recurrence is None and i.entry.index > 0
        if one_off and i.light in (Light.DONE, Light.CLOSED):
            out[i.entry.uid] = i.light.label
    return out


# --- the site ------------------------------------------------------------------------------------


def _campaigns_label(n: int) -> str:
    """``三个方案`` for three, ``实施方案`` for one, ``12个方案`` beyond ten.

    >>> _campaigns_label(3), _campaigns_label(1), _campaigns_label(12)
    ('三个方案', '实施方案', '12个方案')
    """
    if n == 1:
        return "实施方案"
    return f"{'一两三四五六七八九十'[n - 1]}个方案" if 1 < n <= 10 else f"{n}个方案"


def _nav(plan: Plan) -> list[NavEntry]:
    return [
        ("首页", urls.HOME),
        (
            _campaigns_label(len(plan.campaigns)),
            [(c.title, urls.campaign_page(c.id)) for c in plan.campaigns],
        ),
        ("任务", urls.TASKS_INDEX),
        ("单位", urls.UNITS_INDEX),
        ("责任矩阵", urls.MATRIX),
        ("时限", urls.DEADLINES),
        ("日历", urls.CALENDAR),
        ("指标", urls.TARGETS),
        ("原文", urls.SOURCE),
        ("督办", [("督办一览", urls.PROGRESS), ("计算方法", urls.PROGRESS_METHOD)]),
        ("数据下载", urls.DOWNLOADS),
        ("搜索", urls.SEARCH),
        (
            "关于",
            [
                ("关于本站", urls.ABOUT),
                ("无障碍声明", urls.ACCESSIBILITY),
                ("编辑指南", urls.HOW_TO_EDIT),
                ("更新记录", urls.CHANGELOG),
                ("不规范之处", urls.FLAGS),
            ],
        ),
    ]


def build_site(
    plan: Plan,
    config: SiteConfig | None = None,
    exports: Mapping[str, bytes] | None = None,
    history: SiteHistory | None = None,
    status: Status | None = None,
) -> Site:
    """Every page of the site, its navigation and its download files. Pure: same input, same output.

    ``exports`` defaults to :func:`default_exports` plus :func:`progress_files`; download links are
    shown only for files that exist in it (so the site never links to a missing file). ``history``
    (from git, computed by the caller) gives the pages' “最后更新” dates and the 更新记录 page;
    ``None``: no history (the pages say so). ``status`` (:class:`generator.data.status.Status`: the
    progress reports evaluated as of a date) gives every light; ``None``: no reports, as of today in
    China (the pages say 尚无进展报送).
    """
    config = config or SiteConfig()
    status = status or Status(plan, None, as_of_date())
    files = dict(default_exports(plan, config.site_url) if exports is None else exports)
    ex = exports_view(plan, files)
    occurrences = plan.occurrences()
    doc = plan.document
    tasks = plan.tasks

    # unit ids per campaign, from the assignments (not a units × tasks scan: linear at scale)
    ids_in = {c.id: {a.unit.id for t in c.tasks for a in t.assignments} for c in plan.campaigns}
    units_in: dict[str, list[Unit]] = {
        c.id: [u for u in plan.units if u.id in ids_in[c.id]] for c in plan.campaigns
    }

    # the responsibility matrix, cell by cell: campaign id → [(unit, [per task: [(role, implicit)]])]
    matrix_rows: dict[str, list[tuple[Unit, list[list[tuple[Role, bool]]]]]] = {
        c.id: [
            (u, [[(role, t.is_implicit(u, role)) for role in t.roles_of(u)] for t in c.tasks])
            for u in units_in[c.id]
        ]
        for c in plan.campaigns
    }

    def counts(unit: Unit) -> UnitCounts:
        """The unit's :class:`~generator.model.duties.TaskCounts`, whole plan and per campaign."""
        return UnitCounts(task_counts(plan, unit), {c.id: task_counts(plan, unit, c) for c in plan.campaigns})

    def has(path: str) -> bool:
        return path in files

    def webcal(path: str) -> str | None:
        if not config.site_url:
            return None
        base = config.site_url.rstrip("/") + "/" + path
        return re.sub(r"^https?://", "webcal://", base)

    site = plan.site.with_repository(config.repository)
    edit_base = site.edit_base
    # units.yaml beside the campaigns folder (paths as the repository has them: plan_data/…)
    units_ref = plan.campaigns[0].source.path.split("/campaigns/")[0] if plan.campaigns else "plan_data"
    units_ref += "/units.yaml"

    def feedback(page: str, subject: str, about: str) -> str | None:
        """The page's 纠错/留言 mailto: link (None without a configured e-mail address)."""
        address = (config.site_url or "").rstrip("/") + "/" + urls.page_url(page)
        return feedback_href(site, subject, address, about)

    common: dict[str, Any] = {
        "site": site,
        "campaigns_word": _campaigns_label(len(plan.campaigns)),
        "plan": plan,
        "doc": doc,
        "config": config,
        "has": has,
        "webcal": webcal,
        "task_units": task_units,
        "subitem_units": subitem_units,
        "role_label": role_label,
        "owner_page": owner_page,
        "owner_label": owner_label,
        "units_in": units_in,
        "Task": Task,
        "history": history,
        "exports": ex,
        "task_by_number": task_by_number,
        "status": status,
        "Light": Light,
        "LIGHT_ORDER": LIGHT_ORDER,
        "reporting_words": reporting_words(plan),
        "rating": rating,
        "timeline_limit": TIMELINE_LIMIT,
        "task_timeline_limit": TASK_TIMELINE_LIMIT,
        "attention_limit": ATTENTION_LIMIT,
    }

    pages: list[Page] = []

    def add(src: str, template: str, title: str, **ctx: Any) -> None:
        body = render(template, src, {**common, "title": title, **ctx})
        pages.append(Page(src, title, body))

    months = months_of(occurrences)
    add(urls.HOME, "home.md.j2", doc.title, months=months)

    for c in plan.campaigns:
        add(urls.campaign_page(c.id), "campaign.md.j2", c.title, campaign=c)

    for i, t in enumerate(tasks):
        add(
            urls.task_page(t.id),
            "task.md.j2",
            f"{t.code} {t.title}",
            task=t,
            prev=tasks[i - 1] if i > 0 else None,
            next=tasks[i + 1] if i + 1 < len(tasks) else None,
            edit_url=edit_base + t.source.path if edit_base else None,
            feedback=feedback(urls.task_page(t.id), f"纠错/留言：{t.code} {t.title}", f"{t.code} {t.title}"),
            occ=plan.occurrences([t]),
            updated=newest(history, [t.source.path]),
            task_light=status.task_light(t),
            items=status.owner_items(t),
            reports=status.reports_about(t),
        )

    add(urls.TASKS_INDEX, "tasks.md.j2", "全部任务")

    kinds = [k for k in UNIT_KIND_ORDER if any(u.kind == k for u in plan.units)]
    kinds += sorted({u.kind for u in plan.units} - set(kinds))
    unit_counts = {u.id: counts(u) for u in plan.units}
    add(
        urls.UNITS_INDEX,
        "units.md.j2",
        "全部单位",
        kinds=kinds,
        unit_counts=unit_counts,
        per_campaign=len(plan.campaigns) <= MAX_CAMPAIGN_COLUMNS,
    )

    for u in plan.units:
        add(
            urls.unit_page(u.id),
            "unit.md.j2",
            u.name,
            unit=u,
            feedback=feedback(urls.unit_page(u.id), f"纠错/留言：{u.name}", u.name),
            units_ref=units_ref,
            units_edit_url=edit_base + units_ref if edit_base else None,
            unit_counts=unit_counts[u.id],
            entries=(entries := unit_entries(plan, u)),
            occ=unit_occurrences(plan, entries),
            undated=[e for e in entries if e.deadline.undated],
            rules=RULES,
            unit_campaign_ids=[c.id for c in plan.campaigns if unit_counts[u.id].by_campaign[c.id].total],
            unit_tasks=plan.tasks_of(u),
            unit_duties=unit_duties(plan, u),
            removals=[(t, r) for t in plan.tasks for r in t.removed if r.assignment.unit.id == u.id],
            todo=status.todo(u),
            owed=owed_period(status, u),
            updated=newest(
                history,
                ([history.units_file] if history and history.units_file else [])
                + [t.source.path for t in plan.tasks_of(u)],
            ),
        )

    add(urls.MATRIX, "matrix.md.j2", "责任矩阵", matrix_rows=matrix_rows)
    add(
        urls.DEADLINES,
        "deadlines.md.j2",
        "时限",
        months=months,
        undated=[(c, o, d) for c, o, d in plan.iter_deadlines() if d.undated],
    )
    first = min([doc.period_start] + [o.date for o in occurrences])
    last = max([doc.period_end, config.calendar_until] + [o.date for o in occurrences])
    months_all = month_range(first, last, occurrences)
    add(urls.CALENDAR, "calendar.md.j2", "日历", months=months_all, blocks=calendar_blocks(months_all))
    add(urls.TARGETS, "targets.md.j2", "指标", rows=all_targets(plan), flags=all_flags(plan))
    revised = {urls.source_anchor(t.id): (t, task_revision_notes(t)) for t in tasks}
    add(urls.SOURCE, "source.md.j2", "原文", lines=source_lines(plan),
        revised={k: v for k, v in revised.items() if v[1]})
    add(urls.FLAGS, "irregularities.md.j2", "不规范之处", rows=all_flags(plan))
    if exports is None:  # the caller's exports are every download there is (the hook adds these)
        files.update(progress_files(plan, status, config.site_url))
    add(urls.PROGRESS, "progress.md.j2", "督办", overview=progress_overview(status), light_order=LIGHT_ORDER)
    for q in status.quarters:
        add(urls.progress_quarter(q.key), "quarter.md.j2", f"{q.label}调度", quarter=q)
    add(urls.PROGRESS_METHOD, "progress-method.md.j2", "计算方法", rules=status_rules(status.settings, plan),
        statuses=STATUSES, light_order=LIGHT_ORDER, settings_keys=SETTINGS_KEYS)
    add(urls.DOWNLOADS, "downloads.md.j2", "数据下载")
    add(urls.ABOUT, "about.md.j2", "关于本站")
    add(urls.ACCESSIBILITY, "accessibility.md.j2", "无障碍声明")
    files[search.HINTS] = search.search_hints(plan)
    add(urls.SEARCH, "search.md.j2", "搜索", hints=search.HINTS, index_dir=search.INDEX_DIR)
    example = guide.example_task(plan)
    unit_example = guide.example_unit(plan)
    add(
        urls.HOW_TO_EDIT,
        "how-to-edit.md.j2",
        "编辑指南",
        example=example,
        example_yaml=guide.task_file_yaml(example) if example else None,
        unit_example=unit_example,
        unit_yaml=guide.unit_entry_yaml(unit_example) if unit_example else None,
        task_tables=guide.task_key_tables(),
        unit_tables=guide.unit_key_tables(),
        message_groups=guide.message_groups(),
        sample_problem=guide.sample_problem(plan),
        statuses=STATUSES,
    )
    add(
        urls.CHANGELOG,
        "changelog.md.j2",
        "更新记录",
        days=change_days(history.entries) if history else [],
        task_ids={t.id for t in tasks},
    )

    return Site(pages=pages, nav=_nav(plan), files=files)


def error_site(problems: Sequence[Problem], paths: Sequence[str]) -> Site:
    """What the preview (``mkdocs serve``) shows while the data is invalid: at every page path the
    editor may have open (``paths``; at least the home page), the problems exactly as ``check``
    prints them. The live-reload script of ``mkdocs serve`` brings the real page back once the
    file is fixed. Never used by ``mkdocs build``, which refuses invalid data."""
    errors = [p for p in problems if p.severity == "error"]
    items = "\n".join(f"<li><code>{escape(p.format())}</code></li>" for p in problems)
    body = (
        "# 方案数据有误,预览暂停更新\n\n"
        '<div class="admonition failure preview-error" role="alert">\n'
        f'<p class="admonition-title">{len(errors)} 个错误(与 python -m generator check 的提示相同)</p>\n'
        f'<ul class="problems">\n{items}\n</ul>\n</div>\n\n'
        "<p>按提示修改并保存文件后,本页会自动刷新为修改后的页面。</p>\n"
    )
    pages = [Page(src, "方案数据有误", body) for src in dict.fromkeys([urls.HOME, *paths])]
    return Site(pages=pages, nav=[("方案数据有误", urls.HOME)])
