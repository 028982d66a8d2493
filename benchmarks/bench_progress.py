"""Progress at scale: the build with 12 months of reports for every unit, and the spreadsheet import.

    .venv/bin/python benchmarks/bench_progress.py              # 1× and 10×
    .venv/bin/python benchmarks/bench_progress.py 1 100 --timeout 1800

(1) For each multiplier N: the synthetic plan N× the real one (benchmarks/make_synthetic.py), and a
progress folder with one report file per unit and month for 12 months (2024-07 … 2025-06), each
reporting on every task the unit holds (made-up statuses, a fixed seed). ``mkdocs build`` runs
twice in fresh interpreters, without and with the reports (``HUIJI_PROGRESS``, ``HUIJI_AS_OF``
fixed, every download built): wall time, ms per page, peak RSS. Targets: ms/page with reports within
1.5× of the same plan without; peak memory under 1 GB.

(2) Import: a one-unit plan with 500 tasks, its 进展报送表 filled in by openpyxl (500 rows), then
:func:`generator.editors.progress_import.read_sheet` + the check of the new file, median of 5. Target < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _common as c
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTHS = [f"{y}-{m:02d}" for y, m in [(2024, m) for m in range(7, 13)] + [(2025, m) for m in range(1, 7)]]
AS_OF = "2025-07-15"
STATUSES = ("推进中", "推进中", "推进中", "已完成", "滞后", "未启动")


def make_progress(plan_dir: Path, out: Path) -> int:
    from generator.data.pipeline import load_plan
    from generator.data.reports import Codes, unit_holds

    plan = load_plan(plan_dir)
    codes = Codes.of(plan)
    rnd = random.Random(7)
    files = 0
    for u in plan.units:
        tasks = [t for t in plan.tasks_of(u) if unit_holds(plan, u, codes.items[t.code])]
        if not tasks:
            continue
        (out / u.id).mkdir(parents=True, exist_ok=True)
        for month in MONTHS:
            y, m = map(int, month.split("-"))
            reports = [
                {"item": t.code, "status": rnd.choice(STATUSES), "progress": f"基准测试数据:{t.title}。"}
                for t in tasks
            ]
            doc = {"unit": u.name, "period": month, "reported": dt.date(y, m, 25), "reports": reports}
            (out / u.id / f"{month}.yaml").write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
            )
            files += 1
    return files


def one_unit_plan(dest: Path, n: int) -> Path:
    """A plan of one campaign with ``n`` tasks, all led by 区甲局 (from tests/fixtures/mini_plan)."""
    import shutil

    mini = ROOT / "tests" / "fixtures" / "mini_plan"
    shutil.copytree(mini, dest)
    shutil.rmtree(dest / "campaigns" / "beta")
    doc = yaml.safe_load((dest / "document.yaml").read_text(encoding="utf-8"))
    doc["campaigns"] = ["alpha"]
    (dest / "document.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    tasks = dest / "campaigns" / "alpha" / "tasks"
    shutil.rmtree(tasks)
    tasks.mkdir()
    lines = []
    for i in range(1, n + 1):
        t = {
            "number": i,
            "section": 1,
            "title": f"第{i}项测试任务",
            "text": "2024年10月底前完成排查。",
            "lead": ["区甲局"],
            "deadlines": [{"text": "2024年10月底前", "date": dt.date(2024, 10, 31), "what": "完成排查"}],
        }
        (tasks / f"{i:02d}.yaml").write_text(yaml.safe_dump(t, allow_unicode=True, sort_keys=False), "utf-8")
        lines.append(f"{i}. 第{i}项测试任务。2024年10月底前完成排查。\n\n牵头单位:区甲局\n")
    camp = yaml.safe_load((dest / "campaigns" / "alpha" / "campaign.yaml").read_text(encoding="utf-8"))
    camp["sections"] = camp["sections"][:1]
    (dest / "campaigns" / "alpha" / "campaign.yaml").write_text(
        yaml.safe_dump(camp, allow_unicode=True, sort_keys=False), "utf-8"
    )
    src = (dest / "source" / "original.txt").read_text(encoding="utf-8")
    head, rest = src.split("(一)第一节", 1)
    tail = rest[rest.index("有关要求") - 3 :] if "四、有关要求" in rest else ""
    (dest / "source" / "original.txt").write_text(
        head + "(一)第一节\n\n" + "\n".join(lines) + "\n" + tail, "utf-8"
    )
    units = yaml.safe_load((dest / "units.yaml").read_text(encoding="utf-8"))
    units["units"] = [u for u in units["units"] if u["id"] == "jia"]
    (dest / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True, sort_keys=False), "utf-8")
    return dest


def bench_import(work: Path, rows: int = 500) -> tuple[float, int]:
    import openpyxl

    from generator.data.pipeline import load_plan
    from generator.data.status import Status
    from generator.editors.progress_import import read_sheet, verify
    from generator.exports import progress_xlsx as px

    root = one_unit_plan(work / "plan-import", rows)
    plan = load_plan(root)
    as_of = dt.date(2024, 10, 20)
    data = px.template(plan, Status(plan, None, as_of), plan.unit("jia"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[px.SHEET]
    ws[px.REPORTED_CELL] = dt.datetime(2024, 10, 18)
    for r in range(px.FIRST_ROW + 1, px.FIRST_ROW + 1 + rows):
        ws[f"I{r}"] = "推进中"
        ws[f"J{r}"] = f"第{r}行的进展情况,按计划推进。"
    buf = io.BytesIO()
    wb.save(buf)
    filled = buf.getvalue()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        imported = read_sheet(plan, filled, "bench.xlsx", as_of)
        assert not verify(plan, root / "progress", imported, as_of)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), imported.rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("copies", type=int, nargs="*", default=[1, 10])
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--no-import", action="store_true")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-progress-"))
    work.mkdir(parents=True, exist_ok=True)
    repo = c.snapshot(work / "repo")
    rows: list[list[object]] = []
    for n in args.copies:
        plan = work / f"plan{n}"
        c.run_child([c.PY, str(ROOT / "benchmarks" / "make_synthetic.py"), str(n), str(plan)])
        progress = work / f"progress{n}"
        files = make_progress(plan, progress)
        results = {}
        for label, extra in (("without", {}), ("with", {"HUIJI_PROGRESS": str(progress)})):
            site = work / f"site{n}-{label}"
            env = c.child_env(
                HUIJI_PLAN_DATA=str(plan), HUIJI_NO_EXPORTS_CACHE="1", HUIJI_AS_OF=AS_OF, **extra
            )
            cmd = [c.PY, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
            b = c.run_child(cmd, cwd=repo, env=env, timeout=args.timeout)
            pages = len(list(site.rglob("*.html"))) if site.exists() else 0
            if b.returncode != 0:
                print(f"{n}× {label}: rc={b.returncode}\n{b.output[-1500:]}", file=sys.stderr)
            results[label] = (b.seconds, pages, b.max_rss_mb, b.returncode)
            print(f"{n}× {label}: {b.seconds:.1f} s, {pages} pages, {b.max_rss_mb:.0f} MB", file=sys.stderr)
        (s0, p0, m0, r0), (s1, p1, m1, r1) = results["without"], results["with"]
        ms0, ms1 = (s0 * 1000 / p0 if p0 else 0), (s1 * 1000 / p1 if p1 else 0)
        rows.append(
            [
                f"{n}×",
                files,
                p0,
                f"{s0:.1f}",
                f"{ms0:.1f}",
                f"{m0:.0f}",
                p1,
                f"{s1:.1f}",
                f"{ms1:.1f}",
                f"{m1:.0f}",
                f"{ms1 / ms0:.2f}×" if ms0 else "—",
                "ok" if r0 == r1 == 0 else "FAILED",
            ]
        )
    print(f"\nMachine: {c.machine()}\n")
    print(
        c.table(
            [
                "plan",
                "report files",
                "pages (no reports)",
                "s",
                "ms/page",
                "peak MB",
                "pages (reports)",
                "s",
                "ms/page",
                "peak MB",
                "ms/page ratio",
                "builds",
            ],
            rows,
        )
    )
    if not args.no_import:
        median, n_rows = bench_import(work)
        print(
            f"\nImport of a {n_rows}-row 进展报送表 (read_sheet + check of the new file): median of 5 "
            f"{median * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
