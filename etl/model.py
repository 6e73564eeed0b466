"""What a source parser hands to the build: tidy tables, never a database.

Parsers are pure (files in, ``Parsed`` out) so they can be tested on small
fixtures; ``etl.build`` is the only module that writes DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Columns of the long fact table every source emits.
VALUE_COLUMNS = ["indicator_id", "area_code", "as_of", "value", "note"]


@dataclass
class Parsed:
    """Output of one source module.

    ``values`` follows ``VALUE_COLUMNS``: ``area_code`` is LG5 text, ``as_of`` a
    ``datetime.date``, ``value`` a float or NaN (missing, with the reason in
    ``note``; never 0). ``tables`` carries source-specific tables (areas,
    area_history, procedure_usage, national_values, boundaries, …) and
    ``files`` maps every file read to the number of data rows taken from it,
    for the ``_sources`` provenance table.
    """

    source_id: str
    files: dict[Path, int] = field(default_factory=dict)
    values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=VALUE_COLUMNS))
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaIndex:
    """The official code list, given to every parser after the areas source.

    ``frame`` has one row per area with at least: code (LG5), code6, level,
    prefecture_code, name_ja, prefecture_name. Municipalities appear in the
    order of the 総務省 code list, which the DX dashboard relies on.
    """

    frame: pd.DataFrame

    @property
    def municipalities(self) -> pd.DataFrame:
        return self.frame[self.frame["level"] == "municipality"]

    @property
    def prefectures(self) -> pd.DataFrame:
        return self.frame[self.frame["level"] == "prefecture"]

    def has(self, code5: str) -> bool:
        return code5 in self._codes

    @property
    def _codes(self) -> frozenset[str]:
        return frozenset(self.frame["code"])

    def name(self, code5: str) -> str:
        row = self.frame.loc[self.frame["code"] == code5, "name_ja"]
        return str(row.iloc[0]) if len(row) else ""
