"""The typed objects that cross stage boundaries.

This is the one small module that `extract`, `normalize` and `pipelines` may all import:
it holds data only, no engine code. Every object is frozen and picklable, so one
document's conversion can run in a worker process and come back whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal


class CoordOrigin(str, Enum):
    """Where a bbox's y axis starts. PDF points and image pixels never meet unconverted."""

    TOPLEFT = "topleft"  # pdfplumber's `top`/`bottom`, image pixels
    BOTTOMLEFT = "bottomleft"  # raw PDF user space


@dataclass(frozen=True, slots=True)
class BBox:
    x0: float
    y0: float
    x1: float
    y1: float
    unit: Literal["pt", "px"] = "pt"
    origin: CoordOrigin = CoordOrigin.TOPLEFT

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def scaled(self, factor: float, unit: Literal["pt", "px"]) -> "BBox":
        return BBox(self.x0 * factor, self.y0 * factor, self.x1 * factor, self.y1 * factor,
                    unit, self.origin)


@dataclass(frozen=True, slots=True)
class Word:
    """A run of text on a page with its box; `confidence` is 0..1 (1.0 for a text layer)."""

    text: str
    bbox: BBox
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell. A merged cell is one Cell with a span, never copied text.

    `text` keeps the cell's lines separated by "\\n" (paragraph/line structure matters
    for splitting list items); it is the text as read, before any normalization.
    """

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    bbox: BBox | None = None
    confidence: float = 1.0
    bold: bool = False  # every letter set bold (a text layer's font says so): a title's style


@dataclass(frozen=True, slots=True)
class Table:
    page: int  # 1-based page number in the source
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    bbox: BBox | None = None
    # False when the source cannot show merged cells (tab-separated or Markdown exports):
    # a title row spanning all columns then looks like a row with one filled cell
    spans_known: bool = True

    def grid(self) -> list[list[Cell | None]]:
        """Rows × columns; a spanned position holds None except at the cell's origin."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            if 0 <= c.row < self.n_rows and 0 <= c.col < self.n_cols:
                out[c.row][c.col] = c
        return out


PageKind = Literal["text_layer", "ocr", "text_export", "empty"]


class IssueCode(str, Enum):
    """What went wrong, for code to act on; the message says it to a person."""

    NEEDS_OCR = "needs_ocr"  # no usable text layer: the page must be OCR'd
    OCR_FAILED = "ocr_failed"  # the page could not be read at all


# Issues that leave the document incomplete (its status is `partial`) until resolved.
INCOMPLETE = frozenset({IssueCode.NEEDS_OCR, IssueCode.OCR_FAILED})


@dataclass(frozen=True, slots=True)
class Issue:
    """A typed problem with one page (or the whole document when `page` is None).

    Control flow looks at `code`; the corpus's `warnings` get `sentence`, plain words."""

    stage: str  # "text_layer", "ocr", …: the stage that found it
    page: int | None
    code: IssueCode
    message: str

    @property
    def sentence(self) -> str:
        return self.message if self.page is None else f"page {self.page}: {self.message}"

    @property
    def incomplete(self) -> bool:
        return self.code in INCOMPLETE


@dataclass(frozen=True, slots=True)
class Page:
    """What extraction got from one page: running text outside tables, and tables."""

    number: int  # 1-based
    kind: PageKind
    lines: tuple[str, ...] = ()  # text outside tables, in reading order
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()  # notes for a person; nothing acts on them
    confidence: float = 1.0
    seconds: float = 0.0
    issues: tuple[Issue, ...] = ()  # typed problems the pipeline acts on
    # wall seconds by stage (extract.timing); not part of the corpus record
    stats: tuple[tuple[str, float], ...] = ()
    # what the structure engine saw on an OCR'd page (extract.ocr_structure.PageStructure),
    # for the document step that carries a table's columns to the next page; not part of
    # the corpus record
    structure: Any = None


SourceKind = Literal["text_layer", "ocr", "mixed", "text_export"]


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    pages: tuple[Page, ...]
    kind: SourceKind
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Period:
    text: str
    start: str | None = None  # CE "YYYY-MM"
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    no: int
    title: str
    guidelines: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    responsible: str = ""
    responsible_units: tuple[str, ...] = ()
    period: Period = field(default_factory=lambda: Period(""))
    results: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    confidence: float = 1.0
    # the number as printed when assembly replaced it as an evident misreading (๒ for ๖);
    # pipelines.assemble logs the change as `structure.renumber` and clears it
    printed_no: int | None = None
    # provenance: field ("title", "guidelines", …) → (page, cell box) per item, in order
    sources: tuple[tuple[str, tuple[tuple[int, "BBox | None"], ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Organization:
    name: str | None = None
    kind: str | None = None
    subdistrict: str | None = None
    district: str | None = None
    province: str | None = None
    geocode: str | None = None


@dataclass(frozen=True, slots=True)
class Memo:
    number: str | None = None
    date: str | None = None  # CE "YYYY-MM-DD"
    subject: str | None = None
    signer: str | None = None
    position: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """One logged change to text that reaches the corpus."""

    where: str
    before: str
    after: str
    rule: str
    score: float
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    sha256: str
    pages: int
    kind: SourceKind


DocumentStatus = Literal["ok", "partial", "failed"]


@dataclass(frozen=True, slots=True)
class Document:
    """One converted report: the contract's document record plus its audit trail."""

    doc_id: str
    source: Source
    organization: Organization
    fiscal_year: int | None
    report_type: str | None
    memo: Memo | None
    measures: tuple[Measure, ...]
    corrections: tuple[Correction, ...]
    warnings: tuple[str, ...]
    status: DocumentStatus = "ok"
    settings: tuple[tuple[str, str], ...] = ()
    schema_version: int = 1
    issues: tuple[Issue, ...] = ()  # the pages' typed issues (their sentences are warnings)
    # how sure the structure is, 0..1: the least sure measure, lowered by the structure
    # checks (extract/checks.py); doubtful documents come first in `ita summary`
    confidence: float = 1.0
