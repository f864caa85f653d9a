"""Degraded scans of a sample PDF: raster, skew, paper, noise, stamps, JPEG, containers."""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pdf_truth import make_reproducible
from sample_model import FONT_DIR


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
    log = _planned_degradations(spec)
    out = [degrade_page(img, spec, rng, i, np_rng, log) for i, img in enumerate(pages, start=1)]
    name = _write_scan(out, pdf, out_dir, doc_id, spec, log)
    return {"file": name, "dpi": dpi, "degradations": log}


def _planned_degradations(spec: dict) -> list[str]:
    """What the scan will do, in words (degrade_page adds what it draws at random)."""
    log = [f"dpi{spec['dpi']}"]
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
    return log


def _write_scan(out: list[Image.Image], pdf: Path, out_dir: Path, doc_id: str, spec: dict,
                log: list[str]) -> str:
    """Write the degraded pages in the spec's container; the file's name."""
    dpi = spec["dpi"]
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
    return name


def _jpeg_bytes(img: Image.Image, q: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB" if img.mode == "RGB" else "L").save(buf, "JPEG", quality=q)
    return buf.getvalue()
