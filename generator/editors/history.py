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
from collections.abc import Mapping, Sequence
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
        proc = _run(self.repo, "log", "--first-parent", "--relative", "--name-only",
                    "--format=%x1e%H%x00%cI", "--", *pathspecs)
        if proc.returncode != 0:
            return {}
        dates: dict[str, dt.date | None] = {}
        for record in proc.stdout.split("\x1e")[1:]:
            head, _, names = record.partition("\n")
            commit, _, iso = head.partition("\x00")
            when = None if commit in self.boundary else _date(iso.strip())
            for name in names.splitlines():
                name = name.strip()
                if name and name not in dates:
                    dates[name] = when
        return dates

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
    def _plan_at(self, commit: str, tree: str) -> Plan | str:
        """The plan at ``commit`` (cached by the plan folder's tree id), or a Chinese reason."""
        if tree not in self._plans:
            from generator.data.pipeline import load_plan

            try:
                with tempfile.TemporaryDirectory(prefix="plan-history-") as tmp:
                    folder = extract_revision(commit, self.repo, Path(tmp), self.data_dir)
                    self._plans[tree] = load_plan(folder)
            except PlanInvalid as e:
                self._plans[tree] = f"该版本的方案数据有 {len(e.errors)} 个错误,无法比较。"
            except DiffError as e:
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
                    "--format=%H%x00%cI%x00%s", "--", self.data_dir)
        if proc.returncode != 0:
            return []
        commits = [line.split("\x00", 2) for line in proc.stdout.splitlines() if line.count("\x00") >= 2]
        if not commits:
            return []
        trees_proc = _run(self.repo, "rev-parse", *[f"{c[0]}:./{self.data_dir}" for c in commits])
        trees = trees_proc.stdout.split() if trees_proc.returncode == 0 else []
        if len(trees) != len(commits):
            trees = [c[0] for c in commits]  # cannot cache by tree: fall back to the commit id
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
