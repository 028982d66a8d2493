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
* ``on_env`` — ``striptags`` returns escaped text (Material writes ``page.title | striptags`` unescaped).
* ``on_post_build`` — :func:`generator.site.finish.finish_site` (anchors, search index, minified CSS, .gz).
* ``on_shutdown`` moves the staged site into place only if the build succeeded (``on_build_error``
  says it did not): a failed build leaves the previous site as it was.
* ``on_startup`` / ``on_serve`` — under ``mkdocs serve`` generated files are cached on disk so that
  ``--dirty`` rebuilds only what an edit changed, and ``plan_data/`` is watched.

The plan directory is ``plan_data/`` next to mkdocs.yml, or ``$HUIJI_PLAN_DATA`` if set (tests
build fixture plans that way).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
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
from generator.site.views.common import Site  # noqa: E402
from generator.site.write import link_problems, output_clashes  # noqa: E402

log = get_plugin_logger("huiji")

_site: Site | None = None
_serving = False  # set by on_startup: `mkdocs serve` (incl. --dirty) rather than `mkdocs build`
_searchable: list[str] = []  # source paths of the pages in the search index
_served_pages: set[str] = set()  # under serve: every page path a good build produced
_memo = Memo()  # under serve, a site of several documents: documents and parts between rebuilds



def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


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


def on_config(config: Any) -> Any:
    global _site, _searchable
    # under serve the hook runs again in the same process: the epoch it set for the last build is
    # not an input (each document's files are stamped with its own publication time)
    if _epoch_set[0] and os.environ.get("SOURCE_DATE_EPOCH") == _epoch_set[0]:
        del os.environ["SOURCE_DATE_EPOCH"]
        _epoch_set[0] = ""
    root = plan_dir(config)
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
    broken = link_problems(_site, static)
    if broken and not _serving:
        raise Abort("\n".join(broken))
    for line in broken:  # the preview keeps running
        log.warning(line)
    for page in _site.pages:
        files.append(_generated_file(config, page.src_path, page.markdown.encode("utf-8")))
    for path, content in sorted(_site.files.items()):
        files.append(_generated_file(config, path, content))
    # MkDocs now holds every page (as UTF-8 bytes) and download; the Site's own copy of the pages'
    # Markdown is not needed again in this build (at 100× the plan: a few hundred MB).
    _site = None
    # in the order MkDocs reads a docs/ folder (index first, a folder's files before its subfolders),
    # as if the pages had been written there (``generator pages``): the sitemap lists them alike
    return Files(sorted(files, key=file_sort_key))


def _generated_file(config: Any, src_uri: str, content: bytes) -> File:
    """A generated page or download. ``mkdocs build`` keeps it in memory. Under ``mkdocs serve`` it
    is also kept in ``build/serve-cache/`` and rewritten only when its content changes, so that
    ``mkdocs serve --dirty`` (``make serve``) re-renders just the pages an edit changed — MkDocs
    treats in-memory content as always modified."""
    if not _serving:
        return File.generated(config, src_uri, content=content)
    key = hashlib.sha256(str(plan_dir(config).resolve()).encode()).hexdigest()[:12]
    path = ROOT / "build" / "serve-cache" / key / src_uri
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return File.generated(config, src_uri, abs_src_path=str(path))


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


def on_env(env: Any, config: Any, files: Files) -> Any:
    def safe_striptags(value: Any) -> Markup:
        return Markup(escape(Markup(str(value)).striptags()))

    env.filters["striptags"] = safe_striptags
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
        done = finish_site(site, docs, _searchable, compress=full, anchors=full, index=index)
    except FinishRefused as exc:
        if _serving:
            log.error("\n".join(exc.problems))
            return
        raise Abort("网站未发布:\n" + "\n".join(exc.problems)) from None
    for line in done:
        log.info(line)
    if not _serving:
        global _build_ok
        _build_ok = True  # unless MkDocs still aborts (strict warnings): on_build_error


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(plan_dir(config)))
    folder, demo = progress_source(plan_dir(config))
    if demo and folder.is_dir():  # demonstration reports outside plan_data/ (make serve-demo)
        server.watch(str(folder))
    server.watch(str(ROOT / "generator"))
    return server
