"""Unit names as the document writes them: normalised for comparison, looked up in the registry,
with a “是否指…” suggestion."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata

from generator.data import schema


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
        self.former: dict[str, str] = {}
        for u in units.units if units else []:
            for f in u.former_names:
                if f.name != u.name:
                    self.former.setdefault(f.name, u.name)
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
        if name in self.former:
            return (f"“{name}”不是本文件成文时该单位的名称(见 units.yaml 的 former_names);"
                    f"请写“{self.former[name]}”,或核对该曾用名的 until 日期")
        hit = self.aliases.get(name) or self.aliases.get(loose)
        if hit:
            return f"是否指“{hit}”?(“{name}”是它的别称;请写名录中的名称,即原文单位行的写法)"
        pool = {n: n for n in self.names} | {a: n for a, n in self.aliases.items()}
        close = difflib.get_close_matches(name, list(pool), n=3, cutoff=0.6)
        names = list(dict.fromkeys(pool[c] for c in close))
        if names:
            return "是否指" + "或".join(f"“{n}”" for n in names) + "?"
        return "在 units.yaml 中登记该单位(名称与原文一致),或改为名录中已有的名称"


def name_on(unit: schema.UnitEntry, day: dt.date) -> str:
    """The name ``unit`` held on ``day``: the first former name whose ``until`` is not before it,
    else the current name.

    >>> u = schema.UnitEntry(id="bing", name="区丙服务中心", kind="办公室/中心",
    ...     former_names=[{"name": "区丙中心", "until": "2024-12-31"}])
    >>> name_on(u, dt.date(2024, 7, 1)), name_on(u, dt.date(2025, 1, 1))
    ('区丙中心', '区丙服务中心')
    """
    for former in unit.former_names:
        if day <= former.until:
            return former.name
    return unit.name


def units_in_force(units: schema.UnitsFile, day: dt.date) -> schema.UnitsFile:
    """The registry as a document dated ``day`` names its units (:func:`name_on`); the same object
    when no unit was renamed. The other names stay in ``former_names``."""
    if not any(u.former_names for u in units.units):
        return units
    renamed = [
        u.model_copy(update={"name": name_on(u, day)}) if u.former_names else u for u in units.units
    ]
    return units.model_copy(update={"units": renamed})


_WIDTH = str.maketrans({"（": "(", "）": ")"})


def squash(s: str) -> str:
    """Whitespace removed and full-width parentheses read as half-width (a sub-item label is
    written ``(1)`` whether the document prints （1） or (1))."""
    return "".join(s.split()).translate(_WIDTH)
