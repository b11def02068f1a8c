"""The gap map: surplus by district for one crop and month, and the zones left with fruit.

Built with the map builder of :mod:`fruitmap.maps.build` (offline Leaflet assets, escaped
tooltips), so it draws with no internet like the explorer map.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from fruitmap.balance.story import crop_words, month_words
from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.maps.build import (
    COLD_STORE_COLOR,
    SEQUENTIAL_REDS,
    STATUS_COLORS,
    add_admin_units,
    add_choropleth,
    add_cold_stores,
    add_plants,
    base_map,
    province_bounds,
)
from fruitmap.maps.html import (
    Legend,
    legend_section,
    swatch_circle,
    swatch_fill,
    swatch_square,
)
from fruitmap.maps.layer import TextColumns, kinds, point_coordinates, point_layer

SURPLUS_ZONE_COLOR = "#b71c1c"
NO_FACILITY_COLOR = "#6a1b9a"
NONE_COLOR = "#f7f4ee"  # districts without surplus  # nothing that accepts the crop lies within reach at all


def surplus_breaks(values) -> list[float]:
    """Class edges for surplus tonnes: a first class for "none" (0 – 0.5 t), then quartiles
    of the positive values, so districts without surplus always look the same."""
    positive = np.asarray([v for v in values if np.isfinite(v) and v >= 0.5], dtype=float)
    if positive.size == 0:
        return [0.0, 0.5]
    quartiles = np.quantile(positive, [0.25, 0.5, 0.75, 1.0])
    return [0.0, 0.5, *sorted({float(q) for q in quartiles if q > 0.5})]


def surplus_palette(breaks: list[float]) -> list[str]:
    """One colour per class of :func:`surplus_breaks`: pale for "none", then reds."""
    reds = len(breaks) - 2
    return [NONE_COLOR] + (list(SEQUENTIAL_REDS)[-reds:] if reds > 0 else [])


def class_items(breaks: list[float], lang: str) -> list[tuple[str, str]]:
    """Legend rows of :func:`surplus_breaks` classes: "no surplus", then "a – b t"."""
    tonnes = t("unit.t", lang)
    colors = surplus_palette(breaks)
    items = [(swatch_fill(colors[0]), t("gap.map.legend_none", lang))]
    for i in range(1, len(breaks) - 1):
        low = fmt_number(max(breaks[i], 1.0), lang)
        items.append((swatch_fill(colors[i]), f"{low} – {fmt_number(breaks[i + 1], lang)} {tonnes}"))
    return items


def _counted(df: pd.DataFrame | None, crop: str, statuses) -> pd.DataFrame | None:
    """Facilities that accept ``crop`` and whose status counts in the balance."""
    if df is None or len(df) == 0:
        return df
    # Column-wise (10,000 plants per new crop): a blank status counts as operating, and a
    # facility with no crop list accepts every crop.
    if "status" in df.columns:
        status = df["status"].astype(object)
        blank = status.isna() | (status.astype(str).str.strip() == "")
        status = status.astype(str).where(~blank, "operating")
    else:
        status = pd.Series("operating", index=df.index)
    if "crops" in df.columns:
        crops = df["crops"].reset_index(drop=True)
        listed = crops.map(lambda c: isinstance(c, (list, tuple, set, frozenset)))
        lists = crops[listed].explode()
        takes = np.zeros(len(df), dtype=bool)
        takes[lists.index[lists.to_numpy() == crop].unique()] = True
        # Not a list: None/NaN accept every crop; anything else is read as one list.
        other = ~listed.to_numpy()
        takes[other] = [c is None or (isinstance(c, float) and np.isnan(c)) or crop in tuple(c)
                        for c in crops[other]]
    else:
        takes = np.ones(len(df), dtype=bool)
    return df[status.isin(tuple(statuses)).to_numpy() & takes]


def facility_layers(layers: Mapping[str, Any], crop: str, lang: str,
                    statuses=("operating",)) -> list[folium.MacroElement]:
    """Return the gap map's layers that do not depend on the month, ready to be copied in.

    The district boundaries and the plants and cold stores that accept ``crop`` (their
    tooltips, popups and varint-packed positions) are the same in every month, and were most
    of the time :func:`gap_map` took: build them once per crop and language and give them to
    :func:`gap_map` (``facilities``) for every month. Each map receives copies; the layers'
    data is shared by the copies (``DataElement``) and never changed.

    Parameters
    ----------
    layers : mapping
        The workspace's layers (``admin_units``, ``plants``, ``cold_stores``).
    crop : str
        The crop key: only facilities that accept it are drawn.
    lang : str
        ``"vi"`` or ``"en"``.
    statuses : iterable of str
        Plant statuses counted by the balance (the facilities drawn).

    Returns
    -------
    list of folium elements
        In drawing order, attached to no map.
    """
    scratch = folium.Map(tiles=None)
    add_admin_units(scratch, layers.get("admin_units"), lang)
    add_plants(scratch, _counted(layers.get("plants"), crop, statuses), lang, layers)
    add_cold_stores(scratch, _counted(layers.get("cold_stores"), crop, statuses), lang, layers)
    elements = list(scratch._children.values())
    for element in elements:  # detached: a copy must not drag the scratch map along
        element._parent = None
    return elements


def gap_map(layers: Mapping[str, Any], districts: pd.DataFrame, zones: pd.DataFrame,
            crop: str, month: int, lang: str, max_haul_km: float,
            statuses=("operating",), facilities: list | None = None) -> folium.Map:
    """Return the folium map of one crop's surplus in one month.

    Parameters
    ----------
    layers : mapping
        The workspace's layers (``admin_units``, ``zones``, ``plants``, ``cold_stores``).
    districts : DataFrame
        Balance rows of this crop and month by unit (``unit_code``, ``surplus_t``), see
        :func:`fruitmap.balance.tables.district_table`.
    zones : DataFrame
        Zones left with fruit (:func:`fruitmap.balance.tables.unabsorbed_zones`).
    crop, month : str, int
        The crop key and the month (1–12).
    lang : str
        ``"vi"`` or ``"en"``.
    max_haul_km : float
        The reach used by the balance (said in the tooltips of zones with nothing in reach).
    statuses : iterable of str
        Plant statuses counted by the balance (the plants drawn).
    facilities : list, optional
        :func:`facility_layers` of the same layers, crop, language and statuses, built once
        for every month; made here when not given.

    Returns
    -------
    folium.Map
        Districts coloured by surplus tonnes, the zones left with fruit as red circles sized
        by their surplus (purple when no plant or cold store is within reach), and the plants
        and cold stores that accept the crop.
    """
    m = base_map(lang, "none", province_bounds(layers))
    admin = layers.get("admin_units")
    tonnes = t("unit.t", lang)
    when = month_words(month, lang)
    if admin is not None and len(admin):
        shown = admin[admin["unit_code"].astype(str).isin(districts["unit_code"].astype(str))
                      | (admin["level"].astype(str) == "district")]
        surplus = districts.groupby(districts["unit_code"].astype(str))["surplus_t"].sum()
        shown = gpd.GeoDataFrame(shown.assign(
            surplus_t=shown["unit_code"].astype(str).map(surplus).fillna(0.0)))
        name = t("gap.map.layer_districts", lang, crop=crop_label(crop, lang), month=when)
        breaks = surplus_breaks(shown["surplus_t"])
        add_choropleth(m, shown, "surplus_t", lang, name, breaks=breaks,
                       palette=surplus_palette(breaks),
                       fmt=lambda v: f"{fmt_number(v, lang)} {tonnes}", legend=False)
        Legend(name, legend_section("", class_items(breaks, lang)),
               position="bottomleft").add_to(m)
    if facilities is None:
        facilities = facility_layers(layers, crop, lang, statuses)
    for element in facilities:
        copy.deepcopy(element).add_to(m)
    _add_zones(m, layers.get("zones"), zones, crop, when, lang, max_haul_km)
    items = [(swatch_circle(SURPLUS_ZONE_COLOR, 12), t("gap.map.legend_zone", lang)),
             (swatch_circle(NO_FACILITY_COLOR, 12),
              t("gap.map.legend_no_facility", lang, km=fmt_number(max_haul_km, lang))),
             (swatch_square(STATUS_COLORS["operating"], 12), t("map.layer.factories", lang)),
             (swatch_circle(STATUS_COLORS["operating"], 8), t("map.layer.facilities", lang)),
             (swatch_square(COLD_STORE_COLOR, 8, rotate=True), t("map.layer.cold_stores", lang))]
    Legend(t("map.legend.title", lang), legend_section("", items)).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def _add_zones(m: folium.Map, zone_layer, zones: pd.DataFrame, crop: str, when: str,
               lang: str, max_haul_km: float) -> None:
    if zone_layer is None or len(zone_layer) == 0 or len(zones) == 0:
        return
    where = zone_layer.set_index(zone_layer["zone_id"].astype(str)).geometry
    where = where[~where.index.duplicated(keep="first")]
    zones = zones.reset_index(drop=True)
    geoms = where.reindex(zones["zone_id"].astype(str)).to_numpy(dtype=object)
    polygonal, point = kinds(geoms)
    keep = polygonal | point
    if not keep.any():
        return
    zones, geoms = zones[keep].reset_index(drop=True), geoms[keep]
    no_facility = zones["no_facility"].astype(bool).to_numpy()
    texts = TextColumns(len(zones))

    def surplus_line(tonnes, share):
        share_text = "" if pd.isna(share) else f" ({fmt_number(share, lang)} %)"
        return t("gap.map.tip_surplus", lang, tonnes=fmt_number(tonnes, lang), month=when,
                 crop=crop_words(crop, lang)) + share_text

    def reach_line(none, plants, stores):
        if none:
            return t("gap.map.tip_no_facility", lang, km=fmt_number(max_haul_km, lang))
        return t("gap.map.tip_reach", lang, plants=fmt_number(plants, lang),
                 stores=fmt_number(stores, lang))

    tip = [texts.add(zones["name"]),
           texts.add_joint(zones[["surplus_t", "surplus_share"]], surplus_line),
           texts.add_joint(zones[["no_facility", "plants_in_reach", "stores_in_reach"]],
                           reach_line)]
    surplus = pd.to_numeric(zones["surplus_t"], errors="coerce").fillna(0).clip(lower=0)
    top = float(surplus.max())
    radius = (np.round(3 + 8 * np.sqrt(surplus.to_numpy() / top), 1) if top > 0
              else np.full(len(zones), 4.0))
    colors = np.where(no_facility, NO_FACILITY_COLOR, SURPLUS_ZONE_COLOR)
    group = folium.FeatureGroup(name=t("gap.map.layer_zones", lang), show=True)
    group.add_child(point_layer(point_coordinates(geoms), "fm-unabsorbed", colors, radius,
                                "circle", texts, tip))
    group.add_to(m)
