"""What a rendered sample PDF says, against its truth: the text-layer checks, the pages a
measure is printed on, the truth JSON, and byte-identical reruns."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz

from pua_glyphs import FROM_PUA
from sample_model import ITEM_FIELDS, TEXT_LAYER_DIFFS, measure_truth


def make_reproducible(pdf: Path) -> None:
    """Drop creation/modification dates and derive /ID from content, so a rerun is byte-identical
    (the corpus doc_id is derived from the file's SHA-256)."""
    import pikepdf
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                if key in meta:
                    del meta[key]
        for key in ("/CreationDate", "/ModDate"):
            if key in doc.docinfo:
                del doc.docinfo[key]
        # font subset tags ("NARNBG+Sawasdee") are random per run; number them instead
        tags: dict[str, str] = {}
        for obj in doc.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            for key in ("/BaseFont", "/FontName"):
                name = str(obj.get(key, ""))
                m = re.match(r"^/([A-Z]{6})\+(.*)$", name)
                if m:
                    tag = tags.setdefault(m.group(1), "".join(chr(65 + (len(tags) // 26 ** k) % 26) for k in range(6)))
                    obj[key] = pikepdf.Name(f"/{tag}+{m.group(2)}")
        for key in list(doc.trailer.keys()):  # /ID (qpdf keeps its first half), LO's /DocChecksum
            if key not in ("/Root", "/Info", "/Size"):
                del doc.trailer[key]
        doc.save(pdf, deterministic_id=True)


# ---------------------------------------------------------------------------
# text-layer checks: truth strings against what the PDF says
# ---------------------------------------------------------------------------

def pdf_page_texts(pdf: Path) -> list[str]:
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return raw.split("\f")[:-1] if raw.endswith("\f") else raw.split("\f")


def squash(s: str) -> str:
    """Compare modulo whitespace and the text layer's usual sara-am decomposition."""
    s = "".join(FROM_PUA.get(c, c) for c in s)
    s = unicodedata.normalize("NFC", s).replace("\u0e4d\u0e32", "\u0e33")
    s = s.replace("\u0e33", "\u0e32").replace("\u0e4d", "")
    return re.sub(r"\s+", "", s)


def pages_by_text(m: dict, page_texts: list[str], first_table_page: int = 1) -> list[int]:
    sq = [squash(t) if i >= first_table_page else "" for i, t in enumerate(page_texts, start=1)]
    pages = set()
    probes = [it["text"] for row in m["rows"] for f in ITEM_FIELDS for it in row.get(f, []) if it]
    for p in probes:
        s = squash(p)
        for head in ((s[:20], s[-20:]) if len(s) >= 30 else ()):
            for i, t in enumerate(sq, start=1):
                if head and head in t:
                    pages.add(i)
    return sorted(pages)


def unmarked(s: str) -> str:
    """Without the marks above and below the line, where text layers go wrong most."""
    return re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", squash(s))


def split_across_pages(s: str, text: str) -> bool:
    """True when s is printed in two pieces (a row cut by a page break): a prefix and the rest."""
    lo, hi = 0, len(s)
    while lo < hi:  # longest prefix present in the text
        mid = (lo + hi + 1) // 2
        if s[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return 4 <= lo < len(s) and len(s) - lo >= 4 and s[lo:] in text


def check_truth_against_pdf(truth: dict, pdf: Path) -> list[str]:
    text = squash("".join(pdf_page_texts(pdf)))
    unmarked_text = unmarked(text)
    problems = []
    for m in truth["measures"]:
        strings = [m["title"], m["responsible"], m["period"]["text"]]
        for f in ITEM_FIELDS:
            strings += m[f]
        for s in strings:
            if squash(s) in text:
                continue
            # the text layer of some Thai fonts maps stacked marks wrongly (ผู้ → ผ้้, บุ๊ → บุุ);
            # those are the PDF's defects, not the truth's, so a close match is accepted
            if split_across_pages(squash(s), text) or split_across_pages(unmarked(s), unmarked_text):
                continue
            score = fuzz.partial_ratio(squash(s), text)
            if score < 90:
                # pdftotext may interleave neighbouring cells' lines; then every token must still be there
                tokens = [squash(tok) for tok in s.split() if len(squash(tok)) >= 4]
                if tokens and all(fuzz.partial_ratio(tok, text) >= 85 for tok in tokens):
                    TEXT_LAYER_DIFFS.append((truth["doc_id"], s))
                    continue
                problems.append(f"measure {m['no']}: not found ({score:.0f}): {s[:40]}…")
            else:
                TEXT_LAYER_DIFFS.append((truth["doc_id"], s))
    if truth["memo"]["present"] and squash(truth["memo"]["signer"]) not in text:
        problems.append("memo signer not found")
    if squash(truth["organization"]["name"]) not in text:
        problems.append("organization name not found")
    return problems


def truth_for(rep: dict, measures: list[dict], scan: dict | None) -> dict:
    memo = rep.get("memo")
    if memo:
        subj = memo["subject"]
        memo_t = {"present": True, "number": memo["number"], "date": memo["date"],
                  "subject": " ".join(subj) if isinstance(subj, list) else subj,
                  "signer": memo["signer"], "position": memo["position"]}
    else:
        memo_t = {"present": False, "number": None, "date": None, "subject": None, "signer": None, "position": None}
    t = {"doc_id": rep["doc_id"],
         "render": {"engine": rep["engine"], "font": rep["font"], "font_size_pt": rep["size"],
                    "digits": rep["digits"], "orientation": rep["orientation"]},
         "source_text": rep["source_text"],
         "organization": rep["org"], "fiscal_year": rep["fy"], "report_type": rep["type"],
         "memo": memo_t,
         "measures": [measure_truth(m, rep["type"]) for m in measures]}
    if scan is not None:
        t["scan"] = scan
    return t


def write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
