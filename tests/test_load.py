"""The shared server under load, in the test suite: ``benchmarks/bench_load.py`` run small.

Twenty browser-less sessions (Streamlit's own websocket protocol) open the explorer and the gap
page once each while two area editors import their own districts and a viewer's import is
refused. The benchmark exits 1 on any session error, a lost or half-visible write, or a
refusal that did not happen; its figures are printed for the log. It runs on 127.0.0.1 only,
on a throw-away cluster of its own, bounded by ``--timeout``.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_twenty_sessions_and_two_imports_at_once_lose_nothing():
    run = subprocess.run(
        [sys.executable, "benchmarks/bench_load.py", "--sessions", "20", "--rounds", "1",
         "--timeout", "900"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    print(run.stdout[-4000:], run.stderr[-2000:])
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "page opens asked / served:     40 / 40" in run.stdout
    assert "OK: no session error; both imports landed" in run.stdout
