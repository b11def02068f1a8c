"""Balance figures built from tiny hand-made balance tables whose sums are checked on paper."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from fruitmap.balance import charts as bc
from fruitmap.balance.targets import measure_of, target_progress
from tests.report_data import tiny_layers


def row(unit, name, crop, month, supply, fresh=0.0, processed=0.0, stored=0.0, released=0.0):
    surplus = supply + released - fresh - processed - stored
    return dict(unit_code=unit, unit_name=name, crop=crop, month=month, supply_t=supply,
                released_t=released, fresh_t=fresh, processed_t=processed, stored_t=stored,
                surplus_t=surplus)


@pytest.fixture()
def units():
    # Longan: July 500+300 harvested, 100 fresh + 260 processed in Sông Mã → 140 surplus;
    # 300 in Mai Sơn, 300 processed → 0. August: 200 harvested, 100 stored, 100 surplus.
    # September: 100 released from storage, sold fresh. Mango: June 400, 90 surplus.
    return pd.DataFrame([
        row("126", "Sông Mã", "longan", 7, 500, fresh=100, processed=260),
        row("125", "Mai Sơn", "longan", 7, 300, processed=300),
        row("126", "Sông Mã", "longan", 8, 200, stored=100),
        row("126", "Sông Mã", "longan", 9, 0, fresh=100, released=100),
        row("125", "Mai Sơn", "mango", 6, 400, fresh=50, processed=260),
    ])


@pytest.fixture()
def admin():
    return gpd.GeoDataFrame({
        "unit_code": ["14", "126", "125", "127"],
        "name": ["Tỉnh Sơn La", "Sông Mã", "Mai Sơn", "Sốp Cộp"],
        "level": ["province", "district", "district", "district"],
    }, geometry=[box(103.6, 21.0, 104.2, 21.2), box(103.8, 21.0, 104.0, 21.2),
                 box(104.0, 21.0, 104.2, 21.2), box(103.6, 21.0, 103.8, 21.2)],
        crs="EPSG:4326")


def test_monthly_sums_over_units_and_fills_every_month(units):
    table = bc.monthly_by_crop(units)
    assert len(table) == 24  # 2 crops × 12 months
    longan = table[table["crop"] == "longan"].set_index("month")
    assert longan.loc[7, "supply_t"] == 800
    assert longan.loc[7, "surplus_t"] == 140
    assert longan.loc[8, "stored_t"] == 100
    assert longan.loc[9, "released_t"] == 100
    assert longan.loc[1, "supply_t"] == 0
    assert bc.peak_surplus_month(units, "longan") == 7
    assert bc.peak_surplus_month(units, "plum") is None
    assert bc.main_crops(units, 1) == ["longan"]  # 1,000 t against 400 t
    assert bc.main_crops(units) == ["longan", "mango"]


def test_glut_calendar_in_tonnes_and_share(units):
    fig = bc.glut_calendar_figure(units, "en")
    heat = fig.data[0]
    assert list(heat.y) == ["Longan", "Mango"]  # canonical crop order, English names
    assert list(heat.x)[:3] == ["Jan", "Feb", "Mar"]
    z = np.asarray(heat.z, dtype=float)
    assert z[0, 6] == 140 and z[0, 7] == 100 and z[1, 5] == 90
    assert heat.text[0][6] == "140" and heat.text[0][0] == ""  # zero cells stay blank
    assert "Glut calendar" in fig.layout.title.text

    share = bc.glut_calendar_figure(units, "vi", measure="share")
    z = np.asarray(share.data[0].z, dtype=float)
    assert z[0, 6] == pytest.approx(100 * 140 / 800)   # 17.5 %
    assert z[0, 7] == pytest.approx(50.0)               # 100 of 200
    assert z[0, 8] == pytest.approx(0.0)                # released fruit all sold
    assert np.isnan(z[0, 0])                            # nothing available in January
    assert list(share.data[0].y) == ["Nhãn", "Xoài"]
    assert share.data[0].x[6] == "T7"
    assert "tỷ lệ" in share.layout.title.text
    assert share.layout.separators == ",."


def test_empty_balance_gives_a_message_not_a_blank_frame():
    fig = bc.glut_calendar_figure(pd.DataFrame(), "vi")
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "Chưa có số liệu cân đối để vẽ."


def test_crop_balance_stacks_uses_and_draws_capacity(units):
    cap = pd.DataFrame({"month": range(1, 13), "capacity_t": [360.0] * 12})
    fig = bc.crop_balance_figure(units, "longan", "en", cap)
    bars = {tr.name: list(tr.y) for tr in fig.data if tr.type == "bar"}
    assert bars["Sold fresh"][6] == 100 and bars["Processed"][6] == 560
    assert bars["Into cold storage"][7] == 100 and bars["Surplus"][7] == 100
    assert bars["Sold fresh"][8] == 100
    # The four uses add up to what was available each month (harvest + release).
    available = [800, 200, 100]
    for i, month in enumerate((6, 7, 8)):
        assert sum(b[month] for b in bars.values()) == available[i]
    lines = {tr.name: list(tr.y) for tr in fig.data if tr.type == "scatter"}
    assert lines["Harvest"][6] == 800
    assert lines["Fresh market + processing capacity"] == [360.0] * 12
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == "Longan: monthly supply and where it goes"


def test_crop_capacity_counts_accepting_operating_plants_and_market():
    plants = pd.DataFrame({
        "crops": [("longan",), ("longan", "mango"), ("mango",), ("longan",)],
        "capacity_t_day": [10.0, 5.0, 100.0, 50.0],
        "operating_months": [tuple(range(1, 13)), (7, 8), tuple(range(1, 13)),
                             tuple(range(1, 13))],
        "status": ["operating", "operating", "operating", "planned"],
    })
    markets = pd.DataFrame({"crop": ["longan", "mango"], "month": [7, 7],
                            "fresh_capacity_t": [40.0, 999.0]})
    cap = bc.crop_capacity(plants, markets, "longan").set_index("month")["capacity_t"]
    assert cap[1] == 260          # 10 t/day × 26
    assert cap[7] == 260 + 130 + 40
    assert cap[9] == 260
    with_planned = bc.crop_capacity(plants, None, "longan",
                                    statuses=("operating", "planned")).set_index("month")
    assert with_planned.loc[1, "capacity_t"] == 260 + 1300


def test_surplus_map_draws_every_district_offline(units, admin):
    fig = bc.surplus_map_figure(units, admin, "longan", 7, "vi")
    types = {tr.type for tr in fig.data}
    # No geo/mapbox traces: those fetch topojson or tiles from the internet.
    assert types == {"scatter"}
    fills = [tr for tr in fig.data if tr.fill == "toself"]
    assert len(fills) == 3  # the three districts, not the province
    names = sorted(tr.name for tr in fills)
    assert names == ["Mai Sơn: 0 tấn", "Sông Mã: 140 tấn", "Sốp Cộp: 0 tấn"]
    by_name = {tr.name.split(":")[0]: tr.fillcolor for tr in fills}
    assert by_name["Sông Mã"] != by_name["Mai Sơn"]  # the surplus stands out
    labels = [tr for tr in fig.data if tr.mode == "text"][0]
    assert any("Sông Mã" in t and "140 tấn" in t for t in labels.text)
    assert fig.layout.title.text == "Nhãn dư thừa theo địa bàn, Tháng 7"
    assert fig.layout.yaxis.scaleanchor == "x"


def test_surplus_map_without_surplus_says_so(units, admin):
    fig = bc.surplus_map_figure(units, admin, "longan", 1, "en")
    assert any(a.text == "No surplus this month." for a in fig.layout.annotations)
    empty = bc.surplus_map_figure(units, admin.iloc[0:0], "longan", 7, "en")
    assert empty.layout.annotations[0].text.startswith("No administrative boundaries")


def test_plant_utilisation_is_processed_over_capacity():
    rows = pd.DataFrame({
        "plant_id": ["A", "A", "B", "B", "C"],
        "name": ["Nhà máy A", "Nhà máy A", "Cơ sở B", "Cơ sở B", "Cơ sở C"],
        "month": [6, 7, 6, 7, 7],
        "capacity_t": [260.0, 260.0, 130.0, 130.0, 0.0],
        "processed_t": [130.0, 260.0, 0.0, 13.0, 0.0],
    })
    fig = bc.plant_utilisation_figure(rows, "en")
    heat = fig.data[0]
    assert list(heat.y) == ["Nhà máy A", "Cơ sở B"]  # C has no capacity: left out
    z = np.asarray(heat.z, dtype=float)
    assert z[0, 5] == 50 and z[0, 6] == 100 and z[1, 6] == 10
    assert np.isnan(z[0, 0])  # no capacity in January: blank, not 0 %
    top = bc.plant_utilisation_figure(rows, "vi", max_plants=1)
    assert list(top.data[0].y) == ["Nhà máy A"]
    assert "còn 1 cơ sở khác" in top.layout.title.text


def test_targets_bars_show_progress_and_gap():
    progress = pd.DataFrame({
        "label": ["Vùng công nghệ cao", "Diện tích trái vụ", "Mã số vùng trồng"],
        "target": [10.0, 8000.0, 15000.0], "current": [4.0, 9100.0, np.nan],
        "unit": ["vùng", "ha", "ha"], "year": [2025, 2025, 2025],
    })
    fig = bc.targets_figure(progress, "vi")
    done = fig.data[1]
    assert list(done.x) == [40.0, 100.0, 0.0]  # capped at 100 %, unmeasured shows 0
    notes = [a.text for a in fig.layout.annotations]
    assert notes[0] == "4 / 10 vùng<br>còn thiếu 6"
    assert notes[1] == "9.100 / 8.000 ha<br>đã đạt"
    assert notes[2] == "Chỉ tiêu 15.000 ha<br>chưa đo được từ dữ liệu"
    assert list(done.y)[0] == "Vùng công nghệ cao (2025)"


def test_target_progress_measures_the_workspace():
    assert measure_of("offseason_output_2025") == "off_season_output_t"
    assert measure_of("offseason_area_2025") == "off_season_ha"
    assert measure_of("unknown_thing") is None
    units = pd.DataFrame([row("126", "Sông Mã", "longan", 7, 1000, processed=250)])
    table = target_progress(tiny_layers(), units, "en").set_index("target_id")
    assert table.loc["hightech_zones_2025", "current"] == 1   # Z1 only
    assert table.loc["hightech_zones_2025", "unit"] == "zones"
    assert table.loc["processed_share_2030", "current"] == pytest.approx(25.0)
    assert table.loc["processed_share_2030", "label"] == "Share of output processed"
