"""``python -m etl add-source SPEC``: take in a region's own file for good.

The spec and its data file are checked against the official areas first (so
the user sees the report before anything changes), copied into
``data/user/<source id>/`` (the spec's ``file`` rewritten to the copy, so the
folder is self-contained and can be committed or shared), and the database is
rebuilt with every user source. If the rebuild fails, the copy is removed (or
the previous version put back) and the previous database is untouched, so a
bad file never half-lands.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from etl.build import BuildReport, build
from etl.sources.user import find_specs, matcher_for
from intake import Report, UserSpec, load_spec, load_user_data
from intake.errors import InputError

_FILE_LINE = re.compile(r"""^(?P<key>\s*file\s*=\s*)(?P<value>"[^"\n]*"|'[^'\n]*')(?P<rest>\s*(#.*)?)$""", re.M)


@dataclass
class Added:
    """Where the source landed, what its file contained, and the build that followed."""

    spec: Path
    report: Report
    build: BuildReport


def precheck(spec_path: Path, raw: Path) -> tuple[UserSpec, Report]:
    """Read and match the file against the areas of ``raw``; ``InputError`` lists the lines at fault."""
    from etl.areas import parse_areas  # the areas and merger history only, not every source

    areas, parsed = parse_areas(raw)
    spec = load_spec(spec_path)
    data = load_user_data(spec, matcher_for(areas, parsed))
    data.report.raise_for_problems()
    return spec, data.report


def rewritten_spec(spec_path: Path, file_name: str) -> str:
    """The spec's text with ``file = "<file_name>"``; comments and layout are kept."""
    text = spec_path.read_text(encoding="utf-8")
    head, sep, tables = text.partition("\n[")  # ``file`` is a top-level key, above the first table
    new_head, count = _FILE_LINE.subn(
        lambda m: f"{m['key']}{json.dumps(file_name, ensure_ascii=False)}{m['rest']}", head
    )
    new_text = new_head + sep + tables
    before, after = tomllib.loads(text), tomllib.loads(new_text)
    if count != 1 or after.pop("file") != file_name or {k: v for k, v in before.items() if k != "file"} != after:
        raise InputError(
            spec_path, "file", 'write the file key on one line, e.g. file = "survey.csv", above the tables'
        )
    return new_text


def _install(spec_path: Path, spec: UserSpec, dest: Path) -> Path:
    dest.mkdir(parents=True)
    data_name = spec.data_path.name
    shutil.copy2(spec.data_path, dest / data_name)
    target = dest / f"{spec.source_id}.toml"
    target.write_text(rewritten_spec(spec_path, data_name), encoding="utf-8")
    return target


def add_source(spec_path: Path, raw: Path, user_dir: Path, out: Path, replace: bool = False) -> Added:
    """Check, copy into ``user_dir/<id>/`` and rebuild ``out``; undo the copy if the build fails."""
    spec, report = precheck(spec_path, raw)
    dest = user_dir / spec.source_id
    if dest.exists() and not replace:
        raise InputError(
            spec_path, "[source] id", f"'{spec.source_id}' is already in {dest}; use --replace to update it"
        )
    backup = user_dir / f".{spec.source_id}.previous"
    if backup.exists():
        shutil.rmtree(backup)
    if dest.exists():
        dest.rename(backup)
    try:
        target = _install(spec_path, spec, dest)
        result = build(raw, out, user_specs=find_specs(user_dir))
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        if backup.exists():
            backup.rename(dest)
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return Added(spec=target, report=report, build=result)
