"""The handbook's domain objects (see the glossary in ARCHITECTURE.md).

Objects are built only by `loader`; renderers read them and never see YAML.
Relations are stored once, on the citing document; `Handbook` indexes the
reverse direction once per build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

RELATION_LABELS = {
    "thuc_hien": "Thực hiện",
    "can_cu": "Căn cứ",
    "dan_chieu": "Dẫn chiếu",
}
# Relation kinds that mean "is based on / carries out": these form the hierarchy
# (and must not form a cycle); "dan_chieu" is a plain citation.
BASIS_KINDS = ("thuc_hien", "can_cu")

VERIFICATION_LABELS = {
    "toan_van": "Có toàn văn gốc trong cẩm nang",
    "da_doi_chieu": "Siêu dữ liệu đã đối chiếu nguồn công khai",
    "theo_trich_dan": "Chỉ biết qua lời dẫn của văn bản khác; chưa đối chiếu",
    "can_xac_minh": "Có điểm cần xác minh",
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
        number = f"{self.value:g}".replace(".", ",")
        sep = "" if self.unit == "%" else " "
        return f"{number}{sep}{self.unit}"


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
    def period_label(self) -> str:
        if self.period is None:
            return "Không nêu kỳ"
        if self.period in PERIOD_LABELS:
            return PERIOD_LABELS[self.period]
        return "Hạn " + format_date(dt.date.fromisoformat(self.period))


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
        return RELATION_LABELS[self.kind]


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
        return f"van-ban/{self.id}.md"


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
        return f"co-quan/{self.id}.md"


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


@dataclass
class Handbook:
    """Everything loaded, with the indexes that renderers need, built once."""

    documents: dict[str, Document]
    organisations: dict[str, Organisation]
    terms: dict[str, Term]
    incoming: dict[str, list[Relation]] = field(default_factory=dict)
    by_issuer: dict[str, list[Document]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        incoming: dict[str, list[Relation]] = defaultdict(list)
        by_issuer: dict[str, list[Document]] = defaultdict(list)
        for doc in self.documents.values():
            for rel in doc.relations:
                incoming[rel.target_id].append(rel)
            if doc.issuer_id:
                by_issuer[doc.issuer_id].append(doc)
        self.incoming = dict(incoming)
        self.by_issuer = dict(by_issuer)

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def implementers(self, doc_id: str) -> list[Relation]:
        return self.incoming.get(doc_id, [])


def format_date(date: dt.date | None) -> str | None:
    """Vietnamese short date: 10/5/2019 (no leading zeros)."""
    if date is None:
        return None
    return f"{date.day}/{date.month}/{date.year}"


def format_date_long(date: dt.date | None) -> str | None:
    if date is None:
        return None
    return f"ngày {date.day} tháng {date.month} năm {date.year}"
