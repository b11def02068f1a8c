"""Work built ahead in the background after a page is drawn (``ui.build_ahead``, issue 9).

The mechanism: once per key, :data:`NEXT` before :data:`LANGUAGE`, a bounded record, a failing
job logged and skipped, no job while a script run is going on. The pages (AppTest on the tiny
workspace of ``tests/gap_fixtures.py``): after a page is drawn and the background work is
waited for, switching the language (or going to the presentation's map slide) builds nothing
in the user's run, and a failing background build leaves the page as it was.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from itertools import count

import pytest

from fruitmap.errors import FruitmapError
from tests.test_pages_apptest import route_through_app_py, run_page  # noqa: F401 (fixture)

WORKER = "fruitmap-build-ahead"
_serial = count()


@pytest.fixture()
def ahead():
    from ui import build_ahead

    assert build_ahead.wait(60)
    return build_ahead


def _key(name: str) -> tuple:
    # The record is the server's (module-level): every test uses keys of its own.
    return ("test", name, next(_serial))


def _blocker(ahead):
    """Queue a job that holds the worker until the returned event is set."""
    started, release = threading.Event(), threading.Event()

    def hold():
        started.set()
        release.wait(30)

    assert ahead.ahead(_key("hold"), hold)
    assert started.wait(10)
    return release


def test_jobs_run_once_per_key_in_the_order_of_their_priority(ahead):
    release = _blocker(ahead)
    done = []
    language, first, second = _key("language"), _key("first"), _key("second")
    assert ahead.ahead(_key("later"), lambda: done.append("later"), ahead.LATER)
    assert ahead.ahead(language, lambda: done.append("language"), ahead.LANGUAGE)
    assert ahead.ahead(first, lambda: done.append("first"), ahead.NEXT)
    assert ahead.ahead(second, lambda: done.append("second"))  # NEXT by default
    assert not ahead.ahead(first, lambda: done.append("first again"))  # known: not queued
    assert ahead.pending() == 5  # the blocker and four
    release.set()
    assert ahead.wait(10)
    assert done == ["first", "second", "language", "later"]
    assert not ahead.ahead(language, lambda: done.append("language again"), ahead.LANGUAGE)
    assert ahead.wait(10) and done == ["first", "second", "language", "later"]


def test_a_newer_job_in_the_same_slot_replaces_the_waiting_one(ahead):
    # The user clicked on before the other language of the last state was built: only the
    # page as it is now is built; the replaced state may be queued again later.
    release = _blocker(ahead)
    done = []
    old, new, other = _key("old state"), _key("new state"), _key("other slot")
    assert ahead.ahead(old, lambda: done.append("old"), ahead.LANGUAGE, slot="page.language")
    assert ahead.ahead(other, lambda: done.append("other"), ahead.LANGUAGE, slot="elsewhere")
    assert ahead.ahead(new, lambda: done.append("new"), ahead.LANGUAGE, slot="page.language")
    assert ahead.pending() == 3  # the blocker, the other slot's job and the newer one
    release.set()
    assert ahead.wait(10)
    assert done == ["other", "new"]
    assert ahead.ahead(old, lambda: done.append("old"), ahead.LANGUAGE, slot="page.language")
    assert ahead.wait(10) and done[-1] == "old"


def test_a_job_s_steps_run_in_order_and_a_failing_step_ends_its_job(ahead):
    done = []

    def broken():
        raise ValueError("step two broke")

    assert ahead.ahead(_key("steps"), [lambda: done.append(1), lambda: done.append(2)])
    assert ahead.ahead(_key("broken"), [lambda: done.append(3), broken,
                                        lambda: done.append("never")])
    assert ahead.wait(10) and done == [1, 2, 3]


def test_wait_gives_up_after_its_timeout(ahead):
    release = _blocker(ahead)
    try:
        assert ahead.wait(0.2) is False
    finally:
        release.set()
    assert ahead.wait(10) is True and ahead.pending() == 0


def test_the_record_of_keys_is_bounded(ahead, monkeypatch):
    monkeypatch.setattr(ahead, "MAX_JOBS", 5)
    monkeypatch.setattr(ahead, "_record", OrderedDict())
    done = []
    for i in range(20):  # (one after another: each finished before the next comes)
        assert ahead.ahead(("bounded", i), lambda i=i: done.append(i))
        assert ahead.recorded() <= 5
        assert ahead.wait(10)
    assert done == list(range(20)) and ahead.recorded() == 5
    # The oldest finished keys were forgotten: such a job is queued (and runs) again.
    assert ahead.ahead(("bounded", 0), lambda: done.append("again"))
    assert ahead.wait(10) and done[-1] == "again"
    # A record full of jobs still waiting takes no more: the new one is dropped.
    monkeypatch.setattr(ahead, "_record", OrderedDict())
    release = _blocker(ahead)  # 1 key
    try:
        for i in range(4):
            assert ahead.ahead(("waiting", i), lambda: None)
        assert ahead.recorded() == 5
        assert not ahead.ahead(("dropped",), lambda: done.append("dropped"))
    finally:
        release.set()
    assert ahead.wait(10) and "dropped" not in done
    assert ahead.ahead(("dropped",), lambda: done.append("dropped"))  # room again
    assert ahead.wait(10) and done[-1] == "dropped"


def test_a_failing_job_is_logged_and_the_next_one_runs(ahead, caplog):
    done = []

    def broken():
        raise RuntimeError("boom in the background")

    def refused():
        raise FruitmapError("kaleido_missing")

    with caplog.at_level(logging.INFO, logger="ui.build_ahead"):
        assert ahead.ahead(_key("broken"), broken)
        assert ahead.ahead(_key("refused"), refused)
        assert ahead.ahead(_key("after"), lambda: done.append("after"))
        assert ahead.wait(10)
    assert done == ["after"]
    failed = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(failed) == 1 and "broken" in failed[0].getMessage()
    assert "boom in the background" in caplog.text  # with its traceback, in the log only
    said = [r for r in caplog.records if r.levelno == logging.INFO and "refused" in
            r.getMessage()]
    assert len(said) == 1 and "kaleido" in said[0].getMessage()


def test_a_job_waits_for_the_script_run_going_on(ahead):
    # Streamlit's script threads carry this name: a page being drawn.
    run_over = threading.Event()
    page = threading.Thread(target=lambda: run_over.wait(10),
                            name="ScriptRunner.scriptThread", daemon=True)
    page.start()
    started = []
    assert ahead.ahead(_key("after the run"), lambda: started.append(run_over.is_set()))
    time.sleep(0.4)
    assert started == []  # not while the run goes on
    run_over.set()
    page.join(10)
    assert ahead.wait(10) and started == [True]


def test_a_job_waits_for_the_grace_after_the_run_it_saw(ahead, monkeypatch):
    # What the run drew is still being sent and drawn when its thread ends: the job waits
    # GRACE_S more. A job queued with no run in sight starts at once (checked first).
    monkeypatch.setattr(ahead, "GRACE_S", 0.6)
    started = []
    queued = time.monotonic()
    assert ahead.ahead(_key("no run in sight"), lambda: started.append(time.monotonic()))
    assert ahead.wait(10) and started[0] - queued < 0.3

    run_over = threading.Event()
    page = threading.Thread(target=lambda: run_over.wait(10),
                            name="ScriptRunner.scriptThread", daemon=True)
    page.start()
    started.clear()
    assert ahead.ahead(_key("after the grace"), lambda: started.append(time.monotonic()))
    time.sleep(0.2)
    run_over.set()
    page.join(10)
    ended = time.monotonic()
    assert ahead.wait(10)
    assert started[0] - ended >= 0.6 - ahead._POLL_S


def test_other_language():
    from ui.build_ahead import other_language

    assert other_language("vi") == "en" and other_language("en") == "vi"


# ---- the pages -------------------------------------------------------------------------

def _record_builds(monkeypatch) -> list:
    """Record (thread name, what) of every shared piece, map and frame made from now on."""
    import ui.map_frame as frame
    import ui.map_view as map_view
    import ui.overview_view as overview_view
    import ui.page_cache as cache

    made: list = []

    def noting(what, real):
        def wrapper(*args, **kwargs):
            made.append((threading.current_thread().name, what(*args)))
            return real(*args, **kwargs)
        return wrapper

    for name in ("_small", "_large"):
        real = getattr(cache, name)

        def cached(piece, key, make, real=real):
            return real(piece, key, noting(lambda: piece, make))

        monkeypatch.setattr(cache, name, cached)
    monkeypatch.setattr(frame, "frame_args",
                        noting(lambda m, key, height: f"frame:{key}", frame.frame_args))
    for name in ("build_map", "prepare_map"):  # a filtered map; the map of everything
        monkeypatch.setattr(map_view, name, noting(lambda *a, **k: "explorer map",
                                                   getattr(map_view, name)))
    monkeypatch.setattr(overview_view, "province_overview_map",
                        noting(lambda *a: "overview map", overview_view.province_overview_map))
    return made


def _outside_worker(made: list) -> list:
    return [what for thread, what in made if thread != WORKER]


@pytest.mark.parametrize("page, first", [("pages/gap.py", "en"), ("pages/gap.py", "vi"),
                                         ("pages/explorer.py", "en"),
                                         ("pages/overview.py", "vi")])
def test_the_other_language_is_built_ahead(gap_tiny_env, monkeypatch, ahead, page, first):
    made = _record_builds(monkeypatch)
    at = run_page(page, first)
    assert not at.exception, [e.value for e in at.exception]
    assert ahead.wait(120)
    other = "vi" if first == "en" else "en"
    # What the other language needs was built in the background ...
    built = [what for thread, what in made if thread == WORKER]
    wanted = {"pages/gap.py": {"gap.crop_figure", "gap.glut_figure", "gap.surplus_figure",
                               "gap.facilities", "gap.map", "gap.plants_figure",
                               "frame:gap_map"},
              "pages/explorer.py": {"explorer map", "frame:explorer_map"},
              "pages/overview.py": {"overview.crop_bar", "overview.map", "overview map"}}[page]
    assert wanted <= set(built), sorted(set(built))
    # ... so the switch builds nothing in the user's run.
    made.clear()
    at.radio(key="lang").set_value(other).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _outside_worker(made) == []
    title = {"en": {"pages/gap.py": "The gap", "pages/explorer.py": "Map of",
                    "pages/overview.py": "at a glance"},
             "vi": {"pages/gap.py": "Cân đối", "pages/explorer.py": "Bản đồ",
                    "pages/overview.py": "Tổng quan"}}
    assert at.title and title[other][page].lower() in at.title[0].value.lower()


def test_a_switch_before_the_background_work_ends_builds_on_the_spot(gap_tiny_env,
                                                                     monkeypatch, ahead):
    # The user is quicker than the background: the page is still right, only slower.
    release = _blocker(ahead)  # nothing built ahead meanwhile
    try:
        made = _record_builds(monkeypatch)
        at = run_page("pages/gap.py", "en")
        assert not at.exception
        made.clear()
        at.radio(key="lang").set_value("vi").run()
        assert not at.exception, [e.value for e in at.exception]
        assert {"gap.map", "frame:gap_map"} <= set(_outside_worker(made))
        assert "Cân đối" in at.title[0].value
    finally:
        release.set()
    assert ahead.wait(120)


def test_a_failing_background_build_leaves_the_page_as_it_is(gap_tiny_env, monkeypatch,
                                                             ahead, caplog):
    import fruitmap.balance.gap_map as gm

    real = gm.gap_map

    def broken_in_background(*args, **kwargs):
        if threading.current_thread().name == WORKER:
            raise RuntimeError("background gap map broke")
        return real(*args, **kwargs)

    monkeypatch.setattr(gm, "gap_map", broken_in_background)
    with caplog.at_level(logging.WARNING, logger="ui.build_ahead"):
        at = run_page("pages/gap.py", "en")
        assert ahead.wait(120)
    assert not at.exception, [e.value for e in at.exception]
    assert "background gap map broke" in caplog.text  # logged, not shown
    at.selectbox(key="gap_month").set_value(9).run()  # not built ahead: built now
    at.radio(key="lang").set_value("vi").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert any("9" in s.value for s in at.subheader)
    frames = [e for e in at.main if getattr(e, "type", "") == "component_instance"]
    assert frames or at.get("component_instance")  # the map frame is drawn


def test_the_presentation_makes_its_map_slide_ahead(gap_tiny_env, monkeypatch, ahead):
    made = _record_builds(monkeypatch)
    at = run_page("pages/present.py", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert ahead.wait(120)
    assert ("fruitmap-build-ahead", "frame:present_map") in made
    made.clear()
    at.button(key="present_next").click().run()  # slide 2: the province map
    assert not at.exception, [e.value for e in at.exception]
    assert _outside_worker(made) == []
    assert at.get("component_instance")  # the map frame is drawn


def test_the_explorer_s_filtered_map_with_a_basemap_is_built_ahead(gap_tiny_env, monkeypatch,
                                                                    ahead):
    # The same filters and basemap in the other language: the switch builds no map or frame.
    made = _record_builds(monkeypatch)
    at = run_page("pages/explorer.py", "vi")
    at.radio(key="explorer_basemap").set_value("osm").run()
    crops = at.multiselect(key="explorer_crops")
    crops.select(crops.options[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert ahead.wait(120)
    made.clear()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _outside_worker(made) == []
    assert at.multiselect(key="explorer_crops").value  # the filter is kept
    assert at.radio(key="explorer_basemap").value == "osm"
    # ... and the frame built ahead draws it: the OpenStreetMap tiles, named in English.
    from fruitmap.i18n import t

    script = " ".join(e.proto.json_args for e in at.get("component_instance"))
    assert "openstreetmap" in script.lower()
    assert t("map.basemap.osm", "en") in script


def test_the_server_warm_up_waits_for_the_queue_not_for_the_worker(ahead):
    # The worker lives as long as the server: ui.warmup waits for the jobs its pages queued.
    from ui.warmup import finish_background_work

    done = []
    release = _blocker(ahead)
    threading.Timer(0.3, release.set).start()
    assert ahead.ahead(_key("warm-up"), lambda: done.append("built"))
    seconds = finish_background_work(timeout_s=30)
    assert done == ["built"]
    assert seconds < 10  # (joining the worker would wait out the 30 s)
