"""Write .docx files the way Word does, with python-docx: header and signature in two-column tables,
Word automatic numbering (numbering.xml: abstractNum/lvl numFmt + lvlText, paragraphs with numPr),
bold runs, soft line breaks. Used by the import tests and the import benchmark."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Level formats of one multi-level list: I. / 1. / 1.1. and a "-" bullet list.
OUTLINE = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3.")]
BULLET = [("bullet", "-")]


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), str(v))
    return el


def add_list(document, levels: list[tuple[str, str]], abstract_id: int) -> str:
    """Define a list in numbering.xml; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = _el("w:abstractNum", **{"w:abstractNumId": abstract_id})
    abstract.append(_el("w:multiLevelType", **{"w:val": "multilevel"}))
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = _el("w:lvl", **{"w:ilvl": ilvl})
        lvl.append(_el("w:start", **{"w:val": 1}))
        lvl.append(_el("w:numFmt", **{"w:val": fmt}))
        lvl.append(_el("w:lvlText", **{"w:val": text}))
        lvl.append(_el("w:lvlJc", **{"w:val": "left"}))
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    num_id = str(100 + abstract_id)
    num = _el("w:num", **{"w:numId": num_id})
    num.append(_el("w:abstractNumId", **{"w:val": abstract_id}))
    numbering.append(num)
    return num_id


def number(paragraph, num_id: str, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", **{"w:val": ilvl}))
    num_pr.append(_el("w:numId", **{"w:val": num_id}))
    ppr.append(num_pr)


def write_lines(paragraph, lines: list[str], bold: bool = False) -> None:
    """Lines joined by soft line breaks; `*x*` italic and `**x**` bold as runs."""
    for i, line in enumerate(lines):
        if i:
            paragraph.add_run().add_break()
        for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", line):
            if not part:
                continue
            if part.startswith("**"):
                paragraph.add_run(part[2:-2]).bold = True
            elif part.startswith("*"):
                paragraph.add_run(part[1:-1]).italic = True
            else:
                paragraph.add_run(part).bold = bold or None


@dataclass
class Plan:
    """A document as the tests describe it: header columns, body blocks, Nơi nhận, signature."""

    left: list[str] = field(default_factory=list)  # header, left column (issuer, "Số: …")
    right: list[str] = field(default_factory=list)  # header, right column (quốc hiệu, place and date)
    body: list[list[str]] = field(default_factory=list)  # blocks of lines, as in a text file
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)


_ROMAN = re.compile(r"^([IVX]+)\.\s+(.*)$")
_DEC1 = re.compile(r"^(\d+)\.\s+(.*)$")
_DEC2 = re.compile(r"^(\d+\.\d+)\.\s+(.*)$")
_DASH = re.compile(r"^-\s+(.*)$")


def build(plan: Plan, path: Path, *, outline: bool = False, bullets: bool = False) -> Path:
    """Write `plan` as a .docx. outline: I./1./1.1. by Word numbering (the numbers are not typed);
    bullets: "-" items by a Word bullet list."""
    document = docx.Document()
    outline_id = add_list(document, OUTLINE, 50) if outline else None
    bullet_id = add_list(document, BULLET, 51) if bullets else None
    if plan.left or plan.right:
        table = document.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (plan.left, plan.right), strict=True):
            cell.paragraphs[0].text = lines[0] if lines else ""
            for line in lines[1:]:
                cell.add_paragraph(line)
    for block in plan.body:
        bold = block[0].startswith("**") and block[-1].endswith("**") and block[0] != "**"
        lines = [line.replace("**", "") if bold else line for line in block]
        if all(_DASH.match(line) for line in lines) and len(lines) > 1:
            for line in lines:
                _paragraph(document, [line], outline_id, bullet_id)
            continue
        _paragraph(document, lines, outline_id, bullet_id, bold)
    if plan.recipients or plan.signature:
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].text = plan.recipients[0] if plan.recipients else ""
        for line in plan.recipients[1:]:
            write_lines(left.add_paragraph(), [line])
        write_lines(right.paragraphs[0], plan.signature[:1], bold=True)
        for line in plan.signature[1:]:
            write_lines(right.add_paragraph(), [line], bold=True)
    document.save(str(path))
    return path


def _paragraph(document, lines, outline_id, bullet_id, bold=False):
    first = lines[0]
    p = document.add_paragraph()
    if outline_id and len(lines) == 1:
        for pattern, level in ((_DEC2, 2), (_ROMAN, 0), (_DEC1, 1)):
            m = pattern.match(first)
            if m:
                number(p, outline_id, level)
                write_lines(p, [m.group(2)], bold)
                return
    if bullet_id and _DASH.match(first) and len(lines) == 1:
        number(p, bullet_id, 0)
        write_lines(p, [_DASH.match(first).group(1)], bold)
        return
    write_lines(p, lines, bold)


def plan_from_text(text: str) -> Plan:
    """A seed text file as a Plan: body blocks up to "Nơi nhận:", then recipients and signature."""
    blocks = [b.split("\n") for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    plan = Plan()
    at = next((i for i, b in enumerate(blocks) if b[0].startswith("Nơi nhận")), len(blocks))
    plan.body = blocks[:at]
    tail = [line for b in blocks[at:] for line in b]
    sign_at = next((i for i, line in enumerate(tail) if re.match(r"^\**(T/M|TM\.)", line)), len(tail))
    plan.recipients = tail[:sign_at]
    plan.signature = [line.replace("**", "") for line in tail[sign_at:] if line.strip()]
    return plan


def build_pdf(plan: Plan, path: Path) -> Path:
    """The same document as a PDF with a text layer (Typst): header and signature as two-column grids."""
    import json

    import typst

    source = path.with_suffix(".typ")
    source.write_text(
        '#set page(paper: "a4", margin: 2cm)\n#set text(size: 12pt)\n#let d = json(bytes(sys.inputs.data))\n'
        '#grid(columns: (1fr, 1.4fr), align: center, [#for l in d.left [#l #linebreak()]], '
        '[#for l in d.right [#l #linebreak()]])\n'
        '#for p in d.body [#p #parbreak()]\n'
        '#grid(columns: (1fr, 1fr), [#for l in d.recipients [#l #linebreak()]], '
        'align(center)[#for l in d.signature [#l #linebreak()]])\n', encoding="utf-8")
    data = {"left": plan.left, "right": plan.right, "body": [" ".join(b).replace("**", "") for b in plan.body],
            "recipients": plan.recipients, "signature": plan.signature}
    path.write_bytes(typst.compile(str(source), sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                                   ignore_system_fonts=True))
    return path
