"""UI strings (ja, en) of the insight views: progress to targets, peers doing better, what measures go
with success, comparing municipalities, and the scatter of two indicators (issue 11).

``cells_kaso_<class>`` name the peer cells' 過疎 classes (``dashboard.peers``), not the stored 過疎 class.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # progress
    "progress_title": ("目標への進み具合（PDCA）", "Progress to targets (PDCA)"),
    "progress_from": ("傾きを測る期間の始まり（年）", "Pace measured from (year)"),
    "status_reached": ("達成", "Reached"),
    "status_on_track": ("目標ペース", "On track"),
    "status_off_track": ("目標ペース未達", "Off track"),
    "status_deadline_passed": ("期限までに未達", "Deadline passed, not reached"),
    "status_no_data": ("データ不足", "No data / too few points"),
    "status_no_target": ("目標なし", "No target"),
    "target_line": ("目標：{value}（期限 {deadline}）— {policy}。出典：{document}（{reference}）",
                    "Target: {value} by {deadline} — {policy}. Source: {document} ({reference})"),
    "no_target": ("この指標には、同じ尺度で公表された数値目標がありません。状況（達成・未達）は判定せず、"
                  "値と傾きだけを示します。",
                  "No numeric target has been published for this measure, so no status is judged; "
                  "only values and pace are shown."),
    "judged_at": ("判定は各団体の最新の観測日（{date}）時点です。", "Status is judged at each area's latest "
                  "observation ({date})."),
    "progress_summary": ("{name}：値のある{n}{unit}のうち {behind} が目標に届いていません（目標ペース未達 {off}、"
                         "期限後も未達 {passed}）、住民 {pop}",
                         "{name}: {behind} of the {n} {unit} with a value fall short of the target (off track "
                         "{off}, deadline passed {passed}), {pop} residents"),
    "progress_summary_no_target": ("{name}：値のある{n}{unit}、期間内の傾きの中央値 {pace}/年（目標なし）",
                                   "{name}: {n} {unit} with a value, median pace {pace}/yr (no target)"),
    "people_line": ("。うち65歳以上 約{aged}、高齢単身世帯 約{single}（2020年国勢調査の割合から推計）",
                    "; of whom about {aged} aged 65+, and about {single} single elderly households (estimated "
                    "from 2020 census shares)"),
    "by_pref_title": ("都道府県別", "By prefecture"),
    "ranking_pace": ("必要なペースとの差が大きい順", "Ranked by gap to the required pace"),
    "ranking_latest": ("最新値の遅れている順（目標がないため）",
                       "Ranked by latest value, furthest behind first (no target)"),
    "col_latest": ("最新値", "Latest"),
    "col_date": ("観測日", "Date"),
    "col_change": ("期間の変化", "Change in period"),
    "col_pace": ("傾き（/年）", "Pace (/yr)"),
    "col_required": ("必要な傾き（/年）", "Required (/yr)"),
    "col_projected": ("期限時の見込み", "Projected at deadline"),
    "col_gap_pace": ("必要との差（/年）", "Gap to required (/yr)"),
    "col_behind": ("未達", "Behind"),
    "col_areas": ("団体数", "Areas"),
    "compare_top": ("この順位の上位{n}団体を比較", "Compare the top {n} of this ranking"),
    "progress_method": (
        "方法：傾き＝期間の始まり以降の観測値の最小二乗の傾き（ポイント/年、3点以上のときだけ）。必要な傾き＝（目標−最新値）÷"
        "期限までの年数。見込み＝最新値＋傾き×期限までの年数（0〜100%の範囲に収める。100%を超えて見込まない）。"
        "状況：最新値が目標以上なら「達成」、期限後の観測で目標未満なら「期限までに未達」、観測点が3未満なら「データ不足」、"
        "見込みが目標以上なら「目標ペース」、それ以外は「目標ペース未達」。目標は同じ尺度で公表されたものだけを使います。",
        "Method: pace = least-squares slope of the observations since the period start (points per year, only from "
        "3 or more points). Required pace = (target − latest) ÷ years to the deadline. Projection = latest + pace × "
        "years to the deadline, kept within 0–100 % (never beyond 100 %). Status: latest meets the target → reached; "
        "an observation after the deadline still short → deadline passed; fewer than 3 points → no data; projection "
        "meets the target → on track; otherwise off track. Only targets published for exactly this measure are used.",
    ),
    # peers (横展開)
    "peers_title": ("似た条件で成果を上げている団体", "Similar municipalities doing better"),
    "peers_none": ("似た条件の{k}団体のうち、{label}で明らかに上回る団体はありません。",
                   "None of the {k} most similar municipalities is clearly ahead on {label}."),
    "peers_no_value": ("この団体には{label}の値がないため、比較できません。",
                       "This municipality has no value for {label}, so there is nothing to compare."),
    "peers_context": ("{label}は地域の状況を表す指標（成果ではない）のため、成果の比較はしません。",
                      "{label} describes context, not an outcome, so no comparison of success is made."),
    "col_ahead_by": ("差", "Ahead by"),
    "col_lacking": ("この団体にない取組", "Measures this municipality lacks"),
    "nothing_lacking": ("（差のある取組なし）", "(none that differ)"),
    "peers_method": (
        "方法：類似度（人口・高齢化率・可住地人口密度・財政力指数）で最も近い{k}団体のうち、指標の良い向きに全国の四分位範囲の"
        "1/4（{margin}）以上上回る団体を「明らかに上回る」とします。取組は自治体DXダッシュボードの実施状況で、どちらかが"
        "不明の取組は挙げません。",
        "Method: among the {k} municipalities nearest by the similarity method (population, ageing, density, fiscal "
        "strength), those better in the indicator's direction by at least a quarter of the national interquartile "
        "range ({margin}) are 'clearly ahead'. Measures are the DX dashboard's yes/no items; an item unknown for "
        "either municipality is not listed.",
    ),
    "success_title": ("全国：取組の有無と{label}（似た条件の団体どうしで比較）",
                      "Nationwide: {label} with and without each measure (within similar contexts)"),
    "col_measure": ("取組", "Measure"),
    "col_diff": ("差（あり−なし）", "Difference (with − without)"),
    "col_cells": ("比較できた区分", "Cells compared"),
    "col_n_with": ("あり", "With"),
    "col_n_without": ("なし", "Without"),
    "col_cell": ("区分（人口×過疎）", "Cell (population × kaso)"),
    "col_median_with": ("中央値（あり）", "Median (with)"),
    "col_median_without": ("中央値（なし）", "Median (without)"),
    "cells_too_few": ("団体数不足", "too few"),
    "cells_detail": ("区分ごとの件数と中央値", "Counts and medians per cell"),
    "success_caveat": ("これは関連であって効果ではありません。"
                       "取組を導入した団体は、区分では捉えられない点でも異なります。",
                       "This is an association, not an effect: municipalities that adopt a measure differ in ways "
                       "the cells do not capture."),
    "success_method": (
        "方法：人口（2020年国勢調査：1万未満／1万〜5万／5万〜20万／20万以上）×過疎（全部・みなし／一部／なし）の区分ごとに、"
        "取組ありの団体の中央値から取組なしの中央値を引き、片方が{n}団体未満の区分は「団体数不足」として除きます。"
        "全体の差は、比較できた区分の差を少ない側の団体数で重み付けした平均です。",
        "Method: within each cell of population (2020 census: under 10k / 10k–50k / 50k–200k / 200k and over) × kaso "
        "class (full or deemed / partial / none), the median of municipalities with the measure minus the median of "
        "those without; cells with fewer than {n} on either side are 'too few' and left out. The overall difference "
        "is the mean over compared cells, weighted by the smaller side's count.",
    ),
    "success_components": ("{label}はこれらの取組の数そのものなので、取組ごとの比較は意味を持ちません。",
                           "{label} counts these measures itself, so a measure-by-measure comparison says nothing."),
    "cells_kaso_kaso": ("過疎", "kaso"),
    "cells_kaso_partial": ("一部過疎", "partly kaso"),
    "cells_kaso_none": ("非過疎", "not kaso"),
    # compare
    "compare_title": ("市区町村を比べる", "Compare municipalities"),
    "compare_areas": ("比べる市区町村（2〜8団体、名前で検索）", "Municipalities to compare (2–8, search by name)"),
    "compare_hint": ("比べる市区町村を2つ以上選んでください（最大8団体）。",
                     "Choose at least two municipalities (up to 8)."),
    "compare_trend": ("推移を重ねる指標", "Trend to overlay"),
    "col_indicator": ("指標", "Indicator"),
    "col_national_median": ("全国中央値", "National median"),
    "pref_median_short": ("県中央値", "pref. median"),
    "compare_trend_title": ("{label}の推移", "{label} over time"),
    "compare_note": ("各値は指標ごとの最新の基準日のもの。（　）内は各団体の都道府県の中央値。",
                     "Each value is at the indicator's latest reference date; in brackets, the median of the "
                     "municipality's prefecture."),
    "download_heading": ("この比較をダウンロード", "Download this comparison"),
    "download_csv": ("表（CSV）", "Table (CSV)"),
    "download_png": ("PNG（スライド 1920×1080）", "PNG (slide 1920×1080)"),
    "download_pdf": ("PDF（A4）", "PDF (A4)"),
    # scatter
    "scatter_title": ("2つの指標の関係（散布図）", "Two indicators (scatter)"),
    "scatter_x": ("横軸の指標", "Indicator on the x axis"),
    "scatter_y": ("縦軸の指標", "Indicator on the y axis"),
    "scatter_lines": ("区切り線", "Quadrant lines"),
    "lines_median": ("全国中央値", "National medians"),
    "lines_target": ("政策目標（ない軸は中央値）", "Policy targets (medians where none)"),
    "lagging_on": ("全国の下位20%（{label}）", "Bottom 20% nationally ({label})"),
    "others": ("その他", "Others"),
    "no_lagging": ("どちらの軸も地域の状況を表す指標のため、遅れは示しません。",
                   "Both axes are context indicators, so nothing is marked as lagging."),
    "scatter_summary": ("{rule}：{n}団体、住民 {pop}", "{rule}: {n} municipalities, {pop} residents"),
    "scatter_hint": ("点をクリックすると、その市区町村のプロフィールを地図で開きます。相関は因果を示しません。",
                     "Click a dot to open that municipality's profile on the map. Correlation is not causation."),
    "scatter_shown": ("表示 {n} 団体（両方の値がある団体）", "{n} municipalities shown (both values present)"),
    "open_map": ("この選択を地図で見る", "See this selection on the map"),
    "people_headline": ("遅れている団体に住む人：65歳以上 約{aged}、高齢単身世帯 約{single}"
                        "（2020年国勢調査の割合から推計）",
                        "Living where it lags: about {aged} aged 65+, about {single} single elderly households "
                        "(estimated from 2020 census shares)"),
    "selected_area": ("選択中", "Selected"),
    "selected_not_shown": ("選択中の{name}は、両方の指標の値がないか都道府県の絞り込みの外にあるため、"
                           "点を表示していません。",
                           "The selected area, {name}, has no dot: it lacks one of the two values or is outside "
                           "the prefecture filter."),
    "scatter_link": ("この団体を散布図で見る（{label}）", "See this area on the scatter ({label})"),
    "residents_census": ("人口：国勢調査（{date}）。", "Residents: census population ({date})."),
    "download_pptx": ("スライド（PPTX）", "Slides (PPTX)"),
    "slide_table_subtitle": ("各指標の最新の時点の値。（　）内はその団体の都道府県の中央値",
                             "Latest value of each indicator; in brackets, the median of the area's prefecture"),
    "slide_trend_subtitle": ("点線は全国の中央値。右は各団体の最新値", "Dotted: national median. Right: each area's "
                             "latest value"),
}
