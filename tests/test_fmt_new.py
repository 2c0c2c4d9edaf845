"""`camnang fmt` keeps meaning and is idempotent; `camnang new` writes records that pass the check."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import ROOT, run_camnang
from datasets import make_data

from camnang.loader import load_handbook
from camnang.schema import KINDS
from camnang.yamlio import read_yaml

MESSY = """\
xac_minh: da_doi_chieu
id: chi-thi-11-ct-tw
nguon: [{url: 'https://example.vn/chi-thi-11'}]
loai: 'Chỉ thị'
so_ky_hieu: "11-CT/TW"
ngay_ban_hanh: '2007-04-13'
co_quan_ban_hanh: bo-chinh-tri
ten_ngan: Chỉ thị
  11-CT/TW
trich_yeu: "về tăng cường sự lãnh đạo: của Đảng"
cap: """ + unicodedata.normalize("NFD", "Trung ương") + "\n"


def test_real_data_is_already_canonical():
    result = run_camnang("fmt", "--check", "--data", str(ROOT / "data"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_fmt_keeps_meaning_and_is_idempotent(tmp_path):
    data = make_data(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": MESSY})
    path = data / "van-ban" / "chi-thi-11-ct-tw.yml"
    before, _ = read_yaml(path, "x")
    check = run_camnang("fmt", "--check", "--data", str(data))
    assert check.returncode == 1 and "chi-thi-11-ct-tw.yml: cần chuẩn hóa" in check.stdout
    assert path.read_text("utf-8").startswith("xac_minh")  # --check wrote nothing
    assert run_camnang("fmt", "--data", str(data)).returncode == 0
    text = path.read_text("utf-8")
    after, problems = read_yaml(path, "x")
    assert problems == [] and after.data == {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
                                             for k, v in before.data.items()}
    assert text.splitlines()[:3] == ["# yaml-language-server: $schema=../../camnang/schemas/van-ban.schema.json",
                                     "id: chi-thi-11-ct-tw", "loai: Chỉ thị"]
    assert 'ngay_ban_hanh: "2007-04-13"' in text and "ten_ngan: Chỉ thị 11-CT/TW" in text
    assert run_camnang("fmt", "--data", str(data)).returncode == 0
    assert path.read_text("utf-8") == text
    load_handbook(data)  # still valid


def test_fmt_leaves_commented_files_alone(tmp_path):
    data = make_data(tmp_path, {"thuat-ngu/btv.yml": "# ghi chú của người biên tập\n" + "id: btv\n"
                                "thuat_ngu: BTV\nloai: viet_tat\ndien_giai: Ban Thường vụ\n"
                                "# nguồn dưới đây\nnguon: [{tep: a.txt}]\n"})
    result = run_camnang("fmt", "--data", str(data))
    assert "btv.yml: bỏ qua: có chú thích" in result.stderr
    assert "# nguồn dưới đây" in (data / "thuat-ngu" / "btv.yml").read_text("utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_new_skeleton_passes_the_check(tmp_path, kind):
    data = make_data(tmp_path)
    result = run_camnang("new", kind, "ban-ghi-moi", "--data", str(data))
    assert result.returncode == 0, result.stderr
    created = data / kind / "ban-ghi-moi.yml"
    assert created.read_text("utf-8").startswith(f"# yaml-language-server: $schema=../../camnang/schemas/{kind}.schema.json")
    assert run_camnang("check", "--data", str(data)).returncode == 0
    assert "ban-ghi-moi.yml" not in run_camnang("fmt", "--check", "--data", str(data)).stdout


def test_new_refuses_bad_ids_and_existing_files(tmp_path):
    data = make_data(tmp_path)
    bad = run_camnang("new", "van-ban", "Kế hoạch", "--data", str(data))
    assert bad.returncode == 1 and "không hợp lệ" in bad.stderr
    taken = run_camnang("new", "van-ban", "ke-hoach-mau", "--data", str(data))
    assert taken.returncode == 1 and "đã có" in taken.stderr
    unknown = run_camnang("new", "van-bam", "x", "--data", str(data))
    assert unknown.returncode == 1 and "Không có loại bản ghi" in unknown.stderr
