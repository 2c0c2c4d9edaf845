"""The handbook as of today (issue 13): bodies, provinces and documents after 2025, shown beside the
old texts without changing them; "now" is the build date, never the wall clock."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, page_text, run_camnang, synthetic_data
from datasets import make_data

from camnang.diagnostics import DataError
from camnang.loader import load_handbook
from camnang.searchindex import ShardedIndex
from camnang.timeline import last_commit_dates, period_end

THAI_BINH_BODIES = ["hoi-khuyen-hoc-tinh-thai-binh", "ban-thuong-vu-hoi-khuyen-hoc-tinh-thai-binh",
                    "ban-kiem-tra-hoi-khuyen-hoc-tinh-thai-binh", "ubnd-tinh-thai-binh"]


def _epoch(year: int, month: int, day: int) -> str:
    return str(int(dt.datetime(year, month, day, tzinfo=dt.UTC).timestamp()))


def _load(monkeypatch, epoch: str, data: Path = ROOT / "data"):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    return load_handbook(data).handbook


# ---- model ------------------------------------------------------------------------------------------


def test_a_province_event_reaches_every_body_in_it(monkeypatch):
    hb = _load(monkeypatch, _epoch(2026, 12, 1))
    in_thai_binh = [p.stem for p in (ROOT / "data" / "co-quan").glob("*.yml")
                    if yaml.safe_load(p.read_text("utf-8")).get("dia_ban") == "tinh-thai-binh"]
    assert set(THAI_BINH_BODIES) <= set(in_thai_binh)
    for org_id in in_thai_binh:
        status = hb.timeline.status(org_id)
        assert status.date == dt.date(2025, 7, 1), org_id  # section D: new units operate from 1/7/2025
        assert "tỉnh Hưng Yên" in status.text and "chưa rõ" in status.text, status.text
        assert status.inferred  # what became of the body itself is not in the sources


def test_successor_known_unknown_and_inherited(monkeypatch):
    hb = _load(monkeypatch, _epoch(2026, 12, 1))
    merged = hb.timeline.status("ban-tuyen-giao-trung-uong")
    assert merged.successor_name == "Ban Tuyên giáo và Dân vận Trung ương" and merged.inferred
    unknown = hb.timeline.status("dang-uy-khoi-cac-co-quan-trung-uong")
    assert unknown.successor_name is None and "chưa rõ" in unknown.text
    child = hb.timeline.status("ban-thuong-vu-dang-uy-khoi-cac-co-quan-trung-uong")
    assert "Đảng ủy Khối các cơ quan Trung ương" in child.text and child.inferred
    assert hb.timeline.status("bo-chinh-tri") is None  # nothing recorded: nothing said


def test_resolution_71_is_a_metadata_only_record(monkeypatch):
    hb = _load(monkeypatch, _epoch(2026, 12, 1))
    doc = hb.documents["nghi-quyet-71-nq-tw"]
    assert (doc.number, doc.date, doc.issuer_id) == ("71-NQ/TW", dt.date(2025, 8, 22), "bo-chinh-tri")
    assert not doc.has_text and doc.verification == "nguon_thu_cap"
    assert all(s.secondary for s in doc.sources if s.url)


@pytest.mark.parametrize("period, end", [("2023", dt.date(2023, 12, 31)), ("2022-2025", dt.date(2025, 12, 31)),
                                         ("2021 - 2030", dt.date(2030, 12, 31)), ("nhiệm kỳ V", None), (None, None)])
def test_period_end_read_from_giai_doan(period, end):
    assert period_end(period) == end


def test_plan_period_ended_follows_the_build_date_not_the_clock(tmp_path, monkeypatch):
    from datasets import PLAN

    data = make_data(tmp_path, {"van-ban/ke-hoach-mau.yml": PLAN + 'giai_doan: "2023"\n'})
    plan = "ke-hoach-mau"
    during = _load(monkeypatch, _epoch(2023, 6, 1), data)
    assert during.timeline.period_status(during.documents[plan]) == (dt.date(2023, 12, 31), False)
    after = _load(monkeypatch, _epoch(2024, 1, 1), data)
    assert after.timeline.period_status(after.documents[plan]) == (dt.date(2023, 12, 31), True)
    assert after.timeline.validity_of(plan).state == "chua_ro"  # no source on validity: never guessed
    real = _load(monkeypatch, _epoch(2026, 12, 1))
    assert real.timeline.period_status(real.documents["ke-hoach-hkh-thai-binh-2023"]) == (dt.date(2023, 12, 31), True)


# ---- validation -------------------------------------------------------------------------------------

EVENT_ORG = """\
id: bo-chinh-tri
ten: Bộ Chính trị
cap: Trung ương
lich_su:
  - ngay: "2025-02-03"
    loai: doi_ten
    ten_moi: Tên mới
    nguon:
      - url: https://example.vn/a
nguon:
  - tep: 000_0c4b58b529f50a1e.txt
"""


def test_an_event_after_the_build_date_is_refused_and_accepted_once_it_has_happened(tmp_path, monkeypatch):
    data = make_data(tmp_path, {"co-quan/bo-chinh-tri.yml": EVENT_ORG})
    with pytest.raises(DataError) as error:
        _load(monkeypatch, _epoch(2025, 1, 1), data)
    report = error.value.report()
    assert "bo-chinh-tri.yml:5:11: lỗi: Ngày 3/2/2025 ở sau ngày dựng cẩm nang (1/1/2025)" in report
    hb = _load(monkeypatch, _epoch(2025, 2, 3), data)
    assert hb.timeline.status("bo-chinh-tri").text == "nay là Tên mới, từ 3/2/2025"


def test_self_succession_and_missing_successor(tmp_path, monkeypatch):
    org = EVENT_ORG.replace("    loai: doi_ten\n    ten_moi: Tên mới\n", "    loai: sap_nhap_vao\n    ke_thua: bo-chinh-tri\n")
    with pytest.raises(DataError) as error:
        _load(monkeypatch, _epoch(2026, 1, 1), make_data(tmp_path / "a", {"co-quan/bo-chinh-tri.yml": org}))
    assert "Một cơ quan không thể kế thừa chính nó (`bo-chinh-tri`)" in error.value.report()
    org = org.replace("ke_thua: bo-chinh-tri", "ke_thua: bo-chinh-trj")
    with pytest.raises(DataError) as error:
        _load(monkeypatch, _epoch(2026, 1, 1), make_data(tmp_path / "b", {"co-quan/bo-chinh-tri.yml": org}))
    assert "Không tìm thấy cơ quan có mã `bo-chinh-trj`" in error.value.report()


# ---- commit dates -----------------------------------------------------------------------------------


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.vn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.vn"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_last_commit_dates_in_one_pass(tmp_path):
    repo = tmp_path / "repo"
    data = make_data(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "một", date="2024-03-05T10:00:00+00:00")
    org = data / "co-quan" / "bo-chinh-tri.yml"
    org.write_text(org.read_text("utf-8") + "ghi_chu: []\n", "utf-8")
    _git(repo, "commit", "-qam", "hai", date="2025-09-30T23:30:00+00:00")
    dates = last_commit_dates(data)
    assert dates["co-quan/bo-chinh-tri.yml"] == dt.date(2025, 9, 30)
    assert dates["van-ban/ke-hoach-mau.yml"] == dt.date(2024, 3, 5)
    plain = tmp_path / "plain"  # no repository around it: no dates, pages fall back to the build date
    plain.mkdir()
    assert last_commit_dates(plain) == {}


def test_updated_line_falls_back_to_the_build_date_without_history(tmp_path):
    make_data(tmp_path)
    result = run_camnang("build", "--data", "data", "--site", "site", cwd=tmp_path,
                         env={"SOURCE_DATE_EPOCH": _epoch(2026, 3, 4)})
    assert result.returncode == 0, result.stderr
    assert "Cập nhật: 4/3/2026" in page_text(tmp_path / "site" / "van-ban" / "ke-hoach-mau.html")
    assert "Cập nhật: 4/3/2026" in page_text(tmp_path / "site" / "co-quan" / "bo-chinh-tri.html")


# ---- the built handbook -----------------------------------------------------------------------------


def _commit_date(path: Path) -> str:
    out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(path)], cwd=ROOT, capture_output=True,
                         text=True).stdout.strip()
    if not out:
        return ""
    date = dt.datetime.fromtimestamp(int(out), dt.UTC).date()
    return f"{date.day}/{date.month}/{date.year}"


def test_every_record_page_says_when_its_data_were_updated(built_site):
    for path in [ROOT / "data" / "van-ban" / "ket-luan-49-kl-tw.yml", ROOT / "data" / "co-quan" / "bo-chinh-tri.yml"]:
        expected = _commit_date(path)
        if not expected or subprocess.run(["git", "diff", "--quiet", "HEAD", "--", str(path)], cwd=ROOT).returncode:
            continue  # uncommitted here: the page shows the last commit that did touch it, not checked
        page = built_site / path.parent.name / (path.stem + ".html")
        assert f"Cập nhật: {expected}" in page_text(page), path


def test_organisation_page_shows_the_change_and_its_history(built_site):
    text = page_text(built_site / "co-quan" / "hoi-khuyen-hoc-tinh-thai-binh.html")
    assert "Thay đổi từ năm 2025" in text
    assert "tỉnh Thái Bình nay là một phần của tỉnh Hưng Yên, từ 1/7/2025" in text
    assert "Lịch sử" in text and "Hợp nhất thành" in text and "thứ cấp" in text
    html = (built_site / "co-quan" / "hoi-khuyen-hoc-tinh-thai-binh.html").read_text("utf-8")
    assert 'href="https://vnbiznews.com/' in html  # the source is linked
    text = page_text(built_site / "co-quan" / "dang-uy-khoi-cac-co-quan-trung-uong.html")
    assert "cơ quan kế thừa chưa rõ" in text and "suy luận" in text


def test_changes_page_lists_every_change_and_every_record_it_touches(built_site):
    text = page_text(built_site / "thay-doi-tu-nam-2025.html")
    for fact in ("12/6/2025", "34 đơn vị hành chính cấp tỉnh", "28 tỉnh, 6 thành phố", "461/465",
                 "cấp huyện (huyện, thị xã, thành phố thuộc tỉnh) không còn hoạt động", "Nghị quyết 71-NQ/TW",
                 "22/8/2025", "Đảng bộ các cơ quan Đảng Trung ương", "thành phố Hải Phòng", "tỉnh Ninh Bình"):
        assert fact in text, fact
    touched = [yaml.safe_load(p.read_text("utf-8")) for p in (ROOT / "data" / "co-quan").glob("*.yml")]
    touched = [o["ten"] for o in touched if o.get("dia_ban") or (o.get("lich_su") and o["lich_su"][-1]["loai"] != "thanh_lap")]
    assert len(touched) >= 19
    for name in touched:
        assert name in text, name
    assert "Kế hoạch công tác khuyến học năm 2023 của Hội Khuyến học tỉnh Thái Bình" in text
    index = page_text(built_site / "index.html")
    assert "Thay đổi từ năm 2025" in index


def test_search_by_the_new_province_finds_the_old_bodies(built_site):
    pages = ShardedIndex(built_site / "search").pages_holding("hưng", "yên")
    for org_id in THAI_BINH_BODIES:
        assert f"co-quan/{org_id}.html" in pages, org_id


def test_recent_page_lists_records_newest_first(built_site):
    html = (built_site / "moi-cap-nhat.html").read_text("utf-8")
    dates = re.findall(r"<td>(\d{1,2})/(\d{1,2})/(\d{4})</td>", html)
    assert len(dates) >= 10
    ordinals = [dt.date(int(y), int(m), int(d)).toordinal() for d, m, y in dates]
    assert ordinals == sorted(ordinals, reverse=True)


def test_diagram_marks_documents_whose_issuer_changed(built_site):
    html = (built_site / "van-ban" / "so-do.html").read_text("utf-8")
    title = re.search(r"<title>(Kế hoạch khuyến học của Đảng ủy Khối[^<]*)</title>", html).group(1)
    assert "cơ quan ban hành, từ 2025" in title


def test_the_seed_texts_are_untouched(built_site):
    """The notes sit beside the words: the record's text still holds the seed's phrases as written."""
    plan = yaml.safe_load((ROOT / "data" / "van-ban" / "ke-hoach-hkh-thai-binh-2023.yml").read_text("utf-8"))
    seed = (ROOT / "tests" / "seeds" / "004_e09adca2ea7ee2c8.txt").read_text("utf-8")
    clause = next(c for c in plan["noi_dung"] if c["id"] == "iii")["muc"][0]["van_ban"]
    assert clause in " ".join(seed.split()) or clause in seed


@pytest.mark.slow
def test_synthetic_corpus_uses_the_map_of_its_year(tmp_path):
    import sys

    out = synthetic_data(40, tmp_path / "synth")
    plans = [yaml.safe_load(p.read_text("utf-8")) for p in (out / "van-ban").glob("ke-hoach-tong-hop-*.yml")]
    new = [p for p in plans if int(p["giai_doan"]) >= 2026]
    old = [p for p in plans if int(p["giai_doan"]) < 2026]
    assert new and old
    named_new = {"tỉnh Hưng Yên", "thành phố Hải Phòng", "tỉnh Ninh Bình"}  # the three section D names
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth

    units = {f"{kind} {name}" for kind, name, _ in synth.NEW_MAP}
    assert len(units) == 34 and named_new <= units  # section D: 34 units, 28 tỉnh and 6 thành phố
    assert sum(u.startswith("tỉnh ") for u in units) == 28 and sum(u.startswith("thành phố ") for u in units) == 6
    for p in new:
        unit = re.search(r"khuyến học (.+) năm \d{4}$", p["ten_ngan"]).group(1)
        assert unit in units, unit
        assert "huyện" not in json.dumps(p["noi_dung"], ensure_ascii=False)  # no district level after 1/7/2025
    assert any("huyện" in json.dumps(p["noi_dung"], ensure_ascii=False) for p in old)
    assert run_camnang("check", "--data", str(out)).returncode == 0


def test_marker_sits_beside_the_name_and_never_changes_the_words(monkeypatch):
    from camnang.render.changes import NameMarker

    hb = _load(monkeypatch, _epoch(2026, 12, 1))
    marker = NameMarker(hb, hb.documents["ke-hoach-hkh-thai-binh-2023"])
    text = ("Phối hợp với Hội Khuyến học tỉnh Hà Nam và [Chỉ thị của UBND tỉnh Thái Bình](chi-thi-15-ct-ubnd.md) "
            "trên địa bàn tỉnh Thái Bình; tỉnh Thái Bình\n### Tiêu đề tỉnh Thái Bình {#x}\nHội Khuyến học tỉnh Thái Bìnhxyz")
    out = marker.mark(text)
    assert re.sub(r'<a class="cn-doi" href="#thay-doi" [^>]*></a>', "", out) == text  # only markers added
    first = out.split("\n")[0]
    assert first.count("cn-doi") == 3  # Hà Nam's Hội, the linked UBND, the province (once per paragraph)
    assert '(chi-thi-15-ct-ubnd.md)<a class="cn-doi"' in first  # a name inside a link: the marker follows the link
    assert 'Hội Khuyến học tỉnh Hà Nam<a class="cn-doi" href="#thay-doi" title="Hội Khuyến học tỉnh Hà Nam — từ 2025: ' in first
    assert "cn-doi" not in out.split("\n")[1] and "cn-doi" not in out.split("\n")[2]  # headings; a longer word


def test_thai_binh_plan_page_says_what_changed_beside_the_old_names(built_site):
    page = built_site / "van-ban" / "ke-hoach-hkh-thai-binh-2023.html"
    html = page.read_text("utf-8")
    text = page_text(page)
    # metadata: beside the issuer, the change; the period ended (2023) before the build date; validity unknown
    assert "Ban Thường vụ Hội Khuyến học tỉnh Thái Bình (từ 2025: tỉnh Thái Bình nay là một phần của tỉnh Hưng Yên, " \
           "từ 1/7/2025" in text
    assert "Giai đoạn thực hiện: Đã kết thúc (31/12/2023)" in text
    assert re.search(r"Chưa rõ: [^:]*\bhiệu lực\b", text)  # every unknown fact on one line
    # the page's list of changes, linked from a "†" beside the name in the full text (drawn by CSS)
    changed = page_text(page, "thay-doi").split("Toàn văn")[0]
    assert "Hội Khuyến học tỉnh Thái Bình: tỉnh Thái Bình nay là một phần của tỉnh Hưng Yên, từ 1/7/2025" in changed
    assert re.search(r'Hội Khuyến học tỉnh Thái Bình[^<]*</a><a class="cn-doi" href="#thay-doi" title="Hội Khuyến '
                     r'học tỉnh Thái Bình — từ 2025: tỉnh Thái Bình nay là một phần của tỉnh Hưng Yên', html)
    # the district-level note on the tasks' clauses
    assert "cấp huyện không còn hoạt động" in text
    assert "van-ban/ke-hoach-hkh-thai-binh-2023.html" in ShardedIndex(built_site / "search").pages_holding("hưng", "yên")


def test_resolution_71_page_is_metadata_only_with_secondary_sources(built_site):
    text = page_text(built_site / "van-ban" / "nghi-quyet-71-nq-tw.html")
    assert "71-NQ/TW" in text and "22/8/2025" in text and "Tô Lâm" in text
    assert "Cẩm nang chưa có toàn văn văn bản này" in text
    assert "nguồn thứ cấp: trang tin, không phải văn bản gốc" in page_text(built_site / "van-ban" / "nghi-quyet-71-nq-tw.html", "nguon")


def test_recipients_that_changed_carry_the_note(built_site):
    """Nơi nhận keeps the words as written, with what became of the body beside it."""
    html = (built_site / "van-ban" / "ke-hoach-duk-khuyen-hoc-2022-2025.html").read_text("utf-8")
    recipients = html.split('class="cn-noi-nhan"', 1)[1].split("</ul>", 1)[0]
    item = next(li for li in recipients.split("<li>") if li.startswith("Ban Tuyên giáo Trung ương"))
    assert "Ban Tuyên giáo và Dân vận Trung ương" in item and "suy luận" in item
    unchanged = next(li for li in recipients.split("<li>") if li.startswith("Các đảng ủy trực thuộc"))
    assert "từ 2025" not in unchanged


def test_list_pages_say_when_their_newest_record_changed(built_site):
    """A page drawn from many records (lists, changes, glossary) shows the newest change of data/."""
    newest = _commit_date(ROOT / "data")
    assert newest, "the tests run in a git checkout"
    expected = f"Cập nhật: {newest}"
    for page in ["van-ban/index.html", "thay-doi-tu-nam-2025.html", "co-quan/index.html", "thuat-ngu.html",
                 "van-ban/loai-ke-hoach.html"]:
        assert expected in page_text(built_site / page), page
