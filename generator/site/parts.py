"""The documents of a site of several documents built independently: one *part* per document
(:func:`generator.site.several.document_part`), kept on disk by content, built in parallel.

A part depends only on its document's folder, the shared registry, the progress reports in its
folder, the build's date and settings, the site address and the generator's code — :func:`part_key`
hashes exactly those. A part is stored as an entry of :mod:`generator.exports.cache` (its files
named by their SHA-256, a checked manifest, written aside and renamed into place), so

* ``--parts DIR`` keeps the parts between builds: only documents whose data changed are built again;
* a CI matrix job builds a group of documents into ``DIR`` (``generator pages --parts DIR --only …``)
  and the merge job reads them (``generator pages --parts DIR --out …``), rebuilding any that is
  missing or stale — the merged site is the same bytes as a single-machine build;
* ``--jobs N`` builds the missing parts in ``N`` processes.

Anything wrong with a stored part means it is built again, never an error.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.data.documents import Documents, LoadedDocument
from generator.data.lights import Settings
from generator.data.load import read_tree
from generator.data.pipeline import plan_from_raw
from generator.data.problems import PlanInvalid, Problem
from generator.data.progress import FOLDER as PROGRESS_FOLDER
from generator.data.progress import load_progress
from generator.data.standing import standing
from generator.data.status import Status
from generator.editors.history import SiteHistory, history_digest
from generator.exports.cache import (
    cache_key,
    code_digest,
    exports_with_status,
    read_entry,
    touch,
    write_entry,
)
from generator.model import urls
from generator.site.render import templates_digest
from generator.site.several import Part, document_part
from generator.site.views.common import Page, Site, SiteConfig

FORMAT = "huiji-part/1"
META = "part.json"
MAX_JOBS = 64
"""``--jobs`` above this is refused (each job is a process)."""


@dataclass(frozen=True)
class PartOptions:
    """What a part depends on besides its document (the same for every part of one build)."""

    site_url: str | None
    repository: str | None
    settings: Settings
    as_of: dt.date
    exports_cache: Path | None = None
    histories: Mapping[str, SiteHistory] | None = None
    """Each document's git history (:func:`generator.editors.history.document_histories`);
    None, or a document missing from it: no history (its pages say so)."""

    def history(self, doc_id: str) -> SiteHistory | None:
        return self.histories.get(doc_id) if self.histories is not None else None

    @property
    def config(self) -> SiteConfig:
        return SiteConfig(repository=self.repository, site_url=self.site_url)

    def doc_url(self, doc_id: str) -> str | None:
        return (self.site_url.rstrip("/") + "/" + urls.in_document(doc_id, "")) if self.site_url else None


def document_status(doc: LoadedDocument, options: PartOptions) -> Status:
    """A document's lights as of the date, from its own ``progress/`` folder (a site of several
    documents has no demonstration data: ``$HUIJI_PROGRESS`` would name one document's folder)."""
    progress, _ = load_progress(doc.plan, doc.folder / PROGRESS_FOLDER, demo=False,
                                display_root=doc.folder.parent.parent)
    return Status(doc.plan, progress, options.as_of, options.settings)


def part_key(doc: LoadedDocument, status: Status, options: PartOptions) -> str | None:
    """The stored part's name: None when the document's files are not all known."""
    exports = cache_key(doc.plan, options.doc_url(doc.id))  # data, code, libraries, URL, timestamp
    if exports is None:
        return None
    h = hashlib.sha256(FORMAT.encode())
    for item in (exports, code_digest(), templates_digest(), doc.id, status.progress.digest,
                 options.as_of.isoformat(), repr(options.settings), repr(options.repository),
                 history_digest(options.history(doc.id))):
        h.update(str(item).encode("utf-8") + b"\0")
    return h.hexdigest()


def build_part(doc: LoadedDocument, status: Status, options: PartOptions) -> Part:
    """One document's pages and downloads: everything :func:`generator.site.several.merge` needs."""
    from generator.site.views.progress import progress_files

    doc_url = options.doc_url(doc.id)
    exports, _ = exports_with_status(doc.plan, doc_url, options.exports_cache)
    exports = {**exports, **progress_files(doc.plan, status, doc_url)}
    return document_part(doc, status, options.config, exports, options.history(doc.id))


# --- on disk -------------------------------------------------------------------------------------


def _entry_files(part: Part) -> dict[str, bytes]:
    meta = {
        "format": FORMAT,
        "doc_id": part.doc_id,
        "pages": [[p.src_path, p.title] for p in part.site.pages],
        "files": sorted(part.site.files),
        "accessibility": [part.accessibility.src_path, part.accessibility.title],
    }
    out = {META: (json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")}
    out |= {f"p/{p.src_path}": p.markdown.encode("utf-8") for p in part.site.pages}
    out |= {f"f/{k}": v for k, v in part.site.files.items()}
    out["hints.json"] = part.hints
    out["a11y.md"] = part.accessibility.markdown.encode("utf-8")
    return out


def store(parts_dir: Path, key: str, part: Part) -> None:
    write_entry(Path(parts_dir), key, _entry_files(part))


def load(parts_dir: Path, key: str, doc: LoadedDocument, status: Status) -> Part | None:
    """The stored part ``key`` for ``doc``, or None (missing, damaged, another document's)."""
    entry = Path(parts_dir) / key
    files = read_entry(entry) if entry.is_dir() else None
    if files is None or META not in files:
        return None
    try:
        meta = json.loads(files[META])
        if meta.get("format") != FORMAT or meta.get("doc_id") != doc.id:
            return None
        pages = [Page(src, title, files[f"p/{src}"].decode("utf-8")) for src, title in meta["pages"]]
        site_files = {path: files[f"f/{path}"] for path in meta["files"]}
        src, title = meta["accessibility"]
        a11y = Page(src, title, files["a11y.md"].decode("utf-8"))
        hints = files["hints.json"]
    except (KeyError, ValueError, TypeError, UnicodeDecodeError):
        return None
    touch(entry)
    st = standing(doc.plan.document, status.as_of)
    return Part(doc.id, doc.plan, status, st, Site(pages=pages, nav=[], files=site_files), hints, a11y)


def _build_and_store(root: str, doc_id: str, folder: str, options: PartOptions, parts_dir: str,
                     key: str) -> bool:
    """A worker process: read one document, build its part, store it (``--jobs N``). Stores
    nothing (False) when the files are no longer those the key was made from (edited meanwhile):
    the parent then builds it from what it read."""
    try:
        plan, _ = plan_from_raw(read_tree(Path(folder), shared=Path(root)))
    except PlanInvalid:
        return False
    doc = LoadedDocument(doc_id, Path(folder), plan)
    status = document_status(doc, options)
    if part_key(doc, status, options) != key:
        return False
    store(Path(parts_dir), key, build_part(doc, status, options))
    return True


def _store(parts_dir: Path | None, key: str | None, part: Part, must: bool) -> None:
    """Keep ``part``; an unwritable folder only costs the next build its time — unless ``must``
    (a CI matrix job: its parts are its only output)."""
    if parts_dir is None or not key:
        return
    if must:
        store(parts_dir, key, part)
        return
    with contextlib.suppress(OSError):
        store(parts_dir, key, part)


@contextlib.contextmanager
def _importable() -> Iterator[None]:
    """Worker processes start a fresh interpreter with the parent's ``sys.path`` (multiprocessing
    hands it over): make this package importable there, whatever that path is (MkDocs loads the
    hook by file path and restores ``sys.path`` afterwards)."""
    package_root = str(Path(__file__).resolve().parents[2])
    added = package_root not in sys.path
    if added:
        sys.path.insert(0, package_root)
    try:
        yield
    finally:
        if added and package_root in sys.path:
            sys.path.remove(package_root)


@dataclass(frozen=True)
class Built:
    parts: list[Part]
    reused: int
    """Parts read from ``parts_dir`` (the others were built)."""


def parts_for(documents: Documents, options: PartOptions, parts_dir: Path | None = None, jobs: int = 1,
              only: Sequence[str] | None = None, memo: dict[str, Part] | None = None,
              must_store: bool = False) -> Built:
    """Every document's part (``only``: these documents'), from ``memo`` (parts a long-running
    ``mkdocs serve`` keeps in memory) or ``parts_dir`` when stored with the same key, else built —
    in ``jobs`` processes when more than one is missing — and stored."""
    docs = [d for d in documents.documents if only is None or d.id in only]
    statuses: dict[str, Status] = {}
    problems: list[Problem] = []
    for d in docs:  # every document's reports checked, then one abort
        try:
            statuses[d.id] = document_status(d, options)
        except PlanInvalid as exc:
            problems += exc.problems
    if problems:
        raise PlanInvalid(problems)
    keys = {d.id: part_key(d, statuses[d.id], options) for d in docs}
    found: dict[str, Part] = {}
    for d in docs:
        key = keys[d.id]
        part = memo.get(key) if memo is not None and key else None
        if part is None and parts_dir is not None and key:
            part = load(parts_dir, key, d, statuses[d.id])
        if part is not None:
            found[d.id] = part
    missing = [d for d in docs if d.id not in found]
    reused = len(found)
    storable = parts_dir is not None and all(keys[d.id] for d in missing)
    if jobs > 1 and len(missing) > 1 and storable and parts_dir is not None:
        ctx = multiprocessing.get_context("spawn")  # no inherited threads or open servers
        workers = min(jobs, len(missing))
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
        with _importable(), pool:
            futures = [pool.submit(_build_and_store, str(documents.root), d.id, str(d.folder), options,
                                   str(parts_dir), str(keys[d.id])) for d in missing]
            for f in futures:
                f.result()
        for d in missing:
            part = load(parts_dir, str(keys[d.id]), d, statuses[d.id])
            if part is None:  # edited while the worker read it, or unreadable: built from what was read
                part = build_part(d, statuses[d.id], options)
                _store(parts_dir, keys[d.id], part, must_store)
            found[d.id] = part
    else:
        for d in missing:
            part = build_part(d, statuses[d.id], options)
            _store(parts_dir, keys[d.id], part, must_store)
            found[d.id] = part
    if parts_dir is not None:
        prune(Path(parts_dir), {k for k in keys.values() if k})
    if memo is not None:  # only this build's parts stay in memory
        kept = {k: found[d.id] for d in docs if (k := keys[d.id])}
        memo.clear()
        memo.update(kept)
    return Built([found[d.id] for d in docs], reused)


KEEP_DAYS = 14
"""A stored part no build has used for this long is removed (parts of other documents' groups in
a CI matrix are used by the merge the same day)."""


def prune(parts_dir: Path, used: set[str]) -> None:
    """Remove stored parts not in ``used`` and untouched for :data:`KEEP_DAYS`, and temporary
    folders left by an interrupted build; never an error."""
    import shutil
    import time

    limit = time.time() - KEEP_DAYS * 86400
    try:
        for entry in parts_dir.iterdir():
            if entry.name in used or not _is_part(entry) or entry.stat().st_mtime >= limit:
                continue
            shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        return


def _is_part(entry: Path) -> bool:
    """A folder this module wrote: a 64-hex name and a manifest listing ``part.json`` (anything
    else in the folder, e.g. a mistyped ``--parts .``, is never removed)."""
    if not (entry.is_dir() and not entry.is_symlink() and len(entry.name) == 64):
        return False
    if any(ch not in "0123456789abcdef" for ch in entry.name):
        return False
    try:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        return META in manifest.get("files", {})
    except (OSError, ValueError, AttributeError):
        return False


def jobs_from(text: str | None) -> int:
    """``--jobs`` / ``$HUIJI_JOBS``: a number from 1 to :data:`MAX_JOBS` (``auto``: the CPUs).

    >>> jobs_from(None), jobs_from("3"), jobs_from("auto") == min(os.cpu_count() or 1, MAX_JOBS)
    (1, 3, True)
    """
    if text is None or not str(text).strip():
        return 1
    t = str(text).strip()
    if t == "auto":
        return min(os.cpu_count() or 1, MAX_JOBS)
    if not (t.isascii() and t.isdigit()) or not 1 <= int(t) <= MAX_JOBS:
        raise ValueError(f"--jobs 应为 1 到 {MAX_JOBS} 之间的整数,或 auto(现为“{t[:20]}”)")
    return int(t)
