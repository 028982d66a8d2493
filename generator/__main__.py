"""Command line: ``python -m generator check | dump | schema | diff``.

* ``check [--data plan_data]`` — load and validate everything; print every problem (stderr) and exit
  1, or print a one-line summary (stdout) and exit 0.
* ``dump [--data plan_data]`` — the whole plan as one JSON document on stdout (= ``data/plan.json``).
* ``diff A B`` — what changed in the plan between two folders or git revisions (Markdown).
* ``schema [--out schema] [--check]`` — write (or verify) ``schema/<kind>.schema.json`` from the
  pydantic models in :mod:`generator.schema`, for editors' IDEs.

Exit codes: 0 ok, 1 problems in the data (or stale schema files with ``--check``), 2 usage error,
3 internal error (a bug: the message asks to report it; never a traceback unless
``GENERATOR_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

from . import cli_zh, schema
from .messages import problem
from .model import Plan
from .problems import PlanInvalid, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# --- schema files ------------------------------------------------------------------------------

SCHEMA_DIR = "schema"

_FILE_TEXT: dict[str, tuple[str, str]] = {
    "document": (
        "通知(document.yaml)",
        "文件本身:文号、标题、主送单位、正文、日期与方案列表。位置:plan_data/document.yaml",
    ),
    "units": ("单位名录(units.yaml)", "全部单位:名称与原文单位行中的写法完全一致。位置:plan_data/units.yaml"),
    "campaign": (
        "方案(campaign.yaml)",
        "一个方案的标题、各部分、指标、小节与要求。位置:plan_data/campaigns/<方案>/campaign.yaml",
    ),
    "task": (
        "任务(tasks/NN.yaml)",
        "一项任务:编号、名称、正文、分项、单位、时限、指标。位置:plan_data/campaigns/<方案>/tasks/NN.yaml",
    ),
}

_DEF_TEXT: dict[str, str] = {
    "Flag": "原文不规范之处(照原文保留)及说明",
    "Target": "指标:数值、水质类别或定性目标",
    "Deadline": "时限:日期、周期,或两者都不填(无具体日期)",
    "Labels": "原文使用的单位行标签(与默认不同时填写)",
    "UnitNotes": "单位行末尾的括注",
    "SubItem": "分项 (1)(2)(3),各有单位",
    "Part": "方案的一个部分(一、二、三、四)",
    "Section": "主要任务下的小节(一)(二)……",
    "Requirement": "有关要求/保障措施的一项",
    "ImplicitUnit": "由某项任务中的说明隐含适用于每项任务的单位",
    "Period": "起止日期",
    "UnitEntry": "名录中的一个单位",
}


def _chinese(node: Any) -> Any:
    """Replace the models' English docstrings with Chinese descriptions; describe bare fields."""
    if isinstance(node, dict):
        out = {k: _chinese(v) for k, v in node.items()}
        if "$defs" in out:
            for name, d in out["$defs"].items():
                d.pop("description", None)
                if name in _DEF_TEXT:
                    d["description"] = _DEF_TEXT[name]
                    d["title"] = f"{name}:{_DEF_TEXT[name].split(':')[0].split('(')[0]}"
                if name == "Period":
                    d["properties"]["start"]["description"] = "起始日期(YYYY-MM-DD)"
                    d["properties"]["end"]["description"] = "结束日期(YYYY-MM-DD)"
        return out
    if isinstance(node, list):
        return [_chinese(v) for v in node]
    return node


def schema_for(kind: str) -> dict[str, Any]:
    """JSON Schema of one data file kind (``document``, ``units``, ``campaign``, ``task``)."""
    model = schema.FILE_MODELS[kind]
    out = _chinese(model.model_json_schema())
    title, description = _FILE_TEXT.get(kind, (kind, ""))
    out["title"] = title
    out["description"] = description
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **out}


def schema_texts() -> dict[str, str]:
    """File name → text for every ``schema/<kind>.schema.json``."""
    return {
        f"{kind}.schema.json": json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in schema.FILE_MODELS
    }


# --- commands ----------------------------------------------------------------------------------


def _print_problems(problems: list[Problem]) -> None:
    for p in sorted(problems):
        print(p.format(), file=sys.stderr)


def _load(data: str) -> tuple[Plan | None, list[Problem]]:
    from .load import load_plan_with_warnings

    try:
        plan, warnings = load_plan_with_warnings(Path(data))
    except PlanInvalid as e:
        return None, e.problems
    return plan, warnings


def summary(plan: Plan, warnings: int) -> str:
    deadlines = sum(1 for _ in plan.iter_deadlines())
    targets = sum(len(c.targets) for c in plan.campaigns) + sum(len(t.all_targets) for t in plan.tasks)
    return (
        f"检查通过:{len(plan.campaigns)} 个方案,{len(plan.tasks)} 项任务,{len(plan.units)} 个单位,"
        f"{deadlines} 个时限,{targets} 个指标({warnings} 条警告)"
    )


def _fail(problems: list[Problem]) -> int:
    _print_problems(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    print(
        f"检查未通过:{errors} 个错误,{warnings} 条警告。请按提示修改后重新运行 python -m generator check",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS


def cmd_check(args: argparse.Namespace) -> int:
    plan, problems = _load(args.data)
    if plan is None:
        return _fail(problems)
    _print_problems(problems)
    print(summary(plan, len(problems)))
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from .opendata import plan_json

    plan, problems = _load(args.data)
    if plan is None:
        return _fail(problems)
    _print_problems(problems)
    sys.stdout.write(plan_json(plan))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    stale = []
    for name, text in schema_texts().items():
        path = out / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.as_posix())
        else:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"已写入 {path.as_posix()}")
    if stale:
        for s in stale:
            print(
                f"{s}: 错误: 与 generator/schema.py 不一致 —— 运行 python -m generator schema 重新生成",
                file=sys.stderr,
            )
        return EXIT_PROBLEMS
    if args.check:
        print("schema 文件与 generator/schema.py 一致")
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}:用法错误:{message}(python -m generator -h 查看用法)\n")


def cmd_diff(args: argparse.Namespace) -> int:
    """``diff A B``: delegated to :func:`generator.diff.main_diff` (its own options and messages)."""
    from .diff import main_diff

    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    return main_diff(rest)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m generator", description="惠环委〔2024〕3号 方案数据:检查、导出与 schema",
                add_help=True)
    sub = p.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="{check,dump,schema,diff}"
    )
    c = sub.add_parser("check", help="检查 plan_data 中的全部数据,列出每个问题")
    c.add_argument("--data", default="plan_data", help="数据文件夹(默认 plan_data)")
    c.set_defaults(func=cmd_check)
    d = sub.add_parser("dump", help="把整个方案以一个 JSON 文档输出到标准输出(即 data/plan.json)")
    d.add_argument("--data", default="plan_data", help="数据文件夹(默认 plan_data)")
    d.set_defaults(func=cmd_dump)
    s = sub.add_parser("schema", help="由 generator/schema.py 生成 schema/*.schema.json")
    s.add_argument("--out", default=SCHEMA_DIR, help="输出文件夹(默认 schema)")
    s.add_argument("--check", action="store_true", help="只检查文件是否为最新,不写入")
    s.set_defaults(func=cmd_schema)
    df = sub.add_parser("diff", help="比较两个版本(文件夹或 git 版本)的方案,输出中文变化摘要", add_help=False)
    df.add_argument("rest", nargs=argparse.REMAINDER)
    df.set_defaults(func=cmd_diff)
    return p


def main(argv: list[str] | None = None) -> int:
    cli_zh.install()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:  # diff has its own options (incl. --help); argparse REMAINDER can't pass them
        argv = ["diff", "--", *argv[1:]]
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug, not a data problem: say so, in Chinese, without a traceback
        if os.environ.get("GENERATOR_DEBUG"):
            traceback.print_exc()
        detail = f"{type(e).__name__}: {e}"[:300]
        print(problem("internal-error", "generator", detail=detail).format(), file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
