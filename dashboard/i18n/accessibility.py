"""UI strings (ja, en) of the accessibility statement (``/accessibility``).

What it claims is what ``tests/e2e/test_a11y_e2e.py`` checks with axe-core, plus the known gaps; the
numbered keys (``a11y_met_1`` …) are the statement's lists, shown in order by ``i18n.items``.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "a11y_title": ("アクセシビリティ方針", "Accessibility statement"),
    "a11y_policy": (
        "このアトラスは JIS X 8341-3:2016 の適合レベル AA（WCAG 2.1 レベル AA の達成基準で確認）を目標とします。"
        "現在の対応状況は「一部準拠」です。下の「満たしていない項目」を順に解消します。",
        "The atlas aims at JIS X 8341-3:2016 level AA, checked against the WCAG 2.1 level AA success criteria. Its "
        "status is partially conformant: the gaps listed below are being worked on.",
    ),
    "a11y_tested": (
        "確認方法: 自動試験（axe-core、WCAG 2.1 A・AA の規則）を、地図・優先度・進み具合・比較・散布図・出典・"
        "アップロードの各画面とこのページについて、日本語と英語で変更のたびに実行しています。"
        "重大（serious・critical）な違反は 0 件です。選択ボックスをキーボードだけで操作する試験も行っています。"
        "スクリーンリーダーでの人による確認はまだ行っていません。",
        "How it is checked: automated tests (axe-core, WCAG 2.1 A and AA rules) on the map, priority, progress, "
        "compare, scatter, sources and upload views and on this page, in Japanese and English, on every change. "
        "There are no serious or critical violations. A test also uses the select boxes with the keyboard alone. "
        "No manual screen-reader test has been done yet.",
    ),
    "a11y_met_heading": ("満たしている項目", "Met"),
    "a11y_met_1": (
        "ページの言語（lang 属性）とページごとの題名（1.3.1、2.4.2、3.1.1）",
        "Page language and a title per page (1.3.1, 2.4.2, 3.1.1)",
    ),
    "a11y_met_2": (
        "地図ページの「地図のデータを表で読む」スキップリンク、見えるフォーカス枠、"
        "地図以外のマウスなしでの操作（2.4.1、2.4.7、2.1.1）",
        "A skip link to the map data table, a visible focus outline, everything but the map itself operable without "
        "a mouse (2.4.1, 2.4.7, 2.1.1)",
    ),
    "a11y_met_3": (
        "入力欄・選択肢・ボタンの名前（ラベル）と表の見出しセル（1.3.1、4.1.2）",
        "Names (labels) for inputs, options and buttons; header cells in tables (1.3.1, 4.1.2)",
    ),
    "a11y_met_4": (
        "文字と背景のコントラスト 4.5:1 以上（1.4.3）。地図の色だけに頼らず、同じ値を表でも示す（1.4.1）",
        "Text contrast of at least 4.5:1 (1.4.3); map colours are never the only carrier: the same values are in a "
        "table (1.4.1)",
    ),
    "a11y_met_5": (
        "幅 375 px でも横スクロールなしで読める（1.4.10）。時間制限なし（2.2.1）",
        "Readable at 375 px without horizontal scrolling (1.4.10); no time limits (2.2.1)",
    ),
    "a11y_met_6": (
        "画面の状態は URL に入り、戻る・共有で同じ画面になる",
        "The view lives in the URL: back and shared links give the same view",
    ),
    "a11y_not_heading": ("満たしていない項目（既知）", "Not met (known)"),
    "a11y_not_1": (
        "地図上の市区町村はキーボードで直接選べません（2.1.1）。代わりに順位表の行の選択、"
        "「表を表示」の表から同じ操作ができます。",
        "Areas cannot be picked on the map itself with the keyboard (2.1.1); the ranking rows and the “Show table” "
        "table offer the same actions.",
    ),
    "a11y_not_2": (
        "書き出した PDF はタグ付き PDF ではありません。同じ内容を CSV・XLSX で書き出せます。",
        "Exported PDFs are not tagged PDF; the same content is available as CSV and XLSX.",
    ),
    "a11y_keys_heading": ("キーボードでの操作", "Keyboard routes"),
    "a11y_keys_1": (
        "Tab で（地図ページでは「地図のデータを表で読む」リンク →）ページ切り替え → 言語切り替え → "
        "指標・都道府県などの選択 → 地図 → 順位表の順に移動します。",
        "Tab moves: (on the map page, the skip link →) pages → language → indicator and other choices → map → "
        "ranking.",
    ),
    "a11y_keys_2": (
        "選択ボックス: Enter で開き、上下の矢印で選び、Enter で決定、Esc で閉じます。開いてから Home で検索欄に移り、"
        "名前の一部を入力して絞り込めます（「地域を選ぶ」は開くとすぐ検索欄です）。",
        "Select boxes: Enter opens, arrows move, Enter picks, Esc closes. Once open, Home moves to the search box "
        "to filter by part of a name (“Choose an area” opens on its search box).",
    ),
    "a11y_keys_3": (
        "地域を選ぶ: 順位表の行頭の丸（ラジオボタン）に移動し Space。プロフィールが開きます。",
        "Pick an area: the radio button at the start of a ranking row, then Space; the profile opens.",
    ),
    "a11y_keys_4": (
        "地図の値を表で読む: 「表を表示」ボタンで Enter。",
        "Read the map's values as a table: the “Show table” button, then Enter.",
    ),
    "a11y_keys_5": (
        "書き出し: 書き出しボタンで Enter。アップロード: 「自分のデータを地図に表示」で Enter、ファイル欄で Space。",
        "Export: a download button, then Enter. Upload: “Map your own data”, Enter; the file field, Space.",
    ),
    "a11y_keys_6": (
        "印刷: Ctrl+P。地図ページは A4 横に、地図・見出し・凡例・出典だけを印刷します。",
        "Print: Ctrl+P. The map page prints on A4 landscape with the map, headline, legend and sources only.",
    ),
    "a11y_contact": (
        "お気づきの点は、このアトラスを運用している部署にお知らせください。",
        "Please tell the office that runs this atlas about anything that gets in your way.",
    ),
}
