"""``python -m generator diff A B``: each side a plan_data folder or a git revision (read with
:mod:`generator.editors.git`), compared by :mod:`generator.editors.diff`."""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from generator.data.problems import PlanInvalid
from generator.data.reports import Progress
from generator.editors.diff import (
    DATA_DIR,
    compare_documents,
    diff_plans,
    diff_progress,
    render_markdown,
    render_text,
)
from generator.editors.git import GitError, run_git
from generator.model.model import (
    Plan,
)


class DiffError(Exception):
    """A side could not be loaded; the message is Chinese and meant for the user."""


def git(
    repo: Path, *args: str, check: bool = True, input: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``repo`` (:func:`generator.editors.git.run_git`); raises :class:`DiffError` (Chinese)
    if git is missing or fails."""
    try:
        return run_git(repo, *args, check=check, input=input)
    except GitError as e:
        raise DiffError(str(e)) from None


def _plan_folder(path: Path) -> Path | None:
    if (path / "document.yaml").is_file():
        return path
    if (path / DATA_DIR / "document.yaml").is_file():
        return path / DATA_DIR
    return None


def _load_folder(folder: Path, label: str) -> tuple[Plan, Progress]:
    from generator.data.documents import load_document
    from generator.data.progress import FOLDER, load_progress

    plan = load_document(folder)  # raises only PlanInvalid (tests/test_load_fuzz.py), reported by the caller
    return plan, load_progress(plan, folder / FOLDER)[0]


def resolve_revision(spec: str, repo: Path) -> str:
    """Full commit hash of ``spec`` in ``repo``, or :class:`DiffError` in plain Chinese."""
    if git(repo, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise DiffError(f"“{spec}”既不是文件夹,{repo} 也不是 git 仓库,无法按版本读取。")
    proc = git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}",
               check=False)
    if proc.returncode != 0:
        raise DiffError(
            f"找不到 git 版本“{spec}”:它不是文件夹,也不是本仓库中的分支、标签或提交。"
            "(若是远程分支,请先 git fetch;CI 中请用 fetch-depth: 0 检出。)"
        )
    return proc.stdout.decode().strip()


MAX_REVISION_BYTES = 64 * 1024 * 1024
"""Most bytes read from one revision's plan folder (the real one is under 1 MB)."""


def extract_revision(commit: str, repo: Path, dest: Path, data_dir: str = DATA_DIR) -> Path:
    """Write ``<commit>:<data_dir>`` into ``dest`` exactly as the build would see it checked out;
    return the plan folder.

    Read from git's objects (``ls-tree`` + ``cat-file``), not ``git archive``: ``.gitattributes``
    (``export-ignore``, ``export-subst``) must not hide or change a file from the reviewer. A
    symbolic link is written as a link (the loader refuses it with a located error, as the build
    does); a submodule is a :class:`DiffError`.
    """
    top = git(repo, "rev-parse", "--show-toplevel").stdout.decode().strip()
    prefix = git(repo, "rev-parse", "--show-prefix").stdout.decode().strip()
    path = f"{prefix}{data_dir}".strip("/")
    kind = git(Path(top), "cat-file", "-t", f"{commit}:{path}", check=False)
    if kind.returncode != 0:
        raise DiffError(f"版本 {commit[:10]} 中没有 {path} 文件夹。")
    if kind.stdout.decode().strip() != "tree":  # a link or a file standing for the folder
        raise DiffError(f"版本 {commit[:10]} 中的 {path} 不是文件夹(可能是符号链接),不会读取。")
    listing = git(Path(top), "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", path).stdout
    entries: list[tuple[str, str, str]] = []  # (mode, object id, path)
    total = 0
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind_, oid, size = meta.decode().split()
        rel = name.decode("utf-8", "surrogateescape")
        if kind_ == "commit":
            raise DiffError(f"版本 {commit[:10]} 的 {rel} 是子模块(submodule),方案数据中不能有子模块。")
        total += int(size) if size.isdigit() else 0
        if total > MAX_REVISION_BYTES:
            raise DiffError(f"版本 {commit[:10]} 的方案数据超过 {MAX_REVISION_BYTES // 1024 // 1024} MB。")
        entries.append((mode, oid, rel))
    if not entries:
        raise DiffError(f"版本 {commit[:10]} 中的 {path} 文件夹是空的。")
    wanted = "".join(f"{oid}\n" for _, oid, _ in entries).encode()
    blobs = git(Path(top), "cat-file", "--batch", input=wanted).stdout
    pos = 0
    for mode, _, rel in entries:
        header_end = blobs.index(b"\n", pos)
        size_read = int(blobs[pos:header_end].split(b" ")[2])
        data = blobs[header_end + 1 : header_end + 1 + size_read]
        pos = header_end + 1 + size_read + 1
        out = dest / rel
        if not out.resolve().is_relative_to(dest.resolve()):
            raise DiffError(f"版本 {commit[:10]} 中的路径“{rel}”不在方案数据文件夹内。")
        out.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            out.symlink_to(data.decode("utf-8", "surrogateescape"))
        else:
            out.write_bytes(data)
    return dest / path


def load_side(spec: str, repo: Path, data_dir: str = DATA_DIR) -> Plan:
    """:func:`load_side_with_progress` without the reports."""
    return load_side_with_progress(spec, repo, data_dir)[0]


def load_side_with_progress(spec: str, repo: Path, data_dir: str = DATA_DIR) -> tuple[Plan, Progress]:
    """Load one side of a diff: a folder (``plan_data`` or a folder holding it) or a git revision.

    Raises :class:`DiffError` (Chinese message) when the side cannot be found or read, and
    :class:`~generator.data.problems.PlanInvalid` when its plan data has errors.
    """
    path = Path(spec)
    if path.is_dir():
        folder = _plan_folder(path)
        if folder is None:
            raise DiffError(f"文件夹“{spec}”中没有 document.yaml,也没有 {data_dir}/ 子文件夹。")
        return _load_folder(folder, f"文件夹“{spec}”")
    commit = resolve_revision(spec, repo)
    with tempfile.TemporaryDirectory(prefix="plan-diff-") as tmp:
        folder = extract_revision(commit, repo, Path(tmp), data_dir)
        return _load_folder(folder, f"版本“{spec}”")


def _print_problems(label: str, err: PlanInvalid, stream: TextIO) -> None:
    print(f"{label}的方案数据有 {len(err.errors)} 个错误,无法比较:", file=stream)
    for p in err.problems:
        print(p.format(), file=stream)


def main_diff(argv: Sequence[str] | None = None) -> int:
    """``python -m generator diff A B [--format text|markdown]``: print the summary (plain text, or
    Markdown for a pull request); 0 on success, 1 on problems."""
    parser = argparse.ArgumentParser(
        prog="python -m generator diff",
        description="比较两个版本的方案数据,输出中文变化摘要。"
        "A、B 各为一个 plan_data 文件夹或一个 git 版本(如 origin/main、HEAD)。"
        "两边是两份文件(文号不同,如上一年度和本年度的方案)时,按任务名称和文字配对,列出延续、调整、新增和不再列入的任务。",
    )
    parser.add_argument("old", metavar="A", help="旧版本:文件夹或 git 版本")
    parser.add_argument("new", metavar="B", help="新版本:文件夹或 git 版本")
    parser.add_argument("--repo", default=".", help="git 仓库位置(默认当前文件夹)")
    parser.add_argument("--title", default="方案变化", help="标题(默认 方案变化)")
    parser.add_argument(
        "--format", choices=("text", "markdown"), default="text",
        help="输出格式:text 纯文本(默认;在终端中用颜色标出删改),markdown 供拉取请求和 CI 摘要使用",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        sys.stderr.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    repo = Path(args.repo)
    plans: list[Plan] = []
    progress: list[Progress] = []
    for label, spec in (("旧版本", args.old), ("新版本", args.new)):
        try:
            plan, prog = load_side_with_progress(spec, repo)
            plans.append(plan)
            progress.append(prog)
        except PlanInvalid as e:
            _print_problems(f"{label}“{spec}”", e, sys.stderr)
            return 1
        except DiffError as e:
            print(f"错误:{e}", file=sys.stderr)
            return 1
    comparison, changes = compare_documents(plans[0], plans[1], diff_plans(plans[0], plans[1]))
    changes += diff_progress(progress[0], progress[1])
    title = "两份文件对比" if comparison is not None and args.title == "方案变化" else args.title
    if args.format == "markdown":
        sys.stdout.write(render_markdown(changes, title=title, comparison=comparison))
    else:
        sys.stdout.write(render_text(changes, title=title, colour=sys.stdout.isatty(), comparison=comparison))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_diff())
