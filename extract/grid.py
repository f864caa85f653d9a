"""Ruled tables in a page image: deskew → ruling lines → grid → cells with spans.

Read as a chain of plain functions (pdfplumber's TableFinder shape):

    binary = binarize(grey, dpi=dpi)
    angle = estimate_skew(binary)                    # degrees, from ruling and text lines
    grey, binary = rotate(grey, angle), rotate(binary, angle)
    ruling = find_ruling_lines(binary, dpi=dpi)      # merged horizontal/vertical segments
    grids = lines_to_grid(ruling, dpi=dpi)           # one Grid per table
    cells = grid_to_cells(grids[0], ruling)          # Cells with row/col spans, px bboxes

`analyse_page` runs the chain. Lengths are set in inches and turned into pixels with the
page's resolution, so nothing is tuned to one scan resolution. Bboxes are pixels from the
top-left of the deskewed page image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from extract.grid_strokes import StrokeTest
from ita_core.model import BBox, Cell, CoordOrigin, Table

DEFAULT_MAX_SKEW_DEGREES = 5.0
DEFAULT_THRESHOLD_BLOCK_INCHES = 0.15  # adaptive-threshold window: a few characters wide
DEFAULT_THRESHOLD_OFFSET = 12  # grey levels below the local mean that count as ink
DEFAULT_MIN_HORIZONTAL_INCHES = 0.6  # longer than a text line's baseline run (Thai: ~0.4 in)
DEFAULT_MIN_VERTICAL_INCHES = 0.22  # a one-line table row is about this tall
DEFAULT_BRIDGE_INCHES = 0.02  # pixel gaps closed before opening (toner dropouts)
DEFAULT_MIN_PIECE_INCHES = 0.08  # shortest piece of a broken rule that still counts
DEFAULT_JOIN_GAP_INCHES = 0.6  # collinear segments this far apart are one broken line
DEFAULT_SNAP_INCHES = 0.04  # parallel lines closer than this are one line
DEFAULT_MAX_THICKNESS_INCHES = 0.06  # thicker bars are filled areas, not rules
DEFAULT_SPAN_COVERAGE = 0.5  # a separator drawn along less than this is absent


@dataclass(frozen=True, slots=True)
class GridSettings:
    max_skew_degrees: float = DEFAULT_MAX_SKEW_DEGREES
    threshold_block_inches: float = DEFAULT_THRESHOLD_BLOCK_INCHES
    threshold_offset: int = DEFAULT_THRESHOLD_OFFSET
    min_horizontal_inches: float = DEFAULT_MIN_HORIZONTAL_INCHES
    min_vertical_inches: float = DEFAULT_MIN_VERTICAL_INCHES
    bridge_inches: float = DEFAULT_BRIDGE_INCHES
    join_gap_inches: float = DEFAULT_JOIN_GAP_INCHES
    snap_inches: float = DEFAULT_SNAP_INCHES
    max_thickness_inches: float = DEFAULT_MAX_THICKNESS_INCHES
    span_coverage: float = DEFAULT_SPAN_COVERAGE

    def __post_init__(self) -> None:
        if not 0 <= self.max_skew_degrees <= 45:
            raise ValueError(f"max_skew_degrees must be 0..45, got {self.max_skew_degrees}")
        if not 0 < self.span_coverage < 1:
            raise ValueError(f"span_coverage must be between 0 and 1, got {self.span_coverage}")
        for name in ("threshold_block_inches", "min_horizontal_inches", "min_vertical_inches",
                     "bridge_inches", "join_gap_inches", "snap_inches",
                     "max_thickness_inches"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")


DEFAULT_GRID_SETTINGS = GridSettings()


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line: horizontal ones run x0→x1 at `pos` (y); vertical ones y0→y1 at x."""

    pos: float
    start: float
    end: float
    thickness: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, eq=False)
class RulingLines:
    """Merged lines (a broken line is one Segment) and the drawn pieces they were made of.
    The grid is built from the merged lines; spans are read from the pieces, because a
    separator that is missing along a whole cell is a merge, not a toner dropout."""

    horizontal: tuple[Segment, ...]
    vertical: tuple[Segment, ...]
    horizontal_pieces: tuple[Segment, ...]
    vertical_pieces: tuple[Segment, ...]
    mask: np.ndarray  # uint8, 255 where a ruling line was found (for cleaning cell crops)


@dataclass(frozen=True, slots=True)
class Grid:
    """One table: column boundaries `xs` and row boundaries `ys`, both ascending, in px;
    `horizontal`/`vertical` are the drawn pieces of its lines, used to detect spans."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    horizontal: tuple[Segment, ...]
    vertical: tuple[Segment, ...]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    @property
    def bbox(self) -> BBox:
        return BBox(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1], "px", CoordOrigin.TOPLEFT)


@dataclass(frozen=True, eq=False)
class PageLayout:
    """A page after deskew, with what the grid stage found on it."""

    image: np.ndarray  # deskewed grey image (uint8)
    binary: np.ndarray  # deskewed ink mask (uint8, ink = 255)
    skew_degrees: float
    ruling: RulingLines
    grids: tuple[Grid, ...] = field(default=())


def _px(inches: float, dpi: float, minimum: int = 1) -> int:
    return max(minimum, int(round(inches * dpi)))


def to_grey(image) -> np.ndarray:
    """A PIL image or numpy array as a 2-D uint8 grey array."""
    pixels = np.asarray(image)
    if pixels.dtype == bool:
        pixels = pixels.astype(np.uint8) * 255
    if pixels.ndim == 3:
        code = cv2.COLOR_RGBA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_RGB2GRAY
        pixels = cv2.cvtColor(pixels, code)
    if pixels.dtype != np.uint8:
        pixels = cv2.normalize(pixels, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return pixels


def binarize(grey: np.ndarray, *, dpi: float,
             settings: GridSettings = DEFAULT_GRID_SETTINGS) -> np.ndarray:
    """Ink mask (255 = ink) by adaptive threshold, so grey paper and uneven light do not matter."""
    block = _px(settings.threshold_block_inches, dpi, 3) | 1
    # a light blur tames noise and JPEG ringing; a median would erase 1-px rules of fax pages
    smoothed = cv2.GaussianBlur(grey, (3, 3), 0)
    return cv2.adaptiveThreshold(smoothed, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                 cv2.THRESH_BINARY_INV, block, settings.threshold_offset)


def text_ink(grey: np.ndarray, *, dpi: float,
             settings: GridSettings = DEFAULT_GRID_SETTINGS) -> np.ndarray:
    """Ink mask for reading text: a median first, so noise and JPEG specks are not ink.

    (Rules are found on `binarize`, whose lighter blur keeps the 1-px rules of fax pages.)
    """
    block = _px(settings.threshold_block_inches, dpi, 3) | 1
    return cv2.adaptiveThreshold(cv2.medianBlur(grey, 3), 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                 cv2.THRESH_BINARY_INV, block, settings.threshold_offset)


def rotate(image: np.ndarray, degrees: float, *, fill: int = 255) -> np.ndarray:
    """Rotate counter-clockwise by `degrees` about the centre, growing the canvas to fit."""
    if abs(degrees) < 1e-3:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width = int(round(height * sin + width * cos))
    new_height = int(round(height * cos + width * sin))
    matrix[0, 2] += new_width / 2 - width / 2
    matrix[1, 2] += new_height / 2 - height / 2
    return cv2.warpAffine(image, matrix, (new_width, new_height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def estimate_skew(binary: np.ndarray, *, max_degrees: float = DEFAULT_MAX_SKEW_DEGREES) -> float:
    """The rotation (degrees, counter-clockwise) that makes lines level.

    Ruling lines and text lines both make the row-sum profile of ink peakiest when level,
    so the angle with the largest profile energy wins: coarse search, then a fine one.
    """
    height, width = binary.shape
    scale = min(1.0, 800 / max(height, width))  # the profile needs text lines, not letters
    small = binary if scale == 1.0 else cv2.resize(binary, None, fx=scale, fy=scale,
                                                   interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0

    def energy(angle: float) -> float:
        rows = rotate(small, angle, fill=0).sum(axis=1, dtype=np.float64)
        return float(np.dot(rows, rows))

    coarse = np.arange(-max_degrees, max_degrees + 1e-9, 0.5)
    best = max(coarse, key=energy)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=energy)
    return round(float(best), 2)


def _line_mask(binary: np.ndarray, *, horizontal: bool, min_length: int, bridge: int) -> np.ndarray:
    along = (lambda n: (n, 1)) if horizontal else (lambda n: (1, n))
    bridged = cv2.morphologyEx(binary, cv2.MORPH_CLOSE,
                               cv2.getStructuringElement(cv2.MORPH_RECT, along(bridge)))
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, along(min_length)))


def _segments_from_mask(mask: np.ndarray, *, horizontal: bool, min_length: int,
                        max_thickness: int) -> list[Segment]:
    count, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segments = []
    for index in range(1, count):
        x, y, w, h, area = stats[index]
        length, across = (w, h) if horizontal else (h, w)
        thickness = area / max(length, 1)
        if length < min_length or thickness > max_thickness:
            continue
        if horizontal:
            segments.append(Segment(float(centroids[index][1]), float(x), float(x + w), thickness))
        else:
            segments.append(Segment(float(centroids[index][0]), float(y), float(y + h), thickness))
    return segments


def merge_collinear(segments: list[Segment], *, snap: float, join_gap: float) -> list[Segment]:
    """Join pieces of one broken or faint line: same position (±snap), gap ≤ join_gap."""
    merged: list[Segment] = []
    for segment in sorted(segments, key=lambda s: (s.pos, s.start)):
        placed = False
        for index, other in enumerate(merged):
            if abs(other.pos - segment.pos) <= snap and \
                    segment.start <= other.end + join_gap and other.start <= segment.end + join_gap:
                total = other.length + segment.length
                merged[index] = Segment(
                    (other.pos * other.length + segment.pos * segment.length) / total,
                    min(other.start, segment.start), max(other.end, segment.end),
                    max(other.thickness, segment.thickness))
                placed = True
                break
        if not placed:
            merged.append(segment)
    # a join can make two earlier groups overlap; repeat until stable
    if len(merged) < len(segments):
        return merge_collinear(merged, snap=snap, join_gap=join_gap)
    return merged


def _touch_tolerance(dpi: float, settings: GridSettings) -> int:
    """How far a line may stop short of the line it meets: a bridged gap and a bit.

    Kept tight, because a bold letter's stroke standing a few pixels under a rule must
    not count as a vertical rule meeting it.
    """
    return 2 * _px(settings.bridge_inches, dpi, 2) + 2


def _touches(h: Segment, v: Segment, tolerance: float) -> bool:
    return (h.start - tolerance <= v.pos <= h.end + tolerance
            and v.start - tolerance <= h.pos <= v.end + tolerance)


def find_ruling_lines(binary: np.ndarray, *, dpi: float,
                      settings: GridSettings = DEFAULT_GRID_SETTINGS) -> RulingLines:
    """Horizontal and vertical ruling lines of a (deskewed) ink mask.

    Long thin openings keep rules and drop text; collinear pieces are merged so a broken
    line stays one line; a vertical line must meet two horizontal ones or none and be 4
    minimums long (a short horizontal one two vertical ones): letter strokes, underlines go.
    """
    min_h = _px(settings.min_horizontal_inches, dpi, 10)
    min_v = _px(settings.min_vertical_inches, dpi, 8)
    bridge = _px(settings.bridge_inches, dpi, 2)
    thickness = _px(settings.max_thickness_inches, dpi, 3)
    snap = _px(settings.snap_inches, dpi, 2)
    join_gap = _px(settings.join_gap_inches, dpi, 5)

    h_mask = _line_mask(binary, horizontal=True, min_length=min_h, bridge=bridge)
    v_mask = _line_mask(binary, horizontal=False, min_length=min_v, bridge=bridge)
    # pieces of a worn rule can be shorter than a rule's minimum; they count only where
    # they lie on a long rule (see StrokeTest), so letter strokes do not
    piece = _px(DEFAULT_MIN_PIECE_INCHES, dpi, 4)
    lines = {}
    for horizontal, mask, min_length in ((True, h_mask, min_h), (False, v_mask, min_v)):
        long_pieces = _segments_from_mask(mask, horizontal=horizontal, min_length=min_length,
                                          max_thickness=thickness)
        short_pieces = _segments_from_mask(
            _line_mask(binary, horizontal=horizontal, min_length=piece, bridge=bridge),
            horizontal=horizontal, min_length=piece, max_thickness=thickness)
        # rules come from long pieces only, so letter strokes never make one; the short
        # pieces of a rule's worn stretches count when spans are read (see StrokeTest)
        lines[horizontal] = (merge_collinear(long_pieces, snap=snap, join_gap=join_gap),
                             short_pieces)
    (horizontal, h_pieces), (vertical, v_pieces) = lines[True], lines[False]

    tolerance = _touch_tolerance(dpi, settings)
    meets = [sum(_touches(h, v, tolerance) for h in horizontal) for v in vertical]
    # a vertical meeting no rule stands alone: long, and not a stack of letters' stems
    # (ส, ท and their marks over three lines of a tightly set column, bridged into one)
    letters = StrokeTest(binary, h_mask, horizontal, dpi=dpi, tolerance=tolerance)
    vertical = [v for v, n in zip(vertical, meets)
                if n >= 2 or (n == 0 and v.length >= 4 * min_v and not letters.stroke(v, False))]
    long_enough = 4 * min_h
    horizontal = [h for h in horizontal
                  if h.length >= long_enough or sum(_touches(h, v, tolerance) for v in vertical) >= 2]
    h_kept, v_kept = _kept_rule_pixels(h_mask, v_mask, horizontal, vertical, snap)
    return RulingLines(tuple(sorted(horizontal, key=lambda s: (s.pos, s.start))),
                       tuple(sorted(vertical, key=lambda s: (s.pos, s.start))),
                       StrokeTest(binary, v_kept, vertical, dpi=dpi, tolerance=tolerance)
                       .rule_pieces(h_pieces, horizontal, snap=snap, horizontal=True),
                       StrokeTest(binary, h_kept, horizontal, dpi=dpi, tolerance=tolerance)
                       .rule_pieces(v_pieces, vertical, snap=snap, horizontal=False),
                       cv2.bitwise_or(h_kept, v_kept))


def _kept_rule_pixels(h_mask: np.ndarray, v_mask: np.ndarray, horizontal: list[Segment],
                      vertical: list[Segment], snap: int) -> tuple[np.ndarray, np.ndarray]:
    """The line pixels of kept rules only, horizontal and vertical: a letter baseline that
    survived the opening but was dropped as a rule must not be painted out of its cell."""
    near = np.zeros_like(h_mask)
    for h in horizontal:
        cv2.rectangle(near, (int(h.start), int(h.pos - snap)), (int(h.end), int(h.pos + snap)), 255, -1)
    h_kept = cv2.bitwise_and(h_mask, near)
    near[:] = 0
    for v in vertical:
        cv2.rectangle(near, (int(v.pos - snap), int(v.start)), (int(v.pos + snap), int(v.end)), 255, -1)
    return h_kept, cv2.bitwise_and(v_mask, near)


def _cluster_positions(values: list[float], snap: float) -> list[float]:
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= snap:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def lines_to_grid(ruling: RulingLines, *, dpi: float,
                  settings: GridSettings = DEFAULT_GRID_SETTINGS) -> tuple[Grid, ...]:
    """Group touching lines into tables and give each its row and column boundaries.

    A table needs at least two horizontal and two vertical lines. When a table has no
    outer vertical border, the ends of its horizontal lines stand in for it.
    """
    snap = _px(settings.snap_inches, dpi, 2)
    tolerance = _touch_tolerance(dpi, settings)
    horizontal, vertical = list(ruling.horizontal), list(ruling.vertical)
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for hi, h in enumerate(horizontal):
        for vi, v in enumerate(vertical):
            if _touches(h, v, tolerance):
                parent[find(hi)] = find(len(horizontal) + vi)

    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for hi, h in enumerate(horizontal):
        groups.setdefault(find(hi), ([], []))[0].append(h)
    for vi, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + vi), ([], []))[1].append(v)

    grids = []
    for h_lines, v_lines in groups.values():
        if len(h_lines) < 2 or len(v_lines) < 2:
            continue
        xs = _cluster_positions([v.pos for v in v_lines], snap)
        ys = _cluster_positions([h.pos for h in h_lines], snap)
        left, right = min(h.start for h in h_lines), max(h.end for h in h_lines)
        top, bottom = min(v.start for v in v_lines), max(v.end for v in v_lines)
        margin = _px(settings.min_vertical_inches, dpi, 8)
        if xs[0] - left > margin:
            xs.insert(0, left)
        if right - xs[-1] > margin:
            xs.append(right)
        if ys[0] - top > margin:
            ys.insert(0, top)
        if bottom - ys[-1] > margin:
            ys.append(bottom)
        if len(xs) >= 2 and len(ys) >= 2:
            slack = tolerance
            h_pieces = tuple(p for p in ruling.horizontal_pieces
                             if ys[0] - slack <= p.pos <= ys[-1] + slack
                             and p.end >= xs[0] - slack and p.start <= xs[-1] + slack)
            v_pieces = tuple(p for p in ruling.vertical_pieces
                             if xs[0] - slack <= p.pos <= xs[-1] + slack
                             and p.end >= ys[0] - slack and p.start <= ys[-1] + slack)
            grids.append(Grid(tuple(xs), tuple(ys), h_pieces, v_pieces))
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return tuple(grids)


def _coverage(lines: tuple[Segment, ...], pos: float, start: float, end: float,
              tolerance: float) -> float:
    """Fraction of [start, end] drawn by lines lying at `pos` (±tolerance)."""
    pieces = sorted((max(s.start, start), min(s.end, end)) for s in lines
                    if abs(s.pos - pos) <= tolerance and s.end > start and s.start < end)
    covered, reach = 0.0, start
    for a, b in pieces:
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / max(end - start, 1e-6)


def grid_to_cells(grid: Grid, *, page: int = 1, dpi: float = 300,
                  settings: GridSettings = DEFAULT_GRID_SETTINGS) -> tuple[Cell, ...]:
    """Cells of a grid, merging neighbours whose separating line segment is absent.

    A title row drawn across the table becomes one Cell with col_span = n_cols.
    Cells carry empty text; the OCR stage fills it in.
    """
    tolerance = _px(settings.snap_inches, dpi, 2) + _px(settings.max_thickness_inches, dpi, 3)
    n_rows, n_cols = grid.n_rows, grid.n_cols
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and _coverage(grid.vertical, grid.xs[c + 1], grid.ys[r],
                                            grid.ys[r + 1], tolerance) < settings.span_coverage:
                parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows and _coverage(grid.horizontal, grid.ys[r + 1], grid.xs[c],
                                            grid.xs[c + 1], tolerance) < settings.span_coverage:
                parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)

    extents: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            box = extents.setdefault(find(r * n_cols + c), [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)

    taken = [[False] * n_cols for _ in range(n_rows)]
    cells = []
    for r0, c0, r1, c1 in sorted(extents.values()):
        if taken[r0][c0]:
            continue  # a non-rectangular merge: its bounding box already holds this spot
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                taken[r][c] = True
        cells.append(Cell(row=r0, col=c0, text="", row_span=r1 - r0 + 1, col_span=c1 - c0 + 1,
                          bbox=BBox(grid.xs[c0], grid.ys[r0], grid.xs[c1 + 1], grid.ys[r1 + 1],
                                    "px", CoordOrigin.TOPLEFT)))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return tuple(cells)


def grid_to_table(grid: Grid, cells: tuple[Cell, ...], *, page: int) -> Table:
    return Table(page=page, n_rows=grid.n_rows, n_cols=grid.n_cols, cells=cells, bbox=grid.bbox)


DEFAULT_MIN_COLUMN_GAP_INCHES = 0.06  # white channel between columns; wider than a word space
DEFAULT_COLUMN_GAP_SHARE = 0.6  # ...empty in at least this share of the table's rows
WHITESPACE = 0.0  # the thickness of a rule found from white space, not drawn


def add_whitespace_columns(binary: np.ndarray, ruling: RulingLines, *, dpi: float,
                           settings: GridSettings = DEFAULT_GRID_SETTINGS) -> RulingLines:
    """Column rules for tables drawn with horizontal rules only.

    Three or more long horizontal rules of one width with no vertical rule across them
    make a table whose columns are white channels. A channel empty in most rows is a
    column boundary; it becomes a vertical rule drawn only in the rows where it is empty,
    so a row whose text runs across it (a title) reads as a span, as with drawn rules.
    The rules added have thickness `WHITESPACE`: no ink.
    """
    tolerance = _touch_tolerance(dpi, settings)
    edge = _px(0.2, dpi)
    loose = [h for h in ruling.horizontal
             if not any(_touches(h, v, tolerance) for v in ruling.vertical)]
    groups: list[list[Segment]] = []
    for h in sorted(loose, key=lambda s: (s.start, s.pos)):
        for group in groups:
            if abs(group[0].start - h.start) <= edge and abs(group[0].end - h.end) <= edge:
                group.append(h)
                break
        else:
            groups.append([h])
    min_gap = _px(DEFAULT_MIN_COLUMN_GAP_INCHES, dpi, 3)
    added_lines: list[Segment] = []
    added_pieces: list[Segment] = []
    added_rules: list[Segment] = []
    halo = 2 * _px(settings.bridge_inches, dpi, 2) + 1  # a rule's blurred edges are not text
    text = cv2.bitwise_and(binary, cv2.bitwise_not(
        cv2.dilate(ruling.mask, np.ones((halo, halo), np.uint8))))
    for group in groups:
        if len(group) < 3:
            continue
        group.sort(key=lambda s: s.pos)
        x0, x1 = int(min(h.start for h in group)), int(max(h.end for h in group))
        bands = [(int(a.pos), int(b.pos)) for a, b in zip(group, group[1:]) if b.pos - a.pos > min_gap]
        if not bands:
            continue
        empty = np.array([~text[y0 + 2:y1 - 1, x0:x1].any(axis=0) for y0, y1 in bands])
        share = empty.mean(axis=0) >= DEFAULT_COLUMN_GAP_SHARE
        channels = _runs(share, min_gap)
        inner = [(a, b) for a, b in channels if a > 0 and b < x1 - x0]
        if not inner:
            continue
        top, bottom = group[0].pos, group[-1].pos
        open_row = _open_last_row(text, int(bottom), x0, x1, inner, dpi=dpi, min_gap=min_gap)
        if open_row is not None:
            # a table cut by the page break has no rule under its last row: close it
            added_rules.append(Segment(float(open_row), float(x0), float(x1), WHITESPACE))
            empty = np.vstack([empty, ~text[int(bottom) + 2:open_row - 1, x0:x1].any(axis=0)])
            bands.append((int(bottom), open_row))
            bottom = float(open_row)
        for a, b in inner:
            x = x0 + (a + b) / 2
            added_lines.append(Segment(x, top, bottom, WHITESPACE))
            for (y0, y1), row_empty in zip(bands, empty):
                # the row keeps some white channel inside the column gap: no text crosses
                # (a word space inside a title is narrower than the minimum column gap)
                if _runs(row_empty[max(0, a - min_gap):b + min_gap], min_gap):
                    added_pieces.append(Segment(x, float(y0), float(y1), WHITESPACE))
        for x in (float(x0), float(x1)):  # the outer edges, so the grid is closed
            added_lines.append(Segment(x, top, bottom, WHITESPACE))
            added_pieces.append(Segment(x, top, bottom, WHITESPACE))
    if not added_lines:
        return ruling
    return RulingLines(tuple(sorted((*ruling.horizontal, *added_rules),
                                    key=lambda s: (s.pos, s.start))),
                       tuple(sorted((*ruling.vertical, *added_lines), key=lambda s: (s.pos, s.start))),
                       tuple(sorted((*ruling.horizontal_pieces, *added_rules),
                                    key=lambda s: (s.pos, s.start))),
                       tuple(sorted((*ruling.vertical_pieces, *added_pieces),
                                    key=lambda s: (s.pos, s.start))),
                       ruling.mask)


OPEN_ROW_START_INCHES = 0.3  # a continuing row's text starts this close under the last rule
OPEN_ROW_END_INCHES = 0.4  # ...and ends at a white gap this tall (or the page's end)


def _open_last_row(text: np.ndarray, bottom: int, x0: int, x1: int,
                   channels: list[tuple[int, int]], *, dpi: float, min_gap: int) -> int | None:
    """Where a rules-only table's unruled last row ends, or None when nothing continues.

    The text must start right under the last rule and keep every column channel white;
    a page number or signature block further down does not qualify.
    """
    below = text[bottom + 2:, x0:x1]
    inked_rows = below.any(axis=1)
    if not inked_rows.any() or np.argmax(inked_rows) > OPEN_ROW_START_INCHES * dpi:
        return None
    gaps = _runs(~inked_rows, _px(OPEN_ROW_END_INCHES, dpi))
    end = gaps[0][0] if gaps else int(np.flatnonzero(inked_rows)[-1]) + 1
    if end < min_gap:
        return None
    empty = ~below[:end].any(axis=0)
    if not all(_runs(empty[max(0, a - min_gap):b + min_gap], min_gap) for a, b in channels):
        return None
    return bottom + 2 + end + min_gap // 2


def _runs(flags: np.ndarray, min_length: int) -> list[tuple[int, int]]:
    """(start, end) of runs of True at least `min_length` long."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(changes[::2], changes[1::2]) if b - a >= min_length]


def analyse_page(image, *, dpi: float, settings: GridSettings = DEFAULT_GRID_SETTINGS,
                 deskew: bool = True) -> PageLayout:
    """Deskew a page image and find its ruled tables."""
    grey = to_grey(image)
    binary = binarize(grey, dpi=dpi, settings=settings)
    angle = estimate_skew(binary, max_degrees=settings.max_skew_degrees) if deskew else 0.0
    if angle:
        grey = rotate(grey, angle, fill=255)
        binary = binarize(grey, dpi=dpi, settings=settings)
    ruling = add_whitespace_columns(binary, find_ruling_lines(binary, dpi=dpi, settings=settings),
                                    dpi=dpi, settings=settings)
    return PageLayout(grey, binary, angle, ruling, lines_to_grid(ruling, dpi=dpi,
                                                                 settings=settings))


def find_tables(image, *, page: int, dpi: float,
                settings: GridSettings = DEFAULT_GRID_SETTINGS) -> tuple[Table, ...]:
    """Tables of a page image with empty cell text (the structure only)."""
    layout = analyse_page(image, dpi=dpi, settings=settings)
    return tuple(grid_to_table(g, grid_to_cells(g, page=page, dpi=dpi, settings=settings),
                               page=page) for g in layout.grids)
