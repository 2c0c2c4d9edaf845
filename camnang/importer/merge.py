"""The registry side of an import: is the document already there, and what its record gains.

Same document: the same số ký hiệu (unless both records name different issuers: "15/CT-UBND"
of two provinces); a law: the same name and date; a document without a number: the same kind
and trích yếu (or printed title), or the record already holding this file's full text.
Filling keeps what editors wrote: empty fields are filled, different values become a
`khac_biet` note with both sources (once: importing again adds nothing).
"""

from __future__ import annotations

import copy
import re

from ..citations import number_key
from ..model import Document, Handbook
from .text import Record, fold, slug

METADATA = [("loai", "Loại văn bản"), ("so_ky_hieu", "Số ký hiệu"), ("ngay_ban_hanh", "Ngày ban hành"),
            ("noi_ban_hanh", "Địa danh"), ("co_quan_ban_hanh", "Cơ quan ban hành"), ("tieu_de", "Tiêu đề"),
            ("trich_yeu", "Trích yếu"), ("nguoi_ky", "Người ký"), ("chuc_vu", "Chức vụ người ký"),
            ("giai_doan", "Giai đoạn")]


def _key(text: str | None) -> str:
    t = fold(text or "")
    t = re.sub(r"^(ve viec|v/v|ve)\s+", "", t)
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def find_existing(hb: Handbook, record: Record, file_name: str) -> Document | None:
    number = record["so_ky_hieu"]
    for doc in hb.documents.values():
        if number and doc.number and number_key(doc.number) == number_key(number):
            if doc.issuer_id and record["co_quan_ban_hanh"] and doc.issuer_id != record["co_quan_ban_hanh"] \
                    and not _related(hb, doc.issuer_id, record["co_quan_ban_hanh"]):
                continue
            return doc
    if number:
        return None
    if record["loai"] == "Luật":
        for doc in hb.documents.values():
            if doc.kind == "Luật" and doc.date and record["ngay_ban_hanh"] == doc.date.isoformat() \
                    and _key(doc.short_name) == _key(record["tieu_de"] or record["ten_ngan"]):
                return doc
        return None
    for doc in hb.documents.values():
        if doc.kind != record["loai"]:
            continue
        if any(s.file == file_name for s in doc.sources) and doc.has_text:
            return doc
        same_summary = record["trich_yeu"] and _key(doc.summary) == _key(record["trich_yeu"])
        same_title = not record["trich_yeu"] and record["tieu_de"] and _key(record["tieu_de"]) != _key(record["loai"]) \
            and _key(doc.printed_title) == _key(record["tieu_de"])
        if (same_summary or same_title) and not _issuers_differ(hb, doc, record):
            return doc
    return None


def _issuers_differ(hb: Handbook, doc: Document, record: Record) -> bool:
    a, b = doc.issuer_id, record["co_quan_ban_hanh"]
    return bool(a and b and a != b and not _related(hb, a, b))


def _related(hb: Handbook, a: str, b: str) -> bool:
    """One organisation is the other or above it (Tỉnh ủy / Ban Thường vụ Tỉnh ủy)."""
    def chain(org_id: str | None) -> list[str]:
        seen: list[str] = []
        while org_id and org_id in hb.organisations and org_id not in seen:
            seen.append(org_id)
            org_id = hb.organisations[org_id].parent_id
        return seen
    return a in chain(b) or b in chain(a)


def new_document_id(record: Record, hb: Handbook) -> str:
    """As the existing ids: kind + number ("quyet-dinh-387-qd-ttg"); a law: name + year; no number: kind +
    issuer + year. The year is added when the id is taken by another document."""
    year = (record["ngay_ban_hanh"] or "")[:4] or (record.get("giai_doan") or "")[:4]
    if record["so_ky_hieu"]:
        base = slug(f"{record['loai']} {record['so_ky_hieu']}")
    elif record["loai"] == "Luật":
        base = slug(f"{record['tieu_de'] or record['ten_ngan']} {year}")
    elif record["loai"] == "Tin bài":
        base = slug(f"tin bai {record['tieu_de'] or ''}", 60)
    else:
        issuer = record["co_quan_ban_hanh"] or ""
        base = slug(f"{record['loai']} {issuer} {record.get('giai_doan') or year}")
    candidate = base
    if candidate in hb.documents and year and not base.endswith(year):
        candidate = f"{base}-{year}"
    out, n = candidate, 2
    while out in hb.documents:
        out, n = f"{candidate}-{n}", n + 1
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _key(a) == _key(b)
    return a == b


def _describe(doc: Document) -> str:
    for s in doc.sources:
        if s.url:
            return f"Bản ghi {doc.id} của cẩm nang (nguồn {s.url})"
    files = [s.file for s in doc.sources if s.file]
    return f"Bản ghi {doc.id} của cẩm nang" + (f" (nguồn {', '.join(files)})" if files else "")


def merge_into(existing: Record, new: Record, file_name: str, doc: Document) -> tuple[Record, list[str]]:
    """The existing record with what the import adds; and a list of what changed, for the report."""
    out = copy.deepcopy(existing)
    changes: list[str] = []
    notes = out.setdefault("ghi_chu", [])
    for key, label in METADATA:
        old, value = out.get(key), new.get(key)
        if value is None:
            continue
        if old is None:
            out[key] = value
            changes.append(f"điền {key}")
        elif not _same(old, value):
            note = {"loai": "khac_biet",
                    "noi_dung": f"{label}: bản ghi của cẩm nang và tệp {file_name} ghi khác nhau; cần đối chiếu.",
                    "doi_chieu": [{"nguon": _describe(doc), "noi_dung": str(old)},
                                  {"nguon": f"Tệp {file_name} (nhập bằng camnang import)", "noi_dung": str(value)}]}
            if not any(n.get("doi_chieu") == note["doi_chieu"] for n in notes):
                notes.append(note)
                changes.append(f"ghi khác biệt ở {key}")
    if not out.get("noi_dung") and new.get("noi_dung"):
        out["noi_dung"] = new["noi_dung"]
        out["xac_minh"] = "toan_van"
        changes.append("thêm toàn văn")
        for key in ("nhiem_vu", "noi_nhan"):
            if not out.get(key) and new.get(key):
                out[key] = new[key]
                changes.append(f"thêm {key}")
    text_is_ours = out.get("noi_dung") == new.get("noi_dung")
    if not text_is_ours and out.get("noi_dung"):
        changes.append("toàn văn đã có nên giữ nguyên")
    if not out.get("noi_nhan") and new.get("noi_nhan"):
        out["noi_nhan"] = new["noi_nhan"]
        changes.append("thêm noi_nhan")
    if text_is_ours:
        known = {r["van_ban"] for r in out.get("quan_he", [])}
        added = [r for r in new.get("quan_he", []) if r["van_ban"] not in known]
        if added:
            out.setdefault("quan_he", []).extend(added)
            changes.append(f"thêm {len(added)} quan hệ")
        for note in new.get("ghi_chu", []):
            if note["loai"] == "khac_biet" and not any(n.get("doi_chieu") == note.get("doi_chieu") for n in notes):
                notes.append(note)
    if not any(s.get("tep") == file_name for s in out.get("nguon", [])):
        out.setdefault("nguon", []).append({"tep": file_name})
        changes.append("thêm nguồn")
    return out, changes
