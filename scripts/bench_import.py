#!/usr/bin/env python3
"""Benchmark `camnang import` on a 20-page plan (budget: ≤ 1 s), as pasted text and as a Word file.

    scripts/bench_import.py          # one line for BENCHMARKS.md

The plan is seed 004 (a provincial Hội plan) repeated to 20 pages (about 3,000 characters a page)
under a two-column header, with Nơi nhận and signature. Measured in process (import_file, writing into a
copy of data/) and as the whole command (a fresh `camnang import` process, imports included).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = 20
CHARS_PER_PAGE = 3000
ROMAN = [a + b for a in ("", "X", "XX") for b in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")][:21]


def plan_blocks(pages: int = PAGES) -> list[list[str]]:
    """The body of seed 004 (a real provincial plan: 66 clauses, 44 tasks, citations, targets) repeated with
    its sections renumbered (I.–III., IV.–VI., …) until the text is `pages` pages long."""
    text = next((ROOT / "tests" / "seeds").glob("004_*.txt")).read_text("utf-8")
    blocks = [b.split("\n") for b in text.strip().split("\n\n") if b.strip()]
    title, body = blocks[0], blocks[1:next(i for i, b in enumerate(blocks) if b[0].startswith("Nơi nhận"))]
    out, size, copy = [title], 0, 0
    while size < pages * CHARS_PER_PAGE:
        for block in (body if copy == 0 else body[1:]):  # the căn cứ paragraph once
            first = block[0]
            for k, roman in enumerate(("I", "II", "III")):
                if first.startswith(roman + ". "):
                    first = ROMAN[3 * copy + k] + first[len(roman):]
            out.append([first] + block[1:])
            size += sum(len(line) for line in block)
        copy += 1
    return out


def make_files(tmp: Path) -> tuple[Path, Path, int]:
    from docx_builder import Plan, build

    plan = Plan(left=["HỘI KHUYẾN HỌC TỈNH NAM ĐỊNH", "Số: 99/KH-HKH"],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                       "Nam Định, ngày 05 tháng 01 năm 2024"],
                body=plan_blocks(), recipients=["Nơi nhận:", "- TW Hội Khuyến học Việt Nam (để b/c);", "- Lưu VP."],
                signature=["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Trần Văn Bình"])
    lines = [f"{plan.left[0]} | {plan.right[0]}", f"{plan.left[1]} | {plan.right[1]}", f" | {plan.right[2]}", ""]
    for block in plan.body:
        lines += [" ".join(block).replace("**", ""), ""]
    lines += plan.recipients + [""] + plan.signature
    text = "\n".join(lines) + "\n"
    txt = tmp / "ke-hoach-20-trang.txt"
    txt.write_text(text, encoding="utf-8")
    docx = build(plan, tmp / "ke-hoach-20-trang.docx", outline=True)
    return txt, docx, len(text)


def in_process(source: Path, tmp: Path, runs: int = 3) -> tuple[float, int]:
    from camnang.importer import import_file

    times, clauses = [], 0
    for i in range(runs):
        data = tmp / f"data-{source.suffix[1:]}-{i}"
        shutil.copytree(ROOT / "data", data)
        started = time.perf_counter()
        outcome = import_file(source, data)
        times.append(time.perf_counter() - started)
        clauses = next(int(s.split()[1]) for s in outcome.report if s.strip().startswith("- ") and " mục" in s)
    return statistics.median(times), clauses


def whole_command(source: Path, tmp: Path) -> float:
    data = tmp / f"data-cli-{source.suffix[1:]}"
    shutil.copytree(ROOT / "data", data)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "camnang", "import", str(source), "--data", str(data)], cwd=ROOT,
                   check=True, capture_output=True)
    return time.perf_counter() - started


def measure() -> str:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        txt, docx, chars = make_files(tmp)
        t_txt, clauses = in_process(txt, tmp)
        t_docx, _ = in_process(docx, tmp)
        cli_txt, cli_docx = whole_command(txt, tmp), whole_command(docx, tmp)
    return (f"Nhập một kế hoạch {PAGES} trang ({chars:,} ký tự, {clauses} mục, ngân sách ≤ 1 s): "
            f".txt {t_txt:.2f} s, .docx {t_docx:.2f} s (trung vị 3 lần, trong tiến trình, gồm nạp và kiểm tra lại "
            f"dữ liệu); cả lệnh `camnang import` (khởi động Python): .txt {cli_txt:.2f} s, .docx {cli_docx:.2f} s."
            ).replace(",", ".", 1)


if __name__ == "__main__":
    print(measure())
