"""The `camnang` command: check the data, build or serve the handbook."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from .buildpaths import (
    Protected,
    UnsafeTarget,
    check_output_dir,
    check_target,
    first_missing,
    publish,
    record_outputs,
    staged_build,
)
from .diagnostics import DataError
from .loader import LoadResult, display_path, load_cached
from .vntext import number


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        name = str(error.filename or "")
        name = name if len(name) <= 160 else name[:80] + "…" + name[-79:]
        reason = _OS_REASONS.get(error.errno, error.strerror) if error.errno is not None else error.strerror
        print(f"camnang: lỗi: không đọc/ghi được {name}: {reason}", file=sys.stderr)
        return 1


# What the operating system said, in Vietnamese (its own words are English).
_OS_REASONS: dict[int, str] = {
    errno.ENOENT: "không có tệp hay thư mục này", errno.EACCES: "không có quyền", errno.EPERM: "không được phép",
    errno.EEXIST: "đã có một tệp cùng tên", errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đây là thư mục, không phải tệp", errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài",
    errno.ENOSPC: "hết chỗ trên đĩa", errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ELOOP: "quá nhiều liên kết tượng trưng lồng nhau",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="camnang", description="Cẩm nang khuyến học: kiểm tra, dựng và xem cẩm nang.")
    sub = parser.add_subparsers(required=True, metavar="LỆNH")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", default=os.environ.get("CAMNANG_DATA", "data"), help="thư mục dữ liệu (mặc định: data)")
        p.add_argument("--cho-phep-canh-bao", action="store_true", dest="allow_warnings",
                       help="không coi cảnh báo là lỗi")

    check = sub.add_parser("check", help="kiểm tra dữ liệu trong data/")
    common(check)
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="kiểm tra rồi dựng cẩm nang vào site/")
    common(build)
    build.add_argument("--site", default="site", help="thư mục kết quả (mặc định: site)")
    build.add_argument("--config", default=None, help="tệp cấu hình MkDocs (mặc định: mkdocs.yml của kho)")
    build.set_defaults(func=cmd_build)

    fmt = sub.add_parser("fmt", help="chuẩn hóa cách trình bày các tệp dữ liệu (không đổi nội dung)")
    fmt.add_argument("--data", default=os.environ.get("CAMNANG_DATA", "data"), help="thư mục dữ liệu")
    fmt.add_argument("--check", action="store_true", help="chỉ báo tệp nào sẽ thay đổi, không ghi")
    fmt.set_defaults(func=cmd_fmt)

    new = sub.add_parser("new", help="tạo khung một bản ghi mới hợp lệ")
    new.add_argument("kind", metavar="LOẠI", help="van-ban, co-quan, thuat-ngu …")
    new.add_argument("record_id", metavar="MÃ", help="mã bản ghi, cũng là tên tệp, ví dụ ke-hoach-abc-2024")
    new.add_argument("--data", default=os.environ.get("CAMNANG_DATA", "data"), help="thư mục dữ liệu")
    new.set_defaults(func=cmd_new)

    imp = sub.add_parser("import", help="nhập một văn bản (.docx, .txt/.md, .pdf có lớp chữ) thành bản ghi")
    imp.add_argument("file", metavar="TỆP", help="tệp văn bản cần nhập")
    imp.add_argument("--data", default=os.environ.get("CAMNANG_DATA", "data"), help="thư mục dữ liệu (mặc định: data)")
    imp.add_argument("--id", default=None, dest="record_id", help="mã bản ghi (mặc định: suy từ loại, số, năm)")
    imp.add_argument("--dry-run", action="store_true", help="chỉ in những gì sẽ ghi, không ghi")
    imp.set_defaults(func=cmd_import)

    pdf = sub.add_parser("pdf", help="dựng riêng các tệp PDF (tài liệu sinh hoạt chuyên đề và các tập của cẩm nang)")
    common(pdf)
    pdf.add_argument("--out", default=os.path.join("site", "pdf"), help="thư mục ghi PDF (mặc định: site/pdf)")
    pdf.set_defaults(func=cmd_pdf)

    serve = sub.add_parser("serve", help="dựng và mở cẩm nang tại http://127.0.0.1:8000, tự cập nhật khi sửa")
    common(serve)
    serve.add_argument("--dia-chi", default="127.0.0.1:8000", dest="address", help="địa chỉ:cổng")
    serve.add_argument("--config", default=None, help="tệp cấu hình MkDocs (mặc định: mkdocs.yml của kho)")
    serve.set_defaults(func=cmd_serve)
    return parser


def _load(args: argparse.Namespace) -> LoadResult | None:
    """Load and report. None when the data has errors (or warnings, unless allowed)."""
    try:
        result = load_cached(args.data)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return None
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    if result.warnings and not args.allow_warnings:
        print(f"Dữ liệu có {len(result.warnings)} cảnh báo; sửa chúng hoặc chạy với --cho-phep-canh-bao.",
              file=sys.stderr)
        return None
    return result


def cmd_check(args: argparse.Namespace) -> int:
    result = _load(args)
    if result is None:
        return 1
    hb = result.handbook
    print(f"Dữ liệu hợp lệ: {len(hb.documents)} văn bản, {len(hb.organisations)} cơ quan, {len(hb.terms)} thuật ngữ, {len(hb.models)} mô hình học tập.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_file = _config_file(args.config)
    try:
        site = _site_target(args.site, args.data, config_file)
    except UnsafeTarget as error:
        print(f"camnang build: lỗi: {error}", file=sys.stderr)
        return 1
    loaded = _load(args)
    if loaded is None:
        return 1
    # The build reads only the handbook (the hooks get this same load from load_cached): the parsed
    # files, kept for positions in messages, are half the loaded memory (300 MB at 3,000 plans).
    loaded.files.clear()
    # Build beside the target, then swap: a failed or killed build leaves the old site untouched.
    with staged_build(site) as staging:
        if not _mkdocs_build(config_file, staging, Path(args.data)):
            print(f"Dựng cẩm nang thất bại; thư mục {display_path(site)} cũ được giữ nguyên.", file=sys.stderr)
            return 1
        publish(staging, site)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"Đã dựng cẩm nang vào {display_path(site)}: {pages} trang HTML trong {number(time.perf_counter() - started, 1)} giây.")
    _print_pdf_time()
    return 0


def _site_target(site: str, data: str, config_file: Path) -> Path:
    """The output folder, refused when a build there could delete the data or the repository."""
    repository = Path(__file__).resolve().parent.parent
    return check_target(Path(site), Protected.for_build(Path(data), config_file.resolve().parent, repository))


def _mkdocs_build(config_file: Path, site_dir: Path, data_dir: Path) -> bool:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ["CAMNANG_DATA"] = str(data_dir.resolve())
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(config_file.parent))
    _log_mkdocs_warnings()
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        build(config)
    except ConfigurationError as error:
        print(f"mkdocs: lỗi cấu hình ({config_file}): {error}", file=sys.stderr)
        return False
    except Abort as error:
        print(f"mkdocs: dừng dựng: {error}", file=sys.stderr)
        return False
    return True


def _config_file(given: str | None) -> Path:
    """The MkDocs config: as given, else ./mkdocs.yml, else the one beside this package (the repository's)."""
    if given:
        return Path(given)
    local = Path("mkdocs.yml")
    return local if local.exists() else Path(__file__).resolve().parent.parent / "mkdocs.yml"


def _source_date_epoch(root: Path) -> str:
    """Fixed build date for reproducible output: the last commit's time, else 0."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root or ".", capture_output=True, text=True,
                             timeout=10)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.SubprocessError):
        return "0"


def _log_mkdocs_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_camnang", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        handler._camnang = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def cmd_fmt(args: argparse.Namespace) -> int:
    from .fmt import format_tree

    results = format_tree(Path(args.data), write=not args.check)
    for r in results:
        if r.skipped:
            print(f"{os.path.relpath(r.path)}: bỏ qua: {r.skipped}", file=sys.stderr)
        elif r.changed:
            print(f"{os.path.relpath(r.path)}: {'cần chuẩn hóa' if args.check else 'đã chuẩn hóa'}")
    changed = sum(r.changed for r in results)
    if args.check and changed:
        print(f"{changed} tệp chưa đúng cách trình bày chuẩn; chạy `camnang fmt` để sửa.", file=sys.stderr)
        return 1
    print(f"Đã xem {len(results)} tệp; {changed} tệp {'cần' if args.check else 'được'} chuẩn hóa.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .skeleton import SkeletonError, write_skeleton

    try:
        path = write_skeleton(Path(args.data), args.kind, args.record_id)
    except SkeletonError as error:
        print(f"camnang new: lỗi: {error}", file=sys.stderr)
        return 1
    print(f"Đã tạo {os.path.relpath(path)}; điền các trường rồi chạy `make check`.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import ImportFailure, import_file

    if args.record_id is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.record_id):
        print(f"camnang import: lỗi: mã `{args.record_id}` không hợp lệ: chỉ dùng chữ thường không dấu, số và "
              "dấu gạch ngang", file=sys.stderr)
        return 1
    try:
        outcome = import_file(Path(args.file), Path(args.data), args.record_id, args.dry_run)
    except ImportFailure as error:
        print(f"{args.file}: lỗi: {error}", file=sys.stderr)
        return 1
    print("\n".join(outcome.report))
    if args.dry_run:
        for path, text, what in outcome.files:
            if what != "không đổi":
                print(f"\n--- {os.path.relpath(path)} ({what}) ---\n{text}", end="")
    return 0


def _print_pdf_time() -> None:
    from . import pdf

    if pdf.last_report is not None:
        print(f"Kèm {pdf.last_report.summary()} (dựng song song với các trang HTML).")


def cmd_pdf(args: argparse.Namespace) -> int:
    from .pdf import PdfError, write_pdfs

    repository = Path(__file__).resolve().parent.parent
    try:
        out = check_output_dir(Path(args.out), Protected.for_build(Path(args.data), repository))
    except UnsafeTarget as error:
        print(f"camnang pdf: lỗi: {error}", file=sys.stderr)
        return 1
    created = first_missing(out)
    result = _load(args)
    if result is None:
        return 1
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(Path(__file__).resolve().parent.parent))
    try:
        report = write_pdfs(result.handbook, out, progress=print)
    except PdfError as error:
        print(f"camnang pdf: lỗi: {error}", file=sys.stderr)
        return 1
    record_outputs(out, created, [f.path for f in report.files])
    print(f"Đã ghi {report.summary()} vào {display_path(Path(args.out))}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """A live preview (camnang.preview): one build, then only the pages a saved file changes."""
    from .preview import port_problem, serve

    host, _, port_text = args.address.rpartition(":")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536 or not host:
        print(f"camnang serve: lỗi: địa chỉ `{args.address}` không hợp lệ", file=sys.stderr)
        print("    gợi ý: viết địa chỉ:cổng, ví dụ --dia-chi 127.0.0.1:8000", file=sys.stderr)
        return 1
    if problem := port_problem(host, int(port_text)):
        print(f"camnang serve: lỗi: {problem}", file=sys.stderr)
        return 1
    config_file = _config_file(args.config)
    os.environ["CAMNANG_DATA"] = str(Path(args.data).resolve())
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(config_file.parent))
    _log_mkdocs_warnings()
    return serve(config_file, Path(args.data), host, int(port_text), args.allow_warnings)


if __name__ == "__main__":
    sys.exit(main())
