"""Glyphs → clusters → lines: how the born-digital reader assembles text by position.

`chars_to_glyphs` groups pdfplumber's chars into base glyphs with the marks drawn on
them (a mark stays with the base it was drawn after, else the next base it overlaps; a
ToUnicode "space" drawn with no advance inside a word leaves as U+200B), and numbers
the words: glyphs drawn one after another with no gap. `glyphs_to_lines` stacks them
into visual lines top to bottom, each left to right; `line_text` spells a line, with
one space where the PDF drew a space glyph or left a space-wide gap (a tab-wide gap on
letter-spaced lines of writers that draw their spaces); `_segments` cuts a line at
wider gaps, the runs the table code and `extract.pdf_structure` work from. Nothing here
substitutes a character (see `extract.pdf`'s audit rule).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from typing import Any, Sequence

from extract.pdf_settings import PdfSettings

# "Sarabun-Bold", "THSarabunNew,Bold", "ABCDEE+Garuda-Bold", "NotoSansThai-Black"
BOLD_FONT_RX = re.compile(r"bold|black|heavy", re.I)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One base character with the marks drawn on it, in the PDF's stream order."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    word: int = 0  # glyphs drawn one after another with no gap share a word number
    bold: bool = False  # set in a bold font (its font name says so)

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


@lru_cache(maxsize=256)  # a page draws in a few fonts
def _bold_font(fontname: str) -> bool:
    return bool(BOLD_FONT_RX.search(fontname))


@lru_cache(maxsize=4096)  # a pure function of a glyph's text, asked for every glyph
def _is_mark(text: str) -> bool:
    if not text:
        return True  # a glyph with no text reads as nothing; it never breaks a cluster
    ch = text[0]
    cp = ord(ch)
    shifted_mark = (0xF701 <= cp <= 0xF71A and cp != 0xF70F) or (0xF884 <= cp <= 0xF89D and cp != 0xF89A)
    return unicodedata.category(ch).startswith("M") or shifted_mark


def chars_to_glyphs(chars: Sequence[dict[str, Any]]) -> list[Glyph]:
    """Group pdfplumber chars into base glyphs with their marks, keeping stream order.

    A mark belongs to the base it overlaps horizontally: the preceding base in the
    stream (logical-order writers), else the following one (visual-order writers that
    draw a mark before its consonant).
    """
    glyphs: list[dict[str, Any]] = []
    pending: list[str] = []  # marks drawn before any overlapping base
    for i, ch in enumerate(chars):
        text = ch["text"]
        if _drawn_as_nothing(chars, i):
            # ToUnicode says space, but the glyph has no advance and the next one starts
            # where it stands: a mark the writer's map calls a space (the nikhahit of a
            # split sara am, ค าน า). Read as U+200B after its base, so the gap is not a
            # word space and `normalize.thai_unicode` can repair (and log) it.
            if glyphs:
                glyphs[-1]["text"] += ZERO_ADVANCE_SPACE
            continue
        if _is_mark(text):
            prev = glyphs[-1] if glyphs else None
            if prev is not None and _overlaps_x(ch, prev) and abs(ch["top"] - prev["top"]) < ch["size"]:
                prev["text"] += text
            else:
                pending.append(text)
            continue
        glyphs.append({"text": text, "x0": ch["x0"], "x1": ch["x1"], "top": ch["top"],
                       "bottom": ch["bottom"], "size": ch["size"],
                       "bold": _bold_font(str(ch.get("fontname", "")))})
        if pending:
            glyphs[-1]["text"] = text + "".join(pending)
            pending = []
    if pending and glyphs:  # marks after the last base that overlap nothing: keep them
        glyphs[-1]["text"] += "".join(pending)
    word = 0
    for prev, g in zip([None] + glyphs, glyphs):
        if prev is None or not _same_word(prev, g):
            word += 1
        g["word"] = word
    return [Glyph(**g) for g in glyphs]


ZERO_ADVANCE_SPACE = "\u200b"
ZERO_ADVANCE_EM = 0.02  # a "space" glyph narrower than this (font sizes) draws nothing
ZERO_ADVANCE_NEXT_EM = 0.1  # ...when the next glyph follows closer than a word space (justified
# lines add about 0.06 em of letter spacing after it)


def _drawn_as_nothing(chars: Sequence[dict[str, Any]], i: int) -> bool:
    ch = chars[i]
    if ch["text"] != " " or ch["x1"] - ch["x0"] > ZERO_ADVANCE_EM * ch["size"] or i + 1 >= len(chars):
        return False
    nxt = chars[i + 1]
    return (not nxt["text"].isspace() and abs(nxt["top"] - ch["top"]) < 0.3 * ch["size"]
            and abs(nxt["x0"] - ch["x1"]) <= ZERO_ADVANCE_NEXT_EM * ch["size"])


def _same_word(prev: dict[str, Any], g: dict[str, Any]) -> bool:
    """Drawn right after the previous glyph, on its line, with no gap: one word."""
    if prev["text"].isspace() or g["text"].isspace():
        return False
    gap = g["x0"] - prev["x1"]
    return abs(g["top"] - prev["top"]) < 0.3 * g["size"] and -0.1 * g["size"] <= gap <= 0.05 * g["size"]


def _overlaps_x(mark: dict[str, Any], base: dict[str, Any]) -> bool:
    tol = 0.35 * base["size"]
    return base["x0"] - tol <= mark["x0"] <= base["x1"] + tol


# ---------------------------------------------------------------- glyphs → lines


def glyphs_to_lines(glyphs: Sequence[Glyph], settings: PdfSettings) -> list[list[Glyph]]:
    """Visual lines, top to bottom, each sorted left to right (spaces kept as glyphs)."""
    lines: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        for line in reversed(lines[-3:]):
            ref = line[0]
            overlap = min(ref.bottom, g.bottom) - max(ref.top, g.top)
            if overlap >= settings.line_overlap * min(ref.bottom - ref.top, g.bottom - g.top):
                line.append(g)
                break
        else:
            lines.append([g])
    for line in lines:
        line.sort(key=lambda g: g.x0)
    lines.sort(key=lambda line: min(g.top for g in line))
    return lines


def line_text(line: Sequence[Glyph], settings: PdfSettings) -> str:
    """The line's text; one space where the PDF drew a space or left a space-wide gap.

    A writer that draws its spaces as glyphs also spreads letters apart when it
    justifies Thai (Word's distributed alignment); on such a line only a tab-wide gap
    counts as a space, so letter spacing never splits a word."""
    out: list[str] = []
    right: float | None = None
    want_space = False
    gap_em = settings.column_gap_em if any(g.is_space for g in line) else settings.space_gap_em
    for g in line:
        if g.is_space:
            want_space = True
            continue
        if right is not None and (want_space or g.x0 - right > gap_em * g.size):
            out.append(" ")
        out.append(g.text)
        right = g.x1 if right is None else max(right, g.x1)
        want_space = False
    return "".join(out).strip()


def _segments(line: Sequence[Glyph], gap_em: float) -> list[list[Glyph]]:
    """Pieces of a line split at gaps wider than `gap_em` font sizes."""
    parts: list[list[Glyph]] = []
    right: float | None = None
    for g in line:
        if g.is_space:
            continue
        if right is None or g.x0 - right > gap_em * g.size:
            parts.append([])
        parts[-1].append(g)
        right = g.x1 if right is None else max(right, g.x1)
    return parts
