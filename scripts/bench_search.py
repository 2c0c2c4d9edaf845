#!/usr/bin/env python3
"""Search on a phone, measured: built sites served gzipped, Debian's Chromium under Lighthouse's
mobile conditions (CPU 4× slower, 1.6 Mbit/s down, 150 ms RTT, cache disabled).

    scripts/bench_search.py lunr-real=/tmp/a/site new-real=/tmp/b/site … [--write]

For each site: the page opens cold, the first query is typed as soon as it has loaded; measured
are the time from that keystroke to rendered results and the bytes of search files (index,
worker, shards, previews) downloaded up to then; then each later query's time, READ_MS after the
previous results (a reader reads them before the next query). Sites built by older code
(Material's lunr worker) and by this one are measured alike, so one run compares them.
"""

from __future__ import annotations

import argparse
import platform
import re
import unicodedata
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_FLAGS  # scripts/chromium.py, beside this script
from playwright.sync_api import sync_playwright
from static_server import serve_static  # scripts/static_server.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
FIRST = "thang khuyen hoc ha tinh"
LATER = ["Đảng uỷ Khối", "387/QĐ-TTg", "xa hoi hoa cong tac khuyen hoc",
         "phối hợp tổ chức tuần lễ hưởng ứng học tập suốt đời trong các chi hội", "khuyen hoc ha noi"]
SEARCH_FILE = re.compile(r"/search/|/workers/search\.")
SEPARATOR = re.compile(r'[\s\-–—/,;:!?()\[\]"“”…]+')
MARK = "<!-- bench_search -->"

PASTE_ONLY = False  # --dan: only the pasted mode (typing on a lunr site at 1,000 plans takes many minutes)
# --dien-thoai: a phone's screen (Lighthouse's Moto G Power: 412×823 CSS px, DPR 1.75, touch) instead of
# the 1280×720 window every earlier table used; drawing the results costs more there.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
SCREEN: dict = {}
KEY_MS = 200  # a phone typist's pace between keystrokes ("typed" mode)
READ_MS = 2000  # between a query's results and the next query: the reader reads the list
# From the last keystroke to the rendered results of the query (or its answer "no result"): the
# first results (timkiem.js answers the best pages whose previews are at hand at once, when
# others wait for theirs) and the whole list. Older sites answer once: both are the same.
# Where a later query's time goes (timkiem.js's User Timing marks; none on older sites): fetching
# its words' index files, ranking until the whole list is answered, and Material's rendering
# until the results show.
# Pasted: the whole query in one keystroke. Typed: one character every KEY_MS, each a query.
TYPE_AND_WAIT = """q => new Promise(resolve => {
    const box = document.querySelector('input.md-search__input');
    const list = document.querySelector('.md-search-result__list');
    const steps = q.typed ? Array.from(q.text, (_, i) => q.text.slice(0, i + 1)) : [q.text];
    let start = 0, first = 0;
    const done = () => {
        if (!start) return;
        const data = document.documentElement.dataset;
        if (!first && (data.timKiemDau === q.words || data.timKiem === q.words)) first = performance.now() - start;
        if (data.timKiem === q.words) {
            const now = performance.now(), at = name => (performance.getEntriesByName(name)[0] || {startTime: NaN}).startTime;
            const parts = [at('search:files') - at('search:query'), at('search:answer') - at('search:files'), now - at('search:answer')];
            clearInterval(timer); resolve([first, list.children.length, now - start, parts]); } };
    const timer = setInterval(done, 5);
    box.focus();
    const key = i => {
        box.value = steps[i];
        box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
        if (i + 1 < steps.length) setTimeout(() => key(i + 1), q.keyMs); else start = performance.now();
    };
    key(0);
})"""


def words_of(query: str) -> str:
    """The query's words as timkiem.js reports the query it answered."""
    return " ".join(w for w in SEPARATOR.split(unicodedata.normalize("NFC", query)) if w)


def measure(browser, url: str, typed: bool) -> dict:
    """A cold page under mobile conditions: the first query, then the later ones."""
    page = browser.new_page(**SCREEN)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                  "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    urls, sizes = {}, {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def search_kb() -> float:
        return sum(size for rid, size in sizes.items() if SEARCH_FILE.search(urls.get(rid, ""))) / 1024

    def run(query: str) -> tuple[float, int, float, list[float]]:
        return page.evaluate(TYPE_AND_WAIT, {"text": query, "words": words_of(query), "typed": typed, "keyMs": KEY_MS})

    page.goto(url, wait_until="load")
    first_ms, found, first_all_ms, _ = run(FIRST)
    page.wait_for_timeout(300)  # loadingFinished events of the last responses
    first_kb = search_kb()
    later = []
    for query in LATER:
        page.evaluate("() => { const b = document.querySelector('input.md-search__input'); b.value = '';"
                      " b.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); }")
        page.wait_for_timeout(READ_MS)
        later.append(run(query))
    page.wait_for_timeout(300)
    result = {"first_ms": first_ms, "first_all_ms": first_all_ms, "first_found": found, "first_kb": first_kb,
              "later_ms": [ms for ms, _, _, _ in later], "later_all_ms": [ms for _, _, ms, _ in later],
              "later_found": [n for _, n, _, _ in later], "later_parts": [p for _, _, _, p in later],
              "total_kb": search_kb()}
    page.close()
    return result


def measure_site(browser, site: Path) -> dict:
    server = serve_static(site)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        modes = {"dán": False} if PASTE_ONLY else {"dán": False, "gõ": True}
        return {mode: measure(browser, url, typed=typed) for mode, typed in modes.items()}
    finally:
        server.shutdown()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, {len(re.findall(r'^processor', Path('/proc/cpuinfo').read_text(), re.M))} lõi, {platform.system()}"


def _times(first: float, whole: float) -> str:
    """"212" when the first results were the whole list, "212 (430)" when the rest came later."""
    return f"{first:.0f}" if whole - first < 1 else f"{first:.0f} ({whole:.0f})"


def table(rows: list[tuple[str, dict]]) -> str:
    lines = ["| Trang | Cách nhập | Truy vấn đầu: thời gian | Truy vấn đầu: tải về | Kết quả hiện ra | "
             "Truy vấn sau: thời gian (ms) | Truy vấn sau: chậm nhất | Tải về sau 6 truy vấn |",
             "|---|---|---:|---:|---:|---|---:|---:|"]
    for label, modes in rows:
        for mode, r in modes.items():
            later = ", ".join(_times(a, b) for a, b in zip(r["later_ms"], r["later_all_ms"], strict=True))
            lines.append(f"| {label} | {mode} | {_times(r['first_ms'], r['first_all_ms'])} ms | {r['first_kb']:.0f} KB | "
                         f"{r['first_found']} | {later} | {_times(max(r['later_ms']), max(r['later_all_ms']))} ms | {r['total_kb']:.0f} KB |")
    return "\n".join(lines)


def _part(ms: float) -> str:
    return "—" if ms != ms else f"{ms:.0f}"  # NaN: a site without timkiem.js's marks


def parts_table(rows: list[tuple[str, dict]]) -> str:
    """Each later query's time split: index files / ranking / rendering, in ms."""
    lines = ["| Trang | Cách nhập | Truy vấn sau: tải tệp chỉ mục / xếp hạng / hiển thị (ms) |", "|---|---|---|"]
    for label, modes in rows:
        for mode, r in modes.items():
            cells = ", ".join(" / ".join(_part(ms) for ms in parts) for parts in r["later_parts"])
            lines.append(f"| {label} | {mode} | {cells} |")
    return "\n".join(lines)


def write(report: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text("utf-8") if path.exists() else "# Đo hiệu năng\n"
    section = f"{MARK}\n## Tìm kiếm trên điện thoại (scripts/bench_search.py)\n\n{report}\n{MARK}\n"
    if MARK in text:
        text = re.sub(f"{re.escape(MARK)}.*{re.escape(MARK)}\n", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, "utf-8")


def main() -> int:
    global PASTE_ONLY, SCREEN, READ_MS
    parser = argparse.ArgumentParser(description="Đo tìm kiếm trên điện thoại (mô phỏng Lighthouse).")
    parser.add_argument("sites", nargs="+", help="nhãn=thư mục trang đã dựng")
    parser.add_argument("--write", action="store_true", help="ghi bảng vào BENCHMARKS.md")
    parser.add_argument("--dan", action="store_true", help="chỉ đo cách “dán” (nhanh hơn nhiều)")
    parser.add_argument("--dien-thoai", action="store_true", help="màn hình điện thoại 412×823 thay vì cửa sổ 1280×720")
    parser.add_argument("--doc-ms", type=int, default=READ_MS,
                        help=f"thời gian đọc kết quả trước truy vấn sau, ms (mặc định {READ_MS})")
    args = parser.parse_args()
    PASTE_ONLY = args.dan
    READ_MS = args.doc_ms
    SCREEN = PHONE if args.dien_thoai else {}
    rows = []
    load = Path("/proc/loadavg").read_text().split()[:3]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for spec in args.sites:
            label, _, folder = spec.partition("=")
            rows.append((label, measure_site(browser, Path(folder))))
            print(label, rows[-1], flush=True)
        browser.close()
    later = " · ".join(f"“{q}”" for q in LATER)
    screen = "màn hình điện thoại 412×823, DPR 1,75" if SCREEN else "cửa sổ 1280×720"
    report = (f"Chromium {CHROMIUM}, CPU chậm 4×, 1,6 Mbit/s, RTT 150 ms, không bộ nhớ đệm, phục vụ gzip, {screen}; "
              f"máy: {machine()}, tải trung bình lúc bắt đầu {' / '.join(load)}.\nTruy vấn đầu (trang vừa mở): “{FIRST}”. Truy vấn sau: {later}.\n"
              f"Tải về: các tệp tìm kiếm (chỉ mục, worker, mảnh chỉ mục, trích đoạn), theo byte đã truyền. "
              f"Thời gian: từ phím cuối đến khi kết quả đầu tiên hiện (trong ngoặc: khi đủ danh sách, nếu các trang còn lại đến sau: bốn trang đầu được vẽ trước, các trang còn lại một khung hình sau, hoặc khi gói trích đoạn của chúng về); “dán”: cả truy vấn một lần, “gõ”: từng ký tự "
              f"cách {KEY_MS} ms (mỗi ký tự là một truy vấn, như khi gõ thật). Giữa kết quả của một truy vấn và "
              f"truy vấn sau: {READ_MS / 1000:g} s (người đọc xem danh sách).\n\n"
              f"{table(rows)}\n\nThời gian của truy vấn sau chia ra: tải các tệp chỉ mục của các từ, xếp hạng đến khi trả lời cả danh sách "
              f"(gồm chờ gói trích đoạn nếu có), Material hiển thị đến khi kết quả hiện.\n\n{parts_table(rows)}\n")
    print(report)
    if args.write:
        write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
