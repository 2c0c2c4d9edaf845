"""Interactive checklists in real Chromium: tick, score, reload, reset, labels, export, no-JS, print."""

from __future__ import annotations

import re

from playwright.sync_api import expect

MODEL = "mo-hinh/gia-dinh-hoc-tap.html"
CRITERIA = "mo-hinh--gia-dinh-hoc-tap--bo-tieu-chi-448"
PLAN = "van-ban/ke-hoach-hkh-thai-binh-2023.html"


def _list(page, checklist_id):
    return page.locator(f'[data-checklist="{checklist_id}"]')


def _score(page, checklist_id) -> str:
    """The score as a reader sees it: scrolled to (a checklist out of view is not laid out)."""
    score = _list(page, checklist_id).locator("[data-checklist-score]")
    score.scroll_into_view_if_needed()
    expect(score).to_have_text(re.compile(r"\S"), use_inner_text=True)  # drawn in the next frame
    return score.inner_text().strip()


def test_tick_scores_survive_reload_and_reset(page, site_url):
    page.goto(site_url + MODEL)
    box = _list(page, CRITERIA)
    assert _score(page, CRITERIA) == "0/2 mục · 0/20 điểm"
    box.get_by_label("Trẻ em trong độ tuổi phổ cập").check()
    assert _score(page, CRITERIA) == "1/2 mục · 10/20 điểm"
    page.reload()
    assert box.get_by_label("Trẻ em trong độ tuổi phổ cập").is_checked()
    assert not box.get_by_label("Kết quả học tập").is_checked()
    assert _score(page, CRITERIA) == "1/2 mục · 10/20 điểm"
    stored = page.evaluate(f"localStorage.getItem('camnang-checklist:{CRITERIA}')")
    assert stored == '["tre-em-den-truong"]'
    box.get_by_role("button", name="Xoá đánh dấu").click()
    assert _score(page, CRITERIA) == "0/2 mục · 0/20 điểm"
    page.reload()
    assert not box.get_by_label("Trẻ em trong độ tuổi phổ cập").is_checked()
    assert page.evaluate(f"localStorage.getItem('camnang-checklist:{CRITERIA}')") is None


def test_plan_tasks_are_ticked_per_quarter(page, site_url):
    page.goto(site_url + PLAN)
    q1, q3 = "ke-hoach-hkh-thai-binh-2023--quy-1", "ke-hoach-hkh-thai-binh-2023--quy-3"
    assert _score(page, q1) == "0/10 mục"
    _list(page, q1).get_by_label("Các cơ sở đăng ký mô hình").check()
    _list(page, q3).get_by_label("Phát động “Tháng Khuyến học”").check()
    assert _score(page, q1) == "1/10 mục" and _score(page, q3) == "1/8 mục"
    page.reload()
    assert _score(page, q1) == "1/10 mục" and _score(page, q3) == "1/8 mục"
    assert _list(page, q1).get_by_label("Các cơ sở đăng ký mô hình").is_checked()
    _list(page, q1).get_by_role("button", name="Xoá đánh dấu").click()
    assert _score(page, q1) == "0/10 mục" and _score(page, q3) == "1/8 mục"  # reset touches one list only


def test_every_checkbox_has_an_accessible_label_and_works_by_keyboard(page, site_url):
    for path in (MODEL, PLAN, "mo-hinh/don-vi-hoc-tap-chi-bo.html"):
        page.goto(site_url + path)
        names = page.locator("[data-checklist] input[type=checkbox]").evaluate_all(
            "boxes => boxes.map(b => (b.labels && b.labels.length ? b.labels[0].textContent.trim() : ''))")
        assert names and all(names), path
        count = page.locator("[data-checklist] input[type=checkbox]").count()
        assert page.get_by_role("checkbox").filter(has=page.locator("xpath=self::*[@data-item]")).count() == count
    page.goto(site_url + "mo-hinh/don-vi-hoc-tap-chi-bo.html")
    first = page.locator("[data-checklist] input[type=checkbox]").first
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    checklist = first.evaluate("b => b.closest('[data-checklist]').getAttribute('data-checklist')")
    assert _score(page, checklist).startswith("1/")


def test_export_is_a_csv_named_after_the_checklist(page, site_url, tmp_path):
    page.goto(site_url + MODEL)
    _list(page, CRITERIA).get_by_label("Kết quả học tập").check()
    with page.expect_download() as info:
        _list(page, CRITERIA).get_by_role("button", name="Tải danh sách (CSV)").click()
    download = info.value
    assert download.suggested_filename == f"{CRITERIA}.csv"
    path = tmp_path / "x.csv"
    download.save_as(path)
    rows = path.read_text("utf-8-sig").splitlines()
    assert rows[0] == '"Mục","Đã đạt","Điểm","Nguồn"'
    ticked = [r for r in rows if r.startswith('"Kết quả học tập')]
    assert ticked and ',"x","10",' in ticked[0]
    assert any(r.startswith('"Trẻ em') and ',"","10",' in r for r in rows)
    assert rows[-1] == '"Tổng","1/2 mục · 10/20 điểm"'


def test_without_javascript_the_list_is_readable(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + MODEL)
        box = _list(page, CRITERIA)
        assert box.get_by_label("Trẻ em trong độ tuổi phổ cập").is_visible()
        assert _score(page, CRITERIA) == "2 mục · tối đa 20 điểm"
        assert not box.get_by_role("button", name="Xoá đánh dấu").is_visible()  # no dead buttons
        assert "Quyết định 448/QĐ-KHVN" in box.inner_text()
    finally:
        context.close()


def test_print_shows_ticked_and_empty_boxes(page, site_url):
    page.goto(site_url + MODEL)
    box = _list(page, CRITERIA)
    box.get_by_label("Trẻ em trong độ tuổi phổ cập").check()
    page.emulate_media(media="print")
    marks = box.locator("label").evaluate_all("ls => ls.map(l => getComputedStyle(l, '::before').content)")
    assert marks == ['"☑"', '"☐"']
    assert not box.get_by_role("button", name="Xoá đánh dấu").is_visible()
    assert box.locator("input[type=checkbox]").first.is_hidden()  # the drawn mark replaces the control
    page.emulate_media(media="screen")
    assert box.locator("label").first.evaluate("l => getComputedStyle(l, '::before').content") in ("none", "normal")
