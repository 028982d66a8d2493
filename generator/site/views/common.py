"""The site, its pages and what every page shares: config, navigation, “最后更新”, the download files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from generator import exports
from generator.data.schema import UnitKind
from generator.editors.history import SiteHistory
from generator.model import urls
from generator.model.model import (
    Plan,
)

UNIT_KIND_ORDER: tuple[str, ...] = get_args(UnitKind)


@dataclass(frozen=True)
class SiteConfig:
    """What the generator needs to know about where the site lives."""

    repository: str | None = None
    """The code repository's address when ``site.yaml`` leaves it out (the Pages workflow passes
    ``HUIJI_REPO_URL``); edit links appear only when one of them gives it."""
    site_url: str | None = None
    """Public URL of the site, if known (makes ``webcal://`` links absolute)."""
    calendar_until: dt.date = dt.date(2025, 12, 31)
    """The calendar shows months at least up to this date."""


NOT_SEARCHED = frozenset(
    {urls.MATRIX, urls.CALENDAR, urls.DEADLINES, urls.SOURCE}
    | {urls.HOW_TO_EDIT, urls.CHANGELOG, urls.DOWNLOADS, urls.SEARCH}
    | {urls.TASKS_INDEX, urls.UNITS_INDEX, urls.ACCESSIBILITY}
)
"""Pages left out of the search index: they repeat what task, unit and campaign pages already say
(the 原文 text is on the task pages verbatim; the matrix is 牵/配/责 cells; the two indexes list
every title and name, which the search page's direct hits answer), and every byte of the index is
a download for whoever searches on a slow network."""


MAX_CAMPAIGN_COLUMNS = 6
"""The units index shows lead/cooperate/responsible counts per campaign while that fits (3 × 3
columns here); beyond it (a site of many plans) only the totals, each unit page keeping the split."""


@dataclass(frozen=True)
class Page:
    src_path: str
    title: str
    """Plain text (not escaped)."""
    markdown: str


@dataclass(frozen=True)
class Updated:
    """A page's “最后更新” line: the date, or why it is unknown."""

    date: dt.date | None
    reason: str


def unknown_reason(history: SiteHistory | None) -> str:
    if history is None or not history.available:
        return "无 git 历史"
    if history.shallow:
        return "浅克隆"
    return "尚未提交"


def newest(history: SiteHistory | None, paths: list[str]) -> Updated:
    """The newest known last-change date of ``paths``."""
    if history is None:
        return Updated(None, unknown_reason(history))
    known = [d for p in paths if (d := history.updated.get(p)) is not None]
    return Updated(max(known) if known else None, unknown_reason(history))


NavEntry = tuple[str, str | list["NavEntry"]]


@dataclass
class Site:
    pages: list[Page]
    nav: list[NavEntry]
    """Nested (title, src_path | children); titles are plain text."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Download files (site path → bytes) from :mod:`generator.exports`."""

    def page(self, src_path: str) -> Page:
        return next(p for p in self.pages if p.src_path == src_path)


def default_exports(plan: Plan, site_url: str | None = None) -> dict[str, bytes]:
    """Every download file: :func:`generator.exports.build_exports`."""
    return dict(exports.build_exports(plan, site_url))


@dataclass(frozen=True)
class ExportsView:
    """What the pages say about the download files: :func:`generator.exports.describe_exports`
    (only files that exist), their sizes, the feed rules and the column notes."""

    infos: dict[str, Any] = field(default_factory=dict)
    """Site path → ``ExportInfo``."""
    sizes: dict[str, int] = field(default_factory=dict)
    feed_rules: str = ""
    notes: dict[str, Any] = field(default_factory=dict)
    """``generator.exports.field_notes()``."""

    def info(self, path: str) -> Any:
        return self.infos.get(path)

    def size(self, path: str) -> str:
        """``12 KB`` / ``850 字节``; empty when unknown or empty."""
        n = self.sizes.get(path, 0)
        if not n:
            return ""
        if n < 1024:
            return f"{n} 字节"
        if n < 1024 * 1024:
            return f"{max(1, round(n / 1024))} KB"
        return f"{n / 1024 / 1024:.1f} MB"


def exports_view(plan: Plan, files: Mapping[str, bytes]) -> ExportsView:
    if not files:
        return ExportsView()
    infos = {i.path: i for i in exports.describe_exports(plan) if i.path in files}
    return ExportsView(
        infos=infos,
        sizes={p: len(b) for p, b in files.items()},
        feed_rules=exports.FEED_RULES,
        notes=exports.field_notes(files.get(urls.PLAN_SCHEMA)),
    )
