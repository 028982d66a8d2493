"""Validate what :mod:`generator.data.load` read (stage 2 of the pipeline: validate).

Two passes, both reporting *every* problem with file, line, column and key path:

1. **shape** — each file against its pydantic model in :mod:`generator.data.schema` (the one declaration
   that also produces the editors' JSON Schema). Pydantic's errors are translated into catalogue
   messages (:mod:`generator.data.messages`) and placed with the file's position map.
2. **meaning** — rules across fields and files: unit names against the registry (with a
   “是否指…” suggestion), numbering, sections, campaigns against document.yaml, deadlines and
   targets against the text they quote, file names, unused units.

:func:`validate` returns the validated files ready for :func:`generator.data.build.build_plan` (only
when there is no error) and the problems.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import typing
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.data import schema
from generator.data.build import LoadedCampaign
from generator.data.load import CampaignFiles, KeyPath, RawPlan, YamlFile, format_path
from generator.data.messages import problem
from generator.data.problems import Problem
from generator.model.dates import READABLE_FORMS, date_in_words, parse_recurrence
from generator.model.model import ROLES, Role, SourceRef

# --- pass 1: shape ------------------------------------------------------------------------------

_MISSING = object()

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

_NOT_FINITE = {"finite_number"}
"""pydantic's error for .nan / .inf: reported in Chinese, never in pydantic's words."""
_DATE_LIKE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}([T ].*)?\s*$")


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
        return f"文字“{_clip(v)}”" if v else "空文字"
    if isinstance(v, list):
        return "列表"
    if isinstance(v, dict):
        return "键值表"
    return type(v).__name__


def _clip(s: str, n: int = 30) -> str:
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
                value=_clip(_scalar_text(value)),
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
                    value=_clip(_scalar_text(value)),
                    description=fi.description,
                )
            return f.problem("bad-id", path, at_value=True, value=_clip(_scalar_text(value)))
    if isinstance(value, str) and _DATE_LIKE.match(value) and any(x.startswith("date") for x in types_):
        return f.problem("bad-date", path, at_value=True, value=value.strip())
    expected = [_EXPECTED[x] for x in types_ if x in _EXPECTED]
    if not expected:
        detail = "; ".join(str(e.get("msg", e["type"])) for e in errs)
        return f.problem("invalid-value", path, at_value=True, key=key, detail=_clip(detail, 80))
    expected = list(dict.fromkeys(expected))
    field_name = next((p for p in reversed(path) if isinstance(p, str)), key)
    if value is None or value is _MISSING:
        fix = "填写内容,或删除这一行"
    elif "文字" in expected and not isinstance(value, list | dict):
        word = f.written(path) or _scalar_text(value)
        fix = f'如果这是文字,用引号括起来:{field_name}: "{word}"'
    elif expected == ["列表"] and isinstance(value, str):
        fix = f"写成列表:{field_name}: [{_clip(value)}]"
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


# --- pass 2: meaning ----------------------------------------------------------------------------


def normalize_name(s: str) -> str:
    """Compare unit names loosely: NFKC (full-width → half-width brackets), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", s).split())


class UnitIndex:
    """Unit names of the registry, with aliases and loose forms for suggestions."""

    def __init__(self, units: schema.UnitsFile | None) -> None:
        self.names: dict[str, int] = {}
        self.loose: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.complete = units is not None
        for i, u in enumerate(units.units if units else []):
            self.names.setdefault(u.name, i)
            self.loose.setdefault(normalize_name(u.name), u.name)
        for u in units.units if units else []:
            for a in u.aliases:
                self.aliases.setdefault(a, u.name)
                self.aliases.setdefault(normalize_name(a), u.name)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def suggest(self, name: str) -> str:
        if len(name) > 100:
            return "单位名称过长;请写名录中的名称,即原文单位行的写法"
        loose = normalize_name(name)
        if loose in self.loose:
            return f"是否指“{self.loose[loose]}”?(括号的全角/半角或空格与名录不同,请照名录中的写法)"
        parts = [p for p in re.split(r"[、,,;;]", name) if p.strip()]
        if len(parts) > 1:
            listed = ", ".join(p.strip() for p in parts)
            return f"这一项写了 {len(parts)} 个单位;每个单位单独一项,用英文逗号分隔:[{listed}]"
        hit = self.aliases.get(name) or self.aliases.get(loose)
        if hit:
            return f"是否指“{hit}”?(“{name}”是它的别称;请写名录中的名称,即原文单位行的写法)"
        pool = {n: n for n in self.names} | {a: n for a, n in self.aliases.items()}
        close = difflib.get_close_matches(name, list(pool), n=3, cutoff=0.6)
        names = list(dict.fromkeys(pool[c] for c in close))
        if names:
            return "是否指" + "或".join(f"“{n}”" for n in names) + "?"
        return "在 units.yaml 中登记该单位(名称与原文一致),或改为名录中已有的名称"


_WIDTH = str.maketrans({"（": "(", "）": ")"})


def _squash(s: str) -> str:
    """Whitespace removed and full-width parentheses read as half-width (a sub-item label is
    written ``(1)`` whether the document prints （1） or (1))."""
    return "".join(s.split()).translate(_WIDTH)


DATE_MARGIN_YEARS = 5
"""A date more than this many years outside the plan period is an error, not a warning: dates set
the range of the calendar and the pages (a typo such as 0001-01-01 would make a page per month of
two thousand years)."""
MAX_PERIOD_YEARS = 10
"""Longest plan period or recurrence period accepted (recurrences are expanded over it)."""
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
"""Range of document dates (成文日期, 网上公开时间): within what files, calendars and sitemaps hold."""


def _shift(d: dt.date, years: int) -> dt.date:
    """``d`` moved by whole years (29 February → 28 February); clamped to the calendar's range."""
    year = min(max(d.year + years, dt.MINYEAR), dt.MAXYEAR)
    return d.replace(year=year, day=min(d.day, 28)) if d.month == 2 else d.replace(year=year)


def _near_period(d: dt.date, doc: schema.DocumentFile) -> bool:
    """Within :data:`DATE_MARGIN_YEARS` of the plan period."""
    p = doc.period
    return _shift(p.start, -DATE_MARGIN_YEARS) <= d <= _shift(p.end, DATE_MARGIN_YEARS)


RESERVED_IDS = frozenset({"index"})
"""Ids that would give a page the path of a generated index page (``units/index.md``)."""

ROLE_KEYS: tuple[str, ...] = tuple(r.value for r in ROLES)
"""The role keys of a task file (lead / cooperate / responsible); labels come from :class:`Role`."""


@dataclass
class Checked:
    """Validated files, ready for :func:`generator.data.build.build_plan`."""

    document: schema.DocumentFile
    source_text: str
    units: schema.UnitsFile
    campaigns: list[LoadedCampaign]
    site: schema.SiteFile = field(default_factory=schema.SiteFile)


class _Checker:
    def __init__(self, raw: RawPlan) -> None:
        self.raw = raw
        self.problems: list[Problem] = []
        self.used_units: set[str] = set()
        self.all_valid = True
        self.checked_tasks: list[tuple[YamlFile, schema.TaskFile]] = []

    def add(self, p: Problem) -> None:
        self.problems.append(p)

    def model(self, f: YamlFile | None, cls: type[schema.StrictModel]) -> Any:
        if f is None:
            self.all_valid = False
            return None
        m, problems = validate_model(f, cls)
        self.problems += problems
        if m is None:
            self.all_valid = False
        return m

    # --- pieces --------------------------------------------------------------------------------
    def numbering(
        self,
        items: list[tuple[int, YamlFile, KeyPath]],
        what: str,
        fix_dup: str,
        fix_gap: str,
        gaps: bool = True,
    ) -> None:
        first: dict[int, tuple[YamlFile, KeyPath]] = {}
        for n, f, path in items:
            if n in first:
                of, op = first[n]
                other = f"{of.display}:{of.where(op)[0]}"
                self.add(
                    f.problem(
                        "duplicate-number", path, at_value=True, what=what, number=n, other=other, fix=fix_dup
                    )
                )
            else:
                first[n] = (f, path)
        if not first or not gaps:
            return
        for missing in range(1, max(first)):
            if missing not in first:
                after = min(k for k in first if k > missing)
                f, path = first[after]
                self.add(
                    f.problem(
                        "numbering-gap",
                        path,
                        at_value=True,
                        what=what,
                        missing=missing,
                        fix=fix_gap.format(missing=missing, after=after),
                    )
                )

    def units_in(self, f: YamlFile, owner: schema.Assigned, base: KeyPath, units: UnitIndex) -> None:
        for role in ROLE_KEYS:
            self.unit_list(f, list(enumerate(getattr(owner, role))), (*base, role), role, units)

    def raw_units(self, f: YamlFile, units: UnitIndex) -> None:
        """Unit checks on a task file that failed its model, as far as its data allows."""
        data = f.data if isinstance(f.data, dict) else {}
        owners: list[tuple[KeyPath, Any]] = [((), data)]
        subitems = data.get("subitems")
        if isinstance(subitems, list):
            owners += [(("subitems", i), s) for i, s in enumerate(subitems)]
        for base, owner in owners:
            if not isinstance(owner, dict):
                continue
            for role in ROLE_KEYS:
                names = owner.get(role)
                if isinstance(names, list):
                    items = [(i, n.strip()) for i, n in enumerate(names) if isinstance(n, str) and n.strip()]
                    self.unit_list(f, items, (*base, role), role, units)

    def unit_list(
        self, f: YamlFile, items: list[tuple[int, str]], base: KeyPath, role: str, units: UnitIndex
    ) -> None:
        """One role's unit names: each in the registry, none twice."""
        seen: dict[str, int] = {}
        for i, name in items:
            path = (*base, i)
            if units.complete and name not in units:
                self.add(
                    f.problem(
                        "unknown-unit",
                        path,
                        at_value=True,
                        name=_clip(name, 40),
                        suggestion=units.suggest(name),
                    )
                )
            self.used_units.add(name)
            if name in seen:
                self.add(
                    f.problem(
                        "duplicate-unit-in-role",
                        path,
                        at_value=True,
                        name=_clip(name, 40),
                        role=Role(role).label,
                        first=f.where((*base, seen[name]))[0],
                    )
                )
            else:
                seen[name] = i

    def deadlines(
        self,
        f: YamlFile,
        deadlines: Sequence[schema.Deadline],
        base: KeyPath,
        owner_text: str,
        doc: schema.DocumentFile | None,
    ) -> None:
        squashed = _squash(owner_text)
        for i, d in enumerate(deadlines):
            path = (*base, "deadlines", i)
            if d.date is not None and d.recurrence is not None:
                self.add(f.problem("deadline-date-and-recurrence", path))
            if d.recurrence is not None and parse_recurrence(d.recurrence) is None:
                self.add(
                    f.problem(
                        "bad-recurrence",
                        (*path, "recurrence"),
                        at_value=True,
                        value=d.recurrence,
                        forms="、".join(READABLE_FORMS),
                    )
                )
            if doc is not None and d.date is not None and not _near_period(d.date, doc):
                self.add(
                    f.problem(
                        "date-far-out-of-period",
                        (*path, "date"),
                        at_value=True,
                        value=d.date.isoformat(),
                        start=doc.period.start.isoformat(),
                        end=doc.period.end.isoformat(),
                        margin=DATE_MARGIN_YEARS,
                    )
                )
            elif doc is not None and d.date is not None and not doc.period.start <= d.date <= doc.period.end:
                self.add(
                    f.problem(
                        "date-out-of-period",
                        (*path, "date"),
                        at_value=True,
                        value=d.date.isoformat(),
                        start=doc.period.start.isoformat(),
                        end=doc.period.end.isoformat(),
                    )
                )
            if _squash(d.text) not in squashed:
                self.add(
                    f.problem("quote-not-found", (*path, "text"), at_value=True, what="时限", text=d.text)
                )
            named = date_in_words(d.text, doc.plan_year, doc.period.start) if doc is not None else None
            if d.date is not None and named is not None and named != d.date:
                self.add(
                    f.problem(
                        "deadline-date-words", (*path, "date"), at_value=True, text=d.text,
                        named=named.isoformat(), date=d.date.isoformat(),
                    )
                )

    def targets(self, f: YamlFile, targets: list[schema.Target], base: KeyPath, owner_text: str) -> None:
        squashed = _squash(owner_text)
        for i, t in enumerate(targets):
            if isinstance(t.value, float) and not math.isfinite(t.value):
                self.add(
                    f.problem(
                        "invalid-value",
                        (*base, "targets", i, "value"),
                        at_value=True,
                        key="value",
                        detail="不能是 .nan 或 .inf,请写具体数值",
                    )
                )
            if _squash(t.text) not in squashed:
                self.add(
                    f.problem(
                        "quote-not-found",
                        (*base, "targets", i, "text"),
                        at_value=True,
                        what="指标",
                        text=t.text,
                    )
                )

    # --- files ---------------------------------------------------------------------------------
    def document(self, doc: schema.DocumentFile, f: YamlFile) -> None:
        for key, what in (("period", "方案期间"), ("recurrence_period", "周期性工作期间")):
            p = getattr(doc, key)
            if p.start > p.end:
                self.add(
                    f.problem("period-reversed", (key,), start=p.start.isoformat(), end=p.end.isoformat())
                )
            elif not (p.start >= EARLIEST and p.end <= LATEST):
                self.add(
                    f.problem(
                        "time-out-of-range", (key,), at_value=True, what=what,
                        value=f"{p.start.isoformat()} 至 {p.end.isoformat()}",
                        start=EARLIEST.isoformat(), end=LATEST.isoformat(),
                    )
                )
            elif _shift(p.start, MAX_PERIOD_YEARS) < p.end:
                self.add(
                    f.problem(
                        "period-too-long", (key,), what=what, start=p.start.isoformat(),
                        end=p.end.isoformat(), limit=MAX_PERIOD_YEARS,
                    )
                )
        rp, pp = doc.recurrence_period, doc.period
        for key, value in (("start", rp.start), ("end", rp.end)):
            if not _near_period(value, doc):
                self.add(
                    f.problem(
                        "date-far-out-of-period", ("recurrence_period", key), at_value=True,
                        value=value.isoformat(), start=pp.start.isoformat(), end=pp.end.isoformat(),
                        margin=DATE_MARGIN_YEARS,
                    )
                )
        for key, what, value in (("published", "网上公开时间", doc.published.date()),
                                 ("date_written", "成文日期", doc.date_written)):
            if not (EARLIEST <= value <= LATEST):
                self.add(
                    f.problem(
                        "time-out-of-range", (key,), at_value=True, what=what, value=value.isoformat(),
                        start=EARLIEST.isoformat(), end=LATEST.isoformat(),
                    )
                )
        seen: set[str] = set()
        folders = {c.folder for c in self.raw.campaigns}
        for i, cid in enumerate(doc.campaigns):
            if cid in seen:
                self.add(f.problem("duplicate-campaign", ("campaigns", i), at_value=True, id=cid))
            seen.add(cid)
            if cid not in folders:
                self.add(f.problem("campaign-missing", ("campaigns", i), at_value=True, id=cid))
        for c in self.raw.campaigns:
            if c.folder not in seen:
                if c.campaign is not None:
                    self.add(c.campaign.problem("campaign-unlisted", ("id",), at_value=True, id=c.folder))
                else:
                    self.add(
                        problem(
                            "campaign-unlisted",
                            self.raw.display(f"campaigns/{c.folder}/campaign.yaml"),
                            id=c.folder,
                        )
                    )

    def units(self, units: schema.UnitsFile, f: YamlFile) -> None:
        for key in ("id", "name"):  # duplicate-unit-id, duplicate-unit-name
            first_at: dict[str, int] = {}
            for i, u in enumerate(units.units):
                value = getattr(u, key)
                if value in first_at:
                    self.add(
                        f.problem(
                            f"duplicate-unit-{key}",
                            ("units", i, key),
                            at_value=True,
                            value=value,
                            first=f.where(("units", first_at[value]))[0],
                        )
                    )
                first_at.setdefault(value, i)
        for i, u in enumerate(units.units):
            if u.id in RESERVED_IDS:
                self.add(f.problem("reserved-id", ("units", i, "id"), at_value=True, value=u.id))
        names = {u.name for u in units.units}
        owner: dict[str, str] = {}
        for i, u in enumerate(units.units):
            for j, a in enumerate(u.aliases):
                path = ("units", i, "aliases", j)
                if a in names and a != u.name:
                    self.add(
                        f.problem(
                            "alias-conflict", path, at_value=True, value=a, conflict=f"与单位“{a}”的名称相同"
                        )
                    )
                elif a in owner and owner[a] != u.name:
                    self.add(
                        f.problem(
                            "alias-conflict",
                            path,
                            at_value=True,
                            value=a,
                            conflict=f"同时是“{owner[a]}”和“{u.name}”的别称",
                        )
                    )
                owner.setdefault(a, u.name)

    def campaign(
        self,
        cf: CampaignFiles,
        camp: schema.CampaignFile | None,
        f: YamlFile | None,
        doc: schema.DocumentFile | None,
        units: UnitIndex,
        tasks: list[tuple[schema.TaskFile, YamlFile]],
        complete: bool = True,
        raw_numbers: tuple[tuple[int, YamlFile], ...] = (),
    ) -> None:
        """``complete``: every task file of the campaign was read and valid (else skip gap checks)."""
        if camp is not None and f is not None:
            if camp.id != cf.folder:
                self.add(
                    f.problem("campaign-id-mismatch", ("id",), at_value=True, id=camp.id, folder=cf.folder)
                )
            if doc is not None and cf.folder in doc.campaigns:
                expected = doc.campaigns.index(cf.folder) + 1
                if camp.order != expected:
                    self.add(
                        f.problem(
                            "campaign-order", ("order",), at_value=True, order=camp.order, expected=expected
                        )
                    )
            self.numbering(
                [(s.number, f, ("sections", i, "number")) for i, s in enumerate(camp.sections)],
                "小节",
                "按原文顺序把小节编号改为 1、2、3……",
                "小节按 1、2、3…… 连续编号",
            )
            self.numbering(
                [(r.number, f, ("requirements", i, "number")) for i, r in enumerate(camp.requirements)],
                "要求",
                "按原文顺序把编号改为 1、2、3……",
                "按 1、2、3…… 连续编号",
            )
            body = camp.intro + "".join(p.heading + "".join(p.paragraphs) for p in camp.parts)
            body += "".join(s.title + "".join(s.paragraphs) for s in camp.sections)
            self.targets(f, camp.targets, (), body)
            for i, r in enumerate(camp.requirements):
                self.deadlines(f, r.deadlines, ("requirements", i), r.title + r.text, doc)
                for j, d in enumerate(r.deadlines):
                    base = ("requirements", i, "deadlines", j, "units")
                    self.unit_list(f, list(enumerate(d.units)), base, "responsible", units)
                    for k, name in enumerate(d.units):
                        if _squash(name) not in _squash(r.title + r.text):
                            at = (*base, k)
                            self.add(f.problem("quote-not-found", at, at_value=True, what="单位", text=name))
            numbers = {t.number for t, _ in tasks}
            for i, iu in enumerate(camp.implicit_units):
                path = ("implicit_units", i)
                if units.complete and iu.unit not in units:
                    self.add(
                        f.problem(
                            "unknown-unit",
                            (*path, "unit"),
                            at_value=True,
                            name=_clip(iu.unit, 40),
                            suggestion=units.suggest(iu.unit),
                        )
                    )
                self.used_units.add(iu.unit)
                if complete and iu.stated_in_task not in numbers:
                    self.add(
                        f.problem(
                            "implicit-task-missing",
                            (*path, "stated_in_task"),
                            at_value=True,
                            number=iu.stated_in_task,
                        )
                    )

        # tasks of this campaign (numbers of invalid task files too, where they are readable)
        numbered = [(t.number, tf) for t, tf in tasks] + [(n, tf) for n, tf in raw_numbers]
        for n, tf in numbered:
            file_name = f"{n:02d}.yaml"
            if tf.name != file_name:
                self.add(
                    tf.problem(
                        "task-file-name",
                        ("number",),
                        at_value=True,
                        name=tf.name,
                        number=n,
                        expected=file_name,
                    )
                )
        self.numbering(
            [(n, tf, ("number",)) for n, tf in numbered],
            "任务",
            "按原文核对编号;每项任务一个文件,编号不能重复",
            "补上第 {missing} 项任务的文件 {missing:02d}.yaml,或按原文核对后面任务的编号",
            gaps=complete,
        )
        sections = [s.number for s in camp.sections] if camp is not None else []
        prev: tuple[int, int] | None = None
        for t, tf in sorted(tasks, key=lambda x: x[0].number):
            if camp is not None and t.section not in sections:
                self.add(
                    tf.problem(
                        "unknown-section",
                        ("section",),
                        at_value=True,
                        number=t.section,
                        known="、".join(map(str, sections)),
                    )
                )
            if prev is not None and t.section < prev[1] and t.number != prev[0]:
                self.add(
                    tf.problem(
                        "section-order",
                        ("section",),
                        at_value=True,
                        number=t.number,
                        section=t.section,
                        prev=prev[0],
                        prev_section=prev[1],
                    )
                )
            prev = (t.number, t.section)
            self.task(t, tf, camp, doc, units)
            self.checked_tasks.append((tf, t))

    def task(
        self,
        t: schema.TaskFile,
        f: YamlFile,
        camp: schema.CampaignFile | None,
        doc: schema.DocumentFile | None,
        units: UnitIndex,
    ) -> None:
        if t.text is not None and not t.text.strip():
            self.add(f.problem("empty-text", ("text",), at_value=True, key="text"))
        elif t.text is None and not t.subitems and t.title_end == "。":  # a title-only task has no 。
            self.add(f.problem("task-no-content", ("text",)))
        for i, s in enumerate(t.subitems):
            expected = f"({i + 1})"
            if s.label != expected:
                self.add(
                    f.problem(
                        "subitem-label",
                        ("subitems", i, "label"),
                        at_value=True,
                        expected=expected,
                        label=s.label,
                    )
                )
        if t.added_by is not None:
            records = sorted(Path(r.display).stem for r in self.raw.revisions)
            if t.added_by.strip() not in records:
                self.add(
                    f.problem(
                        "revision-bad",
                        ("added_by",),
                        at_value=True,
                        problem=f"调整记录“{t.added_by.strip()}”不存在",
                        fix=f"在 plan_data/revisions/ 中新建 {t.added_by.strip()}.yaml,写明新增这项任务的文件"
                        "(依据、标题、日期)"
                        + (f";已有的调整记录:{'、'.join(records[:10])}" if records else ""),
                    )
                )
        self.units_in(f, t, (), units)
        for i, s in enumerate(t.subitems):
            self.units_in(f, s, ("subitems", i), units)
        implicit = bool(camp and camp.implicit_units)
        has_unit = any(getattr(o, r) for o in [t, *t.subitems] for r in ROLE_KEYS)
        if not has_unit and not implicit:
            self.add(f.problem("task-no-unit", ("number",), number=t.number))
        whole = t.title + (t.text or "") + "".join(s.text for s in t.subitems)
        self.deadlines(f, t.deadlines, (), whole, doc)
        self.targets(f, t.targets, (), whole)
        for i, s in enumerate(t.subitems):
            self.deadlines(f, s.deadlines, ("subitems", i), s.text, doc)
            self.targets(f, s.targets, ("subitems", i), s.text)

    def texts_in_source(self, source: str) -> None:
        """A task's words must stand in the original as they are (whitespace aside): the published
        document is never edited, a later adjustment is recorded apart from it."""
        squashed = _squash(source)
        for f, t in self.checked_tasks:
            if t.added_by is not None:  # added by a later document: its words are that document's
                continue
            head: KeyPath = ("text",) if t.text else ("title",)
            pieces: list[tuple[KeyPath, str]] = [(head, f"{t.title}{t.title_end}{t.text or ''}")]
            pieces += [(("subitems", i, "text"), f"{s.label}{s.text}") for i, s in enumerate(t.subitems)]
            for path, words in pieces:
                if _squash(words) not in squashed:
                    self.add(f.problem("text-not-in-source", path, at_value=True, number=t.number))

    # --- all -----------------------------------------------------------------------------------
    def run(self) -> Checked | None:
        raw = self.raw
        doc = self.model(raw.document, schema.DocumentFile)
        units_m = self.model(raw.units, schema.UnitsFile)
        site = self.model(raw.site, schema.SiteFile) if raw.site is not None else schema.SiteFile()
        if raw.site_read and raw.site is None:
            self.all_valid = False
        index = UnitIndex(units_m)
        if doc is not None and raw.document is not None:
            self.document(doc, raw.document)
        if units_m is not None and raw.units is not None:
            self.units(units_m, raw.units)
        loaded: list[LoadedCampaign] = []
        titled: list[tuple[YamlFile, str]] = []
        for cf in raw.campaigns:
            camp = self.model(cf.campaign, schema.CampaignFile) if cf.has_campaign_file else None
            if not cf.has_campaign_file:
                self.all_valid = False
            tasks: list[tuple[schema.TaskFile, YamlFile]] = []
            raw_numbers: list[tuple[int, YamlFile]] = []
            for tf in cf.tasks:
                t = self.model(tf, schema.TaskFile)
                if t is not None:
                    tasks.append((t, tf))
                    continue
                self.raw_units(tf, index)
                n = tf.data.get("number") if isinstance(tf.data, dict) else None
                if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 999:
                    raw_numbers.append((n, tf))
            complete = cf.unread_tasks == 0 and len(tasks) + len(raw_numbers) == len(cf.tasks)
            self.campaign(cf, camp, cf.campaign, doc, index, tasks, complete, tuple(raw_numbers))
            if camp is not None and cf.campaign is not None:
                titled.append((cf.campaign, camp.title))
                loaded.append(
                    LoadedCampaign(
                        camp, SourceRef(cf.campaign.ref), [(t, SourceRef(tf.ref)) for t, tf in tasks]
                    )
                )
        if units_m is not None and raw.units is not None and self.all_valid and not raw.problems:
            for i, u in enumerate(units_m.units):
                if u.name not in self.used_units:
                    self.add(
                        raw.units.problem("unit-unused", ("units", i, "name"), at_value=True, name=u.name)
                    )
        if raw.source_text is not None:
            self.texts_in_source(raw.source_text)
            lines = {line.strip() for line in raw.source_text.split("\n")}
            for yf, title in titled:
                if title.strip() not in lines:
                    clipped = _clip(title, 40)
                    self.add(yf.problem("title-not-in-source", ("title",), at_value=True, title=clipped))
        if doc is None or units_m is None or raw.source_text is None or not self.all_valid:
            return None
        if any(p.severity == "error" for p in self.problems):
            return None
        if site is None:
            return None
        return Checked(doc, raw.source_text, units_m, loaded, site)


def validate(raw: RawPlan) -> tuple[Checked | None, list[Problem]]:
    """Check everything :func:`generator.data.load.read_tree` read; never raises for bad data."""
    checker = _Checker(raw)
    checked = checker.run()
    return checked, checker.problems


__all__ = ["Checked", "UnitIndex", "normalize_name", "validate", "validate_model"]
