"""Find the parts of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) in its lines.

Order on the page: header (issuing body and its parent body, quốc hiệu/tiêu ngữ or
"ĐẢNG CỘNG SẢN VIỆT NAM", "Số: …", "<place>, ngày … tháng … năm …"), the kind and trích
yếu, the body (căn cứ/thực hiện preamble, sections), Nơi nhận and the signature block
(T/M, KT., Q., TL., TUQ. …, titles, the name). Pasted text and Word tables may put Nơi nhận
before or after the signature; both are found wherever they stand at the end.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..citations import canonical_number, kind_from_number
from ..kinds import document_kinds
from .readers import Reading
from .text import is_caps, parse_date, starts_lower


@dataclass
class Line:
    text: str
    bold: bool = False
    first: bool = True  # first line of its block (a Word paragraph, a text paragraph)
    cell: tuple[int, int, int] | None = None  # as readers.Block.cell


@dataclass
class Header:
    issuer_lines: list[str] = field(default_factory=list)  # top to bottom: parent body first
    party: bool = False  # "ĐẢNG CỘNG SẢN VIỆT NAM"
    state: bool = False  # quốc hiệu
    number: str | None = None
    number_raw: str | None = None
    number_blank: bool = False  # "Số:    /KH-UBND" (a draft)
    place: str | None = None
    date: dt.date | None = None
    date_raw: str | None = None


@dataclass
class Signature:
    authority: list[str] = field(default_factory=list)  # "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"
    name: str | None = None


@dataclass
class Recipient:
    name: str
    purpose: str | None


@dataclass
class Parsed:
    header: Header
    title: str | None  # as printed: "KẾ HOẠCH", "KẾ HOẠCH CÔNG TÁC KHUYẾN HỌC NĂM 2023"
    kind: str | None
    kind_word: str | None  # the kind as printed, when it is outside the handbook's list
    summary: str | None  # trích yếu
    body: list[Line]
    recipients: list[Recipient]
    signature: Signature
    news: bool = False  # a news article (no kind, no number, no signature)
    notes: list[str] = field(default_factory=list)  # what the parser decided that an editor should know


# Kind words as printed (upper case) → the handbook's `loai`: every kind of the schema,
# longest first so "CHƯƠNG TRÌNH HÀNH ĐỘNG" is not read as "CHƯƠNG TRÌNH".
KIND_WORDS = sorted(((kind.upper(), kind) for kind in document_kinds() if kind != "Tin bài"),
                    key=lambda pair: -len(pair[0]))
HANDBOOK_KINDS = frozenset(document_kinds())

_QUOC_HIEU = re.compile(r"^CỘNG\s*H(?:ÒA|OÀ)\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM$", re.IGNORECASE)
_TIEU_NGU = re.compile(r"^Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc$", re.IGNORECASE)
_PARTY = re.compile(r"^ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM$", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:?\s*(?P<n>.*)$")
_NUMBER_SHAPE = re.compile(r"^[0-9A-Za-zĐđ.]+\s*(?:[/-]\s*[0-9A-Za-zĐđ&.]+\s*)+$")
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,40}),\s*ngày\b(?P<rest>.*)$", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^(ngày\s*)?\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}\.?$", re.IGNORECASE)
_VV = re.compile(r"^(V/v|Về việc)\s*:?\s*(?P<s>.+)$", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(T/M|TM\.?|T\.M\.|KT\.?|K/T|Q\.|TL\.?|TUQ\.?|THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA ỦY QUYỀN)(\s|$)")
_SIGN_TITLE = re.compile(
    r"^(PHÓ\s+)?(CHỦ TỊCH|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG BAN|THỦ TƯỚNG|BỘ TRƯỞNG|CHÁNH VĂN PHÒNG|TỔNG BÍ THƯ|"
    r"TRƯỞNG PHÒNG|HIỆU TRƯỞNG|TỔNG GIÁM ĐỐC|CHỦ NHIỆM|THỨ TRƯỞNG|CHÁNH ÁN|VIỆN TRƯỞNG|ỦY VIÊN|THƯỜNG TRỰC)\b")
_SIGNED_MARK = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký,? đóng dấu|ký tên,? đóng dấu|đã ký và đóng dấu)\s*\)?\.?$",
                          re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]*$")
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_BULLET = re.compile(r"^[-–—+•·▪●∙*]\s*")
_PURPOSE = re.compile(r"\s*\((?P<p>[^()]{1,40})\)\s*$|\s+(?P<q>để\s+(?:b/c|p/h|t/h|biết|chỉ đạo|thực hiện|báo cáo|"
                      r"phối hợp|theo dõi|chỉ đạo thực hiện)[^,;]*)$", re.IGNORECASE)
_BODY_START = re.compile(r"^(Căn cứ|Thực hiện|Xét|Theo|Nhằm|Để|Trên cơ sở|Sau khi|Thời gian qua|Ngày)\b")


def is_name(text: str) -> bool:
    """A person's name: 2–6 capitalised words, nothing else ("Đỗ Việt Hà")."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(_NAME_WORD.match(w) for w in words)


def lines_of(reading: Reading) -> list[Line]:
    out: list[Line] = []
    for block in reading.blocks:
        for i, text in enumerate(block.lines):
            if i == 0 and block.label:
                text = f"{block.label} {text}"
            out.append(Line(text, block.bold, i == 0 and block.blank_before, block.cell))
    return out


def kind_of(line: str) -> tuple[str | None, str | None]:
    """(handbook kind, printed kind) when the line is a document's kind line ("KẾ HOẠCH …")."""
    if not is_caps(line):
        return None, None
    upper = " ".join(line.split())
    for word, kind in KIND_WORDS:
        if upper == word or upper.startswith(word + " "):
            return kind, word
    return None, None


def parse(reading: Reading) -> Parsed:
    lines = lines_of(reading)
    title_at = _title_index(lines)
    header = Header()
    notes: list[str] = []
    if title_at is not None:
        header_lines, rest = lines[:title_at], lines[title_at:]
    else:
        split = _header_end(lines)
        header_lines, rest = lines[:split], lines[split:]
    summary_from_header = _parse_header(header_lines, header, notes)
    title = kind = kind_word = summary = None
    if title_at is not None:
        title = rest[0].text
        kind, kind_word = kind_of(title)
        rest = rest[1:]
        # A kind line broken in two ("CHƯƠNG TRÌNH" / "PHỐI HỢP …"): join upper-case title lines.
        while rest and rest[0].first is False and is_caps(rest[0].text):
            title += " " + rest[0].text
            rest = rest[1:]
        kind, kind_word = kind_of(title)
        summary, rest = _summary(rest)
    summary = summary or summary_from_header
    if kind is None and header.number:
        kind = kind_from_number(header.number) if kind_word is None else None
        if kind and kind not in HANDBOOK_KINDS:
            kind_word, kind = kind.upper(), None
        if kind:
            notes.append(f"không có dòng tên loại; loại “{kind}” suy từ số ký hiệu {header.number}")
    if kind is None and header.number and kind_word is None and re.search(r"/[A-ZĐ]", header.number) \
            and not kind_from_number(header.number):
        kind = "Công văn"  # 6782/BGDĐT-GDTX: a number with no kind code is a công văn
    body, recipients, signature, leftover = _tail(rest)
    footer = [ln for ln in leftover if _PORTAL_FOOTER.match(ln.text)]
    if footer:
        notes.append("đã bỏ phần cuối trang web sau chữ ký: " + ", ".join(f"“{ln.text[:40]}”" for ln in footer))
        leftover = [ln for ln in leftover if not _PORTAL_FOOTER.match(ln.text)]
    if leftover and _APPENDIX.match(leftover[0].text):
        body = body + leftover
        notes.append(f"phụ lục sau chữ ký (“{leftover[0].text[:50]}”, {len(leftover)} dòng) được nhập vào cuối toàn "
                     "văn: soát lại cách chia mục")
        leftover = []
    if leftover:
        notes.append(f"phần sau chữ ký ({len(leftover)} dòng, bắt đầu “{leftover[0].text[:50]}”, có thể là phụ lục) "
                     "chưa được nhập: thêm tay nếu cần")
    news = kind is None and kind_word is None and header.number is None and signature.name is None \
        and not header.issuer_lines
    if news and body and not re.search(r"[.:;!?]$", body[0].text) and len(body[0].text) < 200:
        title, body = body[0].text, body[1:]
    return Parsed(header, title, kind or ("Tin bài" if news else None), kind_word, summary, body, recipients,
                  signature, news, notes)


_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)\b")
_PORTAL_FOOTER = re.compile(r"^(lưu trữ|ghi chú|ý kiến|facebook|zalo|e-?mail|in|tải về|bạn chưa đăng nhập|"
                            r"vì chưa đăng nhập|địa chỉ\s*:|điện thoại\s*:|fax\s*:|hotline|website|bản quyền|©|"
                            r"copyright|giấy phép|chịu trách nhiệm|đăng nhập|đăng ký)(?=\W|$)", re.IGNORECASE)


def _title_index(lines: list[Line]) -> int | None:
    for i, line in enumerate(lines[:60]):
        kind, word = kind_of(line.text)
        if (kind or word) and len(line.text) < 200:
            return i
        if i > 0 and _BODY_START.match(line.text) and not is_caps(line.text):
            return None
    return None


def _header_end(lines: list[Line]) -> int:
    """Without a kind line: the header is the run of header-like lines at the top."""
    i = 0
    while i < len(lines) and i < 15:
        t = lines[i].text
        if is_caps(t) or _NUMBER.match(t) or _PLACE_DATE.match(t) or _TIEU_NGU.match(t) or _DATE_ONLY.match(t) \
                or _VV.match(t):
            i += 1
            continue
        break
    # A run of capitals that is all there is before the body is a header only if it holds a number or date.
    head = lines[:i]
    if not any(_NUMBER.match(ln.text) or _PLACE_DATE.match(ln.text) or _QUOC_HIEU.match(ln.text)
               or _PARTY.match(ln.text) for ln in head):
        return 0
    # "V/v …" of a công văn may wrap onto following lines.
    return i


_HEADER_SPLIT = re.compile(r"\s+(?=CỘNG\s*H(?:ÒA|OÀ)\s*XÃ\s*HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|Độc\s*lập\s*[-–—])")
_NUMBER_THEN_PLACE = re.compile(r"^(Số\s*:?\s*\d[\wĐđ./\- ]*?[\wĐđ])\s+([A-ZĐÀ-Ỹ][^,]{1,30},\s*ngày\b.*)$")


def _split_header_line(line: Line) -> list[Line]:
    """A PDF puts the two header columns on one line: "UBND TỈNH X   CỘNG HÒA …", "Số: 12/KH-UBND  X, ngày …"."""
    parts = [p for p in _HEADER_SPLIT.split(line.text) if p and p.strip()]
    m = _NUMBER_THEN_PLACE.match(parts[0]) if parts else None
    if m:
        parts[:1] = [m.group(1), m.group(2)]
    return [Line(p.strip(), line.bold, line.first, line.cell) for p in parts] if len(parts) > 1 else [line]


def _parse_header(lines: list[Line], header: Header, notes: list[str]) -> str | None:
    summary = None
    pending_date = False
    vv_lines: list[str] = []
    lines = [part for line in lines for part in _split_header_line(line)]
    for line in lines:
        t = line.text.strip(" |")
        if not t or re.fullmatch(r"[*\s]+|[-_=]{3,}", t):
            continue
        if _QUOC_HIEU.match(t):
            header.state = True
            continue
        if _TIEU_NGU.match(t):
            continue
        if _PARTY.match(t):
            header.party = True
            continue
        m = _NUMBER.match(t)
        raw = m.group("n").strip() if m and not t[2:3].isalpha() else ""
        if raw and _NUMBER_SHAPE.match(raw) and raw[0].isdigit():
            header.number_raw, header.number = raw, canonical_number(raw)
            continue
        if raw and re.match(r"^([/-]|\.{2,}|…)", raw):
            header.number_raw, header.number_blank = raw, True
            notes.append(f"số ký hiệu chưa điền (“Số: {raw}”, bản dự thảo?); để trống")
            continue
        m = _PLACE_DATE.match(t)
        if m and not is_caps(m.group("place")):
            header.place = m.group("place").strip()
            header.date_raw = "ngày" + m.group("rest")
            header.date = parse_date(header.date_raw)
            pending_date = header.date is None
            continue
        if pending_date and _DATE_ONLY.match(t):
            header.date_raw = (header.date_raw or "ngày") + " " + t
            header.date = parse_date(header.date_raw)
            pending_date = header.date is None
            continue
        m = _VV.match(t)
        if m:
            vv_lines.append(m.group("s"))
            continue
        if vv_lines and not is_caps(t):
            vv_lines.append(t)
            continue
        if is_caps(t):
            header.issuer_lines.append(" ".join(t.split()))
        else:
            notes.append(f"bỏ qua dòng “{t[:60]}” ở phần đầu (không phải tên cơ quan, số hay ngày)")
    if vv_lines:
        summary = " ".join(vv_lines)
    if header.date_raw and header.date is None:
        notes.append(f"ngày ban hành “{header.date_raw}” chưa đủ (bản dự thảo?); để trống")
    return summary


def _summary(rest: list[Line]) -> tuple[str | None, list[Line]]:
    """The trích yếu right after the kind line: bold or lower-case lines, or "Về …"/"V/v …"."""
    taken: list[str] = []
    i = 0
    while i < len(rest):
        line = rest[i]
        t = line.text
        if taken and line.first and not (line.bold and not re.search(r"[:]$", taken[-1])):
            break
        if not taken:
            plain_line = not is_caps(t) and not t.endswith(":") and len(t) < 250 \
                and not re.search(r"[.!?]\s+[A-ZÀ-ỸĐ]", t)  # portals print the trích yếu as a plain line
            looks = starts_lower(t) or line.bold or _VV.match(t) or re.match(r"^(Về|về)\b", t) or plain_line
            # "KẾ HOẠCH / Thực hiện Chỉ thị số 11-CT/TW …": a trích yếu, unless it reads as the preamble
            # ("…, Ban Thường vụ ban hành Kế hoạch như sau:").
            summary_like = re.match(r"^(Thực hiện|Triển khai)\b", t) and plain_line and "như sau" not in t \
                and not t.endswith((",", ";"))
            if not looks or (_BODY_START.match(t) and not summary_like) or _marker(t):
                break
            m = _VV.match(t)
            t = m.group("s") if m else t
        elif _marker(t) or _BODY_START.match(t) or (is_caps(t) and not is_caps(taken[-1])):
            break
        taken.append(t)
        i += 1
    return (" ".join(taken) if taken else None), rest[i:]


def _marker(text: str) -> bool:
    from .clauses import marker_of

    return marker_of(text) is not None


def _tail(lines: list[Line]) -> tuple[list[Line], list[Recipient], Signature, list[Line]]:
    """Split off Nơi nhận and the signature block at the end of the document.

    In Word they sit side by side in a table, in a pasted text one after the other, and a PDF may
    interleave their lines; so every line of the end is sorted by what it is: "Nơi nhận" and the
    bullet lines (with their continuations) are recipients, the capitals, the name and "(Đã ký)"
    the signature."""
    recip_at = next((i for i, ln in enumerate(lines) if _RECIPIENTS.match(ln.text) and len(ln.text) < 200), None)
    sign_at = _signature_start(lines, recip_at)
    ends = [i for i in (recip_at, sign_at) if i is not None]
    body_end = min(ends) if ends else len(lines)
    recipient_lines: list[Line] = []
    signature_lines: list[Line] = []
    leftover: list[Line] = []
    in_recipients = False
    signed = False
    for line in lines[body_end:]:
        t = line.text.strip()
        if _RECIPIENTS.match(t) and len(t) < 200:
            in_recipients = True
            recipient_lines.append(line)
        elif _BULLET.match(t) and in_recipients:
            recipient_lines.append(line)
        elif signed:
            leftover.append(line)
        elif is_caps(t) or _SIGNED_MARK.match(t) or is_name(t):
            signature_lines.append(line)
            signed = is_name(t) and bool(signature_lines[:-1])
        elif in_recipients and recipient_lines:
            recipient_lines.append(line)  # a recipient broken over two lines
        else:
            leftover.append(line)
    recipients = _recipients(recipient_lines) if recipient_lines else []
    signature = _signature(signature_lines) if signature_lines else Signature()
    return lines[:body_end], recipients, signature, leftover


def _signature_start(lines: list[Line], recip_at: int | None) -> int | None:
    search_from = max(0, len(lines) - 40)
    for i in range(search_from, len(lines)):
        t = lines[i].text
        if (_AUTHORITY.match(t) and is_caps(t)) or (_SIGN_TITLE.match(t) and is_caps(t) and len(t) < 80
                                                    and _name_follows(lines, i)):
            # Inside Nơi nhận? Recipient lines are bullets; a signature line is not.
            if recip_at is not None and recip_at < i and _BULLET.match(t):
                continue
            return i
    return None


def _name_follows(lines: list[Line], i: int) -> bool:
    return any(is_name(ln.text) for ln in lines[i + 1:i + 6])


def _signature(lines: list[Line]) -> Signature:
    sig = Signature()
    for line in lines:
        t = line.text.strip()
        if _SIGNED_MARK.match(t):
            continue
        if is_name(t) and sig.authority:
            sig.name = t
            break
        if is_caps(t):
            sig.authority.append(t)
    return sig


def _recipients(lines: list[Line]) -> list[Recipient]:
    items: list[str] = []
    head = _RECIPIENTS.match(lines[0].text)  # _tail starts the recipient lines with the "Nơi nhận" line
    first = head.group("rest").strip() if head else ""
    for text in ([first] if first else []) + [ln.text for ln in lines[1:]]:
        if _BULLET.match(text) or not items:
            items.append(_BULLET.sub("", text).strip())
        else:
            items[-1] += " " + text.strip()
    out = []
    for item in items:
        item = item.strip()
        item = re.sub(r"[;,]\s*$", "", item).strip()
        if not item:
            continue
        purpose = None
        m = _PURPOSE.search(item)
        if m:
            purpose = (m.group("p") or m.group("q")).strip()
            item = item[:m.start()].strip().rstrip(",;")
        out.append(Recipient(item, purpose))
    return out


def issuer_hint_from_preamble(text: str) -> str | None:
    """Who issues, as the preamble says it: "…, Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch …"."""
    m = re.search(r"(?:^|[,;:]\s*)((?:Ban|Thường trực|Ủy ban|UBND|Hội|Sở|Đảng ủy|Tỉnh ủy|Huyện ủy|Thành ủy|Bộ)\b"
                  r"[^,;:.]{0,80}?)\s+(?:ban hành|xây dựng|triển khai|đề ra|hướng dẫn|thông báo)\b", text)
    return m.group(1).strip() if m else None
