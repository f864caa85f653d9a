"""Regenerate the small fixture PDFs of tests/test_pdf_text_layer.py.

Run: .venv/bin/python tests/data/pdf/make_fixtures.py  (needs WeasyPrint and the
TLWG fonts; LibreOffice optional). Each PDF comes with `<name>.truth.json`: the
page lines outside the table and the table cells (row, col, spans, text with "\\n"
between visual lines) as written in the HTML, so tests compare against the source.
`word_route_loma_marks.pdf` is not made here: it is page 3 of a samples/layouts.py Word-route
document (`--seed 4053218366`, lay18366-087), kept as LibreOffice printed it.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
FONTS = ["Garuda", "Loma", "Norasi", "Kinnari", "Sawasdee", "Tlwg Typo", "Umpush", "Waree",
         "Laksaman"]

LINES = ["บันทึกข้อความ", "ส่วนราชการ หน่วยตรวจสอบภายใน เทศบาลตำบลนาม่อง",
         "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"]
HEADER = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
TITLE = "๑. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ"
# One row of short list items (no wrapping), then a row whose responsible cell spans two.
ROWS = [
    ["๑. จัดทำแผนผังขั้นตอน\n๒. กำชับให้เจ้าหน้าที่ทุกคน\n๓. ส่งเสริมจิตสำนึกที่ดี",
     "- ประชาสัมพันธ์ให้ผู้มารับบริการ\n- ติดตั้งไว้ในจุดที่เห็นได้ชัด", "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖"],
    ["๔. น้ำใจของลูกจ้างเพื่อประชาชน", "- แต่งตั้งผู้ดูแลเรื่องร้องเรียน", "กองคลัง\nกองช่าง",
     "ตลอดปี"],
    ["๕. ปี่ ฟ้า ตำบล ผู้นำ", "- ขั้นตอนที่ชัดเจน ไม่เลือกปฏิบัติ", None, "๑ ต.ค. ๖๕"],
]


def _cell_html(text: str, attrs: str = "") -> str:
    return f"<td{attrs}>" + "<br>".join(html.escape(t) for t in text.split("\n")) + "</td>"


def fixture_html(font: str, *, ruled: bool = True, rows_only: bool = False) -> str:
    border = "1px solid black" if ruled else "none"
    if rows_only:  # horizontal rules between rows, no column rules
        border = "none; border-top: 1px solid black; border-bottom: 1px solid black"
    rows = ["<tr>" + "".join(_cell_html(h) for h in HEADER) + "</tr>"]
    if ruled:
        rows.append(f"<tr>{_cell_html(TITLE, f' colspan={len(HEADER)}')}</tr>")
    for i, row in enumerate(ROWS):
        cells = []
        for j, text in enumerate(row):
            if text is None:
                if not ruled:
                    cells.append("<td></td>")  # no rowspan without rules: keep columns
                continue
            span = " rowspan=2" if ruled and i == 1 and j == 2 else ""
            cells.append(_cell_html(text, span))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"""<html><head><style>
@page {{ size: A4 landscape; margin: 1.5cm }}
body {{ font-family: '{font}'; font-size: 13pt }}
table {{ border-collapse: collapse; width: 100% }}
td {{ border: {border}; vertical-align: top; padding: 4pt 6pt; white-space: nowrap }}
</style></head><body>
{''.join(f'<p>{html.escape(line)}</p>' for line in LINES)}
<table>{''.join(rows)}</table></body></html>"""


LONG_ITEMS = [f"{n}. ขั้นตอนที่ {n} ของการดำเนินการตามมาตรการ" for n in "๑๒๓๔๕๖๗๘๙"]


def page_break_html(font: str) -> str:
    """A ruled table whose rows of nine list items run over the page break."""
    items = "<br>".join(html.escape(t) for t in LONG_ITEMS)
    rows = "".join(f"<tr><td>มาตรการที่ {n}</td><td>{items}</td><td>สำนักปลัด</td></tr>"
                   for n in "๑๒๓๔")
    return f"""<html><head><style>
@page {{ size: A5; margin: 1.5cm }}
body {{ font-family: '{font}'; font-size: 11pt }}
table {{ border-collapse: collapse; width: 100% }}
td {{ border: 1px solid black; vertical-align: top; padding: 3pt }}
</style></head><body><p>{html.escape(LINES[2])}</p><table>{rows}</table></body></html>"""


# Distributed (letter-spaced) lines like Word's Thai justification, and a line with no
# space glyphs where only the gap between two words separates them.
SPACING_LINES = ["ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ เทศบาลตำบลนาม่อง", "ผู้รับผิดชอบ", "สำนักปลัด"]
SPACING_HTML = f"""<html><head><style>@page {{ size: A5 landscape; margin: 1cm }}
body {{ font-family: 'Norasi'; font-size: 14pt }} .spread {{ letter-spacing: 0.3em }}
.a {{ position: absolute; top: 3cm; left: 0 }} .b {{ position: absolute; top: 3cm; left: 3.5cm }}
</style></head><body><p class="spread">{SPACING_LINES[0]}</p>
<div class="a">{SPACING_LINES[1]}</div><div class="b">{SPACING_LINES[2]}</div></body></html>"""


# A word too long for its narrow column runs over the border into the next cell.
OVERFLOW_CELLS = [["ระยะเวลา", "ผล"], ["งบประมาณ๒๕๖๘", "ตลอดปี"]]
OVERFLOW_HTML = f"""<html><head><style>@page {{ size: A6; margin: 1cm }}
body {{ font-family: 'Waree'; font-size: 14pt }}
table {{ border-collapse: collapse; table-layout: fixed; width: 6cm }}
td {{ border: 1px solid black; width: 2cm; white-space: nowrap; vertical-align: top; padding: 2pt }}
</style></head><body><table>{''.join('<tr>' + ''.join(f'<td>{c}</td>' for c in row) + '</tr>'
                                       for row in OVERFLOW_CELLS)}</table></body></html>"""


# Fake bold: the same line drawn twice, 0.4 pt apart (writers without a bold face).
FAKE_BOLD_HTML = f"""<html><head><style>@page {{ size: A6 landscape; margin: 1cm }}
body {{ font-family: 'Loma'; font-size: 14pt }} div {{ position: absolute; top: 0 }}
</style></head><body><div style="left: 0">{LINES[1]}</div>
<div style="left: 0.4pt; top: 0.2pt">{LINES[1]}</div></body></html>"""


# A page with a line of upright text and a label turned 90 degrees.
SIDEWAYS_HTML = f"""<html><head><style>@page {{ size: A6; margin: 1cm }}
body {{ font-family: 'Garuda'; font-size: 12pt }}
.turned {{ transform: rotate(90deg); position: absolute; top: 4cm; left: 2cm }}
</style></head><body><p>{LINES[2]}</p><div class="turned">ผู้รับผิดชอบ</div></body></html>"""


# A memo's two bordered comment boxes side by side: boxes, not a table.
SIGNATURE_BOXES_HTML = """<html><head><style>@page { size: A5 landscape; margin: 1cm }
body { font-family: 'Umpush'; font-size: 12pt } table { border-collapse: collapse; width: 100% }
td { border: 1px solid black; padding: 6pt; vertical-align: top }</style></head><body>
<p>จึงเรียนมาเพื่อโปรดทราบ</p><table><tr>
<td>ความเห็นของปลัดเทศบาล<br>(ลงชื่อ)</td><td>คำสั่งนายกเทศมนตรี<br>(ลงชื่อ)</td></tr></table>
</body></html>"""


def truth(ruled: bool = True) -> dict:
    cells = [{"row": 0, "col": j, "text": h, "row_span": 1, "col_span": 1} for j, h in enumerate(HEADER)]
    offset = 1
    if ruled:
        cells.append({"row": 1, "col": 0, "text": TITLE, "row_span": 1, "col_span": len(HEADER)})
        offset = 2
    for i, row in enumerate(ROWS):
        for j, text in enumerate(row):
            if text is None:
                continue
            span = 2 if ruled and i == 1 and j == 2 else 1
            cells.append({"row": i + offset, "col": j, "text": text, "row_span": span, "col_span": 1})
    return {"lines": LINES, "cells": cells}


def main() -> None:
    from weasyprint import HTML

    for font in FONTS:
        name = "weasy_" + font.lower().replace(" ", "_")
        HTML(string=fixture_html(font)).write_pdf(HERE / f"{name}.pdf")
        (HERE / f"{name}.truth.json").write_text(json.dumps(truth(), ensure_ascii=False, indent=1))
    HTML(string=fixture_html("Garuda", ruled=False)).write_pdf(HERE / "weasy_unruled.pdf")
    (HERE / "weasy_unruled.truth.json").write_text(json.dumps(truth(ruled=False), ensure_ascii=False, indent=1))
    HTML(string=fixture_html("Kinnari", ruled=False, rows_only=True)).write_pdf(HERE / "weasy_hrules.pdf")
    (HERE / "weasy_hrules.truth.json").write_text(json.dumps(truth(ruled=False), ensure_ascii=False, indent=1))
    HTML(string=page_break_html("Umpush")).write_pdf(HERE / "weasy_pagebreak.pdf")
    (HERE / "weasy_pagebreak.truth.json").write_text(json.dumps(
        {"lines": [LINES[2]], "items": LONG_ITEMS, "rows": 4}, ensure_ascii=False, indent=1))
    _encrypted(HERE / "weasy_garuda.pdf", HERE / "password.pdf")
    _encrypted(HERE / "weasy_garuda.pdf", HERE / "owner_password_only.pdf", user="")
    _garbled(HERE / "weasy_garuda.pdf", HERE / "garbled_tounicode.pdf")
    _rotated(HERE / "weasy_garuda.pdf", HERE / "rotated.pdf")
    HTML(string=SPACING_HTML).write_pdf(HERE / "weasy_letter_spacing.pdf")
    HTML(string=OVERFLOW_HTML).write_pdf(HERE / "weasy_overflow.pdf")
    HTML(string=FAKE_BOLD_HTML).write_pdf(HERE / "weasy_fake_bold.pdf")
    HTML(string=SIDEWAYS_HTML).write_pdf(HERE / "weasy_sideways.pdf")
    _scan_with_page_number(HERE / "scan_with_page_number.pdf")
    HTML(string=SIGNATURE_BOXES_HTML).write_pdf(HERE / "weasy_signature_boxes.pdf")
    # A frame around the whole page, as many government forms draw.
    framed = fixture_html("Laksaman").replace("body {", "body { border: 1.5pt solid black; padding: 8pt;")
    HTML(string=framed).write_pdf(HERE / "weasy_framed.pdf")
    (HERE / "weasy_framed.truth.json").write_text(json.dumps(truth(), ensure_ascii=False, indent=1))
    (HERE / "not_a_pdf.pdf").write_bytes("บันทึกข้อความ: this is text, not a PDF\n".encode())
    data = (HERE / "weasy_garuda.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(data[:1200])
    _libreoffice(HERE / "libreoffice_garuda.pdf")


def _garbled(src: Path, dst: Path) -> None:
    """The same page with every font's ToUnicode pointing at Latin-1 letters, as old
    PDFs made with legacy-encoded Thai fonts read (¡ÒÃ´Óà¹Ô¹¡ÒÃ)."""
    import re

    import pikepdf

    with pikepdf.open(src) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                codes = re.findall(r"<([0-9a-fA-F]{4})> <[0-9a-fA-F]*>", cmap)
                body = "\n".join(f"<{c}> <{0xA1 + int(c, 16) % 0x5E:04x}>" for c in codes)
                head = cmap[:cmap.index("beginbfchar") - 4]
                new = f"{head}{len(codes)} beginbfchar\n{body}\nendbfchar\nendcmap\n" + \
                    "CMapName currentdict /CMap defineresource pop\nend\nend\n"
                font.ToUnicode = pdf.make_stream(new.encode("latin-1"))
        pdf.save(dst)


def _scan_with_page_number(dst: Path) -> None:
    """A page that is one big image (a scan) with a typed page number under it."""
    import base64
    import io

    from PIL import Image, ImageDraw
    from weasyprint import HTML

    image = Image.new("L", (120, 170), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 160, 12):
        draw.line((10, y, 110, y), fill=0)  # ruled "table" lines of the scanned page
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    data = base64.b64encode(buf.getvalue()).decode()
    HTML(string=f"""<html><head><style>@page {{ size: A6; margin: 0.5cm }}
body {{ font-family: 'Garuda'; font-size: 10pt }} img {{ width: 9cm; height: 11cm }}</style></head>
<body><img src="data:image/png;base64,{data}"><p>หน้า ๒</p></body></html>""").write_pdf(dst)


def _rotated(src: Path, dst: Path) -> None:
    """The same page with /Rotate 90, as scanners and PDF mergers set it for display."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(dst)


def _encrypted(src: Path, dst: Path, *, user: str = "secret") -> None:
    """AES-256 encryption; with an empty user password anyone may open it (print/copy
    restrictions only), as many government PDFs are."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        pdf.save(dst, encryption=pikepdf.Encryption(user=user, owner="secret"))


def _libreoffice(dst: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.html"
        # LibreOffice's HTML import ignores CSS borders; the border attribute it keeps.
        src.write_text(fixture_html("Garuda").replace("<table>", '<table border="1" cellpadding="4">'),
                       encoding="utf-8")
        subprocess.run([soffice, "--headless", "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp,
                        str(src)], check=True, timeout=120, capture_output=True)
        shutil.copy(Path(tmp) / "doc.pdf", dst)
        (dst.with_suffix(".truth.json")).write_text(json.dumps(truth(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
