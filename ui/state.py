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
EXPLORER_RESET = "explorer_reset"  # button that clears the filters above
EXPLORER_MAP = "explorer_map"  # st_folium component of the explorer
EXPLORER_KEYS = (EXPLORER_QUERY, EXPLORER_CROPS, EXPLORER_DISTRICTS, EXPLORER_CERTIFICATIONS,
                 EXPLORER_STATUSES, EXPLORER_CAPACITY, EXPLORER_BASEMAP)

# Data page: owner ui.data_view (widgets of pages/data.py; DATA_FLASH carries a message over
# the rerun that follows a rollback).
DATA_CHANGE = "data_change"
DATA_ROLLBACK_LAYER = "data_rollback_layer"
DATA_ROLLBACK_VERSION = "data_rollback_version"
DATA_ROLLBACK_WHO = "data_rollback_who"
DATA_ROLLBACK_CONFIRM = "data_rollback_confirm"  # suffixed with the version id
DATA_TEMPLATE_LAYER = "data_template_layer"
DATA_EXPORT_LAYER = "data_export_layer"
DATA_EXPORT_HEADERS = "data_export_headers"
DATA_FLASH = "data_flash"

# Balance parameters and gap page choices: owner ui.balance_view (sidebar widgets of
# pages/gap.py and pages/targets.py, which share the parameters).
BALANCE_MAX_HAUL_KM = "balance_max_haul_km"
BALANCE_CIRCUITY = "balance_circuity"
BALANCE_OPERATING_DAYS = "balance_operating_days"
BALANCE_INCLUDE_PLANNED = "balance_include_planned"
BALANCE_KEYS = (BALANCE_MAX_HAUL_KM, BALANCE_CIRCUITY, BALANCE_OPERATING_DAYS,
                BALANCE_INCLUDE_PLANNED)
GAP_CROP = "gap_crop"
GAP_MONTH = "gap_month"
GAP_MEASURE = "gap_measure"

# Meeting pack: owner ui.exports.meeting_pack_panel (format radio; the last pack built, kept
# as (file name, bytes, language) so the download survives reruns).
PACK_FORMAT = "pack_format"
PACK_FILE = "pack_file"

# Chart and map downloads: owner ui.exports (widget key prefix -> digest of the chart or map
# whose pictures the user asked for, so the download buttons survive reruns).
EXPORTS_READY = "exports_ready"

# Upload page: owner ui.upload_view (widgets of pages/upload.py and per-session caches).
UPLOAD_NONCE = "upload_nonce"  # bumped after an import: a new file chooser, emptied
UPLOAD_FILE = "upload_file"  # file chooser widget, suffixed with the nonce
UPLOAD_FILE_SIG = "upload_file_sig"  # (name, sha256) of the file the choices below are for
UPLOAD_SHEET = "upload_sheet"
UPLOAD_SOURCE_LAYER = "upload_source_layer"
UPLOAD_LAYER = "upload_layer"
UPLOAD_LAYER_SIG = "upload_layer_sig"  # (sheet, source layer, layer) of the choices below
UPLOAD_MAP = "upload_map_"  # one select box per file column, suffixed with its position
UPLOAD_CRS = "upload_crs"
UPLOAD_MODE = "upload_mode"
UPLOAD_USER = "upload_user"
UPLOAD_CONFIRM = "upload_confirm"
UPLOAD_RESULT = "upload_result"  # the last import's counts, shown once after the rerun
UPLOAD_RAW_CACHE = "upload_raw_cache"  # files read this session, so reruns do not re-read
UPLOAD_PREPARED_CACHE = "upload_prepared_cache"
UPLOAD_PER_LAYER = (UPLOAD_MAP, UPLOAD_CRS, UPLOAD_CONFIRM)
UPLOAD_PER_FILE = (UPLOAD_SHEET, UPLOAD_SOURCE_LAYER, UPLOAD_LAYER, UPLOAD_LAYER_SIG,
                   *UPLOAD_PER_LAYER)

# Permalinks and saved views: owner ui.permalink (first-run copy of the URL into the keys
# above, the view the map opened on, notices about ignored URL values, sidebar save form).
PERMALINK_LOADED = "permalink_loaded"
PERMALINK_PAGE = "permalink_page"  # url path of the page this run draws
PERMALINK_NOTICES = "permalink_notices"  # (page, [Notice]) from the link the session opened
PERMALINK_MAP_VIEW = "permalink_map_view"  # (page, query without the map, (lat, lon, zoom))
VIEWS_TITLE = "views_title"
VIEWS_SAVE = "views_save"
VIEWS_FLASH = "views_flash"
VIEWS_DELETE = "views_delete_"  # one delete button per saved view, suffixed with its id

# Presentation mode: owner ui.present_view (slide number, which sequence plays).
PRESENT_SLIDE = "present_slide"
PRESENT_DECK = "present_deck"

# Starting a workspace: owner ui.workspace_setup (the two start buttons of the shared empty
# state; START_FLASH carries "what was created" over the rerun that follows a start).
START_DEMO = "start_demo"
START_SCRATCH = "start_scratch"
START_FLASH = "start_flash"

# Editing in place: owner ui.edit_view (the edit tab of pages/data.py).
EDIT_LAYER = "edit_layer"
EDIT_MODE = "edit_mode"  # table or map
EDIT_WHO = "edit_who"
EDIT_SEARCH = "edit_search"  # filter of a table too large to show whole
EDIT_NONCE = "edit_nonce"  # bumped after a save or a reload: a fresh editor and map
EDIT_TABLE = "edit_table"  # data editor, suffixed with _<layer>_<nonce>
EDIT_MAP = "edit_map"  # st_folium component, suffixed with _<layer>_<nonce>
EDIT_BASE = "edit_base"  # (layer, nonce) -> layer token when the editor was opened
EDIT_LAST = "edit_last"  # the last save: layer, change id, version id, token after it
EDIT_FLASH = "edit_flash"  # message shown once after the rerun that follows a save
EDIT_NEW = "edit_new_"  # fields of the new-feature form, suffixed with the column name

# Map position of a saved view: owner ui.permalink (provenance helper). A hidden text input
# that a small script fills with the address bar's lat/lon/zoom as "save" is pressed.
VIEWS_MAP_SPOT = "views_map_spot"

# Progress of long work: owner ui.data_view (big_export). Exports of big layers prepared on
# request: (path, token, layer, format, header language, sources) of each file made.
DATA_EXPORT_READY = "data_export_ready"

# Siting page: owner ui.siting_view (widgets of pages/siting.py; the last result, kept with
# the choices it was computed for, so that it survives reruns).
SITING_KIND = "siting_kind"
SITING_COUNT = "siting_count"
SITING_CAPACITY = "siting_capacity"  # suffixed with the kind (t/day or t)
SITING_CROPS = "siting_crops"
SITING_SOURCES = "siting_sources"
SITING_GRID_KM = "siting_grid_km"
SITING_FILE = "siting_file"
SITING_RUN = "siting_run"
SITING_RESULT = "siting_result"  # (choices signature, SitingResult, candidates)
SITING_SAVE_NAME = "siting_save_name"
SITING_SAVE_DESCRIPTION = "siting_save_description"
SITING_SAVE_USER = "siting_save_user"
SITING_SAVE = "siting_save"
SITING_FLASH = "siting_flash"  # message shown once after a scenario is saved
# Scenarios page: owner ui.scenarios_view (pages/scenarios.py). SCN_DRAFT holds the scenario
# being edited ({"name", "description", "changes", "source"}); SCN_PICK chooses it.
SCN_PICK = "scn_pick"
SCN_DRAFT = "scn_draft"
SCN_NAME = "scn_name"
SCN_DESCRIPTION = "scn_description"
SCN_WHO = "scn_who"
SCN_KIND = "scn_kind"  # which kind of change the form adds
SCN_FORM = "scn_form_"  # fields of the change forms, suffixed with the field
SCN_MAP = "scn_map"  # st_folium component where a new facility is clicked
SCN_CLICKED = "scn_clicked"  # (lon, lat) last clicked on it
SCN_NEW_NAME = "scn_new_name"  # name for copy / rename
SCN_DELETE_CONFIRM = "scn_delete_confirm"
SCN_FLASH = "scn_flash"  # message shown once after the rerun that follows a save
SCN_PENDING = "scn_pending"  # the scenario to pick after that rerun
SCN_COMPARE = "scn_compare"  # scenarios chosen for the comparison
SCN_COMPARE_CROP = "scn_compare_crop"
# The scenario shown by the balance pages (gap, targets, meeting pack, presentation): owner
# ui.scenarios_view.scenario_selector (sidebar "Dữ liệu / Kịch bản").
SCN_SHOWN = "scn_shown"
SCN_SHOWN_KEEP = "scn_shown_keep"  # its value, kept while pages without the widget run
SCN_PACK_COMPARE = "scn_pack_compare"  # scenarios compared in the meeting pack (ui.exports)

# Balance tables: owner ui.balance_view.downloads (the expander that shows a table, opened
# on demand; suffixed to the downloads' key prefix, e.g. "dl_plants_table").
BALANCE_TABLE_OPEN = "_table"
# Siting page, drawn candidates, sizes and budget: owner ui.siting_view (pages/siting.py).
SITING_LIMIT = "siting_limit"  # "count" (at most N sites) or "budget" (cost per size)
SITING_COSTS = "siting_costs"  # cost of each size option, typed "40; 55; 80"
SITING_BUDGET = "siting_budget"
SITING_MAP = "siting_map"  # st_folium component on which candidate points are drawn
SITING_DRAWN = "siting_drawn"  # list of (lon, lat) drawn, in order (ids D1, D2, …)
SITING_CLICK_SEEN = "siting_click_seen"  # last click already added (st_folium repeats it)
SITING_DRAWN_PICK = "siting_drawn_pick"
SITING_DRAWN_REMOVE = "siting_drawn_remove"
SITING_DRAWN_CLEAR = "siting_drawn_clear"
# The logged-in account on a shared (PostGIS) server: owner ui.auth (login page, logout
# button). A fruitmap.server.accounts.Account, or absent (not logged in / one-machine app).
ACCOUNT = "account"
# Admin page: owner ui.admin_view (pages/admin.py). Form widgets are suffixed with ADMIN_NONCE
# (bumped after every change: fresh forms, no password left in a field) and, for the forms of
# one account, with its name; ADMIN_FLASH carries "what was done" over the rerun after it.
ADMIN_NONCE = "admin_nonce"
ADMIN_FLASH = "admin_flash"
ADMIN_CREATE = "admin_create"  # the create form
ADMIN_NAME = "admin_name"
ADMIN_ROLE = "admin_role"
ADMIN_UNITS = "admin_units"
ADMIN_PASSWORD = "admin_password"  # two fields: suffixed _1 and _2
ADMIN_PICK = "admin_pick"  # the account being changed
ADMIN_EDIT = "admin_edit"  # its role-and-units form
ADMIN_EDIT_ROLE = "admin_edit_role"
ADMIN_EDIT_UNITS = "admin_edit_units"
ADMIN_RESET = "admin_reset"  # its password form
ADMIN_NEW_PASSWORD = "admin_new_password"  # two fields: suffixed _1 and _2
ADMIN_UNLOCK = "admin_unlock"
ADMIN_DELETE_CONFIRM = "admin_delete_confirm"
ADMIN_DELETE = "admin_delete"
# Stale previews on a shared server: owner ui.upload_view (show_preview, import_form). The
# fruitmap.server.rights.preview_mark taken when a prepared file's preview was first shown,
# by (file, sha256, layer, CRS); import_as refuses the import if the area changed since.
UPLOAD_PREVIEW_MARKS = "upload_preview_marks"
# The sidebar's link panel (saved views): owner ui.permalink.link_panel (an expander drawn
# only while open).
VIEWS_PANEL_OPEN = "views_panel_open"
# Roles in the interface: owner ui.auth (AUTH_HOME: file of the first page of this person's
# navigation; AUTH_ROUTED: url paths routed in the last run; AUTH_IDENTITY_TRIED/ERROR: the
# names a proxy header or st.login gave, looked up once, and why they did not log in;
# AUTH_LOGOUT: the sidebar's logout button).
AUTH_HOME = "auth_home"
AUTH_ROUTED = "auth_routed"
AUTH_IDENTITY_TRIED = "auth_identity_tried"
AUTH_IDENTITY_ERROR = "auth_identity_error"
AUTH_LOGOUT = "auth_logout"
# Login page: owner ui.login_view (the form's fields, the identity provider's button).
LOGIN_FORM = "login_form"
LOGIN_NAME = "login_name"
LOGIN_PASSWORD = "login_password"
LOGIN_PROVIDER = "login_provider"
