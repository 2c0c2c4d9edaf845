"""No broken internal link or anchor anywhere in the built site."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class _LinksAndIds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(attrs[key])


def test_no_broken_internal_links_or_anchors(built_site):
    pages = {}
    for path in built_site.rglob("*.html"):
        parser = _LinksAndIds()
        parser.feed(path.read_text("utf-8"))
        pages[path.relative_to(built_site).as_posix()] = parser
    broken = []
    checked = 0
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or page == "404.html":
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
            checked += 1
            if not (built_site / target).exists():
                broken.append(f"{page} → {link} (không có tệp)")
            elif parts.fragment and target.endswith(".html") and parts.fragment not in pages[target].ids:
                broken.append(f"{page} → {link} (không có neo #{parts.fragment})")
    assert checked > 1000
    assert broken == []
