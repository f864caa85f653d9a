"""`LeanPage` gives exactly pdfplumber's page objects (it only builds chars faster).

Compared page by page, every object kind, on the born-digital samples (WeasyPrint,
LibreOffice, PUA-glyph fonts), the test PDFs, and the real documents of ../shared/real
when present: one differing value would change what the reader sees.
"""

from pathlib import Path

import pdfplumber
import pytest

from extract.pdf_objects import LeanPage

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted([*ROOT.glob("samples/pdf*/*.pdf"), *ROOT.glob("samples/lo/*.pdf"),
               *ROOT.glob("tests/data/pdf/*.pdf"),
               *(ROOT.parent / "shared" / "real" / "pdf").glob("*.pdf")])


def _pages(path):
    try:
        pdf = pdfplumber.open(path)
        return pdf, pdf.pages[:3]
    except Exception:  # the test PDFs that are damaged or locked on purpose
        pytest.skip("pdfplumber cannot open it")


@pytest.mark.parametrize("path", PDFS, ids=[p.name[:40] for p in PDFS])
def test_lean_objects_equal_pdfplumbers(path):
    pdf, pages = _pages(path)
    with pdf:
        for page in pages:
            lean = LeanPage.of(page)
            try:
                theirs = page.objects
            except Exception as err:  # a damaged content stream fails the same way
                with pytest.raises(type(err)):
                    lean.objects
                continue
            ours = lean.objects
            assert ours.keys() == theirs.keys(), page.page_number
            for kind in theirs:
                assert ours[kind] == theirs[kind], (page.page_number, kind)
            lean.close()
            page.close()


def test_a_page_with_chars_is_read_by_the_lean_path():
    """The fast path is taken (not a silent fallback to pdfplumber's for every object)."""
    path = next(p for p in PDFS if "s01" in p.name)
    with pdfplumber.open(path) as pdf:
        lean = LeanPage.of(pdf.pages[0])
        calls = []
        real = lean.process_object
        lean.process_object = lambda obj: calls.append(obj) or real(obj)
        chars = lean.chars
        assert chars and len(calls) < len(chars) / 10
