"""Vietnamese search in real Chromium, through Material's own search box, online and from disk,
at the real handbook and at 1,000 synthetic plans."""

from __future__ import annotations

import bisect
import os
import random
import re
import subprocess
import sys
import unicodedata
import zipfile

import pytest
from conftest import ROOT, national_shape, synthetic_site
from hypothesis import given, settings
from hypothesis import strategies as st
from static_server import serve_static

from camnang import searchindex
from camnang.search import fold, new_tones, old_tones, search_key
from camnang.searchindex import ShardedIndex

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731  (as some keyboards type)

# Query as a reader types it → the page it must bring up among the first three results.
QUERIES = [
    ("thang khuyen hoc", "van-ban/ke-hoach-hkh-thai-binh-2023.html"),
    ("Tháng Khuyến học", "van-ban/ke-hoach-hkh-thai-binh-2023.html"),
    ("Đảng uỷ Khối các cơ quan Trung ương", "co-quan/dang-uy-khoi-cac-co-quan-trung-uong.html"),
    ("dang uy khoi cac co quan trung uong", "co-quan/dang-uy-khoi-cac-co-quan-trung-uong.html"),
    (NFD("Đảng ủy Khối các cơ quan Trung ương"), "co-quan/dang-uy-khoi-cac-co-quan-trung-uong.html"),
    ("49-KL/TW", "van-ban/ket-luan-49-kl-tw.html"),
    ("kết luận 49", "van-ban/ket-luan-49-kl-tw.html"),
    ("ket luan 49", "van-ban/ket-luan-49-kl-tw.html"),
    ("387/QĐ-TTg", "van-ban/quyet-dinh-387-qd-ttg.html"),
    ("QĐ 387", "van-ban/quyet-dinh-387-qd-ttg.html"),
    ("qd 387", "van-ban/quyet-dinh-387-qd-ttg.html"),
    ("quyết định 387", "van-ban/quyet-dinh-387-qd-ttg.html"),
    ("chi thi 11", "van-ban/chi-thi-11-ct-tw.html"),
    ("Vũ Mạnh Hiền", "van-ban/ke-hoach-hkh-thai-binh-2023.html"),
    ("vu manh hien", "van-ban/ke-hoach-hkh-thai-binh-2023.html"),
    ("xã hội hoá", "van-ban/ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49.html"),
    ("xa hoi hoa cong tac khuyen hoc", "van-ban/ke-hoach-tinh-uy-hai-duong-thuc-hien-kl-49.html"),
    ("Hội Khuyến học tỉnh Thái Bình", "co-quan/hoi-khuyen-hoc-tinh-thai-binh.html"),
]


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search box; the result pages (no anchor), best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query)
    box.press("End")  # Playwright types "á" as text without key events; a keyboard sends keyup
    # Results of the last keystroke, not of an earlier prefix (timkiem.js notes the query answered).
    words = " ".join(w for w in re.split(r'[\s\-–—/,;:!?()\[\]"“”…]+', unicodedata.normalize("NFC", query)) if w)
    page.wait_for_function("q => document.documentElement.dataset.timKiem === q", arg=words)
    page.wait_for_timeout(50)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [href.split("?")[0].split("#")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]


def open_search(page, url: str):
    page.goto(url)
    page.locator("input.md-search__input").click()
    # The worker has indexed everything once a query gets an answer.
    page.locator("input.md-search__input").type("a")
    page.locator(".md-search-result__meta").filter(has_text="liên quan").wait_for(timeout=20000)
    page.locator("input.md-search__input").fill("")


@pytest.fixture
def search_page(page, site_url):
    open_search(page, site_url)
    return page


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_page(search_page, site_url, query, expected):
    pages = list(dict.fromkeys(url.removeprefix(site_url) for url in search(search_page, query)))
    assert expected in pages[:3], pages[:6]


def test_old_tone_placement_finds_new(search_page):
    """"Đảng uỷ Khối" (old placement) finds the pages written "Đảng ủy Khối", marked in the preview."""
    search(search_page, "Đảng uỷ Khối")
    first = search_page.locator(".md-search-result__item").first
    assert "Đảng ủy Khối" in first.inner_text()
    assert first.locator("mark").count() > 0


def test_exact_diacritics_rank_above_folded(search_page):
    """"hóa" also finds "hoa", "hoàn", "hoạt" … by folding; entries with "hóa"/"hoá" score higher."""
    search(search_page, "hóa")
    scored = search_page.locator(".md-search-result__list article[data-md-score]").evaluate_all(
        "els => els.map(e => [parseFloat(e.dataset.mdScore), e.innerText.toLowerCase()])")
    exact = [score for score, text in scored if re.search(r"\bh(óa|oá)", text)]  # not "khóa"
    folded = [score for score, text in scored if not re.search(r"\bh(óa|oá)", text)]
    assert exact and folded, scored
    assert sum(exact) / len(exact) > 2 * sum(folded) / len(folded)
    first = search_page.locator(".md-search-result__item").first.inner_text().lower()
    assert re.search(r"\bh(óa|oá)", first)


def test_previews_show_original_text_never_folded(search_page):
    search(search_page, "thang khuyen hoc")
    text = search_page.locator(".md-search-result__list").inner_text()
    assert "Tháng Khuyến học" in text
    assert "thang khuyen hoc" not in text.lower().replace("tháng khuyến học", "")
    marked = search_page.locator(".md-search-result__list mark").all_inner_texts()
    assert {"Tháng", "Khuyến", "học"} <= {word for mark in marked for word in mark.split()}
    assert "Tháng Khuyến học" in marked  # words side by side: one mark, not one per word


def test_missing_words_are_reported_as_typed(search_page):
    search(search_page, "khuyến xyzxyz")
    assert search_page.locator(".md-search-result__meta").inner_text().startswith("Không")


def test_result_link_highlights_folded_words_on_the_page(search_page, site_url):
    search(search_page, "thang khuyen hoc")
    search_page.locator(".md-search-result__item a[href*='ke-hoach-hkh-thai-binh-2023'][href*='h=thang']").first.click()
    search_page.wait_for_url("**/ke-hoach-hkh-thai-binh-2023.html*")
    search_page.locator("article mark[data-md-highlight]").first.wait_for()
    marks = search_page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert "Tháng" in marks and "Khuyến" in marks


@settings(max_examples=1, deadline=None)
@given(st.lists(st.text(alphabet="aàáảãạăằắẳẵặâầấẩẫậdđeèéẻẽẹêềếểễệhkoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵqQĐHOAUY -",
                        max_size=12), min_size=200, max_size=200))
def test_browser_folding_matches_python(browser, site_url, samples):
    """timkiem.js folds and places tones exactly as camnang/search.py does."""
    samples += ["Đảng uỷ Khối", "HOÀ", "quý", "thuỷ", NFD("khoẻ mạnh")]
    tab = browser.new_page()
    try:
        tab.goto(site_url)
        got = tab.evaluate("xs => xs.map(x => { const t = window.camnangTimKiem;"
                           " return [t.fold(x), t.newTones(x), t.oldTones(x)] })", samples)
    finally:
        tab.close()
    assert got == [[fold(x), new_tones(x), old_tones(x)] for x in samples]


def test_after_an_answer_the_small_index_is_fetched_while_idle_and_later_queries_fetch_nothing(
        page, site_url, built_site):
    """The real handbook's index is small: after the first answer, its term shards and its hot
    pages' previews (every page here) arrive a few at a time; then later queries, in any spelling,
    load no file at all and still find their pages."""
    meta = ShardedIndex(built_site / "search").meta
    wanted = {f"t/{n}.js" for n in range(len(meta["shards"]))} | {f"p/{b}.js" for b in meta["hot"]}
    assert meta["whole"] and meta["common"] == [] and set(meta["hot"]) == set(meta["bundle"])
    loaded: list[str] = []
    page.on("requestfinished", lambda r: "/search/tk/" in r.url and loaded.append(r.url.partition("/search/tk/")[2]))
    open_search(page, site_url)
    page.wait_for_function("n => performance.getEntriesByType('resource')"
                           ".filter(e => e.name.includes('/search/tk/') && !e.name.endsWith('meta.js')).length >= n",
                           arg=len(wanted), timeout=30000)
    page.wait_for_timeout(300)
    assert wanted <= set(loaded), wanted - set(loaded)
    before = len(loaded)
    for query, expected in QUERIES[2:9]:
        pages = list(dict.fromkeys(url.removeprefix(site_url) for url in search(page, query)))
        assert expected in pages[:3], (query, pages[:6])
    assert loaded[before:] == [], loaded[before:]


def test_offline_zip_searches_from_disk(browser, tmp_path):
    """`make offline` → zip; unpacked and opened as file://, search still finds the plan."""
    site, archive = tmp_path / "site-offline", tmp_path / "cam-nang-offline.zip"
    result = subprocess.run(["make", "-s", "-o", ".venv/.installed", "offline",
                             f"OFFLINE_SITE={site}", f"OFFLINE_ZIP={archive}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, env=os.environ.copy())
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\nbản offline: {archive.stat().st_size / 1e6:.1f} MB")
    with zipfile.ZipFile(archive) as packed:
        assert packed.namelist() == sorted(packed.namelist())
        packed.extractall(tmp_path / "unpacked")
    index = tmp_path / "unpacked" / "cam-nang" / "index.html"
    assert "unpkg" not in index.read_text("utf-8")
    context = browser.new_context(locale="vi-VN")
    tab = context.new_page()
    try:
        requested = []
        tab.on("request", lambda request: requested.append(request.url))
        tab.goto(index.as_uri())
        tab.locator("input.md-search__input").click()
        tab.locator("input.md-search__input").type("thang khuyen hoc")
        tab.locator("input.md-search__input").press("End")
        tab.locator(".md-search-result__meta").filter(has_text="liên quan").wait_for(timeout=30000)
        hrefs = tab.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        assert any("ke-hoach-hkh-thai-binh-2023.html" in href for href in hrefs[:3]), hrefs[:5]
        assert all(url.startswith(("file://", "data:", "about:", "blob:")) for url in requested), requested
    finally:
        context.close()


# ---- At national scale: the real handbook plus SYNTH_PLANS generated plans (scripts/synth.py) ----

SYNTH_PLANS = 1000
# Words found only in plan bodies: the clauses of generated plans (synth.py's ACTIONS, SUBJECTS, WHERE).
BODY_QUERIES = [
    "phối hợp tổ chức tuần lễ hưởng ứng học tập suốt đời trong các chi hội",
    "tap huan quy khuyen hoc cac cap tai cac xa phuong dac khu",
    "Sơ kết mô hình “Dòng họ học tập” tại các huyện, thành phố",
    # A clause of the 34-unit map (from 2026: communes, "đặc khu") and the unit's name.
    "Tập huấn mô hình “Công dân học tập” tại các xã, phường, đặc khu Ninh Bình",
]


def synth_module():
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth
    return synth


@pytest.fixture(scope="module")
def synth_url(tmp_path_factory):
    """The handbook with SYNTH_PLANS synthetic plans, built by `camnang build` and served gzipped.

    CAMNANG_SYNTH_SITE may name a site already built from `synth.py --plans 1000` (the build
    takes several minutes on a small machine).
    """
    site = os.environ.get("CAMNANG_SYNTH_SITE")
    if not site:
        site = synthetic_site(SYNTH_PLANS, tmp_path_factory.mktemp("synth"))
    server = serve_static(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def synth_page(page, synth_url):
    open_search(page, synth_url)
    return page


def plans_holding(query: str) -> set[str]:
    """Pages of the generated plans whose text holds every word of `query` once folded (in any
    of their sections), computed from synth.py's records (not from the index)."""
    synth = synth_module()
    wanted = set(re.findall(r"\w+", search_key(query)))
    pages = set()
    for i in range(SYNTH_PLANS):
        record, issuer = synth.plan(i)
        texts = [record["noi_dung"][0]["van_ban"], record["ten_ngan"], record["tieu_de"], record["trich_yeu"], issuer["ten"]]
        for quarter in record["noi_dung"][1]["muc"]:
            texts += [quarter["tieu_de"], *(item["van_ban"] for item in quarter["muc"])]
        texts += [target["doi_tuong"] for task in record["nhiem_vu"] for target in task.get("chi_tieu", [])]
        if wanted <= set(re.findall(r"\w+", search_key(" ".join(texts)))):
            pages.add(f"van-ban/{record['id']}.html")
    return pages


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_at_scale_query_finds_the_page(synth_page, synth_url, query, expected):
    pages = list(dict.fromkeys(url.removeprefix(synth_url) for url in search(synth_page, query)))
    assert expected in pages[:3], pages[:6]


@pytest.mark.parametrize("query", BODY_QUERIES)
def test_at_scale_words_of_a_plan_body_find_the_plans_holding_them(synth_page, synth_url, query):
    expected = plans_holding(query)
    assert expected  # the query is a real clause of some generated plan
    pages = list(dict.fromkeys(url.removeprefix(synth_url) for url in search(synth_page, query)))
    generated = [p for p in pages if "ke-hoach-tong-hop-" in p]  # real pages may hold the words too
    assert set(generated) <= expected and set(generated[:3]) and set(pages[:10]) & expected, pages[:10]
    previews = synth_page.locator(".md-search-result__list").inner_text()
    assert "tổng hợp" in previews  # the original words, not folded


def test_at_scale_nothing_is_loaded_from_outside(page, synth_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_search(page, synth_url)
    search(page, BODY_QUERIES[0])
    assert requested and all(url.startswith(synth_url) for url in requested), requested


MARKS = ("() => Object.fromEntries(['search:query', 'search:files', 'search:answer'].map(n =>"
         " [n, performance.getEntriesByName(n).length === 1 ? performance.getEntriesByName(n)[0].startTime : null]))")


FIRST_SCREEN = int(re.search(r"var FIRST_SCREEN = (\d+);", (ROOT / "docs/javascripts/timkiem.js").read_text("utf-8"))[1])


def test_the_best_pages_are_drawn_first_and_the_rest_a_frame_later(search_page):
    """Material draws every page of a list at once: the best FIRST_SCREEN pages (a phone's screen)
    are drawn first, the whole list follows, beginning with the same pages."""
    search_page.evaluate("""() => { const list = document.querySelector('.md-search-result__list');
        window.drawnCounts = [];
        new MutationObserver(() => { const n = list.children.length; if (n) window.drawnCounts.push(n); })
          .observe(list, { childList: true }); }""")
    box = search_page.locator("input.md-search__input")
    box.fill("khuyen hoc")
    box.press("End")  # one keyup: one query
    search_page.wait_for_function("q => document.documentElement.dataset.timKiem === q", arg="khuyen hoc")
    counts = search_page.evaluate("() => window.drawnCounts")
    assert 0 < FIRST_SCREEN < 10 and counts == [FIRST_SCREEN, 10], counts


def test_at_scale_best_pages_at_hand_are_answered_before_the_rest_arrives(page, synth_url):
    """When some of a query's best pages wait for their preview bundles, the pages before the
    first of them are shown at once; the whole list follows when the bundles are in."""
    open_search(page, synth_url)  # its answer starts the idle prefetch (common shards, hot bundles)
    hot = page.evaluate("() => new Promise(r => { const t = setInterval(() => { const n = performance"
                        ".getEntriesByType('resource').filter(e => /search\\/tk\\/c\\//.test(e.name)).length;"
                        " if (n > 0) { clearInterval(t); setTimeout(() => r(n), 3000); } }, 100); })")
    assert hot
    held = []
    page.route(re.compile(r".*/search/tk/p/\d+\.js$"), lambda route: held.append(route))
    query = "xa hoi hoa cong tac khuyen hoc"
    box = page.locator("input.md-search__input")
    box.fill("")
    box.type(query)
    box.press("End")
    page.wait_for_function("q => document.documentElement.dataset.timKiemDau === q", arg=query, timeout=20000)
    early = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert held, "the query's best pages all had their previews: nothing to answer early"
    assert early and page.evaluate("() => document.documentElement.dataset.timKiem") != query
    # The marks bench_search.py splits a query's time by: its files are in, its answer not yet.
    marks = page.evaluate(MARKS)
    assert marks["search:query"] < marks["search:files"] and marks["search:answer"] < marks["search:query"], marks
    for route in held:
        route.continue_()
    page.unroute(re.compile(r".*/search/tk/p/\d+\.js$"))
    page.wait_for_function("q => document.documentElement.dataset.timKiem === q", arg=query, timeout=20000)
    final = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    pages = lambda links: list(dict.fromkeys(url.split("?")[0].split("#")[0] for url in links))  # noqa: E731
    assert len(pages(final)) > len(pages(early)) and set(pages(early)) <= set(pages(final)), (pages(early), pages(final))
    marks = page.evaluate(MARKS)
    assert marks["search:query"] < marks["search:files"] < marks["search:answer"], marks


def test_pages_at_hand_are_answered_while_a_typed_word_s_longer_words_load(page, site_url, tmp_path, monkeypatch):
    """The word being typed is a common word ("hoc", fetched while idle) whose longer words sit in
    an alphabetical shard: while that loads, the pages the words at hand find are shown; the whole
    list follows with the same first pages and, being what was shown, is not drawn again.

    The index is one of national shape (common and alphabetical shards), written small by
    write_shards with small budgets, served in place of the handbook's own.
    """
    national_shape(monkeypatch, PACKS_BYTES=0)  # no packs: the alphabetical shard is fetched on demand
    rng = random.Random(1)
    docs = [{"location": f"ke-hoach-{n}.html", "title": f"Kế hoạch khuyến học số {n}",
             "text": " ".join(["Công tác khuyến học, khuyến tài", *(rng.choice("abcdeghiklmnopqrstuvxy") + str(rng.randrange(10**6)) for _ in range(10)),
                               "hocmon" if n % 7 == 0 else ""])} for n in range(200)]
    searchindex.write_shards({"config": {"separator": r"[\s\-]+"}, "docs": docs}, {}, set(), tmp_path / "tk")
    meta = ShardedIndex(tmp_path).meta
    assert meta["common"] and meta["shards"][0] and any("hoc" in keys for keys in meta["common"])
    held, holding = [], []

    def serve(route):
        name = route.request.url.partition("/search/tk/")[2]
        if holding and name.startswith("t/"):
            held.append(route)
        else:
            route.fulfill(body=(tmp_path / "tk" / name).read_bytes(), content_type="text/javascript")

    page.route(re.compile(r".*/search/tk/.*"), serve)
    page.goto(site_url)
    search(page, "so")  # an answer: the idle prefetch starts (common shards, previews)
    idle = len(meta["common"]) + len(meta["hot"])
    page.wait_for_function("n => performance.getEntriesByType('resource').filter(e => /search\\/tk\\/[cp]\\//"
                           ".test(e.name)).length >= n", arg=idle, timeout=20000)
    holding.append(True)
    query = "khuyen hoc"
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # one keyup: one query
    page.wait_for_function("q => document.documentElement.dataset.timKiemDau === q", arg=query, timeout=20000)
    # The first screen (FIRST_SCREEN pages) comes first, the pages at hand a frame later.
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 10")
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    early = [href.split("?")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]
    for _ in range(100):  # the route's handler runs when Playwright next waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held and len(early) == 10, (held, early)
    assert page.evaluate("() => document.documentElement.dataset.timKiem") != query
    marks = page.evaluate(MARKS)
    assert marks["search:files"] < marks["search:query"], marks  # this query's files are not all in
    page.evaluate("() => { document.querySelector('.md-search-result__list').firstElementChild.dataset.dau = '1'; }")
    holding.clear()
    for route in held:
        route.fulfill(body=(tmp_path / "tk" / route.request.url.partition("/search/tk/")[2]).read_bytes(),
                      content_type="text/javascript")
    page.wait_for_function("q => document.documentElement.dataset.timKiem === q", arg=query, timeout=20000)
    final = [href.split("?")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]
    assert final == early
    assert page.evaluate("() => document.querySelector('.md-search-result__list').firstElementChild.dataset.dau") == "1"


def national_index(tmp_path, monkeypatch) -> tuple[dict, list[str]]:
    """An index of national shape (common, alphabetical and packed shards), written small; its meta
    and each page's rare word (in one page only: its key sits in an alphabetical shard)."""
    national_shape(monkeypatch, COMMON_BYTES=3_000, WHOLE_BYTES=1_000, COMMON_SHARD_BYTES=1_000, SHARD_BYTES=1_500,
                   PACK_BYTES=4_000)
    rng = random.Random(3)
    rare = [f"hiem{rng.randrange(10**6)}" for _ in range(200)]
    docs = [{"location": f"ke-hoach-{n}.html", "title": f"Kế hoạch khuyến học số {n}",
             "text": f"Công tác khuyến học, khuyến tài {rare[n]}"} for n in range(200)]
    searchindex.write_shards({"config": {"separator": r"[\s\-]+"}, "docs": docs}, {}, set(), tmp_path / "tk")
    meta = ShardedIndex(tmp_path).meta
    assert meta["common"] and meta["shards"][0] and len(meta["packs"]) > 1
    return meta, rare


def serve_index(page, folder, fetched: list[str]) -> None:
    """The index in `folder` served in place of the site's; `fetched` gets each file asked for."""
    def serve(route):
        name = route.request.url.partition("/search/tk/")[2]
        fetched.append(name)
        route.fulfill(body=(folder / name).read_bytes(), content_type="text/javascript")

    page.route(re.compile(r".*/search/tk/.*"), serve)


def test_once_idle_the_browser_holds_the_whole_index_and_a_later_query_fetches_nothing(page, site_url, tmp_path, monkeypatch):
    """After the first answer the idle prefetch fetches the common shards, the hot previews and the
    alphabetical shards in packs (not one by one): a query for a word of one page then needs no file."""
    meta, rare = national_index(tmp_path, monkeypatch)
    fetched: list[str] = []
    serve_index(page, tmp_path / "tk", fetched)
    page.goto(site_url)
    pasted(page, "khuyen ")  # a common word, whole: its common shard only
    page.wait_for_function("n => performance.getEntriesByType('resource').filter(e => /search\\/tk\\/a\\//"
                           ".test(e.name)).length >= n", arg=len(meta["packs"]), timeout=20000)
    before = len(fetched)
    assert not [name for name in fetched if name.startswith("t/")], fetched  # packs, not shards one by one
    assert pasted(page, rare[123] + " ") == [f"{site_url}ke-hoach-123.html"]  # a whole word: its key alone
    assert fetched[before:] == []


def test_a_reader_saving_data_is_not_sent_the_packs(browser, site_url, tmp_path, monkeypatch):
    """navigator.connection.saveData (Chrome's Lite mode, a phone's data saver): the idle prefetch
    stops before the packs; a rare word is then fetched on demand, its shard alone."""
    meta, rare = national_index(tmp_path, monkeypatch)
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    page = context.new_page()
    fetched: list[str] = []
    serve_index(page, tmp_path / "tk", fetched)
    page.goto(site_url)
    pasted(page, "khuyen ")
    idle = len(meta["common"]) + len(meta["hot"])
    page.wait_for_function("n => performance.getEntriesByType('resource').filter(e => /search\\/tk\\/[cp]\\//"
                           ".test(e.name)).length >= n", arg=idle, timeout=20000)
    page.wait_for_timeout(1500)
    assert not [name for name in fetched if name.startswith("a/")], fetched
    assert pasted(page, rare[45] + " ") == [f"{site_url}ke-hoach-45.html"]
    assert [name for name in fetched if name.startswith("t/")] == [f"t/{bisect_shard(meta, rare[45])}.js"]
    context.close()


def pasted(page, query: str) -> list[str]:
    """`query` put into the search box at once (one keyup: one query, no prefixes on the way)."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_function("q => document.documentElement.dataset.timKiem === q", arg=query.strip())
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [href.split("?")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]


def bisect_shard(meta: dict, word: str) -> int:
    return bisect.bisect_right(meta["shards"], fold(word)) - 1


def test_words_named_like_object_properties_are_not_marked(page, site_url, built_site):
    """Marking keeps its word cache free of inherited properties: "constructor" or "toString" in a
    page is not marked for a query it does not match."""
    html = (built_site / "index.html").read_text("utf-8")
    html = html.replace('<article class="md-content__inner md-typeset">',
                        '<article class="md-content__inner md-typeset"><p id="bay">constructor toString khuyến học</p>', 1)
    assert 'id="bay"' in html
    page.route(f"{site_url}index.html?h=khuyen", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{site_url}index.html?h=khuyen")
    page.locator("#bay mark").first.wait_for()
    assert page.locator("#bay mark").all_inner_texts() == ["khuyến"]
