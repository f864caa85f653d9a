"""Born-digital PDF text layer → `Page`s of lines and table cells.

The chain, one small function per step (pdfplumber's TableFinder style):
`open_pdf → read_glyphs_from_fonts → upright_page → chars_to_glyphs → tables →
glyphs_to_lines / line_text → text_layer_quality → Page`. Tables are found in order of
evidence: ruling lines (`ruled_tables`, pdfplumber's edges; column rules left open by a
page break are closed so a cut row stays a row), else horizontal rules only
(`rule_rows_table`: rows between rules, columns from empty x-bands), else alignment
alone (`aligned_table`: columns from empty x-bands under a multi-column header, rows
from extra vertical space or new items in the first column).

What this layer does and does not do (the audit rule): it *reads*. Each glyph's
character comes from the PDF: its embedded font (cmap, or which side of the baseline a
mark is drawn on, see `extract.pdf_glyphs`), else its ToUnicode map. Characters are
assembled by position: a combining mark stays with the base glyph it was drawn after,
a word that runs over a cell border stays in the cell it starts in, clusters go left to
right, lines top to bottom, and a space is emitted only where the PDF drew a space glyph
or left a space-wide gap (a zero-width nikhahit never makes a gap; letter-spaced lines
of writers that draw their spaces need a tab-wide gap). It never substitutes a
character: PUA marks, nikhahit + sara aa, ำ + า, เ+เ and marks stored in the wrong
order all leave here as the PDF has them, and `normalize.thai_unicode.UNICODE_RULES`
repairs them through `apply_rules`, which logs every change. One reading by position: a
glyph ToUnicode calls a space but drawn with no advance inside a word is no space; it
leaves as U+200B (the nikhahit of a split sara am, repaired and logged by
`unicode.split_sara_am`; anywhere else removed, logged, by `unicode.zero_width`). A page
whose glyphs the fonts cannot name (`(cid:N)`) is routed to OCR. Bounding boxes are PDF
points with a top-left origin (pdfplumber's `top`).
"""

from __future__ import annotations

import re
import statistics
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

import pdfplumber
from pdfplumber.page import Page as PlumberPage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from extract.errors import CorruptPdfError, NotAPdfError, PasswordProtectedError
from ita_core.model import BBox, Cell, CoordOrigin, Issue, IssueCode, Page, Table
from extract.pdf_glyphs import read_glyphs_from_fonts
from extract.pdf_structure import TableContext, rules_of, structured_table

DEFAULT_SPACE_GAP_EM = 0.15  # a gap this wide (font sizes) is a space; Angsana and Sarabun spaces are ~0.2
DEFAULT_LINE_OVERLAP = 0.5  # glyphs whose heights overlap this much share a line
DEFAULT_SNAP_TOLERANCE = 3.0  # points; ruling-line ends this close are one line
DEFAULT_MIN_TABLE_CELLS = 2  # one cell is a box; a row cut by a page break may be short
DEFAULT_COLUMN_GAP_EM = 0.6  # a gap this wide inside a line may separate columns
DEFAULT_MIN_COLUMN_GAP_EM = 0.4  # an empty x-band this wide down a table separates columns
DEFAULT_MIN_COLUMNS = 3  # a header row without ruling lines needs this many columns
DEFAULT_ROW_GAP_EM = 0.3  # space beyond the tightest line gap that starts a row (no ruling lines)
DEFAULT_IMAGE_PAGE_SHARE = 0.5  # images covering this much of a page make it a scan...
DEFAULT_MIN_PAGE_LETTERS = 100  # ...unless its text layer has at least this many letters
DEFAULT_DEDUPE_TOLERANCE = 1.0  # points; the same glyph drawn again this close is one glyph
DEFAULT_HEADER_GAP_EM = 1.5  # an unruled table's header sits at most this far above its first row
MIN_SCAN_LAYER_THAI = 0.5  # a scan's text layer with fewer Thai letters than this is no reading
QUALITY_THRESHOLD = 0.5  # below this a page's text layer is treated as missing

# "Sarabun-Bold", "THSarabunNew,Bold", "ABCDEE+Garuda-Bold", "NotoSansThai-Black"
BOLD_FONT_RX = re.compile(r"bold|black|heavy", re.I)
_ITEM_START = re.compile(r"^\s*(?:[0-9๐-๙]{1,3}[.)]|[-•\u2022\u25aa\u27a2])")


@dataclass(frozen=True, slots=True)
class PdfSettings:
    space_gap_em: float = DEFAULT_SPACE_GAP_EM
    line_overlap: float = DEFAULT_LINE_OVERLAP
    snap_tolerance: float = DEFAULT_SNAP_TOLERANCE
    min_table_cells: int = DEFAULT_MIN_TABLE_CELLS
    column_gap_em: float = DEFAULT_COLUMN_GAP_EM
    min_column_gap_em: float = DEFAULT_MIN_COLUMN_GAP_EM
    min_columns: int = DEFAULT_MIN_COLUMNS
    row_gap_em: float = DEFAULT_ROW_GAP_EM
    header_gap_em: float = DEFAULT_HEADER_GAP_EM
    quality_threshold: float = QUALITY_THRESHOLD
    dedupe_tolerance: float = DEFAULT_DEDUPE_TOLERANCE
    image_page_share: float = DEFAULT_IMAGE_PAGE_SHARE
    min_page_letters: int = DEFAULT_MIN_PAGE_LETTERS

    def __post_init__(self) -> None:
        if not 0 < self.space_gap_em < 2:
            raise ValueError(f"space_gap_em must be in (0, 2), got {self.space_gap_em}")
        if not 0 < self.line_overlap <= 1:
            raise ValueError(f"line_overlap must be in (0, 1], got {self.line_overlap}")
        if not 0 <= self.snap_tolerance <= 20:
            raise ValueError(f"snap_tolerance must be in [0, 20] points, got {self.snap_tolerance}")
        if self.min_table_cells < 1:
            raise ValueError(f"min_table_cells must be >= 1, got {self.min_table_cells}")
        if self.column_gap_em <= self.space_gap_em:
            raise ValueError("column_gap_em must be wider than space_gap_em")
        if not 0 < self.min_column_gap_em <= self.column_gap_em:
            raise ValueError("min_column_gap_em must be in (0, column_gap_em]")
        if self.min_columns < 2:
            raise ValueError(f"min_columns must be >= 2, got {self.min_columns}")
        if not 0 <= self.header_gap_em <= 5:
            raise ValueError(f"header_gap_em must be in [0, 5], got {self.header_gap_em}")
        if self.row_gap_em < 0:
            raise ValueError(f"row_gap_em must be >= 0, got {self.row_gap_em}")
        if not 0 < self.image_page_share <= 1:
            raise ValueError(f"image_page_share must be in (0, 1], got {self.image_page_share}")
        if self.min_page_letters < 0:
            raise ValueError(f"min_page_letters must be >= 0, got {self.min_page_letters}")
        if not 0 <= self.dedupe_tolerance <= 5:
            raise ValueError(f"dedupe_tolerance must be in [0, 5] points, got {self.dedupe_tolerance}")
        if not 0 <= self.quality_threshold <= 1:
            raise ValueError(f"quality_threshold must be in [0, 1], got {self.quality_threshold}")


# ---------------------------------------------------------------- opening


def open_pdf(path: str | Path) -> pdfplumber.PDF:
    """Open a PDF for reading, or raise a typed `ExtractError` a clerk can act on."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdfError(path=str(path))
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # parses the page tree: damage shows here, not mid-batch
    except Exception as err:
        raise _typed_error(err, path) from err
    return pdf


def _typed_error(err: BaseException, path: Path) -> Exception:
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError)):
            return PasswordProtectedError(path=str(path))
        if isinstance(seen, (PDFSyntaxError, PSException)):
            return CorruptPdfError(path=str(path))
        wrapped = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = seen.__cause__ or seen.__context__ or wrapped  # pdfplumber wraps pdfminer's
    return CorruptPdfError(path=str(path))


def page_count(path: str | Path) -> int:
    pdf = open_pdf(path)
    try:
        return len(pdf.pages)
    finally:
        pdf.close()


# ---------------------------------------------------------------- glyphs → clusters


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
                       "bold": bool(BOLD_FONT_RX.search(str(ch.get("fontname", ""))))})
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


# ---------------------------------------------------------------- tables from ruling lines


def _snap(values: Sequence[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: Sequence[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def ruled_tables(page: Any, settings: PdfSettings) -> list[tuple[BBox, list[tuple[int, int, int, int, BBox]]]]:
    """Tables drawn with ruling lines: (table bbox, [(row, col, row_span, col_span, bbox)])."""
    finder = page.debug_tablefinder({
        "vertical_strategy": "lines", "horizontal_strategy": "lines",
        "snap_tolerance": settings.snap_tolerance, "join_tolerance": settings.snap_tolerance,
        "explicit_horizontal_lines": _open_ends(page.edges, settings.snap_tolerance),
    })
    found = []
    for table in finder.tables:
        boxes = table.cells
        if len(boxes) < settings.min_table_cells:
            continue
        tol = settings.snap_tolerance
        xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes], tol)
        ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes], tol)
        if len(xs) < 3 or len(ys) < 2 or (len(xs) < 4 and len(ys) < 3):
            continue  # a box or a pair of boxes (signature blocks), not a table
        cells = []
        for x0, top, x1, bottom in boxes:
            c0, c1 = _index(xs, x0), _index(xs, x1)
            r0, r1 = _index(ys, top), _index(ys, bottom)
            if c1 <= c0 or r1 <= r0:
                continue
            cells.append((r0, c0, r1 - r0, c1 - c0, BBox(x0, top, x1, bottom, "pt", CoordOrigin.TOPLEFT)))
        x0 = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        bottom = max(b[3] for b in boxes)
        found.append((BBox(x0, top, x1, bottom, "pt", CoordOrigin.TOPLEFT), cells))
    return found


def _open_ends(edges: Sequence[dict[str, Any]], tol: float) -> list[float]:
    """Where column rules stop with no horizontal rule to close them: a row cut by a
    page break. Closing them there lets the cut row be read as a row."""
    horizontals = [e for e in edges if e["orientation"] == "h"]
    ends: list[float] = []
    for e in edges:
        if e["orientation"] != "v":
            continue
        for y in (e["top"], e["bottom"]):
            closed = any(abs(h["top"] - y) <= tol and h["x0"] - tol <= e["x0"] <= h["x1"] + tol
                         for h in horizontals)
            if not closed:
                ends.append(y)
    return _snap(ends, tol)


def _inside(g: Glyph, box: BBox) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1


def _all_bold(glyphs: Sequence[Glyph]) -> bool:
    """Every letter set in a bold font: a title line, as the writer styled it."""
    letters = [g for g in glyphs if not g.is_space and g.text.strip()]
    return bool(letters) and all(g.bold for g in letters)


def _cell_text(glyphs: Sequence[Glyph], settings: PdfSettings) -> str:
    return "\n".join(t for t in (line_text(l, settings) for l in glyphs_to_lines(glyphs, settings)) if t)


# ---------------------------------------------------------------- tables without ruling lines


def aligned_table(lines: list[list[Glyph]], page_number: int,
                  settings: PdfSettings) -> tuple[Table, int, int] | None:
    """A table laid out by alignment alone. Columns are the x-bands that (almost) no
    line of the table region covers; rows break at extra vertical space (cell padding)
    or, with none, at new items in the first column; the lines just above the first
    multi-column line that fit inside the columns are the rest of the header. Returns
    the table and the index range [first, last) of the lines it took."""
    multi = [len(_segments(line, settings.column_gap_em)) >= settings.min_columns for line in lines]
    first = next((i for i in range(len(lines) - 1) if multi[i] and multi[i + 1]), None)
    if first is None:
        return None
    size = statistics.median(g.size for g in lines[first])
    end = first + 1  # the table runs until a vertical gap of several lines or the page end
    while end < len(lines) and _gap(lines[end - 1], lines[end]) <= 3 * size:
        end += 1
    bounds = _column_bounds(lines[first:end], size, settings)
    n_cols = len(bounds) - 1
    if n_cols < settings.min_columns:
        return None
    while first > 0 and _gap(lines[first - 1], lines[first]) <= settings.header_gap_em * size and not any(
            _crosses(seg, bounds) for seg in _segments(lines[first - 1], settings.column_gap_em)):
        # the header (its own cell padding below it) and header cells wrapped onto a line
        # above the others: lines close above that fit the columns
        first -= 1
    table_lines = lines[first:end]
    gaps = [_gap(a, b) for a, b in zip(table_lines, table_lines[1:])]
    tightest = min((g for g in gaps if g >= 0), default=0.0)
    row_gap = settings.row_gap_em * size
    by_gap = any(g - tightest > row_gap for g in gaps)
    header_end = next((i for i, line in enumerate(table_lines) if multi[first + i]), 0)
    rows: list[list[list[Glyph]]] = [[]]  # row → its lines; row 0 is the header
    for i, line in enumerate(table_lines):
        if i > header_end and rows[-1]:
            first_col = [g for g in line if not g.is_space and _column(bounds, g.x0) == 0]
            starts_item = bool(first_col) and bool(_ITEM_START.match(line_text(first_col, settings)))
            if (gaps[i - 1] - tightest > row_gap) if by_gap else starts_item:
                rows.append([])
        elif i == header_end + 1:
            rows.append([])
        rows[-1].append(line)
    return _table_from_rows(rows, bounds, page_number, settings), first, end


def _table_from_rows(rows: Sequence[Sequence[Sequence[Glyph]]], bounds: Sequence[float],
                     page_number: int, settings: PdfSettings) -> Table:
    """Cells of a table without column rules; text running across a column edge merges
    the columns it crosses into one cell of that row."""
    n_cols = len(bounds) - 1
    cells: list[Cell] = []
    for r, row_lines in enumerate(rows):
        glyphs = [g for line in row_lines for g in line if not g.is_space]
        merged = [False] * n_cols  # merged[c]: column c runs on into column c + 1
        for line in row_lines:
            for seg in _segments(line, settings.column_gap_em):
                lo, hi = _column(bounds, seg[0].x0), _column(bounds, max(g.x1 for g in seg) - 0.01)
                for c in range(lo, hi):
                    merged[c] = True
        c = 0
        while c < n_cols:
            span = 1
            while c + span - 1 < n_cols - 1 and merged[c + span - 1]:
                span += 1
            mine = [g for g in glyphs if c <= _column(bounds, (g.x0 + g.x1) / 2) < c + span]
            if mine:
                cells.append(Cell(r, c, _cell_text(mine, settings), 1, span, _bbox(mine),
                                  bold=_all_bold(mine)))
            c += span
    all_glyphs = [g for line in rows for row_line in line for g in row_line]
    return Table(page_number, len(rows), n_cols, tuple(cells), _bbox(all_glyphs))


def rule_rows_table(page: Any, lines: list[list[Glyph]], page_number: int,
                    settings: PdfSettings) -> tuple[Table, list[int]] | None:
    """A table with horizontal rules only: rows between the rules, columns from the
    empty x-bands of the text between them. Returns the table and the lines it took."""
    tol = settings.snap_tolerance
    rules: dict[float, list[float]] = {}
    for e in page.edges:
        if e["orientation"] != "h":
            continue
        y = next((k for k in rules if abs(k - e["top"]) <= tol), e["top"])
        span = rules.setdefault(y, [e["x0"], e["x1"]])
        span[0], span[1] = min(span[0], e["x0"]), max(span[1], e["x1"])
    ys = sorted(y for y, (x0, x1) in rules.items() if x1 - x0 >= 0.5 * float(page.width))
    if len(ys) < 2:
        return None
    rows: list[list[list[Glyph]]] = [[] for _ in ys[1:]]
    taken = []
    for i, line in enumerate(lines):
        middle = (min(g.top for g in line) + max(g.bottom for g in line)) / 2
        for r, (top, bottom) in enumerate(zip(ys, ys[1:])):
            if top < middle < bottom:
                rows[r].append(line)
                taken.append(i)
                break
    rows = [row for row in rows if row]
    if len(rows) < 2:
        return None
    size = statistics.median(g.size for row in rows for line in row for g in line)
    bounds = _column_bounds([line for row in rows for line in row], size, settings)
    if len(bounds) - 1 < 2:
        return None
    # A row cut by the page break has no closing rule: the lines right under the last
    # rule that keep to the columns.
    cut: list[int] = []
    prev_bottom = ys[-1]
    for i in range(max(taken) + 1, len(lines)):
        line = lines[i]
        if min(g.top for g in line) - prev_bottom > size or any(
                _crosses(seg, bounds) for seg in _segments(line, settings.column_gap_em)):
            break
        cut.append(i)
        prev_bottom = max(g.bottom for g in line)
    if cut:
        rows.append([lines[i] for i in cut])
        taken.extend(cut)
    return _table_from_rows(rows, bounds, page_number, settings), taken


def _gap(upper: Sequence[Glyph], lower: Sequence[Glyph]) -> float:
    return min(g.top for g in lower) - max(g.bottom for g in upper)


def _column(bounds: Sequence[float], x: float) -> int:
    n_cols = len(bounds) - 1
    return next((i for i in range(n_cols) if x < bounds[i + 1]), n_cols - 1)


def _crosses(seg: Sequence[Glyph], bounds: Sequence[float]) -> bool:
    return _column(bounds, seg[0].x0) != _column(bounds, max(g.x1 for g in seg) - 0.01)


def _emptiest_middle(cover: Sequence[int], start: int, stop: int) -> float:
    """The middle of the longest stretch of least coverage in cover[start:stop]."""
    least = min(cover[start:stop])
    best, run = (0, start), None
    for x in range(start, stop + 1):
        if x < stop and cover[x] == least:
            run = x if run is None else run
        elif run is not None:
            best = max(best, (x - run, run))
            run = None
    return best[1] + best[0] / 2


def _column_bounds(lines: Sequence[Sequence[Glyph]], size: float, settings: PdfSettings) -> list[float]:
    """Column edges: the middles of x-bands that at most one line in ten covers."""
    x_min = min(g.x0 for line in lines for g in line if not g.is_space)
    x_max = max(g.x1 for line in lines for g in line if not g.is_space)
    width = int(x_max - x_min) + 2
    cover = [0] * width
    for line in lines:
        for seg in _segments(line, settings.column_gap_em):  # word spaces stay covered
            a, b = int(seg[0].x0 - x_min), int(max(g.x1 for g in seg) - x_min) + 1
            for x in range(max(0, a), min(width, b)):
                cover[x] += 1
    allowed = len(lines) // 10  # a title row running across columns
    bounds, run_start = [x_min - 1], None
    for x in range(width + 1):
        empty = x < width and cover[x] <= allowed
        if empty and run_start is None:
            run_start = x
        elif not empty and run_start is not None:
            if x - run_start >= settings.min_column_gap_em * size and 0 < run_start and x < width:
                bounds.append(x_min + _emptiest_middle(cover, run_start, x))
            run_start = None
    bounds.append(x_max + 1)
    return bounds


def _bbox(glyphs: Sequence[Glyph]) -> BBox:
    return BBox(min(g.x0 for g in glyphs), min(g.top for g in glyphs),
                max(g.x1 for g in glyphs), max(g.bottom for g in glyphs), "pt", CoordOrigin.TOPLEFT)


# ---------------------------------------------------------------- quality


_THAI_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_ORPHAN_MARK = re.compile(
    "(?:^|[^\u0e01-\u0e4e\uf700-\uf71a\uf884-\uf89e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# Private Use code points nobody maps; U+F000-F0FF (symbol-font bullets, TIS-620 Thai
# in symbol-encoded fonts) and the shifted Thai marks are repaired by `pua`, not garbage.
_BAD = re.compile("[\ufffd\u0000-\u0008\u000e-\u001f]|\\(cid:\\d+\\)"
                  "|[\ue000-\uefff\uf100-\uf6ff\uf71b-\uf883\uf89f-\uf8ff]")
_CID = re.compile(r"\(cid:\d+\)")
# Latin-1 letters are how legacy-encoded Thai fonts read (¡ÒÃ´Óà¹Ô¹); a few are fine.
_LATIN1_LETTERS = re.compile("[\u00a1-\u00ff]")


@lru_cache(maxsize=1)
def _thai_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def text_layer_quality(text: str) -> float:
    """How readable a text layer is, 0..1: the share of characters that are not garbage
    (replacement, control, unknown Private Use, `(cid:N)`, marks with no consonant),
    weighted by how much of its Thai falls into dictionary words. Shifted-mark PUA
    and split sara am are repairable and not counted against it."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    bad = sum(len(m.group()) for m in _BAD.finditer(text)) + len(_ORPHAN_MARK.findall(text))
    latin1 = len(_LATIN1_LETTERS.findall(text))
    if latin1 > 0.05 * len(visible):
        bad += latin1
    clean = max(0.0, 1 - bad / len(visible))
    thai = re.sub("[^\u0e01-\u0e4e\uf700-\uf71a\uf884-\uf89e]+", " ", text)
    thai = thai.translate({cp: None for cp in [*range(0xF700, 0xF71B), *range(0xF884, 0xF89F)]})
    if not _THAI_CONSONANT.search(thai):
        return clean
    from pythainlp.tokenize import word_tokenize

    words = _thai_words()
    tokens = [t for t in word_tokenize(thai, engine="newmm", keep_whitespace=False) if t.strip()]
    known = sum(len(t) for t in tokens if t in words)
    total = sum(len(t) for t in tokens) or 1
    return clean * min(1.0, (known / total) / 0.7)


# ---------------------------------------------------------------- pages


def upright_page(page: Any) -> Any:
    """The page read so that its text runs left to right.

    A /Rotate entry usually turns a landscape table for display while its text is drawn
    upright in the page's own space; reading it unrotated then gives upright text.
    """
    chars = page.chars
    if page.rotation == 0 or not chars or sum(c["upright"] for c in chars) >= len(chars) / 2:
        return page
    page_obj = page.page_obj
    page_obj.attrs = dict(page_obj.attrs, Rotate=0)
    page_obj.rotate = 0
    unrotated = PlumberPage(page.pdf, page_obj, page_number=page.page_number,
                                     initial_doctop=page.initial_doctop)
    if sum(c["upright"] for c in unrotated.chars) > sum(c["upright"] for c in chars):
        page.close()
        return unrotated
    return page


def _mostly_image(page: Any, text: str, settings: PdfSettings) -> bool:
    area = float(page.width) * float(page.height)
    covered = sum(max(0.0, float(min(im["x1"], page.width)) - float(max(im["x0"], 0)))
                  * max(0.0, float(min(im["bottom"], page.height)) - float(max(im["top"], 0)))
                  for im in page.images)
    letters = sum(1 for ch in text if ch.isalpha())
    return area > 0 and covered / area >= settings.image_page_share and (
        letters < settings.min_page_letters or _thai_share(text) < MIN_SCAN_LAYER_THAI)


def _thai_share(text: str) -> float:
    """Thai letters among the letters of `text` (0 when it has none)."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "\u0e01" <= ch <= "\u0e4e") / len(letters) if letters else 0.0


def read_page(page: Any, number: int, settings: PdfSettings = PdfSettings(),
              context: TableContext | None = None) -> Page:
    """One pdfplumber page → `Page` (kind text_layer, or empty when unreadable).

    A page whose content the PDF parser chokes on comes back empty with a warning, so
    the pipeline OCRs that page and the rest of the document is still read."""
    started = time.perf_counter()
    try:
        return _read_page(page, number, settings, started, context)
    except (PSException, PDFSyntaxError, ValueError, KeyError, TypeError, IndexError,
            AssertionError, ZeroDivisionError) as err:  # what pdfminer raises on damage
        if not isinstance(err, (PSException, PDFSyntaxError)) and not _raised_by_parser(err):
            raise  # a TypeError in our own code is a bug, not a damaged page
        return Page(number, "empty", confidence=0.0, seconds=time.perf_counter() - started,
                    issues=(_needs_ocr(number, f"text layer damaged ({type(err).__name__}); "
                                               "needs OCR"),))


_PARSER_PACKAGES = ("pdfminer", "pdfplumber")


def _raised_by_parser(err: BaseException) -> bool:
    """Whether the error was raised inside the PDF parser (pdfminer, pdfplumber), not in
    our own code that called it: only the parser's errors mean a damaged text layer."""
    tb = err.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_globals.get("__name__", "")
        tb = tb.tb_next
    return bool(last) and last.split(".")[0] in _PARSER_PACKAGES


def _needs_ocr(number: int, message: str) -> Issue:
    return Issue("text_layer", number, IssueCode.NEEDS_OCR, message)


def _read_page(page: Any, number: int, settings: PdfSettings, started: float,
               context: TableContext | None = None) -> Page:
    read_glyphs_from_fonts(page.pdf.rsrcmgr, page.page_obj.resources)
    page = upright_page(page)
    # Writers fake bold by drawing each glyph twice, a hair apart: read it once.
    chars = page.dedupe_chars(tolerance=settings.dedupe_tolerance, extra_attrs=("fontname",)).chars
    upright = [c for c in chars if c.get("upright", True)]
    sideways = sum(1 for c in chars if not c.get("upright", True) and not c["text"].isspace())
    warnings = (f"page {number}: {sideways} characters of sideways text not read",) if sideways else ()
    glyphs = chars_to_glyphs(upright)
    tables: list[Table] = []
    taken: set[int] = set()
    word_starts = [g for i, g in enumerate(glyphs) if i == 0 or glyphs[i - 1].word != g.word]
    for box, boxes in ruled_tables(page, settings):
        cells = []
        for row, col, row_span, col_span, cell_box in boxes:
            # A word overflowing its cell's border (a narrow column) stays with the cell
            # it starts in.
            words = {first.word for first in word_starts if _inside(first, cell_box)}
            mine = [g for g in glyphs if id(g) not in taken and g.word in words]
            taken.update(id(g) for g in mine)
            cells.append(Cell(row, col, _cell_text(mine, settings), row_span, col_span, cell_box,
                              bold=_all_bold(mine)))
        n_rows = max(c.row + c.row_span for c in cells)
        n_cols = max(c.col + c.col_span for c in cells)
        cells.sort(key=lambda c: (c.row, c.col))
        tables.append(Table(number, n_rows, n_cols, tuple(cells), box))
    # The structure engine reads the table from the words, with whatever rules there are
    # as evidence. It stands in where no grid of ruled rows is drawn, and where the grid
    # holds far fewer rows than the text shows (column rules with a frame: every measure
    # in one tall ruled row).
    all_lines = glyphs_to_lines(glyphs, settings)
    saved = context.columns if context is not None else None
    found = structured_table(page, all_lines, number, settings, context)
    ruled_rows = max((t.n_rows for t in tables), default=0)
    # column rules with no rule across (each cell drawing its own sides): the grid's rows
    # are where those rules happen to break, not the table's rows
    rows_unruled = tables and not rules_of(page, settings.snap_tolerance).horizontal
    if found is not None and (ruled_rows < 3 or found[0].n_rows >= ruled_rows + 2 or rows_unruled):
        tables = [found[0]]
        taken = {id(g) for i in found[1] for g in all_lines[i]}
    elif context is not None:
        context.columns = None if tables else saved  # a ruled grid's own header tells the next page
    # the page's lines were built once for the engine; rebuilt only without what a table took
    lines = glyphs_to_lines([g for g in glyphs if id(g) not in taken], settings) if taken else all_lines
    if not tables:
        by_rules = rule_rows_table(page, lines, number, settings)
        if by_rules is not None:
            tables.append(by_rules[0])
            lines = [line for i, line in enumerate(lines) if i not in set(by_rules[1])]
    if not tables:
        found = aligned_table(lines, number, settings)
        if found is not None:
            table, first, last = found
            tables.append(table)
            lines = lines[:first] + lines[last:]
    texts = tuple(t for t in (line_text(l, settings) for l in lines) if t)
    all_text = "\n".join(texts + tuple(c.text for t in tables for c in t.cells))
    quality = text_layer_quality(all_text)
    seconds = time.perf_counter() - started
    if _mostly_image(page, all_text, settings):
        # A scan with a typed page number or stamp, or a scanner's invisible OCR layer
        # with no Thai in it (Latin garbage): the text layer is not the page.
        what = ("little text" if sum(ch.isalpha() for ch in all_text) < settings.min_page_letters
                else "an OCR text layer that holds no Thai")
        return Page(number, "empty", confidence=round(quality, 3), seconds=seconds,
                    issues=(_needs_ocr(number, f"scanned image with {what}; needs OCR"),))
    unmapped = len(_CID.findall(all_text))
    if unmapped:
        # Glyphs that neither ToUnicode, the font's cmap, its glyph names nor an outline
        # twin name (see `extract.pdf_glyphs`): the page image is the only witness.
        return Page(number, "empty", confidence=round(quality, 3), seconds=seconds,
                    issues=(_needs_ocr(number, f"{unmapped} glyphs have no Unicode mapping; needs OCR"),))
    if quality < settings.quality_threshold:
        return Page(number, "empty", confidence=round(quality, 3), seconds=seconds,
                    issues=(_needs_ocr(number, "text layer missing or unreadable; needs OCR"),))
    return Page(number, "text_layer", texts, tuple(tables), warnings=warnings,
                confidence=round(quality, 3), seconds=seconds)


def read_text_layer_pages(path: str | Path, *, settings: PdfSettings = PdfSettings()) -> Iterator[Page]:
    """One `Page` per PDF page, streamed: each page's parse is dropped once yielded."""
    pdf = open_pdf(path)
    context = TableContext()
    try:
        for index, page in enumerate(pdf.pages):
            try:
                yield read_page(page, index + 1, settings, context)
            finally:
                page.close()  # drops the page's parsed objects: only one page is ever held
    finally:
        pdf.close()
