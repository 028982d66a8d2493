"""What follows any builder's HTML: the search index, minified stylesheets, ``.gz`` copies.

Run by the MkDocs adapter after its build and by ``python -m generator finish SITE`` after any other
builder has rendered the pages written by ``python -m generator pages`` (:mod:`generator.site.write`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from generator.exports.search import searchable, write_index
from generator.site.minify import minify_stylesheets
from generator.site.precompress import precompress


def finish_site(site_dir: Path, docs_dir: Path, pages: Sequence[str], *, compress: bool = True) -> list[str]:
    """Index ``pages`` (source paths) of the built site with Pagefind; then, if ``compress``, minify
    the stylesheets that came from ``docs_dir`` and write the ``.gz`` sibling of every text file
    (last: they cover the index too). Returns what was done, one Chinese line each."""
    started = time.perf_counter()
    n = write_index(site_dir, searchable(site_dir, list(pages)))
    done = [f"搜索索引:{n} 个页面,用时 {time.perf_counter() - started:.2f} 秒"]
    if compress:
        minify_stylesheets(site_dir, docs_dir)
        precompress(site_dir)
    return done
