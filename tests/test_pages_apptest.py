"""Every page of the app runs in Vietnamese and English (AppTest), plus the overview's figures.

The page list is read from ``PAGES`` in app.py (without running app.py), so a page added there
later is tested here automatically.
"""

from __future__ import annotations

import ast
import re

import geopandas as gpd
import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

from fruitmap.balance.summary import headline
from fruitmap.facts import facts_for
from fruitmap.i18n import LANGS, fmt_number, t
from fruitmap.schema import LAYERS
from fruitmap.workspace.geopackage import Workspace, create
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
RAW_KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")  # what t() returns for a missing key


def page_entries() -> list[tuple]:
    """Return app.py's ``PAGES`` entries (file, title key, url path, icon) without running it."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "PAGES" for target in node.targets):
            return [tuple(entry) for entry in ast.literal_eval(node.value)]
    raise AssertionError("app.py has no PAGES list")


def app_pages() -> list[str]:
    """Return the page files listed in app.py's ``PAGES``."""
    return [entry[0] for entry in page_entries()]


PAGES = app_pages()


class _NavigationOnly:
    uses_pages_directory = False


@pytest.fixture(autouse=True)
def route_through_app_py(monkeypatch):
    """Run every page through app.py's ``st.navigation``, as the running server does.

    AppTest resets Streamlit's "uses a pages/ directory" flag before every run, so with a
    ``pages/`` folder next to app.py it would run a switched-to page on its own (old
    multipage mode), skipping app.py and its sidebar. The server clears that flag for good
    once app.py has called ``st.navigation``; this does the same for AppTest.
    """
    monkeypatch.setattr(script_runner, "PagesManager", _NavigationOnly)


def run_page(page: str, lang: str, session: dict | None = None) -> AppTest:
    """Run app.py, then switch to ``page``; ``session`` seeds session state first (e.g. the
    logged-in account on a shared server)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]  # app.py itself runs
    at.switch_page(page)
    at.run()
    assert at.sidebar.radio, "app.py's sidebar (language switch) did not run"
    return at


def test_every_page_file_is_routed():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")
                   if not p.name.startswith("_"))
    assert sorted(PAGES) == files
    assert PAGES[0] == "pages/overview.py"  # the landing page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app_env, page, lang):
    at = run_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    # The page rendered something of its own, not only the sidebar.
    assert len(at.main.children) > 0
    # No raw translation key leaked into a title, header or caption of the page.
    texts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.caption)]
    assert not [x for x in texts if RAW_KEY.match(str(x))], texts


@pytest.mark.parametrize("lang", LANGS)
def test_overview_shows_the_workspace_figures_and_sourced_facts(app_env, lang):
    at = run_page("pages/overview.py", lang)
    assert not at.exception
    assert at.title[0].value == t("overview.title", lang)
    h = headline(Workspace(app_env).read_all())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("overview.metric.area", lang)] == fmt_number(h.area_ha, lang)
    assert metrics[t("overview.metric.plants", lang)] == fmt_number(h.plants, lang)
    assert metrics[t("overview.metric.cold", lang)] == fmt_number(h.cold_store_t, lang)
    # The context tables carry the FACTS figures with their sources, in the page's language.
    facts = facts_for(lang)
    tables = [tb.value for tb in at.table]
    shown = {str(v) for df in tables for v in df.to_numpy().ravel()}
    assert facts.set_index("fact_id").loc["fruit_area", "value"] in shown
    assert facts.set_index("fact_id").loc["fruit_area", "source"] in shown
    captions = " ".join(c.value for c in at.caption)
    # The demo is labelled illustrative, layer by layer (Markdown escapes removed).
    assert t("prov.demo", lang) in captions.replace("\\", "")
    zones_label = LAYERS["zones"].label(lang)
    assert any(zones_label in box.value for box in at.info)  # … and which layers are demo
    assert str(app_env) in captions  # figures say which workspace they come from


def test_overview_empty_state(tmp_path, monkeypatch):
    empty = gpd.GeoDataFrame({"zone_id": [], "name": [], "crop": [], "area_ha": []},
                             geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    create(tmp_path / "ws", {"zones": empty})
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.chdir(ROOT)
    at = run_page("pages/overview.py", "en")
    assert not at.exception
    assert at.info and "no cultivation zones" in at.info[0].value
    assert not at.metric
    assert at.table  # the context figures still show


def test_language_switch_keeps_the_page(app_env):
    at = run_page("pages/overview.py", "vi")
    assert at.title[0].value == t("overview.title", "vi")
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == t("overview.title", "en")  # same page, now in English
    assert at.session_state["lang"] == "en"


def test_overview_with_a_missing_workspace_explains_and_keeps_the_facts(tmp_path, monkeypatch):
    monkeypatch.setenv("FRUITMAP_WORKSPACE", str(tmp_path / "nowhere"))
    monkeypatch.chdir(ROOT)
    at = run_page("pages/overview.py", "vi")
    assert not at.exception
    # The start choices (tests/test_page_start.py), not an error box.
    assert not at.error and t("start.title", "vi") in [s.value for s in at.subheader]
    assert at.table  # the context figures do not need the workspace
