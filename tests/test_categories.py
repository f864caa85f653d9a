"""Measure categories: precision on the labelled sample titles, null when unsure."""
from pathlib import Path

from pipelines.categories import CATEGORIES, categorize, evaluate, read_labels

LABELS = read_labels(Path(__file__).parent / "data" / "category_truth.tsv")


def test_labels_use_canonical_categories():
    assert set(LABELS.values()) <= set(CATEGORIES)


def test_precision_on_sample_titles_is_at_least_95_percent():
    result = evaluate(LABELS)
    assert result["assigned"] > 0
    assert result["precision"] >= 0.95, result


def test_titles_naming_no_measure_type_stay_null():
    for title in ("รายงานการประชุมสภาเทศบาล", "ถนนคอนกรีตเสริมเหล็กหมู่ที่ ๓", ""):
        assert categorize(title).name is None, title


def test_ocr_noise_keeps_category():
    # a dropped tone mark and a misread letter
    assert categorize("การปองกันผลประโยชนทับซ้อน").name == "conflict_of_interest"
    assert categorize("การจัดการเรื่องรองเรียนการทุจริต").name == "complaints"


def test_schema_lists_the_same_categories():
    from pipelines.writers import document_schema

    enum = document_schema()["$defs"]["measure"]["properties"]["category"]["enum"]
    assert enum == list(CATEGORIES) + [None]
