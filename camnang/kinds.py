"""Kinds of document (loại văn bản): the schema's list is the only list; this module orders it.

The schema (`schemas/van-ban.schema.json`, `loai.enum`) names every kind an editor may use:
the legal documents (Luật ban hành văn bản quy phạm pháp luật), the administrative documents
of Nghị định 30/2020/NĐ-CP Điều 7, the Party's kinds, and "Tin bài" for news articles.
"""

from __future__ import annotations

from functools import lru_cache

from .schema import load_schema

# Reading order of the list pages: constitution and laws, then directives and decisions,
# programmes and plans, then the rest in the schema's order, news last.
_LEADING = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị quyết liên tịch", "Nghị định",
            "Chỉ thị", "Kết luận", "Quyết định", "Thông tư", "Thông tư liên tịch", "Quy định", "Quy chế",
            "Công văn", "Đề án", "Chương trình", "Chương trình phối hợp", "Chương trình hành động", "Kế hoạch",
            "Hướng dẫn")


@lru_cache(maxsize=1)
def document_kinds() -> tuple[str, ...]:
    """Every kind the schema allows, in reading order."""
    allowed = load_schema("van-ban")["properties"]["loai"]["enum"]
    leading = [k for k in _LEADING if k in allowed]
    rest = [k for k in allowed if k not in leading and k != "Tin bài"]
    return tuple(leading + rest + (["Tin bài"] if "Tin bài" in allowed else []))


def kind_rank(kind: str) -> int:
    kinds = document_kinds()
    return kinds.index(kind) if kind in kinds else len(kinds)
