"""Chuyên đề records: built from a validated file, then checked against the rest of the handbook.

A topic holds references only (document + clause, plan + task, model ids); every quoted
word comes from the document records at render time, so a topic can never drift from
the text it quotes.
"""

from __future__ import annotations

from collections.abc import Set

from .diagnostics import Diagnostic
from .integrity import KnownIds, check_ref
from .model import ChecklistEntry, Document, Handbook, Source, TaskRef, Topic, TopicQuote
from .yamlio import YamlFile

KIND = "chuyen-de"


def build_topic(source: YamlFile) -> Topic:
    d = source.data
    return Topic(
        id=d["id"], file=source.rel, order=d["so_thu_tu"], title=d["ten"], intro=d["gioi_thieu"],
        audience=d["doi_tuong"], minutes=d["thoi_luong"], questions=tuple(d["cau_hoi"]),
        preparation=tuple(ChecklistEntry(p["id"], p["viec"]) for p in d["chuan_bi"]),
        goals=tuple(d.get("muc_tieu", ())),
        quotes=tuple(TopicQuote(q["van_ban"], q["muc"], q.get("loi_dan")) for q in d.get("trich_dan", ())),
        tasks=tuple(TaskRef(t["van_ban"], t["nhiem_vu"]) for t in d.get("nhiem_vu", ())),
        model_ids=tuple(d.get("mo_hinh", ())),
        document_ids=tuple(d.get("van_ban", ())),
        sources=tuple(Source(s.get("tep"), s.get("url"), (), s.get("ghi_chu")) for s in d["nguon"]),
    )


def build_topics(files: dict[str, YamlFile]) -> dict[str, Topic]:
    return {key.split("/", 1)[1]: build_topic(f) for key, f in sorted(files.items()) if key.startswith(KIND + "/")}


def ordered(hb: Handbook) -> list[Topic]:
    """Topics in their printed order (so_thu_tu, then id for a stable tie-break)."""
    return sorted(hb.topics.values(), key=lambda t: (t.order, t.id))


def check_topics(hb: Handbook, files: dict[str, YamlFile], broken: Set[str] = frozenset()) -> list[Diagnostic]:
    """Every referenced document, clause, task, model exists; quoted documents have their text."""
    documents = KnownIds(hb.documents, {b.split("/", 1)[1] for b in broken if b.startswith("van-ban/")})
    models = KnownIds(hb.models, {b.split("/", 1)[1] for b in broken if b.startswith("mo-hinh/")})
    out: list[Diagnostic] = []
    for topic_id, topic in sorted(hb.topics.items()):
        src = files[f"{KIND}/{topic_id}"]
        out += _quotes(hb, documents, topic, src)
        out += _tasks(hb, documents, topic, src)
        for i, model_id in enumerate(topic.model_ids):
            out += check_ref(src, ("mo_hinh", i), model_id, models, "mô hình học tập")
        for i, doc_id in enumerate(topic.document_ids):
            out += check_ref(src, ("van_ban", i), doc_id, documents, "văn bản")
        out += _unique_steps(topic, src)
    return out


def _quotes(hb: Handbook, documents: KnownIds[Document], topic: Topic, src: YamlFile) -> list[Diagnostic]:
    out = []
    for i, quote in enumerate(topic.quotes):
        path = ("trich_dan", i)
        found = check_ref(src, path + ("van_ban",), quote.document_id, documents, "văn bản")
        out += found
        doc = hb.documents.get(quote.document_id)
        if found or doc is None:
            continue
        if not doc.has_text:
            out.append(src.diag(path + ("van_ban",),
                                f"Văn bản `{doc.id}` chưa có toàn văn trong cẩm nang nên không trích được",
                                "chỉ trích mục của văn bản có toàn văn; muốn nhắc văn bản này, ghi mã vào `van_ban`"))
            continue
        out += check_ref(src, path + ("muc",), quote.clause_id, doc.clause_index, f"mục của {doc.short_name}")
    return out


def _tasks(hb: Handbook, documents: KnownIds[Document], topic: Topic, src: YamlFile) -> list[Diagnostic]:
    out = []
    for i, ref in enumerate(topic.tasks):
        path = ("nhiem_vu", i)
        found = check_ref(src, path + ("van_ban",), ref.document_id, documents, "kế hoạch")
        out += found
        plan = hb.documents.get(ref.document_id)
        if found or plan is None:
            continue
        out += check_ref(src, path + ("nhiem_vu",), ref.task_id, plan.task_index, f"nhiệm vụ của {plan.short_name}")
    return out


def _unique_steps(topic: Topic, src: YamlFile) -> list[Diagnostic]:
    out, seen = [], set()
    for i, step in enumerate(topic.preparation):
        if step.id in seen:
            out.append(src.diag(("chuan_bi", i, "id"), f"Mã việc `{step.id}` bị trùng",
                                "mỗi việc cần một mã riêng (trình duyệt nhớ ô đã đánh dấu theo mã)"))
        seen.add(step.id)
    return out
