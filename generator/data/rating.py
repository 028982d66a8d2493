"""Whether a measured value meets its target (达标 / 未达标 / 无数据 / 不评定), water classes
(Ⅰ–Ⅴ类) included."""

from __future__ import annotations

import re

from generator.model.model import Target

_CLASSES = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}


_CLASS = re.compile(r"^(劣)?(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|IV|V|III|II|I)类?$")


def water_class(text: object) -> float | None:
    """``Ⅲ类`` → 3, ``IV类`` → 4, ``劣Ⅴ类`` → 5.5; None if it is not a water-quality class."""
    m = _CLASS.match(str(text).strip())
    if not m:
        return None
    return _CLASSES[m.group(2)] + (0.5 if m.group(1) else 0)


def rating(target: Target, value: float | int | str | None) -> str:
    """达标 / 未达标 against the target's comparator; 无数据 without a value; 不评定 for a
    qualitative target (or a value that cannot be compared). A water class (Ⅲ类) is met when the
    measured class is the same or better (a lower number).

    >>> t = Target("PM2.5", "<=", 41, "微克/立方米", "PM2.5平均浓度控制在41微克/立方米以下", None)
    >>> rating(t, 43), rating(t, 41), rating(t, None)
    ('未达标', '达标', '无数据')
    >>> rating(Target("断面", None, "Ⅲ类", None, "达到Ⅲ类", None), "Ⅱ类")
    '达标'
    """
    if value is None:
        return "无数据"
    if target.numeric and isinstance(value, int | float) and not isinstance(value, bool):
        goal = float(target.value)  # type: ignore[arg-type]
        ok = {
            "<=": value <= goal,
            ">=": value >= goal,
            "<": value < goal,
            ">": value > goal,
            "=": value == goal,
        }.get(target.comparator or ">=", value >= goal)
        return "达标" if ok else "未达标"
    want, got = water_class(target.value), water_class(value)
    if want is not None and got is not None:
        return "达标" if got <= want else "未达标"
    return "不评定"
