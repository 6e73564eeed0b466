"""UI strings (ja, en) of the map page's upload panel (``dashboard.pages.map_upload``).

``upload_<key>`` for a refusal is looked up from ``dashboard.upload.Refusal.key``; the findings inside a
report are worded by ``intake.messages``, next to the reading rules they report on.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "upload_heading": ("自分のデータを地図に表示", "Map your own data"),
    "upload_intro": ("CSV または Excel（XLSX）、1ファイル5 MBまで。データはこのブラウザのタブの中だけで使われ、"
              "サーバーには保存されません（タブを閉じると消えます）。",
              "CSV or Excel (XLSX), up to 5 MB. The data stays in this browser tab only and is not stored on "
              "the server (it is gone when the tab is closed)."),
    "upload_template": ("テンプレート（CSV）をダウンロード", "Download the template (CSV)"),
    "upload_label": ("指標の名前", "Indicator name"),
    "upload_label_ph": ("空欄なら列の見出し", "blank: the column header"),
    "upload_unit": ("単位", "Unit"),
    "upload_unit_ph": ("例：%、人、件", "e.g. %, persons"),
    "upload_direction": ("値の向き", "Direction"),
    "upload_higher": ("高いほど良い", "Higher is better"),
    "upload_lower": ("低いほど良い", "Lower is better"),
    "upload_date": ("基準日（必須）", "Reference date (required)"),
    "upload_date_ph": ("例：2024-03-31", "e.g. 2024-03-31"),
    "upload_pref": ("すべての行の都道府県（任意）", "Prefecture of every row (optional)"),
    "upload_pref_ph": ("列から判定", "from a column"),
    "upload_column": ("値の列", "Value column"),
    "upload_column_ph": ("自動（数値の最初の列）", "automatic (first column with numbers)"),
    "upload_drop": ("ここにファイルをドロップ、または", "Drop a file here, or "),
    "upload_browse": ("ファイルを選択", "choose a file"),
    "upload_apply": ("この設定で読み直す", "Re-read with these settings"),
    "upload_clear": ("アップロードを消す", "Remove the upload"),
    "upload_spec_hint": ("地域の列は見出し（団体コード・地域コード・市区町村名など）で見つけます。"
                  "見出しの上の表題行は読み飛ばします。注記行がある、縦長（long）の表、複数の指標、"
                  "目標値がある場合は、仕様ファイル（.toml、書き方は data/user/README.md）を"
                  "データと一緒にドロップしてください。",
                  "The area column is found by its header (団体コード, 地域コード, 市区町村名 …); title rows above the "
                  "header are skipped. For unit or note rows, a long table, several indicators or a policy target, "
                  "drop a spec (.toml, format in data/user/README.md) together with the data file."),
    "upload_too_large_js": ("「{name}」は {size} で、上限の5 MBを超えているため読み込んでいません。",
                     "“{name}” is {size}, over the 5 MB limit, so it was not loaded."),
    "upload_status": ("表示中のアップロード：「{file}」（{labels}）", "Upload in use: “{file}” ({labels})"),
    "upload_picker_group": ("アップロード（このブラウザのみ）", "Uploaded (this browser only)"),
    "upload_counts": ("「{file}」：{read}行を読み込み、{matched}行が地域に一致。未照合 {unmatched}、曖昧 {ambiguous}、"
               "範囲外 {out_of_range}、数値でない値 {bad_value}。値 {values}件、欠損 {missing}件。",
               "“{file}”: {read} rows read, {matched} matched to an area; {unmatched} unmatched, {ambiguous} "
               "ambiguous, {out_of_range} out of range, {bad_value} not numbers; {values} values, "
               "{missing} missing."),
    "upload_problems": ("次の問題があるため、このファイルは読み込んでいません（推測はしません）。"
                 "ファイルを直して再度アップロードしてください：",
                 "The file was not loaded because of these problems (nothing is guessed). Fix the file and upload "
                 "it again:"),
    "upload_more": ("… ほか {n} 件", "… and {n} more"),
    "upload_history": ("合併前の名称・コードを現在の団体に読み替えました：",
                       "Former names or codes read as today's areas:"),
    "upload_missing_notes": ("欠損として扱った値：{n}件（0にはしていません）", "Values kept as missing: {n} (never 0)"),
    "upload_ignored_notes": ("合計行などとして除いた行：{n}行", "Total rows left out: {n}"),
    "upload_mapped": ("地図に表示しました：{labels}。順位表・遅れの基準・ダウンロードもそのまま使えます。",
               "Now on the map: {labels}. Ranking, lagging rule and downloads work as for any indicator."),
    "upload_kept": ("何も読み込んでいません。前に読み込んだデータはそのまま残っています。",
             "Nothing was loaded; the data loaded before (if any) is unchanged."),
    "upload_used_spec": ("仕様ファイルの設定を使いました（フォームの入力は使っていません）。",
                  "The spec's settings were used (not the form)."),
    "upload_used_column": ("値の列：「{column}」（ほかの列は「値の列」で選んで読み直せます）",
                    "Value column: “{column}” (choose another under “Value column” and re-read)"),
    "upload_cleared": ("アップロードを消しました。", "The upload was removed."),
    "upload_no_file": ("先にファイルをドロップしてください。", "Drop a file first."),
    "upload_file_count": ("データファイル（CSV・XLSX）を1つ、必要なら仕様ファイル（.toml）を1つ、"
                   "一緒にドロップしてください。",
                   "Drop one data file (CSV or XLSX), optionally with one spec file (.toml)."),
    "upload_unreadable": ("「{name}」を受け取れませんでした。もう一度ドロップしてください。",
                   "Could not receive “{name}”; drop it again."),
    "upload_too_large": ("「{name}」は {size} で、上限の {limit} を超えています。",
                  "“{name}” is {size}, over the {limit} limit."),
    "upload_file_type": ("「{name}」は CSV・TSV・XLSX ではありません。"
                  "Excel では「CSV UTF-8」か「Excel ブック（.xlsx）」で保存してください。",
                  "“{name}” is not CSV, TSV or XLSX. In Excel, save as “CSV UTF-8” or “Excel Workbook (.xlsx)”."),
    "upload_file_error": ("ファイルを読めませんでした：{message}", "The file could not be read: {message}"),
    "upload_no_area_column": ("地域を表す列が見つかりません。見出しを「団体コード」または「市区町村名」にしてください"
                       "（見つかった見出し：{header}）。",
                       "No area column found. Head it “団体コード” (area code) or “市区町村名” (municipality name); "
                       "headers found: {header}."),
    "upload_no_value_column": ("数値の入った列が見つかりません（見出し：{header}）。",
                               "No column with numbers was found (headers: {header})."),
    "upload_need_date": ("基準日（値がいつの時点のものか）を入力してください。例：2024-03-31",
                  "Enter the reference date (when the figures refer to), e.g. 2024-03-31."),
    "upload_bad_date": ("基準日「{value}」を日付として読めません。例：2024-03-31",
                 "“{value}” is not a date; e.g. 2024-03-31."),
    "upload_too_many_rows": ("行が多すぎます（{n}行、上限 {limit}行）。", "Too many rows ({n}; the limit is {limit})."),
    "upload_too_many_values": ("値が多すぎてブラウザ内では扱えません（{n}件、上限 {limit}件）。"
                        "大きなデータは ETL（python -m etl add-source）で取り込んでください。",
                        "Too many values for a browser session ({n}; the limit is {limit}). Add large data "
                        "through the ETL (python -m etl add-source)."),
    "upload_unexpected": ("ファイルの読み込み中に予期しないエラーが起きました（記録しました）。",
                          "Reading the file failed unexpectedly (the error was logged)."),
    # hostile (issue 15): the parse runs in a child bounded in seconds and memory (dashboard.isolation)
    "upload_too_slow": ("「{name}」の読み込みが {limit} 秒で終わらないため中止しました。"
                 "必要な列と行だけを残した小さなファイルにしてください。",
                 "Reading “{name}” did not finish within {limit} s and was stopped. "
                 "Keep only the columns and rows you need in a smaller file."),
    "upload_too_much_memory": ("「{name}」の読み込みに {limit} MB を超えるメモリが必要なため中止しました。"
                        "必要な列と行だけを残した小さなファイルにしてください。",
                        "Reading “{name}” needed more than {limit} MB of memory and was stopped. "
                        "Keep only the columns and rows you need in a smaller file."),
}
