"""Measure the OCR corrector on the pipeline's own scan output, per rule family.

    ita extract samples/scan --out RAW --no-correct      # OCR'd measures, Unicode repair only
    python -m normalize.eval_scan RAW [--corrected OUT] [--truth samples/truth]

The eval lines of `normalize.eval_correct` are single rendered lines; this reads what the
pipeline really produced from whole scanned pages (cell cropping, table borders, wrapped
lines). Each document of RAW is matched to its truth by input file name (the truth's
`scan.file` or `inputs`, as `../shared/eval/score.py` does), each measure by its number,
and each field to the truth's field: list fields item by item when both have as many
items, else as one text joined by newlines. A field further than `MAX_FIELD_CER` from its
truth is a structure error (a wrong cell, a lost row), not a spelling one, and is counted
apart. The corrector then runs on every remaining field with the document's own context,
as the pipeline runs it, and `eval_correct.score` judges every edit against the truth:
errors present before correction, fixed, and introduced, per family.

With `--corrected OUT` (the same inputs converted with correction on) it also reports the
field CER of the pipeline's corrected output and its corrections.csv rows by rule, so the
two ways of measuring can be compared.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from rapidfuzz.distance import Levenshtein

from ita_core.thai import LIST_FIELDS
from normalize.correct import CorrectionContext, CorrectSettings, family_of
from normalize.eval_correct import SAMPLES, Sample, print_report, score

# Farther than this (per truth character) from its truth, a field was cut or misplaced.
MAX_FIELD_CER = 0.5
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class FieldPair:
    doc: str
    where: str
    ocr: str
    truth: str
    context: CorrectionContext


def _truth_by_input(truth_dir: Path) -> dict[str, dict]:
    """Truth documents by the file name of the scanned input they describe."""
    out = {}
    for path in sorted(truth_dir.glob("*.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        for name in t.get("inputs") or []:
            out[name] = t
        scan = (t.get("scan") or {}).get("file")
        if scan:
            out[scan] = t
    return out


def document_context(doc: dict) -> CorrectionContext:
    """The context `pipelines.assemble` gives the corrector for this document."""
    org = doc.get("organization") or {}
    return CorrectionContext(
        org_names=tuple(n for n in (org.get("name"), org.get("subdistrict")) if n),
        subdistrict=org.get("subdistrict"), district=org.get("district"),
        province=org.get("province"), fiscal_year=doc.get("fiscal_year"))


def _field_texts(m: dict, name: str) -> list[str]:
    if name == "period":
        return [((m.get("period") or {}).get("text")) or ""]
    if name in LIST_FIELDS:
        return [x for x in (m.get(name) or []) if x]
    return [m.get(name) or ""]


def _key(s: str) -> str:
    return _WS.sub("", s)


def field_pairs(out_dir: Path, truth_dir: Path) -> tuple[list[FieldPair], Counter]:
    """Every (OCR field, truth field) pair of the scans in out_dir that has a truth."""
    truths = _truth_by_input(truth_dir)
    pairs: list[FieldPair] = []
    skipped: Counter = Counter()
    for path in sorted((out_dir / "documents").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        name = Path((doc.get("source") or {}).get("path", "")).name
        truth = truths.get(name)
        if truth is None:
            skipped["document without truth"] += 1
            continue
        context = document_context(doc)
        got = {m.get("no"): m for m in doc.get("measures") or []}
        for tm in truth.get("measures") or []:
            pm = got.get(tm["no"])
            if pm is None:
                skipped["measure not found"] += 1
                continue
            for field in ("title", "responsible", "period", *LIST_FIELDS):
                want, have = _field_texts(tm, field), _field_texts(pm, field)
                if not want and not have:
                    continue
                if len(want) != len(have):
                    want, have = ["\n".join(want)], ["\n".join(have)]
                for i, (w, h) in enumerate(zip(want, have), start=1):
                    if not _key(w):
                        continue
                    where = f"{name} measure {tm['no']} / {field} / {i}"
                    cer = Levenshtein.distance(_key(h), _key(w)) / len(_key(w))
                    if cer > MAX_FIELD_CER:
                        skipped["field too far from its truth (structure error)"] += 1
                        continue
                    pairs.append(FieldPair(name, where, h, w, context))
    return pairs, skipped


def _cer(pairs: list[tuple[str, str]]) -> tuple[float, int]:
    dist = chars = 0
    for ocr, truth in pairs:
        dist += Levenshtein.distance(_key(ocr), _key(truth))
        chars += len(_key(truth))
    return dist / max(1, chars), chars


def corrections_by_rule(out_dir: Path) -> Counter:
    path = out_dir / "corrections.csv"
    if not path.exists():
        return Counter()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return Counter(row["rule"] for row in csv.DictReader(fh))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m normalize.eval_scan", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("raw", type=Path, help="output of `ita extract … --no-correct`")
    ap.add_argument("--truth", type=Path, default=SAMPLES / "truth")
    ap.add_argument("--corrected", type=Path, help="output of the same inputs, corrected")
    ap.add_argument("--threshold", type=float, default=CorrectSettings().threshold)
    ap.add_argument("--misses", action="store_true", help="print the fields still wrong")
    args = ap.parse_args(argv)
    settings = CorrectSettings(threshold=args.threshold)

    pairs, skipped = field_pairs(args.raw, args.truth)
    docs = len({p.doc for p in pairs})
    print(f"{len(pairs)} fields of {docs} scanned documents matched to truth; left out: "
          f"{dict(skipped)}")
    samples = [Sample(p.truth, p.ocr, p.context, p.doc) for p in pairs]
    report = score(samples, settings)
    print_report("pipeline scans", report)
    if args.misses:
        from normalize.eval_correct import _unicode_clean
        from normalize.correct import correction_rules
        from normalize.rules import AuditLog, apply_rules

        rules: dict[CorrectionContext, list] = {}
        for p in pairs:
            rules.setdefault(p.context, correction_rules(p.context, settings=settings))
            after = apply_rules(_unicode_clean(p.ocr), rules[p.context], where=p.where,
                                log=AuditLog())
            if _key(after) != _key(p.truth):
                print(f"  MISS {p.where}\n    ocr   {p.ocr!r}\n    after {after!r}\n"
                      f"    truth {p.truth!r}")
    if args.corrected:
        corrected = {p.where: p for p in field_pairs(args.corrected, args.truth)[0]}
        both = [(p, corrected[p.where]) for p in pairs if p.where in corrected]
        before, chars = _cer([(p.ocr, p.truth) for p, _ in both])
        after, _ = _cer([(c.ocr, c.truth) for _, c in both])
        print(f"\n[pipeline output] field CER over the same {chars} truth characters: "
              f"{100 * before:.2f}% (--no-correct) → {100 * after:.2f}% (corrected)")
        by_rule = corrections_by_rule(args.corrected)
        by_family = Counter()
        for rule, n in by_rule.items():
            by_family[family_of(rule)] += n
        print(f"  corrections.csv rows by family: {dict(by_family.most_common())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
