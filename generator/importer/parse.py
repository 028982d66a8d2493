"""Parse a 公文's lines into the plan's structure: the notice (文号, title, addressees, body, date),
then each 实施方案 with its parts 一、二、…, sections (一)(二)…, tasks 1. 2. …, sub-items (1)(2)…,
the units of each task by role and its deadlines.

Units are found in the layouts plans of this genre use:

1. lines after the task (``牵头单位:…`` / ``配合单位:…`` / ``责任单位:…``, also ``责任部门``), per
   sub-item too, with a trailing ``〔以下各项工作…均为责任单位,不再列出〕`` note;
2. parentheses at the end of the task paragraph:
   ``(市生态环境局牵头,市发展改革委、市工业和信息化局参与,各县(区)人民政府负责落实)``;
3. one line after the task: ``牵头单位:经信委;责任单位:发改委、市场监管局``;
4. a 任务分解表 (序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限), in :mod:`generator.importer.table`.

Everything the parser had to guess is a :class:`Note` for the import report.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from generator.model.dates import date_in_words

CN_NUM = "一二三四五六七八九十"
PART = re.compile(rf"^([{CN_NUM}]{{1,3}})、\s*(.+)$")
SECTION = re.compile(rf"^[(（]([{CN_NUM}]{{1,3}})[)）]\s*(.+)$")
TASK = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)(.+)$")
SUBITEM = re.compile(r"^[(（](\d{1,2})[)）]\s*(.+)$")
UNIT_LINE = re.compile(r"^(牵头单位|牵头部门|配合单位|配合部门|参与单位|责任单位|责任部门)\s*[:：]\s*(.*)$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
PUBLISHED = re.compile(
    r"来源[:：]\s*(\S+).*?时间[:：]\s*(\d{4}-\d{2}-\d{2})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?"
)
CHROME = re.compile(r"^(打印此文|打印本页|关闭窗口|相关链接|【打印】|【关闭】|扫一扫在手机打开当前页).*$")
PAGE_NUMBER = re.compile(r"^[-—–]\s*\d{1,4}\s*[-—–]$|^第\s*\d{1,4}\s*页(\s*共\s*\d+\s*页)?$")
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?\s*$")
MASTHEAD = re.compile(r"^.{2,30}(文件|办公室|人民政府|委员会)$")
ROLE_OF_LABEL = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "配合单位": "cooperate",
    "配合部门": "cooperate",
    "参与单位": "cooperate",
    "责任单位": "responsible",
    "责任部门": "responsible",
}
DEFAULT_LABEL = {"lead": "牵头单位", "cooperate": "配合单位", "responsible": "责任单位"}
# layout 2: (X牵头,Y、Z参与,各县(区)人民政府负责落实)
ROLE_WORDS = (
    ("牵头督导", "lead"),
    ("牵头负责", "lead"),
    ("牵头", "lead"),
    ("配合", "cooperate"),
    ("参与", "cooperate"),
    ("协助", "cooperate"),
    ("负责落实", "responsible"),
    ("具体落实", "responsible"),
    ("负责", "responsible"),
    ("落实", "responsible"),
)
IMPLICIT = re.compile(r"以下各项(?:工作|任务)?(.+?)均为(牵头|配合|责任)(?:单位|部门)")
END_PUNCT = "。;；!！?？:：”」』)）"

DATED = re.compile(
    r"(?:到)?(?:\d{4}年(?:\d{1,2}月(?:底|末|\d{1,2}日)|年?底|年?末|上半年)|\d{1,2}月(?:底|末|\d{1,2}日)|年底|上半年)"
    r"(?:之前|以前|前)?"
)
UNDATED = re.compile(r"按照?(?:省|市|上级)定时间节点|按照?(?:省|市|上级)(?:要求的)?时间节点")
RECURRING = re.compile(r"每月(\d{1,2})日前|每季度|每半年|每年")


@dataclass
class Note:
    """Something a human must confirm, for the import report (Chinese)."""

    where: str
    what: str


@dataclass
class Units:
    """Units by role as written (names in order), their labels, and a trailing note per role."""

    roles: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, role: str, names: list[str], label: str | None = None, note: str | None = None) -> None:
        have = self.roles.setdefault(role, [])
        have += [n for n in names if n not in have]
        if label and label != DEFAULT_LABEL[role]:
            self.labels[role] = label
        if note:
            self.notes[role] = note

    def __bool__(self) -> bool:
        return any(self.roles.values())


@dataclass
class Deadline:
    text: str
    what: str
    date: dt.date | None = None
    recurrence: str | None = None


@dataclass
class SubItem:
    label: str
    text: str
    units: Units = field(default_factory=Units)
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass
class Task:
    number: int
    section: int
    title: str
    body: str | None
    line: int
    units: Units = field(default_factory=Units)
    subitems: list[SubItem] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    broken_lines: list[str] = field(default_factory=list)
    """The words before each line break the parser joined (a paragraph the source broke)."""
    title_end: str = "。"
    """The punctuation after the title: 。, ；/; or "" (the title is a line of its own)."""


@dataclass
class Section:
    number: int
    title: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Requirement:
    number: int
    title: str
    text: str
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass
class Part:
    number: str
    heading: str
    role: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Campaign:
    title: str
    line: int
    intro: str = ""
    parts: list[Part] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    implicit: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(unit, role, task number, the note) for each 以下…不再列出 note."""


@dataclass
class Parsed:
    doc_number: str | None
    title: str
    addressees: str | None
    body: list[str]
    date_written: dt.date | None
    date_written_text: str | None
    published: dt.datetime | None
    published_source: str | None
    chrome_lines: int
    plan_year: int | None
    campaigns: list[Campaign]
    notes: list[Note] = field(default_factory=list)


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_NUM.index(tens) + 1 if tens else 1) * 10 + (CN_NUM.index(ones) + 1 if ones else 0)
    return CN_NUM.index(text) + 1


def part_role(heading: str) -> str:
    if heading in ("总体要求", "指导思想", "总体思路", "基本原则"):
        return "guidance"
    if "任务" in heading or "重点工作" in heading or "主要措施" in heading:
        return "tasks"
    if "目标" in heading:
        return "goals"
    if any(w in heading for w in ("要求", "保障", "组织实施", "工作措施")):
        return "requirements"
    return "guidance"


def is_campaign_title(line: str) -> bool:
    return (
        len(line) <= 60
        and line.endswith(("方案", "行动计划", "工作计划", "实施计划", "工作要点"))
        and "。" not in line
        and not line.startswith(("《", "关于", "附件", "附:"))
        and not re.match(r"^\d+[.．、]", line)
        and not PART.match(line)
        and not SECTION.match(line)
        and not TASK.match(line)
    )


def split_title(paragraph: str) -> tuple[str, str | None]:
    """``标题。正文`` → (标题, 正文): the phrase before the first 。 (see :func:`title_stop`)."""
    title, _stop, rest = title_stop(paragraph)
    return title, rest


def title_stop(paragraph: str) -> tuple[str, str, str | None]:
    """(标题, the punctuation after it, 正文): the title ends at the first 。, else at the first
    ；/; (a title ended by a semicolon), else it is the whole paragraph (ended by the line break)."""
    cut = [(paragraph.find(s), s) for s in ("。", "；", ";") if s in paragraph]
    if not cut:
        return paragraph, "", None
    at, stop = min(cut)
    return paragraph[:at], stop, paragraph[at + 1 :] or None


def split_names(text: str) -> tuple[list[str], str | None]:
    """``区甲局、区乙局,各镇(街道)〔以下…〕`` → names (parentheses kept whole) and the trailing note."""
    note = None
    m = re.search(r"[〔［\[【][^〔〕]*[〕］\]】]\s*$", text)
    if m:
        note = m.group(0).strip()
        text = text[: m.start()]
    names, depth, cur = [], 0, ""
    text = re.sub(r"(按职责分工|按照职责|按职责)?(负责|落实|配合)$", "", text.strip().rstrip("。;；"))
    text = re.sub(r"等(相关|有关)?(部门|单位)?$", "", text)
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and (ch in "、,，;；" or ch.isspace()):
            if cur.strip():
                names.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        names.append(cur.strip())
    return names, note


def trailing_parens(paragraph: str) -> tuple[str, str] | None:
    """The balanced (…) group that ends ``paragraph`` and names roles (layout 2), and the text
    before it; None if there is none."""
    text = paragraph.rstrip()
    end = text.rstrip("。")
    if not end.endswith((")", "）")):
        return None
    depth = 0
    for i in range(len(end) - 1, -1, -1):
        if end[i] in ")）":
            depth += 1
        elif end[i] in "(（":
            depth -= 1
            if depth == 0:
                inner = end[i + 1 : -1]
                if any(w in inner for w, _ in ROLE_WORDS):
                    return text[:i], inner
                return None
    return None


def parens_units(inner: str) -> Units:
    """``市生态环境局牵头,市发展改革委、市工业和信息化局参与,各县(区)人民政府负责落实``."""
    units = Units()
    note = None
    m = IMPLICIT.search(inner)
    if m:
        note = inner[m.start() :]
        inner = inner[: m.start()].rstrip(",，;；")
    for clause in re.split(r"[,，;；](?![^(（]*[)）])", inner):
        clause = clause.strip()
        for word, role in ROLE_WORDS:
            if clause.endswith(word):
                names, _ = split_names(clause[: -len(word)])
                units.add(role, names)
                break
    if note:
        m = IMPLICIT.search(note)
        assert m is not None
        units.notes[ROLE_OF_LABEL[m.group(2) + "单位"]] = note
    return units


def find_deadlines(text: str, plan_year: int | None, start: dt.date | None) -> list[Deadline]:
    """The deadlines a task's words name, in order: dated ones (10月底前, 到2024年年底, 2025年底前),
    ``按照市定时间节点`` and recurrences (每月28日前, 每季度, 每半年). ``what`` is the clause that follows."""
    found: list[tuple[int, Deadline]] = []
    for m in DATED.finditer(text):
        words = m.group(0)
        if not (words.endswith("前") or words.startswith("到") or "底" in words or "末" in words):
            continue
        if words.endswith("上半年") and not text[m.end() : m.end() + 2].startswith(("前", "底", "完成")):
            continue  # 上半年度 / 上半年的…: a period named, not a deadline
        plain = re.sub(r"(之前|以前)$", "前", words)
        day = date_in_words(plain, plan_year, start) if plan_year else None
        found.append((m.start(), Deadline(words, _what(text, m.end()) or words, day)))
    for m in UNDATED.finditer(text):
        found.append((m.start(), Deadline(m.group(0), _what(text, m.end()) or m.group(0))))
    for m in RECURRING.finditer(text):
        words = m.group(0)
        rec = f"每月{m.group(1)}日" if m.group(1) else words
        found.append((m.start(), Deadline(words, _what(text, m.end()) or words, None, rec)))
    found.sort(key=lambda x: x[0])
    out: list[Deadline] = []
    last_end = -1
    for pos, dl in found:  # overlapping phrases: the first wins
        if pos < last_end:
            continue
        out.append(dl)
        last_end = pos + len(dl.text)
    return out


LOOKS_LIKE_DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:[一二三四]季度|第[一二三四]季度|\d{1,2}月(?:上|中|下)旬|\d{1,2}月|年中|下半年)"
    r"(?:末|底)?(?:之前|以前|前)|每(?:周|旬|两个月|月底|半月)"
)
"""Phrases that name a time limit the parser does not date (三季度末前, 6月中旬前, 11月前, 每周 …):
listed in the import report rather than guessed."""


def unrecognised_deadlines(text: str, found: list[Deadline]) -> list[str]:
    """The deadline-like phrases of ``text`` that none of ``found`` covers."""
    covered = [d.text for d in found]
    return [
        m.group(0)
        for m in LOOKS_LIKE_DEADLINE.finditer(text)
        if not any(m.group(0) in w or w in m.group(0) for w in covered)
    ]


def _what(text: str, at: int) -> str:
    rest = text[at:]
    m = re.match(r"[^,，;；。]*", rest)
    return (m.group(0) if m else "").strip()


# --- the parser ----------------------------------------------------------------------------------
class Parser:
    def __init__(self, lines: list[str]) -> None:
        self.raw = lines
        self.notes: list[Note] = []

    def note(self, where: str, what: str) -> None:
        self.notes.append(Note(where, what))

    def run(self) -> Parsed:
        lines = [
            (i + 1, ln.replace("\u3000", " ").replace("\xa0", " ").strip()) for i, ln in enumerate(self.raw)
        ]
        for k, (n, text) in enumerate(lines):  # page numbers and 附件 markers are not text
            if PAGE_NUMBER.match(text) or ATTACHMENT.match(text):
                self.note(f"第{n}行", f"“{text}”是页码或附件标记,未收录为正文")
                lines[k] = (n, "")
        chrome = 0
        kept = [x for x in lines if x[1]]
        while kept and CHROME.match(kept[-1][1]):
            kept.pop()
        if kept:
            last_line = kept[-1][0]
            body_lines = self.raw[:last_line]
            chrome = len("\n".join(self.raw).rstrip("\n").split("\n")) - len(body_lines)
        items = [x for x in kept]
        if not items:
            raise ValueError("empty")
        first_campaign = next((k for k, (_, t) in enumerate(items) if is_campaign_title(t)), None)
        if first_campaign == 0 and any(is_campaign_title(t) and t == items[0][1] for _, t in items[1:]):
            # a reprint: the plan's title on top, then the notice, then the plan under the same title
            first_campaign = next(k for k, (_, t) in enumerate(items) if k > 0 and is_campaign_title(t))
        head = items[:first_campaign] if first_campaign is not None else items
        parsed = self.notice(head)
        parsed.chrome_lines = chrome
        if parsed.plan_year is None and first_campaign is not None:  # a plan without a notice
            m = re.search(r"(20\d{2})年", items[first_campaign][1])
            parsed.plan_year = int(m.group(1)) if m else None
        if not parsed.title and first_campaign is not None:
            parsed.title = items[first_campaign][1]
        if first_campaign is None:  # the document is one plan, titled like a notice or not at all
            parsed.campaigns = [self.campaign(parsed.title, items[0][0], items[1:], parsed)]
        else:
            starts = [k for k, (_, t) in enumerate(items) if k >= first_campaign and is_campaign_title(t)]
            starts.append(len(items))
            for a, b in itertools.pairwise(starts):
                parsed.campaigns.append(self.campaign(items[a][1], items[a][0], items[a + 1 : b], parsed))
        parsed.notes = self.notes
        return parsed

    # the notice ---------------------------------------------------------------------------------
    def notice(self, head: list[tuple[int, str]]) -> Parsed:
        doc_number = title = addressees = source = None
        date_written = None
        date_text = None
        published = None
        body: list[str] = []
        plan_year = None
        notice_title = next((t for _, t in head if re.match(r"^关于.+的(通知|决定|意见)$", t)), None)
        head = [(n, t) for n, t in head if not (MASTHEAD.match(t) and t != notice_title and "〔" not in t)]
        for _n, text in head:
            if (
                title is None
                and notice_title is not None
                and text != notice_title
                and not DOC_NUMBER.search(text)
                and not text.startswith("来源")
            ):
                self.note(f"第{_n}行", f"“{text[:30]}”在标题之前,未收录")
                continue
            if title is None:
                m = DOC_NUMBER.search(text)
                if m and m.start() == 0 and len(text) > m.end() + 1:
                    doc_number, title = m.group(0), re.sub(r"^[—\-\s]+", "", text[m.end() :]).strip()
                    continue
                if m and m.group(0) == text:
                    doc_number = text
                    continue
                if not text.startswith("来源"):
                    title = text
                    continue
            m = PUBLISHED.search(text)
            if m and published is None:
                source = m.group(1)
                when = m.group(2) + " " + (m.group(3) or "00:00:00")
                if len(when) == 16:
                    when += ":00"
                published = dt.datetime.fromisoformat(when)
                continue
            if doc_number is None and (m := DOC_NUMBER.fullmatch(text)):
                doc_number = text
                continue
            if addressees is None and text.endswith((":", "：")) and not body:
                addressees = text[:-1]
                continue
            if (m := DATE_LINE.match(text.replace(" ", ""))) and date_written is None:
                date_text = text.replace(" ", "")
                date_written = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                continue
            if addressees is not None and date_written is None:
                body.append(text)
        if title:
            m = re.search(r"(20\d{2})年", title)
            plan_year = int(m.group(1)) if m else None
        if plan_year is None and doc_number:
            m = re.search(r"(20\d{2})", doc_number)
            plan_year = int(m.group(1)) if m else None
        return Parsed(
            doc_number,
            title or "",
            addressees,
            body,
            date_written,
            date_text,
            published,
            source,
            0,
            plan_year,
            [],
        )

    # one plan -----------------------------------------------------------------------------------
    def campaign(self, title: str, line: int, items: list[tuple[int, str]], doc: Parsed) -> Campaign:
        c = Campaign(title, line)
        part: Part | None = None
        section: Section | None = None
        task: Task | None = None
        sub: SubItem | None = None
        req: Requirement | None = None
        last_open = False  # the previous line did not end a sentence: a continuation may follow
        start = doc.date_written
        year = doc.plan_year

        def role() -> str:
            return part.role if part else "guidance"

        items = self.join_unit_lines(items)
        for n, text in items:
            where = f"第{n}行"
            if (m := PART.match(text)) and len(text) <= 30 and "。" not in text:
                part = Part(m.group(1), m.group(2).strip(), part_role(m.group(2)))
                c.parts.append(part)
                task = sub = req = None
                section = None
                last_open = False
                continue
            if part is None:
                if not c.intro:
                    c.intro = text
                else:
                    c.intro += text if last_open else ""
                    if not last_open:
                        self.note(where, f"《{c.title}》开头有多段文字,只收录了第一段;其余:{text[:30]}…")
                last_open = not text.endswith(tuple(END_PUNCT))
                continue
            um = UNIT_LINE.match(text)
            if um and (task is not None or sub is not None):
                self.unit_line(task, sub, text, where)
                last_open = False
                continue
            if role() == "tasks":
                if (m := SECTION.match(text)) and "。" not in text:
                    section = Section(cn_number(m.group(1)), m.group(2).strip())
                    c.sections.append(section)
                    task = sub = None
                    last_open = False
                    continue
                if m := TASK.match(text):
                    if section is None:
                        section = Section(1, part.heading)
                        c.sections.append(section)
                        self.note(where, f"《{c.title}》的任务没有小节,已建一个小节“{part.heading}”")
                    title_, stop, body = title_stop(m.group(2).strip())
                    task = Task(int(m.group(1)), section.number, title_, body, n, title_end=stop)
                    c.tasks.append(task)
                    sub = None
                    if body and (sm := SUBITEM.match(body)):  # 9. 标题。(1)分项… on one line
                        task.body = None
                        sub = SubItem(f"({sm.group(1)})", sm.group(2).strip())
                        task.subitems.append(sub)
                    last_open = not text.endswith(tuple(END_PUNCT))
                    continue
                if task is not None and (m := SUBITEM.match(text)):
                    sub = SubItem(f"({m.group(1)})", m.group(2).strip())
                    task.subitems.append(sub)
                    last_open = not text.endswith(tuple(END_PUNCT))
                    continue
                if task is not None and not task.units and not (sub and sub.units):
                    # the task's paragraph goes on (a broken line, or ① ② inside it)
                    if sub is not None:
                        task.broken_lines.append(sub.text[-15:])
                        sub.text += text
                    elif task.body is None and not task.subitems and task.title_end in ("。", "；", ";"):
                        task.body = text  # "1. 标题。" then the text on the next line
                    elif (
                        task.body is None
                        and not task.subitems
                        and task.title_end == ""
                        and len(task.title) <= 30
                    ):
                        task.body = text  # a title on a line of its own, the text below it
                    elif task.body is None and not task.subitems:
                        task.broken_lines.append(task.title[-15:])
                        task.title, task.title_end, task.body = title_stop(task.title + text)
                    else:
                        task.broken_lines.append((task.body or "")[-15:])
                        task.body = (task.body or "") + text
                    last_open = not text.endswith(tuple(END_PUNCT))
                    continue
                if section is not None and task is None:
                    if section.paragraphs and last_open:
                        section.paragraphs[-1] += text
                    else:
                        section.paragraphs.append(text)
                    last_open = not text.endswith(tuple(END_PUNCT))
                    continue
                self.note(where, f"这一行放不进任何任务(在单位行之后):{text[:40]}")
                continue
            if role() == "requirements":
                if m := SECTION.match(text):
                    title_, body = split_title(m.group(2).strip())
                    req = Requirement(cn_number(m.group(1)), title_, body or "")
                    c.requirements.append(req)
                    last_open = not text.endswith(tuple(END_PUNCT))
                    continue
                if req is not None and last_open:
                    req.text += text
                    last_open = not text.endswith(tuple(END_PUNCT))
                    continue
                if req is None:
                    part.paragraphs.append(text)
                    continue
                self.note(where, f"有关要求中的这一行不是编号的一项,已并入上一项:{text[:40]}")
                req.text += text
                continue
            # guidance / goals: paragraphs, joined across broken lines
            if part.paragraphs and last_open:
                part.paragraphs[-1] += text
            else:
                part.paragraphs.append(text)
            last_open = not text.endswith(tuple(END_PUNCT))
        numbers = [t.number for t in c.tasks]
        if numbers != list(range(1, len(numbers) + 1)):
            self.note(
                c.title,
                "任务编号不是从 1 起连续编号(如各小节重新编号),已按出现顺序改为 1、2、3……:"
                "原编号 " + "、".join(map(str, numbers[:20])) + ("……" if len(numbers) > 20 else ""),
            )
            for k, t in enumerate(c.tasks, 1):
                t.number = k
        for t in c.tasks:
            self.finish_task(c, t, year, start)
        for r in c.requirements:
            r.deadlines = find_deadlines(r.text, year, start)
        return c

    def join_unit_lines(self, items: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """A unit line the source broke (``责任单位:区发展改`` / ``革委、各镇(街道)``) is one line again."""
        out: list[tuple[int, str]] = []
        for n, text in items:
            if out and UNIT_LINE.match(out[-1][1]) and not out[-1][1].endswith((*END_PUNCT, "〕", "】")):
                structural = (
                    PART.match(text)
                    or SECTION.match(text)
                    or TASK.match(text)
                    or SUBITEM.match(text)
                    or UNIT_LINE.match(text)
                    or is_campaign_title(text)
                )
                if not structural:
                    self.note(f"第{out[-1][0]}行", f"单位行在“{out[-1][1][-6:]}”之后断行,已接排:{text[:20]}")
                    out[-1] = (out[-1][0], out[-1][1] + text)
                    continue
            out.append((n, text))
        return out

    def unit_line(self, task: Task | None, sub: SubItem | None, text: str, where: str) -> None:
        """One unit line, or several on one line separated by ; (layout 3)."""
        owner_units = sub.units if sub is not None and task is not None and task.subitems else task.units  # type: ignore[union-attr]
        pieces = [text]
        if re.search(r"[;；]\s*(牵头|配合|参与|责任)(单位|部门)\s*[:：]", text):
            pieces = [
                p for p in re.split(r"[;；]\s*(?=(?:牵头|配合|参与|责任)(?:单位|部门)\s*[:：])", text) if p
            ]
        for piece in pieces:
            m = UNIT_LINE.match(piece.strip())
            if m is None:
                self.note(where, f"单位行无法识别:{piece[:40]}")
                continue
            names, note = split_names(m.group(2))
            r = ROLE_OF_LABEL[m.group(1)]
            lead = [n for n in names if re.search(r"[(（]牵头[)）]$", n)]  # 区生态环境分局(牵头)
            names = [re.sub(r"[(（]牵头[)）]$", "", n) for n in names]
            if lead:
                owner_units.add("lead", [re.sub(r"[(（]牵头[)）]$", "", n) for n in lead])
                self.note(where, f"单位名称后注明“(牵头)”,已记为牵头单位:{'、'.join(lead)}")
            owner_units.add(
                r,
                [n for n in names if n not in [re.sub(r"[(（]牵头[)）]$", "", x) for x in lead]],
                m.group(1),
                note,
            )

    def finish_task(self, c: Campaign, t: Task, year: int | None, start: dt.date | None) -> None:
        # layout 2: the units in parentheses at the end of the paragraph
        if not t.units and not any(s.units for s in t.subitems):
            holder = t.subitems[-1] if t.subitems else None
            text = holder.text if holder else f"{t.title}{t.title_end}{t.body or ''}"
            found = trailing_parens(text)
            if found:
                before, inner = found
                units = parens_units(inner)
                if holder:
                    holder.text = before.rstrip()
                else:
                    t.title, t.title_end, t.body = title_stop(before.rstrip())
                t.units = units
        for note in list(t.units.notes.values()):
            m = IMPLICIT.search(note)
            if m:
                unit = m.group(1).strip()
                c.implicit.append((unit, ROLE_OF_LABEL[m.group(2) + "单位"], t.number, note))
        t.deadlines = find_deadlines(f"{t.title}{t.title_end}{t.body or ''}", year, start)
        for s in t.subitems:
            s.deadlines = find_deadlines(s.text, year, start)
        code = f"{c.title[:12]}…第{t.number}项"
        for words_in, dated in [
            (f"{t.title}{t.body or ''}", t.deadlines),
            *[(s.text, s.deadlines) for s in t.subitems],
        ]:
            for words in unrecognised_deadlines(words_in, dated):
                self.note(code, f"“{words}”像是时限,但没有识别(不在日历中):请核对,需要时手工加入 deadlines")
        if t.body is None and not t.subitems and t.title_end == "。":
            t.title, t.title_end = t.title + "。", ""  # a one-sentence task: the sentence is the title
