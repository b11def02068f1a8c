"""Gap page: glut calendar, one crop's monthly balance, surplus map, plant utilisation."""

from __future__ import annotations

import streamlit as st

from fruitmap.balance import charts as bc
from fruitmap.balance.story import district_rows
from fruitmap.crops import crop_label
from ui import gap_view, state
from ui.balance_view import (
    balance,
    balance_key,
    balance_layers,
    balance_params,
    choice,
    source_caption,
)
from ui.common import error_boundary, footer, lang, tr
from ui.page_cache import shared
from ui.workspace_setup import missing_layer, require_workspace

language = lang()
st.title(tr("gap.title"))
st.caption(tr("gap.intro"))
require_workspace()


with error_boundary():
    params = balance_params()
    data = balance_layers()  # the chosen scenario's, else the data
    result = balance(params)
    KEY = balance_key(params)
    units = shared("gap.units", KEY, lambda: district_rows(result.units, data.get("admin_units")))
    crops = shared("gap.crops", KEY,
                   lambda: bc.main_crops(units, limit=len(units)) if len(units) else [])
    if data["zones"].empty:
        missing_layer("zones")
    elif not crops:
        st.info(tr("gap.empty"))
    else:
        crop = choice(tr("gap.crop"), state.GAP_CROP, crops, crops[0],
                      lambda c: crop_label(c, language), container=st.columns([1, 3])[0])
        peak = gap_view.show_story(units, crop, data, params, KEY, language)
        source_caption(params, result)
        measure = gap_view.show_calendar(units, KEY, language)
        gap_view.show_crop(units, crop, data, params, KEY, language)
        month = gap_view.show_map(result, units, crop, peak, data, params, KEY, language)
        gap_view.show_plants(result, KEY, language)
        source_caption(params, result)
        # The page is drawn: the other measure, the crop's other months, the other crops and
        # this page in the other language are built ahead in the background.
        gap_view.build_ahead(result, units, crops, crop, month, measure, data, params, KEY,
                             language)
footer()
