"""``mkdocs serve --dirty`` (``make serve``): a rebuild after an edit hands MkDocs only the files whose
content changed — and the kept site folder is then byte for byte what a fresh build of the edited
data writes (the search index aside: the preview keeps its first), also after an edit that broke
the data was fixed. A single document and a site of two documents, each in its own process
(``tests/serve_rebuilds.py``)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_PLAN, ROOT, TWO_DOCS_AS_OF, write_two_document_site


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"}


@pytest.mark.parametrize("layout", ["one", "two"])
def test_a_rebuild_after_an_edit_is_what_a_fresh_build_writes(layout: str, tmp_path: Path) -> None:
    if layout == "one":
        data = tmp_path / "plan_data"
        shutil.copytree(MINI_PLAN, data)
        task = data / "campaigns" / "alpha" / "tasks" / "01.yaml"
    else:
        data = write_two_document_site(tmp_path / "plan_data")
        task = data / "documents" / "mini-2025" / "campaigns" / "alpha" / "tasks" / "01.yaml"
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    env = dict(os.environ, HUIJI_PLAN_DATA=str(data), HUIJI_AS_OF=TWO_DOCS_AS_OF,
               HUIJI_PARTS=str(tmp_path / "parts"), NO_MKDOCS_2_WARNING="1")
    env.pop("HUIJI_PROGRESS", None)
    cache = ROOT / "build" / "serve-cache" / hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:12]
    try:
        script = [sys.executable, str(ROOT / "tests" / "serve_rebuilds.py"), str(kept), str(fresh), str(task)]
        if layout == "two":  # and a broken edit, fixed: the preview recovers (a full rebuild first)
            script.append("--then-break")
        proc = subprocess.run(script, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(cache, ignore_errors=True)  # the preview's copy of this temporary site
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["incremental"] and not report["fresh_incremental"]
    given = next(line for line in report["log"] if "预览:" in line)
    total, handed = (int(n) for n in re.findall(r"(\d+) 个", given))
    assert handed < total, given  # not the pages and downloads the edit did not change
    if layout == "two":
        assert any("数据有误" in line for line in report["broken_log"]), report["broken_log"][-5:]
        assert not report["after_fix_incremental"] and report["incremental_again"]
    a, b = tree(kept), tree(fresh)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    page = ("d/mini-2025/" if layout == "two" else "") + "tasks/alpha-01/index.html"
    assert "(预览)" in (kept / page).read_text(encoding="utf-8")
