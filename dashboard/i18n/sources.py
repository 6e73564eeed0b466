"""UI strings (ja, en) of the sources page, and of the data it says are not available."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "sources_title": ("出典とデータの来歴", "Sources and provenance"),
    "sources_intro": ("地図の各指標の出典（sources 表）と、ビルドが読み込んだ全ファイル（_sources 表）です。",
                      "The source of every indicator (the sources table) and every file the build read "
                      "(the _sources table)."),
    "datasets": ("データセット", "Datasets"),
    "files": ("読み込んだファイル", "Files read by the build"),
    "built_at": ("データベース作成日時：{when}（スキーマ {version}）", "Database built at {when} (schema {version})"),
    "secondary": ("二次資料から転記", "transcribed secondary source"),
    # what is not available (issue 11)
    "unavailable_title": ("使えていないデータ（条件不利地域の指定）",
                          "Data not available (disadvantaged-area designations)"),
    "unavailable_intro": (
        "過疎のほかの条件不利地域の指定は、公表者のページにPDFやHTMLの一覧はあるものの、ライセンスが明示された"
        "機械判読可能な市区町村一覧が見つからなかったため、地域の状況や絞り込みには使っていません。",
        "Besides 過疎 (kaso), the designations of disadvantaged areas are published as PDF or HTML lists, but no "
        "machine-readable municipal list with a stated licence was found, so they are not used as context or filters.",
    ),
    "unavailable_ritou": ("離島振興対策実施地域（離島振興法、国土交通省）", "Remote islands (離島振興法, MLIT)"),
    "unavailable_hantou": ("半島振興対策実施地域（半島振興法、国土交通省）", "Peninsulas (半島振興法, MLIT)"),
    "unavailable_sanson": ("振興山村（山村振興法、農林水産省ほか）", "Mountain villages (山村振興法, MAFF and others)"),
    "unavailable_gousetsu": ("豪雪地帯・特別豪雪地帯（豪雪地帯対策特別措置法、国土交通省）",
                             "Heavy-snow areas (豪雪地帯対策特別措置法, MLIT)"),
    "unavailable_note": (
        "一部の区域だけが指定される団体もあるため、市区町村単位の一覧には区域の注記が必要です（過疎の「一部過疎」と同じ）。",
        "Some municipalities are designated only in part, so a municipal list needs the partial areas noted "
        "(as 過疎's 一部過疎 does).",
    ),
    "unavailable_mynumber": (
        "マイナンバーカードの政府目標（2022年度末に「ほとんどの住民が保有」）は数値がないため、進み具合の判定には使っていません。",
        "The government's My Number Card goal (\"almost all residents\" by the end of FY2022) states no number, so "
        "progress is not judged against it.",
    ),
}
