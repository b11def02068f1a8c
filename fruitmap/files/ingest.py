"""The upload pipeline: read → map columns → build geometry → validate → import.

The page and the command line call the same functions::

    raw = read_upload(name, data)                      # or read_path(path)
    mapping = suggest_mapping(raw.columns, "plants")    # the user may change it
    prepared = prepare(raw, "plants", mapping, crs=None)
    prepared.errors, prepared.warnings                  # shown to the user
    import_prepared(workspace, prepared, mode="replace", user="Lan")

:func:`import_prepared` refuses (``InputError`` carrying the problems) while there are
errors; otherwise it writes through :meth:`fruitmap.workspace.geopackage.Workspace.write`, which is all
or nothing and records the change in ``history``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fruitmap.errors import InputError, Problem, WorkspaceError
from fruitmap.files import coords
from fruitmap.files.colmap import GEOMETRY_TARGETS, WKT, X, Y, apply_mapping, suggest_mapping
from fruitmap.files.readers import RawTable, read_path, read_upload
from fruitmap.files.validate import decimal_comma_column, parse_number, validate_frame
from fruitmap.schema import EDITABLE_LAYERS, get_layer

MODES = ("replace", "append")


@dataclass
class Prepared:
    """A file made ready for import, with every problem found.

    Attributes
    ----------
    layer : str
        The contract layer.
    frame : DataFrame or GeoDataFrame
        The rows in their in-memory form (EPSG:4326 geometry for spatial layers).
    problems : list of Problem
        Errors first, then warnings.
    file_name, sha256, format : str
        The source file.
    mapping : dict
        File header → target used.
    crs : str or None
        The CRS the coordinates were read in.
    suggested_crs : str or None
        A CRS to offer when the file's coordinates need one and none was given.
    """

    layer: str
    frame: pd.DataFrame
    problems: list[Problem]
    file_name: str
    sha256: str
    format: str
    mapping: dict = field(default_factory=dict)
    crs: str | None = None
    suggested_crs: str | None = None

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems shown but not stopping the import."""
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when the file may be imported."""
        return not self.errors

    def report(self, lang: str = "vi") -> list[str]:
        """Return one line per problem in ``lang``, errors first."""
        from fruitmap.i18n import t

        labels = {"error": t("upload.severity_error", lang),
                  "warning": t("upload.severity_warning", lang)}
        return [labels.get(p.severity, p.severity) + ": " + p.message(lang)
                for p in self.problems]


def _coordinates(frame: pd.DataFrame, sources: dict[str, str], crs: str | None, file: str,
                 rows: list[int]) -> tuple[list, list[Problem], str | None, str | None]:
    """Build points from the mapped X/Y columns; return (points, problems, crs, suggested)."""
    import shapely

    problems: list[Problem] = []
    raw_x, raw_y = frame[sources[X]], frame[sources[Y]]
    xs, bad_x = _coordinate_numbers(raw_x)
    ys, bad_y = _coordinate_numbers(raw_y)
    # one problem per unreadable cell, in row order, X before Y within a row
    bad = sorted([(i, 0) for i in bad_x] + [(i, 1) for i in bad_y])
    for i, which in bad:
        target, values = (X, raw_x) if which == 0 else (Y, raw_y)
        problems.append(Problem("not_a_number", "error", file=file, row=rows[i],
                                column=sources[target], value=values.iloc[i]))
    ok = np.isfinite(xs) & np.isfinite(ys)
    suggested = None
    if crs is None:
        guess = coords.guess_crs(xs[ok], ys[ok])
        if guess == coords.WGS84:
            crs = coords.WGS84
        elif guess is not None:
            suggested = guess
            problems.append(Problem("crs_needed", "error", file=file, column=sources[X],
                                    params={"suggested": guess}))
    if crs is not None and ok.any():
        is_degrees = coords.parse_crs(crs, file).is_geographic
        if is_degrees and coords.looks_swapped_degrees(xs[ok], ys[ok]):
            xs, ys = ys, xs
            problems.append(Problem("lonlat_swapped", "warning", file=file,
                                    column=f"{sources[X]} / {sources[Y]}"))
        elif not is_degrees and coords.looks_swapped_metres(xs[ok], ys[ok]):
            xs, ys = ys, xs
            problems.append(Problem("xy_swapped", "warning", file=file,
                                    column=f"{sources[X]} / {sources[Y]}"))
        elif not is_degrees and coords.looks_like_degrees(xs[ok], ys[ok]):
            problems.append(Problem("crs_mismatch", "error", file=file, column=sources[X],
                                    params={"crs": crs}))
            return [None] * len(frame), problems, crs, coords.WGS84
        lon, lat = coords.transform_xy(xs, ys, crs)
    else:
        lon, lat = xs, ys
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    keep = ok & np.isfinite(lon) & np.isfinite(lat) if crs is not None else np.zeros(len(ok), bool)
    points = np.full(len(frame), None, dtype=object)
    points[keep] = shapely.points(lon[keep], lat[keep])
    return list(points), problems, crs, suggested


def _coordinate_numbers(values: pd.Series) -> tuple[np.ndarray, list[int]]:
    """Parse a coordinate column; return (numbers with NaN where none, positions unreadable).

    Each distinct cell is parsed once (decimal number, decimal comma or degrees-minutes-
    seconds); a filled cell that is none of these is unreadable.
    """
    comma = decimal_comma_column(values)
    cells = values.tolist()

    def parse(value) -> float | None:
        number = parse_number(value, comma)
        return coords.parse_dms(value) if number is None else number

    try:
        keys = list(zip(map(type, cells), cells, strict=True))
        parsed = {key: parse(key[1]) for key in dict.fromkeys(keys)}
        numbers = [parsed[key] for key in keys]
    except TypeError:  # unhashable cells: one by one
        numbers = [parse(v) for v in cells]
    out = np.array([np.nan if n is None else n for n in numbers], dtype=float)
    unread = [i for i in np.flatnonzero(np.isnan(out)) if not _blank(cells[i])]
    return out, unread


def _blank(value) -> bool:
    from fruitmap.columns import is_missing

    return is_missing(value)


def _file_geometry(raw: RawTable, crs: str | None) -> tuple[list, list[Problem], str | None,
                                                             str | None]:
    """Return the file's own geometries in EPSG:4326 (with problems, CRS used, suggestion)."""
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(raw.frame[["geometry"]], geometry="geometry")
    source = crs or raw.crs
    problems: list[Problem] = []
    if source is None:
        bounds = gdf.geometry.bounds.dropna()
        xs = np.concatenate([bounds["minx"], bounds["maxx"]])
        ys = np.concatenate([bounds["miny"], bounds["maxy"]])
        guess = coords.guess_crs(xs, ys)
        if guess == coords.WGS84:
            source = coords.WGS84
            problems.append(Problem("crs_assumed", "warning", file=raw.file_name,
                                    params={"crs": coords.WGS84}))
        else:
            problems.append(Problem("crs_needed", "error", file=raw.file_name,
                                    params={"suggested": guess or coords.SUGGESTED_PROJECTED}))
            return [None] * len(gdf), problems, None, guess or coords.SUGGESTED_PROJECTED
    from pyproj.exceptions import CRSError, ProjError

    target_crs = coords.parse_crs(source, raw.file_name)
    try:
        gdf = gdf.set_crs(target_crs, allow_override=True)
        if not target_crs.equals("EPSG:4326"):
            gdf = gdf.to_crs(coords.WGS84)
    except (CRSError, ProjError, ValueError) as exc:
        raise InputError("crs_invalid", [Problem("crs_invalid", file=raw.file_name,
                                                 value=str(source)[:80])],
                         value=str(source)[:80]) from exc
    return list(gdf.geometry), problems, coords.crs_code(target_crs), None


def _wkt_geometry(values: pd.Series, crs: str | None, file: str, rows: list[int]
                  ) -> tuple[list, list[Problem], str | None, str | None]:
    """Parse a column of WKT text (fruitmap's own CSV/XLSX exports write shapes so).

    The shapes are in EPSG:4326 unless ``crs`` says otherwise (then transformed, like
    X/Y coordinates); metres without a CRS ask for one. A cell that is not WKT is an
    error naming its row, column and value.
    """
    import geopandas as gpd
    import shapely

    column = str(values.name)
    texts = np.array([v.strip() if isinstance(v, str) and v.strip() else None
                      for v in values.tolist()], dtype=object)
    geoms = shapely.from_wkt(texts, on_invalid="ignore")
    given = texts != None  # noqa: E711 (element-wise)
    bad = given & shapely.is_missing(geoms)
    problems = [Problem("bad_wkt", "error", file=file, row=rows[i], column=column,
                        value=str(values.iloc[i])[:60]) for i in np.flatnonzero(bad)]
    # Non-text cells (a number where a shape belongs) are as wrong as unreadable text.
    odd = np.array([not (_blank(v) or isinstance(v, str)) for v in values.tolist()], dtype=bool)
    problems += [Problem("bad_wkt", "error", file=file, row=rows[i], column=column,
                         value=values.iloc[i]) for i in np.flatnonzero(odd)]
    ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    suggested = None
    if crs is None:
        bounds = shapely.bounds(geoms[ok]) if ok.any() else np.empty((0, 4))
        guess = coords.guess_crs(np.concatenate([bounds[:, 0], bounds[:, 2]]),
                                 np.concatenate([bounds[:, 1], bounds[:, 3]]))
        if guess is None or guess == coords.WGS84:
            crs = coords.WGS84
        else:
            problems.append(Problem("crs_needed", "error", file=file, column=column,
                                    params={"suggested": guess}))
            return [None] * len(values), problems, None, guess
    series = gpd.GeoSeries(geoms, crs=coords.parse_crs(crs, file))
    if not series.crs.equals("EPSG:4326"):
        series = series.to_crs(coords.WGS84)
    return list(series), problems, crs, suggested


def fill_ids_and_names(raw: RawTable, layer: str, frame: pd.DataFrame,
                       sources: dict[str, str]) -> list[Problem]:
    """Make ids (and names) that the file lacks, in place in ``frame``; return the warnings.

    Ids are required in the workspace, not in an upload (see :mod:`fruitmap.files.ids`): when the
    id column is not mapped, or some of its cells are blank, fruitmap makes readable and
    stable ids for those rows. A blank cell of the (mapped) name column gets a name from the
    layer's word and its row number ("Vùng 12"); an unmapped name column stays an error.
    One warning each says how many were made.
    """
    from fruitmap.files.ids import NAME_WORDS, make_ids, row_digests

    spec = get_layer(layer)
    rows = raw.rows
    problems: list[Problem] = []
    n = len(frame)
    names = frame["name"] if "name" in frame.columns else pd.Series([None] * n, dtype=object)
    id_col = spec.id_column
    if id_col:
        given = frame[id_col] if id_col in frame.columns else pd.Series([None] * n,
                                                                          dtype=object)
        blank = _blank_cells(given)
        if blank.any():
            digests = row_digests(raw.frame.reset_index(drop=True))
            taken = set(given[~blank].map(str).str.strip())
            made = make_ids(layer, names[blank], digests[blank], taken)
            filled = given.astype(object).copy()
            filled[blank] = made
            frame[id_col] = filled.to_numpy()
            problems.append(Problem(
                "ids_made", "warning", file=raw.file_name, column=sources.get(id_col),
                params={"n": int(blank.sum()), "total": n, "example": str(made.iloc[0])}))
    # Names only for blank cells of a mapped name column (a placemark left unnamed): a file
    # whose name column was not recognised must be mapped by the person, not named "Vùng 2".
    if "name" in spec.required and layer in NAME_WORDS and "name" in frame.columns:
        no_name = _blank_cells(names)
        if no_name.any():
            positions = np.flatnonzero(no_name.to_numpy())
            made_names = names.astype(object).copy()
            made_names[no_name] = [f"{NAME_WORDS[layer]} {rows[i]}" for i in positions]
            frame["name"] = made_names.to_numpy()
            shown = ", ".join(str(rows[i]) for i in positions[:10])
            problems.append(Problem(
                "names_made", "warning", file=raw.file_name, column=sources.get("name"),
                params={"n": len(positions), "rows": shown + (" …" if len(positions) > 10
                                                              else ""),
                        "example": made_names.iloc[positions[0]]}))
    return problems


def _blank_cells(values: pd.Series) -> pd.Series:
    # column-wise: missing (None, NaN, NA) or text that is only spaces
    text = values.astype(object).astype("string")
    return (text.isna() | text.str.strip().eq("")).fillna(True).astype(bool)


def prepare(raw: RawTable, layer: str, mapping: dict[str, str | None] | None = None,
            crs: str | None = None, admin_units=None, province="auto") -> Prepared:
    """Map, locate and validate a read file as ``layer``.

    Parameters
    ----------
    raw : RawTable
        From :func:`fruitmap.files.readers.read_upload` or :func:`read_path`.
    layer : str
        The contract layer to read the file as.
    mapping : dict, optional
        File header → contract column (or ``"x"``/``"y"``), None to ignore a column; by
        default :func:`fruitmap.files.colmap.suggest_mapping`.
    crs : str, optional
        CRS of the coordinates (``"EPSG:9206"``), overriding what the file says.
    admin_units : GeoDataFrame, optional
        The workspace's admin units, for the "outside the province" warning.
    province : shapely geometry, None or ``"auto"``
        The province outline; ``"auto"`` takes it from ``admin_units`` or the bundled file,
        None skips the check.

    Returns
    -------
    Prepared
    """
    spec = get_layer(layer)
    file = raw.file_name
    if layer not in EDITABLE_LAYERS:
        raise InputError("layer_not_editable", value=layer)
    if crs is not None and str(crs).strip():
        crs = coords.crs_code(coords.parse_crs(crs, file))
    else:
        crs = None
    if mapping is None:
        mapping = suggest_mapping(raw.columns, layer)
    sources = apply_mapping(raw.columns, mapping)
    rows = raw.rows
    frame = pd.DataFrame({target: raw.frame[src].to_numpy()
                          for target, src in sources.items() if target not in GEOMETRY_TARGETS},
                         index=range(len(raw.frame)))
    problems: list[Problem] = list(raw.notes)
    problems.extend(fill_ids_and_names(raw, layer, frame, sources))
    used_crs, suggested = None, None
    if spec.is_spatial:
        import geopandas as gpd

        if raw.is_spatial and raw.frame.geometry.notna().any():
            geoms, found, used_crs, suggested = _file_geometry(raw, crs)
        elif WKT in sources:
            geoms, found, used_crs, suggested = _wkt_geometry(raw.frame[sources[WKT]], crs,
                                                              file, rows)
        elif X in sources and Y in sources:
            geoms, found, used_crs, suggested = _coordinates(raw.frame, sources, crs, file, rows)
        else:
            geoms = [None] * len(frame)
            found = [Problem("no_coordinates", "error", file=file)]
        problems.extend(found)
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index),
                                 crs=coords.WGS84)
    clean, found = validate_frame(frame, layer, file=file, rows=rows, sources=sources)
    if any(p.code == "crs_needed" for p in problems):
        # without a CRS every row lacks a location; one problem says why
        found = [p for p in found if p.code != "missing_geometry"]
    problems.extend(found)
    if spec.is_spatial and used_crs is not None:
        if province == "auto":
            province = coords.province_shape(admin_units)
        problems.extend(coords.location_problems(list(clean.geometry), rows, file, province))
    ignored = [c for c, target in mapping.items() if not target and c in raw.columns]
    problems.extend(Problem("column_ignored", "warning", file=file, column=c) for c in ignored)
    problems.sort(key=lambda p: (p.severity != "error", p.row or 0))
    return Prepared(layer, clean, problems, file, raw.sha256, raw.format, dict(mapping),
                    used_crs, suggested)


def validate_upload(name: str, data: bytes, layer: str, *, mapping=None, crs=None,
                    sheet=None, source_layer=None, admin_units=None) -> Prepared:
    """Read and prepare an uploaded file in one call (see :func:`prepare`)."""
    raw = read_upload(name, data, sheet=sheet, source_layer=source_layer)
    return prepare(raw, layer, mapping, crs=crs, admin_units=admin_units)


def validate_path(path: str | os.PathLike, layer: str, *, mapping=None, crs=None, sheet=None,
                  source_layer=None, admin_units=None) -> Prepared:
    """Read and prepare a file on disk in one call (see :func:`prepare`)."""
    raw = read_path(path, sheet=sheet, source_layer=source_layer)
    return prepare(raw, layer, mapping, crs=crs, admin_units=admin_units)


def import_prepared(workspace, prepared: Prepared, mode: str = "replace",
                    user: str | None = None) -> list[dict]:
    """Write a prepared file into the workspace, all or nothing, and record it in history.

    Parameters
    ----------
    workspace : fruitmap.workspace.geopackage.Workspace
    prepared : Prepared
    mode : {"replace", "append"}
        Replace the layer, or add the rows to what is stored (ids must stay unique).
    user : str, optional
        Name recorded in history.

    Returns
    -------
    list of dict
        The history rows written.

    Raises
    ------
    InputError
        When the file has errors (nothing is written), or appended ids already exist.
    fruitmap.errors.WorkspaceError
        When the write fails (the workspace then reads as before).
    """
    if mode not in MODES:
        raise InputError("bad_mode", value=mode, allowed=", ".join(MODES))
    if prepared.errors:
        raise InputError("import_refused", prepared.errors, file=prepared.file_name,
                         n=len(prepared.errors))
    spec = get_layer(prepared.layer)
    if mode == "append" and spec.id_column and workspace.exists():
        existing = workspace.read(prepared.layer)
        taken = {str(v).strip().casefold() for v in existing[spec.id_column].dropna()}
        clashes = [Problem("id_exists", "error", file=prepared.file_name, column=spec.id_column,
                           value=v)
                   for v in prepared.frame[spec.id_column].dropna()
                   if str(v).strip().casefold() in taken]
        if clashes:
            raise InputError("import_refused", clashes, file=prepared.file_name,
                             n=len(clashes))
    return workspace.write({prepared.layer: prepared.frame}, action="import", who=user,
                           source_file=prepared.file_name, source_sha256=prepared.sha256,
                           mode=mode)


def import_file(workspace, path: str | os.PathLike | None = None, *, layer: str,
                name: str | None = None, data: bytes | None = None, mode: str = "replace",
                crs: str | None = None, user: str | None = None, mapping=None,
                sheet: str | None = None, source_layer: str | None = None
                ) -> tuple[Prepared, list[dict]]:
    """Read, validate and import a file (from ``path``, or ``name`` + ``data``).

    Returns
    -------
    (Prepared, list of dict)
        The prepared file (with its warnings) and the history rows written.

    Raises
    ------
    InputError
        When the file cannot be read or has errors; nothing is written.
    """
    if mode not in MODES:
        raise InputError("bad_mode", value=mode, allowed=", ".join(MODES))
    if data is not None:
        raw = read_upload(name or "upload", data, sheet=sheet, source_layer=source_layer)
    else:
        raw = read_path(path, sheet=sheet, source_layer=source_layer)
    admin = None
    if workspace.exists() and layer != "admin_units":
        try:
            admin = workspace.read("admin_units")
        except WorkspaceError:
            admin = None
    prepared = prepare(raw, layer, mapping, crs=crs, admin_units=admin)
    return prepared, import_prepared(workspace, prepared, mode=mode, user=user)
