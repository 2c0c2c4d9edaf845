"""A compiled yes/no check for the JSON Schema subset our schemas use.

jsonschema stays the authority (it words the errors), but walking every clause of a
large corpus through it is slow. This module turns a schema into plain Python
closures once; a file it accepts is valid, and any file it rejects goes to jsonschema
for the full, positioned error list. A schema using a keyword not handled here
compiles to None, and then every file goes to jsonschema: never a false "valid".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "title", "description", "examples", "$defs", "default"}
_HANDLED = {"type", "enum", "pattern", "format", "required", "additionalProperties", "properties", "items",
            "$ref", "minLength", "maxLength", "minItems", "minimum", "maximum", "anyOf"}
_TYPES = {"string", "null", "boolean", "integer", "number", "array", "object"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Unsupported(Exception):
    pass


def compile_schema(schema: dict) -> Check | None:
    try:
        return _Compiler(schema).compile(schema)
    except Unsupported:
        return None


class _Compiler:
    def __init__(self, root: dict):
        self.root = root
        self.defs: dict[str, Check] = {}

    def compile(self, node: dict) -> Check:
        unknown = {k for k in node if k not in _HANDLED and k not in _ANNOTATIONS and not k.startswith("x-")}
        if unknown:
            raise Unsupported(unknown)
        checks = [self._keyword(key, node) for key in node if key in _HANDLED]
        checks = [c for c in checks if c is not None]
        return lambda value: all(check(value) for check in checks)

    def _keyword(self, key: str, node: dict) -> Check | None:
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
            regex = re.compile(arg)
            return lambda v: not isinstance(v, str) or regex.search(v) is not None
        if key == "format":
            return _is_date if arg == "date" else None
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


def _bound(key: str, arg: Any) -> Check:
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= arg
    if key == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= arg
    if key == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= arg
    if key == "minimum":
        return lambda v: not _is_number(v) or v >= arg
    return lambda v: not _is_number(v) or v <= arg  # maximum


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_type(v: Any, t: str) -> bool:
    if t == "string":
        return isinstance(v, str)
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return _is_number(v) and float(v).is_integer()
    if t == "number":
        return _is_number(v)
    if t == "array":
        return isinstance(v, list)
    return isinstance(v, dict)  # "object"


def _is_date(v: Any) -> bool:
    if not isinstance(v, str) or not _DATE.fullmatch(v):
        return True  # the pattern keyword reports the shape
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True
