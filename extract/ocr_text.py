"""Clean-ups of the text lines tesseract returns for a cell, before any cell logic sees them.

Dust, scanner noise and the ends of broken rules inside a cell come back as "words" far
apart on a line of their own ("๕         ๐", "ม    ณฆ           =z") or after a real word
("ราชการ         ;"). Tesseract marks the wide gaps with runs of spaces. A line whose
every piece between such gaps is too short to be a word (at most two letters or digits)
is dropped; on other lines only end pieces with no Thai letter and no digit go. Short
words inside a line ("ปี       2566") stay.
"""

from __future__ import annotations

import re

WIDE_GAP_RX = re.compile(r"\s{3,}")
_THAI_OR_DIGIT_RX = re.compile(r"[\u0e01-\u0e2e0-9๐-๙]")
_WORDLIKE_RX = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44A-Za-z0-9๐-๙]")


def _is_speck(piece: str) -> bool:
    """Too little to be text: no letter or digit, or at most two of them."""
    return len(_WORDLIKE_RX.findall(piece)) <= 2 and len(piece.strip()) <= 3


TRAILING_SPECK_RX = re.compile(r"(?<=\S)\s+[,.;:'`|]+$")  # "ประมวล ," : a comma sits on its word


def without_specks(text: str) -> str:
    """The line without specks: "" when it holds nothing else, else without the junk
    pieces (no Thai letter, no digit) at its two ends."""
    text = TRAILING_SPECK_RX.sub("", text)
    pieces = WIDE_GAP_RX.split(text.strip())
    if len(pieces) < 2:
        return text
    if all(_is_speck(p) for p in pieces):
        return ""
    while _is_speck(pieces[-1]) and not _THAI_OR_DIGIT_RX.search(pieces[-1]):
        pieces.pop()
    while _is_speck(pieces[0]) and not _THAI_OR_DIGIT_RX.search(pieces[0]):
        pieces.pop(0)
    return text if len(pieces) == len(WIDE_GAP_RX.split(text.strip())) else "   ".join(pieces)
