"""The map page's state as a validated, frozen value and its URL form.

The URL query string is the whole state (indicator, level, date, prefecture,
lagging rule and threshold, language, selected area), so a copied link
reproduces the view. Anything invalid (unknown id, wrong type, repeated key,
a huge string, an SQL fragment) falls back to a default and adds a
``Notice`` the page shows; nothing here raises on user input. A link
(``parse_query``), a stored state (``from_store``) and a control change
(``change``) are validated by one function (``_parse``), so they cannot differ.

``StateOptions`` carries what is valid (built from the database by the page),
so this module needs neither Dash nor the database and is tested directly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

from dashboard.i18n import LANGS
from dashboard.metrics import RULES
from dashboard.security import strict_decimal, strict_int
from layers.model import Indicator

if TYPE_CHECKING:  # userlayer imports this module's option types
    from dashboard.userlayer import UserLayer

LEVELS = ("municipality", "prefecture")
DEFAULT_INDICATOR = "mynumber_holding_rate"
DEFAULT_THRESHOLD = 20
THRESHOLD_RANGE = (1, 50)
_MAX_SHOWN = 40  # characters of a rejected value echoed back in a notice
# [0-9], not \d: \d also matches fullwidth and other Unicode digits; fullmatch, because $ allows a final newline.
_CODE = re.compile(r"[0-9]{5}")
_PREF = re.compile(r"[0-9]{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class IndicatorOption:
    """What state validation needs to know about one indicator."""

    levels: tuple[str, ...]
    has_target: bool
    can_lag: bool = True  # False for a context indicator: no lagging rule applies
    plausible: tuple[float | None, float | None] = (None, None)  # the range a ``below`` value must lie in

    @classmethod
    def of(cls, indicator: Indicator, on: date) -> IndicatorOption:
        """From the declaration: only a target still current on ``on`` offers the target rule."""
        return cls(levels=indicator.levels, has_target=indicator.current_target(on) is not None,
                   can_lag=indicator.can_lag, plausible=(indicator.plausible_min, indicator.plausible_max))


@dataclass(frozen=True)
class StateOptions:
    """The valid values, from the catalogue and the database."""

    indicators: Mapping[str, IndicatorOption]
    prefectures: frozenset[str]
    area_levels: Mapping[str, str]  # LG5 code → level
    dates: Callable[[str, str], tuple[str, ...]]  # (indicator, level) → ISO dates, oldest first
    default_indicator: str = DEFAULT_INDICATOR
    upload: UserLayer | None = None  # the session's uploaded file these options include (one request's)


@dataclass(frozen=True)
class Notice:
    """One visible message about a fallback or an automatic switch."""

    key: str  # i18n key
    fields: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        return dict(self.fields)


@dataclass(frozen=True)
class ViewState:
    indicator: str
    level: str = "municipality"
    date: str | None = None
    pref: str | None = None
    rule: str = "bottom"
    threshold: int = DEFAULT_THRESHOLD
    lang: str = "ja"
    area: str | None = None
    notices: tuple[Notice, ...] = field(default=(), compare=False)
    cutoff: float | None = None  # the stated value of the ``below`` rule (URL ``value``)
    #: The session upload the state was validated with (``StateOptions.upload``): not state, not in the URL.
    upload: UserLayer | None = field(default=None, compare=False, repr=False)

    @property
    def pref_code(self) -> str | None:
        """The prefecture filter in the database's form (``prefecture_code``): see ``prefecture_code``."""
        return prefecture_code(self.pref)

    def to_query(self) -> str:
        """The URL query (without ``?``), parameters in a fixed order."""
        pairs = [("indicator", self.indicator), ("level", self.level)]
        pairs += [("date", self.date)] if self.date else []
        pairs += [("pref", self.pref)] if self.pref else []
        pairs += [("rule", self.rule), ("threshold", str(self.threshold))]
        pairs += [("value", f"{self.cutoff:g}")] if self.cutoff is not None else []
        pairs += [("lang", self.lang)]
        pairs += [("area", self.area)] if self.area else []
        return urlencode(pairs)

    def as_store(self) -> dict[str, Any]:
        """JSON-able form for a ``dcc.Store`` (notices are not state)."""
        names = ("indicator", "level", "date", "pref", "rule", "threshold", "lang", "area", "cutoff")
        return {k: getattr(self, k) for k in names}


def prefecture_code(pref: str | None) -> str | None:
    """The one conversion of a prefecture from its URL form (JIS X 0401, ``"32"``) to the
    database's canonical LG5 form (``"32000"``, the prefecture's own area code)."""
    return f"{pref}000" if pref else None


def url_prefecture(code: str) -> str:
    """The inverse of ``prefecture_code``: a prefecture's LG5 code (or any area's) as the URL's two digits."""
    return code[:2]


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _param_notice(param: str, value: Any, fallback: str) -> Notice:
    return Notice("notice_param", (("param", param), ("value", _shown(value)), ("fallback", fallback)))


def _single(query: Mapping[str, Any], name: str) -> tuple[str | None, Notice | None]:
    """One string value for ``name``: absent → None; list/other types → rejected with a notice."""
    if name not in query or query[name] in (None, ""):
        return None, None
    value = query[name]
    if isinstance(value, str) and len(value) <= 200:
        return value.strip(), None
    return None, _param_notice(name, value, "default")


def parse_query(query: Mapping[str, Any] | str, options: StateOptions) -> ViewState:
    """Build a valid ``ViewState`` from URL parameters (a mapping or a raw query string)."""
    if isinstance(query, str):
        parsed = parse_qs(query.lstrip("?")[:4000], keep_blank_values=True)
        query = {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}
    return _parse(query, options)


def change(state: ViewState, options: StateOptions, **changes: Any) -> ViewState:
    """Apply control changes and re-validate; previous notices are dropped.

    A choice the new indicator makes impossible (a date it lacks, a level
    that was only forced by a prefecture-only indicator, an area of the other
    level) is dropped quietly: the user did not ask for it in this step. What
    the user did not choose is settled here; the values go through the same
    parse as a link (``_parse``, with ``state`` as the fallback).
    """
    values = {k: _as_sent(k, v) for k, v in {**_values(state.as_store()), **changes}.items()}
    indicator = values.get("indicator")
    if indicator != state.indicator and indicator in options.indicators:
        old = options.indicators[state.indicator]
        if values.get("rule") == _default_rule(old):
            values["rule"] = None  # the old indicator's default is not a choice: take the new one's
        if old.levels == ("prefecture",) and changes.get("level", state.level) == state.level:
            values["level"] = None  # forced by the old indicator, not chosen
    return _parse(values, options, replace(state, notices=()))


def from_store(data: Any, options: StateOptions) -> ViewState:
    """Rebuild the state kept in a ``dcc.Store`` (client data: validated again, as a link is)."""
    if not isinstance(data, dict):
        return _parse({}, options)
    return replace(_parse(_values(data), options), notices=())


def _as_sent(name: str, value: Any) -> Any:
    """A control's value in the type its control sends (a number for threshold and value, else text);
    any other is no choice (None): the previous state's value or the default stands."""
    if name == "threshold":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if name == "value":
        return value if isinstance(value, int | float | str) and not isinstance(value, bool) else None
    return value if isinstance(value, str) else None


def _values(store: Mapping[str, Any]) -> dict[str, Any]:
    """A stored state as parse input: the store's ``cutoff`` is the URL's ``value``."""
    return {("value" if k == "cutoff" else k): v for k, v in store.items()}


#: The view state's parameters, in the order their notices are listed.
_PARAMS = ("indicator", "level", "date", "pref", "rule", "threshold", "lang", "area", "value")


def _parse(values: Mapping[str, Any], options: StateOptions, previous: ViewState | None = None) -> ViewState:
    """The one validation of a view state, for links, stores and control changes alike.

    Without ``previous`` (a link or a store) an invalid value falls back to
    the default with a notice. With it (a control change), an invalid
    indicator, threshold, language or value keeps ``previous``'s and a date or
    area the view cannot show is dropped, quietly; a level, rule or
    prefecture that cannot apply is still said.
    """
    notices: list[Notice] = []  # said on every path
    soft: list[Notice] = notices if previous is None else []  # said for a link; a control change is quiet
    raw = {name: _text(values, name, soft) for name in _PARAMS}
    lang = _fit_lang(raw["lang"], previous, soft)
    indicator = _fit_indicator(raw["indicator"], options, previous, soft)
    threshold = _fit_threshold(raw["threshold"], previous, soft)
    cutoff = _cutoff(raw["value"], options.indicators[indicator], soft)
    opt = options.indicators[indicator]
    level = _fit_level(raw["level"], opt, notices)
    rule = _fit_rule(raw["rule"], opt, notices, cutoff)
    date = _fit_date(raw["date"], options.dates(indicator, level), soft, in_force=previous is None)
    pref = raw["pref"]
    if pref is not None and (not _PREF.fullmatch(pref) or prefecture_code(pref) not in options.area_levels):
        notices.append(_param_notice("pref", pref, "all_japan"))
        pref = None
    area = raw["area"]
    if area is not None and (not _CODE.fullmatch(area) or options.area_levels.get(area) != level):
        soft.append(_param_notice("area", area, "none"))
        area = None
    return ViewState(indicator=indicator, level=level, date=date, pref=pref, rule=rule, threshold=threshold,
                     lang=lang, area=area, notices=tuple(notices), upload=options.upload,
                     cutoff=cutoff if rule == "below" else None)


def _text(values: Mapping[str, Any], name: str, notices: list[Notice]) -> str | None:
    """One parameter as text: absent or empty → None; a number (a control's, a store's) as its text;
    a list (a repeated key), a mapping or an overlong string → None with a notice."""
    value = values.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text, notice = _single({name: value}, name)
    notices += [notice] if notice else []
    return text


def _fit_lang(raw: str | None, previous: ViewState | None, notices: list[Notice]) -> str:
    if raw is not None and raw not in LANGS:
        notices.append(_param_notice("lang", raw, "ja"))
    return raw if raw in LANGS else previous.lang if previous is not None else "ja"


def _fit_indicator(raw: str | None, options: StateOptions, previous: ViewState | None,
                   notices: list[Notice]) -> str:
    fallback = previous.indicator if previous is not None else options.default_indicator
    if raw is None or raw in options.indicators:
        return raw or fallback
    uploaded = raw.startswith("upload:")  # a session upload (dashboard.userlayer) of another browser
    notices.append(Notice("notice_upload", (("fallback", "default"),)) if uploaded else
                   _param_notice("indicator", raw, options.default_indicator))
    return fallback


def _fit_threshold(raw: str | None, previous: ViewState | None, notices: list[Notice]) -> int:
    number = None if raw is None else strict_int(raw, *THRESHOLD_RANGE)
    if raw is not None and number is None:
        notices.append(_param_notice("threshold", raw, str(DEFAULT_THRESHOLD)))
    return number if number is not None else previous.threshold if previous is not None else DEFAULT_THRESHOLD


def _fit_date(raw: str | None, dates: tuple[str, ...], notices: list[Notice], *, in_force: bool) -> str | None:
    """A date the indicator has, else (``in_force``: a link's real date between two snapshots) the one in
    force then, else the latest. A control change lands on the latest: the old date was not a choice."""
    if raw is not None and (not _DATE.fullmatch(raw) or raw not in dates):
        if in_force and _DATE.fullmatch(raw) and dates:
            fallback = max((d for d in dates if d <= raw), default=dates[0])
            notices.append(Notice("notice_date", (("value", raw), ("fallback", fallback))))
            return fallback
        notices.append(_param_notice("date", raw, dates[-1] if dates else "—"))
        raw = None
    return raw or (dates[-1] if dates else None)


def _cutoff(raw: str | None, opt: IndicatorOption, notices: list[Notice]) -> float | None:
    """The ``below`` rule's value: a finite number inside the indicator's plausible range, else dropped."""
    if raw is None:
        return None
    try:
        value = float(raw) if len(raw) <= 24 else math.nan
    except ValueError:
        value = math.nan
    low, high = opt.plausible
    if not math.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
        notices.append(_param_notice("value", raw, "none"))
        return None
    return value


def _fit_level(level: str | None, opt: IndicatorOption, notices: list[Notice]) -> str:
    if level is not None and level not in LEVELS:
        notices.append(_param_notice("level", level, f"level_{opt.levels[0]}"))
        level = None
    if opt.levels == ("prefecture",):
        notices.append(Notice("pref_only"))  # says why the map shows prefectures
        return "prefecture"
    if level is None:
        return "municipality" if "municipality" in opt.levels else opt.levels[0]
    if level not in opt.levels:
        fallback = opt.levels[0]
        notices.append(Notice("notice_level", (("level", f"level_{level}"), ("fallback", f"level_{fallback}"))))
        return fallback
    return level


def _default_rule(opt: IndicatorOption) -> str:
    if not opt.can_lag:
        return "none"
    return "target" if opt.has_target else "bottom"


def _fit_rule(rule: str | None, opt: IndicatorOption, notices: list[Notice], cutoff: float | None = None) -> str:
    default = _default_rule(opt)
    if rule is None:
        return default
    if not opt.can_lag:  # context describes an area; no rule makes it "lagging"
        if rule != "none":
            notices.append(Notice("notice_context"))
        return "none"
    if rule == "below" and cutoff is None:
        notices.append(Notice("notice_no_cutoff", (("fallback", f"rule_{default}"),)))
        return default
    if rule not in RULES:
        notices.append(_param_notice("rule", rule, f"rule_{default}"))
        return default
    if rule == "target" and not opt.has_target:
        notices.append(Notice("notice_no_target", (("fallback", "rule_bottom"),)))
        return "bottom"
    return rule


# ------------------------------------------------------------ priority page
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class PriorityState:
    """The priority page's URL state: chosen indicators, prefecture filter, context weights."""

    indicators: tuple[str, ...]
    pref: str | None = None
    kaso: float = 0.0
    ageing: float = 0.0
    lang: str = "ja"
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    def to_query(self) -> str:
        pairs = [("ind", ",".join(self.indicators))]
        pairs += [("pref", self.pref)] if self.pref else []
        pairs += [("kaso", f"{self.kaso:g}"), ("ageing", f"{self.ageing:g}"), ("lang", self.lang)]
        return urlencode(pairs)


def _weight(raw: str | None, name: str, notices: list[Notice]) -> float:
    if raw is None:
        return 0.0
    value = strict_decimal(raw, min(WEIGHTS), max(WEIGHTS))
    if value is not None and value in WEIGHTS:
        return value
    notices.append(_param_notice(name, raw, "0"))
    return 0.0


def parse_priority(
    query: Mapping[str, Any], allowed: tuple[str, ...], default: tuple[str, ...], prefectures: frozenset[str]
) -> PriorityState:
    """Validate the priority page's parameters (same fallback-with-notice rules as the map)."""
    notices: list[Notice] = []
    raw: dict[str, str | None] = {}
    for name in ("ind", "pref", "kaso", "ageing", "lang"):
        value, notice = _single(query, name)
        raw[name] = value
        notices += [notice] if notice else []
    lang = raw["lang"] if raw["lang"] in LANGS else "ja"
    if raw["lang"] is not None and raw["lang"] not in LANGS:
        notices.append(_param_notice("lang", raw["lang"], "ja"))
    chosen: tuple[str, ...] = default
    if raw["ind"] is not None:
        wanted = [i for i in raw["ind"].split(",") if i]
        valid = tuple(dict.fromkeys(i for i in wanted if i in allowed))
        if len(valid) != len(wanted):
            notices.append(_param_notice("ind", raw["ind"], ",".join(valid) or "default"))
        chosen = valid or default
    pref = raw["pref"]
    if pref is not None and pref not in prefectures:
        notices.append(_param_notice("pref", pref, "all_japan"))
        pref = None
    return PriorityState(chosen, pref, _weight(raw["kaso"], "kaso", notices), _weight(raw["ageing"], "ageing", notices),
                         lang, tuple(notices))
