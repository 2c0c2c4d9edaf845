"""Tables in the PDFs read like tables: the widths Typst laid out (camnang.pdfcheck) for every PDF of
a real build, and the same check failing on the targets table as it was printed before (one wide
column and three one word wide: "cán bộ, hội / viên Hội / Khuyến / học")."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_camnang
from pypdf import PdfReader
from test_pdf import body_text, flat, pdf_text

from camnang import pdfcheck
from camnang.loader import load_handbook
from camnang.pdf import jobs, write_pdfs
from camnang.pdfcheck import Cell, Layout
from camnang.typstc import compile_file, template_dir

pytestmark = pytest.mark.slow  # runs a whole build of its own and measures every PDF: left out by `make test-fast`

HEADER = ["Mức", "Đối tượng", "Năm", "Nguồn"]


EPOCH = "1764547200"  # a fixed build date (1/12/2025) for the build and the in-process compile alike


@pytest.fixture(scope="module")
def real_build(tmp_path_factory) -> tuple[Path, str]:
    """`camnang build` of the real handbook: the site and what the command printed."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = run_camnang("build", "--data", str(ROOT / "data"), "--site", str(site), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Every PDF compiled by the build's own pipeline (worker processes), with its tables' layout."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the export reads the build date too (what changed since)
        return write_pdfs(load_handbook(ROOT / "data").handbook, tmp_path_factory.mktemp("pdf"))


def test_the_measured_pdfs_are_the_pdfs_of_a_real_build(report, real_build):
    site, _ = real_build
    built = sorted(p.name for p in (site / "pdf").glob("*.pdf"))
    assert built == sorted(f.path.name for f in report.files) and len(built) >= 2
    for item in report.files:  # same bytes: the figures below are those of the build's files
        assert (site / "pdf" / item.path.name).read_bytes() == item.path.read_bytes(), item.path.name


def test_build_reports_each_pdf_it_writes(real_build):
    """One line per file with its real size, a total that adds up, and no table warning."""
    site, stdout = real_build
    files = {p.name: p.stat().st_size for p in (site / "pdf").glob("*.pdf")}
    lines = re.findall(r"^PDF (\d+)/(\d+): (\S+) \(([\d.]+) KB, \d+,\d\d giây\) — bảng: \d+", stdout, re.M)
    assert sorted(name for _, _, name, _ in lines) == sorted(files)
    assert [int(n) for n, _, _, _ in lines] == list(range(1, len(files) + 1))
    assert all(int(total) == len(files) for _, total, _, _ in lines)
    for _, _, name, kb in lines:
        assert int(kb.replace(".", "")) == round(files[name] / 1024), name  # thousands with '.'
    summary = re.search(r"Kèm (\d+) tệp PDF \(([\d.]+) KB\) trong \d+,\d giây", stdout)
    assert summary and int(summary[1]) == len(files) and int(summary[2].replace(".", "")) == round(sum(files.values()) / 1024)
    assert "cảnh báo" not in stdout and "bảng khó đọc" not in stdout


def test_no_table_of_any_pdf_has_a_narrow_column_or_one_word_lines(report):
    for item in report.files:
        layout = item.layout
        assert layout.problems() == [], item.path.name
        assert layout.tables == layout.all_tables >= 1, item.path.name  # every table was measured
        narrowest = layout.narrowest_wrapping()
        assert narrowest is None or narrowest.chars >= pdfcheck.MIN_COLUMN_CHARS, (item.path.name, narrowest)
        worst = layout.worst_words_per_line()
        assert worst is None or worst[0] >= pdfcheck.MIN_WORDS_PER_LINE, (item.path.name, worst)


def test_every_table_the_data_asks_for_is_measured(handbook, report):
    """One measured table per document of the handbook and per model with targets (counted from the data)."""
    book = next(f for f in report.files if f.path.name == "cam-nang.pdf")
    names = {cell.table for cell in book.layout.cells}
    for doc in handbook.documents.values():
        assert f"Thông tin văn bản: {doc.short_name}" in names, doc.id
    for model in handbook.models.values():
        assert (f"Chỉ tiêu: {model.name}" in names) == bool(model.targets), model.id


def test_the_677_targets_cells_take_several_words_a_line(handbook, report):
    """The table of issue 14: in the handout, "cán bộ, hội viên Hội Khuyến học …" no longer runs a word a line."""
    handout = next(f for f in report.files if f.path.name == "xay-dung-chi-bo-don-vi-hoc-tap.pdf")
    cells = [c for c in handout.layout.cells if c.table == "Chỉ tiêu: Công dân học tập" and c.column == 1]
    model = handbook.models["cong-dan-hoc-tap"]
    assert len(cells) >= len(model.targets) + 1  # the header and one cell per target
    for cell in cells:
        assert cell.words / cell.lines >= 3 or cell.lines == 1, cell


def bad_and_good_tables(rows: list[list[str]], tmp_path: Path) -> tuple[Layout, Layout]:
    """The rows in the old column spec (auto, 1fr, auto, 1.2fr), and in data-table, each in a tiny document."""
    shutil.copy(template_dir() / "common.typ", tmp_path / "common.typ")
    old = tmp_path / "old.typ"
    old.write_text("""#import "common.typ": *
#show: setup.with(title: "x")
#let rows = json(bytes(sys.inputs.data))
#let header = ("Mức", "Đối tượng", "Năm", "Nguồn")
#context {
  let m = line-metrics()
  [#metadata((table: "cũ", width: 0, room: 0)) <data-table>]
  table(columns: (auto, 1fr, auto, 1.2fr), stroke: 0.4pt, inset: 4pt,
    table.header(..header.enumerate().map(((i, h)) => measured-cell("cũ", i, h, m, strong-text: true))),
    ..rows.map(r => r.enumerate().map(((i, c)) => measured-cell("cũ", i, c, m))).flatten())
}
""", encoding="utf-8")
    new = tmp_path / "new.typ"
    new.write_text("""#import "common.typ": *
#show: setup.with(title: "x")
#data-table(("Mức", "Đối tượng", "Năm", "Nguồn"), json(bytes(sys.inputs.data)), name: "mới")
""", encoding="utf-8")
    data = json.dumps(rows, ensure_ascii=False)
    return (pdfcheck.from_json(compile_file(old, data).layout), pdfcheck.from_json(compile_file(new, data).layout))


def job_data(handbook, name: str) -> dict:
    """The JSON a template reads (the contract of camnang.export) for PDF `name`."""
    return next(job.data for job in jobs(handbook) if job.name == name)


def test_the_check_fails_on_the_old_targets_table(handbook, tmp_path):
    models = job_data(handbook, "cam-nang.pdf")["models"]
    targets = next(m for m in models if m["id"] == "cong-dan-hoc-tap")["targets"]
    rows = [[t["value"], t["counted"], str(t["year"]), t["source"]] for t in targets]
    old, new = bad_and_good_tables(rows, tmp_path)
    assert old.tables == old.all_tables == 1 and len(old.cells) >= 4 * (len(rows) + 1)  # + repeated headers
    narrow = old.narrowest_wrapping()
    assert narrow is not None and narrow.chars < pdfcheck.MIN_COLUMN_CHARS
    worst = old.worst_words_per_line()
    assert worst is not None and worst[0] < pdfcheck.MIN_WORDS_PER_LINE
    assert any("ký tự" in p for p in old.problems()) and any("từ trên" in p for p in old.problems())
    # The same rows through data-table pass the same check.
    assert new.problems() == [] and new.tables == new.all_tables == 1


def test_too_many_long_columns_print_as_a_list(tmp_path):
    shutil.copy(template_dir() / "common.typ", tmp_path / "common.typ")
    doc = tmp_path / "wide.typ"
    doc.write_text("""#import "common.typ": *
#show: setup.with(title: "x")
#let header = range(9).map(i => "Cột thứ " + str(i + 1))
#data-table(header, (range(9).map(i => "Khuyếnhọckhuyếntài" + str(i)),), name: "rộng")
""", encoding="utf-8")
    compiled = compile_file(doc, "{}")
    layout = pdfcheck.from_json(compiled.layout)
    assert layout.all_tables == 0 and layout.cells == ()  # no table drawn, so nothing squeezed
    (tmp_path / "wide.pdf").write_bytes(compiled.pdf)
    text = pdf_text(tmp_path / "wide.pdf")
    assert "Khuyếnhọckhuyếntài0" in text and "Cột thứ 9: Khuyếnhọckhuyếntài8" in text


def test_a_table_drawn_without_data_table_is_reported(tmp_path):
    shutil.copy(template_dir() / "common.typ", tmp_path / "common.typ")
    doc = tmp_path / "plain.typ"
    doc.write_text('#import "common.typ": *\n#show: setup.with(title: "x")\n#table(columns: 2, [a], [b])\n',
                   encoding="utf-8")
    layout = pdfcheck.from_json(compile_file(doc, "{}").layout)
    assert layout.problems() == ["1 bảng không đo được (không dựng bằng data-table)"]


def test_judging_cells():
    # Figures chosen by hand: 5 words on 4 lines is 1.25 a line; a 9-character column that wraps.
    rivers = Cell("t", 1, 9.0, 4, 5, "cán bộ, hội viên Hội Khuyến học")
    short = Cell("t", 2, 4.0, 1, 1, "2025")  # narrow but never wraps: fine
    wide = Cell("t", 0, 30.0, 3, 12, "một hai ba bốn năm sáu bảy tám chín mười mười một")
    layout = Layout((rivers, short, wide), tables=1, all_tables=1)
    assert [c.column for c in layout.columns()] == [1, 2, 0]
    assert layout.narrowest_wrapping().chars == 9.0 and layout.narrowest().chars == 4.0
    assert layout.worst_words_per_line() == (1.25, rivers)
    assert len(layout.problems()) == 2
    assert Layout((short, wide), 1, 1).problems() == []
    assert pdfcheck.from_json(pdfcheck.to_json(layout)) == layout
    wide = pdfcheck.from_query("[]", '[{"table": "a", "width": 470.0, "room": 459.2}]', '["table"]')
    assert wide.problems() == ["bảng “a” rộng hơn chỗ dành cho nó"] and pdfcheck.from_json(pdfcheck.to_json(wide)) == wide


def test_every_job_is_named(handbook):
    for job in jobs(handbook):
        assert job.name.endswith(".pdf") and job.template in ("chuyen-de.typ", "cam-nang.typ")
        assert job.title and isinstance(job.data, dict)


def test_the_build_report_names_each_table_problem(tmp_path):
    """A Layout with a problem makes the report say so (the line the build prints)."""
    from camnang.pdf import PdfFile, PdfReport

    bad = Layout((Cell("Chỉ tiêu: X", 1, 9.0, 4, 5, "cán bộ, hội viên Hội Khuyến học"),), 1, 1)
    report = PdfReport([PdfFile(tmp_path / "a.pdf", "A", 1024, 0.1, bad), PdfFile(tmp_path / "b.pdf", "B", 1024, 0.1)])
    assert report.summary().endswith("; 1 tệp có bảng khó đọc (xem cảnh báo)")


def page_texts(path: Path) -> list[str]:
    reader = PdfReader(path)
    return [flat(body_text(page.extract_text(), n)) for n, page in enumerate(reader.pages)]


def on_one_page(pages: list[str], *parts: str) -> bool:
    return any(all(part in page for part in parts) for page in pages)


def test_a_checklist_item_is_never_split_across_pages(handbook, report):
    """Each task of the handbook's plans, with its source line, sits whole on one page."""
    book = page_texts(next(f.path for f in report.files if f.path.name == "cam-nang.pdf"))
    plans = job_data(handbook, "cam-nang.pdf")["plans"]
    tasks = [t for p in plans for g in p["groups"] for t in g["tasks"]]
    for task in tasks:
        assert on_one_page(book, flat(task["text"]), flat(task["source"])), task["id"]
    assert len(tasks) == sum(len(d.tasks) for d in handbook.documents.values() if d.is_plan) >= 50


def test_a_quotations_source_is_on_the_page_of_its_last_words(handbook, report):
    def walk(clause: dict):
        yield clause
        for child in clause["children"]:
            yield from walk(child)

    for topic in handbook.topics.values():
        pages = page_texts(next(f.path for f in report.files if f.path.name == topic.pdf_name))
        quotes = job_data(handbook, topic.pdf_name)["topic"]["quotes"]
        assert len(quotes) == len(topic.quotes)
        for quote in quotes:
            last = [c for c in walk(quote["clause"]) if c["text"] or c["heading"]][-1]
            tail = flat(last["text"] or last["heading"])[-30:]
            assert on_one_page(pages, tail, "Nguồn: " + flat(quote["source"])), (topic.id, quote["where"])


def test_every_page_after_the_cover_names_its_document(handbook, report):
    for item in report.files:
        reader = PdfReader(item.path)
        topic = next((t for t in handbook.topics.values() if t.pdf_name == item.path.name), None)
        running = f"Chuyên đề {topic.order}: {topic.title}" if topic else job_data(handbook, "cam-nang.pdf")["title"]
        first_lines = [flat(page.extract_text().split("\n", 1)[0]) for page in reader.pages]
        assert not first_lines[0].startswith(running)  # the cover has none
        for number, line in enumerate(first_lines[1:], 2):
            assert line.startswith(running), (item.path.name, number, line)


def test_covers_read_from_the_issuing_body_down_to_the_blanks(handbook, report):
    for item in report.files:
        cover = flat(PdfReader(item.path).pages[0].extract_text())
        data = job_data(handbook, item.path.name)
        if "topic" in data:  # a handout: the chi bộ's head, what it is, the title, the blanks of the meeting
            order = ["ĐẢNG BỘ", "CHI BỘ", "ĐẢNG CỘNG SẢN VIỆT NAM", "TÀI LIỆU SINH HOẠT CHUYÊN ĐỀ",
                     f"Chuyên đề {data['topic']['order']}", flat(data["topic"]["title"]), "Ngày sinh hoạt:",
                     "Người trình bày:", "Địa điểm:"]
        else:  # the handbook: who compiles it, the title, what it holds
            order = [data["author"].upper(), data["title"].upper().split(",")[0], f"{len(handbook.documents)} văn bản"]
        positions = [cover.find(part) for part in order]
        assert -1 not in positions and positions == sorted(positions), (item.path.name, list(zip(order, positions, strict=True)))


BOTTOM_MARGIN_PT = 22 / 25.4 * 72  # as set in common.typ


def test_no_heading_sits_at_the_foot_of_a_page(report):
    """Every outlined heading has room for itself and a line of what follows above the bottom margin."""
    def entries(outline):
        for entry in outline:
            yield from (entries(entry) if isinstance(entry, list) else [entry])

    for item in report.files:
        reader = PdfReader(item.path)
        tops = [(float(e.top), e.title) for e in entries(reader.outline) if e.top is not None]
        assert len(tops) >= 8, item.path.name
        lowest = min(tops)
        assert lowest[0] > BOTTOM_MARGIN_PT + 2.5 * 13 * 1.2, (item.path.name, lowest)
