"""A folium map on which the user clicks a point (``st_folium``'s ``last_clicked``).

Shared by the scenarios page (where a new facility goes) and the siting page (candidate
points drawn by hand).
"""

from __future__ import annotations

from streamlit_folium import st_folium


def clicked_point(m, key: str, height: int) -> tuple[float, float] | None:
    """Show ``m`` and return the point last clicked on it as ``(lon, lat)`` (6 decimals).

    Parameters
    ----------
    m : folium.Map
    key : str
        Widget key of the map (declared in ``ui/state.py``).
    height : int
        Height of the map in pixels.

    Returns
    -------
    (float, float) or None
        ``st_folium`` keeps returning the last click on every rerun, so callers compare it
        with the point they already handled before acting on it.
    """
    out = st_folium(m, key=key, height=height, use_container_width=True,
                    returned_objects=["last_clicked"]) or {}
    last = out.get("last_clicked")
    if last and "lat" in last and "lng" in last:
        return round(float(last["lng"]), 6), round(float(last["lat"]), 6)
    return None
