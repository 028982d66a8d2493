"""The Pagefind index of the built site is whole (generator/exports/search.py: written aside, checked,
written again if Pagefind left a file cut short, then put in place)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
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


@pytest.mark.parametrize("name", ["pagefind-worker.js", "pagefind.js"])
def test_a_cut_short_runtime_script_is_noticed(built_site: BuiltSite, tmp_path: Path, name: str) -> None:
    """Seen on a busy machine: pagefind-worker.js cut off at 32 KiB (the 搜索 page then fails)."""
    folder = tmp_path / "pagefind"
    shutil.copytree(built_site.path / INDEX_DIR, folder)
    pages = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh-cn"][
        "page_count"
    ]
    assert index_complete(folder, pages) == ""
    script = folder / name
    script.write_bytes(script.read_bytes()[:32768])
    assert index_complete(folder, pages) == f"{name} 不完整"


def test_missing_pieces_are_noticed(built_site: BuiltSite, tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    shutil.copytree(built_site.path / INDEX_DIR, folder)
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh-cn"]
    pages = entry["page_count"]
    (folder / f"pagefind.{entry['hash']}.pf_meta").unlink()
    assert index_complete(folder, pages) == f"缺少 pagefind.{entry['hash']}.pf_meta"
    shutil.copytree(built_site.path / INDEX_DIR, folder, dirs_exist_ok=True)
    shutil.rmtree(folder / "fragment")
    assert index_complete(folder, pages) == f"索引片段 0 个,应为 {pages} 个"


def test_a_cut_short_index_is_written_again(
    built_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first two writes come out incomplete (as Pagefind left them on a busy machine): the third
    is put in place; when every write is incomplete the build stops with a Chinese message."""
    import generator.exports.search as search

    site = tmp_path / "site"
    shutil.copytree(built_site.path, site, ignore=shutil.ignore_patterns("pagefind"))
    pages = search.searchable(site, ["index.md", "about.md", "tasks/lantian-12.md"])
    answers = iter(["pagefind-entry.json 不完整", "缺少 x", ""])
    real = search.index_complete
    calls: list[int] = []

    def flaky(folder: Path, n: int) -> str:
        calls.append(n)
        answer = next(answers)
        return answer or real(folder, n)

    monkeypatch.setattr(search, "index_complete", flaky)
    assert search.write_index(site, pages) == 3 and calls == [3, 3, 3]
    assert real(site / INDEX_DIR, 3) == ""
    monkeypatch.setattr(search, "index_complete", lambda folder, n: "缺少 x")
    with pytest.raises(search.IndexIncomplete, match="搜索索引写了 3 次都不完整"):
        search.write_index(site, pages)
    assert real(site / INDEX_DIR, 3) == ""  # the good index from before is still in place
