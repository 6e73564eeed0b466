"""The build refuses a value outside the range the catalogue declares for its indicator
(``plausible_min``/``plausible_max``), naming the indicator, the area and the date."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from etl.validate import check_plausible
from intake.errors import InputError
from layers.registry import load_catalogue


def rows(*values: float) -> pd.DataFrame:
    return pd.DataFrame({"area_code": [f"3620{i}" for i in range(len(values))], "as_of": "2020-10-01",
                         "value": list(values)})


@pytest.mark.parametrize(("indicator", "bad"), [("population", -5.0), ("population", 3e7),
                                                ("dx_adoption_score", 4.0), ("fiscal_capability_index", math.inf)])
def test_a_value_outside_the_declared_range_is_refused(indicator: str, bad: float) -> None:
    ind = load_catalogue().indicator(indicator)
    with pytest.raises(InputError, match=rf"indicator '{indicator}', area '36201'.*outside the plausible range"):
        check_plausible(ind, rows(1.0, bad))


def test_missing_and_in_range_values_pass() -> None:
    check_plausible(load_catalogue().indicator("aged_65_share"), rows(0.0, 100.0, math.nan, 28.6))
