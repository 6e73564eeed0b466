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

from dashboard.i18n import N03_CREDIT
from intake.dates import format_date_ja
from layers.model import Source

#: Labels the export adds around the figure (the dashboard's UI strings live in dashboard/i18n.py).
LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "exported": "作成日：{date}",
        "target": "目標 {value}",
        "target_outside": "目標 {value}（色の範囲外）",
        "no_data": "データなし",
        "national": "全国",
        "slide_numbers": "主な数値",
        "outside": "図の範囲外の地域：{n}（島しょ部など。値は表に含みます）",
        "kn_lagging": "遅れの基準に該当",
        "kn_residents": "該当地域の人口",
        "kn_median": "中央値",
        "kn_target": "政策目標",
        "kn_missing": "データなし",
        "lagging_list": "遅れている地域と値",
        "sources_slide": "出典とライセンス",
        "lagging_more": "ほか {n}",
        "solid": "濃い色＝遅れ（基準：{rule}）",
        "pale": "淡い色＝基準内",
        "no_emphasis": "強調なし：すべて同じ濃さ",
        "grey": "灰色＝データなし",
        "context": "薄い灰色＝他の都道府県（値なし）",
        "estimated": "推定",
        "licence": "ライセンス：{licence}",
        "licence_unknown": "記載なし",
    },
    "en": {
        "exported": "Exported {date}",
        "target": "Target {value}",
        "target_outside": "Target {value} (outside colour range)",
        "no_data": "No data",
        "date_format": "{d:%Y-%m-%d}",
        "national": "Japan",
        "slide_numbers": "Key numbers",
        "outside": "Areas outside the frame: {n} (e.g. remote islands; their values are in the table)",
        "kn_lagging": "Areas lagging",
        "kn_residents": "Residents of lagging areas",
        "kn_median": "Median",
        "kn_target": "Policy target",
        "kn_missing": "Areas without data",
        "lagging_list": "Lagging areas and values",
        "sources_slide": "Sources and licences",
        "lagging_more": "and {n} more",
        "solid": "Solid = lagging (rule: {rule})",
        "pale": "Pale = not lagging",
        "no_emphasis": "No emphasis: all areas drawn alike",
        "grey": "Grey = no data",
        "context": "Light grey = other prefectures (no values)",
        "estimated": "estimated",
        "licence": "Licence: {licence}",
        "licence_unknown": "not stated",
    },
}


def label(lang: str, key: str, **values: object) -> str:
    """One export label in ``lang`` (Japanese unless English is asked for)."""
    table = LABELS["en" if lang == "en" else "ja"]
    return table[key].format(**values)


def format_date(value: date, lang: str) -> str:
    """A date as presenters write it: 2024年7月12日（令和6年） in Japanese (officials cite the era), ISO in English."""
    return format_date_ja(value) if lang != "en" else label(lang, "date_format", d=value)


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
        return label(self.lang, "exported", date=format_date(self.export_date, self.lang))

    def target_label(self) -> str:
        """How the legend names the target (empty when the indicator has none)."""
        if self.target is None:
            return ""
        return self.target_text or label(self.lang, "target", value=f"{self.target:g}")

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
        when += f", {label(lang, 'estimated')}" if estimated else ""
        text = f"Source: {source.publisher_en}, {source.title_en} ({when})"
        return text + (" [transcribed secondary source]" if source.secondary else "")
    when += f"（{label(lang, 'estimated')}）" if estimated else ""
    text = f"出典：{source.publisher_ja}「{source.title_ja}」（{when}）"
    return text + ("［二次資料から転記］" if source.secondary else "")


def licence_line(source: Source, lang: str) -> str:
    licence = source.licence if source.licence not in ("", "記載なし") else label(lang, "licence_unknown")
    title = source.title_en if lang == "en" else source.title_ja
    return f"{title} — {label(lang, 'licence', licence=licence)}"
