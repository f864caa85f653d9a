"""The corpus on disk, as ../shared/contract.md fixes it.

`documents/<doc_id>.json` per report; `measures.csv` (UTF-8 with BOM), `measures.jsonl`,
`corrections.csv` and `manifest.csv` for the whole folder. Every file is written to a
temporary name and renamed, so a crash never leaves a half-written file. The measure and
correction tables are rebuilt from documents/ (each record carries its audit rows), so
re-running never duplicates and an interrupted batch loses nothing already converted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

from ita_core.model import Document

SCHEMA_VERSION = 1
MEASURE_COLUMNS = ["doc_id", "source_path", "organization", "subdistrict", "district", "province",
                   "geocode", "fiscal_year", "report_type", "no", "title", "guidelines", "steps",
                   "responsible", "responsible_units", "period_text", "period_start", "period_end",
                   "results", "outcomes", "pages", "confidence"]
CORRECTION_COLUMNS = ["doc_id", "page", "where", "before", "after", "rule", "score"]
MANIFEST_COLUMNS = ["path", "sha256", "doc_id", "status", "error", "pages", "kind", "seconds"]
LIST_SEPARATOR = "\n"  # list fields in the CSV: one item per line inside the cell


def document_record(doc: Document) -> dict[str, Any]:
    """The contract's JSON object for one document."""
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "source": asdict(doc.source),
        "organization": asdict(doc.organization),
        "fiscal_year": doc.fiscal_year,
        "report_type": doc.report_type,
        "memo": asdict(doc.memo) if doc.memo else None,
        "measures": [
            {
                "no": m.no, "title": m.title, "guidelines": list(m.guidelines),
                "steps": list(m.steps), "responsible": m.responsible,
                "responsible_units": list(m.responsible_units),
                "period": {"text": m.period.text, "start": m.period.start, "end": m.period.end},
                "results": list(m.results), "outcomes": list(m.outcomes),
                "pages": list(m.pages), "confidence": m.confidence,
            }
            for m in doc.measures
        ],
        "corrections": len(doc.corrections),
        # the audit rows themselves, so the folder's tables can always be rebuilt from
        # documents/ alone (after an interrupted batch, say)
        "correction_log": [{k: v for k, v in row.items() if k != "doc_id"}
                           for row in correction_rows(doc)],
        "warnings": list(doc.warnings),
        "confidence": doc.confidence,
        "status": doc.status,
        "settings": dict(doc.settings),
    }


def measure_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    org = record.get("organization") or {}
    rows = []
    for m in record.get("measures", []):
        rows.append({
            "doc_id": record["doc_id"], "source_path": record["source"]["path"],
            "organization": org.get("name"), "subdistrict": org.get("subdistrict"),
            "district": org.get("district"), "province": org.get("province"),
            "geocode": org.get("geocode"), "fiscal_year": record.get("fiscal_year"),
            "report_type": record.get("report_type"), **m,
            "period_text": m["period"]["text"], "period_start": m["period"]["start"],
            "period_end": m["period"]["end"],
        })
    return rows


def correction_rows(doc: Document) -> list[dict[str, Any]]:
    return [{"doc_id": doc.doc_id, "page": c.page if c.page is not None else "", "where": c.where,
             "before": c.before, "after": c.after, "rule": c.rule, "score": c.score}
            for c in doc.corrections]


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    return json.loads(files("pipelines").joinpath("schema/document.schema.json").read_text("utf-8"))


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_document_json(out: Path, record: dict[str, Any]) -> Path:
    path = out / "documents" / f"{record['doc_id']}.json"
    atomic_write(path, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]], *, bom: bool) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def read_records(out: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted((out / "documents").glob("*.json")):
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # not ours, or damaged: the manifest tells what was converted
    return records


def write_aggregates(out: Path, *, manifest: list[dict[str, Any]]) -> None:
    """Rebuild the folder's tables from documents/ (every document, this run's and
    earlier ones) and merge this run's rows into the manifest (keyed by path)."""
    records = read_records(out)
    measures = [row for rec in records for row in measure_rows(rec)]
    atomic_write(out / "measures.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                 for r in measures).encode("utf-8"))
    atomic_write(out / "measures.csv", _csv_bytes(MEASURE_COLUMNS, measures, bom=True))
    corrections = [{"doc_id": rec["doc_id"], **row} for rec in records
                   for row in rec.get("correction_log", [])]
    atomic_write(out / "corrections.csv", _csv_bytes(CORRECTION_COLUMNS, corrections, bom=True))
    paths = {str(r["path"]) for r in manifest}
    old_manifest = [r for r in read_csv(out / "manifest.csv") if r.get("path") not in paths]
    atomic_write(out / "manifest.csv", _csv_bytes(MANIFEST_COLUMNS, old_manifest + manifest, bom=True))
