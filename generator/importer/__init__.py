"""``python -m generator import DOC --out DIR``: a 公文 (text, Word, PDF or a 任务分解表) → a draft
``plan_data/`` folder in the same layout and schema as the curated one, plus an import report of
everything a human must confirm.

Stages: :mod:`.read` (file → lines and tables) → :mod:`.parse` (lines → notice, plans, parts,
sections, tasks, units by role, deadlines) or :mod:`.table` (a 任务分解表) → :mod:`.units` (the
registry: ids, kinds guessed) → :func:`build_files` (YAML texts) → checked with the loader in a
staging folder → moved into ``DIR``. Bad input raises :class:`ImportFailed` before anything is
written; ``DIR`` must be empty or new unless ``force``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.importer.parse import Campaign, Deadline, Note, Parsed, Parser, Task, Units
from generator.importer.read import ImportFailed, SourceDoc, read_document
from generator.importer.units import UnitGuess, campaign_id, registry

__all__ = ["ImportFailed", "ImportResult", "import_document"]

ROLE_KEYS = ("lead", "cooperate", "responsible")
ROLE_CN = {"lead": "牵头", "cooperate": "配合", "responsible": "责任"}


@dataclass
class ImportResult:
    out: Path
    files: dict[str, str]
    report: str
    tasks: int
    campaigns: int
    problems: list[str] = field(default_factory=list)
    """``check``'s errors on the draft (it is written anyway, for the editor to finish)."""


def import_document(doc: Path, out: Path, force: bool = False, today: dt.date | None = None) -> ImportResult:
    """Read, parse and write; :class:`ImportFailed` (nothing written) for a file that cannot be
    imported or an ``out`` folder that is not empty (without ``force``)."""
    _check_out(out, force)
    src = read_document(doc)
    parsed = parse_source(src)
    files, report, n_tasks = build_files(parsed, src)
    problems = _write_checked(files, out)
    if problems:
        report += (
            "\n## 检查未通过之处(草稿已写入,请按提示修改)\n\n" + "\n".join(f"- {p}" for p in problems) + "\n"
        )
    return ImportResult(out, files, report, n_tasks, len(parsed.campaigns), problems)


DRAFT_FILES = {"document.yaml", "units.yaml", "campaigns", "source"}
"""What an import writes: ``--force`` replaces a folder that holds nothing else."""


def _check_out(out: Path, force: bool) -> None:
    """``out`` must be new or empty; with ``force``, a previous draft (nothing but what an import
    writes). Never the working folder, a file, or a folder with other data (progress/, revisions/,
    site.yaml, .git …) — those would be lost."""
    target = out.resolve()
    if target.exists() and not target.is_dir():
        raise ImportFailed(f"{out} 是一个文件,不是文件夹:请换一个新的文件夹名")
    if target in (Path.cwd().resolve(), *Path.cwd().resolve().parents) or target == Path(target.anchor):
        raise ImportFailed(f"不能输出到 {out}(当前文件夹或它的上级):请写一个新的文件夹名,如 --out 新数据")
    if not target.exists() or not any(target.iterdir()):
        return
    if not force:
        raise ImportFailed(f"输出文件夹 {out} 已存在且不是空的:换一个文件夹,或加 --force 覆盖之前导入的草稿")
    other = sorted(p.name for p in target.iterdir() if p.name not in DRAFT_FILES)
    if other:
        raise ImportFailed(
            f"{out} 中还有导入以外的文件({'、'.join(other[:5])}{'……' if len(other) > 5 else ''}),"
            "--force 只覆盖之前导入的草稿:请换一个新的文件夹,核对后再把草稿复制过去"
        )


def _canonical_names(parsed: Parsed, notes: list[Note]) -> None:
    """One unit, one spelling: 各县（市、区） and 各县(市、区) are the same name (the first spelling wins)."""
    from generator.importer.parse import Units as _Units

    def key_of(name: str) -> str:
        return name.translate(str.maketrans("（）", "()")).replace(" ", "")

    first: dict[str, str] = {}
    seen: list[_Units] = []
    for c in parsed.campaigns:
        for t in c.tasks:
            seen += [t.units, *[s.units for s in t.subitems]]
    for u in seen:
        for role, names in u.roles.items():
            fixed = []
            for n in names:
                key = key_of(n)
                if key in first and first[key] != n:
                    notes.append(Note("单位", f"“{n}”与“{first[key]}”只是全角/半角括号不同,已统一为后者"))
                fixed.append(first.setdefault(key, n))
            u.roles[role] = list(dict.fromkeys(fixed))
    for c in parsed.campaigns:
        c.implicit = [(first.get(key_of(u), u), r, n, note) for u, r, n, note in c.implicit]


def parse_source(src: SourceDoc) -> Parsed:
    if src.kind == "table" or (src.tables and not _has_numbered_tasks(src.lines)):
        from generator.importer.table import parse_table

        parsed = parse_table(src)
    else:
        try:
            parsed = Parser(src.lines).run()
        except ValueError:
            raise ImportFailed(f"{src.name} 没有正文文字") from None
    if not any(c.tasks for c in parsed.campaigns):
        raise ImportFailed(
            f"{src.name} 中没有找到编号的任务(如“1. 加强……。”或任务分解表):"
            "请确认这是一份实施方案,任务按 1. 2. 3. 编号"
        )
    return parsed


def _has_numbered_tasks(lines: list[str]) -> bool:
    from generator.importer.parse import TASK

    return sum(1 for ln in lines if TASK.match(ln.strip())) >= 2


# --- YAML ---------------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the loader refuses & anchors and * aliases
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _yaml(data: Any, schema: str, comment: str) -> str:
    head = f"# yaml-language-server: $schema={schema}\n# {comment}\n"
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def _short_title(title: str) -> str:
    core = re.sub(r"^.*?\d{4}年(?:度)?", "", title)
    core = re.sub(r"(实施方案|工作方案|行动方案|攻坚方案|工作要点)$", "", core) or title
    return core


def _units_yaml(units: Units) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in ROLE_KEYS:
        if units.roles.get(r):
            out[r] = list(units.roles[r])
    labels = {
        r: units.labels[r] for r in ROLE_KEYS if units.labels.get(r) == "责任部门" and r == "responsible"
    }
    if labels:
        out["labels"] = labels
    notes = {r: units.notes[r] for r in ROLE_KEYS if units.notes.get(r)}
    if notes:
        out["unit_notes"] = notes
    return out


def _deadline_yaml(d: Deadline, requirement: bool = False, reporting: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"text": d.text}
    if d.date is not None:
        out["date"] = d.date
    if d.recurrence is not None:
        out["recurrence"] = d.recurrence
    out["what"] = d.what
    if requirement and reporting:
        out["reporting"] = True
    return out


def build_files(parsed: Parsed, src: SourceDoc) -> tuple[dict[str, str], str, int]:
    """Every file of the draft (relative path → text) and the import report (Markdown)."""
    notes: list[Note] = list(parsed.notes)
    _canonical_names(parsed, notes)
    files: dict[str, str] = {}
    source_name = "source/" + re.sub(r"[^A-Za-z0-9._-]", "_", Path(src.name).stem or "document")[:60] + ".txt"
    text = "\n".join(src.lines).rstrip("\n") + "\n"
    files[source_name] = text
    taken: set[str] = set()
    ids = [campaign_id(_short_title(c.title), taken) for c in parsed.campaigns]
    year = parsed.plan_year or (parsed.date_written.year if parsed.date_written else dt.date.today().year)
    if parsed.plan_year is None:
        notes.append(Note("通知", f"标题和文号中没有年份,计划年度暂定为 {year} 年:请核对"))
    written = parsed.date_written
    if written is None:
        written = dt.date(year, 1, 1)
        notes.append(
            Note("通知", f"没有找到成文日期(如“2024年7月23日”一行),暂定为 {written.isoformat()}:请照原文填写")
        )
    published = parsed.published
    if published is None:
        published = dt.datetime.combine(written, dt.time())
        notes.append(Note("通知", "没有找到网上公开时间(“来源:… 时间:…”一行),暂以成文日期代替:请核对"))
    dated = [d.date for c in parsed.campaigns for t in c.tasks for d in _all(t) if d.date]
    end = max([dt.date(year, 12, 31), *dated])
    doc_number = parsed.doc_number
    if not doc_number:
        doc_number = "(无文号)"
        notes.append(Note("通知", "没有找到文号(如“惠环委〔2024〕3号”),暂写作“(无文号)”:请照原文填写"))
    document = {
        "doc_number": doc_number,
        "title": parsed.title or parsed.campaigns[0].title,
        "addressees": parsed.addressees or "(原文未写主送单位)",
        "body": parsed.body or [parsed.campaigns[0].title],
        "date_written": written,
        "date_written_text": parsed.date_written_text or f"{written.year}年{written.month}月{written.day}日",
        "published": published,
        "published_source": parsed.published_source or "(未注明)",
        "source_file": source_name,
        "source_chrome_lines": parsed.chrome_lines,
        "plan_year": year,
        "period": {"start": min(written, end), "end": end},
        "recurrence_period": {
            "start": written,
            "end": dt.date(year, 12, 31) if written <= dt.date(year, 12, 31) else written,
        },
        "campaigns": ids,
    }
    if not parsed.addressees:
        notes.append(Note("通知", "没有找到主送单位(以冒号结尾的一行)"))
    files["document.yaml"] = _yaml(
        document, "../schema/document.schema.json", "文件本身:由 generator import 导入,请核对"
    )

    names: list[str] = []
    for c in parsed.campaigns:
        for t in c.tasks:
            for u in [t.units, *[s.units for s in t.subitems]]:
                for r in ROLE_KEYS:
                    names += u.roles.get(r, [])
        for unit, _role, _n, _note in c.implicit:
            names.append(unit)
    units = registry(names)
    files["units.yaml"] = _yaml(
        {"units": [_unit_yaml(u) for u in units]},
        "../schema/units.schema.json",
        "单位名录:名称照原文;类别是根据名称推断的,请逐个核对(见导入报告)",
    )
    n_tasks = 0
    report_tasks: list[str] = []
    for order, (cid, c) in enumerate(zip(ids, parsed.campaigns, strict=True), 1):
        files[f"campaigns/{cid}/campaign.yaml"] = _yaml(
            _campaign_yaml(cid, order, c, notes),
            "../../../schema/campaign.schema.json",
            f"{c.title}(导入的草稿)",
        )
        for t in c.tasks:
            n_tasks += 1
            files[f"campaigns/{cid}/tasks/{t.number:02d}.yaml"] = _yaml(
                _task_yaml(t, c, notes),
                "../../../../schema/task.schema.json",
                f"{_short_title(c.title)} 第{t.number}项(原文第{t.line}行起)",
            )
            report_tasks.append(_task_report(c, t))
    report = _report(parsed, src, units, notes, report_tasks, n_tasks)
    return files, report, n_tasks


def _all(t: Task) -> list[Deadline]:
    return t.deadlines + [d for s in t.subitems for d in s.deadlines]


def _unit_yaml(u: UnitGuess) -> dict[str, Any]:
    out: dict[str, Any] = {"id": u.id, "name": u.name, "kind": u.kind}
    if u.collective:
        out["collective"] = True
        out["stands_for"] = "原文的集合称谓,文件未列举具体名单(导入时标记,请核对)"
    return out


def _campaign_yaml(cid: str, order: int, c: Campaign, notes: list[Note]) -> dict[str, Any]:
    basis = re.search(r"《([^》]+)》", c.intro or "")
    if basis is None:
        notes.append(Note(c.title, "开头段落中没有《依据的上级方案》,basis 暂写方案标题:请核对"))
    parts = []
    for p in c.parts[:6]:
        item: dict[str, Any] = {"number": p.number, "heading": p.heading, "role": p.role}
        if p.paragraphs:
            item["paragraphs"] = p.paragraphs
        parts.append(item)
    if len(c.parts) > 6:
        notes.append(Note(c.title, f"方案有 {len(c.parts)} 个部分,只收录了前 6 个"))
    if not parts:
        parts = [{"number": "一", "heading": "主要任务", "role": "tasks"}]
        notes.append(Note(c.title, "没有找到“一、”“二、”等部分标题,已把全部任务放在“主要任务”下"))
    out: dict[str, Any] = {
        "id": cid,
        "order": order,
        "title": c.title,
        "short_title": _short_title(c.title),
        "intro": c.intro or c.title,
        "basis": basis.group(1) if basis else c.title,
        "parts": parts,
        "sections": [
            {"number": s.number, "title": s.title, **({"paragraphs": s.paragraphs} if s.paragraphs else {})}
            for s in c.sections
        ],
    }
    reqs = []
    for r in c.requirements:
        item = {"number": r.number, "title": r.title, "text": r.text}
        if r.deadlines:
            item["deadlines"] = [
                _deadline_yaml(
                    d, True, bool(d.recurrence and d.recurrence.startswith("每月") and "报送" in r.text)
                )
                for d in r.deadlines
            ]
        reqs.append(item)
    if reqs:
        out["requirements"] = reqs
    if c.implicit:
        out["implicit_units"] = [{"unit": u, "role": r, "stated_in_task": n} for u, r, n, _ in c.implicit]
        out["flags"] = [
            {
                "kind": "implicit_units",
                "note": f"任务{n}的单位行末注明“{note}”,因此本方案每项任务的{ROLE_CN[r]}单位都包括{u}。",
            }
            for u, r, n, note in c.implicit
        ]
    notes.append(Note(c.title, "目标部分的指标没有结构化(targets 为空):需要时由编辑补充"))
    return out


def _task_yaml(t: Task, c: Campaign, notes: list[Note]) -> dict[str, Any]:
    out: dict[str, Any] = {"number": t.number, "section": t.section, "title": t.title}
    if t.title_end != "。":
        out["title_end"] = t.title_end
    if t.body:
        out["text"] = t.body
    out.update(_units_yaml(t.units))
    if t.deadlines:
        out["deadlines"] = [_deadline_yaml(d) for d in t.deadlines]
    subs = []
    for s in t.subitems:
        item: dict[str, Any] = {"label": s.label, "text": s.text}
        item.update(_units_yaml(s.units))
        if s.deadlines:
            item["deadlines"] = [_deadline_yaml(d) for d in s.deadlines]
        subs.append(item)
    if subs:
        out["subitems"] = subs
    flags = [
        {"kind": "broken_line", "note": f"原文在“{w}”之后断行;数据中已接排,文字未改。"}
        for w in t.broken_lines
        if w
    ]
    if not (t.units or any(s.units for s in t.subitems)) and not c.implicit:
        notes.append(Note(f"{_short_title(c.title)}{t.number}", "没有找到单位(牵头/配合/责任):请照原文补上"))
    has_units = bool(t.units) or any(s.units for s in t.subitems)
    if has_units and not t.units.roles.get("lead") and not any(s.units.roles.get("lead") for s in t.subitems):
        flags.append({"kind": "missing_lead", "note": "原文本项没有牵头单位行。"})
    if flags:
        out["flags"] = flags
    return out


def _task_report(c: Campaign, t: Task) -> str:
    code = f"{_short_title(c.title)[:2]}{t.number}"
    parts = []
    for r in ROLE_KEYS:
        names = t.units.roles.get(r) or [n for s in t.subitems for n in s.units.roles.get(r, [])]
        if names:
            parts.append(f"{ROLE_CN[r]}:{'、'.join(dict.fromkeys(names))}")
    ds = []
    for d in _all(t):
        if d.date:
            ds.append(f"“{d.text}”→{d.date.isoformat()}")
        elif d.recurrence:
            ds.append(f"“{d.text}”→{d.recurrence}")
        else:
            ds.append(f"“{d.text}”→未能换算日期,请核对")
    line = f"- **{code}** {t.title}(原文第{t.line}行):" + (";".join(parts) or "**没有单位**")
    if ds:
        line += ";时限 " + "、".join(ds)
    if t.broken_lines:
        line += f";接排了 {len(t.broken_lines)} 处断行"
    return line


def _report(
    parsed: Parsed, src: SourceDoc, units: list[UnitGuess], notes: list[Note], tasks: list[str], n: int
) -> str:
    out = [
        f"# 导入报告:{src.name}",
        "",
        f"共 {len(parsed.campaigns)} 个方案、{n} 项任务、{len(units)} 个单位。以下每一项都需要人工核对;"
        "核对后运行 python -m generator check。",
        "",
        "## 单位(类别均为推断)",
        "",
    ]
    out += [
        f"- {u.name}(标识 {u.id}):{u.kind}"
        + ("(集合称谓,未展开)" if u.collective else "")
        + f" —— {u.reason}"
        for u in units
    ]
    out += ["", "## 需要核对的地方", ""]
    out += list(dict.fromkeys(f"- {x.where}:{x.what}" for x in notes)) or ["- 无"]
    out += ["", "## 每项任务", "", *tasks]
    return "\n".join(out) + "\n"


# --- writing ------------------------------------------------------------------------------------
def _write_checked(files: dict[str, str], out: Path) -> list[str]:
    """Write ``files`` into a staging folder beside ``out``, check it with the loader, then move it
    into place. Returns check's errors (the draft is written anyway, for the editor to finish)."""
    from generator.data.pipeline import load_plan_with_warnings
    from generator.data.problems import PlanInvalid

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        root = staging / out.name
        for rel, text in sorted(files.items()):
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        problems: list[str] = []
        try:
            load_plan_with_warnings(root)
        except PlanInvalid as exc:
            problems = [
                p.format().replace(str(root) + "/", "").replace(str(staging) + "/", "") for p in exc.errors
            ]
        if out.exists():
            shutil.rmtree(out)
        root.rename(out)
        return problems
    finally:
        shutil.rmtree(staging, ignore_errors=True)
