"""Notes stored by the ETL (in one language, or both as "日本語 (English)") in the reader's language.

Keyed by the note as stored, not by a UI key: these are data, translated at display.
"""

from __future__ import annotations

import re

#: Notes the ETL stores in one language (or both, "日本語 (English)"), as (ja, en).
_NOTES: dict[str, tuple[str, str]] = {
    "no procedure in the group has an online filing rate": (
        "グループ内にオンライン申請率が報告された手続がない", "no procedure in the group has an online filing rate"),
    "value missing in source (bare %)": ("出典に値がない（「%」のみ）", "value missing in source (bare %)"),
    "transcribed secondary source": ("二次資料から転記", "transcribed secondary source"),
    "市区町村の合計から算出": ("市区町村の合計から算出", "computed from the municipalities' total"),
}
_BOTH = re.compile(r"^(?:[a-z_]+: )?(?P<ja>.*?[^\x00-\x7f].*?) ?\((?P<en>[\x00-\x7f]+)\)$")


def note_text(note: str, lang: str = "ja") -> str:
    """A stored note in ``lang``: a known note's translation, the matching half of "日本語 (English)",
    or the note as written (a Japanese-only note stays Japanese in English: better than nothing)."""
    if note in _NOTES:
        return _NOTES[note][1 if lang == "en" else 0]
    match = _BOTH.match(note)
    if match:
        return match.group("en") if lang == "en" else match.group("ja")
    if note.endswith("のため算出できない") and lang == "en":
        return "cannot be computed (a denominator is 0)"
    return note
