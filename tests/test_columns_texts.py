"""Text cells read back from a GeoPackage (fruitmap.columns.from_storage), on tiny frames.

Reading 200,000 zones found the missing text cells one by one; now pandas finds them at
once. What a cell becomes must not change: None, NaN, NA and blank text are missing (the
column's default, else None), anything else is ``str(value)`` as it was.
"""

import numpy as np
import pandas as pd

from fruitmap.columns import from_storage, is_missing
from fruitmap.schema import PLANTS


def test_missing_text_cells_take_the_default_and_others_stay_as_written():
    cells = ["operating", "  ", None, np.nan, "planned ", 3, pd.NA, ""]
    df = pd.DataFrame({"name": [f"P{i}" for i in range(8)], "status": cells,
                       "unit_code": cells}, index=range(10, 18))
    out = from_storage(df, PLANTS)
    # status has a default ("operating"), unit_code none.
    assert out["status"].tolist() == ["operating", "operating", "operating", "operating",
                                      "planned ", "3", "operating", "operating"]
    assert out["unit_code"].tolist() == ["operating", None, None, None, "planned ", "3", None,
                                         None]
    assert out.index.tolist() == list(range(10, 18))
    # The same as one is_missing call per cell, as before.
    assert out["unit_code"].tolist() == [None if is_missing(v) else str(v) for v in cells]


def test_text_columns_read_as_arrow_strings_keep_their_values():
    df = pd.DataFrame({"name": pd.Series(["Vùng A", None, " "], dtype="str")})
    assert from_storage(df, PLANTS)["name"].tolist() == ["Vùng A", None, None]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8"),
                                             max_size=6),
                          st.sampled_from([" ", "\t", "\u00a0", "\x1c", "\u2003", "\u200b"])),
                max_size=12))
def test_arrow_strings_read_in_one_pass_as_one_cell_at_a_time(cells):
    # The one-pass path for Arrow-backed text gives what the per-cell path gives.
    arrow = from_storage(pd.DataFrame({"status": pd.Series(cells, dtype="str")}), PLANTS)
    plain = from_storage(pd.DataFrame({"status": pd.Series(cells, dtype=object)}), PLANTS)
    assert arrow["status"].tolist() == plain["status"].tolist()
    assert arrow["status"].dtype == plain["status"].dtype == object
