"""Every shipped input folder documents where it came from, and its checksums still hold."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
FOLDERS = sorted(p for p in RAW.iterdir() if p.is_dir())
_ROW = re.compile(r"^\|\s*(?:(\d{8})\s*\|\s*)?`?([^`|]+?)`?\s*\|\s*\d+\s*\|\s*`([0-9a-f]{64})`\s*\|$", re.MULTILINE)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_source_md_lists_every_file_with_its_sha256(folder: Path) -> None:
    text = (folder / "SOURCE.md").read_text(encoding="utf-8")
    for field in ("Publisher", "Reference date", "Licence", "Format and quirks"):
        assert f"**{field}" in text, f"{folder.name}/SOURCE.md lacks {field}"
    listed = {
        (folder / "static" / "data" / snapshot / name if snapshot else folder / name): digest
        for snapshot, name, digest in _ROW.findall(text)
    }
    files = {p for p in folder.rglob("*") if p.is_file() and p.name != "SOURCE.md"}
    assert set(listed) == files
    for path, digest in listed.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
