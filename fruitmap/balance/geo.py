"""Great-circle reach between points, for the supply–capacity balance.

Distances are great-circle distances on a sphere of radius :data:`EARTH_RADIUS_KM` (the
IUGG mean Earth radius, 6371.0088 km), computed from 3-D unit vectors: the chord ``c``
between two unit vectors and the central angle ``θ`` satisfy ``c = 2 sin(θ/2)``, so a
k-d tree radius query on chords (:class:`scipy.spatial.cKDTree`) finds exactly the pairs
within a great-circle radius. No planar projection is involved, so nothing is measured in
degrees.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088


def unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return an ``(n, 3)`` array of unit vectors for longitudes/latitudes in degrees."""
    lo = np.radians(np.asarray(lon, dtype="float64"))
    la = np.radians(np.asarray(lat, dtype="float64"))
    cos_la = np.cos(la)
    return np.column_stack([cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)])


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    """Convert chord lengths between unit vectors into great-circle kilometres."""
    half = np.clip(np.asarray(chord, dtype="float64") / 2.0, 0.0, 1.0)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(half)


def great_circle_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between two sets of points (haversine, degrees in)."""
    lo1, la1, lo2, la2 = (np.radians(np.asarray(v, dtype="float64"))
                          for v in (lon1, lat1, lon2, lat2))
    h = (np.sin((la2 - la1) / 2) ** 2
         + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _chord_radius(max_gc_km: float) -> float:
    theta = max_gc_km / EARTH_RADIUS_KM
    if theta >= np.pi:
        return 2.0 + 1e-9
    # A hair of slack so that points exactly on the limit are found; the caller filters
    # again on the exact distance.
    return 2.0 * np.sin(theta / 2.0) * (1 + 1e-9) + 1e-12


def reach_pairs(src_xyz: np.ndarray, dst_xyz: np.ndarray,
                max_gc_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return every (source, destination) pair within ``max_gc_km`` on the great circle.

    Parameters
    ----------
    src_xyz, dst_xyz : ndarray of shape (n, 3)
        Unit vectors (see :func:`unit_vectors`).
    max_gc_km : float
        Largest great-circle distance in km (inclusive).

    Returns
    -------
    (src_index, dst_index, km) : tuple of ndarray
        Indices into the inputs and the great-circle distance of each pair in km, sorted by
        source then destination.
    """
    empty = (np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64"), np.zeros(0))
    if len(src_xyz) == 0 or len(dst_xyz) == 0 or max_gc_km < 0:
        return empty
    radius = _chord_radius(max_gc_km)
    found = cKDTree(src_xyz).sparse_distance_matrix(
        cKDTree(dst_xyz), radius, output_type="ndarray")
    if len(found) == 0:
        return empty
    i = found["i"].astype("int64")
    j = found["j"].astype("int64")
    # Recompute the distance from the vectors: the tree reports it too, but a dot product
    # keeps full precision for the inclusive comparison at the limit.
    chord = np.linalg.norm(src_xyz[i] - dst_xyz[j], axis=1)
    km = chord_to_km(chord)
    keep = km <= max_gc_km * (1 + 1e-12) + 1e-9
    order = np.lexsort((j[keep], i[keep]))
    return i[keep][order], j[keep][order], km[keep][order]


def count_within(src_xyz: np.ndarray, dst_xyz: np.ndarray, max_gc_km: float,
                 sample: int = 2000, seed: int = 0) -> float:
    """Estimate the number of (source, destination) pairs within ``max_gc_km``.

    Counts the neighbours of at most ``sample`` sources (a deterministic random sample) and
    scales up, so that the size of a problem can be judged before building it.
    """
    if len(src_xyz) == 0 or len(dst_xyz) == 0 or max_gc_km < 0:
        return 0.0
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(src_xyz), size=min(sample, len(src_xyz)), replace=False)
    counts = cKDTree(dst_xyz).query_ball_point(src_xyz[idx], _chord_radius(max_gc_km),
                                               return_length=True)
    return float(np.mean(counts)) * len(src_xyz)
