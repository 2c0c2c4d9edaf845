"""Accessibility and page quality in real Chromium: axe-core and Lighthouse (mobile)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import CHROMIUM, CHROMIUM_FLAGS, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

# Home, a document, a model page with a checklist, a topic page (the last two when they exist).
PAGES = ["index.html", "van-ban/ket-luan-49-kl-tw.html", "van-ban/ke-hoach-hkh-thai-binh-2023.html"]
OPTIONAL_PAGES = ["mo-hinh/don-vi-hoc-tap.html", "chuyen-de/index.html"]


def pages_to_check(site) -> list[str]:
    return PAGES + [p for p in OPTIONAL_PAGES if (site / p).exists()]


def test_axe_finds_no_serious_or_critical_violation(page, site_url, built_site):
    assert AXE.exists(), "Thiếu axe-core; chạy `make test` để cài"
    report = {}
    for path in pages_to_check(built_site):
        page.goto(site_url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in violations
               if v["impact"] in ("serious", "critical")]
        if bad:
            report[path] = bad
    assert report == {}


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_mobile_scores(site_url, path, tmp_path):
    assert LIGHTHOUSE.exists(), "Thiếu Lighthouse; chạy `make test` để cài"
    out = tmp_path / "lh.json"
    result = subprocess.run(
        [str(LIGHTHOUSE), site_url + path, "--quiet", "--only-categories=performance,accessibility",
         "--output=json", f"--output-path={out}", "--chrome-flags=" + " ".join(CHROMIUM_FLAGS)],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    scores = {k: v["score"] for k, v in json.loads(out.read_text("utf-8"))["categories"].items()}
    print(f"Lighthouse {path}: {scores}")
    assert scores["performance"] >= 0.9 and scores["accessibility"] >= 0.95, scores
