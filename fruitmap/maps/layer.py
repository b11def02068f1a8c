"""Compact, column-wise map layers: geometry and texts encoded with array operations.

Building a GeoJSON feature per row (``iterrows``, ``shapely.geometry.mapping``, a popup per
row) cost seconds per thousand features and wrote tens of megabytes for a province. Here a
whole layer is encoded at once:

- coordinates are rounded to 1e-5 degree (about 1 m), delta-encoded along the layer and
  written as zigzag LEB128 varints in base64 (about 1.5 bytes per coordinate instead of ~10
  characters of JSON);
- polygons carry their structure as two varint arrays: rings per feature and vertices per
  ring (the closing vertex is dropped, the browser closes the ring);
- texts (tooltips, popup rows) are columns: each distinct value is formatted and
  HTML-escaped once in Python, and each feature refers to it by a varint code; the browser
  joins the parts for one feature only when its tooltip or popup opens.

``static/fruitmap/fm_layers.js`` decodes a layer and draws it: as ordinary Leaflet vector
layers (SVG elements with a class name) up to :data:`CANVAS_FROM` features, above that on one
canvas per layer with its own hit testing. See ``docs/maps.md``.
"""

from __future__ import annotations

import base64
import copy
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from fruitmap.maps.html import esc, script_json

SCALE = 100_000  # coordinates in 1e-5 degree, about 1 m
CANVAS_FROM = 1_500  # layers with more features than this are drawn on a canvas
SHAPES = ("circle", "square", "diamond", "hollow")
POLYGON_TYPES = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


# --- varints ---------------------------------------------------------------------------

def varint_b64(values: np.ndarray) -> str:
    """Return non-negative integers as unsigned LEB128 varints in base64 (vectorised).

    Parameters
    ----------
    values : numpy.ndarray
        Integers ≥ 0 (below 2**53, so that JavaScript numbers hold them exactly).
    """
    v = np.asarray(values, dtype=np.int64)
    if v.size and v.min() < 0:
        raise ValueError("varints hold non-negative integers; zigzag signed values first")
    v = v.astype(np.uint64)
    # Bytes per value: one per started group of 7 bits.
    length = np.ones(v.size, dtype=np.int64)
    for k in range(1, 8):
        length += v >= np.uint64(1 << (7 * k))
    out = np.empty(int(length.sum()), dtype=np.uint8)
    start = np.cumsum(length) - length
    for g in range(int(length.max()) if v.size else 0):
        has = length > g
        byte = (v[has] >> np.uint64(7 * g)) & np.uint64(0x7F)
        more = (length[has] > g + 1).astype(np.uint64) << np.uint64(7)
        out[start[has] + g] = (byte | more).astype(np.uint8)
    return base64.b64encode(out.tobytes()).decode("ascii")


def varint_decode(text: str) -> np.ndarray:
    """Inverse of :func:`varint_b64` (for tests and tools; the browser decodes in JS)."""
    data = np.frombuffer(base64.b64decode(text), dtype=np.uint8).astype(np.int64)
    ends = np.flatnonzero(data < 128)
    values, begin = [], 0
    for end in ends:  # test helper: sizes here are small
        group = data[begin:end + 1] & 0x7F
        values.append(int(sum(int(b) << (7 * i) for i, b in enumerate(group))))
        begin = end + 1
    return np.array(values, dtype=np.int64)


def zigzag(values: np.ndarray) -> np.ndarray:
    """Map signed integers to non-negative ones (0, -1, 1, -2 … → 0, 1, 2, 3 …)."""
    v = np.asarray(values, dtype=np.int64)
    return np.where(v < 0, -2 * v - 1, 2 * v)


def unzigzag(values: np.ndarray) -> np.ndarray:
    """Inverse of :func:`zigzag`."""
    v = np.asarray(values, dtype=np.int64)
    return np.where(v % 2 == 1, -(v + 1) // 2, v // 2)


def encode_coordinates(xy: np.ndarray) -> str:
    """Return ``(n, 2)`` lon/lat degrees as interleaved delta varints of 1e-5 degree."""
    q = np.round(np.asarray(xy, dtype=float).reshape(-1, 2) * SCALE).astype(np.int64)
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return varint_b64(zigzag(deltas.ravel()))


def decode_coordinates(text: str) -> np.ndarray:
    """Inverse of :func:`encode_coordinates`: ``(n, 2)`` lon/lat degrees."""
    deltas = unzigzag(varint_decode(text)).reshape(-1, 2)
    return np.cumsum(deltas, axis=0) / SCALE


def polygon_structure(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(rings_per_feature, vertices_per_ring, lonlat)`` of (multi)polygons.

    Multipolygon parts and holes are all rings of their feature (drawn with the even-odd
    rule); each ring's closing vertex is left out.
    """
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    coords, vertex_of = shapely.get_coordinates(rings, return_index=True)
    sizes = np.bincount(vertex_of, minlength=len(rings))
    keep = np.ones(len(coords), dtype=bool)
    keep[np.cumsum(sizes)[sizes > 0] - 1] = False  # the closing vertex
    per_feature = np.bincount(part_of[ring_of], minlength=len(geoms))
    return per_feature, np.maximum(sizes - 1, 0), coords[keep]


def spec_bytes(spec: dict) -> bytes:
    """Return ``spec`` as compact UTF-8 JSON (what a data file holds)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- texts ----------------------------------------------------------------------------

def esc_all(texts: list) -> list[str]:
    """Return :func:`fruitmap.maps.html.esc` of every item, in one pass over joined text.

    ``html.escape`` once on the texts joined by NUL costs a few C-level replaces instead of
    one Python call per text (200,000 names: about half the time).
    """
    parts = ["" if v is None else str(v) for v in texts]
    joined = "\x00".join(parts)
    if joined.count("\x00") != max(len(parts) - 1, 0):
        return [esc(v) for v in parts]  # a text holds NUL itself: one by one
    return esc(joined).split("\x00") if parts else []


def _keys(values: pd.Series) -> pd.Series:
    return values.astype(str) if values.dtype == object else values


class TextColumns:
    """Per-feature texts of one layer, column by column.

    Each distinct value of a column is formatted and escaped once; features hold codes.
    A column is referred to by the index :meth:`add` returns.

    Parameters
    ----------
    n : int
        Number of features.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.columns: list[dict] = []
        self._raw: list[tuple[list[str], np.ndarray | None]] = []  # for subset()

    def add(self, values: Any, fmt: Callable[[Any], str] = str) -> int:
        """Add a column: ``fmt(value)`` of each distinct value (escaped here); "" = omit."""
        s = pd.Series(values).reset_index(drop=True)
        if len(s) != self.n:
            raise ValueError(f"column of {len(s)} values for {self.n} features")
        return self._add(_keys(s), s.to_numpy(dtype=object), fmt)

    def add_joint(self, frame: pd.DataFrame, fmt: Callable[..., str]) -> int:
        """Add a column made from several: ``fmt(*values)`` per distinct combination."""
        frame = frame.reset_index(drop=True)
        key = pd.Series([""] * self.n, dtype=object) if self.n else pd.Series([], dtype=object)
        for name in frame.columns:
            key = key + "\x1f" + frame[name].astype(str)
        rows = frame.to_numpy(dtype=object)
        return self._add(key, rows, lambda row: fmt(*row))

    def constant(self, text: str) -> int:
        """Add a column holding the same text for every feature (escaped here)."""
        self.columns.append({"k": esc(text)})
        self._raw.append(([esc(text)], None))
        return len(self.columns) - 1

    def _add(self, keys: pd.Series, originals: np.ndarray, fmt: Callable[[Any], str]) -> int:
        codes, _ = pd.factorize(keys, use_na_sentinel=False)
        _, first = np.unique(codes, return_index=True)
        # Formatted once per distinct value, escaped all at once.
        return self._store(esc_all([fmt(originals[i]) for i in first]), codes)

    def _store(self, texts: list[str], codes: np.ndarray) -> int:
        # Codes number the texts in order of first appearance (pd.factorize's order).
        self._raw.append((texts, codes))
        if len(texts) == self.n:
            # All distinct: first occurrences are the rows themselves, in order.
            self.columns.append({"v": texts})
        elif len(texts) == 1:
            self.columns.append({"k": texts[0] if self.n else ""})
        else:
            self.columns.append({"d": texts, "c": varint_b64(codes)})
        return len(self.columns) - 1

    def subset(self, rows: np.ndarray) -> TextColumns:
        """Return the columns of the features at positions ``rows`` (same column indexes).

        Texts are not formatted again: a tile of a large layer reuses the layer's texts.
        """
        rows = np.asarray(rows, dtype=np.int64)
        out = TextColumns(len(rows))
        for texts, codes in self._raw:
            if codes is None:
                out.columns.append({"k": texts[0]})
                out._raw.append((texts, None))
                continue
            picked = codes[rows]
            # Renumber in order of first appearance, as _add does.
            used, first, inverse = np.unique(picked, return_index=True, return_inverse=True)
            rank = np.empty(len(used), dtype=np.int64)
            rank[np.argsort(first, kind="stable")] = np.arange(len(used))
            out._store([texts[int(u)] for u in used[np.argsort(first, kind="stable")]],
                       rank[inverse.ravel()])
        return out


# --- the layer element ------------------------------------------------------------------

class _Text(Element):
    """Text put into the page as it is (branca would parse an Element's text as Jinja)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        """Return the text unchanged."""
        return self._text


class DataElement(MacroElement):
    """A map element whose data (layer specs) may travel outside the map's script.

    Specs are kept as built and never changed: copies of the map share them
    (``copy.deepcopy`` of a province map would otherwise copy megabytes of texts).
    :meth:`externalise` replaces large specs in the script by a reference ``{"src": url}``
    that ``fm_layers.js`` fetches (see :mod:`fruitmap.maps.channel`).
    """

    _SHARED: tuple[str, ...] = ()
    # While set (on a private copy of a map, see :func:`stand_ins`), the script holds this
    # short token where the element's data goes, and the caller puts the data in afterwards.
    stand_in: str | None = None

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            if name not in self._SHARED:
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone

    def externalise(self, store: Callable[..., str | None]) -> None:
        """Let ``store(spec)`` keep specs elsewhere; it returns their URL (None: keep inline).

        ``store(spec, always=True)`` stores whatever the spec's size.
        """
        raise NotImplementedError

    def data_json(self) -> str:
        """The element's data as JSON safe in a ``<script>`` (what the stand-in stands for)."""
        raise NotImplementedError


STAND_IN = re.compile(r"<fm-data (\d+)>")


def stand_ins(elements: Sequence[DataElement]) -> list[str]:
    """Let ``elements`` write a stand-in token instead of their data; return the data.

    A script written meanwhile holds ``<fm-data i>`` where element ``i``'s JSON goes:
    string processing of the whole script (``st_folium``'s dedent, regular expressions and
    hash over ~4 MB at 20,000 zones) then works on a few kilobytes, and
    :func:`put_data` puts the data in. The token cannot occur in the data itself
    (:func:`fruitmap.maps.html.script_json` escapes every ``<``). Use it on a private copy
    of a map: the elements are changed.
    """
    data = []
    for i, element in enumerate(elements):
        data.append(element.data_json())
        element.stand_in = f"<fm-data {i}>"
    return data


def put_data(script: str, data: Sequence[str]) -> str:
    """Return ``script`` with each ``<fm-data i>`` token replaced by ``data[i]``."""
    return STAND_IN.sub(lambda match: data[int(match.group(1))], script)


def reference(spec: dict, url: str | None) -> dict:
    """The stand-in of ``spec`` in a script when its data is at ``url`` (else ``spec``)."""
    if url is None:
        return spec
    return {"src": url, "kind": spec["kind"], "cls": spec["cls"], "n": spec["n"]}


class FeatureLayer(DataElement):
    """A compact layer added to its parent (a FeatureGroup) by ``fmLayer`` in the browser.

    Build one with :func:`polygon_layer` or :func:`point_layer`.

    branca renders a MacroElement's script and then compiles that output as a Jinja template
    (``Element(script(...))``): with megabytes of data that lexing took seconds on every
    rerun, and a name containing ``{{ ... }}`` would have been evaluated as a template. The
    script is therefore added to the page as plain text. streamlit-folium does not render the
    page but calls each element's ``script`` macro (which only fills in, never re-parses).
    """

    _SHARED = ("spec", "_memo")
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fmLayer({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: dict, bounds: list) -> None:
        super().__init__()
        self._name = "FeatureLayer"
        self.spec = spec
        self.src: str | None = None
        self._bounds = bounds
        # Shared by the map's copies (specs never change): the spec's JSON, written once.
        self._memo: dict[str, str] = {}

    @property
    def spec_json(self) -> str:
        """The spec (or its reference once externalised) as JSON safe in a ``<script>``."""
        return self.stand_in or self.data_json()

    def data_json(self) -> str:
        """The spec (or its reference once externalised) as JSON safe in a ``<script>``."""
        if self.src is not None:
            return script_json(reference(self.spec, self.src))
        text = self._memo.get("json")
        if text is None:
            text = self._memo["json"] = script_json(self.spec)
        return text

    def twin(self) -> FeatureLayer:
        """A new layer element drawing the same spec (sharing it and its written JSON)."""
        twin = FeatureLayer(self.spec, self._bounds)
        twin._memo = self._memo
        return twin

    def externalise(self, store: Callable[[dict], str | None]) -> None:
        """Keep the spec at ``store(spec)`` (when it returns a URL) instead of in the script."""
        data = self._memo.get("bytes")
        if data is None:  # the map's copies share it: the spec is written out once
            data = self._memo["bytes"] = spec_bytes(self.spec)
        self.src = store(self.spec, data=data)

    def render(self, **kwargs) -> None:
        """Add ``fmLayer(parent, spec);`` to the page's script, not parsed by Jinja."""
        code = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Text(code), name=self.get_name())

    def get_bounds(self):
        """Return ``[[south, west], [north, east]]`` of the features (used by folium)."""
        return self._bounds


def _bounds(lonlat: np.ndarray) -> list:
    if len(lonlat) == 0:
        return [[None, None], [None, None]]
    west, south = lonlat.min(axis=0)
    east, north = lonlat.max(axis=0)
    return [[float(south), float(west)], [float(north), float(east)]]


def _spec(kind: str, class_name: str, n: int, styles: Sequence[dict], style_codes,
          texts: TextColumns | None, tip: Sequence[int], popup: dict | None,
          interactive: bool) -> dict:
    # Only the styles in use travel (and are renumbered in order).
    codes = (np.zeros(n, dtype=np.int64) if style_codes is None
             else np.asarray(style_codes, dtype=np.int64))
    used, codes = np.unique(codes, return_inverse=True)
    styles = [styles[int(i)] for i in used]
    spec: dict[str, Any] = {"kind": kind, "cls": class_name, "n": int(n),
                            "canvasFrom": CANVAS_FROM, "styles": styles,
                            "interactive": bool(interactive), "tip": list(tip),
                            "popup": popup, "cols": texts.columns if texts else []}
    if len(styles) > 1:
        spec["style"] = varint_b64(codes)
    return spec


def polygon_layer(geoms: np.ndarray, class_name: str, styles: Sequence[dict],
                  style_codes: Any = None, texts: TextColumns | None = None,
                  tip: Sequence[int] = (), popup: dict | None = None,
                  interactive: bool = True) -> FeatureLayer:
    """Return a layer of (multi)polygons.

    Parameters
    ----------
    geoms : numpy.ndarray of shapely geometries
        Polygons or multipolygons in EPSG:4326 (already simplified for display).
    class_name : str
        CSS class of the features (of the layer's canvas above :data:`CANVAS_FROM`).
    styles : sequence of dict
        Leaflet path styles; ``style_codes`` picks one per feature (default: the first).
    texts : TextColumns, optional
        The layer's text columns; ``tip`` and ``popup`` refer to them by index.
    tip : sequence of int
        Tooltip: the title column, then one column per line (empty texts are left out).
    popup : dict, optional
        ``{"title": col, "sub": col, "rows": [[escaped_label, col], ...]}``.
    interactive : bool
        False for boundaries that must not catch the mouse.
    """
    return FeatureLayer(*polygon_spec(geoms, class_name, styles, style_codes, texts, tip,
                                      popup, interactive))


def polygon_spec(geoms: np.ndarray, class_name: str, styles: Sequence[dict],
                 style_codes: Any = None, texts: TextColumns | None = None,
                 tip: Sequence[int] = (), popup: dict | None = None,
                 interactive: bool = True) -> tuple[dict, list]:
    """Return ``(spec, bounds)`` of a polygon layer (arguments of :func:`polygon_layer`)."""
    geoms = np.asarray(geoms, dtype=object)
    per_feature, sizes, lonlat = polygon_structure(geoms)
    spec = _spec("polygon", class_name, len(geoms), styles, style_codes, texts, tip, popup,
                 interactive)
    spec.update(rings=varint_b64(per_feature), sizes=varint_b64(sizes),
                xy=encode_coordinates(lonlat))
    return spec, _bounds(lonlat)


def point_layer(lonlat: np.ndarray, class_name: str, colors: Sequence[str], radius: Any,
                shape: str = "circle", texts: TextColumns | None = None,
                tip: Sequence[int] = (), popup: dict | None = None,
                interactive: bool = True) -> FeatureLayer:
    """Return a layer of point symbols.

    Parameters
    ----------
    lonlat : numpy.ndarray
        ``(n, 2)`` longitudes and latitudes.
    class_name : str
        CSS class of the markers (of the layer's canvas above :data:`CANVAS_FROM`).
    colors : sequence of str
        Hex colour of each marker.
    radius : array-like of float
        Radius of each marker in pixels (0.1 px steps).
    shape : {"circle", "square", "diamond", "hollow"}
        Circle marker, filled square, turned square, outlined square.
    texts, tip, popup, interactive
        As for :func:`polygon_layer`.
    """
    return FeatureLayer(*point_spec(lonlat, class_name, colors, radius, shape, texts, tip,
                                    popup, interactive))


def point_spec(lonlat: np.ndarray, class_name: str, colors: Sequence[str], radius: Any,
               shape: str = "circle", texts: TextColumns | None = None,
               tip: Sequence[int] = (), popup: dict | None = None,
               interactive: bool = True) -> tuple[dict, list]:
    """Return ``(spec, bounds)`` of a point layer (arguments of :func:`point_layer`)."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}, not {shape!r}")
    lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    colors = pd.Series(list(colors) if not isinstance(colors, pd.Series) else colors)
    bad = ~colors.astype(str).str.fullmatch(r"#[0-9a-fA-F]{3,8}")
    if bad.any():
        raise ValueError(f"marker colour must be a hex colour, not {colors[bad].iloc[0]!r}")
    codes, uniques = pd.factorize(colors)
    styles = [{"fillColor": str(c)} for c in uniques]
    spec = _spec("point", class_name, len(lonlat), styles, codes, texts, tip, popup,
                 interactive)
    tenths = np.round(np.asarray(radius, dtype=float) * 10).astype(np.int64)
    spec.update(shape=shape, xy=encode_coordinates(lonlat), radius=varint_b64(tenths))
    return spec, _bounds(lonlat)


def point_coordinates(geoms: np.ndarray) -> np.ndarray:
    """``(n, 2)`` lon/lat of points; other geometries give a point on their surface."""
    geoms = np.asarray(geoms, dtype=object)
    is_point = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
    where = np.where(is_point, geoms, shapely.point_on_surface(geoms))
    return np.column_stack([shapely.get_x(where), shapely.get_y(where)])


def radii(values: Any, scale: float, low: float, high: float) -> np.ndarray:
    """Marker radii in px on a square-root scale (the symbol's area follows the value)."""
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(v) & (v > 0)
    r = np.clip(scale * np.sqrt(np.where(ok, v, 0.0)), low, high)
    return np.round(np.where(ok, r, low), 1)


def kinds(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Masks ``(polygonal, point)`` of drawable geometries (missing and empty ones neither)."""
    geoms = np.asarray(geoms, dtype=object)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    type_id = shapely.get_type_id(geoms)
    return ok & np.isin(type_id, POLYGON_TYPES), ok & (type_id == shapely.GeometryType.POINT)


# --- reading layers back (tests and tools) ---------------------------------------------

def specs_in(script: str) -> list[dict]:
    """Return the layer specs written by :class:`FeatureLayer` into a map's HTML or script."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while (at := script.find("fmLayer(", at)) >= 0:
        start = script.find("{", at)
        comma = script.find(",", at)
        at += len("fmLayer(")
        if start < 0 or comma < 0 or comma > start:
            continue  # the definition in fm_layers.js, not a call with data
        spec, end = decoder.raw_decode(script, start)
        found.append(spec)
        at = end
    return found


def texts_of(spec: dict, column: int) -> list[str]:
    """Return the (escaped) text of column ``column`` for every feature of ``spec``."""
    col = spec["cols"][column]
    if "k" in col:
        return [col["k"]] * spec["n"]
    if "v" in col:
        return list(col["v"])
    return [col["d"][int(c)] for c in varint_decode(col["c"])]


def features_in(script: str, class_name: str) -> int:
    """Return how many features the layers of class ``class_name`` in ``script`` hold."""
    return sum(spec["n"] for spec in specs_in(script) if spec["cls"] == class_name)
