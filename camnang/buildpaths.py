"""Where a build may write, and how the finished site is put in place.

A build writes into a fresh folder beside the target and swaps it in only when complete.
The target is refused when replacing it could lose anything that is not ours: the data,
the repository, its sources, or a folder holding files we did not write. A manifest of
the files we wrote (`MANIFEST`) is what makes a folder "a previous build of ours".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TypeAlias

MANIFEST = ".camnang-site.json"
_BUILD_PREFIX = ".camnang-build-"
_OLD_PREFIX = ".camnang-old-"
_STALE = re.compile(rf"^(?:{re.escape(_BUILD_PREFIX)}|{re.escape(_OLD_PREFIX)})(\d+)-")


class UnsafeTarget(Exception):
    """The output folder cannot be used; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class Protected:
    """Folders a build must never replace, contain or write into."""

    data: Path
    roots: tuple[Path, ...]  # repository roots: the site may lie inside, never be or contain one

    @classmethod
    def for_build(cls, data_dir: Path, *roots: Path) -> Protected:
        return cls(_real(data_dir), tuple(dict.fromkeys(_real(r) for r in roots)))

    def no_write_inside(self) -> list[tuple[Path, str]]:
        inside = [(self.data, "thư mục dữ liệu")]
        for root in self.roots:
            inside += [(root / name, f"thư mục {name}/ của kho") for name in
                       (".git", "docs", "data", "camnang", "hooks", "scripts", "tests", ".github")]
        return inside


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_target(target: Path, protected: Protected) -> Path:
    """The resolved target if a build may replace it; else UnsafeTarget."""
    real = _real(target)
    hint = "chọn một thư mục mới, ví dụ --site site"
    guarded = [(protected.data, "thư mục dữ liệu", "xóa dữ liệu"),
               *((root, "thư mục gốc của kho", "xóa cả kho, kể cả .git") for root in protected.roots)]
    for folder, what, loss in guarded:
        if _within(folder, real):
            relation = "chính là" if folder == real else "chứa"
            raise UnsafeTarget(f"Không dựng vào {target}: thư mục này {relation} {what} ({folder}); "
                               f"dựng vào đó sẽ {loss}. Gợi ý: {hint}.")
    for folder, what in protected.no_write_inside():
        if _within(real, folder):
            raise UnsafeTarget(f"Không dựng vào {target}: thư mục này nằm trong {what} ({folder}). Gợi ý: {hint}.")
    if real.exists() or real.is_symlink():
        _check_previous_build(target, real)
    return real


def check_output_dir(out: Path, protected: Protected) -> Path:
    """A folder files are added to (not replaced): refused inside the data or the repository's sources."""
    real = _real(out)
    for folder, what in protected.no_write_inside():
        if _within(real, folder):
            raise UnsafeTarget(f"Không ghi vào {out}: thư mục này nằm trong {what} ({folder}). "
                               f"Gợi ý: chọn thư mục khác, ví dụ --out site/pdf.")
    return real


def first_missing(path: Path) -> Path | None:
    """The highest folder of `path` that does not exist yet (what a command is about to create)."""
    real, missing = _real(path), None
    while not real.exists():
        missing, real = real, real.parent
    return missing


def record_outputs(folder: Path, created: Path | None, written: list[Path]) -> None:
    """Add files written outside a full build (`camnang pdf`) to the manifest of the site that
    holds them, so the next build may replace them; a folder the command created gets one."""
    real = _real(folder)
    owner = next((p for p in (real, *real.parents) if (p / MANIFEST).is_file()), None)
    if owner is None and created is not None:
        owner = created
    if owner is None:
        return
    try:
        known = set(json.loads((owner / MANIFEST).read_text("utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        known = set()
    known |= {_real(f).relative_to(owner).as_posix() for f in written}
    _write_manifest(owner, known)


def _check_previous_build(target: Path, real: Path) -> None:
    if not real.is_dir():
        raise UnsafeTarget(f"Không dựng vào {target}: đó là một tệp, không phải thư mục. Gợi ý: chọn tên khác.")
    present = set(_files(real))
    if not present:
        return
    try:
        written = set(json.loads((real / MANIFEST).read_text("utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        raise UnsafeTarget(
            f"Không dựng vào {target}: thư mục đã có tệp nhưng không phải bản dựng của cẩm nang "
            f"(không có {MANIFEST}), nên sẽ không bị xóa. Gợi ý: chọn thư mục khác, hoặc tự xóa thư mục "
            f"nếu chắc chắn không cần.") from None
    foreign = sorted(present - written - {MANIFEST})
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" và {len(foreign) - 3} tệp khác" if len(foreign) > 3 else "")
        raise UnsafeTarget(
            f"Không dựng vào {target}: thư mục có tệp không do lần dựng trước tạo ra ({shown}); "
            f"dựng lại sẽ xóa chúng. Gợi ý: chuyển các tệp đó đi, hoặc chọn thư mục khác.")


def _files(root: Path) -> Iterator[str]:
    """Relative paths of everything under root that is not a directory (symlinks not followed)."""
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        for name in names + [d for d in dirs if (base / d).is_symlink()]:
            yield (base / name).relative_to(root).as_posix()


def remove_stale(parent: Path) -> None:
    """Remove build folders left by a build that was killed (its process no longer runs)."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _STALE.match(entry.name)
        if match and not _alive(int(match.group(1))) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextmanager
def staged_build(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` to build into; removed on any exit, even SIGTERM.

    Call `publish(staging, target)` inside the block once the build succeeded.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent)
    staging = Path(tempfile.mkdtemp(prefix=f"{_BUILD_PREFIX}{os.getpid()}-", dir=parent))
    previous = _terminate_as_interrupt()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _restore(previous)


def publish(staging: Path, target: Path) -> None:
    """Give the built files ordinary permissions, record them, and swap them into place."""
    _write_manifest(staging, (f for f in _files(staging) if f != MANIFEST))
    _normal_permissions(staging)
    old = Path(tempfile.mkdtemp(prefix=f"{_OLD_PREFIX}{os.getpid()}-", dir=target.parent))
    try:
        if target.exists() or target.is_symlink():
            target.rename(old / "site")
        staging.rename(target)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _write_manifest(folder: Path, files: Iterable[str]) -> None:
    """The list of files our commands wrote into `folder`: what makes it "a previous build of ours"."""
    (folder / MANIFEST).write_text(json.dumps({"camnang": 1, "files": sorted(files)}, ensure_ascii=False,
                                              indent=0), "utf-8")


def _normal_permissions(root: Path) -> None:
    """Directories 0777 and files 0666, less the umask, as any tool that writes files gives them."""
    umask = os.umask(0)
    os.umask(umask)
    dir_mode, file_mode = 0o777 & ~umask, 0o666 & ~umask
    os.chmod(root, dir_mode)
    for folder, dirs, names in os.walk(root):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, dir_mode)
        for name in names:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                os.chmod(path, file_mode | (mode & 0o111 & ~umask))


# What signal.signal returns: the handler it replaced.
_Handler: TypeAlias = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


def _terminate_as_interrupt() -> _Handler:
    """SIGTERM (a CI timeout, `kill`) unwinds like Ctrl+C, so `finally` blocks clean up."""
    try:
        return signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread
        return None


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _restore(previous: _Handler) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)
