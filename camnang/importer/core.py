"""`camnang import FILE`: a Word file, pasted text or text PDF → a valid, cross-linked record in DIR.

read (readers) → parts (parse) → clause tree (clauses) → tasks (plan) → issuer and units
(orgs) → citations (links) → the registry: fill the existing record or write a new one
(merge) → every file in the `camnang fmt` layout, written only if the whole data still loads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..citations import Registry
from ..diagnostics import DataError, Diagnostic
from ..fmt import format_text
from ..loader import load_handbook
from ..model import Document, Handbook, format_date
from ..vntext import number
from ..yamlio import MAX_BYTES, MAX_TEXT, YamlFile
from . import clauses as cl
from .links import LinkResult, link
from .merge import find_existing, merge_into, new_document_id
from .orgs import Match, OrgIndex, home_of, level_of
from .parse import Parsed, issuer_hint_from_preamble, parse
from .plan import PLAN_KINDS, TaskResult, tasks, year_of_plan
from .readers import ReadError, Reading, read_document
from .text import Record, fold, is_caps, proper_case, slug


class ImportFailure(Exception):
    """One Vietnamese message: the file, what is wrong, what to do."""


@dataclass
class Outcome:
    doc_id: str
    files: list[tuple[Path, str, str]] = field(default_factory=list)  # (path, new text, "mới" | "cập nhật")
    report: list[str] = field(default_factory=list)


_ORG_HEADS = ("ban", "so", "hoi", "uy ban", "ubnd", "dang uy", "dang doan", "trung tam", "bao", "dai", "phong",
              "van phong", "truong", "tinh uy", "huyen uy", "thanh uy", "thi uy", "quan uy", "bo", "cuc", "vu",
              "mat tran", "lien doan", "doan", "chinh phu", "quoc hoi", "thu tuong", "chi bo", "dang bo", "hdnd",
              "hoi dong", "tong cuc", "trung uong", "thuong truc", "vien", "hoc vien", "cong doan", "ubmttq")
_DANGLING = re.compile(r"\b(CÁC CƠ QUAN|VÀ|CỦA|KHỐI|CÁC)$")
_CENTRAL = {"ban bi thu": "Ban Bí thư Trung ương Đảng", "bo chinh tri": "Bộ Chính trị",
            "ban chap hanh trung uong": "Ban Chấp hành Trung ương"}


def import_file(path: Path, data_dir: Path, doc_id: str | None = None, dry_run: bool = False) -> Outcome:
    try:
        return _import(path, data_dir, doc_id, dry_run)
    except (ImportFailure, KeyboardInterrupt):
        raise
    except Exception as error:  # a document we cannot handle must not end in a traceback
        raise ImportFailure("chương trình nhập không xử lý được tệp này (không ghi gì cả); dán nội dung vào tệp "
                            f".txt rồi thử lại, và báo lỗi kèm tệp cho nhóm phát triển ({type(error).__name__})") from error


def _import(path: Path, data_dir: Path, doc_id: str | None, dry_run: bool) -> Outcome:
    try:
        reading = read_document(path)
    except ReadError as error:
        raise ImportFailure(str(error)) from None
    _refuse_oversized_text(reading)
    parsed = parse(reading)
    paras, join_notes = cl.paragraphs(parsed.body)
    records = cl.to_records(cl.build_tree(paras, parsed.news))
    _refuse_long_paragraphs(paras)
    _refuse_non_document(parsed, paras, records)
    hb, files, warnings = _load(data_dir)
    ctx = _Context(path.name, reading, parsed, records, hb, join_notes)
    record = ctx.build()
    existing = find_existing(hb, record, path.name)
    if doc_id and not existing and doc_id in hb.documents:
        raise ImportFailure(f"mã `{doc_id}` đã là của văn bản khác ({hb.documents[doc_id].short_name}); chọn mã "
                            "khác cho --id, hoặc bỏ --id để dùng mã tự đặt")
    record_id = existing.id if existing else (doc_id or new_document_id(record, hb))
    if doc_id and existing and doc_id != existing.id:
        ctx.report_check.append(f"văn bản đã có trong cẩm nang với mã `{existing.id}`; bỏ qua --id {doc_id}")
    record["id"] = record_id
    links = ctx.link(record_id, existing)
    ctx.apply_links(record, links)
    outcome = Outcome(record_id)
    if existing:
        merged, changes = merge_into(files[f"van-ban/{existing.id}"].data, record, path.name,
                                     hb.documents[existing.id])
        _add(outcome, data_dir / "van-ban" / f"{record_id}.yml", "van-ban", merged, "cập nhật")
        ctx.merge_changes = changes
    else:
        _add(outcome, data_dir / "van-ban" / f"{record_id}.yml", "van-ban", record, "mới")
    for cited_id, cited in links.new_records.items():
        _add(outcome, data_dir / "van-ban" / f"{cited_id}.yml", "van-ban", cited, "mới")
    for org in ctx.new_orgs:
        _add(outcome, data_dir / "co-quan" / f"{org['id']}.yml", "co-quan", org, "mới")
    _refuse_oversized_records(outcome)
    outcome.report = ctx.report(record, links, outcome, existing is not None, dry_run)
    if not dry_run:
        _write_checked(outcome, data_dir, {w.format() for w in warnings})
    return outcome


def _refuse_oversized_text(reading: Reading) -> None:
    """What no record file can hold (yamlio's limits) is refused before the slow part, in words the editor
    can act on: a document longer than a record file, or one "paragraph" longer than a text may be."""
    total = 0
    for block in reading.blocks:
        for line in block.lines:
            total += len(line.encode("utf-8"))
            if len(line) > MAX_TEXT:
                raise ImportFailure(f"có một đoạn dài {number(len(line))} ký tự (bắt đầu “{line[:50]}”), quá giới hạn "
                                    f"{number(MAX_TEXT)} ký tự của một đoạn trong cẩm nang; không ghi gì cả. Văn bản thật không "
                                    "có đoạn dài như vậy: kiểm tra tệp (các dòng bị dính liền?), tách đoạn rồi nhập lại")
    if total > MAX_BYTES:
        raise ImportFailure(f"văn bản dài {number(total / 1024 / 1024, 1)} MB chữ, quá giới hạn {MAX_BYTES // 1024 // 1024} MB "
                            "của một bản ghi; không ghi gì cả. Tách văn bản (ví dụ từng phụ lục) thành nhiều tệp rồi "
                            "nhập từng tệp")


def _refuse_long_paragraphs(paras: list[str]) -> None:
    long = next((p for p in paras if len(p) > MAX_TEXT), None)
    if long:
        raise ImportFailure(f"sau khi nối các dòng, một đoạn dài {number(len(long))} ký tự (bắt đầu “{long[:50]}”), quá giới "
                            f"hạn {number(MAX_TEXT)} ký tự; không ghi gì cả. Kiểm tra tệp: để một dòng trống giữa các đoạn "
                            "rồi nhập lại")


def _refuse_oversized_records(outcome: Outcome) -> None:
    for path, text, _ in outcome.files:
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            raise ImportFailure(f"bản ghi {path.name} sẽ dài {number(size / 1024 / 1024, 1)} MB, quá giới hạn "
                                f"{MAX_BYTES // 1024 // 1024} MB của một tệp dữ liệu; không ghi gì cả. Tách văn bản "
                                "thành nhiều tệp rồi nhập từng tệp")


def _add(outcome: Outcome, path: Path, kind: str, record: Record, what: str) -> None:
    text = format_text(kind, record)
    if path.exists() and path.read_text("utf-8") == text:
        what = "không đổi"
    outcome.files.append((path, text, what))


def _refuse_non_document(parsed: Parsed, paras: list[str], records: list[Record]) -> None:
    words = sum(len(p.split()) for p in paras)
    text = " ".join(paras)
    letters = [c for c in text if c.isalpha()]
    vietnamese = sum(1 for c in letters if ord(c) > 127)  # letters with diacritics (and đ)
    structured = parsed.kind or parsed.header.number or parsed.signature.name
    if words < 25 or not letters or vietnamese / len(letters) < 0.08 or (not structured and len(paras) < 3):
        raise ImportFailure("nội dung không giống một văn bản tiếng Việt (quá ngắn, không có tên loại, số ký hiệu, "
                            "chữ ký hay các đoạn văn). Kiểm tra đúng tệp chưa; nếu đúng, dán toàn văn (cả phần đầu "
                            "và phần chữ ký) vào tệp .txt rồi nhập lại")


def _load(data_dir: Path) -> tuple[Handbook, dict[str, YamlFile], list[Diagnostic]]:
    if not data_dir.is_dir():
        raise ImportFailure(f"không tìm thấy thư mục dữ liệu {data_dir}; chạy lệnh ở thư mục gốc của kho, "
                            "hoặc chỉ rõ --data")
    try:
        result = load_handbook(data_dir)
    except DataError:
        raise ImportFailure(f"dữ liệu trong {data_dir} đang có lỗi nên chưa nhập thêm được; chạy "
                            f"`camnang check --data {data_dir}`, sửa lỗi rồi nhập lại") from None
    return result.handbook, result.files, result.warnings


def _write_checked(outcome: Outcome, data_dir: Path, warnings_before: set[str]) -> None:
    """Write every file, then load the whole data; on an error or a new warning (anywhere: a record
    elsewhere may cite the new one), or if writing fails half-way, put everything back as it was."""
    before: dict[Path, str | None] = {}
    try:
        for path, text, what in outcome.files:
            if what == "không đổi":
                continue
            before[path] = path.read_text("utf-8") if path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        result = load_handbook(data_dir)
        new_warnings = [w for w in result.warnings if w.format() not in warnings_before]
        if new_warnings:
            raise DataError(new_warnings)
    except BaseException as error:
        _restore(before)
        if isinstance(error, DataError):
            raise ImportFailure("bản ghi tạo ra chưa qua được kiểm tra nên không ghi gì cả (lỗi của chương trình "
                                "nhập, xin báo lại kèm tệp):\n" + error.report()) from None
        if isinstance(error, OSError):
            raise ImportFailure(f"không ghi được vào {data_dir} ({error.strerror}); không ghi gì cả. Kiểm tra quyền "
                                "ghi và chỗ trống trên đĩa") from None
        raise


def _restore(before: dict[Path, str | None]) -> None:
    for path, old in before.items():
        path.with_name(f".{path.name}.tmp").unlink(missing_ok=True)
        if old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(old, encoding="utf-8")


class _Context:
    """Everything known about one import, and the report it produces."""

    def __init__(self, file_name: str, reading: Reading, parsed: Parsed, records: list[Record], hb: Handbook,
                 join_notes: list[str]):
        self.file = file_name
        self.reading = reading
        self.parsed = parsed
        self.records = records
        self.hb = hb
        self.join_notes = join_notes
        self.orgs = OrgIndex(hb.organisations)
        self.evidence = re.sub(r"[^a-z0-9]+", " ", fold(" ".join(b.text for b in reading.blocks)))
        self.new_orgs: list[Record] = []
        self.notes: list[Record] = []
        self.report_check: list[str] = []
        self.report_found: list[str] = []
        self.task_result = TaskResult()
        self.merge_changes: list[str] = []
        self.home: str | None = None
        self.level = "Tỉnh"

    # --- the record -------------------------------------------------------------------------

    def build(self) -> Record:
        p = self.parsed
        h = p.header
        issuer_id, issuer_name = self._issuer()
        kind = p.kind
        if kind is None:
            kind = "Công văn"
            printed = (p.kind_word or "").capitalize() or "không rõ"
            self.notes.append({"loai": "chua_xac_minh",
                               "noi_dung": f"Loại văn bản ghi trên văn bản là “{printed}”, chưa có trong danh sách "
                                           "loại của cẩm nang; tạm ghi “Công văn”. Cần bổ sung loại này vào lược đồ "
                                           "hoặc chọn loại đúng."})
            self.report_check.append(f"loại văn bản “{printed}” chưa có trong danh sách loại; tạm ghi “Công văn”")
        period = _period(p.title, p.summary, kind)
        year = year_of_plan(p.title, p.summary) or (h.date.year if h.date and kind in PLAN_KINDS else None)
        record: Record = {
            "id": "tam",
            "loai": kind,
            "so_ky_hieu": h.number,
            "ngay_ban_hanh": h.date.isoformat() if h.date else None,
            "noi_ban_hanh": h.place,
            "co_quan_ban_hanh": issuer_id,
            "ten_ngan": self._short_name(kind, h.number, issuer_name, period),
            "tieu_de": p.title,
            "trich_yeu": p.summary,
            "nguoi_ky": p.signature.name,
            "chuc_vu": "\n".join(p.signature.authority) or None,
            "cap": "Báo chí" if kind == "Tin bài" else self.level,
            "giai_doan": period,
            "xac_minh": "toan_van",
            "nguon": [{"tep": self.file}],
            "quan_he": [],
            "noi_nhan": self._recipients(),
            "ghi_chu": [],
            "noi_dung": self.records,
        }
        if kind in PLAN_KINDS:
            self.task_result = tasks(self.records, self.orgs, self.evidence, self.home, year)
            record["nhiem_vu"] = self.task_result.tasks
        self._gap_notes(record)
        record["ghi_chu"] = self.notes
        return record

    def _issuer(self) -> tuple[str | None, str | None]:
        p = self.parsed
        lines = _issuer_lines(p.header.issuer_lines)
        authority = next((a for a in p.signature.authority if re.match(r"^(T/M|TM\.?|T\.M\.|THAY MẶT)\s", a)), None)
        acting = re.sub(r"^(T/M|TM\.?|T\.M\.|THAY MẶT)\s+", "", authority) if authority else None
        header_issuer = lines[-1] if lines else None
        parent = lines[-2] if len(lines) >= 2 else None
        how = "phần đầu văn bản"
        if header_issuer:
            name = proper_case(header_issuer)
            if acting and fold(acting) not in fold(header_issuer):
                central = _CENTRAL.get(fold(acting))
                if fold(header_issuer) == "ban chap hanh trung uong" and central:
                    name, parent = central, None
                else:
                    name, parent = f"{proper_case(acting)} {proper_case(header_issuer)}", header_issuer
                how = f"phần đầu văn bản và dòng ký “{authority}”"
            parent_name = proper_case(parent) if parent else None
            if parent_name and not home_of(name) and home_of(parent_name):
                # "UBND TỈNH THÁI BÌNH / SỞ GIÁO DỤC VÀ ĐÀO TẠO": the Sở of that province
                place = parent_name[len(parent_name) - len(_place_words(parent_name)):]
                name = f"{name} {place}"
            match = self.orgs.resolve(name, self.evidence)
            if match:
                self._note_inferred(match, name, how)
                return self._settle(match)
            parent_id = None
            if parent_name:
                parent_match = self.orgs.resolve(parent_name, self.evidence)
                parent_id = parent_match.org_id if parent_match else self._new_org(parent_name, None, how)
            return self._new_org(name, parent_id, how), name
        # No header (a text that starts at the kind line): the preamble and the signature say who issues.
        mo_dau = next((r.get("van_ban", "") for r in self.records if r["id"] == "mo-dau"), "")
        hint = issuer_hint_from_preamble(mo_dau)
        if hint is None and acting:
            hint = proper_case(acting)
        if hint is None:
            if not self.parsed.news:
                self.notes.append({"loai": "chua_xac_minh",
                                   "noi_dung": "Văn bản không có phần đầu ghi cơ quan ban hành; chưa xác định được "
                                               "cơ quan ban hành."})
                self.report_check.append("không xác định được cơ quan ban hành: điền `co_quan_ban_hanh`")
            return None, None
        match = self.orgs.resolve(hint, self.evidence)
        if match:
            self._note_inferred(match, hint, "đoạn mở đầu" + (f" và dòng ký “{authority}”" if authority else ""))
            return self._settle(match)
        self.notes.append({"loai": "chua_xac_minh",
                           "noi_dung": f"Văn bản không có phần đầu ghi cơ quan ban hành; đoạn mở đầu ghi “{hint}”, "
                                       "chưa đủ để xác định cơ quan."})
        self.report_check.append(f"cơ quan ban hành chỉ biết là “{hint}”: điền `co_quan_ban_hanh`")
        self.level = level_of(hint)
        return None, hint

    def _settle(self, match: Match) -> tuple[str, str]:
        org = self.hb.organisations.get(match.org_id)
        self.level = org.level if org else level_of(match.name)
        self.home = home_of(match.name)
        self.report_found.append(f"cơ quan ban hành: {match.name} (`{match.org_id}`)")
        return match.org_id, match.name

    def _note_inferred(self, match: Match, written: str, how: str) -> None:
        if not match.inferred_from:
            return
        place = " ".join(w for w in match.name.split()[-len(match.inferred_from.split()):])
        self.notes.append({"loai": "suy_luan",
                           "noi_dung": f"Văn bản ghi cơ quan ban hành là “{written}” ({how}); trong văn bản có nhắc "
                                       f"“{place}”, nên cơ quan ban hành được ghi là {match.name}."})
        self.report_check.append(f"cơ quan ban hành suy ra là {match.name} (văn bản chỉ ghi “{written}”)")

    def _new_org(self, name: str, parent_id: str | None, how: str) -> str:
        # "UBND TỈNH X" on the header: the record carries the full name (and the id the full name gives),
        # so a later document that prints it in full finds the same body.
        name = re.sub(r"\bHĐND\b", "Hội đồng nhân dân", re.sub(r"\bUBND\b", "Ủy ban nhân dân", name))
        org_id = slug(name)
        if org_id in self.hb.organisations or any(o["id"] == org_id for o in self.new_orgs):
            return org_id
        self.new_orgs.append({
            "id": org_id, "ten": name, "ten_viet_tat": None, "cap": level_of(name), "truc_thuoc": parent_id,
            "nguon": [{"tep": self.file}],
            "ghi_chu": [{"loai": "bien_tap",
                         "noi_dung": f"Bản ghi tạo tự động khi nhập tệp {self.file} ({how}); tên in hoa trên văn bản "
                                     "đã được chuyển sang chữ thường: soát lại cách viết hoa và cấp."}],
        })
        self.orgs.add(org_id, name)
        self.level = level_of(name)
        self.home = home_of(name)
        self.report_check.append(f"tạo bản ghi cơ quan mới `{org_id}` ({name}): soát tên và cấp")
        return org_id

    def _short_name(self, kind: str, number: str | None, issuer: str | None, period: str | None) -> str:
        if kind == "Tin bài":
            return f"Tin bài: {self.parsed.title}" if self.parsed.title else "Tin bài"
        if number:
            return f"{kind} {number}"
        self.report_check.append("văn bản không có số ký hiệu; `ten_ngan` được đặt tự động, sửa cho gọn")
        name = kind
        title = self.parsed.title or ""
        if title and title.upper() != kind.upper() and is_caps(title):
            name = title[:1] + title[1:].lower()
        if issuer:
            name += f" của {issuer}"
        if period and period not in name:
            name += f" {'năm' if len(period) == 4 else 'giai đoạn'} {period}"
        return name

    def _recipients(self) -> list[Record]:
        out = []
        for r in self.parsed.recipients:
            item: Record = {"ten": r.name}
            if r.purpose:
                item["muc_dich"] = r.purpose
            match = self.orgs.resolve(r.name, self.evidence, self.home)
            if match:
                item["co_quan"] = match.org_id
            out.append(item)
        return out

    def _gap_notes(self, record: Record) -> None:
        if record["loai"] == "Tin bài":
            return
        missing = [label for key, label in (("so_ky_hieu", "số ký hiệu"), ("ngay_ban_hanh", "ngày ban hành"))
                   if record[key] is None]
        if missing:
            self.notes.append({"loai": "bien_tap",
                               "noi_dung": f"Văn bản không ghi {' và '.join(missing)}; để trống (ghi nhận khi nhập "
                                           f"tệp {self.file})."})
            self.report_check.append(f"văn bản không ghi {' và '.join(missing)}")
        if not self.parsed.signature.name:
            self.report_check.append("không thấy khối chữ ký (người ký, chức vụ)")

    # --- citations ---------------------------------------------------------------------------

    def link(self, own_id: str, existing: Document | None) -> LinkResult:
        registry = Registry.from_handbook(self.hb)
        texts: list[tuple[str | None, str]] = []
        if self.parsed.summary:
            texts.append((None, self.parsed.summary))
        for clause, _ in cl.walk(self.records):
            for key in ("tieu_de", "van_ban"):
                if clause.get(key):
                    texts.append((clause["id"], clause[key]))
        existing_notes = self.hb.documents[existing.id].notes if existing else ()
        return link(own_id, texts, self.hb, registry, self.orgs, self.evidence, self.file, self.level, existing_notes,
                    news=self.parsed.news, own_number=self.parsed.header.number)

    def apply_links(self, record: Record, links: LinkResult) -> None:
        record["quan_he"] = links.relations
        record["ghi_chu"] = record["ghi_chu"] + links.notes
        by_id = {clause["id"]: clause for clause, _ in cl.walk(self.records)}
        for task in record.get("nhiem_vu", []):
            cited: list[str] = []
            for clause, _ in cl.walk([by_id[task["muc"]]] if task["muc"] in by_id else []):
                cited += [t for t in links.task_links.get(clause["id"], []) if t not in cited]
            task["thuc_hien"] = [{"van_ban": t, "muc": None} for t in cited]

    # --- report -------------------------------------------------------------------------------

    def report(self, record: Record, links: LinkResult, outcome: Outcome, existed: bool, dry_run: bool) -> list[str]:
        r = record
        n_clauses = cl.count(self.records)
        n_tasks = len(r.get("nhiem_vu", []))
        n_targets = sum(len(t["chi_tieu"]) for t in r.get("nhiem_vu", []))
        lines = [f"Đã đọc {self.file}: {r['loai']}" + (f" {r['so_ky_hieu']}" if r["so_ky_hieu"] else "")
                 + (f", ngày {format_date(dt.date.fromisoformat(r['ngay_ban_hanh']))}" if r["ngay_ban_hanh"] else "")
                 + (f", {r['noi_ban_hanh']}" if r["noi_ban_hanh"] else "") + "."]
        found = list(self.report_found)
        if r["trich_yeu"]:
            found.append(f"trích yếu: {r['trich_yeu'][:100]}{'…' if len(r['trich_yeu']) > 100 else ''}")
        if r["nguoi_ky"]:
            found.append(f"người ký: {r['nguoi_ky']} ({' / '.join(r['chuc_vu'].splitlines())})")
        found.append(f"{n_clauses} mục" + (f", {n_tasks} nhiệm vụ, {n_targets} chỉ tiêu" if "nhiem_vu" in r else "")
                     + f", {len(r['noi_nhan'])} nơi nhận")
        found.append(f"trích dẫn: {len(links.resolved)} lời dẫn khớp văn bản đã có, {len(links.created)} văn bản mới "
                     f"({', '.join(dict.fromkeys(links.created))})" if links.created else
                     f"trích dẫn: {len(links.resolved)} lời dẫn khớp văn bản đã có, không có văn bản mới")
        lines += ["  - " + f for f in found]
        check = list(self.report_check)
        if existed:
            check.insert(0, f"văn bản đã có trong cẩm nang (`{outcome.doc_id}`): chỉ bổ sung, giữ phần đã biên tập"
                            + (f" — {'; '.join(self.merge_changes)}" if self.merge_changes else ""))
        if self.reading.dropped:
            check.append("đã bỏ phần thừa của trang web/định dạng: " + ", ".join(dict.fromkeys(self.reading.dropped)))
        check += [f"đã {n}" for n in self.join_notes]
        check += [f"ghi khác biệt với cẩm nang: {d}" for d in links.disagreements]
        if links.unsettled:
            check.append("lời dẫn chưa xác định được văn bản: " + "; ".join(dict.fromkeys(links.unsettled)))
        check += [f"{n}" for n in self.parsed.notes]
        for task_id, name, record_name in self.task_result.inferred_units:
            check.append(f"nhiệm vụ {task_id}: “{name}” được hiểu là {record_name}")
        unresolved = sorted({u.name for u in self.task_result.unresolved_units})
        if unresolved:
            check.append("đơn vị nêu trong nhiệm vụ chưa có bản ghi cơ quan (ghi trong ghi_chu của nhiệm vụ): "
                         + "; ".join(unresolved))
        if "nhiem_vu" in r:
            check.append("kỳ, đơn vị chủ trì và chỉ tiêu của nhiệm vụ được nhận tự động: soát lại từng nhiệm vụ")
        lines.append("Cần người biên tập kiểm tra:")
        lines += ["  - " + c for c in check]
        verb = "Sẽ ghi" if dry_run else "Đã ghi"
        lines.append(f"{verb}:")
        for path, _, what in outcome.files:
            lines.append(f"  - {_display(path)} ({what})")
        return lines


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _place_words(name: str) -> str:
    """"tỉnh Thái Bình" of "Ủy ban nhân dân tỉnh Thái Bình"."""
    m = re.search(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+\S.*$", name)
    return m.group(0) if m else ""


def _issuer_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        head = fold(line)
        starts = any(head == h or head.startswith(h + " ") for h in _ORG_HEADS)
        if out and (not starts or _DANGLING.search(out[-1])):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _period(title: str | None, summary: str | None, kind: str) -> str | None:
    """The period a document is carried out in: "giai đoạn 2021-2025" in any kind; "năm 2024" only
    for a plan or programme ("công nhận danh hiệu … năm 2024" is no period of a decision)."""
    text = " ".join(filter(None, (title, summary)))
    m = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", text, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m = re.search(r"\bnăm\s+(\d{4})\b", text, re.IGNORECASE)
    return m.group(1) if m and kind in PLAN_KINDS else None


__all__ = ["ImportFailure", "Outcome", "import_file"]
