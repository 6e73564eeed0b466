"""Reading hostile and large uploads: time and peak memory of ``intake``'s readers, one fresh process per case.

Cases: a 100,000-row XLSX and the same rows as CSV (the largest upload a
session accepts); the 4.7 KB-class sparse XLSX whose cells are A1 and
XFD1048576, with its ``<dimension>`` telling the truth, absent, or lying; a
1.1 MB CSV of 100,000 columns. Each case runs in its own interpreter so
``ru_maxrss`` is that case's peak; ``rss_extra_mib`` is the peak above the
interpreter with the readers imported. ``python -m bench upload`` or
``python -m bench.upload``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from bench.common import emit

ROWS = 100_000
CASES = ("xlsx_100k_rows", "csv_100k_rows", "xlsx_sparse_declared", "xlsx_sparse_no_dimension",
         "xlsx_sparse_lying_dimension", "csv_100k_columns")


def _sheet_zip(sheet_xml: str) -> bytes:
    """A minimal one-sheet workbook around ``sheet_xml`` (what an attacker writes by hand)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def _sparse(dimension: str | None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return _sheet_zip(
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'{dim}<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )


def _rows() -> list[tuple[str, str, float]]:
    codes = [("131016", "千代田区"), ("011002", "札幌市"), ("362018", "徳島市"), ("473821", "与那国町")]
    return [(codes[i % 4][0], codes[i % 4][1], i / 10) for i in range(ROWS)]


def _data(case: str) -> tuple[str, bytes]:
    if case == "xlsx_100k_rows":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(["団体コード", "市区町村名", "値"])
        for row in _rows():
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return "rows.xlsx", out.getvalue()
    if case == "csv_100k_rows":
        return "rows.csv", ("団体コード,市区町村名,値\n" + "".join(f"{c},{n},{v}\n" for c, n, v in _rows())).encode()
    if case == "csv_100k_columns":
        return "wide.csv", (",".join(f"c{i}" for i in range(100_000)) + "\n").encode()
    dimension = {"xlsx_sparse_declared": "A1:XFD1048576", "xlsx_sparse_lying_dimension": "A1:B2"}.get(case)
    return "sparse.xlsx", _sparse(dimension)


def child(case: str, path: Path) -> dict[str, Any]:
    """Read ``path`` once in this process: seconds, peak RSS, and what the reader said."""
    import resource
    import time

    from intake import InputError, UserSpec, read_table

    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    spec = UserSpec(where=path.name, file=path.name, base_dir=None, source_id="bench", source_entry={}, indicators=())
    started, cpu = time.perf_counter(), time.process_time()
    try:
        table = read_table(spec, data, path.name)
        outcome = f"read {len(table.rows):,} rows"
    except InputError as exc:
        outcome = f"refused ({exc.code})"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": case, "bytes": len(data), "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mib": peak / 1024,
            "rss_extra_mib": (peak - before) / 1024, "outcome": outcome}


def main() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            name, data = _data(case)
            path = Path(tmp) / name
            path.write_bytes(data)
            run = subprocess.run([sys.executable, "-m", "bench.upload", case, str(path)],
                                 capture_output=True, text=True, check=True, timeout=600)
            result = json.loads(run.stdout.strip().splitlines()[-1])
            results[case] = result
            for key in ("bytes", "seconds", "cpu_seconds", "peak_rss_mib", "rss_extra_mib", "outcome"):
                emit(f"upload.{case}.{key}", result[key])
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(child(sys.argv[1], Path(sys.argv[2]))))
    else:
        main()
