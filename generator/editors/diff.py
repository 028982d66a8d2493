"""What changed in the *plan* between two versions of ``plan_data/`` — in plain Chinese.

``python -m generator diff A B`` (:mod:`generator.editors.diff_cli`) where A and B are each a
``plan_data`` folder (or a folder that holds one) or a git revision (``HEAD``, ``origin/main``, a
commit hash …). The output is Markdown ready for a pull-request comment or a CI job summary::

    ## 方案变化:共 3 处

    新增任务 0 项,删除任务 0 项,修改任务 1 项;其他 0 处。

    ### 蓝天保卫战(3 处)

    - 蓝天12 开展低效失效治理设施排查整治:文字修改:……2024年~~10~~**11**月底前完成排查工作……
    - 蓝天12 开展低效失效治理设施排查整治:配合单位增加 区工信和商务局
    - 蓝天12 开展低效失效治理设施排查整治:时限“完成排查工作”由 2024-10-31 改为 2024-11-30(……)

The pieces:

* :func:`diff_plans` compares two resolved :class:`~generator.model.model.Plan` objects and returns a list
  of :class:`Change` (structured: kind, where, a plain summary, an optional inline word diff);
* :func:`render_markdown` turns that list into the Markdown above ("无变化" for an empty list);
* :func:`generator.editors.worddiff.word_diff` segments Chinese with jieba and diffs the token lists
  with :mod:`difflib`, rendering deletions as ``~~删除~~`` and insertions as ``**新增**`` (data is
  Markdown-escaped);
* :func:`generator.editors.diff_cli.load_side` loads one side: a folder, or a git revision.

Tasks are matched between the versions by title (so inserting a task in the middle shows one added
task and a renumbering, not a cascade of rewritten tasks), then by similarity of their text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from generator.data.reports import Progress, ReportFile, period_words, value_text
from generator.editors.worddiff import (
    escape_md,
    inline_text,
    word_diff,
)
from generator.model.model import (
    ROLES,
    Campaign,
    Deadline,
    Plan,
    Requirement,
    Revision,
    Role,
    Target,
    Task,
    Unit,
)

DATA_DIR = "plan_data"
T = TypeVar("T")

# --- the change record ------------------------------------------------------------------------

SCOPE_UNITS = "units"
SCOPE_DOCUMENT = "document"


@dataclass(frozen=True)
class Change:
    """One change of the plan.

    ``summary`` is plain text (escaped when rendered); ``inline`` is an optional Markdown word diff
    (already escaped). ``scope`` is a campaign id, :data:`SCOPE_UNITS` or :data:`SCOPE_DOCUMENT`.
    """

    kind: str
    scope: str
    scope_title: str
    subject: str
    summary: str
    subject_id: str | None = None
    old: str | None = None
    new: str | None = None
    inline: str | None = None

    @property
    def is_task_change(self) -> bool:
        return self.subject_id is not None and self.kind not in ("task_added", "task_removed")


# --- comparing plans ----------------------------------------------------------------------------

def target_value(t: Target) -> str:
    """``≤ 41 微克/立方米`` (:attr:`Target.value_text`); qualitative targets show their text."""
    return t.text if t.value is None else t.value_text


def deadline_when(d: Deadline) -> str:
    if d.date:
        return d.date.isoformat()
    if d.recurrence:
        return d.recurrence.text
    return "无具体日期"


def _by(revisions: list[Revision]) -> str:
    """``(依据 惠环委〔2025〕1号《…》(…))`` for the revisions behind a change, or ``""``."""
    labels = list(dict.fromkeys(r.label for r in revisions))
    return f"(依据{'、'.join(labels)})" if labels else ""


def _names(units: Iterable[Unit]) -> str:
    return "、".join(u.name for u in units)


def _quote(s: str) -> str:
    return f"“{s}”"


class _Differ:
    """Collects changes; each compare_* method appends to ``self.changes``."""

    def __init__(self, old: Plan, new: Plan) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []
        self.new_unit_names = {u.id: u.name for u in new.units}

    def add(self, kind: str, scope: tuple[str, str], subject: str, summary: str, **kw: object) -> None:
        self.changes.append(Change(kind, scope[0], scope[1], subject, summary, **kw))  # type: ignore[arg-type]

    def unit_name(self, u: Unit) -> str:
        return self.new_unit_names.get(u.id, u.name)

    # --- whole plan --------------------------------------------------------------------------
    def run(self) -> list[Change]:
        self.compare_document()
        self.compare_registry()
        old_c = {c.id: c for c in self.old.campaigns}
        new_c = {c.id: c for c in self.new.campaigns}
        for c in self.new.campaigns:
            if c.id in old_c:
                self.compare_campaign(old_c[c.id], c)
            else:
                scope = (c.id, c.short_title)
                self.add("campaign_added", scope, "", f"新增方案 {c.title}(任务 {len(c.tasks)} 项)")
        for c in self.old.campaigns:
            if c.id not in new_c:
                scope = (c.id, c.short_title)
                self.add("campaign_removed", scope, "", f"删除方案 {c.title}(原有任务 {len(c.tasks)} 项)")
        return self.changes

    def text_change(self, kind: str, scope: tuple[str, str], subject: str, label: str,
                    old: str, new: str, **kw: object) -> None:
        if old != new:
            self.add(kind, scope, subject, label, old=old, new=new, inline=word_diff(old, new), **kw)

    def compare_document(self) -> None:
        o, n = self.old.document, self.new.document
        scope = (SCOPE_DOCUMENT, "文件信息")
        for label, a, b in (
            ("文号", o.doc_number, n.doc_number),
            ("标题", o.title, n.title),
            ("主送单位", o.addressees, n.addressees),
            ("通知正文", "\n".join(o.body), "\n".join(n.body)),
        ):
            self.text_change("document", scope, "", f"{label}修改", a, b)
        for label, a, b in (
            ("成文日期", o.date_written.isoformat(), n.date_written.isoformat()),
            ("公开时间", o.published.isoformat(sep=" "), n.published.isoformat(sep=" ")),
            ("计划年度", str(o.plan_year), str(n.plan_year)),
            ("方案期间", f"{o.period_start}至{o.period_end}", f"{n.period_start}至{n.period_end}"),
            ("周期性工作期间", f"{o.recurrence_start}至{o.recurrence_end}",
             f"{n.recurrence_start}至{n.recurrence_end}"),
        ):
            if a != b:
                self.add("document", scope, "", f"{label}由 {a} 改为 {b}", old=a, new=b)

    def compare_registry(self) -> None:
        scope = (SCOPE_UNITS, "单位名录")
        old_u = {u.id: u for u in self.old.units}
        new_u = {u.id: u for u in self.new.units}
        for u in self.new.units:
            o = old_u.get(u.id)
            if o is None:
                self.add("registry_added", scope, "", f"新增单位 {u.name}({u.kind})", new=u.name)
                continue
            if o.name != u.name:
                self.add("registry_renamed", scope, "", f"单位更名:{o.name} → {u.name}",
                         old=o.name, new=u.name)
            details = []
            if o.kind != u.kind:
                details.append(f"类别由 {o.kind} 改为 {u.kind}")
            if o.collective != u.collective:
                details.append("改为集合称谓" if u.collective else "不再是集合称谓")
            if (o.stands_for or "") != (u.stands_for or ""):
                details.append(f"所指说明改为{_quote(u.stands_for or '(无)')}")
            if o.aliases != u.aliases:
                details.append(f"别称改为 {'、'.join(u.aliases) or '(无)'}")
            if details:
                self.add("registry_changed", scope, "", f"{u.name}:" + ";".join(details))
        for u in self.old.units:
            if u.id not in new_u:
                self.add("registry_removed", scope, "", f"删除单位 {u.name}", old=u.name)

    # --- one campaign -----------------------------------------------------------------------
    def compare_campaign(self, o: Campaign, n: Campaign) -> None:
        scope = (n.id, n.short_title)
        for label, a, b in (
            ("方案标题", o.title, n.title),
            ("简称", o.short_title, n.short_title),
            ("开头段落", o.intro, n.intro),
            ("依据", o.basis, n.basis),
        ):
            self.text_change("campaign_text", scope, label, "文字修改", a, b)
        old_parts = {p.role: p for p in o.parts}
        for p in n.parts:
            op = old_parts.get(p.role)
            subject = f"{p.number}、{p.heading}"
            kind = "goal_text" if p.role == "goals" else "campaign_text"
            if op is None:
                self.add(kind, scope, subject, "新增此部分")
                continue
            if op.heading != p.heading:
                self.add(kind, scope, subject, f"标题由 {op.heading} 改为 {p.heading}",
                         old=op.heading, new=p.heading)
            self.text_change(kind, scope, subject, "文字修改",
                             "\n".join(op.paragraphs), "\n".join(p.paragraphs))
        self.compare_targets(o.targets, n.targets, scope, "目标", "goal_target", None)
        old_s = {s.number: s for s in o.sections}
        for s in n.sections:
            os_ = old_s.get(s.number)
            subject = f"{s.label}{s.title}"
            if os_ is None:
                self.add("section", scope, subject, "新增小节")
                continue
            if os_.title != s.title:
                self.text_change("section", scope, subject, "小节标题修改", os_.title, s.title)
            self.text_change("section", scope, subject, "小节说明文字修改",
                             "\n".join(os_.paragraphs), "\n".join(s.paragraphs))
        for s in o.sections:
            if s.number not in {x.number for x in n.sections}:
                self.add("section", scope, f"{s.label}{s.title}", "删除小节")
        old_imp = {(i.unit.id, i.role): i for i in o.implicit_units}
        new_imp = {(i.unit.id, i.role): i for i in n.implicit_units}
        for key, i in new_imp.items():
            if key not in old_imp:
                self.add("implicit_units", scope, "",
                         f"各项任务隐含的{i.role.label}增加:{self.unit_name(i.unit)}")
        for key, i in old_imp.items():
            if key not in new_imp:
                self.add("implicit_units", scope, "",
                         f"各项任务隐含的{i.role.label}删除:{self.unit_name(i.unit)}")
        for ot, nt in match_tasks(o.tasks, n.tasks):
            if ot is None and nt is not None:
                units = ";".join(f"{r.label}:{_names(nt.units(r))}" for r in ROLES
                                 if any(not a.implicit for a in nt.assignments if a.role == r))
                summary = "新增任务" + (f"({units})" if units else "")
                if nt.added_by is not None:
                    summary += _by([nt.added_by])
                self.add("task_added", scope, _ref(nt), summary, subject_id=nt.id, new=nt.text)
            elif nt is None and ot is not None:
                self.add("task_removed", scope, _ref(ot), "删除任务", subject_id=ot.id, old=ot.text)
            elif ot is not None and nt is not None:
                self.compare_task(ot, nt, scope)
        self.compare_requirements(o, n, scope)

    def compare_requirements(self, o: Campaign, n: Campaign, scope: tuple[str, str]) -> None:
        def subject(c: Campaign, r: Requirement) -> str:
            return f"{c.requirements_heading}{r.label}{r.title}"

        old_r = {r.number: r for r in o.requirements}
        new_numbers = {r.number for r in n.requirements}
        for r in n.requirements:
            orr = old_r.get(r.number)
            if orr is None:
                self.add("requirement_added", scope, subject(n, r), "新增要求", new=r.text)
                continue
            self.text_change("requirement_text", scope, subject(n, r), "文字修改",
                             f"{orr.title}。{orr.text}", f"{r.title}。{r.text}")
            self.compare_deadlines(orr.deadlines, r.deadlines, scope, subject(n, r), None)
        for r in o.requirements:
            if r.number not in new_numbers:
                self.add("requirement_removed", scope, subject(o, r), "删除要求", old=r.text)

    # --- one task ---------------------------------------------------------------------------
    def compare_task(self, o: Task, n: Task, scope: tuple[str, str]) -> None:
        subject = _ref(n)
        if o.number != n.number:
            self.add("task_renumbered", scope, subject, f"编号由 {o.code} 改为 {n.code}",
                     subject_id=n.id, old=o.code, new=n.code)
        if o.section.number != n.section.number:
            self.add("task_section", scope, subject,
                     f"所属小节由 {o.section.label}{o.section.title} 改为 {n.section.label}{n.section.title}",
                     subject_id=n.id)
        self.text_change("task_text", scope, subject, "文字修改", o.text, n.text, subject_id=n.id)
        self.compare_units(o, n, scope, subject)
        if n.withdrawn is not None and o.withdrawn is None:
            why = f"({n.withdrawn.note})" if n.withdrawn.note else ""
            self.add("task_withdrawn", scope, subject,
                     f"撤销,依据{n.withdrawn.revision.label}{why}", subject_id=n.id)
        elif o.withdrawn is not None and n.withdrawn is None:
            self.add("task_withdrawn", scope, subject, "不再标为撤销", subject_id=n.id)
        self.compare_deadlines(o.all_deadlines, n.all_deadlines, scope, subject, n.id)
        self.compare_targets(o.all_targets, n.all_targets, scope, subject, "target_changed", n.id)

    def compare_units(self, o: Task, n: Task, scope: tuple[str, str], subject: str) -> None:
        def lines(t: Task) -> dict[tuple[str | None, Role], list[Unit]]:
            out: dict[tuple[str | None, Role], list[Unit]] = {}
            for a in t.assignments:
                if not a.implicit:
                    units = out.setdefault((a.subitem, a.role), [])
                    if all(u.id != a.unit.id for u in units):
                        units.append(a.unit)
            return out

        def by_added(key: tuple[str | None, Role], units: list[Unit]) -> str:
            ids = {u.id for u in units}
            revs = [a.revision for a in n.assignments
                    if a.revision is not None and (a.subitem, a.role) == key and a.unit.id in ids]
            return _by(revs)

        def by_removed(key: tuple[str | None, Role], units: list[Unit]) -> str:
            ids = {u.id for u in units}
            revs = [r.revision for r in n.removed
                    if (r.assignment.subitem, r.assignment.role) == key and r.assignment.unit.id in ids]
            return _by(revs)

        old_l, new_l = lines(o), lines(n)
        subitems = [None, *[s.label for s in n.subitems], *[s.label for s in o.subitems]]
        keys = [(s, r) for s in dict.fromkeys(subitems) for r in ROLES]
        for key in keys:
            a, b = old_l.get(key, []), new_l.get(key, [])
            where = f"分项{key[0]}" if key[0] else ""
            label = f"{where}{key[1].label}"
            a_ids, b_ids = [u.id for u in a], [u.id for u in b]
            added = [u for u in b if u.id not in a_ids]
            removed = [u for u in a if u.id not in b_ids]
            if added:
                self.add("units_added", scope, subject, f"{label}增加 {_names(added)}{by_added(key, added)}",
                         subject_id=n.id, new="、".join(u.id for u in added))
            if removed:
                self.add("units_removed", scope, subject,
                         f"{label}删除 {'、'.join(self.unit_name(u) for u in removed)}"
                         + by_removed(key, removed),
                         subject_id=n.id, old="、".join(u.id for u in removed))
            kept_a = [i for i in a_ids if i in b_ids]
            kept_b = [i for i in b_ids if i in a_ids]
            if kept_a != kept_b:
                self.add("units_reordered", scope, subject,
                         f"{label}顺序由 {_names(a)} 改为 {_names(b)}", subject_id=n.id)

    def compare_deadlines(self, old: list[Deadline], new: list[Deadline], scope: tuple[str, str],
                          subject: str, subject_id: str | None) -> None:
        for od, nd in _match(old, new, [
            lambda d: d,
            lambda d: (d.subitem, d.what),
            lambda d: (d.subitem, d.text),
            lambda d: (d.subitem, d.date, d.recurrence),
        ]):
            where = f"分项{(nd or od).subitem}" if (nd or od).subitem else ""  # type: ignore[union-attr]
            if od is None and nd is not None:
                self.add("deadline_added", scope, subject,
                         f"{where}新增时限{_quote(nd.what)}:{deadline_when(nd)}(原文{_quote(nd.text)})",
                         subject_id=subject_id, new=deadline_when(nd))
            elif nd is None and od is not None:
                self.add("deadline_removed", scope, subject,
                         f"{where}删除时限{_quote(od.what)}({deadline_when(od)})",
                         subject_id=subject_id, old=deadline_when(od))
            elif od is not None and nd is not None and od != nd:
                a, b = deadline_when(od), deadline_when(nd)
                if a != b:
                    extra = f"(原文{_quote(od.text)} → {_quote(nd.text)})" if od.text != nd.text else ""
                    if nd.revision is not None and nd.revision is not od.revision:
                        extra = f"(调整为{_quote(nd.text)},依据{nd.revision.label})"
                    self.add("deadline_moved", scope, subject,
                             f"{where}时限{_quote(nd.what)}由 {a} 改为 {b}{extra}",
                             subject_id=subject_id, old=a, new=b)
                elif od.what != nd.what:
                    self.add("deadline_changed", scope, subject,
                             f"{where}时限({b})要完成的事项由{_quote(od.what)}改为{_quote(nd.what)}",
                             subject_id=subject_id, old=od.what, new=nd.what)
                # a change of the quoted source words alone shows in the text diff

    def compare_targets(self, old: list[Target], new: list[Target], scope: tuple[str, str],
                        subject: str, kind: str, subject_id: str | None) -> None:
        for ot, nt in _match(old, new, [
            lambda t: t,
            lambda t: (t.subitem, t.indicator),
            lambda t: (t.subitem, t.text),
        ]):
            if ot is None and nt is not None:
                self.add("target_added" if kind == "target_changed" else kind, scope, subject,
                         f"新增指标 {nt.indicator}:{target_value(nt)}", subject_id=subject_id,
                         new=target_value(nt))
            elif nt is None and ot is not None:
                self.add("target_removed" if kind == "target_changed" else kind, scope, subject,
                         f"删除指标 {ot.indicator}:{target_value(ot)}", subject_id=subject_id,
                         old=target_value(ot))
            elif ot is not None and nt is not None:
                a, b = target_value(ot), target_value(nt)
                name = nt.indicator if ot.indicator == nt.indicator else f"{ot.indicator} → {nt.indicator}"
                if a != b or ot.indicator != nt.indicator:
                    self.add(kind, scope, subject, f"指标 {name}:{a} → {b}",
                             subject_id=subject_id, old=a, new=b)
                elif (ot.note or "") != (nt.note or ""):
                    self.add(kind, scope, subject, f"指标 {name} 的说明改为{_quote(nt.note or '(无)')}",
                             subject_id=subject_id)


def _ref(t: Task) -> str:
    """``蓝天12 开展低效失效治理设施排查整治``."""
    return f"{t.code} {t.title}"


def _match(
    old: Sequence[T], new: Sequence[T], keys: list[Callable[[T], object]]
) -> list[tuple[T | None, T | None]]:
    """Pair items of two lists: by each key in turn (first unused match, in order); the rest unpaired.

    The result is in the new list's order, with removed items after the kept ones.
    """
    pair_of_new: dict[int, int] = {}
    used_old: set[int] = set()
    for key in keys:
        for j, item in enumerate(new):
            if j in pair_of_new:
                continue
            k = key(item)
            for i, o in enumerate(old):
                if i not in used_old and key(o) == k:
                    pair_of_new[j] = i
                    used_old.add(i)
                    break
    out: list[tuple[T | None, T | None]] = [
        (old[pair_of_new[j]] if j in pair_of_new else None, item) for j, item in enumerate(new)
    ]
    out += [(o, None) for i, o in enumerate(old) if i not in used_old]
    return out


def match_tasks(old: list[Task], new: list[Task]) -> list[tuple[Task | None, Task | None]]:
    """Pair a campaign's tasks across versions: same title first, then similar text, else by position.

    Returned in document order (a removed task right where it stood).
    """
    pairs: list[tuple[Task | None, Task | None]] = []
    sm = SequenceMatcher(None, [t.title for t in old], [t.title for t in new], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        if tag == "equal":
            pairs += list(zip(olds, news, strict=True))
        elif len(olds) == len(news):
            pairs += list(zip(olds, news, strict=True))  # rewritten in place
        else:
            pairs += _pair_similar(olds, news)
    return pairs


def _pair_similar(olds: list[Task], news: list[Task]) -> list[tuple[Task | None, Task | None]]:
    out: list[tuple[Task | None, Task | None]] = []
    j = 0
    for o in olds:
        best, best_ratio = None, 0.5
        for k in range(j, len(news)):
            r = SequenceMatcher(None, o.text, news[k].text, autojunk=False).ratio()
            if r > best_ratio:
                best, best_ratio = k, r
        if best is None:
            out.append((o, None))
            continue
        out += [(None, t) for t in news[j:best]]
        out.append((o, news[best]))
        j = best + 1
    out += [(None, t) for t in news[j:]]
    return out


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every change of the plan from ``old`` to ``new``, in document order (deterministic)."""
    return _Differ(old, new).run()


SCOPE_PROGRESS = "progress"


def diff_progress(old: Progress, new: Progress) -> list[Change]:
    """What changed in the reports and measured values: report files added, removed or changed,
    and every status that moved (a unit's latest status on a task, sub-item or deadline)."""
    title = "进展报送与实测值"
    out: list[Change] = []

    def files(p: Progress) -> dict[tuple[str, str], ReportFile]:
        return {(f.unit.id, f.period): f for f in p.files}

    def text(f: ReportFile) -> str:
        rows = [
            (r.item.code, r.entry.id if r.entry else "", r.status, r.progress, r.problems, r.next_steps,
             r.evidence, r.value, r.closed_on, r.closed_by.id if r.closed_by else "")
            for r in f.reports
        ]
        return repr([*rows, f.reported])

    a, b = files(old), files(new)
    for key in sorted(a.keys() | b.keys(), key=lambda k: (k[1], k[0])):
        fa, fb = a.get(key), b.get(key)
        f = fb or fa
        assert f is not None
        subject = f"{f.unit.name} {period_words(f.period)}"
        if fa is None and fb is not None:
            out.append(Change("report_added", SCOPE_PROGRESS, title, subject,
                              f"新增报送({len(fb.reports)} 项,报送日期 {fb.reported.isoformat()})"))
        elif fb is None:
            out.append(Change("report_removed", SCOPE_PROGRESS, title, subject, "删除了这份报送"))
        elif fa is not None and text(fa) != text(fb):
            out.append(Change("report_changed", SCOPE_PROGRESS, title, subject, "修改了这份报送"))

    def latest(p: Progress) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        out_: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        for r in sorted(p.reports, key=lambda r: (r.period, r.reported, r.order)):
            key = (r.unit.id, r.item.code, r.entry.id if r.entry else "")
            if out_.get(key, ("", "", ""))[0] != "已销号":  # closed out stays closed (generator.data.status)
                out_[key] = (r.status, r.unit.name, r.period)
        return out_

    la, lb = latest(old), latest(new)
    for item_key in sorted(la.keys() | lb.keys()):
        sa, sb = la.get(item_key), lb.get(item_key)
        if (sa and sa[0]) == (sb and sb[0]):
            continue
        who = (sb or sa)[1]  # type: ignore[index]
        item = item_key[1] + (f"(时限 {item_key[2]})" if item_key[2] else "")
        before = sa[0] if sa else "无报送"
        after = sb[0] if sb else "无报送"
        out.append(Change("status_changed", SCOPE_PROGRESS, title, f"{who} {item}",
                          f"状态 {before} → {after}", old=before, new=after))

    def values(p: Progress) -> dict[tuple[str, str], str]:
        return {(x.key, x.period): f"{value_text(x.value)}(来源:{x.source})" for x in p.actuals}

    va, vb = values(old), values(new)
    for key in sorted(va.keys() | vb.keys()):
        if va.get(key) == vb.get(key):
            continue
        subject = f"{key[0]} {key[1]}"
        if key not in va:
            out.append(Change("actual_added", SCOPE_PROGRESS, title, subject, f"新增实测值 {vb[key]}"))
        elif key not in vb:
            out.append(Change("actual_removed", SCOPE_PROGRESS, title, subject, f"删除实测值 {va[key]}"))
        else:
            out.append(Change("actual_changed", SCOPE_PROGRESS, title, subject,
                              f"实测值 {va[key]} → {vb[key]}", old=va[key], new=vb[key]))
    return out


# --- rendering ----------------------------------------------------------------------------------


def counts(changes: Sequence[Change]) -> dict[str, int]:
    """Headline numbers: tasks added / removed / changed (distinct tasks), other changes."""
    task_changed = {c.subject_id for c in changes if c.is_task_change}
    return {
        "total": len(changes),
        "task_added": sum(c.kind == "task_added" for c in changes),
        "task_removed": sum(c.kind == "task_removed" for c in changes),
        "task_changed": len(task_changed),
        "other": sum(c.subject_id is None for c in changes),
    }


@dataclass(frozen=True)
class Comparison:
    """Two *documents* compared (a plan and next year's), not two versions of one: what the
    headline says instead of 新增/删除/修改. Tasks are paired by title, then by text similarity
    (:func:`match_tasks`), never by number."""

    old: str
    """The earlier document's 文号."""
    new: str
    """The later document's 文号."""
    continued: int
    """Tasks of the later document that continue one of the earlier document's."""
    adjusted: int
    """Of those, the ones with a change other than their number (text, units, deadlines, targets)."""
    added: int
    """Tasks the later document lists for the first time."""
    dropped: int
    """Tasks of the earlier document the later one no longer lists."""

    def headline(self, other: int) -> str:
        """``甲〔2024〕1号 → 甲〔2025〕1号:延续任务 4 项(其中 3 项有调整),新增 1 项,不再列入 1 项;…``"""
        return (f"{self.old} → {self.new}:延续任务 {self.continued} 项(其中 {self.adjusted} 项有调整),"
                f"新增 {self.added} 项,不再列入 {self.dropped} 项;其他 {other} 处。")


_COMPARISON_WORDS = {"task_added": ("新增任务", "新列入的任务"), "task_removed": ("删除任务", "不再列入")}


def compare_documents(
    old: Plan, new: Plan, changes: Sequence[Change]
) -> tuple[Comparison | None, list[Change]]:
    """When ``old`` and ``new`` are two documents (different 文号): the :class:`Comparison`, and the
    changes worded for two documents (a task is 不再列入, not 删除). Else ``(None, changes)``."""
    if old.document.doc_number == new.document.doc_number:
        return None, list(changes)
    n = counts(changes)
    adjusted = {c.subject_id for c in changes if c.is_task_change and c.kind != "task_renumbered"}
    comparison = Comparison(
        old.document.doc_number, new.document.doc_number, len(new.tasks) - n["task_added"], len(adjusted),
        n["task_added"], n["task_removed"],
    )
    worded = []
    for c in changes:
        if c.kind in _COMPARISON_WORDS:
            same, other = _COMPARISON_WORDS[c.kind]
            c = dataclasses.replace(c, summary=other + c.summary.removeprefix(same))
        if c.kind == "task_removed":  # its code is the earlier document's: say so
            c = dataclasses.replace(c, subject=f"{comparison.old} {c.subject}")
        worded.append(c)
    return comparison, worded


def render_bullet(c: Change) -> str:
    head = f"{escape_md(c.subject)}:" if c.subject else ""
    line = f"- {head}{escape_md(c.summary)}"
    if c.inline:
        line += f":{c.inline}"
    return line


def _headline(changes: Sequence[Change], comparison: Comparison | None = None) -> str:
    n = counts(changes)
    if comparison is not None:
        return comparison.headline(n["other"])
    return (f"新增任务 {n['task_added']} 项,删除任务 {n['task_removed']} 项,"
            f"修改任务 {n['task_changed']} 项;其他 {n['other']} 处。")


def by_scope(changes: Sequence[Change]) -> list[tuple[str, list[Change]]]:
    """(scope title, its changes), scopes in the order they first appear."""
    scopes: dict[str, list[Change]] = {}
    titles: dict[str, str] = {}
    for c in changes:
        scopes.setdefault(c.scope, []).append(c)
        titles.setdefault(c.scope, c.scope_title)
    return [(titles[scope], items) for scope, items in scopes.items()]


def render_markdown(
    changes: Sequence[Change],
    title: str = "方案变化",
    heading_level: int = 2,
    comparison: Comparison | None = None,
) -> str:
    """Markdown for a pull-request comment: a heading with counts, then one section per campaign."""
    h = "#" * heading_level
    if not changes:
        return f"{h} {title}\n\n无变化。\n"
    lines = [f"{h} {title}:共 {len(changes)} 处", "", _headline(changes, comparison)]
    for scope_title, items in by_scope(changes):
        lines += ["", f"{h}# {escape_md(scope_title)}({len(items)} 处)", ""]
        lines += [render_bullet(c) for c in items]
    return "\n".join(lines) + "\n"


def render_text(
    changes: Sequence[Change],
    title: str = "方案变化",
    colour: bool = False,
    comparison: Comparison | None = None,
) -> str:
    """The same summary as :func:`render_markdown`, as plain text for a terminal."""
    if not changes:
        return f"{title}:无变化。\n"
    lines = [f"{title}:共 {len(changes)} 处", _headline(changes, comparison)]
    for scope_title, items in by_scope(changes):
        lines += ["", f"【{scope_title}】({len(items)} 处)"]
        for c in items:
            head = f"{c.subject}:" if c.subject else ""
            line = f"  · {head}{c.summary}"
            if c.inline:
                line += f":{inline_text(c.inline, colour)}"
            lines.append(" ".join(line.split("\n")))
    return "\n".join(lines) + "\n"
