"""The admin page (pages/admin.py) through app.py, in Vietnamese and English (AppTest).

The logged-in account is put in the session directly (the login page is tested on its own).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import t
from fruitmap.server.account_admin import create_account
from fruitmap.server.accounts import Account, authenticate
from fruitmap.workspace.location import open_workspace
from tests.conftest import ROOT
from tests.postgis_fixtures import FIRST_ADMIN, admin_sql
from tests.test_account_admin import PW, accounts, add_units
from tests.test_pages_apptest import route_through_app_py  # noqa: F401  (autouse fixture)

APP = str(ROOT / "app.py")


@pytest.fixture()
def server(pg_cluster, pg_db, pg_app_url, monkeypatch):
    """The app pointed at a fresh database with admin units; returns its URL."""
    add_units(pg_cluster, pg_db)
    monkeypatch.setenv("FRUITMAP_WORKSPACE", pg_app_url)
    monkeypatch.chdir(ROOT)
    return pg_app_url


def open_admin(lang: str, account: Account | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    if account is not None:
        at.session_state["account"] = account
    at.run()
    at.switch_page("pages/admin.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("admin.title", lang)
    return at


def by_label(widgets, label: str):
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, [w.label for w in widgets]
    return found[0]


def table_rows(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_admin_creates_an_area_editor_through_the_form(server, pg_cluster, pg_db, lang):
    at = open_admin(lang, Account(FIRST_ADMIN, "admin"))
    assert [r[t("admin.col.name", lang)] for r in table_rows(at)] == [FIRST_ADMIN]
    at.text_input(key="admin_name_0").input("Minh")
    assert at.selectbox(key="admin_role_0").value == "area_editor"
    units = at.multiselect(key="admin_units_0")
    assert units.label == t("admin.units", lang)
    assert units.options[:2] == ["Mộc Châu (D1)", "Yên Châu (D2)"]  # names shown, by level
    units.set_value(["C1"])
    at.text_input(key="admin_password_0_1").input(PW)
    at.text_input(key="admin_password_0_2").input(PW)
    by_label(at.button, t("admin.create", lang)).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == t("admin.created", lang, name="Minh",
                                    role=t("account_admin.role.area_editor", lang))
    rows = {r[t("admin.col.name", lang)]: r for r in table_rows(at)}
    assert set(rows) == {FIRST_ADMIN, "Minh"}  # a row was added
    assert rows["Minh"][t("admin.col.units", lang)] == "Đông Sang (C1)"
    assert rows["Minh"][t("admin.col.role", lang)] == t("account_admin.role.area_editor", lang)
    assert rows[FIRST_ADMIN][t("admin.col.units", lang)] == t("admin.everywhere", lang)
    assert authenticate(open_workspace(server), "Minh", PW) == \
        Account("Minh", "area_editor", ("C1",))
    # The form is fresh again: no password left in a field.
    assert at.text_input(key="admin_password_1_1").value == ""
    assert at.text_input(key="admin_password_1_1").label == t("admin.password", lang, minimum=8)


def test_form_refusals_are_plain_words_and_add_nothing(server, pg_cluster, pg_db):
    at = open_admin("en", Account(FIRST_ADMIN, "admin"))
    before = accounts(pg_cluster, pg_db)
    at.text_input(key="admin_name_0").input("Minh")
    at.text_input(key="admin_password_0_1").input(PW)
    at.text_input(key="admin_password_0_2").input(PW + "x")
    by_label(at.button, "Create account").click().run()
    assert at.error[0].value == t("admin.password_mismatch", "en")
    at.text_input(key="admin_password_0_2").input(PW)
    by_label(at.button, "Create account").click().run()  # an area editor without units
    assert "needs at least one admin unit" in at.error[0].value
    assert not at.exception and accounts(pg_cluster, pg_db) == before


def test_an_admin_changes_role_resets_password_and_deletes_with_confirmation(server, pg_cluster,
                                                                            pg_db):
    ws = open_workspace(server)
    create_account(ws, FIRST_ADMIN, "Minh", "area_editor", "C1", PW)
    at = open_admin("en", Account(FIRST_ADMIN, "admin"))
    at.selectbox(key="admin_pick").set_value("Minh").run()
    at.selectbox(key="admin_edit_role_Minh_0").set_value("viewer")
    by_label(at.button, "Save role and area").click().run()
    assert not at.exception and at.success[0].value == "Account Minh saved: Viewer."
    assert ("Minh", "viewer", None) in accounts(pg_cluster, pg_db)
    at.text_input(key="admin_new_password_Minh_1_1").input("mật khẩu mới 22")
    at.text_input(key="admin_new_password_Minh_1_2").input("mật khẩu mới 22")
    by_label(at.button, "Reset password").click().run()
    assert authenticate(ws, "Minh", "mật khẩu mới 22").role == "viewer"
    by_label(at.button, "Delete account").click().run()  # not confirmed: nothing deleted
    assert at.warning[0].value == t("admin.delete_needs_confirm", "en")
    assert ("Minh", "viewer", None) in accounts(pg_cluster, pg_db)
    by_label(at.checkbox, t("admin.delete_confirm", "en", name="Minh")).check()
    by_label(at.button, "Delete account").click().run()
    assert not at.exception and at.success[0].value == "Account Minh deleted."
    assert accounts(pg_cluster, pg_db) == [(FIRST_ADMIN, "admin", None)]
    # One's own account: no delete offered, and demoting it is refused in plain words.
    at.selectbox(key="admin_pick").set_value(FIRST_ADMIN).run()
    assert not [b for b in at.button if b.label == "Delete account"]
    assert t("admin.yourself", "en", name=FIRST_ADMIN) in [c.value for c in at.caption]
    at.selectbox(key="admin_edit_role_admin_3").set_value("viewer")
    by_label(at.button, "Save role and area").click().run()
    assert "take away your own admin role" in at.error[0].value
    assert accounts(pg_cluster, pg_db) == [(FIRST_ADMIN, "admin", None)]


def test_a_locked_account_is_shown_and_unlocked(server, pg_cluster, pg_db):
    create_account(open_workspace(server), FIRST_ADMIN, "Minh", "viewer", None, PW)
    admin_sql(pg_cluster, "UPDATE fruitmap.accounts SET locked_until = now() + interval "
              "'10 minutes' WHERE name = 'Minh'", db=pg_db)
    at = open_admin("vi", Account(FIRST_ADMIN, "admin"))
    locked = {r["Tên đăng nhập"]: r["Khoá đến (UTC)"] for r in table_rows(at)}
    assert locked[FIRST_ADMIN] == "—" and locked["Minh"][:2] == "20"
    at.selectbox(key="admin_pick").set_value("Minh").run()
    assert at.warning and "bị khoá" in at.warning[0].value
    by_label(at.button, "Mở khoá").click().run()
    assert at.success[0].value == "Đã mở khoá tài khoản Minh."
    assert admin_sql(pg_cluster, "SELECT locked_until FROM fruitmap.accounts WHERE name = "
                     "'Minh'", db=pg_db) == [(None,)]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("account", [None, Account("Minh", "area_editor", ("C1",)),
                                     Account("Lan", "viewer")])
def test_anyone_but_an_admin_is_refused(server, pg_cluster, pg_db, lang, account):
    # app.py does not route the page for them (ui.auth.pages_for): no address leads there …
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    if account is not None:
        at.session_state["account"] = account
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")
    # … and the page itself, run on its own, refuses them too.
    page = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=120)
    page.session_state["lang"] = lang
    if account is not None:
        page.session_state["account"] = account
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    assert [w.value for w in page.warning] == [t("admin.not_admin", lang)]
    assert not page.main.dataframe and not page.main.text_input  # no accounts, no form


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_one_machine_app_has_no_accounts(tmp_path, monkeypatch, lang):
    from fruitmap.errors import InputError

    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.chdir(ROOT)
    at = open_admin(lang, Account("admin", "admin"))
    assert [b.value for b in at.info] == [InputError("accounts_need_server").message(lang)]
    assert not at.main.dataframe and not at.main.text_input
