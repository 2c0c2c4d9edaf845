"""The citation recogniser and the registry resolver (camnang.citations), and the check (camnang.citecheck).

Expected values are written by hand from the seeds, the reference sheet of the documents they
cite, and the rules of Vietnamese document numbers (Nghị định 30/2020/NĐ-CP; Party numbers
"số-mã/cơ quan"), never computed by the code under test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, run_camnang
from hypothesis import given, settings
from hypothesis import strategies as st

from camnang.citations import Citation, Registry, canonical_number, find_citations, number_key, relation_kind
from camnang.model import Document

D = dt.date

# (text, kind, number, short number, date, issuer): a citation as written, and what it names.
FORMS = [
    # Seed 000 (Kế hoạch of Đảng ủy Khối)
    ("Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư Trung ương Đảng khóa XII",
     "Kết luận", "49-KL/TW", None, D(2019, 5, 10), "Ban Bí thư Trung ương Đảng khóa XII"),
    ("Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị khóa X",
     "Chỉ thị", "11-CT/TW", None, D(2007, 4, 13), "Bộ Chính trị khóa X"),
    ("Chỉ thị số 11-CT/TW", "Chỉ thị", "11-CT/TW", None, None, None),
    ("Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư", "Kết luận", "49-KL/TW", None, D(2019, 5, 10), "Ban Bí thư"),
    ("Chỉ thị 14/CT-TTg ngày 25/5/2022 của Thủ tướng Chính phủ",
     "Chỉ thị", "14/CT-TTg", None, D(2022, 5, 25), "Thủ tướng Chính phủ"),
    ("Thông tư số 22/2020/TT-BGDĐT ngày 06/8/2020 của Bộ Giáo dục và Đào tạo",
     "Thông tư", "22/2020/TT-BGDĐT", None, D(2020, 8, 6), "Bộ Giáo dục và Đào tạo"),
    ("Chương trình phối hợp số 01/CTPH-ĐUKCCQTW-HKVN ngày 26/9/2022",
     "Chương trình phối hợp", "01/CTPH-ĐUKCCQTW-HKVN", None, D(2022, 9, 26), None),
    ("Chương trình 01", "Chương trình", None, "01", None, None),
    # Seed 001 (Tỉnh ủy Hải Dương)
    ("Kết luận 49-KL/TW, ngày 10/5/2019 của Ban Bí thư", "Kết luận", "49-KL/TW", None, D(2019, 5, 10), "Ban Bí thư"),
    ("Chỉ thị 11-CT/TW của Bộ Chính trị khóa X", "Chỉ thị", "11-CT/TW", None, None, "Bộ Chính trị khóa X"),
    ("Chỉ thị 18-CT/TU của Tỉnh ủy", "Chỉ thị", "18-CT/TU", None, None, "Tỉnh ủy"),
    ("Quyết định số 489/QĐ-TTg, ngày 08/4/2020 của Thủ tướng Chính phủ",
     "Quyết định", "489/QĐ-TTg", None, D(2020, 4, 8), "Thủ tướng Chính phủ"),
    ("Kết luận 49-KL/TW", "Kết luận", "49-KL/TW", None, None, None),
    # Seed 004 (Hội Khuyến học tỉnh Thái Bình)
    ("Chương trình hành động số 198/CTrHĐ-KHVN ngày 29 tháng 7 năm 2021 của Trung ương Hội Khuyến học Việt Nam",
     "Chương trình hành động", "198/CTrHĐ-KHVN", None, D(2021, 7, 29), "Trung ương Hội Khuyến học Việt Nam"),
    ("Chương trình hành động số 41/CTrHĐ-HKH ngày 10 tháng 6 năm 2022 của Hội Khuyến học tỉnh",
     "Chương trình hành động", "41/CTrHĐ-HKH", None, D(2022, 6, 10), "Hội Khuyến học tỉnh"),
    ("Chỉ thị số 15/CT-UBND ngày 07/11/2022 của UBND tỉnh Thái Bình",
     "Chỉ thị", "15/CT-UBND", None, D(2022, 11, 7), "UBND tỉnh Thái Bình"),
    ("Chương trình 387", "Chương trình", None, "387", None, None),
    ("Chương trình 677", "Chương trình", None, "677", None, None),
    ("Quyết định 222/QĐ-KHVN ngày 06 tháng 7 năm 2022 của Hội Khuyến học Việt Nam",
     "Quyết định", "222/QĐ-KHVN", None, D(2022, 7, 6), "Hội Khuyến học Việt Nam"),
    ("Kế hoạch số 186/KH-UBND ngày 31 tháng 12 năm 2021 của Ủy ban nhân dân tỉnh",
     "Kế hoạch", "186/KH-UBND", None, D(2021, 12, 31), "Ủy ban nhân dân tỉnh"),
    ("Thông tư số 22/2020/TT-BGDĐT ngày 6 tháng 8 năm 2020 của Bộ Giáo dục & Đào tạo",
     "Thông tư", "22/2020/TT-BGDĐT", None, D(2020, 8, 6), "Bộ Giáo dục & Đào tạo"),
    # The căn cứ of 387/QĐ-TTg and 677/QĐ-TTg, and the documents of the reference sheet
    ("Quyết định số 489/QĐ-TTg ngày 08 tháng 4 năm 2020 của Thủ tướng Chính phủ",
     "Quyết định", "489/QĐ-TTg", None, D(2020, 4, 8), "Thủ tướng Chính phủ"),
    ("Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ",
     "Quyết định", "749/QĐ-TTg", None, D(2020, 6, 3), "Thủ tướng Chính phủ"),
    ("Chỉ thị số 14/CT-TTg ngày 25 tháng 5 năm 2021 của Thủ tướng Chính phủ",
     "Chỉ thị", "14/CT-TTg", None, D(2021, 5, 25), "Thủ tướng Chính phủ"),
    ("Quyết định số 1373/QĐ-TTg ngày 30 tháng 7 năm 2021 của Thủ tướng Chính phủ",
     "Quyết định", "1373/QĐ-TTg", None, D(2021, 7, 30), "Thủ tướng Chính phủ"),
    ("Quyết định số 89/QĐ-TTg ngày 09/01/2013", "Quyết định", "89/QĐ-TTg", None, D(2013, 1, 9), None),
    ("Quyết định số 281/QĐ-TTg ngày 20/02/2014", "Quyết định", "281/QĐ-TTg", None, D(2014, 2, 20), None),
    ("Quyết định số 448/QĐ-KHVN ngày 01/12/2015 của Chủ tịch Hội Khuyến học Việt Nam",
     "Quyết định", "448/QĐ-KHVN", None, D(2015, 12, 1), "Chủ tịch Hội Khuyến học Việt Nam"),
    ("Công văn số 6782/BGDĐT-GDTX ngày 29/12/2015 của Bộ Giáo dục và Đào tạo",
     "Công văn", "6782/BGDĐT-GDTX", None, D(2015, 12, 29), "Bộ Giáo dục và Đào tạo"),
    ("Quyết định số 387/QĐ-TTg ngày 25/3/2022", "Quyết định", "387/QĐ-TTg", None, D(2022, 3, 25), None),
    ("Quyết định số 677/QĐ-TTg ngày 03/6/2022", "Quyết định", "677/QĐ-TTg", None, D(2022, 6, 3), None),
    ("Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị",
     "Nghị quyết", "71-NQ/TW", None, D(2025, 8, 22), "Bộ Chính trị"),
    ("Quyết định 571/QĐ-TTg ngày 12/3/2025", "Quyết định", "571/QĐ-TTg", None, D(2025, 3, 12), None),
    # Numbers alone: the kind comes from the number's kind code (none for a công văn's number)
    ("448/QĐ-HKH", "Quyết định", "448/QĐ-HKH", None, None, None),
    ("6782/BGDĐT-GDTX", None, "6782/BGDĐT-GDTX", None, None, None),
    ("49-KL/TW", "Kết luận", "49-KL/TW", None, None, None),
    # The structure of numbers (Nghị định 30/2020/NĐ-CP, Party numbers), with the ways they are mistyped
    ("Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
     "Nghị định", "30/2020/NĐ-CP", None, D(2020, 3, 5), "Chính phủ"),
    ("Chỉ thị số 11 - CT/TW", "Chỉ thị", "11-CT/TW", None, None, None),
    ("Quyết định số 1315/QĐ- TTg", "Quyết định", "1315/QĐ-TTg", None, None, None),
    ("Quyết định số: 489/QĐ-TTg", "Quyết định", "489/QĐ-TTg", None, None, None),
    ("Kết luận số 49 - KL/TW", "Kết luận", "49-KL/TW", None, None, None),
    ("Nghị định 30/2020/N\u00d0-CP", "Nghị định", "30/2020/NĐ-CP", None, None, None),  # Ð (Icelandic eth) for Đ
    ("quyết định số 489/QĐ-TTg", "Quyết định", "489/QĐ-TTg", None, None, None),
    ("Thông tư liên tịch số 01/2015/TTLT-BGDĐT-BNV", "Thông tư liên tịch", "01/2015/TTLT-BGDĐT-BNV", None, None, None),
    ("Hướng dẫn số 05-HD/BTGTW", "Hướng dẫn", "05-HD/BTGTW", None, None, None),
    ("Quy định số 08-QĐi/TW", "Quy định", "08-QĐi/TW", None, None, None),
    ("Nghị quyết số 29-NQ/TW ngày 04/11/2013 của Hội nghị Trung ương 8 khóa XI",
     "Nghị quyết", "29-NQ/TW", None, D(2013, 11, 4), "Hội nghị Trung ương 8 khóa XI"),
    ("Kết luận 49", "Kết luận", None, "49", None, None),
    ("Quyết định số 100/QĐ-UBND ngày 10-01-2020", "Quyết định", "100/QĐ-UBND", None, D(2020, 1, 10), None),
]

LAWS = [
    # (text, name, date, number)
    ("Luật Giáo dục ngày 14 tháng 6 năm 2019", "Luật Giáo dục", D(2019, 6, 14), None),
    ("Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015", "Luật Tổ chức Chính phủ", D(2015, 6, 19), None),
    ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
     "ngày 22 tháng 11 năm 2019",
     "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
     D(2019, 11, 22), None),
    ("Luật Giáo dục số 43/2019/QH14", "Luật Giáo dục", None, "43/2019/QH14"),
    ("Luật Phòng, chống tham nhũng ngày 20 tháng 11 năm 2018", "Luật Phòng, chống tham nhũng", D(2018, 11, 20), None),
]


@pytest.mark.parametrize("text,kind,number,short,date,issuer", FORMS, ids=[f[0][:40] for f in FORMS])
def test_form_is_recognised(text, kind, number, short, date, issuer):
    found = find_citations(f"Thực hiện {text}; các cơ quan triển khai.")
    assert len(found) == 1, found
    c = found[0]
    assert (c.kind, c.number, c.short_number, c.date, c.issuer) == (kind, number, short, date, issuer)
    assert c.text == text  # the span is exactly the citation's words


def test_the_table_is_large_enough():
    assert len(FORMS) + len(LAWS) + len(CONGRESSES) >= 40


@pytest.mark.parametrize("text,name,date,number", LAWS, ids=[law[1][:40] for law in LAWS])
def test_law_by_name(text, name, date, number):
    found = find_citations(f"Căn cứ {text};")
    assert len(found) == 1, found
    c = found[0]
    assert (c.kind, c.title, c.date, c.number) == ("Luật", name, date, number)
    assert c.text == text


@pytest.mark.parametrize("text,fields", [
    ("Căn cứ Bộ luật Lao động ngày 20 tháng 11 năm 2019;", ("Bộ luật", None, D(2019, 11, 20), None, "Bộ luật Lao động")),
    ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;", ("Hiến pháp", None, None, None, "Hiến pháp")),
    ("QUYẾT ĐỊNH SỐ 489/QĐ-TTG NGÀY 08/4/2020", ("Quyết định", "489/QĐ-TTG", D(2020, 4, 8), None, None)),
    ("Quyết định số 489/QĐ–TTg ngày 8/4/2020", ("Quyết định", "489/QĐ-TTg", D(2020, 4, 8), None, None)),  # en dash
    ("Nghị quyết số 29-NQ/TW ngày 4/11/2013 Hội nghị Trung ương 8 khóa XI về đổi mới",
     ("Nghị quyết", "29-NQ/TW", D(2013, 11, 4), "Hội nghị Trung ương 8 khóa XI", "đổi mới")),
    ("Thông tư số 44/2014/TT-BGDĐT ngày 12/12/2014 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành",
     ("Thông tư", "44/2014/TT-BGDĐT", D(2014, 12, 12), "Bộ trưởng Bộ Giáo dục và Đào tạo", None)),
    ("Quyết định số 100/QĐ-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch; Chỉ thị",
     ("Quyết định", "100/QĐ-BVHTTDL", None, "Bộ Văn hóa, Thể thao và Du lịch", None)),
    ("theo Kế hoạch số 12/KH-UBND ngày 10 tháng 5, năm 2021 của Ủy ban nhân dân huyện.",
     ("Kế hoạch", "12/KH-UBND", D(2021, 5, 10), "Ủy ban nhân dân huyện", None)),
])
def test_more_forms(text, fields):
    c = find_citations(text)[0]
    assert (c.kind, c.number, c.date, c.issuer, c.title) == fields


def test_year_of_a_law_or_constitution():
    assert [c.year for c in find_citations("Luật Giáo dục 2019, Hiến pháp năm 2013 và Luật số 43/2019/QH14")] == [
        2019, 2013, 2019]


def test_names_in_quotes_and_about():
    c, = find_citations("Đề án “Xây dựng xã hội học tập giai đoạn 2021 - 2030” theo Kế hoạch")
    assert (c.kind, c.number, c.title, c.quoted_title) == ("Đề án", None, "Xây dựng xã hội học tập giai đoạn 2021 - 2030", True)
    c, = find_citations("02 Chương trình 387 về “Đẩy mạnh phong trào học tập suốt đời trong gia đình” đã được")
    assert (c.short_number, c.title, c.text) == ("387", "Đẩy mạnh phong trào học tập suốt đời trong gia đình", "Chương trình 387")
    c, = find_citations("Chỉ thị số 15/CT-UBND ngày 07/11/2022 của UBND tỉnh Thái Bình về “Tiếp tục đẩy mạnh công tác”,")
    assert (c.issuer, c.title, c.quoted_title) == ("UBND tỉnh Thái Bình", "Tiếp tục đẩy mạnh công tác", True)
    c, = find_citations("Chỉ thị số 11-CT/TW của Bộ Chính trị khóa X về tăng cường sự lãnh đạo của Đảng; tiếp")
    assert (c.title, c.quoted_title) == ("tăng cường sự lãnh đạo của Đảng", False)


# Congress resolutions have no number: (text, ordinal, body as written, title)
CONGRESSES = [
    ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng cộng sản Việt Nam", "XIII",
     "Đảng cộng sản Việt Nam", "Đại hội đại biểu toàn quốc lần thứ XIII"),
    ("Nghị quyết Đại hội lần thứ VI, nhiệm kỳ 2021-2026 của Hội Khuyến học Việt Nam", "VI",
     "Hội Khuyến học Việt Nam", "Đại hội lần thứ VI"),
    ("Nghị quyết Đại hội lần thứ V Hội Khuyến học tỉnh Thái Bình nhiệm kỳ 2020-2025", "V",
     "Hội Khuyến học tỉnh Thái Bình", "Đại hội lần thứ V"),
    ("Nghị quyết Đại hội đại biểu Hội Khuyến học tỉnh lần thứ V, nhiệm kỳ 2020-2025", "V",
     "Hội Khuyến học tỉnh", "Đại hội đại biểu Hội Khuyến học tỉnh lần thứ V"),
    ("Nghị quyết Đại hội VI, nhiệm kỳ 2021 - 2026 Hội Khuyến học Việt Nam", "VI", "Hội Khuyến học Việt Nam",
     "Đại hội VI"),
]


@pytest.mark.parametrize("text,ordinal,body,title", CONGRESSES, ids=[c[0][:40] for c in CONGRESSES])
def test_congress_resolution(text, ordinal, body, title):
    c, = find_citations(f"Thực hiện {text}; và")
    assert (c.kind, c.number, c.ordinal, c.issuer, c.title, c.text) == ("Nghị quyết", None, ordinal, body, title, text)


def test_congress_resolutions_resolve_by_ordinal_and_body(handbook):
    reg = Registry.from_handbook(handbook)
    expected = ["nghi-quyet-dai-hoi-xiii-dang", "nghi-quyet-dai-hoi-vi-hkvn", "nghi-quyet-dai-hoi-v-hkh-thai-binh",
                "nghi-quyet-dai-hoi-v-hkh-thai-binh", "nghi-quyet-dai-hoi-vi-hkvn"]
    assert [_resolve(reg, text) for text, *_ in CONGRESSES] == expected
    assert _resolve(reg, "Nghị quyết Đại hội lần thứ V của Hội Khuyến học tỉnh Hà Nam") is None  # another body's
    assert _resolve(reg, "Nghị quyết Đại hội lần thứ IX của Hội Khuyến học Việt Nam") is None


def test_the_name_of_what_a_decision_approves():
    c = find_citations("Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ phê duyệt Đề án "
                       "“Xây dựng xã hội học tập giai đoạn 2021 - 2030”;")[0]
    assert (c.number, c.issuer, c.title, c.quoted_title) == (
        "1373/QĐ-TTg", "Thủ tướng Chính phủ", "Xây dựng xã hội học tập giai đoạn 2021 - 2030", True)


def test_several_citations_and_where_they_stand():
    text = ("Chỉ thị 11-CT/TW, Chỉ thị 18-CT/TU của Tỉnh ủy, Kết luận 49-KL/TW, các đề án của Thủ tướng "
            "Chính phủ theo Kế hoạch tại Quyết định số 489/QĐ-TTg, ngày 08/4/2020 của Thủ tướng Chính phủ.")
    found = find_citations(text)
    assert [c.number for c in found] == ["11-CT/TW", "18-CT/TU", "49-KL/TW", "489/QĐ-TTg"]
    assert [text[c.start:c.end] for c in found] == [c.text for c in found]
    assert found[1].issuer == "Tỉnh ủy" and found[2].issuer is None


def test_date_and_issuer_after_a_line_wrap():
    c, = find_citations("thực hiện Kết luận số\n49-KL/TW ngày\n10/5/2019 của Ban\nBí thư về tiếp tục")
    assert (c.number, c.date, c.issuer) == ("49-KL/TW", D(2019, 5, 10), "Ban\nBí thư")


def test_nfd_input_spans_index_the_text_as_given():
    nfd = unicodedata.normalize("NFD", "Các cấp ủy thực hiện Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư.")
    c, = find_citations(nfd)
    assert (c.kind, c.number, c.issuer) == ("Kết luận", "49-KL/TW", "Ban Bí thư")
    assert nfd[c.start:c.end] == c.text
    assert unicodedata.normalize("NFC", c.text) == "Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư"


@pytest.mark.parametrize("text", [
    "giai đoạn 2021 - 2030", "ngày 10/5/2019", "Kế hoạch 2023", "Kế hoạch 5 năm", "1/3 số hội viên",
    "xây dựng kế hoạch cụ thể", "đạt 80% trở lên", "trong tháng 12/2023", "Chương trình chuyển đổi số quốc gia",
    "Hội thảo về “Mô hình dòng họ học tập”", "các Nghị quyết, Chỉ thị, Kết luận, Chương trình hành động",
    "Cụm III các tỉnh", "từ ngày 10 tháng 8 đến ngày 10 tháng 9 năm 2023", "COVID-19",
    "Hội quyết định 3 nội dung",
])
def test_prose_that_is_not_a_citation(text):
    assert find_citations(text) == []


def test_canonical_number():
    assert canonical_number("11 - CT/TW") == "11-CT/TW"
    assert canonical_number("1315/QĐ- TTg") == "1315/QĐ-TTg"
    assert canonical_number(" 22 / 2020 / TT-BGDĐT ") == "22/2020/TT-BGDĐT"
    assert canonical_number("30/2020/N\u00d0-CP") == "30/2020/NĐ-CP"
    assert number_key("489/qd-ttg") == number_key("489/QĐ-TTg") == number_key("489 / QĐ - TTg")
    assert number_key("49-KL/TW") != number_key("49/KL-TW")


# --- property tests ----------------------------------------------------------------------------

_SPACES = st.sampled_from([" ", "  ", "\n", " \n", "\n  ", "\u00a0", "\t"])


def _rewrap(text: str, spaces: list[str]) -> str:
    words = text.split(" ")
    return words[0] + "".join(spaces[i % len(spaces)] + w for i, w in enumerate(words[1:]))


def _fields(c: Citation) -> tuple:
    squash = lambda s: " ".join(s.split()) if s else s  # noqa: E731
    return (c.kind, c.number, c.short_number, c.date, squash(c.issuer), squash(c.title))


@settings(max_examples=300, deadline=None)
@given(form=st.sampled_from([f[0] for f in FORMS] + [law[0] for law in LAWS]),
       spaces=st.lists(_SPACES, min_size=1, max_size=8),
       before=st.sampled_from(["", "Thực hiện ", "Căn cứ\n", "- Theo tinh thần ", "(xem "]),
       after=st.sampled_from(["", ".", "; ", ", đồng thời", " (gọi tắt là X)", "\n\nII. NỘI DUNG"]),
       nfd=st.booleans())
def test_a_citation_survives_rewrapping_and_nfd(form, spaces, before, after, nfd):
    expected, = find_citations(form)
    text = before + _rewrap(form, spaces) + after
    if nfd:
        text = unicodedata.normalize("NFD", text)
    found, = find_citations(text)
    assert _fields(found) == _fields(expected)
    assert text[found.start:found.end] == found.text
    assert " ".join(unicodedata.normalize("NFC", found.text).split()) == " ".join(form.split())


# --- the resolver -------------------------------------------------------------------------------

def _doc(doc_id: str, kind: str, number: str | None, date: dt.date | None, short_name: str,
         summary: str | None = None) -> Document:
    return Document(id=doc_id, file=f"data/van-ban/{doc_id}.yml", kind=kind, number=number, date=date, place=None,
                    issuer_id=None, short_name=short_name, printed_title=None, summary=summary, signer=None,
                    signer_title=None, level="Trung ương", period=None, verification="da_doi_chieu")


def _resolve(registry: Registry, text: str) -> str | None:
    c, = find_citations(text)
    doc = registry.resolve(c)
    return doc.id if doc else None


def test_resolves_the_real_handbook(handbook):
    reg = Registry.from_handbook(handbook)
    cases = {
        "Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư": "ket-luan-49-kl-tw",
        "Kết luận 49": "ket-luan-49-kl-tw",
        "Chương trình 01": "chuong-trinh-phoi-hop-01-ctph-dukccqtw-hkvn",
        "Chương trình 387": "quyet-dinh-387-qd-ttg",  # the decision that approves Chương trình 387
        "Chương trình 677": "quyet-dinh-677-qd-ttg",
        "Quyết định 489/qd-ttg": "quyet-dinh-489-qd-ttg",  # case and đ
        "Quyết định số 1315/QĐ- TTg": None,  # not in the handbook
        "Đề án “Xây dựng xã hội học tập giai đoạn 2021-2030”": "quyet-dinh-1373-qd-ttg",
        "Đề án “Xây dựng xã hội học tập giai đoạn 2012 - 2020”": "quyet-dinh-89-qd-ttg",
        "Luật Giáo dục ngày 14 tháng 6 năm 2019": "luat-giao-duc-2019",
        "Luật Giáo dục năm 2019": "luat-giao-duc-2019",
        "Luật Giáo dục ngày 14 tháng 6 năm 2005": None,  # another Luật Giáo dục
        "Luật Giáo dục đại học ngày 14 tháng 6 năm 2019": None,  # resembles a registry law, is not it
        "Luật Giáo dục nghề nghiệp": None,
        "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015": "luat-to-chuc-chinh-phu-2015",
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015": None,
        "Chỉ thị 49": None,  # bare number of a Kết luận, not of a Chỉ thị
    }
    assert {text: _resolve(reg, text) for text in cases} == cases


def test_two_laws_of_the_same_date_are_different_documents():
    day = D(2015, 6, 19)
    reg = Registry([_doc("luat-a", "Luật", None, day, "Luật Tổ chức Chính phủ"),
                    _doc("luat-b", "Luật", None, day, "Luật Tổ chức chính quyền địa phương")])
    assert _resolve(reg, "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015") == "luat-a"
    assert _resolve(reg, "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015") == "luat-b"
    assert _resolve(reg, "Luật Tổ chức Quốc hội ngày 19 tháng 6 năm 2015") is None


def test_short_forms_resolve_only_when_unique():
    reg = Registry([_doc("kl-49", "Kết luận", "49-KL/TW", None, "Kết luận 49-KL/TW"),
                    _doc("ct-49a", "Chỉ thị", "49/CT-TTg", None, "Chỉ thị 49/CT-TTg"),
                    _doc("ct-49b", "Chỉ thị", "49-CT/TU", None, "Chỉ thị 49-CT/TU")])
    assert _resolve(reg, "Kết luận 49") == "kl-49"
    assert _resolve(reg, "Chỉ thị 49") is None  # two Chỉ thị 49: never a guess
    assert _resolve(reg, "Chỉ thị 49/CT-TTg") == "ct-49a"


# --- the check ---------------------------------------------------------------------------------

def test_real_data_has_no_citation_warning():
    result = run_camnang("check", "--data", str(ROOT / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cảnh báo" not in result.stdout + result.stderr


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_changed_date_in_a_seed_text_is_warned_naming_both_dates(tmp_path):
    data = _copy_data(tmp_path)
    plan = data / "van-ban" / "ke-hoach-duk-khuyen-hoc-2022-2025.yml"
    _replace(plan, "Thông tư số 22/2020/TT-BGDĐT ngày 06/8/2020", "Thông tư số 22/2020/TT-BGDĐT ngày 16/8/2020")
    result = run_camnang("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if "cảnh báo:" in line]
    assert len(warnings) == 1, result.stderr
    line_no = next(i for i, line in enumerate(plan.read_text("utf-8").splitlines(), 1) if "16/8/2020" in line)
    col = plan.read_text("utf-8").splitlines()[line_no - 1].index("Thông tư số 22") + 1
    assert warnings[0].startswith(f"data/van-ban/ke-hoach-duk-khuyen-hoc-2022-2025.yml:{line_no}:{col}: cảnh báo: ")
    assert "16/8/2020" in warnings[0] and "6/8/2020" in warnings[0].replace("16/8/2020", "")
    assert "thong-tu-22-2020-tt-bgddt" in warnings[0] and "Traceback" not in result.stderr


def test_recorded_discrepancy_is_not_warned_but_a_new_one_is(tmp_path):
    """Seed 000 dates Chỉ thị 14/CT-TTg 25/5/2022 (the record: 25/5/2021); its khac_biet note records it."""
    data = _copy_data(tmp_path)
    plan = data / "van-ban" / "ke-hoach-duk-khuyen-hoc-2022-2025.yml"
    assert run_camnang("check", "--data", "data", cwd=tmp_path).returncode == 0
    _replace(plan, "        noi_dung: ngày 25/5/2022\n", "        noi_dung: theo văn bản\n")  # the note no longer names it
    result = run_camnang("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert "25/5/2022" in result.stderr and "25/5/2021" in result.stderr and "chi-thi-14-ct-ttg" in result.stderr


def test_changed_issuer_and_name_are_warned(tmp_path):
    data = _copy_data(tmp_path)
    plan = data / "van-ban" / "ke-hoach-hkh-thai-binh-2023.yml"
    _replace(plan, "Chỉ thị số 15/CT-UBND ngày 07/11/2022 của UBND tỉnh Thái Bình",
             "Chỉ thị số 15/CT-UBND ngày 07/11/2022 của Bộ Nội vụ")
    _replace(plan, "về “Tiếp tục đẩy mạnh công tác khuyến học, khuyến tài, xây dựng xã hội học tập đến năm 2030",
             "về “Tiếp tục đẩy mạnh công tác khuyến học đến năm 2030")
    result = run_camnang("check", "--data", "data", cwd=tmp_path)
    warnings = [line for line in result.stderr.splitlines() if "cảnh báo:" in line]
    assert len(warnings) == 2, result.stderr
    assert any("“Bộ Nội vụ”" in w and "“Ủy ban nhân dân tỉnh Thái Bình”" in w for w in warnings)
    assert any("Tiếp tục đẩy mạnh công tác khuyến học đến năm 2030" in w for w in warnings)


def test_abbreviated_or_shorter_issuer_names_agree(handbook):
    from camnang.citecheck import issuer_agrees
    kl49, ct15, qd448 = (handbook.documents[i] for i in ("ket-luan-49-kl-tw", "chi-thi-15-ct-ubnd", "quyet-dinh-448-qd-khvn"))
    assert issuer_agrees(handbook, "Ban Bí thư", kl49)
    assert issuer_agrees(handbook, "Ban Bí thư Trung ương Đảng khóa XII", kl49)
    assert not issuer_agrees(handbook, "Bộ Chính trị", kl49)
    assert issuer_agrees(handbook, "UBND tỉnh Thái Bình", ct15)
    assert issuer_agrees(handbook, "Ủy ban nhân dân tỉnh", ct15)
    assert issuer_agrees(handbook, "Hội Khuyến học Việt Nam", qd448)  # its Chủ tịch signs for the Hội
    assert not issuer_agrees(handbook, "UBND tỉnh Hải Dương", ct15)


def test_citation_is_a_frozen_slotted_dataclass():
    c, = find_citations("Kết luận 49-KL/TW")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.number = "x"  # type: ignore[misc]
    assert not hasattr(c, "__dict__")
    assert re.fullmatch(r"Kết luận 49-KL/TW", c.label)


def test_relation_kind_from_the_cue_before_the_citation():
    text = ("Căn cứ Chương trình hành động số 198/CTrHĐ-KHVN ngày 29 tháng 7 năm 2021 của Trung ương Hội Khuyến học "
            "Việt Nam về việc thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng cộng sản Việt Nam; "
            "Nghị quyết Đại hội lần thứ VI, nhiệm kỳ 2021-2026 của Hội Khuyến học Việt Nam; Ban Thường vụ xây dựng "
            "Kế hoạch. Thực hiện Kết luận 49-KL/TW của Ban Bí thư. Tuyên truyền nội dung Quyết định số 489/QĐ-TTg.")
    assert [relation_kind(text, c) for c in find_citations(text)] == [
        "can_cu",      # Căn cứ Chương trình hành động 198
        "dan_chieu",   # named inside the name of 198
        "can_cu",      # after ";": the Căn cứ list goes on
        "thuc_hien",   # Thực hiện Kết luận 49
        "dan_chieu",   # only mentioned
    ]
