"""Streamlit glue for exports: charts as PNG/SVG, maps as offline HTML/PNG, the meeting pack.

Pictures are made only when a download button is clicked (Streamlit calls ``data`` then), and
cached by the figure's JSON, so pages stay fast and a second click is instant.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import streamlit as st

from fruitmap.errors import FruitmapError
from fruitmap.report import FORMATS, build_report
from ui import state
from ui.common import lang, tr, workspace

MIME = {".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pdf": "application/pdf", ".png": "image/png", ".svg": "image/svg+xml",
        ".html": "text/html"}


@st.cache_data(show_spinner=False, max_entries=32)
def _figure_image(fig_json: str, fmt: str) -> bytes:
    import plotly.io as pio

    from fruitmap.images import figures_to_images

    fig = pio.from_json(fig_json)
    return figures_to_images([fig], (fmt,), scale=2 if fmt == "png" else 1)[0][fmt]


def chart_downloads(fig, name: str, key: str) -> None:
    """PNG and SVG download buttons for a plotly figure (rendered on click).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure as shown on the page.
    name : str
        File name without extension.
    key : str
        Unique prefix of the widget keys.
    """
    fig_json = fig.to_json()
    left, right = st.columns(2)
    for col, fmt in ((left, "png"), (right, "svg")):
        col.download_button(tr(f"export.{fmt}"), data=lambda f=fmt: _safe(_figure_image,
                                                                           fig_json, f),
                            file_name=f"{name}.{fmt}", mime=MIME[f".{fmt}"],
                            key=f"{key}_{fmt}")


def map_downloads(m, name: str, key: str, bounds=None) -> None:
    """Offline HTML and PNG download buttons for a folium map (made on click)."""
    from fruitmap.images import map_to_png
    from fruitmap.map_assets import map_to_standalone_html

    left, right = st.columns(2)
    left.download_button(tr("export.html"), data=lambda: map_to_standalone_html(m),
                         file_name=f"{name}.html", mime=MIME[".html"], key=f"{key}_html")
    right.download_button(tr("export.map_png"),
                          data=lambda: _safe(map_to_png, m, 1200, 800, bounds=bounds, scale=1.5),
                          file_name=f"{name}.png", mime=MIME[".png"], key=f"{key}_png")


def _safe(fn, *args, **kwargs) -> bytes:
    # A deferred download cannot show an error box; an empty file would look like success,
    # so a plain text file with the message is returned instead.
    try:
        return fn(*args, **kwargs)
    except FruitmapError as exc:
        return exc.message(lang()).encode("utf-8")


def meeting_pack_panel(params=None, balance=None) -> None:
    """Choose PPTX or PDF, build the pack with a progress bar, then offer it for download.

    Parameters
    ----------
    params : fruitmap.balance.BalanceParams, optional
        The balance scenario shown in the pack.
    balance : fruitmap.balance.BalanceResult, optional
        That scenario's balance when already computed (the pages cache it).
    """
    language = lang()
    fmt = st.radio(tr("export.pack.format"), FORMATS, key=state.PACK_FORMAT, horizontal=True,
                   format_func=lambda f: tr(f"export.pack.format{f.replace('.', '_')}"))
    if st.button(tr("export.pack.build"), type="primary", key="pack_build"):
        bar = st.progress(0.0, text=tr("export.pack.starting"))

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=message)

        ws = workspace()
        name = tr("export.pack.file_name") + fmt
        with TemporaryDirectory(prefix="fruitmap-pack-") as tmp:
            # The workspace itself (not the cached layers): the pack needs its data date and
            # history to say which values are illustrative.
            out = build_report(ws, Path(tmp) / name, lang=language, progress=progress,
                               params=params, balance=balance)
            st.session_state[state.PACK_FILE] = (name, out.read_bytes(), language)
    built = st.session_state.get(state.PACK_FILE)
    if built:
        name, data, built_lang = built
        st.success(tr("export.pack.ready", name=name))
        st.download_button(tr("export.pack.download", name=name), data=data, file_name=name,
                           mime=MIME[Path(name).suffix], key="pack_download")
        if built_lang != language:
            st.caption(tr("export.pack.other_language"))
