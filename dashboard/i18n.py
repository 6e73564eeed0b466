"""User-interface strings in Japanese (default) and English.

Indicator and source wording comes from the catalogue (``layers``); only the
app's own chrome lives here. ``t(key, lang, **fields)`` formats a string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

#: Required on every map and export: 国土数値情報 terms of use (出典の明記).
N03_CREDIT = {
    "ja": "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成",
    "en": "Boundaries: MLIT National Land Numerical Information (administrative areas), processed. "
    "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成",
}

_S: dict[str, tuple[str, str]] = {
    "app_title": ("地域デジタル格差アトラス", "Atlas of Japan's Regional Digital Divide"),
    "tagline": ("どこが遅れているか、どれだけ、どの目標に対して", "Who lags, by how much, against which target"),
    "nav_map": ("地図", "Map"),
    "nav_priority": ("優先度", "Priority"),
    "nav_sources": ("出典", "Sources"),
    "switch_lang": ("English", "日本語"),
    "skip_to_table": ("地図のデータを表で読む", "Read the map data as a table"),
    "indicator": ("指標", "Indicator"),
    "level": ("単位", "Areas"),
    "level_municipality": ("市区町村", "Municipalities"),
    "level_prefecture": ("都道府県", "Prefectures"),
    "date": ("基準日", "Reference date"),
    "play": ("▶ 再生", "▶ Play"),
    "pause": ("❚❚ 停止", "❚❚ Pause"),
    "prefecture": ("都道府県で絞り込む", "Filter by prefecture"),
    "all_japan": ("全国", "All Japan"),
    "rule": ("遅れの基準", "Lagging rule"),
    "threshold": ("下位N%のN", "N for bottom N%"),
    "area": ("地域を選ぶ", "Choose an area"),
    "area_placeholder": ("名前で検索…", "Search by name…"),
    "clear_area": ("選択を解除", "Clear selection"),
    "rule_target": ("政策目標未満", "Below the policy target"),
    "rule_bottom": ("全国の下位N%", "Bottom N% nationally"),
    "rule_pref_bottom": ("都道府県内の下位N%", "Bottom N% within the prefecture"),
    "rule_median": ("全国中央値未満", "Worse than the national median"),
    "rule_none": ("強調しない", "No emphasis"),
    "cat_broadband": ("ブロードバンド", "Broadband"),
    "cat_ict_use": ("ICT利用", "ICT use"),
    "cat_digital_government": ("デジタル行政", "Digital government"),
    "cat_context": ("地域の状況", "Context"),
    "no_data": ("データなし", "no data"),
    "no_row": ("この基準日の値は出典にありません", "The source has no value for this date"),
    "target": ("目標", "Target"),
    "national_reference": (
        "全国の参考値（二次資料、地図には色付けしない）：{measure} {value}%（{as_of}）",
        "National reference (secondary source, not mapped): {measure} {value}% ({as_of})",
    ),
    "national_reference_target": (
        "、目標 {target}%（{deadline}、{policy}）",
        "; target {target}% by {deadline} ({policy})",
    ),
    "gap": ("目標との差", "Gap to target"),
    "lag_target": ("{n}{unit}、{pop}が目標（{target}）未満", "{n} {unit}, {pop} residents below the target ({target})"),
    "lag_bottom": ("全国の下位{p}%：{n}{unit}、{pop}", "Bottom {p}% nationally: {n} {unit}, {pop} residents"),
    "lag_pref_bottom": ("各都道府県内の下位{p}%：{n}{unit}、{pop}",
                        "Bottom {p}% within each prefecture: {n} {unit}, {pop} residents"),
    "lag_median": ("全国中央値未満：{n}{unit}、{pop}", "Worse than the national median: {n} {unit}, {pop} residents"),
    "lag_none": ("{shown}{unit}を表示", "{shown} {unit} shown"),
    "missing_count": ("（データなし {m}）", " (no data: {m})"),
    "unit_municipality": (" 市区町村", "municipalities"),
    "unit_prefecture": (" 都道府県", "prefectures"),
    "people": ("{n}人", "{n}"),
    "pref_only": ("この指標は都道府県別のデータしかないため、都道府県の地図を表示しています。",
                  "This indicator exists only for prefectures, so the map shows prefectures."),
    "notice_param": ("URLの「{param}」の値「{value}」は使えないため、{fallback}を表示しています。",
                     "The URL value “{value}” for “{param}” is not valid; showing {fallback} instead."),
    "notice_no_target": ("この指標には政策目標がないため、「{fallback}」で表示しています。",
                         "This indicator has no policy target, so the rule “{fallback}” is used."),
    "notice_level": ("この指標は{level}単位のデータがないため、{fallback}で表示しています。",
                     "This indicator has no {level} data, so {fallback} are shown."),
    "notice_date": ("基準日 {value} の値がないため、その時点で最新の {fallback} を表示しています。",
                    "No values on {value}; showing {fallback}, the latest at that date."),
    "notice_upload": ("このリンクは、別のブラウザ（またはタブ）でアップロードされたファイルの表示です。"
                      "アップロードはそのブラウザのセッションにしか残らないため、ここでは{fallback}を表示しています。",
                      "This link shows a file uploaded in another browser (or tab). Uploads stay in that browser "
                      "session only, so {fallback} is shown here."),
    "no_row_upload": ("アップロードしたファイルにこの地域の値がありません",
                      "The uploaded file has no value for this area"),
    "default": ("既定値", "the default"),
    "none": ("なし", "none"),
    "source_line": ("出典", "Source"),
    "map_label": ("{label}の地図（{date}）", "Map of {label} ({date})"),
    "table_view": ("地図のデータ（表）", "Map data (table)"),
    "show_table": ("表を表示", "Show table"),
    "hide_table": ("表を隠す", "Hide table"),
    "ranking": ("順位表", "Ranking"),
    "ranking_hint": ("都道府県を選ぶと、その市区町村の順位表が表示されます。",
                     "Choose a prefecture to see a ranking of its municipalities."),
    "col_name": ("名称", "Name"),
    "col_pref": ("都道府県", "Prefecture"),
    "col_value": ("値", "Value"),
    "col_gap": ("目標との差", "Gap to target"),
    "col_rank_nat": ("全国順位", "National rank"),
    "col_rank_pref": ("県内順位", "Rank in prefecture"),
    "col_population": ("人口", "Population"),
    "col_kaso": ("過疎", "Kaso (depopulated)"),
    "col_status": ("状況", "Status"),
    "col_note": ("注記", "Note"),
    "col_dataset": ("データセット", "Dataset"),
    "col_licence": ("ライセンス", "Licence"),
    "col_rows": ("行数", "Rows"),
    "col_file": ("ファイル", "File"),
    "filter": ("絞り込み…", "filter…"),
    "lagging": ("遅れ", "lagging"),
    "kaso_全部": ("全部過疎", "Fully depopulated"),
    "kaso_一部": ("一部過疎", "Partly depopulated"),
    "kaso_みなし": ("みなし過疎", "Deemed depopulated"),
    "kaso_none": ("—", "—"),
    "profile": ("地域のプロフィール", "Area profile"),
    "profile_hint": ("地図の地域をクリックするか、上の「地域を選ぶ」で選ぶとプロフィールが開きます。",
                     "Click an area on the map, or use “Choose an area” above, to open its profile."),
    "close": ("閉じる", "Close"),
    "this_area": ("当該地域", "This area"),
    "pref_median": ("県内中央値", "Prefecture median"),
    "national_median": ("全国中央値", "National median"),
    "national_value": ("全国値", "National value"),
    "context": ("地域の状況", "Context"),
    "similar": ("似た市区町村（5団体）", "Five similar municipalities"),
    "similar_method": (
        "方法：人口（対数）、高齢化率（65歳以上）、可住地人口密度（対数）、財政力指数を全市区町村で標準化（平均0・標準偏差1）し、"
        "ユークリッド距離が近い順に5団体。いずれかが欠ける団体は除外。",
        "Method: log population, share aged 65+, log population per km² of habitable land and the fiscal "
        "capability index, each standardised over all municipalities (mean 0, sd 1); the five nearest by "
        "Euclidean distance. Municipalities missing any input are left out.",
    ),
    "similar_compare": ("類似団体の中央値 {median} に対し {value}（{verdict}）",
                        "{value} against a median of {median} among similar municipalities ({verdict})"),
    "better": ("上回る", "better"),
    "worse": ("下回る", "worse"),
    "same": ("同水準", "about the same"),
    "distance": ("距離", "Distance"),
    "trend": ("推移", "Trend"),
    "kind": ("種別", "Type"),
    "kind_prefecture": ("都道府県", "Prefecture"),
    "kind_special_ward": ("特別区", "Special ward"),
    "kind_designated_city": ("政令指定都市", "Designated city"),
    "kind_city": ("市", "City"),
    "kind_town": ("町", "Town"),
    "kind_village": ("村", "Village"),
    "standing_title": ("全国での位置（100＝最良、0＝最も遅れ）", "Standing nationally (100 = best, 0 = most behind)"),
    "dx_measures": ("DX推進体制・業務DXの実施状況", "DX governance and adoption items"),
    "yes": ("実施", "yes"),
    "no": ("未実施", "no"),
    "db_missing": ("データベースがありません。`make build` で data/atlas.duckdb を作成してください。",
                   "The database is missing. Run `make build` to create data/atlas.duckdb."),
    "sources_title": ("出典とデータの来歴", "Sources and provenance"),
    "sources_intro": ("地図の各指標の出典（sources 表）と、ビルドが読み込んだ全ファイル（_sources 表）です。",
                      "The source of every indicator (the sources table) and every file the build read "
                      "(the _sources table)."),
    "datasets": ("データセット", "Datasets"),
    "files": ("読み込んだファイル", "Files read by the build"),
    "built_at": ("データベース作成日時：{when}（スキーマ {version}）", "Database built at {when} (schema {version})"),
    "secondary": ("二次資料から転記", "transcribed secondary source"),
    "priority_title": ("どこから手を付けるか（優先度）", "Where to act first (priority)"),
    "priority_indicators": ("組み合わせる指標", "Indicators to combine"),
    "priority_kaso": ("過疎の重み", "Weight of 過疎 (kaso) status"),
    "priority_ageing": ("高齢化の重み", "Weight of ageing"),
    "priority_top": ("優先度の高い市区町村", "Municipalities with the highest priority"),
    "priority_score": ("優先度", "Priority"),
    "priority_reasons": ("理由（全国で下位25%の指標）", "Reasons (indicators in the worst quarter nationally)"),
    "priority_none": ("指標を1つ以上選んでください。", "Choose at least one indicator."),
    "priority_method": (
        "方法：選んだ指標ごとに、値のある市区町村の中での順位を向き（高いほど良い／低いほど良い）をそろえた百分位に"
        "換算し、必要度＝1−百分位（最良0、最も遅れ1）とします。各市区町村の必要度は値のある指標の平均です。"
        "過疎（全部・みなし＝1、一部＝0.5、なし＝0）と高齢化（65歳以上割合の百分位、最も高い＝1）は、"
        "必要度の重みを1として、指定した重みで加重平均に加えます。理由は必要度0.75以上（全国で下位25%）の指標です。"
        "最新の基準日の値を使います。",
        "Method: for each chosen indicator, areas with a value are ranked in its declared direction and the rank is "
        "turned into a percentile; need = 1 − percentile (best 0, most behind 1). An area's need is the mean over "
        "the indicators it has values for. 過疎 status (full or deemed 1, partial 0.5, none 0) and ageing "
        "(percentile of the share aged 65+, oldest 1) enter a weighted mean with need (weight 1) using the "
        "weights chosen. Reasons are the indicators with need ≥ 0.75 (worst quarter nationally). Latest values.",
    ),
    # --- task "prefecture" (framing, ranking, status) ---
    "inset_more": ("{first}ほか{n}", "{first} and {n} more"),
    "not_lagging": ("基準内", "not lagging"),
    "status_none": ("（基準なし）", "(no rule)"),
    "col_code": ("団体コード", "Area code"),
}


def lookup(table: dict[str, tuple[str, str]], key: str, lang: str = "ja", **fields: object) -> str:
    """``key`` of a (ja, en) string table in ``lang`` (unknown languages fall back to Japanese).

    Feature modules (uploads, downloads) keep their own tables next to their layout
    and use this same lookup.
    """
    ja, en = table[key]
    text = en if lang == "en" else ja
    return text.format(**fields) if fields else text


def t(key: str, lang: str = "ja", **fields: object) -> str:
    """The app's own UI string ``key`` in ``lang``."""
    return lookup(_S, key, lang, **fields)


def has(key: str) -> bool:
    return key in _S


def residents(n: float, lang: str = "ja") -> str:
    """People counts the way each language reads them: 210万人 / 2.1 million."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return t("no_data", lang)
    if lang == "en":
        if n >= 1e6:
            return f"{n / 1e6:,.1f} million"
        if n >= 1e4:
            return f"{n / 1e3:,.0f} thousand"
        return f"{n:,.0f}"
    if n >= 1e8:
        return f"{n / 1e8:,.2f}億人"
    if n >= 1e4:
        return f"{n / 1e4:,.0f}万人" if n >= 1e5 else f"{n / 1e4:,.1f}万人"
    return f"{n:,.0f}人"


def kaso_label(kaso_class: str | None, lang: str = "ja") -> str:
    key = f"kaso_{kaso_class}" if kaso_class else "kaso_none"
    return t(key, lang) if has(key) else str(kaso_class)


def kind_label(kind: str | None, lang: str = "ja") -> str:
    key = f"kind_{kind}"
    return t(key, lang) if kind and has(key) else ""


#: Japanese wording of every message ``layers.userdata`` can give about an uploaded file, keyed on its
#: stable code (``layers.userdata.codes``); the English is the layer's own message (the CLI's), used as is.
_USERDATA_JA: dict[str, str] = {
    # the area of a row
    "no_area": "この行に団体コードも地域名もありません",
    "not_prefecture": "「{cell}」は都道府県ではありません",
    "code_outside_prefecture": "コード「{cell}」は{prefecture}の団体ではありません",
    "not_numeric_code": "「{cell}」は数字の団体コードではありません",
    "wrong_check_digit": "「{cell}」は検査数字が違います（正しくは {expected}）",
    "code_length": "「{cell}」は{digits}桁です。5桁（LG5）か6桁（LG6、検査数字つき）の団体コードにしてください",
    "unknown_code": "コード「{cell}」は現在の団体コード一覧にも合併の履歴にもありません",
    "ambiguous_name": "「{name}」に当てはまる団体が{count}つあります（{candidates}）。都道府県を指定してください",
    "unknown_name": "「{name}」は{scope}現在の市区町村名にも合併前の市区町村名にもありません",
    "history_split": "{label}は分割されたか、現在の団体が1つに決まらないため、推測しません",
    "history_several": "{label}は合併前の団体で、現在の複数の団体（{candidates}）に当たるため、推測しません",
    "history_no_successor": "{label}は合併前の団体で、現在の団体コード一覧に後継の団体がありません",
    # dates and values
    "bad_date": "「{cell}」は日付として読めません（2024-03-31 のように書いてください）",
    "not_a_number": "「{cell}」は数値ではありません",
    "not_finite": "「{cell}」は有限の数値ではありません",
    "percent_unit": "「{cell}」は百分率（%）ですが、単位が「{unit}」です",
    "out_of_range": "{cell} は 0〜100 % の範囲外です",
    "duplicate": "{area}の値は{row}行目ですでに指定されています",
    "no_values": "指標「{indicator}」の値がファイルに1つもありません",
    # notes
    "former_area": "{label}（{old_codes}）は合併前の団体で、現在の{now}です",
    "ignored_area": "「{cell}」は ignore_areas（合計行など）に含まれるため除きました",
    "undeclared_indicator": "「{key}」は仕様で宣言されていない指標のため読み飛ばしました",
    "missing_blank": "空欄のため欠損としました（0にはしていません）",
    "missing_marker": "「{marker}」のため欠損としました（0にはしていません）",
    # the data file
    "cannot_read_data": "データファイルを読めません：{detail}",
    "unsupported_encoding": "{encoding} のテキストには対応していません。UTF-8 か CP932（Shift_JIS）で保存してください",
    "declared_cp932_is_utf8": "仕様では encoding が 'cp932' ですが、ファイルは UTF-8 です。"
    "encoding = \"utf-8\" にしてください",
    "declared_utf8_is_cp932": "仕様では encoding が 'utf-8' ですが、ファイルは CP932（Shift_JIS）です。"
    "encoding = \"cp932\" にしてください",
    "bad_encoding": "{encoding} として読めません（{byte} バイト目）。文字コードを確かめてください",
    "bad_csv": "CSV として読めません：{detail}",
    "bad_xlsx": "Excel ブック（XLSX）として読めません。Excel で開き、「Excel ブック（.xlsx）」で保存し直してください",
    "no_sheet": "シート「{sheet}」がありません（ブックのシート：{sheets}）",
    "too_few_rows": "ファイルは{rows}行しかありません（見出しの行 header_row は {header_row}）",
    "no_data_rows": "見出しの下にデータの行がありません",
    "no_column": "列「{name}」（仕様の {key}）がありません。見出しにある列：{header}",
    "duplicate_column": "「{name}」という列が{count}つあります（仕様の {key}）。どれかの見出しを変えてください",
    # the spec
    "cannot_read_spec": "仕様ファイルを読めません：{detail}",
    "bad_toml": "TOML として正しくありません：{detail}",
    "unknown_keys": "使えないキー {keys} があります。使えるキー：{allowed}",
    "not_text": "「{key}」は空でない文字列にしてください",
    "not_whole_number": "「{key}」は {minimum} 以上の整数にしてください（指定：{value}）",
    "not_choice": "「{key}」は {options} のどれかにしてください（指定：{value}）",
    "spec_bad_date": "「{value}」は日付として読めません（2024-03-31 のように書いてください）",
    "no_source": "[source] がありません。公表者・表題・URL・ライセンスを書いてください",
    "bad_source_id": "{value} は使えません。id は英小文字・数字・_ にしてください（例：'tokushima_survey'）",
    "bad_catalogue_entry": "指標・出典の定義として正しくありません：{detail}",
    "target_not_table": "value・policy_ja・policy_en・deadline を持つ表にしてください",
    "bad_indicator_id": "指標の id は英小文字・数字・_ にしてください（例：'fibre_survey_rate'）",
    "not_table": "表（[...] の形）にしてください",
    "no_indicator_column": "「{key}」で列の見出し（またはキー）を指定してください",
    "one_area_column": "code_column（団体コード）と name_column（市区町村名）のどちらか一方だけを指定してください",
    "bad_ignore_areas": "ignore_areas は文字列のリストにしてください（例：[\"全国\", \"合計\"]）",
    "one_date": "date（基準日、例：2024-03-31）と date_column のどちらか一方だけを指定してください",
    "long_needs_columns": "縦長（layout = \"long\"）の表には indicator_column と value_column が必要です",
    "wide_with_long_columns": "indicator_column・value_column は layout = \"long\" のときだけ使えます",
    "todo_placeholder": "テンプレートの TODO が残っています。書き換えてください",
    "no_file": "file がありません。仕様と同じ場所にあるデータファイル（CSV か XLSX）の名前を書いてください",
    "no_indicators": "[indicators.<id>] の表を1つ以上書いてください",
    "bad_delimiter": "delimiter（区切り文字）は1文字にしてください（例：\",\" や \"\\t\"）",
}

_WHERE = re.compile(r"^(?:line|row) (\d+)( \(header\))?$")


def has_userdata(code: str) -> bool:
    """Whether a ``layers.userdata`` message code has its Japanese wording (a test checks all of them do)."""
    return code in _USERDATA_JA


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


def userdata_message(code: str | None, fields: Mapping[str, object], english: str, lang: str = "ja") -> str:
    """A ``layers.userdata`` finding or error in ``lang``; the English message for English or an unknown code."""
    if lang == "en" or code is None or code not in _USERDATA_JA:
        return english
    try:
        return _USERDATA_JA[code].format(**_ja_fields(fields))
    except (KeyError, IndexError, ValueError, TypeError):  # fields not as the code declares: never hide the message
        return english


def userdata_where(where: str, lang: str = "ja") -> str:
    """``line 3`` / ``row 3 (header)`` as 「3行目」「3行目（見出し）」; other places (spec keys) as written."""
    match = _WHERE.match(where) if lang != "en" else None
    if match is None:
        return where
    return f"{match.group(1)}行目" + ("（見出し）" if match.group(2) else "")
