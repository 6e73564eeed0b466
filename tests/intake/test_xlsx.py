"""A workbook is bounded before and while it is read (issue 15: a 4.7 KB XLSX with cells A1 and
XFD1048576 grew a worker's memory without limit).

The attack files are written here by hand, as an attacker would: a few hundred bytes of XML in a
zip, with a ``<dimension>`` that tells the truth, lies, or is absent.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from intake import InputError, Table, UserSpec, read_table
from intake.limits import MAX_COLUMNS, MAX_ROWS

_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_BOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="攻撃" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_BOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""


def _workbook(cells: str, dimension: str | None) -> bytes:
    """A one-sheet XLSX whose sheet XML is ``cells`` (``<row>`` elements) under ``dimension``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{cells}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("[Content_Types].xml", _TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _BOOK),
            ("xl/_rels/workbook.xml.rels", _BOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ):
            z.writestr(name, text)
    return out.getvalue()


def _far_cells(last_row: int = 1048576, last_col: str = "XFD") -> str:
    return (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        f'<row r="{last_row}"><c r="{last_col}{last_row}"><v>1</v></c></row>'
    )


def _read(data: bytes, name: str = "attack.xlsx") -> Table:
    spec = UserSpec(where=name, file=name, base_dir=None, source_id="upload", source_entry={}, indicators=())
    return read_table(spec, data, name)


def _refused(data: bytes) -> InputError:
    with pytest.raises(InputError) as info:
        _read(data)
    assert info.value.code == "table_too_large"
    message = str(info.value)
    assert message.startswith("attack.xlsx: sheet '攻撃': the table spans "), message
    return info.value


def test_declared_far_dimension_is_refused_before_reading_a_cell() -> None:
    data = _workbook(_far_cells(), "A1:XFD1048576")
    assert len(data) < 5_000  # the attack is tiny
    error = _refused(data)
    assert error.fields["size"] == "A1:XFD1048576"


@pytest.mark.parametrize("dimension", [None, "A1:B2"], ids=["absent", "lying"])
def test_far_cell_is_refused_while_streaming_when_the_dimension_is_absent_or_lies(dimension: str | None) -> None:
    _refused(_workbook(_far_cells(), dimension))


@pytest.mark.parametrize("dimension", [None, "A1:A1"], ids=["absent", "lying"])
def test_too_many_rows_are_refused_while_streaming(dimension: str | None) -> None:
    _refused(_workbook(_far_cells(last_row=MAX_ROWS + 1, last_col="A"), dimension))


def test_too_wide_a_row_is_refused_while_streaming() -> None:
    from openpyxl.utils import get_column_letter

    _refused(_workbook(_far_cells(last_row=2, last_col=get_column_letter(MAX_COLUMNS + 1)), "A1:B2"))


def test_sparse_sheet_within_bounds_is_read_as_a_rectangle() -> None:
    """Gaps read as blank cells, and every row is as wide as the widest, as Excel shows the sheet."""
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>団体コード</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>値</t></is></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>131016</t></is></c><c r="C4"><v>2.5</v></c></row>'
    )
    table = _read(_workbook(cells, None))
    assert table.header == ("団体コード", "", "値")
    assert table.rows == ((4, ("131016", None, 2.5)),)
