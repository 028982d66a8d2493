"""The units registry of an imported plan: names exactly as written, stable ASCII ids (pinyin
initials, through pypinyin; collisions numbered), kinds guessed from the name and marked as guesses,
collective names (各镇(街道), 各县(区)人民政府, 区直相关单位) flagged — never expanded."""

from __future__ import annotations

import re
from dataclasses import dataclass

COLLECTIVE = re.compile(r"^(各|相关|有关|其他)|各(有关|相关)?单位$|^区直(各|相关|有关)")
RESERVED = {"index"}


@dataclass
class UnitGuess:
    id: str
    name: str
    kind: str
    collective: bool
    reason: str
    """Why this kind (for the import report: every kind is a guess)."""


def guess_kind(name: str) -> tuple[str, str]:
    """The registry's kind for ``name`` and the words that suggested it."""
    if COLLECTIVE.search(name):
        if any(w in name for w in ("镇", "街道", "乡", "县", "区)", "区）")):
            return "镇(街道)", "集合称谓,指一组镇(街道)/县(区)"
        return "区直单位(集合)", "集合称谓,指一组单位"
    rules = (
        (("河务局", "河务"), "河务部门"),
        (("公司", "集团", "供电部", "有限"), "企业"),
        (("管委会", "开发区", "经开区", "高新区", "园区", "滩地公园"), "管委会/开发区"),
        (("分局",), "市局派驻分局"),
        (("办公室", "中心", "办"), "办公室/中心"),
        (("镇", "街道", "乡"), "镇(街道)"),
        (("局", "委", "厅", "院", "所", "队"), "区直部门"),
    )
    for words, kind in rules:
        for w in words:
            if name.endswith(w) or (w in ("分局", "管委会", "公司") and w in name):
                return kind, f"名称含“{w}”"
    return "区直部门", "未能从名称判断,暂定为区直部门"


def unit_id(name: str, taken: set[str]) -> str:
    """Pinyin initials of ``name`` (its leading 区/市/县 dropped), lower-case ASCII, unique in ``taken``.

    >>> unit_id("区城管局", set()), unit_id("各镇(街道)", set()), unit_id("区城管局", {"cgj"})
    ('cgj', 'gzjd', 'cgj-2')
    """
    from pypinyin import Style, lazy_pinyin

    core = re.sub(r"^[区市县]", "", name) or name
    letters = "".join(p[0] for p in lazy_pinyin(core, style=Style.FIRST_LETTER) if p and p[0].isascii())
    base = re.sub(r"[^a-z0-9]", "", letters.lower()) or "unit"
    if not base[0].isalpha():
        base = "u" + base
    base = base[:24]
    candidate, n = base, 2
    while candidate in taken or candidate in RESERVED:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def registry(names: list[str]) -> list[UnitGuess]:
    taken: set[str] = set()
    out = []
    for name in dict.fromkeys(names):
        kind, why = guess_kind(name)
        out.append(UnitGuess(unit_id(name, taken), name, kind, bool(COLLECTIVE.search(name)), why))
    return out


def campaign_id(short_title: str, taken: set[str]) -> str:
    """``蓝天保卫战`` → ``lantian`` (full pinyin of the first two characters), unique in ``taken``."""
    from pypinyin import lazy_pinyin

    core = re.sub(r"[^\u4e00-\u9fff]", "", short_title)[:2] or "plan"
    base = re.sub(r"[^a-z]", "", "".join(lazy_pinyin(core)).lower()) or "plan"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate)
    return candidate
