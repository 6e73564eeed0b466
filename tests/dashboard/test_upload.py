"""Uploading a user's own file on the map page (session only), callbacks called as plain functions.

The files are the user-data fixtures (``tests/fixtures/make_user.py``: real SSDSE
numbers written the ways users write them) plus a few tiny files written here;
areas and the merger history are those of the fixture database. The upload
goes into the session store's payload and from there through the ordinary map,
ranking and download callbacks.
"""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Patch, no_update
from flask.testing import FlaskClient

from dashboard import server, service, upload, userlayer
from dashboard.export.views import build_view
from dashboard.figures import VALUE
from dashboard.pages import ids, map_downloads, map_page, map_panels, map_upload
from dashboard.state import parse_query
from intake import AreaMatcher

ROOT = Path(__file__).resolve().parents[2]
USER = ROOT / "tests" / "fixtures" / "user"
SSDSE = ROOT / "data" / "raw" / "nstac_ssdse" / "SSDSE-A-2025.csv"
OUT = ["store", "report", "column_options", "column", "picker", "indicator"]


def data_url(content: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(content).decode("ascii")


def store(**query: str) -> dict[str, Any]:
    state = parse_query(query, service.state_options())
    return {"state": state.as_store(), "query": state.to_query()}


def drop(run: Callable[..., Any], files: list[Path] | list[tuple[str, bytes]], view: dict[str, Any] | None = None,
         trigger: str = ids.UPLOAD, **form: Any) -> dict[str, Any]:
    """What ``receive_upload`` returns for a drop of ``files`` with the form filled in as ``form``."""
    named = [(f.name, f.read_bytes()) if isinstance(f, Path) else f for f in files]
    fields = {"label": None, "unit": None, "direction": "higher", "date": None, "pref": None, "column": None, **form}
    out = run(map_upload.receive_upload, trigger, [data_url(c) for _, c in named], 0, 0, [n for n, _ in named],
              *fields.values(), view or store())
    return dict(zip(OUT, out, strict=True))


def text(children: Any) -> str:
    """The visible text of rendered components (for asserting on what the user reads)."""
    shown = children if isinstance(children, list | str) else [children]
    return json.dumps(shown, default=lambda c: c.to_plotly_json(), ensure_ascii=False)


def view_on(run: Callable[..., Any], payload: dict[str, Any], indicator: str, **query: str) -> dict[str, Any]:
    """The view store after the picker switched to ``indicator`` (``update_view``, as the browser calls it)."""
    before = store(**query)
    s = before["state"]
    dates = service.state_options().dates(s["indicator"], s["level"])
    out = run(map_page.update_view, ids.INDICATOR, indicator, s["level"], dates.index(s["date"]), s["pref"],
              s["rule"], s["threshold"], None, None, s["area"], 0, 0, before, True, payload)
    return out["view"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def ssdse() -> dict[str, dict[str, str]]:
    with SSDSE.open(encoding="cp932", newline="") as fh:
        rows = list(csv.reader(fh))
    return {row[0][1:]: dict(zip(rows[2], row, strict=True)) for row in rows[3:]}


# ------------------------------------------------------------------ good files
def test_utf8_names_with_prefecture_column_are_mapped_ranked_and_exported(
    app: Any, callback_runner: Callable[..., Any], ssdse: dict[str, dict[str, str]]
) -> None:
    out = drop(callback_runner, [USER / "names_utf8.csv"], label="図書館の数", unit="館", date="2021-10-01")
    payload = out["store"]
    ind_id = out["indicator"]
    assert userlayer.is_upload_id(ind_id) and ind_id in {o["value"] for o in out["picker"]}
    report = text(out["report"])
    assert "28行を読み込み、28行が地域に一致" in report and "未照合 0" in report
    assert "四万十市" in report  # 中村市, the pre-2005 name, read as today's 四万十市 and said so
    assert out["column"] == "図書館数" and [o["value"] for o in out["column_options"]] == ["図書館数", "公民館数"]

    view = view_on(callback_runner, payload, ind_id, pref="36")
    assert view["state"]["indicator"] == ind_id and view["state"]["date"] == "2021-10-01"
    assert view["state"]["rule"] == "bottom"  # no target declared: the percentile rule

    patch, rendered, summary, source, legend, label = map_page.render_map(view, store(pref="36")["state"], payload)
    assert isinstance(patch, Patch) and rendered["indicator"] == ind_id
    z = {tuple(op["location"]): op["params"].get("value") for op in patch.to_plotly_json()["operations"]}
    # the prefecture view colours 徳島県 only: 24 of the 27 matched (高知市, 四万十市, 府中市 are grey context)
    assert sum(v is not None for v in z[("data", VALUE, "z")]) == 24
    assert "利用者がアップロードしたデータ" in text(source) and "図書館の数" in label

    rows = map_panels.render_ranking(view, None, payload)[0][0].data
    tokushima = next(r for r in rows if r["code"] == "36201")
    assert tokushima["value"] == float(ssdse["36201"]["図書館数"]) and len(rows) == 24
    assert sum(r["status"] == "遅れ" for r in rows) >= 1  # the lagging rule works on it

    selected = view_on(callback_runner, payload, ind_id, pref="36", area="36201")
    profile = text(map_panels.render_profile(selected, None, payload)[0])
    assert "徳島市" in profile and "図書館の数" in profile  # similar municipalities compared on the upload
    meta = build_view(service.view_state(view, payload)).meta
    assert meta.title.startswith("図書館の数") and "利用者がアップロードしたデータ" in meta.source_lines[0]

    sent = map_downloads.download_file("csv", view, None, payload)
    assert sent["filename"] == f"atlas_{ind_id.replace(':', '-')}_36_municipality_2021-10-01.csv"
    table = base64.b64decode(sent["content"]).decode("utf-8-sig")
    assert "徳島市" in table and "値 2021-10-01（館）" in table  # the unit and the date head the value column


def test_cp932_codes_with_the_form_and_with_a_spec(app: Any, callback_runner: Callable[..., Any],
                                                    ssdse: dict[str, dict[str, str]]) -> None:
    out = drop(callback_runner, [USER / "codes_cp932.csv"], date="2022-03-31")
    assert out["store"] is not no_update and "37行が地域に一致" in text(out["report"])
    layer = userlayer.decode(out["store"], service.state_options().area_levels)
    assert layer is not None
    (ind,) = layer.indicators.values()
    assert ind.label_ja == "一般行政部門職員数" and ind.decimals == 0  # "2,142" read as 2142
    staff = layer.area_values(ind.id, "2022-03-31", pd.Index(["37201", "36201"]))
    assert staff.loc["37201", "value"] == float(ssdse["37201"]["一般行政部門職員数（市区町村）"])
    assert pd.isna(staff.loc["36201", "value"]) and staff.loc["36201", "note"] is None  # not in the file

    ratio_form = drop(callback_runner, [USER / "codes_cp932.csv"], date="2022-03-31", column="経常収支比率")
    (ratio_ind,) = userlayer.decode(ratio_form["store"], service.state_options().area_levels).indicators.values()
    assert (ratio_ind.unit, ratio_ind.decimals) == ("%", 1)  # "89.8%" cells: the unit is %, as written

    spec = drop(callback_runner, [USER / "codes_cp932.csv", USER / "codes_cp932.toml"])
    layer = userlayer.decode(spec["store"], service.state_options().area_levels)
    assert layer is not None
    assert [i.label_ja for i in layer.indicators.values()] == ["一般行政部門職員数", "経常収支比率"]
    ratio = list(layer.indicators.values())[1]
    assert ratio.target is not None and ratio.target.value == 80 and not ratio.higher_is_better
    assert "仕様ファイルの設定を使いました" in text(spec["report"]) and spec["column_options"] == []
    view = view_on(callback_runner, spec["store"], ratio.id, pref="37")
    assert view["state"]["rule"] == "target"  # the declared target drives the default lagging rule


def test_xlsx_long_layout_with_its_spec(app: Any, callback_runner: Callable[..., Any],
                                        ssdse: dict[str, dict[str, str]]) -> None:
    out = drop(callback_runner, [USER / "long.xlsx", USER / "long.toml"])
    layer = userlayer.decode(out["store"], service.state_options().area_levels)
    assert layer is not None
    libraries, ratio = layer.indicators.values()
    assert layer.dates(libraries.id, "municipality") == ("2021-10-01",)
    assert layer.dates(ratio.id, "municipality") == ("2022-03-31",)
    value = layer.values.set_index(["indicator_id", "area_code"]).loc[(ratio.id, "39201"), "value"]
    assert value == pytest.approx(float(ssdse["39201"]["経常収支比率（市町村財政）"]))  # 84.9% shown, 0.849 stored
    view = view_on(callback_runner, out["store"], ratio.id, level="prefecture")
    assert view["state"]["level"] == "municipality"  # the file has municipalities only


def test_the_template_is_the_shipped_one_and_loads_once_filled(app: Any, callback_runner: Callable[..., Any]) -> None:
    assert map_upload.TEMPLATE_CSV == (ROOT / "data" / "templates" / "template.csv").read_bytes()
    assert base64.b64decode(map_upload.TEMPLATE_HREF.split(",", 1)[1]) == map_upload.TEMPLATE_CSV
    empty = drop(callback_runner, [("template.csv", map_upload.TEMPLATE_CSV)], date="2024-03-31")
    assert empty["store"] is no_update and "数値の入った列が見つかりません" in text(empty["report"])
    assert "指標の値" in text(empty["report"])
    filled = map_upload.TEMPLATE_CSV.replace(b"\xe5\xba\x9c\xe4\xb8\xad\xe5\xb8\x82,", "府中市,12.5".encode())
    out = drop(callback_runner, [("template.csv", filled)], date="2024-03-31", unit="%")
    layer = userlayer.decode(out["store"], service.state_options().area_levels)
    assert layer is not None and list(layer.values[layer.values["value"].notna()]["area_code"]) == ["13206"]


def test_a_table_of_prefectures_maps_prefectures(app: Any, callback_runner: Callable[..., Any]) -> None:
    content = "都道府県,光回線の利用率\r\n東京都,80.1\r\n徳島県,70.2\r\n香川県,72\r\n愛媛県,69.9\r\n高知県,66.6\r\n"
    out = drop(callback_runner, [("prefs.csv", content.encode())], date="2024-03-31", unit="%")
    view = view_on(callback_runner, out["store"], out["indicator"])
    assert view["state"]["level"] == "prefecture"
    rows = map_panels.render_ranking(view, None, out["store"])[0][0].data
    assert [r["code"] for r in rows][:2] == ["39000", "38000"]  # a lagging view: worst first, 66.6 % then 69.9 %


# ------------------------------------------------------------------ names
def test_ambiguous_names_are_refused_and_the_prefecture_settles_them(app: Any,
                                                                      callback_runner: Callable[..., Any]) -> None:
    # 池田町 was a town in 徳島県 (now 三好市) and in 香川県 (now 小豆島町): without a prefecture it is a guess.
    content = "市区町村名,図書館数\r\n池田町,1\r\n徳島市,2\r\n".encode()
    out = drop(callback_runner, [("towns.csv", content)], date="2021-10-01")
    assert out["store"] is no_update and out["indicator"] is no_update
    report = text(out["report"])
    assert "曖昧 1" in report and "2行目" in report and "池田町" in report and "三好市" in report
    settled = drop(callback_runner, [("towns.csv", content)], date="2021-10-01", pref="36")
    layer = userlayer.decode(settled["store"], service.state_options().area_levels)
    assert layer is not None and set(layer.values["area_code"]) == {"36208", "36201"}


def test_the_report_is_japanese_on_the_japanese_page_and_english_on_the_english_one() -> None:
    """Issue 6: every line of the report in the page's language, from the finding's code (府中市: 東京都 and 広島県)."""
    areas = pd.DataFrame({"code": ["13000", "13206", "34000", "34208"],
                          "name_ja": ["東京都", "府中市", "広島県", "府中市"],
                          "level": ["prefecture", "municipality", "prefecture", "municipality"]})
    content = "都道府県,市区町村名,図書館数\r\n,府中市,1\r\n東京都,府中市,2館\r\n広島県,府中市,3\r\n".encode()
    outcome = upload.read_upload([data_url(content)], ["fuchu.csv"], upload.Form(date="2021-10-01"),
                                 AreaMatcher(areas))
    assert outcome.payload is None and outcome.report is not None
    assert [p.code for p in outcome.report.problems] == ["ambiguous_name", "not_a_number"]
    ja = text(map_upload.report_children(outcome, "ja", None))
    assert ("2行目・列「市区町村名」：「府中市」に当てはまる団体が2つあります"
            "（東京都府中市 (13206)、広島県府中市 (34208)）。都道府県を指定してください") in ja
    assert "3行目・列「図書館数」：「2館」は数値ではありません" in ja
    assert not any(en in ja for en in ("names 2 areas", "give the prefecture", "is not a number", "line ", "column"))
    en = text(map_upload.report_children(outcome, "en", None))
    assert ("line 2, column '市区町村名': '府中市' names 2 areas (東京都府中市 (13206), 広島県府中市 (34208)); "
            "give the prefecture") in en  # the CLI's line, as add-source prints it
    assert "line 3, column '図書館数': '2館' is not a number" in en
    assert not any(ja_text in en for ja_text in ("当てはまる", "数値ではありません", "行目", "列「"))


def test_a_former_name_is_worded_in_japanese(app: Any, callback_runner: Callable[..., Any]) -> None:
    # 池田町 (徳島県, now 三好市; 香川県, now 小豆島町) and 大和町 (東京都, now 東大和市): the merger history.
    content = "市区町村名,図書館数\r\n池田町,1\r\n大和町,2\r\n".encode()
    ja = text(drop(callback_runner, [("towns.csv", content)], date="2021-10-01")["report"])
    assert ("2行目・列「市区町村名」：「池田町」は合併前の団体で、現在の複数の団体（徳島県三好市 (36208)、"
            "香川県小豆島町 (37324)）に当たるため、推測しません") in ja
    assert "3行目・列「市区町村名」：「大和町」（13343）は合併前の団体で、現在の東京都東大和市 (13220)です" in ja
    en = text(drop(callback_runner, [("towns.csv", content)], store(lang="en"), date="2021-10-01")["report"])
    assert "line 2, column '市区町村名': '池田町' became more than one current area" in en
    assert "'大和町' (13343) is a former area, now 東京都東大和市 (13220)" in en


# ------------------------------------------------------------------ bad files
def test_oversized_upload_is_refused_before_reading(app: Any, callback_runner: Callable[..., Any]) -> None:
    big = b"36201,1\n" * (upload.MAX_FILE_BYTES // 8 + 1)
    out = drop(callback_runner, [("big.csv", big)], date="2021-10-01")
    assert out["store"] is no_update and out["indicator"] is no_update
    assert "「big.csv」は 5.0 MB で、上限の 5.0 MB を超えています" in text(out["report"])
    assert "何も読み込んでいません" in text(out["report"])


def test_a_5_mb_upload_fits_the_server_body_limit(app: Any, fixture_db: Path) -> None:
    """The real request path (body limit, callback guard, Dash) takes a file of exactly the limit."""
    client: FlaskClient = app.server.test_client()
    client.get("/_dash-layout")  # Dash fills ``callback_map`` on the first request
    key = next(k for k in app.callback_map if f"{ids.UPLOAD_STORE}.data" in k)
    spec = app.callback_map[key]
    content = b"code,value\n" + b"36201,1\n" * ((upload.MAX_FILE_BYTES - 11) // 8)
    values = {f"{ids.UPLOAD}.contents": [data_url(content)], f"{ids.UPLOAD}.filename": ["limit.csv"]}
    body = {
        "output": key,
        "outputs": [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in key[2:-2].split("...")],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]],
        "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in spec["state"]],
        "changedPropIds": [f"{ids.UPLOAD}.contents"],
    }
    raw = json.dumps(body).encode()
    assert len(content) <= upload.MAX_FILE_BYTES and len(raw) < server.DEFAULT_MAX_BODY_BYTES
    response = client.post("/_dash-update-component", data=raw, content_type="application/json")
    assert response.status_code == 200  # read and answered (here: too many rows for the reader), not a 413
    shown = text(response.get_json()["response"][ids.UPLOAD_REPORT]["children"])
    assert "limit.csv：200001行目：表の範囲（200,001×2 以上）が大きすぎます" in shown


def test_wrong_encoding_is_refused_with_the_line(app: Any, callback_runner: Callable[..., Any]) -> None:
    files = [USER / "bad" / "wrong_encoding.csv", USER / "bad" / "wrong_encoding.toml"]
    out = drop(callback_runner, files, store(lang="en"))
    assert out["store"] is no_update
    assert "declared 'utf-8' but the file is CP932" in text(out["report"])
    ja = text(drop(callback_runner, files)["report"])
    assert "wrong_encoding.csv：1行目：仕様では encoding が 'utf-8' ですが、ファイルは CP932（Shift_JIS）です" in ja
    content = [("survey.csv", "団体コード,値\n362018,1\n".encode("utf-32"))]
    utf32 = drop(callback_runner, content, store(lang="en"), date="2021-10-01")
    assert utf32["store"] is no_update and "UTF-32 text is not supported" in text(utf32["report"])
    assert "UTF-32 のテキストには対応していません" in text(drop(callback_runner, content, date="2021-10-01")["report"])


def test_excel_unicode_text_is_read(app: Any, callback_runner: Callable[..., Any]) -> None:
    """Excel's 「Unicode テキスト」: UTF-16 with a BOM, tab-separated, CRLF, even when called .csv (issue 16)."""
    content = [("survey.csv", "\ufeff団体コード\t値\r\n362018\t1\r\n".encode("utf-16-le"))]
    out = drop(callback_runner, content, store(lang="en"), date="2021-10-01")
    assert out["store"] is not no_update, text(out["report"])


def test_non_numeric_values_are_listed_by_line(app: Any, callback_runner: Callable[..., Any]) -> None:
    out = drop(callback_runner, [USER / "bad" / "non_numeric.csv"], date="2021-10-01")
    assert out["store"] is no_update
    report = text(out["report"])
    assert "数値でない値 2" in report
    assert "3行目・列「図書館数」：「1館」は数値ではありません" in report
    assert "5行目・列「図書館数」：「約10」は数値ではありません" in report
    assert "is not a number" not in report  # the Japanese page is Japanese (issue 6)
    english = text(drop(callback_runner, [USER / "bad" / "non_numeric.csv"], store(lang="en"),
                        date="2021-10-01")["report"])
    assert "2 not numbers" in english and "数値" not in english
    assert "line 3, column '図書館数': '1館' is not a number" in english  # the CLI's wording, unchanged
    assert "line 5, column '図書館数': '約10' is not a number" in english


def test_values_out_of_range_are_refused(app: Any, callback_runner: Callable[..., Any]) -> None:
    content = "団体コード,経常収支比率\r\n362018,98.5\r\n362026,118.9\r\n".encode()
    out = drop(callback_runner, [("ratio.csv", content)], date="2022-03-31", unit="%")
    assert out["store"] is no_update and "範囲外 1" in text(out["report"])
    assert "3行目・列「経常収支比率」：118.9 は 0〜100 % の範囲外です" in text(out["report"])
    english = drop(callback_runner, [("ratio.csv", content)], store(lang="en"), date="2022-03-31", unit="%")
    assert "118.9 is outside 0-100 %" in text(english["report"])


def test_no_code_column_is_a_clear_error(app: Any, callback_runner: Callable[..., Any]) -> None:
    files = [USER / "bad" / "no_code_column.csv", USER / "bad" / "no_code_column.toml"]
    with_spec = drop(callback_runner, files, store(lang="en"))
    assert with_spec["store"] is no_update
    assert "no column '団体コード' (spec code_column)" in text(with_spec["report"])
    ja = text(drop(callback_runner, files)["report"])
    assert "1行目（見出し）：列「団体コード」（仕様の code_column）がありません" in ja
    content = "番号,図書館数\r\n1,2\r\n2,1\r\n".encode()
    form = drop(callback_runner, [("numbers.csv", content)], date="2021-10-01")
    assert form["store"] is no_update and "地域を表す列が見つかりません" in text(form["report"])
    assert "番号" in text(form["report"])


def test_missing_date_and_wrong_files_are_refused(app: Any, callback_runner: Callable[..., Any]) -> None:
    assert "基準日" in text(drop(callback_runner, [USER / "names_utf8.csv"])["report"])
    assert "読めません" in text(drop(callback_runner, [USER / "names_utf8.csv"], date="いつか")["report"])
    pdf = drop(callback_runner, [("a.pdf", b"%PDF")], date="2021-10-01")
    assert "CSV・TSV・XLSX ではありません" in text(pdf["report"])
    assert "データファイル" in text(drop(callback_runner, [USER / "long.toml"])["report"])
    broken = drop(callback_runner, [("book.xlsx", b"PK not really")], store(lang="en"), date="2021-10-01")
    assert "not a readable XLSX" in text(broken["report"])
    broken_ja = drop(callback_runner, [("book.xlsx", b"PK not really")], date="2021-10-01")
    assert "book.xlsx：Excel ブック（XLSX）として読めません" in text(broken_ja["report"])


def test_a_bad_second_upload_leaves_the_first_intact(app: Any, callback_runner: Callable[..., Any]) -> None:
    first = drop(callback_runner, [USER / "names_utf8.csv"], date="2021-10-01")
    view = view_on(callback_runner, first["store"], first["indicator"], pref="36")
    second = drop(callback_runner, [USER / "bad" / "non_numeric.csv"], view, date="2021-10-01")
    assert all(second[k] is no_update for k in ("store", "picker", "indicator"))
    assert "前に読み込んだデータはそのまま" in text(second["report"])
    rows = map_panels.render_ranking(view, None, first["store"])[0][0].data  # the session still holds the first file
    assert len(rows) == 24 and any(r["value"] is not None for r in rows)


def test_apply_rereads_with_another_column_and_clear_removes(app: Any, callback_runner: Callable[..., Any]) -> None:
    first = drop(callback_runner, [USER / "names_utf8.csv"], date="2021-10-01")
    again = drop(callback_runner, [USER / "names_utf8.csv"], trigger=ids.UPLOAD_APPLY, date="2021-10-01",
                 column="公民館数")
    assert again["column"] == "公民館数" and again["indicator"] != first["indicator"]  # new content, new id
    view = view_on(callback_runner, again["store"], again["indicator"])
    cleared = drop(callback_runner, [USER / "names_utf8.csv"], view, trigger=ids.UPLOAD_CLEAR)
    assert cleared["store"] is None and cleared["indicator"] == service.state_options().default_indicator
    assert not any(userlayer.is_upload_id(o["value"]) for o in cleared["picker"])
    # The map then drops the upload's colours: a full figure, not a patch of the vanished indicator.
    back = view_on(callback_runner, None, cleared["indicator"])
    figure = map_page.render_map(back, view["state"], None)[0]
    assert not isinstance(figure, Patch)


# ------------------------------------------------------------------ the session store
def test_tampered_or_foreign_store_is_ignored(app: Any, callback_runner: Callable[..., Any]) -> None:
    levels = service.state_options().area_levels
    good = drop(callback_runner, [USER / "names_utf8.csv"], date="2021-10-01")["store"]
    assert userlayer.decode(good, levels) is not None
    for bad in ({"v": 2}, {"v": 1, "indicators": "x"}, [], "x",
                {**good, "indicators": [{**good["indicators"][0], "id": "population"}]},
                {**good, "indicators": [{**good["indicators"][0], "entry": {**good["indicators"][0]["entry"],
                                                                           "decimals": 10**9}}]}):
        assert userlayer.decode(bad, levels) is None
    forged = json.loads(json.dumps(good))
    forged["indicators"][0]["data"]["2021-10-01"]["codes"][0] = "99999"  # not an area: dropped
    forged["indicators"][0]["data"]["2021-10-01"]["values"][1] = "1e999"  # not a number: dropped
    layer = userlayer.decode(forged, levels)
    assert layer is not None and len(layer.values) == len(userlayer.decode(good, levels).values) - 2  # type: ignore[union-attr]
    view = store(indicator=good["indicators"][0]["id"])  # the view names the upload, the store is garbage
    assert map_page.render_map(view, None, {"v": "junk"})[1]["indicator"] == service.state_options().default_indicator


def test_a_link_to_an_upload_shows_a_notice_and_the_same_tab_restores_it(
    app: Any, callback_runner: Callable[..., Any]
) -> None:
    payload = drop(callback_runner, [USER / "names_utf8.csv"], date="2021-10-01")["store"]
    wanted = payload["indicators"][0]["id"]
    page = map_page.layout(indicator=wanted, pref="36")
    assert "別のブラウザ" in text(page)  # another browser: nothing to show, so the default and a notice
    default = store(pref="36")
    options, value, status = map_upload.sync_picker(1, payload, wanted, default)
    assert value == wanted and "names_utf8.csv" in text(status)  # this tab still has it: back to the upload
    assert map_upload.sync_picker(1, payload, None, default)[1] is no_update  # a stored upload is not forced
    assert map_upload.sync_picker(1, None, wanted, default)[0][-1]["value"] != wanted


def test_the_upload_reads_era_dates_in_the_form_and_in_a_date_column() -> None:  # issue 12
    """The same reader as the build: a form date 令和3年10月1日 and a 基準日 column of R3.10.1 / 平成31年4月1日."""
    areas = pd.DataFrame({"code": ["36000", "36201", "36202"], "name_ja": ["徳島県", "徳島市", "鳴門市"],
                          "level": ["prefecture", "municipality", "municipality"]})
    content = "団体コード,図書館数\n362018,1\n362026,2\n".encode()
    form = upload.read_upload([data_url(content)], ["a.csv"], upload.Form(date="令和3年10月1日"), AreaMatcher(areas))
    assert form.payload is not None, form
    assert form.report is not None and form.report.ok
    column = "団体コード,基準日,図書館数\n362018,R3.10.1,1\n362026,平成31年4月1日,2\n362018,令和元年4月1日,3\n".encode()
    outcome = upload.read_upload([data_url(column)], ["b.csv"], upload.Form(), AreaMatcher(areas))
    assert outcome.report is not None
    assert [(p.row, p.code) for p in outcome.report.problems] == [(4, "bad_date")]  # 令和元年4月1日 is no day


def test_a_hundred_thousand_column_csv_is_refused_at_its_first_line() -> None:
    """Issue 15: a 1.1 MB CSV of 100,000 columns is refused by the reader before any column is examined."""
    areas = pd.DataFrame({"code": ["36000", "36201"], "name_ja": ["徳島県", "徳島市"],
                          "level": ["prefecture", "municipality"]})
    header = "団体コード," + ",".join(f"c{i}" for i in range(100_000))
    content = (header + "\n362018," + "1.5," * 99_999 + "1\n").encode()
    assert len(content) > 1_000_000
    outcome = upload.read_upload([data_url(content)], ["wide.csv"], upload.Form(date="2021-10-01"), AreaMatcher(areas))
    assert outcome.payload is None and outcome.refusal is not None and outcome.refusal.error is not None
    assert outcome.refusal.error.code == "table_too_large"
    assert str(outcome.refusal.error).startswith("wide.csv: line 1: the table spans 1×100,001 以上")


def test_a_small_upload_is_framed_on_its_areas_and_ranked_among_them(app: Any,
                                                                      callback_runner: Callable[..., Any]) -> None:
    """Issue 9 §7: zoom to where the uploaded areas are; ranks say they are among the uploaded areas."""
    out = drop(callback_runner, [USER / "names_utf8.csv"], date="2021-10-01")
    payload = out["store"]
    view = view_on(callback_runner, payload, out["indicator"])
    figure, *_ = map_page.render_map(view, store()["state"], payload)
    assert isinstance(figure, go.Figure)  # a new frame, not a re-colour of the national one
    lon0, lon1 = figure.layout.geo.lonaxis.range
    national = map_page.render_map(store(), None)[0].layout.geo.lonaxis.range
    assert lon1 - lon0 < (national[1] - national[0]) / 2  # 徳島県 and a few towns nearby, not all of Japan
    state = service.view_state(view, payload)
    headers = [c["name"] for c in map_panels.ranking_columns(service.indicator(state.indicator, state.upload),
                                                             "municipality", "ja")]
    assert "順位（アップロードした地域の中で）" in headers and "全国順位" not in headers
