"""The handbook's domain objects (see the glossary in ARCHITECTURE.md).

Objects are built only by `loader`; renderers read them and never see YAML.
Relations are stored once, on the citing document; `Handbook` indexes the
reverse direction once per build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, overload

from . import addresses
from .vntext import number

if TYPE_CHECKING:
    from .timeline import Timeline


class RelationKind(NamedTuple):
    """One kind of `quan_he`: how the citing page names it, how the cited page names it back,
    and whether it is a basis ("is based on / carries out": the hierarchy, which must not form
    a cycle) or a plain citation."""

    key: str
    outgoing: str  # on the citing document: "Căn cứ: <cited>"
    incoming: str  # on the cited document: "<citing> căn cứ văn bản này"
    basis: bool


# The one table of relation kinds, in the order pages list them.
RELATION_KINDS: dict[str, RelationKind] = {k.key: k for k in (
    RelationKind("thuc_hien", "Thực hiện", "thực hiện", True),
    RelationKind("can_cu", "Căn cứ", "căn cứ", True),
    RelationKind("dan_chieu", "Dẫn chiếu", "dẫn chiếu", False),
)}
BASIS_KINDS = tuple(k for k, kind in RELATION_KINDS.items() if kind.basis)

VERIFICATION_LABELS = {
    "toan_van": "Có toàn văn gốc trong cẩm nang",
    "da_doi_chieu": "Siêu dữ liệu đã đối chiếu nguồn công khai",
    "theo_trich_dan": "Chỉ biết qua lời dẫn của văn bản khác; chưa đối chiếu",
    "can_xac_minh": "Có điểm cần xác minh",
    "nguon_thu_cap": "Siêu dữ liệu theo trang tin (nguồn thứ cấp); chưa đối chiếu văn bản gốc",
}

NOTE_LABELS = {
    "sai_chinh_ta": "Lỗi đánh máy trong bản gốc (giữ nguyên văn)",
    "khac_biet": "Các nguồn khác nhau",
    "suy_luan": "Suy luận của người biên tập",
    "bien_tap": "Ghi chú biên tập",
    "chua_xac_minh": "Cần xác minh",
}

PERIOD_LABELS = {
    "quy-1": "Quý I",
    "quy-2": "Quý II",
    "quy-3": "Quý III",
    "quy-4": "Quý IV",
    "6-thang": "6 tháng",
    "hang-nam": "Hằng năm, cả năm",
    "thuong-xuyen": "Thường xuyên",
}


@dataclass
class Source:
    """Nguồn: a seed file or a public URL, optionally for named fields only."""

    file: str | None = None
    url: str | None = None
    fields: tuple[str, ...] = ()
    note: str | None = None
    secondary: bool = False  # thu_cap: a news page or other secondary source, not the document itself


@dataclass
class Comparison:
    source: str
    text: str


@dataclass
class Note:
    """Ghi chú: typo, discrepancy (with both sides), inference or editorial note."""

    kind: str
    text: str
    clause_ids: tuple[str, ...] = ()
    comparisons: tuple[Comparison, ...] = ()

    @property
    def label(self) -> str:
        return NOTE_LABELS[self.kind]


@dataclass
class Clause:
    """Mục/khoản/đoạn: one node of a document's text, with a stable anchor id."""

    id: str
    label: str | None = None  # "I.", "1.1." as printed
    heading: str | None = None
    text: str | None = None
    bullet: bool = False
    children: list[Clause] = field(default_factory=list)
    depth: int = 0
    number: str = ""  # dotted reference such as "II.2.1, gạch 3", set by the loader

    def walk(self) -> Iterator[Clause]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def title(self) -> str:
        """Short human reference, e.g. "mục II.2.1"."""
        return " ".join(p for p in (self.label, self.heading) if p) or self.id


@dataclass
class Target:
    """Chỉ tiêu: a quantified target as the source states it."""

    value: float
    unit: str
    counted: str
    comparator: str | None = None
    year: int | None = None
    note: str | None = None

    @property
    def display_value(self) -> str:
        number = format_number(self.value)
        sep = "" if self.unit == "%" else " "
        return f"{number}{sep}{self.unit}"

    @property
    def summary(self) -> str:
        """The target in one phrase: "80% trở lên Hội Khuyến học cơ sở …"."""
        return " ".join(p for p in (self.display_value, self.comparator or "", self.counted) if p)


@dataclass
class ClauseRef:
    document_id: str
    clause_id: str | None = None


@dataclass
class Task:
    """Nhiệm vụ: a plan's task; its wording is the text of `clause_id`."""

    id: str
    clause_id: str
    period: str | None = None
    leads: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    implements: tuple[ClauseRef, ...] = ()
    targets: tuple[Target, ...] = ()
    note: str | None = None

    @property
    def period_rank(self) -> tuple[int, str]:
        """Sort key in calendar order: quý I … IV, 6 tháng, hằng năm, thường xuyên, then dated, then none."""
        order = list(PERIOD_LABELS)
        rank = order.index(self.period) if self.period in PERIOD_LABELS else len(order) + 1
        return rank, self.period or "~"

    @property
    def period_label(self) -> str:
        if self.period is None:
            return "Không nêu kỳ"
        if self.period in PERIOD_LABELS:
            return PERIOD_LABELS[self.period]
        return f"Hạn {format_date(dt.date.fromisoformat(self.period))}"


@dataclass
class Relation:
    """Quan hệ, as stored on the citing document."""

    kind: str
    source_id: str
    target_id: str
    clause_ids: tuple[str, ...] = ()
    note: str | None = None

    @property
    def label(self) -> str:
        return RELATION_KINDS[self.kind].outgoing

    @property
    def is_basis(self) -> bool:
        return RELATION_KINDS[self.kind].basis


@dataclass
class Recipient:
    name: str
    purpose: str | None = None
    organisation_id: str | None = None


@dataclass
class Document:
    """Văn bản."""

    id: str
    file: str  # path of the YAML file, relative to the repository
    kind: str  # loai
    number: str | None  # so_ky_hieu
    date: dt.date | None  # ngay_ban_hanh
    place: str | None
    issuer_id: str | None
    short_name: str
    printed_title: str | None
    summary: str | None  # trich_yeu
    signer: str | None
    signer_title: str | None
    level: str  # cap
    period: str | None  # giai_doan
    verification: str
    sources: tuple[Source, ...] = ()
    relations: tuple[Relation, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    notes: tuple[Note, ...] = ()
    clauses: list[Clause] = field(default_factory=list)
    tasks: tuple[Task, ...] = ()
    clause_index: dict[str, Clause] = field(default_factory=dict, repr=False)
    task_index: dict[str, Task] = field(default_factory=dict, repr=False)

    def all_clauses(self) -> Iterator[Clause]:
        for clause in self.clauses:
            yield from clause.walk()

    @property
    def has_text(self) -> bool:
        return bool(self.clauses)

    @property
    def is_plan(self) -> bool:
        return bool(self.tasks)

    @property
    def url(self) -> str:
        return addresses.document(self.id)


@dataclass
class Organisation:
    """Cơ quan."""

    id: str
    file: str
    name: str
    abbreviation: str | None
    level: str
    parent_id: str | None
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def url(self) -> str:
        return addresses.organisation(self.id)


@dataclass
class Term:
    """Thuật ngữ or chữ viết tắt."""

    id: str
    file: str
    term: str
    kind: str
    explanation: str
    auto_abbr: bool = True
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()


MODEL_KIND_LABELS = {
    "ca_nhan": "Cá nhân (công dân)",
    "gia_dinh": "Gia đình",
    "dong_ho": "Dòng họ",
    "cong_dong": "Cộng đồng",
    "don_vi": "Đơn vị (cơ quan, trường học, doanh nghiệp, chi bộ …)",
}

MODEL_DOC_ROLES = {
    "tieu_chi": "Ban hành tiêu chí đánh giá, công nhận",
    "chuong_trinh": "Phê duyệt chương trình, đề án",
    "chi_tieu": "Đặt chỉ tiêu",
    "chi_dao": "Chỉ đạo, yêu cầu xây dựng mô hình",
    "danh_gia": "Quy định đánh giá, xếp loại",
}

GROUP_KIND_LABELS = {
    "bo_tieu_chi": "Bộ tiêu chí chính thức",
    "yeu_cau_van_ban": "Yêu cầu của các văn bản (không phải bộ tiêu chí chính thức)",
    "viec_chuan_bi": "Việc cần chuẩn bị",
}


@dataclass
class SourceRef:
    """Where a fact about a model comes from: a document, its clause (if the text is here), or a place in words."""

    document_id: str
    clause_id: str | None = None
    location: str | None = None  # vi_tri, e.g. "Điều 1, Mục I, Tiểu mục 2"


@dataclass
class ModelDocument:
    """A document that defines or governs a learning model, and its role."""

    document_id: str
    role: str
    clause_ids: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class ModelTarget:
    """Chỉ tiêu of a learning model, with its source."""

    value: float | None
    unit: str | None
    counted: str
    year: int
    source: SourceRef
    comparator: str | None = None
    description: str | None = None  # mo_ta: a target stated in words
    scope: str | None = None  # pham_vi
    note: str | None = None

    @property
    def display_value(self) -> str:
        if self.value is None:
            return self.description or ""
        number = format_number(self.value)
        sep = "" if self.unit in ("%", None) else " "
        return f"{number}{sep}{self.unit or ''}"


@dataclass
class CriterionItem:
    """Nội dung đánh giá: one box to tick, always with its source; points only where the source scores it."""

    id: str
    text: str
    sources: tuple[SourceRef, ...]
    points: float | None = None


@dataclass
class Criterion:
    """Tiêu chí: a named criterion with its items."""

    id: str
    name: str
    items: tuple[CriterionItem, ...]
    max_points: float | None = None
    complete: bool = False  # day_du: every item of the source is recorded
    missing: str | None = None  # con_thieu


@dataclass
class CriteriaGroup:
    """Nhóm tiêu chí: an official criteria set, what the documents ask, or a preparation list."""

    id: str
    name: str
    kind: str
    criteria: tuple[Criterion, ...]
    description: str | None = None
    max_points: float | None = None
    threshold: float | None = None  # diem_cong_nhan

    @property
    def kind_label(self) -> str:
        return GROUP_KIND_LABELS[self.kind]

    def items(self) -> Iterator[tuple[Criterion, CriterionItem]]:
        for criterion in self.criteria:
            for item in criterion.items:
                yield criterion, item


@dataclass
class TaskRef:
    document_id: str
    task_id: str


@dataclass
class LearningModel:
    """Mô hình học tập (or one level of it, e.g. a chi bộ as "Đơn vị học tập")."""

    id: str
    file: str
    name: str
    kind: str
    definition: str
    criteria_complete: bool  # tieu_chi_day_du
    parent_id: str | None = None
    level: str | None = None  # cap_do
    documents: tuple[ModelDocument, ...] = ()
    targets: tuple[ModelTarget, ...] = ()
    tasks: tuple[TaskRef, ...] = ()
    groups: tuple[CriteriaGroup, ...] = ()
    missing: str | None = None  # con_thieu
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def url(self) -> str:
        return addresses.model(self.id)

    @property
    def kind_label(self) -> str:
        return MODEL_KIND_LABELS[self.kind]

    def all_sources(self) -> Iterator[SourceRef]:
        for target in self.targets:
            yield target.source
        for group in self.groups:
            for _, item in group.items():
                yield from item.sources


@dataclass
class TopicQuote:
    """A clause a topic quotes: only the reference; the words stay in the document record."""

    document_id: str
    clause_id: str
    lead: str | None = None  # loi_dan: the editor's one-line reason


@dataclass
class ChecklistEntry:
    """One preparation step of a topic (việc cần chuẩn bị)."""

    id: str
    text: str


@dataclass
class Topic:
    """Chuyên đề: a chi bộ meeting topic composed by reference to documents, tasks and models."""

    id: str
    file: str
    order: int  # so_thu_tu
    title: str
    intro: str  # gioi_thieu, the editor's own words
    audience: str  # doi_tuong
    minutes: int | None  # thoi_luong
    questions: tuple[str, ...]
    preparation: tuple[ChecklistEntry, ...]
    goals: tuple[str, ...] = ()
    quotes: tuple[TopicQuote, ...] = ()
    tasks: tuple[TaskRef, ...] = ()
    model_ids: tuple[str, ...] = ()
    document_ids: tuple[str, ...] = ()  # van_ban: further reading
    sources: tuple[Source, ...] = ()

    @property
    def url(self) -> str:
        return addresses.topic(self.id)

    @property
    def pdf_name(self) -> str:
        return addresses.topic_pdf(self.id)


class PrintedIn(NamedTuple):
    """Where a document is printed: the handbook volume's PDF file, its number, and how many volumes."""

    file: str
    volume: int
    volumes: int


@dataclass
class Handbook:
    """Everything loaded, with the indexes that renderers need, built once."""

    documents: dict[str, Document]
    organisations: dict[str, Organisation]
    terms: dict[str, Term]
    incoming: dict[str, list[Relation]] = field(default_factory=dict)
    by_issuer: dict[str, list[Document]] = field(default_factory=dict)
    based_on: dict[str, list[str]] = field(default_factory=dict)  # the "căn cứ" graph: doc → its bases
    carried_out_by: dict[str, list[str]] = field(default_factory=dict)  # the same graph reversed
    org_children: dict[str, list[Organisation]] = field(default_factory=dict)
    tasks_implementing: dict[str, list[tuple[Document, Task, ClauseRef]]] = field(default_factory=dict)
    models: dict[str, LearningModel] = field(default_factory=dict)
    models_by_document: dict[str, list[LearningModel]] = field(default_factory=dict)
    models_by_task: dict[tuple[str, str], list[LearningModel]] = field(default_factory=dict)
    model_children: dict[str, list[LearningModel]] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    timeline: Timeline | None = None  # camnang.timeline: events, territorial units, validity
    _topic_index: tuple[dict[str, Topic], dict[str, list[Topic]]] | None = field(
        default=None, init=False, repr=False, compare=False)
    # Memoised values other modules derive from the data (e.g. export's volume of each document).
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Every index the pages and the PDFs read, built here once per load (one pass each)."""
        incoming: dict[str, list[Relation]] = defaultdict(list)
        by_issuer: dict[str, list[Document]] = defaultdict(list)
        based_on: dict[str, list[str]] = {}
        carried_out_by: dict[str, list[str]] = defaultdict(list)
        implementing: dict[str, list[tuple[Document, Task, ClauseRef]]] = defaultdict(list)
        for doc in self.documents.values():
            based_on[doc.id] = []
            for rel in doc.relations:
                incoming[rel.target_id].append(rel)
                if rel.is_basis:
                    based_on[doc.id].append(rel.target_id)
                    carried_out_by[rel.target_id].append(doc.id)
            if doc.issuer_id:
                by_issuer[doc.issuer_id].append(doc)
            for task in doc.tasks:
                for ref in task.implements:
                    implementing[ref.document_id].append((doc, task, ref))
        self.incoming = dict(incoming)
        self.by_issuer = dict(by_issuer)
        self.based_on = based_on
        self.carried_out_by = dict(carried_out_by)
        self.tasks_implementing = dict(implementing)
        children: dict[str, list[Organisation]] = defaultdict(list)
        for org in self.organisations.values():
            if org.parent_id:
                children[org.parent_id].append(org)
        self.org_children = dict(children)
        self._index_models()
        self._topic_index = None
        self.derived.clear()

    def _index_models(self) -> None:
        """Document → models, (plan, task) → models, parent → levels: built once per build."""
        by_document: dict[str, dict[str, LearningModel]] = defaultdict(dict)
        by_task: dict[tuple[str, str], list[LearningModel]] = defaultdict(list)
        children: dict[str, list[LearningModel]] = defaultdict(list)
        for model in self.models.values():
            doc_ids = [d.document_id for d in model.documents] + [t.document_id for t in model.tasks]
            doc_ids += [ref.document_id for ref in model.all_sources()]
            for doc_id in doc_ids:
                by_document[doc_id][model.id] = model
            for task in model.tasks:
                by_task[(task.document_id, task.task_id)].append(model)
            if model.parent_id:
                children[model.parent_id].append(model)
        self.models_by_document = {k: list(v.values()) for k, v in by_document.items()}
        self.models_by_task = dict(by_task)
        self.model_children = dict(children)

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def implementers(self, doc_id: str) -> list[Relation]:
        return self.incoming.get(doc_id, [])

    def topics_citing(self, doc_id: str) -> list[Topic]:
        """Topics that quote `doc_id`, list it to read, or take tasks from it (in topic order).

        Built on first use: the loader sets `topics` after the Handbook is made; rebuilt if
        `topics` is replaced."""
        index = self._topic_index
        if index is None or index[0] is not self.topics:
            referrers: dict[str, dict[str, Topic]] = defaultdict(dict)
            for topic in sorted(self.topics.values(), key=lambda t: (t.order, t.id)):
                cited = [q.document_id for q in topic.quotes] + list(topic.document_ids)
                for doc_id_ in cited + [r.document_id for r in topic.tasks]:
                    referrers[doc_id_][topic.id] = topic
            index = self._topic_index = (self.topics, {k: list(v.values()) for k, v in referrers.items()})
        return index[1].get(doc_id, [])


def format_number(value: float) -> str:
    """A number from the data the Vietnamese way: 2.5 → "2,5", 10.0 → "10", 1000000 → "1.000.000"."""
    return number(value)


@overload
def format_date(date: dt.date) -> str: ...
@overload
def format_date(date: dt.date | None) -> str | None: ...
def format_date(date: dt.date | None) -> str | None:
    """Vietnamese short date: 10/5/2019 (no leading zeros)."""
    if date is None:
        return None
    return f"{date.day}/{date.month}/{date.year}"


def format_date_long(date: dt.date | None) -> str | None:
    if date is None:
        return None
    return f"ngày {date.day} tháng {date.month} năm {date.year}"
