"""The model as plain JSON-able dicts: what the Typst templates (and any open-data export) read.

Every value is a plain string, number, list or dict, already worded for a reader
(Vietnamese dates, "chưa rõ" for unknowns, clause references like "mục II.1"). The
templates only lay out; they never decide what a field means. Strings are data, never
markup: Typst shows them as text.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from . import view
from .citations import registry_for
from .model import (
    VERIFICATION_LABELS,
    Clause,
    CriteriaGroup,
    Document,
    Handbook,
    LearningModel,
    ModelTarget,
    SourceRef,
    Task,
    Topic,
    format_date,
    format_number,
)
from .topics import ordered
from .view import UNKNOWN, clause_ref, documents_by_kind, ordered_models, plain
from .vntext import sorted_vi

# A JSON object for the templates: its values are strings, numbers, lists and such objects.
Json = dict[str, Any]

HANDBOOK_TITLE = "Cẩm nang công tác khuyến học, khuyến tài, xây dựng xã hội học tập"
AUTHOR = "Cẩm nang khuyến học (dữ liệu mở)"


def clause(c: Clause, links: Links | None = None) -> Json:
    """`links` (when given) cuts the text into segments, citations of documents in this PDF linked."""
    text = c.text or ""
    return {"id": c.id, "label": c.label or "", "heading": c.heading or "", "text": text,
            "segments": links.segments(text) if links else [{"text": text, "to": "", "url": ""}],
            "bullet": c.bullet, "number": c.number, "children": [clause(child, links) for child in c.children]}


class Links:
    """Cuts a text into segments; a citation of a handbook document links to where it is printed.

    The handbook template labels each printed document `vb-<id>` (a named destination of the PDF).
    A document printed in this PDF is linked by label (`to`); one printed in another volume, or
    cited in a topic handout, by a relative address `cam-nang-tap-N.pdf#nameddest=vb-<id>` (`url`):
    all PDFs sit in the same folder of the site.
    """

    def __init__(self, hb: Handbook, present: set[str], own_id: str | None = None):
        self.hb, self.present, self.own_id = hb, present, own_id
        from .volumes import printed_in  # camnang.volumes imports this module

        self.registry = registry_for(hb)
        self.printed_in = printed_in(hb)

    def of(self, own_id: str | None) -> Links:
        """The same links as seen from document `own_id` (which does not link to itself)."""
        return Links(self.hb, self.present, own_id)

    def segments(self, text: str) -> list[Json]:
        out, pos = [], 0
        for citation, doc in self.registry.link_targets(text, self.own_id):
            if citation.start > pos:
                out.append({"text": text[pos:citation.start], "to": "", "url": ""})
            here = doc.id in self.present
            out.append({"text": text[citation.start:citation.end], "to": doc.id if here else "",
                        "url": "" if here else f"{self.printed_in[doc.id].file}#nameddest=vb-{doc.id}"})
            pos = citation.end
        if pos < len(text) or not out:
            out.append({"text": text[pos:], "to": "", "url": ""})
        return out


def document_head(hb: Handbook, doc: Document) -> Json:
    """What identifies a document: số ký hiệu, ngày, cơ quan, trích yếu (unknowns worded as such)."""
    issuer = hb.organisations.get(doc.issuer_id) if doc.issuer_id else None
    return {
        "id": doc.id, "name": doc.short_name, "kind": doc.kind, "number": doc.number or UNKNOWN,
        "date": format_date(doc.date) or UNKNOWN, "issuer": issuer.name if issuer else UNKNOWN,
        "summary": doc.summary or "", "verification": VERIFICATION_LABELS[doc.verification],
    }


def document(hb: Handbook, doc: Document, links: Links | None = None) -> Json:
    out = document_head(hb, doc)
    links = links.of(doc.id) if links else None
    out.update({
        "title": doc.printed_title or "", "place": doc.place or UNKNOWN, "signer": doc.signer or UNKNOWN,
        "signer_title": doc.signer_title or "", "level": doc.level, "period": doc.period or UNKNOWN,
        "relations": view.relation_lines(hb, doc),
        "notes": view.print_notes(hb, doc),  # editorial notes, then what changed since
        "sources": [view.source_line(s) for s in view.sources(doc.sources)],
        "clauses": [clause(c, links) for c in doc.clauses],
    })
    return out


def source_line(hb: Handbook, doc: Document, clause_id: str | None) -> str:
    """"Kế hoạch … (số ký hiệu: chưa rõ; ngày ban hành: chưa rõ; …), mục II.1": the citation under a quote,
    the same words as the web page's (`view.citation`)."""
    return plain(view.citation(hb, doc, clause_id), hb)


def task(hb: Handbook, plan: Document, t: Task) -> Json:
    c = plan.clause_index[t.clause_id]
    return {
        "id": t.id, "period": t.period_label, "text": c.text or c.heading or "",
        "source": source_line(hb, plan, t.clause_id),
        "leads": [hb.organisations[i].name for i in t.leads], "partners": [hb.organisations[i].name for i in t.partners],
        "targets": [x.summary + (f" ({x.note})" if x.note else "") for x in t.targets],
        "note": t.note or "",
    }


def tasks_by_period(hb: Handbook, pairs: list[tuple[Document, Task]]) -> list[Json]:
    """Tasks grouped by period in calendar order (quý I … IV, 6 tháng, hằng năm, thường xuyên, dated)."""
    ranked = sorted(pairs, key=lambda pair: pair[1].period_rank)  # stable: source order within a period
    groups = []
    for label, group in groupby(ranked, key=lambda pair: pair[1].period_label):
        groups.append({"period": label, "tasks": [task(hb, plan, t) for plan, t in group]})
    return groups


def _source_ref(hb: Handbook, ref: SourceRef) -> str:
    return plain(view.source_ref(hb, ref), hb)


def _targets(hb: Handbook, targets: tuple[ModelTarget, ...]) -> list[Json]:
    return [{"value": row.value, "counted": row.counted, "year": int(row.year), "scope": row.scope or "",
             "source": plain(row.source, hb), "note": row.note or ""} for row in view.target_rows(hb, targets)]


def _group(hb: Handbook, g: CriteriaGroup) -> Json:
    return {
        "id": g.id, "name": g.name, "kind": g.kind_label, "description": g.description or "",
        "criteria": [{"name": c.name, "missing": c.missing or "",
                      "items": [{"text": i.text, "points": format_number(i.points) if i.points is not None else "",
                                 "sources": [_source_ref(hb, s) for s in i.sources]} for i in c.items]}
                     for c in g.criteria],
    }


def model(hb: Handbook, m: LearningModel) -> Json:
    return {
        "id": m.id, "name": m.name, "kind": m.kind_label, "level": m.level or "", "definition": m.definition,
        "targets": _targets(hb, m.targets), "groups": [_group(hb, g) for g in m.groups],
        "missing": m.missing or "",
    }


def quote(hb: Handbook, doc_id: str, clause_id: str, lead: str | None, links: Links | None = None) -> Json:
    doc = hb.documents[doc_id]
    return {"lead": lead or "", "clause": clause(doc.clause_index[clause_id], links), "where": clause_ref(doc, clause_id),
            "source": source_line(hb, doc, clause_id), "document": doc.short_name}


def topic(hb: Handbook, t: Topic, links: Links | None = None) -> Json:
    plans = [(hb.documents[r.document_id], hb.documents[r.document_id].task_index[r.task_id])
             for r in t.tasks]
    return {
        "id": t.id, "order": t.order, "title": t.title,
        "intro": [p.strip() for p in t.intro.split("\n\n") if p.strip()],
        "goals": list(t.goals), "audience": t.audience,
        "duration": f"{t.minutes} phút" if t.minutes else UNKNOWN,
        "quotes": [quote(hb, q.document_id, q.clause_id, q.lead, links) for q in t.quotes],
        "tasks": tasks_by_period(hb, plans),
        "models": [model(hb, hb.models[i]) for i in t.model_ids if i in hb.models],
        "documents": [document_head(hb, hb.documents[i]) for i in t.document_ids],
        "questions": list(t.questions), "preparation": [p.text for p in t.preparation],
    }


def topic_pdf_input(hb: Handbook, t: Topic) -> Json:
    return {"handbook": HANDBOOK_TITLE, "author": AUTHOR, "topic": topic(hb, t, Links(hb, set()))}


# Characters per printed volume (about 300-400 A4 pages). Typst holds a whole document in memory
# while laying it out (about 0.7 MB per page), so a national handbook is printed in volumes.
VOLUME_CHARS = 600_000


def printed_size(doc: Document) -> int:
    """Roughly how many characters `doc` puts on paper: its head, its text and its task list."""
    text = sum(len(c.text or "") + len(c.heading or "") + 40 for c in doc.all_clauses())
    tasks = sum(len(doc.clause_index[t.clause_id].text or "") + 120 for t in doc.tasks)
    return 600 + text + tasks


def volumes(hb: Handbook, capacity: int = VOLUME_CHARS) -> list[list[Document]]:
    """Documents in reading order, cut into volumes of at most `capacity` printed characters.

    A document is never split. Volume 1 also carries the models, topics and glossary.
    """
    return cut(reading_order(hb), capacity)


def reading_order(hb: Handbook) -> list[Document]:
    """Every document in the order the handbook prints them: by kind, then as each kind lists them."""
    return [d for docs in documents_by_kind(hb).values() for d in docs]


def cut(docs: list[Document], capacity: int, sizes: dict[str, int] | None = None) -> list[list[Document]]:
    """Consecutive slices of at most `capacity` printed characters (a document is never split;
    one larger than that is a volume alone). One pass: linear in the number of documents.
    `sizes`: each document's printed_size, when the caller has them already."""
    out: list[list[Document]] = [[]]
    filled = 0
    for doc in docs:
        size = sizes[doc.id] if sizes is not None else printed_size(doc)
        if out[-1] and filled + size > capacity:
            out.append([])
            filled = 0
        out[-1].append(doc)
        filled += size
    return out


def handbook(hb: Handbook, docs: list[Document], number: int, contents: list[Json]) -> Json:
    """Printed volume `number` of the handbook: `docs` (a slice of `volumes`) in reading order.

    `contents` lists every volume (number, file, document names) and is printed in volume 1;
    it is empty when the handbook is one volume.
    """
    first = number == 1
    models = [model(hb, m) for m in ordered_models(hb.models.values())] if first else []
    glossary = [{"term": term.term, "explanation": term.explanation}
                for term in sorted_vi(hb.terms.values(), key=lambda x: x.term)] if first else []
    count = len(contents) or 1
    links = Links(hb, {d.id for d in docs})
    return {
        "title": HANDBOOK_TITLE, "author": AUTHOR, "volume": number, "volumes": contents,
        "pdf_title": HANDBOOK_TITLE if count == 1 else f"{HANDBOOK_TITLE} — Tập {number}/{count}",
        "documents": [document(hb, d, links) for d in docs],
        "plans": [{"head": document_head(hb, d), "groups": tasks_by_period(hb, [(d, t) for t in d.tasks])}
                  for d in docs if d.is_plan],
        "models": models, "topics": [topic(hb, t, links) for t in ordered(hb)] if first else [],
        "glossary": glossary,
        "counts": {"documents": len(hb.documents), "plans": sum(1 for d in hb.documents.values() if d.is_plan),
                   "models": len(hb.models), "topics": len(hb.topics), "terms": len(hb.terms)},
    }
