"""OCR-export variants of the samples (as an OCR service would emit them) and their truth."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ita_content as content

from pdf_truth import squash, truth_for
from sample_model import (ITEM_FIELDS, PLAN_FIELDS, RESULT_FIELDS, esc, place, seed_measures)


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
