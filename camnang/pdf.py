"""PDFs: one handout per topic ("Tài liệu sinh hoạt chuyên đề") and the whole handbook.

The handbook is printed in volumes ("tập") of bounded size once it grows large (see
`export.volumes`); a small handbook is one volume, `cam-nang.pdf`. `start_pdfs` compiles in
worker processes (`python -m camnang.typstc`, data and PDF passed in files) while the caller goes on building the HTML: one
fresh process per file, because Typst's in-process memo cache is never emptied and would keep
every volume in memory.

Layout lives in the `.typ` templates in `camnang/typst/`; data enters them only as the JSON
of `camnang.export`, passed through `sys.inputs` (Typst shows strings as text, so nothing in
a YAML field can change the layout).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import export, pdfcheck, volumes
from .model import Document, Handbook
from .topics import ordered
from .typstc import Compiled, PdfError, compile_pdf, payload, read_framed
from .vntext import number
from .volumes import HANDBOOK_PDF

__all__ = ["HANDBOOK_PDF", "PDF_DIR", "PdfError", "PdfJob", "compile_pdf", "handbook_volumes", "jobs", "start_pdfs",
           "write_pdfs"]

WORKER_TIMEOUT_S = 600  # one volume takes a few seconds; far longer means Typst is stuck
PDF_DIR = "pdf"  # inside the site: site/pdf/<topic-id>.pdf, site/pdf/cam-nang.pdf, site/pdf/cam-nang-tap-2.pdf …


class PdfJob(NamedTuple):
    """One PDF to make: its file name in the site's pdf/ folder, its title, the template and its data."""
    name: str
    title: str
    template: str
    data: dict[str, Any]


@dataclass
class PdfFile:
    path: Path
    title: str
    size: int
    seconds: float
    layout: pdfcheck.Layout = field(default_factory=pdfcheck.Layout)  # its tables as laid out


@dataclass
class PdfReport:
    files: list[PdfFile] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        total = sum(f.size for f in self.files)
        warned = sum(1 for f in self.files if f.layout.problems())
        warning = f"; {warned} tệp có bảng khó đọc (xem cảnh báo)" if warned else ""
        return f"{len(self.files)} tệp PDF ({number(total / 1024, 0)} KB) trong {number(self.seconds, 1)} giây{warning}"


last_report: PdfReport | None = None  # the latest run in this process (read by `camnang build`)


def handbook_volumes(hb: Handbook) -> list[tuple[str, list[Document]]]:
    """(file name, documents) of each printed volume, in order: national, then per province (camnang.volumes)."""
    return [(volume.file, volume.documents) for volume in volumes.volumes(hb)]


def jobs(hb: Handbook) -> list[PdfJob]:
    """Every PDF, in a stable order: topics, then the volumes."""
    out = [PdfJob(t.pdf_name, t.title, "chuyen-de.typ", export.topic_pdf_input(hb, t)) for t in ordered(hb)]
    volumes = handbook_volumes(hb)
    contents = [{"number": n, "file": name, "documents": [d.short_name for d in docs]}
                for n, (name, docs) in enumerate(volumes, 1)] if len(volumes) > 1 else []
    for n, (name, docs) in enumerate(volumes, 1):
        data = export.handbook(hb, docs, n, contents)
        out.append(PdfJob(name, data["pdf_title"], "cam-nang.typ", data))
    return out


class PendingPdfs:
    """PDFs compiling in worker processes; `write` waits for them and writes them in a stable order."""

    def __init__(self, hb: Handbook):
        # Leave a core to MkDocs; two workers at most, each holds a laid-out volume in memory.
        workers = min(2, max(1, (os.cpu_count() or 1) - 1))
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="typst")
        self._jobs: list[tuple[PdfJob, Future[tuple[Compiled, float]]]] = [
            # Kept without its data: a finished worker's data is freed (all of it is a whole national handbook).
            (job._replace(data={}), self._pool.submit(_compile_in_worker, job.template, job.data)) for job in jobs(hb)]
        self._pool.shutdown(wait=False)

    def write(self, out_dir: Path | str, progress: Callable[[str], None] | None = None) -> PdfReport:
        global last_report
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        report = PdfReport()
        try:
            for n, (job, future) in enumerate(self._jobs, 1):
                compiled, seconds = future.result()  # raises the worker's PdfError
                path = out_dir / job.name
                path.write_bytes(compiled.pdf)
                item = PdfFile(path, job.title, len(compiled.pdf), seconds, pdfcheck.from_json(compiled.layout))
                report.files.append(item)
                if progress:
                    progress(f"PDF {n}/{len(self._jobs)}: {job.name} ({number(item.size / 1024, 0)} KB, {number(item.seconds, 2)} giây) "
                             f"— {item.layout.figures()}")
                    for problem in item.layout.problems():
                        progress(f"{job.name}: cảnh báo: {problem}")
        finally:
            self.cancel()
        report.seconds = sum(f.seconds for f in report.files)
        last_report = report
        return report

    def cancel(self) -> None:
        """Drop what has not started (a failed build); a running compile finishes on its own."""
        for _, future in self._jobs:
            future.cancel()


def _compile_in_worker(template: str, data: dict[str, Any]) -> tuple[Compiled, float]:
    """Compile in a fresh `python -m camnang.typstc` process: the data in a file, the layout and
    the PDF out in another. Files, not pipes: a pipe is fed and drained a few KB at a time by this
    thread, each time waiting for the GIL while the HTML build holds it, which stalled every
    worker (a national build's PDFs took 1.8× as long as alone)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="camnang-pdf-") as folder:
        data_file, out_file = Path(folder) / "data.json", Path(folder) / "out.bin"
        data_file.write_text(payload(data), "utf-8")
        try:
            done = subprocess.run([sys.executable, "-m", "camnang.typstc", template, str(data_file), str(out_file)],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=WORKER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Typst không dựng xong {template} sau {WORKER_TIMEOUT_S} giây.") from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip() or f"mã thoát {done.returncode}"
            raise PdfError(message if message.startswith("Typst") else f"Typst không dựng được {template}: {message}")
        return read_framed(out_file.read_bytes()), time.perf_counter() - started


def start_pdfs(hb: Handbook) -> PendingPdfs:
    """Start compiling every PDF in the background; call `.write(out_dir)` when the files are wanted."""
    return PendingPdfs(hb)


def write_pdfs(hb: Handbook, out_dir: Path | str, progress: Callable[[str], None] | None = None) -> PdfReport:
    """Write every PDF into out_dir; `progress` receives one Vietnamese line per file."""
    return start_pdfs(hb).write(out_dir, progress)

