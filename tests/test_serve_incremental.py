"""`camnang serve` (a real process, on a copy of the data): a saved YAML file reaches the served
pages, every served page is the page `camnang build` writes for the same data, and a saved error
is shown in Vietnamese on the page and in the terminal, then cleared when fixed.

The delays are printed (`pytest -s`), never asserted: `make bench` records them at 300 plans.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
import shutil
import sys
import time
import urllib.error

import pytest
from conftest import ROOT, run_camnang

from camnang.search import fold

sys.path.insert(0, str(ROOT / "scripts"))
from serve_probe import Served, wait_until, without_preview_additions  # scripts/serve_probe.py

pytestmark = pytest.mark.slow  # starts camnang serve and waits for rebuilds: left out by `make test-fast`

PLAN = "van-ban/ke-hoach-hkh-thai-binh-2023"
ISSUER = "co-quan/hoi-khuyen-hoc-tinh-thai-binh"
ISSUED = "van-ban/chuong-trinh-hanh-dong-41-ctrhd-hkh"  # a document that Hội issued
TASK_WORDS = "Tổ chức Hội thảo trực tiếp và trực tuyến"  # a task of the plan (its YAML, line 252)
NEW_TASK_WORDS = "Tổ chức Hội thảo trực tiếp, trực tuyến và tại chỗ (sửa thử)"
NEW_ISSUER_NAME = "Hội Khuyến học tỉnh Thái Bình (tên sửa thử)"
KIND_MATE = "van-ban/chi-thi-15-ct-ubnd"  # copied under another number: a new document of a kind the site has
ADDED, ADDED_NUMBER = "van-ban/chi-thi-99-ct-ubnd-thu", "99/CT-UBND"
ADDED_WORD = "xemtrướcthử"  # in the added document only: the served search index must follow
USES_VPTW = "van-ban/ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49"  # the one page using "VPTW" but the glossary
INDEXED = "Đã ghi lại chỉ mục tìm kiếm"  # what the server prints when the index of a save is in


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    shutil.copytree(ROOT / "data", tmp / "data")
    server = Served(tmp / "data", tmp)
    yield server, tmp
    server.stop()


def test_a_save_reaches_the_pages_and_every_page_equals_the_full_build(served):
    server, tmp = served
    data = tmp / "data"
    assert NEW_TASK_WORDS not in server.get(f"{PLAN}.html")
    delay = server.save_and_wait(data / f"{PLAN}.yml", TASK_WORDS, NEW_TASK_WORDS, f"{PLAN}.html", NEW_TASK_WORDS)
    print(f"\nsửa một nhiệm vụ: trang kế hoạch mới sau {delay:.2f} giây")
    # A change that reaches other records' pages: the issuer's name is on its documents' pages and the lists.
    issuer = data / f"{ISSUER}.yml"
    old_name = next(line.split(":", 1)[1].strip() for line in issuer.read_text("utf-8").splitlines()
                    if line.startswith("ten:"))
    delay = server.save_and_wait(issuer, f"ten: {old_name}", f"ten: {NEW_ISSUER_NAME}", f"{ISSUED}.html",
                                 NEW_ISSUER_NAME)
    # Its own page and its documents' pages are shown first; the lists follow from the full comparison.
    own = server.wait_for(f"{ISSUER}.html", NEW_ISSUER_NAME, timeout=5)
    listed = server.wait_for("van-ban/theo-co-quan.html", NEW_ISSUER_NAME)
    print(f"đổi tên cơ quan: trang văn bản do cơ quan ban hành mới sau {delay:.2f} giây, trang cơ quan sau đó "
          f"{own:.2f} giây, danh sách theo cơ quan sau đó {listed:.2f} giây")
    assert "Đã cập nhật" in server.stdout() and "Không dựng PDF" in server.get("index.html")

    built = run_camnang("build", "--data", str(data), "--site", str(tmp / "site"))
    assert built.returncode == 0, built.stderr
    pages = sorted(p.relative_to(tmp / "site").as_posix() for p in (tmp / "site").rglob("*.html"))
    assert len(pages) > 50
    differing = [uri for uri in pages
                 if without_preview_additions(server.get(uri)) != (tmp / "site" / uri).read_text("utf-8")]
    assert differing == []


def test_a_document_added_then_removed_changes_its_page_and_the_lists_not_every_page(served):
    """A new YAML file (an imported plan) is a page added: it is served, the lists show it, and the
    other pages are not rebuilt (the navigation holds no document); removed, it leaves the site.
    Each time, every served page is the page `camnang build` writes for the same data."""
    server, tmp = served
    data = tmp / "data"
    source = (data / f"{KIND_MATE}.yml").read_text("utf-8")
    assert source.count("chi-thi-15-ct-ubnd") == 1 and "15/CT-UBND" in source
    added = data / f"{ADDED}.yml"
    updates, indexed = server.stdout().count("Đã cập nhật"), server.stdout().count(INDEXED)
    assert not served_index_has(server, ADDED_WORD)
    added.write_text(source.replace("chi-thi-15-ct-ubnd", ADDED.removeprefix("van-ban/"))
                     .replace("15/CT-UBND", ADDED_NUMBER).replace("về “Tiếp tục", f"về “{ADDED_WORD} tiếp tục"), "utf-8")
    delay = server.wait_for(f"{ADDED}.html", ADDED_NUMBER)  # its own page first
    listed = server.wait_for("van-ban/index.html", ADDED_NUMBER)
    print(f"\nthêm một văn bản: trang mới sau {delay:.2f} giây, danh sách sau đó {listed:.2f} giây")
    server.wait_for_output("Đã cập nhật", count=updates + 1)  # the server's line for this save
    summary = server.stdout().splitlines()[-1]
    assert "Đã cập nhật" in summary and "toàn bộ" not in server.stdout(), summary
    assert int(re.search(r"Đã cập nhật (\d+) trang", summary)[1]) < 50, summary  # the site has hundreds
    assert wait_until(lambda: served_index_has(server, ADDED_WORD))  # by a worker, once saves pause
    assert server.stdout().count(INDEXED) > indexed
    assert_served_equals_build(server, tmp)

    added.unlink()
    delay = server.wait_for("van-ban/index.html", ADDED_NUMBER, present=False)
    print(f"bỏ văn bản ấy: danh sách không còn sau {delay:.2f} giây")
    assert server.text_of(f"{ADDED}.html") == "" and "toàn bộ" not in server.stdout()
    assert wait_until(lambda: not served_index_has(server, ADDED_WORD))
    assert_served_equals_build(server, tmp)


def test_an_abbreviation_explained_anew_rebuilds_the_pages_using_it_not_the_site(served):
    """A glossary entry's explanation is every <abbr> mark of the term: the pages showing the
    term (found in the served files) are rebuilt with the new mark, without a full build."""
    server, tmp = served
    term = tmp / "data" / "thuat-ngu" / "vptw.yml"
    old, new = "dien_giai: Văn phòng Trung ương Đảng", "dien_giai: Văn phòng Trung ương Đảng (giải nghĩa sửa thử)"
    updates = server.stdout().count("Đã cập nhật")
    builds = server.stdout().count("toàn bộ")
    assert '<abbr title="Văn phòng Trung ương Đảng">VPTW</abbr>' in server.get(f"{USES_VPTW}.html")
    delay = server.save_and_wait(term, old, new, f"{USES_VPTW}.html",
                                 '<abbr title="Văn phòng Trung ương Đảng (giải nghĩa sửa thử)">VPTW</abbr>')
    print(f"\nsửa giải nghĩa một chữ viết tắt: trang dùng chữ ấy mới sau {delay:.2f} giây")
    server.wait_for_output("Đã cập nhật", count=updates + 1)
    summary = server.stdout().splitlines()[-1]
    assert server.stdout().count("toàn bộ") == builds, summary
    assert int(re.search(r"Đã cập nhật (\d+) trang", summary)[1]) < 10, summary  # the site has over a hundred
    assert "(giải nghĩa sửa thử)" in server.get("thuat-ngu.html")
    assert_served_equals_build(server, tmp)


def served_index_has(server, word: str) -> bool:
    """Whether the served sharded index holds `word` (its folded key, in the shard timkiem.js reads)."""
    def data(path: str):
        text = server.get(f"search/tk/{path}")
        return json.loads(text[text.index(",") + 1:text.rindex(")")])

    key = fold(word.lower())
    for _ in range(100):  # a meta.js read just before the index was swapped names old shards
        meta = data("meta.js")
        common = next((n for n, keys in enumerate(meta["common"]) if key in keys), None)
        path = f"c/{common}.js" if common is not None else f"t/{bisect.bisect_right(meta['shards'], key) - 1}.js"
        with contextlib.suppress(urllib.error.HTTPError):
            return key in data(path)
        time.sleep(0.05)
    raise AssertionError(f"search/tk/{path}: không đọc được")


def assert_served_equals_build(server, tmp):
    built = run_camnang("build", "--data", str(tmp / "data"), "--site", str(tmp / "site"))
    assert built.returncode == 0, built.stderr
    pages = sorted(p.relative_to(tmp / "site").as_posix() for p in (tmp / "site").rglob("*.html"))
    assert len(pages) > 50
    served_pages = [uri for uri in pages if server.text_of(uri)]
    assert served_pages == pages
    differing = [uri for uri in pages
                 if without_preview_additions(server.get(uri)) != (tmp / "site" / uri).read_text("utf-8")]
    assert differing == []


def test_a_saved_error_is_shown_on_the_page_and_in_the_terminal_then_cleared(served):
    server, tmp = served
    plan = tmp / "data" / f"{PLAN}.yml"
    good = plan.read_text("utf-8")
    date_line = next(line for line in good.splitlines() if line.startswith("ngay_ban_hanh:"))
    plan.write_text(good.replace(date_line, "ngay_ban_hanh: 2023-13-05", 1), "utf-8")
    delay = server.wait_for("index.html", "Ngày không có thật")
    print(f"\nlỗi hiện trên trang sau {delay:.2f} giây")
    page = server.get(f"{PLAN}.html")
    assert "Dữ liệu có lỗi" in page and "ke-hoach-hkh-thai-binh-2023.yml:" in page and "lỗi: Ngày không có thật" in page
    assert "lỗi: Ngày không có thật: `2023-13-05`" in server.stderr()
    assert server.process.poll() is None  # still serving
    plan.write_text(good, "utf-8")
    server.wait_for("index.html", "Ngày không có thật", present=False)
    assert "Dữ liệu có lỗi" not in server.get(f"{PLAN}.html")
