"""Thai digits (๐–๙) read by their shape, where tesseract's Thai model cannot.

Tesseract's `tha` model reads printed ๖ as ๒ (or as ๒๐, ๐๒, `dd`) with confidence near
100, also in isolation and at any page segmentation mode, and ๘ as ๕: a year such as
๒๕๖๖ comes out as ๒๕๒๒๐. The digits are simple single-stroke shapes, so a line's glyphs
are compared with the digits (and, as rivals, the Thai letters and Arabic digits)
rendered in the Thai fonts of `fonts-thai-tlwg`, whose shapes are those of the common
government fonts (Laksaman is TH Sarabun's free twin).

    line image → letter-sized pieces → words (by gaps) → shape match → digit words
    → `with_digit_words`: the OCR line's number-like tokens take those digits

Only words that are all Thai digits count, and they replace only tokens with no Thai
letter in them (a misread number: ๒๕๒๒๐, Wedd, «๕) or a consonant alone (๖ read as อ).
No font found means no templates: `read_words` finds no digits and tesseract's reading
stands.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ita_core.thai import THAI_DIGIT_RANGE, THAI_LETTERS, THAI_MARKS

TEMPLATE_SIDE_PX = 24  # a glyph is compared as a 24×24 shape, aspect ratio kept
TEMPLATE_RENDER_PX = 64
FONT_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/opentype/tlwg",
             "/usr/local/share/fonts/tlwg")
FONT_FAMILIES = ("Laksaman", "Garuda", "Kinnari", "Loma", "Norasi", "Sawasdee", "Umpush",
                 "Waree", "TlwgTypo")  # book faces; the typewriter and script ones differ
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# rivals: a glyph that looks more like one of these is not a Thai digit
RIVALS = ("0123456789" + "".join(chr(c) for c in range(0x0E01, 0x0E2F)) + "ะาเแโใไๆฯ")
DEFAULT_MIN_SIMILARITY = 0.80
WORD_GAP_RATIO = 0.35  # a gap wider than this × the line's glyph height separates words
MIN_DIGIT_ASPECT = 0.35  # the narrowest Thai digit (๑) is about this wide for its height
MAX_TOUCHING_DIGITS = 4  # a year
SPLIT_CANDIDATES = 4  # cut positions tried per touching column
TOUCHING_MIN_ASPECT = 1.1  # narrower than this × its height, a piece is not two digits
BODY_RATIO = 0.55  # a piece shorter than this × the line's median is a mark, dot or dust


@dataclass(frozen=True, slots=True)
class ImageWord:
    """A run of glyphs between gaps of a line image; x in px of that image."""

    x0: int
    x1: int
    digits: str | None = None  # the Thai digits it shows, when it is nothing else
    similarity: float = 0.0  # the weakest digit's match, 0..1


def _shape_vector(ink: np.ndarray) -> np.ndarray | None:
    """A glyph's darkness (0 paper .. 1 ink) → unit vector of its centred, aspect-kept shape.

    Darkness rather than a threshold: a blurred scan fills the loops of ๒ ๖ ๘ when
    binarised, but their grey stays lighter than the strokes.
    """
    points = cv2.findNonZero((ink > 0.5).astype(np.uint8))
    if points is None:
        return None
    x, y, w, h = cv2.boundingRect(points)
    glyph = ink[y:y + h, x:x + w].astype(np.float32)
    side = max(w, h)
    square = np.zeros((side, side), np.float32)
    square[(side - h) // 2:(side - h) // 2 + h, (side - w) // 2:(side - w) // 2 + w] = glyph
    small = cv2.resize(square, (TEMPLATE_SIDE_PX, TEMPLATE_SIDE_PX), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0)
    small -= small.mean()
    norm = float(np.linalg.norm(small))
    return (small / norm).ravel() if norm else None


def _font_files() -> list[Path]:
    found = []
    for folder in map(Path, FONT_DIRS):
        for family in FONT_FAMILIES:
            for style in ("", "-Bold"):
                path = folder / f"{family}{style}.ttf"
                if path.is_file():
                    found.append(path)
    return found


@functools.lru_cache(maxsize=1)
def templates() -> tuple[tuple[str, ...], np.ndarray]:
    """(labels, unit shape vectors) of every digit and rival in every installed font."""
    from PIL import Image, ImageDraw, ImageFont

    labels: list[str] = []
    vectors: list[np.ndarray] = []
    for path in _font_files():
        font = ImageFont.truetype(str(path), TEMPLATE_RENDER_PX)
        for glyph in THAI_DIGITS + RIVALS:
            canvas = Image.new("L", (TEMPLATE_RENDER_PX * 2, TEMPLATE_RENDER_PX * 2), 0)
            ImageDraw.Draw(canvas).text((TEMPLATE_RENDER_PX // 2, TEMPLATE_RENDER_PX // 3),
                                        glyph, fill=255, font=font)
            vector = _shape_vector(np.asarray(canvas, np.float32) / 255)
            if vector is not None:
                labels.append(glyph)
                vectors.append(vector)
    if not vectors:
        return (), np.zeros((0, TEMPLATE_SIDE_PX * TEMPLATE_SIDE_PX), np.float32)
    return tuple(labels), np.stack(vectors)


def classify(ink: np.ndarray) -> tuple[str, float]:
    """The glyph a piece of darkness (0..1) looks most like, and how much (cosine)."""
    labels, vectors = templates()
    vector = _shape_vector(ink)
    if vector is None or not labels:
        return "", 0.0
    # einsum's own loop, not BLAS: a threaded OpenBLAS spends ~20x the CPU on this small
    # product (1350 x 576) starting and syncing threads, more so when cores are shared
    scores = np.einsum("ij,j->i", vectors, vector)
    best = int(np.argmax(scores))
    return labels[best], float(scores[best])


def _glyphs(ink: np.ndarray, *, min_area: int) -> tuple[list[tuple[int, int, int, int, int]], np.ndarray]:
    """The line's letter-sized pieces of ink, left to right: (x0, x1, y0, y1, label).

    Marks, dots and dust are left out (a digit has none; a letter is told from a digit
    by its body), and so are slivers of the lines above and below cut by the crop.
    """
    found, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height = ink.shape[0]
    pieces = [(int(x), int(x + w), int(y), int(y + h), i)
              for i, (x, y, w, h, area) in enumerate(stats) if i and area >= min_area
              and not ((y == 0 or y + h == height) and h < 0.5 * height)]
    if not pieces:
        return [], labels
    glyph_height = float(np.median([p[3] - p[2] for p in pieces]))
    glyphs = [p for p in pieces if p[3] - p[2] >= BODY_RATIO * glyph_height]
    return sorted(glyphs), labels


def read_words(line: np.ndarray, *, min_similarity: float = DEFAULT_MIN_SIMILARITY,
               wanted: Callable[[list[tuple[int, int]]], Collection[int]] | None = None,
               ) -> list[ImageWord]:
    """The words of a grey text-line image, with the digits of those that are Thai digits.

    `wanted`, given the words' (x0, x1) spans, names the indices worth matching by shape
    (default all); the others come back without digits. Matching a Thai word's glyphs,
    with the cuts tried between touching ones, is most of the cost, and a line usually
    holds one number among many words.
    """
    if line.size == 0 or not templates()[0]:
        return []
    _, ink = cv2.threshold(line, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    paper, dark = np.percentile(line, 90), np.percentile(line, 2)
    darkness = np.clip((paper - line.astype(np.float32)) / max(1.0, paper - dark), 0, 1)
    height = line.shape[0]
    glyphs, labels = _glyphs(ink, min_area=max(3, int((height * 0.04) ** 2)))
    if not glyphs:
        return []
    glyph_height = float(np.median([g[3] - g[2] for g in glyphs]))
    words: list[list] = []
    for glyph in glyphs:
        if words and glyph[0] - max(g[1] for g in words[-1]) <= WORD_GAP_RATIO * glyph_height:
            words[-1].append(glyph)
        else:
            words.append([glyph])

    def piece(members: list[tuple[int, int, int, int, int]]) -> np.ndarray:
        """The pieces' own darkness with their grey edges, not a neighbour's."""
        x0, x1 = min(m[0] for m in members), max(m[1] for m in members)
        y0, y1 = min(m[2] for m in members), max(m[3] for m in members)
        own = np.isin(labels[y0:y1, x0:x1], [m[4] for m in members]).astype(np.uint8)
        return darkness[y0:y1, x0:x1] * cv2.dilate(own, np.ones((3, 3), np.uint8))

    spans = [(word[0][0], max(g[1] for g in word)) for word in words]
    chosen = range(len(words)) if wanted is None else frozenset(wanted(spans))
    out = []
    for number, word in enumerate(words):
        if number not in chosen:
            out.append(ImageWord(*spans[number]))
            continue
        text, weakest, index = "", 1.0, 0
        while index < len(word):
            read = _read_digits(piece([word[index]]), min_similarity=min_similarity)
            step = 1
            if read is None and index + 1 < len(word):
                # a thin stroke broken in two (binarised or faint print)
                read, step = _read_digits(piece(word[index:index + 2]),
                                          min_similarity=min_similarity, depth=1), 2
            if read is None:
                break
            text += read[0]
            weakest = min(weakest, read[1])
            index += step
        x0, x1 = word[0][0], max(g[1] for g in word)
        out.append(ImageWord(x0, x1, text, round(weakest, 3)) if index >= len(word)
                   else ImageWord(x0, x1))
    return out


def _read_digits(piece: np.ndarray, *, min_similarity: float,
                 depth: int = 0) -> tuple[str, float] | None:
    """The Thai digits a column of ink shows, splitting digits that touch; None if not."""
    glyph, similarity = classify(piece)
    if glyph in THAI_DIGITS and similarity >= min_similarity:
        return glyph, similarity
    height, width = piece.shape
    if depth >= MAX_TOUCHING_DIGITS - 1 or width < TOUCHING_MIN_ASPECT * height:
        return None
    # digits that touch (blur, bold type) are cut where the fewest ink pixels stand
    profile = (piece > 0.5).sum(axis=0)
    lo, hi = int(height * MIN_DIGIT_ASPECT), width - int(height * MIN_DIGIT_ASPECT)
    best = None
    for cut in sorted(range(lo, hi), key=lambda x: profile[x])[:SPLIT_CANDIDATES]:
        left = _read_digits(piece[:, :cut], min_similarity=min_similarity, depth=depth + 1)
        right = left and _read_digits(piece[:, cut:], min_similarity=min_similarity,
                                      depth=depth + 1)
        if left and right:
            joined = (left[0] + right[0], min(left[1], right[1]))
            if best is None or joined[1] > best[1]:
                best = joined
    return best


_TOKEN_RX = re.compile(r"\S+")
# a token tesseract made of a Thai number: no Thai letter or mark, some digit or Latin
# letter (๖๖ comes out as ๒๒๐, dd or Wedd; ๏, the fongman sign after the letters, counts
# as a letter too); or a consonant alone, which a digit the model cannot write becomes
# (๖ → อ, ๗ → ฒ in an index column): a glyph that is the letter (ณ) matches its own
# shape among the rivals and stays
_NUMBERISH_RX = re.compile(f"[^{THAI_LETTERS}\u0e4f]*[0-9A-Za-z{THAI_DIGIT_RANGE}][^{THAI_LETTERS}\u0e4f]*"
                           f"|[^{THAI_LETTERS}{THAI_MARKS}\u0e4f]*[\u0e01-\u0e2e][^{THAI_LETTERS}{THAI_MARKS}\u0e4f]*")
_COMBINING_RX = re.compile(f"[{THAI_MARKS}]")
POSITION_TOLERANCE = 0.05  # of the line's width, when words are placed by position


def has_numberish_token(text: str) -> bool:
    return any(_NUMBERISH_RX.fullmatch(t) for t in text.split())


def reread_digits(text: str, line: np.ndarray, *,
                  min_similarity: float = DEFAULT_MIN_SIMILARITY) -> str:
    """An OCR line's text with its number-like tokens read again by shape from `line`, its
    image; only the image words that could take a token's place are matched."""
    if not has_numberish_token(text):
        return text
    return with_digit_words(text, read_words(line, min_similarity=min_similarity,
                                             wanted=lambda spans: pairable_words(text, spans)))


def pairable_words(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the image words (their (x0, x1) spans) that `with_digit_words` could pair
    with a number-like token of `text`: the others cannot change it, digits or not."""
    tokens = list(_TOKEN_RX.finditer(text))
    numberish = [bool(_NUMBERISH_RX.fullmatch(t.group())) for t in tokens]
    if not spans or not any(numberish):
        return set()
    if len(tokens) == len(spans):
        return {i for i in range(len(spans)) if numberish[i]}
    reach = _reach(text, tokens, numberish, spans[0][0], spans[-1][1])
    return {i for i, (x0, x1) in enumerate(spans)
            if min(reach((x0 + x1) / 2).values(), default=1.0) <= POSITION_TOLERANCE}


def _reach(text: str, tokens: list[re.Match], numberish: list[bool], left: int, right: int):
    """centre (px) → {number-like token index: how far, as a share of the line, the centre
    falls outside that token}. Thai letters are about equally wide: spacing letters count
    one, marks nothing."""
    widths = [0 if _COMBINING_RX.match(ch) else 1 for ch in text]
    starts = np.cumsum([0] + widths)
    total = float(starts[-1]) or 1.0

    def reach(centre_px: float) -> dict[int, float]:
        if right <= left:
            return {}
        centre = (centre_px - left) / (right - left)
        return {i: max(starts[t.start()] / total - centre, centre - starts[t.end()] / total)
                for i, t in enumerate(tokens) if numberish[i]}
    return reach


def with_digit_words(text: str, words: list[ImageWord]) -> str:
    """`text` with each number-like token replaced by the digits of its image word.

    Tokens and image words are paired one to one when tesseract found as many words as
    the gaps show; otherwise by position along the line (Thai letters are about equally
    wide), and a digit word pairs only with the nearest number-like token within reach.
    """
    tokens = list(_TOKEN_RX.finditer(text))
    if not tokens or not any(w.digits for w in words):
        return text
    numberish = [bool(_NUMBERISH_RX.fullmatch(t.group())) for t in tokens]
    pairs: dict[int, str] = {}
    if len(tokens) == len(words):
        pairs = {i: w.digits for i, w in enumerate(words) if w.digits and numberish[i]}
    else:
        reach = _reach(text, tokens, numberish, words[0].x0, words[-1].x1)
        for word in words:
            if not word.digits:
                continue
            # the nearest number-like token, if the word's centre falls within its reach
            free = {i: r for i, r in reach((word.x0 + word.x1) / 2).items() if i not in pairs}
            nearest = min(free, key=free.get, default=None)
            if nearest is not None and free[nearest] <= POSITION_TOLERANCE:
                pairs[nearest] = word.digits
    out, last = [], 0
    for i, token in enumerate(tokens):
        if i in pairs:
            # punctuation around the number stays; other junk was the number misread
            core = _CORE_RX.search(token.group())
            before = token.group()[:core.start()] if core else ""
            after = token.group()[core.end():] if core else ""
            out += [text[last:token.start()], _kept_punctuation(before), pairs[i],
                    _kept_punctuation(after)]
            last = token.end()
    return "".join(out) + text[last:]


_CORE_RX = re.compile(f"[0-9A-Za-z{THAI_DIGIT_RANGE}].*[0-9A-Za-z{THAI_DIGIT_RANGE}]|[0-9A-Za-z{THAI_DIGIT_RANGE}]")
_PUNCTUATION = set(".,:;()/-–")


def _kept_punctuation(text: str) -> str:
    return "".join(ch for ch in text if ch in _PUNCTUATION)
