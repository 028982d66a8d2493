"""Site search: a Pagefind index of the built pages, and the direct hits a query can name exactly.

Two parts, both offline (no request leaves the site):

* :func:`search_hints` — from the model: every unit's name and aliases, every task code (蓝天12)
  and every due day, as a small JSON file (``search/hints.json``). The search page shows a
  **直达** (direct hit) above the results when the query *is* a unit's name or alias, a task code,
  or a date written the way people write it (2024年10月, 10月底前, 2024年10月31日, 2024-10-31): the
  unit's page first, or the tasks due then; and the tasks whose title contains the query's words
  as written (Chinese word segmentation of a short query can differ from that of the same words
  inside a sentence). Full-text ranking cannot promise that; this can.
* :func:`write_index` — Pagefind (the ``pagefind`` package with its extended binary, which segments
  Chinese at index and query time) over the article of each searchable page, written to
  ``pagefind/`` in the built site: a chunked index that the search page loads piece by piece.
  Aggregate pages (matrix, calendar, 原文 …, :data:`generator.site.views.common.NOT_SEARCHED`) are left out,
  as are parts that repeat other pages (a unit page's deadline table, the home page's months).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.model import urls
from generator.model.duties import owner_label, owner_page, plan_entries
from generator.model.model import Plan

HINTS = "search/hints.json"
"""Site path of the direct-hit data."""
INDEX_DIR = "pagefind"
"""Folder of the Pagefind index in the built site."""

UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
"""Files Pagefind writes that the site does not use."""

EXCLUDED = (  # a unit's duty list and a campaign's task list repeat the task pages' titles
    ".headerlink",
    ".page-updated",
    ".file-buttons",
    "nav.task-pager",
    ".print-header",
    ".a11y-bar",  # the reading aids' buttons (大字 …) begin every page's article
    ".matrix-wrap",
    ".unit-deadlines",
    ".due-by-month",
    ".duty-list",
    ".task-list",
    ".status-box",  # progress: it changes every day and is said on the 督办 page
    ".task-progress",
    ".todo",
    ".unit-reports",
    ".progress-summary",
    "[data-pagefind-ignore]",
    "[aria-hidden=true]",
)
"""Parts of a page that are not indexed: chrome, and lists that repeat other pages."""


_url = urls.page_url


def search_hints(plan: Plan, prefix: str = "") -> bytes:
    """The direct-hit data: ``names`` (name or alias → unit page), ``codes`` (蓝天12 → task page),
    ``due`` (YYYY-MM-DD → [[label, page]]) and ``titles`` ([[code and title, page]], for a query
    found inside a task's title), pages as site-root-relative URLs (``prefix``: a document's folder
    in a site of several documents, ``d/<doc-id>/``). Deterministic."""

    def _url(page: str) -> str:
        return prefix + urls.page_url(page)

    names: dict[str, list[str]] = {}
    for u in plan.units:
        for n in (u.name, *u.aliases):
            names.setdefault(n, [u.name, _url(urls.unit_page(u.id))])
    codes = {t.code: [f"{t.code} {t.title}", _url(urls.task_page(t.id))] for t in plan.tasks}
    due: dict[str, list[list[str]]] = {}
    for e in plan_entries(plan):
        page, anchor = owner_page(e.owner)
        href = _url(page) + (f"#{anchor}" if anchor else "")
        item = [f"{owner_label(e.owner)}:{e.deadline.what}", href]
        for when in e.due_days(plan):  # a recurrence: each of its due days
            day = due.setdefault(when.isoformat(), [])
            if item not in day:
                day.append(item)
    titles = [[f"{t.code} {t.title}", _url(urls.task_page(t.id))] for t in plan.tasks]
    data = {"names": names, "codes": codes, "due": dict(sorted(due.items())), "titles": titles}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


SHARDS = 256
"""A site of several documents: the task codes and the title words are split over this many files
each (:func:`shard_of`), so that a query loads one small file, not every document's hints."""
SHARD_DIR = "search/shards"


def shard_of(key: str, n: int = SHARDS) -> int:
    """The shard of ``key``: a 31-multiplier string hash over code points, mod ``n`` — the same
    arithmetic ``search.js`` does (``Math.imul`` and ``>>> 0``).

    >>> shard_of("蓝天12"), shard_of("秸秆"), shard_of("")
    (13, 206, 0)
    """
    h = 0
    for ch in key:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h % n


def norm(text: str) -> str:
    """A text as ``search.js`` compares it (its ``norm``): NFKC, no whitespace.

    >>> norm("（专项） 任务")
    '(专项)任务'
    """
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def _bigrams(text: str) -> set[str]:
    """The pairs of adjacent characters (code points) of ``text`` as :func:`norm` writes it: a
    query of two characters or more is looked up by its first pair, then matched in full.

    >>> sorted(_bigrams("𠮷祥 任务"))
    ['任务', '祥任', '𠮷祥']
    """
    t = norm(text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _dumps(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


@dataclass(frozen=True)
class _Labelled:
    """One document's direct hits as :func:`merge_hints` files them: each item labelled with the
    document's number, with its shard."""

    codes: list[tuple[int, str, list[str]]]
    due: list[tuple[str, list[list[str]]]]
    titles: list[tuple[list[int], list[str]]]
    """(the shards of the title's character pairs, the item)."""


def _labelled(number: str, h: Any) -> _Labelled:
    def item(label: str, href: str) -> list[str]:
        return [f"{label}({number})", href]

    return _Labelled(
        codes=[(shard_of(code), code, item(label, href)) for code, (label, href) in h["codes"].items()],
        due=[(day, [item(label, href) for label, href in items]) for day, items in h["due"].items()],
        titles=[(sorted({shard_of(b) for b in _bigrams(label)}), item(label, href))
                for label, href in h["titles"]],
    )


def merge_hints(parts: list[tuple[str, bytes]], unit_pages: dict[str, list[str]],
                memo: dict[str, tuple[bytes, Any]] | None = None) -> dict[str, bytes]:
    """The root's direct-hit data over every document (``parts``: each document's number and its
    :func:`search_hints`, in the home page's order), as files: ``search/hints.json`` lists the
    shards — unit names (``unit_pages``: name or alias → [the unit's name, its page across
    documents]), task codes, due months and title words, each a small file the search page loads
    only when a query needs it (:data:`SHARD_DIR`). Each item's label names its document.
    ``memo`` (a long-running preview): each document's data as read last time, read again only
    when its bytes changed."""
    codes: dict[int, dict[str, list[list[str]]]] = {}
    due: dict[str, dict[str, list[list[str]]]] = {}
    titles: dict[int, list[list[str]]] = {}
    for number, raw in parts:
        last = memo.get(number) if memo is not None else None
        mine = last[1] if last is not None and last[0] == raw else _labelled(number, json.loads(raw))
        if memo is not None:
            memo[number] = (raw, mine)
        for k, code, item in mine.codes:
            codes.setdefault(k, {}).setdefault(code, []).append(item)
        for day, items in mine.due:
            due.setdefault(day[:7], {}).setdefault(day, []).extend(items)
        for keys, item in mine.titles:
            for k in keys:
                titles.setdefault(k, []).append(item)
    files = {
        f"{SHARD_DIR}/codes-{k}.json": _dumps(v) for k, v in sorted(codes.items())
    } | {
        f"{SHARD_DIR}/due-{m}.json": _dumps(v) for m, v in sorted(due.items())
    } | {
        f"{SHARD_DIR}/titles-{k}.json": _dumps(v) for k, v in sorted(titles.items())
    }
    names: dict[int, dict[str, list[str]]] = {}
    for name, target in sorted(unit_pages.items()):
        names.setdefault(shard_of(name), {})[name] = target
    files |= {f"{SHARD_DIR}/names-{k}.json": _dumps(v) for k, v in sorted(names.items())}
    index = {"names": {}, "shards": {"dir": SHARD_DIR, "n": SHARDS, "months": sorted(due),
                                     "codes": sorted(codes), "titles": sorted(titles),
                                     "names": sorted(names)}}
    return {HINTS: _dumps(index), **dict(sorted(files.items()))}


@dataclass(frozen=True)
class IndexedPage:
    url: str
    """Site-root-relative URL with a leading slash, e.g. ``/units/cgj/``."""
    html: Path


def searchable(site_dir: Path, pages: Iterable[str]) -> list[IndexedPage]:
    """The built HTML files of the source pages ``pages`` (those that exist), in order."""
    out = []
    for page in pages:
        url = _url(page)
        html = site_dir / url / "index.html"
        if html.is_file():
            out.append(IndexedPage("/" + url, html))
    return out


def _article(html: str) -> str:
    """Only the page's ``<article>`` (the theme's navigation is most of a page's bytes, and
    handing it to the indexer costs time): the same text Pagefind would index with
    ``root_selector="article"``."""
    start = html.find("<article")
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return '<html lang="zh-cn"><body>' + html[start : end + len("</article>")] + "</body></html>"


T = TypeVar("T")


def _run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end, also from a thread whose event loop is already running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


WRITE_ATTEMPTS = 3
"""How often the index is written before the build gives up (see :func:`index_complete`)."""


class IndexIncomplete(RuntimeError):
    """Pagefind did not write a whole index, or cannot be run as set (the message is Chinese)."""


MAX_INDEX_PAGES = 3000
"""One Pagefind index holds at most this many pages. Pagefind's indexer needs ~115 KB of memory per
page until it writes (BENCHMARKS §9: 556 MB for an index of 4,850 pages, 1.5 GB for the 12,300
pages of 100 documents), so a bigger site gets several indexes of consecutive pages, which the 搜索
page merges in the browser (Pagefind's ``mergeIndex``: one runtime; each index costs a query one more
chunk per word, ≈ 4 KB, so not smaller than needed). At 3,000 pages the indexer and the MkDocs
process that runs it stay under 1 GB together at 100 documents (819 MB)."""

GROUPS_FILE = "indexes.json"
"""In the index folder: the folders of the further indexes to merge (``{"merge": ["g2/", …]}``)."""


def index_pages_limit(text: str | None) -> int:
    """``$HUIJI_INDEX_PAGES`` (pages per index: fewer on a machine with little memory, and in tests):
    a whole number from 1 to :data:`MAX_INDEX_PAGES`; unset, :data:`MAX_INDEX_PAGES`.

    >>> index_pages_limit(None), index_pages_limit(" 20 ")
    (3000, 20)
    >>> index_pages_limit("0")
    Traceback (most recent call last):
    ...
    generator.exports.search.IndexIncomplete: $HUIJI_INDEX_PAGES 应为 1 到 3000 之间的整数(现为“0”)
    """
    if text is None or not text.strip():
        return MAX_INDEX_PAGES
    t = text.strip()
    if not (t.isascii() and t.isdigit()) or not 1 <= int(t) <= MAX_INDEX_PAGES:
        raise IndexIncomplete(f"$HUIJI_INDEX_PAGES 应为 1 到 {MAX_INDEX_PAGES} 之间的整数(现为“{t[:20]}”)")
    return int(t)


def index_groups(pages: Sequence[T], limit: int = MAX_INDEX_PAGES) -> list[list[T]]:
    """``pages`` in consecutive groups of at most ``limit``, as even as possible.

    >>> [len(g) for g in index_groups(list(range(6001)))], [len(g) for g in index_groups(list(range(7)), 3)]
    ([2001, 2000, 2000], [3, 2, 2])
    >>> index_groups([])
    [[]]
    """
    count = max(1, -(-len(pages) // limit))
    out, start = [], 0
    for i in range(count):
        size = len(pages) // count + (i < len(pages) % count)
        out.append(list(pages[start : start + size]))
        start += size
    return out


def group_folder(i: int) -> str:
    """The folder of the ``i``-th index inside :data:`INDEX_DIR` (the first is the folder itself).

    >>> group_folder(0), group_folder(1)
    ('', 'g2/')
    """
    return "" if i == 0 else f"g{i + 1}/"


WORDS_FILE = "words.txt"
"""In the index folder: the Chinese words the indexer segmented the pages into, one a line. The
browser splits a query with its own dictionary (``Intl.Segmenter``), which cuts words the indexer
keeps whole (排查 → 排 查, 秸秆 → 秸 秆): ``search.js`` cuts a query's Chinese by these words
instead, so that it asks for what the index holds."""

MAX_WORD = 12
"""Longer Chinese tokens of the index are left out of :data:`WORDS_FILE` (a query is split by at
most this many characters at a time)."""

_WORD = re.compile(rf"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{{2,{MAX_WORD}}}")
"""A word of :data:`WORDS_FILE`: Chinese characters only (``search.js`` cuts the runs of them)."""

_ENTRY = re.compile(rb"[\x82\x83](?:([\x66-\x77])|\x78([\x06-\xff]))")
"""Where a word's entry may start in a chunk: a CBOR array of 2 or 3, then a text of 6 bytes or
more (two Chinese characters)."""

_SIGNATURE = b"pagefind_dcd"
_AFTER = {0x98: 2, 0x99: 3, 0x9A: 5}


def index_words(folder: Path) -> list[str]:
    """The Chinese words (two to :data:`MAX_WORD` characters) of the Pagefind index in ``folder``.

    Its ``index/*.pf_index`` chunks are gzip, a signature, then CBOR: a list of ``[word, pages, …]``
    entries, each page ``[number, locations, …]``. Decoding every location in Python takes seconds
    at 100 documents; the entries are found instead where a text follows an array header and is
    itself followed by the list of pages (an array whose first item is an array) — at 1, 1 and 100
    documents the same words as a full decode."""
    out: set[str] = set()
    for chunk in sorted((folder / "index").glob("*.pf_index")):
        try:
            data = gzip.decompress(chunk.read_bytes())
        except (OSError, EOFError, zlib.error) as exc:
            raise IndexIncomplete(
                f"搜索索引的词表读不出({chunk.name} 不是完整的压缩文件:{exc}),请重新构建") from None
        if not data.startswith(_SIGNATURE):
            raise IndexIncomplete(f"搜索索引的词表读不出({chunk.name} 的文件头不符),请重新构建")
        for m in _ENTRY.finditer(data, len(_SIGNATURE)):
            size = m.group(1)[0] - 0x60 if m.group(1) else m.group(2)[0]
            end = m.end() + size
            if end >= len(data):
                continue
            header = data[end]
            step = 1 if 0x81 <= header <= 0x97 else _AFTER.get(header)
            if step is None or end + step >= len(data) or data[end + step] not in (0x82, 0x83):
                continue
            try:
                word = data[m.end() : end].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if _WORD.fullmatch(word):
                out.add(word)
    return sorted(out)


def write_index(site_dir: Path, pages: list[IndexedPage]) -> int:
    """Index ``pages`` with Pagefind into ``site_dir/pagefind`` (more than :data:`MAX_INDEX_PAGES`:
    several indexes, see :func:`index_groups`, listed in :data:`GROUPS_FILE`); returns the number
    of pages.

    Each index is written into a sibling folder, checked (:func:`index_complete`) and only then put
    in place: Pagefind's service writes its files itself and, on a busy machine, has been seen to
    leave ``pagefind-entry.json`` empty when it is shut down (the search page then finds nothing).
    An incomplete index is written again, up to :data:`WRITE_ATTEMPTS` times, then the build fails."""
    target = site_dir / INDEX_DIR
    groups = index_groups(pages, index_pages_limit(os.environ.get("HUIJI_INDEX_PAGES")))
    with tempfile.TemporaryDirectory(prefix="search-") as tmp:
        built: list[Path] = []
        indexed = 0
        for i, group in enumerate(groups):
            output = Path(tmp) / f"index-{i}"
            indexed += _write_one(Path(tmp) / f"pages-{i}", output, group)
            if i > 0:  # the first index's runtime (scripts, wasm) searches every index
                for f in [*RUNTIME_ENDS, *(x.name for x in output.glob("wasm.*"))]:
                    (output / f).unlink(missing_ok=True)
            built.append(output)
        merge = [group_folder(i) for i in range(1, len(built))]
        (built[0] / GROUPS_FILE).write_text(json.dumps({"merge": merge}) + "\n", encoding="utf-8")
        words = sorted({w for folder in built for w in index_words(folder)})
        (built[0] / WORDS_FILE).write_text("".join(w + "\n" for w in words), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(built[0], target)
        for i, folder in enumerate(built[1:], start=1):
            shutil.copytree(folder, target / group_folder(i))
    return indexed


def _write_one(staged: Path, output: Path, pages: list[IndexedPage]) -> int:
    """One Pagefind index of ``pages`` in ``output``, checked; its page count."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> int:
        config = IndexConfig(
            root_selector="article",
            exclude_selectors=list(EXCLUDED),
            force_language="zh-cn",
            output_path=str(output),
        )
        async with PagefindIndex(config=config) as index:
            added = await index.add_directory(str(staged))
        return int(added["page_count"])  # a page whose article is empty is not indexed

    # One call for the folder: the indexer answers each call after ~0.1 s, so one call per page
    # would take 11 s for this site. The staged copies hold each page's article only.
    for p in pages:
        out = staged / p.url.lstrip("/") / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_article(p.html.read_text(encoding="utf-8")), encoding="utf-8")
    staged.mkdir(parents=True, exist_ok=True)
    problem = ""
    indexed = 0
    for _ in range(WRITE_ATTEMPTS):
        shutil.rmtree(output, ignore_errors=True)
        indexed = _run_async(run)
        problem = index_complete(output, indexed) or stable_filters(output)
        if not problem:
            break
    else:
        raise IndexIncomplete(f"搜索索引写了 {WRITE_ATTEMPTS} 次都不完整({problem}),网站未生成。请重试。")
    for name in UNUSED:  # Pagefind's own UIs: the 搜索 page has its own (search.js)
        (output / name).unlink(missing_ok=True)
    return indexed


# --- Pagefind's filter files in a stable order ---------------------------------------------------
# Pagefind (1.5) writes each filter's values in hash-map order, which changes from run to run, and
# names the files by their content: the same site would not be the same bytes twice. Its files are
# gzip of b"pagefind_dcd" + CBOR; the filter files and the meta file that names them are rewritten
# here with the values sorted (the search runtime reads them by the names the meta gives).

_DCD = b"pagefind_dcd"


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("CBOR: integer too large")


def cbor_encode(x: object) -> bytes:
    """Definite-length, shortest-form CBOR of ints, text, bytes, lists, dicts, bools and None.

    >>> cbor_encode(["方案", [[1, 500]], True]).hex()
    '8366e696b9e6a1888182011901f4f5'
    """
    if x is True or x is False or x is None:
        return {True: b"\xf5", False: b"\xf4", None: b"\xf6"}[x]
    if isinstance(x, int):
        return _cbor_head(0, x) if x >= 0 else _cbor_head(1, -1 - x)
    if isinstance(x, bytes):
        return _cbor_head(2, len(x)) + x
    if isinstance(x, str):
        data = x.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(x, list):
        return _cbor_head(4, len(x)) + b"".join(cbor_encode(y) for y in x)
    if isinstance(x, dict):
        return _cbor_head(5, len(x)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in x.items())
    raise TypeError(f"CBOR: cannot encode {type(x).__name__}")


def cbor_decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """One CBOR item of ``data`` at ``i`` (the subset :func:`cbor_encode` writes) and where it ends.

    >>> cbor_decode(cbor_encode(["方案", [[1, 500]], None, {"a": -3}]))[0]
    ['方案', [[1, 500]], None, {'a': -3}]
    """
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        n, i = int.from_bytes(data[i : i + size], "big"), i + size
    else:
        raise ValueError(f"CBOR: unsupported item {first:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        chunk = bytes(data[i : i + n])
        return (chunk if major == 2 else chunk.decode("utf-8")), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = cbor_decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, i = cbor_decode(data, i)
            mapping[key], i = cbor_decode(data, i)
        return mapping, i
    if major == 7 and n in (20, 21, 22):
        return {20: False, 21: True, 22: None}[n], i
    raise ValueError(f"CBOR: unsupported item {first:#x}")


def _read_dcd(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_DCD):
        raise ValueError(f"{path.name}: not a Pagefind file")
    obj, end = cbor_decode(raw, len(_DCD))
    if end != len(raw):
        raise ValueError(f"{path.name}: trailing bytes")
    return obj


def _write_dcd(folder: Path, stem: str, suffix: str, obj: Any, digits: int) -> str:
    """Write ``obj`` as ``<stem>_<hash>.<suffix>`` in ``folder``, named by its content; the name."""
    import hashlib

    raw = _DCD + cbor_encode(obj)
    name = f"{stem}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{name}.{suffix}").write_bytes(gzip.compress(raw, 9, mtime=0))
    return name


def stable_filters(folder: Path) -> str:
    """Rewrite the Pagefind index in ``folder`` so that its filter files (and the meta file naming
    them) are the same bytes on every run: each filter's values sorted. "" when done (or there are
    no filters), else what is wrong (the index is then written again)."""
    try:
        entry_file = folder / "pagefind-entry.json"
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        for lang, info in entry["languages"].items():
            meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_dcd(meta_path)
            filters = meta[3]
            if not filters:
                continue
            renamed = []
            for name, digest in filters:
                path = folder / "filter" / f"{digest}.pf_filter"
                fname, values = _read_dcd(path)
                path.unlink()
                new = _write_dcd(folder / "filter", lang, "pf_filter", [fname, sorted(values)], 7)
                renamed.append([name, new])
            meta[3] = sorted(renamed)
            meta_path.unlink()
            name = _write_dcd(folder, f"pagefind.{lang}", "pf_meta", meta, 13)
            info["hash"] = name.removeprefix("pagefind.")
        entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, gzip.BadGzipFile) as exc:
        return f"搜索索引的筛选文件无法整理({type(exc).__name__})"
    return ""


RUNTIME_ENDS = {"pagefind.js": b"};", "pagefind-worker.js": b"})();"}
"""How Pagefind's two runtime scripts end (1.5: an ES module's ``export{…};``, the worker's closing
IIFE): a script cut off while being written does not."""


def index_complete(folder: Path, pages: int) -> str:
    """Why the Pagefind index in ``folder`` is not whole ("" if it is): its entry file names the
    language index of ``pages`` pages, whose meta file is there, with a fragment per page; every
    compressed file decompresses to the end, and the runtime files are not empty.

    >>> index_complete(Path("/nonexistent"), 1)
    '缺少 pagefind-entry.json'
    """
    entry = folder / "pagefind-entry.json"
    if not entry.is_file():
        return "缺少 pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        counts = [int(v["page_count"]) for v in languages.values()]
        metas = [f"pagefind.{v['hash']}.pf_meta" for v in languages.values()]
    except (ValueError, KeyError, TypeError, AttributeError):
        return "pagefind-entry.json 不完整"
    if sum(counts) != pages:
        return f"索引含 {sum(counts)} 个页面,应为 {pages} 个"
    for meta in metas:
        if not (folder / meta).is_file():
            return f"缺少 {meta}"
    fragments = len(list((folder / "fragment").glob("*.pf_fragment")))
    if fragments != pages or (pages and not any((folder / "index").glob("*.pf_index"))):
        return f"索引片段 {fragments} 个,应为 {pages} 个"
    for name, ending in RUNTIME_ENDS.items():
        if not (folder / name).is_file() or (folder / name).stat().st_size == 0:
            return f"{name} 为空"
        if not (folder / name).read_bytes().rstrip().endswith(ending):
            return f"{name} 不完整"  # seen on a busy machine: cut off at 32 KiB
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (path.suffix.startswith(".pf_") or path.suffix == ".pagefind"):
            try:
                gzip.decompress(path.read_bytes())
            except (OSError, EOFError, zlib.error):
                return f"{path.relative_to(folder).as_posix()} 不完整"
    return ""
