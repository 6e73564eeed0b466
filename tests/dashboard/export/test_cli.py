"""``python -m dashboard.export``: files for a meeting, and exit status 2 with a clear message on bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from dashboard import db, queries
from dashboard.export.__main__ import main
from dashboard.export.render import browser_path


@pytest.fixture(autouse=True)
def _reset_db() -> None:
    yield
    db.configure(None)
    queries.clear_caches()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "nope"], "unknown indicator 'nope'; known: aged_65_share"),
        (["--indicator", "population", "--prefecture", "36", "01"], "unknown prefecture '01'"),
        (
            ["--indicator", "population", "--date", "2021-01-01"],
            "date '2021-01-01' is not available for 'population' at municipality level; available: 2020-10-01",
        ),
        (["--indicator", "ftth_takeup", "--level", "municipality"], "has no municipality data"),
        (["--indicator", "population", "--rule", "target"], "describes areas (context): no lagging rule applies"),
        (["--indicator", "ftth_takeup", "--rule", "target"], "has no current policy target"),
        (["--indicator", "mynumber_holding_rate", "--rule", "below"], "--rule below needs --value"),
        (["--indicator", "population", "--threshold", "80"], "between 1 and 50"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main([*args, "--db", str(fixture_db), "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert not (tmp_path / "out").exists()


def test_missing_database_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--indicator", "population", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)])
    assert code == 2
    assert "database not found" in capsys.readouterr().err


def test_argparse_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--indicator", "population", "--format", "gif", "--out", str(tmp_path)])
    assert exc.value.code == 2


@pytest.mark.skipif(browser_path() is None, reason="Chromium is not installed")
def test_one_svg_per_prefecture(fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "--indicator",
            "mynumber_holding_rate",
            "--prefecture",
            "36",
            "37000",
            "--format",
            "svg",
            "--db",
            str(fixture_db),
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        "atlas_mynumber_holding_rate_36_municipality_2024-07-12.svg",
        "atlas_mynumber_holding_rate_37_municipality_2024-07-12.svg",
    ]
    assert "香川県" in (tmp_path / files[1]).read_text(encoding="utf-8")
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(tmp_path / f) for f in files]
    # progress per figure on stderr, as each file is written
    assert [line.split(" ")[:2] for line in captured.err.splitlines()] == [
        ["[1/2]", str(tmp_path / files[0])], ["[2/2]", str(tmp_path / files[1])]]


@pytest.mark.skipif(browser_path() is None, reason="Chromium is not installed")
def test_deck_with_a_slide_per_prefecture(fixture_db: Path, tmp_path: Path) -> None:
    code = main(
        [
            "--indicator",
            "online_procedures_32",
            "--all-prefectures",
            "--format",
            "pptx",
            "--lang",
            "en",
            "--db",
            str(fixture_db),
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    (deck_path,) = tmp_path.iterdir()
    deck = Presentation(io.BytesIO(deck_path.read_bytes()))
    titles = [next(s for s in slide.shapes if s.name == "Title").text_frame.text for slide in deck.slides]
    assert len(titles) == 6 and titles[-1] == "Sources and licences"  # a slide per prefecture, then the sources
    assert titles[0] == "Offered online: share of 32 common procedures — Tokyo"  # English names (english)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ranking_tables_with_the_lagging_status(fmt: str, fixture_db: Path, tmp_path: Path) -> None:
    """The same rows and columns as the ranking download, one file per prefecture."""
    from dashboard import service
    from dashboard.export.files import export_file
    from dashboard.state import parse_query

    args = ["--indicator", "mynumber_holding_rate", "--prefecture", "36", "37", "--rule", "pref_bottom",
            "--threshold", "30", "--format", fmt, "--db", str(fixture_db), "--out", str(tmp_path)]
    assert main(args) == 0
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"atlas_mynumber_holding_rate_{p}_municipality_2024-07-12.{fmt}"
                                       for p in ("36", "37")]
    state = parse_query("indicator=mynumber_holding_rate&pref=37&rule=pref_bottom&threshold=30",
                        service.state_options())
    assert files[1].read_bytes() == export_file(state, fmt).content or fmt == "xlsx"  # xlsx stamps a time
    if fmt == "csv":
        text = files[1].read_bytes()
        assert text.startswith(b"\xef\xbb\xbf")
        rows = text.decode("utf-8-sig").splitlines()
        assert "状況" in rows[0] and sum("遅れ" in r.split(",") for r in rows[1:]) > 0
