"""Small building blocks shared by the Markdown renderers."""

from __future__ import annotations

import posixpath

from ..model import Document, Handbook, format_date
from ..vntext import md

GAP = '<span class="cn-gap">chưa rõ</span>'


def link(from_uri: str, to_uri: str, text: str, anchor: str | None = None) -> str:
    """Markdown link between two pages given by their source URIs (MkDocs resolves .md)."""
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    if target == posixpath.basename(from_uri):
        target = ""
    return f"[{md(text)}]({target}{'#' + anchor if anchor else ''})"


def doc_link(from_uri: str, doc: Document, anchor: str | None = None, text: str | None = None) -> str:
    return link(from_uri, doc.url, text or doc.short_name, anchor)


def or_gap(value: str | None) -> str:
    return md(value) if value else GAP


def doc_line(from_uri: str, hb: Handbook, doc: Document) -> str:
    """One list entry: link, date, summary."""
    date = format_date(doc.date) or "chưa rõ ngày"
    summary = f" — {md(doc.summary)}" if doc.summary else ""
    return f"- {doc_link(from_uri, doc)} ({date}){summary}"


def clause_ref(doc: Document, clause_id: str | None) -> str:
    """Readable name of a clause, e.g. "mục II.2.1" or "phần mở đầu"."""
    if not clause_id:
        return "văn bản"
    clause = doc.clause_index.get(clause_id)
    if clause is None:
        return f"mục {clause_id}"
    if clause_id == "mo-dau":
        return "phần mở đầu"
    return "mục " + clause.number
