"""A compiled yes/no check for the JSON Schema subset our schemas use.

jsonschema stays the authority (it words the errors), but walking every clause of a
large corpus through it is slow. This module turns a schema into plain Python
closures once; a file it accepts is valid, and any file it rejects goes to jsonschema
for the full, positioned error list. A schema using a keyword not handled here
compiles to None, and then every file goes to jsonschema: never a false "valid".

Two rules are shared with the jsonschema validator in camnang.schema, so both agree:
patterns mean what they mean in ECMA-262, the language JSON Schema (and the editor's YAML
extension) uses (`ecma_regex`); and `x-ngay` asks that a YYYY-MM-DD string be a real date
between DATE_MIN and DATE_MAX (`date_problem`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any, TypeAlias, TypeGuard

Check: TypeAlias = Callable[[object], bool]  # a value read from YAML → valid?
Schema: TypeAlias = dict[str, Any]  # a JSON Schema node as parsed from JSON (a dynamic boundary)

_ANNOTATIONS = {"$schema", "$id", "title", "description", "examples", "$defs", "default"}
_HANDLED = {"type", "enum", "pattern", "format", "required", "additionalProperties", "properties", "items",
            "$ref", "minLength", "maxLength", "minItems", "minimum", "maximum", "anyOf", "x-ngay"}
_TYPES = {"string", "null", "boolean", "integer", "number", "array", "object"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Dates a handbook of Vietnamese documents needs; the bounds also keep date arithmetic and
# formatting (year 1, year 9999) out of every renderer's way.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """Compile a schema pattern with its ECMA-262 meaning: `$` only at the very end (Python's `$`
    also matches before a final newline, so "id\\n" would pass) and `\\d` only ASCII digits."""
    out: list[str] = []
    in_class, i = False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            out.append(("0-9" if in_class else "[0-9]") if pair == "\\d" else pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append("\\Z" if ch == "$" and not in_class else ch)
        i += 1
    return re.compile("".join(out))


def date_problem(value: object) -> str | None:
    """For a YYYY-MM-DD string: "impossible" (no such day) or "range" (outside DATE_MIN..DATE_MAX).
    None for any other value: the pattern and type keywords judge those."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    if not DATE_MIN.year <= int(value[:4]) <= DATE_MAX.year:  # first: year 0 or 9999-12-32 is not a date either
        return "range"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return "impossible"
    return None


class Unsupported(Exception):
    pass


def compile_schema(schema: Schema) -> Check | None:
    try:
        return _Compiler(schema).compile(schema)
    except Unsupported:
        return None


class _Compiler:
    def __init__(self, root: Schema) -> None:
        self.root = root
        self.defs: dict[str, Check] = {}

    def compile(self, node: Schema) -> Check:
        unknown = {k for k in node if k not in _HANDLED and k not in _ANNOTATIONS and not k.startswith("x-")}
        if unknown:
            raise Unsupported(unknown)
        found = [self._keyword(key, node) for key in node if key in _HANDLED]
        checks = [c for c in found if c is not None]
        return lambda value: all(check(value) for check in checks)

    def _keyword(self, key: str, node: Schema) -> Check | None:
        arg = node[key]
        if key == "$ref":
            return self._ref(arg)
        if key == "type":
            types = arg if isinstance(arg, list) else [arg]
            if not set(types) <= _TYPES:
                raise Unsupported(types)
            return lambda v: any(_is_type(v, t) for t in types)
        if key == "enum":
            return lambda v: v in arg and not (isinstance(v, bool) and not any(isinstance(a, bool) for a in arg))
        if key == "pattern":
            regex = ecma_regex(arg)
            return lambda v: not isinstance(v, str) or regex.search(v) is not None
        if key == "format":
            return None  # an annotation for the editor; dates are judged by x-ngay
        if key == "x-ngay":
            return (lambda v: date_problem(v) is None) if arg else None
        if key == "properties":
            props = {name: self.compile(sub) for name, sub in arg.items()}
            return lambda v: not isinstance(v, dict) or all(props[k](v[k]) for k in v if k in props)
        if key == "additionalProperties":
            if arg is not False:
                raise Unsupported(key)
            allowed = set(node.get("properties", {}))
            return lambda v: not isinstance(v, dict) or allowed.issuperset(v)
        if key == "required":
            return lambda v: not isinstance(v, dict) or all(k in v for k in arg)
        if key == "items":
            item = self.compile(arg)
            return lambda v: not isinstance(v, list) or all(item(x) for x in v)
        if key == "anyOf":
            options = [self.compile(sub) for sub in arg]
            return lambda v: any(option(v) for option in options)
        return _bound(key, arg)

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/"):
            raise Unsupported(ref)
        name = ref.split("/")[-1]
        if name not in self.defs:
            self.defs[name] = lambda v: True  # placeholder while compiling recursive definitions
            compiled = self.compile(self.root["$defs"][name])
            self.defs[name] = compiled
        return lambda v: self.defs[name](v)


def _bound(key: str, arg: int | float) -> Check:
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= arg
    if key == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= arg
    if key == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= arg
    if key == "minimum":
        return lambda v: not _is_number(v) or v >= arg
    return lambda v: not _is_number(v) or v <= arg  # maximum


def _is_number(v: object) -> TypeGuard[int | float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_type(v: object, t: str) -> bool:
    if t == "string":
        return isinstance(v, str)
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)  # 2023.0 is not a year (shared with schema.py)
    if t == "number":
        return _is_number(v)
    if t == "array":
        return isinstance(v, list)
    return isinstance(v, dict)  # "object"
