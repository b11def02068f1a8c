"""Streamlit glue shared by the pages: language, cached workspace loading, the error boundary.

This package is the only place besides ``app.py`` and ``pages/`` that imports streamlit; the
``fruitmap`` library stays free of it. Session-state keys are declared in ``ui.state`` and each
has one owner.
"""
