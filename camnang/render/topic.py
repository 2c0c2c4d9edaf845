"""Topic pages ("Chuyên đề"): the list, and one page per topic with its download button.

Quoted words come from the document records (by clause id), never from the topic file.
All data text is escaped with `vntext.md`.
"""

from __future__ import annotations

from itertools import groupby

from .. import view
from ..addresses import PRINTOUTS, TOPICS_INDEX
from ..model import Clause, Document, Handbook, Task, Topic, format_date
from ..topics import ordered
from ..vntext import md
from .blocks import download_button, facts, inline, sources_section
from .checklist import ChecklistItem, render_checklist
from .citelinks import linked
from .common import GAP, clause_ref, doc_link, link, or_gap


def topics_index(hb: Handbook) -> str:
    out = ["# Chuyên đề sinh hoạt chi bộ\n",
           "Mỗi chuyên đề là một tài liệu cho buổi sinh hoạt chi bộ: lời giới thiệu, các đoạn văn bản được "
           "trích nguyên văn có ghi nguồn, câu hỏi thảo luận, danh sách việc cần chuẩn bị và mẫu biên bản. "
           "Bấm \"Tải PDF\" để in tài liệu khổ A4.\n"]
    for topic in ordered(hb):
        minutes = f"{topic.minutes} phút" if topic.minutes else "chưa rõ thời lượng"
        out.append(f"{topic.order}. {link(TOPICS_INDEX, topic.url, topic.title)} — {md(topic.audience)}; "
                   f"{minutes}. {download_button(TOPICS_INDEX, topic.pdf_name, 'Tải PDF')}")
    out.append(f"\nToàn bộ cẩm nang cũng có bản PDF (một hoặc nhiều tập): xem trang "
               f"{link(TOPICS_INDEX, PRINTOUTS, 'bản in PDF')}.")
    return "\n".join(out) + "\n"


def topic_page(hb: Handbook, topic: Topic) -> str:
    parts = [
        f"# {md(topic.title)}\n",
        facts(hb, topic.url, view.topic_facts(topic)),
        download_button(topic.url, topic.pdf_name, "Tải PDF") + "\n",
        _intro(hb, topic),
        _quotes(hb, topic),
        _tasks(hb, topic),
        _models(hb, topic),
        _documents(hb, topic),
        _questions(hb, topic),
        _preparation(topic),
        "## Biên bản {#bien-ban}\n\nTệp PDF có một trang mẫu \"Biên bản sinh hoạt chuyên đề\" để thư ký ghi tay.\n",
        sources_section(hb, topic.url, view.sources(topic.sources)),
    ]
    return "\n".join(p for p in parts if p)


def _intro(hb: Handbook, topic: Topic) -> str:
    out = ["## Giới thiệu {#gioi-thieu}\n"]
    out += [linked(hb, topic.url, p.strip()) + "\n" for p in topic.intro.split("\n\n") if p.strip()]
    if topic.goals:
        out.append("**Mục tiêu buổi sinh hoạt:**\n")
        out += [f"- {linked(hb, topic.url, goal)}" for goal in topic.goals]
        out.append("")
    return "\n".join(out)


def _quotes(hb: Handbook, topic: Topic) -> str:
    if not topic.quotes:
        return ""
    out = ["## Văn bản trích dẫn {#trich-dan}\n",
           "Các đoạn dưới đây lấy nguyên văn từ trang văn bản trong cẩm nang; bấm tên văn bản để xem toàn văn.\n"]
    for quote in topic.quotes:
        doc = hb.documents[quote.document_id]
        where = clause_ref(doc, quote.clause_id)
        out.append(f"### {doc_link(topic.url, doc, quote.clause_id, f'{doc.short_name}, {where}')}\n")
        if quote.lead:
            out.append(f"*{md(quote.lead)}*\n")
        out.append(_blockquote(hb, topic, doc, doc.clause_index[quote.clause_id]))
        out.append(f"Nguồn: {inline(hb, topic.url, view.citation(hb, doc, quote.clause_id))}.\n")
    return "\n".join(out)


def _blockquote(hb: Handbook, topic: Topic, doc: Document, clause: Clause) -> str:
    lines: list[str] = []
    for c in clause.walk():
        head = " ".join(md(p) for p in (c.label, c.heading) if p)
        text = linked(hb, topic.url, c.text, doc.id) if c.text else ""
        if c.heading:
            lines.append(f"**{head}**")
            if text:
                lines.append(text)
        elif text:
            prefix = "– " if c.bullet else (f"**{md(c.label)}** " if c.label else "")
            lines.append(prefix + text)
    return "\n>\n".join("> " + line for line in lines) + "\n"


def _tasks(hb: Handbook, topic: Topic) -> str:
    if not topic.tasks:
        return ""
    pairs = [(hb.documents[r.document_id], hb.documents[r.document_id].task_index[r.task_id])
             for r in topic.tasks]
    pairs.sort(key=lambda p: p[1].period_rank)
    out = ["## Nhiệm vụ trong kế hoạch {#nhiem-vu}\n"]
    for label, group in groupby(pairs, key=lambda p: p[1].period_label):
        items = list(group)
        out.append(f"### {md(label)} ({len(items)} nhiệm vụ)\n")
        out += [_task_line(hb, topic, plan, task) for plan, task in items]
        out.append("")
    return "\n".join(out)


def _task_line(hb: Handbook, topic: Topic, plan: Document, task: Task) -> str:
    clause = plan.clause_index[task.clause_id]
    words = linked(hb, topic.url, clause.text, plan.id) if clause.text else md(clause.heading)
    line = f"- {words} — {doc_link(topic.url, plan, task.clause_id, clause_ref(plan, task.clause_id))}"
    for target in task.targets:
        line += f"\n    - Chỉ tiêu: {md(target.summary)}"
    return line


def _models(hb: Handbook, topic: Topic) -> str:
    models = [hb.models[i] for i in topic.model_ids if i in hb.models]
    if not models:
        return ""
    out = ["## Mô hình học tập liên quan {#mo-hinh}\n",
           "Chỉ tiêu và tiêu chí (hoặc các yêu cầu của văn bản khi chưa có bộ tiêu chí) xem trên trang từng mô hình; "
           "bản PDF in kèm để chi bộ tự đánh giá.\n"]
    for model in models:
        out.append(f"- {link(topic.url, model.url, model.name)} — {md(model.kind_label)}")
        for target in model.targets:
            source = hb.documents[target.source.document_id]
            out.append(f"    - {md(target.display_value)} {md(target.counted)} (năm {target.year}; "
                       f"{doc_link(topic.url, source)})")
    return "\n".join(out) + "\n"


def _documents(hb: Handbook, topic: Topic) -> str:
    if not topic.document_ids:
        return ""
    out = ["## Văn bản cần biết {#van-ban}\n", "| Văn bản | Số, ký hiệu | Ngày ban hành | Trích yếu |", "|---|---|---|---|"]
    for doc_id in topic.document_ids:
        doc = hb.documents[doc_id]
        out.append(f"| {doc_link(topic.url, doc)} | {or_gap(doc.number)} | {or_gap(format_date(doc.date))} | "
                   f"{linked(hb, topic.url, doc.summary, doc.id) if doc.summary else GAP} |")
    return "\n".join(out) + "\n"


def _questions(hb: Handbook, topic: Topic) -> str:
    out = ["## Câu hỏi thảo luận {#cau-hoi}\n"]
    out += [f"{i}. {linked(hb, topic.url, q)}" for i, q in enumerate(topic.questions, 1)]
    return "\n".join(out) + "\n"


def _preparation(topic: Topic) -> str:
    items = [ChecklistItem(step.id, step.text) for step in topic.preparation]
    return "## Việc cần chuẩn bị {#chuan-bi}\n\n" + render_checklist(f"chuyen-de-{topic.id}", "Việc cần chuẩn bị", items)


__all__ = ["GAP", "TOPICS_INDEX", "topic_page", "topics_index"]
