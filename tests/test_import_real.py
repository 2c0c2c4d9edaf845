"""Documents nobody on the team wrote the importer for: invented (clearly fictional: tỉnh Hải Vân, xã
Tân Mẫu, people named Mẫu/Thử/Giả) but laid out as real ones are (Nghị định 30/2020/NĐ-CP, Party
headers per Hướng dẫn 36-HD/VPTW), in the shapes editors bring: plain text, a legal portal's paste,
old encodings, Word files built several ways, a PDF. Each imports into a copy of the real data, the
copy then checks with no warning, and the record says what the document says (expected values
below are read off the documents by hand). Plus hostile files: XML entity tricks, zip tricks, size.

`python tests/test_import_real.py OUT_DIR` writes every generated fixture into OUT_DIR for a manual try.
"""

from __future__ import annotations

import shutil
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import ROOT, run_camnang

from camnang.yamlio import read_yaml

pytestmark = pytest.mark.slow  # imports every real-shaped document and builds them: left out by `make test-fast`

DOCS = ROOT / "tests" / "import_docs"


# --- generated shapes --------------------------------------------------------------------------

def portal_paste(out: Path) -> Path:
    """09 as a browser copy gives it: CRLF, non-breaking spaces, soft hyphens, zero-width spaces."""
    text = (DOCS / "09-portal-chi-thi.txt").read_text("utf-8")
    text = text.replace("Hội Khuyến học tỉnh", "Hội\u00a0Khuyến\u00a0học tỉnh")
    text = text.replace("khuyến tài, xây dựng xã hội học tập, công", "khuy\u00adến tài, xây dựng xã\u200b hội học tập, công")
    text = text.replace("Trung tâm học tập", "Trung tâm học\u00ad tập")
    path = out / "09-portal-chi-thi.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def utf16(out: Path) -> Path:
    """Word's "Save as Unicode text": UTF-16 LE with BOM, CRLF."""
    path = out / "10-utf16-hd.txt"
    text = (DOCS / "04-hd-hkh-tinh.txt").read_text("utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


# TCVN3 (ABC) text opened in a Unicode editor: the .VnTime glyph bytes read as Latin-1 letters.
TCVN3_MOJIBAKE = """UBND tØnh H¶i V©n
Sè: 12/KH-UBND
Céng hßa x· héi chñ nghÜa ViÖt Nam
§éc lËp - Tù do - H¹nh phóc
KÕ ho¹ch
C«ng t¸c khuyÕn häc, khuyÕn tµi n¨m 2024
I. Môc ®Ých, yªu cÇu
1. N©ng cao nhËn thøc cña c¸n bé, ®¶ng viªn vµ nh©n d©n vÒ häc tËp suèt ®êi.
2. Ph¸t huy vai trß cña Héi KhuyÕn häc c¸c cÊp trong x©y dùng x· héi häc tËp.
"""


def tcvn3_in_utf8(out: Path) -> Path:
    path = out / "11-tcvn3-unicode.txt"
    path.write_text(TCVN3_MOJIBAKE, encoding="utf-8")
    return path


def tcvn3_bytes(out: Path) -> Path:
    path = out / "12-tcvn3-bytes.txt"
    path.write_bytes(TCVN3_MOJIBAKE.encode("latin-1"))
    return path


def cp1258(out: Path) -> Path:
    """Windows-1258: base letters with combining tone marks, one byte each."""
    path = out / "13-cp1258.txt"
    text = unicodedata.normalize("NFD", (DOCS / "01-qd-ubnd-tinh.txt").read_text("utf-8"))
    encoded = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            encoded += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = next(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            encoded += base.encode("cp1258") + tone.encode("cp1258")
    path.write_bytes(bytes(encoded))
    return path


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), str(v))
    return el


def _list(document, levels: list[tuple[str, str]], abstract_id: int) -> str:
    """A list definition in numbering.xml (numFmt, lvlText per level); returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = _el("w:abstractNum", **{"w:abstractNumId": abstract_id})
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = _el("w:lvl", **{"w:ilvl": ilvl})
        lvl.append(_el("w:start", **{"w:val": 1}))
        lvl.append(_el("w:numFmt", **{"w:val": fmt}))
        lvl.append(_el("w:lvlText", **{"w:val": text}))
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = str(200 + abstract_id)
    num = _el("w:num", **{"w:numId": num_id})
    num.append(_el("w:abstractNumId", **{"w:val": abstract_id}))
    numbering.append(num)
    return num_id


def _restart(document, abstract_id: int, new_id: int) -> str:
    """A second instance of a list (Word's "Restart at 1"): a new numId with a startOverride."""
    numbering = document.part.numbering_part.element
    num = _el("w:num", **{"w:numId": new_id})
    num.append(_el("w:abstractNumId", **{"w:val": abstract_id}))
    override = _el("w:lvlOverride", **{"w:ilvl": 0})
    override.append(_el("w:startOverride", **{"w:val": 1}))
    num.append(override)
    numbering.append(num)
    return str(new_id)


def _numbered(document, text: str, num_id: str, ilvl: int = 0, bold: bool = False):
    p = document.add_paragraph()
    ppr = p._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", **{"w:val": ilvl}))
    num_pr.append(_el("w:numId", **{"w:val": num_id}))
    ppr.append(num_pr)
    p.add_run(text).bold = bold or None
    return p


def _centered(document, text: str, bold: bool = False):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text).bold = bold or None
    return p


def _cell_lines(cell, lines: list[str], bold: bool = False) -> None:
    cell.paragraphs[0].add_run(lines[0]).bold = bold or None
    for line in lines[1:]:
        cell.add_paragraph().add_run(line).bold = bold or None


def _footnote(document, paragraph, note: str) -> None:
    """A real footnote: footnotes.xml part + a footnoteReference run."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:footnotes xmlns:w="{ns}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
           f'</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote>'
           '</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    rpr.append(_el("w:vertAlign", **{"w:val": "superscript"}))
    run._r.append(_el("w:footnoteReference", **{"w:id": 1}))


def _text_box(paragraph, text: str) -> None:
    """A floating text box ("DỰ THẢO" stamp) as Word writes it: mc:AlternateContent, DrawingML choice
    and VML fallback, each holding the text once."""
    from docx.oxml import parse_xml

    wns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:r xmlns:w="{wns}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
           '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
           f'<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
           '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
           f'<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
           '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    paragraph._p.append(parse_xml(xml))


def docx_decision(out: Path) -> Path:
    """01 in Word: header as a 2-column table, "Điều %1." and "%1)" by automatic numbering, a footnote,
    Nơi nhận | signature as a table."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    _cell_lines(header.rows[0].cells[0], ["ỦY BAN NHÂN DÂN", "TỈNH HẢI VÂN", "-------", "Số: 1234/QĐ-UBND"], True)
    _cell_lines(header.rows[0].cells[1], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                          "---------------", "Hải Vân, ngày 15 tháng 3 năm 2024"], True)
    articles = _list(document, [("decimal", "Điều %1.")], 1)
    letters = _list(document, [("lowerLetter", "%1)")], 2)
    decimals = _list(document, [("decimal", "%1.")], 3)
    _centered(document, "QUYẾT ĐỊNH", True)
    _centered(document, "Về việc kiện toàn Ban Chỉ đạo xây dựng xã hội học tập tỉnh Hải Vân giai đoạn 2024-2030", True)
    _centered(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẢI VÂN", True)
    text = (DOCS / "01-qd-ubnd-tinh.txt").read_text("utf-8")
    body = text.split("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẢI VÂN\n", 1)[1].split("\nNơi nhận:")[0]
    for line in [part for part in body.split("\n") if part.strip()]:
        if line.startswith("Điều "):
            p = _numbered(document, line.split(". ", 1)[1], articles)
        elif line[:2] in ("a)", "b)"):
            p = _numbered(document, line[3:], letters)
        elif line[:2] in ("1.", "2.", "3."):
            p = _numbered(document, line[3:], decimals)
        else:
            p = document.add_paragraph(line)
            if line == "QUYẾT ĐỊNH:":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line.startswith("Căn cứ Luật"):
            _footnote(document, p, "Luật đã được sửa đổi, bổ sung năm 2019.")
    tail = document.add_table(rows=1, cols=2)
    _cell_lines(tail.rows[0].cells[0], ["Nơi nhận:", "- Như Điều 4;", "- Bộ Giáo dục và Đào tạo (để b/c);",
                                        "- TT Tỉnh ủy, TT HĐND tỉnh (để b/c);", "- Chủ tịch, các PCT UBND tỉnh;",
                                        "- Lưu: VT, KGVX."])
    _cell_lines(tail.rows[0].cells[1], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Nguyễn Văn Mẫu"], True)
    path = out / "14-qd-bang-va-so-tu-dong.docx"
    document.save(str(path))
    return path


def docx_resolution(out: Path) -> Path:
    """02 in Word: header as centered paragraphs (no table), Heading 1 style for I./II. by numbering,
    a decimal list restarting under each heading, "-" bullets by a bullet list, a "DỰ THẢO" text box."""
    document = docx.Document()
    for line in ("TỈNH ỦY HẢI VÂN", "*", "Số 05-NQ/TU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Hải Vân, ngày 20 tháng 4 năm 2024"):
        p = _centered(document, line, line.isupper())
    _text_box(p, "DỰ THẢO LẦN 2")
    _centered(document, "NGHỊ QUYẾT", True)
    _centered(document, "của Ban Thường vụ Tỉnh ủy về đẩy mạnh công tác khuyến học, khuyến tài, xây dựng xã hội "
                        "học tập giai đoạn 2024-2030", True)
    roman = _list(document, [("upperRoman", "%1.")], 4)
    decimal_abstract = 5
    _list(document, [("decimal", "%1.")], decimal_abstract)
    bullets = _list(document, [("bullet", "-")], 6)
    text = (DOCS / "02-nq-tinh-uy.txt").read_text("utf-8")
    body = text.split("giai đoạn 2024-2030\n", 1)[1].split("\nNơi nhận:")[0]
    restart_id = 300
    for line in [part for part in body.split("\n") if part.strip()]:
        if line[:2] in ("I.", "II", "IV") and ". " in line[:5]:
            p = _numbered(document, line.split(". ", 1)[1], roman, bold=True)
            p.style = document.styles["Heading 1"]
            decimals, restart_id = _restart(document, decimal_abstract, restart_id), restart_id + 1
        elif line[:1].isdigit():
            _numbered(document, line.split(". ", 1)[1], decimals)
        elif line.startswith("- "):
            _numbered(document, line[2:], bullets)
        else:
            document.add_paragraph(line)
    for line in ("Nơi nhận:", "- Ban Bí thư Trung ương Đảng (để b/c),", "- Các đồng chí Tỉnh ủy viên,",
                 "- Các huyện ủy, thành ủy, đảng ủy trực thuộc,", "- Lưu Văn phòng Tỉnh ủy."):
        document.add_paragraph(line)
    for line in ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Trần Văn Giả"):
        _centered(document, line, True)
    path = out / "15-nq-doan-giua-va-heading.docx"
    document.save(str(path))
    return path


def docx_plan_table(out: Path) -> Path:
    """07 in Word: the tasks in a real Word table, the rest typed."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    _cell_lines(header.rows[0].cells[0], ["ỦY BAN NHÂN DÂN", "XÃ TÂN MẪU", "Số: 37/KH-UBND"], True)
    _cell_lines(header.rows[0].cells[1], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                          "Tân Mẫu, ngày 20 tháng 8 năm 2025"], True)
    text = (DOCS / "07-kh-ubnd-xa-2025.txt").read_text("utf-8")
    lines = [part for part in text.split("Tân Mẫu, ngày 20 tháng 8 năm 2025\n", 1)[1].split("\n") if part.strip()]
    rows: list[list[str]] = []
    signature = False
    for line in lines:
        if line.startswith("|"):
            if not set(line) <= set("|-"):
                rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.rows[r].cells[c].text = value
            rows = []
        if line in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Văn Thử"):
            signature = True
        if signature or line == "KẾ HOẠCH":
            _centered(document, line, True)
        else:
            document.add_paragraph(line)
        if line == "Hoàng Văn Thử":
            signature = False
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.rows[r].cells[c].text = value
    path = out / "16-kh-xa-bang-nhiem-vu.docx"
    document.save(str(path))
    return path


def pdf_report(out: Path) -> Path:
    """06 as a PDF with a text layer (Typst): the two-column header as a grid."""
    import json

    import typst

    text = (DOCS / "06-bc-so-ket.txt").read_text("utf-8")
    body = text.split("năm 2024\n", 1)[1].split("\nNơi nhận:")[0]
    paras = [line for line in body.strip().split("\n") if line.strip() and not line.startswith("|")]
    source = out / "17-bc.typ"
    source.write_text(
        '#set page(paper: "a4", margin: 2cm)\n#set text(size: 13pt)\n#let d = json(bytes(sys.inputs.data))\n'
        '#grid(columns: (1fr, 1.5fr), align: center, [#for l in d.left [#l #linebreak()]], '
        '[#for l in d.right [#l #linebreak()]])\n#for p in d.body [#p #parbreak()]\n'
        '#grid(columns: (1fr, 1fr), [#for l in d.recipients [#l #linebreak()]], '
        'align(center)[#for l in d.signature [#l #linebreak()]])\n', encoding="utf-8")
    data = {"left": ["HỘI KHUYẾN HỌC TỈNH HẢI VÂN", "Số: 88/BC-HKH"],
            "right": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                      "Hải Vân, ngày 25 tháng 6 năm 2024"],
            "body": paras,
            "recipients": ["Nơi nhận:", "- TW Hội KHVN (để b/c);", "- Thường trực Tỉnh ủy (để b/c);", "- Lưu VP."],
            "signature": ["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "", "Vũ Văn Mẫu"]}
    path = out / "17-bc-so-ket.pdf"
    path.write_bytes(typst.compile(str(source), sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                                   ignore_system_fonts=True))
    source.unlink()
    return path


GENERATED = {"09-portal-chi-thi.txt": portal_paste, "10-utf16-hd.txt": utf16,
             "14-qd-bang-va-so-tu-dong.docx": docx_decision, "15-nq-doan-giua-va-heading.docx": docx_resolution,
             "16-kh-xa-bang-nhiem-vu.docx": docx_plan_table, "17-bc-so-ket.pdf": pdf_report}
REFUSED = {"11-tcvn3-unicode.txt": (tcvn3_in_utf8, "TCVN3"), "12-tcvn3-bytes.txt": (tcvn3_bytes, "không phải UTF-8"),
           "13-cp1258.txt": (cp1258, "Windows-1258")}


# --- what each document says (read off the documents by hand) -----------------------------------

HV = "uy-ban-nhan-dan-tinh-hai-van"
HKH_BTV = "ban-thuong-vu-hoi-khuyen-hoc-tinh-hai-van"
DECISION = {
    "id": "quyet-dinh-1234-qd-ubnd", "loai": "Quyết định", "so_ky_hieu": "1234/QĐ-UBND", "ngay_ban_hanh": "2024-03-15",
    "noi_ban_hanh": "Hải Vân", "co_quan_ban_hanh": HV, "tieu_de": "QUYẾT ĐỊNH", "cap": "Tỉnh",
    "trich_yeu": "kiện toàn Ban Chỉ đạo xây dựng xã hội học tập tỉnh Hải Vân giai đoạn 2024-2030",
    "nguoi_ky": "Nguyễn Văn Mẫu", "chuc_vu": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "clauses": {"dieu-1": ("Điều 1.", "Kiện toàn Ban Chỉ đạo"), "dieu-1-3": ("3.", "Bà Trần Thị Nghiệm"),
                "dieu-2": ("Điều 2.", "Nhiệm vụ của Ban Chỉ đạo"), "dieu-2-b": ("b)", "Kiểm tra, đôn đốc"),
                "dieu-4": ("Điều 4.", "Chánh Văn phòng")},
    "recipients": [("Như Điều 4", None), ("Bộ Giáo dục và Đào tạo", "để b/c"), ("TT Tỉnh ủy, TT HĐND tỉnh", "để b/c"),
                   ("Chủ tịch, các PCT UBND tỉnh", None), ("Lưu: VT, KGVX.", None)],
    "relations": {("can_cu", "luat-to-chuc-chinh-quyen-dia-phuong-2015"), ("can_cu", "quyet-dinh-1373-qd-ttg"),
                  ("can_cu", "quyet-dinh-387-qd-ttg"), ("dan_chieu", "to-trinh-56-ttr-sgddt"),
                  ("dan_chieu", "quyet-dinh-999-qd-ubnd")},
    "new": {"luat-to-chuc-chinh-quyen-dia-phuong-2015", "to-trinh-56-ttr-sgddt", "quyet-dinh-999-qd-ubnd"},
    "report": ["Cần người biên tập kiểm tra", "Ủy ban nhân dân tỉnh Hải Vân", "387/QĐ-TTg"],
}
RESOLUTION = {
    "id": "nghi-quyet-05-nq-tu", "loai": "Nghị quyết", "so_ky_hieu": "05-NQ/TU", "ngay_ban_hanh": "2024-04-20",
    "noi_ban_hanh": "Hải Vân", "co_quan_ban_hanh": "ban-thuong-vu-tinh-uy-hai-van", "tieu_de": "NGHỊ QUYẾT",
    "trich_yeu": "của Ban Thường vụ Tỉnh ủy về đẩy mạnh công tác khuyến học, khuyến tài, xây dựng xã hội học tập "
                 "giai đoạn 2024-2030",
    "nguoi_ky": "Trần Văn Giả", "chuc_vu": "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC",
    "clauses": {"i": ("I.", "TÌNH HÌNH VÀ NGUYÊN NHÂN"), "ii-2": ("2.", "Chỉ tiêu đến năm 2030"),
                "iii-2": ("2.", "Đẩy mạnh tuyên truyền"), "iv-1": ("1.", "Các huyện ủy, thành ủy")},
    "recipients": [("Ban Bí thư Trung ương Đảng", "để b/c"), ("Các đồng chí Tỉnh ủy viên", None),
                   ("Các huyện ủy, thành ủy, đảng ủy trực thuộc", None), ("Lưu Văn phòng Tỉnh ủy.", None)],
    # "Sau 5 năm thực hiện Kết luận 49 … về tiếp tục thực hiện Chỉ thị 11": both read as thực hiện.
    "relations": {("thuc_hien", "ket-luan-49-kl-tw"), ("thuc_hien", "chi-thi-11-ct-tw")},
    "new": set(),
    "report": ["Ban Thường vụ Tỉnh ủy Hải Vân"],
}
LETTER = {
    "id": "cong-van-789-sgddt-gdtx", "loai": "Công văn", "so_ky_hieu": "789/SGDĐT-GDTX", "ngay_ban_hanh": "2024-09-05",
    "noi_ban_hanh": "Hải Vân", "co_quan_ban_hanh": "so-giao-duc-va-dao-tao-tinh-hai-van",
    "trich_yeu": "hướng dẫn đánh giá, xếp loại Trung tâm học tập cộng đồng năm 2024",
    "nguoi_ky": "Phạm Thị Thí", "chuc_vu": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "clauses": {"mo-dau": (None, "Kính gửi:")},
    "recipients": [("Như trên", None), ("Giám đốc, các PGĐ Sở", None), ("Lưu: VT, GDTX.", None)],
    "relations": {("thuc_hien", "thong-tu-22-2020-tt-bgddt")},
    "new": set(),
    "report": ["Sở Giáo dục và Đào tạo tỉnh Hải Vân"],
}
GUIDE = {
    "id": "huong-dan-12-hd-hkh", "loai": "Hướng dẫn", "so_ky_hieu": "12/HD-HKH", "ngay_ban_hanh": "2024-01-10",
    "co_quan_ban_hanh": HKH_BTV, "tieu_de": "HƯỚNG DẪN",
    "trich_yeu": "Đánh giá, công nhận danh hiệu \"Gia đình học tập\", \"Dòng họ học tập\" năm 2024",
    "nguoi_ky": "Đỗ Thị Mẫu", "chuc_vu": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
    "clauses": {"ii-1-2": ("1.2.", "Dòng họ có đăng ký"), "ii-2-c": ("c)", "Hội Khuyến học xã tổng hợp"),
                "iii": ("III.", "TỔ CHỨC THỰC HIỆN")},
    "recipients": [("TW Hội Khuyến học Việt Nam", "b/c"), ("Hội Khuyến học các xã, phường", "t/h"), ("Lưu VP.", None)],
    "relations": {("can_cu", "quyet-dinh-677-qd-ttg"), ("can_cu", "quyet-dinh-222-qd-khvn")},
    "new": set(),
    "report": [],
}
CONCLUSION = {
    "id": "thong-bao-45-tb-du", "loai": "Thông báo", "so_ky_hieu": "45-TB/ĐU", "ngay_ban_hanh": "2025-08-12",
    "noi_ban_hanh": "Tân Mẫu", "co_quan_ban_hanh": "ban-thuong-vu-dang-uy-xa-tan-mau", "cap": "Xã",
    "trich_yeu": "về công tác khuyến học, khuyến tài 6 tháng đầu năm 2025",
    "nguoi_ky": "Lê Thị Thí Điểm", "chuc_vu": "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ",
    "clauses": {"mo-dau": (None, "Ngày 08/8/2025"), "2-g2": (None, "Vận động xây dựng Quỹ khuyến học")},
    "recipients": [("Ban Thường vụ Tỉnh ủy", "để báo cáo"), ("Hội Khuyến học xã", None),
                   ("Lưu Văn phòng Đảng ủy.", None)],
    "relations": set(), "new": set(), "report": [],
}
REPORT = {
    "id": "bao-cao-88-bc-hkh", "loai": "Báo cáo", "so_ky_hieu": "88/BC-HKH", "ngay_ban_hanh": "2024-06-25",
    "co_quan_ban_hanh": HKH_BTV, "tieu_de": "BÁO CÁO",
    "trich_yeu": "Sơ kết 6 tháng đầu năm 2024 công tác khuyến học, khuyến tài",
    "nguoi_ky": "Vũ Văn Mẫu", "chuc_vu": "TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "clauses": {"i-1": ("1.", "Công tác tổ chức"), "i-2": ("2.", "Kết quả xây dựng các mô hình"),
                "iii-2": ("2.", "Tổ chức Hội nghị tổng kết")},
    "table_rows": ["1 | Gia đình học tập | 150.200 | 155.300 | 78,5", "3 | Cộng đồng học tập cấp thôn | 890 | 910 | 72,3"],
    "recipients": [("TW Hội KHVN", "để b/c"), ("Thường trực Tỉnh ủy", "để b/c"), ("Lưu VP.", None)],
    "relations": {("thuc_hien", "chuong-trinh-hanh-dong-198-ctrhd-khvn")}, "new": set(), "report": [],
}
COMMUNE_PLAN = {
    "id": "ke-hoach-37-kh-ubnd", "loai": "Kế hoạch", "so_ky_hieu": "37/KH-UBND", "ngay_ban_hanh": "2025-08-20",
    "noi_ban_hanh": "Tân Mẫu", "co_quan_ban_hanh": "uy-ban-nhan-dan-xa-tan-mau", "cap": "Xã",
    "trich_yeu": "Xây dựng xã hội học tập trên địa bàn xã Tân Mẫu năm 2025-2026",
    "nguoi_ky": "Hoàng Văn Thử", "chuc_vu": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "clauses": {"ii-1": ("1.", "Phấn đấu đến năm 2025 có 85% hộ gia đình"), "iv-2": ("2.", "Đề nghị Ủy ban Mặt trận")},
    "recipients": [("UBND tỉnh Hải Vân", "b/c"), ("Đảng ủy xã", "b/c"), ("Các thôn", None), ("Lưu: VT.", None)],
    "relations": {("thuc_hien", "quyet-dinh-1373-qd-ttg"), ("thuc_hien", "ke-hoach-150-kh-ubnd")},
    "new": {"ke-hoach-150-kh-ubnd"},
    # (what is counted starts with, value, year)
    "targets": [("hộ gia đình", 85, 2025), ("thôn", 100, 2026), ("dòng họ", 60, 2026)],
    # task rows of the table: (words of the content, period, named lead unit)
    "table_tasks": [("Tuyên truyền", "thuong-xuyen", "Văn phòng HĐND và UBND xã"),
                    ("Kiện toàn Trung tâm", "quy-3", "Phòng Văn hóa - Xã hội"),
                    ("Đánh giá, công nhận", "hang-nam", "Hội Khuyến học xã")],
    "appendix": "DANH SÁCH CÁC THÔN ĐĂNG KÝ",
    "report": ["soát lại từng nhiệm vụ"],
}
PROVINCE_PLAN = {
    "id": "ke-hoach-15-kh-hkh", "loai": "Kế hoạch", "so_ky_hieu": "15/KH-HKH", "ngay_ban_hanh": "2024-01-08",
    "co_quan_ban_hanh": HKH_BTV, "trich_yeu": "Công tác khuyến học, khuyến tài năm 2024",
    "nguoi_ky": "Đỗ Thị Mẫu", "chuc_vu": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
    "clauses": {"ii-1": ("1.", "Quý I: tổ chức Hội nghị")},
    "recipients": [("TW Hội Khuyến học Việt Nam", "để b/c"), ("Thường trực Tỉnh ủy, UBND tỉnh", "để b/c"),
                   ("Hội Khuyến học các huyện, thị xã, thành phố", "để t/h"), ("Lưu VP.", None)],
    "relations": {("thuc_hien", "ket-luan-49-kl-tw"), ("thuc_hien", "chuong-trinh-hanh-dong-198-ctrhd-khvn")},
    "new": set(),
    "targets": [("hộ gia đình", 85, 2025), ("dòng họ", 70, 2025), ("Hội Khuyến học cơ sở", 80, 2025)],
    "periods": {"ii-1": "quy-1", "ii-2": "6-thang", "ii-3": "hang-nam"},
    "no_unit": ["Sở Giáo dục và Đào tạo đánh giá"],
    "report": [],
}
PORTAL = {
    "id": "chi-thi-07-ct-ubnd", "loai": "Chỉ thị", "so_ky_hieu": "07/CT-UBND", "ngay_ban_hanh": "2024-05-02",
    "noi_ban_hanh": "Hải Vân", "co_quan_ban_hanh": HV, "tieu_de": "CHỈ THỊ",
    "trich_yeu": "ĐẨY MẠNH PHONG TRÀO KHUYẾN HỌC, KHUYẾN TÀI, XÂY DỰNG XÃ HỘI HỌC TẬP TRÊN ĐỊA BÀN TỈNH",
    "nguoi_ky": "Nguyễn Văn Mẫu", "chuc_vu": "CHỦ TỊCH",
    "clauses": {"mo-dau": (None, "Thời gian qua, thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị về "
                                 "tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học, khuyến tài, xây dựng xã "
                                 "hội học tập, công tác khuyến học"),
                "1": ("1.", "Sở Giáo dục và Đào tạo chủ trì, phối hợp với Hội Khuyến học tỉnh hướng dẫn các địa "
                            "phương triển khai Thông tư"),
                "2-a": ("a)", "Bố trí kinh phí cho hoạt động của Trung tâm học tập cộng đồng;"),
                "2-b": ("b)", "Chỉ đạo Ủy ban nhân dân cấp xã đưa chỉ tiêu xây dựng xã hội học tập vào nghị quyết "
                              "phát triển kinh tế - xã hội hằng năm.")},
    "recipients": [("Bộ Giáo dục và Đào tạo", "để b/c"), ("TT Tỉnh ủy, TT HĐND tỉnh", None),
                   ("Các sở, ban, ngành", None), ("UBND các huyện, thị xã, thành phố", None), ("Lưu: VT, KGVX.", None)],
    "relations": {("thuc_hien", "chi-thi-11-ct-tw"), ("thuc_hien", "thong-tu-22-2020-tt-bgddt")},
    "new": set(),
    "not_in_text": ["Đăng nhập", "Số hiệu", "Tải về", "Địa chỉ:", "Lưu trữ", "Ý kiến", "\u00ad", "\u200b", "\u00a0"],
    "report": ["đã bỏ phần thừa"],
}

CASES = {
    "01-qd-ubnd-tinh.txt": DECISION, "02-nq-tinh-uy.txt": RESOLUTION, "03-cv-so-gddt.txt": LETTER,
    "04-hd-hkh-tinh.txt": GUIDE, "05-tb-ket-luan-dang-uy-xa.txt": CONCLUSION, "06-bc-so-ket.txt": REPORT,
    "07-kh-ubnd-xa-2025.txt": COMMUNE_PLAN, "08-kh-hkh-muc-tieu.txt": PROVINCE_PLAN,
    "09-portal-chi-thi.txt": PORTAL,
    "10-utf16-hd.txt": {**GUIDE, "nguon": "10-utf16-hd.txt"},
    "14-qd-bang-va-so-tu-dong.docx": {**DECISION, "report": DECISION["report"] + ["chú thích"]},
    "15-nq-doan-giua-va-heading.docx": {**RESOLUTION, "report": RESOLUTION["report"] + ["DỰ THẢO LẦN 2"]},
    "16-kh-xa-bang-nhiem-vu.docx": COMMUNE_PLAN,
    "17-bc-so-ket.pdf": {**REPORT, "table_rows": []},
}


def fixture(name: str, out: Path) -> Path:
    return GENERATED[name](out) if name in GENERATED else DOCS / name


def fresh_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def record(data: Path, record_id: str) -> dict:
    source, problems = read_yaml(data / "van-ban" / f"{record_id}.yml", "x")
    assert problems == []
    return source.data


def flat(items: list, out: dict | None = None) -> dict:
    out = {} if out is None else out
    for c in items:
        out[c["id"]] = c
        flat(c.get("muc", []), out)
    return out


def all_text(rec: dict) -> str:
    return "\n".join(" ".join(filter(None, (c.get("so"), c.get("tieu_de"), c.get("van_ban"))))
                     for c in flat(rec.get("noi_dung", [])).values())


def check_record(rec: dict, want: dict, data: Path) -> None:
    for key in ("loai", "so_ky_hieu", "ngay_ban_hanh", "noi_ban_hanh", "co_quan_ban_hanh", "tieu_de", "trich_yeu",
                "nguoi_ky", "chuc_vu", "cap"):
        if key in want:
            assert rec[key] == want[key], key
    clauses = flat(rec["noi_dung"])
    for clause_id, (number, start) in want["clauses"].items():
        assert clause_id in clauses, (clause_id, sorted(clauses))
        c = clauses[clause_id]
        assert c.get("so") == number, clause_id
        assert (c.get("tieu_de") or c.get("van_ban") or "").startswith(start), (clause_id, c)
    text = all_text(rec)
    for row in want.get("table_rows", []):
        assert row in text
    for residue in want.get("not_in_text", []):
        assert residue not in text and residue not in (rec["trich_yeu"] or ""), residue
    assert [(r["ten"], r.get("muc_dich")) for r in rec["noi_nhan"]] == want["recipients"]
    assert {(r["loai"], r["van_ban"]) for r in rec["quan_he"]} == want["relations"]
    for cited in want["new"]:
        new = record(data, cited)
        assert new["xac_minh"] == "theo_trich_dan" and new["nguon"][0]["tep"].startswith(tuple("0123456789"))
    targets = [t for task in rec.get("nhiem_vu", []) for t in task["chi_tieu"]]
    for what, value, year in want.get("targets", []):
        assert any(t["doi_tuong"].startswith(what) and t["gia_tri"] == value and t.get("nam") == year
                   for t in targets), (what, value, targets)
    tasks = {t["muc"]: t for t in rec.get("nhiem_vu", [])}
    for clause_id, period in want.get("periods", {}).items():
        assert tasks[clause_id]["ky"] == period, clause_id
    for words, period, lead in want.get("table_tasks", []):
        row = [t for t in rec["nhiem_vu"] if (clauses[t["muc"]].get("van_ban") or "").split(" | ")[1:2] != []
               and clauses[t["muc"]]["van_ban"].split(" | ")[1].startswith(words)]
        assert len(row) == 1, (words, rec["nhiem_vu"])
        assert row[0]["ky"] == period
        assert row[0]["chu_tri"] or lead in row[0].get("ghi_chu", ""), row[0]
    assert not any(clauses[t["muc"]].get("van_ban", "").startswith("TT |") for t in rec.get("nhiem_vu", []))
    for wrong in want.get("no_unit", []):
        assert all(wrong not in t.get("ghi_chu", "") for t in rec.get("nhiem_vu", []))
    if "appendix" in want:
        assert want["appendix"] in text


@pytest.mark.parametrize("name", list(CASES))
def test_real_shaped_document_imports(tmp_path, name):
    want = CASES[name]
    data = fresh_data(tmp_path)
    path = fixture(name, tmp_path)
    result = run_camnang("import", str(path), "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    for phrase in want["report"]:
        assert phrase in result.stdout, phrase
    check = run_camnang("check", "--data", str(data))
    assert check.returncode == 0 and "cảnh báo" not in (check.stdout + check.stderr).lower(), check.stdout + check.stderr
    check_record(record(data, want["id"]), want, data)


def test_all_documents_together_build(tmp_path):
    """The documents of one province imported one after another share their organisation records, and the
    handbook with all of them builds."""
    data = fresh_data(tmp_path)
    for name in [n for n in CASES if n[:2] in ("01", "02", "03", "04", "05", "06", "07", "08", "09")]:
        result = run_camnang("import", str(fixture(name, tmp_path)), "--data", str(data))
        assert result.returncode == 0, name + result.stdout + result.stderr
    orgs = sorted(p.stem for p in (data / "co-quan").glob("*hai-van*"))
    assert "ubnd-tinh-hai-van" not in orgs and HV in orgs, orgs
    check = run_camnang("check", "--data", str(data))
    assert check.returncode == 0 and "cảnh báo" not in (check.stdout + check.stderr).lower(), check.stdout + check.stderr
    build = run_camnang("build", "--data", str(data), "--site", str(tmp_path / "site"))
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    page = (tmp_path / "site" / "van-ban" / "quyet-dinh-1234-qd-ubnd.html").read_text("utf-8")
    assert "Nguyễn Văn Mẫu" in page and "quyet-dinh-1373-qd-ttg" in page


@pytest.mark.parametrize("name", list(REFUSED))
def test_old_encodings_are_refused_clearly(tmp_path, name):
    make, phrase = REFUSED[name]
    data = fresh_data(tmp_path)
    before = sorted(p.name for p in (data / "van-ban").iterdir())
    result = run_camnang("import", str(make(tmp_path)), "--data", str(data))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert phrase in result.stderr and "Unikey" in result.stderr, result.stderr
    assert sorted(p.name for p in (data / "van-ban").iterdir()) == before



# --- hostile files ------------------------------------------------------------------------------

def _small_plan_docx(paragraphs: int = 30) -> bytes:
    import io

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH HẢI VÂN", "Số: 9/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Hải Vân, ngày 1 tháng 2 năm 2024", "KẾ HOẠCH", "Về công tác khuyến học năm 2024"):
        document.add_paragraph(line)
    for i in range(paragraphs):
        document.add_paragraph(f"{i + 1}. Hội Khuyến học xã tổ chức hoạt động số {i + 1} cho người dân trong quý I.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_document_xml(raw: bytes, change, extra: dict[str, bytes] | None = None) -> bytes:
    import io

    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == "word/document.xml" else data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _entity_docx(doctype: bytes, reference: bytes, padding: int = 0) -> bytes:
    """A DOCTYPE before <w:document> (after `padding` bytes of comment, past any quick look at the head),
    and `reference` used inside a paragraph's text."""
    comment = b"<!--" + b" " * padding + b"-->" if padding else b""
    return _with_document_xml(_small_plan_docx(), lambda x: x.replace(b"<w:document", comment + doctype + b"<w:document", 1)
                              .replace(b"cho ng", reference + b" cho ng", 1))


LAUGHS = b"<!DOCTYPE w:document [<!ENTITY lol \"lol\">" + b"".join(
    b"<!ENTITY lol%d \"%s\">" % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + b"]>"


class _Listener:
    """A TCP port on this machine that records whether anything connected (an external entity fetch)."""

    def __enter__(self):
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connected = False
        self.stop = False

        def accept():
            while not self.stop:
                try:
                    conn, _ = self.sock.accept()
                    self.connected = True
                    conn.close()
                except OSError:
                    pass
        self.thread = threading.Thread(target=accept, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("padding", [0, 8000])
def test_entities_in_docx_are_never_expanded_nor_fetched(tmp_path, padding):
    secret = tmp_path / "secret.txt"
    secret.write_text("BÍ-MẬT-KHÔNG-ĐƯỢC-LỘ", encoding="utf-8")
    with _Listener() as listener:
        url = f"http://127.0.0.1:{listener.port}".encode()
        files = {
            "laughs.docx": _entity_docx(LAUGHS, b"&lol9;", padding),
            "xxe.docx": _entity_docx(b"<!DOCTYPE w:document [<!ENTITY f SYSTEM \"file://" + str(secret).encode()
                                     + b"\"><!ENTITY n SYSTEM \"" + url + b"/x\">]>", b"&f;&n;", padding),
            "param.docx": _entity_docx(b"<!DOCTYPE w:document [<!ENTITY % p SYSTEM \"" + url + b"/p.dtd\"> %p;]>",
                                       b"", padding),
        }
        for name, raw in files.items():
            data = fresh_data(tmp_path / f"data-{name}")
            (tmp_path / name).write_bytes(raw)
            result = run_camnang("import", str(tmp_path / name), "--data", str(data))
            assert "Traceback" not in result.stderr, result.stderr
            written = "".join(p.read_text("utf-8") for p in data.rglob("*.yml"))
            assert "BÍ-MẬT" not in written + result.stdout and "lollol" not in written + result.stdout
            if not padding:  # Word never writes a DTD: refused up front
                assert result.returncode == 1 and "DTD/ENTITY" in result.stderr, result.stderr
    assert not listener.connected


def test_zip_names_climbing_out_are_never_extracted(tmp_path):
    raw = _with_document_xml(_small_plan_docx(), lambda x: x, {
        "../../escaped.txt": b"x", str(tmp_path / "absolute.txt"): b"x", "word/../../../up.txt": b"x"})
    (tmp_path / "traversal.docx").write_bytes(raw)
    data = fresh_data(tmp_path)
    result = run_camnang("import", str(tmp_path / "traversal.docx"), "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert record(data, "ke-hoach-9-kh-ubnd")["so_ky_hieu"] == "9/KH-UBND"
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("up.txt"))
    assert not (tmp_path / "absolute.txt").exists() and not (ROOT / "escaped.txt").exists()


def test_deeply_nested_tables(tmp_path):
    def nest(depth):
        def change(xml):
            inner = "<w:p><w:r><w:t>trong cùng</w:t></w:r></w:p>".encode()
            for _ in range(depth):
                inner = b"<w:tbl><w:tr><w:tc>" + inner + b"</w:tc></w:tr></w:tbl><w:p/>"
            return xml.replace(b"<w:sectPr", inner + b"<w:sectPr", 1)
        return change
    for depth, ok in ((40, True), (3000, False)):
        path = tmp_path / f"nested-{depth}.docx"
        path.write_bytes(_with_document_xml(_small_plan_docx(), nest(depth)))
        data = fresh_data(tmp_path / str(depth))
        result = run_camnang("import", str(path), "--data", str(data))
        assert "Traceback" not in result.stderr
        assert (result.returncode == 0) == ok, result.stdout + result.stderr
        if not ok:
            assert "lỗi:" in result.stderr and not (data / "van-ban" / "ke-hoach-9-kh-ubnd.yml").exists()


@pytest.mark.parametrize("line", ["1." * 25000, "Căn cứ " * 7000, "số " * 16000, "Luật " * 10000,
                                  "Căn cứ Quyết định số 1/QĐ-" * 2000])
def test_pathological_line_is_refused_with_its_reason(tmp_path, line):
    path = tmp_path / "dai.txt"
    path.write_text("ỦY BAN NHÂN DÂN TỈNH HẢI VÂN\nSố: 9/KH-UBND\n\nKẾ HOẠCH\nVề công tác khuyến học năm 2024\n\n"
                    f"I. MỤC ĐÍCH\n\n1. {line}\n\n2. Hội Khuyến học xã tổ chức hoạt động cho người dân và hội viên.\n",
                    encoding="utf-8")
    data = fresh_data(tmp_path)
    result = run_camnang("import", str(path), "--data", str(data))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "quá giới hạn 10.000 ký tự" in result.stderr, result.stderr


def test_document_longer_than_a_record_is_refused_before_parsing(tmp_path):
    path = tmp_path / "dai.docx"
    path.write_bytes(_small_plan_docx(30000))
    data = fresh_data(tmp_path)
    result = run_camnang("import", str(path), "--data", str(data))
    assert result.returncode == 1 and "quá giới hạn 2 MB" in result.stderr, result.stderr
    assert not (data / "van-ban" / "ke-hoach-9-kh-ubnd.yml").exists()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for make in list(GENERATED.values()) + [m for m, _ in REFUSED.values()]:
        print(make(target))
