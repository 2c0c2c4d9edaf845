"""Pages on a phone (issue 14 §3): the first screen of a record page shows what it is, not a table.

Measured in Chromium at 390×844 on the real handbook: the first section heading after the
facts block starts within 600 px of the top, and at most one "chưa rõ" is visible on the
first screen (all unknown facts are folded into one "Chưa rõ: …" line).
"""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
BUDGET_PX = 600

PAGES = [
    "van-ban/ket-luan-49-kl-tw.html",
    "van-ban/ke-hoach-hkh-thai-binh-2023.html",
    "mo-hinh/don-vi-hoc-tap-chi-bo.html",
    "chuyen-de/xay-dung-chi-bo-don-vi-hoc-tap.html",
]

# Where the first h2 of the article starts (page coordinates), and every visible "chưa rõ"
# on the first screen (text a reader sees: inside a closed <details> does not count).
_MEASURE = """() => {
  const article = document.querySelector('article');
  const h2 = article.querySelector('h2');
  const facts = article.querySelector('.cn-facts');
  const seen = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const count = (node.data.match(/chưa rõ/gi) || []).length;
    if (!count) continue;
    const el = node.parentElement;
    const box = el.getBoundingClientRect();
    if (el.checkVisibility() && box.top < innerHeight && box.bottom > 0) seen.push(...Array(count).fill(el.textContent));
  }
  return {h2: h2 ? h2.getBoundingClientRect().top + scrollY : null,
          facts: facts ? facts.getBoundingClientRect().bottom + scrollY : null, unknown: seen};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, device_scale_factor=1, is_mobile=True,
                                  has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_first_section_within_the_first_screen(phone, site_url, path):
    phone.goto(site_url + path)
    phone.wait_for_load_state("load")
    found = phone.evaluate(_MEASURE)
    assert found["facts"] is not None, "trang không có khối thông tin gọn (.cn-facts)"
    assert found["h2"] is not None and found["h2"] > found["facts"], found
    print(f"{path}: h2 ở {found['h2']:.0f} px")
    assert found["h2"] <= BUDGET_PX, f"{path}: mục đầu tiên bắt đầu ở {found['h2']:.0f} px (> {BUDGET_PX})"
    assert len(found["unknown"]) <= 1, f"{path}: {len(found['unknown'])} chữ “chưa rõ” trên màn hình đầu: {found['unknown']}"


def test_folded_facts_open_on_click(phone, site_url):
    """The facts not in the compact block are one click away, in a <details> that opens."""
    phone.goto(site_url + PAGES[0])
    more = phone.locator("article details.cn-more")
    assert more.count() == 1
    assert not more.locator("table").is_visible()
    more.locator("summary").click()
    assert more.locator("table").is_visible()
    assert "Người ký" in more.locator("table").inner_text()
