"""samples/layouts.py, the random-layout benchmark: it draws every value of every axis, and
what it renders comes with truth that the scorer reads and the corpus schema accepts.
No extraction and no score thresholds here: the figures are the benchmark's to print."""

import hashlib
import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import layouts  # noqa: E402

from pipelines.writers import document_schema  # noqa: E402

SEED = 20261201


def test_every_axis_value_is_drawn():
    docs = layouts.draw_set(SEED, 80)
    fonts = set(layouts.available_fonts())
    for axis, values in layouts.AXES.items():
        wanted = {v for v in values if axis != "font" or v in fonts}
        seen = {d["lay"][axis] for d in docs}
        assert seen == wanted, f"{axis}: never drawn {wanted - seen}"
    # the forms under the title axis: both placements of the label and of the index column,
    # and mixed documents really mix
    forms = {f for d in docs for f in d["grid"]["forms"]}
    assert {"row", "cell", "label-row", "label-cell", "index-row", "index-cell"} <= forms
    mixed = [d for d in docs if d["lay"]["title_form"] == "mixed"]
    assert mixed and all(len(set(d["grid"]["forms"])) == 2 for d in mixed)
    # extra columns land in more than one position, and period comes before responsible
    extra_pos = {d["grid"]["cols"].index(x) for d in docs for x in ("budget", "note") if x in d["grid"]["cols"]}
    assert len(extra_pos) >= 3
    pf = [d["grid"]["cols"] for d in docs if d["lay"]["columns"] == "period-first"]
    assert pf and all(c.index("period") < c.index("responsible") for c in pf)


def test_the_same_seed_draws_the_same_set():
    a, b = layouts.draw_set(7, 5), layouts.draw_set(7, 5)
    assert [d["lay"] for d in a] == [d["lay"] for d in b]
    assert [d["measures"] for d in a] == [d["measures"] for d in b]
    assert [d["lay"] for d in a] != [d["lay"] for d in layouts.draw_set(8, 5)]


def test_no_item_of_a_measure_is_lost_in_the_grid():
    """Every truth string is printed in some cell of the grid (with its marker), in order."""
    for d in layouts.draw_set(SEED, 40):
        printed = [t for row in d["grid"]["rows"] for c in row["cells"] for t, _b, _i in c["paras"]]
        joined = "\n".join(printed)
        for m in d["measures"]:
            assert m["title"] in joined
            for f in ("guidelines", "steps", "results", "outcomes"):
                if f in d["grid"]["cols"]:
                    for text in m[f]:
                        assert any(p.endswith(text) for p in printed), (d["doc_id"], f, text)
                else:
                    assert not m[f]


def contract_record(truth: dict, pdf: Path) -> dict:
    memo = None
    if truth["memo"]["present"]:
        memo = {k: truth["memo"][k] for k in ("number", "date", "subject", "signer", "position")}
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return {"schema_version": 1, "doc_id": sha[:12],  # the corpus names documents by content
            "source": {"path": pdf.name, "sha256": sha,
                       "pages": 1, "kind": "text_layer"},
            "organization": truth["organization"], "fiscal_year": truth["fiscal_year"],
            "report_type": truth["report_type"], "memo": memo,
            "measures": [{**m, "confidence": 1.0} for m in truth["measures"]],
            "corrections": 0, "warnings": []}


@pytest.mark.parametrize("route", ["weasy", "word"])
def test_render_only_writes_pdfs_and_valid_truth(tmp_path, route):
    if route == "word" and not shutil.which("soffice"):
        pytest.skip("the Word route needs soffice (Debian libreoffice-writer-nogui)")
    out = tmp_path / "lay"
    assert layouts.main(["--n", "2", "--no-scans", "--render-only", "--seed", "5",
                         "--only-route", route, "--out", str(out)]) == 0
    score = layouts.load_scorer()
    truths = sorted((out / "truth").glob("*.json"))
    assert len(truths) == 2
    for tp in truths:
        truth = json.loads(tp.read_text(encoding="utf-8"))
        (name, set_name), = truth["inputs"].items()
        assert set_name == route
        pdf = out / route / name
        assert pdf.read_bytes()[:5] == b"%PDF-"
        jsonschema.validate(contract_record(truth, pdf), document_schema())
        # the scorer reads every field of every measure, and the set is scored against itself exactly
        for m in truth["measures"]:
            assert all(isinstance(score.field_text(m, f), str) for f in score.FIELDS)
            assert m["pages"], f"measure {m['no']} placed on no page"
        r = layouts.score_doc(score, truth, {"measures": truth["measures"], "warnings": []})
        assert r["count_ok"] and r["edits"] == 0 and r["chars"] > 0
        assert layouts.score_doc(score, truth, None)["failed"]
        # what the truth says is printed is in the PDF's text layer
        assert layouts.gen.check_truth_against_pdf(truth, pdf) == []
