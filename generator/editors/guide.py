"""View data for the 编辑指南 page, derived from the code so that the guide cannot go stale.

* :func:`key_tables` — what each key of a task file / a units.yaml entry means, from the pydantic
  models' ``Field(description=…)`` in :mod:`generator.data.schema` (the same text editors see when they
  hover a key in VS Code);
* :func:`example_task` / :func:`task_file_yaml` — a real task of the plan, written back in the
  layout of ``plan_data/campaigns/<方案>/tasks/NN.yaml``;
* :func:`unit_entry_yaml` — a real entry of ``units.yaml``;
* :func:`message_groups` — every message of :func:`generator.data.messages.catalogue`, grouped by stage;
* :func:`sample_problem` — one line exactly as ``python -m generator check`` prints it.

Pure: no filesystem, no git.
"""

from __future__ import annotations

import datetime as dt
import string
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union, cast

import yaml
from markupsafe import Markup, escape
from pydantic import BaseModel

from generator.data import schema
from generator.data.messages import Message, catalogue, problem
from generator.data.problems import Problem
from generator.model import urls
from generator.model.model import ROLES, Deadline, Plan, Target, Task, Unit

# --- keys and what they mean -----------------------------------------------------------------------


@dataclass(frozen=True)
class KeyRow:
    key: str
    required: bool
    kind: str
    """What goes there, in plain Chinese (文字, 整数, 日期 …)."""
    description: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyTable:
    anchor: str
    title: str
    """Plain text, e.g. “deadlines 中的每一项”."""
    rows: list[KeyRow]
    note: str | None = None


TASK_KEY_ORDER = (
    "number",
    "section",
    "title",
    "text",
    "lead",
    "cooperate",
    "responsible",
    "labels",
    "unit_notes",
    "deadlines",
    "targets",
    "subitems",
    "flags",
)
"""The order keys appear in a task file; keys not listed here follow in the model's order."""


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(annotation without ``Annotated`` and ``| None``, whether None was allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return tuple(args), optional
            annotation = args[0]
        else:
            return annotation, optional


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (directly or as list items), if any."""
    ann, _ = _unwrap(annotation)
    if typing.get_origin(ann) is list:
        ann, _ = _unwrap(typing.get_args(ann)[0])
    return ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None


def _kind(annotation: Any) -> tuple[str, tuple[str, ...]]:
    """A plain-Chinese description of what a field holds, and its allowed values if fixed."""
    ann, _ = _unwrap(annotation)
    if isinstance(ann, tuple):  # float | int | str
        return "数字或文字", ()
    if typing.get_origin(ann) is Literal:
        return "下列之一", tuple(str(a) for a in typing.get_args(ann))
    if typing.get_origin(ann) is list:
        item, _ = _unwrap(typing.get_args(ann)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "列表,每一项的键见下表", ()
        return "列表,如 [甲, 乙]", ()
    if ann is bool:
        return "true(是)或 false(否)", ()
    if ann is int:
        return "整数", ()
    if ann is float:
        return "数字", ()
    if ann is dt.date:
        return "日期,写作 YYYY-MM-DD", ()
    if ann is dt.datetime:
        return "日期和时间", ()
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return "键值表,键见下表", ()
    return "文字", ()


def key_rows(
    model: type[BaseModel], order: tuple[str, ...] = (), skip: frozenset[str] = frozenset()
) -> list[KeyRow]:
    fields = model.model_fields
    names = [n for n in order if n in fields] + [n for n in fields if n not in order]
    rows = []
    for name in names:
        if name in skip:
            continue
        f = fields[name]
        kind, choices = _kind(f.annotation)
        rows.append(KeyRow(name, f.is_required(), kind, f.description or "", choices))
    return rows


def _nested(model: type[BaseModel], prefix: str, out: list[KeyTable], seen: set[type[BaseModel]]) -> None:
    for name, f in model.model_fields.items():
        sub = _model_of(f.annotation)
        if sub is None or sub in seen:
            continue
        seen.add(sub)
        is_list = typing.get_origin(_unwrap(f.annotation)[0]) is list
        title = f"{prefix}{name} 中每一项的键" if is_list else f"{prefix}{name} 下的键"
        shared = [
            b for b in sub.__mro__[1:]
            if isinstance(b, type) and issubclass(b, schema.StrictModel) and b is not schema.StrictModel
            and issubclass(model, b)
        ]
        inherited = frozenset(shared[0].model_fields) if shared else frozenset()
        note = None
        if inherited:
            note = (
                "此外可以有与上表相同的键 "
                + "、".join(n for n in model.model_fields if n in inherited)
                + ",写只属于这一项的内容。"
            )
        out.append(KeyTable(urls.key_table_anchor(name), title, key_rows(sub, skip=inherited), note))
        _nested(sub, f"{prefix}{name} → ", out, seen)


def key_tables(
    model: type[BaseModel], anchor: str, title: str, order: tuple[str, ...] = ()
) -> list[KeyTable]:
    """The model's keys, then one table per nested model (deadlines, targets, subitems, flags …)."""
    out = [KeyTable(anchor, title, key_rows(model, order))]
    _nested(model, "", out, {model})
    return out


def task_key_tables() -> list[KeyTable]:
    return key_tables(schema.TaskFile, urls.key_table_anchor("task"), "任务文件的键", TASK_KEY_ORDER)


def unit_key_tables() -> list[KeyTable]:
    return key_tables(schema.UnitEntry, urls.key_table_anchor("unit"), "units.yaml 中每个单位的键")


# --- a real task file, written back ----------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """The layout of the plan's files: lists of names on one line (``lead: [区甲局, 区乙局]``),
    lists of entries as indented blocks (``  - text: …``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(x, (dict, list)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6
    )


def _deadline(d: Deadline) -> dict[str, Any]:
    out: dict[str, Any] = {"text": d.text}
    if d.date:
        out["date"] = d.date
    if d.recurrence:
        out["recurrence"] = d.recurrence.text
    out["what"] = d.what
    return out


def _target(t: Target) -> dict[str, Any]:
    out: dict[str, Any] = {"indicator": t.indicator}
    for key in ("comparator", "value", "unit"):
        if getattr(t, key) is not None:
            out[key] = getattr(t, key)
    out["text"] = t.text
    if t.note:
        out["note"] = t.note
    return out


def _units_block(task: Task, subitem: str | None) -> dict[str, Any]:
    own = [a for a in task.assignments if a.subitem == subitem and not a.implicit]
    out: dict[str, Any] = {}
    for role in ROLES:
        names = [a.unit.name for a in own if a.role == role]
        if names:
            out[role.value] = names
    labels = {r.value: a.label for r in ROLES for a in own[:] if a.role == r and a.label != r.label}
    if labels:
        out["labels"] = labels
    notes = {r.value: a.note for r in ROLES for a in own if a.role == r and a.note}
    if notes:
        out["unit_notes"] = notes
    return out


def task_file_data(task: Task) -> dict[str, Any]:
    """The task as its YAML file holds it (keys in file order, empty keys left out)."""
    data: dict[str, Any] = {"number": task.number, "section": task.section.number, "title": task.title}
    if task.body:
        data["text"] = task.body
    data.update(_units_block(task, None))
    if task.deadlines:
        data["deadlines"] = [_deadline(d) for d in task.deadlines]
    if task.targets:
        data["targets"] = [_target(t) for t in task.targets]
    if task.subitems:
        items = []
        for s in task.subitems:
            item: dict[str, Any] = {"label": s.label, "text": s.text, **_units_block(task, s.label)}
            if s.deadlines:
                item["deadlines"] = [_deadline(d) for d in s.deadlines]
            if s.targets:
                item["targets"] = [_target(t) for t in s.targets]
            items.append(item)
        data["subitems"] = items
    if task.flags:
        data["flags"] = [{"kind": f.kind, "note": f.note} for f in task.flags]
    return data


SCHEMA_LINE = "# yaml-language-server: $schema=../../../../schema/task.schema.json\n"


def task_file_yaml(task: Task) -> str:
    return SCHEMA_LINE + _dump(task_file_data(task))


def example_task(plan: Plan) -> Task | None:
    """A short, typical task: a lead unit, a dated deadline, no sub-items, targets or flags."""

    def typical(t: Task) -> bool:
        own = [a for a in t.assignments if a.subitem is None and not a.implicit]
        return (
            bool(t.body)
            and not t.subitems
            and not t.targets
            and not t.flags
            and any(a.role.value == "lead" for a in own)
            and any(a.role.value != "lead" for a in own)
            and len(t.deadlines) == 1
            and t.deadlines[0].date is not None
        )

    candidates = [t for t in plan.tasks if typical(t)]
    if not candidates:
        return plan.tasks[0] if plan.tasks else None
    return min(candidates, key=lambda t: (len(t.body or ""), plan.tasks.index(t)))  # easiest to read


def unit_entry_yaml(unit: Unit) -> str:
    entry: dict[str, Any] = {"id": unit.id, "name": unit.name, "kind": unit.kind}
    if unit.collective:
        entry["collective"] = True
    if unit.stands_for:
        entry["stands_for"] = unit.stands_for
    if unit.aliases:
        entry["aliases"] = list(unit.aliases)
    return _dump({"units": [entry]})


def example_unit(plan: Plan) -> Unit | None:
    plain = [u for u in plan.units if not u.collective and u.aliases]
    return (plain or plan.units)[0] if (plain or plan.units) else None


# --- messages -----------------------------------------------------------------------------------

STAGES: dict[str, str] = {
    "读取": "读取:文件本身(编码、YAML 写法)",
    "格式": "格式:单个文件的结构(键、类型、必填项)",
    "内容": "内容:含义与文件之间的一致(单位、编号、原文)",
    "进展": "进展:进展报送与实测值(progress/ 文件夹)",
    "程序": "程序自身",
}


@dataclass(frozen=True)
class MessageGroup:
    stage: str
    title: str
    anchor: str
    messages: list[Message]


def message_groups() -> list[MessageGroup]:
    """Every catalogue message, grouped by stage in catalogue order (no message is left out)."""
    groups: dict[str, list[Message]] = {}
    for m in catalogue():
        groups.setdefault(m.stage, []).append(m)
    anchors = {stage: urls.message_group_anchor(key) for stage, key in
               (("读取", "read"), ("格式", "shape"), ("内容", "content"), ("程序", "internal"))}
    return [
        MessageGroup(
            stage, STAGES.get(stage, stage), anchors.get(stage, urls.message_group_anchor(f"stage-{i}")), msgs
        )
        for i, (stage, msgs) in enumerate(groups.items())
    ]


def template_html(template: str) -> Markup:
    """A message template as HTML: literal text escaped, each ``{field}`` kept (braces included) in
    a ``<var>``; ``{{``/``}}`` become single braces, as ``str.format`` prints them."""
    out: list[str] = []
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return Markup(escape(template))
    for literal, field, _spec, _conv in parts:
        out.append(str(escape(literal)))
        if field is not None:
            out.append(f'<var class="placeholder">{{{escape(field)}}}</var>')
    return Markup("".join(out))


def example_html(text: str) -> Markup:
    """An example for a ``<pre>`` block: escaped, with tabs made visible (Markdown would expand a
    tab into spaces, which would hide what the tab-indent example is about)."""
    tab = '<span class="tab-char" title="制表符(Tab)">⇥   </span>'
    return Markup(tab.join(str(escape(part)) for part in text.split("\t")))


def hint_is_computed(template: str) -> bool:
    """True when the hint is a single placeholder (the advice depends on the case)."""
    parts = list(string.Formatter().parse(template.strip()))
    return len(parts) == 1 and parts[0][0] == "" and parts[0][1] is not None


def sample_problem(plan: Plan) -> Problem:
    """What ``check`` prints when the example task's lead unit is written with a short alias
    (the real message and the real suggestion, computed by :mod:`generator.data.validate`)."""
    from generator.data.names import UnitIndex

    task = example_task(plan)
    lead = next((a.unit for a in task.assignments if a.role.value == "lead"), None) if task else None
    if task is None or lead is None:
        advice = "在 units.yaml 中登记该单位(名称与原文一致),或改为名录中已有的名称"
        return problem("unknown-unit", "plan_data/units.yaml", 1, 1, name="区某某局", suggestion=advice)
    wrong = lead.aliases[0] if lead.aliases else lead.name + "局"
    registry = schema.UnitsFile(units=[
        schema.UnitEntry(id=u.id, name=u.name, kind=cast(schema.UnitKind, u.kind), collective=u.collective,
                         stands_for=u.stands_for, aliases=list(u.aliases))
        for u in plan.units
    ])
    lines = task_file_yaml(task).splitlines()
    line = next((i + 1 for i, text in enumerate(lines) if text.startswith("lead:")), 1)
    column = len("lead: [") + 1
    return problem("unknown-unit", task.source.path, line, column, "lead[0]", name=wrong,
                   suggestion=UnitIndex(registry).suggest(wrong))
