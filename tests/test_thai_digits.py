"""Thai digits read by shape (no tesseract): rendered lines, blurred like a scan."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.thai_digits import (ImageWord, pairable_words, read_words, reread_digits, templates,
                                 with_digit_words)

pytestmark = pytest.mark.skipif(not templates()[0], reason="fonts-thai-tlwg not installed")

FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"


def _line(text: str, *, px: int = 44, blur: int = 0, font: str = FONT) -> np.ndarray:
    face = ImageFont.truetype(font, px)
    width = int(face.getlength(text)) + 40
    image = Image.new("L", (width, int(px * 1.8)), 255)
    ImageDraw.Draw(image).text((20, int(px * 0.3)), text, fill=0, font=face)
    pixels = np.asarray(image)
    return cv2.GaussianBlur(pixels, (blur, blur), 0) if blur else pixels


@pytest.mark.parametrize("blur", [0, 3, 5])
def test_year_of_a_title_line_is_read_by_shape(blur):
    words = read_words(_line("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", blur=blur))
    assert [w.digits for w in words if w.digits] == ["๒๕๖๖"]


def test_each_thai_digit_in_another_font():
    words = read_words(_line("๐๑๒๓๔ ๕๖๗๘๙", font="/usr/share/fonts/truetype/tlwg/Garuda.ttf"))
    assert [w.digits for w in words if w.digits] == ["๐๑๒๓๔", "๕๖๗๘๙"]


def test_thai_words_and_arabic_years_are_not_digits():
    assert not any(w.digits for w in read_words(_line("เทศบาลตำบลนาม่อง ปี 2566")))


def test_misread_year_tokens_take_the_digits_read_by_shape():
    words = [ImageWord(0, 300), ImageWord(310, 340), ImageWord(350, 440, "๒๕๖๖", 0.9)]
    assert with_digit_words("ประจําปีงบประมาณ พ.ศ. ๒๕๒๒๐", words) == "ประจําปีงบประมาณ พ.ศ. ๒๕๖๖"
    assert with_digit_words("ประจําปีงบประมาณ พ.ศ. Wedd.", words) == "ประจําปีงบประมาณ พ.ศ. ๒๕๖๖."


def test_digits_pair_by_position_when_word_counts_differ_and_only_with_numbers():
    # tesseract read วันที่ as "JUN": a Latin token, but not where the digit word stands
    words = [ImageWord(0, 10), ImageWord(30, 60), ImageWord(80, 300), ImageWord(420, 425),
             ImageWord(600, 660),
             ImageWord(687, 707, "๑๕", 0.9), ImageWord(723, 836), ImageWord(850, 947, "๒๕๖๔", 0.9)]
    assert (with_digit_words("i, ชร alanoe/oceo@   JUN «๕ ธันวาคม ๒๕๒๕", words)
            == "i, ชร alanoe/oceo@   JUN ๑๕ ธันวาคม ๒๕๖๔")


def test_thai_text_is_never_replaced_by_digits():
    words = [ImageWord(0, 100, "๒๕๖๖", 0.9)]
    assert with_digit_words("ประจำปี", words) == "ประจำปี"


def test_only_words_that_could_replace_a_number_are_matched_by_shape():
    # one word per token: just the number-like token's word
    assert pairable_words("ประจําปีงบประมาณ พ.ศ. ๒๕๒๒๐", [(0, 300), (310, 340), (350, 440)]) == {2}
    assert pairable_words("ประจําปี 12 ๒๕๒๒๐", [(0, 300), (310, 340), (350, 440)]) == {1, 2}
    # counts differ: by position, as with_digit_words pairs them (the digit word at the end)
    spans = [(0, 10), (30, 60), (80, 300), (420, 425), (600, 660), (687, 707), (723, 836),
             (850, 947)]
    text = "i, ชร alanoe/oceo@   JUN «๕ ธันวาคม ๒๕๒๕"
    chosen = pairable_words(text, spans)
    assert {5, 7} <= chosen and 6 not in chosen  # ธันวาคม is no number
    assert pairable_words("เทศบาลตำบลนาม่อง", [(0, 100), (120, 200)]) == set()


@pytest.mark.parametrize("blur", [0, 3])
def test_reread_matches_only_candidates_and_reads_as_a_full_match_would(blur):
    image = _line("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ สำนักปลัด ๒๕๖๖", blur=blur)
    misread = "ประจําปีงบประมาณ พ.ศ. ๒๕๒๒๐ สำนักปลัด Wedd"
    full = with_digit_words(misread, read_words(image))
    assert reread_digits(misread, image) == full == "ประจําปีงบประมาณ พ.ศ. ๒๕๖๖ สำนักปลัด ๒๕๖๖"
    seen = []
    read_words(image, wanted=lambda spans: seen.append(spans) or pairable_words(misread, spans))
    assert len(seen) == 1 and len(pairable_words(misread, seen[0])) < len(seen[0]) / 2
    # a line with no number-like token is left as it is, its image never looked at
    assert reread_digits("สำนักปลัด", np.zeros((0, 0), np.uint8)) == "สำนักปลัด"


def test_a_lone_consonant_in_place_of_a_digit_is_read_by_shape():
    # tesseract's model cannot write ๖ or ๗: an index cell "๖" comes out as "อ", "๗" as "ฒ"
    assert reread_digits("อ", _line("๖", blur=3)) == "๖"
    assert reread_digits("ฒ", _line("๗", blur=3)) == "๗"
    # a letter that is one (ณ, "at") matches its own shape among the rivals and stays
    assert reread_digits("ณ", _line("ณ", blur=3)) == "ณ"
    assert reread_digits("ณ ที่ทำการ", _line("ณ ที่ทำการ", blur=3)) == "ณ ที่ทำการ"
