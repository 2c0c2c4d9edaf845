"""At scale: the synthetic corpus is valid and reproducible, and a large handbook is printed in
volumes — checked on a real `camnang build` of synthetic data, the PDFs read back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, page_text, run_camnang, synthetic_data, synthetic_site
from pypdf import PdfReader
from test_pdf import flat, pdf_text

from camnang import export
from camnang.loader import load_handbook
from camnang.pdf import PdfError, _compile_in_worker
from camnang.search import new_tones, search_key
from camnang.searchindex import ShardedIndex

pytestmark = pytest.mark.slow  # generates and builds synthetic corpora: left out by `make test-fast`

PLANS = 40  # enough synthetic plans for more than one volume at the default volume size


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("scale")
    synthetic_site(PLANS, tmp)
    return tmp


def test_synthetic_corpus_is_valid_and_the_same_for_the_same_size(tmp_path):
    for name in ("a", "b"):
        synthetic_data(3, tmp_path / name)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yml"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    added = len(files) - len(list((ROOT / "data").rglob("*.yml")))
    assert added >= 3  # three plans (and their organisations)
    assert run_camnang("check", "--data", str(tmp_path / "a")).returncode == 0


def test_volumes_keep_order_and_size_and_hold_each_document_once(handbook):
    capacity = 20_000
    volumes = export.volumes(handbook, capacity)
    assert len(volumes) > 2
    in_order = [d.id for group in volumes for d in group]
    assert sorted(in_order) == sorted(handbook.documents) and len(set(in_order)) == len(in_order)
    for group in volumes:
        assert len(group) == 1 or sum(export.printed_size(d) for d in group) <= capacity
    assert [[d.id for d in g] for g in export.volumes(handbook)] == [in_order]  # the real handbook: one volume


def volumes_on_page(site: Path) -> dict[str, list[str]]:
    """PDF file → document names, as the "Bản in PDF" page lists them."""
    raw = (site / "ban-in.html").read_text("utf-8")
    out = {}
    for section in re.split(r"<h3 ", raw)[1:]:
        name = re.search(r'href="pdf/(cam-nang[^"]*\.pdf)"', section).group(1)
        out[name] = [flat(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r'<li><a href="van-ban/[^"]+">(.*?)</a>', section)]
    return out


def test_a_large_handbook_is_printed_in_volumes(big_site):
    site, hb = big_site / "site", load_handbook(big_site / "data").handbook
    volumes = volumes_on_page(site)
    assert next(iter(volumes)) == "cam-nang.pdf" and len(volumes) >= 2
    listed = [name for names in volumes.values() for name in names]
    assert sorted(listed) == sorted(flat(d.short_name) for d in hb.documents.values())
    for number, (name, docs) in enumerate(volumes.items(), 1):
        reader = PdfReader(site / "pdf" / name)
        assert reader.metadata.title.endswith(f"Tập {number}/{len(volumes)}")
        text = pdf_text(reader)
        assert all(doc in text for doc in docs), name
        assert ("Chuyên đề sinh hoạt chi bộ" in text) == (number == 1)  # topics only in volume 1
    first = pdf_text(site / "pdf" / "cam-nang.pdf")
    assert "Các tập của bản in" in first and all(f"tệp {name}" in first for name in volumes)


def test_the_printouts_page_links_every_pdf_the_build_wrote(big_site):
    site = big_site / "site"
    linked = set(re.findall(r'href="pdf/([^"]+\.pdf)"', (site / "ban-in.html").read_text("utf-8")))
    assert linked == {p.name for p in (site / "pdf").glob("*.pdf")}
    assert "Cẩm nang lớn nên bản in chia thành" in page_text(site / "ban-in.html")


def test_a_failing_worker_reports_typst_message_without_traceback():
    with pytest.raises(PdfError) as failure:
        _compile_in_worker("khong-co-mau.typ", {})
    message = str(failure.value)
    assert "khong-co-mau.typ" in message and "Traceback" not in message


def test_every_word_of_every_synthetic_plan_body_is_in_the_shards(big_site):
    """The sharded index keeps the full text at any size: each clause's words (from synth.py's
    own records, not from the index) are filed for an entry of its plan's page."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth

    shards = ShardedIndex(big_site / "site" / "search")
    for index in (0, PLANS // 2, PLANS - 1):
        record, _ = synth.plan(index)
        number = shards.page_number(f"van-ban/{record['id']}.html")
        mine = set(shards.page_entries(number))
        clauses = [item["van_ban"] for quarter in record["noi_dung"][1]["muc"] for item in quarter["muc"]]
        for word in set(re.findall(r"\w+", " ".join(clauses))):
            assert mine & set(shards.find(search_key(word), new_tones(word.lower()))), word


def test_each_document_page_links_the_volume_that_prints_it(big_site, built_site):
    site, hb = big_site / "site", load_handbook(big_site / "data").handbook
    by_name = {flat(d.short_name): d for d in hb.documents.values()}
    volumes = volumes_on_page(site)
    for number, (name, docs) in enumerate(volumes.items(), 1):
        for doc_name in docs:
            page = (site / by_name[doc_name].url).with_suffix(".html").read_text("utf-8")
            assert f'<a href="../pdf/{name}" download>Tập {number}/{len(volumes)} của cẩm nang (PDF)</a>' in page
    real = (built_site / "van-ban" / "ket-luan-49-kl-tw.html").read_text("utf-8")
    assert '<a href="../pdf/cam-nang.pdf" download>Cẩm nang (PDF)</a>' in real


def test_a_province_prints_its_own_plans(big_site):
    """Every synthetic plan is in its province's volume, as synth.py's own table of the 2025 arrangement
    places it (not camnang's reading of dia_ban and ke_thua); the national volume holds no local plan."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth

    volumes = volumes_on_page(big_site / "site")
    for i in range(PLANS):
        record, _ = synth.plan(i)
        if int(record["giai_doan"]) >= synth.NEW_MAP_FROM:
            kind, name, _ = synth.NEW_MAP[i % len(synth.NEW_MAP)]
            province = synth.unit_id(kind, name)
        else:
            province = synth.FORMER[i % len(synth.FORMER)][3]
        assert flat(record["ten_ngan"]) in volumes[f"cam-nang-{province}.pdf"], (i, province)
    assert not [name for name in volumes["cam-nang.pdf"] if "tổng hợp" in name]
    assert "Tập 2 — thành phố" in page_text(big_site / "site" / "ban-in.html")


def test_markdown_escaping_is_the_regex_it_replaced():
    """vntext._backslash_escaped (a replace per character, for speed) equals the regex substitution."""
    import random

    from camnang import vntext

    rng = random.Random(15)
    alphabet = "ađ Ư.-()#|\\`*_{}[]!+&<>\"'x\n\u2028="
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(5000)]
    texts += ["\\\\.", "\\*", "***", "a\\", "(1).", "- [x]", "#1"]
    for text in texts:
        assert vntext._backslash_escaped(text) == vntext._MD_BACKSLASH.sub(r"\\\1", text), text


def test_the_benchmark_measures_a_build_of_data_outside_the_repository(tmp_path):
    """`make bench` measures each corpus in a child process (`bench.py --child`); its data lies
    outside the repository, where git answers "not a repository" on stderr (make bench once failed
    there). The child reports the build and the Typst workers' own memory peaks."""
    data = synthetic_data(5, tmp_path / "data")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--child", str(data)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["documents"] > len(load_handbook(ROOT / "data").handbook.documents)
    assert measured["pdf_files"] >= 1 and measured["typst_peak_mb"] > 0 and measured["build_s"] > 0
