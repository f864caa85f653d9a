import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The seed lives beside the repository (../shared/seeds); a byte-identical copy ships in
# samples/ for checkouts that have no ../shared (a git worktree elsewhere, a fresh clone).
SEED = ROOT.parent / "shared" / "seeds" / "000_5d9e9a4c8f2c7810.txt"
SAMPLE_SEED = ROOT / "samples" / "export" / "na-mong-2566-export.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The real OCR export the project was made from: the one way tests find it."""
    for p in (SEED, SAMPLE_SEED):
        if p.exists():
            return p
    pytest.fail("the seed export is missing from ../shared/seeds and samples/export")


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # The OCR tier must not pass on a CI machine without tesseract: every OCR test fails
    # there, before any skip or xfail of its own is looked at.
    if "ocr" in item.keywords and in_ci() and not tesseract_available():
        pytest.fail("tesseract is missing on this CI machine: the OCR tier cannot run",
                    pytrace=False)
