"""Vietnamese search, core side: folding, tone placement, the sharded index of the real site."""

from __future__ import annotations

import gzip
import json
import random
import unicodedata

import pytest
from conftest import national_shape
from hypothesis import given
from hypothesis import strategies as st

from camnang import searchindex
from camnang.search import document_keywords, fold, kind_codes, new_tones, old_tones, search_key
from camnang.searchindex import (
    BUNDLE_BYTES,
    COMMON_BYTES,
    COMMON_SHARD_BYTES,
    HOT_BUNDLE_BYTES,
    PREVIEW_CHARS,
    SHARD_BYTES,
    ShardedIndex,
    write_shards,
)

# Vietnamese letters in both cases, ASCII, digits and the punctuation of the data.
VI_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")
VI_TEXT = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + "0123456789 -/.,;:()“”", max_size=60)
SEPARATOR = r'[\s\-–—/,;:!?()\[\]"“”…]+|\.(?!\d)|&[lg]t;'


@pytest.mark.parametrize("text, folded", [
    ("khuyến học", "khuyen hoc"),
    ("Đảng ủy Khối", "Dang uy Khoi"),
    ("Thái Bình", "Thai Binh"),
    ("387/QĐ-TTg", "387/QD-TTg"),
    ("ƯỚC MƠ", "UOC MO"),
    ("hoá hóa hoà hòa", "hoa hoa hoa hoa"),
])
def test_fold_removes_every_diacritic(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("old, new", [
    ("hoá", "hóa"), ("khoá", "khóa"), ("uỷ", "ủy"), ("thuỷ", "thủy"), ("hoà", "hòa"), ("khoẻ", "khỏe"),
    ("Đảng uỷ Khối", "Đảng ủy Khối"), ("HOÀ BÌNH", "HÒA BÌNH"), ("Uỷ ban", "Ủy ban"), ("tuỳ", "tùy"),
])
def test_old_and_new_tone_placement_convert_both_ways(old, new):
    assert new_tones(old) == new
    assert old_tones(new) == old
    assert new_tones(new) == new and old_tones(old) == old


@pytest.mark.parametrize("word", ["quý", "Quỳnh", "hoàn", "toán", "khuyến", "thuế", "hoài", "quyết", "huỳnh", "hoặc"])
def test_tone_placement_leaves_words_without_a_choice(word):
    assert new_tones(word) == word
    assert old_tones(word) == word


def test_decomposed_text_is_normalised():
    nfd = unicodedata.normalize("NFD", "Đảng uỷ Khối")
    assert new_tones(nfd) == "Đảng ủy Khối"
    assert search_key(nfd) == "dang uy khoi"


@given(VI_TEXT)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=80))
def test_fold_is_idempotent_on_any_text(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=80))
def test_nfc_and_nfd_fold_the_same(text):
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_fold_never_changes_ascii(text):
    assert fold(text) == text


@given(VI_TEXT)
def test_tone_placement_is_idempotent_and_invisible_to_folding(text):
    new, old = new_tones(text), old_tones(text)
    assert new_tones(new) == new and old_tones(old) == old
    assert new_tones(old) == new_tones(text)
    assert fold(new) == fold(old) == fold(text)


@given(VI_TEXT)
def test_tone_placement_agrees_on_nfc_and_nfd(text):
    assert new_tones(unicodedata.normalize("NFD", text)) == new_tones(unicodedata.normalize("NFC", text))


def test_kind_codes_come_from_the_numbers_in_the_data(handbook):
    codes = kind_codes(handbook.documents.values())
    assert codes["Quyết định"] == {"QĐ"}
    assert codes["Kết luận"] == {"KL"}
    assert codes["Chương trình hành động"] == {"CTrHĐ"}
    assert "Luật" not in codes  # no law in the data has a number


def test_document_keywords_are_generated_from_kind_and_number(handbook):
    keywords = document_keywords(handbook)
    words_387 = keywords["van-ban/quyet-dinh-387-qd-ttg.md"].split()
    for expected in ("Quyết", "định", "387/QĐ-TTg", "387", "QĐ", "QD", "TTg", "Quyet", "dinh"):
        assert expected in words_387
    # A plan without a number still answers to its kind's abbreviation, learnt from other plans.
    assert "KH" in keywords["van-ban/ke-hoach-hkh-thai-binh-2023.md"].split()


def read_script(path) -> object:
    """The data a shard file passes to camnangTimKiem.load(name, data)."""
    text = path.read_text("utf-8")
    return json.loads(text[text.index(",") + 1:text.rindex(")")])


def test_shards_file_each_word_under_its_folded_form_with_its_spellings(tmp_path):
    index = {"config": {"separator": SEPARATOR}, "docs": [
        {"location": "a.html", "title": "Hoá học", "text": "<p>Đảng ủy &amp; 387/QĐ-TTg</p>"},
        {"location": "a.html#x", "title": "Mục", "text": "hoa hóa"},
        {"location": "b.html", "title": "B", "text": "hoa"},
    ]}
    report = write_shards(index, {"b.html": "Quyết định"}, {"b.html"}, tmp_path / "tk")
    assert (report.entries, report.pages, report.shards) == (3, 2, 1)
    terms = read_script(tmp_path / "tk" / "t" / "0.js")
    # entry * 8 + bits (text 1, title 2, keywords 4), as gaps from the previous entry
    assert terms["hoa"] == {"hóa": [2, 9], "hoa": [9, 9]}
    assert terms["dang"] == {"đảng": [1]} and terms["uy"] == {"ủy": [1]}
    assert terms["qd"] == {"qđ": [1]} and terms["387"] == {"387": [1]}
    assert terms["quyet"] == {"quyết": [2 * 8 + 4]}
    assert "amp" not in terms and "p" not in terms
    meta = read_script(tmp_path / "tk" / "meta.js")
    assert meta["sizes"] == [2, 1] and meta["boosted"] == [1] and meta["shards"] == ["387"]
    # Both pages' previews in one bundle: [page number, location, [[anchor, title, preview], …]].
    assert meta["bundle"] == [0, 0] and meta["hot"] == [0]
    assert read_script(tmp_path / "tk" / "p" / "0.js") == [
        [0, "a.html", [["", "Hoá học", "Đảng ủy &amp; 387/QĐ-TTg"], ["x", "Mục", "hoa hóa"]]],
        [1, "b.html", [["", "B", "hoa"]]]]


def test_previews_are_bundled_by_neighbouring_pages_hot_and_cold_apart(tmp_path):
    """Pages in order fill bundles up to BUNDLE_BYTES (hot ones, fetched whole while idle, up to
    HOT_BUNDLE_BYTES); cold pages (local plans nothing refers to) never share a bundle with hot ones."""
    text = "khuyến học " * 40  # a preview of about 300 characters
    docs = [{"location": f"{n:03d}.html" + (f"#m{k}" if k else ""), "title": f"Trang {n}", "text": text}
            for n in range(60) for k in range(8)]  # 60 pages of about 3 KB of previews
    cold = frozenset(f"{n:03d}.html" for n in range(60) if n % 3 == 0)
    report = write_shards({"config": {"separator": SEPARATOR}, "docs": docs}, {}, set(), tmp_path / "tk", cold)
    meta = read_script(tmp_path / "tk" / "meta.js")
    bundles: dict[int, list[int]] = {}
    for page, bundle in enumerate(meta["bundle"]):
        bundles.setdefault(bundle, []).append(page)
    assert report.bundles == len(bundles) and len(bundles) >= 20 * 3000 // BUNDLE_BYTES + 40 * 3000 // HOT_BUNDLE_BYTES
    for bundle, pages in bundles.items():
        path = tmp_path / "tk" / "p" / f"{bundle}.js"
        data = read_script(path)
        assert [item[0] for item in data] == pages and [item[1] for item in data] == [f"{p:03d}.html" for p in pages]
        assert [anchor for anchor, _, _ in data[0][2]] == ["", *(f"m{k}" for k in range(1, 8))]
        assert len({p % 3 == 0 for p in pages}) == 1  # all cold or all hot
        assert (bundle in meta["hot"]) == (pages[0] % 3 != 0)
        assert path.stat().st_size <= (HOT_BUNDLE_BYTES if bundle in meta["hot"] else BUNDLE_BYTES) * 1.1
    # Neighbours share a bundle: of 20 cold pages, each (bar the last) follows the one before.
    cold_pages = [page for bundle in sorted(bundles) for page in bundles[bundle] if page % 3 == 0]
    assert cold_pages == list(range(0, 60, 3)) and len(bundles) < 60


def test_shards_are_cut_in_key_order_at_their_size(tmp_path):
    text = " ".join(f"tu{n:05d}" for n in range(6000))
    write_shards({"config": {"separator": SEPARATOR}, "docs": [{"location": "a.html", "title": "", "text": text}]},
                 {}, set(), tmp_path / "tk")
    meta = read_script(tmp_path / "tk" / "meta.js")
    assert len(meta["shards"]) > 2 and meta["shards"] == sorted(meta["shards"])
    for n, first in enumerate(meta["shards"]):
        path = tmp_path / "tk" / "t" / f"{n}.js"
        keys = list(read_script(path))
        assert keys[0] == first and keys == sorted(keys)
        assert path.stat().st_size <= SHARD_BYTES * 1.2
        if n + 1 < len(meta["shards"]):
            assert keys[-1] < meta["shards"][n + 1]


def test_the_most_frequent_words_have_shards_of_their_own(tmp_path):
    """Keys by frequency into common shards (fetched while idle) up to COMMON_BYTES gzipped; the
    rest in alphabetical shards; each key in exactly one file; a small index is fetched whole."""
    rng = random.Random(0)
    docs = [{"location": f"{n:04d}.html", "title": f"Trang {n}",
             "text": " ".join(["học tập các", *(f"w{k}" for k in range(300) if rng.random() < 1 / (k + 2)),
                               *(f"x{rng.randrange(10**9)}" for _ in range(12))])} for n in range(4000)]
    write_shards({"config": {"separator": SEPARATOR}, "docs": docs}, {}, set(), tmp_path / "tk")
    meta = read_script(tmp_path / "tk" / "meta.js")
    assert meta["whole"] is False and meta["common"]
    assert {"hoc", "tap", "cac"} <= set(meta["common"][0])  # the most frequent first
    common = [read_script(tmp_path / "tk" / "c" / f"{n}.js") for n in range(len(meta["common"]))]
    assert [list(shard) for shard in common] == meta["common"]
    alphabetical = [read_script(tmp_path / "tk" / "t" / f"{n}.js") for n in range(len(meta["shards"]))]
    keys = [key for shard in common + alphabetical for key in shard]
    assert len(keys) == len(set(keys))  # each key in one file only
    count = {key: len(codes) for shard in common + alphabetical for key, forms in shard.items() for codes in forms.values()}
    rarest_common = min(count[key] for shard in common for key in shard)
    assert all(count[key] <= rarest_common for shard in alphabetical for key in shard)
    sizes = [len(gzip.compress((tmp_path / "tk" / "c" / f"{n}.js").read_bytes(), 6)) for n in range(len(common))]
    assert max(sizes) <= COMMON_SHARD_BYTES * 1.1 and sum(sizes) <= COMMON_BYTES * 1.05, sizes
    # A small index: no common shards, the browser fetches it whole while idle.
    write_shards({"config": {"separator": SEPARATOR}, "docs": docs[:20]}, {}, set(), tmp_path / "small")
    small = read_script(tmp_path / "small" / "meta.js")
    assert small["whole"] is True and small["common"] == []


def test_the_alphabetical_shards_are_packed_for_the_idle_prefetch_unless_too_large(tmp_path, monkeypatch):
    """A national index also packs its alphabetical shards, runs of them to a file, each shard
    once and in order, each file ending with its own load call; over PACKS_BYTES, none."""
    national_shape(monkeypatch, PACK_BYTES=6_000)
    rng = random.Random(2)
    docs = [{"location": f"{n:04d}.html", "title": f"Trang {n}",
             "text": " ".join(["học tập các", *(f"x{rng.randrange(10**9)}" for _ in range(10))])} for n in range(300)]
    index = {"config": {"separator": SEPARATOR}, "docs": docs}
    write_shards(index, {}, set(), tmp_path / "tk")
    meta = read_script(tmp_path / "tk" / "meta.js")
    assert meta["common"] and len(meta["packs"]) > 1 and sum(meta["packs"]) == len(meta["shards"])
    shard = 0
    for n, count in enumerate(meta["packs"]):
        pack = (tmp_path / "tk" / "a" / f"{n}.js").read_text("utf-8")
        run = "".join((tmp_path / "tk" / "t" / f"{shard + k}.js").read_text("utf-8") for k in range(count))
        assert pack == run + f'camnangTimKiem.load("a{n}",0)\n'
        assert count == 1 or len(run) <= searchindex.PACK_BYTES
        shard += count
    monkeypatch.setattr(searchindex, "PACKS_BYTES", 1000)
    write_shards(index, {}, set(), tmp_path / "tk")
    assert read_script(tmp_path / "tk" / "meta.js")["packs"] == [] and not list((tmp_path / "tk" / "a").iterdir())


def test_long_previews_are_cut_at_a_space_and_keep_the_original_text(tmp_path):
    words = ["Khuyến", "học,", "khuyến", "tài"] * 40
    write_shards({"config": {"separator": SEPARATOR}, "docs": [
        {"location": "a.html", "title": "<code>A</code> b", "text": "<p>" + " ".join(words) + "</p>"}]},
                 {}, set(), tmp_path / "tk")
    [[_, _, [[_, title, text]]]] = read_script(tmp_path / "tk" / "p" / "0.js")
    assert title == "A b" and text.endswith(" …") and len(text) <= PREVIEW_CHARS + 2
    assert " ".join(words).startswith(text.removesuffix(" …"))


def test_built_site_leaves_material_only_the_config_and_files_the_full_text(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["docs"] == [] and index["config"]["separator"] == SEPARATOR
    shards = ShardedIndex(built_site / "search")
    number = shards.page_number("van-ban/ke-hoach-hkh-thai-binh-2023.html")
    mine = set(shards.page_entries(number))
    items = [shards.entries[e] for e in mine]
    assert items[0][1].startswith("Kế hoạch") and "Tháng Khuyến học" in " ".join(i[1] + i[2] for i in items)
    for key, spelling in [("thang", "tháng"), ("khuyen", "khuyến"), ("hoc", "học"), ("vu", "vũ"), ("hien", "hiền")]:
        assert mine & set(shards.find(key, spelling)), key
    doc_number = shards.page_number("van-ban/quyet-dinh-387-qd-ttg.html")
    first = shards.starts[doc_number]
    assert shards.entries[first][1] == "Quyết định 387/QĐ-TTg" and doc_number in shards.meta["boosted"]
    assert shards.find("qd", "qđ")[first] & 6  # in the title and the keywords
    assert shards.find("quyet", "quyết")[first] & 4
    assert shards.page_number("co-quan/hoi-khuyen-hoc-viet-nam.html") not in shards.meta["boosted"]
    # Every plan of the real handbook is referred to: every bundle is hot (fetched while idle).
    assert sorted(shards.meta["hot"]) == sorted(set(shards.meta["bundle"]))


def test_search_files_sizes(built_site):
    """What a phone loads before its first query (meta.js) and per query word (a shard)."""
    root = built_site / "search" / "tk"
    meta = len(gzip.compress((root / "meta.js").read_bytes(), 6))
    shards = [len(gzip.compress(p.read_bytes(), 6)) for p in (root / "t").glob("*.js")]
    pages = [len(gzip.compress(p.read_bytes(), 6)) for p in (root / "p").glob("*.js")]
    print(f"\nmeta.js {meta / 1024:.1f} KB; {len(shards)} mảnh, lớn nhất {max(shards) / 1024:.1f} KB; "
          f"{len(pages)} gói trích đoạn, lớn nhất {max(pages) / 1024:.1f} KB (gzip)")
    assert meta <= 10 * 1024 and max(shards) <= 60 * 1024 and max(pages) <= 30 * 1024
