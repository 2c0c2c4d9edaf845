"""The site in real Chromium: pages load with no outside request, clause links copy."""

from __future__ import annotations

from urllib.parse import urlparse


def test_document_page_makes_no_outside_request(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "van-ban/ket-luan-49-kl-tw.html")
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requested
    assert page.title().startswith("Kết luận 49-KL/TW")


def test_clause_permalink_copies_the_address(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + "van-ban/ke-hoach-hkh-thai-binh-2023.html")
    page.locator("#ii-2-1-g3 a.cn-neo").click()
    page.get_by_role("status").filter(has_text="Đã chép liên kết").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_url + "van-ban/ke-hoach-hkh-thai-binh-2023.html#ii-2-1-g3"
    assert page.url.endswith("#ii-2-1-g3")
