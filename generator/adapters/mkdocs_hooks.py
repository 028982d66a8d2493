"""The thin MkDocs adapter: :func:`generator.site.assemble.assemble` → MkDocs' files and nav.

Registered in mkdocs.yml as ``hooks: [generator/adapters/mkdocs_hooks.py]``. Every step of the build
is elsewhere and shared with ``python -m generator pages`` (any other builder); this file only hands
the results to MkDocs:

* ``on_config`` — :func:`assemble` (load, progress, status as of ``$HUIJI_AS_OF`` or today in China,
  git history, cached downloads, every page): an invalid plan aborts with the Chinese problem list
  before anything is written (under ``mkdocs serve`` every page shows the problems instead); sets the
  nav, ``config.extra`` (:attr:`~generator.site.assemble.Assembled.theme_extra`: footer, 示例数据
  banner, print header), the extra scripts, and ``SOURCE_DATE_EPOCH`` (the document's publication
  time, so two builds are byte-identical); points ``site_dir`` at a fresh sibling folder.
* ``on_files`` — refuses two outputs on one path (:func:`generator.site.write.output_clashes`) and a
  generated link to no file of the site (:func:`generator.site.write.link_problems`: the links are
  final relative URLs, nothing is rewritten; under serve a warning), then adds every page and
  download in the order of the written folder.
* ``on_env`` — ``striptags`` returns escaped text (Material writes ``page.title | striptags`` unescaped);
  the theme's compiled templates are kept in ``build/jinja-cache/theme``.
* ``on_post_build`` — :func:`generator.site.finish.finish_site` (anchors, search index, minified CSS, .gz).
* ``on_shutdown`` moves the staged site into place only if the build succeeded (``on_build_error``
  says it did not): a failed build leaves the previous site as it was.
* ``on_startup`` / ``on_serve`` — under ``mkdocs serve`` generated files are cached on disk so that
  ``--dirty`` rebuilds only what an edit changed, and ``plan_data/`` is watched.

The plan directory is ``plan_data/`` next to mkdocs.yml, or ``$HUIJI_PLAN_DATA`` if set (tests
build fixture plans that way).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, file_sort_key

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path; make `generator` importable
    sys.path.insert(0, str(ROOT))

from markupsafe import Markup, escape  # noqa: E402

from generator.data.problems import PlanInvalid  # noqa: E402
from generator.data.progress import progress_source  # noqa: E402
from generator.exports.search import IndexIncomplete, index_pages_limit  # noqa: E402
from generator.site.assemble import (  # noqa: E402
    EXTRA_JAVASCRIPT,
    BuildRefused,
    Memo,
    Options,
    assemble,
    nav_config,
)
from generator.site.finish import FinishRefused, finish_site  # noqa: E402
from generator.site.pages import error_site  # noqa: E402
from generator.site.render import bytecode_cache  # noqa: E402
from generator.site.views.common import Site  # noqa: E402
from generator.site.write import link_problems, output_clashes  # noqa: E402

log = get_plugin_logger("huiji")

_site: Site | None = None
_serving = False  # set by on_startup: `mkdocs serve` (incl. --dirty) rather than `mkdocs build`
_searchable: list[str] = []  # source paths of the pages in the search index
_served_pages: set[str] = set()  # under serve: every page path a good build produced
_memo = Memo()  # under serve, a site of several documents: documents and parts between rebuilds
_dirty = False  # `mkdocs serve --dirty` (make serve): the site folder is kept between rebuilds


# --- under `mkdocs serve --dirty`: a rebuild hands MkDocs only what changed ----------------------------
# A site of 100 documents has 15,000 pages and 17,000 downloads; MkDocs walks every file it is given
# (navigation, exclusions, copies) even when it renders none. When a rebuild has the same paths as the
# last good one, MkDocs gets only the generated files whose content changed (and the pages of the
# navigation); the others are already in the kept site folder, as the last build wrote them. The
# sitemap (which MkDocs writes from the pages it was given) is put back as the last full build wrote
# it — with the same paths it is the same. Any other rebuild is a full one.


@dataclass
class _Kept:
    contents: dict[str, object] = field(default_factory=dict)
    """Source path → the content object (a page's Markdown, a download's bytes) the last good build
    was given: the same object, or equal content, is unchanged."""
    paths: frozenset[str] | None = None
    sitemap: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, object] = field(default_factory=dict)
    """:func:`generator.site.write.link_problems`' memo."""
    pending: dict[str, object] | None = None
    """This build's contents, kept once it has succeeded."""
    pending_paths: frozenset[str] | None = None
    incremental: bool = False
    """This build hands MkDocs only the changed files."""
    site_dir: str = ""
    frame: str = ""
    """What every page shows besides its Markdown (``config.extra``, the nav, the build time)."""


_kept = _Kept()
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")



def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty, _kept
    _serving = command == "serve"
    _dirty = _serving and dirty
    _kept = _Kept()  # a new server: a new site folder


def plan_dir(config: Any) -> Path:
    env = os.environ.get("HUIJI_PLAN_DATA")
    if env:
        return Path(env)
    return Path(config.config_file_path).resolve().parent / "plan_data"


def history_cache(config: Any) -> Path:
    """Where diffs between plan versions are cached (git-ignored ``build/history-cache``)."""
    return Path(config.config_file_path).resolve().parent / "build" / "history-cache"


def parts_cache(config: Any) -> Path:
    """A site of several documents: each document's pages kept between builds (git-ignored
    ``build/parts-cache``, or ``$HUIJI_PARTS`` — where a CI matrix put them): only documents whose
    data changed are built again (:mod:`generator.site.parts`)."""
    env = os.environ.get("HUIJI_PARTS")
    return Path(env) if env else Path(config.config_file_path).resolve().parent / "build" / "parts-cache"


def _jobs() -> int:
    from generator.site.parts import jobs_from

    try:
        return jobs_from(os.environ.get("HUIJI_JOBS"))
    except ValueError as exc:
        raise Abort(f"$HUIJI_JOBS 有误:{exc}") from None


def exports_cache(config: Any) -> Path:
    """Where download files are cached between builds (git-ignored ``build/exports-cache``)."""
    return Path(config.config_file_path).resolve().parent / "build" / "exports-cache"


# --- a failed build publishes nothing and destroys nothing ------------------------------------------
# `mkdocs build` empties site_dir before it writes; a build that then fails would leave a partial
# site. The build writes into a fresh sibling folder instead, which replaces site_dir only once
# the whole build (the strict-mode warning count included) has succeeded.
_final_site: Path | None = None
_staging: Path | None = None
_build_ok = False
_config_ref: list[Any] = []


def _stage(config: Any) -> None:
    global _final_site, _staging, _build_ok
    _build_ok = False
    final = Path(config.site_dir).resolve()
    for stale in final.parent.glob(f".{final.name}.building-*"):  # left by an interrupted build
        shutil.rmtree(stale, ignore_errors=True)
    staging = final.with_name(f".{final.name}.building-{os.getpid()}")
    _final_site, _staging = final, staging
    config.site_dir = str(staging)
    _config_ref.append(config)


def on_build_error(error: Exception) -> None:
    global _build_ok
    _build_ok = False
    _forget_build()


def _forget_build() -> None:
    """A serve build that failed: the kept site folder may be half-written and the cache holds this
    build's files, so the next rebuild compares nothing and hands MkDocs everything."""
    _kept.paths = None
    _kept.pending = None
    _kept.contents = {}
    if _serving:
        _collect_later()


def on_shutdown() -> None:
    """Put the staged site in place if the build succeeded; else drop it (the old site stays)."""
    global _final_site, _staging
    final, staging = _final_site, _staging
    _final_site = _staging = None
    while _config_ref:  # the site is where it was asked to be (gh-deploy reads site_dir after)
        _config_ref.pop().site_dir = str(final)
    if final is None or staging is None or not staging.exists():
        return
    if not _build_ok:
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


_epoch_set: list[str] = [""]  # the SOURCE_DATE_EPOCH this hook set (not the caller's)


# --- memory under `mkdocs serve`: what a preview keeps is not scanned on every rebuild --------------
# A site of 100 documents keeps millions of objects between rebuilds (documents, parts, memos); each
# of the garbage collector's full passes scans them all (0.4–0.9 s, one rebuild in two). A rebuild
# freezes what exists when it starts (its new objects are collected as usual); once it is served,
# the kept objects are unfrozen and, after a pause, collected once — outside any rebuild.
COLLECT_AFTER = 1.0
"""Seconds after a good preview build before the kept objects are collected."""
_collector: list[threading.Timer] = []


_skipped: list[int] = [0]  # rebuilds in a row that started before the last one's collection ran
_collected = threading.Event()
MAX_SKIPPED = 3
"""Edits this close together (an editor saving every second) collect before freezing now and then:
what the replaced documents held is cyclic and would otherwise stay frozen."""


def _freeze_kept() -> None:
    if _collector and not _collected.is_set():
        _skipped[0] += 1
    while _collector:
        _collector.pop().cancel()
    if _skipped[0] >= MAX_SKIPPED:
        gc.collect()
        _skipped[0] = 0
    gc.freeze()


def _collect() -> None:
    gc.collect()
    _collected.set()
    _skipped[0] = 0


def _collect_later() -> None:
    gc.unfreeze()
    _collected.clear()
    timer = threading.Timer(COLLECT_AFTER, _collect)
    timer.daemon = True
    _collector.append(timer)
    timer.start()


def on_config(config: Any) -> Any:
    global _site, _searchable
    if _serving:
        _freeze_kept()
    # under serve the hook runs again in the same process: the epoch it set for the last build is
    # not an input (each document's files are stamped with its own publication time)
    if _epoch_set[0] and os.environ.get("SOURCE_DATE_EPOCH") == _epoch_set[0]:
        del os.environ["SOURCE_DATE_EPOCH"]
        _epoch_set[0] = ""
    root = plan_dir(config)
    try:  # checked before anything is built (the index is written last)
        index_pages_limit(os.environ.get("HUIJI_INDEX_PAGES"))
    except IndexIncomplete as exc:
        raise Abort(str(exc)) from None
    options = Options(
        plan_dir=root,
        site_url=config.site_url or None,
        repository=os.environ.get("HUIJI_REPO_URL") or None,
        extra=config.extra or {},
        history_cache=history_cache(config),
        exports_cache=exports_cache(config),
        jobs=_jobs(),
        parts_dir=parts_cache(config),
        memo=_memo if _serving else None,  # serve: an edit to one document rebuilds that one
    )
    if os.environ.get("HUIJI_DEPLOY") and not str(config.site_url or "").startswith(("https://", "http://")):
        raise Abort(
            "发布构建缺少网站地址(site_url):日历事件的“详情”链接和订阅地址需要它。"
            "请在 mkdocs.yml 中设置 site_url,或设置环境变量 HUIJI_SITE_URL。"
        )
    try:
        built = assemble(options)
    except PlanInvalid as exc:
        lines = [f"plan_data 数据有误，网站未生成（{len(exc.errors)} 个错误）："]
        lines += [p.format() for p in exc.problems]
        lines.append("请按提示修改后重试；可先运行 python -m generator check 查看全部问题。")
        if not _serving:
            raise Abort("\n".join(lines)) from None
        # the preview never hangs: every page it served shows the problems until the file is fixed
        log.error("\n".join(lines))
        _site = error_site(exc.problems, sorted(_served_pages))
        _kept.paths = None  # the error pages replace the pages: the next good build is a full one
        config.nav = nav_config(_site.nav)
        return config
    except BuildRefused as exc:
        raise Abort(str(exc)) from None
    # Same input, same output: MkDocs stamps sitemap.xml(.gz) with the build date unless
    # SOURCE_DATE_EPOCH is set; default it to the document's publication time.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = _epoch_set[0] = str(built.epoch)
    for line in built.log:
        log.info(line)
    config.extra.update(built.theme_extra)
    _site = built.site
    _searchable = built.searchable
    _served_pages.update(p.src_path for p in _site.pages)
    config.nav = nav_config(_site.nav)
    for js in EXTRA_JAVASCRIPT:
        if js not in [str(x) for x in config.extra_javascript]:
            config.extra_javascript.append(js)
    if not _serving:
        _stage(config)
    return config


def on_files(files: Files, config: Any) -> Files:
    global _site
    assert _site is not None
    static = [f.src_uri for f in files]  # docs/: the assets (and anything an editor put there)
    clashes = output_clashes(_site, static)
    if clashes:
        raise Abort("\n".join(clashes))
    broken = link_problems(_site, static, memo=_kept.links if _serving else None)
    if broken and not _serving:
        raise Abort("\n".join(broken))
    for line in broken:  # the preview keeps running
        log.warning(line)
    generated: list[tuple[str, str | bytes]] = [(p.src_path, p.markdown) for p in _site.pages]
    generated += sorted(_site.files.items())
    if not _serving:
        _written.clear()
        for path, content in generated:
            f = File.generated(config, path, content=_bytes(content))
            files.append(f)
            _written.append(f)
    else:
        _serve_files(files, config, generated, _nav_paths(_site.nav))
    # MkDocs now holds every page (as UTF-8 bytes) and download; the Site's own copy of the pages'
    # Markdown is not needed again in this build (at 100× the plan: a few hundred MB).
    _site = None
    # in the order MkDocs reads a docs/ folder (index first, a folder's files before its subfolders),
    # as if the pages had been written there (``generator pages``): the sitemap lists them alike
    return Files(sorted(files, key=file_sort_key))


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _nav_paths(entries: list[Any]) -> set[str]:
    out: set[str] = set()
    for _, target in entries:
        if isinstance(target, list):
            out |= _nav_paths(target)
        else:
            out.add(str(target))
    return out


def _serve_files(files: Files, config: Any, generated: list[tuple[str, str | bytes]], nav: set[str]) -> None:
    """Under ``mkdocs serve``: every generated file kept in ``build/serve-cache/`` and rewritten only
    when its content changed, so that ``--dirty`` re-renders just the pages an edit changed (MkDocs
    treats in-memory content as always modified); with ``--dirty`` and the same paths as the last
    good build, only the changed files (and the navigation's pages) are handed to MkDocs."""
    key = hashlib.sha256(str(plan_dir(config).resolve()).encode()).hexdigest()[:12]
    cache = ROOT / "build" / "serve-cache" / key
    paths = frozenset(path for path, _ in generated)
    same_site = _kept.site_dir == str(config.site_dir)
    # what every page shows besides its own Markdown (footer, banner, navigation, build time)
    frame = repr((sorted(config.extra.items(), key=str), config.nav, os.environ.get("SOURCE_DATE_EPOCH")))
    new_frame = frame != _kept.frame
    same = same_site and not new_frame and _kept.paths == paths
    _kept.incremental = _dirty and same and bool(_kept.sitemap)
    _kept.site_dir, _kept.frame = str(config.site_dir), frame
    before = {} if new_frame else _kept.contents
    given = 0
    for path, content in generated:
        last = before.get(path)
        unchanged = last is content or (last is not None and last == content)
        if unchanged and _kept.incremental and path not in nav:
            continue  # in the kept site folder as the last build wrote it (and in the cache)
        target = cache / path
        if not unchanged or not target.is_file():
            data = _bytes(content)
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            elif new_frame and _dirty:
                os.utime(target)  # the same Markdown in a new frame: rendered again
        files.append(File.generated(config, path, abs_src_path=str(target)))
        given += 1
    if _kept.incremental:
        log.info(f"预览:{len(generated)} 个生成的文件中 {given} 个交给 MkDocs(有变化的和导航中的页面)")
    _kept.pending = {path: content for path, content in generated}
    _kept.pending_paths = paths
    _kept.paths = None  # set again once this build has succeeded (on_post_build)


# --- memory: MkDocs keeps every page's source, Markdown and HTML until the end of the build -----------
# (15,000 pages of a 100-document site: three copies of each). Under `mkdocs build` each copy is let
# go once MkDocs no longer reads it; `mkdocs serve` keeps them (its --dirty rebuild compares them).


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if not _serving:
        page.file._content = ""  # MkDocs has read it into page.markdown
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if not _serving:
        page.markdown = ""  # rendered: page.content has it now
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    if not _serving:
        page.content = ""  # written (the anchor check reads the page's own lists, not its HTML)
    return output


_written: list[File] = []
"""``mkdocs build``: the generated files handed to MkDocs, whose contents it keeps to the end."""


def _release_written() -> None:
    """Before the search index is built: MkDocs has written every generated file but still holds
    their contents (the downloads' bytes, at 100 documents a few hundred MB); let them go and give
    the freed memory back to the system, so that the MkDocs process and Pagefind's indexer together
    stay small (BENCHMARKS §9)."""
    for f in _written:
        f._content = b""
    _written.clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc keeps freed memory unless asked
        ctypes.CDLL(None).malloc_trim(0)


def on_env(env: Any, config: Any, files: Files) -> Any:
    def safe_striptags(value: Any) -> Markup:
        return Markup(escape(Markup(str(value)).striptags()))

    env.filters["striptags"] = safe_striptags
    # the theme's templates compiled once, not on every build (a preview rebuild's ~0.4 s)
    env.bytecode_cache = env.bytecode_cache or bytecode_cache("theme")
    return env


def on_post_build(config: Any) -> None:
    """:func:`generator.site.finish.finish_site`: every article's anchors checked, the search index,
    minified CSS, .gz copies. Under serve only the index: its site is a throw-away folder served by
    MkDocs itself (CSS stays readable for editors' browser tools), the anchor check would add ~0.3 s
    to every preview (``mkdocs build --strict`` in CI checks them), the index is written by the first
    build only, and a problem is shown, never an abort: the preview keeps running."""
    try:
        full = not _serving
        site, docs = Path(config.site_dir), Path(config.docs_dir)
        # under serve the index is written once: it is most of a rebuild of a site of many pages
        # (4.2 of 8.2 s with 10 documents), and a preview is for reading the page being edited
        index = full or not (site / "pagefind" / "pagefind-entry.json").is_file()
        if full:
            _release_written()
        done = finish_site(site, docs, _searchable, compress=full, anchors=full, index=index)
    except FinishRefused as exc:
        if _serving:
            log.error("\n".join(exc.problems))
            _forget_build()
            return
        raise Abort("网站未发布:\n" + "\n".join(exc.problems)) from None
    for line in done:
        log.info(line)
    if _serving:
        _keep_serve_state(site)
        _collect_later()
    if not _serving:
        global _build_ok
        _build_ok = True  # unless MkDocs still aborts (strict warnings): on_build_error


def _keep_serve_state(site: Path) -> None:
    """After a good serve build: what it was given is what the next rebuild compares with; a full
    build's sitemap is kept, an incremental one's (of the changed pages only) replaced by it."""
    if _kept.pending is None:
        return
    if _kept.incremental:
        for name, data in _kept.sitemap.items():
            (site / name).write_bytes(data)
    else:
        _kept.sitemap = {n: (site / n).read_bytes() for n in SITEMAP_FILES if (site / n).is_file()}
    _kept.contents, _kept.pending = _kept.pending, None
    _kept.paths = _kept.pending_paths


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(plan_dir(config)))
    folder, demo = progress_source(plan_dir(config))
    if demo and folder.is_dir():  # demonstration reports outside plan_data/ (make serve-demo)
        server.watch(str(folder))
    server.watch(str(ROOT / "generator"))
    return server
