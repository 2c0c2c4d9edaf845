"""Compile one Typst template with its JSON data into PDF bytes and its tables' layout figures.

Kept free of the domain imports (camnang.pdfcheck imports nothing of ours) so that a worker,
`python -m camnang.typstc TEMPLATE DATA OUT` (the JSON in file DATA; into file OUT the layout
figures, then the PDF, see `write_framed`; Typst's message on stderr), starts in a fraction of a
second.
Output is reproducible: a fixed creation timestamp (SOURCE_DATE_EPOCH, else 0) and only
Typst's bundled fonts (no system fonts)."""

from __future__ import annotations

import json
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from . import pdfcheck


class PdfError(Exception):
    """A template failed to compile; the message is Typst's, with the file that failed."""


def template_dir() -> Path:
    return Path(str(resources.files("camnang").joinpath("typst")))


def timestamp() -> int:
    """Creation date written into every PDF: SOURCE_DATE_EPOCH when set (the last commit), else 0."""
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        return 0


class Compiled(NamedTuple):
    pdf: bytes
    layout: str  # JSON of the laid-out tables (camnang.pdfcheck.to_json)


def compile_payload(template: str, payload: str) -> Compiled:
    """`payload` is the JSON text the template reads from sys.inputs.data."""
    return compile_file(template_dir() / template, payload)


def compile_file(main: Path, payload: str) -> Compiled:
    """Compile `main` (its folder is Typst's root) with `payload` as sys.inputs.data."""
    try:
        import typst
    except ImportError:
        raise PdfError("Thiếu gói Python `typst` để dựng PDF; chạy `make setup` (cài theo requirements.txt).") from None

    try:
        compiler = typst.Compiler(str(main), root=str(main.parent), ignore_system_fonts=True,
                                  sys_inputs={"data": payload})
        pdf = compiler.compile(format="pdf", timestamp=timestamp(), pdf_tags=True)
        # Queried from the same compiler: the layout is cached, so this takes milliseconds.
        tables = pdfcheck.from_query(*(compiler.query(selector, field="value") for selector in (
            pdfcheck.CELL_SELECTOR, pdfcheck.MEASURED_SELECTOR, pdfcheck.ANY_TABLE_SELECTOR)))
    except RuntimeError as error:  # typst.TypstError
        raise PdfError(f"Typst không dựng được {main.name}: {error}") from error
    assert isinstance(pdf, bytes)
    return Compiled(pdf, pdfcheck.to_json(tables))


def compile_pdf(template: str, data: dict[str, Any]) -> bytes:
    return compile_payload(template, payload(data)).pdf


def payload(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def write_framed(compiled: Compiled, out: BinaryIO) -> None:
    """The worker's stdout: the layout JSON's length in bytes on a line, the JSON, then the PDF."""
    layout = compiled.layout.encode()
    out.write(b"%d\n" % len(layout) + layout + compiled.pdf)


def read_framed(data: bytes) -> Compiled:
    head, _, rest = data.partition(b"\n")
    size = int(head)
    return Compiled(rest[size:], rest[:size].decode())


def main(argv: list[str]) -> int:
    template, data_file, out_file = argv
    try:
        compiled = compile_payload(template, Path(data_file).read_text("utf-8"))
    except PdfError as error:
        print(error, file=sys.stderr)
        return 1
    with open(out_file, "wb") as out:
        write_framed(compiled, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
