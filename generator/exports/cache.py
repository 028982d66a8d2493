"""Download files kept between builds (``build/exports-cache``, git-ignored), content-addressed.

Building the exports (29 iCalendar feeds, 29 workbooks, CSV, JSON) is most of the generator's time
on a ``mkdocs build``; the files depend only on the plan data, the generator's code, a few library
versions, the site URL and the build timestamp. :func:`cached_exports` keys an entry by a SHA-256
over exactly those (:func:`cache_key`):

* every file of the plan data folder, relative path and bytes (:attr:`Plan.data_digest`, taken by
  :func:`generator.data.load.load_plan` from the bytes it read);
* the source of every ``.py`` file of the ``generator`` package, as it was when first hashed in this
  process (the code that is running: ``mkdocs serve`` does not re-import it after an edit);
* the versions of icalendar, xlsxwriter, pydantic (plan.json's schema), PyYAML, Python and zlib
  (xlsx files are zip archives);
* ``site_url`` and :func:`~generator.exports.common.build_timestamp` (``SOURCE_DATE_EPOCH``).

An entry is ``<cache_dir>/<key>/``: ``manifest.json`` (site path → SHA-256 of the file, and a
checksum of that list) and one file per distinct content, named by its SHA-256. It is written to a
temporary folder and renamed into place, so a reader never sees half an entry; only the 3 most
recently used entries are kept.
Anything wrong with an entry (missing or unreadable file, bad manifest, hash mismatch) means the
files are built again and the entry rewritten — never an error. ``HUIJI_NO_EXPORTS_CACHE=1``, no
``cache_dir``, a plan without :attr:`~generator.model.model.Plan.data_digest` or an unwritable folder: the
files are simply built.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import icalendar
import pydantic
import xlsxwriter
import yaml

from generator.exports import build_exports
from generator.exports.common import build_timestamp
from generator.model.model import Plan

KEEP = 3
"""Entries kept (most recently used first)."""
FORMAT = b"huiji-exports-cache/1"
MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600
"""A temporary folder older than this is left over from an interrupted build and removed."""
PACKAGE = Path(__file__).resolve().parent.parent

Status = Literal["hit", "miss", "off"]


def _item(h: Any, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "big") + data)


@functools.cache
def code_digest() -> str:
    """SHA-256 over the source of every ``.py`` file of the ``generator`` package (once per process)."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        _item(h, path.relative_to(PACKAGE).as_posix().encode("utf-8"))
        _item(h, path.read_bytes())
    return h.hexdigest()


def cache_key(plan: Plan, site_url: str | None) -> str | None:
    """The entry's name for this plan and site URL; ``None`` if the plan's files are not known."""
    if not plan.data_digest:
        return None
    h = hashlib.sha256(FORMAT)
    versions = (
        f"icalendar={icalendar.__version__}",
        f"xlsxwriter={xlsxwriter.__version__}",
        f"pydantic={pydantic.VERSION}",
        f"pyyaml={yaml.__version__}",
        f"python={sys.version}",
        f"zlib={zlib.ZLIB_RUNTIME_VERSION}",
    )
    for part in (
        plan.data_digest,
        code_digest(),
        *versions,
        f"site_url={site_url!r}",
        f"timestamp={build_timestamp(plan).isoformat()}",
    ):
        _item(h, part.encode("utf-8"))
    return h.hexdigest()


def enabled() -> bool:
    return not os.environ.get("HUIJI_NO_EXPORTS_CACHE")


def _listing_digest(listed: dict[str, str]) -> str:
    """Checksum of the manifest's file list (a damaged manifest that is still JSON is caught)."""
    return hashlib.sha256(json.dumps(listed, sort_keys=True).encode("utf-8")).hexdigest()


def read_entry(entry: Path) -> dict[str, bytes] | None:
    """The files of a complete, intact entry; ``None`` otherwise."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
        if manifest.get("format") != FORMAT.decode() or not isinstance(listed, dict) or not listed:
            return None
        if manifest.get("check") != _listing_digest(listed):
            return None
        blobs: dict[str, bytes] = {}
        files: dict[str, bytes] = {}
        for path, digest in listed.items():
            if not isinstance(path, str) or not isinstance(digest, str) or len(digest) != 64:
                return None
            if digest not in blobs:
                data = (entry / digest).read_bytes()
                if hashlib.sha256(data).hexdigest() != digest:
                    return None
                blobs[digest] = data
            files[path] = blobs[digest]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return dict(sorted(files.items()))


def write_entry(cache_dir: Path, key: str, files: dict[str, bytes]) -> None:
    """Write the entry under a temporary name and rename it into place (replacing a broken one)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=cache_dir))
    try:
        listed: dict[str, str] = {}
        for path, data in files.items():
            digest = hashlib.sha256(data).hexdigest()
            listed[path] = digest
            blob = tmp / digest
            if not blob.exists():
                blob.write_bytes(data)
        manifest = {"format": FORMAT.decode(), "files": listed, "check": _listing_digest(listed)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        final = cache_dir / key
        if final.exists():  # a broken entry (an intact one would have been read)
            shutil.rmtree(final, ignore_errors=True)
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():  # not merely another build that finished first
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def touch(entry: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(entry)


def _prune(cache_dir: Path, keep: str) -> None:
    """Keep the :data:`KEEP` most recently used entries (always ``keep``); drop stale temp folders."""
    try:
        children = [p for p in cache_dir.iterdir() if p.is_dir()]
        now = time.time()
        entries: list[tuple[float, Path]] = []
        for p in children:
            mtime = p.stat().st_mtime
            if p.name.startswith(TMP_PREFIX):
                if now - mtime > STALE_TMP_SECONDS:
                    shutil.rmtree(p, ignore_errors=True)
            elif p.name != keep:
                entries.append((mtime, p))
    except OSError:
        return
    entries.sort(key=lambda x: (x[0], x[1].name), reverse=True)
    for _, p in entries[KEEP - 1 :]:
        shutil.rmtree(p, ignore_errors=True)


def exports_with_status(
    plan: Plan,
    site_url: str | None,
    cache_dir: Path | None,
    build: Callable[[Plan, str | None], dict[str, bytes]] = build_exports,
) -> tuple[dict[str, bytes], Status]:
    """:func:`build_exports`'s files (same bytes, same order) and whether they came from the cache."""
    key = cache_key(plan, site_url) if cache_dir is not None and enabled() else None
    if key is None or cache_dir is None:
        return build(plan, site_url), "off"
    entry = Path(cache_dir) / key
    files = read_entry(entry) if entry.is_dir() else None
    if files is not None:
        touch(entry)
        return files, "hit"
    files = build(plan, site_url)
    with contextlib.suppress(OSError):  # an unwritable cache only costs the next build its time
        write_entry(Path(cache_dir), key, files)
        _prune(Path(cache_dir), key)
    return files, "miss"


def cached_exports(plan: Plan, site_url: str | None, cache_dir: Path | None) -> dict[str, bytes]:
    """:func:`build_exports` ``(plan, site_url)``, from ``cache_dir`` when an entry matches."""
    return exports_with_status(plan, site_url, cache_dir)[0]
