"""Pages of the learning models (mô hình học tập): the index, one page per model, and their gaps.

Every self-assessment list is built from the data by `render.checklist`; nothing here is
hand-written per model. All data text is escaped (`vntext.md`) or goes through `common.link`.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import view
from ..addresses import GAPS, MODELS_INDEX, relative
from ..model import (
    MODEL_DOC_ROLES,
    CriteriaGroup,
    Criterion,
    Document,
    Handbook,
    LearningModel,
    ModelTarget,
    SourceRef,
    format_date,
    format_number,
)
from ..view import ordered_models
from ..vntext import attr, md
from .blocks import facts, inline, notes_section, sources_section
from .checklist import ChecklistItem, render_checklist
from .citelinks import linked
from .common import GAP, clause_ref, doc_link, link

__all__ = ["MODELS_INDEX", "model_page", "models_index", "ordered_models", "related_models", "task_models_links"]


def checklist_id(model: LearningModel, group: CriteriaGroup) -> str:
    return f"mo-hinh--{model.id}--{group.id}"


def source_link(from_uri: str, hb: Handbook, ref: SourceRef) -> str:
    """"[Kế hoạch …, mục II.2.1](…#ii-2-1)", or the document link followed by the place in words."""
    return inline(hb, from_uri, view.source_ref(hb, ref))


# --- index -----------------------------------------------------------------------------------

def models_index(hb: Handbook) -> str:
    out = ["# Mô hình học tập\n",
           "Các mô hình học tập mà các văn bản trong cẩm nang nhắc tới: mô hình là gì, văn bản nào quy định, "
           "chỉ tiêu từng năm, tiêu chí và **danh sách tự đánh giá** (đánh dấu ngay trên trang, lưu trên máy "
           "của bạn, in được).\n",
           "| Mô hình | Đối tượng | Tiêu chí trong cẩm nang | Tự đánh giá |", "|---|---|---|---|"]
    for model in ordered_models(m for m in hb.models.values() if not m.parent_id):
        out.append(_index_row(hb, model, ""))
        for child in ordered_models(hb.model_children.get(model.id, [])):
            out.append(_index_row(hb, child, "↳ "))
    out.append("\nMô hình chưa có đủ văn bản tiêu chí được ghi rõ trên trang của mô hình và trong "
               f"[Việc cần bổ sung]({_gaps_link()}).\n")
    return "\n".join(out) + "\n"


def _gaps_link() -> str:
    return relative(MODELS_INDEX, GAPS)


def _index_row(hb: Handbook, model: LearningModel, prefix: str) -> str:
    items = sum(1 for group in model.groups for _ in group.items())
    status = "Đủ" if model.criteria_complete else '<span class="cn-gap">chưa đủ</span>'
    lists = f"{len(model.groups)} danh sách, {items} mục" if model.groups else "—"
    return (f"| {prefix}{link(MODELS_INDEX, model.url, model.name)} | {md(model.kind_label)} | "
            f"{status} | {lists} |")


# --- one model -------------------------------------------------------------------------------

def model_page(hb: Handbook, model: LearningModel) -> str:
    parts = [
        f"# {md(model.name)}\n",
        facts(hb, model.url, view.model_facts(hb, model)),
        f"## Mô hình là gì {{#la-gi}}\n\n{linked(hb, model.url, model.definition)}\n",
        _documents(hb, model),
        _targets_section(hb, model),
        _criteria(hb, model),
        _tasks(hb, model),
        notes_section(hb, model.url, view.notes(model.notes)),
        sources_section(hb, model.url, view.sources(model.sources)),
    ]
    return "\n".join(p for p in parts if p)


def _documents(hb: Handbook, model: LearningModel) -> str:
    out = ["## Văn bản quy định {#van-ban}\n"]
    if not model.documents:
        return "\n".join(out) + f"\n{GAP}: chưa ghi văn bản nào.\n"
    for ref in model.documents:
        doc = hb.documents[ref.document_id]
        line = f"- **{md(MODEL_DOC_ROLES[ref.role])}:** {doc_link(model.url, doc)}"
        date = format_date(doc.date)
        line += f" ({date})" if date else ""
        if doc.summary:
            line += f" — {linked(hb, model.url, doc.summary, doc.id)}"
        if ref.clause_ids:
            line += " (nêu tại " + ", ".join(link(model.url, doc.url, clause_ref(doc, c), c) for c in ref.clause_ids) + ")"
        if doc.verification == "can_xac_minh":
            line += ' <span class="cn-gap">cần xác minh</span>'
        if ref.note:
            line += f"  \n  *{linked(hb, model.url, ref.note)}*"
        out.append(line)
    return "\n".join(out) + "\n"


def _targets_section(hb: Handbook, model: LearningModel) -> str:
    parent = hb.models.get(model.parent_id) if model.parent_id else None
    out = ["## Chỉ tiêu {#chi-tieu}\n"]
    if model.targets:
        out.append(_targets_table(hb, model.url, model.targets))
    if parent and parent.targets:
        out.append(f"Chỉ tiêu chung của mô hình {link(model.url, parent.url, parent.name)}:\n")
        out.append(_targets_table(hb, model.url, parent.targets))
    plan_rows = _plan_targets(hb, model)
    if plan_rows:
        out += ["Chỉ tiêu trong các kế hoạch có nhiệm vụ nhắc tới mô hình:\n",
                "| Năm | Chỉ tiêu | Nguồn |", "|---|---|---|", *plan_rows, ""]
    if len(out) == 1:
        out.append(f"{GAP}: các văn bản trong cẩm nang chưa đặt chỉ tiêu riêng cho mô hình này.\n")
    return "\n".join(out)


def _targets_table(hb: Handbook, from_uri: str, targets: tuple[ModelTarget, ...]) -> str:
    rows = ["| Năm | Chỉ tiêu | Nguồn |", "|---|---|---|"]
    for t in view.target_rows(hb, targets):
        scope = f" (riêng {md(t.scope)})" if t.scope else ""
        note = f" — {md(t.note)}" if t.note else ""
        rows.append(f"| đến {md(t.year)} | **{md(t.value)}** {md(t.counted)}{scope}{note} | "
                    f"{inline(hb, from_uri, t.source)} |")
    return "\n".join(rows) + "\n"


def _plan_targets(hb: Handbook, model: LearningModel) -> list[str]:
    rows = []
    for ref in model.tasks:
        plan = hb.documents[ref.document_id]
        task = plan.task_index[ref.task_id]
        for t in task.targets:
            value = md(t.display_value) + (f" {md(t.comparator)}" if t.comparator else "")
            source = link(model.url, plan.url, f"{plan.short_name}, {clause_ref(plan, task.clause_id)}", task.clause_id)
            rows.append(f"| {t.year or '—'} | **{value}** {md(t.counted)} | {source} |")
    return rows


def _criteria(hb: Handbook, model: LearningModel) -> str:
    out = ["## Tiêu chí và tự đánh giá {#tieu-chi}\n"]
    if not model.criteria_complete:
        out.append('!!! warning "Chưa có đủ bộ tiêu chí"\n')
        out.append(f"    {md(model.missing or 'Cẩm nang chưa có toàn văn bộ tiêu chí của mô hình này.')}\n")
        out.append("    Danh sách dưới đây chỉ gồm những điều đã có nguồn; mỗi mục dẫn văn bản và mục nguồn. "
                   "Không có tiêu chí hay điểm nào do cẩm nang tự đặt ra.\n")
    if not model.groups:
        return "\n".join(out) + "\nChưa có danh sách tự đánh giá.\n"
    out.append("Đánh dấu ngay trên trang: dấu tích được lưu trong trình duyệt trên máy này (không gửi đi đâu), "
               "còn nguyên khi mở lại trang; nút “Xoá đánh dấu” xoá hết, “Tải danh sách (CSV)” lưu kết quả, "
               "“In” in trang kèm các ô đã đánh dấu.\n")
    for group in model.groups:
        out.append(_group(hb, model, group))
    return "\n".join(out)


def _group(hb: Handbook, model: LearningModel, group: CriteriaGroup) -> str:
    out = [f"### {md(group.name)} {{#{attr(group.id)}}}\n", f"*{md(group.kind_label)}.*"]
    if group.description:
        out[-1] += f" {md(group.description)}"
    out.append("")
    if group.kind == "bo_tieu_chi":
        total = format_number(group.max_points) + " điểm" if group.max_points is not None else GAP
        threshold = format_number(group.threshold) + " điểm" if group.threshold is not None else GAP
        out.append(f"Tổng điểm tối đa của bộ tiêu chí: {total}. Ngưỡng công nhận: {threshold}.\n")
    for criterion in group.criteria:
        if criterion.missing:
            out.append(f'<p class="cn-gap-block" markdown="span">{md(criterion.name)}: {md(criterion.missing)}</p>\n')
    items = [ChecklistItem(item.id, item.text, " · ".join(source_link(model.url, hb, r) for r in item.sources),
                           item.points, group=_criterion_heading(criterion))
             for criterion, item in group.items()]
    out.append(render_checklist(checklist_id(model, group), f"Tự đánh giá: {group.name}", items,
                                max_points=group.max_points))
    return "\n".join(out)


def _criterion_heading(criterion: Criterion) -> str:
    if criterion.max_points is None:
        return criterion.name
    return f"{criterion.name} (tối đa {format_number(criterion.max_points)} điểm)"


def _tasks(hb: Handbook, model: LearningModel) -> str:
    if not model.tasks:
        return ""
    out = ["## Nhiệm vụ trong các kế hoạch {#nhiem-vu}\n",
           "Các nhiệm vụ nhắc tới mô hình; trên trang kế hoạch, mỗi kỳ có danh sách đánh dấu nhiệm vụ đã làm.\n"]
    for ref in model.tasks:
        plan = hb.documents[ref.document_id]
        task = plan.task_index[ref.task_id]
        clause = plan.clause_index[task.clause_id]
        where = link(model.url, plan.url, clause_ref(plan, task.clause_id), task.clause_id)
        out.append(f"- {doc_link(model.url, plan)}, {md(task.period_label.lower())} ({where}): "
                   f"{linked(hb, model.url, clause.text) if clause.text else md(clause.heading or '')}")
    return "\n".join(out) + "\n"


# --- cross-links used by document pages and the gaps page -----------------------------------

def related_models(hb: Handbook, doc: Document) -> str:
    """"Mô hình học tập liên quan" on a document page (from the index built once in Handbook)."""
    models = hb.models_by_document.get(doc.id)
    if not models:
        return ""
    out = ["## Mô hình học tập liên quan {#mo-hinh}\n"]
    out += [f"- {link(doc.url, m.url, m.name)}" + (f" — {md(m.level)}" if m.level else "")
            for m in ordered_models(models)]
    return "\n".join(out) + "\n"


def task_models_links(hb: Handbook, doc: Document, task_id: str) -> str:
    """"Mô hình: …" for a plan task that a model record names, or ""."""
    models = hb.models_by_task.get((doc.id, task_id))
    if not models:
        return ""
    return "Mô hình: " + ", ".join(link(doc.url, m.url, m.name) for m in ordered_models(models))


def model_gaps(hb: Handbook, from_uri: str, edit: Callable[[str], str]) -> list[str]:
    """Section of the gaps page: models whose criteria, points or threshold are not known."""
    rows = []
    for model in ordered_models(hb.models.values()):
        if not model.criteria_complete:
            rows.append((model, model.missing or "Chưa có toàn văn bộ tiêu chí"))
        for group in model.groups:
            if group.kind == "bo_tieu_chi" and group.threshold is None:
                rows.append((model, f"{group.name}: chưa rõ ngưỡng công nhận"))
            for criterion in group.criteria:
                if criterion.missing:
                    rows.append((model, f"{criterion.name}: {criterion.missing}"))
    out = [f"## Tiêu chí mô hình học tập còn thiếu ({len(rows)})\n"]
    if not rows:
        return out + ["Mọi mô hình đã có đủ bộ tiêu chí.\n"]
    out += ["| Mô hình | Còn thiếu | Tệp cần sửa |", "|---|---|---|"]
    out += [f"| {link(from_uri, m.url, m.name)} | {md(text)} | {edit(m.file)} |" for m, text in rows]
    return out + [""]
