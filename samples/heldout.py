"""Held-out scans: the born-digital samples scanned again with degradations drawn at random.

The scans in samples/scan/ were looked at while the scan path was built, so their scores
flatter it. This script draws fresh conditions from a seed — resolution, skew, paper,
noise, blur, JPEG quality, fax-like binarisation, pages fed sideways or upside down,
container — for every born-digital sample, and writes the scans with truth files the
shared scorer reads (`inputs` lists the file, `set` names the group):

    .venv/bin/python samples/heldout.py --seed 7 --out /tmp/ita-heldout
    .venv/bin/ita extract /tmp/ita-heldout/scan --out /tmp/ita-heldout/out
    .venv/bin/python ../shared/eval/score.py /tmp/ita-heldout/out /tmp/ita-heldout

Nothing here is committed output: pick a new seed to get a new set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import scan_report  # noqa: E402  (the same degradations as samples/scan)


def draw_spec(rng: random.Random, pages: int) -> dict:
    """Scanning conditions within the issue's range: 150–300 DPI, skew up to ±3°."""
    spec: dict = {"dpi": rng.choice([150, 200, 200, 300]), "skew": round(rng.uniform(-3, 3), 1)}
    if rng.random() < 0.25:
        spec["binarise"] = rng.choice(["otsu", 160, 175])  # a fax-like page
    else:
        spec.update(paper=rng.randint(228, 250), noise=rng.randint(2, 8),
                    jpeg=rng.randint(40, 70))
        if rng.random() < 0.5:
            spec["gradient"] = rng.randint(5, 18)
        if rng.random() < 0.4:
            spec["blur"] = round(rng.uniform(0.3, 0.9), 1)
    if rng.random() < 0.3:
        spec["rotate"] = {rng.randint(1, pages): rng.choice([90, 180, 270])}
    if rng.random() < 0.3:
        spec["stamp_page"] = 1
    spec["container"] = rng.choice(["pdf", "pdf", "tiff"])
    if "binarise" in spec and spec["container"] == "pdf":
        spec["jpeg"] = 75  # an image-only PDF stores its pages as JPEG
    return spec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1, help="draws the conditions (default 1)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ita-heldout"))
    ap.add_argument("--only", nargs="*", help="doc_id prefixes")
    args = ap.parse_args(argv)

    import pypdfium2

    rng = random.Random(args.seed)
    (args.out / "scan").mkdir(parents=True, exist_ok=True)
    (args.out / "truth").mkdir(parents=True, exist_ok=True)
    for truth_path in sorted((HERE / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if "inputs" in truth:
            continue  # text exports have no printed twin
        doc_id = truth["doc_id"]
        if args.only and not doc_id.startswith(tuple(args.only)):
            continue
        pdf = next((p for p in (HERE / "pdf" / f"{doc_id}.pdf", HERE / "lo" / f"{doc_id}.pdf")
                    if p.exists()), None)
        if pdf is None:
            continue
        pages = len(pypdfium2.PdfDocument(pdf))
        spec = draw_spec(rng, pages)
        name = f"{doc_id}-heldout{args.seed}"
        scan = scan_report(pdf, args.out / "scan", name, spec, seed=rng.randrange(1 << 30))
        truth.update(inputs=[scan["file"]], set=f"heldout-seed{args.seed}", scan=scan)
        (args.out / "truth" / f"{name}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{scan['file']}: {', '.join(scan['degradations'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
