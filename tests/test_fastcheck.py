"""The compiled schema check agrees with jsonschema on real records and on thousands of mutations."""

from __future__ import annotations

import copy

import pytest
from conftest import ROOT

from camnang.fastcheck import compile_schema
from camnang.schema import KINDS, load_schema, validator
from camnang.yamlio import read_yaml

pytestmark = pytest.mark.slow  # compares both validators on thousands of mutated records: left out by `make test-fast`

REPLACEMENTS = [None, "", "x", 5, -1, 2.5, True, [], {}, "2023-02-31", "31/02/2023", "javascript:x", "Chỉ thị",
                "x\n", "2019-05-10\n", "0001-01-01", "2100-12-31", "٢٠١٩-٠٥-١٠", 2023.0, 10**13]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, path + (i,))


def _replace(record, path, new):
    record = copy.deepcopy(record)
    *parent, last = path
    target = record
    for part in parent:
        target = target[part]
    if new is _DELETE:
        del target[last]
    else:
        target[last] = new
    return record


_DELETE = object()


def _mutations(record):
    paths = [p for p in _paths(record) if p][:120]
    for path in paths:
        for new in REPLACEMENTS + [_DELETE]:
            yield _replace(record, path, new)
    yield {**record, "khoa_la": 1}


@pytest.mark.parametrize("kind", KINDS)
def test_compiled_check_agrees_with_jsonschema(kind):
    schema = load_schema(kind)
    fast = compile_schema(schema)
    assert fast is not None, "lược đồ dùng từ khóa mà fastcheck chưa hỗ trợ"
    slow = validator(kind)
    files = sorted((ROOT / "data" / kind).glob("*.yml"))[:4] + sorted(
        (ROOT / "tests" / "bad-inputs").glob(f"*/data/{kind}/*.yml"))
    compared = 0
    for path in files:
        source, _ = read_yaml(path, str(path))
        if source.data is None:
            continue
        candidates = [source.data] + (list(_mutations(source.data)) if isinstance(source.data, dict) else [])
        for candidate in candidates:
            assert fast(candidate) == slow.is_valid(candidate), (path, candidate)
            compared += 1
    assert compared > 500


def test_unsupported_keyword_disables_the_fast_path():
    assert compile_schema({"type": "object", "oneOf": [{"required": ["a"]}]}) is None
    assert compile_schema({"type": "string", "const": "x"}) is None
