"""fruitmap: fruit supply, processing and cold-storage capacity of Sơn La on maps.

The library has no user interface and does not import streamlit; the Streamlit pages in
``pages/`` call it. See ``../shared/CONTRACT.md`` for the data contract.
"""

__version__ = "0.1.0"
