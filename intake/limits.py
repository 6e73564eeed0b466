"""How much one table may hold: the bounds every reader checks before and while it reads.

A 5 KB workbook can declare cells A1 and XFD1048576 and a 1 MB CSV can hold
100,000 columns; a reader that trusts either lets one request fill a
worker's memory or hold its CPU for minutes (issue 15). A municipal table
has ~1,900 rows; a long table over years and indicators stays far below these.
"""

from __future__ import annotations

MAX_ROWS = 200_000
MAX_COLUMNS = 2_000
MAX_CELLS = 5_000_000
