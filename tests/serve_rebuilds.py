"""A ``mkdocs serve --dirty`` session without the server, as ``tests/test_serve_rebuilds.py`` needs it:
MkDocs' own ``build(config, dirty=True)`` called as its server calls it (a fresh config each
rebuild, the hooks' ``on_startup`` once), in a fresh process.

``python tests/serve_rebuilds.py SITE_DIR FRESH_DIR TASK_FILE`` builds the site of
``$HUIJI_PLAN_DATA`` into SITE_DIR, edits TASK_FILE's first ``what:`` line, rebuilds
(``--then-break``: then breaks the file, fixes it and edits it again, a rebuild each), then
builds the edited data into FRESH_DIR in a new session; prints JSON: the rebuilds' MkDocs log
and whether each handed MkDocs only what changed."""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
URL = "http://127.0.0.1:8000/"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def session(site: Path) -> tuple[object, object]:
    def config() -> object:
        c = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site))
        c.site_url = URL
        return c

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    return config, first


def main() -> None:
    site, fresh, task = (Path(a) for a in sys.argv[1:4])
    lines = _Lines()
    logging.getLogger("mkdocs").addHandler(lines)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    config, first = session(site)
    build(first, serve_url=URL, dirty=True)
    hooks = sys.modules["generator/adapters/mkdocs_hooks.py"]
    text = task.read_text(encoding="utf-8")

    def edit(mark: str) -> None:
        edited = re.sub(r"(\n\s*what: )(.*)", lambda m: m.group(1) + m.group(2) + mark, text, count=1)
        assert edited != text
        task.write_text(edited, encoding="utf-8")
        lines.lines.clear()
        build(config(), serve_url=URL, dirty=True)

    edit("(预览)")
    report: dict[str, object] = {"incremental": hooks._kept.incremental, "log": list(lines.lines)}
    if len(sys.argv) > 4 and sys.argv[4] == "--then-break":
        # an edit that breaks the file (the preview shows the problems), then a fix, then an edit:
        # the rebuild after the fix is a full one, the next an incremental one again
        edit(": [未闭合")
        report["broken_log"] = list(lines.lines)
        edit("(修好)")
        report["after_fix_incremental"] = hooks._kept.incremental
        edit("(预览)")
        report["incremental_again"] = hooks._kept.incremental
    _, again = session(fresh)
    build(again, serve_url=URL, dirty=True)
    report["fresh_incremental"] = hooks._kept.incremental
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
