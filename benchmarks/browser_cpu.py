"""What the browser spends on a page: renderer CPU from Chromium's DevTools protocol.

On this shared machine wall times depend on the other jobs; the renderer's own task time
does much less. :class:`RendererCpu` reads ``Performance.getMetrics`` of a Playwright page
(the page's renderer main thread, which also runs its same-site frames such as the
streamlit-folium map frame) before and after a visit and returns the differences in seconds:

- ``task``: every task on the main thread (script, style, layout, paint set-up, parsing);
- ``script``: JavaScript run;
- ``layout`` and ``style``: layout and style recalculation;
- ``heap_mb``: JavaScript heap in use at the end (MB).

Used by ``bench_pages.py`` and ``bench_map.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

KEYS = {"task": "TaskDuration", "script": "ScriptDuration", "layout": "LayoutDuration",
        "style": "RecalcStyleDuration"}


class RendererCpu:
    """Renderer main-thread seconds of one Playwright ``page`` since :meth:`start`."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Performance.enable", {"timeDomain": "threadTicks"})
        self.before = self._metrics()

    def _metrics(self) -> dict[str, float]:
        out = self.session.send("Performance.getMetrics")["metrics"]
        return {m["name"]: float(m["value"]) for m in out}

    def start(self) -> None:
        """Count from now."""
        self.before = self._metrics()

    def read(self) -> dict[str, float]:
        """Seconds of each kind since :meth:`start` (or creation), and the JS heap in MB."""
        now = self._metrics()
        out = {k: now.get(v, 0.0) - self.before.get(v, 0.0) for k, v in KEYS.items()}
        out["heap_mb"] = now.get("JSHeapUsedSize", 0.0) / 1e6
        return out


def describe(cpu: dict[str, float]) -> str:
    """One line: ``renderer CPU 1.23 s (script 0.80, layout 0.10, style 0.05), heap 40 MB``."""
    return (f"renderer CPU {cpu['task']:.2f} s (script {cpu['script']:.2f}, layout "
            f"{cpu['layout']:.2f}, style {cpu['style']:.2f}), JS heap {cpu['heap_mb']:.0f} MB")


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by the live descendants of process ``root`` (Linux ``/proc``).

    The browser started by Playwright runs under this process (Python → driver → Chromium):
    every browser process and thread counts (renderer, raster and compositor threads, the
    browser and network processes), and so does an app server started from here (subtract
    its own share).
    """
    parent, cpu = {}, {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parent[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total = 0.0
    for pid, seconds in cpu.items():
        up = pid
        while up in parent and up != root and up > 1:
            up = parent[up]
        if up == root and pid != root:
            total += seconds
    return total
