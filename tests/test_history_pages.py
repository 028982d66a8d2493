"""“最后更新” and the 更新记录 page from real git history: a full repository, a shallow clone and a
plain folder (no git). The history is read by ``generator.editors.history.site_history`` (what the MkDocs
hook calls) and passed to the pure ``build_site``; two tests also run the real ``mkdocs build``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI_PLAN, git, mkdocs_build
from test_history import move_deadline

from generator.data.pipeline import load_plan
from generator.editors.history import SiteHistory, site_history
from generator.model import urls
from generator.site.pages import build_site
from generator.site.views.common import Site

HOSTILE_SUBJECT = "推迟排查 <script>alert(1)</script> **粗** ~~删~~"


def build(plan_root: Path, cache: Path | None = None) -> tuple[SiteHistory, Site]:
    history = site_history(plan_root, cache_dir=cache)
    return history, build_site(load_plan(plan_root), exports={}, history=history)


def mini_repo(root: Path, subject: str = HOSTILE_SUBJECT) -> Path:
    """Two commits: 2024-05-01 初版 (the mini plan at ``plan_data/``), 2024-08-29 alpha task 1's
    deadline moves (commit message ``subject``)."""
    shutil.copytree(MINI_PLAN, root / "plan_data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初版", date="2024-05-01T10:00:00+08:00")
    move_deadline(root)
    git(root, "commit", "-q", "-am", subject, date="2024-08-29T10:00:00+08:00")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return mini_repo(tmp_path / "repo")


def test_full_history(repo: Path, tmp_path: Path) -> None:
    history, site = build(repo / "plan_data", tmp_path / "cache")
    assert history.available and not history.shallow

    task = site.page(urls.task_page("alpha-01")).markdown
    assert '最后更新：<time datetime="2024-08-29">2024-08-29</time>' in task
    other = site.page(urls.task_page("alpha-02")).markdown
    assert '最后更新：<time datetime="2024-05-01">2024-05-01</time>' in other
    # a unit: the newest of units.yaml and its tasks' files
    assert '<time datetime="2024-08-29">' in site.page(urls.unit_page("jia")).markdown  # lead of alpha-01
    assert '<time datetime="2024-05-01">' in site.page(urls.unit_page("xg-zhen-jiedao")).markdown

    log = site.page(urls.CHANGELOG).markdown
    assert log.index("## 2024年8月29日") < log.index("## 2024年5月1日")  # newest first
    assert "时限“完成排查”由 2024-10-31 改为 2024-11-30" in log
    assert "<del>10</del><ins>11</ins>" in log  # the word diff, as HTML
    assert 'href="../tasks/alpha-01/"' in log
    assert "首次收录方案数据。" in log
    # developers' commit subjects are not shown: the page describes the plan's changes in Chinese
    assert "推迟排查" not in log and "script" not in log
    assert "方案内容变化 2 处" in log
    assert list((tmp_path / "cache").glob("*.json"))  # diffs are cached on disk


def test_shallow_clone(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    history, site = build(clone / "plan_data")
    assert history.available and history.shallow
    assert "更新时间不详（浅克隆）" in site.page(urls.task_page("alpha-01")).markdown
    assert "更新时间不详（浅克隆）" in site.page(urls.unit_page("jia")).markdown
    log = site.page(urls.CHANGELOG).markdown
    assert "版本历史不完整（浅克隆）" in log
    assert "看不到此前的版本" in log  # the one visible commit says why it lists no changes


def test_plain_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(MINI_PLAN, folder / "plan_data")
    history, site = build(folder / "plan_data")
    assert not history.available and history.entries == ()
    assert "更新时间不详（无 git 历史）" in site.page(urls.task_page("alpha-01")).markdown
    log = site.page(urls.CHANGELOG).markdown
    assert "无 git 历史" in log and "不是 git 仓库" in log


def page_text(site_dir: Path, src: str) -> str:
    return (site_dir / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def test_real_build_of_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    built = mkdocs_build(tmp_path / "site", clone / "plan_data")
    assert built.returncode == 0, built.output
    assert "版本历史不完整（浅克隆）" in page_text(built.path, urls.CHANGELOG)
    assert "更新时间不详（浅克隆）" in page_text(built.path, urls.task_page("alpha-01"))


def test_real_build_without_git(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(MINI_PLAN, folder / "plan_data")
    built = mkdocs_build(tmp_path / "site", folder / "plan_data")
    assert built.returncode == 0, built.output
    assert "无 git 历史" in page_text(built.path, urls.CHANGELOG)
    assert "更新时间不详（无 git 历史）" in page_text(built.path, urls.task_page("alpha-01"))


def test_one_git_log_for_all_dates(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build reads history with a fixed number of git calls, whatever the number of files."""
    import subprocess

    from generator.editors import history

    calls: list[list[str]] = []
    real_run = subprocess.run

    def spy(cmd: list[str], *a: object, **kw: object) -> object:
        calls.append(list(cmd))
        return real_run(cmd, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(history.subprocess, "run", spy)
    site_history(repo / "plan_data")
    logs = [c for c in calls if "log" in c]
    assert len(logs) == 2  # one for every file's date, one for the list of plan-changing commits
    assert sum("--name-status" in c for c in logs) == 1
