"""The tasks of a plan (`nhiem_vu`): which clauses, their period, lead and partner units, targets.

Tasks come from the sections that assign work (nhiệm vụ, giải pháp, nội dung, tổ chức thực
hiện …), not from mục đích/yêu cầu. A clause with its own words is one task (its bullets and
paragraphs are part of it); a heading's children are tasks one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .orgs import OrgIndex
from .text import Record, fold

PLAN_KINDS = {"Kế hoạch", "Chương trình", "Chương trình hành động", "Chương trình phối hợp", "Đề án"}

_TASK_SECTION = re.compile(r"nhiem vu|giai phap|noi dung|to chuc thuc hien|hoat dong|phan cong|lo trinh|"
                           r"chuong trinh cong tac|trach nhiem")
_TARGET_SECTION = re.compile(r"^(muc tieu|chi tieu)")
_NOT_TASKS = re.compile(r"^(muc dich|yeu cau|muc tieu|quan diem|tinh hinh|ket qua|danh gia|can cu|pham vi|"
                        r"doi tuong)")
_QUARTER = re.compile(r"\bquý\s+(IV|III|II|I|[1-4])\b", re.IGNORECASE)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_HALF = re.compile(r"\b6\s+tháng\b", re.IGNORECASE)
_YEARLY = re.compile(r"\b(hằng|hàng)\s+năm\b", re.IGNORECASE)
_ONGOING = re.compile(r"(nhiệm vụ|thời gian\s*:?|thực hiện|tiến hành)\s+thường xuyên|thường xuyên\s*[.;]?$",
                      re.IGNORECASE)
_DEADLINE = re.compile(r"(?:trước|hoàn thành trước|chậm nhất|vào|trong)\s+ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})"
                       r"\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_DATES_MONTHS = re.compile(r"(?:(?:trước|từ|đến|vào|trong)\s+)?(?:ngày\s+\d{1,2}\s*(?:/|tháng)\s*\d{1,2}"
                           r"(?:\s*(?:/|năm)\s*\d{4})?|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4})", re.IGNORECASE)

_LEAD = re.compile(r"(?:^|[.;]\s*|,\s*|\bGiao\s+)(?P<lead>[A-ZĐÀ-Ỹ][^.;:]{2,160}?)\s+(?:là cơ quan thường trực|"
                   r"chủ trì)\b(?:,?\s*phối hợp với\s+(?P<partners>[^.;]{2,200}?)(?=\s+(?:theo dõi|tổ chức|thực hiện|"
                   r"triển khai|xây dựng|hướng dẫn|kiểm tra|tham mưu|báo cáo|đôn đốc|tuyên truyền|nghiên cứu)\b|[.;]|$))?")
_PARTNERS = re.compile(r"\b[Pp]hối hợp với\s+(?P<partners>[^.;]{2,200}?)(?=\s+(?:Hội thảo|"
                       r"tổ chức|thực hiện|triển khai|xây dựng|hướng dẫn|kiểm tra|tập huấn|trao|tuyên truyền|"
                       r"đánh giá|xếp loại|vận động|rà soát|tổng hợp|theo dõi|đôn đốc|biên soạn|phát động|"
                       r"khen thưởng|tôn vinh|giám sát|công nhận|mở)\b|[.;]|$)")
_SUBJECT_VERBS = re.compile(r"\s+(chỉ đạo|xây dựng|chủ trì|tổ chức|thực hiện|triển khai|căn cứ|có trách nhiệm|"
                            r"theo dõi|phối hợp|tham mưu|hướng dẫn|kiểm tra|báo cáo|giúp|chịu trách nhiệm|"
                            r"tiếp tục|quán triệt|đẩy mạnh|tổng hợp|chuẩn bị|phụ trách|giúp việc|đề xuất)\b")
_ORG_HEAD = re.compile(r"^(Ban|Sở|Hội|Ủy ban|UBND|Đảng ủy|Đảng đoàn|Trung tâm|Báo|Đài|Phòng|Văn phòng|Trường|"
                       r"Tỉnh ủy|Huyện ủy|Thành ủy|Liên đoàn|Đoàn|Bộ|Cục|Mặt trận|BCS|Thường trực)\b")

UNITS = ["lớp tập huấn", "lớp học", "lớp", "lượt người", "cá nhân", "tập thể", "hội viên", "người", "gia đình",
         "dòng họ", "cộng đồng", "đơn vị", "xã", "phường", "huyện", "mô hình", "cuộc", "buổi", "học sinh",
         "sinh viên", "suất học bổng", "suất", "giáo viên", "trung tâm", "câu lạc bộ", "thư viện", "tủ sách",
         "cuốn sách", "đầu sách", "tin bài", "bài viết", "tỷ đồng", "triệu đồng", "hội nghị", "chi hội",
         "ban khuyến học", "hội khuyến học"]
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_PERCENT = re.compile(r"(?P<v>\d{1,3}(?:[.,]\d+)?)\s*%\s*(?P<cmp>trở lên)?\s*(?P<what>(?:[^;.%\d]|\d(?!\d*(?:[.,]\d+)?\s*%))*)")
_COUNT = re.compile(r"(?<![\d.,/])(?P<v>\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+)\s+(?P<unit>" + _UNIT + r")\b"
                    r"\s*(?P<cmp>trở lên)?(?P<what>[^;.]*)", re.IGNORECASE)
_CUE = re.compile(r"phấn đấu|phân đầu|chỉ tiêu|ít nhất|tối thiểu|trở lên|đạt\b", re.IGNORECASE)
# Where the counted thing ends: "…, trong đó …", "…, tổ chức …" (the next task), "… trước ngày …" (a deadline).
_CUT = re.compile(r",\s*(trong đó|phấn đấu|phân đầu|tổ chức|xây dựng|triển khai|thực hiện)\b|\s+(trước|trong|đến)\s+"
                  r"(ngày|tháng)\b|\s+theo\s+(Kết luận|Chỉ thị|Quyết định|Nghị quyết|Kế hoạch|Thông tư)\b")


@dataclass
class Unresolved:
    task_id: str
    role: str  # "chủ trì" / "phối hợp"
    name: str


@dataclass
class TaskResult:
    tasks: list[Record] = field(default_factory=list)
    unresolved_units: list[Unresolved] = field(default_factory=list)
    inferred_units: list[tuple[str, str, str]] = field(default_factory=list)  # (task id, name, record name)


def year_of_plan(title: str | None, summary: str | None) -> int | None:
    text = " ".join(filter(None, (title, summary)))
    m = re.search(r"\bnăm\s+(\d{4})\b", text, re.IGNORECASE)
    return int(m.group(1)) if m and not re.search(r"giai đoạn", text, re.IGNORECASE) else None


def tasks(records: list[Record], orgs: OrgIndex, evidence: str, home: str | None, year: int | None) -> TaskResult:
    result = TaskResult()
    sections = [r for r in records if r.get("muc")]
    while sections:
        section = sections.pop(0)
        heading = fold(section.get("tieu_de") or section.get("van_ban") or "")
        if section["id"].startswith(("phan-", "chuong-")) and not _TASK_SECTION.search(heading):
            sections[:0] = [r for r in section["muc"] if r.get("muc")]  # "A. MỞ ĐẦU", "Chương I": look inside
            continue
        if _TARGET_SECTION.match(heading) and not _TASK_SECTION.search(heading):
            _target_tasks(section, result, year)
            continue
        if _NOT_TASKS.match(heading) or not _TASK_SECTION.search(heading):
            continue
        table = _task_table(section["muc"])
        if table:
            _table_tasks(section["muc"], table, result, orgs, evidence, home)
            continue
        in_charge = "to chuc thuc hien" in heading or "phan cong" in heading or "trach nhiem" in heading
        for child in section["muc"]:
            _collect(child, (section,), result, orgs, evidence, home, year, in_charge)
    used: set[str] = set()
    for task in result.tasks:
        base, n = task["id"], 2
        while task["id"] in used:
            task["id"], n = f"{base}-{n}", n + 1
        used.add(task["id"])
    return result


def _target_tasks(section: Record, result: TaskResult, year: int | None) -> None:
    """"II. MỤC TIÊU / 1. Phấn đấu đến năm 2025 có 85% hộ gia đình …": each clause holding targets is a task
    that carries them (the plan's work toward that figure), with no period of its own."""
    for clause in section["muc"]:
        leaves = [clause] if "van_ban" in clause else []
        leaves += [c for c in _descendants(clause) if "van_ban" in c]
        for leaf in leaves:
            found = targets([leaf["van_ban"]], year)
            if found:
                result.tasks.append({"id": leaf["id"], "muc": leaf["id"], "ky": None, "chu_tri": [], "phoi_hop": [],
                                     "thuc_hien": [], "chi_tieu": found,
                                     "ghi_chu": "Chỉ tiêu nêu ở phần mục tiêu của kế hoạch."})


def _descendants(clause: Record) -> list[Record]:
    out: list[Record] = []
    for child in clause.get("muc", []):
        out += [child] + _descendants(child)
    return out


_COLUMNS = {"content": re.compile(r"^(noi dung|nhiem vu|hoat dong|cong viec|ten nhiem vu)"),
            "lead": re.compile(r"chu tri|thuc hien$|don vi thuc hien|phu trach"),
            "partners": re.compile(r"phoi hop"),
            "time": re.compile(r"thoi gian|thoi han|tien do|moc")}


def _task_table(children: list[Record]) -> dict[str, int] | None:
    """Columns of a task table ("TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian"), from its
    first row, when the section's first clause is that row."""
    first = next((c for c in children if "van_ban" in c), None)
    if not first or " | " not in first["van_ban"] or "so" in first:
        return None
    columns: dict[str, int] = {}
    for i, cell in enumerate(first["van_ban"].split(" | ")):
        for key, pattern in _COLUMNS.items():
            if key not in columns and pattern.search(fold(cell)):
                columns[key] = i
                break
    return columns if "content" in columns and len(columns) >= 2 else None


def _table_tasks(children: list[Record], columns: dict[str, int], result: TaskResult, orgs: OrgIndex, evidence: str,
                 home: str | None) -> None:
    header = next(c for c in children if "van_ban" in c)
    for row in children:
        if row is header or " | " not in row.get("van_ban", ""):
            continue
        cells = row["van_ban"].split(" | ")

        def cell(key: str, cells: list[str] = cells) -> str:  # this row's cells (bound now, B023)
            return cells[columns[key]] if key in columns and columns[key] < len(cells) else ""

        period, when = _period(cell("content") + ". " + cell("time"), "")
        task: Record = {"id": row["id"], "muc": row["id"], "ky": period, "chu_tri": [], "phoi_hop": [], "thuc_hien": [],
                        "chi_tieu": targets([cell("content")], None)}
        for role, key, column in (("chủ trì", "chu_tri", "lead"), ("phối hợp", "phoi_hop", "partners")):
            unnamed: list[str] = []
            for name in [n.strip(" .") for n in re.split(r"[,;]\s*", cell(column)) if n.strip(" .")]:
                match = orgs.resolve(name, evidence, home) if _ORG_HEAD.match(name) else None
                if match and match.org_id not in task[key]:
                    task[key].append(match.org_id)
                elif not match:
                    unnamed.append(name)
                    if _ORG_HEAD.match(name):
                        result.unresolved_units.append(Unresolved(row["id"], role, name))
            if unnamed:
                when.append(f"Đơn vị {role} theo bảng (chưa có bản ghi cơ quan): {'; '.join(unnamed)}")
        if cell("time"):
            when.append(f"Thời gian theo bảng: {cell('time')}")
        task["ghi_chu"] = ". ".join(when) + "."
        result.tasks.append(task)


def _collect(clause: Record, ancestors: tuple[Record, ...], result: TaskResult, orgs: OrgIndex, evidence: str,
             home: str | None, year: int | None, in_charge: bool) -> None:
    children = clause.get("muc", [])
    if "van_ban" in clause:
        result.tasks.append(_task(clause["id"], clause, ancestors, result, orgs, evidence, home, year, in_charge))
        return
    if len(children) == 1 and "van_ban" in children[0] and not children[0].get("muc") \
            and not children[0].get("gach") and "so" not in children[0]:
        result.tasks.append(_task(clause["id"], children[0], ancestors + (clause,), result, orgs, evidence, home,
                                  year, in_charge))
        return
    for child in children:
        _collect(child, ancestors + (clause,), result, orgs, evidence, home, year, in_charge)


def _texts(clause: Record) -> list[str]:
    out = [clause.get("van_ban") or ""]
    for child in clause.get("muc", []):
        out += _texts(child)
    return [t for t in out if t]


def _task(task_id: str, clause: Record, ancestors: tuple[Record, ...], result: TaskResult, orgs: OrgIndex,
          evidence: str, home: str | None, year: int | None, in_charge: bool) -> Record:
    texts = _texts(clause)
    text = " ".join(texts)
    headings = " ".join(a.get("tieu_de") or "" for a in ancestors)
    period, when = _period(text, headings)
    task: Record = {"id": task_id, "muc": clause["id"], "ky": period, "chu_tri": [], "phoi_hop": [], "thuc_hien": [],
                    "chi_tieu": targets(texts, year)}
    leads, partners = _units(text, in_charge)
    for role, names, key in (("chủ trì", leads, "chu_tri"), ("phối hợp", partners, "phoi_hop")):
        unnamed: list[str] = []
        for name in names:
            known_only = name.startswith("?")
            name = name.lstrip("?")
            if not _ORG_HEAD.match(name) or len(name.split()) < 2:
                continue
            match = orgs.resolve(name, evidence, home)
            if known_only and not match:
                continue
            if match and match.org_id not in task[key]:
                task[key].append(match.org_id)
                if match.inferred_from:
                    result.inferred_units.append((task_id, name, match.name))
            elif not match and _ORG_HEAD.match(name):
                result.unresolved_units.append(Unresolved(task_id, role, name))
                unnamed.append(name)
        if unnamed:
            when.append(f"Đơn vị {role} theo văn bản (chưa có bản ghi cơ quan): {'; '.join(unnamed)}")
    if when:
        task["ghi_chu"] = ". ".join(when) + "."
    return task


def _period(text: str, headings: str) -> tuple[str | None, list[str]]:
    notes: list[str] = []
    dates = [m.group(0).strip() for m in _DATES_MONTHS.finditer(text)]
    if dates:
        notes.append("Mốc thời gian nêu trong mục: " + "; ".join(dict.fromkeys(dates)))
    m = _QUARTER.search(headings)
    if m:
        return f"quy-{_QUARTERS[m.group(1).upper()]}", notes
    if _HALF.search(headings):
        return "6-thang", notes
    deadline = _DEADLINE.search(text)
    if deadline:
        try:
            day = dt.date(int(deadline.group(3)), int(deadline.group(2)), int(deadline.group(1)))
            return day.isoformat(), notes
        except ValueError:
            pass
    quarters = {_QUARTERS[q.upper()] for q in _QUARTER.findall(text)}
    if len(quarters) == 1:
        return f"quy-{quarters.pop()}", notes
    if _YEARLY.search(text) or _YEARLY.search(headings):
        return "hang-nam", notes
    if _HALF.search(text):  # "Trong 6 tháng đầu năm, …"
        return "6-thang", notes
    if _ONGOING.search(text):
        return "thuong-xuyen", notes
    return None, notes


def _split_names(text: str) -> list[str]:
    """Unit names in a list: "Sở Giáo dục và Đào tạo, Hội Khuyến học tỉnh và các cơ quan liên quan"."""
    text = re.sub(r"\s*\b(và|cùng)\s+các\s+(cơ quan|đơn vị|tổ chức)\b.*$", "", text)
    # "và" joins two units, unless it is inside a name ("Giáo dục và Đào tạo": a capital, not a unit word, follows)
    parts: list[str] = []
    for piece in re.split(r",\s*|:\s*", text):
        for i, half in enumerate(piece.split(" và ")):
            inside_name = i > 0 and half[:1].isupper() and not _ORG_HEAD.match(half)
            if inside_name and parts:
                parts[-1] += " và " + half
            else:
                parts.append(half)
    names = [p.strip(" “”\"") for p in parts if p and p.strip()]
    return [n for n in names if " các " not in f" {n} " and len(n.split()) <= 12]


def _units(text: str, in_charge: bool) -> tuple[list[str], list[str]]:
    leads: list[str] = []
    partners: list[str] = []
    m = _LEAD.search(text)
    if m:
        leads += _split_names(re.sub(r"^Giao\s+", "", m.group("lead")))
        if m.group("partners"):
            partners += _split_names(m.group("partners"))
    else:
        # "Ban Tuyên giáo …, Sở …: xây dựng …": the units a sentence starts with lead it. In the section
        # that assigns work that is the rule; elsewhere only units the registry knows are taken (see _task).
        for sentence in re.split(r"(?<=[.;])\s+", text):
            v = _SUBJECT_VERBS.search(sentence)
            if not v or v.start() > 250:
                continue
            subject = sentence[:v.start()]
            subject = subject.split(":")[-1] if ":" in subject else subject
            names = [n for n in _split_names(subject) if _ORG_HEAD.match(n)]
            leads += [n if in_charge else "?" + n for n in names if n not in leads]
    for p in _PARTNERS.finditer(text):
        for name in _split_names(p.group("partners")):
            if name not in partners and name not in leads:
                partners.append(name)
    return leads, partners


def _number(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw.replace(",", "."))


def targets(texts: list[str], year: int | None) -> list[Record]:
    out: list[Record] = []
    for text in texts:
        previous_percent = None
        for m in _PERCENT.finditer(text):
            what = _CUT.split(re.split(r"\d+(?:[.,]\d+)?\s*%", m.group("what"))[0])[0].strip(" ,:")
            before = text[:m.start()]
            nested = re.search(r"trong đó\s*(có)?\s*$", before)
            if len(what.split()) < 2:
                continue
            item: Record = {"gia_tri": _value(m.group("v")), "don_vi": "%"}
            if m.group("cmp"):
                item["so_sanh"] = m.group("cmp")
            item["doi_tuong"] = what
            _year(item, text, year)
            if nested and previous_percent is not None:
                item["ghi_chu"] = "trong đó: tính trong số ở chỉ tiêu trên"
            out.append(item)
            previous_percent = item
        if not _CUE.search(text):
            continue
        for m in _COUNT.finditer(text):
            rest = _CUT.split(m.group("what"))[0].strip(" ,:")
            if not m.group("cmp") and not _CUE.search(text[max(0, m.start() - 60):m.start()]):
                continue
            item = {"gia_tri": _value(m.group("v")), "don_vi": m.group("unit")}
            if m.group("cmp"):
                item["so_sanh"] = m.group("cmp")
            item["doi_tuong"] = (m.group("unit") + " " + rest).strip()
            _year(item, text, year)
            out.append(item)
    return out


def _value(raw: str) -> int | float:
    v = _number(raw)
    return int(v) if v == int(v) else v


def _year(item: Record, text: str, year: int | None) -> None:
    m = re.search(r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+(\d{4})", text, re.IGNORECASE)
    if m:
        item["nam"] = int(m.group(1))
    elif year:
        item["nam"] = year
