"""Turn the area a user wrote (a code or a name) into an official LG5 code.

Names are not keys: 府中市 is in 東京都 and 広島県, 伊達市 in 北海道 and 福島県,
and there are four 池田町. A name therefore resolves only within its
prefecture (given by a column, by the spec, or written in front of the name)
and a name that fits two areas is *ambiguous* and refused, never guessed.
Names and codes that no longer exist (the 平成の大合併 removed ~1,800
municipalities) resolve through the e-Stat merger history (廃置分合等情報) to
the municipality that exists now, and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import pandas as pd

from intake.cells import Cell
from intake.codes import check_digit
from intake.messages import Fields, english
from intake.names import fold_label, fold_name

Status = Literal["matched", "history", "unmatched", "ambiguous"]

_PREF_SUFFIX = re.compile(r"(都|府|県)$")
_GUN = re.compile(r"^(.+?郡)(.+[市町村])$")


@dataclass(frozen=True)
class Match:
    """The outcome for one area cell; ``message`` is what the report shows.

    ``reason`` and ``fields`` are the message's code and fields (``intake.messages``).
    """

    status: Status
    code: str | None = None
    reason: str = ""
    fields: Fields = field(default_factory=dict, compare=False)

    @property
    def message(self) -> str:
        return english(self.reason, self.fields) if self.reason else ""


class AreaMatcher:
    """Codes and names of the official areas, plus the merger history, ready for lookups.

    ``areas`` has one row per area with ``code`` (LG5), ``level`` and ``name_ja``
    (the ETL's ``areas`` table). ``history`` (optional) has ``old_code``,
    ``old_name`` and ``new_code``: one row per former area and the area it
    became part of (the ETL's ``area_history`` table).
    """

    def __init__(self, areas: pd.DataFrame, history: pd.DataFrame | None = None) -> None:
        self.names: dict[str, str] = dict(zip(areas["code"], areas["name_ja"], strict=True))
        self.levels: dict[str, str] = dict(zip(areas["code"], areas["level"], strict=True))
        self._by_name: dict[str, list[str]] = {}
        self._prefectures: dict[str, str] = {}  # full and short (東京) names
        self._full_prefectures: dict[str, str] = {}
        for code, name, level in zip(areas["code"], areas["name_ja"], areas["level"], strict=True):
            if level == "prefecture":
                self._prefectures[fold_name(name)] = code[:2]
                self._full_prefectures[fold_name(name)] = code[:2]
                self._prefectures[_PREF_SUFFIX.sub("", fold_name(name))] = code[:2]
            else:
                self._by_name.setdefault(fold_name(name), []).append(code)
        self._successors: dict[str, set[str]] = {}
        self._old_names: dict[str, list[str]] = {}
        self._old_label: dict[str, str] = {}
        self._unresolved: set[str] = set()
        if history is not None:
            self._index_history(history)

    def _index_history(self, history: pd.DataFrame) -> None:
        for old, name, new in zip(history["old_code"], history["old_name"], history["new_code"], strict=True):
            if pd.isna(old):
                continue
            old = str(old)
            if pd.isna(new):  # split, or ends outside the current list: no single successor
                self._unresolved.add(old)
            elif old != str(new):
                self._successors.setdefault(old, set()).add(str(new))
            if isinstance(name, str) and name.strip():
                self._old_names.setdefault(fold_name(name), [])
                if old not in self._old_names[fold_name(name)]:
                    self._old_names[fold_name(name)].append(old)
                self._old_label.setdefault(old, name)

    # ------------------------------------------------------------------ history
    def current_codes(self, code: str) -> set[str]:
        """The area(s) that exist now for a code that may be former (follows chains of mergers)."""
        found: set[str] = set()
        todo, seen = [code], set()
        while todo:
            item = todo.pop()
            if item in seen:
                continue
            seen.add(item)
            if item in self.names:
                found.add(item)
            else:
                todo.extend(self._successors.get(item, ()))
        return found

    def _via_history(self, olds: Iterable[str], named: Fields) -> Match:
        """``named``: ``name`` and ``area_code`` (empty for a name) of what the user wrote, for the fields."""
        current = sorted({c for old in olds for c in self.current_codes(old)})
        if any(old in self._unresolved for old in olds):
            return Match("ambiguous", None, "history_split", named)
        if len(current) == 1:
            fields = {**named, "old_codes": tuple(sorted(set(olds))), "now": self.describe(current[0])}
            return Match("history", current[0], "former_area", fields)
        if current:
            described = tuple(self.describe(c) for c in current)
            return Match("ambiguous", None, "history_several", {**named, "candidates": described})
        return Match("unmatched", None, "history_no_successor", named)

    def describe(self, code: str) -> str:
        pref = self.names.get(code[:2] + "000", "")
        name = self.names.get(code, "")
        return f"{pref if pref != name else ''}{name} ({code})"

    # --------------------------------------------------------------------- codes
    def by_code(self, cell: Cell, code_format: str = "auto") -> Match:
        """Match a code written as LG5, LG6, ``R``-prefixed (SSDSE), a 2-digit prefecture or a number."""
        text = _code_text(cell)
        given = {"cell": str(cell)}
        if not text.isdigit():
            return Match("unmatched", None, "not_numeric_code", given)
        width = {"lg5": 5, "lg6": 6}.get(code_format) or (5 if len(text) == 4 else len(text))
        if width in (1, 2) and code_format == "auto":
            code5 = text.zfill(2) + "000"
        elif width == 6 and len(text) <= 6:
            text = text.zfill(6)
            if (expected := check_digit(text[:5])) != text[5]:
                return Match("unmatched", None, "wrong_check_digit", {**given, "expected": expected})
            code5 = text[:5]
        elif width == 5 and len(text) <= 5:
            code5 = text.zfill(5)
        else:
            return Match("unmatched", None, "code_length", {**given, "digits": len(text)})
        if code5 in self.names:
            return Match("matched", code5)
        if code5 in self._successors or code5 in self._unresolved:
            old_name = self._old_label.get(code5, "")
            return self._via_history([code5], {"name": old_name, "area_code": code5})
        return Match("unmatched", None, "unknown_code", given)

    # --------------------------------------------------------------------- names
    def prefecture(self, cell: Cell) -> str | None:
        """Two-digit prefecture code for a prefecture written as a name (東京都, 東京) or a code (13, 13000, 130001)."""
        text = fold_name(cell) if not isinstance(cell, int | float) else _code_text(cell)
        if text.isdigit():
            if len(text) <= 2:
                text = text.zfill(2)
            elif len(text) in (5, 6) and text[2:5] == "000":
                text = text[:2]
            return text if text + "000" in self.names else None
        return self._prefectures.get(text) or self._prefectures.get(_PREF_SUFFIX.sub("", text))

    def by_name(self, cell: Cell, prefecture: str | None = None) -> Match:
        """Match a name within ``prefecture`` (2-digit code) if given; refuse duplicates and guesses."""
        name = fold_name(cell)
        if prefecture is None:
            prefecture, name = self._split_prefecture(name)
        if name in self._prefectures and (prefecture is None or prefecture == self._prefectures[name]):
            return Match("matched", self._prefectures[name] + "000")
        found = self._current(name, prefecture)
        if not found and (gun := _GUN.match(name)):
            found = self._current(gun.group(2), prefecture)
        # Without a prefecture, a former area of the same name elsewhere (大和町 in 福岡県, now 柳川市)
        # is as likely as the current one (宮城県大和町): both are candidates.
        olds = [c for c in self._old_names.get(name, []) if prefecture is None or c[:2] == prefecture]
        elsewhere = [c for c in olds if c[:2] not in {f[:2] for f in found}]
        if len(found) == 1 and not (prefecture is None and elsewhere):
            return Match("matched", found[0])
        if found:
            return self._ambiguous_name(cell, found, elsewhere)
        if olds:
            return self._via_history(olds, {"name": str(cell), "area_code": ""})
        pref_name = self.names.get(prefecture + "000", prefecture) if prefecture else ""
        return Match("unmatched", None, "unknown_name", {"name": str(cell), "prefecture": pref_name})

    def _ambiguous_name(self, cell: Cell, found: list[str], elsewhere: list[str]) -> Match:
        """Refuse a name that fits several areas; ``former`` holds (name, code, prefecture) of former ones."""
        candidates = tuple(self.describe(c) for c in found)
        former = tuple((self._old_label[c], c, self.names.get(c[:2] + "000", c[:2])) for c in elsewhere)
        fields = {"name": str(cell), "count": len(candidates) + len(former), "candidates": candidates, "former": former}
        return Match("ambiguous", None, "ambiguous_name", fields)

    def _current(self, name: str, prefecture: str | None) -> list[str]:
        return [c for c in self._by_name.get(name, []) if prefecture is None or c[:2] == prefecture]

    def _split_prefecture(self, name: str) -> tuple[str | None, str]:
        """``東京都府中市`` → (13, 府中市): a full prefecture name written in front of the municipality."""
        for pref_name, code in self._full_prefectures.items():
            if name.startswith(pref_name) and len(name) > len(pref_name):
                return code, name[len(pref_name) :]
        return None, name


def _code_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, date | datetime):
        return str(cell)
    text = fold_label("" if cell is None else cell)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text[1:] if text[:1] in ("R", "r") else text
