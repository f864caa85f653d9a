"""A table row alone on a page: Word keeps a row whole, so a measure's title row, or the
header row, can be the only row at the foot of a page, in a box of one cell (no table)
or with nothing under it. The rows on the next page must still find their measure and
their columns."""
from extract.measures import rows_to_measures
from extract.rows import page_tables, stitch_rows
from ita_core.model import Page
from test_measures import HEADER4, table

TITLE_1 = "มาตรการที่ ๑ การพัฒนาการให้บริการผ่านระบบ e-Service"
TITLE_2 = "มาตรการที่ ๒ มาตรการป้องกันการรับสินบน (No Gift Policy)"


def _measures(pages):
    return rows_to_measures(stitch_rows(page_tables(pages)))


def _report(middle_lines):
    first = table(1, [HEADER4, [TITLE_1, "", "", ""],
                      ["๑) เปิดให้บริการออนไลน์", "ประชาสัมพันธ์", "สำนักปลัด", "ต.ค. ๖๖"]],
                  spans={(1, 0): 4})
    last = table(3, [["๑) ประกาศนโยบาย", "ลงนามประกาศ", "กองคลัง", "ทั้งปี"]])
    return [Page(1, "text_layer", ("รายงานผล",), (first,)),
            Page(2, "text_layer", middle_lines),
            Page(3, "text_layer", (), (last,))]


def test_a_title_alone_on_a_page_between_table_pages_opens_its_measure():
    ms = _measures(_report(("รายงานผลการดำเนินการ", TITLE_2, "หน้า 2")))
    assert [m.title for m in ms] == [TITLE_1.split(" ", 2)[2], TITLE_2.split(" ", 2)[2]]
    assert ms[1].guidelines == ("ประกาศนโยบาย",) and ms[1].responsible == "กองคลัง"


def test_a_page_without_such_a_title_leaves_the_rows_to_the_measure_before():
    ms = _measures(_report(("รายงานผลการดำเนินการ", "หน้า 2")))
    assert len(ms) == 1 and ms[0].guidelines == ("เปิดให้บริการออนไลน์", "ประกาศนโยบาย")


def test_a_title_line_outside_the_table_pages_is_only_text():
    pages = _report(("หน้า 2",))
    # a memo after the last table page that names a measure opens nothing
    pages.append(Page(4, "text_layer", (TITLE_2,)))
    assert len(_measures(pages)) == 1
    assert len(page_tables(pages)) == 2


def test_text_under_a_column_with_no_label_is_said_to_be_lost():
    from extract.measures import measures_with_marks

    header = [HEADER4[0], "รายละเอียด", HEADER4[2], HEADER4[3]]  # a label that names no field
    t = table(1, [header, ["๑. การเปิดเผยข้อมูล", "", "", ""],
                  ["๑) เผยแพร่ข้อมูล", "- จัดทำคำสั่ง", "สำนักปลัด", "ไตรมาส ๒"]],
              spans={(1, 0): 4})
    (m, _, notes), = measures_with_marks(stitch_rows([t]))
    assert m.guidelines == ("เผยแพร่ข้อมูล",) and m.steps == ()
    assert notes == ("text in a column whose header names no field was not read",)
    full = table(1, [HEADER4, ["๑. การเปิดเผยข้อมูล", "", "", ""],
                     ["๑) เผยแพร่ข้อมูล", "- จัดทำคำสั่ง", "สำนักปลัด", "ไตรมาส ๒"]],
                 spans={(1, 0): 4})
    (m, _, notes), = measures_with_marks(stitch_rows([full]))
    assert m.steps == ("จัดทำคำสั่ง",) and notes == ()
