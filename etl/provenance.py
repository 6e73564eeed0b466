"""Every shipped input is the file its ``SOURCE.md`` says it is.

Each folder under ``data/raw/`` documents its publisher, URL, date and licence in
``SOURCE.md`` and lists every file with its size and sha256. The build refuses a
file whose bytes no longer match that list (a silent re-download, an edit in
Excel, a newer release dropped in by hand), a listed file that is gone, and a file
the list does not know. Replacing a file with a newer release is therefore two
deliberate, traceable steps: put the file in place, then ``python -m etl record
<source_id> [--reference-date YYYY-MM-DD]`` rewrites the checksum lines (and the
reference date) so the change shows up in review.

Stray files that operating systems leave behind (macOS ``._*`` resource forks,
``.DS_Store``, ``Thumbs.db``) are not inputs: they are ignored here and by the
parsers, so copying the folder through a Mac never breaks a build.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from intake.errors import InputError

SOURCE_MD = "SOURCE.md"
#: The mirror of codeforjapan/mynumbercard_statistics keeps its ``static/data/<snapshot>/`` layout.
SNAPSHOT_PREFIX = ("static", "data")
_STRAY_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_HEADER = re.compile(r"^\|\s*(snapshot\s*\|\s*)?file\s*\|\s*bytes\s*\|\s*sha256\s*\|\s*$")
_ROW = re.compile(r"^\|\s*(?:(\d{8})\s*\|\s*)?`?([^`|]+?)`?\s*\|\s*\d+\s*\|\s*`([0-9a-f]{64})`\s*\|\s*$")
_REFERENCE = re.compile(r"^- \*\*Reference date:\*\*.*$", re.MULTILINE)
_COUNT = re.compile(r"^\d+ files under ", re.MULTILINE)


def is_stray(path: Path) -> bool:
    """True for the litter of file managers (``._x.csv`` from macOS), never a data file."""
    return path.name.startswith("._") or path.name in _STRAY_NAMES


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_files(folder: Path) -> list[Path]:
    """The files of a source folder that must be listed: everything but SOURCE.md and strays."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.name != SOURCE_MD and not any(is_stray(Path(part)) for part in p.relative_to(folder).parts)
    )


@dataclass(frozen=True)
class Table:
    """The ``| file | bytes | sha256 |`` table of one SOURCE.md: where it is and what it lists."""

    start: int
    end: int
    snapshots: bool
    listed: dict[str, str]


def read_table(lines: list[str]) -> Table | None:
    """Find the checksum table (header line, separator, rows) in a SOURCE.md split into lines."""
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if not header:
            continue
        end = number + 2
        listed: dict[str, str] = {}
        while end < len(lines) and lines[end].startswith("|"):
            row = _ROW.match(lines[end])
            if row:
                snapshot, name, digest = row.groups()
                listed["/".join((*SNAPSHOT_PREFIX, snapshot, name)) if snapshot else name] = digest
            end += 1
        return Table(number, end, bool(header.group(1)), listed)
    return None


def _relative(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def verify_folder(folder: Path) -> None:
    """Refuse the first file of ``folder`` that SOURCE.md does not vouch for."""
    source_id = folder.name
    hint = f"if the change is deliberate, run `python -m etl record {source_id}`"
    md = folder / SOURCE_MD
    if not md.is_file():
        raise InputError(folder, "", f"has no {SOURCE_MD} (publisher, URL, date, licence and the files' sha256); "
                         f"write one and run `python -m etl record {source_id}`")
    table = read_table(md.read_text(encoding="utf-8").splitlines())
    if table is None:
        raise InputError(md, "", f"has no '| file | bytes | sha256 |' table; run `python -m etl record {source_id}`")
    for path in data_files(folder):
        expected = table.listed.get(_relative(folder, path))
        if expected is None:
            raise InputError(path, "", f"is a new file not listed in {source_id}/{SOURCE_MD}; {hint}")
        actual = sha256_of(path)
        if actual != expected:
            raise InputError(path, "", f"sha256 {actual} does not match {source_id}/{SOURCE_MD} ({expected}); {hint}")
    for name in sorted(table.listed):
        if not (folder / name).is_file():
            raise InputError(folder / name, "", f"is listed in {source_id}/{SOURCE_MD} but missing; {hint}")


def verify(raw_dir: Path) -> None:
    """Check every source folder under ``raw_dir`` before anything is parsed."""
    for folder in sorted(p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        verify_folder(folder)


def _rows(folder: Path, snapshots: bool) -> list[str]:
    rows = []
    for path in data_files(folder):
        rel = path.relative_to(folder).parts
        size, digest = path.stat().st_size, sha256_of(path)
        if snapshots:
            if len(rel) != 4 or rel[:2] != SNAPSHOT_PREFIX:
                raise InputError(path, "", "is not under static/data/<YYYYMMDD>/ as this source's table requires")
            rows.append(f"| {rel[2]} | {rel[3]} | {size} | `{digest}` |")
        else:
            rows.append(f"| `{'/'.join(rel)}` | {size} | `{digest}` |")
    return rows


def _snapshot_layout(folder: Path) -> bool:
    files = data_files(folder)
    return bool(files) and all(p.relative_to(folder).parts[:2] == SNAPSHOT_PREFIX for p in files)


def render(folder: Path, reference_date: date | None = None) -> str:
    """The SOURCE.md of ``folder`` with its checksum table (and reference date) made current."""
    md = folder / SOURCE_MD
    text = md.read_text(encoding="utf-8") if md.is_file() else f"# {folder.name}\n"
    lines = text.splitlines()
    table = read_table(lines)
    snapshots = table.snapshots if table else _snapshot_layout(folder)
    rows = _rows(folder, snapshots)
    if table is None:
        header = ["| snapshot | file | bytes | sha256 |", "|---|---|---:|---|"] if snapshots else [
            "| file | bytes | sha256 |", "|---|---:|---|"]
        lines += ["", "## Files (sha256)", "", *header, *rows]
    else:
        lines[table.start + 2 : table.end] = rows
    text = "\n".join(lines) + "\n"
    text = _COUNT.sub(f"{len(rows)} files under ", text)
    if reference_date is not None:
        line = f"- **Reference date:** {reference_date.isoformat()}."
        text = _REFERENCE.sub(line, text, count=1) if _REFERENCE.search(text) else text.replace(
            "\n", f"\n\n{line}\n", 1)
    return text


def record(raw_dir: Path, source_id: str, reference_date: date | None = None,
           catalogue: Path | None = None) -> list[str]:
    """Rewrite ``<source_id>/SOURCE.md`` for files replaced on purpose; return what changed.

    With ``reference_date`` the SOURCE.md line and, when ``catalogue`` (the
    ``sources.toml``) is given, the catalogue's ``reference_date`` of the source are
    set too, so the date shown beside every number moves with the file.
    """
    folder = raw_dir / source_id
    if not folder.is_dir() or source_id.startswith((".", "_")) or "/" in source_id:
        raise InputError(raw_dir, f"source '{source_id}'", "is not a source folder")
    md = folder / SOURCE_MD
    before = read_table(md.read_text(encoding="utf-8").splitlines()) if md.is_file() else None
    old = before.listed if before else {}
    text = render(folder, reference_date)
    after = read_table(text.splitlines())
    new = after.listed if after else {}
    changes = [f"{source_id}/{name}: removed" for name in sorted(set(old) - set(new))]
    for name, digest in sorted(new.items()):
        if name not in old:
            changes.append(f"{source_id}/{name}: added, sha256 {digest}")
        elif old[name] != digest:
            changes.append(f"{source_id}/{name}: sha256 {old[name]} -> {digest}")
    if reference_date is not None:
        changes.append(f"{source_id}: reference date {reference_date.isoformat()}")
        if catalogue is not None:
            _set_catalogue_date(catalogue, source_id, reference_date)
    md.write_text(text, encoding="utf-8")
    return changes


def _set_catalogue_date(catalogue: Path, source_id: str, reference_date: date) -> None:
    """Set ``reference_date`` inside ``[sources.<id>]``, leaving every other line as written."""
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    inside = False
    for number, line in enumerate(lines):
        if line.startswith("["):
            inside = line.strip() == f"[sources.{source_id}]"
        elif inside and re.match(r"reference_date\s*=", line):
            lines[number] = f'reference_date = "{reference_date.isoformat()}"\n'
            catalogue.write_text("".join(lines), encoding="utf-8")
            return
    raise InputError(catalogue, f"[sources.{source_id}]", "has no reference_date line to update")


__all__ = ["data_files", "is_stray", "read_table", "record", "render", "sha256_of", "verify", "verify_folder"]
