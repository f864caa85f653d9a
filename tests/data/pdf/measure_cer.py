"""Measure character error rate of the PDF text layer reader on the sample reports.

Run: .venv/bin/python tests/data/pdf/measure_cer.py [samples/truth]
For every truth JSON with a PDF beside it (samples/pdf, samples/lo), reads the PDF with
`extract.pdf.read_text_layer_pages`, repairs cell and line text with UNICODE_RULES, and
aligns each truth string (measure titles, list items, responsible units) to the text
read, whitespace ignored: CER = edit distance / truth characters. Also reports the
same for pdfplumber's own reading (`extract_tables` column by column, then
`extract_text`) and pypdfium2's text page, unrepaired and repaired, as the baseline
this reader replaces.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from extract.pdf import read_text_layer_pages  # noqa: E402
from normalize.rules import AuditLog, apply_rules  # noqa: E402
from normalize.thai_unicode import UNICODE_RULES  # noqa: E402


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def truth_strings(truth: dict) -> list[str]:
    out = []
    for m in truth.get("measures", []):
        out.append(m["title"])
        for key in ("guidelines", "steps", "results", "outcomes", "responsible_units"):
            out.extend(m.get(key, []))
    return [_squash(s) for s in out if s.strip()]


def cer_against(read: str, wanted: list[str]) -> float:
    """Each truth string against its best-aligned stretch of the text read."""
    errors = total = 0
    for s in wanted:
        hit = fuzz.partial_ratio_alignment(s, read)
        got = read[hit.dest_start:hit.dest_end] if hit else ""
        errors += Levenshtein.distance(s, got)
        total += len(s)
    return errors / max(total, 1)


def repair(text: str) -> str:
    return apply_rules(text, UNICODE_RULES, where="measure", log=AuditLog())


def ours(pdf: Path) -> str | None:
    """Text read, column by column across pages, so a cell split by a page break is
    contiguous; None when no page has a text layer (a scan)."""
    lines: list[str] = []
    columns: dict[int, list[str]] = {}
    pages = list(read_text_layer_pages(pdf))
    if all(p.kind == "empty" for p in pages):
        return None
    header: set[str] = set()
    for page in pages:
        lines.extend(page.lines)
        for table in page.tables:
            if not header:  # the first table's header row (two rows when grouped)
                grouped = any(c.row == 0 and c.col_span > 1 for c in table.cells)
                header = {c.text for c in table.cells if c.row == 0 or (grouped and c.row == 1)}
                header_rows = 2 if grouped else 1
                repeated = False
            else:
                repeated = {c.text for c in table.cells if c.row == 0} <= header
            for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
                if repeated and cell.row < header_rows and cell.text in header:
                    continue  # header rows repeated on each page would split items
                columns.setdefault(cell.col, []).append(cell.text)
    parts = lines + [text for col in sorted(columns) for text in columns[col]]
    return _squash(repair("\n".join(parts)))


def plumber(pdf: Path) -> str:
    """pdfplumber's own reading: its ruled tables column by column, then the page text."""
    columns: dict[int, list[str]] = {}
    texts = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    for col, text in enumerate(row):
                        columns.setdefault(col, []).append(text or "")
            texts.append(page.extract_text() or "")
    return _squash("\n".join([t for col in sorted(columns) for t in columns[col]] + texts))


def pdfium(pdf: Path) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return _squash("\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    finally:
        doc.close()


def main(truth_dir: Path) -> None:
    print(f"{'sample':36} {'engine':11} {'font':10} {'ours':>7} {'plumber':>8} {'+rules':>7} "
          f"{'pdfium':>7} {'+rules':>7}")
    for path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(path.read_text())
        render = truth.get("render") or {}
        pdfs = [p for d in ("pdf", "lo") for p in (truth_dir.parent / d).glob(f"{path.stem}.pdf")]
        if not pdfs or not render:
            continue
        wanted = truth_strings(truth)
        raw_plumber, raw_pdfium = plumber(pdfs[0]), pdfium(pdfs[0])
        read = ours(pdfs[0])
        if read is None:
            print(f"{path.stem:36} no text layer (scan): every page goes to OCR")
            continue
        row = [cer_against(read, wanted), cer_against(raw_plumber, wanted),
               cer_against(_squash(repair(raw_plumber)), wanted), cer_against(raw_pdfium, wanted),
               cer_against(_squash(repair(raw_pdfium)), wanted)]
        print(f"{path.stem:36} {render.get('engine', '?'):11} {render.get('font', '?'):10} "
              + " ".join(f"{100 * v:6.2f}%" for v in row))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "truth")
