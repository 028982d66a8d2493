"""Defects seen on the site (issue “one answer everywhere”), each pinned by a test on the real plan:
one label per item, target texts and notes, empty calendar months, Chinese download names, the
site address in calendar events and the deploy build."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import MINI_PLAN, ROOT
from icalendar import Calendar

from generator.data.pipeline import load_plan
from generator.exports import build_exports
from generator.model import urls
from generator.site.pages import build_site


@pytest.fixture(scope="module")
def real():
    plan = load_plan(ROOT / "plan_data")
    files = build_exports(plan)
    return plan, files, build_site(plan, exports=files)


def test_one_label_per_requirement(real) -> None:
    _, files, site = real
    texts = [p.markdown for p in site.pages]
    joined = "\n".join(texts)
    for wrong in ("蓝天要求(", "净土要求(", "碧水要求(", "蓝天·(一)", "[蓝天·有关要求(一)]"):
        assert wrong not in joined, wrong
    cal = site.page(urls.CALENDAR).markdown
    assert "净土·保障措施(三)" in cal and "蓝天·有关要求(四)" in cal
    # the same label in the calendar feed and in the 台账
    ics = files[urls.unit_ics("cgj")].decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:[蓝天·有关要求(一)]" in ics and "SUMMARY:[蓝天·有关要求(四)]" in ics
    ws = openpyxl.load_workbook(io.BytesIO(files[urls.unit_xlsx("cgj")])).active
    codes = {r[2] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert {"蓝天·有关要求(一)", "蓝天·有关要求(四)"} <= codes
    # 净土 保障措施(三) “区攻坚办将每季度调度…”: 区攻坚办's deadline, under the same label
    assert "净土·保障措施(三)" not in codes
    ics = files[urls.unit_ics("gjb")].decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:[净土·保障措施(三)]" in ics
    assert 'data-deadline="jingtu-req3-d1"' in site.page(urls.unit_page("gjb")).markdown
    assert 'data-deadline="jingtu-req3-d1"' not in site.page(urls.unit_page("cgj")).markdown


def test_target_texts_and_their_notes(real) -> None:
    _, _, site = real
    home = site.page(urls.HOME).markdown
    assert "优良天数比例不低于64.2%(235天)</li>" in home
    assert "(235天)(235天)" not in home and "(8天)以下(8天)" not in home
    assert home.count("主要农作物化肥利用率、农药利用率稳步提升") == 1
    targets = site.page(urls.TARGETS).markdown
    assert "(235天)(235天)" not in targets
    bishui = targets.split("{ #targets-bishui }")[1].split("{ #targets-jingtu }")[0]
    rows = bishui.split("<tr")[2:]  # data rows
    flagged = [r for r in rows if "IV类" in r and "⚠" in r]
    # the IV类/Ⅳ类 note is shown on the two targets it is about, not on all six
    assert len(flagged) == 2 and all("枯河入黄断面" in r or "建成区河流水质" in r for r in flagged)
    jingtu = targets.split("{ #targets-jingtu }")[1].split("{ #conflicts }")[0]
    notes = [r for r in jingtu.split("<tr")[2:] if "⚠" in r]
    assert notes and all("农村生活污水治理(管控)率" in r for r in notes)
    # a note is its own paragraph, never run into the target's words
    assert re.search(r"</p><p class=\"flag-note\">", targets)


def test_empty_calendar_months_are_one_line(real) -> None:
    _, _, site = real
    cal = site.page(urls.CALENDAR).markdown
    assert cal.count("没有到期的工作") == 1
    assert "2025年1月—11月没有到期的工作。" in cal
    assert cal.count('<table class="cal-grid">') == 7  # 2024-07 … 2024-12 and 2025-12


def test_downloads_carry_chinese_file_names(real) -> None:
    _, _, site = real
    page = site.page(urls.unit_page("cgj")).markdown
    assert 'download="区城管局-工作任务清单台账.xlsx"' in page
    assert 'download="区城管局-任务时限日历.ics"' in page
    assert re.search(r'"\s+download(?=[\s>])', page) is None  # none left without a name


def test_print_header_and_no_buttons_in_print() -> None:
    main = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "print-header" in main and "config.extra.doc_number" in main and "data-print-date" in main
    css = (ROOT / "docs" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    media = css.split("@media print {", 1)[1]
    assert ".print-header {\n    display: block;" in media
    assert ".md-typeset .file-buttons" in media.split("display: none !important;")[0]


def _mkdocs(site_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HUIJI_PLAN_DATA": str(MINI_PLAN), **env}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)], cwd=ROOT,
                          env=full, capture_output=True, text=True, timeout=600)


def test_site_url_is_set_and_a_deploy_build_needs_one(tmp_path: Path) -> None:
    built = _mkdocs(tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    cal = Calendar.from_ical((tmp_path / "site" / "data" / "ics" / "unit-jia.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert events and all(str(e["URL"]).startswith("https://") for e in events)
    assert all("详情:https://" in str(e["DESCRIPTION"]) for e in events)
    refused = _mkdocs(tmp_path / "site2", HUIJI_DEPLOY="1", HUIJI_SITE_URL="")
    assert refused.returncode != 0
    assert "发布构建缺少网站地址" in refused.stdout + refused.stderr
    assert not (tmp_path / "site2" / "index.html").exists()
