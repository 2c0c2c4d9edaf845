"""The one recogniser of document citations, and the registry they resolve against.

Used by the importer, by `camnang check` (citecheck) and by the renderers.

Vietnamese document numbers have two shapes (Nghị định 30/2020/NĐ-CP, Quy định 66-QĐ/TW):
- State: số/[năm/]mã-loại-mã-cơ-quan  — "489/QĐ-TTg", "22/2020/TT-BGDĐT", "43/2019/QH14",
  "6782/BGDĐT-GDTX" (a công văn: no kind code, issuer and unit instead);
- Party: số-mã-loại/mã-cơ-quan        — "49-KL/TW", "18-CT/TU", "05-HD/BTGTW".
A citation is a kind word ("Kết luận", "Quyết định" …) with such a number, a number alone,
a kind with a bare number ("Kết luận 49", "Chương trình 387"), a kind with a quoted name
(Đề án “…”), a law by its name ("Luật Giáo dục ngày 14 tháng 6 năm 2019"), the Hiến pháp by
its year, or a congress resolution ("Nghị quyết Đại hội … lần thứ VI"); a date, "của <issuer>"
and a name ("về “…”", "phê duyệt Đề án “…”") may follow.

The text is scanned once by one compiled pattern; what follows a match (date, issuer,
name) is read by anchored patterns at that position, so the work is linear in the text.
Matching runs on NFC text (spans are mapped back to the text as given).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from .search import fold as search_fold

if TYPE_CHECKING:
    from .model import Document, Handbook, Organisation

# Canonical kind words, longest first where one is a prefix of another.
KINDS = (
    "Chương trình hành động", "Chương trình phối hợp", "Chương trình công tác", "Chương trình",
    "Nghị quyết liên tịch", "Nghị quyết", "Nghị định", "Quyết định", "Quy định", "Quy chế",
    "Chỉ thị", "Kết luận", "Thông tư liên tịch", "Thông tư", "Thông tri", "Thông báo",
    "Kế hoạch", "Công văn", "Công điện", "Đề án", "Dự án", "Hướng dẫn", "Pháp lệnh",
    "Tờ trình", "Báo cáo", "Điều lệ",
)
LAW_KINDS = ("Bộ luật", "Luật", "Hiến pháp")

# Kind codes inside numbers ("QĐ" in 489/QĐ-TTg), folded (no diacritics, lower case).
# Party "QĐ/TW" is used for both Quyết định and Quy định, so it gives no kind.
_STATE_CODES = {
    "qd": "Quyết định", "ct": "Chỉ thị", "tt": "Thông tư", "ttlt": "Thông tư liên tịch",
    "nd": "Nghị định", "nq": "Nghị quyết", "nqlt": "Nghị quyết liên tịch", "kh": "Kế hoạch",
    "ctr": "Chương trình", "ctrhd": "Chương trình hành động", "ctph": "Chương trình phối hợp",
    "hd": "Hướng dẫn", "tb": "Thông báo", "da": "Đề án", "cd": "Công điện", "ttr": "Tờ trình",
    "bc": "Báo cáo", "qc": "Quy chế", "qyd": "Quy định", "kl": "Kết luận", "pl": "Pháp lệnh",
}
_PARTY_CODES = {
    "kl": "Kết luận", "ct": "Chỉ thị", "nq": "Nghị quyết", "hd": "Hướng dẫn", "tb": "Thông báo",
    "ctr": "Chương trình", "kh": "Kế hoạch", "qdi": "Quy định", "tt": "Thông tri", "bc": "Báo cáo",
    "ctrhd": "Chương trình hành động",
}


@dataclass(frozen=True, slots=True)
class Citation:
    start: int  # span in the given text (kind … issuer; a quoted name only when it is the citation)
    end: int
    text: str  # the matched words as written
    kind: str | None  # canonical Vietnamese kind, or None when neither word nor number code says
    number: str | None  # canonical số ký hiệu; None for a law cited by name or a short form
    short_number: str | None  # bare number of a short form: "387" in "Chương trình 387"
    date: dt.date | None
    issuer: str | None  # issuer words as written after "của"
    title: str | None  # the quoted or "về …" name when present; a law's name ("Luật Giáo dục")
    year: int | None = None  # from the date, the number (22/2020/…) or "năm 2019"
    quoted_title: bool = False  # the title was in quotation marks (safe to compare with the registry)
    ordinal: str | None = None  # "VI" of "Nghị quyết Đại hội lần thứ VI" (a congress resolution has no number)

    @property
    def label(self) -> str:
        """How to name the cited document in a list: "Kết luận 49-KL/TW", "Luật Giáo dục (14/6/2019)"."""
        if self.kind in LAW_KINDS or (self.title and self.title.startswith(LAW_KINDS)):
            name = self.title or self.kind or ""
            when = f"{self.date.day}/{self.date.month}/{self.date.year}" if self.date else (self.year or "")
            return f"{name} ({when})" if when else name
        if self.number:
            return f"{self.kind} {self.number}" if self.kind else self.number
        if self.short_number:
            return f"{self.kind} {self.short_number}"
        if self.ordinal:
            return f"Nghị quyết {self.title}" + (f" ({self.issuer})" if self.issuer else "")
        return f"{self.kind} “{self.title}”" if self.title else (self.kind or self.text)


class _Fields(TypedDict):
    """A Citation's fields after its span and text, as the readers below fill them in."""

    kind: str | None
    number: str | None
    short_number: str | None
    date: dt.date | None
    issuer: str | None
    title: str | None
    year: int | None
    quoted_title: bool
    ordinal: str | None


# ---------------------------------------------------------------------------------------------
# Text normalisation with a map back to the original offsets

_LOOKALIKE = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u2010": "-", "\u2011": "-"})
_HAS_LOOKALIKE = re.compile("[\u00d0\u00f0\u0189\u2010\u2011]")


def _nfc_with_map(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when it differs in length, each NFC offset's offset in `text`."""
    text2 = text.translate(_LOOKALIKE) if _HAS_LOOKALIKE.search(text) else text
    if unicodedata.is_normalized("NFC", text2):
        return text2, None
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text2)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text2[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text2[i:j])
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    offsets.append(n)
    return "".join(out), offsets


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces: the key for comparing words (search's folding)."""
    return " ".join(search_fold(text.translate(_LOOKALIKE)).lower().split())


def canonical_number(raw: str) -> str:
    """Số ký hiệu as written but without stray spaces: "11 - CT/TW" → "11-CT/TW"."""
    text = unicodedata.normalize("NFC", raw.translate(_LOOKALIKE))
    text = re.sub(r"\s+", "", text).replace("–", "-").replace("—", "-").replace("\u2212", "-")
    return text.strip(".,;:")


def number_key(number: str) -> str:
    """Key for looking a number up: case- and đ-insensitive ("489/qd-ttg" = "489/QĐ-TTg")."""
    return fold(canonical_number(number)).replace(" ", "")


# ---------------------------------------------------------------------------------------------
# The pattern

_NOT_WORD_BEFORE = r"(?<![\w/.-])"
_NOT_WORD_AFTER = r"(?![\w])"
_SYM = r"[A-Za-zĐđ][A-Za-zĐđ0-9]*"
_GAP = r"[^\S\n]{0,3}\n?[^\S\n]{0,3}"  # stray spaces, or a line wrap, inside a number
_DASH = rf"{_GAP}[-–]{_GAP}"
_SLASH = rf"{_GAP}/{_GAP}"
_PARTY = rf"\d{{1,5}}{_DASH}{_SYM}{_SLASH}{_SYM}(?:{_DASH}{_SYM})*"
_STATE = rf"\d{{1,5}}{_SLASH}(?:\d{{4}}{_SLASH})?{_SYM}(?:{_DASH}{_SYM})*"
_NUMBER = rf"(?:{_PARTY}|{_STATE}){_NOT_WORD_AFTER}"
_SO = r"(?i:số(?:\s+hiệu)?(?:\s*[:.])?\s*)"


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(_words(p) for p in sorted(phrases, key=len, reverse=True))


_KIND_ANYCASE = rf"(?i:{_alternatives(KINDS)})"
_KIND_CAPITAL = "|".join(_words(k) for k in sorted(KINDS, key=len, reverse=True))
_LAW = r"(?:Bộ\s+[Ll]uật|Luật)"
_BARE = rf"\d{{1,4}}(?![\w/]|{_DASH}[A-Za-zĐđ])"
_OPEN_QUOTE = "“\"«„"
_CLOSE_QUOTE = "”\"»“"

_HEAD = re.compile(
    _NOT_WORD_BEFORE + "(?:"
    rf"(?P<full>(?P<fkind>{_KIND_ANYCASE}|{_LAW})\s+{_SO}?(?P<fnum>{_NUMBER}))"
    rf"|(?P<law>{_LAW})\s+(?=[A-ZĐÀ-Ỹ]|sửa\s+đổi)"
    r"|(?P<constitution>Hiến\s+pháp)(?=\s+(?:năm\s+)?(?:19|20)\d\d(?!\d)|\s+nước\s+Cộng\s+hòa)"
    r"|(?P<congress>Nghị\s+quyết)\s+(?=Đại\s+hội\s)"
    rf"|(?P<short>(?P<skind>{_KIND_CAPITAL})\s+{_SO}?(?P<snum>{_BARE}))"
    rf"|(?P<named>(?P<nkind>{_KIND_CAPITAL})\s+(?:về\s+(?:việc\s+)?)?(?=[{_OPEN_QUOTE}]))"
    rf"|(?P<alone>{_NUMBER})"
    ")"
)

_DATE = re.compile(
    r"\s*(?:,\s*)?(?:(?i:ban\s+hành|ký)\s+)?(?i:ngày)\s+"
    r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*)?năm\s+(?P<y2>\d{4}))"
    r"(?!\d)"
)
_YEAR = re.compile(r"\s*(?:,\s*)?(?:(?i:năm)\s+)(?P<y>(?:19|20)\d\d)(?!\d)|\s+(?P<y3>(?:19|20)\d\d)(?![\w/-])")
_LAW_NUMBER = re.compile(rf"\s*(?:,\s*)?{_SO}(?P<num>{_NUMBER})")
_ISSUER_HEAD = re.compile(r"(?:\s*,\s+|\s+)của\s+")
_PLENUM = re.compile(r"\s+(?=Hội\s+nghị\s+(?:lần\s+thứ|Trung\s+ương|Ban\s+Chấp\s+hành))")
# A word of a name; the space before it may wrap a line but not start a new paragraph.
_TOKEN = re.compile(r"[^\S\n]*(?:\n[^\S\n]*)?(?P<tok>[^\W_]+|&|,)")
_QUOTED = re.compile(rf"\s*(?:,\s*)?(?:về\s+(?:việc\s+)?)?[{_OPEN_QUOTE}](?P<t>[^{_CLOSE_QUOTE}\n]{{1,300}})[{_CLOSE_QUOTE}]")
_APPROVING = re.compile(  # "… phê duyệt Đề án “X”": the name of what the decision approves or issues
    rf"\s*(?:,\s*)?(?:phê\s+duyệt|ban\s+hành)\s+(?:[^\W\d_]+\s+){{0,3}}"  # at most a kind word or three
    rf"[{_OPEN_QUOTE}](?P<t>[^{_CLOSE_QUOTE}\n]{{1,300}})[{_CLOSE_QUOTE}]")
_ABOUT = re.compile(r"\s*(?:,\s*)?về\s+(?:việc\s+)?(?P<t>[^;.()“”\"\n]{3,300})")
_KIND_AT = re.compile(rf"(?:{_KIND_ANYCASE}|{_LAW})(?!\w)")
_ROMAN = re.compile(r"^[IVXLC]+$")

# Word lists stay one string each (SIM905 would spell out forty quoted words).
# Lower-case words that end an issuer's name ("của Bộ Chính trị khóa X về …").
_ISSUER_STOP = frozenset(
    "về ngày đã theo nhằm trên tại thực do là để với được gồm quy đối cho trong từ có sẽ phê "  # noqa: SIM905
    "giai năm số tiếp nay này như đến khi kèm nhiệm kỳ".split()
)
_ISSUER_WORDS = frozenset(
    "ban nhân dân tỉnh thành phố huyện quận xã thị trấn khóa khoá lần thứ và trung ương các cơ quan đảng "  # noqa: SIM905
    "hội đồng nước chính phủ thường vụ trực cấp hành tịch khối sở bộ ngành đoàn một hai ba bốn sáu bảy "
    "tám chín mười cộng sản".split()
)
# Lower-case words that end a law's name ("Luật Giáo dục quy định …").
_LAW_STOP = frozenset(
    "ngày số năm về đã theo nhằm trên tại do là để với được gồm quy đối cho trong từ có sẽ thì "  # noqa: SIM905
    "hiện này nay các những như khi đến mà thực hướng tiếp và của ban".split()
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _date_of(m: re.Match[str]) -> tuple[dt.date | None, int | None]:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return dt.date(int(y), int(mo), int(d)), int(y)
    except ValueError:
        return None, int(y)


def _kind_word(raw: str) -> str:
    """Canonical spelling of a kind word as matched (any case, any spacing)."""
    key = fold(raw)
    for kind in KINDS + LAW_KINDS:
        if fold(kind) == key:
            return kind
    return raw


def kind_from_number(number: str) -> str | None:
    """The kind a number's code names: 489/QĐ-TTg → Quyết định; 49-KL/TW → Kết luận."""
    folded = fold(number).replace(" ", "")
    party = re.match(r"\d+-([a-z]+)/", folded)
    if party:
        return _PARTY_CODES.get(party.group(1))
    state = re.match(r"\d+/(?:\d{4}/)?([a-z]+)(?:-|$)", folded)
    if state and "-" in folded.split("/", 2)[-1]:
        return _STATE_CODES.get(state.group(1))
    return None


def _year_of_number(number: str) -> int | None:
    m = re.match(r"\d+/((?:19|20)\d\d)/", number)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# Recognition


def find_citations(text: str) -> list[Citation]:
    """Every citation in `text`, in order, not overlapping. NFC/NFD- and whitespace-robust."""
    if not text:
        return []
    norm, offsets = _nfc_with_map(text)
    out: list[Citation] = []
    pos = 0
    while True:
        m = _HEAD.search(norm, pos)
        if m is None:
            break
        found = _citation_at(norm, m)
        if found is None:
            pos = m.start() + 1
            continue
        start, end, fields = found
        o_start, o_end = (start, end) if offsets is None else (offsets[start], offsets[end])
        out.append(Citation(o_start, o_end, text[o_start:o_end], **fields))
        pos = max(end, m.start() + 1)
    return out


def _citation_at(norm: str, m: re.Match[str]) -> tuple[int, int, _Fields] | None:
    fields = _Fields(kind=None, number=None, short_number=None, date=None, issuer=None, title=None,
                     year=None, quoted_title=False, ordinal=None)
    end = m.end()
    if m.group("full"):
        fields["number"] = canonical_number(m.group("fnum"))
        fields["kind"] = _kind_word(m.group("fkind"))
    elif m.group("alone"):
        number = canonical_number(m.group("alone"))
        if not re.search(r"[A-ZĐ]", number):  # "12/ab" in prose; a number alone needs its capital codes
            return None
        fields["number"] = number
        fields["kind"] = kind_from_number(number)
    elif m.group("short"):
        bare = m.group("snum")
        if _looks_like_count(norm, m.end("snum"), bare):
            return None
        fields["kind"] = _kind_word(m.group("skind"))
        fields["short_number"] = bare  # as written ("01"); the registry compares its value
    elif m.group("named"):
        quoted = _QUOTED.match(norm, m.end("nkind"))
        if not quoted:
            return None
        fields["kind"] = _kind_word(m.group("nkind"))
        fields["title"] = quoted.group("t").strip()
        fields["quoted_title"] = True
        end = quoted.end()
    elif m.group("constitution"):
        return _constitution_at(norm, m)
    elif m.group("congress"):
        congress = _congress_at(norm, m)
        if congress is None:
            return None
        end, fields = congress
        return m.start(), end, fields
    else:  # a law by name
        law = _law_at(norm, m)
        if law is None:
            return None
        end, fields = law
        return m.start(), end, fields
    if fields["number"]:
        fields["year"] = _year_of_number(fields["number"])
    end = _tail(norm, end, fields)
    return m.start(), end, fields


_COUNT_WORDS = re.compile(
    r"\s*(?:%|năm|tháng|ngày|tuần|quý|giờ|phút|người|lớp|lần|điểm|nội\s+dung|nhiệm\s+vụ|chỉ\s+tiêu|mục\s+tiêu|"
    r"triệu|tỷ|nghìn|đồng|tiêu\s+chí|đơn\s+vị|văn\s+bản|học\s+sinh|cá\s+nhân|tập\s+thể|xã|huyện|tỉnh|trang|bước)(?!\w)"
)


def _looks_like_count(norm: str, at: int, bare: str) -> bool:
    """"Kế hoạch 5 năm", "Kế hoạch 2023": a count or a year, not a document's number."""
    if len(bare) == 4 and 1900 <= int(bare) <= 2100:
        return True
    return bool(_COUNT_WORDS.match(norm, at))


def _tail(norm: str, end: int, fields: _Fields) -> int:
    """Read date, issuer and name after the head; return the new end of the span."""
    date = _DATE.match(norm, end)
    if date:
        fields["date"], fields["year"] = _date_of(date)
        end = date.end()
    issuer = _issuer_at(norm, end)
    if issuer:
        fields["issuer"], end = issuer
        if fields["date"] is None:
            date = _DATE.match(norm, end)
            if date:
                fields["date"], fields["year"] = _date_of(date)
                end = date.end()
    if fields["title"] is None:
        quoted = _QUOTED.match(norm, end) or _APPROVING.match(norm, end)
        if quoted:
            fields["title"], fields["quoted_title"] = quoted.group("t").strip(), True
        else:
            about = _ABOUT.match(norm, end)
            if about:
                fields["title"] = " ".join(about.group("t").split()).rstrip(", ")
    return end


def _issuer_at(norm: str, at: int) -> tuple[str, int] | None:
    """The issuer's words after "của", up to the first word that cannot belong to a name.

    Party documents also name a plenum without "của": "… ngày 04/11/2013 Hội nghị Trung ương 8 khóa XI".
    """
    head = _ISSUER_HEAD.match(norm, at) or _PLENUM.match(norm, at)
    return _name_at(norm, head.end()) if head else None


def _name_at(norm: str, pos: int) -> tuple[str, int] | None:
    """An organisation's name starting at `pos` (a capitalised word), and where it ends."""
    words: list[tuple[str, int, int]] = []
    while len(words) < 16:
        t = _TOKEN.match(norm, pos)
        if not t:
            break
        tok = t.group("tok")
        if not _issuer_continues(norm, words, tok, t.start("tok"), t.end()):
            break
        words.append((tok, t.start("tok"), t.end()))
        pos = t.end()
    while words and (words[-1][0] in (",", "&", "và") or not words[-1][0][:1].isalnum()):
        words.pop()
    if not words or not _capitalised(words[0][0]):
        return None
    return norm[words[0][1]:words[-1][2]], words[-1][2]


def _issuer_continues(norm: str, words: list[tuple[str, int, int]], tok: str, start: int, end: int) -> bool:
    if not words:
        return _capitalised(tok)
    if _KIND_AT.match(norm, start) and _capitalised(tok):
        return False  # "… của Ban Bí thư, Kết luận 49 …", "… Đào tạo Quy định …"
    nxt = _TOKEN.match(norm, end)
    nxt_tok = nxt.group("tok") if nxt else ""
    if tok in ("và", "&"):
        # "Bộ Giáo dục và Đào tạo" goes on; "… Việt Nam và Nghị quyết …" ends.
        return nxt is not None and _capitalised(nxt_tok) and not _KIND_AT.match(norm, nxt.start("tok"))
    if tok == ",":
        # "Bộ Văn hóa, Thể thao và Du lịch" goes on; a comma elsewhere ends the issuer.
        return words[0][0] == "Bộ" and nxt is not None and _capitalised(nxt_tok) \
            and not _KIND_AT.match(norm, nxt.start("tok"))
    if tok.isdigit():
        return words[-1][0].lower() in ("trung", "ương", "lần", "thứ")  # "Hội nghị Trung ương 8"
    if tok in _ISSUER_STOP or (tok == "ban" and norm.startswith("hành", end + 1)):
        return False
    if _capitalised(tok) or _ROMAN.match(tok):
        return True
    # A lower-case word belongs to the name when it ends a capitalised word ("Bí thư", "Giáo dục")
    # or is one of the lower-case words of organisation names ("Ủy ban nhân dân tỉnh").
    return _capitalised(words[-1][0]) or tok in _ISSUER_WORDS


_CONGRESS = re.compile(
    r"Đại\s+hội(?:\s+đại\s+biểu)?(?:\s+toàn\s+quốc)?"
    r"(?P<org>(?:\s+(?!lần\s)[^\W\d_]+){0,9}?)"
    r"\s+(?:lần\s+thứ\s+)?(?P<ord>[IVXLC]+)(?!\w)"
    r"(?P<term>\s*(?:,\s*)?nhiệm\s+kỳ\s+\d{4}\s*[-–]\s*\d{4})?"
)
_OF = re.compile(r"\s*(?:,\s*)?(?:của\s+)?")
_TERM_AFTER = re.compile(r"\s*(?:,\s*)?nhiệm\s+kỳ\s+\d{4}\s*[-–]\s*\d{4}")


def _congress_at(norm: str, m: re.Match[str]) -> tuple[int, _Fields] | None:
    """"Nghị quyết Đại hội [đại biểu] [toàn quốc] [<body>] lần thứ VI[, nhiệm kỳ …] [của] <body>"."""
    congress = _CONGRESS.match(norm, m.end())
    if not congress:
        return None
    org = " ".join(congress.group("org").split()) or None
    if org and not _capitalised(org):
        return None  # "Đại hội đại biểu các cấp …": not one body's congress
    end = congress.end()
    title = " ".join(norm[congress.start():congress.end("ord")].split())
    after = None
    if not org:
        of = _OF.match(norm, end)  # every part is optional: it always matches
        after = _name_at(norm, of.end() if of else end)
    if after:
        org, end = after
        term = _TERM_AFTER.match(norm, end)
        end = term.end() if term and not congress.group("term") else end
    fields = _Fields(kind="Nghị quyết", number=None, short_number=None, date=None, issuer=org, title=title,
                     year=None, quoted_title=False, ordinal=congress.group("ord"))
    return end, fields


_REPUBLIC = re.compile(r"\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam")


def _constitution_at(norm: str, m: re.Match[str]) -> tuple[int, int, _Fields]:
    """"Hiến pháp năm 2013", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013"."""
    end = m.end()
    republic = _REPUBLIC.match(norm, end)
    end = republic.end() if republic else end
    fields = _Fields(kind="Hiến pháp", number=None, short_number=None, date=None, issuer=None,
                     title="Hiến pháp", year=None, quoted_title=False, ordinal=None)
    year = _YEAR.match(norm, end)
    if year:
        fields["year"] = int(year.group("y") or year.group("y3"))
        end = year.end()
    return m.start(), end, fields


def _law_at(norm: str, m: re.Match[str]) -> tuple[int, _Fields] | None:
    """A law by name: "Luật Giáo dục", "Luật sửa đổi, bổ sung một số điều của Luật …", with date/number/year."""
    kind = "Bộ luật" if m.group("law").startswith("Bộ") else "Luật"
    pos = m.end("law")
    words: list[tuple[str, int, int]] = []
    amending = False
    while len(words) < 30:
        t = _TOKEN.match(norm, pos)
        if not t:
            break
        tok = t.group("tok")
        if not words and tok == "sửa":
            amending = True
        if not _law_continues(norm, words, tok, t.start("tok"), t.end(), amending):
            break
        words.append((tok, t.start("tok"), t.end()))
        pos = t.end()
    while words and words[-1][0] in (",", "&", "và", "của"):
        words.pop()
    if not words:
        return None
    end = words[-1][2]
    name = " ".join(" ".join(norm[m.start():end].split()).replace(" ,", ",").split())
    fields = _Fields(kind=kind, number=None, short_number=None, date=None, issuer=None, title=name,
                     year=None, quoted_title=False, ordinal=None)
    number = _LAW_NUMBER.match(norm, end)
    if number:
        fields["number"] = found = canonical_number(number.group("num"))
        fields["year"] = _year_of_number(found)
        end = number.end()
    date = _DATE.match(norm, end)
    if date:
        fields["date"], fields["year"] = _date_of(date)
        end = date.end()
    elif not number:
        year = _YEAR.match(norm, end)
        if year:
            fields["year"] = int(year.group("y") or year.group("y3"))
            end = year.end()
    if not number:
        number = _LAW_NUMBER.match(norm, end)
        if number:
            fields["number"] = canonical_number(number.group("num"))
            end = number.end()
    return end, fields


def _law_continues(norm: str, words: list[tuple[str, int, int]], tok: str, start: int, end: int, amending: bool) -> bool:
    nxt = _TOKEN.match(norm, end)
    nxt_tok = nxt.group("tok") if nxt else ""
    if not words:
        return _capitalised(tok) or tok == "sửa"
    if _KIND_AT.match(norm, start) and not (amending and tok == "Luật"):
        return False
    if tok.isdigit():
        return False
    if tok == ",":
        # "Luật Phòng, chống tham nhũng", "Luật Thi đua, Khen thưởng"; not "Luật Giáo dục, Nghị định …"
        return nxt is not None and not nxt_tok.isdigit() and not _KIND_AT.match(norm, nxt.start("tok")) \
            and nxt_tok not in _LAW_STOP
    if amending and tok in ("của", "và"):
        return bool(nxt) and (nxt_tok == "Luật" or (tok == "của" and nxt_tok == "Bộ"))
    if amending and tok in ("một", "số", "điều", "các"):
        return True
    return _capitalised(tok) or tok not in _LAW_STOP


# ---------------------------------------------------------------------------------------------
# What a citation is to the citing document

_CUE = re.compile(r"(?<!\w)(?:(?P<basis>[Cc]ăn\s+cứ)|(?P<carry>[Tt]hực\s+hiện|[Tt]riển\s+khai))(?!\w)")
_IN_A_NAME = re.compile(r"(?:^|\s)về\s+(?:việc\s+)?(?:tiếp\s+tục\s+)?$")


def relation_kind(text: str, c: Citation) -> str:
    """`can_cu`, `thuc_hien` or `dan_chieu`: the cue before the citation in its sentence.

    "Căn cứ A; B" → can_cu for both; "Thực hiện A" → thuc_hien; a document named inside another's
    name ("Căn cứ Chương trình 198 về việc thực hiện Nghị quyết XIII") is only mentioned (dan_chieu);
    after a ";" that name has ended and the list's cue holds again.
    """
    start = max(text.rfind(". ", 0, c.start), text.rfind("\n", 0, c.start)) + 1
    for cue in reversed(list(_CUE.finditer(text, start, c.start))):
        if _IN_A_NAME.search(text, max(start, cue.start() - 30), cue.start()):
            if ";" in text[cue.end():c.start]:
                continue
            return "dan_chieu"
        return "can_cu" if cue.group("basis") else "thuc_hien"
    return "dan_chieu"


# ---------------------------------------------------------------------------------------------
# The registry


def title_key(text: str) -> str:
    """Compare names regardless of quotes, dashes spacing, case, diacritics spelling."""
    text = re.sub(r"\s*[-–—]\s*", "-", text)
    text = re.sub(r"[“”\"'«»„.,;:…]", " ", text)
    return fold(text)


def _quoted_parts(text: str) -> list[str]:
    return re.findall(r"[“\"]([^”\"]+)[”\"]", text)


def bare_number(number: str) -> str | None:
    m = re.match(r"\s*(\d+)", number)
    return str(int(m.group(1))) if m else None


_OWN_NAME = re.compile(r"^(?:(?:phê\s+duyệt|ban\s+hành)\s+(?:[^\W\d_]+\s+){0,3}|về\s+(?:việc\s+)?)?"
                       r"[“\"](?P<t>[^”\"]+)[”\"]\s*$", re.IGNORECASE)
_APPROVES = re.compile(r"^(?:phê\s+duyệt|ban\s+hành)\s+(?P<kind>.+?)\s*[“\"]", re.IGNORECASE)


# Abbreviations of organisation names as documents write them.
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tw": "trung uong", "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc", "bch": "ban chap hanh", "btv": "ban thuong vu", "&": "va",
    "bgddt": "bo giao duc va dao tao", "ttg": "thu tuong chinh phu", "cp": "chinh phu", "qh": "quoc hoi",
    "vn": "viet nam", "hkh": "hoi khuyen hoc", "khvn": "khuyen hoc viet nam",
}
_TERM = re.compile(r"\bkhoa [ivxlc]+\b")  # "Bộ Chính trị khóa X": the term is not part of the name


def name_words(name: str) -> frozenset[str]:
    """An organisation's name as a set of folded words, abbreviations spelt out, the term dropped."""
    words = []
    for word in _TERM.sub(" ", fold(name)).replace(",", " ").split():
        words += _ABBREVIATIONS.get(word, word).split()
    return frozenset(words)


def names_agree(a: str, b: str) -> bool:
    """One name is the other or a shorter form of it ("Ban Bí thư" / "Ban Bí thư Trung ương Đảng")."""
    wa, wb = name_words(a), name_words(b)
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


_CONGRESS_NAME = re.compile(r"Đại\s+hội\b.*?\b([IVXLC]+)\b")


class Registry:
    """Indexes of the handbook's documents for resolving citations, built once (linear)."""

    def __init__(self, documents: Iterable[Document], organisations: dict[str, Organisation] | None = None):
        self.organisations = organisations or {}
        self.by_congress: dict[str, list[Document]] = defaultdict(list)  # "VI" → congress resolutions
        self.by_number: dict[str, Document] = {}
        self.laws_by_name: dict[str, list[Document]] = defaultdict(list)
        self.by_short: dict[tuple[str, str], list[Document]] = defaultdict(list)  # (bare number, kind) → documents
        self.by_title: dict[str, list[Document]] = defaultdict(list)
        self.by_id: dict[str, Document] = {}
        for doc in documents:
            self.add(doc)

    @classmethod
    def from_handbook(cls, hb: Handbook) -> Registry:
        return cls((hb.documents[k] for k in sorted(hb.documents)), hb.organisations)

    def add(self, doc: Document) -> None:
        self.by_id[doc.id] = doc
        if doc.number:
            self.by_number.setdefault(number_key(doc.number), doc)
            bare = bare_number(doc.number)
            if bare:
                for kind in self._short_kinds(doc):
                    self.by_short[(bare, kind)].append(doc)
        if doc.kind in LAW_KINDS:  # a constitution is named by its year alone
            self.laws_by_name[title_key("Hiến pháp" if doc.kind == "Hiến pháp" else doc.short_name)].append(doc)
        congress = _CONGRESS_NAME.search(doc.short_name) if doc.kind == "Nghị quyết" and not doc.number else None
        if congress:
            self.by_congress[congress.group(1)].append(doc)
        for title in self._titles(doc):
            self.by_title[title].append(doc)

    @staticmethod
    def _titles(doc: Document) -> list[str]:
        """Names a document can be cited by: its trích yếu's quoted name, or the trích yếu itself."""
        # Only a name that is the document's own: "phê duyệt Đề án “X”", "về “X”", or the whole
        # trích yếu of a record without a number; not "về việc thực hiện Đề án “X”" (another's name).
        summary = (doc.summary or "").strip()
        own = _OWN_NAME.match(summary)
        if own:
            return [title_key(own.group("t"))]
        if summary and not doc.number and not _quoted_parts(summary):
            return [title_key(re.sub(r"^về\s+(việc\s+)?", "", summary))]
        return []

    @staticmethod
    def _short_kinds(doc: Document) -> set[str]:
        """Kinds a short form may give this document: its own and its first words ("Chương trình 01" for a
        Chương trình phối hợp), "" (any kind), and what it approves ("Chương trình 387" for the
        Quyết định that "phê duyệt Chương trình …")."""
        out = {""}
        approved = _APPROVES.match(doc.summary or "")
        for kind in filter(None, (doc.kind, approved.group("kind") if approved else None)):
            words = fold(kind).split()
            out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
        return out

    def _short(self, c: Citation) -> list[Document]:
        return self.by_short.get((str(int(c.short_number or 0)), fold(c.kind or "")), [])

    def resolve(self, c: Citation) -> Document | None:
        """The registry document a citation names, or None (never a guess between several)."""
        if c.number:
            return self.by_number.get(number_key(c.number))
        if c.kind in LAW_KINDS and c.title:
            return self._resolve_law(c)
        if c.short_number:
            found = self._short(c)
            return found[0] if len(found) == 1 else None
        if c.ordinal:
            return self._resolve_congress(c)
        if c.title and c.quoted_title:
            found = self.by_title.get(title_key(c.title), [])
            return found[0] if len(found) == 1 else None
        return None

    def _resolve_congress(self, c: Citation) -> Document | None:
        """A congress resolution: same ordinal, and a body that agrees with the cited one (or is unknown)."""
        found = self.by_congress.get(c.ordinal or "", [])
        if c.issuer:
            found = [d for d in found if (name := self._issuer_name(d)) is None or names_agree(c.issuer, name)]
        return found[0] if len(found) == 1 else None

    def _issuer_name(self, doc: Document) -> str | None:
        org = self.organisations.get(doc.issuer_id) if doc.issuer_id else None
        return org.name if org else None

    def lacks(self, c: Citation) -> bool:
        """The handbook has no document this citation could name (so it belongs on the gaps page).

        A citation by name only (Đề án “…”) is never counted: it may name a document yet to be
        written. A short form matching two documents is ambiguous, not missing.
        """
        if c.number:
            return number_key(c.number) not in self.by_number
        if c.kind in LAW_KINDS and c.title:
            return (c.date or c.year) is not None and not self._law_candidates(c)
        if c.short_number:
            return not self._short(c)
        return False

    def _law_candidates(self, c: Citation) -> list[Document]:
        laws = self.laws_by_name.get(title_key(c.title or ""), [])
        if c.date:
            return [d for d in laws if d.date == c.date]
        return [d for d in laws if d.date and d.date.year == c.year]

    def _resolve_law(self, c: Citation) -> Document | None:
        laws = self.laws_by_name.get(title_key(c.title or ""), [])
        if c.date:
            laws = [d for d in laws if d.date == c.date]
        elif c.year:
            laws = [d for d in laws if d.date and d.date.year == c.year]
        return laws[0] if len(laws) == 1 else None

    def link_targets(self, text: str, own_id: str | None = None) -> list[tuple[Citation, Document]]:
        """Citations in `text` that resolve to another document of the handbook."""
        out = []
        for c in find_citations(text):
            doc = self.resolve(c)
            if doc is not None and doc.id != own_id:
                out.append((c, doc))
        return out


class _CachedRegistry(Registry):
    """A registry that also remembers the citations of each text it was asked about.

    The check (at load) and every renderer read the same clause texts; each is scanned once.
    """

    documents_ref: dict[str, Document]  # the handbook's documents it was built from (set by registry_for)

    def __init__(self, documents: Iterable[Document], organisations: dict[str, Organisation] | None = None):
        super().__init__(documents, organisations)
        self._found: dict[str, list[Citation]] = {}

    def citations(self, text: str) -> list[Citation]:
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = find_citations(text)
        return found

    def link_targets(self, text: str, own_id: str | None = None) -> list[tuple[Citation, Document]]:
        out = []
        for c in self.citations(text):
            doc = self.resolve(c)
            if doc is not None and doc.id != own_id:
                out.append((c, doc))
        return out


def registry_for(hb: Handbook) -> _CachedRegistry:
    """The registry of `hb`, built once and kept on the handbook (rebuilt if documents were added)."""
    reg: _CachedRegistry | None = getattr(hb, "_citation_registry", None)
    if reg is None or reg.documents_ref is not hb.documents or len(reg.by_id) != len(hb.documents):
        reg = _CachedRegistry((hb.documents[k] for k in sorted(hb.documents)), hb.organisations)
        reg.documents_ref = hb.documents
        hb._citation_registry = reg  # type: ignore[attr-defined]  # a cache; model.Handbook declares no field for it
    return reg
