"""The packages' layering: ita_core imports none of the others, normalize no extract, and
the pixel stage ocr_layout no domain module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


@pytest.mark.parametrize("package,forbidden", [
    ("ita_core", ("extract", "normalize", "pipelines")),
    ("normalize", ("extract", "pipelines")),
])
def test_package_imports_no_higher_layer(package, forbidden):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    bad = [(str(f.relative_to(ROOT)), m) for f in files for m in imported_modules(f)
           if m.split(".")[0] in forbidden]
    assert bad == []


def test_pixel_stage_imports_no_domain_module():
    mods = imported_modules(ROOT / "extract" / "ocr_layout.py")
    assert "extract.measures" not in mods
