"""Vietnamese search, core side: folding, tone placement, the fields added to the real index."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata

import pytest
from hypothesis import given, strategies as st

from camnang.search import (FIELDS, document_keywords, enrich_index, fold, folded_words,
                            kind_codes, new_tones, old_tones, search_key)

# Vietnamese letters in both cases, ASCII, digits and the punctuation of the data.
VI_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")
VI_TEXT = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + "0123456789 -/.,;:()“”", max_size=60)
SEPARATOR = r'[\s\-–—/,;:!?()\[\]"“”…]+|\.(?!\d)|&[lg]t;'


@pytest.mark.parametrize("text, folded", [
    ("khuyến học", "khuyen hoc"),
    ("Đảng ủy Khối", "Dang uy Khoi"),
    ("Thái Bình", "Thai Binh"),
    ("387/QĐ-TTg", "387/QD-TTg"),
    ("ƯỚC MƠ", "UOC MO"),
    ("hoá hóa hoà hòa", "hoa hoa hoa hoa"),
])
def test_fold_removes_every_diacritic(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("old, new", [
    ("hoá", "hóa"), ("khoá", "khóa"), ("uỷ", "ủy"), ("thuỷ", "thủy"), ("hoà", "hòa"), ("khoẻ", "khỏe"),
    ("Đảng uỷ Khối", "Đảng ủy Khối"), ("HOÀ BÌNH", "HÒA BÌNH"), ("Uỷ ban", "Ủy ban"), ("tuỳ", "tùy"),
])
def test_old_and_new_tone_placement_convert_both_ways(old, new):
    assert new_tones(old) == new
    assert old_tones(new) == old
    assert new_tones(new) == new and old_tones(old) == old


@pytest.mark.parametrize("word", ["quý", "Quỳnh", "hoàn", "toán", "khuyến", "thuế", "hoài", "quyết", "huỳnh", "hoặc"])
def test_tone_placement_leaves_words_without_a_choice(word):
    assert new_tones(word) == word
    assert old_tones(word) == word


def test_decomposed_text_is_normalised():
    nfd = unicodedata.normalize("NFD", "Đảng uỷ Khối")
    assert new_tones(nfd) == "Đảng ủy Khối"
    assert search_key(nfd) == "dang uy khoi"


@given(VI_TEXT)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=80))
def test_fold_is_idempotent_on_any_text(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=80))
def test_nfc_and_nfd_fold_the_same(text):
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_fold_never_changes_ascii(text):
    assert fold(text) == text


@given(VI_TEXT)
def test_tone_placement_is_idempotent_and_invisible_to_folding(text):
    new, old = new_tones(text), old_tones(text)
    assert new_tones(new) == new and old_tones(old) == old
    assert new_tones(old) == new_tones(text)
    assert fold(new) == fold(old) == fold(text)


@given(VI_TEXT)
def test_tone_placement_agrees_on_nfc_and_nfd(text):
    assert new_tones(unicodedata.normalize("NFD", text)) == new_tones(unicodedata.normalize("NFC", text))


def test_folded_words_hold_only_words_that_folding_changes():
    html = "<p>Phát động “Tháng Khuyến học” năm 2023 &lt;b&gt;</p>"
    assert folded_words(html, SEPARATOR) == "phat dong thang khuyen hoc nam"


def test_kind_codes_come_from_the_numbers_in_the_data(handbook):
    codes = kind_codes(handbook.documents.values())
    assert codes["Quyết định"] == {"QĐ"}
    assert codes["Kết luận"] == {"KL"}
    assert codes["Chương trình hành động"] == {"CTrHĐ"}
    assert "Luật" not in codes  # no law in the data has a number


def test_document_keywords_are_generated_from_kind_and_number(handbook):
    keywords = document_keywords(handbook)
    words_387 = keywords["van-ban/quyet-dinh-387-qd-ttg.md"].split()
    for expected in ("Quyết", "định", "387/QĐ-TTg", "387", "QĐ", "QD", "TTg", "Quyet", "dinh"):
        assert expected in words_387
    # A plan without a number still answers to its kind's abbreviation, learnt from other plans.
    assert "KH" in keywords["van-ban/ke-hoach-hkh-thai-binh-2023.md"].split()


def test_enrich_refuses_fields_the_config_does_not_declare():
    index = {"config": {"separator": SEPARATOR, "fields": {"title": {}, "text": {}}}, "docs": []}
    with pytest.raises(ValueError, match="title_folded"):
        enrich_index(index, {})


def test_built_index_has_folded_fields_and_keeps_original_text(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert set(FIELDS) <= set(index["config"]["fields"])
    assert index["config"]["lang"] == ["en"] and index["config"]["pipeline"] == []
    docs = {doc["location"]: doc for doc in index["docs"]}
    plan = docs["van-ban/quyet-dinh-387-qd-ttg.html"]
    assert plan["title"] == "Quyết định 387/QĐ-TTg"
    assert "qd" in plan["title_folded"].split() and "QĐ" in plan["keywords"].split()
    assert plan["boost"] > 1 and "boost" not in docs["co-quan/hoi-khuyen-hoc-viet-nam.html"]
    for doc in index["docs"]:
        for field in ("title_folded", "text_folded"):
            for token in doc.get(field, "").split():
                assert fold(token) == token and re.fullmatch(r"[\w.'’]+", token), (doc["location"], field, token)


def test_search_index_budget(built_site):
    raw = (built_site / "search" / "search_index.json").read_bytes()
    packed = gzip.compress(raw, 6)
    print(f"\nchỉ mục tìm kiếm: {len(raw) / 1024:.0f} KB, nén gzip {len(packed) / 1024:.0f} KB")
    assert len(packed) <= 300 * 1024
