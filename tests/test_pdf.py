"""The PDFs read back: exact Vietnamese text, embedded fonts, outline, metadata, tags, same bytes twice,
and one page rendered to pixels with poppler's pdftoppm."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import run_camnang
from datasets import make_data
from pypdf import PdfReader
from test_topics import TOPIC

from camnang import export
from camnang.loader import load_handbook
from camnang.pdf import HANDBOOK_PDF, compile_pdf, write_pdfs


def flat(text: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


def body_text(page_text: str, number: int) -> str:
    """A page's text without its running header (first line, after the cover) and footer ("Trang 3/11")."""
    if number > 0:
        page_text = page_text.split("\n", 1)[-1]
    return re.sub(r"Trang \d+/\d+\s*$", "", page_text)


def pdf_text(path_or_reader) -> str:
    reader = path_or_reader if isinstance(path_or_reader, PdfReader) else PdfReader(path_or_reader)
    # Headers and footers are dropped so a paragraph running over a page break reads on.
    return flat(" ".join(body_text(page.extract_text(), n) for n, page in enumerate(reader.pages)))


@pytest.fixture(scope="module")
def pdfs(handbook, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    write_pdfs(handbook, out)
    return out


def test_one_pdf_per_topic_and_the_handbook(handbook, pdfs):
    names = sorted(p.name for p in pdfs.glob("*.pdf"))
    assert names == sorted([t.pdf_name for t in handbook.topics.values()] + [HANDBOOK_PDF])


def test_quoted_clauses_are_in_the_pdf_word_for_word(handbook, pdfs):
    for topic in handbook.topics.values():
        text = pdf_text(pdfs / topic.pdf_name)
        assert topic.title in text
        quoted = 0
        for quote in topic.quotes:
            doc = handbook.documents[quote.document_id]
            for clause in doc.clause_index[quote.clause_id].walk():
                if clause.text:
                    assert flat(clause.text) in text, (topic.id, doc.id, clause.id)
                    quoted += 1
        assert quoted >= len(topic.quotes)
        for question in topic.questions:
            assert flat(question) in text
        for step in topic.preparation:
            assert flat(step.text) in text


def test_source_of_each_quote_is_printed(handbook, pdfs):
    topic = handbook.topics["xay-dung-chi-bo-don-vi-hoc-tap"]
    text = pdf_text(pdfs / topic.pdf_name)
    assert ("Nguồn: Kế hoạch khuyến học của Đảng ủy Khối các cơ quan Trung ương giai đoạn 2022-2025 "
            "(số ký hiệu: chưa rõ; ngày ban hành: chưa rõ; cơ quan ban hành: Ban Thường vụ Đảng ủy Khối "
            "các cơ quan Trung ương), mục II.2") in text
    assert "Quyết định 677/QĐ-TTg 3/6/2022" in text  # the further-reading table: name (holding the number), date
    assert "60%" in text and "cán bộ, công chức, viên chức, người lao động trong đơn vị học tập" in text  # 677 targets


def test_cover_checklist_minutes_and_page_numbers(handbook, pdfs):
    topic = handbook.topics["quan-triet-chi-thi-11-ket-luan-49"]
    reader = PdfReader(pdfs / topic.pdf_name)
    cover = flat(reader.pages[0].extract_text())
    for blank in ("ĐẢNG BỘ", "CHI BỘ", "Ngày sinh hoạt:", "Người trình bày:", "TÀI LIỆU SINH HOẠT CHUYÊN ĐỀ"):
        assert blank in cover
    last = flat(reader.pages[-1].extract_text())
    assert "BIÊN BẢN" in last and "THƯ KÝ" in last and "CHỦ TRÌ" in last
    n = len(reader.pages)
    assert f"Trang 2/{n}" in flat(reader.pages[1].extract_text()) and f"Trang {n}/{n}" in last


def fonts_of(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            yield (descendants[0].get_object() if descendants else font)


def test_all_fonts_are_embedded_and_vietnamese_capable(pdfs):
    for path in pdfs.glob("*.pdf"):
        fonts = list(fonts_of(PdfReader(path)))
        assert fonts
        for font in fonts:
            descriptor = font["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (path.name, font["/BaseFont"])
            assert "LibertinusSerif" in font["/BaseFont"]


def test_outline_metadata_tags_and_page_counts(handbook, pdfs):
    for topic in handbook.topics.values():
        reader = PdfReader(pdfs / topic.pdf_name)
        titles = [item.title for item in reader.outline if not isinstance(item, list)]
        assert any("Câu hỏi thảo luận" in t for t in titles) and any("Việc cần chuẩn bị" in t for t in titles)
        assert any("biên bản" in t for t in titles)
        assert reader.metadata.title == f"Tài liệu sinh hoạt chuyên đề: {topic.title}"
        assert reader.metadata.author == export.AUTHOR
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "vi" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        assert 4 <= len(reader.pages) <= 40
        assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    book = PdfReader(pdfs / HANDBOOK_PDF)
    titles = [item.title for item in book.outline if not isinstance(item, list)]
    assert [t.split(" ", 1)[1] for t in titles if t[:2] in ("I.", "II", "IV", "V.")] == [
        "Văn bản", "Kế hoạch và nhiệm vụ", "Mô hình học tập", "Chuyên đề sinh hoạt chi bộ", "Thuật ngữ, chữ viết tắt"]
    assert 30 <= len(book.pages) <= 400


def test_handbook_pdf_holds_every_document_model_topic_and_term(handbook, pdfs):
    text = pdf_text(pdfs / HANDBOOK_PDF)
    for doc in handbook.documents.values():
        assert flat(doc.short_name) in text
        for clause in doc.all_clauses():
            if clause.text:
                assert flat(clause.text) in text, (doc.id, clause.id)
    for model in handbook.models.values():
        assert flat(model.name) in text
    for topic in handbook.topics.values():
        assert flat(topic.title) in text
    for term in handbook.terms.values():
        assert flat(term.explanation) in text


@pytest.mark.slow
def test_two_builds_give_the_same_bytes(handbook, pdfs, tmp_path):
    write_pdfs(handbook, tmp_path)
    for path in pdfs.glob("*.pdf"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_workers_leave_no_files_behind_done_or_failed(handbook, pdfs, tmp_path, monkeypatch):
    """Each worker takes its data and gives its PDF in a temporary folder (files, not pipes): the
    folder goes with the worker, also when Typst fails; the PDFs are those of a build."""
    import tempfile

    from camnang.pdf import PdfError, _compile_in_worker

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    write_pdfs(handbook, tmp_path / "out")
    with pytest.raises(PdfError):
        _compile_in_worker("khong-co-mau.typ", {})
    assert list((tmp_path / "tmp").iterdir()) == []
    for path in pdfs.glob("*.pdf"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name


def test_markup_in_data_is_shown_literally(tmp_path):
    evil = "Mục #set text(red) *đậm* $x^2$ <script>alert(1)</script> ] #{1+1} \\ `code` @nhan"
    topic = TOPIC.replace("gioi_thieu: Giới thiệu.", "gioi_thieu: |-\n  " + evil)
    topic = topic.replace("ten: Chuyên đề mẫu", 'ten: "Tên ] #strong[x] $y$"')
    hb = load_handbook(make_data(tmp_path, {"chuyen-de/chuyen-de-mau.yml": topic})).handbook
    assert hb.topics["chuyen-de-mau"].intro == evil
    pdf = compile_pdf("chuyen-de.typ", export.topic_pdf_input(hb, hb.topics["chuyen-de-mau"]))
    (tmp_path / "x.pdf").write_bytes(pdf)
    text = pdf_text(tmp_path / "x.pdf")
    assert flat(evil) in text and "Tên ] #strong[x] $y$" in text


def test_pdf_command_prints_a_line_per_file(tmp_path):
    result = run_camnang("pdf", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("PDF ")]
    files = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert len(lines) == len(files) >= 4
    assert all(re.search(r"\([\d.]+ KB, \d+,\d\d giây\) — bảng: \d+, (cột hẹp nhất xuống dòng \d+,\d ký tự|không cột nào)", ln)
               for ln in lines), lines
    assert re.search(r"Đã ghi \d+ tệp PDF \([\d.]+ KB\) trong \d+,\d giây", result.stdout)


def test_a_page_rendered_by_poppler_is_a_real_page(handbook, pdfs, tmp_path):
    assert shutil.which("pdftoppm"), "thiếu pdftoppm (poppler-utils); chạy `make test` để cài"
    topic = handbook.topics["quan-triet-chi-thi-11-ket-luan-49"]
    pages = len(PdfReader(pdfs / topic.pdf_name).pages)
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(pages), "-l", str(pages),
                    str(pdfs / topic.pdf_name), str(tmp_path / "p")], check=True, capture_output=True)
    (image,) = tmp_path.glob("p*.pgm")
    width, height, pixels = read_pgm(image.read_bytes())
    assert (width, height) == (331, 468)  # A4 at 40 dpi
    dark = sum(1 for p in pixels if p < 128) / len(pixels)
    assert 0.005 < dark < 0.25  # text and rules on white: neither blank nor a black page
    # the minutes page: dotted lines fill the lower half too
    lower = pixels[len(pixels) // 2:]
    assert sum(1 for p in lower if p < 160) / len(lower) > 0.003
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdfs / topic.pdf_name),
                    str(tmp_path / "cover")], check=True, capture_output=True)
    assert next(tmp_path.glob("cover*.png")).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """A binary PGM (P5) as (width, height, pixels)."""
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    assert fields[0] == b"P5"
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height]
