"""A document's standing (现行 / 已到期 / 尚未施行 / 已废止 / 已修订) as of the build's date, on every
page of the site (generator/data/standing.py; the banner is in the theme's announce block)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_AS_OF, MINI_PLAN, ROOT, SESSION_AS_OF, BuiltSite

from generator.data.pipeline import load_plan
from generator.data.standing import standing
from generator.model.model import Document, DocumentEnd

D = dt.date


@pytest.fixture(scope="module")
def doc() -> Document:
    return load_plan(MINI_PLAN).document


def test_the_rule_in_order(doc: Document) -> None:
    start, end = doc.period_start, doc.period_end
    assert standing(doc, start).label == "现行" and standing(doc, end).label == "现行"
    assert standing(doc, end + dt.timedelta(days=1)).label == "已到期"
    assert standing(doc, start - dt.timedelta(days=1)).label == "尚未施行"
    by = "测试环委〔2025〕2号"
    revised = dataclasses.replace(doc, ended=DocumentEnd("已修订", by, start + dt.timedelta(days=10)))
    assert standing(revised, start + dt.timedelta(days=9)).label == "现行"  # not before its date
    s = standing(revised, start + dt.timedelta(days=10))
    assert s.label == "已修订" and "测试环委〔2025〕2号" in s.reason and s.css == "ended"
    # a repeal after the period: the repeal is what the page says, once its date has come
    repealed = dataclasses.replace(doc, ended=DocumentEnd("已废止", "某文", end + dt.timedelta(days=30)))
    assert standing(repealed, end + dt.timedelta(days=5)).label == "已到期"
    assert standing(repealed, end + dt.timedelta(days=30)).label == "已废止"


def expected_label(as_of: str, plan_dir: Path) -> str:
    """The same rule, derived independently from document.yaml's dates (no ``ended`` in these plans)."""
    import yaml

    period = yaml.safe_load((plan_dir / "document.yaml").read_text(encoding="utf-8"))["period"]
    day = D.fromisoformat(as_of)
    return "已到期" if day > period["end"] else "尚未施行" if day < period["start"] else "现行"


@pytest.mark.parametrize("which", ["real", "demo"])
def test_every_page_says_the_standing(which: str, built_site: BuiltSite, demo_site: BuiltSite) -> None:
    real = which == "real"
    site, as_of, plan_dir = (built_site, SESSION_AS_OF, ROOT / "plan_data") if real else (
        demo_site, DEMO_AS_OF, MINI_PLAN
    )
    assert site.returncode == 0, site.output
    label = expected_label(as_of, plan_dir)
    pages = [p for p in site.path.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 20
    for p in pages:
        text = p.read_text(encoding="utf-8")
        assert text.count('class="doc-standing') == 1, p
        assert f"<strong>文件状态：{label}</strong>" in text, p


def test_an_ended_date_before_the_document_is_a_located_error(tmp_path: Path) -> None:
    data = tmp_path / "plan_data"
    shutil.copytree(MINI_PLAN, data)
    doc_file = data / "document.yaml"
    doc_file.write_text(
        doc_file.read_text(encoding="utf-8") + "ended:\n  kind: 已修订\n  by: 某文\n  date: 2001-01-01\n",
        encoding="utf-8",
    )
    line = doc_file.read_text(encoding="utf-8").splitlines().index("  date: 2001-01-01") + 1
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"document.yaml:{line}" in proc.stderr and "早于本文件的成文日期" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
