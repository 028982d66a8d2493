"""Fidelity of plan_data/ to the original document (惠环委〔2024〕3号).

The original text file is read here independently of the loader: the whole document is rebuilt
from the loaded plan and compared with the original, whitespace removed, so a single character
lost, added or changed anywhere in the data makes a test fail. The only thing taken from the
original while rebuilding is the separator between two unit names on a unit line (、 or ,), which
the data does not record; the names themselves are compared exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.data.pipeline import load_plan
from generator.model.dates import parse_recurrence
from generator.model.model import ROLES, Assignment, Campaign, Plan, Task

ROOT = Path(__file__).resolve().parents[1]
PLAN_DATA = ROOT / "plan_data"
SOURCE = PLAN_DATA / "source" / "000_26869fdaef8b9d06.txt"

CHROME = ["打印此文 关闭窗口", "相关链接"]
CAMPAIGN_TITLES = {
    "lantian": "惠济区2024年蓝天保卫战实施方案",
    "bishui": "惠济区2024年碧水保卫战实施方案",
    "jingtu": "惠济区2024年净土保卫战实施方案",
}
EXPECTED_TASKS = {"lantian": 39, "bishui": 22, "jingtu": 18}
CN = "一二三四五六七八九十"
UNIT_LABELS = ("牵头单位", "配合单位", "责任单位", "责任部门")


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(ROOT / "plan_data")


# --- the original, read independently -----------------------------------------------------------


def squash(s: str) -> str:
    """Remove every whitespace character (spaces, no-break spaces, line breaks)."""
    return "".join(ch for ch in s if not ch.isspace())


def source_lines() -> list[str]:
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    assert [line.strip() for line in lines[-2:]] == CHROME, "the last two lines should be web-page chrome"
    return lines[:-2]


def source_parts() -> dict[str, str]:
    """The original split into the document part and the three plans, each whitespace-free."""
    lines = source_lines()
    starts = {}
    for cid, title in CAMPAIGN_TITLES.items():
        hits = [i for i, line in enumerate(lines) if line.strip() == title]
        assert len(hits) == 1, title
        starts[cid] = hits[0]
    order = sorted(starts, key=starts.get)
    assert order == list(CAMPAIGN_TITLES)
    out = {"document": squash("".join(lines[: starts[order[0]]]))}
    for k, cid in enumerate(order):
        end = starts[order[k + 1]] if k + 1 < len(order) else len(lines)
        out[cid] = squash("".join(lines[starts[cid] : end]))
    return out


SOURCE_PARTS = source_parts()


# --- rebuilding from the data -------------------------------------------------------------------


def cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + "十" + (CN[ones - 1] if ones else "")


class Rebuilder:
    """Appends whitespace-free pieces; recovers only unit-name separators from the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.pieces: list[str] = []
        self.length = 0
        self.marks: list[tuple[int, str]] = []
        """(offset, where): which part of the data the text from ``offset`` on comes from."""

    def mark(self, where: str) -> None:
        self.marks.append((self.length, where))

    def lit(self, s: str) -> None:
        s = squash(s)
        self.pieces.append(s)
        self.length += len(s)

    def unit_line(self, label: str, names: list[str], note: str | None) -> None:
        self.lit(f"{label}:")
        for i, name in enumerate(names):
            if i:
                sep = self.original[self.length : self.length + 1]
                self.lit(sep if sep in ("、", ",") else "<unit separator missing>")
            self.lit(name)
        if note:
            self.lit(note)

    def assignments(self, assignments: list[Assignment]) -> None:
        for role in ROLES:
            hits = [a for a in assignments if a.role == role]
            if hits:
                self.unit_line(hits[0].label, [a.unit.name for a in hits], hits[0].note)

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def where(self, offset: int) -> str:
        """The data piece holding ``offset`` (and the one before it, when the difference is at its start)."""
        at = next((w for o, w in reversed(self.marks) if o <= offset), "(开头)")
        before = next((w for o, w in reversed(self.marks) if o < offset), at)
        return at if before == at else f"{at}(或 {before} 的末尾)"


def own_assignments(task: Task, subitem: str | None) -> list[Assignment]:
    """The unit lines as the original has them (a revision's added/removed units aside)."""
    lines = task.assignments if task.original_assignments is None else task.original_assignments
    return [a for a in lines if a.subitem == subitem and not a.implicit]


def rebuild_task(rb: Rebuilder, task: Task) -> None:
    rb.mark(f"{task.source.path} ({task.code})")
    rb.lit(f"{task.number}.{task.title}{task.title_end}{task.body or ''}")
    rb.assignments(own_assignments(task, None))
    for s in task.subitems:
        rb.lit(f"{s.label}{s.text}")
        rb.assignments(own_assignments(task, s.label))


def rebuild_campaign(c: Campaign, original: str) -> Rebuilder:
    rb = Rebuilder(original)
    rb.mark(f"{c.source.path}")
    rb.lit(c.title)
    rb.lit(c.intro)
    for part in c.parts:
        rb.lit(f"{part.number}、{part.heading}")
        for p in part.paragraphs:
            rb.lit(p)
        if part.role == "tasks":
            for section in c.sections:
                rb.mark(f"{c.source.path} sections[{section.number - 1}]")
                rb.lit(f"({cn(section.number)}){section.title}")
                for p in section.paragraphs:
                    rb.lit(p)
                for task in section.tasks:
                    if task.added_by_id is None:  # a task a later document added is not in the original
                        rebuild_task(rb, task)
        if part.role == "requirements":
            for r in c.requirements:
                rb.mark(f"{c.source.path} requirements[{r.number - 1}]")
                rb.lit(f"({cn(r.number)}){r.title}。{r.text}")
    return rb


def rebuild_document(plan: Plan) -> Rebuilder:
    d = plan.document
    rb = Rebuilder("")
    rb.mark("plan_data/document.yaml")
    rb.lit(f"{d.doc_number}—{d.title}")
    rb.lit(f"来源:{d.published_source}时间:{d.published:%Y-%m-%d %H:%M:%S}")
    rb.lit(f"{d.addressees}:")
    for p in d.body:
        rb.lit(p)
    rb.lit(d.date_written_text)
    return rb


def assert_same(rb: Rebuilder, original: str, what: str) -> None:
    rebuilt = rb.text
    if rebuilt == original:
        return
    pairs = zip(rebuilt, original, strict=False)
    i = next((k for k, (a, b) in enumerate(pairs) if a != b), min(len(rebuilt), len(original)))
    lo = max(0, i - 40)
    # an editor can cause this failure: say it in Chinese, with the file and what to do
    pytest.fail(
        f"{rb.where(i)}: 错误: 数据与原文不一致(方案“{what}”,去掉空白后的第 {i} 个字符起)\n"
        f"  原文:…{original[lo:i]}⟦{original[i:i + 40]}⟧…\n"
        f"  数据:…{rebuilt[lo:i]}⟦{rebuilt[i:i + 40]}⟧…\n"
        f"  —— 已印发的文件不能改动:文字、单位行与时限的原文写法必须与 plan_data/source 中的原文逐字相同。"
        f"若是录入错误,按原文改回;若是后来的文件调整了时限或单位,不要改原文,"
        f"按编辑指南另行记录调整依据(文号、日期)。"
    )


# --- 1. counts and numbering ---------------------------------------------------------------------


def test_campaigns_in_document_order(plan: Plan) -> None:
    assert [c.id for c in plan.campaigns] == list(CAMPAIGN_TITLES)
    assert [c.title for c in plan.campaigns] == list(CAMPAIGN_TITLES.values())
    assert [c.order for c in plan.campaigns] == [1, 2, 3]


@pytest.mark.parametrize("cid", list(EXPECTED_TASKS))
def test_task_count_and_numbering(plan: Plan, cid: str) -> None:
    c = plan.campaign(cid)
    assert len(c.tasks) == EXPECTED_TASKS[cid]
    assert [t.number for t in c.tasks] == list(range(1, EXPECTED_TASKS[cid] + 1))
    assert [s.number for s in c.sections] == list(range(1, len(c.sections) + 1))
    # tasks run through the sections in order, every section has at least one task
    assert [t.number for s in c.sections for t in s.tasks] == [t.number for t in c.tasks]
    assert all(s.tasks for s in c.sections)
    assert [r.number for r in c.requirements] == list(range(1, len(c.requirements) + 1))


def test_every_task_has_a_unit(plan: Plan) -> None:
    for t in plan.tasks:
        assert [a for a in t.assignments if not a.implicit], t.code
        for s in t.subitems:
            assert [a for a in t.assignments if a.subitem == s.label], f"{t.code}{s.label}"


def test_units_registry_complete_and_used(plan: Plan) -> None:
    assert len(plan.units) == 25
    assert len({u.name for u in plan.units}) == 25
    used = {a.unit.name for t in plan.tasks for a in t.assignments if not a.implicit}
    assert used == {u.name for u in plan.units}


def test_titles_have_no_full_stop(plan: Plan) -> None:
    for c in plan.campaigns:
        for t in c.tasks:
            assert "。" not in t.title and t.title, t.code
        for r in c.requirements:
            assert "。" not in r.title and r.title
            assert r.text


# --- 2. fidelity: the whole document rebuilt from the data ----------------------------------------


def test_document_part_matches_original(plan: Plan) -> None:
    assert_same(rebuild_document(plan), SOURCE_PARTS["document"], "document (title, addressees, body, date)")


@pytest.mark.parametrize("cid", list(CAMPAIGN_TITLES))
def test_campaign_text_matches_original(plan: Plan, cid: str) -> None:
    original = SOURCE_PARTS[cid]
    assert_same(rebuild_campaign(plan.campaign(cid), original), original, cid)


def test_whole_document_matches_original(plan: Plan) -> None:
    original = squash("".join(source_lines()))
    whole = rebuild_document(plan)
    for c in plan.campaigns:
        rb = rebuild_campaign(c, SOURCE_PARTS[c.id])
        whole.marks += [(o + whole.length, w) for o, w in rb.marks]
        whole.pieces.append(rb.text)
        whole.length += len(rb.text)
    assert_same(whole, original, "whole document")


UNIT_LINE = re.compile(
    r"(牵头单位|配合单位|责任单位|责任部门):(.*?)"
    r"(?=牵头单位:|配合单位:|责任单位:|责任部门:|\d+\.|\(\d\)|\([一二三四五六七八九十]+\)|[一二三四五六]、|$)"
)


def source_unit_lines(original: str) -> list[tuple[str, list[str], str | None]]:
    out = []
    for m in UNIT_LINE.finditer(original):
        rest = m.group(2)
        note = None
        nm = re.search(r"〔[^〕]*〕$", rest)
        if nm:
            note, rest = nm.group(0), rest[: nm.start()]
        out.append((m.group(1), re.split(r"[、,]", rest), note))
    return out


def data_unit_lines(c: Campaign) -> Iterator[tuple[str, list[str], str | None]]:
    for t in c.tasks:
        for sub in [None, *[s.label for s in t.subitems]]:
            own = own_assignments(t, sub)
            for role in ROLES:
                hits = [a for a in own if a.role == role]
                if hits:
                    yield hits[0].label, [a.unit.name for a in hits], hits[0].note


@pytest.mark.parametrize("cid", list(CAMPAIGN_TITLES))
def test_unit_lines_match_original_names_in_order(plan: Plan, cid: str) -> None:
    """Each unit line of the original, split on 、 and ,: same label, same names, same order."""
    expected = source_unit_lines(SOURCE_PARTS[cid])
    got = list(data_unit_lines(plan.campaign(cid)))
    assert len(got) == len(expected)
    for k, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"{cid} unit line {k + 1}"


def test_roles_in_document_order_per_unit_line(plan: Plan) -> None:
    """Within a task/sub-item, unit lines come in the order 牵头 → 配合 → 责任, each at most once."""
    for t in plan.tasks:
        for sub in [None, *[s.label for s in t.subitems]]:
            roles = [a.role for a in own_assignments(t, sub)]
            assert roles == sorted(roles, key=list(ROLES).index), t.code
            names = [(a.role, a.unit.name) for a in own_assignments(t, sub)]
            assert len(names) == len(set(names)), f"{t.code}: a unit listed twice in one role"


# --- 3. names and quoted words occur in the original ----------------------------------------------


def test_unit_names_occur_in_original(plan: Plan) -> None:
    original = squash("".join(source_lines()))
    for u in plan.units:
        assert u.name in original, u.name


def _task_scope_text(t: Task, subitem: str | None) -> str:
    if subitem is None:
        return t.body or ""
    return next(s.text for s in t.subitems if s.label == subitem)


def test_deadline_and_target_texts_occur_verbatim(plan: Plan) -> None:
    for c in plan.campaigns:
        goals = "".join(p for part in c.parts if part.role == "goals" for p in part.paragraphs)
        for g in c.targets:
            assert g.text in goals, (c.id, g.text)
        for r in c.requirements:
            for d in r.deadlines:
                assert d.text in r.text, (c.id, r.number, d.text)
        for t in c.tasks:
            for d in t.all_deadlines:
                assert d.text in _task_scope_text(t, d.subitem), (t.code, d.subitem, d.text)
            for g in t.all_targets:
                assert g.text in _task_scope_text(t, g.subitem), (t.code, g.subitem, g.text)


def test_deadlines_well_formed(plan: Plan) -> None:
    doc = plan.document
    for _c, owner, d in plan.iter_deadlines():
        assert not (d.date and d.recurrence), (owner, d.text)
        if d.date:
            assert doc.period_start <= d.date <= doc.period_end, (owner, d.text)
            year = re.match(r"(?:到|在)?(\d{4})年", d.text)
            assert d.date.year == (int(year.group(1)) if year else doc.plan_year), d.text
            month = re.search(r"(\d{1,2})月", d.text)
            if month:
                assert d.date.month == int(month.group(1)), d.text
        if d.undated:
            assert "市定" in d.text, f"undated deadline without 市定 wording: {d.text}"


def test_recurrences_in_files_are_readable() -> None:
    """A recurrence the model cannot read would silently become an undated deadline."""
    for path in sorted((PLAN_DATA / "campaigns").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node: object, path: Path = path) -> None:
            if isinstance(node, dict):
                if "recurrence" in node:
                    assert parse_recurrence(node["recurrence"]) is not None, (path, node)
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(data)


def test_numeric_targets_have_their_number_in_text(plan: Plan) -> None:
    every = [(c.id, g) for c in plan.campaigns for g in c.targets]
    every += [(t.code, g) for t in plan.tasks for g in t.all_targets]
    for where, g in every:
        if g.numeric:
            assert f"{g.value:g}" in g.text, (where, g.indicator)
            assert g.comparator, (where, g.indicator)
        elif g.value is not None:
            assert g.value in g.text, (where, g.indicator)
        if g.unit:
            assert g.unit in g.text, (where, g.indicator)


# --- flags agree with what the data shows ---------------------------------------------------------


def _flag_kinds(t: Task) -> set[str]:
    return {f.kind for f in t.flags}


def test_missing_lead_flag_matches_data(plan: Plan) -> None:
    for t in plan.tasks:
        scopes = [s.label for s in t.subitems] if t.subitems else [None]
        lacking = [sub for sub in scopes if not any(a.role.value == "lead" for a in own_assignments(t, sub))]
        assert bool(lacking) == ("missing_lead" in _flag_kinds(t)), t.code


def test_irregular_label_flag_matches_data(plan: Plan) -> None:
    for t in plan.tasks:
        odd = any(a.label != a.role.label for a in t.assignments)
        assert odd == ("irregular_label" in _flag_kinds(t)), t.code


def test_files_start_with_schema_comment() -> None:
    for path in sorted((PLAN_DATA / "campaigns").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        name = "campaign" if path.name == "campaign.yaml" else "task"
        depth = len(path.relative_to(ROOT).parts) - 1
        assert first == f"# yaml-language-server: $schema={'../' * depth}schema/{name}.schema.json", path
