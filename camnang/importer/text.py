"""Small text helpers shared by the importer: slugs, casing, name keys, dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, TypeAlias

from ..citations import fold as fold  # re-exported: the importer's modules fold through here

# A record, or a part of one (clause, task, note, source), as the importer builds it for YAML:
# the schema's shape, which the schema checks when the data is loaded before anything is kept.
Record: TypeAlias = dict[str, Any]


def slug(text: str, limit: int = 110) -> str:
    """Record id from words: "Kế hoạch 186/KH-UBND" → "ke-hoach-186-kh-ubnd"."""
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s


def is_caps(text: str) -> bool:
    """All letters upper case (a header or heading line), with at least two letters."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def starts_lower(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return first.isalpha() and first.islower()


# Abbreviations an editor writes for organisations, expanded before names are compared.
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tw": "trung uong", "bch": "ban chap hanh",
    "btv": "ban thuong vu", "mttq": "mat tran to quoc", "gddt": "giao duc va dao tao", "gd&dt": "giao duc va dao tao",
    "khvn": "khuyen hoc viet nam", "hkh": "hoi khuyen hoc", "tu": "tinh uy", "duk": "dang uy khoi",
    "bcs": "ban can su", "vn": "viet nam", "tp": "thanh pho", "sgddt": "so giao duc va dao tao",
}


def name_key(name: str) -> str:
    """Comparable form of an organisation name: folded, abbreviations expanded, "&" read as "và"."""
    words = re.sub(r"[^a-z0-9&]+", " ", fold(name).replace(" & ", " va ")).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


# Words whose capitals Vietnamese organisation names keep, as in the handbook's records.
_PHRASES = [
    "Hội Khuyến học", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ban Thường vụ", "Ban Chấp hành", "Ban Bí thư",
    "Bộ Chính trị", "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Thị ủy", "Quận ủy", "Đảng ủy Khối", "Đảng ủy", "Đảng đoàn",
    "Ban cán sự đảng", "Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức", "Ban Kiểm tra", "Văn phòng",
    "Sở Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Tài chính",
    "Sở Thông tin và Truyền thông", "Sở Văn hóa", "Sở Lao động - Thương binh và Xã hội", "Mặt trận Tổ quốc",
    "Thủ tướng Chính phủ", "Chính phủ", "Quốc hội", "Trung ương", "Việt Nam", "Đảng Cộng sản Việt Nam",
    "Trung tâm", "Liên đoàn Lao động", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh",
    "Hội Nông dân", "Đảng bộ", "Khối các cơ quan", "Khối Doanh nghiệp", "Thường trực", "Chủ tịch",
]
_PHRASE_KEYS = sorted(((fold(p).split(), p.split()) for p in _PHRASES), key=lambda kv: -len(kv[0]))
_PLACE_WORDS = {"tinh", "huyen", "xa", "phuong", "quan", "thi xa", "thanh pho", "thi tran"}
_KEEP_UPPER = {"ubnd", "hdnd", "mttq", "tw", "khvn", "hkh", "vn", "bgddt", "tp"}


def proper_case(caps: str) -> str:
    """A name printed in capitals, as the handbook writes it: "HỘI KHUYẾN HỌC TỈNH NAM ĐỊNH" →
    "Hội Khuyến học tỉnh Nam Định" (known phrases, then the place name after tỉnh/huyện/xã …)."""
    words = caps.split()
    folded = [fold(w) for w in words]
    out: list[str] = [w.lower() for w in words]
    i = 0
    while i < len(words):
        for key, phrase in _PHRASE_KEYS:
            if folded[i:i + len(key)] == key:
                out[i:i + len(key)] = phrase
                i += len(key)
                break
        else:
            if folded[i] in _KEEP_UPPER or not re.search(r"[aeiouy]", folded[i]):  # UBND, THPT
                out[i] = words[i]
            i += 1
    for i, f in enumerate(folded):  # place names: every word after the level word ("tỉnh Nam Định", not "Tỉnh ủy")
        level = f if f in _PLACE_WORDS else (" ".join(folded[i:i + 2]) if i + 1 < len(folded) else "")
        after = folded[i + len(level.split())] if i + len(level.split()) < len(folded) else ""
        if level in _PLACE_WORDS and not (level == "quan" and i and folded[i - 1] == "co"):  # not "cơ quan"
            start = i + len(level.split()) + (after == "uy")  # "Tỉnh ủy Nam Định": the place follows "ủy"
            for j in range(start, len(words)):
                out[j] = words[j][:1].upper() + words[j][1:].lower()
            break
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return unicodedata.normalize("NFC", " ".join(out))


_DATE_WORDS = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE)


def parse_date(text: str) -> dt.date | None:
    for pattern in (_DATE_WORDS, _DATE_SLASH):
        m = pattern.search(text)
        if m:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None
    return None
