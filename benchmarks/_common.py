"""Shared helpers of the benchmark scripts (not a test module; nothing here asserts timings)."""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# What a build needs; copied so that a benchmark measures one consistent snapshot of the repo
# even while someone edits the working tree.
SNAPSHOT_ITEMS = ("generator", "overrides", "docs", "plan_data", "schema", "mkdocs.yml", "pyproject.toml")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.update(extra)
    return env


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    """The largest single process (the child or a descendant it waited for: ``os.wait4``)."""
    returncode: int
    output: str
    tree_rss_mb: float = 0.0
    """The most the child and its descendants held at once (their RSS summed, sampled every 0.2 s)."""


def tree_rss_kb(root: int) -> int:
    """The summed RSS (KB) of process ``root`` and its descendants, from /proc (0 elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total


def run_child(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float | None = None
) -> Run:
    """Run ``cmd``; wall-clock seconds, the child's own CPU seconds, its peak RSS (``os.wait4``) and
    the most its process tree held at once."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-child-{os.getpid()}.log"
    with out_path.open("w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or child_env(), stdout=out, stderr=subprocess.STDOUT)
        deadline = None if timeout is None else start + timeout
        tree, polls = 0, 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            polls += 1
            if polls % 10 == 0:
                tree = max(tree, tree_rss_kb(proc.pid))
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                status = -9 << 8 if status == 0 else status
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    out_path.unlink(missing_ok=True)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text,
               tree / 1024)


def snapshot(dest: Path) -> Path:
    """Copy the buildable part of the repo to ``dest`` (replaced) and return it."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT_ITEMS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def mkdocs_build(
    config: Path, site_dir: Path, env: dict[str, str] | None = None, timeout: float | None = None
) -> Run:
    cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    run = run_child(cmd, cwd=config.parent, env=env, timeout=timeout)
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build failed ({run.returncode}):\n{run.output[-4000:]}")
    return run


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = "?"
    try:
        m = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = m.group(1) if m else "?"
    except OSError:
        pass
    mem = "?"
    try:
        m = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
        mem = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else "?"
    except OSError:
        pass
    versions = subprocess.run(
        [
            PY,
            "-c",
            "import importlib.metadata as m;"
            "print(*(f'{p} {m.version(p)}' for p in ('mkdocs','mkdocs-material','jieba')), sep=', ')",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), RAM {mem}, Python {platform.python_version()}, {versions}, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}"
    )
