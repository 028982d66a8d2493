"""Whatever is in a data file, loading ends in a Plan or in PlanInvalid — never any other exception.

Arbitrary bytes, arbitrary text, YAML-ish text (recursive structures dumped to YAML, and random edits
of the real files) are written over one file of a copy of the mini plan, and the plan is loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bad_inputs.factory import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.pipeline import load_plan_with_warnings
from generator.data.problems import PlanInvalid
from generator.exports.opendata import plan_json

TARGETS = [
    "campaigns/alpha/tasks/01.yaml",
    "campaigns/beta/tasks/02.yaml",
    "campaigns/alpha/campaign.yaml",
    "units.yaml",
    "document.yaml",
]

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def plan_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz") / "plan"
    shutil.copytree(MINI, root)
    yield root


def _load_with(root: Path, rel: str, content: bytes) -> None:
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        try:
            plan, warnings = load_plan_with_warnings(root)
        except PlanInvalid as e:
            assert e.errors, "PlanInvalid without an error"
            for p in e.problems:
                assert p.message and p.file
                p.format().encode("utf-8")
            return
        json.loads(plan_json(plan))  # a plan that loads can be published
        for w in warnings:
            assert w.severity == "warning"
    finally:
        path.write_bytes(original)


# --- strategies --------------------------------------------------------------------------------------

FIELD_NAMES = [
    "number",
    "section",
    "title",
    "text",
    "lead",
    "cooperate",
    "responsible",
    "subitems",
    "deadlines",
    "targets",
    "flags",
    "labels",
    "unit_notes",
    "label",
    "date",
    "recurrence",
    "what",
    "indicator",
    "comparator",
    "value",
    "unit",
    "kind",
    "note",
    "id",
    "name",
    "units",
    "aliases",
    "collective",
    "order",
    "sections",
    "parts",
    "campaigns",
    "period",
    "start",
    "end",
    "implicit_units",
    "role",
    "stated_in_task",
    "heading",
    "paragraphs",
    "source_file",
]
UNIT_NAMES = ["区甲局", "区乙局", "区丙中心", "各镇(街道)", "相关镇(街道)", "甲局", "各镇\uff08街道\uff09"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from([*UNIT_NAMES, "(1)", "(2)", "每季度", "每月28日", "<=", "区直部门", "2024-02-30"]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=12))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=30,
)
documents = st.dictionaries(keys, structures, min_size=1, max_size=10)


@st.composite
def dumped(draw: st.DrawFn) -> bytes:
    data = draw(st.one_of(documents, structures))
    flow = draw(st.sampled_from([None, True, False]))
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    return text.encode("utf-8")


@st.composite
def edited(draw: st.DrawFn, rel: str) -> bytes:
    """The real file with a few random insertions, deletions and replacements."""
    text = (MINI / rel).read_text(encoding="utf-8")
    pieces = st.sampled_from(
        [
            ":",
            "- ",
            "  ",
            "\t",
            "[",
            "]",
            "{",
            "}",
            "&a ",
            "*a",
            "!!str ",
            "'",
            '"',
            "\n",
            "<<: ",
            "#",
            "|",
            "---\n",
            "2024-02-30",
            "区丁局",
            "\x00",
            "\ufeff",
            "…",
        ]
    ) | st.text(max_size=4)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 6)))
        text = text[:i] + draw(pieces) + text[j:]
    return text.encode("utf-8", "surrogatepass")


# --- properties --------------------------------------------------------------------------------------


@FUZZ
@given(rel=st.sampled_from(TARGETS), content=st.binary(max_size=600))
def test_arbitrary_bytes(plan_root: Path, rel: str, content: bytes) -> None:
    _load_with(plan_root, rel, content)


@FUZZ
@given(rel=st.sampled_from(TARGETS), content=st.text(max_size=400))
def test_arbitrary_text(plan_root: Path, rel: str, content: str) -> None:
    _load_with(plan_root, rel, content.encode("utf-8", "surrogatepass"))


@FUZZ
@given(rel=st.sampled_from(TARGETS), content=dumped())
def test_yaml_structures(plan_root: Path, rel: str, content: bytes) -> None:
    _load_with(plan_root, rel, content)


@FUZZ
@given(data=st.data())
def test_edited_real_files(plan_root: Path, data: st.DataObject) -> None:
    rel = data.draw(st.sampled_from(TARGETS))
    _load_with(plan_root, rel, data.draw(edited(rel)))


def test_fixture_restored(plan_root: Path) -> None:
    """The shared copy is back to the mini plan after the fuzzing (and loads)."""
    for rel in TARGETS:
        assert (plan_root / rel).read_bytes() == (MINI / rel).read_bytes()
    load_plan_with_warnings(plan_root)
