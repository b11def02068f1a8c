"""Planning on top of the balance: saved scenarios ("what if") and siting ("where next").

Modules
-------
scenarios
    Named sets of changes over a workspace's data (facilities added, changed or removed, zone
    areas and yields, balance parameters), stored in the workspace table ``scenarios`` and
    applied in memory only.
compare
    The balance of the baseline against one or more scenarios: yearly totals by crop, glut
    calendars and their difference, surplus change by admin unit, plant utilisation, and a
    plain sentence of the result.
candidates
    Candidate sites: industrial areas, a file's points, existing plants, a grid.
siting_mip
    The siting mixed-integer program over the balance's network (HiGHS).
siting
    :func:`site`: the best sites for N new plants or cold stores, re-checked by the balance.
"""

from __future__ import annotations

from fruitmap.lazy_api import lazy_api

# Public API: name -> module of this package that defines it.
_API = {
    'Scenario': 'scenarios',
    'apply_scenario': 'scenarios',
    'save_scenario': 'scenarios',
    'load_scenario': 'scenarios',
    'list_scenarios': 'scenarios',
    'scenario_names': 'scenarios',
    'delete_scenario': 'scenarios',
    'rename_scenario': 'scenarios',
    'copy_scenario': 'scenarios',
    'balance_inputs': 'scenarios',
    'site': 'siting',
    'SitingParams': 'siting',
    'SitingResult': 'siting',
    'siting_changes': 'siting',
    'candidate_sites': 'candidates',
}
__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, _API)
