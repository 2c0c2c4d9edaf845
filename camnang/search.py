"""Vietnamese-aware search: folding, tone placement, and the extra fields of the search index.

Readers type with or without diacritics, with old ("hoá", "uỷ") or new ("hóa", "ủy") tone
placement, sometimes in decomposed Unicode (NFD). The site's search index keeps the original
text for previews and gains fields holding the folded words, so a folded query finds them;
`docs/javascripts/timkiem.js` applies the same functions to the query in the browser.

Site-engine neutral: `enrich_index` works on the JSON index (docs with location, title, text).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

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

# Extra fields of the search index (declared with their boosts under plugins: search: fields).
TITLE_FOLDED = "title_folded"
TEXT_FOLDED = "text_folded"
KEYWORDS = "keywords"
FIELDS = (TITLE_FOLDED, TEXT_FOLDED, KEYWORDS)
# Entries of document pages weigh this much more: where a topic or model page quotes a
# document word for word, the document itself comes first.
DOCUMENT_BOOST = 1.2
# What a phone downloads (gzip) and indexes once per visit. Above it, pages of plans nobody
# refers to are searchable by their head only (name, number, issuer, trích yếu), not clause by clause.
INDEX_BUDGET_GZ = 300 * 1024


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


def folded_words(markup: str, separator: str) -> str:
    """The folded forms of the words that folding changes, each once (ASCII words are indexed already)."""
    seen: dict[str, None] = {}
    for word in words(markup, separator):
        folded = fold(word)
        if folded != word:
            seen.setdefault(folded, None)
    return " ".join(seen)


def _initials_pattern(kind: str) -> re.Pattern:
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


def enrich_index(index: dict, keywords: dict[str, str], skip: Callable[[dict], bool] | None = None) -> dict:
    """Add the folded fields (and, on document pages, the keywords and a boost) to a Material/lunr
    search index; entries for which `skip` is true are left as they are.

    `keywords` maps a document page's location (without anchor) to its keyword text. The fields must be
    declared in the index config, or the browser would never index them.
    """
    config = index["config"]
    missing = [name for name in FIELDS if name not in config["fields"]]
    if missing:
        raise ValueError(f"search fields not declared under plugins: search: fields: {', '.join(missing)}")
    separator = config["separator"]
    for doc in index["docs"]:
        if skip and skip(doc):
            continue
        if doc["location"].split("#")[0] in keywords:
            doc["boost"] = DOCUMENT_BOOST
        _add(doc, TITLE_FOLDED, folded_words(doc.get("title", ""), separator))
        _add(doc, TEXT_FOLDED, folded_words(doc.get("text", ""), separator))
        if "#" not in doc["location"]:
            _add(doc, KEYWORDS, keywords.get(doc["location"], ""))
    return index


def _add(doc: dict, field: str, value: str) -> None:
    if value:
        doc[field] = value


def head_only_pages(hb: Handbook) -> list[Document]:
    """Plans that no document, topic or model refers to: at national scale, the many local plans."""
    referred = set(hb.incoming) | set(hb.models_by_document)
    for topic in hb.topics.values():
        referred.update(q.document_id for q in topic.quotes)
        referred.update(t.document_id for t in topic.tasks)
        referred.update(topic.document_ids)
    return [doc for doc in hb.documents.values() if doc.is_plan and doc.id not in referred]


def _section_of(pages: set[str]) -> Callable[[dict], bool]:
    """Whether an index entry is a section (location with "#") of one of `pages`."""
    def test(doc: dict) -> bool:
        page, _, anchor = doc["location"].partition("#")
        return bool(anchor) and page in pages
    return test


def compact_index(index: dict, head_only: set[str]) -> int:
    """Drop the section entries of the pages in `head_only`; returns how many pages lost some."""
    is_section = _section_of(head_only)
    dropped = {doc["location"].partition("#")[0] for doc in index["docs"] if is_section(doc)}
    index["docs"] = [doc for doc in index["docs"] if not is_section(doc)]
    return len(dropped)


@dataclass
class IndexReport:
    full_gz: int  # bytes, gzip, with every page's full text (a lower bound when `head_only_pages`)
    final_gz: int  # bytes, gzip, as written
    head_only_pages: int = 0


def _serialise(index: dict) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode()


def enrich_index_file(path: Path, keywords: dict[str, str], head_only: Iterable[str] = (),
                      budget_gz: int = INDEX_BUDGET_GZ) -> IndexReport:
    """`enrich_index` on the JSON file the search plugin wrote (rewritten as compact UTF-8); over
    `budget_gz`, the `head_only` pages (site locations) keep only their page entry.

    The sections of `head_only` pages are enriched last, and only when the index without their
    folded fields is still within budget: at national scale they are most of the index.
    """
    index = json.loads(path.read_text("utf-8"))
    pages = set(head_only)
    is_section = _section_of(pages)
    enrich_index(index, keywords, skip=is_section)
    size = _gzip_size(data := _serialise(index))
    if pages and size <= budget_gz:
        enrich_index(index, keywords, skip=lambda doc: not is_section(doc))
        size = _gzip_size(data := _serialise(index))
    report = IndexReport(full_gz=size, final_gz=size)
    if size > budget_gz:
        report.head_only_pages = compact_index(index, pages)
        report.final_gz = _gzip_size(data := _serialise(index))
    path.write_bytes(data)
    return report


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 6))
