""""Tham chiếu dữ liệu": every record kind and field, generated from the JSON Schemas."""

from __future__ import annotations

import json
from typing import Any

from ..schema import KINDS, load_schema, resolve
from ..vntext import md

Schema = dict[str, Any]  # a JSON Schema node as json.load gives it

_TYPES = {"string": "chuỗi", "integer": "số nguyên", "number": "số", "boolean": "true/false",
          "array": "danh sách", "object": "ánh xạ", "null": "null"}


def reference_page() -> str:
    out = ["# Tham chiếu dữ liệu\n",
           "Mô tả mọi loại bản ghi trong thư mục `data/` và từng khóa của chúng, lập tự động từ các "
           "lược đồ JSON trong `camnang/schemas/` (các lược đồ này cũng giúp VS Code gợi ý khi gõ). "
           "Khóa **in đậm** là bắt buộc; \"có thể null\" nghĩa là được để trống khi chưa rõ.\n"]
    for kind in KINDS:
        schema = load_schema(kind)
        out.append(f"## {md(schema['title'])}: `data/{kind}/` {{#{kind}}}\n")
        out.append(f"{md(schema['description'])}\n")
        out += _table(schema, schema)
        for name, sub in schema.get("$defs", {}).items():
            sub = resolve(sub, schema)
            if sub.get("properties"):
                out.append(f"### {md(sub.get('title', name))} (`{name}`) {{#{kind}-{name.replace('_', '-')}}}\n")
                out.append(f"{md(sub.get('description', ''))}\n")
                out += _table(sub, schema)
    return "\n".join(out) + "\n"


def _table(node: Schema, root: Schema) -> list[str]:
    required = set(node.get("required", []))
    rows = ["| Khóa | Tên | Kiểu | Mô tả | Ví dụ |", "|---|---|---|---|---|"]
    for key, prop in node["properties"].items():
        shown = resolve(prop, root)
        name = f"**`{key}`**" if key in required else f"`{key}`"
        rows.append(f"| {name} | {md(shown.get('title', ''))} | {md(_type(prop, root))} | "
                    f"{md(shown.get('description', ''))} | {_example(shown)} |")
    return rows + [""]


def _type(prop: Schema, root: Schema) -> str:
    if "$ref" in prop:
        return str(resolve(prop, root).get("title", "ánh xạ"))
    if "enum" in prop:
        return "một trong: " + ", ".join(str(v) for v in prop["enum"])
    types = prop.get("type", "")
    types = types if isinstance(types, list) else [types]
    words = [_TYPES.get(str(t), str(t)) for t in types if t != "null"]
    if "array" in types and "items" in prop:
        words = [f"danh sách {_type(prop['items'], root).lower()}"]
    if prop.get("format") == "date":
        words = ["ngày (năm-tháng-ngày)"]
    return " hoặc ".join(words) + (", có thể null" if "null" in types else "")


def _example(prop: Schema) -> str:
    examples = prop.get("examples")
    if not examples:
        return ""
    text = json.dumps(examples[0], ensure_ascii=False)
    return md(text if len(text) <= 80 else text[:77] + "…")
