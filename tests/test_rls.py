"""Row-level security by area on the shared server, area-scoped writes and stale previews.

A province P with two communes: C1 (zones Z1, Z2) and C2 (zones Z3, Z4). Accounts: ``an``
edits C1, ``binh`` edits C2, ``xem`` only views; ``admin`` is db init's first admin.
"""

from __future__ import annotations

import threading

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
from shapely.geometry import Point, box

from fruitmap.cli import main
from fruitmap.errors import InputError, WorkspaceError
from fruitmap.server.accounts import Account
from fruitmap.server.rights import import_as, preview_mark
from fruitmap.workspace import postgis as pgmod
from fruitmap.workspace.location import open_workspace
from tests.postgis_fixtures import FIRST_ADMIN, admin_sql

AN = Account("an", "area_editor", ("C1",))
BINH = Account("binh", "area_editor", ("C2",))


def admin_units() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"unit_code": ["P", "C1", "C2"], "name": ["Tỉnh", "Xã Một", "Xã Hai"],
         "level": ["province", "commune", "commune"], "parent_code": [None, "P", "P"]},
        geometry=[box(104.0, 21.0, 104.2, 21.1), box(104.0, 21.0, 104.1, 21.1),
                  box(104.1, 21.0, 104.2, 21.1)], crs="EPSG:4326")


def zones(names=("Vùng 1", "Vùng 2", "Vùng 3", "Vùng 4")) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"zone_id": ["Z1", "Z2", "Z3", "Z4"], "name": list(names),
         "crop": ["longan", "mango", "plum", "longan"], "area_ha": [1.5, 2.0, 3.25, 4.0],
         "unit_code": ["C1", "C1", "C2", "C2"]},
        geometry=[Point(104.02, 21.05), Point(104.05, 21.05), Point(104.12, 21.05),
                  Point(104.15, 21.05)], crs="EPSG:4326")


@pytest.fixture()
def area_db(pg_cluster, pg_db, pg_app_url):
    """The app's URL of a database holding the province, its zones and the accounts."""
    ws = open_workspace(pg_app_url).as_account(FIRST_ADMIN)
    ws.write({"admin_units": admin_units(), "zones": zones()}, action="create", who="admin")
    admin_sql(pg_cluster, "INSERT INTO fruitmap.accounts (name, role, units, password_hash) "
              "VALUES ('an', 'area_editor', 'C1', 'x'), ('binh', 'area_editor', 'C2', 'x'), "
              "('xem', 'viewer', NULL, 'x')", db=pg_db)
    return pg_app_url


def stored(cluster, db) -> list[tuple]:
    return admin_sql(cluster, "SELECT zone_id, name, unit_code FROM fruitmap.zones "
                     "ORDER BY zone_id", db=db)


def everything(ws) -> tuple:
    """What a change would alter: the zones, the history, the saved versions."""
    return (ws.read("zones").to_json(), len(ws.history()),
            len(ws.versions()), ws.token())


# ---------------------------------------------------------------- raw SQL as the app's role
def as_app(cluster, db, who, sql, params=None) -> int:
    """Run ``sql`` as ``fruitmap_app`` in one transaction for the person ``who``; rowcount."""
    with psycopg.connect(cluster.app_url(db)) as conn:
        if who is not None:
            conn.execute("SELECT set_config('fruitmap.user', %s, true)", (who,))
        return conn.execute(sql, params).rowcount


INSERT_ZONE = ("INSERT INTO fruitmap.zones (fm_row, zone_id, name, crop, area_ha, unit_code) "
               "VALUES (9, %s, 'mới', 'longan', 1, %s)")


def test_an_area_editor_writes_raw_rows_only_inside_its_area(pg_cluster, pg_db, area_db):
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        as_app(pg_cluster, pg_db, "an", INSERT_ZONE, ("Z9", "C2"))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        as_app(pg_cluster, pg_db, "an", INSERT_ZONE, ("Z9", None))
    # Outside rows are invisible to its UPDATE and DELETE: nothing happens to them.
    assert as_app(pg_cluster, pg_db, "an",
                  "UPDATE fruitmap.zones SET name = 'đổi' WHERE zone_id = 'Z3'") == 0
    assert as_app(pg_cluster, pg_db, "an", "DELETE FROM fruitmap.zones WHERE unit_code = 'C2'") \
        == 0
    # …nor may it move its own row out of its area.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        as_app(pg_cluster, pg_db, "an",
               "UPDATE fruitmap.zones SET unit_code = 'C2' WHERE zone_id = 'Z1'")
    assert stored(pg_cluster, pg_db) == [("Z1", "Vùng 1", "C1"), ("Z2", "Vùng 2", "C1"),
                                         ("Z3", "Vùng 3", "C2"), ("Z4", "Vùng 4", "C2")]
    # Inside its area it inserts, updates and deletes.
    assert as_app(pg_cluster, pg_db, "an", INSERT_ZONE, ("Z9", " C1 ")) == 1
    assert as_app(pg_cluster, pg_db, "an",
                  "UPDATE fruitmap.zones SET name = 'đổi' WHERE zone_id = 'Z1'") == 1
    assert as_app(pg_cluster, pg_db, "an", "DELETE FROM fruitmap.zones WHERE zone_id = 'Z2'") \
        == 1
    assert stored(pg_cluster, pg_db) == [("Z1", "đổi", "C1"), ("Z3", "Vùng 3", "C2"),
                                         ("Z4", "Vùng 4", "C2"), ("Z9", "mới", " C1 ")]
    # Layers without areas: not an area editor's; views (saved map views) are any writer's.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app(pg_cluster, pg_db, "an", "INSERT INTO fruitmap.markets (fm_row, crop, month, "
               "fresh_capacity_t) VALUES (0, 'longan', 6, 10)")
    assert as_app(pg_cluster, pg_db, "an", "DELETE FROM fruitmap.admin_units") == 0
    assert as_app(pg_cluster, pg_db, "an", "INSERT INTO fruitmap.views (fm_row, view_id, "
                  "title, query, created) VALUES (0, 'v1', 'Xã Một', 'a=1', 'now')") == 1


DATA_TABLES = ("zones", "plants", "cold_stores", "industrial_areas", "admin_units", "markets",
               "crop_calendar", "targets", "views", "scenarios", "history", "layer_versions")
COUNTS = "SELECT " + ", ".join(f"(SELECT count(*) FROM fruitmap.{n})" for n in DATA_TABLES)


@pytest.mark.parametrize("who", ["xem", None, "nobody"])
def test_a_viewer_or_no_account_writes_nothing_at_all(pg_cluster, pg_db, area_db, who):
    inserts = {
        "zones": INSERT_ZONE.replace("%s", "'Z9'", 1).replace("%s", "'C1'"),
        "markets": "INSERT INTO fruitmap.markets (fm_row, crop, month, fresh_capacity_t) "
                   "VALUES (0, 'longan', 6, 10)",
        "views": "INSERT INTO fruitmap.views (fm_row, view_id, title, query, created) "
                 "VALUES (0, 'v1', 't', 'q', 'now')",
        "scenarios": "INSERT INTO fruitmap.scenarios (fm_row, scenario_id, name) "
                     "VALUES (0, 's1', 'x')",
        "history": "INSERT INTO fruitmap.history (fm_row, change_id, layer) "
                   "VALUES (99, 99, 'zones')",
        "layer_versions": "INSERT INTO fruitmap.layer_versions (version_id, fm_row, layer, "
                          "data) VALUES ('v', 0, 'zones', '')",
    }
    for sql in inserts.values():
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            as_app(pg_cluster, pg_db, who, sql)
    counts = admin_sql(pg_cluster, COUNTS, db=pg_db)
    for name in DATA_TABLES:
        if name in ("history", "layer_versions"):  # no update or delete granted at all
            for sql in (f"DELETE FROM fruitmap.{name}",
                        f"UPDATE fruitmap.{name} SET fm_row = fm_row"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    as_app(pg_cluster, pg_db, who, sql)
            continue
        assert as_app(pg_cluster, pg_db, who, f"DELETE FROM fruitmap.{name}") == 0, name
        assert as_app(pg_cluster, pg_db, who,
                      f"UPDATE fruitmap.{name} SET fm_row = fm_row + 1") == 0, name
    assert admin_sql(pg_cluster, COUNTS, db=pg_db) == counts
    assert counts[0][0] == 4 and counts[0][4] == 3  # zones, admin units were there to refuse
    # …and through the API: refused in plain words before anything is written.
    ws = open_workspace(area_db)
    before = everything(ws)
    with pytest.raises((InputError, WorkspaceError)) as err:
        ws.write({"zones": zones()}, action="edit", who=who or "")
    expected = "role_cannot_write" if who == "xem" else "write_needs_account"
    assert err.value.code == expected and "Traceback" not in err.value.message("vi")
    assert everything(ws) == before


def test_db_init_again_replaces_the_old_allow_all_policy(pg_cluster, pg_db, tmp_path):
    admin_sql(pg_cluster, "DROP POLICY fruitmap_app_insert ON fruitmap.zones; "
              "CREATE POLICY fruitmap_app_all ON fruitmap.zones TO fruitmap_app "
              "USING (true) WITH CHECK (true)", db=pg_db)
    (tmp_path / "app.pw").write_text("app-password-1\n")
    (tmp_path / "admin.pw").write_text("admin-password-1\n")
    try:
        assert main(["db", "init", "--url", pg_cluster.admin_url(pg_db), "--app-password-file",
                     str(tmp_path / "app.pw"), "--admin", FIRST_ADMIN, "--admin-password-file",
                     str(tmp_path / "admin.pw")]) == 0
        names = admin_sql(pg_cluster, "SELECT policyname FROM pg_policies WHERE schemaname = "
                          "'fruitmap' AND tablename = 'zones' ORDER BY 1", db=pg_db)
        assert [n[0] for n in names] == ["fruitmap_app_delete", "fruitmap_app_insert",
                                         "fruitmap_app_read", "fruitmap_app_update",
                                         "fruitmap_owner_all"]
    finally:
        from tests.postgis_fixtures import APP_PASSWORD

        admin_sql(pg_cluster, f"ALTER ROLE fruitmap_app PASSWORD '{APP_PASSWORD}'")


# ---------------------------------------------------------------- the API: area-scoped writes
def test_an_area_editor_changing_another_commune_is_refused_and_nothing_changes(
        pg_cluster, pg_db, area_db):
    ws = open_workspace(area_db)
    before = everything(ws)
    edited = ws.read("zones")
    edited.loc[edited["zone_id"] == "Z3", "name"] = "Vùng của xã khác"  # C2's row
    edited.loc[edited["zone_id"] == "Z1", "name"] = "Vùng 1 mới"  # its own
    with pytest.raises(InputError) as err:
        ws.write({"zones": edited}, action="edit", who="an")
    assert err.value.code == "rows_outside_area"
    text = err.value.message("en")
    assert "row 3" in text and "C2" in text and "allowed units: C1" in text
    assert "row 1:" not in text
    assert "Vùng 3" in pd.DataFrame(ws.read("zones"))["name"].tolist()
    assert everything(ws) == before
    # A new row outside, and taking a neighbour's ID: refused as well.
    extra = pd.concat([ws.read("zones"), zones().iloc[[2]].assign(zone_id="Z8")])
    with pytest.raises(InputError, match="row 5"):
        ws.write({"zones": gpd.GeoDataFrame(extra, crs="EPSG:4326")}, action="edit", who="an")
    clash = zones().iloc[[0]].assign(zone_id="z3")
    with pytest.raises(InputError) as err:
        ws.write({"zones": clash}, action="import", who="an", source_file="an.csv")
    assert err.value.problems[0].code == "id_in_other_area"
    with pytest.raises(InputError) as err:
        ws.write({"markets": pd.DataFrame({"crop": ["longan"], "month": [6],
                                           "fresh_capacity_t": [1.0]})},
                 action="import", who="an")
    assert err.value.code == "layer_not_in_area"
    assert everything(ws) == before


def test_an_area_editor_replaces_its_own_rows_and_keeps_the_others(pg_cluster, pg_db, area_db):
    ws = open_workspace(area_db)
    # The whole layer read, edited in its area, written back.
    edited = ws.read("zones")
    edited.loc[edited["zone_id"] == "Z1", "area_ha"] = 9.5
    rows = ws.write({"zones": edited}, action="edit", who="an")
    assert (rows[0]["rows_before"], rows[0]["rows_after"]) == (4, 4)
    # Only its own rows in a file: the other commune's are kept, the file's replace its own.
    mine = zones().iloc[[0]].assign(area_ha=7.0)
    ws.write({"zones": mine}, action="import", who="an")
    back = ws.read("zones")
    assert back["zone_id"].tolist() == ["Z3", "Z4", "Z1"]  # its new rows follow
    assert back["area_ha"].tolist() == [3.25, 4.0, 7.0]
    hist = ws.history()
    assert hist["who"].iloc[0] == "an" and hist["rows_after"].iloc[0] == 3
    # Recorded as an import of its area only: the other commune's rows keep their sources.
    assert hist["action"].iloc[0] == "import (area)"
    assert hist["action"].iloc[1].startswith("edit")  # an edit says what it did already
    units = admin_sql(pg_cluster, "SELECT fm_units FROM fruitmap.history ORDER BY change_id",
                      db=pg_db)
    assert units == [(None,), ("C1;C2",), ("C1",), ("C1",)]  # admin_units: no units
    # A rollback by the area editor restores its area only: binh's change stays.
    version = hist["version_id"].iloc[0]
    other = ws.read("zones")
    other.loc[other["zone_id"] == "Z3", "name"] = "Vùng 3 của Bình"
    ws.write({"zones": other}, action="edit", who="binh")
    ws.rollback("zones", version, who="an")
    back = ws.read("zones").set_index("zone_id")
    assert back.loc["Z3", "name"] == "Vùng 3 của Bình"
    assert back.loc["Z1", "area_ha"] == 9.5 and "Z2" in back.index


def test_a_refusal_by_the_database_itself_is_a_plain_typed_error(pg_cluster, pg_db, area_db,
                                                                 monkeypatch):
    # Without the application's own check, PostgreSQL's policies still refuse.
    monkeypatch.setattr(pgmod, "_refuse_unwritable", lambda scope, layers: None)
    ws = open_workspace(area_db)
    before = everything(ws)
    with pytest.raises(WorkspaceError) as err:
        ws.write({"admin_units": admin_units()}, action="import", who="an")
    assert err.value.code == "write_refused_by_database"
    assert "an" in err.value.message("en") and "admin_units" in err.value.message("vi")
    assert everything(ws) == before


def test_two_area_editors_write_at_the_same_moment_and_both_land(pg_cluster, pg_db, area_db):
    ws = open_workspace(area_db)
    start, errors = threading.Barrier(2), []
    jobs = {"an": zones().iloc[[0]].assign(name="An đã sửa"),
            "binh": zones().iloc[[3]].assign(name="Bình đã sửa")}

    def run(who):
        start.wait(30)
        try:
            ws.write({"zones": jobs[who]}, action="import", who=who)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors, errors
    assert sorted(map(tuple, ws.read("zones")[["zone_id", "name"]].to_numpy())) == \
        [("Z1", "An đã sửa"), ("Z4", "Bình đã sửa")]
    assert set(ws.history()["who"].iloc[:2]) == {"an", "binh"}


# ---------------------------------------------------------------- stale previews
def prepared_zones(frame, name="xa.csv"):
    from fruitmap.files.ingest import prepare
    from fruitmap.files.readers import RawTable

    data = pd.DataFrame(frame.drop(columns="geometry")).assign(
        lon=frame.geometry.x.to_numpy(), lat=frame.geometry.y.to_numpy())
    raw = RawTable(data.astype(str), name, "csv", "0" * 64)
    return prepare(raw, "zones", None, admin_units=admin_units())


def test_a_preview_goes_stale_only_when_its_own_area_changed(pg_cluster, pg_db, area_db):
    ws = open_workspace(area_db)
    mark = preview_mark(ws, AN, "zones")
    # binh changes C2: an's preview of C1 is still good.
    import_as(ws, BINH, prepared_zones(zones().iloc[[2]].assign(name="Bình")))
    assert preview_mark(ws, AN, "zones") == mark
    assert preview_mark(ws, Account(FIRST_ADMIN, "admin"), "zones") != mark  # whole layer
    rows = import_as(ws, AN, prepared_zones(zones().iloc[[0]]), seen=mark)
    assert rows[0]["who"] == "an"
    # Another editor of C1 changes it after an's new preview: an's import is refused.
    admin_sql(pg_cluster, "INSERT INTO fruitmap.accounts (name, role, units, password_hash) "
              "VALUES ('Lan', 'area_editor', 'C1', 'x')", db=pg_db)
    mark = preview_mark(ws, AN, "zones")
    import_as(ws, Account("Lan", "area_editor", ("C1",)),
              prepared_zones(zones().iloc[[0, 1]].assign(area_ha=5.0)))
    before = everything(ws)
    when = ws.history()["when"].iloc[0]
    with pytest.raises(InputError) as err:
        import_as(ws, AN, prepared_zones(zones().iloc[[0]]), seen=mark)
    assert err.value.code == "preview_stale"
    hhmm = pgmod.short_time(when)
    assert len(hhmm) == 5
    assert err.value.message("vi") == \
        f"Lan đã thay đổi khu vực này lúc {hhmm}; hãy kiểm tra lại bản xem trước."
    assert err.value.message("en") == f"Lan changed this area at {hhmm}; check the preview again."
    assert everything(ws) == before


def test_a_preview_on_a_geopackage_goes_stale_with_any_change_of_the_layer(tmp_path):
    from fruitmap.workspace.geopackage import create

    ws = create(tmp_path / "ws", {"admin_units": admin_units(), "zones": zones()}, who="Lan")
    admin = Account("Hoa", "admin")
    mark = preview_mark(ws, admin, "zones")
    import_as(ws, admin, prepared_zones(zones()), seen=mark)
    with pytest.raises(InputError) as err:
        import_as(ws, admin, prepared_zones(zones()), seen=mark)
    assert err.value.code == "preview_stale" and err.value.message("en").startswith("Hoa changed")


# ---------------------------------------------------------------- the upload page
C1_CSV = ("zone_id,name,crop,area_ha,unit_code,lon,lat\n"
          "Z1,Vùng 1 của An,longan,1.5,C1,104.02,21.05\n").encode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_upload_page_refuses_a_stale_preview_of_the_area_in_plain_words(
        pg_cluster, pg_db, area_db, monkeypatch, lang):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("FRUITMAP_WORKSPACE", area_db)
    monkeypatch.chdir(ROOT)
    admin_sql(pg_cluster, "INSERT INTO fruitmap.accounts (name, role, units, password_hash) "
              "VALUES ('Lan', 'area_editor', 'C1', 'x')", db=pg_db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["account"] = AN
    at.switch_page("pages/upload.py")
    at.run()
    at.file_uploader[0].set_value(("an.csv", C1_CSV, "text/csv"))
    at.run()
    layer = at.selectbox(key="upload_layer")
    if layer.value != "zones":
        layer.set_value("zones").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [t for t in at.text_input if t.key == "upload_user"]  # no typed name
    assert any("an" in c.value and ("tài khoản" in c.value or "account" in c.value)
               for c in at.caption)
    # The preview is on screen; now Lan changes the same commune.
    ws = open_workspace(area_db)
    import_as(ws, Account("Lan", "area_editor", ("C1",)),
              prepared_zones(zones().iloc[[0]].assign(name="Vùng 1 của Lan")))
    before = everything(ws)
    at.radio(key="upload_mode").set_value("replace")
    at.checkbox(key="upload_confirm").check()
    at.run()
    keeps = {"vi": "dữ liệu của địa bàn khác được giữ nguyên", "en": "other areas' rows are kept"}
    assert any(keeps[lang] in c.value for c in at.caption)
    at.button(key="upload_import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(e.value for e in at.error)
    hhmm = pgmod.short_time(ws.history()["when"].iloc[0])
    expected = {"vi": f"Lan đã thay đổi khu vực này lúc {hhmm}; hãy kiểm tra lại bản xem trước.",
                "en": f"Lan changed this area at {hhmm}; check the preview again."}[lang]
    assert expected in shown.replace("\\", "")
    assert everything(ws) == before
    # Looked at again, the preview is current: the import lands, recorded under an's name.
    at.run()
    at.checkbox(key="upload_confirm").check()
    at.run()
    at.button(key="upload_import_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    hist = ws.history()
    assert hist["who"].iloc[0] == "an"
    assert ws.read("zones").set_index("zone_id").loc["Z1", "name"] == "Vùng 1 của An"


def test_the_upload_page_without_a_login_on_the_shared_server_offers_no_import(
        pg_cluster, pg_db, area_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("FRUITMAP_WORKSPACE", area_db)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.switch_page("pages/upload.py")
    at.run()
    at.file_uploader[0].set_value(("an.csv", C1_CSV, "text/csv"))
    at.run()
    layer = at.selectbox(key="upload_layer")
    if layer.value != "zones":
        layer.set_value("zones").run()
    assert not at.exception, [e.value for e in at.exception]
    # A typed name (even an account's) is no login: no name field, no import button.
    assert not [t for t in at.text_input if t.key == "upload_user"]
    assert not [b for b in at.button if b.key == "upload_import_button"]
    assert any("log in to import" in i.value for i in at.info)



def test_an_area_import_into_a_geopackage_keeps_the_other_areas_and_their_sources(tmp_path):
    from fruitmap.provenance import layer_sources
    from fruitmap.workspace.geopackage import Workspace

    ws = Workspace(tmp_path / "ws")
    ws.write({"admin_units": admin_units(), "zones": zones()}, action="import", who="admin",
             source_file="tinh.xlsx")
    import_as(ws, AN, prepared_zones(zones().iloc[[0]].assign(name="Vùng 1 mới"), "an.xlsx"))
    back = ws.read("zones").set_index("zone_id")
    assert sorted(back.index) == ["Z1", "Z3", "Z4"]  # C1's Z2 replaced away, C2 kept
    assert back.loc["Z1", "name"] == "Vùng 1 mới"
    assert ws.history()["action"].iloc[0] == "import (area)"
    assert layer_sources(ws.history())["zones"].files == ("tinh.xlsx", "an.xlsx")
