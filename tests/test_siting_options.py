"""Typed size and cost lists of the siting page, and drawn points as candidates."""

from __future__ import annotations

import pytest

from fruitmap.errors import InputError
from fruitmap.planning import candidates as cand
from fruitmap.planning.siting_options import check_costs, parse_amounts


def test_sizes_separated_by_semicolons_with_either_decimal_mark():
    assert parse_amounts("20; 30;50", "sizes") == (20.0, 30.0, 50.0)
    assert parse_amounts("12,5; 7.5", "sizes") == (12.5, 7.5)
    assert parse_amounts("0; 10", "costs") == (0.0, 10.0)  # a free option is allowed


@pytest.mark.parametrize("text, bad", [("", ""), ("20; x", "x"), ("0", "0"), ("-5", "-5"),
                                       ("20, 30", "20, 30")])
def test_unreadable_sizes_are_refused_naming_the_part(text, bad):
    with pytest.raises(InputError) as err:
        parse_amounts(text, "sizes")
    assert err.value.code == "siting_bad_sizes"
    assert err.value.params["value"] == bad


def test_one_cost_per_size():
    check_costs((20.0, 30.0), (1.0, 2.0))
    with pytest.raises(InputError) as err:
        check_costs((20.0, 30.0), (1.0,))
    assert "2 sizes but 1 costs" in err.value.message("en")


def test_drawn_points_are_numbered_in_order():
    got = cand.from_points([(104.0, 21.0), (103.5, 21.5)], ["Điểm vẽ 1", "Điểm vẽ 2"])
    assert list(got["site_id"]) == ["D1", "D2"]
    assert list(got["source"]) == ["drawn"] * 2
    assert list(got.geometry.x) == [104.0, 103.5]
    assert list(got.geometry.y) == [21.0, 21.5]
    assert len(cand.from_points([], [])) == 0
