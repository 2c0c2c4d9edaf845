"""Small, valid data directories for tests, to be broken one way at a time."""

from __future__ import annotations

from pathlib import Path

ORG = """\
id: bo-chinh-tri
ten: Bộ Chính trị
cap: Trung ương
nguon:
  - tep: 000_0c4b58b529f50a1e.txt
"""

DIRECTIVE = """\
id: chi-thi-11-ct-tw
loai: Chỉ thị
so_ky_hieu: 11-CT/TW
ngay_ban_hanh: "2007-04-13"
co_quan_ban_hanh: bo-chinh-tri
ten_ngan: Chỉ thị 11-CT/TW
trich_yeu: về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học
cap: Trung ương
xac_minh: da_doi_chieu
nguon:
  - url: https://example.vn/chi-thi-11
"""

PLAN = """\
id: ke-hoach-mau
loai: Kế hoạch
so_ky_hieu: null
ngay_ban_hanh: null
co_quan_ban_hanh: bo-chinh-tri
ten_ngan: Kế hoạch mẫu
trich_yeu: thực hiện Chỉ thị 11
cap: Khối
xac_minh: toan_van
nguon:
  - tep: 000_0c4b58b529f50a1e.txt
quan_he:
  - loai: thuc_hien
    van_ban: chi-thi-11-ct-tw
    muc: [mo-dau]
noi_dung:
  - id: mo-dau
    van_ban: Thực hiện Chỉ thị số 11-CT/TW, BTV ban hành kế hoạch.
  - id: i
    so: "I."
    tieu_de: MỤC ĐÍCH, YÊU CẦU
    muc:
      - id: i-g1
        gach: true
        van_ban: Tăng cường sự lãnh đạo.
nhiem_vu:
  - id: nv-1
    muc: i-g1
    ky: quy-1
"""

TERM = """\
id: btv
thuat_ngu: BTV
loai: viet_tat
dien_giai: Ban Thường vụ
nguon:
  - tep: 000_0c4b58b529f50a1e.txt
"""

BASE = {
    "co-quan/bo-chinh-tri.yml": ORG,
    "van-ban/chi-thi-11-ct-tw.yml": DIRECTIVE,
    "van-ban/ke-hoach-mau.yml": PLAN,
    "thuat-ngu/btv.yml": TERM,
}


def make_data(root: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """Write BASE into root/data with `changes` applied (None deletes a file)."""
    data = root / "data"
    files = dict(BASE)
    files.update(changes or {})
    for rel, content in files.items():
        if content is None:
            continue
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data
