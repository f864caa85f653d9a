"""The OCR engine seam: every registered engine meets the protocol and names its version."""

from __future__ import annotations

import re

import pytest

from extract.tesseract import ENGINES, OcrEngine, get_engine


@pytest.mark.ocr
@pytest.mark.parametrize("name", sorted(ENGINES))
def test_every_registered_engine_meets_the_protocol(name):
    engine = get_engine(name)
    assert isinstance(engine, OcrEngine)
    assert type(engine) is ENGINES[name]  # made through the registry
    assert re.fullmatch(r"tesseract \d+\.\d+\.\d+\S* \(\w+\)", engine.version())
    assert engine.has_osd == (name == "tesserocr")


@pytest.mark.ocr
@pytest.mark.parametrize("name", sorted(ENGINES))
def test_read_words_gives_each_line_its_text_and_word_boxes(name):
    """The page reading the structure engine stands on: lines whose pieces spell their
    text, boxes inside the image and left to right, the same from both engines."""
    from pathlib import Path

    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(Path(__file__).parent / "data" / "scan" / "table_clean.png")
                       .convert("L"))
    lines = get_engine(name).read_words(image, dpi=200, timeout=120)
    assert len(lines) >= 10
    height, width = image.shape
    thai = 0
    for line in lines:
        assert line.pieces, line.text
        assert "".join(p[0] for p in line.pieces) == line.text.replace(" ", "")
        for text, x0, y0, x1, y1 in line.pieces:
            assert 0 <= x0 <= x1 <= width and 0 <= y0 <= y1 <= height
        # left to right: a mark may start a little left of the letter before it
        reach = line.bbox.height
        assert all(b[1] >= a[1] - reach for a, b in zip(line.pieces, line.pieces[1:]))
        thai += any("\u0e01" <= ch <= "\u0e2e" for ch in line.text)
    assert thai >= 0.8 * len(lines)
