"""PDFs: one handout per topic ("Tài liệu sinh hoạt chuyên đề") and the whole handbook.

Layout lives in the `.typ` templates in `camnang/typst/`; data enters them only as the JSON
of `camnang.export`, passed through `sys.inputs` (Typst shows strings as text, so nothing in
a YAML field can change the layout). Output is reproducible: a fixed creation timestamp
(SOURCE_DATE_EPOCH, else 0), only Typst's bundled fonts (no system fonts), sorted input.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from . import export
from .model import Handbook
from .topics import ordered

HANDBOOK_PDF = "cam-nang.pdf"
PDF_DIR = "pdf"  # inside the site: site/pdf/<topic-id>.pdf, site/pdf/cam-nang.pdf


class PdfError(Exception):
    """A template failed to compile; the message is Typst's, with the file that failed."""


@dataclass
class PdfFile:
    path: Path
    title: str
    size: int
    seconds: float


@dataclass
class PdfReport:
    files: list[PdfFile] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        total = sum(f.size for f in self.files)
        return f"{len(self.files)} tệp PDF ({total / 1024:.0f} KB) trong {self.seconds:.1f} giây"


last_report: PdfReport | None = None  # the latest run in this process (read by `camnang build`)


def template_dir() -> Path:
    return Path(str(resources.files("camnang").joinpath("typst")))


def timestamp() -> int:
    """Creation date written into every PDF: SOURCE_DATE_EPOCH when set (the last commit), else 0."""
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        return 0


def jobs(hb: Handbook) -> list[tuple[str, str, str, dict]]:
    """(file name, title, template, data) for every PDF, in a stable order: topics, then the handbook."""
    out = [(t.pdf_name, t.title, "chuyen-de.typ", export.topic_pdf_input(hb, t)) for t in ordered(hb)]
    out.append((HANDBOOK_PDF, export.HANDBOOK_TITLE, "cam-nang.typ", export.handbook(hb)))
    return out


def compile_pdf(template: str, data: dict) -> bytes:
    import typst

    root = template_dir()
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    try:
        return typst.compile(str(root / template), root=str(root), format="pdf", ignore_system_fonts=True,
                             sys_inputs={"data": payload}, timestamp=timestamp(), pdf_tags=True)
    except RuntimeError as error:  # typst.TypstError
        raise PdfError(f"Typst không dựng được {template}: {error}") from error


def write_pdfs(hb: Handbook, out_dir: Path | str, progress: Callable[[str], None] | None = None) -> PdfReport:
    """Write every PDF into out_dir; `progress` receives one Vietnamese line per file."""
    global last_report
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = PdfReport()
    started = time.perf_counter()
    todo = jobs(hb)
    for n, (name, title, template, data) in enumerate(todo, 1):
        begun = time.perf_counter()
        pdf = compile_pdf(template, data)
        path = out_dir / name
        path.write_bytes(pdf)
        item = PdfFile(path, title, len(pdf), time.perf_counter() - begun)
        report.files.append(item)
        if progress:
            progress(f"PDF {n}/{len(todo)}: {name} ({item.size / 1024:.0f} KB, {item.seconds:.2f} giây)")
    report.seconds = time.perf_counter() - started
    last_report = report
    return report
