"""OCR text exports → pages of lines and tables.

Three shapes are read, as OCR services and tools emit them:

- tab-separated rows whose cell paragraphs are `<p>…</p>` (the seed export);
- HTML `<table>` (rows `<tr>`, cells `<td>`/`<th>` with colspan/rowspan, `<p>`/`<br>` lines);
- Markdown pipe tables (`| a | b |`, `<br>` for a line break inside a cell).

Text is returned as written: no character is changed here (repairs belong to `normalize`).
Each table starts a new page, and the running text before it (memo, cover, page title) is
that page's `lines`, so the page structure mirrors the printed report closely enough for
stitching and metadata.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from ita_core.model import Cell, ExtractedDocument, Page, Table

TEXT_EXPORT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".md", ".markdown")
MIN_TABLE_COLUMNS = 3  # a tab/pipe row with fewer cells is prose, not a table row

_P_RX = re.compile(r"<p[^>]*>(.*?)</p>", re.S | re.I)
_BR_RX = re.compile(r"<br\s*/?>", re.I)
_TAG_RX = re.compile(r"<[^>]+>")
_MD_SEPARATOR_RX = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


class TextExportError(ValueError):
    """The file is text but holds no readable report."""


def _clean_inline(text: str) -> str:
    """Inline markup to plain text; whitespace runs to one space (layout, not content)."""
    text = _TAG_RX.sub(" ", text)
    text = html.unescape(text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _cell_lines(raw: str) -> str:
    """A cell's paragraphs (`<p>`, `<br>`) as lines joined by newlines."""
    paragraphs = _P_RX.findall(raw)
    if paragraphs:
        parts = paragraphs
    else:
        parts = _BR_RX.split(raw)
    lines = []
    for part in parts:
        for sub in _BR_RX.split(part):
            line = _clean_inline(sub)
            if line:
                lines.append(line)
    return "\n".join(lines)


def _rows_to_table(rows: list[list[str]], page: int) -> Table:
    n_cols = max(len(r) for r in rows)
    cells = []
    for r, row in enumerate(rows):
        for c, raw in enumerate(row):
            text = _cell_lines(raw)
            if text:
                cells.append(Cell(row=r, col=c, text=text))
    return Table(page=page, n_rows=len(rows), n_cols=n_cols, cells=tuple(cells), spans_known=False)


@dataclass
class _Block:
    """Lines of prose, then (optionally) the table that closes the page."""

    lines: list[str]
    table_rows: list[list[str]] | None = None
    html_table: Table | None = None


def _split_pipe_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _plain_blocks(text: str) -> list[_Block]:
    """Tab-separated and Markdown exports: a table is a run of consecutive row lines."""
    blocks: list[_Block] = [_Block(lines=[])]
    in_table = False
    for raw_line in text.splitlines():
        line = raw_line.rstrip("\r\n")
        is_tab_row = line.count("\t") >= MIN_TABLE_COLUMNS - 1
        is_pipe_row = line.lstrip().startswith("|") and line.count("|") >= MIN_TABLE_COLUMNS + 1
        if is_pipe_row and _MD_SEPARATOR_RX.match(line.strip()):
            continue
        if is_tab_row or is_pipe_row:
            cells = line.split("\t") if is_tab_row else _split_pipe_row(line)
            block = blocks[-1]
            if block.table_rows is None:
                block.table_rows = []
            block.table_rows.append(cells)
            in_table = True
            continue
        if in_table:
            blocks.append(_Block(lines=[]))
            in_table = False
        cleaned = _clean_inline(line)
        if cleaned:
            blocks[-1].lines.append(cleaned)
    return blocks


class _HtmlTables(HTMLParser):
    """Collects prose lines and tables (with spans) from an HTML export."""

    BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = [_Block(lines=[])]
        self._depth = 0  # table nesting
        self._rows: list[list[tuple[str, int, int]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._prose: list[str] = []

    def _flush_prose(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self._prose)).strip()
        if line:
            self.blocks[-1].lines.append(line)
        self._prose = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._flush_prose()
            self._depth += 1
            if self._depth == 1:
                self._rows = []
        elif self._depth and tag == "tr":
            self._rows.append([])
        elif self._depth and tag in ("td", "th"):
            self._cell = []
            self._span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
        elif self._cell is not None and tag in ("br", "p", "div", "li"):
            self._cell.append("\n")
        elif not self._depth and tag in self.BLOCK_TAGS:
            self._flush_prose()

    def handle_endtag(self, tag):
        if tag == "table" and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self.blocks[-1].html_table = self._grid_table()
                self.blocks.append(_Block(lines=[]))
        elif self._depth and tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            lines = [re.sub(r"[ \t\u00a0]+", " ", x).strip() for x in text.split("\n")]
            if not self._rows:
                self._rows.append([])
            self._rows[-1].append(("\n".join(x for x in lines if x), *self._span))
            self._cell = None
        elif not self._depth and tag in self.BLOCK_TAGS:
            self._flush_prose()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif not self._depth:
            self._prose.append(data)

    def close(self):
        super().close()
        self._flush_prose()

    def _grid_table(self) -> Table:
        occupied: set[tuple[int, int]] = set()
        cells = []
        n_cols = 0
        for r, row in enumerate(self._rows):
            c = 0
            for text, row_span, col_span in row:
                while (r, c) in occupied:
                    c += 1
                for dr in range(row_span):
                    for dc in range(col_span):
                        occupied.add((r + dr, c + dc))
                if text:
                    cells.append(Cell(row=r, col=c, text=text, row_span=row_span,
                                      col_span=col_span))
                c += col_span
                n_cols = max(n_cols, c)
        return Table(page=0, n_rows=len(self._rows), n_cols=n_cols, cells=tuple(cells))


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<table[\s>]", text, re.I))


def read_text_export(text: str) -> ExtractedDocument:
    """Parse an OCR text export into pages. Raises TextExportError when nothing is there."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise TextExportError("file is empty")
    if _looks_like_html(text):
        parser = _HtmlTables()
        parser.feed(text)
        parser.close()
        blocks = parser.blocks
    else:
        blocks = _plain_blocks(text)
    pages: list[Page] = []
    carry: list[str] = []
    for block in blocks:
        table = block.html_table
        if table is None and block.table_rows:
            table = _rows_to_table(block.table_rows, page=0)
        if table is None:
            carry.extend(block.lines)
            continue
        number = len(pages) + 1
        table = replace(table, page=number)
        pages.append(Page(number=number, kind="text_export", lines=tuple(carry + block.lines),
                          tables=(table,)))
        carry = []
    if carry or not pages:
        pages.append(Page(number=len(pages) + 1, kind="text_export", lines=tuple(carry)))
    return ExtractedDocument(pages=tuple(pages), kind="text_export")
