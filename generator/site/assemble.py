"""The whole site in memory, from the plan folder — the one place that knows the order of the steps.

load the plan (:func:`generator.data.pipeline.load_plan`) → read the progress reports → the lights
as of a date (:class:`generator.data.status.Status`) → the git history
(:func:`generator.editors.history.site_history`) → the downloads (cached,
:func:`generator.exports.cache.exports_with_status`) → every page (:func:`generator.site.pages.build_site`).

Both the MkDocs adapter (:mod:`generator.adapters.mkdocs_hooks`) and ``python -m generator pages``
(:mod:`generator.site.write`) call :func:`assemble`; neither repeats a step. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from generator.data.documents import Documents, is_several, load_document, load_documents
from generator.data.documents import Memo as DocumentsMemo
from generator.data.lights import Settings, as_of_date
from generator.data.progress import load_progress, progress_source
from generator.data.standing import standing
from generator.data.status import Status
from generator.editors.history import SiteHistory, document_histories, site_history
from generator.exports.cache import exports_with_status
from generator.exports.common import build_timestamp
from generator.exports.memo import BytesMemo, kept
from generator.model import urls
from generator.model.model import Plan, SiteIdentity
from generator.site.identity import footer_html, standing_html
from generator.site.pages import build_site
from generator.site.parts import PartOptions, parts_for
from generator.site.several import MergeMemo, Part, default_document_id, merge, order
from generator.site.views.common import NOT_SEARCHED, NavEntry, Site, SiteConfig
from generator.site.views.progress import progress_files

EXTRA_JAVASCRIPT = (
    "assets/javascripts/sort.js",
    "assets/javascripts/calendar.js",
    "assets/javascripts/search.js",
    "assets/javascripts/filter.js",
)
"""Scripts every page loads after the ones listed in mkdocs.yml (added when missing there)."""

FOOTER_BASE = "@BASE@/"
"""Stands for the path from a page to the site root in :attr:`Assembled.theme_extra` ``site_footer``;
``overrides/partials/copyright.html`` replaces it with the page's ``base_url``."""


class BuildRefused(Exception):
    """A setting cannot be used (its message is Chinese, for the editor); nothing is built."""


@dataclass(frozen=True)
class Options:
    """What a build takes besides the plan folder."""

    plan_dir: Path
    site_url: str | None = None
    """The public address (calendar links, webcal:// subscriptions); None: links stay relative."""
    repository: str | None = None
    """Overrides ``site.yaml``'s repository for the 编辑 links (``$HUIJI_REPO_URL``)."""
    extra: Mapping[str, object] = field(default_factory=dict)
    """mkdocs.yml's ``extra`` (its ``progress`` thresholds)."""
    history_cache: Path | None = None
    exports_cache: Path | None = None
    as_of: str | None = None
    """YYYY-MM-DD; None: ``$HUIJI_AS_OF`` or today in China."""
    progress: str | None = None
    """A progress folder (demonstration data when outside the plan folder); None: ``$HUIJI_PROGRESS``
    or ``<plan_dir>/progress``."""
    jobs: int = 1
    """A site of several documents: build its documents' parts in this many processes."""
    parts_dir: Path | None = None
    """A site of several documents: where the parts are kept between builds and CI jobs
    (:mod:`generator.site.parts`); None: built in memory each time."""
    memo: Memo | None = field(default=None, compare=False)
    """``mkdocs serve``: documents and parts kept in memory between rebuilds (an edit to one
    document of a hundred rebuilds that one)."""


@dataclass
class Memo:
    """What a long-running process keeps between rebuilds (:attr:`Options.memo`)."""

    documents: DocumentsMemo = field(default_factory=DocumentsMemo)
    parts: dict[str, Part] = field(default_factory=dict)
    histories: dict[object, dict[str, SiteHistory]] = field(default_factory=dict)
    merge: MergeMemo = field(default_factory=MergeMemo)
    downloads: BytesMemo = field(default_factory=BytesMemo)
    """Each workbook's and calendar event's bytes by the values they are made from
    (:mod:`generator.exports.memo`): an edit rewrites only the downloads whose content it changed."""


@dataclass
class Assembled:
    """The built site and what a builder's theme needs beside its pages."""

    plan: Plan
    status: Status
    site: Site
    identity: SiteIdentity
    theme_extra: dict[str, object]
    """``config.extra`` values the templates in ``overrides/`` read: ``doc_number``, ``doc_date``,
    ``demo_data`` (the 示例数据 banner), ``as_of``, ``site_footer`` (HTML, see :data:`FOOTER_BASE`),
    ``doc_standing`` (HTML: the document's 现行 / 已到期 / 已废止 / 已修订 banner as of the build's date)."""
    searchable: list[str]
    """Source paths of the pages the search index covers."""
    epoch: int
    """The build's timestamp (``SOURCE_DATE_EPOCH``): the document's publication time."""
    log: list[str]
    """What the build did, one Chinese line each (history, downloads)."""


def assemble(options: Options) -> Assembled:
    """The whole site from ``options.plan_dir``. Raises :class:`generator.data.problems.PlanInvalid`
    (every problem of the plan or the reports) or :class:`BuildRefused` (a bad setting)."""
    with kept(options.memo.downloads if options.memo else None):
        return _assemble(options)


def _assemble(options: Options) -> Assembled:
    root = Path(options.plan_dir)
    if is_several(root):
        return _assemble_several(options, root)
    plan = load_document(root)  # a plan folder, or one document of a site of several (previewed alone)
    folder, demo = progress_source(root, options.progress)
    progress, _ = load_progress(plan, folder, demo=demo)
    try:
        status = Status(plan, progress, as_of_date(options.as_of), Settings.from_config(options.extra))
    except ValueError as exc:
        raise BuildRefused(str(exc)) from None
    config = SiteConfig(repository=options.repository or None, site_url=options.site_url or None)
    identity = plan.site.with_repository(config.repository)
    log: list[str] = []
    started = time.perf_counter()
    history = site_history(root, cache_dir=options.history_cache)
    dated = sum(d is not None for d in history.updated.values())
    log.append(
        f"版本历史：{len(history.entries)} 次修改，{dated} 个文件有更新日期，"
        f"用时 {time.perf_counter() - started:.2f} 秒" + (f"（{history.note}）" if history.note else "")
    )
    started = time.perf_counter()
    exports, cached = exports_with_status(plan, config.site_url, options.exports_cache)
    how = {"hit": "取自缓存", "miss": "已生成并缓存", "off": "已生成"}[cached]
    log.append(f"下载文件：{len(exports)} 个，{how}，用时 {time.perf_counter() - started:.2f} 秒")
    # the reports' downloads change with the as-of date: built every time, never cached
    exports = {**exports, **progress_files(plan, status, config.site_url)}
    site = build_site(plan, config, exports=exports, history=history, status=status)
    theme_extra: dict[str, object] = {
        "doc_number": plan.document.doc_number,
        "doc_date": plan.document.date_written_text,
        "demo_data": status.demo and not progress.empty,
        "as_of": status.as_of.isoformat(),
        "site_footer": str(footer_html(identity, FOOTER_BASE)),
        "doc_standing": str(standing_html(standing(plan.document, status.as_of))),
    }
    return Assembled(
        plan=plan,
        status=status,
        site=site,
        identity=identity,
        theme_extra=theme_extra,
        searchable=[p.src_path for p in site.pages if p.src_path not in NOT_SEARCHED],
        epoch=int(build_timestamp(plan).timestamp()),
        log=log,
    )


def _settings(options: Options) -> tuple[Settings, dt.date]:
    try:
        return Settings.from_config(options.extra), as_of_date(options.as_of)
    except ValueError as exc:
        raise BuildRefused(str(exc)) from None


def part_options(options: Options, documents: Documents | None = None,
                 only: Sequence[str] | None = None) -> PartOptions:
    """What every document's part of this build depends on besides its document (``documents``:
    the site's, whose git histories are read then — ``only`` these documents' in a matrix job)."""
    settings, as_of = _settings(options)
    histories = None
    if documents is not None:
        first = default_document_id([(d.id, d.plan) for d in documents.documents])
        wanted = [(d.id, d.id == first) for d in documents.documents if only is None or d.id in only]
        histories = document_histories(documents.root, wanted,
                                       cache_dir=options.history_cache,
                                       memo=options.memo.histories if options.memo else None)
    return PartOptions(site_url=options.site_url or None, repository=options.repository or None,
                       settings=settings, as_of=as_of, exports_cache=None, histories=histories)


def _assemble_several(options: Options, root: Path) -> Assembled:
    """A site of several documents (:mod:`generator.site.several`): every part (stored ones
    reused, the rest built, in ``options.jobs`` processes), then the merge."""
    memo = options.memo
    documents = load_documents(root, memo.documents if memo else None)
    popts = part_options(options, documents)
    started = time.perf_counter()
    if options.jobs > 1 and options.parts_dir is None:
        with tempfile.TemporaryDirectory(prefix="huiji-parts-") as tmp:
            built = parts_for(documents, popts, Path(tmp), options.jobs)
    else:
        built = parts_for(documents, popts, options.parts_dir, options.jobs,
                          memo=memo.parts if memo else None)
    log = [f"{len(built.parts)} 份文件:{built.reused} 份取自已保存的部分,"
           f"{len(built.parts) - built.reused} 份已生成(并行 {options.jobs}),"
           f"用时 {time.perf_counter() - started:.2f} 秒"]
    return assembled_several(documents, built.parts, options, popts.as_of, log)


def assembled_several(documents: Documents, parts: list[Part], options: Options, as_of: dt.date,
                      log: list[str]) -> Assembled:
    """:func:`merge` of the parts, as the builders take it."""
    config = SiteConfig(repository=options.repository or None, site_url=options.site_url or None)
    memo = options.memo
    site = merge(documents, parts, config, as_of, memo.merge if memo else None)
    newest = order(parts)[0]
    identity = newest.plan.site.with_repository(config.repository)
    theme_extra: dict[str, object] = {
        "doc_number": "",
        "doc_date": "",
        "demo_data": False,
        "as_of": as_of.isoformat(),
        "site_footer": str(footer_html(identity, FOOTER_BASE)),
        "doc_standing": "",
    }
    return Assembled(
        plan=newest.plan,
        status=newest.status,
        site=site,
        identity=identity,
        theme_extra=theme_extra,
        searchable=[p.src_path for p in site.pages if _searched(p.src_path)],
        epoch=max(int(build_timestamp(p.plan).timestamp()) for p in parts),
        log=log,
    )


def _searched(src: str) -> bool:
    """A page of a site of several documents goes into the search index unless, inside its
    document or at the root, it is one of :data:`NOT_SEARCHED` or a unit's page: a unit is found by
    its name (the direct hits lead to its page across documents, which links its page in each
    document), and its pages repeat its tasks' (at 100 documents a fifth of the index).

    >>> _searched("d/a/tasks/x-1.md"), _searched("d/a/units/jia.md"), _searched("units/jia.md")
    (True, False, False)
    """
    inner = src.split("/", 2)[2] if src.startswith(urls.DOCUMENTS_DIR + "/") else src
    return inner not in NOT_SEARCHED and not inner.startswith("units/")


def nav_config(entries: list[NavEntry], path: Callable[[str], str] = str) -> list[object]:
    """:attr:`Site.nav` as mkdocs.yml's ``nav`` (titles HTML-escaped: the theme writes them unescaped),
    each page's source path mapped by ``path``.

    >>> nav_config([("首页", "index.md"), ("A<B", [("x", "x.md")])])
    [{'首页': 'index.md'}, {'A&lt;B': [{'x': 'x.md'}]}]
    """
    out: list[object] = []
    for title, target in entries:
        value = nav_config(target, path) if isinstance(target, list) else path(target)
        out.append({str(escape(title)): value})
    return out
