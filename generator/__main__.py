"""Command line: ``python -m generator check | dump | schema | diff``.

* ``check [--data plan_data]`` — load and validate everything; print every problem (stderr) and exit
  1, or print a one-line summary (stdout) and exit 0.
* ``dump [--data plan_data]`` — the whole plan as one JSON document on stdout (= ``data/plan.json``).
* ``diff A B`` — what changed in the plan between two folders or git revisions (Markdown).
* ``progress template UNIT [--period YYYY-MM] [--out FILE]`` — the unit's 进展报送表 (XLSX);
  ``progress import FILE.xlsx [--replace]`` — check a filled sheet and write
  ``plan_data/progress/<unit>/<period>.yaml`` (every problem with its cell; nothing written then).
* ``schema [--out schema] [--check]`` — write (or verify) ``schema/<kind>.schema.json`` from the
  pydantic models in :mod:`generator.data.schema`, for editors' IDEs.

Exit codes: 0 ok, 1 problems in the data (or stale schema files with ``--check``), 2 usage error,
3 internal error (a bug: the message asks to report it; never a traceback unless
``GENERATOR_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

from generator import cli_zh
from generator.cli_common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from generator.cli_common import fail as _fail
from generator.cli_common import print_problems as _print_problems
from generator.cli_documents import _check_several, _pages_only, cmd_groups
from generator.data import schema
from generator.data.messages import problem
from generator.data.problems import PlanInvalid, Problem
from generator.model.model import Plan

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
    "progress": (
        "进展报送(progress/<单位>/<报送期>.yaml)",
        "一个单位一个报送期的进展报送:各项任务的完成状态与进展情况。位置:plan_data/progress/<单位标识>/<YYYY-MM>.yaml",
    ),
    "revision": (
        "调整(revisions/NN.yaml)",
        "后来的文件对方案的调整:依据(文号或会议)、日期,调整的时限、指标、单位和撤销的任务。"
        "位置:plan_data/revisions/<编号>.yaml",
    ),
    "site": (
        "网站标识(site.yaml)",
        "主办单位、承办单位、联系方式、网站标识码、备案号、原文的官方网址和代码仓库;"
        "只填确有的,不填的不显示。位置:plan_data/site.yaml",
    ),
    "actuals": (
        "实测值(progress/actuals.yaml)",
        "方案指标的实测值:指标、数据期、数值与来源。位置:plan_data/progress/actuals.yaml",
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
    "SiteContact": "联系方式:地址、电话、电子邮箱",
    "DeadlineChange": "一项时限的调整",
    "TargetChange": "一项指标的调整",
    "UnitChange": "一项任务(或分项)某一职责新增或调出的单位",
    "TaskWithdrawal": "撤销的一项任务",
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


def _load(data: str) -> tuple[Plan | None, list[Problem]]:
    """One document: a plan folder, or one document of a site of several documents."""
    from generator.data.documents import load_document_with_warnings

    try:
        plan, warnings = load_document_with_warnings(Path(data))
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



IMPORT_AGAIN = "报送表未导入,什么也没有写入;请按提示改正报送表(或请报送单位改正)后重新导入"


def _load_progress(args: argparse.Namespace, plan: Plan) -> tuple[Any, list[Problem]]:
    """The progress folder of ``args`` (``--progress``, ``$HUIJI_PROGRESS`` or plan_data/progress)."""
    from generator.data.progress import load_progress, progress_source

    folder, demo = progress_source(Path(args.data), getattr(args, "progress", None))
    try:
        return load_progress(plan, folder, demo=demo)
    except PlanInvalid as e:
        return None, e.problems


def _as_of(args: argparse.Namespace) -> Any:
    from generator.data.lights import as_of_date

    try:
        return as_of_date(getattr(args, "as_of", None))
    except ValueError as e:
        print(f"错误:{e}", file=sys.stderr)
        return None


def cmd_check(args: argparse.Namespace) -> int:
    from generator.data.documents import is_several

    if is_several(Path(args.data)):
        return _check_several(args)
    plan, problems = _load(args.data)
    if plan is None:
        return _fail(problems)
    progress, more = _load_progress(args, plan)
    if progress is None:
        return _fail(problems + more)
    problems = problems + more
    _print_problems(problems)
    line = summary(plan, len(problems))
    if progress.files or progress.actuals:
        reports = sum(len(f.reports) for f in progress.files)
        line += f";进展报送 {len(progress.files)} 份({reports} 项),实测值 {len(progress.actuals)} 个"
        if progress.demo:
            line += "(示例数据)"
    else:
        line += ";尚无进展报送"
    print(line)
    return EXIT_OK


def _unit_arg(plan: Plan, text: str) -> Any:
    """A unit by its name, alias or id (the CLI's UNIT), or None after printing why not."""
    import difflib

    t = text.strip()
    found = plan.find_unit(t)
    if found is not None:
        return found
    names = [u.name for u in plan.units]
    m = difflib.get_close_matches(t, names, n=1, cutoff=0.4)
    print(f"错误:单位“{t[:40]}”不在单位名录中" + (f";是否指“{m[0]}”?" if m else "")
          + "(可写单位名称、简称或标识,如 区城管局)", file=sys.stderr)
    return None


def cmd_progress(args: argparse.Namespace) -> int:
    """``progress template UNIT`` / ``progress import FILE``."""
    import datetime as dt

    from generator.data.lights import Settings
    from generator.data.reports import parse_period
    from generator.data.status import Status
    from generator.exports import progress_xlsx

    plan, problems = _load(args.data)
    if plan is None:
        return _fail(problems)
    progress, more = _load_progress(args, plan)
    if progress is None:
        return _fail(more)
    as_of = _as_of(args)
    if as_of is None:
        return EXIT_USAGE
    if args.action == "template":
        unit = _unit_arg(plan, args.target)
        if unit is None:
            return EXIT_USAGE
        if unit.collective:
            print(f"错误:“{unit.name}”是集合称谓,不是一个单位,不单独报送进展,没有报送表", file=sys.stderr)
            return EXIT_USAGE
        if args.period:
            span = parse_period(args.period)
            if span is None:
                print(f"错误:报送期“{args.period[:20]}”写法不对,应为 YYYY-MM,如 2024-09", file=sys.stderr)
                return EXIT_USAGE
            if span[0] > as_of:
                print(f"错误:报送期“{args.period}”还没有到(截至 {as_of.isoformat()})", file=sys.stderr)
                return EXIT_USAGE
        period = args.period or as_of.isoformat()[:7]
        status = Status(plan, progress, as_of, Settings())
        sheet = progress_xlsx.template(plan, status, unit, period)
        out = Path(args.out or f"{unit.name}-进展报送表-{period}.xlsx")
        out.write_bytes(sheet)
        rows = len(progress_xlsx.template_rows(plan, status, unit, period))
        print(f"已写入 {out}({unit.name},{period},{rows} 行)")
        return EXIT_OK
    from generator.editors import progress_import as pi

    path = Path(args.target)
    data: bytes | None
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError as e:
        print(f"错误:无法读取“{path}”({e.strerror})", file=sys.stderr)
        return EXIT_PROBLEMS
    if data is None:
        print(f"错误:找不到文件“{path}”", file=sys.stderr)
        return EXIT_PROBLEMS
    today = max(as_of, dt.date.today()) if args.as_of is None else as_of
    try:
        imported = pi.read_sheet(plan, data, path.name, today)
    except pi.SheetProblems as e:
        return _fail(e.problems, IMPORT_AGAIN)
    dest = pi.destination(Path(args.data), imported)
    errors = pi.verify(plan, Path(args.data) / "progress", imported, today)
    if errors:  # the sheet is fine, but the report it makes does not pass check with the folder
        print(f"{path.name}:导入后的报送(progress/{imported.unit.id}/{imported.period}.yaml)将不能通过检查:",
              file=sys.stderr)
        return _fail([dataclasses.replace(p, file=f"{path.name}→{imported.unit.id}/{imported.period}.yaml")
                      for p in errors], IMPORT_AGAIN)
    if dest.is_file():
        current = dest.read_text(encoding="utf-8")
        if current == imported.text:
            print(f"{dest} 已是这份报送的内容,未改动(同一份报送表重复导入)")
            return EXIT_OK
        if not args.replace:
            print(
                f"{dest}: 错误: {imported.unit.name}{imported.period} 已有一份不同的报送 —— "
                "同一单位同一报送期只保留一份;确认新表应替换原报送时,加 --replace 重新导入",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    pi.write_atomically(dest, imported.text)
    print(f"已写入 {dest}({imported.unit.name},{imported.period},{imported.rows} 项)。"
          "请运行 python -m generator check,再提交合并请求。")
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from generator.exports.opendata import plan_json

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
                f"{s}: 错误: 与 generator/data/schema.py 不一致 —— 运行 python -m generator schema 重新生成",
                file=sys.stderr,
            )
        return EXIT_PROBLEMS
    if args.check:
        print("schema 文件与 generator/data/schema.py 一致")
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}:用法错误:{message}(python -m generator -h 查看用法)\n")


def cmd_diff(args: argparse.Namespace) -> int:
    """``diff A B``: delegated to :func:`generator.editors.diff.main_diff` (its own options and messages)."""
    from generator.editors.diff_cli import main_diff

    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    return main_diff(rest)


def cmd_import(args: argparse.Namespace) -> int:
    """``import DOC --out DIR``: a 公文 → a draft plan_data folder and an import report."""
    from generator.importer import ImportFailed, import_document

    out = Path(args.out)
    try:
        result = import_document(Path(args.document), out, force=args.force)
    except ImportFailed as exc:
        print(f"错误:{exc}(没有写入任何文件)", file=sys.stderr)
        return EXIT_PROBLEMS
    text = result.report
    if args.compare and not result.problems:  # the round trip: what only a human added
        from generator.data.pipeline import load_plan
        from generator.data.problems import PlanInvalid
        from generator.importer.compare import human_additions, reproduced

        try:
            curated, draft = load_plan(Path(args.compare)), load_plan(out)
        except PlanInvalid as exc:
            print(f"错误:{args.compare} 不能读取({len(exc.errors)} 个错误),未作比较", file=sys.stderr)
            return EXIT_PROBLEMS
        missing = reproduced(curated, draft)
        text += f"\n## 与 {args.compare} 比较\n\n"
        text += ("导入结果与之不同:\n" + "\n".join(f"- {x}" for x in missing) + "\n\n") if missing else (
            "每项任务的文字、各角色单位、分项和有日期的时限都与之相同。\n\n")
        extra = human_additions(curated, draft)
        text += "只有人工整理才有的内容:\n\n" + "\n".join(f"- {x}" for x in extra) + "\n"
        verdict = f"有 {len(missing)} 处不同" if missing else "任务、单位、分项和时限全部相同"
        print(f"与 {args.compare} 比较:{verdict}")
    report = out.with_name(out.name + "-导入报告.md")
    report.write_text(text, encoding="utf-8")
    print(f"已导入 {result.campaigns} 个方案、{result.tasks} 项任务到 {out};导入报告:{report}")
    if result.problems:
        print(f"草稿还有 {len(result.problems)} 处通不过检查,见导入报告末尾;改好后运行 "
              f"python -m generator check --data {out}", file=sys.stderr)
        for line in result.problems[:20]:
            print(line, file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"请逐项核对导入报告,然后运行 python -m generator check --data {out}")
    return EXIT_OK


def cmd_pages(args: argparse.Namespace) -> int:
    """``pages --out DIR``: every page, the nav and the downloads as files any builder reads."""
    import yaml

    from generator.site.assemble import BuildRefused, Options, assemble
    from generator.site.parts import jobs_from
    from generator.site.write import WriteRefused, out_problems, project_config, write_pages

    project = Path(args.project)
    config = project / "mkdocs.yml"
    if not config.is_file():
        print(f"错误:{project} 中没有 mkdocs.yml(用 --project 指定网站项目的文件夹)", file=sys.stderr)
        return EXIT_USAGE
    try:
        jobs = jobs_from(args.jobs if args.jobs is not None else os.environ.get("HUIJI_JOBS"))
    except ValueError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.only is not None:
        return _pages_only(args, project, jobs)
    if args.out is None:
        print("错误:请用 --out 指定输出文件夹(或用 --only 与 --parts 只生成部分文件的页面)", file=sys.stderr)
        return EXIT_USAGE
    refused = out_problems(Path(args.out), project)
    if refused:  # before any work
        print("\n".join(f"错误:{line}" for line in refused) + "(没有写入任何文件)", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        values = project_config(config.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        print(f"错误:{config} 读不出来({type(exc).__name__}),请检查它的 YAML 写法。没有写入任何文件。",
              file=sys.stderr)
        return EXIT_PROBLEMS
    extra = values.get("extra")
    site_url = args.site_url or str(values.get("site_url") or "") or None
    if os.environ.get("HUIJI_DEPLOY") and not (site_url or "").startswith(("https://", "http://")):
        print("错误:发布构建缺少网站地址(site_url):请在 mkdocs.yml 中设置 site_url,或设置 HUIJI_SITE_URL。",
              file=sys.stderr)
        return EXIT_PROBLEMS
    options = Options(
        plan_dir=Path(args.data or os.environ.get("HUIJI_PLAN_DATA") or "plan_data"),
        site_url=site_url,  # mkdocs.yml: !ENV [HUIJI_SITE_URL, default]
        repository=os.environ.get("HUIJI_REPO_URL") or None,
        extra=extra if isinstance(extra, dict) else {},
        history_cache=project / "build" / "history-cache",
        exports_cache=project / "build" / "exports-cache",
        as_of=args.as_of,
        progress=args.progress,
        jobs=jobs,
        parts_dir=Path(args.parts) if args.parts else None,
    )
    try:
        built = assemble(options)
        written = write_pages(built, Path(args.out), project, site_url=options.site_url, layout=args.layout)
    except PlanInvalid as exc:
        _print_problems(exc.problems)
        print(f"{len(exc.errors)} 个错误,没有写入任何文件。", file=sys.stderr)
        return EXIT_PROBLEMS
    except (BuildRefused, WriteRefused) as exc:
        print(f"错误:{exc}(没有写入任何文件)", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"错误:写入 {args.out} 失败({exc.strerror or type(exc).__name__}:{exc.filename or ''})。"
              "请换一个可以写入的输出位置;原有的输出文件夹没有改动。", file=sys.stderr)
        return EXIT_PROBLEMS
    for line in built.log:
        print(line)
    print(
        f"已写入 {args.out}:{written.pages} 个页面、{written.files} 个下载文件、{written.static} 个静态资源。"
        f"用任一构建工具生成网页,如 SOURCE_DATE_EPOCH={built.epoch} "
        f".venv/bin/mkdocs build -f {args.out}/mkdocs.yml,"
        f"然后运行 python -m generator finish {args.out}/site --pages {args.out}"
    )
    return EXIT_OK


def cmd_finish(args: argparse.Namespace) -> int:
    """``finish SITE --pages DIR``: anchors checked, the search index and the compressed copies."""
    from generator.site.finish import FinishRefused, finish_site
    from generator.site.write import MARKER, SEARCHABLE

    site, pages = Path(args.site), Path(args.pages)
    listed = pages / SEARCHABLE
    if not (site / "index.html").is_file() or not (pages / MARKER).is_file() or not listed.is_file():
        print(f"错误:{site} 不是构建好的网站,或 {pages} 不是 generator pages 写出的文件夹", file=sys.stderr)
        return EXIT_USAGE
    try:
        names = json.loads(listed.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        names = None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        print(f"错误:{listed} 已损坏(应为页面路径的列表):请重新运行 python -m generator pages",
              file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        done = finish_site(site, pages / "docs", names)
    except FinishRefused as exc:
        for line in exc.problems:
            print(f"错误:{line}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"错误:处理 {site} 失败({exc.strerror or type(exc).__name__}:{exc.filename or ''})",
              file=sys.stderr)
        return EXIT_PROBLEMS
    for line in done:
        print(line)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m generator", description="惠环委〔2024〕3号 方案数据:检查、导出与 schema",
                add_help=True)
    sub = p.add_subparsers(
        dest="command",
        required=True,
        parser_class=_Parser,
        metavar="{check,dump,schema,diff,progress,import,pages,finish}",
    )
    c = sub.add_parser("check", help="检查 plan_data 中的全部数据(含进展报送),列出每个问题")
    c.add_argument("--data", default="plan_data", help="数据文件夹(默认 plan_data)")
    c.add_argument(
        "--progress", default=None, help="进展报送文件夹(默认 plan_data/progress;其他文件夹视为示例数据)"
    )
    c.set_defaults(func=cmd_check)
    pr = sub.add_parser("progress", help="进展报送:生成单位的报送表(template),导入填好的报送表(import)")
    pr.add_argument("action", choices=["template", "import"], help="template 生成报送表;import 导入报送表")
    pr.add_argument("target", help="template:单位名称、简称或标识;import:填好的 .xlsx 文件")
    pr.add_argument("--period", default=None, help="template:报送期 YYYY-MM(默认截至日期所在月)")
    pr.add_argument("--out", default=None, help="template:输出文件(默认 <单位>-进展报送表-<报送期>.xlsx)")
    pr.add_argument("--replace", action="store_true", help="import:替换本单位本期已有的另一份报送")
    pr.add_argument("--as-of", dest="as_of", default=None, help="截至日期 YYYY-MM-DD(默认今天,北京时间)")
    pr.add_argument("--data", default="plan_data", help="数据文件夹(默认 plan_data)")
    pr.add_argument("--progress", default=None, help="进展报送文件夹(默认 plan_data/progress)")
    pr.set_defaults(func=cmd_progress)
    d = sub.add_parser("dump", help="把整个方案以一个 JSON 文档输出到标准输出(即 data/plan.json)")
    d.add_argument("--data", default="plan_data", help="数据文件夹(默认 plan_data)")
    d.set_defaults(func=cmd_dump)
    s = sub.add_parser("schema", help="由 generator/data/schema.py 生成 schema/*.schema.json")
    s.add_argument("--out", default=SCHEMA_DIR, help="输出文件夹(默认 schema)")
    s.add_argument("--check", action="store_true", help="只检查文件是否为最新,不写入")
    s.set_defaults(func=cmd_schema)
    im = sub.add_parser(
        "import", help="把一份公文(.txt/.docx/.pdf,或任务分解表 .xlsx/.csv)导入为 plan_data 草稿"
    )
    im.add_argument("document", help="公文文件")
    im.add_argument("--out", required=True, help="输出的数据文件夹(必须是新的或空的)")
    im.add_argument("--force", action="store_true", help="覆盖已有的输出文件夹")
    im.add_argument("--compare", default=None, help="与一个已整理好的数据文件夹比较,差异写入导入报告")
    im.set_defaults(func=cmd_import)
    pg = sub.add_parser("pages", help="把全部页面、导航和下载文件写成任何构建工具都能读的文件夹")
    pg.add_argument("--out", default=None,
                    help="输出文件夹(新的、空的,或上次 pages 写出的);用 --only 时不需要")
    pg.add_argument("--data", default=None,
                    help="数据文件夹(默认 $HUIJI_PLAN_DATA 或 plan_data,与网站构建相同)")
    pg.add_argument("--project", default=".", help="mkdocs.yml、docs/、overrides/ 所在的文件夹(默认当前)")
    pg.add_argument("--progress", default=None,
                    help="进展报送文件夹(默认 $HUIJI_PROGRESS 或 plan_data/progress,与网站构建相同)")
    pg.add_argument("--as-of", dest="as_of", default=None,
                    help="截至日期 YYYY-MM-DD(默认 $HUIJI_AS_OF,否则今天,北京时间)")
    pg.add_argument("--site-url", dest="site_url", default=None,
                    help="网站地址(默认取 mkdocs.yml 的 site_url,即 $HUIJI_SITE_URL 或其默认值)")
    pg.add_argument("--layout", choices=["files", "dirs"], default="files",
                    help="页面文件的位置:files 即源路径(MkDocs、ProperDocs);"
                    "dirs 写成 <网址>/index.md(Zensical)")
    pg.add_argument("--jobs", default=None,
                    help="有多份文件时,用几个进程分别生成各文件的页面"
                    "(默认 $HUIJI_JOBS 或 1;auto 为 CPU 数)")
    pg.add_argument("--parts", default=None,
                    help="有多份文件时,保存各文件页面的文件夹:数据未变的文件下次直接取用"
                    "(CI 各任务之间也靠它传递)")
    pg.add_argument("--only", default=None,
                    help="只生成这些文件(文件夹名,逗号分隔)的页面并存入 --parts,"
                    "不合并、不写 --out(CI 矩阵任务)")
    pg.set_defaults(func=cmd_pages)
    gr = sub.add_parser("groups", help="把多份文件分组(JSON),供 CI 矩阵分别生成各组的页面")
    gr.add_argument("--data", default=None, help="数据文件夹(默认 $HUIJI_PLAN_DATA 或 plan_data)")
    gr.add_argument("--size", type=int, default=10, help="每组几份文件(默认 10)")
    gr.set_defaults(func=cmd_groups)
    fi = sub.add_parser("finish", help="为构建好的网站生成搜索索引和压缩副本(pages 之后)")
    fi.add_argument("site", help="构建好的网站文件夹")
    fi.add_argument("--pages", required=True, help="pages 写出的文件夹")
    fi.set_defaults(func=cmd_finish)
    df = sub.add_parser("diff", help="比较两个版本(文件夹或 git 版本)的方案,输出中文变化摘要", add_help=False)
    df.add_argument("rest", nargs=argparse.REMAINDER)
    df.set_defaults(func=cmd_diff)
    return p


def main(argv: list[str] | None = None) -> int:
    cli_zh.install()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined,union-attr]
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
