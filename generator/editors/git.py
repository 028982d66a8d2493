"""The one way the generator runs git (the plan diff and the site's history both use it).

git runs in the given repository with an environment that cannot point it elsewhere
(``GIT_DIR`` & co. removed) and with C-locale messages; a missing git or, when asked, a failing
command raises :class:`GitError` with a Chinese message.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Literal, overload

_REDIRECTS = frozenset({
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX",
})


class GitError(Exception):
    """git is missing, or a command that had to succeed failed; the message is Chinese."""


def git_env() -> dict[str, str]:
    """The environment for git, without variables that point git at another repository."""
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTS}
    env.setdefault("LC_ALL", "C")
    return env


@overload
def run_git(
    repo: Path, *args: str, check: bool = ..., input: bytes | None = ..., text: Literal[False] = ...
) -> subprocess.CompletedProcess[bytes]: ...
@overload
def run_git(
    repo: Path, *args: str, check: bool = ..., input: bytes | None = ..., text: Literal[True]
) -> subprocess.CompletedProcess[str]: ...
def run_git(
    repo: Path, *args: str, check: bool = False, input: bytes | None = None, text: bool = False
) -> subprocess.CompletedProcess[bytes] | subprocess.CompletedProcess[str]:
    """``git -C repo -c core.quotePath=false …``: bytes, or text (UTF-8, undecodable bytes replaced)."""
    cmd = ["git", "-C", str(repo), "-c", "core.quotePath=false", *args]
    try:
        if text:
            proc: subprocess.CompletedProcess[bytes] | subprocess.CompletedProcess[str] = subprocess.run(
                cmd, capture_output=True, env=git_env(), check=False, encoding="utf-8", errors="replace"
            )
        else:
            proc = subprocess.run(cmd, capture_output=True, env=git_env(), check=False, input=input)
    except FileNotFoundError as e:
        raise GitError("找不到 git 命令:请安装 git,或改为给出两个 plan_data 文件夹。") from e
    except OSError as e:  # git is there but cannot be run (permissions …)
        raise GitError(f"git 无法运行({e.strerror or type(e).__name__}):请检查 git 的安装。") from e
    if check and proc.returncode != 0:
        err = proc.stderr if isinstance(proc.stderr, str) else proc.stderr.decode("utf-8", "replace")
        raise GitError(f"git {' '.join(args[:2])} 失败:{err.strip()}")
    return proc
