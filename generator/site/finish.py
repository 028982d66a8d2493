"""What follows any builder's HTML: the search index, minified stylesheets, ``.gz`` copies.

Run by the MkDocs adapter after its build and by ``python -m generator finish SITE`` after any other
builder has rendered the pages written by ``python -m generator pages`` (:mod:`generator.site.write`).
"""

from __future__ import annotations

import posixpath
import re
import time
from collections.abc import Sequence
from pathlib import Path

from generator.exports.search import IndexIncomplete, searchable, write_index
from generator.model import urls
from generator.site.minify import minify_stylesheets
from generator.site.precompress import precompress

_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


def anchor_problems(site_dir: Path) -> list[str]:
    """Links in the pages' articles to an anchor that their target page does not have — whichever
    builder wrote the HTML (MkDocs checks only the links it parsed as Markdown; ours are raw HTML)."""
    ids: dict[Path, set[str]] = {}
    out: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if rel.parts[0] == "pagefind" or rel.as_posix() == "404.html":
            continue
        m = _ARTICLE.search(page.read_text(encoding="utf-8"))
        for href in urls.hrefs(m.group(1)) if m else []:
            path, _, anchor = href.partition("#")
            if not anchor or urls.leaves_site(path):
                continue
            target = page if not path else Path(posixpath.normpath(page.parent / path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix != ".html" or not target.is_file():
                continue  # a missing file is the builder's and link_problems' to report
            if target not in ids:
                ids[target] = set(_ID.findall(target.read_text(encoding="utf-8")))
            if anchor not in ids[target]:
                where = target.relative_to(site_dir).as_posix()
                out.append(f"{rel.as_posix()} 链接到 {where} 中不存在的锚点 #{anchor}")
    return out


class FinishRefused(Exception):
    """The built site cannot be published as it is; ``problems`` are Chinese lines."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def finish_site(
    site_dir: Path, docs_dir: Path, pages: Sequence[str], *, compress: bool = True, anchors: bool = True,
    index: bool = True,
) -> list[str]:
    """Check the anchors of every article (:func:`anchor_problems`; ``anchors=False`` skips it, as the
    preview does: it reads every page, ~0.3 s for this site), index ``pages`` (source paths)
    with Pagefind (unless ``index`` is False); then, if ``compress``, minify the stylesheets that
    came from ``docs_dir`` and write the ``.gz`` sibling of every text file (last: they cover the
    index too). Returns what was done, one Chinese line each; raises :class:`FinishRefused` on a
    broken anchor or an index Pagefind did not write whole."""
    problems = anchor_problems(site_dir) if anchors else []
    if problems:
        raise FinishRefused(problems)
    if not index:  # the preview's rebuilds keep the index of its first build (``index=False``)
        return ["预览:搜索索引沿用首次生成的(修改后的页面要重新启动预览才能搜到)"]
    started = time.perf_counter()
    try:
        n = write_index(site_dir, searchable(site_dir, list(pages)))
    except IndexIncomplete as exc:
        raise FinishRefused([str(exc)]) from None
    done = [f"搜索索引:{n} 个页面,用时 {time.perf_counter() - started:.2f} 秒"]
    if compress:
        minify_stylesheets(site_dir, docs_dir)
        precompress(site_dir)
    return done
