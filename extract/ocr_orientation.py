"""Which way up a scanned page is: OSD, a vote over rotations, or a plainly upright reading.

`detect_orientation` asks tesseract's OSD (a central window first, then the page) and,
when it is unsure, `vote_orientation` reads the largest text samples at each quarter
turn and keeps the surest. With orientation "auto" the page is first read as it is:
`_plainly_upright` scores the first cells' readings (`upright_score`: confidence times
the share of Thai consonants) and only a page that does not read plainly upright is
turned. Rotation is by quarter turns, losslessly (`_rotate_quarter`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import cv2
import numpy as np

from extract import grid as grid_stage
from extract.ocr_cells import THAI_CONSONANTS, _read, _rescale
from extract.ocr_settings import (CELL_PADDING_PX, DEFAULT_CELL_PSM, DEFAULT_OCR_DPI, DEFAULT_OCR_SETTINGS,
                                  DEFAULT_PAGE_TIMEOUT_SECONDS, OcrSettings, _Deadline)
from extract.tesseract import OcrLine

if TYPE_CHECKING:
    from extract.ocr_cells import _PageReader

OSD_WINDOW_INCHES = 3.0  # OSD tries a central square this size before the whole page
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


def _rotate_quarter(grey: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate counter-clockwise by 0/90/180/270 degrees, losslessly."""
    return np.ascontiguousarray(np.rot90(grey, k=(degrees // 90) % 4))



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
