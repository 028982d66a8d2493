"""The resolved plan (stage 3 of the pipeline: model).

Built once from validated files by :func:`build_plan`; every cross-reference (unit names → units,
task → section → campaign, implicit units) is resolved here, before any page is written. Everything
downstream (pages, exports, dump) reads only these objects.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from generator.model.dates import Recurrence


class Role(StrEnum):
    LEAD = "lead"
    COOPERATE = "cooperate"
    RESPONSIBLE = "responsible"

    @property
    def label(self) -> str:
        """Default label in the document: 牵头单位 / 配合单位 / 责任单位."""
        return {"lead": "牵头单位", "cooperate": "配合单位", "responsible": "责任单位"}[self.value]

    @property
    def short(self) -> str:
        """One-character cell for matrices: 牵 / 配 / 责."""
        return {"lead": "牵", "cooperate": "配", "responsible": "责"}[self.value]

    @property
    def noun(self) -> str:
        """Role as a noun phrase: 牵头 / 配合 / 责任."""
        return {"lead": "牵头", "cooperate": "配合", "responsible": "责任"}[self.value]


ROLES: tuple[Role, ...] = (Role.LEAD, Role.COOPERATE, Role.RESPONSIBLE)


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of data came from: a file under plan_data/ and a 1-based line."""

    path: str
    line: int = 1


@dataclass(frozen=True)
class Flag:
    kind: str
    note: str


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    collective: bool
    stands_for: str | None
    aliases: tuple[str, ...]
    order: int
    former_names: tuple[tuple[str, dt.date], ...] = ()
    """Names it held before (name, last day), oldest first; :attr:`name` is the one in force on the
    document's date (a site of several documents shares one registry)."""


@dataclass(frozen=True)
class Assignment:
    """One unit in one role, on a task (``subitem`` None) or on one of its sub-items."""

    unit: Unit
    role: Role
    label: str
    implicit: bool = False
    subitem: str | None = None
    note: str | None = None
    revision: Revision | None = None
    """Set when a later document added this unit (the original does not list it here)."""
    revision_note: str | None = None


@dataclass(frozen=True)
class Removal:
    """A unit a later document took out of a role (the original lists it; the current plan does not)."""

    assignment: Assignment
    revision: Revision
    note: str | None = None


@dataclass(frozen=True)
class Withdrawal:
    """A task a later document withdrew: it stays on the site as the original has it, marked 已撤销,
    and no deadline of it is due any more."""

    revision: Revision
    note: str | None = None


@dataclass(frozen=True)
class Revision:
    """A later document (or meeting) that amends the plan: ``plan_data/revisions/<id>.yaml``."""

    id: str
    authority: str
    """文号 or meeting: 惠环委〔2025〕1号."""
    title: str
    date: dt.date
    source: SourceRef

    @property
    def label(self) -> str:
        """``惠环委〔2025〕1号《关于调整…的通知》(2025年1月15日)``."""
        return f"{self.authority}《{self.title}》({self.date.year}年{self.date.month}月{self.date.day}日)"


@dataclass(frozen=True)
class Deadline:
    text: str
    what: str
    date: dt.date | None
    recurrence: Recurrence | None
    subitem: str | None = None
    units: tuple[Unit, ...] = ()
    """A requirement's deadline that the document gives to named units (区攻坚办将每季度调度…);
    empty: every unit that holds a task in the campaign (各单位)."""
    reporting: bool = False
    """The document's periodic progress report (每月28日前 报送推进情况): fulfilled by a unit's report
    file for the period (:mod:`generator.data.status`)."""
    original: Deadline | None = field(default=None, compare=False)
    """As first published, when a revision changed it (this object holds the current value)."""
    revision: Revision | None = field(default=None, compare=False)
    """The latest revision that changed it."""
    revision_note: str | None = field(default=None, compare=False)

    @property
    def undated(self) -> bool:
        return self.date is None and self.recurrence is None


COMPARATOR_SYMBOLS: dict[str, str] = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}
"""How a target's comparator is shown (≤ 41 微克/立方米): the one table for pages, exports and diff."""


def number_text(v: object) -> str:
    """41.0 → 41, 64.2 → 64.2."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@dataclass(frozen=True)
class Target:
    indicator: str
    comparator: str | None
    value: float | int | str | None
    unit: str | None
    text: str
    note: str | None
    subitem: str | None = None
    original: Target | None = field(default=None, compare=False)
    """As first published, when a revision changed it."""
    revision: Revision | None = field(default=None, compare=False)
    revision_note: str | None = field(default=None, compare=False)

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def value_text(self) -> str:
        """``≤ 41 微克/立方米``; a qualitative target: ``定性``."""
        if self.value is None:
            return "定性"
        parts = [COMPARATOR_SYMBOLS.get(self.comparator or "", self.comparator or ""),
                 number_text(self.value), self.unit or ""]
        return " ".join(p for p in parts if p)

    @property
    def display_text(self) -> str:
        """The target as the document words it, with its note unless the words already hold it
        (``优良天数比例不低于64.2%(235天)``, never ``…(235天)(235天)``)."""
        note = (self.note or "").strip()
        if note and note not in self.text and note.startswith(("(", "(")):
            return self.text + note
        return self.text

    @property
    def remark(self) -> str | None:
        """The note when it says more than :attr:`display_text` already shows (else None)."""
        note = (self.note or "").strip()
        return note if note and note not in self.display_text else None


@dataclass
class SubItem:
    label: str
    text: str
    assignments: list[Assignment]
    deadlines: list[Deadline]
    targets: list[Target]

    def units(self, role: Role) -> list[Unit]:
        return [a.unit for a in self.assignments if a.role == role]


@dataclass
class Task:
    id: str
    number: int
    title: str
    body: str | None
    subitems: list[SubItem]
    assignments: list[Assignment]
    """Own unit lines of the task, then its sub-items' (with ``subitem`` set), then implicit ones."""
    deadlines: list[Deadline]
    targets: list[Target]
    flags: list[Flag]
    source: SourceRef
    campaign: Campaign = field(repr=False)
    section: Section = field(repr=False)
    removed: list[Removal] = field(default_factory=list)
    """Units later documents took out of a role (:mod:`generator.data.revisions`)."""
    withdrawn: Withdrawal | None = None
    original_assignments: list[Assignment] | None = None
    """The assignments as the original document has them, when a revision changed them."""
    title_end: str = "。"
    """The punctuation after the title as the document has it (。 almost always; ； or nothing)."""
    added_by_id: str | None = None
    """A task a later document added (not in the original): the revision record's id."""
    added_by: Revision | None = None
    """That revision, resolved by :func:`generator.data.revisions.apply_revisions`."""

    @property
    def code(self) -> str:
        """Short human reference, e.g. 蓝天12."""
        return f"{self.campaign.short_name}{self.number}"

    @property
    def text(self) -> str:
        """The task's full text as the document has it (whitespace aside): title。body (1)… (2)…"""
        parts = [f"{self.title}{self.title_end}{self.body or ''}"]
        parts += [f"{s.label}{s.text}" for s in self.subitems]
        return "".join(parts)

    def units(self, role: Role) -> list[Unit]:
        """The task's units in a role: the union of its own and its sub-items', first mention first."""
        seen: dict[str, Unit] = {}
        for a in self.assignments:
            if a.role == role and a.unit.id not in seen:
                seen[a.unit.id] = a.unit
        return list(seen.values())

    def roles_of(self, unit: Unit) -> list[Role]:
        """The roles ``unit`` holds here (own, sub-items' or implicit), in 牵/配/责 order."""
        mine = self._roles_by_unit.get(unit.id)
        return [r for r in ROLES if r in mine] if mine else []

    @cached_property
    def _roles_by_unit(self) -> dict[str, set[Role]]:
        """unit id → roles; built on first use (assignments are final once the Plan is built)."""
        index: dict[str, set[Role]] = {}
        for a in self.assignments:
            index.setdefault(a.unit.id, set()).add(a.role)
        return index

    def is_implicit(self, unit: Unit, role: Role) -> bool:
        """True when ``unit`` holds ``role`` here only through a note elsewhere (碧水 task 1)."""
        hits = [a for a in self.assignments if a.unit.id == unit.id and a.role == role]
        return bool(hits) and all(a.implicit for a in hits)

    @property
    def all_deadlines(self) -> list[Deadline]:
        return self.deadlines + [d for s in self.subitems for d in s.deadlines]

    @property
    def all_targets(self) -> list[Target]:
        return self.targets + [t for s in self.subitems for t in s.targets]


@dataclass
class Section:
    number: int
    title: str
    paragraphs: list[str]
    campaign: Campaign = field(repr=False)
    tasks: list[Task] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        """(一) (二) …"""
        return f"({chinese_numeral(self.number)})"


@dataclass(frozen=True)
class Part:
    number: str
    heading: str
    role: str
    paragraphs: tuple[str, ...]


@dataclass
class Requirement:
    number: int
    title: str
    text: str
    deadlines: list[Deadline]
    flags: list[Flag]
    campaign: Campaign = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    """Set by :func:`build_plan` once the campaign exists."""

    @property
    def label(self) -> str:
        return f"({chinese_numeral(self.number)})"

    @property
    def code(self) -> str:
        """The one short label of this item everywhere: ``蓝天·有关要求(一)``, ``净土·保障措施(三)``."""
        return f"{self.campaign.short_name}·{self.campaign.requirements_heading}{self.label}"

    @property
    def id(self) -> str:
        """``lantian-req1`` (UIDs, deadline ids)."""
        return f"{self.campaign.id}-req{self.number}"


@dataclass(frozen=True)
class ImplicitUnit:
    unit: Unit
    role: Role
    stated_in_task: int
    note: str | None


@dataclass
class Campaign:
    id: str
    order: int
    title: str
    short_title: str
    intro: str
    basis: str
    parts: list[Part]
    targets: list[Target]
    sections: list[Section]
    requirements: list[Requirement]
    implicit_units: list[ImplicitUnit]
    flags: list[Flag]
    source: SourceRef
    tasks: list[Task] = field(default_factory=list, repr=False)

    @property
    def short_name(self) -> str:
        """蓝天 / 碧水 / 净土 (the short title without 保卫战)."""
        return self.short_title.removesuffix("保卫战")

    def part(self, role: str) -> Part | None:
        return next((p for p in self.parts if p.role == role), None)

    @property
    def requirements_heading(self) -> str:
        """The heading of the closing part as the document words it: 有关要求 / 保障措施."""
        part = self.part("requirements")
        return part.heading if part else DEFAULT_REQUIREMENTS_HEADING


DEFAULT_REQUIREMENTS_HEADING = "有关要求"


@dataclass(frozen=True)
class Document:
    doc_number: str
    title: str
    addressees: str
    body: tuple[str, ...]
    date_written: dt.date
    date_written_text: str
    published: dt.datetime
    published_source: str
    source_file: str
    source_text: str
    """The original text without the web-page chrome lines at its end."""
    plan_year: int
    period_start: dt.date
    period_end: dt.date
    recurrence_start: dt.date
    recurrence_end: dt.date
    flags: tuple[Flag, ...]
    ended: DocumentEnd | None = None
    """The later document that repealed or revised this one (``document.yaml`` ``ended``), if any."""


@dataclass(frozen=True)
class DocumentEnd:
    """A later document ended this one: ``kind`` 已废止 or 已修订, ``by`` (its 文号 and title), from
    ``date``."""

    kind: str
    by: str
    date: dt.date


@dataclass(frozen=True)
class Occurrence:
    """One dated due day: a dated deadline, or one expansion of a recurrence."""

    date: dt.date
    deadline: Deadline
    owner: Task | Requirement
    campaign: Campaign


HTTPS_URL = r"^https://[^\s\"'<>]+$"
"""An address that may become a link of every page (site.yaml's repository, HUIJI_REPO_URL)."""


@dataclass(frozen=True)
class SiteIdentity:
    """Who runs the site, from ``plan_data/site.yaml`` (:class:`generator.data.schema.SiteFile`). Every
    field may be empty: what is not set is not shown — nothing is made up."""

    host: str | None = None
    """主办单位."""
    organizer: str | None = None
    """承办单位."""
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    site_code: str | None = None
    """网站标识码."""
    icp: str | None = None
    """ICP 备案号."""
    police_record: str | None = None
    """公安机关备案号."""
    original_url: str | None = None
    """The original document on the issuing office's own site."""
    repository: str | None = None
    """The code repository (``https://github.com/owner/repo``): edit links for editors."""
    branch: str = "main"

    @property
    def edit_base(self) -> str | None:
        """Prefix of a data file's edit URL (``…/edit/main/``), or None without a repository."""
        if not self.repository:
            return None
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/"

    @property
    def police_code(self) -> str:
        """The digits of the 公安机关备案号 (the record's query key)."""
        return "".join(ch for ch in self.police_record or "" if ch.isdigit())

    def with_repository(self, url: str | None) -> SiteIdentity:
        """This identity, the repository filled in from the environment if the file left it out (an
        address that is not a plain ``https://`` URL is ignored: it would become every edit link)."""
        if self.repository or not url or not re.match(HTTPS_URL, url):
            return self
        import dataclasses

        return dataclasses.replace(self, repository=url)


@dataclass
class Plan:
    document: Document
    units: list[Unit]
    campaigns: list[Campaign]
    revisions: list[Revision] = field(default_factory=list, compare=False, repr=False)
    """Later documents applied to the plan (:mod:`generator.data.revisions`), oldest first."""
    site: SiteIdentity = field(default_factory=SiteIdentity, compare=False, repr=False)
    """Who runs the site (``site.yaml``)."""
    source_sha256: str | None = field(default=None, compare=False, repr=False)
    """SHA-256 (hex) of the original's copy of record (``source/…txt``) as read."""
    data_digest: str | None = field(default=None, compare=False, repr=False)
    """SHA-256 (hex) of the plan_data files this plan was loaded from (set by
    :func:`generator.data.load.load_plan`; ``None`` for a plan built otherwise). It describes the files,
    not the objects: a plan changed in memory after loading no longer matches it (the exports cache,
    :mod:`generator.exports.cache`, keys on it)."""

    # --- lookups -------------------------------------------------------------------------------
    @cached_property
    def tasks(self) -> list[Task]:
        """Every task, in document order."""
        return [t for c in self.campaigns for t in c.tasks]

    def unit(self, unit_id: str) -> Unit:
        return self._units_by_id[unit_id]

    def campaign(self, campaign_id: str) -> Campaign:
        return next(c for c in self.campaigns if c.id == campaign_id)

    def task(self, task_id: str) -> Task:
        return self._tasks_by_id[task_id]

    @cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def _tasks_by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def unit_by_name(self, name: str) -> Unit | None:
        return next((u for u in self.units if u.name == name), None)

    def find_unit(self, text: str) -> Unit | None:
        """The unit an editor or a unit's staff names: its name, id or one of its aliases."""
        t = text.strip()
        return self.unit_by_name(t) or next((u for u in self.units if u.id == t or t in u.aliases), None)

    def tasks_of(self, unit: Unit, role: Role | None = None) -> list[Task]:
        """Tasks in which ``unit`` holds ``role`` (any role if None), in document order."""
        tasks = self._tasks_by_unit.get(unit.id, [])
        return [t for t in tasks if role in t.roles_of(unit)] if role else list(tasks)

    @cached_property
    def _tasks_by_unit(self) -> dict[str, list[Task]]:
        index: dict[str, list[Task]] = {}
        for t in self.tasks:
            for uid in dict.fromkeys(a.unit.id for a in t.assignments):
                index.setdefault(uid, []).append(t)
        return index

    def occurrences(self, owners: Iterable[Task | Requirement] | None = None) -> list[Occurrence]:
        """Every dated due day (recurrences expanded over the recurrence period), by date then order.

        With ``owners``, only theirs. Expanded once per plan and indexed by owner.
        """
        if owners is None:
            return list(self._occurrences[0])
        by_owner = self._occurrences[1]
        picked = [x for oid in dict.fromkeys(id(o) for o in owners) for x in by_owner.get(oid, [])]
        return [o for _, o in sorted(picked, key=lambda x: (x[1].date, x[0]))]

    @cached_property
    def _occurrences(self) -> tuple[list[Occurrence], dict[int, list[tuple[int, Occurrence]]]]:
        """(all occurrences by date then document order, owner identity → [(order, occurrence)])."""
        doc = self.document
        out: list[Occurrence] = []
        for c in self.campaigns:
            # a task a later document withdrew has nothing due any more
            items: list[tuple[Task | Requirement, list[Deadline]]] = [
                (t, t.all_deadlines) for t in c.tasks if t.withdrawn is None
            ]
            items += [(r, r.deadlines) for r in c.requirements]
            for owner, deadlines in items:
                for d in deadlines:
                    if d.date:
                        out.append(Occurrence(d.date, d, owner, c))
                    elif d.recurrence:
                        for day in d.recurrence.occurrences(doc.recurrence_start, doc.recurrence_end):
                            out.append(Occurrence(day, d, owner, c))
        by_owner: dict[int, list[tuple[int, Occurrence]]] = {}
        for i, o in enumerate(out):
            by_owner.setdefault(id(o.owner), []).append((i, o))
        ordered = [o for _, o in sorted(enumerate(out), key=lambda x: (x[1].date, x[0]))]
        return ordered, by_owner

    def iter_deadlines(self) -> Iterator[tuple[Campaign, Task | Requirement, Deadline]]:
        for c in self.campaigns:
            for t in c.tasks:
                if t.withdrawn is not None:  # withdrawn by a later document: nothing due
                    continue
                for d in t.all_deadlines:
                    yield c, t, d
            for r in c.requirements:
                for d in r.deadlines:
                    yield c, r, d


TARGET_FLAG_KINDS = ("conflict", "variant")
"""Flag kinds that can be about a target's figures or wording."""

_QUOTED = re.compile(r"“([^”]{4,})”")


def flags_about(target: Target, flags: Iterable[Flag]) -> list[Flag]:
    """The conflict/variant notes among ``flags`` that are about ``target``: those quoting its words
    (a quote inside the target's text, or the target's text inside a quote). A note about another
    target of the same campaign is not shown beside this one.

    >>> t = Target("水质", None, None, None, "枯河入黄断面稳定达到IV类标准", None)
    >>> [f.kind for f in flags_about(t, [Flag("variant", "写作“枯河入黄断面稳定达到IV类标准”"),
    ...                                   Flag("conflict", "“农村生活污水治理率达到100%”")])]
    ['variant']
    """
    text = "".join(target.text.split())
    out = []
    for f in flags:
        if f.kind not in TARGET_FLAG_KINDS:
            continue
        quotes = ["".join(q.split()) for q in _QUOTED.findall(f.note)]
        if any(q in text or text in q for q in quotes):
            out.append(f)
    return out


CHINESE_DIGITS = "零一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for section numbers)."""
    if n <= 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (CHINESE_DIGITS[ones] if ones else "")
