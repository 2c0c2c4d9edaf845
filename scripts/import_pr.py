#!/usr/bin/env python3
"""The pull-request import: every .docx/.txt/.md/.pdf an editor uploaded to nhap/ becomes records in data/.

    scripts/import_pr.py [--nhap nhap] [--data data] [--bao-cao bao-cao-nhap.md]

For an editor who only has a browser: they upload a Word file into nhap/ of their fork with
GitHub's web interface and open a pull request; the workflow (.github/workflows/pull-request.yml)
runs this script, pushes the records it wrote back to the pull request's branch when it may, and
shows the report on the run's summary page. Importing again is harmless: a file already imported
changes nothing. The uploaded files stay in nhap/ (the records name them as their source).

Exit status: 0 when every file was imported (or nhap/ is empty), 1 when a file could not be read;
the report says which and what to do, and the other files are imported anyway.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from camnang.importer import ImportFailure, import_file  # noqa: E402
from camnang.importer.readers import SUFFIXES  # noqa: E402


def uploaded(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


def run(folder: Path, data: Path) -> tuple[str, bool, list[Path]]:
    """(Markdown report, all imported, files written)."""
    files = uploaded(folder)
    lines = [f"# Nhập văn bản từ `{folder.name}/`", ""]
    if not files:
        lines.append(f"Không có tệp .docx, .txt, .md hoặc .pdf nào trong `{folder.name}/`.")
        return "\n".join(lines) + "\n", True, []
    ok, written = True, []
    for path in files:
        lines.append(f"## {path.name}")
        lines.append("")
        try:
            outcome = import_file(path, data)
        except ImportFailure as error:
            ok = False
            lines += [f"**Không nhập được:** {error}", ""]
            continue
        lines += ["```text", *outcome.report, "```", ""]
        written += [p for p, _, what in outcome.files if what != "không đổi"]
    lines.append(f"Đã ghi {len(written)} tệp dữ liệu. Người biên tập xem các mục “Cần người biên tập kiểm tra” ở trên, "
                 "sửa trực tiếp trên GitHub (nút bút chì trên tệp) rồi lưu vào nhánh này.")
    return "\n".join(lines) + "\n", ok, written


def main() -> int:
    parser = argparse.ArgumentParser(description="Nhập các văn bản trong nhap/ vào data/ và viết báo cáo.")
    parser.add_argument("--nhap", type=Path, default=ROOT / "nhap", help="thư mục chứa tệp tải lên (mặc định nhap/)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="thư mục dữ liệu (mặc định data/)")
    parser.add_argument("--bao-cao", type=Path, default=None, dest="report",
                        help="ghi báo cáo Markdown vào tệp này (mặc định: in ra)")
    args = parser.parse_args()
    report, ok, _written = run(args.nhap, args.data)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    print(report, end="")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
