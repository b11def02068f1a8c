"""The supply–capacity balance ("the gap"): inputs, the linear program, results, and their views.

Modules
-------
inputs
    Zones, plants and stores read from the workspace layers.
geo
    Great-circle reach between points.
lp
    The network and its three-stage lexicographic linear program.
solve
    :func:`compute_balance`: the public entry point, parameters and results.
accuracy
    How exact a result is, in words.
tables, charts, gap_map, story
    Tables, plotly figures, the folium gap map and the plain-words sentence of a result.
summary, targets
    Headline figures of a workspace, and progress against its targets.
"""

from __future__ import annotations

from fruitmap.lazy_api import lazy_api

# Public API: name -> module of this package that defines it.
_API = {
    'compute_balance': 'solve',
    'BalanceParams': 'solve',
    'BalanceResult': 'solve',
    'totals': 'solve',
    'roll_up': 'solve',
    'gap_story': 'story',
    'headline': 'summary',
    'target_progress': 'targets',
}
__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, _API)
