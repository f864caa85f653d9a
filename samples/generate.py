"""Render the sample ITA reports, their degraded scans, OCR-export variants and truth JSON.

Run from the repository root:  .venv/bin/python samples/generate.py
Deterministic: every random choice comes from a per-report seeded generator.
This script renders (WeasyPrint HTML) and drives the run; the rest lives beside it:
  sample_model.py   constants, small text helpers, the seed's and the pool's measures
  report_specs.py   the sample reports, one builder each
  libreoffice.py    the flat-ODT route through LibreOffice
  pua_glyphs.py     the Private Use Area variant
  scans.py          degraded scans
  exports.py        OCR-export variants and their truth
  pdf_truth.py      truth JSON, text-layer checks, byte-identical PDFs
Outputs (the folder works as score.py's HELDOUTDIR):
  samples/pdf/<doc_id>.pdf        born-digital (WeasyPrint)
  samples/lo/<doc_id>.pdf         born-digital (LibreOffice), when soffice is installed
  samples/scan/<doc_id>-scan.*    degraded raster copy (image PDF, TIFF, PNG or JPEG)
  samples/export/*                OCR-service style text exports (txt, HTML table, Markdown)
  samples/truth/*.json            what was printed, per the corpus contract's fields
"""

from __future__ import annotations

import os

# fontTools (WeasyPrint's font subsetter) stamps font tables with this instead of the clock
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

import argparse  # noqa: E402
import json
import re
import shutil
import sys
import time
from pathlib import Path

from exports import (SEED_OCR_FIXES, check_export_truth, export_html, export_markdown,  # noqa: E402
                     export_truth, seed_export_truth)
from libreoffice import render_libreoffice  # noqa: E402
from pdf_truth import (check_truth_against_pdf, make_reproducible, pages_by_text,  # noqa: E402, F401
                       pdf_page_texts, truth_for, write_json)
from pua_glyphs import to_pua  # noqa: E402
from report_specs import U, base_report, build_measures, invented_memo, reports  # noqa: E402, F401
from sample_model import (HERE, ITEM_FIELDS, PLAN_FIELDS, PROVINCE_ABBR, RESULT_FIELDS,  # noqa: E402, F401
                          SEED_EXPORT, TEXT_LAYER_DIFFS, digits, esc, fill, marker_for,
                          period_of)
from scans import scan_report  # noqa: E402


# ---------------------------------------------------------------------------
# HTML rendering
# ---------------------------------------------------------------------------

def cell_items_html(items: list[dict], mid: str, field: str, row_i: int) -> str:
    parts, buf = [], None
    for k, it in enumerate(items):
        if it is None:
            continue
        pid = f"m{mid}-{field}-{row_i}-{k}"
        text = esc(it["marker"] + it["text"])
        if buf is not None:  # previous item asked to share this paragraph
            parts[-1] = parts[-1][:-4] + " " + text + "</p>"
            buf = None
        else:
            parts.append(f'<p id="{pid}">{text}</p>')
        if it.get("inline"):
            buf = True
        if it["tail"]:
            parts.append(f'<p id="{pid}t">{esc(it["tail"])}</p>')
    return "".join(parts)


def measure_rows_html(m: dict, rep: dict) -> str:
    fields = RESULT_FIELDS if rep["type"] == "results" else PLAN_FIELDS
    lead = rep.get("lead_col")
    ncols = len(fields) + (1 if lead else 0)
    mid = str(m["no"])
    out = []
    title_cls = ' class="mtitle"'
    if m["title_in"] == "row":
        lead_cell = ""
        span = ncols
        if lead:
            lead_cell = f'<td class="lead" id="m{mid}-no">{esc(digits(str(m["no"]), rep["digits"]))}</td>'
            span -= 1
        out.append(f'<tr class="titlerow">{lead_cell}<td colspan="{span}"><p id="m{mid}-title"{title_cls}>'
                   f'{esc(("" if lead else m["label"]) + m["title"])}</p></td></tr>')
    nrows = len(m["rows"])
    for ri, row in enumerate(m["rows"]):
        cells = []
        if lead:
            if m["title_in"] == "row" or ri > 0:
                cells.append('<td class="lead"></td>')
            else:
                cells.append(f'<td class="lead" rowspan="1"><p id="m{mid}-no">'
                             f'{esc(digits(str(m["no"]), rep["digits"]))}</p></td>')
        for f in fields:
            if f in ("responsible", "period"):
                if ri == 0:
                    text = m["responsible"] if f == "responsible" else m["period"][0]
                    rs = f' rowspan="{nrows}"' if m.get("rowspan") and nrows > 1 else ""
                    cells.append(f'<td class="{f}"{rs}><p id="m{mid}-{f}">{esc(text)}</p></td>')
                elif not m.get("rowspan"):
                    cells.append(f'<td class="{f}"></td>')
                continue
            inner = ""
            if f == "guidelines" and ri == 0 and m["title_in"] == "cell":
                inner = f'<p id="m{mid}-title"{title_cls}>{esc(("" if lead else m["label"]) + m["title"])}</p>'
            inner += cell_items_html(row.get(f, []), mid, f, ri)
            cells.append(f'<td class="{f}">{inner}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out)


def header_html(rep: dict, overrides: dict | None = None) -> str:
    heads = list(rep["headers"])
    for k, v in (overrides or {}).items():
        heads[k] = v
    lead = rep.get("lead_col")
    group = rep.get("group_header")  # (label, first column, number of columns) over a second row
    if group:
        label, first, span = group
        top, sub = [], []
        for k, h in enumerate(heads):
            if k == first:
                top.append(f'<th colspan="{span}">{esc(label)}</th>')
            if first <= k < first + span:
                sub.append(f"<th>{esc(h)}</th>")
            else:
                top.append(f'<th rowspan="2">{esc(h)}</th>')
        lead_th = [f"<th class='lead' rowspan='2'>{esc(lead)}</th>"] if lead else []
        return ("<thead><tr>" + "".join(lead_th + top) + "</tr><tr>" + "".join(sub) + "</tr></thead>")
    ths = ([f"<th class='lead'>{esc(lead)}</th>"] if lead else []) + [f"<th>{esc(h)}</th>" for h in heads]
    caption = ""
    if rep.get("title_in_table"):  # the report title as merged rows on top of the header
        ncols = len(heads) + (1 if lead else 0)
        caption = "".join(f'<tr><th colspan="{ncols}" class="intitle">{esc(t)}</th></tr>' for t in rep["title_lines"])
    return "<thead>" + caption + "<tr>" + "".join(ths) + "</tr></thead>"


def colgroup_html(rep: dict) -> str:
    widths = rep["col_widths"]
    return "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"


def memo_html(rep: dict) -> str:
    memo = rep["memo"]
    org = rep["org"]
    subj = memo["subject"]
    subj_html = "".join(f"<div>{esc(s)}</div>" for s in subj) if isinstance(subj, list) else esc(subj)
    body = "".join(f'<p class="sec"><b>{esc(h)}</b></p><p class="body">{esc(t)}</p>' if h else
                   f'<p class="body">{esc(t)}</p>' for h, t in memo["sections"])
    extra = "".join(
        f'<div class="opinion"><p>{esc(op)}</p><p class="sig">(ลงชื่อ)</p>'
        f'<p class="sig">({esc(nm)})</p><p class="sig">{esc(pos)}</p></div>'
        for op, nm, pos in memo.get("extra_signatures", []))
    return f"""
<section class="memo">
<h1 class="memo-head">บันทึกข้อความ</h1>
<p><b>ส่วนราชการ</b> {esc(memo['unit'])} {esc(org['name'])} อำเภอ{esc(org['district'])} จังหวัด{esc(org['province'])}</p>
<p class="two"><span><b>ที่</b> {esc(memo['number'])}</span><span class="date"><b>วันที่</b> {esc(memo['date_text'])}</span></p>
<div class="subject"><b>เรื่อง</b> <div class="subj">{subj_html}</div></div>
<p><b>เรียน</b> {esc(memo['to'])}</p>
{body}
<p class="body">{esc(memo['closing'])}</p>
<div class="signature"><p>(ลงชื่อ)</p><p>({esc(memo['signer'])})</p><p>{esc(memo['position'])}</p></div>
{extra}
</section>"""


def cover_html(rep: dict) -> str:
    lines = "".join(f"<p>{esc(x)}</p>" for x in rep["cover"])
    return f'<section class="cover">{lines}</section>'


def title_lines(rep: dict) -> list[str]:
    return rep["title_lines"]


def css_for(rep: dict) -> str:
    ruling = rep.get("ruling", "full")
    if ruling == "full":
        rule = "th, td { border: 0.7pt solid #000; }"
    elif ruling == "horizontal":
        rule = ("table.ita { border-top: 1pt solid #000; border-bottom: 1pt solid #000; }"
                " th { border-bottom: 1pt solid #000; } tr.titlerow td, tbody tr + tr td { border-top: 0.4pt solid #555; }")
    else:
        rule = "th { text-decoration: underline; } td { padding-bottom: 7pt; }"
    orient = rep["orientation"]
    running = ""
    if rep.get("page_title") == "running":
        running = """
.runhead { position: running(runhead); text-align: center; font-weight: bold; }
@page main { @top-center { content: element(runhead); width: 100%; vertical-align: bottom; } }"""
    pageno = ""
    if rep.get("page_numbers"):
        style = "thai" if rep["digits"] == "thai" else "decimal"
        pageno = f'@page main {{ @bottom-right {{ content: "หน้า " counter(page, {style}); font-size: 10pt; }} }}'
    top = "28mm" if rep.get("page_title") == "running" else "14mm"
    return f"""
@page main {{ size: A4 {orient}; margin: {top} 12mm 14mm 12mm; }}
@page memo {{ size: A4 portrait; margin: 14mm 18mm 12mm 26mm; }}
@page cover {{ size: A4 {orient}; margin: 20mm; }}
{running}
{pageno}
html {{ font-family: '{rep['font']}'; font-size: {rep['size']}pt; line-height: {rep.get('line_height', 1.25)}; }}
body {{ margin: 0; page: main; }}
p {{ margin: 0; }}
.memo {{ page: memo; break-after: page; font-size: {rep.get('memo_size', max(rep['size'], 14))}pt;
         font-family: '{rep.get('memo_font', rep['font'])}'; }}
.memo-head {{ text-align: center; font-size: 1.6em; margin: 0 0 6pt 0; }}
.memo .two {{ display: flex; }} .memo .two .date {{ margin-left: 40mm; }}
.memo .subject {{ display: flex; }} .memo .subj {{ margin-left: 0.5em; }}
.memo .body {{ text-indent: 2.5em; }}
.memo .sec {{ margin-top: 4pt; }}
.memo .signature {{ margin: 14pt 0 0 45%; text-align: center; }}
.memo .opinion {{ margin-top: 10pt; }} .memo .opinion .sig {{ margin-left: 45%; text-align: center; }}
.cover {{ page: cover; break-after: page; text-align: center; padding-top: 45mm; font-size: 1.5em; font-weight: bold; }}
.cover p {{ margin-bottom: 8pt; }}
.ptitle {{ text-align: center; font-weight: bold; }}
th.intitle {{ border: none; font-size: 1.1em; padding: 0 0 2pt 0; }}
.ptitle p {{ margin: 0 0 2pt 0; }}
table.ita {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin-top: 4pt; }}
thead {{ display: {'table-header-group' if rep.get('header_repeat', True) else 'table-row-group'}; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; padding: 3pt; }}
td {{ vertical-align: top; padding: 2pt 4pt; }}
td.responsible, td.period, td.lead {{ text-align: center; }}
{'.mtitle { font-weight: bold; }' if rep.get('bold_titles') else ''}
{rule}
section.measurepage {{ break-before: page; }}
section.measurepage:first-of-type {{ break-before: auto; }}
"""


def report_html(rep: dict, measures: list[dict]) -> str:
    parts = []
    if rep.get("memo"):
        parts.append(memo_html(rep))
    if rep.get("cover"):
        parts.append(cover_html(rep))
    tl = "".join(f"<p>{esc(x)}</p>" for x in title_lines(rep))
    if rep.get("page_title") == "running":
        parts.append(f'<div class="runhead">{tl}</div>')
    if rep.get("table_per_measure"):
        for m in measures:
            parts.append(f'<section class="measurepage"><div class="ptitle">{tl}</div>'
                         f'<table class="ita">{colgroup_html(rep)}{header_html(rep, m.get("header"))}'
                         f'<tbody>{measure_rows_html(m, rep)}</tbody></table></section>')
    else:
        if rep.get("page_title") != "running" and not rep.get("title_in_table"):
            parts.append(f'<div class="ptitle">{tl}</div>')
        body = "\n".join(measure_rows_html(m, rep) for m in measures)
        parts.append(f'<table class="ita">{colgroup_html(rep)}{header_html(rep)}<tbody>{body}</tbody></table>')
        if rep.get("footer_lines"):
            parts.append('<div class="footer" style="margin-top:14pt;margin-left:55%;text-align:center">'
                         + "".join(f"<p>{esc(x)}</p>" for x in rep["footer_lines"]) + "</div>")
    return (f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>{css_for(rep)}</style>'
            f'</head><body>{"".join(parts)}</body></html>')


def pages_by_measure_weasy(document) -> dict[int, list[int]]:
    """Pages (1-based) on which any fragment of each measure's elements was laid out."""
    found: dict[int, set[int]] = {}
    for pi, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            el = getattr(box, "element", None)
            if el is None:
                continue
            ident = el.get("id") or ""
            mm = re.match(r"m(\d+)-", ident)
            if mm:
                found.setdefault(int(mm.group(1)), set()).add(pi)
    return {k: sorted(v) for k, v in found.items()}


def render_weasy(rep: dict, measures: list[dict], out_pdf: Path, pua_pdf: Path | None = None) -> int:
    import weasyprint
    markup = report_html(rep, measures)
    if pua_pdf is not None:
        # same layout, marks written as positioned PUA glyphs (as old Windows software did)
        weasyprint.HTML(string=to_pua(markup)).write_pdf(pua_pdf)
        make_reproducible(pua_pdf)
    if rep.get("sara_am") == "decomposed":
        # typed as nikhahit + sara aa, as many word-processor exports do; looks the same printed
        markup = markup.replace("\u0e33", "\u0e4d\u0e32")
    document = weasyprint.HTML(string=markup).render()
    pages = pages_by_measure_weasy(document)
    for m in measures:
        m["pages"] = pages.get(m["no"], [])
    document.write_pdf(out_pdf)
    make_reproducible(out_pdf)
    return len(document.pages)


# ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="doc_id prefixes to (re)build")
    ap.add_argument("--no-scans", action="store_true")
    args = ap.parse_args(argv)
    dirs = {k: HERE / k for k in ("pdf", "lo", "pdf-pua", "scan", "truth", "export")}
    for d in dirs.values():
        d.mkdir(exist_ok=True)
    problems_total = 0
    run_started = time.time()
    for i, rep in enumerate(reports()):
        if args.only and not any(rep["doc_id"].startswith(p) for p in args.only):
            continue
        measures = build_measures(rep)
        lo = rep["engine"] == "libreoffice"
        if lo and not shutil.which("soffice"):
            print(f"skip {rep['doc_id']}: soffice not installed", file=sys.stderr)
            continue
        pdf = (dirs["lo"] if lo else dirs["pdf"]) / f"{rep['doc_id']}.pdf"
        pua_pdf = None
        if rep.get("pua_variant"):
            (HERE / "pdf-pua").mkdir(exist_ok=True)
            pua_pdf = HERE / "pdf-pua" / f"{rep['doc_id']}-pua.pdf"
        n_pages = render_libreoffice(rep, measures, pdf) if lo else render_weasy(rep, measures, pdf, pua_pdf)
        scan = None
        if not args.no_scans:
            scan = scan_report(pdf, dirs["scan"], rep["doc_id"], rep["scan"], seed=1000 + i)
        else:
            old = dirs["truth"] / f"{rep['doc_id']}.json"
            scan = json.loads(old.read_text())["scan"] if old.exists() else {"file": None}
        truth = truth_for(rep, measures, scan)
        problems = check_truth_against_pdf(truth, pdf)
        if pua_pdf is not None:
            problems += [f"(pua) {p}" for p in check_truth_against_pdf(truth, pua_pdf)]
        problems_total += len(problems)
        for p in problems:
            print(f"  CHECK {rep['doc_id']}: {p}", file=sys.stderr)
        write_json(dirs["truth"] / f"{rep['doc_id']}.json", truth)
        print(f"{rep['doc_id']}: {n_pages} pages, {len(measures)} measures, pages "
              f"{[m['pages'] for m in measures]}, scan {scan['file']}")
        if rep["doc_id"].startswith("s03"):
            stem = "khuanlang-2566-ocr"
            (dirs["export"] / f"{stem}.html").write_text(export_html(rep, measures), encoding="utf-8")
            (dirs["export"] / f"{stem}.md").write_text(export_markdown(rep, measures), encoding="utf-8")
            et = export_truth(rep, measures, "s03-khuanlang-export", [f"{stem}.html", f"{stem}.md"],
                              "s03 as an OCR service would export it: HTML <table> (colspan title rows, <p> lines) "
                              "and a Markdown pipe table (<br> line breaks), one table per source page")
            write_json(dirs["truth"] / "s03-khuanlang-export.json", et)
            for name in et["inputs"]:
                for p in check_export_truth(et, dirs["export"] / name):
                    problems_total += 1
                    print(f"  CHECK {p}", file=sys.stderr)
    if not args.only or any("seed".startswith(p) for p in args.only):
        if SEED_EXPORT.exists():  # elsewhere the committed verbatim copy stands in
            shutil.copyfile(SEED_EXPORT, dirs["export"] / "na-mong-2566-export.txt")
        st = seed_export_truth()
        write_json(dirs["truth"] / "seed-na-mong-export.json", st)
        for p in check_export_truth(st, dirs["export"] / "na-mong-2566-export.txt", SEED_OCR_FIXES):
            problems_total += 1
            print(f"  CHECK {p}", file=sys.stderr)
    if not args.only and not args.no_scans:  # a full run owns these folders: drop stale files
        for d in dirs.values():
            for f in d.iterdir():
                if f.is_file() and f.stat().st_mtime < run_started - 1:
                    print(f"removing stale {f.relative_to(HERE)}")
                    f.unlink()
    print(f"truth check: {problems_total} problems; {len(TEXT_LAYER_DIFFS)} strings matched only "
          f"approximately (text-layer glyph mapping differs from what is printed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
