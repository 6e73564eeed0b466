"""One module per shipped source. Each exposes ``SOURCE_ID`` and
``parse(raw_dir: Path, areas: AreaIndex) -> Parsed``.

``REGISTRY`` is the single list the build walks; adding a source is one module
and one line here. The area sources (code list, office locations, 過疎 list,
merger history) are assembled first by ``etl.areas`` because every other
parser validates its codes and names against them.
"""

from __future__ import annotations

REGISTRY: tuple[str, ...] = (
    "etl.sources.policy_targets",
    "etl.sources.ftth_takeup",
    "etl.sources.broadband_series",
    "etl.sources.dx_dashboard",
    "etl.sources.mynumbercard",
    "etl.sources.ssdse",
    "etl.sources.fiscal",
    "etl.sources.juki",
    "etl.sources.boundaries",
)
