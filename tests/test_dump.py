"""``python -m generator dump``: the whole plan as one JSON document (= ``data/plan.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bad_inputs.factory import MINI, Sub, make_plan

from generator.__main__ import main
from generator.data.pipeline import load_plan
from generator.exports.opendata import OpenPlan, opendata_schema, plan_json, plan_to_dict

REPO = Path(__file__).resolve().parent.parent
PLAN_DATA = REPO / "plan_data"


def _dump(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    assert main(["dump", "--data", str(data)]) == 0
    out, _ = capsys.readouterr()
    return out


def _check_references(doc: dict[str, Any]) -> None:
    """Every id used anywhere resolves; every task is listed by its campaign and section."""
    OpenPlan.model_validate(doc)
    unit_ids = [u["id"] for u in doc["units"]]
    assert len(unit_ids) == len(set(unit_ids))
    campaigns = {c["id"]: c for c in doc["campaigns"]}
    tasks = {t["id"]: t for t in doc["tasks"]}
    assert len(tasks) == len(doc["tasks"])
    roles = ("lead", "cooperate", "responsible")
    for t in doc["tasks"]:
        c = campaigns[t["campaign"]]
        assert t["id"] == f"{c['id']}-{t['number']:02d}"
        assert t["id"] in c["tasks"]
        section = next(s for s in c["sections"] if s["number"] == t["section"])
        assert t["id"] in section["tasks"]
        used = [u for r in roles for u in t[r] + t[f"implicit_{r}"]]
        used += [a["unit"] for a in t["assignments"]]
        used += [u for s in t["subitems"] for r in roles for u in s[r]]
        assert set(used) <= set(unit_ids), t["id"]
        assert t[roles[0]] or t[roles[1]] or t[roles[2]], t["id"]
        for r in roles:
            assert set(t[f"implicit_{r}"]) <= set(t[r])
        for d in t["deadlines"]:
            assert d["date"] is None or d["dates"] == [d["date"]]
            assert not (d["date"] and d["recurrence"])
    for c in doc["campaigns"]:
        assert set(c["tasks"]) <= set(tasks)
        for iu in c["implicit_units"]:
            assert iu["unit"] in unit_ids


def test_dump_mini_plan(capsys: pytest.CaptureFixture[str]) -> None:
    out = _dump(capsys, MINI)
    assert out.endswith("}\n")
    doc = json.loads(out)
    _check_references(doc)
    assert [c["id"] for c in doc["campaigns"]] == ["alpha", "beta"]
    assert [t["id"] for t in doc["tasks"]] == ["alpha-01", "alpha-02", "alpha-03", "beta-01", "beta-02"]
    assert doc["document"]["doc_number"] == "测试文〔2024〕1号"
    assert doc["units"][3] == {
        "id": "zhen-jiedao",
        "name": "各镇(街道)",
        "kind": "镇(街道)",
        "collective": True,
        "stands_for": "指全区各镇、各街道。",
        "aliases": [],
        "order": 3,
        "task_count": 3,
        "role_counts": {"lead": 0, "cooperate": 0, "responsible": 3},
        "deadlines": ["alpha-01-d1", "alpha-02-d1", "alpha-req1-d1"],
    }
    a1 = doc["tasks"][0]
    assert (a1["lead"], a1["cooperate"], a1["responsible"]) == (["jia"], ["yi"], ["zhen-jiedao"])
    assert a1["deadlines"] == [
        {
            "id": "alpha-01-d1",
            "text": "2024年10月底前",
            "what": "完成排查",
            "date": "2024-10-31",
            "recurrence": None,
            "repeats": None,
            "dates": ["2024-10-31"],
            "subitem": None,
            "revised": None,
        }
    ]
    assert a1["text"] == "2024年10月底前完成排查。"
    assert a1["full_text"] == "第一项任务。2024年10月底前完成排查。"
    b2 = doc["tasks"][4]
    assert b2["text"] is None
    assert [s["label"] for s in b2["subitems"]] == ["(1)", "(2)"]
    assert b2["subitems"][1]["responsible"] == ["bing"]
    assert b2["subitems"][1]["deadlines"][0]["recurrence"] == "每季度"
    assert b2["subitems"][1]["deadlines"][0]["repeats"] == {"freq": "quarterly", "day": None}
    assert b2["subitems"][1]["deadlines"][0]["dates"] == ["2024-09-30", "2024-12-31"]
    assert [d["subitem"] for d in b2["deadlines"]] == ["(1)", "(2)"]
    # 相关镇(街道) is responsible for beta-02 only through the note in beta-01
    assert b2["implicit_responsible"] == ["xg-zhen-jiedao"]
    assert "xg-zhen-jiedao" in b2["responsible"]
    assert any(a["unit"] == "xg-zhen-jiedao" and a["implicit"] for a in b2["assignments"])
    assert doc["tasks"][3]["implicit_responsible"] == []
    assert [f["kind"] for f in b2["flags"]] == ["irregular_label", "missing_lead"]
    assert doc["tasks"][2]["targets"][0]["value"] == 6
    assert doc["campaigns"][0]["targets"][0]["comparator"] == "<="
    assert doc["campaigns"][0]["requirements"][0]["deadlines"][0]["repeats"] == {"freq": "monthly", "day": 28}
    assert doc["campaigns"][1]["implicit_units"] == [
        {
            "unit": "xg-zhen-jiedao",
            "role": "responsible",
            "stated_in_task": 1,
            "note": "〔以下各项工作相关镇(街道)均为责任单位,不再列出〕",
        }
    ]


def test_dump_is_deterministic_and_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    first = _dump(capsys, MINI)
    second = _dump(capsys, MINI)
    assert first == second == plan_json(load_plan(MINI))
    doc = json.loads(first)
    assert list(doc) == sorted(doc)
    assert "\\u" not in first  # Chinese as it is
    assert (
        first
        == json.dumps(plan_to_dict(load_plan(MINI)), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )


def test_dump_invalid_plan_prints_nothing(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_plan(in_tmp, {"campaigns/alpha/tasks/01.yaml": Sub("lead: [区甲局]", "lead: [区发改委]")})
    assert main(["dump", "--data", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "单位“区发改委”不在单位名录" in err


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_opendata_schema() -> None:
    s = opendata_schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(s["required"]) == {"format_version", "document", "units", "campaigns", "tasks"}
    assert s["additionalProperties"] is False
    task = s["$defs"]["OpenTask"]["properties"]
    for key in (
        "id",
        "campaign",
        "number",
        "title",
        "section",
        "text",
        "lead",
        "cooperate",
        "responsible",
        "subitems",
        "deadlines",
        "implicit_responsible",
        "targets",
        "flags",
    ):
        assert key in task, key
    assert set(s["$defs"]["OpenDeadline"]["properties"]) >= {"date", "recurrence", "text", "what"}
    json.dumps(s, ensure_ascii=False)


def _real_plan_complete() -> bool:
    camps = PLAN_DATA / "campaigns"
    return camps.is_dir() and sum(1 for _ in camps.glob("*/tasks/*.yaml")) >= 79


@pytest.mark.skipif(not _real_plan_complete(), reason="plan_data/campaigns not complete yet")
def test_dump_real_plan(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["dump"]) == 0
    out, _ = capsys.readouterr()
    doc = json.loads(out)
    _check_references(doc)
    assert len(doc["tasks"]) == 79
    assert [c["id"] for c in doc["campaigns"]] == ["lantian", "bishui", "jingtu"]
    assert doc["document"]["doc_number"] == "惠环委〔2024〕3号"
    assert {t["campaign"] for t in doc["tasks"]} == {"lantian", "bishui", "jingtu"}
    assert all(t["source"].startswith("plan_data/campaigns/") for t in doc["tasks"])
    assert out == plan_json(load_plan(PLAN_DATA))
