"""`ita review OUT`: a static, offline review site in OUT/review/ (no server, no CDN).

index.html: documents by province and fiscal year (doubtful first), failures, correction
counts by rule, plotly charts (its JS written once into the site). doc-<id>.html: page
images rendered from the input with the detected cells drawn over them, the measures
table, and each correction as one `.correction` element with an <img> crop of where the
text was read and before/after with the changed letters marked; accept/reject per pair
and a button that downloads review.csv as `ita extract --review` reads it. Every piece of
document text is HTML-escaped: a report is untrusted input.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections import Counter
from pathlib import Path

from pipelines.writers import read_csv, read_records

SCALE = 1.5  # page image pixels per PDF point
WHERE_RX = re.compile(r"^measure (\d+) / (\w+)(?: / (\d+))?$")

CSS = """body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
.doubt{background:#fff3cd}.correction{border:1px solid #999;margin:6px;padding:6px;display:inline-block}
.correction img{max-width:420px;display:block}ins{background:#b7f7b7;text-decoration:none}del{background:#f7b7b7}
.page{position:relative;display:inline-block}.page img{display:block}.box{position:absolute;border:1px solid rgba(220,0,0,.7)}
.rejected{opacity:.5}"""

JS = r"""
function decisions(){return JSON.parse(localStorage.getItem('ita-review')||'{}')}
function setDecision(key,d){const all=decisions();all[key]=d;localStorage.setItem('ita-review',JSON.stringify(all));mark()}
function mark(){const all=decisions();document.querySelectorAll('.correction').forEach(e=>{
  const d=all[e.dataset.key]||'';e.classList.toggle('rejected',d==='reject');e.querySelector('.state').textContent=d})}
function csvCell(v){v=String(v);if(/^[=+\-@\t\r']/.test(v))v="'"+v;return /[",\n\r]/.test(v)?'"'+v.replace(/"/g,'""')+'"':v}
function download(){const all=decisions();const seen={};const rows=[['rule','before','after','count','example_where','decision']];
  document.querySelectorAll('.correction').forEach(e=>{const k=e.dataset.key;if(seen[k]){seen[k][3]++;return}
    const r=[e.dataset.rule,e.dataset.before,e.dataset.after,1,e.dataset.where,all[k]||''];seen[k]=r;rows.push(r)});
  const text='\ufeff'+rows.map(r=>r.map(csvCell).join(',')).join('\n')+'\n';
  const a=document.createElement('a');a.href=URL.createObjectURL(new Blob([text],{type:'text/csv'}));a.download='review.csv';
  document.body.appendChild(a);a.click();a.remove()}
function filter(){const rule=document.getElementById('f-rule').value,minc=parseFloat(document.getElementById('f-score').value||'0');
  document.querySelectorAll('.correction').forEach(e=>{e.style.display=((!rule||e.dataset.rule===rule)&&parseFloat(e.dataset.score)>=minc)?'':'none'})}
function filterDocs(){const q=document.getElementById('f-doc').value.trim().toLowerCase(),minc=parseFloat(document.getElementById('f-conf').value||'0');
  document.querySelectorAll('tr.doc').forEach(e=>{e.style.display=((!q||e.dataset.doc.includes(q))&&parseFloat(e.dataset.conf)>=minc)?'':'none'})}
document.addEventListener('DOMContentLoaded',()=>{['f-doc','f-conf'].forEach(i=>{const e=document.getElementById(i);if(e)e.addEventListener('input',filterDocs)});document.querySelectorAll('.correction button').forEach(b=>b.addEventListener('click',
  ()=>setDecision(b.closest('.correction').dataset.key,b.dataset.d)));const dl=document.getElementById('download');
  if(dl)dl.addEventListener('click',download);['f-rule','f-score'].forEach(i=>{const e=document.getElementById(i);if(e)e.addEventListener('input',filter)});mark()});
"""

esc = html.escape


def _diff(before: str, after: str) -> tuple[str, str]:
    a, b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            a.append(esc(before[i1:i2]))
            b.append(esc(after[j1:j2]))
        else:
            if i2 > i1:
                a.append(f"<del>{esc(before[i1:i2])}</del>")
            if j2 > j1:
                b.append(f"<ins>{esc(after[j1:j2])}</ins>")
    return "".join(a), "".join(b)


def _render_pages(rec: dict, folder: Path) -> list[tuple[str, int, int, float]]:
    """Page images (file name, width, height, pixels per box unit) of a PDF or image input."""
    path = Path(rec["source"]["path"])
    if not path.exists() or rec["source"]["kind"] == "text_export":
        return []
    dpi = int(dict(rec.get("settings") or {}).get("ocr_dpi", 300) or 300)
    out = []
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(path))
            for i in range(len(pdf)):
                img = pdf[i].render(scale=SCALE).to_pil().convert("RGB")
                name = f"{rec['doc_id']}-p{i + 1}.png"
                img.save(folder / name)
                out.append((name, img.width, img.height, SCALE))
        else:
            from PIL import Image, ImageSequence

            with Image.open(path) as im:
                for i, frame in enumerate(ImageSequence.Iterator(im)):
                    img = frame.convert("RGB")
                    factor = min(1.0, 1240 / img.width)
                    full_w = img.width
                    img = img.resize((int(img.width * factor), int(img.height * factor)))
                    name = f"{rec['doc_id']}-p{i + 1}.png"
                    img.save(folder / name)
                    out.append((name, img.width, img.height, factor * (full_w / full_w)))
    except Exception:  # an unreadable input: the page shows no image, the rest of the site stands
        return out
    _ = dpi
    return out


def _box_scale(unit: str | None, page_scale: float, rec: dict) -> float:
    if unit == "px" and rec["source"]["path"].lower().endswith(".pdf"):
        dpi = float(dict(rec.get("settings") or {}).get("ocr_dpi", 300) or 300)
        return page_scale * 72.0 / dpi
    return page_scale


def _source_of(rec: dict, where: str) -> dict | None:
    m = WHERE_RX.match(where or "")
    if not m:
        return None
    no, name, idx = int(m.group(1)), m.group(2), m.group(3)
    for measure in rec.get("measures", []):
        if measure["no"] == no:
            prov = measure.get("provenance") or {}
            if name in prov and isinstance(prov[name], list) and idx and int(idx) <= len(prov[name]):
                return prov[name][int(idx) - 1]
            return prov.get("title") if isinstance(prov.get("title"), dict) else None
    return None


def _crop(rec, pages, src, folder: Path, n: int, text: str) -> str:
    """An image of where the text was read: the cell cut from the page image, or, without
    one (text exports), the text as read drawn in a Thai font."""
    from PIL import Image, ImageDraw, ImageFont

    name = f"{rec['doc_id']}-c{n}.png"
    if src and src.get("bbox") and 1 <= src["page"] <= len(pages):
        file, w, h, scale = pages[src["page"] - 1]
        k = _box_scale(src.get("unit"), scale, rec)
        x0, y0, x1, y1 = (v * k for v in src["bbox"])
        with Image.open(folder / file) as im:
            im.crop((max(0, int(x0) - 4), max(0, int(y0) - 4), min(w, int(x1) + 4), min(h, int(y1) + 4))).save(folder / name)
        return name
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/tlwg/Garuda.ttf", 18)
    except OSError:
        font = ImageFont.load_default()
    img = Image.new("RGB", (420, 34), "white")
    ImageDraw.Draw(img).text((4, 4), text[:60], fill="black", font=font)
    img.save(folder / name)
    return name


def build_site(out: Path) -> Path:
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    out = Path(out)
    site = out / "review"
    site.mkdir(parents=True, exist_ok=True)
    (site / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    (site / "style.css").write_text(CSS, encoding="utf-8")
    (site / "review.js").write_text(JS, encoding="utf-8")
    records = read_records(out)
    manifest = read_csv(out / "manifest.csv")
    corrections = read_csv(out / "corrections.csv")
    by_doc: dict[str, list[dict]] = {}
    for c in corrections:
        by_doc.setdefault(c["doc_id"], []).append(c)
    head = ('<!doctype html><html><head><meta charset="utf-8"><title>{}</title>'
            '<link rel="stylesheet" href="style.css"><script src="plotly.min.js"></script>'
            '<script src="review.js"></script></head><body>')

    def doubt(rec):
        conf = min([m["confidence"] for m in rec["measures"]] or [1.0])
        return (rec.get("status") != "ok", -len(rec.get("warnings", [])), conf)

    docs = sorted(records, key=lambda r: (not doubt(r)[0], doubt(r)[1], doubt(r)[2],
                                          (r.get("organization") or {}).get("province") or "",
                                          r.get("fiscal_year") or 0))
    rows = []
    for r in docs:
        org = r.get("organization") or {}
        conf = min([m["confidence"] for m in r["measures"]] or [1.0])
        cls = "doc doubt" if r.get("warnings") or conf < 0.8 or r.get("status") != "ok" else "doc"
        needle = " ".join((r["doc_id"], org.get("name") or "", org.get("province") or "",
                           str(r.get("fiscal_year") or ""), r["source"].get("path") or "")).lower()
        rows.append(f'<tr class="{cls}" data-doc="{esc(needle)}" data-conf="{conf:.3f}"><td><a href="doc-{esc(r["doc_id"])}.html">{esc(r["doc_id"])}</a></td>'
                    f'<td>{esc(org.get("province") or "?")}</td><td>{esc(str(r.get("fiscal_year") or "?"))}</td>'
                    f'<td>{esc(org.get("name") or "?")}</td><td>{esc(r.get("status") or "")}</td>'
                    f'<td>{len(r["measures"])}</td><td>{conf:.2f}</td>'
                    f'<td>{esc("; ".join(r.get("warnings", [])))}</td></tr>')
    failures = [f"<li>{esc(m['path'])}: {esc(m['error'])}</li>" for m in manifest if m["status"] == "failed"]
    rules = Counter(c["rule"] for c in corrections)
    fy = Counter(str(r.get("fiscal_year")) for r in records for _ in r["measures"])
    prov = Counter((r.get("organization") or {}).get("province") or "?" for r in records)
    charts = "".join(
        go.Figure(go.Bar(x=list(c.keys()), y=list(c.values())), layout={"title": t, "height": 300})
        .to_html(full_html=False, include_plotlyjs=False)
        for t, c in (("measures per fiscal year", fy), ("documents per province", prov),
                     ("corrections by rule", rules)))
    index = (head.format("ITA review") + "<h1>ITA corpus review</h1><h2>Documents (doubtful first)</h2>"
             '<p>document <input id="f-doc" placeholder="doc id, organization, province, FY"> '
             'min confidence <input id="f-conf" type="number" step="0.05" value="0"></p>'
             "<table><tr><th>doc</th><th>province</th><th>FY</th><th>organization</th><th>status</th>"
             "<th>measures</th><th>confidence</th><th>warnings</th></tr>" + "".join(rows) + "</table>"
             f"<h2>Failures ({len(failures)})</h2><ul>{''.join(failures)}</ul>"
             "<h2>Corrections by rule</h2><table>" + "".join(
                 f"<tr><td>{esc(k)}</td><td>{v}</td></tr>" for k, v in rules.most_common()) + "</table>"
             + charts + "</body></html>")
    (site / "index.html").write_text(index, encoding="utf-8")
    for r in records:
        _document_page(r, by_doc.get(r["doc_id"], []), site, head)
    return site


def _document_page(rec: dict, corrections: list[dict], site: Path, head: str) -> None:
    pages = _render_pages(rec, site)
    parts = [head.format(esc(rec["doc_id"])), f'<p><a href="index.html">index</a></p><h1>{esc(rec["doc_id"])} '
             f'{esc((rec.get("organization") or {}).get("name") or "")}</h1>']
    for i, (file, w, h, scale) in enumerate(pages, start=1):
        boxes = []
        for m in rec["measures"]:
            for name, srcs in (m.get("provenance") or {}).items():
                for s in (srcs if isinstance(srcs, list) else [srcs]):
                    if s.get("page") == i and s.get("bbox"):
                        k = _box_scale(s.get("unit"), scale, rec)
                        x0, y0, x1, y1 = (v * k for v in s["bbox"])
                        boxes.append(f'<div class="box" style="left:{x0:.0f}px;top:{y0:.0f}px;'
                                     f'width:{x1 - x0:.0f}px;height:{y1 - y0:.0f}px"></div>')
        parts.append(f'<div class="page"><img src="{file}" width="{w}" height="{h}" alt="page {i}">{"".join(boxes)}</div>')
    parts.append("<h2>Measures</h2><table><tr><th>no</th><th>title</th><th>category</th><th>items</th><th>confidence</th></tr>")
    for m in rec["measures"]:
        items = sum(len(m[k]) for k in ("guidelines", "steps", "results", "outcomes"))
        parts.append(f'<tr><td>{m["no"]}</td><td>{esc(m["title"])}</td><td>{esc(str(m.get("category")))}</td>'
                     f'<td>{items}</td><td>{m["confidence"]}</td></tr>')
    parts.append("</table><h2>Corrections</h2>")
    rules = sorted({c["rule"] for c in corrections})
    parts.append('<p>rule <select id="f-rule"><option value="">all</option>' + "".join(
        f'<option>{esc(x)}</option>' for x in rules) + '</select> min score <input id="f-score" type="number" '
        'step="0.05" value="0"> <button id="download">download review.csv</button></p>')
    for n, c in enumerate(corrections, start=1):
        src = _source_of(rec, c["where"])
        crop = _crop(rec, pages, src, site, n, c["before"])
        a, b = _diff(c["before"], c["after"])
        key = json.dumps([c["before"], c["after"]], ensure_ascii=False)
        parts.append(
            f'<div class="correction" data-key="{esc(key)}" data-rule="{esc(c["rule"])}" '
            f'data-before="{esc(c["before"])}" data-after="{esc(c["after"])}" data-where="{esc(c["where"])}" '
            f'data-score="{esc(str(c["score"]))}"><img src="{crop}" alt="where it was read">'
            f'<div>{esc(c["where"])} · {esc(c["rule"])} · {esc(str(c["score"]))}</div>'
            f'<div class="before">{a}</div><div class="after">{b}</div>'
            '<button data-d="accept">accept</button><button data-d="reject">reject</button> <span class="state"></span></div>')
    parts.append("</body></html>")
    (site / f"doc-{rec['doc_id']}.html").write_text("".join(parts), encoding="utf-8")
