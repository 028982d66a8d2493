"""``python -m generator pages --out DIR`` (generator/site/write.py): the pages, nav and downloads as
plain files that any builder renders into the same site as the MkDocs adapter's build.

Real builders, real output: the fixture plan with demonstration reports is written, built by
MkDocs 1.6 without our hooks and by ProperDocs, finished (search index, .gz), and compared file by
file with the hooked ``mkdocs build`` of the same data (``demo_site``).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_AS_OF, MINI_PLAN, MINI_PROGRESS, ROOT, BuiltSite

from generator.site.views.common import Page, Site
from generator.site.write import link_problems, output_clashes, project_config

BIN = Path(sys.executable).parent


def env() -> dict[str, str]:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for key in ("HUIJI_PROGRESS", "HUIJI_REPO_URL", "HUIJI_PLAN_DATA", "SOURCE_DATE_EPOCH"):
        out.pop(key, None)
    return out


def write(out: Path, project: Path = ROOT, *more: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "generator", "pages", "--out", str(out), "--project", str(project),
            "--data", str(MINI_PLAN), "--progress", str(MINI_PROGRESS), "--as-of", DEMO_AS_OF, *more]
    return subprocess.run(args, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)


def build(builder: str, folder: Path) -> Path:
    e = env() | {"SOURCE_DATE_EPOCH": (folder / "SOURCE_DATE_EPOCH").read_text().strip()}
    proc = subprocess.run([str(BIN / builder), "build", "--strict", "-q", "-f", str(folder / "mkdocs.yml")],
                          cwd=folder, env=e, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fin = subprocess.run([sys.executable, "-m", "generator", "finish", str(folder / "site"), "--pages",
                          str(folder)], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
    assert fin.returncode == 0, fin.stdout + fin.stderr
    return folder / "site"


def differing(a: Path, b: Path) -> list[str]:
    """Relative paths that differ or exist on one side only (recursively)."""
    out: list[str] = []

    def walk(c: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + n for n in c.left_only + c.right_only)
        out.extend(prefix + n for n in c.diff_files)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "out"
    proc = write(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_written_folder_has_pages_nav_and_downloads(written: Path) -> None:
    docs = written / "docs"
    assert (docs / "index.md").is_file() and (docs / "tasks" / "index.md").is_file()
    assert (docs / "data" / "plan.json").is_file()
    assert (docs / "assets" / "stylesheets" / "site.css").is_file()
    config = (written / "mkdocs.yml").read_text(encoding="utf-8")
    values = project_config(config)
    assert "hooks" not in values and values["docs_dir"] == "docs" and values["extra"]["demo_data"] is True
    assert values["nav"][0] == {"首页": "index.md"} and values["extra"]["site_footer"].startswith("<div")
    # final URLs: no page links to a source path
    for page in docs.rglob("*.md"):
        assert '.md"' not in page.read_text(encoding="utf-8"), page


def test_two_writes_are_byte_identical(written: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert write(again).returncode == 0
    assert differing(written, again) == []


def test_mkdocs_without_hooks_builds_the_same_site(
    written: Path, demo_site: BuiltSite, tmp_path: Path
) -> None:
    assert demo_site.returncode == 0, demo_site.output
    folder = tmp_path / "w"
    shutil.copytree(written, folder)
    assert differing(build("mkdocs", folder), demo_site.path) == []


def test_properdocs_builds_the_same_site(written: Path, demo_site: BuiltSite, tmp_path: Path) -> None:
    folder = tmp_path / "w"
    shutil.copytree(written, folder)
    site = build("properdocs", folder)
    diff = differing(site, demo_site.path)
    # the one difference: the generator's name in <meta name="generator"> (and so the .gz copies)
    html = [d for d in diff if d.endswith(".html")]
    assert len(html) == len(list(demo_site.path.rglob("*.html"))) > 20
    assert all(d.endswith((".html", ".html.gz")) for d in diff)
    for rel in html:
        ours = (site / rel).read_text(encoding="utf-8").splitlines()
        theirs = (demo_site.path / rel).read_text(encoding="utf-8").splitlines()
        changed = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
        assert [a.strip() for a, _ in changed] == [
            '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'], rel


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    return project


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("data/plan.json", ["docs/data/plan.json", "生成的下载文件 data/plan.json"]),
        ("about/index.md", ["docs/about/index.md", "生成的页面 about.md", "about/index.html"]),
        ("tasks/index.md", ["docs/tasks/index.md", "生成的页面 tasks/index.md"]),
    ],
)
def test_a_docs_file_on_a_generated_path_is_refused(tmp_path: Path, extra: str, words: list[str]) -> None:
    project = project_copy(tmp_path)
    (project / "docs" / extra).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / extra).write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    proc = write(out, project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert all(w in proc.stderr for w in words), proc.stderr
    assert "没有写入任何文件" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_the_mkdocs_adapter_refuses_the_same_clash(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    (project / "docs" / "data").mkdir()
    (project / "docs" / "data" / "plan.json").write_text("{}", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "  - generator/adapters/mkdocs_hooks.py", f"  - {ROOT}/generator/adapters/mkdocs_hooks.py"),
        encoding="utf-8")
    e = env() | {"HUIJI_PLAN_DATA": str(MINI_PLAN), "HUIJI_AS_OF": DEMO_AS_OF}
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=project, env=e, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    said = proc.stdout + proc.stderr
    assert "docs/data/plan.json 与生成的下载文件 data/plan.json 都会生成 data/plan.json" in said, said
    assert not (tmp_path / "site").exists()


def test_a_foreign_folder_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    proc = write(out)
    assert proc.returncode == 1 and "不是 generator pages 写出的文件夹" in proc.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_links_to_nowhere_are_found_before_writing() -> None:
    site = Site(
        pages=[Page("index.md", "首页", '<a href="tasks/x/">x</a> <a href="data/a.csv">a</a> '
                                        '<a href="about/#top">ok</a> <a href="mailto:a@b.cn">m</a>'),
               Page("about.md", "关于", '<a href="../">home</a> <a href="../data/plan.json">p</a>')],
        nav=[],
        files={"data/plan.json": b"{}"},
    )
    assert link_problems(site, ["assets/site.css"]) == [
        "生成的页面 index.md 链接到不存在的地址 tasks/x/(tasks/x/)",
        "生成的页面 index.md 链接到不存在的地址 data/a.csv(data/a.csv)",
    ]
    assert output_clashes(site, ["assets/site.css"]) == []


def test_the_dirs_layout_renders_the_same_articles(demo_site: BuiltSite, tmp_path: Path) -> None:
    """``--layout dirs`` (for builders that rewrite links relative to the Markdown file): every page at
    ``<its URL>/index.md``; MkDocs renders the same article on every page from it."""
    folder = tmp_path / "dirs"
    proc = write(folder, ROOT, "--layout", "dirs")
    assert proc.returncode == 0, proc.stderr
    docs = folder / "docs"
    assert (docs / "about" / "index.md").is_file() and not (docs / "about.md").exists()
    assert (docs / "tasks" / "alpha-01" / "index.md").is_file()
    assert project_config((folder / "mkdocs.yml").read_text(encoding="utf-8"))["nav"][-1]["关于"][0] == {
        "关于本站": "about/index.md"}
    site = build("mkdocs", folder)
    pages = sorted(p.relative_to(demo_site.path) for p in demo_site.path.rglob("*.html"))
    pick = re.compile(r"<article[^>]*>.*?</article>", re.S)
    for rel in pages:
        ours = pick.findall((site / rel).read_text(encoding="utf-8"))
        assert ours == pick.findall((demo_site.path / rel).read_text(encoding="utf-8")), rel


# --- review findings: every mistake a Chinese message, nothing written ----------------------------


@pytest.mark.parametrize("where", ["file", "docs", "project"])
def test_a_bad_out_is_refused_in_chinese(tmp_path: Path, where: str) -> None:
    project = project_copy(tmp_path)
    if where == "file":
        (tmp_path / "a-file").write_text("x", encoding="utf-8")
        out = tmp_path / "a-file" / "sub"
    else:
        out = project / "docs" / "sub" if where == "docs" else project
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    proc = write(out, project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "错误" in proc.stderr and "Traceback" not in proc.stderr and "程序内部错误" not in proc.stderr
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_a_broken_mkdocs_yml_is_a_chinese_error(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    proc = write(tmp_path / "out", project)
    assert proc.returncode == 1 and "mkdocs.yml 读不出来" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_env_is_read_as_mkdocs_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "site_url: !ENV [HUIJI_SITE_URL, 'https://d.example/']\nflag: !ENV [X_FLAG, false]\n"
    monkeypatch.delenv("HUIJI_SITE_URL", raising=False)
    monkeypatch.setenv("X_FLAG", "true")
    assert project_config(text) == {"site_url": "https://d.example/", "flag": True}
    monkeypatch.setenv("HUIJI_SITE_URL", "")  # set but empty: MkDocs gives None, not the default
    assert project_config(text)["site_url"] is None


def test_finish_checks_anchors_and_its_inputs(written: Path, tmp_path: Path) -> None:
    folder = tmp_path / "w"
    shutil.copytree(written, folder)
    site = build("mkdocs", folder)
    page = site / "about" / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", '<a href="../tasks/alpha-01/#no-such">x</a></article>', 1),
                    encoding="utf-8")

    def finish() -> subprocess.CompletedProcess[str]:
        args = [sys.executable, "-m", "generator", "finish", str(site), "--pages", str(folder)]
        return subprocess.run(args, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)

    proc = finish()
    said = "about/index.html 链接到 tasks/alpha-01/index.html 中不存在的锚点 #no-such"
    assert proc.returncode == 1 and said in proc.stderr, proc.stderr
    page.write_text(text, encoding="utf-8")
    (folder / "searchable.json").write_text("5", encoding="utf-8")
    proc = finish()
    assert proc.returncode == 1 and "已损坏" in proc.stderr and "Traceback" not in proc.stderr


def test_links_home_and_to_unusual_names_are_found() -> None:
    """The check both routes use (the MkDocs adapter calls link_problems too) finds the home page
    (``../../``), a folder's README.md as its index, and a file with a Chinese name unencoded."""
    site = Site(
        pages=[Page("units/jia.md", "区甲局", '<a href="../../">首页</a> '
                    '<a href="../../data/%E9%99%84.csv">x</a> <a href="../../data/附件.csv">附件</a> '
                    '<a href="../../guide/">指南</a>'),
               Page("index.md", "首页", "")],
        nav=[],
        files={"data/附件.csv": b""},
    )
    assert link_problems(site, ["guide/README.md"]) == [
        "生成的页面 units/jia.md 链接到不存在的地址 data/%E9%99%84.csv(../../data/%E9%99%84.csv)"
    ]
