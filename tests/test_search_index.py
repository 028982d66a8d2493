"""The Pagefind index of the built site is whole (generator/exports/search.py: written aside, checked,
written again if Pagefind left a file cut short, then put in place)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import BuiltSite

from generator.exports.search import INDEX_DIR, index_complete
from generator.site.views.common import NOT_SEARCHED


def test_the_built_index_is_whole(built_site: BuiltSite) -> None:
    assert built_site.returncode == 0, built_site.output
    folder = built_site.path / INDEX_DIR
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = entry["languages"]["zh-cn"]["page_count"]
    html = [p for p in built_site.path.rglob("index.html") if "pagefind" not in p.parts]
    assert pages == len(html) - len(NOT_SEARCHED)  # every page but the aggregate ones
    assert index_complete(folder, pages) == ""


def test_a_cut_short_index_is_noticed(built_site: BuiltSite, tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    shutil.copytree(built_site.path / INDEX_DIR, folder)
    pages = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh-cn"][
        "page_count"
    ]
    assert index_complete(folder, pages + 1) == f"索引含 {pages} 个页面,应为 {pages + 1} 个"
    fragment = next((folder / "fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes()[: fragment.stat().st_size // 2])
    assert index_complete(folder, pages) == f"fragment/{fragment.name} 不完整"
    (folder / "pagefind-entry.json").write_text("", encoding="utf-8")  # what was seen on a busy machine
    assert index_complete(folder, pages) == "pagefind-entry.json 不完整"
