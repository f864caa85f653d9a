"""The document checks its own structure: numbering, titles read as guidelines, empty
measures, unfilled columns; a failed check is a named warning and lowers confidence."""
import json

import pytest

from extract.checks import check_structure, numbering_warnings, title_like_guidelines
from extract.list_items import ItemMark
from extract.measures import measures_with_marks
from extract.rows import stitch_rows
from ita_core.model import ExtractedDocument, Measure, Page, Period, Source
from pipelines.assemble import NoMeasureTableError, build_document
from pipelines.summary import summary_text
from pipelines.writers import document_record, read_csv, write_aggregates, write_document_json
from test_measures import HEADER4, table


def _measure(no, title="การเปิดเผยข้อมูล", guidelines=("เผยแพร่ข้อมูล",), **kw):
    kw.setdefault("responsible", "สำนักปลัด")
    kw.setdefault("period", Period("ต.ค. ๖๕ - ก.ย. ๖๖"))
    return Measure(no=no, title=title, guidelines=tuple(guidelines), **kw)


def _check(measures, report_type="measures", marks=None):
    marks = marks or [tuple(ItemMark() for _ in m.guidelines) for m in measures]
    return check_structure(measures, marks, report_type)


def test_a_clean_document_passes_with_full_confidence():
    got = _check([_measure(1), _measure(2), _measure(3)])
    assert got.warnings == () and got.confidence == 1.0 and len(got.measures) == 3


@pytest.mark.parametrize("numbers, warning, untouched", [
    ([1, 3, 4], "measures jump from 1 to 3", 2),
    ([1, 2, 2, 3], "measure 2 appears twice", 0),
    ([1, 2, 3, 2], "measure 2 appears twice", 0),
    ([1, 2, 5, 4, 5], "measures go back from 5 to 4", 0),
    ([2, 3, 4], "measures start at 2, not 1", 2),
])
def test_numbers_must_run_one_to_n(numbers, warning, untouched):
    got = _check([_measure(n) for n in numbers])
    assert warning in got.warnings
    assert got.confidence <= 0.5
    assert min(m.confidence for m in got.measures) <= 0.5
    assert got.measures[untouched].confidence == 1.0  # only the measures concerned


def test_no_warning_for_numbers_in_order():
    assert numbering_warnings([1, 2, 3, 4]) == []


def test_guideline_numbered_as_the_next_measure_reads_like_a_title():
    m = _measure(1, guidelines=("ก", "ข", "การใช้อำนาจ", "ค"))
    marks = (ItemMark(1), ItemMark(2), ItemMark(2), ItemMark(1))
    assert title_like_guidelines(m, marks) == [3]
    got = _check([m], marks=[marks])
    assert "guideline 3 of measure 1 reads like a measure title" in got.warnings
    assert got.measures[0].confidence <= 0.4 and got.confidence <= 0.4


def test_a_list_that_counts_up_through_the_next_number_is_no_title():
    m = _measure(1, guidelines=("ก", "ข", "ค"))
    assert title_like_guidelines(m, (ItemMark(1), ItemMark(2), ItemMark(3))) == []
    # measure 2's third guideline is numbered 3 and the list goes on: no title
    m2 = _measure(2, guidelines=("ก", "ข", "ค", "ง"))
    assert title_like_guidelines(m2, (ItemMark(1), ItemMark(2), ItemMark(3), ItemMark(4))) == []


def test_guideline_labelled_as_a_measure_reads_like_a_title():
    m = _measure(1, guidelines=("ก", "การใช้อำนาจ"))
    assert title_like_guidelines(m, (ItemMark(1), ItemMark(5, titled=True))) == [2]


def test_title_rows_read_as_guideline_rows_are_flagged_end_to_end():
    """The issue's silent failure: title rows lost their span (horizontal rules only), so
    one measure swallowed the others' titles. The engine must say so."""
    rows = [HEADER4,
            ["๑. การเปิดเผยข้อมูล", "", "", ""],
            ["เผยแพร่ข้อมูลข่าวสาร", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"],
            ["ปรับปรุงเว็บไซต์", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"],
            ["๒. การใช้อำนาจ", "", "", ""],
            ["ประกาศเจตนารมณ์", "จัดประชุม", "กองคลัง", "ม.ค. ๖๖"]]
    found = measures_with_marks(stitch_rows([table(1, rows)]))
    got = check_structure([m for m, _, _ in found], [mk for _, mk, _ in found], "measures")
    if len(got.measures) != 2:  # the engine read it wrongly: then it must not be silent
        assert any("reads like a measure title" in w for w in got.warnings)
        assert got.confidence < 0.6


def test_empty_measures_are_dropped_with_a_warning():
    got = _check([_measure(1), _measure(2, guidelines=()), _measure(3, title="")])
    assert [m.no for m in got.measures] == [1]
    assert "measure 2 is empty (no guideline or step) and was dropped" in got.warnings
    assert "measure 3 is empty (no title) and was dropped" in got.warnings


def test_a_measure_with_steps_only_is_not_empty():
    got = _check([_measure(1, guidelines=(), steps=("จัดประชุม",))], marks=[()])
    assert len(got.measures) == 1 and not any("empty" in w for w in got.warnings)


def test_columns_the_report_type_needs_must_be_filled_for_most_measures():
    ms = [_measure(n, responsible="") for n in (1, 2, 3)]
    got = _check(ms)
    assert "column responsible is empty in 3 of 3 measures" in got.warnings
    assert got.confidence <= 0.7
    results = [_measure(n) for n in (1, 2)]
    got = _check(results, report_type="results")
    assert "column results/outcomes is empty in 2 of 2 measures" in got.warnings
    # a plan needs no results column; one measure of three without a period is tolerated
    ms = [_measure(1), _measure(2, period=Period("")), _measure(3)]
    assert _check(ms).warnings == ()


SOURCE = Source(path="x.pdf", sha256="0" * 64, pages=1, kind="text_layer")


def _build(rows, spans=None):
    page = Page(1, "text_layer", lines=("มาตรการส่งเสริมคุณธรรม",), tables=(table(1, rows, spans),))
    return build_document(doc_id="0123456789ab", source=SOURCE,
                          extracted=ExtractedDocument((page,), "text_layer"), correct=False)


def test_a_document_whose_measures_are_all_empty_has_no_measure_table():
    # a plan's table read as measure titles with nothing under them (the 65-page plan case)
    rows = [HEADER4, ["๑. ยุทธศาสตร์ที่หนึ่ง", "", "", ""], ["๒. ยุทธศาสตร์ที่สอง", "", "", ""]]
    with pytest.raises(NoMeasureTableError, match="no ITA measure table found"):
        _build(rows, spans={(1, 0): 4, (2, 0): 4})


def test_empty_measure_never_reaches_measures_csv(tmp_path):
    rows = [HEADER4, ["๑. การเปิดเผยข้อมูล", "", "", ""],
            ["๑. เผยแพร่ข้อมูล", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"],
            ["๒. การใช้อำนาจ", "", "", ""]]
    doc = _build(rows, spans={(1, 0): 4, (3, 0): 4})
    assert [m.no for m in doc.measures] == [1]
    assert "measure 2 is empty (no guideline or step) and was dropped" in doc.warnings
    record = document_record(doc)
    write_document_json(tmp_path, record)
    write_aggregates(tmp_path, manifest=[])
    assert [r["no"] for r in read_csv(tmp_path / "measures.csv")] == ["1"]
    assert record["confidence"] == doc.confidence < 1.0  # the dropped measure is a doubt


def test_spanning_title_in_an_unnamed_column_is_no_internal_error():
    """An index column without a label: the spanning title row starts in it, a column the
    header maps to no field (this raised StopIteration while assembling)."""
    rows = [["", "มาตรการ", "วิธีการดำเนินงาน", "หน่วยงานที่รับผิดชอบ", "ระยะเวลา"],
            ["๑. การเปิดเผยข้อมูล", "", "", "", ""],
            ["", "เผยแพร่ข้อมูล", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"]]
    doc = _build(rows, spans={(1, 0): 5})
    assert [(m.no, m.title, m.guidelines) for m in doc.measures] == [
        (1, "การเปิดเผยข้อมูล", ("เผยแพร่ข้อมูล",))]


def test_summary_lists_doubtful_documents_first(tmp_path):
    (tmp_path / "documents").mkdir()
    base = {"source": {"path": "a.pdf", "kind": "text_layer"}, "organization": {},
            "fiscal_year": 2566, "report_type": "measures"}
    docs = [dict(base, doc_id="aaaaaaaaaaaa", measures=[{"confidence": 1.0}], warnings=[],
                 confidence=1.0),
            dict(base, doc_id="bbbbbbbbbbbb", measures=[{"confidence": 0.5}],
                 warnings=["measures jump from 1 to 3"], confidence=0.5)]
    for d in docs:
        (tmp_path / "documents" / f"{d['doc_id']}.json").write_text(json.dumps(d), encoding="utf-8")
    for name in ("manifest.csv", "corrections.csv"):
        (tmp_path / name).write_text("path,status\n" if name == "manifest.csv" else "rule\n",
                                     encoding="utf-8")
    text = summary_text(tmp_path)
    assert text.index("bbbbbbbbbbbb") < text.index("aaaaaaaaaaaa")
    assert "measures jump from 1 to 3" in text


def test_an_index_cell_holding_several_numbers_is_a_merged_row():
    """A frame with a header line only: the rows of three measures read as one row."""
    header = ["ที่"] + HEADER4
    rows = [header, ["๑\n๒\n๓", "การเปิดเผยข้อมูล\nการใช้อำนาจ\nการรับสินบน",
                     "ประกาศ\nจัดประชุม\nอบรม", "สำนักปลัด", "ต.ค. ๖๕"]]
    found = measures_with_marks(stitch_rows([table(1, rows)]))
    got = check_structure([m for m, _, _ in found], [mk for _, mk, _ in found], "measures",
                          notes=[n for _, _, n in found])
    if len(got.measures) != 3:  # the engine read it as fewer measures: then it says so
        assert any("holds several numbers (๑, ๒, ๓): measures merged" in w for w in got.warnings)
        assert got.confidence <= 0.4


def test_a_title_starting_with_another_number_is_doubtful():
    got = _check([_measure(1), _measure(2), _measure(3, title="๕ การเปิดโอกาสให้ประชาชน")])
    assert "the title of measure 3 starts with the number ๕" in got.warnings
    assert got.measures[2].confidence <= 0.5 and got.measures[0].confidence == 1.0
    # a number that is part of the wording is no measure number
    assert _check([_measure(1, title="การจัดทำแผน 5 ปี")]).warnings == ()


def test_a_measure_without_guidelines_among_measures_with_them_is_doubtful():
    ms = [_measure(1), _measure(2, guidelines=(), steps=("จัดประชุม",)), _measure(3)]
    got = _check(ms, marks=[(ItemMark(),), (), (ItemMark(),)])
    assert "measure 2 has no guideline where the others have" in got.warnings
    assert got.measures[1].confidence <= 0.6 and got.measures[0].confidence == 1.0
    # a plan that lists steps only says nothing
    ms = [_measure(n, guidelines=(), steps=("จัดประชุม",)) for n in (1, 2)]
    assert _check(ms, marks=[(), ()]).warnings == ()


def test_guidelines_that_start_again_at_one_are_doubtful():
    # measure 2's guidelines 1, 2 then 1, 2 again: the second run is the next measure's
    m = _measure(2, guidelines=("ก", "ข", "ค", "ง"))
    marks = [(ItemMark(1),), tuple(ItemMark(n) for n in (1, 2, 1, 2))]
    got = _check([_measure(1), m], marks=marks)
    assert got.warnings == ("the guidelines of measure 2 start again at 1 (guideline 3): "
                            "two measures' rows may be read as one",)
    assert got.measures[1].confidence < 1.0 and got.measures[0].confidence == 1.0


def test_one_run_of_numbered_guidelines_is_fine():
    m = _measure(1, guidelines=("ก", "ข", "ค"))
    got = _check([m], marks=[tuple(ItemMark(n) for n in (1, 2, 3))])
    assert got.warnings == ()


def test_a_column_label_read_as_a_title_and_a_measure_label_in_another_column_are_warned():
    """The header read as a row gives a measure titled "กิจกรรม/วิธีการ"; shifted columns
    put the next measure's "มาตรการที่ ๒ …" into results. Neither is a silent answer; a
    title that only starts like the guidelines' label ("มาตรการส่งเสริม…") is no label."""
    done = ("จัดประชุมแล้ว",)
    got = _check([_measure(1, title="กิจกรรม/วิธีการ", results=done),
                  _measure(2, results=("มาตรการที่ 3 การป้องกันผลประโยชน์ทับซ้อน",)),
                  _measure(3, title="มาตรการส่งเสริมคุณธรรมและจริยธรรมของบุคลากร", results=done)], "results")
    assert any(w.startswith("the title of measure 1 reads like the column label") for w in got.warnings)
    assert any(w.startswith("the results of measure 2 hold a measure's label") for w in got.warnings)
    assert [m.confidence for m in got.measures][:2] == [0.4, 0.4]
    assert got.measures[2].confidence == 1.0 and got.confidence == 0.4


def test_the_next_measures_title_outside_the_table_is_loud():
    """The table's last rows read as page text (a gap wider than a row ended it): a line
    outside the table opening with the next measure's number and a title says so; a page
    title, a note, another number or a number with no title behind it does not."""
    measures = [_measure(1), _measure(2), _measure(3)]
    marks = [tuple(ItemMark() for _ in m.guidelines) for m in measures]
    quiet = ["ประจำปีงบประมาณ พ.ศ. 2566", "หมายเหตุ: หน่วยงานจะทบทวนมาตรการทุกปี",
             "5. มาตรการป้องกันการรับสินบน", "4. 2566", "หน้า 4"]
    assert check_structure(measures, marks, "measures", outside=quiet).warnings == ()
    got = check_structure(measures, marks, "measures", outside=quiet + ["4. มาตรการป้องกันการรับสินบน"])
    assert got.warnings[0].startswith("text outside the table reads as the title of measure 4")
    assert got.measures[-1].confidence <= 0.4 and got.confidence <= 0.4
    labelled = check_structure(measures, marks, "measures", outside=["มาตรการที่ ๔ การส่งเสริมคุณธรรม"])
    assert labelled.warnings and "measure 4" in labelled.warnings[0]
