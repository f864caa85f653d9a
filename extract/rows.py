"""Tables of all pages → `Row`s: header rows dropped, splits across page breaks joined.

`stitch_rows` walks the tables in page order. A header row (`extract.headers`) names
the columns and is carried to the next pages (`_Header`): a repeated header keeps the
labels it had, a continuation page cut into another column set takes its fields by
position, a two-row header is read from both rows. Each data row becomes a `Row` with
its cells keyed by field; a title row that phantom column rules cut in pieces is
rejoined, and the first row on a new page is marked `continued` (its unmarked cell text
continues the row above). `extract.measures` groups the rows into measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ita_core.model import BBox, Cell, Page, Table
from extract.headers import HEADER_MIN_FIELDS, _fragment_fields, _header_fragment, header_field, header_fields
from extract.list_items import (MEASURE_TITLE_RX, NUMBER_MARKER_RX, _DIGIT, _is_thai, join_lines,
                                rejoin_bracket_wraps, strip_marker)

@dataclass(frozen=True, slots=True)
class Row:
    """One table row with its cells keyed by field; `continued` = split by a page break."""

    page: int
    cells: tuple[tuple[str, str], ...]  # (field, text) pairs, text lines joined by "\n"
    spanning: bool  # one cell spans (nearly) the whole width: a measure title row
    lone: bool = False  # only one cell has text (a title row when the export lost spans)
    spans_known: bool = True
    continued: bool = False  # first row on a new page: unmarked cell text continues the row above
    confidence: float = 1.0
    indexed: bool = False  # the table has an index ("ที่") column: only it opens measures
    boxes: tuple[tuple[str, BBox | None], ...] = ()  # (field, cell box): provenance
    bold: tuple[str, ...] = ()  # fields whose cell is set bold in a table whose body is not
    unread: int = 0  # cells with text in columns the header names no field for (text lost)

    def box(self, name: str) -> BBox | None:
        return next((b for f, b in self.boxes if f == name), None)

    def get(self, name: str) -> str:
        for f, text in self.cells:
            if f == name:
                return text
        return ""


def _row_texts(table: Table, r: int) -> tuple[list[str], list[int]]:
    texts = [""] * table.n_cols
    spans = [1] * table.n_cols
    for cell in table.cells:
        if cell.row == r and 0 <= cell.col < table.n_cols:
            texts[cell.col] = rejoin_bracket_wraps(cell.text)
            spans[cell.col] = cell.col_span
    return texts, spans


def _cut_title_row(texts: Sequence[str], spans: Sequence[int], filled: Sequence[int],
                   starts: set[int], n_cols: int) -> bool:
    """A full-width title row that the grid cut in pieces at rules that are not there.

    Its pieces span several columns (a data cell stays inside one header column), or one
    of them starts inside a header column or straddles two; a title is short, so each
    piece is one or two lines. `starts` are the columns where header cells begin.
    """
    if filled[:1] != [0] or len(filled) < 2 or any(texts[c].count("\n") > 1 for c in filled):
        return False
    if (len(filled) <= n_cols // 2 and all(spans[c] >= 2 for c in filled[1:])
            and sum(spans[c] for c in filled) >= n_cols - 1):
        return True
    if bool(starts) and any(
            c not in starts or any(k in starts for k in range(c + 1, c + spans[c])) for c in filled):
        return True
    # pieces that line up with the header's columns: a title when it is numbered, on one
    # line, and a cut falls inside a word ("…รับสินบ | นและ…")
    pieces = [texts[c].strip() for c in filled]
    return (all("\n" not in p for p in pieces)
            and bool(MEASURE_TITLE_RX.match(pieces[0]) or NUMBER_MARKER_RX.match(pieces[0]))
            and not any(strip_marker(p)[1] for p in pieces[1:])
            and any(_cuts_a_word(a, b) for a, b in zip(pieces, pieces[1:])))


def _bold_title_row(table: Table, r: int, texts: Sequence[str], filled: Sequence[int]) -> bool:
    """A title row by its style: every filled cell set bold, in a table whose body is not
    all bold, starting in the first column, and short (in at most half the columns) or
    numbered. Rules may cut it in pieces or not span it at all (horizontal rules only,
    no rules): the style says what it is."""
    if not filled or filled[0] != 0:
        return False
    bold = {cell.col for cell in table.cells if cell.row == r and cell.bold}
    if not all(c in bold for c in filled):
        return False
    if not any(not cell.bold and cell.text.strip() for cell in table.cells if cell.row != r):
        return False  # everything bold (or no font weight known): style tells nothing
    first = texts[0].strip()
    return len(filled) <= max(1, table.n_cols // 2) or bool(
        MEASURE_TITLE_RX.match(first) or NUMBER_MARKER_RX.match(first))


def _cuts_a_word(left: str, right: str) -> bool:
    """Whether the cut falls inside a word: a piece ends or starts with a fragment that
    is no word, and joined, the tokenizer puts no boundary at the cut."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    from ita_core.trie import dictionary_trie  # newmm's default words, loaded fast

    if not left or not right or not (_is_thai(left[-1]) and _is_thai(right[0])):
        return False
    words = thai_words()
    tail = word_tokenize(left, engine="newmm", custom_dict=dictionary_trie())[-1]
    head = word_tokenize(right, engine="newmm", custom_dict=dictionary_trie())[0]
    if tail in words and head in words:
        return False
    position = 0
    for token in word_tokenize(left + right, engine="newmm", custom_dict=dictionary_trie()):
        position += len(token)
        if position == len(left):
            return False
        if position > len(left):
            return True
    return False


def column_extents(table: Table) -> dict[int, tuple[float, float]]:
    """Column → (x0, x1) as fractions of the table's width, from its cells' boxes."""
    starts: dict[int, list[float]] = {}
    ends: dict[int, list[float]] = {}
    for cell in table.cells:
        if cell.bbox is not None:
            starts.setdefault(cell.col, []).append(cell.bbox.x0)
            ends.setdefault(cell.col + cell.col_span - 1, []).append(cell.bbox.x1)
    if not starts or not ends:
        return {}
    left, right = min(min(v) for v in starts.values()), max(max(v) for v in ends.values())
    width = right - left
    if width <= 0:
        return {}
    out = {}
    for col in range(table.n_cols):
        if col in starts and col in ends:
            x0, x1 = sorted(starts[col])[len(starts[col]) // 2], sorted(ends[col])[len(ends[col]) // 2]
            out[col] = ((x0 - left) / width, (x1 - left) / width)
    return out


def _mapping_by_position(table: Table, fields: dict[str, tuple[float, float]]) -> dict[int, str]:
    """Column → field for a table without a header whose column set differs from the
    header's (a phantom or lost column rule on a continuation page): each column takes the
    field whose header column holds its middle; a field goes to its widest column."""
    best: dict[str, tuple[float, int]] = {}
    for col, (x0, x1) in column_extents(table).items():
        middle = (x0 + x1) / 2
        for name, (h0, h1) in fields.items():
            if h0 <= middle <= h1:
                overlap = min(x1, h1) - max(x0, h0)
                if overlap > best.get(name, (-1.0, 0))[0]:
                    best[name] = (overlap, col)
    return {col: name for name, (_, col) in sorted(best.items(), key=lambda kv: kv[1][1])}


INDEX_COLUMN_MAX_WIDTH = 0.12  # of the table's width


def _index_column(texts: Sequence[str], mapping: dict[int, str],
                  extents: dict[int, tuple[float, float]]) -> bool:
    """A narrow first column left of the guidelines whose short label OCR garbled
    ("al\nท" for ที่): the index column, as its width and place say."""
    label = re.sub(r"\s+", "", texts[0]) if texts else ""
    if 0 in mapping or mapping.get(1) != "guidelines" or not label or len(label) > 6:
        return False
    x0, x1 = extents.get(0, (0.0, 1.0))
    return x1 - x0 <= INDEX_COLUMN_MAX_WIDTH


@dataclass
class _Header:
    """What the last header read says, carried from table to table (page to page)."""

    mapping: dict[int, str] | None = None  # column → field
    cols: int = 0  # the column count of the table the mapping belongs to
    field_extents: dict[str, tuple[float, float]] = field(default_factory=dict)  # where it put each field
    starts: set[int] = field(default_factory=set)  # columns where the header's cells begin

    def read(self, found: dict[int, str], table: Table, texts: Sequence[str], starts: set[int],
             stacked: bool) -> None:
        """A header row (`stacked`: completed by the fragment row above it) names the columns."""
        if self.mapping is not None and self.cols == table.n_cols:
            # the header repeated on a new page: a label OCR garbled there
            # ("รับผิรเชอน") keeps the column it had on the page before
            found = dict(sorted({**{c: f for c, f in self.mapping.items()
                                    if c not in found and f not in found.values()},
                                 **found}.items()))
        self.mapping, self.cols = found, table.n_cols
        extents = column_extents(table)
        if _index_column(texts, self.mapping, extents):
            self.mapping = {0: "no", **self.mapping}
        self.field_extents = {f: extents[c] for c, f in self.mapping.items() if c in extents}
        self.starts = starts | (self.starts if stacked else set())

    def refine(self, table: Table, texts: Sequence[str]) -> None:
        """The lower row of a two-row header whose upper row already read as a header
        ("ผลการดำเนินงาน" over "ผลการดำเนินการ | ผลลัพธ์"): the lower, more specific
        labels name their columns."""
        assert self.mapping is not None
        self.mapping = {**self.mapping, **_fragment_fields(texts)}
        extents = column_extents(table)
        self.field_extents = {f: extents[c] for c, f in self.mapping.items() if c in extents}

    def follow(self, table: Table) -> None:
        """A continuation page without a header, cut into another column set: each column
        takes the field whose header column holds it."""
        if self.mapping is not None and self.cols != table.n_cols and self.field_extents:
            by_position = _mapping_by_position(table, self.field_extents)
            if len(by_position) >= HEADER_MIN_FIELDS:
                self.mapping, self.cols = by_position, table.n_cols
                self.starts = {c for c in by_position}


def page_tables(pages: Sequence[Page]) -> list[Table]:
    """The document's tables in page order, with a title row left alone on a page between
    two pages of the table: Word keeps a row whole, so a measure's title row at the foot
    of a page can be the page's only row, and a ruled box of one cell is no table (nor
    is a title line with no rule). Such a page's lines that read as a numbered measure
    title (`มาตรการที่ ๒ …`) become a one-cell table each, which `stitch_rows` reads as a
    title row; elsewhere (a cover, a memo) a line like that is only text."""
    with_tables = [i for i, p in enumerate(pages) if p.tables]
    out: list[Table] = []
    for i, page in enumerate(pages):
        out.extend(page.tables)
        if page.tables or not with_tables or not with_tables[0] < i < with_tables[-1]:
            continue
        out.extend(Table(page.number, 1, 1, (Cell(0, 0, line.strip(), confidence=page.confidence),))
                   for line in page.lines if MEASURE_TITLE_RX.match(line))
    return out


def _lone_title(table: Table, header: _Header) -> Row | None:
    """A one-cell table from `page_tables` as the title row of the table it interrupts."""
    if table.n_rows != 1 or table.n_cols != 1 or header.mapping is None or not table.cells:
        return None
    text = table.cells[0].text
    if not MEASURE_TITLE_RX.match(text):
        return None
    return Row(page=table.page, cells=((header.mapping[min(header.mapping)], text),),
               spanning=True, confidence=table.cells[0].confidence)


def stitch_rows(tables: Iterable[Table]) -> list[Row]:
    """All data rows of all tables in page order, header rows dropped, splits joined."""
    rows: list[Row] = []
    header = _Header()
    for table in tables:
        rows.extend(_table_rows(table, header, rows[-1] if rows else None))
    return rows


def _table_rows(table: Table, header: _Header, previous: Row | None) -> list[Row]:
    """One table's data rows; its header rows update `header`. `previous` is the last
    data row of the tables before (a row the page break cut continues it)."""
    lone_title = _lone_title(table, header)
    if lone_title is not None:
        return [lone_title]
    out: list[Row] = []
    above: list[str] | None = None  # a header fragment row just above (two-row headers)
    above_spans: list[int] = []
    header_just_read = False
    read_row: tuple[list[str], list[int]] | None = None  # the header row just read
    for r in range(table.n_rows):
        texts, spans = _row_texts(table, r)
        if not any(t.strip() for t in texts):
            continue
        # a header row under a header row that read alone (its labels' upper lines:
        # "ระยะเวลา", "ผลการดำเนินการ" over two) is read stacked under it too: the lower
        # row's tails alone may name other fields ("ดำเนินการ" under "ระยะเวลา": steps)
        upper = (above, above_spans) if above is not None else (
            read_row if header_just_read and header_fields(texts) is not None else None)
        found = _header_row(texts, *(upper or (None, [])))
        starts = {cell.col for cell in table.cells if cell.row == r}
        if found is not None:
            header.read(found, table, texts, starts, stacked=upper is not None)
            above, read_row = None, (texts, spans)
            header_just_read = True
            continue
        if _group_label_over_header(table, r, texts, spans):
            # group labels over the header row below ("การดำเนินการตามมาตรการ" over two
            # columns, "ผลการ" wrapped over one): the header's upper part, never a title;
            # a label wrapped over one column stacks onto the label below it
            above, above_spans = texts, spans
            continue
        if _header_fragment(texts, spans) or _tops_of_header(table, r, texts, spans):
            header.starts = starts | (header.starts if header_just_read else set())
            if header_just_read and header.mapping is not None:
                header.refine(table, texts)
                continue
            above, above_spans = texts, spans
            continue
        header_just_read = False
        above = None
        header.follow(table)
        if header.mapping is None or header.cols != table.n_cols:
            # no header yet for this column set: not a measure table (or an unknown one)
            continue
        # the first row on a new page may be the tail of a row the page break cut
        new_page = not out and previous is not None and previous.page != table.page
        out.append(_data_row(table, r, texts, spans, header, new_page))
    return out


def _header_row(texts: Sequence[str], above: Sequence[str] | None,
                above_spans: Sequence[int]) -> dict[int, str] | None:
    """The row's header mapping, read alone or stacked under the fragment row above it."""
    found = header_fields(texts)
    if above is not None:
        # "ระยะเวลาดำเนิน" over "การ", "ผลการดำเนินงาน" over its two columns
        # a group label spanning several columns ("การดำเนินการตามมาตรการ" over
        # "มาตรการ | ขั้นตอน") names none of them: the lower labels do
        grouped = {k for c, n in enumerate(above_spans) if n > 1 for k in range(c, c + n)}
        joined = [b if c in grouped else f"{a}{b}" for c, (a, b) in enumerate(zip(above, texts, strict=True))]
        stacked = header_fields(joined)
        # the lower row may read as a header alone with a label's tail taken for a label
        # ("ดำเนินการ" under "ระยะเวลา" as results): the stacked reading, as many
        # columns named and as close to the wordings, is the header
        if stacked is not None and (found is None or len(stacked) > len(found) or (
                len(stacked) == len(found) and _fit(stacked, joined) >= _fit(found, texts))):
            found = stacked
    return found


def _fit(mapping: dict[int, str], texts: Sequence[str]) -> float:
    """How closely a header mapping's cells read as their labels (summed scores)."""
    return sum(header_field(texts[c].replace("\n", ""))[1] for c in mapping)


def _group_label_over_header(table: Table, r: int, texts: Sequence[str], spans: Sequence[int]) -> bool:
    """Unnumbered cells right above a header row, one spanning or several: labels grouping
    the columns below, or the wrapped tops of their labels."""
    group = [c for c, t in enumerate(texts) if t.strip()]
    return (bool(group) and (spans[group[0]] > 1 or len(group) > 1) and r + 1 < table.n_rows
            and header_fields(_row_texts(table, r + 1)[0]) is not None
            and not any(strip_marker(texts[c])[1] or MEASURE_TITLE_RX.match(texts[c]) for c in group))


def _tops_of_header(table: Table, r: int, texts: Sequence[str], spans: Sequence[int]) -> bool:
    """An unnumbered row that, stacked over the row below, makes a header neither row
    makes alone: the upper row of a two-row header with a label OCR mangled in it ("vu
    ประมา cu" for งบประมาณ), over a lower row that names two columns only."""
    if r + 1 >= table.n_rows or any(strip_marker(t)[1] or MEASURE_TITLE_RX.match(t) for t in texts):
        return False
    below = _row_texts(table, r + 1)[0]
    return header_fields(texts) is None and header_fields(below) is None \
        and _header_row(below, texts, spans) is not None


def _bold_fields(table: Table, r: int, mapping: dict[int, str]) -> tuple[str, ...]:
    """The fields of row r whose cells are set bold, where the table's body has plain text
    (else the style tells nothing)."""
    if not any(not cell.bold and cell.text.strip() for cell in table.cells if cell.row != r):
        return ()
    return tuple(mapping[cell.col] for cell in table.cells
                 if cell.row == r and cell.bold and cell.text.strip() and cell.col in mapping)


def _bare_index(table: Table, texts: Sequence[str], mapping: dict[int, str]) -> int | None:
    """The index column where the header names none: a narrow column left of every named
    one holding only a number, the others there empty (its label unread, or OCR's reading
    of a label wrapped narrow, "ลำดั" over "บ", cutting it in two columns)."""
    if "no" in mapping.values() or not mapping:
        return None
    left = [c for c in range(min(mapping)) if texts[c].strip()]
    if len(left) != 1 or not re.fullmatch(rf"{_DIGIT}{{1,2}}\s*\.?", texts[left[0]].strip()):
        return None
    x0, x1 = column_extents(table).get(left[0], (0.0, 0.0))
    return left[0] if x1 - x0 <= INDEX_COLUMN_MAX_WIDTH else None


def _data_row(table: Table, r: int, texts: list[str], spans: list[int], header: _Header,
              new_page: bool) -> Row:
    """Row r of the table as a `Row`, its cells keyed by the header's fields."""
    mapping = header.mapping
    assert mapping is not None
    cells = tuple((mapping[c], texts[c]) for c in sorted(mapping) if texts[c].strip())
    index = _bare_index(table, texts, mapping)
    bare_index = index is not None
    if bare_index:
        cells = (("no", texts[index].strip()),) + cells
    filled = [c for c, t in enumerate(texts) if t.strip()]
    numbered = any(f == "no" and texts[c].strip() for c, f in mapping.items())
    if not bare_index and not numbered and (_bold_title_row(table, r, texts, filled) or _cut_title_row(
            texts, spans, filled, header.starts, table.n_cols)):
        # a title row that phantom column rules cut in pieces: one title, rejoined
        texts = [join_lines(texts[c] for c in filled)] + [""] * (table.n_cols - 1)
        spans = [table.n_cols] + [1] * (table.n_cols - 1)
        filled = [0]
        cells = ((mapping[0], texts[0]),) if 0 in mapping else cells
    spanning = len(filled) == 1 and spans[filled[0]] >= max(2, table.n_cols - 1)
    # text under a column whose label named no field (a label lost to a neighbour's
    # overflow, say) is in no field: counted, so the measure says so
    unread = 0 if spanning else sum(1 for c in filled if c not in mapping and c != index)
    if spanning and not cells:
        # a title spanning the table from a column the header names no field for
        # (an index column without its label): it still spans the mapped columns
        cells = ((mapping[min(mapping)], texts[filled[0]]),)
    # one filled cell can pass for a title row only where spans were lost
    lone = len(filled) == 1 and not table.spans_known
    conf = [cell.confidence for cell in table.cells if cell.row == r]
    # each cell of a row the page break cut that does not open a new item continues the
    # cell above
    continued = new_page and not spanning
    return Row(page=table.page, cells=cells, spanning=spanning, lone=lone,
               spans_known=table.spans_known,
               continued=continued,
               confidence=min(conf) if conf else 1.0,
               indexed="no" in mapping.values() or bare_index,
               boxes=tuple((mapping[c], _cell_box(table, r, c)) for c in sorted(mapping)
                           if texts[c].strip()),
               bold=_bold_fields(table, r, mapping), unread=unread)


def _cell_box(table: Table, r: int, c: int) -> BBox | None:
    return next((cell.bbox for cell in table.cells if cell.row == r and cell.col == c), None)
