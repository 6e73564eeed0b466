"""Make Chromium's PDF text come back as the characters on the page, and title it.

Skia (Chromium's PDF writer) builds each font's ``/ToUnicode`` map from the
font's own character map. Noto Sans CJK maps both the Kangxi radical ⽇
(U+2F47) and the ideograph 日 (U+65E5) to one glyph, and Skia keeps the lower
code point, so search and copy in a viewer give ⽇ ⼈ ⾃ instead of 日 人 自
(issue 14). The radicals are compatibility characters whose NFKC form *is*
the ideograph, so each mapping to one is folded back here. Skia also titles
every PDF "Kaleido-fier" (the page kaleido renders in); the document title
becomes the figure's own.

Noto Sans CJK's digits are not reached through its character map (Chromium
shapes them to alternate glyphs), so Skia maps them to U+0000 and copy gives
"Reference date: - -" with every number gone. ``latin_first`` puts a TrueType
Latin face (DejaVu Sans: fontconfig itself depends on it, so every Debian with
Chromium has it) before Noto in each font stack of a PDF's figure; Latin
letters and digits then come from a font Skia embeds with a full map, and
Japanese still from Noto.

Only the standard library: the PDF is rewritten object by object from its
cross-reference table (Skia writes a classic ``xref``), streams re-compressed
with their ``/Length`` updated and a fresh table written.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from typing import Any

#: CJK Radicals Supplement and Kangxi Radicals: compatibility forms of ideographs.
_RADICALS = (0x2E80, 0x2FDF)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BLOCK = re.compile(rb"(\d+) begin(bfchar|bfrange)\s(.*?)end\2", re.S)
_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


#: Before every font stack of a figure rendered to PDF (see the module note).
LATIN_FIRST = "DejaVu Sans"


def latin_first(fig: Any) -> Any:
    """A copy of a figure dict whose every font ``family`` starts with ``LATIN_FIRST``."""
    if isinstance(fig, dict):
        return {k: (f"{LATIN_FIRST}, {v}" if k == "family" and isinstance(v, str) and not v.startswith(LATIN_FIRST)
                    else latin_first(v)) for k, v in fig.items()}
    if isinstance(fig, list):
        return [latin_first(v) for v in fig]
    return fig


def fold(text: str) -> str:
    """Radicals to the ideographs they stand for (⽇ → 日); every other character as it is."""
    return "".join(unicodedata.normalize("NFKC", c) if _RADICALS[0] <= ord(c) <= _RADICALS[1] else c for c in text)


def _hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode("ascii")


def _unhex(code: bytes) -> str:
    return bytes.fromhex(code.decode("ascii")).decode("utf-16-be", errors="replace")


def fix_cmap(cmap: bytes) -> bytes:
    """A ``/ToUnicode`` CMap with every radical target folded (a range touching one becomes single entries)."""
    singles: list[tuple[bytes, str]] = []
    out, last = [], 0
    for match in _BLOCK.finditer(cmap):
        kind, body = match.group(2), match.group(3)
        if kind == b"bfchar":
            entries = [(src, fold(_unhex(dst))) for src, dst in _PAIR.findall(body)]
            singles += entries
        else:
            kept = []
            for lo, hi, dst in _RANGE.findall(body):
                start, width = _unhex(dst), len(lo)
                if len(start) == 1 and any(_RADICALS[0] <= ord(start) + i <= _RADICALS[1]
                                           for i in range(int(hi, 16) - int(lo, 16) + 1)):
                    singles += [(f"{code:0{width}X}".encode(), fold(chr(ord(start) + code - int(lo, 16))))
                                for code in range(int(lo, 16), int(hi, 16) + 1)]
                else:
                    kept.append(b"<%s> <%s> <%s>" % (lo, hi, dst))
            if kept:
                block = b"%d beginbfrange\n%s\nendbfrange" % (len(kept), b"\n".join(kept))
                out.append(cmap[last:match.start()] + block)
                last = match.end()
                continue
        out.append(cmap[last:match.start()])
        last = match.end()
    rest = cmap[last:]
    blocks = [
        b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), b"\n".join(b"<%s> <%s>" % (s, _hex(t)) for s, t in chunk))
        for chunk in (singles[i:i + 100] for i in range(0, len(singles), 100))  # at most 100 per block (PDF spec)
    ]
    where = rest.find(b"endcmap")
    return b"".join(out) + rest[:where] + b"".join(blocks) + rest[where:] if where >= 0 else cmap


def _objects(pdf: bytes) -> tuple[int, list[tuple[int, int]], bytes]:
    """(xref offset, [(object number, offset)] in file order, trailer text) from the classic xref table."""
    found = _XREF.search(pdf)
    if found is None:
        raise ValueError("no startxref")
    at = int(found.group(1))
    if not pdf.startswith(b"xref", at):
        raise ValueError("not a classic xref table")
    lines = pdf[at:].split(b"trailer", 1)
    rows = lines[0].split(b"\n")[1:]
    objects: list[tuple[int, int]] = []
    number = 0
    for row in (r.strip() for r in rows):
        parts = row.split()
        if len(parts) == 2:
            number = int(parts[0])
        elif len(parts) == 3:
            if parts[2] == b"n":
                objects.append((number, int(parts[0])))
            number += 1
    trailer = lines[1].split(b"startxref", 1)[0]
    return at, sorted(objects, key=lambda o: o[1]), trailer


def _fix_stream(chunk: bytes) -> bytes:
    start = chunk.find(b"stream")
    end = chunk.rfind(b"endstream")
    if start < 0 or end < 0 or b"/FlateDecode" not in chunk[:start]:
        return chunk
    body_start = start + len(b"stream") + (2 if chunk[start + 6:start + 8] == b"\r\n" else 1)
    body_end = end - 1 if chunk[end - 1:end] == b"\n" else end
    try:
        data = zlib.decompress(chunk[body_start:body_end])
    except zlib.error:
        return chunk
    if b"begincmap" not in data:
        return chunk
    packed = zlib.compress(fix_cmap(data))
    head = re.sub(rb"/Length \d+(?! \d+ R)", b"/Length %d" % len(packed), chunk[:start], count=1)
    return head + chunk[start:body_start] + packed + chunk[body_end:]


def _pdf_text(text: str) -> bytes:
    return b"<FEFF" + _hex(text) + b">"


def _retitle(chunk: bytes, title: str) -> bytes:
    new = b"/Title " + _pdf_text(title)
    if re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", chunk):
        return re.sub(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", lambda _: new, chunk, count=1)
    return chunk.replace(b"<<", b"<<" + new + b"\n", 1)


def searchable(pdf: bytes, title: str) -> bytes:
    """``pdf`` with its text mapped to ordinary characters and its document title set to ``title``.

    A file this module cannot read (not Skia's layout) is returned unchanged: the
    figure is still right, only its text layer keeps the radicals.
    """
    try:
        at, objects, trailer = _objects(pdf)
    except ValueError:
        return pdf
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    info_number = int(info.group(1)) if info else -1
    out = bytearray(pdf[:objects[0][1]] if objects else pdf[:at])
    offsets: dict[int, int] = {}
    for i, (number, offset) in enumerate(objects):
        chunk = pdf[offset:objects[i + 1][1] if i + 1 < len(objects) else at]
        chunk = _retitle(chunk, title) if number == info_number else _fix_stream(chunk)
        offsets[number] = len(out)
        out += chunk
    size = max(offsets, default=0) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer" + trailer + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
