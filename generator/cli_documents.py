"""The command line's parts for a site of several documents (issue 16): ``check`` over every
document, ``pages --only`` (one CI matrix job), ``groups``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from generator.cli_common import fail as _fail
from generator.cli_common import print_problems as _print_problems
from generator.data.problems import PlanInvalid


def _check_several(args: argparse.Namespace) -> int:
    """``check`` of a site of several documents: every document, then one verdict."""
    from generator.data.documents import load_documents
    from generator.data.progress import FOLDER, load_progress

    try:
        documents = load_documents(Path(args.data))
    except PlanInvalid as e:
        return _fail(e.problems)
    problems = list(documents.warnings)
    lines = []
    for d in documents.documents:
        try:
            progress, more = load_progress(d.plan, d.folder / FOLDER, display_root=documents.root)
        except PlanInvalid as e:
            problems += e.problems
            continue
        problems += more
        reports = sum(len(f.reports) for f in progress.files)
        lines.append(f"  {d.id}({d.plan.document.doc_number}):{len(d.plan.tasks)} 项任务,"
                     f"{len(d.plan.units)} 个单位;" + (f"进展报送 {len(progress.files)} 份({reports} 项)"
                                                   if progress.files else "尚无进展报送"))
    if any(p.severity == "error" for p in problems):
        return _fail(problems)
    _print_problems(problems)
    print(f"检查通过:{len(documents.documents)} 份文件({len(problems)} 条警告)")
    print("\n".join(lines))
    return EXIT_OK


def _site_url(args: argparse.Namespace, project: Path) -> str | None:
    """``--site-url``, else mkdocs.yml's ``site_url`` (``$HUIJI_SITE_URL`` or its default)."""
    from generator.site.write import project_config

    values = project_config((project / "mkdocs.yml").read_text(encoding="utf-8"))
    return args.site_url or str(values.get("site_url") or "") or None


def _pages_only(args: argparse.Namespace, project: Path, jobs: int) -> int:
    """``pages --parts DIR --only A,B``: build these documents' parts into ``DIR`` (a CI matrix job;
    the merge job then runs ``pages --parts DIR --out …``)."""
    import yaml

    from generator.data.documents import is_several, load_documents
    from generator.site.assemble import BuildRefused, Options, part_options
    from generator.site.parts import parts_for
    from generator.site.write import project_config

    data = Path(args.data or os.environ.get("HUIJI_PLAN_DATA") or "plan_data")
    if not args.parts or not is_several(data):
        print("错误:--only 需要 --parts,且数据文件夹有多份文件(documents/)", file=sys.stderr)
        return EXIT_USAGE
    wanted = [x.strip() for x in args.only.split(",") if x.strip()]
    try:
        documents = load_documents(data)
        known = {d.id for d in documents.documents}
        unknown = [x for x in wanted if x not in known]
        if unknown or not wanted:
            print(f"错误:--only 中的文件不存在:{'、'.join(unknown[:5]) or '(空)'};可用的有:"
                  f"{'、'.join(sorted(known)[:20])}", file=sys.stderr)
            return EXIT_USAGE
        values = project_config((project / "mkdocs.yml").read_text(encoding="utf-8"))
        extra = values.get("extra")  # its progress thresholds: the merge reads the same
        options = Options(plan_dir=data, site_url=_site_url(args, project),
                          repository=os.environ.get("HUIJI_REPO_URL") or None, as_of=args.as_of,
                          extra=extra if isinstance(extra, dict) else {},
                          history_cache=project / "build" / "history-cache")
        popts = part_options(options, documents, wanted)
        built = parts_for(documents, popts, Path(args.parts), jobs, only=wanted, must_store=True)
    except PlanInvalid as exc:
        _print_problems(exc.problems)
        print(f"{len(exc.errors)} 个错误,没有写入任何文件。", file=sys.stderr)
        return EXIT_PROBLEMS
    except BuildRefused as exc:
        print(f"错误:{exc}(没有写入任何文件)", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"错误:写入 {args.parts} 失败({exc.strerror or type(exc).__name__})", file=sys.stderr)
        return EXIT_PROBLEMS
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        print(f"错误:{project}/mkdocs.yml 读不出来({type(exc).__name__}),请检查它的 YAML 写法。",
              file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"已存入 {args.parts}:{len(built.parts)} 份文件的页面({built.reused} 份已是最新)")
    return EXIT_OK


def cmd_groups(args: argparse.Namespace) -> int:
    """``groups --size N``: the documents in groups of ``N``, as the JSON list a CI matrix reads
    (``[]`` for a single-document folder: the site is built in one job)."""
    import json

    from generator.data.documents import document_folders, is_several

    data = Path(args.data or os.environ.get("HUIJI_PLAN_DATA") or "plan_data")
    if not 1 <= args.size <= 500:
        print("错误:--size 应为 1 到 500 之间的整数", file=sys.stderr)
        return EXIT_USAGE
    if not is_several(data):
        if not (data / "document.yaml").is_file():
            print(f"错误:{data} 不是数据文件夹(没有 document.yaml,也没有 documents/)", file=sys.stderr)
            return EXIT_PROBLEMS
        print("[]")  # one document: no matrix
        return EXIT_OK
    folders, problems = document_folders(data)
    if problems:
        return _fail(problems)
    ids = [i for i, _ in folders]  # document_folders returns valid ids only (else problems)
    groups = [",".join(ids[i : i + args.size]) for i in range(0, len(ids), args.size)]
    print(json.dumps(groups, ensure_ascii=False))
    return EXIT_OK
