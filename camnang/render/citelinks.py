"""Data text → Markdown in which every citation of a handbook document links to its page.

The words stay as written: only the cited words become a link's text, and every piece
goes through `vntext.md`, so the page shows exactly what `md(text)` would, plus links.
"""

from __future__ import annotations

from ..citations import registry_for
from ..model import Handbook
from ..vntext import md
from .common import link


def linked(hb: Handbook, from_uri: str, text: str | None, own_id: str | None = None) -> str:
    """`md(text)` with each citation of another handbook document as a link from page `from_uri`."""
    if not text:
        return md(text)
    targets = registry_for(hb).link_targets(text, own_id)
    if not targets:
        return md(text)
    out, pos = [], 0
    for citation, doc in targets:
        out.append(_piece(text[pos:citation.start]))
        out.append(link(from_uri, doc.url, text[citation.start:citation.end]))
        pos = citation.end
    out.append(_piece(text[pos:]))
    return "".join(out)


def _piece(text: str) -> str:
    """md() of a piece between links, keeping the spaces at its ends (md strips each line)."""
    if not text:
        return ""
    lead = " " if text[0] in " \t" else ""
    trail = " " if text[-1] in " \t" and text.strip(" \t") else ""
    return lead + md(text) + trail
