"""``generator.editors.history``: last-updated dates and the 更新记录 from git (full, shallow, none)."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import git, mirror_in_source

from generator.editors import history
from generator.editors.history import (
    NOTE_NO_GIT,
    NOTE_NOT_REPO,
    NOTE_SHALLOW,
    GitHistory,
    last_updated,
    plan_changes,
    repo_status,
)

MINI = Path(__file__).resolve().parent / "fixtures" / "mini_plan"
D = dt.date

TASK_A1 = "plan_data/campaigns/alpha/tasks/01.yaml"
TASK_A3 = "plan_data/campaigns/alpha/tasks/03.yaml"
TASK_B1 = "plan_data/campaigns/beta/tasks/01.yaml"
UNITS = "plan_data/units.yaml"


def _plan_root(path: Path) -> Path:
    return next(p for p in path.parents if p.name == "plan_data")


def edit(path: Path, **changes: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    old = copy.deepcopy(data)
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mirror_in_source(_plan_root(path), old, data)  # a new version of the document


def move_deadline(root: Path) -> None:
    p = root / TASK_A1
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    old = copy.deepcopy(data)
    data["text"] = "2024年11月底前完成排查。"
    data["deadlines"][0].update(text="2024年11月底前", date="2024-11-30")
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mirror_in_source(_plan_root(p), old, data)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Four commits on main:

    1. 2024-05-01 初版 — the mini plan;
    2. 2024-06-01 推迟排查 — alpha task 1's deadline moves to 2024-11-30;
    3. 2024-06-15 README — nothing in plan_data;
    4. 2024-07-01 (20:00 UTC = 07-02 in China) 修改降尘指标 — alpha task 3's text only (a comment).
    """
    root = tmp_path / "repo"
    shutil.copytree(MINI, root / "plan_data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初版")
    move_deadline(root)
    git(root, "commit", "-q", "-am", "推迟排查", date="2024-06-01T10:00:00+08:00")
    (root / "README.md").write_text("说明\n", encoding="utf-8")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "README", date="2024-06-15T10:00:00+08:00")
    with (root / TASK_A3).open("a", encoding="utf-8") as f:
        f.write("# 仅加注释\n")
    git(root, "commit", "-q", "-am", "注释", date="2024-07-01T20:00:00+00:00")
    return root


# --- last updated -------------------------------------------------------------------------------


def test_last_updated_per_file(repo: Path) -> None:
    dates = last_updated([Path(TASK_A1), Path(TASK_B1), Path(TASK_A3), Path(UNITS)], repo)
    assert dates == {
        TASK_A1: D(2024, 6, 1),
        TASK_B1: D(2024, 5, 1),
        TASK_A3: D(2024, 7, 2),  # 2024-07-01 20:00 UTC is 07-02 in China Standard Time
        UNITS: D(2024, 5, 1),
    }


def test_last_updated_absolute_and_unknown_paths(repo: Path) -> None:
    (repo / "plan_data" / "new.yaml").write_text("x: 1\n", encoding="utf-8")  # untracked
    a1 = repo / TASK_A1
    dates = last_updated([a1, Path("plan_data/new.yaml"), Path("plan_data/missing.yaml")], repo)
    assert dates == {a1.as_posix(): D(2024, 6, 1), "plan_data/new.yaml": None, "plan_data/missing.yaml": None}


def test_last_updated_uses_one_git_log_call(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_run = subprocess.run

    def spy(cmd: list[str], *a: Any, **kw: Any) -> Any:
        calls.append(list(cmd))
        return real_run(cmd, *a, **kw)

    monkeypatch.setattr(history.subprocess, "run", spy)
    paths = [p.relative_to(repo) for p in sorted((repo / "plan_data").rglob("*.yaml"))]
    dates = GitHistory(repo).last_updated(paths)
    assert len(dates) == len(paths) == 10
    assert sum("log" in c for c in calls) == 1
    assert len(calls) <= 5  # a few rev-parse for the status, not one per file


def test_merged_branch_counts_on_the_day_it_lands(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    edit(repo / TASK_B1, text="内容有更新。")
    git(repo, "commit", "-q", "-am", "分支上的修改", date="2024-08-01T10:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "合并", "topic", date="2024-08-20T10:00:00+08:00")
    assert last_updated([Path(TASK_B1)], repo) == {TASK_B1: D(2024, 8, 20)}
    entries = plan_changes(repo)
    assert entries[0].subject == "合并" and entries[0].date == D(2024, 8, 20)
    assert [c.kind for c in entries[0].changes] == ["task_text"]


# --- 更新记录 ----------------------------------------------------------------------------------------


def test_plan_changes_newest_first(repo: Path) -> None:
    entries = plan_changes(repo)
    # the 注释 commit changed nothing of the plan: not listed
    assert [(e.date, e.subject) for e in entries] == [
        (D(2024, 6, 1), "推迟排查"),
        (D(2024, 5, 1), "初版"),
    ]
    moved, first = entries
    assert [c.kind for c in moved.changes] == ["task_text", "deadline_moved"]
    assert moved.changes[1].summary == (
        "时限“完成排查”由 2024-10-31 改为 2024-11-30(原文“2024年10月底前” → “2024年11月底前”)"
    )
    assert first.changes == () and first.note == "首次收录方案数据。"
    assert len(moved.commit) == 40 and moved.short == moved.commit[:7]


def test_plan_changes_is_capped_and_deterministic(repo: Path) -> None:
    # the cap counts commits read (注释 and 推迟排查); 注释 changed nothing of the plan
    assert [e.subject for e in plan_changes(repo, limit=2)] == ["推迟排查"]
    assert plan_changes(repo, limit=2)[0].changes  # the cap still diffs against the commit before
    assert plan_changes(repo) == plan_changes(repo)
    assert plan_changes(repo, limit=0) == []


def test_plan_changes_disk_cache(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = plan_changes(repo, cache_dir=cache)
    # one per compared pair of versions, one for whether the first version is valid
    assert len(list(cache.glob("*.json"))) == 3

    def no_loading(*_: Any) -> None:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr("generator.data.pipeline.load_plan", no_loading)
    assert plan_changes(repo, cache_dir=cache) == first


def test_plan_changes_with_invalid_old_data(repo: Path) -> None:
    edit(repo / TASK_B1, lead=["区不存在局"])
    git(repo, "commit", "-q", "-am", "写错单位", date="2024-09-01T10:00:00+08:00")
    edit(repo / TASK_B1, lead=["区乙局"])
    git(repo, "commit", "-q", "-am", "改正", date="2024-09-02T10:00:00+08:00")
    entries = plan_changes(repo)
    # the broken version was never valid: not listed; the fix is compared with the last valid one
    assert [e.subject for e in entries] == ["改正", "推迟排查", "初版"]
    fixed = entries[0]
    assert fixed.note is None
    assert [c.summary for c in fixed.changes] == ["牵头单位增加 区乙局", "牵头单位删除 区甲局"]


# --- shallow clones, plain folders, no git ------------------------------------------------------


def test_full_clone_status(repo: Path) -> None:
    assert repo_status(repo) == history.RepoStatus(True, False, git(repo, "rev-parse", "HEAD").strip(), None)


def test_shallow_clone_depth_1(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    status = repo_status(clone)
    assert status.available and status.shallow and status.note == NOTE_SHALLOW
    # only the tip is visible: every file's real date is unknown
    assert last_updated([Path(TASK_A1), Path(TASK_B1)], clone) == {TASK_A1: None, TASK_B1: None}
    (entry,) = plan_changes(clone)
    assert entry.subject == "注释" and entry.changes == () and "浅克隆" in (entry.note or "")


def test_shallow_clone_depth_3_knows_the_recent_changes(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow3"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{repo}", str(clone))
    assert repo_status(clone).shallow
    # visible: 注释, README, 推迟排查 (the boundary: what it changed is not known)
    dates = last_updated([Path(TASK_A1), Path(TASK_A3), Path(TASK_B1)], clone)
    assert dates == {TASK_A1: None, TASK_A3: D(2024, 7, 2), TASK_B1: None}
    entries = plan_changes(clone)
    assert [e.subject for e in entries] == ["推迟排查"]  # 注释 changed nothing of the plan
    assert "浅克隆" in (entries[0].note or "") and entries[0].changes == ()


def test_plain_folder_without_git(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(MINI, folder / "plan_data")
    status = repo_status(folder)
    assert not status.available and status.note == NOTE_NOT_REPO
    assert last_updated([Path(TASK_A1)], folder) == {TASK_A1: None}
    assert plan_changes(folder) == []
    assert repo_status(tmp_path / "does-not-exist").note == NOTE_NOT_REPO


def test_git_missing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-bin-here"))
    status = repo_status(repo)
    assert not status.available and status.note == NOTE_NO_GIT
    assert last_updated([Path(TASK_A1)], repo) == {TASK_A1: None}
    assert plan_changes(repo) == []


def test_repository_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q")
    assert not repo_status(root).available
    assert last_updated([Path(TASK_A1)], root) == {TASK_A1: None}
    assert plan_changes(root) == []
