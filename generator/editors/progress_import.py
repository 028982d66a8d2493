"""Import a unit's filled 进展报送表 (XLSX) into ``progress/<单位标识>/<YYYY-MM>.yaml``.

``python -m generator progress import FILE.xlsx``: every problem of the sheet is reported — sheet,
cell (``进展报送!I9``), what is wrong and what to do, in Chinese — and then nothing is written. A
good sheet becomes one YAML file, checked by the same code as ``check`` before it is written
(atomically). Importing the same sheet again changes nothing; a different sheet for a unit and
period already reported is refused unless ``--replace``.

What is refused, and said so: a file that is not XLSX (an .xls or WPS .et — both OLE files — a
CSV, a Word file renamed), a sheet too large, formulas, merged cells, a changed header row, a
unit not in the registry or a sheet made for another unit, an unknown task code, a task the unit
holds no role in, a status not in the list (已完结 → 是否指“已完成”?), dates that cannot be, a
duplicate row, a text too long, a sheet with nothing filled in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import math
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.data import schema
from generator.data.load import safe_text
from generator.data.problems import PlanInvalid, Problem
from generator.data.progress import load_progress
from generator.data.reports import (
    STATUSES,
    Codes,
    item_entries_for,
    parse_period,
    period_of,
    period_words,
    unit_holds,
)
from generator.exports import progress_xlsx as px
from generator.model.model import Plan, Unit

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 60 * 1024 * 1024
"""A 2,000-row sheet is well under a megabyte; anything larger is not a 进展报送表 (or a zip bomb)."""
MAX_ROWS = 2_000
MAX_COLUMNS = 40


@dataclass
class Imported:
    unit: Unit
    period: str
    text: str
    """The YAML file's text."""
    rows: int


class SheetProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} 个问题")


def _p(file: str, cell: str, message: str, hint: str) -> Problem:
    return Problem(file, 0, 0, cell, message, hint, "error", "progress-sheet")


def sniff(data: bytes) -> str | None:
    """Why ``data`` is not an XLSX workbook (in Chinese), or None if it looks like one."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return (
            "这是 Excel 97-2003(.xls)或 WPS 表格(.et)格式的文件,不是 .xlsx;"
            "请在 Excel 或 WPS 中打开,“另存为” Excel 工作簿(*.xlsx)后再导入"
        )
    if data[:4] != b"PK\x03\x04":
        head = data[:2000]
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = head.decode(enc)
            except UnicodeDecodeError as e:
                if e.start < len(head) - 4:  # a character cut at the end of the sample is not an error
                    continue
                text = head[: e.start].decode(enc)
            if "," in text or "\t" in text:
                return "这是 CSV 或文本文件,不是 .xlsx;请用网站上下载的进展报送表填写,保存为 .xlsx"
            return "这是文本文件,不是 .xlsx 表格"
        return "这不是 .xlsx 表格文件(可能已损坏,或是其他格式改了扩展名)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "这个 .xlsx 文件已损坏,无法打开;请重新保存后再导入"
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            return (
                "这是 WPS 或 LibreOffice 的 .ods 格式(OpenDocument 表格),不是 .xlsx;"
                "请“另存为” Excel 工作簿(*.xlsx)后再导入"
            )
        if "word/document.xml" in names:
            return "这是 Word 文档,不是 .xlsx 表格"
        return "这是压缩文件,不是 .xlsx 表格"
    if total > MAX_UNZIPPED:
        return f"表格解压后超过 {MAX_UNZIPPED // 1024 // 1024} MB,不是一份进展报送表"
    return None


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _date(v: Any) -> dt.date | str | None:
    """A date cell (or its text, YYYY-MM-DD / YYYY/M/D / YYYY年M月D日); a str saying why not."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return f"“{s[:20]}”不是日期"


def read_sheet(plan: Plan, data: bytes, name: str, today: dt.date) -> Imported:
    """Check a filled 进展报送表 and turn it into a progress file's text; raise
    :class:`SheetProblems` with every problem found."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    name = safe_text(name)
    if len(data) > MAX_BYTES:
        raise SheetProblems(
            [
                _p(
                    name,
                    "",
                    f"文件有 {len(data) // 1024} KB,超过上限 {MAX_BYTES // 1024} KB",
                    "进展报送表通常只有几十 KB;请用网站上下载的报送表填写",
                )
            ]
        )
    why = sniff(data)
    if why:
        raise SheetProblems([_p(name, "", why, "导入的文件必须是 .xlsx 格式的进展报送表")])
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SheetProblems(
            [
                _p(
                    name,
                    "",
                    f"表格无法读取({type(exc).__name__})",
                    "用 Excel 或 WPS 打开后重新保存为 .xlsx,再导入",
                )
            ]
        ) from None
    if px.SHEET not in wb.sheetnames:
        shown = "、".join(safe_text(s)[:20] for s in wb.sheetnames[:10])
        raise SheetProblems(
            [
                _p(
                    name,
                    "",
                    f"找不到工作表“{px.SHEET}”(表中有:{shown})",
                    "请用网站单位页上下载的进展报送表填写,不要改工作表的名称",
                )
            ]
        )
    ws = wb[px.SHEET]
    problems: list[Problem] = []

    def bad(cell: str, message: str, hint: str) -> None:
        problems.append(_p(name, f"{px.SHEET}!{cell}", message, hint))

    if ws.max_row > MAX_ROWS + px.FIRST_ROW or ws.max_column > MAX_COLUMNS:
        raise SheetProblems(
            [
                _p(
                    name,
                    px.SHEET,
                    f"工作表有 {ws.max_row} 行、{ws.max_column} 列,超过上限"
                    f"({MAX_ROWS} 行数据、{MAX_COLUMNS} 列)",
                    "每行一项任务;删除表格下方或右侧多余的内容",
                )
            ]
        )
    merged = list(ws.merged_cells.ranges)
    for rng in merged[:20]:
        bad(str(rng.coord), "这里有合并的单元格", "取消合并(每个单元格单独填写),再导入")
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                bad(c.coordinate, "这里是公式", "把公式换成它的结果:复制后“选择性粘贴 → 数值”")

    # --- the head of the sheet ---------------------------------------------------------------
    by_name = {u.name: u for u in plan.units}
    for u in plan.units:
        for a in u.aliases:
            by_name.setdefault(a, u)
    unit_text = _text(ws[px.UNIT_CELL].value) or ""
    unit = by_name.get(unit_text)
    meta_unit = None
    if px.META_SHEET in wb.sheetnames:
        meta = wb[px.META_SHEET]
        for r in range(1, 12):
            if _text(meta.cell(r, 1).value) == "单位标识":
                meta_unit = _text(meta.cell(r, 2).value)
    if unit is None:
        m = difflib.get_close_matches(unit_text, list(by_name), n=1, cutoff=0.5)
        bad(
            px.UNIT_CELL,
            f"报送单位“{unit_text[:40]}”不在单位名录中" if unit_text else "没有填写报送单位",
            "填写单位全称(与网站单位页一致)" + (f";是否指“{m[0]}”?" if m else ""),
        )
    elif unit.collective:
        bad(
            px.UNIT_CELL,
            f"“{unit.name}”是集合称谓,不是一个单位,不能单独报送",
            "请由具体单位各自报送(单位先要列入 units.yaml)",
        )
        unit = None
    elif meta_unit and meta_unit != unit.id:
        other = next((u for u in plan.units if u.id == meta_unit), None)
        bad(
            px.UNIT_CELL,
            f"这张表是为{other.name if other else meta_unit}生成的,但报送单位写的是“{unit.name}”",
            f"{unit.name}请从本单位页面下载自己的报送表;不要用其他单位的表填写",
        )
        unit = None
    raw_period = ws[px.PERIOD_CELL].value
    period = (
        raw_period.date().isoformat()[:7]
        if isinstance(raw_period, dt.datetime)
        else (_text(raw_period) or "")
    )
    span = parse_period(period)
    if span is None:
        bad(
            px.PERIOD_CELL,
            f"报送期“{period[:20]}”写法不对" if period else "没有填写报送期",
            "写作 年-月,如 2024-09(下载的报送表已写好,不要修改)",
        )
    elif period < period_of(plan.document.period_start) or span[0] > today:
        bad(
            px.PERIOD_CELL,
            f"报送期 {period_words(period)} " + ("早于方案开始的月份" if span[0] <= today else "还没有到"),
            "核对报送期(下载的报送表已写好,不要修改;补报往期请下载该期的报送表)",
        )
        span = None
    reported = _date(ws[px.REPORTED_CELL].value)
    if reported is None:
        bad(px.REPORTED_CELL, "没有填写报送日期", "填写报送日期,如 2024-09-26")
        reported = None
    elif isinstance(reported, str):
        bad(px.REPORTED_CELL, f"报送日期{reported}", "写作 2024-09-26")
        reported = None
    elif reported > today:
        bad(
            px.REPORTED_CELL,
            f"报送日期 {reported.isoformat()} 晚于今天({today.isoformat()})",
            "写实际报送的日期",
        )
        reported = None
    elif span is not None and reported < span[0]:
        bad(
            px.REPORTED_CELL,
            f"报送日期 {reported.isoformat()} 早于报送期 {period_words(period)}",
            "核对报送日期和报送期",
        )
        reported = None
    headers = tuple(_text(ws.cell(px.HEADER_ROW + 1, i + 1).value) or "" for i in range(len(px.COLUMNS)))
    if headers != px.HEADERS:
        i = next(i for i, (a, b) in enumerate(zip(headers, px.HEADERS, strict=True)) if a != b)
        bad(
            f"{get_column_letter(i + 1)}{px.HEADER_ROW + 1}",
            f"表头被修改:应为“{px.HEADERS[i]}”,现为“{headers[i][:20]}”",
            f"表头应在第 {px.HEADER_ROW + 1} 行:不要在表头以上增删行,不要增删、移动列;"
            "请重新下载报送表,把内容填入对应列",
        )
        raise SheetProblems(problems)

    # --- the rows ----------------------------------------------------------------------------
    codes = Codes.of(plan)
    statuses = list(STATUSES)
    col = px.COLUMN_OF
    reports: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], str] = {}
    filled_keys = [c.key for c in px.COLUMNS if c.fill]
    for r in range(px.FIRST_ROW + 1, ws.max_row + 1):

        def cell(key: str, r: int = r) -> Any:
            return ws.cell(r, col[key] + 1).value

        def ref(key: str, r: int = r) -> str:
            return f"{get_column_letter(col[key] + 1)}{r}"

        if all(_text(cell(k)) is None for k in filled_keys):
            continue
        code = _text(cell("item")) or ""
        item = codes.item(code) if code else None
        if item is None:
            bad(
                ref("item"),
                f"任务编号“{code[:30]}”在方案中不存在" if code else "任务编号是空的",
                "不要修改任务编号一列;请对照下载的报送表" + codes.suggest(code, codes.items),
            )
            continue
        if unit is not None and not unit_holds(plan, unit, item):
            bad(
                ref("item"),
                f"{unit.name}在“{item.code}”中没有担任任何角色",
                "这一行不是本单位的任务:核对任务编号,或确认这是本单位的报送表",
            )
            continue
        deadline = _text(cell("deadline"))
        due: dt.date | None = None
        if deadline and unit is not None:
            entries = {e.id: e for e in item_entries_for(plan, unit, item)}
            mine = list(entries)
            chosen = entries.get(deadline)
            if chosen is not None and chosen.deadline.recurrence is not None:
                # a recurrence row names its occurrence (应完成日期): a late report completes that one
                got = _date(cell("due"))
                due = got if isinstance(got, dt.date) and got in chosen.due_days(plan) else None
            if deadline not in mine:
                bad(
                    ref("deadline"),
                    f"时限编号“{deadline[:30]}”不是{item.code}中本单位的时限",
                    "不要修改时限编号一列" + (f"(可填:{'、'.join(mine)})" if mine else ";清空这一格"),
                )
                continue
        key = (deadline or item.code, due.isoformat() if due else "")
        if key in seen:
            bad(
                ref("item"),
                f"“{item.code}”{'(' + deadline + ')' if deadline else ''}在第 {seen[key]} 行已经报送",
                "同一任务(时限)只填一行;合并两行的内容,删除其中一行",
            )
            continue
        seen[key] = str(r)
        status = _text(cell("status"))
        if status is None:
            bad(ref("status"), "填写了进展,但没有选择完成状态", "从下拉列表选择:" + "、".join(statuses))
            continue
        if status not in statuses:
            m = difflib.get_close_matches(status, statuses, n=1, cutoff=0.3)
            bad(
                ref("status"),
                f"完成状态“{status[:20]}”不在列表中",
                "从下拉列表选择:" + "、".join(statuses) + (f";是否指“{m[0]}”?" if m else ""),
            )
            continue
        entry: dict[str, Any] = {"item": item.code}
        if deadline:
            entry["deadline"] = deadline
        if due:
            entry["due"] = due
        entry["status"] = status
        ok = True
        for key_name in ("progress", "problems", "next_steps", "evidence"):
            v = _text(cell(key_name))
            if v is not None and len(v) > schema.MAX_TEXT:
                bad(ref(key_name), f"有 {len(v)} 个字,超过上限 {schema.MAX_TEXT} 字", "精简文字;详细材料另附")
                ok = False
            elif v is not None:
                entry[key_name] = v
        value = cell("value")
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and "%" in str(ws.cell(r, col["value"] + 1).number_format)
        ):
            value = round(value * 100, 6)  # a cell formatted as 98% holds 0.98: the sheet shows 98
        if value is not None and _text(value) is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                try:
                    value = float(str(value).strip().rstrip("%"))
                except ValueError:
                    bad(ref("value"), f"实测值“{_text(value)}”不是数字", "只写数字,不写单位,如 98.5")
                    ok = False
                    value = None
            if value is not None and not math.isfinite(value):
                bad(ref("value"), f"实测值“{_text(value)}”不是一个有限的数", "写具体数值,如 98.5")
                ok = False
                value = None
            if value is not None:
                if not any(t.numeric for t in item.targets()):
                    bad(
                        ref("value"),
                        f"“{item.code}”没有数值指标,不能填写实测值",
                        "清空这一格,把情况写在进展情况中",
                    )
                    ok = False
                else:
                    entry["value"] = int(value) if float(value).is_integer() else float(value)
        closed_on = _date(cell("closed_on"))
        closed_by = _text(cell("closed_by"))
        if status == "已销号":
            if closed_on is None or closed_by is None:
                bad(
                    ref("closed_on" if closed_on is None else "closed_by"),
                    "状态为“已销号”,但没有填写销号日期和销号单位",
                    "填写销号日期(如 2024-11-05)和销号单位(单位名录中的名称)",
                )
                ok = False
            elif isinstance(closed_on, str):
                bad(ref("closed_on"), f"销号日期{closed_on}", "写作 2024-11-05")
                ok = False
            elif closed_on > today or (isinstance(reported, dt.date) and closed_on > reported):
                bad(
                    ref("closed_on"),
                    f"销号日期 {closed_on.isoformat()} 晚于报送日期",
                    "写实际销号的日期;销号之后才能报送已销号",
                )
                ok = False
            elif closed_on < plan.document.period_start:
                bad(ref("closed_on"), f"销号日期 {closed_on.isoformat()} 早于方案开始", "写实际销号的日期")
                ok = False
            elif closed_by not in by_name:
                bad(
                    ref("closed_by"),
                    f"销号单位“{closed_by[:30]}”不在单位名录中",
                    "写单位全称(与网站单位页一致)",
                )
                ok = False
            else:
                entry["closed_on"] = closed_on
                entry["closed_by"] = by_name[closed_by].name
        elif closed_on is not None or closed_by is not None:
            bad(
                ref("closed_on" if closed_on is not None else "closed_by"),
                f"状态为“{status}”,不是“已销号”,不应填写销号信息",
                "清空销号日期和销号单位,或把状态改为已销号",
            )
            ok = False
        if ok:
            reports.append(entry)
    if not problems and not reports:
        bad(f"I{px.FIRST_ROW + 1}", "表中没有填写任何一行", "至少为一项任务选择完成状态并填写进展情况")
    if problems:
        raise SheetProblems(problems)
    assert unit is not None and span is not None and isinstance(reported, dt.date)
    doc = {
        "unit": unit.name,
        "period": period,
        "reported": reported,
        "source": "进展报送表(XLSX)导入",
        "reports": reports,
    }
    text = "# 进展报送:由 python -m generator progress import 从进展报送表导入\n" + yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
    return Imported(unit, period, text, len(reports))


def destination(plan_root: Path, imported: Imported) -> Path:
    return Path(plan_root) / "progress" / imported.unit.id / f"{imported.period}.yaml"


def verify(plan: Plan, progress_root: Path, imported: Imported, today: dt.date) -> list[Problem]:
    """Check the new file together with the folder it goes into, as ``check`` would (nothing is
    written there: the folder is copied to a temporary place)."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "progress"
        if progress_root.is_dir():
            shutil.copytree(progress_root, copy, symlinks=True)
        target = copy / imported.unit.id / f"{imported.period}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(imported.text, encoding="utf-8")
        try:
            load_progress(plan, copy, today=today)
        except PlanInvalid as exc:
            return exc.errors
    return []


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
