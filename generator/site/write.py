"""``python -m generator pages --out DIR``: the assembled site as plain files any builder can read.

``DIR`` gets::

    mkdocs.yml        the project's configuration without its hooks, with the nav and the theme's
                      ``extra`` values (:attr:`generator.site.assemble.Assembled.theme_extra`) filled in
    docs/             every page (Markdown whose links are final relative URLs; where: see
                      :func:`written_path`), every download file, and the project's own ``docs/`` assets
    overrides/        the project's theme overrides
    searchable.json   the source paths of the pages the search index covers (``generator finish``)
    SOURCE_DATE_EPOCH the build's timestamp (the document's publication time): set it in the
                      builder's environment and its sitemap dates are the same on every run

so that ``mkdocs build -f DIR/mkdocs.yml``, ``properdocs build -f …`` or ``zensical build -f …`` render the
same site without running any of our code, and ``python -m generator finish DIR/site --pages DIR``
adds the search index and the compressed copies. Before anything is written every output path is
claimed once (:func:`output_clashes`) and every link of every page is resolved
(:func:`link_problems`); a problem is reported and nothing is written. Same input, same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.model import urls
from generator.site.assemble import EXTRA_JAVASCRIPT, Assembled, nav_config
from generator.site.views.common import Site

MARKER = ".generator-pages"
"""Marks a folder this writer made (only such a folder, or an empty one, is replaced)."""
SEARCHABLE = "searchable.json"
EPOCH = "SOURCE_DATE_EPOCH"

_REPLACED_KEYS = ("hooks", "nav", "extra", "extra_javascript", "docs_dir", "site_dir", "site_url")
"""Top-level keys of the project's mkdocs.yml that the written configuration sets itself."""


class WriteRefused(Exception):
    """The site cannot be written as asked; ``problems`` are Chinese lines, nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


LAYOUTS = ("files", "dirs")


def written_path(src: str, layout: str = "files") -> str:
    """Where a page's Markdown is written. ``files``: at its source path (``about.md``), as MkDocs and
    ProperDocs read it — their build of the folder is byte-identical to the adapter's. ``dirs``: beside
    its built file (``about.md`` → ``about/index.md``), so that a link relative to the Markdown file
    is the same link relative to the built page: for builders that rewrite every relative link as if
    it were written relative to the source file (Zensical). Other files keep their path.

    >>> written_path("about.md"), written_path("about.md", "dirs"), written_path("tasks/index.md", "dirs")
    ('about.md', 'about/index.md', 'tasks/index.md')
    """
    return urls.page_url(src) + "index.md" if layout == "dirs" and src.endswith(".md") else src


def built_path(src: str) -> str:
    """The file a builder writes for a source path: a page's ``…/index.html``, any other file itself.

    >>> built_path("tasks/lantian-12.md"), built_path("index.md"), built_path("data/plan.json")
    ('tasks/lantian-12/index.html', 'index.html', 'data/plan.json')
    """
    return urls.page_url(src) + "index.html" if src.endswith(".md") else src


def output_clashes(site: Site, static: Iterable[str]) -> list[str]:
    """Every output claimed once: a generated page, a download and a file under ``docs/``
    (``static``, paths relative to it) may not share a source path or a built file.

    >>> from generator.site.views.common import Page
    >>> s = Site(pages=[Page("about.md", "关于", "")], nav=[], files={"data/plan.json": b""})
    >>> output_clashes(s, ["assets/site.css", "about/index.md", "data/plan.json"])[0].split(":")[0]
    'docs/about/index.md 与生成的页面 about.md 都会生成 about/index.html'
    """
    owners: dict[str, str] = {}
    problems: list[str] = []

    def claim(what: str, paths: Iterable[str]) -> None:
        for path in dict.fromkeys(paths):
            other = owners.setdefault(path, what)
            if other != what:
                first, second = sorted((other, what), key=lambda w: not w.startswith("docs/"))
                problems.append(
                    f"{first} 与{second} 都会生成 {path}:docs/ 只放静态资源(样式、脚本、图片),"
                    "页面和下载文件都由 plan_data/ 生成;请删除或改名 docs/ 中的这个文件。"
                )

    for path in sorted(static):
        claim(f"docs/{path}", (path, built_path(path)))
    for page in site.pages:
        claim(f"生成的页面 {page.src_path}", (page.src_path, built_path(page.src_path)))
    for path in sorted(site.files):
        claim(f"生成的下载文件 {path}", (path,))
    return problems


def link_problems(site: Site, static: Iterable[str], memo: dict[str, Any] | None = None) -> list[str]:
    """Links of the generated pages that lead to no page and no file of the site — checked before
    anything is written, for every route (the MkDocs adapter calls it too). Anchors need the built
    HTML: :func:`generator.site.finish.anchor_problems`.

    ``memo`` (a long-running preview): a page whose Markdown is the same object as last time, in a
    site of the same paths, has the same problems — only the others are read again."""
    targets = {urls.page_url(p.src_path) for p in site.pages} | set(site.files)
    targets |= {urls.page_url(s) if s.endswith(".md") else s for s in static}
    kept = frozenset(targets)
    known: dict[str, Any] = memo if memo is not None and memo.get("") == kept else {}
    fresh: dict[str, Any] = {"": kept}
    out: list[str] = []
    for page in site.pages:
        last = known.get(page.src_path)
        if last is not None and last[0] is page.markdown:
            found = last[1]
        else:
            found = []
            for href in urls.hrefs(page.markdown):
                where = urls.resolve(page.src_path, href)
                if where is not None and where[0] not in targets:
                    found.append(f"生成的页面 {page.src_path} 链接到不存在的地址 {where[0] or './'}({href})")
        fresh[page.src_path] = (page.markdown, found)
        out += found
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return out


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's plain values; ``!ENV`` gives the variable or its default, Python tags
    (the slugify function) are kept as text."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """As MkDocs reads ``!ENV``: the first variable that is set (even to an empty string), its value
    read as YAML (``true``, numbers; empty: None), else the default."""
    if isinstance(node, yaml.SequenceNode):
        *names, default = loader.construct_sequence(node)
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)]) if os.environ[str(name)] else None
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def project_config(text: str) -> dict[str, Any]:
    """The values of the project's mkdocs.yml that the written configuration carries over."""
    data = yaml.load(text, Loader=_ConfigLoader)
    return data if isinstance(data, dict) else {}


def _without_keys(text: str, keys: Sequence[str]) -> str:
    """``text`` (YAML) without the top-level entries ``keys`` (each up to the next top-level line)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "\t", "\n", "#", "-", ""):
            skipping = line.split(":", 1)[0].strip() in keys
        if not skipping:
            out.append(line)
    return "".join(out)


def written_config(project_text: str, built: Assembled, site_url: str | None, layout: str = "files") -> str:
    """The written folder's mkdocs.yml: the project's, minus hooks, with nav and extra filled in."""
    values = project_config(project_text)
    extra = {**(values.get("extra") or {}), **built.theme_extra}
    scripts = [str(s) for s in values.get("extra_javascript") or []]
    scripts += [s for s in EXTRA_JAVASCRIPT if s not in scripts]
    url = site_url if site_url is not None else values.get("site_url")
    generated: dict[str, Any] = {
        "docs_dir": "docs",
        "site_dir": "site",
        **({"site_url": url} if url else {}),
        "extra": extra,
        "extra_javascript": scripts,
        "nav": nav_config(built.site.nav, lambda src: written_path(src, layout)),
    }
    head = "# Written by `python -m generator pages` from the project's mkdocs.yml: do not edit.\n"
    body = _without_keys(project_text, _REPLACED_KEYS).rstrip("\n")
    return head + body + "\n\n" + yaml.safe_dump(generated, allow_unicode=True, sort_keys=False)


def out_problems(out: Path, project: Path) -> list[str]:
    """Why ``out`` cannot take the written site ([] if it can): it must be empty or written by this
    writer before, and lie outside the project's sources (docs/, overrides/, plan_data/)."""
    out, project = Path(out).resolve(), Path(project).resolve()
    problems = []
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        problems.append(f"{out} 已存在且不是 generator pages 写出的文件夹:请换一个输出位置,或先清空它。")
    elif not out.exists() and any(p.exists() and not p.is_dir() for p in out.parents):
        problems.append(f"{out} 的上级路径中有一个文件而不是文件夹:请换一个输出位置。")
    sources = (project / "docs", project / "overrides", project / "plan_data")
    if any(out.is_relative_to(d) for d in sources) or project.is_relative_to(out):
        problems.append(f"输出位置 {out} 在网站项目的源文件中(或包含它们):请写到项目之外,或 build/ 之下。")
    return problems


@dataclass(frozen=True)
class Written:
    pages: int
    files: int
    static: int


def _static_files(docs_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()
    ) if docs_dir.is_dir() else []


def write_pages(
    built: Assembled, out: Path, project: Path, site_url: str | None = None, layout: str = "files"
) -> Written:
    """Write the assembled site into ``out`` (see the module docstring). ``project`` is the folder of
    mkdocs.yml, ``docs/`` and ``overrides/``. Raises :class:`WriteRefused` (nothing written) on a
    clash, a broken link, or an ``out`` that is neither empty nor made by this writer."""
    out = Path(out).resolve()
    project = Path(project).resolve()
    docs_dir = project / "docs"
    static = _static_files(docs_dir)
    problems = output_clashes(built.site, static) + link_problems(built.site, static)
    problems += out_problems(out, project)
    if problems:
        raise WriteRefused(problems)
    config = written_config((project / "mkdocs.yml").read_text(encoding="utf-8"), built, site_url, layout)
    staging = out.with_name(f".{out.name}.writing-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "docs").mkdir(parents=True)
        for path in static:
            target = staging / "docs" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs_dir / path, target)
        for page in built.site.pages:
            target = staging / "docs" / written_path(page.src_path, layout)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.markdown.encode("utf-8"))
        for path, content in sorted(built.site.files.items()):
            target = staging / "docs" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if (project / "overrides").is_dir():
            shutil.copytree(project / "overrides", staging / "overrides")
        (staging / "mkdocs.yml").write_text(config, encoding="utf-8")
        searchable = json.dumps(built.searchable, ensure_ascii=False, indent=0)
        (staging / SEARCHABLE).write_text(searchable + "\n", encoding="utf-8")
        (staging / EPOCH).write_text(f"{built.epoch}\n", encoding="utf-8")
        (staging / MARKER).write_text("generator pages\n", encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            try:
                staging.rename(out)
            except OSError:
                old.rename(out)  # the previous folder comes back as it was
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(len(built.site.pages), len(built.site.files), len(static))
