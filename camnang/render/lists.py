"""Index pages: documents by kind, by issuing body, timeline, plans, organisations, glossary."""

from __future__ import annotations

from collections import defaultdict

from .. import view
from ..addresses import BY_ISSUER, DIAGRAM, DOCS_INDEX, GLOSSARY, ORGS_INDEX, PLANS, TIMELINE
from ..addresses import kind_page as kind_uri
from ..model import PERIOD_LABELS, Document, Handbook, Organisation, format_date
from ..timeline import CHANGES
from ..view import documents_by_kind as by_kind
from ..vntext import TermMarker, md, sorted_vi
from . import changes
from .blocks import facts, note, notes_section, sources_section
from .common import doc_line, link

__all__ = ["BY_ISSUER", "DIAGRAM", "DOCS_INDEX", "GLOSSARY", "ORGS_INDEX", "PLANS", "TIMELINE", "by_kind", "kind_uri"]


def kind_page(hb: Handbook, kind: str, docs: list[Document]) -> str:
    uri = kind_uri(kind)
    out = [f"# {md(kind)}\n", f"{len(docs)} văn bản, theo ngày ban hành.\n"]
    out += [doc_line(uri, hb, d) for d in docs]
    return "\n".join(out) + "\n"


def _chrono(doc: Document) -> tuple[bool, str, str]:
    return (doc.date is None, doc.date.isoformat() if doc.date else "", doc.short_name)


def documents_index(hb: Handbook) -> str:
    full = sum(1 for d in hb.documents.values() if d.has_text)
    out = [
        "# Văn bản\n",
        f"Cẩm nang có {len(hb.documents)} văn bản; {full} văn bản có toàn văn, các văn bản còn lại "
        "được ghi những thông tin đã đối chiếu và quan hệ với các văn bản khác.\n",
        f"Xem thêm: {link(DOCS_INDEX, BY_ISSUER, 'theo cơ quan ban hành')} · "
        f"{link(DOCS_INDEX, TIMELINE, 'dòng thời gian')} · {link(DOCS_INDEX, DIAGRAM, 'sơ đồ quan hệ')} · "
        f"{link(DOCS_INDEX, PLANS, 'kế hoạch và nhiệm vụ')}.\n",
    ]
    for kind, docs in by_kind(hb).items():
        out.append(f"## {md(kind)} ({len(docs)})\n")
        out.append(f"{link(DOCS_INDEX, kind_uri(kind), 'Trang riêng của nhóm này')}\n")
        out += [doc_line(DOCS_INDEX, hb, d) for d in docs]
        out.append("")
    return "\n".join(out)


def by_issuer_page(hb: Handbook) -> str:
    out = ["# Văn bản theo cơ quan ban hành\n"]
    for org in sorted_vi(hb.organisations.values(), key=lambda o: o.name):
        docs = hb.by_issuer.get(org.id)
        if not docs:
            continue
        out.append(f"## {md(org.name)}\n")
        out.append(f"{link(BY_ISSUER, org.url, 'Trang của cơ quan')}{changes.status_note(hb, BY_ISSUER, org.id)}\n")
        out += [doc_line(BY_ISSUER, hb, d) for d in sorted(docs, key=_chrono)]
        out.append("")
    unknown = [d for d in hb.documents.values() if not d.issuer_id]
    if unknown:
        out.append("## Chưa rõ cơ quan ban hành\n")
        out += [doc_line(BY_ISSUER, hb, d) for d in sorted(unknown, key=_chrono)]
    return "\n".join(out) + "\n"


def timeline_page(hb: Handbook) -> str:
    out = ["# Dòng thời gian\n", "Các văn bản theo ngày ban hành, cũ trước mới sau.\n"]
    docs = sorted(hb.documents.values(), key=_chrono)
    year = None
    for doc in docs:
        if doc.date is None:
            break
        if doc.date.year != year:
            year = doc.date.year
            out.append(f"\n## Năm {year}\n")
        out.append(f"- **{format_date(doc.date)}** — {link(TIMELINE, doc.url, doc.short_name)}"
                   + (f": {md(doc.summary)}" if doc.summary else ""))
    undated = [d for d in docs if d.date is None]
    if undated:
        out.append("\n## Chưa rõ ngày ban hành\n")
        out += [f"- {link(TIMELINE, d.url, d.short_name)}" for d in sorted_vi(undated, key=lambda d: d.short_name)]
    return "\n".join(out) + "\n"


def plans_page(hb: Handbook) -> str:
    plans = [d for d in hb.documents.values() if d.is_plan]
    out = ["# Kế hoạch và nhiệm vụ\n",
           "Các kế hoạch được tách thành nhiệm vụ theo kỳ thực hiện, kèm chỉ tiêu và mục văn bản mà nhiệm vụ thực hiện.\n",
           "| Kế hoạch | Nhiệm vụ | Theo kỳ | Chỉ tiêu |", "|---|---|---|---|"]
    for doc in sorted(plans, key=_chrono):
        counts: defaultdict[str, int] = defaultdict(int)
        for task in doc.tasks:
            counts[task.period_label] += 1
        order = list(PERIOD_LABELS.values())
        periods = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: order.index(kv[0])
                                                                  if kv[0] in order else len(order)))
        targets = sum(len(t.targets) for t in doc.tasks)
        out.append(f"| {link(PLANS, doc.url, doc.short_name, 'nhiem-vu')} | {len(doc.tasks)} | {md(periods)} | {targets} |")
    return "\n".join(out) + "\n"


def organisations_index(hb: Handbook) -> str:
    out = ["# Cơ quan, tổ chức\n",
           f"Tên cơ quan là tên gọi trong các văn bản. Cột “Từ năm 2025” cho biết cơ quan (hay cơ quan cấp trên, địa "
           f"phương của nó) đã thay đổi thế nào; xem {link(ORGS_INDEX, CHANGES, changes.CHANGES_TITLE.lower())}.\n",
           "| Cơ quan | Viết tắt | Cấp | Văn bản ban hành | Từ năm 2025 |", "|---|---|---|---|---|"]
    for org in sorted_vi(hb.organisations.values(), key=lambda o: o.name):
        count = len(hb.by_issuer.get(org.id, ()))
        out.append(f"| {link(ORGS_INDEX, org.url, org.name)} | {md(org.abbreviation) or '—'} | {md(org.level)} | {count} "
                   f"| {changes.short_status(hb, ORGS_INDEX, org.id)} |")
    return "\n".join(out) + "\n"


def organisation_page(hb: Handbook, org: Organisation) -> str:
    children = hb.org_children.get(org.id, [])
    out = [f"# {md(org.name)}\n"] + changes.organisation_notice(hb, org)
    out.append(facts(hb, org.url, view.organisation_facts(hb, org)))
    out += changes.organisation_history(hb, org)
    if children:
        out.append("## Cơ quan trực thuộc\n")
        out += [f"- {link(org.url, c.url, c.name)}{changes.status_note(hb, org.url, c.id)}"
                for c in sorted_vi(children, key=lambda c: c.name)]
        out.append("")
    docs = hb.by_issuer.get(org.id, [])
    out.append("## Văn bản ban hành\n")
    out += [doc_line(org.url, hb, d) for d in sorted(docs, key=_chrono)] or ["Cẩm nang chưa có văn bản nào của cơ quan này."]
    out.append("")
    out.append(notes_section(hb, org.url, view.notes(org.notes)))
    out.append(sources_section(hb, org.url, view.sources(org.sources)))
    return "\n".join(p for p in out if p is not None) + "\n"


def glossary_page(hb: Handbook) -> str:
    sections = [("viet_tat", "Chữ viết tắt"), ("thuat_ngu", "Thuật ngữ"), ("phong_trao", "Phong trào, giải thưởng")]
    out = ["# Thuật ngữ và chữ viết tắt\n",
           "Chữ viết tắt được chú giải ở mọi trang: di chuột (hoặc chạm) vào chữ viết tắt để xem dạng đầy đủ.\n"]
    for kind, title in sections:
        terms = sorted_vi([t for t in hb.terms.values() if t.kind == kind], key=lambda t: t.term)
        if not terms:
            continue
        out.append(f"## {title}\n")
        for term in terms:
            out.append(f"{md(term.term)} {{#{term.id}}}\n:   {md(term.explanation)}\n")
            out += [note(hb, GLOSSARY, item, indent="    ") for item in view.notes(term.notes)]
    return "\n".join(out) + "\n"


def abbreviation_marker(hb: Handbook) -> TermMarker:
    """Hover expansions of abbreviations, for every page: `.mark(page_html)` adds `<abbr title="…">`.

    Definitions never go through Markdown (a line break or `{: …}` in the data would become markup).
    Built once per handbook (the build's hooks and each preview save ask for it more than once).
    """
    marker = hb.derived.get("abbreviations")
    if not isinstance(marker, TermMarker):
        marker = hb.derived["abbreviations"] = TermMarker(
            {term.term: term.explanation for term in sorted(hb.terms.values(), key=lambda t: t.id)
             if term.kind == "viet_tat" and term.auto_abbr})
    return marker
