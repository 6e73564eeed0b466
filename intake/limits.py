"""How much one table may hold, and for how long it may be read: bounds checked before and while reading.

A 5 KB workbook can declare cells A1 and XFD1048576, a 1 MB CSV can hold
100,000 columns and a 30 KB zip can unpack to gigabytes; a reader that trusts
any of them lets one request fill a worker's memory or hold its CPU for
minutes (issue 15). A municipal table has ~1,900 rows; a long table over
years and indicators stays far below these.
"""

from __future__ import annotations

import time

from intake.errors import InputError

MAX_ROWS = 200_000
MAX_COLUMNS = 2_000
MAX_CELLS = 5_000_000
#: What an XLSX (a zip) may unpack to, summed over its parts, checked on the zip's directory before reading.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
#: CPU seconds one file may take to read, checked every ``_EVERY`` rows while streaming. CPU time, not
#: wall-clock: on a busy machine a fair 100,000-row workbook (~5 s of CPU) can take 30 s of wall time,
#: and should not be refused for it; the wall-clock guard is the worker's own timeout.
MAX_SECONDS = 30.0
_EVERY = 1024


class Deadline:
    """A reading budget: ``tick(row)`` refuses the file once it has used ``seconds`` of CPU since it was made."""

    def __init__(self, file: str, seconds: float | None = None) -> None:
        self.file = file
        self.seconds = MAX_SECONDS if seconds is None else seconds
        self.start = time.process_time()

    def tick(self, row: int, unit: str = "row") -> None:
        if row % _EVERY == 0 and time.process_time() - self.start > self.seconds:
            raise InputError.of(self.file, f"{unit} {row}", "too_slow", seconds=f"{self.seconds:g}")


def too_large(file: str, where: str, size: str) -> InputError:
    """The refusal when a table exceeds the bounds.

    ``size``: the sheet's range (A1:XFD1048576) or rows×columns, with 以上 ("or more") when
    reading stopped there; written so that it reads in either language.
    """
    limits = {"max_rows": f"{MAX_ROWS:,}", "max_columns": f"{MAX_COLUMNS:,}", "max_cells": f"{MAX_CELLS:,}"}
    return InputError.of(file, where, "table_too_large", size=size, **limits)


def exceeds(rows: int, width: int) -> bool:
    """Whether ``rows`` × ``width`` (so far) is beyond the bounds."""
    return rows > MAX_ROWS or width > MAX_COLUMNS or rows * width > MAX_CELLS
