"""Extraction and scoring of samples/layouts.py's documents: `ita extract` over them, the
shared scorer's per-document arithmetic, the figures overall, per set and per axis."""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCORE_PY = Path(os.environ.get("ITA_SCORE", "/work/shared/eval/score.py"))


# ---------------------------------------------------------------------------
# extraction and scoring
# ---------------------------------------------------------------------------

def load_scorer():
    import importlib.util
    spec = importlib.util.spec_from_file_location("ita_score", SCORE_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_extract(inputs: list[Path], out: Path, workers: int) -> float:
    ita = Path(sys.executable).parent / "ita"
    cmd = [str(ita) if ita.exists() else "ita", "extract", *map(str, inputs), "--out", str(out),
           "--workers", str(workers), "--quiet"]
    t0 = time.time()
    subprocess.run(cmd, capture_output=True, text=True)
    return time.time() - t0


def read_corpus(out: Path) -> tuple[dict, dict]:
    """{input file name: document record}, {input file name: manifest error}."""
    preds, errors = {}, {}
    for p in sorted((out / "documents").glob("*.json")) if (out / "documents").exists() else []:
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except Exception:
            continue
        preds[Path((d.get("source") or {}).get("path", "")).name] = d
    man = out / "manifest.csv"
    if man.exists():
        with man.open(encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                if row.get("status") == "failed":
                    errors[Path(row["path"]).name] = row.get("error", "")
    return preds, errors


def score_doc(sc, truth: dict, pred: dict | None) -> dict:
    """The scorer's own per-document arithmetic (score.py's field_text and Levenshtein)."""
    pms = {m.get("no"): m for m in ((pred or {}).get("measures") or []) if isinstance(m, dict)}
    edits = chars = 0
    tnos = {tm["no"] for tm in truth["measures"]}
    for tm in truth["measures"]:
        pm = pms.get(tm["no"])
        for f in sc.FIELDS:
            tt, pt = sc.field_text(tm, f), sc.field_text(pm, f)
            edits += sc.Levenshtein.distance(pt, tt)
            chars += len(tt)
    for no, pm in pms.items():
        if no not in tnos:
            edits += sum(len(sc.field_text(pm, f)) for f in sc.FIELDS)
    count_ok = pred is not None and len(pms) == len(truth["measures"])
    warned = bool((pred or {}).get("warnings"))
    return {"count_ok": count_ok, "edits": edits, "chars": chars, "cer": edits / max(1, chars),
            "failed": pred is None, "warned": warned,
            "silent": pred is not None and not count_ok and not warned,
            "n_true": len(truth["measures"]), "n_pred": len(pms)}


def figures(rows: list[dict]) -> dict:
    if not rows:
        return {"docs": 0}
    cers = sorted(r["cer"] for r in rows)
    p90 = cers[min(len(cers) - 1, int(round(0.9 * (len(cers) - 1))))]
    return {"docs": len(rows), "count_ok": round(sum(r["count_ok"] for r in rows) / len(rows), 3),
            "cer_median": round(statistics.median(cers), 4), "cer_p90": round(p90, 4),
            "cer_overall": round(sum(r["edits"] for r in rows) / max(1, sum(r["chars"] for r in rows)), 4),
            "silent": sum(r["silent"] for r in rows), "failed": sum(r["failed"] for r in rows)}


def per_axis(rows: list[dict], axes: dict) -> dict:
    table: dict = {}
    for axis in axes:
        vals: dict = {}
        for r in rows:
            vals.setdefault(str(r["layout"][axis]), []).append(r)
        table[axis] = {v: figures(rs) for v, rs in sorted(vals.items())}
    return table


def fmt(f: dict) -> str:
    if not f.get("docs"):
        return "no documents"
    return (f"{f['docs']:4d} docs  count right {100 * f['count_ok']:5.1f}%  CER median {100 * f['cer_median']:6.2f}%"
            f"  p90 {100 * f['cer_p90']:6.2f}%  overall {100 * f['cer_overall']:6.2f}%"
            f"  silent {f['silent']}  failed {f['failed']}")


def print_report(summary: dict) -> None:
    print(f"\nseed {summary['seed']}  (replay: --seed {summary['seed']})")
    for name, f in summary["sets"].items():
        print(f"{name:14s} {fmt(f)}")
    print("(count right: share of documents with the measure count right; CER: field CER per document,"
          " overall = all edits / all truth characters; silent: wrong count and no warning; failed: no output)")
    for name, table in summary["per_axis"].items():
        print(f"\nper axis, {name}:")
        for axis, vals in table.items():
            for v, f in vals.items():
                print(f"  {axis:15s} {v:26s} {fmt(f)}")
    if summary["errors"]:
        print("\nextraction errors:")
        for msg, k in sorted(summary["errors"].items(), key=lambda x: -x[1]):
            print(f"  {k:4d}  {msg}")
    if summary["truth_problems"]:
        print(f"\ntruth check: {len(summary['truth_problems'])} documents with a truth string not found in their"
              " PDF's text layer (WeasyPrint's TLWG text layers misread some marks, e.g. ู as ้: see samples/README.md)")
    if summary["render_errors"]:
        print("\nrender errors (not scored):")
        for doc_id, msg in summary["render_errors"].items():
            print(f"  {doc_id}: {msg}")


def score_set(docs: list[dict], out: Path, axes: dict, *, seed: int, n: int, n_scans: int,
              render_errors: dict, truth_problems: dict) -> dict:
    """Score every rendered document's inputs against its truth: the run's summary."""
    sc = load_scorer()
    preds, errs = read_corpus(out / "out-born")
    if n_scans:
        p2, e2 = read_corpus(out / "out-scan")
        preds.update(p2)
        errs.update(e2)
    rows = []
    error_counts: dict[str, int] = {}
    for d in docs:
        if "pdf" not in d:
            continue
        truth = json.loads((out / "truth" / f"{d['doc_id']}.json").read_text(encoding="utf-8"))
        for name, set_name in truth["inputs"].items():
            r = score_doc(sc, truth, preds.get(name))
            r.update(doc_id=d["doc_id"], input=name, set=set_name, layout=d["lay"],
                     error=errs.get(name, ""), warnings=(preds.get(name) or {}).get("warnings", []))
            if r["failed"]:
                msg = errs.get(name) or "no output"
                error_counts[msg] = error_counts.get(msg, 0) + 1
            rows.append(r)
    born = [r for r in rows if not r["set"].endswith("scan")]
    scans = [r for r in rows if r["set"].endswith("scan")]
    sets = {"born-digital": figures(born)}
    for route in axes["route"]:
        sets[f"{route}"] = figures([r for r in born if r["set"] == route])
    if scans:
        sets["scans"] = figures(scans)
        for route in axes["route"]:
            sets[f"{route}-scan"] = figures([r for r in scans if r["set"] == f"{route}-scan"])
    return {"seed": seed, "n": n, "scans": len(scans), "sets": sets,
            "per_axis": {"born-digital": per_axis(born, axes),
                         **({"scans": per_axis(scans, axes)} if scans else {})},
            "per_axis_by_route": {route: per_axis([r for r in rows if r["set"] == route], axes)
                                  for route in (*axes["route"], *(f"{x}-scan" for x in axes["route"]))},
            "errors": error_counts, "render_errors": render_errors, "truth_problems": truth_problems,
            "documents": [{k: r[k] for k in ("doc_id", "input", "set", "count_ok", "n_true", "n_pred",
                                             "cer", "failed", "silent", "error", "warnings")}
                          for r in rows]}
