"""The structure engine on synthetic pages: words with boxes laid out as a writer would,
with no PDF and no pixels, so each rule of the engine is seen on its own."""

from __future__ import annotations

from extract.headers import header_fields
from extract.structure import Columns, Rules, Word, find_table

SIZE = 14.0
LINE = 18.0  # baseline to baseline
COLS = [(40, 60), (70, 250), (262, 420), (432, 520), (532, 620)]  # text extents of each column
HEADER = ["ที่", "มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]


def _word(text: str, x0: float, top: float, bold: bool = False, width: float | None = None) -> Word:
    width = width if width is not None else 7.0 * len(text)
    return Word(text, x0, x0 + width, top, top + SIZE, SIZE, bold)


def _page(rows: list[dict[int, list[str]]], *, gap: float = 0.0, header: bool = True,
          title_rows: dict[int, str] | None = None, top: float = 100.0,
          running_title: str | None = None) -> tuple[list[list[Word]], list[float]]:
    """Lines of words for a table; rows are {column: [line, ...]}; `gap` adds cell padding
    between rows; `title_rows` are {row index: title} set bold across the table. Returns the
    lines and the y at which each row starts."""
    lines: list[list[Word]] = []
    y = top
    if running_title:
        lines.append([_word(running_title, 200, 40, bold=True)])
    if header:
        lines.append([_word(t, COLS[c][0], y, bold=True, width=min(7.0 * len(t), COLS[c][1] - COLS[c][0]))
                      for c, t in enumerate(HEADER)])
        y += LINE + gap
    starts = []
    for r, row in enumerate(rows):
        starts.append(y)
        if title_rows and r in title_rows:
            lines.append([_word(str(r + 1), COLS[0][0], y, bold=True), _word(title_rows[r], COLS[1][0], y, bold=True,
                                                                         width=420)])
            y += LINE + gap
            continue
        height = max(len(v) for v in row.values())
        for k in range(height):
            line = [_word(cell[k], COLS[c][0], y + k * LINE,
                          width=min(7.0 * len(cell[k]), COLS[c][1] - COLS[c][0]))
                    for c, cell in row.items() if k < len(cell)]
            lines.append(line)
        y += height * LINE + gap
    return lines, starts


def _texts(found, r: int) -> dict[int, str]:
    row = found.rows[r]
    return {c: "\n".join(" ".join(w.text for w in ws) for ws in cell) for c, cell in row.cells.items()}


BODY = [
    {1: ["1. จัดทำแผนการจัดซื้อจัดจ้าง", "ประจำปีและเผยแพร่"], 2: ["- ประกาศแผนผ่านระบบ", "e-GP"],
     3: ["กองคลัง"], 4: ["ต.ค. 66"]},
    {1: ["2. เปิดเผยผลการจัดซื้อจัดจ้าง", "รายเดือน"], 2: ["- จัดทำรายงาน"]},
    {1: ["1. ประกาศเจตนารมณ์", "ไม่รับของขวัญ"], 2: ["- ลงนามประกาศ", "และเผยแพร่"], 3: ["สำนักปลัด"],
     4: ["ตลอดปี"]},
]


def test_header_labels_name_the_columns():
    lines, _ = _page(BODY)
    found = find_table(lines, Rules())
    assert found is not None
    mapping = header_fields(list(found.columns.labels))
    assert mapping == {0: "no", 1: "guidelines", 2: "steps", 3: "responsible", 4: "period"}


def test_rows_from_the_text_when_spacing_is_uniform():
    # a Word table with no cell margins: no gap tells rows apart, the items do
    lines, _ = _page(BODY)
    found = find_table(lines, Rules())
    assert found.mode == "text"
    body = [r for r in found.rows if r.kind != "header"]
    assert len(body) == 3
    assert _texts(found, 1)[1] == "1. จัดทำแผนการจัดซื้อจัดจ้าง\nประจำปีและเผยแพร่"
    assert _texts(found, 1)[2] == "- ประกาศแผนผ่านระบบ\ne-GP"
    assert _texts(found, 2) == {1: "2. เปิดเผยผลการจัดซื้อจัดจ้าง\nรายเดือน", 2: "- จัดทำรายงาน"}


def test_a_line_that_continues_another_column_does_not_start_a_row():
    # guideline item 2 starts while the steps cell still runs on: one row (a per-measure cell)
    rows = [{1: ["1. จัดทำแผน", "2. เปิดเผยผล"], 2: ["- ประกาศแผน", "ต่อเนื่องทั้งปี"], 3: ["กองคลัง"]}]
    lines, _ = _page(rows)
    found = find_table(lines, Rules())
    assert len([r for r in found.rows if r.kind != "header"]) == 1


def test_rows_from_padding_gaps():
    rows = [{1: ["ข้อความแรก", "บรรทัดสอง"], 2: ["ขั้นตอน"]}, {1: ["ต่อไม่มีเลข"], 2: ["อีกขั้น"]}]
    lines, _ = _page(rows, gap=10.0)
    found = find_table(lines, Rules())
    assert found.mode == "gaps"
    assert [sorted(r.cells) for r in found.rows if r.kind != "header"] == [[1, 2], [1, 2]]


def test_rows_from_horizontal_rules():
    rows = [{1: ["ข้อความแรก", "บรรทัดสอง"], 2: ["ขั้นตอน"]}, {1: ["ต่อไม่มีเลข"], 2: ["อีกขั้น"]}]
    lines, starts = _page(rows)
    rules = Rules(horizontal=tuple((y - 2, 35.0, 625.0) for y in starts))
    found = find_table(lines, rules)
    assert found.mode == "rules"
    assert len([r for r in found.rows if r.kind != "header"]) == 2


def test_title_rows_span_the_table_with_the_index_number_apart():
    rows = [{}, BODY[0], BODY[1]]
    lines, _ = _page(rows, title_rows={0: "การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง"})
    found = find_table(lines, Rules())
    title = found.rows[1]
    assert title.kind == "title"
    assert _texts(found, 1) == {0: "1", 1: "การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง"}
    assert title.spans[1] == len(COLS) - 1
    assert [r.kind for r in found.rows[2:]] == ["body", "body"]


def test_a_page_without_header_takes_the_columns_carried_over():
    first, _ = _page(BODY)
    columns = find_table(first, Rules()).columns
    rest, _ = _page(BODY[1:], header=False, running_title="รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม")
    assert find_table(rest, Rules()) is None  # no header and nothing carried: no table made up
    found = find_table(rest, Rules(), carried=columns)
    assert found is not None and found.columns == columns
    assert [r.kind for r in found.rows] == ["body", "body"]  # the running title is not a row
    assert _texts(found, 0)[1].startswith("2. เปิดเผยผล")


def test_notes_after_the_table_end_it():
    lines, _ = _page(BODY)
    bottom = max(w.bottom for line in lines for w in line)
    lines.append([_word("หมายเหตุ: ข้อมูล ณ วันที่ 30 กันยายน", 40, bottom + 4, width=300)])
    found = find_table(lines, Rules())
    assert len(lines) - 1 not in found.used


def test_a_page_number_is_furniture():
    lines, _ = _page(BODY)
    bottom = max(w.bottom for line in lines for w in line)
    lines.append([_word("หน้า 2", 560, bottom + 4)])
    found = find_table(lines, Rules())
    assert len(lines) - 1 not in found.used
    assert all("หน้า" not in t for r in range(len(found.rows)) for t in _texts(found, r).values())


def test_two_row_header_group_label_names_no_column():
    lines, _ = _page(BODY)
    header = lines[0]
    group = _word("การดำเนินการตามมาตรการ", 120, header[0].top - LINE, bold=True, width=260)
    lines.insert(0, [group])
    # column rules from the labels' row down (the group label's cell spans the rule)
    found = find_table(lines, Rules(vertical=tuple((x, header[0].top - 2, 400.0) for x in RULE_X)))
    assert header_fields(list(found.columns.labels)) == {0: "no", 1: "guidelines", 2: "steps",
                                                          3: "responsible", 4: "period"}


def test_columns_are_plain_data():
    found = find_table(_page(BODY)[0], Rules())
    assert isinstance(found.columns, Columns)
    assert len(found.columns.bounds) == len(found.columns.labels) + 1
    assert list(found.columns.bounds) == sorted(found.columns.bounds)


def test_two_labels_set_without_a_space_are_cut_where_the_body_parts():
    # "ผู้รับผิดชอบระยะเวลา" drawn as one run over two columns: its letters are cut at the
    # body's empty band between the responsible and period columns
    lines, _ = _page(BODY * 3)  # enough rows for the body's columns to be dense
    header = lines[0]
    a, b = header[3], header[4]
    text = a.text + b.text
    step = (b.x1 - a.x0) / len(text)
    pieces = tuple((ch, a.x0 + k * step, a.x0 + (k + 1) * step) for k, ch in enumerate(text))
    joined = Word(text, a.x0, b.x1, a.top, a.bottom, SIZE, True, None, pieces)
    lines[0] = header[:3] + [joined]
    found = find_table(lines, Rules())
    mapping = header_fields(list(found.columns.labels))
    assert mapping is not None and {"responsible", "period"} <= set(mapping.values())


def test_a_word_splits_by_its_letters():
    w = Word("กขคง", 0, 40, 0, 14, 14, pieces=(("ก", 0, 10), ("ข", 10, 20), ("ค", 20, 30), ("ง", 30, 40)))
    left, right = w.split([21.0])
    assert (left.text, right.text) == ("กข", "คง")
    assert left.x1 < 21 < right.x0
    assert Word("กข", 0, 20, 0, 14, 14).split([10.0])[0].text == "กข"  # no letters known: whole


def test_a_bold_numbered_paragraph_opening_the_guideline_cell_starts_a_row():
    # per-measure rows with the title as the bold first paragraph of the first cell; the
    # unit cell of the row above runs on, so only the title's style and number tell
    rows = [{1: ["1. เปิดเผยข้อมูล"], 2: ["- รายงานผล"], 3: ["สำนักปลัด,", "กองคลัง,", "กองช่าง"]},
            {1: ["2. การส่งเสริมความโปร่งใส", "1. ประกาศแผน"], 2: ["- ประกาศ"], 3: ["สำนักปลัด"]}]
    lines, starts = _page(rows)
    k = next(i for i, line in enumerate(lines) if line[0].text.startswith("2. การส่งเสริม"))
    lines[k] = [Word(w.text, w.x0, w.x1, w.top, w.bottom, w.size, bold=(w.x0 < COLS[1][1]))
                for w in lines[k]]
    found = find_table(lines, Rules())
    assert _texts(found, 1)[1] == "1. เปิดเผยข้อมูล"  # the title is not the row above's tail
    assert _texts(found, 2)[1].startswith("2. การส่งเสริมความโปร่งใส")
    assert _texts(found, 2)[3] == "สำนักปลัด"


def test_a_bare_number_inside_the_table_is_a_cell_tail_not_a_page_number():
    rows = [{1: ["1. กำหนดแนวทางในประเด็นที่ได้คะแนนต่ำกว่าร้อยละ", "๘๕"], 2: ["- ประชุม", "คณะทำงาน"]}]
    lines, _ = _page(rows)
    bottom = max(w.bottom for line in lines for w in line)
    lines.append([_word("๒", 560, bottom + 30)])  # the page number, last on the page
    found = find_table(lines, Rules())
    assert _texts(found, 1)[1].endswith("\n๘๕")
    assert len(lines) - 1 not in found.used


def test_a_label_overhanging_its_narrow_ruled_column_keeps_its_column():
    # 16 pt type in a narrow ruled column: "หมายเหตุ" runs over the rule into the label of
    # the column beside it; overlapping words once made one label and the column was lost
    cols = [(40, 180), (200, 330), (352, 392), (414, 500)]
    rule_x = [30.0, 190.0, 340.0, 402.0, 510.0]
    labels = ["มาตรการ/แนวทาง", "ขั้นตอน/วิธีการดำเนินการ", "หมายเหตุ", "ผู้รับผิดชอบ"]
    head = [_word(t, cols[c][0], 100, bold=True, width=min(7.0 * len(t), 120)) for c, t in enumerate(labels)]
    head[2] = _word(labels[2], cols[2][0], 100, bold=True, width=70.0)
    assert head[2].x1 > head[3].x0  # the note label overlaps the next one
    lines = [head]
    for k in range(6):
        y = 120 + k * LINE
        lines.append([_word(f"{k + 1}. ข้อที่หนึ่ง", 40, y, width=120), _word("- ประชุม", 200, y, width=60),
                      _word("ทำแล้ว", 352, y, width=38), _word("กองคลัง", 414, y, width=56)])
    rules = Rules(vertical=tuple((x, 95.0, 240.0) for x in rule_x))
    found = find_table(lines, rules)
    assert header_fields(list(found.columns.labels)) == {0: "guidelines", 1: "steps", 2: "note",
                                                          3: "responsible"}
    assert abs(found.columns.bounds[3] - 402.0) < 1
    assert [c for c, words in found.rows[0].cells.items() if any(w.text == "หมายเหตุ" for ws in words for w in ws)] == [2]


def _glyphs(text: str, x0: float, word: int, step: float = 9.0, top: float = 100.0):
    from extract.pdf_lines import Glyph
    return [Glyph(ch, x0 + k * step, x0 + (k + 1) * step, top, top + SIZE, SIZE, word) for k, ch in enumerate(text)]


def test_a_word_overflowing_over_the_next_cells_text_is_untangled():
    # "เหมาะสม" too long for its narrow column runs over "บุคลากร" in the next one; sorted by
    # x their letters interleave. Each was drawn as its own run (word number), so the
    # words come apart, and each cell's text holds only its own letters
    from extract.pdf_settings import PdfSettings
    from extract.pdf_structure import words_of
    left, right = _glyphs("เหมาะสม", 300.0, 1), _glyphs("บุคลากร", 358.0, 2)  # left ends at 363
    line = sorted(left + right, key=lambda g: g.x0)
    words = words_of([line], PdfSettings())[0]
    assert [w.text for w in words] == ["เหมาะสม", "บุคลากร"]
    # a sara am drawn over the letter before as its own run stays in its word
    am = _glyphs("จา", 100.0, 3) + [type(left[0])("ำ", 112.0, 124.0, 100.0, 114.0, SIZE, 4)] + _glyphs("นวน", 124.0, 4)
    assert [w.text for w in words_of([sorted(am, key=lambda g: g.x0)], PdfSettings())[0]] == ["จาำนวน"]


def test_texts_of_two_cells_touching_across_a_column_rule_come_apart():
    # "ดำเนิน" reaching its column's rule, the next cell's "•" just after it: no space
    # between them, but the rule runs between where the two runs start
    from extract.pdf_settings import PdfSettings
    from extract.pdf_structure import words_of
    line = _glyphs("ดำเนิน", 300.0, 1) + _glyphs("•", 355.0, 2)  # "ดำเนิน" ends at 354
    assert [w.text for w in words_of([line], PdfSettings())[0]] == ["ดำเนิน•"]
    rules = Rules(vertical=((352.0, 90.0, 130.0),))
    assert [w.text for w in words_of([line], PdfSettings(), rules)[0]] == ["ดำเนิน", "•"]


def test_the_wrapped_tail_of_a_bold_cell_title_alone_on_its_line_is_no_title_row():
    # the title is the bold first paragraph of the guideline cell; its last wrapped word
    # ("งาน") stands alone on a line, bold: it once read as the next measure's title row
    rows = [{1: ["มาตรการที่ 1 การนำผลการประเมิน", "ไปปรับปรุงการดำเนิน", "งาน", "1. วิเคราะห์ผล"],
             2: ["- ประชุมคณะทำงาน", "เพื่อวิเคราะห์"], 3: ["กองคลัง"], 4: ["ต.ค. 66"]},
            {1: ["มาตรการที่ 2 การเปิดเผยข้อมูล", "1. เผยแพร่ข้อมูล"], 2: ["- ประกาศ"], 3: ["กองช่าง"], 4: ["ไตรมาส 2"]}]
    lines, _ = _page(rows)
    for k, line in enumerate(lines):
        if k > 0 and line[0].text.startswith(("มาตรการที่", "ไปปรับปรุง", "งาน")):
            lines[k] = [Word(w.text, w.x0, w.x1, w.top, w.bottom, w.size, bold=(w.x0 < COLS[1][1])) for w in line]
    found = find_table(lines, Rules())
    body = [r for r in found.rows if r.kind != "header"]
    assert "title" not in [r.kind for r in body]
    assert _texts(found, 1)[1].split("\n")[:3] == ["มาตรการที่ 1 การนำผลการประเมิน", "ไปปรับปรุงการดำเนิน", "งาน"]


RULE_X = (35.0, 65.0, 256.0, 426.0, 526.0, 625.0)  # column rules between COLS


def test_a_label_wrapped_above_the_header_inside_the_column_rules_belongs_to_the_header():
    # "หน่วย" / "งานรับผิดชอบ": the label's top line alone reads as no label, but it sits
    # inside the table's column rules, so it is the header's, not a page line above it
    lines, _ = _page(BODY)
    header = lines[0]
    header[3] = _word("งานรับผิดชอบ", COLS[3][0], header[3].top, bold=True, width=84)
    lines.insert(0, [_word("หน่วย", COLS[3][0], header[3].top - LINE, bold=True, width=35)])
    lines.insert(0, [_word("รายงานผลการดำเนินการ", 200, 40, bold=True, width=200)])  # page title, outside
    rules = Rules(vertical=tuple((x, header[0].top - LINE - 4, 400.0) for x in RULE_X))
    found = find_table(lines, rules)
    assert 1 in found.used and 0 not in found.used
    head = found.rows[0].cells[3]
    assert [w.text for ws in head for w in ws] == ["หน่วย", "งานรับผิดชอบ"]


def test_a_label_under_a_group_label_cut_at_a_column_edge_still_names_its_column():
    # "การดำเนินการตามมาตรการ" over the guideline and step columns, and the step label's
    # wrapped "การ" below, are two stacks apart by a column rule; the step label between
    # them once overlapped both and was dropped as a group label
    lines, _ = _page(BODY * 3)
    header = lines[0]
    group = _word("การดำเนินการตามมาตรการ", 150, header[0].top - LINE, bold=True, width=200)
    step = (group.x1 - group.x0) / len(group.text)
    group = Word(group.text, group.x0, group.x1, group.top, group.bottom, SIZE, True, None,
                 tuple((ch, group.x0 + k * step, group.x0 + (k + 1) * step) for k, ch in enumerate(group.text)))
    tail = _word("การ", COLS[2][0] + 100, header[0].top + LINE, bold=True, width=21)  # the step label's wrap
    header[4] = _word("ดำเนินการ", COLS[4][0], header[4].top, bold=True, width=63)
    lines.insert(1, [tail])
    lines.insert(0, [group, _word("ระยะเวลา", COLS[4][0], group.top, bold=True, width=56)])
    # column rules from the labels' row down (the group label's cell spans the rule)
    found = find_table(lines, Rules(vertical=tuple((x, header[0].top - 2, 400.0) for x in RULE_X)))
    assert header_fields(list(found.columns.labels)) == {0: "no", 1: "guidelines", 2: "steps",
                                                          3: "responsible", 4: "period"}


def test_column_rules_with_no_rule_across_leave_the_rows_to_the_engine(tmp_path):
    # each cell draws only its sides: the "grid" rows are where those rules break (a group
    # label's colspan, a rowspan), which cut "ผู้รับผิดชอบ" in two header rows; the
    # engine reads the header whole from the words
    weasyprint = __import__("pytest").importorskip("weasyprint")
    from extract.pdf import read_text_layer_pages
    css = ("@page { size: A4; margin: 15mm } body { font-family: 'Garuda'; font-size: 13pt }"
           "table { border-collapse: collapse; width: 100% } th, td { border-left: 1px solid black;"
           " border-right: 1px solid black; padding: 3pt; vertical-align: top }")
    html = ("<html lang=th><head><meta charset=utf-8><style>" + css + "</style></head><body><table><thead>"
            "<tr><th colspan=2>การดำเนินการตามมาตรการ</th><th rowspan=2>ผู้รับผิดชอบ</th><th rowspan=2>ระยะเวลา</th></tr>"
            "<tr><th>มาตรการ/แนวทางการปฏิบัติ</th><th>ขั้นตอน/วิธีการดำเนินการ</th></tr></thead><tbody>"
            "<tr><td>มาตรการที่ 1 การเปิดเผยข้อมูลต่อสาธารณะ<br>1. เผยแพร่ข้อมูลพื้นฐาน</td><td>- จัดทำคำสั่ง</td>"
            "<td rowspan=2>สำนักปลัด</td><td rowspan=2>ไตรมาส 1</td></tr>"
            "<tr><td>2. ปรับปรุงข้อมูลข่าวสาร</td><td>- รายงานผล</td></tr>"
            "<tr><td colspan=4><b>มาตรการที่ 2 การป้องกันการรับสินบน</b></td></tr>"
            "<tr><td>1. ประกาศนโยบาย</td><td>- ลงนามประกาศ</td><td rowspan=2>กองคลัง</td><td rowspan=2>ตลอดปี</td></tr>"
            "<tr><td>2. จัดกิจกรรม</td><td>- ประชาสัมพันธ์</td></tr></tbody></table></body></html>")
    pdf = tmp_path / "v.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    (page,) = list(read_text_layer_pages(pdf))
    (table,) = page.tables
    texts = [c.text.replace("\n", "") for c in table.cells]
    assert any(t in ("ผ\uf70bูรับผิดชอบ", "ผู้รับผิดชอบ") for t in texts)  # the label whole, in one cell


def test_two_cells_glued_across_a_column_edge_part_where_the_rule_pieces_meet():
    # a frame with a header line: no vertical rules, but the header's rules are drawn per
    # cell, in pieces that meet at the column edges; "ลำดับ" + "มาตรการ/แนวทาง" touch
    from extract.pdf_settings import PdfSettings
    from extract.pdf_structure import words_of
    line = _glyphs("ลำดับ", 38.0, 1) + _glyphs("มาตรการ", 83.0, 2)  # "ลำดับ" ends at 83
    pieces = Rules(horizontal=((95.0, 34.0, 67.0), (95.0, 67.0, 233.0), (130.0, 34.0, 67.0), (130.0, 67.0, 233.0)))
    assert [w.text for w in words_of([line], PdfSettings(), Rules(horizontal=((95.0, 34.0, 233.0),)))[0]] == ["ลำดับมาตรการ"]
    assert [w.text for w in words_of([line], PdfSettings(), pieces)[0]] == ["ลำดับ", "มาตรการ"]


def test_an_unruled_header_line_above_whose_words_sit_over_one_column_each_is_the_headers():
    # "หน่วย" / "งานรับผิดชอบ" and "ระยะ" / "เวลา": the upper line's words read as no label
    # on their own, but each sits over one column of the header; the page title above
    # runs across the columns and stays out
    lines, _ = _page(BODY * 2)
    header = lines[0]
    header[3] = _word("งานรับผิดชอบ", COLS[3][0], header[3].top, bold=True, width=84)
    header[4] = _word("เวลา", COLS[4][0], header[4].top, bold=True, width=28)
    top = header[0].top - LINE
    lines.insert(0, [_word("หน่วย", COLS[3][0], top, bold=True, width=35), _word("ระยะ", COLS[4][0], top, bold=True, width=28)])
    # (the title's words are narrow, each over one column too: only their wording tells)
    lines.insert(0, [_word("เทศบาลตำบลดอนตาล", COLS[1][0], top - LINE, bold=True, width=112),
                     _word("อำเภอดอนตาล", COLS[2][0], top - LINE, bold=True, width=77)])
    found = find_table(lines, Rules())
    assert 1 in found.used and 0 not in found.used
    assert [w.text for ws in found.rows[0].cells[3] for w in ws] == ["หน่วย", "งานรับผิดชอบ"]


def test_a_label_overhanging_the_next_label_by_a_letter_keeps_both_columns():
    # 16 pt in a narrow unruled column: "ผู้รับผิดชอบ" runs a few points into the period
    # label beside it; overlapping words were one label outright, and a column was lost
    lines, _ = _page(BODY * 3)
    header = lines[0]
    header[3] = _word("หน่วยงาน", COLS[3][0], header[3].top, bold=True, width=56)
    body = [[Word(w.text, w.x0, w.x1, w.top + LINE, w.bottom + LINE, w.size, w.bold) for w in line] for line in lines[1:]]
    label = _word("ผู้รับผิดชอบ", COLS[3][0], header[0].top + LINE, bold=True, width=COLS[4][0] - COLS[3][0] + 5)
    step = (label.x1 - label.x0) / len(label.text)
    label = Word(label.text, label.x0, label.x1, label.top, label.bottom, SIZE, True, None,
                 tuple((ch, label.x0 + k * step, label.x0 + (k + 1) * step) for k, ch in enumerate(label.text)))
    lines = [header, [label]] + body  # the responsible label's second line overhangs the period column
    found = find_table(lines, Rules())
    assert header_fields(list(found.columns.labels)) == {0: "no", 1: "guidelines", 2: "steps",
                                                          3: "responsible", 4: "period"}


def test_two_cells_texts_touching_across_an_unruled_column_edge_come_apart():
    # 16 pt in narrow unruled columns: the responsible cell's "ตรวจสอบ" runs up to the
    # period cell's "ตาม", no space between; drawn as two runs, and the second starts at
    # the period column's text edge, so the word is cut there
    lines, _ = _page(BODY * 2)
    k = next(i for i, line in enumerate(lines) if any(w.text == "กองคลัง" for w in line))
    glued_text = "ตรวจสอบตาม"
    x0, s = COLS[3][0], COLS[4][0]
    pieces = tuple((ch, x0 + j * 10.0, x0 + (j + 1) * 10.0) for j, ch in enumerate(glued_text[:7])) + \
        tuple((ch, s + j * 10.0, s + (j + 1) * 10.0) for j, ch in enumerate(glued_text[7:]))
    glued = Word(glued_text, x0, s + 30.0, lines[k][0].top, lines[k][0].bottom, SIZE, False, None, pieces, (s,))
    lines[k] = [w for w in lines[k] if w.x0 < COLS[3][0] - 1] + [glued]
    found = find_table(lines, Rules())
    texts = [t for r in range(len(found.rows)) for t in _texts(found, r).items()]
    assert (3, "ตรวจสอบ") in texts and (4, "ตาม") in texts


def test_columns_placed_from_a_header_alone_are_placed_again_on_the_next_page():
    # 16 pt: the header at the foot of a page with only a title row under it; its edges,
    # placed between short centred labels, cut the next page's guideline text
    labels = [("ที่", 40), ("มาตรการ", 100), ("ขั้นตอน", 262), ("ผู้รับผิดชอบ", 450), ("ระยะเวลา", 545)]
    head = [_word(t, x, 600, bold=True) for t, x in labels]
    title = [_word("1", 40, 620, bold=True), _word("มาตรการที่ 1 การเปิดเผยข้อมูลต่อสาธารณะ", 70, 620, bold=True, width=540)]
    first = find_table([head, title], Rules())
    assert first is not None and first.columns.evidence < 3
    rest, _ = _page(BODY * 2, header=False)
    found = find_table(rest, Rules(), carried=first.columns)
    assert _texts(found, 0)[1] == "1. จัดทำแผนการจัดซื้อจัดจ้าง\nประจำปีและเผยแพร่"
    assert _texts(found, 0)[2] == "- ประกาศแผนผ่านระบบ\ne-GP"


def test_a_header_line_with_two_labels_drawn_touching_still_belongs_to_the_header():
    # the header's second line: "(บาท)" under one label and "ดำเนินงาน" under the next, drawn
    # as two runs with no space; one word over two labels once read as a title row, so the
    # line fell into the body as a row of its own
    lines, _ = _page(BODY * 2)
    header = lines[0]
    body = [[Word(w.text, w.x0, w.x1, w.top + LINE, w.bottom + LINE, w.size, w.bold) for w in line] for line in lines[1:]]
    text, x0, s = "ผิดชอบดำเนินการ", COLS[3][0], COLS[4][0]
    pieces = tuple((ch, x0 + j * 12.0, x0 + (j + 1) * 12.0) for j, ch in enumerate(text[:6])) + \
        tuple((ch, s + j * 8.0, s + (j + 1) * 8.0) for j, ch in enumerate(text[6:]))
    glued = Word(text, x0, pieces[-1][2], header[0].top + LINE, header[0].bottom + LINE, SIZE, True, None, pieces, (s,))
    second = [_word("แนวทาง", COLS[1][0], header[0].top + LINE, bold=True, width=42), glued]
    found = find_table([header, second] + body, Rules())
    assert 1 in found.used
    assert [r.kind for r in found.rows[:2]] == ["header", "body"]
    assert not any("แนวทาง" in t for r in range(1, len(found.rows)) for t in _texts(found, r).values())


def test_a_word_overflowing_its_narrow_column_does_not_end_or_skip_the_table():
    # large type: "สำนักปลัดเทศบาล" set from its column's text edge runs over into the
    # next column; on a page that continues the table it once made the first rows look
    # like no table, so they were skipped
    first, _ = _page(BODY)
    columns = find_table(first, Rules()).columns
    rest, _ = _page(BODY, header=False)
    k = next(i for i, line in enumerate(rest) if any(w.text == "กองคลัง" for w in line))
    rest[k] = [w for w in rest[k] if w.text != "กองคลัง"] + [_word("สำนักปลัดเทศบาล", COLS[3][0], rest[k][0].top, width=105)]
    assert k == 0
    found = find_table(rest, Rules(), carried=columns)
    assert _texts(found, 0)[1].startswith("1. จัดทำแผนการจัดซื้อจัดจ้าง")
    assert _texts(found, 0)[3] == "สำนักปลัดเทศบาล"


def test_row_rules_drawn_in_pieces_imply_the_column_edges():
    # each cell draws its own top and bottom: the pieces of the row rules meet at the
    # column edges, which then count as rules (a label overhanging its column, two
    # cells' texts touching are read against them)
    from extract.pdf_structure import _implied_columns
    horizontal = [(100.0, 34.0, 212.0), (100.0, 212.0, 267.0), (100.0, 267.0, 404.0),
                  (235.0, 34.0, 212.0), (235.0, 212.0, 267.0), (235.0, 267.0, 404.0),
                  (300.0, 34.0, 150.0), (300.0, 150.0, 404.0)]  # 150: one rule only
    implied = _implied_columns(horizontal, [(267.0, 90.0, 400.0)])  # 267 is drawn
    assert implied == ((212.0, 100.0, 235.0),)


def test_labels_at_16_pt_overhanging_their_neighbours_keep_their_columns():
    # words as a generated 16 pt page had them: "รับผิดชอบ" overlaps "ดำเนิน" of the period
    # label beside it by a letter or two, far less than half of either; the two labels
    # were one column ("ระยะผู้ เวลารับผิดชอบ…") and the responsible column was lost
    import json
    from pathlib import Path
    data = json.loads((Path(__file__).parent / "data" / "structure" / "header_16pt_overhang.json").read_text())
    lines = [[Word(*w) for w in line] for line in data["lines"]]
    found = find_table(lines, Rules())
    assert header_fields(list(found.columns.labels)) == {0: "guidelines", 1: "steps", 2: "responsible",
                                                          3: "period", 4: "results", 5: "outcomes"}


def test_a_running_title_above_the_column_rules_is_no_title_row_of_a_continued_table():
    # a page that continues the table under a running title set bold across the page,
    # close above it: the column rules run beside the table's lines, not beside the title
    first, _ = _page(BODY)
    columns = find_table(first, Rules()).columns
    rest, _ = _page(BODY, header=False)
    top = rest[0][0].top
    rest.insert(0, [_word("องค์การบริหารส่วนตำบลแม่ข้าวต้ม", 42, top - LINE - 2, bold=True, width=250),
                    _word("อำเภอเมืองเชียงราย", 300, top - LINE - 2, bold=True, width=130)])
    rules = Rules(vertical=tuple((x, top - 4, 400.0) for x in RULE_X))
    found = find_table(rest, rules, carried=columns)
    assert 0 not in found.used
    assert found.rows[0].kind == "body"


def test_a_plain_numbered_item_with_a_word_run_over_into_the_next_column_is_no_title():
    # 16 pt: "1. เปิดให้บริการออนไลน์" set from the guideline column's text edge, its long
    # word over the column edge; numbered and across an edge, it once read as a title row
    lines, _ = _page(BODY)
    k = next(i for i, line in enumerate(lines) if line and line[0].text.startswith("2. เปิดเผย"))
    lines[k] = [_word("2.", COLS[1][0], lines[k][0].top, width=14),
                _word("เปิดเผยผลการจัดซื้อจัดจ้างรายเดือน", COLS[1][0] + 20, lines[k][0].top, width=COLS[2][0] - COLS[1][0] + 20)] + \
        [w for w in lines[k] if w.x0 >= COLS[2][0] + 60]
    found = find_table(lines, Rules())
    assert "title" not in [r.kind for r in found.rows]


def test_a_group_label_overlapping_the_labels_below_it_by_a_few_letters_names_no_column():
    # words as a generated 14 pt page had them: "การดำเนินการตามมาตรการ" over "มาตรการ" and
    # "กิจกรรม/วิธีการ" on the line below, overlapping each by only some letters; the
    # labels of one line that overlap are two, but a group label is no column of its own
    import json
    from pathlib import Path
    data = json.loads((Path(__file__).parent / "data" / "structure" / "group_label_14pt.json").read_text())
    lines = [[Word(*w) for w in line] for line in data["lines"]]
    found = find_table(lines, Rules())
    assert header_fields(list(found.columns.labels)) == {0: "guidelines", 1: "steps", 2: "period", 3: "responsible"}


def test_two_labels_drawn_as_runs_apart_touching_are_cut_over_a_sparse_body():
    # 16 pt in narrow columns: "ผู้รับผิดชอบ" runs up to "ระยะเวลา", no space, over a body
    # too sparse to show the column edge as a wide empty band; the writer drew them as two
    # runs, and the second starts over the body's empty band between the columns
    lines, _ = _page(BODY[:1])
    header = lines[0]
    a, b = header[3], header[4]
    left = tuple((ch, a.x0 + k * 7.0, a.x0 + (k + 1) * 7.0) for k, ch in enumerate(a.text))
    right = tuple((ch, b.x0 + k * 7.0, b.x0 + (k + 1) * 7.0) for k, ch in enumerate(b.text))
    glued = Word(a.text + b.text, a.x0, b.x1, a.top, a.bottom, SIZE, True, None, left + right, (b.x0,))
    lines[0] = header[:3] + [glued]
    found = find_table(lines, Rules())
    mapping = header_fields(list(found.columns.labels))
    assert mapping is not None and {"responsible", "period"} <= set(mapping.values())
    assert _texts(found, 1)[3] == "กองคลัง" and _texts(found, 1)[4] == "ต.ค. 66"


def test_two_labels_drawn_as_one_run_over_a_sparse_body_are_cut_where_they_read_as_two():
    # a narrow column's label runs straight into the next one's, drawn as one run
    # ("งบประมาณขั้นตอน/วิธีการดำเนินการ"), over a body too sparse for a wide empty band:
    # the word reads better as two labels of different columns, cut where the body leaves
    # the column edge empty
    lines, _ = _page(BODY[:1])
    header = lines[0]
    a, b = header[3], header[4]
    text = a.text + b.text
    pieces = tuple((ch, a.x0 + k * 7.0, a.x0 + (k + 1) * 7.0) for k, ch in enumerate(text))
    lines[0] = header[:3] + [Word(text, a.x0, pieces[-1][2], a.top, a.bottom, SIZE, True, None, pieces)]
    found = find_table(lines, Rules())
    mapping = header_fields(list(found.columns.labels))
    assert mapping is not None and {"responsible", "period"} <= set(mapping.values())
    assert _texts(found, 1)[3] == "กองคลัง" and _texts(found, 1)[4] == "ต.ค. 66"


def test_a_job_starting_pages_after_the_only_header_gets_the_columns_carried_through(monkeypatch):
    # a table whose header is printed on page 1 only, read in jobs of 4 pages: the job of
    # page 5 found no header on page 4 (nor 3, 2) read alone, and read its pages with no
    # columns (a note after the table glued into the last guideline, columns lost)
    import extract.pdf
    from extract.pdf_structure import TableContext
    from pipelines.jobs import _carry_in

    class FakePage:
        def __init__(self, header: bool) -> None:
            self.header = header

        def close(self) -> None:
            pass

    def read_page(page, number, context=None):
        if page.header:
            context.columns = (number,)
        elif context.columns is not None:
            context.columns = context.columns + (number,)  # carried, placed again

    class FakePdf:
        pages = [FakePage(n == 1) for n in range(1, 9)]

    monkeypatch.setattr(extract.pdf, "read_page", read_page)
    context = TableContext()
    _carry_in(FakePdf(), 5, context)
    assert context.columns == (1, 2, 3, 4)
    context = TableContext()
    _carry_in(FakePdf(), 1, context)
    assert context.columns is None


def _words(rows: list[tuple[str, float, float, float, bool]], size: float = SIZE) -> list[list[Word]]:
    """Lines of words from (text, x0, x1, top, bold), each word's letters spread evenly."""
    lines: list[list[Word]] = []  # words whose tops are within half an em share a line
    for text, x0, x1, top, bold in sorted(rows, key=lambda r: r[3]):
        step = (x1 - x0) / len(text)
        pieces = tuple((ch, x0 + k * step, x0 + (k + 1) * step) for k, ch in enumerate(text))
        word = Word(text, x0, x1, top, top + size, size, bold, None, pieces)
        if lines and top - lines[-1][0].top < 0.5 * size:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def test_bold_title_rows_across_a_column_edge_do_not_hide_it_from_the_header():
    # a two-row header at 14 pt, its group label over the guideline and steps columns;
    # the bold title rows run over the body's empty band between those two columns, and
    # once made it look covered: the group label was not cut there, the two columns
    # became one, and the steps came out empty
    head = [("การดำเนินการตามมาตรการ", 112.9, 270.1, 109, True), ("ระยะเวลา", 442.9, 494.7, 121, True),
            ("ขั้นตอน/วิธีการดำเนิน", 217.9, 343.1, 132, True), ("ผู้รับผิดชอบ", 355.3, 424.8, 129, True),
            ("งบประมาณ", 509.5, 574.9, 129, True), ("มาตรการ/แนวทางการปฏิบัติ", 41.6, 204.6, 141, True),
            ("ดำเนินการ", 440.2, 497.4, 138, True), ("การ", 269.2, 291.9, 150, True)]
    body = []
    top = 172.0
    for m in range(2):
        body += [(f"{m + 1}.", 38.0, 50.0, top, True), ("การป้องกันผลประโยชน์ทับซ้อน", 55.0, 230.1, top, True),
                 ("1.", 38.0, 49.6, top + 22, False), ("จัดทำคู่มือการป้องกันผล", 54.6, 192.8, top + 22, False),
                 ("•", 216.1, 222.8, top + 22, False), ("แต่งตั้งคณะทำงานจัด", 227.8, 344.8, top + 22, False),
                 ("งานบริหาร", 359.0, 421.1, top + 22, False), ("ตามความ", 441.9, 495.7, top + 22, False),
                 ("ไม่ใช้", 510.5, 533.4, top + 22, False),
                 ("ประโยชน์ทับซ้อนสำหรับ", 38.0, 168.4, top + 39, False), ("ทำคู่มือและแผนป้องกัน", 216.1, 337.6, top + 39, False),
                 ("งานบุคคล", 353.4, 426.7, top + 39, False), ("เหมาะสม", 445.6, 492.0, top + 39, False),
                 ("งบประมาณ", 510.5, 575.2, top + 39, False)]
        body += [(t, 216.1, 325.5, top + 57 + 17.5 * k, False)
                 for k, t in enumerate(["ผลประโยชน์ทับซ้อน", "• จัดประชุมวิเคราะห์", "ความเสี่ยงร่วมกับ", "หัวหน้าส่วนราชการ"])]
        top += 57 + 17.5 * 4 + 5
    found = find_table(_words(head + body), Rules())
    mapping = header_fields(list(found.columns.labels))
    assert mapping is not None and {"guidelines", "steps"} <= set(mapping.values())
    steps = next(c for c, f in mapping.items() if f == "steps")
    texts = [_texts(found, r).get(steps, "") for r in range(1, len(found.rows)) if found.rows[r].kind == "body"]
    assert texts and all(t.startswith("•") for t in texts)


def test_a_label_under_a_group_label_beside_its_own_wrapped_tail_is_no_group_label():
    # 12 pt, column rules: "ขั้นตอน/วิธีการ" sits under the right end of the group label
    # "การดำเนินการตามมาตรการ" and over its own wrapped tail "การ"; counted as over two
    # stacks (the group label and the tail) it was taken for a group label itself, and
    # the guideline and steps columns were cut wrong (a column two points wide); the
    # signer's line under the table runs over the edge, so the group label is not cut there
    head = [("การดำเนินการตามมาตรการ", 118.9, 253.5, 95, True), ("ผู้รับผิด", 366.2, 403.4, 95, True),
            ("งบ", 446.1, 460.5, 95, True), ("ระยะเวลาการ", 486.5, 550.2, 95, True),
            ("มาตรการ", 67.7, 114.0, 113, True), ("/", 118.4, 125.2, 113, True), ("แนวทาง", 129.5, 167.7, 113, True),
            ("ขั้นตอน/วิธีการ", 219.5, 297.1, 113, True), ("ดำเนิน", 301.4, 331.0, 113, True),
            ("ชอบ/หน่วย", 355.8, 413.8, 113, True), ("ประมาณ", 432.4, 474.0, 113, True),
            ("ดำเนินงาน", 493.7, 542.9, 113, True), ("การ", 265.6, 285.0, 132, True), ("งาน", 375.0, 394.7, 132, True)]
    body = []
    top = 151.0
    for m in range(3):
        body += [("1.", 34.1, 45.2, top, False), ("แต่งตั้งตัวแทนประชาชนร่วมเป็น", 49.5, 197.6, top, False),
                 ("•", 212.2, 218.0, top, False), ("จัดประชุมประชาคม", 222.3, 312.8, top, False),
                 ("หน่วยตรวจ", 356.5, 413.0, top, False), ("๕,๐๐๐", 435.3, 471.2, top, False),
                 ("ต.ค. ๖๖", 493.2, 534.1, top, False),
                 ("คณะกรรมการตรวจรับพัสดุและ", 34.1, 182.9, top + 19, False),
                 ("หมู่บ้านและประชาคมตำบล", 212.2, 331.9, top + 19, False), ("สอบภายใน", 359.3, 410.3, top + 19, False)]
        top += 2 * 19 + 8
    body.append(("(ลงชื่อ)......................ผู้รายงาน", 201.8, 393.8, top + 20, False))  # over the edge
    rules = Rules(vertical=((29.0, 93.0, 620.0), (207.0, 111.0, 620.0), (344.0, 93.0, 620.0), (426.0, 93.0, 620.0),
                            (480.0, 93.0, 620.0), (556.0, 93.0, 620.0)))
    found = find_table(_words(head + body, size=12.0), rules)
    mapping = header_fields(list(found.columns.labels))
    assert mapping is not None and {"guidelines", "steps", "responsible", "period"} <= set(mapping.values())
    assert len(found.columns.labels) == 5
    steps = next(c for c, f in mapping.items() if f == "steps")
    assert _texts(found, 1)[steps].startswith("• จัดประชุมประชาคม")


def test_bold_cell_titles_beside_plain_cells_count_as_column_text_title_rows_do_not():
    # the header's body cover: a line all bold in a plain body is a title row run over the
    # column edges (left out); a cell's bold title beside plain cells is its column's text,
    # and left out too it hid the right part of the guideline column (a group label over
    # it was then cut there and read as a label)
    from extract.table_header import _Cover

    title_row = [_word("1. การป้องกันผลประโยชน์ทับซ้อน", 70, 100, bold=True, width=200)]
    cell_title = [_word("2. การพัฒนาการให้บริการ", 70, 120, bold=True, width=180),
                  _word("• มอบหมายเจ้าหน้าที่", 262, 120, width=150)]
    plain = [[_word("จัดทำแผนการจัดซื้อ", 70, 140 + LINE * k, width=100),
              _word("ประกาศแผน", 262, 140 + LINE * k, width=80)] for k in range(4)]
    cover = _Cover([title_row, cell_title] + plain, 400)
    assert cover.band(200, 249).min() == 1  # the cell title only
    assert cover.band(100, 169).min() == 5


def test_an_index_label_set_a_syllable_a_line_is_one_label():
    # 15 pt in a narrow index column: "ลำดับ" wraps a syllable a line ("ล" / "ำา" / "ดั" /
    # "บ"), each narrower than a letter's overhang; the syllables stayed apart as four
    # columns a hair wide, and the index column was lost
    top = 100.0
    head = [[_word("ล", 41.0, top, bold=True, width=8.5)] +
            [_word(t, COLS[c][0], top, bold=True, width=min(7.0 * len(t), COLS[c][1] - COLS[c][0]))
             for c, t in enumerate(HEADER) if c > 0],
            [_word("ำา", 42.2, top + LINE, bold=True, width=6.2)],
            [_word("ดั", 41.0, top + 2 * LINE, bold=True, width=8.5)],
            [_word("บ", 40.7, top + 3 * LINE, bold=True, width=9.0)]]
    rows = [{0: ["1"], **BODY[0]}, BODY[1], BODY[0], BODY[1]]  # the number once a measure
    body, _ = _page(rows, header=False, top=top + 4 * LINE + 6)
    found = find_table(head + body, Rules())
    assert len(found.columns.labels) == 5
    assert header_fields(list(found.columns.labels)).get(0) == "no"


def test_a_continued_page_keeps_its_first_row_whose_figure_overflows_into_the_next_cell():
    # a page with no header, its first line a row whose narrow-column text runs over the
    # edge glued to the next cell's bullet ("๒๕,๐๐๐-" + "ความเสี่ยง"): the line does not
    # keep to the columns, and the table was taken to start below it, losing the row's
    # first line (a measure title "มาตรการที่ ๕ …" with it)
    first = find_table(_page(BODY * 2)[0], Rules())
    lines, _ = _page(BODY * 2, header=False, top=60)
    row = lines[0]
    glued = _word("กองคลังและกองช่าง-", COLS[3][0], row[0].top, width=COLS[4][0] - COLS[3][0] + 6)
    lines[0] = [w for w in row if w.x0 < COLS[3][0] - 1] + [glued, _word("ต.ค.", COLS[4][0] + 12, row[0].top)]
    found = find_table(lines, Rules(), carried=first.columns)
    assert 0 in found.used
    assert _texts(found, 0)[1].startswith("1. จัดทำแผนการจัดซื้อจัดจ้าง")


def test_a_signers_name_at_the_top_of_a_continued_page_is_no_table_row():
    # the signature block split by the page break: the next page holds the running title,
    # then the signer's name and position, which keep to the carried columns (the
    # responsible one) and were read as a row: the name went into the last measure's
    # responsible units
    first = find_table(_page(BODY * 2)[0], Rules())
    lines = [[_word("มาตรการส่งเสริมคุณธรรมและความโปร่งใส", 200, 40, bold=True)],
             [_word("(นายประเสริฐ", COLS[3][0], 80, width=60), _word("มั่นคง)", COLS[3][0] + 64, 80, width=20)],
             [_word("หัวหน้าสำนักปลัด", COLS[3][0], 98, width=80)]]
    assert find_table(lines, Rules(), carried=first.columns) is None
    assert find_table([lines[0], [_word("(นายกเทศมนตรี)", COLS[3][0], 80, width=80)]] + _page(BODY, header=False, top=98)[0],
                      Rules(), carried=first.columns) is not None  # a unit in parentheses is no signer


def test_a_group_label_above_does_not_make_the_label_under_it_a_group_label():
    # 16 pt, a two-row header repeated over a page that holds only a steps cell's wrapped
    # tail: the group label "การดำเนินการตามมาตรการ", joined with the guideline label under
    # it into one wide stack, made "ขั้นตอน/วิธีการดำเนิน" read as over two stacks, a
    # group label too; then neither was left out, and the guideline and steps columns
    # became one
    page = [("การดำเนินการตามมาตรการ", 120.1, 299.7, 49, True), ("ระยะเวลา", 489.4, 548.5, 62, True),
            ("ขั้นตอน/วิธีการดำเนิน", 237.5, 380.7, 75, True), ("ผู้รับผิดชอบ", 391.5, 470.9, 72, True),
            ("มาตรการ/แนวทางการปฏิบัติ", 40.4, 226.7, 85, True), ("ดำเนินการ", 486.2, 551.7, 82, True),
            ("การ", 296.1, 322.0, 95, True),
            ("๒.", 237.1, 251.9, 118, False), ("คัดเลือกบุคลากรดี", 257.7, 373.2, 118, False),
            ("เด่นด้านคุณธรรม", 237.1, 348.1, 138, False), ("จริยธรรมประจำปี", 237.1, 352.0, 158, False)]
    found = find_table(_words(page, size=16.0), Rules())
    mapping = header_fields(list(found.columns.labels))
    assert mapping is not None and list(mapping.values()) == ["guidelines", "steps", "responsible", "period"]
    assert _texts(found, 1) == {1: "๒. คัดเลือกบุคลากรดี\nเด่นด้านคุณธรรม\nจริยธรรมประจำปี"}


def test_a_continued_page_keeps_a_two_line_row_above_the_next_measures_title_row():
    # a page with no header starting with the last two lines of a row, then the next
    # measure's title row across the table: two lines that keep to the columns were too
    # few to start the table, and the row (a guideline and its step) was lost
    first = find_table(_page(BODY * 2)[0], Rules())
    lines, _ = _page([BODY[0]] + BODY, header=False, title_rows={1: "มาตรการที่ 2 การป้องกันการรับสินบน"}, top=60)
    found = find_table(lines, Rules(), carried=first.columns)
    assert found.used[0] == 0
    assert _texts(found, 0)[1] == "1. จัดทำแผนการจัดซื้อจัดจ้าง\nประจำปีและเผยแพร่"
    assert found.rows[1].kind == "title"


def test_a_label_wrapped_over_nine_lines_is_all_header():
    # 16 pt in narrow columns: "ระยะเวลาการดำเนินการ" wraps over nine lines; a header was
    # held to seven, and the label's last lines fell into the body as a row of their own
    pieces = ["ระยะ", "เว", "ลา", "กา", "ร", "ดำ", "เนิน", "กา", "ร"]
    top = 100.0
    head = [[_word(p, COLS[4][0], top + k * LINE, bold=True)] for k, p in enumerate(pieces)]
    head[0] = [_word(t, COLS[c][0], top, bold=True, width=min(7.0 * len(t), COLS[c][1] - COLS[c][0]))
               for c, t in enumerate(HEADER[:4])] + head[0]
    body, _ = _page(BODY * 2, header=False, top=top + len(pieces) * LINE + 4)
    found = find_table(head + body, Rules())
    assert found.columns.labels[4] == "ระยะเวลาการดำเนินการ"
    assert all(k in found.used for k in range(len(pieces)))
    assert found.rows[1].kind == "body" and _texts(found, 1)[1].startswith("1. จัดทำแผน")


def test_a_header_alone_at_the_foot_of_a_page_hands_its_columns_to_the_next():
    # Word moved the first data row over the page break: the header is the page's last line
    lines, _ = _page([], running_title="รายงานผลการดำเนินการตามมาตรการ")
    lines[-1] = lines[-1][1:]  # no index column: labels alone place a narrow one badly
    found = find_table(lines, Rules())
    assert found is not None and found.mode == "header"
    assert len(found.rows) == 1 and found.rows[0].kind == "header"
    assert len(found.columns.bounds) - 1 == len(HEADER) - 1
    rest, _ = _page(BODY, header=False)
    after = find_table(rest, Rules(), carried=found.columns)
    # the next page's table is read in the header's columns (its rows are placed from
    # that page's own lines: columns placed from labels alone are rough)
    assert after is not None and [r.kind for r in after.rows] == ["body"] * len(BODY)
    assert _texts(after, 0)[2] == "กองคลัง" and _texts(after, 1)[0].startswith("2. เปิดเผยผล")


def test_a_header_with_text_under_it_that_is_no_table_is_no_table():
    lines, _ = _page([])
    lines.append([_word("จึงเรียนมาเพื่อโปรดทราบและพิจารณา อนุมัติมาตรการดังกล่าว", 40, 400, width=500)])
    assert find_table(lines, Rules()) is None


def _pieced(text: str, x0: float = 100.0, step: float = 7.0) -> Word:
    pieces, x = [], x0
    for ch in text:  # a mark rides on its letter's piece, as a text layer's glyphs do
        if pieces and ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c":
            t, a, b = pieces[-1]
            pieces[-1] = (t + ch, a, b)
            continue
        pieces.append((ch, x, x + step))
        x += step
    return Word(text, x0, x, 100.0, 100.0 + SIZE, SIZE, True, None, tuple(pieces))


def test_two_labels_glued_by_an_overflow_are_cut_apart():
    from extract.table_header import _unglued

    parts = _unglued([_pieced("งบประมาณกิจกรรม/วิธีการ")])
    assert [w.text for w in parts] == ["งบประมาณ", "กิจกรรม/วิธีการ"]
    assert parts[0].x1 < parts[1].x0
    # one label of its own words, or an index label after a label: kept whole
    for text in ("ระยะเวลาดำเนินการ", "ผลลัพธ์ที่ได้รับ", "มาตรการที่", "มาตรการ/แนวทางปฏิบัติ"):
        assert [w.text for w in _unglued([_pieced(text)])] == [text]


def test_a_label_set_with_a_wide_space_over_short_cells_is_one_column():
    # "ระยะเวลา ดำเนินการ" over a period column whose cells ("ต.ค. 66") leave the band
    # under "ดำเนินการ" empty: the tail names no column of its own (it would read as
    # results), it completes the label before it
    head = [_word("มาตรการ", 70, 100, True), _word("ขั้นตอน/วิธีการดำเนินการ", 262, 100, True),
            _word("ระยะเวลา", 432, 100, True, width=50), _word("ดำเนินการ", 494, 100, True, width=55),
            _word("ผู้รับผิดชอบ", 600, 100, True)]
    body = []
    for k in range(4):
        y = 122 + k * LINE
        body.append([_word(f"{k + 1}. ประชุมชี้แจง", 70, y), _word("- จัดทำคู่มือ", 262, y),
                     _word("ต.ค. 66", 432, y, width=40), _word("สำนักปลัด", 600, y)])
    found = find_table([head] + body, Rules())
    assert found is not None
    assert found.columns.labels == ("มาตรการ", "ขั้นตอน/วิธีการดำเนินการ", "ระยะเวลา ดำเนินการ", "ผู้รับผิดชอบ")
    assert header_fields(found.columns.labels) == {0: "guidelines", 1: "steps", 2: "period", 3: "responsible"}


def test_a_header_wrapped_over_many_lines_is_read_whole_when_its_top_line_names_too_few():
    """Narrow columns wrap their labels over four lines ("หน่วย / งานที่ / รับผิด / ชอบ",
    "งบ / ปร / ะมา / ณ"); the top line names two columns only, and the line below it is
    label tails that read as no label ("ปร"). The tight lines below are the header's too."""
    cols = [(40, 130), (140, 220), (230, 280), (290, 340), (350, 380), (390, 470), (480, 540)]
    header = [["มาตรการ/", "แนวทางปฏิบัติ"], ["กิจกรรม/", "วิธีการ"], ["หน่วย", "งานที่", "รับผิด", "ชอบ"],
              ["ระยะ", "เวลา", "ดำเนิ", "นการ"], ["งบ", "ปร", "ะมา", "ณ"],
              ["ผลการ", "ดำเนิน", "การตาม", "มาตรการ"], ["ผลลัพธ์"]]
    lines = [[Word(cell[k], cols[c][0], cols[c][0] + min(7.0 * len(cell[k]), cols[c][1] - cols[c][0]),
                   100 + k * LINE, 100 + k * LINE + SIZE, SIZE, False)
              for c, cell in enumerate(header) if k < len(cell)] for k in range(4)]
    body_top = 100 + 4 * LINE + 8
    lines.append([_word("1.", 40, body_top), _word("การบริหารและพัฒนาทรัพยากรบุคคล", 55, body_top, width=300)])
    lines.append([_word("1) ประกาศ", 40, body_top + LINE, width=70), _word("1. จัดทำ", 140, body_top + LINE, width=60),
                  _word("กองคลัง", 230, body_top + LINE, width=45), _word("ต.ค.", 290, body_top + LINE, width=30),
                  _word("-", 350, body_top + LINE, width=5), _word("- ส่งเสริม", 390, body_top + LINE, width=60),
                  _word("บุคลากร", 480, body_top + LINE, width=50)])
    found = find_table(lines, Rules())
    assert found is not None
    named = header_fields(list(found.columns.labels))
    assert named is not None and set(named.values()) >= {"guidelines", "steps", "responsible", "period",
                                                          "results", "outcomes"}
    assert len(found.columns.labels) == 7


def test_a_label_that_lost_its_top_word_does_not_take_the_field_of_the_label_read_whole():
    # "ระยะ" lost over "เวลาการดำเนินงาน": it reads closer to "ผลการดำเนินงาน" (results)
    # than to period, but the results column names results whole, so it keeps period
    fields = header_fields(["มาตรการ", "ขั้นตอนการดำเนินงาน", "เวลาการดำเนินงาน", "ผลการดำเนินงาน"])
    assert fields == {0: "guidelines", 1: "steps", 2: "period", 3: "results"}


def test_a_header_wrapped_so_narrow_no_line_holds_two_whole_labels_is_found():
    # 16 pt in narrow columns: "มาตรการ | กิจกรรม/ | หน่วย | ระยะ" over "วิธีการ | งานที่ |
    # เวลา" over "รับผิดชอบ": one whole label a line at most
    top = 100.0
    xs = [COLS[1][0], COLS[2][0], COLS[3][0], COLS[4][0]]
    stack = [["มาตรการ", "กิจกรรม/", "หน่วย", "ระยะ"], [None, "วิธีการ", "งานที่", "เวลา"],
             [None, None, "รับผิดชอบ", None]]
    head = [[_word(t, xs[c], top + k * LINE, bold=True) for c, t in enumerate(row) if t]
            for k, row in enumerate(stack)]
    body, _ = _page([{c: v for c, v in row.items() if c > 0} for row in BODY * 2], header=False,
                    top=top + len(stack) * LINE + 4)
    found = find_table(head + body, Rules())
    assert found is not None
    assert header_fields(list(found.columns.labels)) == {0: "guidelines", 1: "steps", 2: "responsible",
                                                         3: "period"}
    assert all(k in found.used for k in range(len(stack)))


def test_a_running_title_repeated_at_the_same_place_is_no_row_of_a_continued_table():
    # the running title wraps, and its last line alone ("เชียงราย") keeps to a column:
    # the line the page before held outside its table, at the same place, is furniture
    first, _ = _page(BODY)
    columns = find_table(first, Rules()).columns
    title = [[_word("องค์การบริหารส่วนตำบลแม่ข้าวต้ม อำเภอเมืองเชียงราย", 80, 40, bold=True, width=440)],
             [_word("เชียงราย", 280, 40 + LINE, bold=True)]]
    rest, _ = _page(BODY, header=False, top=40 + 2 * LINE + 2)
    repeated = [(ln[0].text, ln[0].top) for ln in title]
    found = find_table(title + rest, Rules(), carried=columns, repeated=repeated)
    assert found is not None and 0 not in found.used and 1 not in found.used
    assert found.rows[0].kind == "body" and _texts(found, 0)[1].startswith("1. จัดทำแผน")


def test_a_numbered_title_row_alone_at_a_continued_pages_foot_is_the_tables():
    # Word kept the measure's first row whole and moved it over the break, leaving its
    # title row behind on a page of its own
    first, _ = _page(BODY)
    columns = find_table(first, Rules()).columns
    lines = [[_word("๖. การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", COLS[0][0], 100, bold=True, width=420)]]
    found = find_table(lines, Rules(), carried=columns)
    assert found is not None and [r.kind for r in found.rows] == ["title"]
    plain = [[_word("การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", COLS[0][0], 100, bold=True, width=420)]]
    assert find_table(plain, Rules(), carried=columns) is None  # no number: no table made up


def test_a_centred_header_alone_at_a_pages_foot_hands_on_columns_wide_enough_for_the_cells():
    # the labels are centred, so the first starts well right of the cells' text under it;
    # the next page's rows start at the table's left edge and still keep to the columns
    top = 100.0
    lines = [[_word(t, COLS[c][0] + 25, top, bold=True, width=min(7.0 * len(t), COLS[c][1] - COLS[c][0] - 30))
              for c, t in enumerate(HEADER[1:], start=1)]]
    found = find_table(lines, Rules())
    assert found is not None and found.mode == "header"
    rest, _ = _page(BODY, header=False)
    after = find_table(rest, Rules(), carried=found.columns)
    assert after is not None and [r.kind for r in after.rows] == ["body"] * len(BODY)
    assert _texts(after, 0)[0].startswith("1. จัดทำแผน") and _texts(after, 0)[2] == "กองคลัง"


def test_a_line_under_the_foot_of_the_column_rules_is_no_cell():
    # a signer's block set narrow: "(ลง" alone keeps to a column, close under the table
    lines, starts = _page(BODY)
    foot = lines[-1][0].bottom + 3
    rules = Rules(vertical=tuple((x, lines[0][0].top - 4, foot) for x in RULE_X))
    lines.append([_word("(ลง", COLS[4][0], foot + 4)])
    found = find_table(lines, rules)
    assert len(lines) - 1 not in found.used
    assert "(ลง" not in _texts(found, len(found.rows) - 1).get(4, "")
    unruled = find_table(lines, Rules())  # with no rules to end it, the line is the table's
    assert len(lines) - 1 in unruled.used


def test_two_whole_labels_a_space_apart_are_two_columns_though_the_cells_under_them_touch():
    # "งบประมาณ ผู้รับผิดชอบ" a word space apart over a figure column and a unit column whose
    # cells run on into each other ("ไม่ใช้ งบประมาณ" against "งานบริหารงาน")
    top = 100.0
    labels = [("มาตรการ/แนวทางการปฏิบัติ", 70, 170), ("ขั้นตอน/วิธีการดำเนินการ", 262, 390),
              ("งบประมาณ", 432, 490), ("ผู้รับผิดชอบ", 494, 560), ("ระยะเวลา", 600, 660)]
    head = [[Word(t, a, b, top, top + SIZE, SIZE, True) for t, a, b in labels]]
    body = []
    for k in range(4):
        y = top + (k + 1) * LINE + 6
        body.append([_word("จัดทำแผน", 70, y), _word("ประกาศแผน", 262, y), _word("ไม่ใช้งบประมาณ", 432, y, width=66),
                     _word("งานบริหารงาน", 498, y, width=70), _word("ต.ค. ๖๖", 600, y)])
    found = find_table(head + body, Rules())
    assert header_fields(list(found.columns.labels)) == {0: "guidelines", 1: "steps", 2: "budget", 3: "responsible",
                                                         4: "period"}


def test_a_signers_line_wrapped_after_its_first_word_ends_the_table():
    # "(ลง" alone in a column's place, "ชื่อ)……ผู้รายงาน" under it across the columns
    lines, _ = _page(BODY)
    y = lines[-1][0].bottom + 8
    lines.append([_word("(ลง", COLS[3][0], y)])
    lines.append([_word("ชื่อ)......................ผู้", COLS[2][0], y + LINE, width=250)])
    found = find_table(lines, Rules())
    assert len(lines) - 2 not in found.used and len(lines) - 1 not in found.used


def test_a_group_label_clear_of_the_labels_it_groups_straddles_the_rule_starting_under_it():
    # "การดำเนินการตามมาตรการ" centred over the edge of the two columns it groups; their
    # labels centred in their own columns, clear of it; the column rule starts under it
    top = 100.0
    group = _word("การดำเนินการตามมาตรการ", 180, top, bold=True, width=130)
    labels = [_word("มาตรการ", 100, top + LINE, bold=True, width=50),
              _word("วิธีการดำเนินการ", 320, top + LINE, bold=True, width=90),
              _word("ผู้รับผิดชอบ", 440, top, bold=True, width=70), _word("ระยะเวลา", 540, top, bold=True, width=60)]
    head = [[group, labels[2], labels[3]], [labels[0], labels[1]]]
    body = []
    for k in range(6):  # the cells fill their columns up to the rules
        y = top + (k + 2) * LINE + 6
        body.append([_word(f"{k + 1}) จัดทำแผนการจัดซื้อจัดจ้าง", 34, y, width=220),
                     _word("• ประกาศแผนผ่านระบบ", 262, y, width=160),
                     _word("กองคลัง", 440, y, width=50), _word("ต.ค. ๖๖", 540, y, width=45)])
    rules = Rules(vertical=((RULE_X[2], top + SIZE + 1, 400.0),) + tuple((x, top - 3, 400.0) for x in RULE_X[3:]))
    found = find_table(head + body, rules)
    fields = header_fields(list(found.columns.labels))
    assert list(fields.values())[:2] == ["guidelines", "steps"] and "results" not in fields.values()


def test_a_plain_numbered_row_across_an_edge_where_the_column_rule_stops_is_a_title_row():
    # a scan's title row reads as plain weight; its text runs from the guideline column
    # over the steps column's edge, where the column rules stop for the spanning row
    lines, starts = _page(BODY)
    y = lines[-1][0].bottom + 6
    title = [_word("3.", COLS[1][0], y), _word("การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", COLS[1][0] + 16, y,
                                                width=260)]
    lines.append(title)
    lines.append([_word("1. เปิดเผยข้อมูล", COLS[1][0], y + LINE + 6), _word("- จัดทำประกาศ", COLS[2][0], y + LINE + 6)])
    top, foot = lines[0][0].top - 4, lines[-1][0].bottom + 4
    gap_top, gap_bottom = y - 3, y + SIZE + 3
    broken = Rules(vertical=tuple(r for x in RULE_X for r in ((x, top, gap_top), (x, gap_bottom, foot))))
    found = find_table(lines, broken)
    assert "title" in [r.kind for r in found.rows]
    # drawn through the row, the same text is a cell overflowing its column: no title
    whole = Rules(vertical=tuple((x, top, foot) for x in RULE_X))
    assert "title" not in [r.kind for r in find_table(lines, whole).rows]
    # a short drawn piece at the edge (a letter's stroke, dust) is no column rule
    stray = Rules(vertical=((RULE_X[2], y - 2 * SIZE, y - 4),))
    assert "title" not in [r.kind for r in find_table(lines, stray).rows]


def test_a_ruled_header_keeps_its_wrapped_lines_read_further_apart_than_a_lines_gap():
    # OCR puts a header's centred one-line labels on the line of the wrapped labels'
    # tops, which moves that line's baseline: its gap to the next line reads wider
    y = 100.0
    top = [_word("ที่", COLS[0][0], y, bold=True), _word("มาตรการ/แนวทาง", COLS[1][0], y, bold=True),
           _word("ขั้นตอน/วิธีการ", COLS[2][0], y, bold=True), _word("ผู้รับ", COLS[3][0], y, bold=True),
           _word("ระยะเวลา", COLS[4][0], y, bold=True)]
    wide = y + SIZE + 1.6 * SIZE  # past HEADER_GAP_EM, inside RULED_HEADER_GAP_EM
    second = [_word("ผิดชอบ", COLS[3][0], wide, bold=True), _word("ดำเนินการ", COLS[4][0], wide, bold=True)]
    body, _ = _page(BODY, header=False, top=wide + LINE + 8)
    lines = [top, second, *body]
    rules = Rules(vertical=tuple((x, y - 4, body[-1][0].bottom + 4) for x in RULE_X))
    found = find_table(lines, rules)
    assert found.rows[0].kind == "header" and 1 in found.used
    assert [r.kind for r in found.rows].count("header") == 1
    assert "ผิดชอบ" in found.columns.labels[3] and "ดำเนินการ" in found.columns.labels[4]
    # with no rules to bound the header's cells, a gap that wide ends the header
    unruled = find_table(lines, Rules())
    assert unruled is None or "ผิดชอบ" not in unruled.columns.labels[3]


def test_one_label_read_plain_does_not_make_a_bold_header_line_plain():
    from extract.table_words import set_bold
    line = [_word("มาตรการ/แนวทาง", 70, 100, bold=True), _word("ขั้นตอน/วิธีการ", 262, 100, bold=True),
            _word("ผู้รับผิดชอบ", 432, 100, bold=True), _word("ะยะเวลา", 532, 100)]
    assert set_bold(line)
    assert not set_bold(line[:1] + [_word("ขั้นตอน", 262, 100), _word("ผู้รับผิดชอบ", 432, 100)])


def test_a_titles_number_set_a_little_apart_still_numbers_it():
    # "4." then the title a little more than a word space on: two runs of the line, the
    # number alone in the first; the title row is still a numbered one
    lines, _ = _page(BODY)
    y = lines[-1][0].bottom + 6
    lines.append([_word("4.", COLS[1][0], y),
                  _word("การประเมินความเสี่ยงการทุจริตและการบริหารจัดการความเสี่ยง", COLS[1][0] + 14 + 0.8 * SIZE, y,
                        width=300)])
    lines.append([_word("1. ประเมินความเสี่ยง", COLS[1][0], y + LINE + 6), _word("- แต่งตั้งคณะทำงาน", COLS[2][0], y + LINE + 6)])
    top, foot = lines[0][0].top - 4, lines[-1][0].bottom + 4
    rules = Rules(vertical=tuple(r for x in RULE_X for r in ((x, top, y - 3), (x, y + SIZE + 3, foot))))
    found = find_table(lines, rules)
    titles = [r for r in found.rows if r.kind == "title"]
    assert len(titles) == 1 and "4." in " ".join(w.text for ls in titles[0].cells.values() for ws in ls for w in ws)


def test_an_index_number_read_close_to_its_title_stays_in_the_index_column():
    lines, _ = _page(BODY)
    y = lines[-1][0].bottom + 6
    number = _word("๓", 56, y, bold=True)  # ends 4 pt before the title: one run of the line
    lines.append([number, _word("การส่งเสริมคุณธรรมและจริยธรรมของบุคลากร", number.x1 + 4, y, bold=True, width=300)])
    lines.append([_word("1. เผยแพร่ประมวลจริยธรรม", COLS[1][0], y + LINE + 6), _word("- จัดทำประกาศ", COLS[2][0], y + LINE + 6)])
    found = find_table(lines, Rules())
    title = next(r for r in found.rows if r.kind == "title")
    texts = {c: " ".join(w.text for ws in cell for w in ws) for c, cell in title.cells.items()}
    assert texts[0] == "๓" and texts[1].startswith("การส่งเสริม")


def test_a_header_label_cut_in_two_by_the_reader_still_takes_its_next_line():
    # "ผู้รับ" + "ผิดชอบ/" a point apart are one label; "หน่วยงาน" under both is its
    # wrapped line, not a title over two labels
    y = 100.0
    seed = [_word("มาตรการ/แนวทาง", COLS[1][0], y, bold=True), _word("ขั้นตอน/วิธีการ", COLS[2][0], y, bold=True),
            _word("ผู้รับ", COLS[3][0], y, width=30), _word("ผิดชอบ/", COLS[3][0] + 31, y, width=45),
            _word("ระยะเวลา", COLS[4][0], y)]
    second = [_word("หน่วยงาน", COLS[3][0] + 8, y + LINE, width=56), _word("ดำเนินการ", COLS[4][0], y + LINE)]
    body, _ = _page(BODY, header=False, top=y + 2 * LINE + 8)
    found = find_table([seed, second, *body], Rules())
    assert found.rows[0].kind == "header" and 1 in found.used
    assert any("ผิดชอบ" in label and "หน่วยงาน" in label for label in found.columns.labels)
