"""Data text → Markdown in which every citation of a handbook document links to its page.

The words stay as written: only the cited words become a link's text, and the text goes
through `vntext.md` whole, so the page shows exactly what `md(text)` would, plus links.
"""

from __future__ import annotations

import re

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
    # Each citation is replaced by a marker, the whole text goes through md() as it would
    # without links, then each marker becomes its link: the escaping is md()'s, untouched.
    if _OPEN in text or _CLOSE in text:
        return md(text)
    marked: list[str] = []
    links: list[str] = []
    pos = 0
    for citation, doc in targets:
        marked.append(f"{text[pos:citation.start]}{_OPEN}{len(links)}{_CLOSE}")
        links.append(link(from_uri, doc.url, text[citation.start:citation.end]))
        pos = citation.end
    marked.append(text[pos:])
    return _MARKER.sub(lambda m: links[int(m.group(1))], md("".join(marked)))


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never escaped by md(), never in the data
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
