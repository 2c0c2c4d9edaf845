"""The site built from the hostile corpus (test_hostile_markup.py) in real Chromium: loading,
focusing, hovering and searching raise no dialog and log no error."""

from __future__ import annotations

import pytest
from static_server import serve_static
from test_browser_search import open_search, search
from test_hostile_markup import CSV_FORMULA, CSV_TOPIC, hostile_site  # noqa: F401  (the fixture)

PAGES = [
    "index.html", "thuat-ngu.html", "van-ban/index.html", "van-ban/so-do.html", "van-ban/dong-thoi-gian.html",
    "van-ban/ket-luan-49-kl-tw.html", "van-ban/ke-hoach-hkh-thai-binh-2023.html", "co-quan/quoc-hoi.html",
    "chuyen-de/quan-triet-chi-thi-11-ket-luan-49.html", "mo-hinh/don-vi-hoc-tap-chi-bo.html",
    "viec-can-bo-sung.html", "ban-in.html", "ke-hoach/index.html",
]
# Words of the payloads and of the poisoned names: results render titles and previews as HTML.
QUERIES = ["alert", "script", "img onerror", "svg onload", "title", "Kết luận 49", "javascript"]


@pytest.fixture(scope="module")
def hostile_url(hostile_site):  # noqa: F811
    server = serve_static(hostile_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _watch(page) -> list[str]:
    """Every dialog, page error and console error of the tab, as text."""
    seen: list[str] = []

    def on_dialog(dialog):
        seen.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    page.on("console", lambda msg: seen.append(f"console: {msg.text}") if msg.type == "error" else None)
    return seen


@pytest.mark.parametrize("path", PAGES)
def test_hostile_page_runs_nothing(page, hostile_url, path):
    seen = _watch(page)
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # folded facts too
    # Focus every focusable element and move the mouse over every abbreviation and link,
    # the events autofocus/onfocus/onmouseover payloads would wait for.
    page.evaluate("""() => {
        for (const el of document.querySelectorAll('a, abbr, button, input, [tabindex], svg *')) {
            el.focus();
            for (const type of ['mouseover', 'mouseenter', 'focusin']) el.dispatchEvent(new Event(type, {bubbles: true}));
        }
    }""")
    for abbr in page.locator("article abbr").all()[:10]:
        abbr.hover()
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)
    assert seen == []
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], iframe, [onerror], [onload], [onfocus]').length") == 0


def test_hostile_search_results_run_nothing(page, hostile_url):
    seen = _watch(page)
    open_search(page, hostile_url)
    for query in QUERIES:
        results = search(page, query)
        assert results or query in ("img onerror", "svg onload"), query
        page.wait_for_timeout(100)
    assert seen == []
    assert page.evaluate("document.querySelectorAll('.md-search-result img, .md-search-result svg[onload]').length") == 0


def test_hostile_page_highlighted_from_search_runs_nothing(page, hostile_url):
    """After a click on a result, timkiem.js marks the query's words in the page's text (innerHTML)."""
    seen = _watch(page)
    page.goto(hostile_url + "van-ban/ket-luan-49-kl-tw.html?h=img%20onerror%20alert%20script%20title%20lt")
    page.wait_for_load_state("networkidle")
    page.locator("mark[data-md-highlight]").first.wait_for()
    assert seen == []
    assert page.evaluate("document.querySelectorAll('article img, article script, article svg[onload]').length") == 0


def test_checklist_export_keeps_a_formula_as_text(page, hostile_url, tmp_path):
    """A checklist row starting with "=" would be a live formula in a spreadsheet: it is exported
    with a leading apostrophe (text), quotes doubled."""
    page.goto(hostile_url + f"chuyen-de/{CSV_TOPIC}.html")
    checklist = page.locator("[data-checklist]").first
    checklist.scroll_into_view_if_needed()
    with page.expect_download() as info:
        checklist.get_by_role("button", name="Tải danh sách (CSV)").click()
    path = tmp_path / "x.csv"
    info.value.save_as(path)
    rows = path.read_text("utf-8-sig").splitlines()
    quoted = CSV_FORMULA.replace('"', '""')
    assert any(row.startswith(f'"\'{quoted}"') for row in rows), rows
    assert not any(row.startswith(('"=', "=")) for row in rows)
