"""Every problem a reader can report has its code, fields and Japanese wording in one table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from intake.messages import ALL_CODES, ERROR_CODES, FINDING_CODES, MESSAGES, english, word, word_where

ROOT = Path(__file__).resolve().parents[2]


def _sample(field: str) -> object:
    """A value of the shape each field has."""
    if field == "former":
        return (("大和町", "40999", "福岡県"),)
    if field in ("candidates", "old_codes", "header", "keys", "allowed", "options", "sheets"):
        return ("甲", "乙")
    return 12 if field in ("count", "digits", "row", "byte", "rows", "header_row", "minimum") else "値"


@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_every_code_has_english_and_japanese_over_its_declared_fields(code: str) -> None:
    fields = {f: _sample(f) for f in {**ERROR_CODES, **FINDING_CODES}[code]}
    shown = word(code, fields, "ENGLISH", "ja")
    assert shown != "ENGLISH" and "{" not in shown  # the template uses only the code's declared fields
    assert word(code, fields, "ENGLISH", "en") == "ENGLISH"
    en = english(code, fields)
    assert en and "{" not in en and en != shown  # renders over the declared fields, and is not the Japanese


def test_an_unknown_code_or_english_shows_the_readers_message() -> None:
    assert word("no_such_code", {}, "ENGLISH", "ja") == "ENGLISH"
    assert word(None, {}, "ENGLISH", "ja") == "ENGLISH"


def test_places_are_worded_as_a_japanese_editor_counts() -> None:
    assert word_where("line 3", "ja") == "3行目" and word_where("row 3 (header)", "ja") == "3行目（見出し）"
    assert word_where("line 3", "en") == "line 3" and word_where("sheet 'x'", "ja") == "sheet 'x'"


#: Where a code is named: the argument position of the code in each emitting call.
_CODE_ARGUMENT = {"of": 2, "_fail": 2, "problem": 3, "note": 3, "Match": 2, "_error": 0, "english": 0}


def _codes_emitted() -> set[str]:
    """String constants given as a message code by the readers (``InputError.of``, ``Report.problem`` …)."""
    found: set[str] = set()
    for path in (ROOT / "intake").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            position = _CODE_ARGUMENT.get(name)
            if position is not None and len(node.args) > position:
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


def test_every_code_named_in_intake_is_in_the_table() -> None:
    emitted = _codes_emitted()
    assert len(emitted) > 40 and emitted <= set(MESSAGES), emitted - set(MESSAGES)
