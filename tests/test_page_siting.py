"""AppTest of the siting page in Vietnamese and English on the Sơn La demo: run a siting for
two 30 t/day plants at the industrial areas and see two chosen sites with what each takes."""

from __future__ import annotations

import json

import pytest

from fruitmap.i18n import t
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

PAGE = "pages/siting.py"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_siting_two_plants_on_the_demo(app_env, lang):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("siting.title", lang)
    assert t("siting.empty", lang) in [i.value for i in at.info]
    assert at.number_input(key="siting_count").value == 2
    at.button(key="siting_run").click()
    at.run(timeout=600)
    assert not at.exception, [e.value for e in at.exception]
    # Two chosen sites in the table, each taking more than nothing.
    table = at.dataframe[0].value
    assert len(table) == 2
    gains = table[t("siting.col.used_gain_t", lang)]
    assert (gains > 0).all()
    # The sentence names both sites, and the surplus falls.
    sentence = at.success[0].value
    for name in table[t("siting.col.name", lang)]:
        assert name in sentence
    before, after = (m.value for m in at.metric[:2])
    assert before != after
    assert at.metric[3].value.startswith("0")  # MIP gap 0 %
    # The map shows the two chosen sites; the curve goes N = 0, 1, 2.
    comps = [e for e in at.get("component_instance")
             if "streamlit_folium" in e.proto.component_name]
    script = json.loads(comps[0].proto.json_args)["script"]
    assert script.count("#d62728") == 2
    curve = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    assert list(curve[0]["data"][0]["x"]) == [0, 1, 2]
    # The save form is there (not clicked: the scenarios module is merged by the lead).
    assert at.button(key="siting_save")
    assert at.text_input(key="siting_save_name").value == t(
        "siting.save.default_name", lang, n=2, kind=t("siting.kind_plural.plant", lang))
