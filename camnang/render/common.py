"""Small building blocks shared by the Markdown renderers."""

from __future__ import annotations

from ..addresses import relative
from ..model import Document, Handbook
from ..view import clause_ref, document_line
from ..vntext import md

__all__ = ["GAP", "clause_ref", "doc_line", "doc_link", "link", "or_gap"]

GAP = '<span class="cn-gap">chưa rõ</span>'


def link(from_uri: str, to_uri: str, text: str, anchor: str | None = None) -> str:
    """Markdown link between two pages given by their source URIs (MkDocs resolves .md)."""
    target = relative(from_uri, to_uri)
    return f"[{md(text)}]({target}{'#' + anchor if anchor else ''})"


def doc_link(from_uri: str, doc: Document, anchor: str | None = None, text: str | None = None) -> str:
    return link(from_uri, doc.url, text or doc.short_name, anchor)


def or_gap(value: str | None) -> str:
    return md(value) if value else GAP


def doc_line(from_uri: str, hb: Handbook, doc: Document) -> str:
    """One list entry: link, date, summary (worded by view.document_line)."""
    from .blocks import inline  # blocks builds on this module's links
    return f"- {inline(hb, from_uri, document_line(doc))}"
