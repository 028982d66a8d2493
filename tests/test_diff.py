"""``generator.editors.diff``: what changed in the plan, as plain-Chinese Markdown.

Every "after" plan is tests/fixtures/mini_plan copied into tmp_path and edited with :class:`PlanCopy`;
whole new files come from tests/fixtures/diff/.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import git, mirror_in_source
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.pipeline import load_plan
from generator.editors.diff import Change, diff_plans, render_markdown
from generator.editors.diff_cli import DiffError, load_side, main_diff
from generator.editors.worddiff import escape_md, inline_html, word_diff
from generator.model.model import Plan

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini_plan"
PIECES = TESTS / "fixtures" / "diff"


class PlanCopy:
    """A copy of the mini plan under tmp_path, edited file by file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def make(cls, tmp_path: Path, name: str = "after") -> PlanCopy:
        dest = tmp_path / name
        shutil.copytree(MINI, dest)
        return cls(dest)

    def edit(self, rel: str, change: Callable[[dict[str, Any]], None]) -> PlanCopy:
        path = self.root / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        old = copy.deepcopy(data)
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        mirror_in_source(self.root, old, data)  # a new version of the document, original included
        return self

    def put(self, rel: str, piece: str) -> PlanCopy:
        shutil.copyfile(PIECES / piece, self.root / rel)
        # the new version of the document holds the new task's words: add them to its original,
        # before the web-page lines at its end
        data = yaml.safe_load((PIECES / piece).read_text(encoding="utf-8"))
        src = self.root / "source" / "original.txt"
        lines = src.read_text(encoding="utf-8").split("\n")
        words = f"{data['number']}. {data['title']}。{data.get('text') or ''}"
        lines.insert(len(lines) - 3, words)
        src.write_text("\n".join(lines), encoding="utf-8")
        return self

    def remove(self, rel: str) -> PlanCopy:
        (self.root / rel).unlink()
        return self

    def plan(self) -> Plan:
        return load_plan(self.root)


@pytest.fixture(scope="module")
def before() -> Plan:
    return load_plan(MINI)


def changes_after(before: Plan, after: PlanCopy) -> list[Change]:
    return diff_plans(before, after.plan())


def kinds(changes: list[Change]) -> list[str]:
    return [c.kind for c in changes]


# --- the word diff ------------------------------------------------------------------------------


def test_word_diff_marks_changed_words_inline() -> None:
    assert word_diff("2024年10月底前完成排查。", "2024年11月底前完成全面排查。") == (
        "2024年~~10~~**11**月底前完成**全面**排查。"
    )


def test_word_diff_escapes_markdown_in_data() -> None:
    out = word_diff("完成*排查*工作", "完成_排查_工作")
    assert "\\*" in out and "\\_" in out
    assert escape_md("a*b_c[d]<e>|f~g`h#i") == "a\\*b\\_c\\[d\\]\\<e\\>\\|f\\~g\\`h\\#i"


def test_word_diff_falls_back_to_html_where_delimiters_would_not_close() -> None:
    # "**,并于年底前**" right after a letter would stay literal in CommonMark: use <ins> there
    out = word_diff("完成排查。", "完成排查,并于年底前完成整改。")
    assert out == "完成排查<ins>,并于年底前完成整改</ins>。"
    # after punctuation the delimiter does open: stay with **…**
    assert word_diff("各镇(街道)完成", "各镇(街道)、区城管局完成") == "各镇(街道)**、区城管局**完成"


def test_word_diff_shortens_long_unchanged_stretches() -> None:
    head = "坚持精准治污、科学治污、依法治污,持续深入打好蓝天保卫战,推动空气质量持续改善"
    out = word_diff(head + "完成甲。", head + "完成乙。")
    assert out.startswith("……") and "~~甲~~**乙**" in out
    assert len(out) < len(head)


# --- each kind of change --------------------------------------------------------------------------


def test_no_change(before: Plan, tmp_path: Path) -> None:
    changes = changes_after(before, PlanCopy.make(tmp_path))
    assert changes == []
    assert render_markdown(changes) == "## 方案变化\n\n无变化。\n"


def test_text_change_shows_inline_word_diff(before: Plan, tmp_path: Path) -> None:
    after = PlanCopy.make(tmp_path).edit(
        "campaigns/alpha/tasks/02.yaml", lambda d: d.update(text="按照市定时间节点全面完成。")
    )
    changes = changes_after(before, after)
    assert kinds(changes) == ["task_text"]
    md = render_markdown(changes)
    assert "- 甲2 第二项任务:文字修改:" in md
    assert "按照市定时间节点~~完成~~**全面完成**。" in md  # jieba: 全面完成 is one word


def test_unit_added_and_removed_in_a_role(before: Plan, tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["cooperate"] = ["区丙中心"]  # 区乙局 out, 区丙中心 in
        d["lead"] = ["区甲局", "区乙局"]

    changes = changes_after(before, PlanCopy.make(tmp_path).edit("campaigns/alpha/tasks/01.yaml", edit))
    summaries = [c.summary for c in changes]
    assert "牵头单位增加 区乙局" in summaries
    assert "配合单位增加 区丙中心" in summaries
    assert "配合单位删除 区乙局" in summaries
    assert all(c.subject == "甲1 第一项任务" for c in changes)
    md = render_markdown(changes)
    assert md.splitlines()[0] == "## 方案变化:共 3 处"
    assert "修改任务 1 项" in md


def test_unit_change_in_a_subitem_names_the_subitem(before: Plan, tmp_path: Path) -> None:
    after = PlanCopy.make(tmp_path).edit(
        "campaigns/beta/tasks/02.yaml", lambda d: d["subitems"][1].update(responsible=["区甲局"])
    )
    summaries = [c.summary for c in changes_after(before, after)]
    assert summaries == ["分项(2)责任单位增加 区甲局", "分项(2)责任单位删除 区丙中心"]


def test_deadline_moved(before: Plan, tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["text"] = "2024年11月底前完成排查。"
        d["deadlines"][0].update(text="2024年11月底前", date="2024-11-30")

    changes = changes_after(before, PlanCopy.make(tmp_path).edit("campaigns/alpha/tasks/01.yaml", edit))
    assert kinds(changes) == ["task_text", "deadline_moved"]
    moved = changes[1]
    assert (moved.old, moved.new) == ("2024-10-31", "2024-11-30")
    assert "2024-10-31 改为 2024-11-30" in moved.summary
    md = render_markdown(changes)
    assert "时限“完成排查”由 2024-10-31 改为 2024-11-30" in md
    assert "2024年~~10~~**11**月底前" in md


def test_target_value_changed(before: Plan, tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["text"] = "降尘量不得高于5吨/月·平方公里。"
        d["targets"][0].update(value=5, text="降尘量不得高于5吨/月·平方公里")

    changes = changes_after(before, PlanCopy.make(tmp_path).edit("campaigns/alpha/tasks/03.yaml", edit))
    target = next(c for c in changes if c.kind == "target_changed")
    assert target.summary == "指标 降尘量:≤ 6 吨/月·平方公里 → ≤ 5 吨/月·平方公里"


def test_goal_target_and_goal_text(before: Plan, tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["parts"][1]["paragraphs"] = ["PM2.5平均浓度控制在40微克/立方米以下。"]
        d["targets"][0].update(value=40, text="PM2.5平均浓度控制在40微克/立方米以下")

    changes = changes_after(before, PlanCopy.make(tmp_path).edit("campaigns/alpha/campaign.yaml", edit))
    assert kinds(changes) == ["goal_text", "goal_target"]
    assert changes[0].subject == "二、主要目标"
    assert changes[1].summary == "指标 PM2.5平均浓度:≤ 41 微克/立方米 → ≤ 40 微克/立方米"
    md = render_markdown(changes)
    assert "### 甲保卫战(2 处)" in md and "其他 2 处" in md


def test_requirement_text_and_recurrence(before: Plan, tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["requirements"][0]["text"] = "各单位每月25日前报送。"
        d["requirements"][0]["deadlines"][0].update(text="每月25日前", recurrence="每月25日")

    changes = changes_after(before, PlanCopy.make(tmp_path).edit("campaigns/alpha/campaign.yaml", edit))
    assert kinds(changes) == ["requirement_text", "deadline_moved"]
    assert changes[0].subject == "有关要求(一)加强信息报送"
    assert "由 每月28日 改为 每月25日" in changes[1].summary


def test_task_added_and_removed(before: Plan, tmp_path: Path) -> None:
    after = PlanCopy.make(tmp_path).put("campaigns/alpha/tasks/04.yaml", "alpha-task-04.yaml")
    after.remove("campaigns/beta/tasks/02.yaml")
    changes = changes_after(before, after)
    assert kinds(changes) == ["task_added", "task_removed"]
    added, removed = changes
    assert added.subject == "甲4 第四项任务" and added.scope == "alpha"
    assert added.summary == "新增任务(牵头单位:区丙中心;责任单位:各镇(街道))"
    assert removed.subject == "乙2 乙二任务" and removed.scope == "beta"
    md = render_markdown(changes)
    assert "新增任务 1 项,删除任务 1 项,修改任务 0 项" in md
    assert md.index("### 甲保卫战") < md.index("### 乙保卫战")


def test_task_inserted_in_the_middle_is_one_addition_plus_renumbering(before: Plan, tmp_path: Path) -> None:
    after = PlanCopy.make(tmp_path)
    t = after.root / "campaigns/alpha/tasks"
    (t / "03.yaml").rename(t / "04.yaml")
    (t / "02.yaml").rename(t / "03.yaml")
    after.edit("campaigns/alpha/tasks/04.yaml", lambda d: d.update(number=4))
    after.edit("campaigns/alpha/tasks/03.yaml", lambda d: d.update(number=3))
    after.put("campaigns/alpha/tasks/02.yaml", "alpha-task-inserted.yaml")
    changes = changes_after(before, after)
    assert kinds(changes) == ["task_added", "task_renumbered", "task_renumbered"]
    assert [c.summary for c in changes[1:]] == ["编号由 甲2 改为 甲3", "编号由 甲3 改为 甲4"]


def test_unit_registry_rename_and_addition(before: Plan, tmp_path: Path) -> None:
    def units(d: dict[str, Any]) -> None:
        d["units"][2]["name"] = "区丙服务中心"
        d["units"].append({"id": "ding", "name": "区丁局", "kind": "区直部门"})

    after = PlanCopy.make(tmp_path).edit("units.yaml", units)
    after.edit("campaigns/beta/tasks/02.yaml",
               lambda d: d["subitems"][1].update(responsible=["区丙服务中心"]))
    changes = changes_after(before, after)
    # the renamed unit keeps its id, so the task's assignment is unchanged
    assert [c.summary for c in changes] == ["单位更名:区丙中心 → 区丙服务中心", "新增单位 区丁局(区直部门)"]
    assert render_markdown(changes).count("### 单位名录(2 处)") == 1


def test_render_is_deterministic_and_escapes_subjects(before: Plan, tmp_path: Path) -> None:
    after = PlanCopy.make(tmp_path).edit(
        "campaigns/alpha/tasks/02.yaml",
        lambda d: d.update(title="第二项*任务*", text="按照市定时间节点_全部_完成。"),
    )
    plan = after.plan()
    md1 = render_markdown(diff_plans(before, plan))
    md2 = render_markdown(diff_plans(load_plan(MINI), after.plan()))
    assert md1 == md2
    assert "甲2 第二项\\*任务\\*:" in md1


# --- loading sides and the command line -----------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with plan_data = the mini plan (commit 1), then task alpha-01 moved (commit 2)."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root / "plan_data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初版")
    copy = PlanCopy(root / "plan_data")

    def edit(d: dict[str, Any]) -> None:
        d["text"] = "2024年11月底前完成排查。"
        d["deadlines"][0].update(text="2024年11月底前", date="2024-11-30")

    copy.edit("campaigns/alpha/tasks/01.yaml", edit)
    git(root, "commit", "-q", "-am", "推迟排查", date="2024-06-01T10:00:00+08:00")
    return root


def test_load_side_from_git_revisions(repo: Path) -> None:
    old = load_side("HEAD~1", repo)
    new = load_side("HEAD", repo)
    assert old.task("alpha-01").deadlines[0].date.isoformat() == "2024-10-31"
    assert new.task("alpha-01").deadlines[0].date.isoformat() == "2024-11-30"
    assert kinds(diff_plans(old, new)) == ["task_text", "deadline_moved"]


def test_load_side_accepts_a_folder_holding_plan_data(repo: Path) -> None:
    assert load_side(str(repo), repo).task("alpha-01").deadlines[0].date.isoformat() == "2024-11-30"
    assert load_side(str(repo / "plan_data"), repo).document.doc_number


def test_load_side_unknown_revision_is_a_chinese_error(repo: Path) -> None:
    with pytest.raises(DiffError, match="找不到 git 版本“no-such-branch”"):
        load_side("no-such-branch", repo)


def test_load_side_outside_git(tmp_path: Path) -> None:
    with pytest.raises(DiffError, match="不是 git 仓库"):
        load_side("HEAD", tmp_path)


def test_main_diff_between_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_diff(["--repo", str(repo), "--format", "markdown", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## 方案变化:共 2 处\n")
    assert "- 甲1 第一项任务:时限“完成排查”由 2024-10-31 改为 2024-11-30" in out


def test_main_diff_prints_plain_text_by_default(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_diff(["--repo", str(repo), "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("方案变化:共 2 处\n")
    assert "· 甲1 第一项任务:时限“完成排查”由 2024-10-31 改为 2024-11-30" in out
    assert "2024年[-10-]{+11+}月底前" in out  # the word diff, readable in a terminal
    assert "~~" not in out and "**" not in out and "##" not in out


def test_main_diff_no_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_diff(["--repo", str(repo), "HEAD", str(repo / "plan_data")]) == 0
    assert capsys.readouterr().out == "方案变化:无变化。\n"
    assert main_diff(["--repo", str(repo), "--format", "markdown", "HEAD", str(repo / "plan_data")]) == 0
    assert capsys.readouterr().out == "## 方案变化\n\n无变化。\n"


def test_main_diff_bad_revision_exits_1_without_traceback(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main_diff(["--repo", str(repo), "nope", "HEAD"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "找不到 git 版本“nope”" in captured.err and "Traceback" not in captured.err


def test_main_diff_invalid_plan_prints_the_problems(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = PlanCopy.make(tmp_path, "bad").edit(
        "campaigns/alpha/tasks/01.yaml", lambda d: d.update(lead=["区不存在局"])
    )
    assert main_diff(["--repo", str(repo), "HEAD", str(bad.root)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "新版本" in captured.err and "错误" in captured.err and "区不存在局" in captured.err
    assert "Traceback" not in captured.err


def test_python_dash_m_generator_diff_runs(repo: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "generator.editors.diff_cli", "--repo", str(repo), "HEAD~1", "HEAD"],
        cwd=TESTS.parent, capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "2024-10-31 改为 2024-11-30" in proc.stdout


# --- the word diff as HTML (the 更新记录 page) ---------------------------------------------------------


class _Sides(HTMLParser):
    """Rebuild the old and the new text from inline_html's output; only <del>/<ins> allowed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.old: list[str] = []
        self.new: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ("del", "ins") and not attrs and not self.stack, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack == [tag], (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack != ["ins"]:
            self.old.append(data)
        if self.stack != ["del"]:
            self.new.append(data)


def test_inline_html_example() -> None:
    assert inline_html(word_diff("2024年10月底前完成排查。", "2024年11月底前完成排查。")) == (
        "2024年<del>10</del><ins>11</ins>月底前完成排查。"
    )
    assert inline_html(r"\<b\>~~x") == "&lt;b&gt;<del>x</del>"  # unbalanced input still well formed


TEXT = st.text(alphabet=st.sampled_from(list("完成排查工作年月底前,。、 *_~`<>&\\[]#|-\"'10")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_inline_html_round_trips(old: str, new: str) -> None:
    """Every character of both texts survives, as text: deletions + kept = old, insertions + kept = new."""
    old, new = " ".join(old.split()), " ".join(new.split())  # escape_md folds newlines only
    html = inline_html(word_diff(old, new, context=10**6))
    sides = _Sides()
    sides.feed(html)
    sides.close()
    assert not sides.stack
    assert "".join(sides.old) == old
    assert "".join(sides.new) == new


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["diff"], "缺少参数:A, B"),
        ([], "缺少参数:{check,dump,schema,diff,progress,import,pages,finish}"),
        (["check", "--bogus"], "无法识别的参数:--bogus"),
        (["diff", "--format", "html", "A", "B"], "无效的选择:'html'"),
        (["check", "--help"], "显示本帮助并退出"),
    ],
)
def test_command_line_help_and_errors_are_chinese(argv: list[str], words: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parent.parent)
    out = proc.stdout + proc.stderr
    assert words in out, out
    for english in ("usage:", "error:", "the following arguments", "unrecognized", "invalid choice",
                    "show this help", "options:"):
        assert english not in out, (english, out)


# --- two documents: a plan and next year's (issue 16) ------------------------------------------------

MINI_2025 = TESTS / "fixtures" / "mini_plan_2025"
"""An invented second document (测试文〔2025〕1号): the mini plan's “next year”, for tests only."""


def _tasks_by_title(root: Path) -> dict[tuple[str, str], dict[str, object]]:
    """(campaign folder, title) → the task file's values without its number: straight from the YAML."""
    out = {}
    for f in sorted(root.glob("campaigns/*/tasks/*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        data.pop("number")
        out[(f.parent.parent.name, data["title"])] = data
    return out


def test_two_documents_are_compared_task_by_task_not_by_number() -> None:
    old, new = _tasks_by_title(MINI), _tasks_by_title(MINI_2025)
    continued = old.keys() & new.keys()
    adjusted = {k for k in continued if old[k] != new[k]}
    # the fixture moves a task (甲1 → 甲2) by inserting one before it: matched by its title, not number
    assert ("alpha", "第一项任务") in adjusted and len(continued) == 4
    proc = subprocess.run([sys.executable, "-m", "generator", "diff", str(MINI), str(MINI_2025)],
                          cwd=TESTS.parent, capture_output=True, text=True, encoding="utf-8", check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("两份文件对比:")
    added, dropped = len(new.keys() - old.keys()), len(old.keys() - new.keys())
    headline = (f"测试文〔2024〕1号 → 测试文〔2025〕1号:延续任务 {len(continued)} 项"
                f"(其中 {len(adjusted)} 项有调整),新增 {added} 项,不再列入 {dropped} 项")
    assert headline in proc.stdout
    assert "测试文〔2024〕1号 甲2 第二项任务:不再列入" in proc.stdout  # its number in the earlier document
    assert "甲1 新增一项任务:新列入的任务(牵头单位:区丙服务中心)" in proc.stdout
    assert "甲2 第一项任务:配合单位增加 区丙服务中心" in proc.stdout  # what changed, in Chinese
    assert "降尘量:≤ 6 吨/月·平方公里 → ≤ 5 吨/月·平方公里" in proc.stdout
    # one document against itself is still a version diff (新增/删除), not a comparison of documents
    same = subprocess.run([sys.executable, "-m", "generator", "diff", str(MINI), str(MINI)],
                          cwd=TESTS.parent, capture_output=True, text=True, encoding="utf-8", check=False)
    assert same.stdout.startswith("方案变化:无变化")
