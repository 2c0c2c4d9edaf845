"""The input boundary against hostile bytes: what is read, which names count, which values pass.

Cases git cannot carry portably (symlinks, FIFOs, case-only twins) are made here at run time.
Every refusal is a positioned Vietnamese message; whatever is accepted builds.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading

import pytest
from conftest import run_camnang
from datasets import DIRECTIVE, PLAN, TERM, make_data

from camnang.diagnostics import DataError, Severity
from camnang.fastcheck import compile_schema
from camnang.loader import load_cached, load_handbook
from camnang.schema import load_schema, validator
from camnang.yamlio import MAX_BYTES, MAX_DEPTH

D = "van-ban/chi-thi-11-ct-tw.yml"
P = "van-ban/ke-hoach-mau.yml"
SUMMARY = "về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs of POSIX")


def errors_for(tmp_path, changes=None, setup=None):
    data = make_data(tmp_path, changes)
    if setup:
        setup(data)
    with pytest.raises(DataError) as info:
        load_handbook(data)
    return [d for d in info.value.diagnostics if d.severity == Severity.ERROR]


def only_error(tmp_path, changes=None, setup=None):
    found = errors_for(tmp_path, changes, setup)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def position(text: str, marker: str) -> tuple[int, int]:
    """1-based line and column of the first `marker` in `text`, counted here, not by the loader."""
    i = text.index(marker)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


# --- Reading: only regular files inside data/ ------------------------------------------------

@posix_only
@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_symlinked_file_is_refused_not_read(tmp_path, target):
    outside = tmp_path / "ngoai.yml"
    outside.write_text(TERM.replace("id: btv", "id: ngoai"), "utf-8")
    link_to = "/dev/zero" if target == "/dev/zero" else str(outside)
    err = only_error(tmp_path, setup=lambda data: os.symlink(link_to, data / "thuat-ngu" / "ngoai.yml"))
    assert err.file.endswith("thuat-ngu/ngoai.yml") and (err.line, err.col) == (1, 1)
    assert "symlink" in err.message and "thay liên kết" in err.hint


@posix_only
def test_fifo_is_refused_without_blocking(tmp_path):
    data = make_data(tmp_path)
    os.mkfifo(data / "thuat-ngu" / "ong.yml")
    # A FIFO opened for reading waits for a writer: a subprocess with a timeout proves no one waits.
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/thuat-ngu/ong.yml:1:1: lỗi: Không phải tệp thường" in result.stderr
    assert not (tmp_path / "site").exists()


@posix_only
def test_symlinked_folders_are_not_walked(tmp_path):
    elsewhere = tmp_path / "ngoai"
    elsewhere.mkdir()
    (elsewhere / "ngoai.yml").write_text(TERM.replace("id: btv", "id: ngoai"), "utf-8")

    def link(data):
        os.symlink(elsewhere, data / "thuat-ngu" / "con-tro")
        os.symlink(elsewhere, data / "mo-hinh")

    found = errors_for(tmp_path, setup=link)
    assert sorted((d.file.split("data/")[1], d.line, d.col) for d in found) == [
        ("mo-hinh", 1, 1), ("thuat-ngu/con-tro", 1, 1)]
    assert all("symlink" in d.message for d in found)


@posix_only
def test_symlinked_data_folder_is_refused(tmp_path):
    real = make_data(tmp_path / "that")
    os.symlink(real, tmp_path / "data")
    result = run_camnang("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1 and "data:0:0: lỗi: Thư mục dữ liệu là liên kết tượng trưng" in result.stderr


@posix_only
def test_cache_stamp_neither_follows_nor_opens(tmp_path):
    data = make_data(tmp_path)
    first = load_cached(data)
    assert load_cached(data) is first
    link = data / "thuat-ngu" / "zero.yml"
    os.symlink("/dev/zero", link)
    with pytest.raises(DataError):  # the new entry changes the stamp: loaded again, and refused
        load_cached(data)
    link.unlink()
    os.mkfifo(data / "thuat-ngu" / "ong.yml")
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: outcome.append(_raised(load_cached, data)), daemon=True)
    worker.start()
    worker.join(60)  # opening the FIFO (to stamp or to read it) would wait here for a writer
    assert not worker.is_alive() and isinstance(outcome[0], DataError)
    assert "Không phải tệp thường" in outcome[0].report()


def _raised(function, *args) -> BaseException | None:
    try:
        function(*args)
    except BaseException as error:
        return error
    return None


def test_size_is_counted_on_the_bytes_read(tmp_path):
    exactly = "# " + "x" * (MAX_BYTES - 3) + "\n"
    assert len(exactly.encode()) == MAX_BYTES
    assert only_error(tmp_path / "a", {"thuat-ngu/lon.yml": exactly}).message == "Tệp rỗng"
    err = only_error(tmp_path / "b", {"thuat-ngu/lon.yml": exactly + "\n"})
    assert err.message.startswith("Tệp quá lớn") and (err.line, err.col) == (1, 1)


# --- File names -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, right", [
    ("ubnd.YML", "ubnd.yml"), ("ubnd.Yml", "ubnd.yml"), ("ubnd.yaml", "ubnd.yml"), ("ubnd.YAML", "ubnd.yml"),
    ("ubnd.yml.txt", "ubnd.yml"), ("ubnd.yml.bak", "ubnd.yml"), ("ubnd.yaml.orig", "ubnd.yml"),
])
def test_near_miss_names_are_reported(tmp_path, name, right):
    err = only_error(tmp_path, {f"thuat-ngu/{name}": TERM.replace("id: btv", "id: ubnd")})
    assert err.message == "Tệp dữ liệu phải có đuôi .yml" and err.file.endswith(name)
    assert f"đổi tên thành {right}" in err.hint


@posix_only
def test_hidden_files_and_editor_backups_are_ignored(tmp_path):
    data = make_data(tmp_path, {"thuat-ngu/btv.yml~": "id: [", "thuat-ngu/#btv.yml#": "id: [",
                                "thuat-ngu/.an.yml": "id: ["})
    os.symlink("ai@may.12345:1", data / "thuat-ngu" / ".#btv.yml")  # Emacs' lock: a dangling symlink
    assert set(load_handbook(data).handbook.terms) == {"btv"}


@pytest.mark.parametrize("stem", ["con", "prn", "aux", "nul", "com1", "lpt9"])
def test_windows_device_names_are_refused(tmp_path, stem):
    err = only_error(tmp_path, {f"thuat-ngu/{stem}.yml": TERM.replace("id: btv", f"id: {stem}")})
    assert err.message == f"Tên tệp `{stem}.yml` là tên thiết bị dành riêng của Windows"


def test_case_only_twins_are_refused(tmp_path):
    folder = tmp_path / "data" / "thuat-ngu"
    folder.mkdir(parents=True)
    (folder / "Btv.yml").write_text(TERM, "utf-8")
    if (folder / "btv.yml").exists():
        pytest.skip("hệ tệp không phân biệt chữ hoa/thường: hai tệp không thể cùng tồn tại ở đây")
    err = only_error(tmp_path)  # btv.yml itself (from the base data) loads
    assert err.message == "Tên tệp `Btv.yml` chỉ khác `btv.yml` ở chữ hoa/chữ thường" and err.file.endswith("/Btv.yml")


@posix_only
@pytest.mark.parametrize("name, shown", [(b"a\nb.yml", "a\\nb.yml"), (b"a\xe2\x80\xaeb.yml", "a\\u202eb.yml"),
                                         (b"\xff.yml", "\\udcff.yml"), (b"Ban.yml", "Ban.yml"), (b"b\xc3\xa1.yml", "bá.yml")])
def test_file_names_that_cannot_be_ids_are_refused_on_one_line(tmp_path, name, shown):
    data = make_data(tmp_path)
    with open(os.path.join(os.fsencode(data / "thuat-ngu"), name), "wb") as f:
        f.write(TERM.encode())
    result = run_camnang("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    head = f"data/thuat-ngu/{shown}:1:1: lỗi: Tên tệp `{shown}` không dùng làm mã được"
    assert result.stderr.splitlines()[0] == head, result.stderr


def test_uppercase_id_is_refused(tmp_path):
    err = only_error(tmp_path, {"thuat-ngu/btv.yml": TERM.replace("id: btv", "id: BTV")})
    assert "chữ thường" in err.message and err.path == "id"


# --- Values -----------------------------------------------------------------------------------

def _target(value: str, extra: str = "") -> str:
    return PLAN.replace("ky: quy-1", "ky: quy-1\n    chi_tieu:\n      - gia_tri: " + value
                        + '\n        don_vi: "%"\n        doi_tuong: Hội cơ sở' + extra)


HOSTILE = [
    # (file, text, marker the error points at, words of the message)
    (D, DIRECTIVE.replace('"2007-04-13"', '"2007-04-13\\n"'), '"2007-04-13', "năm-tháng-ngày"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"1899-12-31"'), '"1899', "Ngày nằm ngoài khoảng cho phép"),
    (D, DIRECTIVE.replace('"2007-04-13"', '2101-01-01'), '2101', "Ngày nằm ngoài khoảng cho phép"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"0001-01-01"'), '"0001', "Ngày nằm ngoài khoảng cho phép"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"9999-12-31"'), '"9999', "Ngày nằm ngoài khoảng cho phép"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"10000-01-01"'), '"10000', "năm-tháng-ngày"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"0000-01-01"'), '"0000', "Ngày nằm ngoài khoảng cho phép"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"9999-12-32"'), '"9999', "Ngày nằm ngoài khoảng cho phép"),
    (P, PLAN.replace("ky: quy-1", 'ky: "0000-12-15"'), '"0000', "Ngày nằm ngoài khoảng cho phép"),
    (P, PLAN.replace("ky: quy-1", 'ky: "2100-12-32"'), '"2100', "Ngày không có thật"),
    (P, PLAN.replace("ky: quy-1", 'ky: "2023-00-10"'), '"2023', "Ngày không có thật"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"-2007-04-13"'), '"-2007', "năm-tháng-ngày"),
    (D, DIRECTIVE.replace('"2007-04-13"', '"٢٠٠٧-٠٤-١٣"'), '"٢٠٠٧', "năm-tháng-ngày"),
    (D, DIRECTIVE.replace('"2007-04-13"', '2007-04-13 10:00:00'), '2007-04-13 10', "năm-tháng-ngày"),
    (D, DIRECTIVE.replace('"2007-04-13"', '!!timestamp "mai"'), '!!timestamp', "không chuyển được sang kiểu !!timestamp"),
    (P, PLAN.replace("ky: quy-1", 'ky: "2023-02-31"'), '"2023-02-31', "Ngày không có thật"),
    (P, PLAN.replace("ky: quy-1", 'ky: "2023-13-01"'), '"2023-13-01', "Ngày không có thật"),
    (P, PLAN.replace("ky: quy-1", 'ky: "0001-01-01"'), '"0001', "Ngày nằm ngoài khoảng cho phép"),
    (P, PLAN.replace("ky: quy-1", 'ky: "quy-1\\n"'), '"quy-1', "Kỳ phải là"),
    (D, DIRECTIVE.replace("id: chi-thi-11-ct-tw", 'id: "chi-thi-11-ct-tw\\n"'), '"chi-thi', "Mã (id) chỉ gồm"),
    (D, DIRECTIVE.replace("https://example.vn/chi-thi-11", '"https://example.vn/chi-thi-11\\n"'), '"https', "http://"),
    (P, _target("9" * 400), "9999", "Số quá lớn"),
    (P, _target("9" * 5000), "9999", "Số quá lớn"),  # past Python's 4,300-digit int() limit
    (P, _target("1_000_000_000_000_000"), "1_000", "Số quá lớn"),
    (P, _target("0x" + "f" * 5000), "0xff", "Số quá lớn"),  # hex has no int() digit limit: still refused
    (P, _target("0b" + "1" * 100), "0b11", "Số quá lớn"),
    (P, _target(":".join(["59"] * 30)), "59:59", "Số quá lớn"),  # YAML 1.1 sexagesimal
    (P, _target('!!int "___"'), "!!int", "không chuyển được sang kiểu !!int"),
    (P, _target('!!float ""'), "!!float", "không chuyển được sang kiểu !!float"),
    (P, _target('!!int ""'), "!!int", "không chuyển được sang kiểu !!int"),
    (P, _target("1000000000001"), "1000000000001", "nằm ngoài khoảng cho phép"),
    (P, _target(".nan"), ".nan", "không phải một số hữu hạn"),
    (P, _target(".inf"), ".inf", "không phải một số hữu hạn"),
    (P, _target("-.inf"), "-.inf", "không phải một số hữu hạn"),
    (P, _target("1.0e+309"), "1.0e+309", "không phải một số hữu hạn"),
    (P, _target('!!float "1e999"'), "!!float", "không phải một số hữu hạn"),
    (P, _target("true"), "true\n        don_vi", "Sai kiểu dữ liệu"),
    (P, _target("80", "\n        nam: 2023.0"), "2023.0", "cần số nguyên"),
    (P, PLAN.replace("gach: true", 'gach: !!bool "maybe"'), '!!bool', "không chuyển được sang kiểu !!bool"),
    (P, _target('!!int "x"'), '!!int', "không chuyển được sang kiểu !!int"),
    (P, _target('!!float "y"'), '!!float', "không chuyển được sang kiểu !!float"),
    (D, DIRECTIVE.replace("cap: Trung ương", 'cap: !!null "a"'), '!!null', "không chuyển được sang kiểu !!null"),
    (D, DIRECTIVE.replace("cap: Trung ương", "cap: !!str [Trung ương]"), '!!str', "không chuyển được sang kiểu !!str"),
    (D, DIRECTIVE.replace("cap: Trung ương", 'cap: !!seq "a"'), '!!seq', "không chuyển được sang kiểu !!seq"),
]
# Characters refused where they stand in the file, and where a double-quoted escape makes them.
RAW = {"\x00": "U+0000", "\x0b": "U+000B", "\x0c": "U+000C", "\x1b": "U+001B", "\x7f": "U+007F",
       "\x85": "U+0085", "\x9b": "U+009B", "\r": "U+000D", "\u2028": "U+2028", "\u2029": "U+2029",
       "\ufffe": "U+FFFE", "\uffff": "U+FFFF", "\ufdd0": "U+FDD0", "\U0001fffe": "U+1FFFE"}
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
for ch, code in RAW.items():
    HOSTILE.append((D, DIRECTIVE.replace("về tăng", "về" + ch + "tăng"), ch, code))
    HOSTILE.append((D, DIRECTIVE.replace(SUMMARY, f'"về\\u{ord(ch):04x}tăng"' if ord(ch) < 0x10000
                                         else f'"về\\U{ord(ch):08x}tăng"'), '"về', code))
for ch in BIDI:
    HOSTILE.append((D, DIRECTIVE.replace("về tăng", "về" + ch + "tăng"), ch, "hướng chữ"))
for escape in ("\\ud800", "\\udfff", "\\ud83d\\ude00"):
    HOSTILE.append((D, DIRECTIVE.replace(SUMMARY, f'"về {escape}"'), '"về', "surrogate"))
HOSTILE.append((D, DIRECTIVE.replace(SUMMARY, '"về \\e[31mtăng"'), '"về', "U+001B"))
HOSTILE.append((D, DIRECTIVE + '"k\\u202e": 1\n', '"k', "hướng chữ"))


@pytest.mark.parametrize("rel, text, marker, words", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_gives_one_positioned_error(tmp_path, rel, text, marker, words):
    err = only_error(tmp_path, {rel: text})
    assert words in err.message, err.format()
    assert err.file.endswith(rel) and (err.line, err.col) == position(text, marker), err.format()
    assert "\n" not in err.message and err.hint


@pytest.mark.parametrize("value", ["2007-04-13", '"1900-01-01"', "2100-12-31"])
def test_dates_at_the_edges_and_yaml_timestamps_load(tmp_path, value):
    data = make_data(tmp_path, {D: DIRECTIVE.replace('"2007-04-13"', value)})
    date = load_handbook(data).handbook.documents["chi-thi-11-ct-tw"].date
    assert date == dt.date.fromisoformat(value.strip('"'))


def test_each_missing_key_reported_once(tmp_path):
    bare = DIRECTIVE.replace("xac_minh: da_doi_chieu\n", "").replace("cap: Trung ương\n", "").replace(
        "ten_ngan: Chỉ thị 11-CT/TW\n", "")
    found = errors_for(tmp_path, {D: bare, "thuat-ngu/btv.yml": TERM + "ghi_chu:\n  - {}\n"})
    messages = sorted(d.message.split(" (")[0] for d in found)
    assert messages == ["Thiếu khóa bắt buộc `cap`", "Thiếu khóa bắt buộc `loai`", "Thiếu khóa bắt buộc `noi_dung`",
                        "Thiếu khóa bắt buộc `ten_ngan`", "Thiếu khóa bắt buộc `xac_minh`"]


def test_messages_per_file_are_capped(tmp_path):
    stray = TERM + "".join(f"khoa_{i}: 1\n" for i in range(20_000))
    found = errors_for(tmp_path, {"thuat-ngu/btv.yml": stray})
    assert len(found) == 51 and found[-1].message.startswith("Tệp còn nhiều lỗi khác")


# --- Nesting ----------------------------------------------------------------------------------

def _clause_tree(levels: int) -> str:
    """`levels` clauses, each the only child of the one before, in the file's own indentation."""
    out, indent = [], "  "
    for i in range(levels):
        out.append(f"{indent}- id: cap-{i}\n{indent}  van_ban: Mục cấp {i}.\n{indent}  muc:\n")
        indent += "    "
    return "".join(out) + f"{indent}- id: la\n{indent}  van_ban: Lá.\n"


# The record (1) > noi_dung (2) > a clause (3) > its muc (4) …: the leaf of k nested clauses is at 2k + 3.
DEEPEST_TREE = (MAX_DEPTH - 3) // 2


def test_deepest_accepted_clause_tree_loads(tmp_path):
    plan = PLAN.replace("noi_dung:\n", "noi_dung:\n" + _clause_tree(DEEPEST_TREE))
    doc = load_handbook(make_data(tmp_path, {P: plan})).handbook.documents["ke-hoach-mau"]
    assert doc.clause_index["la"].depth == DEEPEST_TREE


def test_one_level_deeper_is_refused_at_the_first_level_too_deep(tmp_path):
    plan = PLAN.replace("noi_dung:\n", "noi_dung:\n" + _clause_tree(DEEPEST_TREE + 1))
    err = only_error(tmp_path, {P: plan})
    # The leaf is now collection number 2 * (DEEPEST_TREE + 1) + 3 = MAX_DEPTH + 1: a mapping starts at its first key.
    assert err.message.startswith("Cấu trúc lồng quá sâu")
    assert (err.line, err.col) == position(plan, "id: la")


@pytest.mark.parametrize("shape", ["flow", "flow-closed", "flow-maps", "compact", "indent", "quoted-closers", "empties"])
def test_deep_nesting_is_refused_before_parsing(tmp_path, shape):
    text = {
        "flow": "id: sau\nx: " + "[" * 100_000 + "\n",
        "flow-closed": "id: sau\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "flow-maps": "id: sau\nx: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
        "compact": "id: sau\nx:\n" + "- " * 20_000 + "a\n",
        "indent": "id: sau\nx:\n" + "".join(" " * i + "a:\n" for i in range(1, 200)) + " " * 200 + "a: 1\n",
        # Quoted brackets must not hide real ones from the cheap bound.
        "quoted-closers": "id: sau\nx: [" + ", ".join(['"]]]]"'] * 30) + ", " + "[" * 60 + "]" * 61 + "\n",
        # Empty lists are discounted by the bound (fmt writes many `[]`), never the ones that nest.
        "empties": "id: sau\nx: " + "[" * 60 + ", ".join(["[]", "{}"] * 30) + "]" * 60 + "\n",
    }[shape]
    err = only_error(tmp_path, {"thuat-ngu/sau.yml": text})
    assert err.message.startswith("Cấu trúc lồng quá sâu") and err.line >= 2


# --- Both checkers agree, and what check accepts, build builds --------------------------------

@pytest.mark.parametrize("value", ["chi-thi-11\n", "chi-thi-11", "Chi-thi", "a--b", "-a", "٣", "0001-01-01", "1900-01-01",
                                   "0000-01-01", "9999-12-32", "2100-12-32", "1899-12-31",
                                   "2100-12-31", "2101-01-01", "2023-02-29", "2024-02-29", "2024-02-29\n", "quy-1\n"])
@pytest.mark.parametrize("field", ["id", "ngay_ban_hanh"])
def test_fast_check_agrees_with_jsonschema_on_edge_strings(field, value):
    record = {"id": "x", "loai": "Chỉ thị", "so_ky_hieu": None, "ngay_ban_hanh": None, "co_quan_ban_hanh": None,
              "ten_ngan": "x", "trich_yeu": None, "cap": "Bộ", "xac_minh": "can_xac_minh", "nguon": [{"tep": "x"}],
              "nhiem_vu": [{"id": "a", "muc": "b", "ky": value}]}
    record[field] = value
    schema = load_schema("van-ban")
    assert compile_schema(schema)(record) == validator("van-ban").is_valid(record)


@pytest.mark.slow
def test_what_check_accepts_builds(tmp_path):
    edge = (PLAN.replace("ngay_ban_hanh: null", 'ngay_ban_hanh: "2100-12-31"')
            .replace("ky: quy-1", 'ky: "1900-01-01"\n    chi_tieu:\n      - gia_tri: 1000000000000\n'
                     '        don_vi: "%"\n        doi_tuong: "tab\\tnbsp\u00a0zwsp\u200bemoji 😀 שלום"\n        nam: 2100')
            .replace("noi_dung:\n", "noi_dung:\n" + _clause_tree(DEEPEST_TREE - 1)))
    make_data(tmp_path, {P: edge, D: DIRECTIVE.replace('"2007-04-13"', "1900-01-01")})
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "van-ban" / "ke-hoach-mau.html").read_text("utf-8")
    assert "31/12/2100" in page and "1/1/1900" in page and 'id="la"' in page


@posix_only
def test_fmt_neither_blocks_nor_writes_through_links(tmp_path):
    data = make_data(tmp_path)
    outside = tmp_path / "ngoai.yml"
    outside.write_text("thuat_ngu: X\nid: ngoai\n", "utf-8")  # fmt would reorder these keys
    os.symlink(outside, data / "thuat-ngu" / "ngoai.yml")
    os.symlink("/dev/zero", data / "thuat-ngu" / "zero.yml")
    os.mkfifo(data / "thuat-ngu" / "ong.yml")
    result = run_camnang("fmt", "--data", "data", cwd=tmp_path)  # a timeout here means it blocked
    assert "Traceback" not in result.stderr
    assert outside.read_text("utf-8") == "thuat_ngu: X\nid: ngoai\n"


@posix_only
def test_new_does_not_write_through_a_dangling_symlink(tmp_path):
    data = make_data(tmp_path)
    target = tmp_path / "ngoai.txt"
    os.symlink(target, data / "thuat-ngu" / "moi.yml")
    result = run_camnang("new", "thuat-ngu", "moi", "--data", "data", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr and not target.exists()
    assert run_camnang("new", "thuat-ngu", "moi\n", "--data", "data", cwd=tmp_path).returncode != 0


def test_every_date_field_is_judged_by_x_ngay():
    """`format: date` is only an annotation for the editor here: a date field without x-ngay
    would accept 2023-02-31 or year 1 and crash a renderer."""
    from camnang.schema import KINDS

    def nodes(node):
        if isinstance(node, dict):
            yield node
            for child in node.values():
                yield from nodes(child)
        elif isinstance(node, list):
            for child in node:
                yield from nodes(child)

    unjudged = [(kind, node.get("title")) for kind in KINDS for node in nodes(load_schema(kind))
                if (node.get("format") == "date" or "d{4}-" in str(node.get("pattern", ""))) and not node.get("x-ngay")]
    assert unjudged == []
