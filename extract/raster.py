"""Page images from scanned files: image-only PDFs, multi-page TIFF, PNG and JPEG.

Pages are streamed one at a time so a 200-page scan keeps one page image alive, and every
page's pixel size is checked *before* it is decoded or rendered, so a hostile or broken
file fails with a typed error instead of exhausting memory.
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from extract.errors import CorruptPdfError, ExtractError, PasswordProtectedError
from ita_core.thai import OCR_DPI


DEFAULT_PDF_DPI = OCR_DPI  # tesseract's LSTM models read body text best near 300 DPI
MIN_DPI = 72
MAX_DPI = 600
MAX_PAGE_SIDE_PX = 12_000
MAX_PAGE_PIXELS = 100_000_000
A4_SHORT_SIDE_INCHES = 8.27  # used to estimate the resolution of images that do not state it

PDF_MAGIC = b"%PDF-"
IMAGE_MAGICS = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # little-endian TIFF
    b"MM\x00*",  # big-endian TIFF
)


class RasterError(ExtractError):
    """A page image could not be produced."""


class ImageTooLargeError(RasterError):
    def __init__(self, width: int, height: int, *, max_side: int, max_pixels: int,
                 path: str | None = None) -> None:
        super().__init__(
            f"image is too large ({width}×{height} px; limit {max_side} px on a side "
            f"and {max_pixels // 1_000_000} Mpx)", path=path)
        self.width, self.height = width, height


class CorruptImageError(RasterError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"image file is corrupt or unreadable ({detail})", path=str(path))


class EmptyPageError(RasterError):
    def __init__(self, page_number: int, path: str | None = None) -> None:
        super().__init__(f"page {page_number} is empty (zero size)", path=path)
        self.page_number = page_number


class UnsupportedFileError(RasterError):
    def __init__(self, path: Path) -> None:
        super().__init__("file is not a PDF or image", path=str(path))


class PageImage(NamedTuple):
    """One page as pixels; `dpi` is the resolution the pixels stand for."""

    page_number: int  # 1-based
    image: Image.Image  # mode "L" (grey) or "RGB"
    dpi: float


def file_kind(path: Path) -> str:
    """"pdf" or "image", decided by the file's first bytes rather than its name."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC in head:  # some scanners write junk before the header; PDF readers allow it
        return "pdf"
    if head.startswith(IMAGE_MAGICS):
        return "image"
    raise UnsupportedFileError(path)


def check_page_size(width: int, height: int, *, page_number: int,
                    max_side: int = MAX_PAGE_SIDE_PX,
                    max_pixels: int = MAX_PAGE_PIXELS) -> None:
    if width <= 0 or height <= 0:
        raise EmptyPageError(page_number)
    if max(width, height) > max_side or width * height > max_pixels:
        raise ImageTooLargeError(width, height, max_side=max_side, max_pixels=max_pixels)


def iter_page_images(path: str | Path, *, dpi: float = DEFAULT_PDF_DPI,
                     max_side: int = MAX_PAGE_SIDE_PX,
                     max_pixels: int = MAX_PAGE_PIXELS) -> Iterator[PageImage]:
    """Yield the pages of a PDF, TIFF, PNG or JPEG one at a time.

    PDF pages are rendered at `dpi`; image files keep their own pixels and report the
    resolution they state (or one estimated from an A4 page width when they state none).
    """
    path = Path(path)
    _check_dpi(dpi)
    if file_kind(path) == "pdf":
        yield from _iter_pdf_pages(path, dpi=dpi, max_side=max_side, max_pixels=max_pixels)
    else:
        yield from _iter_image_frames(path, max_side=max_side, max_pixels=max_pixels)


def pdf_page_image(path: str | Path, page_number: int, dpi: float = DEFAULT_PDF_DPI, *,
                   max_side: int = MAX_PAGE_SIDE_PX,
                   max_pixels: int = MAX_PAGE_PIXELS) -> PageImage:
    """Render one page (1-based) of a PDF, for mixed PDFs where only some pages are scans."""
    path = Path(path)
    _check_dpi(dpi)
    pdf = _open_pdf(path)
    try:
        if not 1 <= page_number <= len(pdf):
            raise RasterError(f"page {page_number} does not exist (the PDF has {len(pdf)})",
                              path=str(path))
        return _render_pdf_page(pdf, page_number, dpi=dpi, max_side=max_side,
                                max_pixels=max_pixels)
    finally:
        pdf.close()


def _check_dpi(dpi: float) -> None:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be between {MIN_DPI} and {MAX_DPI}, got {dpi}")


def _open_pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PasswordProtectedError(path=str(path)) from error
        raise CorruptPdfError(path=str(path)) from error


def _iter_pdf_pages(path: Path, *, dpi: float, max_side: int,
                    max_pixels: int) -> Iterator[PageImage]:
    pdf = _open_pdf(path)
    try:
        for page_number in range(1, len(pdf) + 1):
            yield _render_pdf_page(pdf, page_number, dpi=dpi, max_side=max_side,
                                   max_pixels=max_pixels)
    finally:
        pdf.close()


def _render_pdf_page(pdf, page_number: int, *, dpi: float, max_side: int,
                     max_pixels: int) -> PageImage:
    import pypdfium2 as pdfium

    try:
        page = pdf[page_number - 1]
    except pdfium.PdfiumError as error:
        raise CorruptPdfError(f"PDF page {page_number} is damaged and cannot be read; "
                              "ask the sender for a new copy") from error
    try:
        width_pt, height_pt = page.get_size()
        # a scanned page is one picture: render at its own resolution when that is lower,
        # since upsampling adds pixels to OCR but no detail
        scanned = _scan_resolution(page, width_pt, height_pt)
        if scanned is not None:
            dpi = max(MIN_DPI, min(dpi, scanned))
        scale = dpi / 72
        if page.get_rotation() in (90, 270):
            width_pt, height_pt = height_pt, width_pt
        check_page_size(math.ceil(width_pt * scale), math.ceil(height_pt * scale),
                        page_number=page_number, max_side=max_side, max_pixels=max_pixels)
        # colour is kept: the OCR stage tells blue/red stamps from black print by it
        bitmap = page.render(scale=scale)
        image = _to_grey_or_rgb(bitmap.to_pil())
        bitmap.close()
        return PageImage(page_number, image, float(dpi))
    finally:
        page.close()


def _scan_resolution(page, width_pt: float, height_pt: float) -> float | None:
    """Resolution of the image filling the page (a scan), or None for other pages."""
    import pypdfium2.raw as pdfium_c

    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(images) != 1:
        return None
    left, bottom, right, top = images[0].get_bounds()
    if (right - left) * (top - bottom) < 0.9 * width_pt * height_pt or right <= left:
        return None
    width_px, _ = images[0].get_px_size()
    return round(width_px / ((right - left) / 72), 1)


def _strictly(decode, frame):
    """Decode with Pillow's truncated-image tolerance off: a library in the same process
    may have switched it on for itself (WeasyPrint does on import), and a cut-off file
    would then read as a page with its lower part grey."""
    from PIL import ImageFile

    saved, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        return decode(frame)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _iter_image_frames(path: Path, *, max_side: int,
                       max_pixels: int) -> Iterator[PageImage]:
    with warnings.catch_warnings():
        # our own limit below is stricter and names the size; Pillow's warning is noise
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            container = _open_lazily(path)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise CorruptImageError(path, str(error) or type(error).__name__) from error
        with container:
            for index, frame in enumerate(ImageSequence.Iterator(container)):
                page_number = index + 1
                width, height = frame.size
                check_page_size(width, height, page_number=page_number, max_side=max_side,
                                max_pixels=max_pixels)
                try:
                    pixels = _strictly(_to_grey_or_rgb, frame)
                except (OSError, SyntaxError, ValueError) as error:
                    raise CorruptImageError(path, f"page {page_number}: {error}") from error
                yield PageImage(page_number, pixels, _stated_or_estimated_dpi(frame))


_PILLOW_LIMIT = threading.Lock()


def _open_lazily(path: Path) -> Image.Image:
    """Image.open reads only the header; lift Pillow's own bomb check for that moment so
    a huge image reaches our size check (which names its size) instead of Pillow's."""
    with _PILLOW_LIMIT:
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            return Image.open(path)
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _to_grey_or_rgb(frame: Image.Image) -> Image.Image:
    """Decode the frame into a detached image: grey when it carries no colour."""
    if frame.mode in ("1", "L", "I;16", "I", "F"):
        return frame.convert("L")
    if frame.mode in ("RGB", "RGBA", "RGBX", "BGRX", "BGRA") and _is_grey(frame):
        return frame.convert("L")
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P"
                                             and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return frame.convert("RGB")


def _is_grey(frame: Image.Image) -> bool:
    """True when no pixel of a small thumbnail is noticeably coloured."""
    thumbnail = frame.convert("RGB")
    thumbnail.thumbnail((400, 400))
    hue_free = np.asarray(thumbnail.convert("HSV"))[..., 1]
    return int(hue_free.max()) < 40


def _stated_or_estimated_dpi(frame: Image.Image) -> float:
    stated = frame.info.get("dpi")
    if stated:
        try:
            value = float(stated[0])
        except (TypeError, ValueError, IndexError):
            value = 0.0
        if MIN_DPI <= value <= MAX_DPI:
            return value
    # no usable resolution tag: assume the short side is an A4 page's width
    return round(min(frame.size) / A4_SHORT_SIDE_INCHES, 1)
