"""Thin command line over ``etl.build``.

``build`` writes the database; ``check`` parses and validates every input
without writing; ``ensure`` builds only when the database is missing or older
than its inputs (what ``make run`` calls); ``add-source SPEC`` checks a user's
spec and data, copies them into ``data/user/`` and rebuilds; ``record SOURCE_ID
[--reference-date YYYY-MM-DD]`` rewrites a source's SOURCE.md checksums (and
reference date) after its files were replaced on purpose, because the build
refuses any file whose sha256 differs from SOURCE.md. The user specs in
``--user`` (default ``data/user``) are part of every build. Bad input exits
with status 2 and a message naming the file, the place and the problem.

Progress goes to stderr through ``logging``: one line per source as it is
read, a warning for anything dropped or repaired, and a final summary
(municipalities, indicators, values, warnings). ``-v`` adds per-file and
per-table lines, ``-q`` keeps warnings and errors only.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from intake.errors import InputError
from layers.registry import CatalogueError

if TYPE_CHECKING:
    from etl.build import BuildReport

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/atlas.duckdb")
DEFAULT_USER = Path("data/user")
DEFAULT_CATALOGUE = Path(__file__).parent.parent / "layers" / "catalogue" / "sources.toml"
_CODE_DIRS = (Path(__file__).parent, Path(__file__).parent.parent / "layers")
log = logging.getLogger("etl")


class _WarningCounter(logging.Handler):
    """Counts warnings for the summary line, so a clean build and a repaired one read differently."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def _logging(verbosity: int) -> Iterator[_WarningCounter]:
    """Log ``etl.*`` to stderr for one command (a handler on the ``etl`` logger, removed afterwards)."""
    level = logging.DEBUG if verbosity > 0 else logging.WARNING if verbosity < 0 else logging.INFO
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%H:%M:%S"))
    counter = _WarningCounter()
    previous = log.level
    log.setLevel(level)
    log.addHandler(stream)
    log.addHandler(counter)
    try:
        yield counter
    finally:
        log.removeHandler(stream)
        log.removeHandler(counter)
        log.setLevel(previous)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    loudness = argparse.ArgumentParser(add_help=False)
    group = loudness.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=0,
                       help="also log every file and table")
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1,
                       help="log warnings and errors only")
    sub = parser.add_subparsers(dest="command", required=True)
    _record_parser(sub)
    for name, help_text in (
        ("build", "build the DuckDB file"),
        ("check", "validate the inputs without writing"),
        ("ensure", "build only if the database is missing or older than its inputs"),
        ("add-source", "check a user spec + data file, copy them into the user folder and rebuild"),
    ):
        cmd = sub.add_parser(name, help=help_text, parents=[loudness])
        if name == "add-source":
            cmd.add_argument("spec", type=Path, help="the spec (TOML) next to the data file; see data/user/README.md")
            cmd.add_argument("--replace", action="store_true", help="update a user source with the same id")
        cmd.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of shipped inputs (default data/raw)")
        cmd.add_argument("--user", type=Path, default=DEFAULT_USER, help="folder of user sources (default data/user)")
        if name != "check":
            cmd.add_argument("--out", type=Path, default=DEFAULT_OUT, help="database file (default data/atlas.duckdb)")
    return parser


def _record_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("record", help="record deliberately replaced files of one source in its SOURCE.md")
    cmd.add_argument("source_id", help="the folder under --raw, e.g. soumu_local_gov_code")
    cmd.add_argument("--reference-date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="also set the reference date in SOURCE.md and in the catalogue")
    cmd.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of shipped inputs (default data/raw)")
    cmd.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE,
                     help="sources.toml whose reference_date --reference-date updates (default: the shipped one)")


def _record(args: argparse.Namespace) -> int:
    from etl.provenance import record

    changes = record(args.raw, args.source_id, args.reference_date, args.catalogue)
    for change in changes or [f"{args.source_id}: SOURCE.md already matches its files"]:
        print(change)
    return 0


def newest_input(raw: Path, *extra: Path) -> float:
    """Latest modification time among the inputs and the code that reads them."""
    times = [p.stat().st_mtime for d in (raw, *extra, *_CODE_DIRS) for p in d.rglob("*") if p.is_file()]
    return max(times, default=0.0)


def is_stale(raw: Path, out: Path, *extra: Path) -> bool:
    return not out.exists() or out.stat().st_mtime < newest_input(raw, *extra)


def _log_report(report: BuildReport, warnings: int) -> None:
    for name, count in report.row_counts.items():
        log.debug("  table %s: %s rows", name, f"{count:,}")
    counts = ", ".join(f"{value:,} {name}" for name, value in report.summary.items())
    log.info("built %s in %.1f s: %s; %d warning(s)", report.out, report.seconds, counts, warnings)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with _logging(getattr(args, "verbosity", 0)) as counter:
        return _run(args, counter)


def _run(args: argparse.Namespace, counter: _WarningCounter) -> int:
    from etl import build as build_module  # imported late so --help is instant
    from etl.sources.user import find_specs

    try:
        if args.command == "add-source":
            return _add_source(args, counter)
        if args.command == "record":
            return _record(args)
        if args.command == "check":
            ready = build_module.prepare(args.raw, find_specs(args.user))
            areas = len(ready.tables["areas"])
            log.info("ok: %d parsed inputs, %s values, %s areas; %d warning(s)", len(ready.parsed),
                     f"{len(ready.values):,}", f"{areas:,}", counter.count)
            return 0
        user_dirs = [args.user] if args.user.is_dir() else []
        if args.command == "ensure" and not is_stale(args.raw, args.out, *user_dirs):
            log.info("%s is up to date", args.out)
            return 0
        report = build_module.build(args.raw, args.out, user_specs=find_specs(args.user))
        _log_report(report, counter.count)
        return 0
    except (InputError, CatalogueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the previous database (if any) was left unchanged", file=sys.stderr)
        return 2


def script() -> int:
    """``atlas-build``: ``python -m etl``, with ``build`` when no command is named (``atlas-build --out x.duckdb``)."""
    argv = sys.argv[1:]
    commands = ("build", "check", "ensure", "add-source", "-h", "--help")
    return main(argv if argv and argv[0] in commands else ["build", *argv])


def _add_source(args: argparse.Namespace, counter: _WarningCounter) -> int:
    from etl.addsource import add_source

    added = add_source(args.spec, args.raw, args.user, args.out, replace=args.replace)
    print(f"added {added.spec}: {added.report.summary()}")
    for note in added.report.notes:
        if note.kind == "history":
            print(f"  {note}")
    _log_report(added.build, counter.count)
    return 0
