"""UI strings (ja, en) of the chrome every page shares: title, navigation, notices about URL values, 404.

A notice names a URL parameter by its ``param_<name>`` label (``components.notices``).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("地域デジタル格差アトラス", "Atlas of Japan's Regional Digital Divide"),
    "tagline": ("どこが遅れているか、どれだけ、どの目標に対して", "Who lags, by how much, against which target"),
    "nav_map": ("地図", "Map"),
    "nav_priority": ("優先度", "Priority"),
    "nav_sources": ("出典", "Sources"),
    "nav_progress": ("目標への進み具合", "Progress"),
    "nav_compare": ("比較", "Compare"),
    "nav_scatter": ("散布図", "Scatter"),
    "notice_too_many": ("比較できるのは{n}団体までです。先頭の{n}団体を表示しています。",
                        "Up to {n} areas can be compared; showing the first {n}."),
    "switch_lang": ("English", "日本語"),
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
    "default": ("既定値", "the default"),
    "none": ("なし", "none"),
    "filter": ("絞り込み…", "filter…"),
    "close": ("閉じる", "Close"),
    "db_missing": ("データベースがありません。`make build` で data/atlas.duckdb を作成してください。",
                   "The database is missing. Run `make build` to create data/atlas.duckdb."),
    "notice_context": ("この指標は地域の状況を示すもので、遅れの判定はしません（「強調しない」で表示しています）。",
                       "This indicator describes areas (context): no lagging rule applies, so none is used."),
    "notice_no_cutoff": ("「基準値より悪い」には基準値（value）が必要なため、「{fallback}」で表示しています。",
                         "“Worse than a stated value” needs a value, so the rule “{fallback}” is used."),
    "filter_names": ("名前で絞り込む", "Filter by name"),
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
    "nav_accessibility": ("アクセシビリティ", "Accessibility"),
    # --- a11y ---
    # plotly.js's own ja locale calls the graph toolbar's "Pan" 拡大, the same as "Zoom in" (components.graph_config)
    "modebar_pan": ("移動", "Pan"),
}
