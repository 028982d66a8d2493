"""Revisions: later documents (调整通知, a meeting decision) that amend the published plan.

A published 公文 is never edited: the original text and its deadlines stay as they are (the fidelity
test and ``check`` guard them). A revision record, ``plan_data/revisions/<id>.yaml``
(:class:`generator.data.schema.RevisionFile`), says what a later document changed and by what authority
(文号 or meeting, and date — both required). :func:`apply_revisions` runs once the plan is built and
before anything is written: each changed deadline is replaced by its current value, which keeps the
original (:attr:`generator.model.model.Deadline.original`) and the revision. Pages show both (原定 → 调整为,
依据 …); the calendars, 台账, plan.json and the progress lights use the current value; the plan diff
describes the change like any other.

A revision can change deadlines (a new date or recurrence, and the words the revision uses),
target values, the units of a role (``units:`` — added or removed, on a task or one sub-item; the
original assignments are kept in :attr:`generator.model.model.Task.original_assignments`, the removed ones
in :attr:`~generator.model.model.Task.removed`) and withdraw tasks (``withdrawn:`` — the task stays on the
site as the original has it, marked 已撤销, and none of its deadlines is due any more). A task a
later document adds is an ordinary task file with ``added_by: <revision id>`` (its words are that
document's, so ``check`` does not look for them in the original; :attr:`Task.added_by`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from generator.data import schema
from generator.data.load import YamlFile
from generator.data.messages import problem
from generator.data.problems import Problem
from generator.data.reports import Codes, loose
from generator.data.shape import validate_model
from generator.model.dates import parse_recurrence
from generator.model.duties import plan_entries
from generator.model.model import (
    ROLES,
    Assignment,
    Deadline,
    Plan,
    Removal,
    Requirement,
    Revision,
    Role,
    SourceRef,
    Target,
    Task,
    Unit,
    Withdrawal,
)

FOLDER = "revisions"
MAX_FILES = 500


def apply_revisions(plan: Plan, files: list[YamlFile], today: dt.date | None = None) -> list[Problem]:
    """Check every revision file against ``plan`` and apply them in date order (then file name).
    Returns the problems; the plan is changed only when there are none."""

    problems: list[Problem] = []
    if len(files) > MAX_FILES:
        return [
            problem(
                "progress-too-many",
                FOLDER,
                what="调整文件",
                count=len(files),
                limit=MAX_FILES,
                fix="把早年的调整合并归档",
            )
        ]
    entries = {e.id: e for e in plan_entries(plan)}
    codes = Codes.of(plan)
    doc = plan.document
    checked: list[tuple[Revision, schema.RevisionFile, YamlFile]] = []
    adds = {t.added_by_id for t in plan.tasks if t.added_by_id}
    for f in files:
        model, found = validate_model(f, schema.RevisionFile)
        problems += found
        if model is None:
            continue
        rid = Path(f.display).stem
        rev = Revision(rid, model.authority.strip(), model.title.strip(), model.date, SourceRef(f.ref, 1))
        if model.date < doc.date_written or (today is not None and model.date > today):
            problems.append(
                f.problem(
                    "revision-bad",
                    ("date",),
                    at_value=True,
                    problem=f"调整日期 {model.date.isoformat()} 早于原文成文日期或晚于今天",
                    fix="写调整文件的成文日期或会议日期",
                )
            )
            continue
        for i, ch in enumerate(model.changes):
            at = ("changes", i)
            e = entries.get(ch.deadline.strip())
            if e is None:
                import difflib

                m = difflib.get_close_matches(ch.deadline.strip(), list(entries), n=1, cutoff=0.6)
                problems.append(
                    f.problem(
                        "revision-bad",
                        (*at, "deadline"),
                        at_value=True,
                        problem=f"时限编号“{ch.deadline.strip()}”不存在",
                        fix="照任务页或台账上的“时限编号”填写" + (f";是否指“{m[0]}”?" if m else ""),
                    )
                )
                continue
            rec = parse_recurrence(ch.recurrence) if ch.recurrence else None
            if ch.recurrence and rec is None:
                problems.append(
                    f.problem("bad-recurrence", (*at, "recurrence"), at_value=True, value=ch.recurrence)
                )
                continue
            if ch.date is not None and rec is not None:
                problems.append(f.problem("deadline-date-and-recurrence", at))
                continue
            if ch.date is not None and not (
                doc.date_written <= ch.date <= dt.date(doc.period_end.year + 5, 12, 31)
            ):
                problems.append(
                    f.problem(
                        "revision-bad",
                        (*at, "date"),
                        at_value=True,
                        problem=f"调整后的日期 {ch.date.isoformat()} 不在方案期间附近",
                        fix="核对年份",
                    )
                )
                continue
        if not (model.changes or model.targets or model.units or model.withdrawn or rid in adds):
            problems.append(
                f.problem(
                    "revision-bad",
                    (),
                    problem="没有写调整的内容",
                    fix="在 changes(时限)、targets(指标)、units(单位)或 withdrawn(撤销的任务)下至少写一项;"
                    "新增的任务写在任务文件中,以 added_by 指向本文件",
                )
            )
            continue
        for i, tc in enumerate(model.targets):
            if codes.targets.get(loose(tc.target)) is None:
                problems.append(
                    f.problem(
                        "progress-unknown-target",
                        ("targets", i, "target"),
                        at_value=True,
                        value=tc.target.strip(),
                        suggestion=codes.suggest(tc.target, codes.targets),
                    )
                )
        checked.append((rev, model, f))
    # units and withdrawals build on each other: checked in the order they apply (date, then file)
    held: dict[tuple[str, str | None, Role], set[str]] = {}
    gone: dict[str, str] = {}
    for rev, model, f in sorted(checked, key=lambda x: (x[0].date, x[0].id)):
        problems += _check_units(plan, codes, f, model, held)
        for i, w in enumerate(model.withdrawn):
            where: tuple[str | int, ...] = ("withdrawn", i, "task")
            task = _task_of(plan, codes, w.task)
            if task is None or _subitem_of(codes, w.task) is not None:
                problems.append(_unknown_task(plan, codes, f, where, w.task, whole=True))
            elif task.id in gone:
                problems.append(
                    f.problem(
                        "revision-bad",
                        where,
                        at_value=True,
                        problem=f"{task.code}已由 {gone[task.id]} 撤销",
                        fix="删去这一项(一项任务只撤销一次)",
                    )
                )
            else:
                gone[task.id] = f"{rev.authority}({f.display})"
    by_id = {r.id: r for r, _, _ in checked}
    for t in plan.tasks:  # validate.py checked that the record exists; it may have had errors
        if t.added_by_id is not None:
            t.added_by = by_id.get(t.added_by_id)
    if any(p.severity == "error" for p in problems):
        return problems
    for rev, model, _f in sorted(checked, key=lambda x: (x[0].date, x[0].id)):
        for ch in model.changes:
            _apply(plan, ch, rev)
        for tc in model.targets:
            _apply_target(plan, codes.targets[loose(tc.target)][1], tc, rev)
        for uc in model.units:
            _apply_units(plan, codes, uc, rev)
        for w in model.withdrawn:
            task = _task_of(plan, codes, w.task)
            assert task is not None
            task.withdrawn = Withdrawal(rev, w.note)
    for t in plan.tasks:  # assignments changed: drop the indexes built from them
        t.__dict__.pop("_roles_by_unit", None)
    plan.__dict__.pop("_tasks_by_unit", None)
    plan.__dict__.pop("_occurrences", None)  # withdrawn tasks have none
    plan.revisions = [r for r, _, _ in sorted(checked, key=lambda x: (x[0].date, x[0].id))]
    return problems


def _apply(plan: Plan, ch: schema.DeadlineChange, rev: Revision) -> None:
    """Replace the deadline ``ch.deadline`` where its owner keeps it (the same list, the same place)."""
    for c in plan.campaigns:
        lists: list[list[Deadline]] = []
        owners: list[Task | Requirement] = []
        for t in c.tasks:
            lists += [t.deadlines] + [s.deadlines for s in t.subitems]
            owners += [t] * (1 + len(t.subitems))
        for r in c.requirements:
            lists.append(r.deadlines)
            owners.append(r)
        for owner, dl in zip(owners, lists, strict=True):
            index = _index_of(owner, dl, ch.deadline.strip())
            if index is None:
                continue
            old = dl[index]
            rec = parse_recurrence(ch.recurrence) if ch.recurrence else None
            dl[index] = dataclasses.replace(
                old,
                text=ch.text.strip(),
                date=ch.date,
                recurrence=rec,
                original=old.original or old,
                revision=rev,
                revision_note=ch.note,
            )
            plan.__dict__.pop("_occurrences", None)  # expanded again from the current deadlines
            return


def _apply_target(plan: Plan, old: Target, tc: schema.TargetChange, rev: Revision) -> None:
    """Replace target ``old`` where it is kept (a campaign's goals, a task, a sub-item)."""
    lists = [c.targets for c in plan.campaigns]
    lists += [t.targets for t in plan.tasks] + [s.targets for t in plan.tasks for s in t.subitems]
    for tl in lists:
        for i, t in enumerate(tl):
            if t is old:
                tl[i] = dataclasses.replace(
                    old,
                    value=tc.value,
                    comparator=tc.comparator or old.comparator,
                    text=tc.text.strip(),
                    original=old.original or old,
                    revision=rev,
                    revision_note=tc.note,
                )
                return


def _index_of(owner: Task | Requirement, dl: list[Deadline], deadline_id: str) -> int | None:
    """Where deadline ``deadline_id`` (``<owner id>-d<N>``, N counted over the owner's deadlines in
    :attr:`Task.all_deadlines` order) sits in ``dl``."""
    if not deadline_id.startswith(owner.id + "-d"):
        return None
    n = int(deadline_id.rsplit("-d", 1)[1])
    all_ = owner.all_deadlines if isinstance(owner, Task) else owner.deadlines
    if not 1 <= n <= len(all_):
        return None
    target = all_[n - 1]
    for i, d in enumerate(dl):
        if d is target:
            return i
    return None


def _role(key: str) -> Role:
    return next(r for r in ROLES if key in (r.value, r.label))


def _task_of(plan: Plan, codes: Codes, code: str) -> Task | None:
    """The task a revision names: 蓝天12, lantian-12 or a sub-item 净土9(2) (its task)."""
    code = code.strip()
    item = codes.item(code)
    if item is not None:
        return item.owner if isinstance(item.owner, Task) else None
    return plan._tasks_by_id.get(code)


def _subitem_of(codes: Codes, code: str) -> str | None:
    item = codes.item(code.strip())
    return item.subitem if item is not None else None


def _unknown_task(
    plan: Plan, codes: Codes, f: YamlFile, at: tuple[str | int, ...], code: str, whole: bool = False
) -> Problem:
    return f.problem(
        "revision-bad",
        at,
        at_value=True,
        problem=(
            f"“{code.strip()}”是分项:撤销只能针对整项任务"
            if whole and _subitem_of(codes, code) is not None
            else f"任务编号“{code.strip()}”不存在"
        ),
        fix=(
            "写整项任务的编号(如 净土9);只调整分项的单位请用 units"
            if whole and _subitem_of(codes, code) is not None
            else "照任务页标题写任务编号,如 蓝天12 或 lantian-12"
            + codes.suggest(code, [k for k, v in codes.items.items() if isinstance(v.owner, Task)])
        ),
    )


def _unit_named(plan: Plan, name: str) -> Unit | None:
    name = name.strip()
    return plan.find_unit(name)


def _check_units(
    plan: Plan,
    codes: Codes,
    f: YamlFile,
    model: schema.RevisionFile,
    held: dict[tuple[str, str | None, Role], set[str]],
) -> list[Problem]:
    """Each ``units:`` change names a task, known units, and adds a unit not yet in the role / removes
    one that is — counting the changes before it (``held``: the units of each task, sub-item and role
    as the revisions applied so far leave them; implicit units cannot be removed)."""
    out: list[Problem] = []
    for i, uc in enumerate(model.units):
        at: tuple[str | int, ...] = ("units", i)
        task = _task_of(plan, codes, uc.task)
        if task is None:
            out.append(_unknown_task(plan, codes, f, (*at, "task"), uc.task))
            continue
        if not uc.add and not uc.remove:
            out.append(
                f.problem("revision-bad", at, problem="没有写新增(add)或调出(remove)的单位", fix="至少写一项")
            )
            continue
        sub = _subitem_of(codes, uc.task)
        role = _role(uc.role)
        key = (task.id, sub, role)
        if key not in held:
            held[key] = {
                a.unit.id for a in task.assignments if a.role == role and a.subitem == sub and not a.implicit
            }
        both = {n.strip() for n in uc.add} & {n.strip() for n in uc.remove}
        if both:
            out.append(
                f.problem(
                    "revision-bad",
                    at,
                    problem=f"同一项中{'、'.join(sorted(both))}既新增又调出",
                    fix="分成两项,或删去其中一处",
                )
            )
            continue
        now = held[key]
        for what, names in (("add", uc.add), ("remove", uc.remove)):
            for j, name in enumerate(names):
                unit = _unit_named(plan, name)
                where = (*at, what, j)
                if unit is None:
                    out.append(
                        f.problem(
                            "revision-bad",
                            where,
                            at_value=True,
                            problem=f"单位“{name.strip()}”不在 units.yaml 中",
                            fix="照 units.yaml 写单位名称;新单位先在 units.yaml 中登记"
                            + codes.suggest(name, [u.name for u in plan.units]),
                        )
                    )
                elif what == "add" and unit.id in now:
                    out.append(
                        f.problem(
                            "revision-bad",
                            where,
                            at_value=True,
                            problem=f"{unit.name} 已是{uc.task.strip()}的{role.label}",
                            fix="删去这一项,或改写职责",
                        )
                    )
                elif what == "remove" and unit.id not in now:
                    out.append(
                        f.problem(
                            "revision-bad",
                            where,
                            at_value=True,
                            problem=f"{unit.name} 不是{uc.task.strip()}的{role.label},无从调出"
                            + (
                                "(它是原文以说明方式统一指定的隐含单位)"
                                if any(
                                    a.implicit and a.unit.id == unit.id and a.role == role
                                    for a in task.assignments
                                )
                                else ""
                            ),
                            fix="核对任务编号、分项和职责;隐含的单位不能逐项调出",
                        )
                    )
                elif what == "add":
                    now.add(unit.id)
                else:
                    now.discard(unit.id)
    return out


def _apply_units(plan: Plan, codes: Codes, uc: schema.UnitChange, rev: Revision) -> None:
    """Add / remove the units of one role on a task (or one sub-item), keeping the original."""
    task = _task_of(plan, codes, uc.task)
    assert task is not None
    sub = _subitem_of(codes, uc.task)
    role = _role(uc.role)
    if task.original_assignments is None:
        task.original_assignments = list(task.assignments)
    for name in uc.remove:
        unit = _unit_named(plan, name)
        assert unit is not None
        gone = [
            a
            for a in task.assignments
            if a.unit.id == unit.id and a.role == role and a.subitem == sub and not a.implicit
        ]
        task.assignments = [a for a in task.assignments if a not in gone]
        task.removed += [Removal(a, rev, uc.note) for a in gone if a.revision is None]
        for s in task.subitems:
            s.assignments = [a for a in s.assignments if a not in gone]
    label = next((a.label for a in task.assignments if a.role == role and a.subitem == sub), role.label)
    for name in uc.add:
        unit = _unit_named(plan, name)
        assert unit is not None
        a = Assignment(unit, role, label, False, sub, None, rev, uc.note)
        own = [i for i, x in enumerate(task.assignments) if x.subitem == sub and not x.implicit]
        task.assignments.insert(own[-1] + 1 if own else len(task.assignments), a)
        for s in task.subitems:
            if s.label == sub:
                s.assignments.append(a)


def task_revision_notes(task: Task, deadlines: bool = True) -> list[str]:
    """What later documents changed in ``task``, in Chinese, one sentence each: withdrawn, units
    added or removed, and (``deadlines``) deadlines moved — the 原文 page and the 台账 say the same."""
    out = []
    if task.added_by is not None:
        out.append(f"本任务不在原文中:由{task.added_by.label}新增。")
    if task.withdrawn is not None:
        why = f"({task.withdrawn.note})" if task.withdrawn.note else ""
        out.append(f"本任务已撤销:依据{task.withdrawn.revision.label}{why},时限不再到期。")
    for a in task.assignments:
        if a.revision is not None:
            where = f"分项{a.subitem}" if a.subitem else ""
            out.append(f"{a.unit.name}为{where}{a.role.label}:依据{a.revision.label}新增。")
    for r in task.removed:
        where = f"分项{r.assignment.subitem}" if r.assignment.subitem else ""
        out.append(
            f"{r.assignment.unit.name}原为{where}{r.assignment.role.label}:依据{r.revision.label}调出。"
        )
    if deadlines:
        for d in task.all_deadlines:
            if d.original is not None and d.revision is not None:
                out.append(f"“{d.original.text}”已调整为“{d.text}”:依据{d.revision.label}。")
    return out
