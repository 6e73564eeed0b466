"""Region-led data (地域自立型): a user's own CSV/XLSX described by a small spec.

Pure functions shared by the ETL (``python -m etl add-source``, persistent)
and the dashboard's upload (session only), so both read, match and refuse a
file the same way. Nothing here imports ``etl`` or opens a database: callers
pass the official areas (and the merger history) as DataFrames.

Typical use::

    spec = load_spec(Path("data/user/survey/survey.toml"))
    data = load_user_data(spec, AreaMatcher(areas, history))
    data.report.raise_for_problems()      # refuses the file, listing lines
    data.values, data.catalogue_document()
"""

from layers.userdata.codes import ALL_CODES, ERROR_CODES, FINDING_CODES
from layers.userdata.matching import AreaMatcher, Match, fold_name
from layers.userdata.report import Finding, Report, UserDataError
from layers.userdata.resolve import VALUE_COLUMNS, UserData, load_user_data, resolve
from layers.userdata.spec import IndicatorSpec, UserSpec, catalogue_document, load_spec, merge_catalogue, parse_spec
from layers.userdata.table import Table, decode, read_table
from layers.userdata.values import ABSOLUTE_BOUND, plausible_range, read_date, read_number

__all__ = [
    "ABSOLUTE_BOUND",
    "ALL_CODES",
    "ERROR_CODES",
    "FINDING_CODES",
    "VALUE_COLUMNS",
    "AreaMatcher",
    "Finding",
    "IndicatorSpec",
    "Match",
    "Report",
    "Table",
    "UserData",
    "UserDataError",
    "UserSpec",
    "catalogue_document",
    "decode",
    "fold_name",
    "load_spec",
    "load_user_data",
    "merge_catalogue",
    "parse_spec",
    "plausible_range",
    "read_date",
    "read_number",
    "read_table",
    "resolve",
]
