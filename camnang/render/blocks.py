"""Markdown for the blocks of `camnang.view`: the one place a view block becomes page text.

Every page kind renders its facts, relations, sources and notes through these functions, so the
site shows each block one way. Data text is escaped here (`vntext.md`, `citelinks.linked`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from .. import addresses
from ..model import Handbook
from ..view import (
    SECONDARY,
    Em,
    Facts,
    Gap,
    Link,
    NoteItem,
    OrgChange,
    Piece,
    Prose,
    RelationItem,
    SourceItem,
    TaskBacklink,
    Text,
    Url,
    Validity,
)
from ..vntext import attr, md, safe_url
from .changes import status_note, validity_cell
from .citelinks import linked
from .common import link


def inline(hb: Handbook, from_uri: str, parts: Iterable[Piece]) -> str:
    """One run of inline pieces as Markdown, links relative to page `from_uri`."""
    out = []
    for part in parts:
        if isinstance(part, Text):
            out.append(_text(part.text))
        elif isinstance(part, Prose):
            out.append(linked(hb, from_uri, part.text, part.own_id))
        elif isinstance(part, Link):
            out.append(_pdf_link(from_uri, part) if part.to.startswith(addresses.PDF_DIR + "/")
                       else link(from_uri, part.to, part.text, part.anchor))
        elif isinstance(part, Url):
            out.append(f"[{md(part.text or part.url)}]({safe_url(part.url)})")
        elif isinstance(part, Gap):
            out.append(f'<span class="cn-gap">{md(part.text)}</span>')
        elif isinstance(part, Em):
            out.append(f"*{inline(hb, from_uri, part.parts)}*")
        elif isinstance(part, OrgChange):
            out.append(status_note(hb, from_uri, part.org_id))
        elif isinstance(part, Validity):
            out.append(validity_cell(hb, from_uri, hb.documents[part.doc_id]))
    return "".join(out)


def _text(text: str) -> str:
    """md(), keeping the spaces at either end (md() strips each line; our separators " (" need them)."""
    if not text.strip(" "):
        return text  # spaces only (no markup can hide in them)
    escaped = md(text)
    head = text[:len(text) - len(text.lstrip(" "))]
    tail = text[len(text.rstrip(" ")):]
    return head + escaped + tail


def _pdf_link(from_uri: str, part: Link) -> str:
    # Raw HTML: the PDFs are written after MkDocs' link check. The file name is a fixed pattern or a record id.
    name = part.to.split("/", 1)[1]
    return f'<a href="{addresses.pdf_href(from_uri, name)}" download>{md(part.text)}</a>'


def download_button(from_uri: str, name: str, label: str) -> str:
    """The "Tải PDF" button of a page (raw HTML for the same reason as `_pdf_link`)."""
    return (f'<a class="md-button md-button--primary cn-pdf" href="{addresses.pdf_href(from_uri, name)}" download>'
            f"{md(label)}</a>")


# ---- facts ----------------------------------------------------------------------------------------


def facts(hb: Handbook, from_uri: str, view: Facts, *, more_title: str = "Thông tin khác") -> str:
    """The record's one line, a compact block of its main facts with every unknown on one "Chưa rõ" line,
    then the other facts folded (open by default on wide screens is left to the reader: one click)."""
    out = []
    if view.lead:
        out.append(f'<p class="cn-lead" markdown="span">{inline(hb, from_uri, view.lead)}</p>\n')
    lines = [f"- **{md(f.label)}:** {inline(hb, from_uri, f.value)}" for f in view.main]
    if view.unknown:
        lines.append(f'- <strong class="cn-gap">Chưa rõ:</strong> {md("; ".join(view.unknown))}')
    out.append('<div class="cn-facts" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n")
    if view.more:
        rows = "\n".join(f"| {md(f.label)} | {inline(hb, from_uri, f.value)} |" for f in view.more)
        out.append(f'<details class="cn-more" markdown>\n<summary>{md(more_title)}</summary>\n\n'
                   f"| Thông tin | Nội dung |\n|---|---|\n{rows}\n\n</details>\n")
    return "\n".join(out)


# ---- relations ------------------------------------------------------------------------------------


def outgoing_line(hb: Handbook, from_uri: str, item: RelationItem) -> str:
    line = f"- **{md(item.label)}** {inline(hb, from_uri, (item.document,))}"
    if item.summary:
        line += f" — {inline(hb, from_uri, (item.summary,))}"
    if item.where:
        line += " (nêu tại " + _links(hb, from_uri, item.where) + ")"
    if item.note:
        line += f". *{inline(hb, from_uri, (item.note,))}*"
    return line


def incoming_line(hb: Handbook, from_uri: str, item: RelationItem) -> str:
    date = f" ({md(item.date)})" if item.date else ""
    line = f"- {inline(hb, from_uri, (item.document,))}{date} **{md(item.label)}** văn bản này"
    return line + (f" — tại {_links(hb, from_uri, item.where)}" if item.where else "")


def task_backlink_line(hb: Handbook, from_uri: str, tasks: list[TaskBacklink]) -> str:
    """One plan's tasks: "- Kế hoạch …, quý i: mục II.2.1, gạch 3; mục II.2.1, gạch 7 — quý ii: …"."""
    periods = []
    for period, group in groupby(tasks, key=lambda t: t.period):
        clauses = "; ".join(inline(hb, from_uri, (t.task_clause,)) +
                            (f" (thực hiện {inline(hb, from_uri, (t.clause,))})" if t.clause else "") for t in group)
        periods.append(f"{md(period.lower())}: {clauses}")
    return f"- {inline(hb, from_uri, (tasks[0].plan,))}, " + " — ".join(periods)


def _links(hb: Handbook, from_uri: str, links: list[Link]) -> str:
    return ", ".join(inline(hb, from_uri, (x,)) for x in links)


# ---- sources and notes ----------------------------------------------------------------------------


def source_item(hb: Handbook, from_uri: str, item: SourceItem) -> str:
    out = f"- {inline(hb, from_uri, (item.where,))}"
    if item.secondary:
        out += f" *({md(SECONDARY)})*"
    if item.fields:
        out += f" — xác nhận: {md(', '.join(item.fields))}"
    return out + (f" — {md(item.note)}" if item.note else "")


def sources_section(hb: Handbook, from_uri: str, items: list[SourceItem]) -> str:
    """"## Nguồn": every record's sources, the same way on every page."""
    if not items:
        return ""
    return "## Nguồn {#nguon}\n\n" + "\n".join(source_item(hb, from_uri, i) for i in items) + "\n"


def note(hb: Handbook, from_uri: str, item: NoteItem, indent: str = "") -> str:
    """One note as an admonition (a warning for discrepancies and what needs checking)."""
    kind = "warning" if item.warning else "note"
    body = inline(hb, from_uri, (item.text,))
    if item.where:
        body += f" ({_links(hb, from_uri, item.where)})"
    lines = [f'{indent}!!! {kind} "{attr(item.label)}"', "", f"{indent}    {body}"]
    if item.comparisons:
        lines.append("")
        lines += [f"{indent}    - **{md(source)}:** {md(text)}" for source, text in item.comparisons]
    return "\n".join(lines) + "\n"


def notes_section(hb: Handbook, from_uri: str, items: list[NoteItem]) -> str:
    """"## Ghi chú biên tập": every record's notes, the same way on every page."""
    if not items:
        return ""
    return "## Ghi chú biên tập {#ghi-chu}\n\n" + "\n".join(note(hb, from_uri, i) for i in items)
