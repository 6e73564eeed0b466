"""The UI string catalogue (``dashboard.i18n``): one table split by area, so a typo cannot ship.

Every key has Japanese and English with the same ``{fields}``; every key the code asks for exists
(found by scanning the source for literal keys, and for the keys built from known values); no area
defines a key another area already has; and no page keeps a string table of its own (issue 10).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard import i18n, peers
from dashboard.export.files import KINDS
from dashboard.i18n import DuplicateKey, merge, t
from dashboard.progress import STATUSES
from dashboard.rules import RULES
from layers.model import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard"
#: ``t("key"`` / ``t('key'`` / ``has("key"`` anywhere in the dashboard (``i18n.t(`` included).
LITERAL = re.compile(r"""(?<![\w.])(?:i18n\.)?(?:t|has)\(\s*(["'])([^"'{}]+)\1\s*[,)]""")
#: Fields one language leaves out on purpose, and why.
OMITTED = {"share_of_shown": "English reads “12.3% of 1,741 shown”: the unit is already in the headline"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _sources() -> list[Path]:
    return sorted(p for p in DASHBOARD.rglob("*.py") if "vendor" not in p.parts)


@pytest.mark.parametrize("key", sorted(i18n._S))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    ja, en = i18n._S[key]
    assert isinstance(ja, str) and isinstance(en, str) and ja.strip() and en.strip(), key
    assert _fields(ja) == _fields(en) or key in OMITTED, f"{key}: ja fields {_fields(ja)}, en fields {_fields(en)}"


def test_every_literal_key_in_the_code_exists() -> None:
    used: dict[str, str] = {}
    for path in _sources():
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match.group(2), str(path.relative_to(ROOT)))
    assert len(used) > 200, "the scan found too few keys: the pattern no longer matches the code"
    missing = {key: where for key, where in used.items() if not i18n.has(key)}
    assert not missing, f"keys used but not defined: {missing}"


def test_keys_built_from_values_exist() -> None:
    """Keys made from a value (an export kind, a refusal, a peer cell, a URL parameter) exist for every value."""
    assert all(i18n.has("map_download_" + kind.replace("-", "_")) for kind in KINDS)
    assert all(i18n.has(f"cells_kaso_{group}") for group in peers.KASO_ORDER)
    assert all(i18n.has(f"kaso_{stored}") for stored in peers.KASO_GROUPS)
    assert all(i18n.has(f"cat_{category}") for category in CATEGORIES)
    assert all(i18n.has(f"rule_{rule}") and i18n.has(f"lag_{rule}") for rule in RULES)
    assert all(i18n.has(f"status_{status}") for status in STATUSES)
    upload = (DASHBOARD / "upload.py").read_text(encoding="utf-8") + (DASHBOARD / "pages/map_upload.py").read_text(
        encoding="utf-8")
    refusals = set(re.findall(r"""(?:_Refused|Refusal)\(\s*"(\w+)\"""", upload))
    refusals |= {k for pair in re.findall(r'(?:key = |_Refused\()"(\w+)" if [^\n]* else "(\w+)"', upload) for k in pair}
    assert {"file_count", "too_slow", "too_much_memory", "bad_date", "unexpected"} <= refusals
    assert not {k for k in refusals if not i18n.has(f"upload_{k}")}
    for part in ("met", "not", "keys"):
        assert i18n.items(f"a11y_{part}_", "ja") and len(i18n.items(f"a11y_{part}_", "en")) == len(
            i18n.items(f"a11y_{part}_", "ja"))


def test_a_key_defined_in_two_areas_stops_the_import() -> None:
    with pytest.raises(DuplicateKey, match=r"'app_title' is defined in both i18n\.chrome and i18n\.copy"):
        merge([*i18n.AREAS, ("copy", {"app_title": ("別名", "Another name")})])
    assert merge(i18n.AREAS) == i18n._S


def test_no_page_keeps_a_string_table_of_its_own() -> None:
    """A (ja, en) table outside ``dashboard/i18n`` is the split catalogue coming back (issue 10)."""
    table = re.compile(r"^\w+: dict\[str, (?:tuple\[str, str\]|dict\[str, [^\]]+\])\] = \{|\{\s*\"ja\":", re.M)
    found = [str(p.relative_to(ROOT)) for p in _sources()
             if "i18n" not in p.parts and table.search(p.read_text(encoding="utf-8"))]
    assert not found
    assert not [p for p in _sources() if re.search(r"\bdef (?:tx|lookup)\(", p.read_text(encoding="utf-8"))
                and "cache.py" not in p.name]


def test_strings_format_and_fall_back_to_japanese() -> None:
    assert t("lag_too_few", "en", shown="3", unit="areas", p=20) == "3 areas are too few: a bottom 20% is not defined"
    assert t("cells_too_few", "ja") == "団体数不足" and t("kaso_none", "ja") == "—"
    assert t("app_title", "fr") == t("app_title", "ja") == "地域デジタル格差アトラス"
    assert t("upload_heading", "en") == "Map your own data" and t("map_download_png_print", "ja").startswith("PNG")
