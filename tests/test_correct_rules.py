"""Each correction rule alone: its module's `find(text, ctx)` on a case of its own, so a
failing test names the rule (the `rule` column of corrections.csv) it tests."""

from __future__ import annotations

import pytest

from normalize.correct import (ORDER, CorrectionContext, compound, digits, document, latin,
                               layout, lexicon, marks, phrase, place, text_context)
from normalize.correct.context import Proposal
from normalize.rules import resolve

NA_MONG = CorrectionContext(org_names=("เทศบาลตำบลนาม่อง",), subdistrict="นาม่อง",
                            district="กุดบาก", province="สกลนคร", fiscal_year=2566)


@pytest.fixture(scope="module")
def doc():
    return document(NA_MONG)


def pairs(find, text, doc) -> list[tuple[str, str]]:
    return [(p.before, p.after) for p in find(text, text_context(text, doc))]


def test_every_rule_is_run_once_in_a_fixed_order():
    names = [name for name, _ in ORDER]
    assert len(names) == len(set(names)) == 10
    assert names[0] == digits.ABBREVIATION and names[-1] == lexicon.NAME


def test_ocr_confusion_abbreviation(doc):
    assert pairs(digits.find_abbreviation, "ระหว่าง ต.ค. ๖๕ - กุย. ๖๖", doc) == [("กุย.", "ก.ย.")]


def test_ocr_confusion_layout(doc):
    assert pairs(layout.find, "| จัดทำประกาศ |", doc) == [("| ", ""), (" |", "")]
    assert pairs(layout.find, "รหัส (017) ตามแบบ", doc) == [("017", "OIT")]


def test_ocr_confusion_latin(doc):
    assert pairs(latin.find, "No Gift Policy Was เผยแพร่ประกาศ", doc) == [("Was", "และ")]


def test_ocr_confusion_digits(doc):
    # the fiscal year 2566 decides the period's years
    assert pairs(digits.find, "ต.ค. ๒๕ - ก.ย. ๖๖", doc) == [("๒๕", "๖๕")]


def test_gazetteer_place(doc):
    assert pairs(place.find, "ตั้งอยู่ตำบลนาม่วง", doc) == [("นาม่วง", "นาม่อง")]


def test_phrase(doc):
    found = pairs(phrase.find, "มาตรการส่งเสริมคุณธรรมและความโปร่งไสภายในหน่วยงาน", doc)
    assert found == [("ความโปร่งไส", "ความโปร่งใส")]


def test_ocr_confusion_token_fix(doc):
    assert pairs(lexicon.find_confusion, "ให้บุคล่ากรทราบ", doc) == [("บุคล่ากร", "บุคลากร")]
    assert pairs(lexicon.find, "ให้บุคล่ากรทราบ", doc) == []  # an OCR confusion alone


def test_ocr_confusion_compound(doc):
    assert pairs(compound.find, "การจัดชื่อจัดจ้าง", doc) == [("จัดชื่อ", "จัดซื้อ")]


def test_ocr_confusion_marks(doc):
    assert pairs(marks.find, "ในเรืองการจัดซื้อ", doc) == [("เรือง", "เรื่อง")]


def test_rules_find_nothing_in_clean_text(doc):
    text = "ประกาศเจตนารมณ์การต่อต้านการทุจริตของเทศบาลตำบลนาม่อง ประจำปี พ.ศ. ๒๕๖๖"
    for name, find in ORDER:
        assert find(text, text_context(text, doc)) == [], name


def test_the_one_resolver_keeps_the_best_of_overlapping_proposals():
    a = Proposal(0, 5, "xxxxx", "a", 0.9)
    b = Proposal(3, 8, "xxxxx", "b", 0.95)
    c = Proposal(8, 10, "xx", "c", 0.5)
    insert_at_c = Proposal(8, 8, "", "d", 0.99)
    assert resolve([a, b, c], lambda p: -p.score) == [b, c]
    # an insertion holds its position: it and a replacement starting there cannot both apply
    assert resolve([a, c, insert_at_c], lambda p: -p.score) == [a, insert_at_c]
    assert resolve([a, b, c], lambda p: (p.start, -p.end)) == [a, c]
