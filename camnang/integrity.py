"""Checks across records: ids, references, clause ids, cycles, text hygiene.

Each check is linear in the size of the data: ids and clauses are looked up in
dicts built once, never by scanning all records.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Generic, TypeVar

from .diagnostics import Diagnostic, Severity
from .model import BASIS_KINDS, CriteriaGroup, Criterion, Document, Handbook, LearningModel, Organisation, SourceRef
from .yamlio import Path_, YamlFile

_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
# Markdown attribute lists: `{: …}`, `{#id …}`, `{.class …}` (attr_list would turn them into attributes).
_ATTR_LIST = re.compile(r"\{\s*[:#.][^{}]*\}")
# Anchors of the sections a record page always has (`## Nguồn {#nguon}` …, render/document.py,
# render/models.py, render/changes.py); a clause or criteria group with the same id would give
# the page two elements with one id, and links to the section would land on the clause.
DOCUMENT_ANCHORS = frozenset({"can-cu", "dan-chieu", "trien-khai", "ghi-chu", "toan-van", "nhiem-vu",
                              "chi-tieu", "nguon", "thay-doi", "mo-hinh", "nhiem-vu-thuc-hien", "chuyen-de"})
MODEL_ANCHORS = frozenset({"la-gi", "van-ban", "chi-tieu", "tieu-chi", "nhiem-vu", "ghi-chu", "nguon",
                           "mo-hinh", "thay-doi"})


_Record = TypeVar("_Record")


class KnownIds(dict[str, _Record], Generic[_Record]):
    """Records that exist, plus ids of files that failed to load (so they cause no follow-on errors)."""

    def __init__(self, records: dict[str, _Record], broken: Set[str]):
        super().__init__(records)
        self.broken = broken

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.broken


@dataclass
class _Ids:
    documents: KnownIds[Document]
    organisations: KnownIds[Organisation]


def check(handbook: Handbook, files: dict[str, YamlFile], broken: Set[str] = frozenset()) -> list[Diagnostic]:
    """All cross-record errors; `broken` holds "kind/id" of files that already failed to load."""
    ids = _Ids(KnownIds(handbook.documents, {b.split("/", 1)[1] for b in broken if b.startswith("van-ban/")}),
               KnownIds(handbook.organisations, {b.split("/", 1)[1] for b in broken if b.startswith("co-quan/")}))
    out: list[Diagnostic] = []
    out += _ids(files)
    out += _reserved_ids(handbook, files)
    for doc_id, doc in handbook.documents.items():
        src = files[f"van-ban/{doc_id}"]
        out += _clause_ids(doc, src)
        out += _document_refs(ids, doc, src)
        out += _tasks(ids, doc, src)
    for org_id, org in handbook.organisations.items():
        if org.parent_id:
            out += check_ref(files[f"co-quan/{org_id}"], ("truc_thuoc",), org.parent_id, ids.organisations, "cơ quan")
    out += _org_chains(handbook, files)
    out += _models(ids, handbook, files, broken)
    out += _cycles(handbook, files)
    for source in files.values():
        out += _html_in_text(source)
    return out


def _ids(files: dict[str, YamlFile]) -> list[Diagnostic]:
    out = []
    seen: dict[tuple[str, str], str] = {}
    for key, source in files.items():
        kind, stem = key.split("/", 1)
        record_id = source.data["id"]
        if record_id != stem:
            out.append(source.diag(("id",), f"Mã `{record_id}` khác tên tệp `{PurePath(source.rel).name}`",
                                   f"đổi `id` thành `{stem}` hoặc đổi tên tệp thành `{record_id}.yml`"))
        first = seen.setdefault((kind, record_id), source.rel)
        if first != source.rel:
            out.append(source.diag(("id",), f"Mã `{record_id}` trùng với bản ghi trong {first}",
                                   "mỗi bản ghi cần một mã riêng, trùng với tên tệp"))
    return out


def _reserved_ids(hb: Handbook, files: dict[str, YamlFile]) -> list[Diagnostic]:
    """A record's page may not be a page the site generates, nor share its address (case aside)
    with another record's; a topic's PDF may not be a volume of the handbook."""
    from .pdf import HANDBOOK_PDF  # imported here: the site modules import the renderers
    from .schema import load_schema
    from .site import reserved_pages

    reserved = reserved_pages(load_schema("van-ban")["properties"]["loai"]["enum"])
    out: list[Diagnostic] = []
    seen: dict[str, str] = {}  # page address, case folded → file
    for kind, records in (("van-ban", hb.documents), ("co-quan", hb.organisations),
                          ("mo-hinh", hb.models), ("chuyen-de", hb.topics)):
        for record_id, record in records.items():
            src = files.get(f"{kind}/{record_id}")
            if src is None:
                continue
            page = record.url.removesuffix(".md") + ".html"
            if record.url in reserved:
                what = f" ({reserved[record.url]})" if reserved[record.url] else ""
                out.append(src.diag(("id",), f"Mã `{record_id}` trùng với trang `{page}` mà cẩm nang tự tạo{what}",
                                    f"đổi mã và tên tệp, ví dụ `{record_id}-1`"))
            elif (first := seen.setdefault(record.url.casefold(), src.rel)) != src.rel:
                out.append(src.diag(("id",), f"Mã `{record_id}` cho cùng địa chỉ trang `{page}` với bản ghi trong "
                                    f"{first} (không phân biệt chữ hoa, chữ thường)", "đổi mã và tên tệp của một bản ghi"))
    handbook_stem = HANDBOOK_PDF.removesuffix(".pdf")
    for topic_id, topic in hb.topics.items():
        # Every PDF of the handbook is named cam-nang…: its volumes (cam-nang-tap-N) and, at national
        # scale, a province's volumes (cam-nang-<province id>[-tap-N]), whatever provinces the data adds.
        if topic_id == handbook_stem or topic_id.startswith(handbook_stem + "-"):
            out.append(files[f"chuyen-de/{topic_id}"].diag(
                ("id",), f"Mã chuyên đề `{topic_id}` trùng với tên tệp PDF của cẩm nang (`pdf/{topic.pdf_name}`)",
                f"mọi tệp PDF của cẩm nang (các tập, tập của từng tỉnh) có tên bắt đầu bằng `{handbook_stem}`; "
                f"đổi mã và tên tệp, ví dụ `chuyen-de-{topic_id}`"))
    return out


def _clause_ids(doc: Document, src: YamlFile) -> list[Diagnostic]:
    out = []
    seen: set[str] = set()
    for path, clause_id in _clause_paths(src.data.get("noi_dung", []), ("noi_dung",)):
        if clause_id in seen:
            out.append(src.diag(path + ("id",), f"Mã mục `{clause_id}` đã dùng cho một mục khác trong văn bản này",
                                "mỗi mục cần mã riêng vì mã là neo liên kết (#mã)"))
        elif clause_id in DOCUMENT_ANCHORS:
            out.append(_anchor_taken(src, path + ("id",), "mục", clause_id))
        seen.add(clause_id)
    return out


def _anchor_taken(src: YamlFile, path: Path_, what: str, value: str) -> Diagnostic:
    return src.diag(path, f"Mã {what} `{value}` trùng với neo `#{value}` của một phần mà trang tự tạo",
                    f"đặt mã khác, ví dụ `{value}-1`")


def _clause_paths(clauses: list[dict[str, Any]], path: Path_) -> Iterator[tuple[Path_, str]]:
    # `clauses`: the schema-validated YAML of noi_dung (each has an id, maybe a muc list)
    for i, clause in enumerate(clauses):
        yield path + (i,), clause["id"]
        yield from _clause_paths(clause.get("muc", []), path + (i, "muc"))


def _document_refs(hb: _Ids, doc: Document, src: YamlFile) -> list[Diagnostic]:
    out = []
    if doc.issuer_id:
        out += check_ref(src, ("co_quan_ban_hanh",), doc.issuer_id, hb.organisations, "cơ quan")
    for i, rel in enumerate(doc.relations):
        out += check_ref(src, ("quan_he", i, "van_ban"), rel.target_id, hb.documents, "văn bản")
        if rel.target_id == doc.id:
            out.append(src.diag(("quan_he", i, "van_ban"), "Văn bản không thể dẫn chính nó", "xóa quan hệ này"))
        for j, clause_id in enumerate(rel.clause_ids):
            out += check_ref(src, ("quan_he", i, "muc", j), clause_id, doc.clause_index, "mục của văn bản này")
    for i, rec in enumerate(doc.recipients):
        if rec.organisation_id:
            out += check_ref(src, ("noi_nhan", i, "co_quan"), rec.organisation_id, hb.organisations, "cơ quan")
    for i, note in enumerate(doc.notes):
        for j, clause_id in enumerate(note.clause_ids):
            out += check_ref(src, ("ghi_chu", i, "muc", j), clause_id, doc.clause_index, "mục của văn bản này")
    return out


def _tasks(hb: _Ids, doc: Document, src: YamlFile) -> list[Diagnostic]:
    out = []
    seen: set[str] = set()
    for i, task in enumerate(doc.tasks):
        base = ("nhiem_vu", i)
        if task.id in seen:
            out.append(src.diag(base + ("id",), f"Mã nhiệm vụ `{task.id}` bị trùng", "đặt mã khác cho nhiệm vụ này"))
        seen.add(task.id)
        out += check_ref(src, base + ("muc",), task.clause_id, doc.clause_index, "mục của văn bản này")
        for field_name, ids in (("chu_tri", task.leads), ("phoi_hop", task.partners)):
            for j, org_id in enumerate(ids):
                out += check_ref(src, base + (field_name, j), org_id, hb.organisations, "cơ quan")
        for j, link in enumerate(task.implements):
            found = check_ref(src, base + ("thuc_hien", j, "van_ban"), link.document_id, hb.documents, "văn bản")
            out += found
            target = hb.documents.get(link.document_id)
            if not found and link.clause_id and target is not None:
                out += check_ref(src, base + ("thuc_hien", j, "muc"), link.clause_id, target.clause_index,
                            f"mục của {target.short_name}")
    return out


def check_ref(src: YamlFile, path: Path_, ref_id: str, known: Mapping[str, object], what: str) -> list[Diagnostic]:
    if ref_id in known:
        return []
    guesses = difflib.get_close_matches(ref_id, list(known.keys()), n=3, cutoff=0.6)
    hint = ("có phải ý bạn là " + ", ".join(f"`{g}`" for g in guesses) + "?") if guesses else \
        f"tạo bản ghi `{ref_id}` trước, hoặc kiểm tra chính tả của mã"
    return [src.diag(path, f"Không tìm thấy {what} có mã `{ref_id}`", hint)]


MAX_ORG_LEVELS = 32  # bodies above a body (truc_thuoc); real chains have at most 5
_ON_CHAIN, _IN_LOOP = -2, -3  # marks in place of a level


def _org_chains(hb: Handbook, files: dict[str, YamlFile]) -> list[Diagnostic]:
    """A truc_thuoc chain may not loop back, nor run deeper than MAX_ORG_LEVELS (pages and the
    status shown beside a name walk up it)."""
    loops, deep = _parent_chains({i: o.parent_id for i, o in hb.organisations.items()}, MAX_ORG_LEVELS)
    return ([files[f"co-quan/{loop[-2]}"].diag(("truc_thuoc",), "Vòng lặp trực thuộc: " + " → ".join(loop),
                                               "một cơ quan không thể (gián tiếp) trực thuộc chính nó; sửa `truc_thuoc`")
             for loop in loops]
            + [files[f"co-quan/{org_id}"].diag(("truc_thuoc",), f"Cơ quan nằm dưới hơn {MAX_ORG_LEVELS} cấp trực thuộc",
                                               "`truc_thuoc` ghi cơ quan cấp trên trực tiếp; kiểm tra lại chuỗi cơ quan cấp trên")
               for org_id in deep])


def _parent_chains(parent_of: dict[str, str | None], max_levels: int) -> tuple[list[list[str]], list[str]]:
    """Loops of a parent relation (each as [a, b, …, a]) and the records exactly one level past
    max_levels below a top record. Each record is walked once: linear time."""
    levels: dict[str, int] = {}  # record → number of records above it
    loops: list[list[str]] = []
    deep: list[str] = []
    for start in sorted(parent_of):
        chain: list[str] = []
        record: str | None = start
        while record is not None and record in parent_of and record not in levels:
            levels[record] = _ON_CHAIN
            chain.append(record)
            record = parent_of[record]
        # -1: the chain ends at a top record (parent None, or not a record)
        top = levels[record] if record is not None and record in parent_of else -1
        if top == _ON_CHAIN and record is not None:  # the walk came back to a record of this chain
            loops.append(chain[chain.index(record):] + [record])
        for level, record in enumerate(reversed(chain), top + 1):
            levels[record] = level if top >= -1 else _IN_LOOP
            if level == max_levels + 1 and top >= -1:
                deep.append(record)
    return loops, deep


def _cycles(hb: Handbook, files: dict[str, YamlFile]) -> list[Diagnostic]:
    """Report each cycle of thực hiện/căn cứ once (iterative DFS, linear time)."""
    graph: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for doc in hb.documents.values():
        for i, rel in enumerate(doc.relations):
            if rel.kind in BASIS_KINDS and rel.target_id in hb.documents:
                graph[doc.id].append((i, rel.target_id))
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    out = []
    for start in sorted(hb.documents):
        if start in state:
            continue
        stack = [(start, iter(graph[start]))]
        trail = [start]
        state[start] = 1
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                state[node] = 2
                stack.pop()
                trail.pop()
                continue
            index, target = step
            if state.get(target) == 1:
                loop = trail[trail.index(target):] + [target]
                out.append(files[f"van-ban/{node}"].diag(
                    ("quan_he", index, "van_ban"),
                    "Vòng lặp căn cứ/thực hiện: " + " → ".join(loop),
                    "một văn bản không thể (gián tiếp) căn cứ vào chính nó; bỏ hoặc đổi một quan hệ thành dan_chieu"))
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(graph[target])))
                trail.append(target)
    return out


def _html_in_text(source: YamlFile) -> list[Diagnostic]:
    """Warn about markup in text: it never runs (every renderer escapes it), but it is a mistake
    or an attempt, and a reader would see the raw characters."""
    if source.text is not None and "<" not in source.text and "{" not in source.text:
        return []  # no tag or attribute list can hide in a file without "<" or "{"
    out = []
    for path, value in _strings(source.data, ()):
        # A tag ends at a ">": searching only up to the last one keeps the scan linear (each "<"
        # with no ">" after it would otherwise rescan the rest of the value).
        if tag := _HTML.search(value, 0, value.rfind(">") + 1):
            out.append(source.diag(path, f"Văn bản chứa thẻ HTML `{_excerpt(tag.group())}`; thẻ không được chạy: "
                                         "trang web, tiêu đề trang, chỉ mục tìm kiếm và bản PDF hiện nguyên các ký tự",
                                   "xóa thẻ HTML; dữ liệu chỉ chứa chữ thuần", severity=Severity.WARNING))
        elif attrs := _ATTR_LIST.search(value):
            out.append(source.diag(path, f"Văn bản chứa cú pháp thuộc tính Markdown `{_excerpt(attrs.group())}`; "
                                         "cú pháp không có tác dụng, trang hiện nguyên các ký tự",
                                   "xóa phần `{…}`; dữ liệu chỉ chứa chữ thuần", severity=Severity.WARNING))
    return out


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split()).replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _strings(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, path + (i,))


# --- Learning models (mô hình học tập) ---------------------------------------------------

def _models(ids: _Ids, hb: Handbook, files: dict[str, YamlFile], broken: Set[str]) -> list[Diagnostic]:
    known = KnownIds(hb.models, {b.split("/", 1)[1] for b in broken if b.startswith("mo-hinh/")})
    out: list[Diagnostic] = []
    for model_id, model in hb.models.items():
        src = files[f"mo-hinh/{model_id}"]
        out += _model_links(ids, known, model, src)
        for i, group in enumerate(model.groups):
            out += _group(ids, group, src, ("nhom_tieu_chi", i))
        out += _unique(src, [("nhom_tieu_chi", i, "id") for i in range(len(model.groups))],
                       [g.id for g in model.groups], "nhóm tiêu chí")
        out += [_anchor_taken(src, ("nhom_tieu_chi", i, "id"), "nhóm tiêu chí", g.id)
                for i, g in enumerate(model.groups) if g.id in MODEL_ANCHORS]
    loops, _ = _parent_chains({i: m.parent_id for i, m in hb.models.items()}, len(hb.models))
    out += [files[f"mo-hinh/{loop[-2]}"].diag(("thuoc",), "Vòng lặp mô hình chung: " + " → ".join(loop),
                                              "một mô hình không thể (gián tiếp) thuộc chính nó; sửa `thuoc`")
            for loop in loops if len(loop) > 2]  # a model under itself has its own message
    return out


def _model_links(ids: _Ids, known: KnownIds[LearningModel], model: LearningModel, src: YamlFile) -> list[Diagnostic]:
    out = []
    if model.parent_id:
        out += check_ref(src, ("thuoc",), model.parent_id, known, "mô hình")
        if model.parent_id == model.id:
            out.append(src.diag(("thuoc",), "Mô hình không thể thuộc chính nó", "xóa `thuoc` hoặc ghi mã mô hình chung"))
    for i, link in enumerate(model.documents):
        found = check_ref(src, ("van_ban", i, "van_ban"), link.document_id, ids.documents, "văn bản")
        out += found
        target = ids.documents.get(link.document_id)
        if not found and target is not None:
            for j, clause_id in enumerate(link.clause_ids):
                out += check_ref(src, ("van_ban", i, "muc", j), clause_id, target.clause_index, f"mục của {target.short_name}")
    for i, model_target in enumerate(model.targets):
        out += _source_ref(ids, src, ("chi_tieu", i, "nguon"), model_target.source)
    for i, task in enumerate(model.tasks):
        found = check_ref(src, ("nhiem_vu", i, "van_ban"), task.document_id, ids.documents, "văn bản")
        out += found
        plan = ids.documents.get(task.document_id)
        if not found and plan is not None:
            out += check_ref(src, ("nhiem_vu", i, "nhiem_vu"), task.task_id, plan.task_index,
                        f"nhiệm vụ của {plan.short_name}")
    return out


def _source_ref(ids: _Ids, src: YamlFile, path: Path_, ref: SourceRef) -> list[Diagnostic]:
    found = check_ref(src, path + ("van_ban",), ref.document_id, ids.documents, "văn bản")
    doc = ids.documents.get(ref.document_id)
    if found or doc is None or not ref.clause_id:
        return found
    return check_ref(src, path + ("muc",), ref.clause_id, doc.clause_index, f"mục của {doc.short_name}")


def _group(ids: _Ids, group: CriteriaGroup, src: YamlFile, base: Path_) -> list[Diagnostic]:
    out = []
    item_paths: list[Path_] = []
    item_ids: list[str] = []
    for i, criterion in enumerate(group.criteria):
        cpath = base + ("tieu_chi", i)
        for j, item in enumerate(criterion.items):
            item_paths.append(cpath + ("noi_dung", j, "id"))
            item_ids.append(item.id)
            for k, ref in enumerate(item.sources):
                out += _source_ref(ids, src, cpath + ("noi_dung", j, "nguon", k), ref)
        out += _criterion_points(criterion, src, cpath)
    out += _unique(src, [base + ("tieu_chi", i, "id") for i in range(len(group.criteria))],
                   [c.id for c in group.criteria], "tiêu chí")
    out += _unique(src, item_paths, item_ids, "nội dung đánh giá")
    return out + _group_points(group, src, base)


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _criterion_points(criterion: Criterion, src: YamlFile, path: Path_) -> list[Diagnostic]:
    scored = [item.points for item in criterion.items if item.points is not None]
    total = sum(scored)
    if criterion.max_points is None:
        return []
    if total > criterion.max_points:
        return [src.diag(path + ("diem_toi_da",),
                         f"Tổng điểm các nội dung ({_points(total)}) vượt điểm tối đa của tiêu chí "
                         f"({_points(criterion.max_points)})", "kiểm tra lại điểm từng nội dung theo văn bản gốc")]
    if criterion.complete and total != criterion.max_points:
        return [src.diag(path + ("diem_toi_da",),
                         f"Tiêu chí ghi là đủ nội dung (day_du: true) nhưng tổng điểm các nội dung "
                         f"({_points(total)}) khác điểm tối đa ({_points(criterion.max_points)})",
                         "bổ sung nội dung còn thiếu, hoặc ghi `day_du: false` kèm `con_thieu`")]
    return []


def _group_points(group: CriteriaGroup, src: YamlFile, path: Path_) -> list[Diagnostic]:
    out = []
    if group.max_points is not None:
        stated = sum(c.max_points for c in group.criteria if c.max_points is not None)
        if stated > group.max_points:
            out.append(src.diag(path + ("diem_toi_da",),
                                f"Tổng điểm tối đa các tiêu chí ({_points(stated)}) vượt tổng điểm của nhóm "
                                f"({_points(group.max_points)})", "kiểm tra lại điểm theo văn bản gốc"))
        if group.threshold is not None and group.threshold > group.max_points:
            out.append(src.diag(path + ("diem_cong_nhan",), "Ngưỡng công nhận lớn hơn tổng điểm tối đa",
                                "kiểm tra lại ngưỡng công nhận theo văn bản gốc"))
    return out


def _unique(src: YamlFile, paths: list[Path_], values: list[str], what: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for path, value in zip(paths, values, strict=True):
        if value in seen:
            out.append(src.diag(path, f"Mã {what} `{value}` bị trùng",
                                "mỗi mã cần riêng vì trình duyệt lưu dấu tích theo mã này"))
        seen.add(value)
    return out
