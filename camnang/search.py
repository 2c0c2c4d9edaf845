"""Vietnamese-aware search: folding, tone placement, the words of an index entry, document keywords.

Readers type with or without diacritics, with old ("hoá", "uỷ") or new ("hóa", "ủy") tone
placement, sometimes in decomposed Unicode (NFD). `camnang.searchindex` files every word under
its folded form with its spellings; `docs/javascripts/timkiem.js` applies the same functions to
the query in the browser.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from .model import Document, Handbook

# Combining diacritics (U+0300–U+036F): Vietnamese tone marks, circumflex, breve, horn.
_MARKS = re.compile("[\u0300-\u036f]")
# The five tone marks: huyền, sắc, ngã, hỏi, nặng.
_TONES = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_VOWELS = set("aăâeêioôơuưy")
# Open syllables whose tone placement differs between the old ("hoá") and new ("hóa") style.
_TONE_PAIR = re.compile(r"(?i)^([^\W\d_]*?)(oa|oe|uy)$")
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")  # letters/digits, with inner "." or "'" ("2.1")


def fold(text: str) -> str:
    """Text without diacritics: "Đảng ủy Khối" → "Dang uy Khoi". ASCII is left as it is."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def _retone(word: str, second: bool) -> str:
    """One word with its tone on the first ("hóa") or second ("hoá") vowel of oa/oe/uy."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = _TONES.findall(decomposed)
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", _TONES.sub("", decomposed))
    match = _TONE_PAIR.match(base)
    onset = match.group(1).lower() if match else ""
    if not match or _VOWELS & set(onset) or (match.group(2).lower() == "uy" and onset.endswith("q")):
        return word
    at = match.start(2) + 1 + second
    return unicodedata.normalize("NFC", base[:at] + tones[0] + base[at:])


def new_tones(text: str) -> str:
    """NFC text with the new tone placement: "hoá" → "hóa", "uỷ" → "ủy", "khoẻ" → "khỏe"."""
    return _WORD.sub(lambda m: _retone(m.group(0), False), unicodedata.normalize("NFC", text))


def old_tones(text: str) -> str:
    """NFC text with the old tone placement: "hóa" → "hoá", "ủy" → "uỷ", "khỏe" → "khoẻ"."""
    return _WORD.sub(lambda m: _retone(m.group(0), True), unicodedata.normalize("NFC", text))


def search_key(text: str) -> str:
    """What two spellings must share to be the same search word: folded, lower case."""
    return fold(text).lower()


def words(markup: str, separator: str) -> list[str]:
    """The words of an index entry's HTML, split as the search engine splits them, in lower case NFC.

    Only letters and digits count as words ("¶" and stray symbols are left out).
    """
    text = html.unescape(_TAG.sub(" ", markup))
    return [w for w in re.split(separator, unicodedata.normalize("NFC", text).lower()) if _TOKEN.fullmatch(w)]


def _initials_pattern(kind: str) -> re.Pattern[str]:
    """Matches an abbreviation of `kind` built from its words' first 1–3 letters ("CTrHĐ")."""
    parts = ["(?:" + "|".join(re.escape(w[:k]) for k in (3, 2, 1)) + ")" for w in search_key(kind).split()]
    return re.compile("".join(parts))


def kind_codes(documents: Iterable[Document]) -> dict[str, set[str]]:
    """Kind → the abbreviations the data's numbers use for it ("Quyết định" → {"QĐ"})."""
    codes: dict[str, set[str]] = {}
    for doc in documents:
        pattern = _initials_pattern(doc.kind)
        for part in re.split(r"[-/]", doc.number or ""):
            if pattern.fullmatch(search_key(part)):
                codes.setdefault(doc.kind, set()).add(part)
    return codes


def document_keywords(hb: Handbook) -> dict[str, str]:
    """Document page (source URI) → the ways people type its kind and number, folded forms included.

    "Quyết định 387/QĐ-TTg" gives "Quyết định 387/QĐ-TTg 387 QĐ TTg quyet dinh 387/qd-ttg qd"; with
    the index's separator splitting "/" and "-", the queries "QĐ 387", "quyết định 387",
    "387/QĐ-TTg" and "qd 387" all meet these words.
    """
    codes = kind_codes(hb.documents.values())
    result = {}
    for doc in hb.documents.values():
        forms = [doc.kind, doc.number or "", *re.split(r"[-/]", doc.number or ""), *sorted(codes.get(doc.kind, ()))]
        unique = dict.fromkeys(f for form in forms for f in (form, fold(form)) if f)
        result[doc.url] = " ".join(unique)
    return result


def unreferenced_plans(hb: Handbook) -> list[Document]:
    """Plans that no document, topic or model refers to: at national scale, the many local plans."""
    referred = set(hb.incoming) | set(hb.models_by_document)
    for topic in hb.topics.values():
        referred.update(q.document_id for q in topic.quotes)
        referred.update(t.document_id for t in topic.tasks)
        referred.update(topic.document_ids)
    return [doc for doc in hb.documents.values() if doc.is_plan and doc.id not in referred]
