"""Reading a table cell by OCR: the cell's crop, its lines, and their clean-up.

`clean_cell_crop` cuts a cell inside its ruling lines, paints the residual line pixels
and the dust (`drop_specks`) white and keeps only its inked part; `_read` is the one
timed engine call. A reading is then cleaned: a row of tone marks tesseract read as a
line of its own is read again with the line it belongs to (`_rejoin_mark_rows`), a line
read twice is kept once (`_without_double_reads`), and number-like words are read again
by shape (`_reread_thai_numbers`, `extract.thai_digits`). `_PageReader` holds one page
being read and reads each cell once, whoever asks first (the orientation probe, the
unruled search or the tables). Text stays as the engine read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from extract import grid as grid_stage
from extract.grid_finder import RULING_GRID_FINDER, GridFinder
from extract import thai_digits
from extract import timing
from extract.ocr_settings import CELL_PADDING_PX, RAW_LINE_PSM, SINGLE_LINE_PSM, OcrSettings, _Deadline
from extract.ocr_text import is_junk_line, without_specks
from extract.tesseract import OcrEngine, OcrLine
from ita_core.model import Cell

SPECK_INCHES = 0.008  # smaller than this is dust even beside a letter
GLYPH_INCHES = 0.03  # a blob this big (as a square) is a letter, not a mark or a speck
MARK_REACH_INCHES = 0.05  # marks and full stops sit this close to a letter
MIN_INK_INCHES = 0.03  # a cell whose ink fits in a dot this size is empty (specks, dust)


def _rescale(grey: np.ndarray, factor: float) -> np.ndarray:
    if abs(factor - 1) < 0.05:
        return grey
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=interpolation)



def clean_cell_crop(grey: np.ndarray, binary: np.ndarray, rule_mask: np.ndarray,
                    cell: Cell, *, dpi: float) -> np.ndarray | None:
    """The cell's inked area, inside its ruling lines, line pixels painted white, padded.

    None when the cell holds no ink worth reading.
    """
    box = cell.bbox
    inset = max(2, int(round(dpi * 0.02)))
    x0, y0 = int(box.x0) + inset, int(box.y0) + inset
    x1, y1 = int(box.x1) - inset, int(box.y1) - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    lines = cv2.dilate(rule_mask[y0:y1, x0:x1], np.ones((5, 5), np.uint8))
    ink = binary[y0:y1, x0:x1].copy()
    ink[lines > 0] = 0
    ink = drop_specks(ink, dpi=dpi)
    points = cv2.findNonZero(ink)
    min_ink = max(4, int(dpi * MIN_INK_INCHES))
    if points is None:
        return None
    ix, iy, iw, ih = cv2.boundingRect(points)
    if iw < min_ink and ih < min_ink:
        return None
    # keep the grey pixels of the glyphs and their edges; paper, specks and rules turn white
    near_ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    crop = np.where(near_ink > 0, grey[y0:y1, x0:x1], 255).astype(np.uint8)
    crop = crop[iy:iy + ih, ix:ix + iw]
    return cv2.copyMakeBorder(crop, CELL_PADDING_PX, CELL_PADDING_PX, CELL_PADDING_PX,
                              CELL_PADDING_PX, cv2.BORDER_CONSTANT, value=255)


def drop_specks(ink: np.ndarray, *, dpi: float) -> np.ndarray:
    """The ink mask without dust: small blobs with no glyph nearby.

    Tone marks, vowel marks and full stops are small too, but they sit next to a letter;
    noise, dust and JPEG specks float alone in the paper. Only the small blobs are looked
    at one by one, inside their own boxes; the page-sized work is one labelling and one
    dilation (mapping every pixel of a page through its blob's label cost more than that).
    """
    found, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA]
    glyph_area = max(6, int((GLYPH_INCHES * dpi) ** 2))
    small = [(i, stats[i]) for i in range(1, found) if areas[i] < glyph_area]
    if not small:
        return ink
    own = {i: labels[y:y + h, x:x + w] == i for i, (x, y, w, h, _) in small}
    glyphs = ink.copy()
    for i, (x, y, w, h, _) in small:
        glyphs[y:y + h, x:x + w][own[i]] = 0
    reach = 2 * max(1, int(MARK_REACH_INCHES * dpi)) + 1
    near_glyph = cv2.dilate(glyphs, np.ones((reach, reach), np.uint8))
    speck_area = max(2, int((SPECK_INCHES * dpi) ** 2))
    out = ink.copy()
    for i, (x, y, w, h, area) in small:
        if area < speck_area or not near_glyph[y:y + h, x:x + w][own[i]].any():
            out[y:y + h, x:x + w][own[i]] = 0
    return out


@timing.timed("ocr")
def _read(engine, pixels: np.ndarray, *, psm: int, dpi: float,
          deadline: _Deadline) -> tuple[OcrLine, ...]:
    return engine.read_lines(pixels, psm=psm, dpi=dpi, timeout=deadline.remaining())


MARK_ROW_GAP = 0.3  # a row of marks overlaps or nearly touches the line it belongs to
THAI_CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
DIGITS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙")


def _reads_as_marks(text: str) -> bool:
    """A row of tone marks read alone comes out as Latin junk and punctuation with few
    Thai consonants; a real line (even a short one) is mostly consonants, or digits."""
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        return False
    consonants = sum(ch in THAI_CONSONANTS for ch in letters)
    digits = sum(ch in DIGITS for ch in letters)
    return consonants < 0.3 * len(letters) and digits < 0.6 * len(letters)


def _rejoin_mark_rows(engine, pixels: np.ndarray, lines: tuple[OcrLine, ...], *, dpi: float,
                      deadline: _Deadline) -> tuple[OcrLine, ...]:
    """Re-read a line whose tone marks tesseract split off into a line of their own.

    In block mode tesseract sometimes takes the row of Thai marks above (or below) a text
    line for a separate line and reads it as junk. Such a line is read again together
    with the line it overlaps (the next one first: marks above are the common case), and
    the joint reading is kept only when tesseract is surer of it than of the pair. What
    is left of lines that are only dust goes (extract.ocr_text).
    """
    out: list[OcrLine] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if len(lines) > 1 and _reads_as_marks(line.text):
            candidates = []
            if index + 1 < len(lines):
                candidates.append(("next", lines[index + 1]))
            if out and out[-1] is lines[index - 1]:
                candidates.append(("previous", out[-1]))
            for which, neighbour in candidates:
                upper, lower = sorted((line, neighbour), key=lambda l: l.bbox.y0)
                if lower.bbox.y0 - upper.bbox.y1 >= MARK_ROW_GAP * neighbour.bbox.height:
                    continue
                joined = _read_union(engine, pixels, line, neighbour, dpi=dpi, deadline=deadline)
                if joined is not None and joined.confidence > _mean_confidence((line, neighbour)):
                    if which == "next":
                        out.append(joined)
                        index += 2
                    else:
                        out[-1] = joined
                        index += 1
                    break
            else:
                out.append(line)
                index += 1
            continue
        out.append(line)
        index += 1
    cleaned = ((line, without_specks(line.text)) for line in out)
    return _without_double_reads(tuple(line if text == line.text else replace(line, text=text)
                                       for line, text in cleaned if text.strip()))


DOUBLE_READ_OVERLAP = 0.5  # of the lower line's height
DOUBLE_READ_SIMILARITY = 80.0


def _without_double_reads(lines: tuple[OcrLine, ...]) -> tuple[OcrLine, ...]:
    """One text line that tesseract read twice (its marks made two overlapping line boxes:
    'จ้าหน้าที่ในการ…' then 'เจ้าหน้าทีในการ…') is kept once, the surer reading. Two real
    lines never overlap by half their height."""
    from rapidfuzz import fuzz

    out: list[OcrLine] = []
    for line in lines:
        if out:
            last = out[-1]
            overlap = min(last.bbox.y1, line.bbox.y1) - max(last.bbox.y0, line.bbox.y0)
            height = min(last.bbox.height, line.bbox.height)
            if (height > 0 and overlap >= DOUBLE_READ_OVERLAP * height
                    and fuzz.ratio(last.text, line.text) >= DOUBLE_READ_SIMILARITY):
                if line.confidence > last.confidence:
                    out[-1] = line
                continue
        out.append(line)
    return tuple(out)


def _read_union(engine, pixels: np.ndarray, first: OcrLine, second: OcrLine, *, dpi: float,
                deadline: _Deadline) -> OcrLine | None:
    pad = CELL_PADDING_PX
    y0 = max(0, int(min(first.bbox.y0, second.bbox.y0)) - pad)
    y1 = min(pixels.shape[0], int(max(first.bbox.y1, second.bbox.y1)) + pad)
    x0 = max(0, int(min(first.bbox.x0, second.bbox.x0)) - pad)
    x1 = min(pixels.shape[1], int(max(first.bbox.x1, second.bbox.x1)) + pad)
    # the crop holds slivers of the lines above and below, which can make the single-line
    # mode give up; the raw-line mode reads through them
    for psm in (SINGLE_LINE_PSM, RAW_LINE_PSM):
        parts = _read(engine, pixels[y0:y1, x0:x1], psm=psm, dpi=dpi, deadline=deadline)
        if parts:
            break
    else:
        return None
    return OcrLine(" ".join(part.text for part in parts), _mean_confidence(parts),
                   replace(second.bbox, x0=float(x0), y0=float(y0), x1=float(x1), y1=float(y1)))


def _mean_confidence(lines: tuple[OcrLine, ...]) -> float:
    weights = [max(1, len(line.text)) for line in lines]
    if not lines:
        return 0.0
    return sum(line.confidence * w for line, w in zip(lines, weights)) / sum(weights)


@dataclass
class _PageReader:
    """One page being read: the engine, the deskewed layout, and the cells read so far
    (the orientation probe, the unruled search and the tables ask for the same cells; each
    is read once)."""

    engine: OcrEngine
    settings: OcrSettings
    deadline: _Deadline
    dpi: float
    layout: grid_stage.PageLayout
    ink: np.ndarray  # text ink of layout.image (grid_stage.text_ink)
    grid_finder: GridFinder = RULING_GRID_FINDER
    read: dict[tuple[float, float, float, float], tuple[OcrLine, ...] | None] = field(
        default_factory=dict)
    # first readings the orientation probe asked for, until cell_lines finishes them
    first: dict[tuple[float, float, float, float],
                tuple[np.ndarray, tuple[OcrLine, ...]] | None] = field(default_factory=dict)

    @property
    def ocr_dpi(self) -> float:
        return self.settings.ocr_resolution(self.dpi)

    def cell_lines(self, cell: Cell) -> tuple[OcrLine, ...] | None:
        """The cell's lines as OCR reads them; None for a cell with no ink."""
        key = _cell_key(cell)
        if key not in self.read:
            first = self.first_reading(cell)
            self.first.pop(key, None)
            self.read[key] = None if first is None else self._cleaned(*first)
        return self.read[key]

    def first_reading(self, cell: Cell) -> tuple[np.ndarray, tuple[OcrLine, ...]] | None:
        """(the cleaned cell crop at the OCR resolution, its lines read as a block), before
        any clean-up of the lines; None for a cell with no ink."""
        key = _cell_key(cell)
        if key not in self.first:
            crop = clean_cell_crop(self.layout.image, self.ink, self.layout.ruling.mask, cell,
                                   dpi=self.dpi)
            if crop is None:
                self.first[key] = None
            else:
                pixels = _rescale(crop, self.ocr_dpi / self.dpi)
                self.first[key] = (pixels, _read(self.engine, pixels, psm=self.settings.cell_psm,
                                                 dpi=self.ocr_dpi, deadline=self.deadline))
        return self.first[key]

    def _cleaned(self, pixels: np.ndarray, lines: tuple[OcrLine, ...]) -> tuple[OcrLine, ...]:
        """A cell's first reading with its marks rejoined, numbers read again by shape."""
        lines = _rejoin_mark_rows(self.engine, pixels, lines, dpi=self.ocr_dpi,
                                  deadline=self.deadline)
        # periods and results carry years and counts: ๖ read as ๒ matters there
        lines = _reread_thai_numbers(pixels, lines)
        # a row of marks or dust read as digits and letters ("๑7 979๑7") goes
        return tuple(line for line in lines if not is_junk_line(line.text))

    def cell_text(self, cell: Cell) -> str:
        return "\n".join(line.text for line in self.cell_lines(cell) or ())


def _cell_key(cell: Cell) -> tuple[float, float, float, float]:
    return (cell.bbox.x0, cell.bbox.y0, cell.bbox.x1, cell.bbox.y1)



@timing.timed("digit_reread")
def _reread_thai_numbers(pixels: np.ndarray, lines: tuple[OcrLine, ...]) -> list[OcrLine]:
    """Lines whose number-like words are read again by shape (`extract.thai_digits`).

    Tesseract's Thai model reads ๖ as ๒ (๒๕๖๖ → ๒๕๒๒๐) with full confidence, and the
    years of titles and memo dates are what fiscal year and memo date stand on.
    """
    out = []
    for line in lines:
        box = line.bbox
        spans_block = len(lines) > 1 and box.height >= 0.9 * pixels.shape[0]
        if spans_block or not thai_digits.has_numberish_token(line.text):
            out.append(line)  # no box of its own, or nothing to read again
            continue
        pad = max(2, int(round(box.height * 0.15)))
        crop = pixels[max(0, int(box.y0) - pad):int(box.y1) + pad,
                      max(0, int(box.x0) - pad):int(box.x1) + pad]
        text = thai_digits.reread_digits(line.text, crop)
        out.append(replace(line, text=text) if text != line.text else line)
    return out
