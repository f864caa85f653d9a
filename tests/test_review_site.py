"""`ita review` in real headless Chromium (Debian's chromium + chromium-driver, no downloads):
no console errors, one .correction per corrections.csv row, every crop loads, and a reject
click + download gives a review.csv that `ita extract --review` applies."""
import csv
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from pipelines.cli import main

SAMPLES = Path(__file__).parent.parent / "samples"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def browser_and_downloads(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Debian's chromium and chromium-driver for the review-site test")
        pytest.skip("chromium / chromium-driver not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1400,1000"):
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver, downloads
    driver.quit()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copy(SAMPLES / "export" / "na-mong-2566-export.txt", inputs)
    shutil.copy(SAMPLES / "pdf-pua" / "s07-maekhaotom-measures-2565-pua.pdf", inputs)
    out = tmp_path_factory.mktemp("corpus")
    assert main(["extract", str(inputs), "--out", str(out), "--workers", "1", "-q"]) == 0
    assert main(["review", str(out)]) == 0
    return inputs, out


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_review_site_in_headless_chromium(browser_and_downloads, corpus, tmp_path):
    driver, downloads = browser_and_downloads
    inputs, out = corpus
    site = out / "review"
    driver.get((site / "index.html").as_uri())
    assert driver.find_elements("css selector", ".js-plotly-plot"), "charts missing"
    assert console_errors(driver) == []
    # the document filter hides every row but the one typed
    doc_rows = driver.find_elements("css selector", "tr.doc")
    assert len(doc_rows) == 2
    wanted = doc_rows[1].get_attribute("data-doc").split()[0]
    driver.find_element("id", "f-doc").send_keys(wanted)
    shown = [r for r in driver.find_elements("css selector", "tr.doc") if r.is_displayed()]
    assert [r.get_attribute("data-doc").split()[0] for r in shown] == [wanted]
    driver.find_element("id", "f-doc").clear()
    driver.get((site / "index.html").as_uri())
    shot = Path(tempfile.gettempdir()) / "ita-review-index.png"
    driver.save_screenshot(str(shot))
    print(f"screenshot: {shot}")

    n_corrections = 0
    pages = sorted(site.glob("doc-*.html"))
    assert len(pages) == 2
    for page in pages:
        driver.get(page.as_uri())
        assert console_errors(driver) == [], page.name
        n_corrections += len(driver.find_elements("css selector", ".correction"))
        broken = driver.execute_script(
            "return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], broken
        if driver.find_elements("css selector", ".page img"):
            doc_shot = Path(tempfile.gettempdir()) / "ita-review-document.png"
            driver.save_screenshot(str(doc_shot))
            print(f"screenshot: {doc_shot}")
    assert n_corrections == len(rows(out / "corrections.csv"))

    # reject a spelling pair in a measure, download, feed the CSV back into extraction
    spelling = ".correction[data-where^='measure ']:not([data-rule^='gazetteer']):not([data-rule^='unicode']):not([data-rule='pua'])"
    target = next(p for p in pages if driver.get(p.as_uri()) is None
                  and driver.find_elements("css selector", spelling))
    first = driver.find_element("css selector", spelling)
    pair = (first.get_attribute("data-before"), first.get_attribute("data-after"))
    first.find_element("css selector", "button[data-d='reject']").click()
    driver.find_element("id", "download").click()
    review = downloads / "review.csv"
    for _ in range(50):
        if review.exists() and review.stat().st_size:
            break
        time.sleep(0.1)
    decided = {(r["before"], r["after"]): r["decision"] for r in rows(review)}
    assert decided[pair] == "reject", target
    out2 = tmp_path / "again"
    assert main(["extract", str(inputs), "--out", str(out2), "--workers", "1", "-q",
                 "--review", str(review), "--force"]) == 0
    pairs = {(r["before"], r["after"]) for r in rows(out2 / "corrections.csv")}
    assert pair in {(r["before"], r["after"]) for r in rows(out / "corrections.csv")}
    assert pair not in pairs
