"""Pages (the site stage): the resolved :class:`~generator.model.model.Plan` → every page of the site.

:func:`build_site` is a pure function: it reads the plan and a :class:`SiteConfig` and returns a
:class:`Site` — Markdown pages (source path, title, text), the navigation, and the download files
from :mod:`generator.exports`. It imports nothing from MkDocs; :mod:`generator.adapters.mkdocs_hooks` is
the adapter that hands the result to MkDocs.

Every path comes from :mod:`generator.model.urls`; this module prepares per-page view data and
:mod:`generator.site.render` turns it into Markdown with one template per page type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import escape

from generator.data.lights import KEYS as SETTINGS_KEYS
from generator.data.lights import LIGHT_ORDER, Light, as_of_date
from generator.data.problems import Problem
from generator.data.rating import rating
from generator.data.reports import STATUSES
from generator.data.revisions import task_revision_notes
from generator.data.status import Status, reporting_words
from generator.data.status import rules as status_rules
from generator.editors import guide
from generator.editors.history import SiteHistory
from generator.exports import search
from generator.model import urls
from generator.model.duties import (
    RULES,
    owner_label,
    owner_page,
    task_counts,
    unit_entries,
)
from generator.model.model import (
    Plan,
    Role,
    Unit,
)
from generator.site.identity import feedback_href
from generator.site.render import render
from generator.site.views import contexts as ctx
from generator.site.views.calendar import calendar_blocks, month_range, months_of
from generator.site.views.changelog import change_days
from generator.site.views.common import (
    MAX_CAMPAIGN_COLUMNS,
    UNIT_KIND_ORDER,
    NavEntry,
    Page,
    Site,
    SiteConfig,
    default_exports,
    exports_view,
    newest,
)
from generator.site.views.progress import (
    ATTENTION_LIMIT,
    TASK_TIMELINE_LIMIT,
    TIMELINE_LIMIT,
    progress_files,
    progress_overview,
)
from generator.site.views.source import (
    source_lines,
)
from generator.site.views.targets import all_flags, all_targets
from generator.site.views.tasks import (
    role_label,
    subitem_units,
    task_by_number,
    task_units,
)
from generator.site.views.units import (
    UnitCounts,
    owed_period,
    unit_duties,
    unit_occurrences,
)

# --- the site ------------------------------------------------------------------------------------


def _campaigns_label(n: int) -> str:
    """``三个方案`` for three, ``实施方案`` for one, ``12个方案`` beyond ten.

    >>> _campaigns_label(3), _campaigns_label(1), _campaigns_label(12)
    ('三个方案', '实施方案', '12个方案')
    """
    if n == 1:
        return "实施方案"
    return f"{'一两三四五六七八九十'[n - 1]}个方案" if 1 < n <= 10 else f"{n}个方案"


def _nav(plan: Plan) -> list[NavEntry]:
    return [
        ("首页", urls.HOME),
        (
            _campaigns_label(len(plan.campaigns)),
            [(c.title, urls.campaign_page(c.id)) for c in plan.campaigns],
        ),
        ("任务", urls.TASKS_INDEX),
        ("单位", urls.UNITS_INDEX),
        ("责任矩阵", urls.MATRIX),
        ("时限", urls.DEADLINES),
        ("日历", urls.CALENDAR),
        ("指标", urls.TARGETS),
        ("原文", urls.SOURCE),
        ("督办", [("督办一览", urls.PROGRESS), ("计算方法", urls.PROGRESS_METHOD)]),
        ("数据下载", urls.DOWNLOADS),
        ("搜索", urls.SEARCH),
        (
            "关于",
            [
                ("关于本站", urls.ABOUT),
                ("无障碍声明", urls.ACCESSIBILITY),
                ("编辑指南", urls.HOW_TO_EDIT),
                ("更新记录", urls.CHANGELOG),
                ("不规范之处", urls.FLAGS),
            ],
        ),
    ]


def build_site(
    plan: Plan,
    config: SiteConfig | None = None,
    exports: Mapping[str, bytes] | None = None,
    history: SiteHistory | None = None,
    status: Status | None = None,
    index_dir: str = search.INDEX_DIR,
    search_filter: str | None = None,
) -> Site:
    """Every page of the site, its navigation and its download files. Pure: same input, same output.

    ``exports`` defaults to :func:`default_exports` plus :func:`progress_files`; download links are
    shown only for files that exist in it (so the site never links to a missing file). ``history``
    (from git, computed by the caller) gives the pages' “最后更新” dates and the 更新记录 page;
    ``None``: no history (the pages say so). ``status`` (:class:`generator.data.status.Status`: the
    progress reports evaluated as of a date) gives every light; ``None``: no reports, as of today in
    China (the pages say 尚无进展报送). ``index_dir``: where the search index is, from the site root
    (a document of a site of several documents: above its folder, :func:`urls.out_of_document`);
    ``search_filter``: that document's 文号, the one its 搜索 page searches.
    """
    config = config or SiteConfig()
    status = status or Status(plan, None, as_of_date())
    files = dict(default_exports(plan, config.site_url) if exports is None else exports)
    ex = exports_view(plan, files)
    occurrences = plan.occurrences()
    doc = plan.document
    tasks = plan.tasks

    # unit ids per campaign, from the assignments (not a units × tasks scan: linear at scale)
    ids_in = {c.id: {a.unit.id for t in c.tasks for a in t.assignments} for c in plan.campaigns}
    units_in: dict[str, list[Unit]] = {
        c.id: [u for u in plan.units if u.id in ids_in[c.id]] for c in plan.campaigns
    }

    # the responsibility matrix, cell by cell: campaign id → [(unit, [per task: [(role, implicit)]])]
    matrix_rows: dict[str, list[tuple[Unit, list[list[tuple[Role, bool]]]]]] = {
        c.id: [
            (u, [[(role, t.is_implicit(u, role)) for role in t.roles_of(u)] for t in c.tasks])
            for u in units_in[c.id]
        ]
        for c in plan.campaigns
    }

    def counts(unit: Unit) -> UnitCounts:
        """The unit's :class:`~generator.model.duties.TaskCounts`, whole plan and per campaign."""
        return UnitCounts(task_counts(plan, unit), {c.id: task_counts(plan, unit, c) for c in plan.campaigns})

    def has(path: str) -> bool:
        return path in files

    def webcal(path: str) -> str | None:
        if not config.site_url:
            return None
        base = config.site_url.rstrip("/") + "/" + path
        return re.sub(r"^https?://", "webcal://", base)

    site = plan.site.with_repository(config.repository)
    edit_base = site.edit_base
    # units.yaml beside the campaigns folder (paths as the repository has them: plan_data/…)
    units_ref = plan.campaigns[0].source.path.split("/campaigns/")[0] if plan.campaigns else "plan_data"
    units_ref += "/units.yaml"

    def feedback(page: str, subject: str, about: str) -> str | None:
        """The page's 纠错/留言 mailto: link (None without a configured e-mail address)."""
        address = (config.site_url or "").rstrip("/") + "/" + urls.page_url(page)
        return feedback_href(site, subject, address, about)

    common = ctx.Common(
        site=site,
        campaigns_word=_campaigns_label(len(plan.campaigns)),
        plan=plan,
        doc=doc,
        has=has,
        webcal=webcal,
        task_units=task_units,
        subitem_units=subitem_units,
        role_label=role_label,
        owner_page=owner_page,
        owner_label=owner_label,
        units_in=units_in,
        history=history,
        exports=ex,
        task_by_number=task_by_number,
        status=status,
        Light=Light,
        LIGHT_ORDER=LIGHT_ORDER,
        reporting_words=reporting_words(plan),
        rating=rating,
        timeline_limit=TIMELINE_LIMIT,
        task_timeline_limit=TASK_TIMELINE_LIMIT,
        attention_limit=ATTENTION_LIMIT,
    )

    pages: list[Page] = []

    def add(src: str, page_type: type[ctx.PageContext], title: str, **fields: Any) -> None:
        """Render the page at ``src`` from its typed context (:mod:`generator.site.views.contexts`)."""
        body = render(page_type.template, src, page_type(common=common, title=title, **fields).variables())
        pages.append(Page(src, title, body))

    months = months_of(occurrences)
    add(urls.HOME, ctx.HomePage, doc.title, months=months)

    for c in plan.campaigns:
        add(urls.campaign_page(c.id), ctx.CampaignPage, c.title, campaign=c)

    for i, t in enumerate(tasks):
        add(
            urls.task_page(t.id),
            ctx.TaskPage,
            f"{t.code} {t.title}",
            task=t,
            prev=tasks[i - 1] if i > 0 else None,
            next=tasks[i + 1] if i + 1 < len(tasks) else None,
            edit_url=edit_base + t.source.path if edit_base else None,
            feedback=feedback(urls.task_page(t.id), f"纠错/留言：{t.code} {t.title}", f"{t.code} {t.title}"),
            occ=plan.occurrences([t]),
            updated=newest(history, [t.source.path]),
            task_light=status.task_light(t),
            items=status.owner_items(t),
            reports=status.reports_about(t),
        )

    add(urls.TASKS_INDEX, ctx.TasksIndex, "全部任务")

    kinds = [k for k in UNIT_KIND_ORDER if any(u.kind == k for u in plan.units)]
    kinds += sorted({u.kind for u in plan.units} - set(kinds))
    unit_counts = {u.id: counts(u) for u in plan.units}
    add(
        urls.UNITS_INDEX,
        ctx.UnitsIndex,
        "全部单位",
        kinds=kinds,
        unit_counts=unit_counts,
        per_campaign=len(plan.campaigns) <= MAX_CAMPAIGN_COLUMNS,
    )

    for u in plan.units:
        entries = unit_entries(plan, u)
        add(
            urls.unit_page(u.id),
            ctx.UnitPage,
            u.name,
            unit=u,
            feedback=feedback(urls.unit_page(u.id), f"纠错/留言：{u.name}", u.name),
            units_ref=units_ref,
            units_edit_url=edit_base + units_ref if edit_base else None,
            unit_counts=unit_counts[u.id],
            occ=unit_occurrences(plan, entries),
            undated=[e for e in entries if e.deadline.undated],
            rules=RULES,
            unit_campaign_ids=[c.id for c in plan.campaigns if unit_counts[u.id].by_campaign[c.id].total],
            unit_tasks=plan.tasks_of(u),
            unit_duties=unit_duties(plan, u),
            removals=[(t, r) for t in plan.tasks for r in t.removed if r.assignment.unit.id == u.id],
            todo=status.todo(u),
            owed=owed_period(status, u),
            updated=newest(
                history,
                ([history.units_file] if history and history.units_file else [])
                + [t.source.path for t in plan.tasks_of(u)],
            ),
        )

    add(urls.MATRIX, ctx.MatrixPage, "责任矩阵", matrix_rows=matrix_rows)
    add(
        urls.DEADLINES,
        ctx.DeadlinesPage,
        "时限",
        months=months,
        undated=[(c, o, d) for c, o, d in plan.iter_deadlines() if d.undated],
    )
    first = min([doc.period_start] + [o.date for o in occurrences])
    last = max([doc.period_end, config.calendar_until] + [o.date for o in occurrences])
    months_all = month_range(first, last, occurrences)
    add(urls.CALENDAR, ctx.CalendarPage, "日历", months=months_all, blocks=calendar_blocks(months_all))
    add(urls.TARGETS, ctx.TargetsPage, "指标", rows=all_targets(plan), flags=all_flags(plan))
    revised = {urls.source_anchor(t.id): (t, task_revision_notes(t)) for t in tasks}
    add(urls.SOURCE, ctx.SourcePage, "原文", lines=source_lines(plan),
        revised={k: v for k, v in revised.items() if v[1]})
    add(urls.FLAGS, ctx.FlagsPage, "不规范之处", rows=all_flags(plan))
    if exports is None:  # the caller's exports are every download there is (the hook adds these)
        files.update(progress_files(plan, status, config.site_url))
    add(urls.PROGRESS, ctx.ProgressPage, "督办", overview=progress_overview(status), light_order=LIGHT_ORDER)
    for q in status.quarters:
        add(urls.progress_quarter(q.key), ctx.QuarterPage, f"{q.label}调度", quarter=q)
    add(urls.PROGRESS_METHOD, ctx.MethodPage, "计算方法", rules=status_rules(status.settings, plan),
        statuses=STATUSES, light_order=LIGHT_ORDER, settings_keys=SETTINGS_KEYS)
    add(urls.DOWNLOADS, ctx.DownloadsPage, "数据下载")
    add(urls.ABOUT, ctx.AboutPage, "关于本站")
    add(urls.ACCESSIBILITY, ctx.AccessibilityPage, "无障碍声明")
    files[search.HINTS] = search.search_hints(plan)
    add(urls.SEARCH, ctx.SearchPage, "搜索", hints=search.HINTS, index_dir=index_dir,
        doc_filter=search_filter)
    example = guide.example_task(plan)
    unit_example = guide.example_unit(plan)
    add(
        urls.HOW_TO_EDIT,
        ctx.GuidePage,
        "编辑指南",
        example=example,
        example_yaml=guide.task_file_yaml(example) if example else None,
        unit_example=unit_example,
        unit_yaml=guide.unit_entry_yaml(unit_example) if unit_example else None,
        task_tables=guide.task_key_tables(),
        unit_tables=guide.unit_key_tables(),
        message_groups=guide.message_groups(),
        sample_problem=guide.sample_problem(plan),
        statuses=STATUSES,
    )
    add(
        urls.CHANGELOG,
        ctx.ChangelogPage,
        "更新记录",
        days=change_days(history.entries) if history else [],
        task_ids={t.id for t in tasks},
    )

    return Site(pages=pages, nav=_nav(plan), files=files)


def error_site(problems: Sequence[Problem], paths: Sequence[str]) -> Site:
    """What the preview (``mkdocs serve``) shows while the data is invalid: at every page path the
    editor may have open (``paths``; at least the home page), the problems exactly as ``check``
    prints them. The live-reload script of ``mkdocs serve`` brings the real page back once the
    file is fixed. Never used by ``mkdocs build``, which refuses invalid data."""
    errors = [p for p in problems if p.severity == "error"]
    items = "\n".join(f"<li><code>{escape(p.format())}</code></li>" for p in problems)
    body = (
        "# 方案数据有误,预览暂停更新\n\n"
        '<div class="admonition failure preview-error" role="alert">\n'
        f'<p class="admonition-title">{len(errors)} 个错误(与 python -m generator check 的提示相同)</p>\n'
        f'<ul class="problems">\n{items}\n</ul>\n</div>\n\n'
        "<p>按提示修改并保存文件后,本页会自动刷新为修改后的页面。</p>\n"
    )
    pages = [Page(src, "方案数据有误", body) for src in dict.fromkeys([urls.HOME, *paths])]
    return Site(pages=pages, nav=[("方案数据有误", urls.HOME)])
