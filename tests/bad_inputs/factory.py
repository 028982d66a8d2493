"""Build the smallest broken variant of ``tests/fixtures/mini_plan`` for one check.

``make_plan(tmp_path, edits)`` copies the mini plan to ``tmp_path / "plan"`` and applies ``edits``:
a mapping of a path relative to the plan folder to

* ``str`` / ``bytes`` — the file's new content (created if absent),
* ``None`` — delete the file,
* ``Sub(old, new)`` — replace exactly one occurrence of ``old`` in the file's text,
* ``Raw(name)`` — the content of ``tests/bad_inputs/<name>`` (for cases where the bytes matter).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
MINI = HERE.parent / "fixtures" / "mini_plan"


@dataclass(frozen=True)
class Sub:
    old: str
    new: str


@dataclass(frozen=True)
class Raw:
    name: str


Edit = str | bytes | None | Sub | Raw


def make_plan(tmp_path: Path, edits: dict[str, Edit] | None = None) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(MINI, root)
    for rel, edit in (edits or {}).items():
        path = root / rel
        if edit is None:
            path.unlink()
        elif isinstance(edit, Sub):
            text = path.read_text(encoding="utf-8")
            assert text.count(edit.old) == 1, f"{rel}: {edit.old!r} occurs {text.count(edit.old)} times"
            path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(edit, Raw):
                path.write_bytes((HERE / edit.name).read_bytes())
            elif isinstance(edit, bytes):
                path.write_bytes(edit)
            else:
                path.write_text(edit, encoding="utf-8")
    return root
