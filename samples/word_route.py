"""The Word route of samples/layouts.py: a .docx written with python-docx, printed to PDF by
LibreOffice (`soffice --headless --convert-to pdf`), as offices print their Word files.

It lays out the same grid of cells as the WeasyPrint route (layouts.build_grid): merged
cells for spans, table borders for the ruling, `tblHeader` for a header repeated on every
page, `cantSplit` when rows may not break across pages, the running title in the page
header and page numbers in the footer.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import generate as gen

TEXT_WIDTH_MM = {"portrait": 186, "landscape": 273}  # A4 minus 12 mm margins


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def _set_thai_font(rpr, font: str, size: float | None) -> None:
    """Thai is a complex script to Word: it reads w:cs and w:szCs, not w:ascii and w:sz."""
    from docx.oxml.ns import qn
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = _el("w:rFonts")
        rpr.insert(0, rfonts)
    for a in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{a}"), font)
    if size:
        for tag in ("w:sz", "w:szCs"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
            rpr.append(_el(tag, val=int(round(size * 2))))
    rpr.append(_el("w:lang", val="th-TH", bidi="th-TH"))


def _para(container, text: str, *, bold: bool = False, size: float | None = None,
          align: str | None = None, first: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    p = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    run = p.add_run(text)
    if bold:
        run.bold = True
        run._element.get_or_add_rPr().append(_el("w:bCs"))
    if size:
        from docx.shared import Pt
        run.font.size = Pt(size)
        run._element.get_or_add_rPr().append(_el("w:szCs", val=int(round(size * 2))))
    return p


def _borders(table, ruling: str) -> None:
    from docx.oxml.ns import qn
    on = {"full": {"top", "left", "bottom", "right", "insideH", "insideV"},
          "horizontal": {"top", "bottom", "insideH"},
          "frame-header": {"top", "left", "bottom", "right"},
          "vertical": {"left", "right", "insideV"},
          "none": set()}[ruling]
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    b = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in on:
            b.append(_el(f"w:{side}", val="single", sz=6, space=0, color="000000"))
        else:
            b.append(_el(f"w:{side}", val="nil"))
    tblpr.append(b)


def _cell_bottom_rule(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tb = _el("w:tcBorders")
    tb.append(_el("w:bottom", val="single", sz=8, space=0, color="000000"))
    tcpr.append(tb)


def _header_cells(grid: dict) -> list[list[dict]]:
    """The header as rows of cells (the same layout generate.header_html prints)."""
    heads, lead, group = grid["heads"], grid["lead"], grid["group"]
    cell = lambda t, cs=1, rs=1: {"paras": [(t, True, "")], "colspan": cs, "rowspan": rs}  # noqa: E731
    if not group:
        return [([cell(lead)] if lead else []) + [cell(h) for h in heads]]
    label, first, span = group
    top = [cell(lead, rs=2)] if lead else []
    sub = []
    for k, h in enumerate(heads):
        if k == first:
            top.append(cell(label, cs=span))
        if first <= k < first + span:
            sub.append(cell(h))
        else:
            top.append(cell(h, rs=2))
    return [top, sub]


def _page(section, orient: str) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if orient == "landscape" else WD_ORIENT.PORTRAIT
    w, h = (Mm(297), Mm(210)) if orient == "landscape" else (Mm(210), Mm(297))
    section.page_width, section.page_height = w, h
    for side in ("left_margin", "right_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    section.top_margin = Mm(14)


def _memo_page(doc, rep: dict, size: int):
    """The memo on a portrait page of its own; the section the report goes on."""
    from docx.enum.section import WD_SECTION

    memo, sec = rep["memo"], doc.sections[0]
    _page(sec, "portrait")
    org = rep["org"]
    _para(doc, "บันทึกข้อความ", bold=True, size=size + 6, align="center", first=True)
    _para(doc, f"ส่วนราชการ {memo['unit']} {org['name']} อำเภอ{org['district']} จังหวัด{org['province']}")
    _para(doc, f"ที่ {memo['number']}        วันที่ {memo['date_text']}")
    subj = memo["subject"]
    _para(doc, "เรื่อง " + (" ".join(subj) if isinstance(subj, list) else subj))
    _para(doc, f"เรียน {memo['to']}")
    for head, text in memo["sections"]:
        if head:
            _para(doc, head, bold=True)
        _para(doc, "        " + text)
    _para(doc, "        " + memo["closing"])
    for line in ("(ลงชื่อ)", f"({memo['signer']})", memo["position"]):
        _para(doc, line, align="center")
    return doc.add_section(WD_SECTION.NEW_PAGE)


def _front_matter(doc, sec, rep: dict, size: int) -> None:
    """Cover, report title (in the running header or above the table), page numbers."""
    memo = rep.get("memo")
    _page(sec, rep["orientation"])
    sec.header.is_linked_to_previous = False
    sec.footer.is_linked_to_previous = False
    if memo:  # the memo page carries no running title nor page number
        doc.sections[0].header.is_linked_to_previous = False
    body_first = not memo
    if rep.get("cover"):
        for i, line in enumerate(rep["cover"]):
            _para(doc, line, bold=True, size=size + 6, align="center", first=body_first and i == 0)
        body_first = False
        doc.add_page_break()
    if rep.get("page_title") == "running":
        for i, line in enumerate(rep["title_lines"]):
            _para(sec.header, line, bold=True, align="center", first=i == 0)
    else:
        for i, line in enumerate(rep["title_lines"]):
            _para(doc, line, bold=True, align="center", first=body_first and i == 0)
    if memo and not rep.get("cover") and rep.get("page_title") == "running":
        # a section break followed straight by the table is sometimes dropped by LibreOffice's
        # import: the landscape table then runs on under the memo, off a portrait page's edge
        _para(doc, "")
    if rep.get("page_numbers"):
        p = sec.footer.paragraphs[0]
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run("หน้า ")
        fld = _el("w:fldSimple", instr="PAGE")
        r = _el("w:r")
        t = _el("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)


def _placed_cells(rows: list[list[dict]], ncols: int) -> list[tuple[int, int, int, int, dict]]:
    """(row, col, rowspan, colspan, cell) of every cell on the grid: rowspans from above
    occupy their slots."""
    occupied = [[False] * ncols for _ in range(len(rows))]
    placed = []
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while c < ncols and occupied[r][c]:
                c += 1
            rs, cs = cell["rowspan"], cell["colspan"]
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    occupied[rr][cc] = True
            placed.append((r, c, rs, cs, cell))
            c += cs
    return placed


def _measure_table(doc, rep: dict, lay: dict, grid: dict) -> None:
    from docx.shared import Mm

    head_rows = _header_cells(grid)
    body_rows = grid["rows"]
    ncols = len(grid["widths"])
    nrows = len(head_rows) + len(body_rows)
    table = doc.add_table(rows=nrows, cols=ncols)
    table.autofit = False
    _borders(table, lay["ruling"])
    width = TEXT_WIDTH_MM[rep["orientation"]]
    col_mm = [width * w / 100 for w in grid["widths"]]
    for k, col in enumerate(table.columns):
        col.width = Mm(col_mm[k])
    # place every cell on the grid, then merge and fill
    placed = _placed_cells([c for c in head_rows] + [row["cells"] for row in body_rows], ncols)
    for r, c, rs, cs, cell in placed:
        tc = table.cell(r, c)
        if rs > 1 or cs > 1:
            tc = tc.merge(table.cell(r + rs - 1, c + cs - 1))
        tc.width = Mm(sum(col_mm[c:c + cs]))
        header = r < len(head_rows)
        for i, (text, bold, _pid) in enumerate(cell["paras"]):
            align = "center" if header or cell.get("field") in ("responsible", "period", "lead", "budget") else None
            _para(tc, text, bold=bold, align=align, first=i == 0)
        if header and lay["ruling"] == "frame-header" and r + rs == len(head_rows):
            _cell_bottom_rule(tc)
    for r, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        if r < len(head_rows):
            if lay["header_repeat"]:
                trpr.append(_el("w:tblHeader"))
        elif lay["row_split"] == "avoided":
            trpr.append(_el("w:cantSplit"))


def build_docx(d: dict, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    rep, lay, grid = d["rep"], d["lay"], d["grid"]
    font, size = rep["font"], rep["size"]
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    _set_thai_font(normal.element.get_or_add_rPr(), font, size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    sec = _memo_page(doc, rep, size) if rep.get("memo") else doc.sections[0]
    _front_matter(doc, sec, rep, size)
    _measure_table(doc, rep, lay, grid)
    if rep.get("notes"):
        _para(doc, "")
        _para(doc, rep["notes"])
    if rep.get("footer_lines"):
        _para(doc, "")
        for line in rep["footer_lines"]:
            _para(doc, line, align="center")
    doc.save(path)


def render_word(docs: list[dict], out_dir: Path) -> dict[str, str]:
    """Write the .docx files, print them with one LibreOffice run; {doc_id: error} of failures."""
    errors: dict[str, str] = {}
    soffice = shutil.which("soffice")
    if not soffice:
        return {d["doc_id"]: "soffice not installed (Debian libreoffice-writer-nogui)" for d in docs}
    src_dir = out_dir.parent / "word-docx"
    src_dir.mkdir(parents=True, exist_ok=True)
    todo = []
    for d in docs:
        path = src_dir / f"{d['doc_id']}.docx"
        try:
            build_docx(d, path)
            todo.append((d, path))
        except Exception as e:
            errors[d["doc_id"]] = f"docx build failed: {e!r}"
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(0, len(todo), 40):  # one LibreOffice start per batch
            batch = todo[i:i + 40]
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "pdf", "--outdir", str(out_dir), *[str(p) for _, p in batch]],
                           capture_output=True, timeout=60 + 20 * len(batch))
    for d, path in todo:
        pdf = out_dir / f"{d['doc_id']}.pdf"
        if not pdf.exists():
            errors[d["doc_id"]] = "LibreOffice did not print the .docx"
            continue
        gen.make_reproducible(pdf)
        texts = gen.pdf_page_texts(pdf)
        first = 2 if d["rep"].get("memo") else 1
        for m in d["measures"]:
            probe = {"rows": [{f: [{"text": t} for t in m[f]] for f in gen.ITEM_FIELDS}]}
            m["pages"] = gen.pages_by_text(probe, texts, first_table_page=first)
        d["pdf"] = pdf
        d["pages"] = len(texts)
    return errors
