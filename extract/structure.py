"""One structure engine for ITA tables, whatever their ruling.

It reads words with boxes (a text layer's glyph runs or OCR's words) and the rules drawn
on the page, and returns the table's rows and cells:

- **Header and columns.** The header is the band of lines whose words, stacked by their
  x-extent, read as the contract's column labels (a two-row header's group label, which
  covers several stacks, names none of them). Each stack is a column; the edge between
  two stacks is the vertical rule between them, else the emptiest x-band of the body's
  words between them. A page without a header takes the columns of the page before.
- **Rows.** Horizontal rules across the table separate rows where they are drawn. Where
  they are not, cell padding does when the line gaps show it (two gap sizes); where
  neither does (a Word table with no margins), the text does: a number in the index
  column, a title line, or a line where the guideline column opens an item and every other
  filled column opens one too or starts afresh.
- **Title rows** are found by content and style: a line that runs across columns from the
  first column's left edge, bold or numbered, or a bold line alone in the guideline column.

The engine knows nothing of PDFs or pixels: `extract.pdf` feeds it glyph runs, and the
cells it returns carry those runs back. Tables it is unsure of (no header on the page and
no columns carried over) are not made up: it returns None.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any, Sequence

from extract.measures import (BULLET_MARKER_RX, HEADER_LABELS, HEADER_LOOSE_SCORE, HEADER_MIN_SCORE, MEASURE_TITLE_RX,
                              NUMBER_MARKER_RX, _label_key, header_field, header_fields)
from rapidfuzz import fuzz

MAX_HEADER_LINES = 7  # a header wraps over at most this many lines
HEADER_GAP_EM = 1.2  # lines of one header are at most this far apart
TABLE_BREAK_EM = 3.0  # a vertical gap this wide ends the table
LABEL_MERGE_EM = 0.05  # header words this close are one label; wider gaps are judged by the body below
CROSS_TOLERANCE_EM = 0.5  # a run may overhang its column edge this much
TITLE_INDENT_EM = 1.5  # a title row starts this close to its column's text edge
GAP_SHARE = 0.3  # an x-band the body covers this little, against the columns beside it, is a gap
RULE_SPAN = 0.5  # a horizontal rule across this share of the table separates rows
FURNITURE_RX = re.compile(r"^\s*(?:หน\S{0,2}า\s*[-–]?\s*[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?|[-–]\s*[0-9๐-๙]+\s*[-–]"
                          r"|[0-9๐-๙]+\s*/\s*[0-9๐-๙]+|[0-9๐-๙]{1,3})\s*$")
TABLE_END_RX = re.compile(r"^\s*(?:หมายเหตุ|\(?ลงชื่อ|ลงชื่อ|ผู้รายงาน|ผู้จัดทำ|ผู้ตรวจสอบ|ผู้อนุมัติ|ผู้เสนอ)")
_SHORT_NUMBER = re.compile(r"^\s*[0-9๐-๙]{1,2}\s*\.?\s*$")


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


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a table's columns are, and what their header said: carried to the next page."""

    bounds: tuple[float, ...]  # n + 1 edges, left to right
    labels: tuple[str, ...]
    text_left: tuple[float, ...]  # where each column's text starts (its left padding)


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
    mode: str  # how rows were separated: "rules", "gaps" or "text"


@dataclass(frozen=True, slots=True)
class Rules:
    horizontal: tuple[tuple[float, float, float], ...] = ()  # (y, x0, x1)
    vertical: tuple[tuple[float, float, float], ...] = ()  # (x, top, bottom)


def _top(line: Sequence[Word]) -> float:
    return min(w.top for w in line)


def _bottom(line: Sequence[Word]) -> float:
    return max(w.bottom for w in line)


def _size(lines: Sequence[Sequence[Word]]) -> float:
    sizes = [w.size for line in lines for w in line]
    return statistics.median(sizes) if sizes else 12.0


def _runs(line: Sequence[Word], gap: float) -> list[list[Word]]:
    """The line's words merged where they are closer than `gap` points."""
    out: list[list[Word]] = []
    for w in sorted(line, key=lambda w: w.x0):
        if out and w.x0 - max(v.x1 for v in out[-1]) < gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _text(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: w.x0))


def _strict_score(text: str) -> float:
    """How well `text` reads as one whole column label (no prefix credit)."""
    key = _label_key(text)
    if not key:
        return 0.0
    return max(fuzz.ratio(key, _label_key(label)) for labels in HEADER_LABELS.values() for label in labels)


# ---------------------------------------------------------------- header and columns


@dataclass
class _Header:
    first: int
    last: int  # inclusive
    stacks: list[tuple[float, float, list[Word]]]  # (x0, x1, words) left to right


def _merged(words: Sequence[Word], merge: float) -> list[tuple[float, float, list[Word]]]:
    out: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and w.x0 - out[-1][1] < merge:
            x0, x1, ws = out[-1]
            out[-1] = (x0, max(x1, w.x1), ws + [w])
        else:
            out.append((w.x0, w.x1, [w]))
    return out


def _coverage(lines: Sequence[Sequence[Word]], wide: float) -> tuple[dict[int, int], int]:
    """How many lines cover each x (points), counting no run wider than `wide` (a title
    across the table covers every column edge), and how many lines may cover an edge."""
    cover: dict[int, int] = {}
    counted = 0
    for line in lines:
        runs = [r for r in _runs(line, 0.6 * _size([line])) if max(w.x1 for w in r) - r[0].x0 <= wide]
        if not runs:
            continue
        counted += 1
        for run in runs:
            for w in run:
                for x in range(int(w.x0), int(w.x1) + 1):
                    cover[x] = cover.get(x, 0) + 1
    return cover, max(1, counted // 10)


def _stacks(band: Sequence[Sequence[Word]], below: Sequence[Sequence[Word]],
            verticals: Sequence[float]) -> list[tuple[float, float, list[Word]]]:
    """Header words stacked into columns. Two neighbouring stacks are one column unless a
    vertical rule or an empty band of the body below runs between them; a word over two
    columns of the other header lines is a group label and names none."""
    size = _size(band)
    width = max(w.x1 for line in band for w in line) - min(w.x0 for line in band for w in line)
    cover, allowed = _coverage(below, 0.4 * width)

    def columns(words: Sequence[Word]) -> list[tuple[float, float, list[Word]]]:
        out: list[tuple[float, float, list[Word]]] = []
        for x0, x1, ws in _merged(words, LABEL_MERGE_EM * size):
            if out:
                lo, hi = int(out[-1][1]), int(x0)
                ruled = any(out[-1][1] - 1 <= v <= x0 + 1 for v in verticals)
                inner = sorted(cover.get(x, 0) for x in range(int(out[-1][0]), int(x1) + 1))
                typical = inner[3 * len(inner) // 4] if inner else 0
                least = min((cover.get(x, 0) for x in range(lo, hi + 1)), default=0)
                gap = ruled or not below or least <= max(allowed, GAP_SHARE * typical)
                if not gap:
                    p0, p1, pws = out[-1]
                    out[-1] = (p0, max(p1, x1), pws + ws)
                    continue
            out.append((x0, x1, ws))
        return out

    keep: list[Word] = []
    for i, line in enumerate(band):
        others = columns([w for j, other in enumerate(band) if j != i for w in other])
        for w in line:
            if sum(1 for x0, x1, _ in others if x0 < w.x1 - 1 and w.x0 + 1 < x1) < 2:
                keep.append(w)
    return columns(keep)


def _stack_text(words: Sequence[Word]) -> str:
    rows: dict[float, list[Word]] = {}
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        key = next((k for k in rows if abs(k - w.top) < 0.5 * w.size), w.top)
        rows.setdefault(key, []).append(w)
    return "".join(_text(ws) for _, ws in sorted(rows.items()))


def _header_like(line: Sequence[Word], bold: bool) -> bool:
    """A line that can belong to a header: no item opens in it, and it is set like the
    header's seed line (bold), or its words read as (parts of) labels."""
    if any(_opens([w]) or _SHORT_NUMBER.match(w.text) for w in line):
        return False
    if bold:
        return all(w.bold for w in line)
    return min(header_field(w.text)[1] for w in line) >= 50


def _header_above(line: Sequence[Word], seed: Sequence[Word], bold: bool) -> bool:
    """A line above the seed line that belongs to the header: each word a label (or a
    group label over several of the seed's labels), one at least over a single label. A
    page title over the header reads in part like a label, but runs across the labels."""
    if not _header_like(line, bold):
        return False
    single = 0
    for w in line:
        over = sum(1 for v in seed if v.x0 < w.x1 and w.x0 < v.x1)
        if over <= 1:
            if header_field(w.text)[1] < HEADER_LOOSE_SCORE:
                return False
            single += 1
    return single >= 1


def _header_below(line: Sequence[Word], seed: Sequence[Word], bold: bool) -> bool:
    """A line below the seed line that belongs to the header: header-like, and no word of
    it runs across two of the seed's labels (a title row does)."""
    return _header_like(line, bold) and all(
        sum(1 for v in seed if v.x0 < w.x1 and w.x0 < v.x1) <= 1 for w in line)


def _ruled_between(rules: Rules, upper: Sequence[Word], lower: Sequence[Word]) -> bool:
    lo, hi = _bottom(upper) - 1, _top(lower) + 1
    x0, x1 = min(w.x0 for w in lower), max(w.x1 for w in lower)
    return any(lo <= y <= hi and a < x1 and x0 < b for y, a, b in rules.horizontal)


def find_header(lines: Sequence[Sequence[Word]], rules: Rules = Rules()) -> _Header | None:
    """The first band of lines that reads as an ITA table header, or None."""
    for i, line in enumerate(lines):
        if sum(header_field(w.text)[1] >= HEADER_MIN_SCORE for w in line) < 2:
            continue  # a seed holds two labels at least (a page title may read as one)
        size = _size([line])
        bold = all(w.bold for w in line)
        first = last = i
        while first > 0 and _top(lines[first]) - _bottom(lines[first - 1]) <= HEADER_GAP_EM * size \
                and i - first < MAX_HEADER_LINES and _header_above(lines[first - 1], line, bold) \
                and not _ruled_between(rules, lines[first - 1], lines[first]):
            first -= 1
        while last + 1 < len(lines) and _top(lines[last + 1]) - _bottom(lines[last]) <= HEADER_GAP_EM * size \
                and last - first < MAX_HEADER_LINES and _header_below(lines[last + 1], line, bold) \
                and not _ruled_between(rules, lines[last], lines[last + 1]):
            last += 1
        below = []
        for line in lines[last + 1:]:
            if below and _top(line) - _bottom(below[-1]) > TABLE_BREAK_EM * size:
                break
            below.append(line)
        stacks = _stacks(lines[first:last + 1], below, [x for x, _, _ in rules.vertical])
        if header_fields([_stack_text(ws) for _, _, ws in stacks]) is not None:
            return _Header(first, last, stacks)
    return None


def _emptiest(words: Sequence[Word], lo: float, hi: float) -> float:
    """The middle of the least covered x-band in (lo, hi) by `words`."""
    if hi - lo < 2:
        return (lo + hi) / 2
    n = int(hi - lo) + 1
    cover = [0] * n
    for w in words:
        a, b = max(0, int(w.x0 - lo)), min(n, int(w.x1 - lo) + 1)
        for x in range(a, b):
            cover[x] += 1
    least = min(cover)
    best, run = (0, 0), None
    for x in range(n + 1):
        if x < n and cover[x] == least:
            run = x if run is None else run
        elif run is not None:
            best = max(best, (x - run, run))
            run = None
    return lo + best[1] + best[0] / 2


def columns_from_header(header: _Header, body: Sequence[Sequence[Word]], rules: Rules,
                        top: float, bottom: float) -> Columns:
    stacks = header.stacks
    body_words = [w for line in body for w in line]
    size = _size(body) if body else 12.0
    verticals = [x for x, t, b in rules.vertical if t <= bottom and b >= top]
    edges: list[float] = []
    for (a0, a1, _), (b0, b1, _) in zip(stacks, stacks[1:]):
        lo, hi = a1, b0
        inside = [x for x in verticals if lo - 1 <= x <= hi + 1]
        if inside:
            edges.append(min(inside, key=lambda x: abs(x - (lo + hi) / 2)))
        elif hi > lo:
            edges.append(_emptiest(body_words, lo, hi))
        else:
            edges.append((a1 + b0) / 2)
    left = min([stacks[0][0]] + [w.x0 for w in body_words]) - 1
    right = max([stacks[-1][1]] + [w.x1 for w in body_words]) + 1
    outer = [x for x in verticals if x < stacks[0][0]]
    if outer:
        left = max(outer)
    outer = [x for x in verticals if x > stacks[-1][1]]
    if outer:
        right = min(outer)
    labels = [_stack_text(ws) for _, _, ws in stacks]
    bounds = [left] + edges + [right]
    # an unlabelled index column: short numbers left of the first label's column text
    first_text = [w.x0 for w in body_words if bounds[0] <= (w.x0 + w.x1) / 2 < bounds[1]]
    numbers = [w for w in body_words if _SHORT_NUMBER.match(w.text) and w.x1 < stacks[0][0] - size
               and (w.x0 + w.x1) / 2 < bounds[1]]
    if numbers and first_text:
        cut = max(w.x1 for w in numbers) + 0.3 * size
        rest = [x for x in first_text if x >= cut]
        if rest and all(not (w.x0 < cut < w.x1) for w in body_words):
            bounds = [bounds[0], cut] + bounds[1:]
            labels = [""] + labels
    text_left = []
    for c in range(len(bounds) - 1):
        xs = [w.x0 for w in body_words if bounds[c] <= w.x0 < bounds[c + 1]]
        text_left.append(min(xs) if xs else bounds[c])
    return Columns(tuple(bounds), tuple(labels), tuple(text_left))


# ---------------------------------------------------------------- lines against columns


def _column(columns: Columns, x: float) -> int:
    b = columns.bounds
    return next((c for c in range(len(b) - 1) if x < b[c + 1]), len(b) - 2)


def _by_column(line: Sequence[Word], columns: Columns) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for w in line:
        out.setdefault(_column(columns, (w.x0 + w.x1) / 2), []).append(w)
    return out


def _crossing(line: Sequence[Word], columns: Columns, size: float) -> list[list[Word]]:
    """Runs of the line that cross a column edge by more than the tolerance."""
    tol = CROSS_TOLERANCE_EM * size
    inner = columns.bounds[1:-1]
    # a word (no space in it) over an edge: text set across columns; a run of words
    # across an edge with a gap at the edge is two cells set close
    return [run for run in _runs(line, 0.6 * size)
            if any(w.x0 < b - tol and w.x1 > b + tol for w in run for b in inner)]


def _fits(line: Sequence[Word], columns: Columns, size: float) -> bool:
    b = columns.bounds
    inside = all(b[0] - size <= w.x0 and w.x1 <= b[-1] + size for w in line)
    return inside and not _crossing(line, columns, size)


@dataclass
class _Roles:
    index: int | None  # the index column ("ที่", or unlabelled numbers)
    key: int  # the guideline/title column


def _roles(columns: Columns) -> _Roles:
    fields = header_fields(list(columns.labels)) or {}
    index = next((c for c, f in fields.items() if f == "no"), None)
    if index is None and columns.labels and not columns.labels[0].strip():
        index = 0
    key = next((c for c, f in fields.items() if f == "guidelines"), None)
    if key is None:
        key = next((c for c in range(len(columns.labels)) if c != index), 0)
    return _Roles(index, key)


def _opens(words: Sequence[Word]) -> bool:
    text = _text(words)
    return bool(NUMBER_MARKER_RX.match(text) or BULLET_MARKER_RX.match(text) or MEASURE_TITLE_RX.match(text))


def _is_title(line: Sequence[Word], columns: Columns, roles: _Roles, size: float,
              body_bold: bool) -> bool:
    """A measure title line: across columns from the first column's text edge, bold or
    numbered; or bold, alone in the guideline column of a table whose body is not bold."""
    first_col = roles.index if roles.index is not None else roles.key
    starts = [columns.text_left[first_col], columns.text_left[roles.key]]
    crossing = _crossing(line, columns, size)
    cols = _by_column(line, columns)
    if crossing:
        run = crossing[0]
        near = any(abs(run[0].x0 - x) <= TITLE_INDENT_EM * size for x in starts)
        bold = all(w.bold for w in run)
        numbered = bool(MEASURE_TITLE_RX.match(_text(run)) or NUMBER_MARKER_RX.match(_text(run)))
        index_number = roles.index is not None and any(
            _SHORT_NUMBER.match(w.text) for w in cols.get(roles.index, []))
        return near and (bold or numbered or index_number) and not TABLE_END_RX.match(_text(run))
    filled = [c for c in cols if c != roles.index]
    return (filled == [roles.key] and not body_bold and all(w.bold for w in cols[roles.key])
            and abs(min(w.x0 for w in cols[roles.key]) - columns.text_left[roles.key]) <= TITLE_INDENT_EM * size)


# ---------------------------------------------------------------- rows


def _row_breaks(body: Sequence[Sequence[Word]], columns: Columns, roles: _Roles, rules: Rules,
                size: float, titles: Sequence[bool], row_gap_em: float) -> tuple[list[bool], str]:
    """breaks[k]: a new row starts at body line k (k ≥ 1)."""
    n = len(body)
    width = columns.bounds[-1] - columns.bounds[0]
    spans = [(y, x0, x1) for y, x0, x1 in rules.horizontal
             if min(x1, columns.bounds[-1]) - max(x0, columns.bounds[0]) >= RULE_SPAN * width]
    by_rule = [False] * n
    for k in range(1, n):
        lo, hi = _bottom(body[k - 1]) - 0.3 * size, _top(body[k]) + 0.3 * size
        by_rule[k] = any(lo <= y <= hi for y, _, _ in spans)
    gaps = [_top(body[k]) - _bottom(body[k - 1]) for k in range(1, n)]
    positive = sorted(g for g in gaps if g >= 0)
    tightest = positive[len(positive) // 10] if positive else 0.0
    by_gap = [False] + [g - tightest > row_gap_em * size for g in gaps]
    cols = [_by_column(line, columns) for line in body]
    breaks = [False] * n
    for k in range(1, n):
        index_number = roles.index is not None and any(
            _SHORT_NUMBER.match(w.text) for w in cols[k].get(roles.index, []))
        title = titles[k] and not (titles[k - 1] and not _opens(body[k]))
        breaks[k] = index_number or title or (titles[k - 1] and not titles[k])
    if sum(by_rule) >= 1:
        mode = "rules"
        return [b or r for b, r in zip(breaks, by_rule)], mode
    if sum(by_gap) >= max(1, n // 12):
        return [b or g for b, g in zip(breaks, by_gap)], "gaps"
    for k in range(1, n):
        key = cols[k].get(roles.key)
        if breaks[k] or not key or not _opens(key):
            continue
        others = [c for c in cols[k] if c not in (roles.key, roles.index)]
        breaks[k] = all(_opens(cols[k][c]) or c not in cols[k - 1] for c in others)
    return breaks, "text"


def _rows(body: Sequence[Sequence[Word]], breaks: Sequence[bool], titles: Sequence[bool],
          columns: Columns, roles: _Roles, size: float) -> list[FoundRow]:
    rows: list[FoundRow] = []
    for k, line in enumerate(body):
        kind = "title" if titles[k] else "body"
        if k == 0 or breaks[k] or not rows:
            rows.append(FoundRow(kind))
        row = rows[-1]
        if titles[k]:
            row.kind = "title"
            for run in _runs(line, 0.6 * size):
                c0 = _column(columns, run[0].x0 + 0.01)
                c1 = _column(columns, max(w.x1 for w in run) - CROSS_TOLERANCE_EM * size)
                c0 = min(c0, c1) if c0 != roles.index else c0
                if c0 != roles.index and c0 < roles.key:
                    c0 = roles.key
                span = max(1, c1 - c0 + 1) if c0 != roles.index else 1
                row.cells.setdefault(c0, []).append(run)
                row.spans[c0] = max(row.spans.get(c0, 1), span if c0 == roles.key or span > 1 else 1)
            continue
        for c, words in _by_column(line, columns).items():
            row.cells.setdefault(c, []).append(words)
    for row in rows:
        if row.kind == "title" and list(row.cells) in ([roles.key], [roles.index, roles.key]):
            row.spans[roles.key] = len(columns.bounds) - 1 - roles.key
    return rows


def _resumes(lines: Sequence[Sequence[Word]], k: int, columns: Columns, size: float) -> bool:
    """Whether the table goes on after line k: one of the next two lines, close below,
    keeps to the columns."""
    for j in range(k + 1, min(len(lines), k + 3)):
        if _top(lines[j]) - _bottom(lines[j - 1]) > TABLE_BREAK_EM * size or TABLE_END_RX.match(_text(lines[j])):
            return False
        if _fits(lines[j], columns, size):
            return True
    return False


def _carried_start(lines: Sequence[Sequence[Word]], columns: Columns, roles: _Roles,
                   size: float) -> int | None:
    """Where a table continues on a page without a header: the first of three lines in a
    row that keep to the columns (a running title's wrapped word may fit alone), with the
    title lines just above it."""
    ok = [_fits(line, columns, size) for line in lines]
    for k in range(len(lines)):
        if all(ok[k:k + 3]) and len(ok[k:k + 3]) == 3 or (ok[k] and k == len(lines) - 1):
            while k > 0 and _is_title(lines[k - 1], columns, roles, size, body_bold=False) \
                    and _top(lines[k]) - _bottom(lines[k - 1]) <= TABLE_BREAK_EM * size:
                k -= 1
            return k
    return None


def _line_of(lines: Sequence[Sequence[Word]], word: Word) -> Sequence[Word]:
    return next(line for line in lines if any(w is word for w in line))


def find_table(lines: Sequence[Sequence[Word]], rules: Rules, carried: Columns | None = None,
               row_gap_em: float = 0.3) -> FoundTable | None:
    """The ITA table on a page of lines (each a list of words, top to bottom)."""
    kept = [i for i, line in enumerate(lines) if line and not FURNITURE_RX.match(_text(line))]
    lines = [lines[i] for i in kept]
    if not lines:
        return None
    header = find_header(lines, rules)
    size = _size(lines)
    if header is not None:
        start = header.last + 1
        top = _top(lines[header.first])
        # the body for placing column edges: the lines below until a wide gap
        end = start
        while end < len(lines) and (end == start or _top(lines[end]) - _bottom(lines[end - 1])
                                    <= TABLE_BREAK_EM * size):
            end += 1
        columns = columns_from_header(header, lines[start:end], rules, top, _bottom(lines[end - 1]))
    elif carried is not None:
        columns, start, top = carried, 0, None
    else:
        return None
    roles = _roles(columns)
    if header is None:
        start = _carried_start(lines, columns, roles, size)
        if start is None:
            return None
    body_idx: list[int] = []
    for k in range(start, len(lines)):
        line = lines[k]
        if body_idx and _top(line) - _bottom(lines[body_idx[-1]]) > TABLE_BREAK_EM * size:
            break
        if TABLE_END_RX.match(_text(line)):
            if body_idx or header is not None:
                break
            continue
        fits = _fits(line, columns, size)
        title = not fits and _is_title(line, columns, roles, size, body_bold=False)
        if fits or title or _resumes(lines, k, columns, size):
            # a word too long for its narrow column overflows into the next: the table
            # goes on when the lines after it keep to the columns again
            body_idx.append(k)
        elif body_idx or header is not None:
            break  # a line across the columns that is no title: the table has ended
    if not body_idx:
        return None
    body = [lines[k] for k in body_idx]
    bold_share = sum(w.bold for line in body for w in line) / max(1, sum(len(line) for line in body))
    titles = [_is_title(line, columns, roles, size, body_bold=bold_share > 0.8) for line in body]
    breaks, mode = _row_breaks(body, columns, roles, rules, size, titles, row_gap_em)
    rows = _rows(body, breaks, titles, columns, roles, size)
    used = body_idx
    if header is not None:
        head = FoundRow("header")
        for x0, x1, stack in header.stacks:
            c = _column(columns, (x0 + x1) / 2)
            by_line: dict[int, list[Word]] = {}
            for w in stack:
                by_line.setdefault(id(_line_of(lines, w)), []).append(w)
            head.cells.setdefault(c, []).extend(sorted(by_line.values(), key=lambda ws: min(w.top for w in ws)))
        rows.insert(0, head)
        used = list(range(header.first, header.last + 1)) + body_idx
    return FoundTable(columns, rows, [kept[k] for k in used], top if top is not None else _top(body[0]),
                      _bottom(body[-1]), mode)
