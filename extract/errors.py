"""Typed extraction errors. Each message is one plain sentence a clerk can act on.

Library code raises these; only the CLI turns them into exit codes and manifest rows.
"""

from __future__ import annotations


class ExtractError(Exception):
    """Base of every error raised while reading a source file."""

    message = "the file could not be read"

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message or self.message)


class NotAPdfError(ExtractError):
    message = "file is not a PDF"


class PasswordProtectedError(ExtractError):
    message = "PDF is password-protected; ask the sender for an unprotected copy"


class CorruptPdfError(ExtractError):
    message = "PDF is damaged and cannot be read; ask the sender for a new copy"
