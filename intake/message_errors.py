"""The readers' refusals (``InputError`` codes: the whole file or its spec), English and Japanese side by side.

Split from ``intake.messages``, which merges this table with the findings and
words a code's message.
"""

from __future__ import annotations

from intake.message_findings import FINDINGS, Message

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
    "not_prefecture": FINDINGS["not_prefecture"],  # the spec's fixed prefecture, or a cell in the file
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
