"""Chuyên đề records: the real topics, their integrity checks, and their web pages."""

from __future__ import annotations

import pytest
from conftest import page_text, run_camnang
from datasets import make_data

from camnang.diagnostics import DataError, Severity
from camnang.loader import load_handbook

TOPIC = """\
id: chuyen-de-mau
so_thu_tu: 1
ten: Chuyên đề mẫu
gioi_thieu: Giới thiệu.
doi_tuong: Đảng viên
thoi_luong: 60
trich_dan:
  - van_ban: ke-hoach-mau
    muc: i
nhiem_vu:
  - van_ban: ke-hoach-mau
    nhiem_vu: nv-1
van_ban:
  - chi-thi-11-ct-tw
cau_hoi:
  - Câu hỏi?
chuan_bi:
  - id: in
    viec: In tài liệu
nguon:
  - tep: 000_0c4b58b529f50a1e.txt
"""

# What the issue asks each seed topic to quote: (document, clause) pairs.
EXPECTED_QUOTES = {
    "quan-triet-chi-thi-11-ket-luan-49": {("ke-hoach-duk-khuyen-hoc-2022-2025", "i"),
                                          ("ke-hoach-duk-khuyen-hoc-2022-2025", "ii-1"),
                                          ("ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49", "i"),
                                          ("ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49", "ii")},
    "xay-dung-chi-bo-don-vi-hoc-tap": {("ke-hoach-duk-khuyen-hoc-2022-2025", "ii-2")},
}


def topic_errors(tmp_path, text):
    data = make_data(tmp_path, {"chuyen-de/chuyen-de-mau.yml": text})
    with pytest.raises(DataError) as info:
        load_handbook(data)
    return [d for d in info.value.diagnostics if d.severity == Severity.ERROR]


def test_valid_topic_loads_by_reference(tmp_path):
    hb = load_handbook(make_data(tmp_path, {"chuyen-de/chuyen-de-mau.yml": TOPIC})).handbook
    topic = hb.topics["chuyen-de-mau"]
    assert (topic.quotes[0].document_id, topic.quotes[0].clause_id) == ("ke-hoach-mau", "i")
    assert topic.tasks[0].task_id == "nv-1" and topic.preparation[0].text == "In tài liệu"


def test_the_seed_topics(handbook):
    assert len(handbook.topics) >= 3
    for topic_id, quotes in EXPECTED_QUOTES.items():
        got = {(q.document_id, q.clause_id) for q in handbook.topics[topic_id].quotes}
        assert quotes <= got, topic_id
    assert {"tin-bai-ky-ket-ctph-duk-hkvn"} <= {q.document_id for q in handbook.topics["xay-dung-chi-bo-don-vi-hoc-tap"].quotes}
    assert "cong-dan-hoc-tap" in handbook.topics["xay-dung-chi-bo-don-vi-hoc-tap"].model_ids
    by_quarter = handbook.topics["trien-khai-ke-hoach-khuyen-hoc-2023"]
    periods = {t.period for r in by_quarter.tasks
               for t in handbook.documents[r.document_id].tasks if t.id == r.task_id}
    assert {"quy-1", "quy-2", "quy-3", "quy-4"} <= periods


def test_unknown_clause_is_reported_with_position_and_hint(tmp_path):
    (err,) = topic_errors(tmp_path, TOPIC.replace("    muc: i\n", "    muc: i-g\n"))
    assert err.file.endswith("chuyen-de-mau.yml") and (err.line, err.col) == (9, 10)
    assert "Không tìm thấy mục của Kế hoạch mẫu có mã `i-g`" in err.message
    assert "có phải ý bạn là" in err.hint and "`i-g1`" in err.hint


def test_unknown_document_and_task(tmp_path):
    bad = TOPIC.replace("  - van_ban: ke-hoach-mau\n    nhiem_vu: nv-1", "  - van_ban: ke-hoach-mau\n    nhiem_vu: nv-2")
    bad = bad.replace("  - chi-thi-11-ct-tw\n", "  - chi-thi-11-ct-t\n")
    errors = topic_errors(tmp_path, bad)
    messages = sorted(e.message for e in errors)
    assert messages == ["Không tìm thấy nhiệm vụ của Kế hoạch mẫu có mã `nv-2`",
                        "Không tìm thấy văn bản có mã `chi-thi-11-ct-t`"]
    assert all("có phải ý bạn là" in e.hint for e in errors)


def test_quoting_a_document_without_text_is_refused(tmp_path):
    bad = TOPIC.replace("  - van_ban: ke-hoach-mau\n    muc: i\n", "  - van_ban: chi-thi-11-ct-tw\n    muc: i\n")
    (err,) = topic_errors(tmp_path, bad)
    assert "chưa có toàn văn" in err.message and (err.line, err.col) == (8, 14)


def test_unknown_model_and_duplicate_step(tmp_path):
    bad = TOPIC.replace("van_ban:\n  - chi-thi", "mo_hinh:\n  - don-vi-hoc-tapp\nvan_ban:\n  - chi-thi")
    bad = bad.replace("    viec: In tài liệu\n", "    viec: In tài liệu\n  - id: in\n    viec: Lần nữa\n")
    messages = sorted(e.message for e in topic_errors(tmp_path, bad))
    assert messages == ["Không tìm thấy mô hình học tập có mã `don-vi-hoc-tapp`", "Mã việc `in` bị trùng"]


def test_check_command_prints_file_line_col(tmp_path):
    data = make_data(tmp_path, {"chuyen-de/chuyen-de-mau.yml": TOPIC.replace("muc: i\n", "muc: ii\n")})
    result = run_camnang("check", "--data", str(data))
    assert result.returncode == 1
    assert "chuyen-de-mau.yml:9:10: lỗi: Không tìm thấy mục của Kế hoạch mẫu có mã `ii`" in result.stderr


def test_topic_pages(handbook, built_site):
    index = page_text(built_site / "chuyen-de" / "index.html")
    for topic in handbook.topics.values():
        assert topic.title in index
        html = (built_site / "chuyen-de" / f"{topic.id}.html").read_text("utf-8")
        assert f'href="../pdf/{topic.id}.pdf"' in html and (built_site / "pdf" / f"{topic.id}.pdf").is_file()
        assert html.count('class="cn-checklist-item"') == len(topic.preparation)
        assert f'data-checklist="chuyen-de-{topic.id}"' in html
        text = page_text(built_site / "chuyen-de" / f"{topic.id}.html")
        for quote in topic.quotes:
            doc = handbook.documents[quote.document_id]
            for clause in doc.clause_index[quote.clause_id].walk():
                if clause.text:
                    assert " ".join(clause.text.split()) in text, (topic.id, clause.id)
        for question in topic.questions:
            assert question in text
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="pdf/cam-nang.pdf"' in home and (built_site / "pdf" / "cam-nang.pdf").is_file()


def test_topic_page_escapes_markup(tmp_path):
    from camnang.render.topic import topic_page

    evil = TOPIC.replace("gioi_thieu: Giới thiệu.", 'gioi_thieu: "<script>alert(1)</script> *đậm* [x](javascript:y)"')
    hb = load_handbook(make_data(tmp_path, {"chuyen-de/chuyen-de-mau.yml": evil})).handbook
    page = topic_page(hb, hb.topics["chuyen-de-mau"])
    assert "<script>" not in page and "&lt;script&gt;" in page and r"\*đậm\*" in page
