"""Time in the handbook: what happened to bodies and territorial units, and where documents stand.

The seed documents describe the world of the year they were written. This module holds what
changed since (dated events of organisations, `co-quan.lich_su`; territorial units,
`data/dia-ban/`; the validity of documents, `van-ban.hieu_luc`) and answers, once per build,
the questions a page asks: "what is this body now, since when, says who?", "has this plan's
period ended?". "Now" is the build date (`SOURCE_DATE_EPOCH`), never the wall clock, so two
builds of one commit say the same.

Everything is built from the validated YAML in one pass over the records; every lookup after
that is a dict access (an organisation's status is memoised, its parent chain walked once).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .integrity import KnownIds, check_ref
from .model import Document, Handbook, Note, Organisation, Source, format_date
from .yamlio import Path_, YamlFile

EVENT_LABELS = {
    "thanh_lap": "Thành lập",
    "doi_ten": "Đổi tên",
    "sap_nhap_vao": "Sáp nhập vào",
    "hop_nhat_thanh": "Hợp nhất thành",
    "chia_tach": "Chia tách",
    "sap_xep_lai": "Sắp xếp lại tổ chức",
    "ket_thuc_hoat_dong": "Kết thúc hoạt động",
    "thay_doi_khac": "Thay đổi khác",
}
# After one of these the record no longer exists under its own name: its successor (if any) carries on.
ENDING_EVENTS = ("sap_nhap_vao", "hop_nhat_thanh", "ket_thuc_hoat_dong")

VALIDITY_LABELS = {
    "con_hieu_luc": "Còn hiệu lực",
    "het_hieu_luc": "Hết hiệu lực",
    "duoc_thay_the": "Được thay thế",
    "chua_ro": "Chưa rõ",
}

UNIT_KIND = "dia-ban"
CHANGES = "thay-doi-tu-nam-2025.md"
RECENT = "moi-cap-nhat.md"
CHANGES_SINCE = dt.date(2025, 1, 1)


@dataclass
class Event:
    """Sự kiện: one dated change of a body or a territorial unit, with its sources."""

    date: dt.date
    kind: str
    text: str | None = None  # noi_dung, the editor's words
    successor_id: str | None = None  # ke_thua: a record of the same kind; None = not stated
    new_name: str | None = None  # ten_moi
    inferred: bool = False  # suy_luan: drawn from the sources, not stated by them
    sources: tuple[Source, ...] = ()

    @property
    def label(self) -> str:
        return EVENT_LABELS[self.kind]


@dataclass
class Unit:
    """Địa bàn: a province, city or the country, as a record of `data/dia-ban/`."""

    id: str
    file: str
    name: str
    level: str
    description: str | None = None
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def url(self) -> str:
        return f"dia-ban/{self.id}.md"


@dataclass
class Status:
    """What a page says beside a body's name: "nay là …, từ …" or "… chưa rõ", and why."""

    text: str  # plain text, escaped by the renderer
    date: dt.date
    sources: tuple[Source, ...]
    inferred: bool
    successor_url: str | None = None  # the page of the successor, when it is a record
    successor_name: str | None = None
    via: str | None = None  # "cơ quan cấp trên", "tỉnh Thái Bình": whose change this is


@dataclass
class Validity:
    """Hiệu lực of a document as the data records it (never guessed)."""

    state: str
    date: dt.date | None = None
    replaced_by: str | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def label(self) -> str:
        return VALIDITY_LABELS[self.state]


@dataclass
class Timeline:
    build_date: dt.date | None
    data_dir: Path | None
    units: dict[str, Unit] = field(default_factory=dict)
    org_events: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    org_unit: dict[str, str] = field(default_factory=dict)  # organisation id → unit id (dia_ban)
    validity: dict[str, Validity] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)  # successor id → ids it continues
    # Per-build values renderers derive once; each renderer knows the type of its own keys' values.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _statuses: dict[str, Status | None] = field(default_factory=dict, repr=False)
    _updated: dict[str, dt.date] | None = field(default=None, repr=False)
    _hb: Handbook | None = field(default=None, repr=False)

    # ---- organisations -------------------------------------------------------------------------

    @property
    def _organisations(self) -> dict[str, Organisation]:
        return self._hb.organisations if self._hb is not None else {}  # build_timeline always sets _hb

    def status(self, org_id: str) -> Status | None:
        """The change a reader must see beside the body's name, or None: its own last event, else
        its parent's (a body of an ended body), else its territorial unit's. Memoised."""
        if org_id in self._statuses:
            return self._statuses[org_id]
        self._statuses[org_id] = None  # a truc_thuoc cycle is refused by the check; never loop here
        found = self._own_status(org_id) or self._parent_status(org_id) or self._unit_status(org_id)
        self._statuses[org_id] = found
        return found

    def _own_status(self, org_id: str) -> Status | None:
        events = [e for e in self.org_events.get(org_id, ()) if e.kind != "thanh_lap"]
        if not events:
            return None
        event = events[-1]
        successor = self._organisations.get(event.successor_id) if event.successor_id else None
        name = successor.name if successor else event.new_name
        text = _status_text(event, name)
        return Status(text, event.date, event.sources, event.inferred,
                      successor.url if successor else None, name)

    def _parent_status(self, org_id: str) -> Status | None:
        organisations = self._organisations
        org = organisations.get(org_id)
        if not org or not org.parent_id or org.parent_id not in organisations:
            return None
        parent = organisations[org.parent_id]
        upper = self.status(parent.id)
        if upper is None or upper.via:
            return None if upper is None else Status(upper.text, upper.date, upper.sources, True,
                                                     upper.successor_url, upper.successor_name, upper.via)
        text = f"cơ quan cấp trên ({parent.name}): {upper.text}; cơ quan này nay ra sao: chưa rõ"
        return Status(text, upper.date, upper.sources, True, upper.successor_url, upper.successor_name, parent.name)

    def _unit_status(self, org_id: str) -> Status | None:
        unit = self.units.get(self.org_unit.get(org_id, ""))
        change = self.unit_change(unit.id) if unit else None
        if unit is None or change is None:
            return None
        event, successor = change
        where = f"{unit.name[0].lower()}{unit.name[1:]}"
        now = f"một phần của {successor.name[0].lower()}{successor.name[1:]}" if successor else "chưa rõ"
        text = f"{where} nay là {now}, từ {format_date(event.date)}; cơ quan này nay ra sao: chưa rõ"
        return Status(text, event.date, event.sources, True,
                      successor.url if successor else None, successor.name if successor else None, unit.name)

    def unit_change(self, unit_id: str) -> tuple[Event, Unit | None] | None:
        """The unit's last ending event and its successor unit (None when not stated)."""
        unit = self.units.get(unit_id)
        ending = [e for e in unit.events if e.kind in ENDING_EVENTS] if unit else []
        if not ending:
            return None
        event = ending[-1]
        return event, self.units.get(event.successor_id) if event.successor_id else None

    def organisations_in(self, unit_id: str) -> list[str]:
        return sorted(o for o, u in self.org_unit.items() if u == unit_id)

    # ---- documents -------------------------------------------------------------------------------

    def validity_of(self, doc_id: str) -> Validity:
        return self.validity.get(doc_id) or Validity("chua_ro")

    def period_status(self, doc: Document) -> tuple[dt.date, bool] | None:
        """(last day of the period, ended by the build date) for a giai_doan such as "2023",
        "2021-2030" or "2021 - 2025"; None when the period is not a year or a range of years, or
        there is no build date."""
        end = period_end(doc.period)
        if end is None or self.build_date is None:
            return None
        return end, end < self.build_date

    # ---- when records changed -----------------------------------------------------------------

    def updated(self, record_key: str) -> dt.date | None:
        """Date of the last commit that touched `data/<kind>/<id>.yml`, else the build date."""
        if self._updated is None:
            self._updated = last_commit_dates(self.data_dir) if self.data_dir else {}
        return self._updated.get(record_key + ".yml") or self.build_date

    def latest_update(self) -> dt.date | None:
        """Date of the newest commit that touched any data file, else the build date (list pages)."""
        self.updated("")  # reads the commit dates once
        return max((self._updated or {}).values(), default=None) or self.build_date

    def recent(self, keys: list[str], limit: int = 20) -> list[tuple[dt.date, str]]:
        """The `limit` records changed most recently: (date, "kind/id"), newest first, ties by key."""
        pairs = [(self.updated(k), k) for k in keys]
        dated = [(d, k) for d, k in pairs if d is not None]
        return sorted(dated, key=lambda p: (-p[0].toordinal(), p[1]))[:limit]


_PERIOD = re.compile(r"\s*(\d{4})(?:\s*[-–]\s*(\d{4}))?\s*")


def period_end(period: str | None) -> dt.date | None:
    match = _PERIOD.fullmatch(period or "")
    if not match:
        return None
    year = int(match.group(2) or match.group(1))
    return dt.date(year, 12, 31) if 1900 <= year <= 2100 else None


def _status_text(event: Event, successor_name: str | None) -> str:
    when = format_date(event.date)
    if event.kind in ("sap_nhap_vao", "hop_nhat_thanh"):
        return f"nay là một phần của {successor_name}, từ {when}" if successor_name else \
            f"{event.label.lower()} một tổ chức khác từ {when}; tổ chức kế thừa chưa rõ"
    if event.kind == "doi_ten":
        return f"nay là {successor_name}, từ {when}" if successor_name else f"đổi tên từ {when}; tên mới chưa rõ"
    if event.kind == "ket_thuc_hoat_dong":
        heir = f"cơ quan kế thừa: {successor_name}" if successor_name else "cơ quan kế thừa chưa rõ"
        return f"đã kết thúc hoạt động từ {when}; {heir}"
    heir = f"nay là {successor_name}" if successor_name else "cơ quan kế thừa chưa rõ"
    return f"{event.label.lower()} từ {when}; {heir}"


# ---- build date and commit dates ------------------------------------------------------------------


def build_date(data_dir: Path | None = None) -> dt.date | None:
    """The build's "today": SOURCE_DATE_EPOCH (set by `camnang build` to the last commit), else the
    last commit of the repository holding data_dir, else of this program's repository (what
    `camnang build` would set, so `check` and `build` judge alike), else None. Never the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    for repo in ([data_dir] if data_dir is not None else []) + [Path(__file__).resolve().parent.parent]:
        if not epoch and repo.is_dir():
            epoch = _git(repo, "log", "-1", "--format=%ct").strip()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else None
    except (ValueError, OverflowError, OSError):
        return None


def last_commit_dates(data_dir: Path) -> dict[str, dt.date]:
    """Path relative to data_dir ("co-quan/x.yml") → date of the newest commit touching it.

    One `git log --name-only` pass over the history (newest first, so the first date seen for a
    path is its last change); empty without git or outside a repository."""
    out = _git(data_dir, "log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames", "--", ".")
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("\0"):
            current = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC).date()
        elif line and current is not None:
            dates.setdefault(line, current)
    return dates


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


# ---- building from the YAML -----------------------------------------------------------------------


def _sources(raw: list[dict[str, Any]]) -> tuple[Source, ...]:  # validated YAML of nguon
    return tuple(Source(s.get("tep"), s.get("url"), tuple(s.get("truong", ())), s.get("ghi_chu"),
                        s.get("thu_cap", False)) for s in raw)


def _events(raw: list[dict[str, Any]]) -> tuple[Event, ...]:  # validated YAML of lich_su
    return tuple(Event(dt.date.fromisoformat(e["ngay"]), e["loai"], e.get("noi_dung"), e.get("ke_thua"),
                       e.get("ten_moi"), e.get("suy_luan", False), _sources(e["nguon"])) for e in raw)


def build_timeline(hb: Handbook, files: dict[str, YamlFile], data_dir: Path | None) -> Timeline:
    from .loader import _notes  # the loader's own note reader: one way to read ghi_chu

    timeline = Timeline(build_date(data_dir), data_dir, _hb=hb)
    for key, src in files.items():
        kind, record_id = key.split("/", 1)
        d = src.data
        if kind == UNIT_KIND:
            timeline.units[record_id] = Unit(record_id, src.rel, d["ten"], d["cap"], d.get("mo_ta"),
                                             _events(d.get("lich_su", ())), _sources(d["nguon"]),
                                             _notes(d.get("ghi_chu", ())))
        elif kind == "co-quan":
            if d.get("lich_su"):
                timeline.org_events[record_id] = _events(d["lich_su"])
            if d.get("dia_ban"):
                timeline.org_unit[record_id] = d["dia_ban"]
        elif kind == "van-ban" and d.get("hieu_luc"):
            v = d["hieu_luc"]
            timeline.validity[record_id] = Validity(
                v["tinh_trang"], dt.date.fromisoformat(v["ngay"]) if v.get("ngay") else None,
                v.get("thay_the_boi"), v.get("ghi_chu"), _sources(v.get("nguon", ())))
    for owner, events in list(timeline.org_events.items()) + [(u.id, u.events) for u in timeline.units.values()]:
        for event in events:
            if event.successor_id:
                timeline.predecessors.setdefault(event.successor_id, []).append(owner)
    return timeline


# ---- validation -------------------------------------------------------------------------------


def check(hb: Handbook, timeline: Timeline, files: dict[str, YamlFile], broken: set[str]) -> list[Diagnostic]:
    """Events in date order, nothing after an ending event, successors that exist and are not the
    record itself, dates not after the build date; validity that names an existing replacement."""
    orgs = KnownIds(hb.organisations, {b.split("/", 1)[1] for b in broken if b.startswith("co-quan/")})
    units = KnownIds(timeline.units, {b.split("/", 1)[1] for b in broken if b.startswith(UNIT_KIND + "/")})
    docs = KnownIds(hb.documents, {b.split("/", 1)[1] for b in broken if b.startswith("van-ban/")})
    out: list[Diagnostic] = []
    for key, src in files.items():
        kind, record_id = key.split("/", 1)
        if kind == "co-quan":
            out += _check_events(src, record_id, orgs, "cơ quan", timeline.build_date)
            if src.data.get("dia_ban"):
                out += check_ref(src, ("dia_ban",), src.data["dia_ban"], units, "địa bàn")
        elif kind == UNIT_KIND:
            out += _check_events(src, record_id, units, "địa bàn", timeline.build_date)
        elif kind == "van-ban" and src.data.get("hieu_luc"):
            out += _check_validity(src, record_id, docs, timeline.build_date)
    return out


def _check_events(src: YamlFile, record_id: str, known: Mapping[str, object], what: str, today: dt.date | None) -> list[Diagnostic]:
    out = []
    previous: tuple[int, dt.date, str] | None = None
    for i, raw in enumerate(src.data.get("lich_su", ())):
        path = ("lich_su", i)
        date = dt.date.fromisoformat(raw["ngay"])
        out += _not_after_build(src, path + ("ngay",), date, today)
        if previous and date < previous[1]:
            out.append(src.diag(path + ("ngay",), f"Sự kiện ngày {format_date(date)} đứng sau sự kiện ngày "
                                f"{format_date(previous[1])}: các sự kiện trong `lich_su` phải theo thứ tự thời gian",
                                "xếp lại các sự kiện, cũ trước mới sau"))
        elif previous and previous[2] in ENDING_EVENTS:
            out.append(src.diag(path + ("loai",), f"Sự kiện “{EVENT_LABELS[raw['loai']]}” đứng sau sự kiện "
                                f"“{EVENT_LABELS[previous[2]]}” ({format_date(previous[1])})",
                                "sau khi sáp nhập, hợp nhất hay kết thúc hoạt động, các sự kiện tiếp theo ghi ở "
                                "bản ghi kế thừa (`ke_thua`)"))
        successor = raw.get("ke_thua")
        if successor == record_id:
            out.append(src.diag(path + ("ke_thua",), f"Một {what} không thể kế thừa chính nó (`{successor}`)",
                                f"ghi mã của {what} kế thừa, hoặc `null` nếu nguồn không nêu"))
        elif successor:
            out += check_ref(src, path + ("ke_thua",), successor, known, what)
        previous = (i, date, raw["loai"])
    return out


def _check_validity(src: YamlFile, record_id: str, docs: Mapping[str, object], today: dt.date | None) -> list[Diagnostic]:
    raw = src.data["hieu_luc"]
    out = []
    if raw.get("ngay"):
        out += _not_after_build(src, ("hieu_luc", "ngay"), dt.date.fromisoformat(raw["ngay"]), today)
    replacement = raw.get("thay_the_boi")
    if raw["tinh_trang"] == "duoc_thay_the" and not replacement:
        out.append(src.diag(("hieu_luc", "tinh_trang"), "Văn bản “được thay thế” cần ghi văn bản thay thế "
                            "(`thay_the_boi`)", "ghi mã văn bản thay thế; nguồn không nêu thì ghi `tinh_trang: chua_ro`"))
    elif replacement and raw["tinh_trang"] != "duoc_thay_the":
        out.append(src.diag(("hieu_luc", "thay_the_boi"), "Chỉ văn bản “được thay thế” mới ghi `thay_the_boi`",
                            "ghi `tinh_trang: duoc_thay_the`, hoặc xóa `thay_the_boi`"))
    if replacement == record_id:
        out.append(src.diag(("hieu_luc", "thay_the_boi"), f"Văn bản không thể được thay thế bởi chính nó (`{replacement}`)",
                            "ghi mã văn bản thay thế"))
    elif replacement:
        out += check_ref(src, ("hieu_luc", "thay_the_boi"), replacement, docs, "văn bản")
    return out


def _not_after_build(src: YamlFile, path: Path_, date: dt.date, today: dt.date | None) -> list[Diagnostic]:
    if today is None or date <= today:
        return []
    return [src.diag(path, f"Ngày {format_date(date)} ở sau ngày dựng cẩm nang ({format_date(today)})",
                     "chỉ ghi sự kiện đã xảy ra; kiểm tra lại năm, tháng")]
