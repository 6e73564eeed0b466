"""One module per shipped source. Each exposes ``SOURCE_ID`` and
``parse(raw_dir: Path, areas: AreaIndex) -> Parsed``.

``REGISTRY`` is the single list the build walks, in this order; adding a source is
one module and one line here (a plain list of the modules, so a typo is an import
error when the package loads, and mypy and ruff see every use). The area sources
(code list, office locations, 過疎 list, merger history) are assembled first by
``etl.areas`` because every other parser validates its codes and names against them;
``user`` (a user's specs) is not here: ``etl.build`` runs it after the areas exist.
"""

from __future__ import annotations

from types import ModuleType

from etl.sources import (
    boundaries,
    broadband_series,
    dx_dashboard,
    fiscal,
    ftth_takeup,
    juki,
    mynumbercard,
    policy_targets,
    ssdse,
)

REGISTRY: tuple[ModuleType, ...] = (
    policy_targets,
    ftth_takeup,
    broadband_series,
    dx_dashboard,
    mynumbercard,
    ssdse,
    fiscal,
    juki,
    boundaries,
)
