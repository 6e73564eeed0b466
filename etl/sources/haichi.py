"""e-Stat「廃置分合等情報」: municipal mergers, status changes and code changes.

Publisher: 総務省統計局 (https://www.e-stat.go.jp/municipalities/cities/
absorption-separation-of-municipalities), as exported to ``estat-haichi.csv`` in
``opaopa6969/municipality-history`` (commit a3fa8a5a). Terms: e-Stat 利用規約
(use with attribution). Cadence: updated with every 廃置分合 (1970-04-20 …
2024-01-01 in this copy).

One record per code involved in an event, so an event's text repeats on every
participant's record; each distinct (date, text) is parsed once. The text
(改正事由) names the old and new codes, e.g. ``亀田市(01232)が函館市(01202)に編入``;
it may hold several lines (CRLF inside a quoted field) and, for the 2024
Hamamatsu ward reorganisation, clauses separated by ideographic spaces and
full-width digits and parentheses, so it is NFKC-normalised before matching.

Output: one row per (old code → next code) transition. Lines that move no
code (a district abolished ``の廃止``, wards created ``の新設``, a ward split off
``から分離し``, 中核市/特例市 status) yield nothing. Chains are resolved to the
current code list in ``etl.areas``, not here, because that needs the list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from etl.model import Parsed
from intake.errors import InputError
from intake.text import read_text_table

SOURCE_ID = "estat_haichi_bungou"
FILE_NAME = "estat-haichi.csv"

COLUMNS = {
    "標準地域コード": "code",
    "都道府県": "prefecture_name",
    "政令市・郡・支庁・振興局等": "district",
    "市区町村": "name",
    "廃置分合等施行年月日": "effective_date",
    "改正事由": "reason",
}
EVENT_COLUMNS = ["old_code", "old_name", "next_code", "next_name", "effective_date", "event", "reason"]

#: ``(01232)``, or ``(すだまちょう、19403)`` where only the reading changed.
_ENTITY = re.compile(r"\((?:[^()、]*、)?(\d{5})\)")
#: A parenthesis without a code, e.g. ``(三方原地区以外)`` or a bare reading ``(よなしろそん)``.
_ASIDE = re.compile(r"\((?![^()、]*、?\d{5}\))[^()]*\)")
_LINKS = ("への", "が", "の", "を", "に", "と")
#: ``A(c)、B(c)が合併し、N(c)を新設``; wards of Osaka were joined with ``AとBが統合し``.
_MERGERS = {"が合併し、": "merger", "が統合し、": "ward_merger"}

#: Ending of a line (after the last code) → event kind, for "sources … target" lines.
_TO_TARGET = {
    "に編入": "absorption",
    "に市制施行": "city_status",
    "に町制施行": "town_status",
    "に村制施行": "village_status",
    "に名称変更": "rename",
    "に郡の区域変更": "district_change",
    "に区域変更": "district_change",
    "に再編": "ward_reorganisation",
    "への政令指定都市施行": "designated_city",
    "への政令指定都市移行": "designated_city",
}
#: Endings of lines that move no code.
_NO_MOVE = ("の廃止", "の新設", "に移行", "の区の再編")


Entity = tuple[str, str]  # (name, code)


def _entities(line: str) -> tuple[list[Entity], list[bool], str]:
    """Named codes in order, whether each opens a new phrase, and the text after the last code.

    A name follows either a plain list comma (``A(c)、B(c)``) or a link such as
    ``が``/``を``/``の``/``と`` or a clause ending in ``、`` (``が広島市に市制施行し、``);
    a link starts a new phrase (the targets), a plain comma continues the list.
    """
    found: list[Entity] = []
    opens: list[bool] = []
    start = 0
    for match in _ENTITY.finditer(line):
        segment = line[start : match.start()]
        link, name = "", segment
        if "、" in segment:
            link, name = segment.rsplit("、", 1)
            link = link or "、"
        elif found:
            link = next((candidate for candidate in _LINKS if segment.startswith(candidate)), "")
            name = segment[len(link) :]
        found.append((name.strip(), match.group(1)))
        opens.append(bool(found[:-1]) and link != "、")
        start = match.end()
    return found, opens, line[start:]


def _merger(line: str, marker: str) -> tuple[list[Entity], Entity]:
    """Sources and the new body; a new body that keeps a member's code is named without one."""
    before, _, after = line.partition(marker)
    sources = _entities(before)[0]
    coded = _entities(after)[0]
    if coded:
        return sources, coded[-1]
    name = after.removesuffix("を新設").strip()
    same = [code for source_name, code in sources if source_name == name]
    if len(same) != 1:
        raise ValueError(f"cannot tell the code of the new body '{name}' in '{line}'")
    return sources, (name, same[0])


def _pairs(line: str, entities: list[Entity], opens: list[bool]) -> list[tuple[Entity, Entity]]:
    """``A(c)、B(c)がN(c)に…`` (all to one) or ``A(c)、B(c)がA'(c)、B'(c)に…`` (pairwise)."""
    split = max(index for index, flag in enumerate(opens) if flag) if any(opens) else 0
    sources, targets = entities[:split], entities[split:]
    if sources and len(targets) == 1:
        return [(source, targets[0]) for source in sources]
    if sources and len(targets) == len(sources) and opens[split] and not any(opens[split + 1 :]):
        return list(zip(sources, targets, strict=True))
    raise ValueError(f"cannot pair old and new codes in '{line}'")


def transitions(line: str) -> Iterator[tuple[str, str, str, str, str]]:
    """Yield ``(old_name, old_code, next_name, next_code, event)`` for one line of 改正事由.

    Raises ``ValueError`` for a line whose form is not recognised, so a new
    wording in a later release is noticed rather than skipped.
    """
    line = _ASIDE.sub("", line).strip()
    entities, opens, tail = _entities(line)
    tail = tail.strip()
    if not line or tail.endswith(_NO_MOVE) or "から分離し、" in line:
        return
    for marker, event in _MERGERS.items():
        if marker in line and tail.endswith("を新設"):
            sources, target = _merger(line, marker)
            yield from ((*source, *target, event) for source in sources)
            return
    if "を分割し、" in line and tail == "を新設":
        old, new = line.split("を分割し、", 1)
        (source,) = _entities(old)[0]
        yield from ((*source, *target, "ward_split") for target in _entities(new)[0])
        return
    kind = _TO_TARGET.get(tail)
    if kind is None or len(entities) < 2:
        raise ValueError(f"unrecognised form: '{line}'")
    yield from ((*source, *target, kind) for source, target in _pairs(line, entities, opens))


def _lines(reason: str) -> list[str]:
    text = unicodedata.normalize("NFKC", reason)
    return [part for part in re.split(r"[\r\n ]+", text) if part]


def _read(path: Path) -> pd.DataFrame:
    # A CSV parser, not line splitting: 改正事由 holds line breaks inside quotes.
    return read_text_table(path, "utf-8-sig", list(COLUMNS)).rename(columns=COLUMNS)


def _date(path: Path, record: int, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(path, f"record {record}, column '廃置分合等施行年月日'", f"'{text}' is not a date") from None


def _row_names(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Name of each code as of each event, from the participant's own record (no 郡 prefix).

    Only unambiguous when the event changes the code: a rename or status change
    that keeps the code has two records (old and new name) under the same key.
    """
    name = frame["name"].where(frame["name"] != "", frame["district"])
    is_ward = (frame["name"] != "") & frame["district"].str.endswith("市") & frame["name"].str.endswith("区")
    name = name.where(~is_ward, frame["district"] + frame["name"])
    return dict(zip(zip(frame["code"], frame["effective_date"], strict=True), name, strict=True))


def parse(raw_dir: Path) -> Parsed:
    """``tables['haichi_events']`` with ``EVENT_COLUMNS``; ``effective_date`` is a ``datetime.date``."""
    path = raw_dir / SOURCE_ID / FILE_NAME
    frame = _read(path)
    names = _row_names(frame)
    rows: list[dict[str, object]] = []
    events = frame.drop_duplicates(["effective_date", "reason"])
    for index, rec in zip(events.index, events.itertuples(index=False), strict=True):
        record = int(index) + 1  # 1-based record number (records may span several physical lines)
        when = _date(path, record, rec.effective_date)
        for line in _lines(rec.reason):
            try:
                moves = list(transitions(line))
            except ValueError as exc:
                raise InputError(
                    path, f"record {record} (標準地域コード {rec.code}), column '改正事由'", str(exc)
                ) from None
            for old_name, old_code, next_name, next_code, event in moves:
                if old_code != next_code:  # one record per code: its name has no 郡/支庁 prefix
                    old_name = names.get((old_code, rec.effective_date), old_name)
                    next_name = names.get((next_code, rec.effective_date), next_name)
                rows.append(
                    {
                        "old_code": old_code,
                        "old_name": old_name,
                        "next_code": next_code,
                        "next_name": next_name,
                        "effective_date": when,
                        "event": event,
                        "reason": rec.reason.replace("\r\n", "\n"),
                    }
                )
    table = pd.DataFrame.from_records(rows, columns=EVENT_COLUMNS).drop_duplicates(
        ["old_code", "next_code", "effective_date", "event"], ignore_index=True
    )
    return Parsed(source_id=SOURCE_ID, files={path: len(frame)}, tables={"haichi_events": table})
