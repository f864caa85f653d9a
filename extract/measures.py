"""Table cells → rows → measures, shared by every input kind.

The stages, one module each: `extract.headers` maps a header row to the contract's
fields by fuzzy matching of the many wordings; `extract.rows.stitch_rows` walks the
tables of all pages in order, drops repeated headers and joins a row split by a page
break; this module groups the rows into measures (`rows_to_measures`: a title row
spanning all columns, a number in the index column, or the title as the first paragraph
of the first cell), and `extract.list_items` splits cells into list items. Text stays as
read: this stage only decides structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from ita_core.model import BBox, Measure, Period
from ita_core.thai import LIST_FIELDS, NUMBER_DIGIT_READINGS, THAI_CONSONANTS, UNIT_PREFIXES
from extract.list_items import (BULLET_MARKER_RX, DOTLESS_MARKER_RX, MEASURE_TITLE_RX, NUMBER_MARKER_RX,
                                UNREADABLE_LABEL_RX, UNREADABLE_NUMBER_RX, _DIGIT, _TO_ARABIC, ItemMark, _leading_number,
                                join_lines, split_items_marked, strip_marker, thai_to_int)
from extract.checks import empty_measure
from extract.numbering import sequence_numbers
from extract.rows import Row

UNIT_PREFIX_RX = re.compile("^(?:" + "|".join(UNIT_PREFIXES) + ")")
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
    junk = UNREADABLE_NUMBER_RX.match(first) or UNREADABLE_LABEL_RX.match(first)
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
    if no is None and (UNREADABLE_NUMBER_RX.match(lines[0]) or UNREADABLE_LABEL_RX.match(lines[0])):
        no = expected_no  # OCR could not read the number ("on. ช่องทาง…", "มาตรการที่ า๓ …")
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
        restarts = _restarts_misread(None, no, marked_rest, current)
    if not restarts and m is not None and NUMBER_MARKER_RX.match(first_marked) and no == expected_no:
        restarts = _restarts_misread(thai_to_int(m.group(1)), no, marked_rest, current)
    bullets = m is None and bool(BULLET_MARKER_RX.match(first_marked))
    others = any(f != "guidelines" and t.strip() for f, t in row.cells)
    # a row with its own responsible unit or period, below a measure that has them, is a
    # new measure, not that measure's next guideline
    own_units = current is not None and any(_plausible_unit(row.get(f)) for f in
                                            ("responsible", "period")) \
        and bool(current.responsible or current.period)
    # a guideline is never labelled "มาตรการที่ ๓": the label is a title, even where the
    # title before it was lost
    labelled = bool(MEASURE_TITLE_RX.match(lines[0]) or UNREADABLE_LABEL_RX.match(lines[0])) \
        and expected_no <= no <= expected_no + 2
    alone = allow_alone and not marked_rest and no == expected_no and (
        current is None or current.last_guideline_no != no - 1 or own_units) and (
        others or not row.spans_known)  # with spans known, a title alone in its row spans it
    if bare and not restarts:
        return None
    if restarts or bullets or alone or labelled:
        # continuation lines of the title come before the first marked item
        k = _first_item(lines)
        title = join_lines([title] + lines[1:k])
        return no, title, "\n".join(lines[k:])
    return None


def _restarts_misread(first: int | None, no: int, marked: Sequence[str], current: "_Draft | None") -> bool:
    """Whether the items under a numbered first paragraph restart although the first one's
    number reads otherwise (OCR reads ๑ as 9, or as no number at all: `first` None): the
    next item is 2, or the first is no continuation of the paragraph's number (no + 1)
    and the paragraph cannot be the current measure's next guideline either."""
    second = NUMBER_MARKER_RX.match(marked[1]) if len(marked) > 1 else None
    if second is not None:
        return thai_to_int(second.group(1)) == 2
    return first is not None and first not in (no, no + 1) and (
        current is None or current.last_guideline_no != no - 1)


def _plausible_unit(text: str) -> bool:
    """Whether a responsible or period cell holds a unit or a time, not OCR dust from a
    stamp or a scribble ("My", "กห"): a digit, or three Thai letters."""
    return bool(re.search(r"[0-9๐-๙]", text)) or len(re.findall(f"[{THAI_CONSONANTS}]", text)) >= 3


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


def _index_number(text: str, expected: int, previous: int | None,
                  titled: bool = False) -> tuple[int, int | None] | None:
    """The measure number in an index ("ที่") cell and the number printed there (None when
    unreadable), or None for an empty cell.

    Anything short in that cell opens a measure: a number OCR could not read ("lo" for
    ๒) or misread ("๖" for ๒) takes the number the sequence expects. Thai digits are read
    as letters too ("เว" for ๖): two letters at most do when the row opens like a measure
    (`titled`: its first cell starts with an unnumbered line, a title).
    """
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(rf"{_DIGIT}{{1,2}}\s*\.?", text):
        printed = thai_to_int(re.sub(r"\D", "", text.translate(_TO_ARABIC)))
        return plausible_number(printed, expected, previous), printed
    if len(text) <= 3 and not re.search(f"[{THAI_CONSONANTS}]", text):
        return expected, None
    if titled and len(text) <= 2:
        return expected, None
    return None


def rows_to_measures(rows: Sequence[Row]) -> list[Measure]:
    return [m for m, _, _ in measures_with_marks(rows)]


def measures_with_marks(rows: Sequence[Row]) -> list[tuple[Measure, tuple[ItemMark, ...], tuple[str, ...]]]:
    """`rows_to_measures`, each measure with its guidelines' markers and the doubts found
    while assembling it (for the checks)."""
    drafts: list[_Draft] = []
    span_titles = False  # the document sets titles as spanning rows: a lone number is no title
    for i, row in enumerate(rows):
        expected = drafts[-1].no + 1 if drafts else 1
        if row.spanning and _title_goes_on(row, rows[i - 1] if i else None, drafts):
            drafts[-1].title = join_lines([drafts[-1].title, next((t for _, t in row.cells), "")])
            continue
        if row.spanning or _lone_title_row(row, expected, drafts[-1] if drafts else None,
                                           rows[i + 1] if i + 1 < len(rows) else None):
            draft = _title_row_draft(row, expected, drafts[-1].no if drafts else None)
            if draft is None:
                continue  # a spanning row with no text in a known column
            drafts.append(draft)
            span_titles = span_titles or row.spanning
            _note_title(drafts, row)
            continue
        guideline_text, started = _open_measure(row, drafts, expected, span_titles)
        if not drafts:
            continue  # rows before the first measure (notes under the header)
        _note_title(drafts, row)
        _add_row(drafts[-1], row, guideline_text, continued=row.continued and not started)
    _number_together(drafts)
    return [_assembled(d) for d in drafts]


def _number_together(drafts: Sequence[_Draft]) -> None:
    """The measures' numbers decided together from what was printed (`extract.numbering`),
    so that one misread number or a spurious empty measure does not shift the rest. An
    empty measure (no title, or no guideline or step: the checks drop it) may take none."""
    empty = [empty_measure(d.title, d.fields["guidelines"], d.fields["steps"]) for d in drafts]
    numbers = sequence_numbers([d.printed_no for d in drafts], empty, CONFUSABLE_DIGITS)
    for d, number in zip(drafts, numbers, strict=True):
        if number is not None:
            d.no = number


def _note_title(drafts: list[_Draft], row: Row) -> None:
    if drafts and drafts[-1].title_source is None:
        drafts[-1].title_source = (row.page, row.boxes[0][1] if row.boxes else None)


def _title_goes_on(row: Row, previous: Row | None, drafts: Sequence[_Draft]) -> bool:
    """A spanning row opening a page, unnumbered, under the title row that ended the page
    before (its measure still empty): the title the page break cut ("…การไม่รับของขวัญ" /
    "(No Gift Policy)"), not a measure of its own."""
    if previous is None or not previous.spanning or previous.page == row.page or not drafts:
        return False
    if any(drafts[-1].fields.values()) or drafts[-1].responsible or drafts[-1].period:
        return False
    first = next((t for _, t in row.cells), "").strip().split("\n")[0]
    return bool(first) and _measure_title(first)[0] is None and not UNREADABLE_NUMBER_RX.match(first) \
        and not UNREADABLE_LABEL_RX.match(first)


def _title_row_draft(row: Row, expected: int, previous: int | None) -> _Draft | None:
    """The measure a title row opens (spanning, or alone where spans were lost)."""
    text = next((t for _, t in row.cells), "")
    if not text.strip():
        return None
    no, title = _measure_title(text.split("\n")[0])
    title = join_lines([title] + text.split("\n")[1:])
    draft = _Draft(no=plausible_number(no, expected, previous), title=title, printed_no=no)
    draft.pages.append(row.page)
    return draft


def _open_measure(row: Row, drafts: list[_Draft], expected: int, span_titles: bool) -> tuple[str, bool]:
    """Open the measure a data row starts, if it starts one (appended to `drafts`): by its
    index cell, by a title in its first cell, or as the table's first row. Returns the
    row's guideline text left for items, and whether a measure was opened."""
    guideline_text = row.get("guidelines")
    first = guideline_text.strip().split("\n")[0]
    titled = bool(first) and not _opens_item(first) and not UNREADABLE_NUMBER_RX.match(first)
    index_no = _index_number(row.get("no").strip(), expected, drafts[-1].no if drafts else None, titled)
    if index_no is not None:
        draft, guideline_text = _indexed_draft(row, *index_no)
        drafts.append(draft)
        return guideline_text, True
    started = False
    if not (row.indexed and drafts):
        # with an index column a numbered first cell is a guideline ("lo. เปิดเผย…"
        # is an OCR'd "๒."), not a title
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
                             title=join_lines([title] + lines[1:k]), printed_no=no))
        guideline_text = "\n".join(lines[k:])
        started = True
    return guideline_text, started


def _indexed_draft(row: Row, no: int, printed: int | None) -> tuple[_Draft, str]:
    """The measure a row with a number in its index cell opens, and the guideline text
    left after its title."""
    guideline_text = row.get("guidelines")
    lines = guideline_text.split("\n")
    found = _first_cell_title(row, no, None)
    if found:
        _, title, guideline_text = found
    else:
        # the title is every line before the first marked item (it may wrap)
        k = _first_item(lines, opens=lambda line: strip_marker(line)[1])
        title = join_lines([_measure_title(lines[0])[1]] + lines[1:k])
        guideline_text = "\n".join(lines[k:])
    return _Draft(no=no, title=title, printed_no=printed), guideline_text


def _add_row(draft: _Draft, row: Row, guideline_text: str, continued: bool) -> None:
    """A data row's items and cells into the measure it belongs to."""
    index_numbers = [ln.strip() for ln in row.get("no").strip().split("\n")
                     if re.fullmatch(rf"{_DIGIT}{{1,2}}\s*\.?", ln.strip())]
    if len(index_numbers) > 1:
        # one row holds several measures' index numbers: rows the layout did not rule
        # apart were read as one (a frame with a header line only)
        draft.notes.append(f"the index cell of measure {draft.no} holds several numbers "
                           f"({', '.join(index_numbers)}): measures merged")
    lost = "text in a column whose header names no field was not read"
    if row.unread and lost not in draft.notes:
        draft.notes.append(lost)
    if row.page not in draft.pages:
        draft.pages.append(row.page)
    draft.confidence.append(row.confidence)
    for k, line in enumerate(guideline_text.split("\n")):
        number = _leading_number(line)
        bare = DOTLESS_MARKER_RX.match(line) if number is None and k == 0 else None
        if bare and not draft.fields["guidelines"] and thai_to_int(bare.group(1)) == 1:
            number = 1  # the list's first item, its dot lost to OCR ("1 กำหนดแนวปฏิบัติ…")
        if number is not None:
            draft.last_guideline_no = number
    if continued and not draft.fields["guidelines"] and guideline_text.strip():
        # a title cut by the page break: its tail opens the next page's first cell, all
        # its lines before the first numbered guideline (else its first line only)
        lines = guideline_text.split("\n")
        tail = next((k for k, ln in enumerate(lines) if _opens_or_marks(ln)), None) or 1
        if not _opens_or_marks(lines[0]):
            draft.title = join_lines([draft.title, *lines[:tail]])
            guideline_text = "\n".join(lines[tail:])
    for name in LIST_FIELDS:
        text = guideline_text if name == "guidelines" else row.get(name)
        if text.strip():
            _add_items(draft, name, text, continued, row)
    for name, parts in (("responsible", draft.responsible), ("period", draft.period)):
        text = row.get(name)
        if not text.strip():
            continue
        if continued and parts:
            parts[-1] = f"{parts[-1]}\n{text}"  # the cell's tail, cut by the page break
        else:
            parts.append(text)


def _opens_or_marks(line: str) -> bool:
    """A line that opens a list item (`_opens_item`), or its marker alone (the text
    wrapped to the next line: "1)" then "ประชาสัมพันธ์…")."""
    return _opens_item(line) or bool(NUMBER_MARKER_RX.fullmatch(line) or BULLET_MARKER_RX.fullmatch(line))


def _add_items(draft: _Draft, name: str, text: str, continued: bool, row: Row) -> None:
    items = split_items_marked(text)
    target = draft.fields[name]
    if continued and items and target and not items[0][1]:
        target[-1] = join_lines([target[-1], items[0][0]])
        items = items[1:]
    target.extend(item for item, _, _ in items)
    if name == "guidelines":
        draft.guideline_marks.extend(mark for _, _, mark in items)
    draft.sources[name].extend((row.page, row.box(name)) for _ in items)


def _assembled(d: _Draft) -> tuple[Measure, tuple[ItemMark, ...], tuple[str, ...]]:
    """The finished measure, its guidelines' markers and its doubts."""
    responsible = join_responsible(d.responsible)
    period_text = " ".join(join_lines(p.split("\n")) for p in d.period[:1])
    return (Measure(
        no=d.no, title=d.title,
        guidelines=tuple(d.fields["guidelines"]), steps=tuple(d.fields["steps"]),
        responsible=responsible, period=Period(text=period_text),
        results=tuple(d.fields["results"]), outcomes=tuple(d.fields["outcomes"]),
        pages=tuple(d.pages),
        printed_no=d.printed_no if d.printed_no != d.no else None,
        confidence=round(min(d.confidence), 3) if d.confidence else 1.0,
        sources=(("title", (d.title_source,) if d.title_source else ()),
                 *((k, tuple(v)) for k, v in d.sources.items())),
    ), tuple(d.guideline_marks), tuple(d.notes))


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
