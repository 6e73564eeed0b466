"""Online filing rate (オンライン申請利用率) per area: a median over a fixed, documented basket.

Why a basket: the procedures differ far more from each other than areas do. In
the 2024-07-12 tables the municipal median of eLTAX (地方税申告) is 72.8 % and of
入札参加資格審査 100 %, against 2.6 % for 転出届 and 1.6 % for 犬の登録; and areas report
few and different procedures (135 municipalities report exactly one of the 32
group). A median over "whatever was reported" therefore measures which
procedures an area reported as much as how much its residents file online.

So each level and group has a fixed basket, written out below and never
derived from the data (a new release cannot move it):

* municipal ``common32`` (よく使う32手続): the procedures residents themselves
  file — library and facility bookings, event sign-ups, water connection,
  bulky refuse, dog registration, absentee-ballot requests and 転出届. Left out:
  procedures filed by businesses and professionals (eLTAX, 入札参加資格審査, 入札,
  職員採用試験, 港湾, 道路占用, 建築確認, 産業廃棄物, 感染症調査報告), which are near
  100 % online wherever they are reported and would decide a median by their
  mere presence, and the disaster procedures (reported by at most 2 areas).
* prefectural ``common32`` (the prefectural government's own procedures; the
  prefecture file lists 30, partly different): the resident-facing ones it
  reports — library and facility bookings, event sign-ups, 自動車税住所変更届,
  車庫証明 (保管場所証明), 道路使用許可 and 駐車許可; left out as above the business
  and professional filings (eLTAX, 自動車税環境性能割 and 賦課徴収の申告, 港湾, 道路占用,
  建築確認, 産業廃棄物, 感染症, 職員採用, 入札) and procedures no prefecture reports.
* municipal ``care26`` (子育て・介護26手続): all 26; they are all filed by residents.

The value is the median over the basket procedures the area reports; the
``online_usage_basis`` table says how many it rests on (``procedures``, of
``basket_size``), and a value resting on fewer than ``MIN_PROCEDURES`` keeps a
``few_procedures`` note so the map can mark it. No value is invented: where
there is none, the note says why, with a stable code first —

* ``not_online``: the area offers none of the group's procedures online (the
  comparison file's オンライン化状況 is 0 %, or 0 of its 32-group procedures are
  online), so there is nothing to file online; not the same as a 0 % rate;
* ``not_reported``: procedures are online but no basket rate was reported;
* ``not_surveyed``: the comparison file says 調査無し for the group.
"""

from __future__ import annotations

import math

import pandas as pd

#: (level, group_id) → (indicator id, basket procedure labels as in the usage files).
BASKETS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("municipality", "common32"): (
        "online_usage_32_median",
        (
            "図書館の図書貸出予約等",
            "文化・スポーツ施設等の利用予約等",
            "研修・講習・各種イベント等の申込",
            "水道使用開始届等",
            "粗大ごみ収集の申込",
            "犬の登録申請、死亡届",
            "衆議院・参議院選挙の不在者投票用紙等の請求",
            "転出届",
        ),
    ),
    ("prefecture", "common32"): (
        "online_usage_32_median",
        (
            "図書館の図書貸出予約等",
            "文化・スポーツ施設等の利用予約等",
            "研修・講習・各種イベント等の申込",
            "自動車税住所変更届",
            "自動車の保管場所証明の申請",
            "道路使用許可の申請",
            "駐車の許可の申請",
        ),
    ),
    ("municipality", "care26"): ("online_usage_26_median", ()),  # empty = every procedure of the group
}
#: A median over fewer procedures than this is marked ``few_procedures``.
MIN_PROCEDURES = 3

NOTE_NOT_ONLINE = "not_online: オンライン化された手続がない (no procedure of the group is offered online)"
NOTE_NOT_REPORTED = "not_reported: 利用率の報告なし (offered online, but no basket procedure's filing rate reported)"
NOTE_NOT_SURVEYED = "not_surveyed: 調査無し (not surveyed)"


def few_note(count: int, size: int) -> str:
    return f"few_procedures: {count}手続のみに基づく (rests on {count} of the basket's {size} procedures)"


def basket_of(level: str, group_id: str, labels: list[str]) -> list[str]:
    """The basket's labels; every named procedure must exist in the file (else KeyError)."""
    if (level, group_id) not in BASKETS:
        raise KeyError(f"no basket is defined for {level} group '{group_id}'")
    named = BASKETS[(level, group_id)][1]
    if not named:
        return labels
    missing = [p for p in named if p not in labels]
    if missing:
        raise KeyError(f"basket procedure(s) {missing} not found in {level} group '{group_id}'")
    return list(named)


def medians(
    level: str, usage: pd.DataFrame, status: dict[tuple[str, str], str | None]
) -> tuple[list[dict[str, object]], pd.DataFrame]:
    """Per (group, area): the basket median or NaN with its reason, and the basis rows.

    ``status[(group_id, area)]`` is ``NOTE_NOT_ONLINE`` / ``NOTE_NOT_SURVEYED`` when
    the comparison file says so, else None.
    """
    values: list[dict[str, object]] = []
    basis: list[dict[str, object]] = []
    for group_id, group in usage.groupby("group_id", sort=False):
        gid = str(group_id)
        basket = basket_of(level, gid, list(dict.fromkeys(group["procedure_ja"])))
        indicator_id = BASKETS[(level, gid)][0]
        in_basket = group[group["procedure_ja"].isin(basket)]
        for code, rows in in_basket.groupby("area_code", sort=False):
            reported = rows["value"].dropna()
            value, note = _one(reported, status.get((gid, str(code))), len(basket))
            values.append({"indicator_id": indicator_id, "area_code": str(code), "value": value, "note": note})
            basis.append(
                {
                    "indicator_id": indicator_id,
                    "area_code": str(code),
                    "procedures": len(reported),
                    "basket_size": len(basket),
                    "too_few": not math.isnan(value) and len(reported) < MIN_PROCEDURES,
                }
            )
    frame = pd.DataFrame(basis, columns=["indicator_id", "area_code", "procedures", "basket_size", "too_few"])
    return values, frame.astype({"procedures": "int32", "basket_size": "int32", "too_few": "bool"})


def _one(reported: pd.Series, status: str | None, size: int) -> tuple[float, str | None]:
    if status is not None:
        return math.nan, status
    if reported.empty:
        return math.nan, NOTE_NOT_REPORTED
    note = few_note(len(reported), size) if len(reported) < MIN_PROCEDURES else None
    return float(reported.median()), note
