"""Property-based attack on the input boundary (hypothesis).

Generated YAML values — control characters, Unicode edge cases, lone surrogates, deep
structures, Markdown, HTML and attribute-list syntax — go into the text fields of a small
handbook. For each, either `camnang check` stops with positioned Vietnamese errors, or the
build succeeds and no element, attribute, script or title content in the HTML (or in the
search index) came from the data unescaped. Examples are derandomised so CI is repeatable;
CAMNANG_FUZZ_EXAMPLES=500 runs a longer campaign locally.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_camnang
from datasets import DIRECTIVE, ORG, PLAN, TERM, make_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camnang import cli
from camnang.searchindex import ShardedIndex

pytestmark = pytest.mark.slow  # generated files and whole builds (hypothesis): left out by `make test-fast`

EXAMPLES = int(os.environ.get("CAMNANG_FUZZ_EXAMPLES", "0"))

# Payloads whose only way into the HTML structure is a failure of escaping: every one of them,
# if it ever became markup, creates a tag, attribute or class whose name contains "pwn", an
# event handler, a javascript: URL, or a script with PWN in it.
PAYLOADS = [
    "<pwn-tag>", "<b pwn-attr=1>x</b>", "<img src=x onerror=PWN()>", "<script>PWN()</script>",
    "</title><pwn-tag>", "</textarea><pwn-tag>", '" pwn-attr="1', "' pwn-attr='1", "{: pwn-attr=1 onclick=PWN() }",
    "\n\n{: .pwn-class pwn-attr=1 autofocus onfocus=PWN() }", "{#pwn .pwn-class}", "[x](javascript:PWN())",
    "<javascript:PWN()>", "![x](javascript:PWN())", "*[BTV]: <pwn-tag>", "\r*[x]: y\r{: pwn-attr=1 }",
    "<svg><pwn-tag/></svg>", "&lt;pwn-tag&gt;", "&#x3C;pwn-tag&#x3E;", "<!-- x", "<![CDATA[<pwn-tag>]]>",
    "`<pwn-tag>`", "```\n<pwn-tag>\n```", "<div markdown=1><pwn-tag></div>", "[x]: javascript:PWN()",
    "  \n<pwn-tag>", "\\<pwn-tag>", "<<pwn-tag>>", "| a | <pwn-tag> |", "$$<pwn-tag>$$", "{{ pwn }}",
    "{% raw %}", "[[pwn-tag]]", "<a href='javascript:PWN()'>x</a>", '"><pwn-tag x="', "\u2028<pwn-tag>",
    "\x85<pwn-tag>", "<math><pwn-tag>", "-->\n<pwn-tag>", "!!! note \"<pwn-tag>\"\n    x", "=== \"<pwn-tag>\"",
]
SPECIAL = ["\r", "\r\n", "\n\n", "\t", "\x0b", "\x0c", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
           "\u202e", "\u2066", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\U0001f600", "e\u0301",
           "đ", "Đ", "*", "_", "[", "]", "(", ")", "{", "}", "<", ">", "&", "|", "`", "#", "!", ":", "\\", "'", '"']


def _parts():
    return st.one_of(st.sampled_from(PAYLOADS), st.sampled_from(SPECIAL),
                     st.text(st.characters(codec="utf-8"), max_size=12),
                     st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=6))


TEXT = st.lists(_parts(), min_size=1, max_size=5).map("".join)


def _double_quoted(text: str) -> str:
    """YAML double-quoted scalar; anything outside printable ASCII as an escape (so lone
    surrogates and control characters reach the parser, as a hostile editor could write them)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _raw(text: str, style: str, indent: str) -> str:
    if style == "double":
        return _double_quoted(text)
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "literal":
        return "|-\n" + "\n".join(indent + "  " + line for line in text.split("\n"))
    return text  # plain: often not valid YAML, which must then be a positioned error


def _deep(depth: int, kind: str) -> str:
    if kind == "flow-seq":
        return "[" * depth + "]" * depth
    if kind == "flow-map":
        return "{a: " * depth + "1" + "}" * depth
    return "\n" + "".join(" " * i + "- \n" for i in range(1, min(depth, 400)))


STYLE = st.sampled_from(["double", "double", "single", "literal", "plain"])
FIELDS = {  # file → (field, the text it replaces, indent of its key)
    "van-ban/chi-thi-11-ct-tw.yml:ten_ngan": (DIRECTIVE, "ten_ngan: Chỉ thị 11-CT/TW", "ten_ngan: ", ""),
    "van-ban/chi-thi-11-ct-tw.yml:trich_yeu": (DIRECTIVE, "trich_yeu: về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học",
                                             "trich_yeu: ", ""),
    "van-ban/ke-hoach-mau.yml:ten_ngan": (PLAN, "ten_ngan: Kế hoạch mẫu", "ten_ngan: ", ""),
    "van-ban/ke-hoach-mau.yml:tieu_de": (PLAN, "tieu_de: MỤC ĐÍCH, YÊU CẦU", "tieu_de: ", "    "),
    "van-ban/ke-hoach-mau.yml:van_ban": (PLAN, "van_ban: Tăng cường sự lãnh đạo.", "van_ban: ", "        "),
    "thuat-ngu/btv.yml:thuat_ngu": (TERM, "thuat_ngu: BTV", "thuat_ngu: ", ""),
    "thuat-ngu/btv.yml:dien_giai": (TERM, "dien_giai: Ban Thường vụ", "dien_giai: ", ""),
    "co-quan/bo-chinh-tri.yml:ten": (ORG, "ten: Bộ Chính trị", "ten: ", ""),
}


@st.composite
def hostile_changes(draw) -> dict[str, bytes]:
    """Some text fields of the small handbook replaced by generated values."""
    chosen = draw(st.lists(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=4, unique=True))
    files: dict[str, str] = {}
    for key in chosen:
        rel = key.split(":")[0]
        base, line, key_text, indent = FIELDS[key]
        if draw(st.integers(0, 15)) == 0:
            value = _deep(draw(st.sampled_from([50, 1_000, 5_000, 120_000])),
                          draw(st.sampled_from(["flow-seq", "flow-map", "block"])))
        else:
            value = _raw(draw(TEXT), draw(STYLE), indent)
        files[rel] = files.get(rel, base).replace(line, key_text + value, 1)
    # A raw lone surrogate becomes the bytes an editor's broken tool would write (ED A0 80 …).
    return {rel: text.encode("utf-8", "surrogatepass") for rel, text in files.items()}


POSITIONED = re.compile(r"^(?P<file>[^\s:][^:]*\.ya?ml):(?P<line>\d+):(?P<col>\d+): (lỗi|cảnh báo): \S")


def _check_in_process(data: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["check", "--data", str(data), "--cho-phep-canh-bao"])
    return code, err.getvalue()


def _assert_positioned(stderr: str) -> None:
    diagnostics = [line for line in stderr.splitlines() if re.search(r": (lỗi|cảnh báo): ", line)]
    assert diagnostics, f"rejected without a positioned message:\n{stderr}"
    for line in diagnostics:
        match = POSITIONED.match(line)
        assert match and int(match["line"]) >= 1 and int(match["col"]) >= 1, f"not positioned: {line!r}"


class _StructureScan(HTMLParser):
    """Collects every sign that text from the data became markup."""

    URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script = self._title = False

    def handle_starttag(self, tag, attrs):
        if "pwn" in tag:
            self.problems.append(f"tag <{tag}>")
        if self._title:
            self.problems.append(f"tag <{tag}> inside <title>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or "pwn" in name:
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            if name == "class" and "pwn" in value:
                self.problems.append(f"class {value!r} on <{tag}>")
            if name in self.URL_ATTRS and re.match(r"\s*(javascript|vbscript|data):", value, re.I):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        self._script = tag == "script"
        self._title = self._title or tag == "title"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False
        if tag == "title":
            self._title = False

    def handle_data(self, data):
        if self._script and "PWN" in data:
            self.problems.append(f"script content {data[:80]!r}")


def markup_problems(html_text: str) -> list[str]:
    scan = _StructureScan()
    scan.feed(html_text)
    scan.close()
    return scan.problems


def _site_problems(site: Path) -> list[str]:
    problems = [f"{page.relative_to(site)}: {p}" for page in sorted(site.rglob("*.html"))
                for p in markup_problems(page.read_text("utf-8"))]
    for location, title, text in ShardedIndex(site / "search").entries:  # search results show these as HTML
        problems += [f"search index {location} {field}: {p}" for field, value in (("title", title), ("text", text))
                     for p in markup_problems(value)]
    return problems


def test_the_scanner_sees_markup_that_came_through():
    """The detector itself: each payload, pasted raw into a page, is caught."""
    caught = [p for p in PAYLOADS if markup_problems(f"<html><head><title>{p}</title></head><body>{p}</body></html>")]
    assert len(caught) >= 20
    assert markup_problems('<p title="&lt;pwn-tag&gt;">&lt;pwn-tag&gt; " pwn-attr="1</p>') == []


@settings(max_examples=EXAMPLES or 150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(changes=hostile_changes())
def test_check_gives_positioned_errors_or_accepts(tmp_path_factory, changes):
    data = make_data(tmp_path_factory.mktemp("fuzz-check"), changes)
    code, stderr = _check_in_process(data)
    assert code in (0, 1), stderr
    if code == 1:
        _assert_positioned(stderr)
    shutil.rmtree(data.parent, ignore_errors=True)


@settings(max_examples=EXAMPLES // 10 or 12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(changes=hostile_changes())
def test_whatever_check_accepts_builds_without_live_markup(tmp_path_factory, changes):
    root = tmp_path_factory.mktemp("fuzz-build")
    make_data(root, changes)
    result = run_camnang("build", "--data", "data", "--site", "site", "--cho-phep-canh-bao", cwd=root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    if result.returncode == 1:
        _assert_positioned(result.stderr)
    else:
        assert result.returncode == 0, output
        assert _site_problems(root / "site") == []
    shutil.rmtree(root, ignore_errors=True)


PRINTABLE = [p for p in PAYLOADS if p.isprintable()]
GROUPS = [PRINTABLE[i:i + len(FIELDS)] for i in range(0, len(PRINTABLE), len(FIELDS))]


@pytest.mark.parametrize("group", range(len(GROUPS)))
def test_printable_payloads_in_every_text_field_are_shown_not_run(tmp_path, group):
    """The fixed corpus: markup an editor may well type (no control characters) is accepted
    (with the HTML warning), built, and shown as text — one payload per text field."""
    files: dict[str, str] = {}
    for (key, (base, line, key_text, _indent)), payload in zip(sorted(FIELDS.items()), GROUPS[group], strict=False):  # the last group is shorter
        rel = key.split(":")[0]
        files[rel] = files.get(rel, base).replace(line, key_text + _double_quoted(payload), 1)
    make_data(tmp_path, files)
    result = run_camnang("build", "--data", "data", "--site", "site", "--cho-phep-canh-bao", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _site_problems(tmp_path / "site") == []
