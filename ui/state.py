"""Session-state keys, one owner each (the module named in the comment writes it)."""

LANG = "lang"  # owner: ui.common.language_selector (sidebar widget)

# Map explorer filters: owner ui.map_view.filter_widgets (sidebar widgets of pages/explorer.py)
EXPLORER_QUERY = "explorer_query"
EXPLORER_CROPS = "explorer_crops"
EXPLORER_DISTRICTS = "explorer_districts"
EXPLORER_CERTIFICATIONS = "explorer_certifications"
EXPLORER_STATUSES = "explorer_statuses"
EXPLORER_CAPACITY = "explorer_capacity"
EXPLORER_BASEMAP = "explorer_basemap"
EXPLORER_KEYS = (EXPLORER_QUERY, EXPLORER_CROPS, EXPLORER_DISTRICTS, EXPLORER_CERTIFICATIONS,
                 EXPLORER_STATUSES, EXPLORER_CAPACITY, EXPLORER_BASEMAP)
