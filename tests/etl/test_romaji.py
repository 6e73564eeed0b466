"""English names by Hepburn romanisation of the published reading (``etl.romaji``).

The table below is checked against the *shipped* readings: each row's code is
looked up in Code for FUKUI's file, so a test row cannot drift from the data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from etl.romaji import ReadingError, hepburn, romanise

ROOT = Path(__file__).resolve().parents[2]
REAL_FILE = ROOT / "data" / "raw" / "code4fukui_localgovjp" / "localgovjp-utf8.csv"

#: (LG5 code, name, the reading it must have in the file, English name).
KNOWN = [
    ("01100", "札幌市", "さっぽろし", "Sapporo-shi"),  # っ doubles the consonant
    ("01101", "札幌市 中央区", "さっぽろし ちゅうおうく", "Sapporo-shi Chuo-ku"),  # a ward, part by part
    ("01209", "夕張市", "ゆうばりし", "Yubari-shi"),  # ゆう → yu
    ("01363", "厚沢部町", "あっさぶちょう", "Assabu-cho"),
    ("01560", "滝上町", "たきのうえちょう", "Takinoue-cho"),  # 上 うえ begins a word
    ("01646", "本別町", "ほんべつちょう", "Honbetsu-cho"),  # ん before b stays n
    ("06213", "南陽市", "なんようし", "Nan'yo-shi"),  # ん before y: n'
    ("06428", "庄内町", "しょうないまち", "Shonai-machi"),  # 町 read まち
    ("07344", "天栄村", "てんえいむら", "Ten'ei-mura"),  # ん before a vowel; えい stays ei
    ("07461", "西郷村", "にしごうむら", "Nishigo-mura"),
    ("07564", "飯舘村", "いいたてむら", "Iitate-mura"),  # いい stays ii
    ("08309", "大洗町", "おおあらいまち", "Oarai-machi"),  # おお → o
    ("10421", "中之条町", "なかのじょうまち", "Nakanojo-machi"),
    ("10525", "邑楽町", "おうらまち", "Ora-machi"),
    ("11209", "飯能市", "はんのうし", "Hanno-shi"),
    ("12218", "勝浦市", "かつうらし", "Katsuura-shi"),  # 浦 うら begins a word
    ("12403", "九十九里町", "くじゅうくりまち", "Kujukuri-machi"),
    ("13101", "千代田区", "ちよだく", "Chiyoda-ku"),
    ("13201", "八王子市", "はちおうじし", "Hachioji-shi"),
    ("13205", "青梅市", "おうめし", "Ome-shi"),
    ("14383", "真鶴町", "まなづるまち", "Manazuru-machi"),  # づ → zu
    ("15100", "新潟市", "にいがたし", "Niigata-shi"),
    ("15307", "聖籠町", "せいろうまち", "Seiro-machi"),
    ("18483", "おおい町", "おおいちょう", "Oi-cho"),
    ("20561", "山ノ内町", "やまのうちまち", "Yamanouchi-machi"),  # 内 うち begins a word
    ("24202", "四日市市", "よっかいちし", "Yokkaichi-shi"),
    ("25384", "竜王町", "りゅうおうちょう", "Ryuo-cho"),  # ū and ō in one name
    ("27100", "大阪市", "おおさかし", "Osaka-shi"),
    ("27109", "大阪市 天王寺区", "おおさかし てんのうじく", "Osaka-shi Tennoji-ku"),
    ("27128", "大阪市 中央区", "おおさかし ちゅうおうく", "Osaka-shi Chuo-ku"),
    ("28586", "新温泉町", "しんおんせんちょう", "Shin'onsen-cho"),
    ("30207", "新宮市", "しんぐうし", "Shingu-shi"),
    ("33208", "総社市", "そうじゃし", "Soja-shi"),
    ("35305", "周防大島町", "すおうおおしまちょう", "Suooshima-cho"),
    ("37204", "善通寺市", "ぜんつうじし", "Zentsuji-shi"),  # つう here is a long u
    ("37205", "観音寺市", "かんおんじし", "Kan'onji-shi"),
    ("38215", "東温市", "とうおんし", "Toon-shi"),
    ("40345", "新宮町", "しんぐうまち", "Shingu-machi"),  # 福岡県新宮町 is read まち
    ("42208", "松浦市", "まつうらし", "Matsuura-shi"),
    ("44201", "大分市", "おおいたし", "Oita-shi"),
    ("46523", "大和村", "やまとそん", "Yamato-son"),  # 村 read そん
    ("47326", "北谷町", "ちゃたんちょう", "Chatan-cho"),
    ("01400", "倶知安町", "くっちゃんちょう", "Kutchan-cho"),  # っ before ch is t
    ("01392", "寿都町", "すっつちょう", "Suttsu-cho"),
]


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    frame = pd.read_csv(REAL_FILE, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    return frame.assign(code=frame["lgcode"].str[:5]).set_index("code")


@pytest.mark.parametrize(("code", "name", "reading", "english"), KNOWN, ids=[k[3] for k in KNOWN])
def test_known_romanisation(real: pd.DataFrame, code: str, name: str, reading: str, english: str) -> None:
    assert real.at[code, "city"] == name
    assert real.at[code, "citykana"] == reading
    assert romanise(name, reading) == english


def test_every_shipped_reading_romanises_to_plain_ascii(real: pd.DataFrame) -> None:
    names = [romanise(n, k) for n, k in zip(real["city"], real["citykana"], strict=True)]
    assert len(names) == 1916
    pattern = re.compile(r"^[A-Z][a-z']+-(shi|ku|machi|cho|mura|son)( [A-Z][a-z']+-ku)?$")
    assert [n for n in names if not pattern.match(n)] == []


@pytest.mark.parametrize(
    ("reading", "roman"),
    [
        ("ぐんま", "gunma"),
        ("とうきょう", "tokyo"),
        ("はっちょう", "hatcho"),
        ("ほっかいどう", "hokkaido"),
        ("こおり", "kori"),
        ("しんばし", "shinbashi"),
        ("かんい", "kan'i"),
        ("ぢづを", "jizuo"),
    ],
)
def test_rule_cases(reading: str, roman: str) -> None:
    assert hepburn(reading) == roman


@pytest.mark.parametrize(
    ("name", "reading", "fragment"),
    [
        ("大阪市", "おおさかちょう", "does not end with a reading of the kind '市'"),
        ("中央区", "ちゅヴく", "'ヴ' in reading"),
        ("札幌市 中央区", "さっぽろし", "one part per part"),
        ("市", "し", "does not end"),
        ("あっ町", "あっまち", "ends with っ"),
    ],
)
def test_unromanisable_reading_is_refused(name: str, reading: str, fragment: str) -> None:
    with pytest.raises(ReadingError, match=re.escape(fragment)):
        romanise(name, reading)
