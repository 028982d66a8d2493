"""generator.model.urls.relative: the string-only relative path equals posixpath.relpath's."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    "data/ics/all.ics",
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
    "./units/x.md",
    "units/./x.md",
    "units/",
    "units",
    "a/b",
    ".",
]


def expected(from_page: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


@pytest.mark.parametrize("from_page", PAGES)
@pytest.mark.parametrize("to_path", TARGETS)
def test_relative_matches_relpath(from_page: str, to_path: str) -> None:
    assert urls.relative(from_page, to_path) == expected(from_page, to_path)
    assert urls.relative(from_page, to_path, "x") == expected(from_page, to_path) + "#x"


def test_relative_examples() -> None:
    assert urls.relative("a/b/index.md", "c/d.xlsx") == "../../c/d.xlsx"
    assert urls.relative("index.md", "c/d.xlsx") == "c/d.xlsx"
    assert urls.relative("units/a.md", "units/b.md") == "b.md"
    assert urls.relative("units/a.md", "index.md") == "../index.md"
    assert urls.relative("units/a.md", "units/a.md", "top") == "a.md#top"
    assert urls.relative("tasks/x.md", "tasks") == "."


def test_relative_outside_the_root_falls_back() -> None:
    # paths the site never uses, but the answer must still be relpath's
    for from_page, to_path in (("a/b.md", "../x.md"), ("../a/b.md", "x.md"), ("a/b.md", "/abs/x.md")):
        assert urls.relative(from_page, to_path) == expected(from_page, to_path)


COMPONENT = st.sampled_from(["a", "b", "c", "index.md", "x.md", "d.xlsx", ".", ".."])
PATH = st.lists(COMPONENT, min_size=1, max_size=5).map("/".join)


@settings(max_examples=300, deadline=None)
@given(PATH, PATH)
def test_relative_matches_relpath_generated(from_page: str, to_path: str) -> None:
    assert urls.relative(from_page, to_path) == expected(from_page, to_path)
