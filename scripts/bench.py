#!/usr/bin/env python3
"""Benchmark the build: the real handbook and synthetic national corpora.

    scripts/bench.py                 # real + 150 + 300 synthetic plans, table on stdout
    scripts/bench.py --write         # also rewrite BENCHMARKS.md
    scripts/bench.py --sizes 50 100  # other corpus sizes

Each corpus is measured in a fresh process (peak memory is per build). Phases:
load+validate (camnang.loader), hooks (page generation in the MkDocs events),
MkDocs rendering (the rest of `mkdocs build`), PDFs (compiled in threads alongside MkDocs:
their own time, and how long the build still waited for them).
The hooks' share is set against MkDocs building the same pages as plain Markdown files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(data_dir: Path) -> dict:
    """One build of data_dir, phase by phase (runs inside the child process)."""
    # The build date, as `camnang build` sets it (the last commit): the data may hold dates up to today.
    os.environ.setdefault("SOURCE_DATE_EPOCH", subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                                                              capture_output=True, text=True).stdout.strip() or "0")
    os.environ["CAMNANG_DATA"] = str(data_dir)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from camnang.loader import load_cached

    citation_time = _citations_switch(os.environ.get("CAMNANG_BENCH_CITATIONS", "on"))
    started = time.perf_counter()
    result = load_cached(data_dir)
    load = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
        t0 = time.perf_counter()
        build(config)
        total = time.perf_counter() - t0
        state = config.hooks["hooks/camnang_hooks.py"]._state
        timings = state["timings"]
        wait = timings.get("_write_pdfs", 0.0)  # inside on_post_build: waiting for the Typst threads
        hooks = sum(v for k, v in timings.items() if k != "_write_pdfs") - wait
        plain = plain_markdown_build(result.handbook, Path(tmp))
        sizes = site_sizes(site)
    return {
        "documents": len(result.handbook.documents), "pages": sizes["pages"],
        "load_s": load, "hooks_s": hooks, "mkdocs_s": total - hooks - wait, "pdf_s": state["pdf_report"].seconds,
        "pdf_wait_s": wait, "pdf_files": len(state["pdf_report"].files), "build_s": load + total,
        "plain_s": plain, "peak_mb": peak_mb(), "citations_s": citation_time[0],
        **sizes,
    }


def _citations_switch(mode: str) -> list[float]:
    """Time spent recognising, resolving, checking and listing citations (mode "on"), or none of it
    done at all ("off": the build without citation links, checks and gaps, for comparison).

    Wraps the three entry points: the check (at load), the linking of a text (pages and PDFs, which
    share the handbook's cached registry) and the gaps list. Returns a one-element accumulator.
    """
    from camnang import citations, citecheck
    from camnang.render import gaps

    spent = [0.0]
    entry_points = [(citecheck, "check", []), (citations._CachedRegistry, "link_targets", []),
                    (gaps, "cited_but_missing", [])]
    for owner, name, nothing in entry_points:
        original = getattr(owner, name)

        def timed(*args, _original=original, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        setattr(owner, name, timed if mode == "on" else (lambda *args, _nothing=nothing, **kwargs: _nothing))
    return spent


def peak_mb() -> float:
    """This process's peak plus the largest Typst worker's (they overlap in time): an upper bound."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers) / 1024


def plain_markdown_build(hb, tmp: Path) -> float:
    """MkDocs (same theme, extensions and nav, no hooks) building the same pages from plain files."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from camnang.site import generated_pages, navigation

    docs = tmp / "plain-docs"
    shutil.copytree(ROOT / "docs", docs)
    for uri, content in generated_pages(hb).items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
    nav = navigation(hb, [{"Trang chủ": "index.md"}, {"Hướng dẫn biên tập": "bien-tap.md"}])
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp / "plain-site"),
                         hooks=[], nav=nav, strict=False,
                         theme={"name": "material", "custom_dir": str(docs / "overrides"), "language": "custom",
                                "font": False})
    started = time.perf_counter()
    build(config)
    return time.perf_counter() - started


def site_sizes(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    # The whole search index as written (search/: Material's config file and the shards, each gzipped).
    index_files = [p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()]
    assets = {p.relative_to(site).as_posix(): len(gzip.compress(p.read_bytes(), 9))
              for p in files if p.suffix in (".css", ".js") and "lunr" not in p.parts and "workers" not in p.parts}
    heaviest, heaviest_kb = "", 0.0
    for page in (p for p in files if p.suffix == ".html"):
        html = page.read_text("utf-8")
        linked = set(re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html))
        total = len(gzip.compress(html.encode(), 9))
        for ref in linked:
            target = (page.parent / ref).resolve()
            if target.is_relative_to(site.resolve()):
                total += assets.get(target.relative_to(site.resolve()).as_posix(), 0)
        if total / 1024 > heaviest_kb:
            heaviest, heaviest_kb = page.relative_to(site).as_posix(), total / 1024
    return {"pages": sum(1 for p in files if p.suffix == ".html"), "site_mb": sum(p.stat().st_size for p in files) / 2**20,
            "index_kb": sum(map(len, index_files)) / 1024,
            "index_gz_kb": sum(len(gzip.compress(raw, 9)) for raw in index_files) / 1024,
            "heaviest_page": heaviest, "heaviest_gz_kb": heaviest_kb}


def run_child(data_dir: Path, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(data_dir)], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    if out.returncode != 0:
        sys.exit(f"Đo thất bại cho {data_dir}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[tuple[str, dict]]) -> str:
    head = ("| Bộ dữ liệu | Văn bản | Trang | Nạp + kiểm tra (s) | Hooks (s) | MkDocs (s) | PDF: tệp, dựng (s) / chờ (s) | Tổng (s) "
            "| MkDocs thuần (s) | Hooks / tổng | Bộ nhớ đỉnh (MB) | Site (MB) | Chỉ mục (KB) | Chỉ mục gzip (KB) "
            "| Trang nặng nhất + CSS/JS, gzip (KB) |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, r in rows:
        share = (r["load_s"] + r["hooks_s"]) / r["build_s"] * 100
        lines.append(f"| {name} | {r['documents']} | {r['pages']} | {r['load_s']:.2f} | {r['hooks_s']:.2f} | "
                     f"{r['mkdocs_s']:.2f} | {r['pdf_files']}, {r['pdf_s']:.2f} / {r['pdf_wait_s']:.2f} | {r['build_s']:.2f} | {r['plain_s']:.2f} | {share:.0f}% | "
                     f"{r['peak_mb']:.0f} | {r['site_mb']:.1f} | {r['index_kb']:.0f} | {r['index_gz_kb']:.0f} | "
                     f"{r['heaviest_gz_kb']:.0f} ({r['heaviest_page']}) |")
    return "\n".join(lines)


def citations_line(n: int, with_links: list[dict], without: list[dict]) -> str:
    """Budget: citation linking adds ≤ 10 % to the build at 300 synthetic plans."""
    on = min(with_links, key=lambda r: r["build_s"])
    off = min(r["build_s"] for r in without)
    inside = on["citations_s"]
    delta = on["build_s"] - off
    return (f"Liên kết trích dẫn ({n} kế hoạch tổng hợp; nhận diện, đối chiếu, kiểm tra, liên kết trên trang và PDF, "
            f"danh sách văn bản còn thiếu): đo trực tiếp {inside:.2f} s = {inside / on['build_s'] * 100:.1f} % "
            f"thời gian dựng (ngân sách ≤ 10 %); dựng nhanh nhất khi tắt hẳn phần này {off:.2f} s, khi bật "
            f"{on['build_s']:.2f} s (chênh {delta:+.2f} s, {delta / off * 100:+.1f} %; "
            f"{len(without)} lần tắt, {len(with_links)} lần bật, xen kẽ; chênh lệch gồm cả nhiễu của máy).")


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}; {os.cpu_count()} lõi; {mem:.0f} GiB RAM; Python {platform.python_version()}; {platform.system()} {platform.release()}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo thời gian dựng cẩm nang.")
    parser.add_argument("--sizes", type=int, nargs="*", default=[150, 300])
    parser.add_argument("--write", action="store_true", help="ghi kết quả vào BENCHMARKS.md")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    from synth import write as write_synthetic  # scripts/synth.py

    rows = [("Cẩm nang thật", run_child(ROOT / "data"))]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            data = Path(tmp) / f"synth-{n}"
            write_synthetic(data, n, ROOT / "data")
            rows.append((f"{n} kế hoạch tổng hợp", run_child(data)))
        if args.sizes:  # alternate on/off builds, fastest of each: a shared machine's noise is one-sided
            with_links = [rows[-1][1]]
            without = []
            for _ in range(2):
                without.append(run_child(data, {"CAMNANG_BENCH_CITATIONS": "off"}))
                with_links.append(run_child(data))
    report = table(rows)
    if args.sizes:
        report += "\n\n" + citations_line(args.sizes[-1], with_links, without)
    from bench_import import measure as measure_import  # scripts/bench_import.py

    report += "\n\n" + measure_import()
    print(report)
    if len(args.sizes) >= 2:
        a, b = rows[-2][1], rows[-1][1]
        print(f"\nGấp đôi số kế hoạch ({args.sizes[-2]} → {args.sizes[-1]}): thời gian ×{b['build_s'] / a['build_s']:.2f}")
    if args.write:
        write_report(report, rows, args.sizes)
    return 0


def write_report(report: str, rows, sizes) -> None:
    ratio = ""
    if len(sizes) >= 2:
        a, b = rows[-2][1], rows[-1][1]
        ratio = f"\nGấp đôi số kế hoạch ({sizes[-2]} → {sizes[-1]}): thời gian dựng ×{b['build_s'] / a['build_s']:.2f}.\n"
    text = (Path(ROOT / "BENCHMARKS.md").read_text("utf-8").split("<!-- bench -->")[0] if (ROOT / "BENCHMARKS.md").exists()
            else "# Đo hiệu năng\n\n")
    (ROOT / "BENCHMARKS.md").write_text(
        text + "<!-- bench -->\n\nMáy đo: " + machine() + f"\n\nLệnh: `make bench` ({time.strftime('%Y-%m-%d')}).\n\n"
        + report + "\n" + ratio, "utf-8")


if __name__ == "__main__":
    sys.exit(main())
