"""Thai Unicode repair rules: exact repairs of the broken forms PDFs produce, and zero
edits on correct Thai (every line of the seed report, every PyThaiNLP dictionary word)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize.rules import AuditLog, apply_rules
from normalize.thai_unicode import UNICODE_RULES



def repair(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    log = AuditLog()
    out = apply_rules(text, UNICODE_RULES, where="test", log=log)
    return out, [(c.rule, c.before, c.after) for c in log.corrections]


@pytest.mark.parametrize("broken, fixed, rule", [
    ("การด  าเนิน", "การดำเนิน", "unicode.sara_am"),  # pdfplumber: lost nikhahit became a gap
    ("การด\u0e4dาเนิน", "การดำเนิน", "unicode.sara_am"),  # nikhahit + sara aa glyphs
    ("ตำาบล", "ตำบล", "unicode.sara_am"),  # LibreOffice: ำ and its sara aa glyph
    ("น\u0e4d\u0e49า", "น้ำ", "unicode.sara_am"),
    ("นำ้", "น้ำ", "unicode.sara_am"),
    ("ขัน้", "ขั้น", "unicode.mark_order"),
    ("ขัน้ตอน", "ขั้นตอน", "unicode.mark_order"),
    ("เพ่อื", "เพื่อ", "unicode.mark_order"),
    ("ท่ ี", "ที่", "unicode.mark_order"),
    ("เร่อื ง", "เรื่อง", "unicode.stray_space"),  # LibreOffice layer read in x order
    ("ท ี่", "ที่", "unicode.mark_order"),
    ("ผ\u0e49ูรับผิดชอบ", "ผู้รับผิดชอบ", "unicode.mark_order"),
    ("เเละ", "และ", "unicode.double_e"),
    ("ที่่", "ที่", "unicode.duplicate_mark"),
    ("ผ\uf70bูรับผิดชอบ", "ผู้รับผิดชอบ", "pua"),
    ("ส\uf70aวน", "ส่วน", "pua"),
    ("ป\uf701\uf70a", "ปิ่", "pua"),
    ("ส\uf88bวน", "ส่วน", "pua"),  # Apple's code points for the same glyphs
    ("ป\uf885\uf88a", "ปิ่", "pua"),
    ("\uf89aุ", "ญุ", "pua"),
    ("\uf0b7 ข้อ", "\u2022 ข้อ", "pua"),
    ("\uf0a1\uf0d2", "กา", "pua"),  # symbol-encoded Thai font: TIS-620 byte in U+F0xx
    ("\uf0b7 \uf0a1\uf0d2\uf0c3\uf0b4\uf0d3\uf0e0\uf0b9\uf0d4\uf0b9", "\u2022 การดำเนิน", "pua"),
    ("ขั้น\u200bตอน", "ขั้นตอน", "unicode.zero_width"),
    ("\ufeffบันทึก\u00ad", "บันทึก", "unicode.zero_width"),
    ("Cafe\u0301", "Café", "unicode.nfc"),
])
def test_broken_form_repaired_exactly(broken, fixed, rule):
    out, log = repair(broken)
    assert out == fixed
    assert rule in {name for name, _, _ in log}


def test_repair_is_logged_once_per_change():
    out, log = repair("เทศบาลตำาบลนาม่อง ประจ\u0e4dาปี")
    assert out == "เทศบาลตำบลนาม่อง ประจำปี"
    assert log == [("unicode.sara_am", "ำา", "ำ"), ("unicode.sara_am", "\u0e4dา", "ำ")]


def test_lowered_tone_before_lower_vowel_stays_on_its_consonant():
    # WeasyPrint/Waree: ค + low mai ek (PUA) + sara uu; the tone must not jump to มี.
    out, log = repair("มีค\uf70aูมือ")
    assert out == "มีคู่มือ"
    assert [rule for rule, _, _ in log] == ["pua", "unicode.mark_order"]


def test_sara_am_gap_needs_dictionary_evidence():
    # A gap before sara aa is only closed into ำ when the joined word reads better.
    assert repair("การด  าเนินการ")[0] == "การดำเนินการ"
    assert repair("ก  า")[0] == "ก  า"


def test_stray_space_joins_only_a_cut_off_final():
    # นาย ก (a placeholder name) and ข้อ ก (item ก) are text, not a cut-off final.
    for correct in ["นาย ก ข", "ข้อ ก", "ประเภท ข", "ขั้น ตอน"]:
        assert repair(correct) == (correct, [])


def test_mark_move_across_consonant_needs_dictionary_evidence():
    for correct in ["ไม่มี", "มีน้ำ", "ที่นั่ง", "แม่น้ำ", "ผู้นำ", "เรื่อง"]:
        assert repair(correct) == (correct, [])


def _seed_lines(seed_path: Path) -> list[str]:
    text = seed_path.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "\n", text)
    # The OCR export carries its own damage (cut-off rows end in U+FFFD); keep clean lines.
    return [line.strip() for line in text.splitlines()
            if line.strip() and "\ufffd" not in line]


def test_no_edit_on_seed_report_lines(seed_path):
    lines = _seed_lines(seed_path)
    assert len(lines) > 100
    changed = [(line, log) for line in lines for out, log in [repair(line)] if log]
    assert changed == []


def test_no_edit_on_dictionary_words():
    from pythainlp.corpus import thai_words

    words = sorted(thai_words())  # all ~62k: a couple of seconds
    assert len(words) > 10_000
    changed = [(w, log) for w in words for out, log in [repair(w)] if log]
    assert changed == []


def test_pua_table_matches_tlwg_glyph_names():
    # The TLWG fonts name each PUA glyph after the mark it draws (uni0E49.low_left, ...).
    from fontTools.ttLib import TTFont

    from normalize.thai_unicode import PUA_THAI

    font_path = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")
    if not font_path.exists():
        pytest.skip("fonts-thai-tlwg not installed")
    cmap = TTFont(font_path).getBestCmap()
    named = {cp: chr(int(cmap[cp][3:7], 16)) for cp in PUA_THAI if cmap.get(cp, "").startswith("uni0E")}
    assert len(named) == len(PUA_THAI)
    assert named == PUA_THAI
