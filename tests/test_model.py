"""The model's computed parts: reverse relations, clause numbers, Vietnamese order and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from datasets import DIRECTIVE, make_data

from camnang.loader import load_handbook
from camnang.model import format_date, format_date_long, format_number
from camnang.vntext import md, number, sort_key


def test_reverse_relations_are_computed(tmp_path):
    hb = load_handbook(make_data(tmp_path)).handbook
    (rel,) = hb.implementers("chi-thi-11-ct-tw")
    assert (rel.source_id, rel.kind, rel.clause_ids) == ("ke-hoach-mau", "thuc_hien", ("mo-dau",))
    assert hb.implementers("ke-hoach-mau") == []


def test_clause_numbers(tmp_path):
    hb = load_handbook(make_data(tmp_path)).handbook
    doc = hb.documents["ke-hoach-mau"]
    assert doc.clause_index["i"].number == "I"
    assert doc.clause_index["i-g1"].number == "I, gạch 1"
    assert doc.clause_index["mo-dau"].number == "đoạn 1"


def test_numbers_nest_like_the_source(handbook):
    doc = handbook.documents["ke-hoach-hkh-thai-binh-2023"]
    assert doc.clause_index["ii-2-1"].number == "II.2.1"


def test_vietnamese_alphabetical_order():
    words = ["Đảng", "Dân", "Ban", "Bộ", "Ăn", "Âm", "An", "Ủy ban", "Uống", "Ơn", "Ôn", "Ong"]
    assert sorted(words, key=sort_key) == ["An", "Ăn", "Âm", "Ban", "Bộ", "Dân", "Đảng", "Ong", "Ôn", "Ơn", "Uống", "Ủy ban"]


def test_tones_only_break_ties():
    assert sorted(["hòa", "hoa", "hóa", "hỏa", "hoạ", "hoan"], key=sort_key) == ["hoa", "hòa", "hỏa", "hóa", "hoạ", "hoan"]


def test_vietnamese_dates():
    assert format_date(dt.date(2019, 5, 10)) == "10/5/2019"
    assert format_date_long(dt.date(2020, 8, 6)) == "ngày 6 tháng 8 năm 2020"
    assert format_date(None) is None


def test_markdown_escaping_neutralises_markup():
    assert md("<script>") == "&lt;script&gt;"
    assert md("*a* [b](c) `d` 1. e | f") == r"\*a\* \[b\]\(c\) \`d\` 1\. e &#124; f"


def test_html_warning_does_not_stop_loading(tmp_path):
    data = make_data(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": DIRECTIVE.replace("về tăng", "về <i>x</i> tăng")})
    result = load_handbook(data)
    assert len(result.warnings) == 1 and "chi-thi-11-ct-tw" in result.handbook.documents


@pytest.mark.parametrize(("value", "decimals", "shown"), [
    (90, None, "90"), (10.0, None, "10"), (2.5, None, "2,5"), (0.0001, None, "0,0001"),
    (1000000, None, "1.000.000"),  # was "1e+06" with the "g" format
    (12345.678, None, "12.345,678"),  # was "12345,7": six significant digits only
    (10001, None, "10.001"), (-1234.5, None, "-1.234,5"),
    (11.53, 1, "11,5"), (958.4, 0, "958"), (1416.0, 0, "1.416"), (0.5, 2, "0,50"),
])
def test_numbers_are_written_the_vietnamese_way(value, decimals, shown):
    assert number(value, decimals) == shown
    if decimals is None:
        assert format_number(value) == shown
