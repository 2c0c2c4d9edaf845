"""Learning models (mô hình học tập): data rules, integrity messages, generated pages."""

from __future__ import annotations

import re

import pytest
from conftest import page_text, run_camnang
from datasets import make_data

from camnang.render.checklist import ChecklistItem, render_checklist

SEED_MODELS = ("Công dân học tập", "Gia đình học tập", "Dòng họ học tập", "Cộng đồng học tập", "Đơn vị học tập")


def test_the_five_models_and_their_levels_exist(handbook):
    names = {m.name for m in handbook.models.values()}
    assert set(SEED_MODELS) <= names
    levels = {m.id: m.parent_id for m in handbook.models.values() if m.parent_id}
    assert levels["don-vi-hoc-tap-chi-bo"] == "don-vi-hoc-tap"
    assert {"don-vi-hoc-tap-co-quan", "don-vi-hoc-tap-truong-hoc", "don-vi-hoc-tap-doanh-nghiep"} <= set(levels)
    assert {"cong-dong-hoc-tap-cap-thon", "cong-dong-hoc-tap-cap-xa"} <= set(levels)


def test_every_item_and_target_cites_a_source_that_exists(handbook):
    checked = 0
    for model in handbook.models.values():
        for ref in model.all_sources():
            doc = handbook.documents[ref.document_id]
            assert ref.clause_id is None or ref.clause_id in doc.clause_index, (model.id, ref)
            assert ref.clause_id or ref.location, f"{model.id}: nguồn không nêu mục hay vị trí"
            checked += 1
        for group in model.groups:
            for _, item in group.items():
                assert item.sources, (model.id, item.id)
    assert checked > 50


def test_points_add_up_where_a_maximum_is_stated(handbook):
    scored = 0
    for model in handbook.models.values():
        for group in model.groups:
            for criterion in group.criteria:
                total = sum(i.points or 0 for i in criterion.items)
                if criterion.max_points is not None:
                    scored += 1
                    assert total <= criterion.max_points
                    if criterion.complete:
                        assert total == criterion.max_points, (model.id, criterion.id)
                    else:
                        assert criterion.missing, "tiêu chí chưa đủ phải nói rõ phần còn thiếu"
            if group.max_points is not None:
                assert sum(c.max_points or 0 for c in group.criteria) <= group.max_points
    assert scored >= 1


def test_every_scored_item_has_a_source_and_fits_its_maximum(handbook):
    """Points are recorded only with a source that states them, and never beyond a stated maximum."""
    for model in handbook.models.values():
        for group in model.groups:
            for criterion, item in group.items():
                if item.points is None:
                    continue
                assert item.points > 0, (model.id, item.id)
                assert item.sources, f"{model.id}/{item.id}: điểm không có nguồn"
                for ref in item.sources:
                    assert ref.document_id in handbook.documents, (model.id, item.id, ref)
                if criterion.max_points is not None:
                    assert item.points <= criterion.max_points, (model.id, item.id)


def test_every_model_has_a_checklist(handbook):
    for model in handbook.models.values():
        assert model.groups, f"{model.id}: cần ít nhất một danh sách tự đánh giá"


def test_chi_bo_checklist_comes_from_seed_000_ii_2(handbook):
    chi_bo = handbook.models["don-vi-hoc-tap-chi-bo"]
    cited = {r.clause_id for g in chi_bo.groups if g.kind == "yeu_cau_van_ban" for _, i in g.items() for r in i.sources
             if r.document_id == "ke-hoach-duk-khuyen-hoc-2022-2025"}
    assert {"ii-2-1", "ii-2-2", "ii-2-3"} <= cited
    assert any(g.kind == "viec_chuan_bi" for g in chi_bo.groups)


def test_reverse_indexes_link_documents_and_tasks_to_models(handbook):
    by_doc = {m.id for m in handbook.models_by_document["quyet-dinh-677-qd-ttg"]}
    assert "cong-dan-hoc-tap" in by_doc
    q1 = {m.name for m in handbook.models_by_task[("ke-hoach-hkh-thai-binh-2023", "q1-3")]}
    assert set(SEED_MODELS) <= q1
    assert "Gia đình học tập" in {m.name for m in handbook.models_by_task[("ke-hoach-hkh-thai-binh-2023", "q3-1")]}


# --- integrity: broken references and points are refused with Vietnamese messages -----------

MODEL = """\
id: don-vi-hoc-tap
ten: Đơn vị học tập
loai: don_vi
dinh_nghia: Đơn vị mà mọi thành viên học tập.
tieu_chi_day_du: false
con_thieu: Chưa có toàn văn.
van_ban:
  - van_ban: {doc}
    vai_tro: chi_dao
    muc: [{clause}]
nhiem_vu:
  - van_ban: ke-hoach-mau
    nhiem_vu: {task}
nhom_tieu_chi:
  - id: bo
    ten: Bộ tiêu chí
    loai: bo_tieu_chi
    diem_toi_da: 100
    tieu_chi:
      - id: tc-1
        ten: Tiêu chí 1
        diem_toi_da: {max_points}
        day_du: {complete}
        noi_dung:
          - id: a
            noi_dung: Nội dung a
            diem: 10
            nguon: [{{van_ban: ke-hoach-mau, muc: i-g1}}]
          - id: b
            noi_dung: Nội dung b
            diem: 10
            nguon: [{{van_ban: ke-hoach-mau, muc: i-g1}}]
nguon:
  - tep: 000_0c4b58b529f50a1e.txt
"""


def _model(**changes) -> str:
    values = {"doc": "ke-hoach-mau", "clause": "i-g1", "task": "nv-1", "max_points": 20, "complete": "true", **changes}
    return MODEL.format(**values)


def test_valid_model_passes_the_check(tmp_path):
    data = make_data(tmp_path, {"mo-hinh/don-vi-hoc-tap.yml": _model()})
    result = run_camnang("check", "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 mô hình học tập" in result.stdout


@pytest.mark.parametrize("changes, message", [
    ({"doc": "ke-hoach-mauu"}, "Không tìm thấy văn bản có mã `ke-hoach-mauu`"),
    ({"clause": "i-g9"}, "Không tìm thấy mục của Kế hoạch mẫu có mã `i-g9`"),
    ({"task": "nv-9"}, "Không tìm thấy nhiệm vụ của Kế hoạch mẫu có mã `nv-9`"),
    ({"max_points": 15, "complete": "false"}, "vượt điểm tối đa của tiêu chí"),
    ({"max_points": 30}, "khác điểm tối đa"),
    ({"max_points": 120}, "vượt tổng điểm của nhóm"),
])
def test_broken_model_is_refused_with_a_message(tmp_path, changes, message):
    data = make_data(tmp_path, {"mo-hinh/don-vi-hoc-tap.yml": _model(**changes)})
    result = run_camnang("check", "--data", str(data))
    assert result.returncode == 1
    assert message in result.stdout + result.stderr, result.stdout + result.stderr
    assert "don-vi-hoc-tap.yml:" in result.stdout + result.stderr


def test_misspelt_reference_gets_a_suggestion(tmp_path):
    data = make_data(tmp_path, {"mo-hinh/don-vi-hoc-tap.yml": _model(doc="ke-hoach-mauu")})
    output = run_camnang("check", "--data", str(data))
    assert "có phải ý bạn là `ke-hoach-mau`" in output.stdout + output.stderr


# --- the checklist renderer -----------------------------------------------------------------

def test_checklist_markup_contract_and_escaping():
    html = render_checklist("k--q1", "Quý <I>", [ChecklistItem("a", "Làm *việc* <b>x</b>", points=10),
                                                 ChecklistItem("b", "Khác", source="[nguồn](x.md)")], max_points=30)
    assert 'data-checklist="k--q1"' in html and "data-checklist-score" in html
    assert html.count('type="checkbox"') == 2 and html.count("<label for=") == 2
    assert "<b>" not in html and "&lt;b&gt;" in html and "\\*việc\\*" in html
    assert "2 mục · tối đa 30 điểm" in html and "Xoá đánh dấu" in html
    with pytest.raises(ValueError):
        render_checklist("k", "t", [ChecklistItem("a", "x"), ChecklistItem("a", "y")])


# --- built pages ----------------------------------------------------------------------------

def test_models_index_and_pages_are_built(built_site, handbook):
    index = page_text(built_site / "mo-hinh" / "index.html")
    for name in SEED_MODELS:
        assert name in index
    for model in handbook.models.values():
        html = (built_site / "mo-hinh" / f"{model.id}.html").read_text("utf-8")
        assert html.count("data-checklist=") == len(model.groups)
        items = sum(1 for g in model.groups for _ in g.items())
        assert html.count('type="checkbox" id="cl-') == items
        assert ("Chưa có đủ bộ tiêu chí" in html) == (not model.criteria_complete), model.id


def test_model_page_shows_documents_targets_and_tasks(built_site):
    text = page_text(built_site / "mo-hinh" / "cong-dan-hoc-tap.html")
    assert "Quyết định 677/QĐ-TTg" in text and "đến 2030" in text and "90%" in text
    assert "Các cơ sở đăng ký mô hình" in text
    dv = page_text(built_site / "mo-hinh" / "don-vi-hoc-tap.html")
    assert "Thông tư 22/2020/TT-BGDĐT" in dv and "cần xác minh" in dv and "50%" in dv


def test_document_and_plan_pages_link_back_to_models(built_site):
    doc = page_text(built_site / "van-ban" / "quyet-dinh-448-qd-khvn.html")
    assert "Mô hình học tập liên quan" in doc and "Gia đình học tập" in doc
    plan = (built_site / "van-ban" / "ke-hoach-hkh-thai-binh-2023.html").read_text("utf-8")
    for period in ("quy-1", "quy-2", "quy-3", "quy-4", "hang-nam"):
        assert f'data-checklist="ke-hoach-hkh-thai-binh-2023--{period}"' in plan
    assert re.search(r'href="../mo-hinh/don-vi-hoc-tap.html"', plan)
    assert 'href="#ii-2-1-g3"' in plan  # the clause link of each task is kept


def test_gaps_page_lists_model_criteria_gaps(built_site, handbook):
    text = page_text(built_site / "viec-can-bo-sung.html")
    assert "Tiêu chí mô hình học tập còn thiếu" in text
    for model in handbook.models.values():
        assert model.name in text
