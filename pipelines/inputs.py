"""Finding inputs and telling what each one is, by its bytes rather than its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

InputKind = Literal["pdf", "image", "text"]
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".md", ".markdown"}
INPUT_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"} | TEXT_SUFFIXES
DOC_ID_LENGTH = 12
SNIFF_BYTES = 4096


class InputError(ValueError):
    """An input that cannot be converted; the message is one sentence for a clerk."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    sha256: str
    kind: InputKind

    @property
    def doc_id(self) -> str:
        return self.sha256[:DOC_ID_LENGTH]


def iter_input_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given, and files under folders (recursively) with a known suffix, sorted."""
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file()
                                and f.suffix.lower() in INPUT_SUFFIXES
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            found.append(p)
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(path: Path) -> InputFile:
    """Identify a file by content. Raises InputError with a plain sentence."""
    if not path.exists():
        raise InputError("file does not exist")
    if not path.is_file():
        raise InputError("input is not a regular file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"file cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise InputError("file is empty")
    kind: InputKind | None = None
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        kind = "pdf"
    elif any(head.startswith(m) for m in IMAGE_MAGIC):
        kind = "image"
    elif path.suffix.lower() in TEXT_SUFFIXES or _is_text(head):
        if not _is_text(head):
            raise InputError("file is not a PDF, an image or a UTF-8 text export")
        kind = "text"
    if kind is None:
        if path.suffix.lower() == ".pdf":
            raise InputError("file is not a PDF or image (its name says PDF but its content does not)")
        raise InputError("file is not a PDF or image")
    if kind == "text" and path.suffix.lower() == ".pdf":
        raise InputError("file is not a PDF or image (it is text named .pdf)")
    return InputFile(path=path, sha256=sha256_of(path), kind=kind)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 4  # a multi-byte character cut by the sniff window
