"""OCR tier, end to end: scanned samples through `convert_batch` against their truth JSON.

Three scans that exercise different parts of the scan path: s07 (a memo page, then a
landscape table with an index column, 150 DPI), s11 (a one-page 1-bit PNG fed upside
down), s12 (measure title rows the grid cuts into pieces, a report title repeated over
the header). Scored like the born-digital golden tests, with the shared scorer's field
text (whitespace and list markers dropped).

Tolerances: Tesseract on degraded scans is not exact. Document-level facts (organization,
measure numbers, report type) must be right; the field character error rate after
correction must stay within MAX_FIELD_CER per document (measured 2026-11-26: 0.6–2.3 %
on these three; see README "Figures").
"""
import json
from pathlib import Path

import pytest

from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings
from test_golden_samples import SAMPLES, field_errors, scorer

pytestmark = pytest.mark.ocr

SCANS = ("s07-maekhaotom-measures-2565", "s11-sila-measures-2566", "s12-pakphraek-results-2565")
MAX_FIELD_CER = 0.04


def truth(doc_id: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{doc_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("scan-golden")
    inputs = [SAMPLES / "scan" / truth(d)["scan"]["file"] for d in SCANS]
    convert_batch(inputs, out, ConvertSettings(workers=2))
    docs = {}
    for p in (out / "documents").glob("*.json"):
        d = json.loads(p.read_text(encoding="utf-8"))
        docs[Path(d["source"]["path"]).name] = d
    return docs


@pytest.mark.parametrize("doc_id", SCANS)
def test_scanned_document_facts(corpus, doc_id):
    t = truth(doc_id)
    d = corpus.get(t["scan"]["file"])
    assert d is not None, f"{t['scan']['file']} was not converted"
    assert d["source"]["kind"] == "ocr"  # every page OCR'd: no text layer
    assert d["organization"]["name"] == t["organization"]["name"]
    assert d["organization"]["geocode"] == t["organization"]["geocode"]
    assert d["report_type"] == t["report_type"]
    assert [m["no"] for m in d["measures"]] == [m["no"] for m in t["measures"]]


@pytest.mark.parametrize("doc_id", SCANS)
def test_scanned_field_character_error_rate(corpus, doc_id):
    t = truth(doc_id)
    edits, chars = field_errors(scorer(), t, corpus.get(t["scan"]["file"], {}).get("measures", []))
    assert edits / chars <= MAX_FIELD_CER, f"{doc_id}: field CER {edits / chars:.4f}"
