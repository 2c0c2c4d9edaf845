"""Safe YAML reading that keeps the position of every value.

This is the only module that sees raw YAML. It refuses what an editor never needs
and an attacker might use: anything but a regular file (symlinks, devices, FIFOs),
files over 2 MB (counted on the bytes read), non-UTF-8 bytes, a BOM, text not in NFC,
control, bidi and noncharacter code points, nesting deeper than MAX_DEPTH (checked
before any recursive composer sees the text), aliases (alias bombs), explicit tags
(`!!python/...`), typed scalars that do not convert, numbers that are not finite or
too large, duplicate keys.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeAlias, cast

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Severity
from .vntext import number

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 48  # nested lists/mappings; the real data uses 10, a clause tree 24 levels deep still builds
MAX_NUMBER = 10**15  # no count, score or year in a handbook comes near; keeps floats exact
# Characters in one text value; the longest paragraph of the real data has about 1,200. Python-Markdown
# is quadratic in the escapes of one paragraph (200,000 `&` or `*` take minutes per page).
MAX_TEXT = 10_000
Path_: TypeAlias = tuple[str | int, ...]  # key path: ("noi_dung", 2, "muc", 0, "id")

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "bool", "null", "float", "timestamp", "seq", "map")}
_COLLECTION_TAGS = {_TAG + "seq", _TAG + "map"}


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
    # Parsed YAML, the dynamic boundary: any mix of dict/list/str/int/float/bool/None (None also when
    # unreadable). Readers past schema validation index it as the schema's shape.
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

    def diag(self, path: Path_, message: str, hint: str = "", *, key: bool = False,
             severity: str = Severity.ERROR) -> Diagnostic:
        line, col = self.mark(path, key=key)
        return Diagnostic(self.rel, line, col, message, hint, format_path(path), severity=severity)


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

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            # types-PyYAML leaves Parser.peek_event unannotated; after check_event it is an AliasEvent.
            event: AliasEvent = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Problem(
                *_position(event.start_mark),
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
        _check_characters(text, raw)
        problems = _nfc_problems(text, rel)
        # Reported above; parse the normalised text so one NFD word gives one error, not several.
        out.text = unicodedata.normalize("NFC", text)
        out.data = _construct(_compose(out.text), (), None)
    except _Problem as p:
        return out, [Diagnostic(rel, p.line, p.col, p.message, p.hint)]
    if "\\" in out.text:  # only a double-quoted escape can make a character the raw text does not hold
        problems += _escaped_character_problems(out)
        if problems:
            out.data = None
    return out, problems


def not_regular_problem(mode: int) -> tuple[str, str] | None:
    """Message and hint for a directory entry that is not a regular file (from lstat), else None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return ("Liên kết tượng trưng (symlink): cẩm nang không đọc theo liên kết",
                "thay liên kết bằng chính tệp hoặc thư mục (chép nội dung vào đây), hoặc xóa liên kết")
    if stat.S_ISDIR(mode):
        return ("Thư mục ở chỗ cần một tệp", "đổi tên thư mục, hoặc chuyển các tệp trong đó ra đúng thư mục dữ liệu")
    return ("Không phải tệp thường (thiết bị, FIFO hay socket); cẩm nang không đọc",
            "xóa mục này khỏi data/; dữ liệu chỉ gồm các tệp .yml thường")


# O_NOFOLLOW: a symlink swapped in after the lstat fails to open instead of being followed.
# O_NONBLOCK: a FIFO swapped in opens without waiting for a writer (and fstat then refuses it).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file only, never more than MAX_BYTES + 1 bytes read."""
    try:
        refused = not_regular_problem(os.lstat(path).st_mode)
        if refused:
            raise _Problem(1, 1, *refused)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        raise _Problem(1, 1, f"Không đọc được tệp ({e.strerror})", "kiểm tra quyền đọc tệp; tệp phải là tệp thường") from None
    try:
        refused = not_regular_problem(os.fstat(fd).st_mode)
        if refused:
            raise _Problem(1, 1, *refused)
        chunks, size = [], 0
        while size <= MAX_BYTES:  # st_size is not trusted: it can change, or be 0 (/proc, devices)
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        raise _Problem(1, 1, f"Tệp quá lớn (hơn {number(MAX_BYTES)} byte)", "tách thành nhiều tệp, mỗi tệp một bản ghi")
    return b"".join(chunks)


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


# Code points no handbook text needs, that change what a reader sees or break a later tool:
# C0 controls but tab and line feed (carriage return only as part of CRLF), DEL, C1 controls,
# U+2028/2029 (line breaks to YAML, not to Markdown), bidi embeddings, overrides and isolates
# ("Trojan Source"), noncharacters, and lone surrogates (only a "\ud800" escape makes one).
# The raw text is searched with the BMP class alone (astral code points in a class make every
# search several times slower; UTF-8 cannot hold a surrogate): astral noncharacters are looked
# for only in a file whose bytes hold BF BE / BF BF, the tail of their UTF-8 encoding.
_FORBIDDEN_BMP = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL_NONCHARACTERS = "".join(chr(p + 0xFFFE) + chr(p + 0xFFFF) for p in range(0x10000, 0x110000, 0x10000))
_FORBIDDEN_IN_TEXT = re.compile(f"[{_FORBIDDEN_BMP}]")
_ASTRAL_IN_TEXT = re.compile(f"[{_ASTRAL_NONCHARACTERS}]")
_FORBIDDEN_IN_VALUE = re.compile(f"[\r{_FORBIDDEN_BMP}\ud800-\udfff{_ASTRAL_NONCHARACTERS}]")
_LONE_CR = re.compile("\r(?!\n)")


def _character_problem(ch: str) -> tuple[str, str]:
    code = f"U+{ord(ch):04X}"
    if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069":
        return (f"Ký tự điều khiển hướng chữ ({code}) không được phép",
                "ký tự này làm chữ hiện ra khác với chữ thật trong tệp (kiểu tấn công “Trojan Source”); "
                "xóa nó, tiếng Việt không cần")
    if "\ud800" <= ch <= "\udfff":
        return (f"Nửa cặp thay thế (surrogate) {code} đứng lẻ",
                "viết thẳng ký tự, hoặc dùng \\U0001F600 (8 chữ số) thay cho cặp \\ud83d\\ude00")
    if ch == "\r":
        return (f"Ký tự điều khiển hoặc ký tự không dùng được ({code}, về đầu dòng)",
                "lưu tệp với kiểu xuống dòng LF (hoặc CRLF); xuống dòng trong chuỗi thì dùng khối `|`")
    return (f"Ký tự điều khiển hoặc ký tự không dùng được ({code})",
            "xóa ký tự này (thường lẫn vào khi chép từ Word hay PDF); xuống dòng trong chuỗi thì dùng khối `|`")


def _check_characters(text: str, raw: bytes) -> None:
    found = _FORBIDDEN_IN_TEXT.search(text)
    rare = ([_LONE_CR] if "\r" in text else []) + ([_ASTRAL_IN_TEXT] if b"\xbf\xbe" in raw or b"\xbf\xbf" in raw else [])
    for pattern in rare:
        other = pattern.search(text)
        if other and (found is None or other.start() < found.start()):
            found = other
    if found:
        i = found.start()
        line, col = text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1
        raise _Problem(line, col, *_character_problem(found.group()))


def _escaped_character_problems(source: YamlFile) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def visit(value: object, path: Path_) -> None:
        if isinstance(value, str):
            found = _FORBIDDEN_IN_VALUE.search(value)
            if found:
                out.append(source.diag(path, *_character_problem(found.group())))
        elif isinstance(value, dict):
            for key, child in value.items():
                found = _FORBIDDEN_IN_VALUE.search(key)
                if found:  # positioned at the key, shown by its parent's path: the key itself may reorder the line
                    line, col = source.mark(path + (key,), key=True)
                    out.append(Diagnostic(source.rel, line, col, *_character_problem(found.group()), format_path(path)))
                visit(child, path + (key,))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                visit(child, path + (i,))

    visit(source.data, ())
    return out


class _Mark(Protocol):  # yaml.error.Mark and libyaml's yaml._yaml.Mark alike
    line: int
    column: int


def _position(mark: _Mark | None) -> tuple[int, int]:
    """1-based line and column of a mark (PyYAML's events always carry one)."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


# Nesting depth is checked before composing: PyYAML's composer recurses once per level
# (RecursionError) and libyaml's compiled one overflows the C stack (a segfault at ~100,000
# levels). Cheap bound first: every flow level needs a `[` or `{`, and a block level needs more
# indentation (or a `- `, `? `, `: ` indicator) than its parent at least every second level.
# Only a file that fails the bound is walked event by event (a state machine, no recursion).
_FLOW_BOUND = 12
_DEEP_LINE = re.compile(f"\n[ \t?:-]{{{(MAX_DEPTH - _FLOW_BOUND) // 2 - 1}}}")


def _flow_openers(text: str) -> int:
    """An upper bound on flow nesting: every `[`/`{`, but an empty `[]`/`{}` (as `camnang fmt` writes
    empty lists) counts once for all, since nothing nests in it."""
    empty = text.count("[]") + text.count("{}")
    return text.count("[") + text.count("{") - empty + (1 if empty else 0)


def _check_depth(text: str) -> None:
    if _flow_openers(text) <= _FLOW_BOUND and not _DEEP_LINE.search(text) \
            and not _DEEP_LINE.match("\n" + text[:MAX_DEPTH]):
        return
    parsers = ([lambda t: yaml.CSafeLoader(t)] if yaml.__with_libyaml__ else []) + [lambda t: yaml.SafeLoader(t)]
    for make in parsers:
        parser, depth = make(text), 0
        try:
            while (event := parser.get_event()) is not None:
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        line, col = _position(event.start_mark)
                        raise _Problem(line, col, f"Cấu trúc lồng quá sâu (quá {MAX_DEPTH} cấp)",
                                       "dữ liệu cẩm nang không cần nhiều cấp như vậy: kiểm tra dấu ngoặc [ { và thụt lề")
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1
            return
        except yaml.YAMLError:
            continue  # the careful parser below reports the syntax error, at no greater depth
        finally:
            parser.dispose()


# Anything that could be an anchor (&x) or alias (*x). Files without one take libyaml's fast
# path; the others (and any file with an error) go through the careful pure-Python loader,
# which stops at the first alias and words its errors precisely.
_MAYBE_ALIAS = re.compile(r"[&*][^\s,\[\]{}]")


def _compose(text: str) -> Node:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _Problem(1, 1, "Tệp rỗng", "mỗi tệp phải chứa một bản ghi; dùng `camnang new` để tạo khung")
    _check_depth(text)
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
    except RecursionError:  # not expected after _check_depth; never a traceback all the same
        raise _Problem(1, 1, f"Cấu trúc lồng quá sâu (quá {MAX_DEPTH} cấp)", "kiểm tra dấu ngoặc [ { và thụt lề") from None
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


def _construct(node: Node, path: Path_, marks: _Marks | None) -> Any:  # Any: parsed YAML
    """Turn a node into plain data, checking tags and duplicate keys; record positions into
    `marks` when given (then `path` is the node's key path, else unused)."""
    if marks is not None:
        marks.value[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _ALLOWED_TAGS:
        raise _Problem(node.start_mark.line + 1, node.start_mark.column + 1,
                       f"Thẻ YAML không được phép: {node.tag.replace(_TAG, '!!')}",
                       "dữ liệu chỉ gồm chuỗi, số, đúng/sai, danh sách và ánh xạ; bỏ thẻ bắt đầu bằng !")
    shape = _TAG + ("map" if isinstance(node, MappingNode) else "seq" if isinstance(node, SequenceNode) else "")
    if node.tag != shape and (shape != _TAG or node.tag in _COLLECTION_TAGS):  # `!!str [a]`, `!!seq "a"`
        raise _Problem(node.start_mark.line + 1, node.start_mark.column + 1,
                       f"Giá trị không chuyển được sang kiểu {node.tag.replace(_TAG, '!!')}",
                       "bỏ thẻ !!… ở đầu giá trị, hoặc sửa giá trị cho đúng kiểu")
    if isinstance(node, MappingNode):
        return _construct_mapping(node, path, marks)
    if isinstance(node, SequenceNode):
        if marks is None:
            return [_construct(child, (), None) for child in node.value]
        return [_construct(child, path + (i,), marks) for i, child in enumerate(node.value)]
    return _construct_scalar(cast(ScalarNode, node))  # the composer makes no other kind of node


def _construct_mapping(node: MappingNode, path: Path_, marks: _Marks | None) -> dict[str, Any]:
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
            result[key] = _construct(value_node, (), None)
        else:
            marks.key[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _construct(value_node, path + (key,), marks)
    return result


_NULLS = {"", "~", "null", "Null", "NULL"}


def _construct_scalar(node: ScalarNode) -> str | bool | int | float | None:
    tag = node.tag[len(_TAG):]
    try:
        if tag == "null":
            if node.value not in _NULLS:
                raise ValueError(node.value)
            return None
        if tag == "bool":
            return _SCALARS.bool_values[node.value.lower()]
        if tag in ("int", "float"):
            return _construct_number(node, tag)
        if tag == "timestamp" and not _SCALARS.timestamp_regexp.match(node.value):
            raise ValueError(node.value)
    except (KeyError, ValueError, IndexError, OverflowError):  # PyYAML's own converters raise these
        raise _Problem(node.start_mark.line + 1, node.start_mark.column + 1,
                       f"Giá trị `{node.value[:40]}` không chuyển được sang kiểu !!{tag}",
                       "bỏ thẻ !!… ở đầu giá trị (ghi chuỗi trong ngoặc kép), hoặc sửa giá trị cho đúng kiểu") from None
    if len(node.value) > MAX_TEXT:
        raise _Problem(node.start_mark.line + 1, node.start_mark.column + 1,
                       f"Chuỗi quá dài ({number(len(node.value))} ký tự; tối đa {number(MAX_TEXT)})",
                       "tách đoạn văn thành nhiều mục con (`muc`), mỗi mục một đoạn của văn bản gốc")
    return str(node.value)  # str and timestamp: dates stay text, validated by the schema


def _construct_number(node: ScalarNode, tag: str) -> int | float:
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    shown = node.value if len(node.value) <= 24 else node.value[:24] + "…"
    # Python refuses int() of more than 4,300 decimal digits, and is slow well before; hex, octal,
    # binary and sexagesimal (1:30:00) integers have no such limit: count every digit first.
    digits = sum(ch.isalnum() for ch in node.value)
    if tag == "int" and digits > 20:
        raise _Problem(*where, f"Số quá lớn: `{shown}` ({digits} chữ số)",
                       f"số trong cẩm nang nhỏ hơn {number(MAX_NUMBER)}; kiểm tra lại với văn bản gốc")
    value: int | float = getattr(_SCALARS, f"construct_yaml_{tag}")(node)
    if isinstance(value, float) and not math.isfinite(value):
        raise _Problem(*where, f"Giá trị `{shown}` không phải một số hữu hạn",
                       "ghi con số cụ thể theo văn bản gốc; chưa rõ thì ghi null (nếu trường cho phép)")
    if abs(value) >= MAX_NUMBER:
        raise _Problem(*where, f"Số quá lớn: `{shown}`",
                       f"số trong cẩm nang nhỏ hơn {number(MAX_NUMBER)}; kiểm tra lại với văn bản gốc")
    return value
