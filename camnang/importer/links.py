"""Citations in the imported text → relations, task links, discrepancy notes and records of cited documents.

Recognising and resolving is `camnang.citations` (one recogniser for the whole handbook).
Here: the kind of each relation from the words before the citation ("Căn cứ" → can_cu,
"Thực hiện"/"triển khai"/"theo tinh thần" → thuc_hien, else dan_chieu; a citation listed
after another inherits its kind, one named inside another's title is only mentioned), the
clauses where each stands, and what to do with the ones the registry lacks.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field

from ..citations import Citation, Registry, find_citations, number_key
from ..citecheck import FIELD_LABELS, Disagreement, disagreements, recorded
from ..kinds import document_kinds
from ..model import Handbook, Note
from .orgs import OrgIndex, level_of
from .text import Record, fold, slug

_CAN_CU = re.compile(r"\bcan cu\b")
_THUC_HIEN = re.compile(r"\b(thuc hien|trien khai|theo tinh than|quan triet)\b")
KIND_ENUM = frozenset(document_kinds())
_STRENGTH = {"dan_chieu": 0, "thuc_hien": 1, "can_cu": 2}


@dataclass
class Found:
    citation: Citation
    clause_id: str | None  # None: in the trích yếu
    relation: str
    target: str | None = None  # record id once resolved or created


@dataclass
class LinkResult:
    relations: list[Record] = field(default_factory=list)
    task_links: dict[str, list[str]] = field(default_factory=dict)  # clause id → cited record ids
    notes: list[Record] = field(default_factory=list)  # khac_biet notes for the imported record
    new_records: dict[str, Record] = field(default_factory=dict)  # id → record of a cited document
    resolved: list[str] = field(default_factory=list)  # labels
    created: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)  # recognised, neither resolved nor created
    disagreements: list[str] = field(default_factory=list)


def relation_kinds(text: str, citations: list[Citation]) -> list[str]:
    """The relation each citation of `text` expresses, read from the words before it."""
    kinds: list[str] = []
    prev_end = prev_title_end = 0
    sentence_kind = None
    sentence_start = -1
    scanned = 0
    for i, c in enumerate(citations):
        # Citations come in order: look back only as far as the current sentence's start (linear overall).
        lo = max(sentence_start, scanned - 1, 0)
        found = max(text.rfind(". ", lo, c.start), text.rfind(".\n", lo, c.start))
        start = found + 1 if found >= 0 else max(sentence_start, 0)
        scanned = c.start
        if start != sentence_start:  # a new sentence: "Căn cứ …" / "Thực hiện …" sets its default
            sentence_start = start
            opening = fold(text[start:start + 40]).lstrip(" .")
            sentence_kind = "can_cu" if opening.startswith("can cu") else \
                "thuc_hien" if opening.startswith(("thuc hien", "trien khai")) else None
            prev_end = prev_title_end = start
        nested = i > 0 and c.start < prev_title_end and kinds
        context = fold(text[max(prev_title_end, c.start - 40):c.start]) if not nested else ""
        own = "can_cu" if _CAN_CU.search(context) else "thuc_hien" if _THUC_HIEN.search(context) else None
        if nested:  # named inside the previous one's title: implemented along with it, else only mentioned
            kind = "thuc_hien" if kinds[-1] == "thuc_hien" else "dan_chieu"
        elif own:
            kind = own
        elif sentence_kind:
            kind = sentence_kind
        elif kinds and start < prev_end and len(re.findall(r"\w+", text[prev_title_end:c.start])) <= 10:
            kind = kinds[-1]  # one more in a list: "… Chỉ thị 11-CT/TW, Kết luận 49-KL/TW, các đề án …"
        else:
            kind = "dan_chieu"
        kinds.append(kind)
        prev_end = prev_title_end = c.end
        if c.title:
            at = text.find(c.title, c.end, c.end + 40 + len(c.title))
            if 0 <= at - c.end < 40:
                prev_title_end = at + len(c.title)
    return kinds


def link(own_id: str, clause_texts: list[tuple[str | None, str]], hb: Handbook, registry: Registry, orgs: OrgIndex,
         evidence: str, source_file: str, own_level: str, existing_notes: tuple[Note, ...] = (),
         news: bool = False, own_number: str | None = None) -> LinkResult:
    result = LinkResult()
    own_key = number_key(own_number) if own_number else None
    found: list[Found] = []
    for clause_id, text in clause_texts:
        citations = find_citations(text)
        kinds = ["dan_chieu"] * len(citations) if news else relation_kinds(text, citations)
        for c, kind in zip(citations, kinds, strict=True):
            found.append(Found(c, clause_id, kind))
    new_by_number: dict[str, str] = {}
    notes: dict[_NoteKey, Record] = {}
    for f in found:
        c = f.citation
        if own_key and c.number and number_key(c.number) == own_key:
            continue  # "(Kèm theo Kế hoạch số 37/KH-UBND …)": the document itself, in its appendix
        doc = registry.resolve(c)
        if doc is not None:
            if doc.id == own_id:
                continue
            f.target = doc.id
            result.resolved.append(c.label)
            if f.clause_id:
                for d in disagreements(hb, c, doc):
                    if any(recorded(n, f.clause_id, d, c) for n in existing_notes):
                        continue
                    _disagreement_note(notes, f, d, source_file)
                    result.disagreements.append(f"{c.label}: {FIELD_LABELS[d.field]} trong văn bản “{d.cited}”, "
                                                f"bản ghi `{d.document.id}` ghi “{d.registry}”")
            continue
        key = number_key(c.number) if c.number else (fold(c.title or "") + str(c.date) if c.kind == "Luật" and
                                                     c.date else None)
        if key is None or c.kind not in KIND_ENUM:
            result.unsettled.append(c.label + (f" (loại “{c.kind}” chưa có trong danh sách loại)"
                                               if key and c.kind else ""))
            continue
        if key not in new_by_number:
            record = _cited_record(c, f.clause_id, own_id, hb, orgs, evidence, source_file, own_level)
            record["id"] = _free_id(record["id"], hb, {**result.new_records, own_id: None})
            result.new_records[record["id"]] = record
            new_by_number[key] = record["id"]
            result.created.append(c.label)
        f.target = new_by_number[key]
    result.relations = _relations(found)
    for f in found:
        if f.target and f.clause_id:
            targets = result.task_links.setdefault(f.clause_id, [])
            if f.target not in targets:
                targets.append(f.target)
    result.notes = list(notes.values())
    return result


def _relations(found: list[Found]) -> list[Record]:
    by_target: dict[str, Record] = {}
    for f in found:
        if not f.target:
            continue
        rel = by_target.setdefault(f.target, {"loai": f.relation, "van_ban": f.target, "muc": []})
        if _STRENGTH[f.relation] > _STRENGTH[rel["loai"]]:
            rel["loai"] = f.relation
        if f.clause_id and f.clause_id not in rel["muc"]:
            rel["muc"].append(f.clause_id)
    for rel in by_target.values():
        if not rel["muc"]:
            del rel["muc"]
    return list(by_target.values())


_NoteKey = tuple[str, str, str]  # (cited record id, field, cited value): one note per disagreement


def _disagreement_note(notes: dict[_NoteKey, Record], f: Found, d: Disagreement, source_file: str) -> None:
    key = (d.document.id, d.field, d.cited)
    label = {"date": "Ngày ban hành", "issuer": "Cơ quan ban hành", "title": "Tên"}[d.field]
    note = notes.get(key)
    if note is None:
        where = f"mục {f.clause_id}" if f.clause_id != "mo-dau" else "đoạn mở đầu"
        cited = f"ngày {d.cited}" if d.field == "date" else d.cited
        note = notes[key] = {
            "loai": "khac_biet",
            "noi_dung": f"{label} của {f.citation.label} trong văn bản khác với bản ghi `{d.document.id}`; "
                        "cần đối chiếu văn bản gốc (ghi nhận tự động khi nhập).",
            "muc": [],
            "doi_chieu": [
                {"nguon": f"Tệp {source_file} ({where})", "noi_dung": cited},
                {"nguon": f"Bản ghi {d.document.id} của cẩm nang", "noi_dung": d.registry},
            ],
        }
    if f.clause_id not in note["muc"]:
        note["muc"].append(f.clause_id)


def _free_id(candidate: str, hb: Handbook, new: Container[str]) -> str:
    out, n = candidate, 2
    while out in hb.documents or out in new:
        out, n = f"{candidate}-{n}", n + 1
    return out


_CAP_BY_NUMBER = [(r"/TW$|-TW$", "Trung ương"), (r"-TTg$|-CP$|NĐ-CP", "Chính phủ"), (r"/QH\d*$", "Quốc hội"),
                  (r"-B[A-ZĐ]+$", "Bộ"), (r"[/-]TU$|/TU$", "Tỉnh"), (r"KHVN|HKH", "Hội"), (r"UBND", "Tỉnh")]


def _cited_record(c: Citation, clause_id: str | None, own_id: str, hb: Handbook, orgs: OrgIndex, evidence: str,
                  source_file: str, own_level: str) -> Record:
    issuer = orgs.resolve(c.issuer, evidence) if c.issuer else None
    if c.kind == "Luật" and issuer is None:
        issuer = orgs.resolve("Quốc hội")  # a law is passed by the National Assembly
    level = None
    if issuer:
        level = hb.organisations[issuer.org_id].level if issuer.org_id in hb.organisations else None
    if level is None and c.number:
        level = next((lv for pattern, lv in _CAP_BY_NUMBER if re.search(pattern, c.number)), None)
    if level is None and c.issuer:
        level = level_of(c.issuer)
    notes: list[Record] = []
    where = "đoạn mở đầu" if clause_id == "mo-dau" else f"mục {clause_id}" if clause_id else "trích yếu"
    notes.append({"loai": "chua_xac_minh",
                  "noi_dung": f"Bản ghi tạo tự động khi nhập tệp {source_file}: chỉ biết qua lời dẫn "
                              f"“{' '.join(c.text.split())}” ({where} của `{own_id}`). Cần đối chiếu văn bản gốc "
                              "(số, ngày, cơ quan ban hành, trích yếu) rồi sửa xac_minh."})
    if level is None:
        level = own_level
        notes.append({"loai": "suy_luan", "noi_dung": f"Cấp ban hành chưa rõ; tạm ghi “{own_level}” theo văn bản dẫn."})
    if c.issuer and not issuer:
        notes.append({"loai": "chua_xac_minh",
                      "noi_dung": f"Lời dẫn ghi cơ quan ban hành “{c.issuer}”, chưa có bản ghi cơ quan tương ứng."})
    name = c.title if c.kind == "Luật" and c.title else c.label
    return {
        "id": slug(f"{c.kind} {c.number}") if c.number else slug(f"{c.title} {c.date.year if c.date else ''}"),
        "loai": c.kind, "so_ky_hieu": c.number, "ngay_ban_hanh": c.date.isoformat() if c.date else None,
        "noi_ban_hanh": None, "co_quan_ban_hanh": issuer.org_id if issuer else None,
        "ten_ngan": name, "tieu_de": None, "trich_yeu": c.title if c.title and c.kind != "Luật" else None,
        "nguoi_ky": None, "chuc_vu": None, "cap": level, "giai_doan": None, "xac_minh": "theo_trich_dan",
        "nguon": [{"tep": source_file, "ghi_chu": f"Lời dẫn trong {where} của văn bản {own_id}."}],
        "quan_he": [], "ghi_chu": notes, "noi_dung": [],
    }
