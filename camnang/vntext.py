"""Vietnamese text helpers: alphabetical order and safe Markdown escaping."""

from __future__ import annotations

import html
import re
import unicodedata

# Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Tone marks, in the conventional order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str) -> tuple:
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


def sorted_vi(items, key=lambda x: x):
    return sorted(items, key=lambda item: sort_key(key(item)))


# Characters Python-Markdown lets us backslash-escape.
_MD_BACKSLASH = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md(text: str | None) -> str:
    """Escape text from the data for Markdown: no HTML, no Markdown syntax survives.

    HTML-special characters become entities, Markdown punctuation is
    backslash-escaped, and `|` becomes an entity so tables stay intact.
    Line breaks are kept as Markdown hard breaks.
    """
    if text is None:
        return ""
    escaped = html.escape(text, quote=True)
    escaped = _MD_BACKSLASH.sub(r"\\\1", escaped).replace("|", "&#124;")
    return "  \n".join(line.strip() for line in escaped.split("\n"))


def attr(text: str) -> str:
    """Escape for a value inside a Markdown attribute list or HTML attribute."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: str) -> str:
    """An http(s) URL made safe for a Markdown link destination (the schema already refused other schemes)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"refusing non-http URL: {url!r}")
    return "".join(ch if ch not in '()<>" `\\{}' else f"%{ord(ch):02X}" for ch in url)
