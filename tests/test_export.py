"""`ita export` and `pipelines.api`: the tables' row counts equal the corpus CSVs."""
import csv
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.api import convert, load_corpus
from pipelines.cli import main

SAMPLES = Path(__file__).parent.parent / "samples"


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("export-corpus")
    result = convert([SAMPLES / "export"], out, workers=1)
    assert not result.failed
    return out


def test_duckdb_and_parquet_row_counts_equal_the_csvs(corpus, tmp_path):
    db, pq_dir = tmp_path / "corpus.duckdb", tmp_path / "parquet"
    assert main(["export", str(corpus), "--duckdb", str(db), "--parquet", str(pq_dir)]) == 0
    n_measures, n_corrections = len(rows(corpus / "measures.csv")), len(rows(corpus / "corrections.csv"))
    assert n_measures > 0 and n_corrections > 0
    con = duckdb.connect(str(db), read_only=True)
    count = lambda t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
    assert count("measures") == n_measures
    assert count("corrections") == n_corrections
    assert count("manifest") == len(rows(corpus / "manifest.csv"))
    assert count("documents") == len(list((corpus / "documents").glob("*.json")))
    n_items = con.execute("SELECT count(*) FROM items").fetchone()[0]
    csv_items = sum(len([x for x in r[f].split("\n") if x]) for r in rows(corpus / "measures.csv")
                    for f in ("guidelines", "steps", "results", "outcomes") if r[f])
    assert n_items == csv_items
    assert pq.read_table(pq_dir / "measures.parquet").num_rows == n_measures
    assert pq.read_table(pq_dir / "corrections.parquet").num_rows == n_corrections
    by_org = con.execute("SELECT sum(measures) FROM measures_by_org_fy").fetchone()[0]
    assert by_org == n_measures
    by_rule = dict(con.execute("SELECT rule, corrections FROM correction_rate_by_rule").fetchall())
    assert sum(by_rule.values()) == n_corrections
    coverage = con.execute("SELECT province, category, measures FROM category_coverage_by_province").fetchall()
    assert coverage and all(c is not None for _, c, _ in coverage)


def test_load_corpus_returns_the_same_tables(corpus):
    tables = load_corpus(corpus)
    assert set(tables) == {"documents", "measures", "items", "corrections", "manifest"}
    assert len(tables["measures"]) == len(rows(corpus / "measures.csv"))
    assert len(tables["corrections"]) == len(rows(corpus / "corrections.csv"))


def test_export_needs_a_corpus(tmp_path):
    assert main(["export", str(tmp_path), "--duckdb", str(tmp_path / "x.duckdb")]) == 2
