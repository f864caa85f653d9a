"""Golden tests: born-digital samples and text exports against their truth JSON.

Scored with the project's shared scorer (../shared/eval/score.py): field character error
rate after whitespace and list markers are dropped, so layout spacing does not count but
every letter, mark and digit does.
"""
import importlib.util
import json
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
BORN_DIGITAL = ("pdf", "lo", "pdf-pua", "export")
# The goal for born-digital PDFs is 0.2 %; text exports carry no OCR noise of
# their own (the seed's OCR errors are corrected to the truth), so they must be exact.
MAX_FIELD_CER = {"pdf": 0.002, "lo": 0.002, "pdf-pua": 0.002, "export": 0.0}


def scorer():
    if not SCORER.exists():
        pytest.fail(f"the shared scorer is missing: {SCORER}")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def field_errors(score, truth: dict, measures: list[dict]) -> tuple[int, int]:
    """(edits, truth characters) of a document's measures, by the shared scorer's fields."""
    by_no = {m["no"]: m for m in measures}
    edits = chars = 0
    for tm in truth["measures"]:
        for f in score.FIELDS:
            truth_text = score.field_text(tm, f)
            edits += Levenshtein.distance(score.field_text(by_no.get(tm["no"]), f), truth_text)
            chars += len(truth_text)
    return edits, chars


def truths() -> dict[str, tuple[str, dict]]:
    """Input file name → (folder, truth)."""
    out = {}
    for path in sorted((SAMPLES / "truth").glob("*.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        if "inputs" in t:
            for name in t["inputs"]:
                out[name] = ("export", t)
            continue
        for folder in ("pdf", "lo"):
            if (SAMPLES / folder / f"{t['doc_id']}.pdf").exists():
                out[f"{t['doc_id']}.pdf"] = (folder, t)
        if (SAMPLES / "pdf-pua" / f"{t['doc_id']}-pua.pdf").exists():
            out[f"{t['doc_id']}-pua.pdf"] = ("pdf-pua", t)
    return out


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    inputs = [SAMPLES / f for f in BORN_DIGITAL]
    missing = [str(p) for p in inputs if not p.exists()]
    assert not missing, f"sample folders missing (run samples/generate.py): {missing}"
    convert_batch(inputs, out, ConvertSettings(workers=2, ocr=False))
    return out


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    docs = {}
    for p in (corpus_dir / "documents").glob("*.json"):
        d = json.loads(p.read_text(encoding="utf-8"))
        docs[Path(d["source"]["path"]).name] = d
    # an empty or partial corpus must fail here, not pass every test below vacuously
    expected = set(truths())
    assert docs and expected, "the born-digital samples converted to no documents"
    assert expected <= set(docs), sorted(expected - set(docs))
    return docs


def test_documents_validate_against_the_schema(corpus):
    from pipelines.writers import document_schema
    import jsonschema

    for record in corpus.values():
        jsonschema.validate(record, document_schema())


def test_no_spelling_correction_on_correct_printed_text(corpus_dir, corpus):
    """Born-digital samples print correct Thai: after the Unicode repair of their text layer
    any OCR/lexicon/phrase/place correction is a false positive."""
    import csv

    born_digital = {d["doc_id"] for name, d in corpus.items() if not name.endswith((".txt", ".html", ".md"))}
    with open(corpus_dir / "corrections.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["doc_id"] in born_digital]
    allowed = ("unicode.", "pua", "format.")
    false_positives = [(r["where"], r["before"], r["after"], r["rule"]) for r in rows
                       if not r["rule"].startswith(allowed)]
    assert false_positives == []


CASES = sorted(truths().items())


def test_there_are_samples_of_every_born_digital_kind():
    kinds = {folder for folder, _ in truths().values()}
    assert {"pdf", "lo", "pdf-pua", "export"} <= kinds
    assert len(CASES) >= 10


@pytest.mark.parametrize("name, case", CASES, ids=[n for n, _ in CASES])
def test_document_metadata(corpus, name, case):
    folder, t = case
    assert name in corpus, f"{name} was not converted"
    d = corpus[name]
    org = d["organization"]
    assert (org["name"], org["district"], org["province"], org["geocode"]) == (
        t["organization"]["name"], t["organization"]["district"],
        t["organization"]["province"], t["organization"]["geocode"])
    assert d["fiscal_year"] == t["fiscal_year"]
    assert d["report_type"] == t["report_type"]
    assert [m["no"] for m in d["measures"]] == [m["no"] for m in t["measures"]]
    if t["memo"]["present"]:
        assert d["memo"] and d["memo"]["date"] == t["memo"]["date"]
    for pm, tm in zip(d["measures"], t["measures"], strict=False):
        assert (pm["period"]["start"], pm["period"]["end"]) == (tm["period"]["start"], tm["period"]["end"])


@pytest.mark.parametrize("kind", list(MAX_FIELD_CER))
def test_field_character_error_rate(corpus, kind):
    score = scorer()
    edits = chars = 0
    worst = []
    for name, (folder, t) in CASES:
        if folder != kind:
            continue
        doc_edits, doc_chars = field_errors(score, t, corpus.get(name, {}).get("measures", []))
        edits, chars = edits + doc_edits, chars + doc_chars
        worst.append((round(doc_edits / max(1, doc_chars), 4), name))
    assert chars, f"no samples of kind {kind}"
    cer = edits / chars
    assert cer <= MAX_FIELD_CER[kind], f"{kind}: field CER {cer:.4f}; per document {sorted(worst)[::-1]}"
