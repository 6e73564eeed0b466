"""English place names: Hepburn romanisation of a published hiragana reading.

Why a small explicit table rather than pykakasi or cutlet: both romanise
*kanji* by guessing a reading (cutlet needs MeCab and a dictionary), whereas
the atlas already has the publisher's own reading (Code for FUKUI's
``citykana``), so only kana → Latin is needed, and that is a closed table.

The rule (modified Hepburn as used on Japan's official English signage and
municipal web sites, written without macrons):

* し shi, ち chi, つ tsu, ふ fu, じ/ぢ ji, づ zu, を o; digraphs しゃ sha, ちょ cho …
* っ doubles the next consonant, and before ch it is written t (はっちょう → hatcho).
* ん is always n, also before b, m and p (群馬 Gunma, 本別 Honbetsu, 新宮 Shingu:
  the spelling of the prefectures' own English names such as "Gunma"), and
  n' before a vowel or y, so that なんよう (Nan'yo) and なにょう stay apart.
* Long vowels lose their length mark: おう and おお → o, うう → u (東京 Tokyo,
  大分 Oita, 新宮 Shingu); えい and いい stay (聖籠 Seiro, 飯舘 Iitate).
* A kana reading does not show where a word ends, so a う that *begins* a
  word (浦 うら, 内 うち, 上 うえ) would be taken for a long vowel:
  ``WORD_STARTS`` lists the readings where the kanji name shows such a word,
  so 勝浦 is Katsuura and 滝上 Takinoue rather than Katsura and Takinoe.
* The kind is a hyphenated suffix exactly as the reading says it: 市 し -shi,
  区 く -ku, 町 まち -machi or ちょう -cho, 村 むら -mura or そん -son
  (大阪市 Osaka-shi, 中央区 Chuo-ku, 八王子市 Hachioji-shi).
* A designated-city ward, written 「さっぽろし ちゅうおうく」, is romanised part by
  part: "Sapporo-shi Chuo-ku".
"""

from __future__ import annotations

#: One kana (or a kana + small ゃ/ゅ/ょ) → its Hepburn syllable.
# fmt: off
_BASE = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
}
_DIGRAPH_STEMS = {
    "き": "ky", "ぎ": "gy", "し": "sh", "じ": "j", "ぢ": "j", "ち": "ch", "に": "ny",
    "ひ": "hy", "び": "by", "ぴ": "py", "み": "my", "り": "ry",
}
# fmt: on
_SMALL = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
KANA: dict[str, str] = {
    **_BASE,
    **{stem + small: roman + vowel for stem, roman in _DIGRAPH_STEMS.items() for small, vowel in _SMALL.items()},
}

#: Readings whose kanji name has a word starting with う (浦 うら, 内 うち, 上 うえ):
#: "|" marks the word start so that う is read as a syllable, not a long vowel.
WORD_STARTS: dict[str, str] = {
    "かつうら": "かつ|うら",  # 勝浦市, 勝浦町, 那智勝浦町: Katsuura
    "まつうら": "まつ|うら",  # 松浦市: Matsuura
    "やまのうち": "やまの|うち",  # 山ノ内町: Yamanouchi
    "わのうち": "わの|うち",  # 輪之内町: Wanouchi
    "たきのうえ": "たきの|うえ",  # 滝上町: Takinoue
}

#: The last kanji of a name → the readings of that kind and their romanised suffix.
SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "市": (("し", "shi"),),
    "区": (("く", "ku"),),
    "町": (("まち", "machi"), ("ちょう", "cho")),
    "村": (("むら", "mura"), ("そん", "son")),
}


class ReadingError(ValueError):
    """A reading that the rule cannot romanise (an unknown character, a suffix the name does not have)."""


def _syllables(reading: str) -> list[str]:
    """Split into KANA keys (digraphs first), keeping っ, ん and the word mark | as their own items."""
    out: list[str] = []
    i = 0
    while i < len(reading):
        pair = reading[i : i + 2]
        if len(pair) == 2 and pair in KANA:
            out.append(pair)
            i += 2
            continue
        char = reading[i]
        if char not in KANA and char not in "っん|":
            raise ReadingError(f"'{char}' in reading '{reading}' is not a kana this rule knows")
        out.append(char)
        i += 1
    return out


def _long_vowel(previous: str, kana: str) -> bool:
    """Whether ``kana`` only lengthens the vowel before it (おう, おお, うう)."""
    if not previous or previous[-1] not in "ou":
        return False
    return (previous[-1], kana) in {("o", "う"), ("o", "お"), ("u", "う")}


def hepburn(reading: str) -> str:
    """The lower-case Hepburn spelling of a hiragana reading, under the module's rule."""
    for word, marked in WORD_STARTS.items():
        reading = reading.replace(word, marked)
    items = _syllables(reading)
    out = ""
    double = lengthened = False
    for index, item in enumerate(items):
        if item == "|":
            continue
        if item == "っ":
            double = True
            continue
        if item == "ん":
            following = next((KANA[k] for k in items[index + 1 :] if k in KANA), "")
            out += "n'" if following[:1] in ("a", "i", "u", "e", "o", "y") else "n"
            continue
        previous_item = items[index - 1] if index else ""
        if previous_item in KANA and not lengthened and _long_vowel(out, item):
            lengthened = True  # a vowel is lengthened once: とうおん is Toon, not Ton
            continue
        lengthened = False
        roman = KANA[item]
        if double:
            roman = ("t" if roman.startswith("ch") else roman[0]) + roman
            double = False
        out += roman
    if double:
        raise ReadingError(f"reading '{reading}' ends with っ")
    return out


def _part(name: str, reading: str) -> str:
    """One name (「札幌市」, 「さっぽろし」) → 'Sapporo-shi'."""
    for kana_suffix, roman_suffix in SUFFIXES.get(name[-1:], ()):
        if reading.endswith(kana_suffix) and len(reading) > len(kana_suffix):
            body = hepburn(reading[: -len(kana_suffix)])
            return f"{body[:1].upper()}{body[1:]}-{roman_suffix}"
    raise ReadingError(f"reading '{reading}' does not end with a reading of the kind '{name[-1:]}' in '{name}'")


def romanise(name_ja: str, reading: str) -> str:
    """The English name of a municipality or ward from its kanji name and its hiragana reading.

    Both are split on spaces (a ward is 「札幌市 中央区」/「さっぽろし ちゅうおうく」);
    each part must end in its kind's reading. Raises ``ReadingError`` otherwise.
    """
    names, readings = name_ja.split(), reading.split()
    if len(names) != len(readings) or not names:
        raise ReadingError(f"reading '{reading}' does not have one part per part of '{name_ja}'")
    return " ".join(_part(name, part) for name, part in zip(names, readings, strict=True))
