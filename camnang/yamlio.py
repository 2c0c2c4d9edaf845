"""Safe YAML reading that keeps the position of every value.

This is the only module that sees raw YAML. It refuses what an editor never needs
and an attacker might use: aliases (alias bombs), explicit tags (`!!python/...`),
duplicate keys, files over 2 MB, non-UTF-8 bytes, a BOM, text not in NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic

MAX_BYTES = 2 * 1024 * 1024
Path_ = tuple  # key path: ("noi_dung", 2, "muc", 0, "id")

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "bool", "null", "float", "timestamp", "seq", "map")}


@dataclass
class _Marks:
    value: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key: dict[Path_, tuple[int, int]] = field(default_factory=dict)


@dataclass
class YamlFile:
    """A parsed data file: plain data, and the position of every key and value on demand.

    Positions are only needed to report a problem, so they are computed (by parsing the
    text again) the first time one is asked for, not for every file of every build.
    """

    rel: str
    data: Any = None
    text: str | None = field(default=None, repr=False)
    _marks: _Marks | None = field(default=None, repr=False)

    def marks(self) -> _Marks:
        if self._marks is None:
            self._marks = _Marks()
            if self.text is not None:
                _construct(_compose(self.text), (), self._marks)
        return self._marks

    def mark(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Best position for a path: the key or the value, else the nearest parent."""
        path = tuple(path)
        found = self.marks()
        while True:
            marks = found.key if key else found.value
            if path in marks:
                return marks[path]
            if path in found.value:
                return found.value[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def diag(self, path: Path_, message: str, hint: str = "", *, key: bool = False, **kw) -> Diagnostic:
        line, col = self.mark(path, key=key)
        return Diagnostic(self.rel, line, col, message, hint, format_path(path), **kw)


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Problem(Exception):
    def __init__(self, line: int, col: int, message: str, hint: str = ""):
        self.line, self.col, self.message, self.hint = line, col, message, hint


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that stops at the first alias, before any expansion can happen."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise _Problem(
                mark.line + 1,
                mark.column + 1,
                "Không dùng bí danh YAML (*tên) hay neo (&tên)",
                "viết đầy đủ giá trị tại chỗ; bí danh có thể làm tệp phình to (alias bomb)",
            )
        return super().compose_node(parent, index)


def read_yaml(path: Path, rel: str) -> tuple[YamlFile, list[Diagnostic]]:
    """Read one data file. Returns the parsed file (data None on fatal error) and diagnostics."""
    out = YamlFile(rel)
    try:
        raw = _read_bytes(path)
        text = _decode(raw)
        problems = _nfc_problems(text, rel)
        # Reported above; parse the normalised text so one NFD word gives one error, not several.
        out.text = unicodedata.normalize("NFC", text)
        out.data = _construct(_compose(out.text), None, None)
    except _Problem as p:
        return out, [Diagnostic(rel, p.line, p.col, p.message, p.hint)]
    return out, problems


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _Problem(1, 1, f"Tệp quá lớn ({size:,} byte; tối đa {MAX_BYTES:,} byte)",
                       "tách thành nhiều tệp, mỗi tệp một bản ghi")
    return path.read_bytes()


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Problem(1, 1, "Tệp có BOM (dấu thứ tự byte) ở đầu",
                       "lưu lại dưới dạng UTF-8 không BOM (VS Code: \"Save with Encoding\" → UTF-8)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _Problem(line, col, "Tệp không phải UTF-8 (byte không hợp lệ)",
                       "lưu lại tệp với mã hóa UTF-8; đừng dùng TCVN3/VNI hay Windows-1258") from None


def _nfc_problems(text: str, rel: str) -> list[Diagnostic]:
    if unicodedata.is_normalized("NFC", text):
        return []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not unicodedata.is_normalized("NFC", line):
            col = next(i for i, ch in enumerate(line, 1) if unicodedata.combining(ch)) if any(
                unicodedata.combining(ch) for ch in line) else 1
            return [Diagnostic(rel, lineno, col, "Văn bản không ở dạng Unicode dựng sẵn (NFC); dấu tiếng Việt bị tách rời",
                               "chạy `camnang fmt` để chuẩn hóa, hoặc gõ lại bằng bộ gõ Unicode dựng sẵn")]
    return []


# Anything that could be an anchor (&x) or alias (*x). Files without one take libyaml's fast
# path; the others (and any file with an error) go through the careful pure-Python loader,
# which stops at the first alias and words its errors precisely.
_MAYBE_ALIAS = re.compile(r"[&*][^\s,\[\]{}]")


def _compose(text: str) -> Node:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _Problem(1, 1, "Tệp rỗng", "mỗi tệp phải chứa một bản ghi; dùng `camnang new` để tạo khung")
    if yaml.__with_libyaml__ and not _MAYBE_ALIAS.search(text):
        try:
            node = yaml.CSafeLoader(text).get_single_node()
        except yaml.YAMLError:
            node = None  # re-read below for a precise message
        if node is not None:
            return node
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        raise _translate_yaml_error(e) from None
    except yaml.YAMLError as e:  # pragma: no cover - PyYAML always marks its errors
        raise _Problem(1, 1, f"Lỗi cú pháp YAML ({e})") from None
    finally:
        loader.dispose()
    if node is None:
        raise _Problem(1, 1, "Tệp rỗng", "mỗi tệp phải chứa một bản ghi")
    return node


_YAML_MESSAGES = [
    (re.compile(r"found character '\\t'|found a tab character"),
     "Dùng ký tự Tab để thụt lề; YAML chỉ chấp nhận dấu cách", "thay mỗi Tab bằng 2 dấu cách"),
    (re.compile(r"while scanning a quoted scalar"),
     "Chuỗi mở ngoặc kép ở đây nhưng chưa đóng", "thêm dấu \" (hoặc ') đóng ở cuối chuỗi"),
    (re.compile(r"while parsing a flow (sequence|mapping)"),
     "Dấu ngoặc [ ] hoặc { } chưa đóng, hoặc thiếu dấu phẩy giữa các phần tử", "kiểm tra cặp ngoặc trên dòng này"),
    (re.compile(r"mapping values are not allowed here"),
     "Dấu hai chấm không hợp lệ ở đây", "thụt lề sai, hoặc chuỗi có \": \" cần đặt trong ngoặc kép"),
    (re.compile(r"expected <block end>|did not find expected key|expected <block mapping start>"),
     "Thụt lề không khớp với các dòng trên", "các khóa cùng cấp phải thẳng cột, thụt lề bằng dấu cách"),
    (re.compile(r"did not find expected '-' indicator|expected <document start>|but found another document"),
     "Cấu trúc YAML sai (thụt lề hoặc có nhiều tài liệu trong một tệp)", "mỗi tệp chỉ một bản ghi; kiểm tra thụt lề"),
    (re.compile(r"found undefined tag handle|found unknown escape character|while scanning a tag"),
     "Thẻ hoặc ký tự thoát không hợp lệ", "bỏ ký tự ! hoặc \\ lạ, hoặc đặt chuỗi trong ngoặc đơn"),
]


def _translate_yaml_error(e: yaml.MarkedYAMLError) -> _Problem:
    # An unclosed quote or bracket is best shown where it opened, not at the end of the file.
    opened = e.context and ("quoted scalar" in e.context or "flow" in e.context)
    mark = (e.context_mark if opened else None) or e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = f"{e.context or ''} {e.problem or ''}"
    for pattern, message, hint in _YAML_MESSAGES:
        if pattern.search(detail):
            return _Problem(line, col, message, hint)
    return _Problem(line, col, f"Lỗi cú pháp YAML ({(e.problem or '').strip()})",
                    "so với ví dụ trong CONTRIBUTING.md; chú ý thụt lề và dấu ngoặc kép")


_SCALARS = yaml.constructor.SafeConstructor()


def _construct(node: Node, path: Path_ | None, marks: _Marks | None) -> Any:
    """Turn a node into plain data, checking tags and duplicate keys; record positions into
    `marks` when given (then `path` is the node's key path)."""
    if marks is not None:
        marks.value[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _ALLOWED_TAGS:
        raise _Problem(node.start_mark.line + 1, node.start_mark.column + 1,
                       f"Thẻ YAML không được phép: {node.tag.replace(_TAG, '!!')}",
                       "dữ liệu chỉ gồm chuỗi, số, đúng/sai, danh sách và ánh xạ; bỏ thẻ bắt đầu bằng !")
    if isinstance(node, MappingNode):
        return _construct_mapping(node, path, marks)
    if isinstance(node, SequenceNode):
        if marks is None:
            return [_construct(child, None, None) for child in node.value]
        return [_construct(child, path + (i,), marks) for i, child in enumerate(node.value)]
    return _construct_scalar(node)


def _construct_mapping(node: MappingNode, path: Path_ | None, marks: _Marks | None) -> dict:
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
            raise _Problem(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                           "Khóa phải là một chuỗi đơn giản", "viết khóa dạng `ten_khoa: giá trị`")
        key = str(key_node.value)
        if key in result:
            raise _Problem(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                           f"Khóa `{key}` lặp lại trong cùng một ánh xạ (lần đầu ở dòng {first_line[key]})",
                           "xóa một trong hai dòng hoặc gộp nội dung lại")
        first_line[key] = key_node.start_mark.line + 1
        if marks is None:
            result[key] = _construct(value_node, None, None)
        else:
            marks.key[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _construct(value_node, path + (key,), marks)
    return result


def _construct_scalar(node: ScalarNode) -> Any:
    tag = node.tag[len(_TAG):]
    if tag == "null":
        return None
    if tag in ("int", "float", "bool"):
        return getattr(_SCALARS, f"construct_yaml_{tag}")(node)
    return str(node.value)  # str and timestamp: dates stay text, validated by the schema
