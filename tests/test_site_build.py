"""The real `mkdocs build --strict` (run once per session by the `built_site` fixture in conftest)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, SINGLE_PAGES, BuiltSite, site_base_path

from generator.data.pipeline import load_plan
from generator.model import urls
from generator.model.model import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plan_data")


def test_strict_build_is_clean(built_site: BuiltSite) -> None:
    assert built_site.returncode == 0, built_site.output
    warnings = [line for line in built_site.output.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not warnings, "\n".join(warnings)


def page_dir(src: str) -> str:
    """tasks/lantian-12.md → tasks/lantian-12 (use_directory_urls); index.md → ''."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index")


def test_page_set(built_site: BuiltSite, plan: Plan) -> None:
    site = built_site.path
    tasks = sorted(p.name for p in (site / "tasks").iterdir() if p.is_dir())
    units = sorted(p.name for p in (site / "units").iterdir() if p.is_dir())
    assert len(plan.tasks) == 79 and len(plan.units) == 25
    assert tasks == sorted(t.id for t in plan.tasks)
    assert units == sorted(u.id for u in plan.units)
    for c in plan.campaigns:
        assert (site / page_dir(urls.campaign_page(c.id)) / "index.html").is_file()
    for src in SINGLE_PAGES:
        assert (site / page_dir(src) / "index.html").is_file(), src


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)
            if k == "name" and tag == "a" and v:
                self.ids.add(v)
            if k in ("href", "src") and v is not None and tag in ("a", "link", "script", "img"):
                self.hrefs.append(v)


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    site = built_site.path
    parsed: dict[Path, Links] = {}

    def parse(path: Path) -> Links:
        if path not in parsed:
            p = Links()
            p.feed(path.read_text(encoding="utf-8"))
            parsed[path] = p
        return parsed[path]

    broken: list[str] = []
    base_path = site_base_path()
    html_files = sorted(site.rglob("*.html"))
    assert len(html_files) >= 79 + 25 + 3 + 12
    for f in html_files:
        for href in parse(f).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("//"):
                continue
            if parts.path.startswith("/"):
                if f.name == "404.html" and f.parent == site:  # served at any depth: root-absolute by design
                    target = site / unquote(parts.path).removeprefix(base_path).lstrip("/")
                else:
                    broken.append(f"{f.relative_to(site)}: absolute link {href}")
                    continue
            else:
                target = (f.parent / unquote(parts.path)).resolve() if parts.path else f
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{f.relative_to(site)}: {href}")
                continue
            if (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in parse(target).ids
            ):
                broken.append(f"{f.relative_to(site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:50])


def test_unit_pages_list_their_tasks(built_site: BuiltSite, plan: Plan) -> None:
    for u in plan.units:
        text = (built_site.path / "units" / u.id / "index.html").read_text(encoding="utf-8")
        article = text.split("<article", 1)[1]
        duty_part = article.split('id="deadlines"', 1)[0]
        linked = set(re.findall(r'class="task-link" href="\.\./\.\./tasks/([a-z0-9-]+)/"', duty_part))
        assert linked == {t.id for t in plan.tasks_of(u)}, u.id


def test_task_pages_link_units_and_source(built_site: BuiltSite, plan: Plan) -> None:
    for t in plan.tasks:
        text = (built_site.path / "tasks" / t.id / "index.html").read_text(encoding="utf-8")
        for unit in {a.unit.id for a in t.assignments}:
            assert f'href="../../units/{unit}/"' in text, (t.id, unit)
        assert f'href="../../source/#{urls.source_anchor(t.id)}"' in text


def test_generated_pages_are_not_in_docs() -> None:
    docs = ROOT / "docs"
    assert not list(docs.rglob("*.md")), "docs/ holds static assets only; pages are generated"


def test_downloads_exist_when_linked(built_site: BuiltSite, plan: Plan) -> None:
    unit = plan.units[0]
    text = (built_site.path / "units" / unit.id / "index.html").read_text(encoding="utf-8")
    if ".ics" in text:
        assert (built_site.path / urls.unit_ics(unit.id)).is_file()
