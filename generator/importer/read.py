"""Read a 公文 into text lines: ``.txt`` (UTF-8, or GB18030/GBK detected), ``.docx`` (Word and WPS,
through python-docx: paragraphs with their automatic numbering written out, tables as rows), ``.pdf``
with a text layer (through pypdf), and a 任务分解表 as ``.xlsx`` / ``.csv``.

Every failure is an :class:`ImportFailed` with a Chinese message that says what to do; nothing here
writes a file. Sizes are bounded before anything is parsed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
"""Largest file accepted (20 MB): a plan of this genre is well under 1 MB of text."""
MAX_LINES = 200_000
MAX_TABLE_ROWS = 20_000


class ImportFailed(Exception):
    """A document that cannot be imported; ``str()`` is the Chinese message for the editor."""


@dataclass
class SourceDoc:
    """What was read: the text lines (the copy of record) and the tables found, each a list of rows."""

    name: str
    lines: list[str]
    tables: list[list[list[str]]] = field(default_factory=list)
    kind: str = "txt"
    paragraphs: list[str] = field(default_factory=list)
    """A Word file's paragraphs (not its tables): the notice before a 任务分解表."""


def read_document(path: Path) -> SourceDoc:
    """The document at ``path`` as lines (and tables); :class:`ImportFailed` if it cannot be read."""
    if not path.is_file():
        raise ImportFailed(f"找不到文件 {path}(或它不是普通文件)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportFailed(
            f"{path.name} 有 {size / 1024 / 1024:.1f} MB,超过上限 20 MB:这类方案的正文通常不到 1 MB;"
            "请去掉其中的图片后另存,或只导入正文"
        )
    if size == 0:
        raise ImportFailed(f"{path.name} 是空文件")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".doc" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFailed(
            f"{path.name} 是旧版 Word 文件(.doc 或 .wps),无法直接读取:请在 Word 或 WPS 中打开,"
            "“另存为”选择“Word 文档(*.docx)”,再导入 .docx 文件"
        )
    if suffix == ".docx":
        return _docx(path.name, data)
    if suffix == ".pdf":
        return _pdf(path.name, data)
    if suffix in (".xlsx", ".csv"):
        return _table_file(path.name, data, suffix)
    if suffix not in (".txt", ""):
        raise ImportFailed(f"不支持 {suffix} 文件:请导入 .txt、.docx、.pdf,或任务分解表 .xlsx/.csv")
    return SourceDoc(path.name, _lines(decode_text(data, path.name)))


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which covers GBK and GB2312); binary is refused."""
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{name} 不是文本文件(含有二进制内容):请导入 .txt、.docx 或 .pdf")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise ImportFailed(f"{name} 的编码无法识别(既不是 UTF-8 也不是 GB18030/GBK):请另存为 UTF-8 文本后再导入")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad > len(sample) // 100


def _lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        raise ImportFailed(f"文件有 {len(lines)} 行,超过上限 {MAX_LINES} 行")
    return lines


# --- Word ---------------------------------------------------------------------------------------
def _docx(name: str, data: bytes) -> SourceDoc:
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
        if total > 10 * MAX_BYTES:
            raise ImportFailed(f"{name} 解压后超过 200 MB,不像一份公文:请检查文件")
        d = docx.Document(io.BytesIO(data))
    except ImportFailed:
        raise
    except Exception:  # python-docx raises many kinds for a damaged file
        raise ImportFailed(
            f"{name} 不是有效的 .docx 文件(可能已损坏或加密):请在 Word/WPS 中打开后重新另存为 .docx"
        ) from None
    lines: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    body = d.element.body
    tables: list[list[list[str]]] = []
    paragraphs: list[str] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, d)
            lines.append(_numbering(para, counters) + para.text)
            paragraphs.append(lines[-1])
        elif tag == "tbl":
            table = Table(child, d)
            rows = [[cell.text.strip() for cell in row.cells] for row in table.rows][:MAX_TABLE_ROWS]
            tables.append(rows)
            for row in rows:
                lines.append("\t".join(dict.fromkeys(c for c in row if c)))
    return SourceDoc(name, lines, tables, "docx", paragraphs)


_NUM_FORMATS = {
    "decimal": lambda n: str(n),
    "chineseCounting": lambda n: _cn(n),
    "chineseCountingThousand": lambda n: _cn(n),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[n - 1] if n <= 10 else str(n),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
}


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _numbering(para: object, counters: dict[tuple[str, int], int]) -> str:
    """The automatic number Word shows before a paragraph (一、 (一) 1. (1) ①), written out — the
    text of a numbered list item does not contain it."""
    p = getattr(para, "_p", None)
    ppr = getattr(p, "pPr", None)
    numpr = getattr(ppr, "numPr", None) if ppr is not None else None
    style = getattr(para, "style", None)
    for _ in range(5):  # else the paragraph style's numbering (List Number …), or its base style's
        if numpr is not None or style is None:
            break
        sppr = getattr(style.element, "pPr", None)
        numpr = getattr(sppr, "numPr", None) if sppr is not None else None
        style = style.base_style
    if numpr is None or numpr.numId is None:
        return ""
    num_id = str(numpr.numId.val)
    level = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
    fmt, text = _level_format(para, num_id, level)
    if fmt is None:
        return ""
    key = (num_id, level)
    counters[key] = counters.get(key, 0) + 1
    for k in [k for k in counters if k[0] == num_id and k[1] > level]:
        del counters[k]
    value = _NUM_FORMATS.get(fmt, lambda n: str(n))(counters[key])
    return re.sub(r"%\d", value, text or "%1.")


def _level_format(para: object, num_id: str, level: int) -> tuple[str | None, str | None]:
    try:
        numbering = para.part.numbering_part.element  # type: ignore[attr-defined]
    except Exception:  # no numbering part in the file
        return None, None
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    num = numbering.find(f"w:num[@w:numId='{num_id}']", ns)
    if num is None:
        return None, None
    abstract = num.find("w:abstractNumId", ns)
    if abstract is None:
        return None, None
    anum = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract.get(w + 'val')}']", ns)
    lvl = anum.find(f"w:lvl[@w:ilvl='{level}']", ns) if anum is not None else None
    if lvl is None:
        return None, None
    fmt = lvl.find("w:numFmt", ns)
    text = lvl.find("w:lvlText", ns)
    return (
        fmt.get(w + "val") if fmt is not None else None,
        text.get(w + "val") if text is not None else None,
    )


# --- PDF ----------------------------------------------------------------------------------------
def _pdf(name: str, data: bytes) -> SourceDoc:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportFailed(f"{name} 是加密的 PDF:请用原文件(Word/WPS)导入,或先解除密码保护再导出 PDF")
        pages = [page.extract_text() or "" for page in reader.pages[:2000]]
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed(f"{name} 不是有效的 PDF 文件(可能已损坏):请用原文件(Word/WPS)导入") from None
    text = pdf_text("\n".join(pages))
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 20:
        raise ImportFailed(
            f"{name} 没有文字层(是扫描件或图片):需要先用 OCR 软件识别成文字,"
            "或向发文单位索取 Word/WPS 原文件再导入"
        )
    return SourceDoc(name, _lines(text), [], "pdf")


def pdf_text(text: str) -> str:
    """A PDF's extracted text as the document reads: Kangxi radicals and compatibility forms folded
    (NFKC: ⽔ → 水), and the spaces extractors put between Chinese characters removed.

    >>> pdf_text("测区委办〔 2025 〕 2 号 — 关于印发测试区 2025 年净⽔⾏动")
    '测区委办〔2025〕2号—关于印发测试区2025年净水行动'
    """
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=[^\x00-\x7f])[ \t]+|[ \t]+(?=[^\x00-\x7f])", "", text)


# --- 任务分解表 ---------------------------------------------------------------------------------
def _table_file(name: str, data: bytes, suffix: str) -> SourceDoc:
    if suffix == ".csv":
        text = decode_text(data, name)
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))][:MAX_TABLE_ROWS]
    else:
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
        except Exception:
            raise ImportFailed(f"{name} 不是有效的 .xlsx 文件:请在 Excel/WPS 中打开后另存为 .xlsx") from None
        ws = wb.worksheets[0]
        merged = {}
        for rng in ws.merged_cells.ranges:  # a merged cell's value belongs to every cell it covers
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, min(rng.max_row, MAX_TABLE_ROWS) + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = value
        rows = []
        for r, row in enumerate(ws.iter_rows(max_row=min(ws.max_row, MAX_TABLE_ROWS)), 1):
            rows.append([str(merged.get((r, c), cell.value) or "").strip() for c, cell in enumerate(row, 1)])
    lines = ["\t".join(dict.fromkeys(c for c in row if c)) for row in rows]
    return SourceDoc(name, lines, [rows], "table")
