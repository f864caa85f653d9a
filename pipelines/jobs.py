"""Units of work that run in worker processes: pure functions of a path and settings.

A PDF is split into page jobs (a usable text layer is read, a missing or garbage one is
OCR'd), so one long scan uses every core and keeps one page image per worker in memory.
An image file or a text export is one job. Every job returns plain frozen objects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from extract import timing
from ita_core.model import ExtractedDocument, Issue, IssueCode, Page
from pipelines.settings import ConvertSettings


@dataclass(frozen=True, slots=True)
class PageJob:
    path: str
    kind: str  # "pdf" | "image"
    pages: tuple[int, ...]  # 1-based page numbers; empty for "all" (image files)
    total: int = 0  # the PDF's page count as planned (0: not planned)


def pdf_page_count(path: str) -> int:
    from extract.pdf import page_count

    return page_count(path)


def _ocr_settings(settings: ConvertSettings):
    from extract.ocr_settings import OcrSettings

    return OcrSettings(dpi=settings.ocr_dpi, timeout_seconds=settings.page_timeout)


def _grid_finder(settings: ConvertSettings) -> dict:
    # production's finder is the OCR reader's default; a dev script may bring its own
    return {"grid_finder": settings.grid_finder} if settings.grid_finder is not None else {}


def _failed_page(number: int, kind: str, message: str) -> Page:
    return Page(number=number, kind="empty", confidence=0.0,
                issues=(Issue(kind, number, IssueCode.OCR_FAILED, message),))


def _internal_error(exc: Exception) -> str:
    """The warning for an unexpected error on one page: named, so it can be reported."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return (f"OCR failed (internal error {type(exc).__name__}: {first_line[:200]}); "
            "please report it with this page")


def run_page_job(job: PageJob, settings: ConvertSettings) -> list[Page]:
    """Extract the pages of one job. A page that fails is returned marked, never raised,
    except for errors that concern the whole file (corrupt, password) which propagate."""
    if job.kind == "image":
        return _image_pages(job, settings)
    return _pdf_pages(job, settings)


def _pdf_pages(job: PageJob, settings: ConvertSettings) -> list[Page]:
    from extract.pdf import check_page_count, open_pdf, read_page
    from extract.pdf_structure import TableContext

    out: list[Page] = []
    context = TableContext()  # a table's columns, for its next page without a header
    with open_pdf(job.path) as pdf:
        check_page_count(pdf, job.total, job.path)
        _carry_in(pdf, job.pages[0] if job.pages else 1, context)
        for number in job.pages:
            started = time.perf_counter()
            plumber_page = pdf.pages[number - 1]
            page = read_page(plumber_page, number, context=context)
            plumber_page.close()  # drop its parsed objects: memory stays flat on long PDFs
            seconds = time.perf_counter() - started
            page = replace(page, seconds=seconds, stats=(("text_layer", round(seconds, 4)),))
            if page.kind == "empty" and settings.ocr:
                page = _ocr_pdf_page(job.path, number, settings, text_layer=page)
            out.append(page)
    return out


CARRY_LOOKBACK_PAGES = 12  # how far back a job looks for the header of a table it starts inside


def _carry_in(pdf, first: int, context) -> None:
    """A job that starts inside a table (its first page has no header) needs the columns
    the pages before it would hand it: the nearest page back that places columns by
    itself (its header), then every page from there to the job's first, read in order
    with the context as one job reads them. A table whose header is printed on its first
    page only hands its columns over several pages: reading the page just before alone
    finds no header there, and the job's pages were read with no columns at all."""
    from extract.pdf import read_page

    start = None
    for number in range(first - 1, max(0, first - 1 - CARRY_LOOKBACK_PAGES), -1):
        plumber_page = pdf.pages[number - 1]
        read_page(plumber_page, number, context=context)
        plumber_page.close()
        if context.columns is not None:
            start = number
            break
    if start is None:
        return
    for number in range(start + 1, first):
        plumber_page = pdf.pages[number - 1]
        read_page(plumber_page, number, context=context)
        plumber_page.close()


def _ocr_pdf_page(path: str, number: int, settings: ConvertSettings, *, text_layer: Page) -> Page:
    from extract.errors import ExtractError
    from extract.ocr import ocr_pdf_page

    started = time.perf_counter()
    try:
        page = ocr_pdf_page(path, number, settings=_ocr_settings(settings),
                            **_grid_finder(settings))
    except ExtractError as exc:
        return _failed_page(number, "ocr", f"OCR failed: {exc}")
    except MemoryError:
        raise  # over the worker's memory limit: the whole file fails, in one sentence
    except Exception as exc:  # a bug on one page must not cost the document's other pages
        return _failed_page(number, "ocr", _internal_error(exc))
    # the text layer's own issue (needs OCR) is resolved by the OCR now
    issues = tuple(i for i in text_layer.issues if i.code != IssueCode.NEEDS_OCR) + page.issues
    page = timing.with_stats(page, text_layer.stats)
    return replace(page, warnings=text_layer.warnings + page.warnings, issues=issues,
                   seconds=time.perf_counter() - started)


def _image_pages(job: PageJob, settings: ConvertSettings) -> list[Page]:
    from extract.errors import ExtractError
    from extract.ocr import ocr_page
    from extract.raster import iter_page_images

    from extract.ocr_structure import columns_after

    out = []
    carried = None  # a table's columns, for the next page if it continues without header
    started = time.perf_counter()
    for image in iter_page_images(job.path):
        rasterised = time.perf_counter() - started  # decoding this page, since the last one
        started = time.perf_counter()
        try:
            page = ocr_page(image.image, page_number=image.page_number, image_dpi=image.dpi,
                            settings=_ocr_settings(settings), carried=carried,
                            **_grid_finder(settings))
            carried = columns_after(page, carried)
        except ExtractError as exc:
            page = _failed_page(image.page_number, "ocr", f"OCR failed: {exc}")
        except MemoryError:
            raise  # over the worker's memory limit: the whole file fails, in one sentence
        except Exception as exc:  # a bug on one page must not cost the document's other pages
            page = _failed_page(image.page_number, "ocr", _internal_error(exc))
        page = timing.with_stats(page, (("rasterise", rasterised),))
        out.append(replace(page, seconds=time.perf_counter() - started))
        started = time.perf_counter()
    return out


def read_text_job(path: str) -> ExtractedDocument:
    from extract.text_export import read_text_export

    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from extract.text_export import TextExportError

        raise TextExportError("text export is not UTF-8") from None
    started = time.perf_counter()
    doc = read_text_export(text)
    if not doc.pages:
        return doc
    # one read for the whole file: its time is booked on the first page
    first = timing.with_stats(doc.pages[0], (("text_export", time.perf_counter() - started),))
    return replace(doc, pages=(first,) + doc.pages[1:])


def source_kind(pages: list[Page]) -> str:
    kinds = {p.kind for p in pages if p.kind != "empty"}
    if kinds == {"text_export"}:
        return "text_export"
    if kinds == {"ocr"}:
        return "ocr"
    if "ocr" in kinds and "text_layer" in kinds:
        return "mixed"
    return "text_layer" if "text_layer" in kinds else ("ocr" if "ocr" in kinds else "text_layer")
