"""Dust in a cell that tesseract reads as far-apart "words" is dropped; text is not."""
import pytest

from extract.ocr_text import without_specks


@pytest.mark.parametrize("line", [
    "๕         ๐", "ม    ณฆ           =z", "ง        ๑.", "v       va", "1                ๕๕    o",
])
def test_lines_of_specks_are_dropped(line):
    assert without_specks(line) == ""


@pytest.mark.parametrize("line, kept", [
    ("ราชการ         ;", "ราชการ"),  # junk after a word
    (";    ข้อความ", "ข้อความ"),
    ("จัดทำประมวล ,", "จัดทำประมวล"),  # a speck after the last word reads as a comma
    ("No Gift Policy was ,", "No Gift Policy was"),
])
def test_junk_at_the_ends_of_a_line_goes(line, kept):
    assert without_specks(line) == kept


@pytest.mark.parametrize("line", [
    "ต.ค. 65    -    ก.ย. 66",  # a dash between dates is inside the line
    "ปี       2566      และ",  # short words inside a justified line
    "ผ่านระบบ      e-GP",
    "ตุลาคม 2565", "๑", "lo", "ไตรมาส ๒",  # no wide gap: untouched
    "สำนักปลัด,", "พ.ศ.", "(แบบ สขร.1)",  # punctuation on its word stays
])
def test_text_stays(line):
    assert without_specks(line) == line
