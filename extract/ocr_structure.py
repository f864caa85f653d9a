"""An OCR'd page's words → `extract.structure` → a table: the same engine as text layers.

A page whose table is not a fully drawn grid (rules between rows only, a frame with a
header line, column rules only, no rules at all) is read once as a page, rules painted
out, with the engine's word boxes (`OcrEngine.read_words`). Its words become `Word`s in
page points, so the structure engine that reads text layers finds the header, the
columns, the rows and the title rows from the same evidence: where the words are, what
they say, how heavy they are, and the rules that are drawn. A cell's text is its words'
text, read in the page's context; numbers are read again by shape.

A page with no header of its own (a table continued from the page before) keeps its
words in `Page.structure`; `carry_columns` reads it with the columns of the page before
once the document's pages are together (pages may be read in separate jobs).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

import cv2
import numpy as np

from extract import grid as grid_stage
from extract import structure, thai_digits
from extract.tesseract import OcrLine
from extract.list_items import MEASURE_TITLE_RX
from extract.table_words import SHORT_NUMBER, Columns, FoundTable, Rules, Word, joined_verticals
from ita_core.model import BBox, Cell, CoordOrigin, Page, Table
from ita_core.thai import THAI_CONSONANTS

POINTS = 72.0
WORD_GAP_EM = 0.5  # a gap this wide inside an engine line parts words even without a space
BOLD_STROKE = 1.15  # a word whose strokes are this much thicker than the page's regular is bold
MIN_STROKE_INK = 0.3  # ink a word needs for its own stroke width to count, in line heights squared
ROW_GAP_EM = 0.3
RULE_SNAP_INCHES = 0.03  # a drawn piece this close across belongs to the merged column rule
RULE_DROPOUT_INCHES = 0.1  # a gap in a drawn rule this short is toner, not a row the rule stops for
JOIN_GAP_EM = 0.3  # two engine lines this close side by side are one line cut in two
RULE_PIECE_MIN_INCHES = 0.25  # a drawn piece shorter than this may be a letter's stroke
DOUBTFUL_LETTERS = 3  # a line this short read with confidence under DOUBTFUL_CONFIDENCE
DOUBTFUL_CONFIDENCE = 0.4  # ...is left out of the page's words (0.19-0.23 on dust; 0.7+ on text)
JUNK_CONFIDENCE = 0.6  # a line read with less, more symbols than letters, is marks read alone
BASE_LETTER_RX = re.compile(f"^[{THAI_CONSONANTS}A-Za-z0-9๐-๙]+$")


@dataclass(frozen=True)
class PageStructure:
    """What the structure engine saw on an OCR'd page, for the document step."""

    lines: tuple[tuple[Word, ...], ...]  # page lines of words, in points
    rules: Rules
    columns: Columns | None  # the columns of the table the page ended in, if any
    scale: float  # pixels per point
    texts: tuple[str, ...]  # the engine lines' texts (outside the table, once one is found)
    confidences: tuple[float, ...]  # every engine line's confidence, by line index (Word.ref)
    # every engine line's (top, bottom) in points as read, marks included: the words stand
    # on the baseline in boxes of one height, a cell is cut out by these
    extents: tuple[tuple[float, float], ...] = ()


def fully_ruled(layout: grid_stage.PageLayout) -> bool:
    """True when every table of the page is a grid of at least three columns most of whose
    column edges are drawn rules: its cells are read as ruled. Column edges found from
    white space (`grid.add_whitespace_columns`) are not drawn."""
    if not layout.grids:
        return False
    for grid in layout.grids:
        inner = grid.xs[1:-1]
        if grid.n_cols < 3:
            return False
        tol = 0.25 * min(b - a for a, b in zip(grid.xs, grid.xs[1:]))
        drawn = sum(1 for x in inner if any(abs(v.pos - x) <= tol and not _synthetic(v)
                                            for v in grid.vertical))
        if drawn < 0.5 * len(inner):
            return False
    return True


def holds_several_measures(table: Table) -> bool:
    """True when one cell of the table's first two columns opens two measures or more
    (two index numbers, two `มาตรการที่ N` lines): column rules drawn in a frame, with no
    rule between the measures, put them all in one tall ruled row."""
    for cell in table.cells:
        if cell.col > 1:
            continue
        lines = [line for line in cell.text.split("\n") if line.strip()]
        if sum(1 for line in lines if SHORT_NUMBER.match(line) or MEASURE_TITLE_RX.match(line)) >= 2:
            return True
    return False


def _synthetic(segment: grid_stage.Segment) -> bool:
    return segment.thickness == grid_stage.WHITESPACE


def rules_of(ruling: grid_stage.RulingLines, scale: float, dpi: float) -> Rules:
    """The drawn rules of the page, in points; a column rule as the stretches it is drawn
    along (a title row it stops for is crossed by no rule), as a text layer draws it."""
    horizontal = tuple((s.pos / scale, s.start / scale, s.end / scale)
                       for s in ruling.horizontal if not _synthetic(s))
    vertical = tuple((s.pos / scale, y0 / scale, y1 / scale)
                     for s in ruling.vertical if not _synthetic(s)
                     for y0, y1 in _drawn(s, ruling, dpi))
    return Rules(horizontal, vertical)


def _runs(line: OcrLine, gap: float) -> list[list[int]]:
    """The line's pieces grouped into words: parted where the line's text has a space or
    the gap between two pieces is wider than `gap` pixels."""
    pieces = line.pieces
    owner: list[int] = []  # the piece each letter of the text belongs to
    for i, piece in enumerate(pieces):
        owner.extend([i] * len(piece[0]))
    spaced_after: set[int] = set()
    letters = 0
    for ch in line.text:
        if ch == " ":
            if letters:
                spaced_after.add(owner[min(letters, len(owner)) - 1])
        else:
            letters += 1
    words: list[list[int]] = []
    for i, piece in enumerate(pieces):
        if not words or (i - 1) in spaced_after or piece[1] - pieces[i - 1][3] > gap:
            words.append([])
        words[-1].append(i)
    return words


def stroke_width(ink: np.ndarray) -> tuple[float, int]:
    """(mean stroke width in pixels, ink pixels) of a binary crop: twice the ink over its
    edge pixels (a stroke of width w has about 2 edge pixels per w of ink)."""
    mask = (ink > 0).astype(np.uint8)
    n = int(mask.sum())
    if n == 0:
        return 0.0, 0
    edge = n - int(cv2.erode(mask, np.ones((3, 3), np.uint8)).sum())
    return (2.0 * n / edge if edge else 0.0), n


def engine_line_height(lines: Sequence[OcrLine]) -> float | None:
    """The median height of the engine's lines of four letters or more (pixels)."""
    heights = [line.bbox.height for line in lines if len(line.pieces) >= 4]
    return statistics.median(heights) if heights else None


def words_of(lines: Sequence[OcrLine], ink: np.ndarray, scale: float,
             rules: Rules = Rules()) -> list[list[Word]]:
    """The engine's lines as page lines of `Word`s in points: lines side by side (one per
    column block) whose heights overlap by half are one page line, as in a text layer. A
    word read across a drawn column rule (text that touches the rule) is cut at it."""
    size = (engine_line_height(lines) or 40.0) / scale
    raw: list[tuple[int, list[int]]] = [(k, run) for k, line in enumerate(lines)
                                        for run in _runs(line, WORD_GAP_EM * size * scale)]
    strokes = []
    for k, run in raw:
        p = [lines[k].pieces[i] for i in run]
        y0, y1 = int(min(q[2] for q in p)), int(max(q[4] for q in p))
        x0, x1 = int(min(q[1] for q in p)), int(max(q[3] for q in p))
        strokes.append(stroke_width(ink[y0:y1, x0:x1]))
    baselines = [_baseline(line) for line in lines]
    enough = MIN_STROKE_INK * (size * scale) ** 2  # ink pixels: about two letters
    weighed: dict[int, list[float]] = {}  # each engine line's words with ink enough to tell
    for (k, _), (width, n) in zip(raw, strokes):
        if n >= enough:
            weighed.setdefault(k, []).append(width)
    counted = [w for w, n in strokes if n >= enough]
    # most of a page is set regular: its thinner strokes are the regular weight
    normal = float(np.percentile(counted, 25)) if counted else 0.0
    words: list[tuple[int, Word]] = []
    for (k, run), (width, n) in zip(raw, strokes):
        p = [lines[k].pieces[i] for i in run]
        if n < enough:  # too little ink to tell ("1."): the weight of its line's other words
            width = statistics.median(weighed[k]) if k in weighed else 0.0
        bold = bool(normal) and width >= BOLD_STROKE * normal
        # boxes of one height on the line's baseline, as a text layer's glyphs have:
        # an engine line's box grows with its marks, and gaps between boxes would not
        # tell cell padding from line spacing
        base = baselines[k] / scale
        words.append((k, Word("".join(q[0] for q in p), min(q[1] for q in p) / scale,
                              max(q[3] for q in p) / scale, base - 0.8 * size, base + 0.2 * size,
                              size, bold, k, tuple((q[0], q[1] / scale, q[3] / scale) for q in p))))
    return _page_lines([part for _, w in words for part in w.split(_rules_across(w, rules))])


def _baseline(line: OcrLine) -> float:
    """Where the line's letters stand: the median bottom of its consonants, Latin letters
    and digits (marks above and below sit off it), else of all its pieces."""
    bases = [q[4] for q in line.pieces if BASE_LETTER_RX.match(q[0])]
    return statistics.median(bases or [q[4] for q in line.pieces] or [line.bbox.y1])


def _rules_across(word: Word, rules: Rules) -> list[float]:
    middle = (word.top + word.bottom) / 2
    return sorted(x for x, top, bottom in rules.vertical
                  if word.x0 < x < word.x1 and top <= middle <= bottom)


def _page_lines(words: Sequence[Word]) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        if out:
            top = min(v.top for v in out[-1])
            bottom = max(v.bottom for v in out[-1])
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                out[-1].append(w)
                continue
        out.append([w])
    return [sorted(_on_one_baseline(_without_overprints(line)), key=lambda w: w.x0) for line in out]


def _on_one_baseline(line: Sequence[Word]) -> list[Word]:
    """The line's words moved onto its median baseline: the column blocks a page line is
    made of are read as separate engine lines whose baselines differ by a few pixels, and
    the gaps between page lines must show the table's spacing, not that jitter."""
    base = statistics.median(w.bottom for w in line)
    return [w if w.bottom == base else replace(w, top=w.top + base - w.bottom, bottom=base)
            for w in line]


def _without_overprints(line: Sequence[Word]) -> list[Word]:
    """The line without words that lie over a longer word of it: print does not overprint,
    so a short reading inside another word's extent is its marks or dust read twice."""
    def inside(w: Word, v: Word) -> bool:
        return min(w.x1, v.x1) - max(w.x0, v.x0) > 0.5 * (w.x1 - w.x0)

    return [w for w in line
            if not any(v is not w and len(v.text) >= 3 * len(w.text) and inside(w, v) for v in line)]


def column_strips(ruling: grid_stage.RulingLines, shape: tuple[int, int], *, dpi: float
                  ) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of the strips between drawn column rules that run down a table
    together (a third of an inch of text or more between them): text does not cross a
    drawn column rule, so each strip is read on its own (a page read whole joins words
    over the rule)."""
    long = sorted((v for v in ruling.vertical if not _synthetic(v) and v.length >= dpi),
                  key=lambda v: v.pos)
    strips = []
    for a, b in zip(long, long[1:]):
        top, bottom = max(a.start, b.start), min(a.end, b.end)
        if b.pos - a.pos >= dpi / 3 and bottom - top >= 0.8 * min(a.length, b.length):
            strips.append((int(a.pos), int(top), int(b.pos), int(bottom)))
    height, width = shape
    return [(max(0, x0), max(0, y0), min(width, x1), min(height, y1)) for x0, y0, x1, y1 in strips]


def _drawn(rule: grid_stage.Segment, ruling: grid_stage.RulingLines, dpi: float
           ) -> list[tuple[float, float]]:
    """The stretches (y0, y1) where a merged column rule is drawn: its pieces, with gaps
    shorter than a toner dropout bridged (a letter's stroke where the rule stops for a
    title row is no piece); a rule with no pieces on record is drawn whole."""
    snap, dropout = dpi * RULE_SNAP_INCHES, dpi * RULE_DROPOUT_INCHES
    pieces = sorted((p.start, p.end) for p in ruling.vertical_pieces
                    if abs(p.pos - rule.pos) <= snap and p.end > rule.start and p.start < rule.end
                    and p.length >= dpi * RULE_PIECE_MIN_INCHES)
    if not pieces:
        return [(rule.start, rule.end)]
    out = [list(pieces[0])]
    for y0, y1 in pieces[1:]:
        if y0 - out[-1][1] <= dropout:
            out[-1][1] = max(out[-1][1], y1)
        else:
            out.append([y0, y1])
    return [(y0, y1) for y0, y1 in out]


def shifted(lines: Sequence[OcrLine], dx: float, dy: float) -> tuple[OcrLine, ...]:
    """The lines moved by (dx, dy) pixels (a strip's lines back into the page)."""
    return _moved(lines, lambda x: x + dx, lambda y: y + dy)


def scaled(lines: Sequence[OcrLine], factor: float) -> tuple[OcrLine, ...]:
    """The lines with their boxes and pieces scaled by `factor` (back to the page's pixels)."""
    if factor == 1:
        return tuple(lines)
    return _moved(lines, lambda x: x * factor, lambda y: y * factor)


def _moved(lines: Sequence[OcrLine], fx, fy) -> tuple[OcrLine, ...]:
    out = []
    for line in lines:
        b = line.bbox
        out.append(replace(line, bbox=BBox(fx(b.x0), fy(b.y0), fx(b.x1), fy(b.y1), "px",
                                           CoordOrigin.TOPLEFT),
                           pieces=tuple((t, fx(x0), fy(y0), fx(x1), fy(y1))
                                        for t, x0, y0, x1, y1 in line.pieces)))
    return tuple(out)


def table_of(found: FoundTable, number: int, scale: float, cells: Sequence[Cell]) -> Table:
    """The engine's table with these cells, in pixels; white space cannot prove a span."""
    b = found.columns.bounds
    return Table(number, len(found.rows), len(b) - 1, tuple(cells),
                 BBox(b[0] * scale, found.top * scale, b[-1] * scale, found.bottom * scale,
                      "px", CoordOrigin.TOPLEFT), spans_known=False)


def _cell_text(cell_lines: Sequence[Sequence[Word]]) -> str:
    return "\n".join(" ".join(w.text for w in sorted(line, key=lambda w: w.x0))
                     for line in cell_lines if line)


def to_table(found: FoundTable, number: int, scale: float,
             confidences: Sequence[float]) -> tuple[Table, list[float]]:
    """The engine's table as a `Table` in pixels, and its cells' confidences."""
    cells, read = [], []
    for r, row in enumerate(found.rows):
        for c, cell_lines in sorted(row.cells.items()):
            words = [w for ws in cell_lines for w in ws]
            if not words:
                continue
            refs = sorted({w.ref for w in words})
            confidence = sum(confidences[k] for k in refs) / len(refs)
            read.append(confidence)
            box = BBox(min(w.x0 for w in words) * scale, min(w.top for w in words) * scale,
                       max(w.x1 for w in words) * scale, max(w.bottom for w in words) * scale,
                       "px", CoordOrigin.TOPLEFT)
            cells.append(Cell(r, c, _cell_text(cell_lines), 1, row.spans.get(c, 1), box,
                              round(confidence, 4), bold=all(w.bold for w in words)))
    return table_of(found, number, scale, cells), read


def cells_of(found: FoundTable, scale: float, ink: np.ndarray,
             extents: Sequence[tuple[float, float]] = ()) -> list[Cell]:
    """The engine's cells as boxes in pixels, to be read one by one: a cell with words is
    the box of its words (padded, kept inside its columns); a cell the page reading left
    empty is its column's band of the row when ink the page reading missed lies there (a
    lone index number at the margin, a dot)."""
    height, width = ink.shape
    rows = found.rows

    def top(w: Word) -> float:
        return extents[w.ref][0] if extents else w.top

    def bottom(w: Word) -> float:
        return extents[w.ref][1] if extents else w.bottom

    line = statistics.median([bottom(w) - top(w) for row in rows for ls in row.cells.values()
                              for ws in ls for w in ws] or [12.0]) * scale
    pad = max(2, int(round(0.25 * line)))
    tops = [min((top(w) for ls in row.cells.values() for ws in ls for w in ws), default=None)
            for row in rows]
    missed = ink.copy()
    for row in rows:
        for ls in row.cells.values():
            for w in (w for ws in ls for w in ws):
                missed[max(0, int(top(w) * scale) - pad):int(bottom(w) * scale) + pad,
                       max(0, int(w.x0 * scale) - pad):int(w.x1 * scale) + pad] = 0
    b = [x * scale for x in found.columns.bounds]
    cells = []
    for r, row in enumerate(rows):
        band_top = tops[r] * scale - pad if tops[r] is not None else None
        below = next((t for t in tops[r + 1:] if t is not None), found.bottom)
        band_bottom = below * scale - pad
        spanned: set[int] = set()
        for c in range(len(b) - 1):
            if c in spanned:
                continue
            span = row.spans.get(c, 1)
            spanned.update(range(c, c + span))
            x0, x1 = max(0.0, b[c]), min(float(width), b[c + span])
            words = [w for ws in row.cells.get(c, ()) for w in ws]
            if words:
                # kept inside its columns, or as far as its own words reach where no
                # other cell's words stand (a title line the engine gave one column)
                left, right = _neighbours(row, c, scale)
                box = BBox(max(min(x0, left), min(w.x0 for w in words) * scale - pad),
                           max(0.0, min(top(w) for w in words) * scale - pad),
                           min(max(x1, right), max(w.x1 for w in words) * scale + pad),
                           min(float(height), max(bottom(w) for w in words) * scale + pad),
                           "px", CoordOrigin.TOPLEFT)
            elif band_top is not None and band_bottom > band_top:
                y0, y1 = int(max(0.0, band_top)), int(min(float(height), band_bottom))
                if not missed[y0:y1, int(x0):int(x1)].any():
                    continue
                box = BBox(x0, float(y0), x1, float(y1), "px", CoordOrigin.TOPLEFT)
            else:
                continue
            cells.append(Cell(r, c, _cell_text(row.cells.get(c, ())), 1, span, box,
                              bold=bool(words) and all(w.bold for w in words)))
    return cells


def _neighbours(row, c: int, scale: float) -> tuple[float, float]:
    """Pixels: where the words of the row's cells left of column `c` end and those right
    of it begin."""
    left = [w.x1 * scale for k, ls in row.cells.items() if k < c for ws in ls for w in ws]
    right = [w.x0 * scale for k, ls in row.cells.items() if k > c for ws in ls for w in ws]
    return max(left, default=0.0), min(right, default=float("inf"))


def reread_numbers(lines: Sequence[OcrLine], pixels: np.ndarray) -> tuple[OcrLine, ...]:
    """The lines with their number-like words read again by shape (`extract.thai_digits`)
    in the line's image: tesseract's Thai model cannot write ๔ ๖ ๗ ๘ ๙ and reads ๖ as ๒.
    A word read anew takes the place of the pieces it was read from."""
    out = []
    for line in lines:
        if not line.pieces or not thai_digits.has_numberish_token(line.text):
            out.append(line)
            continue
        box = line.bbox
        pad = max(2, int(round(box.height * 0.15)))
        crop = pixels[max(0, int(box.y0) - pad):int(box.y1) + pad,
                      max(0, int(box.x0) - pad):int(box.x1) + pad]
        text = thai_digits.reread_digits(line.text, crop)
        old, new = line.text.split(" "), text.split(" ")
        if text == line.text or len(old) != len(new):
            out.append(line)
            continue
        owner = [i for i, piece in enumerate(line.pieces) for _ in piece[0]]
        pieces = [list(p) for p in line.pieces]
        letters = 0
        for before, after in zip(old, new):
            if before != after and before and len(owner) >= letters + len(before):
                mine = sorted(set(owner[letters:letters + len(before)]))
                pieces[mine[0]][0] = after
                for i in mine[1:]:
                    pieces[i][0] = ""
            letters += len(before)
        kept = tuple(tuple(p) for p in pieces if p[0])
        if "".join(p[0] for p in kept) == text.replace(" ", ""):
            out.append(replace(line, text=text, pieces=kept))
        else:
            out.append(line)
    return tuple(out)


def read_structure(lines: Sequence[OcrLine], ink: np.ndarray, ruling: grid_stage.RulingLines,
                   *, dpi: float, carried: Columns | None = None
                   ) -> tuple[FoundTable | None, PageStructure]:
    """The page's table as the structure engine finds it from the engine's lines (None:
    no header, no carried columns), and what the engine saw (for `carry_columns`).
    `carried`: the columns of the table the page before ended in, when the same job read
    it (a page read with them has its cells read alone, as a page with a header does)."""
    scale = dpi / POINTS
    lines = [line for line in lines if not _doubtful(line)]
    rules = rules_of(ruling, scale, dpi)
    lines = joined_across_rule_gaps(lines, rules, scale)
    seen = PageStructure(tuple(tuple(line) for line in words_of(lines, ink, scale, rules)),
                         rules, None, scale, tuple(line.text for line in lines),
                         tuple(line.confidence for line in lines),
                         tuple((line.bbox.y0 / scale, line.bbox.y1 / scale) for line in lines))
    return _found(seen, carried)


def joined_across_rule_gaps(lines: Sequence[OcrLine], rules: Rules, scale: float
                            ) -> list[OcrLine]:
    """The engine's lines with the two halves of a line it cut at a column rule's gap joined.

    The engine reads a table page in blocks; a title row set across the columns, where the
    column rules stop for it, comes back as two lines that touch at the rule's x. A text
    layer has it as one run across the edge, which is how the structure engine tells a
    spanning row from two cells. Joined only where that is what the page shows: side by
    side on one baseline, touching (a gap under JOIN_GAP_EM of the line's height, which
    no two cells' padding leaves), at the x of a drawn column rule that runs elsewhere on
    the page but not through this line."""
    verticals = joined_verticals(rules)
    out = list(lines)
    k = 0
    while k < len(out):
        a = out[k]
        partner = next((j for j, b in enumerate(out) if j != k and _joins(a, b, verticals, scale)), None)
        if partner is None:
            k += 1
            continue
        b = out[partner]
        out[k] = _joined(a, b)
        del out[partner]
        if partner < k:
            k -= 1
    return out


def _joins(a: OcrLine, b: OcrLine, verticals: Sequence[tuple[float, float, float]], scale: float) -> bool:
    if not a.pieces or not b.pieces:
        return False
    height = min(a.bbox.height, b.bbox.height)
    gap = b.pieces[0][1] - a.pieces[-1][3]
    if not -0.1 * height <= gap <= JOIN_GAP_EM * height:
        return False
    base_a, base_b = _baseline(a), _baseline(b)
    if abs(base_a - base_b) > 0.25 * height:
        return False
    x = (a.pieces[-1][3] + b.pieces[0][1]) / 2 / scale
    middle = (base_a + base_b) / 2 / scale - 0.3 * height / scale
    near = [(t, bottom) for vx, t, bottom in verticals if abs(vx - x) <= 0.5 * height / scale]
    drawn = sum(bottom - t for t, bottom in near) >= structure.COLUMN_RULE_EM * height / scale
    return drawn and not any(t <= middle <= bottom for t, bottom in near)


def _joined(a: OcrLine, b: OcrLine) -> OcrLine:
    letters_a, letters_b = len(a.text.replace(" ", "")), len(b.text.replace(" ", ""))
    confidence = (a.confidence * letters_a + b.confidence * letters_b) / max(1, letters_a + letters_b)
    box = BBox(min(a.bbox.x0, b.bbox.x0), min(a.bbox.y0, b.bbox.y0), max(a.bbox.x1, b.bbox.x1),
               max(a.bbox.y1, b.bbox.y1), a.bbox.unit, a.bbox.origin)
    return replace(a, text=a.text + b.text, confidence=confidence, bbox=box, pieces=a.pieces + b.pieces)


def _doubtful(line: OcrLine) -> bool:
    """A reading the engine itself doubts and too short to matter: dust or a stray mark
    read as "a" or "2" (a real number it missed is still read, as ink its cell holds); or
    doubted and more symbols than letters, marks and digits: a row of a tight line's tone
    marks read on its own ("-  =.-=  -  Jo.  =  7,  “|")."""
    text = line.text.replace(" ", "")
    if len(text) <= DOUBTFUL_LETTERS and line.confidence < DOUBTFUL_CONFIDENCE:
        return True
    glyphs = sum(unicodedata.category(ch)[0] in "LMN" for ch in text)
    return line.confidence < JUNK_CONFIDENCE and glyphs < len(text) - glyphs


def _found(seen: PageStructure, carried: Columns | None) -> tuple[FoundTable | None, PageStructure]:
    found = structure.find_table([list(line) for line in seen.lines], seen.rules, carried,
                                 row_gap_em=ROW_GAP_EM)
    if found is None:
        return None, seen
    used = {w.ref for k in found.used for w in seen.lines[k]}
    texts = tuple(t for k, t in enumerate(seen.texts) if k not in used)
    return found, replace(seen, columns=found.columns, texts=texts)


def columns_after(page: Page, carried: Columns | None) -> Columns | None:
    """The columns a page hands to the next one read in the same job: its engine table's,
    none after a table read otherwise, the same across a page with no table."""
    seen = page.structure
    if isinstance(seen, PageStructure) and page.tables:
        return seen.columns
    return None if page.tables else carried


def carry_columns(pages: Iterable[Page]) -> Iterator[Page]:
    """The document's pages, in order, with each OCR'd page that found no table of its own
    read again with the columns of the table on the page before (a table continued without
    its header). Pages read as ruled grids or text layers pass through; a blank page keeps
    the carry, any other table ends it."""
    carried: Columns | None = None
    for page in pages:
        seen = page.structure
        if not isinstance(seen, PageStructure):
            carried = None if page.tables else carried
            yield page
            continue
        if not page.tables and carried is not None:
            found, seen = _found(seen, carried)
            if found is not None:
                table, _ = to_table(found, page.number, seen.scale, seen.confidences)
                page = replace(page, tables=(table,), lines=seen.texts, structure=seen)
        carried = seen.columns if page.tables else None
        yield page
