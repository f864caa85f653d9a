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

from ita_core.thai import LEADING_VOWELS, THAI_CONSONANTS

WIDE_GAP_RX = re.compile(r"\s{3,}")
_THAI_OR_DIGIT_RX = re.compile(f"[{THAI_CONSONANTS}0-9๐-๙]")
_WORDLIKE_RX = re.compile(f"[{THAI_CONSONANTS}{LEADING_VOWELS}A-Za-z0-9๐-๙]")


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
    found = len(pieces)
    while _is_speck(pieces[-1]) and not _THAI_OR_DIGIT_RX.search(pieces[-1]):
        pieces.pop()
    while _is_speck(pieces[0]) and not _THAI_OR_DIGIT_RX.search(pieces[0]):
        pieces.pop(0)
    return text if len(pieces) == found else "   ".join(pieces)


_THAI_DIGIT_RX = re.compile("[๐-๙]")
_ARABIC_DIGIT_RX = re.compile("[0-9]")
_THAI_LETTER_RX = re.compile(f"[{THAI_CONSONANTS}]")
_LATIN_RX = re.compile("[A-Za-z]")


def _junk_token(token: str) -> bool:
    """A token no text has: Thai and Arabic digits mixed in one number ("๑7"), a Thai
    letter stuck to digits with no dot ("ซ๕", "9จ7"), Latin stuck to digits ("a08"), or
    two glyphs at most that are neither a number nor Thai ("a", "YR"; ณ and ปี are words)."""
    core = token.strip(".,;:'\"!?()[]")
    if not core:
        return True
    if _THAI_DIGIT_RX.search(core) and _ARABIC_DIGIT_RX.search(core):
        return True
    digits = _THAI_DIGIT_RX.search(core) or _ARABIC_DIGIT_RX.search(core)
    if digits and "." not in core and len(core) <= 4 and (
            _THAI_LETTER_RX.search(core) or _LATIN_RX.search(core)):
        return True
    return len(core) <= 2 and not core.isdigit() and not _THAI_LETTER_RX.search(core)


def is_junk_line(text: str) -> bool:
    """A cell line made only of junk tokens: a row of marks or dust that tesseract read
    as digits and letters ("๑7 979๑7", "YR  9๑7     1"). A line of one plain token
    ("2565", "ไตรมาส") is never junk."""
    tokens = text.split()
    if not tokens:
        return True
    if len(tokens) == 1:
        t = tokens[0].strip(".,;:'\"!?()[]")
        return bool(t) and len(t) <= 4 and _junk_token(t) and not t.isdigit() and (
            bool(_THAI_DIGIT_RX.search(t) or _ARABIC_DIGIT_RX.search(t)))
    # a lone digit among junk is junk too; a line of lone digits alone may be a list
    lone_digit = [len(t) == 1 and t.isdigit() for t in tokens]
    return (all(lone or _junk_token(t) for t, lone in zip(tokens, lone_digit))
            and not all(lone_digit))
