"""Citations become links: on the built pages (document, plan, model, topic), in the printed handbook,
and cited documents the handbook lacks are listed on "Việc cần bổ sung"."""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, page_text, run_camnang
from pypdf import PdfReader

from camnang import export
from camnang.render.citelinks import linked
from camnang.typstc import compile_pdf
from camnang.vntext import md


class _Element(HTMLParser):
    """Links (href, text) inside the element with a given id."""

    def __init__(self, element_id: str):
        super().__init__()
        self.element_id, self.depth, self.links, self._href, self._text = element_id, 0, [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
        elif attrs.get("id") == self.element_id:
            self.depth = 1
        if self.depth and tag == "a":
            self._href, self._text = attrs.get("href"), []

    def handle_endtag(self, tag):
        if self.depth and tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def links_in(page: Path, element_id: str) -> list[tuple[str, str]]:
    parser = _Element(element_id)
    parser.feed(page.read_text("utf-8"))
    return [(href, html.unescape(text)) for href, text in parser.links if text.strip() != "¶"]


def test_clause_citing_ket_luan_49_links_to_its_page(built_site):
    plan = built_site / "van-ban" / "ke-hoach-duk-khuyen-hoc-2022-2025.html"
    links = links_in(plan, "i-1-g1")
    assert ("ket-luan-49-kl-tw.html",
            "Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư Trung ương Đảng khóa XII") in links
    assert ("chi-thi-11-ct-tw.html", "Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị khóa X") in links
    assert (built_site / "van-ban" / "ket-luan-49-kl-tw.html").is_file()


def test_short_forms_link_too(built_site):
    plan = built_site / "van-ban" / "ke-hoach-hkh-thai-binh-2023.html"
    assert links_in(plan, "ii-1-3") == [("quyet-dinh-387-qd-ttg.html", "Chương trình 387"),
                                        ("quyet-dinh-677-qd-ttg.html", "Chương trình 677")]
    duk = built_site / "van-ban" / "ke-hoach-duk-khuyen-hoc-2022-2025.html"
    assert ("chuong-trinh-phoi-hop-01-ctph-dukccqtw-hkvn.html", "Chương trình 01") in links_in(duk, "mo-dau")


def test_the_words_stay_verbatim(built_site, handbook):
    plan = handbook.documents["ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49"]
    page = built_site / "van-ban" / "ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49.html"
    text = page_text(page, "toan-van")
    for clause in plan.all_clauses():
        if clause.text:
            assert unicodedata.normalize("NFC", " ".join(clause.text.split())) in text, clause.id


def test_a_document_page_does_not_link_to_itself(built_site, handbook):
    for doc in handbook.documents.values():
        raw = (built_site / "van-ban" / f"{doc.id}.html").read_text("utf-8")
        article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', raw, re.S).group(1)
        assert f'href="{doc.id}.html"' not in article, doc.id


def test_model_and_topic_pages_link_citations(built_site):
    model = built_site / "mo-hinh" / "don-vi-hoc-tap-co-quan.html"
    assert '<a href="../van-ban/ket-luan-49-kl-tw.html">Kết luận 49-KL/TW của Ban Bí thư</a>' in model.read_text("utf-8")
    topic = (built_site / "chuyen-de" / "quan-triet-chi-thi-11-ket-luan-49.html").read_text("utf-8")
    assert re.search(r'<blockquote>.*?<a href="../van-ban/chi-thi-11-ct-tw.html">Chỉ thị số 11-CT/TW', topic, re.S)


def test_linked_markdown_is_md_plus_links(handbook):
    """Removing the links gives exactly what md() gives: nothing else changes in the words."""
    plan = handbook.documents["ke-hoach-hkh-thai-binh-2023"]
    texts = [c.text for c in plan.all_clauses() if c.text]
    texts += ["Chỉ thị 11-CT/TW, ngày 13/4/2007 *đậm* <b>x</b> [a](b) | ô", " Kết luận 49-KL/TW ", "a\nKết luận 49-KL/TW\nb"]
    linked_count = 0
    for text in texts:
        out = linked(handbook, plan.url, text, plan.id)
        linked_count += out.count("](")
        assert re.sub(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)", r"\1", out) == md(text), text
    # by hand: opening 6 (198, Đại hội XIII, Đại hội VI, 41, Đại hội V, 15/CT-UBND), II.1.3 2 (387, 677),
    # II.1.5 2 (222, Đại hội V), II.2.2 gạch 6 3 (186, Đề án → 1373, Thông tư 22), gạch 10 3 (Đại hội VI,
    # 387, 677); the three extra texts 1 each
    assert linked_count == 19


@pytest.mark.slow
def test_printed_handbook_links_citations_to_the_document(handbook, tmp_path):
    docs = list(export.volumes(handbook)[0])
    data = export.handbook(handbook, docs, 1, [])
    duk = next(d for d in data["documents"] if d["id"] == "ke-hoach-duk-khuyen-hoc-2022-2025")
    segments = duk["clauses"][1]["children"][0]["children"][0]["segments"]  # I.1, gạch 1
    assert {"text": "Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư Trung ương Đảng khóa XII",
            "to": "ket-luan-49-kl-tw", "url": ""} in segments
    assert "".join(s["text"] for s in segments) == duk["clauses"][1]["children"][0]["children"][0]["text"]
    pdf = tmp_path / "cam-nang.pdf"
    pdf.write_bytes(compile_pdf("cam-nang.typ", data))
    reader = PdfReader(pdf)
    target = reader.named_destinations["vb-ket-luan-49-kl-tw"]
    target_page = reader.get_destination_page_number(target)
    assert "Kết luận 49-KL/TW" in reader.pages[target_page].extract_text()
    plan_pages = [i for i, p in enumerate(reader.pages)
                  if "trong Đảng bộ Khối thực hiện Kết luận số 49-KL/TW" in " ".join(p.extract_text().split())]
    assert plan_pages
    dests = []
    for i in plan_pages:
        for annot in reader.pages[i].get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            dests.append(annot.get("/Dest") or (action.get_object().get("/D") if action is not None else None))
    assert "vb-ket-luan-49-kl-tw" in dests


@pytest.mark.slow
def test_gaps_page_lists_cited_documents_the_handbook_lacks(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    plan = data / "van-ban" / "ke-hoach-duk-khuyen-hoc-2022-2025.yml"
    text = plan.read_text("utf-8")
    old = "đẩy mạnh phong trào tự học tập trong cơ quan, đơn vị."
    assert text.count(old) == 1
    plan.write_text(text.replace(old, old + " Thực hiện Quyết định số 9999/QĐ-TTg ngày 01/02/2020 của Thủ tướng "
                                            "Chính phủ và Kết luận 77."), "utf-8")
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    gaps = page_text(tmp_path / "site" / "viec-can-bo-sung.html")
    section = gaps.split("Văn bản được dẫn nhưng chưa có trong cẩm nang (2)", 1)[1].split("##", 1)[0]
    assert "Quyết định 9999/QĐ-TTg ngày 1/2/2020; của Thủ tướng Chính phủ" in section
    assert "Kết luận 77" in section
    assert "Kế hoạch khuyến học của Đảng ủy Khối các cơ quan Trung ương giai đoạn 2022-2025, mục II.2.2" in section
    raw = (tmp_path / "site" / "viec-can-bo-sung.html").read_text("utf-8")
    assert 'href="van-ban/ke-hoach-duk-khuyen-hoc-2022-2025.html#ii-2-2"' in raw


def test_real_gaps_page_has_no_missing_cited_document(built_site):
    gaps = page_text(built_site / "viec-can-bo-sung.html")
    assert "Văn bản được dẫn nhưng chưa có trong cẩm nang (0)" in gaps


def test_topic_handout_links_to_the_document_in_the_printed_handbook(handbook, tmp_path):
    topic = handbook.topics["quan-triet-chi-thi-11-ket-luan-49"]
    pdf = tmp_path / "chuyen-de.pdf"
    pdf.write_bytes(compile_pdf("chuyen-de.typ", export.topic_pdf_input(handbook, topic)))
    uris = set()
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get_object().get("/URI"):
                uris.add(str(action.get_object()["/URI"]))
    # the handout quotes seed 000's clause citing Kết luận 49 and Chỉ thị 11; both are printed in cam-nang.pdf
    assert {"cam-nang.pdf#nameddest=vb-ket-luan-49-kl-tw", "cam-nang.pdf#nameddest=vb-chi-thi-11-ct-tw"} <= uris


def test_a_document_printed_in_another_volume_is_linked_by_file(handbook):
    """In volume N, a document printed elsewhere is reached through that volume's file and destination."""
    links = export.Links(handbook, present={"ke-hoach-duk-khuyen-hoc-2022-2025"})
    segments = links.segments("theo Chỉ thị 14/CT-TTg ngày 25/5/2021 và Kế hoạch khuyến học")
    assert segments == [
        {"text": "theo ", "to": "", "url": ""},
        {"text": "Chỉ thị 14/CT-TTg ngày 25/5/2021", "to": "", "url": "cam-nang.pdf#nameddest=vb-chi-thi-14-ct-ttg"},
        {"text": " và Kế hoạch khuyến học", "to": "", "url": ""},
    ]
