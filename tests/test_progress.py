"""Long work reports its steps through a plain callback (issue 9, point 5): fractions rise
from 0 to 1 and every step has a key with words in both languages."""

from __future__ import annotations

import pytest

from fruitmap.balance.solve import BalanceParams, compute_balance
from fruitmap.i18n import t
from fruitmap.progress import report_step, within
from tests.gap_fixtures import tiny_layers


def record():
    calls: list[tuple[float, str]] = []
    return calls, lambda fraction, key: calls.append((fraction, key))


def check_steps(calls, first: str, last: str) -> list[str]:
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions), fractions
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    keys = [k for _, k in calls]
    assert keys[0] == first and keys[-1] == last
    for key in keys:  # a key the app can show, in both languages
        assert t(key, "vi") != key and t(key, "en") != key and t(key, "vi") != t(key, "en")
    return keys


def test_report_step_clips_and_within_maps_a_share():
    calls, progress = record()
    report_step(progress, 1.7, "a")
    report_step(None, 0.5, "ignored")  # no callback: nothing happens
    inner = within(progress, 0.2, 0.6)
    inner(0.0, "b")
    inner(0.5, "c")
    inner(2.0, "d")
    assert calls == [(1.0, "a"), (0.2, "b"), (pytest.approx(0.4), "c"), (0.6, "d")]
    assert within(None, 0, 1) is None


def test_balance_reports_each_step_in_order():
    calls, progress = record()
    result = compute_balance(tiny_layers(), BalanceParams(), progress=progress)
    keys = check_steps(calls, "progress.balance.read", "progress.balance.done")
    # Read, reach, the three stages of the program, the tables: in that order.
    assert keys == ["progress.balance.read", "progress.balance.reach",
                    "progress.balance.solve", "progress.balance.store",
                    "progress.balance.haul", "progress.balance.tables",
                    "progress.balance.done"]
    # The same numbers as without a callback.
    plain = compute_balance(tiny_layers(), BalanceParams())
    assert result.units["surplus_t"].sum() == pytest.approx(plain.units["surplus_t"].sum())


def test_map_reports_each_layer():
    from fruitmap.maps.build import build_map

    calls, progress = record()
    build_map(tiny_layers(), "en", progress=progress)
    keys = check_steps(calls, "progress.map.base", "progress.map.done")
    assert keys.index("progress.map.zones") < keys.index("progress.map.plants")
    assert "progress.map.legend" in keys
