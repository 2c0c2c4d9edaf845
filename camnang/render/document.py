"""The page of one document: metadata, relations, notes, full text, tasks, sources."""

from __future__ import annotations

from itertools import groupby

from ..model import (
    BASIS_KINDS, VERIFICATION_LABELS, Clause, Document, Handbook, Relation, Task,
    format_date,
)
from ..vntext import attr, md, safe_url
from .common import GAP, clause_ref, doc_link, link, or_gap
from .changes import NameMarker, document_rows, status_note
from .checklist import ChecklistItem, render_checklist
from .citelinks import linked
from .models import related_models, task_models_links
from .topic import pdf_href

_HEADING_BASE = 3  # clause headings start at h3, under "## Toàn văn"


def render_document(hb: Handbook, doc: Document, printed_in: tuple[str, int, int] | None = None) -> str:
    """`printed_in`: (PDF file, volume number, volume count) of the printed handbook holding `doc`."""
    marker = NameMarker(hb, doc)  # "†" beside changed bodies and places; the words stay as written
    full_text = marker.mark(_full_text(hb, doc))
    parts = [
        f"# {md(doc.short_name)}\n",
        _metadata(hb, doc, printed_in),
        marker.section(),
        _outgoing(hb, doc),
        _incoming(hb, doc),
        related_models(hb, doc),
        _notes(hb, doc),
        full_text,
        _tasks(hb, doc),
        _sources(doc),
    ]
    return "\n".join(p for p in parts if p)


def _metadata(hb: Handbook, doc: Document, printed_in: tuple[str, int, int] | None = None) -> str:
    issuer = hb.organisations.get(doc.issuer_id) if doc.issuer_id else None
    rows = [
        ("Loại văn bản", md(doc.kind)),
        ("Số, ký hiệu", or_gap(doc.number)),
        ("Ngày ban hành", or_gap(format_date(doc.date))),
        ("Nơi ban hành", or_gap(doc.place)),
        ("Cơ quan ban hành", link(doc.url, issuer.url, issuer.name) + status_note(hb, doc.url, issuer.id) if issuer else GAP),
        ("Người ký", or_gap(doc.signer)),
        ("Chức vụ người ký", md(doc.signer_title).replace("  \n", "<br>") if doc.signer_title else GAP),
        ("Trích yếu", linked(hb, doc.url, doc.summary, doc.id) if doc.summary else GAP),
        ("Cấp", md(doc.level)),
        ("Giai đoạn", or_gap(doc.period)),
        ("Tình trạng xác minh", md(VERIFICATION_LABELS[doc.verification])),
    ]
    rows += document_rows(hb, doc)
    if printed_in:
        rows.append(("Bản in", _printed_in_link(doc, *printed_in)))
    table = "\n".join(f"| {label} | {value} |" for label, value in rows)
    return f'<div class="cn-meta" markdown>\n\n| Thông tin | Nội dung |\n|---|---|\n{table}\n\n</div>\n'


def _printed_in_link(doc: Document, name: str, number: int, count: int) -> str:
    # Raw HTML: the PDF is written after MkDocs' link check. `name` is a fixed pattern (pdf.volume_name).
    label = "Cẩm nang (PDF)" if count == 1 else f"Tập {number}/{count} của cẩm nang (PDF)"
    return f'<a href="{pdf_href(doc.url, name)}" download>{label}</a>'


def _outgoing(hb: Handbook, doc: Document) -> str:
    basis = [r for r in doc.relations if r.kind in BASIS_KINDS]
    cites = [r for r in doc.relations if r.kind not in BASIS_KINDS]
    out = []
    if basis:
        out.append('## Căn cứ, thực hiện {#can-cu}\n')
        out += [_relation_line(hb, doc, r) for r in basis]
        out.append("")
    if cites:
        out.append('## Văn bản được dẫn chiếu {#dan-chieu}\n')
        out += [_relation_line(hb, doc, r) for r in cites]
        out.append("")
    return "\n".join(out)


def _relation_line(hb: Handbook, doc: Document, rel: Relation) -> str:
    target = hb.documents[rel.target_id]
    where = ", ".join(link(doc.url, doc.url, clause_ref(doc, c), c) for c in rel.clause_ids)
    line = f"- **{rel.label}** {doc_link(doc.url, target)}"
    if target.summary:
        line += f" — {linked(hb, doc.url, target.summary, doc.id)}"
    if where:
        line += f" (nêu tại {where})"
    if rel.note:
        line += f". *{linked(hb, doc.url, rel.note, doc.id)}*"
    return line


def _incoming(hb: Handbook, doc: Document) -> str:
    relations = hb.implementers(doc.id)
    if not relations:
        return ""
    out = ['## Văn bản triển khai, dẫn chiếu {#trien-khai}\n']
    ordered = sorted(relations, key=lambda r: (r.kind not in BASIS_KINDS, _date_key(hb.documents[r.source_id]), r.source_id))
    for rel in ordered:
        source = hb.documents[rel.source_id]
        verb = {"thuc_hien": "thực hiện", "can_cu": "căn cứ", "dan_chieu": "dẫn chiếu"}[rel.kind]
        where = ", ".join(link(doc.url, source.url, clause_ref(source, c), c) for c in rel.clause_ids)
        date = format_date(source.date)
        line = f"- {doc_link(doc.url, source)}{f' ({date})' if date else ''} **{verb}** văn bản này"
        out.append(line + (f" — tại {where}" if where else ""))
    return "\n".join(out) + "\n"


def _date_key(doc: Document) -> str:
    return doc.date.isoformat() if doc.date else "9999"


def _notes(hb: Handbook, doc: Document) -> str:
    if not doc.notes:
        return ""
    out = ['## Ghi chú biên tập {#ghi-chu}\n']
    for note in doc.notes:
        where = ", ".join(link(doc.url, doc.url, clause_ref(doc, c), c) for c in note.clause_ids)
        kind = "warning" if note.kind in ("khac_biet", "chua_xac_minh") else "note"
        out.append(f'!!! {kind} "{attr(note.label)}"\n')
        out.append(f"    {linked(hb, doc.url, note.text, doc.id)}" + (f" ({where})" if where else "") + "\n")
        for comp in note.comparisons:
            out.append(f"    - **{md(comp.source)}:** {md(comp.text)}")
        out.append("")
    return "\n".join(out)


def _full_text(hb: Handbook, doc: Document) -> str:
    if not doc.has_text:
        return ('## Toàn văn {#toan-van}\n\n<p class="cn-gap-block">Cẩm nang chưa có toàn văn văn bản này; '
                "trang chỉ ghi những thông tin đã đối chiếu.</p>\n")
    out = ['## Toàn văn {#toan-van}\n']
    if doc.printed_title or doc.summary:
        out.append('<div class="cn-tieu-de" markdown>\n')
        if doc.printed_title:
            out.append(f"**{md(doc.printed_title)}**  ")
        if doc.summary and doc.kind != "Tin bài":
            out.append(f"**{linked(hb, doc.url, doc.summary, doc.id)}**")
        out.append("\n</div>\n")
    out += _clauses(hb, doc, doc.clauses)
    out.append(_recipients_and_signature(hb, doc))
    return "\n".join(out)


def _clauses(hb: Handbook, doc: Document, clauses: list[Clause]) -> list[str]:
    out: list[str] = []
    for is_bullet, group in groupby(clauses, key=lambda c: c.bullet and not c.children):
        if is_bullet:
            out += [_bullet(hb, doc, c) for c in group]
            out.append("")
            continue
        for clause in group:
            out += _clause(hb, doc, clause)
    return out


def _anchor(clause: Clause) -> str:
    return f'[¶](#{clause.id}){{.cn-neo title="Liên kết tới mục này"}}'


def _bullet(hb: Handbook, doc: Document, clause: Clause) -> str:
    return f"- {linked(hb, doc.url, clause.text, doc.id)} {_anchor(clause)}\n{{: #{clause.id} }}"


def _clause(hb: Handbook, doc: Document, clause: Clause) -> list[str]:
    out = []
    label = f"{md(clause.label)} " if clause.label else ""
    if clause.heading:
        level = "#" * min(_HEADING_BASE + clause.depth, 6)
        out.append(f"{level} {label}{md(clause.heading)} {{#{clause.id}}}\n")
        if clause.text:
            out.append(f"{linked(hb, doc.url, clause.text, doc.id)}\n")
    else:
        strong = f"**{label.strip()}** " if label else ""
        prefix = "- " if clause.bullet else ""
        out.append(f"{prefix}{strong}{linked(hb, doc.url, clause.text, doc.id)} {_anchor(clause)}\n{{: #{clause.id} }}\n")
    out += _clauses(hb, doc, clause.children)
    return out


def _recipients_and_signature(hb: Handbook, doc: Document) -> str:
    out = []
    if doc.recipients:
        out.append('<div class="cn-noi-nhan" markdown>\n\n**Nơi nhận:**\n')
        for rec in doc.recipients:
            purpose = f" ({md(rec.purpose)})" if rec.purpose else ""
            # The words as written, then what became of the body since (issue: the handbook as of today).
            out.append(f"- {md(rec.name)}{purpose}{status_note(hb, doc.url, rec.organisation_id)}")
        out.append("\n</div>\n")
    if doc.signer or doc.signer_title:
        out.append('<div class="cn-chu-ky" markdown>\n')
        if doc.signer_title:
            out.append(f"**{md(doc.signer_title).replace('  ' + chr(10), '**  ' + chr(10) + '**')}**\n")
        out.append(f"{or_gap(doc.signer)}\n\n</div>\n")
    return "\n".join(out)


def _tasks(hb: Handbook, doc: Document) -> str:
    """Tasks grouped by period, each period an interactive checklist (id `<doc-id>--<period>`)."""
    if not doc.tasks:
        return ""
    out = ['## Nhiệm vụ theo kỳ {#nhiem-vu}\n',
           f"Kế hoạch có {len(doc.tasks)} nhiệm vụ, nhóm theo kỳ thực hiện. "
           "Mỗi nhiệm vụ dẫn về mục trong toàn văn. Đánh dấu nhiệm vụ đã làm: dấu tích được lưu trong trình "
           "duyệt trên máy này (không gửi đi đâu) và hiện khi in trang.\n"]
    ordered = sorted(doc.tasks, key=lambda t: t.period_rank)
    for period, group in groupby(ordered, key=lambda t: t.period):
        tasks = list(group)
        label = tasks[0].period_label
        out.append(f"### {md(label)} ({len(tasks)} nhiệm vụ)\n")
        out.append(render_checklist(f"{doc.id}--{period or 'khong-neu-ky'}", f"{label}: đánh dấu nhiệm vụ đã làm",
                                    [_task_item(hb, doc, t) for t in tasks]))
    out.append(_targets(doc))
    return "\n".join(out)


def _task_item(hb: Handbook, doc: Document, task: Task) -> ChecklistItem:
    clause = doc.clause_index[task.clause_id]
    source = link(doc.url, doc.url, clause_ref(doc, task.clause_id), task.clause_id)
    extras = []
    for label, ids in (("Chủ trì", task.leads), ("Phối hợp", task.partners)):
        if ids:
            extras.append(f"{label}: " + ", ".join(link(doc.url, hb.organisations[i].url, hb.organisations[i].name)
                                                  for i in ids))
    if task.implements:
        extras.append("Thực hiện: " + ", ".join(_clause_link(hb, doc, ref.document_id, ref.clause_id)
                                               for ref in task.implements))
    for target in task.targets:
        extras.append(f"Chỉ tiêu: {md(target.summary)}")
    if task.note:
        extras.append(f"Ghi chú: {md(task.note)}")
    models = task_models_links(hb, doc, task.id)
    if models:
        extras.append(models)
    return ChecklistItem(task.id, clause.text or clause.heading or "", source, details=" · ".join(extras) or None)


def _clause_link(hb: Handbook, doc: Document, doc_id: str, clause_id: str | None) -> str:
    target = hb.documents[doc_id]
    suffix = f" ({clause_ref(target, clause_id)})" if clause_id else ""
    return doc_link(doc.url, target, clause_id) + suffix


def _targets(doc: Document) -> str:
    rows = [(task, target) for task in doc.tasks for target in task.targets]
    if not rows:
        return ""
    out = ['### Chỉ tiêu {#chi-tieu}\n', "| Chỉ tiêu | So sánh | Cái được đếm | Năm | Nguồn |", "|---|---|---|---|---|"]
    for task, t in rows:
        source = link(doc.url, doc.url, clause_ref(doc, task.clause_id), task.clause_id)
        note = f" ({md(t.note)})" if t.note else ""
        out.append(f"| {md(t.display_value)} | {md(t.comparator) or '—'} | {md(t.counted)}{note} | "
                   f"{t.year or '—'} | {source} |")
    return "\n".join(out) + "\n"


def _sources(doc: Document) -> str:
    out = ['## Nguồn {#nguon}\n']
    for src in doc.sources:
        if src.url:
            item = f"[{md(src.url)}]({safe_url(src.url)})"
        else:
            item = f"Tệp gốc {md(src.file)}"
        fields = f" — xác nhận: {md(', '.join(src.fields))}" if src.fields else ""
        note = f" — {md(src.note)}" if src.note else ""
        secondary = " *(nguồn thứ cấp: trang tin, không phải văn bản gốc)*" if src.secondary else ""
        out.append(f"- {item}{secondary}{fields}{note}")
    return "\n".join(out) + "\n"
