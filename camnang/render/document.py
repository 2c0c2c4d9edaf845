"""The page of one document: metadata, relations, notes, full text, tasks, sources."""

from __future__ import annotations

from itertools import groupby

from .. import view
from ..model import Clause, Document, Handbook, PrintedIn, Task
from ..vntext import HARD_BREAK, md
from .blocks import facts, incoming_line, notes_section, outgoing_line, sources_section, task_backlink_line
from .changes import NameMarker, status_note
from .checklist import ChecklistItem, render_checklist
from .citelinks import linked
from .common import clause_ref, doc_link, link, or_gap
from .models import related_models, task_models_links

_HEADING_BASE = 3  # clause headings start at h3, under "## Toàn văn"


def render_document(hb: Handbook, doc: Document, printed_in: PrintedIn | None = None) -> str:
    """The page opens with what a phone must show first: title, trích yếu, the compact facts, then
    the relations; the other facts are folded; then notes, the text, the tasks and the sources."""
    marker = NameMarker(hb, doc)  # "†" beside changed bodies and places; the words stay as written
    full_text = marker.mark(_full_text(hb, doc))
    parts = [
        f"# {md(doc.short_name)}\n",
        facts(hb, doc.url, view.document_facts(hb, doc, printed_in)),
        _outgoing(hb, doc),
        _incoming(hb, doc),
        marker.section(),
        related_models(hb, doc),
        _referrers(hb, doc),
        notes_section(hb, doc.url, view.notes(doc.notes, doc)),
        full_text,
        _tasks(hb, doc),
        sources_section(hb, doc.url, view.sources(doc.sources)),
    ]
    return "\n".join(p for p in parts if p)


def _outgoing(hb: Handbook, doc: Document) -> str:
    items = view.outgoing(hb, doc)
    out = []
    for basis, heading in ((True, "## Căn cứ, thực hiện {#can-cu}\n"), (False, "## Văn bản được dẫn chiếu {#dan-chieu}\n")):
        lines = [outgoing_line(hb, doc.url, i) for i in items if i.basis == basis]
        if lines:
            out += [heading, *lines, ""]
    return "\n".join(out)


def _incoming(hb: Handbook, doc: Document) -> str:
    items = view.incoming(hb, doc)
    if not items:
        return ""
    return "\n".join(['## Văn bản triển khai, dẫn chiếu {#trien-khai}\n',
                      *(incoming_line(hb, doc.url, i) for i in items)]) + "\n"


def _referrers(hb: Handbook, doc: Document) -> str:
    """Plan tasks that carry out this document, topics that quote or list it (indexes of the Handbook)."""
    out = []
    tasks = view.implementing_tasks(hb, doc)
    if tasks:
        out += ["## Nhiệm vụ thực hiện văn bản này {#nhiem-vu-thuc-hien}\n",
                *(task_backlink_line(hb, doc.url, t) for t in tasks), ""]
    topics = view.citing_topics(hb, doc)
    if topics:
        out += ["## Chuyên đề sinh hoạt chi bộ nhắc tới văn bản này {#chuyen-de}\n",
                *(f"- {link(doc.url, t.to, t.text)}" for t in topics), ""]
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
            out.append(f"**{md(doc.signer_title).replace(HARD_BREAK, '**' + HARD_BREAK + '**')}**\n")
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
