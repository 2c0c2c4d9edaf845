"""A hostile pull request: markup in every text field of the real handbook never becomes live markup.

The corpus is the real data with a payload appended to every free-text field (titles, names,
summaries, clause text, notes, topic and model texts), abbreviations whose definitions try to
break out of their line, and source URLs that try to break out of their attribute. `check` only
warns (HTML in text), so `camnang build --cho-phep-canh-bao` builds it, and the parsed HTML of
every page, the search index and the embedded JSON are inspected.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, run_camnang
from hypothesis import given, settings
from hypothesis import strategies as st

from camnang.render.lists import abbreviation_marker
from camnang.searchindex import ShardedIndex
from camnang.vntext import TermMarker, attr, md, one_line, safe_url

# Each payload tries a different way out; every one would raise a dialog if it ran. (CR, U+2028
# and other line breaks Markdown or browsers read are refused by the loader; md() is tested on them below.)
PAYLOADS = [
    "</title><script>alert(1)</script>",
    '<img src=x onerror=alert(2)>',
    '"><svg onload=alert(3)>',
    "x\n\n{: tabindex=0 autofocus onfocus=alert(4) }",
    "x\n\nP\n{: tabindex=0 autofocus onfocus=alert(5) }\n",
    "[bấm](javascript:alert(6))",
    "x\n\n{: tabindex=0 autofocus onfocus=alert(7) }\n\n*[BTV]: <b onmouseover=alert(8)>",
    "&lt;script&gt;alert(9)&lt;/script&gt; &#60;script&#62;alert(9)",
    "]]><script>alert(10)</script><!--",
    "`<script>alert(11)</script>` </textarea><script>alert(11)</script>",
    "x\n===\n:   <iframe src=javascript:alert(12)>",
    "<a href='javascript:alert(13)' title=\"x\">bấm</a> {#x onclick=alert(13)}",
]
# Page titles: the short name of a document, the name of a body, a model or a topic.
TITLE_PAYLOAD = '</title><script>alert(21)</script> "><img src=x onerror=alert(22)>'
TEXT_KEYS = {"trich_yeu", "tieu_de", "viet_tat", "dien_giai", "nguoi_ky", "chuc_vu", "noi_ban_hanh", "giai_doan",
             "loi_dan", "gioi_thieu", "doi_tuong", "mo_ta", "dinh_nghia", "con_thieu", "vi_tri", "ghi_chu",
             "noi_dung", "cau_hoi", "ket_luan", "so", "muc_dich", "pham_vi", "ten_viet_tat", "viec", "cap_do",
             "thuat_ngu", "don_vi", "so_sanh"}
TITLE_KEYS = {"ten_ngan", "ten"}
# Abbreviations that try to leave their definition line, or that are HTML words themselves
# (marking them inside a tag, an attribute or an entity would break the page).
HOSTILE_TERMS = {
    "tan-lf": ("TAN", "Giải thích\n\nP\n{: tabindex=0 autofocus onfocus=alert(31) }\n\n[bấm](javascript:alert(32))"),
    "tan-block": ("TANB\n\n{: tabindex=0 autofocus onfocus=alert(33) }\n", "Giải thích"),
    "tan-bracket": ("A]B", 'say "hi" & <b onmouseover=alert(34)>'),
    "tan-md": ("*[TAM]*", "[x](javascript:alert(35)) {: onclick=alert(35) }"),
    "tan-tab": ("TAU", "Giải thích\t\n \n\t{: autofocus onfocus=alert(36) tabindex=0 }"),
    "tan-lt": ("lt", "không được gắn trong &lt;"),
    "tan-amp": ("amp", "không được gắn trong &amp;"),
    "tan-href": ("href", "không được gắn trong thuộc tính"),
    "tan-class": ("class", "không được gắn trong thẻ"),
    "tan-abbr": ("abbr", "không được gắn trong thẻ abbr"),
    "tan-title": ("title", "không được gắn trong thẻ title"),
}
HOSTILE_URLS = [
    'https://example.vn/a"onmouseover="alert(41)"',
    "https://example.vn/\\\"><svg/onload=alert(42)>",
    "https://example.vn/tài-liệu?q=Đ&x='1'#(a)",
    "https://example.vn/a)](javascript:alert(43))",
]
CSV_TOPIC = "quan-triet-chi-thi-11-ket-luan-49"
CSV_FORMULA = '=HYPERLINK("https://example.invalid/","bấm")'


def write_hostile_data(dst: Path) -> Path:
    """The real data with every payload above; returns the data folder."""
    data = dst / "data"
    shutil.copytree(ROOT / "data", data)
    payloads = itertools.cycle(PAYLOADS)
    for path in sorted(data.rglob("*.yml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        _poison(record, payloads)
        if path.parent.name == "van-ban" and path.stem == "ket-luan-49-kl-tw":
            record["nguon"] += [{"url": url} for url in HOSTILE_URLS]
        if path.parent.name == "chuyen-de" and path.stem == CSV_TOPIC:
            record["chuan_bi"][0]["viec"] = CSV_FORMULA  # a spreadsheet formula, exported as a checklist row
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10**6), "utf-8")
    for term_id, (term, explanation) in HOSTILE_TERMS.items():
        record = {"id": term_id, "thuat_ngu": term, "loai": "viet_tat", "dien_giai": explanation,
                  "nguon": [{"tep": "000_0c4b58b529f50a1e.txt"}]}
        (data / "thuat-ngu" / f"{term_id}.yml").write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
    # The hostile abbreviations occur in a text, so they are marked somewhere.
    summary = data / "co-quan" / "quoc-hoi.yml"
    record = yaml.safe_load(summary.read_text("utf-8"))
    record["ghi_chu"] = [{"loai": "bien_tap", "noi_dung": "TAN, TAU, A]B và TANB lt amp href class abbr title."}]
    summary.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10**6), "utf-8")
    return data


def _poison(value, payloads) -> None:
    """Append a payload to every free-text string (ids, references, enums and dates stay valid)."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in list(items):
        if isinstance(child, str) and key in TITLE_KEYS:
            value[key] = f"{child} {TITLE_PAYLOAD}"
        elif isinstance(child, str) and (key in TEXT_KEYS or ((key == "van_ban" or isinstance(key, int)) and " " in child)):
            value[key] = f"{child} {next(payloads)}"
        else:
            _poison(child, payloads)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_data(root)
    result = run_camnang("build", "--data", "data", "--site", "site", "--cho-phep-canh-bao", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "cảnh báo: Văn bản chứa thẻ HTML" in result.stderr  # check saw the tags and only warned
    return root / "site"


class _Page(HTMLParser):
    """Elements, attributes, <title> and inline scripts of one page, parsed as a browser would:
    <title> and <textarea> are raw text up to their end tag (RCDATA), scripts are raw text."""

    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.elements: list[tuple[str, dict, tuple[str, ...]]] = []  # tag, attributes, open ancestors
        self.stack: list[str] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": [], "title": [], "textarea": []}
        self._raw_tag: str | None = None
        self._raw_attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), tuple(self.stack)))
        if tag in self.raw:
            self._raw_tag, self._raw_attrs = tag, dict(attrs)
            self.raw[tag].append("")
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "path", "rect", "use", "wbr"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag):
        if tag == self._raw_tag:
            self._raw_tag = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._raw_tag:
            self.raw[self._raw_tag][-1] += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _known_scripts(site: Path) -> set[str]:
    """Script files of the theme and ours (never a file the data could name)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    ours = config["extra_javascript"] + config["extra"]["polyfills"]
    bundles = [p.relative_to(site).as_posix() for p in (site / "assets" / "javascripts").glob("*.js")]
    return set(ours + bundles)


def test_no_script_but_ours(hostile_site):
    known = _known_scripts(hostile_site)
    for path in _pages(hostile_site):
        page = _parse(path)
        for tag, attrs, _ in page.elements:
            if tag == "script" and "src" in attrs:
                src = re.sub(r"^(?:\.\./|/)*", "", attrs["src"])  # relative to the page, or to the root (404)
                assert src in known, (path, attrs)
        for script in page.raw["script"]:
            assert "alert(" not in script and "</" not in script, (path, script[:200])


def test_no_event_handler_or_script_url_anywhere(hostile_site):
    for path in _pages(hostile_site):
        for tag, attrs, _ in _parse(path).elements:
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, attrs)
                assert name not in ("autofocus", "srcdoc", "formaction"), (path, tag, attrs)
                if name in ("href", "src", "action", "xlink:href", "data") and value:
                    plain = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                    assert not plain.startswith(("javascript:", "data:", "vbscript:")), (path, tag, attrs)
            assert tag not in ("iframe", "object", "embed", "img", "b"), (path, tag, attrs)


def test_titles_hold_text_only(hostile_site):
    for path in _pages(hostile_site):
        for title in _parse(path).raw["title"]:  # the page's, then those of SVG nodes (not raw text there)
            assert "<" not in title and ">" not in title, (path, title)
    title = _parse(hostile_site / "van-ban" / "ket-luan-49-kl-tw.html").raw["title"][0]
    assert html.unescape(title).startswith("Kết luận 49-KL/TW " + TITLE_PAYLOAD)


def test_payload_tags_are_text_where_the_data_is_shown(hostile_site):
    """The heading of a page shows the payload as written (escaped once, not dropped, not doubled)."""
    raw = (hostile_site / "van-ban" / "ket-luan-49-kl-tw.html").read_text("utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", raw, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", heading)).strip() == "Kết luận 49-KL/TW " + TITLE_PAYLOAD


def test_source_urls_stay_inside_their_attribute(hostile_site):
    page = _parse(hostile_site / "van-ban" / "ket-luan-49-kl-tw.html")
    hrefs = {attrs.get("href") for tag, attrs, _ in page.elements if tag == "a"}
    for url in HOSTILE_URLS:
        assert safe_url(url) in hrefs, url
        assert not re.search(r"[\s\"'<>\\()]", safe_url(url).split("://", 1)[1]), url


def test_abbreviations_are_marked_as_text(hostile_site):
    """Each hostile abbreviation is marked where it occurs, with its explanation on one line as
    the title; never inside a link, code, SVG, an existing abbreviation or a tag."""
    page = _parse(hostile_site / "co-quan" / "quoc-hoi.html")
    titles = {}
    for tag, attrs, ancestors in page.elements:
        if tag == "abbr":
            assert not {"a", "abbr", "code", "pre", "svg", "title", "button"} & set(ancestors), ancestors
            titles.setdefault(attrs["title"], 0)
            titles[attrs["title"]] += 1
    for term_id in ("tan-lf", "tan-tab", "tan-bracket"):
        explanation = HOSTILE_TERMS[term_id][1]
        assert " ".join(explanation.split()) in titles, (term_id, sorted(titles)[:5])
    raw = (hostile_site / "co-quan" / "quoc-hoi.html").read_text("utf-8")
    assert 'title="không được gắn trong &amp;lt;">lt</abbr>' in raw
    assert "&lt;" in raw and "&amp;" in raw  # entities are intact, "lt" and "amp" not marked inside them


def test_search_index_holds_text_only(hostile_site):
    for location, title, text in ShardedIndex(hostile_site / "search").entries:
        for value in (title, text):  # the previews drop tags; the hostile text stays escaped
            assert not re.findall(r"<[^>]*>", value), (location, value)


def test_diagram_labels_are_text(hostile_site):
    page = _parse(hostile_site / "van-ban" / "so-do.html")
    svg_tags = {tag for tag, _, ancestors in page.elements if "svg" in ancestors}
    assert svg_tags <= {"defs", "marker", "path", "a", "title", "rect", "text", "tspan"}, svg_tags


# --- The escaping functions themselves ------------------------------------------------------

LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[f"U+{ord(b[0]):04X}" for b in LINE_BREAKS])
def test_md_leaves_no_raw_line_break(brk):
    """Markdown reads CR (and we treat every Unicode line break) as a line end: each becomes a
    hard break (<br>) on the same line, so nothing after it can start a Markdown block and no
    continuation line depends on the enclosing block's indentation."""
    out = md(f"a{brk}{brk}{{: onclick=x }}{brk}=== {brk}:   b{brk}~~~")
    assert not re.search("[\n\r\u2028\u2029\x85\x0b\x0c\x1c-\x1e]", out)
    assert out.split("<br>") == ["a", "", "\\{: onclick=x \\}", "&#61;==", "&#58;   b", "&#126;~~"]


def test_attr_is_one_line_of_text():
    assert attr('a\r\n"b"\u2028<c>{d}') == "a &quot;b&quot; &lt;c&gt;&#123;d&#125;"
    assert one_line(" a\u2029\x85b\tc ") == "a b c"


def test_safe_url_encodes_everything_that_could_end_an_attribute_or_a_link():
    assert safe_url('https://x.vn/a"b c\\d(e)<f>|g\u2028ü') == \
        "https://x.vn/a%22b%20c%5Cd%28e%29%3Cf%3E%7Cg%E2%80%A8%C3%BC"
    with pytest.raises(ValueError):
        safe_url("javascript:alert(1)")


def test_marker_skips_tags_attributes_entities_and_code():
    marker = TermMarker({"QĐ": 'Quyết "định"', "lt": "x", "BCĐ XD XHHT": "dài", "XD": "ngắn", "a]b": "ngoặc"})
    page = ('<p title="QĐ lt">QĐ 489/QĐ-TTg &lt;QĐ&gt; <a href="QĐ">QĐ</a> <code>QĐ</code> BCĐ XD XHHT XD '
            "QĐX a]b</p><!-- QĐ --><script>var QĐ = 1 < 2;</script><svg><title>QĐ</title></svg>")
    q = '<abbr title="Quyết &quot;định&quot;">QĐ</abbr>'
    assert marker.mark(page) == (
        f'<p title="QĐ lt">{q} 489/{q}-TTg &lt;{q}&gt; <a href="QĐ">QĐ</a> <code>QĐ</code> '
        '<abbr title="dài">BCĐ XD XHHT</abbr> <abbr title="ngắn">XD</abbr> QĐX <abbr title="ngoặc">a]b</abbr></p>'
        "<!-- QĐ --><script>var QĐ = 1 < 2;</script><svg><title>QĐ</title></svg>")


def test_marker_with_thousands_of_terms_marks_only_what_the_page_holds(handbook):
    terms = {f"ZQ{i}X": f"thuật ngữ thử {i}" for i in range(3000)}
    terms["ZQ7X"] = "bảy"
    text = "<p>" + " ".join(f"ZQ{i}X" for i in range(0, 3000, 1000)) + " ZQ7X ZQ7XY</p>"
    assert TermMarker(terms).mark(text) == (
        '<p><abbr title="thuật ngữ thử 0">ZQ0X</abbr> <abbr title="thuật ngữ thử 1000">ZQ1000X</abbr> '
        '<abbr title="thuật ngữ thử 2000">ZQ2000X</abbr> <abbr title="bảy">ZQ7X</abbr> ZQ7XY</p>')
    marker = abbreviation_marker(handbook)  # the real glossary: terms with auto_abbr only
    assert marker.mark("<p>BTV</p>") == '<p><abbr title="Ban Thường vụ">BTV</abbr></p>'


# --- Property: whatever the text, md() and TermMarker give text, never markup ---------------

# Pieces of Markdown, attribute-list, abbreviation and HTML syntax, Vietnamese letters, spaces and
# the line breaks Markdown reads (CR, LF) or browsers and editors treat as such.
_PIECES = list("<>&\"'`*_{}[]()#+-.!|:=~\\/^$%@ \t\n\rabcQĐđệỳ0123") + [
    "\u2028", "\u00a0", "{:", "{#", "*[", "](", "]:", "javascript:", "<script>", "</title>", "&lt;", "&#60;",
    "&amp;", "<!--", "-->", "```", "    ", "\n\n", "!!! note", "1. ", "- ", "> ", "===", "---", ":   ", "<http://x>",
    " onfocus=alert(1) ", "markdown=\"1\"", "\\\n",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
# Every Markdown context the renderers put data text in: the tags each may produce, and its
# own attributes (the only ones allowed).
_CONTEXTS = [
    ("{}", {"p", "br"}, set()),
    ("- {}", {"ul", "li", "p", "br"}, set()),
    ("**{}**", {"p", "strong", "br"}, set()),
    ("[{}](x.md)", {"p", "a", "br"}, {("href", "x.md")}),
    ("| A | B |\n|---|---|\n| {} | b |", {"table", "thead", "tbody", "tr", "th", "td", "p", "br"}, set()),
    ('<div class="cn-meta" markdown>\n\n{}\n\n</div>', {"div", "p", "br"}, {("class", "cn-meta")}),
]
_MARKDOWN = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"])


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(attrs)
        if tag == "br":  # a hard break is a line break of the text
            self.text.append("\n")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_md_gives_text_in_every_context(text):
    escaped = md(text)
    for template, tags, own_attrs in _CONTEXTS:
        if not escaped.strip() and template != "{}":
            continue  # "****" or "[](x.md)": no renderer writes an empty value there
        out = _Collect()
        out.feed(_MARKDOWN.reset().convert(template.replace("{}", escaped)))
        assert out.tags <= tags, (template, text, out.tags - tags)
        assert out.attrs <= own_attrs, (template, text, out.attrs - own_attrs)
        if template == "{}":  # shown as written: the same words, line breaks aside
            assert "".join(out.text).split() == text.split(), text


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.lists(st.sampled_from(["QĐ", "a", "lt", "amp", "b/c", "A]B", "x y", "{:", "<b>"]), max_size=5))
def test_marker_gives_text_with_abbr_only(text, terms):
    page = "<p>" + html.escape(text, quote=False) + '</p><a href="#">' + html.escape(text) + "</a>"
    out = _Collect()
    out.feed(TermMarker({t: f'giải thích "{t}" <i>' for t in terms}).mark(page))
    assert out.tags <= {"p", "a", "abbr"}
    assert {name for name, _ in out.attrs} <= {"href", "title"}
    assert "".join(out.text) == text + text


# --- Ids that would take a generated page -----------------------------------------------------

def test_every_generated_page_that_is_no_record_is_reserved(handbook):
    """What integrity refuses as an id is exactly what the site generates besides the records' pages."""
    from camnang.schema import load_schema
    from camnang.site import generated_pages, reserved_pages

    records = {r.url for kind in (handbook.documents, handbook.organisations, handbook.models, handbook.topics,
                                  handbook.timeline.units) for r in kind.values()}
    reserved = reserved_pages(load_schema("van-ban")["properties"]["loai"]["enum"])
    assert set(generated_pages(handbook)) - records <= set(reserved)
    assert {"van-ban/index.md", "van-ban/so-do.md", "van-ban/loai-ke-hoach.md", "co-quan/index.md",
            "chuyen-de/index.md", "mo-hinh/index.md"} <= set(reserved)
