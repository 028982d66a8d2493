"""Word-level diffs of Chinese text, written as Markdown (~~deleted~~ **inserted**) and turned into
HTML or terminal text."""

from __future__ import annotations

import logging
import re
import unicodedata
from difflib import SequenceMatcher
from html import escape as html_escape
from html import unescape as html_unescape

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$@])")


_jieba = None
"""jieba, imported on first use (its dictionary takes a second to load)."""


def escape_md(text: str) -> str:
    """Escape Markdown (and GitHub) special characters in data; newlines become spaces."""
    text = re.sub(r"\s*\n\s*", " ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _is_ws(c: str | None) -> bool:
    return c is None or c.isspace()


def _is_punct(c: str | None) -> bool:
    return c is not None and unicodedata.category(c)[0] in "PS"


def _left_flanking(prev: str | None, nxt: str | None) -> bool:
    return not _is_ws(nxt) and (not _is_punct(nxt) or _is_ws(prev) or _is_punct(prev))


def _right_flanking(prev: str | None, nxt: str | None) -> bool:
    return not _is_ws(prev) and (not _is_punct(prev) or _is_ws(nxt) or _is_punct(nxt))


_MARKS = {"delete": ("~~", "<del>", "</del>"), "insert": ("**", "<ins>", "</ins>")}


def _render_segments(segments: list[tuple[str, str]]) -> str:
    """Join (kind, escaped text) segments; kinds: equal / delete / insert / gap.

    Deletions become ``~~…~~`` and insertions ``**…**``. Where CommonMark's flanking rules would
    leave such a delimiter literal (e.g. ``字**,新增**`` — a delimiter between a letter and a
    punctuation mark), that one span falls back to ``<del>…</del>`` / ``<ins>…</ins>``, which
    GitHub and MkDocs render the same way.
    """
    out: list[str] = []

    def char_before(i: int) -> str | None:
        # the last character of what precedes segment i, as it will be written
        if i == 0:
            return None
        kind, text = segments[i - 1]
        if kind in _MARKS:
            return _MARKS[kind][0][-1]
        return text[-1] if text else None

    def char_after(i: int) -> str | None:
        if i + 1 >= len(segments):
            return None
        kind, text = segments[i + 1]
        if kind in _MARKS:
            return _MARKS[kind][0][0]
        return text[0] if text else None

    for i, (kind, text) in enumerate(segments):
        if kind not in _MARKS:
            out.append(text)
            continue
        delim, open_tag, close_tag = _MARKS[kind]
        ok = (
            text.strip() == text
            and text != ""
            and _left_flanking(char_before(i), text[0])
            and _right_flanking(text[-1], char_after(i))
        )
        out.append(f"{delim}{text}{delim}" if ok else f"{open_tag}{text}{close_tag}")
    return "".join(out)


_INLINE_TOKEN = re.compile(r"\\(.)|(~~)|(\*\*)|(</?(?:del|ins)>)|(.)", re.S)


def inline_html(inline: str) -> str:
    """A word diff from :func:`word_diff` (Markdown) as safe HTML: deletions in ``<del>``,
    insertions in ``<ins>``, every other character HTML-escaped.

    The Markdown is read exactly as :func:`_render_segments` wrote it: data characters are
    backslash-escaped (:func:`escape_md`), so an unescaped ``~~`` / ``**`` is a delimiter and an
    unescaped ``<del>``/``</ins>``… is one of our own tags; anything else is text. Open tags are
    closed at the end, so the result is always well formed.

    >>> inline_html(r"2024年~~10~~**11**月底前<b\\>")
    '2024年<del>10</del><ins>11</ins>月底前&lt;b&gt;'
    """
    out: list[str] = []
    open_tag: str | None = None

    def toggle(tag: str) -> None:
        nonlocal open_tag
        if open_tag == tag:
            out.append(f"</{tag}>")
            open_tag = None
        else:
            if open_tag:
                out.append(f"</{open_tag}>")
            out.append(f"<{tag}>")
            open_tag = tag

    for m in _INLINE_TOKEN.finditer(inline):
        escaped, strike, strong, tag, char = m.groups()
        if strike:
            toggle("del")
        elif strong:
            toggle("ins")
        elif tag:
            name = tag.strip("</>")
            closing = tag.startswith("</")
            if (open_tag == name) == closing:  # a closing tag closes, an opening tag opens
                toggle(name)
        else:
            text = escaped if escaped is not None else char
            out.append(html_escape(text, quote=True))
    if open_tag:
        out.append(f"</{open_tag}>")
    return "".join(out)


def inline_text(inline: str, colour: bool = False) -> str:
    """A word diff from :func:`word_diff` as terminal text: deletions ``[-…-]``, insertions
    ``{+…+}`` (the convention of ``git diff --word-diff``), or red/green with ``colour``.

    >>> inline_text(r"2024年~~10~~**11**月底前")
    '2024年[-10-]{+11+}月底前'
    """
    marks = {"del": ("\x1b[31m", "\x1b[0m") if colour else ("[-", "-]"),
             "ins": ("\x1b[32m", "\x1b[0m") if colour else ("{+", "+}")}
    html = inline_html(inline)
    out = re.sub(r"<(/?)(del|ins)>", lambda m: marks[m.group(2)][1 if m.group(1) else 0], html)
    return html_unescape(out)


def tokens(text: str) -> list[str]:
    """Chinese word segmentation (jieba, default dictionary, deterministic)."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _jieba = jieba
    return list(_jieba.cut(text, HMM=True))


def _head(words: list[str], size: int) -> str:
    """Whole words from the start, at least ``size`` characters (or all)."""
    out = ""
    for w in words:
        if len(out) >= size:
            break
        out += w
    return out


def _tail(words: list[str], size: int) -> str:
    """Whole words from the end, at least ``size`` characters (or all)."""
    out = ""
    for w in reversed(words):
        if len(out) >= size:
            break
        out = w + out
    return out


def word_diff(old: str, new: str, context: int = 16) -> str:
    """Inline Markdown word diff of two texts; long unchanged stretches are shortened with ……

    >>> word_diff("2024年10月底前完成排查。", "2024年11月底前完成排查。")
    '2024年~~10~~**11**月底前完成排查。'
    """
    a, b = tokens(old), tokens(new)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments: list[tuple[str, str]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            same = a[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            size = sum(map(len, same))
            if (first and last) or size <= (2 * context + 2 if not (first or last) else context):
                segments.append(("equal", escape_md("".join(same))))
            else:
                if not first:
                    segments.append(("equal", escape_md(_head(same, context))))
                segments.append(("gap", "……"))
                if not last:
                    segments.append(("equal", escape_md(_tail(same, context))))
            continue
        if tag in ("delete", "replace"):
            segments.append(("delete", escape_md("".join(a[i1:i2]))))
        if tag in ("insert", "replace"):
            segments.append(("insert", escape_md("".join(b[j1:j2]))))
    return _render_segments(segments)
