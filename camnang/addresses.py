"""Every page address of the site, in one place.

Addresses are source URIs as MkDocs knows them ("van-ban/<id>.md"); with
`use_directory_urls: false` each becomes the same path ending in ".html". Nothing else
in the core spells a page path. This module imports nothing of the project, so the
model, the views, the renderers and the PDF export can all use it.
"""

from __future__ import annotations

import functools
import posixpath
import unicodedata

# List pages
DOCS_INDEX = "van-ban/index.md"
BY_ISSUER = "van-ban/theo-co-quan.md"
TIMELINE = "van-ban/dong-thoi-gian.md"
DIAGRAM = "van-ban/so-do.md"
PLANS = "ke-hoach/index.md"
ORGS_INDEX = "co-quan/index.md"
GLOSSARY = "thuat-ngu.md"
MODELS_INDEX = "mo-hinh/index.md"
TOPICS_INDEX = "chuyen-de/index.md"
PRINTOUTS = "ban-in.md"  # the page of every PDF (render/printouts.py)
GAPS = "viec-can-bo-sung.md"
REFERENCE = "tham-chieu-du-lieu.md"

# Folder of the site the PDFs are written into after the build (camnang.pdf.PDF_DIR agrees; tested).
PDF_DIR = "pdf"


def document(doc_id: str) -> str:
    return f"van-ban/{doc_id}.md"


def organisation(org_id: str) -> str:
    return f"co-quan/{org_id}.md"


def model(model_id: str) -> str:
    return f"mo-hinh/{model_id}.md"


def topic(topic_id: str) -> str:
    return f"chuyen-de/{topic_id}.md"


def topic_pdf(topic_id: str) -> str:
    """File name (inside PDF_DIR) of a topic's handout."""
    return f"{topic_id}.pdf"


def kind_page(kind: str) -> str:
    """Page listing one kind of document, e.g. van-ban/loai-chi-thi.md."""
    plain = unicodedata.normalize("NFD", kind.replace("Đ", "D").replace("đ", "d"))
    slug = "-".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())
    return f"van-ban/loai-{slug}.md"


@functools.lru_cache(maxsize=1 << 17)
def relative(from_uri: str, to_uri: str) -> str:
    """Link target from one page to another ("" when it is the same page: an anchor alone).

    Remembered: pages link the same pages again and again, and posixpath.relpath asks the OS for
    the working directory twice a call (it was a quarter of page generation)."""
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return "" if target == posixpath.basename(from_uri) else target


def pdf_href(from_uri: str, name: str) -> str:
    """Relative link from a page to a PDF written into site/pdf/ after the build."""
    return "../" * from_uri.count("/") + f"{PDF_DIR}/{name}"
