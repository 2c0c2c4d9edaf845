"""`make offline`: the site built for reading from disk (file://), packed into one zip.

Entries are sorted and dated from SOURCE_DATE_EPOCH (else 1980-01-01), so the same site gives
the same bytes. Everything sits in one folder, so unpacking never scatters files.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

from .vntext import number

FOLDER = "cam-nang"


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)
    return time.gmtime(max(epoch, 315532800))[:6]


def zip_site(site: Path, target: Path, folder: str = FOLDER) -> Path:
    """Pack every file of `site` under `folder/` in `target`, in a fixed order and date."""
    stamp = _timestamp()
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("Cách dùng: python -m camnang.offline THƯ-MỤC-SITE TỆP.zip", file=sys.stderr)
        return 2
    site, target = Path(argv[0]), Path(argv[1])
    zip_site(site, target)
    print(f"Đã đóng gói bản đọc không cần mạng: {target} ({number(target.stat().st_size / 1e6, 1)} MB). "
          f"Giải nén rồi mở {FOLDER}/index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
