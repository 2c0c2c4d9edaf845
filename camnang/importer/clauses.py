"""Body lines → paragraphs → the clause tree (`noi_dung`), with ids in the handbook's scheme.

Ids, as in the hand-made records: sections by their number (`i`, `ii-1`, `ii-1-2`, `dieu-3`,
`dieu-3-1`, `dieu-3-1-a`), bullets `<parent>-g1`, `-g2` …, unnumbered paragraphs `<parent>-d1` …;
paragraphs before the first section are `mo-dau` (then `mo-dau-2` …); a news article's
paragraphs are `d1`, `d2` …. A numbered item with children is a heading (`tieu_de`) when it
reads like one (one phrase, not ending in ":"), otherwise its words are text (`van_ban`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .parse import Line
from .text import Record, is_caps, starts_lower

_PART = re.compile(r"^(?P<w>Phần|PHẦN|Chương|CHƯƠNG)\s+(?P<n>[IVXLC]+|\d+)\s*[.:]?\s*(?P<t>.*)$")
_APPENDIX = re.compile(r"^(?:Phụ lục|PHỤ LỤC)(?:\s+(?P<n>[IVXLC]{1,5}|\d{1,2}))?\s*[.:]?\s*(?P<t>.*)$")
_SECTION_LETTER = re.compile(r"^(?P<n>[ABDEGH])\.\s+(?P<t>.+)$")
_ROMAN = re.compile(r"^(?P<n>[IVXLC]{1,7})\s*(?P<p>[.)]|[-–](?=\s))\s*(?P<t>.*)$")  # "I.", "I)", "I- " (Party)
_ROMAN_OK = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_DIEU = re.compile(r"^Điều\s+(?P<n>\d{1,3})\s*(?P<p>[.:]?)\s*(?P<t>.*)$")
_DECIMAL = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)(?P<end>[.)])(?=\s|$)\s*(?P<t>.*)$")
_DECIMAL_BARE = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)(?=\s)\s*(?P<t>.*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])\)\s*(?P<t>.*)$")
_BULLET = re.compile(r"^(?P<n>[-–—+•·▪●∙◦○*])\s*(?P<t>.*)$")
_SUB_BULLETS = "+◦○"


@dataclass
class Marker:
    kind: str  # part, roman, dieu, dec, letter, bullet
    label: str  # as printed: "II.", "1.1.", "Điều 3.", "a)", "-"
    text: str
    rank: int
    key: str


def marker_of(text: str) -> Marker | None:
    m = _PART.match(text)
    if m:
        word = m.group("w").capitalize()
        return Marker("part", f"{word} {m.group('n')}", m.group("t"), 0,
                      ("phan-" if word == "Phần" else "chuong-") + m.group("n").lower())
    m = _APPENDIX.match(text)
    if m and (not m.group("t") or is_caps(m.group("t"))):  # "Phụ lục", "PHỤ LỤC II: DANH SÁCH …"; not a sentence
        n = m.group("n")
        return Marker("part", "Phụ lục" + (f" {n}" if n else ""), m.group("t"), 0,
                      "phu-luc" + (f"-{n.lower()}" if n else ""))
    m = _SECTION_LETTER.match(text)
    if m and is_caps(m.group("t")):  # "A. MỞ ĐẦU", "B. NỘI DUNG": lettered parts above the Roman sections
        return Marker("part", m.group("n") + ".", m.group("t"), 0, "phan-" + m.group("n").lower())
    m = _ROMAN.match(text)
    if m and _ROMAN_OK.match(m.group("n")) and (m.group("t") == "" or not m.group("t")[:1].islower()):
        return Marker("roman", m.group("n") + m.group("p"), m.group("t"), 1, m.group("n").lower())  # as printed
    m = _DIEU.match(text)
    if m:
        return Marker("dieu", f"Điều {m.group('n')}{m.group('p')}", m.group("t"), 2, f"dieu-{m.group('n')}")
    m = _DECIMAL.match(text) or _DECIMAL_BARE.match(text)
    if m:
        number = m.group("n")
        end = m.groupdict().get("end") or ""
        parts = number.split(".")
        return Marker("dec", number + end, m.group("t"), 2 + len(parts), "-".join(str(int(p)) for p in parts))
    m = _LETTER.match(text)
    if m:
        return Marker("letter", m.group("n") + ")", m.group("t"), 9, "dd" if m.group("n") == "đ" else m.group("n"))
    m = _BULLET.match(text)
    if m and m.group("t").strip():
        return Marker("bullet", m.group("n"), m.group("t"), 21 if m.group("n") in _SUB_BULLETS else 20, "g")
    return None


# --- paragraphs -------------------------------------------------------------------------------

def paragraphs(lines: list[Line]) -> tuple[list[str], list[str]]:
    """Rejoin lines wrapped inside a sentence (and paragraphs broken by a page end). Returns the
    paragraphs and notes on what was joined or dropped."""
    width, hard_wrapped = _line_width(lines)
    out: list[str] = []
    last_line = ""
    notes: list[str] = []
    for line in lines:
        t = line.text.strip(" |")
        if not t:
            continue
        if out and _continues(out[-1], last_line, line, t, width, hard_wrapped):
            if line.first:
                notes.append(f"nối “…{out[-1][-25:]}” với “{t[:25]}…” (đoạn bị ngắt giữa câu)")
            # "49-" / "KL/TW", "186/" / "KH-UBND": a number broken at the end of a line
            glue = "" if re.search(r"\w[/-]$", out[-1]) and re.match(r"[A-ZĐ0-9]", t) else " "
            out[-1] += glue + t
        else:
            if out and t == out[-1]:
                notes.append(f"bỏ đoạn lặp lại “{t[:50]}”")
                continue
            out.append(t)
        last_line = t
    return out, notes


def _line_width(lines: list[Line]) -> tuple[int, bool]:
    """The text's line width, and whether it is hard-wrapped (a PDF, a portal's fixed-width text):
    then most lines come close to the width, while one paragraph per line varies widely."""
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    if not lengths:
        return 80, False
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if n >= 0.8 * width)
    return width, near >= 0.4 * len(lengths) and len(lengths) >= 10


def _continues(prev: str, last_line: str, line: Line, t: str, width: int, hard_wrapped: bool) -> bool:
    if marker_of(t) or is_caps(t) or is_caps(last_line):
        return False
    if line.first:  # a new paragraph in the source: only a sentence cut by a page end continues
        return starts_lower(t) and not re.search(r"[.:;!?]$", prev)
    if starts_lower(t):
        return True
    if hard_wrapped and len(last_line) >= 0.9 * width:
        return True  # a full line ends inside a paragraph, even after a full stop
    if re.search(r"[.:;!?]$", last_line):
        return False
    return len(last_line) >= 0.7 * width


# --- the tree ---------------------------------------------------------------------------------

@dataclass
class Node:
    id: str
    kind: str  # root, part, roman, dieu, dec, letter, bullet, para
    label: str | None
    text: str
    rank: int
    children: list[Node] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # children so far, by id letter ("d", "g")

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def build_tree(paras: list[str], news: bool = False) -> Node:
    root = Node("", "root", None, "", -1)
    stack = [root]
    used: set[str] = set()
    for text in paras:
        m = marker_of(text)
        if m is None:
            parent = next((n for n in reversed(stack) if n.kind not in ("bullet",)), root)
            while stack[-1] is not parent:
                stack.pop()
            node = Node(_child_id(parent, "d", news, used), "para", None, text, 99)
            parent.children.append(node)
            continue
        while stack[-1].rank >= m.rank:
            stack.pop()
        parent = stack[-1]
        node = Node(_numbered_id(parent, m, stack, used), m.kind, None if m.kind == "bullet" else m.label,
                    m.text, m.rank)
        parent.children.append(node)
        stack.append(node)
    return root


def _unique(candidate: str, used: set[str]) -> str:
    out, n = candidate, 2
    while out in used:
        out, n = f"{candidate}-{n}", n + 1
    used.add(out)
    return out


def _child_id(parent: Node, kind: str, news: bool, used: set[str]) -> str:
    parent.counts[kind] = parent.counts.get(kind, 0) + 1
    n = parent.counts[kind]
    if parent.kind == "root":
        if news:
            return _unique(f"d{n}", used)
        if kind == "d" and not any(c.kind not in ("para",) for c in parent.children):
            return _unique("mo-dau" if n == 1 else f"mo-dau-{n}", used)
        return _unique(f"{kind}{n}", used)
    return _unique(f"{parent.id}-{kind}{n}", used)


def _numbered_id(parent: Node, m: Marker, stack: list[Node], used: set[str]) -> str:
    if m.kind == "bullet":
        return _child_id(parent, "g", False, used)
    if m.kind in ("part", "dieu"):
        return _unique(m.key, used)
    if m.kind == "roman":
        return _unique(m.key if parent.kind == "root" else f"{parent.id}-{m.key}", used)
    if m.kind == "dec":
        base = next((n for n in reversed(stack) if n.kind in ("roman", "part", "dieu")), None)
        return _unique(f"{base.id}-{m.key}" if base else m.key, used)
    return _unique(f"{parent.id}-{m.key}" if parent.kind != "root" else m.key, used)


_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÀ-ỸĐ]")


def to_records(node: Node) -> list[Record]:
    """The `noi_dung` list of a tree, in the schema's shape."""
    out = []
    for child in node.children:
        item: Record = {"id": child.id}
        if child.label:
            item["so"] = child.label
        text = child.text
        children = to_records(child)
        if not text and children and child.kind != "bullet":
            first = children[0]
            if "van_ban" in first and "muc" not in first and "so" not in first and not first.get("gach"):
                text = first["van_ban"]
                children = children[1:]
        if text:
            if _is_heading(child, text, bool(children)):
                item["tieu_de"] = text
            else:
                item["van_ban"] = text
        elif not children:
            continue
        else:
            item["tieu_de"] = child.label or child.id
        if child.kind == "bullet":
            item["gach"] = True
        if children:
            item["muc"] = children
        out.append(item)
    return out


def _is_heading(node: Node, text: str, has_children: bool) -> bool:
    if node.kind in ("part", "roman"):
        return True
    if node.kind in ("bullet", "para") or not has_children:
        return False
    return not text.endswith(":") and not _SENTENCE_BREAK.search(text) and len(text) <= 300


def count(records: list[Record]) -> int:
    return sum(1 + count(r.get("muc", [])) for r in records)


def walk(records: list[Record], parents: tuple[Record, ...] = ()) -> Iterator[tuple[Record, tuple[Record, ...]]]:
    """(clause, ancestors) for every clause, depth first."""
    for r in records:
        yield r, parents
        yield from walk(r.get("muc", []), parents + (r,))
