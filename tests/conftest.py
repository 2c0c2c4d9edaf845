"""Shared fixtures: the repository, a real build of the real handbook, small data dirs."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "seeds"
sys.path.insert(0, str(ROOT / "scripts"))  # the helpers tests share with the benchmarks
from chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402  (scripts/chromium.py; test_quality imports them here)
from static_server import serve_static  # noqa: E402  (scripts/static_server.py)


def run_camnang(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `camnang` command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "camnang", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def national_shape(monkeypatch, **budgets: int) -> None:
    """searchindex's size budgets shrunk (COMMON_BYTES 8,000, WHOLE_BYTES 4,000, COMMON_SHARD_BYTES
    2,000 unless given, and any other named) so that a few hundred short pages write an index of
    national shape: common shards, alphabetical shards, packs."""
    from camnang import searchindex

    for name, value in {"COMMON_BYTES": 8_000, "WHOLE_BYTES": 4_000, "COMMON_SHARD_BYTES": 2_000, **budgets}.items():
        assert hasattr(searchindex, name), name
        monkeypatch.setattr(searchindex, name, value)


def synthetic_data(plans: int, out: Path) -> Path:
    """`scripts/synth.py --plans N --out OUT`: the real handbook plus N generated plans, in `out`."""
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--plans", str(plans), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    return out


def synthetic_site(plans: int, folder: Path) -> Path:
    """`folder/data` from synthetic_data and `folder/site` built from it by `camnang build`; returns the site."""
    data = synthetic_data(plans, folder / "data")
    built = subprocess.run([sys.executable, "-m", "camnang", "build", "--data", str(data), "--site", str(folder / "site")],
                           cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stdout + built.stderr
    return folder / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real handbook built once by `camnang build` (strict MkDocs) into a temp dir."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = run_camnang("build", "--data", str(ROOT / "data"), "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built handbook served over HTTP on 127.0.0.1 (a free port)."""
    server = serve_static(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Real Chromium (Debian's package), driven by Playwright. Missing Chromium is a failure."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Không thấy Chromium ở {CHROMIUM}; chạy `make test` để cài"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def handbook():
    from camnang.loader import load_handbook
    return load_handbook(ROOT / "data").handbook


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "td", "div", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path, section: str | None = None) -> str:
    """Visible text of the article of a built page (or of the part from heading `section` on),
    whitespace collapsed, permalinks removed."""
    raw = path.read_text("utf-8")
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', raw, re.S)
    article = match.group(1) if match else raw
    if section:
        article = article.split(f'id="{section}"', 1)[1]
    parser = _TextExtractor()
    parser.feed(article)
    text = html.unescape("".join(parser.parts)).replace("¶", " ")
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text))


# Fixtures that start a real browser (Chromium, Lighthouse) mark their tests `browser`; fixtures
# that run a whole build of their own (beyond the session's `built_site`) mark theirs `slow`.
# `make test-fast` leaves both out; `make test` runs everything.
_BROWSER_FIXTURES = {"browser", "page", "lighthouse_warmed"}
_SLOW_FIXTURES = {"hostile_site"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if _BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        if _SLOW_FIXTURES & fixtures:
            item.add_marker(pytest.mark.slow)
