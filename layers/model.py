"""Frozen definitions of sources, policy targets and indicators.

The catalogue is data (``catalogue/*.toml``); these classes are its schema.
Everything the dashboard derives for an indicator (picker label, legend,
colour direction, hover text, source line, export title) comes from one
``Indicator`` so that a new indicator is one TOML entry, never code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Category = Literal["broadband", "ict_use", "digital_government", "online_procedures", "context"]
Level = Literal["municipality", "prefecture"]
#: ``outcome``: adoption, usage or coverage, which an area can lag on; ``context``: what an
#: area is (population, ageing, density, fiscal strength), never "lagging" (issue 14).
Role = Literal["outcome", "context"]
#: What an online-procedure indicator measures (issue 9 §5): ``availability``, whether residents *can*
#: apply online (提供), or ``use``, how many applications actually *were* filed online (利用). Two
#: different things with near-identical names; the picker groups them under their category with
#: these two as sub-headings. None for indicators where the distinction does not arise.
Aspect = Literal["availability", "use"]

#: Why a value is missing, kept apart because each says something different about an area:
#: ``not_offered`` (none of the procedures is online, so there is no usage to measure),
#: ``not_surveyed`` (調査無し: the survey left the area out), ``not_computable`` (e.g. a share
#: of a population of 0) and ``not_reported`` (the publisher gives no value).
MissingKind = Literal["not_offered", "not_surveyed", "not_computable", "not_reported"]

CATEGORIES: tuple[Category, ...] = ("broadband", "ict_use", "digital_government", "online_procedures", "context")
ASPECTS: tuple[Aspect, ...] = ("availability", "use")
LEVELS: tuple[Level, ...] = ("municipality", "prefecture")
ROLES: tuple[Role, ...] = ("outcome", "context")
MISSING_KINDS: tuple[MissingKind, ...] = ("not_offered", "not_surveyed", "not_computable", "not_reported")
#: Words a missing value's note carries (the ETL writes them) for each kind but ``not_reported``.
MISSING_MARKS: dict[MissingKind, tuple[str, ...]] = {
    "not_offered": ("not_online", "not offered online", "オンライン化された手続がない", "オンライン化されていない"),
    "not_surveyed": ("not_surveyed", "not surveyed", "調査無し", "調査対象外"),
    "not_computable": ("cannot be computed", "算出できない"),
}


def missing_kind(note: str | None) -> MissingKind:
    """The kind of a missing value, from the reason the ETL stored with it (default: not reported)."""
    text = (note or "").lower()
    for kind, marks in MISSING_MARKS.items():
        if any(mark.lower() in text for mark in marks):
            return kind
    return "not_reported"


@dataclass(frozen=True)
class Source:
    """One shipped input dataset (a folder under ``data/raw/``)."""

    id: str
    publisher_ja: str
    publisher_en: str
    title_ja: str
    title_en: str
    url: str
    licence: str
    reference_date: str
    secondary: bool = False
    note: str = ""
    reference_date_en: str = ""  # where ``reference_date`` is written in Japanese (「2022年度」 → "FY2022")

    def credit(self, lang: str = "ja") -> str:
        """The attribution line shown under maps and on exports."""
        if lang == "en":
            text = f"Source: {self.publisher_en}, {self.title_en} ({self.reference_date_en or self.reference_date}); "
            text += f"licence: {self.licence}"
            return text + (" [transcribed secondary source]" if self.secondary else "")
        text = f"出典：{self.publisher_ja}「{self.title_ja}」（{self.reference_date}）ライセンス：{self.licence}"
        return text + ("［二次資料から転記］" if self.secondary else "")


@dataclass(frozen=True)
class Target:
    """A policy target set for exactly the measure of the indicator that declares it.

    ``target_id`` names the row of ``policy_targets/broadband_policy_targets.csv``
    that the ETL checks this declaration against (value and ``measure`` text), so
    a target is never shown against a measure it was not set for (e.g. the 光の道
    goal was about households *using* broadband, not FTTH take-up). A target whose
    deadline has passed is history, not the current bar (``is_current``).
    """

    target_id: str
    value: float
    policy_ja: str
    policy_en: str
    deadline: date
    source_id: str
    measure: str

    def is_current(self, on: date) -> bool:
        """True until the deadline has passed; afterwards the target is history."""
        return on <= self.deadline


@dataclass(frozen=True)
class Indicator:
    """One mapped quantity, declared once."""

    id: str
    label_ja: str
    label_en: str
    description_ja: str
    description_en: str
    unit: str
    category: Category
    role: Role
    source_id: str
    levels: tuple[Level, ...]
    higher_is_better: bool
    decimals: int
    reference_dates: tuple[str, ...] = ()
    target: Target | None = None
    time_series: bool = False
    note_ja: str = ""
    note_en: str = ""
    unit_en: str = ""
    #: The range a correct value can take (shares 0-100, counts >= 0 with a sane maximum);
    #: None = unbounded. Values outside it are an input error, in the ETL and in uploads.
    plausible_min: float | None = None
    plausible_max: float | None = None
    aspect: Aspect | None = None

    @property
    def can_lag(self) -> bool:
        """Only outcomes are judged; a context indicator is never "lagging"."""
        return self.role == "outcome"

    def current_target(self, on: date) -> Target | None:
        """The target that is the bar on ``on``; None when there is none or its deadline has passed."""
        return self.target if self.target is not None and self.target.is_current(on) else None

    def is_plausible(self, value: float) -> bool:
        """Finite and inside the declared range (the check the ETL and uploads apply to every value)."""
        if value != value or value in (float("inf"), float("-inf")):
            return False
        low_ok = self.plausible_min is None or value >= self.plausible_min
        return low_ok and (self.plausible_max is None or value <= self.plausible_max)

    def label(self, lang: str = "ja") -> str:
        return self.label_en if lang == "en" else self.label_ja

    def description(self, lang: str = "ja") -> str:
        return self.description_en if lang == "en" else self.description_ja

    def unit_for(self, lang: str = "ja") -> str:
        """The unit word to show in ``lang``: English if declared, else the catalogue's own."""
        return self.unit_en if lang == "en" and self.unit_en else self.unit

    def format_value(self, value: float | None, lang: str = "ja") -> str:
        """Format a value with the declared decimals and unit; missing is said, never 0."""
        if value is None or value != value:  # NaN check without numpy
            return "データなし" if lang == "ja" else "no data"
        text = f"{value:,.{self.decimals}f}"
        if not self.unit:
            return text
        return text + self.unit if self.unit == "%" else f"{text} {self.unit_for(lang)}"


@dataclass(frozen=True)
class Catalogue:
    """The validated set of sources and indicators."""

    sources: dict[str, Source] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def source_of(self, indicator_id: str) -> Source:
        return self.sources[self.indicators[indicator_id].source_id]

    def by_category(self) -> dict[Category, list[Indicator]]:
        grouped: dict[Category, list[Indicator]] = {c: [] for c in CATEGORIES}
        for ind in self.indicators.values():
            grouped[ind.category].append(ind)
        return grouped
