"""Reading 国土数値情報「行政区域」(N03) files in whichever format a user brings.

MLIT distributes N03 as a zip holding a Shapefile whose attribute table is
Shift_JIS (CP932) and, in recent editions, a GeoJSON; the shipped copy is the
Digital Agency's TopoJSON derived from N03 2025; users may also convert it to
GeoPackage. All of them are read with pyogrio (GDAL), so one function covers
every format.

Two attribute schemas are understood (``SCHEMAS``), chosen by which code field
the layer has:

* MLIT's own (国土数値情報 行政区域データ 製品仕様書): ``N03_001`` 都道府県名,
  ``N03_003`` 郡・政令指定都市名, ``N03_004`` 市区町村名, ``N03_007`` 行政区域コード
  (LG5 text; blank for 所属未定地, unassigned land);
* the Digital Agency's (digital-go-jp/policy-dashboard-assets ``data/map``):
  ``lg_code_5`` (LG5) or ``lg_code`` (LG6), ``prefecture_name``,
  ``county_name``, ``city_name`` and ``is_hoppo_city`` (北方領土 village).
"""

from __future__ import annotations

import logging
import warnings
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from intake.codes import CodeError, normalise
from intake.errors import InputError

log = logging.getLogger(__name__)

CODE_FIELD = "N03_007"
NAME_FIELDS = {"N03_001": "prefecture_name", "N03_003": "district", "N03_004": "name"}

#: code field → (name fields → output column, 北方領土 flag field or None), in
#: order of preference; the first code field a layer has decides its schema.
SCHEMAS: dict[str, tuple[dict[str, str], str | None]] = {
    CODE_FIELD: (NAME_FIELDS, None),
    "lg_code_5": (
        {"prefecture_name": "prefecture_name", "county_name": "district", "city_name": "name"},
        "is_hoppo_city",
    ),
    "lg_code": (
        {"prefecture_name": "prefecture_name", "county_name": "district", "city_name": "name"},
        "is_hoppo_city",
    ),
}

#: Preference when a folder (or a zip) holds several candidates: an official
#: MLIT download (zip, or its Shapefile / GeoJSON unpacked) or a user's
#: GeoPackage wins over the shipped simplified TopoJSON (``.json``), because a
#: user who drops one in wants it used. Same rank: the name that sorts last
#: wins, which for N03 names (``N03-YY_YYMMDD``) is the newest edition.
SUFFIX_RANK = {".zip": 0, ".shp": 1, ".gpkg": 2, ".geojson": 3, ".json": 4}

#: A boundary folder may also hold prefecture outlines (``*prefectures*``,
#: ``ja_prefecture_area``); outlines are dissolved from the municipal coverage
#: instead, so borders match exactly.
IGNORED_STEM_PART = "prefecture"

#: Official N03 Shapefiles carry no ``.cpg`` and a DBF language id of 0, so
#: GDAL would decode names as Latin-1; the product specification says Shift_JIS.
SHAPEFILE_DEFAULT_ENCODING = "cp932"

#: CRSs that are latitude/longitude on (practically) the WGS 84 datum: JGD2011,
#: JGD2000 and WGS 84 differ by well under a metre. Anything else is reprojected.
LONLAT_EPSG = {4326, 6668, 4612}


def _rank(name: str) -> int | None:
    path = PurePosixPath(name)
    if path.name.startswith(".") or IGNORED_STEM_PART in path.stem.lower() or "__MACOSX" in path.parts:
        return None
    return SUFFIX_RANK.get(path.suffix.lower())


def _best(names: list[str]) -> str | None:
    ranked = [(rank, name) for name in names if (rank := _rank(name)) is not None]
    if not ranked:
        return None
    top = min(rank for rank, _ in ranked)
    return max(name for rank, name in ranked if rank == top)


def find_input(folder: Path) -> Path:
    """The N03 file to read in ``folder``, by ``SUFFIX_RANK`` (see there for why)."""
    if not folder.is_dir():
        raise InputError(folder, "", "boundary folder does not exist")
    best = _best([p.name for p in folder.iterdir() if p.is_file()])
    if best is None:
        wanted = ", ".join(SUFFIX_RANK)
        raise InputError(folder, "", f"no N03 boundary file found (looked for {wanted})")
    return folder / best


def _dataset(path: Path) -> tuple[str, str | None]:
    """GDAL dataset name and the encoding to force (only for Shapefiles without ``.cpg``)."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if not m.endswith("/")]
        except zipfile.BadZipFile as exc:
            raise InputError(path, "", f"not a readable zip file ({exc})") from exc
        member = _best(members)
        if member is None:
            raise InputError(path, "", "zip holds no .shp, .gpkg, .geojson or .json file")
        has_cpg = str(PurePosixPath(member).with_suffix(".cpg")).lower() in {m.lower() for m in members}
        is_shp = member.lower().endswith(".shp")
        return f"/vsizip/{path.resolve()}/{member}", SHAPEFILE_DEFAULT_ENCODING if is_shp and not has_cpg else None
    if path.suffix.lower() == ".shp" and not any(path.with_suffix(s).exists() for s in (".cpg", ".CPG")):
        return str(path), SHAPEFILE_DEFAULT_ENCODING
    return str(path), None


def _layer(path: Path, dataset: str, encoding: str | None) -> str | None:
    """The layer that holds the municipal polygons: the one with a code field (``SCHEMAS``).

    A TopoJSON may hold several objects (GDAL makes each a layer) and reports
    their geometry type as Unknown, so the attribute is the reliable test.
    ``None`` means the only layer (checked after reading, which saves GDAL a
    second parse of the file).
    """
    layers = [str(name) for name, _ in pyogrio.list_layers(dataset)]
    if len(layers) == 1:
        return None
    for name in layers:
        if set(SCHEMAS) & set(pyogrio.read_info(dataset, layer=name, encoding=encoding)["fields"]):
            return name
    raise InputError(path, f"layers {layers}", f"no layer has a code attribute ({', '.join(SCHEMAS)})")


def _code(path: Path, feature: int, field: str, raw: object) -> str | None:
    if raw is None or pd.isna(raw) or str(raw).strip() == "":
        return None
    try:
        return normalise(raw, width_hint=6 if field == "lg_code" else 5)
    except CodeError as exc:
        raise InputError(path, f"feature {feature}, column {field}", str(exc)) from exc


def _text(values: list[object]) -> pd.Series:
    # object columns holding None, not pandas' string dtype with NaN: callers test ``is None``
    return pd.Series([None if v is None or pd.isna(v) or str(v) == "" else str(v) for v in values], dtype=object)


def _read_frame(path: Path, dataset: str, encoding: str | None) -> pd.DataFrame:
    """Read every feature; close unclosed rings (a truncated export) and say so in the build log.

    A ring whose last point is not its first has one safe reading (close it), which
    shapely's ``on_invalid="fix"`` applies; a geometry it cannot fix stays missing and
    is refused by the parser with its area code.
    """
    layer = _layer(path, dataset, encoding)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Non closed ring", RuntimeWarning)  # GDAL's; said once below instead
        try:
            return pyogrio.read_dataframe(dataset, layer=layer, encoding=encoding)
        except (DataSourceError, DataLayerError) as exc:
            raise InputError(path, "", f"cannot be read as a vector dataset ({exc})") from exc
        except shapely.errors.GEOSException:
            pass
        fixed = pyogrio.read_dataframe(dataset, layer=layer, encoding=encoding, on_invalid="fix")
        strict = pyogrio.read_dataframe(dataset, layer=layer, encoding=encoding, on_invalid="ignore")
    field = next((f for f in SCHEMAS if f in fixed.columns), None)
    bad = np.flatnonzero(strict["geometry"].isna().to_numpy() & fixed["geometry"].notna().to_numpy())
    codes = [str(fixed[field].iloc[i]) if field else f"feature {i}" for i in bad]
    log.warning("%s: closed %d unclosed ring(s) in area(s) %s", path, len(bad), codes[:10])
    return fixed


def read_n03(path: Path) -> pd.DataFrame:
    """Read an N03 file (zip, Shapefile, GeoJSON, TopoJSON or GeoPackage).

    Returns one row per feature in file order: ``feature`` (0-based number in
    the file, for error messages), ``code`` (LG5 text, or None for 所属未定地),
    ``prefecture_name``, ``district``, ``name`` (None where absent),
    ``hoppo`` (the file's own 北方領土 flag; None when its schema has none) and
    ``geometry`` (shapely, longitude/latitude).
    """
    dataset, encoding = _dataset(path)
    frame = _read_frame(path, dataset, encoding)
    field = next((f for f in SCHEMAS if f in frame.columns), None)
    if field is None:
        wanted = " or ".join(SCHEMAS)
        raise InputError(path, "columns", f"no {wanted} (行政区域コード) attribute; found {list(frame.columns)}")
    names, flag = SCHEMAS[field]
    crs = frame.crs
    if crs is not None and crs.to_epsg() not in LONLAT_EPSG:
        frame = frame.to_crs(4326)
    out = pd.DataFrame({"feature": np.arange(len(frame))})
    out["code"] = pd.Series([_code(path, i, field, raw) for i, raw in enumerate(frame[field].tolist())], dtype=object)
    for source, column in names.items():
        out[column] = _text(frame[source].tolist() if source in frame.columns else [None] * len(frame))
    hoppo = frame[flag].tolist() if flag and flag in frame.columns else [None] * len(frame)
    out["hoppo"] = pd.Series([None if v is None or pd.isna(v) else bool(v) for v in hoppo], dtype=object)
    out["geometry"] = np.asarray(frame.geometry.values, dtype=object)
    return out
