"""Provenance: each measure's title and list items carry the page and cell box they came from."""
import json
from pathlib import Path

import jsonschema

from pipelines.api import convert
from pipelines.writers import document_schema

SAMPLES = Path(__file__).parent.parent / "samples"


def test_born_digital_items_carry_page_and_box(tmp_path):
    out = tmp_path / "out"
    result = convert([SAMPLES / "pdf" / "s01-namong-results-2566.pdf"], out, workers=1)
    assert not result.failed
    record = json.loads(next((out / "documents").glob("*.json")).read_text(encoding="utf-8"))
    jsonschema.validate(record, document_schema())
    pages = record["source"]["pages"]
    for m in record["measures"]:
        prov = m["provenance"]
        assert prov["title"]["page"] in m["pages"]
        for name in ("guidelines", "steps", "results", "outcomes"):
            assert len(prov[name]) == len(m[name]), (m["no"], name)
            for src in prov[name]:
                assert 1 <= src["page"] <= pages and src["unit"] == "pt"
                x0, y0, x1, y1 = src["bbox"]
                assert 0 <= x0 < x1 and 0 <= y0 < y1 <= 1000  # inside an A4 page in points
