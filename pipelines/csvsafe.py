"""Untrusted text in CSV cells (OWASP's CSV injection guidance).

A report is untrusted input. A spreadsheet runs a cell that begins with `=`, `+`, `-`,
`@`, a tab or a carriage return as a formula (`=HYPERLINK(...)`, DDE). Such a cell is
written with a leading single quote, so Excel shows it as text; the JSON keeps the raw
text. A cell that itself begins with a quote gets one more, so `unescape` is the exact
inverse of `escape` and whatever reads our CSVs back (`ita extract --review`, the summary)
sees the text as it was. Thai list items lose their "-" marker before they get here, but
a cell may still start with one (a responsible cell reading "-" for none): it is quoted too.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def escape(value: Any) -> Any:
    """The cell as written to CSV: strings that a spreadsheet would run get a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS + (QUOTE,)):
        return QUOTE + value
    return value


def unescape(value: str) -> str:
    """The cell's text as it was before `escape`."""
    if isinstance(value, str) and value.startswith(QUOTE):
        return value[1:]
    return value


def unescape_row(row: dict[str, str]) -> dict[str, str]:
    return {k: unescape(v) for k, v in row.items()}
