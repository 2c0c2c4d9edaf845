"""`camnang new <loại> <id>`: a valid skeleton record built from the schema itself.

Required fields get `null` where the schema allows it (unknown stays visibly empty),
otherwise the schema's first example, so the skeleton passes `camnang check` and
shows the editor what each field looks like.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .fastcheck import Schema
from .fmt import format_text
from .schema import KINDS, load_schema, resolve

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class SkeletonError(Exception):
    """A Vietnamese message for the editor."""


def skeleton(kind: str, record_id: str) -> str:
    schema = load_schema(kind)
    record: dict[str, Any] = {}
    for key in schema["required"]:
        prop = resolve(schema["properties"][key], schema)
        record[key] = record_id if key == "id" else _placeholder(prop, schema)
    return format_text(kind, record)


def _placeholder(prop: Schema, root: Schema) -> Any:  # Any: an example from the schema (parsed JSON)
    types = prop.get("type")
    if isinstance(types, list) and "null" in types:
        return None
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("examples"):
        return prop["examples"][0]
    if types == "array":
        return [_placeholder(resolve(prop.get("items", {}), root), root)]
    return None


def write_skeleton(data_dir: Path, kind: str, record_id: str) -> Path:
    if kind not in KINDS:
        raise SkeletonError(f"Không có loại bản ghi `{kind}`; các loại: {', '.join(KINDS)}")
    if not ID_PATTERN.fullmatch(record_id):  # match() with `$` would accept "x\n"
        raise SkeletonError(f"Mã `{record_id}` không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang")
    longest = load_schema(kind)["properties"]["id"].get("maxLength")
    if longest and len(record_id) > longest:
        raise SkeletonError(f"Mã dài {len(record_id)} ký tự, quá {longest} ký tự cho phép; chọn mã ngắn hơn")
    path = data_dir / kind / f"{record_id}.yml"
    if os.path.lexists(path):  # lexists: a dangling symlink counts, so nothing is written through it
        raise SkeletonError(f"Tệp {path} đã có; chọn mã khác hoặc sửa tệp đó")
    if any(p.is_symlink() for p in (data_dir / kind, data_dir)):
        raise SkeletonError(f"Thư mục {data_dir / kind} là liên kết tượng trưng (symlink); không ghi vào đó")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, record_id), encoding="utf-8")
    return path
