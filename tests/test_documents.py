"""A site of several documents (issue 16): plan_data/documents/<doc-id>/ beside one shared registry.

The fixture (conftest.write_two_document_site) is the mini plan (2024) and its invented successor
(tests/fixtures/mini_plan_2025, 2025, a unit renamed), built by the real ``mkdocs build --strict``.
Expected values are derived here from the YAML files, not from the generator's own functions.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import icalendar
import openpyxl
import pytest
import yaml
from conftest import (
    MINI_PLAN,
    MINI_PLAN_2025,
    ROOT,
    TWO_DOCS_AS_OF,
    BuiltSite,
    write_two_document_site,
)

from generator.data.documents import load_documents
from generator.data.problems import PlanInvalid
from generator.site.assemble import Options, assemble

DOCS = {"mini-2024": MINI_PLAN, "mini-2025": MINI_PLAN_2025}
SITE_URL = "https://huiji-gov.github.io/huiji-plan/"


def run_check(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def doc_yaml(folder: Path) -> dict:
    return yaml.safe_load((folder / "document.yaml").read_text(encoding="utf-8"))


def names_in_tasks(folder: Path) -> set[str]:
    """Every unit name a document's task files write (its own lines, not the registry)."""
    out: set[str] = set()
    for f in (folder / "campaigns").glob("*/tasks/*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for holder in [data, *data.get("subitems", [])]:
            for role in ("lead", "cooperate", "responsible"):
                out |= set(holder.get(role, []))
    return out


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return write_two_document_site(tmp_path / "plan_data")


# --- loading -------------------------------------------------------------------------------------


def test_each_document_names_the_unit_as_it_was_called_then(data: Path) -> None:
    docs = load_documents(data)
    assert docs.several and [d.id for d in docs.documents] == ["mini-2024", "mini-2025"]
    for d in docs.documents:
        written = names_in_tasks(DOCS[d.id])
        assert {u.name for u in d.plan.units if d.plan.tasks_of(u)} == written
    by_id = {d.id: {u.id: u.name for u in d.plan.units} for d in docs.documents}
    assert by_id["mini-2024"]["bing"] == "区丙中心" and by_id["mini-2025"]["bing"] == "区丙服务中心"
    proc = run_check(data)
    assert proc.returncode == 0, proc.stderr
    assert "检查通过:2 份文件" in proc.stdout and "mini-2025(测试文〔2025〕1号)" in proc.stdout


def test_a_former_name_in_a_later_document_is_refused_with_the_name_to_write(data: Path) -> None:
    task = data / "documents" / "mini-2025" / "campaigns" / "alpha" / "tasks" / "01.yaml"
    task.write_text(task.read_text(encoding="utf-8").replace("区丙服务中心", "区丙中心"), encoding="utf-8")
    proc = run_check(data)
    assert proc.returncode == 1
    line = next(x for x in proc.stderr.splitlines() if "区丙中心" in x and "01.yaml" in x)
    assert "documents/mini-2025/campaigns/alpha/tasks/01.yaml:" in line
    assert "曾用名" in line and "请写“区丙服务中心”" in line


@pytest.mark.parametrize(
    ("entry", "code", "words"),
    [
        ("former_names: [{name: 区乙局, until: 2024-12-31}]", "former-name-conflict", "也是单位“区乙局”"),
        ("former_names: [{name: 乙, until: 2025-12-31}, {name: 甲, until: 2024-12-31}]", "former-name-order",
         "不晚于前一个曾用名"),
    ],
)
def test_bad_former_names_are_refused_at_their_line(data: Path, entry: str, code: str, words: str) -> None:
    units = data / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index("    former_names:")
    end = text.index("\n  - id:", start)
    units.write_text(text[:start] + "    " + entry + text[end:], encoding="utf-8")
    with pytest.raises(PlanInvalid) as exc:
        load_documents(data)
    hits = [p for p in exc.value.problems if p.code == code]
    assert hits and words in hits[0].message, exc.value.problems
    lines = units.read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(lines, 1) if "former_names" in x)
    assert hits[0].file.endswith("units.yaml") and hits[0].line == line


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda d: (d / "documents" / "2025年").mkdir(), "文件夹名不能用作网址"),
        (lambda d: (d / "notes.txt").write_text("x", encoding="utf-8"), "这个位置的文件不会被读取"),
        (lambda d: (d / "documents" / "mini-2024" / "units.yaml").write_text("units: []", encoding="utf-8"),
         "不会被读取"),
        (lambda d: shutil.copytree(d / "documents" / "mini-2024", d / "documents" / "mini-copy"), "文号相同"),
    ],
    ids=["folder-name", "stray-top", "own-registry", "same-number"],
)
def test_a_bad_layout_is_one_chinese_message_and_nothing_built(
    data: Path, tmp_path: Path, damage, words
) -> None:
    damage(data)
    proc = run_check(data)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert words in proc.stderr, proc.stderr
    out = tmp_path / "pages"
    cmd = [sys.executable, "-m", "generator", "pages", "--data", str(data), "--out", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"HUIJI_AS_OF": TWO_DOCS_AS_OF, "PATH": "/usr/bin:/bin"})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and not out.exists()


def test_a_unit_no_document_names_is_a_warning_at_its_line(data: Path) -> None:
    units = data / "units.yaml"
    entry = "  - id: ding\n    name: 区丁局\n    kind: 区直部门\n"
    units.write_text(units.read_text(encoding="utf-8") + entry, encoding="utf-8")
    proc = run_check(data)
    assert proc.returncode == 0, proc.stderr
    line = len(units.read_text(encoding="utf-8").splitlines()) - 1
    assert f"units.yaml:{line}:" in proc.stderr and "区丁局" in proc.stderr
    assert "没有任何任务用到它" in proc.stderr


def test_problems_of_every_document_are_reported_together(data: Path) -> None:
    for doc_id in DOCS:
        f = data / "documents" / doc_id / "campaigns" / "alpha" / "tasks" / "01.yaml"
        f.write_text(f.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    with pytest.raises(PlanInvalid) as exc:
        load_documents(data)
    files = {p.file for p in exc.value.errors}
    assert {f"documents/{d}/campaigns/alpha/tasks/01.yaml" for d in DOCS} <= {
        f.split("plan_data/", 1)[-1] for f in files}


# --- the built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two(two_docs_site: BuiltSite) -> BuiltSite:
    assert two_docs_site.returncode == 0, two_docs_site.output
    return two_docs_site


def h1(page: Path) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert m, page
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip().removesuffix("¶")


def sitemap_paths(site: Path) -> list[str]:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return [loc.removeprefix(SITE_URL) for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def test_every_url_of_the_single_document_site_still_leads_to_its_page(two: BuiltSite,
                                                                          demo_site: BuiltSite) -> None:
    """The mini plan built alone (as the site was before a second document) — every URL of its site
    map and every download either is a page of the two-document site or redirects to the same page
    (same H1) in the default document's folder (the earliest: mini-2024)."""
    assert demo_site.returncode == 0, demo_site.output
    old_paths = sitemap_paths(demo_site.path)
    assert len(old_paths) > 30
    redirected = kept = 0
    for old in old_paths:
        target = two.path / old / "index.html"
        assert target.is_file(), old
        m = REFRESH.search(target.read_text(encoding="utf-8"))
        if m is None:  # the root's own page (home, units, search, about, accessibility)
            assert old == "" or old.split("/")[0] in ("units", "search", "about", "accessibility"), old
            kept += 1
            continue
        new = (target.parent / html.unescape(m.group(1))).resolve() / "index.html"
        assert new.is_file(), (old, m.group(1))
        assert new.relative_to(two.path.resolve()).as_posix().startswith("d/mini-2024/")
        assert h1(new) == h1(demo_site.path / old / "index.html"), old
        redirected += 1
    assert redirected > 20 and kept >= 5
    for f in (demo_site.path / "data").rglob("*"):  # downloads: calendars stay subscribed
        # (a 进展报送表 is for the as-of month, so it is named after the month by design)
        if f.is_file() and not f.name.endswith(".gz") and not f.name.startswith("template-"):
            assert (two.path / f.relative_to(demo_site.path)).is_file(), f


def test_two_builds_of_the_site_are_the_same_bytes(two: BuiltSite, tmp_path: Path) -> None:
    """Same data, same date: the same files (Pagefind's filter files included: it writes their values
    in hash-map order, generator/exports/search.stable_filters sorts them)."""
    from conftest import mkdocs_build

    data = write_two_document_site(tmp_path / "plan_data")
    again = mkdocs_build(tmp_path / "site", data, {"HUIJI_AS_OF": TWO_DOCS_AS_OF,
                                                   "HUIJI_PARTS": str(tmp_path / "parts")})
    assert again.returncode == 0, again.output
    assert list((again.path / "pagefind" / "filter").iterdir())
    first, second = tree(two.path), tree(again.path)
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


def test_every_page_of_a_document_says_which_document_and_its_standing(two: BuiltSite) -> None:
    as_of = dt.date.fromisoformat(TWO_DOCS_AS_OF)
    for doc_id, folder in DOCS.items():
        doc = doc_yaml(folder)
        label = "现行" if doc["period"]["start"] <= as_of <= doc["period"]["end"] else "已到期"
        pages = list((two.path / "d" / doc_id).rglob("index.html"))
        assert len(pages) > 20
        for page in pages:
            text = page.read_text(encoding="utf-8")
            if REFRESH.search(text) or page.parent.name == "compare":
                continue
            assert f"文件状态：{label}" in text, page
            assert html.escape(doc["doc_number"]) in text or doc["doc_number"] in text, page


def test_the_home_page_lists_current_documents_first(data: Path) -> None:
    """With the 2025 document repealed (ended) the older, current one comes first."""
    f = data / "documents" / "mini-2025" / "document.yaml"
    ended = "ended:\n  kind: 已废止\n  by: 测试文〔2025〕9号\n  date: 2025-07-20\n"
    f.write_text(f.read_text(encoding="utf-8") + ended, encoding="utf-8")
    built = assemble(Options(plan_dir=data, as_of=TWO_DOCS_AS_OF))
    home = next(p for p in built.site.pages if p.src_path == "index.md").markdown
    first, second = home.index("测试文〔2024〕1号"), home.index("测试文〔2025〕1号")
    assert first < second
    assert "文件状态：<strong>已废止</strong>" in home
    # and by date when both are current
    built = assemble(Options(plan_dir=write_two_document_site(data.parent / "again"), as_of=TWO_DOCS_AS_OF))
    home = next(p for p in built.site.pages if p.src_path == "index.md").markdown
    assert home.index("测试文〔2025〕1号") < home.index("测试文〔2024〕1号")


def expected_unit_docs(unit_id: str, data: Path) -> list[str]:
    """The documents whose task files name the unit under one of its names, from the YAML alone."""
    reg = yaml.safe_load((data / "units.yaml").read_text(encoding="utf-8"))["units"]
    entry = next(u for u in reg if u["id"] == unit_id)
    names = {entry["name"], *(f["name"] for f in entry.get("former_names", []))}
    return sorted(d for d, folder in DOCS.items() if names & names_in_tasks(folder))


def test_a_unit_page_lists_its_duties_in_every_document(two: BuiltSite, tmp_path: Path) -> None:
    data = write_two_document_site(tmp_path / "plan_data")
    for unit_id in ("jia", "yi", "bing"):
        page = (two.path / "units" / unit_id / "index.html").read_text(encoding="utf-8")
        listed = re.findall(r'<section class="unit-document" id="doc-([a-z0-9-]+)"', page)
        assert sorted(listed) == expected_unit_docs(unit_id, data)
        assert listed == sorted(listed, reverse=True)  # both current: the newer first
        for d in listed:
            assert f"../../d/{d}/units/{unit_id}/" in page
    bing = (two.path / "units" / "bing" / "index.html").read_text(encoding="utf-8")
    assert "区丙服务中心" in h1(two.path / "units" / "bing" / "index.html")
    assert "曾用名：区丙中心（至 2024年12月31日）" in bing and "该文件中的名称：区丙中心" in bing


def test_the_unit_calendar_and_ledger_cover_every_current_document(two: BuiltSite) -> None:
    for unit_id in ("jia", "bing"):
        cal = icalendar.Calendar.from_ical((two.path / f"data/ics/unit-{unit_id}.ics").read_bytes())
        events = [e for e in cal.walk("VEVENT")]
        per_doc: dict[str, list] = {}
        for d in DOCS:
            own = icalendar.Calendar.from_ical((two.path / f"d/{d}/data/ics/unit-{unit_id}.ics").read_bytes())
            per_doc[d] = list(own.walk("VEVENT"))
        assert len(events) == sum(len(v) for v in per_doc.values()) > 0
        assert len({str(e["uid"]) for e in events}) == len(events)  # task ids repeat; UIDs do not
        numbers = {d: doc_yaml(f)["doc_number"] for d, f in DOCS.items()}
        for d, own_events in per_doc.items():
            mine = [e for e in events if f"依据:{numbers[d]}" in str(e["description"])]
            assert len(mine) == len(own_events)
            assert all(numbers[d] in str(e["summary"]) for e in mine)
        book = openpyxl.load_workbook(io.BytesIO((two.path / f"data/xlsx/unit-{unit_id}.xlsx").read_bytes()))
        ws = book.active
        header = [c.value for c in ws[3]]
        assert "文件" in header
        col = header.index("文件")
        rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if any(r)]
        for d in DOCS:
            own_file = two.path / f"d/{d}/data/xlsx/unit-{unit_id}.xlsx"
            own = openpyxl.load_workbook(io.BytesIO(own_file.read_bytes()))
            own_rows = [r for r in own.active.iter_rows(min_row=4, values_only=True) if any(r)]
            assert sum(1 for r in rows if r[col] == numbers[d]) == len(own_rows)


def test_the_year_to_year_page_says_what_the_diff_command_says(two: BuiltSite) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "diff", str(MINI_PLAN), str(MINI_PLAN_2025)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    headline = proc.stdout.splitlines()[1]
    page = (two.path / "d/mini-2025/compare/index.html").read_text(encoding="utf-8")
    assert html.escape(headline) in page or headline in page
    assert "延续任务" in headline and "不再列入" in headline
    home = (two.path / "index.html").read_text(encoding="utf-8")
    assert 'href="d/mini-2025/compare/"' in home and "d/mini-2024/compare" not in home


def test_search_finds_a_task_code_in_both_documents_and_filters_by_document(two_url: str, browser) -> None:
    from conftest import new_page

    outside: list[str] = []
    page = new_page(browser, two_url, 390, outside)
    page.goto(two_url + "search/?q=甲1")
    page.wait_for_selector(".direct-hits li")
    hits = page.locator(".direct-hits li").all_inner_texts()
    assert any("测试文〔2024〕1号" in h for h in hits) and any("测试文〔2025〕1号" in h for h in hits), hits
    page.wait_for_selector(".search-results[data-done]")
    page.goto(two_url + "search/?q=任务&doc=" + "测试文〔2025〕1号")
    page.wait_for_selector(".search-results[data-done]")
    links = page.locator(".search-hits a").evaluate_all("els => els.map(e => e.href)")
    assert links and all("/d/mini-2025/" in h for h in links), links
    page.goto(two_url + "search/?q=任务")
    page.wait_for_selector(".search-results[data-done]")
    links = page.locator(".search-hits a").evaluate_all("els => els.map(e => e.href)")
    assert any("/d/mini-2024/" in h for h in links) and any("/d/mini-2025/" in h for h in links), links
    page.goto(two_url + "search/?q=区丙中心")  # a former name leads to the unit today
    page.wait_for_selector(".direct-hits li")
    assert "区丙服务中心" in page.locator(".direct-hits li").first.inner_text()
    assert outside == []
    page.close()


# --- beyond one machine: parts, --jobs, a CI matrix ------------------------------------------------


def pages(*args: str, data: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {"HUIJI_AS_OF": TWO_DOCS_AS_OF, "PATH": "/usr/bin:/bin", "HOME": str(data.parent),
           "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "generator", "pages", "--data", str(data), "--project", str(ROOT), *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def test_jobs_and_a_matrix_write_the_same_bytes_as_one_machine(data: Path, tmp_path: Path) -> None:
    one = pages("--out", str(tmp_path / "one"), data=data)
    assert one.returncode == 0, one.stderr
    two = pages("--out", str(tmp_path / "jobs"), "--jobs", "2", data=data)
    assert two.returncode == 0, two.stderr
    parts = tmp_path / "parts"
    for group in ("mini-2024", "mini-2025"):  # one matrix job each
        job = pages("--parts", str(parts), "--only", group, data=data)
        assert job.returncode == 0 and "已存入" in job.stdout, job.stderr
    merge = pages("--parts", str(parts), "--out", str(tmp_path / "matrix"), data=data)
    assert merge.returncode == 0, merge.stderr
    assert "2 份取自已保存的部分,0 份已生成" in merge.stdout  # the merge built no document again
    # from the file system root: a link above the docs root once climbed from the working directory
    elsewhere = pages("--out", str(tmp_path / "elsewhere"), data=data, cwd=Path("/"))
    assert elsewhere.returncode == 0, elsewhere.stderr
    reference = tree(tmp_path / "one")
    assert len(reference) > 200
    assert tree(tmp_path / "jobs") == reference
    assert tree(tmp_path / "matrix") == reference
    assert tree(tmp_path / "elsewhere") == reference


def test_only_the_document_whose_data_changed_is_built_again(data: Path, tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    first = pages("--parts", str(parts), "--out", str(tmp_path / "a"), data=data)
    assert first.returncode == 0 and "0 份取自已保存的部分,2 份已生成" in first.stdout, first.stdout
    task = data / "documents" / "mini-2025" / "campaigns" / "beta" / "tasks" / "01.yaml"
    text = task.read_text(encoding="utf-8")
    task.write_text(text.replace("title:", "# 编辑的注释\ntitle:", 1), encoding="utf-8")
    again = pages("--parts", str(parts), "--out", str(tmp_path / "a"), data=data)
    assert again.returncode == 0 and "1 份取自已保存的部分,1 份已生成" in again.stdout, again.stdout
    # a damaged stored part is built again, never an error
    for blob in parts.rglob("*"):
        if blob.is_file() and blob.name != "manifest.json":
            blob.write_bytes(b"damaged")
    third = pages("--parts", str(parts), "--out", str(tmp_path / "a"), data=data)
    assert third.returncode == 0 and "0 份取自已保存的部分,2 份已生成" in third.stdout, third.stdout


@pytest.mark.parametrize("bad", ["0", "x", "999"])
def test_a_bad_jobs_value_is_refused_in_chinese(data: Path, tmp_path: Path, bad: str) -> None:
    proc = pages("--out", str(tmp_path / "o"), "--jobs", bad, data=data)
    assert proc.returncode == 2 and "--jobs 应为 1 到" in proc.stderr and not (tmp_path / "o").exists()


def test_groups_list_the_documents_for_a_matrix(data: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "groups", "--data", str(data), "--size", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == '["mini-2024", "mini-2025"]'
    proc = subprocess.run([sys.executable, "-m", "generator", "groups", "--data", str(MINI_PLAN)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]"  # one document: no matrix


def test_search_within_one_unit_across_documents_and_one_campaign(two_url: str, browser) -> None:
    """The unit page's search form keeps to that unit's tasks in every document (by its id: the
    2024 document calls it 区丙中心); the 方案 select keeps to one campaign."""
    from conftest import new_page

    page = new_page(browser, two_url, 1280, [])
    page.goto(two_url + "units/bing/")
    page.fill("#unit-search-input", "任务")
    page.locator("form.unit-search button").click()
    page.wait_for_selector(".search-results[data-done]")
    assert "unit=bing" in page.url
    if page.locator(".search-more").count():  # the first 5, then the rest on request
        page.locator(".search-more").click()
        page.wait_for_selector(".search-results[data-more]")
    links = page.locator(".search-hits a").evaluate_all("els => els.map(e => e.href)")
    tasks = {d: {h for h in links if f"/d/{d}/tasks/" in h} for d in DOCS}
    assert tasks["mini-2024"] and tasks["mini-2025"], links
    for d, folder in DOCS.items():  # every hit is a task of the unit, by the YAML files
        names = {"区丙中心", "区丙服务中心"}
        for href in tasks[d]:
            cid, number = re.search(r"/tasks/([a-z]+)-(\d+)/", href).groups()
            f = folder / "campaigns" / cid / "tasks" / f"{int(number):02d}.yaml"
            data = yaml.safe_load(f.read_text("utf-8"))
            holders = [data, *data.get("subitems", [])]
            written = {n for h in holders for r in ("lead", "cooperate", "responsible") for n in h.get(r, [])}
            assert names & written, href
    page.goto(two_url + "search/?q=" + "任务" + "&campaign=" + "乙保卫战")
    page.wait_for_selector(".search-results[data-done]")
    links = page.locator(".search-hits a").evaluate_all("els => els.map(e => e.href)")
    assert links and all("/campaigns/beta/" in h or "/tasks/beta-" in h for h in links), links
    page.close()


def test_direct_hits_keep_to_the_chosen_document(two_url: str, browser) -> None:
    from conftest import new_page

    page = new_page(browser, two_url, 390, [])
    page.goto(two_url + "search/?q=甲1&doc=测试文〔2024〕1号")
    page.wait_for_selector(".search-results[data-done]")
    page.wait_for_selector(".direct-hits li")
    hits = page.locator(".direct-hits a").evaluate_all("els => els.map(e => e.href)")
    assert hits and all("/d/mini-2024/" in h for h in hits), hits
    page.close()


def test_the_search_page_and_the_generator_agree_on_shards() -> None:
    """search.js's shardOf / norm and generator/exports/search.py's shard_of / norm give the same
    shard for every key, the non-BMP and full-width ones included (run by Node)."""
    import json

    from generator.exports.search import norm, shard_of

    src = (ROOT / "docs" / "assets" / "javascripts" / "search.js").read_text(encoding="utf-8")
    functions = "".join(re.search(rf"  function {name}\(.*?\n  \}}\n", src, re.S).group(0)
                        for name in ("norm", "shardOf"))
    keys = ["蓝天12", "𠮷祥任务", "（专项）任务", "区城管局", "a b c", "１０月底前", "乙1"]
    script = functions + (f"console.log(JSON.stringify({json.dumps(keys)}.map(k => [shardOf(k, 256),"
                          " shardOf(Array.from(norm(k)).slice(0, 2).join(''), 256), norm(k)])))")
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == [[shard_of(k), shard_of(norm(k)[:2]), norm(k)] for k in keys]


# --- found by review: each was reproduced before its fix ------------------------------------------


def test_every_page_of_a_document_has_its_own_title(two: BuiltSite) -> None:
    """The bar stands before the heading, so the title comes from the page's metadata."""
    for page in (two.path / "d" / "mini-2025").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if REFRESH.search(text):
            continue
        title = re.search(r"<title>([^<]*)</title>", text).group(1)
        assert html.unescape(title).startswith(h1(page)), (page, title)


def test_parts_folder_keeps_what_is_not_a_part(data: Path, tmp_path: Path) -> None:
    import os
    import time

    parts = tmp_path / "parts"
    (parts / "important-old").mkdir(parents=True)
    (parts / "important-old" / "f").write_text("x", encoding="utf-8")
    hexname = parts / ("a" * 64)
    hexname.mkdir()  # a 64-hex name but not a part (no manifest listing part.json)
    old = time.time() - 40 * 86400
    for p in (parts / "important-old", hexname):
        os.utime(p, (old, old))
    proc = pages("--parts", str(parts), "--only", "mini-2024", data=data)
    assert proc.returncode == 0, proc.stderr
    assert (parts / "important-old" / "f").is_file() and hexname.is_dir()


def test_a_matrix_job_that_cannot_store_its_parts_fails(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    proc = pages("--parts", str(target), "--only", "mini-2024", data=data)
    assert proc.returncode == 1 and "写入" in proc.stderr and "Traceback" not in proc.stderr


def test_mkdocs_with_jobs_builds_the_same_site(two: BuiltSite, tmp_path: Path) -> None:
    """HUIJI_JOBS=2 under MkDocs (its worker processes import the package from anywhere)."""
    from conftest import mkdocs_build

    data = write_two_document_site(tmp_path / "plan_data")
    built = mkdocs_build(tmp_path / "site", data, {"HUIJI_AS_OF": TWO_DOCS_AS_OF, "HUIJI_JOBS": "2",
                                                   "HUIJI_PARTS": str(tmp_path / "parts")})
    assert built.returncode == 0, built.output
    assert "份已生成(并行 2)" in built.output
    first, second = tree(two.path), tree(built.path)
    assert [k for k in set(first) | set(second) if first.get(k) != second.get(k)] == []


def test_a_unit_named_only_in_a_requirement_has_its_page_across_documents(data: Path) -> None:
    units = data / "units.yaml"
    entry = "  - id: ding\n    name: 区丁局\n    kind: 区直部门\n"
    units.write_text(units.read_text(encoding="utf-8") + entry, encoding="utf-8")
    camp = data / "documents" / "mini-2025" / "campaigns" / "alpha" / "campaign.yaml"
    text = camp.read_text(encoding="utf-8")
    m = re.search(r"\n(\s+)- text: ", text)
    assert m, "the fixture's requirement deadlines moved"
    text = text[: m.end()] + text[m.end():].replace("\n", f"\n{m.group(1)}  units: [区丁局]\n", 1)
    said = "各单位每月28日前报送。"  # the deadline's unit must be named in its text, as in the original
    camp.write_text(text.replace(said, "各单位每月28日前报送,区丁局汇总。"), encoding="utf-8")
    source = data / "documents" / "mini-2025" / "source" / "original.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(said, "各单位每月28日前报送,区丁局汇总。"),
                      encoding="utf-8")
    built = assemble(Options(plan_dir=data, as_of=TWO_DOCS_AS_OF))
    paths = {p.src_path for p in built.site.pages}
    assert "d/mini-2025/units/ding.md" in paths and "units/ding.md" in paths
    assert "data/ics/unit-ding.ics" in built.site.files


def test_the_unit_page_across_documents_has_the_registry_name(data: Path) -> None:
    """Even when only the older document (under the former name) is current."""
    f = data / "documents" / "mini-2024" / "document.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("end: 2025-12-31", "end: 2026-12-31", 1), encoding="utf-8")
    built = assemble(Options(plan_dir=data, as_of="2026-02-01"))
    page = next(p for p in built.site.pages if p.src_path == "units/bing.md")
    assert page.title == "区丙服务中心" and page.markdown.startswith("# 区丙服务中心")


@pytest.mark.parametrize("bad", ["²", "١"])
def test_a_non_ascii_digit_jobs_value_is_refused_in_chinese(data: Path, tmp_path: Path, bad: str) -> None:
    proc = pages("--out", str(tmp_path / "o"), "--jobs", bad, data=data)
    assert proc.returncode == 2 and "--jobs 应为 1 到" in proc.stderr


def test_a_progress_problem_names_its_document(data: Path) -> None:
    report = data / "documents" / "mini-2024" / "progress" / "yi" / "2024-10.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "\n  : [\n", encoding="utf-8")
    proc = run_check(data)
    assert proc.returncode == 1
    assert "documents/mini-2024/progress/yi/2024-10.yaml:" in proc.stderr, proc.stderr


@pytest.mark.parametrize("what", ["documents-link", "site-yaml-dir"])
def test_a_linked_documents_folder_or_a_folder_for_site_yaml_is_refused(data: Path, tmp_path: Path,
                                                                         what: str) -> None:
    if what == "documents-link":
        shutil.move(data / "documents", tmp_path / "elsewhere")
        (data / "documents").symlink_to(tmp_path / "elsewhere")
    else:
        (data / "site.yaml").unlink()
        (data / "site.yaml").mkdir()
    proc = run_check(data)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert ("documents 是一个链接" if what == "documents-link" else "不是普通文件") in proc.stderr


def test_groups_refuse_a_bad_folder(tmp_path: Path, data: Path) -> None:
    for where in (tmp_path / "nowhere", data):
        if where == data:
            (data / "documents" / "Bad Name").mkdir()
        proc = subprocess.run([sys.executable, "-m", "generator", "groups", "--data", str(where)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr, proc


def test_one_document_commands_take_a_document_of_the_site(data: Path) -> None:
    doc = data / "documents" / "mini-2025"
    for args in (["dump", "--data", str(doc)], ["check", "--data", str(doc)]):
        proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "generator", "dump", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "用 --data 指定其中一份" in proc.stderr and "mini-2024" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "generator", "progress", "template", "区丙服务中心",
                           "--data", str(doc), "--out", str(data.parent / "t.xlsx")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_one_document_of_the_site_previews_alone(data: Path) -> None:
    """HUIJI_PLAN_DATA=plan_data/documents/<id> (make serve): that document as a site of its own,
    with the shared registry — the quick preview of one document of many."""
    built = assemble(Options(plan_dir=data / "documents" / "mini-2025", as_of=TWO_DOCS_AS_OF))
    paths = {p.src_path for p in built.site.pages}
    assert "tasks/alpha-01.md" in paths and not any(p.startswith("d/") for p in paths)
    assert built.plan.document.doc_number == doc_yaml(MINI_PLAN_2025)["doc_number"]
    assert {u.name for u in built.plan.units} >= {"区丙服务中心"}


# --- each document's history -----------------------------------------------------------------------


NEW = "a-2025"  # sorts before mini-2024: git pairs a moved file with its copy there


def _edit_task(doc: Path, rel: str, text: str, deadline: str, date: str) -> None:
    from conftest import mirror_in_source

    p = doc / rel
    old = yaml.safe_load(p.read_text(encoding="utf-8"))
    new = {**old, "text": text, "deadlines": [{**old["deadlines"][0], "text": deadline, "date": date}]}
    p.write_text(yaml.safe_dump(new, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mirror_in_source(doc, old, new)


@pytest.fixture()
def moved_repo(tmp_path: Path) -> Path:
    """A site's git history across the move to several documents:

    1. 2024-05-01 初版 — the mini plan alone, at ``plan_data/`` (today's layout);
    2. 2024-08-29 — alpha task 1's deadline moves;
    3. 2025-07-25 — the files move into ``documents/mini-2024/`` (``git mv``), the registry becomes
       the shared one and ``documents/a-2025`` is added;
    4. 2025-08-10 — a deadline of the 2025 document moves.
    """
    from conftest import git
    from test_history_pages import mini_repo

    repo = mini_repo(tmp_path / "repo", "推迟")
    data = repo / "plan_data"
    (data / "documents" / "mini-2024").mkdir(parents=True)
    for entry in sorted(data.iterdir()):
        if entry.name not in ("units.yaml", "site.yaml", "documents"):
            git(repo, "mv", f"plan_data/{entry.name}", f"plan_data/documents/mini-2024/{entry.name}")
    shutil.copy(MINI_PLAN_2025 / "units.yaml", data / "units.yaml")
    shutil.copytree(MINI_PLAN_2025, data / "documents" / NEW,
                    ignore=shutil.ignore_patterns("units.yaml"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "两份文件", date="2025-07-25T10:00:00+08:00")
    _edit_task(data / "documents" / NEW, "campaigns/alpha/tasks/01.yaml", "2025年12月底前完成建档。",
               "2025年12月底前", "2025-12-31")
    git(repo, "commit", "-q", "-am", "2025 推迟", date="2025-08-10T10:00:00+08:00")
    return repo


def _page(built: object, doc: str, src: str) -> str:
    from generator.model import urls

    path = urls.in_document(doc, src)
    return next(p for p in built.site.pages if p.src_path == path).markdown  # type: ignore[attr-defined]


def test_each_document_has_its_own_history_across_the_move(moved_repo: Path, tmp_path: Path) -> None:
    """The 2024 document's 更新记录 and dates go on across the move into documents/ (its files were
    moved unchanged); the 2025 document's start when it was added; neither lists the other's changes."""
    from generator.model import urls

    built = assemble(Options(plan_dir=moved_repo / "plan_data", as_of=TWO_DOCS_AS_OF,
                             history_cache=tmp_path / "history-cache"))
    old = _page(built, "mini-2024", urls.CHANGELOG)
    assert "## 2024年8月29日" in old and "## 2024年5月1日" in old
    assert "时限“完成排查”由 2024-10-31 改为 2024-11-30" in old
    assert old.count("首次收录方案数据。") == 1  # the move is not a new start
    assert "2025年8月10日" not in old and "2025-12-31" not in old
    new = _page(built, NEW, urls.CHANGELOG)
    assert "## 2025年8月10日" in new and "由 2025-09-30 改为 2025-12-31" in new
    assert "## 2025年7月25日" in new and new.count("首次收录方案数据。") == 1
    assert "2024年8月29日" not in new and "2024年5月1日" not in new
    # a task's date is its file's last change, under the old name before the move
    assert '最后更新：<time datetime="2024-08-29">' in _page(built, "mini-2024", urls.task_page("alpha-01"))
    assert '最后更新：<time datetime="2024-05-01">' in _page(built, "mini-2024", urls.task_page("alpha-02"))
    assert '最后更新：<time datetime="2025-08-10">' in _page(built, NEW, urls.task_page("alpha-01"))
    # a file both documents hold byte for byte: moved (2024) and added (2025), whichever git pairs
    assert '最后更新：<time datetime="2024-05-01">' in _page(built, "mini-2024", urls.task_page("beta-01"))
    assert '最后更新：<time datetime="2025-07-25">' in _page(built, NEW, urls.task_page("beta-01"))
    assert "无 git 历史" not in old + new


def test_a_new_commit_rebuilds_the_part_whose_history_it_changes(moved_repo: Path, tmp_path: Path) -> None:
    """A stored part is keyed by its document's history too: an edit built before it was committed,
    then committed — the same files, a new 更新记录 entry — rebuilds the 2025 part and reuses the
    2024 one."""
    from conftest import git

    from generator.model import urls

    parts = tmp_path / "parts"
    options = Options(plan_dir=moved_repo / "plan_data", as_of=TWO_DOCS_AS_OF, parts_dir=parts)
    doc = moved_repo / "plan_data" / "documents" / NEW
    _edit_task(doc, "campaigns/alpha/tasks/01.yaml", "2025年11月底前完成建档。", "2025年11月底前",
               "2025-11-30")
    before = assemble(options)
    assert "## 2025年8月20日" not in _page(before, NEW, urls.CHANGELOG)
    git(moved_repo, "commit", "-q", "-am", "再推迟", date="2025-08-20T10:00:00+08:00")
    again = assemble(options)
    assert any("1 份取自已保存的部分" in line for line in again.log), again.log
    assert "## 2025年8月20日" in _page(again, NEW, urls.CHANGELOG)


# --- search over several indexes -----------------------------------------------------------------


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The two-document site with at most 8 pages per Pagefind index (a big site's several indexes)."""
    from conftest import mkdocs_build, serve

    data = write_two_document_site(tmp_path_factory.mktemp("grouped-data") / "plan_data")
    built = mkdocs_build(tmp_path_factory.mktemp("grouped") / "site", data,
                         {"HUIJI_AS_OF": TWO_DOCS_AS_OF, "HUIJI_INDEX_PAGES": "8"})
    assert built.returncode == 0, built.output
    for url in serve(built.path):
        yield built.path, url


def all_results(page, url: str) -> tuple[int, list[str]]:
    """How many pages the 搜索 page found, and the ones it shows (up to 20)."""
    page.goto(url)
    page.wait_for_selector(".search-results[data-done]")
    if page.locator(".search-more").count():
        page.locator(".search-more").click()
        page.wait_for_selector(".search-results[data-more]")
    if not page.locator("#search-hits").count():
        return 0, []
    total = int(re.search(r"（(\d+) 个页面", page.locator("#search-hits").inner_text()).group(1))
    return total, page.locator(".search-hits a").evaluate_all("els => els.map(e => new URL(e.href).pathname)")


def index_of(folder: Path, url: str) -> str:
    """The index (its folder) whose fragments hold the page ``url``."""
    import gzip

    for fragment in sorted(folder.rglob("fragment/*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        if data["url"] == url:
            return fragment.parent.parent.name
    raise AssertionError(url)


def test_the_search_page_searches_every_index(grouped: tuple[Path, str], two_url: str, browser) -> None:
    """Split into indexes of 8 pages (listed in pagefind/indexes.json; only the first carries the
    runtime), the 搜索 page finds pages of every index, as many as one index finds for a broad
    query, and keeps to the filters. (Pagefind splits a Chinese query by the words of each index,
    so a narrow query can find more pages in several indexes than in one: not compared.)"""
    from conftest import new_page

    site, url = grouped
    merge = json.loads((site / "pagefind" / "indexes.json").read_text(encoding="utf-8"))["merge"]
    assert len(merge) >= 3, merge  # four indexes or more
    for folder in merge:
        assert (site / "pagefind" / folder / "pagefind-entry.json").is_file()
        runtime = [*(site / "pagefind" / folder).glob("*.js"), *(site / "pagefind" / folder).glob("wasm.*")]
        assert runtime == []
    outside: list[str] = []
    page = new_page(browser, url, 390, outside)
    one = new_page(browser, two_url, 390, [])
    total, _ = all_results(page, url + "search/?q=任务")
    assert total == all_results(one, two_url + "search/?q=任务")[0] > 20
    # a page of the last index and one of the first
    last = json.loads((site / "pagefind" / merge[-1] / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert last["languages"]["zh-cn"]["page_count"] > 0
    # a page of a merged index (not the first), found by the 搜索 page
    assert "/d/mini-2025/tasks/alpha-01/" in all_results(page, url + "search/?q=新增一项任务")[1]
    assert index_of(site / "pagefind", "/d/mini-2025/tasks/alpha-01/") != "pagefind"
    # every page one index finds for a broad query (all of them, by Pagefind's own API)
    every = """async (q) => { const m = await import(new URL('pagefind/pagefind.js', location.href).href);
        await m.init(); const g = await (await fetch(new URL('pagefind/indexes.json', location.href))).json();
        for (const x of g.merge)
          await m.mergeIndex(new URL('pagefind/' + x, location.href).href, {baseUrl: '/'});
        const r = await m.search(q);
        return (await Promise.all(r.results.map(x => x.data()))).map(d => d.url); }"""
    page.goto(url)
    one.goto(two_url)
    assert sorted(page.evaluate(every, "任务")) == sorted(one.evaluate(every, "任务"))
    assert all(h.startswith("/d/") or h.count("/") <= 3 for h in all_results(page, url + "search/?q=任务")[1])
    _, found = all_results(page, url + "search/?q=任务&doc=测试文〔2025〕1号")
    assert found and all(h.startswith("/d/mini-2025/") for h in found), found
    _, found = all_results(page, url + "search/?q=任务&campaign=乙保卫战")
    assert found and all("/campaigns/beta/" in h or "/tasks/beta-" in h for h in found), found
    assert outside == []
    page.close()
    one.close()


def test_several_indexes_are_the_same_bytes_twice(grouped: tuple[Path, str], tmp_path: Path) -> None:
    from conftest import mkdocs_build

    data = write_two_document_site(tmp_path / "plan_data")
    again = mkdocs_build(tmp_path / "site", data, {"HUIJI_AS_OF": TWO_DOCS_AS_OF, "HUIJI_INDEX_PAGES": "8"})
    assert again.returncode == 0, again.output
    first, second = tree(grouped[0] / "pagefind"), tree(again.path / "pagefind")
    assert len(first) > 20 and sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


def test_a_bad_index_size_is_refused_in_chinese(tmp_path: Path) -> None:
    from conftest import mkdocs_build

    data = write_two_document_site(tmp_path / "plan_data")
    built = mkdocs_build(tmp_path / "site", data, {"HUIJI_AS_OF": TWO_DOCS_AS_OF, "HUIJI_INDEX_PAGES": "0"})
    assert built.returncode != 0 and "HUIJI_INDEX_PAGES 应为 1 到 3000 之间的整数" in built.output
    assert "Traceback" not in built.output and not (tmp_path / "site").exists()


def test_a_rebuild_from_memory_is_the_same_site(data: Path) -> None:
    """Under serve the documents, parts and root pages are kept between rebuilds (assemble.Memo): a
    rebuild with nothing changed, and one after an edit, are the sites a fresh build makes."""
    from generator.site.assemble import Memo

    memo = Memo()
    units = data / "units.yaml"  # 区甲局 renamed after both documents: the registry's name is newer
    renamed = "    name: 区甲新局\n    former_names:\n      - name: 区甲局\n        until: 2025-12-31\n"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("    name: 区甲局\n", renamed), encoding="utf-8")

    def site(options: Options) -> dict[str, object]:
        built = assemble(options)
        return {p.src_path: p.markdown for p in built.site.pages} | dict(built.site.files)

    kept = Options(plan_dir=data, as_of=TWO_DOCS_AS_OF, memo=memo)
    first = site(kept)
    assert site(kept) == first  # nothing read again: the registry's names are still there
    assert "# 区甲新局" in str(first["units/jia.md"])
    task = data / "documents" / "mini-2025" / "campaigns" / "alpha" / "tasks" / "01.yaml"
    task.write_text(task.read_text(encoding="utf-8").replace("what: 完成建档", "what: 完成建档工作"),
                    encoding="utf-8")
    after = site(kept)
    assert after != first and after == site(Options(plan_dir=data, as_of=TWO_DOCS_AS_OF))
