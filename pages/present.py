"""Presentation mode: saved views (or a default sequence) as full-width projector slides."""

from __future__ import annotations

import streamlit as st

from fruitmap.workspace.views import list_views
from ui.common import error_boundary, layers, workspace
from ui.present_view import (
    BODIES,
    build_ahead,
    current_index,
    footer,
    setup,
    slides,
    top_bar,
)
from ui.workspace_setup import missing_layer, require_workspace

setup()
require_workspace()
with error_boundary():
    if layers()["zones"].empty:  # the slides still run, on the boundaries alone
        missing_layer("zones")
    has_saved = len(list_views(workspace())) > 0
    sequence = slides()
    index = current_index(len(sequence))
    slide = sequence[index]
    top_bar(slide, index, len(sequence))
    with st.container(key="present_body"):
        with error_boundary():  # one failing slide must not take the controls with it
            BODIES[slide.kind](slide)
    footer(has_saved)
    build_ahead(sequence, index)  # the map slides' frames, made while this one is shown
