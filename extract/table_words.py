"""Words with boxes, the rules of a page, and a table's columns: what the structure engine
(`extract.structure`, `extract.table_header`) reads and carries between pages."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any, Sequence

from extract.list_items import BULLET_MARKER_RX, MEASURE_TITLE_RX, NUMBER_MARKER_RX

CUT_LABEL_GAP_EM = 0.2  # header words this close are one label the reader cut
BOLD_SHARE = 0.75  # a line with this share of its letters bold is set bold
TABLE_BREAK_EM = 3.0  # a vertical gap this wide ends the table
# (a signer's name in parentheses, "(นายประเสริฐ มั่นคง)", ends a table too: not "(นายกเทศมนตรี)")
TABLE_END_RX = re.compile(r"^\s*(?:หมายเหตุ|\(?ลงชื่อ|ลงชื่อ|ผู้รายงาน|ผู้จัดทำ|ผู้ตรวจสอบ|ผู้อนุมัติ|ผู้เสนอ"
                          r"|\((?:นางสาว|นาง|นาย(?!ก(?:\s|เทศ|องค์|อบ))|ว่าที่\S*)\S+\s+\S+\)\s*$)")
RULED_ACROSS_SHARE = 0.9  # a rule under this much of a header line is the table's top, not a group label's
SHORT_NUMBER = re.compile(r"^\s*[0-9๐-๙]{1,2}\s*\.?\s*$")


@dataclass(frozen=True, slots=True)
class Word:
    """A run of text with its box, in page points (top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    ref: Any = None  # what the caller needs to rebuild the text (a text layer's glyphs)
    pieces: tuple[tuple[str, float, float], ...] = ()  # its characters with their x-extents, if known
    starts: tuple[float, ...] = ()  # where a run the writer drew apart starts inside the word, if known

    def split(self, cuts: Sequence[float]) -> list["Word"]:
        """The word cut at the x positions `cuts`, by its characters' middles (no pieces
        known: the word whole)."""
        if not self.pieces:
            return [self]
        parts: list[list[tuple[str, float, float]]] = [[] for _ in range(len(cuts) + 1)]
        for piece in self.pieces:
            middle = (piece[1] + piece[2]) / 2
            parts[sum(1 for x in cuts if x < middle)].append(piece)
        bounds = [self.x0 - 1.0] + list(cuts) + [self.x1 + 1.0]
        out = []
        for k, part in enumerate(parts):
            if part:  # kept on its side of the cut (a mark or kerning may reach over)
                x0 = max(min(p[1] for p in part), bounds[k] + 0.5)
                x1 = min(max(p[2] for p in part), bounds[k + 1] - 0.5)
                out.append(Word("".join(t for t, _, _ in part), x0, max(x0, x1), self.top, self.bottom,
                                self.size, self.bold, self.ref, tuple(part)))
        return out


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a table's columns are, and what their header said: carried to the next page."""

    bounds: tuple[float, ...]  # n + 1 edges, left to right
    labels: tuple[str, ...]
    text_left: tuple[float, ...]  # where each column's text starts (its left padding)
    evidence: int = 0  # body lines the edges were placed from


@dataclass
class FoundRow:
    kind: str  # "header", "title" or "body"
    cells: dict[int, list[list[Word]]] = field(default_factory=dict)  # col → its lines' words
    spans: dict[int, int] = field(default_factory=dict)  # col → columns spanned


@dataclass
class FoundTable:
    columns: Columns
    rows: list[FoundRow]
    used: list[int]  # indices of the lines the table took
    top: float
    bottom: float
    mode: str  # how rows were separated: "rules", "gaps" or "text" ("header": no rows)


@dataclass(frozen=True, slots=True)
class Rules:
    horizontal: tuple[tuple[float, float, float], ...] = ()  # (y, x0, x1)
    vertical: tuple[tuple[float, float, float], ...] = ()  # (x, top, bottom)
    implied: tuple[tuple[float, float, float], ...] = ()  # those of `vertical` no ink draws (row rules' joints)


def top_of(line: Sequence[Word]) -> float:
    return min(w.top for w in line)


def bottom_of(line: Sequence[Word]) -> float:
    return max(w.bottom for w in line)


def size_of(lines: Sequence[Sequence[Word]]) -> float:
    sizes = [w.size for line in lines for w in line]
    return statistics.median(sizes) if sizes else 12.0


def runs_of(line: Sequence[Word], gap: float) -> list[list[Word]]:
    """The line's words merged where they are closer than `gap` points."""
    out: list[list[Word]] = []
    for w in sorted(line, key=lambda w: w.x0):
        if out and w.x0 - max(v.x1 for v in out[-1]) < gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def text_of(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: w.x0))


def opens(words: Sequence[Word]) -> bool:
    text = text_of(words)
    return bool(NUMBER_MARKER_RX.match(text) or BULLET_MARKER_RX.match(text) or MEASURE_TITLE_RX.match(text))


def ruled_between(rules: Rules, upper: Sequence[Word], lower: Sequence[Word]) -> bool:
    lo, hi = bottom_of(upper) - 1, top_of(lower) + 1
    x0, x1 = min(w.x0 for w in lower), max(w.x1 for w in lower)
    return any(lo <= y <= hi and a < x1 and x0 < b for y, a, b in rules.horizontal)


def ruled_across(rules: Rules, upper: Sequence[Word], lower: Sequence[Word]) -> bool:
    """A rule between the lines that runs across the lower one's width, pieces joined (the
    table's top, over a page title). A rule under part of it only is a group label's
    ("การดำเนินการตามมาตรการ" over "มาตรการ | ขั้นตอน"), with the rest of the header row
    (a label set on both rows, "ระยะ" over "เวลาการ") running on above it."""
    lo, hi = bottom_of(upper) - 1, top_of(lower) + 1
    x0, x1 = min(w.x0 for w in lower), max(w.x1 for w in lower)
    covered, end = 0.0, x0
    for _y, a, b in sorted((r for r in rules.horizontal if lo <= r[0] <= hi), key=lambda r: r[1]):
        a, b = max(a, end), min(b, x1)
        if b > a:
            covered += b - a
            end = b
    return covered >= RULED_ACROSS_SHARE * (x1 - x0)


def ruled_through(line: Sequence[Word], rules: Rules) -> list[float]:
    """The x of the vertical rules that run through the whole height of the line."""
    top, bottom = top_of(line), bottom_of(line)
    return sorted(x for x, t, b in joined_verticals(rules) if t <= top + 1 and b >= bottom - 1)


def joined_verticals(rules: Rules) -> list[tuple[float, float, float]]:
    """The vertical rules with collinear pieces joined (each cell row draws its own sides)."""
    joined: list[list[float]] = []
    for x, t, b in sorted(rules.vertical, key=lambda r: (round(r[0]), r[1])):
        if joined and abs(joined[-1][0] - x) <= 1 and t <= joined[-1][2] + 2:
            joined[-1][2] = max(joined[-1][2], b)
        else:
            joined.append([x, t, b])
    return [(x, t, b) for x, t, b in joined]


def set_bold(line: Sequence[Word]) -> bool:
    """Whether the line is set bold: BOLD_SHARE of its letters at least. A text layer
    names each run's weight; OCR weighs each word's strokes, and a word read narrow or
    smudged ("ะยะเวลา" among bold labels) must not make a bold header line plain."""
    letters = sum(len(w.text) for w in line)
    return bool(letters) and sum(len(w.text) for w in line if w.bold) >= BOLD_SHARE * letters


def joined_close(line: Sequence[Word]) -> list[Word]:
    """The line's words with those that nearly touch joined: one label that OCR cut in two
    at a gap narrower than a word space ("ผู้รับ" + "ผิดชอบ/")."""
    out: list[Word] = []
    for w in sorted(line, key=lambda w: w.x0):
        if out and w.x0 - out[-1].x1 <= CUT_LABEL_GAP_EM * w.size:
            v = out[-1]
            out[-1] = Word(v.text + w.text, v.x0, max(v.x1, w.x1), min(v.top, w.top), max(v.bottom, w.bottom),
                           v.size, v.bold and w.bold)
        else:
            out.append(w)
    return out


def rule_joints(rules: Rules) -> dict[float, list[float]]:
    """{y of a horizontal rule: the x where two of its pieces meet}. A writer that draws
    each cell's top and bottom draws a row's rule in pieces that meet at the column
    edges, vertical rules or not (a frame with a header line, rules between rows)."""
    rows: dict[float, list[tuple[float, float]]] = {}
    for y, x0, x1 in rules.horizontal:
        key = next((k for k in rows if abs(k - y) <= 0.5), y)
        rows.setdefault(key, []).append((x0, x1))
    out: dict[float, list[float]] = {}
    for y, pieces in rows.items():
        pieces.sort()
        meet = [(a[1] + b[0]) / 2 for a, b in zip(pieces, pieces[1:]) if abs(b[0] - a[1]) <= 1.5]
        if meet:
            out[y] = meet
    return out
