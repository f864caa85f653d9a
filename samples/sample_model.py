"""The sample report model shared by rendering and truth: paths, constants and small text
helpers, the seed's measures and the invented ones from the pool."""

from __future__ import annotations

import html
from pathlib import Path

import geothai

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


def esc(s: str) -> str:
    return html.escape(s, quote=False)
