"""UI strings (ja, en) of "How to read the map": what each rule, role and target means."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
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
}
