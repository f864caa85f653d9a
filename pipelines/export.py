"""The corpus as analysis tables: pandas DataFrames, DuckDB, Parquet (`ita export`).

Tables: `documents` (one row per record), `measures` (one per measure, as measures.csv),
`items` (one per guideline, step, result or outcome: its measure and position),
`corrections` (as corrections.csv) and `manifest` (as manifest.csv). Everything is rebuilt
from documents/ and manifest.csv, the same sources the CSVs are written from, so the row
counts agree with measures.csv and corrections.csv. DuckDB also gets the views a
dashboard runs: `measures_by_org_fy`, `category_coverage_by_province`,
`correction_rate_by_rule`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.writers import (CORRECTION_COLUMNS, MANIFEST_COLUMNS, MEASURE_COLUMNS,
                               measure_rows, read_csv, read_records)

TABLES = ("documents", "measures", "items", "corrections", "manifest")
ITEM_FIELDS = ("guidelines", "steps", "results", "outcomes")

VIEWS = {
    "measures_by_org_fy": """
        SELECT organization, province, fiscal_year, count(DISTINCT doc_id) AS documents,
               count(*) AS measures
        FROM measures GROUP BY organization, province, fiscal_year
        ORDER BY province, organization, fiscal_year""",
    "category_coverage_by_province": """
        SELECT m.province, m.category, count(*) AS measures,
               count(DISTINCT m.organization) AS organizations,
               round(count(DISTINCT m.organization) * 1.0 / any_value(p.organizations), 3) AS share_of_organizations
        FROM measures m JOIN (SELECT province, count(DISTINCT organization) AS organizations
                              FROM measures GROUP BY province) p USING (province)
        WHERE m.category IS NOT NULL
        GROUP BY m.province, m.category ORDER BY m.province, measures DESC, m.category""",
    "correction_rate_by_rule": """
        SELECT c.rule, count(*) AS corrections, count(DISTINCT c.doc_id) AS documents,
               round(count(*) * 1.0 / (SELECT count(*) FROM documents), 2) AS per_document,
               round(avg(c.score), 3) AS mean_score
        FROM corrections c GROUP BY c.rule ORDER BY corrections DESC, c.rule""",
}


def _document_row(rec: dict) -> dict:
    org = rec.get("organization") or {}
    memo = rec.get("memo") or {}
    src = rec.get("source") or {}
    return {"doc_id": rec["doc_id"], "source_path": src.get("path"), "sha256": src.get("sha256"),
            "pages": src.get("pages"), "kind": src.get("kind"),
            "organization": org.get("name"), "organization_kind": org.get("kind"),
            "subdistrict": org.get("subdistrict"), "district": org.get("district"),
            "province": org.get("province"), "geocode": org.get("geocode"),
            "fiscal_year": rec.get("fiscal_year"), "report_type": rec.get("report_type"),
            "memo_number": memo.get("number"), "memo_date": memo.get("date"),
            "memo_subject": memo.get("subject"), "status": rec.get("status"),
            "measures": len(rec.get("measures", [])), "corrections": rec.get("corrections", 0),
            "warnings": list(rec.get("warnings", []))}


def corpus_tables(out: Path) -> dict[str, pd.DataFrame]:
    """The five tables of a corpus folder as DataFrames (list fields stay lists)."""
    out = Path(out)
    records = read_records(out)
    measures = [row for rec in records for row in measure_rows(rec)]
    items = [{"doc_id": rec["doc_id"], "measure_no": m["no"], "measure_index": k, "field": name,
              "position": i, "text": text}
             for rec in records for k, m in enumerate(rec.get("measures", []), start=1)
             for name in ITEM_FIELDS for i, text in enumerate(m.get(name, []), start=1)]
    corrections = [{"doc_id": rec["doc_id"], **row} for rec in records
                   for row in rec.get("correction_log", [])]
    frames = {
        "documents": pd.DataFrame([_document_row(r) for r in records]),
        "measures": pd.DataFrame(measures, columns=MEASURE_COLUMNS),
        "items": pd.DataFrame(items, columns=["doc_id", "measure_no", "measure_index", "field",
                                              "position", "text"]),
        "corrections": pd.DataFrame(corrections, columns=CORRECTION_COLUMNS),
        "manifest": pd.DataFrame(read_csv(out / "manifest.csv"), columns=MANIFEST_COLUMNS),
    }
    c = frames["corrections"]
    c["page"] = pd.to_numeric(c["page"], errors="coerce").astype("Int64")
    c["score"] = pd.to_numeric(c["score"], errors="coerce")
    m = frames["manifest"]
    for col in ("pages", "seconds"):
        m[col] = pd.to_numeric(m[col], errors="coerce")
    frames["measures"]["fiscal_year"] = frames["measures"]["fiscal_year"].astype("Int64")
    if len(frames["documents"]):
        frames["documents"]["fiscal_year"] = frames["documents"]["fiscal_year"].astype("Int64")
    return frames


def write_parquet(frames: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in frames.items():
        path = folder / f"{name}.parquet"
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)
        paths.append(path)
    return paths


def write_duckdb(frames: dict[str, pd.DataFrame], path: Path) -> None:
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()  # rebuilt whole, like the CSVs
    con = duckdb.connect(str(path))
    try:
        for name, df in frames.items():
            con.register("_frame", df)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
            con.unregister("_frame")
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
    finally:
        con.close()
