"""What changed since the documents were written: notes beside names, organisation histories,
territorial unit pages, "Thay đổi từ năm 2025", "Mới cập nhật" and the "Cập nhật: …" line.

Every sentence here is built from `camnang.timeline` (the data and the build date); the words
of the documents themselves are never touched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping

from .. import view
from ..model import Document, Handbook, Organisation, Source, format_date
from ..timeline import CHANGES, CHANGES_SINCE, RECENT, UNIT_KIND, Event, Status, Timeline, Unit
from ..vntext import attr, md, safe_url, sorted_vi
from .common import GAP, doc_link, link

CHANGES_TITLE = "Thay đổi từ năm 2025"
__all__ = ["CHANGES", "CHANGES_TITLE", "RECENT", "NameMarker", "status_note", "validity_cell"]

_Trie = dict[str, "_Trie"]  # one character → the rest of the words


def _tl(hb: Handbook) -> Timeline:
    """The handbook's timeline: the loader always builds one; the pages that read it need it."""
    if hb.timeline is None:
        raise LookupError("Handbook.timeline is not built")
    return hb.timeline


# ---- small pieces -----------------------------------------------------------------------------


def source_links(sources: tuple[Source, ...]) -> str:
    """"nguồn: [1](…) (thứ cấp), [2](…)": URLs as links, seed files by name."""
    parts = []
    for n, src in enumerate(sources, 1):
        item = f"[{n}]({safe_url(src.url)})" if src.url else md(src.file)
        parts.append(item + (" (thứ cấp)" if src.secondary else ""))
    return "nguồn: " + ", ".join(parts) if parts else ""


def status_text(from_uri: str, status: Status) -> str:
    """The status in Markdown, the successor linked when it has a page."""
    text = md(status.text)
    if status.successor_url and status.successor_name:
        named = md(status.successor_name)
        if named in text:
            text = text.replace(named, link(from_uri, status.successor_url, status.successor_name), 1)
    return text


def status_note(hb: Handbook, from_uri: str, org_id: str | None) -> str:
    """" *(từ 2025: nay là …, từ …; suy luận; [thay đổi](…))*" to put beside a body's name, or ""."""
    status = hb.timeline.status(org_id) if org_id and hb.timeline else None
    if status is None:
        return ""
    inferred = "; suy luận" if status.inferred else ""
    return f" *(từ 2025: {status_text(from_uri, status)}{inferred}; {link(from_uri, CHANGES, 'xem thay đổi')})*"


def issuer_changed(hb: Handbook, doc: Document) -> Status | None:
    return hb.timeline.status(doc.issuer_id) if doc.issuer_id and hb.timeline else None


def issuer_note(hb: Handbook, from_uri: str, doc: Document) -> str:
    """" *(cơ quan ban hành: từ 2025 …)*" for lists and the diagram's tree, or ""."""
    status = issuer_changed(hb, doc)
    if status is None or doc.issuer_id is None:
        return ""
    org = hb.organisations[doc.issuer_id]
    return f" *(cơ quan ban hành, {link(from_uri, org.url, 'từ 2025')}: {md(status.text)})*"


def updated_line(hb: Handbook, record_key: str) -> str:
    """"Cập nhật: 1/12/2026" from the record's last commit, else the build date; "" without either."""
    date = hb.timeline.updated(record_key) if hb.timeline else None
    return f'\n<p class="cn-cap-nhat">Cập nhật: {format_date(date)}</p>\n' if date else ""


def latest_line(hb: Handbook) -> str:
    """"Cập nhật: …" for a page drawn from many records: the newest change of any data file."""
    date = hb.timeline.latest_update() if hb.timeline else None
    return f'\n<p class="cn-cap-nhat">Cập nhật: {format_date(date)}</p>\n' if date else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _event_line(hb: Handbook, from_uri: str, event: Event, successors: Mapping[str, Organisation | Unit]) -> str:
    heir = successors.get(event.successor_id) if event.successor_id else None
    head = f"**{format_date(event.date)}** — {md(event.label)}"
    if heir is not None:
        head += f" {link(from_uri, heir.url, heir.name)}"
    elif event.new_name:
        head += f" {md(event.new_name)}"
    elif event.kind in ("sap_nhap_vao", "hop_nhat_thanh", "sap_xep_lai", "ket_thuc_hoat_dong"):
        head += f" (tổ chức kế thừa: {GAP})"
    text = f": {md(event.text)}" if event.text else ""
    inferred = " *(suy luận của người biên tập)*" if event.inferred else ""
    sources = f" — {source_links(event.sources)}" if event.sources else ""
    return f"- {head}{text}{inferred}{sources}"


# ---- organisation page parts --------------------------------------------------------------------


def organisation_notice(hb: Handbook, org: Organisation) -> list[str]:
    """An admonition under the title when the body (or its parent, or its province) changed."""
    status = hb.timeline.status(org.id) if hb.timeline else None
    if status is None:
        return []
    inferred = " (suy luận của người biên tập từ các nguồn)" if status.inferred else ""
    return [f'!!! warning "{CHANGES_TITLE}"\n',
            f"    {_capital(status_text(org.url, status))}{inferred}. "
            f"{source_links(status.sources).capitalize()}. Các văn bản trong cẩm nang giữ nguyên tên gọi lúc ban hành; "
            f"xem {link(org.url, CHANGES, CHANGES_TITLE.lower())}.\n"]


def organisation_history(hb: Handbook, org: Organisation) -> list[str]:
    """"## Lịch sử": the body's own events, what it continues, its province's events."""
    tl = hb.timeline
    if tl is None:
        return []
    lines = [_event_line(hb, org.url, e, hb.organisations) for e in tl.org_events.get(org.id, ())]
    for before_id in tl.predecessors.get(org.id, ()):
        before = hb.organisations.get(before_id)
        if before:
            dates = [e for e in tl.org_events.get(before_id, ()) if e.successor_id == org.id]
            lines.append(f"- **{format_date(dates[-1].date)}** — tiếp nhận {link(org.url, before.url, before.name)}"
                         + (" *(suy luận của người biên tập)*" if dates[-1].inferred else ""))
    unit = tl.units.get(tl.org_unit.get(org.id, ""))
    if unit:
        for event in unit.events:
            lines.append(_event_line(hb, org.url, event, tl.units).replace(
                "- ", f"- {link(org.url, unit.url, _capital(unit.name))}: ", 1))
    if not lines:
        return []
    lines.sort(key=lambda line: _date_key(line))
    return ["## Lịch sử\n"] + lines + [""]


def _date_key(line: str) -> tuple[int, int, int]:
    """Sort "- … **d/m/yyyy** …" lines by their date (each line holds exactly one bold date)."""
    bold = line.split("**")[1] if "**" in line else "0/0/0"
    day, month, year = (int(p) for p in bold.split("/"))
    return year, month, day


def short_status(hb: Handbook, from_uri: str, org_id: str) -> str:
    status = hb.timeline.status(org_id) if hb.timeline else None
    return status_text(from_uri, status) + (" (suy luận)" if status.inferred else "") if status else "—"


# ---- territorial unit pages ----------------------------------------------------------------------


def unit_page(hb: Handbook, unit: Unit) -> str:
    tl = _tl(hb)
    from .blocks import facts, notes_section, sources_section  # blocks renders through this module's status notes
    out = [f"# {md(_capital(unit.name))}\n", facts(hb, unit.url, view.unit_facts(unit))]
    if unit.description:
        out.append(md(unit.description) + "\n")
    change = tl.unit_change(unit.id)
    if change:
        event, heir = change
        now = link(unit.url, heir.url, heir.name) if heir else GAP
        out.append(f'!!! warning "{CHANGES_TITLE}"\n\n    Từ {format_date(event.date)}, {md(unit.name)} là một phần '
                   f"của {now}. {source_links(event.sources).capitalize()}.\n")
    formed = [tl.units[u] for u in tl.predecessors.get(unit.id, ()) if u in tl.units]
    if formed:
        out.append("## Hình thành từ\n")
        out += [f"- {link(unit.url, u.url, u.name)}" for u in sorted_vi(formed, key=lambda u: u.name)]
        out.append("")
    if unit.events:
        out.append("## Lịch sử\n")
        out += [_event_line(hb, unit.url, e, tl.units) for e in unit.events]
        out.append("")
    orgs = [hb.organisations[o] for o in tl.organisations_in(unit.id) if o in hb.organisations]
    if orgs:
        out.append("## Cơ quan trong cẩm nang thuộc địa bàn này\n")
        out += [f"- {link(unit.url, o.url, o.name)}" for o in sorted_vi(orgs, key=lambda o: o.name)]
        out.append("")
    out.append(notes_section(hb, unit.url, view.notes(unit.notes)))
    out.append(sources_section(hb, unit.url, view.sources(unit.sources)))
    return "\n".join(out) + "\n"


# ---- "Thay đổi từ năm 2025" ----------------------------------------------------------------------


def mentions(hb: Handbook) -> dict[str, list[Document]]:
    """Organisation id → documents that issue to, address or task it (one pass over the documents)."""
    found: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in hb.documents.values():
        ids = [doc.issuer_id] + [r.organisation_id for r in doc.recipients]
        ids += [o for task in doc.tasks for o in task.leads + task.partners]
        for org_id in ids:
            if org_id:
                found[org_id][doc.id] = doc
    return {k: sorted(v.values(), key=lambda d: (d.date is None, d.date or 0, d.short_name)) for k, v in found.items()}


def changes_page(hb: Handbook) -> str:
    tl = hb.timeline
    uri = CHANGES
    out = [f"# {CHANGES_TITLE}\n",
           "Các văn bản trong cẩm nang giữ nguyên lời văn và tên gọi lúc ban hành. Từ năm 2025, nhiều cơ quan và địa "
           "phương mà các văn bản nêu tên đã được sắp xếp lại. Trang này liệt kê các thay đổi đó và mọi bản ghi của cẩm "
           "nang chịu ảnh hưởng, để đồng chí biết trước khi trích dẫn một văn bản hay gửi văn bản tới một cơ quan. Mỗi "
           "thay đổi có nguồn; nguồn là trang tin (không phải văn bản gốc) được ghi “thứ cấp”; điều người biên tập suy ra "
           "được ghi “suy luận”; điều các nguồn không nói được ghi “chưa rõ”.\n"]
    if tl is None:
        return "\n".join(out)
    out.append("## Theo thời gian\n")
    dated: list[tuple[dt.date, str, str, str]] = []
    for unit in tl.units.values():
        for event in unit.events:
            if event.date >= CHANGES_SINCE:
                dated.append((event.date, unit.name, link(uri, unit.url, _capital(unit.name)),
                              _event_line(hb, uri, event, tl.units)))
    for org_id, events in tl.org_events.items():
        org = hb.organisations.get(org_id)
        for event in events:
            if org and event.date >= CHANGES_SINCE:
                dated.append((event.date, org.name, link(uri, org.url, org.name),
                              _event_line(hb, uri, event, hb.organisations)))
    for doc in hb.documents.values():
        if doc.date and doc.date >= CHANGES_SINCE:
            issuer = hb.organisations.get(doc.issuer_id) if doc.issuer_id else None
            by = f" của {md(issuer.name)}" if issuer else ""
            dated.append((doc.date, doc.short_name, doc_link(uri, doc),
                          f"- **{format_date(doc.date)}** — văn bản mới{by}"
                          + (f": {md(doc.summary)}" if doc.summary else "")))
    for _, _, who, line in sorted(dated, key=lambda t: (t[0], t[1])):
        out.append(line.replace("- ", f"- {who}: ", 1))
    out.append("")
    out += _affected(hb, uri)
    out += _documents_now(hb, uri)
    return "\n".join(out) + "\n"


def _affected(hb: Handbook, uri: str) -> list[str]:
    tl = _tl(hb)
    cited = mentions(hb)
    rows = []
    for org in sorted_vi(hb.organisations.values(), key=lambda o: o.name):
        status = tl.status(org.id)
        if status is None:
            continue
        docs = ", ".join(doc_link(uri, d) for d in cited.get(org.id, ())) or "—"
        rows.append(f"| {link(uri, org.url, org.name)} | {_capital(status_text(uri, status))}"
                    f"{' (suy luận)' if status.inferred else ''} | {docs} |")
    if not rows:
        return []
    return ["## Cơ quan trong cẩm nang chịu ảnh hưởng\n",
            "Cột cuối: các văn bản của cẩm nang do cơ quan ban hành, gửi tới hay giao nhiệm vụ cho cơ quan. Văn bản "
            "giao việc cho cấp huyện có ghi chú riêng ở các mục đó (cấp huyện không còn hoạt động từ 1/7/2025).\n",
            "| Cơ quan | Thay đổi | Văn bản liên quan |", "|---|---|---|"] + rows + [""]


def _documents_now(hb: Handbook, uri: str) -> list[str]:
    tl = _tl(hb)
    out = ["## Hiệu lực và giai đoạn thực hiện của các văn bản\n",
           f"Tính đến ngày dựng cẩm nang ({format_date(tl.build_date) or 'chưa rõ'}). Giai đoạn đã kết thúc được tính từ "
           "giai đoạn ghi trên văn bản; hiệu lực chỉ ghi khi có nguồn, còn lại là “chưa rõ”.\n",
           "| Văn bản | Giai đoạn | Giai đoạn thực hiện | Hiệu lực |", "|---|---|---|---|"]
    docs = sorted(hb.documents.values(), key=lambda d: (d.date is None, d.date or 0, d.short_name))
    for doc in docs:
        validity = tl.validity_of(doc.id)
        period = tl.period_status(doc)
        if period is None and validity.state == "chua_ro":
            continue
        ended = ("đã kết thúc (" + format_date(period[0]) + ")" if period[1] else "đang thực hiện") if period else "—"
        out.append(f"| {doc_link(uri, doc)} | {md(doc.period) or '—'} | {ended} | {validity_cell(hb, uri, doc)} |")
    out.append("\nVăn bản không có trong bảng: giai đoạn không ghi và hiệu lực chưa rõ.\n")
    return out


def validity_cell(hb: Handbook, from_uri: str, doc: Document) -> str:
    validity = _tl(hb).validity_of(doc.id)
    if validity.state == "chua_ro":
        return GAP
    text = md(validity.label)
    if validity.replaced_by and validity.replaced_by in hb.documents:
        text += " bởi " + doc_link(from_uri, hb.documents[validity.replaced_by])
    if validity.date:
        text += f", từ {format_date(validity.date)}"
    return text + (f" ({source_links(validity.sources)})" if validity.sources else "")


# ---- "Mới cập nhật" ------------------------------------------------------------------------------


def recent_page(hb: Handbook, limit: int = 30) -> str:
    tl = _tl(hb)
    records: dict[str, tuple[str, str]] = {}
    for doc in hb.documents.values():
        records[f"van-ban/{doc.id}"] = (doc.url, doc.short_name)
    for org in hb.organisations.values():
        records[f"co-quan/{org.id}"] = (org.url, org.name)
    for model in hb.models.values():
        records[f"mo-hinh/{model.id}"] = (model.url, model.name)
    for topic in hb.topics.values():
        records[f"chuyen-de/{topic.id}"] = (topic.url, topic.title)
    if tl:
        for unit in tl.units.values():
            records[f"dia-ban/{unit.id}"] = (unit.url, _capital(unit.name))
    out = ["# Mới cập nhật\n",
           f"{min(limit, len(records))} bản ghi được sửa gần đây nhất, theo lịch sử của kho dữ liệu (ngày của lần ghi "
           "nhận (commit) cuối cùng sửa tệp; tệp chưa được ghi nhận lấy ngày dựng cẩm nang).\n",
           "| Ngày | Bản ghi | Loại |", "|---|---|---|"]
    kinds = {"van-ban": "Văn bản", "co-quan": "Cơ quan", "mo-hinh": "Mô hình học tập", "chuyen-de": "Chuyên đề",
             "dia-ban": "Địa bàn"}
    for date, key in (tl.recent(list(records), limit) if tl else []):
        url, name = records[key]
        out.append(f"| {format_date(date)} | {link(RECENT, url, name)} | {kinds[key.split('/')[0]]} |")
    return "\n".join(out) + "\n"


def record_keys(hb: Handbook) -> dict[str, str]:
    """Generated page → "kind/id" of the record behind it (for the "Cập nhật" line)."""
    keys = {doc.url: f"van-ban/{doc.id}" for doc in hb.documents.values()}
    keys.update({org.url: f"co-quan/{org.id}" for org in hb.organisations.values()})
    keys.update({model.url: f"mo-hinh/{model.id}" for model in hb.models.values()})
    keys.update({topic.url: f"chuyen-de/{topic.id}" for topic in hb.topics.values()})
    if hb.timeline:
        keys.update({unit.url: f"dia-ban/{unit.id}" for unit in hb.timeline.units.values()})
    return keys


# ---- document page parts ------------------------------------------------------------------------


_WORD_END = r"(?![\w])"


class NameMarker:
    """Marks, in a document's rendered Markdown, each paragraph's first mention of a body or place
    that changed: a "†" link (drawn by CSS) to the page's list of changes, its title saying what
    changed. The words are not touched; a mention inside a link gets its marker right after it."""

    def __init__(self, hb: Handbook, doc: Document):
        self.hb, self.doc = hb, doc
        self.found: dict[str, tuple[str, str]] = {}  # name met in the text → (kind, record id)
        self.names = _changed_names(hb) if hb.timeline else {}
        self.pattern = _names_pattern(hb) if self.names else None

    def mark(self, markdown: str) -> str:
        if self.pattern is None or not self.pattern.search(markdown):
            return markdown
        return "\n".join(self._line(line) if self.pattern.search(line) else line for line in markdown.split("\n"))

    def _line(self, line: str) -> str:
        if self.pattern is None or line.lstrip().startswith("#"):
            return line  # headings feed the table of contents: no marker there
        links = [m.span() for m in _MD_LINK.finditer(line)]
        seen: set[str] = set()
        inserts: list[tuple[int, str]] = []
        for match in self.pattern.finditer(line):
            name = self._name_of(match.group(0))
            if name is None or name in seen:
                continue
            seen.add(name)
            end = next((b for a, b in links if a <= match.start() < b), match.end())
            inserts.append((end, self._marker(name)))
        for pos, text in sorted(inserts, reverse=True):
            line = line[:pos] + text + line[pos:]
        return line

    def _name_of(self, shown: str) -> str | None:
        return _shown_names(self.hb).get(shown)

    def _marker(self, name: str) -> str:
        kind, record_id = self.names[name]
        status = self._status(kind, record_id)
        self.found.setdefault(name, (kind, record_id))
        title = f"{name} — từ 2025: {status.text}" if status else name
        # No text of its own: the "†" is drawn by CSS (.cn-doi::after), so the page's words, its search
        # entry and a copy-paste of the text stay exactly the document's.
        return (f'<a class="cn-doi" href="#thay-doi" title="{attr(title)}" '
                f'aria-label="{attr("Đã thay đổi: " + title)}"></a>')

    def _status(self, kind: str, record_id: str) -> Status | None:
        tl = _tl(self.hb)
        if kind == "co-quan":
            return tl.status(record_id)
        change = tl.unit_change(record_id)
        if change is None:
            return None
        event, heir = change
        now = f"là một phần của {heir.name}" if heir else "đã thay đổi; nay ra sao: chưa rõ"
        return Status(f"từ {format_date(event.date)} {now}", event.date, event.sources, False,
                      heir.url if heir else None, heir.name if heir else None)

    def section(self) -> str:
        """"## Cơ quan, địa danh đã thay đổi {#thay-doi}": what the page names that changed, with sources;
        the issuer and the recipients are listed whether or not the text names them."""
        if self.hb.timeline is None:
            return ""
        rows: dict[str, tuple[str, str]] = {}
        own = [self.doc.issuer_id] + [r.organisation_id for r in self.doc.recipients]
        for org_id in own:
            org = self.hb.organisations.get(org_id) if org_id else None
            if org and _tl(self.hb).status(org.id):
                rows.setdefault(org.name, ("co-quan", org.id))
        for name, (kind, record_id) in self.found.items():
            rows.setdefault(name, (kind, record_id))
        if not rows:
            return ""
        out = ["## Cơ quan, địa danh đã thay đổi {#thay-doi}\n",
               "Văn bản giữ nguyên lời văn lúc ban hành. Những cơ quan, địa danh dưới đây (đánh dấu † trong toàn văn) đã "
               f"thay đổi từ năm 2025; xem {link(self.doc.url, CHANGES, CHANGES_TITLE.lower())}.\n"]
        for name in sorted_vi(rows):
            kind, record_id = rows[name]
            status = self._status(kind, record_id)
            if status is None:  # every row was collected because its body or place changed
                continue
            page = (self.hb.organisations[record_id].url if kind == "co-quan" else _tl(self.hb).units[record_id].url)
            inferred = " *(suy luận)*" if status.inferred else ""
            out.append(f"- {link(self.doc.url, page, name)}: {status_text(self.doc.url, status)}{inferred} — "
                       f"{source_links(status.sources)}")
        return "\n".join(out) + "\n"


_MD_LINK = re.compile(r"\[(?:\\.|[^\]\\])*\]\([^)]*\)(?:\{[^}]*\})?")


def _changed_names(hb: Handbook) -> dict[str, tuple[str, str]]:
    """Every name (and abbreviation) of a changed body, every changed unit's name → (kind, id). Built once."""
    cached: dict[str, tuple[str, str]] | None = _tl(hb).cache.get("names")
    if cached is not None:
        return cached
    names: dict[str, tuple[str, str]] = {}
    tl = _tl(hb)
    for org in hb.organisations.values():
        if tl.status(org.id):
            for name in (org.name, org.abbreviation):
                if name and len(name) >= 6 and " " in name:
                    names.setdefault(name, ("co-quan", org.id))
    for unit in tl.units.values():
        if tl.unit_change(unit.id):
            names.setdefault(unit.name, (UNIT_KIND, unit.id))
            names.setdefault(_capital(unit.name), (UNIT_KIND, unit.id))
    tl.cache["names"] = names
    return names


def _shown_names(hb: Handbook) -> dict[str, str]:
    """md(name) → name, built once per build."""
    cached = _tl(hb).cache.get("shown_names")
    if cached is None:
        cached = _tl(hb).cache["shown_names"] = {md(n): n for n in _changed_names(hb)}
    return cached


def _trie(words: list[str]) -> str:
    """A regex matching exactly `words`, as a character trie: `re` tries a flat alternation one
    word at a time at every position, a trie only follows the characters that fit (4× faster on
    a national corpus). Longest match first, as the alternation would."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(root) + ")"


def _names_pattern(hb: Handbook) -> re.Pattern[str]:
    """One alternation of every changed name as md() shows it, longest first; compiled once per build."""
    cached = _tl(hb).cache.get("names_pattern")
    if cached is None:
        names = sorted(_changed_names(hb), key=len, reverse=True)
        cached = re.compile(f"(?<![\\w]){_trie([md(n) for n in names])}{_WORD_END}")
        _tl(hb).cache["names_pattern"] = cached
    return cached
