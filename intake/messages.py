"""Everything a file can be told, keyed by a stable code: its fields, its English and its Japanese, side by side.

A reader that finds a problem names its code and fields (``InputError.of``,
``Report.problem``); the wording comes from one table, merged here from the
findings (``intake.message_findings``) and the refusals
(``intake.message_errors``; a code in both is one shared message), so a new refusal
cannot ship without both languages (a test checks every code renders in
each). The English is what ``python -m etl add-source`` prints; the
dashboard's upload report, Japanese by default, words the same finding with
``word`` instead of translating English text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from intake.message_errors import ERRORS
from intake.message_findings import FINDINGS, Message

_CLASHES = sorted(code for code in FINDINGS.keys() & ERRORS.keys() if FINDINGS[code] is not ERRORS[code])
if _CLASHES:  # one code, one meaning: a code both tables use must be the same Message, or one would be reworded
    raise RuntimeError(f"message codes defined twice: {_CLASHES}")

#: Every code a reader can emit, in a report or as an error.
MESSAGES: dict[str, Message] = {**FINDINGS, **ERRORS}
FINDING_CODES: dict[str, tuple[str, ...]] = {code: m.fields for code, m in FINDINGS.items()}
ERROR_CODES: dict[str, tuple[str, ...]] = {code: m.fields for code, m in ERRORS.items()}
ALL_CODES: frozenset[str] = frozenset(MESSAGES)

#: A finding's or error's fields: texts, numbers, or tuples of them (a list of candidates).
Fields = Mapping[str, object]


def checked(code: str, fields: Fields, table: Mapping[str, tuple[str, ...]]) -> dict[str, object]:
    """``fields`` if ``code`` is in ``table`` with exactly those fields; a programming error otherwise.

    A message emitted with an unlisted code or a missing field would show as a
    gap on the other language's screen.
    """
    if code not in table:
        raise ValueError(f"unknown input message code {code!r}")
    if set(fields) != set(table[code]):
        raise ValueError(f"code {code!r} takes fields {table[code]}, got {tuple(fields)}")
    return dict(fields)


_WHERE = re.compile(r"^(?:line|row) (\d+)( \(header\))?$")


def _en_fields(fields: Mapping[str, object]) -> dict[str, str]:
    """Fields as the English templates use them: lists joined with ", " (or as a list, or quoted), derived phrases."""
    out = {k: ", ".join(map(str, v)) if isinstance(v, tuple | list) else str(v) for k, v in fields.items()}
    for key, value in fields.items():
        if isinstance(value, tuple | list):
            out[f"{key}_list"] = str([str(v) for v in value])
            out[f"{key}_quoted"] = ", ".join(f"'{v}'" for v in value)
    if "area_code" in fields:  # a former area the user wrote as a code or as a name
        code, name = out["area_code"], out.get("name", "")
        out["label"] = f"code {code} {name}".strip() if code else f"'{name}'"
    former = fields.get("former")
    if "former" in fields and isinstance(former, tuple | list):  # (name, code, prefecture) of former areas
        olds = [f"former {n} ({c}) in {p}" for n, c, p in former]
        out["options"] = ", ".join(x for x in (out.get("candidates", ""), *olds) if x)
    if "prefecture" in fields:
        out["scope"] = f" in {out['prefecture']}" if out["prefecture"] else ""
    if "low" in fields:
        out["unit_suffix"] = f" {out['unit']}" if out.get("unit") else ""
    return out


def english(code: str, fields: Mapping[str, object]) -> str:
    """The English message for ``code`` with ``fields`` (the CLI's wording)."""
    return MESSAGES[code].en.format(**_en_fields(fields))


def _ja_value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "、".join(_ja_value(v) for v in value)
    return str(value)


def _ja_fields(fields: Mapping[str, object]) -> dict[str, str]:
    """Fields as the Japanese templates use them: lists joined with 、, plus a few derived phrases."""
    out = {k: _ja_value(v) for k, v in fields.items()}
    if "area_code" in fields:  # a former area the user wrote as a code or as a name
        name, code = out.get("name", ""), out["area_code"]
        out["label"] = f"コード {code}（{name}）" if code and name else (f"コード {code}" if code else f"「{name}」")
    former = fields.get("former")
    if isinstance(former, tuple | list) and former:  # (name, code, prefecture) of former areas elsewhere
        olds = [f"旧{n}（{c}、{p}）" for n, c, p in former]
        out["candidates"] = "、".join(x for x in (out.get("candidates", ""), *olds) if x)
    if "prefecture" in fields:
        out["scope"] = f"{out['prefecture']}の" if out["prefecture"] else ""
    return out


def word(code: str | None, fields: Mapping[str, object], message: str, lang: str = "ja") -> str:
    """A finding or error in ``lang``; ``message`` (as raised) for English or a message without a code."""
    if lang == "en" or code is None or code not in MESSAGES:
        return message
    try:
        return MESSAGES[code].ja.format(**_ja_fields(fields))
    except (KeyError, IndexError, ValueError, TypeError):  # fields not as the code declares: never hide the message
        return message


def word_where(where: str, lang: str = "ja") -> str:
    """``line 3`` / ``row 3 (header)`` as 「3行目」「3行目（見出し）」; other places (spec keys) as written."""
    match = _WHERE.match(where) if lang != "en" else None
    if match is None:
        return where
    return f"{match.group(1)}行目" + ("（見出し）" if match.group(2) else "")
