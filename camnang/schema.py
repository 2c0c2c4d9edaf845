"""JSON Schema validation (Draft 2020-12) with Vietnamese, positioned messages."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeAlias

from jsonschema import Draft202012Validator, protocols, validators
from jsonschema.exceptions import ValidationError

from .diagnostics import Diagnostic
from .fastcheck import DATE_MAX, DATE_MIN, Check, Schema, compile_schema, date_problem, ecma_regex
from .vntext import number
from .yamlio import Path_, YamlFile, format_path

KINDS = ("van-ban", "co-quan", "thuat-ngu", "mo-hinh", "chuyen-de", "dia-ban")
MAX_MESSAGES = 50  # schema messages shown per file

_TYPE_NAMES = {
    "string": "chuỗi văn bản",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true/false",
    "array": "danh sách (các dòng bắt đầu bằng -)",
    "object": "ánh xạ (các dòng khóa: giá trị)",
    "null": "null (để trống)",
}


@cache
def load_schema(kind: str) -> Schema:
    text = resources.files("camnang").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    schema: Schema = json.loads(text)
    return schema


def resolve(node: Schema, root: Schema) -> Schema:
    """Follow a local `$ref` ("#/$defs/name") to the schema node it names."""
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return resolve(root["$defs"][ref.split("/")[-1]], root)
    return node


def _pattern_keyword(validator: protocols.Validator, pattern: str, instance: Any,  # Any: parsed YAML,
                     schema: Schema) -> Iterator[ValidationError]:  # a str once is_type says so
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _date_keyword(validator: protocols.Validator, wanted: bool, instance: object,
                  schema: Schema) -> Iterator[ValidationError]:
    problem = date_problem(instance) if wanted else None
    if problem:
        yield ValidationError(f"{instance!r} is not a date in range ({problem})")


# Draft 2020-12 with the two rules fastcheck shares (ECMA-262 patterns, x-ngay dates) and
# integers that are ints: 2023.0 is valid JSON Schema "integer", but would print as "năm 2023.0".
# `format` stays an annotation for the editor's YAML extension.
# types-jsonschema leaves validators.extend unannotated; it returns a validator class.
Validator: type[protocols.Validator] = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    validators={"pattern": _pattern_keyword, "x-ngay": _date_keyword},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, v: isinstance(v, int) and not isinstance(v, bool)),
)


@cache
def validator(kind: str) -> protocols.Validator:
    """The jsonschema validator of one kind: the authority that words the errors."""
    return Validator(load_schema(kind))


@cache
def _fast(kind: str) -> Check | None:
    return compile_schema(load_schema(kind))


def validate(kind: str, source: YamlFile) -> list[Diagnostic]:
    """All schema errors of one file, translated and positioned."""
    if not isinstance(source.data, dict):
        return [source.diag((), "Tệp phải là một ánh xạ (các dòng `khóa: giá trị`)",
                            "xem ví dụ trong CONTRIBUTING.md hoặc tạo khung bằng `camnang new`")]
    fast = _fast(kind)
    if fast is not None and fast(source.data):
        return []  # valid: the compiled check never accepts what jsonschema would reject
    # A file of 100,000 stray keys must not print 100,000 messages (or take minutes to word them).
    found = itertools.islice(validator(kind).iter_errors(source.data), MAX_MESSAGES * 10)
    errors = sorted(found, key=lambda e: [str(p) for p in e.absolute_path])
    out: list[Diagnostic] = []
    for error in errors:
        out.extend(_translate(error, source))
        if len(out) > MAX_MESSAGES * 2:
            break
    # jsonschema yields one `required` error per missing key, each naming the whole list, and
    # an alternative of anyOf may repeat its siblings' findings: each message once, in order.
    out = list(dict.fromkeys(out))
    if len(out) > MAX_MESSAGES:
        rest = out[MAX_MESSAGES]
        out = out[:MAX_MESSAGES] + [Diagnostic(rest.file, rest.line, rest.col,
                                               f"Tệp còn nhiều lỗi khác; chỉ hiện {MAX_MESSAGES} lỗi đầu",
                                               "sửa các lỗi trên rồi chạy lại `camnang check`")]
    return out


@dataclass(frozen=True)
class _Found:
    """What the handlers read of a ValidationError; from iter_errors all three are set (types-jsonschema
    also allows the `Unset` of an error made by hand)."""

    validator: str  # the keyword: "required", "type", …
    validator_value: Any  # the keyword's argument (parsed JSON)
    instance: Any  # the value that failed it (parsed YAML)


def _translate(error: ValidationError, source: YamlFile) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    found = _Found(str(error.validator), error.validator_value, error.instance)
    handler = _HANDLERS.get(found.validator, _generic)
    return handler(found, path, schema, source)


def _required(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    missing = [k for k in error.validator_value if k not in error.instance]
    out = []
    for key in missing:
        sub = schema.get("properties", {}).get(key, {})
        title = sub.get("title", key)
        example = json.dumps(sub.get("examples", [None])[0], ensure_ascii=False)
        out.append(source.diag(path, f"Thiếu khóa bắt buộc `{key}` ({title})",
                               f"thêm dòng `{key}: {example}`; nếu chưa rõ giá trị, ghi `{key}: null` nếu được phép"))
    return out


def _additional(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    allowed = list(schema.get("properties", {}))
    out = []
    for key in itertools.islice((k for k in error.instance if k not in allowed), MAX_MESSAGES + 1):
        guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"có phải ý bạn là `{guess[0]}`?" if guess else "các khóa được phép: " + ", ".join(allowed)
        line, col = source.mark(path + (key,), key=True)
        # The path shows the key on one line: it may hold a line break or a tab.
        out.append(Diagnostic(source.rel, line, col, f"Khóa không được phép: `{_shown(key)}`", hint,
                              format_path(path + (_shown(key),))))
    return out


def _type(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    wanted: list[str] = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    names = " hoặc ".join(_TYPE_NAMES.get(t, t) for t in wanted)
    got = _describe(error.instance)
    hint = "đặt chuỗi trong ngoặc kép" if "string" in wanted else "xem ví dụ: " + _example(schema)
    return [source.diag(path, f"Sai kiểu dữ liệu: cần {names}, nhận được {got}", hint)]


def _enum(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    choices = [str(c) for c in error.validator_value]
    guess = difflib.get_close_matches(str(error.instance), choices, n=1, cutoff=0.5)
    hint = (f"có phải ý bạn là `{guess[0]}`? " if guess else "") + "giá trị được phép: " + ", ".join(choices)
    return [source.diag(path, f"Giá trị `{_shown(error.instance)}` không nằm trong danh sách cho phép", hint)]


def _pattern(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    message = schema.get("x-loi") or f"Giá trị `{_shown(error.instance)}` không đúng dạng"
    hint = _date_hint(error.instance) if "YYYY" in message or "năm-tháng-ngày" in message else "xem ví dụ: " + _example(schema)
    return [source.diag(path, f"{message}; nhận được `{_shown(error.instance)}`", hint)]


def _date(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    if date_problem(error.instance) == "impossible":
        return [source.diag(path, f"Ngày không có thật: `{error.instance}`", _impossible_date_hint(error.instance))]
    return [source.diag(path, f"Ngày nằm ngoài khoảng cho phép ({DATE_MIN.isoformat()} đến {DATE_MAX.isoformat()}):"
                              f" `{error.instance}`", "kiểm tra lại năm với văn bản gốc; chưa rõ ngày thì ghi null")]


def _min_length(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    return [source.diag(path, "Chuỗi rỗng", "điền nội dung, hoặc ghi null nếu trường cho phép để trống")]


def _max_length(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    return [source.diag(path, f"Chuỗi dài {number(len(error.instance))} ký tự, quá {number(error.validator_value)} ký tự cho phép",
                        "rút gọn; xem ví dụ: " + _example(schema))]


def _min_items(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    return [source.diag(path, "Danh sách rỗng", "cần ít nhất một phần tử; xem ví dụ: " + _example(schema))]


def _any_of(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    options = [sorted(o.get("required", [])) for o in error.validator_value]
    keys = " hoặc ".join("`" + ", ".join(o) + "`" for o in options)
    return [source.diag(path, f"Cần có một trong các khóa {keys}", "xem ví dụ: " + _example(schema))]


def _range(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    return [source.diag(path, f"Giá trị {error.instance} nằm ngoài khoảng cho phép", "xem ví dụ: " + _example(schema))]


def _generic(error: _Found, path: Path_, schema: Schema, source: YamlFile) -> list[Diagnostic]:
    return [source.diag(path, f"Giá trị không hợp lệ (quy tắc `{error.validator}`)", "xem ví dụ: " + _example(schema))]


_Handler: TypeAlias = Callable[[_Found, Path_, Schema, YamlFile], list[Diagnostic]]
_HANDLERS: dict[str, _Handler] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "x-ngay": _date,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "anyOf": _any_of,
    "minimum": _range,
    "maximum": _range,
}


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"giá trị đúng/sai `{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"số `{value}`"
    if isinstance(value, str):
        return f"chuỗi `{_shown(value)}`"
    if isinstance(value, list):
        return "một danh sách"
    return "một ánh xạ"


def _shown(value: object, limit: int = 60) -> str:
    """A value as it may appear inside a one-line message: line breaks and tabs made visible, cut short."""
    text = str(value).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[:limit] + "…"


def _example(schema: Schema) -> str:
    examples = schema.get("examples")
    return json.dumps(examples[0], ensure_ascii=False) if examples else "CONTRIBUTING.md"


def _date_hint(value: object) -> str:
    parts = str(value).replace(".", "/").replace("-", "/").split("/")
    if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
        day, month, year = parts
        return f"viết lại là \"{int(year):04d}-{int(month):02d}-{int(day):02d}\" (năm-tháng-ngày)"
    return "ví dụ ngày 10/5/2019 viết là \"2019-05-10\"; nếu chưa rõ ngày, ghi null"


def _impossible_date_hint(value: str) -> str:
    year, month, _day = (int(p) for p in value.split("-"))
    if not 1 <= month <= 12:
        return f"tháng phải từ 01 đến 12 (nhận được {month:02d}); có thể đã đảo ngày và tháng"
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return f"tháng {month} năm {year} chỉ có {last} ngày; kiểm tra lại với văn bản gốc"
