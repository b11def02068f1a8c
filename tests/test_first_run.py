"""ui.first_run: a page's first run in a fresh process is taken one session at a time."""

from __future__ import annotations

import threading
import time

from ui import first_run


def test_first_runs_of_a_key_take_turns_and_later_runs_do_not_wait():
    inside: list[str] = []
    first_in = threading.Event()
    release = threading.Event()

    def first():
        with first_run.first_run_alone("page-a"):
            inside.append("first in")
            first_in.set()
            release.wait(5)
            inside.append("first out")

    def second():
        with first_run.first_run_alone("page-a"):
            inside.append("second in")

    one = threading.Thread(target=first)
    one.start()
    first_in.wait(5)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.2)
    assert inside == ["first in"]  # the second first-run waits for the first
    release.set()
    one.join(5)
    two.join(5)
    assert inside == ["first in", "first out", "second in"]
    assert first_run.has_run("page-a")

    # Once run, the key no longer takes the lock: it goes through while another key's first
    # run holds it.
    holding = threading.Event()
    let_go = threading.Event()

    def other_first_run():
        with first_run.first_run_alone("page-b"):
            holding.set()
            let_go.wait(5)

    blocker = threading.Thread(target=other_first_run)
    blocker.start()
    holding.wait(5)
    with first_run.first_run_alone("page-a"):
        inside.append("again")
    assert inside[-1] == "again"
    let_go.set()
    blocker.join(5)


def test_a_run_that_fails_still_counts_as_run_and_frees_the_lock():
    try:
        with first_run.first_run_alone("page-c"):
            raise RuntimeError("the page stopped")
    except RuntimeError:
        pass
    assert first_run.has_run("page-c")
    assert first_run._LOCK.acquire(blocking=False)
    first_run._LOCK.release()
