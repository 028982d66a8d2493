"""Pass 1 of the checks: each YAML file against its pydantic model (:mod:`generator.data.schema`),
every error translated into a located Chinese problem (:mod:`generator.data.messages`)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.data import schema
from generator.data.load import KeyPath, YamlFile, format_path
from generator.data.problems import Problem

_MISSING = object()


_NOT_FINITE = {"finite_number"}
"""pydantic's error for .nan / .inf: reported in Chinese, never in pydantic's words."""


_DATE_LIKE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}([T ].*)?\s*$")


_EXPECTED: dict[str, str] = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表",
    "model_type": "键值表(下一层的“键: 值”)",
    "model_attributes_type": "键值表(下一层的“键: 值”)",
    "dict_type": "键值表(下一层的“键: 值”)",
    "date_type": "日期(YYYY-MM-DD)",
    "date_parsing": "日期(YYYY-MM-DD)",
    "date_from_datetime_parsing": "日期(YYYY-MM-DD)",
    "date_from_datetime_inexact": "日期(YYYY-MM-DD,不带时间)",
    "datetime_type": "日期时间(YYYY-MM-DDTHH:MM:SS)",
    "datetime_parsing": "日期时间(YYYY-MM-DDTHH:MM:SS)",
    "datetime_from_date_parsing": "日期时间(YYYY-MM-DDTHH:MM:SS)",
    "none_required": "空值",
}


def _describe(v: Any) -> str:
    if v is None or v is _MISSING:
        return "空值(冒号后什么也没写)"
    if isinstance(v, bool):
        return f"是/否值 {str(v).lower()}(YAML 把 yes/no/on/off/true/false 读作是/否)"
    if isinstance(v, int | float):
        return f"数字 {v}"
    if isinstance(v, dt.datetime):
        return f"日期时间 {v.isoformat()}"
    if isinstance(v, dt.date):
        return f"日期 {v.isoformat()}"
    if isinstance(v, str):
        return f"文字“{clip(v)}”" if v else "空文字"
    if isinstance(v, list):
        return "列表"
    if isinstance(v, dict):
        return "键值表"
    return type(v).__name__


def clip(s: str, n: int = 30) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[:n] + "…"


def _scalar_text(v: Any) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _data_path(data: Any, loc: Iterable[Any]) -> tuple[KeyPath, Any]:
    """The part of a pydantic ``loc`` that names a place in the data (union tags dropped)."""
    cur, out = data, list[str | int]()
    for part in loc:
        if isinstance(cur, dict) and isinstance(part, str):
            out.append(part)
            cur = cur.get(part, _MISSING)
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        else:
            break
    return tuple(out), cur


def _model_in(ann: Any) -> type[BaseModel] | None:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for a in typing.get_args(ann):
        m = _model_in(a)
        if m is not None:
            return m
    return None


def _literals(ann: Any) -> list[str]:
    if typing.get_origin(ann) is typing.Literal:
        return [str(a) for a in typing.get_args(ann)]
    out: list[str] = []
    for a in typing.get_args(ann):
        if not isinstance(a, str | int | float):
            out += _literals(a)
    return out


def _field(cls: type[BaseModel], path: KeyPath) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last key of ``path``, and that key's field (None if unknown)."""
    model: type[BaseModel] | None = cls
    parent: type[BaseModel] | None = cls
    fi: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        if model is None:
            return None, None
        parent, fi = model, model.model_fields.get(part)
        model = _model_in(fi.annotation) if fi is not None else None
    return parent, fi


def _label(path: KeyPath) -> str:
    """``subitems[0].lead[1]`` → ``lead[1]``: the field name and any list indexes after it."""
    i = max((k for k, p in enumerate(path) if isinstance(p, str)), default=0)
    return format_path(path[i:]) or "(文件)"


def _close(word: str, choices: Iterable[str], cutoff: float = 0.5) -> str:
    m = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"是否指“{m[0]}”?" if m else ""


def _translate(
    f: YamlFile, cls: type[BaseModel], path: KeyPath, errs: list[dict[str, Any]], value: Any
) -> Problem:
    types_ = [e["type"] for e in errs]
    key = _label(path)
    parent, fi = _field(cls, path)
    if "missing" in types_:
        desc = fi.description if fi is not None and fi.description else ""
        line, col = f.where(path[:-1])
        p = f.problem("missing-field", path, key=key, description=f"({desc})" if desc else "")
        return Problem(p.file, line, col, p.key, p.message, p.hint, p.severity, p.code)
    if "extra_forbidden" in types_:
        allowed = list(parent.model_fields) if parent is not None else []
        return f.problem(
            "unknown-key",
            path,
            key=path[-1],
            allowed="、".join(allowed),
            suggestion=_close(str(path[-1]), allowed),
        )
    t = types_[0]
    if t in _NOT_FINITE:
        return f.problem(
            "invalid-value", path, at_value=True, key=key, detail="不能是 .nan 或 .inf,请写具体数值"
        )
    if len(errs) == 1:
        ctx = errs[0].get("ctx") or {}
        if t == "string_too_short" or (t == "too_short" and isinstance(value, str)):
            return f.problem("empty-text", path, at_value=True, key=key)
        if t == "string_too_long" and isinstance(value, str):
            return f.problem(
                "text-too-long", path, at_value=True, key=key, length=len(value.strip()),
                limit=ctx.get("max_length", ""),
            )
        if t == "too_short":
            return f.problem("too-few", path, at_value=True, key=key, min=ctx.get("min_length", 1))
        if t in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            rule = {
                "greater_than_equal": "应不小于",
                "greater_than": "应大于",
                "less_than_equal": "应不大于",
                "less_than": "应小于",
            }[t]
            bound = next(iter(ctx.values()), "")
            return f.problem(
                "out-of-range",
                path,
                at_value=True,
                key=key,
                value=_scalar_text(value),
                rule=f"{rule} {bound}",
            )
        if t == "literal_error":
            allowed = _literals(fi.annotation) if fi is not None else []
            return f.problem(
                "bad-choice",
                path,
                at_value=True,
                key=key,
                value=clip(_scalar_text(value)),
                allowed="、".join(allowed) or str(ctx.get("expected", "")),
                suggestion=_close(_scalar_text(value), allowed, 0.4),
            )
        if t == "string_pattern_mismatch":
            last = path[-1] if path else None
            named = parent in (schema.SiteFile, schema.SiteContact) or last == "name"
            if named and fi is not None and fi.description:
                return f.problem(
                    "bad-format",
                    path,
                    at_value=True,
                    key=key,
                    value=clip(_scalar_text(value)),
                    description=fi.description,
                )
            return f.problem("bad-id", path, at_value=True, value=clip(_scalar_text(value)))
    if isinstance(value, str) and _DATE_LIKE.match(value) and any(x.startswith("date") for x in types_):
        return f.problem("bad-date", path, at_value=True, value=value.strip())
    expected = [_EXPECTED[x] for x in types_ if x in _EXPECTED]
    if not expected:
        detail = "; ".join(str(e.get("msg", e["type"])) for e in errs)
        return f.problem("invalid-value", path, at_value=True, key=key, detail=clip(detail, 80))
    expected = list(dict.fromkeys(expected))
    field_name = next((p for p in reversed(path) if isinstance(p, str)), key)
    if value is None or value is _MISSING:
        fix = "填写内容,或删除这一行"
    elif "文字" in expected and not isinstance(value, list | dict):
        word = f.written(path) or _scalar_text(value)
        fix = f'如果这是文字,用引号括起来:{field_name}: "{word}"'
    elif expected == ["列表"] and isinstance(value, str):
        fix = f"写成列表:{field_name}: [{clip(value)}]"
    elif expected == ["整数"]:
        fix = "改为整数(阿拉伯数字),如 3"
    else:
        fix = f"改为{'或'.join(expected)}"
    return f.problem(
        "wrong-type",
        path,
        at_value=True,
        key=key,
        expected="或".join(expected),
        found=_describe(value),
        fix=fix,
    )


def validate_model(f: YamlFile, cls: type[schema.StrictModel]) -> tuple[Any, list[Problem]]:
    """The file's data as ``cls`` (None if invalid) and a problem for every place that is wrong."""
    try:
        return cls.model_validate(f.data), []
    except ValidationError as e:
        groups: dict[KeyPath, tuple[list[dict[str, Any]], Any]] = {}
        for err in e.errors(include_url=False):
            path, value = _data_path(f.data, err["loc"])
            if err["type"] == "missing":
                path = (*path, *[p for p in err["loc"][len(path) :][:1]])
            if any(path[:i] in f.reported for i in range(len(path) + 1)):
                continue
            groups.setdefault(path, ([], value))[0].append(dict(err))
        problems = [_translate(f, cls, path, errs, value) for path, (errs, value) in groups.items()]
        return None, problems
