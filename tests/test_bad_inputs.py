"""The corpus in tests/bad-inputs/: each broken input fails cleanly, precisely, and leaves site/ alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run_camnang
from datasets import make_data

from camnang.buildpaths import MANIFEST

pytestmark = pytest.mark.slow  # one camnang build per case of the corpus: left out by `make test-fast`

CORPUS = Path(__file__).parent / "bad-inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def _prepare(case: Path, root: Path) -> None:
    make_data(root)
    shutil.copytree(case / "data", root / "data", dirs_exist_ok=True)
    pad = case / "PAD_TO_2MB"
    if pad.exists():
        target = root / "data" / pad.read_text("utf-8").strip()
        with target.open("a", encoding="utf-8") as f:
            f.write("# " + "x" * (2 * 1024 * 1024) + "\n")


@pytest.mark.parametrize("name", CASES)
def test_bad_input(tmp_path, name):
    case = CORPUS / name
    _prepare(case, tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("bản dựng trước", "utf-8")
    (site / MANIFEST).write_text('{"camnang": 1, "files": ["index.html"]}', "utf-8")  # a previous build of ours
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for expected in (case / "expected.txt").read_text("utf-8").splitlines():
        assert expected in result.stderr, f"thiếu: {expected!r}\n--- stderr ---\n{result.stderr}"
    assert sorted(p.name for p in site.iterdir()) == sorted([MANIFEST, "index.html"])
    assert (site / "index.html").read_text("utf-8") == "bản dựng trước"
    assert not list(tmp_path.glob(".camnang-build-*")) and not (tmp_path / "PWNED").exists()


def _message_head(line: str) -> str:
    """The fixed start of a message: after "lỗi: " / "cảnh báo: ", before the first variable part."""
    message = re.split(r"(?:lỗi|cảnh báo): ", line, maxsplit=1)[1]
    return re.split(r"[`(:;]|\s-?\d", message, maxsplit=1)[0].strip()


def test_every_message_is_explained_in_contributing():
    guide = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text("utf-8")
    heads = {_message_head(line) for name in CASES
             for line in (CORPUS / name / "expected.txt").read_text("utf-8").splitlines()
             if re.search(r"(lỗi|cảnh báo): ", line)}
    assert len(heads) >= 20
    assert sorted(h for h in heads if h not in guide) == []
