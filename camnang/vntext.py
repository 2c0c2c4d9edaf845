"""Vietnamese text helpers: alphabetical order and safe Markdown escaping."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

# Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Tone marks, in the conventional order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=1 << 16)  # pure; page lists sort the same names on every save
def sort_key(text: str) -> tuple[tuple[tuple[int, int | str], ...], tuple[int, ...], str]:
    """Key for Vietnamese alphabetical order: letters first, then each syllable's tone.

    The tone belongs to the syllable, wherever it is placed ("hoà" = "hòa").
    """
    letters: list[tuple[int, int | str]] = []
    tones: list[int] = []
    for word in unicodedata.normalize("NFC", text.lower()).split():
        word_tone = 0
        for ch in word:
            decomposed = unicodedata.normalize("NFD", ch)
            word_tone = max(word_tone, next((_TONES[m] for m in decomposed if m in _TONES), 0))
            base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
            if base in _LETTER_RANK:
                letters.append((1, _LETTER_RANK[base]))
            elif base.isdigit():
                letters.append((0, base))
            else:
                letters.append((2, base))
        letters.append((-1, ""))  # a word boundary sorts before any letter: "an" < "an nhiên" < "ang"
        tones.append(word_tone)
    return tuple(letters), tuple(tones), text


def sorted_vi(items: Iterable[T], key: Callable[[T], str] = lambda x: x) -> list[T]:  # type: ignore[assignment,return-value]  # identity default only for strings
    return sorted(items, key=lambda item: sort_key(key(item)))


# Characters Python-Markdown lets us backslash-escape.
_MD_BACKSLASH = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_MD_PUNCTUATION = "\\`*_{}[]()#+-.!"  # the same characters; the backslash first, so no escape is escaped again
# A line of the data may not start a Markdown block our escapes do not cover:
# "===" (setext heading), ":   " (definition list), "~~~" (fence).
_LINE_START = {"=": "&#61;", ":": "&#58;", "~": "&#126;"}


def number(value: float, decimals: int | None = None) -> str:
    """A number the Vietnamese way: thousands with ".", decimals with "," (12345.6 → "12.345,6").

    `decimals=None` keeps the digits the value has (at most six, trailing zeros dropped: 10.0 → "10");
    a count gets its separators too (10000 → "10.000"), as Vietnamese documents write it.
    """
    text = f"{value:,.{6 if decimals is None else decimals}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_VI_DIGITS)


_VI_DIGITS = str.maketrans({",": ".", ".": ","})


def one_line(text: str | None) -> str:
    """Text on one line: every run of whitespace, line and paragraph separators included, is one space."""
    return " ".join(text.split()) if text else ""


@functools.lru_cache(maxsize=1 << 17)  # pure; plans repeat their superiors' clauses, and a preview
# save renders every page again to compare (md() was a quarter of it at 300 plans)
def md(text: str | None) -> str:
    """Escape text from the data for Markdown: no HTML, no Markdown syntax survives.

    HTML-special characters become entities, Markdown punctuation is
    backslash-escaped, and `|` becomes an entity so tables stay intact.
    The result is always one line: line breaks of any kind (LF, CR, U+2028 …) become
    `HARD_BREAK` (`<br>`), so multi-line text is the same inline run wherever it lands — a
    list item, a table cell, an admonition, a heading — with no continuation line that
    Markdown could read as a new block or that would need the enclosing block's indentation.
    """
    if text is None:
        return ""
    escaped = html.escape(text, quote=True)
    escaped = _backslash_escaped(escaped).replace("|", "&#124;")
    return HARD_BREAK.join(_line_start(line.strip()) for line in escaped.splitlines() or [""])


HARD_BREAK = "<br>"  # what md() puts where the data text had a line break


def _backslash_escaped(text: str) -> str:
    """A backslash before every `_MD_BACKSLASH` character, as its `.sub` would put it, three times
    faster: one C-level replace per character present instead of a template expansion per match
    (md() was a third of page generation at 300 plans). tests/test_scale.py compares both."""
    for char in _MD_PUNCTUATION:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def _line_start(line: str) -> str:
    return _LINE_START[line[0]] + line[1:] if line and line[0] in _LINE_START else line


def attr(text: str | None) -> str:
    """Escape for a value inside an HTML attribute (or a Markdown attribute list): one line, no markup."""
    return html.escape(one_line(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


# Kept as is in a link destination; everything else (spaces, quotes, brackets, backslashes, `|`,
# control characters, non-ASCII) is percent-encoded as UTF-8, as a browser would before sending it.
_URL_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&*+,;=%")


def safe_url(url: str) -> str:
    """An http(s) URL made safe for a Markdown link destination or an HTML attribute.

    The schema already refused other schemes; this refuses them again rather than trust it.
    """
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"refusing non-http URL: {url!r}")
    return "".join(ch if ch in _URL_KEEP else "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
                   for ch in url)


# --- Marking terms (abbreviations) in rendered HTML ----------------------------------------

# Tags and comments of rendered HTML; a script or style element is one token, whatever it holds.
_HTML_TOKEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
# Elements whose text is never marked: links and controls (no nested interactive content), code,
# existing abbreviations, and text that is not HTML flow content (SVG, <title>, form fields).
_NO_MARK = frozenset({"a", "abbr", "button", "code", "kbd", "option", "pre", "samp", "select", "svg",
                      "template", "textarea", "title"})
# Candidate term starts: a word, or one character that is neither a word character nor a space.
_TERM_START = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")
_TERM_END = ""  # key of a trie node where a term ends (every other key is one character)
# A trie node: one character → the next node, _TERM_END → the opening <abbr> tag. Recursive, so
# typed loosely; only TermMarker builds and reads it.
_Trie = dict[str, Any]


class TermMarker:
    """Wraps every whole-word occurrence of the given terms in `<abbr title="…">`, in one pass.

    Built once per build from term → explanation. `mark(html)` walks the page's HTML once: tags,
    attributes, comments and the text of _NO_MARK elements are copied untouched; in the other text,
    from each word, a character trie of the terms is followed as far as the text agrees with some
    term, and the longest whole-word term found is marked. The cost per word is bounded by the
    longest term (the schema keeps terms short), whatever the number of terms or how many share a
    beginning. The terms and explanations are plain text: each is put on one line and HTML-escaped here.
    """

    def __init__(self, terms: dict[str, str]):
        trie: _Trie = {}
        self.terms: dict[str, str] = {}  # term → explanation, as marked (the first of equal terms)
        for term, explanation in terms.items():
            term = one_line(term)
            if _TERM_START.match(term) and term not in self.terms:
                self.terms[term] = explanation
                node = trie
                for ch in term:
                    node = node.setdefault(ch, {})
                node[_TERM_END] = f'<abbr title="{attr(explanation)}">'
        self._trie = trie

    def mark(self, page_html: str) -> str:
        if not self._trie:
            return page_html
        out: list[str] = []
        closed = 0  # depth inside _NO_MARK elements
        pos = 0
        for token in _HTML_TOKEN.finditer(page_html):
            if token.start() > pos:
                text = page_html[pos:token.start()]
                out.append(text if closed else self._mark_text(text))
            tag = token.group()
            name = _TAG_NAME.match(tag)
            if name and name.group(1).lower() in _NO_MARK and not tag.endswith("/>"):
                closed = max(0, closed + (-1 if tag.startswith("</") else 1))
            out.append(tag)
            pos = token.end()
        tail = page_html[pos:]
        out.append(tail if closed else self._mark_text(tail))
        return "".join(out)

    def _mark_text(self, text: str) -> str:
        """One text node (HTML-escaped): marked terms, the rest re-escaped; unchanged if no term."""
        plain = html.unescape(text)
        out: list[str] = []
        done = 0
        for start in _TERM_START.finditer(plain):
            at = start.start()
            if at < done:
                continue
            node: _Trie = self._trie
            found: tuple[int, str] | None = None
            for end in range(at, len(plain)):
                following: _Trie | None = node.get(plain[end])
                if following is None:
                    break
                node = following
                if _TERM_END in node and _boundary(plain, at, end + 1):
                    found = end + 1, node[_TERM_END]
            if found:
                end, opening = found
                out += [html.escape(plain[done:at], quote=False), opening, html.escape(plain[at:end], quote=False), "</abbr>"]
                done = end
        if not out:
            return text
        out.append(html.escape(plain[done:], quote=False))
        return "".join(out)


def _boundary(text: str, start: int, end: int) -> bool:
    """The match is a whole word: no word character continues it on either side."""
    return not (_WORD.match(text, start - 1) if start else None) and not _WORD.match(text, end)
