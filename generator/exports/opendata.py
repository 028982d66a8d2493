"""The plan as one JSON document (open data): ``python -m generator dump`` and ``data/plan.json``.

:func:`plan_to_dict` turns a resolved :class:`~generator.model.model.Plan` into plain JSON data;
:func:`plan_json` serialises it deterministically (sorted keys, lists in document order, UTF-8
characters as they are, trailing newline). The shape is declared once by the pydantic models
below (:class:`OpenPlan`); :func:`opendata_schema` is its JSON Schema (``data/plan.schema.json``),
and the tests validate the output against the same models.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.model.duties import task_counts, unit_entries
from generator.model.model import ROLES, Assignment, Deadline, Flag, Plan, Revision, Role, Target, Task, Unit

FORMAT_VERSION = 1


# --- the output shape ----------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenFlag(_Out):
    kind: str = Field(description="不规范之处的类别,如 conflict / variant / possible_typo")
    note: str = Field(description="说明")


class OpenPeriod(_Out):
    start: str = Field(description="起始日期(ISO 8601)")
    end: str = Field(description="结束日期(ISO 8601)")


class OpenDocument(_Out):
    doc_number: str = Field(description="文号")
    title: str = Field(description="通知标题")
    addressees: str = Field(description="主送单位(原文)")
    body: list[str] = Field(description="通知正文段落")
    date_written: str = Field(description="成文日期(ISO 8601)")
    date_written_text: str = Field(description="成文日期原文写法")
    published: str = Field(description="网上公开时间(ISO 8601)")
    published_source: str = Field(description="来源")
    source_file: str = Field(description="原文文本文件(相对 plan_data/)")
    plan_year: int = Field(description="计划年度")
    period: OpenPeriod = Field(description="方案期间")
    recurrence_period: OpenPeriod = Field(description="周期性工作展开的起止日期")
    flags: list[OpenFlag]


class OpenUnit(_Out):
    id: str = Field(description="单位标识")
    name: str = Field(description="单位名称(与原文一致)")
    kind: str = Field(description="单位类别")
    collective: bool = Field(description="是否为集合称谓(如 各镇(街道))")
    stands_for: str | None = Field(description="集合称谓所指(原文的说法)")
    aliases: list[str] = Field(description="别称")
    order: int = Field(description="在名录中的顺序(从 0 起)")
    task_count: int = Field(description="承担的任务数(不同任务计;同一任务担任两种角色计 1 项)")
    role_counts: dict[str, int] = Field(description="按角色的任务数:lead / cooperate / responsible")
    deadlines: list[str] = Field(
        description="涉及本单位的全部时限标识(任务的、分项的与所在方案有关要求的),与单位网页、日历、台账一致"
    )


class OpenRepeats(_Out):
    freq: Literal["monthly", "quarterly", "semiannual", "yearly"] = Field(description="周期")
    day: int | None = Field(description="每月几日;null 表示月末")


class OpenRevised(_Out):
    original_text: str = Field(description="原定时限的原文写法")
    original_date: str | None = Field(description="原定日期(ISO 8601);周期性或无具体日期时为 null")
    original_recurrence: str | None = Field(description="原定周期")
    authority: str = Field(description="调整依据:文号或会议")
    title: str = Field(description="调整文件或会议纪要的标题")
    date: str = Field(description="调整文件的日期(ISO 8601)")
    note: str | None = Field(description="说明")


class OpenDeadline(_Out):
    id: str = Field(description="时限标识,如 lantian-12-d1、lantian-req4-d1(与日历事件 UID、网页一致)")
    text: str = Field(description="时限原文")
    what: str = Field(description="到期要完成什么")
    date: str | None = Field(description="日期(ISO 8601);周期性或无具体日期时为 null")
    recurrence: str | None = Field(description="周期(如 每月28日、每季度);一次性或无具体日期时为 null")
    repeats: OpenRepeats | None = Field(description="周期的结构化形式")
    dates: list[str] = Field(description="到期日(ISO 8601):日期本身,或周期在展开期间内的每个到期日")
    subitem: str | None = Field(description="所属分项编号,如 (1);属于任务本身时为 null")
    revised: OpenRevised | None = Field(
        default=None, description="后来的文件调整过这项时限时:原定的写法与日期,以及调整依据;未调整时为 null"
    )


class OpenTarget(_Out):
    indicator: str = Field(description="指标名称")
    comparator: Literal["<=", ">=", "=", "<", ">"] | None = Field(description="比较方式")
    value: int | float | str | None = Field(description="目标值")
    unit: str | None = Field(description="计量单位")
    text: str = Field(description="原文写法")
    note: str | None = Field(description="补充说明")
    subitem: str | None = Field(description="所属分项编号;属于任务或方案本身时为 null")


class OpenRevisionRef(_Out):
    authority: str = Field(description="调整依据:文号或会议")
    title: str = Field(description="调整文件或会议纪要的标题")
    date: str = Field(description="调整文件的日期(ISO 8601)")
    note: str | None = Field(description="说明")


class OpenRemoved(_Out):
    unit: str = Field(description="被调出的单位标识")
    role: Literal["lead", "cooperate", "responsible"] = Field(description="原来的角色")
    subitem: str | None = Field(description="所属分项编号;属于任务本身时为 null")
    revision: OpenRevisionRef = Field(description="调出的依据")


class OpenAssignment(_Out):
    unit: str = Field(description="单位标识")
    role: Literal["lead", "cooperate", "responsible"] = Field(description="角色:牵头/配合/责任")
    label: str = Field(description="原文的单位行标签,如 牵头单位、责任部门")
    implicit: bool = Field(description="是否由别处的说明隐含(原文未在本任务列出)")
    subitem: str | None = Field(description="所属分项编号;属于任务本身时为 null")
    note: str | None = Field(description="单位行末尾的括注")
    added_by: OpenRevisionRef | None = Field(
        default=None, description="后来的文件新增这个单位时:调整依据(原文没有列出);原文列出的单位没有此项"
    )


class OpenSubItem(_Out):
    label: str = Field(description="分项编号,如 (1)")
    text: str = Field(description="分项正文")
    lead: list[str] = Field(description="牵头单位标识")
    cooperate: list[str] = Field(description="配合单位标识")
    responsible: list[str] = Field(description="责任单位标识")
    deadlines: list[OpenDeadline]
    targets: list[OpenTarget]


class OpenTask(_Out):
    id: str = Field(description="任务标识,如 lantian-12")
    code: str = Field(description="简称,如 蓝天12")
    campaign: str = Field(description="所属方案标识")
    number: int = Field(description="任务编号")
    section: int = Field(description="所属小节编号:(一)=1")
    title: str = Field(description="任务名称")
    text: str | None = Field(description="标题句号之后的正文(不含分项);只有分项时为 null")
    full_text: str = Field(description="任务全文:标题。正文(1)……(2)……")
    lead: list[str] = Field(description="牵头单位标识(含分项的与隐含的,按首次出现)")
    cooperate: list[str] = Field(description="配合单位标识(含分项的与隐含的)")
    responsible: list[str] = Field(description="责任单位标识(含分项的与隐含的)")
    implicit_lead: list[str] = Field(description="仅由别处说明隐含的牵头单位")
    implicit_cooperate: list[str] = Field(description="仅由别处说明隐含的配合单位")
    implicit_responsible: list[str] = Field(description="仅由别处说明隐含的责任单位")
    assignments: list[OpenAssignment] = Field(description="每个单位行中的每个单位(含分项与隐含)")
    subitems: list[OpenSubItem] = Field(description="分项:编号、正文、各角色单位")
    deadlines: list[OpenDeadline] = Field(description="全部时限(任务本身的与各分项的,subitem 标明所属)")
    targets: list[OpenTarget] = Field(description="全部指标(任务本身的与各分项的)")
    flags: list[OpenFlag] = Field(description="原文不规范之处:类别和说明")
    source: str = Field(description="数据文件路径")
    removed: list[OpenRemoved] = Field(
        default_factory=list, description="后来的文件调出的单位(原文列出、现已不再担任);没有时省略"
    )
    withdrawn: OpenRevisionRef | None = Field(
        default=None, description="后来的文件撤销本任务时:撤销依据(其时限不再到期);未撤销时省略"
    )
    added_by: OpenRevisionRef | None = Field(
        default=None, description="后来的文件新增的任务(不在原文中):新增依据;原文中的任务省略"
    )


class OpenPart(_Out):
    number: str
    heading: str
    role: Literal["guidance", "goals", "tasks", "requirements"]
    paragraphs: list[str]


class OpenSection(_Out):
    number: int
    label: str = Field(description="(一) (二) ……")
    title: str
    paragraphs: list[str]
    tasks: list[str] = Field(description="本节任务标识")


class OpenRequirement(_Out):
    number: int
    label: str
    title: str
    text: str
    deadlines: list[OpenDeadline]
    flags: list[OpenFlag]


class OpenImplicitUnit(_Out):
    unit: str = Field(description="单位标识")
    role: Literal["lead", "cooperate", "responsible"]
    stated_in_task: int = Field(description="写有该说明的任务编号")
    note: str | None


class OpenCampaign(_Out):
    id: str
    order: int
    title: str
    short_title: str
    short_name: str = Field(description="蓝天 / 碧水 / 净土")
    intro: str
    basis: str
    parts: list[OpenPart]
    targets: list[OpenTarget] = Field(description="目标部分的指标")
    sections: list[OpenSection]
    requirements: list[OpenRequirement]
    implicit_units: list[OpenImplicitUnit]
    flags: list[OpenFlag]
    tasks: list[str] = Field(description="任务标识(按编号)")
    source: str


class OpenPlan(_Out):
    """惠环委〔2024〕3号 全部任务、单位、时限与指标(开放数据)。"""

    model_config = ConfigDict(extra="forbid", title="惠济区2024年蓝天、碧水、净土保卫战实施方案(开放数据)")

    format_version: int = Field(description="本数据格式的版本")
    document: OpenDocument = Field(description="文件本身:文号、标题、主送、成文日期、公开时间、方案期间")
    units: list[OpenUnit] = Field(description="单位名录:标识、名称、类别、别称")
    campaigns: list[OpenCampaign] = Field(
        description="各实施方案:各部分原文、目标指标、小节、有关要求(含时限)、统一说明的单位"
    )
    tasks: list[OpenTask] = Field(description="全部任务:正文、分项、各角色单位、时限、指标、不规范之处")


# --- plan → data ---------------------------------------------------------------------------------


def _flags(flags: Any) -> list[dict[str, Any]]:
    return [{"kind": f.kind, "note": f.note} for f in flags if isinstance(f, Flag)]


def _deadline(plan: Plan, d: Deadline, ident: str) -> dict[str, Any]:
    doc = plan.document
    if d.date is not None:
        dates = [d.date.isoformat()]
    elif d.recurrence is not None:
        dates = [x.isoformat() for x in d.recurrence.occurrences(doc.recurrence_start, doc.recurrence_end)]
    else:
        dates = []
    return {
        "id": ident,
        "text": d.text,
        "what": d.what,
        "date": d.date.isoformat() if d.date else None,
        "recurrence": d.recurrence.text if d.recurrence else None,
        "repeats": {"freq": d.recurrence.freq, "day": d.recurrence.day} if d.recurrence else None,
        "dates": dates,
        "subitem": d.subitem,
        "revised": _revised(d),
    }


def _revised(d: Deadline) -> dict[str, Any] | None:
    if d.original is None or d.revision is None:
        return None
    o, r = d.original, d.revision
    return {
        "original_text": o.text,
        "original_date": o.date.isoformat() if o.date else None,
        "original_recurrence": o.recurrence.text if o.recurrence else None,
        "authority": r.authority,
        "title": r.title,
        "date": r.date.isoformat(),
        "note": d.revision_note,
    }


def _target(t: Target) -> dict[str, Any]:
    return {
        "indicator": t.indicator,
        "comparator": t.comparator,
        "value": t.value,
        "unit": t.unit,
        "text": t.text,
        "note": t.note,
        "subitem": t.subitem,
    }


def _ids(assignments: list[Assignment], role: Role) -> list[str]:
    return list(dict.fromkeys(a.unit.id for a in assignments if a.role == role))


def _task(plan: Plan, t: Task) -> dict[str, Any]:
    ids = {id(d): f"{t.id}-d{i}" for i, d in enumerate(t.all_deadlines, 1)}
    out: dict[str, Any] = {
        "id": t.id,
        "code": t.code,
        "campaign": t.campaign.id,
        "number": t.number,
        "section": t.section.number,
        "title": t.title,
        "text": t.body,
        "full_text": t.text,
        "assignments": [
            {
                "unit": a.unit.id,
                "role": a.role.value,
                "label": a.label,
                "implicit": a.implicit,
                "subitem": a.subitem,
                "note": a.note,
                **({"added_by": _rev_ref(a.revision, a.revision_note)} if a.revision else {}),
            }
            for a in t.assignments
        ],
        "subitems": [
            {
                "label": s.label,
                "text": s.text,
                **{r.value: _ids(s.assignments, r) for r in ROLES},
                "deadlines": [_deadline(plan, d, ids[id(d)]) for d in s.deadlines],
                "targets": [_target(x) for x in s.targets],
            }
            for s in t.subitems
        ],
        "deadlines": [_deadline(plan, d, ids[id(d)]) for d in t.all_deadlines],
        "targets": [_target(x) for x in t.all_targets],
        "flags": _flags(t.flags),
        "source": t.source.path,
    }
    for r in ROLES:
        out[r.value] = [u.id for u in t.units(r)]
        out[f"implicit_{r.value}"] = [u.id for u in t.units(r) if t.is_implicit(u, r)]
    if t.removed:  # present only when a later document changed the task (the real plan: none)
        out["removed"] = [
            {
                "unit": x.assignment.unit.id,
                "role": x.assignment.role.value,
                "subitem": x.assignment.subitem,
                "revision": _rev_ref(x.revision, x.note),
            }
            for x in t.removed
        ]
    if t.withdrawn:
        out["withdrawn"] = _rev_ref(t.withdrawn.revision, t.withdrawn.note)
    if t.added_by:
        out["added_by"] = _rev_ref(t.added_by, None)
    return out


def _rev_ref(r: Revision, note: str | None) -> dict[str, Any]:
    return {"authority": r.authority, "title": r.title, "date": r.date.isoformat(), "note": note}


def _unit_duties(plan: Plan, u: Unit) -> dict[str, Any]:
    counts = task_counts(plan, u)
    return {
        "task_count": counts.total,
        "role_counts": {r.value: counts.by_role[r] for r in ROLES},
        "deadlines": [e.id for e in unit_entries(plan, u)],
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The whole plan as JSON-able data (the shape of :class:`OpenPlan`)."""
    doc = plan.document
    return {
        "format_version": FORMAT_VERSION,
        "document": {
            "doc_number": doc.doc_number,
            "title": doc.title,
            "addressees": doc.addressees,
            "body": list(doc.body),
            "date_written": doc.date_written.isoformat(),
            "date_written_text": doc.date_written_text,
            "published": doc.published.isoformat(),
            "published_source": doc.published_source,
            "source_file": doc.source_file,
            "plan_year": doc.plan_year,
            "period": {"start": doc.period_start.isoformat(), "end": doc.period_end.isoformat()},
            "recurrence_period": {
                "start": doc.recurrence_start.isoformat(),
                "end": doc.recurrence_end.isoformat(),
            },
            "flags": _flags(doc.flags),
        },
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "kind": u.kind,
                "collective": u.collective,
                "stands_for": u.stands_for,
                "aliases": list(u.aliases),
                "order": u.order,
                **_unit_duties(plan, u),
            }
            for u in plan.units
        ],
        "campaigns": [
            {
                "id": c.id,
                "order": c.order,
                "title": c.title,
                "short_title": c.short_title,
                "short_name": c.short_name,
                "intro": c.intro,
                "basis": c.basis,
                "parts": [
                    {
                        "number": p.number,
                        "heading": p.heading,
                        "role": p.role,
                        "paragraphs": list(p.paragraphs),
                    }
                    for p in c.parts
                ],
                "targets": [_target(t) for t in c.targets],
                "sections": [
                    {
                        "number": s.number,
                        "label": s.label,
                        "title": s.title,
                        "paragraphs": list(s.paragraphs),
                        "tasks": [t.id for t in s.tasks],
                    }
                    for s in c.sections
                ],
                "requirements": [
                    {
                        "number": r.number,
                        "label": r.label,
                        "title": r.title,
                        "text": r.text,
                        "deadlines": [
                            _deadline(plan, d, f"{r.id}-d{i}") for i, d in enumerate(r.deadlines, 1)
                        ],
                        "flags": _flags(r.flags),
                    }
                    for r in c.requirements
                ],
                "implicit_units": [
                    {
                        "unit": i.unit.id,
                        "role": i.role.value,
                        "stated_in_task": i.stated_in_task,
                        "note": i.note,
                    }
                    for i in c.implicit_units
                ],
                "flags": _flags(c.flags),
                "tasks": [t.id for t in c.tasks],
                "source": c.source.path,
            }
            for c in plan.campaigns
        ],
        "tasks": [_task(plan, t) for t in plan.tasks],
    }


def plan_json(plan: Plan) -> str:
    """:func:`plan_to_dict` as deterministic JSON text (sorted keys, indent 2, trailing newline)."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def opendata_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of :func:`plan_to_dict`'s output."""
    out = OpenPlan.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **out}
