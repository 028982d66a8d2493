"""Compare two built sites file by file: ``compare-sites.py A B``.

Exit 0 when every file is the same except the ``<meta name="generator">`` line of HTML pages (and
hence their ``.gz`` copies), which names the builder; else list what differs (in Chinese), exit 1.
Used by ``make build-properdocs`` (MkDocs's site against ProperDocs's).
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">\n')


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
        if path.name.endswith(".html.gz"):
            return GENERATOR.sub(b"\n", data)
        return data
    return GENERATOR.sub(b"\n", data) if path.suffix == ".html" else data


def main(a: Path, b: Path) -> int:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    problems = [f"只在 {a} 中:{p}" for p in sorted(files_a - files_b)]
    problems += [f"只在 {b} 中:{p}" for p in sorted(files_b - files_a)]
    problems += [f"内容不同:{p}" for p in sorted(files_a & files_b) if normalised(a / p) != normalised(b / p)]
    for line in problems[:50]:
        print(line, file=sys.stderr)
    if problems:
        print(f"两个网站有 {len(problems)} 处不同", file=sys.stderr)
        return 1
    print(f"两个网站的 {len(files_a)} 个文件相同(HTML 的 generator 标记除外)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("用法:compare-sites.py 网站A 网站B", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
