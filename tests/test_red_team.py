"""Red-team findings on the input boundary, each reproduced on the real command line.

The bad-input corpus (cases 90–99) holds the refused inputs with their messages; this file holds
what the corpus cannot express: anchors of the built pages, values at a limit that must still
build, and warnings that must still be found after a scan was made linear.
"""

from __future__ import annotations

import collections
import re
from html.parser import HTMLParser

import pytest
from conftest import run_camnang
from datasets import TERM, make_data
from markdown.extensions.toc import slugify

from camnang.integrity import DOCUMENT_ANCHORS, MODEL_ANCHORS
from camnang.yamlio import MAX_TEXT

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class _Ids(HTMLParser):
    """Every id attribute of a page, and the text of each heading that has one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.heading_text: dict[str, str] = {}
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        element_id = dict(attrs).get("id")
        if element_id is not None:
            self.ids.append(element_id)
            if re.fullmatch(r"h[1-6]", tag):
                self._heading, self.heading_text[element_id] = element_id, ""

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self.heading_text[self._heading] += data


def _ids(page) -> _Ids:
    parser = _Ids()
    parser.feed(page.read_text("utf-8"))
    return parser


def _clause_ids(clauses) -> set[str]:
    return {c.id for c in clauses} | {i for c in clauses for i in _clause_ids(c.children)}


def test_no_page_of_the_real_handbook_has_an_id_twice(built_site):
    twice = {str(page.relative_to(built_site)): [i for i, n in collections.Counter(_ids(page).ids).items() if n > 1]
             for page in built_site.rglob("*.html")}
    assert {page: ids for page, ids in twice.items() if ids} == {}


@pytest.mark.parametrize("kind", ["van-ban", "mo-hinh"])
def test_the_reserved_anchors_are_the_sections_the_pages_have(built_site, handbook, kind):
    """Each fixed section id on a record page (not a clause or group id from the data, not an
    id MarkDown's toc made from a heading's words) is one the check keeps data ids away from."""
    hb = handbook
    records = hb.documents if kind == "van-ban" else hb.models
    reserved = DOCUMENT_ANCHORS if kind == "van-ban" else MODEL_ANCHORS
    fixed: set[str] = set()
    for record_id, record in records.items():
        page = _ids(built_site / kind / f"{record_id}.html")
        from_data = _clause_ids(record.clauses) if kind == "van-ban" else {g.id for g in record.groups}
        slugs = {i for i, text in page.heading_text.items() if slugify(text.replace("¶", "").strip(), "-") == i}
        fixed |= {i for i in page.ids if ID.fullmatch(i)} - from_data - slugs
    assert fixed and fixed <= reserved, sorted(fixed - reserved)


@pytest.mark.slow
def test_a_text_of_the_longest_length_allowed_builds(tmp_path):
    make_data(tmp_path, {"thuat-ngu/btv.yml": TERM.replace("dien_giai: Ban Thường vụ",
                                                            "dien_giai: '" + "&" * MAX_TEXT + "'")})
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "&amp;" * 100 in (tmp_path / "site" / "thuat-ngu.html").read_text("utf-8")


@pytest.mark.parametrize("value, tag", [
    ("<b>x" + "<a" * 4_000, "<b>"),        # the tag before thousands of unclosed "<"
    ("<a" * 4_000 + "<i>", "<a<a<a"),      # a tag at the very end: the first "<a" runs up to its ">"
    ("x <a" * 2_400, None),                # no ">" anywhere: no tag, and no rescan of the value per "<"
])
def test_html_warning_is_found_past_unclosed_brackets(tmp_path, value, tag):
    make_data(tmp_path, {"thuat-ngu/btv.yml": TERM.replace("dien_giai: Ban Thường vụ", f"dien_giai: '{value}'")})
    result = run_camnang("check", "--data", "data", "--cho-phep-canh-bao", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warned = re.search(r"btv\.yml:4:12: cảnh báo: Văn bản chứa thẻ HTML `([^`]*)`", result.stderr)
    assert (warned.group(1)[:len(tag)] if warned else None) == tag, result.stderr


@pytest.mark.parametrize("gap", [" ", " " * 4_000, " \n " * 1_500, " " * 2_000 + "," + "\n" * 2_000])
def test_a_citation_keeps_its_date_issuer_and_year_across_any_run_of_spaces(gap):
    """The tail patterns read "space, optional comma, space" without trying every split of a
    run of spaces (`\\s*,?\\s*` took 5 s on one citation and 9,000 spaces; now one pass)."""
    from camnang.citations import find_citations
    directive = find_citations(f"Chỉ thị số 11-CT/TW{gap}ngày 13/4/2007{gap}của Bộ Chính trị")
    law = find_citations(f"Luật Giáo dục{gap}năm 2019")
    assert [(c.label, c.date.isoformat(), c.issuer) for c in directive] == [("Chỉ thị 11-CT/TW", "2007-04-13", "Bộ Chính trị")]
    assert [c.label for c in law] == ["Luật Giáo dục (2019)"]


def _org_chain(levels: int) -> dict[str, str]:
    """Bodies cap-0 … cap-<levels>, each directly under the one before."""
    return {f"co-quan/cap-{i}.yml": f"id: cap-{i}\nten: Cơ quan cấp {i}\ncap: Tỉnh\n"
                                    + (f"truc_thuoc: cap-{i - 1}\n" if i else "")
                                    + "nguon:\n  - tep: 000_0c4b58b529f50a1e.txt\n" for i in range(levels + 1)}


@pytest.mark.slow
def test_the_deepest_organisation_chain_allowed_builds(tmp_path):
    """32 bodies above the last one builds (2,000 passed the check and crashed the build with
    a RecursionError; bad-input case 94 holds the refused 33)."""
    from camnang.integrity import MAX_ORG_LEVELS
    make_data(tmp_path, _org_chain(MAX_ORG_LEVELS))
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "co-quan" / f"cap-{MAX_ORG_LEVELS}.html").read_text("utf-8")
    assert f'href="cap-{MAX_ORG_LEVELS - 1}.html"' in page


def test_a_body_under_itself_is_a_loop(tmp_path):
    chain = _org_chain(3)
    chain["co-quan/cap-0.yml"] = chain["co-quan/cap-0.yml"].replace("cap: Tỉnh\n", "cap: Tỉnh\ntruc_thuoc: cap-0\n")
    make_data(tmp_path, chain)
    result = run_camnang("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": lỗi: " in line] == [
        "data/co-quan/cap-0.yml:4:13: lỗi: Vòng lặp trực thuộc: cap-0 → cap-0 (tại khóa `truc_thuoc`)"]


def test_terms_that_begin_alike_are_each_marked_at_their_longest():
    """Terms looked up in a trie (one walk per word, bounded by the longest term): 2,000 terms
    starting with one word, each a prefix of the next, cost no more per word than one."""
    from camnang.vntext import TermMarker
    marker = TermMarker({"BTV": "một", "BTV X": "hai", "BTV X Y": "ba"} | {f"BTV {i}": "số" for i in range(2_000)})
    marked = marker.mark("<p>BTV X Y, BTV X; BTV XY BTV 1999 BTV</p>")
    assert re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', marked) == [
        ("ba", "BTV X Y"), ("hai", "BTV X"), ("một", "BTV"), ("số", "BTV 1999"), ("một", "BTV")]


@pytest.mark.parametrize("gap", [" \t ", " " * 50_000 + "\t  "])
def test_an_imported_line_splits_at_a_tab_after_any_run_of_spaces(gap):
    """A tab separates table cells, with the spaces around it (`[ ]*\\t+[ ]*` retried the match
    at every space of a run with no tab after it: 100,000 spaces in a pasted file took minutes)."""
    from camnang.importer.readers import read_text
    reading = read_text(f"BỘ CHÍNH TRỊ\n\nMục a{gap}b\n", "txt")
    cells = [(block.lines, block.cell) for block in reading.blocks[1:]]
    assert cells[0] == (["Mục a"], (0, 0, 0)) and cells[-1] == (["b"], (0, 0, len(cells) - 1))


def test_an_operating_system_error_is_worded_in_vietnamese(tmp_path):
    make_data(tmp_path)
    (tmp_path / "tep").write_text("không phải thư mục", "utf-8")
    result = run_camnang("build", "--data", "data", "--site", "tep/site", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("camnang: lỗi: không đọc/ghi được ") and "File exists" not in result.stderr


def test_new_refuses_an_id_the_check_would_refuse_as_too_long(tmp_path):
    make_data(tmp_path)
    result = run_camnang("new", "van-ban", "a" * 121, "--data", "data", cwd=tmp_path)
    assert result.returncode == 1 and "Mã dài 121 ký tự, quá 120 ký tự cho phép" in result.stderr
    assert not list((tmp_path / "data" / "van-ban").glob("a*.yml"))
    assert run_camnang("new", "van-ban", "a" * 120, "--data", "data", cwd=tmp_path).returncode == 0
    assert run_camnang("check", "--data", "data", cwd=tmp_path).stderr.count("lỗi:") == 0
