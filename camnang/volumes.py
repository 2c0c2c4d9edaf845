"""Printed volumes at national scale: the national documents, then one set of volumes per province.

A small handbook is printed as one file, `cam-nang.pdf`, as before. Once the documents need more
than one volume (`export.volumes`), a province prints its own plans: each document is placed by
its issuer's province — issuer → organisation (or the nearest body above it) → `dia_ban` → the
unit that carries it on after the 2025 arrangement (`ke_thua` of its `hop_nhat_thanh`,
`sap_nhap_vao` event, followed to the end) — into `cam-nang-<province id>.pdf`
(`cam-nang-<province id>-tap-2.pdf` … if it is itself large). Documents with no province (the
central bodies', or an issuer whose place is not recorded) stay in `cam-nang.pdf`
(`cam-nang-tap-N.pdf`), whose volume 1 also carries the models, topics and glossary.
One pass over the documents, one walk up per issuer (memoised): linear.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import export
from .model import Document, Handbook, PrintedIn
from .vntext import sort_key

HANDBOOK_PDF = "cam-nang.pdf"
NATIONAL = "viet-nam"  # the unit of the whole country: its documents are national
MAX_STEPS = 64  # organisation parents and unit successors are acyclic (integrity); a bound all the same


@dataclass(frozen=True)
class Volume:
    file: str
    documents: list[Document]
    province_id: str | None = None  # None: the national volumes
    province_name: str | None = None


def volumes(hb: Handbook, capacity: int = export.VOLUME_CHARS) -> list[Volume]:
    """Every printed volume in order: national first, then the provinces (by name, Vietnamese order).

    Computed once per handbook and capacity (the pages, the printouts page and the PDFs all ask).
    """
    return _memo(hb, capacity)[0]


def printed_in(hb: Handbook) -> dict[str, PrintedIn]:
    """Document id → its volume's file, the volume's number and how many volumes (once per handbook)."""
    return _memo(hb, export.VOLUME_CHARS)[1]


def _memo(hb: Handbook, capacity: int) -> tuple[list[Volume], dict[str, PrintedIn]]:
    key = f"volumes:{capacity}"  # Handbook.derived: memos cleared whenever the handbook is reindexed
    cached = hb.derived.get(key)
    if not isinstance(cached, tuple) or cached[0] is not hb.documents:
        found = _volumes(hb, capacity)
        where = {doc.id: PrintedIn(v.file, n, len(found)) for n, v in enumerate(found, 1) for doc in v.documents}
        cached = hb.derived[key] = (hb.documents, found, where)
    return cached[1], cached[2]


def _volumes(hb: Handbook, capacity: int) -> list[Volume]:
    in_order = export.reading_order(hb)
    sizes = {doc.id: export.printed_size(doc) for doc in in_order}  # once: every cut below reuses them
    if len(export.cut(in_order, capacity, sizes)) <= 1:
        return [Volume(HANDBOOK_PDF, in_order)]
    groups: dict[str | None, list[Document]] = {}
    places = _Places(hb)
    for doc in in_order:  # reading order kept inside every group
        groups.setdefault(places.province_of(doc), []).append(doc)
    national = groups.pop(None, [])
    out = [Volume(_file(None, n), docs) for n, docs in enumerate(export.cut(national, capacity, sizes), 1)]
    provinces = {unit_id: _unit_name(hb, unit_id) for unit_id in groups if unit_id is not None}
    for unit_id in sorted(provinces, key=lambda u: sort_key(provinces[u])):
        for n, docs in enumerate(export.cut(groups[unit_id], capacity, sizes), 1):
            out.append(Volume(_file(unit_id, n), docs, unit_id, provinces[unit_id]))
    return out


def volume_titles(hb: Handbook) -> dict[str, str]:
    """File → how the "Bản in PDF" page names the volume: "Tập 1", "Tập 3 — tỉnh Hưng Yên"."""
    return {volume.file: f"Tập {n} — {volume.province_name}" if volume.province_name else f"Tập {n}"
            for n, volume in enumerate(volumes(hb), 1)}


class _Places:
    """Issuer → province id (None: national or unknown), memoised per organisation."""

    def __init__(self, hb: Handbook):
        self.hb = hb
        self.org_unit = hb.timeline.org_unit if hb.timeline else {}
        self.memo: dict[str, str | None] = {}

    def province_of(self, doc: Document) -> str | None:
        if not doc.issuer_id:
            return None
        if doc.issuer_id not in self.memo:
            self.memo[doc.issuer_id] = self._current(self._unit_of(doc.issuer_id))
        return self.memo[doc.issuer_id]

    def _unit_of(self, org_id: str) -> str | None:
        """The organisation's own `dia_ban`, else the nearest one above it (truc_thuoc)."""
        org = self.hb.organisations.get(org_id)
        for _ in range(MAX_STEPS):
            if org is None:
                return None
            if unit := self.org_unit.get(org.id):
                return unit
            org = self.hb.organisations.get(org.parent_id) if org.parent_id else None
        return None

    def _current(self, unit_id: str | None) -> str | None:
        """The unit that carries `unit_id` on today (itself when unchanged); None for the country."""
        timeline = self.hb.timeline
        for _ in range(MAX_STEPS):
            if unit_id is None or unit_id == NATIONAL or timeline is None:
                return None
            change = timeline.unit_change(unit_id)
            if change is None or change[1] is None:  # unchanged, or its successor is not recorded
                return unit_id
            unit_id = change[1].id
        return unit_id


def _unit_name(hb: Handbook, unit_id: str) -> str:
    unit = hb.timeline.units.get(unit_id) if hb.timeline else None
    return unit.name if unit else unit_id


def _file(unit_id: str | None, number: int) -> str:
    base = "cam-nang" if unit_id is None else f"cam-nang-{unit_id}"
    return f"{base}.pdf" if number == 1 else f"{base}-tap-{number}.pdf"
