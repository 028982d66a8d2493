"""One screen, in Chinese, of why a pull request's checks failed — for editors who change only data.

    .venv/bin/python scripts/failure-summary.py [--junit build/junit.xml] [--data plan_data]

Appends Markdown to ``$GITHUB_STEP_SUMMARY`` when set (GitHub Actions), else prints it:

1. ``python -m generator check`` on the data: every problem as ``file:line`` with what to do (the
   same lines an editor sees locally) — most data-only failures end here;
2. the failing tests from pytest's JUnit report, at most 15, each with the first lines of its
   message (the tests an editor can break speak Chinese and name the file);
3. what to do next.

Never fails itself (exit 0): it explains a failure, it is not one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_TESTS = 15
MAX_LINES = 40


def check_lines(python: str, data: str) -> tuple[int, list[str]]:
    proc = subprocess.run(
        [python, "-m", "generator", "check", "--data", data],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
    return proc.returncode, lines


def failed_tests(junit: Path) -> list[tuple[str, str]]:
    if not junit.is_file():
        return []
    try:
        root = ET.parse(junit).getroot()
    except ET.ParseError:
        return []
    out = []
    for case in root.iter("testcase"):
        for kind in ("failure", "error"):
            el = case.find(kind)
            if el is not None:
                name = f"{case.get('classname', '')}.{case.get('name', '')}".strip(".")
                text = (el.get("message") or el.text or "").strip()
                out.append((name, "\n".join(text.splitlines()[:4])))
    return out


def summary(python: str, data: str, junit: Path) -> str:
    rc, lines = check_lines(python, data)
    out = ["## 检查未通过:原因摘要", ""]
    if rc == 0:
        out += [
            "**方案数据检查通过**(`python -m generator check`)" + (f":{lines[-1]}" if lines else "") + "。",
            "",
        ]
    else:
        out += [
            "### 方案数据有误",
            "",
            "以下与在自己电脑上运行 `python -m generator check` 的提示相同:",
            "",
            "```",
        ]
        out += lines[:MAX_LINES] + (
            [f"……(另有 {len(lines) - MAX_LINES} 行)"] if len(lines) > MAX_LINES else []
        )
        out += ["```", ""]
    tests = failed_tests(junit)
    if tests:
        out += [f"### 未通过的测试({len(tests)} 项)", ""]
        for name, text in tests[:MAX_TESTS]:
            out += [f"- `{name}`", "", "  ```", *[f"  {t}" for t in text.splitlines()], "  ```", ""]
        if len(tests) > MAX_TESTS:
            out += [f"另有 {len(tests) - MAX_TESTS} 项未列出,见本次运行的完整日志。", ""]
    elif rc == 0:
        out += ["没有找到测试报告;请打开本次运行的完整日志查看失败的步骤。", ""]
    out += [
        "### 下一步",
        "",
        "按上面的提示修改数据文件,在自己的电脑上运行 `python -m generator check`(以及 `make test`)确认通过,"
        "再推送到这个合并请求;修改方法见网站的“编辑指南”。",
        "",
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="检查未通过时的中文摘要")
    ap.add_argument("--junit", type=Path, default=ROOT / "build" / "junit.xml")
    ap.add_argument("--data", default="plan_data")
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = ap.parse_args(argv)
    try:
        text = summary(args.python if Path(args.python).exists() else sys.executable, args.data, args.junit)
    except Exception as exc:  # explaining a failure must never be one
        text = f"## 检查未通过\n\n无法生成摘要({type(exc).__name__}),请查看完整日志。\n"
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
