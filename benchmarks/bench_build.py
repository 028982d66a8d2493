"""Build cost, side by side: (a) generator alone, (b) ``mkdocs build`` of the real plan,
(c) a bare Material build of the same number of plain-Markdown pages of similar size.

    .venv/bin/python benchmarks/bench_build.py [--runs 5]

Each run times (a), (b) and (c) back to back (so the ratios compare like with like on a noisy
machine); the table reports the median of the runs and the ratios of the medians as well as the
median of the per-run ratios. Targets: (a) ≤ 5 % of (b); (b) ≤ 1.3 × (c).

(a) runs in a fresh interpreter: ``load_plan`` + the download files as the build gets them
(``generator.exports.cache``: from ``build/exports-cache``, filled by the warm-up build of the same
snapshot) + ``build_site``, timed inside it (interpreter start and imports reported separately).
(a′) is the same with every download file built (what the first build, or the first one after a
plan edit, pays); its files are asserted equal to the cached ones. (b) and (c) are whole ``mkdocs build``
processes (wall clock, including Python start, imports and jieba's dictionary load for search).
Everything runs on a snapshot copy of the repo under a temp dir; one untimed warm-up build each.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c

GEN_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from generator.exports import build_exports
from generator.exports.cache import exports_with_status
from generator.data.pipeline import load_plan
from generator.site.pages import build_site
t1 = time.perf_counter(); c1 = time.process_time()
plan = load_plan(Path(sys.argv[1]))
t2 = time.perf_counter(); c2 = time.process_time()
# what the build does: the download files from build/exports-cache (filled by the warm-up build
# of the same snapshot), else built and stored
exports, status = exports_with_status(plan, None, Path("build/exports-cache"))
t3 = time.perf_counter(); c3 = time.process_time()
site = build_site(plan, exports=exports)
t4 = time.perf_counter(); c4 = time.process_time()
# what a first build (or one after a plan edit) pays instead: every file built (bench_build only)
if "--cold" in sys.argv:
    cold = build_exports(plan, None)
    assert cold == exports, "cached exports differ from freshly built ones"
t5 = time.perf_counter(); c5 = time.process_time()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "exports": t3 - t2, "pages": t4 - t3,
                  "exports_cold": t5 - t4, "cache": status,
                  "cpu": c4 - c1, "cpu_cold": (c4 - c1) - (c3 - c2) + (c5 - c4),
                  "cpu_exports": c3 - c2, "cpu_exports_cold": c5 - c4,
                  "n_pages": len(site.pages),
                  "md_bytes": sum(len(p.markdown.encode()) for p in site.pages)}))
"""

# Top-level keys of our mkdocs.yml that the reference build shares (theme minus custom_dir,
# plugins, markdown_extensions, not_in_nav, validation …). Hooks, extra_css/js and nav are not
# shared: the reference has no generator, no site assets, and its nav is written out below.
SHARED_KEYS = (
    "site_name",
    "use_directory_urls",
    "theme",
    "extra",
    "plugins",
    "markdown_extensions",
    "not_in_nav",
    "validation",
)


def top_level_blocks(text: str) -> dict[str, str]:
    blocks: dict[str, list[str]] = {}
    key = None
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_][\w-]*):", line)
        if m:
            key = m.group(1)
            blocks[key] = [line]
        elif key is not None:
            blocks[key].append(line)
    return {k: "\n".join(v) for k, v in blocks.items()}


def gen_site(snap: Path) -> Any:
    sys.path.insert(0, str(snap))
    from generator.data.pipeline import load_plan
    from generator.site.pages import build_site

    return build_site(load_plan(snap / "plan_data"))


FILLER_SOURCE = "plan_data/source"


def filler_text(snap: Path) -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((snap / FILLER_SOURCE).glob("*.txt")))
    paras = [ln.strip() for ln in text.splitlines() if len(ln.strip()) > 40]
    return paras or ["惠济区2024年蓝天、碧水、净土保卫战实施方案。" * 4]


def plain_markdown(title: str, size: int, paras: list[str], links: list[str], seed: int) -> str:
    """Plain Markdown of about ``size`` bytes: headings, paragraphs, a list with links, a table."""
    out = [f"# {title}\n"]
    i = seed
    n = 0
    while sum(len(s.encode()) for s in out) < size:
        n += 1
        out.append(f"\n## 第{n}部分 {paras[i % len(paras)][:12]}\n\n{paras[i % len(paras)]}\n")
        out.append(
            "\n"
            + "".join(
                f"- [{paras[(i + j) % len(paras)][:10]}]({links[(i + j) % len(links)]}) "
                f"{paras[(i + j) % len(paras)][10:40]}\n"
                for j in range(4)
            )
        )
        out.append(
            "\n| 单位 | 任务 | 时限 |\n|---|---|---|\n"
            + "".join(
                f"| {paras[(i + j) % len(paras)][:8]} | {paras[(i + j + 1) % len(paras)][:16]} "
                f"| 2024年{j + 1}月底前 |\n"
                for j in range(4)
            )
        )
        i += 7
    return "".join(out)


def make_reference(snap: Path, ref: Path) -> tuple[int, int]:
    """Write the reference project (c) to ``ref``; return (pages, Markdown bytes)."""
    site = gen_site(snap)
    docs = ref / "docs"
    docs.mkdir(parents=True)
    paras = filler_text(snap)
    total = 0
    for k, page in enumerate(site.pages):
        here = Path(page.src_path).parent
        others = [site.pages[(k + d) % len(site.pages)].src_path for d in (1, 2, 3, 5, 8)]
        links = [
            Path(__import__("os").path.relpath(o, here if str(here) != "." else ".")).as_posix()
            for o in others
        ]
        md = plain_markdown(page.title, len(page.markdown.encode()), paras, links, k * 13)
        (docs / page.src_path).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.src_path).write_text(md, encoding="utf-8")
        total += len(md.encode())
    blocks = top_level_blocks((snap / "mkdocs.yml").read_text(encoding="utf-8"))
    parts = []
    for key in SHARED_KEYS:
        if key in blocks:
            parts.append(
                "\n".join(ln for ln in blocks[key].splitlines() if not ln.strip().startswith("custom_dir:"))
            )
    parts.append("docs_dir: docs\nnav: " + json.dumps(_nav(site.nav), ensure_ascii=False))
    (ref / "mkdocs.yml").write_text("\n".join(parts) + "\n", encoding="utf-8")
    return len(site.pages), total


def _nav(entries: list[Any]) -> list[Any]:
    return [{t: (_nav(v) if isinstance(v, list) else v)} for t, v in entries]


def ratio_row(
    runs: list[dict[str, float]],
    med: dict[str, float],
    label: str,
    key: str,
    fmt: str,
    target: str,
    ok: bool,
    run_fmt: str | None = None,
) -> list[str]:
    """One row of the ratio table: median (wall), every run (wall), median (CPU: ``<key>_cpu``)."""
    return [
        label,
        fmt.format(med[key]),
        " ".join((run_fmt or fmt).format(r[key]) for r in runs),
        fmt.format(med[f"{key}_cpu"]),
        target,
        "PASS" if ok else "FAIL",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    snap = c.snapshot(work / "repo")
    ref = work / "reference"
    n_ref, ref_bytes = make_reference(snap, ref)
    gen_env = c.child_env(PYTHONPATH=str(snap))

    def gen() -> dict[str, float]:
        r = c.run_child([c.PY, "-c", GEN_SNIPPET, str(snap / "plan_data"), "--cold"], cwd=snap, env=gen_env)
        if r.returncode:
            raise SystemExit(r.output)
        d = json.loads(r.output.strip().splitlines()[-1])
        d["cache_hit"] = float(d.pop("cache") == "hit")
        d["wall"] = r.seconds
        d["rss"] = r.max_rss_mb
        return d

    # warm-up (byte-code caches, jieba's dictionary cache)
    gen()
    c.mkdocs_build(snap / "mkdocs.yml", work / "site-b")
    c.mkdocs_build(ref / "mkdocs.yml", work / "site-c")
    runs: list[dict[str, float]] = []
    for i in range(args.runs):
        g = gen()
        b = c.mkdocs_build(snap / "mkdocs.yml", work / "site-b")
        r = c.mkdocs_build(ref / "mkdocs.yml", work / "site-c")
        gen_s = g["load"] + g["exports"] + g["pages"]
        gen_cold = g["load"] + g["exports_cold"] + g["pages"]
        runs.append(
            {
                **{f"gen_{k}": v for k, v in g.items()},
                "gen": gen_s,
                "gen_cold": gen_cold,
                "ratio_gen_cold": gen_cold / b.seconds,
                "ratio_gen_cold_cpu": g["cpu_cold"] / b.cpu_seconds,
                "b": b.seconds,
                "c": r.seconds,
                "b_cpu": b.cpu_seconds,
                "c_cpu": r.cpu_seconds,
                "b_rss": b.max_rss_mb,
                "c_rss": r.max_rss_mb,
                "ratio_gen": gen_s / b.seconds,
                "ratio_bc": b.seconds / r.seconds,
                "ratio_gen_cpu": g["cpu"] / b.cpu_seconds,
                "ratio_bc_cpu": b.cpu_seconds / r.cpu_seconds,
            }
        )
        print(
            f"run {i + 1}: gen {gen_s:.2f}s  mkdocs {b.seconds:.2f}s  reference {r.seconds:.2f}s",
            file=sys.stderr,
        )
    med = {k: c.median([r[k] for r in runs]) for k in runs[0]}
    n_pages = int(runs[0]["gen_n_pages"])
    html_b = sum(1 for _ in (work / "site-b").rglob("*.html"))
    html_c = sum(1 for _ in (work / "site-c").rglob("*.html"))

    def spread(key: str) -> list[str]:
        return [f"{min(r[key] for r in runs):.2f}", f"{max(r[key] for r in runs):.2f}"]

    print(f"\nMachine: {c.machine()}\n")
    print(
        f"Pages: {n_pages} generated Markdown pages ({int(runs[0]['gen_md_bytes']) / 1024:.0f} KB) → "
        f"{html_b} HTML files; reference: {n_ref} plain Markdown pages ({ref_bytes / 1024:.0f} KB) → "
        f"{html_c} HTML files. Runs: {args.runs} (median).\n"
    )
    print(
        c.table(
            ["what", "median wall s", "min s", "max s", "median CPU s", "peak RSS MB"],
            [
                ["(a) generator: load_plan", f"{med['gen_load']:.2f}", *spread("gen_load"), "", ""],
                [
                    "(a) generator: download files from build/exports-cache (hit in "
                    f"{sum(r['gen_cache_hit'] for r in runs):.0f}/{len(runs)} runs)",
                    f"{med['gen_exports']:.2f}",
                    *spread("gen_exports"),
                    f"{med['gen_cpu_exports']:.2f}",
                    "",
                ],
                [
                    "(a′) instead: download files built (first build, or after a plan edit)",
                    f"{med['gen_exports_cold']:.2f}",
                    *spread("gen_exports_cold"),
                    f"{med['gen_cpu_exports_cold']:.2f}",
                    "",
                ],
                [
                    "(a) generator: build_site pages (Jinja)",
                    f"{med['gen_pages']:.2f}",
                    *spread("gen_pages"),
                    "",
                    "",
                ],
                [
                    f"**(a) generator total** (excl. interpreter start + imports {med['gen_import']:.2f} s)",
                    f"**{med['gen']:.2f}**",
                    *spread("gen"),
                    f"{med['gen_cpu']:.2f}",
                    f"{med['gen_rss']:.0f}",
                ],
                [
                    "(a′) generator total, download files built",
                    f"{med['gen_cold']:.2f}",
                    *spread("gen_cold"),
                    f"{med['gen_cpu_cold']:.2f}",
                    "",
                ],
                [
                    "**(b) mkdocs build, real plan**",
                    f"**{med['b']:.2f}**",
                    *spread("b"),
                    f"{med['b_cpu']:.2f}",
                    f"{med['b_rss']:.0f}",
                ],
                [
                    "**(c) bare Material reference**",
                    f"**{med['c']:.2f}**",
                    *spread("c"),
                    f"{med['c_cpu']:.2f}",
                    f"{med['c_rss']:.0f}",
                ],
            ],
        )
    )
    print()
    ok_a = med["ratio_gen"] <= 0.05 and med["ratio_gen_cpu"] <= 0.05
    ok_a_cold = med["ratio_gen_cold"] <= 0.05 and med["ratio_gen_cold_cpu"] <= 0.05
    ok_b = med["ratio_bc"] <= 1.3
    print(
        c.table(
            [
                "ratio",
                "median of per-run ratios (wall)",
                "per run (wall)",
                "median (CPU time)",
                "target",
                "result",
            ],
            [
                ratio_row(runs, med, "(a) / (b)", "ratio_gen", "{:.1%}", "≤ 5 %", ok_a),
                ratio_row(
                    runs, med, "(a′) / (b): download files built", "ratio_gen_cold", "{:.1%}", "≤ 5 %",
                    ok_a_cold,
                ),
                ratio_row(runs, med, "(b) / (c)", "ratio_bc", "{:.2f}×", "≤ 1.3×", ok_b, run_fmt="{:.2f}"),
            ],
        )
    )
    print(f"\n(work dir: {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
