"""Pages generated from the mini fixture plan: golden files, page set, unit duties, escaping.

Refresh the golden files (after checking the diff!) with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pages.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import HOSTILE, MINI_PLAN, ROOT, SINGLE_PAGES, write_hostile_plan
from markupsafe import escape

from generator.data.pipeline import load_plan
from generator.data.status import Status
from generator.model import urls
from generator.model.model import ROLES, Plan
from generator.site.pages import build_site
from generator.site.views.common import Site, SiteConfig

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
AS_OF = dt.date(2024, 10, 20)


def fake_exports(plan: Plan) -> dict[str, bytes]:
    """Every download path the pages may link to (content irrelevant here)."""
    paths = [
        urls.PLAN_JSON,
        urls.PLAN_SCHEMA,
        urls.TASKS_CSV,
        urls.ASSIGNMENTS_CSV,
        urls.ALL_ICS,
        urls.ALL_XLSX,
    ]
    for c in plan.campaigns:
        paths += [urls.campaign_ics(c.id), urls.campaign_xlsx(c.id)]
    for u in plan.units:
        paths += [urls.unit_ics(u.id), urls.unit_xlsx(u.id)]
    return dict.fromkeys(paths, b"")


@pytest.fixture(scope="module")
def mini_plan() -> Plan:
    return load_plan(MINI_PLAN)


@pytest.fixture(scope="module")
def mini_site(mini_plan: Plan) -> Site:
    # a fixed as-of date: the pages say 截至 <date>, and golden files must not change every day
    status = Status(mini_plan, None, AS_OF)
    return build_site(mini_plan, SiteConfig(), exports=fake_exports(mini_plan), status=status)


def expected_pages(plan: Plan) -> set[str]:
    fixed = set(SINGLE_PAGES)
    return (
        fixed
        | {urls.campaign_page(c.id) for c in plan.campaigns}
        | {urls.task_page(t.id) for t in plan.tasks}
        | {urls.unit_page(u.id) for u in plan.units}
    )


# --- golden ----------------------------------------------------------------------------------------


def test_golden_pages(mini_site: Site) -> None:
    mismatched = []
    for page in mini_site.pages:
        golden = GOLDEN / page.src_path
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(page.markdown, encoding="utf-8")
        elif not golden.exists() or golden.read_text(encoding="utf-8") != page.markdown:
            mismatched.append(page.src_path)
    stale = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")} - {
        p.src_path for p in mini_site.pages
    }
    if UPDATE:
        for s in stale:
            (GOLDEN / s).unlink()
        return
    assert not stale, f"golden files without a page: {sorted(stale)}"
    assert not mismatched, (
        f"pages differ from tests/golden: {mismatched}; if intended, run "
        "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pages.py"
    )


def test_build_is_deterministic(mini_plan: Plan, mini_site: Site) -> None:
    status = Status(mini_plan, None, AS_OF)
    again = build_site(mini_plan, SiteConfig(), exports=fake_exports(mini_plan), status=status)
    assert [(p.src_path, p.markdown) for p in again.pages] == [
        (p.src_path, p.markdown) for p in mini_site.pages
    ]


# --- the page set ----------------------------------------------------------------------------------


def test_page_set_matches_data(mini_plan: Plan, mini_site: Site) -> None:
    paths = [p.src_path for p in mini_site.pages]
    assert len(paths) == len(set(paths))
    assert set(paths) == expected_pages(mini_plan)


def nav_paths(nav: list) -> list[str]:
    out: list[str] = []
    for _title, target in nav:
        out += nav_paths(target) if isinstance(target, list) else [target]
    return out


def test_nav_is_small_and_points_at_pages(mini_plan: Plan, mini_site: Site) -> None:
    paths = nav_paths(mini_site.nav)
    assert set(paths) <= {p.src_path for p in mini_site.pages}
    assert not any(p.startswith(("tasks/", "units/")) and not p.endswith("index.md") for p in paths)
    assert urls.TASKS_INDEX in paths and urls.UNITS_INDEX in paths


def test_download_links_only_to_existing_files(mini_plan: Plan) -> None:
    site = build_site(mini_plan, SiteConfig(), exports={})
    for page in site.pages:
        assert ".ics" not in page.markdown and ".xlsx" not in page.markdown, page.src_path


def test_every_task_links_to_its_source_anchor(mini_plan: Plan, mini_site: Site) -> None:
    source = mini_site.page(urls.SOURCE).markdown
    for t in mini_plan.tasks:
        anchor = urls.source_anchor(t.id)
        assert f'id="{anchor}"' in source
        assert f"../../source/#{anchor}" in mini_site.page(urls.task_page(t.id)).markdown
    # each anchor sits on the task's own first line, whose number and title link to the task page
    link = r'<a class="src-link src-task" href="\.\./tasks/{}/"[^>]*>'
    assert re.search(r'<p id="src-alpha-01">' + link.format("alpha-01") + r"1\. 第一项任务</a>。", source)
    assert re.search(r'<p id="src-beta-02">' + link.format("beta-02") + r"2\. 乙二任务</a>。", source)


# --- unit pages list exactly their tasks -----------------------------------------------------------


def listed_duties(markdown_text: str) -> dict[tuple[str, str], list[str]]:
    """(campaign id, role) → task ids, as listed in the unit page's duty lists."""
    out: dict[tuple[str, str], list[str]] = {}
    for m in re.finditer(
        r"\{ #([a-z0-9-]+)-(lead|cooperate|responsible) \}\n\n<div class=\"duty-list\">(.*?)</div>",
        markdown_text,
        re.S,
    ):
        out[(m.group(1), m.group(2))] = re.findall(
            r'class="task-link" href="\.\./\.\./tasks/([a-z0-9-]+)/"', m.group(3)
        )
    return out


def model_duties(plan: Plan, unit_id: str) -> dict[tuple[str, str], list[str]]:
    """The same, computed independently from the raw assignments."""
    out: dict[tuple[str, str], list[str]] = {}
    for c in plan.campaigns:
        for role in ROLES:
            ids = [
                t.id for t in c.tasks if any(a.unit.id == unit_id and a.role == role for a in t.assignments)
            ]
            if ids:
                out[(c.id, role.value)] = ids
    return out


def test_unit_pages_list_exactly_their_tasks(mini_plan: Plan, mini_site: Site) -> None:
    for u in mini_plan.units:
        md = mini_site.page(urls.unit_page(u.id)).markdown
        assert listed_duties(md) == model_duties(mini_plan, u.id), u.id


def test_unit_pages_on_real_plan() -> None:
    plan = load_plan(ROOT / "plan_data")
    site = build_site(plan, SiteConfig(), exports={})
    assert len(site.pages) == len(expected_pages(plan))
    for u in plan.units:
        assert listed_duties(site.page(urls.unit_page(u.id)).markdown) == model_duties(plan, u.id), u.id


def test_implicit_units_are_marked(mini_plan: Plan, mini_site: Site) -> None:
    md = mini_site.page(urls.task_page("beta-02")).markdown
    assert 'class="unit-link implicit" href="../../units/xg-zhen-jiedao/"' in md
    assert "（隐含）" in md
    unit_md = mini_site.page(urls.unit_page("xg-zhen-jiedao")).markdown
    assert unit_md.count('class="implicit"') == 1  # beta-02 only; beta-01 names it explicitly


def test_collective_unit_says_who_it_stands_for(mini_plan: Plan, mini_site: Site) -> None:
    md = mini_site.page(urls.unit_page("zhen-jiedao")).markdown
    assert "指全区各镇、各街道。" in md


def test_matrix_cells(mini_plan: Plan, mini_site: Site) -> None:
    md = mini_site.page(urls.MATRIX).markdown
    alpha = md.split("{ #matrix-alpha }")[1].split("{ #matrix-beta }")[0]
    jia_row = next(line for line in alpha.splitlines() if 'href="../units/jia/"' in line)
    cells = re.findall(r"<td>(.*?)</td>", jia_row)
    assert [re.findall(r">(牵|配|责)<", c) for c in cells] == [["牵"], [], ["牵"]]


# --- escaping --------------------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def to_html(md_text: str) -> str:
    """Markdown → HTML with the extensions mkdocs.yml enables."""
    return markdown.markdown(
        md_text, extensions=["toc", "attr_list", "md_in_html", "tables", "admonition", "def_list"]
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Site]:
    plan = load_plan(write_hostile_plan(tmp_path_factory.mktemp("hostile") / "plan"))
    return plan, build_site(plan, SiteConfig(), exports=fake_exports(plan))


def test_hostile_texts_render_literally(hostile_site: tuple[Plan, Site]) -> None:
    plan, site = hostile_site
    assert plan.tasks[0].title.endswith("<script>alert(1)</script>{{ 7*7 }}")
    seen: dict[str, int] = dict.fromkeys(HOSTILE.values(), 0)
    for page in site.pages:
        html = to_html(page.markdown)
        parser = Tags()
        parser.feed(html)
        for tag, attrs in parser.tags:
            forbidden = {"script", "img", "b", "em", "iframe"} | (
                {"code"} if page.src_path != urls.HOW_TO_EDIT else set()
            )
            assert tag not in forbidden, (page.src_path, tag)
            for name, value in attrs:
                assert not name.startswith("on"), (page.src_path, tag, name)
                assert not (value or "").strip().lower().startswith("javascript:"), (page.src_path, value)
        text = "".join(parser.text)
        for hostile in HOSTILE.values():
            seen[hostile] += text.count(hostile)
        assert "</script>49" not in text, page.src_path  # {{ 7*7 }} must not be evaluated
    missing = [h for h, n in seen.items() if n == 0]
    assert not missing, f"hostile texts not shown literally anywhere: {missing}"


def test_hostile_headings_stay_literal(hostile_site: tuple[Plan, Site]) -> None:
    _plan, site = hostile_site
    html = to_html(site.page(urls.campaign_page("alpha")).markdown)
    assert '<h3 id="sec-1">(一)第一节 *星号* # 井号 | 竖线 { #x }</h3>' in html
    html = to_html(site.page(urls.unit_page("bing")).markdown)
    assert "<h1" in html and "区丙中心[x](javascript:alert(1))</h1>" in html


# --- 编辑指南 and 更新记录 (without history) -----------------------------------------------------------


def test_guide_lists_every_check_message(mini_site: Site) -> None:
    """Generated from messages.catalogue(): a new message cannot be missing from the guide."""
    from generator.data.messages import catalogue

    page = mini_site.page(urls.HOW_TO_EDIT)
    assert page.title == "编辑指南"
    html = to_html(page.markdown)
    for m in catalogue():
        assert f'id="msg-{m.code}"' in html, m.code
        assert f'<code class="message-code">{m.code}</code>' in html, m.code
        section = html.split(f'id="msg-{m.code}"', 1)[1].split("</section>", 1)[0]
        for example in (m.example_bad, m.example_fix):
            if example:
                shown = re.sub(r"<span class=\"tab-char\"[^>]*>⇥\s*</span>", "\t", section)
                assert f"<code>{escape(example)}</code>" in shown, (m.code, example)
    for stage in ("读取", "格式", "内容"):
        assert f">{stage}:" in html


def test_guide_lists_every_key_of_the_schema(mini_site: Site) -> None:
    from generator.data import schema

    html = to_html(mini_site.page(urls.HOW_TO_EDIT).markdown)
    for model, table in (
        (schema.TaskFile, "keys-task"),
        (schema.Deadline, "keys-deadlines"),
        (schema.Target, "keys-targets"),
        (schema.Flag, "keys-flags"),
        (schema.UnitEntry, "keys-unit"),
    ):
        part = html.split(f'id="{table}"', 1)[1].split('class="key-table"', 1)[0]
        for name, f in model.model_fields.items():
            assert f"<code>{name}</code>" in part, (table, name)
            assert escape(f.description or "") in part, (table, name)


def test_guide_example_is_a_real_task_file() -> None:
    """The example is written back from the plan: it must read as the task's own file does."""
    import yaml

    from generator.editors import guide

    plan = load_plan(ROOT / "plan_data")
    task = guide.example_task(plan)
    assert task is not None
    shown = yaml.safe_load(guide.task_file_yaml(task))
    real = yaml.safe_load((ROOT / task.source.path).read_text(encoding="utf-8"))
    assert shown == real
    for t in plan.tasks:  # every task round-trips, so any one could be shown
        assert yaml.safe_load(guide.task_file_yaml(t)) == yaml.safe_load(
            (ROOT / t.source.path).read_text(encoding="utf-8")
        ), t.id
    units = yaml.safe_load((ROOT / "plan_data" / "units.yaml").read_text(encoding="utf-8"))["units"]
    unit = guide.example_unit(plan)
    assert unit is not None
    assert yaml.safe_load(guide.unit_entry_yaml(unit))["units"] == [
        next(u for u in units if u["id"] == unit.id)
    ]


def test_guide_sample_problem_is_what_check_prints() -> None:
    from generator.editors import guide

    plan = load_plan(ROOT / "plan_data")
    line = guide.sample_problem(plan).format()
    task = guide.example_task(plan)
    assert task is not None and line.startswith(f"{task.source.path}:")
    assert "不在单位名录(units.yaml)中" in line and "是否指" in line


def test_without_history_pages_say_so(mini_plan: Plan, mini_site: Site) -> None:
    for t in mini_plan.tasks:
        assert "更新时间不详（无 git 历史）" in mini_site.page(urls.task_page(t.id)).markdown
    for u in mini_plan.units:
        assert "更新时间不详（无 git 历史）" in mini_site.page(urls.unit_page(u.id)).markdown
    changelog = mini_site.page(urls.CHANGELOG)
    assert changelog.title == "更新记录" and "无 git 历史" in changelog.markdown
    assert ("更新记录", urls.CHANGELOG) in dict(mini_site.nav)["关于"]


# --- 原文: unit and task links, text unchanged ------------------------------------------------------


def source_div(markdown_text: str) -> str:
    return markdown_text.split('<div class="source-text" lang="zh-CN">', 1)[1].rsplit("</div>", 1)[0]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("which", ["mini", "real"])
def test_source_page_text_is_the_original(which: str, mini_plan: Plan) -> None:
    """Links are added around words, never words: the 原文 minus its tags is the original, escaped."""
    plan = mini_plan if which == "mini" else load_plan(ROOT / "plan_data")
    md = build_site(plan, SiteConfig(), exports={}).page(urls.SOURCE).markdown
    shown = re.sub(r"<[^>]*>", "", source_div(md))
    assert squash(shown) == squash(str(escape(plan.document.source_text)))


def test_source_page_text_is_the_original_with_hostile_texts(hostile_site: tuple[Plan, Site]) -> None:
    plan, site = hostile_site
    shown = re.sub(r"<[^>]*>", "", source_div(site.page(urls.SOURCE).markdown))
    assert squash(shown) == squash(str(escape(plan.document.source_text)))


def source_links(markdown_text: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the 原文."""
    return re.findall(r'<a class="src-link[^"]*" href="([^"]+)"[^>]*>([^<]*)</a>', source_div(markdown_text))


def test_source_unit_lines_link_every_unit(mini_plan: Plan, mini_site: Site) -> None:
    md = mini_site.page(urls.SOURCE).markdown
    links = source_links(md)
    assert ("../units/jia/", "区甲局") in links and ("../units/bing/", "区丙中心") in links
    assert '责任部门:<a class="src-link" href="../units/jia/">区甲局</a>' in md
    yi = '<a class="src-link" href="../units/yi/">'
    xg = '<a class="src-link" href="../units/xg-zhen-jiedao/">'
    assert f"{yi}区乙局</a>,{xg}相关镇(街道)</a>" in md
    # every task's number and title links to the task page, once
    assert [h for h, _ in links if h.startswith("../tasks/")] == [
        urls.relative(urls.SOURCE, urls.task_page(t.id)) for t in mini_plan.tasks
    ]


def test_source_unit_names_broken_across_lines_link_both_pieces() -> None:
    plan = load_plan(ROOT / "plan_data")
    md = build_site(plan, SiteConfig(), exports={}).page(urls.SOURCE).markdown
    links = source_links(md)
    assert ("../units/fgw/", "区发展改") in links and ("../units/fgw/", "革委") in links
    assert ("../units/cgj/", "区城") in links and ("../units/cgj/", "管局") in links
    # every registry name on every unit line is a link: what is left unlinked is labels and commas
    div = source_div(md)
    labels = ("牵头单位", "配合单位", "责任单位", "责任部门")
    for line in re.findall(r"<p[^>]*>(.*?)</p>", div):
        text = re.sub(r"<[^>]*>", "", line)
        if not text.startswith(labels):
            continue
        plain = re.sub(r"<a [^>]*>[^<]*</a>", "", line)
        plain = re.sub(r"〔[^〕]*〕", "", plain)  # a note in brackets may hold other words
        for unit in plan.units:
            assert unit.name not in plain, (unit.name, text)
    assert len([h for h, _ in links if h.startswith("../tasks/")]) == len(plan.tasks)


# --- downloads: every file explained, webcal everywhere ----------------------------------------------


def test_downloads_page_explains_every_file(mini_plan: Plan) -> None:
    from generator.exports import FEED_RULES, build_exports, describe_exports, field_notes
    from generator.site.render import fullwidth

    files = build_exports(mini_plan)
    md = build_site(mini_plan, SiteConfig(), exports=files).page(urls.DOWNLOADS).markdown
    html = to_html(md)
    for info in describe_exports(mini_plan):
        assert f'href="{urls.relative(urls.DOWNLOADS, info.path)}"' in md, info.path
        if info.format == "ics" and info.undated:
            assert f"{info.undated} 项" in md
    for kind, fields in field_notes().items():
        for f in fields:
            assert str(escape(f.name)) in html, (kind, f.name)
    assert str(escape(fullwidth(FEED_RULES))) in html
    for words in ("UTF-8", "BOM", "按照市定时间节点", "提前 7 天", "重复事件", "自动更新", "不会自动更新"):
        assert words in html, words
    for anchor in ("by-unit", "by-campaign", "all", "ics", "calendar-apps", "xlsx", "csv", "json"):
        assert f'id="{anchor}"' in html, anchor
    assert re.search(r"\d+ KB|\d+ 字节", html)  # real sizes


def ics_pages(plan: Plan) -> dict[str, list[str]]:
    """Page → the .ics files it offers."""
    out = {
        urls.DOWNLOADS: [urls.ALL_ICS]
        + [urls.campaign_ics(c.id) for c in plan.campaigns]
        + [urls.unit_ics(u.id) for u in plan.units]
    }
    out.update({urls.campaign_page(c.id): [urls.campaign_ics(c.id)] for c in plan.campaigns})
    out.update({urls.unit_page(u.id): [urls.unit_ics(u.id)] for u in plan.units})
    return out


def test_every_ics_link_has_a_webcal_link(mini_plan: Plan, mini_site: Site) -> None:
    config = SiteConfig(site_url="https://example.org/plan/")
    site = build_site(mini_plan, config, exports=fake_exports(mini_plan))
    for src, paths in ics_pages(mini_plan).items():
        relative_md = mini_site.page(src).markdown
        absolute_md = site.page(src).markdown
        for path in paths:
            rel = urls.relative(src, path)
            assert f'href="{rel}" download' in relative_md, (src, path)
            assert f'class="md-button webcal" href="{rel}" data-webcal' in relative_md or (
                f'class="webcal" href="{rel}" data-webcal' in relative_md
            ), (src, path)
            assert f'href="webcal://example.org/plan/{path}"' in absolute_md, (src, path)
        assert "data-webcal" not in absolute_md, src


def test_unit_page_says_how_many_deadlines_are_not_in_the_calendar(mini_plan: Plan) -> None:
    from generator.exports import build_exports, describe_exports

    files = build_exports(mini_plan)
    site = build_site(mini_plan, SiteConfig(), exports=files)
    infos = {i.path: i for i in describe_exports(mini_plan)}
    seen_undated = False
    for u in mini_plan.units:
        md = site.page(urls.unit_page(u.id)).markdown
        info = infos[urls.unit_ics(u.id)]
        assert f"日历含 {info.events} 个事件" in md
        if info.undated:
            seen_undated = True
            assert f"{info.undated} 项时限没有具体日期</strong>" in md
            assert 'href="#undated"' in md and 'id="undated"' in md
        assert f'href="../../{urls.unit_xlsx(u.id)}" download' in md
    assert seen_undated


def test_aggregate_pages_are_left_out_of_search(tmp_path) -> None:
    """The Pagefind index holds the searchable pages only (not matrix, calendar, 原文 …)."""
    from generator.exports.search import searchable, write_index
    from generator.site.views.common import NOT_SEARCHED

    site = tmp_path / "site"
    for src, title in (("index.md", "首页"), ("source.md", "原文"), ("tasks/alpha-01.md", "甲1")):
        out = site / urls.page_url(src) / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        html = f"<html lang=zh><body><article><h1>{title}</h1><p>秸秆 焚烧</p></article></body></html>"
        out.write_text(html, encoding="utf-8")
    all_pages = ("index.md", "source.md", "tasks/alpha-01.md")
    pages = searchable(site, [s for s in all_pages if s not in NOT_SEARCHED])
    assert [p.url for p in pages] == ["/", "/tasks/alpha-01/"]
    assert write_index(site, pages) == 2
    entry = (site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"page_count":2' in entry.replace(" ", "")
    assert urls.SOURCE in NOT_SEARCHED and urls.task_page("alpha-01") not in NOT_SEARCHED


def _units_index_rows(markdown_text: str) -> dict[str, list[str]]:
    """unit page link → the numbers in its row of the units index."""
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", markdown_text, re.S):
        link = re.search(r'href="([^"]+)"', row)
        assert link
        rows[link.group(1)] = re.findall(r'data-sort="(\d+)"', row)
    return rows


def test_units_index_falls_back_to_role_totals_for_many_campaigns(
    mini_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more campaigns than fit as columns, the index shows per-role totals (linear size)."""
    import generator.site.pages as pages

    wide = _units_index_rows(build_site(mini_plan, SiteConfig()).page(urls.UNITS_INDEX).markdown)
    monkeypatch.setattr(pages, "MAX_CAMPAIGN_COLUMNS", 1)
    narrow = _units_index_rows(build_site(mini_plan, SiteConfig()).page(urls.UNITS_INDEX).markdown)
    assert wide.keys() == narrow.keys() and len(narrow) == len(mini_plan.units)
    n_campaigns = len(mini_plan.campaigns)
    for link, cells in narrow.items():
        per_campaign = [int(x) for x in wide[link][:-1]]
        assert len(per_campaign) == 3 * n_campaigns and len(cells) == 4
        for i in range(3):  # lead, cooperate, responsible summed over campaigns
            assert int(cells[i]) == sum(per_campaign[i::3])
        assert cells[3] == wide[link][-1]  # the same grand total
