#!/usr/bin/env python3
"""Write a synthetic national corpus: the real data plus N generated provincial plans.

    scripts/synth.py --plans 300 --out /tmp/synth-300
    scripts/synth.py --plans 300 --terms 2000 --out /tmp/synth-300-t   # plus 2,000 glossary entries

Every generated record is marked as synthetic (in its name and `ghi_chu`) and is valid
under the real schemas, so `camnang build --data DIR` builds it. Plan i is the same for
any N (seeded by its index), so corpora of different sizes are comparable.

The map follows the plan's year: plans for a year up to 2025 (issued before the new units
started on 1/7/2025) are issued by the Hội of one of the 63 former provinces; plans for 2026
onwards by the Hội of one of the 34 provincial units (28 tỉnh, 6 thành phố: the arrangement list
data/dia-ban cites). Every Hội has `dia_ban`; a former province that became part of another unit
gets a `dia-ban` record with a `hop_nhat_thanh` event whose `ke_thua` is that unit, so each
local plan belongs to exactly one of the 34 (what per-province PDF volumes group by). The
handbook's own unit records are used where they exist (Hưng Yên, Hải Phòng, Ninh Bình, Thái Bình,
Hải Dương, Hà Nam); every unit record written here says it is synthetic benchmark data. The
synthetic Hội have ids of their own ("…-tong-hop", "…-tu-2025"), never a real record's. Plans,
Hội and terms carry clearly synthetic names ("Kế hoạch tổng hợp 12", "Thuật ngữ tổng hợp 7").
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from camnang.fmt import format_text

TINH, THANH_PHO = "tỉnh", "thành phố"
# The 34 provincial units from 1/7/2025 and the former provinces each was formed from (the first
# named keeps its name, so its Hội's unit is the new unit itself).
# Only the Hưng Yên, Hải Phòng and Ninh Bình rows are checked facts (reference section D); the rest
# shape the synthetic benchmark corpus only and never reach data/.
NEW_MAP: list[tuple[str, str, list[tuple[str, str]]]] = [
    (THANH_PHO, "Hà Nội", [(THANH_PHO, "Hà Nội")]),
    (THANH_PHO, "Huế", [(TINH, "Thừa Thiên Huế")]),
    (TINH, "Lai Châu", [(TINH, "Lai Châu")]),
    (TINH, "Điện Biên", [(TINH, "Điện Biên")]),
    (TINH, "Sơn La", [(TINH, "Sơn La")]),
    (TINH, "Lạng Sơn", [(TINH, "Lạng Sơn")]),
    (TINH, "Quảng Ninh", [(TINH, "Quảng Ninh")]),
    (TINH, "Thanh Hóa", [(TINH, "Thanh Hóa")]),
    (TINH, "Nghệ An", [(TINH, "Nghệ An")]),
    (TINH, "Hà Tĩnh", [(TINH, "Hà Tĩnh")]),
    (TINH, "Cao Bằng", [(TINH, "Cao Bằng")]),
    (TINH, "Tuyên Quang", [(TINH, "Tuyên Quang"), (TINH, "Hà Giang")]),
    (TINH, "Lào Cai", [(TINH, "Lào Cai"), (TINH, "Yên Bái")]),
    (TINH, "Thái Nguyên", [(TINH, "Thái Nguyên"), (TINH, "Bắc Kạn")]),
    (TINH, "Phú Thọ", [(TINH, "Phú Thọ"), (TINH, "Vĩnh Phúc"), (TINH, "Hòa Bình")]),
    (TINH, "Bắc Ninh", [(TINH, "Bắc Ninh"), (TINH, "Bắc Giang")]),
    (TINH, "Hưng Yên", [(TINH, "Hưng Yên"), (TINH, "Thái Bình")]),
    (THANH_PHO, "Hải Phòng", [(THANH_PHO, "Hải Phòng"), (TINH, "Hải Dương")]),
    (TINH, "Ninh Bình", [(TINH, "Ninh Bình"), (TINH, "Hà Nam"), (TINH, "Nam Định")]),
    (TINH, "Quảng Trị", [(TINH, "Quảng Trị"), (TINH, "Quảng Bình")]),
    (THANH_PHO, "Đà Nẵng", [(THANH_PHO, "Đà Nẵng"), (TINH, "Quảng Nam")]),
    (TINH, "Quảng Ngãi", [(TINH, "Quảng Ngãi"), (TINH, "Kon Tum")]),
    (TINH, "Gia Lai", [(TINH, "Gia Lai"), (TINH, "Bình Định")]),
    (TINH, "Khánh Hòa", [(TINH, "Khánh Hòa"), (TINH, "Ninh Thuận")]),
    (TINH, "Lâm Đồng", [(TINH, "Lâm Đồng"), (TINH, "Đắk Nông"), (TINH, "Bình Thuận")]),
    (TINH, "Đắk Lắk", [(TINH, "Đắk Lắk"), (TINH, "Phú Yên")]),
    (THANH_PHO, "Hồ Chí Minh", [(THANH_PHO, "Hồ Chí Minh"), (TINH, "Bình Dương"), (TINH, "Bà Rịa - Vũng Tàu")]),
    (TINH, "Đồng Nai", [(TINH, "Đồng Nai"), (TINH, "Bình Phước")]),
    (TINH, "Tây Ninh", [(TINH, "Tây Ninh"), (TINH, "Long An")]),
    (THANH_PHO, "Cần Thơ", [(THANH_PHO, "Cần Thơ"), (TINH, "Sóc Trăng"), (TINH, "Hậu Giang")]),
    (TINH, "Vĩnh Long", [(TINH, "Vĩnh Long"), (TINH, "Bến Tre"), (TINH, "Trà Vinh")]),
    (TINH, "Đồng Tháp", [(TINH, "Đồng Tháp"), (TINH, "Tiền Giang")]),
    (TINH, "Cà Mau", [(TINH, "Cà Mau"), (TINH, "Bạc Liêu")]),
    (TINH, "An Giang", [(TINH, "An Giang"), (TINH, "Kiên Giang")]),
]
NEW_MAP_FROM = 2026  # plans for 2026 onwards were written for the 34 units
SYNTHETIC_NOTE = [{"loai": "bien_tap", "noi_dung": "Bản ghi tổng hợp để đo hiệu năng; không phải dữ liệu thật."}]
SOURCE = [{"tep": "scripts/synth.py"}]

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


def unit_id(kind: str, name: str) -> str:
    return f"{slug(kind)}-{slug(name)}"


# The 63 former provinces: (kind, name, id of its unit record, id of the unit it is part of from 1/7/2025).
FORMER = [(kind, name, unit_id(kind, name) if n else unit_id(new_kind, new_name), unit_id(new_kind, new_name))
          for new_kind, new_name, formed_from in NEW_MAP for n, (kind, name) in enumerate(formed_from)]


def unit_records() -> list[dict]:
    """The 34 units, and every former province that became part of one of them (with that event)."""
    cap = {TINH: "Tỉnh", THANH_PHO: "Thành phố trực thuộc trung ương"}
    out = [{"id": unit_id(kind, name), "ten": f"{kind} {name}", "cap": cap[kind],
            "mo_ta": "Đơn vị hành chính cấp tỉnh từ 1/7/2025 (bản ghi tổng hợp để đo hiệu năng).",
            "nguon": SOURCE, "ghi_chu": SYNTHETIC_NOTE} for kind, name, _ in NEW_MAP]
    for kind, name, own_id, new_id in FORMER:
        if own_id != new_id:
            out.append({"id": own_id, "ten": f"{kind} {name}", "cap": cap[kind], "mo_ta": None,
                        "lich_su": [{"ngay": "2025-07-01", "loai": "hop_nhat_thanh", "ke_thua": new_id,
                                     "noi_dung": "Hợp nhất vào đơn vị cấp tỉnh mới từ 1/7/2025 (dữ liệu tổng hợp).",
                                     "nguon": SOURCE}],
                        "nguon": SOURCE, "ghi_chu": SYNTHETIC_NOTE})
    return out


def organisation(kind: str, name: str, dia_ban: str) -> dict:
    """The Hội of a former province (plans up to 2025); its id never meets a real record's."""
    return {"id": f"hoi-khuyen-hoc-{unit_id(kind, name)}-tong-hop", "ten": f"Hội Khuyến học {kind} {name} (dữ liệu tổng hợp)",
            "ten_viet_tat": None, "cap": "Hội", "truc_thuoc": None, "dia_ban": dia_ban, "nguon": SOURCE,
            "ghi_chu": SYNTHETIC_NOTE}


def new_organisation(kind: str, name: str) -> dict:
    """The Hội of one of the 34 units (from 1/7/2025): its id says so, so it never meets a former one."""
    return {"id": f"hoi-khuyen-hoc-{unit_id(kind, name)}-tu-2025", "ten": f"Hội Khuyến học {kind} {name} "
            "(từ 1/7/2025; dữ liệu tổng hợp)", "ten_viet_tat": None, "cap": "Hội", "truc_thuoc": None,
            "dia_ban": unit_id(kind, name), "nguon": SOURCE, "ghi_chu": SYNTHETIC_NOTE}


def term(k: int) -> dict:
    """Glossary entry k: abbreviations and terms alternate; names say they are synthetic."""
    if k % 2:
        return {"id": f"tth-{k}", "thuat_ngu": f"TTH{k}", "loai": "viet_tat",
                "dien_giai": f"Tổ tổng hợp {k} (chữ viết tắt tổng hợp để đo hiệu năng)", "nguon": SOURCE,
                "ghi_chu": SYNTHETIC_NOTE}
    return {"id": f"thuat-ngu-tong-hop-{k}", "thuat_ngu": f"thuật ngữ tổng hợp {k}", "loai": "thuat_ngu",
            "dien_giai": f"Thuật ngữ tổng hợp số {k} để đo hiệu năng; không phải thuật ngữ thật.", "nguon": SOURCE,
            "ghi_chu": SYNTHETIC_NOTE}


def term_mention(rng: random.Random, terms: int) -> str:
    """A glossary entry named in a task (one task in four), so the abbreviation pass has work to do."""
    if not terms or rng.random() >= 0.25:
        return ""
    k = rng.randrange(terms)
    return f" (cùng {term(k)['thuat_ngu']})"


def plan(index: int, terms: int = 0) -> tuple[dict, dict]:
    rng = random.Random(f"ke-hoach-{index}")
    mentions = random.Random(f"thuat-ngu-{index}")  # apart, so terms never change the rest of the plan
    year = 2021 + index % 9  # every size of corpus holds plans of both maps
    if year >= NEW_MAP_FROM:
        kind, province, _ = NEW_MAP[index % len(NEW_MAP)]
        org, where = new_organisation(kind, province), WHERE_NEW
    else:
        kind, province, own_unit, _ = FORMER[index % len(FORMER)]
        org, where = organisation(kind, province, own_unit), WHERE
    doc_id = f"ke-hoach-tong-hop-{slug(province)}-{year}-{index}"
    quarters, tasks, task_no = [], [], 0
    for q, period in enumerate(PERIODS):
        bullets = []
        for b in range(rng.randint(10, 20)):
            clause_id = f"ii-{q + 1}-g{b + 1}"
            text = (f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {rng.choice(where)}{term_mention(mentions, terms)} "
                    f"(nhiệm vụ tổng hợp số {b + 1}).")
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
        "co_quan_ban_hanh": org["id"], "ten_ngan": f"Kế hoạch tổng hợp {index}: khuyến học {kind} {province} năm {year}",
        "tieu_de": f"KẾ HOẠCH CÔNG TÁC KHUYẾN HỌC NĂM {year}",
        "trich_yeu": f"công tác khuyến học năm {year} (dữ liệu tổng hợp)", "cap": "Hội", "giai_doan": str(year),
        "xac_minh": "can_xac_minh", "nguon": SOURCE,
        "quan_he": [{"loai": "thuc_hien", "van_ban": "ket-luan-49-kl-tw", "muc": ["mo-dau"]},
                    {"loai": "can_cu", "van_ban": "quyet-dinh-677-qd-ttg", "muc": ["mo-dau"]}],
        "ghi_chu": [{"loai": "bien_tap", "noi_dung": "Kế hoạch tổng hợp để đo hiệu năng; không phải văn bản thật."}],
        "noi_dung": [
            {"id": "mo-dau", "van_ban": f"Thực hiện Kết luận số 49-KL/TW, Hội Khuyến học {kind} {province} xây dựng kế hoạch năm {year}."},
            {"id": "ii", "so": "II.", "tieu_de": "NHIỆM VỤ TRỌNG TÂM TỪNG QUÝ", "muc": quarters},
        ],
        "nhiem_vu": tasks,
    }
    return record, org


def _write_new(path: Path, kind: str, record: dict) -> None:
    """A record the real data lacks (the handbook's own record of that id wins)."""
    if not path.exists():
        path.write_text(format_text(kind, record), "utf-8")


def write(out: Path, n: int, source: Path, terms: int = 0) -> None:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    for unit in unit_records():
        _write_new(out / "dia-ban" / f"{unit['id']}.yml", "dia-ban", unit)
    for i in range(n):
        record, org = plan(i, terms)
        (out / "van-ban" / f"{record['id']}.yml").write_text(format_text("van-ban", record), "utf-8")
        _write_new(out / "co-quan" / f"{org['id']}.yml", "co-quan", org)
    for k in range(terms):
        entry = term(k)
        _write_new(out / "thuat-ngu" / f"{entry['id']}.yml", "thuat-ngu", entry)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, required=True, help="số kế hoạch tổng hợp")
    parser.add_argument("--terms", type=int, default=0, help="số thuật ngữ, chữ viết tắt tổng hợp (mặc định: 0)")
    parser.add_argument("--out", type=Path, required=True, help="thư mục dữ liệu sẽ ghi (bị ghi đè)")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    args = parser.parse_args()
    write(args.out, args.plans, args.data, args.terms)
    print(f"Đã ghi {args.plans} kế hoạch và {args.terms} thuật ngữ tổng hợp vào {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
