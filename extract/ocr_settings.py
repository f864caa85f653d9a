"""The OCR path's settings (`OcrSettings`, checked on creation) and a page's time budget.

`OcrSettings` holds the resolutions, tesseract page-segmentation modes, the per-page
timeout, the orientation method and the settings of the grid and unruled stages; its
`ocr_resolution` says at what DPI a page is read. `_Deadline` is one page's timeout,
shared by every engine call on the page (`extract.ocr_cells._read`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from extract import grid as grid_stage
from extract import ocr_layout
from extract.raster import MAX_PAGE_PIXELS, MAX_PAGE_SIDE_PX
from extract.tesseract import DEFAULT_LANGUAGES, ENGINES, OcrTimeoutError
from ita_core.thai import OCR_DPI, PAGE_TIMEOUT_SECONDS

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
ORIENTATION_METHODS = ("auto", "osd", "vote", "none")
CELL_PADDING_PX = 12  # white border tesseract needs around the text


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

