#!/usr/bin/env python3
"""Write a synthetic national corpus: the real data plus N generated provincial plans.

    scripts/synth.py --plans 300 --out /tmp/synth-300

Every generated record is marked as synthetic (in its name and `ghi_chu`) and is valid
under the real schemas, so `camnang build --data DIR` builds it. Plan i is the same for
any N (seeded by its index), so corpora of different sizes are comparable.

The map follows the plan's year: plans for a year up to 2025 (issued before the new units
started on 1/7/2025) use the 63 provinces and their districts; plans for 2026 onwards use the
34 provincial units and communes only (no district level). Of the 34, the handbook's checked
sources (van-ban-lien-quan.md, section D) name three — tỉnh Hưng Yên, thành phố Hải Phòng,
tỉnh Ninh Bình —; the other 31 are clearly synthetic names ("Tỉnh tổng hợp 1" …), never guessed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from camnang.fmt import format_text  # noqa: E402

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP. Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
# Section D names these units of the 34 and what they were formed from (data/dia-ban/ holds them).
NEW_UNITS_NAMED = [("tỉnh", "Hưng Yên", "tinh-hung-yen"), ("thành phố", "Hải Phòng", "thanh-pho-hai-phong"),
                   ("tỉnh", "Ninh Bình", "tinh-ninh-binh")]
NEW_UNITS = NEW_UNITS_NAMED + [("tỉnh", f"Tổng hợp {n}", None) for n in range(1, 34 - len(NEW_UNITS_NAMED) + 1)]
# Old provinces whose change the real data records: a synthetic body there gets `dia_ban`, so the
# province's one event reaches it too.
OLD_UNITS = {"Thái Bình": "tinh-thai-binh", "Hải Dương": "tinh-hai-duong", "Hà Nam": "tinh-ha-nam"}
NEW_MAP_FROM = 2026  # plans for 2026 onwards were written for the 34 units

ACTIONS = ["Tổ chức", "Triển khai", "Hướng dẫn", "Kiểm tra", "Tuyên truyền", "Sơ kết", "Phối hợp tổ chức", "Tập huấn"]
SUBJECTS = ["phong trào khuyến học, khuyến tài", "xây dựng mô hình “Gia đình học tập”", "mô hình “Dòng họ học tập”",
            "mô hình “Cộng đồng học tập” cấp thôn, tổ dân phố", "mô hình “Đơn vị học tập” trong cơ quan, trường học",
            "mô hình “Công dân học tập”", "hoạt động của trung tâm học tập cộng đồng", "Quỹ khuyến học các cấp",
            "Tuần lễ hưởng ứng học tập suốt đời", "công tác thi đua, khen thưởng của Hội"]
WHERE = ["ở cơ sở", "trong toàn tỉnh", "tại các huyện, thành phố", "trong các chi hội", "tại các xã, phường, thị trấn"]
WHERE_NEW = ["ở cơ sở", "trong toàn tỉnh", "trong các chi hội", "tại các xã, phường, đặc khu", "tại các xã, phường"]
PERIODS = ["quy-1", "quy-2", "quy-3", "quy-4"]
ROMAN_QUARTERS = ["I", "II", "III", "IV"]


def slug(text: str) -> str:
    import unicodedata
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def organisation(province: str) -> dict:
    return {"id": f"hoi-khuyen-hoc-tinh-{slug(province)}", "ten": f"Hội Khuyến học tỉnh {province} (dữ liệu tổng hợp)",
            "ten_viet_tat": None, "cap": "Hội", "truc_thuoc": None, "dia_ban": OLD_UNITS.get(province),
            "nguon": [{"tep": "scripts/synth.py"}],
            "ghi_chu": [{"loai": "bien_tap", "noi_dung": "Bản ghi tổng hợp để đo hiệu năng; không phải dữ liệu thật."}]}


def new_organisation(kind: str, name: str, unit_id: str | None) -> dict:
    """The Hội of one of the 34 units (from 1/7/2025): its id says so, so it never meets an old one."""
    return {"id": f"hoi-khuyen-hoc-{slug(kind)}-{slug(name)}-tu-2025", "ten": f"Hội Khuyến học {kind} {name} "
            "(từ 1/7/2025; dữ liệu tổng hợp)", "ten_viet_tat": None, "cap": "Hội", "truc_thuoc": None,
            "dia_ban": unit_id, "nguon": [{"tep": "scripts/synth.py"}],
            "ghi_chu": [{"loai": "bien_tap", "noi_dung": "Bản ghi tổng hợp để đo hiệu năng; không phải dữ liệu thật."}]}


def plan(index: int) -> tuple[dict, dict]:
    rng = random.Random(f"ke-hoach-{index}")
    year = 2021 + index % 9  # every size of corpus holds plans of both maps
    if year >= NEW_MAP_FROM:
        kind, province, unit_id = NEW_UNITS[index % len(NEW_UNITS)]
        org, where, unit_word = new_organisation(kind, province, unit_id), WHERE_NEW, kind
    else:
        province = PROVINCES[index % len(PROVINCES)]
        org, where, unit_word = organisation(province), WHERE, "tỉnh"
    doc_id = f"ke-hoach-tong-hop-{slug(province)}-{year}-{index}"
    quarters, tasks, task_no = [], [], 0
    for q, period in enumerate(PERIODS):
        bullets = []
        for b in range(rng.randint(10, 20)):
            clause_id = f"ii-{q + 1}-g{b + 1}"
            text = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {rng.choice(where)} (nhiệm vụ tổng hợp số {b + 1})."
            bullets.append({"id": clause_id, "gach": True, "van_ban": text})
            task_no += 1
            task = {"id": f"nv-{task_no}", "muc": clause_id, "ky": period}
            if rng.random() < 0.3:
                task["chi_tieu"] = [{"gia_tri": rng.choice([50, 60, 70, 80, 90, 100]), "don_vi": "%",
                                     "so_sanh": "trở lên", "doi_tuong": f"đơn vị hoàn thành {rng.choice(SUBJECTS)}",
                                     "nam": year}]
            if rng.random() < 0.2:
                task["thuc_hien"] = [{"van_ban": rng.choice(["quyet-dinh-387-qd-ttg", "quyet-dinh-677-qd-ttg"])}]
            tasks.append(task)
        quarters.append({"id": f"ii-{q + 1}", "so": f"2.{q + 1}.", "tieu_de": f"Nhiệm vụ quý {ROMAN_QUARTERS[q]}",
                         "muc": bullets})
    record = {
        "id": doc_id, "loai": "Kế hoạch", "so_ky_hieu": None, "ngay_ban_hanh": None, "noi_ban_hanh": None,
        "co_quan_ban_hanh": org["id"], "ten_ngan": f"Kế hoạch tổng hợp {index}: khuyến học {unit_word} {province} năm {year}",
        "tieu_de": f"KẾ HOẠCH CÔNG TÁC KHUYẾN HỌC NĂM {year}",
        "trich_yeu": f"công tác khuyến học năm {year} (dữ liệu tổng hợp)", "cap": "Hội", "giai_doan": str(year),
        "xac_minh": "can_xac_minh", "nguon": [{"tep": "scripts/synth.py"}],
        "quan_he": [{"loai": "thuc_hien", "van_ban": "ket-luan-49-kl-tw", "muc": ["mo-dau"]},
                    {"loai": "can_cu", "van_ban": "quyet-dinh-677-qd-ttg", "muc": ["mo-dau"]}],
        "ghi_chu": [{"loai": "bien_tap", "noi_dung": "Kế hoạch tổng hợp để đo hiệu năng; không phải văn bản thật."}],
        "noi_dung": [
            {"id": "mo-dau", "van_ban": f"Thực hiện Kết luận số 49-KL/TW, Hội Khuyến học {unit_word} {province} xây dựng kế hoạch năm {year}."},
            {"id": "ii", "so": "II.", "tieu_de": "NHIỆM VỤ TRỌNG TÂM TỪNG QUÝ", "muc": quarters},
        ],
        "nhiem_vu": tasks,
    }
    return record, org


def write(out: Path, n: int, source: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    for i in range(n):
        record, org = plan(i)
        (out / "van-ban" / f"{record['id']}.yml").write_text(format_text("van-ban", record), "utf-8")
        org_path = out / "co-quan" / f"{org['id']}.yml"
        if not org_path.exists():
            org_path.write_text(format_text("co-quan", org), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, required=True, help="số kế hoạch tổng hợp")
    parser.add_argument("--out", type=Path, required=True, help="thư mục dữ liệu sẽ ghi (bị ghi đè)")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    args = parser.parse_args()
    write(args.out, args.plans, args.data)
    print(f"Đã ghi {args.plans} kế hoạch tổng hợp vào {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
