"""``python -m generator import`` (issue 15): a 公文 → a draft plan_data folder that passes ``check``.

The main test is the round trip: importing the original of 惠环委〔2024〕3号 reproduces the curated
data — every task's text, units by role (implicit ones included), sub-items and dated deadlines —
and lists what only a human added. Each layout plans of this genre use has its own invented fixture
document (tests/fixtures/import/, all labelled 测试用虚构文件); Word, XLSX and PDF files are made
here by real writers (python-docx, openpyxl, Chromium's PDF printer)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.data.pipeline import load_plan
from generator.importer import ImportFailed, import_document
from generator.importer.compare import human_additions, reproduced
from generator.model.model import Plan, Role

FIXTURES = ROOT / "tests" / "fixtures" / "import"
SOURCE = ROOT / "plan_data" / "source" / "000_26869fdaef8b9d06.txt"


def imported(doc: Path, tmp_path: Path) -> Plan:
    result = import_document(doc, tmp_path / "plan_data")
    assert result.problems == [], result.problems  # the draft passes check (warnings allowed)
    return load_plan(tmp_path / "plan_data")


def roles(plan: Plan, task_id: str, role: Role, subitem: str | None = None) -> list[str]:
    t = plan.task(task_id)
    return [a.unit.name for a in t.assignments if a.role == role and a.subitem == subitem]


# --- the round trip ------------------------------------------------------------------------------
def test_importing_the_original_reproduces_the_curated_data(tmp_path: Path) -> None:
    curated = load_plan(ROOT / "plan_data")
    draft = imported(SOURCE, tmp_path)
    assert reproduced(curated, draft) == []
    assert len(draft.tasks) == len(curated.tasks) == 79
    # the same, counted independently of compare.py
    for t in curated.tasks:
        d = draft.task(t.id)
        assert d.text == t.text, t.code
        for role in Role:
            assert [u.name for u in d.units(role)] == [u.name for u in t.units(role)], (t.code, role)
            assert [u.name for u in d.units(role) if d.is_implicit(u, role)] == [
                u.name for u in t.units(role) if t.is_implicit(u, role)
            ], (t.code, role)
        assert [(s.label, s.text) for s in d.subitems] == [(s.label, s.text) for s in t.subitems]
        want = [(x.subitem, x.text, x.date) for x in t.all_deadlines if x.date]
        assert [(x.subitem, x.text, x.date) for x in d.all_deadlines if x.date] == want, t.code
    for c, d in zip(curated.campaigns, draft.campaigns, strict=True):
        assert (d.id, d.title, d.short_title, d.intro, d.basis) == (
            c.id,
            c.title,
            c.short_title,
            c.intro,
            c.basis,
        )
        assert [(p.number, p.heading, p.role, p.paragraphs) for p in d.parts] == [
            (p.number, p.heading, p.role, p.paragraphs) for p in c.parts
        ]
        assert [(s.number, s.title, s.paragraphs) for s in d.sections] == [
            (s.number, s.title, s.paragraphs) for s in c.sections
        ]
        assert [(r.title, r.text) for r in d.requirements] == [(r.title, r.text) for r in c.requirements]
    a, b = curated.document, draft.document
    for f in (
        "doc_number",
        "title",
        "addressees",
        "body",
        "date_written",
        "published",
        "plan_year",
        "period_end",
    ):
        assert getattr(a, f) == getattr(b, f), f
    assert {u.name: u.kind for u in draft.units} == {u.name: u.kind for u in curated.units}
    assert {u.name for u in draft.units if u.collective} == {u.name for u in curated.units if u.collective}
    # what only a human added is listed, not silently lost
    extra = human_additions(curated, draft)
    assert any(x.startswith("单位 区城管局:别称") for x in extra)
    assert any("目标指标" in x for x in extra) and any("possible_typo" in x or "conflict" in x for x in extra)


def test_the_report_lists_what_to_confirm(tmp_path: Path) -> None:
    result = import_document(SOURCE, tmp_path / "out")
    assert "区城管局(标识 cgj):区直部门" in result.report
    assert "各镇(街道)(标识 gzjd):镇(街道)(集合称谓,未展开)" in result.report
    assert "单位行在“局、区发展改”之后断行,已接排" in result.report  # 净土9(1)'s broken unit line
    assert "- **蓝天12** 开展低效失效治理设施排查整治(原文第115行)" in result.report
    assert "“2024年10月底前”→2024-10-31" in result.report


# --- the layouts ---------------------------------------------------------------------------------
def test_layout1_unit_lines_gbk_and_an_implicit_note(tmp_path: Path) -> None:
    raw = (FIXTURES / "layout1-gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is GB18030
    plan = imported(FIXTURES / "layout1-gbk.txt", tmp_path)
    assert plan.document.doc_number == "测环委〔2025〕1号" and plan.document.plan_year == 2025
    assert [c.title for c in plan.campaigns] == [
        "测试区2025年蓝天保卫战实施方案",
        "测试区2025年碧水保卫战实施方案",
    ]
    t = plan.task("lantian-01")
    assert t.text == "强化工地扬尘治理。2025年5月底前完成全部在建工地围挡检查,对问题工地挂牌督办。"
    assert any(f.kind == "broken_line" for f in t.flags)
    assert roles(plan, "lantian-01", Role.COOPERATE) == ["区城管局", "区交通局"]
    assert [(d.text, d.date.isoformat()) for d in t.deadlines if d.date] == [("2025年5月底前", "2025-05-31")]
    assert plan.task("lantian-02").assignments[-1].label == "责任部门"
    # 〔以下各项工作相关镇(街道)均为责任单位,不再列出〕: implicit in every 碧水 task
    assert "相关镇(街道)" in [u.name for u in plan.task("bishui-02").units(Role.RESPONSIBLE)]
    assert plan.task("bishui-02").is_implicit(plan.unit_by_name("相关镇(街道)"), Role.RESPONSIBLE)
    assert [s.label for s in plan.task("bishui-02").subitems] == ["(1)", "(2)"]
    assert roles(plan, "bishui-02", Role.RESPONSIBLE, "(2)") == ["区城管局"]
    assert plan.campaigns[0].requirements[0].deadlines[0].reporting  # 每月28日前报送
    assert plan.document.source_text.rstrip().endswith("各镇(街道)要落实属地责任。")  # 打印此文 dropped


def test_layout2_units_in_parentheses(tmp_path: Path) -> None:
    plan = imported(FIXTURES / "layout2-parens.txt", tmp_path)
    t1 = plan.tasks[0]
    assert t1.text == "开展涉VOCs企业排查。2025年6月底前完成全市涉VOCs企业排查,建立台账。"
    assert [u.name for u in t1.units(Role.LEAD)] == ["市生态环境局"]
    assert [u.name for u in t1.units(Role.COOPERATE)] == ["市发展改革委", "市工业和信息化局"]
    assert [u.name for u in t1.units(Role.RESPONSIBLE)] == ["各县(区)人民政府"]
    assert [u.name for u in plan.tasks[1].units(Role.LEAD)] == ["市生态环境局"]  # 牵头督导
    assert [u.name for u in plan.tasks[2].units(Role.LEAD)] == ["市市场监管局", "市商务局"]  # several leads
    # the 以下…不再列出 note inside the parentheses: 各县(区)人民政府 responsible in task 4 too
    t4 = plan.tasks[3]
    assert t4.is_implicit(plan.unit_by_name("各县(区)人民政府"), Role.RESPONSIBLE)
    assert plan.unit_by_name("各县(区)人民政府").collective


def test_layout3_one_line_of_units(tmp_path: Path) -> None:
    plan = imported(FIXTURES / "layout3-oneline.txt", tmp_path)
    assert [u.name for u in plan.tasks[0].units(Role.LEAD)] == ["区住建局"]
    assert [u.name for u in plan.tasks[0].units(Role.RESPONSIBLE)] == [
        "区水利局",
        "区市场监管局",
        "各镇(街道)",
    ]
    assert [u.name for u in plan.tasks[1].units(Role.COOPERATE)] == ["区水利局"]
    assert [d.text for d in plan.tasks[1].deadlines] == ["按照市定时间节点"]
    assert plan.tasks[0].deadlines[0].date.isoformat() == "2025-09-30"


def test_layout5_one_plan_deep_numbering_and_titles_without_a_full_stop(tmp_path: Path) -> None:
    plan = imported(FIXTURES / "layout5-single.txt", tmp_path)
    assert len(plan.campaigns) == 1 and plan.document.plan_year == 2025
    t1, t2, t3 = plan.tasks
    assert (t1.title, t1.title_end) == ("建立网格责任体系", ";")  # ended by ;
    assert (t2.title, t2.title_end, t2.body) == (
        "强化巡查值守",
        "",
        "在夏收期间实行24小时巡查,①乡镇干部包村;②村干部包组。",
    )
    assert [s.label for s in t3.subitems] == ["(1)", "(2)"]
    assert roles(plan, t3.id, Role.LEAD, "(2)") == ["县畜牧中心"]
    assert [(d.subitem, d.date.isoformat()) for d in t3.all_deadlines if d.date] == [("(1)", "2025-10-31")]
    assert plan.unit_by_name("各乡镇人民政府").collective


def test_variants_real_plans_use(tmp_path: Path) -> None:
    """A masthead, 附件 markers, a 行动计划, numbering restarting in each section, full-width
    punctuation and labels, a one-sentence task, a body on the line after the title, 之前 / 上半年,
    units marked (牵头), 等部门, one unit spelt with both kinds of parentheses, a PDF page number."""
    result = import_document(FIXTURES / "layout6-variants.txt", tmp_path / "plan_data")
    assert result.problems == []
    plan = load_plan(tmp_path / "plan_data")
    doc = plan.document
    assert (doc.doc_number, doc.title) == (
        "测政办〔2025〕5号",
        "关于印发测试市2025年扬尘污染防治行动计划的通知",
    )
    assert [c.title for c in plan.campaigns] == ["测试市2025年扬尘污染防治行动计划"]
    t1, t2, t3 = plan.tasks
    assert [t.number for t in plan.tasks] == [1, 2, 3] and "已按出现顺序改为 1、2、3" in result.report
    assert t1.text == "开展工地排查。"  # one sentence: the title is the task
    assert (
        t2.text
        == "落实六个百分百。全面落实工地周边围挡、物料堆放覆盖等措施,2025年6月30日之前完成整改。".replace(
            ",", "，"
        )
    )
    assert [u.name for u in t2.units(Role.COOPERATE)] == ["市城管局", "市交通局"]  # 等部门 dropped
    assert [u.name for u in plan.units if "各县" in u.name] == ["各县（市、区）人民政府"]
    assert [(d.text, d.date.isoformat()) for d in t2.deadlines] == [("2025年6月30日之前", "2025-06-30")]
    assert [(d.text, d.date.isoformat()) for d in t3.deadlines] == [("2025年上半年前", "2025-06-30")]
    assert [s.label for s in t3.subitems] == ["(1)", "(2)"]  # （1） in the document
    assert roles(plan, t3.id, Role.LEAD, "(2)") == ["市公安局", "市城管局"]  # 市城管局（牵头）
    assert "- 2 -" not in t2.text + t3.text and "“- 2 -”是页码" in result.report


def test_table_cells_with_line_breaks_and_section_rows_in_csv(tmp_path: Path) -> None:
    import csv

    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
        ["（一）", "饮用水水源保护", "", "", ""],
        ["1", "开展水源地巡查。每季度开展一次巡查。", "区水利局", "区自然资源局\n区公安分局", "每季度"],
        ["（二）", "黑臭水体治理", "", "", ""],
        ["2", "完成黑臭水体整治。2025年底前完成。", "区住建局", "各镇(街道) 区城管局", "2025年底前"],
    ]
    with (tmp_path / "测试区2025年水污染防治实施方案.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    result = import_document(tmp_path / "测试区2025年水污染防治实施方案.csv", tmp_path / "plan_data")
    assert result.problems == []
    plan = load_plan(tmp_path / "plan_data")
    assert [s.title for s in plan.campaigns[0].sections] == ["饮用水水源保护", "黑臭水体治理"]
    assert [u.name for u in plan.tasks[0].units(Role.RESPONSIBLE)] == ["区自然资源局", "区公安分局"]
    assert [u.name for u in plan.tasks[1].units(Role.RESPONSIBLE)] == ["各镇(街道)", "区城管局"]


def test_a_unit_name_with_a_line_break_is_refused_by_check(tmp_path: Path) -> None:
    import shutil

    from conftest import MINI_PLAN

    from generator.data.problems import PlanInvalid

    root = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, root)
    units = root / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("name: 区丙中心", 'name: "区丙\\n中心"'), "utf-8"
    )
    with pytest.raises(PlanInvalid) as exc:
        load_plan(root)
    assert any(p.file.endswith("units.yaml") and "不能换行" in p.format() for p in exc.value.errors)


def test_word_file_with_numbered_paragraphs(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for text in (
        "测发〔2025〕9号—关于印发测试市2025年扬尘治理实施方案的通知",
        "各区人民政府:",
        "《测试市2025年扬尘治理实施方案》已经市政府同意,现印发给你们。",
        "2025年4月1日",
        "测试市2025年扬尘治理实施方案",
        "为加强扬尘治理,根据《测试省扬尘治理方案》,制定本方案。(本文件为测试用虚构文件)",
        "一、工作目标",
        "降尘量持续下降。",
        "二、主要任务",
        "(一)工地扬尘",
    ):
        d.add_paragraph(text)
    # Word's automatic numbering: the paragraph text has no "1."; the importer writes it out
    d.add_paragraph("加强工地监管。2025年6月底前完成全部工地检查。", style="List Number")
    d.add_paragraph("牵头单位:市住建局")
    d.add_paragraph("推进道路保洁。每月开展一次道路扬尘检查。", style="List Number")
    d.add_paragraph("牵头单位:市城管局")
    d.save(tmp_path / "plan.docx")
    plan = imported(tmp_path / "plan.docx", tmp_path)
    assert [t.number for t in plan.tasks] == [1, 2]
    assert plan.tasks[0].deadlines[0].date.isoformat() == "2025-06-30"
    assert "1.加强工地监管。" in plan.document.source_text


TABLE = [
    ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
    ["一、工业污染治理"] * 5,
    ["1", "开展企业排查。2025年6月底前完成重点企业排查。", "市生态环境局", "各区人民政府", "2025年6月底前"],
    ["2", "推进清洁生产改造", "市工信局", "市发展改革委、各区人民政府", "2025年12月"],
    ["二、农业污染治理"] * 5,
    ["3", "推广测土配方施肥。到2025年年底覆盖率达到90%。", "市农业农村局", "各区人民政府", "2025年底"],
]


def test_layout4_a_task_table_in_xlsx_with_merged_sections(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["测试市2025年污染治理实施方案任务分解表"])
    for row in TABLE:
        ws.append(row)
    ws.merge_cells("A1:E1")
    ws.merge_cells("A3:E3")
    ws.merge_cells("A6:E6")
    wb.save(tmp_path / "table.xlsx")
    result = import_document(tmp_path / "table.xlsx", tmp_path / "plan_data")
    assert result.problems == []
    plan = load_plan(tmp_path / "plan_data")
    assert [s.title for s in plan.campaigns[0].sections] == ["工业污染治理", "农业污染治理"]
    assert [t.section.number for t in plan.tasks] == [1, 1, 2]
    assert [u.name for u in plan.tasks[1].units(Role.RESPONSIBLE)] == ["市发展改革委", "各区人民政府"]
    assert plan.tasks[1].title == "推进清洁生产改造" and plan.tasks[1].title_end == ""
    assert "完成时限“2025年12月”不在任务文字中" in result.report  # listed for the editor, not invented


def test_layout4_a_task_table_in_a_word_file(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for text in (
        "测发〔2025〕11号—关于印发测试市2025年污染治理实施方案的通知",
        "各区人民政府:",
        "现将《测试市2025年污染治理实施方案》印发给你们。",
        "2025年5月6日",
        "测试市2025年污染治理实施方案",
    ):
        d.add_paragraph(text)
    table = d.add_table(rows=0, cols=5)
    for row in TABLE:
        cells = table.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = v
    for r in (1, 4):
        table.rows[r].cells[0].merge(table.rows[r].cells[4]).text = TABLE[r][0]
    d.save(tmp_path / "table.docx")
    plan = imported(tmp_path / "table.docx", tmp_path)
    assert plan.document.doc_number == "测发〔2025〕11号"
    assert [t.number for t in plan.tasks] == [1, 2, 3] and plan.campaigns[0].short_title == "污染治理"
    assert plan.tasks[2].deadlines[0].date.isoformat() == "2025-12-31"


@pytest.mark.browser
def test_a_pdf_with_a_text_layer(tmp_path: Path, browser: object) -> None:
    """The PDF is printed by the real Chromium from the layout-3 fixture (fonts-noto-cjk)."""
    import html

    text = (FIXTURES / "layout3-oneline.txt").read_text(encoding="utf-8")
    page = browser.new_page()  # type: ignore[attr-defined]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    page.set_content(f"<html><body style='font-size:12pt'>{body}</body></html>")
    page.pdf(path=str(tmp_path / "plan.pdf"))
    page.close()
    plan = imported(tmp_path / "plan.pdf", tmp_path)
    assert [u.name for u in plan.tasks[0].units(Role.RESPONSIBLE)] == [
        "区水利局",
        "区市场监管局",
        "各镇(街道)",
    ]


# --- bad input: a Chinese message, exit 1, nothing written ----------------------------------------
def _pdf(tmp_path: Path, encrypted: bool) -> Path:
    import pypdf

    w = pypdf.PdfWriter()
    w.add_blank_page(width=595, height=842)
    if encrypted:
        w.encrypt("secret")
    p = tmp_path / ("locked.pdf" if encrypted else "scan.pdf")
    with p.open("wb") as f:
        w.write(f)
    return p


def _bad(tmp_path: Path, kind: str) -> Path:
    p = tmp_path / {
        "empty": "e.txt",
        "binary": "b.txt",
        "notasks": "n.txt",
        "doc": "old.doc",
        "big": "big.txt",
    }.get(kind, "x")
    if kind == "empty":
        p.write_bytes(b"")
    elif kind == "binary":
        p.write_bytes(bytes(range(256)) * 40)
    elif kind == "notasks":
        p.write_text("关于召开会议的通知\n各单位:\n定于下周一开会。\n", encoding="utf-8")
    elif kind == "doc":
        p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    elif kind == "big":
        with p.open("wb") as f:
            f.truncate(21 * 1024 * 1024)
    elif kind == "encrypted":
        return _pdf(tmp_path, True)
    elif kind == "scanned":
        return _pdf(tmp_path, False)
    return p


BAD = {
    "empty": "是空文件",
    "binary": "不是文本文件",
    "notasks": "没有找到编号的任务",
    "doc": "另存为”选择“Word 文档(*.docx)”",
    "big": "超过上限 20 MB",
    "encrypted": "加密的 PDF",
    "scanned": "OCR",
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(tmp_path: Path, kind: str) -> None:
    doc = _bad(tmp_path, kind)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "import", str(doc), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert BAD[kind] in proc.stderr and "没有写入任何文件" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() and not list(tmp_path.glob(".out.import-*"))


def test_out_must_be_new_or_empty_and_force_replaces_only_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    import_document(FIXTURES / "layout3-oneline.txt", out)
    with pytest.raises(ImportFailed, match="已存在且不是空的"):
        import_document(FIXTURES / "layout2-parens.txt", out)
    import_document(FIXTURES / "layout2-parens.txt", out, force=True)  # a previous draft: replaced
    assert "臭氧" in (out / "document.yaml").read_text(encoding="utf-8")
    (out / "progress").mkdir()  # other data in it: --force refuses, nothing is lost
    with pytest.raises(ImportFailed, match="导入以外的文件"):
        import_document(FIXTURES / "layout3-oneline.txt", out, force=True)
    assert (out / "progress").is_dir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImportFailed, match="当前文件夹或它的上级"):
        import_document(FIXTURES / "layout3-oneline.txt", Path("."), force=True)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(ImportFailed, match="是一个文件"):
        import_document(FIXTURES / "layout3-oneline.txt", tmp_path / "a-file", force=True)


def test_cli_writes_the_report_and_compares(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "import",
            str(SOURCE),
            "--out",
            str(out),
            "--compare",
            "plan_data",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "与 plan_data 比较:任务、单位、分项和时限全部相同" in proc.stdout
    report = (tmp_path / "draft-导入报告.md").read_text(encoding="utf-8")
    assert "只有人工整理才有的内容" in report and "单位 区城管局:别称" in report
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0 and "检查通过" in check.stdout, check.stdout + check.stderr


def test_deadlines_it_cannot_date_are_listed_not_dropped(tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text(
        (FIXTURES / "layout3-oneline.txt")
        .read_text(encoding="utf-8")
        .replace("每月开展巡查,发现问题立即整改。", "每周开展巡查,三季度末前完成评估,6月中旬前报送台账。"),
        encoding="utf-8",
    )
    result = import_document(doc, tmp_path / "plan_data")
    for words in ("每周", "三季度末前", "6月中旬前"):
        assert f"“{words}”像是时限,但没有识别" in result.report, words
