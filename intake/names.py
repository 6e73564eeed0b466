"""How names and labels are compared: one fold for the build and the upload.

Publishers disagree on spellings of the same municipality: ケ/ヶ (the code list
writes 龍ケ崎市, others 龍ヶ崎市), 檮/梼 (檮原町), 惠/恵 (住民基本台帳 writes 須惠町
for 須恵町, 40344), full- and half-width forms, and spaces or line breaks
inside a cell. Names are folded here, once, so a name the build accepts is
the name an upload accepts.
"""

from __future__ import annotations

import unicodedata

#: Variant characters folded to the code list's form before names are compared.
_VARIANTS = str.maketrans({"ケ": "ヶ", "檮": "梼", "惠": "恵"})


def fold_label(text: object) -> str:
    """Compare headers the way a reader would: width-folded (NFKC), no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def fold_name(name: object) -> str:
    """A municipality or prefecture name with the known variant spellings folded (see the module)."""
    return fold_label(name).translate(_VARIANTS)


def same_name(given: str, official: str) -> bool:
    """True when ``given`` is ``official`` up to variant spellings and a leading 郡 name (野付郡別海町)."""
    return fold_name(given).endswith(fold_name(official))
