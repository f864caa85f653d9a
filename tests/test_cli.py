"""The `ita` command end to end on text inputs: contract files, exit codes, bad inputs, re-runs."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pipelines.cli import main
from pipelines.writers import document_schema

ITA = [sys.executable, "-m", "pipelines.cli"]


def run_cli(*args, cwd=None):
    return subprocess.run(ITA + [str(a) for a in args], capture_output=True, text=True,
                          cwd=cwd or Path(__file__).parent.parent, timeout=300)


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("seed-corpus")
    proc = run_cli("extract", seed_path, "--out", out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    return out, proc


def test_seed_writes_every_contract_file(seed_corpus):
    out, proc = seed_corpus
    for name in ("measures.csv", "measures.jsonl", "corrections.csv", "manifest.csv"):
        assert (out / name).exists(), name
    assert (out / "measures.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert "Traceback" not in proc.stderr


def test_seed_document_validates_against_the_schema(seed_corpus):
    out, _ = seed_corpus
    [path] = list((out / "documents").glob("*.json"))
    record = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(record, document_schema())
    assert record["source"]["kind"] == "text_export"
    assert path.stem == record["doc_id"]


def test_seed_metadata_matches_the_issue(seed_corpus):
    out, _ = seed_corpus
    [path] = list((out / "documents").glob("*.json"))
    d = json.loads(path.read_text(encoding="utf-8"))
    assert d["organization"] == {"name": "เทศบาลตำบลนาม่อง", "kind": "เทศบาลตำบล",
                                 "subdistrict": "นาม่อง", "district": "กุดบาก",
                                 "province": "สกลนคร", "geocode": "470303"}
    assert d["fiscal_year"] == 2566 and d["report_type"] == "results"
    assert d["memo"]["date"] == "2024-04-01"
    assert [m["no"] for m in d["measures"]] == [1, 2, 3, 4, 5, 6, 7]
    assert all((m["period"]["start"], m["period"]["end"]) == ("2022-10", "2023-09")
               for m in d["measures"])
    assert d["measures"][0]["responsible_units"] == ["สำนักปลัด", "หน่วยตรวจสอบภายใน"]


def test_seed_corrections_are_logged(seed_corpus):
    out, _ = seed_corpus
    rows = read_rows(out / "corrections.csv")
    pairs = {(r["before"], r["after"]) for r in rows}
    assert ("กุศุดบาก", "กุดบาก") in pairs and ("กุตุบกา", "กุดบาก") in pairs
    assert ("เทศบาลตำบลนาม่วง", "เทศบาลตำบลนาม่อง") in pairs
    d = json.loads(next((out / "documents").glob("*.json")).read_text(encoding="utf-8"))
    assert d["corrections"] == len(rows)
    text = json.dumps(d["measures"], ensure_ascii=False)
    for wrong in ("มีอึดัยคัย", "การค้าชู้ตักัน", "กรใช้อำนาจ"):
        assert wrong not in text
    for right in ("มีอัธยาศัย", "การขัดกันระหว่างผลประโยชน์", "การใช้อำนาจ", "เฟสบุ๊ก"):
        assert right in text


def test_measures_tables_agree(seed_corpus):
    out, _ = seed_corpus
    csv_rows = read_rows(out / "measures.csv")
    jsonl = [json.loads(x) for x in (out / "measures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(csv_rows) == len(jsonl) == 7
    assert [r["title"] for r in csv_rows] == [r["title"] for r in jsonl]


def test_rerun_skips_then_force_rewrites_without_duplicates(tmp_path, seed_path):
    out = tmp_path / "corpus"
    assert main(["extract", str(seed_path), "--out", str(out), "--workers", "1", "-q"]) == 0
    first = read_rows(out / "measures.csv")
    assert main(["extract", str(seed_path), "--out", str(out), "--workers", "1", "-q"]) == 0
    assert read_rows(out / "manifest.csv")[0]["status"] == "skipped"
    assert main(["extract", str(seed_path), "--out", str(out), "--workers", "1", "--force", "-q"]) == 0
    assert read_rows(out / "measures.csv") == first
    assert len(list((out / "documents").glob("*.json"))) == 1
    assert len(read_rows(out / "manifest.csv")) == 1


def test_bad_inputs_fail_alone_with_a_plain_sentence(tmp_path, seed_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "letter.pdf").write_text("นี่ไม่ใช่ PDF", encoding="utf-8")
    (inputs / "noise.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10)
    (inputs / "binary.dat.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "notes.txt").write_text("บันทึกการประชุม\nไม่มีตารางมาตรการ\n", encoding="utf-8")
    (inputs / "seed.txt").write_bytes(seed_path.read_bytes())
    out = tmp_path / "out"
    proc = run_cli("extract", inputs, "--out", out, "--workers", "2")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    manifest = {Path(r["path"]).name: r for r in read_rows(out / "manifest.csv")}
    assert manifest["seed.txt"]["status"] == "ok"
    assert manifest["empty.pdf"]["error"] == "file is empty"
    assert "not a PDF" in manifest["letter.pdf"]["error"]
    assert manifest["notes.txt"]["error"].startswith("no ITA measure table found: ")
    for name in ("empty.pdf", "letter.pdf", "noise.png", "binary.dat.txt", "notes.txt"):
        row = manifest[name]
        assert row["status"] == "failed", name
        assert row["error"] and "\n" not in row["error"] and "Traceback" not in row["error"]
    assert len(list((out / "documents").glob("*.json"))) == 1
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_usage_errors_exit_2(tmp_path, seed_path):
    assert run_cli("extract", "--out", tmp_path / "o").returncode == 2  # no inputs
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("extract", seed_path, "--out", blocker / "sub")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert run_cli("extract", tmp_path / "missing.pdf", "--out", tmp_path / "o").returncode == 2


def test_no_progress_bar_when_not_a_terminal(seed_corpus):
    _, proc = seed_corpus
    assert "pages" not in proc.stderr and "━" not in proc.stderr


def test_summary_and_corrections_commands(seed_corpus, tmp_path):
    out, _ = seed_corpus
    proc = run_cli("summary", out)
    assert proc.returncode == 0 and "7 measure(s)" in proc.stdout
    review = tmp_path / "review.csv"
    proc = run_cli("corrections", out, "--review-file", review)
    assert proc.returncode == 0 and "gazetteer.district" in proc.stdout
    rows = read_rows(review)
    assert {"rule", "before", "after", "count", "decision"} <= set(rows[0])


def test_review_rejections_are_never_applied(seed_corpus, tmp_path, seed_path):
    out, _ = seed_corpus
    review = tmp_path / "review.csv"
    assert main(["corrections", str(out), "--review-file", str(review)]) == 0
    rows = read_rows(review)
    target = next(r for r in rows if r["before"] == "มีอึดัยคัย")
    for r in rows:
        r["decision"] = "reject" if r is target else "accept"
    with open(review, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out2 = tmp_path / "reviewed"
    assert main(["extract", str(seed_path), "--out", str(out2), "--workers", "1", "-q",
                 "--review", str(review)]) == 0
    text = (out2 / "measures.jsonl").read_text(encoding="utf-8")
    assert "มีอึดัยคัย" in text and "มีอัธยาศัย" not in text
    pairs = {(r["before"], r["after"]) for r in read_rows(out2 / "corrections.csv")}
    assert ("มีอึดัยคัย", "มีอัธยาศัย") not in pairs
    assert ("การค้าชู้ตักัน", "การขัดกัน") in pairs  # accepted pairs still apply


def test_bad_review_file_is_a_usage_error(tmp_path, seed_path):
    review = tmp_path / "review.csv"
    review.write_text("before,after,decision\nก,ข,maybe\n", encoding="utf-8")
    assert main(["extract", str(seed_path), "--out", str(tmp_path / "o"), "--workers", "1",
                 "-q", "--review", str(review)]) == 2


def test_tables_are_rebuilt_from_documents_after_an_interruption(tmp_path, seed_path):
    out = tmp_path / "corpus"
    assert main(["extract", str(seed_path), "--out", str(out), "--workers", "1", "-q"]) == 0
    measures, corrections = read_rows(out / "measures.csv"), read_rows(out / "corrections.csv")
    # as if the batch had died after writing the document but before the tables
    (out / "measures.csv").unlink()
    (out / "corrections.csv").write_text("", encoding="utf-8")
    assert main(["extract", str(seed_path), "--out", str(out), "--workers", "1", "-q"]) == 0
    assert read_rows(out / "manifest.csv")[0]["status"] == "skipped"
    assert read_rows(out / "measures.csv") == measures
    assert read_rows(out / "corrections.csv") == corrections
