"""Logging in on a shared server: the login page, navigation per role, hidden write buttons,
identities from a proxy header or ``st.login``, and per-person session state.

The AppTest runs go through app.py on a PostGIS database holding the demo, with one account
per role. The one-machine app (a GeoPackage folder) is tested unchanged by
``test_pages_apptest.py``; here only that its login page says no login is needed.
"""

from __future__ import annotations

import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

import ui.auth
from fruitmap.cli import main
from fruitmap.errors import InputError
from fruitmap.i18n import t
from fruitmap.server.accounts import MAX_FAILED_LOGINS, Account
from fruitmap.server.dbadmin import add_user
from fruitmap.server.identity import account_for_names, clean_names
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.location import open_workspace
from tests.conftest import ROOT
from tests.postgis_fixtures import (
    FIRST_ADMIN,
    FIRST_ADMIN_PASSWORD,
    drop_database,
    fresh_database,
)
from tests.test_pages_apptest import _NavigationOnly
from ui import state
from ui.auth import pages_for

APP = str(ROOT / "app.py")
URLS = ["overview", "explorer", "gap", "targets", "scenarios", "siting", "upload", "data",
        "meeting-pack", "present", "login", "admin"]
READ_ONLY = {"overview", "explorer", "gap", "targets", "scenarios", "siting", "meeting-pack",
             "present"}
PASSWORD = "mật khẩu đủ dài 42"
VIEWER, EDITOR, PROVINCE, LOCKED = "Xem", "Minh", "Tỉnh", "Khoá"


# ---------------------------------------------------------------- the mapping, on paper
def test_a_one_machine_app_routes_every_page_and_no_login():
    routed = pages_for(None, False, URLS)
    assert [u for u, shown in routed.items() if shown] == [u for u in URLS
                                                           if u not in ("login", "admin")]
    assert routed["login"] is False  # only by its address, saying no login is needed
    assert routed["admin"] is False  # … and saying that accounts need a server


def test_shared_server_pages_per_role():
    def shown(account, anonymous=False):
        return {u for u, s in pages_for(account, True, URLS, anonymous).items() if s}

    assert shown(None) == {"login"}
    assert shown(None, anonymous=True) == READ_ONLY | {"login"}
    assert shown(Account("v", "viewer")) == READ_ONLY
    everything_but_admin = set(URLS) - {"login", "admin"}
    assert shown(Account("a", "area_editor", ("116",))) == everything_but_admin
    assert shown(Account("p", "provincial_editor")) == everything_but_admin
    assert shown(Account("r", "admin")) == everything_but_admin | {"admin"}
    # Pages routed but hidden: only the login page, and only once logged in.
    assert pages_for(Account("v", "viewer"), True, URLS) == {
        **dict.fromkeys([u for u in URLS if u in READ_ONLY], True), "login": False}
    # Without an admin page nothing breaks, and the order is app.py's.
    assert list(pages_for(Account("r", "admin"), True, URLS[:-1])) == URLS[:-1]
    # A page added later is for editors until someone lists it as read-only.
    assert "reports" not in pages_for(Account("v", "viewer"), True, ["overview", "reports"])


def test_identity_names_are_cleaned():
    assert clean_names([" lan@sonla.gov.vn ", None, "", "Lan", "Lan", "x" * 500]) == \
        ["lan@sonla.gov.vn", "Lan"]


# ---------------------------------------------------------------- the app on a database
@pytest.fixture(scope="module")
def login_db(pg_cluster, demo_ws_path):
    """A database with the demo and one account per role (read-only by convention, except
    the account ``LOCKED``, which the lockout test uses alone)."""
    name = fresh_database(pg_cluster)
    admin_url = pg_cluster.admin_url(name)
    assert main(["db", "load", "--url", admin_url, "--from", str(demo_ws_path)]) == 0
    units = Workspace(demo_ws_path).read("admin_units")
    district = str(units.loc[units["level"] == "district", "unit_code"].iloc[0])
    add_user(admin_url, VIEWER, "viewer", PASSWORD)
    add_user(admin_url, EDITOR, "area_editor", PASSWORD, district)
    add_user(admin_url, PROVINCE, "provincial_editor", PASSWORD)
    add_user(admin_url, LOCKED, "viewer", PASSWORD)
    yield pg_cluster.app_url(name), district
    drop_database(pg_cluster, name)


@pytest.fixture()
def server(login_db, monkeypatch):
    """Point the app at the shared test database; return its URL."""
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    monkeypatch.setenv("FRUITMAP_WORKSPACE", login_db[0])
    for name in ("FRUITMAP_ANONYMOUS_VIEW", "FRUITMAP_TRUSTED_HEADER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(ROOT)
    return login_db[0]


def open_app(lang: str, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, name: str, password: str, lang: str) -> AppTest:
    at.text_input(key=state.LOGIN_NAME).input(name)
    at.text_input(key=state.LOGIN_PASSWORD).input(password)
    next(b for b in at.button if b.label == t("login.submit", lang)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def routed(at: AppTest) -> set[str]:
    return set(at.session_state[state.AUTH_ROUTED])


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_login_page_refuses_a_wrong_password_and_lets_the_right_one_in(server, lang):
    at = open_app(lang)
    assert at.title[0].value == t("login.title", lang)
    assert routed(at) == {"login"}  # nothing else has an address before logging in
    assert not at.metric
    at.session_state[state.VIEWS_PANEL_OPEN] = True
    at.run()
    assert not at.sidebar.expander  # no saved views (the workspace's) before a login
    log_in(at, FIRST_ADMIN, "not the password", lang)
    assert t("error.login_failed", lang) in errors(at)
    assert state.ACCOUNT not in at.session_state
    unknown = log_in(open_app(lang), "Nobody", "not the password", lang)
    assert errors(unknown) == errors(at)  # the same words: names are not revealed
    log_in(at, FIRST_ADMIN, FIRST_ADMIN_PASSWORD, lang)
    assert not errors(at)
    assert at.session_state[state.ACCOUNT] == Account(FIRST_ADMIN, "admin")
    assert FIRST_ADMIN_PASSWORD not in [at.session_state[k] for k in at.session_state]
    # The first page of the role, with its figures from the database.
    assert at.title[0].value == t("overview.title", lang)
    assert at.metric
    assert {"upload", "data", "admin"} <= routed(at) and "login" in routed(at)
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert FIRST_ADMIN in sidebar and t("login.role.admin", lang) in sidebar
    assert [b for b in at.sidebar.button if b.label == t("login.logout", lang)]
    at.session_state[state.VIEWS_PANEL_OPEN] = True  # the saved views' panel, opened
    at.run()
    assert t("views.save", lang) in {b.label for b in at.sidebar.button}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_repeated_failures_lock_the_account_with_the_time(server, lang, login_db, pg_cluster):
    at = open_app(lang)
    for _ in range(MAX_FAILED_LOGINS):
        log_in(at, LOCKED, "sai mật khẩu", lang)
    log_in(at, LOCKED, PASSWORD, lang)  # even the right password, while locked
    text = errors(at)
    assert LOCKED in text and "UTC" in text
    assert text.startswith(t("error.login_locked", lang, value=LOCKED, until="")[:12])
    assert state.ACCOUNT not in at.session_state
    from tests.postgis_fixtures import admin_sql

    admin_sql(pg_cluster, "UPDATE fruitmap.accounts SET locked_until = NULL, failed_logins = 0",
              db=login_db[0].rsplit("/", 1)[1])


def test_a_viewer_sees_read_only_pages_and_no_save_button(server):
    at = log_in(open_app("en"), VIEWER, PASSWORD, "en")
    assert routed(at) == READ_ONLY | {"login"}
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert VIEWER in sidebar and t("login.role.viewer", "en") in sidebar
    # The scenarios page: changes can be tried, not saved.
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("scenario.title", "en")
    labels = {b.label for b in at.button}
    assert t("scenario.save", "en") not in labels
    at.session_state[state.VIEWS_PANEL_OPEN] = True  # the saved views' panel, opened:
    at.run()
    assert at.sidebar.code  # the link is there …
    assert t("views.save", "en") not in {b.label for b in at.sidebar.button}  # … no saving
    assert t("login.view_only", "en") in " ".join(c.value for c in at.caption)
    # The data and upload pages are not routed for a viewer at all (so no address leads
    # there: tests/browser/test_login_browser.py types one).
    for page in ("pages/data.py", "pages/upload.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_an_area_editor_writes_and_restores_under_the_account_name(server):
    at = log_in(open_app("vi"), EDITOR, PASSWORD, "vi")
    assert {"upload", "data"} <= routed(at) and "admin" not in routed(at)
    at.switch_page("pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert t("login.recorded_as", "vi", name=EDITOR) in captions  # the edit tab
    assert t("login.rollback_area", "vi") in captions  # restores its area's rows only
    who_boxes = [x for x in at.text_input if x.key in (state.EDIT_WHO, state.DATA_ROLLBACK_WHO)]
    assert not who_boxes  # nobody types a name: the account is the person


def test_a_provincial_editor_may_restore_under_the_account_name(server):
    ws = open_workspace(server)  # a second version of the plants, so one can be restored
    ws.write({"plants": ws.read("plants")}, action="import (replace)", who=PROVINCE)
    at = log_in(open_app("en"), PROVINCE, PASSWORD, "en")
    at.switch_page("pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("data.rollback.button", "en") in {b.label for b in at.button}
    assert not [x for x in at.text_input if x.key == state.DATA_ROLLBACK_WHO]
    assert t("login.rollback_area", "en") not in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("how", ["env", "secrets"])
def test_anonymous_viewing_when_allowed(server, monkeypatch, how):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "vi"
    if how == "env":
        monkeypatch.setenv("FRUITMAP_ANONYMOUS_VIEW", "1")
    else:
        at.secrets["fruitmap"] = {"anonymous_view": True}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert routed(at) == READ_ONLY | {"login"}
    assert at.title[0].value == t("overview.title", "vi")  # viewing first
    assert t("login.sidebar.anonymous", "vi") in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page("pages/login.py").run()
    assert at.title[0].value == t("login.title", "vi")
    assert t("login.anonymous", "vi") in " ".join(i.value for i in at.info)


def test_a_trusted_proxy_header_names_the_account(server, login_db, monkeypatch):
    monkeypatch.setenv("FRUITMAP_TRUSTED_HEADER", "X-Remote-User")
    headers = {"X-Remote-User": EDITOR}
    monkeypatch.setattr(ui.auth, "_request_headers", lambda: headers)
    at = open_app("en")
    assert at.session_state[state.ACCOUNT].name == EDITOR
    assert at.title[0].value == t("overview.title", "en")
    district = login_db[1]
    captions = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert f"({district})" in captions  # "Thành phố Sơn La (116)": name and code
    # No logout: the proxy would log the same person in again.
    assert not [b for b in at.sidebar.button if b.label == t("login.logout", "en")]
    headers["X-Remote-User"] = "Người lạ"
    stranger = open_app("en")
    assert routed(stranger) == {"login"}
    assert t("error.login_no_account", "en", value="Người lạ") in errors(stranger)


def test_st_login_identity_finds_the_account_by_email_or_name(server):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "vi"
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32}
    at.user = {"is_logged_in": True, "email": "minh@sonla.gov.vn", "name": EDITOR}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.ACCOUNT].name == EDITOR  # no account by e-mail: the name
    # Not logged in there yet: the page offers the provider's button beside the form.
    out = AppTest.from_file(APP, default_timeout=120)
    out.session_state["lang"] = "vi"
    out.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                           "cookie_secret": "x" * 32}
    out.user = {"is_logged_in": False}
    out.run()
    assert t("login.provider", "vi") in {b.label for b in out.button}
    assert out.text_input(key=state.LOGIN_NAME)


def test_account_lookup_without_password(server):
    ws = open_workspace(server)
    assert account_for_names(ws, ["x@y.vn", EDITOR]).role == "area_editor"
    with pytest.raises(InputError) as nobody:
        account_for_names(ws, ["x@y.vn", "Nobody"])
    assert nobody.value.code == "login_no_account" and "x@y.vn" in nobody.value.message("en")
    with pytest.raises(InputError):
        account_for_names(ws, [None, " "])


# ---------------------------------------------------------------- per-person state
def test_one_person_never_sees_anothers_draft_and_logout_forgets_it(server, login_db):
    """Two sessions at once (AppTest in one process: Streamlit's caches are shared as on a
    server). Minh's unsaved scenario draft stays his; logging out clears it for the next
    person at the same browser."""
    minh = log_in(open_app("en"), EDITOR, PASSWORD, "en")
    minh.switch_page("pages/scenarios.py").run()
    plant = open_workspace(server).read("plants")["plant_id"].iloc[0]
    draft = {"pick": "__new__", "name": "", "description": "",
             "changes": [{"op": "remove", "layer": "plants", "id": str(plant)}]}
    minh.session_state[state.SCN_DRAFT] = draft
    minh.run()
    assert not minh.exception, [e.value for e in minh.exception]
    assert t("scenario.changes.none", "en") not in [c.value for c in minh.caption]
    listed = " ".join(m.value for m in minh.markdown)
    viewer = log_in(open_app("en"), VIEWER, PASSWORD, "en")
    viewer.switch_page("pages/scenarios.py").run()
    assert not viewer.exception, [e.value for e in viewer.exception]
    assert t("scenario.changes.none", "en") in [c.value for c in viewer.caption]
    assert listed.split("1. ", 1)[1][:30] not in " ".join(m.value for m in viewer.markdown)
    # Logging out forgets the account and the draft; the language stays.
    next(b for b in minh.sidebar.button if b.label == t("login.logout", "en")).click().run()
    assert not minh.exception, [e.value for e in minh.exception]
    assert state.ACCOUNT not in minh.session_state
    assert state.SCN_DRAFT not in minh.session_state
    assert minh.session_state["lang"] == "en"
    assert minh.title[0].value == t("login.title", "en")


def test_the_login_page_on_one_machine_says_no_login_is_needed(app_env, monkeypatch):
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    at = open_app("en")
    assert at.title[0].value == t("overview.title", "en")  # no login first
    at.switch_page("pages/login.py").run()
    assert t("login.single_machine", "en") in " ".join(i.value for i in at.info)
    assert not [x for x in at.text_input if x.key in (state.LOGIN_NAME, state.LOGIN_PASSWORD)]


def test_the_login_page_says_when_the_database_cannot_be_used(pg_cluster, monkeypatch):
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)
    monkeypatch.delenv("FRUITMAP_TRUSTED_HEADER", raising=False)
    monkeypatch.chdir(ROOT)
    # A database without fruitmap's schema (db init never ran), then no server at all.
    for url, words in ((pg_cluster.app_url("postgres"), "db init"),
                       ("postgresql://fruitmap_app@127.0.0.1:1/none", "Cannot connect")):
        monkeypatch.setenv("FRUITMAP_WORKSPACE", url)
        at = open_app("en")
        assert words in errors(at), errors(at)
        assert not [x for x in at.text_input if x.key == state.LOGIN_NAME]
