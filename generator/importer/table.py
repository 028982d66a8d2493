"""Layout 4: a 任务分解表 — 序号 | 工作任务 | 牵头单位 | (配合单位 |) 责任单位 | 完成时限 — in a Word
file or a separate XLSX/CSV. A row whose cells all say the same (a merged cell across the table)
starts a section; the header row is found by its column names."""

from __future__ import annotations

import re

from generator.importer.parse import (
    Campaign,
    Note,
    Parsed,
    Parser,
    Section,
    Task,
    find_deadlines,
    is_campaign_title,
    split_names,
    title_stop,
)
from generator.importer.read import ImportFailed, SourceDoc

COLUMNS = {
    "number": ("序号", "编号"),
    "task": ("工作任务", "重点任务", "任务内容", "主要任务", "工作内容", "任务"),
    "lead": ("牵头单位", "牵头部门"),
    "cooperate": ("配合单位", "配合部门", "参与单位"),
    "responsible": ("责任单位", "责任部门"),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限"),
}


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows[:20]):
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            name = re.sub(r"\s", "", cell)
            for key, words in COLUMNS.items():
                if key not in cols and name in words:
                    cols[key] = j
        if "task" in cols and ({"lead", "responsible"} & set(cols)):
            return i, cols
    return None


def parse_table(src: SourceDoc) -> Parsed:
    table = next((t for t in src.tables if _header(t)), None)
    if table is None:
        raise ImportFailed(f"{src.name} 中没有找到任务分解表:表头应有“工作任务”和“牵头单位”或“责任单位”等列")
    found = _header(table)
    assert found is not None
    at, cols = found
    # the notice and the plan's title come from the paragraphs around the table (a Word file)
    head = Parser(src.paragraphs)
    items = [(i + 1, ln.strip()) for i, ln in enumerate(src.paragraphs) if ln.strip()]
    notice = head.notice([x for x in items if not is_campaign_title(x[1])]) if items else None
    stem = src.name.rsplit(".", 1)[0]
    above = [c_.strip() for row in table[:at] for c_ in row if c_.strip()]  # a title row over the header
    title = next((t for _, t in items if is_campaign_title(t)), None) or next(iter(above), None)
    notes: list[Note] = []
    if title is None:
        title = stem
        src.lines.insert(0, stem)
        notes.append(
            Note("表格", f"表格上方没有标题,方案标题暂用文件名“{stem}”(已作为原文第一行):请改为正式标题")
        )
    year = notice.plan_year if notice and notice.plan_year else None
    if year is None and (m := re.search(r"(20\d{2})年", title)):
        year = int(m.group(1))
    c = Campaign(title, 1)
    c.parts = []
    section = Section(1, "主要任务")
    number = 0
    for r, row in enumerate(table[at + 1 :], at + 2):
        cells = [x.strip() for x in row]
        if not any(cells):
            continue
        label_only = bool(re.match(r"^[(（]?[一二三四五六七八九十]+[)）、]", cells[0])) and not any(
            cells[cols[k]] for k in ("lead", "cooperate", "responsible") if k in cols and cols[k] < len(cells)
        )
        if label_only and cols.get("number", 0) == 0 and cells[0] and cols["task"] < len(cells):
            # （一）,饮用水水源保护,,, : a section row written in the number column
            name = re.sub(r"^[(（]?[一二三四五六七八九十]+[)）、]\s*", "", cells[cols["task"]] or cells[0])
            section = Section(len(c.sections) + 1, name)
            c.sections.append(section)
            continue
        if len(set(c_ for c_ in cells if c_)) == 1 and len(cells) > 2:  # a merged section row
            label = re.sub(r"^[(（]?[一二三四五六七八九十]+[)）、]?\s*", "", cells[0])
            section = Section(len(c.sections) + 1, label)
            c.sections.append(section)
            continue
        task_text = cells[cols["task"]] if cols["task"] < len(cells) else ""
        if not task_text:
            notes.append(Note(f"表格第{r}行", "这一行没有任务内容,已跳过"))
            continue
        if not c.sections:
            c.sections.append(section)
        number += 1
        title_, stop, body = title_stop(task_text)
        t = Task(number, section.number, title_, body, r, title_end=stop)
        for role in ("lead", "cooperate", "responsible"):
            if role in cols and cols[role] < len(cells) and cells[cols[role]]:
                names, note = split_names(cells[cols[role]])
                t.units.add(role, names, None, note)
        words = cells[cols["deadline"]] if "deadline" in cols and cols["deadline"] < len(cells) else ""
        t.deadlines = find_deadlines(task_text, year, None)
        if words and not any(d.text in task_text for d in t.deadlines):
            # the 完成时限 column: recorded only where its words stand in the task text (the data's
            # rule: a deadline's words occur in the text); else listed for the editor
            notes.append(Note(f"表格第{r}行", f"完成时限“{words}”不在任务文字中,未作为时限收录:请核对"))
        c.tasks.append(t)
    c.intro = title
    return Parsed(
        notice.doc_number if notice else None,
        notice.title if notice and notice.title and notice.title != title else title,
        notice.addressees if notice else None,
        notice.body if notice else [],
        notice.date_written if notice else None,
        notice.date_written_text if notice else None,
        notice.published if notice else None,
        notice.published_source if notice else None,
        0,
        year,
        [c],
        notes + head.notes,
    )
