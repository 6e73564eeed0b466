"""Reading outside data: the floor between the contracts (``layers``) and their users (``etl``, ``dashboard``).

Everything that turns a file someone else wrote into trusted values lives
here, once, so the build (``python -m etl``) and the dashboard's upload read,
match and refuse a file the same way:

- ``codes``: area codes (LG5/LG6) and the check digit; ``names``: the name fold (ケ/ヶ, 檮/梼, 惠/恵);
- ``cells``: numbers and the one list of missing-value marks; ``dates``: reference dates, 和暦 included;
- ``containers``: what a file really is (empty, an HTML page, a Git LFS pointer, .xls, a zip bomb);
- ``text`` (strict decoding: UTF-8, CP932, Excel's UTF-16) and ``xlsx`` (bounded, streaming)
  readers, within ``limits`` (rows, columns, cells, unpacked bytes, CPU seconds);
- ``matching`` and ``history``: codes and names, former ones through the merger history, to today's areas;
- ``errors``: the one ``InputError`` (file, where, problem); ``messages``: every problem's code,
  fields and English/Japanese wording (tables in ``message_findings`` and ``message_errors``);
  ``report``: a user file's row-by-row findings;
- ``spec``, ``table``, ``resolve``: a user's own CSV/XLSX described by a small TOML spec (地域自立型).

Imports only ``layers``; opens no database: callers pass the official areas
(and the merger history) as DataFrames.

Typical use::

    spec = load_spec(Path("data/user/survey/survey.toml"))
    data = load_user_data(spec, AreaMatcher(areas, history))
    data.report.raise_for_problems()      # refuses the file, listing lines
    data.values, data.catalogue_document()
"""

from intake.cells import read_number
from intake.dates import read_date
from intake.errors import InputError
from intake.matching import AreaMatcher, Match
from intake.messages import ALL_CODES, ERROR_CODES, FINDING_CODES
from intake.names import fold_name
from intake.report import Finding, Report
from intake.resolve import VALUE_COLUMNS, UserData, load_user_data, resolve
from intake.spec import IndicatorSpec, UserSpec, catalogue_document, load_spec, merge_catalogue, parse_spec
from intake.table import Table, read_table
from intake.text import decode

__all__ = [
    "ALL_CODES",
    "ERROR_CODES",
    "FINDING_CODES",
    "VALUE_COLUMNS",
    "AreaMatcher",
    "Finding",
    "IndicatorSpec",
    "InputError",
    "Match",
    "Report",
    "Table",
    "UserData",
    "UserSpec",
    "catalogue_document",
    "decode",
    "fold_name",
    "load_spec",
    "load_user_data",
    "merge_catalogue",
    "parse_spec",
    "read_date",
    "read_number",
    "read_table",
    "resolve",
]
