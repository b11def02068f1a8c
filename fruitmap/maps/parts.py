"""Per-feature work of the explorer map, kept from the map of all layers for filtered maps.

A filtered map draws some rows of the same layers, and what :func:`fruitmap.maps.build.build_map`
computes for each feature depends on that feature's row only (and on the language): its
display geometry (simplified, projected back), its district (a spatial join with the district
polygons for features without a code) and its tooltip and popup texts. At 20,000 zones +
10,000 plants that was most of a filtered map's build (≈ 0.2 s of CPU for one crop, the
district join alone ≈ 0.12 s), done again for every new filter.

:class:`FeatureParts` records these while the map of all the layers is built
(:func:`fruitmap.maps.build.prepare_map`); a map of filtered rows (``build_map(...,
parts=...)``) takes them by row: rows are found by the layer's index (filtered layers keep the
index of the layer they come from, :func:`fruitmap.maps.filters.filter_layers`), geometries
and names are picked, and texts are subset (:meth:`fruitmap.maps.layer.TextColumns.subset`),
which gives the columns a fresh build would give.

Rows the parts do not know (another layer, an index not found, a language other than the
recorded one) are computed as before. Zones drawn in tiles (above
:data:`fruitmap.maps.summary.SUMMARY_FROM`) are not recorded: their texts are made when the
tiles are first asked for, and a filtered map of them is built as before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from fruitmap.maps.layer import FeatureLayer, TextColumns

Texts = tuple[TextColumns, list, dict]


class FeatureParts:
    """Display geometries, district names and texts of every feature of the full layers.

    Made empty by :func:`fruitmap.maps.build.prepare_map`, filled while it builds the map of
    all the layers, then read-only (:meth:`freeze`): shared by every filtered map of the same
    layers and language, across threads.

    Parameters
    ----------
    layers : mapping
        The full layers the map is built from (only their indexes are kept).
    lang : str
        Language of the texts.
    codes : mapping, optional
        :func:`fruitmap.maps.filters.layer_district_codes` of ``layers`` when the caller has
        them already (they serve the district filter too): the districts are not joined again.
    """

    def __init__(self, layers: dict[str, Any], lang: str,
                 codes: dict[str, pd.Series] | None = None) -> None:
        self.lang = lang
        self._codes = {name: c for name, c in (codes or {}).items()
                       if name in layers and c.index.equals(layers[name].index)}
        self._index = {name: frame.index for name, frame in layers.items()
                       if isinstance(frame, pd.DataFrame) and frame.index.is_unique}
        self._rows: dict[str, tuple[np.ndarray | None, pd.Series | None]] = {}
        self._texts: dict[tuple[str, Hashable], tuple[Texts, np.ndarray]] = {}
        self._layers: dict[tuple[str, Hashable], FeatureLayer] = {}
        self.recording = True

    def freeze(self) -> FeatureParts:
        """End the recording: from now on the parts are only read. Returns ``self``."""
        self.recording = False
        return self

    def positions(self, name: str, frame: pd.DataFrame) -> np.ndarray | None:
        """Positions of ``frame``'s rows in the full layer ``name``; None if not all found."""
        index = self._index.get(name)
        if index is None:
            return None
        pos = index.get_indexer(frame.index)
        return None if (pos < 0).any() else pos

    def codes(self, name: str, pos: np.ndarray | None) -> pd.Series | None:
        """District codes of rows ``pos`` of layer ``name`` given at the start, else None."""
        codes = self._codes.get(name)
        if codes is None or pos is None:
            return None
        return codes.iloc[pos].reset_index(drop=True)

    def _all(self, name: str, pos: np.ndarray | None) -> bool:
        return (pos is not None and len(pos) == len(self._index[name])
                and bool((pos == np.arange(len(pos))).all()))

    def _whole(self, name: str, pos: np.ndarray | None) -> bool:
        # Recorded only from the whole layer in its order: then every row is known.
        return self.recording and self._all(name, pos)

    def layer(self, name: str, part: Hashable, pos: np.ndarray | None,
              make: Callable[[], FeatureLayer]) -> FeatureLayer:
        """The layer element of one part of layer ``name`` for rows ``pos``.

        When ``pos`` is the whole layer (a filter that leaves it alone: a plant status
        leaves every zone) the recorded element's spec is drawn again, not encoded anew.
        """
        kept = self._layers.get((name, part))
        if kept is not None and not self.recording and self._all(name, pos):
            return kept.twin()
        made = make()
        if self._whole(name, pos):
            self._layers[(name, part)] = made.twin()  # (not the map it was added to)
        return made

    def rows(self, name: str, pos: np.ndarray | None,
             make: Callable[[], tuple[np.ndarray | None, pd.Series | None]]
             ) -> tuple[np.ndarray | None, pd.Series | None]:
        """``(display geometries, district names)`` of rows ``pos`` of layer ``name``.

        ``make()`` computes them for those rows (positionally; geometries may be None when
        the caller draws the raw ones); used and, while recording the whole layer, kept.
        """
        kept = self._rows.get(name)
        if kept is not None and pos is not None and not self.recording:
            geoms, district = kept
            return (None if geoms is None else geoms[pos],
                    None if district is None else district.iloc[pos].reset_index(drop=True))
        made = make()
        if self._whole(name, pos):
            self._rows[name] = made
        return made

    def texts(self, name: str, part: Hashable, pos: np.ndarray | None, mask: np.ndarray,
              make: Callable[[], Texts]) -> Texts:
        """Text columns, tooltip and popup of the rows ``pos[mask]`` of one part of a layer.

        ``part`` names the group of features the texts are made for (zones' polygons or
        points, factories or facilities …); ``make()`` makes them for those rows.
        """
        kept = self._texts.get((name, part))
        if kept is not None and pos is not None and not self.recording:
            (columns, tip, popup), rank = kept
            where = rank[pos[mask]]
            if not (where < 0).any():  # a row outside this part: made afresh below
                return columns.subset(where), tip, popup
        made = make()
        if self._whole(name, pos):
            rank = np.full(len(pos), -1, dtype=np.int64)
            rank[np.flatnonzero(mask)] = np.arange(int(np.count_nonzero(mask)))
            self._texts[(name, part)] = (made, rank)
        return made


def usable(parts: FeatureParts | None, lang: str) -> FeatureParts | None:
    """``parts`` when they hold texts in ``lang``, else None (computed as without them)."""
    return parts if parts is not None and parts.lang == lang else None
