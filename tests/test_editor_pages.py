"""Pages for editors: the gaps list and the data reference, both generated from data and schemas."""

from __future__ import annotations

import re

from conftest import page_text

from camnang.schema import KINDS, load_schema, resolve


def test_gaps_page_lists_missing_number_and_date_of_the_seed_plans(handbook, built_site):
    html = (built_site / "viec-can-bo-sung.html").read_text("utf-8")
    plans = [d for d in handbook.documents.values() if d.verification == "toan_van" and d.kind == "Kế hoạch"]
    assert len(plans) == 3
    for plan in plans:
        row = re.search(rf'<tr>\s*<td><a href="van-ban/{plan.id}\.html">.*?</tr>', html, re.S).group(0)
        assert "Số, ký hiệu" in row and "Ngày ban hành" in row
        assert f'/edit/main/data/van-ban/{plan.id}.yml"' in row


def test_gaps_page_lists_every_discrepancy(handbook, built_site):
    text = page_text(built_site / "viec-can-bo-sung.html")
    notes = [n for d in handbook.documents.values() for n in d.notes if n.kind == "khac_biet"]
    assert notes
    assert f"Các nguồn ghi khác nhau ({len(notes)})" in text
    for note in notes:
        assert " ".join(note.text.split()) in text


def test_gaps_page_lists_documents_known_only_by_citation(handbook, built_site):
    text = page_text(built_site / "viec-can-bo-sung.html")
    for doc in handbook.documents.values():
        if doc.verification in ("theo_trich_dan", "can_xac_minh"):
            assert doc.short_name in text


def test_reference_page_covers_every_field_of_every_schema(built_site):
    text = page_text(built_site / "tham-chieu-du-lieu.html")
    for kind in KINDS:
        schema = load_schema(kind)
        nodes = [schema] + [resolve(d, schema) for d in schema.get("$defs", {}).values()]
        for node in nodes:
            for key, prop in node.get("properties", {}).items():
                title = resolve(prop, schema).get("title", "")
                assert f"{key} {title}" in text, (kind, key)


def _properties(schema: dict):
    for node in [schema] + list(schema.get("$defs", {}).values()):
        for key, prop in resolve(node, schema).get("properties", {}).items():
            yield key, resolve(prop, schema)


def test_every_schema_field_has_vietnamese_title_description_example():
    for kind in KINDS:
        schema = load_schema(kind)
        assert schema["$schema"].endswith("2020-12/schema")
        for key, prop in _properties(schema):
            assert prop.get("title") and prop.get("description") and prop.get("examples"), (kind, key)


def test_every_data_file_names_its_schema_for_the_editor():
    from conftest import ROOT

    for kind in KINDS:
        for path in (ROOT / "data" / kind).glob("*.yml"):
            first = path.read_text("utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../camnang/schemas/{kind}.schema.json", path
