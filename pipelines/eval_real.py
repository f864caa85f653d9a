"""Dictionary-word share of real text layers, before and after repair (a dev script).

    python -m pipelines.eval_real [FOLDER...] [--max-pages N]

For every PDF under FOLDER (default `../shared/real/pdf` and `../shared/real/scan`,
relative to the repository root) it reads each page's text layer as `ita pages` does
(no OCR: pages routed to OCR are counted, not read) and prints, per document, the share
of Thai tokens (PyThaiNLP newmm) that are PyThaiNLP dictionary words in a plain
reader's text (pdfplumber's `extract_text`, ToUnicode only: `plain`), in our
extraction before the repair (`before`) and after it (the Unicode and layout repair every field
goes through, without the OCR/lexicon corrector), plus what is left that must never
reach an output: `(cid:N)` and Private Use code points. The real documents have no
truth, so this share is the figure that says whether repair reads them better.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ita_core.thai import THAI_LETTERS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (REPO.parent / "shared" / "real" / "pdf", REPO.parent / "shared" / "real" / "scan")
_THAI = re.compile(f"[{THAI_LETTERS}]")
_CID = re.compile(r"\(cid:\d+\)")
_PUA = re.compile("[\ue000-\uf8ff]")


def dictionary_share(text: str) -> tuple[int, int]:
    """(Thai tokens that are dictionary words, Thai tokens) under newmm."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    words = _words(thai_words)
    known = total = 0
    for line in text.splitlines():
        for tok in word_tokenize(line, engine="newmm", keep_whitespace=False):
            if _THAI.search(tok):
                total += 1
                known += tok in words
    return known, total


_WORDS: frozenset[str] | None = None


def _words(loader) -> frozenset[str]:
    global _WORDS
    if _WORDS is None:
        _WORDS = frozenset(loader())
    return _WORDS


def page_texts(path: Path, max_pages: int | None = None):
    """(pages read from the text layer, pages needing OCR, raw text, repaired text, repairs)."""
    from extract.pdf import open_pdf, read_page
    from normalize.rules import AuditLog
    from pipelines.pages import repair_page_texts

    raw: list[str] = []
    naive: list[str] = []
    repaired: list[str] = []
    log = AuditLog()
    read = to_ocr = 0
    pdf = open_pdf(path)
    try:
        for index, plumber_page in enumerate(pdf.pages):
            if max_pages is not None and index >= max_pages:
                break
            page = read_page(plumber_page, index + 1)
            plumber_page.close()
            if page.kind != "text_layer":
                to_ocr += 1
                continue
            read += 1
            texts = list(page.lines) + [c.text for t in page.tables for c in t.cells]
            raw.extend(texts)
            repaired.extend(repair_page_texts(texts, page=page.number, log=log))
    finally:
        pdf.close()
    import pdfplumber

    with pdfplumber.open(path) as plain:  # a parse of its own: read_page changes the font objects
        for index, plumber_page in enumerate(plain.pages):
            if max_pages is not None and index >= max_pages:
                break
            naive.append(plumber_page.extract_text() or "")
            plumber_page.close()
    return read, to_ocr, "\n".join(naive), "\n".join(raw), "\n".join(repaired), len(log)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--max-pages", type=int, default=None)
    ap.add_argument("--dump", type=Path, default=None, help="write each document's text before and after here")
    args = ap.parse_args(argv)
    files = sorted(p for folder in (args.folders or DEFAULT_FOLDERS) if folder.is_dir()
                   for p in folder.glob("*.pdf"))
    if not files:
        print("no real PDFs found", file=sys.stderr)
        return 2
    print(f"{'document':58} {'text':>4} {'ocr':>4} {'plain':>7} {'before':>7} {'after':>7} {'tokens':>7} "
          f"{'repairs':>7} {'cid':>4} {'PUA':>4}")
    for path in files:
        read, to_ocr, plain, raw, fixed, repairs = page_texts(path, args.max_pages)
        kn, tn = dictionary_share(plain)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{path.stem}.plain.txt").write_text(plain, encoding="utf-8")
            (args.dump / f"{path.stem}.before.txt").write_text(raw, encoding="utf-8")
            (args.dump / f"{path.stem}.after.txt").write_text(fixed, encoding="utf-8")
        kb, tb = dictionary_share(raw)
        ka, ta = dictionary_share(fixed)
        share = lambda k, t: f"{100 * k / t:6.1f}%" if t else "    - "
        print(f"{path.parent.name + '/' + path.name[:52]:58} {read:4d} {to_ocr:4d} {share(kn, tn):>7} {share(kb, tb):>7} "
              f"{share(ka, ta):>7} {ta:7d} {repairs:7d} {len(_CID.findall(fixed)):4d} "
              f"{len(_PUA.findall(fixed)):4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
