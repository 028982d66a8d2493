"""generator.model.urls: the string-only relative path equals posixpath.relpath's, and the final URL
of a link (:func:`urls.relative`) is the one MkDocs itself gives for the same two files — so pages
written with final URLs render exactly as the MkDocs rewriting of source paths used to."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from generator.model import urls

PAGES = [
    "index.md",
    "about.md",
    "units/index.md",
    "units/qu-cgj.md",
    "tasks/lantian-12.md",
    "campaigns/bishui.md",
    "a/b/index.md",
    "a/b/c/d.md",
]
TARGETS = [
    "index.md",
    "about.md",
    "units/index.md",
    "units/qu-cgj.md",
    "units/zz.md",
    "tasks/lantian-12.md",
    "tasks/index.md",
    "a/b/index.md",
    "a/b/c/d.md",
    "a/x.md",
    "c/d.xlsx",
    "data/ics/all.ics",
    "data/ics/unit-qu-cgj.ics",
    "data/xlsx/unit-qu-cgj.xlsx",
    "data/plan.json",
    "search/hints.json",
]


def mkdocs_url(from_page: str, to_path: str) -> str:
    """What MkDocs (``use_directory_urls``) makes of a link from ``from_page`` to ``to_path``."""
    def file(path: str) -> File:
        return File(path, "/docs", "/site", use_directory_urls=True)

    return file(to_path).url_relative_to(file(from_page))


@pytest.mark.parametrize("from_page", PAGES)
@pytest.mark.parametrize("to_path", TARGETS)
def test_relative_is_the_url_mkdocs_gives(from_page: str, to_path: str) -> None:
    assert urls.relative(from_page, to_path) == mkdocs_url(from_page, to_path)
    assert urls.relative(from_page, to_path, "x") == mkdocs_url(from_page, to_path) + "#x"


@pytest.mark.parametrize("from_page", PAGES)
@pytest.mark.parametrize("to_path", TARGETS)
def test_resolve_finds_the_target_again(from_page: str, to_path: str) -> None:
    """A link written by ``relative`` resolves back to the target's URL (the link checks rely on it)."""
    target = urls.page_url(to_path) if to_path.endswith(".md") else to_path
    assert urls.resolve(from_page, urls.relative(from_page, to_path, "a")) == (target, "a")


def test_relative_examples() -> None:
    assert urls.relative("a/b/index.md", "c/d.xlsx") == "../../c/d.xlsx"
    assert urls.relative("index.md", "c/d.xlsx") == "c/d.xlsx"
    assert urls.relative("units/a.md", "units/b.md") == "../b/"
    assert urls.relative("units/a.md", "index.md") == "../../"
    assert urls.relative("units/a.md", "units/a.md", "top") == "./#top"
    assert urls.relative("units/index.md", "units/a.md") == "a/"


def expected(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


def test_relpath_outside_the_root_falls_back() -> None:
    # paths the site never uses, but the answer must still be relpath's
    for path, start in (("../x.md", "a"), ("x.md", "../a"), ("/abs/x.md", "a")):
        assert urls._relpath(path, start) == expected(path, start)


COMPONENT = st.sampled_from(["a", "b", "c", "index.md", "x.md", "d.xlsx", ".", ".."])
PATH = st.lists(COMPONENT, min_size=1, max_size=5).map("/".join)


@settings(max_examples=300, deadline=None)
@given(PATH, PATH)
def test_relpath_matches_posixpath_generated(path: str, start: str) -> None:
    assert urls._relpath(path, start) == expected(path, start)


def test_anchors_that_vary_with_data_come_from_urls() -> None:
    """No template glues an anchor from a literal and a value (``id="task-{{ n }}"``); such anchors
    are functions of generator/model/urls.py (so links to them cannot drift)."""
    import re
    from pathlib import Path

    templates = Path(urls.__file__).resolve().parents[1] / "site" / "templates"
    # (an aria-labelledby id is the anchor plus -title / -subject: not a link target)
    glued = re.compile(r'(?:\bid="|\{ #|href="#)(?:[^"{}]*[A-Za-z0-9_-]\{\{|\{\{[^}]*\}\}-(?!title|subject))')
    found = []
    for p in sorted(templates.glob("*.j2")):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{p.name}:{n}: {m.group(0)}" for m in glued.finditer(line)]
    assert found == []
    assert glued.search('<tr id="task-{{ t.number }}">') and glued.search("{ #{{ c.id }}-{{ role }} }")
