"""`camnang.offline`: the zip of the offline site is the same bytes for the same site."""

from __future__ import annotations

import zipfile

from camnang.offline import zip_site


def test_zip_is_deterministic_and_in_one_folder(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("<p>Cẩm nang</p>", "utf-8")
    (site / "b" / "a.js").write_text("var x = 1", "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = zip_site(site, tmp_path / "1.zip").read_bytes()
    (site / "index.html").touch()
    second = zip_site(site, tmp_path / "2.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "1.zip") as packed:
        assert packed.namelist() == ["cam-nang/b/a.js", "cam-nang/index.html"]
        assert packed.read("cam-nang/index.html").decode("utf-8") == "<p>Cẩm nang</p>"
