"""A run that waits for another session's work shows that work's steps (ui.progress_view).

Two runs of the same work, as Streamlit's per-key cache lock makes them: the first does the
work and reports its steps; the second waits for it and its own work reports nothing. The
status box is replaced by a recorder, so what each run would show can be read without a
Streamlit session. Events hand the turn from one thread to the other: no sleeps decide it.
"""

from __future__ import annotations

import threading
import time

import pytest

from ui import progress_view


class Recorder:
    """Stands in for ProgressBox: keeps what would be shown."""

    boxes: list[Recorder] = []

    def __init__(self, title: str, expanded: bool = True) -> None:
        self.title = title
        self.steps: list[tuple[float, str]] = []
        self.completed = None
        Recorder.boxes.append(self)

    @property
    def shown(self) -> bool:
        return bool(self.steps)

    def step_key(self, fraction: float, key: str) -> None:
        self.steps.append((fraction, key))

    def seconds(self) -> str:
        return "0,1"

    def complete(self, label=None) -> None:
        self.completed = label

    def fail(self) -> None:
        self.completed = "failed"


@pytest.fixture
def recorder(monkeypatch):
    Recorder.boxes = []
    monkeypatch.setattr(progress_view, "ProgressBox", Recorder)
    monkeypatch.setattr(progress_view, "WAIT_POLL_S", 0.01)
    return Recorder


def wait_for(condition, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_waiting_run_shows_the_steps_of_the_run_doing_the_work(recorder):
    go_on, done = threading.Event(), threading.Event()
    results = {}

    def doing(progress):
        progress(0.25, "progress.map.zones")
        go_on.wait(10)
        progress(0.75, "progress.map.plants")
        return "map"

    def waiting(progress):  # the cache lock: returns the value once the other is done
        done.wait(10)
        return "map"

    def run(name, work):
        results[name] = progress_view.run_with_status(
            work, "title", lambda value, s: f"{value} in {s}", shared=("explorer.map", "ws"))
        if name == "doer":
            done.set()

    doer = threading.Thread(target=run, args=("doer", doing))
    doer.start()
    wait_for(lambda: recorder.boxes and recorder.boxes[0].steps)
    waiter = threading.Thread(target=run, args=("waiter", waiting))
    waiter.start()
    wait_for(lambda: len(recorder.boxes) == 2 and recorder.boxes[1].steps)
    go_on.set()
    doer.join(10)
    waiter.join(10)

    mine, theirs = recorder.boxes
    assert mine.steps == [(0.25, "progress.map.zones"), (0.75, "progress.map.plants")]
    # The waiter saw the first step, shown once however often it looked, and maybe the
    # second (it may have been published just before the work ended).
    assert theirs.steps[0] == (0.25, "progress.map.zones")
    assert theirs.steps in ([(0.25, "progress.map.zones")],
                            [(0.25, "progress.map.zones"), (0.75, "progress.map.plants")])
    assert theirs.completed == mine.completed == "map in 0,1"
    assert results == {"doer": "map", "waiter": "map"}
    assert progress_view._RUNNING == {}  # nothing left published once the work ended


def test_other_work_and_unnamed_work_show_nothing_of_it(recorder):
    go_on = threading.Event()

    def doing(progress):
        progress(0.5, "progress.balance.solve")
        go_on.wait(10)

    doer = threading.Thread(target=progress_view.run_with_status,
                            args=(doing, "title"), kwargs={"shared": ("balance", "a")})
    doer.start()
    wait_for(lambda: recorder.boxes and recorder.boxes[0].steps)
    # Another name, and no name: their silent work draws no box.
    progress_view.run_with_status(lambda p: time.sleep(0.05), "t", shared=("balance", "b"))
    progress_view.run_with_status(lambda p: time.sleep(0.05), "t")
    go_on.set()
    doer.join(10)
    assert [box.shown for box in recorder.boxes] == [True, False, False]


def test_failed_work_unpublishes_its_step(recorder):
    def failing(progress):
        progress(0.1, "progress.balance.read")
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        progress_view.run_with_status(failing, "t", shared=("balance", "c"))
    assert progress_view._RUNNING == {}
    assert recorder.boxes[0].completed == "failed"
