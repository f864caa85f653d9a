"""Report text that a spreadsheet would run as a formula is quoted in the CSVs (OWASP),
kept raw in the JSON, and read back unquoted (`ita extract --review`)."""
import csv
import json

from pipelines.cli import main
from pipelines.csvsafe import escape, unescape
from pipelines.review import read_review, summarize, write_review_template

FORMULA = '=HYPERLINK("http://x","y")'


def raw_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_escape_is_inverted_exactly():
    for text in (FORMULA, "+1", "-", "@SUM(A1)", "\tx", "\rx", "'quoted", "''", "สำนักปลัด", ""):
        assert unescape(escape(text)) == text
    for text in (FORMULA, "+1", "-สำนักปลัด", "@x", "\tx", "\rx"):
        assert escape(text).startswith("'")
    assert escape("สำนักปลัด") == "สำนักปลัด" and escape(3) == 3


def test_formula_cell_of_a_report_is_quoted_in_csv_raw_in_json(tmp_path, seed_path):
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.count("\t") >= 5 and "<p>สำนักปลัด</p>" in ln)
    cells = lines[k].split("\t")
    cells[2] = f"<p>{FORMULA}</p>"  # the responsible cell
    lines[k] = "\t".join(cells)
    report = tmp_path / "evil.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(report), "--out", str(out), "--workers", "1", "-q"]) == 0

    record = json.loads(next((out / "documents").glob("*.json")).read_text(encoding="utf-8"))
    assert any(m["responsible"] == FORMULA for m in record["measures"])  # JSON keeps it raw
    rows = raw_rows(out / "measures.csv")
    cells_written = [v for r in rows for v in r.values()]
    assert "'" + FORMULA in cells_written
    # no cell of either table opens with a formula trigger
    for name in ("measures.csv", "corrections.csv", "manifest.csv"):
        for r in raw_rows(out / name):
            for v in r.values():
                assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), (name, v)


def test_review_csv_round_trips_quoted_pairs(tmp_path):
    out = tmp_path / "corpus"
    out.mkdir()
    with open(out / "corrections.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "page", "where", "before", "after", "rule", "score"])
        w.writerow(["abcdefabcdef", "1", "measure 1 / steps / 1", "'" + FORMULA, "'-x", "lexicon", "0.9"])
    _, pairs = summarize(out)
    assert (pairs[0].before, pairs[0].after) == (FORMULA, "-x")
    review = tmp_path / "review.csv"
    write_review_template(review, pairs)
    text = review.read_text(encoding="utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in text
    rows = raw_rows(review)
    rows[0]["decision"] = "reject"
    with open(review, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert read_review(review).rejected == {(FORMULA, "-x")}
