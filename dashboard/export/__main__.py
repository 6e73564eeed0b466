"""Batch exports for a meeting: ``python -m dashboard.export --indicator ID --out DIR``.

One figure per prefecture (``--prefecture 36 37`` or ``--all-prefectures``;
neither = one national figure), or one deck with a slide per prefecture for
``--format pptx``. The same views and text as the dashboard's downloads.
Bad input (unknown indicator, prefecture or date, a level or rule the
indicator lacks, a missing database) exits with status 2 and one line saying
what is wrong and what is valid. Reads the database only through
``dashboard.db``/``dashboard.queries``.

Progress goes to stderr as each file is written (``[3/47] path (1.6 s)``);
stdout lists the written paths, one per line, for scripts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from dashboard import db, queries, service
from dashboard.export.files import FIGURE_KINDS, TABLE_KINDS, deck, export_file, export_files, filename
from dashboard.export.render import Renderer
from dashboard.export.views import build_view
from dashboard.metrics import RULES
from dashboard.state import ViewState, parse_query


class UsageError(Exception):
    """Input the CLI refuses; the message is printed as is and the exit status is 2."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard.export", description=__doc__.splitlines()[0])
    p.add_argument("--indicator", required=True, help="indicator id (see layers/catalogue/indicators.toml)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--prefecture", nargs="+", metavar="CODE", help="prefecture codes: 36 or 36000")
    where.add_argument("--all-prefectures", action="store_true", help="one figure (or slide) per prefecture")
    p.add_argument("--date", help="reference date YYYY-MM-DD (default: the latest)")
    p.add_argument("--format", default="png", choices=[*FIGURE_KINDS, "pptx", *TABLE_KINDS],
                   help="a figure, a deck, or the ranking table (csv: UTF-8 with BOM; xlsx) with the lagging status")
    p.add_argument("--lang", default="ja", choices=["ja", "en"])
    p.add_argument("--level", choices=["municipality", "prefecture"], help="default: municipality when available")
    p.add_argument("--rule", choices=RULES, help="lagging rule (default: target when one exists, else bottom)")
    p.add_argument("--threshold", type=int, default=20, help="N for the bottom-N%% rules (1-50)")
    p.add_argument("--value", type=float, help="the stated value of --rule below (e.g. 50)")
    p.add_argument("--db", type=Path, help="database file (default: $ATLAS_DB or data/atlas.duckdb)")
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    return p


def prefecture_codes(args: argparse.Namespace) -> list[str | None]:
    """Two-digit codes to export (``[None]`` = one national view)."""
    known = sorted(service.state_options().prefectures)
    if args.all_prefectures:
        return list(known)
    if not args.prefecture:
        return [None]
    codes: list[str | None] = []
    for raw in args.prefecture:
        code = raw[:2] if len(raw) == 5 and raw.endswith("000") else raw
        if code not in known:
            raise UsageError(
                f"unknown prefecture {raw!r}; expected a code such as {', '.join(known[:5])} "
                f"(two digits, or five ending in 000; {len(known)} in this database)"
            )
        codes.append(code)
    return codes


def check(args: argparse.Namespace) -> None:
    """Refuse what the dashboard would silently replace with a default."""
    cat = queries.catalogue()
    if args.indicator not in cat.indicators:
        raise UsageError(f"unknown indicator {args.indicator!r}; known: {', '.join(sorted(cat.indicators))}")
    ind = cat.indicator(args.indicator)
    level = args.level or ("municipality" if "municipality" in ind.levels else ind.levels[0])
    if level not in ind.levels:
        raise UsageError(f"indicator {ind.id!r} has no {level} data; levels: {', '.join(ind.levels)}")
    dates = queries.dates(ind.id, level)
    if args.date is not None and args.date not in dates:
        raise UsageError(
            f"date {args.date!r} is not available for {ind.id!r} at {level} level; "
            f"available: {', '.join(dates) or 'none'}"
        )
    if args.rule not in (None, "none") and not ind.can_lag:
        raise UsageError(f"indicator {ind.id!r} describes areas (context): no lagging rule applies; use --rule none")
    if args.rule == "target" and ind.current_target(date.today()) is None:
        raise UsageError(f"indicator {ind.id!r} has no current policy target, so --rule target is not possible")
    if args.rule == "below" and args.value is None:
        raise UsageError("--rule below needs --value (the value areas are compared with)")
    if not 1 <= args.threshold <= 50:
        raise UsageError(f"--threshold must be between 1 and 50, not {args.threshold}")
    args.level = level


def states(args: argparse.Namespace, prefs: Sequence[str | None]) -> list[ViewState]:
    options = service.state_options()
    out = []
    for pref in prefs:
        query = {
            "indicator": args.indicator,
            "level": args.level,
            "date": args.date,
            "pref": pref,
            "rule": args.rule,
            "threshold": str(args.threshold),
            "value": None if args.value is None else f"{args.value:g}",
            "lang": args.lang,
        }
        state = parse_query({k: v for k, v in query.items() if v is not None}, options)
        rejected = [n for n in state.notices if n.key != "pref_only"]
        if rejected:  # check() should have caught it: say so rather than export a different view
            raise UsageError(f"the view {query} was not accepted: {rejected[0].key} {rejected[0].as_dict()}")
        out.append(state)
    return out


#: Called after each file is written: (path, files written so far, files expected, seconds since start).
Progress = Callable[[Path, int, int, float], None]


def _report(path: Path, done: int, total: int, seconds: float) -> None:
    print(f"[{done}/{total}] {path} ({seconds:.1f} s)", file=sys.stderr, flush=True)
    print(path, flush=True)


def _tables(args: argparse.Namespace, progress: Progress | None) -> list[Path]:
    """One ranking table per view: the rows and columns of the dashboard's ranking download."""
    views = states(args, prefecture_codes(args))
    args.out.mkdir(parents=True, exist_ok=True)
    started, written = time.monotonic(), []
    for state in views:
        file = export_file(state, args.format)
        path = args.out / file.filename
        path.write_bytes(file.content)
        written.append(path)
        if progress:
            progress(path, len(written), len(views), time.monotonic() - started)
    return written


def run(args: argparse.Namespace, progress: Progress | None = None) -> list[Path]:
    if args.db is not None:
        db.configure(args.db)
    try:
        db.key()
    except db.DatabaseMissing:
        raise UsageError(f"database not found: {db.path()} (build it with `python -m etl build`)") from None
    check(args)
    if args.format in TABLE_KINDS:
        return _tables(args, progress)
    views = [build_view(s) for s in states(args, prefecture_codes(args))]
    args.out.mkdir(parents=True, exist_ok=True)
    tabs = max(1, min(2, os.cpu_count() or 1))
    renderer = Renderer(tabs=tabs)
    written: list[Path] = []
    started, total = time.monotonic(), 1 if args.format == "pptx" else len(views)
    if args.format == "pptx":
        print(f"rendering {len(views)} slide(s) into one deck", file=sys.stderr, flush=True)
    try:
        if args.format == "pptx":
            first = views[0].state
            name = (
                filename(first, "pptx")
                if len(views) == 1
                else f"atlas_{first.indicator}_{first.level}_{first.date}_by_prefecture.pptx"
            )
            path = args.out / name
            path.write_bytes(deck(views, renderer=renderer))
            written.append(path)
            if progress:
                progress(path, 1, total, time.monotonic() - started)
        else:
            # one round per browser tab: bounded memory for print-size PNGs, and progress per figure
            for start in range(0, len(views), tabs):
                for file in export_files(views[start : start + tabs], args.format, renderer=renderer):
                    path = args.out / file.filename
                    path.write_bytes(file.content)
                    written.append(path)
                    if progress:
                        progress(path, len(written), total, time.monotonic() - started)
    finally:
        renderer.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        run(args, _report)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
