"""Measure the OCR corrector: precision and recall per rule family, and zero-change on clean text.

    python -m normalize.eval_correct [--lines N] [--threshold T] [--workers N] [--samples F]

1. Clean text: the corrected seed (samples/ita_content.py), the sample pool and every
   samples/truth/*.json measure field. The corrector runs over each; any change there is a
   false positive.
2. A labelled OCR set: clean lines are rendered with the TLWG Thai fonts, degraded (low
   resolution, blur, noise, JPEG), read back by tesseract `tha` one line at a time and
   paired with their truth. Lines from the seed form the `dev` half (the ITA lexicon was
   written from the seed); all other lines form the `test` half, which tuned nothing.
3. Every edit a rule proposes on an OCR line is judged alone against the truth: right if it
   brings the line closer to the truth (whitespace ignored: spacing is layout, not spelling).
   Errors are the differing regions between OCR (after the Unicode stage, which runs
   first) and truth; one is fixed when, after correction, the truth's span of it comes
   out exactly. CER is over whitespace-free text, before and after correction.

Nothing generated is written into the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz.distance import Levenshtein

from ita_core.thai import THAI_LETTERS

from normalize.correct import (CorrectionContext, CorrectSettings, FAMILIES,
                               correction_rules, family_of)
from normalize.lexicon import ita_phrases, ita_words
from normalize.rules import AuditLog, Rule, non_overlapping, apply_rules

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
TESSDATA = "/usr/share/tesseract-ocr/5/tessdata"
FONTS = ("Garuda.ttf", "Loma.ttf", "Norasi.ttf", "Kinnari.ttf", "Laksaman.ttf",
         "Sawasdee.ttf", "Umpush.ttf", "Waree.ttf", "TlwgTypo.ttf")
SEED_CONTEXT = CorrectionContext(org_names=("เทศบาลตำบลนาม่อง",), subdistrict="นาม่อง",
                                 district="กุดบาก", province="สกลนคร", fiscal_year=2566)
MAX_LINE_CHARS = 48
_THAI = re.compile(f"[{THAI_LETTERS}]")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class CleanText:
    text: str
    context: CorrectionContext
    source: str  # "seed", "pool" or a truth file name

    @property
    def split(self) -> str:
        return "dev" if self.source == "seed" else "test"


# --- clean text ---------------------------------------------------------------------------

def _load_content():
    path = SAMPLES / "ita_content.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("_ita_content", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _strings(obj) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


def _fill(s: str) -> str:
    return (s.replace("{org}", "เทศบาลตำบลนาม่อง").replace("{fy1}", "2565")
            .replace("{fy}", "2566").replace("{}", ""))


def _truth_context(doc: dict) -> CorrectionContext:
    org = doc.get("organization") or {}
    return CorrectionContext(org_names=tuple(n for n in [org.get("name")] if n),
                             subdistrict=org.get("subdistrict"), district=org.get("district"),
                             province=org.get("province"), fiscal_year=doc.get("fiscal_year"))


def clean_texts() -> list[CleanText]:
    """Every clean, correct ITA text the project has, with the context of its document."""
    out: list[CleanText] = []
    content = _load_content()
    if content is not None:
        for name in ("SEED_MEMO", "SEED_HEADER", "SEED_MEASURES"):
            for s in _strings(getattr(content, name, ())):
                if _THAI.search(s):
                    out.append(CleanText(s, SEED_CONTEXT, "seed"))
        for s in _strings(getattr(content, "POOL", {})):
            if _THAI.search(s):
                out.append(CleanText(_fill(s), SEED_CONTEXT, "pool"))
    for path in sorted((SAMPLES / "truth").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        ctx = _truth_context(doc)
        for m in doc.get("measures") or []:
            fields = [m.get("title"), m.get("responsible"), (m.get("period") or {}).get("text")]
            for f in ("guidelines", "steps", "results", "outcomes"):
                fields.extend(m.get(f) or [])
            out.extend(CleanText(s, ctx, path.name) for s in fields if s and _THAI.search(s))
    return out


def name_changes(n: int, settings: CorrectSettings = CorrectSettings()
                 ) -> tuple[list[tuple[str, object]], Counter]:
    """Changes the corrector makes to the first `n` Thai-only Wikipedia titles (sorted)."""
    from pythainlp.corpus import get_corpus

    titles = sorted(t.strip() for t in get_corpus("wikipedia_titles_th.txt")
                    if re.fullmatch(r"[ก-๛ ]{6,}", t.strip() or "x"))[:n]
    rules = correction_rules(CorrectionContext(), settings=settings)
    changed, by_rule = [], Counter()
    for title in titles:
        log = AuditLog()
        if apply_rules(title, rules, where="names", log=log) != title:
            changed.extend((title, c) for c in log.corrections)
        by_rule.update(c.rule for c in log.corrections)
    return changed, by_rule


def false_positives(texts: Iterable[CleanText],
                    settings: CorrectSettings = CorrectSettings()) -> list[tuple[str, object]]:
    """Every change the corrector makes to clean text (each one is wrong)."""
    rules_by_ctx: dict[CorrectionContext, list[Rule]] = {}
    out = []
    for t in texts:
        if t.context not in rules_by_ctx:
            rules_by_ctx[t.context] = correction_rules(t.context, settings=settings)
        rules = rules_by_ctx[t.context]
        log = AuditLog()
        apply_rules(t.text, rules, where=t.source, log=log)
        out.extend((t.text, c) for c in log.corrections)
    return out


# --- labelled OCR set ----------------------------------------------------------------------

def split_lines(text: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    """Wrap like a table cell: at spaces, else between words."""
    from pythainlp.tokenize import word_tokenize

    lines, cur = [], ""
    for tok in word_tokenize(text.strip(), engine="newmm", keep_whitespace=True):
        if len(cur) + len(tok) > limit and cur.strip():
            lines.append(cur.strip())
            cur = ""
        cur += tok
    if cur.strip():
        lines.append(cur.strip())
    return lines


@dataclass(frozen=True)
class Degrade:
    font: str
    size: int
    scale: float  # < 1 renders then scans at a lower resolution
    blur: float
    noise: float
    jpeg: int


def render(text: str, d: Degrade, rng: random.Random):
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(str(FONT_DIR / d.font), d.size, layout_engine=ImageFont.Layout.RAQM)
    box = font.getbbox(text)
    w, h = box[2] - box[0] + 2 * d.size, int(d.size * 2.2)
    img = Image.new("L", (w, h), 255)
    ImageDraw.Draw(img).text((d.size - box[0], int(d.size * 0.5)), text, font=font, fill=0)
    if d.scale != 1.0:
        small = img.resize((max(1, int(w * d.scale)), max(1, int(h * d.scale))), Image.BILINEAR)
        img = small.resize((w, h), Image.BILINEAR)
    if d.blur:
        img = img.filter(ImageFilter.GaussianBlur(d.blur))
    if d.noise:
        px = img.load()
        for _ in range(int(w * h * d.noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            px[x, y] = rng.choice((0, 255))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=d.jpeg)
    buf.seek(0)
    return Image.open(buf).convert("L")


def random_degrade(rng: random.Random) -> Degrade:
    fonts = [f for f in FONTS if (FONT_DIR / f).exists()]
    return Degrade(font=rng.choice(fonts), size=rng.choice((20, 22, 24, 28, 32)),
                   scale=rng.choice((1.0, 0.8, 0.7, 0.6, 0.5)), blur=rng.choice((0, 0.5, 0.8, 1.0)),
                   noise=rng.choice((0, 0.002, 0.005)), jpeg=rng.choice((35, 50, 75)))


@dataclass(frozen=True)
class Sample:
    truth: str
    ocr: str
    context: CorrectionContext
    split: str


def _ocr_job(job: tuple[int, list[tuple[str, int]]]) -> list[str]:
    import tesserocr

    seed, items = job
    out = []
    with tesserocr.PyTessBaseAPI(path=TESSDATA, lang="tha", psm=tesserocr.PSM.SINGLE_LINE) as api:
        for text, k in items:
            rng = random.Random(seed * 100_003 + k)
            api.SetImage(render(text, random_degrade(rng), rng))
            out.append(api.GetUTF8Text().strip())
    return out


def labelled_set(texts: list[CleanText], n_lines: int, seed: int, workers: int) -> list[Sample]:
    from concurrent.futures import ProcessPoolExecutor

    rng = random.Random(seed)
    pool = [(line, t) for t in texts for line in split_lines(t.text) if len(line) >= 8]
    rng.shuffle(pool)
    pool = pool[:n_lines]
    chunks = [(seed, [(line, k) for k, (line, _) in enumerate(pool) if k % workers == w])
              for w in range(workers)]
    with ProcessPoolExecutor(workers) as ex:
        results = list(ex.map(_ocr_job, chunks))
    ocr: dict[int, str] = {}
    for w, res in enumerate(results):
        ks = [k for k in range(len(pool)) if k % workers == w]
        ocr.update(zip(ks, res))
    return [Sample(line, ocr[k], t.context, t.split) for k, (line, t) in enumerate(pool)]


def save_samples(samples: list[Sample], path: Path) -> None:
    rows = [{"truth": s.truth, "ocr": s.ocr, "split": s.split, "context": asdict(s.context)}
            for s in samples]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def load_samples(path: Path) -> list[Sample]:
    out = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        ctx = {k: tuple(v) if isinstance(v, list) else v for k, v in row["context"].items()}
        out.append(Sample(row["truth"], row["ocr"], CorrectionContext(**ctx), row["split"]))
    return out


# --- scoring ---------------------------------------------------------------------------------

def _key(s: str) -> str:
    return _WS.sub("", s)


def error_regions(ocr: str, truth: str) -> list[tuple[int, int]]:
    """Differing regions, as truth-index ranges of the whitespace-free strings."""
    regions: list[tuple[int, int]] = []
    for op in Levenshtein.opcodes(_key(ocr), _key(truth)):
        if op.tag == "equal":
            continue
        lo, hi = op.dest_start, max(op.dest_end, op.dest_start + 1)
        if regions and lo <= regions[-1][1] + 1:
            regions[-1] = (regions[-1][0], max(hi, regions[-1][1]))
        else:
            regions.append((lo, hi))
    return regions


def _fixed(region: tuple[int, int], text: str, truth: str) -> bool:
    lo, hi = region
    for r in error_regions(text, truth):
        if r[0] < hi and lo < r[1]:
            return False
    return True


@dataclass
class FamilyScore:
    edits: int = 0
    right: int = 0
    fixed: int = 0
    examples_wrong: list[str] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.right / self.edits if self.edits else None


@dataclass
class Report:
    lines: int = 0
    errors: int = 0
    fixed: int = 0
    introduced: int = 0
    families: dict[str, FamilyScore] = field(default_factory=dict)
    rules: dict[str, FamilyScore] = field(default_factory=dict)  # the same, per rule name
    cer_before: float = 0.0
    cer_after: float = 0.0


def score(samples: list[Sample], settings: CorrectSettings = CorrectSettings()) -> Report:
    rep = Report(families={f: FamilyScore() for f in FAMILIES})
    rules_by_ctx: dict[CorrectionContext, list[Rule]] = {}
    chars = dist0 = dist1 = 0
    for s in samples:
        if s.context not in rules_by_ctx:
            rules_by_ctx[s.context] = correction_rules(s.context, settings=settings)
        rules = rules_by_ctx[s.context]
        # The baseline is the OCR after the Unicode stage, which runs before correction.
        text = ocr = _unicode_clean(s.ocr)
        regions = error_regions(ocr, s.truth)
        open_regions = [r for r in regions]
        rep.lines += 1
        rep.errors += len(regions)
        for rule in rules:
            fam = rep.families[family_of(rule.name)]
            per_rule = rep.rules.setdefault(rule.name, FamilyScore())
            d0 = Levenshtein.distance(_key(text), _key(s.truth))
            for e in non_overlapping(rule.find(text)):
                single = text[:e.start] + e.after + text[e.end:]
                right = Levenshtein.distance(_key(single), _key(s.truth)) < d0
                for tally in (fam, per_rule):
                    tally.edits += 1
                    tally.right += right
                fam.scored.append((e.score, right))
                if not right and len(fam.examples_wrong) < 40:
                    fam.examples_wrong.append(f"{e.score:.2f} {text[e.start:e.end]!r}→{e.after!r} "
                                              f"in {text!r} (truth {s.truth!r})")
            new = apply_rules(text, [rule], where="eval", log=AuditLog())
            if new != text:
                now_fixed = [r for r in open_regions if _fixed(r, new, s.truth)]
                fam.fixed += len(now_fixed)
                per_rule.fixed += len(now_fixed)
                open_regions = [r for r in open_regions if r not in now_fixed]
                text = new
        rep.fixed += len(regions) - len(open_regions)
        after = error_regions(text, s.truth)
        rep.introduced += sum(1 for r in after
                              if not any(r[0] < o[1] and o[0] < r[1] for o in regions))
        chars += len(_key(s.truth))
        dist0 += Levenshtein.distance(_key(ocr), _key(s.truth))
        dist1 += Levenshtein.distance(_key(text), _key(s.truth))
    rep.cer_before = dist0 / max(1, chars)
    rep.cer_after = dist1 / max(1, chars)
    return rep


def _unicode_clean(text: str) -> str:
    """The Unicode rules run before correction in the pipeline; run them here too."""
    try:
        from normalize.thai_unicode import UNICODE_RULES
    except ImportError:  # the Unicode module is another stage's; measure without it
        return text
    return apply_rules(text, UNICODE_RULES, where="eval", log=AuditLog())


def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:5.1f}%"


def print_report(name: str, rep: Report) -> None:
    print(f"\n[{name}] {rep.lines} lines, {rep.errors} OCR error regions; "
          f"fixed {rep.fixed} (recall {_pct(rep.fixed / max(1, rep.errors))}), "
          f"new errors introduced {rep.introduced}; "
          f"CER {100 * rep.cer_before:.2f}% → {100 * rep.cer_after:.2f}%")
    total_edits = sum(f.edits for f in rep.families.values())
    total_right = sum(f.right for f in rep.families.values())
    print(f"  all families: precision {_pct(total_right / total_edits if total_edits else None)}"
          f" ({total_right}/{total_edits} edits)")
    for fam, f in rep.families.items():
        print(f"  {fam:16s} edits {f.edits:4d}  right {f.right:4d}  precision {_pct(f.precision)}"
              f"  errors fixed {f.fixed:4d}  recall {_pct(f.fixed / max(1, rep.errors))}")
        for ex in f.examples_wrong[:6]:
            print(f"      wrong: {ex}")
    for name, f in sorted(rep.rules.items()):
        if f.edits:
            print(f"    rule {name:28s} edits {f.edits:4d}  right {f.right:4d}  "
                  f"precision {_pct(f.precision)}  errors fixed {f.fixed:4d}")


def print_sweep(rep: Report, thresholds: Iterable[float]) -> None:
    """Precision and right-edit count per family if the threshold were each of `thresholds`."""
    print("\n  threshold sweep (edits proposed at the floor; right/all at each threshold):")
    for fam, f in rep.families.items():
        cells = []
        for t in thresholds:
            kept = [r for sc, r in f.scored if sc >= t]
            cells.append(f"{t:.2f}: {sum(kept)}/{len(kept)}")
        print(f"  {fam:16s} " + "  ".join(cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m normalize.eval_correct", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=400, help="OCR lines to render and read")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threshold", type=float, default=CorrectSettings().threshold)
    ap.add_argument("--sweep", action="store_true",
                    help="also score every candidate above the floor at several thresholds")
    ap.add_argument("--no-ocr", action="store_true", help="only the zero-change check")
    ap.add_argument("--names", type=int, metavar="N", default=0,
                    help="also count changes to the first N Thai Wikipedia titles (sorted; "
                         "PyThaiNLP ships them): names and transliterations, text a report "
                         "seldom holds, where every change is suspect")
    ap.add_argument("--samples", type=Path,
                    help="JSON cache of the OCR'd lines: read if it exists, else written "
                         "(keep it outside the repository)")
    args = ap.parse_args(argv)
    settings = CorrectSettings(threshold=args.threshold)

    texts = clean_texts()
    extra = [CleanText(p, SEED_CONTEXT, "lexicon") for p in (*ita_phrases(), *ita_words())]
    t0 = time.time()
    fps = false_positives([*texts, *extra], settings)
    sources = Counter(t.source for t in texts)
    print(f"clean text: {len(texts)} texts ({dict(sources)}) + {len(extra)} lexicon entries; "
          f"changes made: {len(fps)} ({time.time() - t0:.1f}s)")
    for text, c in fps[:20]:
        print(f"  FALSE POSITIVE {c.rule}: {c.before!r}→{c.after!r} in {text[:80]!r}")
    if args.names:
        changed, by_rule = name_changes(args.names, settings)
        titles_changed = len({t for t, _ in changed})
        print(f"Wikipedia titles: {titles_changed} of {args.names} changed, "
              f"{len(changed)} edits {dict(by_rule)}")
        for title, c in changed[:20]:
            print(f"  {c.rule}: {c.before!r}→{c.after!r} in {title!r}")
    if args.no_ocr:
        return 1 if fps else 0

    t0 = time.time()
    if args.samples is not None and args.samples.exists():
        samples = load_samples(args.samples)
        print(f"\nOCR: {len(samples)} lines read from {args.samples} "
              f"(threshold {settings.threshold})")
    else:
        samples = labelled_set(texts, args.lines, args.seed, args.workers)
        print(f"\nOCR: {len(samples)} lines rendered and read in {time.time() - t0:.0f}s "
              f"(threshold {settings.threshold})")
        if args.samples is not None:
            save_samples(samples, args.samples)
    for split in ("dev", "test"):
        part = [s for s in samples if s.split == split]
        if part:
            print_report(split, score(part, settings))
    print_report("all", score(samples, settings))
    if args.sweep:
        from normalize.correct import FLOOR_SCORE

        floor = CorrectSettings(threshold=FLOOR_SCORE)
        print_sweep(score(samples, floor), (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95))
        clean_fp = false_positives([*texts, *extra], floor)
        by_score = sorted(c.score for _, c in clean_fp)
        print(f"  clean-text changes at the floor: {len(by_score)}; highest scores "
              f"{by_score[-8:]}")
        for text, c in sorted(clean_fp, key=lambda x: -x[1].score)[:10]:
            print(f"      {c.score:.3f} {c.rule}: {c.before!r}→{c.after!r}")
    return 1 if fps else 0


if __name__ == "__main__":
    sys.exit(main())
