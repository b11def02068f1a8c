"""What both workspace backends (GeoPackage folder, PostGIS database) share on top of ``read``."""

from __future__ import annotations

import pandas as pd


class HistoryReading:
    """The history of a workspace read through its ``read("history")``.

    Both backends store ``history`` as a table with the same columns, so reading it newest
    first, and the time of the latest change, are the same code for both.
    """

    def read(self, name: str) -> pd.DataFrame:  # pragma: no cover - defined by the backend
        raise NotImplementedError

    def history(self) -> pd.DataFrame:
        """Return the change history, newest first."""
        hist = self.read("history")
        if len(hist):
            hist = hist.sort_values("change_id", ascending=False, kind="stable")
        return hist.reset_index(drop=True)

    def last_changed(self) -> str | None:
        """Return the ISO time of the latest recorded change, or None."""
        hist = self.read("history")
        return None if hist.empty else str(hist["when"].iloc[-1])
