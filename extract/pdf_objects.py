"""pdfplumber's page objects, the same dicts, built in a fraction of its time.

Why: on a born-digital page, turning pdfminer's layout objects into pdfplumber's dicts
(`Page.process_object`) costs about as much as interpreting the content stream itself:
for every char it runs a regex on the class name and resolves every attribute through
`resolve_all`, although a char's attributes are plain numbers, strings and a matrix of
numbers. `LeanPage.parse_objects` builds a char's dict directly, with the same keys and
values (the matrix and anything not plain still go through `resolve_all`), and leaves
every other object (rules, rects, curves, images: few on a page) to pdfplumber's own
`process_object`. `tests/test_pdf_objects.py` checks that the dicts are equal to
pdfplumber's, page by page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pdfminer.layout import LTChar, LTContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode
from unicodedata import normalize as normalize_unicode

_PLAIN = (float, int, str, bool, type(None))


class LeanPage(PlumberPage):
    """A pdfplumber page whose chars are converted without the per-attribute round trip."""

    @classmethod
    def of(cls, page: PlumberPage) -> "LeanPage":
        if isinstance(page, cls):
            return page
        return cls(page.pdf, page.page_obj, page_number=page.page_number,
                   initial_doctop=page.initial_doctop)

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        objects: dict[str, list[dict[str, Any]]] = {}
        shift = _Shift(self)
        for obj in _leaves(self.layout._objs, self.pdf.laparams is not None):
            if type(obj) is LTChar:
                objects.setdefault("char", []).append(self._char(obj, shift))
                continue
            item = self.process_object(obj)
            if item["object_type"] != "anno":
                objects.setdefault(item["object_type"], []).append(item)
        return objects

    def _char(self, obj: LTChar, shift: "_Shift") -> dict[str, Any]:
        """`process_object(obj)` for a char: the same dict."""
        d = obj.__dict__
        # a char's attributes are plain values and its matrix, numbers computed by the
        # interpreter (content-stream operands are direct objects): nothing to resolve
        attr = {k: (v if type(v) in _PLAIN or k == "matrix" else resolve_all(v))
                for k, v in d.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = _decoded(getattr(obj, cs).name)
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):  # rare byte-encoded font names
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
        shift.place(attr)
        return attr


@lru_cache(maxsize=256)
def _decoded(name: Any) -> Any:
    """A colour space's name as pdfplumber decodes it: a few names, decoded once each."""
    return resolve_and_decode(name)


class _Shift:
    """pdfplumber's MediaBox adjustment of an object's coordinates (its issue 1181)."""

    def __init__(self, page: PlumberPage) -> None:
        self.x0, self.top = page.mediabox[:2]
        self.height = page.height
        self.doctop = page.initial_doctop

    def place(self, attr: dict[str, Any]) -> None:
        attr["top"] = (self.height - attr["y1"]) + self.top
        attr["bottom"] = (self.height - attr["y0"]) + self.top
        attr["doctop"] = self.doctop + attr["top"]
        if self.x0 != 0:
            attr["x0"] = attr["x0"] + self.x0
            attr["x1"] = attr["x1"] + self.x0


def _leaves(objs: list, with_containers: bool):
    """pdfplumber's `iter_layout_objects` walk: containers (figures) are opened; they are
    objects themselves only under layout analysis."""
    for obj in objs:
        if isinstance(obj, LTContainer):
            if with_containers:
                yield obj
            yield from _leaves(obj._objs, with_containers)
        else:
            yield obj
