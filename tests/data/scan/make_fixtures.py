"""Render the scanned-page fixtures for tests/test_ocr.py.

Run from the repo root:  .venv/bin/python tests/data/scan/make_fixtures.py
It writes a small Thai ITA-style table (WeasyPrint → PDF → pypdfium2 → PNG), a degraded
copy (grey paper, skew, blur, noise, JPEG artefacts), a sideways copy, and
`table_truth.json` with the text of every cell, so the OCR tests compare against the
text that was typeset rather than against a previous OCR run.
"""

from __future__ import annotations

import html
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
DPI = 200

HEADERS = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ",
           "ระยะเวลาดำเนินการ", "ผลการดำเนินการ"]
TITLE = "๑. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ"
ROWS = [
    ["๑. จัดทำแผนผังขั้นตอนการปฏิบัติงาน\n๒. กำชับให้เจ้าหน้าที่ดำเนินการตามขั้นตอน",
     "- ประชาสัมพันธ์ให้ผู้มารับบริการทราบ\n- ประกาศประมวลจริยธรรมของพนักงาน",
     "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- เผยแพร่ขั้นตอนผ่านเว็บไซต์"],
    ["๓. ส่งเสริมให้เจ้าหน้าที่มีจิตสำนึกที่ดี",
     "- จัดอบรมคุณธรรมและจริยธรรม",
     "กองคลัง", "มี.ค.๖๖", "- บุคลากรเข้าร่วมอบรม ๒๕ คน"],
]


def table_html() -> str:
    def cell(text: str) -> str:
        return "<br>".join(html.escape(line) for line in text.split("\n"))

    head = "".join(f"<th>{cell(h)}</th>" for h in HEADERS)
    title = f'<tr><td colspan="{len(HEADERS)}" class="title">{cell(TITLE)}</td></tr>'
    body = "".join("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>" for row in ROWS)
    return f"""<html><head><style>
@page {{ size: 250mm 110mm; margin: 8mm; }}
body {{ font-family: 'Garuda', 'Loma', 'Norasi', sans-serif; font-size: 11pt; }}
h1 {{ font-size: 13pt; text-align: center; margin: 0 0 3mm 0; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1.2px solid black; padding: 1.5mm 2mm; vertical-align: top; }}
th {{ font-weight: normal; }}
</style></head><body>
<h1>รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส</h1>
<table><tr>{head}</tr>{title}{body}</table></body></html>"""


def render_png(html_text: str, dpi: int) -> Image.Image:
    import pypdfium2 as pdfium
    from weasyprint import HTML

    pdf_bytes = HTML(string=html_text).write_pdf()
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return pdf[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def degrade(image: Image.Image, *, angle: float, seed: int) -> Image.Image:
    """Grey paper, a small skew, blur, speckle noise and a JPEG round trip."""
    rng = np.random.default_rng(seed)
    tilted = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    blurred = tilted.filter(ImageFilter.GaussianBlur(0.8))
    pixels = np.asarray(blurred, dtype=np.float32)
    pixels = 40 + pixels * (205 / 255)  # grey paper, faded ink
    pixels += rng.normal(0, 12, pixels.shape)
    speckles = rng.random(pixels.shape) < 0.0015
    pixels[speckles] = 30
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=45)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def main() -> int:
    clean = render_png(table_html(), DPI)
    clean.save(HERE / "table_clean.png", dpi=(DPI, DPI), optimize=True)
    degrade(clean, angle=2.0, seed=7).save(HERE / "table_degraded.jpg", dpi=(DPI, DPI),
                                           quality=60)
    clean.rotate(90, expand=True).save(HERE / "table_sideways.png", dpi=(DPI, DPI),
                                       optimize=True)
    truth = {
        "dpi": DPI,
        "n_cols": len(HEADERS),
        "rows": [HEADERS, [TITLE], *ROWS],
        "title_row": 1,
    }
    (HERE / "table_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
