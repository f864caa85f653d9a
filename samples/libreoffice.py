"""LibreOffice rendering of a sample report: a flat ODT written by hand, printed to PDF."""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from pdf_truth import make_reproducible, pages_by_text, pdf_page_texts
from sample_model import PLAN_FIELDS, RESULT_FIELDS


# ---------------------------------------------------------------------------
# LibreOffice rendering: a flat ODT written by hand, so page size, fonts, ruling and
# the repeated header row are all under our control (Writer's HTML import ignores @page)
# ---------------------------------------------------------------------------

def _x(text: str) -> str:
    return html.escape(text, quote=True)


def _para(text: str, style: str = "P") -> str:
    return f'<text:p text:style-name="{style}">{_x(text)}</text:p>'


def _cell(inner: str, span: int = 1, style: str = "Cell") -> str:
    cs = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    pad = "<table:covered-table-cell/>" * (span - 1)
    return (f'<table:table-cell table:style-name="{style}" office:value-type="string"{cs}>'
            f'{inner or _para("")}</table:table-cell>{pad}')


def _fodt_rows(measures: list[dict], fields: list[str]) -> list[str]:
    """The table's body rows: a title row where the title has one, then each row's cells."""
    ncols = len(fields)
    rows = []
    for m in measures:
        if m["title_in"] == "row":
            rows.append("<table:table-row>" + _cell(_para(m["label"] + m["title"], "PB"), ncols) + "</table:table-row>")
        for ri, row in enumerate(m["rows"]):
            cells = []
            for f in fields:
                if f in ("responsible", "period"):
                    text = (m["responsible"] if f == "responsible" else m["period"][0]) if ri == 0 else ""
                    cells.append(_cell(_para(text, "PC") if text else ""))
                    continue
                inner = ""
                if f == "guidelines" and ri == 0 and m["title_in"] == "cell":
                    inner += _para(m["label"] + m["title"], "PB")
                for it in row.get(f, []):
                    if it is None:
                        continue
                    inner += _para(it["marker"] + it["text"])
                    if it["tail"]:
                        inner += _para(it["tail"])
                cells.append(_cell(inner))
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    return rows


def _fodt_memo(rep: dict) -> str:
    memo = rep.get("memo")
    if not memo:
        return ""
    org = rep["org"]
    return ('<text:p text:style-name="MemoHead">บันทึกข้อความ</text:p>'
            + _para(f"ส่วนราชการ {memo['unit']} {org['name']} อำเภอ{org['district']} จังหวัด{org['province']}", "MP")
            + _para(f"ที่ {memo['number']}\u2003\u2003\u2003วันที่ {memo['date_text']}", "MP")
            + _para(f"เรื่อง {memo['subject']}", "MP") + _para(f"เรียน {memo['to']}", "MP")
            + "".join(_para(t, "MB") for _, t in memo["sections"]) + _para(memo["closing"], "MB")
            + _para("(ลงชื่อ)", "MS") + _para(f"({memo['signer']})", "MS") + _para(memo["position"], "MS"))


def fodt_for(rep: dict, measures: list[dict]) -> str:
    fields = RESULT_FIELDS if rep["type"] == "results" else PLAN_FIELDS
    ncols = len(fields)
    land = rep["orientation"] == "landscape"
    pw, ph = ("29.7cm", "21cm") if land else ("21cm", "29.7cm")
    usable = (29.7 if land else 21.0) - 3.0
    widths = [usable * w / 100 for w in rep["col_widths"]]
    rows = _fodt_rows(measures, fields)
    header = "<table:table-header-rows><table:table-row>" + "".join(
        _cell(_para(h, "PH"), style="Head") for h in rep["headers"]) + "</table:table-row></table:table-header-rows>"
    cols = "".join(f'<table:table-column table:style-name="C{i}"/>' for i in range(ncols))
    col_styles = "".join(
        f'<style:style style:name="C{i}" style:family="table-column"><style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>'
        for i, w in enumerate(widths))
    memo = rep.get("memo")
    # the first title line switches to the table's page style, which starts a new page
    titles = "".join(_para(t, "PTFirst" if (i == 0 and memo) else "PT") for i, t in enumerate(rep["title_lines"]))
    return _fodt_document(font=rep["font"], size=rep["size"], pw=pw, ph=ph,
                          orientation=rep["orientation"], usable=usable, col_styles=col_styles,
                          memo_xml=_fodt_memo(rep), titles=titles, cols=cols, header=header,
                          rows="".join(rows))


def _fodt_document(*, font: str, size: int, pw: str, ph: str, orientation: str, usable: float,
                   col_styles: str, memo_xml: str, titles: str, cols: str, header: str,
                   rows: str) -> str:
    """The flat ODT around the table: fonts, page layouts, paragraph and cell styles."""
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
   style:print-orientation="{orientation}" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm"
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
<table:table table:name="ITA" table:style-name="T">{cols}{header}{rows}</table:table>
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
