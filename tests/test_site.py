"""The real handbook, built by `camnang build` with a strict MkDocs build, read back as HTML."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, page_text, run_camnang
from datasets import DIRECTIVE, make_data

RESIDUE = {"0:00 / 0:00", "0:00"}


def seed_units(path: Path) -> list[str]:
    """Every line of a seed as a reader sees it, page-break splits rejoined, cut into sentences."""
    lines = [ln.strip() for ln in path.read_text("utf-8").splitlines()]
    lines = [ln.replace("*", "").strip() for ln in lines if ln.strip() and ln.strip() not in RESIDUE]
    joined: list[str] = []
    for line in lines:
        if joined and line[0].islower() and not re.search(r"[.:;!?”\"]$", joined[-1]):
            joined[-1] += " " + line  # a paragraph cut by a page break in the source
        else:
            joined.append(line)
    units = []
    for line in joined:
        line = re.sub(r"^- ", "", line)
        for sentence in re.split(r"(?<=[.;!?])\s+", line):
            sentence = sentence.strip().rstrip(",;").strip()
            if sentence:
                units.append(unicodedata.normalize("NFC", re.sub(r"\s+", " ", sentence)))
    return units


def seed_pages(handbook) -> dict[str, str]:
    """Seed file name → id of the document transcribed from it (found through `nguon`)."""
    found = {}
    for doc in handbook.documents.values():
        if doc.verification == "toan_van":
            for source in doc.sources:
                if source.file:
                    found[source.file] = doc.id
    return found


def test_every_seed_has_its_own_page(handbook, built_site):
    pages = seed_pages(handbook)
    assert sorted(pages) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for doc_id in pages.values():
        assert (built_site / "van-ban" / f"{doc_id}.html").is_file()


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_sentence_of_the_seed_is_on_its_page(handbook, built_site, seed):
    doc_id = seed_pages(handbook)[seed]
    text = page_text(built_site / "van-ban" / f"{doc_id}.html")
    missing = [u for u in seed_units(SEEDS / seed) if u not in text]
    assert not missing, f"{len(missing)} câu của {seed} không có trên trang {doc_id}: {missing[:5]}"


def test_video_residue_is_dropped(handbook, built_site):
    doc_id = seed_pages(handbook)["003_b518df90e3f7bd27.txt"]
    full_text = page_text(built_site / "van-ban" / f"{doc_id}.html", section="toan-van").split("Nguồn")[0]
    assert "Quang cảnh lễ ký kết." in full_text and "0:00" not in full_text


def links_of(page: Path) -> set[str]:
    return set(re.findall(r'href="([^"#]+\.html)(?:#[^"]*)?"', page.read_text("utf-8")))


def test_conclusion_49_lists_what_implements_or_cites_it(handbook, built_site):
    page = built_site / "van-ban" / "ket-luan-49-kl-tw.html"
    expected = {f"{r.source_id}.html" for r in handbook.implementers("ket-luan-49-kl-tw")}
    assert expected, "Kết luận 49 phải có văn bản triển khai"
    html = page.read_text("utf-8")
    section = html.split('id="trien-khai"', 1)[1]
    assert expected <= set(re.findall(r'href="([^"#/]+\.html)', section))


def test_plans_link_back_to_conclusion_49(handbook, built_site):
    for rel in handbook.implementers("ket-luan-49-kl-tw"):
        page = built_site / "van-ban" / f"{rel.source_id}.html"
        assert "ket-luan-49-kl-tw.html" in links_of(page), rel.source_id


def test_directive_11_and_conclusion_49_are_linked_both_ways(built_site):
    ct11 = built_site / "van-ban" / "chi-thi-11-ct-tw.html"
    kl49 = built_site / "van-ban" / "ket-luan-49-kl-tw.html"
    assert "ket-luan-49-kl-tw.html" in links_of(ct11)
    assert "chi-thi-11-ct-tw.html" in links_of(kl49)


def test_every_clause_has_an_anchor_and_a_permalink(handbook, built_site):
    for doc in handbook.documents.values():
        if not doc.has_text:
            continue
        html = (built_site / "van-ban" / f"{doc.id}.html").read_text("utf-8")
        for clause in doc.all_clauses():
            assert f'id="{clause.id}"' in html, (doc.id, clause.id)
            if clause.text and not clause.heading:
                assert f'href="#{clause.id}"' in html, (doc.id, clause.id)


def test_unknown_fields_read_chua_ro(built_site):
    text = page_text(built_site / "van-ban" / "ke-hoach-hkh-thai-binh-2023.html")
    # Every unknown fact on one line (issue 14 §3): the record has no số ký hiệu and no date.
    assert re.search(r"Chưa rõ: (trích yếu; )?số, ký hiệu; ngày ban hành\b", text)


def test_edit_link_points_to_the_yaml_file(built_site):
    html = (built_site / "van-ban" / "ket-luan-49-kl-tw.html").read_text("utf-8")
    assert re.search(r'href="[^"]*/edit/main/data/van-ban/ket-luan-49-kl-tw\.yml"[^>]*title="Sửa trang này"', html)


def test_dates_are_vietnamese(built_site):
    text = page_text(built_site / "van-ban" / "ket-luan-49-kl-tw.html")
    assert "Ngày ban hành: 10/5/2019" in text


def test_abbreviations_expand_on_hover(built_site):
    html = (built_site / "van-ban" / "ke-hoach-hkh-thai-binh-2023.html").read_text("utf-8")
    assert re.search(r'<abbr title="[^"]+">BCĐ XD XHHT</abbr>', html)


def test_no_request_leaves_the_site(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        loads = re.findall(r'<script[^>]+src="([^"]+)"|<img[^>]+src="([^"]+)"|<link(?![^>]*rel="canonical")[^>]+href="([^"]+)"', html)
        external = [u for group in loads for u in group if re.match(r"(https?:)?//", u)]
        assert not external, (page, external)
        assert "fonts.googleapis" not in html and 'data-md-component="source"' not in html


def test_organisations_listed_in_vietnamese_order(built_site):
    # Code-point order would put "Đ" after "T"; Vietnamese order puts it right after "D".
    html = (built_site / "co-quan" / "index.html").read_text("utf-8")
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', html)
    first = {prefix: next(i for i, n in enumerate(names) if n.startswith(prefix)) for prefix in ("Bộ", "Đảng", "Hội", "Thủ")}
    assert first["Bộ"] < first["Đảng"] < first["Hội"] < first["Thủ"], names


@pytest.mark.slow
def test_same_input_gives_identical_html(built_site, tmp_path):
    again = tmp_path / "site"
    result = run_camnang("build", "--data", str(ROOT / "data"), "--site", str(again))
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*.html")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.html")}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.slow
def test_html_in_data_is_escaped(tmp_path):
    data = make_data(tmp_path, {"van-ban/chi-thi-11-ct-tw.yml": DIRECTIVE.replace(
        "về tăng cường", 'về <script>alert("x")</script> <b>đậm</b> *nghiêng* [liên kết](javascript:alert(1)) tăng cường')})
    site = tmp_path / "site"
    result = run_camnang("build", "--data", str(data), "--site", str(site), "--cho-phep-canh-bao")
    assert result.returncode == 0, result.stderr
    assert "thẻ HTML" in result.stderr  # reported as a warning
    html = (site / "van-ban" / "chi-thi-11-ct-tw.html").read_text("utf-8")
    assert "<script>alert" not in html and "<b>đậm</b>" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert" in html and "*nghiêng*" in html


@pytest.mark.slow
def test_bad_data_fails_and_keeps_the_old_site(tmp_path):
    data = make_data(tmp_path)
    site = tmp_path / "site"
    assert run_camnang("build", "--data", str(data), "--site", str(site)).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (data / "van-ban" / "chi-thi-11-ct-tw.yml").write_text(DIRECTIVE.replace("loai: Chỉ thị", "loai: [Chỉ thị"), "utf-8")
    result = run_camnang("build", "--data", str(data), "--site", str(site))
    assert result.returncode == 1
    assert "chi-thi-11-ct-tw.yml:2:" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".camnang-build-*"))


def test_check_command(tmp_path):
    ok = run_camnang("check", "--data", str(make_data(tmp_path)))
    assert ok.returncode == 0 and "Dữ liệu hợp lệ" in ok.stdout
    broken = make_data(tmp_path / "b", {"van-ban/chi-thi-11-ct-tw.yml": DIRECTIVE + "cap: Tỉnh\n"})
    bad = run_camnang("check", "--data", str(broken))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert re.search(r"chi-thi-11-ct-tw\.yml:12:1: lỗi: Khóa `cap` lặp lại", bad.stderr)
