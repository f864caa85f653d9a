"""The sample reports: one builder per report, each a base report and what sets it apart."""

from __future__ import annotations

import copy

import ita_content as content

from sample_model import (digits, org_full_name, place, pool_measure, seed_measures,
                          thai_date)


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


def _s01() -> dict:
    """s01: the seed re-typeset faithfully (OCR errors corrected)"""
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
    return s01


def _s02() -> dict:
    """s02: อบต. plan, portrait, Arabic digits, small Garuda, title rows, no memo"""
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
    return s02


def _s03() -> dict:
    """s03: เทศบาลเมือง results, landscape, Thai digits, memo, running page title, a row split over pages"""
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
    return s03


def _s04() -> dict:
    """s04: อบต. results with a leading ลำดับ column, merged responsible/period cells, Arabic"""
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
    return s04


def _s05() -> dict:
    """s05: เทศบาลตำบล plan, horizontal rules only, Loma, Thai digits, memo, • bullets"""
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
    return s05


def _s06() -> dict:
    '''s06: เทศบาลเมือง results, portrait, Waree 12, page numbers, "1 ต.ค. 2566 – 30 ก.ย. 2567"'''
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
    return s06


def _s07() -> dict:
    """s07: อบต. plan, landscape, 'ที่' column, Umpush 14, Thai digits, memo, measures as row blocks"""
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
    return s07


def _s08() -> dict:
    """s08: one page, layout table without any ruling, Sawasdee, Arabic, scanned to JPEG"""
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
    return s08


def _s09() -> dict:
    """s09: big type, memo scanned in front of a born-digital annex (mixed PDF)"""
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
    return s09


def _s10() -> dict:
    """s10: two-row header (a group over result columns), no repeated header, clean grey TIFF"""
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
    return s10


def _s11() -> dict:
    """s11: one-page plan in Sarabun-like 16pt, scanned upside down to a 1-bit PNG"""
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
    return s11


def _s12() -> dict:
    """s12: report title as merged rows inside the repeated table header, "มาตรการที่ ๑" title rows"""
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
    return s12


def _lo1() -> dict:
    """LibreOffice renders: different engine, same model"""
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
    return lo1


def _lo2() -> dict:
    """lo2"""
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
    return lo2


# every sample report, in the order they are built (their scans' seeds follow it)
REPORT_BUILDERS = (_s01, _s02, _s03, _s04, _s05, _s06, _s07, _s08, _s09, _s10, _s11, _s12, _lo1, _lo2)


def reports() -> list[dict]:
    return [build() for build in REPORT_BUILDERS]


def build_measures(rep: dict) -> list[dict]:
    if "measures_built" in rep:
        return copy.deepcopy(rep["measures_built"])
    return [pool_measure(spec, rep) for spec in rep["measures"]]
