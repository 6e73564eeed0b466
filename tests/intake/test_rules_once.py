"""Each reading rule exists once, so the build and an upload cannot disagree (issue 10).

Before intake, 調査無し was a missing mark only for uploads and the 惠→恵 fold only for the build.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from intake import AreaMatcher
from intake.cells import MISSING_MARKERS, cell_number, read_number
from intake.names import fold_name, same_name


#: 'nan' is missing in an upload but refused by the build (an official table never writes it: the guard's rule).
@pytest.mark.parametrize("mark", sorted(MISSING_MARKERS - {"nan"}) + ["", "－", "ｘ", "Ｘ", "・・・", "調査無し"])
def test_every_missing_mark_is_missing_for_the_build_and_the_upload(mark: str) -> None:
    value, reason = cell_number(mark)
    assert math.isnan(value) and reason is not None and reason.startswith("元データが")
    reading = read_number(mark)
    assert math.isnan(reading.value) and not reading.error


@pytest.mark.parametrize("text", ["12%", "abc", "1,2,3a", "inf", "nan", "NaN"])  # 'nan' text is a float, not a mark
def test_text_that_is_neither_number_nor_mark_is_refused_by_both(text: str) -> None:
    with pytest.raises(ValueError):
        cell_number(text)
    if not text.endswith("%"):  # a user's percent cell is read (its unit is checked later)
        assert read_number(text).error


def test_numbers_read_the_same_way() -> None:
    for text, value in (("1,234", 1234.0), ("△12", -12.0), ("１２．５", 12.5), (" 7 ", 7.0), (3, 3.0)):
        assert cell_number(text) == (value, None)
        assert read_number(text).value == value


def test_variant_kanji_fold_the_same_way_for_the_build_and_the_upload() -> None:
    assert fold_name("須惠町") == fold_name("須恵町") == "須恵町"
    assert fold_name("龍ケ崎市") == fold_name("龍ヶ崎市") and fold_name("檮原町") == fold_name("梼原町")
    assert same_name("糟屋郡須惠町", "須恵町")  # the build (住民基本台帳 writes 須惠町)
    areas = pd.DataFrame({"code": ["40000", "40344"], "name_ja": ["福岡県", "須恵町"],
                          "level": ["prefecture", "municipality"]})
    assert AreaMatcher(areas).by_name("須惠町", "40").code == "40344"  # the upload
