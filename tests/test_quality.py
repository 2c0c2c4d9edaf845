"""Accessibility and page quality in real Chromium: axe-core and Lighthouse (mobile)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import CHROMIUM, CHROMIUM_FLAGS, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

# Home, a document, a plan, a model page with a checklist, a topic page.
PAGES = ["index.html", "van-ban/ket-luan-49-kl-tw.html", "van-ban/ke-hoach-hkh-thai-binh-2023.html"]
MORE_PAGES = ["mo-hinh/don-vi-hoc-tap.html", "chuyen-de/xay-dung-chi-bo-don-vi-hoc-tap.html"]
AXE_ONLY = ["ban-in.html"]  # the printouts page: download buttons and lists of volumes


def pages_to_check(site) -> list[str]:
    pages = PAGES + MORE_PAGES + AXE_ONLY
    missing = [p for p in pages if not (site / p).exists()]
    assert not missing, missing
    return pages


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


# Lighthouse's mobile profile slows the CPU 4x, which turns a high-end desktop (benchmarkIndex
# 1500-2000 in Lighthouse's docs/throttling.md) into a mid-tier phone. On a slower host, such as a
# shared CI runner, 4x emulates a slower phone than the profile means; Lighthouse then warns and
# its docs say to lower the multiplier. We scale it by the host's benchmarkIndex: never above 4x,
# and for every host class in the docs' table at least the multiplier they suggest.
REFERENCE_BENCHMARK = 1500
DEFAULT_CPU_SLOWDOWN = 4.0


def cpu_slowdown(benchmark_index: float) -> float:
    return round(max(1.0, DEFAULT_CPU_SLOWDOWN * min(1.0, benchmark_index / REFERENCE_BENCHMARK)), 2)


@pytest.fixture(scope="session")
def lighthouse_warmed(site_url, tmp_path_factory):
    """One run, not judged: loads Chromium and Lighthouse from disk (the first run of a session
    was measured slowest)."""
    assert LIGHTHOUSE.exists(), "Thiếu Lighthouse; chạy `make test` để cài"
    lighthouse(site_url + PAGES[0], tmp_path_factory.mktemp("lh-warm-up"))


def lighthouse(url: str, folder) -> dict:
    """Scores of one mobile run, its multiplier set from the speed the host had in that very run.

    A shared host's speed swings within seconds (benchmarkIndex 1032 to 1626 in one CI test), so a
    multiplier chosen before the run misjudges it. With simulated throttling Chromium loads the page
    unthrottled and the slowdown is applied only when the trace is audited: we gather (Lighthouse
    measures the host first), then audit that same load with the multiplier its measurement calls for."""
    artifacts = folder / "artifacts"
    common = ["--quiet", "--only-categories=performance,accessibility", "--output=json",
              "--chrome-flags=" + " ".join(CHROMIUM_FLAGS)]
    _run_lighthouse([url, f"--gather-mode={artifacts}", *common])
    gathered = json.loads((artifacts / "artifacts.json").read_text("utf-8"))
    assert gathered["settings"]["throttlingMethod"] == "simulate", gathered["settings"]["throttlingMethod"]
    cpu = cpu_slowdown(gathered["BenchmarkIndex"])
    # Lighthouse audits only with the settings it gathered with; in simulate mode the multiplier
    # played no part in gathering, so it is set on the saved artifacts too.
    gathered["settings"]["throttling"]["cpuSlowdownMultiplier"] = cpu
    (artifacts / "artifacts.json").write_text(json.dumps(gathered), "utf-8")
    out = folder / "report.json"
    _run_lighthouse([url, f"--audit-mode={artifacts}", *common, f"--throttling.cpuSlowdownMultiplier={cpu}",
                     f"--output-path={out}"])
    report = json.loads(out.read_text("utf-8"))
    assert report["configSettings"]["formFactor"] == "mobile"
    assert report["configSettings"]["throttling"]["cpuSlowdownMultiplier"] == cpu
    scores = {k: v["score"] for k, v in report["categories"].items()}
    return {**scores, "cpu": cpu, "benchmarkIndex": gathered["BenchmarkIndex"]}


def _run_lighthouse(args: list[str]) -> None:
    result = subprocess.run([str(LIGHTHOUSE), *args], env={**os.environ, "CHROME_PATH": CHROMIUM},
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]


def test_cpu_slowdown_is_never_gentler_than_lighthouse_calibration():
    # docs/throttling.md: host class (benchmarkIndex range) -> multiplier suggested for a mid-tier phone
    suggested = {(1500, 2000): 4, (1000, 1500): 2, (800, 1200): 2, (125, 800): 1}
    for (low, high), multiplier in suggested.items():
        for index in range(low, high, 25):
            assert multiplier <= cpu_slowdown(index) <= DEFAULT_CPU_SLOWDOWN, index
    values = [cpu_slowdown(index) for index in range(125, 3000, 25)]
    assert values == sorted(values) and cpu_slowdown(2500) == DEFAULT_CPU_SLOWDOWN


@pytest.mark.parametrize("path", PAGES + MORE_PAGES)
def test_lighthouse_mobile_scores(site_url, built_site, path, tmp_path, lighthouse_warmed):
    assert (built_site / path).exists(), path
    runs = [lighthouse(site_url + path, tmp_path / "lh0")]
    if runs[0]["performance"] < 0.9:
        # Lighthouse's simulated timings vary run to run; when in doubt, judge by the median of three.
        runs += [lighthouse(site_url + path, tmp_path / f"lh{i}") for i in (1, 2)]
    scores = {k: sorted(r[k] for r in runs)[len(runs) // 2] for k in ("performance", "accessibility")}
    print(f"Lighthouse {path}: {scores}; lần chạy: {runs}")
    assert scores["performance"] >= 0.9 and scores["accessibility"] >= 0.95, runs
