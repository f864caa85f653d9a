"""Which character each glyph of an embedded font draws, read from the font's own cmap.

Why: a PDF's ToUnicode map has one entry per glyph, but Thai shaping turns one
character into several glyphs (sara am ำ → nikhahit glyph + sara aa glyph) and
reuses one glyph for several characters. Writers then record whichever text they saw
first: a WeasyPrint PDF whose first sara am precedes its first sara aa maps the sara aa
glyph to "ำ" (so every ตา reads ตำ) and the nikhahit glyph to "" (so ตำ reads ต?า).
The embedded TrueType program still knows what each glyph is: its Unicode cmap maps
U+0E32 → the sara aa glyph, U+0E4D → nikhahit, U+F70B → the lowered mai tho. Reading
that map backwards gives each glyph's character as drawn; this is reading the file,
not correcting it: a shifted mark comes out as its Private Use Area code point and a
split sara am as nikhahit + sara aa, and `normalize.thai_unicode` repairs (and logs)
those.

Scope: composite (Type0/CIDFontType2) fonts with an embedded TrueType program, the form
WeasyPrint/cairo, Word and Chrome use for Thai. Simple TrueType fonts (LibreOffice)
carry no Unicode cmap in their subsets; for them only one contradiction is resolved: a
ToUnicode mark drawn on the wrong side of the baseline (see `shape_swaps`). The
font's answer replaces the ToUnicode text only when the two disagree about Thai, or
when ToUnicode gives nothing; Latin ligatures and symbol fonts keep their ToUnicode text.
"""

from __future__ import annotations

import io
import logging
import subprocess
from functools import lru_cache
from typing import Any, Iterable

from fontTools.ttLib import TTFont
from pdfminer.cmapdb import UnicodeMap
from pdfminer.pdffont import PDFCIDFont
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, list_value, resolve1
from pdfminer.psparser import literal_name

log = logging.getLogger(__name__)
# Subset fonts often carry a zero 'modified' date; fontTools warns about each one.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

THAI_BLOCK = range(0x0E00, 0x0E80)
THAI_PUA = range(0xF700, 0xF71B)  # shifted Thai marks in TLWG and Microsoft fonts
THAI_PUA_MAC = range(0xF884, 0xF89F)  # the same in Apple's fonts


def _is_thai(cp: int) -> bool:
    return cp in THAI_BLOCK or cp in THAI_PUA or cp in THAI_PUA_MAC


class GlyphUnicodeMap(UnicodeMap):
    """A ToUnicode map with per-glyph answers from the embedded font laid over it.

    `unmapped`, when given, answers the glyphs ToUnicode does not know; it is asked only
    when such a glyph is drawn (most fonts' unmapped glyphs never are)."""

    def __init__(self, base: UnicodeMap | None, overrides: dict[int, str],
                 unmapped: "LazyUnmapped | None" = None) -> None:
        super().__init__()
        self.base = base
        self.overrides = overrides
        self.unmapped = unmapped

    def get_unichr(self, cid: int) -> str:
        if cid in self.overrides:
            return self.overrides[cid]
        if self.unmapped is None:
            if self.base is None:
                raise KeyError(cid)
            return self.base.get_unichr(cid)
        try:
            text = self.base.get_unichr(cid) if self.base is not None else None
        except KeyError:
            text = None
        if text is None:
            found = self.unmapped.texts().get(cid)
            if found is not None:
                return found
            if self.base is None:
                raise KeyError(cid)
            return self.base.get_unichr(cid)
        return text


class LazyUnmapped:
    """`unmapped_glyph_texts` of one embedded font, computed on first need and kept.

    Reading an unmapped glyph's outline (and the installed font's, to compare) is most
    of the cost of reading a font; the answer is the same whenever it is computed, so
    it is computed only for a font one of whose unmapped glyphs is drawn."""

    def __init__(self, font_program: bytes, base: Any, cid_to_gid: dict[int, int] | None,
                 mapped_by_cmap: set[int], font_name: str, label: Any = None) -> None:
        self._args = (font_program, base, cid_to_gid, mapped_by_cmap)
        self._font_name = font_name
        self._label = label
        self._texts: dict[int, str] | None = None

    def texts(self) -> dict[int, str]:
        if self._texts is None:
            try:
                self._texts = unmapped_glyph_texts(*self._args, font_name=self._font_name)
            except Exception as err:  # a damaged embedded font: keep what ToUnicode says
                log.debug("embedded font %s unreadable: %s", self._label, err)
                self._texts = {}
            self._args = None  # the font program is no longer needed
        return self._texts


def glyph_codepoints(font_program: bytes) -> dict[int, list[int]]:
    """Glyph id → the Unicode code points the font's own cmap maps to it (ascending)."""
    font = TTFont(io.BytesIO(font_program), lazy=True)
    if "cmap" not in font:
        return {}
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    out: dict[int, set[int]] = {}
    for table in font["cmap"].tables:
        # Unicode subtables only; a (3,0) symbol cmap says nothing about characters.
        if not (table.platformID == 0 or (table.platformID == 3 and table.platEncID in (1, 10))):
            continue
        for cp, name in table.cmap.items():
            if name in order:
                out.setdefault(order[name], set()).add(cp)
    return {gid: sorted(cps) for gid, cps in out.items()}


def choose_text(tounicode: str | None, codepoints: list[int]) -> str | None:
    """The text to read for one glyph, or None to keep what ToUnicode says."""
    if not codepoints:
        return None
    if tounicode and len(tounicode) == 1 and ord(tounicode) in codepoints:
        return None
    # Prefer a standard character over a Private Use one when the font lists both.
    best = min(codepoints, key=lambda cp: (0xE000 <= cp <= 0xF8FF, cp))
    if not tounicode:
        return chr(best)
    if tounicode.isspace() and not chr(best).isspace():
        # Word's TH Sarabun ToUnicode gives the nikhahit of a split sara am the text " "
        # (ค าน า); the glyph is drawn with no advance and the font's cmap says U+0E4D.
        return chr(best)
    if _is_thai(best) and all(_is_thai(ord(ch)) for ch in tounicode):
        return chr(best)
    return None


def _cid_to_gid(spec: dict[str, Any]) -> dict[int, int] | None:
    """CID → glyph id from CIDToGIDMap; None means Identity."""
    raw = resolve1(spec.get("CIDToGIDMap"))
    if isinstance(raw, PDFStream):
        data = raw.get_data()
        return {cid: int.from_bytes(data[2 * cid:2 * cid + 2], "big")
                for cid in range(len(data) // 2)}
    return None


def glyph_overrides(font: PDFCIDFont, type0_spec: dict[str, Any]) -> dict[int, str]:
    """CID → text for each glyph whose ToUnicode text disagrees with the font program,
    unmapped glyphs included (`glyph_answers` leaves those until one is drawn)."""
    overrides, unmapped = glyph_answers(font, type0_spec)
    return {**(unmapped.texts() if unmapped is not None else {}), **overrides}


def glyph_answers(font: PDFCIDFont, type0_spec: dict[str, Any]
                  ) -> tuple[dict[int, str], LazyUnmapped | None]:
    """CID → text for each glyph the font's own cmap maps and ToUnicode disagrees with;
    and the answers for the glyphs neither maps, computed when one of them is drawn
    (None when the font has no readable TrueType program under Identity encoding)."""
    descendants = list_value(type0_spec.get("DescendantFonts", []))
    if not descendants:
        return {}, None
    cidfont_spec = dict_value(descendants[0])
    if literal_name(cidfont_spec.get("Subtype")) != "CIDFontType2":
        return {}, None
    if "Identity" not in str(literal_name(type0_spec.get("Encoding", ""))):
        return {}, None  # codes are CIDs only under Identity-H/V
    descriptor = dict_value(cidfont_spec.get("FontDescriptor", {}))
    program = resolve1(descriptor.get("FontFile2"))
    if not isinstance(program, PDFStream):
        return {}, None
    try:
        by_gid = glyph_codepoints(program.get_data())
    except Exception as err:  # a damaged embedded font: keep ToUnicode
        log.debug("embedded font %s unreadable: %s", font.basefont, err)
        return {}, None
    cid_to_gid = _cid_to_gid(cidfont_spec)
    if cid_to_gid is None:
        cid_for_gid = {gid: gid for gid in by_gid}
    else:
        cid_for_gid = {}
        for cid, gid in cid_to_gid.items():
            cid_for_gid.setdefault(gid, cid)
    base = font.unicode_map
    unmapped = LazyUnmapped(program.get_data(), base, cid_to_gid, set(by_gid),
                            _base_name(type0_spec), font.basefont)
    overrides: dict[int, str] = {}
    for gid, codepoints in by_gid.items():
        cid = cid_for_gid.get(gid)
        if cid is None:
            continue
        try:
            current = base.get_unichr(cid) if base is not None else None
        except KeyError:
            current = None
        text = choose_text(current, codepoints)
        if text is not None:
            overrides[cid] = text
    return overrides, unmapped


def _name_text(name: str) -> str | None:
    """A glyph name's text by the Adobe Glyph List rules (uni0E32, u0E32, saraaathai), also
    for Thai names written without AGL's 'thai' suffix (saraaa, maitho.low)."""
    from fontTools import agl

    if not name or name.startswith(("glyph", ".")) or name in (".notdef", "space"):
        return None
    text = agl.toUnicode(name)
    if not text:
        base, dot, suffix = name.partition(".")
        text = agl.toUnicode(base + "thai" + dot + suffix)
    return text or None


def _outline(glyf: Any, name: str) -> tuple | None:
    """A glyph's outline moved to the origin: equal for a mark and its shifted copy."""
    glyph = glyf[name]
    coords, ends, _flags = glyph.getCoordinates(glyf)
    if len(coords) == 0:
        return None
    x0 = min(x for x, _ in coords)
    y0 = min(y for _, y in coords)
    return tuple(ends), tuple((round(x - x0), round(y - y0)) for x, y in coords)


def _base_name(spec: dict[str, Any]) -> str:
    """The PostScript name of a PDF font without its subset tag (ABCDEF+Sarabun-Regular)."""
    name = literal_name(spec.get("BaseFont", "")) if spec.get("BaseFont") is not None else ""
    name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


@lru_cache(maxsize=1)
def _installed_fonts() -> dict[str, str]:
    """PostScript name → font file of the fonts fontconfig knows (empty without it)."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{file}\n"],
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    fonts: dict[str, str] = {}
    for line in out.splitlines():
        name, _, path = line.partition("\t")
        if name and path:
            fonts.setdefault(name, path)
    return fonts


@lru_cache(maxsize=16)
def installed_font_shapes(font_name: str) -> dict[tuple, set[str]] | None:
    """Outline → characters of the installed font with this PostScript name, from its own
    cmap: a subset embedded without a usable map still draws the original outlines."""
    path = _installed_fonts().get(font_name)
    if not path:
        return None
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        glyf = font["glyf"]
        shapes: dict[tuple, set[str]] = {}
        for cp, name in font.getBestCmap().items():
            if chr(cp).isspace() or 0xE000 <= cp <= 0xF8FF:
                continue
            shape = _outline(glyf, name)
            if shape is not None:
                shapes.setdefault(shape, set()).add(chr(cp))
        return shapes
    except Exception as err:  # not a TrueType font, or damaged: no answer from it
        log.debug("installed font %s unreadable: %s", path, err)
        return None


def unmapped_glyph_texts(font_program: bytes, base: Any, cid_to_gid: dict[int, int] | None,
                         mapped_by_cmap: set[int], font_name: str = "") -> dict[int, str]:
    """CID → text for glyphs that neither ToUnicode nor the font's cmap maps (what a
    naive reader prints as `(cid:N)`): by the glyph's name, else by an outline equal
    to one glyph whose text is known (Canva's lowered tone marks are shifted copies),
    else by the same outline in the installed font of that name."""
    font = TTFont(io.BytesIO(font_program), lazy=True)
    order = font.getGlyphOrder()
    if cid_to_gid is None:
        cids = {gid: gid for gid in range(len(order))}
    else:
        cids = {}
        for cid, gid in cid_to_gid.items():
            cids.setdefault(gid, cid)

    def known(cid: int) -> str | None:
        try:
            return base.get_unichr(cid) if base is not None else None
        except KeyError:
            return None

    missing = [gid for gid, cid in cids.items() if gid < len(order) and gid not in mapped_by_cmap
               and gid != 0 and known(cid) is None]
    if not missing:
        return {}
    out: dict[int, str] = {}
    glyf = font["glyf"] if "glyf" in font else None
    shapes: dict[tuple, set[str]] = {}
    if glyf is not None:
        for gid, cid in cids.items():
            text = known(cid)
            if gid < len(order) and text and len(text) == 1 and not text.isspace():
                shape = _outline(glyf, order[gid])
                if shape is not None:
                    shapes.setdefault(shape, set()).add(text)
    for gid in missing:
        text = _glyph_text(font, order[gid], shapes, font_name)
        if text:
            out[cids[gid]] = text
    return out


def _glyph_text(font: TTFont, name: str, shapes: dict[tuple, set[str]], font_name: str) -> str | None:
    text = _name_text(name)
    if text is not None or "glyf" not in font:
        return text
    shape = _outline(font["glyf"], name)
    text = _twin_text(shape, shapes)
    if text is None and font_name:
        installed = installed_font_shapes(font_name)
        if installed:
            exact = installed.get(shape) if shape is not None else None
            text = next(iter(exact)) if exact and len(exact) == 1 else None
    return text


def simple_font_unmapped(font_program: bytes, base: Any, font_name: str) -> dict[int, str]:
    """Byte code → text for a simple TrueType font's codes that ToUnicode leaves out.

    LibreOffice writes one ToUnicode entry per glyph, the cluster's text on its first
    glyph: in a Sarabun subset whose first sara am comes before any sara aa, the
    nikhahit glyph gets "ำ" and the sara aa glyph nothing, so every า reads (cid:3)."""
    font = TTFont(io.BytesIO(font_program), lazy=True)
    if "cmap" not in font:
        return {}
    known: dict[int, str] = {}
    missing: list[tuple[int, str]] = []
    for code in range(1, 256):
        name = _code_to_glyph_name(font, code)
        if name is None:
            continue
        try:
            text = base.get_unichr(code) if base is not None else None
        except KeyError:
            text = None
        if text is None:
            missing.append((code, name))
        else:
            known[code] = text
    if not missing:
        return {}
    shapes: dict[tuple, set[str]] = {}
    if "glyf" in font:
        for code, text in known.items():
            name = _code_to_glyph_name(font, code)
            if len(text) == 1 and not text.isspace() and name in font["glyf"]:
                shape = _outline(font["glyf"], name)
                if shape is not None:
                    shapes.setdefault(shape, set()).add(text)
    out = {}
    for code, name in missing:
        text = _glyph_text(font, name, shapes, font_name)
        if text:
            out[code] = text
    return out


TWIN_TOLERANCE = 0.12  # mean point distance, as a share of the glyph's size


def _twin_text(shape: tuple | None, shapes: dict[tuple, set[str]]) -> str | None:
    """The text of the known glyph drawn with the same contours: an exact copy moved,
    or one whose points lie close (a lowered tone mark is its tone squashed a little).
    Only an unambiguous answer counts."""
    if shape is None:
        return None
    exact = shapes.get(shape)
    if exact:
        return next(iter(exact)) if len(exact) == 1 else None
    ends, points = shape
    size = max(1, max(max(x for x, _ in points), max(y for _, y in points)))
    scored = []
    for (other_ends, other_points), texts in shapes.items():
        if other_ends != ends or len(texts) != 1:
            continue
        dist = sum(abs(x - u) + abs(y - v) for (x, y), (u, v) in zip(points, other_points)) / len(points)
        scored.append((dist / size, next(iter(texts))))
    scored.sort()
    if not scored or scored[0][0] > TWIN_TOLERANCE:
        return None
    if len(scored) > 1 and scored[1][1] != scored[0][1] and scored[1][0] < 2 * scored[0][0]:
        return None  # two different characters nearly as close: no answer
    return scored[0][1]


BELOW_MARKS = frozenset("\u0e38\u0e39\u0e3a")  # ุ ู ฺ
ABOVE_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")


def _code_to_glyph_name(font: TTFont, code: int) -> str | None:
    """A simple font's byte code → glyph, through the font's own (1,0)/(3,0) cmap."""
    for table in font["cmap"].tables if "cmap" in font else ():
        if (table.platformID, table.platEncID) in ((1, 0), (3, 0)):
            name = table.cmap.get(code) or table.cmap.get(0xF000 + code)
            if name:
                return name
    return None


def shape_swaps(font_program: bytes, claims: dict[int, str]) -> dict[int, str]:
    """Codes whose ToUnicode mark sits on the wrong side of the baseline for its glyph.

    LibreOffice's simple-font ToUnicode can give the below vowel's glyph the tone's text
    and the tone's glyph the vowel's (ข้อม้ล for ข้อมูล). The glyph's own box says which
    side of the baseline it is drawn on; when exactly one glyph claiming a below mark is
    drawn above and exactly one claiming an above mark is drawn below, their texts are
    exchanged; a lone glyph drawn below is resolved by elimination (see
    `_below_by_elimination`). Anything less certain is left as the PDF says.
    """
    font = TTFont(io.BytesIO(font_program), lazy=True)
    if "glyf" not in font:
        return {}
    drawn_above, drawn_below = _wrong_side(font, claims)
    if len(drawn_above) == 1 and len(drawn_below) == 1:
        a, b = drawn_above[0], drawn_below[0]
        return {a: claims[b], b: claims[a]}
    if len(drawn_below) == 1 and not drawn_above:
        return _below_by_elimination(font, claims, drawn_below[0])
    return {}


def _wrong_side(font: TTFont, claims: dict[int, str]) -> tuple[list[int], list[int]]:
    """The codes whose ToUnicode mark is on the wrong side of the baseline for the glyph
    drawn: those claiming a below mark drawn above it, and those claiming an above mark
    drawn below it."""
    glyf = font["glyf"]
    drawn_above, drawn_below = [], []
    for code, text in claims.items():
        if len(text) != 1 or text not in BELOW_MARKS | ABOVE_MARKS:
            continue
        name = _code_to_glyph_name(font, code)
        if name is None or name not in glyf:
            continue
        glyph = glyf[name]
        if not hasattr(glyph, "yMin"):
            continue
        if text in BELOW_MARKS and glyph.yMin > 0:
            drawn_above.append(code)
        elif text in ABOVE_MARKS and glyph.yMax < 0:
            drawn_below.append(code)
    return drawn_above, drawn_below


def _below_by_elimination(font: TTFont, claims: dict[int, str], code: int) -> dict[int, str]:
    """One glyph drawn below the line claims an above mark. Below marks are ุ ู ฺ; when
    the font's sara u glyph is accounted for and sara uu is not, a glyph as tall as sara u
    is sara uu (phinthu is a dot a third that size)."""
    glyf = font["glyf"]
    heights: dict[str, float] = {}
    for other, text in claims.items():
        name = _code_to_glyph_name(font, other)
        if other == code or text not in BELOW_MARKS or name is None or name not in glyf:
            continue
        glyph = glyf[name]
        if hasattr(glyph, "yMax") and glyph.yMax < 0:
            heights[text] = glyph.yMax - glyph.yMin
    name = _code_to_glyph_name(font, code)
    glyph = glyf[name] if name in glyf else None
    if "\u0e38" not in heights or "\u0e39" in heights or glyph is None:
        return {}
    if glyph.yMax - glyph.yMin >= 0.6 * heights["\u0e38"]:
        return {code: "\u0e39"}
    return {}


def wrong_side_texts(font_program: bytes, claims: dict[int, str], font_name: str,
                     resolved: set[int]) -> dict[int, str]:
    """Codes whose ToUnicode mark sits on the wrong side of the baseline for its glyph,
    which the swap rule left (LibreOffice gave ุ, ู and ่ the one text ่ in a Loma
    subset): each read by its glyph's name, else by the same outline in the installed
    font of that name, when that answer is a mark of the side the glyph is drawn on."""
    font = TTFont(io.BytesIO(font_program), lazy=True)
    if "glyf" not in font:
        return {}
    drawn_above, drawn_below = _wrong_side(font, claims)
    out: dict[int, str] = {}
    for codes, side in ((drawn_above, ABOVE_MARKS), (drawn_below, BELOW_MARKS)):
        for code in codes:
            if code in resolved:
                continue
            answer = _glyph_text(font, _code_to_glyph_name(font, code), {}, font_name)
            if answer and answer in side:
                out[code] = answer
    return out


def simple_font_overrides(font: Any, spec: dict[str, Any]) -> dict[int, str]:
    descriptor = dict_value(spec.get("FontDescriptor", {}))
    program = resolve1(descriptor.get("FontFile2"))
    base = getattr(font, "unicode_map", None)
    if not isinstance(program, PDFStream) or base is None:
        return {}
    claims = {}
    for code in range(256):
        try:
            claims[code] = base.get_unichr(code)
        except KeyError:
            continue
    try:
        data = program.get_data()
        out = simple_font_unmapped(data, base, _base_name(spec))
        swaps = shape_swaps(data, claims)
        out.update(wrong_side_texts(data, claims, _base_name(spec), set(swaps)))
        out.update(swaps)
        return out
    except Exception as err:  # a damaged embedded font: keep ToUnicode
        log.debug("embedded font unreadable: %s", err)
        return {}


def _font_refs(resources: Any, seen: set[int]) -> Iterable[tuple[object, dict[str, Any]]]:
    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return
    fonts = resolve1(resources.get("Font"))
    if isinstance(fonts, dict):
        for ref in fonts.values():
            objid = ref.objid if isinstance(ref, PDFObjRef) else None
            spec = resolve1(ref)
            if isinstance(spec, dict):
                yield objid, spec
    xobjects = resolve1(resources.get("XObject"))
    if isinstance(xobjects, dict):
        for ref in xobjects.values():
            if isinstance(ref, PDFObjRef):
                if ref.objid in seen:
                    continue
                seen.add(ref.objid)
            xobj = resolve1(ref)
            if isinstance(xobj, PDFStream) and "Resources" in xobj.attrs:
                yield from _font_refs(xobj.attrs["Resources"], seen)


def read_glyphs_from_fonts(rsrcmgr: Any, resources: Any) -> int:
    """Lay each composite font's glyph answers over its ToUnicode map, in place.

    Works on pdfminer's cached font objects in `rsrcmgr`, so the page interpreter that
    runs afterwards reads the corrected text. Returns how many glyphs changed (not
    counting unmapped glyphs, which are read when drawn).
    """
    changed = 0
    for objid, spec in _font_refs(resources, set()):
        subtype = literal_name(spec.get("Subtype"))
        if subtype not in ("Type0", "TrueType"):
            continue
        try:
            font = rsrcmgr.get_font(objid, spec)
        except Exception as err:
            log.debug("font %r unreadable: %s", objid, err)
            continue
        if getattr(font, "_glyphs_read", False):
            continue  # fonts are shared by pages; each embedded program is read once
        font._glyphs_read = True
        unmapped = None
        if subtype == "Type0" and isinstance(font, PDFCIDFont):
            overrides, unmapped = glyph_answers(font, spec)
        elif subtype == "TrueType":
            overrides = simple_font_overrides(font, spec)
        else:
            continue
        if overrides or unmapped is not None:
            font.unicode_map = GlyphUnicodeMap(font.unicode_map, overrides, unmapped)
            changed += len(overrides)
    return changed
