"""What the site consists of: generated pages (source URI → Markdown) and the navigation.

Site-engine neutral: MkDocs hooks (or any other engine's adapter) consume this.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Callable

from .model import Handbook
from .pdf import handbook_volumes
from .render import changes, lists
from .render.diagram import diagram_page
from .render.document import render_document
from .render.gaps import GAPS, gaps_page
from .render.models import MODELS_INDEX, model_page, models_index
from .render.printouts import PRINTOUTS, printouts_page
from .render.schema_ref import REFERENCE, reference_page
from .render.topic import TOPICS_INDEX, topic_page, topics_index


def generated_pages(hb: Handbook, edit_base: str | None = None) -> dict[str, str]:
    """All generated pages. `edit_base` (repo URL + edit path) lets the gaps page link to files."""
    volumes = handbook_volumes(hb)
    pages = {uri: render() for uri, render in _list_pages(hb, edit_base, volumes).items()}
    for kind, docs in lists.by_kind(hb).items():
        pages[lists.kind_uri(kind)] = lists.kind_page(hb, kind, docs)
    printed_in = {doc.id: (name, n, len(volumes)) for n, (name, docs) in enumerate(volumes, 1) for doc in docs}
    for doc in hb.documents.values():
        pages[doc.url] = render_document(hb, doc, printed_in[doc.id])
    for model in hb.models.values():
        pages[model.url] = model_page(hb, model)
    for topic in hb.topics.values():
        pages[topic.url] = topic_page(hb, topic)
    children = defaultdict(list)
    for org in hb.organisations.values():
        if org.parent_id:
            children[org.parent_id].append(org)
    for org in hb.organisations.values():
        pages[org.url] = lists.organisation_page(hb, org, children[org.id])
    for unit in (hb.timeline.units.values() if hb.timeline else ()):
        pages[unit.url] = changes.unit_page(hb, unit)
    records = changes.record_keys(hb)
    for uri, key in records.items():  # "Cập nhật: …" on every record's page
        pages[uri] += changes.updated_line(hb, key)
    latest = changes.latest_line(hb)
    for uri in pages.keys() - records.keys():  # and on every list page: its newest record's change
        pages[uri] += latest
    return pages


def _list_pages(hb: Handbook | None, edit_base: str | None, volumes: list | None) -> dict[str, Callable[[], str]]:
    """The pages that are no single record's page (kind pages aside), each with its renderer."""
    return {
        GAPS: lambda: gaps_page(hb, edit_base),
        REFERENCE: reference_page,
        lists.DOCS_INDEX: lambda: lists.documents_index(hb),
        lists.BY_ISSUER: lambda: lists.by_issuer_page(hb),
        lists.TIMELINE: lambda: lists.timeline_page(hb),
        lists.DIAGRAM: lambda: diagram_page(hb),
        lists.PLANS: lambda: lists.plans_page(hb),
        lists.ORGS_INDEX: lambda: lists.organisations_index(hb),
        lists.GLOSSARY: lambda: lists.glossary_page(hb),
        MODELS_INDEX: lambda: models_index(hb),
        TOPICS_INDEX: lambda: topics_index(hb),
        PRINTOUTS: lambda: printouts_page(hb, volumes),
        changes.CHANGES: lambda: changes.changes_page(hb),
        changes.RECENT: lambda: changes.recent_page(hb),
    }


def reserved_pages(kinds: list[str]) -> dict[str, str]:
    """Source URI → a label ("" for the list pages) of every page that is not a record's own:
    the list pages, and the page of each document kind in `kinds`. No record may take one."""
    pages = {uri: "" for uri in _list_pages(None, None, None)}
    pages.update({lists.kind_uri(kind): f"trang văn bản loại “{kind}”" for kind in kinds})
    return pages


def edit_paths(hb: Handbook) -> dict[str, str]:
    """Generated page → YAML file an editor changes ("Sửa trang này")."""
    paths = {doc.url: doc.file for doc in hb.documents.values()}
    paths.update({org.url: org.file for org in hb.organisations.values()})
    paths.update({model.url: model.file for model in hb.models.values()})
    paths.update({topic.url: topic.file for topic in hb.topics.values()})
    paths.update({unit.url: unit.file for unit in (hb.timeline.units.values() if hb.timeline else ())})
    return paths


def navigation(hb: Handbook, handwritten: list) -> list:
    """Navigation: hand-written entries first and last, generated sections in between.

    Individual documents are reached through list pages, not the navigation: every page
    carries the whole navigation, so listing documents there would make the build quadratic.
    """
    documents = [lists.DOCS_INDEX,
                 {"Theo cơ quan ban hành": lists.BY_ISSUER},
                 {"Dòng thời gian": lists.TIMELINE},
                 {"Sơ đồ quan hệ": lists.DIAGRAM}]
    for kind, docs in lists.by_kind(hb).items():
        # Material writes navigation titles as HTML, unescaped; the kind is an enum, escaped all the same.
        documents.append({f"{html.escape(kind)} ({len(docs)})": lists.kind_uri(kind)})
    generated = [
        {"Văn bản": documents},
        {"Kế hoạch và nhiệm vụ": lists.PLANS},
        {"Mô hình học tập": MODELS_INDEX},
        {"Chuyên đề sinh hoạt chi bộ": TOPICS_INDEX},
        {"Bản in PDF": PRINTOUTS},
        {"Cơ quan, tổ chức": lists.ORGS_INDEX},
        {"Thuật ngữ": lists.GLOSSARY},
        {changes.CHANGES_TITLE: changes.CHANGES},
        {"Mới cập nhật": changes.RECENT},
    ]
    head, tail = handwritten[:1], handwritten[1:]
    editors = {"Dành cho người biên tập": tail + [{"Việc cần bổ sung": GAPS}, {"Tham chiếu dữ liệu": REFERENCE}]}
    return head + generated + [editors]
