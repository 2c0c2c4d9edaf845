""""Việc cần bổ sung": what the data does not know yet, each with the file to edit.

Generated from the data: empty fields the schema recommends (`x-khuyen-nghi`),
unverified facts, recorded discrepancies and inferences.
"""

from __future__ import annotations

from ..addresses import GAPS
from ..citations import Citation, fold, number_key, registry_for, title_key
from ..model import Document, Handbook, Note, format_date
from ..schema import load_schema
from ..vntext import md, safe_url
from .common import clause_ref, link
from .models import model_gaps

# Schema field → model attribute, for the fields the schema may recommend.
_DOCUMENT_FIELDS = {"so_ky_hieu": "number", "ngay_ban_hanh": "date", "co_quan_ban_hanh": "issuer_id",
                    "trich_yeu": "summary", "nguoi_ky": "signer", "noi_ban_hanh": "place", "giai_doan": "period"}


def recommended_fields(kind: str) -> list[tuple[str, str, list[str]]]:
    """(key, title, document kinds exempted) for every field the schema recommends filling."""
    props = load_schema(kind)["properties"]
    return [(key, p.get("title", key), p.get("x-khuyen-nghi-tru-loai", []))
            for key, p in props.items() if p.get("x-khuyen-nghi")]


def missing_fields(doc: Document) -> list[str]:
    return [title for key, title, exempt in recommended_fields("van-ban")
            if doc.kind not in exempt and getattr(doc, _DOCUMENT_FIELDS[key]) in (None, "")]


def gaps_page(hb: Handbook, edit_base: str | None = None) -> str:
    docs = sorted(hb.documents.values(), key=lambda d: d.file)
    out = ["# Việc cần bổ sung\n",
           "Trang này liệt kê những gì cẩm nang **chưa biết chắc**, tự lập từ dữ liệu mỗi lần dựng. "
           "Mỗi dòng có đường dẫn tới tệp dữ liệu cần sửa. Chỉ bổ sung khi có nguồn (văn bản gốc hoặc "
           "trang công khai) và ghi nguồn đó vào `nguon`.\n"]
    out += _empty_fields(docs, edit_base)
    out += _unverified(hb, docs, edit_base)
    out += _cited_but_missing(hb, docs)
    out += _notes(docs, edit_base, ("khac_biet",), "Các nguồn ghi khác nhau",
                  "Hai nguồn ghi khác nhau; cẩm nang ghi cả hai. Cần văn bản gốc để kết luận.")
    out += _notes(docs, edit_base, ("suy_luan", "chua_xac_minh"), "Suy luận, điểm cần xác minh",
                  "Thông tin do người biên tập suy ra hoặc chưa đối chiếu được.")
    out += model_gaps(hb, GAPS, lambda path: _edit(path, edit_base))
    return "\n".join(out) + "\n"


def _edit(path: str, edit_base: str | None) -> str:
    if edit_base:
        return f"[{md(path)}]({safe_url(edit_base + path)})"
    return md(path)


def _empty_fields(docs: list[Document], edit_base: str | None) -> list[str]:
    rows = [(d, missing_fields(d)) for d in docs]
    rows = [(d, m) for d, m in rows if m]
    out = [f"## Trường còn trống ({sum(len(m) for _, m in rows)})\n"]
    if not rows:
        return out + ["Không có trường khuyến nghị nào còn trống.\n"]
    out += ["| Văn bản | Còn thiếu | Tệp cần sửa |", "|---|---|---|"]
    for doc, missing in rows:
        out.append(f"| {link(GAPS, doc.url, doc.short_name)} | {md(', '.join(missing))} | {_edit(doc.file, edit_base)} |")
    return out + [""]


def _unverified(hb: Handbook, docs: list[Document], edit_base: str | None) -> list[str]:
    pending = [d for d in docs if d.verification in ("can_xac_minh", "theo_trich_dan")]
    out = [f"## Văn bản chưa đối chiếu được ({len(pending)})\n",
           "Chỉ biết qua lời dẫn của văn bản khác, hoặc có điểm cần xác minh. Cần tìm văn bản gốc.\n"]
    if pending:
        out += ["| Văn bản | Tình trạng | Tệp cần sửa |", "|---|---|---|"]
        for doc in pending:
            state = "Cần xác minh" if doc.verification == "can_xac_minh" else "Theo trích dẫn"
            out.append(f"| {link(GAPS, doc.url, doc.short_name)} | {state} | {_edit(doc.file, edit_base)} |")
    return out + [""]


def _notes(docs: list[Document], edit_base: str | None, kinds: tuple[str, ...], title: str, intro: str) -> list[str]:
    found: list[tuple[Document, Note]] = [(d, n) for d in docs for n in d.notes if n.kind in kinds]
    out = [f"## {title} ({len(found)})\n", intro + "\n"]
    for doc, note in found:
        out.append(f"- {link(GAPS, doc.url, doc.short_name, 'ghi-chu')}: {md(note.text)} — tệp {_edit(doc.file, edit_base)}")
        out += [f"    - **{md(c.source)}:** {md(c.text)}" for c in note.comparisons]
    return out + [""]


def _citation_key(c: Citation) -> tuple[str, ...]:
    """Citations that name the same document share a key: the number, a law's name and date, a short form."""
    if c.number:
        return ("so", number_key(c.number))
    if c.title and not c.short_number:
        return ("luat", title_key(c.title), str(c.date or c.year))
    return ("ngan", fold(c.kind or ""), str(int(c.short_number or 0)))


def cited_but_missing(hb: Handbook, docs: list[Document]) -> list[tuple[Citation, list[tuple[Document, str | None]]]]:
    """Documents cited in a trích yếu or clause text that the handbook has no record of, with where (clause
    id, None for the trích yếu).

    One pass over the clauses; the citations were already found (and cached) by the check.
    """
    registry = registry_for(hb)
    found: dict[tuple[str, ...], tuple[Citation, list[tuple[Document, str | None]]]] = {}
    for doc in docs:
        texts = [(None, doc.summary or "")] + [(clause.id, clause.text or "") for clause in doc.all_clauses()]
        for clause_id, text in texts:
            for c in registry.citations(text):
                if registry.lacks(c):
                    entry = found.setdefault(_citation_key(c), (c, []))
                    if (doc, clause_id) not in entry[1]:
                        entry[1].append((doc, clause_id))
    return sorted(found.values(), key=lambda e: e[0].label)


def _cited_but_missing(hb: Handbook, docs: list[Document]) -> list[str]:
    rows = cited_but_missing(hb, docs)
    out = [f"## Văn bản được dẫn nhưng chưa có trong cẩm nang ({len(rows)})\n",
           "Văn bản được nêu trong lời văn của một văn bản trong cẩm nang nhưng chưa có bản ghi. Tạo bản ghi "
           "(`camnang new van-ban …`, hoặc `camnang import` khi có tệp văn bản) với thông tin đã đối chiếu; "
           "khi có bản ghi, lời dẫn tự thành liên kết.\n"]
    if not rows:
        return out + ["Mọi văn bản được dẫn có số hiệu đều đã có trong cẩm nang.\n"]
    out += ["| Văn bản được dẫn | Lời dẫn ghi | Dẫn tại |", "|---|---|---|"]
    for c, places in rows:
        said = "; ".join(p for p in (f"ngày {format_date(c.date)}" if c.date else "",
                                     f"của {c.issuer}" if c.issuer else "") if p)
        where = ", ".join(link(GAPS, doc.url, f"{doc.short_name}, {clause_ref(doc, clause_id) if clause_id else 'trích yếu'}",
                               clause_id) for doc, clause_id in places)
        out.append(f"| {md(c.label)} | {md(said) or '—'} | {where} |")
    return out + [""]
