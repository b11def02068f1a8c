"""``python -m streamlit`` with every script run timed, for ``benchmarks/bench_pages.py``.

Run as ``FRUITMAP_RUN_LOG=FILE python benchmarks/timed_streamlit.py run app.py ...``. Each
request the server's script thread handles (a page opened, a widget changed; reruns that the
script asks for itself with ``st.rerun`` count in the same request) appends one JSON line to
FILE: ``end`` (epoch seconds), ``wall`` and ``cpu`` (seconds of the script thread) and
``page`` (the page's name or script hash when the request names one). The app itself is not
changed: the hook wraps Streamlit's ``ScriptRunner._run_script`` in this process only.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web.cli import main

LOG = Path(os.environ["FRUITMAP_RUN_LOG"])
_LOCK = threading.Lock()
_run_script = script_runner.ScriptRunner._run_script


def _timed_run_script(self, rerun_data):
    wall0, cpu0 = time.perf_counter(), time.thread_time()
    try:
        return _run_script(self, rerun_data)
    finally:
        line = {"end": time.time(), "wall": time.perf_counter() - wall0,
                "cpu": time.thread_time() - cpu0,
                "page": rerun_data.page_name or rerun_data.page_script_hash or ""}
        with _LOCK, LOG.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")


script_runner.ScriptRunner._run_script = _timed_run_script

if __name__ == "__main__":
    sys.argv[0] = "streamlit"
    main(prog_name="streamlit")
