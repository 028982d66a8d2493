"""Government-site conventions (issue 14): the site's identity from plan_data/site.yaml — nothing
invented when it is empty —, 纠错/留言 by e-mail, 文号 and 发布时间 on task and unit pages, the
无障碍声明 page and the copy of record's SHA-256."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import MINI_PLAN, ROOT, BuiltSite

from generator.data.pipeline import load_plan
from generator.data.problems import PlanInvalid
from generator.model.model import SiteIdentity
from generator.site.identity import footer_html
from generator.site.pages import build_site
from generator.site.views.common import SiteConfig

REAL = ROOT / "plan_data"


def test_the_real_site_invents_no_identity(built_site: BuiltSite) -> None:
    plan = load_plan(REAL)
    assert plan.site == SiteIdentity()  # site.yaml is there, every field empty: the document names none
    html = (built_site.path / "tasks" / "lantian-12" / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('<div class="md-copyright">') :]
    assert "主办单位" not in footer and "ICP" not in footer and "网站标识码" not in footer
    assert "无障碍声明" in footer and "关于本站" in footer
    assert "本站尚未公布联系方式" in html
    assert "github.com" not in html  # no edit link to a repository nobody named
    assert "惠环委〔2024〕3号 · 成文日期" in html and "发布时间 <time" in html and "2024-08-29 11:31" in html


def test_the_footer_shows_what_is_set_in_order(demo_site: BuiltSite) -> None:
    html = (demo_site.path / "units" / "jia" / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('<div class="site-identity">') :]
    order = [
        "主办单位：测试区人民政府办公室",
        "承办单位：测试区攻坚办",
        "地址：测试路1号",
        "电话：0000-00000000",
        "feedback@example.invalid",
        "网站标识码：0000000000",
        "测ICP备00000000号",
        "测公网安备00000000000000号",
    ]
    at = [footer.index(x) for x in order]
    assert at == sorted(at)
    assert 'href="https://beian.miit.gov.cn/"' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000"' in footer
    assert 'href="../../about/"' in footer and 'href="../../accessibility/"' in footer


def test_footer_text_is_escaped() -> None:
    out = str(footer_html(SiteIdentity(host="<script>alert(1)</script>", email='a"b@c.cn')))
    assert "<script>" not in out and "&lt;script&gt;" in out and "a&#34;b@c.cn" in out


def test_feedback_mail_names_the_page_and_the_task(tmp_path: Path) -> None:
    site = build_site(load_plan(MINI_PLAN), SiteConfig(site_url="https://example.invalid/plan/"))
    md = site.page("tasks/alpha-01.md").markdown
    href = re.search(r'<div class="feedback"[^>]*>\s*<p><strong>纠错/留言</strong>：<a href="([^"]+)"', md)
    assert href, md[-800:]
    parts = urlsplit(href.group(1).replace("&amp;", "&"))
    assert parts.scheme == "mailto" and parts.path == "feedback@example.invalid"
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert q["subject"] == "纠错/留言：甲1 第一项任务"
    assert (
        "页面：https://example.invalid/plan/tasks/alpha-01/" in q["body"]
        and "事项：甲1 第一项任务" in q["body"]
    )
    # the edit link is for editors, from site.yaml's repository
    assert (
        '编辑人员：<a href="https://example.invalid/repo/edit/main/mini_plan/campaigns/alpha/tasks/01.yaml"'
        in md
    )
    unit = site.page("units/jia.md").markdown
    assert "mailto:feedback@example.invalid?subject=" + "%E7%BA%A0" in unit
    assert unquote("%E5%8C%BA%E7%94%B2%E5%B1%80") in unquote(unit)  # 区甲局 in its subject


def test_the_repository_comes_from_the_workflow_when_site_yaml_leaves_it_out() -> None:
    plan = load_plan(REAL)
    site = build_site(plan, SiteConfig(repository="https://github.com/someone/fork"))
    md = site.page("tasks/lantian-12.md").markdown
    assert 'href="https://github.com/someone/fork/edit/main/plan_data/campaigns/lantian/tasks/12.yaml"' in md
    assert "编辑人员" not in build_site(plan, SiteConfig()).page("tasks/lantian-12.md").markdown
    # an address from the environment that is not a plain https URL never becomes an edit link
    bad = (
        build_site(plan, SiteConfig(repository="javascript:alert(1)//")).page("tasks/lantian-12.md").markdown
    )
    assert "javascript:" not in bad and "编辑人员" not in bad


def test_official_source_links_every_quote_when_configured() -> None:
    site = build_site(load_plan(MINI_PLAN), SiteConfig())
    for page in ("tasks/alpha-01.md", "units/yi.md", "deadlines.md", "source.md", "about.md"):
        assert 'href="https://example.invalid/doc/1.html"' in site.page(page).markdown, page
    task = site.page("tasks/alpha-01.md").markdown
    quotes = task.count("：“2024年10月底前”")
    assert quotes and task.count('rel="noopener">原文</a>：“') == quotes


def test_about_gives_the_copy_of_records_sha256() -> None:
    plan = load_plan(REAL)
    digest = hashlib.sha256((REAL / plan.document.source_file).read_bytes()).hexdigest()
    about = build_site(plan, SiteConfig()).page("about.md").markdown
    assert digest in about and "存档副本" in about and "本站未登记原文在发文机关网站上的网址" in about


def test_accessibility_statement(built_site: BuiltSite) -> None:
    html = (built_site.path / "accessibility" / "index.html").read_text(encoding="utf-8")
    for words in (
        "WCAG 2.2",
        "GB/T 37668-2019",
        "axe-core",
        "已知的不足",
        "Alt+Shift+D",
        "本站尚未公布联系方式",
    ):
        assert words in html, words


BAD_SITE = [
    ("contact:\n  email: 无\n", "bad-format", 2, "电子邮箱"),
    ("icp: 京备12345号\n", "bad-format", 1, "ICP"),
    ("contact:\n  email: hjhb@example.gov.cn,spy@evil.example\n", "bad-format", 2, "电子邮箱"),
    ("contact:\n  email: 'a\"b@x.cn'\n", "bad-format", 2, "电子邮箱"),
    ("original_url: javascript:alert(1)\n", "bad-format", 1, "网址"),
    ("repository: http://example.invalid/repo\n", "bad-format", 1, "代码仓库"),
    ("hosts: 某单位\n", "unknown-key", 1, "host"),
    ("host: " + "长" * 61 + "\n", "text-too-long", 1, "60"),
]


@pytest.mark.parametrize(
    ("text", "code", "line", "words"), BAD_SITE, ids=[b[1] + str(i) for i, b in enumerate(BAD_SITE)]
)
def test_a_bad_site_yaml_is_located_in_chinese(
    tmp_path: Path, text: str, code: str, line: int, words: str
) -> None:
    root = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, root)
    (root / "site.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PlanInvalid) as exc:
        load_plan(root)
    hits = [p for p in exc.value.errors if p.code == code]
    assert hits, [p.format() for p in exc.value.problems]
    assert hits[0].file.endswith("site.yaml") and hits[0].line == line and words in hits[0].format()


def test_footer_golden() -> None:
    """The footer of the fixture plan's test site.yaml, as a golden file (UPDATE_GOLDEN=1 rewrites it)."""
    import os

    golden = ROOT / "tests" / "fixtures" / "footer.golden.html"
    html = str(footer_html(load_plan(MINI_PLAN).site, "../../")) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")
