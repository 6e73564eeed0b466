"""The readers' findings (one row or column of a user's file), English and Japanese side by side.

Split from ``intake.messages``, which merges this table with the error table
and words a code's message for the CLI (English) or the upload report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One kind of message: the fields every emitter must give, and its templates over them.

    Besides the fields, a template may use phrases derived from them (``label``,
    ``scope``, ``options``, ``<field>_list``, ``<field>_quoted``; see ``_en_fields``
    and ``_ja_fields``).
    """

    fields: tuple[str, ...]
    en: str
    ja: str


#: Findings in a ``Report`` (one row or column of the user's file).
FINDINGS: dict[str, Message] = {
    # problems: the area
    "no_area": Message(
        (),
        en="no area code or name in this row",
        ja="この行に団体コードも地域名もありません",
    ),
    "not_prefecture": Message(
        ("cell",),
        en="'{cell}' is not a prefecture",
        ja="「{cell}」は都道府県ではありません",
    ),
    "code_outside_prefecture": Message(
        ("cell", "prefecture"),
        en="code '{cell}' is not in {prefecture}",
        ja="コード「{cell}」は{prefecture}の団体ではありません",
    ),
    "not_numeric_code": Message(
        ("cell",),
        en="'{cell}' is not a numeric area code",
        ja="「{cell}」は数字の団体コードではありません",
    ),
    "wrong_check_digit": Message(
        ("cell", "expected"),
        en="'{cell}' has a wrong check digit (expected {expected})",
        ja="「{cell}」は検査数字が違います（正しくは {expected}）",
    ),
    "code_length": Message(
        ("cell", "digits"),
        en="'{cell}' has {digits} digits; expected a 5-digit (LG5) or 6-digit (LG6) code",
        ja="「{cell}」は{digits}桁です。5桁（LG5）か6桁（LG6、検査数字つき）の団体コードにしてください",
    ),
    "unknown_code": Message(
        ("cell",),
        en="code '{cell}' is not in the official code list or the merger history",
        ja="コード「{cell}」は現在の団体コード一覧にも合併の履歴にもありません",
    ),
    "ambiguous_name": Message(
        ("name", "count", "candidates", "former"),
        en="'{name}' names {count} areas ({options}); give the prefecture",
        ja="「{name}」に当てはまる団体が{count}つあります（{candidates}）。都道府県を指定してください",
    ),
    "unknown_name": Message(
        ("name", "prefecture"),
        en="'{name}' is not a current or former municipality name{scope}",
        ja="「{name}」は{scope}現在の市区町村名にも合併前の市区町村名にもありません",
    ),
    "history_split": Message(
        ("name", "area_code"),
        en="{label} was split or has no single current successor; refusing to guess",
        ja="{label}は分割されたか、現在の団体が1つに決まらないため、推測しません",
    ),
    "history_several": Message(
        ("name", "area_code", "candidates"),
        en="{label} became more than one current area ({candidates}); refusing to guess",
        ja="{label}は合併前の団体で、現在の複数の団体（{candidates}）に当たるため、推測しません",
    ),
    "history_no_successor": Message(
        ("name", "area_code"),
        en="{label} is a former area with no current successor in the code list",
        ja="{label}は合併前の団体で、現在の団体コード一覧に後継の団体がありません",
    ),
    # problems: the date and the values
    "bad_date": Message(
        ("cell",),
        en="'{cell}' is not a date (write 2024-03-31)",
        ja="「{cell}」は日付として読めません（2024-03-31 のように書いてください）",
    ),
    "not_a_number": Message(
        ("cell",),
        en="'{cell}' is not a number",
        ja="「{cell}」は数値ではありません",
    ),
    "not_finite": Message(
        ("cell",),
        en="'{cell}' is not a finite number",
        ja="「{cell}」は有限の数値ではありません",
    ),
    "percent_unit": Message(
        ("cell", "unit"),
        en="'{cell}' is a percentage but the unit is '{unit}'",
        ja="「{cell}」は百分率（%）ですが、単位が「{unit}」です",
    ),
    "out_of_range": Message(
        ("cell",),
        en="{cell} is outside 0-100 %",
        ja="{cell} は 0〜100 % の範囲外です",
    ),
    # hostile (issue 15): a value outside the unit's or the spec's plausible range
    "outside_range": Message(
        ("cell", "low", "high", "unit"),
        en="{cell} is outside the plausible range {low} to {high}{unit_suffix}",
        ja="{cell} は妥当な範囲（{low}〜{high}{unit}）の外です",
    ),
    "duplicate": Message(
        ("area", "row", "unit"),
        en="{area} is already given on {unit} {row}",
        ja="{area}の値は{row}行目ですでに指定されています",
    ),
    "no_values": Message(
        ("indicator",),
        en="indicator '{indicator}' has no values in the file",
        ja="指標「{indicator}」の値がファイルに1つもありません",
    ),
    # notes
    "former_area": Message(
        ("name", "area_code", "old_codes", "now"),
        en="{label} ({old_codes}) is a former area, now {now}",
        ja="{label}（{old_codes}）は合併前の団体で、現在の{now}です",
    ),
    "ignored_area": Message(
        ("cell",),
        en="'{cell}' is listed in ignore_areas",
        ja="「{cell}」は ignore_areas（合計行など）に含まれるため除きました",
    ),
    "undeclared_indicator": Message(
        ("key",),
        en="'{key}' is not declared",
        ja="「{key}」は仕様で宣言されていない指標のため読み飛ばしました",
    ),
    "missing_blank": Message(
        (),
        en="missing: blank in source",
        ja="空欄のため欠損としました（0にはしていません）",
    ),
    "missing_marker": Message(
        ("marker",),
        en="missing: '{marker}' in source",
        ja="「{marker}」のため欠損としました（0にはしていません）",
    ),
}
