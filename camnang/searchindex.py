"""A search index a phone can use at any size: folded-word postings in shards, previews per page.

The browser (`docs/javascripts/timkiem.js`) never downloads the whole index. For a query it loads
`meta.js` (once: the shard table, the common keys, the pages' entry counts, which bundle holds a
page's previews), the term shards holding the query's words, and the preview bundles of the best
pages only. Every file is a script calling `camnangTimKiem.load(name, data)`, so the same files
work over http and from file:// (the offline zip), where fetch and workers are refused.

Term shards are of two kinds. The most frequent words' keys (a few hundred syllables such as
"học", "các", "tổ", "chức" make most of any Vietnamese query, with the longest postings) go,
most frequent first, into "common" shards (c/N.js, up to about COMMON_BYTES gzipped), which the
browser fetches while the reader reads the first answer; every other key sits in runs of sorted
keys cut at about SHARD_BYTES (t/N.js), so a later query waits only for its rarer words, a few
KB each. After the common shards and the hot previews, the idle browser also fetches the
alphabetical shards, packed a few dozen to a file (a/N.js, unless they come to over PACKS_BYTES
or the reader asked to save data), so that the queries after that need no round trip at all.
An index under WHOLE_BYTES has no common shards: the browser fetches it whole; one under
COMMON_BYTES is all common shards, fetched likewise, most frequent words first.

Previews come in bundles of neighbouring pages (at most about BUNDLE_BYTES): pages of one issuer
or place sit side by side, so ten results usually need a few bundles, one round trip. "Hot"
pages (every page but the local plans nothing refers to) are bundled apart, in larger bundles
fetched while idle, so later queries that land on the handbook's documents, topics and models
fetch no preview. Cold pages (local plans) have their bundles too, but each term shard also
carries the previews of its keys' best cold pages (`Showcase`), so that most later queries render
from the shards they load anyway: one round trip, not two; and the first SAMPLE_BUNDLES cold
bundles are fetched while idle, since equal scores show the previews at hand first.

Engine-neutral input: the site's search entries (location, title, text, in page order, a page's
sections after the page: `camnang.searchentries` reads them off the rendered pages) and document
keywords.

Postings: term key = a word folded and in lower case (`search.search_key`); under each key, each
spelling met in the text (lower case, new tone placement: "hoá" and "hóa" are one spelling) maps
to the entries holding it, as deltas of entry numbers times 8 plus the field bits (text 1,
title 2, keywords 4). `meta.js` holds each alphabetical shard's first key, so a prefix query
loads only the shards its keys fall in, and each common shard's keys.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .search import fold, new_tones, words

TEXT, TITLE, KEYWORD = 1, 2, 4
SHARD_BYTES = 12_000  # raw, previews included: a later query pays for its rarer words a few KB each
BUNDLE_BYTES = 16_000  # raw; a few pages' previews, 2–4 KB gzipped (a larger page alone)
HOT_BUNDLE_BYTES = 64_000  # raw: hot bundles are fetched whole while idle, so fewer, larger files
SAMPLE_BUNDLES = 8  # cold bundles fetched while idle too (about 40 local plans' previews, ~20 KB gzip)
PREVIEW_CHARS = 300  # Material shows about three lines of a result's text
TOP_PAGES = 10  # per key: the cold pages whose previews ride in its shard (a result list's worth)
TOP_SECTIONS = 6  # a page with more sections holding the key is left to its bundle
SHOWN = "camnangTimKiem.shown"  # the shard's previews: a second statement after load() (see _shard_script)
COMMON_BYTES = 400_000  # gzip: the shards of the most frequent words, fetched while idle (see _common_shards)
WHOLE_BYTES = 200_000  # gzip: an index this small has no common shards; the browser fetches it whole
COMMON_SHARD_BYTES = 12_000  # gzip: a first query's few common words fetch a few of them
PACK_BYTES = 200_000  # raw (≈10 KB gzip): a run of alphabetical shards fetched as one file while idle
PACKS_BYTES = 600_000  # gzip: alphabetical shards this large in all are not fetched while idle
DIR = "tk"  # under search/: meta.js, t/<n>.js (terms), c/<n>.js (common terms), a/<n>.js (packs of t), p/<n>.js (previews)
_TAG = re.compile(r"<[^>]*>")

Doc = dict[str, str]  # an entry of a site search index: location, title, text
PagePreviews = list[Any]  # [page number, location, [[anchor, title, preview], …]] as JSON
Shard = dict[str, dict[str, list[int]]]  # key → spelling → postings


@dataclass
class ShardReport:
    entries: int
    pages: int
    shards: int
    bundles: int
    bytes_raw: int  # every file written


def preview(markup: str) -> str:
    """An entry's text for the result list: no tags, at most PREVIEW_CHARS, cut at a space.

    The text stays HTML-escaped as `camnang.searchentries` writes it (entities are never cut: no spaces).
    """
    text = _title(markup)
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text.rfind(" ", 0, PREVIEW_CHARS)
    return text[:cut if cut > 0 else PREVIEW_CHARS] + " …"


def _title(markup: str) -> str:
    return " ".join(_TAG.sub(" ", markup).split())


def _pages(docs: list[Doc]) -> list[list[int]]:
    """Entry numbers grouped by page (location without anchor), in index order."""
    groups: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        groups.setdefault(doc["location"].partition("#")[0], []).append(number)
    return list(groups.values())


def _postings(docs: list[Doc], keywords: dict[str, str], separator: str) -> Shard:
    """key → spelling → [entry * 8 + fields] (entries ascending)."""
    postings: dict[str, dict[str, list[int]]] = {}
    forms: dict[str, tuple[str, str]] = {}  # word → (folded key, spelling): each distinct word folded once
    for number, doc in enumerate(docs):
        fields: dict[str, int] = {}
        sources = [(doc.get("text", ""), TEXT), (doc.get("title", ""), TITLE)]
        if "#" not in doc["location"]:
            sources.append((html.escape(keywords.get(doc["location"], "")), KEYWORD))
        for markup, bit in sources:
            for word in words(markup, separator):
                fields[word] = fields.get(word, 0) | bit
        for word, bits in fields.items():
            form = forms.get(word)
            if form is None:
                form = forms[word] = (fold(word), new_tones(word))
            postings.setdefault(form[0], {}).setdefault(form[1], []).append(number * 8 + bits)
    return postings


def _delta(values: list[int]) -> list[int]:
    """Entry numbers as gaps from the previous one (the field bits kept): small numbers gzip well."""
    out, last = [], 0
    for value in values:
        entry = value >> 3
        out.append(((entry - last) << 3) | (value & 7))
        last = entry
    return out


def _script(name: str, data: object) -> str:
    return _load_call(name, _json(data))


def write_shards(index: dict[str, Any], keywords: dict[str, str], boosted: set[str], out: Path,
                 cold: frozenset[str] = frozenset()) -> ShardReport:
    """Write the sharded index of a site search index (`config`, `docs`) into `out` (replaced).

    `keywords`: page location → extra words (a document's kind and number forms); `boosted`: the
    page locations ranked a little higher (documents, above the pages quoting them); `cold`: the
    pages whose previews the browser fetches only when a query shows them.
    """
    docs, separator = index["docs"], index["config"]["separator"]
    if out.exists():
        shutil.rmtree(out)
    for folder in ("t", "c", "a", "p"):
        (out / folder).mkdir(parents=True)
    pages = _pages(docs)
    locations = [docs[entries[0]]["location"] for entries in pages]
    cold_pages = {n for n, location in enumerate(locations) if location in cold}
    previews = [_page_previews(docs, number, entries) for number, entries in enumerate(pages)]
    postings = _postings(docs, keywords, separator)
    showcase = Showcase(previews, cold_pages)
    encoded = _encoded(postings)
    common = _common_shards(postings, encoded, showcase)
    firsts, texts, written = _write_term_shards(out / "t", postings, encoded, showcase,
                                                {key for keys, _ in common for key in keys})
    written += _write_common_shards(out / "c", encoded, common)
    packs, packed = _write_packs(out / "a", texts if common else [])
    bundle_of, hot, bundles_written = _write_bundles(out / "p", previews, cold_pages)
    meta = {
        "separator": separator,
        "shards": firsts,
        # Entries per page, in order: entry n belongs to the page where the running total passes n.
        "sizes": [len(entries) for entries in pages],
        "boosted": [n for n, loc in enumerate(locations) if loc in boosted],
        "bundle": bundle_of,  # page → the bundle holding its previews
        "hot": hot,  # bundles fetched while idle
        # Then the first cold bundles: equal scores show previews at hand first (timkiem.js,
        # byScore), so a sentence many local plans share renders from these without a round trip.
        "sample": list(range(len(hot), min(len(hot) + SAMPLE_BUNDLES, max(bundle_of, default=-1) + 1))),
        # The most frequent words' keys, shard by shard (c/<n>.js): fetched while idle. Empty when
        # the whole index is small: then it is fetched whole while idle.
        "common": [keys for keys, _ in common],
        "whole": not common,
        # Then the alphabetical shards, packed: pack n holds the next packs[n] of t/<n>.js. Empty
        # when the index is small (fetched whole) or its rarer words too many to fetch unasked.
        "packs": packs,
    }
    written += packed + bundles_written + _write(out / "meta.js", _script("meta", meta))
    return ShardReport(entries=len(docs), pages=len(pages), shards=len(firsts),
                       bundles=max(bundle_of, default=-1) + 1, bytes_raw=written)


class Showcase:
    """The previews a key's shard carries: its best cold pages (TOP_PAGES), so that a later query
    landing on local plans renders from its shards alone, without a second round trip for bundles.

    Hot pages need none: the browser fetches their bundles while idle. A key's best pages are
    ranked as the browser ranks a one-word query (field weight, then page order); a page is
    carried with its first entry and every entry holding the key (at most TOP_SECTIONS).
    """

    def __init__(self, previews: list[PagePreviews], cold: set[int]):
        self.previews, self.cold = previews, set(cold)
        self.page_of: list[int] = [number for number, _, items in previews for _ in items]
        self.starts: list[int] = []
        total = 0
        for _, _, items in previews:
            self.starts.append(total)
            total += len(items)

    def pages(self, spellings: dict[str, list[int]]) -> dict[int, list[int]]:
        """Cold page → offsets of its entries holding the key (postings as entry * 8 + bits)."""
        if not self.cold:
            return {}
        weight: dict[int, int] = {}
        for values in spellings.values():
            for value in values:
                bits = value & 7
                score = 30 if bits & KEYWORD else 10 if bits & TITLE else 1
                weight[value >> 3] = max(weight.get(value >> 3, 0), score)
        chosen: dict[int, list[int]] = {}
        for entry in sorted(weight, key=lambda e: (-weight[e], e)):
            page = self.page_of[entry]
            if page in self.cold and (page in chosen or len(chosen) < TOP_PAGES):
                chosen.setdefault(page, []).append(entry - self.starts[page])
        return {page: offsets for page, offsets in chosen.items() if len(offsets) <= TOP_SECTIONS}

    def add(self, shown: dict[int, list[Any]], spellings: dict[str, list[int]]) -> str:
        """Adds the key's pages to a shard's previews; returns what they add to the file (about:
        the JSON of each new page's location and entry, to measure the file as it grows)."""
        added = []
        for page, offsets in self.pages(spellings).items():
            number, location, items = self.previews[page]
            held = shown.setdefault(number, [location, {}])
            if not held[1]:
                added.append(f'"{number}":["{location}",{{')
            for offset in [0, *offsets]:
                if offset not in held[1]:
                    held[1][offset] = items[offset]
                    added.append(f'"{offset}":{_json(items[offset])},')
        return "".join(added)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _encoded(postings: Shard) -> dict[str, str]:
    """Each key's spellings and postings (gaps) as JSON, once: the shard writers join them."""
    return {key: _json({spelling: _delta(values) for spelling, values in sorted(spellings.items())})
            for key, spellings in postings.items()}


def _object(keys: list[str], encoded: dict[str, str]) -> str:
    return "{" + ",".join(f"{_json(key)}:{encoded[key]}" for key in keys) + "}"


def _load_call(name: str, data: str) -> str:
    return f"camnangTimKiem.load({json.dumps(name)},{data})\n"


def _shard_script(name: str, data: str, shown: dict[int, list[Any]]) -> str:
    """load(name, terms), then the previews as `camnangTimKiem.shown[name] = …` with ")" escaped:
    the file's data stays what lies between its first comma and its last parenthesis."""
    text = _load_call(name, data)
    if shown:
        previews = _json(shown).replace(")", "\\u0029")
        text += f"{SHOWN}[{json.dumps(name)}]={previews}\n"
    return text


def _write_term_shards(folder: Path, postings: Shard, encoded: dict[str, str], showcase: Showcase,
                       common: set[str]) -> tuple[list[str], list[str], int]:
    """Runs of sorted keys (bar the common ones) cut at about SHARD_BYTES (their previews
    counted); returns each shard's first key, each shard's script and the bytes written."""
    firsts: list[str] = []
    texts: list[str] = []
    written, size = 0, 0
    keys: list[str] = []
    shown: dict[int, list[Any]] = {}

    def flush() -> None:
        nonlocal written
        name = f"t{len(firsts) - 1}"
        texts.append(_shard_script(name, _object(keys, encoded), shown))
        written += _write(folder / f"{len(firsts) - 1}.js", texts[-1])

    for key in sorted(postings.keys() - common):
        cost = len(encoded[key]) + len(key) + 4
        if keys and size + cost > SHARD_BYTES:
            flush()
            keys, shown, size = [], {}, 0
        if not keys:
            firsts.append(key)
        keys.append(key)
        size += cost + len(showcase.add(shown, postings[key]))
    if keys:
        flush()
    if not firsts:  # every key is common: one empty shard keeps the table's lookups simple
        firsts.append("")
        written += _write(folder / "0.js", _load_call("t0", "{}"))
    return firsts, texts, written


def _write_packs(folder: Path, texts: list[str]) -> tuple[list[int], int]:
    """The alphabetical shards' scripts again, runs of them joined into files of about PACK_BYTES
    (each ending with its own load call), for the idle prefetch: after the common shards, a phone
    fetches the rest of the index in a few dozen requests instead of hundreds, and a later query
    then needs no round trip. None when they come to over PACKS_BYTES gzipped. Returns how many
    shards each pack holds, and the bytes written."""
    if not texts:
        return [], 0
    packer = zlib.compressobj(6)
    if sum(len(packer.compress(text.encode())) for text in texts) + len(packer.flush()) > PACKS_BYTES:
        return [], 0
    runs: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if runs[-1] and size + len(text) > PACK_BYTES:
            runs.append([])
            size = 0
        runs[-1].append(text)
        size += len(text)
    written = sum(_write(folder / f"{n}.js", "".join(run) + _load_call(f"a{n}", "0")) for n, run in enumerate(runs))
    return [len(run) for run in runs], written


CommonShard = tuple[list[str], dict[int, list[Any]]]  # keys, previews carried (as Showcase.add)


def _common_shards(postings: Shard, encoded: dict[str, str], showcase: Showcase) -> list[CommonShard]:
    """The most frequent words' keys, in shards of about COMMON_SHARD_BYTES gzipped with their
    previews, up to COMMON_BYTES in all; none when the whole index is that small (the browser
    then fetches it whole while idle).

    Vietnamese is written in syllables, and a few hundred of them ("học", "các", "tổ", "chức")
    make most of any query, with the longest postings. A phone fetches their shards while the
    reader reads the first answer: a later query then waits only for its rarer words, in the
    alphabetical shards. Their previews are a key's best cold pages as in the other shards (for a
    frequent word, the pages with it in their title: "Hà Nội" brings Hà Nội's plans). Sizes are
    measured by compressing as the shards grow (a sync flush per key), so a shard's gzip size is
    known without writing it twice.

    COMMON_BYTES is where the cost of a key falls off. Plans copy the plan above them, so a
    national index has a hundred-odd keys in a third or more of all entries: at 3,000 synthetic
    plans, 3–5 KB gzipped each, ≈ 300 KB in all ("tuần", "lễ", "suốt", "387", "QĐ"), while every
    later key takes under 1 KB. Fetched on demand, five such keys cost a phone ≈ 150 ms of
    transfer on top of the round trip; fetched while the reader reads, nothing. A rarer key costs
    on demand little more than the round trip, which idle fetching cannot save for all of them.
    """
    by_frequency = sorted(postings, key=lambda key: (-sum(map(len, postings[key].values())), key))
    shards: list[CommonShard] = []
    total, size = 0, 0
    packer = zlib.compressobj(6)
    for key in by_frequency:
        if not shards or size > COMMON_SHARD_BYTES:
            shards.append(([], {}))
            size, packer = 0, zlib.compressobj(6)
        keys, shown = shards[-1]
        text = f"{_json(key)}:{encoded[key]}," + showcase.add(shown, postings[key])
        grown = len(packer.compress(text.encode())) + len(packer.flush(zlib.Z_SYNC_FLUSH))
        keys.append(key)
        size += grown
        total += grown
        if total > COMMON_BYTES:
            break
    else:
        if total <= WHOLE_BYTES:
            return []  # the whole index is small: fetched whole while idle
    return shards


def _write_common_shards(folder: Path, encoded: dict[str, str], shards: list[CommonShard]) -> int:
    return sum(_write(folder / f"{n}.js", _shard_script(f"c{n}", _object(keys, encoded), shown))
               for n, (keys, shown) in enumerate(shards))


def _page_previews(docs: list[Doc], number: int, entries: list[int]) -> PagePreviews:
    """[page number, location, [[anchor, title, preview], …]]: the page's entries, the page first."""
    location = docs[entries[0]]["location"]
    items = [[docs[e]["location"].partition("#")[2], _title(docs[e].get("title", "")),
              preview(docs[e].get("text", ""))] for e in entries]
    return [number, location, items]


def _write_bundles(folder: Path, previews: list[PagePreviews], cold: set[int]) -> tuple[list[int], list[int], int]:
    """Previews in bundles of neighbouring pages, hot and cold apart.

    Returns page → bundle, the hot bundles and the bytes written.
    """
    bundle_of = [0] * len(previews)
    hot: list[int] = []
    written, count = 0, 0
    for is_cold in (False, True):
        bundle: list[PagePreviews] = []
        size = 0
        for number, item in enumerate(previews):
            if (number in cold) != is_cold:
                continue
            cost = len(json.dumps(item, ensure_ascii=False).encode())
            if bundle and size + cost > (BUNDLE_BYTES if is_cold else HOT_BUNDLE_BYTES):
                written += _write(folder / f"{count}.js", _script(f"p{count}", bundle))
                hot += [] if is_cold else [count]
                count, bundle, size = count + 1, [], 0
            bundle.append(item)
            bundle_of[number] = count
            size += cost
        if bundle:
            written += _write(folder / f"{count}.js", _script(f"p{count}", bundle))
            hot += [] if is_cold else [count]
            count += 1
    return bundle_of, hot, written


def _write(path: Path, text: str) -> int:
    data = unicodedata.normalize("NFC", text).encode()
    path.write_bytes(data)
    return len(data)


def write_site_index(search_dir: Path, entries: Iterable[Doc], keywords: dict[str, str],
                     cold: frozenset[str] = frozenset(), out: Path | None = None) -> ShardReport:
    """The sharded index of a site's entries (`camnang.searchentries`) into `search/tk/` (or `out`);
    the pages with keywords (documents) are the boosted ones.

    Material's search box reads `search/search_index.json` (its plugin writes it, with no entries)
    for the separator alone: the shards split words with that same separator.
    """
    separator = json.loads((search_dir / "search_index.json").read_text("utf-8"))["config"]["separator"]
    return write_shards({"config": {"separator": separator}, "docs": list(entries)}, keywords, set(keywords),
                        out or search_dir / DIR, cold)


def _read_script(path: Path) -> Any:  # the JSON a file passes to load()
    text = path.read_text("utf-8")
    return json.loads(text[text.index(",") + 1:text.rindex(")")])


class ShardedIndex:
    """A written index read back as the browser reads it (for tests and tools)."""

    def __init__(self, search_dir: Path):
        self.root = search_dir / DIR
        self.meta = _read_script(self.root / "meta.js")
        self.starts = [0]
        for size in self.meta["sizes"]:
            self.starts.append(self.starts[-1] + size)
        self.terms: dict[str, dict[str, list[int]]] = {}
        for number in range(len(self.meta["shards"])):
            self.terms.update(_read_script(self.root / "t" / f"{number}.js"))
        for number in range(len(self.meta["common"])):
            self.terms.update(_read_script(self.root / "c" / f"{number}.js"))
        # Every entry [location, title, preview], in entry order.
        by_page: dict[int, list[list[str]]] = {}
        for bundle in range(max(self.meta["bundle"], default=-1) + 1):
            for number, location, items in _read_script(self.root / "p" / f"{bundle}.js"):
                by_page[number] = [[location + ("#" + anchor if anchor else ""), title, text]
                                   for anchor, title, text in items]
        self.entries = [item for number in range(len(self.meta["sizes"])) for item in by_page[number]]

    def find(self, key: str, spelling: str | None = None) -> dict[int, int]:
        """Entry number → field bits, for a folded key (one spelling, or any)."""
        out: dict[int, int] = {}
        for form, codes in self.terms.get(key, {}).items():
            entry = 0
            for code in codes:
                entry += code >> 3
                if spelling in (None, form):
                    out[entry] = out.get(entry, 0) | code & 7
        return out

    def page_number(self, location: str) -> int:
        return next(n for n, start in enumerate(self.starts[:-1]) if self.entries[start][0] == location)

    def page_entries(self, number: int) -> range:
        return range(self.starts[number], self.starts[number + 1])

    def pages_holding(self, *words: str) -> set[str]:
        """Pages with an entry holding every word in this spelling (lower case, new tone placement)."""
        found = [set(self.find(fold(w), new_tones(w.lower()))) for w in words]
        return {self.entries[e][0].partition("#")[0] for e in set.intersection(*found)} if found else set()
