"""The explorer's map frame starts on an empty map while the map is built, and keeps it.

A fresh server has not built the map of a 20,000-zone workspace (≈ 1 s): the page sends an
empty map first, under the key the drawn map will have, then the drawn map into the same
place (ui.map_frame.open_frame). In Chromium: the frame's map exists before its layers are
drawn (it started on the empty map), the page creates one map frame only (the drawn map
went into the frame that was there), and every zone and plant is drawn in it.
"""

from __future__ import annotations

import pytest

from tests.conftest import RunningApp, assert_no_exception
from tests.map_fixtures import write_synthetic

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ZONES, PLANTS = 20_000, 2_000

# Runs in the page and in every frame at their start. The page counts the frames it
# creates; a map frame notes whether its map existed before its layers were drawn (polled:
# when the drawn map is the frame's first, both come in one task and the poll never sees
# the map alone).
WATCH = """
(() => {
  if (window.top === window) {
    window.fmFramesMade = 0;
    new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach(
      (node) => {
        if (node.tagName === 'IFRAME') { window.fmFramesMade += 1; }
        else if (node.querySelectorAll) {
          window.fmFramesMade += node.querySelectorAll('iframe').length;
        }
      }))).observe(document, {childList: true, subtree: true});
  } else {
    const poll = setInterval(() => {
      if (window.map) { window.fmEmptyFirst = !window.fmDrawn; clearInterval(poll); }
    }, 5);
  }
})();
"""


# Zones and plants drawn in the frame (SVG elements, or counted by their canvas layers).
DRAWN = """
(want) => {
  var n = document.querySelectorAll('path.fm-zone, path.fm-facility, div.fm-factory').length;
  document.querySelectorAll('canvas[data-fm-layer]').forEach(function (c) {
    if (/^(fm-zone|fm-facility|fm-factory)$/.test(c.dataset.fmLayer)) {
      n += Number(c.dataset.drawn || 0);
    }
  });
  return n >= want;
}
"""


@pytest.fixture(scope="module")
def fresh_app(tmp_path_factory):
    """A server that has built nothing yet, over a 20,000-zone workspace."""
    app = RunningApp(write_synthetic(tmp_path_factory.mktemp("start_ws") / "ws", ZONES, PLANTS))
    yield app
    app.stop()


def test_the_map_frame_starts_empty_and_the_drawn_map_goes_into_it(browser, fresh_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        page.goto(fresh_app.url + "/explorer?lang=en", timeout=120_000)
        frame = page.wait_for_selector(MAP_FRAME, timeout=120_000).content_frame()
        frame.wait_for_function(DRAWN, arg=ZONES + PLANTS, timeout=120_000)
        assert frame.evaluate("() => window.fmEmptyFirst") is True
        assert page.evaluate("() => window.fmFramesMade") == 1
        assert_no_exception(page)
    finally:
        context.close()
