"""Table cells → rows → measures, shared by every input kind.

`header_fields` maps a header row to the contract's fields by fuzzy matching of the many
wordings; `stitch_rows` walks the tables of all pages in order, drops repeated headers and
joins a row split by a page break; `rows_to_measures` groups rows into measures (a title row
spanning all columns, or the title as the first paragraph of the first cell) and splits
cells into list items. Text stays as read: this stage only decides structure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from ita_core.model import BBox, Measure, Period, Table
from ita_core.thai import (LEADING_VOWELS, LIST_FIELDS, NUMBER_DIGIT_READINGS, PUA_MARKS,
                           THAI_BLOCK, THAI_CONSONANTS, THAI_LETTERS, UNIT_PREFIXES)

FIELDS = ("no", "guidelines", "steps", "responsible", "period", "results", "outcomes")

# Header wordings seen in ITA reports, per contract field. Matching is fuzzy, so OCR noise
# and small wording changes still map; the lists only need one representative per family.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "no": ("ลำดับ", "ลำดับที่", "ที่", "ข้อ"),
    "guidelines": ("มาตรการ/แนวทางการปฏิบัติ", "มาตรการ", "แนวทางการปฏิบัติ", "มาตรการ/แนวทาง",
                   "มาตรการส่งเสริมคุณธรรม", "แนวทาง/มาตรการ", "มาตรการ/กิจกรรม", "ประเด็น/มาตรการ",
                   "แนวทางการดำเนินการ"),
    "steps": ("ขั้นตอน/วิธีการดำเนินการ", "วิธีการดำเนินงาน", "ขั้นตอนการดำเนินการ",
              "วิธีการดำเนินการ", "ขั้นตอน/วิธีการ", "ขั้นตอนการดำเนินงาน", "วิธีการ", "กิจกรรม/วิธีการ"),
    "responsible": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบหลัก",
                    "หน่วยงาน/ผู้รับผิดชอบ"),
    "period": ("ระยะเวลาดำเนินการ", "ระยะเวลา", "ระยะเวลาการดำเนินการ", "ห้วงเวลา",
               "ช่วงเวลาดำเนินการ", "กำหนดเวลา"),
    "results": ("ผลการดำเนินการ", "ผลการดำเนินงาน", "ผลการปฏิบัติงาน", "ผลการดำเนินการ/กิจกรรม",
                "ผลการดำเนินการตามมาตรการ"),
    "outcomes": ("ผลลัพธ์/ความสำเร็จ", "ผลลัพธ์", "ตัวชี้วัด/ผลลัพธ์", "ผลสัมฤทธิ์", "ความสำเร็จ",
                 "ผลลัพธ์ที่ได้", "ตัวชี้วัด"),
    # columns the contract has no field for: known, so a header that has them still reads
    # as a header, and their cells go nowhere
    "budget": ("งบประมาณ", "งบประมาณ (บาท)", "งบประมาณที่ใช้"),
    "note": ("หมายเหตุ",),
}
HEADER_MIN_SCORE = 80.0
HEADER_LOOSE_SCORE = 65.0  # the other cells of a row already known to be a header
HEADER_MIN_FIELDS = 3  # a row is a header when this many cells name distinct fields

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_DIGIT = "[0-9๐-๙]"
# "๑.", "1)", "๑..", "(1)" — a numbered list marker at a line start
# "๒." / "2)" / "(2)"; OCR writes the dot as a comma before a space ("๒, การเปิดเผย…")
NUMBER_MARKER_RX = re.compile(rf"^\s*\(?({_DIGIT}{{1,2}})\s*(?:\.+|\)|,(?=\s))(?!{_DIGIT})\s*")  # not "92.47"
# a bullet, or what OCR makes of one: "+", "»", "·", a lone dot before a space
BULLET_MARKER_RX = re.compile(r"^\s*(?:[-–—•●▪○◦*⁃]|[+»·]\.?(?=\s)|\.(?=\s))\s*")
# a number without its dot ("๑ ประชุม…"): a marker only where the cell's list proves it
DOTLESS_MARKER_RX = re.compile(rf"^\s*({_DIGIT})\s+(?=[{THAI_CONSONANTS}{LEADING_VOWELS}])")
# "มาตรการที่ 1", and as OCR leaves it: "มาตรการที 1" (tone dropped), "มาตรการท่ี 1"
MEASURE_TITLE_RX = re.compile(rf"^\s*(?:มาตรการ\s*(?:ท[\u0e35\u0e48\s]*)?\s*)({_DIGIT}{{1,2}})\s*[.):]*\s*")
INLINE_BULLET_RX = re.compile(r"\s+[-•●▪]\s+(?=[^\s0-9๐-๙])")
UNIT_PREFIX_RX = re.compile("^(?:" + "|".join(UNIT_PREFIXES) + ")")


def thai_to_int(digits: str) -> int:
    return int(digits.translate(_TO_ARABIC))


_THAI_CHAR_RX = re.compile(f"[{THAI_BLOCK}{PUA_MARKS}]")


def _is_thai(ch: str) -> bool:
    # the Private Use Area forms of Thai marks (old fonts) are Thai too
    return bool(_THAI_CHAR_RX.match(ch))


def _label_key(text: str) -> str:
    """A comparison key for header labels; the corpus text itself is repaired in normalize."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    text = re.sub("[\uf700-\uf71a\u200b-\u200d]", "", text)  # PUA shifted marks, zero-width
    return re.sub(r"[\s/().,:\-]+", "", text)


def header_field(text: str, *, prefix: bool = True) -> tuple[str | None, float]:
    """The contract field a header cell names, with the match score (0..100).

    With `prefix`, a label that starts a longer cell also counts ("ผลลัพธ์/ความสำเร็จของ
    มาตรการ"); without, the whole cell must read as the label.
    """
    key = _label_key(text)
    if not key:
        return None, 0.0
    best, best_score = None, 0.0
    for name, labels in HEADER_LABELS.items():
        for label in labels:
            lk = _label_key(label)
            if name == "no" and len(key) > 8:
                continue  # "ที่" alone is an index header; longer text is never one
            score = fuzz.ratio(key, lk)
            if prefix and len(key) > len(lk) + 2 and name != "no":
                score = max(score, fuzz.ratio(key[:len(lk)], lk) - 5)
            if score > best_score:
                best, best_score = name, score
    return best, best_score


def header_fields(texts: Sequence[str]) -> dict[int, str] | None:
    """Column index → field for a header row, or None when the row is not a header."""
    mapping: dict[int, str] = {}
    for col, text in enumerate(texts):
        name, score = header_field(text.replace("\n", ""))
        if name and score >= HEADER_MIN_SCORE and name not in mapping.values():
            mapping[col] = name
    if len(mapping) < HEADER_MIN_FIELDS or "guidelines" not in mapping.values() and "steps" not in mapping.values():
        return None
    for col, text in enumerate(texts):
        # in a row that is a header, a label OCR mangled ("รับผินชอบ") still names a field
        if col in mapping or not text.strip():
            continue
        name, score = header_field(text.replace("\n", ""))
        if name and score >= HEADER_LOOSE_SCORE and name not in mapping.values():
            mapping[col] = name
    return dict(sorted(mapping.items()))


def _fragment_fields(texts: Sequence[str]) -> dict[int, str]:
    """Column → field for each cell of a header fragment row that names one."""
    out: dict[int, str] = {}
    for col, text in enumerate(texts):
        name, score = header_field(text.replace("\n", ""), prefix=False)
        if name and score >= HEADER_MIN_SCORE and name not in out.values():
            out[col] = name
    return out


def _header_fragment(texts: Sequence[str], spans: Sequence[int] = ()) -> bool:
    """A row whose every filled cell is a header wording (the upper row of a 2-row header);
    a cell spanning several columns may be a group label over them ("การดำเนินการตาม
    มาตรการ" over "มาตรการ | ขั้นตอน") when the row's other cells are header wordings."""
    spans = list(spans) or [1] * len(texts)
    words = [c for c, t in enumerate(texts) if t.strip() and spans[c] == 1]
    groups = [c for c, t in enumerate(texts) if t.strip() and spans[c] > 1]
    scores = [header_field(texts[c].replace("\n", ""), prefix=False)[1] for c in words]
    if groups or len(words) >= 3:
        # a wide header row: a label wrapped onto the row below ("หน่วยงานรับ" over
        # "ผิดชอบ") is still close to one, and one label at least is whole
        return (len(words) >= (1 if groups else 3) and min(scores) >= HEADER_LOOSE_SCORE
                and max(scores) >= HEADER_MIN_SCORE)
    return bool(words) and min(scores) >= HEADER_MIN_SCORE


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
            texts[cell.col] = cell.text
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


def _bold_fields(table: Table, r: int, mapping: dict[int, str]) -> tuple[str, ...]:
    """The fields of row r whose cells are set bold, where the table's body has plain text
    (else the style tells nothing)."""
    if not any(not cell.bold and cell.text.strip() for cell in table.cells if cell.row != r):
        return ()
    return tuple(mapping[cell.col] for cell in table.cells
                 if cell.row == r and cell.bold and cell.text.strip() and cell.col in mapping)


def _cuts_a_word(left: str, right: str) -> bool:
    """Whether the cut falls inside a word: a piece ends or starts with a fragment that
    is no word, and joined, the tokenizer puts no boundary at the cut."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    if not left or not right or not (_is_thai(left[-1]) and _is_thai(right[0])):
        return False
    words = thai_words()
    tail = word_tokenize(left, engine="newmm")[-1]
    head = word_tokenize(right, engine="newmm")[0]
    if tail in words and head in words:
        return False
    position = 0
    for token in word_tokenize(left + right, engine="newmm"):
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


def stitch_rows(tables: Iterable[Table]) -> list[Row]:
    """All data rows of all tables in page order, header rows dropped, splits joined."""
    rows: list[Row] = []
    mapping: dict[int, str] | None = None
    mapping_cols = 0
    field_extents: dict[str, tuple[float, float]] = {}  # where the header put each field
    header_starts: set[int] = set()  # columns where the header's cells begin
    for table in tables:
        first_data_row = True
        above: list[str] | None = None  # a header fragment row just above (two-row headers)
        above_spans: list[int] = []
        header_just_read = False
        for r in range(table.n_rows):
            texts, spans = _row_texts(table, r)
            if not any(t.strip() for t in texts):
                continue
            found = header_fields(texts)
            if above is not None:
                # "ระยะเวลาดำเนิน" over "การ", "ผลการดำเนินงาน" over its two columns
                # a group label spanning several columns ("การดำเนินการตามมาตรการ" over
                # "มาตรการ | ขั้นตอน") names none of them: the lower labels do
                grouped = {k for c, n in enumerate(above_spans) if n > 1 for k in range(c, c + n)}
                stacked = header_fields([b if c in grouped else f"{a}{b}"
                                         for c, (a, b) in enumerate(zip(above, texts, strict=True))])
                if stacked is not None and (found is None or len(stacked) > len(found)):
                    found = stacked
            starts = {cell.col for cell in table.cells if cell.row == r}
            if found is not None:
                if mapping is not None and mapping_cols == table.n_cols:
                    # the header repeated on a new page: a label OCR garbled there
                    # ("รับผิรเชอน") keeps the column it had on the page before
                    found = dict(sorted({**{c: f for c, f in mapping.items()
                                            if c not in found and f not in found.values()},
                                         **found}.items()))
                mapping, mapping_cols = found, table.n_cols
                extents = column_extents(table)
                if _index_column(texts, mapping, extents):
                    mapping = {0: "no", **mapping}
                field_extents = {f: extents[c] for c, f in mapping.items() if c in extents}
                header_starts = starts | (header_starts if above is not None else set())
                above = None
                header_just_read = True
                continue
            group = [c for c, t in enumerate(texts) if t.strip()]
            if (spans[group[0]] > 1 or len(group) > 1) and r + 1 < table.n_rows \
                    and header_fields(_row_texts(table, r + 1)[0]) is not None \
                    and not any(strip_marker(texts[c])[1] or MEASURE_TITLE_RX.match(texts[c]) for c in group):
                # group labels over the header row below ("การดำเนินการตามมาตรการ" over two
                # columns, "ผลการ" wrapped over one): the header's upper part, never a title;
                # a label wrapped over one column stacks onto the label below it
                above, above_spans = texts, spans
                continue
            if _header_fragment(texts, spans):
                header_starts = starts | (header_starts if header_just_read else set())
                if header_just_read and mapping is not None:
                    # the lower row of a two-row header whose upper row already read as a
                    # header ("ผลการดำเนินงาน" over "ผลการดำเนินการ | ผลลัพธ์"): the lower,
                    # more specific labels name their columns
                    mapping = {**mapping, **_fragment_fields(texts)}
                    extents = column_extents(table)
                    field_extents = {f: extents[c] for c, f in mapping.items() if c in extents}
                    continue
                above, above_spans = texts, spans
                continue
            header_just_read = False
            above = None
            if mapping is not None and mapping_cols != table.n_cols and field_extents:
                # a continuation page without a header, cut into another column set
                by_position = _mapping_by_position(table, field_extents)
                if len(by_position) >= HEADER_MIN_FIELDS:
                    mapping, mapping_cols = by_position, table.n_cols
                    header_starts = {c for c in by_position}
            if mapping is None or mapping_cols != table.n_cols:
                # no header yet for this column set: not a measure table (or an unknown one)
                continue
            cells = tuple((mapping[c], texts[c]) for c in sorted(mapping) if texts[c].strip())
            x0, x1 = column_extents(table).get(0, (0.0, 0.0))
            bare_index = ("no" not in mapping.values() and 0 not in mapping
                          and x1 - x0 <= INDEX_COLUMN_MAX_WIDTH
                          and bool(re.fullmatch(rf"{_DIGIT}{{1,2}}\s*\.?", texts[0].strip())))
            if bare_index:
                # an unlabelled narrow first column holding only a number: the index column
                cells = (("no", texts[0].strip()),) + cells
            filled = [c for c, t in enumerate(texts) if t.strip()]
            numbered = any(f == "no" and texts[c].strip() for c, f in mapping.items())
            if not bare_index and not numbered and (_bold_title_row(table, r, texts, filled) or _cut_title_row(
                    texts, spans, filled, header_starts, table.n_cols)):
                # a title row that phantom column rules cut in pieces: one title, rejoined
                texts = [join_lines(texts[c] for c in filled)] + [""] * (table.n_cols - 1)
                spans = [table.n_cols] + [1] * (table.n_cols - 1)
                filled = [0]
                cells = ((mapping[0], texts[0]),) if 0 in mapping else cells
            spanning = len(filled) == 1 and spans[filled[0]] >= max(2, table.n_cols - 1)
            if spanning and not cells:
                # a title spanning the table from a column the header names no field for
                # (an index column without its label): it still spans the mapped columns
                cells = ((mapping[min(mapping)], texts[filled[0]]),)
            # one filled cell can pass for a title row only where spans were lost
            lone = len(filled) == 1 and not table.spans_known
            conf = [cell.confidence for cell in table.cells if cell.row == r]
            continued = False
            if first_data_row and rows and rows[-1].page != table.page and not spanning:
                # the first row on a new page may be the tail of a row the page break cut;
                # each of its cells that does not open a new item continues the cell above
                continued = True
            rows.append(Row(page=table.page, cells=cells, spanning=spanning, lone=lone,
                            spans_known=table.spans_known,
                            continued=continued,
                            confidence=min(conf) if conf else 1.0,
                            indexed="no" in mapping.values() or bare_index,
                            boxes=tuple((mapping[c], _cell_box(table, r, c)) for c in sorted(mapping)
                                        if texts[c].strip()),
                            bold=_bold_fields(table, r, mapping)))
            first_data_row = False
    return rows


def _cell_box(table: Table, r: int, c: int) -> BBox | None:
    return next((cell.bbox for cell in table.cells if cell.row == r and cell.col == c), None)


def join_lines(lines: Iterable[str]) -> str:
    """Join the wrapped lines of one item: no space between two Thai characters."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_is_thai(out[-1]) and _is_thai(line[0])) and not out.endswith("-"):
            out += " "
        out += line
    return out


def strip_marker(line: str) -> tuple[str, bool]:
    """Remove a leading list marker; say whether there was one. A number OCR could not
    read ("©." for ๑., "lo." for ๒.) is a marker too."""
    for rx in (NUMBER_MARKER_RX, BULLET_MARKER_RX, UNREADABLE_NUMBER_RX):
        m = rx.match(line)
        if m and m.end() < len(line):
            return line[m.end():], True
    return line, False


def _is_lone_marker(line: str) -> bool:
    for rx in (NUMBER_MARKER_RX, BULLET_MARKER_RX):
        m = rx.match(line)
        if m and m.end() == len(line):
            return True
    return False


def dotless_markers(lines: Sequence[str]) -> dict[int, int]:
    """Line index → marker length for numbers that lost their dot ("๑ ประชุม…").

    OCR drops the dot of "๑." and reads a bullet "•" as "๑". Such a bare digit is a marker
    only when the cell's first line has one, and then where it continues 1, 2, 3… or repeats
    1 (bullets); "3 ปี และ…" wrapped inside an item is text.
    """
    found = {k: m for k, line in enumerate(lines) if (m := DOTLESS_MARKER_RX.match(line))}
    if 0 not in found or NUMBER_MARKER_RX.match(lines[0]):
        return {}
    markers, previous = {}, 0
    for k, m in found.items():
        number = thai_to_int(m.group(1))
        if number in (1, previous + 1):
            markers[k], previous = m.end(), number
    return markers


def split_items(text: str) -> list[tuple[str, bool]]:
    """A cell's text → list items (marker removed), each flagged if it had a marker."""
    return [(body, marked) for body, marked, _ in split_items_marked(text)]


@dataclass(frozen=True, slots=True)
class ItemMark:
    """What an item's marker said before it was removed: its number, and whether it
    read "มาตรการที่ N" (a measure title's own label)."""

    number: int | None = None
    titled: bool = False


def split_items_marked(text: str) -> list[tuple[str, bool, ItemMark]]:
    """`split_items` with each item's `ItemMark`.

    A line that starts with a marker opens an item; a line without one continues the item
    before it (a line wrapped inside the cell). A bulleted item holding more bullets
    ("- a - b", possibly wrapped so the second bullet is mid-line) is several items.
    """
    items: list[tuple[list[str], bool, bool, ItemMark]] = []  # lines, marked, bulleted, mark
    lone_marker = ""  # a marker the layout left alone on its line ("-" then the text below)
    lines = [raw.strip() for raw in text.split("\n") if raw.strip()]
    dotless = dotless_markers(lines)
    for k, raw in enumerate(lines):
        if _is_lone_marker(raw):
            lone_marker = raw
            continue
        if lone_marker:
            raw, lone_marker = f"{lone_marker} {raw}", ""
        if k in dotless:
            body, marked = raw[dotless[k]:], True
        else:
            body, marked = strip_marker(raw)
        if marked or not items:
            titled = MEASURE_TITLE_RX.match(raw)
            number = (thai_to_int(titled.group(1)) if titled else
                      _leading_number(raw) if k not in dotless else
                      thai_to_int(m.group(1)) if (m := DOTLESS_MARKER_RX.match(raw)) else None)
            items.append(([body], marked, bool(BULLET_MARKER_RX.match(raw)),
                          ItemMark(number, bool(titled and titled.end() < len(raw)))))
        else:
            items[-1][0].append(body)
    out: list[tuple[str, bool, ItemMark]] = []
    for lines, marked, bulleted, mark in items:
        joined = join_lines(lines)
        pieces = INLINE_BULLET_RX.split(joined) if bulleted else [joined]
        out.extend((p.strip(), marked, mark if i == 0 else ItemMark())
                   for i, p in enumerate(pieces) if p.strip())
    return out


# OCR's reading of a Thai digit it could not make out ("on." for ๓., "&" for ๔, "al." for ๗.)
UNREADABLE_NUMBER_RX = re.compile(rf"^\s*(?:[A-Za-z]{{1,2}}\.|[&@%$#*<>©®]+\.?)\s*(?=[{THAI_LETTERS}])")
# Thai digits tesseract mistakes for one another
CONFUSABLE_DIGITS = NUMBER_DIGIT_READINGS


def _measure_title(text: str) -> tuple[int | None, str]:
    """'๖.กระบวนการ…' / 'มาตรการที่ 2 …' → (6, 'กระบวนการ…'); no number → (None, text).

    A number OCR could not read ("on. ช่องทาง…") gives None and is dropped from the title.
    """
    first = text.strip()
    m = MEASURE_TITLE_RX.match(first) or NUMBER_MARKER_RX.match(first)
    if m and m.end() < len(first):
        return thai_to_int(m.group(1)), first[m.end():].strip()
    label = MEASURE_TITLE_RX.match(first)
    if label and label.end() == len(first):
        return thai_to_int(label.group(1)), ""  # "มาตรการที่ 2" on a line of its own: the title follows
    junk = UNREADABLE_NUMBER_RX.match(first)
    if junk:
        return None, first[junk.end():]
    return None, first


def plausible_number(printed: int | None, expected: int, previous: int | None) -> int:
    """The measure's number: as printed, unless OCR evidently misread it (a digit
    confusable with the expected one, or a number that does not move forward)."""
    if printed is None:
        return expected
    if printed == expected:
        return printed
    digits_confused = len(str(printed)) == len(str(expected)) and all(
        a == b or int(b) in CONFUSABLE_DIGITS.get(int(a), ())
        for a, b in zip(str(printed), str(expected), strict=True))
    if digits_confused or (previous is not None and printed <= previous):
        return expected
    return printed


@dataclass
class _Draft:
    no: int
    title: str
    fields: dict[str, list[str]] = field(default_factory=lambda: {
        k: [] for k in ("guidelines", "steps", "results", "outcomes")})
    responsible: list[str] = field(default_factory=list)
    period: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    confidence: list[float] = field(default_factory=list)
    last_guideline_no: int | None = None
    printed_no: int | None = None  # the number as printed, when plausible_number read one
    guideline_marks: list[ItemMark] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # doubts found while assembling
    # provenance: (page, cell box) of the title and of each list item
    title_source: tuple[int, BBox | None] | None = None
    sources: dict[str, list[tuple[int, BBox | None]]] = field(default_factory=lambda: {
        k: [] for k in ("guidelines", "steps", "results", "outcomes")})




def _opens_item(line: str) -> bool:
    """A marked line, or one opening a list with a bare "1" (OCR dropped the dot)."""
    if strip_marker(line)[1]:
        return True
    m = DOTLESS_MARKER_RX.match(line)
    return m is not None and thai_to_int(m.group(1)) == 1


def _first_item(lines: Sequence[str], opens: Callable[[str], bool] | None = None) -> int:
    """Index of the first line after the first that opens a list item (len when none)."""
    opens = opens or _opens_item
    return next((k for k in range(1, len(lines)) if opens(lines[k])), len(lines))


def _first_cell_title(row: Row, expected_no: int, current: "_Draft | None",
                      allow_alone: bool = True) -> tuple[int, str, str] | None:
    """A measure title given as the first paragraph of the row's first cell.

    It is one when that paragraph is numbered and the items after it restart at 1 or are
    bullets (so it cannot be the next guideline), or when it stands alone with the next
    measure's number and cannot be the current measure's next guideline.
    """
    text = row.get("guidelines")
    if not text.strip():
        return None
    lines = text.split("\n")
    no, title = _measure_title(lines[0])
    if no is None and UNREADABLE_NUMBER_RX.match(lines[0]):
        no = expected_no  # OCR could not read the number ("on. ช่องทาง…")
    bare = DOTLESS_MARKER_RX.match(lines[0]) if no is None else None
    if bare and thai_to_int(bare.group(1)) == expected_no:
        # the number lost its dot ("4 การเปิดเผย…"): a title only if the items restart below
        no, title = expected_no, lines[0][bare.end():].strip()
    if no is None:
        return None
    marked_rest = [ln for ln in lines[1:] if _opens_item(ln)]
    first_marked = marked_rest[0] if marked_rest else ""
    m = NUMBER_MARKER_RX.match(first_marked) or DOTLESS_MARKER_RX.match(first_marked)
    restarts = m is not None and thai_to_int(m.group(1)) == 1
    if restarts and not NUMBER_MARKER_RX.match(first_marked) and not bare:
        # a bare "1" opens a list only where the list goes on ("2 …"): after a numbered
        # guideline it is the wrapped tail of its sentence ("…เดือนละ" / "1 ครั้ง")
        after = [NUMBER_MARKER_RX.match(ln) or DOTLESS_MARKER_RX.match(ln) for ln in marked_rest[1:]]
        restarts = any(a is not None and thai_to_int(a.group(1)) == 2 for a in after)
    if m is None and first_marked and UNREADABLE_NUMBER_RX.match(first_marked):
        # "©. จัดทำ…" then "๒. กำชับ…": the unreadable number was 1
        second = NUMBER_MARKER_RX.match(marked_rest[1]) if len(marked_rest) > 1 else None
        restarts = second is not None and thai_to_int(second.group(1)) == 2
    bullets = m is None and bool(BULLET_MARKER_RX.match(first_marked))
    others = any(f != "guidelines" and t.strip() for f, t in row.cells)
    # a row with its own responsible unit or period, below a measure that has them, is a
    # new measure, not that measure's next guideline
    own_units = current is not None and any(_plausible_unit(row.get(f)) for f in
                                            ("responsible", "period")) \
        and bool(current.responsible or current.period)
    alone = allow_alone and not marked_rest and no == expected_no and (
        current is None or current.last_guideline_no != no - 1 or own_units) and (
        others or not row.spans_known)  # with spans known, a title alone in its row spans it
    if bare and not restarts:
        return None
    if restarts or bullets or alone:
        # continuation lines of the title come before the first marked item
        k = _first_item(lines)
        title = join_lines([title] + lines[1:k])
        return no, title, "\n".join(lines[k:])
    return None


def _plausible_unit(text: str) -> bool:
    """Whether a responsible or period cell holds a unit or a time, not OCR dust from a
    stamp or a scribble ("My", "กห"): a digit, or three Thai letters."""
    return bool(re.search(r"[0-9๐-๙]", text)) or len(re.findall(f"[{THAI_CONSONANTS}]", text)) >= 3


def _leading_number(text: str) -> int | None:
    m = MEASURE_TITLE_RX.match(text) or NUMBER_MARKER_RX.match(text)
    return thai_to_int(m.group(1)) if m else None


def _lone_title_row(row: Row, expected: int, current: "_Draft | None", following: Row | None) -> bool:
    """A row whose only text is in the first column, when the export lost the span.

    It is the next measure's title when it carries that measure's number and cannot be the
    next guideline of the current measure (whose last guideline would be number − 1 and
    whose next row would not restart at 1).
    """
    if not row.lone or row.spanning or not row.get("guidelines"):
        return False
    number = _leading_number(row.get("guidelines"))
    if number is None:
        return False
    if current is None:
        return True  # a table that opens on a measure title, whatever its number
    if number != expected:
        return False
    if current.last_guideline_no != number - 1:
        return True
    next_no = _leading_number(following.get("guidelines")) if following else None
    return next_no == 1


def _index_number(text: str, expected: int, previous: int | None) -> tuple[int, int | None] | None:
    """The measure number in an index ("ที่") cell and the number printed there (None when
    unreadable), or None for an empty cell.

    Anything short in that cell opens a measure: a number OCR could not read ("lo" for
    ๒) or misread ("๖" for ๒) takes the number the sequence expects.
    """
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(rf"{_DIGIT}{{1,2}}\s*\.?", text):
        printed = thai_to_int(re.sub(r"\D", "", text.translate(_TO_ARABIC)))
        return plausible_number(printed, expected, previous), printed
    if len(text) <= 3 and not re.search(f"[{THAI_CONSONANTS}]", text):
        return expected, None
    return None


def rows_to_measures(rows: Sequence[Row]) -> list[Measure]:
    return [m for m, _, _ in measures_with_marks(rows)]


def measures_with_marks(rows: Sequence[Row]) -> list[tuple[Measure, tuple[ItemMark, ...], tuple[str, ...]]]:
    """`rows_to_measures`, each measure with its guidelines' markers and the doubts found
    while assembling it (for the checks)."""
    drafts: list[_Draft] = []

    def add_items(draft: _Draft, name: str, text: str, continued: bool, row: Row) -> None:
        items = split_items_marked(text)
        target = draft.fields[name]
        if continued and items and target and not items[0][1]:
            target[-1] = join_lines([target[-1], items[0][0]])
            items = items[1:]
        target.extend(item for item, _, _ in items)
        if name == "guidelines":
            draft.guideline_marks.extend(mark for _, _, mark in items)
        draft.sources[name].extend((row.page, row.box(name)) for _ in items)

    def note_title(row: Row) -> None:
        if drafts and drafts[-1].title_source is None:
            drafts[-1].title_source = (row.page, row.boxes[0][1] if row.boxes else None)

    span_titles = False  # the document sets titles as spanning rows: a lone number is no title
    for i, row in enumerate(rows):
        expected = drafts[-1].no + 1 if drafts else 1
        index_text = row.get("no").strip()
        if row.spanning or _lone_title_row(row, expected, drafts[-1] if drafts else None,
                                           rows[i + 1] if i + 1 < len(rows) else None):
            text = next((t for _, t in row.cells), "")
            if not text.strip():
                continue  # a spanning row with no text in a known column
            no, title = _measure_title(text.split("\n")[0])
            title = join_lines([title] + text.split("\n")[1:])
            previous = drafts[-1].no if drafts else None
            drafts.append(_Draft(no=plausible_number(no, expected, previous), title=title,
                                 printed_no=no))
            drafts[-1].pages.append(row.page)
            span_titles = span_titles or row.spanning
            note_title(row)
            continue
        guideline_text = row.get("guidelines")
        started = False
        index_no = _index_number(index_text, expected, drafts[-1].no if drafts else None)
        if index_no is not None:
            no, printed = index_no
            lines = guideline_text.split("\n")
            found = _first_cell_title(row, no, None)
            if found:
                _, title, guideline_text = found
            else:
                # the title is every line before the first marked item (it may wrap)
                k = _first_item(lines, opens=lambda line: strip_marker(line)[1])
                title = join_lines([_measure_title(lines[0])[1]] + lines[1:k])
                guideline_text = "\n".join(lines[k:])
            drafts.append(_Draft(no=no, title=title, printed_no=printed))
            started = True
        elif not (row.indexed and drafts):
            # with an index column a numbered first cell is a guideline ("lo. เปิดเผย…"
            # is an OCR'd "๒."), not a title
            # a document that sets titles as spanning rows may set some as the cell's
            # bold first paragraph (two title forms mixed): a bold numbered cell alone
            # is a title still
            found = _first_cell_title(row, expected, drafts[-1] if drafts else None,
                                      allow_alone=not span_titles or "guidelines" in row.bold)
            if found:
                no, title, guideline_text = found
                previous = drafts[-1].no if drafts else None
                drafts.append(_Draft(no=plausible_number(no, expected, previous), title=title,
                                 printed_no=no))
                started = True
        if not drafts and guideline_text.strip():
            # the first row of the table opens the first measure even when its number or
            # its layout is unclear (OCR): its first line is the title
            lines = guideline_text.split("\n")
            no, title = _measure_title(lines[0])
            k = _first_item(lines)  # the title wraps until the first marked item
            if k == len(lines):
                k = 1  # no marked item at all: only the first line is sure to be the title
            drafts.append(_Draft(no=no if no is not None else expected,
                                 title=join_lines([title] + lines[1:k])))
            guideline_text = "\n".join(lines[k:])
            started = True
        if not drafts:
            continue  # rows before the first measure (notes under the header)
        note_title(row)
        draft = drafts[-1]
        index_numbers = [ln.strip() for ln in index_text.split("\n")
                         if re.fullmatch(rf"{_DIGIT}{{1,2}}\s*\.?", ln.strip())]
        if len(index_numbers) > 1:
            # one row holds several measures' index numbers: rows the layout did not rule
            # apart were read as one (a frame with a header line only)
            draft.notes.append(f"the index cell of measure {draft.no} holds several numbers "
                               f"({', '.join(index_numbers)}): measures merged")
        continued = row.continued and not started
        if row.page not in draft.pages:
            draft.pages.append(row.page)
        draft.confidence.append(row.confidence)
        for line in guideline_text.split("\n"):
            number = _leading_number(line)
            if number is not None:
                draft.last_guideline_no = number
        if continued and not draft.fields["guidelines"] and guideline_text.strip():
            # a title cut by the page break: its tail opens the next page's first cell
            first, _, rest = guideline_text.partition("\n")
            if not strip_marker(first)[1]:
                draft.title = join_lines([draft.title, first])
                guideline_text = rest
        for name in LIST_FIELDS:
            text = guideline_text if name == "guidelines" else row.get(name)
            if text.strip():
                add_items(draft, name, text, continued, row)
        for name, parts in (("responsible", draft.responsible), ("period", draft.period)):
            text = row.get(name)
            if not text.strip():
                continue
            if continued and parts:
                parts[-1] = f"{parts[-1]}\n{text}"  # the cell's tail, cut by the page break
            else:
                parts.append(text)

    measures = []
    for d in drafts:
        responsible = join_responsible(d.responsible)
        period_text = " ".join(join_lines(p.split("\n")) for p in d.period[:1])
        measures.append((Measure(
            no=d.no, title=d.title,
            guidelines=tuple(d.fields["guidelines"]), steps=tuple(d.fields["steps"]),
            responsible=responsible, period=Period(text=period_text),
            results=tuple(d.fields["results"]), outcomes=tuple(d.fields["outcomes"]),
            pages=tuple(d.pages),
            printed_no=d.printed_no if d.printed_no != d.no else None,
            confidence=round(min(d.confidence), 3) if d.confidence else 1.0,
            sources=(("title", (d.title_source,) if d.title_source else ()),
                     *((k, tuple(v)) for k, v in d.sources.items())),
        ), tuple(d.guideline_marks), tuple(d.notes)))
    return measures


def join_responsible(cells: Sequence[str]) -> str:
    """The responsible cell(s) as one string; a unit on its own line keeps a space."""
    parts: list[str] = []
    for cell in cells:
        for line in cell.split("\n"):
            body, _ = strip_marker(line.strip())
            if not body:
                continue
            if parts and (UNIT_PREFIX_RX.match(body) and not parts[-1].endswith("และ")):
                parts.append(" " + body)
            elif parts:
                parts[-1] = join_lines([parts[-1], body])
            else:
                parts.append(body)
    seen: list[str] = []
    for p in parts:
        if p.strip() not in [s.strip() for s in seen]:
            seen.append(p)
    return "".join(seen).strip()


def with_measure_numbers(measures: list[Measure]) -> list[Measure]:
    """Measures numbered by their own print; a repeated number (two tables) is kept apart."""
    out: list[Measure] = []
    for m in measures:
        if out and m.no == out[-1].no and m.title == out[-1].title:
            prev = out.pop()
            m = replace(prev, guidelines=prev.guidelines + m.guidelines,
                        steps=prev.steps + m.steps, results=prev.results + m.results,
                        outcomes=prev.outcomes + m.outcomes,
                        pages=tuple(dict.fromkeys(prev.pages + m.pages)))
        out.append(m)
    return out
