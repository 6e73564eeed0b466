"""User-interface strings in Japanese (default) and English.

Indicator and source wording comes from the catalogue (``layers``); only the
app's own chrome lives here. ``t(key, lang, **fields)`` formats a string.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

#: Required on every map and export (dashdata, issue 14): the boundaries are the Digital Agency's
#: 行政区域ポリゴン (N03-2025 TopoJSON, CC BY 4.0), itself processed from MLIT's 国土数値情報, so both are
#: credited as the Digital Agency asks (data/raw/digital_agency_n03_2025/SOURCE.md).
N03_CREDIT = {
    "ja": "出典：デジタル庁 行政区域ポリゴン（「国土数値情報（行政区域データ）」（国土交通省）を加工して作成）",
    "en": "Boundaries: Digital Agency administrative-area polygons (created by processing MLIT's "
    "National Land Numerical Information, administrative areas). "
    "出典：デジタル庁 行政区域ポリゴン（「国土数値情報（行政区域データ）」（国土交通省）を加工して作成）",
}

_S: dict[str, tuple[str, str]] = {
    "app_title": ("地域デジタル格差アトラス", "Atlas of Japan's Regional Digital Divide"),
    "tagline": ("どこが遅れているか、どれだけ、どの目標に対して", "Who lags, by how much, against which target"),
    "nav_map": ("地図", "Map"),
    "nav_priority": ("優先度", "Priority"),
    "nav_sources": ("出典", "Sources"),
    # insight (issue 11): the new pages' navigation; their own strings are in dashboard/insight_text.py
    "nav_progress": ("目標への進み具合", "Progress"),
    "nav_compare": ("比較", "Compare"),
    "nav_scatter": ("散布図", "Scatter"),
    "notice_too_many": ("比較できるのは{n}団体までです。先頭の{n}団体を表示しています。",
                        "Up to {n} areas can be compared; showing the first {n}."),
    # end insight
    "switch_lang": ("English", "日本語"),
    "skip_to_table": ("地図のデータを表で読む", "Read the map data as a table"),
    "indicator": ("指標", "Indicator"),
    "level": ("地域の単位", "Areas"),
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
    # dashdata (issue 14): what an online-usage median rests on
    "col_basis": ("算出の基礎", "Basis"),
    # end dashdata
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
    # ---- contract (issue 14): rules that mean what they say, roles, targets, missing kinds
    "rule_below": ("基準値より悪い", "Worse than a stated value"),
    "cutoff": ("基準値", "Stated value"),
    "cutoff_control": ("基準値（入力すると「基準値より悪い」で表示）",
                       "Stated value (enter one to map areas worse than it)"),
    "lag_below": ("{cutoff}より悪い：{n}{unit}、{pop}", "Worse than {cutoff}: {n} {unit}, {pop} residents"),
    "lag_below_unset": ("基準値を入力してください（例：50）", "Enter a value to compare with (e.g. 50)"),
    "share_of_shown": ("表示{shown}{unit}の{pct}", "{pct} of {shown} shown"),
    "ties_included": ("境界値{tie}の同値{tied}団体を含むため{p}%を超えます（同値の許容幅 +{margin}ポイント）",
                      "areas tied at {tie} ({tied}) are kept together, so the share exceeds {p}% "
                      "(tie margin +{margin} points)"),
    "ties_excluded": ("境界値{tie}に{tied}団体が同値のため、それより悪い団体だけを数えています",
                      "{tied} areas are tied at the cut-off value {tie}, so only areas worse than it are counted"),
    "rule_undefined": ("値{tie}が{tied}{unit}（{pct}）：下位{p}%は定まりません。"
                       "「基準値より悪い」で値を指定してください",
                       "{tied} {unit} ({pct}) have the value {tie}: a bottom {p}% is not defined. "
                       "Use “worse than a stated value” instead"),
    "pref_undefined": ("同値のため下位{p}%が定まらない都道府県：{k}",
                       "prefectures where ties leave no bottom {p}%: {k}"),
    "too_few": ("{shown}{unit}では下位{p}%に当たる団体がなく、下位{p}%は定まりません",
                "{shown} {unit} are too few: a bottom {p}% is not defined"),
    "context_headline": ("{shown}{unit}を表示（地域の状況を示す指標のため、遅れの判定はしません）",
                         "{shown} {unit} shown (a context indicator: describes areas, never “lagging”)"),
    "notice_context": ("この指標は地域の状況を示すもので、遅れの判定はしません（「強調しない」で表示しています）。",
                       "This indicator describes areas (context): no lagging rule applies, so none is used."),
    "notice_no_cutoff": ("「基準値より悪い」には基準値（value）が必要なため、「{fallback}」で表示しています。",
                         "“Worse than a stated value” needs a value, so the rule “{fallback}” is used."),
    "missing_kinds": ("（データなし {m}：{kinds}）", " (no data: {m}; {kinds})"),
    "missing_not_offered": ("オンライン化なし", "not offered online"),
    "missing_not_surveyed": ("調査無し", "not surveyed"),
    "missing_not_computable": ("算出不能", "cannot be computed"),
    "missing_not_reported": ("値の報告なし", "not reported"),
    "target_history": ("期限切れの目標（{year}年）", "Expired target ({year})"),
    "target_deadline": ("{deadline}まで", "by {deadline}"),
    # --- task "prefecture" (framing, ranking, status) ---
    "inset_more": ("{first}ほか{n}", "{first} and {n} more"),
    "not_lagging": ("基準内", "not lagging"),
    "status_none": ("（基準なし）", "(no rule)"),
    "col_code": ("団体コード", "Area code"),
    "filter_names": ("名前で絞り込む", "Filter by name"),
    "col_rank_upload": ("順位（アップロードした地域の中で）", "Rank among the uploaded areas"),
    "settings": ("表示の設定（指標・都道府県・基準）", "View settings (indicator, prefecture, rule)"),
    "param_indicator": ("指標", "indicator"),
    "param_level": ("地域の単位", "level"),
    "param_date": ("基準日", "date"),
    "param_pref": ("都道府県", "prefecture"),
    "param_rule": ("遅れの基準", "lagging rule"),
    "param_threshold": ("下位N%のN", "N of bottom N%"),
    "param_lang": ("言語", "language"),
    "param_area": ("地域", "area"),
    "param_value": ("基準値", "stated value"),
    "param_ind": ("指標", "indicators"),
    "param_kaso": ("過疎の重み", "weight of kaso status"),
    "param_ageing": ("高齢化の重み", "weight of ageing"),
    "page_title": ("地域デジタル格差アトラス", "Atlas of Japan's Regional Digital Divide"),
    "not_found_title": ("ページが見つかりません", "Page not found"),
    "not_found_text": ("このアドレスのページはありません。上のメニューから地図・優先度・出典のページへ移動できます。",
                       "There is no page at this address. Use the menu above to go to the map, priority or sources."),
    "read_title": ("地図の読み方", "How to read the map"),
    "read_rules": (
        "遅れの基準（ルール）：「全国の下位N%」は値のある団体を悪い順に並べ、下から N% に入る団体を示します。"
        "「都道府県内の下位N%」は同じことを各都道府県の中で行います。「全国中央値未満」は全国の中央値より悪い団体、"
        "「基準値より悪い」は利用者が入力した値（例：50%）より悪い団体、「政策目標未満」はその指標のために定められ、"
        "期限がまだ来ていない政策目標に届かない団体です。見出しには、示した団体数と、表示した団体に占める実際の割合を必ず書きます。",
        "Lagging rules: “bottom N% nationally” orders the areas that have a value from worst to best and marks the "
        "worst N%; “within the prefecture” does the same inside each prefecture; “worse than the national median” "
        "marks areas worse than the median; “worse than a stated value” compares with a value you enter (e.g. 50%); "
        "“below the policy target” uses a target set for exactly this measure whose deadline has not passed. "
        "The headline always states how many areas are marked and their real share of the areas shown."),
    "read_ties": (
        "同じ値（同順位）の扱い：境界の値に同じ値の団体が多いと、下位N%に全員を入れると N% を大きく超えます。"
        "N% より {margin}ポイントまで超える場合は同値の団体をまとめて示し、その旨を見出しに書きます。"
        "それを超える場合は境界より悪い団体だけを示し、"
        "境界より悪い団体がない場合は「下位N%は定まりません」と書いて何も強調しません（例：1,163団体のうち1,097団体が値0）。"
        "そのときは「基準値より悪い」を使ってください。",
        "Ties: when many areas share the value at the cut-off, marking all of them would go far past N%. Tied areas "
        "are kept together when that exceeds N% by at most {margin} points, and the headline says so; "
        "beyond that only the "
        "areas worse than the tied value are marked, and when there are none the headline says the bottom N% is not "
        "defined and nothing is highlighted (e.g. 1,097 of 1,163 municipalities at 0). Use “worse than a stated "
        "value” instead."),
    "read_missing": (
        "値がない団体：灰色で示し、色の範囲にも順位にも入れません。理由を分けて数えます。「オンライン化なし」（対象の手続が一つもオンラインで"
        "受け付けられていないため利用率がない）、「調査無し」（調査の対象外）、「算出不能」（例：人口0の割合）、「値の報告なし」（出典に値がない）。"
        "値がないことは0ではありません。",
        "Missing values are grey, outside the colour range and the ranking, and counted by reason: “not offered "
        "online” (none of the procedures can be done online, so there is no usage rate), “not surveyed”, “cannot be "
        "computed” (e.g. a share of a population of 0) and “not reported” (the source gives no value). Missing is "
        "never 0."),
    "read_roles": (
        "指標の役割：「成果」の指標（普及・利用・整備）は遅れを判定できます。「状況」の指標（人口、世帯、高齢化、人口密度、財政力、"
        "単身高齢世帯、情報通信業の事業所）は地域の姿を示すもので、良し悪しはありません。灰色の濃淡（濃い＝値が大きい）で描き、"
        "遅れの判定・強調・件数には使いません。",
        "Roles: outcome indicators (adoption, usage, coverage) can lag. Context indicators (population, households, "
        "ageing, density, fiscal strength, single elderly households, ICT-sector establishments) describe an area and "
        "are neither good nor bad: they are drawn in shades of grey (darker = larger) and never marked as lagging."),
    "read_targets": (
        "政策目標：目標は、それが定められた指標にだけ示します（例：光の道の「全世帯のブロードバンド利用」はFTTH普及率の目標ではありません）。"
        "期限を過ぎた目標は「期限切れの目標」として推移グラフに灰色の点線で残しますが、現在の基準としては使いません。",
        "Targets are shown only for the measure they were set for (the Hikari no Michi goal of every household using "
        "broadband is not an FTTH take-up target). A target past its deadline stays in the trend chart as a grey "
        "dotted “expired target”, never as the current bar."),
    "read_time": (
        "時系列：基準日が複数ある指標は、すべての基準日を通じた最小値〜最大値で色の範囲を固定するため、再生すると変化が色の変化として見えます。",
        "Time series: an indicator with several dates keeps one colour range (minimum to maximum over all dates), so "
        "playing the slider shows change as a change of colour."),
    "read_indicators": ("指標ごとに言えること・言えないこと", "What each indicator can and cannot say"),
    "read_col_role": ("役割", "Role"),
    "read_col_says": ("言えること", "What it says"),
    "read_col_not": ("言えないこと・注意", "What it cannot say"),
    "role_outcome": ("成果（遅れを判定）", "Outcome (can lag)"),
    "role_context": ("状況（遅れの判定なし）", "Context (never lagging)"),
    "read_context_not": ("良し悪しや遅れは示しません。", "Not better or worse; never “lagging”."),
    "read_no_target": ("この指標に設定された政策目標はありません。", "No policy target was set for this measure."),
    "read_expired": ("目標（{value}、{deadline}まで）は期限切れで、現在の基準ではありません。",
                     "Its target ({value} by {deadline}) has expired and is not the current bar."),
    "read_current": ("目標：{value}（{deadline}まで、{policy}）。", "Target: {value} by {deadline} ({policy})."),
    "standing_context": ("／◆灰色は地域の状況（100＝値が最大、良し悪しではない）",
                         "; grey ◆ = context (100 = largest value, not better or worse)"),
    # --- operate: area codes as staff know them (総務省 全国地方公共団体コード / 標準地域コード) ---
    "col_code5": ("標準地域コード", "Standard area code (5 digits)"),
    "col_code6": ("団体コード", "Local government code (6 digits with check digit)"),
    "nav_accessibility": ("アクセシビリティ", "Accessibility"),
    # --- english ---
    "col_name_ja": ("名称", "Name (Japanese)"),
    "col_name_en": ("英語名", "Name (English)"),
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


# --- task "prefecture": the sources' notes on missing values, in the reader's language ---------------
#: Notes the ETL stores in one language (or both, "日本語 (English)"), as (ja, en).
_NOTES: dict[str, tuple[str, str]] = {
    "no procedure in the group has an online filing rate": (
        "グループ内にオンライン申請率が報告された手続がない", "no procedure in the group has an online filing rate"),
    "value missing in source (bare %)": ("出典に値がない（「%」のみ）", "value missing in source (bare %)"),
    "transcribed secondary source": ("二次資料から転記", "transcribed secondary source"),
    "市区町村の合計から算出": ("市区町村の合計から算出", "computed from the municipalities' total"),
}
_BOTH = re.compile(r"^(?:[a-z_]+: )?(?P<ja>.*?[^\x00-\x7f].*?) ?\((?P<en>[\x00-\x7f]+)\)$")


def note_text(note: str, lang: str = "ja") -> str:
    """A stored note in ``lang``: a known note's translation, the matching half of "日本語 (English)",
    or the note as written (a Japanese-only note stays Japanese in English: better than nothing)."""
    if note in _NOTES:
        return _NOTES[note][1 if lang == "en" else 0]
    match = _BOTH.match(note)
    if match:
        return match.group("en") if lang == "en" else match.group("ja")
    if note.endswith("のため算出できない") and lang == "en":
        return "cannot be computed (a denominator is 0)"
    return note
