"""A site of several documents (issue 16): each document's own pages under ``d/<doc-id>/``, and what
spans documents at the root — the home page (current documents first), a unit's duties across
documents with its calendar and 台账 over every current document, the 逐年对比 pages, the search
page over everything, and a redirect at every URL the site had when it held one document.

Two steps, so that documents build independently (a CI job per group, ``--jobs N`` here):

* :func:`document_part` — one document's pages and downloads, from its own data alone
  (:func:`generator.site.pages.build_site`, then moved under its prefix, each page carrying the
  document's bar: its standing, its sections, a link to every document);
* :func:`merge` — the parts, plus the pages that read several documents.

A single-document folder never comes here: its site is exactly what it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from generator.data.documents import Documents, LoadedDocument
from generator.data.standing import Standing, standing
from generator.data.status import Status
from generator.editors.diff import by_scope, compare_documents, counts, diff_plans
from generator.editors.history import SiteHistory
from generator.exports import across, search
from generator.model import urls
from generator.model.duties import task_counts
from generator.model.model import Plan, Unit
from generator.site.identity import standing_html
from generator.site.pages import build_site
from generator.site.render import render, templates_digest
from generator.site.views import contexts as ctx
from generator.site.views.common import UNIT_KIND_ORDER, NavEntry, Page, Site, SiteConfig

ROOT_PAGES = (urls.HOME, urls.UNITS_INDEX, urls.SEARCH, urls.ABOUT, urls.ACCESSIBILITY)
"""The pages at the root of a site of several documents (the unit pages too): every other path of
the former single-document site becomes a redirect into the default document's folder."""

MAX_BAR_CAMPAIGNS = 6
"""A document's bar names its campaigns while they fit; beyond, the document's home lists them."""


@dataclass(frozen=True)
class Part:
    """One document's share of the site: its pages and downloads under ``d/<doc-id>/``."""

    doc_id: str
    plan: Plan
    status: Status
    standing: Standing
    site: Site
    """Paths already prefixed (:func:`generator.model.urls.in_document`)."""
    hints: bytes
    """The document's direct-hit search data (site-root URLs), merged into the root's."""
    accessibility: Page
    """Its 无障碍声明 as if at the root (the root's, taken from the newest current document)."""


def _bar(doc_id: str, plan: Plan, st: Standing, page: str) -> str:
    """The document's bar at the top of each of its pages: which document this is, its standing
    (in words), its sections, and the way back to every document. ``page`` is the unprefixed source
    path (links are relative, the same under the prefix)."""

    def a(path: str, text: str) -> str:
        return f'<a href="{escape(urls.relative(page, path))}">{escape(text)}</a>'

    doc = plan.document
    sections = [(urls.HOME, "本文件首页")]
    if len(plan.campaigns) <= MAX_BAR_CAMPAIGNS:
        sections += [(urls.campaign_page(c.id), c.short_title) for c in plan.campaigns]
    sections += [(urls.TASKS_INDEX, "任务"), (urls.UNITS_INDEX, "单位"), (urls.DEADLINES, "时限"),
                 (urls.CALENDAR, "日历"), (urls.PROGRESS, "督办"), (urls.SOURCE, "原文"),
                 (urls.DOWNLOADS, "下载")]
    items = "".join(f"<li>{a(p, t)}</li>" for p, t in sections)
    home = escape(urls.relative(page, urls.out_of_document(urls.HOME)))
    return (
        f'<nav class="doc-bar" aria-label="本文件" data-pagefind-ignore>\n'
        f'<p class="doc-bar-title">{escape(doc.doc_number)}'
        f"《{escape(doc.title)}》 · <strong>{escape(st.label)}</strong> · "
        f'<a href="{home}">全部文件</a></p>\n'
        f'<ul class="doc-bar-links">{items}</ul>\n</nav>\n'
        f"{standing_html(st)}\n\n"
        f'<span hidden data-doc="{escape(doc_id)}"></span>\n'
    )


def _front_matter(title: str) -> str:
    """The page's title as metadata: a builder takes a page's title from its first heading only
    when the page starts with it, and a document's pages start with the bar.

    >>> print(_front_matter('甲1 "a": b'), end="")
    ---
    title: "甲1 \\"a\\": b"
    ---
    """
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"


def _filters(plan: Plan, pages: list[str]) -> dict[str, str]:
    """Pagefind's filters of each page (source path → HTML): its document (文件, its 文号), and 方案
    (short title) and 单位 (the unit's id: the same across documents, whatever its name then) for a
    task, campaign or unit page — worked out in one pass over the plan, not per page."""
    extra: dict[str, list[tuple[str, str]]] = {}
    for c in plan.campaigns:
        extra[urls.campaign_page(c.id)] = [("方案", c.short_title)]
        for t in c.tasks:
            units = [("单位", u.id) for u in dict.fromkeys(a.unit for a in t.assignments)]
            extra[urls.task_page(t.id)] = [("方案", c.short_title), *units]
    for u in plan.units:
        extra.setdefault(urls.unit_page(u.id), []).append(("单位", u.id))
    out = {}
    for page in pages:
        spans = [("文件", plan.document.doc_number), *extra.get(page, [])]
        inner = "".join(f'<span data-pagefind-filter="{k}">{escape(v)}</span>' for k, v in spans)
        out[page] = f'<div hidden class="search-filters">{inner}</div>\n'
    return out


def document_part(doc: LoadedDocument, status: Status, config: SiteConfig,
                  exports: dict[str, bytes], history: SiteHistory | None = None) -> Part:
    """One document's pages and downloads (``exports``: its download files, unprefixed), from its
    own data, the shared registry and its git history only — so a CI job can build it alone."""
    site_url = (config.site_url.rstrip("/") + "/" + urls.in_document(doc.id, "")) if config.site_url else None
    own = SiteConfig(repository=config.repository, site_url=site_url, calendar_until=config.calendar_until)
    built = build_site(doc.plan, own, exports=exports, history=history, status=status,
                       index_dir=urls.out_of_document(search.INDEX_DIR),
                       search_filter=doc.plan.document.doc_number)
    st = standing(doc.plan.document, status.as_of)
    filters = _filters(doc.plan, [p.src_path for p in built.pages])
    pages = [
        Page(urls.in_document(doc.id, p.src_path), p.title,
             _front_matter(p.title) + _bar(doc.id, doc.plan, st, p.src_path) + filters[p.src_path]
             + p.markdown)
        for p in built.pages
    ]
    files = {urls.in_document(doc.id, k): v for k, v in built.files.items()}
    hints = search.search_hints(doc.plan, prefix=urls.in_document(doc.id, ""))
    files[urls.in_document(doc.id, search.HINTS)] = hints
    a11y = next(p for p in built.pages if p.src_path == urls.ACCESSIBILITY)
    return Part(doc.id, doc.plan, status, st, Site(pages=pages, nav=built.nav, files=files), hints, a11y)


def order(parts: Sequence[Part]) -> list[Part]:
    """Current documents first, then the others; newest first within each (by 成文日期, then id)."""
    return sorted(parts, key=lambda p: (not p.standing.current, -p.plan.document.date_written.toordinal(),
                                        p.doc_id))


def default_document_id(documents: Sequence[tuple[str, Plan]]) -> str:
    """The document the site's former single-document URLs (and its history from before the site
    held several documents) belong to: the earliest one (it was there first)."""
    return min(documents, key=lambda d: (d[1].document.date_written, d[0]))[0]


def default_document(parts: Sequence[Part]) -> Part:
    """The part of :func:`default_document_id`."""
    first = default_document_id([(p.doc_id, p.plan) for p in parts])
    return next(p for p in parts if p.doc_id == first)


def predecessor(part: Part, parts: Sequence[Part]) -> Part | None:
    """The document a 逐年对比 compares ``part`` with: the latest earlier one that shares a campaign
    (the same kind of plan, e.g. 2025 vs 2024)."""
    mine = {c.id for c in part.plan.campaigns}
    earlier = [p for p in parts if p.plan.document.date_written < part.plan.document.date_written
               and mine & {c.id for c in p.plan.campaigns}]
    return max(earlier, key=lambda p: (p.plan.document.date_written, p.doc_id), default=None)


@dataclass(frozen=True)
class UnitAcross:
    """A registry unit across documents: its name now, and its duties in each document."""

    id: str
    name: str
    kind: str
    former: tuple[tuple[str, dt.date], ...]
    """Names it held before (name, last day)."""
    rows: tuple[ctx.UnitInDocument, ...]
    """One per document that names the unit, in :func:`order`."""

    @property
    def current_rows(self) -> tuple[ctx.UnitInDocument, ...]:
        return tuple(r for r in self.rows if r.standing.current)


def units_across(parts: Sequence[Part], names: dict[str, str] | None = None,
                 memo: dict[int, tuple[Part, list[ctx.UnitInDocument]]] | None = None) -> list[UnitAcross]:
    """Every unit some document names (in a role, a deadline's own units, implied), in registry
    order, with its rows; ``names``: the registry's current name of each unit (else the name in the
    newest document). ``memo`` (a long-running preview): a part's rows, kept while it is the same
    object."""
    ordered = order(parts)
    found: dict[str, list[ctx.UnitInDocument]] = {}
    first: dict[str, Unit] = {}
    newest_first = sorted(parts, key=lambda p: (p.plan.document.date_written, p.doc_id), reverse=True)
    for p in newest_first:
        for u in p.plan.units:
            first.setdefault(u.id, u)
    fresh: dict[int, tuple[Part, list[ctx.UnitInDocument]]] = {}
    for p in ordered:
        last = memo.get(id(p)) if memo is not None else None
        rows = last[1] if last is not None and last[0] is p else [_row(p, u) for u in p.plan.units]
        fresh[id(p)] = (p, rows)
        for row in rows:  # a document's plan holds only the units it names
            found.setdefault(row.unit.id, []).append(row)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    names = names or {}
    ids = sorted(found, key=lambda i: (first[i].order, i))  # Unit.order: its place in the registry
    return [UnitAcross(i, names.get(i, first[i].name), first[i].kind, first[i].former_names, tuple(found[i]))
            for i in ids]


def _row(p: Part, u: Unit) -> ctx.UnitInDocument:
    todo = p.status.todo(u)
    return ctx.UnitInDocument(
        doc_id=p.doc_id, plan=p.plan, standing=p.standing, unit=u, counts=task_counts(p.plan, u),
        overdue=len(todo.overdue), soon=len(todo.soon), has_data=p.status.has_data,
        page=urls.in_document(p.doc_id, urls.unit_page(u.id)),
    )


def _redirect(old: str, target: str) -> bytes:
    """The page left at a moved page's old URL: a link (and a refresh) to where it is now."""
    href = escape(urls.relative(old, target))
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f'<title>本页已移至新地址</title>\n<link rel="canonical" href="{href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
        f'<p>本页已移至 <a href="{href}">新地址</a>(本站现收录多份文件,每份文件的页面在各自的目录下)。</p>\n'
        "</body>\n</html>\n"
    ).encode()


@dataclass
class MergeMemo:
    """What a long-running preview keeps between two merges (each part kept while it is the same
    object: a document built again is another)."""

    across: dict[str, tuple[tuple[object, ...], tuple[Plan, ...], bytes, bytes | None]] = field(
        default_factory=dict)
    """Unit id → (document ids, stamp, site URL), the plans they were made from, its ICS and XLSX."""
    pages: dict[str, tuple[tuple[str, str], dict[str, object], str]] = field(default_factory=dict)
    """Root page source path → (template, templates digest), its names, the page."""
    rows: dict[int, tuple[Part, list[ctx.UnitInDocument]]] = field(default_factory=dict)
    """id(part) → the part, its rows of the units across documents."""
    hints: dict[str, tuple[bytes, Any]] = field(default_factory=dict)
    """Document number → its direct-hit data, and that data read."""


def merge(documents: Documents, parts: Sequence[Part], config: SiteConfig, as_of: dt.date,
          memo: MergeMemo | None = None) -> Site:
    """The whole site: every part, the pages across documents, the redirects. Pure, but for the
    memos of a long-running ``mkdocs serve``: a unit's downloads across documents are made again
    only when a document that names it was built again (its plan is another object), and a root
    page that does not read every document (``every_document`` of its
    :class:`~generator.site.views.contexts.AcrossContext`) only when its names or the templates
    changed."""
    ordered = order(parts)
    pages: list[Page] = []
    files: dict[str, bytes] = {}
    for p in parts:
        pages += p.site.pages
        files.update(p.site.files)
    site_identity = parts[0].plan.site.with_repository(config.repository)
    common = ctx.AcrossCommon(site=site_identity, as_of=as_of, parts=tuple(ordered))

    pages_memo = memo.pages if memo is not None else None
    rendered = pages_memo if pages_memo is not None else {}
    version = templates_digest() if pages_memo is not None else ""

    def add(src: str, page_type: type[ctx.AcrossContext], title: str, **fields: object) -> None:
        names = page_type(common=common, title=title, **fields).variables()
        last = rendered.get(src) if not page_type.every_document else None
        if last is not None and last[0] == (page_type.template, version) and _same(last[1], names):
            body = last[2]  # the same names as last time: the same page
        else:
            body = render(page_type.template, src, names)
            if pages_memo is not None and not page_type.every_document:
                pages_memo[src] = ((page_type.template, version), names, body)
        pages.append(Page(src, title, body))

    compares: dict[str, str] = {}
    for p in ordered:
        before = predecessor(p, parts)
        if before is None:
            continue
        path = urls.in_document(p.doc_id, urls.COMPARE)
        compares[p.doc_id] = path
        comparison, changes = compare_documents(before.plan, p.plan, diff_plans(before.plan, p.plan))
        n = counts(changes)
        headline = comparison.headline(n["other"]) if comparison else "两份文件的文号相同,不作逐年对比。"
        title = f"逐年对比（{p.plan.document.plan_year}年）"
        add(path, ctx.ComparePage, title, newer=p, older=before, headline=headline,
            sections=by_scope(changes))
    home_title = f"{site_identity.host} · 文件一览" if site_identity.host else "文件一览"
    add(urls.HOME, ctx.DocumentsHome, home_title, compares=compares)
    units = units_across(parts, documents.current_names, memo.rows if memo is not None else None)
    kinds = [k for k in UNIT_KIND_ORDER if any(u.kind == k for u in units)]
    kinds += sorted({u.kind for u in units} - set(kinds))
    add(urls.UNITS_INDEX, ctx.UnitsAcrossPage, "全部单位", units=units, kinds=kinds)
    current = [p.plan for p in ordered if p.standing.current]
    stamp = across.stamp_of(current) if current else None
    kept = memo.across if memo is not None else {}
    for u in units:
        downloads: dict[str, str] = {}
        if u.current_rows:
            # the documents that name the unit, as the downloads read them (the same objects when
            # a long-running preview kept their parts: the files are then those of the last build)
            named = [(r.doc_id, r.plan) for r in u.current_rows]
            inputs = (tuple(d for d, _ in named), stamp, config.site_url)
            plans = tuple(p for _, p in named)
            last = kept.get(u.id)
            same = last is not None and last[0] == inputs
            if last is not None and same and all(a is b for a, b in zip(last[1], plans, strict=True)):
                feed, book = last[2], last[3]
            else:
                feed = across.unit_feed_across(u.id, named, config.site_url, stamp)
                book = across.unit_workbook_across(u.id, named)
                if memo is not None:
                    memo.across[u.id] = (inputs, plans, feed, book)
            files[urls.unit_ics(u.id)] = feed
            downloads[urls.unit_ics(u.id)] = "日历(ICS)"
            if book is not None:
                files[urls.unit_xlsx(u.id)] = book
                downloads[urls.unit_xlsx(u.id)] = "台账(XLSX)"
        add(urls.unit_page(u.id), ctx.UnitAcrossPage, u.name, unit=u, downloads=downloads)
    names: dict[str, list[str]] = {}
    for u in units:
        here = [u.name, urls.page_url(urls.unit_page(u.id))]
        for r in u.rows:
            for name in (r.unit.name, *r.unit.aliases):
                names.setdefault(name, here)
        for name, _ in u.former:
            names.setdefault(name, here)
    files.update(search.merge_hints([(p.plan.document.doc_number, p.hints) for p in ordered], names,
                                    memo.hints if memo is not None else None))
    campaigns = list(dict.fromkeys(c.short_title for p in ordered for c in p.plan.campaigns))
    add(urls.SEARCH, ctx.SearchAcrossPage, "搜索", campaigns=campaigns, hints=search.HINTS,
        index_dir=search.INDEX_DIR)
    add(urls.ABOUT, ctx.SiteAboutPage, "关于本站")
    pages.append(ordered[0].accessibility)

    # the single-document site's URLs: a redirect into the default document's folder
    legacy = default_document(parts)
    taken = {pg.src_path for pg in pages} | set(files)
    for pg in legacy.site.pages:
        old = pg.src_path.removeprefix(urls.in_document(legacy.doc_id, ""))
        if old in taken or urls.redirect_file(old) in taken:
            continue
        files[urls.redirect_file(old)] = _redirect(old, pg.src_path)
    for path, data in legacy.site.files.items():  # a subscribed calendar keeps working
        old = path.removeprefix(urls.in_document(legacy.doc_id, ""))
        if old not in files and old != search.HINTS:
            files[old] = data
    return Site(pages=pages, nav=_nav(), files=dict(sorted(files.items())))


def _same(a: object, b: object) -> bool:
    """Whether a page's names are those it was rendered from: plans by identity (a document built
    again is another object, even unchanged), everything else by value.

    >>> _same({"a": (1, [2])}, {"a": (1, [2])}), _same({"a": 1}, {"a": 2}), _same({"a": 1}, {"b": 1})
    (True, False, False)
    """
    if a is b:
        return True
    if type(a) is not type(b) or isinstance(a, Plan):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        assert isinstance(b, (tuple, list))
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b


def _nav() -> list[NavEntry]:
    return [
        ("首页", urls.HOME),
        ("单位", urls.UNITS_INDEX),
        ("搜索", urls.SEARCH),
        ("关于", [("关于本站", urls.ABOUT), ("无障碍声明", urls.ACCESSIBILITY)]),
    ]

