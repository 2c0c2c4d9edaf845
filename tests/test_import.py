"""`camnang import`: the seeds (as pasted text and as Word files) come back as the hand-made records;
a provincial plan written from the Nghị định 30 layout becomes a valid, linked record; existing
records are filled, never duplicated; unreadable input gets one Vietnamese message and writes nothing.

Run with `pytest -s` to see the round-trip figures.
"""

from __future__ import annotations

import os
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_camnang
from docx_builder import Plan, build, build_pdf, plan_from_text

from camnang.yamlio import read_yaml

pytestmark = pytest.mark.slow  # imports the seeds three ways and builds the results: left out by `make test-fast`

# Seed file → the hand-transcribed record of it (grep -l "tep: 00" data/van-ban/*.yml).
SEED_RECORDS = {
    "000": "ke-hoach-duk-khuyen-hoc-2022-2025",
    "001": "ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49",
    "003": "tin-bai-ky-ket-ctph-duk-hkvn",
    "004": "ke-hoach-hkh-thai-binh-2023",
}
METADATA = ["loai", "so_ky_hieu", "ngay_ban_hanh", "noi_ban_hanh", "co_quan_ban_hanh", "tieu_de", "trich_yeu",
            "nguoi_ky", "chuc_vu", "cap", "giai_doan"]


def record(data: Path, kind: str, record_id: str) -> dict:
    source, problems = read_yaml(data / kind / f"{record_id}.yml", "x")
    assert problems == []
    return source.data


def registry_without_seeds(tmp_path: Path) -> Path:
    """The real data without the four records transcribed from the seeds (and the models and topics
    that point into them): the registry an editor importing the seeds for the first time would have."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.rmtree(data / "mo-hinh")
    shutil.rmtree(data / "chuyen-de")
    for record_id in SEED_RECORDS.values():
        (data / "van-ban" / f"{record_id}.yml").unlink()
    return data


def files_of(data: Path) -> dict[str, str]:
    return {str(p.relative_to(data)): p.read_text("utf-8") for p in sorted(data.rglob("*.yml"))}


def clauses(items: list, out: dict | None = None) -> dict:
    out = {} if out is None else out
    for c in items:
        out[c["id"]] = (c.get("so"), " ".join((c.get("tieu_de") or c.get("van_ban") or "").split()),
                        bool(c.get("gach")), "tieu_de" in c)
        clauses(c.get("muc", []), out)
    return out


def seed_docx(seed: str, path: Path) -> Path:
    """The seed as a Word file: the issuer (from the hand record's organisation, as Word headers print it)
    in a two-column header table, Nơi nhận | signature in a table, Word numbering for I./1./1.1."""
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text("utf-8")
    plan = plan_from_text(text)
    hand = record(ROOT / "data", "van-ban", SEED_RECORDS[seed])
    if hand["co_quan_ban_hanh"]:
        org = record(ROOT / "data", "co-quan", hand["co_quan_ban_hanh"])
        top = record(ROOT / "data", "co-quan", org["truc_thuoc"]) if org.get("truc_thuoc") else org
        plan.left = [top["ten"].upper()]
        plan.right = (["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"] if top["cap"] == "Hội"
                      else ["ĐẢNG CỘNG SẢN VIỆT NAM"])
    return build(plan, path / f"{seed}.docx", outline=seed in ("000", "004"), bullets=seed == "004")


def _round_trip(tmp_path: Path, suffix: str) -> dict:
    data = registry_without_seeds(tmp_path)
    figures = {"clauses": [0, 0], "relations": [0, 0], "relation_kinds": [0, 0], "metadata": [0, 0]}
    for seed, record_id in SEED_RECORDS.items():
        if suffix == ".txt":
            source = tmp_path / next(SEEDS.glob(f"{seed}_*.txt")).name
            shutil.copy(next(SEEDS.glob(f"{seed}_*.txt")), source)
        elif suffix == ".pdf":
            source = seed_pdf(seed, tmp_path)
        else:
            source = seed_docx(seed, tmp_path)
        result = run_camnang("import", str(source), "--data", str(data), "--id", record_id)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        hand, got = record(ROOT / "data", "van-ban", record_id), record(data, "van-ban", record_id)
        h, g = clauses(hand["noi_dung"]), clauses(got["noi_dung"])
        same = sum(1 for k, v in h.items() if g.get(k, (None,))[:3] == v[:3])
        rel_h = {r["van_ban"]: r["loai"] for r in hand.get("quan_he", [])}
        rel_g = {r["van_ban"]: r["loai"] for r in got.get("quan_he", [])}
        meta_same = sum(hand.get(k) == got.get(k) for k in METADATA)
        for key, (a, b) in {"clauses": (same, len(h)), "relations": (len(rel_h.keys() & rel_g.keys()), len(rel_h)),
                            "relation_kinds": (sum(rel_g.get(k) == v for k, v in rel_h.items()), len(rel_h)),
                            "metadata": (meta_same, len(METADATA))}.items():
            figures[key][0] += a
            figures[key][1] += b
        print(f"{suffix} {seed}: mục {same}/{len(h)}, siêu dữ liệu {meta_same}/{len(METADATA)}, "
              f"quan hệ {len(rel_h.keys() & rel_g.keys())}/{len(rel_h)} (đúng loại "
              f"{sum(rel_g.get(k) == v for k, v in rel_h.items())})")
        assert same / len(h) >= 0.95, (seed, sorted(k for k in h if g.get(k, (None,))[:3] != h[k][:3]))
        assert meta_same == len(METADATA), [(k, hand.get(k), got.get(k)) for k in METADATA if hand.get(k) != got.get(k)]
    check = run_camnang("check", "--data", str(data))
    assert check.returncode == 0, check.stdout + check.stderr
    for key, (a, b) in figures.items():
        print(f"{suffix} tổng: {key} {a}/{b} = {a / b:.0%}")
    return figures


def seed_pdf(seed: str, path: Path) -> Path:
    """The seed printed to a PDF with a text layer (Typst, as the handbook's PDFs): lines wrapped at the
    page width, page breaks inside paragraphs, as PDFs exported from Word are."""
    import json
    import re

    import typst

    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text("utf-8").replace("**", "").replace("*m*", "")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    source = path / "seed.typ"
    source.write_text('#set page(paper: "a4", margin: 2cm)\n#set text(size: 12pt)\n'
                      '#for p in json(bytes(sys.inputs.data)) [#for l in p.split("\\n") [#l #linebreak()] #parbreak()]\n',
                      encoding="utf-8")
    pdf = path / f"{seed}.pdf"
    pdf.write_bytes(typst.compile(str(source), sys_inputs={"data": json.dumps(blocks, ensure_ascii=False)},
                                  ignore_system_fonts=True))
    return pdf


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_seeds_round_trip(tmp_path, suffix):
    figures = _round_trip(tmp_path, suffix)
    clauses_same, clauses_all = figures["clauses"]
    assert clauses_same / clauses_all >= 0.95
    rel_same, rel_all = figures["relations"]
    assert rel_same / rel_all >= 0.9


def test_seed_docx_uses_word_numbering(tmp_path):
    """The generated Word file carries I./1./1.1. only as numbering (numPr), not as typed text."""
    import docx

    document = docx.Document(str(seed_docx("000", tmp_path)))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [p.text for p in numbered[:3]] == ["MỤC ĐÍCH, YÊU CẦU", "Mục đích", "Yêu cầu"]
    assert not any(p.text.startswith(("I.", "1.1.")) for p in document.paragraphs)


# --- a document that is not a seed ------------------------------------------------------------

PLAN_2024 = Plan(
    left=["HỘI KHUYẾN HỌC TỈNH NAM ĐỊNH", "Số: 15/KH-HKH"],
    right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
           "Nam Định, ngày 10 tháng 01 năm 2024"],
    body=[
        ["KẾ HOẠCH"],
        ["**Công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm 2024**"],
        ["Căn cứ Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 11-CT/TW "
         "ngày 13/4/2007 của Bộ Chính trị; Thực hiện Kế hoạch số 25/KH-UBND ngày 20/3/2023 của UBND tỉnh Nam Định "
         "về xây dựng xã hội học tập, Ban Thường vụ Hội Khuyến học tỉnh ban hành Kế hoạch công tác năm 2024 như sau:"],
        ["I. MỤC ĐÍCH, YÊU CẦU"],
        ["1. Mục đích"],
        ["- Nâng cao nhận thức của cán bộ, hội viên và nhân dân về học tập suốt đời."],
        ["- Phát triển các mô hình học tập ở cơ sở gắn với xây dựng nông thôn mới."],
        ["2. Yêu cầu"],
        ["Các cấp hội bám sát nhiệm vụ chính trị của địa phương, triển khai thiết thực, hiệu quả."],
        ["II. CHỈ TIÊU VÀ NHIỆM VỤ"],
        ["1. Chỉ tiêu"],
        ["- Phấn đấu 85% xã, phường, thị trấn đạt danh hiệu “Cộng đồng học tập”."],
        ["- Các trung tâm học tập cộng đồng tổ chức 40 lớp học trở lên về chuyển đổi số cho người cao tuổi."],
        ["2. Nhiệm vụ trọng tâm"],
        ["2.1. Quý I"],
        ["- Tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024."],
        ["- Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Giáo dục và Đào tạo tổ chức hội nghị quán triệt "
         "Kết luận số 49-KL/TW."],
        ["2.2. Quý II"],
        ["- Đánh giá, xếp loại các mô hình “Gia đình học tập”, “Dòng họ học tập” ở cơ sở."],
        ["2.3. Quý III"],
        ["- Phát động “Tháng Khuyến học” từ ngày 10 tháng 8 đến ngày 10 tháng 9 năm 2024."],
        ["III. TỔ CHỨC THỰC HIỆN"],
        ["1. Văn phòng Hội tỉnh tổng hợp kết quả, báo cáo Ban Thường vụ trước ngày 15 tháng 12 năm 2024."],
        ["2. Hội Khuyến học các huyện, thành phố căn cứ Kế hoạch này xây dựng kế hoạch hằng năm của đơn vị./."],
    ],
    recipients=["Nơi nhận:", "- TW Hội Khuyến học Việt Nam (để b/c);", "- Tỉnh ủy, UBND tỉnh (để b/c);",
                "- Hội Khuyến học các huyện, thành phố (để t/h);", "- Lưu VP."],
    signature=["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "(Đã ký)", "Trần Văn Bình"],
)

EXPECTED_CLAUSES = ["mo-dau", "i", "i-1", "i-1-g1", "i-1-g2", "i-2", "i-2-d1", "ii", "ii-1", "ii-1-g1", "ii-1-g2",
                    "ii-2", "ii-2-1", "ii-2-1-g1", "ii-2-1-g2", "ii-2-2", "ii-2-2-g1", "ii-2-3", "ii-2-3-g1", "iii",
                    "iii-1", "iii-2"]


def portal_paste(plan: Plan) -> str:
    """The same plan as copied from a legal portal: menus and a metadata table around it, the header
    split by `|` with the date on the next line, rules, paragraphs wrapped at 72 characters."""
    lines = ["Trang chủ", "Đăng nhập", "Số hiệu: 15/KH-HKH | Loại văn bản: Kế hoạch", "Tải về", ""]
    lines += [f"| {plan.left[0]} | {plan.right[0]} |", f"| {plan.left[1]} | {plan.right[1]} |",
              "|  | Nam Định, ngày |", "|  | 10 tháng 01 năm 2024 |", "-------------", ""]
    for block in plan.body:
        text = " ".join(block).replace("**", "")
        lines += textwrap.wrap(text, 72)
    lines += [""] + plan.recipients + [""] + plan.signature
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("form", ["docx", "txt", "pdf"])
def test_provincial_plan_2024(tmp_path, form):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    if form == "docx":
        source = build(PLAN_2024, tmp_path / "ke-hoach.docx", outline=True)
    elif form == "pdf":
        source = build_pdf(PLAN_2024, tmp_path / "ke-hoach.pdf")
    else:
        source = tmp_path / "ke-hoach.txt"
        source.write_text(portal_paste(PLAN_2024), encoding="utf-8")
    result = run_camnang("import", str(source), "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout)
    got = record(data, "van-ban", "ke-hoach-15-kh-hkh")
    assert {k: got[k] for k in METADATA} == {
        "loai": "Kế hoạch", "so_ky_hieu": "15/KH-HKH", "ngay_ban_hanh": "2024-01-10", "noi_ban_hanh": "Nam Định",
        "co_quan_ban_hanh": "ban-thuong-vu-hoi-khuyen-hoc-tinh-nam-dinh", "tieu_de": "KẾ HOẠCH",
        "trich_yeu": "Công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm 2024", "nguoi_ky": "Trần Văn Bình",
        "chuc_vu": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH", "cap": "Hội", "giai_doan": "2024"}
    assert list(clauses(got["noi_dung"])) == EXPECTED_CLAUSES
    assert clauses(got["noi_dung"])["ii-2-1"] == ("2.1.", "Quý I", False, True)
    issuer = record(data, "co-quan", "ban-thuong-vu-hoi-khuyen-hoc-tinh-nam-dinh")
    assert (issuer["ten"], issuer["truc_thuoc"]) == ("Ban Thường vụ Hội Khuyến học tỉnh Nam Định",
                                                     "hoi-khuyen-hoc-tinh-nam-dinh")
    assert record(data, "co-quan", "hoi-khuyen-hoc-tinh-nam-dinh")["ten"] == "Hội Khuyến học tỉnh Nam Định"
    relations = {r["van_ban"]: (r["loai"], r.get("muc")) for r in got["quan_he"]}
    assert relations == {"ket-luan-49-kl-tw": ("can_cu", ["mo-dau", "ii-2-1-g2"]),
                         "chi-thi-11-ct-tw": ("dan_chieu", ["mo-dau"]),
                         "ke-hoach-25-kh-ubnd": ("thuc_hien", ["mo-dau"])}
    cited = record(data, "van-ban", "ke-hoach-25-kh-ubnd")
    assert (cited["so_ky_hieu"], cited["ngay_ban_hanh"], cited["xac_minh"], cited["cap"]) == \
        ("25/KH-UBND", "2023-03-20", "theo_trich_dan", "Tỉnh")
    assert (cited["nguon"][0]["tep"] == source.name and "mục" in cited["nguon"][0]["ghi_chu"]) or "mở đầu" in \
        cited["nguon"][0]["ghi_chu"]
    tasks = {t["muc"]: t for t in got["nhiem_vu"]}
    assert [t["ky"] for t in got["nhiem_vu"]] == [None, None, "quy-1", "quy-1", "quy-2", "quy-3", "2024-12-15",
                                                  "hang-nam"]
    assert tasks["ii-1-g1"]["chi_tieu"] == [{"gia_tri": 85, "don_vi": "%", "doi_tuong":
                                             "xã, phường, thị trấn đạt danh hiệu “Cộng đồng học tập”", "nam": 2024}]
    assert tasks["ii-1-g2"]["chi_tieu"] == [{"gia_tri": 40, "don_vi": "lớp học", "so_sanh": "trở lên", "doi_tuong":
                                             "lớp học về chuyển đổi số cho người cao tuổi", "nam": 2024}]
    assert "Ban Tuyên giáo Tỉnh ủy" in tasks["ii-2-1-g2"]["ghi_chu"]  # no record for it: named in words
    assert tasks["ii-2-1-g2"]["thuc_hien"] == [{"van_ban": "ket-luan-49-kl-tw", "muc": None}]
    assert [(r["ten"], r.get("muc_dich"), r.get("co_quan")) for r in got["noi_nhan"]] == [
        ("TW Hội Khuyến học Việt Nam", "để b/c", "trung-uong-hoi-khuyen-hoc-viet-nam"),
        ("Tỉnh ủy, UBND tỉnh", "để b/c", None), ("Hội Khuyến học các huyện, thành phố", "để t/h", None),
        ("Lưu VP.", None, None)]
    assert run_camnang("check", "--data", str(data)).returncode == 0
    assert run_camnang("fmt", "--check", "--data", str(data)).returncode == 0  # written in the canonical layout
    if form == "txt":
        assert "Đăng nhập" in result.stdout and "Số hiệu: 15/KH-HKH" in result.stdout  # residue reported


def test_docx_and_portal_paste_give_the_same_record(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        shutil.copytree(ROOT / "data", d / "data")
    build(PLAN_2024, tmp_path / "ke-hoach.docx", outline=True)
    (tmp_path / "ke-hoach.txt").write_text(portal_paste(PLAN_2024), encoding="utf-8")
    assert run_camnang("import", str(tmp_path / "ke-hoach.docx"), "--data", str(a / "data")).returncode == 0
    assert run_camnang("import", str(tmp_path / "ke-hoach.txt"), "--data", str(b / "data")).returncode == 0
    from_docx, from_txt = (record(d / "data", "van-ban", "ke-hoach-15-kh-hkh") for d in (a, b))
    for r in (from_docx, from_txt):
        r.pop("nguon")
        for cited in r["nhiem_vu"]:
            cited.pop("ghi_chu", None)
    assert from_docx["noi_dung"] == from_txt["noi_dung"]
    assert from_docx == from_txt


# --- the registry ------------------------------------------------------------------------------

def test_import_fills_the_existing_record_and_never_duplicates(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    source = tmp_path / "000_0c4b58b529f50a1e.txt"
    shutil.copy(next(SEEDS.glob("000_*.txt")), source)
    before = files_of(data)
    result = run_camnang("import", str(source), "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert "đã có trong cẩm nang (`ke-hoach-duk-khuyen-hoc-2022-2025`)" in result.stdout
    assert set(files_of(data)) == set(before)  # no second record
    assert files_of(data) == before  # the curated record already holds everything this file says
    assert run_camnang("check", "--data", str(data)).returncode == 0


KET_LUAN = """BAN CHẤP HÀNH TRUNG ƯƠNG | ĐẢNG CỘNG SẢN VIỆT NAM
* |
Số 49 - KL/TW | Hà Nội, ngày
 | 11 tháng 5 năm 2019

KẾT LUẬN
CỦA BAN BÍ THƯ

1. Đoạn thứ nhất của văn bản thử, viết cho kiểm thử chương trình nhập, không phải lời văn thật.

2. Đoạn thứ hai của văn bản thử; các cấp ủy đảng tổ chức thực hiện.

T/M BAN BÍ THƯ
Nguyễn Văn A
"""


def test_a_disagreeing_import_records_both_sources(tmp_path):
    """A Kết luận already in the registry (metadata only) gains the text; its different date becomes a note."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    source = tmp_path / "kl49.txt"
    source.write_text(KET_LUAN, encoding="utf-8")
    before = record(data, "van-ban", "ket-luan-49-kl-tw")
    result = run_camnang("import", str(source), "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    after = record(data, "van-ban", "ket-luan-49-kl-tw")
    assert not (data / "van-ban" / "ket-luan-49-kl-tw-2.yml").exists()
    assert after["ngay_ban_hanh"] == before["ngay_ban_hanh"] == "2019-05-10"  # the curated value is kept
    assert [c["id"] for c in after["noi_dung"]] == ["1", "2"]
    notes = [n for n in after["ghi_chu"] if n["loai"] == "khac_biet" and "Ngày ban hành" in n["noi_dung"]]
    assert [c["noi_dung"] for c in notes[0]["doi_chieu"]] == ["2019-05-10", "2019-05-11"]
    assert after["nguon"][-1] == {"tep": "kl49.txt"} and after["xac_minh"] == "toan_van"
    assert run_camnang("check", "--data", str(data)).returncode == 0
    again = run_camnang("import", str(source), "--data", str(data))  # importing twice adds nothing
    assert again.returncode == 0 and record(data, "van-ban", "ket-luan-49-kl-tw") == after


def test_dry_run_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    build(PLAN_2024, tmp_path / "ke-hoach.docx")
    before = files_of(data)
    result = run_camnang("import", str(tmp_path / "ke-hoach.docx"), "--data", str(data), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Sẽ ghi:" in result.stdout and "id: ke-hoach-15-kh-hkh" in result.stdout
    assert files_of(data) == before


def test_cited_date_disagreement_becomes_a_note(tmp_path):
    """Seed 000 cites Chỉ thị 14/CT-TTg with 25/5/2022; the registry says 25/5/2021: both sources noted."""
    data = registry_without_seeds(tmp_path)
    result = run_camnang("import", str(next(SEEDS.glob("000_*.txt"))), "--data", str(data), "--id", "kh")
    assert result.returncode == 0, result.stderr
    notes = [n for n in record(data, "van-ban", "kh")["ghi_chu"] if n["loai"] == "khac_biet"]
    assert any(n["muc"] == ["ii-2-1"] and [c["noi_dung"] for c in n["doi_chieu"]] == ["ngày 25/5/2022", "25/5/2021"]
               for n in notes)
    assert run_camnang("check", "--data", str(data)).returncode == 0  # no warning left


# --- unreadable input --------------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return path


def _bad_inputs(tmp: Path) -> list[tuple[str, Path, str]]:
    from pypdf import PdfWriter

    cases = []
    (tmp / "rong.txt").write_bytes(b"")
    cases.append(("rỗng", tmp / "rong.txt", "tệp rỗng"))
    (tmp / "trang.txt").write_text("   \n\n \n", encoding="utf-8")
    cases.append(("chỉ có dấu cách", tmp / "trang.txt", "không có chữ nào"))
    (tmp / "ghi-chu.txt").write_text("hello world, this is a shopping list: milk, eggs, bread\n" * 3, encoding="utf-8")
    cases.append(("không phải văn bản", tmp / "ghi-chu.txt", "không giống một văn bản tiếng Việt"))
    (tmp / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    cases.append(("ảnh", tmp / "anh.png", "không nhập được tệp đuôi `.png`"))
    (tmp / "cu.txt").write_bytes(b"K\xd5 ho\xb9ch c\xabng t\xb8c khuy\xd5n h\xe4c\n")  # TCVN3 bytes
    cases.append(("bảng mã cũ", tmp / "cu.txt", "không phải UTF-8"))
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with (tmp / "ban-quet.pdf").open("wb") as fh:
        writer.write(fh)
    cases.append(("PDF quét", tmp / "ban-quet.pdf", "không có lớp chữ"))
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau")
    with (tmp / "khoa.pdf").open("wb") as fh:
        writer.write(fh)
    cases.append(("PDF có mật khẩu", tmp / "khoa.pdf", "mật khẩu"))
    # Word saves a password-protected .docx as an OLE compound file holding EncryptedPackage.
    (tmp / "mat-khau.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    cases.append(("docx có mật khẩu", tmp / "mat-khau.docx", "mật khẩu"))
    (tmp / "hong.docx").write_bytes(b"PK\x03\x04" + os.urandom(2000))
    cases.append(("docx hỏng", tmp / "hong.docx", "bị hỏng"))
    _zip(tmp / "khong-phai-word.docx", {"hello.txt": b"hi"})
    cases.append(("zip không phải Word", tmp / "khong-phai-word.docx", "không có phần nội dung"))
    _zip(tmp / "bom.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<" + b" " * (60 * 1024 * 1024)})
    cases.append(("bom nén", tmp / "bom.docx", "bom nén"))
    _zip(tmp / "ti-le.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (5 * 1024 * 1024)})
    cases.append(("tỉ lệ nén bất thường", tmp / "ti-le.docx", "bom nén"))
    _zip(tmp / "xml-hong.docx", {"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"})
    cases.append(("XML hỏng trong docx", tmp / "xml-hong.docx", "bị hỏng"))
    with (tmp / "lon.txt").open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    cases.append(("quá 20 MB", tmp / "lon.txt", "vượt giới hạn 20 MB"))
    (tmp / "lien-ket.txt").symlink_to(next(SEEDS.glob("000_*.txt")))
    cases.append(("liên kết tượng trưng", tmp / "lien-ket.txt", "liên kết tượng trưng"))
    cases.append(("thiết bị", Path("/dev/null"), "không phải một tệp thường"))
    cases.append(("thư mục", tmp, "không phải một tệp thường"))
    cases.append(("không có tệp", tmp / "khong-co.docx", "không tìm thấy tệp"))
    return cases


def test_unreadable_input_gets_one_message_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = files_of(data)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, path, expected in _bad_inputs(inputs):
        result = run_camnang("import", str(path), "--data", str(data))
        print(f"{name}: {result.stderr.strip()}")
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, name
        assert result.stderr.startswith(f"{path}: lỗi: "), (name, result.stderr)
        assert expected in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, (name, result.stderr)
    assert files_of(data) == before


def test_broken_data_dir_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "van-ban" / "hong.yml").write_text("id: [", encoding="utf-8")
    result = run_camnang("import", str(next(SEEDS.glob("004_*.txt"))), "--data", str(data))
    assert result.returncode == 1 and "đang có lỗi" in result.stderr and "Traceback" not in result.stderr


# --- the pull-request workflow's import (scripts/import_pr.py) ---------------------------------

def test_pull_request_import_script(tmp_path):
    """What the PR workflow runs: every file of nhap/ imported into data/, one Markdown report."""
    import subprocess
    import sys

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    nhap = tmp_path / "nhap"
    nhap.mkdir()
    build(PLAN_2024, nhap / "ke-hoach-2024.docx", outline=True)
    shutil.copy(next(SEEDS.glob("004_*.txt")), nhap / "004_e09adca2ea7ee2c8.txt")
    (nhap / "hong.docx").write_bytes(b"PK\x03\x04 not a zip")
    (nhap / "ghi-chu.jpg").write_bytes(b"\xff\xd8")  # not a document type: ignored
    report = tmp_path / "bao-cao.md"

    def run():
        return subprocess.run([sys.executable, str(ROOT / "scripts" / "import_pr.py"), "--nhap", str(nhap), "--data",
                               str(data), "--bao-cao", str(report)], capture_output=True, text=True, cwd=tmp_path,
                              env={**os.environ, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})

    result = run()
    assert result.returncode == 1, result.stdout + result.stderr  # one file could not be read
    text = report.read_text("utf-8")
    assert text.startswith("# Nhập văn bản từ `nhap/`")
    assert "## ke-hoach-2024.docx" in text and "Kế hoạch 15/KH-HKH" in text
    assert "## hong.docx" in text and "**Không nhập được:**" in text and "ghi-chu.jpg" not in text
    assert "`ke-hoach-hkh-thai-binh-2023`" in text  # seed 004 is in the registry: filled, not duplicated
    assert (data / "van-ban" / "ke-hoach-15-kh-hkh.yml").exists()
    assert (tmp_path / "summary.md").read_text("utf-8") == text
    assert run_camnang("check", "--data", str(data)).returncode == 0
    before = files_of(data)
    again = run()  # the workflow runs on every push: a second run changes nothing
    assert files_of(data) == before and "Đã ghi 0 tệp dữ liệu" in again.stdout


# Written for these tests from the layouts of Nghị định 30/2020 and of Party documents (names and
# numbers invented): a UBND decision with Điều 1–3, a Huyện ủy resolution with "I-" sections and
# Nơi nhận | signature side by side, laid out with spaces as a text copy of Word's table gives.
DOCS = Path(__file__).parent / "import-docs"


def _import(tmp_path: Path, name: str) -> dict:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    result = run_camnang("import", str(DOCS / name), "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    check = run_camnang("check", "--data", str(data))
    assert check.returncode == 0 and "cảnh báo" not in check.stderr, check.stderr
    written = [line.split("data/van-ban/")[1].split(".yml")[0] for line in result.stdout.splitlines()
               if "data/van-ban/" in line and "(mới)" in line]
    return record(data, "van-ban", written[0])


def test_decision_keeps_its_articles_and_has_no_period(tmp_path):
    doc = _import(tmp_path, "quyet-dinh-ubnd-tinh.txt")
    assert (doc["loai"], doc["so_ky_hieu"], doc["ngay_ban_hanh"]) == ("Quyết định", "2345/QĐ-UBND", "2024-09-15")
    assert doc["giai_doan"] is None  # "… năm 2024" in a decision's trích yếu is no period
    assert [c.get("so") for c in doc["noi_dung"] if c["id"].startswith("dieu-")] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert doc["chuc_vu"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" and doc["nguoi_ky"] == "Hoàng Nam"
    targets = {r["van_ban"]: r["loai"] for r in doc["quan_he"]}
    assert targets["quyet-dinh-489-qd-ttg"] == "can_cu" and targets["thong-tu-22-2020-tt-bgddt"] == "can_cu"


def test_party_resolution_with_dash_sections_and_side_by_side_signature(tmp_path):
    doc = _import(tmp_path, "nghi-quyet-huyen-uy-cot-khoang-trang.txt")
    assert (doc["loai"], doc["so_ky_hieu"], doc["ngay_ban_hanh"]) == ("Nghị quyết", "12-NQ/HU", "2021-03-05")
    assert [(c["id"], c.get("so"), c.get("tieu_de")) for c in doc["noi_dung"] if c.get("so")] == [
        ("i", "I-", "TÌNH HÌNH"), ("ii", "II-", "MỤC TIÊU, NHIỆM VỤ"), ("iii", "III-", "TỔ CHỨC THỰC HIỆN")]
    assert doc["nguoi_ky"] == "Nguyễn Văn A" and doc["chuc_vu"] == "T/M HUYỆN ỦY\nBÍ THƯ"
    assert [r["ten"] for r in doc["noi_nhan"]] == [
        "Ban Thường vụ Tỉnh ủy", "Các đồng chí Huyện ủy viên", "Các chi, đảng bộ cơ sở", "Lưu Văn phòng Huyện ủy."]
    assert doc["noi_nhan"][0].get("muc_dich") == "để b/c" and doc["giai_doan"] == "2021-2025"
