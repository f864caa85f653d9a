from extract.measures import rows_to_measures
from extract.rows import stitch_rows
from extract.text_export import read_text_export

HTML = """<html><body><p>รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2567</p>
<table><tr><th>มาตรการ</th><th>ขั้นตอน/วิธีการดำเนินการ</th><th>ผู้รับผิดชอบ</th><th>ระยะเวลา</th><th>ผลการดำเนินงาน</th></tr>
<tr><td colspan="5">1. การเปิดเผยข้อมูล</td></tr>
<tr><td>1. เผยแพร่ข้อมูล<br>ผ่านเว็บไซต์</td><td><p>- ประกาศ</p><p>- ประชาสัมพันธ์</p></td><td rowspan="2">สำนักปลัด</td><td>ตลอดปีงบประมาณ</td><td>- ดำเนินการแล้ว</td></tr>
<tr><td>2. ปรับปรุงข้อมูล</td><td>- ทบทวน</td><td></td><td></td></tr>
</table></body></html>"""

MARKDOWN = """รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2567

| มาตรการ | ขั้นตอน/วิธีการดำเนินการ | ผู้รับผิดชอบ | ระยะเวลา | ผลการดำเนินงาน |
|---|---|---|---|---|
| 1. การเปิดเผยข้อมูล | | | | |
| 1. เผยแพร่ข้อมูล<br>ผ่านเว็บไซต์ | - ประกาศ<br>- ประชาสัมพันธ์ | สำนักปลัด | ตลอดปีงบประมาณ | - ดำเนินการแล้ว |
| 2. ปรับปรุงข้อมูล | - ทบทวน | | | |
"""


def _measures(text):
    doc = read_text_export(text)
    return doc, rows_to_measures(stitch_rows([t for p in doc.pages for t in p.tables]))


def test_html_table_with_spans():
    doc, [m] = _measures(HTML)
    assert doc.pages[0].lines[0].startswith("รายงานผล")
    assert (m.no, m.title) == (1, "การเปิดเผยข้อมูล")
    assert m.guidelines == ("เผยแพร่ข้อมูลผ่านเว็บไซต์", "ปรับปรุงข้อมูล")
    assert m.steps == ("ประกาศ", "ประชาสัมพันธ์", "ทบทวน")
    assert m.responsible == "สำนักปลัด" and m.period.text == "ตลอดปีงบประมาณ"
    spanning = [c for c in doc.pages[0].tables[0].cells if c.col_span > 1]
    assert len(spanning) == 1 and spanning[0].col_span == 5  # one cell, not copies


def test_markdown_pipe_table_gives_the_same_measure():
    _, [md] = _measures(MARKDOWN)
    _, [html] = _measures(HTML)
    assert md == html


def test_seed_export_structure(seed_path):
    doc, ms = _measures(seed_path.read_text(encoding="utf-8"))
    assert doc.kind == "text_export"
    assert [m.no for m in ms] == [1, 2, 3, 4, 5, 6, 7]
    assert [len(m.guidelines) for m in ms] == [3, 3, 3, 4, 3, 4, 4]
    # measure 3's last guideline wraps onto a paragraph without a marker
    assert ms[2].guidelines[2].endswith("การดำเนินการเผยแพร่ประชาสัมพันธ์ข้อมูลข่าวสารต่าง ๆ")
    # measure 7's first results cell holds two bullets in one paragraph
    assert len(ms[6].results) == 5
    assert ms[0].period.text == "ต.ค.๖๕-ก.ย.๖๖"
