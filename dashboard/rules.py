"""Lagging rules that mean what they say (issue 14). Pure numpy; no Dash, no database.

A rule picks the areas a headline calls "lagging". Each is a claim, so:

- only an *outcome* indicator (``Indicator.role``) can lag: a context indicator
  (population, ageing, density, fiscal strength…) describes an area and no rule
  applies to it;
- ``target`` compares with the indicator's *current* policy target only (a target
  whose deadline has passed is history, not the bar);
- ``bottom`` / ``pref_bottom`` flag at most N % of the areas with a value (in the
  country or in each prefecture) plus ``TIE_MARGIN`` points for areas tied at the
  cut-off. When the ties would push the share past that, only the areas strictly
  below the tied value are flagged, and when there are none the rule is
  *undefined* for that group: nothing is flagged and the headline says so
  (e.g. 1,097 of 1,163 municipalities at exactly 0);
- ``below`` is absolute: worse than a value the user states (e.g. 50 %), which is
  what a time series needs to show change against a fixed bar;
- ``median`` flags areas strictly worse than the national median.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from layers.model import Indicator

#: URL value → meaning (see the module docstring).
RULES: tuple[str, ...] = ("target", "bottom", "pref_bottom", "median", "below", "none")
#: Rules whose cut-off is a share of the areas, so ties at the cut-off matter.
SHARE_RULES: tuple[str, ...] = ("bottom", "pref_bottom")
#: Percentage points a bottom-N % rule may exceed N % by to keep areas tied at the cut-off together.
TIE_MARGIN = 5

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Cut:
    """How a bottom-N % rule cut one group of areas (the whole country, or one prefecture).

    ``tie_value`` is in the indicator's own terms (not direction-flipped).
    """

    present: int
    allowed: int  # N % of ``present``, rounded down
    flagged: int
    tie_value: float
    tied: int
    ties_included: bool
    defined: bool

    @property
    def share(self) -> float:
        return self.flagged / self.present if self.present else math.nan


def applies(indicator: Indicator, rule: str, on: date | None = None) -> bool:
    """Whether ``rule`` can say anything about ``indicator`` (context never lags; target needs a current one)."""
    if not indicator.can_lag or rule not in RULES or rule == "none":
        return False
    return rule != "target" or indicator.current_target(on or date.today()) is not None


def bottom_cut(good: Floats, threshold: int) -> tuple[Bools, Cut]:
    """The worst ``threshold`` % of ``good`` (larger = better, no NaN), ties at the cut-off handled as above."""
    n = len(good)
    allowed = n * threshold // 100
    none = np.zeros(n, dtype=bool)
    if allowed == 0:
        return none, Cut(n, 0, 0, math.nan, 0, False, False)
    cut = float(np.partition(good, allowed - 1)[allowed - 1])
    worse, tied = good < cut, good == cut
    n_worse, n_tied = int(worse.sum()), int(tied.sum())
    if n_worse + n_tied <= n * (threshold + TIE_MARGIN) // 100:
        return worse | tied, Cut(n, allowed, n_worse + n_tied, cut, n_tied, n_tied > allowed - n_worse, True)
    if n_worse:
        return worse, Cut(n, allowed, n_worse, cut, n_tied, False, True)
    return none, Cut(n, allowed, 0, cut, n_tied, False, False)


def members(groups: npt.NDArray[np.int64]) -> list[npt.NDArray[np.int64]]:
    """Row positions of each group (in row order); rows of group -1 (no prefecture) belong to none."""
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    return [part for part in np.split(order, bounds) if len(part) and groups[part[0]] >= 0]


def evaluate(
    value: Floats,
    groups: npt.NDArray[np.int64] | None,
    indicator: Indicator,
    rule: str,
    threshold: int,
    cutoff: float | None = None,
    on: date | None = None,
) -> tuple[Bools, list[tuple[int, Cut]]]:
    """The lagging mask (missing values never lag) and, for share rules, each group's ``Cut``.

    ``groups`` (prefecture numbers, -1 = none) is needed for ``pref_bottom``;
    its cuts are keyed by group number, the national cut by -1. ``cutoff`` is
    the user's value for ``below``.
    """
    present = ~np.isnan(value)
    mask = np.zeros(len(value), dtype=bool)
    cuts: list[tuple[int, Cut]] = []
    if not applies(indicator, rule, on):
        return mask, cuts
    good = value if indicator.higher_is_better else -value
    flip = 1.0 if indicator.higher_is_better else -1.0
    if rule == "target":
        target = indicator.current_target(on or date.today())
        assert target is not None  # ``applies`` checked it
        mask = good < flip * target.value
    elif rule == "below" and cutoff is not None and math.isfinite(cutoff):
        mask = good < flip * cutoff
    elif rule == "median" and present.any():
        mask = good < float(np.median(good[present]))
    elif rule in SHARE_RULES:
        parts = members(groups) if rule == "pref_bottom" and groups is not None else [np.arange(len(value))]
        for part in parts:
            rows = part[present[part]]
            flagged, cut = bottom_cut(good[rows], threshold)
            mask[rows[flagged]] = True
            key = int(groups[part[0]]) if rule == "pref_bottom" and groups is not None else -1
            cuts.append((key, Cut(cut.present, cut.allowed, cut.flagged, flip * cut.tie_value + 0.0, cut.tied,
                                  cut.ties_included, cut.defined)))
    return np.asarray(mask & present, dtype=bool), cuts
