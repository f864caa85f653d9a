"""`ita pages`: what the reader saw on each page of any Thai document, ITA or not.

For each input it writes `<doc_id>.pages.json` — `{"source": {...}, "pages": [...]}`,
each page with its number, kind (`text_layer`, `ocr`, `text_export`, or `empty` when
nothing could be read), confidence, warnings, lines and tables (every cell with its
row, column, spans, box and text) — and `<doc_id>.md`, the repaired text with tables in
Markdown. Pages are read exactly as `ita extract` reads them (a missing, garbage or
unmapped text layer is OCR'd), and the text goes through the same logged repair
(`normalize.text.TextNormalizer`), so every changed character is a row of
`corrections.csv` in the output folder, with the columns `ita extract` writes.
This is how an auditor checks what a page said, and how a layout is debugged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ita_core.model import BBox, Page
from normalize.rules import AuditLog
from normalize.text import TextNormalizer
from pipelines.settings import ConvertSettings


def repair_page_texts(texts: Sequence[str], *, page: int, log: AuditLog,
                      where: str = "page {page} / {i}", correct: bool = False) -> list[str]:
    """The logged repair of a page's texts (Unicode and layout repair; OCR/lexicon
    correction too when `correct`); every change is appended to `log`."""
    norm = TextNormalizer(correct=correct, log=log)
    return [norm(t, where=where.format(page=page, i=i), page=page)
            for i, t in enumerate(texts, start=1)]


@dataclass
class PagesResult:
    path: Path
    doc_id: str = ""
    error: str = ""
    pages: int = 0
    corrections: list[dict[str, Any]] = field(default_factory=list)


def read_pages(path: Path, settings: ConvertSettings) -> tuple[Any, list[Page]]:
    """The input's `InputFile` and its pages, read as `ita extract` reads them (a table
    continued on an OCR'd page without its header takes the page before's columns)."""
    from extract.ocr_structure import carry_columns
    from pipelines import jobs
    from pipelines.inputs import sniff

    item = sniff(path)
    if item.kind == "text":
        return item, list(jobs.read_text_job(str(path)).pages)
    if item.kind == "image":
        job = jobs.PageJob(str(path), "image", ())
    else:
        count = jobs.pdf_page_count(str(path))
        job = jobs.PageJob(str(path), "pdf", tuple(range(1, count + 1)), total=count)
    return item, list(carry_columns(jobs.run_page_job(job, settings)))


def _box(box: BBox | None) -> dict[str, Any] | None:
    if box is None:
        return None
    return {"x0": round(box.x0, 2), "y0": round(box.y0, 2), "x1": round(box.x1, 2),
            "y1": round(box.y1, 2), "unit": box.unit, "origin": box.origin.value}


def page_record(page: Page, norm: TextNormalizer) -> dict[str, Any]:
    """One page as JSON, its texts repaired through `norm` (which logs every change)."""
    n = page.number
    lines = [norm(t, where=f"page {n} / line {i}", page=n) for i, t in enumerate(page.lines, 1)]
    tables = []
    for t_i, table in enumerate(page.tables, start=1):
        cells = [{"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span,
                  "box": _box(c.bbox), "confidence": round(c.confidence, 3),
                  "text": norm(c.text, where=f"page {n} / table {t_i} / r{c.row} c{c.col}", page=n)}
                 for c in table.cells]
        tables.append({"n_rows": table.n_rows, "n_cols": table.n_cols, "box": _box(table.bbox),
                       "spans_known": table.spans_known, "cells": cells})
    return {"number": n, "kind": page.kind, "confidence": round(page.confidence, 3),
            "warnings": list(page.warnings) + [i.sentence for i in page.issues], "lines": [ln for ln in lines if ln], "tables": tables}


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>").strip()


def table_markdown(table: dict[str, Any]) -> str:
    """A pipe table; a merged cell's text stands at its first position, the rest empty."""
    n_rows, n_cols = table["n_rows"], table["n_cols"]
    if not n_rows or not n_cols:
        return ""
    grid = [[""] * n_cols for _ in range(n_rows)]
    for c in table["cells"]:
        if 0 <= c["row"] < n_rows and 0 <= c["col"] < n_cols:
            grid[c["row"]][c["col"]] = _md_cell(c["text"])
    out = ["| " + " | ".join(grid[0]) + " |", "|" + "---|" * n_cols]
    out += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return "\n".join(out)


def document_markdown(source: dict[str, Any], pages: Iterable[dict[str, Any]]) -> str:
    parts = [f"# {Path(source['path']).name}", ""]
    for p in pages:
        parts.append(f"## page {p['number']} ({p['kind']}, confidence {p['confidence']:.2f})")
        parts.append("")
        parts.extend(f"> {w}" for w in p["warnings"])
        if p["warnings"]:
            parts.append("")
        parts.extend(p["lines"])
        for t in p["tables"]:
            parts += ["", table_markdown(t)]
        parts.append("")
    return "\n".join(parts)


def write_pages(path: Path, out: Path, settings: ConvertSettings) -> PagesResult:
    """Read one input and write its `.pages.json` and `.md` into `out`."""
    from pipelines.writers import atomic_write

    result = PagesResult(path=path)
    item, pages = read_pages(path, settings)
    result.doc_id, result.pages = item.doc_id, len(pages)
    norm = TextNormalizer(correct=settings.correct)
    records = [page_record(p, norm) for p in pages]
    from pipelines.jobs import source_kind

    source = {"path": str(path), "sha256": item.sha256, "pages": len(pages),
              "kind": source_kind(pages), "doc_id": item.doc_id}
    atomic_write(out / f"{item.doc_id}.pages.json",
                 json.dumps({"source": source, "pages": records}, ensure_ascii=False,
                            indent=1).encode("utf-8"))
    atomic_write(out / f"{item.doc_id}.md", document_markdown(source, records).encode("utf-8"))
    result.corrections = [{"doc_id": item.doc_id, "page": c.page, "where": c.where,
                           "before": c.before, "after": c.after, "rule": c.rule, "score": c.score}
                          for c in norm.log.corrections]
    return result


def run_pages(inputs: Iterable[str | Path], out: Path, settings: ConvertSettings) -> list[PagesResult]:
    """Every input in turn; a file that fails is reported, never stops the others.
    `corrections.csv` in `out` lists the repairs of all of them."""
    from pipelines.inputs import iter_input_paths
    from pipelines.writers import CORRECTION_COLUMNS, _csv_bytes, atomic_write

    results = []
    for path in iter_input_paths(inputs):
        try:
            results.append(write_pages(path, out, settings))
        except Exception as exc:  # typed extract errors carry one plain sentence
            results.append(PagesResult(path=path, error=str(exc).strip() or type(exc).__name__))
    rows = [row for r in results for row in r.corrections]
    atomic_write(out / "corrections.csv", _csv_bytes(CORRECTION_COLUMNS, rows, bom=True))
    return results
