"""Shapes of data that once made the build grow faster than the data: each stays linear."""

from __future__ import annotations

import os
import re
import time

from datasets import DIRECTIVE, make_data

from camnang.loader import load_handbook
from camnang.render.diagram import MAX_TREE_LEVEL, diagram_page


def _chain(root, length: int):
    """`length` directives, each citing the next as its basis (the deepest possible tree)."""
    changes = {}
    for i in range(length):
        text = (DIRECTIVE.replace("id: chi-thi-11-ct-tw", f"id: chi-thi-{i}-ct-tw")
                .replace("so_ky_hieu: 11-CT/TW", f"so_ky_hieu: {i + 100}-CT/TW"))
        if i + 1 < length:
            text += f"quan_he:\n  - loai: can_cu\n    van_ban: chi-thi-{i + 1}-ct-tw\n"
        changes[f"van-ban/chi-thi-{i}-ct-tw.yml"] = text
    return make_data(root, changes)


def test_a_long_basis_chain_keeps_the_relation_tree_shallow(tmp_path):
    hb = load_handbook(_chain(tmp_path, 60)).handbook
    tree = diagram_page(hb).split("## Cây quan hệ", 1)[1]
    items = [line for line in tree.splitlines() if line.lstrip().startswith("- ")]
    indents = {len(line) - len(line.lstrip()) for line in items}
    assert max(indents) == 4 * MAX_TREE_LEVEL  # deep levels are listed at the last level shown
    chain = [int(n) for line in items for n in re.findall(r"\(chi-thi-(\d+)-ct-tw\.md\)", line)]
    assert sorted(chain) == list(range(60))  # every link of the chain, each once
    assert re.search(r"\*\(cấp 60\)\*", tree)  # the real depth is still said


def test_build_loads_the_data_once(tmp_path, monkeypatch):
    """The command line names the folder as typed, the hooks by its absolute path: one load."""
    import camnang.loader as loader
    from camnang import cli

    make_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    # The build sets these for its hooks; set here first, monkeypatch restores them (or their absence).
    monkeypatch.setenv("CAMNANG_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", str(int(time.time()))))
    loads = []
    real = loader.load_handbook
    monkeypatch.setattr(loader, "load_handbook", lambda d: loads.append(d) or real(d))
    assert cli.main(["build", "--data", "data", "--site", "site"]) == 0
    assert len(loads) == 1
