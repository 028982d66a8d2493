"""``python -m generator check``: every bad input gives its message, at its file, line, column and key.

Each case is the smallest edit of ``tests/fixtures/mini_plan`` (see ``tests/bad_inputs/factory.py``)
that triggers one check. The assertions pin the stable part of the Chinese message and hint, the
file, line, column and key path.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_inputs.factory import MINI, Edit, Raw, Sub, make_plan

from generator.__main__ import main, schema_texts
from generator.data import messages, schema
from generator.data.load import MAX_DEPTH, MAX_FILE_BYTES
from generator.data.names import UnitIndex
from generator.data.pipeline import load_plan, load_plan_with_warnings
from generator.data.problems import PlanInvalid, Problem
from generator.model.dates import READABLE_FORMS

REPO = Path(__file__).resolve().parent.parent
PLAN_DATA = REPO / "plan_data"

T1 = "campaigns/alpha/tasks/01.yaml"
T2 = "campaigns/alpha/tasks/02.yaml"
T3 = "campaigns/alpha/tasks/03.yaml"
CA = "campaigns/alpha/campaign.yaml"
CB = "campaigns/beta/campaign.yaml"
BT1 = "campaigns/beta/tasks/01.yaml"
BT2 = "campaigns/beta/tasks/02.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    edits: dict[str, Edit]
    code: str
    file: str  # relative to the plan folder
    line: int
    column: int
    key: str
    message: str  # must occur in the message
    hint: str = ""  # must occur in the hint
    severity: str = "error"


CASES = [
    # --- reading ---------------------------------------------------------------------------------
    Case(
        "yaml_syntax",
        {T1: Sub("title: 第一项任务", "title: 第一项任务: 细则")},
        "yaml-syntax",
        T1,
        4,
        13,
        "",
        "YAML 语法错误:这里不能出现“: ”",
        "用引号括起来",
    ),
    Case(
        "yaml_unclosed_quote",
        {T1: Sub("title: 第一项任务", 'title: "第一项任务')},
        "yaml-syntax",
        T1,
        13,
        1,
        "",
        "YAML 语法错误:",
        "引号",
    ),
    Case(
        "tab_indent",
        {T1: Raw("tab_indent/01.yaml")},
        "tab-indent",
        T1,
        10,
        1,
        "",
        "这一行用制表符(Tab)缩进",
        "换成空格",
    ),
    Case(
        "not_utf8",
        {T1: Raw("not_utf8/01.yaml")},
        "not-utf8",
        T1,
        4,
        8,
        "",
        "文件不是 UTF-8 编码:第 55 个字节(0xB5)无法识别",
        "另存为 UTF-8",
    ),
    Case("empty_file", {T1: ""}, "empty-file", T1, 0, 0, "", "文件是空的", "删除这个文件"),
    Case(
        "comments_only",
        {T1: "# yaml-language-server: $schema=x\n# 待填写\n"},
        "empty-file",
        T1,
        0,
        0,
        "",
        "文件是空的",
    ),
    Case(
        "oversized",
        {T1: "# " + "很" * (MAX_FILE_BYTES // 3 + 10) + "\nnumber: 1\n"},
        "file-too-large",
        T1,
        0,
        0,
        "",
        f"上限为 {MAX_FILE_BYTES} 字节",
    ),
    Case(
        "anchor",
        {T1: Sub("lead: [区甲局]", "lead: &jia [区甲局]")},
        "yaml-anchor",
        T1,
        6,
        7,
        "",
        "不允许使用锚点“&jia”",
    ),
    Case(
        "alias", {T2: Sub("lead: [区乙局]", "lead: *yi")}, "yaml-alias", T2, 6, 7, "", "不允许使用引用“*yi”"
    ),
    Case(
        "tag",
        {T1: Sub("number: 1", "number: !!int 1")},
        "yaml-tag",
        T1,
        2,
        9,
        "",
        "不允许使用类型标签“tag:yaml.org,2002:int”",
    ),
    Case(
        "python_tag",
        {T1: Sub("number: 1", "number: !!python/object/apply:os.system ['true']")},
        "yaml-tag",
        T1,
        2,
        9,
        "",
        "不允许使用类型标签“tag:yaml.org,2002:python/object/apply:os.system”",
    ),
    Case(
        "merge_key",
        {T1: Sub("section: 1", "<<: {section: 1}")},
        "yaml-merge-key",
        T1,
        3,
        1,
        "",
        "不允许使用合并键“<<”",
    ),
    Case(
        "multi_document",
        {T1: Sub("section: 1", "section: 1\n---\nsection: 2")},
        "multi-document",
        T1,
        4,
        1,
        "",
        "一个文件只能有一个 YAML 文档",
    ),
    Case(
        "too_deep",
        {T1: Sub("lead: [区甲局]", "lead: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))},
        "too-deep",
        T1,
        6,
        6 + MAX_DEPTH,
        "",
        f"嵌套层数超过 {MAX_DEPTH} 层",
    ),
    Case(
        "duplicate_key",
        {T1: Sub("cooperate: [区乙局]", "lead: [区乙局]")},
        "duplicate-key",
        T1,
        7,
        1,
        "lead",
        "键“lead”重复出现(第一次在第 6 行)",
    ),
    Case("not_mapping", {T1: "- number: 1\n- section: 1\n"}, "not-mapping", T1, 1, 1, "", "现在是列表"),
    Case(
        "control_char",
        {T1: Sub("第一项任务", "第一项\x07任务")},
        "control-char",
        T1,
        4,
        11,
        "",
        "这一行含有不允许的不可见字符(U+0007)",
    ),
    # --- shape (pydantic) ------------------------------------------------------------------------
    Case(
        "unknown_key",
        {T1: Sub("lead: [区甲局]", "lead_unit: [区甲局]")},
        "unknown-key",
        T1,
        6,
        1,
        "lead_unit",
        "未知的键“lead_unit”",
        "是否指“lead”?可用的键:lead、cooperate",
    ),
    Case(
        "unknown_key_nested",
        {T1: Sub("    what: 完成排查", "    wat: 完成排查")},
        "unknown-key",
        T1,
        12,
        5,
        "deadlines[0].wat",
        "未知的键“wat”",
        "是否指“what”?",
    ),
    Case(
        "missing_field",
        {T1: Sub("title: 第一项任务\n", "")},
        "missing-field",
        T1,
        2,
        1,
        "title",
        "缺少必填项“title”(任务名称:",
        "请添加一行 title: …",
    ),
    Case(
        "missing_nested",
        {T1: Sub("    what: 完成排查\n", "")},
        "missing-field",
        T1,
        10,
        5,
        "deadlines[0].what",
        "缺少必填项“what”(到期要完成什么",
    ),
    Case(
        "wrong_type_int",
        {T1: Sub("section: 1", "section: 一")},
        "wrong-type",
        T1,
        3,
        10,
        "section",
        "“section”应为整数,现在是文字“一”",
        "改为整数",
    ),
    Case(
        "wrong_type_text",
        {T1: Sub("title: 第一项任务", "title: 2024")},
        "wrong-type",
        T1,
        4,
        8,
        "title",
        "“title”应为文字,现在是数字 2024",
        'title: "2024"',
    ),
    Case(
        "wrong_type_bool",
        {T1: Sub("title: 第一项任务", "title: no")},
        "wrong-type",
        T1,
        4,
        8,
        "title",
        "“title”应为文字,现在是是/否值 false",
        'title: "no"',  # the editor's own word quoted: "false" would rename it to false
    ),
    Case(
        "not_finite_number",
        {T1: Sub("number: 1", "number: .nan")},
        "invalid-value",
        T1,
        2,
        9,
        "number",
        "“number”的值不符合要求(不能是 .nan 或 .inf,请写具体数值)",
        "",
    ),
    Case(
        "wrong_type_list",
        {T1: Sub("lead: [区甲局]", "lead: 区甲局")},
        "wrong-type",
        T1,
        6,
        7,
        "lead",
        "“lead”应为列表,现在是文字“区甲局”",
        "lead: [区甲局]",
    ),
    Case(
        "wrong_type_union",
        {CA: Sub("    value: 41", "    value: [41]")},
        "wrong-type",
        CA,
        28,
        12,
        "targets[0].value",
        "“value”应为数字或整数或文字,现在是列表",
    ),
    Case(
        "empty_title",
        {T1: Sub("title: 第一项任务", 'title: ""')},
        "empty-text",
        T1,
        4,
        8,
        "title",
        "“title”不能为空",
    ),
    Case(
        "blank_title",
        {T1: Sub("title: 第一项任务", "title:    ")},
        "wrong-type",
        T1,
        4,
        7,
        "title",
        "现在是空值",
        "填写内容",
    ),
    Case(
        "empty_text",
        {T1: Sub("text: 2024年10月底前完成排查。", 'text: "  "')},
        "empty-text",
        T1,
        5,
        7,
        "text",
        "“text”不能为空",
    ),
    Case(
        "impossible_date",
        {T1: Sub("date: 2024-10-31", "date: 2024-02-30")},
        "bad-date",
        T1,
        11,
        11,
        "deadlines[0].date",
        "日期“2024-02-30”不存在或写法不对",
        "2 月没有 30 日",
    ),
    Case(
        "impossible_date_quoted",
        {T1: Sub("date: 2024-10-31", 'date: "2024-02-30"')},
        "bad-date",
        T1,
        11,
        11,
        "deadlines[0].date",
        "日期“2024-02-30”不存在或写法不对",
    ),
    Case(
        "bad_choice",
        {"units.yaml": Sub("kind: 办公室/中心", "kind: 办公室")},
        "bad-choice",
        "units.yaml",
        13,
        11,
        "units[2].kind",
        "“kind”的值“办公室”不是可选的值",
        "是否指“办公室/中心”?",
    ),
    Case(
        "bad_id",
        {"units.yaml": Sub("id: bing", "id: Bing")},
        "bad-id",
        "units.yaml",
        11,
        9,
        "units[2].id",
        "标识“Bing”格式不对",
        "小写英文字母",
    ),
    Case(
        "out_of_range",
        {T1: Sub("number: 1", "number: 0")},
        "out-of-range",
        T1,
        2,
        9,
        "number",
        "“number”的值 0 超出范围:应不小于 1",
    ),
    Case(
        "too_few",
        {CB: Sub("sections:\n  - number: 1\n    title: 唯一一节\n", "sections: []\n")},
        "too-few",
        CB,
        30,
        11,
        "sections",
        "“sections”至少要有 1 项",
    ),
    Case(
        "bad_label",
        {BT2: Sub("label: (2)", "label: 2")},
        "bad-choice",
        BT2,
        16,
        12,
        "subitems[1].label",
        "“label”的值“2”不是可选的值",
    ),
    # --- meaning ---------------------------------------------------------------------------------
    Case(
        "unknown_unit_alias",
        {T1: Sub("lead: [区甲局]", "lead: [甲局]")},
        "unknown-unit",
        T1,
        6,
        8,
        "lead[0]",
        "单位“甲局”不在单位名录(units.yaml)中",
        "是否指“区甲局”?(“甲局”是它的别称",
    ),
    Case(
        "unknown_unit_fullwidth",
        {T1: Sub("responsible: [各镇(街道)]", "responsible: [各镇\uff08街道\uff09]")},
        "unknown-unit",
        T1,
        8,
        15,
        "responsible[0]",
        "单位“各镇\uff08街道\uff09”不在单位名录",
        "是否指“各镇(街道)”?(括号的全角/半角",
    ),
    Case(
        "unknown_unit_space",
        {T2: Sub("lead: [区乙局]", "lead: [区 乙局]")},
        "unknown-unit",
        T2,
        6,
        8,
        "lead[0]",
        "单位“区 乙局”不在单位名录",
        "是否指“区乙局”?",
    ),
    Case(
        "unknown_unit_close",
        {T2: Sub("lead: [区乙局]", "lead: [区乙局局]")},
        "unknown-unit",
        T2,
        6,
        8,
        "lead[0]",
        "单位“区乙局局”不在单位名录",
        "是否指“区乙局”",
    ),
    Case(
        "unknown_unit_subitem",
        {BT2: Sub("responsible: [区丙中心]", "responsible: [区丁中心]")},
        "unknown-unit",
        BT2,
        18,
        19,
        "subitems[1].responsible[0]",
        "单位“区丁中心”不在单位名录",
        "是否指“区丙中心”",
    ),
    Case(
        "unknown_implicit_unit",
        {CB: Sub("  - unit: 相关镇(街道)", "  - unit: 相关镇街道")},
        "unknown-unit",
        CB,
        38,
        11,
        "implicit_units[0].unit",
        "单位“相关镇街道”不在单位名录",
    ),
    Case(
        "same_unit_twice",
        {T3: Sub("lead: [区甲局, 区乙局]", "lead: [区甲局, 区甲局]")},
        "duplicate-unit-in-role",
        T3,
        6,
        13,
        "lead[1]",
        "单位“区甲局”在牵头单位中出现了两次(第一次在第 6 行)",
    ),
    Case(
        "duplicate_task_number",
        {T2: Sub("number: 2", "number: 1")},
        "duplicate-number",
        T2,
        2,
        9,
        "number",
        "任务编号 1 重复(另见 plan/campaigns/alpha/tasks/01.yaml:2)",
    ),
    Case(
        "duplicate_unit_id",
        {"units.yaml": Sub("id: bing", "id: jia")},
        "duplicate-unit-id",
        "units.yaml",
        11,
        9,
        "units[2].id",
        "单位标识“jia”重复(第一次在第 3 行)",
    ),
    Case(
        "duplicate_unit_name",
        {"units.yaml": Sub("name: 区丙中心", "name: 区乙局")},
        "duplicate-unit-name",
        "units.yaml",
        12,
        11,
        "units[2].name",
        "单位名称“区乙局”重复",
    ),
    Case(
        "alias_conflict",
        {"units.yaml": Sub("aliases: [乙局]", "aliases: [乙局, 区甲局]")},
        "alias-conflict",
        "units.yaml",
        10,
        19,
        "units[1].aliases[1]",
        "别称“区甲局”与单位“区甲局”的名称相同",
    ),
    Case(
        "numbering_gap",
        {T2: None},
        "numbering-gap",
        T3,
        2,
        9,
        "number",
        "任务编号不连续:缺少第 2 项",
        "补上第 2 项任务的文件 02.yaml",
    ),
    Case(
        "task_file_name",
        {T3: None, "campaigns/alpha/tasks/3.yaml": MINI.joinpath(T3).read_text("utf-8")},
        "task-file-name",
        "campaigns/alpha/tasks/3.yaml",
        2,
        9,
        "number",
        "文件名“3.yaml”与任务编号 3 不符",
        "把文件改名为 03.yaml",
    ),
    Case(
        "unknown_section",
        {T3: Sub("section: 2", "section: 9")},
        "unknown-section",
        T3,
        3,
        10,
        "section",
        "小节编号 9 不在本方案的小节中(本方案有:1、2)",
    ),
    Case(
        "section_order",
        {T2: Sub("section: 1", "section: 2"), T3: Sub("section: 2", "section: 1")},
        "section-order",
        T3,
        3,
        10,
        "section",
        "任务 3 属于第 1 节,但前面的任务 2 属于第 2 节",
    ),
    Case(
        "subitem_label",
        {BT2: Sub("label: (2)", "label: (3)")},
        "subitem-label",
        BT2,
        16,
        12,
        "subitems[1].label",
        "分项编号应为“(2)”,这里是“(3)”",
    ),
    Case(
        "campaign_id_mismatch",
        {CA: Sub("id: alpha", "id: alfa")},
        "campaign-id-mismatch",
        CA,
        2,
        5,
        "id",
        "方案标识“alfa”与文件夹名“alpha”不同",
    ),
    Case(
        "campaign_missing",
        {"document.yaml": Sub("  - beta", "  - beta\n  - gamma")},
        "campaign-missing",
        "document.yaml",
        23,
        5,
        "campaigns[2]",
        "document.yaml 列出了方案“gamma”",
    ),
    Case(
        "campaign_unlisted",
        {"document.yaml": Sub("  - beta\n", "")},
        "campaign-unlisted",
        CB,
        2,
        5,
        "id",
        "方案文件夹 campaigns/beta/ 没有列在 document.yaml 的 campaigns 中",
    ),
    Case(
        "campaign_order",
        {CB: Sub("order: 2", "order: 5")},
        "campaign-order",
        CB,
        3,
        8,
        "order",
        "order: 5 与 document.yaml 中的顺序(第 2 个)不一致",
    ),
    Case(
        "implicit_task_missing",
        {CB: Sub("stated_in_task: 1", "stated_in_task: 9")},
        "implicit-task-missing",
        CB,
        40,
        21,
        "implicit_units[0].stated_in_task",
        "stated_in_task: 9 指向的任务不存在",
    ),
    Case(
        "task_no_content",
        {T1: Sub("text: 2024年10月底前完成排查。\n", "")},
        "task-no-content",
        T1,
        2,
        1,
        "text",
        "任务既没有 text 也没有 subitems",
    ),
    Case(
        "task_no_unit",
        {T2: Sub("lead: [区乙局]\nresponsible: [各镇(街道)]\n", "")},
        "task-no-unit",
        T2,
        2,
        1,
        "number",
        "任务 2 没有任何牵头、配合或责任单位",
    ),
    Case(
        "date_and_recurrence",
        {T1: Sub("    date: 2024-10-31", "    date: 2024-10-31\n    recurrence: 每季度")},
        "deadline-date-and-recurrence",
        T1,
        10,
        5,
        "deadlines[0]",
        "时限同时填了 date 和 recurrence",
    ),
    Case(
        "bad_recurrence",
        {CA: Sub("recurrence: 每月28日", "recurrence: 每个月月底")},
        "bad-recurrence",
        CA,
        42,
        21,
        "requirements[0].deadlines[0].recurrence",
        "无法识别的周期“每个月月底”",
        "可识别的写法:" + "、".join(READABLE_FORMS),
    ),
    Case(
        "quote_not_found",
        {T1: Sub("  - text: 2024年10月底前", "  - text: 2024年11月底前")},
        "quote-not-found",
        T1,
        10,
        11,
        "deadlines[0].text",
        "时限原文在正文中找不到:“2024年11月底前”",
        "逐字",
    ),
    Case(
        "target_quote_not_found",
        {T3: Sub("    text: 降尘量不得高于6吨", "    text: 降尘量不高于6吨")},
        "quote-not-found",
        T3,
        13,
        11,
        "targets[0].text",
        "指标原文在正文中找不到",
    ),
    Case(
        "stray_file",
        {"campaigns/alpha/notes.txt": "备忘\n"},
        "stray-file",
        "campaigns/alpha/notes.txt",
        0,
        0,
        "",
        "plan_data 中的这个文件不会被读取",
        "删除该文件",
    ),
    Case(
        "stray_backup",
        {"campaigns/alpha/tasks/01.yaml.bak": "number: 1\n"},
        "stray-file",
        "campaigns/alpha/tasks/01.yaml.bak",
        0,
        0,
        "",
        "不会被读取",
        "两位编号加 .yaml",
    ),
    Case(
        "missing_campaign_file",
        {CB: None},
        "missing-file",
        CB,
        0,
        0,
        "",
        "缺少文件“campaigns/beta/campaign.yaml”",
    ),
    Case(
        "missing_units", {"units.yaml": None}, "missing-file", "units.yaml", 0, 0, "", "缺少文件“units.yaml”"
    ),
    Case(
        "source_missing",
        {"source/original.txt": None},
        "source-file",
        "document.yaml",
        11,
        14,
        "source_file",
        "原文文件“source/original.txt”不存在",
    ),
    Case(
        "source_outside",
        {"document.yaml": Sub("source_file: source/original.txt", "source_file: ../x.txt")},
        "source-file",
        "document.yaml",
        11,
        14,
        "source_file",
        "不在数据文件夹内",
    ),
    Case(
        "source_not_utf8",
        {"source/original.txt": "测试文".encode("gbk")},
        "not-utf8",
        "source/original.txt",
        1,
        1,
        "",
        "文件不是 UTF-8 编码:第 1 个字节",
    ),
    Case(
        "period_reversed",
        {"document.yaml": Sub("  end: 2025-12-31", "  end: 2023-12-31")},
        "period-reversed",
        "document.yaml",
        14,
        1,
        "period",
        "起始日期 2024-07-01 晚于结束日期 2023-12-31",
    ),
    Case(
        "nan_target",
        {CA: Sub("    value: 41", "    value: .nan")},
        "invalid-value",
        CA,
        28,
        12,
        "targets[0].value",
        "“value”的值不符合要求(不能是 .nan 或 .inf",
    ),
    Case(
        "complex_key",
        {T1: Sub("section: 1", "? [section]\n: 1\nsection: 1")},
        "bad-key",
        T1,
        3,
        3,
        "",
        "这里的键不是简单的文字",
    ),
    Case(
        "duplicate_campaign",
        {"document.yaml": Sub("  - beta", "  - beta\n  - alpha")},
        "duplicate-campaign",
        "document.yaml",
        23,
        5,
        "campaigns[2]",
        "方案“alpha”在 campaigns 中重复列出",
    ),
]


def _run(root: Path) -> list[Problem]:
    try:
        _, warnings = load_plan_with_warnings(root)
    except PlanInvalid as e:
        return e.problems
    return warnings


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, in_tmp: Path) -> None:
    root = make_plan(in_tmp, case.edits)
    problems = _run(root)
    hits = [p for p in problems if p.code == case.code]
    shown = "\n".join(p.format() for p in problems)
    assert hits, f"no {case.code} problem; got:\n{shown}"
    p = hits[0]
    assert (p.file, p.line, p.column, p.key) == (f"plan/{case.file}", case.line, case.column, case.key), shown
    assert case.message in p.message, shown
    assert case.hint in p.hint, shown
    assert p.severity == case.severity
    assert p.format().startswith(f"plan/{case.file}" + (f":{case.line}:{case.column}" if case.line else ""))
    if case.severity == "error":
        with pytest.raises(PlanInvalid):
            load_plan(root)


def test_bad_file_name(in_tmp: Path) -> None:
    root = make_plan(in_tmp)
    name = os.fsdecode(b"\xb2\xe2.yaml")
    (root / "campaigns" / "alpha" / "tasks" / name).write_text("number: 9\n", encoding="utf-8")
    problems = _run(root)
    p = next(p for p in problems if p.code == "bad-file-name")
    assert p.message == "文件名“\\xb2\\xe2.yaml”含有无法识别的字符(不是 UTF-8 编码)"
    assert p.file == "plan/campaigns/alpha/tasks/\\xb2\\xe2.yaml"
    p.format().encode("utf-8")  # printable


def test_missing_data_dir(in_tmp: Path) -> None:
    problems = _run(in_tmp / "nowhere")
    assert [p.code for p in problems] == ["missing-data-dir"]


# --- warnings --------------------------------------------------------------------------------------


def test_date_outside_period_is_a_warning(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_plan(in_tmp, {T1: Sub("date: 2024-10-31", "date: 2028-10-31")})
    plan, warnings = load_plan_with_warnings(root)
    assert len(plan.tasks) == 5
    # 2028-10-31 is also not what “2024年10月底前” says: both are warnings, neither stops the build
    assert sorted(x.code for x in warnings) == ["date-out-of-period", "deadline-date-words"]
    w = next(x for x in warnings if x.code == "date-out-of-period")
    assert (w.code, w.severity, w.line, w.column, w.key) == (
        "date-out-of-period",
        "warning",
        11,
        11,
        "deadlines[0].date",
    )
    assert w.message == "日期 2028-10-31 不在方案期间(2024-07-01 至 2025-12-31)内"
    assert main(["check", "--data", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "警告 [deadlines[0].date]: 日期 2028-10-31 不在方案期间" in err
    assert out.startswith("检查通过:") and "(2 条警告)" in out


def test_unused_unit_is_a_warning(in_tmp: Path) -> None:
    extra = "  - id: ding\n    name: 区丁局\n    kind: 区直部门\n"
    root = make_plan(in_tmp, {"units.yaml": MINI.joinpath("units.yaml").read_text("utf-8") + extra})
    _, [w] = load_plan_with_warnings(root)
    assert (w.code, w.file, w.line, w.column, w.key) == (
        "unit-unused",
        "plan/units.yaml",
        25,
        11,
        "units[5].name",
    )
    assert w.message == "单位“区丁局”在名录中,但没有任何任务用到它"


# --- every problem, once ---------------------------------------------------------------------------


def test_reports_every_problem_then_exits_1(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_plan(
        in_tmp,
        {
            T1: Sub("lead: [区甲局]", "lead_unit: [区甲局]"),
            T3: Sub("section: 2", "section: 二"),
            "units.yaml": Sub("kind: 办公室/中心", "kind: 办公室"),
        },
    )
    assert main(["check", "--data", "plan"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().split("\n")
    assert lines[:3] == [
        "plan/campaigns/alpha/tasks/01.yaml:6:1: 错误 [lead_unit]: 未知的键“lead_unit” —— 是否指“lead”?"
        "可用的键:lead、cooperate、responsible、labels、unit_notes、deadlines、targets、number、section、"
        "title、title_end、text、subitems、flags、added_by",
        "plan/campaigns/alpha/tasks/03.yaml:3:10: 错误 [section]: “section”应为整数,现在是文字“二” —— "
        "改为整数(阿拉伯数字),如 3",
        "plan/units.yaml:13:11: 错误 [units[2].kind]: “kind”的值“办公室”不是可选的值 —— 是否指“办公室/中心”?"
        "可选:区直部门、市局派驻分局、办公室/中心、管委会/开发区、河务部门、企业、镇(街道)、区直单位(集合)",
    ]
    assert lines[3].startswith("检查未通过:3 个错误,0 条警告")
    assert len(lines) == 4


def test_problem_reported_once(in_tmp: Path) -> None:
    """An impossible date is reported by the reader; validation does not repeat it."""
    root = make_plan(in_tmp, {T1: Sub("date: 2024-10-31", "date: 2024-02-30")})
    problems = _run(root)
    assert [p.code for p in problems] == ["bad-date"]


def test_syntax_errors_in_several_files(in_tmp: Path) -> None:
    root = make_plan(in_tmp, {T1: "number: [1\n", T2: "a: b: c\n", "units.yaml": b"\xff\xfe"})
    problems = _run(root)
    assert sorted((p.file, p.code) for p in problems if p.code != "unit-unused") == [
        ("plan/campaigns/alpha/tasks/01.yaml", "yaml-syntax"),
        ("plan/campaigns/alpha/tasks/02.yaml", "yaml-syntax"),
        ("plan/units.yaml", "not-utf8"),
    ]


# --- success ---------------------------------------------------------------------------------------


def test_mini_plan_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data", str(MINI)]) == 0
    out, err = capsys.readouterr()
    assert out == "检查通过:2 个方案,5 项任务,5 个单位,5 个时限,3 个指标(0 条警告);尚无进展报送\n"
    assert err == ""


def _real_plan_complete() -> bool:
    camps = PLAN_DATA / "campaigns"
    return camps.is_dir() and sum(1 for _ in camps.glob("*/tasks/*.yaml")) >= 79


@pytest.mark.skipif(not _real_plan_complete(), reason="plan_data/campaigns not complete yet")
def test_real_plan_passes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["check"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("检查通过:3 个方案,79 项任务,")


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["chek"])
    assert e.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_internal_error_exits_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import generator.data.pipeline

    def boom(root: Path) -> None:
        raise RuntimeError("测试用")

    monkeypatch.setattr(generator.data.pipeline, "load_plan_with_warnings", boom)
    assert main(["check", "--data", str(MINI)]) == 3
    err = capsys.readouterr().err
    assert "程序内部错误:RuntimeError: 测试用" in err and "报告给维护者" in err
    assert "Traceback" not in err


# --- suggestions against the real registry ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("区发改委", "区发展改革委"),
        ("各镇\uff08街道\uff09", "各镇(街道)"),
        ("各镇 (街道)", "各镇(街道)"),
        ("区城管局局", "区城管局"),
    ],
)
def test_real_registry_suggestions(typed: str, meant: str) -> None:
    from generator.data.load import read_yaml
    from generator.data.shape import validate_model

    f, _ = read_yaml(PLAN_DATA / "units.yaml", "units.yaml", "units.yaml")
    assert f is not None
    units, problems = validate_model(f, schema.UnitsFile)
    assert problems == []
    assert f"是否指“{meant}”" in UnitIndex(units).suggest(typed)


# --- the catalogue and the schema files ------------------------------------------------------------


def test_catalogue_is_complete_and_chinese() -> None:
    cat = messages.catalogue()
    codes = [m.code for m in cat]
    assert len(codes) == len(set(codes))
    for m in cat:
        assert m.message and m.hint and m.title, m.code
        assert m.severity in ("error", "warning")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in m.message), m.code
    used = {c.code for c in CASES} | {
        "bad-file-name",
        "missing-data-dir",
        "date-out-of-period",
        "unit-unused",
        # tests/test_hostile_values.py: one value, unbounded work; the data folder's boundary
        "not-regular-file",
        "reserved-id",
        "title-not-in-source",
        "deadline-date-words",  # test_a_date_that_does_not_match_its_words_is_a_warning
        "text-not-in-source",  # test_editing_the_published_text_is_refused_…
        "date-far-out-of-period",
        "period-too-long",
        "time-out-of-range",
        # tests/test_progress.py: BAD_FILES and the warning after 销号
        "progress-file-name", "progress-bad-period", "progress-unit-mismatch", "progress-date",
        "progress-unknown-item", "progress-not-holder", "progress-unknown-deadline", "progress-duplicate",
        "progress-closed-fields", "progress-value", "text-too-long", "progress-too-many",
        "progress-after-closed", "progress-unknown-target", "progress-actual-value",
        "progress-actual-duplicate",
        "revision-bad",  # tests/test_revisions.py
        "bad-format",  # tests/test_site_identity.py
        "ended-before-written",  # tests/test_standing.py
        "former-name-conflict", "former-name-order", "documents-layout",  # tests/test_documents.py
    }
    untested = set(codes) - used - {"unreadable-file", "internal-error"}
    assert untested == set(), untested


def test_schema_files_are_up_to_date() -> None:
    texts = schema_texts()
    assert set(texts) == {f"{k}.schema.json" for k in schema.FILE_MODELS}
    for name, text in texts.items():
        path = REPO / "schema" / name
        assert path.is_file(), f"{path} missing: run python -m generator schema"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run python -m generator schema"
        data = json.loads(text)
        assert data["additionalProperties"] is False
        assert any("\u4e00" <= ch <= "\u9fff" for ch in data["description"])


@pytest.mark.parametrize("kind", ["document", "units", "campaign", "task"])
def test_yaml_language_server_lines(kind: str) -> None:
    pattern = {
        "document": "document.yaml",
        "units": "units.yaml",
        "campaign": "campaigns/*/campaign.yaml",
        "task": "campaigns/*/tasks/*.yaml",
    }[kind]
    for root in (PLAN_DATA, MINI):
        for path in sorted(root.glob(pattern)):
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            assert first.startswith("# yaml-language-server: $schema="), path
            target = (path.parent / first.split("=", 1)[1]).resolve()
            assert target == REPO / "schema" / f"{kind}.schema.json", path


# --- messages that point at the real mistake (issue: editors) ----------------------------------
def _first_error(root: Path) -> Problem:
    with pytest.raises(PlanInvalid) as e:
        load_plan(root)
    return e.value.problems[0]


def test_missing_colon_is_reported_on_its_own_line(tmp_path: Path) -> None:
    root = make_plan(tmp_path, {T1: Sub("cooperate: [区乙局]", "cooperate [区乙局]")})
    p = _first_error(root)
    assert (p.file.endswith(T1), p.line, p.column) == (True, 7, 1)  # not 8:1, the line after it
    assert "缺少冒号" in p.message


def test_missing_colon_on_the_last_line(tmp_path: Path) -> None:
    text = (MINI / T3).read_text(encoding="utf-8").rstrip("\n")
    last = text.split("\n")[-1]
    key, _, value = last.partition(": ")
    root = make_plan(tmp_path, {T3: text[: -len(last)] + f"{key} {value}\n"})
    p = _first_error(root)
    assert p.line == len(text.split("\n")), p  # the last line itself, not one past it


def test_a_wrong_indent_under_a_list_item_says_how_far(tmp_path: Path) -> None:
    root = make_plan(tmp_path, {T1: Sub("    date: 2024-10-31", "   date: 2024-10-31")})
    p = _first_error(root)
    assert (p.line, p.column) == (11, 4)
    assert p.message.endswith("缩进不对:这一行缩进 3 个空格")
    assert p.hint == "改为缩进 4 个空格,与上一行“- ”后面的键对齐"


def test_two_units_in_one_list_item_are_split_not_guessed(tmp_path: Path) -> None:
    root = make_plan(tmp_path, {T1: Sub("lead: [区甲局]", "lead: [区甲局、各镇(街道)]")})
    p = _first_error(root)
    assert p.code == "unknown-unit" and (p.line, p.key) == (6, "lead[0]")
    assert p.hint == "这一项写了 2 个单位;每个单位单独一项,用英文逗号分隔:[区甲局, 各镇(街道)]"
    assert "是否指" not in p.hint


def test_a_date_that_does_not_match_its_words_is_a_warning(tmp_path: Path) -> None:
    root = make_plan(tmp_path, {T1: Sub("date: 2024-10-31", "date: 2024-12-31")})
    _, warnings = load_plan_with_warnings(root)
    [w] = warnings
    assert (w.code, w.severity, w.line, w.key) == ("deadline-date-words", "warning", 11, "deadlines[0].date")
    assert w.message == "时限写作“2024年10月底前”,按字面是 2024-10-31,但 date 写的是 2024-12-31"


def test_missing_colon_before_another_key_is_reported_on_its_line(tmp_path: Path) -> None:
    root = make_plan(tmp_path, {T1: Sub("number: 1\n", "number 1\n")})
    p = _first_error(root)
    assert (p.line, p.column) == (2, 1) and "缺少冒号" in p.message  # YAML complains on line 3


def test_editing_the_published_text_is_refused_with_the_way_to_record_a_change(tmp_path: Path) -> None:
    root = make_plan(tmp_path, {T1: Sub("text: 2024年10月底前完成排查。", "text: 2024年11月底前完成排查。")})
    with pytest.raises(PlanInvalid) as e:
        load_plan(root)
    p = next(x for x in e.value.problems if x.code == "text-not-in-source")
    assert (p.line, p.key) == (5, "text")
    assert "已印发的文件不能改动" in p.message and "调整时限" in p.hint


@pytest.mark.parametrize(
    ("text", "line", "not_in_hint"),
    [
        # a multi-line text with “: ” inside: the old advice (quote it) stands, no “missing colon”
        ("text: 2024年10月底前完成排查。\n  具体要求如下\n  要求: 全面。\n", 6, "缺少冒号"),
        # a key after a list item at a wrong indent: no made-up indentation
        ("lead:\n  - 区甲局\n cooperate: [区乙局]\n", 6, "改为缩进 4 个空格"),
    ],
)
def test_location_hints_only_where_they_mend_the_file(tmp_path: Path, text: str, line: int,
                                                      not_in_hint: str) -> None:
    body = "number: 1\nsection: 1\ntitle: 第一项任务\n" + text
    p = _first_error(make_plan(tmp_path, {T1: body}))
    assert p.line == line, p
    assert not_in_hint not in p.message + p.hint, p


def test_a_list_item_at_a_wrong_indent_lines_up_with_the_list(tmp_path: Path) -> None:
    body = "number: 1\nsection: 1\ntitle: 第一项任务\ntext: 2024年10月底前完成排查。\n"
    body += "lead:\n  - 区甲局\n - 区乙局\n"
    p = _first_error(make_plan(tmp_path, {T1: body}))
    assert (p.line, p.hint) == (7, "改为缩进 2 个空格,与上一行对齐")
