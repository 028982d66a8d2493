"""Page speed and quality: Lighthouse (mobile preset) on one page of each type.

    .venv/bin/python benchmarks/bench_lighthouse.py            # builds a snapshot of the repo first
    .venv/bin/python benchmarks/bench_lighthouse.py --site site  # an already built site
    .venv/bin/python benchmarks/bench_lighthouse.py --server precompressed --runs 3

Servers (all plain static servers on 127.0.0.1):

* ``plain`` (default) — ``python -m http.server``: no compression, no cache headers; "transferred"
  is the uncompressed size.
* ``precompressed`` — ``http-server -g`` (npm, pinned in ``benchmarks/package.json``): sends the
  ``.gz`` files the build writes beside every text file (``generator/site/precompress.py``), as nginx
  ``gzip_static on;`` does. Nothing is compressed at request time.
* ``gzip`` — ``benchmarks/_gzip_server.py``: http.server compressing each response (level 6).

``--runs N`` loads each page N times and reports the run with the median performance score (the
score moves with the host's load: Lighthouse's simulated CPU times are the host's × 4).
Lighthouse is 12.2.3 from ``$LIGHTHOUSE``, ``benchmarks/node_modules`` (``cd benchmarks && npm ci``)
or ``/tmp/lh/node_modules``; Chromium from ``$CHROME_PATH`` (default /usr/bin/chromium). Targets:
performance, accessibility, best practices and SEO 100; ≤ 500 KB transferred per page. Every audit
scoring < 1 is listed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import _common as c

PAGES = [
    ("home", ""),
    ("campaign", "campaigns/lantian/"),
    ("task", "tasks/lantian-12/"),
    ("unit", "units/sthj/"),
    ("units index", "units/"),
    ("matrix", "matrix/"),
    ("deadlines", "deadlines/"),
    ("calendar", "calendar/"),
    ("targets", "targets/"),
    ("source (原文)", "source/"),
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def lighthouse_bin() -> str:
    for cand in (
        os.environ.get("LIGHTHOUSE"),
        c.ROOT / "benchmarks/node_modules/.bin/lighthouse",
        "/tmp/lh/node_modules/.bin/lighthouse",
    ):
        if cand and Path(cand).exists():
            return str(cand)
    raise SystemExit("lighthouse not found: cd benchmarks && npm ci (package.json pins lighthouse 12.2.3)")


def http_server_bin() -> str:
    for cand in (
        c.ROOT / "benchmarks/node_modules/.bin/http-server",
        "/tmp/lh/node_modules/.bin/http-server",
    ):
        if Path(cand).exists():
            return str(cand)
    raise SystemExit("http-server not found: cd benchmarks && npm ci (package.json pins http-server 14.1.1)")


def server_command(kind: str, port: int, site: Path) -> list[str]:
    if kind == "precompressed":
        return [http_server_bin(), str(site), "-p", str(port), "-a", "127.0.0.1", "-g", "-s"]
    if kind == "gzip":
        return [sys.executable, str(Path(__file__).with_name("_gzip_server.py")), str(port), str(site)]
    return [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", type=Path, help="built site directory (default: build a snapshot)")
    ap.add_argument("--out", type=Path, help="keep the Lighthouse JSON reports here")
    ap.add_argument("--server", choices=("plain", "precompressed", "gzip"), default="plain")
    ap.add_argument("--runs", type=int, default=1, help="loads per page; the median-score run is reported")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-lh-"))
    site = args.site
    if site is None:
        snap = c.snapshot(work / "repo")
        site = work / "site"
        c.mkdocs_build(snap / "mkdocs.yml", site)
    site = site.resolve()
    out_dir = args.out or work / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    lh = lighthouse_bin()
    port = free_port()
    serve = server_command(args.server, port, site)
    server = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    rows: list[list[object]] = []
    failing: list[str] = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        for name, path in PAGES:
            t0 = time.perf_counter()
            runs: list[tuple[float, Path]] = []
            for i in range(args.runs):
                report = out_dir / f"{path.strip('/').replace('/', '_') or 'home'}-{i + 1}.json"
                cmd = [
                    lh,
                    base + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--only-categories=" + ",".join(CATEGORIES),
                ]
                r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
                if r.returncode != 0 or not report.exists():
                    print(r.stderr[-2000:], file=sys.stderr)
                    continue
                perf = json.loads(report.read_text(encoding="utf-8"))["categories"]["performance"]["score"]
                runs.append((perf or 0.0, report))
            if not runs:
                rows.append([name, "/" + path, "lighthouse failed", *[""] * 8])
                continue
            runs.sort(key=lambda run: run[0])
            all_perf = " ".join(f"{round(score * 100)}" for score, _ in runs)
            report = runs[len(runs) // 2][1]
            data = json.loads(report.read_text(encoding="utf-8"))
            cats = data["categories"]
            scores = [round((cats[k]["score"] or 0) * 100) for k in CATEGORIES]
            audits = data["audits"]
            weight = audits["total-byte-weight"]["numericValue"] / 1024
            requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
            html = site / path / "index.html"
            fails = sorted(
                aid
                for aid, a in audits.items()
                if a.get("score") is not None
                and a["score"] < 1
                and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            )
            fail_txt = (
                ", ".join(
                    f"{aid} ({audits[aid]['score']:.2f})"
                    if audits[aid]["scoreDisplayMode"] != "binary"
                    else aid
                    for aid in fails
                )
                or "—"
            )
            failing.append(f"- **{name}** `/{path}`: {fail_txt}")
            rows.append(
                [
                    name,
                    "/" + path,
                    *scores,
                    f"{weight:.0f}",
                    f"{html.stat().st_size / 1024:.0f} / {gz(html) / 1024:.0f}",
                    len(requests),
                    f"{audits['first-contentful-paint']['numericValue'] / 1000:.1f} s / "
                    f"{audits['largest-contentful-paint']['numericValue'] / 1000:.1f} s / "
                    f"{audits['speed-index']['numericValue'] / 1000:.1f} s / "
                    f"{audits['total-blocking-time']['numericValue']:.0f} ms / "
                    f"{audits['cumulative-layout-shift']['numericValue']:.2f}",
                    all_perf,
                ]
            )
            print(f"{name}: {scores} {weight:.0f} KB ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()

    index = site / "search" / "search_index.json"
    print(
        f"\nMachine: {c.machine()}\nSite: {site}\nLighthouse: {lh} (mobile preset, simulated throttling)"
        f"; server: {args.server} ({' '.join(Path(a).name for a in serve[:1] + serve[1:2])}); "
        f"{args.runs} run(s) per page, median reported\n"
    )
    print(
        c.table(
            [
                "page",
                "path",
                "perf",
                "a11y",
                "best pr.",
                "SEO",
                "transferred KB (LH)",
                "HTML KB raw / gzip",
                "requests",
                "FCP / LCP / SI / TBT / CLS",
                "perf of each run",
            ],
            rows,
        )
    )
    print("\nAudits scoring < 1 (binary/numeric; informative and n/a excluded):\n")
    print("\n".join(failing))
    if index.exists():
        print(
            f"\nSearch index {index.relative_to(site)}: {index.stat().st_size / 1024:.0f} KB raw, "
            f"{gz(index) / 1024:.0f} KB gzip (level 6), "
            f"{len(gzip.compress(index.read_bytes(), 9)) / 1024:.0f} KB gzip -9."
        )
    print("\nTargets: 100 in each category; ≤ 500 KB transferred per page.")
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
