"""The pipeline's layers (ARCHITECTURE.md): no import runs back up a layer, no import cycle, and every
module of ``generator/`` is in the table. Function-level imports count too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"


def layers() -> dict[str, int]:
    """Module (dotted, without ``generator.``) → layer, from the table in ARCHITECTURE.md."""
    out: dict[str, int] = {}
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (\d) [a-z]+ \| ([^|]+) \|", line)
        if m:
            for name in m.group(2).split(","):
                out[name.strip().replace("\\_", "_")] = int(m.group(1))
    return out


def modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = p.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name:
            out[name] = p
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The generator modules ``name`` imports (at any depth of the file)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif (node.module or "").startswith("generator"):
                target = (node.module or "").removeprefix("generator").lstrip(".")
            else:
                continue
            targets = [target] + [f"{target}.{a.name}" if target else a.name for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [
                a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator.")
            ]
        found |= {t for t in targets if t in known and t != name}
    return found


def test_every_module_has_a_layer() -> None:
    missing = sorted(set(modules()) - set(layers()))
    assert missing == [], f"add these modules to the layer table in ARCHITECTURE.md: {missing}"
    stale = sorted(set(layers()) - set(modules()))
    assert stale == [], f"ARCHITECTURE.md names modules that do not exist: {stale}"


def test_no_import_runs_back_up_a_layer() -> None:
    table, mods = layers(), modules()
    upward = [
        f"{a} (layer {table[a]}) imports {b} (layer {table[b]})"
        for a, path in mods.items()
        for b in sorted(imports(a, path, set(mods)))
        if a in table and b in table and table[b] > table[a]
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    mods = modules()
    graph = {a: imports(a, p, set(mods)) for a, p in mods.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_the_checker_finds_what_it_should(tmp_path: Path) -> None:
    """The test can fail: relative and absolute imports, also inside a function, are seen."""
    probe = tmp_path / "history.py"
    probe.write_text(
        "from ..site.pages import SiteHistory\n\ndef f():\n    from generator.site.render import render\n",
        encoding="utf-8",
    )
    known = {"site.pages", "site.render", "model.model"}
    assert imports("editors.history", probe, known) == {"site.pages", "site.render"}
    table = layers()
    assert table["editors.history"] < table["site.pages"]  # so that import would be reported as upward


# --- no module over 600 lines of logic ---------------------------------------------------------------

MAX_LOGIC_LINES = 600
TABLES = {"data.messages"}
"""Modules that are tables (the message catalogue: one entry per problem code) and may be longer."""


def logic_lines(source: str) -> int:
    """Lines holding code: not blank, not only a comment, not part of a docstring."""
    import io
    import tokenize

    docs: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        for stmt in body if isinstance(body, list) else []:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
                stmt.value.value, str
            ):
                docs.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    skip.add(tokenize.ENDMARKER)
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip:
            lines.update(n for n in range(tok.start[0], tok.end[0] + 1) if n not in docs)
    return len(lines)


def test_no_module_over_600_lines_of_logic() -> None:
    sizes = {name: logic_lines(p.read_text(encoding="utf-8")) for name, p in modules().items()}
    assert {n: s for n, s in sizes.items() if s > MAX_LOGIC_LINES and n not in TABLES} == {}


def test_logic_lines_counts_code_only() -> None:
    src = '"""Doc\nstring."""\n\n# a comment\nx = 1\n\n\ndef f() -> None:\n    """Doc."""\n    return None\n'
    assert logic_lines(src) == 3
