"""National reference lines and the extra sources an indicator cites.

Some broadband figures exist only for Japan as a whole (FTTH household
coverage 99.84 % at 2023-03-31, against the 99.9 % target for the end of
FY2027): no area table to colour, so the map states them in words next to the
legend and cites their source. The map page (``pages.map_view``) and the
exports (``export.views``) both word them here, so a slide says exactly what
the screen says.
"""

from __future__ import annotations

import re

from dashboard import queries
from dashboard.i18n import t
from layers.model import Indicator, Source

_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
_PART = re.compile(r"\s*\(([^()]*)\)")
#: The plan the transcribed targets cite by its Japanese name, in the words of ``sources.toml``'s title_en.
_POLICY_EN = {"デジタル田園都市国家インフラ整備計画": "Digital Garden City infrastructure plan"}


def in_language(text: str, lang: str) -> str:
    """The English half of a transcribed 「English (日本語)」 or 「日本語 (English)」 text for ``lang`` "en".

    The policy-target CSV writes measures as "FTTH household coverage (光ファイバ世帯カバー率)"
    and policies as "光の道 (Hikari no Michi)": an English file keeps only the English
    (issue 9 §3). Japanese text is returned unchanged.
    """
    if lang != "en":
        return text
    for ja, en in _POLICY_EN.items():
        text = text.replace(ja, en)
    if _JAPANESE.search(text):
        latin = [part for part in _PART.findall(text) if not _JAPANESE.search(part)]
        outside = _PART.sub("", text).strip()
        return outside if not _JAPANESE.search(outside) else (latin[0] if latin else text)
    return text


def reference_lines(ind: Indicator, lang: str) -> list[str]:
    """The national reference figures stated for ``ind`` (broadband indicators only), one line each."""
    if ind.category != "broadband":
        return []
    lines = []
    for ref in queries.national_references():
        line = t(
            "national_reference",
            lang,
            measure=in_language(str(ref["measure"]), lang),
            value=f"{ref['value']:g}",
            as_of=ref["as_of"].isoformat(),
        )
        if ref["target"] is not None:
            line += t(
                "national_reference_target",
                lang,
                target=f"{ref['target']:g}",
                deadline=ref["deadline"].isoformat(),
                policy=in_language(str(ref["policy"]), lang),
            )
        lines.append(line)
    return lines


def extra_sources(ind: Indicator) -> list[Source]:
    """Sources cited besides the indicator's own: its target's, and the reference lines' (once each)."""
    cat = queries.catalogue()
    extra = []
    if ind.target and ind.target.source_id in cat.sources and ind.target.source_id != ind.source_id:
        extra.append(cat.sources[ind.target.source_id])
    reference = cat.sources.get(queries.REFERENCE_SOURCE)
    if (
        ind.category == "broadband"
        and reference
        and reference.id != ind.source_id
        and reference not in extra
        and queries.national_references()
    ):
        extra.append(reference)  # the reference lines cite it
    return extra
