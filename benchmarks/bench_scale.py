"""Scale: build synthetic plans N× the real one (benchmarks/make_synthetic.py) with ``mkdocs build``.

    .venv/bin/python benchmarks/bench_scale.py                 # 1× and 10×
    .venv/bin/python benchmarks/bench_scale.py 1 10 100 --timeout 1200
    .venv/bin/python benchmarks/bench_scale.py 1 10 --repo /tmp/proto   # measure a patched copy

For each multiplier: (1) the generator alone in a fresh interpreter (load_plan + the download files,
built and stored in build/exports-cache + build_site), then (2) the full ``mkdocs build`` (search on,
the repo's own mkdocs.yml, ``HUIJI_NO_EXPORTS_CACHE=1`` so every download file is built as on a first
build; the hook reads the plan from ``$HUIJI_PLAN_DATA``). Reports wall time, ms per generated page,
CPU time, peak RSS (``os.wait4`` ru_maxrss of that process), HTML and search-index sizes.
Targets: ms/page at 100× within 1.5× of 1×; peak memory < 1 GB. A step that exceeds ``--timeout``
is killed and reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import _common as c
from bench_build import GEN_SNIPPET

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("copies", type=int, nargs="*", default=[1, 10])
    ap.add_argument("--timeout", type=float, default=1200, help="seconds per step (default 1200)")
    ap.add_argument(
        "--repo", type=Path, default=None, help="build this copy instead of a snapshot of the repo"
    )
    ap.add_argument("--no-gen", action="store_true", help="skip the generator-only step")
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    repo = args.repo.resolve() if args.repo else c.snapshot(work / "repo")
    print(f"repo: {repo}  work: {work}", file=sys.stderr)

    rows: list[list[object]] = []
    base_ms: float | None = None
    base_cpu: float | None = None
    for n in args.copies:
        plan = work / f"plan{n}"
        mk = c.run_child([c.PY, str(ROOT / "benchmarks" / "make_synthetic.py"), str(n), str(plan)])
        stats = dict(kv.split("=") for kv in mk.output.split())
        gen_cell = "skipped"
        if not args.no_gen:
            g = c.run_child(
                [c.PY, "-c", GEN_SNIPPET, str(plan)],
                cwd=repo,
                env=c.child_env(PYTHONPATH=str(repo)),
                timeout=args.timeout,
            )
            if g.returncode == 0:
                d = json.loads(g.output.strip().splitlines()[-1])
                gen_cell = (
                    f"{d['load'] + d['exports'] + d['pages']:.1f} s wall, {d['cpu']:.1f} s CPU "
                    f"(load {d['load']:.1f}, exports {d['exports']:.1f}, pages {d['pages']:.1f}); "
                    f"{g.max_rss_mb:.0f} MB"
                )
            else:
                gen_cell = (
                    f"killed after {g.seconds:.0f} s" if g.returncode < 0 else f"failed rc={g.returncode}"
                )
            print(f"{n}×: generator {gen_cell}", file=sys.stderr)
        site = work / f"site{n}"
        # every download file built (the generator step above has just filled build/exports-cache
        # for this plan; a first build of a new plan has no cache entry)
        env = c.child_env(HUIJI_PLAN_DATA=str(plan), HUIJI_NO_EXPORTS_CACHE="1")
        cmd = [c.PY, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
        b = c.run_child(cmd, cwd=repo, env=env, timeout=args.timeout)
        html = list(site.rglob("*.html")) if site.exists() else []
        n_html = len(html)
        if b.returncode != 0:
            what = f"killed after {b.seconds:.0f} s (timeout)" if b.returncode < 0 else f"rc={b.returncode}"
            print(f"{n}×: mkdocs build {what}\n{b.output[-2000:]}", file=sys.stderr)
            rows.append(
                [
                    f"{n}×",
                    stats.get("tasks"),
                    stats.get("units"),
                    "",
                    what,
                    "",
                    "",
                    "",
                    "",
                    "",
                    f"{b.max_rss_mb:.0f}",
                    "",
                    "",
                    gen_cell,
                ]
            )
            continue
        html_mb = sum(p.stat().st_size for p in html) / 2**20
        index = site / "search" / "search_index.json"
        index_mb = index.stat().st_size / 2**20 if index.exists() else 0.0
        task_pages = [p for p in html if p.parent.parent.name == "tasks"]
        task_kb = (sum(p.stat().st_size for p in task_pages) / len(task_pages) / 1024) if task_pages else 0
        ms = b.seconds * 1000 / n_html
        cpu_ms = b.cpu_seconds * 1000 / n_html
        if base_ms is None or base_cpu is None:
            base_ms, base_cpu = ms, cpu_ms
        rows.append(
            [
                f"{n}×",
                stats["tasks"],
                stats["units"],
                n_html,
                f"{b.seconds:.1f}",
                f"{ms:.1f}",
                f"{ms / base_ms:.2f}×",
                f"{b.cpu_seconds:.1f}",
                f"{cpu_ms:.1f}",
                f"{cpu_ms / base_cpu:.2f}×",
                f"{b.max_rss_mb:.0f}",
                f"{html_mb:.1f} / {task_kb:.0f}",
                f"{index_mb:.1f}",
                gen_cell,
            ]
        )
        print(
            f"{n}×: {n_html} pages, {b.seconds:.1f} s, {ms:.1f} ms/page, {b.max_rss_mb:.0f} MB",
            file=sys.stderr,
        )

    print(f"\nMachine: {c.machine()}\nRepo built: {repo}\n")
    print(
        c.table(
            [
                "plan",
                "tasks",
                "units",
                "HTML pages",
                "mkdocs build s",
                "ms/page",
                "vs 1×",
                "CPU s",
                "CPU ms/page",
                "CPU vs 1×",
                "peak RSS MB",
                "HTML MB total / avg task page KB",
                "search index MB",
                "generator alone",
            ],
            rows,
        )
    )
    print("\nTargets: ms/page at 100× ≤ 1.5 × ms/page at 1×; peak RSS < 1024 MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
