"""UI strings (ja, en) of the ranking table, the area profile and the priority page.

``kaso_<class>`` and ``kind_<kind>`` keys are looked up from database values (``kaso_label``, ``kind_label``).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "ranking": ("順位表", "Ranking"),
    "ranking_hint": ("都道府県を選ぶと、その市区町村の順位表が表示されます。",
                     "Choose a prefecture to see a ranking of its municipalities."),
    "col_name": ("名称", "Name"),
    "col_pref": ("都道府県", "Prefecture"),
    "col_value": ("値", "Value"),
    "col_basis": ("算出の基礎", "Basis"),
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
    "kaso_全部": ("全部過疎", "Fully depopulated"),
    "kaso_一部": ("一部過疎", "Partly depopulated"),
    "kaso_みなし": ("みなし過疎", "Deemed depopulated"),
    "kaso_none": ("—", "—"),
    "profile": ("地域のプロフィール", "Area profile"),
    "profile_hint": ("地図の地域をクリックするか、上の「地域を選ぶ」で選ぶとプロフィールが開きます。",
                     "Click an area on the map, or use “Choose an area” above, to open its profile."),
    "pref_median": ("県内中央値", "Prefecture median"),
    "national_median": ("全国中央値", "National median"),
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
    "col_rank_upload": ("順位（アップロードした地域の中で）", "Rank among the uploaded areas"),
    "standing_context": ("／◆灰色は地域の状況（100＝値が最大、良し悪しではない）",
                         "; grey ◆ = context (100 = largest value, not better or worse)"),
    "col_code5": ("標準地域コード", "Standard area code (5 digits)"),
    "col_code6": ("団体コード", "Local government code (6 digits with check digit)"),
    # --- english: the downloaded table names each place in Japanese and in English (issue 9 §3) ---
    "col_name_ja": ("名称", "Name (Japanese)"),
    "col_name_en": ("英語名", "Name (English)"),
}
