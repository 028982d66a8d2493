"""Write examples/demo-progress/: made-up 进展报送 for the real plan, for demonstrations and screenshots.

NOT REAL DATA. No progress reports of 惠环委〔2024〕3号 are public; these are invented by a fixed
random seed so that every light, the quarterly ranking and the charts have something to show. A
site built from this folder (``make serve-demo``) says 示例数据 on every page.

    .venv/bin/python examples/make_demo_progress.py   # rewrites examples/demo-progress/
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.data.pipeline import load_plan  # noqa: E402
from generator.data.reports import Codes, unit_holds  # noqa: E402
from generator.model.duties import task_entries_for  # noqa: E402
from generator.model.model import Task  # noqa: E402

OUT = ROOT / "examples" / "demo-progress"
MONTHS = ["2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]
SEED = 20240723


def main() -> None:
    plan = load_plan(ROOT / "plan_data")
    codes = Codes.of(plan)
    rnd = random.Random(SEED)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "README.md").write_text(
        "# 示例数据(不是真实报送)\n\n"
        "本文件夹的进展报送和实测值是由 examples/make_demo_progress.py 以固定随机种子编造的示例,"
        "用于演示和截图;惠环委〔2024〕3号没有公开的进展报送。用本文件夹生成的网站每页都标明“示例数据”。\n",
        encoding="utf-8",
    )
    for u in plan.units:
        tasks = [t for t in plan.tasks_of(u)]
        if not tasks or u.collective:
            continue
        finished: set[str] = set()
        for month in MONTHS:
            if rnd.random() < 0.12:
                continue  # this month's report is missing
            y, m = map(int, month.split("-"))
            day = 28 - rnd.randint(0, 6) if rnd.random() < 0.8 else min(28 + rnd.randint(1, 3), 30)
            reported = dt.date(y, m, day)
            reports = []
            for t in tasks:
                item = codes.item(t.code)
                if item is None or not unit_holds(plan, u, item) or t.id in finished:
                    continue
                dates = [e.deadline.date for e in task_entries_for(t, u) if e.deadline.date]
                due = min(dates) if dates else None
                r = rnd.random()
                if due is not None and reported >= due - dt.timedelta(days=10) and r < 0.7:
                    status = "已完成"
                elif r < 0.1:
                    status = "滞后"
                elif r < 0.14:
                    status = "暂缓"
                else:
                    status = "推进中"
                entry: dict[str, object] = {
                    "item": t.code,
                    "status": status,
                    "progress": f"【示例】{t.title}{'已完成' if status == '已完成' else '按计划推进'}。",
                }
                if status == "滞后":
                    entry["problems"] = "【示例】资金和人员不足。"
                    entry["next_steps"] = "【示例】下月加快推进。"
                if status == "暂缓":
                    entry["problems"] = "【示例】等待上级安排。"
                if status == "已完成":
                    finished.add(t.id)
                    entry["evidence"] = "【示例】工作台账及照片"
                if isinstance(t, Task) and any(x.numeric for x in t.all_targets) and rnd.random() < 0.5:
                    target = next(x for x in t.all_targets if x.numeric)
                    entry["value"] = round(float(target.value) * rnd.uniform(0.8, 1.1), 1)  # type: ignore[arg-type]
                reports.append(entry)
            if not reports:
                continue
            folder = OUT / u.id
            folder.mkdir(exist_ok=True)
            doc = {
                "unit": u.name,
                "period": month,
                "reported": reported,
                "source": "示例数据(编造)",
                "reports": reports,
            }
            (folder / f"{month}.yaml").write_text(
                "# 示例数据,不是真实报送\n"
                + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000),
                encoding="utf-8",
            )
    actuals = []
    for c in plan.campaigns:
        for t in c.targets:
            if not t.numeric:
                continue
            for year, k in (("2024", 1.04), ("2025", 0.97)):
                actuals.append(
                    {
                        "target": f"{c.short_name}·{t.indicator}",
                        "period": year,
                        "value": round(float(t.value) * k, 1),  # type: ignore[arg-type]
                        "source": "【示例】编造的数值,不是监测数据",
                    }
                )
    (OUT / "actuals.yaml").write_text(
        "# 示例数据,不是真实监测值\n"
        + yaml.safe_dump({"actuals": actuals}, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
    print(f"已写入 {OUT}")


if __name__ == "__main__":
    main()
