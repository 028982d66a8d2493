"""Same input, same output: two real builds of plan_data/ give byte-identical sites."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import BuiltSite, mkdocs_build


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(
    built_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built_site.returncode == 0, built_site.output
    # The hook defaults SOURCE_DATE_EPOCH itself; make sure the test doesn't pass only because the
    # caller's environment happened to set it.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "SOURCE_DATE_EPOCH" not in os.environ
    # The first build may have taken its download files from build/exports-cache; generate them
    # afresh here, so that the comparison covers the exporters (and the cache against them).
    monkeypatch.setenv("HUIJI_NO_EXPORTS_CACHE", "1")
    second = mkdocs_build(tmp_path / "site")
    assert second.returncode == 0, second.output
    first, again = _digests(built_site.path), _digests(second.path)
    assert sorted(first) == sorted(again)
    differing = [path for path in first if first[path] != again[path]]
    assert not differing, differing[:20]
    # the take-away files are part of the comparison
    assert any(p.endswith(".xlsx") for p in first) and any(p.endswith(".ics") for p in first)
    assert "sitemap.xml.gz" in first
