"""Import time of a 公文 (``python -m generator import``) for the Huiji document and for synthetic
10× and 100× documents (the three 实施方案 repeated under new titles: 790 and 7,900 tasks).

Two figures per size, each the best of ``--repeat`` runs in this process:

* **parse** — read the text, parse it, build every YAML text and the report (no disk);
* **import** — the whole command: parse, write into a staging folder, check the draft with the
  loader (``check``), move it into place.

Linear means ms per task stays flat from 1× to 100× (same-run ratios, printed at the end).

    .venv/bin/python benchmarks/bench_import.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.importer import build_files, import_document, parse_source  # noqa: E402
from generator.importer.read import read_document  # noqa: E402

SOURCE = ROOT / "plan_data" / "source" / "000_26869fdaef8b9d06.txt"


def synthetic(copies: int, out: Path) -> Path:
    """The Huiji document with its three plans repeated ``copies`` times, each copy's title numbered."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.strip() == "惠济区2024年蓝天保卫战实施方案")
    tail = len(lines)
    while not lines[tail - 1].strip() or lines[tail - 1].strip() in ("打印此文 关闭窗口", "相关链接"):
        tail -= 1
    head, body, chrome = lines[:first], lines[first:tail], lines[tail:]
    out_lines = list(head)
    for n in range(1, copies + 1):
        for ln in body:
            if re.fullmatch(r"惠济区2024年(蓝天|碧水|净土)保卫战实施方案", ln.strip()) and n > 1:
                ln = ln.replace("保卫战实施方案", f"保卫战第{n}部实施方案")
            out_lines.append(ln)
    out.write_text("\n".join(out_lines + chrome), encoding="utf-8")
    return out


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="1,10,100")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    rows = []
    try:
        for size in [int(x) for x in args.sizes.split(",")]:
            doc = SOURCE if size == 1 else synthetic(size, work / f"doc{size}.txt")

            def parse(doc: Path = doc) -> int:
                src = read_document(doc)
                return build_files(parse_source(src), src)[2]

            tasks = parse()
            t_parse = best(parse, args.repeat)

            def full(doc: Path = doc, size: int = size) -> None:
                out = work / f"out{size}"
                result = import_document(doc, out, force=True)
                assert not result.problems, result.problems[:3]

            t_full = best(full, max(1, args.repeat if size < 100 else 1))
            rows.append((size, tasks, t_parse, t_full))
            print(
                f"{size:>4}×  {tasks:>5} tasks  "
                f"parse {t_parse * 1000:8.0f} ms ({t_parse / tasks * 1e3:.3f} ms/task)"
                f"  import+check {t_full * 1000:8.0f} ms ({t_full / tasks * 1e3:.3f} ms/task)",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rows[0]
    for size, tasks, tp, tf in rows[1:]:
        print(
            f"ratio {size}× / 1× per task: parse {tp / tasks / (base[2] / base[1]):.2f}, "
            f"import+check {tf / tasks / (base[3] / base[1]):.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
