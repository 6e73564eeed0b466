"""``python -m etl add-source SPEC``: take in a region's own file for good.

The spec and its data file are checked against the official areas first (so
the user sees the report before anything changes), copied into
``data/user/<source id>/`` (the spec's ``file`` rewritten to the copy, so the
folder is self-contained and can be committed or shared), and the database is
rebuilt with every user source. If the rebuild fails, the copy is removed (or
the previous version put back) and the previous database is untouched, so a
bad file never half-lands.

The spec may come from someone else (issue 15): its data file must be a
regular data file (``intake.files``), both are read once and bounded
(``intake.files``), the copy is written from the bytes that were checked, and
a data file whose name the installed spec would take (``<id>.toml``, or any
``.toml`` the build would read as a second spec) is refused.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from etl.build import BuildReport, build
from etl.sources.user import find_specs, matcher_for
from intake import Report, UserSpec, load_spec, load_user_data
from intake.errors import InputError
from intake.files import DATA_SUFFIXES, MAX_DATA_BYTES, MAX_SPEC_BYTES, parse_toml, read_input_file

_FILE_LINE = re.compile(r"""^(?P<key>\s*file\s*=\s*)(?P<value>"[^"\n]*"|'[^'\n]*')(?P<rest>\s*(#.*)?)$""", re.M)


@dataclass
class Added:
    """Where the source landed, what its file contained, and the build that followed."""

    spec: Path
    report: Report
    build: BuildReport


@dataclass(frozen=True)
class Checked:
    """A spec that passed the precheck, and the exact bytes of the data file that were checked."""

    spec: UserSpec
    report: Report
    data: bytes


def precheck(spec_path: Path, raw: Path) -> Checked:
    """Read and match the file against the areas of ``raw``; ``InputError`` lists the lines at fault."""
    from etl.areas import parse_areas  # the areas and merger history only, not every source

    spec = load_spec(spec_path)
    if spec.data_path.suffix.lower() == ".toml":
        problem = f"'{spec.file}' is a .toml file: in the user folder it would be read as a spec; give the data " \
                  "file its own suffix (.csv, .tsv, .txt, .xlsx)"
        raise InputError(spec_path, "file", problem)
    content = read_input_file(spec.data_path, MAX_DATA_BYTES, spec.where, "file", suffixes=DATA_SUFFIXES)
    areas, parsed = parse_areas(raw)
    data = load_user_data(spec, matcher_for(areas, parsed), content, str(spec.data_path))
    data.report.raise_for_problems()
    return Checked(spec, data.report, content)


def rewritten_spec(spec_path: Path, file_name: str) -> str:
    """The spec's text with ``file = "<file_name>"``; comments and layout are kept."""
    text = read_input_file(spec_path, MAX_SPEC_BYTES, str(spec_path), "", unreadable="cannot_read_spec").decode(
        "utf-8-sig")
    head, sep, tables = text.partition("\n[")  # ``file`` is a top-level key, above the first table
    new_head, count = _FILE_LINE.subn(
        lambda m: f"{m['key']}{json.dumps(file_name, ensure_ascii=False)}{m['rest']}", head
    )
    new_text = new_head + sep + tables
    before, after = parse_toml(text, str(spec_path)), parse_toml(new_text, str(spec_path))
    if count != 1 or after.pop("file") != file_name or {k: v for k, v in before.items() if k != "file"} != after:
        raise InputError(
            spec_path, "file", 'write the file key on one line, e.g. file = "survey.csv", above the tables'
        )
    return new_text


def _install(spec_path: Path, checked: Checked, dest: Path) -> Path:
    """The spec and the checked bytes (not a second read of the path) in ``dest``."""
    spec_text = rewritten_spec(spec_path, checked.spec.data_path.name)
    dest.mkdir(parents=True)
    (dest / checked.spec.data_path.name).write_bytes(checked.data)
    target = dest / f"{checked.spec.source_id}.toml"
    target.write_text(spec_text, encoding="utf-8")
    return target


def add_source(spec_path: Path, raw: Path, user_dir: Path, out: Path, replace: bool = False) -> Added:
    """Check, copy into ``user_dir/<id>/`` and rebuild ``out``; undo the copy if the build fails."""
    checked = precheck(spec_path, raw)
    spec = checked.spec
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
        target = _install(spec_path, checked, dest)
        result = build(raw, out, user_specs=find_specs(user_dir))
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        if backup.exists():
            backup.rename(dest)
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return Added(spec=target, report=checked.report, build=result)
