"""Japanese local government codes (全国地方公共団体コード).

Codes are text everywhere: a 6-digit form with a check digit (LG6, e.g.
``011002`` for Sapporo) and a 5-digit form without it (LG5, ``01100``), which is
also the e-Stat 標準地域コード and the canonical key of this project. The check
digit rule is the one published with the code list by 総務省 (昭和43年 自治省
告示): weights 6,5,4,3,2 over the first five digits, ``(11 - sum % 11) % 10``.
"""

from __future__ import annotations

import re

_WEIGHTS = (6, 5, 4, 3, 2)
_DIGITS5 = re.compile(r"^\d{5}$")
_DIGITS6 = re.compile(r"^\d{6}$")


class CodeError(ValueError):
    """A code that is malformed or whose check digit is wrong."""


def check_digit(code5: str) -> str:
    """Return the check digit for a 5-digit code."""
    if not _DIGITS5.match(code5):
        raise CodeError(f"'{code5}' is not a 5-digit code")
    total = sum(int(d) * w for d, w in zip(code5, _WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def to_code6(code5: str) -> str:
    """LG5 → LG6 by appending the check digit."""
    return code5 + check_digit(code5)


def is_valid_code6(code6: str) -> bool:
    return bool(_DIGITS6.match(code6)) and check_digit(code6[:5]) == code6[5]


def normalise(raw: object, *, width_hint: int | None = None) -> str:
    """Turn any accepted spelling of a code into the canonical LG5 text.

    Accepts LG5, LG6 (check digit verified), an ``R`` prefix (SSDSE), and
    integers that lost their leading zero (Code for Japan CSVs write ``11002``
    for ``011002``): ``width_hint`` says which width the source meant.
    """
    text = str(raw).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text[:1] in ("R", "r"):
        text = text[1:]
    if not text.isdigit():
        raise CodeError(f"'{raw}' is not a numeric area code")
    if width_hint is not None:
        text = text.zfill(width_hint)
    elif len(text) in (4,):
        text = text.zfill(5)
    if len(text) == 6:
        if not is_valid_code6(text):
            raise CodeError(f"'{raw}' has a wrong check digit (expected {check_digit(text[:5])})")
        return text[:5]
    if len(text) == 5:
        return text
    raise CodeError(f"'{raw}' has {len(text)} digits; expected 5 (LG5) or 6 (LG6)")


def prefecture_of(code5: str) -> str:
    """The LG5 code of the prefecture an area belongs to (``01000`` for Hokkaido)."""
    return code5[:2] + "000"


def is_prefecture(code5: str) -> bool:
    return code5.endswith("000")
