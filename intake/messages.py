"""Everything a file can be told, keyed by a stable code, with its fields and its Japanese wording.

A problem's code, the fields it carries and how it reads in Japanese live
side by side here, next to the readers that emit them, so a new refusal
cannot ship without its wording (a test checks every code has one). The
English message is the one the reader builds where it finds the problem
(what ``python -m etl add-source`` prints, which must not change under
anyone's feet); the dashboard's upload report, Japanese by default, words the
same finding from ``code`` and ``fields`` with ``word`` instead of
translating English text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One kind of message: the fields every emitter must give, and the Japanese template over them.

    Besides the fields, a template may use phrases derived from them (``label``,
    ``scope``; see ``_ja_fields``).
    """

    fields: tuple[str, ...]
    ja: str


#: Findings in a ``Report`` (one row or column of the user's file).
FINDINGS: dict[str, Message] = {
    # problems: the area
    "no_area": Message((), "この行に団体コードも地域名もありません"),
    "not_prefecture": Message(("cell",), "「{cell}」は都道府県ではありません"),
    "code_outside_prefecture": Message(("cell", "prefecture"), "コード「{cell}」は{prefecture}の団体ではありません"),
    "not_numeric_code": Message(("cell",), "「{cell}」は数字の団体コードではありません"),
    "wrong_check_digit": Message(("cell", "expected"), "「{cell}」は検査数字が違います（正しくは {expected}）"),
    "code_length": Message(
        ("cell", "digits"),
        "「{cell}」は{digits}桁です。5桁（LG5）か6桁（LG6、検査数字つき）の団体コードにしてください"
    ),
    "unknown_code": Message(("cell",), "コード「{cell}」は現在の団体コード一覧にも合併の履歴にもありません"),
    "ambiguous_name": Message(
        ("name", "count", "candidates", "former"),
        "「{name}」に当てはまる団体が{count}つあります（{candidates}）。都道府県を指定してください"
    ),
    "unknown_name": Message(
        ("name", "prefecture"),
        "「{name}」は{scope}現在の市区町村名にも合併前の市区町村名にもありません"
    ),
    "history_split": Message(
        ("name", "area_code"),
        "{label}は分割されたか、現在の団体が1つに決まらないため、推測しません"
    ),
    "history_several": Message(
        ("name", "area_code", "candidates"),
        "{label}は合併前の団体で、現在の複数の団体（{candidates}）に当たるため、推測しません"
    ),
    "history_no_successor": Message(
        ("name", "area_code"),
        "{label}は合併前の団体で、現在の団体コード一覧に後継の団体がありません"
    ),
    # problems: the date and the values
    "bad_date": Message(("cell",), "「{cell}」は日付として読めません（2024-03-31 のように書いてください）"),
    "not_a_number": Message(("cell",), "「{cell}」は数値ではありません"),
    "not_finite": Message(("cell",), "「{cell}」は有限の数値ではありません"),
    "percent_unit": Message(("cell", "unit"), "「{cell}」は百分率（%）ですが、単位が「{unit}」です"),
    "out_of_range": Message(("cell",), "{cell} は 0〜100 % の範囲外です"),
    # hostile (issue 15): a value outside the unit's or the spec's plausible range
    "outside_range": Message(("cell", "low", "high", "unit"), "{cell} は妥当な範囲（{low}〜{high}{unit}）の外です"),
    "duplicate": Message(("area", "row", "unit"), "{area}の値は{row}行目ですでに指定されています"),
    "no_values": Message(("indicator",), "指標「{indicator}」の値がファイルに1つもありません"),
    # notes
    "former_area": Message(
        ("name", "area_code", "old_codes", "now"),
        "{label}（{old_codes}）は合併前の団体で、現在の{now}です"
    ),
    "ignored_area": Message(("cell",), "「{cell}」は ignore_areas（合計行など）に含まれるため除きました"),
    "undeclared_indicator": Message(("key",), "「{key}」は仕様で宣言されていない指標のため読み飛ばしました"),
    "missing_blank": Message((), "空欄のため欠損としました（0にはしていません）"),
    "missing_marker": Message(("marker",), "「{marker}」のため欠損としました（0にはしていません）"),
}

#: ``InputError`` codes: the whole file (or its spec) is refused.
ERRORS: dict[str, Message] = {
    # the data file
    "cannot_read_data": Message(("detail",), "データファイルを読めません：{detail}"),
    "unsupported_encoding": Message(
        ("encoding",),
        "{encoding} のテキストには対応していません。UTF-8 か CP932（Shift_JIS）で保存してください"
    ),
    "declared_cp932_is_utf8": Message(
        (),
        '仕様では encoding が \'cp932\' ですが、ファイルは UTF-8 です。encoding = "utf-8" にしてください'
    ),
    "declared_utf8_is_cp932": Message(
        (),
        '仕様では encoding が \'utf-8\' ですが、ファイルは CP932（Shift_JIS）です。encoding = "cp932" にし'
        "てください"
    ),
    "bad_encoding": Message(
        ("encoding", "byte"),
        "{encoding} として読めません（{byte} バイト目）。文字コードを確かめてください"
    ),
    "bad_csv": Message(("detail",), "CSV として読めません：{detail}"),
    "bad_xlsx": Message(
        ("detail",),
        "Excel ブック（XLSX）として読めません。Excel で開き、「Excel ブック（.xlsx）」で保存し直してくださ"
        "い"
    ),
    "no_sheet": Message(("sheet", "sheets"), "シート「{sheet}」がありません（ブックのシート：{sheets}）"),
    "table_too_large": Message(
        ("size", "max_rows", "max_columns", "max_cells"),
        "表の範囲（{size}）が大きすぎます（上限：{max_rows} 行・{max_columns} 列・{max_cells} セル）。"
        "データのある範囲だけを新しいファイルに貼り付けて保存してください",
    ),
    "too_slow": Message(
        ("seconds",),
        "読み込みに {seconds} 秒以上かかるため中止しました。ファイルを分けるか、使わない行と列を消してください",
    ),
    "unpacks_too_large": Message(
        ("size", "limit"),
        "XLSX を展開すると {size} になり、上限の {limit} を超えます。データのある範囲だけを保存し直してください",
    ),
    "empty_file": Message((), "ファイルが空です（0 バイト）。保存し直してから選んでください"),
    "html_page": Message((), "データではなくウェブページ（HTML）です。ダウンロードし直してください"),
    "lfs_pointer": Message(
        (), "データではなく Git LFS のポインタです。git lfs pull で本体を取得してください"
    ),
    "xls_format": Message(
        (), "古い Excel 形式（.xls）です。Excel で開き、「Excel ブック（.xlsx）」で保存し直してください"
    ),
    "binary_file": Message((), "テキストではありません（NUL 文字を含みます）。CSV（UTF-8）で保存し直してください"),
    "too_few_rows": Message(
        ("header_row", "rows"),
        "ファイルは{rows}行しかありません（見出しの行 header_row は {header_row}）"
    ),
    "no_data_rows": Message((), "見出しの下にデータの行がありません"),
    "no_column": Message(
        ("name", "key", "header"),
        "列「{name}」（仕様の {key}）がありません。見出しにある列：{header}"
    ),
    "duplicate_column": Message(
        ("name", "key", "count"),
        "「{name}」という列が{count}つあります（仕様の {key}）。どれかの見出しを変えてください"
    ),
    "not_prefecture": Message(("cell",), "「{cell}」は都道府県ではありません"),
    # the spec
    "cannot_read_spec": Message(("detail",), "仕様ファイルを読めません：{detail}"),
    "bad_toml": Message(("detail",), "TOML として正しくありません：{detail}"),
    "unknown_keys": Message(("keys", "allowed"), "使えないキー {keys} があります。使えるキー：{allowed}"),
    "not_text": Message(("key",), "「{key}」は空でない文字列にしてください"),
    "not_whole_number": Message(
        ("key", "minimum", "value"),
        "「{key}」は {minimum} 以上の整数にしてください（指定：{value}）"
    ),
    "not_choice": Message(
        ("key", "options", "value"),
        "「{key}」は {options} のどれかにしてください（指定：{value}）"
    ),
    "spec_bad_date": Message(("value",), "「{value}」は日付として読めません（2024-03-31 のように書いてください）"),
    "no_source": Message((), "[source] がありません。公表者・表題・URL・ライセンスを書いてください"),
    "bad_source_id": Message(
        ("value",),
        "{value} は使えません。id は英小文字・数字・_ にしてください（例：'tokushima_survey'）"
    ),
    "bad_catalogue_entry": Message(("detail",), "指標・出典の定義として正しくありません：{detail}"),
    "target_not_table": Message((), "value・policy_ja・policy_en・deadline を持つ表にしてください"),
    "bad_indicator_id": Message((), "指標の id は英小文字・数字・_ にしてください（例：'fibre_survey_rate'）"),
    "not_table": Message((), "表（[...] の形）にしてください"),
    "no_indicator_column": Message(("key",), "「{key}」で列の見出し（またはキー）を指定してください"),
    "one_area_column": Message(
        (),
        "code_column（団体コード）と name_column（市区町村名）のどちらか一方だけを指定してください"
    ),
    "bad_ignore_areas": Message((), 'ignore_areas は文字列のリストにしてください（例：["全国", "合計"]）'),
    "one_date": Message((), "date（基準日、例：2024-03-31）と date_column のどちらか一方だけを指定してください"),
    "long_needs_columns": Message((), '縦長（layout = "long"）の表には indicator_column と value_column が必要です'),
    "wide_with_long_columns": Message((), 'indicator_column・value_column は layout = "long" のときだけ使えます'),
    "todo_placeholder": Message((), "テンプレートの TODO が残っています。書き換えてください"),
    "no_file": Message(
        (),
        "file がありません。仕様と同じ場所にあるデータファイル（CSV か XLSX）の名前を書いてください"
    ),
    "no_indicators": Message((), "[indicators.<id>] の表を1つ以上書いてください"),
    "bad_delimiter": Message((), 'delimiter（区切り文字）は1文字にしてください（例："," や "\\t"）'),
}

#: Every code a reader can emit, in a report or as an error.
MESSAGES: dict[str, Message] = {**FINDINGS, **ERRORS}
FINDING_CODES: dict[str, tuple[str, ...]] = {code: m.fields for code, m in FINDINGS.items()}
ERROR_CODES: dict[str, tuple[str, ...]] = {code: m.fields for code, m in ERRORS.items()}
ALL_CODES: frozenset[str] = frozenset(MESSAGES)

#: A finding's or error's fields: texts, numbers, or tuples of them (a list of candidates).
Fields = Mapping[str, object]


def checked(code: str, fields: Fields, table: Mapping[str, tuple[str, ...]]) -> dict[str, object]:
    """``fields`` if ``code`` is in ``table`` with exactly those fields; a programming error otherwise.

    A message emitted with an unlisted code or a missing field would show as a
    gap on the other language's screen.
    """
    if code not in table:
        raise ValueError(f"unknown input message code {code!r}")
    if set(fields) != set(table[code]):
        raise ValueError(f"code {code!r} takes fields {table[code]}, got {tuple(fields)}")
    return dict(fields)


_WHERE = re.compile(r"^(?:line|row) (\d+)( \(header\))?$")


def _ja_value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "、".join(_ja_value(v) for v in value)
    return str(value)


def _ja_fields(fields: Mapping[str, object]) -> dict[str, str]:
    """Fields as the Japanese templates use them: lists joined with 、, plus a few derived phrases."""
    out = {k: _ja_value(v) for k, v in fields.items()}
    if "area_code" in fields:  # a former area the user wrote as a code or as a name
        name, code = out.get("name", ""), out["area_code"]
        out["label"] = f"コード {code}（{name}）" if code and name else (f"コード {code}" if code else f"「{name}」")
    former = fields.get("former")
    if isinstance(former, tuple | list) and former:  # (name, code, prefecture) of former areas elsewhere
        olds = [f"旧{n}（{c}、{p}）" for n, c, p in former]
        out["candidates"] = "、".join(x for x in (out.get("candidates", ""), *olds) if x)
    if "prefecture" in fields:
        out["scope"] = f"{out['prefecture']}の" if out["prefecture"] else ""
    return out


def word(code: str | None, fields: Mapping[str, object], english: str, lang: str = "ja") -> str:
    """A finding or error in ``lang``: the English message (the CLI's) for English or an unknown code."""
    if lang == "en" or code is None or code not in MESSAGES:
        return english
    try:
        return MESSAGES[code].ja.format(**_ja_fields(fields))
    except (KeyError, IndexError, ValueError, TypeError):  # fields not as the code declares: never hide the message
        return english


def word_where(where: str, lang: str = "ja") -> str:
    """``line 3`` / ``row 3 (header)`` as 「3行目」「3行目（見出し）」; other places (spec keys) as written."""
    match = _WHERE.match(where) if lang != "en" else None
    if match is None:
        return where
    return f"{match.group(1)}行目" + ("（見出し）" if match.group(2) else "")
