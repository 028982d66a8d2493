"""Downloadable files of the site (stage 4b of the pipeline: exports).

:func:`build_exports` returns every file as bytes under its site path from :mod:`generator.model.urls`;
:func:`describe_exports` says what each one is, in Chinese, for the 数据下载 page and the unit and
campaign pages. Both are deterministic: the same plan (and the same ``SOURCE_DATE_EPOCH``) gives
byte-identical files.

* ``data/ics/*.ics`` — iCalendar feeds (:mod:`.ics`): per unit, per campaign, whole plan.
* ``data/xlsx/*.xlsx`` — 工作任务清单台账 (:mod:`.xlsx`): per unit, per campaign, whole plan.
* ``data/tasks.csv``, ``data/assignments.csv`` (:mod:`.csv`).
* ``data/plan.json`` and ``data/plan.schema.json`` from :mod:`generator.exports.opendata` when present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.exports import csv as csv_export
from generator.exports import ics, xlsx
from generator.exports.common import campaign_entries, plan_entries, unit_entries
from generator.model import urls
from generator.model.duties import RULES, task_counts
from generator.model.model import Plan

__all__ = [
    "FEED_RULES",
    "ExportInfo",
    "FieldNote",
    "build_exports",
    "describe_exports",
    "field_notes",
]

FEED_RULES = (
    "各单位的网页、日历和台账按同一规则列出该单位的时限:" + "".join(RULES) +
    "有具体日期的时限为全天事件,提前7天提醒;周期性时限(每月、每季度等)为重复事件,"
    "列至文件规定的周期截止日;“按照市定时间节点”等没有具体日期的时限不列入日历。"
)
"""What the unit feeds and 台账 contain, in words for the 数据下载 page."""


@dataclass(frozen=True)
class ExportInfo:
    """One downloadable file, as the pages show it."""

    path: str
    """Site path (from :mod:`generator.model.urls`), e.g. ``data/ics/unit-qu-cgj.ics``."""
    title: str
    format: str
    """``ics`` / ``xlsx`` / ``csv`` / ``json``."""
    description: str
    unit_id: str | None = None
    campaign_id: str | None = None
    events: int | None = None
    """ics: number of events (a recurring duty counts once)."""
    undated: int | None = None
    """ics: deadlines left out because they have no date (按照市定时间节点…)."""
    rows: int | None = None
    """xlsx / csv: data rows."""

    @property
    def download_name(self) -> str:
        """A Chinese file name for the ``download`` attribute: ``区城管局-工作任务清单台账.xlsx``."""
        return safe_file_name(self.title) + "." + self.path.rsplit(".", 1)[-1]

    @property
    def scope(self) -> str:
        """``unit`` / ``campaign`` / ``plan``."""
        return "unit" if self.unit_id else "campaign" if self.campaign_id else "plan"

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.format]


_UNSAFE_IN_NAMES = str.maketrans({c: "_" for c in '\\/:*?"<>|\n\r\t'})


def safe_file_name(title: str) -> str:
    """``title`` usable as a file name on Windows, macOS and phones (no \\ / : * ? " < > |)."""
    name = " ".join(title.translate(_UNSAFE_IN_NAMES).split()).strip(". ")
    return name[:80] or "download"


FORMAT_LABELS = {"ics": "iCalendar 日历", "xlsx": "Excel 表格", "csv": "CSV 表格", "json": "JSON 数据"}


@dataclass(frozen=True)
class FieldNote:
    """One column of a table file or one key of the JSON data, as the 数据下载 page explains it."""

    name: str
    note: str


def field_notes(schema: bytes | None = None) -> dict[str, list[FieldNote]]:
    """The columns and keys of every file kind, straight from the exporters' own constants (so the
    数据下载 page cannot describe a column that is not there, or miss one).

    Keys: ``xlsx_unit`` (a unit's 台账), ``xlsx_all`` (campaign and whole-plan 台账), ``tasks_csv``,
    ``assignments_csv``, and — when :mod:`generator.exports.opendata` is present — ``plan_json`` (top-level
    keys) and ``plan_json_task`` (the keys of one task). Given the bytes of the published
    ``plan.schema.json`` (:data:`urls.PLAN_SCHEMA`, written from the same models), those two are read
    from it — the same names and descriptions, without importing the pydantic models (about a
    tenth of the page build's time when the download files come from the cache).
    """
    out = {
        "xlsx_unit": [FieldNote(c.header, xlsx.COLUMN_NOTES[c.header]) for c in xlsx.UNIT_COLUMNS],
        "xlsx_all": [FieldNote(c.header, xlsx.COLUMN_NOTES[c.header]) for c in xlsx.ALL_COLUMNS],
        "tasks_csv": [FieldNote(f, csv_export.TASK_FIELD_NOTES[f]) for f in csv_export.TASK_FIELDS],
        "assignments_csv": [
            FieldNote(f, csv_export.ASSIGNMENT_FIELD_NOTES[f]) for f in csv_export.ASSIGNMENT_FIELDS
        ],
    }
    from_schema = _schema_notes(schema) if schema else None
    if from_schema is not None:
        out.update(from_schema)
    else:  # the pydantic models, imported only when there is no published schema to read
        from . import opendata

        for key, model in (("plan_json", opendata.OpenPlan), ("plan_json_task", opendata.OpenTask)):
            out[key] = [FieldNote(name, f.description or "") for name, f in model.model_fields.items()]
    return out


def _schema_notes(schema: bytes) -> dict[str, list[FieldNote]] | None:
    """``plan_json`` / ``plan_json_task`` notes from plan.schema.json; None if it is not that file."""
    try:
        data = json.loads(schema)
        task = data["$defs"]["OpenTask"]["properties"]
        parts = (("plan_json", data["properties"]), ("plan_json_task", task))
        return {
            key: [FieldNote(str(name), str(p.get("description") or "")) for name, p in props.items()]
            for key, props in parts
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _ics_desc(events: int, undated: int, whose: str) -> str:
    text = f"{whose}的时限,共{events}个日历事件(周期性时限为重复事件,提前7天提醒)"
    if undated:
        text += f";另有{undated}项时限没有具体日期,未列入"
    return text + "。可导入或订阅到 Outlook、手机日历等。"


def describe_exports(plan: Plan) -> list[ExportInfo]:
    """Every file :func:`build_exports` writes, in the order a download page lists them."""
    out: list[ExportInfo] = []
    doc = plan.document
    n_tasks = len(plan.tasks)

    ev, und = ics.feed_counts(plan, plan_entries(plan))
    out.append(ExportInfo(urls.ALL_ICS, "全部任务时限日历", "ics", _ics_desc(ev, und, "全部任务和有关要求"),
                          events=ev, undated=und))
    all_rows = sum(xlsx.campaign_row_count(c) for c in plan.campaigns)
    out.append(ExportInfo(urls.ALL_XLSX, "全部任务工作任务清单台账", "xlsx",
                          f"全部{n_tasks}项任务及有时限的要求,每项一行,列明牵头、配合、责任单位和时限,"
                          "留有“完成情况”栏;A4横向打印。", rows=all_rows))
    out.append(ExportInfo(urls.TASKS_CSV, "任务表(CSV)", "csv",
                          f"每项任务一行,共{n_tasks}行:编号、标题、所属战役和部分、牵头/配合/责任单位、时限、原文。",
                          rows=n_tasks))
    n_assign = sum(len(t.assignments) for t in plan.tasks)
    out.append(ExportInfo(urls.ASSIGNMENTS_CSV, "任务分工表(CSV)", "csv",
                          f"每项任务中每个单位的每个角色一行,共{n_assign}行,注明分项和是否为统一指定(未在任务中列出)。",
                          rows=n_assign))
    out.append(ExportInfo(urls.PLAN_JSON, "完整数据(JSON)", "json",
                          f"{doc.doc_number}的全部结构化数据:文件、单位、战役、任务、分工、时限、目标。"))
    out.append(ExportInfo(urls.PLAN_SCHEMA, "数据结构说明(JSON Schema)", "json",
                          "plan.json 的 JSON Schema,说明每个字段的含义。"))

    for c in plan.campaigns:
        ev, und = ics.feed_counts(plan, campaign_entries(c))
        out.append(ExportInfo(urls.campaign_ics(c.id), f"{c.short_title}时限日历", "ics",
                              _ics_desc(ev, und, f"《{c.title}》"), campaign_id=c.id, events=ev, undated=und))
        rows = xlsx.campaign_row_count(c)
        out.append(ExportInfo(urls.campaign_xlsx(c.id), f"{c.short_title}工作任务清单台账", "xlsx",
                              f"《{c.title}》{len(c.tasks)}项任务的台账,A4横向打印。",
                              campaign_id=c.id, rows=rows))

    for u in plan.units:
        ev, und = ics.feed_counts(plan, unit_entries(plan, u))
        counts = task_counts(plan, u)
        out.append(ExportInfo(urls.unit_ics(u.id), f"{u.name}-任务时限日历", "ics",
                              _ics_desc(ev, und, f"{u.name}承担的任务和有关要求"),
                              unit_id=u.id, events=ev, undated=und))
        out.append(ExportInfo(urls.unit_xlsx(u.id), f"{u.name}-工作任务清单台账", "xlsx",
                              f"{u.name}承担的任务({counts.text()}),每个时限一行,"
                              "含本单位角色、完成时限(日期)和“完成情况”栏;A4横向打印。",
                              unit_id=u.id, rows=xlsx.unit_row_count(plan, u)))
    return out


def _opendata_files(plan: Plan) -> dict[str, bytes]:
    from . import opendata  # the pydantic models: imported only when plan.json is written

    text = opendata.plan_json(plan)
    schema = json.dumps(opendata.opendata_schema(), ensure_ascii=False, indent=2) + "\n"
    return {
        urls.PLAN_JSON: (text if text.endswith("\n") else text + "\n").encode("utf-8"),
        urls.PLAN_SCHEMA: schema.encode("utf-8"),
    }


def build_exports(plan: Plan, site_url: str | None = None) -> dict[str, bytes]:
    """Every download file: ``{site path: bytes}``, sorted by path. ``site_url`` makes links absolute."""
    events = ics.EventCache(plan)  # each event serialised once, whichever feeds it is in
    rows = {c.id: xlsx.campaign_rows(c) for c in plan.campaigns}  # for the plan and campaign 台账
    files: dict[str, bytes] = {
        urls.ALL_ICS: ics.plan_feed(plan, site_url, events),
        urls.ALL_XLSX: xlsx.plan_workbook(plan, rows),
        urls.TASKS_CSV: csv_export.tasks_csv(plan),
        urls.ASSIGNMENTS_CSV: csv_export.assignments_csv(plan),
    }
    for c in plan.campaigns:
        files[urls.campaign_ics(c.id)] = ics.campaign_feed(plan, c, site_url, events)
        files[urls.campaign_xlsx(c.id)] = xlsx.campaign_workbook(plan, c, rows[c.id])
    for u in plan.units:
        files[urls.unit_ics(u.id)] = ics.unit_feed(plan, u, site_url, events)
        files[urls.unit_xlsx(u.id)] = xlsx.unit_workbook(plan, u)
    files.update(_opendata_files(plan))
    return dict(sorted(files.items()))
