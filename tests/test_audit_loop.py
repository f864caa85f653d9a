"""Every change that reaches the corpus goes through the one rules loop: it has a
corrections row, and an auditor who rejects its pair gets the text as it was read.

Covers the text rules, the gazetteer fixes (`gazetteer.<level>`) and the measure
renumbering (`structure.renumber`)."""
from dataclasses import replace

import pytest

from extract.measures import measures_with_marks
from extract.rows import stitch_rows
from ita_core.model import ExtractedDocument, Page, Source
from normalize.gazetteer import resolve_organization
from normalize.rules import Review
from normalize.text import repair_unicode_only
from pipelines.assemble import build_document
from pipelines.jobs import read_text_job
from test_measures import HEADER4, table

SOURCE = Source(path="x", sha256="0" * 64, pages=1, kind="text_layer")
FIELDS = ("title", "guidelines", "steps", "results", "outcomes", "responsible")
# the index column says ๑ ๒ ๒: the third is a misread ๓ (it does not move forward)
MISREAD_INDEX = [["ที่"] + HEADER4,
                 ["๑", "การเปิดเผยข้อมูล\n๑. เผยแพร่ข้อมูล", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"],
                 ["๒", "การใช้อำนาจ\n๑. ประกาศเจตนารมณ์", "จัดประชุม", "กองคลัง", "ม.ค. ๖๖"],
                 ["๒", "การรับสินบน\n๑. อบรมบุคลากร", "อบรม", "กองช่าง", "มี.ค. ๖๖"]]


def _renumber_document() -> ExtractedDocument:
    page = Page(1, "text_layer", lines=("มาตรการส่งเสริมคุณธรรม เทศบาลตำบลนาม่อง",),
                tables=(table(1, MISREAD_INDEX),))
    return ExtractedDocument((page,), "text_layer")


def _build(extracted, review=None):
    return build_document(doc_id="0123456789ab", source=SOURCE, extracted=extracted,
                          review=review)


def _reject_everything(extracted):
    """Reject every logged pair until nothing changes (a rejected edit can uncover
    another); return the final document and the rejected pairs."""
    rejected: set[tuple[str, str]] = set()
    for _ in range(6):
        doc = _build(extracted, Review(rejected=set(rejected)))
        pairs = {(c.before, c.after) for c in doc.corrections}
        if not pairs:
            return doc, rejected
        assert not pairs <= rejected, f"rejected pairs still applied: {pairs & rejected}"
        rejected |= pairs
    pytest.fail("rejecting every logged pair never reached a document without changes")


def _as_read(extracted):
    tables = [t for p in extracted.pages for t in p.tables]
    return [m for m, _, _ in measures_with_marks(stitch_rows(tables))]


@pytest.fixture(scope="module")
def seed_extracted(seed_path):
    return read_text_job(str(seed_path))


@pytest.mark.parametrize("which", ["seed", "renumbered"])
def test_rejecting_every_logged_pair_gives_the_document_as_read(which, request):
    """Had any change bypassed the loop, it would survive rejecting every logged pair."""
    extracted = (request.getfixturevalue("seed_extracted") if which == "seed"
                 else _renumber_document())
    corrected = _build(extracted)
    assert corrected.corrections  # there is something to reject
    doc, _ = _reject_everything(extracted)
    read = _as_read(extracted)
    assert [m.no for m in doc.measures] == [m.printed_no or m.no for m in read]
    for got, raw in zip(doc.measures, read, strict=True):
        for name in FIELDS:
            assert getattr(got, name) == getattr(raw, name), (got.no, name)
        assert got.period.text == raw.period.text
    lines = [repair_unicode_only(ln) for p in extracted.pages for ln in p.lines]
    assert doc.organization.name == resolve_organization(lines).mentioned_name


def test_renumbering_is_a_logged_rule_an_auditor_can_reject():
    doc = _build(_renumber_document())
    assert [m.no for m in doc.measures] == [1, 2, 3]
    [row] = [c for c in doc.corrections if c.rule == "structure.renumber"]
    assert (row.where, row.before, row.after, row.page) == ("measure 3 / no", "2", "3", 1)
    kept = _build(_renumber_document(), Review(rejected={("2", "3")}))
    assert [m.no for m in kept.measures] == [1, 2, 2]  # as printed, and the check says so
    assert "measure 2 appears twice" in kept.warnings
    assert not any(c.rule == "structure.renumber" for c in kept.corrections)


def test_a_number_printed_right_leaves_no_row():
    rows = [MISREAD_INDEX[0], MISREAD_INDEX[1], MISREAD_INDEX[2],
            ["๓", *MISREAD_INDEX[3][1:]]]
    page = replace(_renumber_document().pages[0], tables=(table(1, rows),))
    doc = _build(ExtractedDocument((page,), "text_layer"))
    assert [m.no for m in doc.measures] == [1, 2, 3]
    assert not any(c.rule == "structure.renumber" for c in doc.corrections)


def test_gazetteer_fixes_are_logged_rules(seed_extracted):
    doc = _build(seed_extracted)
    rows = {(c.where, c.before, c.after, c.rule) for c in doc.corrections
            if c.rule.startswith("gazetteer.")}
    assert rows == {
        ("organization", "เทศบาลตำบลนาม่วง", "เทศบาลตำบลนาม่อง", "gazetteer.subdistrict"),
        ("organization.district", "กุตุบกา", "กุดบาก", "gazetteer.district"),
        ("organization.district", "กุศุดบาก", "กุดบาก", "gazetteer.district")}


def test_a_rejected_name_fix_keeps_the_name_as_written_and_leaves_the_subdistrict_unknown(
        seed_extracted):
    doc = _build(seed_extracted, Review(rejected={("เทศบาลตำบลนาม่วง", "เทศบาลตำบลนาม่อง")}))
    org = doc.organization
    assert org.name == "เทศบาลตำบลนาม่วง"
    assert (org.subdistrict, org.geocode) == (None, None)  # never the misspelling
    assert (org.district, org.province) == ("กุดบาก", "สกลนคร")
    wheres = [c.where for c in doc.corrections if c.rule.startswith("gazetteer.")]
    assert wheres == ["organization.district", "organization.district"]


def test_a_rejected_district_fix_drops_the_district_and_what_was_resolved_from_it(
        seed_extracted):
    doc = _build(seed_extracted, Review(rejected={("กุศุดบาก", "กุดบาก")}))
    org = doc.organization
    assert (org.district, org.subdistrict, org.geocode) == (None, None, None)
    assert org.province == "สกลนคร" and org.name == "เทศบาลตำบลนาม่วง"
    # the other district mention's fix does not stand either, nor the name's below it
    assert not [c for c in doc.corrections if c.rule.startswith("gazetteer.")]
