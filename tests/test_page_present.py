"""Presentation mode (AppTest, vi and en): the default sequence, next/previous, the
attribution and data date on every slide, saved views as slides; and a link's view reaching
the widgets (permalink round trip through app.py)."""

from __future__ import annotations

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from fruitmap.i18n import t
from fruitmap.permalink import DEFAULTS, build_query
from fruitmap.workspace.geopackage import Workspace
from fruitmap.workspace.history import format_when
from fruitmap.workspace.views import list_views, save_view
from tests.conftest import ROOT
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/present.py"
KINDS = ["headline", "map", "calendar", "surplus", "targets"]


@pytest.fixture()
def ws_env(demo_ws_copy, monkeypatch):
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(demo_ws_copy))
    monkeypatch.chdir(ROOT)
    return Workspace(demo_ws_copy)


def title(at) -> str:
    shown = [m.value for m in at.markdown if 'class="fm-title"' in m.value]
    assert len(shown) == 1
    return shown[0]


def heading(at) -> str:
    return html.unescape(title(at))


def counter(at) -> str:
    return next(m.value for m in at.markdown if 'class="fm-count"' in m.value)


def button(at, key):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_default_sequence_next_and_previous(ws_env, lang):
    at = run_page(PAGE, lang)
    when = format_when(ws_env.last_changed(), lang)
    seen = []
    for i, kind in enumerate(KINDS):
        assert not at.exception, [e.value for e in at.exception]
        assert t(f"present.kind.{kind}", lang) in heading(at)
        assert f">{i + 1} / 5<" in counter(at)
        foot = next(m.value for m in at.markdown if 'class="fm-foot"' in m.value)
        assert t("present.data_date", lang, when=when) in foot
        assert "CC BY-SA 4.0" in foot  # the boundaries' attribution
        assert t("prov.demo", lang) in html.unescape(foot)  # where the data comes from
        assert button(at, "present_prev").disabled == (i == 0)
        assert button(at, "present_next").disabled == (i == len(KINDS) - 1)
        seen.append(kind)
        if kind == "map":
            assert len(at.get("component_instance")) >= 1  # the folium map
        if kind in ("calendar", "surplus", "targets"):
            figure = json.loads(at.get("plotly_chart")[0].proto.spec)
            assert figure["layout"]["height"] == 470  # projector size
        if i < len(KINDS) - 1:
            button(at, "present_next").click()
            at.run()
    button(at, "present_prev").click()
    at.run()
    assert t("present.kind.surplus", lang) in heading(at) and ">4 / 5<" in counter(at)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_headline_slide_shows_the_overview_figures(ws_env, lang):
    at = run_page(PAGE, lang)
    shown = " ".join(m.value for m in at.markdown)
    assert t("overview.metric.area", lang) in shown
    assert t("overview.metric.plants", lang) in shown
    # Streamlit's chrome and the sidebar are hidden on this page only.
    assert any('[data-testid="stSidebar"]' in h.proto.body for h in at.get("html"))


def test_saved_views_play_as_slides_with_their_titles(ws_env):
    save_view(ws_env, "<b>Nhãn</b> Sông Mã", dict(DEFAULTS, page="explorer", crops=("longan",),
                                                  lat=21.1, lon=103.8, zoom=10))
    save_view(ws_env, "Xoài tháng 6", dict(DEFAULTS, page="gap", crop="mango", month=6))
    at = run_page(PAGE, "vi")
    at.radio(key="present_deck").set_value("saved")
    at.run()
    assert "&lt;b&gt;Nhãn&lt;/b&gt; Sông Mã" in title(at)  # escaped, not markup
    assert ">1 / 2<" in counter(at)
    script = at.get("component_instance")[-1].proto.json_args
    assert "[21.1, 103.8, 10.0]" in script  # the view's map position
    button(at, "present_next").click()
    at.run()
    assert "Xoài tháng 6" in title(at)
    sub = next(m.value for m in at.markdown if 'class="fm-sub"' in m.value)
    assert "Xoài, Tháng 6" in sub


def test_a_link_reopens_its_view(ws_env):
    view = dict(DEFAULTS, page="gap", lang="en", crop="mango", month=6, max_haul_km=150,
                circuity=1.5, operating_days=24, include_planned=True)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for name, value in build_query(view).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    at.switch_page("pages/gap.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["lang"] == "en"
    assert at.selectbox(key="gap_crop").value == "mango"
    assert at.selectbox(key="gap_month").value == 6
    assert at.slider(key="balance_max_haul_km").value == 150
    assert at.select_slider(key="balance_circuity").value == 1.5
    assert at.checkbox(key="balance_include_planned").value is True
    # and the page writes the same view back into its URL
    query = {k: at.query_params[k] for k in at.query_params}
    assert {k: query[k] for k in ("lang", "crop", "month", "max_haul_km", "include_planned")} \
        == {"lang": "en", "crop": "mango", "month": "6", "max_haul_km": "150",
            "include_planned": "1"}


def test_hostile_link_values_are_ignored_with_a_notice(ws_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for name, value in {"month": "13", "crops": "longan,<script>", "lat": "1e308",
                        "zoom": "__import__('os')", "lang": "en", "junk": "1"}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    warning = at.warning[0].value
    assert "`month` = “13”" in warning and "`crops`" in warning and "`zoom`" in warning
    assert "<script>" not in warning and "&lt;script&gt;" in warning
    assert "junk" not in warning  # unknown parameters are ignored silently
    assert at.session_state["lang"] == "en"  # the good value still counts


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sidebar_saves_lists_and_deletes_the_view_on_screen(ws_env, lang):
    at = run_page("pages/explorer.py", lang)
    # The panel is drawn only while open (issue 9): closed, it has no save button.
    assert "views_save" not in [b.key for b in at.sidebar.button]
    at.session_state["views_panel_open"] = True
    at.multiselect(key="explorer_crops").set_value(["mango"])
    at.run()
    at.button(key="views_save").click()
    at.run()
    assert at.error and t("error.view_title_empty", lang) in at.error[0].value  # no title yet
    assert len(list_views(ws_env)) == 0
    at.text_input(key="views_title").input("Xoài <i>Mai Sơn</i>")
    at.button(key="views_save").click()
    at.run()
    assert not at.exception
    views = list_views(ws_env)
    assert list(views["title"]) == ["Xoài <i>Mai Sơn</i>"]
    assert views["query"].iloc[0] == f"page=explorer&lang={lang}&crops=mango"
    assert any(t("views.saved", lang, title="Xoài <i>Mai Sơn</i>") in s.value for s in at.success)
    # The list links to the view; the title is escaped, the link is the view's own.
    links = [m.value for m in at.sidebar.markdown if "crops=mango" in m.value]
    assert links and "&lt;i&gt;" in links[0] and "<i>" not in links[0]
    assert f"(/explorer?lang={lang}&crops=mango)" in links[0]
    view_id = views["view_id"].iloc[0]
    at.button(key=f"views_delete_{view_id}").click()
    at.run()
    assert len(list_views(ws_env)) == 0
    assert ws_env.history()["action"].iloc[0] == "delete view"


def test_a_page_parameter_opens_that_page(ws_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["page"] = "targets"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == t("targets.title", "en")


def test_slide_footer_names_an_imported_layers_file(ws_env):
    from datetime import date

    from fruitmap.files.ingest import import_file
    from fruitmap.schema import LAYERS

    data = b"crop,month,fresh_capacity_t\nlongan,7,10\n"
    import_file(ws_env, name="<b>cho<b>.csv", data=data, layer="markets")
    at = run_page(PAGE, "en")
    foot = next(m.value for m in at.markdown if 'class="fm-foot"' in m.value)
    assert "<b>" not in foot  # the file name is escaped
    text = html.unescape(foot)
    assert f"{LAYERS['markets'].label('en')}: <b>cho<b>.csv ({date.today().isoformat()})" in text
    assert t("prov.demo", "en") in text  # the other layers are still the demo


def test_the_map_slide_shares_the_explorer_s_map(ws_env, monkeypatch):
    # One build of the province map serves the explorer and the map slide, and turning the
    # slides back and forth builds nothing again (it was a cache_data copy per run before).
    import fruitmap.maps.build as build

    built = []
    real = build.base_map

    def counting(*args, **kwargs):  # every province map starts here, whoever builds it
        built.append(1)
        return real(*args, **kwargs)

    from ui import build_ahead

    monkeypatch.setattr(build, "base_map", counting)
    assert not run_page("pages/explorer.py", "en").exception
    assert build_ahead.wait(120)
    assert len(built) == 2  # the explorer's, and the same in Vietnamese built ahead
    at = run_page(PAGE, "en")
    button(at, "present_next").click()
    at.run()
    assert t("present.kind.map", "en") in heading(at)
    assert len(at.get("component_instance")) >= 1
    for step in ("present_prev", "present_next"):
        button(at, step).click()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    assert build_ahead.wait(120)
    assert len(built) == 2
