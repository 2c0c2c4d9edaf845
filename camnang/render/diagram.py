"""The relationship diagram: documents in columns by depth of "căn cứ / thực hiện".

Column 0 holds documents based on nothing else in the handbook (Chỉ thị 11, the
laws); each other document sits one column right of the deepest document it is
based on. Layout is linear in documents + relations. Output is inline SVG whose
nodes are links, followed by the same structure as a nested list (for phones
and screen readers).
"""

from __future__ import annotations

import html
from collections import defaultdict

from ..model import Document, Handbook
from ..vntext import one_line
from .changes import issuer_changed, issuer_note
from .common import link
from .lists import DIAGRAM

BOX_W, BOX_H, COL_GAP, ROW_GAP, PAD = 230, 46, 70, 14, 10


def depths(hb: Handbook) -> dict[str, int]:
    """Longest basis chain below each document (memoised DFS; cycles are refused by validation)."""
    basis = hb.based_on  # the "căn cứ" graph, built once in Handbook.reindex
    depth: dict[str, int] = {}
    for start in sorted(hb.documents):
        stack = [start]
        while stack:
            node = stack[-1]
            pending = [t for t in basis[node] if t not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            depth[node] = 1 + max((depth[t] for t in basis[node]), default=-1)
    return depth


def diagram_page(hb: Handbook) -> str:
    depth = depths(hb)
    columns: dict[int, list[Document]] = defaultdict(list)
    for doc in hb.documents.values():
        columns[depth[doc.id]].append(doc)
    rows = _order_rows(hb, columns)
    svg = _svg(hb, rows)
    return "\n".join([
        "# Sơ đồ quan hệ văn bản\n",
        "Mỗi ô là một văn bản (bấm để mở). Mũi tên đi từ văn bản được căn cứ/thực hiện sang văn bản thực hiện nó; "
        "cột bên trái là các văn bản gốc. Quan hệ dẫn chiếu không vẽ, xem trên trang từng văn bản. "
        "Dấu † ở góc ô: cơ quan ban hành đã thay đổi từ năm 2025 (cây quan hệ bên dưới ghi rõ).\n",
        f'<div class="cn-so-do" role="figure" aria-label="Sơ đồ quan hệ văn bản">\n{svg}\n</div>\n',
        "## Cây quan hệ\n",
        _tree(hb),
    ])


def _order_rows(hb: Handbook, columns: dict[int, list[Document]]) -> dict[int, list[Document]]:
    """Order each column by the mean row of what its documents are based on (one barycentre pass)."""
    position: dict[str, float] = {}
    ordered: dict[int, list[Document]] = {}
    for col in sorted(columns):
        def weight(doc: Document) -> tuple[float, str, str]:
            rows = [position[t] for t in hb.based_on[doc.id] if t in position]
            return (sum(rows) / len(rows) if rows else -1, doc.date.isoformat() if doc.date else "9", doc.short_name)
        ordered[col] = sorted(columns[col], key=weight)
        for i, doc in enumerate(ordered[col]):
            position[doc.id] = i
    return ordered


def _svg(hb: Handbook, rows: dict[int, list[Document]]) -> str:
    where: dict[str, tuple[int, int]] = {}
    for col, docs in rows.items():
        for i, doc in enumerate(docs):
            where[doc.id] = (PAD + col * (BOX_W + COL_GAP), PAD + i * (BOX_H + ROW_GAP))
    width = PAD * 2 + len(rows) * (BOX_W + COL_GAP) - COL_GAP
    height = PAD * 2 + max(len(d) for d in rows.values()) * (BOX_H + ROW_GAP) - ROW_GAP
    edges, nodes = [], []
    for doc in hb.documents.values():
        x2, y2 = where[doc.id]
        for target_id in hb.based_on[doc.id]:
            left, top = where[target_id]
            x1, y1, y2m = left + BOX_W, top + BOX_H / 2, y2 + BOX_H / 2
            mid = (x1 + x2) / 2
            edges.append(f'<path d="M{x1},{y1} C{mid},{y1} {mid},{y2m} {x2},{y2m}" class="cn-canh" marker-end="url(#cn-mui-ten)"/>')
    for doc_id in sorted(where):
        doc = hb.documents[doc_id]
        x, y = where[doc_id]
        href = html.escape(f"{doc.id}.html", quote=True)
        lines = _wrap(doc.short_name, 32)[:2]
        first_dy = 28 if len(lines) == 1 else 19  # centre one line, or two lines, in the box
        text = "".join(f'<tspan x="{x + 8}" dy="{15 if i else first_dy}">{html.escape(t)}</tspan>'
                       for i, t in enumerate(lines))
        kind_class = " cn-goc" if doc.has_text else ""
        changed = issuer_changed(hb, doc)
        title = one_line(doc.short_name) + (f" — cơ quan ban hành, từ 2025: {changed.text}" if changed else "")
        mark = (f'<text x="{x + BOX_W - 14}" y="{y + 14}" class="cn-doi" aria-hidden="true">†</text>'
                if changed else "")  # the body changed since: the title and the tree below say how
        nodes.append(f'<a href="{href}"><title>{html.escape(one_line(title))}</title>'
                     f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" class="cn-nut{kind_class}"/>'
                     f'<text x="{x + 8}" y="{y}">{text}</text>{mark}</a>')
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
            'role="img" aria-label="Sơ đồ căn cứ và thực hiện giữa các văn bản">'
            '<defs><marker id="cn-mui-ten" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
            + "".join(edges) + "".join(nodes) + "</svg>")


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    if len(lines) > 2:
        lines[1] = lines[1][: width - 1] + "…"
    return lines


# Nesting shown in the tree. Deeper levels are listed at this level with their level number:
# Markdown nesting costs indentation on every line (quadratic in depth), and a reader cannot
# follow forty indents anyway.
MAX_TREE_LEVEL = 8


def _tree(hb: Handbook) -> str:
    """Nested list: each root document, then what carries it out, recursively (each shown once)."""
    children = hb.carried_out_by
    roots = sorted((d for d in hb.documents.values() if not hb.based_on[d.id] and children.get(d.id)),
                   key=lambda d: (d.date is None, d.date or 0, d.short_name))
    out: list[str] = []
    shown: set[str] = set()
    for root in roots:
        stack = [(root.id, 0)]
        while stack:
            doc_id, level = stack.pop()
            doc = hb.documents[doc_id]
            again = doc_id in shown
            suffix = " *(đã nêu ở trên)*" if again and children.get(doc_id) else ""
            note = "" if again else issuer_note(hb, DIAGRAM, doc)
            shown_level = min(level, MAX_TREE_LEVEL)
            deeper = f"*(cấp {level + 1})* " if level > MAX_TREE_LEVEL else ""
            out.append("    " * shown_level + f"- {deeper}{link(DIAGRAM, doc.url, doc.short_name)}{suffix}{note}")
            if again:
                continue
            shown.add(doc_id)
            kids = sorted(children.get(doc_id, []), key=lambda i: hb.documents[i].short_name, reverse=True)
            stack.extend((k, level + 1) for k in kids)
    return "\n".join(out) + "\n"
