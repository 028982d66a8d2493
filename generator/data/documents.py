"""A site of several documents (issue 16): ``plan_data/documents/<doc-id>/`` beside one shared
``units.yaml`` and ``site.yaml`` — each document loaded by :func:`generator.data.pipeline.load_plan`
(every document's problems reported together, then one abort).

A data folder without ``documents/`` is one document (today's layout) and loads as before: the real
site keeps exactly one document until a real second one is added. A ``Plan`` stays one document, so
every rule (duties, lights, exports) is the same per document; what spans documents (the home page,
a unit's duties across documents) is built from :class:`Documents`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.data.load import SITE_FILE, SharedFiles, YamlFile, display_path, read_tree, safe_text
from generator.data.messages import problem
from generator.data.pipeline import load_plan, plan_from_raw
from generator.data.problems import PlanInvalid, Problem
from generator.model.model import Plan

DOCUMENTS_FOLDER = "documents"
"""The folder of a site of several documents, one sub-folder per document."""

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
"""A document's folder name: its id in URLs (``d/<doc-id>/``); lower-case, digits and '-'."""

MAX_DOCUMENTS = 500
"""More folders than this under ``documents/`` is refused (every document is a build job)."""

SITE_LEVEL = frozenset({"units.yaml", SITE_FILE, DOCUMENTS_FOLDER})
"""What a site folder of several documents may hold at its top."""


@dataclass(frozen=True)
class LoadedDocument:
    id: str
    """The folder name (``2025-huiji``); ``""`` for the one document of a single-document folder."""
    folder: Path
    plan: Plan


@dataclass(frozen=True)
class Documents:
    """Every document of the site, in folder order."""

    root: Path
    documents: tuple[LoadedDocument, ...]
    several: bool
    """``documents/`` layout (even with one document in it): pages under ``d/<doc-id>/``."""
    warnings: tuple[Problem, ...] = ()
    current_names: dict[str, str] = field(default_factory=dict)
    """Unit id → its name in the shared registry (the name it has now; a document may use a
    former one)."""

    def by_id(self, doc_id: str) -> LoadedDocument:
        return next(d for d in self.documents if d.id == doc_id)


def is_several(root: Path) -> bool:
    """The folder holds several documents (a ``documents/`` folder)."""
    return (Path(root) / DOCUMENTS_FOLDER).is_dir()


def document_folders(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """``(doc-id, folder)`` of every document under ``root/documents`` (sorted), and what is wrong
    with the site folder's top (a stray file, a bad folder name, too many documents)."""
    root = Path(root)
    problems: list[Problem] = []
    base = root / DOCUMENTS_FOLDER
    for entry in sorted(os.listdir(root)):
        if entry not in SITE_LEVEL and not entry.startswith("."):
            problems.append(problem("documents-layout", display_path(root / entry, root),
                                    reason="有多份文件时,这个位置的文件不会被读取",
                                    fix="有多份文件时,数据文件夹顶层只放 units.yaml、site.yaml 和 documents/;"
                                        "把它移到 documents/<文件标识>/ 下,或删除"))
    for name in ("units.yaml", SITE_FILE):  # read for every document: a regular file or nothing
        p = root / name
        if p.is_symlink() or (p.exists() and not p.is_file()):
            problems.append(problem("documents-layout", display_path(p, root),
                                    reason="不是普通文件(是文件夹、链接或特殊文件)",
                                    fix=f"{name} 应是一个普通的文本文件"))
    if base.is_symlink():
        problems.append(problem("documents-layout", display_path(base, root), reason="documents 是一个链接",
                                fix="documents/ 应是数据文件夹中的普通文件夹,不能链接到别处"))
        return [], problems
    names = sorted(os.listdir(base))
    if len(names) > MAX_DOCUMENTS:
        problems.append(problem("documents-layout", display_path(base, root), reason="文件太多",
                                fix=f"documents/ 下最多 {MAX_DOCUMENTS} 份文件(现有 {len(names)} 个条目)"))
        return [], problems
    out: list[tuple[str, Path]] = []
    for name in names:
        path = base / name
        if path.is_symlink() or not path.is_dir():
            problems.append(problem("documents-layout", display_path(path, root),
                                    reason="不是文件夹(或是链接),不会被读取",
                                    fix="documents/ 下只放各文件的文件夹(不能是链接或单个文件)"))
        elif not DOC_ID.match(name):
            problems.append(problem("documents-layout", display_path(path, root),
                                    reason="文件夹名不能用作网址",
                                    fix=f"文件夹名“{safe_text(name)[:40]}”用作网址,只能用小写字母、数字和 -"
                                        "(如 2025-huiji),不超过 40 个字符"))
        else:
            out.append((name, path))
    if not out and not problems:
        problems.append(problem("documents-layout", display_path(base, root), reason="documents/ 下没有文件",
                                fix="在 documents/ 下为每份文件建一个文件夹,放入 document.yaml 等"))
    return out, problems


Signature = tuple[tuple[str, int, int], ...]
@dataclass
class Memo:
    """What :func:`load_documents` keeps for its next call (``mkdocs serve``)."""

    documents: dict[str, tuple[Signature, LoadedDocument, list[Problem]]] = field(default_factory=dict)
    """Folder → its signature, the document, its warnings."""
    shared: tuple[Signature, SharedFiles] | None = None
    """The shared registry and ``site.yaml`` as read, with their signature."""


def _signature(folder: Path, root: Path) -> Signature:
    """What changes when a file of the document (or the shared registry) is edited: each file's
    path, size and modification time (``progress/`` included: its reports change the lights)."""
    out: list[tuple[str, int, int]] = []
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        rel = os.path.relpath(dirpath, base).replace(os.sep, "/")
        for name in sorted(filenames):
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            out.append((f"{rel}/{name}", st.st_size, st.st_mtime_ns))
    return tuple(out) + _shared_signature(root)


def _shared_signature(root: Path) -> Signature:
    out: list[tuple[str, int, int]] = []
    for name in sorted(SITE_LEVEL - {DOCUMENTS_FOLDER}):
        try:
            st = (root / name).lstat()
        except OSError:
            continue
        out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def load_documents(root: Path, memo: Memo | None = None) -> Documents:
    """Every document of the folder; raise :class:`PlanInvalid` with every document's problems.
    ``memo`` (``mkdocs serve``): a document whose files did not change since the last call is not
    read again."""
    root = Path(root)
    if not is_several(root):
        return Documents(root, (LoadedDocument("", root, load_plan(root)),), several=False)
    folders, problems = document_folders(root)
    loaded: list[LoadedDocument] = []
    warnings: list[Problem] = []
    once: SharedFiles = {}
    if memo is not None:  # the shared files read last time, while they are the same
        shared_sig = _shared_signature(root)
        if memo.shared is not None and memo.shared[0] == shared_sig:
            once = memo.shared[1]
        memo.shared = (shared_sig, once)
    for doc_id, folder in folders:
        sig = _signature(folder, root) if memo is not None else ()
        kept = memo.documents.get(str(folder)) if memo is not None else None
        if kept is not None and kept[0] == sig:
            doc, more = kept[1], kept[2]
        else:
            try:
                plan, more = plan_from_raw(read_tree(folder, shared=root, read_once=once))
            except PlanInvalid as exc:
                problems += exc.problems
                continue
            doc = LoadedDocument(doc_id, folder, plan)
            if memo is not None:
                memo.documents[str(folder)] = (sig, doc, more)
        warnings += [w for w in more if w not in warnings]
        loaded.append(doc)
    if not problems:
        problems += _across(loaded, root)
        warnings += _unused(loaded, once.get("units.yaml", (None, []))[0])
    if any(p.severity == "error" for p in problems):
        raise PlanInvalid(sorted(dict.fromkeys(problems)))
    return Documents(root, tuple(loaded), several=True, warnings=tuple(warnings),
                     current_names=_current_names(once.get("units.yaml", (None, []))[0]))


def _current_names(registry: YamlFile | None) -> dict[str, str]:
    entries = registry.data.get("units") if registry is not None and isinstance(registry.data, dict) else None
    return {str(e["id"]): str(e["name"]).strip() for e in entries or []
            if isinstance(e, dict) and "id" in e and "name" in e}


def shared_root(folder: Path) -> Path | None:
    """The site folder when ``folder`` is one document of a site of several documents
    (``…/documents/<doc-id>``, the registry two levels up), else None."""
    folder = Path(folder)
    site = folder.parent.parent
    if folder.parent.name == DOCUMENTS_FOLDER and (site / "units.yaml").is_file() and \
            not (folder / "units.yaml").exists():
        return site
    return None


def load_document(folder: Path) -> Plan:
    """One document's folder, alone (``diff`` between two documents): a document of a site of
    several documents is read with the site's registry."""
    return load_document_with_warnings(folder)[0]


def load_document_with_warnings(folder: Path) -> tuple[Plan, list[Problem]]:
    """:func:`load_document` and its warnings. A site folder of several documents is refused with
    the documents to choose from (``dump``, ``progress`` work on one document)."""
    folder = Path(folder)
    if is_several(folder):
        found = [i for i, _ in document_folders(folder)[0]]
        listed = "、".join(f"{folder.name}/documents/{i}" for i in found[:10]) or "(documents/ 下没有文件)"
        raise PlanInvalid([problem("documents-layout", display_path(folder, folder),
                                   reason="这里有多份文件,本命令一次处理一份",
                                   fix=f"用 --data 指定其中一份,如 {listed}")])
    shared = shared_root(folder)
    if shared is None:
        from generator.data.pipeline import load_plan_with_warnings

        return load_plan_with_warnings(folder)
    return plan_from_raw(read_tree(folder, shared=shared))


def _unused(loaded: list[LoadedDocument], registry: YamlFile | None) -> list[Problem]:
    """A unit of the shared registry that no document names (each document only knows its own)."""
    if registry is None or not isinstance(registry.data, dict):
        return []
    named = {u.id for d in loaded for u in d.plan.units}
    out = []
    for i, entry in enumerate(registry.data.get("units") or []):
        if isinstance(entry, dict) and entry.get("id") not in named:
            out.append(registry.problem("unit-unused", ("units", i, "name"), at_value=True,
                                        name=str(entry.get("name", ""))[:40]))
    return out


def _across(loaded: list[LoadedDocument], root: Path) -> list[Problem]:
    """What only the documents together can get wrong: two documents with one 文号."""
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for d in loaded:
        number = d.plan.document.doc_number
        if number in seen:
            out.append(problem("documents-layout", display_path(d.folder / "document.yaml", root),
                               reason="两份文件的文号相同",
                               fix=f"文号“{number}”与 documents/{seen[number]}/ 相同;同一份文件只放一次"))
        seen.setdefault(number, d.id)
    return out
