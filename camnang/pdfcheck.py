"""The laid-out tables of a PDF, as Typst reports them, and what would make them hard to read.

Every table of the templates is a `data-table` (camnang/typst/common.typ), whose cells report
the width of their column (in characters of their own text), the lines their text takes at that
width (measured by Typst) and its words (metadata labelled `<table-cell>`); the table reports its
width and the room it had (`<data-table>`). `typstc` queries them right
after compiling (the layout is cached, so this costs a few milliseconds) and this module judges
them: a column narrower than `MIN_COLUMN_CHARS` whose cells wrap, or a cell whose lines hold
fewer than `MIN_WORDS_PER_LINE` words ("cán bộ, hội / viên Hội / Khuyến / học"), is a problem.
Tables drawn without `data-table` are counted too (`<any-table>` against `<data-table>`), so none
escapes the check unmeasured.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from .vntext import number

MIN_COLUMN_CHARS = 12  # as `min-column-chars` in common.typ
MIN_WORDS_PER_LINE = 2.0
MIN_LINES_FOR_WORDS = 3  # a cell of one or two short lines says little about its column

# The selectors typstc queries after compiling; their JSON results are handed to `from_query`.
CELL_SELECTOR = "<table-cell>"
MEASURED_SELECTOR = "<data-table>"
ANY_TABLE_SELECTOR = "<any-table>"


class Cell(NamedTuple):
    table: str  # the table's name, e.g. "Chỉ tiêu: Công dân học tập"
    column: int  # 0-based
    chars: float  # the column's width inside its insets, in average characters of the cell's text
    lines: int
    words: int
    text: str


class Column(NamedTuple):
    table: str
    column: int
    chars: float
    wraps: bool  # some cell of it takes more than one line


@dataclass(frozen=True)
class Layout:
    """The measured tables of one PDF."""

    cells: tuple[Cell, ...] = ()
    tables: int = 0  # tables drawn by data-table (measured)
    all_tables: int = 0  # every table element of the document
    overflowing: tuple[str, ...] = ()  # tables wider than the room they had

    def columns(self) -> list[Column]:
        """One entry per (table, column), in first-seen order."""
        seen: dict[tuple[str, int], Column] = {}
        for cell in self.cells:
            key = (cell.table, cell.column)
            known = seen.get(key)
            wraps = cell.lines > 1 or (known is not None and known.wraps)
            chars = cell.chars if known is None else min(known.chars, cell.chars)
            seen[key] = Column(cell.table, cell.column, chars, wraps)
        return list(seen.values())

    def narrowest_wrapping(self) -> Column | None:
        """The narrowest column whose text wraps (a short column that fits its text is fine)."""
        wrapping = [c for c in self.columns() if c.wraps]
        return min(wrapping, key=lambda c: c.chars) if wrapping else None

    def narrowest(self) -> Column | None:
        columns = self.columns()
        return min(columns, key=lambda c: c.chars) if columns else None

    def worst_words_per_line(self) -> tuple[float, Cell] | None:
        """Fewest words per line over cells of at least MIN_LINES_FOR_WORDS lines."""
        tall = [(c.words / c.lines, c) for c in self.cells if c.lines >= MIN_LINES_FOR_WORDS]
        return min(tall, key=lambda pair: pair[0]) if tall else None

    def problems(self) -> list[str]:
        """Vietnamese lines, one per problem; empty when every table reads as a table."""
        out = []
        for col in self.columns():
            if col.wraps and col.chars < MIN_COLUMN_CHARS:
                out.append(f"bảng “{col.table}”, cột {col.column + 1}: rộng {number(col.chars, 1)} ký tự "
                           f"(tối thiểu {MIN_COLUMN_CHARS}) mà chữ phải xuống dòng")
        for cell in self.cells:
            if cell.lines >= MIN_LINES_FOR_WORDS and cell.words / cell.lines < MIN_WORDS_PER_LINE:
                out.append(f"bảng “{cell.table}”, cột {cell.column + 1}: {cell.words} từ trên {cell.lines} dòng "
                           f"(“{_short(cell.text)}”)")
        for name in self.overflowing:
            out.append(f"bảng “{name}” rộng hơn chỗ dành cho nó")
        if self.all_tables != self.tables:
            out.append(f"{self.all_tables - self.tables} bảng không đo được (không dựng bằng data-table)")
        return out

    def figures(self) -> str:
        """"bảng: 40, cột hẹp nhất xuống dòng 14,2 ký tự, ít nhất 2,9 từ/dòng" — for reports."""
        wrapping = self.narrowest_wrapping()
        worst = self.worst_words_per_line()
        parts = [f"bảng: {self.tables}"]
        parts.append(f"cột hẹp nhất xuống dòng {number(wrapping.chars, 1)} ký tự" if wrapping else "không cột nào xuống dòng")
        if worst:
            parts.append(f"ít nhất {number(worst[0], 1)} từ/dòng")
        return ", ".join(parts)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def from_query(cells_json: str, measured_json: str, any_json: str) -> Layout:
    """A Layout from the JSON results of the three selectors (typst's `query(..., field="value")`)."""
    cells = tuple(_cell(item) for item in json.loads(cells_json))
    tables = json.loads(measured_json)  # {table, width, room} in pt
    overflowing = tuple(str(t["table"]) for t in tables if float(t["width"]) > float(t["room"]) + 0.5)
    return Layout(cells, len(tables), len(json.loads(any_json)), overflowing)


def _cell(item: dict[str, Any]) -> Cell:
    return Cell(str(item["table"]), int(item["column"]), float(item["chars"]), int(item["lines"]),
                int(item["words"]), str(item["text"]))


def to_json(layout: Layout) -> str:
    """The worker's wire form (typstc → pdf), read back by `from_json`."""
    return json.dumps({"cells": [c._asdict() for c in layout.cells], "tables": layout.tables,
                       "all_tables": layout.all_tables, "overflowing": list(layout.overflowing)},
                      ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> Layout:
    data = json.loads(text)
    return Layout(tuple(_cell(c) for c in data["cells"]), int(data["tables"]), int(data["all_tables"]),
                  tuple(str(name) for name in data["overflowing"]))
