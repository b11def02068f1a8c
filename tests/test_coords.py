"""VN-2000 handling: EPSG transforms, CRS recognition from .prj, guesses, plausibility warnings."""

import math

import numpy as np
import pyproj
import pytest
from shapely.geometry import Point, box

from fruitmap.errors import InputError
from fruitmap.files import coords

# EPSG "VN-2000 to WGS 84 (2)" (source: Department of Survey and Mapping), as pyproj uses it:
# translations in metres, rotations in arc-seconds, scale in ppm, coordinate-frame rotation.
TOWGS84 = (-191.90441429, -39.30318279, -111.45032835,
           -0.00928836, 0.01975479, -0.00427372, 0.252906278)
A, F = 6378137.0, 1 / 298.257223563  # VN-2000 uses the WGS 84 ellipsoid


def _geocentric(lon, lat, h=0.0):
    e2 = F * (2 - F)
    lon, lat = math.radians(lon), math.radians(lat)
    n = A / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return np.array([(n + h) * math.cos(lat) * math.cos(lon),
                     (n + h) * math.cos(lat) * math.sin(lon),
                     (n * (1 - e2) + h) * math.sin(lat)])


def _geographic(xyz):
    e2 = F * (2 - F)
    x, y, z = xyz
    lon = math.atan2(y, x)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        n = A / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - e2 * n / (n + h)))
    return math.degrees(lon), math.degrees(lat)


def _coordinate_frame(lon, lat):
    """VN-2000 → WGS 84 by hand with EPSG's method 9607 (coordinate frame rotation)."""
    tx, ty, tz, rx, ry, rz, ds = TOWGS84
    rx, ry, rz = (math.radians(r / 3600) for r in (rx, ry, rz))
    m = 1 + ds * 1e-6
    rot = np.array([[1, rz, -ry], [-rz, 1, rx], [ry, -rx, 1]])
    return _geographic(m * rot @ _geocentric(lon, lat) + np.array([tx, ty, tz]))


def test_tm3_104_round_trip_is_sub_millimetre():
    e, n = 523456.789, 2356789.012  # a point near Sơn La city in VN-2000 / TM-3 104-00
    lon, lat = coords.transform_xy([e], [n], "EPSG:9206")
    back = pyproj.Transformer.from_crs(4326, 9206, always_xy=True).transform(lon[0], lat[0])
    assert abs(back[0] - e) < 0.001 and abs(back[1] - n) < 0.001


def test_central_meridian_point_matches_the_published_datum_shift():
    # On the central meridian, false easting 500 000 m is longitude 104° exactly in VN-2000.
    vn_lon, vn_lat = pyproj.Transformer.from_crs(9206, 4756, always_xy=True).transform(
        500000.0, 2350000.0)
    assert vn_lon == pytest.approx(104.0, abs=1e-9)
    # The WGS 84 position must be the EPSG 7-parameter shift computed independently by hand.
    lon, lat = coords.transform_xy([500000.0], [2350000.0], "EPSG:9206")
    want_lon, want_lat = _coordinate_frame(vn_lon, vn_lat)
    metres = math.hypot((lon[0] - want_lon) * 111_320 * math.cos(math.radians(lat[0])),
                        (lat[0] - want_lat) * 110_574)
    assert metres < 0.05
    # and the shift is real (about 200 m east), so "no datum shift" would fail this test
    assert 0.0015 < lon[0] - 104.0 < 0.0025


def test_utm_48n_and_geographic_vn2000_agree_with_tm3():
    lon1, lat1 = coords.transform_xy([500000.0], [2350000.0], "EPSG:9206")
    utm = pyproj.Transformer.from_crs(4756, 3405, always_xy=True).transform(
        *pyproj.Transformer.from_crs(9206, 4756, always_xy=True).transform(500000.0, 2350000.0))
    lon2, lat2 = coords.transform_xy([utm[0]], [utm[1]], "EPSG:3405")
    assert lon1[0] == pytest.approx(lon2[0], abs=1e-8)
    assert lat1[0] == pytest.approx(lat2[0], abs=1e-8)


def test_prj_without_epsg_code_is_recognised_as_vn2000_zone():
    esri = ('PROJCS["VN_2000_TM3_104",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",'
            'SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],'
            'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
            'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
            'PARAMETER["Central_Meridian",104.0],PARAMETER["Scale_Factor",0.9999],'
            'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
    assert coords.crs_code(esri) == "EPSG:9206"
    utm = esri.replace("104.0", "105.0").replace("0.9999", "0.9996")
    assert coords.crs_code(utm) == "EPSG:3405"
    assert coords.crs_code("EPSG:4756") == "EPSG:4756"
    assert coords.crs_code("EPSG:4326") == "EPSG:4326"


def test_every_tm3_zone_is_mapped_to_its_central_meridian():
    for lon0, code in coords.VN2000_TM3.items():
        params = {p.name: p.value for p in pyproj.CRS(code).coordinate_operation.params}
        assert params["Longitude of natural origin"] == lon0


def test_parse_crs_accepts_bare_codes_and_refuses_nonsense():
    assert coords.parse_crs("9206").to_epsg() == 9206
    with pytest.raises(InputError) as info:
        coords.parse_crs("VN-2000 khong ro")
    assert "EPSG:9206" in info.value.message("vi")


def test_guess_crs_degrees_metres_and_nonsense():
    assert coords.guess_crs([104.6, 103.9], [20.8, 21.3]) == "EPSG:4326"
    assert coords.guess_crs([523000.0], [2356000.0]) == "EPSG:9206"
    assert coords.guess_crs([1e12], [5.0]) is None
    assert coords.guess_crs([], []) is None


def test_swaps_are_detected():
    assert coords.looks_swapped_degrees([20.8, 21.3], [104.6, 103.9])
    assert not coords.looks_swapped_degrees([104.6, 103.9], [20.8, 21.3])
    assert coords.looks_swapped_metres([2356000.0], [523000.0])
    assert not coords.looks_swapped_metres([523000.0], [2356000.0])


def test_location_warnings_outside_vietnam_and_province():
    province = box(103.0, 20.5, 105.0, 22.0)
    problems = coords.location_problems(
        [Point(104.0, 21.0), Point(106.5, 21.0), Point(2.35, 48.85), None],
        [2, 3, 4, 5], "x.csv", province)
    assert [(p.code, p.row, p.severity) for p in problems] == [
        ("outside_province", 3, "warning"), ("outside_vietnam", 4, "warning")]


def test_province_shape_comes_from_the_boundary_file():
    shape = coords.province_shape()
    assert shape is not None
    assert shape.contains(Point(103.91, 21.33))  # Sơn La city
    assert not shape.contains(Point(105.85, 21.03))  # Hà Nội


@pytest.mark.parametrize("text,value", [
    ("21°19'48\"N", 21.33), ("104° 30' 15\" E", 104.504167), ("21 độ 19 phút 48 giây", 21.33),
    ("104°30′", 104.5), ("20°S", -20.0), ("12.5", None), ("abc", None), ("21°75'", None),
])
def test_parse_dms(text, value):
    got = coords.parse_dms(text)
    assert got == (None if value is None else pytest.approx(value, abs=1e-6))
