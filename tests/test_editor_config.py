"""Editors get completion, hover help and red squiggles from schema/: every plan_data YAML file points
at the right schema (first line), and .vscode/settings.json maps the same schemas to the same files."""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

from conftest import ROOT

PLAN_DATA = ROOT / "plan_data"


def schema_kind(rel: str) -> str:
    """Which schema a plan_data file (path relative to the repository) must use."""
    parts = rel.split("/")
    if rel == "plan_data/document.yaml":
        return "document"
    if rel == "plan_data/units.yaml":
        return "units"
    if rel == "plan_data/site.yaml":
        return "site"
    if len(parts) == 4 and parts[1] == "campaigns" and parts[3] == "campaign.yaml":
        return "campaign"
    if len(parts) == 5 and parts[1] == "campaigns" and parts[3] == "tasks":
        return "task"
    raise AssertionError(f"unexpected data file {rel}")


def yaml_files() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in PLAN_DATA.rglob("*.yaml"))


def test_every_data_file_names_its_schema() -> None:
    files = yaml_files()
    assert len(files) > 80
    for rel in files:
        first = (ROOT / rel).read_text(encoding="utf-8").split("\n", 1)[0]
        kind = schema_kind(rel)
        depth = rel.count("/")
        assert first == f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json", rel
        target = (ROOT / rel).parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (ROOT / "schema" / f"{kind}.schema.json").resolve()
        assert target.is_file(), rel


def test_vscode_maps_the_same_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    assert {Path(s).name for s in mapping} == {p.name for p in (ROOT / "schema").glob("*.schema.json")}
    for schema_path in mapping:
        assert (ROOT / schema_path).is_file(), schema_path
    for rel in yaml_files():
        hits = [s for s, globs in mapping.items() if any(fnmatch(rel, g) for g in globs)]
        assert [Path(h).name for h in hits] == [f"{schema_kind(rel)}.schema.json"], rel


def test_vscode_recommends_the_yaml_extension() -> None:
    ext = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in ext["recommendations"]
