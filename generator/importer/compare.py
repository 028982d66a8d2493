"""Compare an imported draft with a curated plan: what the import reproduced and what only a human
added (flags, aliases, notes on collective units, kinds, targets, the ``what`` of deadlines …).
Used by the round-trip test and by ``import --compare``."""

from __future__ import annotations

from generator.model.model import Plan, Task


def assignments(t: Task) -> set[tuple[str, str | None, str, bool]]:
    return {(a.role.value, a.subitem, a.unit.name, a.implicit) for a in t.assignments}


def dated(t: Task) -> set[tuple[str | None, str, object]]:
    return {(d.subitem, d.text, d.date) for d in t.all_deadlines if d.date}


def reproduced(curated: Plan, imported: Plan) -> list[str]:
    """Where the import differs from the curated data in what it must reproduce: every task's text,
    units by role (implicit included), sub-items and dated deadlines. Empty: a faithful import."""
    out: list[str] = []
    mine = {t.id: t for t in imported.tasks}
    for t in curated.tasks:
        i = mine.pop(t.id, None)
        if i is None:
            out.append(f"{t.code}:导入结果中没有这项任务")
            continue
        if (t.title, t.text) != (i.title, i.text):
            out.append(f"{t.code}:文字不同")
        if assignments(t) != assignments(i):
            out.append(f"{t.code}:单位不同 {sorted(assignments(t) ^ assignments(i))}")
        if [(s.label, s.text) for s in t.subitems] != [(s.label, s.text) for s in i.subitems]:
            out.append(f"{t.code}:分项不同")
        if dated(t) != dated(i):
            out.append(
                f"{t.code}:有日期的时限不同 原={sorted(map(str, dated(t)))} 导入={sorted(map(str, dated(i)))}"
            )
    out += [f"{t.code}:导入结果多出这项任务" for t in mine.values()]
    return out


def human_additions(curated: Plan, imported: Plan) -> list[str]:
    """What the curated data says that the import could not: the editors' own work, one line each."""
    out: list[str] = []
    units = {u.name: u for u in imported.units}
    for u in curated.units:
        i = units.get(u.name)
        if i is None:
            continue
        if u.aliases:
            out.append(f"单位 {u.name}:别称 {'、'.join(u.aliases)}")
        if u.kind != i.kind:
            out.append(f"单位 {u.name}:类别 {u.kind}(导入推断为 {i.kind})")
        if u.id != i.id:
            out.append(f"单位 {u.name}:标识 {u.id}(导入为 {i.id})")
        if u.stands_for and u.stands_for != i.stands_for:
            out.append(f"单位 {u.name}:集合称谓的说明")
    for c in curated.campaigns:
        if c.targets:
            out.append(f"{c.short_name}:目标指标 {len(c.targets)} 个(结构化)")
        out += [f"{c.short_name}:说明 {f.kind}" for f in c.flags if f.kind != "implicit_units"]
    tasks = {t.id: t for t in imported.tasks}
    for t in curated.tasks:
        it = tasks.get(t.id)
        kinds = sorted({f.kind for f in t.flags} - ({f.kind for f in it.flags} if it else set()))
        if kinds:
            out.append(f"{t.code}:说明 {'、'.join(kinds)}")
        if t.all_targets:
            out.append(f"{t.code}:指标 {len(t.all_targets)} 个")
        if it is not None:
            whats = [d.what for d in t.all_deadlines]
            if whats != [d.what for d in it.all_deadlines]:
                out.append(f"{t.code}:时限的“要完成什么”或无日期的时限")
    out += [f"文件说明 {f.kind}" for f in curated.document.flags]
    return out
