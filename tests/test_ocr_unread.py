"""Ink the page reading left unread is read on its own (`extract.ocr_unread`): a fake
engine stands in for tesseract, so this runs in the fast tier."""

from __future__ import annotations

import numpy as np

from extract.ocr_unread import read_unread, unread_groups
from extract.tesseract import OcrLine
from ita_core.model import BBox

LINE = 40  # px, the line height


def _page() -> tuple[np.ndarray, list[OcrLine]]:
    """Five read lines of letter blobs from x=300, and a lone number at x=60 beside the
    third one that the page reading missed (an index column), plus a speck of dust."""
    pixels = np.full((600, 1200), 255, np.uint8)
    lines = []
    for k in range(5):
        y = 100 + 60 * k
        for x in range(300, 900, 30):
            pixels[y + 8:y + 34, x:x + 18] = 0
        pieces = tuple(("ก", float(x), y + 8.0, x + 18.0, y + 34.0) for x in range(300, 900, 30))
        lines.append(OcrLine("ก" * len(pieces), 0.9, BBox(300, y + 4, 900, y + LINE, unit="px"), pieces))
    pixels[228:254, 60:78] = 0  # the lone number on the third line
    pixels[500:503, 100:103] = 0  # dust
    return pixels, lines


class _Engine:
    def __init__(self, text: str, confidence: float):
        self.text, self.confidence, self.calls = text, confidence, []

    def read_words(self, crop, *, psm, dpi, timeout):
        self.calls.append((crop.shape, psm))
        h, w = crop.shape
        return (OcrLine(self.text, self.confidence, BBox(2, 2, w - 2, h - 2, unit="px"),
                        ((self.text, 2.0, 2.0, w - 2.0, h - 2.0),)),)


def test_letter_sized_ink_outside_every_line_is_one_group_and_dust_is_none():
    pixels, lines = _page()
    [(x0, y0, x1, y1)] = unread_groups(pixels, lines)
    assert x0 <= 60 and x1 >= 78 and y0 <= 228 and y1 >= 254
    assert x1 < 300 and y1 - y0 < 2 * LINE


def test_a_group_is_read_as_a_line_in_page_pixels_and_weak_reads_are_left():
    pixels, lines = _page()
    engine = _Engine("๒", 0.8)
    [line] = read_unread(engine, pixels, lines, dpi=300, timeout=lambda: 10.0)
    assert line.text == "๒" and engine.calls[0][1] == 6
    assert 40 <= line.bbox.x0 <= 62 and 76 <= line.bbox.x1 <= 100  # shifted back onto the page
    assert read_unread(_Engine("๒", 0.2), pixels, lines, dpi=300, timeout=lambda: 10.0) == ()
    assert read_unread(_Engine("\\", 0.9), pixels, lines, dpi=300, timeout=lambda: 10.0) == ()


def test_a_page_read_whole_has_nothing_unread():
    pixels, lines = _page()
    pixels[228:254, 60:78] = 255
    assert unread_groups(pixels, lines) == []
