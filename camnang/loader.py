"""Load `data/` into a `Handbook`: read safely, validate, build the model, check integrity.

Every problem in every file is collected before anything is raised, so an editor
sees all errors at once.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from . import citecheck, integrity, schema, timeline
from .diagnostics import DataError, Diagnostic, Severity
from .model import (
    Clause,
    ClauseRef,
    Comparison,
    CriteriaGroup,
    Criterion,
    CriterionItem,
    Document,
    Handbook,
    LearningModel,
    ModelDocument,
    ModelTarget,
    Note,
    Organisation,
    Recipient,
    Relation,
    Source,
    SourceRef,
    Target,
    Task,
    TaskRef,
    Term,
)
from .topics import build_topics, check_topics
from .yamlio import YamlFile, not_regular_problem, read_yaml

# A record, or a part of one, of parsed YAML that passed its schema: read here in the schema's shape.
_Raw: TypeAlias = dict[str, Any]


@dataclass
class LoadResult:
    handbook: Handbook
    warnings: list[Diagnostic]
    files: dict[str, YamlFile]  # by record key "kind/id", kept for positions in later checks


def display_path(path: Path) -> str:
    """Path as the editor knows it: relative to the working directory when possible."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(Path(path).absolute()) if rel.startswith("..") else rel


_cache: dict[str, tuple[tuple[tuple[str, int, int, int], ...], LoadResult]] = {}  # lstat stamps, result


def load_cached(data_dir: Path | str) -> LoadResult:
    """load_handbook, reused while no file under data_dir changed (one load per `camnang build`)."""
    key = str(Path(data_dir).resolve())
    # lstat only, never through a symlink and never opening anything: a FIFO cannot hang this.
    # Paths relative to the folder: the command line names it as typed ("data"), the hooks absolute.
    root = Path(data_dir)
    stamp = tuple((p.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size, st.st_mode)
                  for p, st in _walk(root)) if root.is_dir() else ()
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    result = load_handbook(data_dir)
    _cache[key] = (stamp, result)
    return result


def load_handbook(data_dir: Path | str, reuse: FileMemo | None = None) -> LoadResult:
    """Load and validate everything; raise DataError listing every error (and warning).

    `reuse` (kept by the caller between loads, e.g. the preview server) skips reading and
    schema-checking a file whose lstat is unchanged since the last load that saw it.
    """
    # Loading creates many objects and no reference cycles worth collecting: pausing the
    # cyclic garbage collector meanwhile saves about a tenth of the time on large corpora.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(data_dir), reuse)
    finally:
        if collecting:
            gc.enable()


def _load(data_dir: Path, reuse: FileMemo | None = None) -> LoadResult:
    diagnostics: list[Diagnostic] = []
    files, broken = _read_all(data_dir, diagnostics, reuse)
    handbook = Handbook(
        documents={k.split("/", 1)[1]: _document(f) for k, f in files.items() if k.startswith("van-ban/")},
        organisations={k.split("/", 1)[1]: _organisation(f) for k, f in files.items() if k.startswith("co-quan/")},
        terms={k.split("/", 1)[1]: _term(f) for k, f in files.items() if k.startswith("thuat-ngu/")},
        models={k.split("/", 1)[1]: _learning_model(f) for k, f in files.items() if k.startswith("mo-hinh/")},
    )
    handbook.topics = build_topics(files)
    handbook.timeline = timeline.build_timeline(handbook, files, data_dir)
    diagnostics += integrity.check(handbook, files, broken)
    diagnostics += check_topics(handbook, files, broken)
    diagnostics += citecheck.check(handbook, files)
    diagnostics += timeline.check(handbook, handbook.timeline, files, broken)
    if any(d.severity == Severity.ERROR for d in diagnostics):
        raise DataError(diagnostics)
    return LoadResult(handbook, [d for d in diagnostics if d.severity == Severity.WARNING], files)


def _read_all(data_dir: Path, diagnostics: list[Diagnostic],
              reuse: FileMemo | None = None) -> tuple[dict[str, YamlFile], set[str]]:
    """Valid files by "kind/id", and the "kind/id" of files that failed to read or validate."""
    if data_dir.is_symlink():
        raise DataError([Diagnostic(display_path(data_dir), 0, 0, "Thư mục dữ liệu là liên kết tượng trưng (symlink)",
                                    "chỉ rõ --data bằng đường dẫn thật của thư mục dữ liệu")])
    if not data_dir.is_dir():
        raise DataError([Diagnostic(display_path(data_dir), 0, 0, "Không tìm thấy thư mục dữ liệu",
                                    "chạy lệnh từ thư mục gốc của kho, hoặc chỉ rõ --data")])
    valid: dict[str, YamlFile] = {}
    broken: set[str] = set()
    for path, st in _walk(data_dir):
        rel = _shown_path(display_path(path))
        refused = not_regular_problem(st.st_mode)
        if refused:
            diagnostics.append(Diagnostic(rel, 1, 1, *refused))
            continue
        wrong_suffix = _wrong_suffix_hint(path.name)
        if wrong_suffix is None and path.suffix != ".yml":
            continue  # not a data file (a README, an image): never read
        kind = path.parent.name if path.parent.parent == data_dir else None
        if kind not in schema.KINDS:
            diagnostics.append(Diagnostic(rel, 1, 1, "Tệp nằm ngoài các thư mục dữ liệu đã biết",
                                          "đặt tệp vào một trong: " + ", ".join(f"data/{k}/" for k in schema.KINDS)))
            continue
        if wrong_suffix:
            diagnostics.append(Diagnostic(rel, 1, 1, "Tệp dữ liệu phải có đuôi .yml", wrong_suffix))
            continue
        name_problem = _file_name_problem(kind, path)
        if name_problem:
            diagnostics.append(Diagnostic(rel, 1, 1, *name_problem))
            broken.add(f"{kind}/{path.stem}")
            continue
        source, problems, schema_errors = _read_checked(path, st, rel, kind, reuse)
        diagnostics += problems
        diagnostics += schema_errors
        if source.data is None or schema_errors:
            broken.add(f"{kind}/{path.stem}")
        else:
            valid[f"{kind}/{path.stem}"] = source
    return valid, broken


# path → (lstat stamp, (file, reading problems, schema errors)): see load_handbook's `reuse`.
FileMemo = dict[str, tuple[tuple[int, ...], tuple[YamlFile, list[Diagnostic], list[Diagnostic]]]]


def _read_checked(path: Path, st: os.stat_result, rel: str, kind: str,
                  reuse: FileMemo | None) -> tuple[YamlFile, list[Diagnostic], list[Diagnostic]]:
    """read_yaml and the schema check of one file, or their earlier result for an unchanged file."""
    stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    if reuse is not None and (hit := reuse.get(str(path))) and hit[0] == stamp:
        return hit[1]
    source, problems = read_yaml(path, rel)
    checked = source, problems, schema.validate(kind, source) if source.data is not None else []
    if reuse is not None:
        reuse[str(path)] = (stamp, checked)
    return checked


def _ignored(name: str) -> bool:
    """Hidden entries (.git, .DS_Store, Emacs' `.#x.yml` lock links) and editor backups (`x.yml~`,
    `#x.yml#`): never data, never read, never followed."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


MAX_FOLDER_DEPTH = 8


def _walk(data_dir: Path) -> list[tuple[Path, os.stat_result]]:
    """Every entry under data_dir but directories and ignored names, sorted, with its lstat.

    Nothing is followed: a symlinked directory is listed (and refused), not walked; so is a
    folder more than MAX_FOLDER_DEPTH levels down (data lies one level down; a deeper walk would
    reach paths the system cannot open)."""
    found: list[tuple[Path, os.stat_result]] = []
    pending = [(data_dir, 0)]
    while pending:  # a loop, not recursion: a deep folder tree cannot exhaust the stack
        folder, depth = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if _ignored(entry.name):
                    continue
                if entry.is_dir(follow_symlinks=False) and depth < MAX_FOLDER_DEPTH:
                    pending.append((Path(entry.path), depth + 1))
                else:
                    found.append((Path(entry.path), entry.stat(follow_symlinks=False)))
    return sorted(found, key=lambda item: item[0])


_YAML_SUFFIXES = (".yml", ".yaml")


def _wrong_suffix_hint(name: str) -> str | None:
    """A rename hint for a YAML-looking name that is not `x.yml` (`.yaml`, `.YML`, `x.yml.txt`,
    `x.yml.bak`), else None: such a file is reported, never silently skipped."""
    parts = name.split(".")
    for i, part in enumerate(parts[1:], 1):
        if "." + part.strip().lower() in _YAML_SUFFIXES:
            right = ".".join(parts[:i]) + ".yml"
            return None if right == name else f"đổi tên thành {_shown_path(right)} (hoặc xóa tệp nếu đó là bản sao lưu)"
    return None


# Device names Windows reserves in every folder, whatever the extension: `con.yml` cannot be
# checked out there, and a page or PDF named after it cannot be saved.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in "0123456789"}


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _file_name_problem(kind: str, path: Path) -> tuple[str, str] | None:
    """The file name is the record's id: checked before reading, as a name (pages, PDFs, Windows)."""
    stem = path.stem
    if stem.lower() in _WINDOWS_RESERVED:
        return (f"Tên tệp `{path.name}` là tên thiết bị dành riêng của Windows",
                f"đổi mã (id) và tên tệp, ví dụ `{stem.lower()}-{kind}.yml`: Windows không tạo được tệp tên này")
    if _ID.fullmatch(stem):
        return None
    shown = _shown_path(path.name)
    twin = stem.lower() + ".yml"
    if _ID.fullmatch(stem.lower()) and os.path.lexists(path.with_name(twin)):
        return (f"Tên tệp `{shown}` chỉ khác `{twin}` ở chữ hoa/chữ thường",
                "hai tệp này là một trên Windows và macOS: xóa hoặc đổi tên một tệp (tên tệp chỉ dùng chữ thường)")
    return (f"Tên tệp `{shown}` không dùng làm mã được",
            "tên tệp là mã (id) của bản ghi: chỉ chữ thường không dấu, số và dấu gạch ngang, ví dụ `ket-luan-49-kl-tw.yml`")


def _shown_path(text: str) -> str:
    """A path safe to print on one line: line breaks, bidi controls, undecodable bytes escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _sources(raw: list[_Raw]) -> tuple[Source, ...]:
    return tuple(Source(s.get("tep"), s.get("url"), tuple(s.get("truong", ())), s.get("ghi_chu"), s.get("thu_cap", False))
                 for s in raw)


def _notes(raw: list[_Raw]) -> tuple[Note, ...]:
    return tuple(
        Note(n["loai"], n["noi_dung"], tuple(n.get("muc", ())),
             tuple(Comparison(c["nguon"], c["noi_dung"]) for c in n.get("doi_chieu", ())))
        for n in raw
    )


def _clause(raw: _Raw, depth: int) -> Clause:
    return Clause(
        id=raw["id"], label=raw.get("so"), heading=raw.get("tieu_de"), text=raw.get("van_ban"),
        bullet=raw.get("gach", False), depth=depth,
        children=[_clause(child, depth + 1) for child in raw.get("muc", ())],
    )


def _task(raw: _Raw) -> Task:
    return Task(
        id=raw["id"], clause_id=raw["muc"], period=raw.get("ky"),
        leads=tuple(raw.get("chu_tri", ())), partners=tuple(raw.get("phoi_hop", ())),
        implements=tuple(ClauseRef(r["van_ban"], r.get("muc")) for r in raw.get("thuc_hien", ())),
        targets=tuple(
            Target(t["gia_tri"], t["don_vi"], t["doi_tuong"], t.get("so_sanh"), t.get("nam"), t.get("ghi_chu"))
            for t in raw.get("chi_tieu", ())
        ),
        note=raw.get("ghi_chu"),
    )


def _document(source: YamlFile) -> Document:
    d = source.data
    doc = Document(
        id=d["id"], file=source.rel, kind=d["loai"], number=d["so_ky_hieu"],
        date=dt.date.fromisoformat(d["ngay_ban_hanh"]) if d["ngay_ban_hanh"] else None,
        place=d.get("noi_ban_hanh"), issuer_id=d["co_quan_ban_hanh"], short_name=d["ten_ngan"],
        printed_title=d.get("tieu_de"), summary=d["trich_yeu"], signer=d.get("nguoi_ky"),
        signer_title=d.get("chuc_vu"), level=d["cap"], period=d.get("giai_doan"), verification=d["xac_minh"],
        sources=_sources(d["nguon"]),
        relations=tuple(Relation(r["loai"], d["id"], r["van_ban"], tuple(r.get("muc", ())), r.get("ghi_chu"))
                        for r in d.get("quan_he", ())),
        recipients=tuple(Recipient(r["ten"], r.get("muc_dich"), r.get("co_quan")) for r in d.get("noi_nhan", ())),
        notes=_notes(d.get("ghi_chu", ())),
        clauses=[_clause(c, 0) for c in d.get("noi_dung", ())],
        tasks=tuple(_task(t) for t in d.get("nhiem_vu", ())),
    )
    for clause in doc.all_clauses():
        doc.clause_index.setdefault(clause.id, clause)
    for task in doc.tasks:
        doc.task_index.setdefault(task.id, task)
    _number_clauses(doc.clauses, [])
    return doc


def _number_clauses(clauses: list[Clause], parent_labels: list[str]) -> None:
    """Give each clause its dotted reference: II.2.1, or "II.2.1, gạch 3" for an unnumbered part."""
    counters = {True: 0, False: 0}
    for clause in clauses:
        labels = parent_labels
        if clause.label:
            own = clause.label.rstrip(".")
            # "2.1" under "2" replaces it; "1" under "II" extends it.
            labels = parent_labels[:-1] + [own] if parent_labels and own.startswith(parent_labels[-1] + ".") \
                else parent_labels + [own]
            clause.number = ".".join(labels)
        else:
            counters[clause.bullet] += 1
            kind = "gạch" if clause.bullet else "đoạn"
            base = ".".join(parent_labels)
            clause.number = f"{base}, {kind} {counters[clause.bullet]}" if base else f"{kind} {counters[clause.bullet]}"
        _number_clauses(clause.children, labels)


def _organisation(source: YamlFile) -> Organisation:
    d = source.data
    return Organisation(d["id"], source.rel, d["ten"], d.get("ten_viet_tat"), d["cap"], d.get("truc_thuoc"),
                        _sources(d["nguon"]), _notes(d.get("ghi_chu", ())))


def _term(source: YamlFile) -> Term:
    d = source.data
    return Term(d["id"], source.rel, d["thuat_ngu"], d["loai"], d["dien_giai"], d.get("chu_giai_tu_dong", True),
                _sources(d["nguon"]), _notes(d.get("ghi_chu", ())))


def _source_ref(raw: _Raw) -> SourceRef:
    return SourceRef(raw["van_ban"], raw.get("muc"), raw.get("vi_tri"))


def _model_target(raw: _Raw) -> ModelTarget:
    return ModelTarget(raw["gia_tri"], raw.get("don_vi"), raw["doi_tuong"], raw["nam"], _source_ref(raw["nguon"]),
                       raw.get("so_sanh"), raw.get("mo_ta"), raw.get("pham_vi"), raw.get("ghi_chu"))


def _criterion(raw: _Raw) -> Criterion:
    items = tuple(CriterionItem(i["id"], i["noi_dung"], tuple(_source_ref(r) for r in i["nguon"]), i.get("diem"))
                  for i in raw["noi_dung"])
    return Criterion(raw["id"], raw["ten"], items, raw.get("diem_toi_da"), raw.get("day_du", False),
                     raw.get("con_thieu"))


def _criteria_group(raw: _Raw) -> CriteriaGroup:
    return CriteriaGroup(raw["id"], raw["ten"], raw["loai"], tuple(_criterion(c) for c in raw["tieu_chi"]),
                         raw.get("mo_ta"), raw.get("diem_toi_da"), raw.get("diem_cong_nhan"))


def _learning_model(source: YamlFile) -> LearningModel:
    d = source.data
    return LearningModel(
        id=d["id"], file=source.rel, name=d["ten"], kind=d["loai"], definition=d["dinh_nghia"],
        criteria_complete=d["tieu_chi_day_du"], parent_id=d.get("thuoc"), level=d.get("cap_do"),
        documents=tuple(ModelDocument(v["van_ban"], v["vai_tro"], tuple(v.get("muc", ())), v.get("ghi_chu"))
                        for v in d.get("van_ban", ())),
        targets=tuple(_model_target(t) for t in d.get("chi_tieu", ())),
        tasks=tuple(TaskRef(t["van_ban"], t["nhiem_vu"]) for t in d.get("nhiem_vu", ())),
        groups=tuple(_criteria_group(g) for g in d.get("nhom_tieu_chi", ())),
        missing=d.get("con_thieu"), sources=_sources(d["nguon"]), notes=_notes(d.get("ghi_chu", ())),
    )
