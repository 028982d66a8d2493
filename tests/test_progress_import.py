"""The 进展报送表 round trip: template → filled (openpyxl, LibreOffice) → import → YAML → check.

Real parts: the template is written by the generator and opened by openpyxl; a filled sheet is
re-saved by LibreOffice headless (``soffice --convert-to xlsx``) as a unit using WPS/LibreOffice
would; the import runs through the command line, which writes plan_data/progress/ and nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import MINI_PLAN, MINI_PROGRESS, ROOT

from generator.data.lights import Light
from generator.data.pipeline import load_plan
from generator.data.progress import load_progress
from generator.data.status import Status
from generator.editors.progress_import import SheetProblems, read_sheet
from generator.exports import progress_xlsx as px
from generator.model.model import Plan

AS_OF = dt.date(2024, 10, 20)
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(MINI_PLAN)


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, root)
    shutil.copytree(MINI_PROGRESS, root / "progress")
    (root / "progress" / "jia" / "2024-10.yaml").unlink(missing_ok=True)
    return root


def template_for(plan: Plan, root: Path, unit_id: str = "jia") -> bytes:
    progress, _ = load_progress(plan, root / "progress", today=AS_OF)
    return px.template(plan, Status(plan, progress, AS_OF), plan.unit(unit_id))


def fill(data: bytes, edit: dict[str, object], reported: object = dt.datetime(2024, 10, 18)) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[px.SHEET]
    if reported is not None:
        ws[px.REPORTED_CELL] = reported
    for cell, value in edit.items():
        ws[cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def good_edit() -> dict[str, object]:
    return {
        "I8": "已完成",
        "J8": "排查全部完成。",
        "M8": "甲局〔2024〕9号",
        "I9": "推进中",
        "J9": "持续监测。",
        "N9": 5.5,
    }


def test_template_rows_are_the_units_open_duties(plan: Plan, tree: Path) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(template_for(plan, tree)))[px.SHEET]
    assert ws[px.UNIT_CELL].value == "区甲局" and ws[px.PERIOD_CELL].value == "2024-10"
    assert tuple(c.value for c in ws[px.HEADER_ROW + 1]) == px.HEADERS
    rows = [(r[1], r[2]) for r in ws.iter_rows(min_row=px.FIRST_ROW + 1, values_only=True)]
    # 区甲局: 甲1 (open, due 10-31), 甲3 and 乙1 (no deadline: the whole task); 乙2(1) is done;
    # the monthly 报送 duty is not a row (sending the sheet fulfils it)
    assert rows == [("甲1", "alpha-01-d1"), ("甲3", None), ("乙1", None)]
    assert not ws.merged_cells.ranges
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "已完成" in lists[0].formula1 and str(lists[0].sqref) == "I8:I10"


def test_round_trip_and_reimport_is_idempotent(plan: Plan, tree: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "区甲局.xlsx"
    sheet.write_bytes(fill(template_for(plan, tree), good_edit()))
    first = run("progress", "import", str(sheet), "--data", str(tree), "--as-of", AS_OF.isoformat())
    assert first.returncode == 0, first.stderr
    out = tree / "progress" / "jia" / "2024-10.yaml"
    text = out.read_text(encoding="utf-8")
    assert "status: 已完成" in text and "value: 5.5" in text and "evidence: 甲局〔2024〕9号" in text
    again = run("progress", "import", str(sheet), "--data", str(tree), "--as-of", AS_OF.isoformat())
    assert again.returncode == 0 and "未改动" in again.stdout
    assert out.read_text(encoding="utf-8") == text
    checked = run("check", "--data", str(tree))
    assert checked.returncode == 0, checked.stderr
    progress, _ = load_progress(plan, tree / "progress", today=AS_OF)
    st = Status(plan, progress, AS_OF)
    jia1 = next(i for i in st.items(plan.unit("jia")) if i.entry.code == "甲1")
    assert jia1.light is Light.DONE


def test_a_different_sheet_for_the_same_period_needs_replace(plan: Plan, tree: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(fill(template_for(plan, tree), good_edit()))
    b.write_bytes(fill(template_for(plan, tree), {**good_edit(), "J8": "另一份。"}))
    assert run("progress", "import", str(a), "--data", str(tree), "--as-of", "2024-10-20").returncode == 0
    before = (tree / "progress" / "jia" / "2024-10.yaml").read_text(encoding="utf-8")
    refused = run("progress", "import", str(b), "--data", str(tree), "--as-of", "2024-10-20")
    assert refused.returncode == 1 and "--replace" in refused.stderr
    assert (tree / "progress" / "jia" / "2024-10.yaml").read_text(encoding="utf-8") == before
    replaced = run("progress", "import", str(b), "--data", str(tree), "--as-of", "2024-10-20", "--replace")
    assert replaced.returncode == 0 and "另一份" in (tree / "progress" / "jia" / "2024-10.yaml").read_text(
        "utf-8"
    )


def test_a_sheet_saved_by_libreoffice_imports_the_same(plan: Plan, tree: Path, tmp_path: Path) -> None:
    if not Path(SOFFICE).exists():
        message = "LibreOffice is not installed: run `make chromium` (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    filled = fill(template_for(plan, tree), good_edit())
    src = tmp_path / "in" / "区甲局.xlsx"
    src.parent.mkdir()
    src.write_bytes(filled)
    out_dir = tmp_path / "out"
    env = dict(os.environ, HOME=str(tmp_path))  # a fresh LibreOffice profile
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "xlsx", "--outdir", str(out_dir), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    resaved = (out_dir / "区甲局.xlsx").read_bytes()
    assert resaved != filled  # really written by another program
    assert (
        read_sheet(plan, resaved, "区甲局.xlsx", AS_OF).text == read_sheet(plan, filled, "x.xlsx", AS_OF).text
    )


# --- every bad sheet: the cell, what is wrong, what to do; nothing written -----------------------


def problems_of(plan: Plan, data: bytes, today: dt.date = AS_OF) -> list[str]:
    with pytest.raises(SheetProblems) as exc:
        read_sheet(plan, data, "表.xlsx", today)
    return [p.format() for p in exc.value.problems]


BAD_EDITS: list[tuple[str, dict[str, object], str, str]] = [
    ("status not in the list", {"I8": "已完结", "J8": "完成。"}, "进展报送!I8", "是否指“已完成”"),
    ("no status", {"J8": "写了进展却没选状态。"}, "进展报送!I8", "没有选择完成状态"),
    ("unknown task code", {"B8": "甲99", "I8": "推进中"}, "进展报送!B8", "甲99"),
    (
        "a task the unit does not hold",
        {"B8": "乙2(2)", "C8": None, "I8": "推进中"},
        "进展报送!B8",
        "没有担任任何角色",
    ),
    ("a deadline id of another task", {"C8": "beta-02-d1", "I8": "推进中"}, "进展报送!C8", "alpha-01-d1"),
    (
        "a duplicate row",
        {"B9": "甲1", "C9": "alpha-01-d1", "I8": "推进中", "I9": "已完成"},
        "进展报送!B9",
        "第 8 行",
    ),
    ("a formula", {"I8": "推进中", "J8": '=CONCAT("a","b")'}, "进展报送!J8", "公式"),
    ("closed out without date", {"I8": "已销号", "P8": "区丙中心"}, "进展报送!O8", "销号日期"),
    ("a value for a task without targets", {"I8": "推进中", "N8": 3}, "进展报送!N8", "没有数值指标"),
    ("a text too long", {"I8": "推进中", "J8": "字" * 2001}, "进展报送!J8", "2001"),
    ("a changed header", {"J7": "情况"}, "进展报送!J7", "表头被修改"),
    ("unit changed to another", {"B2": "区乙局", "I8": "推进中"}, "进展报送!B2", "为区甲局生成的"),
    ("unit unknown", {"B2": "区甲", "I8": "推进中"}, "进展报送!B2", "是否指“区甲局”"),
    ("period changed", {"B3": "2024年10月", "I8": "推进中"}, "进展报送!B3", "写法不对"),
]


@pytest.mark.parametrize(("why", "edit", "cell", "words"), BAD_EDITS, ids=[b[0] for b in BAD_EDITS])
def test_a_bad_sheet_is_located(
    plan: Plan, tree: Path, why: str, edit: dict[str, object], cell: str, words: str
) -> None:
    found = problems_of(plan, fill(template_for(plan, tree), edit))
    assert any(f"[{cell}]" in p and words in p for p in found), found


def test_dates_that_cannot_be(plan: Plan, tree: Path) -> None:
    t = template_for(plan, tree)
    assert any(
        "晚于今天" in p for p in problems_of(plan, fill(t, {"I8": "推进中"}, dt.datetime(2024, 10, 25)))
    )
    assert any(
        "[进展报送!B4]" in p and "没有填写报送日期" in p
        for p in problems_of(plan, fill(t, {"I8": "推进中"}, None))
    )
    early = problems_of(plan, fill(t, {"I8": "推进中"}, dt.datetime(2024, 9, 30)))
    assert any("早于报送期" in p for p in early)


def test_merged_cells_and_an_empty_sheet(plan: Plan, tree: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(fill(template_for(plan, tree), {"I8": "推进中", "J8": "x"})))
    wb[px.SHEET].merge_cells("J8:L8")
    buf = io.BytesIO()
    wb.save(buf)
    assert any("[进展报送!J8:L8]" in p and "合并" in p for p in problems_of(plan, buf.getvalue()))
    assert any("没有填写任何一行" in p for p in problems_of(plan, fill(template_for(plan, tree), {})))


def test_several_problems_are_all_reported(plan: Plan, tree: Path) -> None:
    found = problems_of(
        plan,
        fill(
            template_for(plan, tree),
            {"I8": "已完结", "J9": "=1+1", "I9": "推进中", "B10": "甲99", "I10": "推进中"},
        ),
    )
    cells = {p.split("[", 1)[1].split("]", 1)[0] for p in found}
    assert {"进展报送!I8", "进展报送!J9", "进展报送!B10"} <= cells


NOT_XLSX: list[tuple[str, bytes, str]] = [
    ("an .xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为"),
    ("a WPS .et renamed", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"WPS" * 300, "WPS"),
    ("a CSV", "任务编号,完成状态\n甲1,已完成\n".encode("gb18030"), "CSV"),
    ("nonsense", b"\x00\x01\x02garbage", "不是 .xlsx"),
]


@pytest.mark.parametrize(("why", "data", "words"), NOT_XLSX, ids=[n[0] for n in NOT_XLSX])
def test_a_file_that_is_not_xlsx_says_what_it_is(plan: Plan, why: str, data: bytes, words: str) -> None:
    assert any(words in p for p in problems_of(plan, data))


def test_a_word_file_and_a_zip_bomb(plan: Plan) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert any("Word" in p for p in problems_of(plan, buf.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<w/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
    assert any("解压后超过" in p for p in problems_of(plan, bomb.getvalue()))


def test_a_bad_sheet_writes_nothing_and_says_why_in_chinese(plan: Plan, tree: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.xlsx"
    sheet.write_bytes(fill(template_for(plan, tree), {"I8": "已完结"}))
    before = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*"))
    out = run("progress", "import", str(sheet), "--data", str(tree), "--as-of", "2024-10-20")
    assert out.returncode == 1
    assert "bad.xlsx: 错误 [进展报送!I8]: 完成状态“已完结”不在列表中" in out.stderr
    assert "Traceback" not in out.stderr
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")) == before


def test_template_command(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    done = run(
        "progress", "template", "甲局", "--data", str(tree), "--as-of", "2024-10-20", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(out)[px.SHEET][px.UNIT_CELL].value == "区甲局"
    unknown = run("progress", "template", "区丁局", "--data", str(tree))
    assert unknown.returncode == 2 and "不在单位名录中" in unknown.stderr


def test_a_recurrence_row_names_its_occurrence(plan: Plan, tree: Path) -> None:
    """区丙中心's Q3 巡查 is overdue at 10-20 (its September report removed): the sheet's row names
    2024-09-30 in 应完成日期, and the import records it, so the late report completes Q3, not Q4."""
    (tree / "progress" / "bing" / "2024-09.yaml").unlink()
    ws = openpyxl.load_workbook(io.BytesIO(template_for(plan, tree, "bing")))[px.SHEET]
    rows = [(r[1], r[2], r[6]) for r in ws.iter_rows(min_row=px.FIRST_ROW + 1, values_only=True)]
    assert rows == [("乙2(2)", "beta-02-d2", dt.datetime(2024, 9, 30))]
    text = read_sheet(plan, fill(template_for(plan, tree, "bing"), {"I8": "已完成"}), "b.xlsx", AS_OF).text
    assert "due: 2024-09-30" in text


def test_a_percent_cell_is_read_as_the_sheet_shows_it(plan: Plan, tree: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(fill(template_for(plan, tree), {"I9": "推进中", "N9": 0.058})))
    wb[px.SHEET]["N9"].number_format = "0.0%"
    buf = io.BytesIO()
    wb.save(buf)
    assert "value: 5.8" in read_sheet(plan, buf.getvalue(), "p.xlsx", AS_OF).text


def test_values_and_periods_that_cannot_be(plan: Plan, tree: Path) -> None:
    t = template_for(plan, tree)
    assert any(
        "[进展报送!N9]" in p and "有限" in p
        for p in problems_of(plan, fill(t, {"I9": "推进中", "N9": "1e400"}))
    )
    early = problems_of(plan, fill(t, {"B3": "2024-01", "I8": "推进中"}, dt.datetime(2024, 1, 20)))
    assert any("[进展报送!B3]" in p and "早于方案开始" in p for p in early)
    future = problems_of(plan, fill(t, {"B3": "2024-12", "I8": "推进中"}))
    assert any("[进展报送!B3]" in p and "还没有到" in p for p in future)
    closed = problems_of(plan, fill(t, {"I8": "已销号", "O8": dt.datetime(2024, 10, 19), "P8": "区丙中心"}))
    assert any("[进展报送!O8]" in p and "晚于报送日期" in p for p in closed)


def test_a_collective_name_cannot_report(plan: Plan, tree: Path) -> None:
    found = problems_of(plan, fill(template_for(plan, tree), {"B2": "各镇(街道)", "I8": "推进中"}))
    assert any("[进展报送!B2]" in p and "集合称谓" in p for p in found)


def test_an_ods_file_says_what_it_is(plan: Plan) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert any(".ods" in p for p in problems_of(plan, buf.getvalue()))
    long_csv = ("任务编号,进展\n" + "甲1,完成排查工作\n" * 300).encode("utf-8")
    assert any("CSV" in p for p in problems_of(plan, long_csv))
