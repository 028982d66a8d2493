"""Shared pytest fixtures. Keep small; append new fixtures at the end (several people add here)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI_PLAN = ROOT / "tests" / "fixtures" / "mini_plan"
MKDOCS = Path(sys.executable).parent / "mkdocs"


# --- pages / site build (tests/test_pages.py, test_site_build.py, test_browser.py) -----------------


@dataclass(frozen=True)
class BuiltSite:
    """One real `mkdocs build --strict` run: its output directory and what it printed."""

    path: Path
    returncode: int
    output: str


def mkdocs_build(site_dir: Path, plan_data: Path | None = None) -> BuiltSite:
    """Run the real ``mkdocs build --strict`` (optionally on another plan directory)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if plan_data is not None:
        env["HUIJI_PLAN_DATA"] = str(plan_data)
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return BuiltSite(site_dir, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site built once per test session from plan_data/ (shared by every test)."""
    return mkdocs_build(tmp_path_factory.mktemp("site") / "site")


def write_hostile_plan(dest: Path) -> Path:
    """Copy tests/fixtures/mini_plan to ``dest`` with texts replaced by hostile ones (HTML, Jinja,
    Markdown). Replacements are applied to every YAML string and to the original text alike."""
    import yaml

    def swap(s: str) -> str:
        for old, new in HOSTILE.items():
            s = s.replace(old, new)
        return s

    def walk(v: object) -> object:
        if isinstance(v, str):
            return swap(v)
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    for src in MINI_PLAN.rglob("*"):
        if src.is_dir():
            continue
        out = dest / src.relative_to(MINI_PLAN)
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".yaml":
            data = walk(yaml.safe_load(src.read_text(encoding="utf-8")))
            out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        else:
            out.write_text(swap(src.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


HOSTILE: dict[str, str] = {
    "第一项任务": "第一项任务<script>alert(1)</script>{{ 7*7 }}",
    "第一节": "第一节 *星号* # 井号 | 竖线 { #x }",
    "区丙中心": "区丙中心[x](javascript:alert(1))",
    "甲方案": "甲方案<img src=x onerror=alert(3)>",
    "乙二任务": "乙二任务</title><script>alert(4)</script>",
    "坚持测试。": "坚持测试`code`&amp;<b>粗</b>{% raw %}。",
    "分项二,每季度巡查。": '分项二<a href="javascript:alert(5)">x</a>|a|b|,每季度巡查。',
}
"""Original text → hostile text (every replacement keeps the original as a prefix)."""
