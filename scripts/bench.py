#!/usr/bin/env python3
"""Benchmark the build: the real handbook and synthetic national corpora; rewrite BENCHMARKS.md.

    scripts/bench.py                  # real + 300, 600, 1,000, 3,000 synthetic plans, table on stdout
    scripts/bench.py --write          # also rewrite BENCHMARKS.md (after its <!-- bench --> marker)
    scripts/bench.py --sizes 50 100   # other corpus sizes (the doubling ratio is read off N and 2N)
    scripts/bench.py --quick          # no abbreviation, citation, preview or import measurements

Each corpus is built in a fresh process (peak memory is per build). Phases: load+validate
(camnang.loader), hooks (page generation in the MkDocs events), MkDocs rendering (the rest of
`mkdocs build`), PDFs (compiled in worker processes alongside MkDocs: their own time, and how long
the build still waited for them). The hooks' share is set against MkDocs building the same pages
as plain Markdown files (corpora up to 300 plans: it doubles the bench's time). Also measured:
2,000 glossary terms at N and 2N plans (the abbreviation pass must cost pages, not pages × terms),
citation linking on/off, and the `camnang serve` preview: seconds from saving a YAML file to the
new text being served, at 300 plans (scripts/serve_probe.py).
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
    marking = _marking_cpu()
    worker_peaks = _typst_worker_peaks()
    started = time.perf_counter()
    result = load_cached(data_dir)
    load = time.perf_counter() - started
    result.files.clear()  # as `camnang build` does: the build reads only the handbook
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
        # The plain-Markdown comparison doubles a build's time: only where asked (up to 300 plans).
        plain = plain_markdown_build(result.handbook, Path(tmp)) if os.environ.get("CAMNANG_BENCH_PLAIN") else None
        sizes = site_sizes(site)
    return {
        "documents": len(result.handbook.documents), "pages": sizes["pages"],
        "load_s": load, "hooks_s": hooks, "mkdocs_s": total - hooks - wait,
        "pdf_s": pdfs.seconds if (pdfs := state.get("pdf_report")) else 0.0,  # none when CAMNANG_PREVIEW is set
        "pdf_wait_s": wait, "pdf_files": len(pdfs.files) if pdfs else 0, "build_s": load + total,
        "plain_s": plain, "peak_mb": peak_mb(max(worker_peaks, default=0.0)),
        "typst_peak_mb": max(worker_peaks, default=0.0), "citations_s": citation_time[0],
        "abbr_s": marking[0], "terms": len(result.handbook.terms),
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


def _marking_cpu() -> list[float]:
    """CPU seconds (this thread) inside the abbreviation pass, vntext.TermMarker.mark: on a shared
    machine the wall clock mostly measures the other users. Returns a one-element accumulator."""
    from camnang import vntext

    spent = [0.0]
    original = vntext.TermMarker.mark

    def mark(self, html, _original=original):
        started = time.thread_time()
        try:
            return _original(self, html)
        finally:
            spent[0] += time.thread_time() - started

    vntext.TermMarker.mark = mark
    return spent


def peak_mb(worker_mb: float) -> float:
    """This process's peak plus the largest Typst worker's (they overlap in time): an upper bound.

    Not RUSAGE_CHILDREN: a worker starts as a fork of this process, and Linux keeps the fork's
    resident size (this whole process, pages shared) as the worker's peak across exec, so the
    children's figure would count this process twice. Each worker reports its own (VmHWM)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + worker_mb


# Run in place of `python -m camnang.typstc TEMPLATE DATA OUT`: the same worker, then its own peak (MB) on stderr.
_WORKER_WITH_PEAK = ("import sys; from camnang import typstc; code = typstc.main(sys.argv[1:]); "
                     "sys.stderr.write(next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))); "
                     "sys.exit(code)")


def _typst_worker_peaks() -> list[float]:
    """The Typst workers' own peaks (MB), gathered as camnang.pdf starts them (in this child
    process only: every other command runs as it would)."""
    peaks: list[float] = []
    real = subprocess.run

    def run(args, **kwargs):
        if list(args[1:3]) != ["-m", "camnang.typstc"]:  # any other command (git …) as it was
            return real(args, **kwargs)
        done = real([args[0], "-c", _WORKER_WITH_PEAK, *args[3:]], **kwargs)
        found = re.search(rb"VmHWM:\s+(\d+) kB", done.stderr or b"")  # bytes: camnang.pdf reads the worker raw
        if found:
            peaks.append(int(found.group(1)) / 1024)
        return done

    subprocess.run = run
    return peaks


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
        plain = f"{r['plain_s']:.2f}" if r.get("plain_s") is not None else "—"
        lines.append(f"| {name} | {r['documents']} | {r['pages']} | {r['load_s']:.2f} | {r['hooks_s']:.2f} | "
                     f"{r['mkdocs_s']:.2f} | {r['pdf_files']}, {r['pdf_s']:.2f} / {r['pdf_wait_s']:.2f} | {r['build_s']:.2f} | {plain} | {share:.0f}% | "
                     f"{r['peak_mb']:.0f} | {r['site_mb']:.1f} | {r['index_kb']:.0f} | {r['index_gz_kb']:.0f} | "
                     f"{r['heaviest_gz_kb']:.0f} ({r['heaviest_page']}) |")
    return "\n".join(lines)


BUDGET_S = {1000: 180, 3000: 600}  # issue 15: on this 2-core machine
BUDGET_PEAK_MB = 4096
BUDGET_DOUBLING = 2.1
BUDGET_PREVIEW_S = 3.0


def verdict(ok: bool) -> str:
    return "đạt" if ok else "**chưa đạt**"


def budget_lines(rows: list[tuple[int | None, dict]]) -> list[str]:
    """One line per budget of issue 15, from the measured rows ((plans or None for the real data, row))."""
    out = []
    by_size = {n: r for n, r in rows if n is not None}
    for n, limit in BUDGET_S.items():
        if n in by_size:
            t = by_size[n]["build_s"]
            out.append(f"- {n} kế hoạch: {t:.0f} s (ngân sách ≤ {limit} s): {verdict(t <= limit)}.")
    peak = max(r["peak_mb"] for _, r in rows)
    out.append(f"- Bộ nhớ đỉnh lớn nhất: {peak:.0f} MB (ngân sách ≤ {BUDGET_PEAK_MB} MB): {verdict(peak <= BUDGET_PEAK_MB)}.")
    for n in sorted(by_size):
        if 2 * n in by_size:
            ratio = by_size[2 * n]["build_s"] / by_size[n]["build_s"]
            out.append(f"- Gấp đôi số kế hoạch ({n} → {2 * n}): thời gian ×{ratio:.2f} (≤ {BUDGET_DOUBLING}): "
                       f"{verdict(ratio <= BUDGET_DOUBLING)}.")
    sizes = sorted(by_size)
    if len(sizes) >= 2 and sizes[-1] > 2 * sizes[-2]:
        a, b = sizes[-2], sizes[-1]
        ratio = by_size[b]["build_s"] / by_size[a]["build_s"]
        out.append(f"- {a} → {b} kế hoạch (×{b / a:.1f} dữ liệu): thời gian ×{ratio:.2f}, tức ×{ratio / (b / a):.2f} "
                   f"so với tuyến tính.")
    return out


def abbreviations_line(n: int, plain: tuple[dict, dict], with_terms: tuple[dict, dict]) -> str:
    """2,000 glossary terms at n and 2n plans: CPU time of the marking pass, with and without them.

    Pages × terms would make the terms' pass cost a multiple of the pass without them, growing with
    the terms; linear in pages means the same order at both sizes (≤ 1.5×, noise and the
    terms' own marks allowed). The cost per page also shows how it grows with n (the page mix
    changes: more plan pages, which are the long ones)."""
    (a0, b0), (a1, b1) = plain, with_terms
    extra = b1["terms"] - b0["terms"]
    per_page = [r["abbr_s"] / r["pages"] * 1000 for r in (a0, b0, a1, b1)]
    worst = max(a1["abbr_s"] / a0["abbr_s"], b1["abbr_s"] / b0["abbr_s"]) if a0["abbr_s"] and b0["abbr_s"] else float("nan")
    return (f"Chữ viết tắt: {extra} thuật ngữ, chữ viết tắt tổng hợp thêm vào (mỗi nhiệm vụ thứ tư nhắc một mục). "
            f"Thời gian CPU của lượt đánh dấu trên HTML, không thêm / có thêm thuật ngữ: {a0['abbr_s']:.2f} / "
            f"{a1['abbr_s']:.2f} s ở {n} kế hoạch ({a1['pages']} trang), {b0['abbr_s']:.2f} / {b1['abbr_s']:.2f} s ở "
            f"{2 * n} kế hoạch ({b1['pages']} trang); mỗi trang {per_page[0]:.1f} / {per_page[2]:.1f} và "
            f"{per_page[1]:.1f} / {per_page[3]:.1f} ms. Thêm {extra} thuật ngữ làm lượt này ×{worst:.2f} là nhiều nhất "
            f"(≤ 1,5: chi phí theo trang, không theo trang × thuật ngữ): {verdict(worst <= 1.5)}. Cả bản dựng (thời gian "
            f"thực, máy dùng chung): {a0['build_s']:.1f} s → {a1['build_s']:.1f} s ở {n} kế hoạch, "
            f"{b0['build_s']:.1f} s → {b1['build_s']:.1f} s ở {2 * n}.")


def preview_line(n: int, data: Path, log_dir: Path) -> str:
    """`camnang serve` on n plans: seconds from saving a YAML file to the new text being served."""
    from serve_probe import Served  # scripts/serve_probe.py (scripts/ is this script's folder)

    plan = next(p for p in sorted((data / "van-ban").glob("ke-hoach-tong-hop-*.yml")))
    started = time.perf_counter()
    server = Served(data, log_dir)
    startup = time.perf_counter() - started
    try:
        delays = []
        for k in range(3):
            text = plan.read_text("utf-8")
            old = "(nhiệm vụ tổng hợp số 1)." if k == 0 else f"(nhiệm vụ tổng hợp số 1, sửa thử {k - 1})."
            new = f"(nhiệm vụ tổng hợp số 1, sửa thử {k})."
            assert old in text, old
            page = f"van-ban/{plan.stem}.html"
            delays.append(server.save_and_wait(plan, old, new, page, f"sửa thử {k}"))
        issuer = next(line.split(":", 1)[1].strip() for line in plan.read_text("utf-8").splitlines()
                      if line.startswith("co_quan_ban_hanh:"))
        org = data / "co-quan" / f"{issuer}.yml"
        name = next(line.split(":", 1)[1].strip() for line in org.read_text("utf-8").splitlines()
                    if line.startswith("ten:"))
        renamed = server.save_and_wait(org, f"ten: {name}", f"ten: {name} — tên sửa thử", f"van-ban/{plan.stem}.html",
                                       "tên sửa thử")
        # A plan added (as an import writes it): a copy under a new id and name.
        text = plan.read_text("utf-8")
        added = plan.with_name(f"{plan.stem}-them-thu.yml")
        added.write_text(text.replace(f"id: {plan.stem}", f"id: {added.stem}", 1)
                         .replace("ten_ngan: \"", "ten_ngan: \"(thêm thử) ", 1), "utf-8")
        new_plan = server.wait_for(f"van-ban/{added.stem}.html", "(thêm thử)")
        # By a worker process, once saves pause for a second: quick saves share one write.
        server.wait_for_output("Đã ghi lại chỉ mục tìm kiếm")
        log = server.stdout()
        updates = [line for line in log.splitlines() if line.startswith(("Đã cập nhật", "Đã dựng lại"))]
    finally:
        server.stop()
    worst = max(delays + [renamed, new_plan])
    search = re.findall(r"Đã ghi lại chỉ mục tìm kiếm trong ([\d,]+) giây", log)
    return (f"Xem trước (`make serve`, {n} kế hoạch tổng hợp): lưu một tệp YAML → trang mới được phục vụ sau "
            f"{', '.join(f'{d:.2f}' for d in delays)} s (sửa một nhiệm vụ, 3 lần) và {renamed:.2f} s (đổi tên cơ quan ban "
            f"hành: mọi trang nhắc tên ấy), {new_plan:.2f} s (thêm một tệp kế hoạch); lâu nhất {worst:.2f} s "
            f"(ngân sách ≤ {BUDGET_PREVIEW_S:.0f} s): "
            f"{verdict(worst <= BUDGET_PREVIEW_S)}. Dựng lần đầu khi khởi động (không PDF): {startup:.0f} s. "
            f"Máy chủ ghi: {'; '.join(u.split(':')[0] for u in updates)}; chỉ mục tìm kiếm ghi lại (tiến trình riêng, khi ngừng lưu 1 s) trong "
            f"{', '.join(search) or '—'} s.")


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
    parser.add_argument("--sizes", type=int, nargs="*", default=[300, 600, 1000, 3000])
    parser.add_argument("--write", action="store_true", help="ghi kết quả vào BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true", help="chỉ đo các bản dựng (bỏ chữ viết tắt, trích dẫn, xem trước, nhập)")
    parser.add_argument("--terms", type=int, default=2000, help="số thuật ngữ tổng hợp khi đo chữ viết tắt")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    from synth import write as write_synthetic  # scripts/synth.py

    load_at_start = os.getloadavg()
    plain = {"CAMNANG_BENCH_PLAIN": "1"}
    rows: list[tuple[int | None, dict]] = [(None, run_child(ROOT / "data", plain))]
    extra: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n in args.sizes:
            data = tmp / f"synth-{n}"
            write_synthetic(data, n, ROOT / "data")
            rows.append((n, run_child(data, plain if n <= 300 else None)))
            print(f"{n} kế hoạch: {rows[-1][1]['build_s']:.1f} s, {rows[-1][1]['peak_mb']:.0f} MB", file=sys.stderr)
            if n != min(args.sizes):
                shutil.rmtree(data)  # a 3,000-plan corpus and its site are large; the smallest is reused below
        if not args.quick and args.sizes:
            n = min(args.sizes)
            data = tmp / f"synth-{n}"
            measured = {k: r for k, r in rows if k is not None}
            # Citation linking switched off, alternated with one more build with it on (fastest of each).
            without = [run_child(data, {"CAMNANG_BENCH_CITATIONS": "off"})]
            extra.append(citations_line(n, [measured[n], run_child(data)], without))
            # 2,000 glossary terms at n and 2n plans.
            with_terms = []
            for size in (n, 2 * n):
                terms_data = tmp / f"synth-{size}-terms"
                write_synthetic(terms_data, size, ROOT / "data", args.terms)
                with_terms.append(run_child(terms_data))
                shutil.rmtree(terms_data)
            base = measured.get(2 * n) or with_terms[1]
            extra.append(abbreviations_line(n, (measured[n], base), (with_terms[0], with_terms[1])))
            extra.append(preview_line(n, data, tmp))
    report = table([(_row_name(n), r) for n, r in rows])
    report += "\n\n" + "\n".join(budget_lines(rows))
    if extra:
        report += "\n\n" + "\n\n".join(extra)
    if not args.quick:
        from bench_import import measure as measure_import  # scripts/bench_import.py

        report += "\n\n" + measure_import()
    report += (f"\n\nTải của máy lúc bắt đầu đo (load average 1/5/15 phút): "
               f"{load_at_start[0]:.1f} / {load_at_start[1]:.1f} / {load_at_start[2]:.1f}; lúc kết thúc: "
               + " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (máy 2 lõi dùng chung: số đo chậm hơn khi máy bận).")
    print(report)
    if args.write:
        write_report(report)
    return 0


def _row_name(n: int | None) -> str:
    return "Cẩm nang thật" if n is None else f"{n} kế hoạch tổng hợp"


BEGIN, END = "<!-- bench -->", "<!-- /bench -->"


def write_report(report: str) -> None:
    """Replace what lies between the bench markers of BENCHMARKS.md (text before and after is kept)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text("utf-8") if path.exists() else "# Đo hiệu năng\n\n"
    before, _, rest = text.partition(BEGIN)
    after = rest.partition(END)[2] if END in rest else ""
    path.write_text(before + BEGIN + "\n\nMáy đo: " + machine() + f"\n\nLệnh: `make bench` ({time.strftime('%Y-%m-%d')}).\n\n"
                    + report + "\n\n" + END + after, "utf-8")


if __name__ == "__main__":
    sys.exit(main())
