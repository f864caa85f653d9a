"""The tesseract engine: one module for the one outside OCR program (OCRmyPDF style).

Two interchangeable backends behind `get_engine(name, ...)`:

- "tesserocr": tesseract in-process through tesserocr, one API object per worker process
  (loading the Thai model costs ~0.3 s, so it is loaded once and reused);
- "cli": the `tesseract` executable in a subprocess, killed at the timeout; slower, but a
  crash cannot take the worker down, and tests can put a fake executable in its place.

Thai has no spaces between words, and tesseract's word-level output splits Thai into
one-character "words" (tesseract issue 2702), so text is taken a text line at a time
and a line's confidence is the mean of its word confidences.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from typing import Protocol, runtime_checkable
from pathlib import Path

import numpy as np
from PIL import Image

from extract.errors import ExtractError
from ita_core.model import BBox, CoordOrigin

DEFAULT_LANGUAGES = "tha+eng"
DEFAULT_TIMEOUT_SECONDS = 120.0
DEBIAN_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
INSTALL_HINT = "install the Debian packages tesseract-ocr tesseract-ocr-tha"


class OcrError(ExtractError):
    """OCR could not be run or did not finish."""


class TesseractNotFoundError(OcrError):
    message = f"tesseract or its Thai language data is not installed; {INSTALL_HINT}"


class OcrTimeoutError(OcrError):
    def __init__(self, seconds: float, what: str = "a page") -> None:
        super().__init__(f"OCR of {what} took longer than {seconds:g} s and was stopped")
        self.seconds = seconds


class OcrEngineError(OcrError):
    """Tesseract failed (crashed, or returned something unreadable)."""


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One text line as the engine read it; bbox in px of the image passed in."""

    text: str
    confidence: float  # 0..1
    bbox: BBox
    # the engine's words with their boxes (text, x0, y0, x1, y1 in px), when asked for
    # (`read_words`); Thai words are single letters and marks (tesseract issue 2702)
    pieces: tuple[tuple[str, float, float, float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Orientation:
    """How far the page is turned clockwise; rotate counter-clockwise by `degrees` to fix."""

    degrees: int  # 0, 90, 180, 270
    confidence: float  # engine-specific score; tesseract OSD: 15 is "reasonably confident"
    script: str = ""


def find_tessdata(languages: str = DEFAULT_LANGUAGES, *,
                  executable: str = "tesseract") -> Path:
    """The folder holding every requested `<lang>.traineddata`.

    TESSDATA_PREFIX first, then the folder `tesseract --list-langs` names, then the
    known Debian folders. The tesserocr wheel bundles its own libtesseract whose built-in
    path holds no models, so the folder must be found and passed explicitly.
    """
    wanted = [lang for lang in languages.split("+") if lang]
    candidates: list[Path] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [Path(prefix), Path(prefix) / "tessdata"]
    listed = _listed_tessdata(executable)
    if listed:
        candidates.append(listed)
    candidates += [Path(folder) for folder in DEBIAN_TESSDATA_DIRS]
    for folder in candidates:
        if all((folder / f"{lang}.traineddata").is_file() for lang in wanted):
            return folder
    raise TesseractNotFoundError(
        f"tesseract language data for {languages} was not found (looked in "
        f"{', '.join(str(c) for c in candidates)}); {INSTALL_HINT}")


def _listed_tessdata(executable: str) -> Path | None:
    if shutil.which(executable) is None:
        return None
    try:
        listing = subprocess.run([executable, "--list-langs"], capture_output=True, text=True,
                                 timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    return Path(match.group(1)) if match else None


def _grey_array(image) -> np.ndarray:
    pixels = np.asarray(image.convert("L") if isinstance(image, Image.Image) else image)
    if pixels.ndim != 2 or pixels.dtype != np.uint8:
        raise ValueError("OCR input must be a grey uint8 image")
    return np.ascontiguousarray(pixels)


@runtime_checkable
class OcrEngine(Protocol):
    """What the OCR stage asks of an engine. `has_osd` says whether `detect_orientation`
    can decide anything (else the page's orientation is voted by reading it)."""

    name: str
    languages: str
    has_osd: bool

    def version(self) -> str:
        """The engine's version, for the provenance of every converted page."""

    def read_lines(self, image, *, psm: int = 6, dpi: float = 300,
                   timeout: float = ...) -> tuple[OcrLine, ...]:
        """Text lines of a grey image, top to bottom, with confidences 0..1."""

    def read_words(self, image, *, psm: int = 3, dpi: float = 300,
                   timeout: float = ...) -> tuple[OcrLine, ...]:
        """Text lines of a grey image with their words' boxes (`OcrLine.pieces`)."""

    def detect_orientation(self, image, *, dpi: float = 300) -> Orientation | None:
        """The page's orientation, or None when the engine cannot decide."""


class TesserocrEngine:
    """tesseract in-process; not thread-safe, so one per worker process (see get_engine)."""

    name = "tesserocr"
    has_osd = True

    @classmethod
    def create(cls, *, languages: str, executable: str) -> "TesserocrEngine":
        return cls(languages=languages)  # in-process: no executable to run

    def version(self) -> str:
        return f"tesseract {self._tesserocr.tesseract_version().split()[1]} (tesserocr)"

    def __init__(self, *, languages: str = DEFAULT_LANGUAGES,
                 tessdata: str | Path | None = None) -> None:
        try:
            import tesserocr
        except ImportError as error:  # the wheel is a declared dependency; say what is missing
            raise TesseractNotFoundError(f"the tesserocr Python package is missing; "
                                         f"{INSTALL_HINT} and pip install tesserocr") from error
        self._tesserocr = tesserocr
        self.languages = languages
        self.tessdata = Path(tessdata) if tessdata else find_tessdata(languages)
        try:
            self._api = tesserocr.PyTessBaseAPI(path=str(self.tessdata), lang=languages,
                                                oem=tesserocr.OEM.LSTM_ONLY)
        except RuntimeError as error:
            raise TesseractNotFoundError(
                f"tesseract could not load {languages} from {self.tessdata}; {INSTALL_HINT}"
            ) from error
        self._osd_api = None
        self._lock = threading.Lock()

    def _recognized(self, pixels: np.ndarray, *, psm: int, dpi: float, timeout: float,
                    what: str) -> list[str]:
        """Recognise `pixels` (under the lock): the page text's non-empty lines."""
        api = self._api
        height, width = pixels.shape
        api.SetPageSegMode(psm)
        api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
        api.SetSourceResolution(int(round(dpi)))
        if not api.Recognize(timeout=max(1, int(timeout * 1000))):
            raise OcrTimeoutError(timeout, what)
        return [t.strip() for t in (api.GetUTF8Text() or "").split("\n") if t.strip()]

    def read_lines(self, image, *, psm: int = 6, dpi: float = 300,
                   timeout: float = DEFAULT_TIMEOUT_SECONDS) -> tuple[OcrLine, ...]:
        """Text lines of `image` (grey), top to bottom, with mean word confidence 0..1."""
        tesserocr = self._tesserocr
        pixels = _grey_array(image)
        height, width = pixels.shape
        with self._lock:
            api = self._api
            # the page text keeps Thai whole; the iterator's line text is spaced per glyph
            texts = self._recognized(pixels, psm=psm, dpi=dpi, timeout=timeout,
                                     what="a cell or text block")
            boxes = []
            iterator = api.GetIterator()
            level = tesserocr.RIL.TEXTLINE
            if iterator is not None:
                for line in tesserocr.iterate_level(iterator, level):
                    try:
                        if not (line.GetUTF8Text(level) or "").strip():
                            continue
                    except RuntimeError:  # tesserocr raises on an empty line
                        continue
                    box = line.BoundingBox(level) or (0, 0, width, height)
                    boxes.append((BBox(*map(float, box), "px", CoordOrigin.TOPLEFT),
                                  max(0.0, min(1.0, line.Confidence(level) / 100))))
            if len(boxes) != len(texts):  # line counts disagree: keep the text, page figures
                whole = BBox(0.0, 0.0, float(width), float(height), "px", CoordOrigin.TOPLEFT)
                boxes = [(whole, max(0.0, api.MeanTextConf()) / 100)] * len(texts)
            lines = [OcrLine(text, confidence, box) for text, (box, confidence)
                     in zip(texts, boxes)]
            api.Clear()
        return tuple(lines)

    def read_words(self, image, *, psm: int = 3, dpi: float = 300,
                   timeout: float = DEFAULT_TIMEOUT_SECONDS) -> tuple[OcrLine, ...]:
        """Text lines of `image` (grey) with their words' boxes; a line's text is the page
        text's line (Thai kept whole, tesseract's own spaces) when it spells the same letters."""
        tesserocr = self._tesserocr
        pixels = _grey_array(image)
        word, textline = tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
        with self._lock:
            api = self._api
            texts = self._recognized(pixels, psm=psm, dpi=dpi, timeout=timeout, what="a page")
            lines: list[tuple[list, tuple[float, ...], float]] = []
            iterator = api.GetIterator()
            if iterator is not None:
                for it in tesserocr.iterate_level(iterator, word):
                    try:
                        text = (it.GetUTF8Text(word) or "").strip()
                    except RuntimeError:  # an empty word
                        continue
                    box = it.BoundingBox(word)
                    if not text or box is None:
                        continue
                    if it.IsAtBeginningOf(textline) or not lines:
                        line_box = it.BoundingBox(textline) or box
                        lines.append(([], tuple(map(float, line_box)),
                                      max(0.0, min(1.0, it.Confidence(textline) / 100))))
                    lines[-1][0].append((text, *map(float, box)))
            api.Clear()
        return _lines_with_pieces(lines, texts)

    def detect_orientation(self, image, *, dpi: float = 300) -> Orientation | None:
        """Tesseract OSD; None when it cannot decide (too little text)."""
        tesserocr = self._tesserocr
        pixels = _grey_array(image)
        height, width = pixels.shape
        with self._lock:
            if self._osd_api is None:
                folder = find_tessdata("osd")
                self._osd_api = tesserocr.PyTessBaseAPI(path=str(folder), lang="osd",
                                                        psm=tesserocr.PSM.OSD_ONLY)
            self._osd_api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
            self._osd_api.SetSourceResolution(int(round(dpi)))
            result = self._osd_api.DetectOrientationScript()
            self._osd_api.Clear()
        if not result:
            return None
        return Orientation(int(result["orient_deg"]) % 360, float(result["orient_conf"]),
                           str(result.get("script_name") or ""))

    def close(self) -> None:
        self._api.End()
        if self._osd_api is not None:
            self._osd_api.End()


class CliEngine:
    """The `tesseract` executable, one subprocess per call, killed at the timeout."""

    name = "cli"
    has_osd = False

    @classmethod
    def create(cls, *, languages: str, executable: str) -> "CliEngine":
        return cls(languages=languages, executable=executable)

    @functools.cached_property
    def _version(self) -> str:
        done = self._run(["--version"], timeout=30, what="the version question")
        out = (done.stdout or done.stderr).decode("utf-8", "replace").split()
        return f"tesseract {out[1] if len(out) > 1 else 'unknown'} (cli)"

    def version(self) -> str:
        return self._version

    def detect_orientation(self, image, *, dpi: float = 300) -> Orientation | None:
        return None  # no OSD through the plain text and tsv outputs

    def __init__(self, *, languages: str = DEFAULT_LANGUAGES, executable: str = "tesseract",
                 tessdata: str | Path | None = None) -> None:
        if shutil.which(executable) is None:
            raise TesseractNotFoundError(f"the tesseract program ({executable}) was not found; "
                                         f"{INSTALL_HINT}")
        self.languages = languages
        self.executable = executable
        self.tessdata = Path(tessdata) if tessdata else None

    def _run(self, arguments: list[str], *, timeout: float, what: str) -> subprocess.CompletedProcess:
        command = [self.executable, *arguments]
        if self.tessdata:
            command[1:1] = ["--tessdata-dir", str(self.tessdata)]
        try:
            # own process group, so a wrapper script's children die with it at the timeout
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       start_new_session=True)
        except OSError as error:
            raise OcrEngineError(f"tesseract could not be started: {error}") from error
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise OcrTimeoutError(timeout, what) from error
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            how = (f"crashed (signal {-done.returncode})" if done.returncode < 0
                   else f"failed (exit status {done.returncode})")
            raise OcrEngineError(f"tesseract {how} on {what}: {detail[0]}".rstrip(": "))
        return done

    def _txt_and_tsv(self, image, *, psm: int, dpi: float, timeout: float,
                     what: str) -> tuple[str, str]:
        """tesseract's txt and tsv outputs for a grey image."""
        pixels = _grey_array(image)
        with tempfile.TemporaryDirectory(prefix="ita-ocr-") as folder:
            source = Path(folder) / "in.png"
            Image.fromarray(pixels).save(source, dpi=(dpi, dpi))
            out = Path(folder) / "out"
            self._run([str(source), str(out), "-l", self.languages, "--psm", str(psm),
                       "--dpi", str(int(round(dpi))), "txt", "tsv"], timeout=timeout, what=what)
            try:
                return ((out.with_suffix(".txt")).read_text(encoding="utf-8"),
                        (out.with_suffix(".tsv")).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise OcrEngineError(f"tesseract wrote no readable output: {error}") from error

    def read_lines(self, image, *, psm: int = 6, dpi: float = 300,
                   timeout: float = DEFAULT_TIMEOUT_SECONDS) -> tuple[OcrLine, ...]:
        text, table = self._txt_and_tsv(image, psm=psm, dpi=dpi, timeout=timeout,
                                        what="a cell or text block")
        return _lines_from_txt_and_tsv(text, table)

    def read_words(self, image, *, psm: int = 3, dpi: float = 300,
                   timeout: float = DEFAULT_TIMEOUT_SECONDS) -> tuple[OcrLine, ...]:
        text, table = self._txt_and_tsv(image, psm=psm, dpi=dpi, timeout=timeout, what="a page")
        lines = []
        for words in _tsv_lines(table):
            pieces = [(w[11].strip(), float(w[6]), float(w[7]), float(w[6]) + float(w[8]),
                       float(w[7]) + float(w[9])) for w in words if w[11].strip()]
            confidences = [float(w[10]) for w in words if w[11].strip() and float(w[10]) >= 0]
            box = (min(p[1] for p in pieces), min(p[2] for p in pieces),
                   max(p[3] for p in pieces), max(p[4] for p in pieces))
            lines.append((pieces, box, sum(confidences) / len(confidences) / 100
                          if confidences else 0.0))
        texts = [t.strip() for t in text.splitlines() if t.strip()]
        return _lines_with_pieces(lines, texts)

    def read_page_text(self, image_path: str | Path, *, psm: int = 3,
                       timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str:
        """Plain full-page text, `tesseract IMAGE - -l LANGS` (the speed baseline)."""
        done = self._run([str(image_path), "-", "-l", self.languages, "--psm", str(psm)],
                         timeout=timeout, what="a page")
        return done.stdout.decode("utf-8", "replace")


def _tsv_lines(table: str) -> list[list[list[str]]]:
    """The word records of tesseract's tsv output, grouped by text line, those with text."""
    rows: dict[tuple[str, str, str], list[list[str]]] = {}
    header = True
    for record in table.splitlines():
        fields = record.split("\t")
        if header:
            header = False
            continue
        if len(fields) < 12 or fields[0] != "5":
            continue
        rows.setdefault((fields[2], fields[3], fields[4]), []).append(fields)
    return [words for words in rows.values() if any(w[11].strip() for w in words)]


def _spaced(pieces: list[tuple[str, float, float, float, float]], text: str) -> str:
    """The line's words joined: as `text` (the engine's line, its spaces) when it spells
    the same letters, else with a space where the gap is wider than a fifth of the line."""
    if "".join(p[0] for p in pieces) == text.replace(" ", ""):
        return text
    height = max(p[4] for p in pieces) - min(p[2] for p in pieces)
    out = pieces[0][0]
    for before, piece in zip(pieces, pieces[1:]):
        out += (" " if piece[1] - before[3] > 0.2 * height else "") + piece[0]
    return out


def _lines_with_pieces(lines: list[tuple[list, tuple[float, ...], float]],
                       texts: list[str]) -> tuple[OcrLine, ...]:
    """(pieces, line box, confidence) per line, with the engine's line texts when the counts
    agree, as `OcrLine`s carrying their pieces."""
    lines = [line for line in lines if line[0]]
    if len(texts) != len(lines):
        texts = [""] * len(lines)
    out = []
    for (pieces, box, confidence), text in zip(lines, texts):
        out.append(OcrLine(_spaced(pieces, text), confidence,
                           BBox(*box, "px", CoordOrigin.TOPLEFT), tuple(pieces)))
    return tuple(out)


def _lines_from_txt_and_tsv(text: str, table: str) -> tuple[OcrLine, ...]:
    """Line text from the txt output (Thai kept whole), boxes and confidences from the tsv."""
    texts = [line.strip() for line in text.splitlines() if line.strip()]
    words_by_line = _tsv_lines(table)
    if len(texts) != len(words_by_line):
        # the two outputs disagree about line breaks: keep the text, without boxes
        return tuple(OcrLine(t, 0.0, BBox(0, 0, 0, 0, "px", CoordOrigin.TOPLEFT)) for t in texts)
    lines = []
    for line_text, words in zip(texts, words_by_line):
        confidences = [float(w[10]) for w in words if w[11].strip() and float(w[10]) >= 0]
        x0 = min(int(w[6]) for w in words)
        y0 = min(int(w[7]) for w in words)
        x1 = max(int(w[6]) + int(w[8]) for w in words)
        y1 = max(int(w[7]) + int(w[9]) for w in words)
        confidence = sum(confidences) / len(confidences) / 100 if confidences else 0.0
        lines.append(OcrLine(line_text, confidence, BBox(x0, y0, x1, y1, "px",
                                                         CoordOrigin.TOPLEFT)))
    return tuple(lines)


ENGINES: dict[str, type[TesserocrEngine] | type[CliEngine]] = {
    "tesserocr": TesserocrEngine, "cli": CliEngine}


def get_engine(name: str = "tesserocr", *, languages: str = DEFAULT_LANGUAGES,
               executable: str = "tesseract"):
    """The engine for this process, created once and reused (the model loads once).

    Keyed by process id too: a worker forked from a parent that already held an engine
    makes its own instead of sharing the parent's tesseract state.
    """
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; known: {', '.join(sorted(ENGINES))}")
    return _engine(name, languages, executable, os.getpid())


@functools.lru_cache(maxsize=4)
def _engine(name: str, languages: str, executable: str, pid: int) -> OcrEngine:
    return ENGINES[name].create(languages=languages, executable=executable)
