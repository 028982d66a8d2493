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

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from generator.data import schema
from generator.data.load import PROGRESS_FOLDER, RawPlan, YamlFile, _all_files, _read
from generator.data.messages import problem
from generator.data.problems import PlanInvalid, Problem
from generator.data.reports import (
    _ACTUAL_PERIOD,
    Actual,
    Codes,
    Progress,
    Report,
    ReportFile,
    item_entries_for,
    loose,
    parse_period,
    period_of,
    period_words,
    today_in_china,
    unit_holds,
)
from generator.data.shape import validate_model
from generator.model.model import Plan

FOLDER = PROGRESS_FOLDER
"""The progress folder's name inside the plan data folder."""
ACTUALS_FILE = "actuals.yaml"
README = "README.md"

MAX_REPORT_FILES = 100_000
"""At most this many report files (2,500 units reporting monthly for over three years)."""
MAX_REPORTS_PER_FILE = 2_000
MAX_ACTUALS = 20_000


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
    plan: Plan, folder: Path | None, *, demo: bool = False, today: dt.date | None = None,
    display_root: Path | None = None,
) -> tuple[Progress, list[Problem]]:
    """Read and check the progress folder (``None`` or missing: no reports). Returns the progress
    and the warnings; raises :class:`PlanInvalid` with every problem if there is an error.

    ``today`` (default: today in China) bounds the dates: nothing can be reported in the future.
    ``display_root``: the site folder of a site of several documents (messages then name the
    document: ``plan_data/documents/<doc-id>/progress/…``).
    """
    today = today or today_in_china()
    if folder is None or (not Path(folder).exists() and not Path(folder).is_symlink()):
        return Progress(demo=demo), []
    raw = RawPlan(Path(folder), display_root=display_root)
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


