"""Born-digital PDF text layer → `Page`s of lines and table cells.

The chain, one small function per step (pdfplumber's TableFinder style):
`open_pdf → read_glyphs_from_fonts → upright_page → chars_to_glyphs → tables →
glyphs_to_lines / line_text → text_layer_quality → Page`. This module opens the PDF,
reads each page and gives its verdict (text layer, or empty and routed to OCR); the
steps live beside it: `extract.pdf_settings` (`PdfSettings`), `extract.pdf_glyphs`
(glyphs named from the embedded fonts), `extract.pdf_lines` (glyph clusters, lines and
their text), `extract.pdf_structure` (the structure engine's adapter) and
`extract.pdf_tables` (the fallbacks). Tables are found in order of evidence: ruling
lines (`ruled_tables`, pdfplumber's edges; column rules left open by a page break are
closed so a cut row stays a row), the structure engine, else horizontal rules only
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
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from extract.errors import CorruptPdfError, NotAPdfError, PasswordProtectedError
from ita_core.model import Cell, Issue, IssueCode, Page, Table
from extract.pdf_dedupe import dedupe_chars
from extract.pdf_glyphs import read_glyphs_from_fonts
from extract.pdf_objects import LeanPage
from extract.pdf_lines import chars_to_glyphs, glyphs_to_lines, line_text
from extract.pdf_settings import PdfSettings
from extract.pdf_structure import TableContext, rules_of, structured_table
from extract.pdf_tables import _all_bold, _cell_text, _inside, aligned_table, rule_rows_table, ruled_tables

MIN_SCAN_LAYER_THAI = 0.5  # a scan's text layer with fewer Thai letters than this is no reading


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
    """The PDF's number of pages, counted by pdfium: a millisecond, where pdfminer parses
    the whole cross-reference table first (3-20 ms a file, paid by the batch's client for
    every document it plans before the first job starts). A file pdfium cannot open is
    opened as the reader opens it, for the same typed error; the reader checks that it
    sees as many pages (`check_page_count`)."""
    import pypdfium2 as pdfium

    path = Path(path)
    with open(path, "rb") as fh:
        if b"%PDF-" not in fh.read(1024):
            raise NotAPdfError(path=str(path))
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        document = None
    if document is not None:
        try:
            return len(document)
        finally:
            document.close()
    pdf = open_pdf(path)  # raises the typed error; or pdfminer reads what pdfium did not
    try:
        return len(pdf.pages)
    finally:
        pdf.close()


def check_page_count(pdf: pdfplumber.PDF, planned: int, path: str | Path) -> None:
    """A page count planned by `page_count` that the reader does not see is a damaged
    page tree read two ways: fail the file loudly rather than lose or invent pages."""
    if planned and len(pdf.pages) != planned:
        raise CorruptPdfError(
            f"PDF's page tree is damaged: it reads as {planned} pages to one reader and "
            f"{len(pdf.pages)} to another; ask the sender for a new copy", path=str(path))


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

    from ita_core.trie import dictionary_trie  # newmm's default words, loaded fast

    words = _thai_words()
    tokens = [t for t in word_tokenize(thai, engine="newmm", custom_dict=dictionary_trie(),
                                       keep_whitespace=False) if t.strip()]
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
    unrotated = LeanPage(page.pdf, page_obj, page_number=page.page_number,
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
    lean = LeanPage.of(page)  # the same objects as pdfplumber's, parsed faster
    try:
        return _read_page(lean, number, settings, started, context)
    except (PSException, PDFSyntaxError, ValueError, KeyError, TypeError, IndexError,
            AssertionError, ZeroDivisionError) as err:  # what pdfminer raises on damage
        if not isinstance(err, (PSException, PDFSyntaxError)) and not _raised_by_parser(err):
            raise  # a TypeError in our own code is a bug, not a damaged page
        return Page(number, "empty", confidence=0.0, seconds=time.perf_counter() - started,
                    issues=(_needs_ocr(number, f"text layer damaged ({type(err).__name__}); "
                                               "needs OCR"),))
    finally:
        if lean is not page:
            lean.close()


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


def _ruled_grid_tables(page: Any, glyphs: list, number: int,
                       settings: PdfSettings) -> tuple[list[Table], set[int]]:
    """The tables drawn as grids of ruling lines, each cell holding the words that start
    in it; with the ids of the glyphs they took."""
    tables: list[Table] = []
    taken: set[int] = set()
    word_starts = [g for i, g in enumerate(glyphs) if i == 0 or glyphs[i - 1].word != g.word]
    places: dict[int, list[int]] = {}  # word number → its glyphs' places, in stream order
    for i, g in enumerate(glyphs):
        places.setdefault(g.word, []).append(i)
    for box, boxes in ruled_tables(page, settings):
        cells = []
        for row, col, row_span, col_span, cell_box in boxes:
            # A word overflowing its cell's border (a narrow column) stays with the cell
            # it starts in.
            words = {first.word for first in word_starts if _inside(first, cell_box)}
            mine = [glyphs[i] for i in sorted(i for w in words for i in places[w])
                    if id(glyphs[i]) not in taken]
            taken.update(id(g) for g in mine)
            cells.append(Cell(row, col, _cell_text(mine, settings), row_span, col_span, cell_box,
                              bold=_all_bold(mine)))
        n_rows = max(c.row + c.row_span for c in cells)
        n_cols = max(c.col + c.col_span for c in cells)
        cells.sort(key=lambda c: (c.row, c.col))
        tables.append(Table(number, n_rows, n_cols, tuple(cells), box))
    return tables, taken


def _read_page(page: Any, number: int, settings: PdfSettings, started: float,
               context: TableContext | None = None) -> Page:
    read_glyphs_from_fonts(page.pdf.rsrcmgr, page.page_obj.resources)
    page = upright_page(page)
    # Writers fake bold by drawing each glyph twice, a hair apart: read it once.
    chars = dedupe_chars(page.chars, tolerance=settings.dedupe_tolerance, extra_attrs=("fontname",))
    upright = [c for c in chars if c.get("upright", True)]
    sideways = sum(1 for c in chars if not c.get("upright", True) and not c["text"].isspace())
    warnings = (f"page {number}: {sideways} characters of sideways text not read",) if sideways else ()
    glyphs = chars_to_glyphs(upright)
    tables, taken = _ruled_grid_tables(page, glyphs, number, settings)
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
