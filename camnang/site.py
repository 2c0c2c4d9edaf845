"""What the site consists of: generated pages (source URI → Markdown) and the navigation.

Site-engine neutral: MkDocs hooks (or any other engine's adapter) consume this.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import NamedTuple

from .addresses import (
    BY_ISSUER,
    DIAGRAM,
    DOCS_INDEX,
    GAPS,
    GLOSSARY,
    MODELS_INDEX,
    ORGS_INDEX,
    PLANS,
    PRINTOUTS,
    REFERENCE,
    TIMELINE,
    TOPICS_INDEX,
)
from .model import Document, Handbook, Organisation
from .pdf import handbook_volumes
from .render import changes, lists
from .render.diagram import diagram_page
from .render.document import render_document
from .render.gaps import gaps_page
from .render.models import model_page, models_index
from .render.printouts import printouts_page
from .render.schema_ref import reference_page
from .render.topic import topic_page, topics_index
from .timeline import CHANGES, RECENT
from .volumes import printed_in as volumes_printed_in

# A navigation entry as MkDocs reads it: a page address, or {title: address or list of entries}.
Nav = str | dict[str, "str | list[Nav]"]


def generated_pages(hb: Handbook, edit_base: str | None = None) -> dict[str, str]:
    """All generated pages. `edit_base` (repo URL + edit path) lets the gaps page link to files."""
    volumes = handbook_volumes(hb)
    build = _Build(hb, edit_base, volumes)
    pages = {uri: render(build) for uri, render in _LIST_PAGES.items()}
    for kind, docs in lists.by_kind(hb).items():
        pages[lists.kind_uri(kind)] = lists.kind_page(hb, kind, docs)
    pages.update(_record_pages(hb, hb.documents.values(), ()))
    for model in hb.models.values():
        pages[model.url] = model_page(hb, model)
    for topic in hb.topics.values():
        pages[topic.url] = topic_page(hb, topic)
    pages.update(_record_pages(hb, (), hb.organisations.values()))
    for unit in (hb.timeline.units.values() if hb.timeline else ()):
        pages[unit.url] = changes.unit_page(hb, unit)
    records = changes.record_keys(hb)
    for uri, key in records.items():  # "Cập nhật: …" on every record's page
        pages[uri] += changes.updated_line(hb, key)
    latest = changes.latest_line(hb)
    for uri in pages.keys() - records.keys():  # and on every list page: its newest record's change
        pages[uri] += latest
    return pages


def record_pages(hb: Handbook, docs: Iterable[Document], orgs: Iterable[Organisation]) -> dict[str, str]:
    """These documents' and organisations' pages exactly as generated_pages makes them, its
    "Cập nhật" line included (the preview shows a saved record's pages before the rest)."""
    keys = changes.record_keys(hb)
    return {uri: text + changes.updated_line(hb, keys[uri]) for uri, text in _record_pages(hb, docs, orgs).items()}


def _record_pages(hb: Handbook, docs: Iterable[Document], orgs: Iterable[Organisation]) -> dict[str, str]:
    printed_in = volumes_printed_in(hb)
    pages = {doc.url: render_document(hb, doc, printed_in[doc.id]) for doc in docs}
    pages.update({org.url: lists.organisation_page(hb, org) for org in orgs})
    return pages


class _Build(NamedTuple):
    hb: Handbook
    edit_base: str | None
    volumes: list[tuple[str, list[Document]]]


# The pages that are no single record's page (kind pages aside), each with its renderer.
_LIST_PAGES: dict[str, Callable[[_Build], str]] = {
    GAPS: lambda b: gaps_page(b.hb, b.edit_base),
    REFERENCE: lambda b: reference_page(),
    DOCS_INDEX: lambda b: lists.documents_index(b.hb),
    BY_ISSUER: lambda b: lists.by_issuer_page(b.hb),
    TIMELINE: lambda b: lists.timeline_page(b.hb),
    DIAGRAM: lambda b: diagram_page(b.hb),
    PLANS: lambda b: lists.plans_page(b.hb),
    ORGS_INDEX: lambda b: lists.organisations_index(b.hb),
    GLOSSARY: lambda b: lists.glossary_page(b.hb),
    MODELS_INDEX: lambda b: models_index(b.hb),
    TOPICS_INDEX: lambda b: topics_index(b.hb),
    PRINTOUTS: lambda b: printouts_page(b.hb, b.volumes),
    CHANGES: lambda b: changes.changes_page(b.hb),
    RECENT: lambda b: changes.recent_page(b.hb),
}


def reserved_pages(kinds: list[str]) -> dict[str, str]:
    """Source URI → a label ("" for the list pages) of every page that is not a record's own:
    the list pages, and the page of each document kind in `kinds`. No record may take one."""
    pages = dict.fromkeys(_LIST_PAGES, "")
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


def navigation(hb: Handbook, handwritten: list[Nav]) -> list[Nav]:
    """Navigation: hand-written entries first and last, generated sections in between.

    Individual documents are reached through list pages, not the navigation: every page
    carries the whole navigation, so listing documents there would make the build quadratic.
    For the same reason the kinds carry no counts (the documents page shows them): a document
    added changes the pages that list it, not every page (`camnang serve` rebuilds only those).
    """
    documents: list[Nav] = [DOCS_INDEX,
                 {"Theo cơ quan ban hành": BY_ISSUER},
                 {"Dòng thời gian": TIMELINE},
                 {"Sơ đồ quan hệ": DIAGRAM}]
    for kind in lists.by_kind(hb):
        # Material writes navigation titles as HTML, unescaped; the kind is an enum, escaped all the same.
        documents.append({html.escape(kind): lists.kind_uri(kind)})
    generated: list[Nav] = [
        {"Văn bản": documents},
        {"Kế hoạch và nhiệm vụ": PLANS},
        {"Mô hình học tập": MODELS_INDEX},
        {"Chuyên đề sinh hoạt chi bộ": TOPICS_INDEX},
        {"Bản in PDF": PRINTOUTS},
        {"Cơ quan, tổ chức": ORGS_INDEX},
        {"Thuật ngữ": GLOSSARY},
        {changes.CHANGES_TITLE: CHANGES},
        {"Mới cập nhật": RECENT},
    ]
    head, tail = handwritten[:1], handwritten[1:]
    editors: Nav = {"Dành cho người biên tập": tail + [{"Việc cần bổ sung": GAPS}, {"Tham chiếu dữ liệu": REFERENCE}]}
    return head + generated + [editors]
