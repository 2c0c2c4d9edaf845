"""`camnang check`: a cited date, issuer or name that disagrees with the registry.

A clause's text says "Chỉ thị 14/CT-TTg ngày 25/5/2022" and the record of Chỉ thị 14/CT-TTg
says 25/5/2021: one of them is wrong, or the sources differ. The editor either fixes the
data or records both sides in a `khac_biet` note of the citing record (`doi_chieu`); a
note that names the cited value (and the clause, when it lists clauses) silences the warning.
The importer uses `disagreements` to write such notes itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .citations import Citation, Registry, name_words, registry_for, title_key
from .diagnostics import Diagnostic, Severity
from .model import Document, Handbook, Note, format_date
from .yamlio import Path_, YamlFile, format_path

FIELD_LABELS = {"date": "ngày ban hành", "issuer": "cơ quan ban hành", "title": "tên"}


@dataclass(frozen=True)
class Disagreement:
    field: str  # "date", "issuer" or "title"
    cited: str  # as the citing text has it (dates as d/m/yyyy)
    registry: str  # as the registry record has it
    document: Document  # the cited document's record


def disagreements(hb: Handbook, c: Citation, doc: Document) -> list[Disagreement]:
    """Where citation `c` (resolved to `doc`) disagrees with `doc`'s record."""
    out = []
    if c.date and doc.date and c.date != doc.date:
        # `or ""`: format_date gives None only for no date, and both dates are set here.
        out.append(Disagreement("date", format_date(c.date) or "", format_date(doc.date) or "", doc))
    if c.issuer and doc.issuer_id and doc.issuer_id in hb.organisations and not issuer_agrees(hb, c.issuer, doc):
        out.append(Disagreement("issuer", c.issuer, hb.organisations[doc.issuer_id].name, doc))
    own = Registry._titles(doc)
    if c.title and c.quoted_title and own and title_key(c.title) not in own:
        out.append(Disagreement("title", c.title, _registry_title(doc), doc))
    return out


def _registry_title(doc: Document) -> str:
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]", doc.summary or "")
    return quoted.group(1) if quoted else (doc.summary or "")


def issuer_agrees(hb: Handbook, cited: str, doc: Document) -> bool:
    """The cited issuer names the record's issuer, a body it belongs to, or a part of either name.

    "Ban Bí thư" = "Ban Bí thư Trung ương Đảng"; "UBND tỉnh Thái Bình" = "Ủy ban nhân dân tỉnh Thái
    Bình"; "Hội Khuyến học Việt Nam" for a decision of its Chủ tịch. "Bộ Nội vụ" ≠ "Bộ Giáo dục và Đào tạo".
    """
    words = name_words(cited)
    org_id, seen = doc.issuer_id, set()
    while org_id and org_id in hb.organisations and org_id not in seen:
        seen.add(org_id)
        org = hb.organisations[org_id]
        for name in filter(None, (org.name, org.abbreviation)):
            have = name_words(name)
            if words <= have or have <= words:
                return True
        org_id = org.parent_id
    return False


# --- notes that already record a disagreement -------------------------------------------------

_NOTE_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)"
                        r"|(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def _dates_in(text: str) -> set[dt.date]:
    out = set()
    for m in _NOTE_DATE.finditer(text):
        d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        with contextlib.suppress(ValueError):
            out.add(dt.date(int(y), int(mo), int(d)))
    return out


def recorded(note: Note, clause_id: str, found: Disagreement, c: Citation) -> bool:
    """`note` (khac_biet) records this disagreement: it covers the clause and names the cited value."""
    if note.kind != "khac_biet" or (note.clause_ids and clause_id not in note.clause_ids):
        return False
    texts = [note.text] + [comp.text for comp in note.comparisons]
    if found.field == "date":
        return any(c.date in _dates_in(t) for t in texts)
    key = title_key(found.cited)
    return any(key in title_key(t) for t in texts)


# --- the check ---------------------------------------------------------------------------------


def _clause_texts(raw: list[object], path: Path_) -> Iterator[tuple[Path_, str, str]]:
    """(yaml path of the text, clause id, text) for every clause text in a record's noi_dung."""
    for i, clause in enumerate(raw):
        if not isinstance(clause, dict):
            continue
        if isinstance(clause.get("van_ban"), str):
            yield path + (i, "van_ban"), clause.get("id", ""), clause["van_ban"]
        yield from _clause_texts(clause.get("muc") or [], path + (i, "muc"))


def check(hb: Handbook, files: dict[str, YamlFile]) -> list[Diagnostic]:
    """Warnings for every cited date, issuer or name that disagrees with the registry, not yet noted."""
    registry = registry_for(hb)
    out = []
    for doc_id in sorted(hb.documents):
        doc = hb.documents[doc_id]
        src = files.get(f"van-ban/{doc_id}")
        if src is None or not doc.has_text:
            continue
        for path, clause_id, text in _clause_texts(src.data.get("noi_dung") or [], ("noi_dung",)):
            for c in registry.citations(text):
                cited = registry.resolve(c)
                if cited is None or cited.id == doc.id:
                    continue
                for found in disagreements(hb, c, cited):
                    if not any(recorded(n, clause_id, found, c) for n in doc.notes):
                        out.append(_warning(src, path, text, c, found))
    return out


def _warning(src: YamlFile, path: Path_, text: str, c: Citation, found: Disagreement) -> Diagnostic:
    label = FIELD_LABELS[found.field]
    what = " ".join(c.text.split())
    message = (f"Trích dẫn khác với bản ghi của văn bản được dẫn: “{what}” ghi {label} {_quote(found)}, "
               f"bản ghi `{found.document.id}` ghi {_quote(found, registry=True)}")
    hint = (f"đối chiếu văn bản gốc: nếu dữ liệu nhập sai thì sửa cho đúng; nếu hai nguồn thật sự khác nhau thì "
            f"thêm ghi chú loại `khac_biet` (trong `ghi_chu` của tệp này, `muc` ghi mã mục, `doi_chieu` ghi cả "
            f"hai nguồn, một bên là “{found.cited}”)")
    line, col = _position(src, path, text, c)
    return Diagnostic(src.rel, line, col, message, hint, format_path(path), severity=Severity.WARNING)


def _position(src: YamlFile, path: Path_, text: str, c: Citation) -> tuple[int, int]:
    """The citation's own line and column when the text is written on one line, else the text's start."""
    line, col = src.mark(path)
    lines = (src.text or "").split("\n")
    if 0 < line <= len(lines):
        rest = lines[line - 1][col - 1:]
        for quote in ("", '"', "'"):
            if rest.startswith(quote + text[:c.end]):
                return line, col + len(quote) + c.start
    return line, col


def _quote(found: Disagreement, registry: bool = False) -> str:
    value = found.registry if registry else found.cited
    return value if found.field == "date" else f"“{value}”"
