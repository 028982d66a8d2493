"""Several documents (issue 16): build cost, search payload and edit-to-preview at 1, 10, 100 documents.

    .venv/bin/python benchmarks/bench_documents.py 1 10 100 --timeout 3600
    .venv/bin/python benchmarks/bench_documents.py 1 10 --no-serve

For each count N: ``make_synthetic.py N --documents`` (the N× plan split into N documents beside one
shared registry), then

1. ``mkdocs build`` (the repo's mkdocs.yml, a fresh ``$HUIJI_PARTS`` and ``HUIJI_NO_EXPORTS_CACHE=1``:
   everything built as on a first build; as of ``--as-of``, a date inside the documents' period, so
   the unit downloads across current documents are built too): wall and CPU time, ms per HTML page,
   peak RSS;
2. the search payload to a first result: the root 搜索 page opened in Chromium with a query, every
   request counted once, raw and gzip -9 sizes (what a phone transfers), split into the search part
   (Pagefind runtime and chunks, hints, search.js) and the rest (page, theme);
3. (largest N, unless ``--no-serve``) ``mkdocs serve --dirty``: seconds from saving a task file of one
   document to its rebuilt page being served.

Targets: ms/page within 1.5× of one document, peak < 1 GB (the build's processes together), first
result ≤ 300 KB transferred, edit-to-preview ≤ 3 s.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import _common as c

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("区城管局", "蓝天12", "秸秆", "2024年10月")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a: object) -> None:
        pass


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server of ``site`` in a thread, and its address (``srv.shutdown()`` when done)."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/"


def payload(site: Path, query: str) -> tuple[int, int, int, int, int]:
    """(all raw, all gzip, search raw, search gzip, requests) to the first full-text result."""
    from playwright.sync_api import sync_playwright

    srv, base = _serve(site)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = b.new_page()
            seen: list[str] = []
            page.on("requestfinished", lambda r: seen.append(r.url))
            page.goto(base + "search/?q=" + quote(query))
            page.wait_for_selector(".search-results[data-done]", timeout=60000)
            b.close()
    finally:
        srv.shutdown()
    raw = gz = s_raw = s_gz = 0
    urls = list(dict.fromkeys(seen))
    for u in urls:
        f = site / urlsplit(u).path.lstrip("/")
        if f.is_dir():
            f = f / "index.html"
        data = f.read_bytes()
        g = len(gzip.compress(data, 9))
        raw += len(data)
        gz += g
        if "/pagefind/" in u or ("/search/" in u and not u.endswith("/")) or "search.js" in u:
            s_raw += len(data)
            s_gz += g
    return raw, gz, s_raw, s_gz, len(urls)


def recall(site: Path, plan: Path) -> list[list[object]]:
    """The Chinese query set of ``tests/test_search.py`` for the first document (``d001``, the real
    plan), asked on the root 搜索 page of the N-document site with the 文件 filter set to it (as a
    reader looking for one district's plan would): recall@1 and @5 per group. Unit names are
    expected at the unit's page across documents."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    import yaml
    from test_search import query_set

    doc = plan / "documents" / "d001"
    number = yaml.safe_load((doc / "document.yaml").read_text(encoding="utf-8"))["doc_number"]
    shutil.copy(plan / "units.yaml", doc / "units.yaml")  # query_set reads the registry beside the plan
    try:
        queries = query_set(doc)
    finally:
        (doc / "units.yaml").unlink()
    queries = [(g, q, {x if x.startswith("/units/") else "/d/d001" + x for x in exp})
               for g, q, exp in queries
               if not re.search(r"-d\d{3}/$", next(iter(exp)))]  # units of the other documents: not its set

    srv, base = _serve(site)
    ranks: list[tuple[str, int | None]] = []
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = b.new_page()
            for group, q, expected in queries:
                page.goto(base + "search/?q=" + quote(q) + "&doc=" + quote(number))
                page.wait_for_selector(".search-results[data-done]", timeout=60000)
                hrefs = page.eval_on_selector_all(".direct-hits a, .search-hits a",
                                                  "els => els.map(e => e.href)")
                paths = list(dict.fromkeys(urlsplit(h).path for h in hrefs))
                ranks.append((group, next((i for i, x in enumerate(paths, 1) if x in expected), None)))
            b.close()
    finally:
        srv.shutdown()
    rows: list[list[object]] = []
    for g in [*sorted({g for g, _ in ranks}), "全部"]:
        rs = [r for gg, r in ranks if g in ("全部", gg)]
        rows.append([g, len(rs), f"{sum(r == 1 for r in rs) / len(rs):.1%}",
                     f"{sum(r is not None and r <= 5 for r in rs) / len(rs):.1%}"])
    return rows


def serve_edit(repo: Path, plan: Path, edits: int, timeout: float) -> tuple[float, list[float]]:
    """mkdocs serve --dirty on the N-document site; one document's task edited, time to its page
    (:func:`bench_preview.measure`)."""
    from bench_preview import measure

    docs = sorted((plan / "documents").iterdir())
    doc = docs[len(docs) // 2]
    env = {"HUIJI_PLAN_DATA": str(plan), "HUIJI_PARTS": str(plan.parent / "serve-parts"),
           "HUIJI_SITE_URL": "http://127.0.0.1:{port}/"}  # served at the root, as `make serve`
    startup, times, _ = measure(repo, ["--dirty"], edits, timeout,
                                task=doc / "campaigns" / "lantian" / "tasks" / "12.yaml",
                                page=f"d/{doc.name}/tasks/lantian-12/", env=env)
    return startup, times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("counts", type=int, nargs="*", default=[1, 10])
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--as-of", default="2025-06-01", help="a date inside the documents' period")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--recall", nargs=2, type=Path, metavar=("SITE", "PLAN"),
                    help="only: the query set's recall on a built N-document site (SITE) of PLAN")
    args = ap.parse_args(argv)
    if args.recall:
        print(c.table(["group", "queries", "recall@1", "recall@5"], recall(*args.recall)))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-documents-"))
    work.mkdir(parents=True, exist_ok=True)
    repo = c.snapshot(work / "repo")
    print(f"repo: {repo}  work: {work}", file=sys.stderr)
    rows: list[list[object]] = []
    search_rows: list[list[object]] = []
    base_cpu: float | None = None
    for n in args.counts:
        plan = work / f"docs{n}" / "plan_data"
        c.run_child([c.PY, str(ROOT / "benchmarks" / "make_synthetic.py"), str(n), str(plan), "--documents"])
        site = work / f"site{n}"
        env = c.child_env(HUIJI_PLAN_DATA=str(plan), HUIJI_NO_EXPORTS_CACHE="1", HUIJI_AS_OF=args.as_of,
                          HUIJI_PARTS=str(work / f"parts{n}"))
        cmd = [c.PY, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
        b = c.run_child(cmd, cwd=repo, env=env, timeout=args.timeout)
        if b.returncode != 0:
            rows.append([n, "failed", b.returncode, b.output[-300:], "", "", "", "", ""])
            continue
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
        pages = sitemap.count("<loc>")
        cpu_ms = b.cpu_seconds * 1000 / pages
        base_cpu = base_cpu or cpu_ms
        rows.append([
            n, pages, f"{b.seconds:.1f}", f"{b.seconds * 1000 / pages:.1f}", f"{cpu_ms:.1f}",
            f"{cpu_ms / base_cpu:.2f}×", f"{b.max_rss_mb:.0f}", f"{b.tree_rss_mb:.0f}",
            f"{sum(f.stat().st_size for f in (site / 'pagefind').rglob('*') if f.is_file()) / 1e6:.1f}",
        ])
        print(f"{n} documents: {rows[-1]}", file=sys.stderr)
        for q in QUERIES:
            raw, gz, s_raw, s_gz, nreq = payload(site, q)
            search_rows.append([n, q, f"{raw / 1024:.0f} / {gz / 1024:.0f}",
                                f"{s_raw / 1024:.0f} / {s_gz / 1024:.0f}", nreq,
                                "PASS" if gz <= 300 * 1024 else "FAIL"])
            print(f"  {q}: {search_rows[-1]}", file=sys.stderr)
    print(f"\nMachine: {c.machine()}\n")
    print(c.table(["documents", "HTML pages (sitemap)", "build s (wall)", "ms/page (wall)", "CPU ms/page",
                   "CPU ms/page vs 1", "peak RSS MB (largest process)", "peak MB (all processes at once)",
                   "Pagefind MB"], rows))
    print()
    print(c.table(["documents", "query", "everything KB raw / gzip", "of which search KB raw / gzip",
                   "requests", "≤ 300 KB gzip"], search_rows))
    if not args.no_serve and args.counts:
        n = max(args.counts)
        startup, times = serve_edit(repo, work / f"docs{n}" / "plan_data", args.edits, args.timeout)
        med = c.median(times)
        print()
        print(c.table(["documents", "serve start s", "median save→page s", "each edit s", "≤ 3 s"],
                      [[n, f"{startup:.0f}", f"**{med:.2f}**", " ".join(f"{t:.2f}" for t in times),
                        "PASS" if med <= 3 else "FAIL"]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
