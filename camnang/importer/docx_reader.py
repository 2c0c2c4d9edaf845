""".docx → blocks, in body order: paragraphs and tables, Word automatic numbering rendered back into the text.

Word keeps the numbers of a numbered list ("I.", "1.1.", "a)") out of the paragraph text:
the paragraph names a list instance (numId) and a level (ilvl), numbering.xml says how each
level looks (numFmt, lvlText "%1.%2.", start), and Word counts per list instance, a level
restarting whenever a higher level of the same instance advances. We count the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias, overload

from .readers import INVISIBLE, Block, ReadError, Reading, check_zip, is_residue

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# lxml and python-docx ship no type stubs: their elements and documents are a dynamic boundary.
Element: TypeAlias = Any  # an lxml element of the .docx XML
DocxDocument: TypeAlias = Any  # a python-docx Document
Cell: TypeAlias = tuple[int, int, int]  # (table, row, column), as Block.cell


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # by numId
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # lvlOverride/startOverride
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, {})
        start = self.starts.get((num_id, ilvl), levels[ilvl].start)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # restart lower levels
        level = levels[ilvl]
        if level.fmt == "bullet":
            return _bullet(level.text)
        if level.fmt == "none":
            return None
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                lv = levels.get(k, _Level())
                value = counts.get(k, self.starts.get((num_id, k), lv.start))
                text = text.replace(f"%{k + 1}", _format(value, lv.fmt if k == ilvl or lv.fmt != "bullet" else "decimal"))
        return text.strip() or None


def _bullet(char: str) -> str:
    # Symbol/Wingdings private-use bullets and the usual dashes all read as a bullet.
    if char in ("-", "–", "—", "+"):
        return char
    return "•"


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out or "0"


def _letters(n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else "0"


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _numbering(document: DocxDocument) -> _Numbering:
    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    abstract: dict[str, dict[int, _Level]] = {}
    for an in root.findall(W + "abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in an.findall(W + "lvl"):
            levels[int(lvl.get(W + "ilvl", "0"))] = _Level(
                fmt=_val(lvl, "numFmt", "decimal"), text=_val(lvl, "lvlText", ""),
                start=int(_val(lvl, "start", "1") or 1))
        abstract[an.get(W + "abstractNumId")] = levels
    for num in root.findall(W + "num"):
        num_id = num.get(W + "numId")
        numbering.levels[num_id] = abstract.get(_val(num, "abstractNumId", ""), {})
        for override in num.findall(W + "lvlOverride"):
            start = _val(override, "startOverride", None)
            if start is not None:
                numbering.starts[(num_id, int(override.get(W + "ilvl", "0")))] = int(start)
    return numbering


@overload
def _val(element: Element, tag: str, default: str) -> str: ...
@overload
def _val(element: Element, tag: str, default: None) -> str | None: ...


def _val(element: Element, tag: str, default: str | None) -> str | None:
    child = element.find(W + tag)
    return child.get(W + "val", default) if child is not None else default


def _num_pr(paragraph: Element, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """numId/ilvl of a paragraph: its own numPr, else its style's (Heading styles may carry numbering)."""
    ppr = paragraph.find(W + "pPr")
    style_id = None
    if ppr is not None:
        num_pr = ppr.find(W + "numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId", None)
            if num_id is not None:
                return (num_id, int(_val(num_pr, "ilvl", "0") or 0)) if num_id != "0" else None
        style_id = _val(ppr, "pStyle", None)
    return styles.get(style_id) if style_id else None


def _style_numbering(document: DocxDocument) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    try:
        for style in document.styles.element.findall(W + "style"):
            ppr = style.find(W + "pPr")
            num_pr = ppr.find(W + "numPr") if ppr is not None else None
            num_id = _val(num_pr, "numId", None) if num_pr is not None else None
            if num_id is not None and num_id != "0":
                out[style.get(W + "styleId")] = (num_id, int(_val(num_pr, "ilvl", "0") or 0))
    except (KeyError, AttributeError):
        pass
    return out


def _paragraph_text(p: Element, drop_residue: bool = True) -> tuple[list[str], bool]:
    """Lines of a paragraph (soft breaks split lines) and whether all its text is bold."""
    parts: list[str] = []
    bold_all = True
    any_text = False
    runs = [r for r in p.iter(W + "r") if not _in_text_box(r, p)]
    _note_text_boxes(p)
    last = next((r for r in reversed(runs) if "".join(t.text or "" for t in r.iter(W + "t")).strip()), None)
    for run in runs:
        rpr = run.find(W + "rPr")
        b = rpr.find(W + "b") if rpr is not None else None
        is_bold = b is not None and b.get(W + "val", "true") not in ("0", "false")
        if run is last and _typist_mark(run, parts):
            continue
        for child in run:
            if child.tag == W + "t" and child.text:
                parts.append(child.text)
                if child.text.strip():
                    any_text = True
                    bold_all = bold_all and is_bold
            elif child.tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif child.tag == W + "tab":
                parts.append(" ")
    text = unicodedata.normalize("NFC", "".join(parts).replace("\u00a0", " ").translate(INVISIBLE))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    kept = []
    for line in lines:
        if line and drop_residue and is_residue(line):  # a table cell "Nội dung" is a column name
            _DROPPED.append(f"dòng “{line[:60]}”")
        elif line:
            kept.append(line)
    return kept, bold_all and any_text


_TXBX = W + "txbxContent"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _in_text_box(run: Element, paragraph: Element) -> bool:
    """A run inside a text box or shape anchored in the paragraph (not the paragraph's own text)."""
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in (_TXBX, _MC_FALLBACK):
            return True
    return False


def _note_text_boxes(paragraph: Element) -> None:
    # Word writes each text box twice (DrawingML and a VML fallback): report the first copy only.
    for box in paragraph.iter(_TXBX):
        if any(a.tag in (_TXBX, _MC_FALLBACK) for a in box.iterancestors()):
            continue
        text = " ".join("".join(t.text or "" for t in box.iter(W + "t")).split())
        if text:
            _DROPPED.append(f"khung chữ (text box) “{text[:60]}”")


def _footnotes(document: DocxDocument) -> list[str]:
    """Texts of the footnotes and endnotes, which are not part of the clause text; for the report."""
    from docx.oxml import parse_xml  # python-docx's parser: entities are never resolved, no network

    out = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root:
            if note.get(W + "type") in (None, "normal"):
                text = " ".join("".join(t.text or "" for t in note.iter(W + "t")).split())
                if text:
                    out.append(text)
    return out


def _typist_mark(run: Element, before: list[str]) -> bool:
    """"Lưu VT. *m*": the typist's initials, a last italic run of 1-3 small letters after "Lưu …"."""
    rpr = run.find(W + "rPr")
    italic = rpr is not None and rpr.find(W + "i") is not None
    text = "".join(t.text or "" for t in run.iter(W + "t")).strip()
    head = "".join(before).strip().lstrip("-–+• ")
    if italic and re.fullmatch(r"[a-zđ]{1,3}", text) and head.startswith("Lưu"):
        _DROPPED.append(f"chữ “{text}” in nghiêng cuối dòng “{head}” (chữ viết tắt tên người đánh máy)")
        return True
    return False


_DROPPED: list[str] = []


def read_docx(path: Path) -> Reading:
    _DROPPED.clear()
    archive = check_zip(path)
    archive.close()
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except PackageNotFoundError:
        raise ReadError("tệp .docx không mở được như tài liệu Word; mở bằng Word rồi lưu lại dạng .docx") from None
    except Exception:  # lxml/python-docx raise many kinds on corrupt parts
        raise ReadError("tệp .docx bị hỏng (phần nội dung không đọc được); mở bằng Word rồi lưu lại, "
                        "hoặc dán nội dung vào tệp .txt") from None
    numbering = _numbering(document)
    styles = _style_numbering(document)
    blocks: list[Block] = []
    table_no = 0
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            block = _block(element, numbering, styles)
            if block:
                blocks.append(block)
        elif element.tag == W + "tbl":
            blocks += _table(element, numbering, styles, table_no)
            table_no += 1
    try:
        for note in _footnotes(document):
            _DROPPED.append(f"chú thích cuối trang “{note[:80]}” (chưa nhập vào toàn văn; thêm vào ghi chú nếu cần)")
    except (KeyError, ValueError, AttributeError, SyntaxError):
        _DROPPED.append("chú thích cuối trang không đọc được")
    dropped, _DROPPED[:] = list(_DROPPED), []
    return Reading(blocks, "docx", dropped)


def _block(p: Element, numbering: _Numbering, styles: dict[str, tuple[str, int]],
           cell: Cell | None = None) -> Block | None:
    lines, bold = _paragraph_text(p)
    num = _num_pr(p, styles)
    label = numbering.label(*num) if num else None
    if not lines:
        return None
    return Block(lines, bold=bold, label=label, cell=cell)


def _table(tbl: Element, numbering: _Numbering, styles: dict[str, tuple[str, int]], table_no: int) -> list[Block]:
    rows = [list(tr.findall(W + "tc")) for tr in tbl.findall(W + "tr")]
    width = max((len(r) for r in rows), default=0)
    blocks: list[Block] = []
    if len(rows) <= 4 and (width == 2 or (table_no == 0 and width <= 4)):
        # A layout table (header: issuer | quốc hiệu; end: Nơi nhận | signature): read column by column.
        for col in range(width):
            for r, row in enumerate(rows):
                if col < len(row):
                    for p in row[col].iter(W + "p"):
                        block = _block(p, numbering, styles, (table_no, r, col))
                        if block:
                            blocks.append(block)
        return blocks
    for r, row in enumerate(rows):  # a data table: one line per row, cells separated by " | "
        cells = [" ".join(line for p in tc.iter(W + "p") for line in _paragraph_text(p, False)[0]) for tc in row]
        if any(cells):
            blocks.append(Block([" | ".join(cells)], cell=(table_no, r, -1)))
    return blocks
