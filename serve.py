"""fruitmap's server: app.py served by Streamlit, prepared when the server starts.

``streamlit run serve.py`` (what ``make run`` and ``make server`` start) serves ``app.py``
exactly as ``streamlit run app.py`` does, and warms the app up in the background as soon as
the server starts (:mod:`ui.warmup`; ``FRUITMAP_WARMUP=0`` switches that off), through
``st.App``'s lifespan, Streamlit's own server-start hook. ``python serve.py`` does the same.
"""

import streamlit as st

from ui.warmup import lifespan

app = st.App("app.py", lifespan=lifespan)

if __name__ == "__main__":
    app.run()
