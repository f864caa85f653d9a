"""Measure titles → one canonical ITA measure category, with a score; null when unsure.

Transparent phrase scoring: each category lists the phrases ITA plans use for it (the
NACC's indicator wordings and their common variants). A phrase's match with the title is
rapidfuzz's `partial_ratio` (the best-aligned substring, so OCR noise and wording around
the phrase cost little) times the phrase's weight. The category's score is its best
phrase. The title gets the best category when that score is at least `THRESHOLD` and
beats the runner-up by `MARGIN`; otherwise `category` is null, never a guess. The score
reported is the best category's score (0..1), also when it stays null.

`python -m pipelines.categories [TRUTH_DIR...]` measures precision and coverage on the
titles of truth JSON files labelled in `tests/data/category_truth.tsv`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

CATEGORIES = ("public_disclosure", "participation", "procurement_transparency", "complaints",
              "anti_bribery_no_gift", "conflict_of_interest", "use_of_discretion",
              "use_of_state_property", "ethics_code", "corruption_risk", "integrity_culture",
              "personnel_management", "service_process", "other")

# category → (phrase, weight). A weight below 1 marks a phrase that also occurs elsewhere.
PHRASES: dict[str, tuple[tuple[str, float], ...]] = {
    "public_disclosure": (("การเปิดเผยข้อมูล", 1.0), ("เผยแพร่ข้อมูล", 1.0), ("ข้อมูลข่าวสาร", 0.95),
                          ("ประชาสัมพันธ์", 0.9), ("เว็บไซต์", 0.85), ("ข้อมูลสาธารณะ", 1.0)),
    "participation": (("มีส่วนร่วม", 1.0), ("การมีส่วนร่วม", 1.0), ("เปิดโอกาสให้ประชาชน", 1.0)),
    "procurement_transparency": (("จัดซื้อจัดจ้าง", 1.0), ("การใช้งบประมาณ", 0.95), ("พัสดุ", 0.9)),
    "complaints": (("เรื่องร้องเรียน", 1.0), ("ร้องเรียน", 1.0), ("ร้องทุกข์", 1.0)),
    "anti_bribery_no_gift": (("no gift", 1.0), ("รับสินบน", 1.0), ("ของขวัญ", 1.0),
                             ("สินบน", 1.0), ("รับของขวัญ", 1.0)),
    "conflict_of_interest": (("ผลประโยชน์ทับซ้อน", 1.0), ("การขัดกันระหว่างผลประโยชน์", 1.0),
                             ("ประโยชน์ส่วนตน", 0.8)),
    "use_of_discretion": (("การใช้อำนาจ", 1.0), ("ใช้ดุลพินิจ", 1.0)),
    "use_of_state_property": (("ทรัพย์สินของราชการ", 1.0), ("ทรัพย์สินของทางราชการ", 1.0),
                              ("ทรัพย์สินราชการ", 1.0)),
    "ethics_code": (("ประมวลจริยธรรม", 1.0), ("จริยธรรม", 0.95), ("ประมวลจริยธรรมข้าราชการ", 1.0)),
    "corruption_risk": (("ความเสี่ยงการทุจริต", 1.0), ("ความเสี่ยง", 0.95),
                        ("ป้องกันการทุจริต", 0.9), ("แก้ไขและป้องกันการทุจริต", 1.0),
                        ("ป้องกันการทำทุจริต", 0.9)),
    "integrity_culture": (("วัฒนธรรมองค์กร", 1.0), ("วัฒนธรรมสุจริต", 1.0), ("ไม่ทนต่อการทุจริต", 1.0),
                          ("เจตจำนงสุจริต", 1.0)),
    "personnel_management": (("บริหารงานบุคคล", 0.9), ("ทรัพยากรบุคคล", 1.0), ("การบริหารและพัฒนาทรัพยากรบุคคล", 1.0)),
    "service_process": (("การให้บริการ", 1.0), ("e-service", 1.0), ("การปฏิบัติงานที่โปร่งใส", 1.0),
                        ("ขั้นตอนการปฏิบัติงาน", 0.95), ("กระบวนการปฏิบัติงาน", 1.0)),
    "other": (("ผลการประเมิน ita", 1.0), ("ผลการประเมินita", 1.0)),
}
THRESHOLD = 0.85
MARGIN = 0.08


@dataclass(frozen=True, slots=True)
class Category:
    name: str | None
    score: float
    runner_up: str | None = None


def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[\s()\-/.,:]+", "", text)


@lru_cache(maxsize=4096)
def categorize(title: str) -> Category:
    key = _key(title)
    if not key:
        return Category(None, 0.0)
    scores: dict[str, float] = {}
    for name, phrases in PHRASES.items():
        best = 0.0
        for phrase, weight in phrases:
            pk = _key(phrase)
            ratio = fuzz.partial_ratio(pk, key) / 100 if len(key) >= len(pk) else fuzz.ratio(pk, key) / 100
            best = max(best, ratio * weight)
        scores[name] = best
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (top, s1), (second, s2) = ranked[0], ranked[1]
    score = round(s1, 3)
    if s1 >= THRESHOLD and s1 - s2 >= MARGIN:
        return Category(top, score, second)
    return Category(None, score, top)


def evaluate(labelled: dict[str, str]) -> dict[str, float]:
    """Precision on what is assigned, coverage (assigned share) over labelled titles."""
    assigned = right = 0
    for title, gold in labelled.items():
        got = categorize(title).name
        if got is not None:
            assigned += 1
            right += got == gold
    return {"titles": len(labelled), "assigned": assigned, "right": right,
            "precision": right / assigned if assigned else 0.0,
            "coverage": assigned / len(labelled) if labelled else 0.0}


def read_labels(path) -> dict[str, str]:
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            title, gold = line.rstrip("\n").split("\t")
            out[title] = gold
    return out


def main(argv: list[str]) -> int:
    import json
    from pathlib import Path

    labels = read_labels(Path(__file__).parent.parent / "tests/data/category_truth.tsv")
    dirs = [Path(a) for a in argv] or [Path("samples/truth")]
    titles = {m["title"] for d in dirs for p in sorted(d.glob("*.json"))
              for m in json.loads(p.read_text(encoding="utf-8")).get("measures", [])}
    unlabelled = sorted(t for t in titles if t not in labels)
    result = evaluate({t: labels[t] for t in titles if t in labels})
    print(f"{result['titles']} labelled distinct titles: {result['assigned']} assigned, "
          f"{result['right']} right: precision {result['precision']:.1%}, coverage {result['coverage']:.1%}")
    for t in unlabelled:
        c = categorize(t)
        print(f"  unlabelled: {t!r} → {c.name} ({c.score})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
