"""The folium map builder: layers drawn, translated and escaped details, offline assets,
the standalone HTML export and the choropleth helper."""

import json
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point

from fruitmap.maps.assets import STATIC_DIR, map_to_standalone_html
from fruitmap.maps.build import (
    add_choropleth,
    base_map,
    build_map,
    class_breaks,
    display_geometries,
    province_bounds,
)
from fruitmap.maps.html import details_table, esc
from fruitmap.maps.layer import decode_coordinates, specs_in
from fruitmap.schema import ZONES
from tests.test_filters import XSS, tiny_layers

CDN_HOSTS = ("cdn.jsdelivr", "unpkg.com", "code.jquery", "cdnjs", "bootstrapcdn",
             "netdna", "googleapis", "gstatic")


def as_browser_sees(html: str) -> str:
    """Undo the JSON escapes (\\u003c …) that the browser's JavaScript undoes too."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


def has_style(html: str, key: str, value: str) -> bool:
    return re.search(rf'"{key}":\s*"{re.escape(value)}"', html) is not None


@pytest.fixture(scope="module")
def html_en() -> str:
    return as_browser_sees(build_map(tiny_layers(), "en").get_root().render())


@pytest.fixture(scope="module")
def html_vi() -> str:
    return as_browser_sees(build_map(tiny_layers(), "vi").get_root().render())


def test_every_layer_is_drawn_and_listed(html_en):
    for css_class in ("fm-boundary", "fm-zone", "fm-facility", "fm-factory", "fm-cold-store",
                      "fm-industrial", "fm-label"):
        assert css_class in html_en, css_class
    for name in ("District boundaries", "Cultivation zones", "Processing factories",
                 "Processing facilities", "Cold stores", "Industrial areas"):
        assert f'"{name}"' in html_en or f"`{name}`" in html_en or name in html_en, name
    assert "L.control.layers" in html_en
    assert "fitBounds" in html_en


def test_the_map_opens_fitted_without_a_zoom_animation(html_en):
    # With the animation, layers added while it ran were drawn at the opening zoom and drawn
    # again when it ended (issue 9: each 20,000-zone canvas twice).
    fit = re.search(r"fitBounds\(\s*\[\[[^\]]*\], \[[^\]]*\]\],\s*(\{[^}]*\})", html_en)
    assert fit, "no fitBounds call"
    options = json.loads(fit.group(1))
    assert options["animate"] is False
    assert options["paddingTopLeft"] == [10, 10]
    # It comes before the layers are added, so they are drawn once, at the fitted zoom.
    assert html_en.index("fitBounds") < html_en.index("fm-zone")


def test_zones_are_coloured_by_crop(html_en):
    from fruitmap.crops import CROP_COLORS

    assert has_style(html_en, "fillColor", CROP_COLORS["plum"])
    assert has_style(html_en, "fillColor", CROP_COLORS["mango"])
    assert not has_style(html_en, "fillColor", CROP_COLORS["avocado"])


def test_details_are_translated(html_vi, html_en):
    # Z1: 120 ha of plum, VietGAP, in Mộc Châu.
    assert "Diện tích (ha)" in html_vi and "120,0" in html_vi and "Mận" in html_vi
    assert "Area (ha)" in html_en and "120.0" in html_en and "Plum" in html_en
    assert "Địa bàn: Mộc Châu" in html_vi and "District: Mộc Châu" in html_en
    # factory P1: 300 t/day; legend lists only the crops present
    assert "300 tấn/ngày" in html_vi and "300 t/day" in html_en
    assert "Chú giải" in html_vi and "Legend" in html_en
    assert "Avocado" not in html_en


def test_user_strings_are_escaped(html_en):
    assert "<img" not in html_en
    assert esc(XSS) in html_en  # &lt;img src=x onerror=alert(1)&gt;


def test_backticks_and_template_syntax_stay_data():
    layers = tiny_layers()
    layers["plants"].loc[1, "name"] = "Cơ sở `${alert(2)}` </script><script>alert(3)</script>"
    raw = build_map(layers, "en").get_root().render()
    assert "</script><script>alert(3)" not in raw
    assert "<script>alert(3)" not in as_browser_sees(raw)
    assert "`${alert(2)}`" in as_browser_sees(raw)  # inside a JSON string, not a template


def test_details_table_skips_empty_and_formats_booleans():
    row = {"zone_id": "Z9", "name": "x", "crop": "mango", "area_ha": 1234.5,
           "off_season": True, "harvest_start": 5, "planting_code": None}
    vi = details_table(ZONES, row, "vi")
    assert "Trái vụ</th><td>Có" in vi and "Tháng 5" in vi and "1.234,5" in vi
    assert "Mã số vùng trồng" not in vi


def test_no_cdn_or_any_url_in_the_rendered_map(html_en):
    assert not any(host in html_en for host in CDN_HOSTS)
    assert "http://" not in html_en and "https://" not in html_en
    assert '<script src="/app/static/leaflet/leaflet.js">' in html_en
    assert '<script src="/app/static/jquery/jquery.min.js">' in html_en
    assert "/app/static/leaflet/images/" in html_en  # default icon path set


def test_online_basemap_is_an_option_but_assets_stay_local():
    html = build_map(tiny_layers(), "en", basemap="osm").get_root().render()
    assert "tile.openstreetmap.org" in html
    sources = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert sources and all(s.startswith("/app/static/") for s in sources)
    with pytest.raises(ValueError):
        build_map(tiny_layers(), "en", basemap="satellite")


def test_vendored_assets_exist_with_licences():
    for rel in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE",
                "leaflet/images/layers.png", "jquery/jquery.min.js", "jquery/LICENSE.txt"):
        assert (STATIC_DIR / rel).is_file(), rel


def test_standalone_html_inlines_every_script_and_stylesheet():
    html = map_to_standalone_html(build_map(tiny_layers(), "vi"))
    assert "<script src" not in html and '<link rel="stylesheet"' not in html
    assert not re.search(r"<script[^>]*\bsrc=|<link[^>]*\bhref=", html)
    assert not re.search(r"url\(['\"]?(?:https?:)?//|@import", html)
    assert "/app/static/" not in html.replace("/app/static/leaflet/images/", "")
    assert "Leaflet 1.9.4" in html and "jQuery v3.7.1" in html
    assert "url(data:image/png;base64," in html  # layer-control icon from leaflet.css
    assert "fm-zone" in html


def test_standalone_refuses_cdn_maps():
    with pytest.raises(ValueError, match="CDN"):
        map_to_standalone_html(folium.Map(tiles=None))


def test_show_selects_layers_and_highlight_marks_districts():
    html = build_map(tiny_layers(), "en", show=["districts", "zones"],
                     highlight=["125"]).get_root().render()
    assert "fm-zone" in html and "fm-facility" not in html and "fm-factory" not in html
    assert has_style(html, "color", "#d50000")  # Mai Sơn outlined in red
    assert re.search(r"fitBounds\(\s*\[\[21\.0, 104\.0\], \[21\.4, 104\.4\]\]", html)  # in view
    assert not has_style(build_map(tiny_layers(), "en").get_root().render(), "color", "#d50000")


def test_empty_layers_give_a_boundary_map():
    layers = tiny_layers()
    for name in ("zones", "plants", "cold_stores", "industrial_areas"):
        layers[name] = layers[name].iloc[0:0]
    html = build_map(layers, "vi").get_root().render()
    assert "fm-boundary" in html and "fm-zone" not in html


def test_geometries_are_simplified_in_metres_and_rounded():
    circle = gpd.GeoDataFrame(geometry=[Point(104.0, 21.0).buffer(0.01, quad_segs=256)],
                              crs="EPSG:4326")
    before = len(circle.geometry.iloc[0].exterior.coords)
    out = display_geometries(circle, tolerance_m=25)
    coords = list(out.iloc[0].exterior.coords)
    assert len(coords) < before / 4
    assert all(round(x, 5) == x and round(y, 5) == y for x, y in coords)
    # a 1 km circle stays about 1 km wide
    assert out.to_crs("EPSG:32648").iloc[0].bounds[2] - out.to_crs(
        "EPSG:32648").iloc[0].bounds[0] == pytest.approx(2 * 1038, rel=0.05)


def test_light_geometries_are_not_simplified():
    # 32 vertices: at most SIMPLE_VERTICES, sent as they are (only rounded).
    small = gpd.GeoDataFrame(geometry=[Point(104.0, 21.0).buffer(0.01, quad_segs=8)],
                             crs="EPSG:4326")
    out = display_geometries(small, tolerance_m=500)
    assert len(out.iloc[0].exterior.coords) == len(small.geometry.iloc[0].exterior.coords) == 33


def test_province_bounds_come_from_the_province_unit():
    assert province_bounds(tiny_layers()) == [[20.6, 104.0], [21.4, 104.8]]
    assert province_bounds({})[0][0] == pytest.approx(20.57)


def test_class_breaks_are_quantiles():
    assert class_breaks([0, 10, 20, 30, 40], n=4) == [0, 10, 20, 30, 40]
    assert class_breaks([5, 5, 5]) == [5, 5]
    assert class_breaks([float("nan")]) == []


def test_choropleth_colours_by_class_and_greys_missing():
    layers = tiny_layers()
    districts = layers["admin_units"].iloc[1:].copy()
    districts["surplus_t"] = [1500.0, float("nan")]
    m = base_map("en")
    add_choropleth(m, districts, "surplus_t", "en", "Surplus <t>", breaks=[0, 1000, 2000],
                   palette=("#ffffff", "#ff0000"))
    html = as_browser_sees(m.get_root().render())
    assert has_style(html, "fillColor", "#ff0000")  # 1500 t is in the upper class
    assert has_style(html, "fillColor", "#d9d9d9")  # no data
    assert not has_style(html, "fillColor", "#ffffff")
    assert "Surplus &lt;t&gt;: 1,500" in html and "No data" in html
    assert "1,000 – 2,000" in html


def test_missing_optional_values_take_the_contract_defaults():
    layers = tiny_layers()
    layers["plants"].loc[0, "status"] = float("nan")  # the factory
    layers["cold_stores"] = layers["cold_stores"].drop(columns=["status", "crops"])
    html = as_browser_sees(build_map(layers, "en").get_root().render())
    assert "nan" not in html.replace("nano", "")
    # the factory without a status is drawn in the colour of operating plants, where it is
    (factory,) = [s for s in specs_in(html) if s["cls"] == "fm-factory"]
    assert factory["n"] == 1 and factory["styles"] == [{"fillColor": "#1565c0"}]
    assert decode_coordinates(factory["xy"]).tolist() == [[104.6, 20.8]]


def test_boundaries_credit_is_on_every_map():
    """The CC BY-SA boundaries need credit on the map itself (it travels with exports)."""
    from fruitmap.maps.build import base_map

    for lang in ("vi", "en"):
        html = base_map(lang).get_root().render()
        assert "attributionControl.addAttribution" in html
        assert "Open Development Vietnam, CC BY-SA 4.0" in html
