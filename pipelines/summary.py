"""A one-screen summary of a corpus folder (what `make demo` prints)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pipelines.writers import read_csv


DOUBTFUL = 0.8  # a document below this confidence shows its warnings in the summary


def _confidence(record: dict) -> float:
    """The document's confidence; a record written before it existed: its least sure measure."""
    if "confidence" in record:
        return float(record["confidence"])
    return min([1.0] + [float(m.get("confidence", 1.0)) for m in record.get("measures", ())])


def summary_text(out: Path) -> str:
    manifest = read_csv(out / "manifest.csv")
    corrections = read_csv(out / "corrections.csv")
    docs = []
    for p in sorted((out / "documents").glob("*.json")):
        docs.append(json.loads(p.read_text(encoding="utf-8")))
    status = Counter(r["status"] for r in manifest)
    kinds = Counter(d["source"]["kind"] for d in docs)
    measures = sum(len(d["measures"]) for d in docs)
    lines = [
        f"corpus: {out.resolve()}",
        f"  documents/  {len(docs)} document(s) ({', '.join(f'{n} {k}' for k, n in kinds.most_common()) or 'none'})",
        f"  measures.csv, measures.jsonl  {measures} measure(s)",
        f"  corrections.csv  {len(corrections)} correction(s) "
        f"({', '.join(f'{n} {r}' for r, n in Counter(c['rule'] for c in corrections).most_common(6))})",
        f"  manifest.csv  {len(manifest)} input(s): "
        + ", ".join(f"{n} {s}" for s, n in status.most_common()),
        "",
        f"  {'doc_id':12}  {'kind':11} {'FY':>4} {'type':8} {'measures':>8} {'conf':>5}  organization",
    ]
    # the doubtful documents first: least sure structure, then most warnings
    docs.sort(key=lambda d: (_confidence(d), -len(d.get("warnings") or ()), d["doc_id"]))
    for d in docs:
        org = d.get("organization") or {}
        lines.append(f"  {d['doc_id']:12}  {d['source']['kind']:11} {d.get('fiscal_year') or '-':>4} "
                     f"{d.get('report_type') or '-':8} {len(d['measures']):>8} {_confidence(d):5.2f}  "
                     f"{org.get('name') or '?'} ({org.get('district') or '?'}, {org.get('province') or '?'})")
        if _confidence(d) < DOUBTFUL:
            for w in d.get("warnings") or ():
                lines.append(f"  {'':12}    ! {w}")
    failed = [r for r in manifest if r["status"] == "failed"]
    if failed:
        lines.append("")
        lines.append(f"  failures ({len(failed)}):")
        for r in failed:
            lines.append(f"    {r['path']}: {r['error']}")
    return "\n".join(lines)
