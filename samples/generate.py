"""Render the sample ITA reports, their degraded scans, OCR-export variants and truth JSON.

Run from the repository root:  .venv/bin/python samples/generate.py
Deterministic: every random choice comes from a per-report seeded generator.
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
import copy  # noqa: E402
import html
import io
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import geothai
import numpy as np
from rapidfuzz import fuzz
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import ita_content as content

HERE = Path(__file__).resolve().parent
SEED_EXPORT = Path("/work/shared/seeds/000_5d9e9a4c8f2c7810.txt")
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")

TEXT_LAYER_DIFFS: list[tuple[str, str]] = []
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
RESULT_FIELDS = ["guidelines", "steps", "responsible", "period", "results", "outcomes"]
PLAN_FIELDS = ["guidelines", "steps", "responsible", "period"]
ITEM_FIELDS = ["guidelines", "steps", "results", "outcomes"]
# memo numbers start with the province's official abbreviation
PROVINCE_ABBR = {"สกลนคร": "สน", "ขอนแก่น": "ขก", "สงขลา": "สข", "บุรีรัมย์": "บร",
                 "มหาสารคาม": "มค", "ระยอง": "รย", "เชียงราย": "ชร", "มุกดาหาร": "มห",
                 "ร้อยเอ็ด": "รอ", "เชียงใหม่": "ชม", "สมุทรปราการ": "สป"}


# ---------------------------------------------------------------------------
# small text helpers
# ---------------------------------------------------------------------------

def digits(text: str, style: str) -> str:
    return text.translate(THAI_DIGITS) if style == "thai" else text


def fill(text: str, ctx: dict) -> str:
    return text.format(**ctx)


def period_of(kind: str, fy: int) -> tuple[str, str | None, str | None]:
    """A period as printed (Arabic digits) and its CE start/end months."""
    ce = fy - 543
    whole = (f"{ce - 1}-10", f"{ce}-09")
    table = {
        "short": (f"ต.ค.{(fy - 1) % 100}-ก.ย.{fy % 100}", *whole),
        "short-spaced": (f"ต.ค. {(fy - 1) % 100} - ก.ย. {fy % 100}", *whole),
        "long": (f"ตุลาคม {fy - 1} - กันยายน {fy}", *whole),
        "wholefy": (f"ตลอดปีงบประมาณ {fy}", *whole),
        "dates": (f"1 ต.ค. {fy - 1} – 30 ก.ย. {fy}", *whole),
        "q2-months": (f"ม.ค. - มี.ค. {fy}", f"{ce}-01", f"{ce}-03"),
        "q3-months": (f"เม.ย. - มิ.ย. {fy}", f"{ce}-04", f"{ce}-06"),
        # quarters count from the fiscal year's October
        "quarter2": ("ไตรมาส 2", f"{ce}-01", f"{ce}-03"),
        "quarter1": (f"ไตรมาส 1 (ต.ค. - ธ.ค. {fy - 1})", f"{ce - 1}-10", f"{ce - 1}-12"),
        "asneeded": ("ตามความเหมาะสม", None, None),
        "nov-dec": (f"พฤศจิกายน - ธันวาคม {fy - 1}", f"{ce - 1}-11", f"{ce - 1}-12"),
    }
    return table[kind]


def thai_date(iso: str, style: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return digits(f"{d} {THAI_MONTHS[m - 1]} {y + 543}", style)


def marker_for(style: str, k: int, dstyle: str) -> str:
    """Printed list marker (with its separator) of the k-th item (1-based)."""
    if style == "num-dot":
        return digits(f"{k}. ", dstyle)
    if style == "num-paren":
        return digits(f"{k}) ", dstyle)
    if style == "dash":
        return "- "
    if style == "bullet":
        return "• "
    if style == "none":
        return ""
    raise ValueError(f"unknown marker style {style!r}")


def org_full_name(kind: str, sub: str) -> str:
    return f"{kind}{sub}"


def place(code: str) -> dict:
    a = geothai.address(code)
    return {"subdistrict": a.subdistrict.name_th, "district": a.district.name_th,
            "province": a.province.name_th, "geocode": a.subdistrict.code}


# ---------------------------------------------------------------------------
# the report model used both for rendering and for truth
#   measure = {no, label, title, title_in, rows: [ {field: [item,...]}, ...],
#              responsible, units, period: (text,start,end), rowspan_meta}
#   item = {"marker": printed marker, "text": item text, "tail": continuation paragraph,
#           "inline_with_next": print next item in the same paragraph}
# ---------------------------------------------------------------------------

def item(marker: str, text: str, tail: str | None = None) -> dict:
    return {"marker": marker, "text": text, "tail": tail, "inline": False}


def seed_measures() -> list[dict]:
    """The seed's seven measures, structured as the seed lays them out."""
    out = []
    for sm in content.SEED_MEASURES:
        def conv(tup, nospace=False):
            if tup is None:
                return None
            mk = tup[0]
            sep = "" if (nospace and mk == "-") or not mk else " "
            return item(mk + sep, tup[1], tup[2] if len(tup) > 2 else None)
        nospace = sm.get("nospace_marker", False)
        if "single" in sm:
            s = sm["single"]
            row = {f: [conv(t, nospace) for t in s[f]] for f in ITEM_FIELDS}
            if sm.get("nospace_results_first"):
                row["results"][0]["marker"] = "-"
            rows = [row]
        else:
            rows = []
            for g, st, res, oc in sm["rows"]:
                row = {"guidelines": [conv(g)], "steps": [conv(st)] if st else [],
                       "results": [conv(r) for r in res], "outcomes": [conv(oc)] if oc else []}
                rows.append(row)
            if sm.get("inline_results_first_row"):
                rows[0]["results"][0]["inline"] = True
        out.append({
            "no": sm["no"], "label": sm["num"] + ("" if sm.get("num_nospace") else " "),
            "title": sm["title"], "title_in": sm["title_in"], "rows": rows,
            "responsible": sm["responsible"], "units": sm["units"], "period": sm["period"],
            "header": sm["header"],
        })
    return out


def pool_measure(spec: dict, rep: dict) -> dict:
    """Build one invented measure from the pool with the report's styles."""
    src = content.POOL[spec["key"]]
    ctx = rep["ctx"]
    ds = rep["digits"]
    counts = spec.get("counts", {})
    markers = {**rep["markers"], **spec.get("markers", {})}
    texts = {}
    for f in ITEM_FIELDS:
        n = counts.get(f, len(src[f]))
        texts[f] = [digits(fill(t, ctx), ds) for t in src[f][:n]]
    if rep["type"] == "measures":
        texts["results"], texts["outcomes"] = [], []

    def items_of(f, texts_f, start=1):
        style = markers[f]
        if style == "none" and len(texts_f) > 1:
            style = "dash"  # several unmarked paragraphs would read as one wrapped item
        return [item(marker_for(style, start + i, ds), t) for i, t in enumerate(texts_f)]

    if spec.get("layout", "single") == "rows":
        n = max(len(v) for v in texts.values())
        rows = []
        for i in range(n):
            rows.append({f: items_of(f, texts[f][i:i + 1], start=i + 1) for f in ITEM_FIELDS})
    else:
        rows = [{f: items_of(f, texts[f]) for f in ITEM_FIELDS}]
    ptext, pstart, pend = period_of(spec["period"], rep["fy"])
    no = spec["no"]
    label = rep.get("title_label", "{n}. ").format(n=digits(str(no), ds))
    return {
        "no": no, "label": label, "title": digits(fill(src["title"], ctx), ds),
        "title_in": spec.get("title_in", rep.get("title_in", "cell")), "rows": rows,
        "responsible": spec["responsible"][0], "units": spec["responsible"][1],
        "period": (digits(ptext, ds), pstart, pend), "header": {},
        "rowspan": spec.get("rowspan", False),
    }


def measure_truth(m: dict, rtype: str) -> dict:
    fields = {f: [] for f in ITEM_FIELDS}
    for row in m["rows"]:
        for f in ITEM_FIELDS:
            for it in row.get(f, []):
                if it is None:
                    continue
                text = it["text"] + (it["tail"] or "")
                fields[f].append(text)
    if rtype == "measures":
        assert not fields["results"] and not fields["outcomes"]
    ptext, ps, pe = m["period"]
    return {"no": m["no"], "title": m["title"], **{f: fields[f] for f in ["guidelines", "steps"]},
            "responsible": m["responsible"], "responsible_units": m["units"],
            "period": {"text": ptext, "start": ps, "end": pe},
            "results": fields["results"], "outcomes": fields["outcomes"], "pages": m.get("pages", [])}


# ---------------------------------------------------------------------------
# HTML rendering
# ---------------------------------------------------------------------------

def esc(s: str) -> str:
    return html.escape(s, quote=False)


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
# Private Use Area variant: the positioned-glyph code points (U+F700-F71A) that old
# Windows Thai typesetting wrote into files instead of relying on the shaper.
# Printed it looks the same; the text layer then carries PUA characters.
# ---------------------------------------------------------------------------

ASCENDER = set("ปฝฟฬ")
DESCENDER_CUT = {"ญ": "\uf70f", "ฐ": "\uf700"}  # drop their tail above a lower vowel
DESCENDER_LOWER = set("ฎฏฤฦ")  # lower vowels go further down below these
UPPER_LEFT = {"\u0e34": "\uf701", "\u0e35": "\uf702", "\u0e36": "\uf703", "\u0e37": "\uf704",
              "\u0e31": "\uf710", "\u0e4d": "\uf711", "\u0e47": "\uf712"}
TONE_LEFT_LOW = {"\u0e48": "\uf705", "\u0e49": "\uf706", "\u0e4a": "\uf707", "\u0e4b": "\uf708", "\u0e4c": "\uf709"}
TONE_LOW = {"\u0e48": "\uf70a", "\u0e49": "\uf70b", "\u0e4a": "\uf70c", "\u0e4b": "\uf70d", "\u0e4c": "\uf70e"}
TONE_LEFT = {"\u0e48": "\uf713", "\u0e49": "\uf714", "\u0e4a": "\uf715", "\u0e4b": "\uf716", "\u0e4c": "\uf717"}
LOWER_LOW = {"\u0e38": "\uf718", "\u0e39": "\uf719", "\u0e3a": "\uf71a"}
UPPER_VOWELS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d")
LOWER_VOWELS = set("\u0e38\u0e39\u0e3a")


def to_pua(text: str) -> str:
    out = list(text)
    base = None  # index of the consonant the marks sit on
    upper_seen = False
    for i, ch in enumerate(text):
        if "\u0e01" <= ch <= "\u0e2e":
            base, upper_seen = i, False
            continue
        if base is None:
            continue
        b = text[base]
        if ch in UPPER_VOWELS:
            if b in ASCENDER:
                out[i] = UPPER_LEFT[ch]
            upper_seen = True
        elif ch in TONE_LOW:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if upper_seen:
                if b in ASCENDER:
                    out[i] = TONE_LEFT[ch]
            elif nxt == "\u0e33":  # sara am's nikhahit takes the low slot; the tone stays high
                if b in ASCENDER:
                    out[i] = TONE_LEFT[ch]
            else:
                out[i] = TONE_LEFT_LOW[ch] if b in ASCENDER else TONE_LOW[ch]
        elif ch in LOWER_VOWELS:
            if b in DESCENDER_LOWER:
                out[i] = LOWER_LOW[ch]
            elif b in DESCENDER_CUT:
                out[base] = DESCENDER_CUT[b]
        else:
            base = None
    return "".join(out)


FROM_PUA = {v: k for table in (UPPER_LEFT, TONE_LEFT_LOW, TONE_LOW, TONE_LEFT, LOWER_LOW) for k, v in table.items()}
FROM_PUA.update({"\uf70f": "ญ", "\uf700": "ฐ"})


# ---------------------------------------------------------------------------
# LibreOffice rendering: a flat ODT written by hand, so page size, fonts, ruling and
# the repeated header row are all under our control (Writer's HTML import ignores @page)
# ---------------------------------------------------------------------------

def fodt_for(rep: dict, measures: list[dict]) -> str:
    fields = RESULT_FIELDS if rep["type"] == "results" else PLAN_FIELDS
    ncols = len(fields)
    land = rep["orientation"] == "landscape"
    pw, ph = ("29.7cm", "21cm") if land else ("21cm", "29.7cm")
    usable = (29.7 if land else 21.0) - 3.0
    widths = [usable * w / 100 for w in rep["col_widths"]]
    x = lambda s: html.escape(s, quote=True)  # noqa: E731
    font = rep["font"]
    size = rep["size"]

    def para(text, style="P"):
        return f'<text:p text:style-name="{style}">{x(text)}</text:p>'

    def cell(inner, span=1, style="Cell"):
        cs = f' table:number-columns-spanned="{span}"' if span > 1 else ""
        pad = "<table:covered-table-cell/>" * (span - 1)
        return (f'<table:table-cell table:style-name="{style}" office:value-type="string"{cs}>'
                f'{inner or para("")}</table:table-cell>{pad}')

    rows = []
    for m in measures:
        if m["title_in"] == "row":
            rows.append("<table:table-row>" + cell(para(m["label"] + m["title"], "PB"), ncols) + "</table:table-row>")
        for ri, row in enumerate(m["rows"]):
            cells = []
            for f in fields:
                if f in ("responsible", "period"):
                    text = (m["responsible"] if f == "responsible" else m["period"][0]) if ri == 0 else ""
                    cells.append(cell(para(text, "PC") if text else ""))
                    continue
                inner = ""
                if f == "guidelines" and ri == 0 and m["title_in"] == "cell":
                    inner += para(m["label"] + m["title"], "PB")
                for it in row.get(f, []):
                    if it is None:
                        continue
                    inner += para(it["marker"] + it["text"])
                    if it["tail"]:
                        inner += para(it["tail"])
                cells.append(cell(inner))
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    header = "<table:table-header-rows><table:table-row>" + "".join(
        cell(para(h, "PH"), style="Head") for h in rep["headers"]) + "</table:table-row></table:table-header-rows>"
    cols = "".join(f'<table:table-column table:style-name="C{i}"/>' for i in range(ncols))
    col_styles = "".join(
        f'<style:style style:name="C{i}" style:family="table-column"><style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>'
        for i, w in enumerate(widths))
    memo = rep.get("memo")
    memo_xml = ""
    if memo:
        org = rep["org"]
        memo_xml = ('<text:p text:style-name="MemoHead">บันทึกข้อความ</text:p>'
                    + para(f"ส่วนราชการ {memo['unit']} {org['name']} อำเภอ{org['district']} จังหวัด{org['province']}", "MP")
                    + para(f"ที่ {memo['number']}\u2003\u2003\u2003วันที่ {memo['date_text']}", "MP")
                    + para(f"เรื่อง {memo['subject']}", "MP") + para(f"เรียน {memo['to']}", "MP")
                    + "".join(para(t, "MB") for _, t in memo["sections"]) + para(memo["closing"], "MB")
                    + para("(ลงชื่อ)", "MS") + para(f"({memo['signer']})", "MS") + para(memo["position"], "MS"))
    # the first title line switches to the table's page style, which starts a new page
    titles = "".join(para(t, "PTFirst" if (i == 0 and memo) else "PT") for i, t in enumerate(rep["title_lines"]))
    border = "0.5pt solid #000000"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="{font}" svg:font-family="'{font}'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
  <style:text-properties style:font-name="{font}" fo:font-size="{size}pt"
   style:font-name-complex="{font}" style:font-size-complex="{size}pt" fo:language="th" fo:country="TH"
   style:language-complex="th" style:country-complex="TH"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="{pw}" fo:page-height="{ph}"
   style:print-orientation="{rep['orientation']}" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm"
   fo:margin-left="1.5cm" fo:margin-right="1.5cm"/></style:page-layout>
 <style:page-layout style:name="PM"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   style:print-orientation="portrait" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm"
   fo:margin-left="3cm" fo:margin-right="2cm"/></style:page-layout>
 <style:style style:name="P" style:family="paragraph"/>
 <style:style style:name="MemoHead" style:family="paragraph" style:master-page-name="Memo">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/>
  <style:text-properties fo:font-size="24pt" style:font-size-complex="24pt" fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
 <style:style style:name="MP" style:family="paragraph"><style:text-properties fo:font-size="16pt" style:font-size-complex="16pt"/></style:style>
 <style:style style:name="MB" style:family="paragraph"><style:paragraph-properties fo:text-indent="2.5cm"/>
  <style:text-properties fo:font-size="16pt" style:font-size-complex="16pt"/></style:style>
 <style:style style:name="MS" style:family="paragraph"><style:paragraph-properties fo:margin-left="7cm" fo:text-align="center"/>
  <style:text-properties fo:font-size="16pt" style:font-size-complex="16pt"/></style:style>
 <style:style style:name="PTFirst" style:family="paragraph" style:master-page-name="Standard"><style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
 <style:style style:name="PC" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="PT" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
 <style:style style:name="PH" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
 <style:style style:name="PB" style:family="paragraph">
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
 <style:style style:name="T" style:family="table"><style:table-properties style:width="{usable:.2f}cm" table:align="left"/></style:style>
 {col_styles}
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="{border}"/></style:style>
 <style:style style:name="Head" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="{border}" style:vertical-align="middle"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL"/>
 <style:master-page style:name="Memo" style:page-layout-name="PM"/></office:master-styles>
<office:body><office:text>
{memo_xml}
{titles}
<table:table table:name="ITA" table:style-name="T">{cols}{header}{''.join(rows)}</table:table>
</office:text></office:body></office:document>
"""


def render_libreoffice(rep: dict, measures: list[dict], out_pdf: Path) -> int:
    soffice = shutil.which("soffice")
    if not soffice:
        raise RuntimeError("soffice not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{out_pdf.stem}.fodt"
        src.write_text(fodt_for(rep, measures), encoding="utf-8")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "pdf", "--outdir", tmp, str(src)],
                       check=True, timeout=180, capture_output=True)
        shutil.copy(Path(tmp) / f"{out_pdf.stem}.pdf", out_pdf)
    make_reproducible(out_pdf)
    page_texts = pdf_page_texts(out_pdf)
    for m in measures:
        m["pages"] = pages_by_text(m, page_texts, first_table_page=2 if rep.get("memo") else 1)
    return len(page_texts)


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


# ---------------------------------------------------------------------------
# scans
# ---------------------------------------------------------------------------

def rasterise(pdf: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    pages = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    doc.close()
    return pages


def ink_stamp(img: Image.Image, rng: random.Random, text: str) -> Image.Image:
    """A round rubber stamp and a signature scribble in blue ink, multiplied onto the page."""
    rgb = img.convert("RGB")
    w, h = rgb.size
    layer = Image.new("RGB", rgb.size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    r = int(min(w, h) * 0.075)
    cx, cy = int(w * rng.uniform(0.70, 0.80)), int(h * rng.uniform(0.55, 0.70))
    ink = (60, 70, 170)
    for rr, wd in ((r, 5), (int(r * 0.78), 3)):
        d.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=ink, width=wd)
    font = ImageFont.truetype(str(FONT_DIR / "Garuda.ttf"), size=max(12, r // 4))
    d.text((cx, cy), text, fill=ink, font=font, anchor="mm")
    pts, x0, y0 = [], cx - r * 1.8, cy + r * 1.25
    for i in range(60):
        t = i / 59
        pts.append((x0 + t * r * 2.6, y0 + math.sin(t * 19 + rng.random()) * r * 0.18 * (1 - t / 2)))
    d.line(pts, fill=(30, 40, 120), width=4, joint="curve")
    layer = layer.rotate(rng.uniform(-15, 15), resample=Image.BICUBIC, fillcolor=(255, 255, 255),
                         center=(cx, cy))
    out = np.asarray(rgb, dtype=np.float32) * np.asarray(layer, dtype=np.float32) / 255.0
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def degrade_page(img: Image.Image, spec: dict, rng: random.Random, page_no: int,
                 np_rng: np.random.Generator, log: list[str]) -> Image.Image:
    paper = spec.get("paper", 255)
    if paper < 255:
        arr = np.asarray(img, dtype=np.float32)
        arr = arr * (paper / 255.0)
        # uneven illumination: a soft gradient across the sheet
        gx = np.linspace(0, spec.get("gradient", 0), arr.shape[1], dtype=np.float32)
        arr = arr - gx[None, :]
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if spec.get("edge_shadow"):
        # a thick document scanned open: the binding side darkens and blurs off
        arr = np.asarray(img.convert("L"), dtype=np.float32)
        w = arr.shape[1]
        band = int(w * 0.09)
        ramp = np.clip(1 - np.arange(w, dtype=np.float32) / band, 0, 1) ** 2 * spec["edge_shadow"]
        if page_no % 2 == 0:  # facing pages: the binding is on the other side
            ramp = ramp[::-1]
        arr = arr * (1 - ramp[None, :])
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if spec.get("stamp_page") == page_no:
        img = ink_stamp(img, rng, spec.get("stamp_text", "ตรวจแล้ว"))
    skew = spec.get("skew", 0.0)
    if skew:
        angle = skew + rng.uniform(-0.3, 0.3)
        fill_value = (paper,) * 3 if img.mode == "RGB" else paper
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=fill_value)
    if spec.get("blur"):
        img = img.filter(ImageFilter.GaussianBlur(spec["blur"]))
    if spec.get("noise"):
        arr = np.asarray(img, dtype=np.float32)
        arr = arr + np_rng.normal(0, spec["noise"], arr.shape).astype(np.float32)
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if spec.get("speckle"):
        arr = np.asarray(img.convert("L")).copy()
        n = int(arr.size * spec["speckle"])
        ys = np_rng.integers(0, arr.shape[0], n)
        xs = np_rng.integers(0, arr.shape[1], n)
        arr[ys, xs] = 0
        img = Image.fromarray(arr) if img.mode == "L" else img
    if spec.get("binarise"):
        import cv2
        arr = np.asarray(img.convert("L"))
        if spec["binarise"] == "otsu":
            _, bw = cv2.threshold(arr, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        else:  # a fixed threshold, as cheap fax drivers do: thin strokes break up
            _, bw = cv2.threshold(arr, int(spec["binarise"]), 255, cv2.THRESH_BINARY)
        img = Image.fromarray(bw).convert("1")
    rot = spec.get("rotate", {}).get(page_no)
    if rot:
        img = img.rotate(rot, expand=True)
    return img


def scan_report(pdf: Path, out_dir: Path, doc_id: str, spec: dict, seed: int) -> dict:
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    dpi = spec["dpi"]
    pages = rasterise(pdf, dpi)
    log = [f"dpi{dpi}"]
    if spec.get("skew"):
        log.append(f"skew{spec['skew']:+.1f}")
    if spec.get("paper", 255) < 255:
        log.append("grey paper" + (" + uneven light" if spec.get("gradient") else ""))
    if spec.get("noise"):
        log.append(f"gaussian noise sigma {spec['noise']}")
    if spec.get("blur"):
        log.append(f"blur {spec['blur']}")
    if spec.get("speckle"):
        log.append("speckle")
    if spec.get("binarise"):
        log.append("otsu binarised (fax-like)" if spec["binarise"] == "otsu"
                   else f"binarised at fixed threshold {spec['binarise']} (fax-like)")
    for p, angle in sorted(spec.get("rotate", {}).items()):
        log.append({90: f"sideways page {p} (rotated 90)", 270: f"sideways page {p} (rotated 270)",
                    180: f"upside down page {p}"}[angle])
    if spec.get("edge_shadow"):
        log.append("dark binding shadow at the page edge (alternating sides)")
    if spec.get("stamp_page"):
        log.append(f"round stamp + signature scribble page {spec['stamp_page']}")
    out = [degrade_page(img, spec, rng, i, np_rng, log) for i, img in enumerate(pages, start=1)]
    container = spec["container"]
    q = spec.get("jpeg")
    if container == "pdf":
        import img2pdf
        blobs = []
        for img in out:
            buf = io.BytesIO()
            img.convert("L" if img.mode in ("1", "L") else "RGB").save(buf, "JPEG", quality=q, dpi=(dpi, dpi))
            blobs.append(buf.getvalue())
        name = f"{doc_id}-scan.pdf"
        (out_dir / name).write_bytes(img2pdf.convert(blobs))
        make_reproducible(out_dir / name)
        log.append(f"jpeg{q}")
        log.append("container: image-only PDF")
    elif container == "mixed-pdf":
        # a signed memo scanned and merged in front of the born-digital annex: only the
        # listed pages are images, the rest keep their text layer
        import img2pdf
        import pikepdf
        name = f"{doc_id}-scan.pdf"
        scanned = spec["scanned_pages"]
        with pikepdf.open(pdf) as doc:
            for p in scanned:
                buf = io.BytesIO()
                out[p - 1].convert("L").save(buf, "JPEG", quality=q, dpi=(dpi, dpi))
                img_pdf = pikepdf.open(io.BytesIO(img2pdf.convert([buf.getvalue()])))
                doc.pages.insert(p - 1, img_pdf.pages[0])
                del doc.pages[p]
            doc.save(out_dir / name)
        make_reproducible(out_dir / name)
        log.append(f"jpeg{q}")
        log.append(f"container: mixed PDF, scanned page(s) {scanned}, the others born-digital")
    elif container == "tiff":
        name = f"{doc_id}-scan.tif"
        if q:
            log.append(f"jpeg{q}")
        if all(i.mode == "1" for i in out):
            comp, extra = "group4", {}
        else:  # scanners store grey/colour pages JPEG-compressed inside the TIFF
            comp, extra = "jpeg", {"quality": q or 75}
        out[0].save(out_dir / name, save_all=True, append_images=out[1:], compression=comp,
                    dpi=(dpi, dpi), **extra)
        log.append(f"container: multi-page TIFF ({comp})")
    elif container in ("png", "jpg"):
        assert len(out) == 1, "single-image containers hold one page"
        name = f"{doc_id}-scan.{container}"
        if container == "jpg":
            out[0].convert("RGB" if out[0].mode == "RGB" else "L").save(out_dir / name, "JPEG", quality=q, dpi=(dpi, dpi))
            log.append(f"jpeg{q}")
        else:
            out[0].save(out_dir / name, optimize=True, dpi=(dpi, dpi))
        log.append(f"container: {container.upper()}")
    else:
        raise ValueError(f"unknown container {container!r}")
    return {"file": name, "dpi": dpi, "degradations": log}


def _jpeg_bytes(img: Image.Image, q: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB" if img.mode == "RGB" else "L").save(buf, "JPEG", quality=q)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# the reports
# ---------------------------------------------------------------------------

RESULTS_HEAD = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ",
                "ระยะเวลาดำเนินการ", "ผลการดำเนินการ", "ผลลัพธ์/ความสำเร็จ"]
PLAN_HEAD = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "หน่วยงานที่รับผิดชอบ",
             "ระยะเวลาดำเนินการ"]
W_RESULTS = [26, 20, 12, 11, 17, 14]
W_PLAN = [36, 31, 17, 16]

U = {  # responsible units as printed, with their split
    "pal": ("สำนักปลัด", ["สำนักปลัด"]),
    "pal+audit": ("สำนักปลัดและหน่วยตรวจสอบภายใน", ["สำนักปลัด", "หน่วยตรวจสอบภายใน"]),
    "klang": ("กองคลัง", ["กองคลัง"]),
    "klang,chang": ("กองคลัง, กองช่าง", ["กองคลัง", "กองช่าง"]),
    "all3": ("สำนักปลัด กองคลัง และกองช่าง", ["สำนักปลัด", "กองคลัง", "กองช่าง"]),
    "hr": ("งานบริหารงานบุคคล สำนักปลัด", ["งานบริหารงานบุคคล สำนักปลัด"]),
    "hr+edu": ("งานบริหารงานบุคคลและกองการศึกษา", ["งานบริหารงานบุคคล", "กองการศึกษา"]),
    "audit": ("หน่วยตรวจสอบภายใน", ["หน่วยตรวจสอบภายใน"]),
    "every": ("ทุกส่วนราชการ", ["ทุกส่วนราชการ"]),
    "pal,klang,audit": ("สำนักปลัด, กองคลัง, หน่วยตรวจสอบภายใน", ["สำนักปลัด", "กองคลัง", "หน่วยตรวจสอบภายใน"]),
    "chang": ("กองช่าง", ["กองช่าง"]),
}


def invented_memo(rep: dict, unit: str, number: str, date: str, signer: str, position: str) -> dict:
    ds, fy, org = rep["digits"], rep["fy"], rep["org"]
    what = ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
            if rep["type"] == "results" else "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    head = org["kind"].replace("องค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนตำบล").replace(
        "เทศบาลตำบล", "นายกเทศมนตรีตำบล").replace("เทศบาลเมือง", "นายกเทศมนตรีเมือง")
    subject = digits(f"{'รายงานผล' if rep['type'] == 'results' else 'ขออนุมัติ'}"
                     f"{'การดำเนินการตามมาตรการ' if rep['type'] == 'results' else 'มาตรการ'}"
                     f"ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}", ds)
    sections = [
        ("", digits(f"ตามที่{org['name']} ได้เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
                    f"ประจำปีงบประมาณ พ.ศ. {fy} ซึ่งกำหนดให้หน่วยงานจัดทำ{what} นั้น", ds)),
        ("", f"{unit}ได้ดำเนินการจัดทำ{what}เรียบร้อยแล้ว รายละเอียดตามเอกสารที่แนบมาพร้อมนี้"),
    ]
    return {"unit": unit, "number": digits(number, ds), "date_text": thai_date(date, ds), "date": date,
            "subject": subject, "to": head + org["subdistrict"], "sections": sections,
            "closing": "จึงเรียนมาเพื่อโปรดทราบและพิจารณา", "signer": signer, "position": position}


def base_report(doc_id, kind, code, fy, rtype, **kw) -> dict:
    pl = place(code)
    org = {"name": org_full_name(kind, pl["subdistrict"]), "kind": kind, **pl}
    rep = {"doc_id": doc_id, "engine": "weasyprint", "org": org, "fy": fy, "type": rtype,
           "ctx": {"org": org["name"], "fy": fy, "fy1": fy - 1},
           "headers": RESULTS_HEAD if rtype == "results" else PLAN_HEAD,
           "col_widths": W_RESULTS if rtype == "results" else W_PLAN,
           "markers": {"guidelines": "num-dot", "steps": "dash", "results": "dash", "outcomes": "dash"},
           "ruling": "full", "memo": None, "cover": None}
    rep.update(kw)
    ds = rep["digits"]
    what = ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
            if rtype == "results" else "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    rep.setdefault("title_lines", [what, digits(f"ประจำปีงบประมาณ พ.ศ. {fy}", ds),
                                   f"{org['name']} อำเภอ{org['district']} จังหวัด{org['province']}"])
    if rep.get("lead_col"):
        rep["col_widths"] = [5] + [w * 0.95 for w in rep["col_widths"]]
    return rep


def reports() -> list[dict]:
    out = []

    # s01: the seed re-typeset faithfully (OCR errors corrected)
    s01 = base_report("s01-namong-results-2566", "เทศบาลตำบล", "470303", 2566, "results",
                      font="Laksaman", size=13, digits="thai", orientation="landscape", memo_size=13,
                      table_per_measure=True, col_widths=[27, 20, 11, 10, 18, 14],
                      source_text="the seed export (Na Mong, FY2566 results) re-typeset: memo page (portrait) + cover + one 6-column table per page with a repeated page title; OCR errors corrected",
                      title_lines=["รายงานผลการดำเนินการ เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
                                   "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"],
                      cover=["รายงานผลการดำเนินการ เพื่อส่งเสริมคุณธรรม", "และความโปร่งใสภายในหน่วยงาน",
                             "ประจำปีงบประมาณ พ.ศ.๒๕๖๖", "เทศบาลตำบลนาม่อง อำเภอกุดบาก จังหวัดสกลนคร",
                             "จัดทำโดย", "หน่วยตรวจสอบภายใน"],
                      scan={"dpi": 200, "skew": 1.2, "paper": 236, "gradient": 10, "noise": 4, "jpeg": 45,
                            "rotate": {5: 90}, "container": "pdf"})
    s01["headers"] = content.SEED_HEADER
    s01["memo"] = {**content.SEED_MEMO}
    s01["measures_built"] = seed_measures()
    out.append(s01)

    # s02: อบต. plan, portrait, Arabic digits, small Garuda, title rows, no memo
    s02 = base_report("s02-nonsaat-measures-2567", "องค์การบริหารส่วนตำบล", "400409", 2567, "measures",
                      font="Garuda", size=12, digits="arabic", orientation="portrait",
                      source_text="plan of measures (4 columns), อบต., Arabic digits, title rows spanning all columns, '1.' guidelines and '-' steps, header repeated on each page, no memo",
                      title_in="row", line_height=1.35,
                      scan={"dpi": 300, "skew": -2.4, "noise": 4, "blur": 0.6, "jpeg": 55, "container": "pdf"})
    s02["measures"] = [
        {"key": "oit", "no": 1, "responsible": U["pal"], "period": "short"},
        {"key": "nogift", "no": 2, "responsible": U["pal+audit"], "period": "long"},
        {"key": "procure", "no": 3, "responsible": U["klang"], "period": "wholefy"},
        {"key": "complaint", "no": 4, "responsible": U["pal"], "period": "short"},
        {"key": "coi", "no": 5, "responsible": U["hr+edu"], "period": "q2-months"},
        {"key": "risk", "no": 6, "responsible": U["audit"], "period": "asneeded"},
    ]
    s02["pua_variant"] = True
    out.append(s02)

    # s03: เทศบาลเมือง results, landscape, Thai digits, memo, running page title, a row split over pages
    s03 = base_report("s03-khuanlang-results-2566", "เทศบาลเมือง", "901102", 2566, "results",
                      font="Norasi", size=14, digits="thai", orientation="landscape",
                      page_title="running", bold_titles=True,
                      source_text="results report (6 columns), เทศบาลเมือง, Thai digits, memo page, page title repeated as running header, title inside the first cell, a long measure whose row continues on the next page; also exported as HTML-table and Markdown OCR output",
                      scan={"dpi": 200, "skew": 0.8, "paper": 242, "noise": 5, "jpeg": 45,
                            "stamp_page": 2, "stamp_text": "เทศบาลเมืองควนลัง", "container": "tiff"})
    s03["memo"] = invented_memo(s03, "สำนักปลัดเทศบาล", "สข 52401/1187", "2023-10-18",
                                "นางสาวกนกวรรณ ทองสุข", "นักวิเคราะห์นโยบายและแผนชำนาญการ")
    s03["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินงาน", "หน่วยงานรับผิดชอบ",
                      "ระยะเวลา", "ผลการดำเนินงาน", "ผลลัพธ์/ความสำเร็จ"]
    s03["measures"] = [
        {"key": "eservice", "no": 1, "responsible": U["pal"], "period": "short"},
        {"key": "oit", "no": 2, "responsible": U["pal+audit"], "period": "short"},
        {"key": "procure", "no": 3, "responsible": U["klang,chang"], "period": "short-spaced", "title_in": "row"},
        {"key": "nogift", "no": 4, "responsible": U["all3"], "period": "short"},
        {"key": "hr", "no": 5, "responsible": U["hr"], "period": "long", "title_in": "row"},
    ]
    s03["pua_variant"] = True
    out.append(s03)

    # s04: อบต. results with a leading ลำดับ column, merged responsible/period cells, Arabic
    s04 = base_report("s04-thungkraten-results-2565", "องค์การบริหารส่วนตำบล", "310507", 2565, "results",
                      font="Kinnari", size=13, digits="arabic", orientation="landscape",
                      lead_col="ลำดับ", sara_am="decomposed",
                      source_text="results report with a leading 'ลำดับ' column (7 columns), Arabic digits, sara am typed as nikhahit+sara aa (text layer carries U+0E4D U+0E32), one row per guideline with responsible/period merged down (rowspan), responsible units joined by ',', '1)' numbering",
                      scan={"dpi": 200, "skew": -1.6, "binarise": "otsu", "speckle": 0.0004,
                            "rotate": {2: 180}, "container": "tiff"})
    s04["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "วิธีการดำเนินงาน", "ผู้รับผิดชอบ", "ระยะเวลา",
                      "ผลการดำเนินการ", "ผลลัพธ์"]
    s04["markers"] = {"guidelines": "num-paren", "steps": "num-paren", "results": "dash", "outcomes": "none"}
    s04["measures"] = [
        {"key": "participation", "no": 1, "responsible": U["pal,klang,audit"], "period": "wholefy",
         "layout": "rows", "rowspan": True},
        {"key": "property", "no": 2, "responsible": U["klang"], "period": "nov-dec", "layout": "rows", "rowspan": True},
        {"key": "complaint", "no": 3, "responsible": U["pal"], "period": "short", "counts": {"outcomes": 1}},
        {"key": "ethics", "no": 4, "responsible": U["hr+edu"], "period": "q3-months"},
    ]
    out.append(s04)

    # s05: เทศบาลตำบล plan, horizontal rules only, Loma, Thai digits, memo, • bullets
    s05 = base_report("s05-nadun-measures-2568", "เทศบาลตำบล", "441001", 2568, "measures",
                      font="Loma", size=12, digits="thai", orientation="portrait", ruling="horizontal",
                      source_text="plan of measures with only horizontal rules (no vertical lines), Loma 12pt, Thai digits, memo page in Laksaman 16pt, '•' bullets, 'ไตรมาส' and 'ตามความเหมาะสม' periods",
                      scan={"dpi": 150, "skew": 2.8, "paper": 230, "gradient": 18, "noise": 7, "blur": 0.8,
                            "jpeg": 38, "container": "pdf"})
    s05["memo_font"], s05["memo_size"] = "Laksaman", 16  # memo typed in another font than the annex
    s05["memo"] = invented_memo(s05, "งานนิติการ สำนักปลัดเทศบาล", "มค 54801/642", "2024-11-04",
                                "นายธนากร บุญมา", "นิติกรชำนาญการ")
    s05["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "วิธีการดำเนินการ", "หน่วยงานรับผิดชอบ", "ระยะเวลาดำเนินการ"]
    s05["markers"] = {"guidelines": "num-dot", "steps": "bullet", "results": "dash", "outcomes": "dash"}
    s05["measures"] = [
        {"key": "ita_fix", "no": 1, "responsible": U["pal"], "period": "quarter1"},
        {"key": "oit", "no": 2, "responsible": U["every"], "period": "wholefy"},
        {"key": "coi", "no": 3, "responsible": U["hr"], "period": "quarter2"},
        {"key": "property", "no": 4, "responsible": U["klang"], "period": "asneeded"},
        {"key": "participation", "no": 5, "responsible": U["pal,klang,audit"], "period": "long"},
    ]
    out.append(s05)

    # s06: เทศบาลเมือง results, portrait, Waree 12, page numbers, "1 ต.ค. 2566 – 30 ก.ย. 2567"
    s06 = base_report("s06-banchang-results-2567", "เทศบาลเมือง", "210203", 2567, "results",
                      font="Waree", size=12, digits="arabic", orientation="portrait",
                      page_numbers=True, col_widths=[24, 20, 12, 12, 18, 14], sara_am="decomposed",
                      source_text="results report in portrait with 6 narrow columns (items wrap over many lines), Waree 12pt, Arabic digits, sara am typed as nikhahit+sara aa, page numbers, '1)' guidelines, headers 'ตัวชี้วัด/ผลลัพธ์', no memo, signature block after the table",
                      footer_lines=["ผู้รายงาน", "(นางสาวศิริพร แก้วประเสริฐ)", "หัวหน้าหน่วยตรวจสอบภายใน"],
                      scan={"dpi": 200, "skew": -0.7, "noise": 3, "jpeg": 60, "rotate": {2: 90},
                            "container": "pdf"})
    s06["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ",
                      "ระยะเวลาดำเนินการ", "ผลการดำเนินการ", "ตัวชี้วัด/ผลลัพธ์"]
    s06["markers"] = {"guidelines": "num-paren", "steps": "dash", "results": "bullet", "outcomes": "bullet"}
    s06["title_label"] = "มาตรการที่ {n} "
    s06["measures"] = [
        {"key": "risk", "no": 1, "responsible": U["audit"], "period": "dates"},
        {"key": "eservice", "no": 2, "responsible": U["pal"], "period": "dates"},
        {"key": "ethics", "no": 3, "responsible": U["hr"], "period": "q3-months"},
        {"key": "complaint", "no": 4, "responsible": U["pal+audit"], "period": "dates"},
        {"key": "coi", "no": 5, "responsible": U["hr"], "period": "quarter2"},
    ]
    out.append(s06)

    # s07: อบต. plan, landscape, 'ที่' column, Umpush 14, Thai digits, memo, measures as row blocks
    s07 = base_report("s07-maekhaotom-measures-2565", "องค์การบริหารส่วนตำบล", "570105", 2565, "measures",
                      font="Umpush", size=14, digits="thai", orientation="landscape", lead_col="ที่",
                      source_text="plan of measures with a leading 'ที่' column (5 columns), landscape, Umpush 14pt, Thai digits, memo page, one guideline per row with responsible/period only in the first row, 'ไตรมาส ๒' period",
                      scan={"dpi": 200, "skew": 3.0, "paper": 238, "noise": 8, "jpeg": 42,
                            "rotate": {2: 270}, "container": "pdf"})
    s07["memo"] = invented_memo(s07, "สำนักปลัด", "ชร 79301/0451", "2021-12-15",
                                "นายอนุชา ใจดี", "ปลัดองค์การบริหารส่วนตำบล")
    s07["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    s07["col_widths"] = [6, 36, 30, 15, 13]
    s07["measures"] = [
        {"key": "nogift", "no": 1, "responsible": U["pal"], "period": "quarter2", "layout": "rows"},
        {"key": "hr", "no": 2, "responsible": U["hr+edu"], "period": "short", "layout": "rows"},
        {"key": "complaint", "no": 3, "responsible": U["pal+audit"], "period": "asneeded"},
        {"key": "procure", "no": 4, "responsible": U["klang,chang"], "period": "long", "layout": "rows"},
    ]
    s07["pua_variant"] = True
    out.append(s07)

    # s08: one page, layout table without any ruling, Sawasdee, Arabic, scanned to JPEG
    s08 = base_report("s08-dontan-results-2568", "เทศบาลตำบล", "490301", 2568, "results",
                      font="Sawasdee", size=12, digits="arabic", orientation="landscape", ruling="none",
                      bold_titles=True,
                      col_widths=[26, 21, 11, 12, 17, 13],
                      source_text="one-page results report laid out as an unruled table (columns aligned only, bold measure titles), Sawasdee 12pt, Arabic digits, 'ผลลัพธ์' header, scanned to a single JPEG",
                      scan={"dpi": 200, "skew": -1.1, "paper": 245, "noise": 5, "blur": 0.5, "jpeg": 55,
                            "container": "jpg"})
    s08["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ",
                      "ระยะเวลาดำเนินการ", "ผลการดำเนินการ", "ผลลัพธ์"]
    s08["measures"] = [
        {"key": "ita_fix", "no": 1, "responsible": U["pal"], "period": "quarter1", "counts": {"guidelines": 2, "steps": 2}},
        {"key": "eservice", "no": 2, "responsible": U["pal"], "period": "wholefy"},
    ]
    out.append(s08)

    # s09: big type, memo scanned in front of a born-digital annex (mixed PDF)
    s09 = base_report("s09-thaphra-results-2568", "เทศบาลตำบล", "400104", 2568, "results",
                      font="Garuda", size=16, digits="thai", orientation="portrait", title_in="row",
                      col_widths=[25, 20, 13, 12, 16, 14], memo_size=15, line_height=1.2,
                      source_text="results report in 16pt Garuda, portrait, Thai digits, memo page; every measure as a title row; header row only on the first page (not repeated); its scan is a mixed PDF: the signed memo page scanned, the table pages born-digital",
                      header_repeat=False,
                      scan={"dpi": 200, "skew": 0.9, "paper": 240, "noise": 5, "jpeg": 50,
                            "container": "mixed-pdf", "scanned_pages": [1]})
    s09["memo"] = invented_memo(s09, "หน่วยตรวจสอบภายใน", "ขก 51808/318", "2025-10-09",
                                "นางวิไลวรรณ สีหาราช", "นักวิชาการตรวจสอบภายในชำนาญการ")
    s09["headers"] = ["มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา",
                      "ผลการดำเนินการ", "ผลลัพธ์"]
    s09["markers"] = {"guidelines": "num-dot", "steps": "dash", "results": "num-dot", "outcomes": "dash"}
    s09["measures"] = [
        {"key": "ita_fix", "no": 1, "responsible": U["pal"], "period": "q2-months"},
        {"key": "participation", "no": 2, "responsible": ("กองช่าง และกองคลัง", ["กองช่าง", "กองคลัง"]),
         "period": "wholefy"},
        {"key": "property", "no": 3, "responsible": U["klang"], "period": "quarter1"},
    ]
    out.append(s09)

    # s10: two-row header (a group over result columns), no repeated header, clean grey TIFF
    s10 = base_report("s10-bangsaothong-results-2566", "เทศบาลตำบล", "110601", 2566, "results",
                      font="Kinnari", size=12, digits="arabic", orientation="landscape",
                      group_header=("ผลการดำเนินงาน", 4, 2), bold_titles=True,
                      source_text="results report with a two-row header (ผลการดำเนินงาน spanning ผลการดำเนินการ | ผลลัพธ์/ความสำเร็จ), Kinnari 12pt, Arabic digits, landscape, no memo, row-block measures with empty responsible/period cells below the first row",
                      scan={"dpi": 150, "skew": -0.4, "paper": 248, "container": "tiff"})
    s10["markers"] = {"guidelines": "num-dot", "steps": "num-dot", "results": "dash", "outcomes": "bullet"}
    s10["measures"] = [
        {"key": "procure", "no": 1, "responsible": U["klang"], "period": "short-spaced", "layout": "rows"},
        {"key": "hr", "no": 2, "responsible": U["hr+edu"], "period": "long", "layout": "rows"},
        {"key": "complaint", "no": 3, "responsible": U["pal+audit"], "period": "q3-months", "title_in": "row"},
        {"key": "oit", "no": 4, "responsible": U["chang"], "period": "asneeded"},
        {"key": "nogift", "no": 5, "responsible": U["every"], "period": "short-spaced", "layout": "rows"},
    ]
    out.append(s10)

    # s11: one-page plan in Sarabun-like 16pt, scanned upside down to a 1-bit PNG
    s11 = base_report("s11-sila-measures-2566", "เทศบาลตำบล", "400114", 2566, "measures",
                      font="Laksaman", size=16, digits="thai", orientation="portrait", title_in="row",
                      col_widths=[38, 30, 16, 16], line_height=1.15,
                      source_text="one-page plan of measures in Laksaman (Sarabun-like) 16pt, portrait, Thai digits, title rows, '๑)' guidelines, '-' steps; its scan is a single 1-bit PNG fed upside down",
                      scan={"dpi": 200, "skew": 1.5, "binarise": 165, "rotate": {1: 180}, "container": "png"})
    s11["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    s11["markers"] = {"guidelines": "num-paren", "steps": "dash", "results": "dash", "outcomes": "dash"}
    s11["measures"] = [
        {"key": "nogift", "no": 1, "responsible": U["pal"], "period": "short", "counts": {"steps": 2}},
        {"key": "risk", "no": 2, "responsible": U["audit"], "period": "quarter2"},
    ]
    out.append(s11)

    # s12: report title as merged rows inside the repeated table header, "มาตรการที่ ๑" title rows
    s12 = base_report("s12-pakphraek-results-2565", "เทศบาลเมือง", "800901", 2565, "results",
                      font="Umpush", size=12, digits="thai", orientation="portrait", title_in="row",
                      title_in_table=True, col_widths=[25, 20, 12, 12, 17, 14],
                      source_text="results report whose title lines are merged rows inside the table header (repeated on every page), 'มาตรการที่ ๑' title rows, Umpush 12pt, Thai digits, portrait, no memo; scan with a dark binding shadow",
                      scan={"dpi": 200, "skew": -1.3, "paper": 235, "noise": 5, "jpeg": 50, "edge_shadow": 0.75,
                            "container": "pdf"})
    s12["title_label"] = "มาตรการที่ {n} "
    s12["headers"] = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "หน่วยงานที่รับผิดชอบ",
                      "ระยะเวลาดำเนินการ", "ผลการดำเนินการ", "ผลลัพธ์/ความสำเร็จ"]
    s12["markers"] = {"guidelines": "num-dot", "steps": "bullet", "results": "num-dot", "outcomes": "none"}
    s12["measures"] = [
        {"key": "oit", "no": 1, "responsible": U["pal"], "period": "long", "counts": {"outcomes": 1}},
        {"key": "eservice", "no": 2, "responsible": U["pal,klang,audit"], "period": "q2-months"},
        {"key": "coi", "no": 3, "responsible": U["hr"], "period": "quarter2"},
        {"key": "risk", "no": 4, "responsible": U["audit"], "period": "short", "counts": {"outcomes": 1}},
    ]
    out.append(s12)

    # LibreOffice renders: different engine, same model
    lo1 = base_report("lo01-khamphaung-results-2566", "องค์การบริหารส่วนตำบล", "450806", 2566, "results",
                      font="Kinnari", size=14, digits="thai", orientation="landscape", engine="libreoffice",
                      source_text="results report rendered by LibreOffice Writer (flat ODT → PDF), portrait memo page then landscape table, Kinnari 14pt, Thai digits, repeated header row, title rows spanning all columns",
                      title_in="row",
                      scan={"dpi": 200, "skew": 1.9, "paper": 240, "noise": 6, "jpeg": 48, "container": "pdf"})
    lo1["memo"] = invented_memo(lo1, "สำนักปลัด", "รอ 76901/0892", "2023-11-02",
                                "นางสาวปวีณา ศรีวงศ์", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ")
    lo1["measures"] = [
        {"key": "oit", "no": 1, "responsible": U["pal"], "period": "short"},
        {"key": "complaint", "no": 2, "responsible": U["pal+audit"], "period": "short"},
        {"key": "coi", "no": 3, "responsible": U["hr"], "period": "long"},
        {"key": "property", "no": 4, "responsible": U["klang"], "period": "wholefy"},
    ]
    out.append(lo1)

    lo2 = base_report("lo02-padaet-measures-2568", "เทศบาลตำบล", "500110", 2568, "measures",
                      font="Loma", size=14, digits="arabic", orientation="portrait", engine="libreoffice",
                      source_text="plan of measures rendered by LibreOffice Writer, Loma 14pt, Arabic digits, portrait, title inside the first cell, '•' steps",
                      scan={"dpi": 150, "skew": -2.0, "binarise": "otsu", "container": "tiff"})
    lo2["markers"] = {"guidelines": "num-dot", "steps": "bullet", "results": "dash", "outcomes": "dash"}
    lo2["measures"] = [
        {"key": "ethics", "no": 1, "responsible": U["hr"], "period": "q2-months"},
        {"key": "eservice", "no": 2, "responsible": U["pal"], "period": "wholefy"},
        {"key": "risk", "no": 3, "responsible": U["audit"], "period": "dates"},
        {"key": "nogift", "no": 4, "responsible": U["every"], "period": "asneeded"},
        {"key": "procure", "no": 5, "responsible": U["klang"], "period": "long"},
    ]
    out.append(lo2)
    return out


def build_measures(rep: dict) -> list[dict]:
    if "measures_built" in rep:
        return copy.deepcopy(rep["measures_built"])
    return [pool_measure(spec, rep) for spec in rep["measures"]]


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


# ---------------------------------------------------------------------------
# OCR-export variants (as an OCR service would emit them) and their truth
# ---------------------------------------------------------------------------

def _export_preamble(rep: dict) -> list[str]:
    lines = []
    memo = rep.get("memo")
    if memo:
        org = rep["org"]
        lines += ["บันทึกข้อความ",
                  f"ส่วนราชการ {memo['unit']} {org['name']} อำเภอ{org['district']} จังหวัด{org['province']}",
                  f"ที่ {memo['number']} วันที่ {memo['date_text']}",
                  f"เรื่อง {memo['subject']}", f"เรียน {memo['to']}"]
        lines += [t for _, t in memo["sections"]]
        lines += [memo["closing"], "(ลงชื่อ)", f"({memo['signer']})", memo["position"]]
    return lines


def _cell_lines(m: dict, row: dict, f: str, ri: int, rep: dict) -> list[str]:
    if f in ("responsible", "period"):
        if ri:
            return []
        return [m["responsible"] if f == "responsible" else m["period"][0]]
    lines = []
    if f == "guidelines" and ri == 0 and m["title_in"] == "cell":
        lines.append(m["label"] + m["title"])
    for it in row.get(f, []):
        if it is None:
            continue
        if it.get("inline"):
            lines.append(it["marker"] + it["text"])
            continue
        if lines and lines[-1] is not None and row.get(f) and it is not row[f][0] and \
                row[f][row[f].index(it) - 1].get("inline"):
            lines[-1] += " " + it["marker"] + it["text"]
        else:
            lines.append(it["marker"] + it["text"])
        if it["tail"]:
            lines.append(it["tail"])
    return lines


def _tables_by_page(measures: list[dict]) -> list[list[dict]]:
    """Group measures into per-page tables, as page-by-page OCR output does."""
    groups, last = [], None
    for m in measures:
        first = (m.get("pages") or [0])[0]
        if first != last:
            groups.append([])
            last = first
        groups[-1].append(m)
    return groups


def export_html(rep: dict, measures: list[dict]) -> str:
    fields = RESULT_FIELDS if rep["type"] == "results" else PLAN_FIELDS
    parts = [f"<p>{esc(x)}</p>" for x in _export_preamble(rep)]
    for group in _tables_by_page(measures):
        parts += [f"<p>{esc(x)}</p>" for x in rep["title_lines"]]
        rows = ["<tr>" + "".join(f"<th>{esc(h)}</th>" for h in rep["headers"]) + "</tr>"]
        for m in group:
            if m["title_in"] == "row":
                rows.append(f'<tr><td colspan="{len(fields)}">{esc(m["label"] + m["title"])}</td></tr>')
            for ri, row in enumerate(m["rows"]):
                tds = []
                for f in fields:
                    ls = _cell_lines(m, row, f, ri, rep)
                    tds.append("<td>" + "".join(f"<p>{esc(x)}</p>" for x in ls) + "</td>")
                rows.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("<table>\n" + "\n".join(rows) + "\n</table>")
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def export_markdown(rep: dict, measures: list[dict]) -> str:
    fields = RESULT_FIELDS if rep["type"] == "results" else PLAN_FIELDS
    md = lambda s: s.replace("|", "\\|")  # noqa: E731
    out = [*(_export_preamble(rep))]
    for group in _tables_by_page(measures):
        out += ["", *(f"**{x}**" for x in rep["title_lines"]), ""]
        out.append("| " + " | ".join(rep["headers"]) + " |")
        out.append("|" + "---|" * len(fields))
        for m in group:
            if m["title_in"] == "row":
                out.append("| " + md(m["label"] + m["title"]) + " |" + "  |" * (len(fields) - 1))
            for ri, row in enumerate(m["rows"]):
                cells = [md("<br>".join(_cell_lines(m, row, f, ri, rep))) for f in fields]
                out.append("| " + " | ".join(cells) + " |")
    return "\n\n".join(x for x in out[:len(_export_preamble(rep))]) + "\n" + "\n".join(out[len(_export_preamble(rep)):]) + "\n"


def export_truth(rep: dict, measures: list[dict], doc_id: str, inputs: list[str], note: str) -> dict:
    t = truth_for(rep, measures, None)
    t.pop("render")
    t["doc_id"] = doc_id
    t["set"] = "export"
    t["inputs"] = inputs
    t["source_text"] = note
    return t


SEED_OCR_FIXES = [("นาม่วง", "นาม่อง"), ("กุศุดบาก", "กุดบาก"), ("กุตุบกา", "กุดบาก"),
                  ("มีอึดัยคัย", "มีอัธยาศัย"), ("การค้าชู้ตักัน", "การขัดกัน"), ("กรใช้อำนาจ", "การใช้อำนาจ")]


def check_export_truth(truth: dict, export: Path, fixes: list[tuple[str, str]] = ()) -> list[str]:
    """Every truth string must be in the export's text (tags and <br> removed, listed OCR fixes applied)."""
    raw = export.read_text(encoding="utf-8")
    for wrong, right in fixes:
        raw = raw.replace(wrong, right)
    text = squash(html.unescape(re.sub(r"<[^>]+>", "", raw)).replace("\\|", "|"))
    problems = []
    for m in truth["measures"]:
        for s in [m["title"], m["responsible"], m["period"]["text"], *(x for f in ITEM_FIELDS for x in m[f])]:
            if squash(s) not in text:
                problems.append(f"{export.name}: measure {m['no']}: not found: {s[:40]}…")
    return problems


def seed_export_truth() -> dict:
    rep = {"doc_id": "seed-na-mong-export", "engine": "export", "font": None, "size": None,
           "digits": "thai", "orientation": None, "type": "results", "fy": 2566,
           "org": {"name": "เทศบาลตำบลนาม่อง", "kind": "เทศบาลตำบล", **place("470303")},
           "memo": content.SEED_MEMO, "source_text": ""}
    measures = seed_measures()
    for m in measures:  # memo p1, cover p2, then one measure per page in the source PDF
        m["pages"] = [m["no"] + 2]
    # the seed prints the memo number with spaces around the slash
    rep["memo"] = {**content.SEED_MEMO, "number": "สน ๕๘๑๐๗ / ๖๕"}
    return export_truth(rep, measures, "seed-na-mong-export", ["na-mong-2566-export.txt"],
                        "the seed OCR text export of Na Mong's FY2566 results report; truth corrects the OCR errors "
                        "(นาม่วง, กุศุดบาก/กุตุบกา, มีอึดัยคัย, การค้าชู้ตักัน, กรใช้อำนาจ), everything else as printed")


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
