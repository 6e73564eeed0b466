"""UI strings of the insight views (progress, peers, compare, scatter), ja/en.

A page-local table read with ``i18n.lookup`` like the upload and download
panels' tables; the navigation labels live in ``i18n`` (block "insight").
"""

from __future__ import annotations

from dashboard.i18n import lookup

_S: dict[str, tuple[str, str]] = {
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
}


def tx(key: str, lang: str = "ja", **fields: object) -> str:
    """An insight string in ``lang``."""
    return lookup(_S, key, lang, **fields)


def has(key: str) -> bool:
    return key in _S
