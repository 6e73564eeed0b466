"""User files (``intake``): read, matched and refused the same way for the ETL and the upload.

The areas and merger history come from where each caller gets them: the
dashboard reads the ``areas``/``area_history`` tables of a built database (here
the fixture database), the ETL parses them from ``data/raw`` (here the real
files, where names such as 府中市 and 伊達市 are shared by two municipalities).
The fixture files are written by ``tests/fixtures/make_user.py`` from SSDSE.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from intake import (
    AreaMatcher,
    InputError,
    UserData,
    decode,
    load_spec,
    load_user_data,
    merge_catalogue,
    read_number,
)
from layers.registry import CatalogueError, load_catalogue

ROOT = Path(__file__).resolve().parents[2]
USER = ROOT / "tests" / "fixtures" / "user"
SSDSE = ROOT / "data" / "raw" / "nstac_ssdse" / "SSDSE-A-2025.csv"
EXAMPLE = ROOT / "data" / "examples" / "ssdse_community_facilities" / "ssdse_community_facilities.toml"


@pytest.fixture(scope="module")
def matcher(fixture_db: Path) -> AreaMatcher:
    """The fixture universe as the dashboard sees it: tables of the built database."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        return AreaMatcher(con.execute("SELECT * FROM areas").df(), con.execute("SELECT * FROM area_history").df())
    finally:
        con.close()


@pytest.fixture(scope="module")
def real_matcher() -> AreaMatcher:
    from etl.areas import parse_areas

    areas, parsed = parse_areas(ROOT / "data" / "raw")
    history = next(p.tables["area_history"] for p in parsed if "area_history" in p.tables)
    return AreaMatcher(areas.frame, history)


@pytest.fixture(scope="module")
def ssdse() -> dict[str, dict[str, str]]:
    with SSDSE.open(encoding="cp932", newline="") as fh:
        rows = list(csv.reader(fh))
    return {row[0][1:]: dict(zip(rows[2], row, strict=True)) for row in rows[3:]}


def _load(name: str, matcher: AreaMatcher) -> UserData:
    return load_user_data(load_spec(USER / name), matcher)


def _value(data: UserData, indicator: str, code: str) -> float:
    rows = data.values[(data.values["indicator_id"] == indicator) & (data.values["area_code"] == code)]
    assert len(rows) == 1, (indicator, code)
    return float(rows["value"].iloc[0])


# ------------------------------------------------------------------ good files
def test_utf8_names_with_prefecture_old_name_and_missing_markers(matcher: AreaMatcher, ssdse: dict) -> None:
    data = _load("names_utf8.toml", matcher)
    assert data.report.ok, data.report.problems
    assert data.report.rows_read == data.report.rows_matched == 28  # the empty line 28 is skipped
    assert _value(data, "fixture_libraries", "36201") == float(ssdse["36201"]["図書館数"])
    # 中村市 (39207) merged into 四万十市 in 2005: resolved through area_history, and said so.
    assert _value(data, "fixture_community_centres", "39210") == float(ssdse["39210"]["公民館数"])
    history = [n for n in data.report.notes if n.kind == "history"]
    assert [(n.row, n.column) for n in history] == [(27, "市区町村名")] and "四万十市" in history[0].message
    assert _value(data, "fixture_libraries", "13206") == float(ssdse["13206"]["図書館数"])  # 東京都府中市
    chiyoda = data.values[data.values["area_code"] == "13101"].set_index("indicator_id")
    assert chiyoda["value"].isna().all()  # '-' and '…' are missing, never 0
    assert chiyoda.loc["fixture_libraries", "note"] == "'-' in source"
    assert chiyoda.loc["fixture_community_centres", "note"] == "'…' in source"
    assert data.levels["fixture_libraries"] == ("municipality",)
    assert data.dates["fixture_libraries"] == ("2021-10-01",)


def test_cp932_lg6_codes_with_thousands_separators_and_percent_signs(matcher: AreaMatcher, ssdse: dict) -> None:
    data = _load("codes_cp932.toml", matcher)
    assert data.report.ok, data.report.problems
    assert data.report.rows_matched == 37  # 香川県 17 + 愛媛県 20
    assert _value(data, "fixture_staff", "37201") == float(ssdse["37201"]["一般行政部門職員数（市区町村）"]) > 1000
    assert _value(data, "fixture_current_ratio", "38201") == float(ssdse["38201"]["経常収支比率（市町村財政）"])
    assert set(data.values["as_of"]) == {date(2022, 3, 31)}


def test_estat_layout_with_title_unit_and_note_rows(matcher: AreaMatcher, ssdse: dict) -> None:
    data = _load("estat_header.toml", matcher)
    assert data.report.ok, data.report.problems
    assert data.report.rows_matched == 62  # every municipality of 東京都, no title, unit or note row
    assert _value(data, "fixture_estat_libraries", "13101") == float(ssdse["13101"]["図書館数"])


def test_xlsx_long_layout_with_date_column_and_percent_cells(matcher: AreaMatcher, ssdse: dict) -> None:
    data = _load("long.toml", matcher)
    assert data.report.ok, data.report.problems
    # Excel stores 84.9% as 0.849; the value is what the user sees in the cell.
    assert _value(data, "fixture_long_ratio", "39201") == pytest.approx(
        float(ssdse["39201"]["経常収支比率（市町村財政）"])
    )
    assert _value(data, "fixture_long_libraries", "39201") == float(ssdse["39201"]["図書館数"])
    assert data.dates == {"fixture_long_libraries": ("2021-10-01",), "fixture_long_ratio": ("2022-03-31",)}


def test_duplicate_names_resolve_with_their_prefecture(real_matcher: AreaMatcher) -> None:
    data = _load("duplicate_names.toml", real_matcher)
    assert data.report.ok, data.report.problems
    assert list(data.values["area_code"]) == ["13206", "34208", "01233", "07213"]


def test_duplicate_names_without_prefecture_are_refused_by_line(real_matcher: AreaMatcher) -> None:
    data = _load("duplicate_names_no_prefecture.toml", real_matcher)
    ambiguous = [p for p in data.report.problems if p.kind == "ambiguous"]
    assert [p.row for p in ambiguous] == [2, 3, 4, 5]
    assert "東京都府中市 (13206)" in ambiguous[0].message and "広島県府中市 (34208)" in ambiguous[0].message
    message = str(data.report.error())
    assert "duplicate_names.csv" in message and "line 4, column '市町村'" in message and "nothing was loaded" in message


def test_names_and_codes_resolution(real_matcher: AreaMatcher) -> None:
    m = real_matcher
    assert m.by_name("伊達市", m.prefecture("福島県")).code == "07213"
    assert m.by_name("伊達市", m.prefecture("01")).code == "01233"
    assert m.by_name("池田町").status == "ambiguous"
    assert m.by_name("龍ヶ崎市").code == "08208" and m.by_name("檮原町").code == "39405"  # variant spellings
    assert m.by_name("名西郡石井町").code == "36341"  # 郡 written in front
    # 泊村 exists in 北海道 and was a village of 鳥取県 (now 湯梨浜町): without a prefecture, refuse.
    assert m.by_name("泊村").status == "ambiguous"
    assert (m.by_name("泊村", "31").status, m.by_name("泊村", "31").code) == ("history", "31370")
    assert (m.by_code("39207").status, m.by_code("39207").code) == ("history", "39210")  # 中村市's old code
    assert m.by_code("R13206").code == m.by_code("132063").code == m.by_code(13206).code == "13206"
    assert m.by_code("13").code == "13000"
    assert "check digit" in m.by_code("132064").message


def test_every_official_lg6_code_matches_and_a_wrong_check_digit_does_not(real_matcher: AreaMatcher) -> None:
    """The upload's matcher and the build share ``intake.codes.check_digit``: every official code, both ways."""
    from intake.codes import to_code6

    for code in real_matcher.names:
        code6 = to_code6(code)
        assert real_matcher.by_code(code6, "lg6").code == code
        wrong = code6[:5] + str((int(code6[5]) + 1) % 10)
        assert real_matcher.by_code(wrong, "lg6").reason == "wrong_check_digit"


# ------------------------------------------------------------------- bad files
@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            "non_numeric.toml",
            ["non_numeric.csv", "line 3, column '図書館数': '1館' is not a number", "line 5", "'約10'"],
        ),
        ("unknown_code.toml", ["unknown_code.csv", "line 3, column '団体コード'", "'99999'", "line 4", "check digit"]),
        ("duplicate_area.toml", ["duplicate_area.csv", "line 4", "四万十市 (39210) is already given on line 3"]),
    ],
)
def test_bad_rows_are_listed_and_nothing_is_loaded(matcher: AreaMatcher, spec: str, expected: list[str]) -> None:
    data = _load(f"bad/{spec}", matcher)
    assert not data.report.ok
    with pytest.raises(InputError) as caught:
        data.report.raise_for_problems()
    for text in expected:
        assert text in str(caught.value)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("no_code_column.toml", ["no_code_column.csv", "line 1 (header)", "no column '団体コード'", "'コード'"]),
        ("wrong_encoding.toml", ["wrong_encoding.csv", "line 1", "declared 'utf-8'", "cp932"]),
    ],
)
def test_unreadable_files_are_refused(matcher: AreaMatcher, spec: str, expected: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        _load(f"bad/{spec}", matcher)
    for text in expected:
        assert text in str(caught.value)


def test_percentages_outside_0_100_are_refused(real_matcher: AreaMatcher) -> None:
    data = _load("bad/out_of_range.toml", real_matcher)  # 夕張市's 経常収支比率 118.9, declared as a % share
    assert [(p.kind, p.row) for p in data.report.problems if p.row] == [("out_of_range", 2)]


def test_number_spellings() -> None:
    assert read_number("1,234").value == 1234
    assert (read_number("12.3%").value, read_number("12.3%").percent_sign) == (12.3, True)
    assert read_number("△5").value == -5  # 地方財政 tables write negatives with a triangle
    assert read_number("１２３").value == 123
    for marker in ("-", "－", "…", "ｘ", "***"):
        reading = read_number(marker)
        assert reading.error is None and reading.value != reading.value and reading.note
    assert read_number("").note == "blank in source"
    assert read_number("12..3").error and read_number("abc").error


def test_decoding_is_strict() -> None:
    text = "市区町村名\n徳島市\n"
    assert decode(text.encode("cp932"), "auto", "f.csv") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "auto", "f.csv") == text
    with pytest.raises(InputError, match="declared 'cp932' but the file is UTF-8"):
        decode(text.encode("utf-8"), "cp932", "f.csv")
    assert decode(text.encode("utf-16"), "auto", "f.csv") == text  # Excel's Unicode text
    with pytest.raises(InputError, match="UTF-16"):
        decode(text.encode("utf-16"), "utf-8", "f.csv")  # declared otherwise: refused by name


# ----------------------------------------------------------------------- specs
def _spec_text(**changes: str) -> str:
    text = (USER / "names_utf8.toml").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('name_column = "市区町村名"', 'name_column = "市区町村名"\ncode_column = "x"', "exactly one of code_column"),
        ("date = 2021-10-01", "dates = 2021-10-01", "unknown key(s) ['dates']"),
        ('category = "context"', 'category = "misc"', "category 'misc' is not one of"),
        ('id = "fixture_names"', 'id = "Fixture Names"', "lower-case letters"),
        ('url = "https://www.nstac.go.jp/use/literacy/ssdse/"', "", "missing or empty 'url'"),
        ('label_en = "Public libraries"', 'label_en = "TODO"', "still holds a TODO"),
        ('category = "context"', 'category = "online_procedures"', "needs an aspect"),
        ('category = "context"', 'category = "context"\naspect = "use"', "only it takes one"),
    ],
)
def test_spec_errors_name_the_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(_spec_text(**{old: new}), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_spec(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


def test_a_region_can_declare_online_use_with_its_aspect(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(_spec_text(**{'category = "context"': 'category = "online_procedures"\naspect = "use"'}),
                    encoding="utf-8")
    spec = load_spec(path)
    assert spec.indicators and all(ind.entry["aspect"] == "use" for ind in spec.indicators)


def test_declarations_join_the_catalogue_and_ids_cannot_clash(matcher: AreaMatcher) -> None:
    data = _load("codes_cp932.toml", matcher)
    catalogue = merge_catalogue(load_catalogue(), [("codes_cp932.toml", data.catalogue_document())])
    ratio = catalogue.indicator("fixture_current_ratio")
    assert catalogue.source_of("fixture_current_ratio").id == "fixture_codes"
    assert ratio.levels == ("municipality",) and ratio.reference_dates == ("2022-03-31",)
    assert ratio.target is not None and ratio.target.value == 80 and ratio.target.source_id == "fixture_codes"
    document = data.catalogue_document()
    document["indicators"] = {"population": document["indicators"]["fixture_staff"]}
    with pytest.raises(CatalogueError, match="'population' is already used"):
        merge_catalogue(load_catalogue(), [("codes_cp932.toml", document)])


def test_template_must_be_filled_in(tmp_path: Path, matcher: AreaMatcher) -> None:
    templates = ROOT / "data" / "templates"
    with pytest.raises(InputError, match="TODO"):
        load_spec(templates / "template.toml")
    shutil.copy(templates / "template.csv", tmp_path / "template.csv")
    text = (templates / "template.toml").read_text(encoding="utf-8")
    filled = "\n".join(line.replace("todo_", "my_").replace('"TODO:', '"') for line in text.splitlines())
    (tmp_path / "mine.toml").write_text(filled, encoding="utf-8")
    data = load_user_data(load_spec(tmp_path / "mine.toml"), matcher)
    assert data.report.rows_matched == 3  # the rows name real areas; their values are left for the user
    assert [p.message for p in data.report.problems] == ["indicator 'my_indicator_id' has no values in the file"]


def test_worked_example_reads_ssdse_columns_the_default_build_does_not_use(real_matcher: AreaMatcher) -> None:
    spec = load_spec(EXAMPLE)
    data = load_user_data(spec, real_matcher)
    assert data.report.ok and data.report.rows_matched == 1741
    assert not set(data.catalogue_document()["indicators"]) & set(load_catalogue().indicators)
    ssdse_parser = (ROOT / "etl" / "sources" / "ssdse.py").read_text(encoding="utf-8")
    assert all(ind.column not in ssdse_parser for ind in spec.indicators)
