"""Per-stage timings: recorded per page and per document, written to OUT/stats.jsonl,
and never part of the corpus record."""
import json
import time
from pathlib import Path

import jsonschema
import numpy as np

from extract import timing
from ita_core.model import Page
from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings
from pipelines.writers import document_schema
from pipelines.stats import STATS_FILE, read_stats, stage_totals

EXPORT = Path(__file__).parent.parent / "samples" / "export" / "na-mong-2566-export.txt"
STAGE_NAMES = {"rasterise", "text_layer", "prepare", "orientation", "deskew+grid", "unruled",
               "ocr", "digit_reread", "text_outside", "text_export", "assembly",
               "gazetteer", "metadata", "correction", "other"}


def test_nested_stages_are_exclusive_and_add_up():
    started = time.perf_counter()
    with timing.recording() as rec:
        with timing.stage("outer"):
            time.sleep(0.02)
            with timing.stage("inner"):
                time.sleep(0.03)
        time.sleep(0.01)
    total = time.perf_counter() - started
    # tolerance: sleeps overshoot by a few ms on a loaded machine
    assert 0.03 <= rec.seconds["inner"] < 0.03 + 0.02
    assert 0.02 <= rec.seconds["outer"] < 0.02 + 0.02  # the inner 0.03 s is not counted twice
    assert 0.01 <= rec.seconds[timing.OTHER]
    assert abs(sum(rec.seconds.values()) - total) < 0.005


def test_stage_outside_a_recorder_records_nothing():
    with timing.stage("ocr"):
        pass  # no error, nothing current to record into
    assert timing._current.get() is None


def test_recorded_page_function_carries_its_stages():
    @timing.recorded
    def read(n):
        with timing.stage("ocr"):
            time.sleep(0.01)
        return Page(n, "ocr")

    page = read(3)
    stages = dict(page.stats)
    assert stages["ocr"] >= 0.01 and timing.OTHER in stages
    merged = timing.with_stats(page, (("rasterise", 0.5), ("ocr", 1.0)))
    assert dict(merged.stats)["rasterise"] == 0.5
    assert dict(merged.stats)["ocr"] == round(stages["ocr"] + 1.0, 4)


def test_blank_page_records_prepare_stage():
    from extract.ocr import ocr_page

    page = ocr_page(np.full((400, 300), 255, np.uint8), page_number=1, image_dpi=100)
    assert page.kind == "empty"
    assert "prepare" in dict(page.stats)


def _keys(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from _keys(v)


def _values(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _values(v)
    elif isinstance(value, list):
        for v in value:
            yield from _values(v)
    else:
        yield value


def test_batch_writes_stats_apart_from_the_corpus(tmp_path):
    out = tmp_path / "corpus"
    result = convert_batch([EXPORT], out, ConvertSettings(workers=1))
    assert [o.status for o in result.outcomes] == ["ok"]
    [row] = read_stats(out)
    assert row["path"] == str(EXPORT) and row["kind"] == "text_export"
    assert row["started_at"] < row["finished_at"] <= time.time()
    assert row["document"]["correction"] > 0 and "assembly" in row["document"]
    assert row["pages"][0]["stages"]["text_export"] > 0
    assert set(row["document"]) | {k for p in row["pages"] for k in p["stages"]} <= STAGE_NAMES
    # document stages cover the document's assembly: they cannot exceed the file's time
    assert sum(row["document"].values()) <= row["seconds"]
    pages, docs = stage_totals([row])
    assert docs["correction"] == row["document"]["correction"] and "text_export" in pages

    [doc_path] = (out / "documents").glob("*.json")
    record = json.loads(doc_path.read_text(encoding="utf-8"))
    assert not {"stats", "stages"} & set(_keys(record))
    # nothing beyond the schema's own fields at the top or in a measure
    schema = document_schema()
    assert set(record) <= set(schema["properties"])
    jsonschema.validate(record, schema)
    assert not any(str(v) == str(row["seconds"]) for v in _values(record))
    header = (out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "path,sha256,doc_id,status,error,pages,kind,seconds"

    # a second run merges by path: one row per file, not two
    convert_batch([EXPORT], out, ConvertSettings(workers=1, force=True))
    assert len(read_stats(out)) == 1
    assert (out / STATS_FILE).exists()
