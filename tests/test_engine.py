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
