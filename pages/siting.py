"""Siting page: where the next plants or cold stores should go to leave the least surplus."""

from __future__ import annotations

import streamlit as st

from fruitmap.i18n import fmt_number
from ui import state
from ui.balance_view import balance_params
from ui.common import error_boundary, footer, lang, layers, tr
from ui.siting_view import candidates_of, choices, run, show_result, signature
from ui.workspace_setup import missing_layer, require_workspace

st.title(tr("siting.title"))
st.caption(tr("siting.intro"))
require_workspace()

with error_boundary():
    params = balance_params()
    data = layers()
    if data["zones"].empty:
        missing_layer("zones")
    else:
        picked = choices(data)  # None: a typed list was refused (said on the page)
        cands = None if picked is None else candidates_of(data, picked)
        if cands is not None:
            st.caption(tr("siting.n_candidates", n=fmt_number(len(cands), lang())))
            sig = signature(picked, params, len(cands))
            if st.button(tr("siting.run"), type="primary", key=state.SITING_RUN):
                run(data, picked, cands, params, sig)
            kept = st.session_state.get(state.SITING_RESULT)
            if kept is None:
                st.info(tr("siting.empty"))
            else:
                if kept[0] != sig:
                    st.warning(tr("siting.stale"))
                show_result(data, kept[1], kept[2])
footer()
