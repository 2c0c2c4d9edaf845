"""Organisation names in a document → records in data/co-quan/.

A name as the text writes it ("Hội Khuyến học tỉnh", "BCS đảng UBND tỉnh") is matched to a
record by its comparable key (folded, abbreviations expanded): exactly, or as the start of
exactly one record's name whose remaining words ("Hải Dương") the document itself names
somewhere. The second kind is an inference and is reported as one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Organisation
from .text import Record, fold, name_key


@dataclass(frozen=True)
class Match:
    org_id: str
    name: str  # the record's name
    inferred_from: str | None = None  # the words of the document that settled a partial name


class OrgIndex:
    def __init__(self, organisations: Mapping[str, Organisation | Record]):
        """organisations: id → camnang.model.Organisation, or a co-quan record (dict)."""
        self.names: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        self._sorted: list[tuple[str, str]] | None = None
        for org_id, org in organisations.items():
            if isinstance(org, dict):
                self.add(org_id, org["ten"], org.get("ten_viet_tat"))
            else:
                self.add(org_id, org.name, org.abbreviation)

    def add(self, org_id: str, name: str, abbreviation: str | None = None) -> None:
        self.names[org_id] = name
        for n in filter(None, (name, abbreviation)):
            self.exact.setdefault(name_key(n), org_id)
        self._sorted = None

    @property
    def sorted_keys(self) -> list[tuple[str, str]]:
        if self._sorted is None:
            self._sorted = sorted((name_key(n), i) for i, n in self.names.items())
        return self._sorted

    def resolve(self, name: str, evidence: str = "", home: str | None = None) -> Match | None:
        """The record `name` denotes; `evidence` is the document's folded text; `home` a place key
        ("thai binh") preferred when several records would fit."""
        key = name_key(name)
        if not key:
            return None
        if key in self.exact:
            org_id = self.exact[key]
            return Match(org_id, self.names[org_id])
        keys = self.sorted_keys
        at = bisect.bisect_left(keys, (key + " ", ""))
        found = []
        while at < len(keys) and keys[at][0].startswith(key + " "):
            rest = keys[at][0][len(key) + 1:]
            place = re.sub(r"^(tinh|huyen|xa|phuong|quan|thanh pho|thi xa) ", "", rest)  # "tỉnh Hải Dương"
            if rest and (" " + place + " ") in (" " + evidence + " "):
                found.append((rest, keys[at][1]))
            at += 1
        if len(found) > 1 and home:
            found = [f for f in found if f[0] == home] or found
        if len(found) == 1:
            rest, org_id = found[0]
            return Match(org_id, self.names[org_id], rest)
        return None


def level_of(name: str) -> str:
    """The `cap` an organisation's name implies."""
    f = " " + fold(name) + " "
    for words, level in ((" hoi khuyen hoc ", "Hội"), (" quoc hoi ", "Quoc hoi"), (" thu tuong ", "Chính phủ"),
                         (" chinh phu ", "Chính phủ"), (" khoi ", "Khối"), (" xa ", "Xã"), (" phuong ", "Xã"),
                         (" thi tran ", "Xã"), (" huyen ", "Huyện"), (" quan ", "Huyện"), (" thi xa ", "Huyện"),
                         (" tinh ", "Tỉnh"), (" thanh pho ", "Tỉnh"), (" bo ", "Bộ"),
                         (" trung uong ", "Trung ương"), (" bo chinh tri ", "Trung ương"),
                         (" ban bi thu ", "Trung ương")):
        if words in f:
            return "Quốc hội" if level == "Quoc hoi" else level
    if f.strip().startswith("hoi "):
        return "Hội"
    return "Tỉnh" if " ubnd " in f or " uy ban nhan dan " in f else "Hội" if " hoi " in f else "Tỉnh"


def home_of(name: str) -> str | None:
    """The place key of a name: "Hội Khuyến học tỉnh Thái Bình" → "thai binh"."""
    words = name_key(name).split()
    for i, w in enumerate(words):
        if w in ("tinh", "huyen", "xa", "phuong", "quan") and i + 1 < len(words):
            return " ".join(words[i + 1:])
        if w == "thanh" and i + 2 < len(words) and words[i + 1] == "pho":
            return " ".join(words[i + 2:])
    return None
