"""Progress reports (进展报送) and measured values (实测值): read, check and resolve against the plan.

The files live in a ``progress/`` folder — ``plan_data/progress/`` for the real plan, where they are
edited through pull requests like the plan itself (or written by ``python -m generator progress
import`` from a unit's filled 进展报送表):

* ``progress/<单位标识>/<YYYY-MM>.yaml`` — one unit's report for one period (:class:`schema.ProgressFile`):
  who reports, the period, the date it was sent, and one entry per task / sub-item / deadline with its
  status (未启动 / 推进中 / 已完成 / 滞后 / 暂缓 / 已销号) and 进展情况;
* ``progress/actuals.yaml`` — published measured values of the plan's targets (:class:`schema.ActualsFile`);
* ``progress/README.md`` — a note for editors (not read).

A folder *outside* ``plan_data/`` (``examples/demo-progress/``) is demonstration data: a
:class:`Progress` read from it has ``demo`` set, and every page built from it says 示例数据.

:func:`load_progress` reads, checks and resolves everything (every problem reported, with file and
line, in Chinese) and returns a :class:`Progress` only when there is no error. It never decides a
status: that is :mod:`generator.data.status`.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.data import schema
from generator.data.load import PROGRESS_FOLDER, RawPlan, YamlFile, _all_files, _read
from generator.data.messages import problem
from generator.data.problems import PlanInvalid, Problem
from generator.data.validate import validate_model
from generator.model.dates import CHINA_TZ
from generator.model.duties import Entry, Owner, deadline_concerns, requirement_entries_for, task_entries
from generator.model.model import Plan, Requirement, Target, Task, Unit, number_text

FOLDER = PROGRESS_FOLDER
"""The progress folder's name inside the plan data folder."""
ACTUALS_FILE = "actuals.yaml"
README = "README.md"

MAX_REPORT_FILES = 100_000
"""At most this many report files (2,500 units reporting monthly for over three years)."""
MAX_REPORTS_PER_FILE = 2_000
MAX_ACTUALS = 20_000

STATUSES: tuple[str, ...] = ("未启动", "推进中", "已完成", "滞后", "暂缓", "已销号")
"""The statuses of a report, in the order of the template's drop-down."""
DONE_STATUSES = frozenset({"已完成", "已销号"})

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_ACTUAL_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


# --- periods --------------------------------------------------------------------------------------
def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """``2024-09`` → (2024-09-01, 2024-09-30); None if it is not YYYY-MM with a real month.

    >>> [d.isoformat() for d in parse_period("2024-02")]
    ['2024-02-01', '2024-02-29']
    >>> parse_period("2024-13"), parse_period("2024-9")
    (None, None)
    """
    m = _PERIOD.match(text.strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(d: dt.date) -> str:
    """The reporting period a day falls in: ``2024-09``."""
    return f"{d.year:04d}-{d.month:02d}"


def period_words(period: str) -> str:
    """``2024-09`` → ``2024年9月``."""
    y, m = period.split("-")
    return f"{int(y)}年{int(m)}月"


def today_in_china() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


def loose(text: str) -> str:
    """Compare codes loosely: NFKC (full-width → half-width), no whitespace, no middle-dot variants."""
    s = "".join(unicodedata.normalize("NFKC", text).split())
    return s.replace("・", "·").replace("•", "·").replace(".", "·")


# --- resolved data --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """What a report can be about: a task, one of its sub-items, or a requirement (有关要求)."""

    owner: Owner
    subitem: str | None

    @property
    def code(self) -> str:
        """``蓝天12`` / ``净土9(2)`` / ``蓝天·有关要求(四)``."""
        if isinstance(self.owner, Task):
            return f"{self.owner.code}{self.subitem or ''}"
        return self.owner.code

    def entries(self) -> list[Entry]:
        """The deadlines this item covers (a sub-item: its own deadlines only)."""
        if isinstance(self.owner, Task):
            es = task_entries(self.owner)
            return es if self.subitem is None else [e for e in es if e.deadline.subitem == self.subitem]
        return [e for e in _requirement_entries(self.owner)]

    def targets(self) -> list[Target]:
        if not isinstance(self.owner, Task):
            return []
        ts = self.owner.all_targets
        return ts if self.subitem is None else [t for t in ts if t.subitem == self.subitem]


def _requirement_entries(r: Requirement) -> list[Entry]:
    return [Entry(r.campaign, r, d, i) for i, d in enumerate(r.deadlines, 1)]


@dataclass(frozen=True)
class Report:
    """One entry of a unit's report for one period, resolved."""

    unit: Unit
    period: str
    reported: dt.date
    item: Item
    entry: Entry | None
    """The one deadline reported on (``deadline:``), or None: every deadline of :attr:`item`."""
    due: dt.date | None
    """The occurrence of a recurrence reported on (``due:``), or None: the file's own period."""
    status: str
    progress: str | None
    problems: str | None
    next_steps: str | None
    evidence: str | None
    value: float | int | None
    closed_on: dt.date | None
    closed_by: Unit | None
    file: str
    """Display path of the file (``plan_data/progress/qu-chengguanju/2024-09.yaml``)."""
    line: int
    order: int
    """Position of the report among every report read (a stable tiebreak)."""

    @property
    def id(self) -> str:
        """Stable id: ``qu-chengguanju-2024-09-lantian-12`` (Atom entry ids, page anchors)."""
        tail = self.item.owner.id + (f"-{loose(self.item.subitem).strip('()')}" if self.item.subitem else "")
        if self.entry is not None:
            tail = self.entry.id + (f"-{self.due.isoformat()}" if self.due else "")
        return f"{self.unit.id}-{self.period}-{tail}"

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES

    def applies_to(self, entry: Entry) -> bool:
        """Does this report speak of ``entry`` (same owner; the whole task, or the deadline's
        sub-item, or that very deadline)?"""
        if self.item.owner is not entry.owner:
            return False
        if self.entry is not None:
            return self.entry.id == entry.id
        return self.item.subitem is None or self.item.subitem == entry.deadline.subitem


@dataclass(frozen=True)
class ReportFile:
    """One unit's report for one period (one file)."""

    unit: Unit
    period: str
    reported: dt.date
    source: str | None
    file: str
    reports: tuple[Report, ...]

    @property
    def campaign_ids(self) -> frozenset[str]:
        return frozenset(r.item.owner.campaign.id for r in self.reports)


@dataclass(frozen=True)
class Actual:
    """One measured value of a target."""

    target: Target
    owner_code: str
    """``蓝天`` (a campaign target) or ``蓝天21`` / ``净土9(1)`` (a task's)."""
    period: str
    """``2024`` or ``2024-09``."""
    value: float | int | str
    source: str
    note: str | None
    file: str
    line: int

    @property
    def key(self) -> str:
        """``蓝天·PM2.5平均浓度``."""
        return f"{self.owner_code}·{self.target.indicator}"


@dataclass
class Progress:
    """Every report file and measured value, resolved against the plan."""

    files: list[ReportFile] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    demo: bool = False
    """Read from a folder outside plan_data/: demonstration data (示例数据) on every page."""
    folder: str = ""
    """Display path of the folder read (empty: none)."""
    digest: str = ""
    """SHA-256 over the folder's files (the exports cache keys on it)."""

    @property
    def reports(self) -> list[Report]:
        return [r for f in self.files for r in f.reports]

    @property
    def empty(self) -> bool:
        return not self.files and not self.actuals

    def files_of(self, unit: Unit) -> list[ReportFile]:
        return [f for f in self.files if f.unit.id == unit.id]

    def reports_of(self, unit: Unit) -> list[Report]:
        return [r for f in self.files_of(unit) for r in f.reports]

    def actuals_of(self, target: Target) -> list[Actual]:
        """The target's values, oldest period first."""
        return sorted((a for a in self.actuals if a.target is target), key=lambda a: a.period)


# --- codes → plan objects -------------------------------------------------------------------------
@dataclass
class Codes:
    """Lookups from the codes people write (蓝天12, 净土9(2), 蓝天·有关要求(四), 蓝天·PM2.5平均浓度)."""

    items: dict[str, Item]
    targets: dict[str, tuple[str, Target]]

    @classmethod
    def of(cls, plan: Plan) -> Codes:
        items: dict[str, Item] = {}
        targets: dict[str, tuple[str, Target]] = {}
        for c in plan.campaigns:
            for t in c.targets:
                targets.setdefault(loose(f"{c.short_name}·{t.indicator}"), (c.short_name, t))
            for task in c.tasks:
                items[loose(task.code)] = Item(task, None)
                for s in task.subitems:
                    items[loose(f"{task.code}{s.label}")] = Item(task, s.label)
                for t in task.all_targets:
                    code = f"{task.code}{t.subitem or ''}"
                    targets.setdefault(loose(f"{code}·{t.indicator}"), (code, t))
            for r in c.requirements:
                items[loose(r.code)] = Item(r, None)
        return cls(items, targets)

    def item(self, code: str) -> Item | None:
        return self.items.get(loose(code))

    def suggest(self, code: str, choices: Iterable[str]) -> str:
        import difflib

        m = difflib.get_close_matches(loose(code), list(choices), n=1, cutoff=0.6)
        return f";是否指“{m[0]}”?" if m else ""


def unit_holds(plan: Plan, unit: Unit, item: Item, on: dt.date | None = None) -> bool:
    """May ``unit`` report on ``item``? It holds a role in the task (on the sub-item, the whole task,
    or implicitly — :func:`generator.model.duties.deadline_concerns`), or the requirement's deadlines
    concern it (:func:`generator.model.duties.requirement_entries_for`). A unit a later document took out
    of the task may still have reported before that document's date ``on`` (a report's date)."""
    owner = item.owner
    if isinstance(owner, Task):
        if not owner.roles_of(unit):
            return on is not None and any(
                r.assignment.unit.id == unit.id and on < r.revision.date for r in owner.removed
            )
        if item.subitem is None:
            return True
        entries = item.entries()
        if entries:
            return any(deadline_concerns(owner, e.deadline, unit) for e in entries)
        mine = [a for a in owner.assignments if a.unit.id == unit.id]
        return any(a.subitem in (None, item.subitem) for a in mine)
    return any(e.owner is owner for e in requirement_entries_for(owner.campaign, unit))


def item_entries_for(plan: Plan, unit: Unit, item: Item) -> list[Entry]:
    """The deadlines of ``item`` that concern ``unit``."""
    if isinstance(item.owner, Task):
        return [e for e in item.entries() if deadline_concerns(item.owner, e.deadline, unit)]
    return [e for e in requirement_entries_for(item.owner.campaign, unit) if e.owner is item.owner]


def progress_source(plan_root: Path, override: str | None = None) -> tuple[Path, bool]:
    """Which progress folder to read, and whether it is demonstration data: ``override`` (``--progress``
    or ``$HUIJI_PROGRESS``) if given, else ``<plan_root>/progress``. A folder outside the plan data
    folder is demonstration data (示例数据)."""
    import os

    text = override if override is not None else os.environ.get("HUIJI_PROGRESS")
    if not text or not text.strip():
        return Path(plan_root) / FOLDER, False
    folder = Path(text.strip())
    inside = os.path.abspath(folder).startswith(os.path.abspath(plan_root) + os.sep)
    return folder, not inside


# --- reading and checking -------------------------------------------------------------------------
def _digest(raw: RawPlan) -> str:
    h = hashlib.sha256(b"progress/1\0")
    for rel in raw.files:
        name = rel.encode("utf-8")
        h.update(len(name).to_bytes(4, "big") + name + raw.file_hashes.get(rel, b"?"))
    return h.hexdigest()


def load_progress(
    plan: Plan, folder: Path | None, *, demo: bool = False, today: dt.date | None = None
) -> tuple[Progress, list[Problem]]:
    """Read and check the progress folder (``None`` or missing: no reports). Returns the progress
    and the warnings; raises :class:`PlanInvalid` with every problem if there is an error.

    ``today`` (default: today in China) bounds the dates: nothing can be reported in the future.
    """
    today = today or today_in_china()
    if folder is None or (not Path(folder).exists() and not Path(folder).is_symlink()):
        return Progress(demo=demo), []
    raw = RawPlan(Path(folder))
    if raw.root.is_symlink() or not raw.root.is_dir():
        raw.problems.append(
            problem("not-regular-file", raw.display("."), kind="符号链接或文件(进展文件夹本身)")
        )
        raise PlanInvalid(raw.problems)
    raw.files = _all_files(raw.root, raw)
    checker = _Checker(plan, raw, today)
    checker.run()
    problems = raw.problems + checker.problems
    if any(p.severity == "error" for p in problems):
        raise PlanInvalid(problems)
    progress = Progress(
        files=checker.files,
        actuals=checker.actuals,
        demo=demo,
        folder=raw.display("."),
        digest=_digest(raw),
    )
    return progress, sorted(p for p in problems if p.severity == "warning")


class _Checker:
    def __init__(self, plan: Plan, raw: RawPlan, today: dt.date) -> None:
        self.plan = plan
        self.raw = raw
        self.today = today
        self.codes = Codes.of(plan)
        self.problems: list[Problem] = []
        self.files: list[ReportFile] = []
        self.actuals: list[Actual] = []
        self.units_by_id = {u.id: u for u in plan.units}
        self.units_by_name = {u.name: u for u in plan.units}
        doc = plan.document
        self.first_period = period_of(doc.period_start)
        self.order = 0

    def run(self) -> None:
        report_files = []
        for rel in self.raw.files:
            parts = rel.split("/")
            if rel == README:
                continue
            if rel == ACTUALS_FILE:
                f = _read(self.raw, rel)
                if f is not None:
                    self.check_actuals(f)
                continue
            if len(parts) == 2 and parts[1].endswith(".yaml") and parts[0] in self.units_by_id:
                report_files.append(rel)
                continue
            if len(parts) == 2 and parts[0] not in self.units_by_id:
                fix = f"文件夹名应为单位标识(units.yaml 中的 id),如 {self.plan.units[0].id}"
            else:
                fix = (
                    "每个单位一个文件夹,每个报送期一个文件,如 progress/<单位标识>/2024-09.yaml;其他文件请删除"
                )
            self.problems.append(problem("progress-file-name", self.raw.display(rel), path=rel, fix=fix))
        if len(report_files) > MAX_REPORT_FILES:
            self.problems.append(
                problem(
                    "progress-too-many",
                    self.raw.display("."),
                    what="进展报送文件",
                    count=len(report_files),
                    limit=MAX_REPORT_FILES,
                    fix="把已归档年度的报送移出本文件夹",
                )
            )
            return
        for rel in report_files:
            f = _read(self.raw, rel)
            if f is not None:
                self.check_file(rel, f)
        self.files.sort(key=lambda rf: (rf.period, rf.unit.order))
        self.after_closing()

    # --- a report file ---------------------------------------------------------------------------
    def check_file(self, rel: str, f: YamlFile) -> None:
        folder, name = rel.split("/")
        unit = self.units_by_id[folder]
        if unit.collective:
            self.problems.append(
                problem(
                    "progress-file-name",
                    f.display,
                    path=rel,
                    fix=f"“{unit.name}”是集合称谓,不是一个单位,不能单独报送;"
                    "请由具体单位各自报送(单位先要列入 units.yaml)",
                )
            )
            return
        stem = name.removesuffix(".yaml")
        if parse_period(stem) is None:
            self.problems.append(
                problem(
                    "progress-file-name",
                    f.display,
                    path=rel,
                    fix=f"文件名应为报送期加 .yaml,如 progress/{folder}/2024-09.yaml",
                )
            )
            return
        model = self._model(
            f,
            schema.ProgressFile,
            "reports",
            "本期报送事项",
            MAX_REPORTS_PER_FILE,
            "每项任务写一次;检查是否重复粘贴",
        )
        if model is None:
            return
        ok = True
        if model.unit.strip() != unit.name:
            other = self.units_by_name.get(model.unit.strip())
            self._at_value(
                f,
                "progress-unit-mismatch",
                ("unit",),
                folder=folder,
                expected=unit.name,
                value=model.unit.strip(),
                unit_id=other.id if other else "<单位标识>",
            )
            ok = False
        period = model.period.strip()
        span = parse_period(period)
        if span is None:
            self._at_value(
                f,
                "progress-bad-period",
                ("period",),
                value=period,
                reason="不是“年-月”的写法",
                fix="写作 YYYY-MM,如 period: 2024-09(与文件名一致)",
            )
            return
        if period != stem:
            self._at_value(
                f,
                "progress-bad-period",
                ("period",),
                value=period,
                reason=f"与文件名“{name}”不一致",
                fix=f"改为 period: {stem},或把文件改名为 {period}.yaml",
            )
            ok = False
        if period < self.first_period:
            self._at_value(
                f,
                "progress-bad-period",
                ("period",),
                value=period,
                reason=f"早于方案开始的月份({period_words(self.first_period)})",
                fix="核对年份和月份",
            )
            ok = False
        if span[0] > self.today:
            self._at_value(
                f,
                "progress-bad-period",
                ("period",),
                value=period,
                reason=f"还没有到(今天是 {self.today.isoformat()})",
                fix="核对年份和月份",
            )
            ok = False
        if model.reported < span[0]:
            self._at_value(
                f,
                "progress-date",
                ("reported",),
                what="报送日期",
                value=model.reported,
                reason=f"早于报送期 {period_words(period)} 的第一天",
                fix="报送日期应在报送期之内或之后;核对报送期和报送日期",
            )
            ok = False
        if model.reported > self.today:
            self._at_value(
                f,
                "progress-date",
                ("reported",),
                what="报送日期",
                value=model.reported,
                reason=f"晚于今天({self.today.isoformat()})",
                fix="写实际报送的日期",
            )
            ok = False
        seen: dict[tuple[str, str], int] = {}
        out: list[Report] = []
        for i, r in enumerate(model.reports):
            at = ("reports", i)
            item = self.codes.item(r.item)
            if item is None:
                self._at_value(
                    f,
                    "progress-unknown-item",
                    (*at, "item"),
                    value=r.item.strip(),
                    suggestion=self.codes.suggest(r.item, self.codes.items),
                )
                ok = False
                continue
            if not unit_holds(self.plan, unit, item, model.reported):
                found = f.problem(
                    "progress-not-holder", (*at, "item"), at_value=True, unit=unit.name, item=item.code
                )
                owner = item.owner
                removal = next(
                    (r for r in getattr(owner, "removed", []) if r.assignment.unit.id == unit.id), None
                )
                if removal is not None:  # taken out of the task by a later document
                    found = dataclasses.replace(
                        found,
                        hint=f"{unit.name}已于 {removal.revision.date.isoformat()} "
                        f"依据{removal.revision.label}从{item.code}调出,此后的报送不再包括这一项:删去这一行"
                        "(调出之前报送的进展照常保留)",
                    )
                self.problems.append(found)
                ok = False
                continue
            entry = None
            if r.deadline is not None:
                mine = item_entries_for(self.plan, unit, item)
                entry = next((e for e in mine if e.id == r.deadline.strip()), None)
                if entry is None:
                    choices = "、".join(e.id for e in mine)
                    self._at_value(
                        f,
                        "progress-unknown-deadline",
                        (*at, "deadline"),
                        value=r.deadline.strip(),
                        item=item.code,
                        unit=unit.name,
                        choices=f"(可填:{choices})" if choices else "(该事项没有本单位的时限)",
                    )
                    ok = False
                    continue
            if r.due is not None and (
                entry is None or entry.deadline.recurrence is None or r.due not in entry.due_days(self.plan)
            ):
                days = "、".join(d.isoformat() for d in entry.due_days(self.plan)) if entry else ""
                self.problems.append(
                    f.problem(
                        "progress-date",
                        (*at, "due"),
                        at_value=True,
                        what="应完成日期",
                        value=r.due,
                        reason="不是所报周期性时限的一期"
                        if entry and entry.deadline.recurrence
                        else "只用于周期性时限的某一期(须同时填写时限编号)",
                        fix=f"填写该时限的一期:{days}"
                        if days and entry and entry.deadline.recurrence
                        else "删除 due 这一行",
                    )
                )
                ok = False
                continue
            # one deadline is one key, whichever code names it (乙2 + beta-02-d1 = 乙2(1) + beta-02-d1)
            key = (entry.id if entry else item.code, r.due.isoformat() if r.due else "")
            line = f.where(at)[0]
            if key in seen:
                self.problems.append(
                    f.problem("progress-duplicate", (*at, "item"), item=item.code, first=seen[key])
                )
                ok = False
                continue
            seen[key] = line
            closed_by = None
            if r.status == "已销号":
                missing = [k for k, v in (("closed_on", r.closed_on), ("closed_by", r.closed_by)) if not v]
                if missing:
                    self._at_value(
                        f,
                        "progress-closed-fields",
                        (*at, "status"),
                        problem=f"状态为“已销号”,但没有填写 {'、'.join(missing)}",
                    )
                    ok = False
                    continue
                closed_by = self.units_by_name.get((r.closed_by or "").strip())
                if closed_by is None:
                    self._at_value(
                        f,
                        "progress-closed-fields",
                        (*at, "closed_by"),
                        problem=f"销号单位“{(r.closed_by or '').strip()}”不在单位名录中",
                    )
                    ok = False
                    continue
                assert r.closed_on is not None
                if r.closed_on > model.reported or r.closed_on < self.plan.document.period_start:
                    self._at_value(
                        f,
                        "progress-date",
                        (*at, "closed_on"),
                        what="销号日期",
                        value=r.closed_on,
                        reason="不在方案开始之日到报送日期之间(销号之后才能报送已销号)",
                        fix="写实际销号的日期;报送日期不能早于销号日期",
                    )
                    ok = False
                    continue
            elif r.closed_on is not None or r.closed_by is not None:
                self.problems.append(
                    f.problem(
                        "progress-closed-fields",
                        (*at, "closed_on" if r.closed_on else "closed_by"),
                        problem=f"状态为“{r.status}”,不是“已销号”,不应填写销号信息",
                    )
                )
                ok = False
                continue
            if r.value is not None and not any(t.numeric for t in item.targets()):
                self._at_value(
                    f,
                    "progress-value",
                    (*at, "value"),
                    item=item.code,
                    reason="没有数值指标,不能填写实测值",
                )
                ok = False
                continue
            self.order += 1
            out.append(
                Report(
                    unit,
                    period,
                    model.reported,
                    item,
                    entry,
                    r.due,
                    r.status,
                    r.progress,
                    r.problems,
                    r.next_steps,
                    r.evidence,
                    r.value,
                    r.closed_on,
                    closed_by,
                    f.display,
                    line,
                    self.order,
                )
            )
        if ok:
            self.files.append(ReportFile(unit, period, model.reported, model.source, f.display, tuple(out)))

    def after_closing(self) -> None:
        """A report after the item was closed out (销号): kept, but warned about."""
        closed: dict[tuple[str, str, str], Report] = {}
        for rf in self.files:
            for r in rf.reports:
                key = (r.unit.id, r.item.code, r.entry.id if r.entry else "")
                first = closed.get(key)
                if first is not None and r.period > first.period:
                    self.problems.append(
                        problem(
                            "progress-after-closed",
                            r.file,
                            r.line,
                            0,
                            "item",
                            item=r.item.code,
                            closed=first.closed_on,
                            by=first.closed_by.name if first.closed_by else "",
                            status=r.status,
                        )
                    )
                elif r.status == "已销号" and first is None:
                    closed[key] = r

    def _at_value(self, f: YamlFile, code: str, at: tuple[str | int, ...], **fields: object) -> None:
        """Report catalogue problem ``code`` at the value of ``at`` in ``f``."""
        self.problems.append(f.problem(code, at, at_value=True, **fields))

    def _model(self, f: YamlFile, cls: type[Any], key: str, what: str, limit: int, fix: str) -> Any:
        """``f`` validated as ``cls`` (None after reporting why), its list ``key`` bounded by ``limit``
        before anything is validated."""

        rows = f.data.get(key) if isinstance(f.data, dict) else None
        if isinstance(rows, list) and len(rows) > limit:
            self.problems.append(
                f.problem("progress-too-many", (key,), what=what, count=len(rows), limit=limit, fix=fix)
            )
            return None
        model, problems = validate_model(f, cls)
        self.problems += problems
        return model

    # --- actuals ---------------------------------------------------------------------------------
    def check_actuals(self, f: YamlFile) -> None:
        model = self._model(
            f, schema.ActualsFile, "actuals", "实测值", MAX_ACTUALS, "把早年的数据移到单独的归档中"
        )
        if model is None:
            return
        seen: dict[tuple[str, str], int] = {}
        for i, a in enumerate(model.actuals):
            at = ("actuals", i)
            hit = self.codes.targets.get(loose(a.target))
            if hit is None:
                self._at_value(
                    f,
                    "progress-unknown-target",
                    (*at, "target"),
                    value=a.target.strip(),
                    suggestion=self.codes.suggest(a.target, self.codes.targets),
                )
                continue
            code, target = hit
            key_text = f"{code}·{target.indicator}"
            m = _ACTUAL_PERIOD.match(a.period.strip())
            month_ok = m is not None and (m.group(2) is None or 1 <= int(m.group(2)) <= 12)
            if m is None or not month_ok or not 1990 <= int(m.group(1)) <= 2100:
                self._at_value(
                    f,
                    "progress-bad-period",
                    (*at, "period"),
                    value=a.period,
                    reason="不是“年”或“年-月”的写法",
                    fix="写作 2024(全年)或 2024-09(月度)",
                )
                continue
            if a.period.strip() > period_of(self.today):
                self._at_value(
                    f,
                    "progress-bad-period",
                    (*at, "period"),
                    value=a.period,
                    reason=f"还没有到(今天是 {self.today.isoformat()})",
                    fix="核对年份",
                )
                continue
            value: float | int | str = a.value
            if target.numeric and (isinstance(value, str | bool)):
                self._at_value(
                    f,
                    "progress-actual-value",
                    (*at, "value"),
                    target=key_text,
                    reason=f"是数值指标({target.value_text}),实测值“{value}”不是数字",
                    fix="写数字(不带单位),如 value: 43",
                )
                continue
            if not target.numeric and not isinstance(value, str):
                self._at_value(
                    f,
                    "progress-actual-value",
                    (*at, "value"),
                    target=key_text,
                    reason=f"不是数值指标(目标:{target.text}),实测值应写文字",
                    fix="写文字,如 value: Ⅲ类,或 value: 达到",
                )
                continue
            line = f.where(at)[0]
            k = (key_text, a.period.strip())
            if k in seen:
                self.problems.append(
                    f.problem(
                        "progress-actual-duplicate",
                        (*at, "period"),
                        target=key_text,
                        period=a.period,
                        first=seen[k],
                    )
                )
                continue
            seen[k] = line
            self.actuals.append(
                Actual(target, code, a.period.strip(), value, a.source, a.note, f.display, line)
            )


def value_text(v: float | int | str | None) -> str:
    """A measured value as shown: 43, 64.2, Ⅲ类."""
    return "" if v is None else number_text(v)
