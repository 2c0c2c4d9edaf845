"""`camnang fmt`: one canonical layout for every data file, without changing its meaning.

Canonical means: NFC text, keys in the schema's order, 2-space indentation with
indented lists, quotes only where YAML needs them, multi-line text as `|-` blocks,
no line wrapping (a long sentence stays on one line, so a diff shows what changed),
and the `# yaml-language-server: $schema=…` line first. Formatting twice changes nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

from .fastcheck import Schema
from .schema import KINDS, load_schema, resolve
from .yamlio import read_yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../../camnang/schemas/{kind}.schema.json"


class _Dumper(yaml.SafeDumper):
    """Indented block lists, literal blocks for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style  # one quoting style: double quotes


def _str(dumper: yaml.SafeDumper, value: str) -> ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


@dataclass
class FmtResult:
    path: Path
    changed: bool
    skipped: str | None = None  # why the file was left alone


def format_text(kind: str, data: object) -> str:
    ordered = _order(data, load_schema(kind), load_schema(kind))
    body = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)
    return SCHEMA_LINE.format(kind=kind) + "\n" + unicodedata.normalize("NFC", body)


def _order(value: object, node: Schema, root: Schema) -> object:
    node = resolve(node, root)
    if isinstance(value, dict):
        props = node.get("properties", {})
        keys = [k for k in props if k in value] + sorted(k for k in value if k not in props)
        return {k: _order(value[k], props.get(k, {}), root) for k in keys}
    if isinstance(value, list):
        return [_order(v, node.get("items", {}), root) for v in value]
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def format_file(path: Path, kind: str, *, write: bool) -> FmtResult:
    # read_yaml first: it refuses symlinks, FIFOs and devices and reads at most 2 MB, so nothing
    # below reads (or writes through) anything but a regular data file.
    source, _problems = read_yaml(path, str(path))
    if source.data is None:
        return FmtResult(path, False, "không đọc được tệp; chạy `camnang check` để xem lỗi")
    text = path.read_text("utf-8", errors="replace")
    extra_comments = [ln for ln in text.splitlines()[1:] if ln.lstrip().startswith("#")]
    if extra_comments:
        return FmtResult(path, False, "có chú thích (#) trong tệp; fmt sẽ làm mất chú thích nên bỏ qua")
    new = format_text(kind, source.data)
    changed = new != text
    if changed and write:
        path.write_text(new, encoding="utf-8")
    return FmtResult(path, changed)


def format_tree(data_dir: Path, *, write: bool) -> list[FmtResult]:
    results = []
    for kind in KINDS:
        for path in sorted((data_dir / kind).glob("*.yml")):
            results.append(format_file(path, kind, write=write))
    return results
