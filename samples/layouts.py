"""Random ITA report layouts with truth: the development benchmark of issue 9.

Every document is drawn at random from a space of layouts, each axis drawn on its own
(ruling, title form, rows, columns, header, page furniture, type, route), filled with
measures recombined from `ita_content.POOL`, rendered born-digital through WeasyPrint or
through the Word route (python-docx, then LibreOffice), and a share of them scanned with
`heldout.py`'s degradations. Then `ita extract` reads them, and the figures are printed
overall, per route, for the scans, and per value of every axis, so the failing factor shows.

    .venv/bin/python samples/layouts.py                      # 200 documents, 50 scans, new seed
    .venv/bin/python samples/layouts.py --n 30 --scans 6 --seed 12345 --out /tmp/lay
    .venv/bin/python samples/layouts.py --render-only --n 40 --out /tmp/lay   # documents + truth only

The seed is new each run (from os.urandom) and printed; pass --seed to replay a run. The
output folder works as score.py's HELDOUTDIR (truth/*.json carry `inputs` and sets).
Nothing here is committed output.
"""

from __future__ import annotations

import os

os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from html import escape  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate as gen  # noqa: E402
import ita_content as content  # noqa: E402
from heldout import draw_spec  # noqa: E402

from layout_scoring import (SCORE_PY, load_scorer, print_report, run_extract,  # noqa: E402, F401
                            score_doc, score_set)

# ---------------------------------------------------------------------------
# the space of layouts: every axis and its values (drawn uniformly and independently)
# ---------------------------------------------------------------------------

FONTS = ["Laksaman", "Garuda", "Norasi", "Kinnari", "Loma", "Umpush", "Waree", "Sawasdee",
         "Noto Sans Thai"]


def available_fonts() -> list[str]:
    """The fonts of FONTS that fontconfig knows (Noto Sans Thai needs fonts-noto-core)."""
    try:
        have = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return FONTS[:1]
    fams = {f.strip() for line in have.splitlines() for f in line.split(",")}
    return [f for f in FONTS if f in fams] or ["Laksaman"]


AXES: dict[str, list] = {
    "route": ["weasy", "word"],
    "report_type": ["measures", "results"],          # 4-column plans, 6-column results
    "ruling": ["full", "horizontal", "frame-header", "vertical", "none"],
    "title_form": ["row", "cell", "index", "label", "mixed"],
    "rows": ["per-measure", "per-guideline-rowspan", "per-guideline-first-only"],
    "columns": ["standard", "extra-budget", "extra-note", "period-first"],
    "header_rows": [1, 2],
    "header_repeat": [True, False],
    "header_wording": ["usual", "varied"],
    "running_title": [True, False],
    "page_numbers": [True, False],
    "cover": [True, False],
    "memo": [True, False],
    "signature": [True, False],
    "notes_after": [True, False],
    "font": FONTS,
    "size": [12, 13, 14, 15, 16],
    "orientation": ["portrait", "landscape"],
    "digits": ["thai", "arabic"],
    "row_split": ["allowed", "avoided"],
}

HEADS_USUAL = {
    "guidelines": "มาตรการ/แนวทางการปฏิบัติ", "steps": "ขั้นตอน/วิธีการดำเนินการ",
    "responsible": "ผู้รับผิดชอบ", "period": "ระยะเวลาดำเนินการ",
    "results": "ผลการดำเนินการ", "outcomes": "ผลลัพธ์/ความสำเร็จ",
    "budget": "งบประมาณ", "note": "หมายเหตุ",
}
HEADS_VARIED = {
    "guidelines": ["มาตรการ/แนวทางปฏิบัติ", "แนวทางการดำเนินการ", "มาตรการ / แนวทาง", "มาตรการ"],
    "steps": ["วิธีการดำเนินการ", "ขั้นตอนการดำเนินงาน", "กิจกรรม/วิธีการ", "ขั้นตอน/วิธีการ ดำเนินการ"],
    "responsible": ["หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบ/หน่วยงาน"],
    "period": ["ระยะเวลา", "ห้วงเวลาดำเนินการ", "ระยะเวลาการดำเนินงาน", "ระยะเวลา ดำเนินการ"],
    "results": ["ผลการดำเนินงาน", "ผลการปฏิบัติ", "ผลการดำเนินการตามมาตรการ"],
    "outcomes": ["ผลลัพธ์", "ตัวชี้วัด/ผลลัพธ์", "ผลสัมฤทธิ์", "ผลลัพธ์ที่ได้"],
    "budget": ["งบประมาณ (บาท)", "งบประมาณ"],
    "note": ["หมายเหตุ"],
}
WIDTHS = {"lead": 5, "guidelines": 26, "steps": 20, "responsible": 12, "period": 11,
          "results": 17, "outcomes": 14, "budget": 8, "note": 8}
PERIOD_KINDS = ["short", "short-spaced", "long", "wholefy", "dates", "q2-months", "q3-months",
                "quarter2", "quarter1", "asneeded", "nov-dec"]
PLACES = [("เทศบาลตำบล", "470303"), ("องค์การบริหารส่วนตำบล", "400409"), ("เทศบาลเมือง", "901102"),
          ("องค์การบริหารส่วนตำบล", "310507"), ("เทศบาลตำบล", "441001"), ("เทศบาลเมือง", "210203"),
          ("องค์การบริหารส่วนตำบล", "570105"), ("เทศบาลตำบล", "490301"), ("เทศบาลตำบล", "400104"),
          ("เทศบาลตำบล", "110601"), ("เทศบาลตำบล", "400114"), ("เทศบาลเมือง", "800901"),
          ("องค์การบริหารส่วนตำบล", "450806"), ("เทศบาลตำบล", "500110")]
SIGNERS = [("นางสาวศิริพร ใจดี", "นักวิชาการตรวจสอบภายในปฏิบัติการ"),
           ("นายสมชาย วงศ์ไทย", "ปลัดองค์การบริหารส่วนตำบล"),
           ("นางวิไลวรรณ ศรีสุข", "นักทรัพยากรบุคคลชำนาญการ"),
           ("นายประเสริฐ มั่นคง", "หัวหน้าสำนักปลัด")]
NOTES = ["หมายเหตุ: ข้อมูล ณ วันที่ 30 กันยายน {fy}",
         "หมายเหตุ: รายงานนี้จัดทำเพื่อประกอบการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. {fy}",
         "หมายเหตุ: หน่วยงานจะทบทวนมาตรการทุกปีงบประมาณ"]


def draw_layout(rng: random.Random, fonts: list[str], only_route: str | None = None) -> dict:
    lay = {}
    for axis, values in AXES.items():
        vals = fonts if axis == "font" else values
        lay[axis] = rng.choice(vals)
    if only_route:
        lay["route"] = only_route
    return lay


# ---------------------------------------------------------------------------
# content: measures recombined from the pool
# ---------------------------------------------------------------------------

def draw_items(rng: random.Random, own: list[str], other: list[str], lo: int = 1) -> list[str]:
    k = rng.randint(lo, len(own))
    picked = [own[i] for i in sorted(rng.sample(range(len(own)), k))]
    if other and rng.random() < 0.25:  # recombination: one item of another theme
        picked.insert(rng.randint(0, len(picked)), rng.choice(other))
    return picked


def draw_measures(rng: random.Random, rep: dict) -> list[dict]:
    """Measures as plain truth-like records (texts as printed, without markers)."""
    keys = list(content.POOL)
    n = rng.randint(2, 7)
    chosen = rng.sample(keys, n)
    ds, ctx = rep["digits"], rep["ctx"]
    out = []
    for no, key in enumerate(chosen, start=1):
        src = content.POOL[key]
        other = content.POOL[rng.choice([k for k in keys if k != key])]
        tx = lambda ts: [gen.digits(gen.fill(t, ctx), ds) for t in ts]  # noqa: E731
        m = {"no": no, "title": gen.digits(gen.fill(src["title"], ctx), ds),
             "guidelines": tx(draw_items(rng, src["guidelines"], other["guidelines"])),
             "steps": tx(draw_items(rng, src["steps"], other["steps"])),
             "results": [], "outcomes": []}
        if rep["type"] == "results":
            m["results"] = tx(draw_items(rng, src["results"], other["results"]))
            m["outcomes"] = tx(draw_items(rng, src["outcomes"], []))
        resp, units = rng.choice(list(gen.U.values()))
        ptext, ps, pe = gen.period_of(rng.choice(PERIOD_KINDS), rep["fy"])
        m.update(responsible=resp, responsible_units=list(units),
                 period={"text": gen.digits(ptext, ds), "start": ps, "end": pe},
                 budget=gen.digits(rng.choice(["-", "ไม่ใช้งบประมาณ", "10,000", "25,000", "5,000"]), ds),
                 note=rng.choice(["", "", "ดำเนินการแล้ว", "ต่อเนื่อง"]))
        out.append(m)
    return out


# ---------------------------------------------------------------------------
# the table as a grid of cells, shared by both routes
#   cell = {"field", "paras": [(text, bold, id)], "colspan", "rowspan"}
#   row  = {"cells": [...], "title": bool, "measure": no}
# ---------------------------------------------------------------------------

def columns_of(lay: dict, rng: random.Random) -> list[str]:
    cols = (["guidelines", "steps", "responsible", "period", "results", "outcomes"]
            if lay["report_type"] == "results" else ["guidelines", "steps", "responsible", "period"])
    if lay["columns"] == "period-first":
        i, j = cols.index("responsible"), cols.index("period")
        cols[i], cols[j] = cols[j], cols[i]
    elif lay["columns"] in ("extra-budget", "extra-note"):
        extra = "budget" if lay["columns"] == "extra-budget" else "note"
        cols.insert(rng.randint(1, len(cols)), extra)  # any position after the first
    return cols


def marker_styles(rng: random.Random) -> dict:
    return {"guidelines": rng.choice(["num-dot", "num-paren"]),
            "steps": rng.choice(["dash", "bullet", "num-dot"]),
            "results": rng.choice(["dash", "bullet", "num-dot"]),
            "outcomes": rng.choice(["dash", "bullet", "none"])}


def title_forms(lay: dict, n: int, rng: random.Random) -> list[str]:
    """Per measure: 'row' (spanning bold row), 'cell' (bold first paragraph), 'label-row',
    'label-cell' (มาตรการที่ ๑), 'index-row' / 'index-cell' (number in a leading column)."""
    form = lay["title_form"]
    if form == "index":
        return [rng.choice(["index-row", "index-cell"])] * n
    if form == "label":
        return [rng.choice(["label-row", "label-cell"])] * n
    if form in ("row", "cell"):
        return [form] * n
    a, b = rng.sample(["row", "cell", rng.choice(["label-row", "label-cell"])], 2)
    forms = [a, b] + [rng.choice([a, b]) for _ in range(max(0, n - 2))]
    rng.shuffle(forms)
    return forms[:n] if n >= 2 else [a]


def header_of(lay: dict, cols: list[str], rng: random.Random) -> tuple[list[str], tuple | None]:
    """The column labels, and the label over two of them when the header has two rows."""
    heads_src = HEADS_USUAL if lay["header_wording"] == "usual" else {
        k: rng.choice(v) for k, v in HEADS_VARIED.items()}
    heads = [heads_src[f] for f in cols]
    group = None
    if lay["header_rows"] == 2:
        if "results" in cols and cols.index("outcomes") == cols.index("results") + 1:
            group = ("ผลการดำเนินงาน" if heads[cols.index("results")] != "ผลการดำเนินงาน" else "ผลการดำเนินการ",
                     cols.index("results"), 2)
        else:  # a plan: group the two describing columns, or any adjacent pair left
            k = cols.index("guidelines")
            if cols[k + 1] == "steps":
                group = ("การดำเนินการตามมาตรการ", k, 2)
            else:
                k = cols.index("steps")
                group = ("การดำเนินการ", k, 2) if k + 1 < len(cols) else ("การดำเนินการ", k - 1, 2)
    return heads, group


def build_grid(lay: dict, rep: dict, measures: list[dict], rng: random.Random) -> dict:
    cols = columns_of(lay, rng)
    lead = rng.choice(["ที่", "ลำดับ"]) if lay["title_form"] == "index" else None
    ncols = len(cols) + (1 if lead else 0)
    markers = marker_styles(rng)
    ds = rep["digits"]
    forms = title_forms(lay, len(measures), rng)
    rows_out = []
    for m, form in zip(measures, forms):
        no = m["no"]
        num = gen.digits(str(no), ds)
        label = f"มาตรการที่ {num} " if form.startswith("label") else f"{num}. "
        if form.startswith("index"):
            label = ""
        title_para = (label + m["title"], True, f"m{no}-title")
        lead_text = num if form.startswith("index") else ""
        per_row = lay["rows"] != "per-measure"
        item_fields = [f for f in ("guidelines", "steps", "results", "outcomes") if f in cols]
        nrows = max(len(m[f]) for f in item_fields) if per_row else 1

        def paras(f, texts, start):
            style = markers[f]
            if style == "none" and len(m[f]) > 1:
                style = "dash"  # several unmarked paragraphs would read as one wrapped item
            return [(gen.marker_for(style, start + k, ds) + t, False, f"m{no}-{f}-{start + k}")
                    for k, t in enumerate(texts)]

        if form.endswith("row"):
            cells = []
            span = ncols
            if lead:
                cells.append({"field": "lead", "paras": [(lead_text, True, f"m{no}-no")], "colspan": 1, "rowspan": 1})
                span -= 1
            cells.append({"field": "title", "paras": [title_para], "colspan": span, "rowspan": 1})
            rows_out.append({"cells": cells, "title": True, "measure": no})
        for ri in range(nrows):
            cells = []
            if lead:
                txt = lead_text if (ri == 0 and form.endswith("cell")) else ""
                cells.append({"field": "lead", "paras": [(txt, False, f"m{no}-no")] if txt else [],
                              "colspan": 1, "rowspan": 1})
            for f in cols:
                cell = {"field": f, "paras": [], "colspan": 1, "rowspan": 1}
                if f in item_fields:
                    texts = m[f][ri:ri + 1] if per_row else m[f]
                    if per_row and ri == nrows - 1:
                        texts = m[f][ri:]  # no item left behind
                    if f == "guidelines" and ri == 0 and form.endswith("cell"):
                        cell["paras"].append(title_para)
                    cell["paras"] += paras(f, texts, ri + 1 if per_row else 1)
                else:  # responsible, period, budget, note: once per measure
                    if ri > 0 and lay["rows"] == "per-guideline-rowspan":
                        continue  # covered by the first row's rowspan
                    if ri == 0:
                        val = {"responsible": m["responsible"], "period": m["period"]["text"],
                               "budget": m["budget"], "note": m["note"]}[f]
                        if val:
                            cell["paras"].append((val, False, f"m{no}-{f}"))
                        if lay["rows"] == "per-guideline-rowspan":
                            cell["rowspan"] = nrows
                cells.append(cell)
            rows_out.append({"cells": cells, "title": False, "measure": no})
    heads, group = header_of(lay, cols, rng)
    widths = [WIDTHS["lead"]] if lead else []
    widths += [WIDTHS[f] for f in cols]
    tot = sum(widths)
    return {"cols": cols, "lead": lead, "heads": heads, "group": group, "rows": rows_out,
            "widths": [round(100 * w / tot, 2) for w in widths], "markers": markers, "forms": forms}


# ---------------------------------------------------------------------------
# the report around the table (memo, cover, titles, signature, notes)
# ---------------------------------------------------------------------------

def draw_report(rng: random.Random, lay: dict, doc_id: str) -> dict:
    kind, code = rng.choice(PLACES)
    fy = rng.choice([2565, 2566, 2567, 2568])
    rep = gen.base_report(doc_id, kind, code, fy, lay["report_type"], font=lay["font"],
                          size=lay["size"], digits=lay["digits"], orientation=lay["orientation"])
    rep["engine"] = "weasyprint" if lay["route"] == "weasy" else "python-docx+libreoffice"
    ds = rep["digits"]
    if lay["memo"]:
        signer, position = rng.choice(SIGNERS)
        unit = rng.choice(["หน่วยตรวจสอบภายใน", "สำนักปลัด", "งานบริหารงานบุคคล"])
        year_ce = fy - 543
        date = f"{year_ce}-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
        abbr = gen.PROVINCE_ABBR.get(rep["org"]["province"], "สน")
        rep["memo"] = gen.invented_memo(rep, unit, f"{abbr} {rng.randint(70000, 79999)}/{rng.randint(1, 999)}",
                                        date, signer, position)
    if lay["cover"]:
        rep["cover"] = [*rep["title_lines"], "จัดทำโดย", rng.choice(["สำนักปลัด", "หน่วยตรวจสอบภายใน"])]
    if lay["signature"]:
        s, p = rng.choice(SIGNERS)
        rep["footer_lines"] = ["(ลงชื่อ)......................................ผู้รายงาน", f"({s})", p]
    if lay["notes_after"]:
        rep["notes"] = gen.digits(rng.choice(NOTES).format(fy=fy), ds)
    if lay["running_title"]:
        rep["page_title"] = "running"
    rep["page_numbers"] = lay["page_numbers"]
    rep["header_repeat"] = lay["header_repeat"]
    rep["bold_titles"] = True
    rep["source_text"] = "samples/layouts.py: " + ", ".join(f"{k}={v}" for k, v in lay.items())
    return rep


# ---------------------------------------------------------------------------
# WeasyPrint route
# ---------------------------------------------------------------------------

RULING_CSS = {
    "full": "table.ita th, table.ita td { border: 0.7pt solid #000; }",
    "horizontal": ("table.ita { border-top: 1pt solid #000; border-bottom: 1pt solid #000; }"
                   " table.ita thead tr:last-child th { border-bottom: 1pt solid #000; }"
                   " table.ita tbody tr + tr td { border-top: 0.5pt solid #000; }"),
    "frame-header": ("table.ita { border: 1pt solid #000; }"
                     " table.ita thead tr:last-child th { border-bottom: 1pt solid #000; }"),
    "vertical": ("table.ita { border-left: 0.7pt solid #000; border-right: 0.7pt solid #000; }"
                 " table.ita th, table.ita td { border-left: 0.7pt solid #000; border-right: 0.7pt solid #000; }"),
    "none": "",
}


def cell_html(c: dict, tag: str = "td") -> str:
    attrs = f' class="{c["field"]}"'
    if c["colspan"] > 1:
        attrs += f' colspan="{c["colspan"]}"'
    if c["rowspan"] > 1:
        attrs += f' rowspan="{c["rowspan"]}"'
    inner = "".join(f'<p id="{pid}"{" class=mtitle" if bold else ""}>{escape(t, quote=False)}</p>'
                    for t, bold, pid in c["paras"])
    return f"<{tag}{attrs}>{inner}</{tag}>"


def weasy_html(rep: dict, lay: dict, grid: dict) -> str:
    r = {**rep, "headers": grid["heads"], "lead_col": grid["lead"], "group_header": grid["group"],
         "col_widths": grid["widths"], "ruling": "full"}
    css = gen.css_for(r) + (
        "table.ita th, table.ita td { border: none; }\n" + RULING_CSS[lay["ruling"]] + "\n"
        + ("tr { break-inside: avoid; }" if lay["row_split"] == "avoided" else "")
        + "\n.notes { margin-top: 8pt; } .mtitle { font-weight: bold; }")
    if rep.get("page_title") == "running":  # room for the running title's lines, wrapped at big sizes
        css += f"\n@page main {{ margin-top: {10 + 4 * rep['size'] * 1.35 * 0.3528:.0f}mm; }}"
    parts = []
    if rep.get("memo"):
        parts.append(gen.memo_html(r))
    if rep.get("cover"):
        parts.append(gen.cover_html(r))
    tl = "".join(f"<p>{escape(x, quote=False)}</p>" for x in rep["title_lines"])
    if rep.get("page_title") == "running":
        parts.append(f'<div class="runhead">{tl}</div>')
    else:
        parts.append(f'<div class="ptitle">{tl}</div>')
    body = "\n".join(("<tr class=titlerow>" if row["title"] else "<tr>")
                     + "".join(cell_html(c) for c in row["cells"]) + "</tr>" for row in grid["rows"])
    parts.append(f'<table class="ita">{gen.colgroup_html(r)}{gen.header_html(r)}<tbody>{body}</tbody></table>')
    if rep.get("notes"):
        parts.append(f'<p class="notes">{escape(rep["notes"], quote=False)}</p>')
    if rep.get("footer_lines"):
        parts.append('<div class="footer" style="margin-top:14pt;margin-left:55%;text-align:center">'
                     + "".join(f"<p>{escape(x, quote=False)}</p>" for x in rep["footer_lines"]) + "</div>")
    return (f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>{css}</style>'
            f'</head><body>{"".join(parts)}</body></html>')


def render_weasy(rep: dict, lay: dict, grid: dict, measures: list[dict], out_pdf: Path) -> int:
    import weasyprint
    document = weasyprint.HTML(string=weasy_html(rep, lay, grid)).render()
    pages = gen.pages_by_measure_weasy(document)
    for m in measures:
        m["pages"] = pages.get(m["no"], [])
    document.write_pdf(out_pdf)
    gen.make_reproducible(out_pdf)
    return len(document.pages)


# ---------------------------------------------------------------------------
# truth
# ---------------------------------------------------------------------------

def truth_of(rep: dict, lay: dict, grid: dict, measures: list[dict], inputs: dict) -> dict:
    memo = rep.get("memo")
    if memo:
        memo_t = {"present": True, "number": memo["number"], "date": memo["date"],
                  "subject": memo["subject"], "signer": memo["signer"], "position": memo["position"]}
    else:
        memo_t = {"present": False, "number": None, "date": None, "subject": None, "signer": None,
                  "position": None}
    keep = ["no", "title", "guidelines", "steps", "responsible", "responsible_units", "period",
            "results", "outcomes", "pages"]
    return {"doc_id": rep["doc_id"], "inputs": inputs,
            "render": {"engine": rep["engine"], "font": rep["font"], "font_size_pt": rep["size"],
                       "digits": rep["digits"], "orientation": rep["orientation"]},
            "source_text": rep["source_text"], "layout": lay,
            "layout_detail": {"columns": grid["cols"], "lead": grid["lead"], "headers": grid["heads"],
                              "group_header": grid["group"], "markers": grid["markers"],
                              "title_forms": grid["forms"]},
            "organization": rep["org"], "fiscal_year": rep["fy"], "report_type": rep["type"],
            "memo": memo_t, "measures": [{k: m.get(k, []) for k in keep} for m in measures]}


# ---------------------------------------------------------------------------
# drawing and rendering a set
# ---------------------------------------------------------------------------

def draw_set(seed: int, n: int, only_route: str | None = None) -> list[dict]:
    rng = random.Random(seed)
    fonts = available_fonts()
    docs = []
    for i in range(n):
        lay = draw_layout(rng, fonts, only_route)
        doc_id = f"lay{seed % 100000:05d}-{i:03d}"
        rep = draw_report(rng, lay, doc_id)
        measures = draw_measures(rng, rep)
        grid = build_grid(lay, rep, measures, rng)
        docs.append({"doc_id": doc_id, "lay": lay, "rep": rep, "measures": measures, "grid": grid,
                     "scan_seed": rng.randrange(1 << 30)})
    return docs


def render_set(docs: list[dict], out: Path, workers_note: bool = True) -> dict[str, str]:
    """Render every document; returns {doc_id: error} for those that could not be rendered."""
    errors: dict[str, str] = {}
    (out / "weasy").mkdir(parents=True, exist_ok=True)
    (out / "word").mkdir(parents=True, exist_ok=True)
    word = [d for d in docs if d["lay"]["route"] == "word"]
    for d in docs:
        if d["lay"]["route"] != "weasy":
            continue
        pdf = out / "weasy" / f"{d['doc_id']}.pdf"
        try:
            d["pages"] = render_weasy(d["rep"], d["lay"], d["grid"], d["measures"], pdf)
            d["pdf"] = pdf
        except Exception as e:  # a render failure is reported, never scored as the extractor's
            errors[d["doc_id"]] = f"weasy render failed: {e!r}"
    if word:
        try:
            import word_route
            errors.update(word_route.render_word(word, out / "word"))
        except ImportError as e:
            for d in word:
                errors[d["doc_id"]] = f"word route unavailable: {e}"
    return errors


def write_truths(docs: list[dict], out: Path) -> None:
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for d in docs:
        if "pdf" not in d:
            continue
        route = d["lay"]["route"]
        inputs = {d["pdf"].name: route}
        if d.get("scan"):
            inputs[d["scan"]["file"]] = f"{route}-scan"
        t = truth_of(d["rep"], d["lay"], d["grid"], d["measures"], inputs)
        if d.get("scan"):
            t["scan"] = d["scan"]
        gen.write_json(out / "truth" / f"{d['doc_id']}.json", t)


def check_truths(docs: list[dict], out: Path) -> dict[str, list[str]]:
    """generate.py's check: every truth string is found in the PDF's text layer. A problem
    here is the generator's, not the extractor's; it is printed and kept in the summary."""
    problems = {}
    for d in docs:
        if "pdf" not in d:
            continue
        truth = json.loads((out / "truth" / f"{d['doc_id']}.json").read_text(encoding="utf-8"))
        found = gen.check_truth_against_pdf(truth, d["pdf"])
        if found:
            problems[d["doc_id"]] = found
            print(f"truth check {d['doc_id']}: {'; '.join(found[:3])}", flush=True)
    return problems


def scan_set(docs: list[dict], out: Path, k: int, seed: int) -> None:
    import pypdfium2
    rng = random.Random(seed ^ 0x5CA17)
    rendered = [d for d in docs if "pdf" in d]
    (out / "scan").mkdir(parents=True, exist_ok=True)
    for d in rng.sample(rendered, min(k, len(rendered))):
        pages = len(pypdfium2.PdfDocument(str(d["pdf"])))
        srng = random.Random(d["scan_seed"])
        spec = draw_spec(srng, pages)
        d["scan"] = gen.scan_report(d["pdf"], out / "scan", d["doc_id"], spec, seed=d["scan_seed"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="documents to draw (default 200)")
    ap.add_argument("--scans", type=int, default=50, help="how many of them to scan (default 50)")
    ap.add_argument("--seed", type=int, default=None, help="replay a run (default: new from os.urandom)")
    ap.add_argument("--out", type=Path, default=None, help="folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--only-route", choices=["weasy", "word"])
    ap.add_argument("--no-scans", action="store_true")
    ap.add_argument("--render-only", action="store_true", help="documents and truth only, no extraction")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    print(f"seed {seed}", flush=True)
    tmp = None
    if args.out is None:
        tmp = Path(tempfile.mkdtemp(prefix=f"ita-layouts-{seed}-"))
        out = tmp
    else:
        out = args.out
        for sub in ("weasy", "word", "scan", "truth", "out-born", "out-scan"):
            shutil.rmtree(out / sub, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    docs = draw_set(seed, args.n, args.only_route)
    render_errors = render_set(docs, out)
    print(f"rendered {sum('pdf' in d for d in docs)} of {len(docs)} documents in {time.time() - t0:.0f} s", flush=True)
    write_truths(docs, out)
    truth_problems = check_truths(docs, out)
    n_scans = 0 if args.no_scans else args.scans
    if n_scans:
        t1 = time.time()
        scan_set(docs, out, n_scans, seed)
        print(f"scanned {sum(bool(d.get('scan')) for d in docs)} in {time.time() - t1:.0f} s", flush=True)
    write_truths(docs, out)
    if args.render_only:
        print(f"documents and truth in {out}")
        return 0
    t2 = time.time()
    born_inputs = [p for p in (out / "weasy", out / "word") if any(p.iterdir())]
    run_extract(born_inputs, out / "out-born", args.workers)
    print(f"extracted born-digital in {time.time() - t2:.0f} s", flush=True)
    if n_scans:
        t3 = time.time()
        run_extract([out / "scan"], out / "out-scan", args.workers)
        print(f"extracted scans in {time.time() - t3:.0f} s", flush=True)
    summary = score_set(docs, out, AXES, seed=seed, n=args.n, n_scans=n_scans,
                        render_errors=render_errors, truth_problems=truth_problems)
    print_report(summary)
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nsummary: {out / 'summary.json'}")
    if tmp is not None and not args.keep:  # keep the summary only
        for p in tmp.iterdir():
            if p.name != "summary.json":
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()
        print("(documents removed; pass --keep or --out DIR to keep them)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
