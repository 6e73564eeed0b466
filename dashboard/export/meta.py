"""What every exported figure, table and slide must say, as plain data.

The issue asks that a figure leaving the atlas be droppable into a deck
without editing, so it carries its own title, subtitle (reference date,
prefecture filter, lagging rule), target, counts, the national reference
figures the map states for broadband indicators, the source line of the
indicator, the N03 boundary credit and the export date. ``ExportMeta`` holds
those strings; the dashboard's download callbacks and the batch CLI fill it
from the same query results, so a download and a batch file say the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dashboard.i18n import N03_CREDIT, t
from intake.dates import format_date_ja
from layers.model import Source


def format_date(value: date, lang: str) -> str:
    """A date as presenters write it: 2024年7月12日（令和6年） in Japanese (officials cite the era), ISO in English."""
    return format_date_ja(value) if lang != "en" else value.isoformat()


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def with_era(text: str, lang: str) -> str:
    """Japanese source lines: each ISO date (a source's reference date) as 2024年7月12日（令和6年）."""
    if lang == "en":
        return text

    def _one(match: re.Match[str]) -> str:
        try:
            return format_date(date(*(int(g) for g in match.groups())), lang)
        except ValueError:  # not a calendar date: leave the publisher's text as it is
            return match.group(0)

    return _ISO_DATE.sub(_one, text)


@dataclass(frozen=True)
class ExportMeta:
    """The text around an exported map, table or slide.

    ``source_lines`` hold one attribution per source shown (publisher, dataset,
    reference date, licence: ``layers.model.Source.credit`` gives that line);
    ``reference_lines`` the national figures stated beside the map's legend
    (``dashboard.references``: FTTH coverage against its 99.9 % target), which
    have no colour on the map, so they go in words above the sources; the N03
    credit and export date are appended by ``footer_lines``.
    ``key_numbers`` are (label, formatted value) pairs for the slide panel;
    ``legend_lines`` say what solid, pale and grey mean under the rule;
    ``lagging_rows`` (name, value) list the lagging areas beside the map (``lagging_more``
    counts those left off); ``labels`` name areas on a prefecture map; ``licence_lines``
    go on the deck's sources (the figure's source line names publisher, dataset, date).
    """

    title: str
    subtitle: str = ""
    legend_title: str = ""
    counts: str = ""
    target: float | None = None
    target_text: str = ""
    source_lines: tuple[str, ...] = ()
    reference_lines: tuple[str, ...] = ()
    key_numbers: tuple[tuple[str, str], ...] = ()
    legend_lines: tuple[str, ...] = ()
    lagging_rows: tuple[tuple[str, str], ...] = ()
    lagging_more: int = 0
    labels: tuple[tuple[float, float, str], ...] = ()  # (lon, lat, name), most important first
    licence_lines: tuple[str, ...] = ()
    lang: str = "ja"
    export_date: date = field(default_factory=date.today)
    boundaries_used: bool = True

    @property
    def n03_credit(self) -> str:
        return N03_CREDIT["en" if self.lang == "en" else "ja"]

    @property
    def exported_line(self) -> str:
        return t("export_exported", self.lang, date=format_date(self.export_date, self.lang))

    def target_label(self) -> str:
        """How the legend names the target (empty when the indicator has none)."""
        if self.target is None:
            return ""
        return self.target_text or t("export_target", self.lang, value=f"{self.target:g}")

    def footer_lines(self) -> list[str]:
        """Reference lines, source lines, the N03 credit when boundaries are drawn, then the export date."""
        lines = [*self.reference_lines, *self.source_lines]
        if self.boundaries_used:  # in English on two lines: as one it ran off a slide's edge
            english = self.n03_credit.replace(N03_CREDIT["ja"], "").strip()
            lines += [english, N03_CREDIT["ja"]] if english else [N03_CREDIT["ja"]]
        lines.append(self.exported_line)
        return lines


def source_line(source: Source, lang: str) -> str:
    """Publisher, dataset and reference date, in ``lang`` only (the licence is stated on the sources
    page and the deck's notes: ``licence_line``)."""
    written = source.reference_date_en if lang == "en" and source.reference_date_en else source.reference_date
    when = written.replace("（推定）", "").replace("(推定)", "").strip()
    estimated = when != written
    if lang == "en":
        when += f", {t('export_estimated', lang)}" if estimated else ""
        text = f"Source: {source.publisher_en}, {source.title_en} ({when})"
        return text + (" [transcribed secondary source]" if source.secondary else "")
    when += f"（{t('export_estimated', lang)}）" if estimated else ""
    text = f"出典：{source.publisher_ja}「{source.title_ja}」（{when}）"
    return text + ("［二次資料から転記］" if source.secondary else "")


def licence_line(source: Source, lang: str) -> str:
    licence = source.licence if source.licence not in ("", "記載なし") else t("export_licence_unknown", lang)
    title = source.title_en if lang == "en" else source.title_ja
    return f"{title} — {t('export_licence', lang, licence=licence)}"
