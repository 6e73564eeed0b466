"""User sources: a region's own CSV/XLSX, each described by a spec (``data/user/``).

Publisher, URL, licence and reference date are whatever each spec's
``[source]`` table declares (the format is documented in
``data/user/README.md``); this module only adapts ``intake`` (which
reads, matches and reports, and is shared with the dashboard's upload) to the
build: a spec whose report has any problem raises ``InputError`` listing the
lines, so nothing of it is loaded. Cadence: whenever a user adds a file
(``python -m etl add-source SPEC``) or drops a spec into ``data/user/``.

Not in ``etl.sources.REGISTRY``: user specs need the areas and the merger
history first, and add catalogue entries, so ``etl.build`` calls ``parse_specs``
after the registered sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.model import AreaIndex, Parsed
from intake import AreaMatcher, UserSpec, load_spec, load_user_data, merge_catalogue
from layers.model import Catalogue

SOURCE_ID = "user"
DEFAULT_USER_DIR = Path("data/user")


@dataclass
class UserSources:
    """What the user specs add to a build: catalogue entries and values."""

    catalogue: Catalogue
    parsed: list[Parsed] = field(default_factory=list)

    @property
    def source_ids(self) -> frozenset[str]:
        return frozenset(p.source_id for p in self.parsed)


def find_specs(user_dir: Path) -> list[Path]:
    """Spec files in ``user_dir`` and its sub-folders (``add-source`` makes one folder per source)."""
    if not user_dir.is_dir():
        return []
    found = [*user_dir.glob("*.toml"), *user_dir.glob("*/*.toml")]
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(user_dir).parts))


def matcher_for(areas: AreaIndex, parsed: Iterable[Parsed]) -> AreaMatcher:
    """Areas plus the merger history (``area_history`` from ``estat_haichi_bungou``), if parsed."""
    history = next((p.tables["area_history"] for p in parsed if "area_history" in p.tables), None)
    return AreaMatcher(areas.frame, history)


def parse_spec(path: Path, matcher: AreaMatcher) -> tuple[UserSpec, Parsed, dict[str, Any]]:
    """One spec → its values and its catalogue document, or ``InputError`` naming the lines at fault."""
    spec = load_spec(path)
    data = load_user_data(spec, matcher)
    data.report.raise_for_problems()
    files = {spec.data_path.resolve(): data.rows, path.resolve(): 0}
    return spec, Parsed(spec.source_id, files=files, values=data.values), data.catalogue_document()


def parse_specs(specs: Iterable[Path], catalogue: Catalogue, areas: AreaIndex, parsed: Iterable[Parsed]) -> UserSources:
    """Every spec, checked against the areas and against ids already in ``catalogue``."""
    specs = list(specs)
    if not specs:
        return UserSources(catalogue)
    matcher = matcher_for(areas, parsed)
    documents: list[tuple[str, dict[str, Any]]] = []
    out: list[Parsed] = []
    for path in specs:
        _, one, document = parse_spec(path, matcher)
        documents.append((str(path), document))
        out.append(one)
    return UserSources(merge_catalogue(catalogue, documents), out)
