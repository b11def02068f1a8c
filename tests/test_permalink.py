"""Views in the URL: known parameters only, bad values fall back with a notice, round trip."""

from __future__ import annotations

import ast
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fruitmap.crops import CROPS
from fruitmap.i18n import t
from fruitmap.permalink import (
    DEFAULTS,
    KNOWN,
    PAGE_PATHS,
    Notice,
    build_query,
    parse_query,
    shown_value,
    view_url,
)
from fruitmap.schema import CERTIFICATIONS, STATUSES
from tests.conftest import ROOT


def test_page_paths_are_app_pys_pages():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
                 and any(getattr(x, "id", None) == "PAGES" for x in n.targets))
    assert tuple(entry[2] for entry in pages) == PAGE_PATHS


def test_empty_query_is_the_default_view():
    assert parse_query({}) == (DEFAULTS, [])


def test_a_full_view_is_read():
    view, notices = parse_query({
        "page": "explorer", "lang": "en", "q": " Mai Sơn ", "crops": "longan,mango",
        "districts": "118,119", "certifications": "VietGAP", "statuses": "planned",
        "capacity": "5~20.5", "basemap": "osm", "crop": "plum", "month": "6",
        "max_haul_km": "150", "circuity": "1.45", "operating_days": "24",
        "include_planned": "1", "lat": "21.32", "lon": "104.05", "zoom": "9.25"})
    assert notices == []
    assert view == {"page": "explorer", "lang": "en", "q": "Mai Sơn",
                    "crops": ("longan", "mango"), "districts": ("118", "119"),
                    "certifications": ("VietGAP",), "statuses": ("planned",),
                    "capacity": (5.0, 20.5), "basemap": "osm", "crop": "plum", "month": 6,
                    "max_haul_km": 150, "circuity": 1.45, "operating_days": 24,
                    "include_planned": True, "lat": 21.32, "lon": 104.05, "zoom": 9.25}


@pytest.mark.parametrize(("params", "param", "reason"), [
    ({"month": "13"}, "month", "range"),
    ({"month": "0"}, "month", "range"),
    ({"month": "6.5"}, "month", "range"),
    ({"crops": "longan,<script>"}, "crops", "choice"),
    ({"lat": "1e308", "lon": "104"}, "lat", "number"),
    ({"lat": "inf", "lon": "104"}, "lat", "number"),
    ({"lat": "nan", "lon": "104"}, "lat", "number"),
    ({"lat": "48.8", "lon": "2.3"}, "lat", "range"),  # Paris is not a view of Sơn La
    ({"zoom": "__import__('os')", "lat": "21", "lon": "104"}, "zoom", "number"),
    ({"zoom": "30", "lat": "21", "lon": "104"}, "zoom", "range"),
    ({"zoom": "9.3", "lat": "21", "lon": "104"}, "zoom", "step"),
    ({"lang": "fr"}, "lang", "choice"),
    ({"page": "../../etc/passwd"}, "page", "choice"),
    ({"basemap": "https://evil.example/{z}/{x}/{y}.png"}, "basemap", "choice"),
    ({"districts": "118,'; DROP TABLE zones;--"}, "districts", "code"),
    ({"capacity": "20~5"}, "capacity", "capacity"),
    ({"capacity": "5"}, "capacity", "capacity"),
    ({"max_haul_km": "105"}, "max_haul_km", "step"),
    ({"max_haul_km": "1000"}, "max_haul_km", "range"),
    ({"circuity": "1.33"}, "circuity", "step"),
    ({"operating_days": "26.5"}, "operating_days", "integer"),
    ({"include_planned": "yes please"}, "include_planned", "flag"),
    ({"crop": "durian"}, "crop", "choice"),
    ({"q": "x" * 101}, "q", "too_long"),
    ({"crops": "longan," * 5000}, "crops", "too_long"),
    ({"lat": "21"}, "lon", "pair"),
])
def test_hostile_values_fall_back_with_a_notice(params, param, reason):
    view, notices = parse_query(params)
    assert Notice(param, params.get(param, ""), reason) in notices
    assert view[param] == DEFAULTS[param]
    if param in ("lat", "lon"):  # half a centre is no centre
        assert (view["lat"], view["lon"], view["zoom"]) == (None, None, None)
    if param == "zoom":  # a good centre is kept; the map picks its zoom
        assert (view["lat"], view["lon"], view["zoom"]) == (21.0, 104.0, None)


def test_one_bad_value_does_not_spoil_the_others():
    view, notices = parse_query({"month": "13", "crop": "mango", "lang": "en",
                                 "crops": "longan,<script>", "districts": "118"})
    assert (view["crop"], view["lang"], view["districts"]) == ("mango", "en", ("118",))
    assert {n.param for n in notices} == {"month", "crops"}


def test_unknown_parameters_are_ignored_silently():
    view, notices = parse_query({"__class__": "x", "eval": "1+1", "embed": "true", "x" * 300: "y"})
    assert (view, notices) == (DEFAULTS, [])


def test_repeated_parameters():
    view, notices = parse_query({"crops": ["longan", "mango,longan"], "month": ["3", "7"]})
    assert view["crops"] == ("longan", "mango")  # merged, each once
    assert view["month"] == 7  # the last one, as st.query_params[name] gives it
    assert notices == []
    _, notices = parse_query({"crops": ["longan", "<b>"]})
    assert [n.param for n in notices] == ["crops"]


def test_values_are_never_evaluated(monkeypatch):
    calls = []
    monkeypatch.setattr("builtins.eval", lambda *a: calls.append(a))
    monkeypatch.setattr("builtins.exec", lambda *a: calls.append(a))
    parse_query({"zoom": "__import__('os').system('touch /tmp/x')", "month": "1+1",
                 "lat": "21", "lon": "104"})
    assert calls == []


def test_shown_values_are_inert_text():
    shown = shown_value("<script>alert(1)</script> ![x](http://evil.example/a.png) :red[x]")
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "](" not in shown and "\\!\\[x\\]\\(http\\:" in shown
    assert ":red[" not in shown
    assert shown_value("a" * 5000).endswith("…") and len(shown_value("a" * 5000)) == 61


def test_build_query_leaves_out_defaults_but_keeps_the_language():
    assert build_query(DEFAULTS) == {"lang": "vi"}
    view = dict(DEFAULTS, crops=("longan",), month=8, lat=21.5, lon=104.25, zoom=9)
    assert build_query(view) == {"lang": "vi", "crops": "longan", "month": "8", "lat": "21.5",
                                 "lon": "104.25", "zoom": "9"}
    assert build_query(view, ("month",)) == {"lang": "vi", "month": "8"}


def test_view_url_opens_the_page_with_its_own_parameters():
    view = dict(DEFAULTS, page="gap", lang="en", crop="mango", month=6, crops=("plum",))
    url = view_url(view, "http://127.0.0.1:8501")
    parsed = urlparse(url)
    assert parsed.path == "/gap"
    assert parse_qs(parsed.query) == {"lang": ["en"], "crop": ["mango"], "month": ["6"]}
    again, notices = parse_query(parse_qs(parsed.query) | {"page": "gap"})
    assert notices == [] and (again["crop"], again["month"], again["lang"]) == ("mango", 6, "en")


def test_notice_strings_exist_for_every_reason():
    reasons = {"number", "range", "choice", "too_long", "code", "capacity", "integer", "step",
               "flag", "pair"}
    for reason in reasons:
        for lang in ("vi", "en"):
            assert t(f"permalink.reason.{reason}", lang) != f"permalink.reason.{reason}"


def _views():
    coords = st.tuples(st.integers(800_000, 2_400_000), st.integers(10_200_000, 11_000_000),
                       st.integers(24, 68))
    codes = st.text(alphabet="0123456789ABCdef_.-", min_size=1, max_size=8)
    return st.fixed_dictionaries({
        "page": st.sampled_from(PAGE_PATHS), "lang": st.sampled_from(("vi", "en")),
        "q": st.text(alphabet="abc ĐđơưSơnLa-'&<>", max_size=30).map(str.strip),
        "crops": st.lists(st.sampled_from(CROPS), unique=True).map(tuple),
        "districts": st.lists(codes, unique=True, max_size=5).map(tuple),
        "certifications": st.lists(st.sampled_from(CERTIFICATIONS), unique=True).map(tuple),
        "statuses": st.lists(st.sampled_from(STATUSES), unique=True).map(tuple),
        "capacity": st.one_of(st.none(), st.tuples(st.integers(0, 5000), st.integers(0, 5000))
                              .map(lambda p: (min(p) / 10, max(p) / 10))),
        "basemap": st.sampled_from(("none", "osm")),
        "crop": st.one_of(st.none(), st.sampled_from(CROPS)),
        "month": st.one_of(st.none(), st.integers(1, 12)),
        "max_haul_km": st.integers(1, 30).map(lambda k: 10 * k),
        "circuity": st.integers(20, 50).map(lambda c: round(c / 20, 2)),
        "operating_days": st.integers(10, 31),
        "include_planned": st.booleans(),
        "map": st.one_of(st.none(), coords),
    }).map(_with_map)


def _with_map(view):
    spot = view.pop("map")
    if spot is None:
        return view | {"lat": None, "lon": None, "zoom": None}
    lat, lon, zoom = spot
    return view | {"lat": lat / 100_000, "lon": lon / 100_000,
                   "zoom": zoom // 4 if zoom % 4 == 0 else zoom / 4}


@settings(max_examples=300, deadline=None)
@given(_views())
def test_round_trip(view):
    assert set(view) == set(KNOWN)
    query = build_query(view)
    # Through a real URL: encoded, then decoded as a browser and Streamlit would.
    assert parse_query(parse_qs(urlencode(query))) == (view, [])
