"""The data stage in one call: read the folder (:mod:`generator.data.load`), check it
(:mod:`generator.data.validate`), build the model (:func:`generator.data.build.build_plan`) and
apply the later documents that amend it (:mod:`generator.data.revisions`) — every problem
reported, then one abort.

This is the only module that knows the order of these steps; each step's module knows only its own
(``load`` reads, ``validate`` checks what was read, ``revisions`` amends a built plan), so the data
stage has no import cycle.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.data.build import build_plan
from generator.data.load import RawPlan, read_tree
from generator.data.messages import problem
from generator.data.problems import PlanInvalid, Problem
from generator.data.reports import today_in_china
from generator.data.revisions import apply_revisions
from generator.data.validate import validate
from generator.model.model import Plan


def load_plan_with_warnings(root: Path) -> tuple[Plan, list[Problem]]:
    """Load, validate and resolve the plan under ``root``.

    Returns the plan and the warnings; raises :class:`PlanInvalid` (with every error and warning,
    sorted by file and line) if there is at least one error.
    """
    return plan_from_raw(read_tree(Path(root)))


def plan_from_raw(raw: RawPlan) -> tuple[Plan, list[Problem]]:
    """:func:`load_plan_with_warnings` of a folder already read (a document of a site of several
    documents is read with the site's shared registry: :func:`generator.data.documents.load_documents`)."""
    checked, problems = validate(raw)
    problems = raw.problems + problems
    if checked is None or any(p.severity == "error" for p in problems):
        if not any(p.severity == "error" for p in problems):  # cannot happen; never pass silently
            problems.append(
                problem("internal-error", raw.display("."), detail="数据未通过检查,但没有报告原因")
            )
        raise PlanInvalid(problems)
    plan = build_plan(checked.document, checked.source_text, checked.units, checked.campaigns, checked.site)
    if raw.revisions or any(t.added_by_id for t in plan.tasks):
        more = apply_revisions(plan, raw.revisions, today_in_china())
        if any(p.severity == "error" for p in more):
            raise PlanInvalid(problems + more)
        problems = problems + more
    if raw.shared_units:  # a site's shared registry: this document's units are the ones it names
        named = _named_units(plan)
        plan.units = [u for u in plan.units if u.id in named]
    plan.data_digest = raw.data_digest()
    src = raw.file_hashes.get(os.path.normpath(checked.document.source_file).replace(os.sep, "/"))
    plan.source_sha256 = src.hex() if src else None
    return plan, sorted(p for p in problems if p.severity == "warning")


def _named_units(plan: Plan) -> set[str]:
    """Ids of the units a document names: in a role, in a deadline's own unit list, implied, or
    removed by a later document."""
    out = {a.unit.id for t in plan.tasks for a in t.assignments}
    out |= {u.id for _, _, d in plan.iter_deadlines() for u in d.units}
    out |= {iu.unit.id for c in plan.campaigns for iu in c.implicit_units}
    out |= {r.assignment.unit.id for t in plan.tasks for r in t.removed}  # taken off by a revision
    return out


def load_plan(root: Path) -> Plan:
    """Load, validate and resolve the plan under ``root``; raise :class:`PlanInvalid` on any error."""
    return load_plan_with_warnings(root)[0]
