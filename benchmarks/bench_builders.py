"""Three builders, one site: the pages written by ``python -m generator pages`` rendered by MkDocs 1.6
(no hooks), ProperDocs and Zensical, compared page type by page type with the primary build
(``mkdocs build`` with the adapter's hooks).

    make bench-builders          # = .venv/bin/python benchmarks/bench_builders.py

Zensical is not a dependency of the site: it is installed into ``build/zensical-venv`` from
``benchmarks/requirements-zensical.txt`` (the first run creates it). Zensical reads the pages in both
layouts of ``generator pages`` (``--layout files``: at their source paths, as MkDocs does;
``--layout dirs``: each at ``<its URL>/index.md``, because Zensical rewrites every relative link as
relative to the source file). For every builder and page
type (the first path segment of the URL: task pages, unit pages, campaigns …) the table says:

* **article** — the ``<article>`` HTML equals the primary build's: exactly, or after dropping blank
  lines and the theme's skip anchor (``<a id="__skip">``, which Zensical moves into the article);
* **links** — every ``href``/``src`` of the built pages that stays on the site leads to a file that
  exists in that builder's output (404.html is left out: its links start at the site's path, which
  a local server at ``/`` does not have);
* **screenshot** — one page of the type in Chromium at 390 and 1280 px (first screen, JavaScript on),
  the share of pixels that differ from the primary build's screenshot;
* **search** — the 搜索 page of each site (its Pagefind index written by ``generator finish``) asked
  区城管局 and 秸秆: the first result's URL.

Timings are wall clock of one build each (same run, same machine); nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import _common as c

ZVENV = c.ROOT / "build" / "zensical-venv"
REQUIREMENTS = c.ROOT / "benchmarks" / "requirements-zensical.txt"
AS_OF = "2026-12-01"
QUERIES = ("区城管局", "秸秆")
_ATTR = re.compile(r'\b(?:href|src)="([^"]*)"')


def zensical() -> Path:
    exe = ZVENV / "bin" / "zensical"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ZVENV)], check=True)
        subprocess.run([str(ZVENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    return exe


def family(rel: str) -> str:
    parts = rel.split("/")
    return "home" if len(parts) == 1 else parts[0] + ("/*" if len(parts) > 2 else "")


def article(text: str, normalise: bool) -> str:
    m = re.search(r"<article[^>]*>(.*?)</article>", text, re.S)
    body = m.group(1) if m else ""
    if normalise:
        body = body.replace('<a id="__skip" tabindex="-1"></a>', "")
        body = "\n".join(line for line in body.splitlines() if line.strip())
    return body


def broken_links(site: Path, page: Path) -> list[str]:
    out = []
    for ref in _ATTR.findall(page.read_text(encoding="utf-8")):
        ref = html.unescape(ref).split("#", 1)[0].split("?", 1)[0]
        if not ref or re.match(r"^[a-z][a-z0-9+.-]*:", ref) or ref.startswith("//"):
            continue
        target = (site / ref.lstrip("/")) if ref.startswith("/") else (page.parent / ref)
        target = target.resolve()
        if not (target.is_file() or (target / "index.html").is_file()):
            out.append(ref)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(c.ROOT / "build" / "bench-builders"))
    args = ap.parse_args()
    work = Path(args.out)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = c.child_env(HUIJI_AS_OF=AS_OF, HUIJI_SITE_URL="https://example.invalid/huiji/")
    env.pop("HUIJI_PROGRESS", None)
    bin_ = Path(sys.executable).parent
    timings: dict[str, float] = {}

    run = c.run_child([str(bin_ / "mkdocs"), "build", "--strict", "-q", "-d", str(work / "primary")],
                      cwd=c.ROOT, env=env)
    assert run.returncode == 0, run.output
    timings["mkdocs + hooks (primary)"] = run.seconds
    for layout in ("files", "dirs"):
        run = c.run_child([sys.executable, "-m", "generator", "pages", "--out", str(work / f"pages-{layout}"),
                           "--as-of", AS_OF, "--layout", layout], cwd=c.ROOT, env=env)
        assert run.returncode == 0, run.output
        timings[f"generator pages --layout {layout}"] = run.seconds
    epoch = (work / "pages-files" / "SOURCE_DATE_EPOCH").read_text().strip()
    builders = {  # name → (command, layout of the written pages)
        "mkdocs": ([str(bin_ / "mkdocs"), "build", "--strict", "-q"], "files"),
        "properdocs": ([str(bin_ / "properdocs"), "build", "--strict", "-q"], "files"),
        "zensical (dirs)": ([str(zensical()), "build"], "dirs"),
        "zensical (files)": ([str(zensical()), "build"], "files"),
    }
    sites: dict[str, Path] = {"primary": work / "primary"}
    for name, (cmd, layout) in builders.items():
        folder = work / re.sub(r"\W+", "-", name).strip("-")
        shutil.copytree(work / f"pages-{layout}", folder)
        run = c.run_child([*cmd, "-f", str(folder / "mkdocs.yml")], cwd=folder,
                          env=env | {"SOURCE_DATE_EPOCH": epoch})
        timings[name] = run.seconds
        if run.returncode != 0:
            print(f"{name}: build failed\n{run.output[-2000:]}")
            continue
        fin = c.run_child([sys.executable, "-m", "generator", "finish", str(folder / "site"), "--pages",
                           str(folder)], cwd=c.ROOT, env=env)
        assert fin.returncode == 0, fin.output
        sites[name] = folder / "site"

    primary = sites["primary"]
    pages = sorted(p.relative_to(primary).as_posix() for p in primary.rglob("*.html"))
    by_family: dict[str, list[str]] = defaultdict(list)
    for rel in pages:
        by_family[family(rel)].append(rel)

    print(f"## Builds ({len(pages)} HTML pages; as of {AS_OF})\n")
    print("| build | seconds |\n|---|---:|")
    for name, secs in timings.items():
        print(f"| {name} | {secs:.2f} |")

    shots = screenshots(sites, {f: rels[0] for f, rels in by_family.items()})
    print("\n## Page types\n")
    print("| page type | pages | builder | article same (exact / normalised) | broken links | "
          "screenshot 390 px / 1280 px, pixels differing |")
    print("|---|---:|---|---|---:|---|")
    for fam, rels in sorted(by_family.items()):
        for name, site in sites.items():
            if name == "primary":
                continue
            exact = norm = broken = 0
            for rel in rels:
                ours = (site / rel)
                if not ours.is_file():
                    continue
                a, b = ours.read_text(encoding="utf-8"), (primary / rel).read_text(encoding="utf-8")
                exact += article(a, False) == article(b, False)
                norm += article(a, True) == article(b, True)
                broken += 0 if rel == "404.html" else len(broken_links(site, ours))
            shot = " / ".join(shots.get((name, fam, w), "–") for w in (390, 1280))
            print(f"| {fam} | {len(rels)} | {name} | {exact} / {norm} | {broken} | {shot} |")
    print("\n## Search (first result of the 搜索 page)\n")
    print("| builder | " + " | ".join(QUERIES) + " |\n|---|" + "---|" * len(QUERIES))
    for name, site in sites.items():
        print(f"| {name} | " + " | ".join(search_first(site, q) for q in QUERIES) + " |")
    return 0


def _serve(site: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "http.server", str(port), "-b", "127.0.0.1", "-d", str(site)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    return proc, f"http://127.0.0.1:{port}/"


def screenshots(sites: dict[str, Path], sample: dict[str, str]) -> dict[tuple[str, str, int], str]:
    from playwright.sync_api import sync_playwright

    out: dict[tuple[str, str, int], str] = {}
    servers = {name: _serve(site) for name, site in sites.items()}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for fam, rel in sample.items():
                    url = rel.removesuffix("index.html")
                    images = {}
                    for name, (_, base) in servers.items():
                        page.goto(base + url, wait_until="load")
                        page.wait_for_timeout(150)
                        images[name] = base64.b64encode(page.screenshot()).decode()
                    for name, data in images.items():
                        if name != "primary":
                            out[(name, fam, width)] = _pixel_diff(page, images["primary"], data)
                page.close()
            browser.close()
    finally:
        for proc, _ in servers.values():
            proc.kill()
    return out


def _pixel_diff(page: object, a: str, b: str) -> str:
    """Share of pixels that differ between two PNG screenshots (compared in the browser's canvas)."""
    share = page.evaluate(  # type: ignore[attr-defined]
        """async ([a, b]) => {
          const load = s => new Promise(r => { const i = new Image(); i.onload = () => r(i);
                                                 i.src = 'data:image/png;base64,' + s; });
          const [x, y] = [await load(a), await load(b)];
          if (x.width !== y.width || x.height !== y.height) return -1;
          const data = img => { const c = document.createElement('canvas'); c.width = img.width;
            c.height = img.height; const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            return g.getImageData(0, 0, img.width, img.height).data; };
          const [p, q] = [data(x), data(y)]; let n = 0;
          for (let i = 0; i < p.length; i += 4)
            if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) n++;
          return n / (p.length / 4);
        }""",
        [a, b],
    )
    return "size differs" if share < 0 else f"{share * 100:.2f} %"


def search_first(site: Path, query: str) -> str:
    from playwright.sync_api import sync_playwright

    proc, base = _serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            page.goto(base + "search/?q=" + query, wait_until="load")
            try:
                page.wait_for_selector(".search-results a, .search-direct a", timeout=10_000)
                href = page.locator(".search-results a, .search-direct a").first.get_attribute("href") or ""
                href = re.sub(r"^https?://[^/]+", "", href)
            except Exception as exc:  # a benchmark reports what it saw
                href = f"no result ({type(exc).__name__})"
            browser.close()
    finally:
        proc.kill()
    return href


if __name__ == "__main__":
    sys.exit(main())
