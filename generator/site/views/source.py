"""The 原文 page: the document line by line, task numbers and unit names linked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import urls
from generator.model.model import (
    ROLES,
    Plan,
    Task,
    Unit,
)

_SEPARATORS = re.compile(r"[、,，;；\s]+")


# a task's first line in the 原文: “12.” / “12．” / “12、” (one pattern, not one per task: compiling
# 79 patterns was a tenth of the pages' time)
_TASK_NUMBER = re.compile(r"([0-9]+)\s*[.．、]\s*")


@dataclass(frozen=True)
class SourceSpan:
    """A piece of a 原文 line: plain text, or text that links to a unit's or a task's page."""

    text: str
    unit: Unit | None = None
    task: Task | None = None


@dataclass(frozen=True)
class SourceLine:
    text: str
    anchors: tuple[str, ...]
    heading: bool = False
    right: bool = False
    spans: tuple[SourceSpan, ...] = ()
    """The text cut into linked and plain pieces (joined, exactly :attr:`text`); empty: all plain."""

    @property
    def parts(self) -> tuple[SourceSpan, ...]:
        return self.spans or (SourceSpan(self.text),)


def _task_number(line: str, number: str) -> re.Match[str] | None:
    """``line``'s opening task number (after blanks), if it is ``number``."""
    m = _TASK_NUMBER.match(line, len(line) - len(line.lstrip()))
    return m if m is not None and m.group(1) == number else None


def _unit_names(plan: Plan) -> dict[str, Unit]:
    """Every registry name and alias → its unit."""
    names: dict[str, Unit] = {}
    for u in plan.units:
        for n in (*u.aliases, u.name):
            if n:
                names[n] = u
    return names


def _spans(text: str, links: list[tuple[int, int, Unit | Task]]) -> tuple[SourceSpan, ...]:
    out: list[SourceSpan] = []
    pos = 0
    for lo, hi, target in sorted(links, key=lambda x: x[0]):
        if lo > pos:
            out.append(SourceSpan(text[pos:lo]))
        if isinstance(target, Task):
            out.append(SourceSpan(text[lo:hi], task=target))
        else:
            out.append(SourceSpan(text[lo:hi], unit=target))
        pos = hi
    if pos < len(text):
        out.append(SourceSpan(text[pos:]))
    return tuple(out)


def unit_line_links(plan: Plan, texts: list[str]) -> dict[int, list[tuple[int, int, Unit]]]:
    """Where registry unit names stand in the 原文's unit lines (牵头单位:… 配合单位:… 责任单位:…
    责任部门:…): line index → (start, end, unit). A line whose last name runs on into the next line
    (“区发展改” / “革委”) continues there; each piece links to the unit."""
    names = _unit_names(plan)
    if not names:
        return {}
    labels = {r.label for r in ROLES} | {a.label for t in plan.tasks for a in t.assignments}
    def alternation(words: set[str] | dict[str, Unit]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    label_re = re.compile(f"^(?:{alternation(labels)})" + r"\s*[:：]")
    name_re = re.compile(alternation(names))
    out: dict[int, list[tuple[int, int, Unit]]] = {}
    for k, text in enumerate(texts):
        m = label_re.match(text)
        if not m:
            continue
        region = [(k, m.end())]
        rest = text[m.end():]
        tail = _SEPARATORS.split(rest)[-1] if rest else ""
        if tail and tail not in names and k + 1 < len(texts) and not label_re.match(texts[k + 1]):
            nxt = texts[k + 1]
            split = [n.removeprefix(tail) for n in names if len(n) > len(tail) and n.startswith(tail)]
            if any(nxt.startswith(rest) for rest in split):
                region.append((k + 1, 0))
        joined = ""
        offsets: list[tuple[int, int, int]] = []  # (line, start in joined, start in line)
        for line, start in region:
            offsets.append((line, len(joined), start))
            joined += texts[line][start:]
        for hit in name_re.finditer(joined):
            for line, j0, l0 in offsets:
                j1 = j0 + len(texts[line]) - l0
                lo, hi = max(hit.start(), j0), min(hit.end(), j1)
                if lo < hi:
                    out.setdefault(line, []).append((lo - j0 + l0, hi - j0 + l0, names[hit.group()]))
    return out


def source_lines(plan: Plan) -> list[SourceLine]:
    """The original text line by line, with an anchor at each campaign title and each task's first
    line (``urls.source_anchor``). A task whose line cannot be found gets its anchor at its
    campaign's title (every task page's link must resolve)."""
    raw = plan.document.source_text.split("\n")
    anchors: dict[int, list[str]] = {}
    task_at: dict[int, Task] = {}
    headings: set[int] = set()
    pos = 0
    for c in plan.campaigns:
        start = next((i for i in range(pos, len(raw)) if raw[i].strip() == c.title.strip()), None)
        if start is None:
            start = next((i for i in range(len(raw)) if raw[i].strip() == c.title.strip()), None)
        if start is not None:
            headings.add(start)
            anchors.setdefault(start, []).append(urls.campaign_source_anchor(c.id))
            pos = start + 1
        for t in c.tasks:
            if t.added_by_id is not None:  # added by a later document: not in the original
                continue
            number = str(t.number)
            hit = next((i for i in range(pos, len(raw)) if _task_number(raw[i], number)), None)
            if hit is None:
                fallback = start if start is not None else 0
                anchors.setdefault(fallback, []).append(urls.source_anchor(t.id))
            else:
                anchors.setdefault(hit, []).append(urls.source_anchor(t.id))
                task_at[hit] = t
                pos = hit + 1
    kept = [i for i, line in enumerate(raw) if line.strip()]
    texts = [raw[i].strip() for i in kept]
    links: dict[int, list[tuple[int, int, Unit | Task]]] = {
        k: list(v) for k, v in unit_line_links(plan, texts).items()
    }
    for k, i in enumerate(kept):
        at = task_at.get(i)
        m = _task_number(texts[k], str(at.number)) if at else None
        if at and m:
            end = m.end() + (len(at.title) if texts[k].startswith(at.title, m.end()) else 0)
            links.setdefault(k, []).append((0, end, at))
    out: list[SourceLine] = []
    pending: list[str] = []
    k = 0
    for i, line in enumerate(raw):
        ids = pending + anchors.get(i, [])
        if not line.strip():
            pending = ids
            continue
        pending = []
        lead = len(line) - len(line.lstrip())
        text = texts[k]
        spans = _spans(text, links[k]) if k in links else ()
        out.append(SourceLine(text, tuple(ids), i in headings, lead >= 8, spans))
        k += 1
    if pending:
        out.append(SourceLine("", tuple(pending)))
    return out
