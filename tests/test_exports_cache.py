"""generator.exports.cache: download files kept in build/exports-cache between builds.

A hit must give exactly build_exports' bytes; any change of the plan data gives another entry;
anything wrong with an entry means a rebuild, never an error; at most 3 entries are kept.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.data.pipeline import load_plan
from generator.exports import build_exports
from generator.exports.cache import KEEP, MANIFEST, cache_key, cached_exports, exports_with_status
from generator.model.model import Plan

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini_plan"
URL = "https://example.org/plan/"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUIJI_NO_EXPORTS_CACHE", raising=False)


@pytest.fixture(scope="module")
def mini() -> Plan:
    return load_plan(MINI)


@pytest.fixture(scope="module")
def fresh(mini: Plan) -> dict[str, bytes]:
    return build_exports(mini, URL)


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.is_dir() and not p.name.startswith("."))


def no_build(plan: Plan, site_url: str | None) -> dict[str, bytes]:
    raise AssertionError("built although the cache holds the files")


def test_hit_is_byte_identical_to_a_fresh_build(mini: Plan, fresh: dict[str, bytes], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files, status = exports_with_status(mini, URL, cache)
    assert status == "miss"
    assert files == fresh and list(files) == list(fresh)
    assert len(entries(cache)) == 1
    again, status = exports_with_status(mini, URL, cache, build=no_build)
    assert status == "hit"
    assert again == fresh and list(again) == list(fresh)
    assert cached_exports(mini, URL, cache) == fresh


def test_real_plan_hit_is_byte_identical(tmp_path: Path) -> None:
    plan = load_plan(ROOT / "plan_data")
    fresh = build_exports(plan, None)
    assert exports_with_status(plan, None, tmp_path)[1] == "miss"
    files, status = exports_with_status(plan, None, tmp_path, build=no_build)
    assert status == "hit" and files == fresh and list(files) == list(fresh)


def test_a_changed_data_file_changes_key_and_output(
    mini: Plan, fresh: dict[str, bytes], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    exports_with_status(mini, URL, cache)
    copy = tmp_path / "mini_plan"
    shutil.copytree(MINI, copy)
    task = copy / "campaigns" / "beta" / "tasks" / "01.yaml"
    text = task.read_text(encoding="utf-8")
    assert "text: 内容。" in text
    task.write_text(text.replace("text: 内容。", "text: 内容有改动。"), encoding="utf-8")
    source = copy / "source" / "original.txt"  # a new version of the document: its original too
    source.write_text(source.read_text(encoding="utf-8").replace("内容。", "内容有改动。"), encoding="utf-8")
    changed = load_plan(copy)
    assert changed.data_digest != mini.data_digest
    assert cache_key(changed, URL) != cache_key(mini, URL)
    files, status = exports_with_status(changed, URL, cache)
    assert status == "miss"
    assert files == build_exports(changed, URL)
    assert files != fresh
    assert files["data/tasks.csv"] != fresh["data/tasks.csv"]
    assert "内容有改动".encode() in files["data/tasks.csv"]
    assert len(entries(cache)) == 2


def test_an_unchanged_copy_has_the_same_key(mini: Plan, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "plan"
    shutil.copytree(MINI, copy)
    assert load_plan(copy).data_digest == mini.data_digest


def test_key_covers_site_url_and_timestamp(mini: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    base = cache_key(mini, URL)
    assert base is not None
    assert cache_key(mini, None) != base
    assert cache_key(mini, "https://example.org/other/") != base
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cache_key(mini, URL) != base


@pytest.mark.parametrize(
    "damage",
    ["blob", "truncated-blob", "missing-blob", "manifest", "no-manifest", "manifest-edited", "dropped"],
)
def test_a_damaged_entry_is_rebuilt(mini: Plan, fresh: dict[str, bytes], tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    exports_with_status(mini, URL, cache)
    (entry,) = entries(cache)
    manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    digest = manifest["files"]["data/ics/all.ics"]
    if damage == "blob":
        (entry / digest).write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    elif damage == "truncated-blob":
        data = (entry / digest).read_bytes()
        (entry / digest).write_bytes(data[: len(data) // 2])
    elif damage == "missing-blob":
        (entry / digest).unlink()
    elif damage == "manifest":
        (entry / MANIFEST).write_text("{not json", encoding="utf-8")
    elif damage == "no-manifest":
        (entry / MANIFEST).unlink()
    elif damage == "manifest-edited":  # still JSON, every blob intact, but the list is not the one written
        manifest["files"]["data/ics/all.ics"] = manifest["files"]["data/tasks.csv"]
        (entry / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    else:  # a file left out of the list
        del manifest["files"]["data/ics/all.ics"]
        (entry / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    files, status = exports_with_status(mini, URL, cache)
    assert status == "miss"
    assert files == fresh
    # and the entry is whole again
    again, status = exports_with_status(mini, URL, cache, build=no_build)
    assert status == "hit" and again == fresh


def test_an_entry_that_is_a_file_is_rebuilt(mini: Plan, fresh: dict[str, bytes], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    key = cache_key(mini, URL)
    assert key is not None
    (cache / key).write_text("junk", encoding="utf-8")
    files, status = exports_with_status(mini, URL, cache)
    assert files == fresh and status == "miss"


def test_the_cache_keeps_three_entries(mini: Plan, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    urls = [f"https://example.org/{i}/" for i in range(5)]
    for url in urls:
        exports_with_status(mini, url, cache)
        assert len(entries(cache)) <= KEEP == 3
    names = {p.name for p in entries(cache)}
    assert cache_key(mini, urls[-1]) in names
    assert cache_key(mini, urls[0]) not in names
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_a_used_entry_is_kept_before_older_ones(mini: Plan, tmp_path: Path) -> None:
    import os
    import time

    cache = tmp_path / "cache"
    urls = [f"https://example.org/{i}/" for i in range(3)]
    for i, url in enumerate(urls):
        exports_with_status(mini, url, cache)
        t = time.time() - 100 + i
        os.utime(cache / str(cache_key(mini, url)), (t, t))
    assert exports_with_status(mini, urls[0], cache)[1] == "hit"  # now the most recently used
    exports_with_status(mini, "https://example.org/new/", cache)
    names = {p.name for p in entries(cache)}
    assert cache_key(mini, urls[0]) in names
    assert cache_key(mini, urls[1]) not in names


def test_env_switch_disables_the_cache(
    mini: Plan, fresh: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUIJI_NO_EXPORTS_CACHE", "1")
    cache = tmp_path / "cache"
    files, status = exports_with_status(mini, URL, cache)
    assert status == "off" and files == fresh
    assert not cache.exists()


def test_no_cache_without_a_data_digest(mini: Plan, fresh: dict[str, bytes], tmp_path: Path) -> None:
    plan = Plan(mini.document, mini.units, mini.campaigns)  # not from load_plan
    assert plan.data_digest is None and cache_key(plan, URL) is None
    files, status = exports_with_status(plan, URL, tmp_path / "cache")
    assert status == "off" and files == fresh
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_still_builds(mini: Plan, fresh: dict[str, bytes], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    files, status = exports_with_status(mini, URL, blocker / "cache")
    assert files == fresh and status == "miss"


def test_the_data_digest_covers_every_file(tmp_path: Path) -> None:
    from generator.data.load import read_tree

    raw = read_tree(MINI)
    assert raw.files and set(raw.file_hashes) == set(raw.files)  # the original text included
    assert "source/original.txt" in raw.files
    copy = tmp_path / "plan"
    shutil.copytree(MINI, copy)
    (copy / "units.yaml").write_bytes((copy / "units.yaml").read_bytes() + b"# a comment\n")
    assert read_tree(copy).data_digest() != raw.data_digest()
