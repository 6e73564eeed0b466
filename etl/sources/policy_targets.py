"""Broadband policy targets the atlas measures gaps against.

Publisher: 総務省 (光の道 構想, 2010; デジタル田園都市国家インフラ整備計画, 2022-03-29),
transcribed by hand into ``broadband_policy_targets.csv``; each row names the page
it was typed from (``source_document``, ``source_reference``). Licence: 政府標準利用規約.
Cadence: changes only when a new plan is published.

The file yields no indicator values, only the ``policy_targets`` table. The
catalogue's per-indicator targets cite a ``target_id`` from it, and
``etl.validate.check_targets`` fails the build when the two disagree, so every
target line on a map is traceable to a cited row.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.model import AreaIndex, Parsed
from etl.sources._cells import line_of
from intake.errors import InputError
from intake.text import read_text_table

SOURCE_ID = "policy_targets"
FILE_NAME = "broadband_policy_targets.csv"
COLUMNS = [
    "target_id",
    "policy",
    "measure",
    "target_value_pct",
    "deadline",
    "scope",
    "source_document",
    "source_reference",
]


def _row(path: Path, index: int, raw: pd.Series) -> dict[str, Any]:
    where = line_of(index)
    record: dict[str, Any] = {c: str(raw[c]).strip() for c in COLUMNS}
    for column in ("target_id", "policy", "measure", "source_document"):
        if not record[column]:
            raise InputError(path, f"{where}, column '{column}'", "is empty")
    try:
        value = float(record["target_value_pct"])
    except ValueError:
        raise InputError(
            path, f"{where}, column 'target_value_pct'", f"'{record['target_value_pct']}' is not a number"
        ) from None
    if math.isnan(value) or not 0 <= value <= 100:
        raise InputError(path, f"{where}, column 'target_value_pct'", f"percentage {value} is outside 0-100")
    try:
        deadline = date.fromisoformat(record["deadline"])
    except ValueError:
        raise InputError(
            path, f"{where}, column 'deadline'", f"'{record['deadline']}' is not a YYYY-MM-DD date"
        ) from None
    record["target_value_pct"] = value
    record["deadline"] = deadline
    return record


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    """Read the targets table; ``areas`` is unused (targets are national or 'each prefecture')."""
    path = raw_dir / SOURCE_ID / FILE_NAME
    frame = read_text_table(path, "utf-8-sig", COLUMNS)
    rows = [_row(path, i, raw) for i, (_, raw) in enumerate(frame.iterrows())]
    table = pd.DataFrame(rows, columns=COLUMNS)
    dup = table["target_id"].duplicated()
    if dup.any():
        index = int(dup.to_numpy().nonzero()[0][0])
        raise InputError(path, f"{line_of(index)}, column 'target_id'", f"'{table['target_id'][index]}' appears twice")
    table["target_value_pct"] = table["target_value_pct"].astype("float64")
    return Parsed(source_id=SOURCE_ID, files={path: len(table)}, tables={"policy_targets": table})
