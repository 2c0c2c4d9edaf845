"""The engine-neutral view of every page: what a page says, in which words and order.

A view is made of plain blocks (facts, relations, sources, notes, citations, targets) whose
values are short runs of inline pieces: data text, text in which citations become links, links
to other pages, links out, "chưa rõ". Nothing here is Markdown or Typst. Two renderers read
the same blocks: `camnang.render.blocks` writes Markdown for the site, `plain()` gives the
strings `camnang.export` hands to Typst. So the wording, the order, the decimal comma, the
Vietnamese dates and the relation labels are written once, here (and in `camnang.model`'s
tables and formatters), and a change shows on the web and in print alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import addresses
from .kinds import kind_rank
from .model import (
    RELATION_KINDS,
    VERIFICATION_LABELS,
    Document,
    Handbook,
    LearningModel,
    ModelTarget,
    Note,
    Organisation,
    PrintedIn,
    Relation,
    Source,
    SourceRef,
    Topic,
    format_date,
)
from .vntext import sorted_vi

if TYPE_CHECKING:
    from .timeline import Unit

UNKNOWN = "chưa rõ"

# ---- inline pieces ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Text from the data or our own words, shown as written."""

    text: str


@dataclass(frozen=True)
class Prose:
    """Data text in which each citation of another handbook document becomes a link."""

    text: str
    own_id: str | None = None  # the page's own document: never linked to itself


@dataclass(frozen=True)
class Link:
    """A link to a page of the site (`to` is its address, see camnang.addresses)."""

    text: str
    to: str
    anchor: str | None = None


@dataclass(frozen=True)
class Url:
    """A link out of the site (the address shown as its own text unless `text` is given)."""

    url: str
    text: str | None = None


@dataclass(frozen=True)
class Gap:
    """A fact the handbook does not know ("chưa rõ")."""

    text: str = UNKNOWN


@dataclass(frozen=True)
class Em:
    """Our own aside, set off from the data (italic on the web)."""

    parts: tuple[Piece, ...]


@dataclass(frozen=True)
class OrgChange:
    """What became of a body since 2025 (the timeline's words, in brackets), beside its name; nothing
    when it did not change."""

    org_id: str


@dataclass(frozen=True)
class Validity:
    """A document's validity as recorded (the timeline's words and sources)."""

    doc_id: str


Piece = Text | Prose | Link | Url | Gap | Em | OrgChange | Validity
Inline = tuple[Piece, ...]


def plain(parts: Iterable[Piece], hb: Handbook | None = None) -> str:
    """The pieces as one plain string (what the PDFs print)."""
    out = []
    for part in parts:
        if isinstance(part, (Text, Prose, Link, Gap)):
            out.append(part.text)
        elif isinstance(part, Url):
            out.append(part.text or part.url)
        elif isinstance(part, Em):
            out.append(plain(part.parts, hb))
        elif isinstance(part, OrgChange):
            change = org_change_text(hb, part.org_id) if hb else ""
            out.append(f" ({change})" if change else "")
        elif isinstance(part, Validity):
            out.append(validity_text(hb, part.doc_id) if hb else "")
    return "".join(out)


def org_change_text(hb: Handbook, org_id: str) -> str:
    status = hb.timeline.status(org_id) if hb.timeline else None
    if status is None:
        return ""
    return f"từ 2025: {status.text}" + ("; suy luận" if status.inferred else "")


def validity_text(hb: Handbook, doc_id: str) -> str:
    if hb.timeline is None:
        return UNKNOWN
    validity = hb.timeline.validity_of(doc_id)
    if validity.state == "chua_ro":
        return UNKNOWN
    text = validity.label
    if validity.replaced_by and validity.replaced_by in hb.documents:
        text += " bởi " + hb.documents[validity.replaced_by].short_name
    return text + (f", từ {format_date(validity.date)}" if validity.date else "")


def value_or_gap(text: str | None) -> Inline:
    return (Text(text),) if text else (Gap(),)


# ---- shared wording ------------------------------------------------------------------------------


def clause_ref(doc: Document, clause_id: str | None) -> str:
    """Readable name of a clause, e.g. "mục II.2.1" or "phần mở đầu"."""
    if not clause_id:
        return "văn bản"
    clause = doc.clause_index.get(clause_id)
    if clause is None:
        return f"mục {clause_id}"
    if clause_id == "mo-dau":
        return "phần mở đầu"
    if clause.number[:1].islower():  # "đoạn 5" (a paragraph of an unnumbered text) names itself
        return clause.number
    return "mục " + clause.number


def clause_link(doc: Document, clause_id: str) -> Link:
    return Link(clause_ref(doc, clause_id), doc.url, clause_id)


def doc_link(doc: Document, anchor: str | None = None, text: str | None = None) -> Link:
    return Link(text or doc.short_name, doc.url, anchor)


def citation(hb: Handbook, doc: Document, clause_id: str | None) -> Inline:
    """How a quoted clause names its source, on the web and in print:
    "<document> (số ký hiệu: …; ngày ban hành: …; cơ quan ban hành: …), mục II.1"."""
    issuer = hb.organisations.get(doc.issuer_id) if doc.issuer_id else None
    return (doc_link(doc), Text(" (số ký hiệu: "), *value_or_gap(doc.number),
            Text("; ngày ban hành: "), *value_or_gap(format_date(doc.date)),
            Text("; cơ quan ban hành: "), *((Link(issuer.name, issuer.url),) if issuer else (Gap(),)),
            Text("), "), clause_link(doc, clause_id) if clause_id else Text("văn bản"))


def source_ref(hb: Handbook, ref: SourceRef) -> Inline:
    """Where a model's fact comes from: "<document>, mục II.2.1" or "<document>, <place in words>"."""
    doc = hb.documents[ref.document_id]
    if ref.clause_id:
        return (Link(f"{doc.short_name}, {clause_ref(doc, ref.clause_id)}", doc.url, ref.clause_id),)
    return (doc_link(doc), Text(f", {ref.location or 'văn bản'}"))


_MODEL_KIND_ORDER = ("ca_nhan", "gia_dinh", "dong_ho", "cong_dong", "don_vi")


def ordered_models(models: Iterable[LearningModel]) -> list[LearningModel]:
    """The order the sources name them: công dân, gia đình, dòng họ, cộng đồng, đơn vị; then by name.
    The site's lists and the printed handbook use this one order."""
    return sorted(sorted_vi(models, key=lambda m: m.name), key=lambda m: _MODEL_KIND_ORDER.index(m.kind))


def _chrono(doc: Document) -> tuple[bool, str, str]:
    return (doc.date is None, doc.date.isoformat() if doc.date else "", doc.short_name)


def documents_by_kind(hb: Handbook) -> dict[str, list[Document]]:
    """Documents grouped by kind in reading order, each group by date (the lists and the handbook's order)."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in hb.documents.values():
        groups[doc.kind].append(doc)
    return {kind: sorted(groups[kind], key=_chrono) for kind in sorted(groups, key=kind_rank)}


def document_line(doc: Document) -> Inline:
    """One entry of a list of documents (list pages, an organisation's documents): name, date, trích yếu."""
    date = format_date(doc.date) or "chưa rõ ngày"
    summary: Inline = (Text(" — "), Text(doc.summary)) if doc.summary else ()
    return (doc_link(doc), Text(f" ({date})"), *summary)


# ---- facts (the metadata block) -----------------------------------------------------------------


@dataclass
class Fact:
    label: str
    value: Inline


@dataclass
class Facts:
    """What a record is. `lead` is its one line (trích yếu, definition …); `main` the compact block a
    phone shows first; `unknown` the labels of every fact not known, shown as one "Chưa rõ: …" line;
    `more` the rest, lower or folded."""

    main: list[Fact]
    more: list[Fact] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    lead: Inline | None = None

    def add(self, label: str, value: Inline | None, *, main: bool = True) -> None:
        """A fact, or its label among the unknown when it has no value."""
        if not value or (len(value) == 1 and isinstance(value[0], Gap)):
            self.unknown.append(label[:1].lower() + label[1:])
        else:
            (self.main if main else self.more).append(Fact(label, value))

    def all(self) -> list[Fact]:
        return self.main + self.more


def document_facts(hb: Handbook, doc: Document, printed_in: PrintedIn | None = None) -> Facts:
    issuer = hb.organisations.get(doc.issuer_id) if doc.issuer_id else None
    facts = Facts([], lead=(Prose(doc.summary, doc.id),) if doc.summary else None)
    facts.add("Loại văn bản", (Text(doc.kind),))
    facts.add("Số, ký hiệu", value_or_gap(doc.number))
    facts.add("Ngày ban hành", value_or_gap(format_date(doc.date)))
    changed = bool(issuer and hb.timeline and hb.timeline.status(issuer.id))
    changed_link = (Text(" ("), Link("đã thay đổi từ 2025", doc.url, "thay-doi"), Text(")")) if changed else ()
    facts.add("Cơ quan ban hành", (Link(issuer.name, issuer.url), *changed_link) if issuer else None)
    tl = hb.timeline
    validity_known = bool(tl and tl.validity_of(doc.id).state != "chua_ro")
    facts.add("Hiệu lực", (Validity(doc.id),) if validity_known else None)
    period = tl.period_status(doc) if tl else None
    if period and tl:
        end, ended = period
        facts.add("Giai đoạn thực hiện", (Text(
            f"Đã kết thúc ({format_date(end)}), tính đến ngày dựng cẩm nang ({format_date(tl.build_date)})"
            if ended else f"Đang trong giai đoạn thực hiện (đến {format_date(end)})"),))
    facts.add("Xác minh", (Text(VERIFICATION_LABELS[doc.verification]),))
    if not doc.summary:
        facts.unknown.insert(0, "trích yếu")
    facts.add("Người ký", value_or_gap(doc.signer), main=False)
    facts.add("Chức vụ người ký", value_or_gap(doc.signer_title), main=False)
    facts.add("Nơi ban hành", value_or_gap(doc.place), main=False)
    facts.add("Cấp", (Text(doc.level),), main=False)
    facts.add("Giai đoạn", value_or_gap(doc.period), main=False)
    if changed and issuer:
        facts.add("Cơ quan ban hành, từ 2025", (Link(issuer.name, issuer.url), OrgChange(issuer.id)), main=False)
    if printed_in:
        label = "Cẩm nang (PDF)" if printed_in.volumes == 1 else \
            f"Tập {printed_in.volume}/{printed_in.volumes} của cẩm nang (PDF)"
        facts.add("Bản in", (Link(label, f"{addresses.PDF_DIR}/{printed_in.file}"),), main=False)
    return facts


def model_facts(hb: Handbook, model: LearningModel) -> Facts:
    parent = hb.models.get(model.parent_id) if model.parent_id else None
    children = ordered_models(hb.model_children.get(model.id, []))
    facts = Facts([])
    facts.add("Đối tượng", (Text(model.kind_label),))
    if parent:
        facts.add("Thuộc mô hình", (Link(parent.name, parent.url),))
    if model.level:
        facts.add("Cấp, nơi áp dụng", (Text(model.level),))
    if children:
        links: list[Piece] = []
        for child in children:
            links += [Text(", ")] if links else []
            links.append(Link(child.name, child.url))
        facts.add("Các cấp, nơi áp dụng", tuple(links))
    facts.add("Bộ tiêu chí", (Text("Đã có đủ trong cẩm nang"),) if model.criteria_complete
              else (Gap("chưa có đủ"), Text(" (xem mục "), Link("Tiêu chí", model.url, "tieu-chi"), Text(")")))
    return facts


def topic_facts(topic: Topic) -> Facts:
    facts = Facts([])
    facts.add("Chuyên đề số", (Text(str(topic.order)),))
    facts.add("Đối tượng", (Text(topic.audience),))
    facts.add("Thời lượng gợi ý", (Text(f"{topic.minutes} phút"),) if topic.minutes else None)
    return facts


def unit_facts(unit: Unit) -> Facts:
    facts = Facts([])
    facts.add("Cấp", (Text(unit.level),))
    return facts


def organisation_facts(hb: Handbook, org: Organisation) -> Facts:
    facts = Facts([])
    facts.add("Tên viết tắt", value_or_gap(org.abbreviation))
    facts.add("Cấp", (Text(org.level),))
    if org.parent_id:
        parent = hb.organisations[org.parent_id]
        facts.add("Trực thuộc", (Link(parent.name, parent.url), OrgChange(parent.id)))
    tl = hb.timeline
    unit = tl.units.get(tl.org_unit.get(org.id, "")) if tl else None
    if unit:
        facts.add("Địa bàn", (Link(unit.name, unit.url),))
    return facts


# ---- relations ----------------------------------------------------------------------------------


@dataclass
class RelationItem:
    """One line of "Căn cứ, thực hiện" (outgoing) or "Văn bản triển khai" (incoming)."""

    label: str  # "Căn cứ" (outgoing) or "căn cứ" (incoming: "<document> căn cứ văn bản này")
    document: Link
    date: str | None
    summary: Prose | None
    where: list[Link]  # the clauses that cite (outgoing: of this document; incoming: of the other)
    note: Prose | None = None
    basis: bool = True


def outgoing(hb: Handbook, doc: Document) -> list[RelationItem]:
    return [_outgoing_item(hb, doc, rel) for rel in _kind_order(doc.relations)]


def _kind_order(relations: Iterable[Relation]) -> list[Relation]:
    """Bases first, citations after, each in the record's order."""
    return sorted(relations, key=lambda r: not r.is_basis)


def _outgoing_item(hb: Handbook, doc: Document, rel: Relation) -> RelationItem:
    target = hb.documents[rel.target_id]
    return RelationItem(rel.label, doc_link(target), format_date(target.date),
                        Prose(target.summary, doc.id) if target.summary else None,
                        [clause_link(doc, c) for c in rel.clause_ids],
                        Prose(rel.note, doc.id) if rel.note else None, rel.is_basis)


def incoming(hb: Handbook, doc: Document) -> list[RelationItem]:
    """Documents that carry out, are based on or cite `doc`: bases first, then by date."""
    def key(rel: Relation) -> tuple[bool, str, str]:
        source = hb.documents[rel.source_id]
        return (not rel.is_basis, source.date.isoformat() if source.date else "9999", rel.source_id)
    items = []
    for rel in sorted(hb.implementers(doc.id), key=key):
        source = hb.documents[rel.source_id]
        items.append(RelationItem(RELATION_KINDS[rel.kind].incoming, doc_link(source), format_date(source.date),
                                  None, [clause_link(source, c) for c in rel.clause_ids], None, rel.is_basis))
    return items


def relation_lines(hb: Handbook, doc: Document) -> list[str]:
    """The relations as the printed handbook lists them: "Căn cứ: Chỉ thị 11-CT/TW"."""
    return [f"{item.label}: {item.document.text}" for item in outgoing(hb, doc)]


@dataclass
class TaskBacklink:
    """A plan's task that carries out (a clause of) this document."""

    plan: Link
    period: str
    task_clause: Link
    clause: Link | None  # the clause of this document it carries out


def implementing_tasks(hb: Handbook, doc: Document) -> list[list[TaskBacklink]]:
    """The tasks carrying out this document, plan by plan (a national programme is carried out
    by thousands of tasks: one line per plan, not per task, keeps its page light on a phone)."""
    plans: dict[str, list[TaskBacklink]] = {}
    for plan, task, ref in hb.tasks_implementing.get(doc.id, []):
        plans.setdefault(plan.id, []).append(
            TaskBacklink(doc_link(plan), task.period_label, clause_link(plan, task.clause_id),
                         clause_link(doc, ref.clause_id) if ref.clause_id else None))
    return list(plans.values())


def citing_topics(hb: Handbook, doc: Document) -> list[Link]:
    return [Link(t.title, t.url) for t in hb.topics_citing(doc.id)]


# ---- sources and notes --------------------------------------------------------------------------


@dataclass
class SourceItem:
    """One entry of "Nguồn": the address (or the seed file), secondary marked, fields, note."""

    where: Piece  # Url, or Text naming the seed file
    secondary: bool
    fields: tuple[str, ...]
    note: str | None


SECONDARY = "nguồn thứ cấp: trang tin, không phải văn bản gốc"


def sources(items: Iterable[Source]) -> list[SourceItem]:
    return [SourceItem(Url(s.url) if s.url else Text(f"Tệp gốc {s.file}"), s.secondary, s.fields, s.note)
            for s in items]


def source_line(item: SourceItem) -> str:
    """A source in one plain line."""
    out = plain((item.where,))
    if item.secondary:
        out += f" ({SECONDARY})"
    if item.fields:
        out += f" — xác nhận: {', '.join(item.fields)}"
    return out + (f" — {item.note}" if item.note else "")


@dataclass
class NoteItem:
    """An editorial note: its label, its text, the clauses it is about, both sides of a discrepancy."""

    kind: str
    label: str
    text: Prose
    where: list[Link]
    comparisons: list[tuple[str, str]]

    @property
    def warning(self) -> bool:
        return self.kind in ("khac_biet", "chua_xac_minh")


def notes(items: Iterable[Note], doc: Document | None = None) -> list[NoteItem]:
    """`doc` (for a document's notes) names the clauses and keeps the page from linking to itself."""
    return [NoteItem(n.kind, n.label, Prose(n.text, doc.id if doc else None),
                     [clause_link(doc, c) for c in n.clause_ids] if doc else [],
                     [(c.source, c.text) for c in n.comparisons]) for n in items]


def note_line(item: NoteItem) -> str:
    """A note in one plain line (the printed handbook)."""
    out = f"{item.label}: {item.text.text}"
    if item.where:
        out += " (" + ", ".join(w.text for w in item.where) + ")"
    return out + "".join(f" — {source}: {text}" for source, text in item.comparisons)


def print_notes(hb: Handbook, doc: Document) -> list[str]:
    """A document's notes as the printed handbook lists them: editorial notes, then what changed since."""
    out = [note_line(n) for n in notes(doc.notes, doc)]
    facts = document_facts(hb, doc)
    for fact in facts.all():
        if fact.label in ("Hiệu lực", "Giai đoạn thực hiện"):
            out.append(f"{fact.label}: {plain(fact.value, hb)}")
    if "hiệu lực" in facts.unknown:
        out.append("Hiệu lực: chưa rõ (cẩm nang chưa có nguồn về hiệu lực của văn bản này)")
    for org_id in [doc.issuer_id] + [r.organisation_id for r in doc.recipients]:
        status = hb.timeline.status(org_id) if org_id and hb.timeline else None
        if org_id and status:
            out.append(f"Thay đổi từ năm 2025 — {hb.organisations[org_id].name}: {status.text}"
                       + (" (suy luận)" if status.inferred else ""))
    return out


# ---- model documents and targets ----------------------------------------------------------------


@dataclass
class TargetRow:
    """A target as a row: year, value (with its comparator), what is counted, its source."""

    year: str
    value: str
    counted: str
    source: Inline
    scope: str | None = None
    note: str | None = None


def target_rows(hb: Handbook, targets: Iterable[ModelTarget]) -> list[TargetRow]:
    """A model's targets by year (the site's table and the handout's alike)."""
    rows = []
    for t in sorted(targets, key=lambda t: t.year):
        value = " ".join(p for p in (t.display_value, t.comparator or "") if p)
        rows.append(TargetRow(str(t.year), value, t.counted, source_ref(hb, t.source), t.scope, t.note))
    return rows
