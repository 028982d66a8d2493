"""Rendering: one Jinja2 environment, one template per page type (stage 5 of the pipeline).

Pages are Markdown files whose bodies are mostly raw HTML blocks. Text that comes from the YAML
files is *data*: it is HTML-escaped by autoescaping wherever it lands in HTML (and by ``escape`` in
the few fragments written in Python below), and headings (the only places where data text is read
as Markdown) go through :func:`md_heading`, which also backslash-escapes every character Markdown
would interpret. No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.editors.guide import example_html, hint_is_computed, template_html
from generator.editors.worddiff import inline_html
from generator.model import urls
from generator.model.dates import cn_date
from generator.model.model import ROLES, Role, Task, chinese_numeral, number_text

TEMPLATES = Path(__file__).parent / "templates"


def templates_digest() -> str:
    """Changes whenever a page template does (a stored part, or a page a preview kept, is keyed by it)."""
    h = hashlib.sha256()
    for p in sorted(TEMPLATES.glob("*.j2")):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()

WEEKDAYS = "一二三四五六日"

# Characters Python-Markdown treats as backslash-escapable (core list + tables' "|").
MD_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")

FLAG_KINDS: dict[str, str] = {
    "conflict": "数字或说法矛盾",
    "variant": "同一事物写法不一",
    "possible_typo": "疑似错字",
    "irregular_label": "单位行标签与常规不同",
    "missing_lead": "没有牵头单位行",
    "implicit_units": "单位由别处说明隐含",
    "department_as_responsible": "区直部门列为责任单位",
    "broken_line": "原文在词语中间断行",
    "tight_deadline": "时限早于或紧贴发文/公开日期",
    "other": "其他",
}


def text_lines(text: object) -> Markup:
    r"""Text that may hold line breaks (a 进展情况 typed with Alt+Enter): escaped, each line kept,
    joined with ``<br>`` — never a blank line, which would end the page's raw HTML block and let
    Markdown read the rest (a ``` fence would become code).

    >>> str(text_lines("第一行\n\n```\n<b>x</b>"))
    '第一行<br>```<br>&lt;b&gt;x&lt;/b&gt;'
    """
    return Markup("<br>").join(escape(line) for line in str(text).splitlines() if line.strip())


def one_line(text: object) -> str:
    """Collapse all whitespace (newlines included) to single spaces."""
    return " ".join(str(text).split())


def md_heading(text: object) -> Markup:
    """Data text for a Markdown heading: HTML-escaped, then every Markdown-active character
    backslash-escaped, on one line (so ``{ #id }``, ``*``, ``[x](…)``, ``#`` stay literal)."""
    html = str(escape(one_line(text)))
    return Markup("".join("\\" + c if c in MD_ESCAPABLE else c for c in html))


def date_cn(d: dt.date | None) -> str:
    return cn_date(d) if d else ""


def month_day(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def weekday(d: dt.date) -> str:
    return "周" + WEEKDAYS[d.weekday()]


def datetime_cn(t: dt.datetime) -> str:
    """发布时间 as government sites write it: ``2024-08-29 11:31``."""
    return f"{t:%Y-%m-%d %H:%M}"


_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def fullwidth(text: object) -> str:
    """ASCII , ; : ( ) → full-width, for texts written for files (exports) shown on a page."""
    return str(text).translate(_FULLWIDTH)


number = number_text

# --- fragments on many pages ---------------------------------------------------------------------
# The links and chips a build writes thousands of times are Python functions rather than Jinja
# macros (a macro call costs ~15 µs; these were a quarter of the page-rendering time). Every piece of
# data text goes through ``escape`` exactly as ``{{ … }}`` would; the output is unchanged (golden
# pages). They take the rendering page from the template context, as the macros did.


def _esc(value: object) -> str:
    return str(escape(value))


@jinja2.pass_context
def unit_link(
    ctx: jinja2.runtime.Context, unit: Any, implicit: bool = False, note: str | None = None
) -> Markup:
    href = urls.relative(ctx["page"], urls.unit_page(unit.id))
    cls = "unit-link implicit" if implicit else "unit-link"
    title = f' title="隐含：{_esc(note)}"' if implicit and note else ""
    return Markup(f'<a class="{cls}" href="{_esc(href)}"{title}>{_esc(unit.name)}</a>')


@jinja2.pass_context
def task_link(ctx: jinja2.runtime.Context, task: Any, full: bool = True, cls: str = "task-link") -> Markup:
    href = urls.relative(ctx["page"], urls.task_page(task.id))
    start = f'<a class="{_esc(cls)}" href="{_esc(href)}"'
    # a task withdrawn by a later document says so wherever it is linked
    mark = '<span class="withdrawn-mark">（已撤销）</span>' if getattr(task, "withdrawn", None) else ""
    if getattr(task, "added_by", None):
        mark += '<span class="added-mark">（调整新增）</span>'
    if full:
        return Markup(f"{start}>{_esc(task.code)} {_esc(task.title)}</a>{mark}")
    return Markup(f'{start} title="{_esc(task.title)}">{_esc(task.code)}</a>{mark}')


def implicit_mark(note: str | None) -> Markup:
    return Markup(f'<span class="implicit-mark" title="{_esc(note or "")}">（隐含）</span>')


@jinja2.pass_context
def unit_entry(ctx: jinja2.runtime.Context, e: Any) -> Markup:
    """A unit in a task's unit list: its link, （隐含） if the document implies it, its sub-items."""
    out = unit_link(ctx, e.unit, e.implicit, e.note)
    if e.implicit:
        out += implicit_mark(e.note)
    if e.subitems:
        out += Markup(f'<span class="subitem-ref">（分项{"、".join(map(_esc, e.subitems))}）</span>')
    if getattr(e, "added_by", None) is not None:
        out += added_mark(e.added_by)
    return out


def added_mark(rev: Any) -> Markup:
    """（调整新增）: a unit a later document added to a role (the original does not list it)."""
    return Markup('<span class="revised" title="依据 {0}">（调整新增，依据 {1}）</span>').format(
        rev.label, rev.authority
    )


@functools.cache
def role_chip(role: Role, implicit: bool = False) -> Markup:
    """牵 / 配 / 责 as a coloured chip; screen readers hear the full label."""
    label = _esc(role.label) + ("（隐含）" if implicit else "")
    cls = f"role role-{_esc(role.value)}" + (" implicit" if implicit else "")
    return Markup(
        f'<span class="{cls}" title="{label}"><span aria-hidden="true">{_esc(role.short)}</span>'
        f'<span class="sr-only">{label}</span></span>'
    )


@jinja2.pass_context
def source_span(ctx: jinja2.runtime.Context, s: Any) -> Markup:
    """A piece of a 原文 line: linked to its unit or task page, text unchanged."""
    if s.unit:
        href = urls.relative(ctx["page"], urls.unit_page(s.unit.id))
        return Markup(f'<a class="src-link" href="{_esc(href)}">{_esc(s.text)}</a>')
    if s.task:
        href = urls.relative(ctx["page"], urls.task_page(s.task.id))
        title = f"打开任务页：{_esc(s.task.code)} {_esc(s.task.title)}"
        link = f'<a class="src-link src-task" href="{_esc(href)}" title="{title}">'
        return Markup(f"{link}{_esc(s.text)}</a>")
    return escape(s.text)


def word_diff_html(inline: str | None) -> Markup:
    """A change's Markdown word diff (:attr:`generator.editors.diff.Change.inline`) as safe HTML."""
    return Markup(inline_html(inline or ""))


def bytecode_cache(name: str = "") -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (``build/jinja-cache``, git-ignored; ``name``: a
    subfolder, for another environment's templates — the theme's): compiling the templates is half
    of the generator's time on every ``mkdocs build``/``serve`` rebuild. The cache is keyed by each
    template's source, so it never changes output; set ``HUIJI_NO_JINJA_CACHE=1`` (or make the
    folder unwritable) to go without it."""
    if os.environ.get("HUIJI_NO_JINJA_CACHE"):
        return None
    folder = TEMPLATES.parents[2] / "build" / "jinja-cache"  # the repository's build/
    if name:
        folder = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_environment() -> jinja2.Environment:
    from generator.data.reports import period_words, value_text
    from generator.data.status import percent
    from generator.site.charts import target_chart

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every template emits HTML (inside Markdown)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md_heading=md_heading,
        one_line=one_line,
        date_cn=date_cn,
        month_day=month_day,
        weekday=weekday,
        datetime_cn=datetime_cn,
        number=number,
        fullwidth=fullwidth,
        cn_numeral=chinese_numeral,
        msg_template=template_html,
        example=example_html,
        word_diff=word_diff_html,
        period_words=period_words,
        text_lines=text_lines,
        value_text=value_text,
        percent=percent,
    )
    env.tests["a_task"] = lambda obj: isinstance(obj, Task)
    env.globals.update(
        urls=urls,
        relative=urls.relative,
        unit_link=unit_link,
        task_link=task_link,
        implicit_mark=implicit_mark,
        added_mark=added_mark,
        unit_entry=unit_entry,
        role_chip=role_chip,
        source_span=source_span,
        ROLES=ROLES,
        Role=Role,
        FLAG_KINDS=FLAG_KINDS,
        hint_is_computed=hint_is_computed,
        target_chart=target_chart,
    )
    return env


_ENV: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        _ENV = make_environment()
    return _ENV


def render(template: str, page: str, context: Mapping[str, Any]) -> str:
    """Render ``template`` for the page at source path ``page`` (links are relative to it)."""
    text = environment().get_template(template).render(page=page, **context)
    return text.rstrip() + "\n"
