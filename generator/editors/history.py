"""Last-updated dates and the 更新记录 (list of plan changes) — from git history.

Everything here degrades instead of failing: with no git, outside a repository, in a shallow clone
or with unreadable old plan data, the functions return what is known (``None`` dates, fewer or
annotated entries) and :attr:`RepoStatus.note` says why, in Chinese, for the site to show.

* :func:`last_updated` — for many files at once, the date each was last changed, from **one**
  ``git log`` call parsed once (``--first-parent``, so a merged pull request counts on the day it
  landed on the main line). Dates are committer dates in China Standard Time (UTC+8).
* :func:`plan_changes` — the commits that touched ``plan_data/`` (newest first, capped), each with
  :func:`generator.editors.diff.diff_plans` between it and the previous such commit.
* :class:`GitHistory` — the same, computed once and cached, for a site build that asks per page.

Shallow clones (``git clone --depth 1``, the default of ``actions/checkout``): the oldest visible
commit(s) stand for all earlier history, so files last seen there get ``None`` (the true date is
unknown — on or before that commit) and the 更新记录 entry for such a commit carries a note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import tempfile
from collections.abc import Mapping, Sequence, Set
from dataclasses import asdict, dataclass, field
from functools import cache, cached_property
from pathlib import Path

from generator.data.problems import PlanInvalid
from generator.editors.diff import DATA_DIR, Change, diff_plans
from generator.editors.diff_cli import DiffError, extract_revision
from generator.editors.git import GitError, run_git
from generator.model.dates import CHINA_TZ
from generator.model.model import Plan

DEFAULT_LIMIT = 50
"""How many plan-changing commits :func:`plan_changes` lists at most."""

SITE_LIMIT = 30
"""How many plan-changing commits the site's 更新记录 lists (keeps a cold build fast)."""

NOTE_NO_GIT = "找不到 git 命令,无法从版本历史得出更新日期。"
NOTE_NOT_REPO = "此处不是 git 仓库(例如下载的压缩包),没有版本历史,无法显示更新日期。"
NOTE_NO_COMMITS = "git 仓库中还没有提交,无法显示更新日期。"
NOTE_SHALLOW = "版本历史不完整(浅克隆):只能看到最近的提交,更早的更新日期与变化无法确定。"
NOTE_GIT_FAILED = "读取 git 历史失败:{}"


@dataclass(frozen=True)
class RepoStatus:
    """What the history can tell: ``available`` (any commits readable), ``shallow``, and a note."""

    available: bool
    shallow: bool = False
    head: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ChangeEntry:
    """One commit that touched the plan data, with what changed in the plan."""

    commit: str
    short: str
    date: dt.date
    """Committer date in China Standard Time."""
    timestamp: str
    """Committer time, ISO 8601 as git gives it."""
    subject: str
    """First line of the commit message."""
    changes: tuple[Change, ...] = ()
    note: str | None = None
    """Why ``changes`` is empty or incomplete (first version, shallow history, invalid data …)."""


@dataclass(frozen=True)
class SiteHistory:
    """What the version history says about the plan, as plain data (computed by the caller —
    :func:`generator.editors.history.site_history` in the MkDocs hook — never here)."""

    available: bool
    """Any git history could be read."""
    shallow: bool = False
    """Only the latest commits are there (``git clone --depth 1``)."""
    note: str | None = None
    """Why the history is missing or incomplete, in Chinese (shown on the 更新记录 page)."""
    updated: Mapping[str, dt.date | None] = field(default_factory=dict)
    """Data file path as in :attr:`generator.model.model.SourceRef.path` (``plan_data/units.yaml``,
    ``plan_data/campaigns/lantian/tasks/12.yaml``) → the date it last changed; missing or ``None``:
    unknown."""
    units_file: str | None = None
    """The key of ``units.yaml`` in :attr:`updated`."""
    entries: Sequence[ChangeEntry] = ()
    """Commits that changed the plan data, newest first."""
    limit: int | None = None
    """At most this many commits were read (``entries`` may be cut off there)."""


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``git -C repo …`` as text; raises :class:`GitError` when git is missing."""
    return run_git(repo, *args, text=True)


@cache
def _code_fingerprint() -> str:
    """Changes whenever the generator's code does (so cached diffs never outlive the code)."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for p in sorted(package.rglob("*.py")):
        h.update(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def _date(iso: str) -> dt.date:
    return dt.datetime.fromisoformat(iso).astimezone(CHINA_TZ).date()


def _dates_from_log(text: str, boundary: Set[str] = frozenset()
                    ) -> tuple[dict[str, dt.date | None], dict[str, str]]:
    r"""``git log --name-status --no-renames`` (newest first) → each file's date of last change, and
    for a file whose last change was its addition, the commit that added it (a move shows as the
    old name deleted and the new one added: :func:`document_histories` follows the moves it knows).
    A deletion dates nothing: a deleted name keeps the date of its last change before.

    >>> log = ("\x1e" "c2\x002024-09-01T10:00:00+08:00\n\nD\ta/x.yaml\nA\tb/x.yaml\nM\tb/y.yaml\n"
    ...        "\x1e" "c1\x002024-05-01T10:00:00+08:00\n\nM\ta/x.yaml\nA\tb/y.yaml\n")
    >>> dates, added = _dates_from_log(log)
    >>> {k: str(v) for k, v in sorted(dates.items())}, added
    ({'a/x.yaml': '2024-05-01', 'b/x.yaml': '2024-09-01', 'b/y.yaml': '2024-09-01'}, {'b/x.yaml': 'c2'})
    """
    dates: dict[str, dt.date | None] = {}
    added: dict[str, str] = {}
    for record in text.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        commit, _, iso = head.partition("\x00")
        when = None if commit in boundary else _date(iso.strip())
        for line in names.splitlines():
            kind, *paths = line.strip().split("\t")
            if not paths or kind.startswith("D"):
                continue
            name = paths[-1]
            if name not in dates:
                dates[name] = when
                if kind.startswith("A"):
                    added[name] = commit
    return dates, added


def repo_status(repo: Path) -> RepoStatus:
    """Whether ``repo`` has readable git history, and whether it is shallow."""
    repo = Path(repo)
    if not repo.is_dir():
        return RepoStatus(False, note=NOTE_NOT_REPO)
    try:
        inside = _run(repo, "rev-parse", "--is-inside-work-tree")
    except (GitError, OSError):  # no git, or git cannot be run
        return RepoStatus(False, note=NOTE_NO_GIT)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        err = inside.stderr.strip()
        if "dubious ownership" in err or "safe.directory" in err:
            return RepoStatus(False, note=NOTE_GIT_FAILED.format(err.splitlines()[0]))
        return RepoStatus(False, note=NOTE_NOT_REPO)
    head = _run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head.returncode != 0:
        return RepoStatus(False, note=NOTE_NO_COMMITS)
    shallow = _run(repo, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    return RepoStatus(True, shallow, head.stdout.strip(), NOTE_SHALLOW if shallow else None)


def _shallow_boundary(repo: Path) -> set[str]:
    """Commits whose parents are cut off in a shallow clone (``.git/shallow``)."""
    out = _run(repo, "rev-parse", "--git-path", "shallow")
    if out.returncode != 0:
        return set()
    path = Path(out.stdout.strip())
    if not path.is_absolute():
        path = repo / path
    try:
        return {line.strip() for line in path.read_text().splitlines() if line.strip()}
    except OSError:
        return set()


def _rel(p: Path, repo: Path) -> str:
    """``p`` relative to ``repo`` as a POSIX string (``p`` may be absolute or repo-relative)."""
    p = Path(p)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(repo.resolve()).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix()


@dataclass
class GitHistory:
    """Git facts about one repository, each read once (a site build creates one and asks per page)."""

    repo: Path
    data_dir: str = DATA_DIR
    cache_dir: Path | None = None
    """Where to keep computed diffs between plan versions (keyed by tree ids and the generator's
    code); loading one version of the full plan takes about a second, so a site build should pass
    one (e.g. ``build/history-cache``, git-ignored). ``None``: no disk cache."""
    _plans: dict[str, Plan | str] = field(default_factory=dict, repr=False)
    _dates: dict[tuple[str, ...], dict[str, dt.date | None]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.repo = Path(self.repo)
        self.cache_dir = Path(self.cache_dir) if self.cache_dir is not None else None

    @cached_property
    def status(self) -> RepoStatus:
        return repo_status(self.repo)

    @cached_property
    def boundary(self) -> set[str]:
        return _shallow_boundary(self.repo) if self.status.shallow else set()

    # --- last updated -------------------------------------------------------------------------
    def file_dates(self, pathspecs: tuple[str, ...]) -> dict[str, dt.date | None]:
        """Repo-relative path → date of its last change, for every file under ``pathspecs``.

        One ``git log`` for all of them. A file whose newest change is a shallow boundary commit
        maps to ``None`` (its real date is unknown).
        """
        if not self.status.available:
            return {}
        return self.file_changes(pathspecs)[0]

    def file_changes(self, pathspecs: tuple[str, ...]) -> tuple[dict[str, dt.date | None], dict[str, str]]:
        """:meth:`file_dates`, and the commit that added each file whose last change was its
        addition (:func:`_dates_from_log`)."""
        if not self.status.available:
            return {}, {}
        proc = _run(self.repo, "log", "--first-parent", "--relative", "--name-status", "--no-renames",
                    "--format=%x1e%H%x00%cI", "--", *pathspecs)
        if proc.returncode != 0:
            return {}, {}
        return _dates_from_log(proc.stdout, self.boundary)

    def last_updated(self, paths: list[Path] | list[str]) -> dict[str, dt.date | None]:
        """See :func:`last_updated`."""
        rels = {Path(p).as_posix(): _rel(Path(p), self.repo) for p in paths}
        specs = tuple(sorted({r.split("/", 1)[0] for r in rels.values()})) or (".",)
        known = self._dates_cache(specs)
        return {key: known.get(rel) for key, rel in rels.items()}

    def _dates_cache(self, specs: tuple[str, ...]) -> dict[str, dt.date | None]:
        if specs not in self._dates:
            self._dates[specs] = self.file_dates(specs)
        return self._dates[specs]

    # --- 更新记录 ------------------------------------------------------------------------------
    def _log_paths(self) -> tuple[str, ...]:
        """What a commit must touch to be a version of the plan."""
        return (self.data_dir,)

    def _versions(self, commits: Sequence[str]) -> list[str]:
        """Each commit's version of the plan: an id that changes whenever the plan's files do
        (here: the plan folder's tree id), the key of the cached plans and diffs."""
        proc = _run(self.repo, "rev-parse", *[f"{c}:./{self.data_dir}" for c in commits])
        trees = proc.stdout.split() if proc.returncode == 0 else []
        return trees if len(trees) == len(commits) else list(commits)  # cannot cache by tree

    def _load(self, commit: str, tmp: Path) -> Plan:
        """The plan as it was at ``commit`` (its files written under ``tmp``)."""
        from generator.data.pipeline import load_plan

        return load_plan(extract_revision(commit, self.repo, tmp, self.data_dir))

    def _plan_at(self, commit: str, tree: str) -> Plan | str:
        """The plan at ``commit`` (cached by its version, :meth:`_versions`), or a Chinese reason."""
        if tree not in self._plans:
            try:
                with tempfile.TemporaryDirectory(prefix="plan-history-") as tmp:
                    self._plans[tree] = self._load(commit, Path(tmp))
            except PlanInvalid as e:
                self._plans[tree] = f"该版本的方案数据有 {len(e.errors)} 个错误,无法比较。"
            except DiffError as e:
                self._plans[tree] = str(e)
            except GitError as e:  # git failed reading that version: it is left out, never an abort
                self._plans[tree] = str(e)
        return self._plans[tree]

    def _diff_pair(self, old: tuple[str, str], new: tuple[str, str]) -> tuple[tuple[Change, ...], str]:
        """Changes from ``old`` to ``new`` (each ``(commit, tree)``) and a status — ``ok``, ``same``
        (no change of the plan), ``new-invalid`` or ``old-invalid`` (that side's data has errors or
        cannot be read); disk-cached by tree pair."""
        name = f"{_code_fingerprint()}-{old[1]}-{new[1]}.json"
        cache_file = self.cache_dir / name if self.cache_dir else None
        if cache_file is not None and cache_file.is_file():
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
                return tuple(Change(**c) for c in data["changes"]), str(data["status"])
            except (OSError, ValueError, KeyError, TypeError):
                pass  # a damaged cache file is recomputed
        changes: tuple[Change, ...] = ()
        new_plan = self._plan_at(*new)
        if isinstance(new_plan, str):
            status = "new-invalid"
        else:
            old_plan = self._plan_at(*old)
            if isinstance(old_plan, str):
                status = "old-invalid"
            else:
                changes = tuple(diff_plans(old_plan, new_plan))
                status = "ok" if changes else "same"
        if cache_file is not None:
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                payload = {"changes": [asdict(c) for c in changes], "status": status}
                text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
                cache_file.write_text(text, encoding="utf-8")
            except OSError:
                pass
        return changes, status

    def _valid(self, commit: str, tree: str) -> bool:
        """Whether the plan at ``commit`` loads (disk-cached by tree, like the diffs)."""
        cache_file = self.cache_dir / f"{_code_fingerprint()}-valid-{tree}.json" if self.cache_dir else None
        if cache_file is not None and cache_file.is_file():
            try:
                return bool(json.loads(cache_file.read_text(encoding="utf-8"))["valid"])
            except (OSError, ValueError, KeyError, TypeError):
                pass
        valid = not isinstance(self._plan_at(commit, tree), str)
        if cache_file is not None:
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                cache_file.write_text(json.dumps({"valid": valid}), encoding="utf-8")
            except OSError:
                pass
        return valid

    def plan_changes(self, limit: int = DEFAULT_LIMIT) -> list[ChangeEntry]:
        """See :func:`plan_changes`."""
        if not self.status.available or limit <= 0:
            return []
        proc = _run(self.repo, "log", "--first-parent", f"--max-count={limit + 1}",
                    "--format=%H%x00%cI%x00%s", "--", *self._log_paths())
        if proc.returncode != 0:
            return []
        commits = [line.split("\x00", 2) for line in proc.stdout.splitlines() if line.count("\x00") >= 2]
        if not commits:
            return []
        trees = self._versions([c[0] for c in commits])
        entries: list[ChangeEntry] = []
        for i, (commit, iso, subject) in enumerate(commits[:limit]):
            changes: tuple[Change, ...] = ()
            note: str | None = None
            if commit in self.boundary:
                note = "版本历史不完整(浅克隆):看不到此前的版本,无法列出本次的具体变化。"
            elif i + 1 >= len(commits):
                if not self._valid(commit, trees[i]):
                    continue  # a version whose data has errors was never published: not listed
                note = "首次收录方案数据。"
            else:
                j, status = i + 1, "old-invalid"
                while j < len(commits):
                    changes, status = self._diff_pair((commits[j][0], trees[j]), (commit, trees[i]))
                    if status != "old-invalid" or commits[j][0] in self.boundary:
                        break
                    j += 1  # compare with the last earlier version whose data is valid
                if status in ("new-invalid", "same"):
                    continue  # nothing of the plan changed (or this version was never valid)
                if status == "old-invalid":
                    note = "首次收录方案数据。"  # the earlier versions had errors: never published
                    changes = ()
                if trees[i] not in trees[i + 1:]:
                    self._plans.pop(trees[i], None)  # not needed again: keep memory flat
            entries.append(ChangeEntry(commit, commit[:7], _date(iso), iso, subject, changes, note))
        return entries



def last_updated(paths: list[Path], repo: Path) -> dict[str, dt.date | None]:
    """For each path (absolute, or relative to ``repo``), the date git last changed it.

    Keys are the given paths as POSIX strings (``Path(p).as_posix()``), so a task's
    ``task.source.path`` (``plan_data/campaigns/…/NN.yaml``) can be passed and looked up directly.
    Values are ``None`` where unknown: not committed, no git, not a repository, or — in a shallow
    clone — last changed in the oldest visible commit. One ``git log`` call for all paths.
    """
    return GitHistory(Path(repo)).last_updated(paths)


def plan_changes(repo: Path, limit: int = DEFAULT_LIMIT, cache_dir: Path | None = None) -> list[ChangeEntry]:
    """The last ``limit`` commits (first-parent, newest first) that touched ``plan_data/``, each
    with the plan changes against the last earlier version whose data is valid. Commits that
    changed nothing of the plan (formatting, comments) and versions whose data has errors are left
    out. Empty without usable history; see
    :func:`repo_status` for the note to show then."""
    return GitHistory(Path(repo), cache_dir=cache_dir).plan_changes(limit)


def site_history(plan_root: Path, limit: int = SITE_LIMIT, cache_dir: Path | None = None) -> SiteHistory:
    """Everything the site shows from git, for :func:`generator.site.pages.build_site` — computed once.

    ``plan_root`` is the plan folder (``…/plan_data``); the repository is read from its parent, and
    dates are keyed like :attr:`generator.model.model.SourceRef.path` (``plan_data/units.yaml``). One
    ``git log`` for all last-updated dates; the 更新记录 reads at most ``limit`` commits and keeps
    the diffs between plan versions in ``cache_dir``. Never raises for missing or partial history.
    """
    root = Path(plan_root).resolve()
    gh = GitHistory(root.parent, data_dir=root.name, cache_dir=cache_dir)
    status = gh.status
    if not status.available:
        return SiteHistory(available=False, note=status.note, limit=limit)
    paths = sorted(p.relative_to(root.parent).as_posix() for p in root.rglob("*.yaml") if p.is_file())
    return SiteHistory(
        available=True,
        shallow=status.shallow,
        note=status.note,
        updated=gh.last_updated(paths),
        units_file=f"{root.name}/units.yaml",
        entries=tuple(gh.plan_changes(limit)),
        limit=limit,
    )


# --- a site of several documents -------------------------------------------------------------------


@dataclass
class DocumentHistory(GitHistory):
    """One document of a site of several documents (``<site>/documents/<doc-id>/``, the site folder
    being :attr:`data_dir`). A version of it is its folder together with the shared ``units.yaml``
    and ``site.yaml``; the site's default document (the one that was there first, whose old URLs
    redirect to it) also has the versions from before the site held several documents, when its
    files were at the site folder's top — its history goes on across the move."""

    doc_id: str = ""
    default: bool = False
    former: tuple[str, ...] = ()
    """The names in the document's folder (``document.yaml``, ``campaigns`` …): where they were
    before the move, at the site folder's top."""

    @property
    def folder(self) -> str:
        return f"{self.data_dir}/documents/{self.doc_id}"

    def _shared(self) -> tuple[str, ...]:
        return (f"{self.data_dir}/units.yaml", f"{self.data_dir}/site.yaml")

    def _log_paths(self) -> tuple[str, ...]:
        before = tuple(f"{self.data_dir}/{name}" for name in self.former) if self.default else ()
        return (self.folder, *self._shared(), *before)

    def _objects(self, commits: Sequence[str], paths: Sequence[str]) -> list[list[str]]:
        """For each commit, the object id of each path (``""``: not there); one git call."""
        lines = "".join(f"{c}:./{p}\n" for c in commits for p in paths).encode("utf-8")
        proc = run_git(self.repo, "cat-file", "--batch-check", input=lines)
        out = proc.stdout.decode("utf-8", "replace").splitlines()
        if proc.returncode != 0 or len(out) != len(paths) * len(commits):
            raise GitError("git cat-file 失败")
        ids = ["" if line.endswith(" missing") else line.split(" ", 1)[0] for line in out]
        return [ids[i : i + len(paths)] for i in range(0, len(ids), len(paths))]

    def _wanted(self) -> list[str]:
        return [self.folder, *self._shared(), f"{self.data_dir}/documents", self.data_dir]

    def _versions(self, commits: Sequence[str]) -> list[str]:
        keys = []
        try:
            found = self._objects(commits, self._wanted())
            for c, (folder, units, site, documents, top) in zip(commits, found, strict=True):
                if folder:
                    both = f"{folder}-{units}-{site}".encode()
                    keys.append("doc-" + hashlib.sha256(both).hexdigest()[:40])
                elif self.default and not documents and top:
                    keys.append(f"top-{top}")  # before the move: the site folder was this document
                else:
                    keys.append(f"none-{c}")
        except GitError:
            return list(commits)
        return keys

    def _load(self, commit: str, tmp: Path) -> Plan:
        from generator.data.documents import load_document
        from generator.data.pipeline import load_plan

        folder, units, site, documents, _ = self._objects([commit], self._wanted())[0]
        if not folder:
            if self.default and not documents:
                return load_plan(extract_revision(commit, self.repo, tmp, self.data_dir))
            raise DiffError(f"版本 {commit[:10]} 中还没有这份文件。")
        where = extract_revision(commit, self.repo, tmp, self.folder)
        for name, oid in (("units.yaml", units), ("site.yaml", site)):
            if oid:
                blob = run_git(self.repo, "cat-file", "blob", oid, check=True).stdout
                (where.parent.parent / name).write_bytes(blob)
        return load_document(where)


def document_histories(site_root: Path, documents: Sequence[tuple[str, bool]], limit: int = SITE_LIMIT,
                       cache_dir: Path | None = None,
                       memo: dict[object, dict[str, SiteHistory]] | None = None) -> dict[str, SiteHistory]:
    """:func:`site_history` for each document of a site of several documents (``documents``: each
    one's id and whether it is the site's default document). The last-updated dates come from one
    ``git log`` for the whole site folder (files moved into ``documents/`` unchanged keep their
    dates); each document's 更新记录 lists the commits that changed it (its folder, or the shared
    registry in a way that changes it). Never raises for missing or partial history.

    ``memo`` (``mkdocs serve``): the histories of the last call, reused while the commit checked out
    is the same (history is what was committed; an edit in progress is not in it)."""
    root = Path(site_root).resolve()
    base = GitHistory(root.parent, data_dir=root.name, cache_dir=cache_dir)
    status = base.status
    if not status.available:
        return {i: SiteHistory(available=False, note=status.note, limit=limit) for i, _ in documents}
    formers = {}
    for doc_id, _ in documents:
        folder = root / "documents" / doc_id
        formers[doc_id] = tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else ()
    key = (str(root), status, limit, tuple((i, d, formers[i]) for i, d in documents))
    if memo is not None and key in memo:
        return memo[key]
    dates, added = base.file_changes((root.name,))
    for doc_id, default in documents:
        if default:
            dates = _moved_dates(base, root.name, doc_id, dates, added)
    shared = {f"{root.name}/units.yaml", f"{root.name}/site.yaml"}
    out = {}
    for doc_id, default in documents:
        former = formers[doc_id]
        gh = DocumentHistory(root.parent, data_dir=root.name, cache_dir=cache_dir, doc_id=doc_id,
                             default=default, former=former)
        gh.__dict__["status"] = status  # read once for the site (a cached property)
        mine = f"{root.name}/documents/{doc_id}/"
        out[doc_id] = SiteHistory(
            available=True,
            shallow=status.shallow,
            note=status.note,
            updated={k: v for k, v in dates.items() if k.startswith(mine) or k in shared},
            units_file=f"{root.name}/units.yaml",
            entries=tuple(gh.plan_changes(limit)),
            limit=limit,
        )
    if memo is not None:
        memo.clear()
        memo[key] = out
    return out


def _moved_dates(gh: GitHistory, site: str, doc_id: str, dates: dict[str, dt.date | None],
                 added: dict[str, str]) -> dict[str, dt.date | None]:
    """The default document's files that were moved into ``documents/<doc-id>/`` unchanged keep
    the date of their last change at the site folder's top: a file added by commit C whose bytes
    are those ``<site>/<same path>`` had just before C (one git call for all of them). Only this
    document's own old names are followed — not a copy of them in another document."""
    prefix = f"{site}/documents/{doc_id}/"
    moved = sorted((k, c) for k, c in added.items() if k.startswith(prefix))
    if not moved:
        return dates
    old = {k: f"{site}/{k[len(prefix):]}" for k, _ in moved}
    lines = "".join(f"{c}^:./{old[k]}\n{c}:./{k}\n" for k, c in moved).encode("utf-8")
    try:
        proc = run_git(gh.repo, "cat-file", "--batch-check", input=lines)
    except GitError:
        return dates
    out = proc.stdout.decode("utf-8", "replace").splitlines()
    if proc.returncode != 0 or len(out) != 2 * len(moved):
        return dates
    dates = dict(dates)
    for i, (k, _) in enumerate(moved):
        before, after = out[2 * i], out[2 * i + 1]
        if not before.endswith(" missing") and before.split(" ", 1)[0] == after.split(" ", 1)[0] \
                and old[k] in dates:
            dates[k] = dates[old[k]]
    return dates


def history_digest(history: SiteHistory | None) -> str:
    """What a document's pages take from its history, as one hash (a stored part is keyed by it)."""
    if history is None:
        return "none"
    data = json.dumps(asdict(history), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
