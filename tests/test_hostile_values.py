"""A careless or hostile pull request: one value must not make `check` or the build do unbounded work.

Each case is the smallest edit of the mini plan; `check` (the real command, in a subprocess with a
timeout, so a regression fails instead of hanging CI) must fail with a located Chinese message, and
the build must refuse the same data before writing anything.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs.factory import Sub, make_plan

from generator.data.pipeline import load_plan
from generator.data.problems import PlanInvalid

ROOT = Path(__file__).resolve().parent.parent
T1 = "campaigns/alpha/tasks/01.yaml"
DOC = "document.yaml"

CASES = {
    "huge task number": ({T1: Sub("number: 1", "number: 1000000000000")}, T1, "number", "应不大于 999"),
    "deadline in year 1": ({T1: Sub("date: 2024-10-31", "date: 0001-01-01")}, T1, "date", "相差 5 年以上"),
    "deadline in year 9999": ({T1: Sub("date: 2024-10-31", "date: 9999-12-31")}, T1, "date", "相差 5 年以上"),
    "published in 9999": (
        {DOC: Sub("published: 2024-08-01T09:00:00", "published: 9999-08-01T09:00:00")},
        DOC, "published", "不在 1990-01-01 至 2100-12-31 之间",
    ),
    "published in 1900": (
        {DOC: Sub("published: 2024-08-01T09:00:00", "published: 1900-08-01T09:00:00")},
        DOC, "published", "不在 1990-01-01 至 2100-12-31 之间",
    ),
    "a century-long period": (
        {DOC: Sub("  end: 2025-12-31", "  end: 2040-12-31")}, DOC, "period", "超过 10 年",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_check_refuses_with_a_location_and_quickly(name: str, tmp_path: Path) -> None:
    edits, file, key, words = CASES[name]
    root = make_plan(tmp_path, edits)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(root)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [x for x in proc.stderr.splitlines() if f"{file}:" in x and key in x and words in x]
    assert lines, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr
    with pytest.raises(PlanInvalid):  # the build loads the plan the same way: nothing is written
        load_plan(root)


# --- the data folder is the boundary -------------------------------------------------------------
def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(root)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


SECRET = "机密内容-不得发布-7f3a"


def test_a_link_to_a_file_outside_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    root = make_plan(tmp_path)
    src = root / "source" / "original.txt"
    src.unlink()
    src.symlink_to(secret)
    (root / "campaigns" / "alpha" / "tasks" / "09.yaml").symlink_to(secret)
    proc = _check(root)
    assert proc.returncode == 1
    assert SECRET not in proc.stdout + proc.stderr  # not a character of it in a message
    assert "source/original.txt: 错误: 这里是符号链接" in proc.stderr
    assert "tasks/09.yaml: 错误: 这里是符号链接" in proc.stderr
    with pytest.raises(PlanInvalid):
        load_plan(root)


def test_streams_that_never_end_do_not_block(tmp_path: Path) -> None:
    import os

    root = make_plan(tmp_path)
    os.mkfifo(root / "campaigns" / "alpha" / "tasks" / "04.yaml")
    (root / "units-extra.yaml").symlink_to("/proc/self/fd/0")
    proc = _check(root)  # the timeout fails the test if check waits on the pipe
    assert proc.returncode == 1
    assert "tasks/04.yaml: 错误: 这里是管道(FIFO)" in proc.stderr
    assert "units-extra.yaml: 错误: 这里是符号链接" in proc.stderr


def test_a_folder_that_cannot_be_listed_is_an_error(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        # root lists every folder; a folder link is the case root meets (never followed, reported)
        root = make_plan(tmp_path)
        (root / "campaigns" / "gamma").symlink_to(tmp_path)
        proc = _check(root)
        assert proc.returncode == 1 and "campaigns/gamma: 错误: 这里是符号链接" in proc.stderr
        return
    root = make_plan(tmp_path)
    tasks = root / "campaigns" / "beta" / "tasks"
    tasks.chmod(0)
    try:
        proc = _check(root)
    finally:
        tasks.chmod(0o755)
    assert proc.returncode == 1 and "无法" in proc.stderr


# --- a failed build publishes nothing and destroys nothing ---------------------------------------
def test_a_failed_build_leaves_the_previous_site_in_place(tmp_path: Path) -> None:
    """A build that fails after MkDocs would have emptied the site folder (here: a file in docs/
    that clashes with a generated page, refused in on_files) leaves the last good site untouched."""
    import os
    import shutil

    from conftest import MINI_PLAN

    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HUIJI_PLAN_DATA": str(MINI_PLAN)}
    site = tmp_path / "site"
    stale = tmp_path / ".site.building-1"  # left by a build that was killed
    stale.mkdir()
    run = [str(mkdocs), "build", "--strict", "--site-dir", str(site)]
    good = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
    assert not stale.exists()
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "tasks").mkdir()
    (docs / "tasks" / "alpha-01.md").write_text("# 冲突\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    hooks = ROOT / "generator" / "adapters" / "mkdocs_hooks.py"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nhooks: [{hooks}]\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n",
        encoding="utf-8",
    )
    bad = subprocess.run([*run, "-f", str(config)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    said = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "docs/tasks/alpha-01.md 与生成的页面 tasks/alpha-01.md 都会生成" in said
    after = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert after == before  # nothing removed, nothing half-written
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]  # no staging folder left


# --- check is the gate ---------------------------------------------------------------------------
GATE = {
    # a unit id that collides with the units index page (units/index.md)
    "unit id index": ({"units.yaml": Sub("id: jia", "id: index")}, "units.yaml", "id", "网站保留的名称"),
    # a campaign title no longer a line of the original text (its 原文 anchor would break)
    "title not in source": (
        {"campaigns/alpha/campaign.yaml": Sub("title: 甲方案", "title: 甲方案(修订)")},
        "campaigns/alpha/campaign.yaml", "title", "不是原文中的一行",
    ),
    # a campaign without task files whose implicit_units names task 1 (an internal error once)
    "implicit units, no tasks": (
        {"campaigns/beta/tasks/01.yaml": None, "campaigns/beta/tasks/02.yaml": None},
        "campaigns/beta/campaign.yaml", "stated_in_task", "",
    ),
}


@pytest.mark.parametrize("name", list(GATE))
def test_check_rejects_what_the_build_would_reject(name: str, tmp_path: Path) -> None:
    edits, file, key, words = GATE[name]
    root = make_plan(tmp_path, edits)
    proc = _check(root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [x for x in proc.stderr.splitlines() if f"{file}:" in x and key in x and words in x], proc.stderr
    assert "程序内部错误" not in proc.stderr and "Traceback" not in proc.stderr


def _mutations() -> list[dict]:
    """Small edits of the mini plan, bad and harmless: every fixture of the check tests and of this
    file (the property below must hold for each)."""
    from test_check import CASES as CHECK_CASES

    out = [c.edits for c in CHECK_CASES]
    out += [e for e, *_ in CASES.values()] + [e for e, *_ in GATE.values()]
    return out


def test_every_input_the_build_rejects_check_rejects_first(tmp_path: Path) -> None:
    """If `check` passes, the whole site builds (pages and every download); a build error is never
    the first word on bad data. No input ends in an internal error."""
    from generator.data.pipeline import load_plan_with_warnings
    from generator.exports import build_exports
    from generator.site.pages import build_site

    for i, edits in enumerate(_mutations()):
        root = make_plan(tmp_path / str(i), edits)
        try:
            plan, _ = load_plan_with_warnings(root)
        except PlanInvalid as e:
            assert all(p.file and p.code != "internal-error" for p in e.problems), (edits, e.problems)
            continue
        site = build_site(plan, exports=build_exports(plan))  # must not raise
        paths = [p.src_path for p in site.pages]
        assert len(paths) == len(set(paths)), edits  # no two pages on one path


# --- the reviewer sees every change --------------------------------------------------------------
def _repo(tmp_path: Path) -> Path:
    import shutil

    from conftest import MINI_PLAN, git

    repo = tmp_path / "repo"
    shutil.copytree(MINI_PLAN, repo / "plan_data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "初版")
    return repo


def _diff(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--repo", str(repo), "HEAD~1", "HEAD"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_export_ignore_cannot_hide_a_new_task(tmp_path: Path) -> None:
    from conftest import git

    repo = _repo(tmp_path)
    task = repo / "plan_data" / "campaigns" / "alpha" / "tasks" / "03.yaml"
    new = task.with_name("04.yaml")
    new.write_text(task.read_text(encoding="utf-8").replace("number: 3", "number: 4"), encoding="utf-8")
    (repo / ".gitattributes").write_text("plan_data/campaigns/alpha/tasks/04.yaml export-ignore\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "新增任务")
    proc = _diff(repo)
    assert "无变化" not in proc.stdout, proc.stdout + proc.stderr
    assert "新增任务 1 项" in proc.stdout, proc.stdout


def test_a_symlink_in_a_revision_is_reported_not_an_internal_error(tmp_path: Path) -> None:
    from conftest import git

    repo = _repo(tmp_path)
    (repo / "plan_data" / "notes.yaml").symlink_to("/etc/hostname")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "链接")
    proc = _diff(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "notes.yaml: 错误: 这里是符号链接" in proc.stderr
    assert "程序内部错误" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_data_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from conftest import MINI_PLAN

    link = tmp_path / "plan_data"
    link.symlink_to(MINI_PLAN)
    proc = _check(link)
    assert proc.returncode == 1 and "符号链接(数据文件夹本身)" in proc.stderr


def test_dates_beyond_the_calendar_are_refused_not_crashed(tmp_path: Path) -> None:
    old = "period:\n  start: 2024-07-01\n  end: 2025-12-31"
    root = make_plan(tmp_path, {DOC: Sub(old, "period:\n  start: 9997-01-01\n  end: 9998-12-31")})
    proc = _check(root)
    assert proc.returncode == 1 and "不在 1990-01-01 至 2100-12-31 之间" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_revision_whose_data_folder_is_a_link_is_not_followed(tmp_path: Path) -> None:
    import shutil

    from conftest import git

    repo = _repo(tmp_path)
    outside = tmp_path / "outside"
    shutil.copytree(repo / "plan_data", outside)
    shutil.rmtree(repo / "plan_data")
    (repo / "plan_data").symlink_to(outside)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "链接")
    proc = _diff(repo)
    assert proc.returncode == 1
    assert "plan_data 不是文件夹(可能是符号链接),不会读取" in proc.stderr, proc.stderr
