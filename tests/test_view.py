"""One view, two renderers (issue 14 §1): the blocks of camnang.view read the same on the site and in print.

Pages are rendered from the real handbook and converted with Python-Markdown and the extensions
mkdocs.yml lists (what MkDocs runs), or read back from a real `camnang build` of a small data
folder; the PDFs' values come from camnang.export.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from conftest import ROOT, page_text, run_camnang
from datasets import make_data

from camnang import addresses, export, view
from camnang.model import RELATION_KINDS, Note
from camnang.render import blocks
from camnang.render.checklist import ChecklistItem, render_checklist
from camnang.vntext import md


def _mkdocs_extensions() -> list:
    """The Markdown extensions of mkdocs.yml, with their options (tags such as !ENV are not read)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, conf = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        names.append(name)
        if conf:
            options[name] = conf
    return [names, options]


def to_html(text: str) -> str:
    names, options = _mkdocs_extensions()
    return markdown.Markdown(extensions=names, extension_configs=options).convert(text)


class _Lines(HTMLParser):
    """Visible text split into lines at <br>, <p>, <li>, <td> (what a reader sees as separate lines)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = [""]

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "li", "td", "th", "tr", "div", "label", "dt", "dd"):
            self.out.append("")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.out[-1] += data

    def lines(self) -> list[str]:
        return [" ".join(line.split()) for line in self.out if line.strip()]


def lines_of(html: str) -> list[str]:
    parser = _Lines()
    parser.feed(html)
    return parser.lines()


# ---- multi-line text, in every block it can land in -----------------------------------------------

TWO_LINES = "Dòng thứ nhất của ghi chú.\nDòng thứ hai: *không* phải Markdown."


@pytest.mark.parametrize("template", [
    "{}",
    "- {}",
    "1. {}",
    "- mục ngoài\n    - {}",
    "| A | B |\n|---|---|\n| {} | b |",
    '<div class="cn-facts" markdown>\n\n- {}\n\n</div>',
    '!!! note "Ghi chú"\n\n    {}',
    "Thuật ngữ\n:   {}",
])
def test_two_lines_render_as_two_lines(template):
    html = to_html(template.replace("{}", md(TWO_LINES)))
    assert html.count("<br") == 1, html
    found = lines_of(html)
    assert "Dòng thứ nhất của ghi chú." in found and "Dòng thứ hai: *không* phải Markdown." in found, found


def test_two_lines_in_a_checklist_item():
    html = to_html(render_checklist("thu", "Danh sách", [ChecklistItem("a", TWO_LINES)]))
    assert "Dòng thứ hai: *không* phải Markdown." in lines_of(html)


def test_two_line_note_through_the_note_block(handbook):
    item = view.notes([Note("bien_tap", TWO_LINES)])[0]
    html = to_html(blocks.note(handbook, addresses.document("x"), item))
    assert 'class="admonition note"' in html
    assert lines_of(html)[-2:] == ["Dòng thứ nhất của ghi chú.", "Dòng thứ hai: *không* phải Markdown."]


@pytest.mark.slow
def test_a_documents_two_line_editorial_note_keeps_its_break(tmp_path):
    """The real build: a document's note of two lines shows two lines (it lost its break)."""
    from datasets import PLAN
    plan = PLAN.replace("nguon:\n", "ghi_chu:\n  - loai: bien_tap\n    noi_dung: |-\n"
                        "      Dòng thứ nhất của ghi chú.\n      Dòng thứ hai của ghi chú.\nnguon:\n", 1)
    data = make_data(tmp_path, {"van-ban/ke-hoach-mau.yml": plan})
    site = tmp_path / "site"
    result = run_camnang("build", "--data", str(data), "--site", str(site))
    assert result.returncode == 0, result.stderr
    html = (site / "van-ban" / "ke-hoach-mau.html").read_text("utf-8")
    note = html.split('id="ghi-chu"', 1)[1].split("</div>", 1)[0]
    assert re.search(r"Dòng thứ nhất của ghi chú\.<br\s*/?>\s*Dòng thứ hai của ghi chú\.", note), note


# ---- the facts block --------------------------------------------------------------------------------


def test_unknown_facts_are_one_line(handbook):
    """Thái Bình plan: no số ký hiệu, no date, no trích yếu in the record: all on one "Chưa rõ" line."""
    doc = handbook.documents["ke-hoach-hkh-thai-binh-2023"]
    assert doc.number is None and doc.date is None and doc.summary is None  # the data this test is about
    html = to_html(blocks.facts(handbook, doc.url, view.document_facts(handbook, doc)))
    compact = html.split("<details", 1)[0]
    assert compact.count("Chưa rõ") == 1 and compact.lower().count("chưa rõ") == 1, compact
    line = next(x for x in lines_of(compact) if x.startswith("Chưa rõ:"))
    for label in ("trích yếu", "số, ký hiệu", "ngày ban hành"):
        assert label in line, line
    assert "Loại văn bản: Kế hoạch" in lines_of(compact)


def test_known_facts_are_not_repeated_as_unknown(handbook):
    doc = handbook.documents["ket-luan-49-kl-tw"]
    facts = view.document_facts(handbook, doc)
    shown = {f.label for f in facts.all()}
    assert {"Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Người ký"} <= shown
    assert not {label.lower() for label in shown} & set(facts.unknown)


# ---- one citation, one source list, one note style, one order ----------------------------------------


def test_quote_citation_names_the_issuer_on_the_web_as_in_print(handbook, built_site):
    for topic in handbook.topics.values():
        page = page_text(built_site / "chuyen-de" / f"{topic.id}.html")
        printed = export.topic(handbook, topic)["quotes"]
        assert len(printed) == len(topic.quotes)
        for quote, pdf in zip(topic.quotes, printed, strict=True):
            doc = handbook.documents[quote.document_id]
            issuer = handbook.organisations[doc.issuer_id].name if doc.issuer_id else "chưa rõ"
            assert f"cơ quan ban hành: {issuer})" in pdf["source"]
            assert f"Nguồn: {pdf['source']}." in page, (topic.id, pdf["source"])


def test_model_sources_are_links_and_organisation_sources_keep_their_note(handbook, built_site):
    for model in handbook.models.values():
        html = (built_site / "mo-hinh" / f"{model.id}.html").read_text("utf-8")
        for src in model.sources:
            if src.url:
                assert f'href="{src.url}"' in html, (model.id, src.url)
    checked = 0
    for org in handbook.organisations.values():
        text = page_text(built_site / "co-quan" / f"{org.id}.html", "nguon")
        for src in org.sources:
            if src.note:
                assert " ".join(src.note.split()) in text, (org.id, src.note)
                checked += 1
    assert checked


def test_notes_look_the_same_on_every_page_kind(handbook, built_site):
    """Document, model and organisation notes are admonitions under "Ghi chú biên tập"."""
    pages = [(built_site / "van-ban" / f"{d.id}.html") for d in handbook.documents.values() if d.notes][:3]
    pages += [(built_site / "mo-hinh" / f"{m.id}.html") for m in handbook.models.values() if m.notes][:2]
    pages += [(built_site / "co-quan" / f"{o.id}.html") for o in handbook.organisations.values() if o.notes][:2]
    assert pages
    for path in pages:
        section = path.read_text("utf-8").split('id="ghi-chu"', 1)[1].split("<h2", 1)[0]
        assert 'class="admonition' in section, path


def test_models_print_in_the_order_the_site_lists_them(handbook):
    kind_order = ["ca_nhan", "gia_dinh", "dong_ho", "cong_dong", "don_vi"]  # as the sources name them
    docs = export.volumes(handbook)[0]
    printed = [m["id"] for m in export.handbook(handbook, docs, 1, [])["models"]]
    ranks = [kind_order.index(handbook.models[i].kind) for i in printed]
    assert ranks == sorted(ranks) and sorted(printed) == sorted(handbook.models)


def test_printed_notes_are_the_web_notes(handbook):
    for doc in handbook.documents.values():
        printed = export.document(handbook, doc)["notes"]
        for note in doc.notes:
            assert any(line.startswith(f"{note.label}: {note.text}") for line in printed), (doc.id, note.text)


# ---- one table, indexes built once, addresses, imports -----------------------------------------------


def test_one_table_of_relation_kinds():
    schema = (ROOT / "camnang" / "schemas" / "van-ban.schema.json").read_text("utf-8")
    assert all(f'"{key}"' in schema for key in RELATION_KINDS)
    assert {k for k, kind in RELATION_KINDS.items() if kind.basis} == {"thuc_hien", "can_cu"}
    assert all(kind.outgoing[0].isupper() and kind.incoming.islower() for kind in RELATION_KINDS.values())


def test_indexes_match_a_plain_scan(handbook):
    children = {}
    for org in handbook.organisations.values():
        if org.parent_id:
            children.setdefault(org.parent_id, set()).add(org.id)
    assert {k: {o.id for o in v} for k, v in handbook.org_children.items()} == children
    for doc in handbook.documents.values():
        assert set(handbook.based_on[doc.id]) == {r.target_id for r in doc.relations if r.kind in ("thuc_hien", "can_cu")}
    for topic in handbook.topics.values():
        for q in topic.quotes:
            assert topic in handbook.topics_citing(q.document_id)
    implemented = {(ref.document_id, t.id) for d in handbook.documents.values() for t in d.tasks for ref in t.implements}
    indexed = {(doc_id, t.id) for doc_id, rows in handbook.tasks_implementing.items() for _, t, _ in rows}
    assert indexed == implemented


def test_pdf_folder_agrees_with_the_pdf_pipeline():
    from camnang import pdf
    assert addresses.PDF_DIR == pdf.PDF_DIR


@pytest.mark.parametrize(("module", "forbidden"), [
    ("camnang.render.document", "camnang.pdf"),
    ("camnang.render.topic", "camnang.pdf"),
    ("camnang.export", "camnang.render"),
])
def test_module_does_not_import(module, forbidden):
    code = (f"import sys, {module}; bad = [m for m in sys.modules if m == {forbidden!r} or m.startswith({forbidden!r} + '.')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_tasks_carrying_out_a_document_are_listed_one_line_per_plan(handbook):
    """A national programme is carried out by thousands of tasks: its page lists them plan by
    plan, each plan once, with every task's clause, period by period."""
    seen = 0
    for doc in handbook.documents.values():
        rows = handbook.tasks_implementing.get(doc.id, [])
        groups = view.implementing_tasks(handbook, doc)
        assert [g[0].plan.text for g in groups] == list(dict.fromkeys(view.doc_link(p).text for p, _, _ in rows))
        assert sum(map(len, groups)) == len(rows)
        for tasks in groups:
            line = blocks.task_backlink_line(handbook, doc.url, tasks)
            assert "\n" not in line and line.count(md(tasks[0].plan.text)) == 1, line
            assert all(md(t.task_clause.text) in line and md(t.period.lower()) in line for t in tasks), line
            seen += len(tasks) > 1
    assert seen  # the real data has a plan carrying out one document by several tasks
