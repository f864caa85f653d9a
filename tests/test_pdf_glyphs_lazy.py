"""Unmapped glyphs are read from the embedded font only when one is drawn, and read the
same as when every font's unmapped glyphs were read up front (`glyph_overrides`)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdffont import PDFCIDFont

from extract.pdf_glyphs import (GlyphUnicodeMap, _font_refs, glyph_overrides,
                                read_glyphs_from_fonts)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))[0]
CANVA = ROOT.parent / "shared" / "real" / "pdf" / "moph_ethics-promotion-action-plan-phase2-2566-2570.pdf"


def _type0_fonts(page):
    for objid, spec in _font_refs(page.page_obj.resources, set()):
        if str(spec.get("Subtype")) == "/'Type0'":
            font = page.pdf.rsrcmgr.get_font(objid, spec)
            if isinstance(font, PDFCIDFont):
                yield font, spec


def _lazy_equals_eager(path: Path, number: int) -> list:
    """Every CID of every composite font on the page reads the same through the lazy map
    as through the eager overrides laid over ToUnicode; returns the lazy maps."""
    maps = []
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        fonts = list(_type0_fonts(page))
        assert fonts
        eager = {}
        for font, spec in fonts:
            eager[id(font)] = (glyph_overrides(font, spec), font.unicode_map)
        read_glyphs_from_fonts(page.pdf.rsrcmgr, page.page_obj.resources)
        for font, _ in fonts:
            lazy = font.unicode_map
            assert isinstance(lazy, GlyphUnicodeMap)
            maps.append(lazy)
            overrides, base = eager[id(font)]
            cids = set(overrides) | set(getattr(base, "cid2unichr", {})) | set(range(600))
            for cid in sorted(cids):
                try:
                    want = overrides[cid] if cid in overrides else base.get_unichr(cid)
                except KeyError:
                    want = KeyError
                try:
                    got = lazy.get_unichr(cid)
                except KeyError:
                    got = KeyError
                assert got == want, (font.basefont, cid)
    return maps


def test_unmapped_glyphs_are_not_read_when_none_is_drawn():
    with pdfplumber.open(SAMPLE) as pdf:
        page = pdf.pages[0]
        read_glyphs_from_fonts(page.pdf.rsrcmgr, page.page_obj.resources)
        assert page.chars and "(cid:" not in "".join(c["text"] for c in page.chars)
        maps = [font.unicode_map for font, _ in _type0_fonts(page)]
    lazy = [m.unmapped for m in maps if isinstance(m, GlyphUnicodeMap) and m.unmapped]
    assert lazy and all(u._texts is None for u in lazy)


def test_lazy_map_reads_like_the_eager_overrides_on_a_sample():
    _lazy_equals_eager(SAMPLE, 1)


@pytest.mark.skipif(not CANVA.exists(), reason="../shared/real not present")
def test_a_drawn_unmapped_glyph_is_read_by_its_outline_when_drawn():
    # Canva's lowered mai ek (cid 107 of the Dumondi subset) is named by its outline
    maps = _lazy_equals_eager(CANVA, 1)
    dumondi = [m for m in maps if m.unmapped and "Dumondi" in str(m.unmapped._label)]
    assert dumondi and dumondi[0].get_unichr(107) == "\u0e48"
