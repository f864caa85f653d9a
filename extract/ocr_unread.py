"""Ink the page reading left unread: read again on its own.

Tesseract's page layout analysis drops small blocks standing apart from the text: a
table's index column (`ลำดับ` over `๑`, `๒`, `๓` at the page's left edge), a lone date
in a narrow column. Nothing on the page is lost for that: the letter-sized ink outside
every line the engine returned is grouped into words and each group is read as a block
(`read_unread`), so the structure engine sees every word there is.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from extract.ocr_structure import engine_line_height, shifted
from extract.tesseract import OcrLine

BLOCK_PSM = 6  # a group (a line or two) is read as one block of text
MIN_LETTER = 0.35  # ink this tall for the line height is a letter's, shorter is dust or a mark
GROUP_GAP = 0.45  # letters this close across (line heights) are one group: a word space, not a column gap
LINE_PAD = 0.15  # the engine's line boxes are grown this much (line heights): marks stick out
MAX_GROUPS = 40  # a page with more unread groups than this is noise (a photo, a stamp)
MIN_CONFIDENCE = 0.5  # a group read with less is not kept (a signature, a scribble)


def unread_groups(pixels: np.ndarray, lines: Sequence[OcrLine]) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of letter-sized ink groups outside every engine line's box, one
    line high: what the page reading did not read."""
    height = engine_line_height(lines)
    if height is None:
        return []
    ink = (pixels < 128).astype(np.uint8)
    pad = int(round(LINE_PAD * height))
    for line in lines:
        b = line.bbox
        ink[max(0, int(b.y0) - pad):int(b.y1) + pad + 1, max(0, int(b.x0) - pad):int(b.x1) + pad + 1] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    letters = np.zeros(count, bool)
    letters[1:] = stats[1:, cv2.CC_STAT_HEIGHT] >= MIN_LETTER * height
    letters[1:] &= stats[1:, cv2.CC_STAT_HEIGHT] <= 2 * height  # a rule or a picture is no letter
    kept = letters[labels].astype(np.uint8)
    if not kept.any():
        return []
    half, up = max(1, int(round(GROUP_GAP * height / 2))), max(1, int(0.15 * height))
    grouped = cv2.dilate(kept, np.ones((2 * up + 1, 2 * half + 1), np.uint8))
    _, _, boxes, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    out = []
    for x, y, w, h, _ in boxes[1:]:
        # the dilation grew the group by `half` across and `up` down and up
        x0, x1, y0, y1 = x + half, x + w - half, y + up, y + h - up
        if x1 > x0 and h <= 2.5 * height:
            out.append((int(x0), int(y0), int(x1), int(y1)))
    return out if len(out) <= MAX_GROUPS else []


def read_unread(engine, pixels: np.ndarray, lines: Sequence[OcrLine], *, dpi: float,
                timeout) -> tuple[OcrLine, ...]:
    """The engine's lines for the page's unread ink groups (`unread_groups`), each read as a
    block from its crop, in the page's pixels; a read with no letter or digit, or with
    little confidence, is left."""
    height = engine_line_height(lines) or 0
    pad = int(round(0.3 * height))
    found: list[OcrLine] = []
    for x0, y0, x1, y1 in unread_groups(pixels, lines):
        a, b = max(0, x0 - pad), max(0, y0 - pad)
        crop = pixels[b:y1 + pad, a:x1 + pad]
        read = engine.read_words(crop, psm=BLOCK_PSM, dpi=dpi, timeout=timeout())
        # a letter or a digit read with confidence: a rule's stub reads "\\", dust "~"
        found += [line for line in shifted(read, a, b)
                  if any(ch.isalnum() for ch in line.text) and line.confidence >= MIN_CONFIDENCE]
    return tuple(found)
