"""The test harness itself: a CI machine without tesseract fails the OCR tier."""

from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py")
OCR_TESTS = '''
import pytest

@pytest.mark.ocr
def test_reads_a_page():
    pass

@pytest.mark.ocr
@pytest.mark.xfail(reason="known misread", strict=False)
def test_known_misread():
    assert False

@pytest.mark.ocr
@pytest.mark.skip(reason="slow")
def test_skipped_page():
    pass

def test_no_ocr():
    pass
'''


def _run(pytester, monkeypatch, ci: str | None):
    monkeypatch.setenv("PATH", str(pytester.path))  # no tesseract on it
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    ocr: needs tesseract\n")
    pytester.makepyfile(test_ocr_tier=OCR_TESTS)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider")


def test_ocr_tests_fail_in_ci_without_tesseract(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "true")
    # all three OCR tests fail, whatever skip or xfail they carry; the other one passes
    result.assert_outcomes(passed=1, errors=3)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*tesseract is missing on this CI machine*"])


def test_without_ci_the_harness_leaves_ocr_tests_alone(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, None)
    result.assert_outcomes(passed=2, xfailed=1, skipped=1)
