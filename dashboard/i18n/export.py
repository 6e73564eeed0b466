"""UI strings (ja, en) of downloads and exports: the map page's download buttons and the words an exported
figure, slide or table adds around the map (``dashboard.export``).

``map_download_<kind>`` is looked up from ``dashboard.export.files.KINDS`` (``-`` read as ``_``).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "map_download_heading": ("この表示をダウンロード", "Download this view"),
    "map_download_png": ("PNG（スライド 1920×1080）", "PNG (slide 1920×1080)"),
    "map_download_png_print": ("PNG（印刷 A4・300dpi）", "PNG (print A4, 300 dpi)"),
    "map_download_svg": ("SVG", "SVG"),
    "map_download_pdf": ("PDF（A4）", "PDF (A4)"),
    "map_download_pptx": ("スライド（PPTX）", "Slide (PPTX)"),
    "map_download_csv": ("順位表（CSV）", "Ranking (CSV)"),
    "map_download_xlsx": ("順位表（Excel）", "Ranking (Excel)"),
    "map_download_busy": ("ファイルを作成しています…（数秒かかります）", "Preparing the file… (a few seconds)"),
    # around an exported figure, slide or table
    "export_exported": ("作成日：{date}", "Exported {date}"),
    "export_target": ("目標 {value}", "Target {value}"),
    "export_target_outside": ("目標 {value}（色の範囲外）", "Target {value} (outside colour range)"),
    "export_slide_numbers": ("主な数値", "Key numbers"),
    "export_outside": (
        "図の範囲外の地域：{n}（島しょ部など。値は表に含みます）",
        "Areas outside the frame: {n} (e.g. remote islands; their values are in the table)",
    ),
    "export_kn_lagging": ("遅れの基準に該当", "Areas lagging"),
    "export_kn_residents": ("該当地域の人口", "Residents of lagging areas"),
    "export_kn_median": ("中央値", "Median"),
    "export_kn_target": ("政策目標", "Policy target"),
    "export_kn_missing": ("データなし", "Areas without data"),
    "export_lagging_list": ("遅れている地域と値", "Lagging areas and values"),
    "export_sources_slide": ("出典とライセンス", "Sources and licences"),
    "export_lagging_more": ("ほか {n}", "and {n} more"),
    "export_solid": ("濃い色＝遅れ（基準：{rule}）", "Solid = lagging (rule: {rule})"),
    "export_pale": ("淡い色＝基準内", "Pale = not lagging"),
    "export_no_emphasis": ("強調なし：すべて同じ濃さ", "No emphasis: all areas drawn alike"),
    "export_grey": ("灰色＝データなし", "Grey = no data"),
    "export_context": ("薄い灰色＝他の都道府県（値なし）", "Light grey = other prefectures (no values)"),
    "export_estimated": ("推定", "estimated"),
    "export_licence": ("ライセンス：{licence}", "Licence: {licence}"),
    "export_licence_unknown": ("記載なし", "not stated"),
    "export_sheet": ("ランキング", "Ranking"),
}
