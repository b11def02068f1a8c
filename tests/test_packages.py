"""The subpackages of fruitmap: each names a small public API that resolves to real objects."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["fruitmap.workspace", "fruitmap.files", "fruitmap.balance", "fruitmap.maps",
            "fruitmap.report", "fruitmap.server", "fruitmap.planning"]


@pytest.mark.parametrize("name", PACKAGES)
def test_public_api_resolves_to_the_module_that_defines_it(name):
    package = importlib.import_module(name)
    assert package.__all__, name
    for attr in package.__all__:
        obj = getattr(package, attr)
        assert obj.__module__.startswith(name + "."), (attr, obj.__module__)


def test_unknown_name_is_an_attribute_error():
    package = importlib.import_module("fruitmap.balance")
    with pytest.raises(AttributeError, match="no_such_thing"):
        package.no_such_thing  # noqa: B018

