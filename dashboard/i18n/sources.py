"""UI strings (ja, en) of the sources page."""

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
}
