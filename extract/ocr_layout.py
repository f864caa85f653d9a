"""Tables with no ruling lines at all, found in a scanned page's text ink.

Some reports lay their table out by alignment alone: a row of header labels, columns of
text under them, rows told apart by white space. With no rules the grid stage finds
nothing, so the page's ink is read as columns and rows instead:

    ink (rules and specks removed)
    → line_height                    # px: the page's text size, every length is a multiple
    → text_bands                     # y-runs of ink between white pixel rows
    → header_candidates              # bands split into several labels by wide white gaps
    → table_extent                   # from the header down to a tall white gap
    → column_bounds                  # white x-channels of the body, kept where the header
                                     #   has white too and every column has a header label
    → row_bounds                     # white y-runs where columns start a paragraph together
    → unruled_grid                   # a grid.Grid whose separators are drawn only where no
                                     #   text crosses them, so a row across columns is a span
    → the header row read by OCR must name ITA fields (`is_header`, given by the caller)

The born-digital path does the same from glyph boxes (`pdf_tables.aligned_table`); here the
evidence is pixels, because tesseract's word boxes split Thai into single letters. The
grid goes through the ruled path's cells → per-cell OCR unchanged; its table says
`spans_known=False`, as white space cannot prove that a cell does not span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extract import grid as grid_stage
from ita_core.model import Cell

DEFAULT_MIN_COLUMNS = 3  # fewer aligned columns is a memo's two-sided line, not a table
DEFAULT_HEADER_GAP_LINES = 0.75  # header labels stand at least this far apart (word spaces are ~0.3)
DEFAULT_COLUMN_GAP_LINES = 0.75  # a channel this wide, white down the whole body, separates columns
DEFAULT_CROSSING_SHARE = 0.1  # between two header labels, title lines may cross in this share of the rows
DEFAULT_TABLE_GAP_LINES = 2.5  # a white gap this tall ends the table (a signature block follows)
DEFAULT_ROW_GAP_LINES = 0.3  # lines of a new row follow at this much more than the line pitch
DEFAULT_START_REACH_LINES = 0.75  # a line this close under a white run (in pitches) starts there
DEFAULT_MAX_CANDIDATES = 4  # header candidates read by OCR per page, at most
MIN_LINE_HEIGHT_PX = 8
BODY_SMOOTHING_LINES = 0.5  # the letter body's top and bottom strokes blur into one band
MARK_ROW_LINES = 0.5  # a stripe of ink thinner than this is a row of marks, not a line
MIN_BODY_LINES = 0.25  # a line's dense middle band is at least this tall (marks are thinner)
WORD_SPACE_LINES = 0.7  # white narrower than this inside a text line is a word space
LETTER_GAP_INCHES = 0.02  # wider than the gaps between a word's letters, narrower than a space


@dataclass(frozen=True, slots=True)
class UnruledSettings:
    """Lengths are in text line heights, so nothing is tuned to one resolution or font size."""

    enabled: bool = True
    min_columns: int = DEFAULT_MIN_COLUMNS
    header_gap_lines: float = DEFAULT_HEADER_GAP_LINES
    column_gap_lines: float = DEFAULT_COLUMN_GAP_LINES
    crossing_share: float = DEFAULT_CROSSING_SHARE
    table_gap_lines: float = DEFAULT_TABLE_GAP_LINES
    row_gap_lines: float = DEFAULT_ROW_GAP_LINES
    start_reach_lines: float = DEFAULT_START_REACH_LINES
    max_candidates: int = DEFAULT_MAX_CANDIDATES

    def __post_init__(self) -> None:
        if self.min_columns < 2:
            raise ValueError(f"min_columns must be >= 2, got {self.min_columns}")
        if not 0 <= self.crossing_share < 0.5:
            raise ValueError(f"crossing_share must be in [0, 0.5), got {self.crossing_share}")
        for name in ("header_gap_lines", "column_gap_lines", "table_gap_lines",
                     "row_gap_lines", "start_reach_lines"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if self.max_candidates < 1:
            raise ValueError(f"max_candidates must be >= 1, got {self.max_candidates}")


DEFAULT_UNRULED_SETTINGS = UnruledSettings()


@dataclass(frozen=True, slots=True)
class Band:
    """A horizontal stripe of text between white pixel rows: [y0, y1) in px."""

    y0: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def _runs(flags: np.ndarray, min_length: int = 1) -> list[tuple[int, int]]:
    """(start, end) of runs of True at least `min_length` long."""
    padded = np.concatenate(([False], np.asarray(flags, bool), [False])).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(changes[::2], changes[1::2]) if b - a >= min_length]


def _widen(ink: np.ndarray, width: int) -> np.ndarray:
    """Ink smeared sideways by `width` px: the letters of a word (or words) join up."""
    if width <= 1 or ink.size == 0:
        return ink
    return cv2.dilate(ink, np.ones((1, width), np.uint8))


def line_height(ink: np.ndarray, *, dpi: float) -> float:
    """The height of a text line in px: the upper quartile of word heights.

    Words are the ink smeared sideways over letter gaps; tone marks and dots alone make
    the small ones, so the upper quartile, not the median, is a line's full height.
    """
    letter_gap = max(2, int(LETTER_GAP_INCHES * dpi))
    count, _, stats, _ = cv2.connectedComponentsWithStats(_widen(ink, letter_gap), connectivity=8)
    words = [(int(w), int(h)) for _, _, w, h, _ in stats[1:]]
    heights = [h for w, h in words if w >= h >= MIN_LINE_HEIGHT_PX // 2]
    if not heights:
        return float(MIN_LINE_HEIGHT_PX)
    return max(float(MIN_LINE_HEIGHT_PX), float(np.percentile(heights, 75)))


def text_bands(ink: np.ndarray) -> list[Band]:
    """Stripes of ink separated by at least one white pixel row, top to bottom."""
    return [Band(a, b) for a, b in _runs(ink.any(axis=1))]


def band_chunks(ink: np.ndarray, band: Band, *, gap: int) -> list[tuple[int, int]]:
    """The x-runs of a band's ink after closing gaps narrower than `gap` px."""
    covered = ink[band.y0:band.y1].any(axis=0)
    runs = _runs(covered)
    merged: list[list[int]] = []
    for a, b in runs:
        if merged and a - merged[-1][1] < gap:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def header_candidates(ink: np.ndarray, bands: Sequence[Band], *, line_px: float,
                      settings: UnruledSettings = DEFAULT_UNRULED_SETTINGS) -> list[int]:
    """Indexes of bands that could be a header row: several labels far apart, text below."""
    gap = max(2, int(settings.header_gap_lines * line_px))
    found = []
    for index, band in enumerate(bands[:-1]):  # a header has a body under it
        if band.height < 0.5 * line_px:
            continue  # a row of marks or a rule's remains, not a text line
        if len(band_chunks(ink, band, gap=gap)) >= settings.min_columns:
            found.append(index)
    return found


def table_extent(bands: Sequence[Band], header: int, *, line_px: float,
                 settings: UnruledSettings = DEFAULT_UNRULED_SETTINGS) -> tuple[int, int]:
    """(top, bottom) px of the table whose header is bands[header]: down to a tall gap."""
    limit = settings.table_gap_lines * line_px
    last = header
    while last + 1 < len(bands) and bands[last + 1].y0 - bands[last].y1 <= limit:
        last += 1
    return bands[header].y0, bands[last].y1


def _lowest_middle(cover: np.ndarray, allowed: np.ndarray) -> int | None:
    """Index of the middle of the longest run of least cover among the allowed places."""
    if not allowed.any():
        return None
    least = cover[allowed].min()
    runs = _runs(allowed & (cover == least))
    a, b = max(runs, key=lambda run: run[1] - run[0])
    return (a + b) // 2


def column_bounds(ink: np.ndarray, header: Band, bottom: int, *, line_px: float,
                  settings: UnruledSettings = DEFAULT_UNRULED_SETTINGS) -> tuple[int, ...]:
    """Column edges (px, ascending, outer edges included) of the table under `header`.

    The header labels anchor the columns: between two neighbouring labels the column
    edge is where the fewest body rows have ink, if title lines crossing there are
    few. A channel white in every body row is an edge too, even under a header label
    (labels of narrow columns run into each other); a sparse column (one short line
    per row) leaves white channels at its sides, so a channel alone is no evidence.
    """
    body = ink[header.y1:bottom]
    if body.size == 0:
        return ()  # a header with nothing under it heads no table
    glyph_gap = max(2, int(0.15 * line_px))  # letters of a word, not words, join
    cover = _widen(body, glyph_gap).sum(axis=0, dtype=np.int64) // 255
    allowed = settings.crossing_share * int(body.any(axis=1).sum())
    labels = band_chunks(ink, header, gap=max(2, int(settings.header_gap_lines * line_px)))
    header_ink = np.zeros(ink.shape[1], bool)
    for a, b in labels:
        header_ink[a:b] = True
    inked = (cover > 0) | header_ink
    if len(labels) < 2 or not inked.any():
        return ()
    left = int(np.argmax(inked))
    right = int(len(inked) - np.argmax(inked[::-1]))
    edges = []
    for (_, end), (start, _) in zip(labels, labels[1:]):
        between = np.zeros_like(header_ink)
        between[end:start] = True
        x = _lowest_middle(cover, between)
        if x is not None and cover[x] <= allowed:
            edges.append(x)
    min_channel = max(2, int(settings.column_gap_lines * line_px) - glyph_gap)
    for a, b in _runs(cover == 0, min_channel):
        if left < a and b < right and not any(a <= x < b for x in edges):
            x = (a + b) // 2
            edges.append(x)
            labels = _split_labels(labels, x, header_ink)
    bounds = [left, *sorted(edges), right]
    return _columns_with_labels(bounds, labels, cover, min_columns=settings.min_columns)


def _split_labels(labels: Sequence[tuple[int, int]], x: int,
                  header_ink: np.ndarray) -> list[tuple[int, int]]:
    """Labels with the one running across x cut in two there (narrow columns' labels
    touch), each part shrunk to its ink."""
    out = []
    for a, b in labels:
        if a < x < b:
            for lo, hi in ((a, x), (x, b)):
                ink_at = np.flatnonzero(header_ink[lo:hi])
                if ink_at.size:
                    out.append((lo + int(ink_at[0]), lo + int(ink_at[-1]) + 1))
        else:
            out.append((a, b))
    return out


def _columns_with_labels(bounds: list[int], labels: Sequence[tuple[int, int]],
                         cover: np.ndarray, *, min_columns: int) -> tuple[int, ...]:
    """Bounds without those that leave a column with no header label: of a label-less
    column's two inner edges, the one with more ink across it goes."""
    bounds = list(bounds)
    centres = [(a + b) / 2 for a, b in labels]
    while len(bounds) > 2:
        empty = [c for c in range(len(bounds) - 1)
                 if not any(bounds[c] <= x < bounds[c + 1] for x in centres)]
        if not empty:
            break
        inner = [i for i in (empty[0], empty[0] + 1) if 0 < i < len(bounds) - 1]
        del bounds[max(inner, key=lambda i: (int(cover[bounds[i]]), i))]
    return tuple(bounds) if len(bounds) - 1 >= min_columns else ()


def crosses(stripe: np.ndarray, x: int, *, max_space: int) -> bool:
    """Whether a stripe of text runs across column edge x: ink at x, or the white
    around x no wider than a word space."""
    inked = stripe.any(axis=0)
    if inked[x]:
        return True
    left = np.flatnonzero(inked[:x])
    right = np.flatnonzero(inked[x:])
    return bool(left.size and right.size) and x + int(right[0]) - int(left[-1]) - 1 < max_space


def line_cores(column: np.ndarray, *, line_px: float) -> list[tuple[int, int]]:
    """(top, bottom) px of the text lines in one column's ink, by their letter bodies.

    Thai lines are told apart by their dense middle band, not by the white between
    them: tone marks and low vowels come and go, so the white between two lines of one
    paragraph varies from nothing to a third of a line. Within each stripe of ink, rows
    with at least half the stripe's densest row are a line's body; marks alone (a
    stripe of small blobs) are too thin to be one.
    """
    raw = column.sum(axis=1, dtype=np.float64)
    window = max(3, int(BODY_SMOOTHING_LINES * line_px)) | 1
    density = np.convolve(raw, np.ones(window) / window, mode="same")
    min_body = max(2, int(MIN_BODY_LINES * line_px))
    cores = []
    for a, b in _runs(raw > 0):
        peak = density[a:b].max()
        cores += [(a + lo, a + hi) for lo, hi in _runs(density[a:b] >= 0.5 * peak, min_body)]
    return cores


def text_stripes(ink: np.ndarray, *, line_px: float) -> list[tuple[int, int]]:
    """(top, bottom) of runs of inked pixel rows; a stripe too thin to hold a line (a
    row of tone marks, or of low vowels, set off by a white pixel row) joins the
    nearer of its neighbours."""
    stripes = [list(run) for run in _runs(ink.any(axis=1))]
    thin = max(2, int(MARK_ROW_LINES * line_px))
    index = 0
    while index < len(stripes) and len(stripes) > 1:
        a, b = stripes[index]
        if b - a >= thin:
            index += 1
            continue
        above = a - stripes[index - 1][1] if index > 0 else None
        below = stripes[index + 1][0] - b if index + 1 < len(stripes) else None
        if below is None or (above is not None and above < below):
            stripes[index - 1][1] = b
        else:
            stripes[index + 1][0] = a
        del stripes[index]
    return [(a, b) for a, b in stripes]


def row_bounds(ink: np.ndarray, xs: Sequence[int], top: int, bottom: int, *, line_px: float,
               settings: UnruledSettings = DEFAULT_UNRULED_SETTINGS) -> tuple[int, ...]:
    """Row edges (px, ascending, top and bottom included) of a table with columns `xs`.

    The table is cut at white pixel rows across its width into stripes. A stripe whose
    text runs across a column edge is a title and a row of its own. Elsewhere the lines
    of one cell follow at the column's line pitch, and a new row starts where columns
    open a paragraph together: under the white, a line starts close below in more
    columns than a line follows at the ordinary pitch. One column alone opens a row
    only where no other column's text runs on (a lone first cell).
    """
    region = ink[top:bottom]
    cores = [[(a + b) / 2 for a, b in line_cores(region[:, xs[c]:xs[c + 1]], line_px=line_px)]
             for c in range(len(xs) - 1)]
    pitches = [b - a for centres in cores for a, b in zip(centres, centres[1:])
               if b - a < 3 * line_px]
    pitch = float(np.median(pitches)) if pitches else 2.0 * line_px
    paragraph = pitch + settings.row_gap_lines * line_px
    reach = settings.start_reach_lines * pitch
    max_space = max(2, int(WORD_SPACE_LINES * line_px))
    stripes = text_stripes(region[:, xs[0]:xs[-1]], line_px=line_px)
    titles = [any(crosses(region[a:b, xs[0]:xs[-1]], x - xs[0], max_space=max_space)
                  for x in xs[1:-1]) for a, b in stripes]
    ys = [top]
    for index, ((_, a), (b, _)) in enumerate(zip(stripes, stripes[1:])):
        if titles[index] != titles[index + 1]:
            ys.append(top + (a + b) // 2)
            continue
        starts = continues = 0
        for centres in cores:
            above = [y for y in centres if y < a]
            below = [y for y in centres if y > b]
            if not below:
                continue
            if above and below[0] - above[-1] < paragraph:
                continues += 1
            elif below[0] - b <= reach:
                starts += 1
        if (starts >= 2 and starts > continues) or (starts == 1 and continues == 0):
            ys.append(top + (a + b) // 2)
    ys.append(bottom)
    return tuple(ys)


def unruled_grid(ink: np.ndarray, xs: Sequence[int], ys: Sequence[int], *,
                 line_px: float) -> grid_stage.Grid:
    """A Grid for the ruled path's cell stage: row separators across the table, column
    separators drawn only in the rows where no text line crosses them (else a span).

    A row whose only text runs across column edges is a title row: it spans the whole
    table, as its ruled twin would. The header row (row 0) never spans: its labels set
    the columns, and the labels of narrow columns may run into each other.
    """
    max_space = max(2, int(WORD_SPACE_LINES * line_px))
    x0, x1 = float(xs[0]), float(xs[-1])
    horizontal = tuple(grid_stage.Segment(float(y), x0, x1, 1.0) for y in ys)
    inner = list(xs[1:-1])
    vertical = [grid_stage.Segment(float(x), float(ys[0]), float(ys[-1]), 1.0)
                for x in (xs[0], xs[-1])]
    for row_index, (y0, y1) in enumerate(zip(ys, ys[1:])):
        row = ink[y0:y1, xs[0]:xs[-1]]
        stripes = [row[a:b] for a, b in _runs(row.any(axis=1))]
        crossed = [row_index > 0 and any(crosses(stripe, x - xs[0], max_space=max_space)
                                         for stripe in stripes) for x in inner]
        if any(crossed):
            # columns joined by crossing text, and whether any other column has text
            inked = [bool(ink[y0:y1, a:b].any()) for a, b in zip(xs, xs[1:])]
            groups, start = [], 0
            for c, joined in enumerate([*crossed, False]):
                if not joined:
                    groups.append((start, c))
                    start = c + 1
            if sum(any(inked[a:b + 1]) for a, b in groups) == 1:
                crossed = [True] * len(inner)  # a title alone in its row spans the table
        vertical += [grid_stage.Segment(float(x), float(y0), float(y1), 1.0)
                     for x, joined in zip(inner, crossed) if not joined]
    return grid_stage.Grid(tuple(float(x) for x in xs), tuple(float(y) for y in ys),
                           horizontal, tuple(sorted(vertical, key=lambda s: (s.pos, s.start))))


HeaderReader = Callable[[Sequence[Cell]], Sequence[str]]


def find_unruled_grid(ink: np.ndarray, *, dpi: float, read_cells: HeaderReader,
                      is_header: Callable[[Sequence[str]], bool],
                      settings: UnruledSettings = DEFAULT_UNRULED_SETTINGS,
                      ) -> grid_stage.Grid | None:
    """The grid of an unruled ITA measure table on a page, or None.

    `ink` is the page's text ink (255 = ink) with ruling lines and specks removed;
    `read_cells` OCRs cells and returns their texts, used on header candidates only:
    a candidate is the table when `is_header` says its first row's texts are header
    labels (the domain's vocabulary stays with the caller: this stage knows pixels only).
    """
    if not settings.enabled or not ink.any():
        return None
    line_px = line_height(ink, dpi=dpi)
    bands = text_bands(ink)
    for header in header_candidates(ink, bands, line_px=line_px,
                                    settings=settings)[:settings.max_candidates]:
        grid = table_grid(ink, bands, header, line_px=line_px, settings=settings)
        if grid is None:
            continue
        cells = [cell for cell in grid_stage.grid_to_cells(grid, dpi=dpi) if cell.row == 0]
        texts = [""] * grid.n_cols
        for cell, text in zip(cells, read_cells(cells), strict=True):
            texts[cell.col] = text
        if is_header(texts):
            return grid
    return None


def table_grid(ink: np.ndarray, bands: Sequence[Band], header: int, *, line_px: float,
               settings: UnruledSettings = DEFAULT_UNRULED_SETTINGS) -> grid_stage.Grid | None:
    """The grid under header candidate bands[header] (no OCR), or None when the text
    below does not fall into enough columns."""
    top, bottom = table_extent(bands, header, line_px=line_px, settings=settings)
    xs = column_bounds(ink, bands[header], bottom, line_px=line_px, settings=settings)
    if not xs:
        return None
    ys = row_bounds(ink, xs, top, bottom, line_px=line_px, settings=settings)
    if len(ys) < 3:
        return None  # a header with nothing under it
    pad = max(2, int(0.2 * line_px))  # cells reach into the white around the text
    xs = (max(0, xs[0] - pad), *xs[1:-1], min(ink.shape[1], xs[-1] + pad))
    ys = (max(0, ys[0] - pad), *ys[1:-1], min(ink.shape[0], ys[-1] + pad))
    return unruled_grid(ink, xs, ys, line_px=line_px)
