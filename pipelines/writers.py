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
from contextlib import contextmanager
from dataclasses import asdict
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from ita_core.model import Document
from pipelines.csvsafe import escape, unescape_row

SCHEMA_VERSION = 1
MEASURE_COLUMNS = ["doc_id", "source_path", "organization", "subdistrict", "district", "province",
                   "geocode", "fiscal_year", "report_type", "no", "title", "guidelines", "steps",
                   "responsible", "responsible_units", "period_text", "period_start", "period_end",
                   "results", "outcomes", "pages", "confidence", "category", "category_score"]
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
                **_category_fields(m.title),
                "provenance": _provenance(m),
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


def _source(page: int, box) -> dict[str, Any]:
    return {"page": page,
            "bbox": [round(v, 2) for v in (box.x0, box.y0, box.x1, box.y1)] if box else None,
            "unit": box.unit if box else None}


def _provenance(m) -> dict[str, Any]:
    """Additive to schema 1: where the title and each list item were read (page and the
    box of its cell; `unit` pt for a text layer, px of the OCR'd page image). A field
    whose item count changed in normalization (an item emptied) is left out, not guessed."""
    out: dict[str, Any] = {}
    for name, sources in m.sources:
        items = [m.title] if name == "title" else list(getattr(m, name))
        if len(sources) == len(items):
            out[name] = _source(*sources[0]) if name == "title" else [_source(*s) for s in sources]
    return out


def _category_fields(title: str) -> dict[str, Any]:
    """Additive to schema 1: the canonical ITA category (null below the threshold)."""
    from pipelines.categories import categorize

    c = categorize(title)
    return {"category": c.name, "category_score": c.score}


def measure_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    org = record.get("organization") or {}
    rows = []
    for m in record.get("measures", []):
        rows.append({
            "doc_id": record["doc_id"], "source_path": record["source"]["path"],
            "organization": org.get("name"), "subdistrict": org.get("subdistrict"),
            "district": org.get("district"), "province": org.get("province"),
            "geocode": org.get("geocode"), "fiscal_year": record.get("fiscal_year"),
            "report_type": record.get("report_type"),
            **{k: v for k, v in m.items() if k != "provenance"},  # boxes live in the JSON
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
    return list(_iter_csv(path))  # cells as written, unquoted


def _csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]], *, bom: bool) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: escape(_cell(row.get(k))) for k in columns})
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def iter_records(out: Path) -> Iterator[dict[str, Any]]:
    """The folder's document records, one at a time (a corpus of any size in flat memory)."""
    for path in sorted((out / "documents").glob("*.json")):
        try:
            yield json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours, or damaged: the manifest tells what was converted


def read_records(out: Path) -> list[dict[str, Any]]:
    return list(iter_records(out))


@contextmanager
def atomic_text(path: Path) -> Iterator[IO[str]]:
    """A text file written row by row to a temporary name, renamed into place when the
    block ends (removed if it raises): atomic like atomic_write, without the whole file in
    memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _csv_writer(fh: IO[str], columns: list[str], *, bom: bool):
    if bom:
        fh.write("\ufeff")
    writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    return lambda row: writer.writerow({k: escape(_cell(row.get(k))) for k in columns})


def write_aggregates(out: Path, *,
                     manifest: Iterable[dict[str, Any]] | Callable[[], Iterable[dict[str, Any]]]) -> None:
    """Rebuild the folder's tables from documents/ (every document, this run's and
    earlier ones), one record at a time, and merge this run's rows into the manifest
    (keyed by path). `manifest` is this run's rows, or a function that yields them afresh
    (a batch's rows are read back from disk, twice: for their paths, then to write them)."""
    with atomic_text(out / "measures.jsonl") as jsonl, \
            atomic_text(out / "measures.csv") as measures_csv, \
            atomic_text(out / "corrections.csv") as corrections_csv:
        measure_row = _csv_writer(measures_csv, MEASURE_COLUMNS, bom=True)
        correction_row = _csv_writer(corrections_csv, CORRECTION_COLUMNS, bom=True)
        for rec in iter_records(out):
            for row in measure_rows(rec):
                jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
                measure_row(row)
            for row in rec.get("correction_log", []):
                correction_row({"doc_id": rec["doc_id"], **row})
    rows = manifest if callable(manifest) else (lambda listed=list(manifest): listed)
    paths = {str(r["path"]) for r in rows()}
    old = out / "manifest.csv"
    with atomic_text(old) as fh:  # an earlier run's rows first, then this run's, row by row
        manifest_row = _csv_writer(fh, MANIFEST_COLUMNS, bom=True)
        for row in _iter_csv(old):
            if row.get("path") not in paths:
                manifest_row(row)
        for row in rows():
            manifest_row(row)


def _iter_csv(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a CSV file we wrote, one at a time, cells as written (unquoted)."""
    if not path.exists():
        return
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield unescape_row(row)
