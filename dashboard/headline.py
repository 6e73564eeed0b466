"""The headline sentence of a map view, for the page and every export alike.

A policymaker reads this line, not the method note, so it states only what
the rule supports (``dashboard.rules``): the real share flagged, ties at the
cut-off, a bottom-N % that ties leave undefined, each kind of missing value,
and no "lagging" at all for a context indicator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from dashboard import figures, i18n, rules
from dashboard.i18n import t
from dashboard.metrics import Summary
from layers.model import Indicator


@dataclass(frozen=True)
class Rule:
    """The rule a view applies: name, N for bottom-N %, the stated value for ``below``."""

    name: str
    threshold: int
    cutoff: float | None = None
    level: str = "municipality"
    lang: str = "ja"


def percent(share: float, lang: str = "ja") -> str:
    return i18n.t("no_data", lang) if math.isnan(share) else f"{share * 100:.1f}%"


def headline(s: Summary, ind: Indicator, rule: Rule, on: date | None = None) -> str:
    """One sentence: what is flagged under ``rule``, how many people live there, and what is missing."""
    lang = rule.lang
    unit = unit_for(rule.level, s.shown, lang)
    shown = f"{s.shown:,}"
    if not ind.can_lag:
        text = t("context_headline", lang, shown=shown, unit=unit)
    elif not rules.applies(ind, rule.name, on) or (rule.name == "below" and rule.cutoff is None):
        text = t("lag_below_unset" if rule.name == "below" else "lag_none", lang, shown=shown, unit=unit)
    else:
        text = _flagged(s, ind, rule, unit, on)
    return text + missing_text(s, lang)


def unit_for(level: str, count: int, lang: str) -> str:
    """「市区町村」, or in English "municipality"/"municipalities" as ``count`` needs."""
    return t(f"unit_{level}_one" if count == 1 else f"unit_{level}", lang)


def _flagged(s: Summary, ind: Indicator, rule: Rule, unit: str, on: date | None) -> str:
    lang = rule.lang
    unit = unit_for(rule.level, s.lagging, lang)
    value_unit = ind.unit_for(lang)
    fields: dict[str, object] = {
        "n": f"{s.lagging:,}", "unit": unit, "pop": i18n.residents(s.residents, lang), "p": rule.threshold,
        "shown": f"{s.shown:,}", "share": t("share_of_shown", lang, shown=f"{s.shown:,}", unit=unit,
                                            pct=percent(s.share, lang)),
    }
    target = ind.current_target(on or date.today())
    if rule.name == "target" and target is not None:
        value = figures.format_number(target.value, ind.decimals, value_unit)
        by = t("target_deadline", lang, deadline=target.deadline.isoformat())
        fields["target"] = f"{value}、{by}" if lang == "ja" else f"{value} {by}"
    if rule.name == "below" and rule.cutoff is not None:
        fields["cutoff"] = figures.format_number(rule.cutoff, ind.decimals, value_unit)
    if rule.name == "bottom" and s.cuts and not s.cuts[0].defined:
        return _undefined(s, ind, rule, unit)
    text = t(f"lag_{rule.name}", lang, **fields)
    text += f"（{fields['share']}）" if lang == "ja" else f" ({fields['share']})"
    return text + _tie_notes(s, ind, rule)


def _undefined(s: Summary, ind: Indicator, rule: Rule, unit: str) -> str:
    cut = s.cuts[0]
    lang = rule.lang
    if cut.allowed == 0:
        return t("lag_too_few", lang, shown=f"{cut.present:,}", unit=unit, p=rule.threshold)
    tie = figures.format_number(cut.tie_value, ind.decimals, ind.unit_for(lang))
    pct = percent(cut.tied / cut.present, lang)
    return t("rule_undefined", lang, tie=tie, tied=f"{cut.tied:,}", unit=unit, pct=pct, p=rule.threshold)


def _tie_notes(s: Summary, ind: Indicator, rule: Rule) -> str:
    lang = rule.lang
    notes: list[str] = []
    if rule.name == "pref_bottom":
        if s.undefined:
            notes.append(t("pref_undefined", lang, p=rule.threshold, k=len(s.undefined)))
    elif s.cuts:
        cut = s.cuts[0]
        tie = figures.format_number(cut.tie_value, ind.decimals, ind.unit_for(lang))
        if cut.ties_included and cut.present > s.shown:
            # a prefecture's line under the national rule: its own share is not what the ties pushed past N %
            notes.append(t("ties_included_nationally", lang, tie=tie, tied=f"{cut.tied:,}"))
        elif cut.ties_included:
            notes.append(t("ties_included", lang, tie=tie, tied=f"{cut.tied:,}", p=rule.threshold,
                           margin=rules.TIE_MARGIN))
        elif cut.flagged < cut.allowed:
            notes.append(t("ties_excluded", lang, tie=tie, tied=f"{cut.tied:,}"))
    if not notes:
        return ""
    if lang == "ja":
        return "。" + "。".join(notes)
    text = "; ".join(notes)
    return ". " + text[:1].upper() + text[1:]  # a new English sentence


def missing_text(s: Summary, lang: str = "ja") -> str:
    """「（データなし 578：オンライン化なし 114・値の報告なし 464）」: every kind counted apart."""
    if not s.missing:
        return ""
    kinds = ("・" if lang == "ja" else ", ").join(
        f"{t(f'missing_{kind}', lang)} {count:,}" for kind, count in s.missing_kinds
    )
    return t("missing_kinds", lang, m=f"{s.missing:,}", kinds=kinds) if kinds else \
        t("missing_count", lang, m=f"{s.missing:,}")
