"""Compile one Typst template with its JSON data into PDF bytes.

Kept free of the domain imports so that a worker, `python -m camnang.typstc TEMPLATE`
(JSON on stdin, PDF on stdout, Typst's message on stderr), starts in a fraction of a second.
Output is reproducible: a fixed creation timestamp (SOURCE_DATE_EPOCH, else 0) and only
Typst's bundled fonts (no system fonts).
"""

from __future__ import annotations

import json
import os
import sys
from importlib import resources
from pathlib import Path


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


def compile_payload(template: str, payload: str) -> bytes:
    """`payload` is the JSON text the template reads from sys.inputs.data."""
    try:
        import typst
    except ImportError:
        raise PdfError("Thiếu gói Python `typst` để dựng PDF; chạy `make setup` (cài theo requirements.txt).") from None

    root = template_dir()
    try:
        return typst.compile(str(root / template), root=str(root), format="pdf", ignore_system_fonts=True,
                             sys_inputs={"data": payload}, timestamp=timestamp(), pdf_tags=True)
    except RuntimeError as error:  # typst.TypstError
        raise PdfError(f"Typst không dựng được {template}: {error}") from error


def compile_pdf(template: str, data: dict) -> bytes:
    return compile_payload(template, payload(data))


def payload(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def main(argv: list[str]) -> int:
    try:
        pdf = compile_payload(argv[0], sys.stdin.buffer.read().decode())
    except PdfError as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
