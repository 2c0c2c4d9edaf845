"""One test per kind of bad input: the message, its position, and nothing else breaks."""

from __future__ import annotations

import unicodedata

import pytest
from datasets import DIRECTIVE, PLAN, make_data

from camnang.diagnostics import DataError, Severity
from camnang.loader import load_handbook


def errors_for(tmp_path, changes):
    data = make_data(tmp_path, changes)
    with pytest.raises(DataError) as info:
        load_handbook(data)
    return [d for d in info.value.diagnostics if d.severity == Severity.ERROR]


def only_error(tmp_path, changes):
    found = errors_for(tmp_path, changes)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def test_valid_base_loads(tmp_path):
    result = load_handbook(make_data(tmp_path))
    assert set(result.handbook.documents) == {"chi-thi-11-ct-tw", "ke-hoach-mau"}
    assert result.warnings == []


def test_unclosed_quote(tmp_path):
    bad = DIRECTIVE.replace('ngay_ban_hanh: "2007-04-13"', 'ngay_ban_hanh: "2007-04-13')
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "ngoặc kép" in err.message and "chưa đóng" in err.message
    assert err.file.endswith("chi-thi-11-ct-tw.yml") and (err.line, err.col) == (4, 16)


def test_unclosed_bracket(tmp_path):
    bad = PLAN.replace("muc: [mo-dau]", "muc: [mo-dau")
    err = only_error(tmp_path, {"van-ban/ke-hoach-mau.yml": bad})
    assert "Dấu ngoặc" in err.message


def test_tab_indentation(tmp_path):
    bad = DIRECTIVE.replace("  - url:", "\t- url:")
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "Tab" in err.message and (err.line, err.col) == (11, 1)


def test_bad_indentation(tmp_path):
    bad = DIRECTIVE.replace("cap: Trung ương", "  cap: Trung ương")
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert err.line == 8 and ("Thụt lề" in err.message or "hai chấm" in err.message)


def test_duplicate_key(tmp_path):
    bad = DIRECTIVE + "cap: Tỉnh\n"
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "`cap` lặp lại" in err.message and "dòng 8" in err.message and err.line == 12


def test_unknown_key_suggests(tmp_path):
    bad = DIRECTIVE.replace("trich_yeu:", "trich_yue:")
    found = errors_for(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    unknown = next(d for d in found if "không được phép" in d.message)
    assert "`trich_yue`" in unknown.message and "`trich_yeu`" in unknown.hint
    assert (unknown.line, unknown.col) == (7, 1)


def test_wrong_type(tmp_path):
    bad = DIRECTIVE.replace("so_ky_hieu: 11-CT/TW", "so_ky_hieu: [11]")
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "Sai kiểu" in err.message and err.path == "so_ky_hieu" and err.line == 3


@pytest.mark.parametrize("value, words", [
    ('"2023-02-31"', "không có thật"),
    ('"31/02/2023"', "năm-tháng-ngày"),
    ('"2023-13-01"', "không có thật"),
])
def test_bad_dates(tmp_path, value, words):
    bad = DIRECTIVE.replace('"2007-04-13"', value)
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert words in err.message and (err.line, err.col) == (4, 16)


def test_impossible_date_hint_names_month_length(tmp_path):
    bad = DIRECTIVE.replace('"2007-04-13"', '"2023-02-31"')
    assert "28 ngày" in only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad}).hint


def test_unknown_reference_suggests(tmp_path):
    bad = PLAN.replace("van_ban: chi-thi-11-ct-tw", "van_ban: chi-thi-11-ct-t")
    err = only_error(tmp_path, {"van-ban/ke-hoach-mau.yml": bad})
    assert "`chi-thi-11-ct-t`" in err.message and "`chi-thi-11-ct-tw`" in err.hint


def test_duplicate_ids_across_files(tmp_path):
    twin = DIRECTIVE  # same id, another file name
    found = errors_for(tmp_path, {"van-ban/chi-thi-11-ban-sao.yml": twin})
    messages = " | ".join(d.message for d in found)
    assert "trùng với bản ghi" in messages and "khác tên tệp" in messages


def test_cycle_of_basis(tmp_path):
    looped = DIRECTIVE + "quan_he:\n  - loai: can_cu\n    van_ban: ke-hoach-mau\n"
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": looped})
    assert "Vòng lặp" in err.message and "chi-thi-11-ct-tw → ke-hoach-mau → chi-thi-11-ct-tw" in err.message


def test_clause_id_reused(tmp_path):
    bad = PLAN.replace("id: i-g1", "id: mo-dau")
    found = errors_for(tmp_path, {"van-ban/ke-hoach-mau.yml": bad})
    assert any("Mã mục `mo-dau` đã dùng" in d.message for d in found)


def test_empty_file(tmp_path):
    err = only_error(tmp_path, {"thuat-ngu/rong.yml": "# chỉ có chú thích\n"})
    assert err.message == "Tệp rỗng" and err.file.endswith("rong.yml")


def test_not_utf8(tmp_path):
    bad = DIRECTIVE.replace("Chỉ thị 11-CT/TW", "Ch\u1ec9 th\u1ecb").encode("utf-8")
    bad = bad.replace(b"Ch", b"Ch\xff", 1)
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "không phải UTF-8" in err.message and err.line == 2


def test_bom(tmp_path):
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": b"\xef\xbb\xbf" + DIRECTIVE.encode()})
    assert "BOM" in err.message


def test_nfd_text(tmp_path):
    bad = DIRECTIVE.replace("Trung ương", unicodedata.normalize("NFD", "Trung ương"))
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "NFC" in err.message and err.line == 8 and "camnang fmt" in err.hint


def test_file_too_large(tmp_path):
    big = DIRECTIVE + "# " + "x" * (2 * 1024 * 1024) + "\n"
    assert "quá lớn" in only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": big}).message


def test_alias_bomb_fails_fast(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    err = only_error(tmp_path, {"thuat-ngu/bom.yml": bomb})
    assert "bí danh" in err.message and err.line == 2


def test_python_tag_is_refused_not_run(tmp_path):
    evil = DIRECTIVE.replace("cap: Trung ương", "cap: !!python/object/apply:os.system ['touch PWNED']")
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": evil})
    assert "Thẻ YAML không được phép" in err.message and not (tmp_path / "PWNED").exists()


def test_custom_tag_refused(tmp_path):
    odd = DIRECTIVE.replace("cap: Trung ương", "cap: !tinh Trung ương")
    assert "Thẻ YAML" in only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": odd}).message


def test_html_in_text_is_a_warning(tmp_path):
    html = DIRECTIVE.replace("về tăng cường", "về <script>alert(1)</script> tăng cường")
    result = load_handbook(make_data(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": html}))
    (warning,) = result.warnings
    assert "thẻ HTML" in warning.message and warning.line == 7


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4="])
def test_dangerous_urls(tmp_path, url):
    bad = DIRECTIVE.replace("https://example.vn/chi-thi-11", url)
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "http:// hoặc https://" in err.message and err.line == 11


def test_missing_required_key(tmp_path):
    bad = DIRECTIVE.replace("xac_minh: da_doi_chieu\n", "")
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "Thiếu khóa bắt buộc `xac_minh`" in err.message


def test_enum_suggests(tmp_path):
    bad = DIRECTIVE.replace("loai: Chỉ thị", "loai: Chi thi")
    err = only_error(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": bad})
    assert "`Chỉ thị`" in err.hint


def test_task_points_to_missing_clause(tmp_path):
    bad = PLAN.replace("muc: i-g1", "muc: i-g9")
    err = only_error(tmp_path, {"van-ban/ke-hoach-mau.yml": bad})
    assert "mục của văn bản này" in err.message and "`i-g1`" in err.hint


def test_all_errors_reported_at_once(tmp_path):
    found = errors_for(tmp_path, {
        "van-ban/chi-thi-11-ct-tw.yml": DIRECTIVE.replace("loai: Chỉ thị", "loai: X"),
        "thuat-ngu/rong.yml": "",
        "co-quan/sai.yml": "id: [",
    })
    assert len({d.file for d in found}) == 3
