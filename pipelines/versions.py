"""What else, besides the file and the settings, decides a document: the versions of the code,
the lexicons and tesseract with its model.

Each is one short string recorded in the document's `settings` (`code_version`,
`lexicon_version`, `tesseract_version`), so a document made by other code, other word lists
or another OCR model is not taken as up to date. Computed once per process.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = "ita-extract"
SOURCE_PACKAGES = ("ita_core", "extract", "normalize", "pipelines")
ROOT = Path(__file__).resolve().parent.parent


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _hash_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a hash of its Python source (an edited checkout counts)."""
    sources = [p for pkg in SOURCE_PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    return f"{_package_version(PACKAGE)}+{_hash_files(sources)}"


def lexicon_files() -> list[Path]:
    return [p for p in (ROOT / "normalize" / "data").rglob("*") if p.is_file()]


@lru_cache(maxsize=1)
def lexicon_version() -> str:
    """The project's word lists and the dictionaries/gazetteer they lean on."""
    return (f"data-{_hash_files(lexicon_files())};pythainlp-{_package_version('pythainlp')};"
            f"geothai-{_package_version('geothai')}")


def _tesseract_binary_version() -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        return "none"
    try:
        proc = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    first = (proc.stdout or proc.stderr).strip().splitlines()
    return first[0].split()[-1] if first else "unknown"


def _model_stamp() -> str:
    from extract.tesseract import DEFAULT_LANGUAGES, ExtractError, find_tessdata

    try:
        folder = find_tessdata(DEFAULT_LANGUAGES)
    except ExtractError:
        return "no-model"
    parts = []
    for lang in DEFAULT_LANGUAGES.split("+"):
        st = (Path(folder) / f"{lang}.traineddata").stat()
        # size and mtime: a changed model file changes them; hashing 10-50 MB per run is waste
        parts.append(f"{lang}:{st.st_size}:{int(st.st_mtime)}")
    return ",".join(parts)


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    """The tesseract release and the traineddata files used (tesserocr's own build too)."""
    return (f"tesseract-{_tesseract_binary_version()};tesserocr-{_package_version('tesserocr')};"
            f"{_model_stamp()}")


def versions() -> dict[str, str]:
    return {"code_version": code_version(), "lexicon_version": lexicon_version(),
            "tesseract_version": tesseract_version()}
