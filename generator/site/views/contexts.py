"""The context of every template: one frozen dataclass per page type, each field documented.

A template sees the fields of :class:`Common` (what every page and ``_macros.md.j2`` may use), the
fields of its page's class, the environment's globals (:func:`generator.site.render.make_environment`:
``urls``, ``relative``, the link macros …) and ``page`` (the source path being rendered). Nothing
else: ``tests/test_contexts.py`` fails on a template that reads a name none of these declares, on a
field no template reads, and on a field without its docstring.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from generator.data.lights import Light
from generator.data.lights import Light as LightEnum
from generator.data.standing import Standing
from generator.data.status import ItemStatus, Quarter, Status, Todo
from generator.editors.history import SiteHistory
from generator.model.duties import Entry, TaskCounts
from generator.model.model import Campaign, Document, Occurrence, Plan, Role, SiteIdentity, Task, Unit
from generator.site.views.calendar import EmptyMonths, Month
from generator.site.views.changelog import ChangeDay
from generator.site.views.common import ExportsView, Updated
from generator.site.views.progress import ProgressOverview
from generator.site.views.source import SourceLine
from generator.site.views.targets import FlagRow, TargetRow
from generator.site.views.tasks import UnitEntry
from generator.site.views.units import UnitCounts, UnitDuties, UnitOccurrence


@dataclass(frozen=True)
class Common:
    """What every page's template (and ``_macros.md.j2``, imported with context) may use."""

    site: SiteIdentity
    """Who runs the site (``plan_data/site.yaml``): 官方原文 link, 纠错 address, repository."""
    plan: Plan
    """The whole resolved plan (revisions applied)."""
    doc: Document
    """``plan.document``: 文号, title, dates."""
    campaigns_word: str
    """三个方案 / 实施方案 / 12个方案: how the pages name the campaigns together."""
    status: Status
    """The progress reports evaluated as of the build's date: every light and reason."""
    exports: ExportsView
    """What the pages say about the download files (descriptions, sizes)."""
    history: SiteHistory | None
    """The git history (更新记录, 最后更新); None: none available."""
    has: Callable[[str], bool]
    """Whether a download file exists (pages link only to files that do)."""
    webcal: Callable[[str], str | None]
    """The ``webcal://`` address of a calendar file (None without a site address)."""
    units_in: Mapping[str, Sequence[Unit]]
    """Campaign id → the units that hold a role in it, in registry order."""
    task_units: Callable[[Task, Role], list[UnitEntry]]
    """A task's units of one role, each with its sub-items and notes."""
    subitem_units: Callable[..., Any]
    """The assignments of one role among a sub-item's assignments."""
    role_label: Callable[..., str]
    """The label the document used for a role's line (责任部门 where it says so)."""
    task_by_number: Callable[[Campaign, int], Task | None]
    """A campaign's task by its number (the document's cross-references)."""
    owner_page: Callable[..., tuple[str, str | None]]
    """The page (and anchor) of a deadline's owner: a task, or the campaign for a requirement."""
    owner_label: Callable[..., str]
    """How a deadline's owner is named (蓝天12 / 蓝天·有关要求(四))."""
    reporting_words: str
    """How the document words its reporting duty (每月28日前 …)."""
    rating: Callable[..., str]
    """Whether a measured value meets its target (达标 / 未达标 / 无数据 / 不评定)."""
    Light: type[LightEnum]
    """The lights, for comparisons in templates (``item.light is Light.OVERDUE``)."""
    LIGHT_ORDER: tuple[LightEnum, ...]
    """The lights from worst to best (the legend's order)."""
    timeline_limit: int
    """A unit page lists its latest this many reports in full."""
    task_timeline_limit: int
    """A task page lists its latest this many reports."""
    attention_limit: int
    """The 督办 page lists at most this many items."""


@dataclass(frozen=True)
class PageContext:
    """What every page's context holds besides its own fields."""

    template: ClassVar[str]
    common: Common
    title: str
    """The page's title (plain text; the template writes it as the H1)."""

    def variables(self) -> dict[str, Any]:
        """The names the template sees: the common fields, then this page's."""
        return variables(self)


def variables(context: Any) -> dict[str, Any]:
    """A page context's names for its template: its ``common`` fields, then its own."""
    out = {f.name: getattr(context.common, f.name) for f in dataclasses.fields(context.common)}
    out.update({f.name: getattr(context, f.name) for f in dataclasses.fields(context) if f.name != "common"})
    return out


@dataclass(frozen=True)
class HomePage(PageContext):
    template: ClassVar[str] = "home.md.j2"
    months: list[Month]
    """The months with due days (the home page's month list)."""


@dataclass(frozen=True)
class CampaignPage(PageContext):
    template: ClassVar[str] = "campaign.md.j2"
    campaign: Campaign
    """The campaign of the page."""


@dataclass(frozen=True)
class TaskPage(PageContext):
    template: ClassVar[str] = "task.md.j2"
    task: Task
    """The task of the page."""
    prev: Task | None
    """The task before it in the plan (None: the first)."""
    next: Task | None
    """The task after it (None: the last)."""
    edit_url: str | None
    """Where an editor changes its YAML file (None: no repository configured)."""
    feedback: str | None
    """The page's 纠错/留言 ``mailto:`` link (None: no e-mail address configured)."""
    occ: list[Occurrence]
    """The task's due days (recurrences expanded)."""
    updated: Updated
    """The 最后更新 line."""
    task_light: ItemStatus | None
    """The task's worst current light (None: nothing to evaluate)."""
    items: list[ItemStatus]
    """Every unit's duty of the task with its light and reason, one row each."""
    reports: list[Any]
    """The reports about the task, newest first."""


@dataclass(frozen=True)
class TasksIndex(PageContext):
    template: ClassVar[str] = "tasks.md.j2"


@dataclass(frozen=True)
class UnitsIndex(PageContext):
    template: ClassVar[str] = "units.md.j2"
    kinds: list[str]
    """The unit kinds present, in the registry's order of kinds."""
    unit_counts: dict[str, UnitCounts]
    """Unit id → its task counts (whole plan and per campaign)."""
    per_campaign: bool
    """Whether the counts are shown per campaign (few campaigns) or only in total."""


@dataclass(frozen=True)
class UnitPage(PageContext):
    template: ClassVar[str] = "unit.md.j2"
    unit: Unit
    """The unit of the page."""
    feedback: str | None
    """The page's 纠错/留言 ``mailto:`` link (None: no e-mail address configured)."""
    units_ref: str
    """The registry file's path in the repository (plan_data/units.yaml)."""
    units_edit_url: str | None
    """Where an editor changes the registry (None: no repository configured)."""
    unit_counts: UnitCounts
    """The unit's task counts."""
    occ: list[UnitOccurrence]
    """The unit's due days, by date."""
    undated: list[Entry]
    """Its deadlines without a date."""
    rules: Sequence[Any]
    """The one rule “which deadlines concern a unit”, in Chinese (:data:`generator.model.duties.RULES`)."""
    unit_campaign_ids: list[str]
    """The campaigns in which the unit holds a role."""
    unit_tasks: list[Task]
    """Its tasks, in plan order."""
    unit_duties: UnitDuties
    """Its duties by campaign and role."""
    removals: list[tuple[Task, Any]]
    """Roles a later document took from the unit, with the authority."""
    todo: Todo
    """What it owes: overdue, due soon, reports to send."""
    owed: str | None
    """The latest past month whose periodic report it has not sent."""
    updated: Updated
    """The 最后更新 line."""


@dataclass(frozen=True)
class MatrixPage(PageContext):
    template: ClassVar[str] = "matrix.md.j2"
    matrix_rows: dict[str, list[tuple[Unit, list[list[tuple[Role, bool]]]]]]
    """Campaign id → per unit, per task: its roles (and whether each is implicit)."""


@dataclass(frozen=True)
class DeadlinesPage(PageContext):
    template: ClassVar[str] = "deadlines.md.j2"
    months: list[Month]
    """The months with due days."""
    undated: list[tuple[Any, Any, Any]]
    """(campaign, owner, deadline) of every deadline without a date."""


@dataclass(frozen=True)
class CalendarPage(PageContext):
    template: ClassVar[str] = "calendar.md.j2"
    months: list[Month]
    """Every month of the period, empty ones included."""
    blocks: list[Month | EmptyMonths]
    """Every month of the period: a grid each, runs of empty months as one line."""


@dataclass(frozen=True)
class TargetsPage(PageContext):
    template: ClassVar[str] = "targets.md.j2"
    rows: list[TargetRow]
    """Every target with its campaign, task and lead units."""
    flags: list[FlagRow]
    """Every flag (the targets' notes are among them)."""


@dataclass(frozen=True)
class SourcePage(PageContext):
    template: ClassVar[str] = "source.md.j2"
    lines: list[SourceLine]
    """The document line by line, with anchors and links."""
    revised: dict[str, tuple[Task, list[str]]]
    """Task anchor → the task and the notes of the later documents that amended it."""


@dataclass(frozen=True)
class FlagsPage(PageContext):
    template: ClassVar[str] = "irregularities.md.j2"
    rows: list[FlagRow]
    """Every flag, with where it stands."""


@dataclass(frozen=True)
class ProgressPage(PageContext):
    template: ClassVar[str] = "progress.md.j2"
    overview: ProgressOverview
    """The worst items, the counts per light, the quarters."""
    light_order: tuple[Light, ...]
    """The lights from worst to best."""


@dataclass(frozen=True)
class QuarterPage(PageContext):
    template: ClassVar[str] = "quarter.md.j2"
    quarter: Quarter
    """The quarter's 调度 table and ranking."""


@dataclass(frozen=True)
class MethodPage(PageContext):
    template: ClassVar[str] = "progress-method.md.j2"
    rules: list[tuple[str, str]]
    """The status rules in order, as the pages print them."""
    statuses: tuple[str, ...]
    """The statuses a report may give."""
    light_order: tuple[Light, ...]
    """The lights from worst to best."""
    settings_keys: tuple[str, ...]
    """The settings of ``extra.progress`` in mkdocs.yml."""


@dataclass(frozen=True)
class DownloadsPage(PageContext):
    template: ClassVar[str] = "downloads.md.j2"


@dataclass(frozen=True)
class AboutPage(PageContext):
    template: ClassVar[str] = "about.md.j2"


@dataclass(frozen=True)
class AccessibilityPage(PageContext):
    template: ClassVar[str] = "accessibility.md.j2"


@dataclass(frozen=True)
class SearchPage(PageContext):
    template: ClassVar[str] = "search.md.j2"
    hints: str
    """Site path of the direct-hit data (search/hints.json)."""
    index_dir: str
    """Site folder of the Pagefind index."""
    doc_filter: str | None
    """A document of a site of several documents: its 文号, the one document searched (None: all)."""


@dataclass(frozen=True)
class GuidePage(PageContext):
    template: ClassVar[str] = "how-to-edit.md.j2"
    example: Task | None
    """The task whose YAML file the guide shows."""
    example_yaml: str | None
    """That file's text, without its comments."""
    unit_example: Unit | None
    """The unit whose registry entry the guide shows."""
    unit_yaml: str | None
    """That entry's text."""
    task_tables: list[Any]
    """The keys of a task file, one table per level."""
    unit_tables: list[Any]
    """The keys of a registry entry."""
    message_groups: list[Any]
    """Every problem message, by group."""
    sample_problem: str
    """One problem as ``check`` prints it."""
    statuses: tuple[str, ...]
    """The statuses a report may give."""


@dataclass(frozen=True)
class ChangelogPage(PageContext):
    template: ClassVar[str] = "changelog.md.j2"
    days: list[ChangeDay]
    """The plan's changes by day, newest first."""
    task_ids: set[str]
    """Ids of today's tasks (a change about a task links to its page only if it still exists)."""


# --- a site of several documents (generator.site.several): the pages at its root ----------------


@dataclass(frozen=True)
class UnitInDocument:
    """A unit in one document of a site of several documents (a row of its page across documents)."""

    doc_id: str
    """The document's folder (its pages are under ``d/<doc_id>/``)."""
    plan: Plan
    """That document."""
    standing: Standing
    """现行 / 已到期 / … as of the build's date."""
    unit: Unit
    """The unit as that document names it."""
    counts: TaskCounts
    """Its tasks in that document, by role."""
    overdue: int
    """Its overdue items there (with progress data)."""
    soon: int
    """Its items due soon there."""
    has_data: bool
    """Whether that document has any progress report (else no light is claimed)."""
    page: str
    """Its unit page in that document."""


@dataclass(frozen=True)
class AcrossCommon:
    """What every page at the root of a site of several documents may use."""

    site: SiteIdentity
    """Who runs the site (the shared ``site.yaml``)."""
    as_of: dt.date
    """The build's date (standing and lights are as of it)."""
    parts: tuple[Any, ...]
    """Every document (:class:`generator.site.several.Part`), current first, newest first."""


@dataclass(frozen=True)
class AcrossContext:
    """What every root page's context holds besides its own fields."""

    template: ClassVar[str]
    every_document: ClassVar[bool] = True
    """Whether the template sees :attr:`AcrossCommon.parts` (every document). A page that does not
    is a function of its own fields: a long-running preview renders it again only when they change."""
    common: AcrossCommon
    title: str
    """The page's title (plain text)."""

    def variables(self) -> dict[str, Any]:
        """The names the template sees: the common fields, then this page's."""
        out = variables(self)
        if not self.every_document:
            del out["parts"]
        return out


@dataclass(frozen=True)
class DocumentsHome(AcrossContext):
    template: ClassVar[str] = "documents-home.md.j2"
    compares: Mapping[str, str]
    """Document id → its 逐年对比 page (documents that have an earlier one of the same kind)."""


@dataclass(frozen=True)
class UnitsAcrossPage(AcrossContext):
    template: ClassVar[str] = "units-across.md.j2"
    units: Sequence[Any]
    """Every unit some document names (:class:`generator.site.several.UnitAcross`)."""
    kinds: Sequence[str]
    """Unit kinds, in the registry's order."""


@dataclass(frozen=True)
class UnitAcrossPage(AcrossContext):
    template: ClassVar[str] = "unit-across.md.j2"
    every_document: ClassVar[bool] = False  # one per unit: 2,500 in a site of 100 documents
    unit: Any
    """The unit (:class:`generator.site.several.UnitAcross`) with one row per document."""
    downloads: Mapping[str, str]
    """Its calendar and 台账 over every current document: path → label."""


@dataclass(frozen=True)
class ComparePage(AcrossContext):
    template: ClassVar[str] = "compare.md.j2"
    newer: Any
    """The later document (:class:`generator.site.several.Part`)."""
    older: Any
    """The earlier one of the same kind."""
    headline: str
    """延续任务 N 项(其中 M 项有调整),新增,不再列入 … (:meth:`generator.editors.diff.Comparison.headline`)."""
    sections: Sequence[tuple[str, Sequence[Any]]]
    """(part title, its :class:`generator.editors.diff.Change` list): the document, the registry,
    each campaign."""


@dataclass(frozen=True)
class SearchAcrossPage(AcrossContext):
    template: ClassVar[str] = "search-across.md.j2"
    campaigns: Sequence[str]
    """The campaigns' short titles over every document (the 方案 filter), in first-seen order."""
    hints: str
    """Site path of the direct-hit data."""
    index_dir: str
    """Site folder of the Pagefind index."""


@dataclass(frozen=True)
class SiteAboutPage(AcrossContext):
    template: ClassVar[str] = "site-about.md.j2"


ACROSS_TYPES: tuple[type[AcrossContext], ...] = (
    DocumentsHome, UnitsAcrossPage, UnitAcrossPage, ComparePage, SearchAcrossPage, SiteAboutPage,
)
"""The root pages of a site of several documents (one template each)."""

PAGE_TYPES: tuple[type[PageContext], ...] = (
    HomePage, CampaignPage, TaskPage, TasksIndex, UnitsIndex, UnitPage, MatrixPage, DeadlinesPage,
    CalendarPage, TargetsPage, SourcePage, FlagsPage, ProgressPage, QuarterPage, MethodPage,
    DownloadsPage, AboutPage, AccessibilityPage, SearchPage, GuidePage, ChangelogPage,
)
"""Every page type (one template each)."""

