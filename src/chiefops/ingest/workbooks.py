"""The one door to openpyxl for reading workbooks, imported on first use.

openpyxl takes about 0.2 s to import; the server and the CLI only open a workbook when a batch holds
one (detection reads an XLSX header row), so they should not pay for it at start-up (spec 09:
`serve` ready ≤ 3 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_workbook(path: Path, *, data_only: bool) -> Any:  # openpyxl ships no types
    """A read-only openpyxl workbook; the caller closes it."""
    import openpyxl

    return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
