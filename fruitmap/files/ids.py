"""Ids made by fruitmap for files that have none (a Google Earth KMZ, an office's Excel list).

The contract needs an id on every row *in the workspace*, not in an upload. When a file's id
column is missing (or some of its cells are blank), fruitmap makes the ids:

- **readable**: the accent-free slug of the row's name (``kho-lanh-mai-son``), or the
  layer's prefix (``zone``, ``store`` ...) when the row has no name;
- **stable**: followed by a short digest of the row's *own* content (every cell of the file's
  row and its geometry as WKB), so the same row of the same file gets the same id whatever
  its position; importing a file twice in ``append`` mode is then caught as duplicate ids;
- **unique**: rows whose name and digest agree (identical rows) get ``-2``, ``-3`` ... in
  file order, and so does a made id that a given id of the file already uses.

Everything works column-wise (pandas string operations, one hash per row), so 100,000 rows
cost well under a second.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

from fruitmap.text import fold

# Used when a row has no name: short English words, like the contract's column names.
PREFIXES = {"zones": "zone", "plants": "plant", "cold_stores": "store",
            "industrial_areas": "area", "admin_units": "unit", "targets": "target"}
# A row without a name is called by the layer's word and its row in the file ("Vùng 12").
# Data, not interface: in Vietnamese, the language of the province's own names.
NAME_WORDS = {"zones": "Vùng", "plants": "Cơ sở", "cold_stores": "Kho lạnh",
              "industrial_areas": "Khu", "admin_units": "Đơn vị"}
SLUG_LENGTH = 32
DIGEST_CHARS = 8  # 32 bits: among 100,000 rows of one name, about one clash (then "-2")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugs(names: pd.Series) -> pd.Series:
    """Return the accent-free slug of each name (``"Kho lạnh Mai Sơn"`` → ``"kho-lanh-mai-son"``).

    Missing names give ``""``.
    """
    text = names.astype(object).where(names.notna(), "").astype(str)
    # Folding is per text: done once per distinct name (a layer repeats names a lot).
    distinct = pd.unique(text.to_numpy())
    folded = pd.Series([fold(v) for v in distinct], index=distinct, dtype=object)
    out = folded.str.replace(_NOT_SLUG, "-", regex=True).str.strip("-")
    out = out.str.slice(0, SLUG_LENGTH).str.rstrip("-")
    return pd.Series(out.reindex(text.to_numpy()).to_numpy(), index=names.index, dtype=object)


def row_digests(frame: pd.DataFrame) -> pd.Series:
    """Return a short hex digest of each row's own content (cells and geometry as WKB).

    Parameters
    ----------
    frame : DataFrame or GeoDataFrame
        The file's rows as read (every column, mapped or not: the digest does not change
        when the user maps the columns differently).
    """
    import shapely

    parts = []
    for col in sorted(str(c) for c in frame.columns):
        values = frame[col]
        if col == "geometry":
            wkb = shapely.to_wkb(np.asarray(values, dtype=object), hex=True)
            text = pd.Series(wkb, index=frame.index, dtype=object).fillna("")
        else:
            text = values.astype(str).where(values.notna(), "")
        parts.append(col + "=" + text)
    if parts:
        joined = parts[0].str.cat(parts[1:], sep="\x1f") if len(parts) > 1 else parts[0]
    else:
        joined = pd.Series([""] * len(frame), index=frame.index)
    return pd.Series([hashlib.blake2b(v.encode("utf-8"), digest_size=8).hexdigest()
                      [:DIGEST_CHARS] for v in joined.tolist()], index=frame.index, dtype=object)


def make_ids(layer: str, names: pd.Series, digests: pd.Series,
             taken: set[str] | None = None) -> pd.Series:
    """Return readable, stable ids: ``<slug of name or layer prefix>-<digest>[-n]``.

    Parameters
    ----------
    layer : str
        The contract layer (gives the prefix of rows without a name).
    names : Series
        The rows' names (missing allowed).
    digests : Series
        From :func:`row_digests`, same index.
    taken : set of str, optional
        Ids already used (the file's own ids), compared case-insensitively; a made id that
        clashes gets a suffix.
    """
    base = slugs(names)
    base = base.where(base != "", PREFIXES.get(layer, "row"))
    ids = base + "-" + digests
    # Identical rows (same name and content) share an id: number the repeats in file order.
    repeat = ids.groupby(ids, sort=False).cumcount()
    ids = ids.where(repeat == 0, ids + "-" + (repeat + 1).astype(str))
    if taken:
        used = {t.casefold() for t in taken}
        clash = ids.str.casefold().isin(used)
        if clash.any():
            ids = ids.where(~clash, ids + "-x")
    return ids

