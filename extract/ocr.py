"""A scanned page image → `Page` with OCR'd table cells and the text around the tables.

    deskew → ruling lines → grid → first cells read: upright? ─ no → OSD/vote, turn, again
                                                   yes ↓
         cells (spans) → per-cell OCR (the first cells' reads kept) → text outside tables
                   no rules: ↳ grid from the text's alignment (ocr_layout)

Tesseract on a whole table page interleaves columns and reads ruling lines as `|` or
`เ`; one cell at a time, cropped inside its lines with the residual line pixels painted
white, it reads far better and, skipping empty cells and OCRing only the inked part of
each cell, no slower. Text is returned as the engine read it: repairs belong to
`normalize`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PIL import Image

from extract import grid as grid_stage
from extract.grid_finder import RULING_GRID_FINDER, GridFinder
from extract import thai_digits
from extract import ocr_layout, ocr_structure
from extract import timing
from extract.measures import header_fields
from ita_core.model import BBox, Cell, CoordOrigin, Page, Table
from ita_core.thai import OCR_DPI, PAGE_TIMEOUT_SECONDS
from extract.ocr_text import is_junk_line, without_specks
from extract.raster import (MAX_PAGE_PIXELS, MAX_PAGE_SIDE_PX, check_page_size,
                            iter_page_images, pdf_page_image)
from extract.tesseract import (DEFAULT_LANGUAGES, ENGINES, OcrEngine, OcrLine,
                               OcrTimeoutError, get_engine)

DEFAULT_OCR_DPI = OCR_DPI  # pages finer than this are scaled down to it for OCR (and PDFs rendered at it)
DEFAULT_MIN_OCR_DPI = 200  # pages coarser than this are scaled up to it for OCR
DEFAULT_CELL_PSM = 6  # "a single uniform block of text": what a table cell is
SINGLE_LINE_PSM = 7
RAW_LINE_PSM = 13
DEFAULT_BLOCK_PSM = 3  # automatic layout for memo pages and titles around tables
DEFAULT_PAGE_PSM = 3  # a page read whole for the structure engine: its column blocks found
DEFAULT_PAGE_TIMEOUT_SECONDS = PAGE_TIMEOUT_SECONDS
DEFAULT_CONFIDENCE_THRESHOLD = 0.6
DEFAULT_OSD_MIN_CONFIDENCE = 2.0  # below this OSD is a guess; the strip vote decides
OSD_WINDOW_INCHES = 3.0  # OSD tries a central square this size before the whole page
ORIENTATION_METHODS = ("auto", "osd", "vote", "none")
CELL_PADDING_PX = 12  # white border tesseract needs around the text
SPECK_INCHES = 0.008  # smaller than this is dust even beside a letter
GLYPH_INCHES = 0.03  # a blob this big (as a square) is a letter, not a mark or a speck
MARK_REACH_INCHES = 0.05  # marks and full stops sit this close to a letter
MIN_INK_INCHES = 0.03  # a cell whose ink fits in a dot this size is empty (specks, dust)
VOTE_SAMPLES = 3  # text blocks OCR'd at each rotation when voting on orientation
VOTE_SAMPLE_INCHES = 1.6  # largest side of a voting sample
# orientation "auto": a page whose first reading scores this (upright_score) is upright;
# measured on the 41 sample scan pages and the 3 test fixtures (first readings of the first
# cells; two largest text samples): upright 0.89-0.95; 0.85-0.94, turned 180 degrees
# 0.25-0.73; 0.34-0.71, 90 or 270 degrees 0.00-0.22; 0.00-0.24
UPRIGHT_MIN_SCORE = 0.85
UPRIGHT_PROBE_LETTERS = 60  # letters of the first cells read before judging
UPRIGHT_SAMPLES = 2  # judged on a page with no ruled table (one alone: 180 degrees up to 0.78)
UPRIGHT_CONSONANT_SHARE = 0.5  # of the letters of a line of Thai print


@dataclass(frozen=True, slots=True)
class OcrSettings:
    dpi: float = DEFAULT_OCR_DPI
    min_dpi: float = DEFAULT_MIN_OCR_DPI
    languages: str = DEFAULT_LANGUAGES
    cell_psm: int = DEFAULT_CELL_PSM
    block_psm: int = DEFAULT_BLOCK_PSM
    timeout_seconds: float = DEFAULT_PAGE_TIMEOUT_SECONDS  # per page
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD
    max_side_px: int = MAX_PAGE_SIDE_PX
    max_pixels: int = MAX_PAGE_PIXELS
    orientation: str = "auto"
    osd_min_confidence: float = DEFAULT_OSD_MIN_CONFIDENCE
    deskew: bool = True
    engine: str = "tesserocr"
    drop_colour_marks: bool = True  # blue/red stamps and signatures over black text
    # a page whose table is not a fully drawn grid is read whole and its table found by
    # the structure engine (extract.ocr_structure); False: the older ink-alignment path
    structure: bool = True
    page_psm: int = DEFAULT_PAGE_PSM
    grid: grid_stage.GridSettings = field(default_factory=grid_stage.GridSettings)
    unruled: ocr_layout.UnruledSettings = field(default_factory=ocr_layout.UnruledSettings)

    def __post_init__(self) -> None:
        if not 100 <= self.min_dpi <= self.dpi <= 600:
            raise ValueError("need 100 <= min_dpi <= dpi <= 600, "
                             f"got min_dpi={self.min_dpi}, dpi={self.dpi}")
        if not self.languages or any(not part.isalnum() and "_" not in part
                                     for part in self.languages.split("+")):
            raise ValueError(f"languages must look like 'tha+eng', got {self.languages!r}")
        for name in ("cell_psm", "block_psm", "page_psm"):
            if not 0 <= getattr(self, name) <= 13:
                raise ValueError(f"{name} must be a tesseract PSM 0..13, got {getattr(self, name)}")
        if self.timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {self.timeout_seconds}")
        if not 0 <= self.confidence_threshold <= 1:
            raise ValueError("confidence_threshold must be between 0 and 1, "
                             f"got {self.confidence_threshold}")
        if self.max_side_px <= 0 or self.max_pixels <= 0:
            raise ValueError("pixel limits must be positive")
        if self.orientation not in ORIENTATION_METHODS:
            raise ValueError(f"orientation must be one of {ORIENTATION_METHODS}, "
                             f"got {self.orientation!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown OCR engine {self.engine!r}; known: {sorted(ENGINES)}")

    def ocr_resolution(self, page_dpi: float) -> float:
        """The resolution tesseract reads a page at: its own, within [min_dpi, dpi].

        Upsampling a 200-DPI scan to 300 adds pixels but no detail: on the sample scans
        it bought 0.4 points of CER for half again the OCR time.
        """
        return min(max(page_dpi, self.min_dpi), self.dpi)


DEFAULT_OCR_SETTINGS = OcrSettings()


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise OcrTimeoutError(self.seconds)
        return left


def _image_dpi(image, fallback: float) -> float:
    if isinstance(image, Image.Image):
        stated = image.info.get("dpi")
        if stated and stated[0]:
            return float(stated[0])
    return float(fallback)


COLOUR_SATURATION = 80  # HSV saturation (0..255) above which a pixel is coloured ink


def without_colour_marks(image) -> np.ndarray:
    """Grey page with strongly coloured pixels turned to paper.

    Office stamps and signatures are blue or red ink laid over black print; on a colour
    scan they are told apart by saturation and removed before binarising, so a stamp
    over a cell neither breaks its rules nor gets read as text. Coloured print would be
    removed too, hence the setting.
    """
    pixels = np.asarray(image)
    grey = grid_stage.to_grey(pixels)
    if pixels.ndim != 3 or pixels.shape[2] < 3:
        return grey
    hsv = cv2.cvtColor(np.ascontiguousarray(pixels[..., :3]), cv2.COLOR_RGB2HSV)
    coloured = hsv[..., 1] > COLOUR_SATURATION
    if not coloured.any():
        return grey
    # grow a little: JPEG bleeds colour edges into grey
    coloured = cv2.dilate(coloured.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    # judged by its brightest channel, stamp ink alone is nearly as light as paper,
    # while black print under the stamp stays dark in every channel and survives
    paper = float(np.percentile(grey, 90))
    brightest = hsv[..., 2]
    out = grey.copy()
    out[coloured] = np.where(brightest[coloured] > 0.55 * paper, int(paper),
                             brightest[coloured])
    return out


def _rotate_quarter(grey: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate counter-clockwise by 0/90/180/270 degrees, losslessly."""
    return np.ascontiguousarray(np.rot90(grey, k=(degrees // 90) % 4))


def _rescale(grey: np.ndarray, factor: float) -> np.ndarray:
    if abs(factor - 1) < 0.05:
        return grey
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=interpolation)


def _text_samples(grey: np.ndarray, *, dpi: float, count: int,
                  binary: np.ndarray | None = None,
                  rule_mask: np.ndarray | None = None) -> list[np.ndarray]:
    """The largest text blobs of a page (rules removed), cropped to at most a few inches.

    Blobs are found with a square dilation, so the samples do not depend on which way
    the page is turned. `binary` and `rule_mask`, when the grid stage has them already,
    save finding them again.
    """
    if binary is None or rule_mask is None:
        binary = grid_stage.binarize(grey, dpi=dpi)
        rule_mask = grid_stage.find_ruling_lines(binary, dpi=dpi).mask
    rules = cv2.dilate(rule_mask, np.ones((5, 5), np.uint8))
    text = cv2.bitwise_and(binary, cv2.bitwise_not(rules))
    size = max(3, int(dpi * 0.06)) | 1
    blobs = cv2.dilate(text, np.ones((size, size), np.uint8))
    found, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    order = sorted(range(1, found), key=lambda i: -int(stats[i][4]))
    limit = int(VOTE_SAMPLE_INCHES * dpi)
    samples = []
    for index in order[:count]:
        x, y, w, h, _ = stats[index]
        cx, cy = x + w // 2, y + h // 2
        x0, x1 = max(x, cx - limit // 2), min(x + w, cx + limit // 2)
        y0, y1 = max(y, cy - limit // 2), min(y + h, cy + limit // 2)
        crop = np.where(rules[y0:y1, x0:x1] > 0, 255, grey[y0:y1, x0:x1]).astype(np.uint8)
        samples.append(cv2.copyMakeBorder(crop, CELL_PADDING_PX, CELL_PADDING_PX,
                                          CELL_PADDING_PX, CELL_PADDING_PX,
                                          cv2.BORDER_CONSTANT, value=255))
    return samples


def vote_orientation(grey: np.ndarray, *, dpi: float, engine, psm: int = DEFAULT_CELL_PSM,
                     ocr_dpi: float = DEFAULT_OCR_DPI,
                     timeout: float = DEFAULT_PAGE_TIMEOUT_SECONDS) -> tuple[int, float]:
    """(degrees counter-clockwise that make the page upright, winning mean confidence).

    Tesseract reads upside-down or sideways Thai with low confidence, so the rotation
    whose samples read with the highest length-weighted confidence wins.
    """
    samples = [_rescale(sample, ocr_dpi / dpi)
               for sample in _text_samples(grey, dpi=dpi, count=VOTE_SAMPLES)]
    if not samples:
        return 0, 0.0
    deadline = _Deadline(timeout)
    scores = {}
    for degrees in (0, 90, 180, 270):
        weighted, total = 0.0, 0
        for sample in samples:
            for line in engine.read_lines(_rotate_quarter(sample, degrees), psm=psm,
                                          dpi=ocr_dpi, timeout=deadline.remaining()):
                weight = len(line.text.replace(" ", ""))
                weighted += line.confidence * weight
                total += weight
        scores[degrees] = weighted / total if total else 0.0
    best = max(scores, key=lambda d: scores[d])
    return best, scores[best]


def upright_score(lines: Iterable[OcrLine]) -> float:
    """How plainly some OCR lines read as upright Thai, 0..1: their length-weighted
    confidence, times the share of their letters that are Thai consonants over that of a
    line of Thai print (a turned page reads as Latin junk and marks), capped at 1."""
    weighted, total, consonants = 0.0, 0, 0
    for line in lines:
        text = line.text.replace(" ", "")
        weighted += line.confidence * len(text)
        total += len(text)
        consonants += sum(ch in THAI_CONSONANTS for ch in text)
    if not total:
        return 0.0
    return weighted / total * min(1.0, consonants / total / UPRIGHT_CONSONANT_SHARE)


def _sample_lines(samples: list[np.ndarray], *, dpi: float, engine, psm: int,
                  ocr_dpi: float, deadline: _Deadline) -> list[OcrLine]:
    return [line for sample in samples
            for line in _read(engine, _rescale(sample, ocr_dpi / dpi), psm=psm, dpi=ocr_dpi,
                              deadline=deadline)]


def detect_orientation(grey: np.ndarray, *, dpi: float, engine,
                       settings: OcrSettings = DEFAULT_OCR_SETTINGS,
                       timeout: float | None = None) -> tuple[int, str]:
    """(counter-clockwise quarter turn that makes the page upright, method that decided)."""
    if settings.orientation == "none":
        return 0, "none"
    if settings.orientation in ("auto", "osd") and engine.has_osd:
        small = _rescale(grey, min(1.0, 300 / dpi))
        small_dpi = min(dpi, 300)
        # OSD's cost grows with the page; a central square usually holds text enough
        side = int(OSD_WINDOW_INCHES * small_dpi)
        height, width = small.shape
        window = small[max(0, height // 2 - side // 2):height // 2 + side // 2,
                       max(0, width // 2 - side // 2):width // 2 + side // 2]
        for image in (window, small):
            guess = engine.detect_orientation(image, dpi=small_dpi)
            if guess is not None and guess.confidence >= settings.osd_min_confidence:
                return guess.degrees, "osd"
        if settings.orientation == "osd":
            return (guess.degrees if guess is not None else 0), "osd"
    degrees, _ = vote_orientation(grey, dpi=dpi, engine=engine, psm=settings.cell_psm,
                                  ocr_dpi=settings.ocr_resolution(dpi),
                                  timeout=timeout or settings.timeout_seconds)
    return degrees, "vote"


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


@timing.recorded
def ocr_page(image, *, page_number: int, settings: OcrSettings = DEFAULT_OCR_SETTINGS,
             image_dpi: float | None = None,
             grid_finder: GridFinder = RULING_GRID_FINDER) -> Page:
    """OCR one page image (PIL or grey numpy array) into tables of cells and running text.

    `image_dpi` is the resolution the pixels stand for (default: the image's own tag,
    else `settings.dpi`). Bboxes are pixels of the page after orientation fix and deskew,
    at that resolution. `grid_finder` deskews the page and finds its tables' grids.
    """
    started = time.monotonic()
    deadline = _Deadline(settings.timeout_seconds)
    grey, dpi = _page_grey(image, page_number=page_number, settings=settings,
                           image_dpi=image_dpi)
    engine = get_engine(settings.engine, languages=settings.languages)
    reader = _upright_reader(grey, dpi=dpi, engine=engine, settings=settings, deadline=deadline,
                             page_number=page_number, grid_finder=grid_finder)
    if reader is None:
        return Page(page_number, "empty", seconds=time.monotonic() - started)
    if settings.structure and not ocr_structure.fully_ruled(reader.layout):
        return _structured_page(reader, page_number=page_number, started=started)
    unruled = _unruled_grid(reader) if not reader.layout.grids else None
    if unruled is not None:
        reader.layout = replace(reader.layout, grids=(unruled,))
    tables, warnings, confidences = _read_tables(reader, unruled, page_number=page_number)
    if settings.structure and any(grid.n_rows < 3 and ocr_structure.holds_several_measures(table)
                                  for grid, table in zip(reader.layout.grids, tables)):
        return _structured_page(reader, page_number=page_number, started=started)
    with timing.stage("text_outside"):
        lines = _text_outside_tables(reader.layout, reader.ink, dpi=dpi, settings=settings,
                                     engine=engine, deadline=deadline)
    if lines:
        confidences.append(_mean_confidence(lines))
        if confidences[-1] < settings.confidence_threshold:
            warnings.append(f"page {page_number}: low OCR confidence in the text outside "
                            f"tables ({confidences[-1]:.2f})")
    if not thai_digits.templates()[0]:
        warnings.append(f"page {page_number}: Thai digits not checked by shape (no "
                        f"fonts-thai-tlwg fonts installed): ๖ may be read as ๒")
    page_confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return Page(number=page_number, kind="ocr", lines=tuple(line.text for line in lines),
                tables=tuple(tables), warnings=tuple(warnings),
                confidence=round(page_confidence, 4), seconds=round(time.monotonic() - started, 3))


def _structured_page(reader: _PageReader, *, page_number: int, started: float) -> Page:
    """A page whose table is not a fully drawn grid: read whole, its words' boxes given to
    the structure engine (`extract.ocr_structure`)."""
    settings = reader.settings
    text = _ink_without_rules(reader.ink, reader.layout.ruling.mask, dpi=reader.dpi)
    with timing.stage("ocr"):
        near_ink = cv2.dilate(text, np.ones((3, 3), np.uint8))
        grey = np.where(near_ink > 0, reader.layout.image, 255).astype(np.uint8)
        factor = reader.ocr_dpi / reader.dpi
        pixels = _rescale(grey, factor)
        lines = reader.engine.read_words(pixels, psm=settings.page_psm, dpi=reader.ocr_dpi,
                                         timeout=reader.deadline.remaining())
    with timing.stage("digit_reread"):
        lines = ocr_structure.scaled(ocr_structure.reread_numbers(lines, pixels), 1 / factor)
    with timing.stage("structure"):
        found, seen = ocr_structure.read_structure(lines, text, reader.layout.ruling,
                                                   dpi=reader.dpi)
    table, warnings, confidences = None, [], []
    if found is not None:
        table, warnings, confidences = _read_found(reader, found, seen, text,
                                                        page_number=page_number)
    if not thai_digits.templates()[0]:
        warnings.append(f"page {page_number}: Thai digits not checked by shape (no "
                        f"fonts-thai-tlwg fonts installed): ๖ may be read as ๒")
    weights = confidences or list(seen.confidences)
    confidence = sum(weights) / len(weights) if weights else 0.0
    return Page(number=page_number, kind="ocr", lines=seen.texts,
                tables=(table,) if table is not None else (), warnings=tuple(warnings),
                confidence=round(confidence, 4), seconds=round(time.monotonic() - started, 3),
                structure=seen)


def _read_found(reader: _PageReader, found, seen: ocr_structure.PageStructure,
                text: np.ndarray, *, page_number: int) -> tuple[Table, list[str], list[float]]:
    """The engine's table with each cell read again on its own (a cell reads better alone
    than in the page), warnings about weak cells, and the cells' confidences."""
    cells, warnings, confidences = [], [], []
    for cell in ocr_structure.cells_of(found, seen.scale, text):
        lines = reader.cell_lines(cell)
        if lines is None:
            if cell.text:
                cells.append(cell)  # the page reading's words: nothing better to read
            continue
        confidence = _mean_confidence(lines)
        confidences.append(confidence)
        if confidence < reader.settings.confidence_threshold:
            warnings.append(f"page {page_number}: low OCR confidence in row {cell.row + 1} "
                            f"column {cell.col + 1} ({confidence:.2f})")
        cells.append(replace(cell, text="\n".join(line.text for line in lines),
                             confidence=round(confidence, 4)))
    b = [x * seen.scale for x in found.columns.bounds]
    table = Table(page_number, len(found.rows), len(b) - 1, tuple(cells),
                  BBox(b[0], found.top * seen.scale, b[-1], found.bottom * seen.scale, "px",
                       CoordOrigin.TOPLEFT), spans_known=False)
    return table, warnings, confidences


def _page_grey(image, *, page_number: int, settings: OcrSettings,
               image_dpi: float | None) -> tuple[np.ndarray, float]:
    """The page as grey pixels (colour stamps dropped) and the resolution they stand for."""
    with timing.stage("prepare"):
        grey = (without_colour_marks(image) if settings.drop_colour_marks
                else grid_stage.to_grey(image))
    check_page_size(grey.shape[1], grey.shape[0], page_number=page_number,
                    max_side=settings.max_side_px, max_pixels=settings.max_pixels)
    return grey, image_dpi or _image_dpi(image, settings.dpi)


def _upright_reader(grey: np.ndarray, *, dpi: float, engine: OcrEngine, settings: OcrSettings,
                    deadline: _Deadline, page_number: int,
                    grid_finder: GridFinder = RULING_GRID_FINDER) -> _PageReader | None:
    """The page turned upright, deskewed and its ruled grids found; None for a blank page.

    With orientation "auto", a page whose first cells (or, with no ruled table, its
    largest text sample) read plainly as upright Thai is taken as it is, and the cells
    read are kept; only the others go to OSD (or the vote) and are analysed again turned.
    """
    layout = _layout(grey, dpi=dpi, settings=settings, grid_finder=grid_finder)
    # the page's own ink mask when not deskewed (a skew needs ink): no ink, a blank page
    if layout.skew_degrees == 0 and not layout.binary.any():
        return None
    reader = _PageReader(engine, settings, deadline, dpi, layout,
                         grid_stage.text_ink(layout.image, dpi=dpi, settings=settings.grid),
                         grid_finder=grid_finder)
    if settings.orientation == "none":
        return reader
    with timing.stage("orientation"):
        if settings.orientation == "auto" and _plainly_upright(reader, page_number=page_number):
            return reader
        degrees, _ = detect_orientation(grey, dpi=dpi, engine=engine, settings=settings,
                                        timeout=deadline.remaining())
    if degrees == 0:
        return reader
    layout = _layout(_rotate_quarter(grey, degrees), dpi=dpi, settings=settings, grid_finder=grid_finder)
    return _PageReader(engine, settings, deadline, dpi, layout,
                       grid_stage.text_ink(layout.image, dpi=dpi, settings=settings.grid),
                       grid_finder=grid_finder)


def _layout(grey: np.ndarray, *, dpi: float, settings: OcrSettings,
            grid_finder: GridFinder) -> grid_stage.PageLayout:
    with timing.stage("deskew+grid"):
        return grid_finder.analyse_page(grey, dpi=dpi, settings=settings.grid,
                                        deskew=settings.deskew)


def _plainly_upright(reader: _PageReader, *, page_number: int) -> bool:
    """True when the first readings of the page's first inked cells, up to
    UPRIGHT_PROBE_LETTERS letters, or with no ruled table those of its largest text
    samples, score at least UPRIGHT_MIN_SCORE (`upright_score`). The cells are read as
    they would be anyway, and on an upright page their readings are finished, not redone;
    on a turned one only their first reading (no mark rows rejoined, no digits) is lost."""
    lines: list[OcrLine] = []
    letters = 0
    for grid in reader.layout.grids:
        for cell in reader.grid_finder.grid_to_cells(grid, page=page_number, dpi=reader.dpi,
                                                     settings=reader.settings.grid):
            first = reader.first_reading(cell)
            for line in first[1] if first else ():
                lines.append(line)
                letters += len(line.text.replace(" ", ""))
            if letters >= UPRIGHT_PROBE_LETTERS:
                return upright_score(lines) >= UPRIGHT_MIN_SCORE
    if not lines:
        layout = reader.layout
        samples = _text_samples(layout.image, dpi=reader.dpi, count=UPRIGHT_SAMPLES,
                                binary=layout.binary, rule_mask=layout.ruling.mask)
        lines = _sample_lines(samples, dpi=reader.dpi, engine=reader.engine,
                              psm=reader.settings.cell_psm, ocr_dpi=reader.ocr_dpi,
                              deadline=reader.deadline)
    return upright_score(lines) >= UPRIGHT_MIN_SCORE


def _unruled_grid(reader: _PageReader) -> grid_stage.Grid | None:
    """No rules at all: a table laid out by alignment, if its header row says so."""
    with timing.stage("unruled"):
        return ocr_layout.find_unruled_grid(
            _ink_without_rules(reader.ink, reader.layout.ruling.mask, dpi=reader.dpi),
            dpi=reader.dpi, settings=reader.settings.unruled,
            is_header=lambda texts: header_fields(texts) is not None,
            read_cells=lambda cells: [reader.cell_text(c) for c in cells])


def _read_tables(reader: _PageReader, unruled: grid_stage.Grid | None, *,
                 page_number: int) -> tuple[list[Table], list[str], list[float]]:
    """Every grid's cells read: (tables, warnings about weak cells, cell confidences)."""
    settings = reader.settings
    tables: list[Table] = []
    warnings: list[str] = []
    confidences: list[float] = []
    for grid in reader.layout.grids:
        cells = []
        for cell in reader.grid_finder.grid_to_cells(grid, page=page_number, dpi=reader.dpi,
                                                     settings=settings.grid):
            lines = reader.cell_lines(cell)
            if lines is None:
                cells.append(cell)  # empty: no ink, nothing to read
                continue
            confidence = _mean_confidence(lines)
            confidences.append(confidence)
            if confidence < settings.confidence_threshold:
                warnings.append(f"page {page_number}: low OCR confidence in row {cell.row + 1} "
                                f"column {cell.col + 1} ({confidence:.2f})")
            cells.append(replace(cell, text="\n".join(line.text for line in lines),
                                 confidence=round(confidence, 4)))
        table = grid_stage.grid_to_table(grid, tuple(cells), page=page_number)
        # white space cannot prove that a cell does not span
        tables.append(replace(table, spans_known=False) if grid is unruled else table)
    return tables, warnings, confidences


def _ink_without_rules(ink: np.ndarray, rule_mask: np.ndarray, *, dpi: float) -> np.ndarray:
    """Text ink with rule pixels (header underlines) and dust removed."""
    text = ink.copy()
    text[cv2.dilate(rule_mask, np.ones((5, 5), np.uint8)) > 0] = 0
    return drop_specks(text, dpi=dpi)


def _text_outside_tables(layout: grid_stage.PageLayout, ink: np.ndarray, *, dpi: float,
                         settings: OcrSettings, engine,
                         deadline: _Deadline) -> tuple[OcrLine, ...]:
    """Titles, memo text and notes: the page with its tables painted white, read as blocks."""
    grey = layout.image.copy()
    ink = ink.copy()
    margin = max(2, int(dpi * 0.03))
    for grid in layout.grids:
        box = grid.bbox
        y0, y1 = max(0, int(box.y0) - margin), int(box.y1) + margin
        x0, x1 = max(0, int(box.x0) - margin), int(box.x1) + margin
        grey[y0:y1, x0:x1] = 255
        ink[y0:y1, x0:x1] = 0
    ink = drop_specks(ink, dpi=dpi)
    near_ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    grey = np.where(near_ink > 0, grey, 255).astype(np.uint8)
    # read the bands above, beside, between and below the tables separately: a page
    # title and a page number far apart would otherwise make one page-sized image
    cuts = sorted({0, ink.shape[0], *(int(max(0, v)) for g in layout.grids
                                        for v in (g.bbox.y0 - margin, g.bbox.y1 + margin))})
    lines: list[OcrLine] = []
    min_ink = max(4, int(dpi * MIN_INK_INCHES))
    pad = CELL_PADDING_PX
    for top, bottom in zip(cuts, cuts[1:]):
        points = cv2.findNonZero(ink[top:bottom])
        if points is None:
            continue
        x, y, w, h = cv2.boundingRect(points)
        if w < min_ink and h < min_ink:
            continue
        y += top
        region = grey[max(0, y - pad):y + h + pad, max(0, x - pad):x + w + pad]
        ocr_dpi = settings.ocr_resolution(dpi)
        pixels = _rescale(region, ocr_dpi / dpi)
        lines += _reread_thai_numbers(pixels, _read(engine, pixels, psm=settings.block_psm,
                                                    dpi=ocr_dpi, deadline=deadline))
    return tuple(lines)


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


def ocr_file(path, *, settings: OcrSettings = DEFAULT_OCR_SETTINGS,
             grid_finder: GridFinder = RULING_GRID_FINDER) -> Iterator[Page]:
    """OCR every page of a scanned PDF, TIFF, PNG or JPEG, one page image alive at a time;
    a table continued on a page without its header takes the page before's columns."""
    return ocr_structure.carry_columns(_ocr_pages(path, settings=settings, grid_finder=grid_finder))


def _ocr_pages(path, *, settings: OcrSettings, grid_finder: GridFinder) -> Iterator[Page]:
    started = time.perf_counter()
    for page in iter_page_images(path, dpi=settings.dpi, max_side=settings.max_side_px,
                                 max_pixels=settings.max_pixels):
        # the time to render or decode the image, counted from the previous page's end
        rasterised = time.perf_counter() - started
        result = ocr_page(page.image, page_number=page.page_number, settings=settings,
                          image_dpi=page.dpi, grid_finder=grid_finder)
        yield timing.with_stats(result, (("rasterise", rasterised),))
        started = time.perf_counter()


def ocr_pdf_page(path, page_number: int, *, settings: OcrSettings = DEFAULT_OCR_SETTINGS,
                 grid_finder: GridFinder = RULING_GRID_FINDER) -> Page:
    """OCR one page of a mixed PDF (the pipeline decides which pages are scans)."""
    started = time.perf_counter()
    page = pdf_page_image(path, page_number, settings.dpi, max_side=settings.max_side_px,
                          max_pixels=settings.max_pixels)
    rasterised = time.perf_counter() - started
    result = ocr_page(page.image, page_number=page_number, settings=settings, image_dpi=page.dpi,
                      grid_finder=grid_finder)
    return timing.with_stats(result, (("rasterise", rasterised),))
