"""Revisions: later documents (调整通知, a meeting decision) that amend the published plan.

A published 公文 is never edited: the original text and its deadlines stay as they are (the fidelity
test and ``check`` guard them). A revision record, ``plan_data/revisions/<id>.yaml``
(:class:`generator.schema.RevisionFile`), says what a later document changed and by what authority
(文号 or meeting, and date — both required). :func:`apply_revisions` runs once the plan is built and
before anything is written: each changed deadline is replaced by its current value, which keeps the
original (:attr:`generator.model.Deadline.original`) and the revision. Pages show both (原定 → 调整为,
依据 …); the calendars, 台账, plan.json and the progress lights use the current value; the plan diff
describes the change like any other.

This round covers deadlines (a new date or recurrence, and the words the revision uses) and
target values; units added or removed and withdrawn tasks are not modelled yet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from . import schema
from .dates import parse_recurrence
from .duties import plan_entries
from .load import YamlFile
from .messages import problem
from .model import Deadline, Plan, Requirement, Revision, SourceRef, Target, Task
from .problems import Problem
from .progress import Codes, loose

FOLDER = "revisions"
MAX_FILES = 500


def apply_revisions(plan: Plan, files: list[YamlFile], today: dt.date | None = None) -> list[Problem]:
    """Check every revision file against ``plan`` and apply them in date order (then file name).
    Returns the problems; the plan is changed only when there are none."""
    from .validate import validate_model

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
        if not model.changes and not model.targets:
            problems.append(
                f.problem(
                    "revision-bad",
                    (),
                    problem="没有写调整的内容",
                    fix="在 changes(时限)或 targets(指标)下至少写一项",
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
    if any(p.severity == "error" for p in problems):
        return problems
    for rev, model, _f in sorted(checked, key=lambda x: (x[0].date, x[0].id)):
        for ch in model.changes:
            _apply(plan, ch, rev)
        for tc in model.targets:
            _apply_target(plan, codes.targets[loose(tc.target)][1], tc, rev)
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
