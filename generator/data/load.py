"""Read ``plan_data/`` (stage 1 of the pipeline: load) — and the public entry point :func:`load_plan`.

Reading is defensive: whatever bytes are on disk, the result is either a :class:`~generator.model.model.Plan`
or :class:`~generator.data.problems.PlanInvalid` carrying every problem found, each with file, line and
column. Nothing else escapes.

Per file (:func:`read_yaml`):

1. bytes: size limit (:data:`MAX_FILE_BYTES`), UTF-8 only (the offset of the first bad byte is
   reported), not empty;
2. text: no tab characters in indentation;
3. YAML events: plain safe YAML only — anchors, aliases, tags, several documents and deep nesting
   are rejected before anything is built;
4. YAML nodes → plain Python data (dict / list / str / int / float / bool / None / date /
   datetime) plus a *position map*: for every key path (``("subitems", 0, "lead", 1)``) the
   line and column of its key (or list item) and of its value. Duplicate keys, non-text keys and
   merge keys (``<<``) are errors; impossible dates (``2024-02-30``) are reported here.

Then :func:`read_tree` walks the folder, reads every file that belongs to the plan, and notes every
file that nothing reads. :mod:`generator.data.validate` takes it from there.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.data.messages import problem
from generator.data.problems import Problem

MAX_FILE_BYTES = 256 * 1024
"""Largest YAML file accepted (the largest real one is a few KiB)."""
MAX_SOURCE_BYTES = 20 * 1024 * 1024  # as large as `import` accepts (a 100-plan document is ~6 MB)
"""Largest original-text file accepted."""
MAX_DEPTH = 32
"""Deepest nesting of lists/mappings accepted (real files nest 5 deep)."""

KeyPath = tuple[str | int, ...]
Pos = tuple[int, int]

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when available (same positions, about ten times faster)."""

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_TEXT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:value", _MERGE}


def format_path(path: KeyPath) -> str:
    """``("subitems", 0, "lead", 1)`` → ``subitems[0].lead[1]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def safe_text(s: str) -> str:
    """A string that can always be printed (undecodable file-name bytes shown as ``\\xNN``)."""
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class YamlFile:
    """One parsed YAML file: its data and where every key path is."""

    path: Path
    display: str
    """Path shown in messages, e.g. ``plan_data/campaigns/lantian/tasks/12.yaml``."""
    ref: str
    """Path relative to the data folder's parent (for :class:`~generator.model.model.SourceRef`)."""
    data: Any
    keys: dict[KeyPath, Pos] = field(default_factory=dict)
    """Key path → position of the key (for list items: of the item)."""
    values: dict[KeyPath, Pos] = field(default_factory=dict)
    """Key path → position of the value."""
    reported: set[KeyPath] = field(default_factory=set)
    """Key paths already reported while reading (so validation does not report them twice)."""
    sha256: bytes = b""
    """SHA-256 of the file's bytes as read (for :meth:`RawPlan.data_digest`)."""
    lines: tuple[str, ...] = ()
    """The file's text, line by line (for messages that quote what the editor wrote)."""

    def written(self, path: KeyPath) -> str | None:
        """The value at ``path`` as the editor typed it (``no``, not ``False``), if it is a plain
        one-line scalar; else None."""
        if path not in self.values:
            return None
        line, col = self.values[path]
        if not 0 < line <= len(self.lines):
            return None
        token = self.lines[line - 1][col - 1 :].split(" #", 1)[0].strip()
        return token if token and token[0] not in "[{|>'\"" and not token.endswith(",") else None

    @property
    def name(self) -> str:
        return self.path.name

    def known(self, path: KeyPath) -> KeyPath:
        """The longest prefix of ``path`` that exists in the file."""
        path = tuple(path)
        while path and path not in self.keys:
            path = path[:-1]
        return path

    def where(self, path: KeyPath, *, value: bool = False) -> Pos:
        """Line and column of ``path`` (its key; its value if ``value``), or of its nearest ancestor."""
        p = self.known(path)
        table = self.values if value else self.keys
        return table.get(p) or self.keys.get(p) or (1, 1)

    def problem(self, code: str, at: KeyPath = (), *, at_value: bool = False, **fields: object) -> Problem:
        """A catalogue problem placed at key path ``at`` (its key, or its value if ``at_value``)."""
        line, col = self.where(at, value=at_value)
        return problem(code, self.display, line, col, format_path(at), **fields)


# --- one file -------------------------------------------------------------------------------------

_SYNTAX: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "这里不能出现“: ”",
        "文字中含有“: ”时,把整段文字用引号括起来;否则检查缩进",
    ),
    ("could not find expected ':'", "缺少冒号“:”", "每个键后面要有“: ”(英文冒号加空格);多行文字请检查缩进"),
    ("did not find expected key", "缩进不对,或缺少键", "同一层的键必须左对齐;列表项以“- ”开头"),
    ("did not find expected '-' indicator", "列表项缩进不对", "同一列表的各个“- ”必须左对齐"),
    (
        "did not find expected ',' or ']'",
        "方括号列表没有正确结束",
        "检查 [ ] 是否成对,各项之间用英文逗号分隔",
    ),
    ("did not find expected ',' or '}'", "花括号没有正确结束", "检查 { } 是否成对,各项之间用英文逗号分隔"),
    ("expected ',' or ']'", "方括号列表没有正确结束", "检查 [ ] 是否成对,各项之间用英文逗号分隔"),
    ("expected ',' or '}'", "花括号没有正确结束", "检查 { } 是否成对,各项之间用英文逗号分隔"),
    ("did not find expected node content", "这里缺少内容", "检查这一行附近是否多了逗号、横线或冒号"),
    ("found unexpected end of stream", "文件意外结束,引号或括号没有闭合", "补上缺少的引号或括号"),
    ("found unknown escape character", "双引号中有无法识别的反斜杠转义", "把 \\ 写成 \\\\,或改用单引号"),
    ("that cannot start any token", "这里的字符不能作为开头", "以 @、`、% 等开头的文字请用引号括起来"),
    ("expected <block end>", "缩进不一致", "同一层的内容必须左对齐"),
    ("expected <document start>", "多余的内容", "检查这一行的缩进;一个文件只能有一个文档"),
    (
        "expected a comment or a line break",
        "这一行多出了内容",
        "引号后面不能再有文字;需要时把整段文字放进引号里",
    ),
    (
        "control characters are not allowed",
        "含有不允许的控制字符",
        "删除该字符(可能是从别处复制来的不可见字符)",
    ),
    ("invalid leading UTF-8 octet", "含有无法识别的字符", "删除该字符,或把文件另存为 UTF-8 编码"),
    ("unacceptable character", "含有不允许的控制字符", "删除该字符(可能是从别处复制来的不可见字符)"),
    ("found a tab character", "用了制表符(Tab)", "YAML 只能用空格缩进,把 Tab 换成空格"),
    ("while scanning a quoted scalar", "引号没有闭合", "补上缺少的引号"),
    ("while scanning an anchor", "“&”之后的写法不对", "以 & 开头的文字请用引号括起来"),
    ("while scanning an alias", "“*”之后的写法不对", "以 * 开头的文字请用引号括起来"),
    ("while scanning a tag", "“!”之后的写法不对", "以 ! 开头的文字请用引号括起来"),
    ("while scanning a directive", "“%”开头的指令无法识别", "删除这一行,或把文字用引号括起来"),
    ("while scanning a block scalar", "“|”或“>”之后的写法不对", "多行文字写作 key: | 换行后缩进书写"),
)


def _parses_past(text: str, line: int) -> bool:
    """Whether ``text`` parses, or fails only after line ``line`` (1-based): a suggested fix is
    given only when it really mends the line it is about."""
    try:
        yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return mark is not None and mark.line + 1 > line
    return True


def _indent_fix(text: str, line: int) -> tuple[str, str] | None:
    """When line ``line`` (1-based) is indented unlike the lines it belongs with: what is wrong and
    the indentation to use (a key under a list item lines up with the first key after ``- ``)."""
    lines = text.split("\n")
    if not 0 < line <= len(lines) or not lines[line - 1].strip():
        return None
    here = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    prev = next((x for x in reversed(lines[: line - 1]) if x.strip() and x.lstrip()[0] != "#"), None)
    if prev is None:
        return None
    lead = len(prev) - len(prev.lstrip(" "))
    item = prev.lstrip(" ").startswith("- ")
    expected = lead + 2 if item and not lines[line - 1].lstrip(" ").startswith("- ") else lead
    if here == expected or (not item and here < lead) or prev.rstrip().endswith((":", "|", ">")):
        return None
    fixed = [*lines[: line - 1], " " * expected + lines[line - 1].lstrip(" "), *lines[line:]]
    if not _parses_past("\n".join(fixed), line):
        return None  # not the mistake: keep the general message
    where = "与上一行“- ”后面的键对齐" if expected != lead else "与上一行对齐"
    return (f"缩进不对:这一行缩进 {here} 个空格", f"改为缩进 {expected} 个空格,{where}")


def _missing_colon_before(text: str, line: int, err: yaml.YAMLError) -> int | None:
    """``number 1`` then ``section: 1``: YAML reads the two lines as one key and complains on the
    second; the mistake is the first line, a key without its colon. Returns that line."""
    if "mapping values are not allowed" not in str(getattr(err, "problem", "")):
        return None
    lines = text.split("\n")
    prev = line - 1
    while prev >= 1 and not lines[prev - 1].strip():
        prev -= 1
    if prev < 1:
        return None
    before, here = lines[prev - 1], lines[line - 1]
    indent = len(before) - len(before.lstrip(" "))
    plain = before.strip()
    same_level = indent == len(here) - len(here.lstrip(" "))
    if ":" in plain or plain.startswith(("-", "#", "[", "{", "'", '"')) or not same_level:
        return None
    key, _, rest = plain.partition(" ")
    fixed = [*lines[: prev - 1], " " * indent + f"{key}: {rest}".rstrip(), *lines[prev:]]
    return prev if _parses_past("\n".join(fixed), line) else None


def _syntax_problem(display: str, text: str, err: yaml.YAMLError) -> Problem:
    line = col = 1
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    context = getattr(err, "context_mark", None)
    if "could not find expected ':'" in str(getattr(err, "problem", "")) and context is not None:
        mark = context  # the key that lacks its colon, not the line after it
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    missing = _missing_colon_before(text, line, err)
    if missing is not None:
        return problem("yaml-syntax", display, missing, 1, "", detail="缺少冒号“:”",
                       fix="每个键后面要有“: ”(英文冒号加空格),如 number: 1")
    elif isinstance(getattr(err, "position", None), int):
        pos = err.position  # type: ignore[attr-defined]
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    raw = " ".join(str(getattr(err, a, "") or "") for a in ("context", "problem")) or str(err)
    if type(err).__name__ == "ReaderError":
        raw = "unacceptable character"
    found = next(((d, f) for needle, d, f in _SYNTAX if needle in raw), None)
    if "could not find expected ':'" not in raw and (indent := _indent_fix(text, line)) is not None:
        found = indent
        col = len(text.split("\n")[line - 1]) - len(text.split("\n")[line - 1].lstrip(" ")) + 1
    detail, fix = found or (f"无法解析({' '.join(raw.split())[:120]})", "参照同类文件检查这一行附近的格式")
    return problem("yaml-syntax", display, line, col, "", detail=detail, fix=fix)


def _mark(m: Any) -> Pos:
    return (m.line + 1, m.column + 1)


class _Builder:
    """YAML nodes → plain data + position map, reporting what plain data cannot hold."""

    def __init__(self, f: YamlFile) -> None:
        self.f = f
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")

    def report(self, code: str, pos: Pos, path: KeyPath, **fields: object) -> None:
        self.f.reported.add(path)
        self.problems.append(problem(code, self.f.display, pos[0], pos[1], format_path(path), **fields))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for k, v in node.value:
                kpos = _mark(k.start_mark)
                if not isinstance(k, yaml.ScalarNode):
                    self.report("bad-key", kpos, path)
                    continue
                if k.value == "<<" and not k.style:
                    self.report("yaml-merge-key", kpos, path)
                    continue
                key = str(k.value)
                kp = (*path, key)
                if key in out:
                    self.report("duplicate-key", kpos, kp, key=key, first=self.f.keys[kp][0])
                    continue
                self.f.keys[kp] = kpos
                self.f.values[kp] = _mark(v.start_mark)
                out[key] = self.build(v, kp)
            return out
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for i, item in enumerate(node.value):
                ip = (*path, i)
                self.f.keys[ip] = self.f.values[ip] = _mark(item.start_mark)
                items.append(self.build(item, ip))
            return items
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        if node.tag in _TEXT_TAGS:
            return str(node.value)
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # cannot build it: keep its text
            if node.tag == _TIMESTAMP:
                self.report("bad-date", _mark(node.start_mark), path, value=node.value)
            return str(node.value)
        finally:
            self.constructor.constructed_objects.clear()
        return value


def _events_problems(display: str, text: str) -> list[Problem]:
    """Reject anything but plain safe YAML, before building anything."""
    out: list[Problem] = []
    depth = docs = 0
    for ev in yaml.parse(text, Loader=_LOADER):
        if isinstance(ev, yaml.DocumentStartEvent):
            docs += 1
            if docs > 1:
                out.append(problem("multi-document", display, *_mark(ev.start_mark), count=docs))
                break
        if isinstance(ev, yaml.AliasEvent):
            out.append(problem("yaml-alias", display, *_mark(ev.start_mark), name=ev.anchor))
            continue
        if isinstance(ev, yaml.NodeEvent) and ev.anchor is not None:
            out.append(problem("yaml-anchor", display, *_mark(ev.start_mark), name=ev.anchor))
        tag = getattr(ev, "tag", None)
        if isinstance(ev, yaml.NodeEvent) and tag is not None:
            out.append(problem("yaml-tag", display, *_mark(ev.start_mark), tag=tag))
        if isinstance(ev, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                out.append(problem("too-deep", display, *_mark(ev.start_mark), limit=MAX_DEPTH))
                break
        elif isinstance(ev, yaml.CollectionEndEvent):
            depth -= 1
        if len(out) >= 50:
            break
    return out


_INDENT = re.compile(r"^[ \t]*")
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_problems(display: str, text: str) -> list[Problem]:
    """Characters YAML does not allow (control characters, lone surrogates), one problem per line."""
    out: list[Problem] = []
    for i, line in enumerate(text.split("\n"), 1):
        m = _NON_PRINTABLE.search(line)
        if m:
            out.append(problem("control-char", display, i, m.start() + 1, char=f"{ord(m.group()):04X}"))
            if len(out) >= 20:
                break
    return out


def _tab_problems(display: str, text: str) -> list[Problem]:
    out = []
    for i, line in enumerate(text.split("\n"), 1):
        indent = _INDENT.match(line).group(0)  # type: ignore[union-attr]
        if "\t" in indent and line.strip():
            out.append(problem("tab-indent", display, i, indent.index("\t") + 1))
    return out


def read_bytes(path: Path, display: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem that stops us reading them."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [problem("file-too-large", display, size=size, limit=limit)]
        # never follow a link, never wait on a pipe (the folder walk reported those already)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None, [problem("not-regular-file", display, kind="特殊文件")]
            raw = fh.read(limit + 1)
    except OSError as e:
        return None, [problem("unreadable-file", display, reason=safe_text(e.strerror or type(e).__name__))]
    if len(raw) > limit:
        return None, [problem("file-too-large", display, size=len(raw), limit=limit)]
    return raw, []


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a leading BOM dropped), or the position of the first byte that is not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as e:
        start = e.start
        line_start = raw.rfind(b"\n", 0, start) + 1
        line = raw.count(b"\n", 0, start) + 1
        col = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        return None, [problem("not-utf8", display, line, col, byte=start + 1, value=f"{raw[start]:02X}")]


def read_yaml(path: Path, display: str, ref: str) -> tuple[YamlFile | None, list[Problem]]:
    """Read one YAML file whose top level must be a mapping. Never raises."""
    raw, problems = read_bytes(path, display, MAX_FILE_BYTES)
    if raw is None:
        return None, problems
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [problem("empty-file", display)]
    problems = _control_problems(display, text) + _tab_problems(display, text)
    if problems:
        return None, problems
    try:
        problems = _events_problems(display, text)
        if problems:
            return None, problems
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        return None, [_syntax_problem(display, text, e)]
    if node is None:
        return None, [problem("empty-file", display)]
    if not isinstance(node, yaml.MappingNode):
        found = "列表" if isinstance(node, yaml.SequenceNode) else f"一段文字“{str(node.value)[:20]}”"
        return None, [problem("not-mapping", display, *_mark(node.start_mark), found=found)]
    f = YamlFile(path, display, ref, None, sha256=hashlib.sha256(raw).digest(), lines=tuple(text.split("\n")))
    f.keys[()] = f.values[()] = _mark(node.start_mark)
    builder = _Builder(f)
    f.data = builder.build(node, ())
    return f, builder.problems


# --- the folder -----------------------------------------------------------------------------------

PROGRESS_FOLDER = "progress"
"""Reports and measured values (:mod:`generator.data.progress`); not part of the plan's files."""

TASK_FILE = re.compile(r"^\d{2,}\.yaml$")


@dataclass
class CampaignFiles:
    folder: str
    campaign: YamlFile | None
    tasks: list[YamlFile]
    has_campaign_file: bool = True
    unread_tasks: int = 0
    """Task files that could not be read (so numbering gaps are not reported as well)."""


SHARED_KEY = "@site/"
"""Prefix of the shared files' keys in :attr:`RawPlan.file_hashes`."""

SITE_FILE = "site.yaml"
"""The site's identity, in the data folder so that editors change it through pull requests."""


@dataclass
class RawPlan:
    """Everything read from the data folder, before validation."""

    root: Path
    document: YamlFile | None = None
    units: YamlFile | None = None
    campaigns: list[CampaignFiles] = field(default_factory=list)
    source_text: str | None = None
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file under the folder (relative posix paths, sorted)."""
    revisions: list[YamlFile] = field(default_factory=list)
    """``revisions/*.yaml``: later documents amending the plan (:mod:`generator.data.revisions`)."""
    site: YamlFile | None = None
    """``site.yaml``: who runs the site (:class:`generator.data.schema.SiteFile`); optional."""
    site_read: bool = False
    """``site.yaml`` exists (it may still have been unreadable: then :attr:`site` is None)."""
    file_hashes: dict[str, bytes] = field(default_factory=dict)
    """Relative path → SHA-256 of the bytes read, for every file that was read (the shared
    registry's under ``@site/units.yaml``)."""
    shared: Path | None = None
    """A site of several documents: the site folder, whose ``units.yaml`` and ``site.yaml`` this
    document uses (:func:`generator.data.documents.load_site`); None: both are in :attr:`root`."""

    display_root: Path | None = None
    """Name files relative to this folder's parent (a document's ``progress/`` in a site of several
    documents: ``plan_data/documents/<doc-id>/progress/…``); None: :attr:`shared` or :attr:`root`."""

    @property
    def shared_units(self) -> bool:
        return self.shared is not None

    def data_digest(self) -> str | None:
        """SHA-256 (hex) over every file of the folder, its relative path and its bytes (from the
        hashes taken as each file was read); ``None`` if some file was not read."""
        h = hashlib.sha256(b"plan-data/1\0")
        shared = sorted(k for k in self.file_hashes if k.startswith(SHARED_KEY))
        for rel in [*self.files, *shared]:
            digest = self.file_hashes.get(rel)
            if digest is None:
                return None
            name = rel.encode("utf-8")
            h.update(len(name).to_bytes(4, "big") + name + digest)
        return h.hexdigest()

    def display(self, rel: str) -> str:
        base = self.display_root or self.shared or self.root
        return display_path(self.root / rel, base)

    def ref(self, rel: str) -> str:
        """``rel`` as the repository names it (``plan_data/…``; a document of a site of several
        documents: ``plan_data/documents/<doc-id>/…``)."""
        if self.shared is not None:
            return safe_text(f"{self.shared.name}/documents/{self.root.name}/{rel}")
        return safe_text(f"{self.root.name}/{rel}" if self.root.name else rel)


def display_path(p: Path, root: Path) -> str:
    """Relative to the working directory when inside it, else to the data folder's parent."""
    ap = Path(os.path.abspath(p))
    try:
        return safe_text(ap.relative_to(Path(os.path.abspath(os.getcwd()))).as_posix())
    except ValueError:
        pass
    try:
        return safe_text(ap.relative_to(Path(os.path.abspath(root)).parent).as_posix())
    except ValueError:
        return safe_text(ap.as_posix())


def _decodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind(st: os.stat_result) -> str | None:
    """What a non-regular entry is, in Chinese (None for a regular file)."""
    if stat.S_ISLNK(st.st_mode):
        return "符号链接"
    if stat.S_ISFIFO(st.st_mode):
        return "管道(FIFO)"
    if stat.S_ISSOCK(st.st_mode):
        return "套接字"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return "设备文件"
    return None if stat.S_ISREG(st.st_mode) else "特殊文件"


def _all_files(root: Path, raw: RawPlan, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every regular file under ``root`` (relative posix paths, sorted). The data folder is the
    boundary: symbolic links (to a file outside, or to a stream that never ends), pipes, devices,
    undecodable names and folders that cannot be listed are reported, never read or skipped
    silently. Top-level folders named in ``skip`` are left to their own reader."""
    out: list[str] = []

    def unreadable(err: OSError) -> None:
        where = Path(err.filename).relative_to(root).as_posix() if err.filename else "."
        raw.problems.append(
            problem("unreadable-file", raw.display(where), reason=safe_text(err.strerror or "无法列出"))
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in skip]
        for name in list(dirnames):
            rel = (rel_dir / name).as_posix()
            if not _decodable(name):
                dirnames.remove(name)
                raw.problems.append(problem("bad-file-name", raw.display(rel), name=safe_text(name)))
            elif not stat.S_ISDIR((st := os.lstat(Path(dirpath) / name)).st_mode) and (kind := _kind(st)):
                dirnames.remove(name)  # os.walk does not follow it; say so
                raw.problems.append(problem("not-regular-file", raw.display(rel), kind=kind))
        for name in sorted(filenames):
            rel = (rel_dir / name).as_posix()
            if not _decodable(name):
                raw.problems.append(problem("bad-file-name", raw.display(rel), name=safe_text(name)))
                continue
            try:
                kind = _kind(os.lstat(Path(dirpath) / name))
            except OSError as e:
                reason = safe_text(e.strerror or "")
                raw.problems.append(problem("unreadable-file", raw.display(rel), reason=reason))
                continue
            if kind is not None:
                raw.problems.append(problem("not-regular-file", raw.display(rel), kind=kind))
                continue
            out.append(rel)
    return sorted(out)


def _read(raw: RawPlan, rel: str) -> YamlFile | None:
    f, problems = read_yaml(raw.root / rel, raw.display(rel), raw.ref(rel))
    raw.problems.extend(problems)
    if f is not None:
        raw.file_hashes[rel] = f.sha256
    return f


SharedFiles = dict[str, tuple["YamlFile | None", list[Problem]]]
"""The site folder's files as read once for all its documents (:func:`read_tree`'s ``read_once``)."""


def _read_shared(raw: RawPlan, shared: Path, rel: str, once: SharedFiles | None = None) -> YamlFile | None:
    """``rel`` of the site folder (a document of a site of several documents), read once per
    ``once`` (the same registry for every document: a 100-document site parses it once)."""
    path = shared / rel
    if once is not None and rel in once:
        f, problems = once[rel]
    else:
        f, problems = read_yaml(path, display_path(path, shared), safe_text(f"{shared.name}/{rel}"))
        if once is not None:
            once[rel] = (f, problems)
    raw.problems.extend(problems)
    if f is not None:
        raw.file_hashes[SHARED_KEY + rel] = f.sha256
    return f


def read_tree(root: Path, shared: Path | None = None, read_once: SharedFiles | None = None) -> RawPlan:
    """Read every plan file under ``root``; report missing, unreadable and unclaimed files.
    ``shared``: the site folder whose ``units.yaml`` and ``site.yaml`` a document of a site of
    several documents uses (its own folder then holds neither); ``read_once`` keeps them read."""
    root = Path(root)
    raw = RawPlan(root, shared=Path(shared) if shared is not None else None)
    if root.is_symlink():  # the data folder itself is a link: it could point anywhere
        where = safe_text(str(root))
        raw.problems.append(problem("not-regular-file", where, kind="符号链接(数据文件夹本身)"))
        return raw
    if not root.is_dir():
        raw.problems.append(problem("missing-data-dir", safe_text(str(root)), path=safe_text(str(root))))
        return raw
    # progress/ (进展报送) is read and checked by generator.data.progress, after the plan
    files = raw.files = _all_files(root, raw, skip=frozenset({PROGRESS_FOLDER}))
    present = set(files)
    claimed: set[str] = set()

    if shared is not None:
        if (shared / SITE_FILE).is_file():
            raw.site = _read_shared(raw, shared, SITE_FILE, read_once)
            raw.site_read = True
        if (shared / "units.yaml").is_file():
            raw.units = _read_shared(raw, shared, "units.yaml", read_once)
        else:
            where = display_path(shared / "units.yaml", shared)
            fix = f"在 {shared.name or '数据文件夹'} 下新建 units.yaml(各文件共用的单位名录)"
            raw.problems.append(problem("missing-file", where, path="units.yaml", fix=fix))
    elif SITE_FILE in present:  # optional: the site's identity (主办单位, 备案号, contact …)
        claimed.add(SITE_FILE)
        raw.site = _read(raw, SITE_FILE)
        raw.site_read = True
    for rel, attr in (("document.yaml", "document"), ("units.yaml", "units")):
        if shared is not None and rel == "units.yaml":
            continue  # the shared registry (read above); one here is a stray file
        claimed.add(rel)
        if rel in present:
            setattr(raw, attr, _read(raw, rel))
        else:
            raw.problems.append(
                problem(
                    "missing-file",
                    raw.display(rel),
                    path=rel,
                    fix=f"在 {root.name or '数据文件夹'} 下新建 {rel}",
                )
            )

    # campaign folders: every folder under campaigns/ (document.yaml's list is checked later)
    folders = sorted(
        {rel.split("/")[1] for rel in files if rel.startswith("campaigns/") and rel.count("/") >= 2}
    )
    for folder in folders:
        base = f"campaigns/{folder}"
        crel = f"{base}/campaign.yaml"
        cf = CampaignFiles(folder, None, [], crel in present)
        if crel in present:
            claimed.add(crel)
            cf.campaign = _read(raw, crel)
        else:
            raw.problems.append(
                problem(
                    "missing-file",
                    raw.display(crel),
                    path=crel,
                    fix="从其他方案复制一份 campaign.yaml 并按本方案修改",
                )
            )
        for rel in files:
            if rel.startswith(f"{base}/tasks/") and rel.count("/") == 3 and rel.endswith((".yaml", ".yml")):
                claimed.add(rel)
                t = _read(raw, rel)
                if t is not None:
                    cf.tasks.append(t)
                else:
                    cf.unread_tasks += 1
        raw.campaigns.append(cf)

    # later documents amending the plan (applied once the plan is built)
    for rel in files:
        if rel.startswith("revisions/") and rel.count("/") == 1 and rel.endswith(".yaml"):
            claimed.add(rel)
            f = _read(raw, rel)
            if f is not None:
                raw.revisions.append(f)

    # the original text named by document.yaml
    doc = raw.document
    src = doc.data.get("source_file") if doc is not None else None
    if doc is not None and isinstance(src, str) and src.strip():
        src = src.strip()
        sp = Path(src)
        norm = os.path.normpath(src).replace(os.sep, "/")
        if sp.is_absolute() or norm.startswith("../") or norm == "..":
            raw.problems.append(
                doc.problem(
                    "source-file", ("source_file",), at_value=True, path=src, reason="不在数据文件夹内"
                )
            )
        elif norm not in present:
            raw.problems.append(
                doc.problem("source-file", ("source_file",), at_value=True, path=src, reason="不存在")
            )
        else:
            claimed.add(norm)
            data, problems = read_bytes(root / norm, raw.display(norm), MAX_SOURCE_BYTES)
            if data is not None:
                raw.file_hashes[norm] = hashlib.sha256(data).digest()
                raw.source_text, problems = decode(data, raw.display(norm))
            raw.problems.extend(problems)

    for rel in files:
        if rel in claimed:
            continue
        parts = rel.split("/")
        if shared is not None and rel in ("units.yaml", SITE_FILE):
            fix = (f"有多份文件时各文件共用数据文件夹顶层的 {rel};删除这个文件"
                   "(其中有顶层没有的内容,先并入顶层的文件)")
        elif parts[0] == "campaigns" and len(parts) == 4 and parts[2] == "tasks":
            fix = "任务文件应命名为两位编号加 .yaml(如 03.yaml);不是任务文件的请删除"
        elif parts[-1].endswith((".yaml", ".yml")):
            fix = (
                "数据文件只能是 document.yaml、units.yaml、site.yaml、revisions/<编号>.yaml、"
                "campaigns/<方案>/campaign.yaml "
                "和 campaigns/<方案>/tasks/NN.yaml;移动到正确位置,或删除"
            )
        else:
            fix = "删除该文件,或移到 plan_data 之外"
        raw.problems.append(problem("stray-file", raw.display(rel), fix=fix))
    return raw
