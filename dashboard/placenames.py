"""Place names in the reader's language, from the database's ``areas`` table.

The English UI and English exports name places in English (issue 9 §3):
``areas.name_en`` is the romanised published reading (``etl.romaji``) or the
prefecture's English name. An area the build has no English name for keeps
its Japanese name *and says so* (``UNTRANSLATED``), never a guessed spelling.
Every place name a figure, table or slide shows comes through here, so the
rule is one rule. Read-only; no Dash.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard import queries

#: Said beside a Japanese name shown in English text because no English name is known.
UNTRANSLATED = "(untranslated)"


def _english(name_ja: object, name_en: object) -> str:
    if isinstance(name_en, str) and name_en:
        return name_en
    return f"{name_ja} {UNTRANSLATED}"


def name_of(areas: pd.DataFrame, code: str, lang: str, default: str = "") -> str:
    """The name of ``code`` in ``lang`` from an ``areas`` table; ``default`` (or the code) if it is absent."""
    if code not in areas.index:
        return default or code
    name_ja = areas.at[code, "name_ja"]
    return _english(name_ja, areas.at[code, "name_en"]) if lang == "en" else str(name_ja)


def name(code: str, lang: str, default: str = "") -> str:
    """The name of the area ``code`` in ``lang``; ``default`` (or the code) for an unknown code."""
    return name_of(queries.areas(), code, lang, default)


def names(codes: Iterable[str], lang: str) -> list[str]:
    """``name`` of each code, in order."""
    return [name(c, lang) for c in codes]


def with_name_with_prefecture(code: str, lang: str) -> str:
    """「美馬市（徳島県）」 or "Mima-shi (Tokushima)": a municipality with its prefecture."""
    areas = queries.areas()
    if code not in areas.index:
        return code
    pref = name(str(areas.at[code, "prefecture_code"]), lang)
    own = name(code, lang)
    if areas.at[code, "level"] == "prefecture":
        return own
    return f"{own} ({pref})" if lang == "en" else f"{own}（{pref}）"


def localise(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` (with ``code`` and ``prefecture_code``) with ``name`` and ``prefecture_name`` in ``lang``.

    Adds ``name_ja`` and ``name_en`` (None where the build has none) for the
    exported tables, which carry both whatever the language.
    """
    areas = queries.areas()
    known = frame["code"].map(areas["name_ja"])
    english = frame["code"].map(areas["name_en"]).astype(object)
    out = frame.assign(name_ja=known.where(known.notna(), frame["name"]),
                       name_en=english.where(english.notna(), None))
    if lang != "en":
        return out
    prefs = areas[areas["level"] == "prefecture"]
    prefectures = {c: _english(n, e) for c, n, e in zip(prefs.index, prefs["name_ja"], prefs["name_en"], strict=True)}
    pref_names = frame["prefecture_code"].map(prefectures)
    return out.assign(
        name=[_english(j, e) for j, e in zip(out["name_ja"], out["name_en"], strict=True)],
        prefecture_name=pref_names.where(pref_names.notna(), frame["prefecture_name"]),
    )
