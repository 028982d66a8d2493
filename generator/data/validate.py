"""Validate what :mod:`generator.data.load` read (stage 2 of the pipeline: validate).

Two passes, both reporting *every* problem with file, line, column and key path:

1. **shape** (:mod:`generator.data.shape`) — each file against its pydantic model in
   :mod:`generator.data.schema` (the one declaration that also produces the editors' JSON Schema).
   Pydantic's errors are translated into catalogue messages (:mod:`generator.data.messages`) and
   placed with the file's position map.
2. **meaning** — rules across fields and files: unit names against the registry (with a
   “是否指…” suggestion), numbering, sections, campaigns against document.yaml, deadlines and
   targets against the text they quote, file names, unused units.

:func:`validate` returns the validated files ready for :func:`generator.data.build.build_plan` (only
when there is no error) and the problems.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.data import schema
from generator.data.build import LoadedCampaign
from generator.data.load import CampaignFiles, KeyPath, RawPlan, YamlFile
from generator.data.messages import problem
from generator.data.names import UnitIndex, normalize_name, squash, units_in_force
from generator.data.problems import Problem
from generator.data.shape import (
    clip,
    validate_model,
)
from generator.model.dates import READABLE_FORMS, date_in_words, parse_recurrence
from generator.model.model import ROLES, Role, SourceRef

# --- pass 2: meaning ----------------------------------------------------------------------------


DATE_MARGIN_YEARS = 5
"""A date more than this many years outside the plan period is an error, not a warning: dates set
the range of the calendar and the pages (a typo such as 0001-01-01 would make a page per month of
two thousand years)."""
MAX_PERIOD_YEARS = 10
"""Longest plan period or recurrence period accepted (recurrences are expanded over it)."""
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
"""Range of document dates (成文日期, 网上公开时间): within what files, calendars and sitemaps hold."""


def _shift(d: dt.date, years: int) -> dt.date:
    """``d`` moved by whole years (29 February → 28 February); clamped to the calendar's range."""
    year = min(max(d.year + years, dt.MINYEAR), dt.MAXYEAR)
    return d.replace(year=year, day=min(d.day, 28)) if d.month == 2 else d.replace(year=year)


def _near_period(d: dt.date, doc: schema.DocumentFile) -> bool:
    """Within :data:`DATE_MARGIN_YEARS` of the plan period."""
    p = doc.period
    return _shift(p.start, -DATE_MARGIN_YEARS) <= d <= _shift(p.end, DATE_MARGIN_YEARS)


RESERVED_IDS = frozenset({"index"})
"""Ids that would give a page the path of a generated index page (``units/index.md``)."""

ROLE_KEYS: tuple[str, ...] = tuple(r.value for r in ROLES)
"""The role keys of a task file (lead / cooperate / responsible); labels come from :class:`Role`."""


@dataclass
class Checked:
    """Validated files, ready for :func:`generator.data.build.build_plan`."""

    document: schema.DocumentFile
    source_text: str
    units: schema.UnitsFile
    campaigns: list[LoadedCampaign]
    site: schema.SiteFile = field(default_factory=schema.SiteFile)


class _Checker:
    def __init__(self, raw: RawPlan) -> None:
        self.raw = raw
        self.problems: list[Problem] = []
        self.used_units: set[str] = set()
        self.all_valid = True
        self.checked_tasks: list[tuple[YamlFile, schema.TaskFile]] = []

    def add(self, p: Problem) -> None:
        self.problems.append(p)

    def model(self, f: YamlFile | None, cls: type[schema.StrictModel]) -> Any:
        if f is None:
            self.all_valid = False
            return None
        m, problems = validate_model(f, cls)
        self.problems += problems
        if m is None:
            self.all_valid = False
        return m

    # --- pieces --------------------------------------------------------------------------------
    def numbering(
        self,
        items: list[tuple[int, YamlFile, KeyPath]],
        what: str,
        fix_dup: str,
        fix_gap: str,
        gaps: bool = True,
    ) -> None:
        first: dict[int, tuple[YamlFile, KeyPath]] = {}
        for n, f, path in items:
            if n in first:
                of, op = first[n]
                other = f"{of.display}:{of.where(op)[0]}"
                self.add(
                    f.problem(
                        "duplicate-number", path, at_value=True, what=what, number=n, other=other, fix=fix_dup
                    )
                )
            else:
                first[n] = (f, path)
        if not first or not gaps:
            return
        for missing in range(1, max(first)):
            if missing not in first:
                after = min(k for k in first if k > missing)
                f, path = first[after]
                self.add(
                    f.problem(
                        "numbering-gap",
                        path,
                        at_value=True,
                        what=what,
                        missing=missing,
                        fix=fix_gap.format(missing=missing, after=after),
                    )
                )

    def units_in(self, f: YamlFile, owner: schema.Assigned, base: KeyPath, units: UnitIndex) -> None:
        for role in ROLE_KEYS:
            self.unit_list(f, list(enumerate(getattr(owner, role))), (*base, role), role, units)

    def raw_units(self, f: YamlFile, units: UnitIndex) -> None:
        """Unit checks on a task file that failed its model, as far as its data allows."""
        data = f.data if isinstance(f.data, dict) else {}
        owners: list[tuple[KeyPath, Any]] = [((), data)]
        subitems = data.get("subitems")
        if isinstance(subitems, list):
            owners += [(("subitems", i), s) for i, s in enumerate(subitems)]
        for base, owner in owners:
            if not isinstance(owner, dict):
                continue
            for role in ROLE_KEYS:
                names = owner.get(role)
                if isinstance(names, list):
                    items = [(i, n.strip()) for i, n in enumerate(names) if isinstance(n, str) and n.strip()]
                    self.unit_list(f, items, (*base, role), role, units)

    def unit_list(
        self, f: YamlFile, items: list[tuple[int, str]], base: KeyPath, role: str, units: UnitIndex
    ) -> None:
        """One role's unit names: each in the registry, none twice."""
        seen: dict[str, int] = {}
        for i, name in items:
            path = (*base, i)
            if units.complete and name not in units:
                self.add(
                    f.problem(
                        "unknown-unit",
                        path,
                        at_value=True,
                        name=clip(name, 40),
                        suggestion=units.suggest(name),
                    )
                )
            self.used_units.add(name)
            if name in seen:
                self.add(
                    f.problem(
                        "duplicate-unit-in-role",
                        path,
                        at_value=True,
                        name=clip(name, 40),
                        role=Role(role).label,
                        first=f.where((*base, seen[name]))[0],
                    )
                )
            else:
                seen[name] = i

    def deadlines(
        self,
        f: YamlFile,
        deadlines: Sequence[schema.Deadline],
        base: KeyPath,
        owner_text: str,
        doc: schema.DocumentFile | None,
    ) -> None:
        squashed = squash(owner_text)
        for i, d in enumerate(deadlines):
            path = (*base, "deadlines", i)
            if d.date is not None and d.recurrence is not None:
                self.add(f.problem("deadline-date-and-recurrence", path))
            if d.recurrence is not None and parse_recurrence(d.recurrence) is None:
                self.add(
                    f.problem(
                        "bad-recurrence",
                        (*path, "recurrence"),
                        at_value=True,
                        value=d.recurrence,
                        forms="、".join(READABLE_FORMS),
                    )
                )
            if doc is not None and d.date is not None and not _near_period(d.date, doc):
                self.add(
                    f.problem(
                        "date-far-out-of-period",
                        (*path, "date"),
                        at_value=True,
                        value=d.date.isoformat(),
                        start=doc.period.start.isoformat(),
                        end=doc.period.end.isoformat(),
                        margin=DATE_MARGIN_YEARS,
                    )
                )
            elif doc is not None and d.date is not None and not doc.period.start <= d.date <= doc.period.end:
                self.add(
                    f.problem(
                        "date-out-of-period",
                        (*path, "date"),
                        at_value=True,
                        value=d.date.isoformat(),
                        start=doc.period.start.isoformat(),
                        end=doc.period.end.isoformat(),
                    )
                )
            if squash(d.text) not in squashed:
                self.add(
                    f.problem("quote-not-found", (*path, "text"), at_value=True, what="时限", text=d.text)
                )
            named = date_in_words(d.text, doc.plan_year, doc.period.start) if doc is not None else None
            if d.date is not None and named is not None and named != d.date:
                self.add(
                    f.problem(
                        "deadline-date-words", (*path, "date"), at_value=True, text=d.text,
                        named=named.isoformat(), date=d.date.isoformat(),
                    )
                )

    def targets(self, f: YamlFile, targets: list[schema.Target], base: KeyPath, owner_text: str) -> None:
        squashed = squash(owner_text)
        for i, t in enumerate(targets):
            if isinstance(t.value, float) and not math.isfinite(t.value):
                self.add(
                    f.problem(
                        "invalid-value",
                        (*base, "targets", i, "value"),
                        at_value=True,
                        key="value",
                        detail="不能是 .nan 或 .inf,请写具体数值",
                    )
                )
            if squash(t.text) not in squashed:
                self.add(
                    f.problem(
                        "quote-not-found",
                        (*base, "targets", i, "text"),
                        at_value=True,
                        what="指标",
                        text=t.text,
                    )
                )

    # --- files ---------------------------------------------------------------------------------
    def document(self, doc: schema.DocumentFile, f: YamlFile) -> None:
        for key, what in (("period", "方案期间"), ("recurrence_period", "周期性工作期间")):
            p = getattr(doc, key)
            if p.start > p.end:
                self.add(
                    f.problem("period-reversed", (key,), start=p.start.isoformat(), end=p.end.isoformat())
                )
            elif not (p.start >= EARLIEST and p.end <= LATEST):
                self.add(
                    f.problem(
                        "time-out-of-range", (key,), at_value=True, what=what,
                        value=f"{p.start.isoformat()} 至 {p.end.isoformat()}",
                        start=EARLIEST.isoformat(), end=LATEST.isoformat(),
                    )
                )
            elif _shift(p.start, MAX_PERIOD_YEARS) < p.end:
                self.add(
                    f.problem(
                        "period-too-long", (key,), what=what, start=p.start.isoformat(),
                        end=p.end.isoformat(), limit=MAX_PERIOD_YEARS,
                    )
                )
        if doc.ended is not None and doc.ended.date < doc.date_written:
            self.add(
                f.problem("ended-before-written", ("ended", "date"), at_value=True,
                          value=doc.ended.date.isoformat(), written=doc.date_written.isoformat())
            )
        rp, pp = doc.recurrence_period, doc.period
        for key, value in (("start", rp.start), ("end", rp.end)):
            if not _near_period(value, doc):
                self.add(
                    f.problem(
                        "date-far-out-of-period", ("recurrence_period", key), at_value=True,
                        value=value.isoformat(), start=pp.start.isoformat(), end=pp.end.isoformat(),
                        margin=DATE_MARGIN_YEARS,
                    )
                )
        for key, what, value in (("published", "网上公开时间", doc.published.date()),
                                 ("date_written", "成文日期", doc.date_written)):
            if not (EARLIEST <= value <= LATEST):
                self.add(
                    f.problem(
                        "time-out-of-range", (key,), at_value=True, what=what, value=value.isoformat(),
                        start=EARLIEST.isoformat(), end=LATEST.isoformat(),
                    )
                )
        seen: set[str] = set()
        folders = {c.folder for c in self.raw.campaigns}
        for i, cid in enumerate(doc.campaigns):
            if cid in seen:
                self.add(f.problem("duplicate-campaign", ("campaigns", i), at_value=True, id=cid))
            seen.add(cid)
            if cid not in folders:
                self.add(f.problem("campaign-missing", ("campaigns", i), at_value=True, id=cid))
        for c in self.raw.campaigns:
            if c.folder not in seen:
                if c.campaign is not None:
                    self.add(c.campaign.problem("campaign-unlisted", ("id",), at_value=True, id=c.folder))
                else:
                    self.add(
                        problem(
                            "campaign-unlisted",
                            self.raw.display(f"campaigns/{c.folder}/campaign.yaml"),
                            id=c.folder,
                        )
                    )

    def former_names(self, units: schema.UnitsFile, f: YamlFile) -> None:
        """A former name is in time order and names no other unit (current or former)."""
        current = {u.name: i for i, u in enumerate(units.units)}
        seen: dict[str, int] = {}
        for i, u in enumerate(units.units):
            previous = None
            for j, former in enumerate(u.former_names):
                path = ("units", i, "former_names", j)
                if previous is not None and former.until <= previous:
                    self.add(f.problem("former-name-order", (*path, "until"), at_value=True,
                                       value=former.name, until=former.until.isoformat(),
                                       previous=previous.isoformat()))
                previous = former.until
                other = current.get(former.name, seen.get(former.name))
                if (other is not None and other != i) or former.name == u.name:
                    where = "与本单位现名相同" if former.name == u.name else \
                        f"也是单位“{units.units[other or 0].name}”的名称或曾用名"
                    self.add(f.problem("former-name-conflict", (*path, "name"), at_value=True,
                                       value=former.name, conflict=where))
                seen.setdefault(former.name, i)

    def units(self, units: schema.UnitsFile, f: YamlFile) -> None:
        for key in ("id", "name"):  # duplicate-unit-id, duplicate-unit-name
            first_at: dict[str, int] = {}
            for i, u in enumerate(units.units):
                value = getattr(u, key)
                if value in first_at:
                    self.add(
                        f.problem(
                            f"duplicate-unit-{key}",
                            ("units", i, key),
                            at_value=True,
                            value=value,
                            first=f.where(("units", first_at[value]))[0],
                        )
                    )
                first_at.setdefault(value, i)
        self.former_names(units, f)
        for i, u in enumerate(units.units):
            if u.id in RESERVED_IDS:
                self.add(f.problem("reserved-id", ("units", i, "id"), at_value=True, value=u.id))
        names = {u.name for u in units.units}
        owner: dict[str, str] = {}
        for i, u in enumerate(units.units):
            for j, a in enumerate(u.aliases):
                path = ("units", i, "aliases", j)
                if a in names and a != u.name:
                    self.add(
                        f.problem(
                            "alias-conflict", path, at_value=True, value=a, conflict=f"与单位“{a}”的名称相同"
                        )
                    )
                elif a in owner and owner[a] != u.name:
                    self.add(
                        f.problem(
                            "alias-conflict",
                            path,
                            at_value=True,
                            value=a,
                            conflict=f"同时是“{owner[a]}”和“{u.name}”的别称",
                        )
                    )
                owner.setdefault(a, u.name)

    def campaign(
        self,
        cf: CampaignFiles,
        camp: schema.CampaignFile | None,
        f: YamlFile | None,
        doc: schema.DocumentFile | None,
        units: UnitIndex,
        tasks: list[tuple[schema.TaskFile, YamlFile]],
        complete: bool = True,
        raw_numbers: tuple[tuple[int, YamlFile], ...] = (),
    ) -> None:
        """``complete``: every task file of the campaign was read and valid (else skip gap checks)."""
        if camp is not None and f is not None:
            if camp.id != cf.folder:
                self.add(
                    f.problem("campaign-id-mismatch", ("id",), at_value=True, id=camp.id, folder=cf.folder)
                )
            if doc is not None and cf.folder in doc.campaigns:
                expected = doc.campaigns.index(cf.folder) + 1
                if camp.order != expected:
                    self.add(
                        f.problem(
                            "campaign-order", ("order",), at_value=True, order=camp.order, expected=expected
                        )
                    )
            self.numbering(
                [(s.number, f, ("sections", i, "number")) for i, s in enumerate(camp.sections)],
                "小节",
                "按原文顺序把小节编号改为 1、2、3……",
                "小节按 1、2、3…… 连续编号",
            )
            self.numbering(
                [(r.number, f, ("requirements", i, "number")) for i, r in enumerate(camp.requirements)],
                "要求",
                "按原文顺序把编号改为 1、2、3……",
                "按 1、2、3…… 连续编号",
            )
            body = camp.intro + "".join(p.heading + "".join(p.paragraphs) for p in camp.parts)
            body += "".join(s.title + "".join(s.paragraphs) for s in camp.sections)
            self.targets(f, camp.targets, (), body)
            for i, r in enumerate(camp.requirements):
                self.deadlines(f, r.deadlines, ("requirements", i), r.title + r.text, doc)
                for j, d in enumerate(r.deadlines):
                    base = ("requirements", i, "deadlines", j, "units")
                    self.unit_list(f, list(enumerate(d.units)), base, "responsible", units)
                    for k, name in enumerate(d.units):
                        if squash(name) not in squash(r.title + r.text):
                            at = (*base, k)
                            self.add(f.problem("quote-not-found", at, at_value=True, what="单位", text=name))
            numbers = {t.number for t, _ in tasks}
            for i, iu in enumerate(camp.implicit_units):
                path = ("implicit_units", i)
                if units.complete and iu.unit not in units:
                    self.add(
                        f.problem(
                            "unknown-unit",
                            (*path, "unit"),
                            at_value=True,
                            name=clip(iu.unit, 40),
                            suggestion=units.suggest(iu.unit),
                        )
                    )
                self.used_units.add(iu.unit)
                if complete and iu.stated_in_task not in numbers:
                    self.add(
                        f.problem(
                            "implicit-task-missing",
                            (*path, "stated_in_task"),
                            at_value=True,
                            number=iu.stated_in_task,
                        )
                    )

        # tasks of this campaign (numbers of invalid task files too, where they are readable)
        numbered = [(t.number, tf) for t, tf in tasks] + [(n, tf) for n, tf in raw_numbers]
        for n, tf in numbered:
            file_name = f"{n:02d}.yaml"
            if tf.name != file_name:
                self.add(
                    tf.problem(
                        "task-file-name",
                        ("number",),
                        at_value=True,
                        name=tf.name,
                        number=n,
                        expected=file_name,
                    )
                )
        self.numbering(
            [(n, tf, ("number",)) for n, tf in numbered],
            "任务",
            "按原文核对编号;每项任务一个文件,编号不能重复",
            "补上第 {missing} 项任务的文件 {missing:02d}.yaml,或按原文核对后面任务的编号",
            gaps=complete,
        )
        sections = [s.number for s in camp.sections] if camp is not None else []
        prev: tuple[int, int] | None = None
        for t, tf in sorted(tasks, key=lambda x: x[0].number):
            if camp is not None and t.section not in sections:
                self.add(
                    tf.problem(
                        "unknown-section",
                        ("section",),
                        at_value=True,
                        number=t.section,
                        known="、".join(map(str, sections)),
                    )
                )
            if prev is not None and t.section < prev[1] and t.number != prev[0]:
                self.add(
                    tf.problem(
                        "section-order",
                        ("section",),
                        at_value=True,
                        number=t.number,
                        section=t.section,
                        prev=prev[0],
                        prev_section=prev[1],
                    )
                )
            prev = (t.number, t.section)
            self.task(t, tf, camp, doc, units)
            self.checked_tasks.append((tf, t))

    def task(
        self,
        t: schema.TaskFile,
        f: YamlFile,
        camp: schema.CampaignFile | None,
        doc: schema.DocumentFile | None,
        units: UnitIndex,
    ) -> None:
        if t.text is not None and not t.text.strip():
            self.add(f.problem("empty-text", ("text",), at_value=True, key="text"))
        elif t.text is None and not t.subitems and t.title_end == "。":  # a title-only task has no 。
            self.add(f.problem("task-no-content", ("text",)))
        for i, s in enumerate(t.subitems):
            expected = f"({i + 1})"
            if s.label != expected:
                self.add(
                    f.problem(
                        "subitem-label",
                        ("subitems", i, "label"),
                        at_value=True,
                        expected=expected,
                        label=s.label,
                    )
                )
        if t.added_by is not None:
            records = sorted(Path(r.display).stem for r in self.raw.revisions)
            if t.added_by.strip() not in records:
                self.add(
                    f.problem(
                        "revision-bad",
                        ("added_by",),
                        at_value=True,
                        problem=f"调整记录“{t.added_by.strip()}”不存在",
                        fix=f"在 plan_data/revisions/ 中新建 {t.added_by.strip()}.yaml,写明新增这项任务的文件"
                        "(依据、标题、日期)"
                        + (f";已有的调整记录:{'、'.join(records[:10])}" if records else ""),
                    )
                )
        self.units_in(f, t, (), units)
        for i, s in enumerate(t.subitems):
            self.units_in(f, s, ("subitems", i), units)
        implicit = bool(camp and camp.implicit_units)
        has_unit = any(getattr(o, r) for o in [t, *t.subitems] for r in ROLE_KEYS)
        if not has_unit and not implicit:
            self.add(f.problem("task-no-unit", ("number",), number=t.number))
        whole = t.title + (t.text or "") + "".join(s.text for s in t.subitems)
        self.deadlines(f, t.deadlines, (), whole, doc)
        self.targets(f, t.targets, (), whole)
        for i, s in enumerate(t.subitems):
            self.deadlines(f, s.deadlines, ("subitems", i), s.text, doc)
            self.targets(f, s.targets, ("subitems", i), s.text)

    def texts_in_source(self, source: str) -> None:
        """A task's words must stand in the original as they are (whitespace aside): the published
        document is never edited, a later adjustment is recorded apart from it."""
        squashed = squash(source)
        for f, t in self.checked_tasks:
            if t.added_by is not None:  # added by a later document: its words are that document's
                continue
            head: KeyPath = ("text",) if t.text else ("title",)
            pieces: list[tuple[KeyPath, str]] = [(head, f"{t.title}{t.title_end}{t.text or ''}")]
            pieces += [(("subitems", i, "text"), f"{s.label}{s.text}") for i, s in enumerate(t.subitems)]
            for path, words in pieces:
                if squash(words) not in squashed:
                    self.add(f.problem("text-not-in-source", path, at_value=True, number=t.number))

    # --- all -----------------------------------------------------------------------------------
    def run(self) -> Checked | None:
        raw = self.raw
        doc = self.model(raw.document, schema.DocumentFile)
        units_m = self.model(raw.units, schema.UnitsFile)
        site = self.model(raw.site, schema.SiteFile) if raw.site is not None else schema.SiteFile()
        if raw.site_read and raw.site is None:
            self.all_valid = False
        if doc is not None and raw.document is not None:
            self.document(doc, raw.document)
        if units_m is not None and raw.units is not None:
            self.units(units_m, raw.units)
            if doc is not None:  # a renamed unit: this document writes the name it held then
                units_m = units_in_force(units_m, doc.date_written)
        index = UnitIndex(units_m)
        loaded: list[LoadedCampaign] = []
        titled: list[tuple[YamlFile, str]] = []
        for cf in raw.campaigns:
            camp = self.model(cf.campaign, schema.CampaignFile) if cf.has_campaign_file else None
            if not cf.has_campaign_file:
                self.all_valid = False
            tasks: list[tuple[schema.TaskFile, YamlFile]] = []
            raw_numbers: list[tuple[int, YamlFile]] = []
            for tf in cf.tasks:
                t = self.model(tf, schema.TaskFile)
                if t is not None:
                    tasks.append((t, tf))
                    continue
                self.raw_units(tf, index)
                n = tf.data.get("number") if isinstance(tf.data, dict) else None
                if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 999:
                    raw_numbers.append((n, tf))
            complete = cf.unread_tasks == 0 and len(tasks) + len(raw_numbers) == len(cf.tasks)
            self.campaign(cf, camp, cf.campaign, doc, index, tasks, complete, tuple(raw_numbers))
            if camp is not None and cf.campaign is not None:
                titled.append((cf.campaign, camp.title))
                loaded.append(
                    LoadedCampaign(
                        camp, SourceRef(cf.campaign.ref), [(t, SourceRef(tf.ref)) for t, tf in tasks]
                    )
                )
        if (units_m is not None and raw.units is not None and self.all_valid and not raw.problems
                and not raw.shared_units):  # a shared registry: checked across documents (documents._unused)
            for i, u in enumerate(units_m.units):
                if u.name not in self.used_units:
                    self.add(
                        raw.units.problem("unit-unused", ("units", i, "name"), at_value=True, name=u.name)
                    )
        if raw.source_text is not None:
            self.texts_in_source(raw.source_text)
            lines = {line.strip() for line in raw.source_text.split("\n")}
            for yf, title in titled:
                if title.strip() not in lines:
                    clipped = clip(title, 40)
                    self.add(yf.problem("title-not-in-source", ("title",), at_value=True, title=clipped))
        if doc is None or units_m is None or raw.source_text is None or not self.all_valid:
            return None
        if any(p.severity == "error" for p in self.problems):
            return None
        if site is None:
            return None
        return Checked(doc, raw.source_text, units_m, loaded, site)


def validate(raw: RawPlan) -> tuple[Checked | None, list[Problem]]:
    """Check everything :func:`generator.data.load.read_tree` read; never raises for bad data."""
    checker = _Checker(raw)
    checked = checker.run()
    return checked, checker.problems


__all__ = ["Checked", "UnitIndex", "normalize_name", "validate", "validate_model"]
