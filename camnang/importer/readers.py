"""Read a .docx, .txt/.md or text .pdf into blocks of lines, refusing what is not a readable document.

A block is what the author typed as one unit: a Word paragraph (its soft line breaks are
lines), a table cell, or a group of text lines between blank lines. Everything is NFC.
The structure (header, clauses, signature) is found later, in `parse`.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..vntext import number

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # the whole .docx once unpacked
MAX_MEMBER_BYTES = 40 * 1024 * 1024  # one part (document.xml) once unpacked
MAX_RATIO = 100  # a real document.xml compresses ~10:1; bombs are 1000:1
MAX_PDF_PAGES = 500

SUFFIXES = (".docx", ".txt", ".md", ".pdf")


# Invisible characters a web page or Word leaves in words: zero-width space/joiners, BOM, soft hyphen.
INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}


class ReadError(Exception):
    """A Vietnamese message for the editor: what is wrong with the file and what to do."""


@dataclass
class Block:
    lines: list[str]
    bold: bool = False  # every run is bold (titles, trích yếu, signature)
    label: str | None = None  # Word automatic numbering, rendered ("II.", "1.1.", "a)")
    style: str | None = None
    cell: tuple[int, int, int] | None = None  # (table, row, column) for table text
    blank_before: bool = True  # txt: a blank line separates it from the previous block

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class Reading:
    blocks: list[Block]
    kind: str  # "docx", "txt", "pdf"
    dropped: list[str] = field(default_factory=list)  # portal residue left out, for the report


def read_document(path: Path) -> Reading:
    """Blocks of a document file, or ReadError (never another exception for bad input)."""
    _check_file(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            from .docx_reader import read_docx

            reading = read_docx(path)
        elif suffix == ".pdf":
            reading = _read_pdf(path)
        else:
            reading = read_text(_decode(path.read_bytes(), path), "txt")
    except ReadError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, RecursionError) as error:
        raise ReadError("không đọc được tệp; tệp có thể bị hỏng. "
                        "Mở tệp bằng Word (hoặc trình đọc PDF) rồi lưu lại, hoặc dán nội dung vào một tệp .txt") from error
    _refuse_legacy_font_text(reading)
    if not any(line.strip() for b in reading.blocks for line in b.lines):
        raise ReadError("tệp không có chữ nào đọc được. "
                        + ("Nếu đây là bản quét (ảnh), cần bản có lớp chữ: xuất lại PDF từ Word, hoặc gõ/dán nội dung vào tệp .txt"
                           if suffix == ".pdf" else "Kiểm tra lại tệp, hoặc dán nội dung văn bản vào tệp .txt"))
    return reading


# Latin-1 letters and signs that Vietnamese never uses, but that TCVN3 (.VnTime: "Céng hßa x· héi") and
# VNI (VNI-Times: "Coäng hoøa xaõ hoäi") text shows when its bytes are read as Unicode.
_LEGACY_GLYPHS = frozenset("¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþÿ")
_VIETNAMESE_ONLY = re.compile(r"[ăĂơƠưƯđĐ\u1ea0-\u1ef9]")


def _refuse_legacy_font_text(reading: Reading) -> None:
    """Text typed in an old Vietnamese font encoding reads as gibberish though it decodes: refuse it."""
    text = "".join(line for b in reading.blocks[:400] for line in b.lines)
    odd = sum(1 for c in text if c in _LEGACY_GLYPHS)
    if odd >= 5 and odd > len(_VIETNAMESE_ONLY.findall(text)):
        sample = next((line for b in reading.blocks for line in b.lines if any(c in _LEGACY_GLYPHS for c in line)), "")
        raise ReadError(f"chữ trong tệp được gõ bằng bảng mã cũ TCVN3 hoặc VNI (phông .VnTime, VNI-Times), nên đọc "
                        f"ra sai (“{sample[:40]}”). Mở bằng Word, chuyển sang Unicode bằng Unikey (công cụ chuyển "
                        "mã, bảng mã nguồn TCVN3 hoặc VNI) rồi lưu lại và nhập lại")


def _check_file(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise ReadError("không tìm thấy tệp; kiểm tra lại tên và đường dẫn") from None
    if stat.S_ISLNK(info.st_mode):
        raise ReadError("đây là một liên kết tượng trưng (symlink), không phải tệp thật; chỉ ra chính tệp văn bản")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("đây không phải một tệp thường (thư mục hay thiết bị); chỉ ra một tệp .docx, .txt, .md hoặc .pdf")
    if path.suffix.lower() not in SUFFIXES:
        raise ReadError(f"không nhập được tệp đuôi `{path.suffix or '(không có đuôi)'}`. "
                        "Lưu văn bản dạng .docx (Word), .pdf có lớp chữ, hoặc dán nội dung vào tệp .txt")
    if info.st_size > MAX_FILE_BYTES:
        raise ReadError(f"tệp lớn {number(info.st_size / 1024 / 1024, 0)} MB, vượt giới hạn 20 MB. "
                        "Bỏ ảnh khỏi tệp Word, hoặc tách văn bản thành nhiều tệp")
    if info.st_size == 0:
        raise ReadError("tệp rỗng (0 byte); chọn đúng tệp văn bản")


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw[:4] == b"PK\x03\x04" or raw[:5] == b"%PDF-" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError("tệp có đuôi văn bản nhưng thật ra là tệp Word/PDF; đổi lại đúng đuôi (.docx, .pdf) rồi nhập lại")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return unicodedata.normalize("NFC", raw.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:4096]:
        raise ReadError("tệp không phải văn bản (có byte nhị phân); lưu lại dạng .txt UTF-8 hoặc nhập tệp .docx gốc")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if _looks_windows_1258(raw):
            raise ReadError(f"tệp không phải UTF-8 mà là bảng mã Windows-1258 (byte lạ ở vị trí {error.start}): khi "
                            "lưu dạng văn bản, Word đã chọn mã “Vietnamese (Windows)”. Lưu lại, chọn mã Unicode (UTF-8), "
                            "hoặc chuyển bằng Unikey, rồi nhập lại") from None
        raise ReadError(f"tệp không phải UTF-8 (byte lạ ở vị trí {error.start}); có thể gõ bằng bảng mã cũ "
                        "(TCVN3, VNI). Chuyển sang Unicode (ví dụ bằng Unikey) rồi lưu lại dạng UTF-8") from None
    return unicodedata.normalize("NFC", text)


def _looks_windows_1258(raw: bytes) -> bool:
    """Windows-1258 writes tones as separate combining bytes after the letter (0xCC grave, 0xEC acute …)."""
    sample = raw[:20000]
    tones = sum(sample.count(b) for b in (b"\xcc", b"\xec", b"\xde", b"\xd2", b"\xf2"))
    return tones >= 5 and tones * 50 >= len(sample)


# --- plain text (portal paste, Word "save as text", Markdown) ----------------------------------

_RULE = re.compile(r"^\s*[-_=*─—–·.]{3,}\s*$")  # "-------", "* * *" runs, underscores
_STARS = re.compile(r"^\s*(\*\s*){1,3}$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_TYPIST_MARK = re.compile(r"\s\*([a-zđ]{1,3})\*\s*$")  # "Lưu VP. *m*": the typist's initials in italics
_TAB_AFTER_MARKER = re.compile(r"^([ \t]*(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\)|[-–+•]|Điều \d+\.))\t+", re.MULTILINE)
_PIPE_ROW = re.compile(r"^\s*\|?\s*[-:]+\s*(\|\s*[-:]+\s*)+\|?\s*$")  # Markdown table separator

# Portal chrome: menus, log-in, share buttons, metadata tables. Whole lines only.
_RESIDUE = re.compile(
    r"^\s*(đăng nhập|đăng ký|quên mật khẩu|trang chủ|tìm kiếm|in văn bản|tải về|tải văn bản|chia sẻ|lưu văn bản|"
    r"theo dõi văn bản|văn bản liên quan|văn bản gốc|lược đồ|hiệu lực|thuộc tính|nội dung|tiếng anh|"
    r"báo lỗi|góp ý|đóng|menu|facebook|zalo|twitter|lưu trữ|ý kiến|văn bản pháp luật|e-?mail|in|"
    r"(bạn|vì) chưa đăng nhập.*|\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}|\d{1,2}:\d{2}|"
    r"(số hiệu|loại văn bản|nơi ban hành|người ký|ngày ban hành|ngày hiệu lực|ngày công báo|số công báo|"
    r"tình trạng|tình trạng hiệu lực|lĩnh vực|cơ quan ban hành|ngày hết hiệu lực)\s*[:|].*)\s*$",
    re.IGNORECASE)


def is_residue(line: str) -> bool:
    """A whole line of a web page's chrome (menu, log-in, player, the portal's metadata table)."""
    return bool(_RESIDUE.match(line.strip().strip("|").strip()))


def read_text(text: str, kind: str) -> Reading:
    """Blocks of pasted text: groups of lines between blank lines, markup and portal residue removed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # Word's "save as text": a list number is followed by a tab ("1.\tMục đích"); other tabs separate the
    # cells of a table row (the two-column header), as "|" does in a pasted web table.
    text = _TAB_AFTER_MARKER.sub(r"\1 ", text)
    text = re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)
    text = re.sub(r"(?<! ) *\t+ *|\t+ *", " | ", text)  # `[ ]*\t+` retried at every space of a long run
    text = text.replace("\u00a0", " ").translate(INVISIBLE)
    # Columns laid out with spaces (a text copy of a two-column Nơi nhận | signature, PDF text):
    # a gap of five or more spaces inside a line separates cells, as a tab does.
    text = re.sub(r"(?<=\S) {5,}(?=\S)", " | ", text)
    dropped: list[str] = []
    blocks: list[Block] = []
    current: list[str] = []
    current_bold = True
    bold_open = False  # inside a Markdown "**…**" run that spans lines

    def flush() -> None:
        nonlocal current, current_bold
        if current:
            blocks.append(Block(current, bold=current_bold))
        current, current_bold = [], True

    for raw in text.split("\n"):
        line = raw
        if _HTML_TAG.search(line):
            line = _HTML_TAG.sub(" ", line)
            dropped.append("thẻ HTML còn sót")
        line = _MD_HEADING.sub("", line)
        typist = _TYPIST_MARK.search(line)
        if typist:
            dropped.append(f"chữ “{typist.group(1)}” in nghiêng cuối dòng “{line[:typist.start()].strip(' -')}” "
                           "(chữ viết tắt tên người đánh máy)")
            line = line[:typist.start()]
        stripped = line.strip()
        if not stripped or _PIPE_ROW.match(stripped) or _RULE.match(stripped) or _STARS.match(stripped):
            flush()
            continue
        if is_residue(stripped):
            dropped.append(f"dòng “{stripped[:60]}”")
            continue
        line_bold = bold_open or stripped.startswith(("**", "__"))
        if stripped.count("**") % 2:
            bold_open = not bold_open
        plain = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), stripped).replace("**", "")
        plain = " ".join(plain.split())
        if plain:
            current.append(plain)
            current_bold = current_bold and line_bold
    flush()
    reading = Reading(blocks, kind, dropped)
    _split_pipes(reading)
    return reading


def _split_pipes(reading: Reading) -> None:
    """Lines split by `|` (a two-column header pasted from a web table) become cells: left column first."""
    out: list[Block] = []
    row_blocks: list[list[str]] = []

    def flush_rows() -> None:
        if not row_blocks:
            return
        width = max(len(r) for r in row_blocks)
        if max(sum(1 for c in r if c) for r in row_blocks) >= 3:  # a data table: keep each row on one line
            out.extend(Block([" | ".join(r)], cell=(0, i, -1)) for i, r in enumerate(row_blocks))
            row_blocks.clear()
            return
        for col in range(width):
            lines = [r[col] for r in row_blocks if col < len(r) and r[col]]
            if lines:
                for line in lines:
                    out.append(Block([line], cell=(0, 0, col)))
        row_blocks.clear()

    for block in reading.blocks:
        if any("|" in line for line in block.lines):
            for line in block.lines:
                row = line.strip()
                if row.startswith("|") and row.endswith("|") and len(row) > 1:
                    row = row[1:-1]  # "| a | b |": Markdown's outer pipes
                elif row.startswith("|") and row.count("|") > 1:
                    row = row[1:]
                cells = [c.strip() for c in row.split("|")]
                if any(cells):
                    row_blocks.append(cells)
            flush_rows()  # a blank line ends a table
            continue
        flush_rows()
        out.append(block)
    flush_rows()
    reading.blocks = out


# --- PDF ------------------------------------------------------------------------------------

def _read_pdf(path: Path) -> Reading:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok: int = reader.decrypt("")  # a PasswordType (IntEnum); 0: not decrypted
            except Exception:  # pypdf raises several kinds for unknown ciphers
                ok = 0
            if not ok:
                raise ReadError("tệp PDF có mật khẩu; mở bằng trình đọc PDF, bỏ mật khẩu (in ra PDF mới) rồi nhập lại")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ReadError(f"tệp PDF có {len(reader.pages)} trang, quá {MAX_PDF_PAGES} trang; tách văn bản ra")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, Exception):  # a corrupt PDF may raise anything inside pypdf
        raise ReadError("không đọc được tệp PDF; tệp có thể bị hỏng. "
                        "Xuất lại PDF từ Word, hoặc dán nội dung vào tệp .txt") from None
    lines: list[str] = []
    for page in pages:
        for line in page.splitlines():
            if re.fullmatch(r"\s*(-\s*)?\d{1,3}(\s*-)?\s*", line):  # page numbers
                continue
            lines.append(line)
        lines.append("")
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("tệp PDF không có lớp chữ (có thể là bản quét, chỉ có ảnh). Cần bản PDF xuất từ Word, "
                        "hoặc gõ/dán nội dung vào tệp .txt")
    reading = read_text(text, "pdf")
    # Every PDF line is a wrapped line; blank lines only at page ends.
    for b in reading.blocks:
        b.blank_before = False
    return reading


# --- zip safety for .docx ---------------------------------------------------------------------

def check_zip(path: Path) -> zipfile.ZipFile:
    """Open a .docx as a zip after checking its directory: no bomb, no encryption, the parts Word writes."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError("tệp được bảo vệ bằng mật khẩu (hoặc là tệp .doc đời cũ). Mở bằng Word, bỏ mật khẩu "
                        "(Tệp → Thông tin → Bảo vệ tài liệu) hoặc lưu lại dạng .docx, rồi nhập lại")
    if not head.startswith(b"PK"):
        raise ReadError("tệp có đuôi .docx nhưng không phải tệp Word (.docx); mở bằng Word rồi lưu lại dạng .docx")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReadError("tệp .docx bị hỏng (không mở được như tệp Word); mở bằng Word rồi lưu lại, "
                        "hoặc dán nội dung vào tệp .txt") from None
    infos = archive.infolist()
    if len(infos) > 2000:
        raise ReadError("tệp .docx có quá nhiều phần bên trong; đây không phải một văn bản Word bình thường")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError("tệp .docx được mã hóa; bỏ mật khẩu trong Word rồi nhập lại")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_UNZIPPED_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise ReadError("tệp .docx khi giải nén lớn bất thường (có thể là “bom nén”); không đọc. "
                            "Mở bằng Word rồi lưu lại, hoặc dán nội dung vào tệp .txt")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                # Word never writes a DTD; one here is an entity trick (billion laughs, external entities).
                archive.close()
                raise ReadError("tệp .docx có khai báo DTD/ENTITY mà Word không bao giờ tạo (có thể là tệp độc hại); "
                                "không đọc. Mở bằng Word rồi lưu lại, hoặc dán nội dung vào tệp .txt")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            raise ReadError("tệp .docx được bảo vệ bằng mật khẩu; bỏ mật khẩu trong Word rồi nhập lại")
        raise ReadError("tệp .docx không có phần nội dung (word/document.xml); đây không phải tệp Word, "
                        "hoặc tệp bị hỏng. Mở bằng Word rồi lưu lại")
    return archive
