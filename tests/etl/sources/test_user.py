"""User sources in the build: ``etl.sources.user``, ``build(user_specs=…)`` and ``python -m etl add-source``.

Real DuckDB files are built from the fixture inputs (prefectures 13, 36-39)
plus the user fixtures of ``tests/fixtures/user``; a refused file must leave
both the database and the user folder exactly as they were.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.cli import main
from etl.model import VALUE_COLUMNS
from etl.sources.user import find_specs, matcher_for, parse_spec
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, ROOT

USER = ROOT / "tests" / "fixtures" / "user"
GOOD = ("names_utf8", "codes_cp932", "estat_header", "long")


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _copy(name: str, folder: Path, bad: bool = False) -> Path:
    """A spec and its data file, copied where a user would keep them."""
    source = USER / "bad" if bad else USER
    folder.mkdir(parents=True, exist_ok=True)
    for path in source.glob(f"{name}.*"):
        shutil.copy(path, folder / path.name)
    return folder / f"{name}.toml"


@pytest.fixture(scope="module")
def user_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("user") / "atlas.duckdb"
    build(FIXTURE_RAW, out, user_specs=[USER / f"{name}.toml" for name in GOOD])
    return out


def test_shipped_user_folder_holds_no_spec() -> None:
    """The default build stays the shipped data: data/user/ starts with its README only."""
    assert find_specs(ROOT / "data" / "user") == []
    assert (ROOT / "data" / "user" / "README.md").exists()


def test_find_specs_sees_top_level_and_source_folders_not_hidden_ones(tmp_path: Path) -> None:
    for name in ("a.toml", "b/b.toml", ".c.previous/c.toml", "b/deeper/d.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert find_specs(tmp_path) == [tmp_path / "a.toml", tmp_path / "b" / "b.toml"]
    assert find_specs(tmp_path / "missing") == []


def test_parse_spec_gives_values_and_provenance() -> None:
    from etl.areas import parse_areas

    areas, parsed = parse_areas(FIXTURE_RAW)
    spec, one, document = parse_spec(USER / "names_utf8.toml", matcher_for(areas, parsed))
    assert one.source_id == spec.source_id == "fixture_names"
    assert list(one.values.columns) == VALUE_COLUMNS
    assert {p.name: n for p, n in one.files.items()} == {"names_utf8.csv": 28, "names_utf8.toml": 0}
    assert document["indicators"]["fixture_libraries"]["levels"] == ["municipality"]


def test_a_bad_spec_raises_input_error_naming_the_lines() -> None:
    from etl.areas import parse_areas

    areas, parsed = parse_areas(FIXTURE_RAW)
    with pytest.raises(InputError) as caught:
        parse_spec(USER / "bad" / "unknown_code.toml", matcher_for(areas, parsed))
    assert caught.value.file.endswith("unknown_code.csv")
    assert "line 3, column '団体コード'" in caught.value.problem and "nothing was loaded" in caught.value.where


def test_user_indicators_are_in_the_database_with_origin_user(user_db: Path) -> None:
    indicators = dict(_rows(user_db, "SELECT id, origin FROM indicators"))  # type: ignore[arg-type]
    for name in (
        "fixture_libraries",
        "fixture_staff",
        "fixture_current_ratio",
        "fixture_estat_libraries",
        "fixture_long_ratio",
    ):
        assert indicators[name] == "user"
    assert indicators["population"] == "catalogue"
    counts = dict(_rows(user_db, "SELECT indicator_id, count(value) FROM indicator_values GROUP BY 1"))  # type: ignore[arg-type]
    assert counts["fixture_estat_libraries"] == 62 and counts["fixture_long_ratio"] == 34
    sources = dict(_rows(user_db, "SELECT id, origin FROM sources"))  # type: ignore[arg-type]
    assert sources["fixture_codes"] == "user" and sources["nstac_ssdse"] == "catalogue"
    files = {r[1] for r in _rows(user_db, "SELECT source_id, file FROM _sources WHERE source_id = 'fixture_long'")}
    assert files == {"user/long.xlsx", "user/long.toml"}
    target = _rows(user_db, "SELECT target_value, target_source_id FROM indicators WHERE id = 'fixture_current_ratio'")
    assert target == [(80.0, "fixture_codes")]


def test_missing_user_values_keep_their_reason(user_db: Path) -> None:
    rows = _rows(
        user_db,
        "SELECT indicator_id, value, note FROM indicator_values WHERE area_code = '13101' "
        "AND indicator_id LIKE 'fixture_%' ORDER BY 1",
    )
    assert ("fixture_community_centres", None, "'…' in source") in rows
    assert ("fixture_libraries", None, "'-' in source") in rows


def test_add_source_round_trip(tmp_path: Path) -> None:
    user, out = tmp_path / "data" / "user", tmp_path / "atlas.duckdb"
    spec = _copy("names_utf8", tmp_path / "incoming")
    args = ["--raw", str(FIXTURE_RAW), "--user", str(user), "--out", str(out)]
    assert main(["add-source", str(spec), *args]) == 0
    assert sorted(p.name for p in (user / "fixture_names").iterdir()) == ["fixture_names.toml", "names_utf8.csv"]
    assert 'file = "names_utf8.csv"' in (user / "fixture_names" / "fixture_names.toml").read_text(encoding="utf-8")
    assert _rows(out, "SELECT count(value) FROM indicator_values WHERE indicator_id = 'fixture_libraries'") == [(27,)]

    before, listing = out.read_bytes(), sorted(p.relative_to(user) for p in user.rglob("*"))
    for name in ("non_numeric", "wrong_encoding", "no_code_column"):
        assert main(["add-source", str(_copy(name, tmp_path / "bad", bad=True)), *args]) == 2
    assert main(["add-source", str(spec), *args]) == 2  # the same source id again, without --replace
    assert out.read_bytes() == before
    assert sorted(p.relative_to(user) for p in user.rglob("*")) == listing

    assert main(["add-source", str(spec), "--replace", *args]) == 0
    assert main(["build", *args]) == 0  # a plain build keeps the user source
    assert _rows(out, "SELECT origin FROM indicators WHERE id = 'fixture_community_centres'") == [("user",)]


def test_add_source_prints_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _copy("names_utf8", tmp_path / "incoming")
    code = main(
        [
            "add-source",
            str(spec),
            "--raw",
            str(FIXTURE_RAW),
            "--user",
            str(tmp_path / "user"),
            "--out",
            str(tmp_path / "atlas.duckdb"),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "28 rows read, 28 matched, 0 unmatched, 0 ambiguous" in printed
    assert "'中村市' (39207) is a former area, now 高知県四万十市 (39210)" in printed


def test_add_source_refusal_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _copy("unknown_code", tmp_path / "bad", bad=True)
    code = main(
        [
            "add-source",
            str(spec),
            "--raw",
            str(FIXTURE_RAW),
            "--user",
            str(tmp_path / "user"),
            "--out",
            str(tmp_path / "atlas.duckdb"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "atlas.duckdb").exists() and not (tmp_path / "user").exists()
    assert "unknown_code.csv" in err and "line 3, column '団体コード'" in err and "line 4" in err


def test_a_user_id_that_clashes_with_the_catalogue_fails_the_build(tmp_path: Path) -> None:
    spec = _copy("estat_header", tmp_path)
    text = spec.read_text(encoding="utf-8").replace("[indicators.fixture_estat_libraries]", "[indicators.population]")
    spec.write_text(text, encoding="utf-8")
    assert main(["build", "--raw", str(FIXTURE_RAW), "--user", str(tmp_path), "--out", str(tmp_path / "a.duckdb")]) == 2
    assert not (tmp_path / "a.duckdb").exists()


def test_worked_example_adds_two_indicators(tmp_path: Path) -> None:
    """The shipped example, unchanged, against the fixture slice of the same SSDSE file."""
    example = ROOT / "data" / "examples" / "ssdse_community_facilities" / "ssdse_community_facilities.toml"
    spec = tmp_path / "data" / "examples" / example.parent.name / example.name
    spec.parent.mkdir(parents=True)
    shutil.copy(example, spec)
    (tmp_path / "data" / "raw" / "nstac_ssdse").mkdir(parents=True)
    shutil.copy(FIXTURE_RAW / "nstac_ssdse" / "SSDSE-A-2025.csv", tmp_path / "data" / "raw" / "nstac_ssdse")
    out = tmp_path / "atlas.duckdb"
    assert (
        main(
            [
                "add-source",
                str(spec),
                "--raw",
                str(FIXTURE_RAW),
                "--user",
                str(tmp_path / "data" / "user"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    counts = _rows(
        out,
        "SELECT indicator_id, count(value) FROM indicator_values "
        "WHERE indicator_id IN ('community_centres', 'public_libraries') GROUP BY 1 ORDER BY 1",
    )
    assert counts == [("community_centres", 157), ("public_libraries", 157)]
