"""Every template reads only what its typed context declares (generator/site/views/contexts.py), as
Datasette documents each template's context: a name no context declares, a field no template reads
and a field without its docstring all fail here."""

from __future__ import annotations

import ast
import dataclasses
import inspect

import jinja2
import jinja2.meta
import jinja2.nodes as nodes
import pytest
from conftest import ROOT

from generator.site.render import environment
from generator.site.views import contexts as ctx

TEMPLATES = ROOT / "generator" / "site" / "templates"
MACROS = "_macros.md.j2"


def names_read(source: str) -> set[str]:
    """Names a template reads that it does not set itself (loop variables, ``set``, macro names and
    parameters are its own), minus the environment's globals."""
    env = environment()
    tree = env.parse(source)
    own = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for m in tree.find_all(nodes.Macro):
        own |= {m.name, *(a.name for a in m.args)}
    return jinja2.meta.find_undeclared_variables(tree) - own - set(env.globals)


def fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls) if f.name != "common"}


COMMON = fields(ctx.Common)
ACROSS_COMMON = fields(ctx.AcrossCommon)
ALL_TYPES = (*ctx.PAGE_TYPES, *ctx.ACROSS_TYPES)
"""A document's pages, and the root pages of a site of several documents (their own common fields)."""


def common_of(page_type: type) -> set[str]:
    return ACROSS_COMMON if issubclass(page_type, ctx.AcrossContext) else COMMON


def test_every_template_has_one_page_type() -> None:
    templates = {p.name for p in TEMPLATES.glob("*.j2")} - {MACROS}
    assert sorted(t.template for t in ALL_TYPES) == sorted(templates)


@pytest.mark.parametrize("page_type", ALL_TYPES, ids=lambda t: t.__name__)
def test_template_reads_only_declared_names(page_type: type) -> None:
    read = names_read((TEMPLATES / page_type.template).read_text(encoding="utf-8"))
    assert read - common_of(page_type) - fields(page_type) - {"page"} == set()


def test_macros_read_only_common_names() -> None:
    read = names_read((TEMPLATES / MACROS).read_text(encoding="utf-8"))
    assert read - COMMON - {"page"} == set()


@pytest.mark.parametrize("page_type", ALL_TYPES, ids=lambda t: t.__name__)
def test_every_page_field_is_read_by_its_template(page_type: type) -> None:
    read = names_read((TEMPLATES / page_type.template).read_text(encoding="utf-8"))
    assert fields(page_type) - read - {"title"} == set()  # the title is also the Page's (nav, <title>)


def test_every_common_field_is_read_somewhere() -> None:
    read: set[str] = set()
    for p in TEMPLATES.glob("*.j2"):
        read |= names_read(p.read_text(encoding="utf-8"))
    assert COMMON - read == set()
    assert ACROSS_COMMON - read == set()


def undocumented(source: str, name: str) -> list[str]:
    """Fields of class ``name`` in ``source`` (its own, not inherited) without a docstring below them."""
    body = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == name)
    out = []
    for i, stmt in enumerate(body.body):
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        if "ClassVar" in ast.unparse(stmt.annotation) or stmt.target.id == "common":
            continue
        nxt = body.body[i + 1] if i + 1 < len(body.body) else None
        documented = isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(
            nxt.value.value, str
        )
        if not documented:
            out.append(stmt.target.id)
    return out


@pytest.mark.parametrize("cls", [ctx.Common, ctx.PageContext, ctx.AcrossCommon, ctx.AcrossContext,
                                 ctx.UnitInDocument, *ALL_TYPES], ids=lambda t: t.__name__)
def test_every_field_is_documented(cls: type) -> None:
    assert undocumented(inspect.getsource(ctx), cls.__name__) == []


def test_the_checks_can_fail() -> None:
    """A template reading an undeclared name, and a field without its docstring, are found."""
    assert names_read("{% for t in plan.tasks %}{{ t.title }}{{ secret }}{% endfor %}") == {"plan", "secret"}
    assert names_read("{% macro m(x) %}{{ x }}{% endmacro %}{{ m(1) }}{{ urls.HOME }}") == set()
    probe = 'class Probe:\n    a: int\n    """Documented."""\n    b: int\n    c: ClassVar[str] = "x"\n'
    assert undocumented(probe, "Probe") == ["b"]


def test_undeclared_name_fails_the_render() -> None:
    """StrictUndefined: a name no context gives is an error at render time too, not an empty string."""
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ nowhere }}").render()
