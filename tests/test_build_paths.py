"""Where `camnang build` may write: never over the data or the repository, never over files that
are not ours; a killed build leaves nothing behind; the site is readable by a web server."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_camnang
from datasets import make_data

from camnang.buildpaths import MANIFEST

pytestmark = pytest.mark.slow  # runs whole builds, some killed by signals: left out by `make test-fast`


def _tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    """A small project: data/, a docs/ folder and a git folder of its own."""
    make_data(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "trang.md").write_text("# Trang viết tay\n", "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    return tmp_path


@pytest.mark.parametrize("site, why", [
    ("data", "chính là thư mục dữ liệu"),
    ("data/van-ban", "nằm trong thư mục dữ liệu"),
    ("..", "chứa thư mục dữ liệu"),
    (".", "chứa thư mục dữ liệu"),
    ("/", "chứa thư mục dữ liệu"),
    (str(ROOT), "chính là thư mục gốc của kho"),
    (str(ROOT / "docs" / "ra"), "nằm trong thư mục docs/"),
    (str(ROOT / ".git"), "nằm trong thư mục .git/"),
    ("docs", "không phải bản dựng của cẩm nang"),
    (".git", "không phải bản dựng của cẩm nang"),
])
def test_refuses_a_site_that_would_delete_data_or_sources(project, site, why):
    before, repo_before = _tree_digest(project), _tree_digest(ROOT / "data")
    result = run_camnang("build", "--data", "data", "--site", site, cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"camnang build: lỗi: Không dựng vào {site}" in result.stderr and why in result.stderr, result.stderr
    assert _tree_digest(project) == before and _tree_digest(ROOT / "data") == repo_before


def test_refuses_a_symlink_to_the_data(project):
    (project / "ra").symlink_to(project / "data", target_is_directory=True)
    before = _tree_digest(project / "data")
    result = run_camnang("build", "--data", "data", "--site", "ra", cwd=project)
    assert result.returncode == 1 and "chính là thư mục dữ liệu" in result.stderr
    assert _tree_digest(project / "data") == before


def test_refuses_a_folder_with_files_that_are_not_ours(project):
    assert run_camnang("build", "--data", "data", "--site", "site", cwd=project).returncode == 0
    (project / "site" / "ghi-chu-cua-toi.txt").write_text("đừng xóa", "utf-8")
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=project)
    assert result.returncode == 1 and "ghi-chu-cua-toi.txt" in result.stderr
    assert (project / "site" / "ghi-chu-cua-toi.txt").read_text("utf-8") == "đừng xóa"
    (project / "site" / "ghi-chu-cua-toi.txt").unlink()
    assert run_camnang("build", "--data", "data", "--site", "site", cwd=project).returncode == 0


def test_rebuild_replaces_a_previous_build_and_records_it(project):
    assert run_camnang("build", "--data", "data", "--site", "site", cwd=project).returncode == 0
    manifest = json.loads((project / "site" / MANIFEST).read_text("utf-8"))["files"]
    files = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*") if p.is_file())
    assert sorted(manifest + [MANIFEST]) == files and "index.html" in manifest
    again = run_camnang("build", "--data", "data", "--site", "site", cwd=project)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in project.iterdir()) == [".git", "data", "docs", "site"]


def test_pdf_command_output_does_not_block_the_next_build(project):
    pdf = run_camnang("pdf", "--data", "data", "--out", "site/pdf", cwd=project)
    assert pdf.returncode == 0, pdf.stderr
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=project)
    assert result.returncode == 0, result.stderr


def test_pdf_command_refuses_the_data_folder(project):
    result = run_camnang("pdf", "--data", "data", "--out", "data/pdf", cwd=project)
    assert result.returncode == 1 and "nằm trong thư mục dữ liệu" in result.stderr
    assert not (project / "data" / "pdf").exists()


@pytest.mark.parametrize("umask, dirs, files", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_site_has_ordinary_permissions(project, umask, dirs, files):
    result = subprocess.run([sys.executable, "-m", "camnang", "build", "--data", "data", "--site", "site"],
                            cwd=project, capture_output=True, text=True, timeout=300,
                            preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    site = project / "site"
    modes = {p.stat().st_mode & 0o777 for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {dirs}
    assert {p.stat().st_mode & 0o777 for p in site.rglob("*") if p.is_file()} == {files}


def _start_build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "camnang", "build", "--data", "data", "--site", "site"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_staging(project: Path, build: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not list(project.glob(".camnang-build-*")):
        assert build.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.02)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_build_leaves_nothing_and_keeps_the_old_site(project, sig):
    assert run_camnang("build", "--data", "data", "--site", "site", cwd=project).returncode == 0
    before = _tree_digest(project / "site")
    build = _start_build(project)
    _wait_for_staging(project, build)
    build.send_signal(sig)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode != 0 and "Traceback" not in stderr, stderr
    assert not list(project.glob(".camnang-*"))
    assert _tree_digest(project / "site") == before


def test_folders_left_by_a_killed_build_are_removed_next_time(project):
    build = _start_build(project)
    _wait_for_staging(project, build)
    build.kill()  # SIGKILL: nothing can clean up now
    build.communicate(timeout=60)
    assert list(project.glob(".camnang-build-*"))
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not list(project.glob(".camnang-*"))
