"""argparse in Chinese: usage lines, help sections and every argument error the commands can print.

argparse looks its messages up through ``gettext`` at the moment it prints them; :func:`install`
puts a Chinese table in front of that lookup for this process (``python -m generator …``). A
message not in the table stays as argparse writes it (tested: none of the commands' errors).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

ZH: dict[str, str] = {
    "usage: ": "用法:",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少参数:%s",
    "unrecognized arguments: %s": "无法识别的参数:%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择:%(value)r(可选:%(choices)s)",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确,可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s:错误:%(message)s\n",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值:%(value)r",
}
"""argparse's English → Chinese."""


def install() -> None:
    """Make argparse speak Chinese in this process (idempotent)."""
    original: Callable[[str], str] = getattr(argparse, "_zh_original", None) or argparse._  # type: ignore[attr-defined]
    argparse._zh_original = original  # type: ignore[attr-defined]
    argparse._ = lambda message: ZH.get(message, original(message))  # type: ignore[attr-defined]
    ngettext: Callable[[str, str, int], str] = getattr(
        argparse, "_zh_ngettext", getattr(argparse, "ngettext")  # noqa: B009 (not in argparse's stubs)
    )
    argparse._zh_ngettext = ngettext  # type: ignore[attr-defined]

    def zh_ngettext(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return "需要 %s 个值"
        return str(ngettext(singular, plural, n))

    argparse.ngettext = zh_ngettext  # type: ignore[attr-defined]
