"""Stable codes for everything a user file can be told: problems, notes and refusals.

The English messages are what the CLI (``python -m etl add-source``) prints
and must not change under anyone's feet; a screen in another language (the
dashboard's upload report is Japanese by default) words the same finding from
its ``code`` and ``fields`` instead of translating English text. Every code
here is one kind of message with a fixed set of fields, so a translation table
can be checked for completeness against these constants.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Findings in a ``Report`` (one row or column of the user's file), with their fields.
FINDING_CODES: dict[str, tuple[str, ...]] = {
    # problems: the area
    "no_area": (),
    "not_prefecture": ("cell",),
    "code_outside_prefecture": ("cell", "prefecture"),
    "not_numeric_code": ("cell",),
    "wrong_check_digit": ("cell", "expected"),
    "code_length": ("cell", "digits"),
    "unknown_code": ("cell",),
    "ambiguous_name": ("name", "count", "candidates", "former"),
    "unknown_name": ("name", "prefecture"),
    "history_split": ("name", "area_code"),
    "history_several": ("name", "area_code", "candidates"),
    "history_no_successor": ("name", "area_code"),
    # problems: the date and the values
    "bad_date": ("cell",),
    "not_a_number": ("cell",),
    "not_finite": ("cell",),
    "percent_unit": ("cell", "unit"),
    "out_of_range": ("cell",),
    "outside_range": ("cell", "low", "high", "unit"),
    "duplicate": ("area", "row", "unit"),
    "no_values": ("indicator",),
    # notes
    "former_area": ("name", "area_code", "old_codes", "now"),
    "ignored_area": ("cell",),
    "undeclared_indicator": ("key",),
    "missing_blank": (),
    "missing_marker": ("marker",),
}

#: ``UserDataError`` codes: the whole file (or its spec) is refused, with their fields.
ERROR_CODES: dict[str, tuple[str, ...]] = {
    # the data file
    "cannot_read_data": ("detail",),
    "unsupported_encoding": ("encoding",),
    "declared_cp932_is_utf8": (),
    "declared_utf8_is_cp932": (),
    "bad_encoding": ("encoding", "byte"),
    "bad_csv": ("detail",),
    "bad_xlsx": ("detail",),
    "no_sheet": ("sheet", "sheets"),
    "too_few_rows": ("header_row", "rows"),
    "no_data_rows": (),
    "no_column": ("name", "key", "header"),
    "duplicate_column": ("name", "key", "count"),
    "not_prefecture": ("cell",),
    # the spec
    "cannot_read_spec": ("detail",),
    "bad_toml": ("detail",),
    "unknown_keys": ("keys", "allowed"),
    "not_text": ("key",),
    "not_whole_number": ("key", "minimum", "value"),
    "not_choice": ("key", "options", "value"),
    "spec_bad_date": ("value",),
    "no_source": (),
    "bad_source_id": ("value",),
    "bad_catalogue_entry": ("detail",),
    "target_not_table": (),
    "bad_indicator_id": (),
    "not_table": (),
    "no_indicator_column": ("key",),
    "one_area_column": (),
    "bad_ignore_areas": (),
    "one_date": (),
    "long_needs_columns": (),
    "wide_with_long_columns": (),
    "todo_placeholder": (),
    "no_file": (),
    "no_indicators": (),
    "bad_delimiter": (),
}

#: Every code ``layers.userdata`` can emit, in a report or as an error.
ALL_CODES: frozenset[str] = frozenset(FINDING_CODES) | frozenset(ERROR_CODES)

#: A finding's or error's fields: texts, numbers, or tuples of them (a list of candidates).
Fields = Mapping[str, object]


def checked(code: str, fields: Fields, table: Mapping[str, tuple[str, ...]]) -> dict[str, object]:
    """``fields`` if ``code`` is in ``table`` with exactly those fields; a programming error otherwise.

    Translations are keyed on these: a message emitted with an unlisted code
    or a missing field would show as a gap on the other language's screen.
    """
    if code not in table:
        raise ValueError(f"unknown user-data message code {code!r}")
    if set(fields) != set(table[code]):
        raise ValueError(f"code {code!r} takes fields {table[code]}, got {tuple(fields)}")
    return dict(fields)
