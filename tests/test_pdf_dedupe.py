"""`extract.pdf_dedupe.dedupe_chars` returns what pdfplumber's `dedupe_chars` returns:
the same char objects in the same order, on real pages and on pages made to hold
duplicates (fake bold a hair apart, exact copies, near misses just outside the tolerance)."""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.utils import dedupe_chars as plumber_dedupe

from extract.pdf_dedupe import dedupe_chars

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))[:2] + sorted(
    (ROOT / "samples" / "lo").glob("*.pdf"))[:1]


def _same(chars, tolerance, extra_attrs=("fontname",)):
    ours = dedupe_chars(chars, tolerance=tolerance, extra_attrs=extra_attrs)
    theirs = plumber_dedupe(chars, tolerance=tolerance, extra_attrs=extra_attrs)
    assert [id(c) for c in ours] == [id(c) for c in theirs]
    return ours


def _page_chars(path: Path, number: int = 0) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[number].chars)


def _with_duplicates(chars: list[dict], rng: random.Random, tolerance: float) -> list[dict]:
    out = []
    for c in chars:
        out.append(c)
        roll = rng.random()
        if roll < 0.2:  # fake bold: drawn again within the tolerance
            dx, dy = rng.uniform(0, tolerance), rng.uniform(0, tolerance)
            out.append({**c, "x0": c["x0"] + dx, "x1": c["x1"] + dx, "doctop": c["doctop"] + dy,
                        "top": c["top"] + dy})
        elif roll < 0.3:  # an exact copy: equal dicts, another object
            out.append(dict(c))
        elif roll < 0.4:  # just outside the tolerance: both stay
            out.append({**c, "x0": c["x0"] + tolerance + 0.01})
        elif roll < 0.45:  # the same place in another font: both stay
            out.append({**c, "fontname": c["fontname"] + "-Bold"})
        elif roll < 0.5:  # exactly the tolerance away, across or along the line
            key = "x0" if rng.random() < 0.5 else "doctop"
            out.append({**c, key: c[key] + tolerance})
    rng.shuffle(out)  # pdfplumber puts the kept chars in this order: so must we
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_same_as_pdfplumber_on_sample_pages(path):
    chars = _page_chars(path)
    for tolerance in (0, 1, 2.5):
        _same(chars, tolerance)


@pytest.mark.parametrize("seed", range(4))
def test_same_as_pdfplumber_on_pages_with_duplicates(seed):
    rng = random.Random(seed)
    chars = _page_chars(SAMPLES[seed % len(SAMPLES)])
    for tolerance in (0.5, 1.0, 2.0):
        dup = _with_duplicates(chars, rng, tolerance)
        kept = _same(dup, tolerance)
        assert len(kept) < len(dup)  # duplicates were there and were removed
        _same(dup, tolerance, extra_attrs=("fontname", "size"))
        _same(dup, tolerance, extra_attrs=None)


def test_exact_copy_keeps_the_first_equal_place():
    """pdfplumber sorts by `chars.index`, the first *equal* char: a kept copy that comes
    later in the stream still takes the place of its first twin."""
    a = {"upright": True, "text": "ก", "fontname": "F", "doctop": 10.0, "x0": 5.0}
    b = {"upright": True, "text": "ข", "fontname": "F", "doctop": 10.0, "x0": 9.0}
    a2 = dict(a)
    kept = _same([a, b, a2], 1)
    assert [c["text"] for c in kept] == ["ก", "ข"]
    kept = _same([a2, b, a], 1)
    assert [c["text"] for c in kept] == ["ก", "ข"]
