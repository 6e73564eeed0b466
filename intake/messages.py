"""Everything a file can be told, keyed by a stable code: its fields, its English and its Japanese, side by side.

A reader that finds a problem names its code and fields (``InputError.of``,
``Report.problem``); the wording comes from this one table, so a new refusal
cannot ship without both languages (a test checks every code renders in
each). The English is what ``python -m etl add-source`` prints; the
dashboard's upload report, Japanese by default, words the same finding with
``word`` instead of translating English text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One kind of message: the fields every emitter must give, and its templates over them.

    Besides the fields, a template may use phrases derived from them (``label``,
    ``scope``, ``options``, ``<field>_list``, ``<field>_quoted``; see ``_en_fields``
    and ``_ja_fields``).
    """

    fields: tuple[str, ...]
    en: str
    ja: str


#: Findings in a ``Report`` (one row or column of the user's file).
FINDINGS: dict[str, Message] = {
    # problems: the area
    "no_area": Message(
        (),
        en="no area code or name in this row",
        ja="この行に団体コードも地域名もありません",
    ),
    "not_prefecture": Message(
        ("cell",),
        en="'{cell}' is not a prefecture",
        ja="「{cell}」は都道府県ではありません",
    ),
    "code_outside_prefecture": Message(
        ("cell", "prefecture"),
        en="code '{cell}' is not in {prefecture}",
        ja="コード「{cell}」は{prefecture}の団体ではありません",
    ),
    "not_numeric_code": Message(
        ("cell",),
        en="'{cell}' is not a numeric area code",
        ja="「{cell}」は数字の団体コードではありません",
    ),
    "wrong_check_digit": Message(
        ("cell", "expected"),
        en="'{cell}' has a wrong check digit (expected {expected})",
        ja="「{cell}」は検査数字が違います（正しくは {expected}）",
    ),
    "code_length": Message(
        ("cell", "digits"),
        en="'{cell}' has {digits} digits; expected a 5-digit (LG5) or 6-digit (LG6) code",
        ja="「{cell}」は{digits}桁です。5桁（LG5）か6桁（LG6、検査数字つき）の団体コードにしてください",
    ),
    "unknown_code": Message(
        ("cell",),
        en="code '{cell}' is not in the official code list or the merger history",
        ja="コード「{cell}」は現在の団体コード一覧にも合併の履歴にもありません",
    ),
    "ambiguous_name": Message(
        ("name", "count", "candidates", "former"),
        en="'{name}' names {count} areas ({options}); give the prefecture",
        ja="「{name}」に当てはまる団体が{count}つあります（{candidates}）。都道府県を指定してください",
    ),
    "unknown_name": Message(
        ("name", "prefecture"),
        en="'{name}' is not a current or former municipality name{scope}",
        ja="「{name}」は{scope}現在の市区町村名にも合併前の市区町村名にもありません",
    ),
    "history_split": Message(
        ("name", "area_code"),
        en="{label} was split or has no single current successor; refusing to guess",
        ja="{label}は分割されたか、現在の団体が1つに決まらないため、推測しません",
    ),
    "history_several": Message(
        ("name", "area_code", "candidates"),
        en="{label} became more than one current area ({candidates}); refusing to guess",
        ja="{label}は合併前の団体で、現在の複数の団体（{candidates}）に当たるため、推測しません",
    ),
    "history_no_successor": Message(
        ("name", "area_code"),
        en="{label} is a former area with no current successor in the code list",
        ja="{label}は合併前の団体で、現在の団体コード一覧に後継の団体がありません",
    ),
    # problems: the date and the values
    "bad_date": Message(
        ("cell",),
        en="'{cell}' is not a date (write 2024-03-31)",
        ja="「{cell}」は日付として読めません（2024-03-31 のように書いてください）",
    ),
    "not_a_number": Message(
        ("cell",),
        en="'{cell}' is not a number",
        ja="「{cell}」は数値ではありません",
    ),
    "not_finite": Message(
        ("cell",),
        en="'{cell}' is not a finite number",
        ja="「{cell}」は有限の数値ではありません",
    ),
    "percent_unit": Message(
        ("cell", "unit"),
        en="'{cell}' is a percentage but the unit is '{unit}'",
        ja="「{cell}」は百分率（%）ですが、単位が「{unit}」です",
    ),
    "out_of_range": Message(
        ("cell",),
        en="{cell} is outside 0-100 %",
        ja="{cell} は 0〜100 % の範囲外です",
    ),
    # hostile (issue 15): a value outside the unit's or the spec's plausible range
    "outside_range": Message(
        ("cell", "low", "high", "unit"),
        en="{cell} is outside the plausible range {low} to {high}{unit_suffix}",
        ja="{cell} は妥当な範囲（{low}〜{high}{unit}）の外です",
    ),
    "duplicate": Message(
        ("area", "row", "unit"),
        en="{area} is already given on {unit} {row}",
        ja="{area}の値は{row}行目ですでに指定されています",
    ),
    "no_values": Message(
        ("indicator",),
        en="indicator '{indicator}' has no values in the file",
        ja="指標「{indicator}」の値がファイルに1つもありません",
    ),
    # notes
    "former_area": Message(
        ("name", "area_code", "old_codes", "now"),
        en="{label} ({old_codes}) is a former area, now {now}",
        ja="{label}（{old_codes}）は合併前の団体で、現在の{now}です",
    ),
    "ignored_area": Message(
        ("cell",),
        en="'{cell}' is listed in ignore_areas",
        ja="「{cell}」は ignore_areas（合計行など）に含まれるため除きました",
    ),
    "undeclared_indicator": Message(
        ("key",),
        en="'{key}' is not declared",
        ja="「{key}」は仕様で宣言されていない指標のため読み飛ばしました",
    ),
    "missing_blank": Message(
        (),
        en="missing: blank in source",
        ja="空欄のため欠損としました（0にはしていません）",
    ),
    "missing_marker": Message(
        ("marker",),
        en="missing: '{marker}' in source",
        ja="「{marker}」のため欠損としました（0にはしていません）",
    ),
}

#: ``InputError`` codes: the whole file (or its spec) is refused.
ERRORS: dict[str, Message] = {
    # the data file
    "cannot_read_data": Message(
        ("detail",),
        en="cannot read the data file: {detail}",
        ja="データファイルを読めません：{detail}",
    ),
    # hostile (issue 15): files named on the command line or in a spec
    "not_regular_file": Message(
        ("path",),
        en="'{path}' is not a regular file (a device, pipe or folder)",
        ja="「{path}」は通常のファイルではありません（デバイス・パイプ・フォルダなど）",
    ),
    "file_too_large": Message(
        ("size", "limit"),
        en="the file is too large ({size} bytes; the limit is {limit} bytes)",
        ja="ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）",
    ),
    "not_data_file": Message(
        ("path", "suffixes"),
        en="'{path}' is not a data file ({suffixes})",
        ja="「{path}」はデータファイル（{suffixes}）ではありません",
    ),
    "unsupported_encoding": Message(
        ("encoding",),
        en="{encoding} text is not supported; save the file as UTF-8 or CP932",
        ja="{encoding} のテキストには対応していません。UTF-8 か CP932（Shift_JIS）で保存してください",
    ),
    "declared_cp932_is_utf8": Message(
        (),
        en='encoding is declared \'cp932\' but the file is UTF-8; set encoding = "utf-8"',
        ja='仕様では encoding が \'cp932\' ですが、ファイルは UTF-8 です。encoding = "utf-8" にしてください',
    ),
    "declared_utf8_is_cp932": Message(
        (),
        en='encoding is declared \'utf-8\' but the file is CP932 (Shift_JIS); set encoding = "cp932"',
        ja='仕様では encoding が \'utf-8\' ですが、ファイルは CP932（Shift_JIS）です。encoding = "cp932" にしてくださ'
           "い",
    ),
    "bad_encoding": Message(
        ("encoding", "byte"),
        en="not valid {encoding} (byte {byte}); check the encoding",
        ja="{encoding} として読めません（{byte} バイト目）。文字コードを確かめてください",
    ),
    "bad_csv": Message(
        ("detail",),
        en="not readable as CSV: {detail}",
        ja="CSV として読めません：{detail}",
    ),
    "bad_xlsx": Message(
        ("detail",),
        en="not a readable XLSX workbook: {detail}",
        ja="Excel ブック（XLSX）として読めません。Excel で開き、「Excel ブック（.xlsx）」で保存し直してください",
    ),
    "no_sheet": Message(
        ("sheet", "sheets"),
        en="no such sheet; the workbook has {sheets_list}",
        ja="シート「{sheet}」がありません（ブックのシート：{sheets}）",
    ),
    "table_too_large": Message(
        ("size", "max_rows", "max_columns", "max_cells"),
        en="the table spans {size} (rows×columns or cell range; 以上: or more), more than this reader accepts ({max_ro"
           "ws} rows, {max_columns} columns, {max_cells} cells)",
        ja="表の範囲（{size}）が大きすぎます（上限：{max_rows} 行・{max_columns} 列・{max_cells} セル）。データのある"
           "範囲だけを新しいファイルに貼り付けて保存してください",
    ),
    "too_slow": Message(
        ("seconds",),
        en="reading took more than {seconds} s of CPU; split the file or remove unused rows and columns",
        ja="読み込みに {seconds} 秒以上かかるため中止しました。ファイルを分けるか、使わない行と列を消してください",
    ),
    "unpacks_too_large": Message(
        ("size", "limit"),
        en="unpacks to {size}, more than the {limit} this reader accepts",
        ja="XLSX を展開すると {size} になり、上限の {limit} を超えます。データのある範囲だけを保存し直してください",
    ),
    "empty_file": Message(
        (),
        en="the file is empty",
        ja="ファイルが空です（0 バイト）。保存し直してから選んでください",
    ),
    "html_page": Message(
        (),
        en="is a web page (HTML), not the data; download the file again",
        ja="データではなくウェブページ（HTML）です。ダウンロードし直してください",
    ),
    "lfs_pointer": Message(
        (),
        en="is a Git LFS pointer, not the data; fetch the file itself (git lfs pull)",
        ja="データではなく Git LFS のポインタです。git lfs pull で本体を取得してください",
    ),
    "xls_format": Message(
        (),
        en="is an Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx)",
        ja="古い Excel 形式（.xls）です。Excel で開き、「Excel ブック（.xlsx）」で保存し直してください",
    ),
    "binary_file": Message(
        (),
        en="is not text (it contains NUL bytes); save it as CSV (UTF-8)",
        ja="テキストではありません（NUL 文字を含みます）。CSV（UTF-8）で保存し直してください",
    ),
    "too_few_rows": Message(
        ("header_row", "rows"),
        en="the file has only {rows} row(s)",
        ja="ファイルは{rows}行しかありません（見出しの行 header_row は {header_row}）",
    ),
    "no_data_rows": Message(
        (),
        en="no data rows below the header",
        ja="見出しの下にデータの行がありません",
    ),
    "no_column": Message(
        ("name", "key", "header"),
        en="no column '{name}' (spec {key}); the header has: {header_quoted}",
        ja="列「{name}」（仕様の {key}）がありません。見出しにある列：{header}",
    ),
    "duplicate_column": Message(
        ("name", "key", "count"),
        en="{count} columns are called '{name}' (spec {key}); rename one",
        ja="「{name}」という列が{count}つあります（仕様の {key}）。どれかの見出しを変えてください",
    ),
    "not_prefecture": Message(
        ("cell",),
        en="'{cell}' is not a prefecture",
        ja="「{cell}」は都道府県ではありません",
    ),
    # the spec
    "cannot_read_spec": Message(
        ("detail",),
        en="cannot read the spec: {detail}",
        ja="仕様ファイルを読めません：{detail}",
    ),
    "bad_toml": Message(
        ("detail",),
        en="not valid TOML: {detail}",
        ja="TOML として正しくありません：{detail}",
    ),
    "unknown_keys": Message(
        ("keys", "allowed"),
        en="unknown key(s) {keys_list}; allowed: {allowed_list}",
        ja="使えないキー {keys} があります。使えるキー：{allowed}",
    ),
    "not_text": Message(
        ("key",),
        en="'{key}' must be a non-empty text",
        ja="「{key}」は空でない文字列にしてください",
    ),
    "not_whole_number": Message(
        ("key", "minimum", "value"),
        en="'{key}' must be a whole number >= {minimum}, got {value}",
        ja="「{key}」は {minimum} 以上の整数にしてください（指定：{value}）",
    ),
    "not_choice": Message(
        ("key", "options", "value"),
        en="'{key}' must be one of {options_list}, got {value}",
        ja="「{key}」は {options} のどれかにしてください（指定：{value}）",
    ),
    "spec_bad_date": Message(
        ("value",),
        en="'{value}' is not a date (write it as 2024-03-31)",
        ja="「{value}」は日付として読めません（2024-03-31 のように書いてください）",
    ),
    "no_source": Message(
        (),
        en="missing: say who published the data, its title, URL and licence",
        ja="[source] がありません。公表者・表題・URL・ライセンスを書いてください",
    ),
    "bad_source_id": Message(
        ("value",),
        en="{value} must be lower-case letters, digits and _ (e.g. 'tokushima_survey')",
        ja="{value} は使えません。id は英小文字・数字・_ にしてください（例：'tokushima_survey'）",
    ),
    "bad_catalogue_entry": Message(
        ("detail",),
        en="{detail}",
        ja="指標・出典の定義として正しくありません：{detail}",
    ),
    "target_not_table": Message(
        (),
        en="must be a table with value, policy_ja, policy_en, deadline",
        ja="value・policy_ja・policy_en・deadline を持つ表にしてください",
    ),
    "bad_indicator_id": Message(
        (),
        en="indicator ids are lower-case letters, digits and _ (e.g. 'fibre_survey_rate')",
        ja="指標の id は英小文字・数字・_ にしてください（例：'fibre_survey_rate'）",
    ),
    "not_table": Message(
        (),
        en="must be a table",
        ja="表（[...] の形）にしてください",
    ),
    "no_indicator_column": Message(
        ("key",),
        en="'{key}' must name the {key}",
        ja="「{key}」で列の見出し（またはキー）を指定してください",
    ),
    "one_area_column": Message(
        (),
        en="give exactly one of code_column (団体コード) or name_column (市区町村名)",
        ja="code_column（団体コード）と name_column（市区町村名）のどちらか一方だけを指定してください",
    ),
    "bad_ignore_areas": Message(
        (),
        en='must be a list of texts, e.g. ["全国", "合計"]',
        ja='ignore_areas は文字列のリストにしてください（例：["全国", "合計"]）',
    ),
    "one_date": Message(
        (),
        en="give exactly one of date (the reference date, e.g. 2024-03-31) or date_column",
        ja="date（基準日、例：2024-03-31）と date_column のどちらか一方だけを指定してください",
    ),
    "long_needs_columns": Message(
        (),
        en="a long table needs indicator_column and value_column",
        ja='縦長（layout = "long"）の表には indicator_column と value_column が必要です',
    ),
    "wide_with_long_columns": Message(
        (),
        en='indicator_column/value_column are only for layout = "long"',
        ja='indicator_column・value_column は layout = "long" のときだけ使えます',
    ),
    "todo_placeholder": Message(
        (),
        en="still holds a TODO from the template; fill it in",
        ja="テンプレートの TODO が残っています。書き換えてください",
    ),
    "no_file": Message(
        (),
        en="missing: the data file (CSV or XLSX) next to the spec",
        ja="file がありません。仕様と同じ場所にあるデータファイル（CSV か XLSX）の名前を書いてください",
    ),
    "no_indicators": Message(
        (),
        en="declare at least one [indicators.<id>] table",
        ja="[indicators.<id>] の表を1つ以上書いてください",
    ),
    "bad_delimiter": Message(
        (),
        en='must be one character, e.g. "," or "\\t"',
        ja='delimiter（区切り文字）は1文字にしてください（例："," や "\\t"）',
    ),
}

#: Every code a reader can emit, in a report or as an error.
MESSAGES: dict[str, Message] = {**FINDINGS, **ERRORS}
FINDING_CODES: dict[str, tuple[str, ...]] = {code: m.fields for code, m in FINDINGS.items()}
ERROR_CODES: dict[str, tuple[str, ...]] = {code: m.fields for code, m in ERRORS.items()}
ALL_CODES: frozenset[str] = frozenset(MESSAGES)

#: A finding's or error's fields: texts, numbers, or tuples of them (a list of candidates).
Fields = Mapping[str, object]


def checked(code: str, fields: Fields, table: Mapping[str, tuple[str, ...]]) -> dict[str, object]:
    """``fields`` if ``code`` is in ``table`` with exactly those fields; a programming error otherwise.

    A message emitted with an unlisted code or a missing field would show as a
    gap on the other language's screen.
    """
    if code not in table:
        raise ValueError(f"unknown input message code {code!r}")
    if set(fields) != set(table[code]):
        raise ValueError(f"code {code!r} takes fields {table[code]}, got {tuple(fields)}")
    return dict(fields)


_WHERE = re.compile(r"^(?:line|row) (\d+)( \(header\))?$")


def _en_fields(fields: Mapping[str, object]) -> dict[str, str]:
    """Fields as the English templates use them: lists joined with ", " (or as a list, or quoted), derived phrases."""
    out = {k: ", ".join(map(str, v)) if isinstance(v, tuple | list) else str(v) for k, v in fields.items()}
    for key, value in fields.items():
        if isinstance(value, tuple | list):
            out[f"{key}_list"] = str([str(v) for v in value])
            out[f"{key}_quoted"] = ", ".join(f"'{v}'" for v in value)
    if "area_code" in fields:  # a former area the user wrote as a code or as a name
        code, name = out["area_code"], out.get("name", "")
        out["label"] = f"code {code} {name}".strip() if code else f"'{name}'"
    former = fields.get("former")
    if "former" in fields and isinstance(former, tuple | list):  # (name, code, prefecture) of former areas
        olds = [f"former {n} ({c}) in {p}" for n, c, p in former]
        out["options"] = ", ".join(x for x in (out.get("candidates", ""), *olds) if x)
    if "prefecture" in fields:
        out["scope"] = f" in {out['prefecture']}" if out["prefecture"] else ""
    if "low" in fields:
        out["unit_suffix"] = f" {out['unit']}" if out.get("unit") else ""
    return out


def english(code: str, fields: Mapping[str, object]) -> str:
    """The English message for ``code`` with ``fields`` (the CLI's wording)."""
    return MESSAGES[code].en.format(**_en_fields(fields))


def _ja_value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "、".join(_ja_value(v) for v in value)
    return str(value)


def _ja_fields(fields: Mapping[str, object]) -> dict[str, str]:
    """Fields as the Japanese templates use them: lists joined with 、, plus a few derived phrases."""
    out = {k: _ja_value(v) for k, v in fields.items()}
    if "area_code" in fields:  # a former area the user wrote as a code or as a name
        name, code = out.get("name", ""), out["area_code"]
        out["label"] = f"コード {code}（{name}）" if code and name else (f"コード {code}" if code else f"「{name}」")
    former = fields.get("former")
    if isinstance(former, tuple | list) and former:  # (name, code, prefecture) of former areas elsewhere
        olds = [f"旧{n}（{c}、{p}）" for n, c, p in former]
        out["candidates"] = "、".join(x for x in (out.get("candidates", ""), *olds) if x)
    if "prefecture" in fields:
        out["scope"] = f"{out['prefecture']}の" if out["prefecture"] else ""
    return out


def word(code: str | None, fields: Mapping[str, object], message: str, lang: str = "ja") -> str:
    """A finding or error in ``lang``; ``message`` (as raised) for English or a message without a code."""
    if lang == "en" or code is None or code not in MESSAGES:
        return message
    try:
        return MESSAGES[code].ja.format(**_ja_fields(fields))
    except (KeyError, IndexError, ValueError, TypeError):  # fields not as the code declares: never hide the message
        return message


def word_where(where: str, lang: str = "ja") -> str:
    """``line 3`` / ``row 3 (header)`` as 「3行目」「3行目（見出し）」; other places (spec keys) as written."""
    match = _WHERE.match(where) if lang != "en" else None
    if match is None:
        return where
    return f"{match.group(1)}行目" + ("（見出し）" if match.group(2) else "")
