"""Header mechanisms found on unseen random layouts (seed 3003143473): a cell edge the
header's rule pieces draw, a repeated header's clipped label, and a header row read stacked
under the one above it. Synthetic words and tables: no PDF, each mechanism on its own."""

from __future__ import annotations

import json
from pathlib import Path

from extract.measures import rows_to_measures
from extract.rows import stitch_rows
from extract.structure import Columns, Rules, Word, find_table
from ita_core.model import Cell, Table

SIZE = 14.0
LINE = 18.0


def _word(text: str, x0: float, top: float, bold: bool = False, width: float | None = None) -> Word:
    width = width if width is not None else 7.0 * len(text)
    return Word(text, x0, x0 + width, top, top + SIZE, SIZE, bold)


# Four columns; the responsible column (its cell 480-620) centres its text, so its short
# names start well right of the edge and a long one starts near it.
LABELS = [("มาตรการ/แนวทางการปฏิบัติ", 40), ("ขั้นตอน/วิธีการดำเนินการ", 250),
          ("ระยะเวลาดำเนินการ", 410), ("ผู้รับผิดชอบ", 515)]
EDGES = [36.0, 240.0, 400.0, 480.0, 620.0]  # the cells' edges, as the writer drew them


def _header_page(rules: Rules) -> tuple[list[list[Word]], Rules]:
    lines = [[_word(t, x, 100, bold=True, width=min(7.0 * len(t), 140 if x < 400 else 64)) for t, x in LABELS]]
    y = 100 + LINE + 8
    for k in range(8):  # guideline, step, period (left-aligned); a short centred name
        lines.append([_word(f"{k + 1}. แนวทางที่ {k + 1}", 40, y), _word("- ดำเนินการ", 250, y),
                      _word("ต.ค. ๖๖", 410, y, width=50), _word("กองคลัง", 527, y, width=46)])
        y += LINE
    return lines, rules


def test_header_rule_pieces_meeting_place_the_column_edge():
    """A frame with a header line and no vertical rule: each header cell draws its own top
    border, so the header's top rule is in pieces that meet at the cells' edges. The edge
    is taken there, not in the middle of the white space (the centred column's text starts
    right of it), so a long centred name on the next page keeps to its column."""
    top = 100 - 4.0
    pieces = tuple((top, a, b) for a, b in zip(EDGES, EDGES[1:]))
    frame = ((36.0, top, 400.0), (620.0, top, 400.0))
    lines, rules = _header_page(Rules(horizontal=pieces + ((400.0, 36.0, 620.0),), vertical=frame))
    found = find_table(lines, rules)
    assert found is not None
    assert abs(found.columns.bounds[3] - 480.0) <= 1.5, found.columns.bounds
    # white space alone puts the edge between the period's text (460) and the names (527)
    plain = find_table(lines, Rules(horizontal=((top, 36.0, 620.0), (400.0, 36.0, 620.0)), vertical=frame))
    assert plain is not None and plain.columns.bounds[3] > 485
    # the next page, no header: a long responsible name set centred starts at 484
    y = 100.0
    page2 = [[_word("9. แนวทางที่ ๙", 40, y), _word("- ประชุม", 250, y), _word("ต.ค. ๖๖", 410, y, width=50),
              _word("สำนักปลัดเทศบาล", 484, y, width=132)],
             [_word("ต่อ", 40, y + LINE), _word("ต่อ", 250, y + LINE)],
             [_word("10. แนวทางที่ ๑๐", 40, y + 2 * LINE), _word("- จัดทำ", 250, y + 2 * LINE)]]
    carried = find_table(page2, Rules(vertical=((36.0, 90.0, 200.0), (620.0, 90.0, 200.0))),
                         carried=found.columns)
    assert carried is not None
    first = carried.rows[0].cells
    assert [" ".join(w.text for w in ws) for ws in first[3]] == ["สำนักปลัดเทศบาล"]


def test_a_repeated_header_s_clipped_label_keeps_the_page_before_s():
    """Word clips a repeated header row to its height: "ลำดับ" set a letter a line reads
    "ลำ" on the next page. The columns are the same, so the label the page before read
    stands, and the index column still opens each measure's row."""
    cols = [("ลำดับ", 40), ("มาตรการ/แนวทาง", 70), ("วิธีการดำเนินการ", 250), ("ผู้รับผิดชอบ", 420)]

    def page(index_label: str, numbers: list[str]) -> list[list[Word]]:
        lines = [[_word(index_label if c == 0 else t, x, 100, bold=True, width=min(7.0 * len(t), 150))
                  for c, (t, x) in enumerate(cols)]]
        y = 100 + LINE + 6
        for n in numbers:
            lines.append([_word(n, 42, y, width=8), _word("การป้องกันการทุจริต", 70, y, bold=True),
                          _word("- แต่งตั้งคณะทำงาน", 250, y), _word("กองคลัง", 420, y)])
            for k in range(3):
                y += LINE
                lines.append([_word(f"{k + 1}. แนวทางข้อ {k + 1}", 70, y), _word("- ประชุม", 250, y)])
            y += LINE
        return lines

    first = find_table(page("ลำดับ", ["1"]), Rules())
    assert first is not None and first.columns.labels[0] == "ลำดับ"
    second = find_table(page("ลำ", ["2", "3"]), Rules(), carried=first.columns)
    assert second is not None
    assert second.columns.labels[0] == "ลำดับ"
    index_rows = [r for r in second.rows if r.kind != "header" and 0 in r.cells]
    assert [" ".join(w.text for ws in r.cells[0] for w in ws) for r in index_rows] == ["2", "3"]


def test_a_header_row_under_one_that_read_alone_is_read_stacked():
    """A two-row header whose upper row names four fields by itself ("ขั้นตอน/วิธีการ
    ดำเนิน", "ผู้รับผิดชอบ/", "ระยะเวลา", "ผลการดำเนินการ" over two) and whose lower row,
    alone, reads the period's tail "ดำเนินการ" as steps: the two rows stacked name all six
    columns, each its own field."""
    rows = [["", "ขั้นตอน/วิธีการ ดำเนิน", "ผู้รับผิดชอบ/", "ระยะเวลา", "ผลการดำเนินการ", ""],
            ["มาตรการ / แนวทาง", "การ", "หน่วยงาน", "ดำเนินการ", "ผลการดำเนินงาน", "ตัวชี้วัด/ผลลัพธ์"],
            ["๑. การป้องกันผลประโยชน์ทับซ้อน", "", "", "", "", ""],
            ["๑) จัดทำคู่มือ", "• แต่งตั้งคณะทำงาน", "สำนักปลัด", "ม.ค. - มี.ค. ๒๕๖๗", "• จัดทำรายงาน", "ร้อยละ ๑๐๐"]]
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                span = 6 if r == 2 else (2 if (r, c) == (0, 4) else 1)
                cells.append(Cell(row=r, col=c, text=text, col_span=span, bold=r < 3))
    table = Table(page=1, n_rows=len(rows), n_cols=6, cells=tuple(cells))
    measures = rows_to_measures(stitch_rows([table]))
    assert len(measures) == 1
    m = measures[0]
    assert m.period.text == "ม.ค. - มี.ค. ๒๕๖๗"
    assert "แต่งตั้งคณะทำงาน" in " ".join(m.steps)
    assert m.responsible == "สำนักปลัด"


def test_an_edge_from_white_space_lies_between_the_two_labels():
    """Unruled: the white space under two labels runs well into the right one's column
    (its cells on the header page hold a short centred dash). The edge is placed between
    the labels, not in the middle of the white space (inside "หมายเหตุ"), so a note that
    starts at its label's x on the next page keeps to its column."""
    labels = [("มาตรการ/แนวทาง", 40, 100), ("ขั้นตอน/วิธีการดำเนินการ", 250, 140),
              ("ผลลัพธ์ที่ได้", 400, 58), ("หมายเหตุ", 466, 59)]
    lines = [[_word(t, x, 100, bold=True, width=w) for t, x, w in labels]]
    y = 100 + LINE + 6
    for k in range(6):
        lines.append([_word(f"{k + 1}. แนวทาง", 40, y), _word("- ดำเนินการ", 250, y),
                      _word("ร้อยละ ๘๐", 400, y, width=50), _word("-", 493, y, width=5)])
        y += LINE
    found = find_table(lines, Rules())
    assert found is not None
    assert 458 <= found.columns.bounds[3] <= 466, found.columns.bounds
    page2 = [[_word("7. แนวทาง", 40, 100), _word("- ประชุม", 250, 100), _word("ร้อยละ ๙๐", 400, 100, width=50),
              _word("ดำเนินการ", 467, 100, width=55)],
             [_word("8. แนวทาง", 40, 100 + LINE), _word("- จัดทำ", 250, 100 + LINE)],
             [_word("9. แนวทาง", 40, 100 + 2 * LINE), _word("- อบรม", 250, 100 + 2 * LINE)]]
    carried = find_table(page2, Rules(), carried=found.columns)
    assert carried is not None
    assert [w.text for ws in carried.rows[0].cells.get(3, []) for w in ws] == ["ดำเนินการ"]


def _cells(page: int, rows: list[list[str]], spans: dict[tuple[int, int], int]) -> Table:
    cells = [Cell(row=r, col=c, text=t, col_span=spans.get((r, c), 1))
             for r, row in enumerate(rows) for c, t in enumerate(row) if t]
    return Table(page=page, n_rows=len(rows), n_cols=4, cells=tuple(cells))


def test_a_title_the_page_break_cut_takes_every_line_before_the_first_guideline():
    """Word let a measure's row split at the page break inside its title: the next page's
    first cell holds the title's last two lines, then the numbered guidelines. Both lines
    are the title's; before, only the first was, and the second opened the guidelines."""
    header = ["มาตรการ", "วิธีการดำเนินงาน", "หน่วยงานที่รับผิดชอบ", "ระยะเวลา"]
    p1 = _cells(1, [header, ["มาตรการที่ ๑ การประเมินความเสี่ยง", "", "", ""],
                    ["๑) ประเมินความเสี่ยง", "๑. แต่งตั้งคณะทำงาน", "สำนักปลัด", "ต.ค. ๒๕๖๕"],
                    ["มาตรการที่ ๒ การป้องกันการใช้", "", "", ""]], {(1, 0): 4, (3, 0): 4})
    p2 = _cells(2, [["ทรัพย์สินของราชการ\nเพื่อประโยชน์ส่วนตน\n๑) ตรวจสอบพัสดุประจำปี", "• แต่งตั้งกรรมการ",
                     "กองคลัง", "ต.ค. ๒๕๖๕"]], {})
    measures = rows_to_measures(stitch_rows([p1, p2]))
    assert [m.no for m in measures] == [1, 2]
    assert measures[1].title.replace(" ", "") == "การป้องกันการใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตน"
    assert measures[1].guidelines == ("ตรวจสอบพัสดุประจำปี",)
    # the first guideline's marker alone on its line ("๑)" then its text) opens the list
    p2 = _cells(2, [["ทรัพย์สินของราชการ\n๑)\nตรวจสอบพัสดุประจำปี\n๒) จัดทำทะเบียน", "• แต่งตั้งกรรมการ",
                     "กองคลัง", "ต.ค. ๒๕๖๕"]], {})
    measures = rows_to_measures(stitch_rows([p1, p2]))
    assert measures[1].title.replace(" ", "") == "การป้องกันการใช้ทรัพย์สินของราชการ"
    assert measures[1].guidelines == ("ตรวจสอบพัสดุประจำปี", "จัดทำทะเบียน")


def test_a_bold_title_s_word_a_space_past_the_column_edge_stays_in_the_title():
    """An index-form title whose cell spans more than its column (Word): its last word
    lies a word space past the guideline column's edge. It is the title's, not the steps
    column's first line."""
    cols = [("ลำดับ", 36), ("มาตรการ/แนวทางการปฏิบัติ", 66), ("ขั้นตอน/วิธีการดำเนินการ", 240),
            ("ผู้รับผิดชอบ", 380), ("ระยะเวลา", 470)]
    lines = [[_word(t, x, 100, bold=True, width=min(7.0 * len(t), 130)) for t, x in cols]]
    y = 100 + LINE + 6
    for n, title, tail in (("๑", "การจัดการเรื่องร้องเรียน", None), ("๒", "การพัฒนาการให้บริการผ่านระบบ", "e-Service")):
        line = [_word(n, 40, y, bold=True, width=8), _word(title, 66, y, bold=True, width=160)]
        if tail:
            line.append(_word(tail, 230, y, bold=True, width=52))
        lines.append(line)
        for k in range(3):
            y += LINE
            lines.append([_word(f"{k + 1}. แนวทางข้อ {k + 1}", 66, y, width=150), _word("- ประชุมชี้แจง", 240, y),
                          _word("กองคลัง", 380, y), _word("ต.ค. ๖๖", 470, y, width=50)])
        y += LINE
    found = find_table(lines, Rules())
    assert found is not None
    titled = [r for r in found.rows if r.kind != "header" and 0 in r.cells]
    key = [" ".join(w.text for w in ws) for ws in titled[1].cells[1]]
    assert key[0] == "การพัฒนาการให้บริการผ่านระบบ e-Service"
    assert all("e-Service" not in w.text for ws in titled[1].cells.get(2, []) for w in ws)


def test_a_header_line_read_plain_under_a_bold_one_stays_in_the_header():
    """A scan's three-line header (a group label over the first two columns) whose middle
    line holds a label OCR read plain ("หลมายเหตุผลสัมฤทธิ"): the line tests stop under the
    top line, which alone names columns wrongly; the band down to the last header line
    names more, and closer, so it is the header (the page's words as OCR read them)."""
    data = json.loads((Path(__file__).parent / "data" / "structure" /
                       "ocr_words_header_read_plain.json").read_text(encoding="utf-8"))
    lines = [[Word(*w[:8], tuple(tuple(p) for p in w[8])) for w in line] for line in data["lines"]]
    found = find_table(lines, Rules())
    assert found is not None
    labels = found.columns.labels
    assert labels[0].replace(" ", "") == "มาตรการ/แนวทาง", labels
    assert any(label.startswith("ขันตอน/วิธีการ") for label in labels), labels
